"""kgtool coverage: the real snapshot is covered completely; altered copies are caught."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = [str(ROOT / "ontology" / "proxy.ttl"), str(ROOT / "data" / "claims.ttl")]


def run_coverage(kgtool, snapshot: Path):
    args = [a for path in DATA for a in ("-d", path)]
    result = kgtool("coverage", *args, "-a", str(snapshot), "--format", "json")
    return result, (json.loads(result.stdout) if result.stdout else None)


def test_real_snapshot_is_covered_completely(kgtool, article_path):
    result, report = run_coverage(kgtool, article_path)
    assert result.exit_code == 0, result.stdout[-3000:]
    summary = report["summary"]
    assert summary["complete"] and summary["gaps"] == 0 and summary["mismatches"] == 0
    assert summary["claims"] > 100
    assert summary["covered"] == summary["characters"]


def test_default_data_is_the_shipped_graph(kgtool, article_path):
    result = kgtool("coverage", "-a", str(article_path))
    assert result.exit_code == 0
    assert "complete" in result.stdout


def test_one_character_inserted_early_moves_every_anchor(kgtool, article_path, tmp_path):
    text = article_path.read_text(encoding="utf-8")
    altered = tmp_path / "altered.txt"
    altered.write_text(text[:25] + "X" + text[25:], encoding="utf-8")  # inside the headline
    result, report = run_coverage(kgtool, altered)
    assert result.exit_code == 1
    assert report["digest"]["ok"] is False
    moved = report["mismatches"]
    assert len(moved) > 100
    # a quote after the insertion is found one code point further on
    later = next(m for m in moved if m["start"] > 1000 and m["claims"])
    assert later["found_at"] == [later["start"] + 1] or len(later["found_at"]) > 1


def test_deleted_sentence_names_the_claims_resting_on_it(kgtool, article_path, tmp_path):
    text = article_path.read_text(encoding="utf-8")
    sentence = "Kadhimi had to contain the issue and calm the situation before things got out of control. "
    assert text.count(sentence) == 1
    altered = tmp_path / "altered.txt"
    altered.write_text(text.replace(sentence, ""), encoding="utf-8")
    result, report = run_coverage(kgtool, altered)
    assert result.exit_code == 1
    lost = [m for m in report["mismatches"] if not m["found_at"]]
    assert lost, "the deleted sentence's anchors must be reported as not found"
    assert all(m["claims"] for m in lost)
    assert any("Kadhimi had to contain" in m["exact"] for m in lost)
    assert (
        "INCOMPLETE" in kgtool("coverage", *[a for p in DATA for a in ("-d", p)], "-a", str(altered)).stdout
    )


def test_unreadable_snapshot_exits_2(kgtool, tmp_path):
    result = kgtool("coverage", "-a", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "nope.txt" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_non_utf8_snapshot_exits_2(kgtool, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9")
    result = kgtool("coverage", "-a", str(bad))
    assert result.exit_code == 2 and "not UTF-8" in result.stderr


@pytest.mark.parametrize("missing", ["Stay informed with MEE's newsletters"])
def test_a_gap_is_listed_with_its_line(kgtool, article_path, tmp_path, missing):
    # Drop the excluded span for the newsletter line: its words become a gap on line 22.
    from rdflib import Graph

    from kgtool.namespaces import OA, PROXY

    graph = Graph().parse(ROOT / "data" / "claims.ttl")
    spans = [
        s
        for s in graph.subjects(PROXY.exclusionReason, None)
        if any(str(graph.value(sel, OA.exact)) == missing for sel in graph.objects(s, OA.hasSelector))
    ]
    assert len(spans) == 1
    for triple in list(graph.triples((spans[0], None, None))):
        graph.remove(triple)
    trimmed = tmp_path / "trimmed.ttl"
    graph.serialize(trimmed, format="turtle")
    result = kgtool(
        "coverage", "-d", DATA[0], "-d", str(trimmed), "-a", str(article_path), "--format", "json"
    )
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [(g["line"], g["text"]) for g in report["gaps"]] == [(22, missing)]


def _anchored_share(text: Path, ann: Path) -> tuple[int, int]:
    """(letters and digits in the annotated spans, letters and digits of the text), read
    from the brat files themselves."""
    body = text.read_text(encoding="utf-8")
    inside = set()
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T") and line.split("\t")[1].split(" ")[0] in (
            "Content",
            "Cue",
            "Source",
            "Attribution",
            "Attribution-no-source",
        ):
            for fragment in line.split("\t")[1].split(" ", 1)[1].split(";"):
                start, end = map(int, fragment.split())
                inside.update(range(start, end))
    return (sum(1 for i in inside if body[i].isalnum()), sum(1 for ch in body if ch.isalnum()))


def test_a_folder_of_snapshots_is_checked_article_by_article(kgtool, tmp_path):
    corpus = ROOT / "tests" / "fixtures" / "brat" / "corpus"
    data = tmp_path / "corpus.ttl"
    assert kgtool("import", "brat", str(corpus), "-o", str(data)).exit_code == 0
    result = kgtool("coverage", "-d", str(data), "-a", str(corpus / "text"), "--format", "json")
    assert result.exit_code == 1  # attributions leave the rest of the text unanchored
    reports = {Path(r["snapshot"]).stem: r for r in json.loads(result.stdout)["articles"]}
    assert sorted(reports) == ["alpha", "beta"]
    for name, report in reports.items():
        covered, characters = _anchored_share(
            corpus / "text" / f"{name}.txt", corpus / "attributions" / f"{name}_aaaa.ann"
        )
        assert report["article"].endswith(f"/article/{name}")
        assert report["digest"]["ok"] and report["summary"]["mismatches"] == 0
        assert (report["summary"]["covered"], report["summary"]["characters"]) == (covered, characters)
        assert report["summary"]["share"] == round(covered / characters, 4)
    text = kgtool("coverage", "-d", str(data), "-a", str(corpus / "text")).stdout.splitlines()
    assert len(text) == 3 and text[-1].startswith("2 articles, 1 complete")


def test_an_offset_that_is_no_whole_number_is_a_mismatch_not_a_crash(kgtool, article_path, tmp_path):
    # (a decimal start ended coverage in "unexpected ValueError")
    graph = (ROOT / "data" / "claims.ttl").read_text(encoding="utf-8")
    odd = tmp_path / "claims.ttl"
    start = 'oa:start "10127"^^xsd:nonNegativeInteger'
    odd.write_text(graph.replace(start, 'oa:start "10127.5"^^xsd:decimal', 1), encoding="utf-8")
    result = kgtool("coverage", "-d", str(odd), "-a", str(article_path), "--format", "json")
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["mismatches"] == 1 and not report["summary"]["complete"]
