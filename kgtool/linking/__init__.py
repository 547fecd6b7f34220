"""Links between the claims of several articles: the same claim, derivation, stance.

:func:`read_corpus` reads the articles and claims an engine holds, :func:`find_links` proposes
the links between them, :func:`links_graph` writes them as a graph of their own.
"""

from kgtool.corpus_claims import Corpus, corpus_query, from_rows
from kgtool.engines import Engine
from kgtool.linking.finding import Link, Links, find_links
from kgtool.linking.graph import links_graph, reviewed_links
from kgtool.sparql.guard import check_query


def read_corpus(engine: Engine) -> Corpus:
    """Every article and claim that ``engine`` holds."""
    texts = [corpus_query(name) for name in ("articles", "claims")]
    for text in texts:
        check_query(text)
    return from_rows(*(engine.select_strings(text) for text in texts))


__all__ = ["Corpus", "Link", "Links", "find_links", "links_graph", "read_corpus", "reviewed_links"]
