"""What dereferencing an IRI of the graph gives (``kgtool serve``, ``kgtool export --resource``):
the resource's own triples and those of the nodes it owns."""

from __future__ import annotations

import pyoxigraph as ox

from kgtool.errors import UsageError
from kgtool.namespaces import OA, PROXY
from kgtool.publish.quad_index import Index, through


def describe_resource(index: Index, iri: str) -> list[ox.Triple]:
    """What dereferencing ``iri`` returns: its own triples, and those of the nodes it owns (IRIs
    below it, its anchors and their selectors), so a claim comes with the words it rests on."""
    anchors = through(ox.NamedNode(str(PROXY.anchor)), ox.NamedNode(str(OA.hasSelector)))

    def owned(triple: ox.Triple) -> bool:
        target = triple.object
        return isinstance(target, ox.NamedNode) and (anchors(triple) or target.value.startswith(iri + "/"))

    return index.closure(ox.NamedNode(iri), owned)


def resource_quads(quads: list[ox.Quad], iri: str) -> list[ox.Quad]:
    """The quads of :func:`describe_resource`, refusing an IRI the data does not describe."""
    triples = describe_resource(Index(quads), iri)
    if not triples:
        raise UsageError(f"{iri} is not described in the data", "check the IRI")
    return [ox.Quad(t.subject, t.predicate, t.object) for t in triples]


def describe_namespace(index: Index, prefix: str) -> list[ox.Triple]:
    """Every triple about an IRI in ``prefix``: an ontology document (``.../proxy#Term``)."""
    return [
        t
        for s in index.by_subject
        if isinstance(s, ox.NamedNode) and s.value.startswith(prefix)
        for t in index.triples(s)
    ]
