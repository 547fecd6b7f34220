"""A picture of who took a claim from whom in a cluster of the corpus audit, as an SVG laid out
by Graphviz's ``dot`` (as the picture of the disputes): each appearance a node (outlet and
date, linking to the claim's page), each outlet outside the corpus a node of its own, and an
arrow from each claim to what it was quoted or derived from."""

from __future__ import annotations

import re
from collections.abc import Callable

import graphviz

from kgtool.audit.corpus import CorpusAudit
from kgtool.html.dispute_picture import LayoutMissing
from kgtool.namespaces import PROV, local_name

_QUOTED = str(PROV.wasQuotedFrom)


def derivation_svgs(
    audit: CorpusAudit, labels: Callable[[str], str], link: Callable[[str], str | None]
) -> dict[str, str]:
    """One ``<svg>`` element by cluster id, for each cluster of two claims or more some claim of
    which was derived;
    :class:`LayoutMissing` without Graphviz's ``dot``."""
    derived: dict[str, list[tuple[str, str]]] = {}
    for derivation in audit.derivations:
        derived.setdefault(derivation.subject, []).append((derivation.object, derivation.relation))
    pictures = {}
    for cluster in audit.clusters:
        edges = [(claim, *target) for claim in cluster.claims for target in derived.get(claim, ())]
        if not edges or len(cluster.claims) < 2:  # one claim's source is said in words beside it
            continue
        graph = _picture(audit, cluster.claims, edges, labels, link)
        try:
            svg = graph.pipe(format="svg", encoding="utf-8")
        except graphviz.ExecutableNotFound:
            raise LayoutMissing(
                "the picture of who derived from whom needs Graphviz's dot, which is not installed",
                "install it (Debian: apt-get install graphviz)",
            ) from None
        svg = svg[svg.index("<svg") :]  # no XML declaration or DOCTYPE inside HTML
        pictures[cluster.id] = re.sub(
            r"<svg ", f'<svg role="img" aria-label="who derived from whom, {cluster.id}" ', svg, count=1
        )
    return pictures


def _picture(
    audit: CorpusAudit,
    claims: list[str],
    edges: list[tuple[str, str, str]],
    labels: Callable[[str], str],
    link: Callable[[str], str | None],
) -> graphviz.Digraph:
    """The graph of one cluster: its appearances in time order, the outlets outside the corpus,
    an arrow from each claim to what it was taken from."""
    corpus = audit.corpus
    graph = graphviz.Digraph(
        "derivation",
        graph_attr={"rankdir": "RL", "fontname": "sans-serif", "bgcolor": "transparent"},
        node_attr={"fontname": "sans-serif", "fontsize": "11", "shape": "box", "style": "rounded"},
        edge_attr={"fontname": "sans-serif", "fontsize": "10", "color": "#566573"},
    )
    ids: dict[str, str] = {}  # dot reads "https://..." as a node and a port: names of its own

    def node(iri: str) -> str:
        if iri not in ids:
            ids[iri] = f"n{len(ids)}"
            if iri in corpus.claims:
                article = corpus.articles[corpus.claims[iri].article]
                outlet = labels(article.publisher) if article.publisher else local_name(article.iri)
                text, style = f"{outlet}\n{article.date or 'undated'}", "rounded"
            else:  # an outlet outside the corpus: a root
                text, style = labels(iri), "filled"
            href = link(iri)
            graph.node(ids[iri], graphviz.escape(text), href=href or "", style=style, fillcolor="#e8eef4")
        return ids[iri]

    for claim in sorted(claims, key=corpus.order):
        node(claim)
    for claim, target, relation in edges:
        graph.edge(node(claim), node(target), label="quoted from" if relation == _QUOTED else "derived from")
    return graph
