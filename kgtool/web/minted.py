"""The IRIs kgtool mints beyond the graph, dereferenced like the graph's own: the dataset's
VoID/DCAT description (the dataset, its subsets and partitions, its distributions and data
service, its publisher), each claim's nanopublication and annotations as ``kgtool export``
gives them, and the tool their provenance names. Each is made when asked for, from its one
claim or from the measures of the data taken once."""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import Graph

from kgtool.namespaces import DATASET_IRI
from kgtool.publish import export
from kgtool.publish.dereference import describe_resource
from kgtool.publish.description import describe
from kgtool.publish.quad_index import Index
from kgtool.web.negotiation import RDF_OFFERS
from kgtool.web.site import Site

_ANNOTATION = re.compile(r"(?P<claim>.+)/annotation/-?\d+")


def description(site: Site, root: str) -> Graph:
    """The dataset's VoID and DCAT description as served at ``root``: its endpoint and dumps
    are this server's."""
    dumps = {f.name: f"{root}dump?format={f.name}" for f in RDF_OFFERS}
    return describe(site.measures(), endpoint=root + "sparql", dumps=dumps, info=site.dataset)


def minted(site: Site, iri: str, root: str) -> list[ox.Quad] | None:
    """What dereferencing ``iri`` gives, when kgtool minted it and the graph does not hold it;
    None for any other IRI."""
    if iri == DATASET_IRI or iri.startswith(DATASET_IRI + "/") or iri == site.dataset.publisher:
        described = Index(ox.parse(description(site, root).serialize(format="nt"), ox.RdfFormat.N_TRIPLES))
        return [ox.Quad(t.subject, t.predicate, t.object) for t in describe_resource(described, iri)] or None
    if iri == export.tool_iri():
        return [ox.Quad(t.subject, t.predicate, t.object) for t in export.tool_triples()]
    claim = site.nanopublished.get(iri)
    if claim is not None:
        return export.nanopub(site.index, ox.NamedNode(claim), dataset=site.dataset)
    annotation = _ANNOTATION.fullmatch(iri)
    if annotation and annotation["claim"] in site.claims:
        creator = ox.NamedNode(site.dataset.publisher) if site.dataset.publisher else None
        return export.annotations_of(site.index, ox.NamedNode(annotation["claim"]), creator).get(iri)
    return None
