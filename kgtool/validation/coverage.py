"""Provenance audit of a snapshot against the graph: is every character accounted for?

Every anchor's ``exact`` must equal the snapshot's text at its offsets (a moved quote is
reported with where it now is), and every character that is not white space or punctuation
must lie in a claim's anchor or an excluded span.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kgtool.engines import Engine
from kgtool.errors import InputError
from kgtool.snapshot import Snapshot, offset, read_snapshot
from kgtool.sparql import querylib


@dataclass
class Mismatch:
    span: str
    claims: list[str]
    start: int
    end: int
    exact: str
    found_at: list[int]  # where the exact text occurs now, if anywhere


@dataclass
class Gap:
    start: int
    end: int
    line: int
    text: str


@dataclass
class CoverageReport:
    article: str
    snapshot: str
    digest_expected: str
    digest_found: str
    claims: int = 0
    anchors: int = 0
    excluded: int = 0
    characters: int = 0  # characters that must be covered
    covered: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    @property
    def digest_ok(self) -> bool:
        return self.digest_expected == self.digest_found

    @property
    def share(self) -> float:
        """The share of the letters and digits that lie in an anchor or an excluded span."""
        return round(self.covered / self.characters, 4) if self.characters else 1.0

    @property
    def complete(self) -> bool:
        return self.digest_ok and not self.mismatches and not self.gaps

    def as_dict(self) -> dict:
        return {
            "article": self.article,
            "snapshot": self.snapshot,
            "digest": {"expected": self.digest_expected, "found": self.digest_found, "ok": self.digest_ok},
            "summary": {
                "claims": self.claims,
                "anchors": self.anchors,
                "excluded": self.excluded,
                "characters": self.characters,
                "covered": self.covered,
                "share": self.share,
                "mismatches": len(self.mismatches),
                "gaps": len(self.gaps),
                "complete": self.complete,
            },
            "mismatches": [m.__dict__ for m in self.mismatches],
            "gaps": [g.__dict__ for g in self.gaps],
        }


def _counts(ch: str) -> bool:
    return ch.isalnum()


def _articles(engine: Engine) -> dict[str, str]:
    """Every article of the graph with its snapshot digest."""
    articles = {str(r[0]): str(r[2]) for r in engine.query(querylib.get("articles").text).rows}
    if not articles:
        raise InputError(
            "the graph has no article with a snapshot digest (proxy:sha256)",
            "load the claims graph as data",
            options=("data",),
        )
    return articles


def _pick_article(articles: dict[str, str], snapshot: Snapshot) -> tuple[str, str]:
    matching = sorted(a for a, digest in articles.items() if digest == snapshot.sha256)
    if matching:
        return matching[0], snapshot.sha256
    if len(articles) == 1:
        return next(iter(articles.items()))
    raise InputError(
        f"{snapshot.path}: no article of the graph has this snapshot's digest",
        "give the snapshot the claims were made from",
    )


def _spans_by_article(engine: Engine) -> dict[str, dict[str, dict]]:
    """Every anchored or excluded span, by article (one query for any number of articles)."""
    spans: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in engine.query(querylib.get("anchors").text).bindings():
        span = spans[str(row["article"])].setdefault(
            str(row["span"]),
            {
                "exact": str(row["exact"]),
                "start": offset(str(row["start"])),  # -1: not a whole number, a mismatch
                "end": offset(str(row["end"])),
                "claims": set(),
                "excluded": "reason" in row,
            },
        )
        if "claim" in row:
            span["claims"].add(str(row["claim"]))
    return spans


def check_articles(engine: Engine, snapshots: list[Snapshot]) -> list[CoverageReport]:
    """One report per snapshot, each against the article of the graph with its digest."""
    articles = _articles(engine)
    picked = [_pick_article(articles, snapshot) for snapshot in snapshots]
    spans = _spans_by_article(engine)
    return [
        _report(article, expected, spans.get(article, {}), snapshot)
        for (article, expected), snapshot in zip(picked, snapshots, strict=True)
    ]


def _report(article: str, expected: str, spans: dict[str, dict], snapshot: Snapshot) -> CoverageReport:
    text = snapshot.text
    report = CoverageReport(article, str(snapshot.path), expected, snapshot.sha256)
    covered = bytearray(len(text))
    claims: set[str] = set()
    for iri, span in sorted(spans.items(), key=lambda item: item[1]["start"]):
        start, end, exact = span["start"], span["end"], span["exact"]
        claims |= span["claims"]
        report.anchors += len(span["claims"])
        report.excluded += span["excluded"]
        if 0 <= start <= end and text[start:end] == exact:
            covered[start:end] = b"\x01" * (end - start)
            continue
        found = [i for i in range(len(text)) if text.startswith(exact, i)] if exact else []
        report.mismatches.append(Mismatch(iri, sorted(span["claims"]), start, end, exact, found))
    report.claims = len(claims)
    report.characters = sum(1 for ch in text if _counts(ch))
    report.covered = sum(1 for i, ch in enumerate(text) if covered[i] and _counts(ch))
    report.gaps = _gaps(text, covered, snapshot)
    return report


def _gaps(text: str, covered: bytearray, snapshot: Snapshot) -> list[Gap]:
    gaps, i = [], 0
    while i < len(text):
        if covered[i] or not _counts(text[i]):
            i += 1
            continue
        start = i
        # extend over everything uncovered (punctuation and spaces included) to the next anchor
        while i < len(text) and not covered[i] and text[i] != "\n":
            i += 1
        gaps.append(Gap(start, i, snapshot.line_of(start), text[start:i].strip()))
    return gaps


def render_text(report: CoverageReport) -> str:
    lines = [f"article  {report.article}", f"snapshot {report.snapshot}"]
    if not report.digest_ok:
        lines.append(
            f"DIGEST MISMATCH: the graph expects sha256 {report.digest_expected}, "
            f"the snapshot has {report.digest_found}"
        )
    for m in report.mismatches:
        where = (
            f"now at {', '.join(f'{s}-{s + len(m.exact)}' for s in m.found_at)}"
            if m.found_at
            else "not found in the snapshot"
        )
        who = ", ".join(m.claims) or "excluded text"
        lines.append(f"MISMATCH {m.start}-{m.end} ({who}): {m.exact[:60]!r} {where}")
    for g in report.gaps:
        lines.append(f"GAP line {g.line}, {g.start}-{g.end}: {g.text[:100]!r}")
    share = report.covered / report.characters if report.characters else 1.0
    lines.append(
        f"{report.claims} claims, {report.anchors} anchors, {report.excluded} excluded spans; "
        f"{report.covered}/{report.characters} letters and digits covered ({share:.1%}); "
        f"{len(report.mismatches)} mismatches, {len(report.gaps)} gaps: "
        + ("complete" if report.complete else "INCOMPLETE")
    )
    return "\n".join(lines) + "\n"


def snapshots_in(path: str | Path) -> list[Snapshot]:
    """The snapshot at ``path``, or every ``.txt`` file of a folder (a corpus), by name."""
    path = Path(path)
    if not path.is_dir():
        return [read_snapshot(path)]
    files = sorted(path.glob("*.txt"))
    if not files:
        raise InputError(
            f"{path}: no .txt snapshot in the folder",
            "give a snapshot or the folder of a corpus's texts",
            options=("article",),
        )
    return [read_snapshot(f) for f in files]


def render_articles(reports: list[CoverageReport]) -> str:
    """One line per article (a corpus has too many gaps to list), then the totals."""
    lines = [
        f"{r.covered}/{r.characters} ({r.share:.1%}) {len(r.mismatches)} mismatches "
        f"{len(r.gaps)} gaps {'complete' if r.complete else 'INCOMPLETE'}  {r.article}"
        for r in reports
    ]
    covered, characters = sum(r.covered for r in reports), sum(r.characters for r in reports)
    complete = sum(r.complete for r in reports)
    lines.append(
        f"{len(reports)} articles, {complete} complete; {covered}/{characters} letters "
        f"and digits covered ({covered / characters if characters else 1:.1%})"
    )
    return "\n".join(lines) + "\n"
