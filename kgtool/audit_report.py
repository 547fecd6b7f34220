"""Render an :class:`kgtool.audit.Audit` as text, Markdown, JSON or one self-contained HTML page."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from html import escape
from typing import Any

from kgtool.audit import Audit
from kgtool.audit_records import DisputeLink, Record
from kgtool.links import web_link

AUDIT_CSS = """\
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: auto; padding: 1rem;
       line-height: 1.4; }
table { border-collapse: collapse; } td, th { padding: .2rem .6rem; border-bottom: 1px solid #ddd; }
.pair { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: 1rem 0; }
.pair blockquote { flex: 1 1 18rem; margin: 0; padding: .5rem .8rem; background: #f6f6f6;
                    border-left: 4px solid #c0392b; }
.how { font-weight: bold; } .fail { color: #c0392b; } svg { max-width: 100%; }
"""
STATUS_COLOURS = {"contested": "#c0392b", "sourced": "#2e86c1", "anonymous": "#d68910",
                  "publisher": "#7f8c8d"}


def _colour(status: str) -> str:
    return STATUS_COLOURS.get(status, "#34495e")  # "unknown": a claim whose source has no kind


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
            out.append(f"    \"{_short(link.claim_quote)}\"")
            out.append(f"    \"{_short(link.counter_quote)}\"")
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
            cells = [d.id, _local(link.claim), _label(audit, link.claim_source),
                     _short(link.claim_quote, 70), _relation(link), _local(link.counter),
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


def _chart(audit: Audit) -> str:
    """Inline SVG: one stacked bar of statuses per source kind."""
    summary = audit.summary()
    statuses = list(summary["by_status"])  # the four, and "unknown" where a claim has no kind
    counts = {k: dict.fromkeys(statuses, 0) for k in summary["by_source_kind"]}
    for claim in audit.claims:
        counts[claim.source_kind][claim.status] += 1
    most = max([sum(c.values()) for c in counts.values()] + [1])
    bar_w, label_w, row_h = 360, 170, 26
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 '
             f'{label_w + bar_w + 60} {row_h * len(counts) + 30}" '
             'aria-label="claims by status for each source kind">']
    for i, (kind, by_status) in enumerate(counts.items()):
        y, x = i * row_h, label_w
        parts.append(f'<text x="0" y="{y + 17}" font-size="13">{escape(kind)}</text>')
        for status in statuses:
            width = by_status[status] / most * bar_w
            if width:
                parts.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="18" '
                             f'fill="{_colour(status)}"><title>{escape(status)}: '
                             f'{by_status[status]}</title></rect>')
            x += width
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 17}" font-size="12">'
                     f'{sum(by_status.values())}</text>')
    legend_y = row_h * len(counts) + 20
    for j, status in enumerate(statuses):
        parts.append(f'<rect x="{j * 120}" y="{legend_y - 11}" width="12" height="12" '
                     f'fill="{_colour(status)}"/><text x="{j * 120 + 16}" y="{legend_y}" '
                     f'font-size="12">{escape(status)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _anchor(href: str | None, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def render_html(audit: Audit, link: Callable[[str], str | None] = web_link) -> str:
    """One self-contained page; ``link`` maps an IRI to the href of its page (the IRI itself
    when http(s), the local server's path when served) or to None: then it is text."""
    s = audit.summary()
    e = escape
    rows = "".join(f"<tr><td>{e(st)}</td><td>{n}</td></tr>" for st, n in s["by_status"].items())
    disputes = "".join(
        f'<h3 id="{e(d.id)}">{e(d.id)} <small>({len(d.links)} links)</small></h3>'
        + "".join(
            f'<div class="pair"><blockquote><p>{e(part.claim_quote or "")}</p>'
            f'<footer>{e(_label(audit, part.claim_source))} · '
            f'{_anchor(link(part.claim), "<code>" + e(_local(part.claim)) + "</code>")}'
            f'</footer></blockquote><div class="how">{e(_relation(part))}</div>'
            f'<blockquote><p>{e(part.counter_quote or "")}</p>'
            f'<footer>{e(_label(audit, part.counter_source))} · '
            f'{_anchor(link(part.counter), "<code>" + e(_local(part.counter)) + "</code>")}'
            f'</footer></blockquote></div>'
            for part in d.links)
        for d in audit.disputes)
    unnamed = "".join(
        f"<li>{_anchor(link(src.iri), e(src.descriptor or src.label))} "
        f"<small>({e(src.kind or '')}, {src.claims} claims)</small></li>"
        for src in audit.sources if src.unnamed)
    checks = "".join(
        f"<li class=\"{'fail' if c.rows else 'ok'}\">{'FAIL' if c.rows else 'ok'} "
        f"<code>{e(c.check)}</code>: {len(c.rows)} rows</li>" for c in audit.violations)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Provenance audit</title>
<style>{AUDIT_CSS}</style></head><body>
<h1>Provenance audit</h1>
<p>{s['claims']} claims; {s['anonymous_only']} ({s['anonymous_only_share']:.0%}) rest only on
sources the text does not name.</p>
<table><tr><th>status</th><th>claims</th></tr>{rows}</table>
<h2>Statuses by source kind</h2>
{_chart(audit)}
<h2>Disputes ({s['disputes']}, of {s['dispute_links']} links)</h2>
{disputes}
<h2>Unnamed sources</h2>
<ul>{unnamed}</ul>
<h2>Checks</h2>
<ul>{checks}</ul>
</body></html>
"""


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown,
             "html": render_html}


def chunks(audit: Audit, fmt: str) -> Iterable[str]:
    """The report in ``fmt`` as pieces to write one after the other: JSON as it is made (70 MB
    of text at 100,000 claims), the other formats whole."""
    return json_chunks(audit) if fmt == "json" else (RENDERERS[fmt](audit),)
