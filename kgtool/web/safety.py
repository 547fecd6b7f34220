"""What keeps ``kgtool serve`` safe to open: the headers of every response, the Host check and
the cap on request bodies (which IRIs become links is :mod:`kgtool.html.links`).

The data is not trusted: the pages forbid every script (Content-Security-Policy) in case
something slips through the escaping. A web page a visitor opens elsewhere can make the
browser send requests to the server (a form POST to /sparql, or a name of its own resolving to
127.0.0.1): the Host header must name this server, and a body is refused past a small cap
before it is read whole.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def content_security_policy(styles: Iterable[str]) -> str:
    """No script, no plugin, no frame, nothing loaded from elsewhere: only the pages' own
    inline style sheets, each allowed by its hash; forms (search, SPARQL) submit to this server
    only."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode() + "'"
        for css in styles
    )
    return (
        f"default-src 'none'; style-src {hashes}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


def allowed_hosts(bind: str, base: str) -> list[str]:
    """The Host names a request may carry: the address listened on, the host of the base IRI,
    and the loopback names when listening on loopback; any name when listening on every
    interface (the server is then reached under names it cannot know)."""
    try:
        address = ipaddress.ip_address(bind)
    except ValueError:  # a host name
        loopback = LOOPBACK_NAMES if bind.lower() == "localhost" else ()
        return [bind.lower(), *_base_host(base), *loopback]
    if address.is_unspecified:
        return ["*"]
    spelled = f"[{address}]" if address.version == 6 else str(address)
    return [spelled, *_base_host(base), *(LOOPBACK_NAMES if address.is_loopback else ())]


def _base_host(base: str) -> list[str]:
    host = urlsplit(base).hostname
    return [host] if host else []


def security_headers(policy: str) -> dict[str, str]:
    """The Content-Security-Policy and ``X-Content-Type-Options: nosniff`` (a Turtle body is
    never run as script or styled as HTML)."""
    return {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff"}


class SecurityHeaders:
    """Adds :func:`security_headers` to every response but a 500, which Starlette sends from
    outside every middleware (:func:`internal_error` carries them itself)."""

    def __init__(self, app: ASGIApp, policy: str) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in security_headers(policy).items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, send_with_headers if scope["type"] == "http" else send)


def internal_error(policy: str) -> Callable[[Request, Exception], Awaitable[Response]]:
    """The answer to an error kgtool did not foresee: a 500 with the security headers."""

    async def answer(request: Request, error: Exception) -> Response:
        return PlainTextResponse("Internal Server Error\n", status_code=500, headers=security_headers(policy))

    return answer


class BodyLimit:
    """413 for a request body over ``max_bytes``: at once from its Content-Length, or as soon
    as a body sent in chunks passes the cap."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> str:
        return f"Payload Too Large: a request body may have {self.max_bytes} bytes at most\n"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await PlainTextResponse(self._too_large(), status_code=413)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise HTTPException(413, self._too_large())
            return message

        await self.app(scope, counted, send)
