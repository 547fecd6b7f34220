"""kgtool export, describe and push: each consumer's own reader accepts what kgtool writes."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = ROOT / "data" / "claims.ttl"
ONTOLOGY = ROOT / "ontology" / "proxy.ttl"
NP = rdflib.Namespace("http://www.nanopub.org/nschema#")
PROXY = rdflib.Namespace("https://w3id.org/kgtool/proxy#")
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
SCHEMA = rdflib.Namespace("https://schema.org/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
RDF_FORMATS = {
    "turtle": "ttl",
    "ntriples": "nt",
    "nquads": "nq",
    "trig": "trig",
    "jsonld": "jsonld",
    "rdfxml": "rdf",
}
OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}


@pytest.fixture(scope="module")
def source() -> rdflib.Graph:
    return rdflib.Graph().parse(CLAIMS)


def no_documents(url, options=None):
    raise AssertionError(f"a JSON-LD reader tried to fetch {url}")


def read_back(data: bytes, fmt: str) -> list[rdflib.Graph]:
    """The export read by every reader that knows the format (union of graphs)."""
    graphs = []
    ds = rdflib.Dataset()
    ds.parse(data=data, format=RDFLIB_FORMATS[fmt])
    graphs.append(_union(ds))
    nquads = ox.serialize(list(ox.parse(data, OX_FORMATS[fmt])), format=ox.RdfFormat.N_QUADS)
    graphs.append(_union(rdflib.Dataset().parse(data=nquads, format="nquads")))
    if fmt == "jsonld":
        from pyld import jsonld

        options = {"documentLoader": no_documents}
        expanded = jsonld.expand(json.loads(data), options)
        nq = jsonld.to_rdf(expanded, {"format": "application/n-quads", **options})
        graphs.append(_union(rdflib.Dataset().parse(data=nq, format="nquads")))
    return graphs


def _union(ds: rdflib.Dataset) -> rdflib.Graph:
    graph = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_plain_export_reads_back_isomorphic(kgtool, tmp_path, source, fmt):
    out = tmp_path / f"claims.{RDF_FORMATS[fmt]}"
    result = kgtool("export", "-o", str(out))  # the format comes from the extension
    assert result.exit_code == 0, result.stderr
    readers = read_back(out.read_bytes(), fmt)
    assert len(readers) >= 2
    for graph in readers:
        assert isomorphic(graph, source)


def test_with_ontology(kgtool, source):
    result = kgtool("export", "--to", "ntriples", "--with-ontology")
    union = source + rdflib.Graph().parse(ONTOLOGY)
    assert isomorphic(rdflib.Graph().parse(data=result.stdout, format="nt"), union)


def test_jsonld_is_compact_and_offline(kgtool):
    document = json.loads(kgtool("export", "--to", "jsonld").stdout)
    context = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == context["@context"]  # inlined: readers fetch nothing
    claim = next(n for n in document["graph"] if "Claim" in n.get("type", []))
    assert "Statement" in claim["type"]
    assert {"subject", "predicate", "object", "attributedTo", "anchor"} <= set(claim)
    assert claim["id"].startswith("claim:")

    nodes = {n["id"]: n for n in document["graph"]}
    # the new relations and the relay of the sources' words have short names too
    assert nodes["claim:hashd-called-for-investigation"]["challenges"] == "claim:us-strike-in-syria"
    article = nodes["article:mee-iran-power-centres"]
    assert {"quotedFrom", "derivedFrom", "qualifiedAttribution"} <= set(article)
    assert "reportedIn" in claim


def test_sorted_ntriples_are_byte_stable(kgtool, source):
    first = kgtool("export", "--to", "ntriples", "--sorted").stdout
    second = kgtool("export", "--to", "ntriples", "--sorted").stdout
    assert first == second
    lines = first.splitlines()
    assert lines == sorted(lines) and len(lines) == len(source)


LITERALS = """@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/a> <http://example.org/p> "01"^^xsd:integer , "true "^^xsd:boolean ,
    "1.50"^^xsd:decimal , "5"^^xsd:nonNegativeInteger , "tab\\there"@en , "x\\u0001y" .
