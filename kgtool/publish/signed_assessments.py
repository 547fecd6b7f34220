"""Analysts' assessments as nanopublications, one each, signed with the analyst's key so that a
reader can verify who graded what (as ``kgtool export --profile nanopub`` signs claims).

The assertion is the assessment itself (its grade, what it grades, its reason, the assessment
it revises) with its analyst; the provenance says the analyst made it, and when; the
publication info names the analyst.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import XSD, URIRef

from kgtool.assessment.records import Assessment, to_graph
from kgtool.engines.oxigraph import to_oxigraph
from kgtool.namespaces import BASE, NP, PROV
from kgtool.publish.export import node, rdf


def nanopub_iri(assessment: Assessment) -> str:
    return f"{BASE}np/{assessment.iri[len(BASE) :]}"


def nanopubs(assessments: Iterable[Assessment], separator: str = "#") -> list[list[ox.Quad]]:
    """One nanopublication per assessment; its graphs ``<np><separator>head`` etc. ("/" to be
    signed: nanopub puts them under the trusty URI)."""
    found = list(assessments)
    graph = to_graph(found)  # with the revisions among them
    made = []
    for a in found:
        np_iri = nanopub_iri(a)
        pub, head = node(np_iri), node(f"{np_iri}{separator}head")
        assertion, provenance, info = (
            node(f"{np_iri}{separator}{g}") for g in ("assertion", "provenance", "pubinfo")
        )
        quads = [
            ox.Quad(pub, p, o, head)
            for p, o in (
                (rdf("type"), node(NP + "Nanopublication")),
                (node(NP + "hasAssertion"), assertion),
                (node(NP + "hasProvenance"), provenance),
                (node(NP + "hasPublicationInfo"), info),
            )
        ]
        analyst = node(a.analyst.iri)
        quads += [
            ox.Quad(node(str(s)), to_oxigraph(p), to_oxigraph(o), assertion)  # type: ignore[arg-type]  # pyoxigraph's term unions
            for s in (URIRef(a.iri), URIRef(a.analyst.iri))
            for p, o in sorted(graph.predicate_objects(s))
        ]
        time = ox.Literal(a.time.isoformat(), datatype=node(str(XSD.dateTime)))
        quads += [
            ox.Quad(assertion, node(PROV + "wasAttributedTo"), analyst, provenance),
            ox.Quad(assertion, node(PROV + "generatedAtTime"), time, provenance),
            ox.Quad(pub, node(PROV + "wasAttributedTo"), analyst, info),
        ]
        made.append(quads)
    return made


def signed(assessments: Iterable[Assessment], key_path: str | None) -> list[ox.Quad]:
    """The nanopublications of the assessments, each signed with the RSA key in ``key_path``
    and renamed to its trusty URI; unsigned when no key is given."""
    if key_path is None:
        return [q for quads in nanopubs(assessments) for q in quads]
    from kgtool.publish import signing

    key = signing.read_key(key_path)
    return signing.sign(nanopubs(assessments, separator="/"), key)
