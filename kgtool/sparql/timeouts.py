"""Run a function in a forked child that can be stopped: a time and a memory limit for local
queries.

Neither Oxigraph nor rdflib can interrupt a query once it runs; a child process can be killed.
The child shares the parent's loaded store copy-on-write, so forking costs milliseconds. It
dies with its parent, however the parent ends (SIGKILL included), and is killed when the parent
stops waiting for it (time limit, SIGTERM, Ctrl-C).

Nor can they bound a query's memory: a join of unbound patterns sorted (``ORDER BY``) takes
gigabytes within seconds, whatever the row limit. The child may grow its address space by
``memory`` megabytes past what it inherits (Linux: ``RLIMIT_AS``); an allocation past that
fails, which ends Oxigraph (Rust aborts) or raises MemoryError, and either way the child ends
without an answer, which the parent reports as the limit reached. The child's standard error
goes nowhere: Rust's last words would come between kgtool's own.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

from kgtool.errors import KgtoolError, QueryError, QueryOutOfMemory, QueryTimeout

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def run_with_timeout(function: Callable[[], T], timeout: float, memory: int | None = None) -> T:
    """``function()``'s result, or :class:`QueryTimeout` once ``timeout`` seconds have passed,
    or :class:`QueryOutOfMemory` once it needs ``memory`` megabytes more than this process."""
    if not hasattr(os, "fork"):  # no fork (Windows): run unguarded rather than not at all
        return function()
    pid, answer = start(function, memory)
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
    return outcome(b"".join(chunks), memory)


def start(function: Callable[[], Any], memory: int | None = None) -> tuple[int, int]:
    """Fork a child that runs ``function`` (with ``memory`` megabytes to grow by, when given)
    and writes its pickled outcome into a pipe; the child's pid and the pipe's read end. Call
    from a single-threaded process only: a child forked beside other threads may inherit a lock
    one of them held, and wait for it forever."""
    parent = os.getpid()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's cleanup
        try:
            os.close(read_end)
            die_with(parent)
            if memory is not None:
                _limit_memory(memory)
            _answer(function, write_end)
        finally:
            os._exit(0)
    os.close(write_end)
    return pid, read_end


def outcome(answer: bytes, memory: int | None = None) -> Any:
    """The value a child sent, or the error it raised, raised here; a child that sent nothing
    ran out of memory (at ``memory`` megabytes, when it had a limit)."""
    if not answer:
        if memory is None:
            raise QueryError("the query process ended without an answer (out of memory?)")
        raise out_of_memory(memory)
    status, value = pickle.loads(answer)
    if status == "error":
        raise value
    return value


def out_of_memory(memory: int) -> QueryOutOfMemory:
    return QueryOutOfMemory(
        f"the query needed more than {memory} MB of memory and was stopped",
        "narrow the query, or raise the memory limit",
        options=("max_query_memory",),
    )


def _limit_memory(memory: int) -> None:
    """In a child: let its address space grow by ``memory`` megabytes at most, past what it
    inherits; and silence its standard error. Where the size is not known (no /proc), no limit."""
    import resource

    try:
        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return
    limit = size + (memory << 20)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:  # a lower limit set by the system binds already
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    faulthandler.disable()  # it writes to a standard error of its own, on the abort too


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
    except MemoryError:  # the memory limit, met in Python: end as when Oxigraph meets it
        os._exit(1)
    except BaseException as e:
        answer = ("error", QueryError(f"query failed: {type(e).__name__}: {e}"))
    with os.fdopen(pipe_end, "wb") as pipe:
        pickle.dump(answer, pipe, protocol=pickle.HIGHEST_PROTOCOL)
