"""The one format registry: every RDF and query-result format kgtool reads or writes.

It drives the CLI's format choices, guessing a format from a file
name, and media types (HTTP ``Accept``, DCAT ``mediaType``). Engine-specific names are kept as
strings so that importing this module loads no RDF library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePath

from kgtool.errors import UsageError


class Kind(Enum):
    GRAPH = "graph"  # triples: one graph
    DATASET = "dataset"  # quads: named graphs
    RESULTS = "results"  # SPARQL SELECT/ASK results


class Syntax(Enum):
    """What a file is written in, as far as reading and writing it safely depends on it."""

    TEXT = "text"  # a grammar of its own (Turtle, N-Triples ...)
    JSON = "json"  # depth-limited when read; JSON-LD may name remote contexts
    XML = "xml"  # read whole (entity declarations, depth); XML 1.0 refuses control characters


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    media_type: str
    extensions: tuple[str, ...]
    kind: Kind
    rdflib: str | None  # rdflib parser/serializer plugin name
    oxigraph: str | None  # attribute of pyoxigraph.RdfFormat / QueryResultsFormat
    lossy: str | None = None  # what is lost when writing this format, if anything
    aliases: tuple[str, ...] = ()
    other_media_types: tuple[str, ...] = ()
    syntax: Syntax = Syntax.TEXT
    prefixes: bool = False  # writes prefixed names (kgtool binds namespaces.PREFIXES)
    lines: bool = False  # one statement per line: sortable into a byte-stable file
    triple_terms: bool = False  # can carry RDF 1.2 triple terms
    ask: bool = False  # defines a boolean (ASK) result; else one column _askResult is written
    for_people: bool = False  # to read, not for machines: never offered over HTTP

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.other_media_types)

    @property
    def is_rdf(self) -> bool:
        return self.kind is not Kind.RESULTS

    @property
    def streamable(self) -> bool:
        """Whether a large input in this format is parsed as it is read."""
        return self.syntax is not Syntax.XML

    @property
    def extension(self) -> str:
        return self.extensions[0]

    @property
    def rdflib_name(self) -> str:
        """The name of rdflib's parser and serializer plugin for this format."""
        if self.rdflib is None:
            raise UsageError(f"{self.label} is not written through rdflib", "choose another format")
        return self.rdflib

    @property
    def oxigraph_name(self) -> str:
        """The name of this format in pyoxigraph's ``RdfFormat`` or ``QueryResultsFormat``."""
        if self.oxigraph is None:
            raise UsageError(f"{self.label} is not written through Oxigraph", "choose another format")
        return self.oxigraph


FORMATS: tuple[Format, ...] = (
    Format(
        "turtle",
        "Turtle",
        "text/turtle",
        ("ttl", "n3"),  # N3 as written in practice is Turtle; formulae and rules are refused
        Kind.GRAPH,
        "turtle",
        "TURTLE",
        lossy="named graphs",
        aliases=("ttl", "n3"),
        other_media_types=("application/x-turtle",),
        prefixes=True,
        triple_terms=True,
    ),
    Format(
        "ntriples",
        "N-Triples",
        "application/n-triples",
        ("nt",),
        Kind.GRAPH,
        "nt",
        "N_TRIPLES",
        lossy="named graphs",
        aliases=("nt", "n-triples"),
        lines=True,
        triple_terms=True,
    ),
    Format(
        "nquads",
        "N-Quads",
        "application/n-quads",
        ("nq",),
        Kind.DATASET,
        "nquads",
        "N_QUADS",
        aliases=("nq", "n-quads"),
        lines=True,
        triple_terms=True,
    ),
    Format(
        "trig",
        "TriG",
        "application/trig",
        ("trig",),
        Kind.DATASET,
        "trig",
        "TRIG",
        prefixes=True,
        triple_terms=True,
    ),
    Format(
        "jsonld",
        "JSON-LD",
        "application/ld+json",
        ("jsonld", "json"),
        Kind.DATASET,
        "json-ld",
        "JSON_LD",
        aliases=("json-ld",),
        syntax=Syntax.JSON,
    ),
    Format(
        "rdfxml",
        "RDF/XML",
        "application/rdf+xml",
        ("rdf", "owl", "xml"),
        Kind.GRAPH,
        "xml",
        "RDF_XML",
        lossy="named graphs",
        aliases=("xml", "rdf", "rdf/xml"),
        syntax=Syntax.XML,
        prefixes=True,
    ),
    Format(
        "json",
        "SPARQL Results JSON",
        "application/sparql-results+json",
        ("srj", "json"),
        Kind.RESULTS,
        "json",
        "JSON",
        syntax=Syntax.JSON,
        ask=True,
    ),
    # pyoxigraph's writer: rdflib's writes a literal whose value is false (false, 0) as empty
    Format(
        "xml",
        "SPARQL Results XML",
        "application/sparql-results+xml",
        ("srx", "xml"),
        Kind.RESULTS,
        None,
        "XML",
        syntax=Syntax.XML,
        ask=True,
    ),
    Format(
        "csv",
        "SPARQL Results CSV",
        "text/csv",
        ("csv",),
        Kind.RESULTS,
        "csv",
        "CSV",
        lossy="term types, datatypes and language tags",
    ),
    # pyoxigraph's writer: rdflib has none for TSV
    Format("tsv", "SPARQL Results TSV", "text/tab-separated-values", ("tsv",), Kind.RESULTS, None, "TSV"),
    Format(
        "table",
        "text table",
        "text/plain",
        ("txt",),
        Kind.RESULTS,
        None,
        None,
        lossy="term types; for reading, not for machines",
        for_people=True,
    ),
)


