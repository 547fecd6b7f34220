"""Checking the graph: SHACL validation (pyshacl, or the shapes as SPARQL on Oxigraph at corpus
scale) and the coverage of an article's text by its claims.

:func:`validate_files` is the entry point: it reads the inputs, picks the method and gives a
:class:`Report`.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph

from kgtool.engines import Engine
from kgtool.errors import UsageError
from kgtool.inputs.loading import STDIN, Inputs
from kgtool.snapshot import Snapshot
from kgtool.validation.collisions import collisions
from kgtool.validation.report import REPORT_FORMATS, SEVERITIES, Report, Result
from kgtool.validation.shapes import load_shapes, shape_files
from kgtool.validation.with_pyshacl import validate
from kgtool.validation.written import CannotJudge

__all__ = [
    "FAST_ABOVE_BYTES",
    "METHODS",
    "REPORT_FORMATS",
    "SEVERITIES",
    "CannotJudge",
    "Report",
    "Result",
    "load_shapes",
    "shape_files",
    "validate",
    "validate_files",
]


#: Inputs larger than this (bytes, all files together) are validated by the SPARQL translation
#: of the shapes on Oxigraph; smaller ones by pyshacl, the reference. About 5,000 claims in
#: N-Triples, where pyshacl becomes slow; the tests prove both give the same results.
FAST_ABOVE_BYTES = 16 << 20
METHODS = ("auto", "pyshacl", "sparql")


def validate_files(
    inputs: Inputs | None = None,
    *,
    shapes: Graph | None = None,
    snapshot: Snapshot | None = None,
    method: str = "auto",
    engine_checks: Callable[[Engine], list[Result]] | None = None,
) -> Report:
    """Validate the inputs (default: the shipped claims, with the ontology).

    ``method``: "pyshacl" (the reference), "sparql" (the shapes translated to SPARQL and run on
    Oxigraph) or "auto": SPARQL when the inputs are larger than :data:`FAST_ABOVE_BYTES`.
    ``inputs.progress(stage, done, total)`` is called as inputs load and checks run.
    ``engine_checks``: checks of a higher layer (the analysts' grades against the audit) run on
    the same data in an Oxigraph store, so that the inputs are read once (stdin can be).
    """
    if method not in METHODS:
        raise UsageError(f"unknown validation method {method!r}", f"use one of: {', '.join(METHODS)}")
    inputs = Inputs() if inputs is None else inputs
    shapes = load_shapes() if shapes is None else shapes
    chosen = method
    if method == "auto":
        chosen = "sparql" if inputs.local_bytes() > FAST_ABOVE_BYTES else "pyshacl"
    engine: Engine | None = None
    if chosen == "sparql":
        try:
            report, engine = _validate_sparql(inputs, shapes, snapshot)
        except CannotJudge:
            # a literal the store reads otherwise than pyshacl: the reference, read again
            if method != "auto" or any(location == STDIN for location in inputs.locations):
                raise
            chosen = "pyshacl"
    if chosen == "pyshacl":
        graph = inputs.graph()
        report = validate(graph, shapes, snapshot)
        if engine_checks:
            engine = _store_of(graph)
    extra = engine_checks(engine) if engine_checks and engine is not None else []
    return report.extended(collisions(inputs)).extended(extra)


def _store_of(graph: Graph) -> Engine:
    import pyoxigraph as ox

    from kgtool.engines.oxigraph import OxigraphEngine, to_oxigraph

    engine = OxigraphEngine()
    engine.add_quads(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]  # pyoxigraph's term unions
        for s, p, o in graph
    )
    return engine


def _validate_sparql(inputs: Inputs, shapes: Graph, snapshot: Snapshot | None) -> tuple[Report, Engine]:
    from kgtool.validation import with_sparql

    checks = with_sparql.prepare(shapes)  # unsupported shapes fail before a long load
    engine, written = with_sparql.load(inputs)
    return with_sparql.validate_engine(checks, engine, written, snapshot, inputs.progress), engine
