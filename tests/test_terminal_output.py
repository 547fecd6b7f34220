"""Data cannot drive the user's terminal: control characters are escaped in the results table
and on a terminal, and kept exact in files and pipes."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from kgtool.terminal import EscapingWriter, escape_controls

# OSC 52 (set the clipboard to "Hello"), ended by BEL; then a C1 CSI that turns text red.
PAYLOAD = "before\x1b]52;c;SGVsbG8=\x07after\x9b31mred"
SHOWN = "before\\x1b]52;c;SGVsbG8=\\x07after\\x9b31mred"
QUERY = "SELECT ?o WHERE { ?s ?p ?o }"


@pytest.fixture
def hostile(tmp_path) -> Path:
    data = tmp_path / "osc.ttl"
    data.write_text(
        '<urn:x> <urn:p> "before\\u001B]52;c;SGVsbG8=\\u0007after\\u009B31mred" .\n', encoding="utf-8"
    )
    return data


def test_the_table_shows_control_characters_escaped(kgtool, hostile):
    result = kgtool("query", "-", "-d", str(hostile), "--no-ontology", input=QUERY)
    assert result.exit_code == 0
    assert SHOWN in result.stdout and "\x1b" not in result.stdout and "\x9b" not in result.stdout


def test_csv_to_a_pipe_or_file_stays_exact(kgtool, hostile, tmp_path):
    args = ("query", "-", "-d", str(hostile), "--no-ontology", "--results", "csv")
    piped = kgtool(*args, input=QUERY)
    assert piped.stdout_bytes == f"o\r\n{PAYLOAD}\r\n".encode()
    kgtool(*args, "-o", str(tmp_path / "o.csv"), input=QUERY)
    assert (tmp_path / "o.csv").read_bytes() == f"o\r\n{PAYLOAD}\r\n".encode()


def on_a_terminal(argv: list[str]) -> bytes:
    """What kgtool writes to stdout when stdout is a (pseudo-)terminal."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "kgtool", *argv],
        stdout=terminal,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the process closed its end
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert process.wait(timeout=60) == 0
    return shown


@pytest.mark.parametrize(
    "argv",
    [
        ["query", QUERY, "--results", "csv"],
        ["query", QUERY, "--results", "tsv"],
        ["export", "--to", "ntriples"],
    ],
)
def test_on_a_terminal_every_format_is_escaped(hostile, tmp_path, argv):
    query = tmp_path / "q.rq"
    query.write_text(QUERY, encoding="utf-8")
    argv = [str(query) if a == QUERY else a for a in argv]
    shown = on_a_terminal([*argv, "-d", str(hostile), "--no-ontology"])
    assert b"\x1b" not in shown and "\x9b".encode() not in shown and b"\x07" not in shown
    assert b"\\x1b]52;c;SGVsbG8=" in shown or b"\\u001B]52" in shown  # N-Triples escapes itself


def test_writer_escapes_across_split_writes():
    import io

    sink = io.BytesIO()
    writer = EscapingWriter(sink)  # a UTF-8 C1 character and a CRLF, each cut in two
    for piece in (b"a\xc2", b"\x9bb\r", b"\nc\r", b"d\r"):
        writer.write(piece)
    writer.finish()
    assert sink.getvalue() == b"a\\x9bb\r\nc\\rd\\r"


def test_escape_keeps_tabs_and_line_ends_unless_asked():
    assert escape_controls("a\tb\r\nc\x00") == "a\tb\r\nc\\x00"
    assert escape_controls("a\tb\r\nc", keep_layout=False) == "a\\tb\\r\\nc"


def test_an_error_message_is_one_line_whatever_the_file_name_holds(kgtool, tmp_path):
    name = str(tmp_path / "x\x1b]52;c;SGVsbG8=\x07\ny.ttl")
    result = kgtool("audit", "-d", name)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "\x1b" not in result.stderr
    assert "x\\x1b]52;c;SGVsbG8=\\x07\\ny.ttl" in result.stderr
