"""What a corpus says of its articles beside the annotations: a tab-separated file, one row an
article, named by its text's file name (PolNeAR's ``metadata.tsv``): the date it was published,
its address, and the wire agency it credits. ``kgtool import brat --metadata`` puts them on the
articles, so that the corpus audit knows which appeared first and which reprint a wire story."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from kgtool.corpus_claims import WIRE_AGENCIES, outlet_name
from kgtool.errors import InputError

#: The columns read (others are left alone); only the file name is required.
NAME, DATE, URL, WIRE = "filename", "publication_date", "url", "wire"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NONE = frozenset({"", "none", "na", "n/a"})


@dataclass(frozen=True)
class ArticleMetadata:
    date: str | None = None
    url: str | None = None
    wire: str | None = None  # a key of WIRE_AGENCIES


def wire_agency(text: str) -> str | None:
    """The wire agency a credit names ("AP", "reuters"), as a key of WIRE_AGENCIES."""
    name = outlet_name(text)
    return next((key for key, (_, names) in WIRE_AGENCIES.items() if name in names), None)


def read_metadata(path: Path) -> dict[str, ArticleMetadata]:
    """Each article's metadata by its text's file name (without ``.txt``)."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: byte {e.start} is not UTF-8", "give the file as UTF-8") from None
    if not rows or NAME not in rows[0]:
        raise InputError(
            f"{path}:1: no column {NAME!r} in the header",
            f"name the articles' text files in a column {NAME!r} (tab-separated, with a header)",
        )
    header = rows[0]
    found: dict[str, ArticleMetadata] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
        date = cells.get(DATE, "")
        if date.lower() in _NONE:
            date = ""
        elif not _DATE.fullmatch(date):
            raise InputError(
                f"{path}:{number}: {DATE} {date!r} is not a date",
                "write it as YYYY-MM-DD, or leave the cell empty",
            )
        wire = cells.get(WIRE, "")
        agency = None if wire.lower() in _NONE else wire_agency(wire)
        if wire.lower() not in _NONE and agency is None:
            known = ", ".join(label for label, _ in WIRE_AGENCIES.values())
            raise InputError(
                f"{path}:{number}: {WIRE} {wire!r} is no wire agency kgtool knows", f"one of: {known}"
            )
        url = cells.get(URL, "")
        if url.lower() in _NONE:
            url = ""
        elif urlsplit(url).scheme not in ("http", "https") or any(c.isspace() or c in '<>"' for c in url):
            raise InputError(
                f"{path}:{number}: {URL} {url!r} is not an http(s) address", "fix it or leave it empty"
            )
        found[cells.get(NAME, "").removesuffix(".txt")] = ArticleMetadata(date or None, url or None, agency)
    return found
