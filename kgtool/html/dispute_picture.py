"""A picture of the disputes: who disputes whom, as an SVG drawn on the server.

Sources and claims are nodes (each claim links to its page); the relations between claims are
edges styled and labelled by type. The layout is Graphviz's ``dot`` (through the ``graphviz``
package, which calls Debian's ``dot``): a well-kept layout engine that places a few dozen nodes
without crossings a reader would have to untangle, with no JavaScript in the page.

Each disagreement (claims joined by disputes and supports) is a picture of its own, its claims'
sources drawn beside them in each picture they appear in: joined by their sources too, the
claims of a corpus made one part of thousands of nodes, which ``dot`` took minutes to lay out.
So that a page of any corpus is drawn in seconds, at most :data:`MOST_PICTURES` parts are drawn,
of at most :data:`MOST_CLAIMS` claims each; the page lists every dispute in words anyway.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import Any

import graphviz

from kgtool.audit.run import Audit
from kgtool.errors import KgtoolError
from kgtool.namespaces import local_name

#: How each relation is drawn: colour (at least 3:1 against white, WCAG 2.2 non-text contrast),
#: line style, and the label in words. Shape and label tell them apart without colour.
EDGE_STYLES = {
    "contradicts": ("#a93226", "bold", "contradicts"),
    "denies": ("#a93226", "dashed", "denies"),
    "challenges": ("#8a4f00", "dashed", "challenges"),
    "offersAlternativeTo": ("#6c3483", "dotted", "offers an alternative to"),
    "disputes": ("#a93226", "dashed", "disputes"),
    "partiallySupports": ("#1e7b45", "dashed", "partially supports"),
    "corroborates": ("#1e7b45", "solid", "corroborates"),
}
_SAID = "#566573"  # a source to the claim it made: a plain line, no arrow
_SUPPORTS = ("corroborates", "partiallySupports")
MOST_PICTURES = 40
MOST_CLAIMS = 40


class LayoutMissing(KgtoolError):
    """Graphviz's ``dot``, which lays out the picture of the disputes, is not installed."""


def _wrap(text: str, width: int = 30, most: int = 4) -> str:
    lines = textwrap.wrap(" ".join(text.split()), width) or [""]
    return "\n".join(lines[:most]) + ("…" if len(lines) > most else "")


def _relation_words(relation: str, how: str) -> str:
    words = EDGE_STYLES.get(relation, EDGE_STYLES["disputes"])[2]
    return words if how == "link" else f"{words} (by content)"


def _edges(audit: Audit) -> list[tuple[str, str, str, str]]:
    """(claim, other claim, relation, how) for every dispute link and explicit support."""
    edges = [
        (part.claim, part.counter, part.relation, part.how)
        for dispute in audit.disputes
        for part in dispute.links
    ]
    for claim in audit.claims:
        edges += [(c.claim, claim.iri, c.how, "link") for c in claim.corroborations if c.how in _SUPPORTS]
    return edges


def _groups(audit: Audit) -> list[list[tuple[str, str, str, str]]]:
    """The edges by connected part (claims joined by a relation), in the order of the audit's
    disputes, so that each part is a picture of its own: they flow side by side, and fit a
    phone."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]  # halve the path: long chains stay cheap
            x = parent[x]
        return x

    edges = _edges(audit)
    for a, b, _, _ in edges:
        parent[root(a)] = root(b)
    groups: dict[str, list] = {}
    for edge in edges:
        groups.setdefault(root(edge[0]), []).append(edge)
    return list(groups.values())


def dispute_graph(
    audit: Audit, edges: list[tuple[str, str, str, str]], link: Callable[[str], str | None]
) -> graphviz.Digraph:
    """The graph of ``edges``: each claim with its source, the relations by type."""
    graph = graphviz.Digraph(
        "disputes",
        graph_attr={"rankdir": "LR", "fontname": "sans-serif", "bgcolor": "transparent", "nodesep": "0.25"},
        node_attr={
            "fontname": "sans-serif",
            "fontsize": "11",
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": "#ffffff",
            "color": "#566573",
        },
        edge_attr={"fontname": "sans-serif", "fontsize": "10", "fontcolor": "#1b1b1b"},
    )
    claims = {c.iri: c for c in audit.claims}
    shown = sorted({iri for a, b, _, _ in edges for iri in (a, b)})
    sources: dict[str, str] = {}
    ids: dict[str, str] = {}  # dot reads "https://..." as a node and a port: names of its own

    def node_id(iri: str) -> str:
        return ids.setdefault(iri, f"n{len(ids)}")

    for iri in shown:
        found = claims.get(iri)
        said = audit.sentences.get(iri)
        text = said.content if said else ((found and found.quote) or local_name(iri))
        href = link(iri)
        graph.node(
            node_id(iri),
            graphviz.escape(_wrap(text)),
            href=href or "",
            tooltip=graphviz.escape(text),
            target="_top" if href else "",
        )
        if found and found.source:
            sources[found.source] = found.source_label or found.source
            graph.edge(node_id(found.source), node_id(iri), color=_SAID, arrowhead="none")
    for iri, label in sorted(sources.items()):
        href = link(iri)
        graph.node(
            node_id(iri),
            graphviz.escape(_wrap(label, 24)),
            href=href or "",
            fillcolor="#e8eef4",
            shape="box",
            style="filled",
        )
    for claim, counter, relation, how in edges:
        colour, style, _ = EDGE_STYLES.get(relation, EDGE_STYLES["disputes"])
        graph.edge(
            node_id(claim),
            node_id(counter),
            label=graphviz.escape(_relation_words(relation, how)),
            color=colour,
            style=style,
            fontcolor=colour,
            penwidth="1.6",
        )
    return graph


def dispute_pictures(audit: Audit, link: Callable[[str], str | None]) -> dict[str, Any]:
    """What the audit page shows of the picture: ``pictures``, one ``<svg>`` element per part
    drawn, and ``parts_not_drawn``, how many parts were too many or too large to draw;
    :class:`LayoutMissing` without Graphviz's ``dot``."""
    groups = _groups(audit)
    small = [g for g in groups if len({c for a, b, _, _ in g for c in (a, b)}) <= MOST_CLAIMS]
    drawn = small[:MOST_PICTURES]
    return {"pictures": _svgs(audit, drawn, link), "parts_not_drawn": len(groups) - len(drawn)}


def _svgs(
    audit: Audit, groups: list[list[tuple[str, str, str, str]]], link: Callable[[str], str | None]
) -> list[str]:
    """One ``<svg>`` element per part, all laid out by one run of ``dot`` (which writes one SVG
    document per graph it reads): a run for each took twenty times as long."""
    if not groups:
        return []
    source = "\n".join(dispute_graph(audit, edges, link).source for edges in groups)
    try:
        written = graphviz.pipe("dot", "svg", source.encode("utf-8")).decode("utf-8")
    except graphviz.ExecutableNotFound:
        raise LayoutMissing(
            "the picture of the disputes needs Graphviz's dot, which is not installed",
            "install it (Debian: apt-get install graphviz)",
        ) from None
    # each document's <svg> element alone: no XML declaration or DOCTYPE inside HTML
    svgs = re.findall(r"<svg\b.*?</svg>", written, re.S)
    return [
        svg.replace("<svg ", f'<svg role="img" aria-label="who disputes whom, part {number}" ', 1)
        for number, svg in enumerate(svgs, start=1)
    ]
