"""The keys the annotation format knows, table by table (``data/README.md``), and the check that
refuses any other: a misspelt key (``challenge`` for ``challenges``) would otherwise be ignored
and its content lost without a word.

TOML parsers give no positions, so the line of a key is found by reading the file's lines: table
headers and ``key =`` lines, multi-line strings skipped.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from typing import Any

from kgtool.errors import InputError

_REVIEW = {"review", "reviewed_by"}
_SOURCE = {"label", "access", "role", "close_to", "affiliation", "descriptor", "anonymity_reason"}
_DATES = {
    f"{prefix}{suffix}"
    for prefix in ("event_date", "stated_on", "event_end")
    for suffix in ("", "_text", "_inferred")
} - {"event_end_inferred"}
RELATION_KEYS = {
    "contradicts",
    "denies",
    "challenges",
    "offers_alternative_to",
    "partially_supports",
    "corroborates",
}

#: Each table's keys: [article], [entity.KEY], [source.KEY], [[claim]], [[excluded]], and the
#: { exact, nth } of a quote.
KEYS: dict[str, frozenset[str]] = {
    "top": frozenset({"prefixes", "article", "entity", "source", "claim", "excluded"}),
    "article": frozenset(
        {
            "key",
            "sha256",
            "title",
            "publisher",
            "published",
            "published_inferred",
            "url",
            "archived",
            "drafted_by",
        }
    ),
    "entity": frozenset({"type", "source_kind", "named", *_SOURCE, *_REVIEW}),
    "source": frozenset({"kind", *_SOURCE, *_REVIEW}),
    "claim": frozenset(
        {
            "key",
            "subject",
            "predicate",
            "object",
            "value",
            "polarity",
            "source",
            "mode",
            "cue",
            "certainty",
            "quote",
            "quantifier",
            "approximate",
            "publisher_insertion",
            "publisher_class",
            "inferred_source",
            "inferred_source_reason",
            "note",
            "confidence",
            *_DATES,
            *RELATION_KEYS,
            *_REVIEW,
        }
    ),
    "excluded": frozenset({"quote", "reason", *_REVIEW}),
    "quote": frozenset({"exact", "nth"}),
}
#: The keys whose value is text, table by table: a table or a list there would become a literal
#: such as "{'x': 1}", or fail deep in the compiler.
TEXT_KEYS: dict[str, frozenset[str]] = {
    "article": KEYS["article"] - {"published"},
    "entity": frozenset({"type", "source_kind", "label", "access", "role", "descriptor", *_REVIEW}),
    "source": frozenset({"kind", "label", "access", "role", "descriptor", *_REVIEW}),
    "claim": frozenset(
        {
            "key",
            "subject",
            "predicate",
            "object",
            "polarity",
            "source",
            "mode",
            "cue",
            "certainty",
            "quantifier",
            "publisher_insertion",
            "publisher_class",
            "inferred_source",
            "inferred_source_reason",
            "note",
            *(key for key in _DATES if key.endswith(("_text", "_inferred"))),
            *_REVIEW,
        }
    ),
    "excluded": frozenset({"reason"}),
    "quote": frozenset({"exact"}),
}
#: The keys whose value is a list of keys (entities, claims).
KEY_LISTS: dict[str, frozenset[str]] = {
    "entity": frozenset({"close_to", "affiliation"}),
    "source": frozenset({"close_to", "affiliation"}),
    "claim": frozenset(RELATION_KEYS),
}
_TOML_TYPES = {dict: "a table", list: "a list", str: "a string", bool: "a boolean"}
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*("[^"]*"|[A-Za-z0-9_-]+)\s*=')


def _tables(notes: Mapping[str, Any]) -> Iterator[tuple[str, str, Any, tuple]]:
    """Every table of the file: its kind, how a person names it, its keys and values, and where
    to look for it among the file's lines (header, index of an array item)."""
    yield "top", "the file's top level", notes, ("", 0)
    if isinstance(notes.get("article"), Mapping):
        yield "article", "[article]", notes["article"], ("article", 0)
    for kind in ("entity", "source"):
        for key, table in notes.get(kind, {}).items() if isinstance(notes.get(kind), Mapping) else ():
            if isinstance(table, Mapping):
                yield kind, f"[{kind}.{key}]", table, (f"{kind}.{key}", 0)
    for kind in ("claim", "excluded"):
        items = notes.get(kind, [])
        for index, table in enumerate(items if isinstance(items, list) else [], start=1):
            if not isinstance(table, Mapping):
                continue
            name = f"[[{kind}]] #{index}" + (
                f" ({table['key']})" if isinstance(table.get("key"), str) else ""
            )
            yield kind, name, table, (kind, index)
            quotes = table.get("quote")
            for quote in quotes if isinstance(quotes, list) else [quotes]:
                if isinstance(quote, Mapping):
                    yield "quote", f"a quote of {name}", quote, (kind, index)


def key_lines(text: str) -> dict[tuple[str, int, str], int]:
    """The line (from 1) of each ``key =`` of the file, by (table header, index of the array item
    or 0, key); the top level is the header ``""``, where a table's name stands for its first
    header line."""
    lines: dict[tuple[str, int, str], int] = {}
    header, counts, index = "", dict[str, int](), 0
    in_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string is not None:  # inside a multi-line string
            if line.count(in_string) % 2:
                in_string = None
            continue
        found = _HEADER.match(line)
        if found:
            header = found.group(2).strip()
            if found.group(1) == "[[":
                counts[header] = counts.get(header, 0) + 1
                index = counts[header]
            else:
                index = 0
            lines.setdefault(("", 0, header.split(".", 1)[0]), number)  # a table's first line
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((header, index, key.group(1).strip('"')), number)
        for quotes in ('"""', "'''"):
            if line.count(quotes) % 2:
                in_string = quotes
    return lines


def check_keys(notes: Mapping[str, Any], where: str, text: str | None = None) -> None:
    """Refuse the first key the format does not know (:class:`InputError` naming the key, its
    table, its line when ``text``, the file's, is given, and the nearest key it knows)."""
    lines = key_lines(text) if text is not None else {}
    for kind, name, table, (header, index) in _tables(notes):
        for key, value in table.items():
            line = lines.get((header, index, "quote" if kind == "quote" else key))
            position = f"line {line}: " if line else ""
            if key in TEXT_KEYS.get(kind, ()) and not isinstance(value, str):
                raise InputError(
                    f"{where}: {position}{key} in {name} is {_toml_type(value)}, not a string",
                    "write it as a quoted string",
                )
            if key in KEY_LISTS.get(kind, ()) and not (
                isinstance(value, list) and all(isinstance(item, str) for item in value)
            ):
                raise InputError(
                    f"{where}: {position}{key} in {name} is not a list of keys",
                    f'write it as a list of strings: {key} = ["some-key"]',
                )
            if key in KEYS[kind]:
                continue
            near = difflib.get_close_matches(key, sorted(KEYS[kind]), n=1, cutoff=0.6)
            hint = (
                f"did you mean {near[0]!r}? (data/README.md lists the keys)"
                if near
                else ("data/README.md lists the keys of each table")
            )
            raise InputError(f"{where}: {position}unknown key {key!r} in {name}", hint)


def _toml_type(value: Any) -> str:
    """What a TOML value is, as its reader knows it: "a table", "a list", "a number" ..."""
    return next((name for kind, name in _TOML_TYPES.items() if isinstance(value, kind)), "a number or date")
