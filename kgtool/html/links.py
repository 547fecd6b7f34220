"""Which IRIs of the data become links on a page: the data is not trusted, and an href such as
``javascript:...`` would run when clicked."""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")


def web_link(iri: str) -> str | None:
    """``iri`` as an href when it is an http(s) IRI; None (show it as text) otherwise."""
    return iri if urlsplit(iri).scheme.lower() in WEB_SCHEMES else None
