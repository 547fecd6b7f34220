"""A claims graph from a brat attribution corpus (``kgtool import brat``).

Every attribution becomes a content-only claim (proxy:UnstructuredClaim): its content is the
text of its content spans, one anchor per fragment, until a person structures it. Its cue and
source mention are anchored too (proxy:cueAnchor, proxy:sourceAnchor). Sources are not judged
named or anonymous here: each is a proxy:UnclassifiedSource labelled with its first mention,
one per distinct mention within an article (same words, case and spacing aside); a pronoun is
a source of its own, since "he" twice need not be one person. An attribution whose text gives
no source is attributed to proxy:NoSourceGiven. Quads are built directly (pyoxigraph), which
keeps a corpus of 20,000 attributions to seconds.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kgtool.authoring.anchors import LiteralValue, Triple, article_triples, span_iri, span_triples
from kgtool.authoring.brat import (
    ATTRIBUTION,
    HOUSEKEEPING,
    NO_SOURCE,
    PARTS,
    Attribution,
    Corpus,
    Document,
    TextBound,
)
from kgtool.namespaces import BASE, DCT, PROV, PROXY, RDF, RDFS, SCHEMA

_PRONOUNS = frozenset(
    (
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "they",
        "them",
        "their",
        "this",
        "that",
        "these",
        "those",
        "who",
        "which",
        "one",
        "someone",
        "somebody",
        "anyone",
        "everyone",
    )
)
#: What the other brat records are (https://brat.nlplab.org/standoff.html).
_RECORD_KINDS = {
    "#": "annotator notes",
    "A": "attributes",
    "M": "attributes",
    "R": "relations",
    "N": "normalizations",
    "*": "equivalences",
}
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"  # straight, curly and angle quotes


def _n(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _term(value: str | LiteralValue) -> ox.NamedNode | ox.Literal:
    if isinstance(value, LiteralValue):
        return ox.Literal(value.value, datatype=ox.NamedNode(value.datatype) if value.datatype else None)
    return ox.NamedNode(value)


def slug(text: str, limit: int = 60) -> str:
    """Lower-case letters, digits and '-'; a long one keeps a digest of the whole so that two
    texts cut to the same start stay apart."""
    out = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"
    if len(out) > limit:
        out = f"{out[:limit].rstrip('-')}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"
    return out


def article_keys(names: Iterable[str]) -> dict[str, str]:
    """Each article name's key in the IRIs: its slug, and where two names slug alike
    (``Story-1``, ``story_1``) a digest of the name as well, lest two texts merge into one
    article."""
    by_slug: dict[str, set[str]] = {}
    for name in names:
        by_slug.setdefault(slug(name, 80), set()).add(name)
    return {
        name: key if len(alike) == 1 else f"{key}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
        for key, alike in by_slug.items()
        for name in alike
    }


def mention_key(text: str) -> str:
    """What makes two source mentions of one article the same source."""
    return " ".join(text.split()).strip(".,;:!?" + _QUOTES).casefold()


def reporting_mode(content: str) -> ox.NamedNode:
    """A content that opens and closes with quotation marks is a direct quote, any other a
    paraphrase (the corpus does not say; mixed quotes count as paraphrase)."""
    stripped = content.strip().rstrip(".,;:")
    quoted = len(stripped) > 1 and stripped[0] in _QUOTES and stripped[-1] in _QUOTES
    return _n(PROXY.DirectQuote if quoted else PROXY.Paraphrase)


@dataclass
class ImportReport:
    """What the import did, for the one summary a person reads."""

    articles: int = 0
    claims: int = 0
    no_source: int = 0  # attributed to proxy:NoSourceGiven
    sources: int = 0
    content_at_cue: int = 0  # attributions without a content span, anchored at their cue
    ignored: Counter = field(default_factory=Counter)  # housekeeping span types
    unknown: Counter = field(default_factory=Counter)  # span types neither known nor housekeeping
    other_records: Counter = field(default_factory=Counter)  # by their letter: # notes, R, A ...
    several_annotators: dict[str, list[str]] = field(default_factory=dict)
    every_annotator: bool = False  # several annotators' attributions all kept, or the first's


class _Builder:
    def __init__(self, keys: dict[str, str]) -> None:
        self.keys = keys  # article name -> its key in the IRIs
        self.quads: list[ox.Quad] = []
        self.spans: set[ox.NamedNode] = set()
        self.described: set[ox.NamedNode] = set()  # publishers, articles, annotators: once each
        self.mentions: dict[ox.NamedNode, dict[str, ox.NamedNode]] = {}  # an article's sources
        self.report = ImportReport()

    def add(self, s: ox.NamedNode, p: object, o: object) -> None:
        self.quads.append(ox.Quad(s, _n(p), o if isinstance(o, (ox.NamedNode, ox.Literal)) else _n(o)))

    def add_all(self, triples: list[Triple]) -> None:
        self.quads += (ox.Quad(ox.NamedNode(s), ox.NamedNode(p), _term(o)) for s, p, o in triples)

    def span(self, article: ox.NamedNode, text: str, start: int, end: int) -> ox.NamedNode:
        node = ox.NamedNode(span_iri(article.value, start, end))
        if node not in self.spans:
            self.spans.add(node)
            self.add_all(span_triples(article.value, text, start, end))
        return node

    def anchors(
        self, claim: ox.NamedNode, prop: object, article: ox.NamedNode, text: str, spans: list[TextBound]
    ) -> None:
        """One anchor per fragment: a discontinuous span is several places of the text."""
        for span in spans:
            for start, end in span.fragments:
                self.add(claim, prop, self.span(article, text, start, end))

    def publisher(self, name: str) -> ox.NamedNode:
        """The publisher named by the file name's first part (PolNeAR: ``nyt_2016-...``)."""
        label = name.split("_", 1)[0]
        node = _n(BASE[f"entity/publisher-{slug(label)}"])
        if node in self.described:
            return node
        self.described.add(node)
        self.add(node, RDF.type, PROXY.NamedSource)
        self.add(node, RDF.type, SCHEMA.Organization)
        self.add(node, RDFS.label, ox.Literal(label))
        self.add(node, PROXY.sourceKind, PROXY.PublisherKind)
        return node

    def article(self, document: Document) -> ox.NamedNode:
        text = document.snapshot.text
        node = _n(BASE[f"article/{self.keys[document.name]}"])
        if node in self.described:  # a second annotator's reading of the same text
            return node
        self.described.add(node)
        self.report.articles += 1
        headline = next((line.strip() for line in text.splitlines() if line.strip()), document.name)
        publisher = self.publisher(document.name)
        self.add_all(article_triples(node.value, headline, publisher.value, document.snapshot.sha256))
        return node

    def source(
        self, article: ox.NamedNode, key: str, mention: TextBound, seen: dict[str, ox.NamedNode]
    ) -> ox.NamedNode:
        words = mention_key(mention.text)
        if words in _PRONOUNS:  # "he" twice need not be one person
            words = f"{words} {mention.fragments[0][0]}"
        if words not in seen:
            node = _n(BASE[f"source/{key}/{slug(words)}"])
            seen[words] = node
            self.add(node, RDF.type, PROXY.UnclassifiedSource)
            self.add(node, PROXY.sourceKind, PROXY.UnclassifiedKind)
            self.add(node, RDFS.label, ox.Literal(mention.text))
            self.report.sources += 1
        return seen[words]

    def claim(
        self,
        article: ox.NamedNode,
        key: str,
        text: str,
        attribution: Attribution,
        sources: dict[str, ox.NamedNode],
        claim_key: str,
        creator: ox.NamedNode | None,
    ) -> None:
        node = _n(BASE[f"claim/{claim_key}/{attribution.ident.lower()}"])
        if creator is not None:
            self.add(node, DCT.creator, creator)
        parts = attribution.parts
        content = parts["Content"] or [attribution.trigger]
        cue = parts["Cue"] or [attribution.trigger]
        self.report.content_at_cue += not parts["Content"]
        for kind in (RDF.Statement, PROXY.Claim, PROXY.UnstructuredClaim):
            self.add(node, RDF.type, kind)
        if parts["Source"]:
            source = self.source(article, key, parts["Source"][0], sources)
            self.anchors(node, PROXY.sourceAnchor, article, text, parts["Source"])
        else:
            source = _n(PROXY.NoSourceGiven)
            self.report.no_source += 1
        mode = reporting_mode(" ".join(span.text for span in content))
        self.add(node, PROV.wasAttributedTo, source)
        self.add(node, PROXY.reportedIn, article)
        self.add(node, PROXY.reportingMode, mode)
        relay = PROV.wasQuotedFrom if mode == _n(PROXY.DirectQuote) else PROV.wasDerivedFrom
        self.add(article, relay, node)
        self.add(node, PROXY.cue, ox.Literal(" ".join(span.text for span in cue)))
        self.anchors(node, PROXY.cueAnchor, article, text, cue)
        self.anchors(node, PROXY.anchor, article, text, content)
        self.report.claims += 1

    def annotator(self, name: str) -> ox.NamedNode:
        node = _n(BASE[f"annotator/{slug(name)}"])
        if node not in self.described:
            self.described.add(node)
            self.add(node, RDF.type, PROV.Agent)
            self.add(node, RDFS.label, ox.Literal(f"annotator {name}"))
        return node

    def document(self, document: Document) -> None:
        article = self.article(document)
        key = self.keys[document.name]
        sources = self.mentions.setdefault(article, {})  # one mention, one source, any annotator
        # every annotator's claims apart: E1 of one is not E1 of another
        claim_key = (
            f"{key}/{slug(document.annotator)}" if self.report.every_annotator and document.annotator else key
        )
        creator = self.annotator(document.annotator) if document.annotator else None
        for attribution in document.attributions:
            self.claim(article, key, document.snapshot.text, attribution, sources, claim_key, creator)
        for kind, count in document.span_types.items():
            if kind in HOUSEKEEPING:
                self.report.ignored[kind] += count
            elif kind not in (*PARTS, ATTRIBUTION, NO_SOURCE):
                self.report.unknown[kind] += count
        self.report.other_records.update(document.other_records)


