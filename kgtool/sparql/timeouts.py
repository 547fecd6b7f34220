"""Run a function in a forked child that can be stopped: a time limit for local queries.

Neither Oxigraph nor rdflib can interrupt a query once it runs; a child process can be killed.
The child shares the parent's loaded store copy-on-write, so forking costs milliseconds. It
dies with its parent, however the parent ends (SIGKILL included), and is killed when the parent
stops waiting for it (time limit, SIGTERM, Ctrl-C).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

from kgtool.errors import KgtoolError, QueryError, QueryTimeout

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def run_with_timeout(function: Callable[[], T], timeout: float) -> T:
    """``function()``'s result, or :class:`QueryTimeout` once ``timeout`` seconds have passed."""
    if not hasattr(os, "fork"):  # no fork (Windows): run unguarded rather than not at all
        return function()
    pid, answer = start(function)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        with os.fdopen(answer, "rb") as pipe:
            while True:
                left = deadline - time.monotonic()
                ready, _, _ = select.select([pipe], [], [], max(0.0, left))
                if not ready:
                    raise timed_out(timeout)
                chunk = os.read(pipe.fileno(), 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:  # the child has answered, or must not outlive this wait (timeout, SIGTERM, ^C)
        stop(pid)
    return outcome(b"".join(chunks))


def start(function: Callable[[], Any]) -> tuple[int, int]:
    """Fork a child that runs ``function`` and writes its pickled outcome into a pipe; the
    child's pid and the pipe's read end. Call from a single-threaded process only: a child
    forked beside other threads may inherit a lock one of them held, and wait for it forever."""
    parent = os.getpid()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's cleanup
        try:
            os.close(read_end)
            die_with(parent)
            _answer(function, write_end)
        finally:
            os._exit(0)
    os.close(write_end)
    return pid, read_end


def outcome(answer: bytes) -> Any:
    """The value a child sent, or the error it raised, raised here."""
    if not answer:
        raise QueryError("the query process ended without an answer (out of memory?)")
    status, value = pickle.loads(answer)
    if status == "error":
        raise value
    return value


def timed_out(timeout: float) -> QueryTimeout:
    return QueryTimeout(
        f"the query took longer than {timeout:g} s and was stopped",
        "narrow the query, or raise the timeout",
        options=("timeout",),
    )


def stop(pid: int) -> None:
    """Kill a child (if it still runs) and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def die_with(parent: int) -> None:
    """In a child: get SIGKILL when the parent ends (Linux); and end at once on ^C or a SIGTERM
    sent to the process group, rather than run the parent's handlers, which clean up."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)


def _answer(function: Callable[[], Any], pipe_end: int) -> None:
    try:
        answer: tuple[str, Any] = ("ok", function())
    except KgtoolError as e:
        answer = ("error", e)
    except BaseException as e:
        answer = ("error", QueryError(f"query failed: {type(e).__name__}: {e}"))
    with os.fdopen(pipe_end, "wb") as pipe:
        pickle.dump(answer, pipe, protocol=pickle.HIGHEST_PROTOCOL)
