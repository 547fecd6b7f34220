"""The rdflib engine: the reference implementation, and the graph pyshacl validates."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, cast

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from kgtool.engines.base import Engine
from kgtool.errors import InputError, QueryError, TooManyRows
from kgtool.formats import Format, Kind, refuse_flattening, require_rdf
from kgtool.sparql.results import QueryResult, Term, bounded, literal

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import BinaryIO


def _normalise(term):
    # xsd:string literals are simple literals (RDF 1.1); keep rows comparable across engines.
    if getattr(term, "datatype", None) is not None or getattr(term, "language", None):
        return literal(str(term), term.language, str(term.datatype) if term.datatype else None)
    return term


_TERMS = (ox.NamedNode, ox.BlankNode, ox.Literal)


class RdflibEngine(Engine):
    name = "rdflib"

    def __init__(self) -> None:
        self.dataset = Dataset(default_union=True)

    def load(self, data: bytes | BinaryIO, fmt: Format, base_iri: str | None = None) -> None:
        """Parsed by Oxigraph's parsers, as every input of kgtool is (one answer per file)."""
        from kgtool.engines.oxigraph import parse_quads

        default = self.dataset.default_graph
        for s, p, o, g in _rdflib_quads(parse_quads(data, fmt, base_iri, rename_blank_nodes=True)):
            (default if g is None else self.dataset.graph(g)).add((s, p, o))

    def query(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, max_rows: int | None = None
    ) -> QueryResult:
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
                # rdflib types iteration as rows, triples or a bool; a SELECT gives rows
                rows = cast("Iterable[tuple[Node, ...]]", result)
                found = bounded((tuple(_normalise(t) for t in row) for row in rows), max_rows)
                return QueryResult("select", variables=variables, rows=found)
            triples = cast("Iterable[tuple[Node, Node, Node]]", result)  # CONSTRUCT: triples
            return QueryResult(
                "graph",
                triples=bounded((tuple(_normalise(t) for t in tr) for tr in triples), max_rows),
            )
        except TooManyRows:
            raise
        except Exception as e:  # evaluation errors of any kind, e.g. a SERVICE that failed
            message = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise QueryError(f"query failed: {message}") from None

    def dump(self, fmt: Format) -> bytes:
        require_rdf(fmt)
        default = self.dataset.default_graph.identifier
        refuse_flattening(fmt, lambda: any(len(g) for g in self.dataset.graphs() if g.identifier != default))
        if fmt.kind is Kind.GRAPH:
            graph = Graph()
            for triple in self.dataset.default_graph:
                graph.add(triple)
            return graph.serialize(format=fmt.rdflib_name, encoding="utf-8")
        return self.dataset.serialize(format=fmt.rdflib_name, encoding="utf-8")

    def __len__(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))


def _rdflib_quads(quads: Iterable) -> Iterator[tuple]:
    """pyoxigraph quads as rdflib terms (graph None: the default graph)."""
    from kgtool.engines.oxigraph import to_rdflib

    for q in quads:
        if not all(isinstance(t, _TERMS) for t in (q.subject, q.object)):
            raise InputError(
                "RDF 1.2 triple terms cannot be held in an rdflib graph",
                "validate and query them with the default engine",
            )
        graph = None if isinstance(q.graph_name, ox.DefaultGraph) else to_rdflib(q.graph_name)
        yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph


def union_graph(quads: Iterable) -> Graph:
    """All triples of all graphs of pyoxigraph ``quads`` as one rdflib Graph (for pyshacl)."""
    union = Graph()
    for s, p, o, _ in _rdflib_quads(quads):
        union.add((s, p, o))
    return union


class _PreparedQueries(Graph):
    """A graph that parses each SPARQL text once: pyshacl runs a SHACL-SPARQL constraint once per
    focus node, and rdflib would parse the text every time, which at corpus scale costs more
    than the validation itself."""

    prepared: ClassVar[dict[str, Any]] = {}  # query text -> parsed query, for the process

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str) and not kwargs.get("initNs"):
            if query_object not in self.prepared:
                self.prepared[query_object] = prepareQuery(query_object)
            query_object = self.prepared[query_object]
        return super().query(query_object, *args, **kwargs)


def with_prepared_queries(graph: Graph) -> Graph:
    """``graph`` (sharing its store: no copy) such that each SPARQL text it is asked is parsed
    once for the process (what pyshacl's SHACL-SPARQL constraints need)."""
    return _PreparedQueries(store=graph.store, identifier=graph.identifier)
