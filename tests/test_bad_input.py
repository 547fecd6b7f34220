"""Bad input of every kind: one line naming the input (and the position), exit 2, no traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&g;</ex:p></rdf:Description>
</rdf:RDF>
"""


def one_line_exit_2(result, *fragments: str) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kgtool: error: "), result.stderr
    assert "Traceback" not in result.output
    assert "unexpected" not in lines[0], lines[0]  # a handled error, not a crash turned exit 2
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


CASES = {
    "empty.ttl": (b"", "empty input"),
    "binary.ttl": (bytes(range(256)) * 4, "line 1"),
    "truncated.ttl": (b"@prefix ex: <http://example.org/> .\nex:a ex:b \"unfinished", "line 2"),
    "bad-iri.ttl": (b"<http://exa mple.org/a> <http://example.org/b> <http://example.org/c> .",
                    "line 1"),
    "latin1.ttl": ('<urn:a> <urn:b> "caf\xe9" .'.encode("latin-1"), "line 1"),
    "wrong-extension.ttl": (b'{"@id": "http://example.org/a"}', "line 1"),
    "laughs.rdf": (BILLION_LAUGHS.encode(), "entity declarations"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_files(kgtool, tmp_path, name):
    content, fragment = CASES[name]
    path = tmp_path / name
    path.write_bytes(content)
    one_line_exit_2(kgtool("query", "-d", str(path), "-", input=QUERY), str(path), fragment)


def test_billion_laughs_is_refused_quickly(kgtool, tmp_path):
    path = tmp_path / "laughs.rdf"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    started = time.monotonic()
    for command in ("query", "export"):
        args = [command, "-d", str(path)] + (["-", ] if command == "query" else [])
        one_line_exit_2(kgtool(*args, input=QUERY), "entity declarations")
    # a sanity bound, not a benchmark: expanding this file would take gigabytes
    assert time.monotonic() - started < 30


def test_directory_and_missing_file(kgtool, tmp_path):
    one_line_exit_2(kgtool("audit", "-d", str(tmp_path)), "is a directory")
    one_line_exit_2(kgtool("validate", "-d", str(tmp_path / "nope.ttl")), "no such file")


def test_size_limit(kgtool, tmp_path):
    path = tmp_path / "big.ttl"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n" * 100, encoding="utf-8")
    one_line_exit_2(kgtool("audit", "-d", str(path), "--max-bytes", "100"), "--max-bytes")


def test_ill_typed_literal_is_kept_and_reported_without_traceback(kgtool, tmp_path):
    path = tmp_path / "ill.ttl"
    path.write_text('<urn:a> <urn:b> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
                    encoding="utf-8")
    result = kgtool("query", "-d", str(path), "-", "--results", "tsv",
                    input="SELECT ?o WHERE { ?s ?p ?o }")
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert '"abc"^^<http://www.w3.org/2001/XMLSchema#integer>' in result.stdout


@pytest.mark.parametrize("depth", [2000])
def test_deep_nesting(kgtool, tmp_path, depth):
    nested = tmp_path / "deep.ttl"
    nested.write_text("<urn:a> <urn:p> " + "[ <urn:p> " * depth + "1" + " ]" * depth + " .\n",
                      encoding="utf-8")
    collection = tmp_path / "list.ttl"
    collection.write_text("<urn:a> <urn:p> " + "(" * depth + ")" * depth + " .\n",
                          encoding="utf-8")
    for path in (nested, collection):
        result = kgtool("query", "-d", str(path), "-", input=QUERY)
        assert result.exit_code in (0, 2) and "Traceback" not in result.output
        assert "unexpected" not in result.stderr, result.stderr
        if result.exit_code == 2:
            one_line_exit_2(result, str(path))


def test_slow_endpoint_times_out(kgtool):
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []

    def accept_and_never_answer() -> None:
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:  # closed
                return

    threading.Thread(target=accept_and_never_answer, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.getsockname()[1]}/sparql"
        one_line_exit_2(kgtool("audit", "-e", url, "--timeout", "1"), url)
        # the audit gives up at the first timeout: of its 10 queries, only those already sent
        # and the one each of its 2 threads may start before the news arrives reach the server
        assert 1 <= len(accepted) <= 4, f"{len(accepted)} connections"
    finally:
        for conn in accepted:
            conn.close()
        server.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(min_size=1, max_size=300))
def test_random_bytes_never_crash(kgtool, tmp_path, content):
    path = Path(tmp_path) / "random.ttl"
    path.write_bytes(content)
    for args in (("query", "-d", str(path), "-"), ("audit", "-d", str(path)),
                 ("validate", "-d", str(path))):
        result = kgtool(*args, input=QUERY)
        assert result.exit_code in (0, 1, 2)
        assert "Traceback" not in result.output
        assert "unexpected" not in result.stderr, result.stderr  # any crash also exits 2


def test_unreadable_file(kgtool, tmp_path, monkeypatch):
    path = tmp_path / "secret.ttl"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    original = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)  # root reads any file: simulate the refusal
    one_line_exit_2(kgtool("audit", "-d", str(path)), str(path), "Permission denied")


def test_owl_imports_in_shapes_are_not_followed(kgtool, tmp_path, http_server):
    server = http_server(status=404)
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                      "<http://example.org/shapes> a owl:Ontology ; "
                      f"owl:imports <{server.url}/more-shapes.ttl> .\n", encoding="utf-8")
    one_line_exit_2(kgtool("validate", "--shapes", str(shapes)), "does not fetch")
    assert server.requests == []
