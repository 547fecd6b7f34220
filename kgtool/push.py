"""Load the graph into a SPARQL 1.1 store: Graph Store Protocol PUT, or SPARQL Update.

A PUT replaces the target graph in one request, which a store such as Oxigraph applies
atomically; the Update route sends DROP and INSERT DATA as one request for the same effect.
Credentials come from the environment (``KGTOOL_ENDPOINT_USER``/``KGTOOL_ENDPOINT_PASSWORD``).
"""

from __future__ import annotations

import base64
import os
import tempfile
from typing import BinaryIO
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

import pyoxigraph as ox

from kgtool import __version__
from kgtool.engines.endpoint import PASSWORD_ENV, USER_ENV
from kgtool.errors import EndpointError, UsageError
from kgtool.params import iri

PROTOCOLS = ("gsp", "update")


def _request(url: str, body: BinaryIO, size: int, content_type: str, method: str,
             timeout: float) -> None:
    headers = {"Content-Type": content_type, "Content-Length": str(size),
               "User-Agent": f"kgtool/{__version__}"}
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user and password:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    try:
        with urlopen(Request(url, data=body, headers=headers, method=method), timeout=timeout):
            return
    except HTTPError as e:
        detail = e.read(300).decode("utf-8", "replace").strip().splitlines()
        raise EndpointError(f"{url}: HTTP {e.code} {e.reason}"
                            + (f": {detail[0]}" if detail else ""),
                            "check the store's URL and your credentials") from None
    except (URLError, OSError) as e:
        raise EndpointError(f"{url}: cannot reach the store ({getattr(e, 'reason', e)})",
                            "check the address") from None


def push(quads: list[ox.Quad], url: str, graph: str | None = None, protocol: str = "gsp",
         timeout: float = 300.0) -> int:
    """Replace ``graph`` (or the default graph) of the store at ``url`` with ``quads``' triples.
    Returns the number of triples sent."""
    if not url.lower().startswith(("http://", "https://")):
        raise UsageError(f"store {url!r} is not an http(s) URL", "give http://HOST/store",
                         options=("endpoint",))
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        raise UsageError("the data has named graphs; push sends one graph",
                         "push each graph's file to a graph of its own", options=("graph",))
    if protocol not in PROTOCOLS:
        raise UsageError(f"unknown protocol {protocol!r}", f"use one of: {', '.join(PROTOCOLS)}")
    target = iri(graph) if graph else None
    # The body goes through a temporary file, not memory: 300 MB of N-Triples at 100k claims.
    with tempfile.TemporaryFile() as body:
        if protocol == "gsp":
            ox.serialize(quads, body, format=ox.RdfFormat.N_TRIPLES)
            where = f"graph={quote(target, safe='')}" if target else "default"
            separator = "&" if "?" in url else "?"
            url, content_type, method = f"{url}{separator}{where}", "application/n-triples", "PUT"
        else:
            scope = f"GRAPH <{target}>" if target else "DEFAULT"
            body.write(f"DROP SILENT {scope} ;\nINSERT DATA {{\n".encode())
            if target:
                body.write(f"GRAPH <{target}> {{\n".encode())
            ox.serialize(quads, body, format=ox.RdfFormat.N_TRIPLES)
            body.write(b"}}\n" if target else b"}\n")
            content_type, method = "application/sparql-update", "POST"
        size = body.tell()
        body.seek(0)
        _request(url, body, size, content_type, method, timeout)
    return len(quads)
