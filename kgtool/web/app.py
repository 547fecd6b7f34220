"""``kgtool serve``: every IRI of the graph dereferenceable, and a read-only SPARQL endpoint.

A Starlette application. Each IRI under the configured base is a path of this server, which
answers 303 See Other to ``/doc/<path>`` (the thing's description, Cool URIs): HTML for
browsers, Turtle, N-Triples, JSON-LD or RDF/XML by ``Accept`` (``?format=`` for links). The
descriptions come from the lossless quads (as ``kgtool export`` gives them); queries run on the
Oxigraph engine through the same guard, time limit and row limit as ``kgtool query``.
"""

from __future__ import annotations

import socket

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Route

from kgtool.errors import UsageError
from kgtool.html.environment import page_css
from kgtool.web.dataset import dump, void
from kgtool.web.pages import claims_index, corpus, document, home, resource
from kgtool.web.safety import (
    BodyLimit,
    SecurityHeaders,
    allowed_hosts,
    content_security_policy,
    internal_error,
)
from kgtool.web.site import Site
from kgtool.web.sparql_endpoint import sparql


def create_app(site: Site, bind: str = "127.0.0.1") -> Starlette:
    """The application for a server listening on ``bind``: requests must name it (or the base
    IRI's host) in their Host header. Everything served is public and read-only, so any origin
    may read it (CORS ``*``, without credentials)."""
    policy = content_security_policy([page_css()])
    app = Starlette(
        exception_handlers={Exception: internal_error(policy)},
        middleware=[
            Middleware(SecurityHeaders, policy=policy),
            Middleware(
                TrustedHostMiddleware, allowed_hosts=allowed_hosts(bind, site.base), www_redirect=False
            ),
            Middleware(BodyLimit, max_bytes=site.max_body),
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
            ),
        ],
        routes=[
            Route("/", home),
            Route("/claims", claims_index),
            Route("/corpus", corpus),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/.well-known/void", void),
            Route("/dump", dump),
            Route("/doc/{path:path}", document),
            Route("/{path:path}", resource),
        ],
    )
    app.state.site = site
    return app


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening, for uvicorn to serve on; a busy port or an
    unknown address is a :class:`UsageError` (exit 2), not uvicorn's exit 3."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family)
    except OSError as e:
        raise UsageError(
            f"cannot listen on {host} port {port}: {e.strerror or e}",
            "stop what uses it, or pick another port (0 for any free one)",
            options=("port",),
        ) from None
