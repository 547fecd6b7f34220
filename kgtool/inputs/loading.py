"""Read RDF inputs (files, standard input, streams) for every command, refusing what is unsafe.

:class:`Inputs` is the only way a command reads RDF: it hands out a loaded engine, the quads as
written, or one rdflib graph, each parsed by the same path under the same checks (exists, not
a URL unless allowed, the size limit on the bytes read, no XML entities, JSON depth), and every
parse error becomes one line naming the input and the position.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

import pyoxigraph as ox

from kgtool import engines, formats
from kgtool.errors import InputError, KgtoolError, NetworkRefused, UsageError
from kgtool.formats import Format, Kind, Syntax
from kgtool.input_files import standard_input
from kgtool.inputs.guards import GuardedReader, refuse_deep_xml, refuse_xml_entities
from kgtool.inputs.offline import offline
from kgtool.jsonld_contexts import is_shipped, load_shipped, names_shipped
from kgtool.namespaces import ONTOLOGY_IRI, RDF
from kgtool.progress import Progress
from kgtool.resources import data_file, ontology_file

if TYPE_CHECKING:
    from rdflib import Graph

STDIN = "-"
DEFAULT_MAX_BYTES = 1 << 30  # 1 GiB: well above 100,000 claims in Turtle
# A local file larger than this is parsed as it is read, not held in memory first (100,000
# claims in N-Triples: hundreds of megabytes); so is a stream of unknown size.
STREAM_ABOVE = 8 << 20
NQUADS = formats.by_name("nquads")
SHIPPED_ONTOLOGY = ontology_file()
_URL_SCHEMES = ("http:", "https:", "file:", "ftp:")
_READABLE = (Kind.GRAPH, Kind.DATASET)
_OWL = "http://www.w3.org/2002/07/owl#"
_RDF_TYPE = str(RDF.type)
_OWL_ONTOLOGY = ox.NamedNode(_OWL + "Ontology")
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
    locations: Sequence[str],
    format_name: str | None = None,
    *,
    allow_network: bool = False,
    base: str | None = None,
) -> list[Input]:
    """Pair each location with its format (explicit, or guessed from the file name) and the
    ``base`` IRI its relative IRIs resolve against (default: its own address)."""
    inputs = []
    for location in locations:
        if is_url(location) and not allow_network:
            raise NetworkRefused(
                f"{location}: kgtool reads local files, not URLs, unless asked to",
                "download the file and pass its path, or allow network access",
                options=("allow_network",),
            )
        if is_url(location):
            fmt = formats.by_name(format_name) if format_name else None
            fmt = fmt or formats.by_extension(location, *_READABLE) or formats.by_name("turtle")
        elif location == STDIN:
            fmt = formats.by_name(format_name or "turtle", *_READABLE)
        else:
            _check_file(Path(location))
            fmt = formats.guess(location, format_name, *_READABLE)
        inputs.append(Input(location, fmt, base))
    return inputs


@contextmanager
def _opened(item: Input, max_bytes: int) -> Iterator[BinaryIO]:
    """The input's bytes as a file."""
    if is_url(item.location):
        yield io.BytesIO(fetch(item.location, max_bytes))
    elif item.location == STDIN:
        yield standard_input()
    else:
        with Path(item.location).open("rb") as file:
            yield file


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file", "check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a directory", "give a file, not a folder")


def load_inputs(
    inputs: Iterable[Input],
    engine: engines.Engine | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_network: bool = False,
    progress: Progress | None = None,
) -> engines.Engine:
    """Load every input into one engine (the default engine when none is given).

    ``progress("load", bytes_read, bytes_in_all)`` is called as the inputs are read, unless
    one of them is a stream (its size unknown).
    """
    engine = engines.create() if engine is None else engine
    _each_input(inputs, engine.load, max_bytes, allow_network, progress)
    _follow_imports(
        lambda: {str(row[0]) for row in engine.query(_OWL_IMPORTS).rows},
        engine.load,
        max_bytes,
        allow_network,
    )
    return engine


