"""Render an :class:`kgtool.audit.run.Audit` as text, Markdown or JSON (the HTML page is
:mod:`kgtool.html.audit_page`'s)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from kgtool.audit.records import Corroboration, DisputeLink, Record
from kgtool.audit.run import Audit
from kgtool.errors import UsageError
from kgtool.namespaces import local_name


def shortened(text: str | None, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


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
    unreviewed = s["unreviewed_by_status"]
    out = [f"{s['claims']} claims"]
    out += [
        f"  {status:<12} {n:>5}"
        + (f"  ({unreviewed[status]} not reviewed)" if unreviewed.get(status) else "")
        for status, n in s["by_status"].items()
    ]
    if s["unreviewed"]:
        out.append(f"not reviewed (proposed by software, no person has checked them): {s['unreviewed']}")
    out.append("publisher's own claims, by what they are")
    out += [f"  {cls:<21} {n:>5}" for cls, n in s["publisher_by_class"].items() if n]
    out.append("by source kind")
    out += [f"  {kind:<21} {n:>5}" for kind, n in s["by_source_kind"].items() if n]
    out.append(f"resting only on unnamed sources: {s['anonymous_only']} ({s['anonymous_only_share']:.0%})")
    out.append(f"\ndisputes ({s['disputes']}, of {s['dispute_links']} links)")
    for d in audit.disputes:
        out.append(f"{d.id} ({len(d.links)} links)")
        for link in d.links:
            out.append(
                f"- {local_name(link.claim)} [{source_label(audit, link.claim_source)}] "
                f"{relation_words(link)} {local_name(link.counter)} "
                f"[{source_label(audit, link.counter_source)}]"
            )
            for end in ("claim", "counter"):
                out.append(f"    {said(audit, getattr(link, end))}")
                out.append(f'      "{shortened(getattr(link, f"{end}_quote"))}"')
    if audit.grades:
        out.append(f"\ngrades ({len(audit.grades)}, by {len({g.analyst for g in audit.grades})} analysts)")
        for g in audit.grades:
            label = source_label(audit, g.graded) if g.graded in audit.source_labels else local_name(g.graded)
            out.append(f"- {label}: {g.shown} by {g.analyst} ({g.time[:10]}): {shortened(g.reason, 70)}")
    out.append(f"\nsupports ({s['supports']} links, {s['independent_supports']} between independent sources)")
    for claim, support in audit.supports:
        out.append(
            f"- {local_name(claim.iri)} [{source_label(audit, claim.source)}] "
            f"{supported_as(support.how)} {local_name(support.claim)} "
            f"[{source_label(audit, supporter_source(audit, support.claim))}]: {independence(support)}"
        )
        for end in (claim.iri, support.claim):
            out.append(f"    {said(audit, end)}")
    out.append("\nunnamed sources")
    for src in audit.sources:
        if src.unnamed:
            out.append(
                f"- {src.descriptor or src.label} ({src.kind}, "
                f"{src.claims} claims; access: {src.access or '?'}; "
                f"anonymity: {src.anonymity_reason or '?'})"
            )
    out.append("\nchecks")
    for check in audit.violations:
        mark = "FAIL" if check.rows else "ok"
        out.append(f"  {mark:<4} {check.check} ({len(check.rows)} rows)")
        for row in check.rows:
            out.append("       " + ", ".join(f"{k}={v}" for k, v in row.items()))
    return "\n".join(out) + "\n"


def relation_words(link: DisputeLink) -> str:
    """A link of a disagreement as its maker states it: "challenges", "contradicts (by content:
    conflicting value)"."""
    return disputed_as(link.relation, link.how)


_PASSIVE = {
    "contradicts": "contradicted by",
    "denies": "denied by",
    "challenges": "challenged by",
    "offersAlternativeTo": "given another explanation by",
    "disputes": "disputed by",
}


def disputed_as(relation: str, how: str, direction: str = "out") -> str:
    """How a claim stands to another it disputes ("denies"), or is disputed by (``direction``
    "in": "denied by"); ``how`` a content conflict: "contradicts (by content: ...)"."""
    said = relation if direction == "out" else _PASSIVE.get(relation, relation)
    return said if how == "link" else f"{said} (by content: {how})"


_SUPPORTED = {
    "corroborates": "corroborated by",
    "partiallySupports": "partially supported by",
    "same content": "said the same (same content) by",
}


def supported_as(how: str) -> str:
    """How a claim stands to the claim that supports it: "partially supported by"."""
    return _SUPPORTED.get(how, f"supported ({how}) by")


