"""The bytes of one RDF input as every parser gets them, under the same checks.

:class:`GuardedReader` counts the bytes actually read (a FIFO or ``/dev/zero`` reports no size,
so the limit cannot rest on the size a file claims), drops a UTF-8 byte-order mark, and refuses
JSON nested deeper than a parser survives. Errors carry no input name: the caller adds it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from contextlib import suppress
from typing import Any, BinaryIO, cast

from kgtool.errors import InputError

BOM = b"\xef\xbb\xbf"
# Oxigraph's JSON-LD parser recurses per level and overflows the stack between 3,000 and 4,000
# levels (a segmentation fault, no message); real JSON-LD nests a few dozen levels at most.
MAX_JSON_DEPTH = 500
_CHUNK = 1 << 20
_IN_STRING = re.compile(rb'["\\]')
_OUTSIDE = re.compile(rb'[\[\]{}"]')
_XML_ENTITY = re.compile(rb"<!ENTITY", re.I)
# Oxigraph's RDF/XML parser slows down steeply with element depth (a small file nested tens of
# thousands of levels deep takes minutes); RDF/XML nests a few dozen levels at most.
MAX_XML_DEPTH = 1000


class JsonDepth:
    """The nesting depth of a JSON text read in pieces: raises past :data:`MAX_JSON_DEPTH`."""

    def __init__(self, limit: int = MAX_JSON_DEPTH) -> None:
        self.limit = limit
        self.depth = 0
        self.in_string = False
        self.escaped = False  # a backslash ended the previous piece

    def feed(self, piece: bytes) -> None:
        at = 0
        if self.escaped:
            at, self.escaped = 1, False
        while at < len(piece):
            found = (_IN_STRING if self.in_string else _OUTSIDE).search(piece, at)
            if found is None:
                return
            char, at = found.group(), found.end()
            if char == b"\\":
                if at == len(piece):
                    self.escaped = True
                at += 1  # the escaped character, whatever it is
            elif char == b'"':
                self.in_string = not self.in_string
            elif char in b"[{":
                self.depth += 1
                if self.depth > self.limit:
                    raise InputError(
                        f"JSON nested more than {self.limit} levels deep",
                        "flatten the document (kgtool refuses deeper nesting)",
                    )
            else:
                self.depth -= 1


class GuardedReader(io.RawIOBase):
    """``file`` as a parser reads it: at most ``max_bytes``, without a leading byte-order mark,
    its JSON depth checked when ``json`` is set; ``on_read`` hears how many bytes went by."""

    def __init__(
        self,
        file: BinaryIO,
        max_bytes: int,
        *,
        json: bool = False,
        on_read: Callable[[int], None] | None = None,
    ) -> None:
        self._file = file
        self._max_bytes = max_bytes
        self._depth = JsonDepth() if json else None
        self._on_read = on_read
        self._count = 0
        self._pending = self._start()

    def _start(self) -> bytes:
        head = b""
        while len(head) < len(BOM):  # a pipe may hand over fewer bytes than asked
            piece = self._take(len(BOM) - len(head))
            if not piece:
                break
            head += piece
        return head.removeprefix(BOM)

    def _take(self, size: int) -> bytes:
        piece = self._file.read(size)
        self._counted(len(piece))
        return piece

    def _counted(self, count: int) -> None:
        self._count += count
        if self._count > self._max_bytes:
            raise InputError(
                f"larger than {self._max_bytes:,} bytes",
                "raise the byte limit if you trust the input",
                options=("max_bytes",),
            )
        if self._on_read:
            self._on_read(count)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._pending:  # what the byte-order mark check read ahead, counted then
            count = min(len(buffer), len(self._pending))
            buffer[:count], self._pending = self._pending[:count], self._pending[count:]
        else:  # straight into the parser's buffer: no copy of a large file
            count = cast(io.BufferedIOBase, self._file).readinto(buffer) or 0  # files are buffered
            self._counted(count)
        if self._depth is not None:
            self._depth.feed(bytes(memoryview(buffer)[:count]))
        return count

    def read_all(self) -> bytes:
        """Everything left, read in pieces (never a buffer of ``max_bytes`` at once)."""
        pieces = []
        while piece := self.read(_CHUNK):
            pieces.append(piece)
        return b"".join(pieces)


def refuse_xml_entities(data: bytes) -> None:
    """A few hundred bytes of nested entity declarations expand to gigabytes ("billion
    laughs"); RDF/XML has no need of them."""
    found = _XML_ENTITY.search(data)
    if found:
        line = data.count(b"\n", 0, found.start()) + 1
        raise InputError(
            f"line {line}: XML entity declarations are refused (entity expansion can exhaust memory)",
            "expand the entities, or convert the file to Turtle or N-Triples",
        )


def refuse_deep_xml(data: bytes) -> None:
    """Refuse XML whose elements nest deeper than :data:`MAX_XML_DEPTH` (checked by expat, in C,
    before Oxigraph parses the document; entity declarations are refused before this)."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    depth = 0

    def start(*_: object) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise InputError(
                f"line {parser.CurrentLineNumber}: XML nested more than {MAX_XML_DEPTH} elements deep",
                "flatten the document",
            )

    def end(*_: object) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    with suppress(expat.ExpatError):  # malformed: Oxigraph says where, as for any other error
        parser.Parse(data, True)
