"""Bad input of every kind: one line naming the input (and the position), exit 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
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
    "binary.ttl": (bytes(range(256)) * 4, "line 1"),
    "truncated.ttl": (b'@prefix ex: <http://example.org/> .\nex:a ex:b "unfinished', "line 2"),
    "bad-iri.ttl": (b"<http://exa mple.org/a> <http://example.org/b> <http://example.org/c> .", "line 1"),
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
        args = [command, "-d", str(path)] + (
            [
                "-",
            ]
            if command == "query"
            else []
        )
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
    path.write_text('<urn:a> <urn:b> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n', encoding="utf-8")
    result = kgtool("query", "-d", str(path), "-", "--results", "tsv", input="SELECT ?o WHERE { ?s ?p ?o }")
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert '"abc"^^<http://www.w3.org/2001/XMLSchema#integer>' in result.stdout


RDF_XML_HEAD = (
    '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    ' xmlns:xi="http://www.w3.org/2001/XInclude" xmlns:ex="http://example.org/">\n'
)
TRIPLE = b"<urn:a> <urn:b> <urn:c> .\n"
ACCEPTED = None  # the outcome of a file every command reads
#: Files that the commands once read differently (issue 14): name -> (content, outcome), the
#: outcome being ACCEPTED or a fragment of the one-line refusal.
TRICKY = {
    "remote-context.jsonld": (
        b'{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://example.org/a", "name": "x"}',
        "remote @context",
    ),
    "local-context.jsonld": (
        b'{"@context": "context.jsonld", "@id": "http://example.org/a", "name": "x"}',
        "remote @context",
    ),
    "xinclude.rdf": (
        (
            RDF_XML_HEAD + '<rdf:Description rdf:about="http://example.org/a"><ex:p>'
            '<xi:include href="/etc/hostname" parse="text"/></ex:p></rdf:Description>'
            "</rdf:RDF>\n"
        ).encode(),
        "namespaces are required",
    ),
    "undeclared-entity.rdf": (
        (
            RDF_XML_HEAD + '<rdf:Description rdf:about="http://example.org/a">'
            "<ex:p>&undeclared;</ex:p></rdf:Description></rdf:RDF>\n"
        ).encode(),
        "unrecognized entity",
    ),
    "deep.ttl": (("<urn:a> <urn:p> " + "[ <urn:p> " * 5000 + "1" + " ]" * 5000 + " .\n").encode(), ACCEPTED),
    "deep-list.ttl": (("<urn:a> <urn:p> " + "(" * 5000 + ")" * 5000 + " .\n").encode(), ACCEPTED),
    "bom.ttl": (b"\xef\xbb\xbf" + TRIPLE, ACCEPTED),
    "empty.ttl": (b"", ACCEPTED),
    "deep.jsonld": (
        (
            '{"@id": "http://example.org/a", "http://example.org/p": '
            + '{"http://example.org/p": ' * 5000
            + "1"
            + "}" * 5001
        ).encode(),
        "nested more than 500 levels",
    ),
    "deep.rdf": (
        (
            RDF_XML_HEAD
            + '<rdf:Description rdf:about="http://example.org/a">'
            + "<ex:p><rdf:Description>" * 5000
            + "<ex:q>1</ex:q>"
            + "</rdf:Description></ex:p>" * 5000
            + "</rdf:Description></rdf:RDF>\n"
        ).encode(),
        "nested more than 1000 elements",
    ),
    "huge-term.ttl": (b'<urn:a> <urn:b> "' + b"x" * (17 << 20) + b'" .\n', "too large to parse"),
}
COMMANDS = {"validate": ["validate"], "export": ["export"], "query": ["query", "-"], "audit": ["audit"]}


@pytest.fixture(scope="module")
def tricky_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tricky")
    (folder / "context.jsonld").write_text(
        '{"@context": {"name": "http://schema.org/name"}}', encoding="utf-8"
    )
    for name, (content, _) in TRICKY.items():
        (folder / name).write_bytes(content)
    return {name: folder / name for name in TRICKY}


def test_the_tricky_files_are_all_there(tricky_files):
    assert len(tricky_files) == 11 and all(p.exists() for p in tricky_files.values())


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", sorted(TRICKY))
def test_one_answer_for_the_same_file_whatever_the_command(kgtool, tricky_files, name, command):
    """Every command reads through kgtool.inputs.loading.Inputs: the same file is accepted by all of
    them, or refused by all with one line (no 'unexpected')."""
    path = tricky_files[name]
    result = kgtool(*COMMANDS[command][:1], "-d", str(path), *COMMANDS[command][1:], input=QUERY)
    outcome = TRICKY[name][1]
    if outcome is ACCEPTED and command in ("validate", "audit"):
        # read, and found to hold no claim: nothing to validate or audit is a finding (exit 1)
        assert result.exit_code == 1 and "no claim" in result.stderr, result.stderr
    elif outcome is ACCEPTED:
        assert result.exit_code == 0, result.stderr
    else:
        line = one_line_exit_2(result, str(path), outcome)
        assert "unexpected" not in line and len(line) < 400


def test_a_parse_error_does_not_repeat_the_file(kgtool, tmp_path):
    # Oxigraph's RDF/XML errors quote the text they met: all of it, if it is long
    path = tmp_path / "text.rdf"
    path.write_text(
        RDF_XML_HEAD
        + '<rdf:Description rdf:about="http://example.org/a">'
        + "z" * 5000
        + "<ex:p>1</ex:p></rdf:Description></rdf:RDF>\n",
        encoding="utf-8",
    )
    line = one_line_exit_2(kgtool("export", "-d", str(path)), str(path), "zzz")
    assert len(line) < 400


def test_dev_zero_is_read_under_the_limit(kgtool):
    # /dev/zero reports a size of 0; RDF/XML is read whole before it is checked
    one_line_exit_2(
        kgtool("export", "-d", "/dev/zero", "--data-format", "rdfxml", "--max-bytes", "1000000"),
        "/dev/zero",
        "larger than 1,000,000 bytes",
    )


def test_a_fifo_is_read_as_a_stream_under_the_limit(kgtool, tmp_path):
    import os
    import threading

    fifo = tmp_path / "triples.nt"
    os.mkfifo(fifo)
    written = [0]

    def write_until_refused() -> None:
        try:
            with fifo.open("wb") as pipe:
                for _ in range(4000):  # 100 MB at most, so that a test of broken code ends
                    pipe.write(TRIPLE * 1000)
                    written[0] += len(TRIPLE) * 1000
        except BrokenPipeError:  # kgtool stopped reading: what the test wants
            pass

    writer = threading.Thread(target=write_until_refused)
    writer.start()
    result = kgtool("query", "-d", str(fifo), "-", "--max-bytes", "1000000", input=QUERY)
    writer.join()
    one_line_exit_2(result, str(fifo), "larger than 1,000,000 bytes")
    assert written[0] < 10_000_000  # stopped near the limit, not at the end of the stream


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
    for args in (("query", "-d", str(path), "-"), ("audit", "-d", str(path)), ("validate", "-d", str(path))):
        result = kgtool(*args, input=QUERY)
        assert result.exit_code in (0, 1, 2)
        assert "Traceback" not in result.output
        assert "unexpected" not in result.stderr, result.stderr  # any crash also exits 2


def test_unreadable_file(kgtool, tmp_path, monkeypatch):
    path = tmp_path / "secret.ttl"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    original = Path.open

    def refuse(self: Path, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)  # root reads any file: simulate the refusal
    one_line_exit_2(kgtool("audit", "-d", str(path)), str(path), "Permission denied")


def test_owl_imports_in_shapes_are_not_followed(kgtool, tmp_path, http_server):
    server = http_server(status=404)
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<http://example.org/shapes> a owl:Ontology ; "
        f"owl:imports <{server.url}/more-shapes.ttl> .\n",
        encoding="utf-8",
    )
    one_line_exit_2(kgtool("validate", "--shapes", str(shapes)), "does not fetch")
    assert server.requests == []


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_allow_network_fetches_a_remote_context_for_every_command(kgtool, tmp_path, http_server, command):
    server = http_server(
        body=b'{"@context": {"name": "http://schema.org/name"}}', content_type="application/ld+json"
    )
    path = tmp_path / "remote.jsonld"
    path.write_text(
        f'{{"@context": "{server.url}/context.jsonld", "@id": "http://example.org/a", "name": "x"}}',
        encoding="utf-8",
    )
    args = [*COMMANDS[command][:1], "-d", str(path), "--allow-network", *COMMANDS[command][1:]]
    if command == "query":
        args += ["--results", "tsv"]
    result = kgtool(*args, "--no-ontology", input="SELECT ?o WHERE { ?s <http://schema.org/name> ?o }")
    # read in full; holding no claim, it is nothing to validate or audit (exit 1)
    assert result.exit_code == (1 if command in ("validate", "audit") else 0), result.stderr
    assert server.paths == ["/context.jsonld"]
    if command in ("export", "query"):  # the name, read through the fetched context
        assert '"x"' in result.stdout, result.stdout


def test_allow_network_never_reads_a_local_file_as_a_context(kgtool, tricky_files):
    path = tricky_files["local-context.jsonld"]
    one_line_exit_2(kgtool("export", "-d", str(path), "--allow-network"), str(path), "is not a web address")


ANNOTATIONS = {
    "deep.toml": (("a = " + "[" * 5000 + "]" * 5000 + "\n").encode(), "nested too deeply"),
    "latin1.toml": ('[article]\ntitle = "caf\xe9"\n'.encode("latin-1"), "line 2, byte 22 is not UTF-8"),
    "table.toml": (b'[article]\nkey = "a"\ntitle = { x = 1 }\n', "line 3: title in [article] is a table"),
    "list.toml": (
        b'[[claim]]\nkey = "c"\nsource = ["a", "b"]\n',
        "line 3: source in [[claim]] #1 (c) is a list",
    ),
    "keys.toml": (b'[source.s]\nclose_to = "iran"\n', "line 2: close_to in [source.s] is not a list of keys"),
}


@pytest.mark.parametrize("name", sorted(ANNOTATIONS))
def test_hostile_annotation_files(kgtool, tmp_path, name):
    content, fragment = ANNOTATIONS[name]
    path, article = tmp_path / name, tmp_path / "article.txt"
    path.write_bytes(content)
    article.write_text("Officials said it.\n", encoding="utf-8")
    one_line_exit_2(kgtool("compile", str(path), "-a", str(article)), f"{path}: ", fragment)


def run_kgtool(*args: str, **options) -> subprocess.CompletedProcess:
    """kgtool in a process of its own (what an in-process run cannot give: a closed standard
    input, a FIFO that would block the test run)."""
    return subprocess.run(
        [sys.executable, "-m", "kgtool", *args], capture_output=True, text=True, timeout=120, **options
    )


@pytest.mark.parametrize("args", [("query", "-", "--no-ontology"), ("export", "-d", "-")])
def test_a_closed_standard_input_is_one_line(args):
    done = run_kgtool(*args, stdin=None, preexec_fn=lambda: os.close(0))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"kgtool: error: {'<stdin>: ' if args[0] == 'export' else ''}standard input is closed; "
        "open it (a pipe or a file), or give a file instead of -"
    ]


def test_a_fifo_as_annotation_file_is_refused_not_waited_on(tmp_path):
    fifo, article = tmp_path / "claims.toml", tmp_path / "article.txt"
    os.mkfifo(fifo)  # no writer: opening it would wait for one for ever
    article.write_text("Officials said it.\n", encoding="utf-8")
    done = run_kgtool("compile", str(fifo), "-a", str(article), stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"kgtool: error: {fifo}: not a regular file (a FIFO, a device or a socket); "
        "save the annotations to a file and give that"
    ]
