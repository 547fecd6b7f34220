"""What every engine is: the interface kgtool loads, queries and dumps through.

An engine is a subclass of :class:`Engine`. What one can do beyond the abstract methods is
said by its class (``concurrent_queries``), never found out by probing for attributes; a
method it cannot carry out (a remote endpoint's load) raises :class:`kgtool.errors.UsageError`
saying why.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, BinaryIO, ClassVar

if TYPE_CHECKING:
    from rdflib import URIRef

    from kgtool.formats import Format
    from kgtool.sparql.results import QueryResult, Term

# Whether the graph holds a triple that mentions ?term in any position.
_MENTIONED = "ASK { { ?term ?p ?o } UNION { ?s ?term ?o } UNION { ?s ?p ?term } }"


class Engine(ABC):
    """A store of RDF quads that answers SPARQL 1.1 queries over the union of its graphs."""

    name: ClassVar[str]
    #: Whether two threads may query it at once (the audit then runs two queries at a time).
    concurrent_queries: ClassVar[bool] = False

    @property
    def where(self) -> str:
        """What messages call the data this engine holds."""
        return "the data"

    @abstractmethod
    def load(self, data: bytes | BinaryIO, fmt: Format, base_iri: str | None = None) -> None:
        """Add a document's triples or quads (bytes, or a stream read to its end); raise
        :class:`kgtool.errors.InputError` if it is malformed."""

    @abstractmethod
    def query(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, max_rows: int | None = None
    ) -> QueryResult:
        """Run a SPARQL 1.1 query over the union of all graphs, ``bindings`` pre-bound; raise
        :class:`kgtool.errors.TooManyRows` on reading a row or triple past ``max_rows``
        (:func:`kgtool.sparql.results.bounded`), before the rest of the result is computed."""

    @abstractmethod
    def dump(self, fmt: Format) -> bytes:
        """Serialise the whole content."""

    @abstractmethod
    def __len__(self) -> int:
        """The number of quads (a remote store: of triples in its default graph)."""

    def select_strings(self, sparql: str, spool: bool = False) -> Iterable[dict[str, str]]:
        """The rows of a SELECT query as variable -> lexical value (unbound left out), one at a
        time, for callers that need only strings (the audit). ``spool`` asks an engine that can
        to finish a memory-hungry evaluation before its rows are read. Engines override this
        where they can write strings faster than terms are built."""
        return ({k: str(v) for k, v in row.items()} for row in self.query(sparql).bindings())

    def mentions(self, term: URIRef) -> bool:
        """Whether some triple has ``term`` as its subject, predicate or object."""
        return bool(self.query(_MENTIONED, {"term": term}).boolean)
