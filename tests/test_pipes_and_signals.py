"""kgtool as a process among others: a reader that leaves early, SIGTERM, a killed parent."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def kgtool_process(*argv: str, **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kgtool", *argv], cwd=ROOT,
                            stderr=subprocess.PIPE, **options)


@pytest.mark.parametrize("argv", [
    ["export"],
    ["query", "-", "--results", "csv"],
])
def test_a_reader_that_leaves_early_is_not_an_error(argv):
    # as in `kgtool export | head -1`; the pipe holds 4 kB, far less than the output (350 kB,
    # 1 MB), so kgtool is still writing when the reader leaves
    reader, writer = os.pipe()
    fcntl.fcntl(writer, fcntl.F_SETPIPE_SZ, 4096)
    process = kgtool_process(*argv, stdin=subprocess.PIPE, stdout=writer)
    os.close(writer)
    process.stdin.write(b"SELECT * WHERE { ?s ?p ?o }")
    process.stdin.close()
    with os.fdopen(reader, "rb") as output:
        first = output.readline()
    errors = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert first and errors == b""


# CPU for ever (2 * 10^11 rows to count) in constant memory: a query that only a kill ends.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def children(pid: int) -> list[int]:
    """The live child processes of ``pid``, read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended while we looked
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be collected


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def endless_query(tmp_path):
    """Start `kgtool query` on ENDLESS with -o FILE (holding older results); yield the process,
    its query child and the output file; kill whatever is left at the end."""
    query = tmp_path / "endless.rq"
    query.write_text(ENDLESS, encoding="utf-8")
    output = tmp_path / "n.csv"
    output.write_text("older results\n", encoding="utf-8")
    process = kgtool_process("query", str(query), "--timeout", "600", "--results", "csv",
                             "-o", str(output), stdout=subprocess.DEVNULL)
    found: list[int] = []
    try:
        assert wait_for(lambda: bool(found.extend(children(process.pid)) or found), 60)
        yield process, found[0], output
    finally:
        for pid in (process.pid, *found):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait()


def test_the_query_process_dies_with_a_killed_kgtool(endless_query):
    process, child, _ = endless_query
    process.kill()
    process.wait()
    assert wait_for(lambda: not alive(child), 5)


def test_sigterm_stops_the_query_and_keeps_the_output_file(endless_query):
    process, child, output = endless_query
    process.terminate()
    assert process.wait(timeout=30) == 2
    assert process.stderr.read() == b"kgtool: error: interrupted (SIGTERM)\n"
    assert not alive(child)
    assert output.read_text(encoding="utf-8") == "older results\n"
    assert sorted(p.name for p in output.parent.iterdir()) == ["endless.rq", "n.csv"]


# SIGTERM arrives while the export is being written into its temporary file.
INTERRUPTED_EXPORT = """
import os, signal, sys
from kgtool import export
from kgtool.cli import main

write = export.export_to
def export_to(output, *args):
    output.write(b"# the first bytes\\n")
    os.kill(os.getpid(), signal.SIGTERM)
    write(output, *args)
export.export_to = export_to
main(sys.argv[1:])
"""


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path):
    output = tmp_path / "claims.ttl"
    output.write_text("# the previous export\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", INTERRUPTED_EXPORT, "export", "-o", str(output)],
                          cwd=ROOT, capture_output=True, check=False, timeout=60)
    assert done.returncode == 2
    assert done.stderr == b"kgtool: error: interrupted (SIGTERM)\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.ttl"]
    assert output.read_text(encoding="utf-8") == "# the previous export\n"
