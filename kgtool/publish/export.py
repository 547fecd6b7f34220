"""Export the claims graph for Linked Data consumers, losslessly where the profile promises it.

Everything here works on quads as the parser read them (pyoxigraph terms, no store), because a
store canonicalises literals ("01"^^xsd:integer becomes "1") and would change the data on the
way out. Profiles:

- ``plain``: the graph as it is, in any RDF format; JSON-LD compacted with ``context.jsonld``.
- ``nanopub``: one nanopublication per claim (head, assertion, provenance, publication info).
- ``schema``: schema.org ``Claim`` items, as fact-checking tools read them (JSON-LD).
- ``annotation``: one W3C Web Annotation per anchor, the claim as its body (JSON-LD).
- ``rdf12``: claims as RDF 1.2 triple terms (``rdf:reifies``) in Turtle 1.2.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, BinaryIO

import pyoxigraph as ox

from kgtool import formats
from kgtool.audit import claim_sentences
from kgtool.errors import UsageError
from kgtool.formats import Format, Kind, Syntax
from kgtool.jsonld_contexts import WEB_ANNOTATION, load_shipped
from kgtool.namespaces import (
    BASE,
    DATASET_IRI,
    DCT,
    FOAF,
    NP,
    OA,
    PREFIXES,
    PROV,
    PROXY,
    RDF,
    RDFS,
    SCHEMA,
)
from kgtool.publish.dataset_info import UNKNOWN, DatasetInfo
from kgtool.publish.quad_index import Index, through
from kgtool.resources import ontology_file, shipped_root
from kgtool.snapshot import offset
from kgtool.version import __version__


def node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def rdf(local: str) -> ox.NamedNode:
    return node(RDF + local)


# --- plain -----------------------------------------------------------------------------------


def has_named_graphs(quads: Iterable[ox.Quad]) -> bool:
    return any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads)


def serialize(
    quads: list[ox.Quad], fmt: Format, sorted_lines: bool = False, jsonld_form: str = "compacted"
) -> bytes:
    """Quads in ``fmt``; refuses to flatten named graphs into a triples-only format."""
    buffer = io.BytesIO()
    write(quads, fmt, buffer, sorted_lines, jsonld_form)
    return buffer.getvalue()


def write(
    quads: list[ox.Quad],
    fmt: Format,
    output: BinaryIO,
    sorted_lines: bool = False,
    jsonld_form: str = "compacted",
) -> None:
    """:func:`serialize` into ``output`` as it goes: no copy of a large export held in memory.
    JSON-LD is compacted with ``context.jsonld`` unless ``jsonld_form`` asks for another form."""
    formats.require_rdf(fmt, options=("output_format",))
    formats.refuse_flattening(fmt, lambda: has_named_graphs(quads))
    if sorted_lines:
        output.write(_sorted_lines(quads, fmt))
    elif fmt.syntax is Syntax.JSON:
        output.write(compact_jsonld(quads, plain_context(), form=jsonld_form))
    else:
        if fmt.syntax is Syntax.XML:
            _refuse_xml_control_characters(quads)
        ox.serialize(
            quads,
            output,
            format=getattr(ox.RdfFormat, fmt.oxigraph_name),
            prefixes=PREFIXES if fmt.prefixes else None,
        )


_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _refuse_xml_control_characters(quads: list[ox.Quad]) -> None:
    """XML 1.0 cannot carry most control characters, and pyoxigraph would write them raw into a
    file no XML parser accepts: refuse instead of writing a broken file."""
    for q in quads:
        if isinstance(q.object, ox.Literal):
            bad = _NOT_IN_XML.search(q.object.value)
            if bad:
                raise UsageError(
                    f"a literal of {q.subject} holds the control character "
                    f"U+{ord(bad.group()):04X}, which RDF/XML (XML 1.0) cannot carry",
                    "export to Turtle, N-Triples or JSON-LD instead",
                )


def _serialized(quads: Iterable[ox.Quad], fmt: ox.RdfFormat) -> bytes:
    """The quads in ``fmt``, as bytes (pyoxigraph returns them when given no file)."""
    written = ox.serialize(quads, format=fmt)
    assert written is not None
    return written


def _sorted_lines(quads: list[ox.Quad], fmt: Format) -> bytes:
    """Line formats sorted: byte-stable for diffs and golden files."""
    if not fmt.lines:
        raise UsageError(
            "sorted lines are for N-Triples and N-Quads only",
            "export to N-Triples",
            options=("output_format",),
        )
    if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object, q.graph_name)):
        raise UsageError(
            "sorted lines cannot give blank nodes stable labels",
            "give the blank nodes IRIs, or export unsorted",
            options=("sorted_lines",),
        )
    text = _serialized(quads, getattr(ox.RdfFormat, fmt.oxigraph_name)).decode("utf-8")
    return "".join(sorted(set(text.splitlines(keepends=True)))).encode("utf-8")


@cache
def plain_context() -> dict:
    path = shipped_root() / "ontology" / "context.jsonld"
    return json.loads(path.read_text(encoding="utf-8"))


def _rdf_type_as_keyword(nodes: list[dict]) -> list[dict]:
    """rdf:type values as @type, as JSON-LD readers expect (pyoxigraph writes them as a property;
    both mean the same triples)."""
    for item in nodes:
        types = item.pop(RDF + "type", None)
        if types is not None:
            if all("@id" in t for t in types):
                item["@type"] = [t["@id"] for t in types]
            else:  # a literal rdf:type value has no @type form
                item[RDF + "type"] = types
        if "@graph" in item:
            _rdf_type_as_keyword(item["@graph"])
    return nodes


#: The JSON-LD document forms (JSON-LD 1.1, section 9.1), asked for by the ``profile`` parameter
#: of ``application/ld+json``: ``JSONLD_PROFILE + form``.
JSONLD_PROFILE = "http://www.w3.org/ns/json-ld#"
JSONLD_FORMS = ("compacted", "expanded", "flattened")


def compact_jsonld(
    quads: list[ox.Quad],
    context: dict,
    frame_type: str | None = None,
    form: str = "compacted",
    finish: Callable[[dict], dict] | None = None,
) -> bytes:
    """JSON-LD by a JSON-LD processor (PyLD): literals keep their lexical form; the
    context is inlined (or one kgtool ships, named by its address), so readers fetch nothing.
    With ``frame_type``, one tree per node of that type, everything it points to embedded (the
    shape annotation and fact-check tools read). ``form`` may ask for the expanded or the
    flattened form instead of the compacted one; ``finish`` rewrites the document last."""
    from pyld import jsonld

    # pyoxigraph writes the quads as expanded JSON-LD (PyLD's own N-Quads reader would leave
    # \u escapes undecoded); PyLD then compacts, flattens or frames it.
    options = {"documentLoader": load_shipped}
    expanded = _rdf_type_as_keyword(json.loads(_serialized(quads, ox.RdfFormat.JSON_LD)))
    if frame_type:
        frame = {**context, "@type": frame_type, "@embed": "@always"}
        document = jsonld.frame(expanded, frame, {**options, "omitGraph": False})
    elif form == "expanded":
        document = expanded
    elif form == "flattened":
        document = jsonld.flatten(expanded, context, options)
    else:
        document = jsonld.compact(expanded, context, options)
    if finish is not None:
        document = finish(document)
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


# --- nanopub ---------------------------------------------------------------------------------


def _claims(index: Index) -> list:
    return index.subjects_of_type(node(str(PROXY.Claim)))


def nanopub_quads(index: Index, dataset: DatasetInfo = UNKNOWN) -> list[ox.Quad]:
    """One nanopublication per claim (:func:`nanopubs`), its graphs ``<np>#head`` etc."""
    return [q for quads in nanopubs(index, dataset=dataset) for q in quads]


