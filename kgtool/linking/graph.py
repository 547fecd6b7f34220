"""The links as RDF: a graph of its own that every command reads with ``-d`` like any data."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.stores.memory import SimpleMemory

from kgtool.engines.rdflib import union_graph
from kgtool.linking.finding import KINDS, Links
from kgtool.namespaces import BASE, PREFIXES, PROV, PROXY, RDF, RDFS, SCHEMA
from kgtool.version import __version__


def activity_iri(method: str) -> URIRef:
    """One activity per method and version of kgtool: what found a link, for its provenance."""
    slug = re.sub(r"[^a-z0-9]+", "-", method.casefold()).strip("-")
    return BASE[f"linking/{slug}/{__version__}"]


def reviewed_links(earlier: Graph) -> set[URIRef]:
    """The links of an earlier links graph that a person accepted or rejected."""
    return {
        node
        for status in (PROXY.Accepted, PROXY.Rejected)
        for node in earlier.subjects(PROXY.reviewStatus, status)
        if isinstance(node, URIRef)
    }


def reviews(quads: Iterable[ox.Quad]) -> Graph:
    """The part of an earlier links graph (pyoxigraph quads) that reviews live in: every link a
    person accepted or rejected, and the activity that proposed it. Only that part is made an
    rdflib graph: the rest of a corpus's links graph is found again anyway."""
    quads = list(quads)
    status, generated_by = ox.NamedNode(str(PROXY.reviewStatus)), ox.NamedNode(str(PROV.wasGeneratedBy))
    done = {ox.NamedNode(str(PROXY.Accepted)), ox.NamedNode(str(PROXY.Rejected))}
    reviewed = {q.subject for q in quads if q.predicate == status and q.object in done}
    activities = {q.object for q in quads if q.subject in reviewed and q.predicate == generated_by}
    return union_graph(q for q in quads if q.subject in reviewed or q.subject in activities)


def links_graph(found: Links, earlier: Graph | None = None) -> Graph:
    """Each link a node (its type, the relation and its two ends, score, method, proposed), the
    activities that found them, and the outside outlets that claims derive from. A link that
    ``earlier`` (the links graph of a previous run) says a person accepted or rejected keeps that
    review, and is kept even when not found again: a person's review is never lost by linking
    again, and a rejected link is not proposed anew."""
    reviewed = reviewed_links(earlier) if earlier is not None else set()
    graph = Graph(store=SimpleMemory())  # one graph, no contexts: a store that indexes fewer
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    agent = BASE["agent/kgtool-link"]
    graph.add((agent, RDF.type, PROV.SoftwareAgent))
    graph.add((agent, RDFS.label, Literal(f"kgtool link {__version__}")))
    activities = {method: activity_iri(method) for method in sorted({link.method for link in found.links})}
    for method, activity in activities.items():
        graph.add((activity, RDF.type, PROV.Activity))
        graph.add((activity, PROXY.method, Literal(method)))
        graph.add((activity, PROV.wasAssociatedWith, agent))
    # tens of thousands of triples at corpus scale: each term is made once, not per triple
    add = graph.add
    a, link_from, relation, link_to, generated_by = (
        RDF.type, PROXY.linkFrom, PROXY.linkRelation, PROXY.linkTo, PROV.wasGeneratedBy
    )  # fmt: skip
    score, status, proposed, decimal = PROXY.score, PROXY.reviewStatus, PROXY.Proposed, XSD.decimal
    for link in found.links:
        node = URIRef(link.iri)
        add((node, a, KINDS[link.kind]))
        add((node, link_from, URIRef(link.subject)))
        add((node, relation, URIRef(link.relation)))
        add((node, link_to, URIRef(link.object)))
        add((node, generated_by, activities[link.method]))
        add((node, score, Literal(f"{link.score:.3f}", datatype=decimal)))
        if node not in reviewed:
            add((node, status, proposed))
    if earlier is not None:
        _keep_reviews(graph, earlier, reviewed)
    for iri, label in sorted(found.outlets.items()):
        outlet = URIRef(iri)
        graph.add((outlet, RDF.type, PROXY.NamedSource))
        graph.add((outlet, RDF.type, SCHEMA.Organization))
        graph.add((outlet, RDFS.label, Literal(label)))
        graph.add((outlet, PROXY.sourceKind, PROXY.PublisherKind))
    return graph


def _keep_reviews(graph: Graph, earlier: Graph, reviewed: set[URIRef]) -> None:
    """Each reviewed link as the person left it (its score as found now, when found again), with
    the activity that proposed it."""
    for node in reviewed:
        for triple in earlier.triples((node, None, None)):
            if triple[1] != PROXY.score or (node, PROXY.score, None) not in graph:
                graph.add(triple)
        activity = earlier.value(node, PROV.wasGeneratedBy)
        if activity is not None:
            for triple in earlier.triples((activity, None, None)):
                graph.add(triple)
