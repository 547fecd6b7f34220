"""Swappable RDF engines behind one small interface.

Everything kgtool does with a graph goes through :class:`Engine`: load a document, run a
SPARQL query, dump the content. The default is Oxigraph (fast load and query at corpus scale);
rdflib is the reference; a remote SPARQL endpoint plays the same part past one machine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from kgtool.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import BinaryIO

    from kgtool.formats import Format
    from kgtool.sparql.results import QueryResult, Term

DEFAULT_ENGINE = "oxigraph"


class Engine(Protocol):
    name: str

    def load(self, data: bytes | BinaryIO, fmt: Format, base_iri: str | None = None) -> None:
        """Add a document's triples/quads (bytes, or a stream read to its end); raise
        :class:`kgtool.errors.InputError` if malformed."""

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
              max_rows: int | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query over the union of all graphs, ``bindings`` pre-bound; raise
        :class:`kgtool.errors.TooManyRows` on reading a row or triple past ``max_rows``
        (:func:`kgtool.sparql.results.bounded`), before the rest of the result is computed."""

    def dump(self, fmt: Format) -> bytes:
        """Serialise the whole content."""

    def __len__(self) -> int:
        """Number of quads."""


# An engine may also offer ``select_strings(sparql, spool=False) -> Iterable[dict[str, str]]``:
# SELECT rows as lexical values, faster than building terms (see kgtool.sparql.results.string_rows);
# ``spool`` asks it to finish a memory-hungry query before its rows are read; and set
# ``concurrent_queries = True`` when two threads may query it at once (the audit then uses both
# cores, or two connections to an endpoint).


def create(name: str = DEFAULT_ENGINE) -> Engine:
    if name == "oxigraph":
        from kgtool.engines.oxigraph import OxigraphEngine

        return OxigraphEngine()
    if name == "rdflib":
        from kgtool.engines.rdflib import RdflibEngine

        return RdflibEngine()
    raise UsageError(f"unknown engine {name!r}", f"use one of: {', '.join(ENGINES)}")


ENGINES = ("oxigraph", "rdflib")
