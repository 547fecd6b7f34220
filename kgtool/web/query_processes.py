"""The queries of ``kgtool serve`` run in processes forked by a helper started before serving.

Forking the web server itself, from a thread of its pool, can give the child a lock that
another thread held at that moment, which the child then waits for forever; and every slow
query held one of the pool's 40 threads, so that 40 slow queries stalled the whole server.
The helper is forked while kgtool is still single-threaded, and stays so: it reads queries from
a pipe, forks one process per query (:mod:`kgtool.sparql.timeouts`), kills it at the time limit, and
sends each answer back. The server awaits answers on its event loop, holding no thread, so a
trivial query is answered at once beside many slow ones. The helper, and every query process,
dies with the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import pickle
import select
import signal
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from kgtool.errors import QueryError
from kgtool.sparql import timeouts as sandbox

_SIZE = struct.Struct("!I")
# Only the newest queries, one per core, keep the normal CPU priority; older ones get the
# lowest, so that however many slow queries run, a new one starts and ends at once, and the
# server and helper get the CPU to take queries, start them and stop them at their limit.
NEWEST = os.cpu_count() or 1
OLDER_NICENESS = 19


class Unavailable(QueryError):
    """No query can run now: too many are running, or the helper has ended."""


class QueryProcesses:
    """Run ``run(sparql)`` in a fresh process per query, ``timeout`` seconds and ``memory``
    megabytes (past what the process inherits) at most, and at most ``max_running`` at once.
    Create it before any thread is started."""

    def __init__(
        self, run: Callable[[str], Any], timeout: float, max_running: int, memory: int | None = None
    ) -> None:
        self.max_running = max_running
        self.memory = memory
        requests_out, requests_in = os.pipe()
        answers_out, answers_in = os.pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the helper
            try:
                os.close(requests_in)
                os.close(answers_out)
                sandbox.die_with(parent)
                _Helper(run, timeout, answers_in, memory).serve(requests_out)
            finally:
                os._exit(0)
        os.close(requests_out)
        os.close(answers_in)
        self._requests = requests_in
        self._pending: dict[int, asyncio.Future] = {}
        self._lock = threading.Lock()  # _pending and _ended
        # Whole messages on the request pipe. Not self._lock: a sender waiting for the helper
        # to read must not keep the answers thread from draining what the helper writes.
        self._sending = threading.Lock()
        self._ids = itertools.count()
        self._ended = False
        threading.Thread(
            target=self._receive, args=(answers_out,), daemon=True, name="kgtool-query-answers"
        ).start()

    async def run(self, sparql: str) -> Any:
        """The query's result; its error (QueryTimeout at the time limit) raised here."""
        future = asyncio.get_running_loop().create_future()
        with self._lock:
            if self._ended:
                raise _helper_ended()
            if len(self._pending) >= self.max_running:
                raise Unavailable(f"{self.max_running} queries are running", "retry later")
            request = next(self._ids)
            self._pending[request] = future
        try:
            try:
                with self._sending:
                    _send(self._requests, (request, sparql))
            except OSError:  # the helper has just ended
                raise _helper_ended() from None
            return await future
        except asyncio.CancelledError:  # the client left: stop its query now
            with self._sending, contextlib.suppress(OSError):
                _send(self._requests, (request, None))
            raise
        finally:
            with self._lock:
                self._pending.pop(request, None)

    def close(self) -> None:
        """End the helper (it kills the queries still running) and wait for it."""
        os.close(self._requests)
        sandbox.stop(self.pid)

    def _receive(self, answers: int) -> None:
        """In a thread: settle each waiting query with its answer, decoded here rather than on
        the event loop; when the helper ends, fail every query still waiting."""
        messages = _Messages()
        while chunk := os.read(answers, 1 << 20):
            for request, answer in messages.feed(chunk):
                self._deliver(request, _settling(answer, self.memory))
        with self._lock:
            self._ended = True
            waiting = list(self._pending)
        for request in waiting:
            self._deliver(request, partial(_settle, error=_helper_ended()))

    def _deliver(self, request: int, settle: Callable[..., None]) -> None:
        with self._lock:
            future = self._pending.get(request)
        if future is not None:
            with contextlib.suppress(RuntimeError):  # its event loop has closed
                future.get_loop().call_soon_threadsafe(settle, future)


def _helper_ended() -> Unavailable:
    return Unavailable("the query helper process has ended", "restart kgtool serve")


