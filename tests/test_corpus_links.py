"""Many articles (issue 26): kgtool link proposes links between the claims of a corpus, and the
corpus audit answers the hand-built corpora of tests/fixtures/corpus/ as their expected files
say (written before the code)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from kgtool.namespaces import PROV, PROXY, RDF, SCHEMA

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
CORPORA = sorted(p.stem for p in FIXTURES.glob("*.ttl"))


def test_every_corpus_is_collected_with_its_answers():
    assert CORPORA == ["citation-cycle", "denial", "laundering", "two-named-sources", "wire-reprint"]
    assert all((FIXTURES / f"{name}.expected.json").is_file() for name in CORPORA)


def link(kgtool, tmp_path: Path, name: str, *options: str) -> Path:
    out = tmp_path / f"{name}.links.ttl"
    result = kgtool("link", "-d", str(FIXTURES / f"{name}.ttl"), "-o", str(out), *options)
    assert result.exit_code == 0, result.output
    assert "links found" in result.stderr and result.stdout == ""
    return out


def links_of(path: Path) -> set[tuple[str, str, str, str]]:
    """(link class, subject, predicate, object) of every link, local names only."""
    graph = Graph().parse(path)
    found = set()
    for node in graph.subjects(PROXY.reviewStatus, None):
        assert graph.value(node, PROXY.reviewStatus) == PROXY.Proposed
        assert graph.value(graph.value(node, PROV.wasGeneratedBy), PROXY.method)
        assert 0 <= float(graph.value(node, PROXY.score)) <= 1
        found.add(
            tuple(
                str(graph.value(node, p)).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
                for p in (RDF.type, PROXY.linkFrom, PROXY.linkRelation, PROXY.linkTo)
            )
        )
    return found


def variant(
    tmp_path: Path, fixture: str, replacements: dict[str, str] | None = None, extra: str = ""
) -> Path:
    """The fixture corpus with each replacement made and ``extra`` (Turtle) appended, as a file of
    its own under ``tmp_path``. Each replacement must find its text: a fixture edited since would
    otherwise leave the test checking the unchanged corpus."""
    text = (FIXTURES / f"{fixture}.ttl").read_text(encoding="utf-8")
    for old, new in (replacements or {}).items():
        assert old in text, f"{fixture}.ttl lacks {old!r}"
        text = text.replace(old, new)
    text += extra
    path = tmp_path / f"{fixture}-{hashlib.sha256(text.encode()).hexdigest()[:12]}.ttl"
    path.write_text(text, encoding="utf-8")
    return path


#: The Ledger's own words in laundering.ttl (the Planet's are the same: this is the second).
LEDGER_WORDS = (
    'proxy:cue "as first reported by" ;\n    proxy:anchor [ oa:hasSelector [ a oa:TextQuoteSelector ; '
    'oa:exact "the transport minister will resign before the end of the month over the ferry contracts"'
)
#: ... replaced by words of a story of its own.
HARBOUR_WORDS = LEDGER_WORDS.split("oa:exact")[0] + 'oa:exact "the harbour will close for repairs in May"'


def test_link_finds_the_same_claim_and_the_contradiction_across_outlets(kgtool, tmp_path):
    assert links_of(link(kgtool, tmp_path, "denial")) == {
        ("SameClaimLink", "claim-chronicle", "sameClaimAs", "claim-observer"),
        ("StanceLink", "claim-chronicle-denial", "contradicts", "claim-observer"),
    }


def test_link_follows_an_attribution_to_an_outlet_of_the_corpus(kgtool, tmp_path):
    assert links_of(link(kgtool, tmp_path, "laundering")) == {
        ("SameClaimLink", "claim-ledger", "sameClaimAs", "claim-planet"),
        ("DerivationLink", "claim-ledger", "wasDerivedFrom", "claim-planet"),
    }


def test_link_follows_a_wire_credit_only_to_what_the_wire_carried(kgtool, tmp_path):
    found = links_of(link(kgtool, tmp_path, "wire-reprint", "--no-stance"))
    derived = {(s, o) for kind, s, _, o in found if kind == "DerivationLink"}
    # the Herald's harbour story is its own: AP's article, in the corpus, does not carry it
    assert derived == {
        ("claim-herald", "claim-ap"),
        ("claim-courier", "claim-ap"),
        ("claim-gazette", "claim-ap"),
    }
    same = {(s, o) for kind, s, _, o in found if kind == "SameClaimLink"}
    assert same == {
        ("claim-herald", "claim-ap"),
        ("claim-courier", "claim-ap"),
        ("claim-gazette", "claim-ap"),
    }


def test_a_wire_agency_outside_the_corpus_is_an_outside_root(kgtool, tmp_path):
    cited = 'f:planet-cited a proxy:NamedSource ; rdfs:label "the Daily Planet"'
    data = variant(tmp_path, "laundering", {cited: cited.replace("the Daily Planet", "Reuters")})
    out = tmp_path / "links.ttl"
    assert kgtool("link", "-d", str(data), "-o", str(out)).exit_code == 0
    graph = Graph().parse(out)
    reuters = URIRef("https://w3id.org/kgtool/id/entity/outlet-reuters")
    assert (None, PROXY.linkTo, reuters) in graph
    assert graph.value(reuters, PROXY.sourceKind) == PROXY.PublisherKind


def test_link_refuses_bad_input_in_one_line(kgtool, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    out = tmp_path / "links.ttl"
    result = kgtool("link", "-d", str(bad), "-o", str(out))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "line 1" in lines[0], result.stderr
    assert not out.exists()


def test_link_needs_data(kgtool):
    result = kgtool("link")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "kgtool: error: give the claims graphs of the corpus; name each with --data (--data)"
    ]


# --- the corpus audit ----------------------------------------------------------------------


def corpus_audit(kgtool, tmp_path: Path, name: str, links: Path, *options: str):
    return kgtool(
        "audit",
        "--corpus",
        "-d",
        str(FIXTURES / f"{name}.ttl"),
        "-d",
        str(links),
        "--format",
        "json",
        *options,
    )


@pytest.mark.parametrize("name", CORPORA)
def test_the_corpus_audit_gives_every_known_answer(kgtool, tmp_path, name):
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    result = corpus_audit(kgtool, tmp_path, name, link(kgtool, tmp_path, name), "--include-proposed")
    failing = any(f in c["flags"] for c in expected["clusters"] for f in ("circular_reporting", "laundering"))
    assert result.exit_code == (1 if failing else 0), result.stderr
    report = json.loads(result.stdout)
    found = [
        {
            "claims": c["claims"],
            "first_appearance": c["first_appearance"]["article"],
            "roots": c["roots"],
            "independent_roots": c["independent_roots"],
            "flags": c["flags"],
        }
        for c in report["clusters"]
    ]
    assert sorted(found, key=str) == sorted(expected["clusters"], key=str)
    # every claim of a cluster names its article, and every article its publisher and date
    articles = {a["iri"]: a for a in report["articles"]}
    claims = {c["iri"]: c for c in report["claims"]}
    for cluster in report["clusters"]:
        assert not cluster["reviewed"] and cluster["proposed_links"] > 0
        for claim in cluster["claims"]:
            assert articles[claims[claim]["article"]]["publisher"]
            assert articles[claims[claim]["article"]]["date"]


def test_proposed_links_count_only_when_asked(kgtool, tmp_path):
    links = link(kgtool, tmp_path, "laundering")
    result = corpus_audit(kgtool, tmp_path, "laundering", links)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["clusters"] == []
    assert report["summary"]["links"] == {"by hand": 0, "accepted": 0, "proposed": 2, "rejected": 0}
    assert report["summary"]["proposed_links_counted"] is False
    text = kgtool("audit", "--corpus", "-d", str(FIXTURES / "laundering.ttl"), "-d", str(links)).stdout
    assert "2 proposed links not counted" in text


def test_an_accepted_link_counts_and_a_rejected_one_never(kgtool, tmp_path):
    links = link(kgtool, tmp_path, "laundering")
    graph = Graph().parse(links)
    for node in list(graph.subjects(PROXY.reviewStatus, PROXY.Proposed)):
        graph.set((node, PROXY.reviewStatus, PROXY.Accepted))
    graph.serialize(accepted := tmp_path / "accepted.ttl", format="turtle")
    result = corpus_audit(kgtool, tmp_path, "laundering", accepted)
    assert result.exit_code == 1  # laundering fails the audit
    (cluster,) = json.loads(result.stdout)["clusters"]
    assert cluster["flags"] == ["laundering"] and cluster["reviewed"] and cluster["proposed_links"] == 0
    for node in list(graph.subjects(PROXY.reviewStatus, PROXY.Accepted)):
        graph.set((node, PROXY.reviewStatus, PROXY.Rejected))
    graph.serialize(rejected := tmp_path / "rejected.ttl", format="turtle")
    result = corpus_audit(kgtool, tmp_path, "laundering", rejected, "--include-proposed")
    assert result.exit_code == 0 and json.loads(result.stdout)["clusters"] == []


def test_unnamed_roots_the_text_does_not_tell_apart_are_of_unknown_independence(kgtool, tmp_path):
    # the Ledger now has unnamed sources of its own, with the same words as the Planet's
    data = variant(
        tmp_path,
        "laundering",
        {"prov:wasAttributedTo f:planet-cited": "prov:wasAttributedTo f:ledger-sources"},
        'f:ledger-sources a proxy:AnonymousSource ; rdfs:label "officials" ; '
        "proxy:sourceKind proxy:AnonymousGroupKind .\n",
    )
    out = tmp_path / "links.ttl"
    assert kgtool("link", "-d", str(data), "-o", str(out)).exit_code == 0
    result = kgtool(
        "audit", "--corpus", "-d", str(data), "-d", str(out), "--include-proposed", "--format", "json"
    )
    (cluster,) = json.loads(result.stdout)["clusters"]
    assert len(cluster["roots"]) == 2
    assert cluster["independent_roots"] == 1
    assert cluster["independence_unknown"] == cluster["roots"]
    assert cluster["flags"] == []


def test_the_corpus_audit_in_markdown(kgtool, tmp_path):
    links = link(kgtool, tmp_path, "citation-cycle")
    result = kgtool(
        "audit", "--corpus", "-d", str(FIXTURES / "citation-cycle.ttl"), "-d", str(links),
        "--include-proposed", "--format", "markdown",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout.startswith("# Corpus audit\n")
    assert "## cluster-1: 3 claims" in result.stdout and "flags: circular_reporting" in result.stdout


def test_the_corpus_audit_refuses_bad_input_in_one_line(kgtool, tmp_path):
    bad = tmp_path / "links.ttl"
    bad.write_text("@prefix x: <urn:x#> .\nx:a x:b\n", encoding="utf-8")
    out = tmp_path / "audit.json"
    result = kgtool("audit", "--corpus", "-d", str(FIXTURES / "denial.ttl"), "-d", str(bad), "-o", str(out))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0], result.stderr
    assert not out.exists()
    result = kgtool("audit", "--include-proposed")
    assert result.exit_code == 2 and "--corpus" in result.stderr.strip()


def test_an_outside_outlet_is_the_root_of_its_own_report_not_of_the_speakers_it_relays(kgtool, tmp_path):
    # the Sentinel's article now credits Reuters, which is not in the corpus
    dated = 'schema:datePublished "2016-02-11"^^xsd:date .'
    data = variant(
        tmp_path,
        "two-named-sources",
        {dated: dated.replace(" .", " ; proxy:wireCredit f:reuters .")},
        'f:reuters a proxy:NamedSource ; rdfs:label "Reuters" ; proxy:sourceKind proxy:PublisherKind .\n',
    )
    out = tmp_path / "links.ttl"
    assert kgtool("link", "-d", str(data), "-o", str(out)).exit_code == 0
    result = kgtool(
        "audit", "--corpus", "-d", str(data), "-d", str(out), "--include-proposed", "--format", "json"
    )
    (cluster,) = json.loads(result.stdout)["clusters"]
    prefix = "https://w3id.org/kgtool/id/fixture/two-sources/"
    assert cluster["roots"] == [prefix + "jones", prefix + "smith"]  # Reuters relayed Jones's words
    # ... while a claim attributed to Reuters itself rests on Reuters
    data = variant(tmp_path, "laundering", {'rdfs:label "the Daily Planet"': 'rdfs:label "Reuters"'})
    assert kgtool("link", "-d", str(data), "-o", str(out)).exit_code == 0
    result = kgtool(
        "audit", "--corpus", "-d", str(data), "-d", str(out), "--include-proposed", "--format", "json"
    )
    (cluster,) = json.loads(result.stdout)["clusters"]
    assert cluster["roots"] == [
        "https://w3id.org/kgtool/id/entity/outlet-reuters",
        "https://w3id.org/kgtool/id/fixture/laundering/sources",
    ]


@pytest.mark.parametrize("name", CORPORA)
def test_the_links_conform_to_the_link_shapes(kgtool, tmp_path, name):
    links = link(kgtool, tmp_path, name)
    shapes = str(Path(__file__).resolve().parent.parent / "shapes" / "link.ttl")
    data = ("-d", str(FIXTURES / f"{name}.ttl"), "-d", str(links))
    result = kgtool("validate", "--shapes", shapes, *data)
    assert result.exit_code == 0, result.stdout
    # a link that lost its score does not
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        links.read_text(encoding="utf-8").replace("proxy:score", "proxy:scored"), encoding="utf-8"
    )
    result = kgtool("validate", "--shapes", shapes, "-d", str(FIXTURES / f"{name}.ttl"), "-d", str(broken))
    assert result.exit_code == 1 and "LinkScoreShape" in result.stdout


def test_unclassified_sources_are_never_merged_by_name(kgtool, tmp_path):
    # "officials" in two articles, as an import leaves them (unclassified): two roots whose
    # independence is unknown, not one source
    data = variant(
        tmp_path,
        "laundering",
        {
            "prov:wasAttributedTo f:sources": "prov:wasAttributedTo f:officials-a",
            "prov:wasAttributedTo f:planet-cited": "prov:wasAttributedTo f:officials-b",
        },
        "".join(
            f'f:officials-{key} a proxy:UnclassifiedSource ; rdfs:label "{label}" ; '
            "proxy:sourceKind proxy:UnclassifiedKind .\n"
            for key, label in (("a", "officials"), ("b", "Officials"))
        ),
    )
    out = tmp_path / "links.ttl"
    assert kgtool("link", "-d", str(data), "-o", str(out)).exit_code == 0
    result = kgtool(
        "audit", "--corpus", "-d", str(data), "-d", str(out), "--include-proposed", "--format", "json"
    )
    (cluster,) = json.loads(result.stdout)["clusters"]
    assert len(cluster["roots"]) == 2 and cluster["independent_roots"] == 1
    assert cluster["independence_unknown"] == cluster["roots"]
    assert cluster["flags"] == []


def test_a_claim_derived_from_an_outside_outlet_alone_is_no_cluster(kgtool, tmp_path):
    # the Ledger now cites Reuters (not in the corpus) for a story of its own
    data = variant(
        tmp_path,
        "laundering",
        {'rdfs:label "the Daily Planet"': 'rdfs:label "Reuters"', LEDGER_WORDS: HARBOUR_WORDS},
    )
    out = tmp_path / "links.ttl"
    assert kgtool("link", "-d", str(data), "-o", str(out)).exit_code == 0
    assert links_of(out) == {("DerivationLink", "claim-ledger", "wasDerivedFrom", "outlet-reuters")}
    result = kgtool(
        "audit", "--corpus", "-d", str(data), "-d", str(out), "--include-proposed", "--format", "json"
    )
    assert json.loads(result.stdout)["clusters"] == []


# --- exports -------------------------------------------------------------------------------

SCHEMA_ORG = "https://schema.org/"


def schema_export(kgtool, tmp_path: Path, links: Path) -> Graph:
    out = tmp_path / "claims.jsonld"
    data = ("-d", str(FIXTURES / "laundering.ttl"), "-d", str(links))
    result = kgtool("export", *data, "--profile", "schema", "--format", "json-ld", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return Graph().parse(out, format="json-ld")


def test_the_schema_export_gives_each_reviewed_cluster_its_appearances_and_roots(kgtool, tmp_path):
    links = link(kgtool, tmp_path, "laundering")
    accepted = tmp_path / "accepted.ttl"
    accepted.write_text(
        links.read_text(encoding="utf-8").replace("proxy:Proposed", "proxy:Accepted"), encoding="utf-8"
    )
    graph = schema_export(kgtool, tmp_path, accepted)
    f = "https://w3id.org/kgtool/id/fixture/laundering/"
    clusters = [c for c in graph.subjects(RDF.type, URIRef(SCHEMA_ORG + "Claim")) if "/cluster/" in str(c)]
    assert len(clusters) == 1
    (cluster,) = clusters
    appearances = set(graph.objects(cluster, URIRef(SCHEMA_ORG + "appearance")))
    assert appearances == {URIRef(f + "article-planet"), URIRef(f + "article-ledger")}
    assert graph.value(cluster, URIRef(SCHEMA_ORG + "firstAppearance")) == URIRef(f + "article-planet")
    assert set(graph.objects(cluster, PROV.hadPrimarySource)) == {URIRef(f + "sources")}
    assert (URIRef(f + "claim-ledger"), PROV.wasDerivedFrom, URIRef(f + "claim-planet")) in graph
    # proposals are not published
    graph = schema_export(kgtool, tmp_path, links)
    assert not [c for c in graph.subjects(RDF.type, URIRef(SCHEMA_ORG + "Claim")) if "/cluster/" in str(c)]
    assert not list(graph.triples((None, PROV.wasDerivedFrom, URIRef(f + "claim-planet"))))


DENIED = """
f:courier a proxy:NamedSource , schema:Organization ; rdfs:label "The Courier" ;
    proxy:sourceKind proxy:PublisherKind .
