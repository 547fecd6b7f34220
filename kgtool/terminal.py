"""Data shown on a terminal must not drive it: control characters are written visibly.

A literal can carry ESC/OSC sequences (OSC 52 writes the user's clipboard, others retitle the
window or hide text). Formats for people (the results table) escape them always; any output
sent to a terminal is escaped on its way there. Output to a file or a pipe stays exact.
"""

from __future__ import annotations

import codecs
import io
import re
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

# C0 except tab and newline, a carriage return that does not end a CRLF line, DEL, C1.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(match: re.Match) -> str:
    char = match.group()
    return _NAMED.get(char) or f"\\x{ord(char):02x}"


def escape_controls(text: str, *, keep_layout: bool = True) -> str:
    """``text`` with its control characters written as ``\\x1b``, ``\\r``...; tabs and line
    ends kept unless ``keep_layout`` is false (a table cell, which must stay on its line)."""
    return (_CONTROL if keep_layout else _ANY_CONTROL).sub(_visible, text)


class EscapingWriter(io.RawIOBase):
    """Wraps a binary stream (a terminal) and escapes the control characters of the UTF-8
    text written through it, also when a character or a CRLF is split between two writes."""

    def __init__(self, target: BinaryIO) -> None:
        super().__init__()
        self._target = target
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self._pending_cr = ""

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer) -> int:
        raw = bytes(data)
        text = self._pending_cr + self._decoder.decode(raw)
        self._pending_cr = "\r" if text.endswith("\r") else ""  # a CRLF may be cut here
        self._send(text[:-1] if self._pending_cr else text)
        return len(raw)

    def finish(self) -> None:
        """Write what is held back (a last carriage return, an incomplete character)."""
        self._send(self._pending_cr + self._decoder.decode(b"", final=True))
        self._pending_cr = ""
        self._target.flush()

    def _send(self, text: str) -> None:
        if text:
            self._target.write(escape_controls(text).encode("utf-8", "surrogateescape"))
