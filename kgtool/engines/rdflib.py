"""The rdflib engine: the reference implementation, and the graph pyshacl validates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Dataset, Graph
from rdflib.plugins.sparql import prepareQuery

from kgtool.errors import InputError, QueryError, TooManyRows, UsageError
from kgtool.formats import Format, Kind
from kgtool.results import QueryResult, Term, bounded, literal

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import BinaryIO


def _normalise(term):
    # xsd:string literals are simple literals (RDF 1.1); keep rows comparable across engines.
    if getattr(term, "datatype", None) is not None or getattr(term, "language", None):
        return literal(str(term), term.language, str(term.datatype) if term.datatype else None)
    return term


class RdflibEngine:
    name = "rdflib"

    def __init__(self) -> None:
        self.dataset = Dataset(default_union=True)

    def load(self, data: bytes | BinaryIO, fmt: Format, base_iri: str | None = None) -> None:
        if fmt.rdflib is None or fmt.kind is Kind.RESULTS:
            raise UsageError(f"{fmt.label} is not an RDF format", "give an RDF file")
        if not isinstance(data, bytes):
            data = data.read()  # rdflib parses from memory anyway
        try:
            if fmt.kind is Kind.DATASET:
                # Dataset.parse clears a graph of the dataset it parses into: parse apart, then add
                incoming = Dataset()
                incoming.parse(data=data, format=fmt.rdflib, publicID=base_iri)
                default = incoming.default_graph.identifier
                for s, p, o, g in incoming.quads((None, None, None, None)):
                    graph = self.dataset.default_graph if g in (None, default) else \
                        self.dataset.graph(g.identifier if isinstance(g, Graph) else g)
                    graph.add((s, p, o))
            else:
                self.dataset.default_graph.parse(data=data, format=fmt.rdflib, publicID=base_iri)
        except Exception as e:  # rdflib's parsers raise many unrelated types
            raise InputError(f"{type(e).__name__}: {e}".splitlines()[0],
                             f"fix the {fmt.label} syntax") from None

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
              max_rows: int | None = None) -> QueryResult:
        try:
            prepared = prepareQuery(sparql)
        except Exception as e:
            raise QueryError(f"SPARQL syntax error: {e}", "see SPARQL 1.1 Query, section 19") from None
        try:
            result = self.dataset.query(prepared, initBindings=dict(bindings or {}))
            if result.type == "ASK":
                return QueryResult("ask", boolean=bool(result.askAnswer))
            if result.type == "SELECT":
                variables = [str(v) for v in result.vars or []]
                rows = bounded((tuple(_normalise(t) for t in row) for row in result), max_rows)
                return QueryResult("select", variables=variables, rows=rows)
            return QueryResult("graph", triples=bounded(
                (tuple(_normalise(t) for t in tr) for tr in result), max_rows))
        except TooManyRows:
            raise
        except Exception as e:  # evaluation errors of any kind, e.g. a SERVICE that failed
            message = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise QueryError(f"query failed: {message}") from None

    def dump(self, fmt: Format) -> bytes:
        if fmt.rdflib is None or fmt.kind is Kind.RESULTS:
            raise UsageError(f"{fmt.label} is not an RDF format", "choose an RDF format")
        if fmt.kind is Kind.GRAPH:
            default = self.dataset.default_graph.identifier
            if any(len(g) for g in self.dataset.graphs() if g.identifier != default):
                raise UsageError(
                    f"the data has named graphs, which {fmt.label} cannot hold",
                    "export to TriG or N-Quads instead",
                )
            graph = Graph()
            for triple in self.dataset.default_graph:
                graph.add(triple)
            return graph.serialize(format=fmt.rdflib, encoding="utf-8")
        return self.dataset.serialize(format=fmt.rdflib, encoding="utf-8")

    def graph(self) -> Graph:
        """All triples of all graphs as one rdflib Graph (for pyshacl)."""
        union = Graph()
        for s, p, o, _ in self.dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        return union

    def __len__(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))
