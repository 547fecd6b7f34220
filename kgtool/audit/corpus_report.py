"""The corpus audit as text, Markdown or JSON."""

from __future__ import annotations

import json

from kgtool.audit.corpus import PROPOSED, CorpusAudit, CorpusLink
from kgtool.namespaces import compact


def render(audit: CorpusAudit, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(audit.as_dict(), indent=2, ensure_ascii=False) + "\n"
    markdown = fmt == "markdown"
    lines = ["# Corpus audit", ""] if markdown else []
    lines += _summary(audit)
    for cluster in audit.clusters:
        first = cluster.first_appearance
        head = (
            f"{cluster.id}: {len(cluster.claims)} claims, first in {compact(str(first['article']))} "
            f"({compact(str(first['outlet'] or 'no publisher'))}, {first['date'] or 'undated'})"
        )
        lines += ["", f"## {head}", ""] if markdown else ["", head]
        bullet = "- " if markdown else "  "
        if cluster.proposed_links:
            lines.append(f"{bullet}rests on {cluster.proposed_links} proposed links no person has reviewed")
        roots = ", ".join(compact(r) for r in cluster.roots) or "none: the derivation runs in a circle"
        lines.append(f"{bullet}roots ({cluster.independent_roots} independent): {roots}")
        if cluster.independence_unknown:
            unknown = ", ".join(compact(r) for r in cluster.independence_unknown)
            lines.append(f"{bullet}independence unknown (unnamed, counted as one): {unknown}")
        lines.append(f"{bullet}flags: {', '.join(cluster.flags) or 'none'}")
        for claim in sorted(cluster.claims, key=audit.corpus.order):
            occurrence = audit.corpus.claims[claim]
            article = audit.corpus.articles[occurrence.article]
            lines.append(
                f"{bullet}claim {compact(claim)} in {compact(article.iri)} "
                f"({compact(article.publisher or 'no publisher')}, {article.date or 'undated'})"
            )
        lines += [f"{bullet}corroboration: {_link(link)}" for link in cluster.corroborations]
        lines += [f"{bullet}dispute: {_link(link)}" for link in cluster.disputes]
        if cluster.supporting_roots:
            supporting = ", ".join(compact(r) for r in cluster.supporting_roots)
            lines.append(
                f"{bullet}corroborated from other roots: {supporting} "
                f"({cluster.confirming_roots} independent roots in all)"
            )
        lines += [
            f"{bullet}grade: {compact(g.graded)} {g.shown} by {g.analyst} ({g.time[:10]}): {g.reason}"
            for g in cluster.grades + cluster.root_grades
        ]
    return "\n".join(lines) + "\n"


def _summary(audit: CorpusAudit) -> list[str]:
    summary = audit.summary()
    links = summary["links"]
    flagged = ", ".join(f"{flag} {n}" for flag, n in summary["flags"].items())
    lines = [
        f"{summary['articles']} articles, {summary['claims']} claims, clusters of the same claim: "
        f"{summary['clusters']} ({flagged})",
        f"links across articles: {links['by hand']} written by hand, {links['accepted']} accepted, "
        f"{links[PROPOSED]} proposed, {links['rejected']} rejected",
    ]
    merges = summary["source_merges"]
    if audit.merged_sources:
        proposed = sum(n for _, n in audit.merged_sources.values())
        lines.append(
            f"named sources taken for one: "
            f"{sum(len(same) for same, _ in audit.merged_sources.values())} as "
            f"{len(audit.merged_sources)} (JSON: merged_sources)"
            + (f", {proposed} of the merges proposed, not reviewed" if proposed else "")
        )
    if merges[PROPOSED] and not audit.include_proposed:
        lines.append(
            f"{merges[PROPOSED]} proposed source merges not counted: accept them in the links graph, "
            "or ask the audit to count proposals"
        )
    if audit.include_proposed:
        lines.append(
            "proposed links counted, as proposals: "
            f"{summary['clusters_resting_on_proposed_links']} clusters rest on links no person has reviewed"
        )
    elif links[PROPOSED]:
        lines.append(
            f"{links[PROPOSED]} proposed links not counted: accept them in the links graph, "
            "or ask the audit to count proposals"
        )
    return lines


def _link(link: CorpusLink) -> str:
    review = f"{link.review}, {link.method}, score {link.score}" if link.method else link.review
    return f"{compact(link.subject)} {compact(link.relation)} {compact(link.object)} ({review})"
