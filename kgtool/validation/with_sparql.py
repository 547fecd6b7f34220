"""The SPARQL method of ``kgtool validate``: the shapes translated to SPARQL queries
(:mod:`kgtool.validation.shacl_to_sparql`) and run on Oxigraph, for inputs pyshacl cannot finish.

It answers as pyshacl would or not at all (exit 2, naming why). :func:`prepare`, called before
the data is loaded, knows everything that will run: the translation refuses a construct it does
not handle, naming it and the shape, and every query passes
:func:`kgtool.sparql.guard.check_query`, so a ``SERVICE`` in a shape never sends a request. Then
:func:`validate_store` runs the guard queries first: a literal the store cannot judge as pyshacl
would (its written form lost, or a datatype verdict nested where no Python can check it) stops
the run before any result is reported.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from rdflib import Graph
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

# The hint of a shape the SPARQL method cannot run; its option is the validation method.
_SIMPLIFY = "leave that construct out of the shapes, or validate with pyshacl"


def prepare(shapes: Graph) -> list[shacl_sparql.ShapeCheck]:
    """The checks of the shapes, each query cleared to run; :class:`InputError` naming the
    construct and the shape when the shapes cannot be run as SPARQL."""
    try:
        checks = shacl_sparql.Translator(shapes).checks()
    except shacl_sparql.Unsupported as e:
        raise InputError(f"the shapes cannot be run as SPARQL: {e}", _SIMPLIFY, options=("method",)) from None
    for check in checks:
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
    snapshot: Snapshot | None = None,
    progress: Progress | None = None,
) -> Report:
    """Run the checks (from :func:`prepare`) on the data loaded in the Oxigraph engine (the
    union of its graphs); with ``snapshot``, its text joins the article for the quote check."""
    if snapshot is not None:  # in this run's engine only: the files never change
        add_snapshot(OnEngine(engine), snapshot)
    query = engine.select_ntriples

    try:  # the guards first: checks that cannot be judged on this data
        shacl_sparql.run([c for c in checks if c.guard], query)
    except shacl_sparql.Unsupported as e:
        raise InputError(
            f"the shapes cannot be run as SPARQL on this data: {e}", _SIMPLIFY, options=("method",)
        ) from None
    checks = [c for c in checks if not c.guard]
    rows = []
    with ThreadPoolExecutor(2) as pool:  # Oxigraph evaluates without Python's lock: two cores
        found = pool.map(lambda check: shacl_sparql.run([check], query), checks)
        for done, check_rows in enumerate(found):
            if progress:
                progress("validate", done, len(checks))
            rows += check_rows
    if progress:
        progress("validate", len(checks), len(checks))
    (count,) = engine.select_strings(f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a <{PROXY.Claim}> }}")
    claims = int(count["n"])
    results = _sparql_results(rows, engine)
    return Report(None, sorted(results, key=Result.sort_key), claims, "sparql", lambda: report_graph(results))


def _term(text: str | None) -> Node | None:
    from rdflib.util import from_n3

    term = None if text is None else from_n3(text)
    assert term is None or isinstance(term, Node)  # N-Triples terms parse to nodes
    return term


def _sparql_results(rows: list, engine: OxigraphEngine) -> list[Result]:
    """Results of the SPARQL checks, each with its claim and the claim's quote, looked up node
    by node in the store's indexes (see kgtool.validation.focus)."""
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
        focus = _term(r.focus)
        assert focus is not None  # every check query selects its focus node
        found.append(
            Result(
                severity=r.check.severity,
                shape=r.check.shape,
                component=r.component,
                focus=focus,
                path=r.check.path if r.path is None else _term(r.path),
                value=_term(r.value),
                message=r.message,
                claim=claim,
                quote=quote,
                focus_name=names(focus),
            )
        )
    return found
