"""The SPARQL method of ``kgtool validate``: the shapes translated to SPARQL queries
(:mod:`kgtool.validation.shacl_to_sparql`) and run on Oxigraph, for inputs pyshacl cannot finish.

It answers as pyshacl would or not at all (exit 2, naming why). :func:`prepare`, called before
the data is loaded, knows everything that will run: the translation refuses a construct it does
not handle, naming it and the shape, and every query passes
:func:`kgtool.sparql.guard.check_query`, so a ``SERVICE`` in a shape never sends a request. Then
:func:`validate_store` runs the guard queries first: a literal the store cannot judge as pyshacl
would (its written form lost, or a datatype verdict nested where no Python can check it) stops
the run before any result is reported. The data is loaded by :func:`load`, which keeps what
the store does not of the integer literals as written (:mod:`kgtool.validation.written`): the
checks of an integer datatype judge those, and the report gives them as written.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.term import Node

from kgtool.engines.oxigraph import OxigraphEngine
from kgtool.errors import InputError, QueryRefused
from kgtool.namespaces import PROXY
from kgtool.progress import Progress
from kgtool.snapshot import Snapshot
from kgtool.sparql.guard import check_query
from kgtool.validation import shacl_to_sparql as shacl_sparql
from kgtool.validation.focus import OnEngine, add_snapshot, claim_of, quote_of
from kgtool.validation.report import Report, Result, namer, report_graph
from kgtool.validation.written import XSDNS, CannotJudge, WrittenForms

if TYPE_CHECKING:
    from kgtool.inputs.loading import Inputs

# The hint of a shape the SPARQL method cannot run; its option is the validation method.
_SIMPLIFY = "leave that construct out of the shapes, or validate with pyshacl"


def load(inputs: Inputs) -> tuple[OxigraphEngine, WrittenForms]:
    """The inputs in a new Oxigraph store, and what the store does not keep of them.

    Files are loaded by the store's own parser while a second parse notes the literals beside
    it (see :class:`OxigraphEngine`); where that parse's names of blank nodes are needed (an
    integer written otherwise on a blank node), the files are read again, the store's quads
    parsed in Python. A stream cannot be read again: it is read that way from the start."""
    again = inputs.can_read_again()
    written = WrittenForms()
    engine = OxigraphEngine(on_literal=written.see, beside=again)
    inputs.engine(engine)
    if again and written.on_blank_node:
        written = WrittenForms()
        engine = OxigraphEngine(on_literal=written.see)
        inputs.engine(engine)
    return engine, written


def prepare(shapes: Graph) -> list[shacl_sparql.ShapeCheck]:
    """The checks of the shapes, each query cleared to run; :class:`InputError` naming the
    construct and the shape when the shapes cannot be run as SPARQL."""
    try:
        checks = shacl_sparql.Translator(shapes).checks()
    except shacl_sparql.Unsupported as e:
        raise InputError(f"the shapes cannot be run as SPARQL: {e}", _SIMPLIFY, options=("method",)) from None
    for check in checks:
        if check.blind:  # no query of its own
            continue
        try:
            check_query(check.query, local=True)
        except QueryRefused as e:
            raise InputError(
                f"the shapes cannot be run as SPARQL: the query of "
                f"{check.constraint or check.shape} is refused: {e.message}",
                "validation never queries other servers or documents",
            ) from None
    return checks


def validate_engine(
    checks: list[shacl_sparql.ShapeCheck],
    engine: OxigraphEngine,
    written: WrittenForms,
    snapshot: Snapshot | None = None,
    progress: Progress | None = None,
) -> Report:
    """Run the checks (from :func:`prepare`) on the data loaded in the Oxigraph engine (the
    union of its graphs) by :func:`load`, which gave ``written``; with ``snapshot``, its text
    joins the article for the quote check."""
    if snapshot is not None:  # in this run's engine only: the files never change
        add_snapshot(OnEngine(engine), snapshot)
    query = engine.select_ntriples

    refusal = written.refusal
    for check in checks:
        if refusal is None and check.blind and check.datatype is None and written.disputed:
            refusal = f"{check.message} compares values, and {written.disputed}"
        if refusal is None and check.blind and check.datatype and written.any_retyped(check.datatype):
            refusal = (
                f"{check.message} cannot look up how its integers were written, and some are "
                f"written otherwise than as {check.datatype.n3()}"
            )
    if refusal is not None:
        raise CannotJudge(
            f"the SPARQL method cannot judge this data as written: {refusal}",
            "validate it with pyshacl",
            options=("method",),
        )
    try:  # the guards first: checks that cannot be judged on this data
        shacl_sparql.run([c for c in checks if c.guard and not c.blind], query)
    except shacl_sparql.Unsupported as e:
        raise CannotJudge(
            f"the shapes cannot be run as SPARQL on this data: {e}", _SIMPLIFY, options=("method",)
        ) from None
    checks = [_for_data(c, written) for c in checks if not c.guard]
    rows = []
    with ThreadPoolExecutor(2) as pool:  # Oxigraph evaluates without Python's lock: two cores
        found = pool.map(lambda check: shacl_sparql.run([check], query, written.as_written), checks)
        for done, check_rows in enumerate(found):
            if progress:
                progress("validate", done, len(checks))
            rows += check_rows
    if progress:
        progress("validate", len(checks), len(checks))
    (count,) = engine.select_strings(f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a <{PROXY.Claim}> }}")
    claims = int(count["n"])
    results = _sparql_results(rows, engine, written)
    return Report(None, sorted(results, key=Result.sort_key), claims, "sparql", lambda: report_graph(results))


def _for_data(check: shacl_sparql.ShapeCheck, written: WrittenForms) -> shacl_sparql.ShapeCheck:
    """The check with the integers written otherwise than its datatype in its query."""
    if check.written_path is None or check.datatype is None:
        return check
    prop = str(check.written_path)
    first = written.first.get(prop)
    every = first is not None and f"{XSDNS}{first}" != str(check.datatype)
    query = shacl_sparql.written_test(check, written.otherwise_on(prop), every)
    return replace(check, query=query)


def _term(text: str | None) -> Node | None:
    from rdflib.util import from_n3

    term = None if text is None else from_n3(text)
    assert term is None or isinstance(term, Node)  # N-Triples terms parse to nodes
    return term


def _sparql_results(rows: list, engine: OxigraphEngine, written: WrittenForms) -> list[Result]:
    """Results of the SPARQL checks, each with its claim and the claim's quote, looked up node
    by node in the store's indexes (see kgtool.validation.focus), and its value as written."""
    import pyoxigraph as ox

    lookup = OnEngine(engine)
    claims: dict[str, tuple[Node | None, str | None]] = {}
    names = namer()
    found = []
    for r in rows:
        if r.focus not in claims:
            node = (
                ox.NamedNode(r.focus[1:-1])
                if r.focus.startswith("<")
                else ox.BlankNode(r.focus[2:])
                if r.focus.startswith("_:")
                else None
            )
            claim = None if node is None else claim_of(lookup, node)
            claims[r.focus] = (None, None) if claim is None else (_term(str(claim)), quote_of(lookup, claim))
        claim, quote = claims[r.focus]
        value = r.value
        if value is not None and r.path is None and isinstance(r.check.path, URIRef):
            value = written.as_written(r.focus, str(r.check.path), value)
        focus = _term(r.focus)
        assert focus is not None  # every check query selects its focus node
        found.append(
            Result(
                severity=r.check.severity,
                shape=r.check.shape,
                component=r.component,
                focus=focus,
                path=r.check.path if r.path is None else _term(r.path),
                value=_term(value),
                message=r.message,
                claim=claim,
                quote=quote,
                focus_name=names(focus),
            )
        )
    return found
