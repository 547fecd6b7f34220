"""HTTP to SPARQL stores: credentials from the URL or the environment, given only to the host
named.

Credentials (the user and password of the endpoint's URL, else ``KGTOOL_ENDPOINT_USER`` and
``KGTOOL_ENDPOINT_PASSWORD``) are never printed, and sent only when the store asks for them, in
the scheme it asks for: Basic (Oxigraph behind a proxy, Fuseki) or Digest
(Virtuoso's ``/sparql-auth`` and ``/sparql-graph-crud-auth``). requests does the Digest work: it
rewinds a file body for the retry and reuses the server's nonce afterwards, so that a large
upload that follows a small first request is sent once, with its credentials.

A redirect to another host is refused, not followed: neither the credentials nor the data go
anywhere but where the user said.
"""

from __future__ import annotations

import os
import re
from typing import IO
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from kgtool.errors import EndpointError
from kgtool.version import __version__

USER_ENV, PASSWORD_ENV = "KGTOOL_ENDPOINT_USER", "KGTOOL_ENDPOINT_PASSWORD"


class _SameHostSession(requests.Session):
    def get_redirect_target(self, resp: requests.Response) -> str | None:
        target = super().get_redirect_target(resp)
        # requests' own test for "another host" (it would only drop the credentials there)
        if target and self.should_strip_auth(resp.url, urljoin(resp.url, target)):
            raise EndpointError(
                f"{resp.url}: the server redirects to another host ({urljoin(resp.url, target)}); "
                "kgtool does not follow it",
                "give the address of the store itself",
                options=("endpoint",),
            )
        return target


Credentials = tuple[str, str]


def without_credentials(url: str) -> tuple[str, Credentials | None]:
    """``url`` without its user information, and the user and password that held (requests
    would send them as Basic to whoever answers, and every message would print them)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    stripped = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    user = unquote(parts.username or "")
    return stripped, ((user, unquote(parts.password or "")) if user else None)


def shown(url: str) -> str:
    """An address as messages may print it: whatever precedes an ``@`` in its authority, even
    in a text that is no http(s) URL, left out."""
    return re.sub(r"^([^/]*//)?[^/]*@", r"\1", url)


def _detail(body: str) -> str:
    """The store's own words on an error, one line: Virtuoso wraps them in an HTML page."""
    words = " ".join(re.sub(r"<[^>]*>", " ", body).split())[:300]
    return f": {words}" if words else ""


def _auth_for(challenge: str, given: Credentials | None) -> AuthBase | None:
    """The credentials of the URL, else of the environment, in the scheme of the server's
    WWW-Authenticate."""
    user, password = given or (os.environ.get(USER_ENV, ""), os.environ.get(PASSWORD_ENV, ""))
    if not (user and (password or given)):  # a URL may give a user without a password
        return None
    if "digest" in challenge.lower():
        return HTTPDigestAuth(user, password)
    return HTTPBasicAuth(user, password)


class Client:
    """One conversation with one store: the credentials' scheme is learnt on the first 401.
    ``credentials`` are those of the store's URL (:func:`without_credentials`)."""

    def __init__(self, timeout: float, credentials: Credentials | None = None) -> None:
        self.timeout = timeout
        self.credentials = credentials
        self.session = _SameHostSession()
        self.session.headers["User-Agent"] = f"kgtool/{__version__}"

    def request(
        self,
        method: str,
        url: str,
        *,
        data: bytes | IO[bytes] | dict | None = None,
        headers: dict[str, str] | None = None,
        params: dict | None = None,
    ) -> requests.Response:
        """The store's answer, or :class:`EndpointError` (one line) for an HTTP error or none."""
        stream = None if data is None or isinstance(data, bytes | dict) else data
        start = stream.tell() if stream is not None else None
        response = self._send(method, url, data, headers, params)
        if response.status_code == 401 and self.session.auth is None:
            auth = _auth_for(response.headers.get("WWW-Authenticate", ""), self.credentials)
            if auth is not None:
                self.session.auth = auth
                if stream is not None and start is not None:
                    stream.seek(start)
                response = self._send(method, url, data, headers, params)
        if response.status_code == 401:
            hint = (
                "check the user and password in the store's URL"
                if self.credentials
                else "check KGTOOL_ENDPOINT_USER and KGTOOL_ENDPOINT_PASSWORD"
                if self.session.auth
                else "the store asks for credentials: set KGTOOL_ENDPOINT_USER and KGTOOL_ENDPOINT_PASSWORD"
            )
            raise EndpointError(f"{url}: HTTP 401 {response.reason}", hint)
        if response.status_code >= 400:
            raise EndpointError(
                f"{url}: HTTP {response.status_code} {response.reason}" + _detail(response.text[:2000]),
                "check the store's URL and the request",
            )
        return response

    def _send(self, method: str, url: str, data, headers, params) -> requests.Response:
        try:
            return self.session.request(
                method, url, data=data, headers=headers, params=params, timeout=self.timeout
            )
        except requests.Timeout:
            raise EndpointError(
                f"{url}: no answer within {self.timeout:g} s", "raise the timeout", options=("timeout",)
            ) from None
        except requests.RequestException as e:
            reason = (str(e).splitlines() or [type(e).__name__])[0][:200]
            raise EndpointError(
                f"{url}: cannot reach the store ({reason})",
                "check the address, or raise the timeout",
                options=("timeout",),
            ) from None
