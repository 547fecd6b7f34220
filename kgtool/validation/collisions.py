"""IRIs that two inputs describe differently: two drafted articles that both minted
``claim/claim-001``, or two versions of one entity. Loaded together, their triples would merge
into one node that neither input describes, and no shape would say why; so each input's
descriptions are compared before the union is validated.

A subject is described by the set of its triples (its blank nodes' labels aside). Inputs that
describe it alike (a publisher shared by two articles) are not a collision.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import replace

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import SH

from kgtool.inputs.loading import Inputs
from kgtool.validation.report import KGS, Result

#: What such a result names as its shape and constraint: a check of kgtool's own, not a shape.
CHECK = KGS.OneDescriptionPerIri


def _descriptions(inputs: Inputs) -> dict[str, str]:
    """A digest of each IRI subject's triples in one input, by IRI."""
    triples: dict[str, list[str]] = defaultdict(list)
    for quad in inputs.quads():
        if isinstance(quad.subject, ox.NamedNode):
            obj = "_:" if isinstance(quad.object, ox.BlankNode) else str(quad.object)
            triples[quad.subject.value].append(f"{quad.predicate} {obj}")
    return {
        iri: hashlib.sha256("\n".join(sorted(set(found))).encode("utf-8")).hexdigest()
        for iri, found in triples.items()
    }


def collisions(inputs: Inputs) -> list[Result]:
    """One violation for each IRI that two of the data inputs describe differently, naming it
    and the first two inputs that do (the ontology, added to every input alike, is left out)."""
    if len(inputs.locations) < 2:
        return []
    first: dict[str, tuple[str, str]] = {}  # IRI -> (input, digest) where first described
    found: dict[str, Result] = {}
    for location in inputs.locations:
        one = replace(inputs, locations=(location,), ontology=None, progress=None)
        name = one.resolved()[0].name
        for iri, digest in _descriptions(one).items():
            if iri not in first:
                first[iri] = (name, digest)
            elif first[iri][1] != digest and iri not in found:
                found[iri] = Result(
                    severity=SH.Violation,
                    shape=CHECK,
                    component=CHECK,
                    focus=URIRef(iri),
                    path=None,
                    value=Literal(name),
                    message=f"{first[iri][0]} and {name} describe {iri} differently: loaded together "
                    "they merge into one node neither describes; give one of them IRIs of its own",
                    claim=None,
                    quote=None,
                    focus_name=iri,
                )
    return list(found.values())
