"""JSON-LD contexts kgtool ships, and the document loader that serves them instead of the web.

The W3C Web Annotation model requires its annotations to name their context by its address,
``http://www.w3.org/ns/anno.jsonld``; kgtool never fetches it. ``contexts/anno.jsonld`` is a
copy of the W3C's file (from the Web Annotation Working Group's repository, w3c/web-annotation
at commit 74992e5d3ca3ac10b3289f6c855c876cc9b024a1, ``admin/ns/anno.jsonld``, identical to its
``jsonld/anno.jsonld``), SHA-256 48c6e5e80f86bb1bf812233d13e70fab8b19516ac4e57e1e4576473f0bbd062e,
under the W3C Document License.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

#: The W3C Web Annotation JSON-LD context, by the address the model requires.
WEB_ANNOTATION = "http://www.w3.org/ns/anno.jsonld"

_SHIPPED = {WEB_ANNOTATION: "anno.jsonld"}


@cache
def shipped(url: str) -> dict:
    """The shipped copy of the context published at ``url`` (KeyError: none is shipped)."""
    text = files("kgtool").joinpath("contexts").joinpath(_SHIPPED[url]).read_text(encoding="utf-8")
    return json.loads(text)


def names_shipped(document: bytes) -> bool:
    """Whether a JSON-LD document names a context kgtool ships (then PyLD reads it, offline)."""
    return any(url.encode() in document for url in _SHIPPED)


def is_shipped(url: str) -> bool:
    return url in _SHIPPED


def load_shipped(url: str, options: dict | None = None) -> dict:
    """A PyLD document loader: the shipped copy of a context, and no other document at all."""
    from pyld.jsonld import JsonLdError

    if url not in _SHIPPED:
        raise JsonLdError(
            f"kgtool does not fetch {url}",
            "loading document failed",
            {"url": url},
            code="loading document failed",
        )
    return {"contextUrl": None, "documentUrl": url, "document": shipped(url)}
