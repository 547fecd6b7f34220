"""Write query results in the registry's result formats (and CONSTRUCT graphs in RDF formats).

JSON, XML and CSV use rdflib's writers; TSV uses pyoxigraph's (rdflib has none), which writes
the terms in Turtle syntax as SPARQL 1.1 TSV asks, tabs and newlines inside literals escaped;
``table`` is for people.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef, Variable
from rdflib.query import Result

from kgtool.errors import UsageError
from kgtool.formats import Format, Kind, require_rdf
from kgtool.namespaces import compact
from kgtool.sparql.results import QueryResult, Term
from kgtool.terminal import escape_controls


def _rdflib_result(result: QueryResult) -> Result:
    if result.kind == "ask":
        out = Result("ASK")
        out.askAnswer = bool(result.boolean)
        return out
    out = Result("SELECT")
    out.vars = [Variable(v) for v in result.variables]
    out.bindings = [{Variable(k): v for k, v in b.items()} for b in result.bindings()]
    return out


def _table_cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = compact(str(term))
    elif isinstance(term, Literal):
        text = str(term).replace("\n", " ")
    else:
        text = term.n3()
    return escape_controls(text, keep_layout=False)  # one line, never a terminal escape sequence


def write_graph(graph: Graph, fmt: Format) -> bytes:
    """A graph's triples in an RDF format; in a dataset format (TriG, N-Quads, JSON-LD) they are
    its default graph, never a graph named by a blank node."""
    plugin = require_rdf(fmt).rdflib_name
    if fmt.kind is Kind.DATASET:
        dataset = Dataset()
        for prefix, namespace in graph.namespaces():
            dataset.bind(prefix, namespace)
        for triple in graph:
            dataset.default_graph.add(triple)
        return dataset.serialize(format=plugin, encoding="utf-8")
    return graph.serialize(format=plugin, encoding="utf-8")


def write_results(result: QueryResult, fmt: Format) -> bytes:
    """SELECT/ASK results in a result format; CONSTRUCT/DESCRIBE graphs in an RDF format."""
    if result.kind == "graph":
        if not fmt.is_rdf:
            raise UsageError(
                f"a CONSTRUCT/DESCRIBE query gives a graph, not {fmt.label}",
                "choose an RDF format, e.g. turtle",
                options=("graph_format",),
            )
        graph = Graph()
        for triple in result.triples:
            graph.add(triple)
        return write_graph(graph, fmt)
    if fmt.is_rdf:
        raise UsageError(
            f"a SELECT/ASK query gives a result set, not {fmt.label}", "choose table, json, xml, csv or tsv"
        )
    if fmt.for_people:
        return _table(result).encode("utf-8")
    if result.kind == "ask" and not fmt.ask:  # CSV and TSV define no boolean: one column
        result = QueryResult("select", variables=["_askResult"], rows=[(Literal(bool(result.boolean)),)])
    rows = _rdflib_result(result)
    if fmt.rdflib is not None:
        return rows.serialize(format=fmt.rdflib, encoding="utf-8") or b""
    results = ox.parse_query_results(
        rows.serialize(format="json", encoding="utf-8") or b"", format=ox.QueryResultsFormat.JSON
    )
    written = results.serialize(format=getattr(ox.QueryResultsFormat, fmt.oxigraph_name))
    assert written is not None  # no file given: the bytes are returned
    return written


def _table(result: QueryResult) -> str:
    if result.kind == "ask":
        return f"{'yes' if result.boolean else 'no'}\n"
    header = list(result.variables)
    rows = [[_table_cell(t) for t in row] for row in result.rows]
    widths = [min(60, max([len(h)] + [len(r[i]) for r in rows])) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c[:w].ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