def nanopubs(index: Index, separator: str = "#", dataset: DatasetInfo = UNKNOWN) -> list[list[ox.Quad]]:
    """One nanopublication per claim. The assertion states the content (for a negated claim: the
    reified statement with its polarity, never the denied triple; for a content-only claim: its
    type and its anchored text); the provenance says who said it, where and how; the publication
    info names the dataset, the tool and the licence (where ``dataset`` knows it). Its graphs
    are ``<np><separator>head`` and so on ("/" to be signed: nanopub puts them under the trusty
    URI)."""
    return [nanopub(index, claim, separator, dataset) for claim in _claims(index)]


def nanopub_iri(claim: str) -> str:
    """The IRI of a claim's nanopublication: ``np/`` and the claim's path under ``claim/`` or
    the base, so that claims of two articles with the same key (``E1`` of every imported
    article) never share one; a claim outside the base by a digest of its IRI."""
    for under in (f"{BASE}claim/", str(BASE)):
        if claim.startswith(under) and len(claim) > len(under):
            return f"{BASE}np/{claim[len(under) :]}"
    return f"{BASE}np/iri-{hashlib.sha256(claim.encode('utf-8')).hexdigest()[:32]}"


def nanopub(
    index: Index, claim: ox.NamedNode, separator: str = "#", dataset: DatasetInfo = UNKNOWN
) -> list[ox.Quad]:
    """The nanopublication of one claim (:func:`nanopubs`)."""
    tool = node(tool_iri())
    anchor, selector = node(str(PROXY.anchor)), node(str(OA.hasSelector))
    attributed = node(PROV + "wasAttributedTo")
    quads: list[ox.Quad] = []
    np_iri = nanopub_iri(claim.value)
    pub, head = node(np_iri), node(f"{np_iri}{separator}head")
    assertion, provenance, info = (
        node(f"{np_iri}{separator}{g}") for g in ("assertion", "provenance", "pubinfo")
    )
    for p, o in (
        (rdf("type"), node(NP + "Nanopublication")),
        (node(NP + "hasAssertion"), assertion),
        (node(NP + "hasProvenance"), provenance),
        (node(NP + "hasPublicationInfo"), info),
    ):
        quads.append(ox.Quad(pub, p, o, head))
    content = [index.value(claim, rdf(x)) for x in ("subject", "predicate", "object")]
    if None in content:  # content-only: the assertion is the claim's anchored text
        asserted = [ox.Triple(claim, rdf("type"), node(str(PROXY.UnstructuredClaim)))]
        for span in index.objects(claim, anchor):
            asserted.append(ox.Triple(claim, anchor, span))
            asserted += index.closure(span, through(selector))
    elif index.value(claim, node(str(PROXY.polarity))) == node(str(PROXY.Negated)):
        asserted = [
            ox.Triple(claim, p, o)
            for p, o in (
                (rdf("type"), rdf("Statement")),
                (rdf("subject"), content[0]),
                (rdf("predicate"), content[1]),
                (rdf("object"), content[2]),
                (node(str(PROXY.polarity)), node(str(PROXY.Negated))),
            )
        ]
    else:
        asserted = [ox.Triple(*content)]
    quads += [ox.Quad(t.subject, t.predicate, t.object, assertion) for t in asserted]
    # provenance: the claim's description (who, how, when, where) about the assertion
    prov_triples = [ox.Triple(assertion, node(PROV + "wasDerivedFrom"), claim)]
    prov_triples += index.closure(claim, through(anchor, selector))
    source = index.value(claim, attributed)
    if source is not None:
        prov_triples.append(ox.Triple(assertion, attributed, source))
        prov_triples += index.triples(source)
    article = index.value(claim, node(str(PROXY.reportedIn)))
    if isinstance(article, ox.NamedNode):  # where it was published, under which title, when
        prov_triples += [
            ox.Triple(article, node(str(p)), o)
            for p in ARTICLE_IDENTITY
            for o in index.objects(article, node(str(p)))
        ]
    quads += [ox.Quad(t.subject, t.predicate, t.object, provenance) for t in prov_triples]
    about = [(node(DCT + "isPartOf"), node(DATASET_IRI)), (node(PROV + "wasAttributedTo"), tool)]
    if dataset.license:
        about.append((node(DCT + "license"), node(dataset.license)))
    quads += [ox.Quad(pub, p, o, info) for p, o in about]
    quads += [ox.Quad(t.subject, t.predicate, t.object, info) for t in tool_triples()]
    return quads


