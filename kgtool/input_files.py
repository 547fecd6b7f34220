"""The inputs kgtool reads whole (annotation files, article texts) and standard input.

A file read whole must be a regular file: a FIFO with no writer blocks for ever and a device
such as ``/dev/zero`` never ends. Standard input may be closed (``kgtool query - <&-``), in
which case Python has no stream for it at all.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path
from typing import BinaryIO

from kgtool.errors import InputError


def regular_file(path: Path, what: str) -> None:
    """Refuse ``path`` (``what``: "annotation file", "article") unless it is a regular file;
    a path that does not exist is left to the reader, which says so in its own words."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise InputError(
            f"{path}: not a regular file (a FIFO, a device or a socket)",
            f"save the {what} to a file and give that",
        )


def standard_input() -> BinaryIO:
    """The bytes of standard input, or an error when it is closed."""
    if sys.stdin is None:
        raise InputError(
            "standard input is closed", "open it (a pipe or a file), or give a file instead of -"
        )
    return sys.stdin.buffer
