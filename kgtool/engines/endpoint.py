"""A remote SPARQL 1.1 endpoint as an engine: the same query files, past one machine.

Bindings travel as a VALUES block appended to the query (endpoints take no initBindings).
Credentials come from the environment, never from flags.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING
from urllib.error import HTTPError, URLError

from rdflib import BNode, Graph, URIRef

from kgtool import __version__
from kgtool.errors import EndpointError, QueryError, UsageError
from kgtool.params import values_block
from kgtool.results import QueryResult, Term, literal

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import BinaryIO

    from kgtool.formats import Format

USER_ENV, PASSWORD_ENV = "KGTOOL_ENDPOINT_USER", "KGTOOL_ENDPOINT_PASSWORD"
POST_ABOVE = 2000  # characters: longer queries go as POST bodies


def _term(binding: dict) -> Term:
    kind = binding["type"]
    if kind == "uri":
        return URIRef(binding["value"])
    if kind == "bnode":
        return BNode(binding["value"])
    return literal(binding["value"], binding.get("xml:lang"), binding.get("datatype"))


class EndpointEngine:
    name = "endpoint"
    concurrent_queries = True  # one HTTP client per query

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        if not url.lower().startswith(("http://", "https://")):
            raise UsageError(f"endpoint {url!r} is not an http(s) URL", "give http://HOST/...",
                             options=("endpoint",))
        self.url = url
        self.timeout = timeout

    def _client(self, sparql: str):
        from SPARQLWrapper import JSON, POST, SPARQLWrapper

        client = SPARQLWrapper(self.url, agent=f"kgtool/{__version__}")
        client.setQuery(sparql)
        client.setTimeout(int(max(1, self.timeout)))
        if len(sparql) > POST_ABOVE:
            client.setMethod(POST)
        user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
        if user and password:
            client.setCredentials(user, password)
        if client.queryType in ("CONSTRUCT", "DESCRIBE"):
            client.setReturnFormat("n3")  # Turtle; SPARQLWrapper sends an explicit Accept
        else:
            client.setReturnFormat(JSON)
        return client

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        body, content_type, query_type = self._send(sparql + values_block(dict(bindings or {})))
        if query_type in ("CONSTRUCT", "DESCRIBE"):
            return self._graph(body, content_type)
        data = self._json(body, content_type)
        if "boolean" in data:
            return QueryResult("ask", boolean=bool(data["boolean"]))
        try:
            variables = list(data["head"]["vars"])
            rows = [tuple(_term(b[v]) if v in b else None for v in variables)
                    for b in data["results"]["bindings"]]
        except (KeyError, TypeError):
            raise EndpointError(f"{self.url}: malformed SPARQL JSON results") from None
        return QueryResult("select", variables=variables, rows=rows)

    def select_strings(self, sparql: str) -> list[dict[str, str]]:
        """SELECT rows as lexical values, read off the SPARQL JSON without building a term per
        cell (at 100,000 claims that took longer than the server's answer)."""
        body, content_type, query_type = self._send(sparql)
        data = self._json(body, content_type)
        if query_type != "SELECT" or "boolean" in data:
            raise QueryError("only a SELECT query gives rows")
        try:
            return [{v: cell["value"] for v, cell in row.items()}
                    for row in data["results"]["bindings"]]
        except (KeyError, TypeError, AttributeError):
            raise EndpointError(f"{self.url}: malformed SPARQL JSON results") from None

    def _send(self, sparql: str) -> tuple[bytes, str, str]:
        """The endpoint's answer: body, Content-Type, and the query's form (SELECT, ASK, ...)."""
        client = self._client(sparql)
        try:
            response = client.query()
            body = response.response.read()
            content_type = response.response.headers.get("Content-Type", "")
        except HTTPError as e:
            raise EndpointError(f"{self.url}: HTTP {e.code} {e.reason}",
                                "check the endpoint and the query") from None
        except (URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise EndpointError(f"{self.url}: cannot reach the endpoint ({reason})",
                                "check the address, or raise the timeout", options=("timeout",)) from None
        except Exception as e:  # SPARQLWrapper's own errors: bad request, unauthorized, ...
            message = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise EndpointError(f"{self.url}: {message}") from None
        return body, content_type, client.queryType

    def _json(self, body: bytes, content_type: str) -> dict:
        try:
            data = json.loads(body)
        except ValueError:
            raise EndpointError(
                f"{self.url}: the answer is not SPARQL JSON results (Content-Type {content_type!r})",
                "is this a SPARQL endpoint?") from None
        if not isinstance(data, dict):
            raise EndpointError(f"{self.url}: malformed SPARQL JSON results")
        return data

    def _graph(self, body: bytes, content_type: str) -> QueryResult:
        from kgtool import formats

        fmt = formats.by_media_type(content_type) or formats.by_name("turtle")
        try:
            graph = Graph().parse(data=body, format=fmt.rdflib)
        except Exception:
            raise EndpointError(f"{self.url}: the answer is not RDF ({content_type!r})") from None
        return QueryResult("graph", triples=list(graph))

    def load(self, data: bytes | BinaryIO, fmt: Format, base_iri: str | None = None) -> None:
        raise UsageError("kgtool does not load files into a remote endpoint while querying",
                         "load it with 'kgtool push' first")

    def dump(self, fmt: Format) -> bytes:
        raise UsageError("kgtool does not export from a remote endpoint",
                         "export from the files instead")

    def __len__(self) -> int:
        # triples of the default graph: with a union default graph, all of them
        return int(self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0])