def tool_iri() -> str:
    """The IRI of this version of kgtool, which nanopublications say made them."""
    return f"{BASE}tool/kgtool-{__version__}"


def tool_triples() -> list[ox.Triple]:
    tool = node(tool_iri())
    return [
        ox.Triple(tool, rdf("type"), node(PROV + "SoftwareAgent")),
        ox.Triple(tool, node(RDFS + "label"), ox.Literal(f"kgtool {__version__}")),
    ]


# --- schema.org and Web Annotation ------------------------------------------------------------


#: What identifies an article in every export: its title, date, address and archived copy.
ARTICLE_IDENTITY = (SCHEMA.headline, SCHEMA.datePublished, SCHEMA.url, SCHEMA.archivedAt)


def _first_quote(index: Index, claim) -> tuple[ox.Literal | None, list]:
    """The claim's anchors sorted by position, and the exact text of the first."""
    anchors = []
    for span in index.objects(claim, node(str(PROXY.anchor))):
        start, exact = None, None
        for sel in index.objects(span, node(str(OA.hasSelector))):
            start = start or index.value(sel, node(str(OA.start)))
            exact = exact or index.value(sel, node(str(OA.exact)))
        anchors.append((offset(start.value) if start is not None else -1, span, exact))
    anchors.sort(key=lambda a: (a[0], str(a[1])))
    return (anchors[0][2] if anchors else None), anchors


