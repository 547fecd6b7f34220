"""The Oxigraph engine (pyoxigraph): the default, for load and query speed at corpus scale."""

from __future__ import annotations

import os
import re
from contextlib import suppress
from threading import Thread
from typing import TYPE_CHECKING, Any, BinaryIO, cast

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kgtool.engines import streamed
from kgtool.engines.base import Engine
from kgtool.errors import InputError, QueryError, UsageError
from kgtool.formats import Format, Kind, refuse_flattening, require_rdf
from kgtool.sparql.results import QueryResult, Term, bounded, literal
from kgtool.terminal import escape_controls

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

_REMOTE_CONTEXT = "LoadDocumentCallback"
_BATCH = 1 << 13  # quads parsed in Python and added at once: little memory, few calls
_TEE_BUFFER = 1 << 16  # bytes written down the pipe at once: few calls, no more than it holds


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.language, term.datatype.value)
    raise QueryError(f"unsupported term in results: {term!r}", "RDF 1.2 triple terms are not read yet")


def _triple(triple: ox.Triple) -> tuple[Term, Term, Term]:
    subject, predicate, object_ = (to_rdflib(t) for t in (triple.subject, triple.predicate, triple.object))
    assert subject is not None and predicate is not None and object_ is not None  # a triple's terms
    return subject, predicate, object_