def read_quads(
    inputs: Iterable[Input],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_network: bool = False,
    progress: Progress | None = None,
) -> list:
    """The inputs' quads exactly as written (pyoxigraph terms, no store): for lossless export."""
    from kgtool.engines.oxigraph import parse_quads

    inputs = list(inputs)
    quads: list = []

    def collect(data: bytes | BinaryIO, fmt: Format, base_iri: str | None) -> None:
        # blank node labels are kept as written, unless two documents could share one
        quads.extend(parse_quads(data, fmt, base_iri, rename_blank_nodes=len(inputs) > 1))

    _each_input(inputs, collect, max_bytes, allow_network, progress)
    _follow_imports(lambda: _missing_imports(quads), collect, max_bytes, allow_network)
    return quads


@dataclass(frozen=True)
class Count:
    """What one input holds, as written: or why it cannot be read."""

    name: str
    triples: int = 0  # in the default graph
    quads: int = 0  # in named graphs
    error: KgtoolError | None = None


def count_statements(
    inputs: Iterable[Input],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_network: bool = False,
    progress: Progress | None = None,
) -> Iterator[Count]:
    """Each input parsed under the same checks as any read, its statements counted and kept
    nowhere: a check of the syntax alone. owl:imports are not followed. A bad input gives a
    :class:`Count` with its error, and the next one is read: a check reports every bad file."""
    from kgtool.engines.oxigraph import count_quads

    counted: list[tuple[int, int]] = []

    def count(data: bytes | BinaryIO, fmt: Format, base_iri: str | None) -> None:
        counted.append(count_quads(data, fmt, base_iri))

    for item in inputs:
        try:
            _each_input([item], count, max_bytes, allow_network, progress)
        except KgtoolError as e:
            yield Count(item.name, error=e)
            continue
        yield Count(item.name, *counted.pop())


def _missing_imports(quads: list) -> set[str]:
    """What :data:`_OWL_IMPORTS` finds, over quads rather than a store."""
    imports, loaded = set(), set()
    for q in quads:
        predicate = q.predicate.value
        if predicate == _OWL + "imports":
            imports.add(q.object.value)
        elif predicate == _OWL + "versionIRI":
            loaded.add(q.object.value)
        elif predicate == _RDF_TYPE and q.object == _OWL_ONTOLOGY:
            loaded.add(q.subject.value)
    return imports - loaded


