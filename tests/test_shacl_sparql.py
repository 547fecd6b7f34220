"""The shapes as SPARQL on Oxigraph (kgtool.shacl_sparql) give pyshacl's results: on every fixture,
on the shipped data with and without the quote check, and on a generated corpus with defects."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from test_validate import EXPECTED, FIXTURES, VALID, local, run

from kgtool import corpus, shacl_sparql, validation
from kgtool.snapshot import read_snapshot


def summary(report: validation.Report) -> set[tuple[str, str, str, str]]:
    return {(str(r.focus), local(r.component), local(r.shape), local(r.severity))
            for r in report.results}


def fast(paths: list[str], **options) -> validation.Report:
    report = validation.validate_files(paths, method="sparql", **options)
    assert report.method == "sparql"
    return report


def test_fixtures_collected():
    assert len(sorted(FIXTURES.glob("*.ttl"))) == len([*EXPECTED, *VALID]) == 106


@pytest.mark.parametrize("name", sorted([*EXPECTED, *VALID]))
def test_same_results_as_pyshacl_on_every_fixture(name):
    _, reference = run(name)
    ours = fast([str(FIXTURES / f"{name}.ttl")])
    assert summary(ours) == summary(reference)
    assert ours.fails("info") is reference.fails("info")
    assert [r.message for r in ours.results] == [r.message for r in reference.results]


@pytest.mark.parametrize("with_snapshot", [False, True], ids=["plain", "quote-check"])
def test_same_results_as_pyshacl_on_the_shipped_data(with_snapshot, request):
    snapshot = read_snapshot(request.getfixturevalue("article_path")) if with_snapshot else None
    reference = validation.validate(validation.load_data(), validation.load_shapes(), snapshot)
    ours = validation.validate_files(None, snapshot=snapshot, method="sparql")
    assert ours.claims == reference.claims > 200
    assert summary(ours) == summary(reference) != set()
    assert [(r.claim, r.quote) for r in ours.results] == [(r.claim, r.quote) for r in reference.results]


def test_quote_check_fires_through_the_translation(tmp_path):
    from test_validate import VALID_FIXTURE, _snapshot

    moved = tmp_path / "moved.ttl"
    moved.write_text(VALID_FIXTURE.read_text(encoding="utf-8").replace(
        'oa:exact "Iran has escalated in Iraq"', 'oa:exact "Iran has escalated in Iran"'),
        encoding="utf-8")
    snapshot = read_snapshot(_snapshot(tmp_path))
    ours = fast([str(moved)], snapshot=snapshot)
    reference = validation.validate(validation.load_data([str(moved)]), snapshot=snapshot)
    assert summary(ours) == summary(reference)
    assert {local(r.shape) for r in ours.results} == {"QuoteCheckShape"}


def test_generated_corpus_with_defects(tmp_path):
    path = tmp_path / "corpus.nt"
    expected = corpus.write_corpus(path, 700, seed=11)
    ours = fast([str(path)])
    reference = validation.validate(validation.load_data([str(path)]))
    assert summary(ours) == summary(reference)
    counted: dict[tuple[str, str, str], int] = {}
    for r in ours.results:
        key = (local(r.shape), local(r.component), local(r.severity))
        counted[key] = counted.get(key, 0) + 1
    assert counted == dict(expected.shacl)
    assert ours.fails("violation") is not expected.conforms


def test_report_renders_as_the_pyshacl_one(tmp_path):
    data = str(FIXTURES / "claim-invalid-no-source.ttl")
    ours, (_, reference) = fast([data]), run("claim-invalid-no-source")
    assert ours.render("text") == reference.render("text")
    graph = Graph().parse(data=ours.render("turtle"), format="turtle")
    assert len(list(graph.subjects(predicate=validation.SH.focusNode))) == 1


def test_auto_uses_the_translation_above_the_threshold(monkeypatch):
    data = [str(FIXTURES / "claim-invalid-no-source.ttl")]
    assert validation.validate_files(data).method == "pyshacl"
    monkeypatch.setattr(validation, "FAST_ABOVE_BYTES", 0)
    assert validation.validate_files(data).method == "sparql"


SHAPES_HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; """


@pytest.mark.parametrize("constraint", [
    "sh:closed true", "sh:not [ sh:class ex:D ]",
    "sh:property [ sh:path ex:p ; sh:equals ex:q ]",
    "sh:property [ sh:path ex:p ; sh:uniqueLang true ]",
])
def test_unknown_constructs_fail_loudly(constraint, tmp_path):
    shapes = Graph().parse(data=SHAPES_HEAD + constraint + " .", format="turtle")
    with pytest.raises(shacl_sparql.Unsupported):
        shacl_sparql.Translator(shapes).checks()
    with pytest.raises(validation.InputError, match="cannot be run as SPARQL"):
        validation.validate_files([str(FIXTURES / "claim-valid.ttl")], shapes=shapes,
                                  method="sparql")


def test_progress_is_reported():
    seen: list[tuple[str, int, int]] = []
    validation.validate_files([str(Path(FIXTURES / "claim-valid.ttl"))], method="sparql",
                              progress=lambda *a: seen.append(a))
    stages = {stage for stage, _, _ in seen}
    assert stages == {"load", "validate"}
    assert seen[-1][1] == seen[-1][2] > 50  # every check ran


def test_validate_command_gives_the_same_report_by_either_method(kgtool):
    reference = kgtool("validate", "--method", "pyshacl", "--quiet")
    fast = kgtool("validate", "--method", "sparql", "--quiet")
    assert reference.exit_code == fast.exit_code == 0
    from test_validate import ACCEPTED_UNCORROBORATED

    warnings = sum(len(claims) for _, claims in ACCEPTED_UNCORROBORATED.values())
    assert reference.stdout == fast.stdout and f" {warnings} warnings" in reference.stderr