def supports_as(how: str) -> str:
    """How a claim stands to a claim it supports: "partially supports"."""
    return {"partiallySupports": "partially supports", "same content": "says the same as"}.get(how, how)


def independence(support: Corroboration) -> str:
    return "independent" if support.independent else f"not independent: {support.reason}"


def supporter_source(audit: Audit, claim: str) -> str | None:
    found = audit.claim(claim)
    return found.source if found else None


def said(audit: Audit, claim: str) -> str:
    """The claim in words, "(claim-key) The Iraqi military said that ...", or its key alone."""
    said = audit.sentences.get(claim)
    return f"({local_name(claim)}) {said.sentence}" if said else local_name(claim)


def source_label(audit: Audit, source: str | None) -> str:
    """The source's label, or its IRI."""
    return audit.source_labels.get(source, source) if source else "?"


def render_markdown(audit: Audit) -> str:
    s = audit.summary()
    out = ["# Provenance audit", "", f"{s['claims']} claims.", ""]
    unreviewed = s["unreviewed_by_status"]
    if s["unreviewed"]:
        out += ["| status | claims | of which not reviewed |", "|---|---:|---:|"]
        out += [f"| {status} | {n} | {unreviewed.get(status, 0)} |" for status, n in s["by_status"].items()]
        out += ["", f"{s['unreviewed']} claims were proposed by software and no person has checked them."]
    else:
        out += ["| status | claims |", "|---|---:|"]
        out += [f"| {status} | {n} |" for status, n in s["by_status"].items()]
    out += ["", "| source kind | claims |", "|---|---:|"]
    out += [f"| {kind} | {n} |" for kind, n in s["by_source_kind"].items()]
    out += [
        "",
        f"Claims resting only on unnamed sources: {s['anonymous_only']} ({s['anonymous_only_share']:.0%}).",
        "",
        f"## Disputes ({s['disputes']}, of {s['dispute_links']} links)",
        "",
        "| dispute | claim | source | quote | relation | counter-claim | source | quote |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for d in audit.disputes:
        for link in d.links:
            cells = [
                d.id,
                said(audit, link.claim),
                source_label(audit, link.claim_source),
                shortened(link.claim_quote, 70),
                relation_words(link),
                said(audit, link.counter),
                source_label(audit, link.counter_source),
                shortened(link.counter_quote, 70),
            ]
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    out += [
        "",
        f"## Supports ({s['supports']} links, {s['independent_supports']} between independent sources)",
        "",
        "| claim | source | supported how | supporting claim | source | independent |",
        "|---|---|---|---|---|---|",
    ]
    for claim, support in audit.supports:
        cells = [
            said(audit, claim.iri),
            source_label(audit, claim.source),
            supported_as(support.how),
            said(audit, support.claim),
            source_label(audit, supporter_source(audit, support.claim)),
            independence(support),
        ]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    if audit.grades:
        out += [
            "",
            f"## Analysts' grades ({len(audit.grades)})",
            "",
            "| graded | grade | analyst | date | why |",
            "|---|---|---|---|---|",
        ]
        for g in audit.grades:
            label = (
                source_label(audit, g.graded) if g.graded in audit.source_labels else said(audit, g.graded)
            )
            cells = [label, g.shown, g.analyst, g.time[:10], g.reason]
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    out += [
        "",
        "## Unnamed sources",
        "",
        "| descriptor | kind | role | access | reason for anonymity | claims |",
        "|---|---|---|---|---|---:|",
    ]
    for src in audit.sources:
        if src.unnamed:
            out.append(
                f"| {src.descriptor or src.label} | {src.kind} | "
                f"{src.role or ''} | {src.access or ''} | "
                f"{src.anonymity_reason or ''} | {src.claims} |"
            )
    out += ["", "## Checks", ""]
    for check in audit.violations:
        out.append(f"- {'**FAIL**' if check.rows else 'ok'} `{check.check}`: {len(check.rows)} rows")
    return "\n".join(out) + "\n"


RENDERERS: dict[str, Callable[[Audit], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
}


def chunks(audit: Audit, fmt: str) -> Iterable[str]:
    """The report in ``fmt`` (text, json or markdown; the page is :mod:`kgtool.html`'s) as
    pieces to write one after the other: JSON as it is made, the others whole."""
    if fmt == "json":
        return json_chunks(audit)
    if fmt not in RENDERERS:
        raise UsageError(f"unknown report format {fmt!r}", "use text, markdown, json or html")
    return (RENDERERS[fmt](audit),)