def import_corpus(corpus: Corpus, every_annotator: bool = False) -> tuple[list[ox.Quad], ImportReport]:
    """The claims graph of ``corpus`` (quads of the default graph) and what was done."""
    builder = _Builder(article_keys(d.name for d in corpus.documents))
    builder.report.several_annotators = corpus.several_annotators
    builder.report.every_annotator = every_annotator
    for document in corpus.documents:
        builder.document(document)
    return builder.quads, builder.report


def summary(report: ImportReport) -> list[str]:
    """The lines a person reads on stderr: counts, and everything not imported as such."""
    lines = [
        f"imported {report.articles} articles, {report.claims} claims (one per "
        f"attribution; {report.no_source} without a source, attributed to "
        f"proxy:NoSourceGiven), {report.sources} sources"
    ]
    if report.ignored:
        lines.append(
            "ignored annotator housekeeping: "
            + ", ".join(f"{n} {kind} spans" for kind, n in sorted(report.ignored.items()))
        )
    if report.other_records:
        lines.append(
            "other records, not imported: "
            + ", ".join(
                f"{n} {_RECORD_KINDS.get(kind, repr(kind) + ' lines')}"
                for kind, n in sorted(report.other_records.items())
            )
        )
    if report.unknown:
        lines.append(
            "unknown span types, not imported: "
            + ", ".join(f"{kind} ({n})" for kind, n in sorted(report.unknown.items()))
        )
    if report.content_at_cue:
        lines.append(
            f"{report.content_at_cue} attributions without a content span: "
            "anchored at their attribution span (the cue's words)"
        )
    if report.several_annotators:
        first = ", ".join(
            f"{files[0]} of {len(files)}" for _, files in sorted(report.several_annotators.items())[:3]
        )
        more = ", ..." if len(report.several_annotators) > 3 else ""
        if report.every_annotator:
            lines.append(
                f"{len(report.several_annotators)} articles have several annotators: "
                "kept each one's attributions, as claims of their own (dcterms:creator)"
            )
        else:
            lines.append(
                f"{len(report.several_annotators)} articles have several annotators: "
                f"took the first by name ({first}{more})"
            )
    return lines
