"""The links as RDF: a graph of its own that every command reads with ``-d`` like any data."""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kgtool.linking.finding import KINDS, Links
from kgtool.namespaces import BASE, PREFIXES, PROV, PROXY, RDF, RDFS, SCHEMA
from kgtool.version import __version__


def activity_iri(method: str) -> URIRef:
    """One activity per method and version of kgtool: what found a link, for its provenance."""
    slug = re.sub(r"[^a-z0-9]+", "-", method.casefold()).strip("-")
    return BASE[f"linking/{slug}/{__version__}"]


def links_graph(found: Links) -> Graph:
    """Each link a node (its type, the relation and its two ends, score, method, proposed), the activities
    that found them, and the outside outlets that claims derive from."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    agent = BASE["agent/kgtool-link"]
    graph.add((agent, RDF.type, PROV.SoftwareAgent))
    graph.add((agent, RDFS.label, Literal(f"kgtool link {__version__}")))
    for method in sorted({link.method for link in found.links}):
        activity = activity_iri(method)
        graph.add((activity, RDF.type, PROV.Activity))
        graph.add((activity, PROXY.method, Literal(method)))
        graph.add((activity, PROV.wasAssociatedWith, agent))
    for link in found.links:
        node = URIRef(link.iri)
        graph.add((node, RDF.type, KINDS[link.kind]))
        graph.add((node, PROXY.linkFrom, URIRef(link.subject)))
        graph.add((node, PROXY.linkRelation, URIRef(link.relation)))
        graph.add((node, PROXY.linkTo, URIRef(link.object)))
        graph.add((node, PROV.wasGeneratedBy, activity_iri(link.method)))
        graph.add((node, PROXY.score, Literal(f"{link.score:.3f}", datatype=XSD.decimal)))
        graph.add((node, PROXY.reviewStatus, PROXY.Proposed))
    for iri, label in sorted(found.outlets.items()):
        outlet = URIRef(iri)
        graph.add((outlet, RDF.type, PROXY.NamedSource))
        graph.add((outlet, RDF.type, SCHEMA.Organization))
        graph.add((outlet, RDFS.label, Literal(label)))
        graph.add((outlet, PROXY.sourceKind, PROXY.PublisherKind))
    return graph
