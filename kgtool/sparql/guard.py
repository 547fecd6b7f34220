"""Refuse SPARQL that would reach the network or change data, before any engine sees it.

rdflib sends HTTP requests for SERVICE (even inside FILTER EXISTS or a subquery) and fetches
FROM/FROM NAMED documents; Oxigraph sends SERVICE requests from Rust, out of reach of Python's
audit hooks. So the guard parses the text with rdflib's SPARQL 1.1 grammar and decides from
the parsed form: a SERVICE pattern anywhere, a dataset clause on local data, an update, or a
text that does not parse, is refused.

The guard must read the text as every engine reads it. Where engines differ:

- Codepoint escapes (``\\u0041``): the SPARQL spec expands them before parsing, Oxigraph only
  inside IRIs and strings. An escape that stands for an ASCII sign, a space or a control
  character (a quote, ``#``, ``>``) could end a string or an IRI for one reader and not for
  the other, so it is refused; letters, digits and non-ASCII characters mean the same to all.
- A comment ends at a line feed or a carriage return (the spec, Oxigraph); rdflib's grammar
  runs on to the next line feed, so the guard reads carriage returns as line feeds.

Parsing takes time (rdflib's grammar is slow on long texts), and most queries cannot hold
what the guard looks for: a text none of whose code lines holds a guarded word (SERVICE, FROM,
the update keywords; in any letter case, escaped or not) goes to the engine unparsed, and the
engine reports its syntax errors. A line whose first non-blank character is ``#`` and that holds
no triple quote is not code for any reader: a comment, or the inside of a long string that
cannot end on it. So the shipped queries, whose comments say "with" and "from", need no parse.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from typing import Any

from kgtool.errors import QueryError, QueryRefused

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_GUARDED_WORDS = (
    "SERVICE",
    "FROM",
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
)
_SERVICE_WORD = re.compile(r"(?<![\w?$:])(?=SERVICE\b)", re.I)
_UPDATE_NAMES = {"Modify": "DELETE/INSERT"}  # the other operations are named as spelled
_GRAMMAR_HINT = "see SPARQL 1.1 Query, section 19 (grammar)"
# rdflib's grammar is not safe to run from two threads at once (pyparsing works out the arity
# of parse actions on their first calls): the audit, the validation and the server do.
_PARSING = threading.Lock()


def check_query(text: str, *, local: bool = True, allow_service: bool = False) -> None:
    """Raise :class:`QueryRefused` for updates, SERVICE (unless allowed) and, on local data,
    FROM / FROM NAMED (which would make rdflib fetch documents); :class:`QueryError` for a text
    the guard cannot parse."""
    expanded = _lines(_expand_escapes(text))
    if not (_may_hold_guarded_words(_lines(text)) or _may_hold_guarded_words(expanded)):
        return
    for node in _nodes(_parse(expanded)):
        if node.name == "ServiceGraphPattern" and not allow_service:
            raise QueryRefused(
                f"SERVICE {_term(node['term'])} would send the query to another server",
                "allow SERVICE to let it",
                options=("allow_service",),
            )
        if node.name == "DatasetClause" and local:
            iri = node["default"] if "default" in node else node["named"]
            raise QueryRefused(
                f"FROM {_term(iri)} would make the engine fetch a document",
                "load that data from files instead",
                options=("data",),
            )


def _lines(text: str) -> str:
    """Carriage returns read as line feeds: a comment ends at either."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _may_hold_guarded_words(text: str) -> bool:
    for line in text.split("\n"):
        if line.lstrip(" \t").startswith("#") and "'''" not in line and '"""' not in line:
            continue  # a comment, or inside a long string, for every reader
        upper = line.upper()
        if any(word in upper for word in _GUARDED_WORDS):
            return True
    return False


def _expand_escapes(text: str) -> str:
    """The text with its codepoint escapes expanded (SPARQL 1.1 Query, section 19.2)."""

    def expand(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryError(
                f"line {_line(text, match.start())}: {match.group()} is not a Unicode character",
                _GRAMMAR_HINT,
            )
        char = chr(code)
        if code < 0x80 and not char.isalnum():
            raise QueryRefused(
                f"line {_line(text, match.start())}: the escape {match.group()} stands for "
                f"{char!r}, which SPARQL engines read differently",
                "write the character itself (in a string, with a backslash before a quote)",
            )
        return char

    return _ESCAPE.sub(expand, text)


def _parse(text: str) -> Any:
    """The parse tree of a query; an update or a text that does not parse raises."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql import parser

    def parse(grammar: Any, text: str) -> Any:
        try:
            with _PARSING:
                return grammar.parse_string(text, parse_all=True)
        except RecursionError:
            raise QueryError(
                "the query is nested too deeply for kgtool's SPARQL parser",
                "split long runs of triple patterns into several { } groups",
            ) from None

    try:
        return parse(parser.Query, text)
    except ParseBaseException as error:
        query_error = error
    # rdflib looks the text of a SERVICE clause up again from the start of the query, reading a
    # '#' met inside an IRI or a string as a comment to the end of the line: a clause after one
    # on its line is missed and the parse fails. Once more, then, with every SERVICE on a line
    # of its own: a line feed can end a comment early or break a token, never hide code.
    if _SERVICE_WORD.search(text):
        with contextlib.suppress(ParseBaseException):
            return parse(parser.Query, _SERVICE_WORD.sub("\n", text))
    update: Any = {}
    with contextlib.suppress(ParseBaseException, QueryError):
        update = parse(parser.UpdateUnit, text)[0]
    if "request" in update:
        operation = update["request"][0].name
        spelled = _UPDATE_NAMES.get(operation, re.sub(r"(?<=[a-z])(?=[A-Z])", " ", operation))
        raise QueryRefused(
            f"{spelled.upper()} is a SPARQL update; kgtool only reads",
            "kgtool runs SELECT, ASK, CONSTRUCT and DESCRIBE",
        )
    raise QueryError(
        f"line {query_error.lineno}, column {query_error.col}: SPARQL syntax error: {query_error.msg}",
        _GRAMMAR_HINT,
    )


def _nodes(tree: Any) -> Iterator[Any]:
    """Every named node of the parse tree (rdflib's CompValue), depth first."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, (list, ParseResults)):
            stack.extend(item)


def _term(term: Any) -> str:
    """A term as the query spelled it: an IRI or variable, or a prefixed name (a CompValue,
    whose missing attributes are None, not errors: ``hasattr`` cannot tell it from a term)."""
    from rdflib.term import Node

    if isinstance(term, Node):
        return term.n3()
    if getattr(term, "name", None) == "pname":
        return f"{term.prefix or ''}:{term.localname or ''}"
    return str(term)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