"""


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "trig", "nquads", "jsonld", "rdfxml"])
def test_literals_survive_exactly(kgtool, tmp_path, fmt):
    # rdflib's writers turn "01"^^xsd:integer into "1" and "true "^^xsd:boolean into "false",
    # and the Oxigraph store canonicalises numbers; the export must not.
    path = tmp_path / "literals.ttl"
    path.write_text(LITERALS, encoding="utf-8")
    expected = set(ox.parse(LITERALS.encode(), ox.RdfFormat.TURTLE))
    result = kgtool("export", "-d", str(path), "--to", fmt)
    if fmt == "rdfxml":  # XML 1.0 cannot carry U+0001: refused, never written wrong
        assert result.exit_code == 2 and "control character" in result.stderr
        return
    assert result.exit_code == 0, result.stderr
    back = {ox.Quad(q.subject, q.predicate, q.object) for q in ox.parse(result.stdout_bytes, OX_FORMATS[fmt])}
    assert back == expected


def test_named_graphs_are_never_flattened(kgtool, tmp_path):
    trig = tmp_path / "two.trig"
    trig.write_text(
        "<http://example.org/g1> { <http://example.org/a> <http://example.org/p> 1 }\n"
        "<http://example.org/g2> { <http://example.org/a> <http://example.org/p> 2 }\n",
        encoding="utf-8",
    )
    for fmt in ("turtle", "ntriples", "rdfxml"):
        result = kgtool("export", "-d", str(trig), "--to", fmt)
        assert result.exit_code == 2 and "named graphs" in result.stderr and not result.stdout
    kept = kgtool("export", "-d", str(trig), "--to", "nquads")
    graphs = {q.graph_name.value for q in ox.parse(kept.stdout_bytes, ox.RdfFormat.N_QUADS)}
    assert graphs == {"http://example.org/g1", "http://example.org/g2"}


def test_failed_export_leaves_the_previous_file(kgtool, tmp_path, monkeypatch):
    out = tmp_path / "claims.ttl"
    out.write_bytes(b"previous content\n")
    trig = tmp_path / "named.trig"
    trig.write_text(
        "<http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 }\n", encoding="utf-8"
    )
    assert kgtool("export", "-d", str(trig), "-o", str(out)).exit_code == 2
    from kgtool import output as output_module

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output_module.os, "replace", broken_replace)
    failed = kgtool("export", "-o", str(out))
    assert failed.exit_code == 2 and "No space left on device" in failed.stderr
    assert out.read_bytes() == b"previous content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.ttl", "named.trig"]


def test_an_export_failing_midway_leaves_the_previous_file(kgtool, tmp_path, monkeypatch):
    out = tmp_path / "claims.nt"
    out.write_bytes(b"previous content\n")
    from kgtool.publish import export as exporting

    def half_then_fail(quads, output, **options):  # the export is written as it is made
        output.write(b"<https://w3id.org/kgtool/id/claim/a> ")
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(exporting.ox, "serialize", half_then_fail)
    failed = kgtool("export", "-o", str(out))
    assert failed.exit_code == 2 and "Input/output error" in failed.stderr
    assert out.read_bytes() == b"previous content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.nt"]


def test_unwritable_directory_is_exit_2(kgtool, tmp_path):
    result = kgtool("export", "-o", str(tmp_path / "missing" / "claims.ttl"))
    assert result.exit_code == 2 and "cannot write" in result.stderr


# --- profiles ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def claims(source) -> list[rdflib.URIRef]:
    return sorted(source.subjects(rdflib.RDF.type, PROXY.Claim))


def test_nanopub_profile_one_per_claim_with_four_graphs(kgtool, tmp_path, source, claims):
    from nanopub import Nanopub

    out = tmp_path / "np.trig"
    assert kgtool("export", "--profile", "nanopub", "-o", str(out)).exit_code == 0
    ds = rdflib.Dataset(default_union=True)
    ds.parse(out, format="trig")
    pubs = sorted(ds.subjects(rdflib.RDF.type, NP.Nanopublication))
    assert len(pubs) == len(claims)
    for pub in pubs[:25]:
        parts = {p: ds.value(pub, p) for p in (NP.hasAssertion, NP.hasProvenance, NP.hasPublicationInfo)}
        one = rdflib.Dataset()
        for name in [*parts.values(), rdflib.URIRef(f"{pub}#head")]:
            graph = ds.graph(name)
            assert len(graph) > 0, name
            for triple in graph:
                one.graph(name).add(triple)
        parsed = Nanopub(rdf=one)  # the nanopub library's own reader, offline
        assert len(parsed.assertion) >= 1 and len(parsed.provenance) > 1 and len(parsed.pubinfo) > 1
    # an affirmed claim's assertion is its content; a negated one never asserts the content
    for claim in claims:
        pub = rdflib.URIRef(str(claim).replace("/claim/", "/np/"))
        assertion = ds.graph(ds.value(pub, NP.hasAssertion))
        content = tuple(
            source.value(claim, p) for p in (rdflib.RDF.subject, rdflib.RDF.predicate, rdflib.RDF.object)
        )
        negated = source.value(claim, PROXY.polarity) == PROXY.Negated
        assert (content in assertion) != negated


def test_claims_of_two_articles_with_one_key_get_two_nanopublications(kgtool, tmp_path):
    # an imported corpus names each claim by its article and its brat id: E1 in every article
    corpus, out = tmp_path / "corpus.ttl", tmp_path / "np.trig"
    brat = Path(__file__).parent / "fixtures" / "brat" / "corpus"
    assert kgtool("import", "brat", str(brat), "--annotators", "all", "-o", str(corpus)).exit_code == 0
    claims = set(rdflib.Graph().parse(corpus).subjects(rdflib.RDF.type, PROXY.Claim))
    assert len({str(c).rsplit("/", 1)[1] for c in claims}) < len(claims)  # keys repeat
    assert kgtool("export", "-d", str(corpus), "--profile", "nanopub", "-o", str(out)).exit_code == 0
    ds = rdflib.Dataset(default_union=True)
    ds.parse(out, format="trig")
    from kgtool.publish.export import nanopub_iri

    pubs = {str(p) for p in ds.subjects(rdflib.RDF.type, NP.Nanopublication)}
    assert len(pubs) == len(claims) and pubs == {nanopub_iri(str(c)) for c in claims}
    # and a claim outside kgtool's base gets one of its own too
    assert nanopub_iri("https://example.org/a/e1") != nanopub_iri("https://example.org/b/e1")


SIGNED = ("military-no-casualties", "pentagon-contractor-died", "abu-fadak-called-to-tehran")


@pytest.fixture(scope="module")
def signing_key(tmp_path_factory):
    """A throwaway RSA key pair, made for the test."""
    from Crypto.PublicKey import RSA

    key = RSA.generate(2048)
    folder = tmp_path_factory.mktemp("keys")
    (folder / "id_rsa.pem").write_bytes(key.export_key("PEM"))
    (folder / "id_rsa.pem").chmod(0o600)  # as a private key should be: a wider mode is warned of
    (folder / "id_rsa.pub.pem").write_bytes(key.publickey().export_key("PEM"))
    return folder / "id_rsa.pem", key


@pytest.fixture(scope="module")
def three_claims(source, tmp_path_factory) -> Path:
    """The graph with three of its claims (one negated) and none of the others: signing
    each nanopublication takes a while."""
    keep = {rdflib.URIRef(f"https://w3id.org/kgtool/id/claim/{c}") for c in SIGNED}
    others = set(source.subjects(rdflib.RDF.type, PROXY.Claim)) - keep
    small = rdflib.Graph()
    for triple in source:
        if triple[0] not in others:
            small.add(triple)
    path = tmp_path_factory.mktemp("data") / "three.nt"
    small.serialize(path, format="nt", encoding="utf-8")
    return path


def test_signed_nanopubs_have_trusty_uris_and_signatures_nanopub_verifies(
    kgtool, tmp_path, source, signing_key, three_claims
):
    import re

    from nanopub import Nanopub
    from nanopub.profile import format_key

    key_file, key = signing_key
    out = tmp_path / "signed.trig"
    result = kgtool(
        "export", "-d", str(three_claims), "--profile", "nanopub", "--sign-key", str(key_file), "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    ds = rdflib.Dataset(default_union=True)
    ds.parse(out, format="trig")
    pubs = sorted(ds.subjects(rdflib.RDF.type, NP.Nanopublication))
    assert [re.sub(r"/RA[A-Za-z0-9_-]{43}$", "", str(p)).rsplit("/", 1)[1] for p in pubs] == sorted(
        SIGNED
    )  # trusty URIs: the nanopublication's IRI ends in the hash of its content
    for pub in pubs:
        one = _one_nanopub(ds, pub)
        checked = Nanopub(rdf=one)  # the nanopub library's own reader and checks, offline
        assert checked.has_valid_trusty  # raises if the content does not hash to the IRI
        assert signature_holds(one, key)
        assert checked.source_uri == str(pub)
        assert str(checked.signed_with_public_key) == format_key(key.publickey().export_key().decode())
        claim = rdflib.URIRef(str(pub).split("/np/")[0] + "/claim/" + str(pub).split("/np/")[1].split("/")[0])
        content = tuple(
            source.value(claim, p) for p in (rdflib.RDF.subject, rdflib.RDF.predicate, rdflib.RDF.object)
        )
        negated = source.value(claim, PROXY.polarity) == PROXY.Negated
        assert (content in checked.assertion) != negated
    tampered = _one_nanopub(ds, pubs[0])
    victim = next(t for t in tampered.quads((None, OA.exact, None, None)))
    tampered.remove(victim)
    tampered.add((victim[0], victim[1], rdflib.Literal("something else"), victim[3]))
    from nanopub.utils import MalformedNanopubError

    assert not signature_holds(tampered, key)
    with pytest.raises(MalformedNanopubError):
        assert Nanopub(rdf=tampered).has_valid_trusty
    from Crypto.PublicKey import RSA

    assert not signature_holds(_one_nanopub(ds, pubs[0]), RSA.generate(2048))  # another key


def signature_holds(graph, key) -> bool:
    """The nanopublication's signature checked against ``key``'s public half, over the content
    but the signature itself as the nanopub library normalises it. (nanopub 2.0's own
    has_valid_signature hashes the signature too and ignores the verifier's answer: it is True
    for any signature, so the tests check it here.)"""
    from base64 import decodebytes

    from Crypto.Hash import SHA256
    from Crypto.Signature import PKCS1_v1_5
    from nanopub.trustyuri.rdf import RdfHasher, RdfUtils
    from nanopub.utils import extract_np_metadata

    graph.bind("npx", "http://purl.org/nanopub/x/")  # the metadata query uses the prefix
    metadata = extract_np_metadata(graph)
    signed = [q for q in RdfUtils.get_quads(graph) if str(q[2]) != "http://purl.org/nanopub/x/hasSignature"]
    normed = RdfHasher.normalize_quads(signed, baseuri=str(metadata.namespace), hashstr=" ")
    return PKCS1_v1_5.new(key.publickey()).verify(
        SHA256.new(normed.encode()), decodebytes(str(metadata.signature).encode())
    )


def _one_nanopub(ds: rdflib.Dataset, pub: rdflib.URIRef):
    import warnings

    with warnings.catch_warnings():  # nanopub 2 reads graph names as ConjunctiveGraph gives them
        warnings.simplefilter("ignore", DeprecationWarning)
        one = rdflib.ConjunctiveGraph()
    for s, p, o, g in ds.quads((None, None, None, None)):
        if str(g).startswith(f"{pub}#"):
            one.add((s, p, o, one.get_context(g)))
    return one


@pytest.mark.parametrize("case", ["profile", "missing", "public", "garbage", "no-nanopub"])
def test_a_key_that_cannot_sign_is_one_line_and_exit_2(
    kgtool, tmp_path, signing_key, three_claims, monkeypatch, case
):
    import sys

    key_file, _ = signing_key
    args = [
        "export",
        "-d",
        str(three_claims),
        "--profile",
        "nanopub",
        "--format",
        "trig",
        "--sign-key",
        str(key_file),
    ]
    expected = {
        "profile": "not signed",
        "missing": "cannot read the signing key",
        "public": "a public key cannot sign",
        "garbage": "not an RSA key",
        "no-nanopub": "install kgtool[nanopub]",
    }[case]
    if case == "profile":
        args[4] = "plain"
    elif case == "missing":
        args[-1] = str(tmp_path / "absent.pem")
    elif case == "public":
        args[-1] = str(key_file.with_name("id_rsa.pub.pem"))
    elif case == "garbage":
        (tmp_path / "garbage").write_bytes(b"not a key at all\n")
        args[-1] = str(tmp_path / "garbage")
    else:
        monkeypatch.setitem(sys.modules, "nanopub", None)  # as if it were not installed
    result = kgtool(*args)
    assert result.exit_code == 2 and not result.stdout
    assert expected in result.stderr and "(--sign-key)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_schema_profile(kgtool, source, claims):
    from pyld import jsonld

    document = json.loads(kgtool("export", "--profile", "schema", "--to", "jsonld").stdout)
    nq = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": no_documents})
    graph = rdflib.Graph().parse(data=nq, format="nquads")
    found = set(graph.subjects(rdflib.RDF.type, SCHEMA.Claim))
    assert found == set(claims)
    article = rdflib.URIRef("https://w3id.org/kgtool/id/article/mee-iran-power-centres")
    publisher = source.value(article, PROV.wasAttributedTo)
    first = set()
    for claim in found:
        assert graph.value(claim, SCHEMA.author) is not None
        assert graph.value(claim, SCHEMA.text) is not None
        assert graph.value(claim, SCHEMA.appearance) == article  # it occurs in the article
        if graph.value(claim, SCHEMA.firstAppearance) is not None:
            first.add(claim)
            assert graph.value(claim, SCHEMA.firstAppearance) == article
    # the article is the first appearance of the publisher's own claims only: the Pentagon's
    # statement of the next day, for one, first appeared elsewhere
    assert first == {c for c in claims if source.value(c, PROV.wasAttributedTo) == publisher}
    assert rdflib.URIRef("https://w3id.org/kgtool/id/claim/pentagon-contractor-died") not in first
    assert first


ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# the W3C Web Annotation context as published (w3c/web-annotation, admin/ns/anno.jsonld)
ANNO_CONTEXT_SHA256 = "48c6e5e80f86bb1bf812233d13e70fab8b19516ac4e57e1e4576473f0bbd062e"
XSD_NNI = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"


def shipped_anno_context(url, options=None):
    """A JSON-LD loader for the tests: the W3C context from the package, nothing else."""
    assert url == ANNO_CONTEXT, f"a JSON-LD reader tried to fetch {url}"
    from importlib.resources import files

    document = json.loads(files("kgtool").joinpath("contexts/anno.jsonld").read_text("utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def test_the_shipped_web_annotation_context_is_the_w3c_one():
    import hashlib
    from importlib.resources import files

    data = files("kgtool").joinpath("contexts/anno.jsonld").read_bytes()
    assert hashlib.sha256(data).hexdigest() == ANNO_CONTEXT_SHA256


def test_the_jsonld_loader_serves_the_shipped_context_and_refuses_any_other():
    from pyld.jsonld import JsonLdError

    from kgtool.jsonld_contexts import load_shipped

    assert load_shipped(ANNO_CONTEXT)["document"] == shipped_anno_context(ANNO_CONTEXT)["document"]
    for other in (
        "https://www.w3.org/ns/anno.jsonld",
        "http://example.org/context.jsonld",
        "file:///etc/passwd",
    ):
        with pytest.raises(JsonLdError):
            load_shipped(other)


def test_annotation_profile_one_per_anchor(kgtool, source, claims, article_path):
    from pyld import jsonld

    document = json.loads(kgtool("export", "--profile", "annotation", "--to", "jsonld").stdout)
    assert document["@context"] == ANNO_CONTEXT  # the context the model requires, by reference
    annotations = document["@graph"]
    expected = Counter(str(c) for c in claims for _ in source.objects(c, PROXY.anchor))
    assert Counter(a["body"] for a in annotations) == expected
    text = article_path.read_text(encoding="utf-8")
    for annotation in annotations:
        assert annotation["type"] == "Annotation"
        selectors = {s["type"]: s for s in annotation["target"]["selector"]}
        position, quote = selectors["TextPositionSelector"], selectors["TextQuoteSelector"]
        assert isinstance(position["start"], int) and isinstance(position["end"], int)
        assert text[position["start"] : position["end"]] == quote["exact"]
    jsonld.expand(document, {"documentLoader": shipped_anno_context})


def test_kgtool_reads_its_own_annotation_export_offline(kgtool, source, tmp_path):
    # the W3C context comes from the shipped copy; any other remote context is still refused
    exported = tmp_path / "annotations.jsonld"
    assert (
        kgtool("export", "--profile", "annotation", "--format", "jsonld", "-o", str(exported)).exit_code == 0
    )
    count = tmp_path / "count.rq"
    count.write_text("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <http://www.w3.org/ns/oa#Annotation> }")
    result = kgtool("query", str(count), "-d", str(exported), "--no-ontology", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert int(result.stdout.split()[1]) == len(list(source.objects(None, PROXY.anchor)))
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["@context"] = [ANNO_CONTEXT, "http://example.org/more.jsonld"]
    exported.write_text(json.dumps(document), encoding="utf-8")
    refused = kgtool("query", str(count), "-d", str(exported), "--no-ontology")
    assert refused.exit_code == 2
    assert "http://example.org/more.jsonld" in refused.stderr and "--allow-network" in refused.stderr


def test_annotations_expand_to_the_web_annotation_vocabulary(kgtool, source):
    """Expanded through the W3C context (shipped, never fetched), every annotation says in the
    model's own terms what it annotates, where and who made it."""
    from pyld import jsonld

    oa, dct = "http://www.w3.org/ns/oa#", "http://purl.org/dc/terms/"
    document = json.loads(kgtool("export", "--profile", "annotation", "--to", "jsonld").stdout)
    nodes = jsonld.expand(document, {"documentLoader": shipped_anno_context})
    assert len(nodes) == len(list(source.subject_objects(PROXY.anchor)))

    def one(node, term):
        values = node[term]
        assert len(values) == 1, term
        return values[0]

    for node in nodes:
        assert node["@type"] == [oa + "Annotation"]
        assert one(node, oa + "motivatedBy") == {"@id": oa + "describing"}
        claim = rdflib.URIRef(one(node, oa + "hasBody")["@id"])
        assert (claim, rdflib.RDF.type, PROXY.Claim) in source
        assert "@id" in one(node, dct + "creator")
        target = one(node, oa + "hasTarget")
        assert target["@type"] == [oa + "SpecificResource"]
        span = rdflib.URIRef(target["@id"])
        assert (claim, PROXY.anchor, span) in source
        assert one(target, oa + "hasSource")["@id"] == str(source.value(span, OA.hasSource))
        selectors = {one(s, "@type"): s for s in target[oa + "hasSelector"]}
        assert set(selectors) == {oa + "TextQuoteSelector", oa + "TextPositionSelector"}
        quote, position = selectors[oa + "TextQuoteSelector"], selectors[oa + "TextPositionSelector"]
        for term in ("exact", "prefix", "suffix"):
            stored = source.value(rdflib.URIRef(quote["@id"]), OA[term])
            assert one(quote, oa + term)["@value"] == str(stored)
        for term in ("start", "end"):
            value = one(position, oa + term)
            assert value["@type"] == XSD_NNI
            stored = source.value(rdflib.URIRef(position["@id"]), OA[term])
            assert int(value["@value"]) == int(stored)


