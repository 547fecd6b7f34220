"""The query library: ``queries/*.rq``, one SPARQL query per file, with ``#+`` header comments.

Headers follow grlc: ``#+ summary: ...``, ``#+ tags: a, b``, ``#+ param: name - what it is``;
and kgtool's own ``#+ needs: ontology`` for a query whose answer is wrong on data without the
ontology's vocabulary (the source-kind scheme, the declarations, the labels): run by name, it is
refused there, as the audit is, rather than answer wrongly.
Every query answers with distinct rows and counts distinct claims (``SELECT DISTINCT``,
``COUNT(DISTINCT ...)``): a store whose default graph is the union of its named graphs
(Oxigraph's ``--union-default-graph``, Virtuoso) repeats a triple held in several graphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kgtool.errors import UsageError
from kgtool.input_files import standard_input
from kgtool.resources import queries_dir

_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
# A final ORDER BY clause, with no group, LIMIT or OFFSET after it (those make order matter).
_FINAL_ORDER_BY = re.compile(r"\}\s*ORDER\s+BY\s(?:(?!\bLIMIT\b|\bOFFSET\b)[^{}])*\Z", re.I)


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    summary: str = ""
    tags: tuple[str, ...] = ()
    params: dict[str, str] = field(default_factory=dict)
    needs_ontology: bool = False

    @property
    def is_check(self) -> bool:
        """A check query fails the audit when it returns any row."""
        return self.name.endswith("-violation")

    @property
    def unordered(self) -> str:
        """The text without its final ORDER BY, for callers that sort the rows themselves
        (Python sorts strings much faster than the engine orders terms)."""
        return _FINAL_ORDER_BY.sub("}\n", self.text)


def parse_query_file(path: Path) -> Query:
    return parse_query(path.stem, path.read_text(encoding="utf-8"))


def parse_query(name: str, text: str) -> Query:
    """A query and what its ``#+`` headers say of it."""
    summary = ""
    tags: tuple[str, ...] = ()
    params: dict[str, str] = {}
    needs_ontology = False
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.groups()
        if key == "summary":
            summary = value.strip()
        elif key == "tags":
            tags = tuple(t.strip() for t in value.split(",") if t.strip())
        elif key == "param":
            param, _, what = value.partition("-")
            params[param.strip()] = what.strip()
        elif key == "needs":
            needs_ontology = "ontology" in (n.strip() for n in value.split(","))
    return Query(name, text, summary, tags, params, needs_ontology)


@cache
def library() -> dict[str, Query]:
    """Every shipped query by name."""
    return {p.stem: parse_query_file(p) for p in sorted(queries_dir().glob("*.rq"))}


def get(name: str) -> Query:
    try:
        return library()[name]
    except KeyError:
        raise UsageError(
            f"no query named {name!r}", "list the library's queries", options=("list_queries",)
        ) from None


def resolve(name: str) -> Query:
    """The query of a library name, a ``.rq`` file, or ``-`` (standard input), with what its
    headers declare (a file of one's own may declare parameters too)."""
    if name == "-":
        data = standard_input().read()
        try:
            return parse_query("-", data.decode("utf-8"))
        except UnicodeDecodeError as e:
            raise UsageError(f"standard input: byte {e.start} of the query is not UTF-8") from None
    if name.endswith(".rq") or "/" in name:
        path = Path(name)
        try:
            return parse_query(name, path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as e:
            raise UsageError(f"{path}: cannot read the query ({e})") from None
    return get(name)