def ontology_quads() -> list[ox.Quad]:
    """The shipped ontology: the labels of the predicates a claim's sentence is made of."""
    return list(ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE))


def schema_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    """schema.org Claim items: text, author (the source), appearance (the article), about (the
    subject entity), and as label the claim in words (unless it has one).

    schema:appearance is "an occurrence of a Claim in some CreativeWork": the article, for every
    claim. schema:firstAppearance ("the first known occurrence") is the article only for the
    publisher's own claims: what a source said elsewhere first (the Pentagon's statement of the
    next day) merely reappears in it. isPartOf, subjectOf and citation do not fit: a claim is
    not a part of the article, is not its subject, and is not a work it cites."""
    s = SCHEMA
    index = Index(quads)
    original = quads
    sentences = claim_sentences.sentences_of_quads(quads, ontology_quads())
    quads = []
    label = node(RDFS + "label")
    attributed = node(PROV + "wasAttributedTo")
    for claim in _claims(index):
        quote, anchors = _first_quote(index, claim)
        article = index.value(anchors[0][1], node(str(OA.hasSource))) if anchors else None
        source = index.value(claim, attributed)
        subject = index.value(claim, rdf("subject"))
        triples: list[tuple[Any, ox.NamedNode, Any]] = [(claim, rdf("type"), node(str(s.Claim)))]
        if quote is not None:
            triples.append((claim, node(str(s.text)), quote))
        if article is not None:
            triples += [
                (claim, node(str(s.appearance)), article),
                (article, rdf("type"), node(str(s.NewsArticle))),
            ]
            if source is not None and source == index.value(article, attributed):
                triples.append((claim, node(str(s.firstAppearance)), article))
            for p in ARTICLE_IDENTITY:
                triples += [(article, node(str(p)), o) for o in index.objects(article, node(str(p)))]
        if source is not None:
            kind = index.value(source, node(str(PROXY.sourceKind)))
            person = kind in (node(str(PROXY.NamedPersonKind)), node(str(PROXY.AnonymousIndividualKind)))
            triples += [
                (claim, node(str(s.author)), source),
                (source, rdf("type"), node(str(s.Person if person else s.Organization))),
            ]
            triples += [(source, node(str(s.name)), o) for o in index.objects(source, label)]
            triples += [
                (source, node(str(s.description)), o)
                for o in index.objects(source, node(str(PROXY.descriptor)))
            ]
        if claim.value in sentences and index.value(claim, label) is None:
            triples.append((claim, label, ox.Literal(sentences[claim.value], language="en")))
        if isinstance(subject, ox.NamedNode):
            triples.append((claim, node(str(s.about)), subject))
            triples += [(subject, node(str(s.name)), o) for o in index.objects(subject, label)]
        quads += [ox.Quad(*t) for t in triples]
    quads += cluster_quads(original)
    return sorted(set(quads), key=str)


