"""Look-ups that both validation methods make in the data, written once for both stores.

pyshacl validates an rdflib graph and the SPARQL method the Oxigraph engine; both name a
result's claim and its quote, and put the snapshot's text on its article. :class:`OnGraph` and
:class:`OnEngine` give the few triple look-ups this needs, each in its store's own terms, so that
a look-up costs a few index probes on either (a query joining thousands of focus nodes through
property paths is slow on Oxigraph).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from kgtool.engines.oxigraph import OxigraphEngine
from kgtool.errors import InputError
from kgtool.namespaces import OA, PROXY, RDF
from kgtool.snapshot import Snapshot

QUOTE_CHARS = 60  # a claim's quote is shortened to this in the text report


class Triples(Protocol):
    """The look-ups of this module, on nodes of one store (IRIs given as strings)."""

    def subjects(self, predicate: str, node: Any) -> Iterator[Any]: ...
    def objects(self, node: Any, predicate: str) -> Iterator[Any]: ...
    def iri(self, iri: str) -> Any: ...
    def literal(self, text: str) -> Any: ...
    def text(self, literal: Any) -> str: ...
    def add(self, subject: Any, predicate: str, node: Any) -> None: ...


class OnGraph:
    """The look-ups on an rdflib graph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def subjects(self, predicate: str, node: Any) -> Iterator[Any]:
        return self.graph.subjects(URIRef(predicate), node)

    def objects(self, node: Any, predicate: str) -> Iterator[Any]:
        return self.graph.objects(node, URIRef(predicate))

    def iri(self, iri: str) -> URIRef:
        return URIRef(iri)

    def literal(self, text: str) -> Literal:
        return Literal(text)

    def text(self, literal: Any) -> str:
        return str(literal)

    def add(self, subject: Any, predicate: str, node: Any) -> None:
        self.graph.add((subject, URIRef(predicate), node))


class OnEngine:
    """The look-ups on the Oxigraph engine (the union of its graphs)."""

    def __init__(self, engine: OxigraphEngine) -> None:
        self.engine = engine

    def subjects(self, predicate: str, node: Any) -> Iterator[Any]:
        return (q.subject for q in self.engine.match(None, ox.NamedNode(predicate), node))

    def objects(self, node: Any, predicate: str) -> Iterator[Any]:
        return (q.object for q in self.engine.match(node, ox.NamedNode(predicate), None))

    def iri(self, iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def literal(self, text: str) -> ox.Literal:
        return ox.Literal(text)

    def text(self, literal: Any) -> str:
        return literal.value

    def add(self, subject: Any, predicate: str, node: Any) -> None:
        self.engine.add_quads([ox.Quad(subject, ox.NamedNode(predicate), node)])


def _is_claim(data: Triples, node: Any) -> bool:
    return data.iri(str(PROXY.Claim)) in set(data.objects(node, str(RDF.type)))


def _first(nodes: Iterator[Any]) -> Any | None:
    """The least node by its IRI or label: each store lists them in an order of its own."""
    return min(
        nodes, key=lambda n: n.value if isinstance(n, ox.NamedNode | ox.BlankNode) else str(n), default=None
    )


def claim_of(data: Triples, focus: Any) -> Any | None:
    """The claim a focus node belongs to: itself, the claim of an anchor (the least IRI, when
    claims share one), of a selector."""
    for _ in range(3):  # selector -> anchor -> claim
        if _is_claim(data, focus):
            return focus
        owner = _first(data.subjects(str(PROXY.anchor), focus))
        if owner is None:
            owner = _first(data.subjects(str(OA.hasSelector), focus))
        if owner is None:
            return None
        focus = owner
    return focus if _is_claim(data, focus) else None


def quote_of(data: Triples, claim: Any | None) -> str | None:
    """The claim's first quote (the least in code point order), shortened for a report."""
    if claim is None:
        return None
    quotes = sorted(
        data.text(exact)
        for anchor in data.objects(claim, str(PROXY.anchor))
        for selector in data.objects(anchor, str(OA.hasSelector))
        for exact in data.objects(selector, str(OA.exact))
    )
    if not quotes:
        return None
    quote = " ".join(quotes[0].split())
    return quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1] + "…"


def add_snapshot(data: Triples, snapshot: Snapshot) -> list[tuple[Any, str, Any]]:
    """Put the snapshot's text (proxy:snapshotText) on the article whose proxy:sha256 is its
    digest, for the quote check; the triples added (a caller that must leave the data as it
    was removes them). :class:`InputError` when no article of the data has that digest."""
    articles = list(data.subjects(str(PROXY.sha256), data.literal(snapshot.sha256)))
    if not articles:
        raise InputError(
            f"{snapshot.path}: its SHA-256 {snapshot.sha256} is not the proxy:sha256 "
            "of any article in the data",
            "give the snapshot the claims were compiled from",
        )
    text = data.literal(snapshot.text)
    added = [
        (article, str(PROXY.snapshotText), text)
        for article in articles
        if text not in set(data.objects(article, str(PROXY.snapshotText)))
    ]
    for triple in added:
        data.add(*triple)
    return added
