"""The one format registry: every RDF and query-result format kgtool reads or writes.

It drives the CLI's format choices, guessing a format from a file
name, and media types (HTTP ``Accept``, DCAT ``mediaType``). Engine-specific names are kept as
strings so that importing this module loads no RDF library.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import PurePath

from kgtool.errors import UsageError


class Kind(Enum):
    GRAPH = "graph"  # triples: one graph
    DATASET = "dataset"  # quads: named graphs
    RESULTS = "results"  # SPARQL SELECT/ASK results


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

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.other_media_types)

    @property
    def extension(self) -> str:
        return self.extensions[0]


FORMATS: tuple[Format, ...] = (
    Format("turtle", "Turtle", "text/turtle", ("ttl",), Kind.GRAPH, "turtle", "TURTLE",
           lossy="named graphs", aliases=("ttl",), other_media_types=("application/x-turtle",)),
    Format("ntriples", "N-Triples", "application/n-triples", ("nt",), Kind.GRAPH, "nt",
           "N_TRIPLES", lossy="named graphs", aliases=("nt", "n-triples")),
    Format("nquads", "N-Quads", "application/n-quads", ("nq",), Kind.DATASET, "nquads",
           "N_QUADS", aliases=("nq", "n-quads")),
    Format("trig", "TriG", "application/trig", ("trig",), Kind.DATASET, "trig", "TRIG"),
    Format("jsonld", "JSON-LD", "application/ld+json", ("jsonld", "json"), Kind.DATASET,
           "json-ld", "JSON_LD", aliases=("json-ld",)),
    Format("rdfxml", "RDF/XML", "application/rdf+xml", ("rdf", "owl", "xml"), Kind.GRAPH,
           "xml", "RDF_XML", lossy="named graphs", aliases=("xml", "rdf", "rdf/xml")),
    Format("json", "SPARQL Results JSON", "application/sparql-results+json", ("srj", "json"),
           Kind.RESULTS, "json", "JSON"),
    Format("xml", "SPARQL Results XML", "application/sparql-results+xml", ("srx", "xml"),
           Kind.RESULTS, "xml", "XML"),
    Format("csv", "SPARQL Results CSV", "text/csv", ("csv",), Kind.RESULTS, "csv", "CSV",
           lossy="term types, datatypes and language tags"),
    Format("tsv", "SPARQL Results TSV", "text/tab-separated-values", ("tsv",), Kind.RESULTS,
           None, "TSV"),
    Format("table", "text table", "text/plain", ("txt",), Kind.RESULTS, None, None,
           lossy="term types; for reading, not for machines"),
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
    raise UsageError(
        f"unknown format {name!r}", f"use one of: {', '.join(names(*kinds))}"
    )


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


def guess(path: str | PurePath, explicit: str | None, *kinds: Kind,
          option: str = "data_format") -> Format:
    """The explicit format if given, else the one the file name suggests; a clear error, pointing
    to ``option`` (the parameter that names a format), otherwise."""
    if explicit:
        return by_name(explicit, *kinds)
    found = by_extension(path, *kinds)
    if found is None:
        raise UsageError(
            f"{path}: cannot tell the format from the file name",
            f"name its format: {', '.join(names(*kinds))}", options=(option,),
        )
    return found
