"""Render an :class:`kgtool.audit.run.Audit` as text, Markdown, JSON or one self-contained HTML page
(from the templates every served page shares)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from kgtool.audit.records import DisputeLink, Record
from kgtool.audit.run import CORE_STATUSES, Audit
from kgtool.html.dispute_picture import dispute_svgs
from kgtool.html.environment import templates
from kgtool.html.links import web_link


def _short(text: str | None, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def render_json(audit: Audit) -> str:
    return "".join(json_chunks(audit))


def json_chunks(audit: Audit) -> Iterator[str]:
    """The JSON report in pieces, one claim, source, dispute or check per line: readable,
    greppable, written out as it is made, and each record by the C encoder (``indent`` would
    make Python's encoder do it all, three times slower at 100,000 claims), which asks
    :meth:`Record.as_json` for each record, nested ones too."""
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, default=Record.as_json)

    yield "{"
    for number, (key, value) in enumerate(audit.sections()):
        yield ",\n  " if number else "\n  "
        if isinstance(value, list) and value:
            yield f"{dump(key)}: ["
            for index, item in enumerate(value):
                yield f"{',' if index else ''}\n    {dump(item)}"
            yield "\n  ]"
        else:
            yield f"{dump(key)}: {dump(value)}"
    yield "\n}\n"


def render_text(audit: Audit) -> str:
    s = audit.summary()
    out = [f"{s['claims']} claims"]
    out += [f"  {status:<12} {n:>5}" for status, n in s["by_status"].items()]
    out.append("publisher's own claims, by what they are")
    out += [f"  {cls:<21} {n:>5}" for cls, n in s["publisher_by_class"].items() if n]
    out.append("by source kind")
    out += [f"  {kind:<21} {n:>5}" for kind, n in s["by_source_kind"].items() if n]
    out.append(f"resting only on unnamed sources: {s['anonymous_only']} "
               f"({s['anonymous_only_share']:.0%})")
    out.append(f"\ndisputes ({s['disputes']}, of {s['dispute_links']} links)")
    for d in audit.disputes:
        out.append(f"{d.id} ({len(d.links)} links)")
        for link in d.links:
            out.append(f"- {_local(link.claim)} [{_label(audit, link.claim_source)}] "
                       f"{_relation(link)} {_local(link.counter)} "
                       f"[{_label(audit, link.counter_source)}]")
            for end in ("claim", "counter"):
                out.append(f"    {_said(audit, getattr(link, end))}")
                out.append(f"      \"{_short(getattr(link, f'{end}_quote'))}\"")
    out.append("\nunnamed sources")
    for src in audit.sources:
        if src.unnamed:
            out.append(f"- {src.descriptor or src.label} ({src.kind}, "
                       f"{src.claims} claims; access: {src.access or '?'}; "
                       f"anonymity: {src.anonymity_reason or '?'})")
    out.append("\nchecks")
    for check in audit.violations:
        mark = "FAIL" if check.rows else "ok"
        out.append(f"  {mark:<4} {check.check} ({len(check.rows)} rows)")
        for row in check.rows:
            out.append("       " + ", ".join(f"{k}={v}" for k, v in row.items()))
    return "\n".join(out) + "\n"


def _relation(link: DisputeLink) -> str:
    """A link of a disagreement as its maker states it: "challenges", "contradicts (by content:
    conflicting value)"."""
    return disputed_as(link.relation, link.how)


_PASSIVE = {"contradicts": "contradicted by", "denies": "denied by", "challenges": "challenged by",
            "offersAlternativeTo": "given another explanation by", "disputes": "disputed by"}


def disputed_as(relation: str, how: str, direction: str = "out") -> str:
    """How a claim stands to another it disputes ("denies"), or is disputed by (``direction``
    "in": "denied by"); ``how`` a content conflict: "contradicts (by content: ...)"."""
    said = relation if direction == "out" else _PASSIVE.get(relation, relation)
    return said if how == "link" else f"{said} (by content: {how})"


def _said(audit: Audit, claim: str) -> str:
    """The claim in words, "(claim-key) The Iraqi military said that ...", or its key alone."""
    said = audit.sentences.get(claim)
    return f"({_local(claim)}) {said.sentence}" if said else _local(claim)


