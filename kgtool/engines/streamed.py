"""Query results read as Oxigraph writes them: a thread serialises, the caller reads lines.

``QuerySolutions.serialize`` writes to a file object, a chunk at a time; returning the whole
text instead would hold it (tens of megabytes at corpus scale) beside the rows
made of it. Here the chunks pass through a small queue, so a result of any size is read in
constant memory, and Oxigraph still evaluates without holding Python's lock. The query runs
in the writing thread too: pyoxigraph's solutions stay in the thread that made them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from queue import Empty, Queue
from threading import Thread

from kgtool.engines import freed_memory

_CHUNKS_AHEAD = 8  # of about 8 KB each: what the writer may run ahead of the reader


class _Stopped(Exception):
    """Raised into the serialiser when the reader has stopped reading."""


class _Pipe:
    """The file object ``serialize`` writes to: each chunk goes to the reader's queue."""

    def __init__(self) -> None:
        self.chunks: Queue[bytes | BaseException | None] = Queue(_CHUNKS_AHEAD)
        self.stopped = False

    def write(self, chunk: bytes) -> int:
        if self.stopped:
            raise _Stopped
        self.chunks.put(bytes(chunk))
        return len(chunk)

    def flush(self) -> None:
        """Nothing is buffered here."""


def lines(write: Callable[[_Pipe], None]) -> Iterator[bytes]:
    """What ``write(file)`` writes, in another thread, line by line (without the line end) as
    it is written; an exception of ``write`` is raised here."""
    pipe = _Pipe()

    def serialise() -> None:
        try:
            write(pipe)
            pipe.chunks.put(None)
        except _Stopped:
            pass
        except BaseException as e:  # handed to the reader, which raises it
            pipe.chunks.put(e)

    writer = Thread(target=serialise, daemon=True)
    writer.start()
    rest = b""
    try:
        while (chunk := pipe.chunks.get()) is not None:
            if isinstance(chunk, BaseException):
                raise chunk
            *complete, rest = (rest + chunk).split(b"\n")
            yield from complete
        if rest:
            yield rest
    finally:  # a reader that stops early: let the writer end rather than wait on a full queue
        pipe.stopped = True
        while writer.is_alive():
            with suppress(Empty):
                pipe.chunks.get(timeout=0.05)


def spooled_lines(write: Callable[[str], None]) -> Iterator[bytes]:
    """What ``write(path)`` writes into a temporary file, line by line once it is all written:
    for a query whose evaluation needs much memory, which is then given back before its rows are
    read, so that the evaluation and the records made of its rows never hold memory at once."""
    with tempfile.TemporaryDirectory(prefix="kgtool-rows-") as folder:
        path = Path(folder) / "rows"
        write(str(path))
        freed_memory.give_back()
        with path.open("rb") as rows:
            for line in rows:
                yield line.removesuffix(b"\n")