W3C_ANNOTATION_TESTS = ROOT / "tests" / "fixtures" / "w3c-web-annotation-tests"


def w3c_annotation_musts() -> list:
    """The MUST assertions of the W3C Web Annotation test suite, as JSON Schema validators."""
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    def read(path: Path) -> dict:
        return json.loads(path.read_text(encoding="utf-8"))

    definitions = sorted((W3C_ANNOTATION_TESTS / "definitions").glob("*.json"))
    assert len(definitions) == 7
    registry = Registry().with_resources(  # the assertions name the definitions by file name
        (path.name, Resource.from_contents(read(path), default_specification=DRAFT4)) for path in definitions
    )
    listed = read(W3C_ANNOTATION_TESTS / "annotations" / "annotationMusts.test")["assertions"]
    assertions = [read(W3C_ANNOTATION_TESTS / name) for name in listed]
    assert len(assertions) == 54 and all(a["assertionType"] == "must" for a in assertions)
    assert all(a.get("expectedResult", "valid") == "valid" for a in assertions)
    return [Draft4Validator(a, registry=registry) for a in assertions]


def test_every_annotation_meets_the_musts_of_the_w3c_test_suite(kgtool):
    document = json.loads(kgtool("export", "--profile", "annotation", "--to", "jsonld").stdout)
    musts = w3c_annotation_musts()
    annotations = [{"@context": document["@context"], **a} for a in document["@graph"]]
    assert len(annotations) > 200
    for annotation in annotations:
        failed = [m.schema["id"] for m in musts if not m.is_valid(annotation)]
        assert not failed, (annotation["id"], failed)
    # the suite can fail: positions as strings, a context of its own, no target
    broken = json.loads(json.dumps(annotations[0]))
    next(s for s in broken["target"]["selector"] if s["type"] == "TextPositionSelector")["start"] = "12"
    wrong_context = {**annotations[0], "@context": {"oa": "http://www.w3.org/ns/oa#"}}
    no_target = {k: v for k, v in annotations[0].items() if k != "target"}
    for bad in (broken, wrong_context, no_target):
        assert any(not m.is_valid(bad) for m in musts)