f:minister a proxy:NamedSource ; rdfs:label "Transport Minister Ed Hale" ;
    proxy:sourceKind proxy:NamedPersonKind .
f:article-courier a schema:NewsArticle ; schema:publisher f:courier ;
    schema:datePublished "2016-04-03"^^xsd:date .
f:claim-courier a rdf:Statement , proxy:Claim , proxy:UnstructuredClaim ;
    prov:wasAttributedTo f:minister ; proxy:reportedIn f:article-courier ;
    proxy:reportingMode proxy:Paraphrase ; proxy:cue "denied" ;
    proxy:anchor [ oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact
        "The transport minister denied he would resign over the ferry contracts, calling the report false \
and a fabrication" ] ] .
"""


def test_the_stance_model_proposes_a_denial_published_elsewhere(kgtool, tmp_path):
    # a third outlet, two days later, reports the minister's denial in words of its own (DENIED)
    data = variant(tmp_path, "laundering", extra=DENIED)
    out = tmp_path / "links.ttl"
    assert kgtool("link", "-d", str(data), "-o", str(out)).exit_code == 0
    stances = {(s, r, o) for kind, s, r, o in links_of(out) if kind == "StanceLink"}
    assert stances == {
        ("claim-courier", "denies", "claim-planet"),
        ("claim-courier", "denies", "claim-ledger"),
    }
    result = kgtool(
        "audit", "--corpus", "-d", str(data), "-d", str(out), "--include-proposed", "--format", "json"
    )
    clusters = {tuple(c["claims"]): c for c in json.loads(result.stdout)["clusters"]}
    allegation = clusters[(f"{PREFIX}claim-ledger", f"{PREFIX}claim-planet")]
    assert allegation["flags"] == ["laundering", "contested_across_outlets"]
    assert {d["claim"] for d in allegation["disputes"]} == {f"{PREFIX}claim-courier"}
    assert kgtool("link", "-d", str(data), "-o", str(out), "--no-stance").exit_code == 0
    assert not [link for link in links_of(out) if link[0] == "StanceLink"]


PREFIX = "https://w3id.org/kgtool/id/fixture/laundering/"


def test_the_corpus_audit_in_html_gives_each_cluster_its_timeline(kgtool, tmp_path):
    links = link(kgtool, tmp_path, "wire-reprint")
    hostile = {'rdfs:label "The Gazette"': 'rdfs:label "<script>alert(1)</script>"'}
    data = variant(tmp_path, "wire-reprint", hostile)
    result = kgtool(
        "audit", "--corpus", "-d", str(data), "-d", str(links), "--include-proposed", "--format", "html"
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert "<script>" not in page and "&lt;script&gt;" in page
    section = page[page.index('id="cluster-1"') :]
    order = [section.index(f">claim-{name}<") for name in ("ap", "herald", "courier", "gazette")]
    assert order[0] < min(order[1:3]) and max(order[1:3]) < order[3]  # by date: two reprints a day later
    assert "taken from claim-ap (Associated Press)" in section


@pytest.mark.network
@pytest.mark.parametrize("store", ["oxigraph", "virtuoso"])
def test_the_corpus_audit_is_the_same_on_a_sparql_server(kgtool, tmp_path, request, store):
    start = request.getfixturevalue(f"start_{store}")
    ontology = Path(__file__).resolve().parent.parent / "ontology" / "proxy.ttl"
    answers = {}
    for name in ("denial", "laundering"):
        links = link(kgtool, tmp_path, name)
        options = ("--corpus", "--include-proposed", "--format", "json")
        local = kgtool("audit", *options, "-d", str(FIXTURES / f"{name}.ttl"), "-d", str(links))
        server = start([ontology, FIXTURES / f"{name}.ttl", links])
        remote = kgtool("audit", *options, "-e", server.url)
        assert remote.exit_code == local.exit_code, remote.stderr
        answers[name] = json.loads(remote.stdout)
        assert answers[name] == json.loads(local.stdout)
    assert answers["laundering"]["clusters"][0]["flags"] == ["laundering"]


def test_linking_again_keeps_every_review(kgtool, tmp_path):
    first = link(kgtool, tmp_path, "laundering")
    graph = Graph().parse(first)
    same, derivation = (
        next(n for n in graph.subjects(RDF.type, PROXY[kind])) for kind in ("SameClaimLink", "DerivationLink")
    )
    reviewer = URIRef("https://example.org/people/ana")
    graph.set((same, PROXY.reviewStatus, PROXY.Accepted))
    graph.add((same, PROXY.reviewedBy, reviewer))
    graph.set((derivation, PROXY.reviewStatus, PROXY.Rejected))
    # a link a person accepted that this data no longer gives
    gone = URIRef("https://w3id.org/kgtool/id/link/accepted-earlier")
    for p, o in graph.predicate_objects(same):
        graph.add((gone, p, o))
    graph.set((gone, PROXY.linkTo, URIRef(PREFIX + "claim-elsewhere")))
    # ... proposed by a method of an earlier version, which this run does not use
    earlier_method = URIRef("https://w3id.org/kgtool/id/linking/an-earlier-method/0.0.1")
    graph.set((gone, PROV.wasGeneratedBy, earlier_method))
    graph.add((earlier_method, PROXY.method, Literal("an earlier method")))
    graph.serialize(reviewed := tmp_path / "reviewed.ttl", format="turtle")
    out = tmp_path / "again.ttl"
    data = str(FIXTURES / "laundering.ttl")
    result = kgtool("link", "-d", data, "--reviewed", str(reviewed), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "3 reviews kept" in result.stderr
    again = Graph().parse(out)
    assert again.value(same, PROXY.reviewStatus) == PROXY.Accepted
    assert again.value(same, PROXY.reviewedBy) == reviewer
    assert again.value(derivation, PROXY.reviewStatus) == PROXY.Rejected
    assert again.value(gone, PROXY.reviewStatus) == PROXY.Accepted
    assert again.value(earlier_method, PROXY.method) == Literal("an earlier method")  # what proposed it
    assert len(list(again.objects(same, PROXY.score))) == 1
    # and the audit counts what was accepted, never what was rejected
    result = kgtool("audit", "--corpus", "-d", data, "-d", str(out), "--format", "json")
    summary = json.loads(result.stdout)["summary"]
    # (the link to a claim the data no longer has joins nothing)
    assert summary["links"] == {"by hand": 0, "accepted": 1, "proposed": 0, "rejected": 1}


def test_kgtool_serve_has_a_corpus_page(kgtool, tmp_path):
    from starlette.testclient import TestClient

    from kgtool import web
    from kgtool.inputs import loading

    links = link(kgtool, tmp_path, "laundering")
    inputs = loading.Inputs((str(FIXTURES / "laundering.ttl"), str(links)))
    site = web.build_site(*inputs.quads_and_engine(), "https://w3id.org/kgtool/", query_timeout=2)
    try:
        client = TestClient(web.create_app(site), base_url="http://127.0.0.1:8000")
        home = client.get("/", headers={"Accept": "text/html"}).text
        reviewed = client.get("/corpus").text
        proposed = client.get("/corpus", params={"proposed": "yes"}).text
    finally:
        site.queries.close()
    assert '<a href="/corpus">Corpus</a>' in home
    # only reviewed links count: no cluster yet, and a way to see the proposals
    assert 'id="cluster-1"' not in reviewed and 'href="/corpus?proposed=yes"' in reviewed
    assert "The 2 proposed links are not counted" in reviewed
    section = proposed[proposed.index('id="cluster-1"') :]
    assert "laundering" in section and "Rests on 2 proposed links" in section
    assert 'aria-label="who derived from whom, cluster-1"' in section
    # claims and articles under the served base are links to their pages here
    assert 'href="/id/fixture/laundering/claim-planet"' in section


def test_the_html_corpus_audit_draws_who_derived_from_whom(kgtool, tmp_path, monkeypatch):
    links = link(kgtool, tmp_path, "citation-cycle")
    data = ("-d", str(FIXTURES / "citation-cycle.ttl"), "-d", str(links), "--include-proposed")
    page = kgtool("audit", "--corpus", *data, "--format", "html").stdout
    drawn = page[page.index("<svg") : page.index("</svg>")]
    assert 'aria-label="who derived from whom, cluster-1"' in drawn
    assert drawn.count(">derived from</text>") == 3  # the circle: alpha, beta, gamma
    assert 'xlink:href="https://w3id.org/kgtool/id/fixture/cycle/claim-alpha"' in drawn
    assert ">Alpha News</text>" in drawn and "<script" not in drawn
    # a file without its picture is not written; the served page says what is missing instead
    monkeypatch.setenv("PATH", str(tmp_path))
    out = tmp_path / "audit.html"
    result = kgtool("audit", "--corpus", *data, "--format", "html", "-o", str(out))
    assert result.exit_code == 2 and "apt-get install graphviz" in result.stderr
    assert result.stderr.count("\n") == 1 and not out.exists()


def test_linking_gives_the_same_bytes_whatever_the_hash_seed(tmp_path):
    # sets and dicts of strings iterate in another order under another seed: the output must not
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"links-{seed}.ttl"
        argv = [
            sys.executable,
            "-m",
            "kgtool",
            "link",
            "-q",
            "-d",
            str(FIXTURES / "wire-reprint.ttl"),
            "-o",
            str(out),
        ]
        done = subprocess.run(argv, env=os.environ | {"PYTHONHASHSEED": seed}, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and b"SameClaimLink" in outputs[0]


def test_one_named_source_in_two_articles_is_one_root_once_a_person_accepts_the_merge(kgtool, tmp_path):
    # the Sentinel quotes Senator Smith too, under an IRI of its own
    data = variant(
        tmp_path,
        "two-named-sources",
        {"prov:wasAttributedTo f:jones": "prov:wasAttributedTo f:smith-2"},
        'f:smith-2 a proxy:NamedSource ; rdfs:label "Senator Ann Smith" ;\n'
        "    proxy:sourceKind proxy:NamedPersonKind .\n",
    )
    out = tmp_path / "links.ttl"
    result = kgtool("link", "-d", str(data), "-o", str(out))
    assert result.exit_code == 0 and "source merges 1" in result.stderr, result.stderr
    assert links_of(out) == {
        ("SameClaimLink", "claim-sentinel", "sameClaimAs", "claim-tribune"),
        ("SourceLink", "smith-2", "sameSourceAs", "smith"),
    }
    prefix = "https://w3id.org/kgtool/id/fixture/two-sources/"
    smith, smith_2 = URIRef(prefix + "smith"), URIRef(prefix + "smith-2")

    def audit(links: Path, *options: str) -> dict:
        result = kgtool("audit", "--corpus", "-d", str(data), "-d", str(links), "--format", "json", *options)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    # counted as a proposal, and said to be one
    report = audit(out, "--include-proposed")
    (cluster,) = report["clusters"]
    assert cluster["roots"] == [str(smith)] and cluster["independent_roots"] == 1
    assert report["merged_sources"] == [
        {"as": str(smith), "sources": [str(smith), str(smith_2)], "reviewed": False, "proposed_links": 1}
    ]
    # the same claim accepted, the merge not reviewed: two roots, and the text says why
    graph = Graph().parse(out)
    merge = graph.value(predicate=PROXY.linkFrom, object=smith_2)
    same = graph.value(predicate=PROXY.linkFrom, object=URIRef(prefix + "claim-sentinel"))
    graph.set((same, PROXY.reviewStatus, PROXY.Accepted))
    graph.serialize(reviewed := tmp_path / "reviewed.ttl", format="turtle")
    report = audit(reviewed)
    (cluster,) = report["clusters"]
    assert cluster["roots"] == [str(smith), str(smith_2)] and cluster["independent_roots"] == 2
    assert report["merged_sources"] == []
    assert report["summary"]["source_merges"] == {"by hand": 0, "accepted": 0, "proposed": 1, "rejected": 0}
    text = kgtool("audit", "--corpus", "-d", str(data), "-d", str(reviewed)).stdout
    assert "1 proposed source merges not counted" in text
    # accepted: one root, reviewed; and linking again keeps that review
    graph.set((merge, PROXY.reviewStatus, PROXY.Accepted))
    graph.serialize(reviewed, format="turtle")
    report = audit(reviewed)
    assert report["clusters"][0]["roots"] == [str(smith)]
    assert report["merged_sources"][0]["reviewed"] is True
    again = tmp_path / "again.ttl"
    assert kgtool("link", "-d", str(data), "--reviewed", str(reviewed), "-o", str(again)).exit_code == 0
    assert Graph().parse(again).value(merge, PROXY.reviewStatus) == PROXY.Accepted
    # rejected: two roots, even counting proposals
    graph.set((merge, PROXY.reviewStatus, PROXY.Rejected))
    graph.serialize(reviewed, format="turtle")
    report = audit(reviewed, "--include-proposed")
    assert report["clusters"][0]["roots"] == [str(smith), str(smith_2)]
    assert report["summary"]["source_merges"]["rejected"] == 1


def test_unnamed_sources_are_never_merged_even_by_a_link(kgtool, tmp_path):
    # the Ledger has unnamed "sources" of its own, as the Planet has, under another IRI
    data = variant(
        tmp_path,
        "laundering",
        {"prov:wasAttributedTo f:planet-cited": "prov:wasAttributedTo f:ledger-sources"},
        'f:ledger-sources a proxy:AnonymousSource ; rdfs:label "sources" ; '
        "proxy:sourceKind proxy:AnonymousGroupKind .\n",
    )
    assert 'f:sources a proxy:AnonymousSource ; rdfs:label "sources"' in data.read_text(encoding="utf-8")
    out = tmp_path / "links.ttl"
    assert kgtool("link", "-d", str(data), "-o", str(out)).exit_code == 0
    assert not [link for link in links_of(out) if link[0] == "SourceLink"]
    # a merge written between them by hand joins nothing either
    by_hand = f"<{PREFIX}ledger-sources> <{PROXY.sameSourceAs}> <{PREFIX}sources> .\n"
    out.write_text(out.read_text(encoding="utf-8") + "\n" + by_hand, encoding="utf-8")
    result = kgtool(
        "audit", "--corpus", "-d", str(data), "-d", str(out), "--include-proposed", "--format", "json"
    )
    report = json.loads(result.stdout)
    (cluster,) = report["clusters"]
    assert cluster["roots"] == [PREFIX + "ledger-sources", PREFIX + "sources"]
    assert report["merged_sources"] == [] and report["summary"]["source_merges"]["by hand"] == 1


def test_a_claim_alone_gets_no_picture_but_its_source_in_words(kgtool, tmp_path):
    # the Ledger cites Reuters (outside the corpus) for a story of its own, which a person says
    # disputes the Planet's: two clusters of one claim each
    data = variant(
        tmp_path,
        "laundering",
        {'"the Daily Planet"': '"Reuters"', LEDGER_WORDS: HARBOUR_WORDS},
        "f:claim-ledger proxy:denies f:claim-planet .\n",
    )
    links = tmp_path / "links.ttl"
    assert kgtool("link", "-d", str(data), "--no-stance", "-o", str(links)).exit_code == 0
    options = ("--corpus", "--include-proposed", "--format", "html")
    page = kgtool("audit", *options, "-d", str(data), "-d", str(links)).stdout
    assert 'id="cluster-2"' in page and "taken from Reuters" in page
    assert "<svg" not in page


# --- one article added to a linked corpus --------------------------------------------------


def split(graph: Graph, which: int, tmp_path: Path) -> tuple[Path, Path]:
    """The corpus without one article (``which``: by date, -1 the latest), and that article: its
    node, its claims with their anchors, and every node of no article (publishers, sources)."""
    articles = sorted(
        graph.subjects(RDF.type, SCHEMA.NewsArticle),
        key=lambda a: (str(graph.value(a, SCHEMA.datePublished)), str(a)),
    )

    def part(article) -> set:
        found = {article, *graph.subjects(PROXY.reportedIn, article)}
        todo = list(found)
        while todo:
            for o in graph.objects(todo.pop(), None):
                if isinstance(o, BNode) and o not in found:
                    found.add(o)
                    todo.append(o)
        return found

    added = part(articles[which])
    others = set().union(*(part(a) for a in articles if a != articles[which]))
    rest, article = tmp_path / "rest.ttl", tmp_path / "article.ttl"
    for path, leave_out in ((rest, added), (article, others)):
        part_graph = Graph()
        for triple in graph:
            if triple[0] not in leave_out:
                part_graph.add(triple)
        part_graph.serialize(path, format="turtle")
    return rest, article


def triples(path: Path) -> set:
    return set(Graph().parse(path))


def added_and_from_scratch(kgtool, tmp_path: Path, data: Path, which: int, *options: str):
    """Link the corpus without one article, add the article, and link it all from scratch (the
    corpus audits written beside: audit.json, audit-0.json): the stderr of the addition, its
    links and the links from scratch."""
    rest, article = split(Graph().parse(data), which, tmp_path)
    index, before, after, scratch = (tmp_path / n for n in ("index.json", "1.nt", "2.nt", "0.nt"))
    result = kgtool("link", "-d", str(rest), "--index", str(index), "-o", str(before), *options)
    assert result.exit_code == 0, result.stderr
    out = ("-o", str(after), "--audit", str(tmp_path / "audit.json"))
    added = kgtool("link", "--add", "-d", str(article), "--index", str(index), *out, *options)
    assert added.exit_code == 0, added.stderr
    from_scratch = ("-o", str(scratch), "--audit", str(tmp_path / "audit-0.json"))
    assert kgtool("link", "-d", str(data), *from_scratch, *options).exit_code == 0
    return added.stderr, after, scratch


@pytest.mark.parametrize("which", [-1, 0], ids=["latest", "earliest"])
@pytest.mark.parametrize("name", CORPORA)
def test_adding_an_article_gives_the_links_and_audit_of_linking_from_scratch(kgtool, tmp_path, name, which):
    data = FIXTURES / f"{name}.ttl"
    stderr, after, scratch = added_and_from_scratch(kgtool, tmp_path, data, which)
    assert ("compared with the index only" if which == -1 else "all linked again") in stderr
    assert triples(after) == triples(scratch) and triples(scratch)
    # the corpus audit from the index (the claims graphs not read) is the audit of the graphs
    options = ("--corpus", "--include-proposed", "--format", "json")
    from_index = kgtool("audit", *options, "--index", str(tmp_path / "index.json"), "-d", str(after))
    from_graphs = kgtool("audit", *options, "-d", str(data), "-d", str(scratch))
    assert from_index.exit_code == from_graphs.exit_code
    assert json.loads(from_index.stdout) == json.loads(from_graphs.stdout)
    # ... and so are the audits written beside the links, by the addition and from scratch
    for written in ("audit.json", "audit-0.json"):
        assert json.loads((tmp_path / written).read_text(encoding="utf-8")) == json.loads(from_graphs.stdout)


def test_an_added_article_changes_the_links_of_earlier_claims_as_linking_from_scratch_does(kgtool, tmp_path):
    # the Ledger cites the Daily Planet a day before the Planet's own article: without it the
    # Planet is no outlet the corpus knows; once it is added, the Ledger's earlier claim derives
    # from the Planet's claim, as linking from scratch says
    data = variant(tmp_path, "laundering", {"2016-04-01": "2016-04-03"})
    stderr, after, scratch = added_and_from_scratch(kgtool, tmp_path, data, -1)
    assert "compared with the index only" in stderr
    assert triples(after) == triples(scratch)
    # the Planet's is the article added, the latest
    rest = Graph().parse(tmp_path / "rest.ttl")
    assert (None, PROXY.reportedIn, URIRef(PREFIX + "article-planet")) not in rest
    before = {(s, r, o) for kind, s, r, o in links_of(tmp_path / "1.nt") if kind == "DerivationLink"}
    assert before == set()
    assert ("DerivationLink", "claim-ledger", "wasDerivedFrom", "claim-planet") in links_of(after)


def test_adding_refuses_what_it_cannot_add_in_one_line(kgtool, tmp_path):
    data = str(FIXTURES / "laundering.ttl")
    index, out = tmp_path / "index.json", tmp_path / "links.nt"
    result = kgtool("link", "--add", "-d", data, "-o", str(out))
    assert result.exit_code == 2 and "--index" in result.stderr and result.stderr.count("\n") == 1
    index.write_text('{"format": "something else"}', encoding="utf-8")
    result = kgtool("link", "--add", "-d", data, "--index", str(index), "-o", str(out))
    assert result.exit_code == 2 and f"{index}: not a kgtool link index" in result.stderr
    assert result.stderr.count("\n") == 1 and not out.exists()
    assert kgtool("link", "-d", data, "--index", str(index), "--no-stance", "-o", str(out)).exit_code == 0
    out.unlink()
    result = kgtool("link", "--add", "-d", data, "--index", str(index), "--no-stance", "-o", str(out))
    assert result.exit_code == 2 and "is in the corpus already" in result.stderr and not out.exists()
    result = kgtool("link", "--add", "-d", data, "--index", str(index), "-o", str(out))
    assert result.exit_code == 2 and "made without the stance model" in result.stderr
    assert result.stderr.count("\n") == 1 and not out.exists()


def test_the_stance_links_of_earlier_claims_stay_when_an_article_is_added(kgtool, tmp_path):
    # the denial of the Courier (DENIED), then a fourth outlet's story of another matter
    data = variant(
        tmp_path,
        "laundering",
        extra=DENIED
        + """
