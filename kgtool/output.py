"""Writing results: to stdout, or to a file atomically so that a failure never leaves half a file."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, cast

from kgtool.errors import InputError
from kgtool.terminal import EscapingWriter


@contextmanager
def atomic_file(path: str | Path) -> Iterator[BinaryIO]:
    """A file to write that appears at ``path`` only once complete: a temporary file in the same
    folder, renamed when the block ends without error, removed otherwise."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise InputError(
            f"{target}: cannot write ({e.strerror})", "check that the folder exists and is writable"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():  # keep the permissions the user gave the file
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(
            f"{target}: cannot write ({e.strerror or e})", "the previous file, if any, is unchanged"
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def emit(data: bytes, path: str | Path | None) -> None:
    """Send output to ``path`` (atomically), or to stdout when ``path`` is None or ``-``."""
    emit_with(lambda handle: handle.write(data), path)


def emit_with(write: Callable[[BinaryIO], object], path: str | Path | None) -> None:
    """Let ``write`` write the output into ``path`` (atomically) or stdout, as it goes. On a
    terminal, control characters of the data are escaped (kgtool.terminal)."""
    if path is None or str(path) == "-":
        stdout = sys.stdout.buffer
        if stdout.isatty():
            escaping = EscapingWriter(stdout)
            write(cast(BinaryIO, escaping))  # a binary file, written to as any other
            escaping.finish()
        else:
            write(stdout)
        stdout.flush()
    else:
        with atomic_file(path) as handle:
            write(handle)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
