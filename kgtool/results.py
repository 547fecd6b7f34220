"""Engine-neutral query results: SELECT rows, an ASK boolean or a CONSTRUCT graph, as rdflib terms.

Every engine (Oxigraph, rdflib, a remote endpoint) returns this shape, so that results compare
across engines by meaning: a SELECT is a multiset of bindings.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal as Lit

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

Term = URIRef | Literal | BNode
Row = tuple[Term | None, ...]


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
            {v: t for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]

    def as_multiset(self) -> Counter:
        """SELECT rows as a multiset of frozen bindings, for comparing results by meaning."""
        return Counter(frozenset(b.items()) for b in self.bindings())


def literal(value: str, language: str | None = None, datatype: str | None = None) -> Literal:
    """A literal normalised across engines: xsd:string is a simple literal (RDF 1.1)."""
    if language:
        return Literal(value, lang=language)
    if datatype is None or datatype == str(XSD.string):
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


_TSV_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_TSV_LITERAL = re.compile(r'^"(.*)"(?:\^\^<[^>]*>|@[A-Za-z0-9-]+)?$', re.S)
_UNESCAPED = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'",
              "\\": "\\"}


def _unescape(match: re.Match) -> str:
    code = match.group(1)
    return chr(int(code[1:], 16)) if code[0] in "uU" and len(code) > 1 else _UNESCAPED.get(code, code)


def _tsv_value(cell: str) -> str:
    """The lexical value of one SPARQL TSV cell: what ``str()`` of the rdflib term gives."""
    if cell.startswith("<"):
        return cell[1:-1]
    if cell.startswith("_:"):
        return cell[2:]
    match = _TSV_LITERAL.match(cell)
    if match is None:  # a bare number or boolean
        return cell
    text = match.group(1)
    return _TSV_ESCAPE.sub(_unescape, text) if "\\" in text else text


def string_rows(engine, sparql: str) -> list[dict[str, str]]:
    """SELECT rows as variable -> lexical value (unbound left out), for callers that need only
    strings (the audit). On Oxigraph the results are serialised in Rust (SPARQL TSV) and split,
    instead of building a Python term object per cell: three times faster at 100,000 rows."""
    store = getattr(engine, "store", None)
    if getattr(engine, "name", "") != "oxigraph" or store is None:
        return [{k: str(v) for k, v in row.items()} for row in engine.query(sparql).bindings()]
    import pyoxigraph as ox

    from kgtool.errors import QueryError

    try:
        solutions = store.query(sparql, use_default_graph_as_union=True)
    except (SyntaxError, RuntimeError, OSError) as e:
        raise QueryError(f"cannot run the query: {e}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("only a SELECT query gives rows")
    lines = solutions.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8").split("\n")
    names = [v.lstrip("?$") for v in lines[0].split("\t")]
    body = lines[1:-1] if lines[-1] == "" else lines[1:]  # every row ends with a newline
    return [{n: _tsv_value(c) for n, c in zip(names, line.split("\t"), strict=True) if c}
            for line in body]