def test_rdf12_profile_reads_back_as_triple_terms(kgtool, source, claims):
    data = kgtool("export", "--profile", "rdf12", "--to", "turtle").stdout_bytes
    quads = list(ox.parse(data, ox.RdfFormat.TURTLE))
    reifies = {q.subject.value: q.object for q in quads if q.predicate.value.endswith("#reifies")}
    assert set(reifies) == {str(c) for c in claims}
    for claim in claims[:50]:
        term = reifies[str(claim)]
        assert isinstance(term, ox.Triple)
        assert term.predicate.value == str(source.value(claim, rdflib.RDF.predicate))
    assert not any(q.predicate.value.endswith("#subject") for q in quads)


def test_every_profile_of_the_registry_is_a_choice_of_export_help(kgtool):
    from kgtool.publish.export import PROFILES

    help_text = kgtool("export", "--help").stdout
    choices = help_text.split("--profile [", 1)[1].split("]", 1)[0]
    assert choices.split("|") == [p.name for p in PROFILES]
    for profile in PROFILES:  # the help's list of profiles says what the registry says
        assert f"{profile.name:<11} {profile.summary}" in help_text


def _profile_format_pairs() -> list[tuple[str, str]]:
    from kgtool.publish.export import PROFILES

    pairs = [(p.name, f) for p in PROFILES for f in RDF_FORMATS]
    assert len(pairs) == 30
    return pairs


