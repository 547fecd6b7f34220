"""The article snapshot: read-only text whose code-point offsets the anchors refer to."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from kgtool.errors import InputError

#: Environment variable naming the snapshot file (tests and CI use it).
ARTICLE_ENV = "KGTOOL_ARTICLE"


@dataclass(frozen=True)
class Snapshot:
    path: Path
    text: str
    sha256: str

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1


def read_snapshot(path: str | Path) -> Snapshot:
    """Read a snapshot exactly as stored: bytes decoded as UTF-8, no newline translation."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory", "give the snapshot's text file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read the snapshot ({e.strerror})",
                         f"set {ARTICLE_ENV} or give its path", options=("article",)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: byte {e.start} is not UTF-8",
                         "give the snapshot exactly as captured") from None
    return Snapshot(path, text, hashlib.sha256(data).hexdigest())


def default_snapshot_path() -> str | None:
    return os.environ.get(ARTICLE_ENV)
