"""Run a function in a forked child that can be stopped: a time limit for local queries.

Neither Oxigraph nor rdflib can interrupt a query once it runs; a child process can be killed.
The child shares the parent's loaded store copy-on-write, so forking costs milliseconds.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import TypeVar

from kgtool.errors import KgtoolError, QueryError, QueryTimeout

T = TypeVar("T")


def run_with_timeout(function: Callable[[], T], timeout: float) -> T:
    """``function()``'s result, or :class:`QueryError` once ``timeout`` seconds have passed."""
    if not hasattr(os, "fork"):  # no fork (Windows): run unguarded rather than not at all
        return function()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send the pickled outcome, leave without cleanup
        os.close(read_end)
        try:
            outcome = ("ok", function())
        except KgtoolError as e:
            outcome = ("error", e)
        except BaseException as e:
            outcome = ("error", QueryError(f"query failed: {type(e).__name__}: {e}"))
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    with os.fdopen(read_end, "rb") as pipe:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([pipe], [], [], max(0.0, left))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise QueryTimeout(f"the query took longer than {timeout:g} s and was stopped",
                                 "narrow the query, or raise the timeout", options=("timeout",))
            chunk = os.read(pipe.fileno(), 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    os.waitpid(pid, 0)
    if not chunks:
        raise QueryError("the query process ended without an answer (out of memory?)")
    status, value = pickle.loads(b"".join(chunks))
    if status == "error":
        raise value
    return value
