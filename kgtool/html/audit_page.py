"""The audit as one self-contained HTML page (the home page of ``kgtool serve`` too), from the
templates every served page shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kgtool.audit.report import chunks, independence, relation_words, source_label, supported_as
from kgtool.audit.run import CORE_STATUSES, Audit
from kgtool.html.dispute_picture import dispute_svgs
from kgtool.html.environment import templates
from kgtool.html.links import web_link
from kgtool.namespaces import local_name


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
        rows.append({"kind": kind, "y": i * row_h, "bars": bars, "end": x, "total": sum(by_status.values())})
    return {
        "rows": rows,
        "statuses": statuses,
        "width": label_w + bar_w + 60,
        "height": row_h * len(counts) + 34,
        "legend_y": row_h * len(counts) + 24,
    }


def render_html(audit: Audit, link: Callable[[str], str | None] = web_link, **page: Any) -> str:
    """One self-contained page; ``link`` maps an IRI to the href of its page (the IRI itself
    when http(s), the local server's path when served) or to None: then it is text. ``page``
    adds what the served page shows besides (the navigation)."""
    if "pictures" not in page and "layout_missing" not in page:
        page["pictures"] = dispute_svgs(audit, link)  # without dot: LayoutMissing, exit 2
    context = {
        "audit": audit,
        "summary": audit.summary(),
        "chart": _chart(audit),
        "link": link,
        "local": local_name,
        "relation": relation_words,
        "supported_as": supported_as,
        "independence": independence,
        "sentences": audit.sentences,
        "source_label": lambda iri: source_label(audit, iri),
        "main_statuses": CORE_STATUSES,
    }
    return templates().get_template("audit.html").render(context | page)


def render_audit(audit: Audit, fmt: str = "text") -> str:
    """The audit as a report: ``text``, ``markdown``, ``json`` or ``html`` (this page)."""
    return render_html(audit) if fmt == "html" else "".join(chunks(audit, fmt))
