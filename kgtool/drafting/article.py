"""Reading the article to draft: UTF-8 text, refused with one line when it is not."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kgtool.errors import InputError
from kgtool.snapshot import Snapshot


def read_article(path: str | Path) -> Snapshot:
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory", "give the article's text file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})", "check the path") from None
    nul = data.find(b"\0")
    if nul >= 0:
        raise InputError(f"{path}: byte {nul} is a NUL: a binary file, not text",
                         "give the article as plain UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(f"{path}: line {line}, byte {e.start} is not UTF-8",
                         "convert the article to UTF-8") from None
    return Snapshot(path, text, hashlib.sha256(data).hexdigest())