def _known_size(item: Input) -> int | None:
    if item.location == STDIN or is_url(item.location):
        return None
    try:
        info = Path(item.location).stat()
    except OSError:
        return None  # opening it says what is wrong
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def _each_input(
    inputs: Iterable[Input],
    consume: Callable[[bytes | BinaryIO, Format, str | None], None],
    max_bytes: int,
    allow_network: bool,
    progress: Progress | None = None,
) -> None:
    """Hand each input to ``consume``, the one way every view of the inputs is parsed: through
    :class:`kgtool.inputs.guards.GuardedReader` (size limit on the bytes read, byte-order mark, JSON
    depth), offline unless allowed; a large file or a stream as it is read, others as bytes.
    Errors name the input."""
    inputs = list(inputs)
    sizes = [_known_size(item) for item in inputs]
    total = sum(size or 0 for size in sizes)
    if None in sizes:  # a stream (stdin, a pipe, a URL): no total to show progress against
        progress = None
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress("load", min(done, total), total)

    for item in inputs:
        fmt, base_iri = item.format, _base_iri(item)
        remote_contexts = allow_network and fmt.syntax is Syntax.JSON  # JSON-LD
        try:
            with _opened(item, max_bytes) as raw, offline(not allow_network):
                file, compressed = _gunzipped(raw)
                # a FIFO or a device (a shell's <(...), /dev/zero) has no size: a stream, like stdin;
                # so has a compressed file: what it holds is known only once read
                size = None if compressed else _file_size(file)
                on_read = _position_of(raw, advance) if compressed else advance
                # the byte limit counts the bytes parsed: a small gzip file may unpack to gigabytes
                reader = GuardedReader(file, max_bytes, json=fmt.syntax is Syntax.JSON, on_read=on_read)
                # XML is checked whole (entity declarations, depth); only PyLD fetches contexts
                whole = not fmt.streamable or remote_contexts or (size is not None and size <= STREAM_ABOVE)
                if not whole:
                    consume(cast(BinaryIO, reader), fmt, base_iri)  # a binary file to read
                    continue
                data = reader.read_all()
                if fmt.syntax is Syntax.XML:
                    refuse_xml_entities(data)
                    refuse_deep_xml(data)
                # a context kgtool ships (Web Annotation's) is read offline, from the copy
                if fmt.syntax is Syntax.JSON and (remote_contexts or names_shipped(data)):
                    data = jsonld_as_nquads(data, base_iri, max_bytes, allow_network)
                    fmt, base_iri = NQUADS, None
                consume(data, fmt, base_iri)
        except KgtoolError as e:
            e.message = f"{item.name}: {e.message}"
            if base_iri is None and _NO_SCHEME in e.message:  # stdin has no address of its own
                e.hint, e.options = "give the base IRI that relative IRIs resolve against", ("base",)
            elif _is_n3(item) and e.hint == f"fix the {fmt.label} syntax":
                e.hint = "kgtool reads N3 as Turtle, without formulae, rules or quantifiers"
            raise
        except RecursionError:
            raise InputError(
                f"{item.name}: nested too deeply to parse", "flatten deeply nested lists or blank nodes"
            ) from None
        except MemoryError as e:
            if "buffer maximal size" not in str(e):
                raise  # the machine's memory, not Oxigraph's limit of 16 MiB on one term
            raise InputError(
                f"{item.name}: a single IRI or literal is too large to parse ({e})",
                "split the value or keep it outside the graph",
            ) from None
        except (EOFError, zlib.error, gzip.BadGzipFile) as e:  # a damaged or truncated gzip file
            raise InputError(f"{item.name}: cannot decompress ({e})", "check the gzip file") from None
        except OSError as e:  # unreadable, or gone since resolve()
            raise InputError(f"{item.name}: cannot read ({e.strerror or e})", "check the file") from None


_GZIP_MAGIC = b"\x1f\x8b"
_NO_SCHEME = "No scheme found"  # Oxigraph's word for a relative IRI with no base to resolve it


def _gunzipped(file: BinaryIO) -> tuple[BinaryIO, bool]:
    """The file decompressed when it is gzip (dumps are shipped so), known by its first bytes
    rather than its name so that stdin may be compressed too; and whether it was."""
    if not hasattr(file, "peek"):  # a download held in memory
        file = cast(BinaryIO, io.BufferedReader(cast(io.RawIOBase, file)))
    if cast(io.BufferedReader, file).peek(len(_GZIP_MAGIC))[: len(_GZIP_MAGIC)] != _GZIP_MAGIC:
        return file, False
    return cast(BinaryIO, gzip.GzipFile(fileobj=file, mode="rb")), True


def _is_n3(item: Input) -> bool:
    return item.location.lower().removesuffix(".gz").endswith(".n3")


def _position_of(raw: BinaryIO, advance: Callable[[int], None]) -> Callable[[int], None]:
    """An ``on_read`` reporting how far into the compressed ``raw`` reading is, as the progress
    of a compressed file is measured against its size on disk."""
    at = 0

    def moved(_unpacked: int) -> None:
        nonlocal at
        try:
            now = raw.tell()
        except OSError:  # a pipe: no size, so no progress to show anyway
            return
        advance(now - at)
        at = now

    return moved


def _file_size(file: BinaryIO) -> int | None:
    """The size of a regular file; None for a stream (stdin, a pipe, a device, a download)."""
    try:
        info = os.fstat(file.fileno())
    except (OSError, io.UnsupportedOperation):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


