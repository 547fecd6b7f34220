"""kgtool as a process among others: a reader that leaves early, SIGTERM, a killed parent."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
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
