"""Refuse SPARQL that would reach the network or change data, before any engine sees it.

rdflib sends HTTP requests for SERVICE (even inside FILTER EXISTS or a subquery) and fetches
FROM/FROM NAMED documents; Oxigraph's engine sends SERVICE requests from Rust, out of reach of
Python's audit hooks. So the text itself is checked: with strings, IRIs and comments blanked
out, any SERVICE, FROM or update keyword left is a refusal. Working on the text, not on one
parser's algebra, catches every spelling (lower case, SERVICE SILENT, SERVICE ?var) whatever
engine runs the query.
"""

from __future__ import annotations

import re

from kgtool.errors import QueryRefused

# Long strings first, then short ones, IRIs, comments: replaced by spaces, newlines kept.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n]*",
    re.S,
)
# A keyword is a bare word: not a variable (?x, $x), not part of a prefixed name (ex:from,
# from:x), not a language tag (@from).
_KEYWORD = r"(?<![\w:?$@-])({})(?![\w:-])"
_UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_SERVICE = re.compile(_KEYWORD.format("SERVICE"), re.I)
_FROM = re.compile(_KEYWORD.format("FROM"), re.I)
_UPDATE = re.compile(_KEYWORD.format("|".join(_UPDATES)), re.I)


def bare(text: str) -> str:
    """The text with strings, IRIs and comments blanked out (same length, newlines kept)."""
    return _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def check_query(text: str, *, local: bool = True, allow_service: bool = False) -> None:
    """Raise :class:`QueryRefused` for updates, and for SERVICE (unless allowed) and, on local
    data, FROM / FROM NAMED (which would make rdflib fetch documents)."""
    text_bare = bare(text)
    update = _UPDATE.search(text_bare)
    if update:
        raise QueryRefused(
            f"line {_line(text, update.start())}: {update.group().upper()} is a SPARQL update; "
            "kgtool only reads", "kgtool query runs SELECT, ASK, CONSTRUCT and DESCRIBE")
    service = _SERVICE.search(text_bare)
    if service and not allow_service:
        raise QueryRefused(
            f"line {_line(text, service.start())}: SERVICE would send the query to another "
            "server", "pass --allow-service to let it")
    source = _FROM.search(text_bare) if local else None
    if source:
        raise QueryRefused(
            f"line {_line(text, source.start())}: FROM / FROM NAMED would make the engine fetch "
            "a document", "load the data with --data instead")