#: What tells that the data holds links between claims of several articles.
_LINKS = (str(PROXY.linkRelation), str(PROXY.sameClaimAs))


def cluster_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Each claim that appears more than once, as the corpus audit clusters it with the links a
    person wrote or accepted (an export publishes no proposal): a schema.org Claim with every
    article it appears in (schema:appearance), the earliest (schema:firstAppearance) and its
    roots (prov:hadPrimarySource); and each derivation as prov:wasDerivedFrom or
    prov:wasQuotedFrom from the claim to what it was taken from."""
    if not any(q.predicate.value in _LINKS for q in quads):
        return []
    from kgtool.audit.corpus import run_corpus_audit
    from kgtool.engines.oxigraph import OxigraphEngine

    engine = OxigraphEngine()
    engine.add_quads(ox.Quad(q.subject, q.predicate, q.object) for q in [*quads, *ontology_quads()])
    audit = run_corpus_audit(engine)
    out = [ox.Quad(node(link.subject), node(link.relation), node(link.object)) for link in audit.derivations]
    for cluster in audit.clusters:
        if len(cluster.claims) < 2:
            continue
        iri = node(str(BASE[f"cluster/{hashlib.sha256(' '.join(cluster.claims).encode()).hexdigest()[:20]}"]))
        out.append(ox.Quad(iri, rdf("type"), node(str(SCHEMA.Claim))))
        first = audit.corpus.claims[min(cluster.claims, key=audit.corpus.order)]
        if first.words:  # the words of its first appearance
            out.append(ox.Quad(iri, node(str(SCHEMA.text)), ox.Literal(first.words)))
        for claim in cluster.claims:
            out.append(ox.Quad(iri, node(str(SCHEMA.appearance)), node(audit.corpus.claims[claim].article)))
        out.append(
            ox.Quad(iri, node(str(SCHEMA.firstAppearance)), node(str(cluster.first_appearance["article"])))
        )
        out += [ox.Quad(iri, node(PROV + "hadPrimarySource"), node(root)) for root in cluster.roots]
    return out


def annotation_quads(index: Index, dataset: DatasetInfo = UNKNOWN) -> list[ox.Quad]:
    """One oa:Annotation per anchor: the claim is the body, the anchored span (the article's
    text by quote and by position) the target, the dataset's publisher its creator (where
    ``dataset`` knows it)."""
    creator = node(dataset.publisher) if dataset.publisher else None
    quads: list[ox.Quad] = []
    if creator is not None:
        quads.append(ox.Quad(creator, rdf("type"), node(FOAF + "Organization")))
        if dataset.publisher_name:
            quads.append(ox.Quad(creator, node(FOAF + "name"), ox.Literal(dataset.publisher_name)))
    for claim in _claims(index):
        quads += [q for found in annotations_of(index, claim, creator).values() for q in found]
    return sorted(set(quads), key=str)


def annotations_of(
    index: Index, claim: ox.NamedNode, creator: ox.NamedNode | None
) -> dict[str, list[ox.Quad]]:
    """The annotations of one claim (:func:`annotation_quads`) by IRI: each its quads, those of
    the span it targets with it."""
    found: dict[str, list[ox.Quad]] = {}
    for start, span, _ in _first_quote(index, claim)[1]:
        annotation = node(f"{claim.value}/annotation/{start}")
        quads = found.setdefault(annotation.value, [])
        quads += [
            ox.Quad(annotation, rdf("type"), node(str(OA.Annotation))),
            ox.Quad(annotation, node(str(OA.motivatedBy)), node(str(OA.describing))),
            ox.Quad(annotation, node(str(OA.hasBody)), claim),
            ox.Quad(annotation, node(str(OA.hasTarget)), span),
        ]
        if creator is not None:
            quads.append(ox.Quad(annotation, node(DCT + "creator"), creator))
        quads += [
            ox.Quad(t.subject, t.predicate, t.object)
            for t in index.closure(span, through(node(str(OA.hasSelector))))
        ]
    return found


def annotation_context() -> dict:
    """The W3C Web Annotation context, by the address the model requires (a shipped copy serves
    it: readers that know the model have it, the others fetch it, kgtool never does)."""
    return {"@context": WEB_ANNOTATION}


def positions_as_numbers(document: dict) -> dict:
    """oa:start and oa:end as JSON numbers, as the model's examples and annotation clients have
    them (the context types them xsd:nonNegativeInteger, so the triples are the same)."""
    for annotation in document.get("@graph", []):
        target = annotation.get("target")
        selectors = target.get("selector", []) if isinstance(target, dict) else []
        for selector in selectors if isinstance(selectors, list) else [selectors]:
            if selector.get("type") == "TextPositionSelector":
                for key in ("start", "end"):
                    if isinstance(selector.get(key), str) and selector[key].isdigit():
                        selector[key] = int(selector[key])
    return document


def schema_context() -> dict:
    return {
        "@context": {
            "@vocab": str(SCHEMA),
            "id": "@id",
            "type": "@type",
            "label": RDFS + "label",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "prov": PROV,  # a claim's derivation and roots, across articles
            "datePublished": {"@type": "xsd:date"},
        }
    }


# --- RDF 1.2 ---------------------------------------------------------------------------------


def rdf12_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Each claim reifies its content as an RDF 1.2 triple term instead of rdf:Statement and
    rdf:subject/predicate/object; everything else is kept."""
    index = Index(quads)
    claims = set(_claims(index))
    dropped = {rdf("subject"), rdf("predicate"), rdf("object")}
    out = [
        q
        for q in quads
        if not (
            q.subject in claims
            and (q.predicate in dropped or (q.predicate == rdf("type") and q.object == rdf("Statement")))
        )
    ]
    for claim in sorted(claims, key=str):
        content = [index.value(claim, rdf(x)) for x in ("subject", "predicate", "object")]
        if None not in content:  # a content-only claim has no triple to reify: its anchors stay
            out.append(ox.Quad(claim, rdf("reifies"), ox.Triple(*content)))
    return out