@pytest.mark.parametrize(("profile", "fmt"), _profile_format_pairs())
def test_every_profile_writes_what_readers_read_or_refuses_the_format(kgtool, claims, profile, fmt):
    from kgtool import formats
    from kgtool.publish.export import profile_by_name

    result = kgtool("export", "-q", "--profile", profile, "--format", fmt)
    if not profile_by_name(profile).fits(formats.by_name(fmt)):
        assert result.exit_code == 2 and not result.stdout
        assert "(--format)" in result.stderr  # the option to change
        return
    assert result.exit_code == 0, result.stderr
    data = result.stdout_bytes
    if profile == "annotation":  # these readers fetch contexts: give them the W3C one inline
        document = json.loads(data)
        document["@context"] = shipped_anno_context(document["@context"])["document"]["@context"]
        data = json.dumps(document).encode()
    graphs = [
        {
            t.value
            for q in ox.parse(data, OX_FORMATS[fmt])
            for t in (q.subject, q.object)
            if isinstance(t, ox.NamedNode)
        }
    ]
    if profile != "rdf12":  # rdflib reads no RDF 1.2 triple terms
        ds = rdflib.Dataset().parse(data=data, format=RDFLIB_FORMATS[fmt])
        graphs.append({str(t) for q in ds.quads((None, None, None, None)) for t in (q[0], q[2])})
    for mentioned in graphs:  # every claim is there, whatever the shape
        assert {str(c) for c in claims} <= mentioned


# --- describe ---------------------------------------------------------------------------------


def test_void_counts_equal_independent_counts(kgtool, source):
    union = source + rdflib.Graph().parse(ONTOLOGY)
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    void = rdflib.Graph().parse(data=kgtool("describe", "--void").stdout, format="turtle")
    dataset = rdflib.URIRef("https://w3id.org/kgtool/id/dataset")

    def count(query: str) -> int:
        return int(next(iter(union.query(query)))[0])

    assert int(void.value(dataset, VOID.triples)) == len(union)
    claims_partition = next(
        p for p in void.objects(dataset, VOID.classPartition) if void.value(p, VOID["class"]) == PROXY.Claim
    )
    assert int(void.value(claims_partition, VOID.entities)) == count(
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/kgtool/proxy#Claim> }"
    )
    attribution = void.value(dataset, VOID.propertyPartition)
    assert int(void.value(attribution, VOID.distinctObjects)) == len(
        set(union.objects(None, rdflib.URIRef("http://www.w3.org/ns/prov#wasAttributedTo")))
    )
    entities = void.value(dataset, VOID.subset)
    assert int(void.value(entities, VOID.entities)) == len(
        {s for s in union.subjects() if str(s).startswith("https://w3id.org/kgtool/id/entity/")}
    )
    assert (dataset, VOID.vocabulary, rdflib.URIRef("http://www.w3.org/ns/oa#")) in void


