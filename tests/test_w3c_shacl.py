"""The W3C SHACL Core test suite through both validation methods of kgtool validate.

The suite is not part of the project: `.ci/run` takes it from the pyshacl source distribution
on PyPI (`test/resources/sht_tests/core`) into `.cache/w3c-suites/shacl-core`, or
`KGTOOL_W3C_SUITES` names a folder holding `shacl-core/`. Without it the tests skip, except in
CI, where that is a failure.

What "agrees" means: a method agrees with a test when it gives the expected `sh:conforms` and
the same set of results, each result taken as (focus node, result path, source shape, source
constraint component), with every blank node written `[]` (the suite's blank node labels are
not those of the parsed data) and a well-formed literal taken by its value and datatype (the
Oxigraph store gives "4.0"^^xsd:decimal back as "4", the same value). Values and messages are
not compared: the suite leaves messages free and the focus node already places the result. A
method "refuses" a test when it stops with exit 2 (a kgtool error) instead of answering;
anything else is "silently wrong".

The SPARQL method must never be silently wrong: it answers as pyshacl would or refuses, naming
the construct it cannot run. pyshacl's agree count must not fall below the floor measured with
pyshacl 0.40.1 (the version in the test extra): 96 of the 98 tests (it refuses
path/path-strange-002, whose shapes fail kgtool's SHACL-for-SHACL check, and reports a
sh:uniqueLang result in property/uniqueLang-002 where the suite expects none). The SPARQL method
agrees on 88 and refuses the other 10 (sh:equals, sh:disjoint, sh:uniqueLang,
sh:qualifiedValueShapesDisjoint; and path-strange-002, as pyshacl does).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, Namespace
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from kgtool import formats, validation
from kgtool.engines.oxigraph import OxigraphEngine
from kgtool.errors import KgtoolError
from kgtool.validation import with_sparql as validation_sparql
from kgtool.validation.written import WrittenForms

ROOT = Path(__file__).resolve().parent.parent
SUITE = Path(os.environ.get("KGTOOL_W3C_SUITES") or ROOT / ".cache" / "w3c-suites") / "shacl-core"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
_VALUES = (int, float, Decimal, date, time)  # literals the store may write another way
PYSHACL_FLOOR = 96  # measured with pyshacl 0.40.1
SPARQL_FLOOR = 88  # measured: the SPARQL method must not start refusing what it ran


@dataclass(frozen=True)
class Case:
    name: str
    data: Path
    shapes: Path
    conforms: bool
    results: frozenset[tuple[object, ...]]


def _key(node: Node | None) -> object:
    if node is None:
        return "-"
    if isinstance(node, Literal) and isinstance(node.value, _VALUES) and not node.ill_typed:
        return node.value, node.datatype
    return "[]" if isinstance(node, BNode) else node.n3()


def result_keys(report: Graph, results: list[Node]) -> frozenset[tuple[object, ...]]:
    return frozenset(
        (
            _key(report.value(r, SH.focusNode)),
            _key(report.value(r, SH.resultPath)),
            _key(report.value(r, SH.sourceShape)),
            _key(report.value(r, SH.sourceConstraintComponent)),
        )
        for r in results
    )


def cases(manifest: Path = SUITE / "manifest.ttl") -> list[Case]:
    """Every sht:Validate entry of the manifest and of the manifests it includes."""
    if not manifest.is_file():
        return []
    graph = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
    found = []
    for included in graph.objects(None, MF.include):
        found += cases(Path(str(included).removeprefix("file://")))
    for entries in graph.objects(None, MF.entries):
        for test in Collection(graph, entries):
            if (test, RDF.type, SHT.Validate) not in graph:
                continue
            action, report = graph.value(test, MF.action), graph.value(test, MF.result)
            data = Path(str(graph.value(action, SHT.dataGraph)).removeprefix("file://"))
            shapes = Path(str(graph.value(action, SHT.shapesGraph)).removeprefix("file://"))
            found.append(
                Case(
                    f"{manifest.parent.name}/{str(test).rsplit('/', 1)[-1]}",
                    data,
                    shapes,
                    graph.value(report, SH.conforms) == Literal(True),
                    result_keys(graph, list(graph.objects(report, SH.result))),
                )
            )
    return sorted(found, key=lambda c: c.name)


CASES = cases()


def run_pyshacl(case: Case) -> validation.Report:
    data = Graph().parse(case.data, format="turtle")
    return validation.validate(data, validation.load_shapes(case.shapes))


def run_sparql(case: Case) -> validation.Report:
    checks = validation_sparql.prepare(validation.load_shapes(case.shapes))
    written = WrittenForms()
    engine = OxigraphEngine(on_literal=written.see)
    engine.load(case.data.read_bytes(), formats.by_name("turtle"), base_iri=case.data.as_uri())
    return validation_sparql.validate_engine(checks, engine, written)


def outcome(case: Case, method) -> str:
    """agree, refused (with the reason) or wrong (with what differs)."""
    try:
        report = method(case)
    except KgtoolError as e:
        return f"refused: {e}"
    graph = report.graph
    got = result_keys(graph, list(graph.objects(None, SH.result)))
    conforms = not report.results
    if conforms == case.conforms and got == case.results:
        return "agree"
    return (
        f"wrong: conforms {conforms} (expected {case.conforms}); missing "
        f"{sorted(case.results - got, key=str)}; extra {sorted(got - case.results, key=str)}"
    )


def tally(method) -> dict[str, list[str]]:
    counted: dict[str, list[str]] = {"agree": [], "refused": [], "wrong": []}
    for case in CASES:
        verdict = outcome(case, method)
        counted[verdict.split(":")[0]].append(f"{case.name}: {verdict}")
    return counted


def require_suite() -> None:
    if not CASES:
        message = f"SHACL core suite not found in {SUITE}: run .ci/run or set KGTOOL_W3C_SUITES"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def tallies() -> dict[str, dict[str, list[str]]]:
    require_suite()
    found = {"pyshacl": tally(run_pyshacl), "sparql": tally(run_sparql)}
    for method, counted in found.items():  # shown with pytest -s
        print(method, {verdict: len(names) for verdict, names in counted.items()})
    return found


def test_suite_is_present():
    require_suite()
    assert len(CASES) == 98


def test_pyshacl_agrees_with_the_suite(tallies):
    assert len(tallies["pyshacl"]["agree"]) >= PYSHACL_FLOOR, tallies["pyshacl"]["wrong"]


def test_sparql_method_is_never_silently_wrong(tallies):
    ours, reference = tallies["sparql"], tallies["pyshacl"]
    assert ours["wrong"] == []
    assert len(ours["agree"]) >= SPARQL_FLOOR
    # a refusal names what it cannot run, unless the shapes are refused for both methods
    refused_by_both = {line.split(": refused")[0] for line in reference["refused"]}
    for line in ours["refused"]:
        name = line.split(": refused")[0]
        assert name in refused_by_both or "cannot be run as SPARQL" in line, line


def test_a_wrong_answer_is_noticed():
    # the harness itself: a report that misses the expected result is counted wrong
    case = next((c for c in CASES if not c.conforms), None)
    if case is None:
        require_suite()
    empty = validation.Report(Graph(), [], 0)
    assert outcome(case, lambda _: empty).startswith("wrong: conforms True (expected False)")