f:sentinel a proxy:NamedSource , schema:Organization ; rdfs:label "The Sentinel" ;
    proxy:sourceKind proxy:PublisherKind .
f:article-sentinel a schema:NewsArticle ; schema:publisher f:sentinel ;
    schema:datePublished "2016-04-04"^^xsd:date .
f:claim-sentinel a rdf:Statement , proxy:Claim , proxy:UnstructuredClaim ;
    prov:wasAttributedTo f:minister ; proxy:reportedIn f:article-sentinel ;
    proxy:reportingMode proxy:Paraphrase ; proxy:cue "said" ;
    proxy:anchor [ oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact
        "the harbour will close for repairs in May and reopen in the autumn" ] ] .
""",
    )
    stderr, after, scratch = added_and_from_scratch(kgtool, tmp_path, data, -1)
    assert "compared with the index only" in stderr
    assert triples(after) == triples(scratch)
    assert ("StanceLink", "claim-courier", "denies", "claim-planet") in links_of(after)


def test_quotations_are_compared_without_case_accents_or_punctuation():
    from kgtool.corpus_claims import normalise

    assert normalise("Déjà vu, ÉTÉ — it's «the» Straße!") == "deja vu ete it s the strasse"
    assert normalise("  The  AP_said:\tno. ") == "the ap said no"


class _Agrees:
    """A stance model that finds every pair in agreement: which pairs are asked is then the answer."""

    def predict_pairs(self, pairs):
        return [("agree", {"agree": 0.9}) for _ in pairs]


def test_a_stance_link_between_claims_an_added_article_makes_one_claim_goes(tmp_path):
    from kgtool.corpus_claims import Article, Corpus, Occurrence
    from kgtool.linking.finding import add_links, link_corpus
    from kgtool.linking.index import read_index, write_index

    words = "senators approve budget plan friday after long debate over hospital funding cuts"
    texts = {  # A and B share four content words but few shingles; C holds both, the same as each
        "a": " ".join(words.split()[:8]),
        "b": " ".join(words.split()[4:]),
        "c": words,
    }
    articles = {
        k: Article(f"urn:article-{k}", f"urn:outlet-{k}", date=f"2016-01-0{day}")
        for day, k in enumerate("abc", 1)
    }
    claims = {k: Occurrence(f"urn:claim-{k}", f"urn:article-{k}", words=text) for k, text in texts.items()}

    def corpus(*keys: str) -> Corpus:
        chosen = [claims[k] for k in keys]
        return Corpus({articles[k].iri: articles[k] for k in keys}, {o.claim: o for o in chosen})

    model = _Agrees()
    before, update = link_corpus(corpus("a", "b"), model)
    assert ("urn:claim-b", str(PROXY.corroborates), "urn:claim-a") in {
        (link.subject, link.relation, link.object) for link in before.links
    }
    write_index(update, index := tmp_path / "index.sqlite")
    added, _ = add_links(read_index(index), corpus("c"), model)
    scratch, _ = link_corpus(corpus("a", "b", "c"), model)
    assert sorted(added.links, key=str) == sorted(scratch.links, key=str)
    assert not [link for link in scratch.links if link.relation == str(PROXY.corroborates)]
