"""Links between the claims of several articles: the same claim, derivation, stance.

:func:`read_corpus` reads the articles and claims an engine holds, :func:`find_links` proposes
the links between them, :func:`links_graph` writes them as a graph of their own. Its names are
imported when first used: the stance model (:mod:`kgtool.linking.stance`) is used without any
RDF library (benchmarks/fnc1.py), and importing it imports this package first.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kgtool.corpus_claims import Corpus
    from kgtool.engines import Engine
    from kgtool.linking.finding import Link, Links, find_links
    from kgtool.linking.graph import links_graph, reviewed_links

_WHERE = {
    "Corpus": "kgtool.corpus_claims",
    "Link": "kgtool.linking.finding",
    "Links": "kgtool.linking.finding",
    "find_links": "kgtool.linking.finding",
    "links_graph": "kgtool.linking.graph",
    "reviewed_links": "kgtool.linking.graph",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_WHERE[name]), name)


def read_corpus(engine: Engine) -> Corpus:
    """Every article and claim that ``engine`` holds."""
    from kgtool.corpus_claims import corpus_query, from_rows
    from kgtool.sparql.guard import check_query

    texts = [corpus_query(name) for name in ("articles", "claims")]
    for text in texts:
        check_query(text)
    return from_rows(*(engine.select_strings(text) for text in texts))


__all__ = ["Corpus", "Link", "Links", "find_links", "links_graph", "read_corpus", "reviewed_links"]