def test_void_counts_a_triple_held_in_two_graphs_once(kgtool, tmp_path):
    once = kgtool("export", "--format", "nq").stdout
    copy = "".join(
        line.removesuffix(" .") + " <https://example.org/copy> .\n"
        for line in once.splitlines()
        if line.endswith(" .")
    )
    (tmp_path / "once.nq").write_text(once, encoding="utf-8")
    (tmp_path / "twice.nq").write_text(once + copy, encoding="utf-8")
    dataset = rdflib.URIRef("https://w3id.org/kgtool/id/dataset")
    triples = []
    for name in ("once.nq", "twice.nq"):
        void = rdflib.Graph().parse(
            data=kgtool("describe", "--void", "-d", str(tmp_path / name)).stdout, format="turtle"
        )
        triples.append(int(void.value(dataset, VOID.triples)))
    assert triples[0] == triples[1] > 1000


def test_dcat_has_a_distribution_per_format(kgtool):
    from kgtool.formats import FORMATS, Kind

    DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    dcat = rdflib.Graph().parse(data=kgtool("describe", "--dcat").stdout, format="turtle")
    media = {
        str(dcat.value(d, DCAT.mediaType)).split("media-types/")[1]
        for d in dcat.subjects(rdflib.RDF.type, DCAT.Distribution)
    }
    assert media == {f.media_type for f in FORMATS if f.kind is not Kind.RESULTS}
    assert len(list(dcat.subjects(rdflib.RDF.type, DCAT.Dataset))) == 1


VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
DATASET = rdflib.URIRef("https://w3id.org/kgtool/id/dataset")


def test_describe_names_the_endpoint_and_dumps_it_is_given(kgtool):
    endpoint = "https://example.org/kg/sparql"
    dumps = ["https://example.org/kg/claims.nt", "https://example.org/kg/claims.ttl"]
    result = kgtool("describe", "--endpoint-url", endpoint, "--dump-url", dumps[0], "--dump-url", dumps[1])
    assert result.exit_code == 0, result.stderr
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert graph.value(DATASET, VOID.sparqlEndpoint) == rdflib.URIRef(endpoint)
    assert set(graph.objects(DATASET, VOID.dataDump)) == {rdflib.URIRef(d) for d in dumps}
    downloads = {
        str(graph.value(d, DCAT.mediaType)).rsplit("/", 2)[-2:][1]: graph.value(d, DCAT.downloadURL)
        for d in graph.objects(DATASET, DCAT.distribution)
    }
    assert downloads["n-triples"] == rdflib.URIRef(dumps[0])
    assert downloads["turtle"] == rdflib.URIRef(dumps[1])
    assert all(
        graph.value(d, DCAT.accessURL) == graph.value(d, DCAT.downloadURL)
        for d in graph.objects(DATASET, DCAT.distribution)
    )
    service = graph.value(None, DCAT.servesDataset, DATASET)
    assert (service, rdflib.RDF.type, DCAT.DataService) in graph
    assert graph.value(service, DCAT.endpointURL) == rdflib.URIRef(endpoint)
    publisher = graph.value(DATASET, DCT.publisher)
    assert publisher is not None and graph.value(service, DCT.publisher) == publisher
    assert graph.value(publisher, rdflib.FOAF.name) is not None


def test_describe_invents_no_endpoint_or_dump(kgtool):
    graph = rdflib.Graph().parse(data=kgtool("describe").stdout, format="turtle")
    for absent in (VOID.sparqlEndpoint, VOID.dataDump, DCAT.downloadURL, DCAT.accessURL, DCAT.endpointURL):
        assert (None, absent, None) not in graph
    assert graph.value(DATASET, DCT.publisher) is not None


@pytest.fixture(scope="module")
def other_data(tmp_path_factory):
    """The shipped claims as another file: to kgtool, someone else's data."""
    copy = tmp_path_factory.mktemp("other") / "claims.ttl"
    copy.write_bytes((ROOT / "data" / "claims.ttl").read_bytes())
    return str(copy)


def _licence_and_publisher(graph: rdflib.Graph) -> tuple[set, set]:
    return set(graph.objects(None, DCT.license)), set(graph.objects(None, DCT.publisher))


