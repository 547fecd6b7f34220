"""A validation report, whichever method made it: the SHACL report graph, its results worst
first (each with the claim it concerns and that claim's quote), the text a person reads."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kgtool.errors import UsageError
from kgtool.namespaces import PREFIXES
from kgtool.validation.focus import OnGraph, claim_of, quote_of

KGS = Namespace("https://w3id.org/kgtool/shapes#")
#: Severity names (as given to ``--fail-on``), weakest first.
SEVERITIES: dict[str, URIRef] = {"info": SH.Info, "warning": SH.Warning, "violation": SH.Violation}
_RANK = {iri: rank for rank, iri in enumerate(SEVERITIES.values())}
_NAME = {iri: name for name, iri in SEVERITIES.items()}
REPORT_FORMATS = ("text", "turtle", "json-ld")


@dataclass(frozen=True)
class Result:
    """One SHACL validation result, with the claim it concerns when there is one."""

    severity: URIRef
    shape: Node
    component: URIRef
    focus: Node
    path: Node | None
    value: Node | None
    message: str
    claim: Node | None
    quote: str | None
    focus_name: str = ""

    @property
    def severity_name(self) -> str:
        return _NAME.get(self.severity, str(self.severity))

    def sort_key(self) -> tuple:
        return (
            -_RANK.get(self.severity, 0),
            str(self.shape),
            str(self.focus),
            str(self.path),
            str(self.value),
        )


def results_of(report: Graph, data: Graph, shapes: Graph) -> list[Result]:
    """The results of a SHACL report graph (pyshacl's), each with its claim and quote in ``data``."""
    names = namer()
    lookup = OnGraph(data)
    found = []
    for node in report.objects(None, SH.result):  # not sh:detail: nested results of sh:node
        shape = report.value(node, SH.sourceShape)
        # a SPARQL-based shape repeats its own message after the constraint's: keep the specific one
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        generic = {str(m) for m in shapes.objects(shape, SH.message)} if shape is not None else set()
        message = next((m for m in messages if m not in generic), messages[0] if messages else "")
        focus = report.value(node, SH.focusNode)
        severity = report.value(node, SH.resultSeverity)
        component = report.value(node, SH.sourceConstraintComponent)
        # SHACL gives every result these (section 3.6.2); a report without them is not one
        assert isinstance(severity, URIRef) and isinstance(component, URIRef)
        assert shape is not None and focus is not None
        claim = claim_of(lookup, focus)
        found.append(
            Result(
                severity=severity,
                shape=shape,
                component=component,
                focus=focus,
                path=report.value(node, SH.resultPath),
                value=report.value(node, SH.value),
                message=message,
                claim=claim,
                quote=quote_of(lookup, claim),
                focus_name=names(focus),
            )
        )
    return found


def prefixes() -> dict[str, str]:
    return {**PREFIXES, "kgs": str(KGS), "sh": str(SH)}


def namer():
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes().items():
        graph.bind(prefix, namespace)

    def name(node: Node | None) -> str:
        if node is None:
            return "-"
        if isinstance(node, URIRef):
            try:
                return graph.namespace_manager.normalizeUri(node)
            except Exception:  # rdflib refuses some local names; the full IRI is always right
                return f"<{node}>"
        if isinstance(node, Literal):
            return node.n3(graph.namespace_manager)
        return "[]"  # a blank node: a structured path or value

    return name


@dataclass
class Report:
    """A validation report: the SHACL report graph and its results, worst first.

    The graph may be built on first use (``build``): at corpus scale the text report does not
    need it, and tens of thousands of results make a large rdflib graph."""

    built: Graph | None
    results: list[Result]
    claims: int
    method: str = "pyshacl"
    build: Callable[[], Graph] | None = None

    @property
    def graph(self) -> Graph:
        if self.built is None:
            self.built = self.build() if self.build else Graph()
        return self.built

    def extended(self, extra: list[Result]) -> Report:
        """This report with more results (found by kgtool itself, not by a shape): in the
        results, worst first, and in the report graph."""
        if not extra:
            return self
        results = sorted([*self.results, *extra], key=Result.sort_key)
        return Report(None, results, self.claims, self.method, lambda: add_results(self.graph, extra))

    def count(self, severity: URIRef) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def fails(self, level: str = "violation") -> bool:
        """Whether any result is at or above ``level`` (violation, warning or info), or there was
        no claim to check: shapes that find nothing in data without claims prove nothing."""
        threshold = _RANK[SEVERITIES[level]]
        return not self.claims or any(_RANK.get(r.severity, 0) >= threshold for r in self.results)

    def summary(self, level: str = "violation") -> str:
        """One line. SHACL's sh:conforms is false for any result at all, so results below
        ``level`` are named as such ("no violations (67 warnings)"), never as "conforms"."""
        scope = f"({self.claims} claims checked; failing on {level})"
        counts = ", ".join(
            f"{n} {name}{'s' if n != 1 else ''}"
            for name, iri in reversed(SEVERITIES.items())
            if (n := self.count(iri))
        )
        if not self.claims:
            return f"no claims: the data holds no proxy:Claim{'; ' + counts if counts else ''} {scope}"
        if not self.results:
            return f"conforms: no results {scope}"
        if self.fails(level):
            return f"does not conform: {counts} {scope}"
        failing = [
            f"{name}s" for name, iri in reversed(SEVERITIES.items()) if _RANK[iri] >= _RANK[SEVERITIES[level]]
        ]
        return f"no {' or '.join(failing)} ({counts}) {scope}"

    def render(self, report_format: str = "text", level: str = "violation") -> bytes:
        if report_format == "text":
            return self.text(level).encode("utf-8")
        if report_format == "turtle":
            return self.graph.serialize(format="turtle", encoding="utf-8")
        if report_format == "json-ld":
            context = prefixes()
            document = json.loads(self.graph.serialize(format="json-ld", context=context))
            return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        raise UsageError(
            f"unknown report format {report_format!r}", f"use one of: {', '.join(REPORT_FORMATS)}"
        )

    def text(self, level: str = "violation") -> str:
        """Results grouped by shape: for each, the claim and its quote, path, value, message."""
        name = namer()
        lines: list[str] = []
        groups: dict[Node, list[Result]] = {}
        for result in sorted(self.results, key=Result.sort_key):
            groups.setdefault(result.shape, []).append(result)
        for shape, results in groups.items():
            severity = results[0].severity_name
            lines.append(f"{name(shape)}: {len(results)} {severity}{'s' if len(results) > 1 else ''}")
            for r in results:
                where = name(r.claim) if r.claim is not None else r.focus_name
                quote = f" {json.dumps(r.quote, ensure_ascii=False)}" if r.quote else ""
                lines.append(f"  {where}{quote}")
                if r.claim is not None and r.claim != r.focus:
                    lines.append(f"    focus: {r.focus_name}")
                lines.append(f"    path: {name(r.path)}  value: {name(r.value)}  ({name(r.component)})")
                lines.append(f"    {r.message}")
        lines.append(self.summary(level))
        return "\n".join(lines) + "\n"


def report_graph(results: list[Result]) -> Graph:
    """The SHACL validation report graph of results (as pyshacl writes it, without details)."""
    graph = Graph()
    for prefix, namespace in prefixes().items():
        graph.bind(prefix, namespace)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(True)))
    return add_results(graph, results)


def add_results(graph: Graph, results: list[Result]) -> Graph:
    """``graph``, a SHACL validation report, with ``results`` added to it (its sh:conforms false
    when there is any: SHACL's conformance counts every result)."""
    report = next(graph.subjects(RDF.type, SH.ValidationReport))
    for r in results:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        for predicate, value in (
            (SH.focusNode, r.focus),
            (SH.resultSeverity, r.severity),
            (SH.sourceShape, r.shape),
            (SH.sourceConstraintComponent, r.component),
            (SH.resultPath, r.path),
            (SH.value, r.value),
        ):
            if value is not None:
                graph.add((node, predicate, value))
        if r.message:
            graph.add((node, SH.resultMessage, Literal(r.message)))
    if results:
        graph.set((report, SH.conforms, Literal(False)))
    return graph