def to_oxigraph(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise UsageError(f"cannot bind {term!r}", "bind an IRI or a literal")


def _position(error: SyntaxError) -> str:
    if error.lineno:
        return f"line {error.lineno}, column {error.offset or 1}: "
    return ""


def rdf_format_of(fmt: Format, what_to_do: str = "give an RDF file") -> ox.RdfFormat:
    return getattr(ox.RdfFormat, require_rdf(fmt, what_to_do).oxigraph_name)


def parse_error(error: SyntaxError, fmt: Format) -> InputError:
    """One line for a syntax error of oxigraph's parser, the position in front."""
    message = str(error)
    if _REMOTE_CONTEXT in message:
        return InputError(
            "the JSON-LD document refers to a remote @context, which kgtool does not fetch",
            "inline the context, or allow network access",
            options=("allow_network",),
        )
    # the position is given once, in front; drop oxigraph's own copies of it
    message = re.sub(r"^Parser error at line \d+ (column \d+|between columns \d+ and \d+): ", "", message)
    message = re.sub(r" \(line \d+\)$", "", message)
    return InputError(f"{_position(error)}{_shown(message)}", f"fix the {fmt.label} syntax")


_SHOWN_CHARS = 200


def _shown(message: str) -> str:
    """A parser's message as one short line: it may quote the input (the whole of an RDF/XML
    file, control characters that would drive the terminal)."""
    message = escape_controls(message, keep_layout=False)
    return message if len(message) <= _SHOWN_CHARS else message[: _SHOWN_CHARS - 1] + "…"


def parse_quads(
    data: bytes | BinaryIO, fmt: Format, base_iri: str | None = None, *, rename_blank_nodes: bool = False
) -> list[ox.Quad]:
    """Parse without a store: literals keep their lexical form and datatype exactly (the store
    canonicalises them: "01"^^xsd:integer becomes "1", xsd:nonNegativeInteger xsd:integer).
    Documents merged together need ``rename_blank_nodes``, or their ``_:b0`` become one node."""
    try:
        return list(
            ox.parse(data, rdf_format_of(fmt), base_iri=base_iri, rename_blank_nodes=rename_blank_nodes)
        )
    except SyntaxError as e:
        raise parse_error(e, fmt) from None


def count_quads(data: bytes | BinaryIO, fmt: Format, base_iri: str | None = None) -> tuple[int, int]:
    """How many statements a document holds, in the default graph and in named graphs, as
    written (duplicates included): parsed as it is read, kept nowhere."""
    default = named = 0
    try:
        for quad in ox.parse(data, rdf_format_of(fmt), base_iri=base_iri):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                default += 1
            else:
                named += 1
    except SyntaxError as e:
        raise parse_error(e, fmt) from None
    return default, named


_TSV_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_TSV_LITERAL = re.compile(r'^"(.*)"(?:\^\^<[^>]*>|@[A-Za-z0-9-]+)?$', re.S)
_UNESCAPED = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


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


class _Tee:
    """A reader (for the store's load) that writes what it reads down a pipe, whose other end,
    :attr:`reader`, another thread parses: the pipe's buffer bounds how far ahead one runs."""

    def __init__(self, source: BinaryIO) -> None:
        self._source = source
        read_end, write_end = os.pipe()
        self.reader = os.fdopen(read_end, "rb")  # closed by the parsing thread
        self._writer: BinaryIO | None = os.fdopen(write_end, "wb", buffering=_TEE_BUFFER)

    def read(self, size: int = -1) -> bytes:
        block = self._source.read(size)
        if block and self._writer is not None:
            try:
                self._writer.write(block)
            except BrokenPipeError:  # the parse has stopped (it failed): the load goes on alone
                self.close()
        return block

    def close(self) -> None:
        """The end of the data for the parsing thread."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            with suppress(BrokenPipeError):  # the rest was for a parse that has stopped
                writer.close()


class OxigraphEngine(Engine):
    name = "oxigraph"
    concurrent_queries = True  # the store is read-only while queried; queries release the GIL

    def __init__(self, on_literal: Callable[[ox.Quad], None] | None = None, *, beside: bool = False) -> None:
        """``on_literal`` sees every quad with a literal object as it was written, before the
        store turns the literal into its value ("07"^^xsd:int becomes "7"^^xsd:integer).

        With ``beside``, the store loads the data by its own parser (its fastest way: quads added
        from Python cost twice its load) while a thread parses the same bytes for
        ``on_literal``; the blank nodes it sees are then not the store's (each parse names them
        anew). Without, the quads it sees are the store's own, parsed once, in Python."""
        self._store = ox.Store()  # in memory
        self._on_literal = on_literal
        self._beside = beside

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads already parsed (as :func:`parse_quads` gives them)."""
        self._store.extend(quads)

    def match(
        self,
        subject: ox.NamedNode | ox.BlankNode | None = None,
        predicate: ox.NamedNode | None = None,
        object: ox.NamedNode | ox.BlankNode | ox.Literal | None = None,
    ) -> Iterator[ox.Quad]:
        """The quads of every graph that match a pattern (None matches anything): a few index
        probes, where a query joining thousands of nodes through property paths is slow."""
        return iter(self._store.quads_for_pattern(subject, predicate, object))

    def _solutions(self, sparql: str) -> ox.QuerySolutions:
        """A SELECT query's solutions over the union of the graphs, or :class:`QueryError`."""
        try:
            solutions = self._store.query(sparql, use_default_graph_as_union=True)
        except (SyntaxError, RuntimeError, OSError) as e:
            raise QueryError(f"cannot run the query: {e}") from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("only a SELECT query gives rows")
        return solutions

    def select_ntriples(self, sparql: str) -> list[dict[str, str]]:
        """SELECT rows as variable -> the term in N-Triples syntax (unbound left out): what
        tells an IRI from a blank node from a literal, with its datatype or language."""
        solutions = self._solutions(sparql)
        names = [v.value for v in solutions.variables]
        return [{n: str(s[n]) for n in names if s[n] is not None} for s in solutions]

    def load(self, data: bytes | BinaryIO, fmt: Format, base_iri: str | None = None) -> None:
        rdf_format = rdf_format_of(fmt)
        try:
            if self._on_literal is None:
                self._store.load(data, rdf_format, base_iri=base_iri)
                return
            if self._beside:
                self._load_beside(data, rdf_format, base_iri, self._on_literal)
                return
            # parsed here to see the literals as written; blank nodes renamed as load does
            batch: list[ox.Quad] = []
            for quad in ox.parse(data, rdf_format, base_iri=base_iri, rename_blank_nodes=True):
                if isinstance(quad.object, ox.Literal):
                    self._on_literal(quad)
                batch.append(quad)
                if len(batch) == _BATCH:
                    self._store.extend(batch)
                    batch.clear()
            self._store.extend(batch)
        except SyntaxError as e:
            raise parse_error(e, fmt) from None

    def _load_beside(
        self,
        data: bytes | BinaryIO,
        rdf_format: ox.RdfFormat,
        base_iri: str | None,
        on_literal: Callable[[ox.Quad], None],
    ) -> None:
        """The store's load, and a parse of the same bytes for ``on_literal`` in a thread: the
        load runs in Rust without Python's lock, so the two share the two cores. A stream is
        read once: what the load reads goes down a pipe to the parse too."""
        failed: list[BaseException] = []
        tee = None if isinstance(data, bytes) else _Tee(data)

        def scan() -> None:
            source = data if tee is None else tee.reader
            try:
                for quad in ox.parse(source, rdf_format, base_iri=base_iri, rename_blank_nodes=True):
                    if isinstance(quad.object, ox.Literal):
                        on_literal(quad)
            except BaseException as e:  # raised in the loading thread, unless the load failed
                failed.append(e)
            finally:
                if tee is not None:
                    tee.reader.close()  # a load still reading then writes nowhere

        thread = Thread(target=scan, name="literals as written", daemon=True)
        thread.start()
        try:
            self._store.load(data if tee is None else cast(BinaryIO, tee), rdf_format, base_iri=base_iri)
        finally:
            if tee is not None:
                tee.close()  # the end of the data, also where the load stopped on an error
            thread.join()
        if failed:
            raise failed[0]

    def query(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, max_rows: int | None = None
    ) -> QueryResult:
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()
        }
        try:
            result = self._store.query(
                sparql, use_default_graph_as_union=True, substitutions=substitutions or None
            )
        except SyntaxError as e:
            where = re.sub(r"^error at (\d+):(\d+): ", r"line \1, column \2: ", str(e))
            raise QueryError(
                f"SPARQL syntax error: {where}", "see SPARQL 1.1 Query, section 19 (grammar)"
            ) from None
        except RuntimeError as e:  # e.g. a substituted variable the query does not project
            raise QueryError(
                f"cannot run the query: {e}", "a parameter must be a variable of the SELECT clause"
            ) from None
        except OSError as e:  # evaluation errors, e.g. a SERVICE it cannot reach
            raise QueryError(f"query failed: {e}") from None
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = bounded((tuple(to_rdflib(s[v]) for v in variables) for s in result), max_rows)
            return QueryResult("select", variables=variables, rows=rows)
        triples = bounded((_triple(t) for t in result), max_rows)
        return QueryResult("graph", triples=triples)

    def select_strings(self, sparql: str, spool: bool = False) -> Iterator[dict[str, str]]:
        """SELECT rows as lexical values: Oxigraph writes the results as SPARQL TSV in Rust and
        Python splits them, instead of building a term object per cell; a row at a time, as
        Oxigraph writes it, so that neither the text nor every row made of it is held. With
        ``spool``, the rows come once the query is over, from a temporary file (see
        :func:`streamed.spooled_lines`)."""

        def write(output: Any) -> None:
            self._solutions(sparql).serialize(output, format=ox.QueryResultsFormat.TSV)

        rows = streamed.spooled_lines(write) if spool else streamed.lines(write)
        names = [v.lstrip("?$") for v in next(rows).decode("utf-8").split("\t")]
        return (
            {n: _tsv_value(c) for n, c in zip(names, line.decode("utf-8").split("\t"), strict=True) if c}
            for line in rows
        )

    def dump(self, fmt: Format) -> bytes:
        rdf_format = rdf_format_of(fmt, "choose an RDF format")
        refuse_flattening(fmt, lambda: any(True for _ in self._store.named_graphs()))
        if fmt.kind is Kind.GRAPH:
            dumped = self._store.dump(format=rdf_format, from_graph=ox.DefaultGraph())
        else:
            dumped = self._store.dump(format=rdf_format)
        assert dumped is not None  # no file given: the bytes are returned
        return dumped

    def __len__(self) -> int:
        return len(self._store)
