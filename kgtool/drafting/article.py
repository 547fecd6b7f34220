"""Reading the article to draft: UTF-8 text, refused with one line when it is not."""

from __future__ import annotations

from pathlib import Path

from kgtool.snapshot import Snapshot, read_text

#: A news article has tens of kilobytes; a text of megabytes is a book, drafted in minutes.
DEFAULT_MAX_BYTES = 4 << 20


def read_article(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Snapshot:
    return read_text(
        path,
        "article",
        "check the path",
        "convert the article to UTF-8",
        refuse_binary=True,
        max_bytes=max_bytes,
    )
