"""The SPARQL page people use in a browser: a form with the library's queries as examples, and
results as an HTML table whose IRIs link to their pages. Machines keep the same endpoint by
``Accept`` (kgtool/server.py); this module only shapes what the template shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Literal, URIRef

from kgtool.namespaces import compact
from kgtool.sparql import querylib
from kgtool.sparql.results import QueryResult

#: Above this many characters the form posts (a long query would not fit a URL).
LONG_QUERY = 1500
EXAMPLE = "SELECT ?claim ?status WHERE {\n  ?claim a <https://w3id.org/kgtool/proxy#Claim> .\n} LIMIT 10"


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    iri: str | None = None  # an IRI shown by its label: the IRI itself, as the cell's title


Label = Callable[[str], str | None]


def cell(term: object, link: Callable[[str], str | None], label: Label = lambda _: None) -> Cell:
    if term is None:
        return Cell("")
    if isinstance(term, URIRef):
        named = label(str(term))  # people read labels; the IRI stays at hand as a title
        if named:
            return Cell(named, link(str(term)), compact(str(term)))
        return Cell(compact(str(term)), link(str(term)))
    if isinstance(term, Literal):
        return Cell(str(term))
    return Cell(str(term))  # a blank node


def table(
    result: QueryResult, link: Callable[[str], str | None], label: Label = lambda _: None
) -> tuple[list[str], list[list[Cell]]]:
    """The result as a header and rows of cells: SELECT rows, ASK one yes or no, a graph its
    triples; an IRI with a ``label`` shows it."""
    if result.kind == "ask":
        return ["answer"], [[Cell("yes" if result.boolean else "no")]]
    if result.kind == "graph":
        return (
            ["subject", "predicate", "object"],
            [[cell(t, link, label) for t in triple] for triple in result.triples],
        )
    return result.variables, [[cell(t, link, label) for t in row] for row in result.rows]


def examples() -> list[querylib.Query]:
    """The library queries, as examples to start from."""
    return sorted(querylib.library().values(), key=lambda q: q.name)


def method_for(query: str) -> str:
    return "post" if len(query) > LONG_QUERY else "get"