def _settling(answer: bytes | BaseException, memory: int | None) -> Callable[[asyncio.Future], None]:
    """How to settle a query's future with what the helper sent: the pickled outcome of the
    query's process (none: it met its memory limit), or an error of the helper's own (the time
    limit)."""
    if not isinstance(answer, bytes):
        return partial(_settle, error=answer)
    try:
        return partial(_settle, result=sandbox.outcome(answer, memory))
    except Exception as e:  # the error the query raised in its process
        return partial(_settle, error=e)


def _settle(future: asyncio.Future, result: Any = None, error: BaseException | None = None) -> None:
    if future.done():  # cancelled meanwhile
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


@dataclass
class _Running:
    request: int
    pid: int
    deadline: float
    demoted: bool = False
    chunks: list[bytes] = field(default_factory=list)


class _Helper:
    """The helper process: single-threaded, so forking it is safe."""

    def __init__(self, run: Callable[[str], Any], timeout: float, answers: int, memory: int | None) -> None:
        self.run = run
        self.timeout = timeout
        self.memory = memory
        self.answers = answers
        self.running: dict[int, _Running] = {}  # by the read end of each query's pipe

    def serve(self, requests: int) -> None:
        # The kernel reaps ended queries: waiting for a killed one, which has the lowest
        # priority, held the helper up for a second or more on a busy machine.
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)
        messages = _Messages()
        while True:
            due = min((r.deadline for r in self.running.values()), default=None)
            ready, _, _ = select.select(
                [requests, *self.running], [], [], None if due is None else max(0.0, due - time.monotonic())
            )
            for pipe in ready:
                if pipe != requests:
                    self._read(pipe)
                    continue
                chunk = os.read(requests, 1 << 20)
                if not chunk:  # the server has ended: so do its queries
                    for pipe in list(self.running):
                        self._end(pipe)
                    return
                for request, sparql in messages.feed(chunk):
                    if sparql is None:
                        self._cancel(request)
                    else:
                        self._start(request, sparql)
            now = time.monotonic()
            for pipe, running in list(self.running.items()):
                if running.deadline <= now:
                    self._end(pipe)
                    _send(self.answers, (running.request, sandbox.timed_out(self.timeout)))

    def _start(self, request: int, sparql: str) -> None:
        try:
            pid, pipe = sandbox.start(partial(self.run, sparql), self.memory)
        except OSError as e:  # no process to be had (memory, process limit): this query fails
            _send(
                self.answers,
                (request, QueryError(f"cannot start a query process ({e.strerror})", "retry later")),
            )
            return
        self.running[pipe] = _Running(request, pid, time.monotonic() + self.timeout)
        normal = [r for r in self.running.values() if not r.demoted]  # oldest first
        for older in normal[:-NEWEST]:
            older.demoted = True
            with contextlib.suppress(OSError):  # it has just ended
                os.setpriority(os.PRIO_PROCESS, older.pid, OLDER_NICENESS)

    def _read(self, pipe: int) -> None:
        chunk = os.read(pipe, 1 << 20)
        if chunk:
            self.running[pipe].chunks.append(chunk)
            return
        done = self._end(pipe)  # the whole answer has arrived
        _send(self.answers, (done.request, b"".join(done.chunks)))

    def _cancel(self, request: int) -> None:
        for pipe, running in list(self.running.items()):
            if running.request == request:
                self._end(pipe)

    def _end(self, pipe: int) -> _Running:
        running = self.running.pop(pipe)
        os.close(pipe)
        with contextlib.suppress(ProcessLookupError):
            os.kill(running.pid, signal.SIGKILL)
        return running


def _send(pipe: int, message: object) -> None:
    """One message: its size, then its pickle."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_SIZE.pack(len(data)) + data)
    while view:
        view = view[os.write(pipe, view) :]


class _Messages:
    """Messages read off a pipe in chunks, each returned once complete."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def feed(self, chunk: bytes) -> list[Any]:
        self.buffer += chunk
        complete = []
        while len(self.buffer) >= _SIZE.size:
            (size,) = _SIZE.unpack_from(self.buffer)
            if len(self.buffer) < _SIZE.size + size:
                break
            complete.append(pickle.loads(self.buffer[_SIZE.size : _SIZE.size + size]))
            del self.buffer[: _SIZE.size + size]
        return complete