def _label(audit: Audit, source: str | None) -> str:
    for src in audit.sources:
        if src.iri == source:
            return src.label
    return source or "?"


def render_markdown(audit: Audit) -> str:
    s = audit.summary()
    out = ["# Provenance audit", "", f"{s['claims']} claims.", "",
           "| status | claims |", "|---|---:|"]
    out += [f"| {status} | {n} |" for status, n in s["by_status"].items()]
    out += ["", "| source kind | claims |", "|---|---:|"]
    out += [f"| {kind} | {n} |" for kind, n in s["by_source_kind"].items()]
    out += ["", f"Claims resting only on unnamed sources: {s['anonymous_only']} "
                f"({s['anonymous_only_share']:.0%}).", "",
            f"## Disputes ({s['disputes']}, of {s['dispute_links']} links)", "",
            "| dispute | claim | source | quote | relation | counter-claim | source | quote |",
            "|---|---|---|---|---|---|---|---|"]
    for d in audit.disputes:
        for link in d.links:
            cells = [d.id, _said(audit, link.claim), _label(audit, link.claim_source),
                     _short(link.claim_quote, 70), _relation(link), _said(audit, link.counter),
                     _label(audit, link.counter_source), _short(link.counter_quote, 70)]
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    out += ["", "## Unnamed sources", "",
            "| descriptor | kind | role | access | reason for anonymity | claims |",
            "|---|---|---|---|---|---:|"]
    for src in audit.sources:
        if src.unnamed:
            out.append(f"| {src.descriptor or src.label} | {src.kind} | "
                       f"{src.role or ''} | {src.access or ''} | "
                       f"{src.anonymity_reason or ''} | {src.claims} |")
    out += ["", "## Checks", ""]
    for check in audit.violations:
        out.append(f"- {'**FAIL**' if check.rows else 'ok'} `{check.check}`: "
                   f"{len(check.rows)} rows")
    return "\n".join(out) + "\n"


def _chart(audit: Audit) -> dict[str, Any]:
    """The geometry of the chart of the audit page: one stacked bar of statuses per source kind."""
    summary = audit.summary()
    # only what the data has: a kind or status no claim has is no bar and no legend entry
    statuses = [status for status, n in summary["by_status"].items() if n]
    counts = {k: dict.fromkeys(statuses, 0) for k, n in summary["by_source_kind"].items() if n}
    for claim in audit.claims:
        counts[claim.source_kind][claim.status] += 1
    most = max([sum(c.values()) for c in counts.values()] + [1])
    bar_w, label_w, row_h = 360, 190, 28
    rows = []
    for i, (kind, by_status) in enumerate(counts.items()):
        x, bars = float(label_w), []
        for status in statuses:
            width = by_status[status] / most * bar_w
            if width:
                bars.append({"status": status, "count": by_status[status], "x": x, "width": width})
            x += width
        rows.append({"kind": kind, "y": i * row_h, "bars": bars, "end": x,
                     "total": sum(by_status.values())})
    return {"rows": rows, "statuses": statuses, "width": label_w + bar_w + 60,
            "height": row_h * len(counts) + 34, "legend_y": row_h * len(counts) + 24}


def render_html(audit: Audit, link: Callable[[str], str | None] = web_link,
                **page: Any) -> str:
    """One self-contained page; ``link`` maps an IRI to the href of its page (the IRI itself
    when http(s), the local server's path when served) or to None: then it is text. ``page``
    adds what the served page shows besides (the navigation)."""
    if "pictures" not in page and "layout_missing" not in page:
        page["pictures"] = dispute_svgs(audit, link)  # without dot: LayoutMissing, exit 2
    context = {"audit": audit, "summary": audit.summary(), "chart": _chart(audit), "link": link,
               "local": _local, "relation": _relation, "sentences": audit.sentences,
               "source_label": lambda iri: _label(audit, iri), "main_statuses": CORE_STATUSES}
    return templates().get_template("audit.html").render(context | page)


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown,
             "html": render_html}


def chunks(audit: Audit, fmt: str) -> Iterable[str]:
    """The report in ``fmt`` as pieces to write one after the other: JSON as it is made (70 MB
    of text at 100,000 claims), the other formats whole."""
    return json_chunks(audit) if fmt == "json" else (RENDERERS[fmt](audit),)
