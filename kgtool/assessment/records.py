"""An assessment as a record, and as RDF: a PROV-O entity attributed to its analyst.

The graph holds the assessments and their analysts only, never a triple about a claim or a
source, so that it can be loaded beside any claims graph (or left out) without changing it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kgtool.errors import InputError
from kgtool.namespaces import BASE, PREFIXES, PROXY, local_name
from kgtool.vocabulary import CREDIBILITY_GRADES, RELIABILITY_GRADES

RELIABILITY, CREDIBILITY = "reliability", "credibility"
_CLASSES = {RELIABILITY: PROXY.ReliabilityAssessment, CREDIBILITY: PROXY.CredibilityAssessment}
_GRADES = {RELIABILITY: RELIABILITY_GRADES, CREDIBILITY: CREDIBILITY_GRADES}
_NOTATION = {iri: notation for grades in _GRADES.values() for notation, iri in grades.items()}


@dataclass(frozen=True, slots=True)
class Analyst:
    iri: str
    name: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """One analyst's grade of one thing at one time. ``aspect``: reliability (of a source,
    graded A-F) or credibility (of a claim, graded 1-6). ``cluster``: a credibility graded for
    the claim wherever it appears, the claim and every claim the corpus audit takes for the
    same (its cluster), rather than for this one report of it."""

    analyst: Analyst
    aspect: str
    assessed: str
    grade: str
    time: dt.datetime
    reason: str
    cluster: bool = False

    @property
    def iri(self) -> str:
        # readable and stable: who, what, when (an analyst grades a thing once at a time)
        stamp = self.time.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        # a thing outside kgtool's base by a digest: two IRIs may end alike (.../a/e1, .../b/e1)
        what = (
            self.assessed[len(BASE) :]
            if self.assessed.startswith(BASE)
            else "iri-" + hashlib.sha256(self.assessed.encode("utf-8")).hexdigest()[:32]
        )
        scope = "/cluster" if self.cluster else ""
        return f"{BASE}assessment/{local_name(self.analyst.iri)}/{what}{scope}/{stamp}"

    @property
    def graded(self) -> str:
        """What is graded, in words: the thing, or the cluster of a claim."""
        return f"the cluster of {self.assessed}" if self.cluster else self.assessed

    @property
    def grade_iri(self) -> URIRef:
        return _GRADES[self.aspect][self.grade]


def aspect_of(grade: str) -> str | None:
    """The scale a grade belongs to: a letter is a reliability, a digit a credibility."""
    return next((aspect for aspect, grades in _GRADES.items() if grade in grades), None)


def revisions(assessments: Iterable[Assessment]) -> dict[str, str]:
    """Which assessment revises which (IRI -> IRI): each analyst's assessments of one thing, in
    time order, each superseding the one before."""
    chains: dict[tuple, list[Assessment]] = defaultdict(list)
    for a in assessments:
        chains[(a.analyst.iri, a.aspect, a.assessed, a.cluster)].append(a)
    revised = {}
    for chain in chains.values():
        chain.sort(key=lambda a: a.time)
        for earlier, later in pairwise(chain):
            if earlier.time == later.time:
                raise InputError(
                    f"{later.analyst.name} assessed {later.graded} twice at {later.time.isoformat()}",
                    "keep one of them, or give the later one its own time",
                )
            revised[later.iri] = earlier.iri
    return revised


def current(assessments: Iterable[Assessment]) -> list[Assessment]:
    """The assessments no later one by the same analyst supersedes."""
    found = list(assessments)
    superseded = set(revisions(found).values())
    return [a for a in found if a.iri not in superseded]


def to_graph(assessments: Iterable[Assessment]) -> Graph:
    found = sorted(assessments, key=lambda a: (a.analyst.iri, a.assessed, a.cluster, a.time))
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("assessment", f"{BASE}assessment/")
    graph.bind("analyst", f"{BASE}analyst/")
    for a in found:
        node, analyst = URIRef(a.iri), URIRef(a.analyst.iri)
        graph.add((analyst, RDF.type, PROV.Agent))
        graph.add((analyst, RDFS.label, Literal(a.analyst.name)))
        graph.add((node, RDF.type, _CLASSES[a.aspect]))
        if a.cluster:
            graph.add((node, RDF.type, PROXY.ClusterCredibilityAssessment))
        graph.add((node, PROXY.assessed, URIRef(a.assessed)))
        graph.add((node, PROXY.grade, a.grade_iri))
        graph.add((node, PROV.wasAttributedTo, analyst))
        graph.add((node, PROV.generatedAtTime, Literal(a.time.isoformat(), datatype=XSD.dateTime)))
        graph.add((node, PROXY.reason, Literal(a.reason)))
    for later, earlier in revisions(found).items():
        graph.add((URIRef(later), PROV.wasRevisionOf, URIRef(earlier)))
    return graph


def to_turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


#: Every assessment of a graph, in the rows :func:`from_rows` reads.
QUERY = """
PREFIX proxy: <https://w3id.org/kgtool/proxy#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?assessment ?analyst ?name ?assessed ?grade ?time ?reason ?cluster WHERE {
  ?assessment proxy:assessed ?assessed ; proxy:grade ?grade ;
      prov:wasAttributedTo ?analyst ; prov:generatedAtTime ?time ; proxy:reason ?reason .
  OPTIONAL { ?analyst rdfs:label ?name }
  OPTIONAL { ?assessment a proxy:ClusterCredibilityAssessment . BIND (true AS ?cluster) }
}
"""


def from_rows(rows: Iterable[dict[str, str]]) -> list[Assessment]:
    """Assessments from the rows of :data:`QUERY` (ill-formed ones are left to validation's
    shapes: a grade of neither scale, a time that is not one)."""
    found = []
    for row in rows:
        notation = _NOTATION.get(URIRef(row["grade"]))
        aspect = aspect_of(notation) if notation else None
        try:
            time = dt.datetime.fromisoformat(row["time"])
        except ValueError:
            continue
        if aspect is None or notation is None or time.tzinfo is None:
            continue
        analyst = Analyst(row["analyst"], row.get("name") or local_name(row["analyst"]))
        cluster = row.get("cluster") in ("true", "1") and aspect == CREDIBILITY
        found.append(Assessment(analyst, aspect, row["assessed"], notation, time, row["reason"], cluster))
    return sorted(found, key=lambda a: (a.analyst.iri, a.assessed, a.cluster, a.time))
