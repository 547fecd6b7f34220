"""Load the graph into a SPARQL 1.1 store: Graph Store Protocol, or SPARQL Update.

A graph of up to ``BATCH_TRIPLES`` triples goes in one request, which replaces the target graph
(a PUT, which a store such as Oxigraph applies atomically; or DROP and INSERT DATA as one
update). A larger graph goes in batches that stay within what stores accept in one request (the
first replaces the graph, the others add to it), with a progress bar. Credentials come from the
environment and are answered to the store's own challenge, Basic or Digest (kgtool.engines.http).
"""

from __future__ import annotations

import io
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from itertools import chain
from typing import IO
from urllib.parse import quote

import pyoxigraph as ox

from kgtool.engines.http import Client, shown, without_credentials
from kgtool.errors import EndpointError, UsageError
from kgtool.progress import Progress
from kgtool.sparql.parameters import iri

PROTOCOLS = ("gsp", "update")
# Triples a request: a body Oxigraph and Virtuoso alike take whole.
BATCH_TRIPLES = 200_000


def _batches(quads: list[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    """Slices of about ``size`` triples. Every request is a document of its own, whose blank nodes
    are new nodes, so the triples that share a blank node (directly, or through other blank
    nodes: an anchor and its selectors) travel in the same slice."""
    if len(quads) <= size:
        yield quads
        return
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def root(node: ox.BlankNode) -> ox.BlankNode:
        while node in parent:
            node = parent[node]
        return node

    for q in quads:  # blank nodes linked to blank nodes: one group (a union-find)
        if isinstance(q.subject, ox.BlankNode) and isinstance(q.object, ox.BlankNode):
            a, b = root(q.subject), root(q.object)
            if a != b:
                parent[a] = b
    plain: list[ox.Quad] = []
    groups: dict[ox.BlankNode, list[ox.Quad]] = defaultdict(list)
    for q in quads:
        node = (
            q.subject
            if isinstance(q.subject, ox.BlankNode)
            else q.object
            if isinstance(q.object, ox.BlankNode)
            else None
        )
        if node is None:
            plain.append(q)
        else:
            groups[root(node)].append(q)
    batch: list[ox.Quad] = []
    for unit in chain(([q] for q in plain), groups.values()):
        batch.extend(unit)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Target:
    """How one protocol replaces, adds to, or merely touches (to learn the credentials' scheme)
    the target graph."""

    def __init__(self, url: str, protocol: str, graph: str | None) -> None:
        self.protocol, self.graph = protocol, graph
        if protocol == "gsp":
            where = f"graph={quote(graph, safe='')}" if graph else "default"
            self.url = f"{url}{'&' if '?' in url else '?'}{where}"
            self.content_type = "application/n-triples"
        else:
            self.url, self.content_type = url, "application/sparql-update"

    def method(self, replace: bool) -> str:
        return "PUT" if self.protocol == "gsp" and replace else "POST"

    def write(self, body: IO[bytes], quads: list[ox.Quad], replace: bool) -> None:
        if self.protocol == "gsp":
            ox.serialize(quads, body, format=ox.RdfFormat.N_TRIPLES)
            return
        if replace:
            body.write(f"DROP SILENT {f'GRAPH <{self.graph}>' if self.graph else 'DEFAULT'} ;\n".encode())
        body.write(b"INSERT DATA {\n" + (f"GRAPH <{self.graph}> {{\n".encode() if self.graph else b""))
        ox.serialize(quads, body, format=ox.RdfFormat.N_TRIPLES)
        body.write(b"}}\n" if self.graph else b"}\n")


def push(
    quads: list[ox.Quad],
    url: str,
    graph: str | None = None,
    protocol: str = "gsp",
    timeout: float = 300.0,
    progress: Progress | None = None,
    batch_triples: int = BATCH_TRIPLES,
) -> int:
    """Replace ``graph`` (or the default graph) of the store at ``url`` with ``quads``' triples.
    Returns the number of triples sent."""
    if not url.lower().startswith(("http://", "https://")):
        raise UsageError(
            f"store {shown(url)!r} is not an http(s) URL", "give http://HOST/store", options=("endpoint",)
        )
    url, credentials = without_credentials(url)
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        raise UsageError(
            "the data has named graphs; push sends one graph",
            "push each graph's file to a graph of its own",
            options=("graph",),
        )
    if protocol not in PROTOCOLS:
        raise UsageError(f"unknown protocol {protocol!r}", f"use one of: {', '.join(PROTOCOLS)}")
    target = _Target(url, protocol, iri(graph) if graph else None)
    client = Client(timeout, credentials)
    # An empty request first: a store that asks for credentials (Digest) says so before the
    # first large body, which it would otherwise cut off with its 401. The body is bytes, not an
    # empty file: requests sends an empty file chunked, which Virtuoso at times answers with 501.
    probe = io.BytesIO()
    target.write(probe, [], replace=False)
    client.request("POST", target.url, data=probe.getvalue(), headers={"Content-Type": target.content_type})
    sent = 0
    for batch in _batches(quads, batch_triples):
        # The body goes through a temporary file, not memory: a corpus's N-Triples are large.
        with tempfile.TemporaryFile() as body:
            target.write(body, batch, replace=sent == 0)
            body.seek(0)
            try:
                client.request(
                    target.method(replace=sent == 0),
                    target.url,
                    data=body,
                    headers={"Content-Type": target.content_type},
                )
            except EndpointError as e:
                if sent:
                    e.message += f" (after {sent} of {len(quads)} triples: the graph is incomplete)"
                    e.hint = "push again to replace it"
                raise
        sent += len(batch)
        if progress:
            progress("push", sent, len(quads))
    return sent
