"""Links between the claims of several articles: the same claim, derivation, stance.

:func:`read_corpus` reads the articles and claims an engine holds, :func:`find_links` proposes
the links between them, :func:`links_graph` writes them as a graph of their own.
"""

from kgtool.linking.finding import Link, Links, find_links
from kgtool.linking.graph import links_graph
from kgtool.linking.occurrences import Corpus, read_corpus

__all__ = ["Corpus", "Link", "Links", "find_links", "links_graph", "read_corpus"]
