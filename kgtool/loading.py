"""Read RDF inputs (files or standard input) into an engine, refusing what is unsafe.

Each input is checked before parsing (exists, is a file, readable, under the size limit, not a
URL) and every parse error becomes one line naming the input and the position.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from kgtool import engines, formats
from kgtool.errors import InputError, KgtoolError, NetworkRefused
from kgtool.formats import Format, Kind
from kgtool.network import offline
from kgtool.progress import Progress
from kgtool.resources import default_graph_files

STDIN = "-"
DEFAULT_MAX_BYTES = 1 << 30  # 1 GiB: well above 100,000 claims in Turtle
# A local file larger than this is parsed as it is read, not held in memory first (100,000
# claims in N-Triples: 300 MB); smaller ones are read whole, which lets us refuse empty input.
STREAM_ABOVE = 8 << 20
_URL_SCHEMES = ("http:", "https:", "file:", "ftp:")
_READABLE = (Kind.GRAPH, Kind.DATASET)
_OWL_IMPORTS = """SELECT DISTINCT ?import WHERE {
  ?ontology <http://www.w3.org/2002/07/owl#imports> ?import .
  FILTER NOT EXISTS { ?import a <http://www.w3.org/2002/07/owl#Ontology> }
  FILTER NOT EXISTS { ?loaded <http://www.w3.org/2002/07/owl#versionIRI> ?import }
}"""


@dataclass(frozen=True)
class Input:
    """One RDF input: a local path, or ``-`` for standard input, with its format."""

    location: str
    format: Format
    base: str | None = None  # base IRI for relative IRIs; default: the file's own URI

    @property
    def name(self) -> str:
        return "<stdin>" if self.location == STDIN else self.location


def is_url(location: str) -> bool:
    return location.lower().startswith(_URL_SCHEMES)


def resolve(
    locations: Sequence[str], format_name: str | None = None, *, allow_network: bool = False
) -> list[Input]:
    """Pair each location with its format (explicit, or guessed from the file name)."""
    inputs = []
    for location in locations:
        if is_url(location) and not allow_network:
            raise NetworkRefused(
                f"{location}: kgtool reads local files, not URLs, unless asked to",
                "download the file and pass its path, or pass --allow-network",
            )
        if is_url(location):
            fmt = formats.by_name(format_name) if format_name else None
            fmt = fmt or formats.by_extension(location, *_READABLE) or formats.by_name("turtle")
        elif location == STDIN:
            fmt = formats.by_name(format_name or "turtle", *_READABLE)
        else:
            _check_file(Path(location))
            fmt = formats.guess(location, format_name, *_READABLE)
        inputs.append(Input(location, fmt))
    return inputs


def read_bytes(item: Input, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    if is_url(item.location):
        data = fetch(item.location, max_bytes)
    elif item.location == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        path = _check_size(item, max_bytes)
        try:
            data = path.read_bytes()
        except OSError as e:
            raise InputError(f"{path}: cannot read ({e.strerror})", "check its permissions") from None
    if len(data) > max_bytes:
        raise InputError(f"{item.name}: larger than {max_bytes:,} bytes",
                         "raise the limit with --max-bytes if you trust the input")
    if not data.strip():
        raise InputError(f"{item.name}: empty input", "give a file that holds RDF")
    return data


def _check_size(item: Input, max_bytes: int) -> Path:
    path = Path(item.location)
    _check_file(path)
    if path.stat().st_size > max_bytes:
        raise InputError(f"{path}: larger than {max_bytes:,} bytes",
                         "raise the limit with --max-bytes if you trust the file")
    return path


_XML_ENTITY = re.compile(rb"<!ENTITY", re.I)


def _refuse_xml_entities(item: Input, data: bytes) -> None:
    # A few hundred bytes of nested entity declarations expand to gigabytes ("billion
    # laughs"); RDF/XML has no need of them.
    found = _XML_ENTITY.search(data)
    if found:
        line = data.count(b"\n", 0, found.start()) + 1
        raise InputError(f"{item.name}: line {line}: XML entity declarations are refused "
                         "(entity expansion can exhaust memory)",
                         "expand the entities, or convert the file to Turtle or N-Triples")


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file", "check the path given to --data")
    if path.is_dir():
        raise InputError(f"{path}: is a directory", "give a file, not a folder")


def load(
    inputs: Iterable[Input],
    engine: engines.Engine | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_network: bool = False,
    progress: Progress | None = None,
) -> engines.Engine:
    """Load every input into one engine (the default engine when none is given).

    ``progress("load", bytes_read, bytes_in_all)`` is called as the inputs are read.
    """
    engine = engines.create() if engine is None else engine
    _load_each(inputs, engine, max_bytes, allow_network, progress)
    _resolve_imports(engine, max_bytes, allow_network)
    return engine


def _load_each(inputs: Iterable[Input], engine: engines.Engine, max_bytes: int,
               allow_network: bool, progress: Progress | None = None) -> None:
    def into_engine(data: bytes | BinaryIO, fmt: Format, base_iri: str | None) -> None:
        _parse_into(engine, data, fmt, base_iri, allow_network)

    _each_input(inputs, into_engine, max_bytes, allow_network, progress)


class _CountingReader(io.RawIOBase):
    """A file as the parser reads it, telling ``on_read`` how many bytes went by."""

    def __init__(self, file: BinaryIO, on_read: Callable[[int], None]) -> None:
        self._file = file
        self._on_read = on_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        count = self._file.readinto(buffer)
        self._on_read(count)
        return count


def _size(item: Input) -> int | None:
    if item.location == STDIN or is_url(item.location):
        return None
    try:
        return Path(item.location).stat().st_size
    except OSError:
        return None  # read_bytes says what is wrong


def _each_input(
    inputs: Iterable[Input],
    consume: Callable[[bytes | BinaryIO, Format, str | None], None],
    max_bytes: int,
    allow_network: bool,
    progress: Progress | None = None,
) -> None:
    """Hand each input to ``consume`` (large local files as a stream, others as bytes), offline
    unless allowed; errors name the input."""
    inputs = list(inputs)
    sizes = [_size(item) for item in inputs]
    total = sum(s or 0 for s in sizes)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress("load", min(done, total), total)

    for item, size in zip(inputs, sizes, strict=True):
        streamed = (size is not None and size > STREAM_ABOVE and item.format.name != "rdfxml"
                    and not (allow_network and item.format.name == "jsonld"))
        try:
            if streamed:
                _check_size(item, max_bytes)
                with open(item.location, "rb") as file, offline(not allow_network):
                    consume(_CountingReader(file, advance), item.format, _base_iri(item))
                continue
            data = read_bytes(item, max_bytes)
            if item.format.name == "rdfxml":
                _refuse_xml_entities(item, data)
            with offline(not allow_network):
                consume(data, item.format, _base_iri(item))
            advance(size or 0)
        except KgtoolError as e:
            e.message = f"{item.name}: {e.message}"
            raise
        except RecursionError:
            raise InputError(f"{item.name}: nested too deeply to parse",
                             "flatten deeply nested lists or blank nodes") from None
        except OSError as e:  # a streamed file that became unreadable
            raise InputError(f"{item.name}: cannot read ({e.strerror or e})",
                             "check the file") from None


def read_quads(
    inputs: Iterable[Input], *, max_bytes: int = DEFAULT_MAX_BYTES, allow_network: bool = False,
    progress: Progress | None = None,
) -> list:
    """The inputs' quads exactly as written (pyoxigraph terms, no store): for lossless export."""
    from kgtool.engines.oxigraph import parse_quads

    quads: list = []

    def collect(data: bytes | BinaryIO, fmt: Format, base_iri: str | None) -> None:
        quads.extend(parse_quads(data, fmt, base_iri))

    _each_input(inputs, collect, max_bytes, allow_network, progress)
    return quads


@dataclass(frozen=True)
class Sources:
    """The RDF inputs a user named (--data, --data-format, --allow-network, --max-bytes), and
    where loading them reports progress (a bar on a terminal, see :mod:`kgtool.progress`)."""

    locations: tuple[str, ...] = ()
    format_name: str | None = None
    allow_network: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    progress: Progress | None = field(default=None, compare=False)

    def inputs(self, default: Sequence[str | Path] | None = None) -> list[Input]:
        """The named inputs, else ``default`` (the shipped claims and ontology)."""
        if self.locations:
            return resolve(list(self.locations), self.format_name,
                           allow_network=self.allow_network)
        return resolve([str(p) for p in default or default_graph_files()])

    def load(self, engine: engines.Engine | None = None) -> engines.Engine:
        return load(self.inputs(), engine, max_bytes=self.max_bytes,
                    allow_network=self.allow_network, progress=self.progress)

    def quads(self, default: Sequence[str | Path] | None = None) -> list:
        return read_quads(self.inputs(default), max_bytes=self.max_bytes,
                          allow_network=self.allow_network, progress=self.progress)


def load_paths(
    paths: Sequence[str | Path] | None = None,
    format_name: str | None = None,
    engine: engines.Engine | None = None,
    **options,
) -> engines.Engine:
    """Load files by path; with no paths, the shipped claims and ontology."""
    locations = [str(p) for p in (paths or default_graph_files())]
    return load(resolve(locations, format_name), engine, **options)


def fetch(url: str, max_bytes: int) -> bytes:
    """GET a document the user asked for (--allow-network), asking for the RDF formats we read."""
    from urllib.request import Request, urlopen

    from kgtool import __version__

    accept = ", ".join(f.media_type for f in formats.FORMATS if f.kind in _READABLE)
    request = Request(url, headers={"Accept": accept, "User-Agent": f"kgtool/{__version__}"})
    try:
        with urlopen(request, timeout=30) as response:
            return response.read(max_bytes + 1)
    except OSError as e:
        raise InputError(f"{url}: cannot fetch ({e})", "check the address") from None


def _parse_into(
    engine: engines.Engine, data: bytes, fmt: Format, base_iri: str | None, allow_network: bool
) -> None:
    if allow_network and fmt.name == "jsonld" and engine.name != "rdflib":
        # Only rdflib can fetch remote JSON-LD contexts; hand its quads over as N-Quads.
        reader = engines.create("rdflib")
        reader.load(data, fmt, base_iri)
        nquads = formats.by_name("nquads")
        engine.load(reader.dump(nquads), nquads)
    else:
        engine.load(data, fmt, base_iri=base_iri)


def _base_iri(item: Input) -> str | None:
    if item.base is not None:
        return item.base
    if item.location == STDIN:
        return None
    if is_url(item.location):
        return item.location
    return Path(item.location).resolve().as_uri()


def _resolve_imports(engine: engines.Engine, max_bytes: int, allow_network: bool) -> None:
    # kgtool follows owl:imports only when asked to; otherwise the user passes the ontology.
    tried: set[str] = set()
    while missing := sorted({str(r[0]) for r in engine.query(_OWL_IMPORTS).rows} - tried):
        if not allow_network:
            raise NetworkRefused(
                f"the data imports {', '.join(missing)}, which kgtool does not fetch",
                "pass that ontology with --data as well, or pass --allow-network",
            )
        tried.update(missing)
        _load_each(resolve(missing, allow_network=True), engine, max_bytes, allow_network=True)
