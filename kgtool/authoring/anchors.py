"""The RDF that places claims in an article, written once for every way of making claims
(``compile`` and ``import brat``): each span of the text as a Web Annotation
``oa:SpecificResource`` with its quote and position selectors, and the article with its digest
and the publisher's attribution.

Triples are given as plain values (IRIs as strings, literals as :class:`LiteralValue`), which
each writer turns into the terms of its own RDF library.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgtool.namespaces import OA, PROV, PROXY, RDF, SCHEMA

#: How many characters before and after the exact text a TextQuoteSelector keeps.
CONTEXT_CHARS = 32
_NON_NEGATIVE_INTEGER = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"
TEXT_FORMAT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class LiteralValue:
    """A literal: its lexical form and datatype IRI (None: a plain string)."""

    value: str
    datatype: str | None = None


Triple = tuple[str, str, "str | LiteralValue"]


def span_iri(article: str, start: int, end: int) -> str:
    """The IRI of the text from ``start`` to ``end`` (code points) of the article: stable, so that
    a span anchored by several claims is one node."""
    return f"{article}/span/{start}-{end}"


def span_triples(article: str, text: str, start: int, end: int) -> list[Triple]:
    """The span as a Web Annotation specific resource of the article, with a TextQuoteSelector
    (the exact text and its context) and a TextPositionSelector (its offsets)."""
    node = span_iri(article, start, end)
    quote, position = f"{node}/quote", f"{node}/position"
    return [
        (node, str(RDF.type), str(OA.SpecificResource)),
        (node, str(OA.hasSource), article),
        (node, str(OA.hasSelector), quote),
        (node, str(OA.hasSelector), position),
        (quote, str(RDF.type), str(OA.TextQuoteSelector)),
        (quote, str(OA.exact), LiteralValue(text[start:end])),
        (quote, str(OA.prefix), LiteralValue(text[max(0, start - CONTEXT_CHARS) : start])),
        (quote, str(OA.suffix), LiteralValue(text[end : end + CONTEXT_CHARS])),
        (position, str(RDF.type), str(OA.TextPositionSelector)),
        (position, str(OA.start), LiteralValue(str(start), _NON_NEGATIVE_INTEGER)),
        (position, str(OA.end), LiteralValue(str(end), _NON_NEGATIVE_INTEGER)),
    ]


def article_triples(article: str, headline: str, publisher: str, sha256: str) -> list[Triple]:
    """The article as a news article of its publisher, identified by its text's SHA-256. The
    publisher reports every claim of it, in its own voice or relaying its sources' words: a
    qualified attribution with the role of reporter."""
    attribution = f"{article}/attribution"
    return [
        (article, str(RDF.type), str(SCHEMA.NewsArticle)),
        (article, str(SCHEMA.headline), LiteralValue(headline)),
        (article, str(SCHEMA.publisher), publisher),
        (article, str(PROV.wasAttributedTo), publisher),
        (article, str(PROV.qualifiedAttribution), attribution),
        (attribution, str(RDF.type), str(PROV.Attribution)),
        (attribution, str(PROV.agent), publisher),
        (attribution, str(PROV.hadRole), str(PROXY.Reporter)),
        (article, str(PROXY.sha256), LiteralValue(sha256)),
        (article, str(SCHEMA.encodingFormat), LiteralValue(TEXT_FORMAT)),
    ]
