"""A remote SPARQL 1.1 endpoint as an engine: the same query files, past one machine.

Bindings travel as a VALUES block in the query (endpoints take no initBindings).
Credentials come from the URL or the environment, are never printed, and go only to a store
that asks for them (see kgtool.engines.http).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, cast

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import XSD

from kgtool.engines.base import Engine
from kgtool.engines.http import Client, shown, without_credentials
from kgtool.errors import EndpointError, QueryError, UsageError
from kgtool.sparql.parameters import with_values
from kgtool.sparql.results import QueryResult, Term, bounded, literal

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import BinaryIO

    from kgtool.formats import Format

POST_ABOVE = 2000  # characters: longer queries go as POST bodies
SPARQL_JSON, TURTLE = "application/sparql-results+json", "text/turtle"
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"  # Virtuoso: the result was cut at ResultSetMaxRows
_BOOLEAN = str(XSD.boolean)
_BOOLEANS = {"1": "true", "0": "false"}  # Virtuoso writes xsd:boolean as 1 and 0


def _lexical(cell: dict) -> str:
    """A cell's lexical value, booleans in their canonical form whatever the store wrote."""
    value = cell["value"]
    return _BOOLEANS.get(value, value) if cell.get("datatype") == _BOOLEAN else value


def _term(binding: dict) -> Term:
    kind = binding["type"]
    if kind == "uri":
        return URIRef(binding["value"])
    if kind == "bnode":
        return BNode(binding["value"])
    return literal(_lexical(binding), binding.get("xml:lang"), binding.get("datatype"))


class EndpointEngine(Engine):
    name = "endpoint"
    concurrent_queries = True  # one HTTP client per query

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        if not url.lower().startswith(("http://", "https://")):
            raise UsageError(
                f"endpoint {shown(url)!r} is not an http(s) URL",
                "give http://HOST/...",
                options=("endpoint",),
            )
        self.url, self.credentials = without_credentials(url)
        self.timeout = timeout

    @property
    def where(self) -> str:
        return self.url

    def query(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, max_rows: int | None = None
    ) -> QueryResult:
        body, content_type, query_type = self._send(with_values(sparql, dict(bindings or {})))
        if query_type in ("CONSTRUCT", "DESCRIBE"):
            graph = self._graph(body, content_type)
            return QueryResult("graph", triples=bounded(graph.triples, max_rows))
        data = self._json(body, content_type)
        if "boolean" in data:
            return QueryResult("ask", boolean=bool(data["boolean"]))
        try:
            variables = list(data["head"]["vars"])
            rows = bounded(
                (
                    tuple(_term(b[v]) if v in b else None for v in variables)
                    for b in data["results"]["bindings"]
                ),
                max_rows,
            )
        except (KeyError, TypeError):
            raise EndpointError(f"{self.url}: malformed SPARQL JSON results") from None
        return QueryResult("select", variables=variables, rows=rows)

    def select_strings(self, sparql: str, spool: bool = False) -> list[dict[str, str]]:
        """SELECT rows as lexical values, read off the SPARQL JSON without building a term per
        cell (at 100,000 claims that took longer than the server's answer). ``spool`` changes
        nothing here: the server holds the evaluation's memory, not this process."""
        body, content_type, query_type = self._send(sparql)
        data = self._json(body, content_type)
        if query_type != "SELECT" or "boolean" in data:
            raise QueryError("only a SELECT query gives rows")
        try:
            return [{v: _lexical(cell) for v, cell in row.items()} for row in data["results"]["bindings"]]
        except (KeyError, TypeError, AttributeError):
            raise EndpointError(f"{self.url}: malformed SPARQL JSON results") from None

    def _send(self, sparql: str) -> tuple[bytes, str, str]:
        """The endpoint's answer: body, Content-Type, and the query's form (SELECT, ASK, ...)."""
        from SPARQLWrapper import SPARQLWrapper

        parsed = SPARQLWrapper(self.url)  # only to read the query's form off its text
        parsed.setQuery(sparql)
        query_type = str(parsed.queryType)
        accept = TURTLE if query_type in ("CONSTRUCT", "DESCRIBE") else SPARQL_JSON
        client = Client(self.timeout, self.credentials)
        if len(sparql) > POST_ABOVE:
            response = client.request("POST", self.url, data={"query": sparql}, headers={"Accept": accept})
        else:
            response = client.request("GET", self.url, params={"query": sparql}, headers={"Accept": accept})
        cap = response.headers.get(MAX_ROWS_HEADER)
        if cap is not None:  # the store says it cut the result: never count it as complete
            raise EndpointError(
                f"{self.url}: the store cut the result at {cap} rows ({MAX_ROWS_HEADER})",
                "raise the store's limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of "
                "virtuoso.ini), or add LIMIT to the query",
            )
        return response.content, response.headers.get("Content-Type", ""), query_type

    def _json(self, body: bytes, content_type: str) -> dict:
        try:
            data = json.loads(body)
        except ValueError:
            raise EndpointError(
                f"{self.url}: the answer is not SPARQL JSON results (Content-Type {content_type!r})",
                "is this a SPARQL endpoint?",
            ) from None
        if not isinstance(data, dict):
            raise EndpointError(f"{self.url}: malformed SPARQL JSON results")
        return data

    def _graph(self, body: bytes, content_type: str) -> QueryResult:
        from kgtool import formats

        fmt = formats.by_media_type(content_type) or formats.by_name("turtle")
        try:
            graph = Graph().parse(data=body, format=fmt.rdflib_name)
        except Exception:
            raise EndpointError(f"{self.url}: the answer is not RDF ({content_type!r})") from None
        # rdflib types a parsed triple's terms as Node; they are IRIs, blank nodes and literals
        return QueryResult("graph", triples=cast("list[tuple[Term, Term, Term]]", list(graph)))

    def load(self, data: bytes | BinaryIO, fmt: Format, base_iri: str | None = None) -> None:
        raise UsageError(
            f"{self.url}: a SPARQL query endpoint is read, not written, here",
            "send the data to the store's Graph Store endpoint first",
            commands=("push",),
        )

    def dump(self, fmt: Format) -> bytes:
        """The triples of the store's default graph (with a union default graph: of all its
        graphs, their names lost, so only in a triples format)."""
        from kgtool.formats import Kind, require_rdf

        if require_rdf(fmt).kind is not Kind.GRAPH:
            raise UsageError(
                f"{self.url}: a SPARQL endpoint gives the triples of its default "
                f"graph, not {fmt.label}'s named graphs",
                "choose a triples format",
            )
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        graph = Graph()
        for triple in result.triples:
            graph.add(triple)
        return graph.serialize(format=fmt.rdflib_name, encoding="utf-8")

    def __len__(self) -> int:
        # triples of the default graph: with a union default graph, all of them
        (count,) = self.select_strings("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(count["n"])
