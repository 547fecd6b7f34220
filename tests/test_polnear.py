"""The PolNeAR train and dev splits imported (issue 19): every attribution a claim, and every
command runs on the first real multi-article corpus. Timings are in benchmarks/README.md."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

SPLITS = ("train", "dev")


def chosen_annotations(corpus: Path) -> list[Path]:
    """Per article, its first .ann file by name, read from the folders themselves."""
    by_article: dict[str, list[Path]] = defaultdict(list)
    for split in SPLITS:
        for ann in (corpus / split / "attributions").glob("*.ann"):
            by_article[ann.stem.rsplit("_", 1)[0]].append(ann)
    return [sorted(files)[0] for files in by_article.values()]


def events(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("E"))


@pytest.fixture(scope="module")
def imported(polnear_path, tmp_path_factory) -> tuple[Path, str]:
    from click.testing import CliRunner

    from kgtool.cli.program import cli

    out = tmp_path_factory.mktemp("polnear") / "polnear.nt"
    result = CliRunner().invoke(
        cli, ["import", "brat", *(str(polnear_path / s) for s in SPLITS), "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    return out, result.stderr


def test_claims_equal_attributions(polnear_path, imported, kgtool):
    out, stderr = imported
    every = sum(events(p) for s in SPLITS for p in (polnear_path / s / "attributions").glob("*.ann"))
    assert every == 24821  # the corpus README's count, over every annotator's file
    chosen = chosen_annotations(polnear_path)
    assert len(chosen) == 924
    attributions = sum(events(p) for p in chosen)
    assert f"imported 924 articles, {attributions} claims" in stderr
    count = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/kgtool/proxy#Claim> }"
    result = kgtool("query", "-", "-d", str(out), "--format", "csv", "-q", input=count)
    assert result.stdout.split()[-1] == str(attributions)


def test_every_annotator_gives_one_claim_per_attribution_of_the_corpus(polnear_path, kgtool, tmp_path):
    out = tmp_path / "every.nt"
    result = kgtool(
        "import", "brat", *(str(polnear_path / s) for s in SPLITS), "--annotators", "all", "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    every = sum(events(p) for s in SPLITS for p in (polnear_path / s / "attributions").glob("*.ann"))
    assert f"imported 924 articles, {every} claims" in result.stderr
    count = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/kgtool/proxy#Claim> }"
    counted = kgtool("query", "-", "-d", str(out), "--format", "csv", "-q", input=count)
    assert counted.stdout.split()[-1] == str(every)


def test_validate_conforms(imported, kgtool):
    out, _ = imported
    result = kgtool("validate", "-d", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    assert "no violations" in result.stderr


def test_coverage_reports_the_share_anchored_of_each_article(polnear_path, imported, kgtool):
    out, _ = imported
    result = kgtool(
        "coverage", "-d", str(out), "-q", "-a", str(polnear_path / "dev" / "text"), "--format", "json"
    )
    assert result.exit_code == 1  # attributions do not anchor every sentence
    reports = json.loads(result.stdout)["articles"]
    assert len(reports) == 84
    for report in reports:
        summary = report["summary"]
        assert report["digest"]["ok"] and summary["mismatches"] == 0
        assert 0 < summary["share"] <= 1 and summary["claims"] > 0


def test_audit_and_export_run(imported, kgtool):
    out, _ = imported
    audit = kgtool("audit", "-d", str(out), "-q", "--format", "json")
    assert audit.exit_code == 0, audit.stderr
    summary = json.loads(audit.stdout)["summary"]
    assert summary["claims"] == summary["content_only"]
    assert summary["by_status"]["unstated"] == summary["by_source_kind"]["unstated"] > 1000
    export = kgtool(
        "export",
        "-d",
        str(out),
        "-q",
        "--profile",
        "nanopub",
        "--format",
        "nq",
        "-o",
        str(out.with_suffix(".np.nq")),
    )
    assert export.exit_code == 0, export.stderr
