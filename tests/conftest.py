"""Shared fixtures: the repository root, the article snapshot, a CLI runner."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgtool.snapshot import ARTICLE_ENV

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_NAME = "iraq-iran-power-centres.txt"
#: How the CLI words an exception it did not foresee (kgtool.cli.program.KgtoolGroup).
UNEXPECTED = "kgtool: error: unexpected "


def find_article() -> Path | None:
    candidates = [os.environ.get(ARTICLE_ENV), ROOT.parent / "shared" / "article" / SNAPSHOT_NAME]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


#: Fixtures that start a server on 127.0.0.1: a test that uses one, however indirectly, is a
#: ``network`` test, so that ``-m "not network"`` never starts a server.
SERVER_FIXTURES = frozenset({"local_server", "start_oxigraph", "start_virtuoso", "http_server", "live"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.network)


@pytest.fixture(scope="session")
def article_path() -> Path:
    """The article snapshot; in CI its absence is a failure, elsewhere a skip with the reason."""
    path = find_article()
    if path is None:
        message = f"article snapshot not found: set {ARTICLE_ENV} or put it in ../shared/article/"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def polnear_path() -> Path:
    """The PolNeAR train and dev splits (issue 19); in CI their absence is a failure."""
    path = ROOT.parent / "shared" / "corpora" / "polnear"
    if not (path / "train" / "text").is_dir() or not (path / "dev" / "text").is_dir():
        message = f"PolNeAR corpus not found: put its train and dev splits in {path}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def kgtool(runner):
    """Invoke the CLI in-process: kgtool("audit", "--format", "json")."""
    from kgtool.cli.program import cli

    def invoke(*args: str, input: str | bytes | None = None):
        result = runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        # An error kgtool did not foresee is a bug whatever exit code the test expects: exit 2
        # with "unexpected ..." must never pass for a handled bad input.
        assert UNEXPECTED not in result.stderr, result.stderr
        return result

    return invoke


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def spawn_server(argv: list[str], probe_url: str, seconds: float = 20):
    """Start a server process and wait until ``probe_url`` answers; RuntimeError (the process
    stopped) if it exits first or does not answer in time."""
    import subprocess
    import time
    import urllib.request

    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(probe_url, timeout=2):
                return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop_server(process)
                raise RuntimeError(f"{argv[0]} {argv[1]} did not start") from None
            time.sleep(0.1)


def stop_server(process) -> None:
    """SIGTERM, then SIGKILL if it has not ended within 10 s."""
    import subprocess

    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


class OxigraphServer:
    """A real Oxigraph SPARQL server on 127.0.0.1, stopped by its process id: read-only and
    loaded from files, or, given no files, empty and writable (for kgtool push)."""

    def __init__(self, files: list[Path], workdir: Path) -> None:
        import shutil
        import subprocess
        import sys

        binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        if not Path(binary).exists():
            raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
        location = workdir / "store"
        if files:
            subprocess.run(
                [binary, "load", "--location", str(location), "--file", *map(str, files)],
                check=True,
                capture_output=True,
            )
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.url = f"{self.base}/query"
        mode = "serve-read-only" if files else "serve"
        self.process = spawn_server(
            [
                binary,
                mode,
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            self.url + "?query=ASK%7B%7D",
        )

    def stop(self) -> None:
        stop_server(self.process)


@pytest.fixture(scope="session")
def local_server():
    """(free_port, spawn_server, stop_server) for a test that starts a server of its own."""
    return free_port, spawn_server, stop_server


class VirtuosoServer:
    """A private OpenLink Virtuoso (Debian's virtuoso-opensource) on 127.0.0.1: its own ini and
    database in ``workdir``, ports chosen free, in the foreground, stopped by its process id;
    never the system service (which, if the package started one, listens on other ports).

    Its union default graph is what /sparql reads; kgtool push loads a named graph through
    the Digest-protected Graph Store endpoint, as user dba (a fresh database's only account)."""

    USER = PASSWORD = "dba"
    GRAPH = "https://w3id.org/kgtool/graph/test"

    def __init__(self, workdir: Path, max_rows: int) -> None:
        import shutil

        binary = shutil.which("virtuoso-t")
        if binary is None:
            raise RuntimeError("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
        sql_port, http_port = free_port(), free_port()
        ini = workdir / "virtuoso.ini"
        ini.write_text(
            VIRTUOSO_INI.format(dir=workdir, sql_port=sql_port, http_port=http_port, max_rows=max_rows)
        )
        self.sql_port = sql_port  # for isql-vt (the benchmark's bulk load)
        self.base = f"http://127.0.0.1:{http_port}"
        self.url = f"{self.base}/sparql"
        self.store = f"{self.base}/sparql-graph-crud-auth"
        self.process = spawn_server(
            [binary, "+foreground", "+configfile", str(ini)], self.url + "?query=ASK%7B%7D", seconds=60
        )

    def push(self, files: list[Path], graph: str = GRAPH) -> None:
        """Load ``files`` into ``graph`` with kgtool push, credentials in the environment only."""
        from kgtool.cli.program import cli

        args = ["push", "-e", self.store, "--graph", graph]
        for path in files:
            args += ["-d", str(path)]
        result = CliRunner().invoke(
            cli, args, env={"KGTOOL_ENDPOINT_USER": self.USER, "KGTOOL_ENDPOINT_PASSWORD": self.PASSWORD}
        )
        if result.exit_code != 0:  # kgtool's failure, not a missing server: never a skip
            pytest.fail(f"kgtool push to Virtuoso failed: {result.output}")

    def stop(self) -> None:
        stop_server(self.process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {dir}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 300
"""


def _servers(kind: str, make):
    """A starter of servers (``make(workdir, *args)``) for a session fixture, and their list.

    Outside CI a machine without the server skips; in CI that is a failure."""
    servers: list = []

    def start(*args, **kwargs):
        try:
            server = make(*args, **kwargs)
        except (RuntimeError, OSError) as e:
            if os.environ.get("CI"):
                pytest.fail(f"cannot start the {kind} server: {e}")
            pytest.skip(f"cannot start the {kind} server: {e}")
        servers.append(server)
        return server

    return start, servers


@pytest.fixture(scope="session")
def start_oxigraph(tmp_path_factory):
    """Start Oxigraph servers on demand; every one is stopped at the end of the session."""
    start, servers = _servers(
        "Oxigraph", lambda files: OxigraphServer(files, tmp_path_factory.mktemp("oxigraph"))
    )
    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def start_virtuoso(tmp_path_factory):
    """Start Virtuoso servers on demand, loaded with ``files`` by kgtool push (with ``copies`` 2,
    into a second named graph too: its default graph, the union, holds every triple twice), a
    result capped at ``max_rows`` rows (ResultSetMaxRows); every one is stopped at the end of
    the session."""

    def make(files: list[Path], max_rows: int = 1_000_000, copies: int = 1) -> VirtuosoServer:
        server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"), max_rows)
        try:
            for graph in (VirtuosoServer.GRAPH, "https://example.org/copy")[:copies]:
                server.push(files, graph)
        except BaseException:
            server.stop()
            raise
        return server

    start, servers = _servers("Virtuoso", make)
    yield start
    for server in servers:
        server.stop()


class RecordingServer:
    """An HTTP server on ``host`` (127.0.0.1 unless told) that records every request and gives
    one fixed answer; with ``basic_realm``, a request without credentials gets a Basic challenge."""

    def __init__(
        self,
        status: int = 200,
        body: bytes = b"",
        content_type: str = "text/plain",
        headers: dict[str, str] | None = None,
        host: str = "127.0.0.1",
        basic_realm: str | None = None,
    ) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.requests: list[dict] = []
        recorded = self.requests

        class Handler(BaseHTTPRequestHandler):
            def answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                recorded.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length),
                    }
                )
                challenge = basic_realm is not None and "Authorization" not in self.headers
                self.send_response(401 if challenge else status)
                if challenge:
                    self.send_header("WWW-Authenticate", f'Basic realm="{basic_realm}"')
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.url = f"http://{host}:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def paths(self) -> list[str]:
        return [r["path"] for r in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def http_server():
    """Start recording servers on demand: http_server(status=500, body=b"boom")."""
    servers: list[RecordingServer] = []

    def start(**answer) -> RecordingServer:
        servers.append(RecordingServer(**answer))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


# --- kgtool serve: the site in-process, and a real server ----------------------------------------


@contextmanager
def served(paths=(), **options):
    """The site over ``paths`` (default: the shipped graph; queries stopped after 2 s) and an
    in-process client of it; its query processes stopped on leaving."""
    from starlette.testclient import TestClient

    from kgtool import web
    from kgtool.inputs import loading

    built = web.build_site(
        *loading.Inputs(tuple(str(p) for p in paths)).quads_and_engine(),
        "https://w3id.org/kgtool/",
        **{"query_timeout": 2, "max_rows": 1000, **options},
    )
    try:
        yield built, TestClient(web.create_app(built), base_url="http://127.0.0.1:8000")
    finally:
        built.queries.close()


@pytest.fixture(scope="session")
def serve_over():
    """``with serve_over([paths], **options) as (site, client)``: a site of one's own."""
    return served


@pytest.fixture(scope="module")
def site():
    """The served site over the shipped graph (queries stopped after 2 s)."""
    from kgtool.publish.dataset_info import SHIPPED

    with served(dataset=SHIPPED) as (built, _):
        yield built


@pytest.fixture(scope="module")
def client(site):
    from starlette.testclient import TestClient

    from kgtool import web

    return TestClient(web.create_app(site), base_url="http://127.0.0.1:8000")


@pytest.fixture(scope="module")
def live(local_server):
    """The URL of a real ``kgtool serve`` on a free loopback port, stopped by its process id."""
    import sys

    free_port, spawn_server, stop_server = local_server
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    article = find_article()  # the article page then shows its text (kgtool serve -a)
    command = [sys.executable, "-m", "kgtool", "serve", "--port", str(port)]
    try:
        with_text = command + (["-a", str(article)] if article else [])
        process = spawn_server(with_text, url + "/sparql", seconds=60)
    except RuntimeError:
        pytest.fail("kgtool serve did not start")
    yield url
    stop_server(process)