def require_rdf(
    fmt: Format, what_to_do: str = "choose an RDF format", *, options: tuple[str, ...] = ()
) -> Format:
    """``fmt`` if it is an RDF format; a SPARQL results format is refused."""
    if not fmt.is_rdf:
        raise UsageError(f"{fmt.label} is not an RDF format", what_to_do, options=options)
    return fmt


def refuse_flattening(fmt: Format, has_named_graphs: Callable[[], bool]) -> None:
    """kgtool never drops graph names: named graphs cannot go into a triples-only format (asked
    only then: looking may mean a pass over every quad)."""
    if fmt.kind is Kind.GRAPH and has_named_graphs():
        raise UsageError(
            f"the data has named graphs, which {fmt.label} cannot hold",
            "export to TriG or N-Quads instead (kgtool never drops graph names)",
        )


def _kinds(kinds: tuple[Kind, ...] | None) -> tuple[Kind, ...]:
    return kinds or tuple(Kind)


def names(*kinds: Kind) -> list[str]:
    """Format names of the given kinds (all kinds when none given), in registry order."""
    return [f.name for f in FORMATS if f.kind in _kinds(kinds)]


def by_name(name: str, *kinds: Kind) -> Format:
    """The format called ``name``: its name, an alias, or a media type that ``kgtool formats``
    lists (``text/turtle``)."""
    key = name.strip().lower()
    for f in FORMATS:
        if f.kind in _kinds(kinds) and key in (f.name, *f.aliases):
            return f
    if "/" in key and (found := by_media_type(key, *kinds)):
        return found
    raise UsageError(f"unknown format {name!r}", f"use one of: {', '.join(names(*kinds))}")


def by_extension(path: str | PurePath, *kinds: Kind) -> Format | None:
    """The format a file name suggests, or None. ``.json`` is ambiguous across kinds: pass one."""
    suffixes = PurePath(path).suffixes
    if suffixes and suffixes[-1].lower() == ".gz":  # data.ttl.gz is Turtle
        suffixes = suffixes[:-1]
    if not suffixes:
        return None
    ext = suffixes[-1].lower().lstrip(".")
    for f in FORMATS:
        if f.kind in _kinds(kinds) and ext in f.extensions:
            return f
    return None


def by_media_type(media_type: str, *kinds: Kind) -> Format | None:
    """The format of a media type (parameters such as ``;charset=utf-8`` ignored), or None."""
    base = media_type.split(";", 1)[0].strip().lower()
    for f in FORMATS:
        if f.kind in _kinds(kinds) and base in f.media_types:
            return f
    return None


def guess(path: str | PurePath, explicit: str | None, *kinds: Kind, option: str = "data_format") -> Format:
    """The explicit format if given, else the one the file name suggests; a clear error, pointing
    to ``option`` (the parameter that names a format), otherwise."""
    if explicit:
        return by_name(explicit, *kinds)
    found = by_extension(path, *kinds)
    if found is None:
        raise UsageError(
            f"{path}: cannot tell the format from the file name",
            f"name its format: {', '.join(names(*kinds))}",
            options=(option,),
        )
    return found
