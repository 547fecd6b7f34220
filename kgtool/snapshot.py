"""The article snapshot: read-only text whose code-point offsets the anchors refer to."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from kgtool.errors import InputError
from kgtool.input_files import regular_file

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
    return read_text(
        path,
        "snapshot",
        f"set {ARTICLE_ENV} or give its path",
        "give the snapshot exactly as captured",
        options=("article",),
    )


def read_text(
    path: str | Path,
    what: str,
    unreadable: str,
    not_utf8: str,
    *,
    options: tuple[str, ...] = (),
    refuse_binary: bool = False,
    max_bytes: int | None = None,
) -> Snapshot:
    """A text file (``what``: "snapshot", "article") as stored, with its SHA-256; one-line errors
    whose hints are ``unreadable`` and ``not_utf8``. With ``refuse_binary``, a NUL byte says the
    file is binary before decoding would stop at some other byte. A file of more than
    ``max_bytes`` is refused after reading one byte past the limit, whatever size it claims."""
    path = Path(path)
    regular_file(path, what)
    try:
        with path.open("rb") as file:
            data = file.read() if max_bytes is None else file.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory", f"give the {what}'s text file") from None
    except OSError as e:
        raise InputError(
            f"{path}: cannot read the {what} ({e.strerror})", unreadable, options=options
        ) from None
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(
            f"{path}: larger than {max_bytes:,} bytes",
            "raise the byte limit if you trust the input",
            options=("max_bytes",),
        )
    nul = data.find(b"\0") if refuse_binary else -1
    if nul >= 0:
        raise InputError(
            f"{path}: byte {nul} is a NUL: a binary file, not text", f"give the {what} as plain UTF-8 text"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(f"{path}: line {line}, byte {e.start} is not UTF-8", not_utf8) from None
    return Snapshot(path, text, hashlib.sha256(data).hexdigest())


def offset(text: str) -> int:
    """An anchor's offset as the data gives it: -1 for one that is no whole number (a decimal;
    validation reports it), so that one odd value puts an anchor first rather than ending the
    audit, the export or the served page."""
    try:
        return int(text)
    except ValueError:
        return -1