@dataclass(frozen=True)
class Inputs:
    """The RDF a command reads, and the only way any command reads RDF (the data, its format, the
    ontology, network access, the byte limit, the base IRI): the same checks for every view it
    hands out.

    With no ``locations``, the shipped claims graph. ``ontology`` (default: the shipped one) is
    added to the data, once, in its own format; None leaves it out. ``progress`` hears the
    bytes read (a bar on a terminal, see :mod:`kgtool.progress`). ``base`` is the IRI that
    relative IRIs of the data (not of the ontology) resolve against; default: each file's own
    ``file:`` URI, none for stdin."""

    locations: tuple[str, ...] = ()
    format_name: str | None = None
    ontology: str | None = field(default_factory=lambda: str(ontology_file()))
    allow_network: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    progress: Progress | None = field(default=None, compare=False)
    base: str | None = None

    def resolved(self) -> list[Input]:
        """The inputs with their formats, the ontology first (unless among the data already)."""
        data = resolve(
            list(self.locations) or [str(data_file())],
            self.format_name if self.locations else None,
            allow_network=self.allow_network,
            base=self.base if self.locations else None,
        )
        if self.ontology is None:
            return data
        ontology = resolve([str(self.ontology)], allow_network=self.allow_network)[0]
        if any(_same_file(ontology, item) for item in data):
            return data
        return [ontology, *data]

    def is_shipped_data(self) -> bool:
        """Whether the data read is the shipped claims graph (with or without its ontology)."""
        if not self.locations:
            return True
        shipped = resolve([str(data_file()), str(ontology_file())])
        given = resolve(list(self.locations), self.format_name, allow_network=self.allow_network)
        return any(_same_file(item, shipped[0]) for item in given) and all(
            any(_same_file(item, one) for one in shipped) for item in given
        )

    def can_read_again(self) -> bool:
        """Whether every input is a regular file, to be read as often as needed (standard input,
        a pipe or a device is read once; a URL would be fetched again)."""
        return all(_known_size(item) is not None for item in self.resolved())

    def without_ontology(self) -> Inputs:
        return replace(self, ontology=None)

    def engine(self, engine: engines.Engine | None = None) -> engines.Engine:
        """The inputs loaded into ``engine`` (default: a new Oxigraph store), for queries."""
        return load_inputs(
            self.resolved(),
            engine,
            max_bytes=self.max_bytes,
            allow_network=self.allow_network,
            progress=self.progress,
        )

    def quads(self) -> list:
        """The quads exactly as written (pyoxigraph terms): for export and serving."""
        return read_quads(
            self.resolved(),
            max_bytes=self.max_bytes,
            allow_network=self.allow_network,
            progress=self.progress,
        )

    def quads_and_engine(self) -> tuple[list, engines.Engine]:
        """The quads as written and an Oxigraph store holding them, from one parse (what
        ``serve`` needs: the quads to describe resources, the store to answer queries)."""
        from kgtool.engines.oxigraph import OxigraphEngine

        quads = self.quads()
        engine = OxigraphEngine()
        engine.add_quads(quads)
        return quads, engine

    def graph(self) -> Graph:
        """The union of every graph of every input as one rdflib graph: what pyshacl checks."""
        from kgtool.engines.rdflib import union_graph

        return union_graph(self.quads())

    def ontology_graph(self) -> Graph:
        """The ontology alone, read under the same rules (what ``compile`` checks terms against)."""
        if self.ontology is None:
            raise UsageError("no ontology given", "give one", options=("ontology",))
        return replace(self, locations=(str(self.ontology),), format_name=None, ontology=None).graph()

    def counts(self) -> Iterator[Count]:
        """Each data input (not the ontology) checked and counted: see :func:`count_statements`."""
        return count_statements(
            self.without_ontology().resolved(),
            max_bytes=self.max_bytes,
            allow_network=self.allow_network,
            progress=self.progress,
        )

    def local_bytes(self) -> int:
        """The size of the local files among the inputs (streams and URLs count nothing)."""
        return sum(_known_size(item) or 0 for item in self.resolved())


def _same_file(a: Input, b: Input) -> bool:
    local = [item for item in (a, b) if item.location != STDIN and not is_url(item.location)]
    if len(local) < 2:
        return a.location == b.location
    return Path(a.location).resolve() == Path(b.location).resolve()