def test_describe_says_the_shipped_licence_and_publisher_of_the_shipped_data_only(kgtool, other_data):
    shipped = [
        kgtool("describe"),
        kgtool("describe", "-d", str(ROOT / "data" / "claims.ttl"), "-d", str(ONTOLOGY)),
    ]
    for result in shipped:
        graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
        assert _licence_and_publisher(graph) == (
            {rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")},
            {rdflib.URIRef("https://w3id.org/kgtool/id/agent/kgtool-developers")},
        )
    other = kgtool("describe", "-d", other_data, "--endpoint-url", "https://example.org/sparql")
    assert other.exit_code == 0, other.stderr
    graph = rdflib.Graph().parse(data=other.stdout, format="turtle")
    assert _licence_and_publisher(graph) == (set(), set())
    assert (None, rdflib.FOAF.name, None) not in graph
    assert "news article" not in other.stdout  # the shipped graph's description is not its


def test_describe_says_the_licence_and_publisher_given(kgtool, other_data):
    licence, publisher = "https://example.org/licence", "https://example.org/team"
    result = kgtool(
        "describe",
        "-d",
        other_data,
        "--license",
        licence,
        "--publisher",
        publisher,
        "--publisher-name",
        "Example team",
        "--endpoint-url",
        "https://example.org/sparql",
    )
    assert result.exit_code == 0, result.stderr
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    service = graph.value(None, DCAT.servesDataset, DATASET)
    assert graph.value(DATASET, DCT.license) == graph.value(service, DCT.license) == rdflib.URIRef(licence)
    assert (
        graph.value(DATASET, DCT.publisher) == graph.value(service, DCT.publisher) == rdflib.URIRef(publisher)
    )
    assert str(graph.value(rdflib.URIRef(publisher), rdflib.FOAF.name)) == "Example team"
    assert all(
        graph.value(d, DCT.license) == rdflib.URIRef(licence)
        for d in graph.objects(DATASET, DCAT.distribution)
    )


@pytest.mark.parametrize(
    "args, words",
    [
        (["--publisher-name", "Someone"], "--publisher"),
        (["--license", "cc-by"], "--license"),
    ],
)
def test_describe_refuses_a_dataset_option_it_cannot_use(kgtool, other_data, args, words):
    result = kgtool("describe", "-d", other_data, *args)
    assert result.exit_code == 2 and not result.stdout
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_exports_of_other_data_borrow_no_licence_or_creator(kgtool, other_data):
    nanopubs = {}
    for name, data in (("shipped", []), ("other", ["-d", other_data])):
        result = kgtool("export", *data, "--profile", "nanopub", "--format", "nq")
        assert result.exit_code == 0, result.stderr
        nanopubs[name] = rdflib.Dataset().parse(data=result.stdout, format="nquads")
    assert len(set(nanopubs["shipped"].quads((None, DCT.license, None, None)))) > 200
    assert not set(nanopubs["other"].quads((None, DCT.license, None, None)))
    given = kgtool(
        "export",
        "-d",
        other_data,
        "--profile",
        "nanopub",
        "--format",
        "nq",
        "--license",
        "https://example.org/licence",
    )
    licences = {
        q[2]
        for q in rdflib.Dataset()
        .parse(data=given.stdout, format="nquads")
        .quads((None, DCT.license, None, None))
    }
    assert licences == {rdflib.URIRef("https://example.org/licence")}
    annotations = kgtool("export", "-d", other_data, "--profile", "annotation", "--format", "jsonld")
    assert annotations.exit_code == 0, annotations.stderr
    assert '"creator"' not in annotations.stdout and "kgtool-developers" not in annotations.stdout
    assert '"creator"' in kgtool("export", "--profile", "annotation", "--format", "jsonld").stdout


@pytest.mark.parametrize(
    "option, url, words",
    [
        ("--dump-url", "https://example.org/claims.zip", "extension"),
        ("--dump-url", "claims.ttl", "absolute"),
        ("--endpoint-url", "ftp:/sparql", "absolute"),
    ],
)
def test_describe_refuses_a_url_it_cannot_use(kgtool, option, url, words):
    result = kgtool("describe", option, url)
    assert result.exit_code == 2 and not result.stdout
    assert words in result.stderr and option in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# --- push -------------------------------------------------------------------------------------


@pytest.mark.parametrize("protocol, path", [("gsp", "/store"), ("update", "/update")])
def test_push_then_remote_audit_equals_embedded(kgtool, start_oxigraph, protocol, path):
    server = start_oxigraph([])
    result = kgtool("push", "-e", server.base + path, "--protocol", protocol)
    assert result.exit_code == 0, result.stderr
    remote = kgtool("audit", "-e", server.url, "--format", "json")
    assert remote.exit_code == 0, remote.stderr
    assert json.loads(remote.stdout) == json.loads(kgtool("audit", "--format", "json").stdout)
    # pushing again replaces the graph rather than adding to it
    assert kgtool("push", "-e", server.base + path, "--protocol", protocol).exit_code == 0
    assert (
        json.loads(kgtool("audit", "-e", server.url, "--format", "json").stdout)["summary"]["claims"]
        == json.loads(remote.stdout)["summary"]["claims"]
    )


@pytest.mark.parametrize("protocol, path", [("gsp", "/store"), ("update", "/update")])
def test_push_into_a_named_graph(kgtool, start_oxigraph, protocol, path):
    from kgtool.engines.endpoint import EndpointEngine

    server = start_oxigraph([])
    graph = "https://example.org/graph/claims"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    for _ in range(2):  # the second push replaces the graph
        result = kgtool("push", "-e", server.base + path, "--protocol", protocol, "--graph", graph)
        assert result.exit_code == 0, result.stderr
        sent = int(result.stderr.split()[1])
        assert int(EndpointEngine(server.url).query(count).rows[0][0]) == sent > 1000


def test_push_credentials_come_from_the_environment(kgtool, monkeypatch, http_server):
    store = http_server(status=204, basic_realm="store")
    monkeypatch.setitem(os.environ, "KGTOOL_ENDPOINT_USER", "analyst")
    monkeypatch.setitem(os.environ, "KGTOOL_ENDPOINT_PASSWORD", "s3cret")
    assert kgtool("push", "-e", store.url + "/store").exit_code == 0
    # an empty first request learns the scheme; the graph itself goes once, with credentials
    assert [
        (r["method"], r["headers"].get("Authorization"), len(r["body"]) > 1000) for r in store.requests
    ] == [
        ("POST", None, False),
        ("POST", "Basic YW5hbHlzdDpzM2NyZXQ=", False),
        ("PUT", "Basic YW5hbHlzdDpzM2NyZXQ=", True),
    ]
    assert store.requests[-1]["path"] == "/store?default"


def test_push_gives_every_body_its_length(kgtool, http_server):
    # Virtuoso at times answers a chunked body with "501 Method Not Implemented"; requests sends
    # an empty file chunked, so the empty first request must go as bytes
    store = http_server(status=204)
    assert kgtool("push", "-e", store.url + "/store").exit_code == 0
    assert [
        (r["method"], r["headers"].get("Transfer-Encoding"), r["headers"].get("Content-Length"))
        for r in store.requests
    ][:1] == [("POST", None, "0")]
    assert all("Content-Length" in r["headers"] for r in store.requests)


def test_push_without_credentials_to_a_store_that_asks_for_them(kgtool, http_server):
    result = kgtool("push", "-e", http_server(basic_realm="store").url + "/store")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "set KGTOOL_ENDPOINT_USER and KGTOOL_ENDPOINT_PASSWORD" in result.stderr


def test_large_graphs_go_in_batches_that_keep_blank_nodes_together(start_oxigraph, tmp_path):
    from kgtool.engines.endpoint import EndpointEngine
    from kgtool.inputs import loading
    from kgtool.publish import push

    server = start_oxigraph([])
    data = tmp_path / "anchors.ttl"  # blank nodes two deep, as an anchor and its selectors
    data.write_text(
        "@prefix ex: <http://example.org/> .\n"
        + "".join(
            f'ex:c{i} ex:anchor [ ex:selector [ ex:exact "q{i % 7}" ] , [ ex:start {i % 5} ] ] .\n'
            for i in range(300)
        )
    )
    quads = loading.Inputs((str(data),), ontology=None).quads()
    seen: list[tuple] = []
    sent = push.push(quads, server.base + "/store", batch_triples=50, progress=lambda *a: seen.append(a))
    assert sent == len(quads) == 1500 and len(seen) > 20 and seen[-1] == ("push", sent, sent)
    remote = rdflib.Graph()
    for triple in EndpointEngine(server.url).query("CONSTRUCT WHERE { ?s ?p ?o }").triples:
        remote.add(triple)
    assert isomorphic(remote, rdflib.Graph().parse(data))


def test_push_to_a_store_that_is_down(kgtool):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = kgtool("push", "-e", f"http://127.0.0.1:{port}/store", "--timeout", "2")
    assert result.exit_code == 2 and "cannot reach" in result.stderr


@pytest.fixture(scope="module")
def content_only(article_path, tmp_path_factory) -> Path:
    """The compiled content-only annotations: claims whose content is their anchored text."""
    from kgtool.authoring import annotations as authoring
    from kgtool.inputs.loading import Inputs
    from kgtool.snapshot import read_snapshot

    notes = authoring.read_annotations(ROOT / "tests" / "fixtures" / "annotations" / "content-only.toml")
    graph = authoring.compile_annotations(notes, read_snapshot(article_path), Inputs().ontology_graph())
    path = tmp_path_factory.mktemp("content-only") / "claims.ttl"
    path.write_bytes(authoring.to_turtle(graph))
    return path


@pytest.mark.parametrize(
    "profile, fmt",
    [("plain", "nt"), ("nanopub", "trig"), ("schema", "jsonld"), ("annotation", "jsonld"), ("rdf12", "ttl")],
)
def test_every_profile_carries_content_only_claims(kgtool, content_only, profile, fmt):
    result = kgtool("export", "-d", str(content_only), "--profile", profile, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "a US contractor had died during the raid from a heart attack" in result.stdout


def test_nanopub_asserts_a_content_only_claims_anchored_text(kgtool, content_only):
    result = kgtool("export", "-d", str(content_only), "--profile", "nanopub", "--format", "trig")
    ds = rdflib.Dataset()
    ds.parse(data=result.stdout, format="trig")
    claim = rdflib.URIRef("https://w3id.org/kgtool/id/claim/contractor")
    assertion = ds.graph(rdflib.URIRef("https://w3id.org/kgtool/id/np/contractor#assertion"))
    assert (claim, rdflib.RDF.type, PROXY.UnstructuredClaim) in assertion
    assert rdflib.Literal("a US contractor had died during the raid from a heart attack") in set(
        assertion.objects(None, OA.exact)
    )


def test_every_export_carries_the_articles_address(kgtool, tmp_path, article_path):
    """Issue 25, item 7: the article's URL and archived copy travel with its claims."""
    from kgtool.authoring.annotations import compile_annotations, read_annotations
    from kgtool.snapshot import read_snapshot

    notes = read_annotations(Path(__file__).parent / "fixtures" / "annotations" / "minimal.toml")
    notes["article"]["url"] = "https://example.org/news/a"
    notes["article"]["archived"] = "https://archive.example.org/news/a"
    data = tmp_path / "article.ttl"
    compile_annotations(notes, read_snapshot(article_path)).serialize(data, format="turtle")
    for profile, fmt in (("plain", "nquads"), ("nanopub", "nquads"), ("schema", "jsonld")):
        out = kgtool("export", "-d", str(data), "--profile", profile, "--format", fmt).stdout
        assert "https://example.org/news/a" in out and "https://archive.example.org/news/a" in out, profile


def test_an_anchor_starting_at_a_decimal_does_not_stop_the_schema_export(kgtool, tmp_path):
    # (issue 24, item 16: int("10127.5") ended the export, and the served claim page, in a crash)
    plain = kgtool("export", "--to", "nt").stdout
    odd = re.sub(
        r'(<http://www.w3.org/ns/oa#start> "\d+)"\^\^<[^>]+>',
        r'\1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>',
        plain,
    )
    assert odd != plain
    data = tmp_path / "decimal.nt"
    data.write_text(odd)
    result = kgtool("export", "-d", str(data), "--profile", "schema", "--to", "jsonld")
    assert result.exit_code == 0 and '"Claim"' in result.stdout


def _short_key(bits: int):
    """An RSA key of ``bits`` bits: pycryptodome makes none under 1024, so 512 is built from
    two primes."""
    from Crypto.PublicKey import RSA
    from Crypto.Util.number import getPrime, inverse

    if bits >= 1024:
        return RSA.generate(bits)
    while True:  # two 256-bit primes make a 511-bit modulus about one time in four
        p, q = getPrime(bits // 2), getPrime(bits // 2)
        if (p * q).bit_length() == bits:
            return RSA.construct((p * q, 65537, inverse(65537, (p - 1) * (q - 1)), p, q))


@pytest.mark.parametrize("bits", [512, 1024])
def test_a_key_under_2048_bits_is_refused(kgtool, tmp_path, three_claims, bits):
    # (issue 24, item 18: a 512-bit key signed without a word)
    key = _short_key(bits)  # two primes of 256 bits may make 511
    key_file = tmp_path / "short.pem"
    key_file.write_bytes(key.export_key("PEM"))
    key_file.chmod(0o600)
    args = ["export", "-d", str(three_claims), "--profile", "nanopub", "--format", "trig"]
    result = kgtool(*args, "--sign-key", str(key_file))
    assert result.exit_code == 2 and not result.stdout
    assert f"a {key.size_in_bits()}-bit RSA key is too short to sign with" in result.stderr
    assert "2048 bits or more" in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
def test_a_key_file_others_can_read_is_warned_of(kgtool, tmp_path, signing_key, three_claims):
    key_file = tmp_path / "id_rsa.pem"
    key_file.write_bytes(signing_key[0].read_bytes())
    args = ["export", "-d", str(three_claims), "--profile", "nanopub", "--format", "trig", "--sign-key"]
    for mode, warned in ((0o644, True), (0o640, True), (0o600, False)):
        key_file.chmod(mode)
        result = kgtool(*args, str(key_file))
        assert result.exit_code == 0 and result.stdout
        assert ("other users can read this private key" in result.stderr) == warned, (
            oct(mode),
            result.stderr,
        )
