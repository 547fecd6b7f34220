"""SHACL validation of the claims graph: load shapes and data, run pyshacl, report.

The shapes (``shapes/*.ttl``) are standard SHACL Core and SHACL-SPARQL, so any SHACL engine can
run them; kgtool runs pyshacl over the union of all inputs (one rdflib graph: pyshacl would
validate named graphs one by one and miss a violation that spans two of them). The inputs
(:class:`kgtool.inputs.loading.Inputs`) add the ontology to the data, so that shapes can check that a
claim's predicate is declared.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from kgtool import resources
from kgtool.errors import InputError, QueryRefused, UsageError
from kgtool.inputs import loading
from kgtool.inputs.offline import offline
from kgtool.namespaces import PREFIXES, PROXY
from kgtool.snapshot import Snapshot
from kgtool.sparql.guard import check_query
from kgtool.validation.focus import OnGraph, add_snapshot, claim_of, quote_of

#: The shapes' own namespace (their IRIs appear in reports as sh:sourceShape).
KGS = Namespace("https://w3id.org/kgtool/shapes#")
#: Severity names (as given to ``--fail-on``), weakest first.
SEVERITIES: dict[str, URIRef] = {"info": SH.Info, "warning": SH.Warning, "violation": SH.Violation}
_RANK = {iri: rank for rank, iri in enumerate(SEVERITIES.values())}
_NAME = {iri: name for name, iri in SEVERITIES.items()}
REPORT_FORMATS = ("text", "turtle", "json-ld")
_SHACL_SPEC = "see https://www.w3.org/TR/shacl/#shacl-shacl"
_SHAPES: dict[tuple, Graph] = {}  # shapes that passed the checks, by file, mtime and size


class _PreparedQueries(Graph):
    """A graph that parses each SPARQL text once. pyshacl runs a SHACL-SPARQL constraint once per
    focus node and rdflib parses the text every time (~30 ms): at 100,000 anchors that alone
    would take an hour. Shares the store of the graph it wraps: no copy."""

    prepared: ClassVar[dict[str, Any]] = {}  # query text -> parsed query, for the process

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if isinstance(query_object, str) and not kwargs.get("initNs"):
            if query_object not in self.prepared:
                self.prepared[query_object] = prepareQuery(query_object)
            query_object = self.prepared[query_object]
        return super().query(query_object, *args, **kwargs)


def shape_files(path: str | Path | None = None) -> list[Path]:
    """The shapes files: every ``*.ttl`` of a folder (default: the shipped shapes) or one file."""
    path = Path(path) if path else resources.shapes_dir()
    if path.is_dir():
        files = sorted(path.glob("*.ttl"))
        if not files:
            raise InputError(f"{path}: no shapes (*.ttl) in this folder", "give a shapes file or folder")
        return files
    if not path.exists():
        raise InputError(f"{path}: no such file", "check the path", options=("shapes",))
    return [path]


def load_shapes(path: str | Path | None = None) -> Graph:
    """Parse the shapes and check them against the W3C SHACL-for-SHACL shapes."""
    from pyshacl.entrypoints import meta_validate

    files = shape_files(path)
    key = tuple((str(f.resolve()), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    if key in _SHAPES:  # meta-validation takes a second: once per process and version of the files
        return _SHAPES[key]
    shapes = loading.Inputs(tuple(map(str, files)), ontology=None).graph()  # format by file name
    with offline():
        conforms, report, _ = meta_validate(shapes, inference="none", do_owl_imports=False)
    if not conforms:
        first = next(iter(sorted(_results(report, Graph(), Graph()), key=Result.sort_key)))
        raise InputError(f"{', '.join(map(str, files))}: the shapes are not valid SHACL: "
                         f"{first.focus_name} {first.message}", _SHACL_SPEC)
    _check_sparql(shapes, files)
    _SHAPES[key] = shapes
    return shapes


def _refuse_remote(shapes: Graph, where: str) -> None:
    """Refuse SHACL-SPARQL that would reach the network (SERVICE, FROM) before pyshacl or
    Oxigraph sees it: rdflib would send the request, Oxigraph too, from Rust."""
    queries = [pair for key in (SH.select, SH.ask) for pair in shapes.subject_objects(key)]
    for constraint, query in sorted(queries):
        try:
            check_query(str(query), local=True)
        except QueryRefused as e:
            raise InputError(f"{where}: the SPARQL query of {constraint} is refused: {e.message}",
                             "kgtool validate never queries other servers or documents") from None


def _check_sparql(shapes: Graph, files: list[Path]) -> None:
    """Parse every SHACL-SPARQL query now: pyshacl only does so when a focus node reaches it."""
    _refuse_remote(shapes, ", ".join(map(str, files)))
    declared = {str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
                for d in shapes.objects(None, SH.declare)}
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(declared.items()))
    for constraint, query in sorted(shapes.subject_objects(SH.select)):
        try:
            prepareQuery(header + str(query))
        except Exception as e:
            first = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise InputError(f"{', '.join(map(str, files))}: the SPARQL query of {constraint} does "
                             f"not parse: {first}", "see SHACL section 5 (SPARQL-based constraints)"
                             ) from None


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
        return (-_RANK.get(self.severity, 0), str(self.shape), str(self.focus), str(self.path),
                str(self.value))


def _results(report: Graph, data: Graph, shapes: Graph) -> list[Result]:
    names = _namer()
    lookup = OnGraph(data)
    found = []
    for node in report.objects(None, SH.result):  # not sh:detail: nested results of sh:node
        shape = report.value(node, SH.sourceShape)
        # a SPARQL-based shape repeats its own message after the constraint's: keep the specific one
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        generic = {str(m) for m in shapes.objects(shape, SH.message)} if shape is not None else set()
        message = next((m for m in messages if m not in generic), messages[0] if messages else "")
        focus = report.value(node, SH.focusNode)
        claim = claim_of(lookup, focus)
        found.append(Result(
            severity=report.value(node, SH.resultSeverity), shape=shape,
            component=report.value(node, SH.sourceConstraintComponent), focus=focus,
            path=report.value(node, SH.resultPath), value=report.value(node, SH.value),
            message=message, claim=claim, quote=quote_of(lookup, claim), focus_name=names(focus)))
    return found


def _prefixes() -> dict[str, str]:
    return {**PREFIXES, "kgs": str(KGS), "sh": str(SH)}


def _namer():
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in _prefixes().items():
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

    def count(self, severity: URIRef) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def fails(self, level: str = "violation") -> bool:
        """Whether any result is at or above ``level`` (violation, warning or info)."""
        threshold = _RANK[SEVERITIES[level]]
        return any(_RANK.get(r.severity, 0) >= threshold for r in self.results)

    def summary(self, level: str = "violation") -> str:
        """One line. SHACL's sh:conforms is false for any result at all, so results below
        ``level`` are named as such ("no violations (67 warnings)"), never as "conforms"."""
        scope = f"({self.claims} claims checked; failing on {level})"
        if not self.results:
            return f"conforms: no results {scope}"
        counts = ", ".join(f"{n} {name}{'s' if n != 1 else ''}"
                           for name, iri in reversed(SEVERITIES.items()) if (n := self.count(iri)))
        if self.fails(level):
            return f"does not conform: {counts} {scope}"
        failing = [f"{name}s" for name, iri in reversed(SEVERITIES.items())
                   if _RANK[iri] >= _RANK[SEVERITIES[level]]]
        return f"no {' or '.join(failing)} ({counts}) {scope}"

    def render(self, report_format: str = "text", level: str = "violation") -> bytes:
        if report_format == "text":
            return self.text(level).encode("utf-8")
        if report_format == "turtle":
            return self.graph.serialize(format="turtle", encoding="utf-8")
        if report_format == "json-ld":
            context = _prefixes()
            document = json.loads(self.graph.serialize(format="json-ld", context=context))
            return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        raise UsageError(f"unknown report format {report_format!r}",
                         f"use one of: {', '.join(REPORT_FORMATS)}")

    def text(self, level: str = "violation") -> str:
        """Results grouped by shape: for each, the claim and its quote, path, value, message."""
        name = _namer()
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
                lines.append(f"    path: {name(r.path)}  value: {name(r.value)}  "
                             f"({name(r.component)})")
                lines.append(f"    {r.message}")
        lines.append(self.summary(level))
        return "\n".join(lines) + "\n"


def validate(data: Graph, shapes: Graph | None = None, snapshot: Snapshot | None = None) -> Report:
    """Validate ``data`` against the shapes; a dataset is validated as the union of its graphs.

    With ``snapshot``, the article's text is supplied as an extra graph so that the quote check
    compares every quote with the text at its offsets.
    """
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    shapes = load_shapes() if shapes is None else shapes
    _refuse_remote(shapes, "the shapes")  # also when given as a graph, not through load_shapes
    if data.context_aware:  # a Dataset: validate the union, never graph by graph
        union = Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            union.add((s, p, o))
        data = union
    # The snapshot's text joins the data for this run only (pyshacl's ont_graph would copy
    # only ontology axioms); pyshacl runs in place, without inference, so nothing else changes.
    added = add_snapshot(OnGraph(data), snapshot) if snapshot is not None else []
    try:
        with offline():  # pyshacl must never fetch anything: no imports, no remote graphs
            _, report, _ = pyshacl.validate(
                _PreparedQueries(store=data.store, identifier=data.identifier),
                shacl_graph=shapes, inference="none", abort_on_first=False, do_owl_imports=False,
                meta_shacl=False, advanced=False, js=False, inplace=True)
    except ReportableRuntimeError as e:
        first = str(e.message if hasattr(e, "message") else e).strip().splitlines()[0]
        raise InputError(f"the shapes cannot be run: {first}", _SHACL_SPEC) from None
    finally:
        for subject, predicate, text in added:
            data.remove((subject, URIRef(predicate), text))
    for prefix, namespace in _prefixes().items():
        report.bind(prefix, namespace)
    claims = sum(1 for _ in data.subjects(RDF.type, PROXY.Claim))
    return Report(report, sorted(_results(report, data, shapes), key=Result.sort_key), claims)


# --- at corpus scale: the shapes as SPARQL queries on Oxigraph (kgtool.validation.shacl_to_sparql) ---------

#: Inputs larger than this (bytes, all files together) are validated by the SPARQL translation
#: of the shapes on Oxigraph; smaller ones by pyshacl, the reference. About 5,000 claims in
#: N-Triples, where pyshacl takes half a minute; the tests prove both give the same results.
FAST_ABOVE_BYTES = 16 << 20
METHODS = ("auto", "pyshacl", "sparql")


def validate_files(inputs: loading.Inputs | None = None, *, shapes: Graph | None = None,
                   snapshot: Snapshot | None = None, method: str = "auto") -> Report:
    """Validate the inputs (default: the shipped claims, with the ontology).

    ``method``: "pyshacl" (the reference), "sparql" (the shapes translated to SPARQL and run on
    Oxigraph) or "auto": SPARQL when the inputs are larger than :data:`FAST_ABOVE_BYTES`.
    ``inputs.progress(stage, done, total)`` is called as inputs load and checks run.
    """
    if method not in METHODS:
        raise UsageError(f"unknown validation method {method!r}", f"use one of: {', '.join(METHODS)}")
    inputs = loading.Inputs() if inputs is None else inputs
    shapes = load_shapes() if shapes is None else shapes
    if method == "auto":
        method = "sparql" if inputs.local_bytes() > FAST_ABOVE_BYTES else "pyshacl"
    if method == "pyshacl":
        return validate(inputs.graph(), shapes, snapshot)
    return _validate_sparql(inputs, shapes, snapshot)


def _validate_sparql(inputs: loading.Inputs, shapes: Graph, snapshot: Snapshot | None) -> Report:
    from kgtool.engines.oxigraph import OxigraphEngine
    from kgtool.validation import (
        with_sparql as validation_sparql,  # it builds on this module's Report and Result
    )

    checks = validation_sparql.prepare(shapes)  # unsupported shapes fail before a long load
    store = inputs.engine(OxigraphEngine()).store
    return validation_sparql.validate_store(checks, store, snapshot, inputs.progress)
