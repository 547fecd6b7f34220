"""No network unless the user asked for it.

Libraries kgtool uses reach out on their own (rdflib fetches JSON-LD contexts and SERVICE
endpoints, pyshacl follows owl:imports). Inside :func:`offline`, a Python audit hook turns any
outgoing connection or URL open into :class:`NetworkRefused`, whichever library attempts it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from kgtool.errors import NetworkRefused

_offline: ContextVar[bool] = ContextVar("kgtool_offline", default=False)
_hook_installed = False
_GUARDED = {"socket.connect", "socket.getaddrinfo", "urllib.Request"}


def _hook(event: str, args: tuple) -> None:
    if event in _GUARDED and _offline.get():
        target = args[0] if event == "urllib.Request" else args[1] if len(args) > 1 else args
        raise NetworkRefused(
            f"refused to reach {target!r} over the network while reading local data",
            "kgtool does not fetch remote documents by default; allow network access to let it",
            options=("allow_network",),
        )


@contextmanager
def offline(enabled: bool = True) -> Iterator[None]:
    """Refuse network access inside the block (a no-op when ``enabled`` is false)."""
    global _hook_installed
    if not _hook_installed:
        sys.addaudithook(_hook)  # hooks cannot be removed: it stays, inert outside the block
        _hook_installed = True
    token = _offline.set(enabled)
    try:
        yield
    finally:
        _offline.reset(token)