def load(
    paths: Sequence[str | Path] = (),
    format_name: str | None = None,
    engine: engines.Engine | None = None,
    *,
    ontology: str | Path | None = SHIPPED_ONTOLOGY,
    **options: Any,
) -> engines.Engine:
    """Files read into an engine (a new Oxigraph store unless given), with the ontology added as
    every command adds it (default: the shipped one; None: none); with no paths, the shipped
    claims. The other options are those of :class:`Inputs`."""
    return Inputs(
        tuple(map(str, paths)),
        format_name if paths else None,
        ontology=None if ontology is None else str(ontology),
        **options,
    ).engine(engine)


def fetch(url: str, max_bytes: int) -> bytes:
    """GET a document the user asked for (network access allowed), asking for the RDF formats we read."""
    from urllib.request import Request, urlopen

    from kgtool.version import __version__

    accept = ", ".join(f.media_type for f in formats.FORMATS if f.kind in _READABLE)
    request = Request(url, headers={"Accept": accept, "User-Agent": f"kgtool/{__version__}"})
    try:
        with urlopen(request, timeout=30) as response:
            return response.read(max_bytes + 1)
    except OSError as e:
        raise InputError(f"{url}: cannot fetch ({e})", "check the address") from None


def jsonld_as_nquads(data: bytes, base_iri: str | None, max_bytes: int, allow_network: bool = True) -> bytes:
    """A JSON-LD document with remote contexts, as N-Quads: Oxigraph reads no remote context;
    PyLD does, from kgtool's shipped copies, else (network access allowed) through :func:`fetch`
    and web addresses only (a context named by a local path is refused, as offline)."""
    from pyld import jsonld
    from pyld.jsonld import JsonLdError

    def load_context(url: str, options: dict | None = None) -> dict:
        if is_shipped(url):
            return load_shipped(url)
        if not allow_network:
            raise NetworkRefused(
                f"the JSON-LD document refers to the remote @context {url}, which kgtool does not fetch",
                "inline the context, or allow network access",
                options=("allow_network",),
            )
        if not url.lower().startswith(("http:", "https:")):
            raise InputError(
                f"the JSON-LD @context {url} is not a web address",
                "inline the context, or give its http(s) address",
            )
        document = fetch(url, max_bytes)
        GuardedReader(io.BytesIO(document), max_bytes, json=True).read_all()
        return {"contextUrl": None, "documentUrl": url, "document": json.loads(document)}

    try:
        document = json.loads(data)
        options = {"format": "application/n-quads", "documentLoader": load_context}
        if base_iri:
            options["base"] = base_iri
        return jsonld.to_rdf(document, options).encode("utf-8")
    except (ValueError, JsonLdError) as e:  # bad JSON, or a JSON-LD error
        causes = [e]
        while causes[-1].__cause__ or causes[-1].__context__:  # PyLD wraps the loader's error
            causes.append(causes[-1].__cause__ or causes[-1].__context__)
        ours = next((c for c in causes if isinstance(c, KgtoolError)), None)
        if ours is not None:
            raise ours from None
        root = causes[-1]
        message = str(root.args[0] if root.args else type(root).__name__).splitlines()[0]
        raise InputError(message, "fix the JSON-LD document") from None


def _base_iri(item: Input) -> str | None:
    if item.base is not None:
        return item.base
    if item.location == STDIN:
        return None
    if is_url(item.location):
        return item.location
    return Path(item.location).resolve().as_uri()


def _follow_imports(
    missing: Callable[[], set[str]],
    consume: Callable[[bytes | BinaryIO, Format, str | None], None],
    max_bytes: int,
    allow_network: bool,
) -> None:
    # kgtool follows owl:imports only when asked to; otherwise the user passes the ontology. Its
    # own ontology it has: an ontology of one's own that imports it is read offline.
    tried: set[str] = set()
    while todo := sorted(missing() - tried):
        shipped = [iri for iri in todo if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "/")]
        if shipped:
            tried.update(shipped)
            _each_input(resolve([str(ontology_file())]), consume, max_bytes, allow_network)
            continue
        if not allow_network:
            raise NetworkRefused(
                f"the data imports {', '.join(todo)}, which kgtool does not fetch",
                "pass that ontology as data as well, or allow network access",
                options=("data", "allow_network"),
            )
        tried.update(todo)
        _each_input(resolve(todo, allow_network=True), consume, max_bytes, allow_network=True)