# --- the profiles ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """One shape of the export: the formats it can be written in and how its quads are built."""

    name: str
    summary: str  # for --help
    fits: Callable[[Format], bool]  # whether it can be written in a format
    refusal: tuple[str, str]  # (what is wrong, what to do) when it cannot; {label}: the format's
    build: Callable[[list[ox.Quad], DatasetInfo], list[ox.Quad]]  # the quads, what is known of
    # the dataset (its licence and publisher)
    frame: tuple[Callable[[], dict], str] | None = None  # framed JSON-LD: (context, @type)
    finish: Callable[[dict], dict] | None = None  # a last rewrite of the framed document


PROFILES: tuple[Profile, ...] = (
    Profile(
        "plain",
        "the graph as it is (JSON-LD compacted with ontology/context.jsonld)",
        lambda f: f.is_rdf,
        ("{label} is not an RDF format", "choose an RDF format"),
        lambda quads, _: quads,
    ),
    Profile(
        "nanopub",
        "one nanopublication per claim (TriG or N-Quads)",
        lambda f: f.kind is Kind.DATASET,
        ("nanopublications are named graphs", "export to TriG or N-Quads"),
        lambda quads, dataset: nanopub_quads(Index(quads), dataset),
    ),
    Profile(
        "schema",
        "schema.org Claim items (JSON-LD), as fact-checking tools read them",
        lambda f: f.is_rdf and f.syntax is Syntax.JSON,
        ("the schema profile is JSON-LD", "export to JSON-LD"),
        lambda quads, _: schema_quads(quads),
        frame=(schema_context, "Claim"),
    ),
    Profile(
        "annotation",
        "one W3C Web Annotation per anchor (JSON-LD), for annotation clients",
        lambda f: f.is_rdf and f.syntax is Syntax.JSON,
        ("the annotation profile is JSON-LD", "export to JSON-LD"),
        lambda quads, dataset: annotation_quads(Index(quads), dataset),
        frame=(annotation_context, "Annotation"),
        finish=positions_as_numbers,
    ),
    Profile(
        "rdf12",
        "claims as RDF 1.2 triple terms (rdf:reifies) in Turtle 1.2",
        lambda f: f.triple_terms,
        (
            "RDF 1.2 triple terms need " + ", ".join(f.label for f in formats.FORMATS if f.triple_terms),
            "export to Turtle",
        ),
        lambda quads, _: rdf12_quads(quads),
    ),
)


