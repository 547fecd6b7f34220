"""Engine-neutral query results: SELECT rows, an ASK boolean or a CONSTRUCT graph, as rdflib terms.

Every engine (Oxigraph, rdflib, a remote endpoint) returns this shape, so that results compare
across engines by meaning: a SELECT is a multiset of bindings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Literal as Lit
from typing import TypeVar

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kgtool.errors import TooManyRows

Term = URIRef | Literal | BNode
Row = tuple[Term | None, ...]
T = TypeVar("T")


@dataclass
class QueryResult:
    kind: Lit["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)

    def bindings(self) -> list[dict[str, Term]]:
        """Rows as dicts, unbound variables left out."""
        return [
            {v: t for v, t in zip(self.variables, row, strict=True) if t is not None} for row in self.rows
        ]

    def as_multiset(self) -> Counter:
        """SELECT rows as a multiset of frozen bindings, for comparing results by meaning."""
        return Counter(frozenset(b.items()) for b in self.bindings())


def bounded(rows: Iterable[T], max_rows: int | None) -> list[T]:
    """The rows, or :class:`TooManyRows` as soon as there is one more than ``max_rows``: a
    streaming engine then never computes (nor holds) the rest of a huge result."""
    if max_rows is None:
        return list(rows)
    taken = list(islice(rows, max_rows + 1))
    if len(taken) > max_rows:
        raise TooManyRows(
            f"the query gives more than {max_rows:,} rows",
            "add LIMIT, or raise the row limit",
            options=("max_rows",),
        )
    return taken


def literal(value: str, language: str | None = None, datatype: str | None = None) -> Literal:
    """A literal normalised across engines: xsd:string is a simple literal (RDF 1.1)."""
    if language:
        return Literal(value, lang=language)
    if datatype is None or datatype == str(XSD.string):
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))
