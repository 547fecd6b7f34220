"""The Jinja2 templates every HTML page is rendered from (``kgtool serve`` and ``kgtool audit
--format html`` alike): one base template, one style sheet, the same words for codes."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from kgtool.namespaces import local_name


def in_words(code: str | None) -> str:
    """A vocabulary code as a reader says it: ``named_person`` -> "named person"."""
    return (code or "unknown").replace("_", " ")


@cache
def templates() -> Environment:
    env = Environment(
        loader=PackageLoader("kgtool.html", "templates"), autoescape=select_autoescape(["html", "svg"])
    )
    env.globals["page_css"] = page_css()
    env.filters["words"] = in_words
    env.filters["local_name"] = local_name
    return env


@cache
def page_css() -> str:
    """The one style sheet, inlined in every page (the Content-Security-Policy allows it by hash)."""
    loader = PackageLoader("kgtool.html", "templates")
    return loader.get_source(Environment(loader=loader), "page.css")[0]