def profile_by_name(name: str) -> Profile:
    for profile in PROFILES:
        if profile.name == name:
            return profile
    raise UsageError(f"unknown profile {name!r}", f"use one of: {', '.join(p.name for p in PROFILES)}")


# --- entry point -----------------------------------------------------------------------------


def export(
    quads: list[ox.Quad],
    fmt: Format | str = "turtle",
    profile: str = "plain",
    sorted_lines: bool = False,
    sign_key: str | None = None,
    dataset: DatasetInfo = UNKNOWN,
) -> bytes:
    """The export of ``quads`` (as :meth:`kgtool.inputs.Inputs.quads` reads them) in the format
    ``fmt`` (a :class:`~kgtool.formats.Format` or its name) shaped by ``profile``; see
    :func:`export_to`."""
    if isinstance(fmt, str):
        fmt = formats.by_name(fmt, Kind.GRAPH, Kind.DATASET)
    buffer = io.BytesIO()
    export_to(buffer, quads, fmt, profile, sorted_lines, sign_key, dataset)
    return buffer.getvalue()


def export_to(
    output: BinaryIO,
    quads: list[ox.Quad],
    fmt: Format,
    profile: str = "plain",
    sorted_lines: bool = False,
    sign_key: str | None = None,
    dataset: DatasetInfo = UNKNOWN,
) -> None:
    """Write the export of ``quads`` in ``profile`` and ``fmt`` into ``output``; nanopublications
    signed with the RSA private key in the file ``sign_key``, if given; the dataset's licence and
    publisher as far as ``dataset`` knows them."""
    chosen = profile_by_name(profile)
    if not chosen.fits(fmt):
        problem, what_to_do = chosen.refusal
        raise UsageError(problem.format(label=fmt.label), what_to_do, options=("output_format",))
    if sign_key is None:
        out = chosen.build(quads, dataset)
    elif chosen.name == "nanopub":
        from kgtool.publish import signing as nanopub_signing

        key = nanopub_signing.read_key(sign_key)
        out = nanopub_signing.sign(nanopubs(Index(quads), separator="/", dataset=dataset), key)
    else:
        raise UsageError(
            f"the {chosen.name} profile is not signed: nanopublications are",
            "export the nanopub profile, or leave out the key",
            options=("sign_key",),
        )
    if chosen.frame is not None:
        context, frame_type = chosen.frame
        output.write(compact_jsonld(out, context(), frame_type=frame_type, finish=chosen.finish))
    else:
        write(out, fmt, output, sorted_lines)
