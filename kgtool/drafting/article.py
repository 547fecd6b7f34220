"""Reading the article to draft: UTF-8 text, refused with one line when it is not."""

from __future__ import annotations

from pathlib import Path

from kgtool.snapshot import Snapshot, read_text


def read_article(path: str | Path) -> Snapshot:
    return read_text(path, "article", "check the path", "convert the article to UTF-8", refuse_binary=True)
