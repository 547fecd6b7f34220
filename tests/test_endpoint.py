"""The same queries on a real SPARQL server: identical answers, bound parameters, clear errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kgtool import engines
from kgtool.audit.run import run_audit
from kgtool.engines.endpoint import EndpointEngine
from kgtool.errors import EndpointError, UsageError
from kgtool.inputs import loading
from kgtool.sparql import querylib
from kgtool.sparql.parameters import parse_term, values_block

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "ontology" / "proxy.ttl", ROOT / "data" / "claims.ttl"]
ENTITY = "https://w3id.org/kgtool/id/entity/khamenei"
SPECIALIST = "https://w3id.org/kgtool/id/source/specialist"

pytestmark = pytest.mark.network


@pytest.fixture(scope="module")
def server(start_oxigraph):
    return start_oxigraph(FILES)


@pytest.fixture(scope="module")
def local():
    return loading.load(FILES, ontology=None)


def bindings_for(query) -> dict:
    return {name: URIRef(ENTITY) for name in query.params}


def test_queries_were_collected():
    assert len(querylib.library()) >= 12


@pytest.mark.parametrize("name", sorted(querylib.library()))
def test_parameters_are_projected(name):
    # Oxigraph's substitutions, rdflib's initBindings and a trailing VALUES block agree only
    # when the parameter is a variable of the SELECT clause.
    query = querylib.get(name)
    select = query.text.split("WHERE", 1)[0]
    for param in query.params:
        assert f"?{param}" in select, f"{name}: parameter ?{param} is not projected"


@pytest.mark.parametrize("name", sorted(querylib.library()))
def test_every_query_gives_the_same_answer_embedded_and_remote(server, local, name):
    query = querylib.get(name)
    remote = EndpointEngine(server.url).query(query.text, bindings_for(query))
    embedded = local.query(query.text, bindings_for(query))
    assert remote.kind == embedded.kind
    assert remote.as_multiset() == embedded.as_multiset()


@pytest.mark.parametrize("name", sorted(n for n, q in querylib.library().items() if not q.params))
def test_string_rows_from_the_server_are_the_terms_lexical_values(server, local, name):
    from kgtool.engines.base import Engine

    text = querylib.get(name).text
    remote = EndpointEngine(server.url)
    assert type(remote).select_strings is not Engine.select_strings  # the fast path is tested
    expected = [{k: str(v) for k, v in row.items()} for row in local.query(text).bindings()]

    def key(rows: list[dict[str, str]]) -> list:
        return sorted(sorted(row.items()) for row in rows)

    assert key(list(remote.select_strings(text))) == key(expected)


def test_audit_is_identical_on_the_server(server, local):
    assert run_audit(EndpointEngine(server.url)).as_dict() == run_audit(local).as_dict()


@pytest.mark.parametrize(
    "value", ['"} ; DROP ALL ; SELECT * { "', "> . ?s ?p ?o <", 'x" } UNION { ?s ?p ?o } #']
)
def test_crafted_literals_are_bound_as_inert_values(server, local, value):
    query = "SELECT ?s ?v WHERE { ?s ?p ?v }"
    term = Literal(value)
    remote = EndpointEngine(server.url).query(query, {"v": term})
    embedded = local.query(query, {"v": term})
    assert remote.rows == embedded.rows == []


@pytest.mark.parametrize(
    "value", ["<http://example.org/a> . ?s ?p ?o <x>", "http://example.org/a>", "http://exa mple.org/"]
)
def test_crafted_iris_are_refused(value):
    with pytest.raises(UsageError, match="not a valid absolute IRI"):
        values_block({"v": parse_term(value)})


def test_values_block_escapes_literals():
    block = values_block({"v": Literal('a"b\nc')})
    assert block.strip() == 'VALUES (?v) { ("a\\"b\\nc") }'


@pytest.mark.parametrize(
    "status, body, content_type, message",
    [
        (500, b"boom", "text/plain", "500"),
        (200, b"<html><body>hello</body></html>", "text/html", "not SPARQL JSON results"),
    ],
)
def test_endpoint_errors_are_one_line(http_server, status, body, content_type, message):
    bad = http_server(status=status, body=body, content_type=content_type)
    with pytest.raises(EndpointError, match=message) as error:
        EndpointEngine(bad.url + "/sparql").query("SELECT * WHERE { ?s ?p ?o }")
    assert "\n" not in str(error.value)


def test_endpoint_that_is_down():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(EndpointError, match="cannot reach"):
        EndpointEngine(f"http://127.0.0.1:{port}/sparql", timeout=2).query("ASK {}")


def test_only_http_endpoints():
    with pytest.raises(UsageError):
        EndpointEngine("file:///etc/passwd")


def test_engine_names():
    assert engines.create("rdflib").name == "rdflib"


# --- the same triples in several graphs of a union default graph -----------------------------


# The shipped graph, two of its claims marked as proposed and two analysts' assessments, so that
# every library query but the checks has rows to compare.
GRADED = [
    ROOT / "data" / "claims.ttl",
    ROOT / "tests" / "fixtures" / "queries" / "proposed-claims.ttl",
    ROOT / "tests" / "fixtures" / "queries" / "assessments.ttl",
]


@pytest.fixture(scope="module")
def graded():
    return loading.load(GRADED)


@pytest.fixture(scope="module")
def pushed_twice(start_oxigraph):
    """A server with --union-default-graph holding GRADED twice: pushed to the default graph,
    then to a named graph (the mistake the push help once led into)."""
    from click.testing import CliRunner

    from kgtool.cli.program import cli

    server = start_oxigraph([])
    data = [arg for path in GRADED for arg in ("-d", str(path))]
    for graph in ((), ("--graph", "https://example.org/copy")):
        pushed = CliRunner().invoke(cli, ["push", "-e", f"{server.base}/store", *graph, *data])
        assert pushed.exit_code == 0, pushed.output
    return server


def test_audit_counts_claims_not_copies_of_their_triples(kgtool, pushed_twice, graded):
    assert int(
        EndpointEngine(pushed_twice.url).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    ) == 2 * len(graded)
    remote = kgtool("audit", "-e", pushed_twice.url, "--format", "json")
    assert remote.exit_code == 0, remote.stderr
    data = [arg for path in GRADED for arg in ("-d", str(path))]
    assert remote.stdout == kgtool("audit", *data, "--format", "json").stdout


@pytest.mark.parametrize("name", sorted(querylib.library()))
def test_every_query_gives_the_same_rows_from_two_copies(pushed_twice, graded, name):
    query = querylib.get(name)
    # a source the article has claims of, so that source-claims has rows
    bindings = {p: URIRef(SPECIALIST if p == "source" else ENTITY) for p in query.params}
    once = graded.query(query.text, bindings)
    # no empty comparison: the article passes every check and lacks no vocabulary
    assert bool(once.rows) != (query.is_check or name == "missing-vocabulary")
    remote = EndpointEngine(pushed_twice.url).query(query.text, bindings)
    assert remote.as_multiset() == once.as_multiset()


def test_push_help_never_pushes_the_same_data_into_two_graphs(kgtool):
    import shlex
    from itertools import pairwise
    from urllib.parse import urlsplit

    examples = kgtool("push", "--help").stdout.split("Examples:")[1].split("Options:")[0]
    commands = [line.split("#")[0] for line in examples.replace("\\\n", " ").splitlines()]
    pushes = [shlex.split(c) for c in commands if c.strip().startswith("kgtool push")]

    def option(push: list[str], *names: str) -> tuple[str, ...]:
        return tuple(a for before, a in pairwise(push) if before in names)

    # the same data never goes twice into one store (whatever its endpoint path)
    pushed = [(urlsplit(option(p, "-e", "--endpoint")[0]).netloc, option(p, "-d", "--data")) for p in pushes]
    assert len(pushes) >= 2 and len(set(pushed)) == len(pushed), pushes


def test_prefixed_params_and_absent_iris_on_the_server(kgtool, server):
    found = kgtool(
        "query", "claims-about-entity", "-e", server.url, "-p", "entity=entity:khamenei", "--results", "json"
    )
    assert found.exit_code == 0, found.stderr
    rows = json.loads(found.stdout)["results"]["bindings"]
    assert rows and {r["entity"]["value"] for r in rows} == {ENTITY}
    absent = kgtool("query", "claims-about-entity", "-e", server.url, "-p", "entity=entity:khameni")
    assert absent.exit_code == 2 and "no triple of the graph mentions" in absent.stderr


def test_prefixed_names_expand_and_unknown_prefixes_stay_literals():
    assert parse_term("entity:khamenei") == URIRef(ENTITY)
    assert parse_term("proxy:memberOf") == URIRef("https://w3id.org/kgtool/proxy#memberOf")
    assert parse_term("nope:x") == Literal("nope:x")
    assert parse_term('"entity:khamenei"') == Literal("entity:khamenei")


@pytest.mark.parametrize(
    "command",
    [
        ("query", "articles", "-e"),
        ("push", "--protocol", "update", "-e"),
    ],
)
def test_credentials_never_go_to_the_host_a_redirect_names(kgtool, monkeypatch, http_server, command):
    elsewhere = http_server(
        host="127.0.0.2",
        content_type="application/sparql-results+json",
        body=b'{"head": {"vars": []}, "results": {"bindings": []}}',
    )
    named = http_server(status=307, headers={"Location": elsewhere.url + "/sparql"}, basic_realm="store")
    monkeypatch.setitem(os.environ, "KGTOOL_ENDPOINT_USER", "analyst")
    monkeypatch.setitem(os.environ, "KGTOOL_ENDPOINT_PASSWORD", "s3cret")
    unchallenging = http_server(status=307, headers={"Location": elsewhere.url + "/x"})
    for store in (named, unchallenging):
        result = kgtool(*command, store.url + "/sparql")
        assert result.exit_code == 2
        assert len(result.stderr.strip().splitlines()) == 1
        assert "another host" in result.stderr and "127.0.0.2" in result.stderr
    assert elsewhere.requests == []


def test_values_go_into_the_outermost_group_whatever_the_comments_and_iris_hold():
    from kgtool.sparql.parameters import with_values

    query = 'SELECT ?v WHERE { ?s <http://x/\\u0041#> ?v . FILTER (?v != "}") }  # a comment with a } in it\n'
    bound = with_values(query, {"v": Literal("x")})
    # the block stands before the group's own closing brace, not in the string or the comment
    assert bound.index("VALUES") < bound.index("}  # a comment")
    assert bound.endswith("}  # a comment with a } in it\n")
    assert bound.count("VALUES") == 1 and '"}") \nVALUES' in bound


# --- issue 24, item 17: the user and password of an endpoint's URL ------------------------------

EMPTY_RESULTS = b'{"head": {"vars": []}, "results": {"bindings": []}}'
ALICE = "Basic " + __import__("base64").b64encode(b"alice:s3 cret").decode()


def with_user(url: str) -> str:
    return url.replace("http://", "http://alice:s3%20cret@")


@pytest.mark.parametrize(
    "command",
    [("query", "articles", "-e", "/sparql"), ("push", "--protocol", "update", "-e", "/store")],
)
def test_the_credentials_of_the_url_go_only_to_a_store_that_asks(kgtool, http_server, monkeypatch, command):
    monkeypatch.delitem(os.environ, "KGTOOL_ENDPOINT_USER", raising=False)
    monkeypatch.delitem(os.environ, "KGTOOL_ENDPOINT_PASSWORD", raising=False)
    *args, path = command
    answer = {"content_type": "application/sparql-results+json", "body": EMPTY_RESULTS}
    unasked = http_server(**answer)
    assert kgtool(*args, with_user(unasked.url) + path).exit_code == 0
    assert [r["headers"].get("Authorization") for r in unasked.requests] == [None] * len(unasked.requests)
    asking = http_server(**answer, basic_realm="store")
    result = kgtool(*args, with_user(asking.url) + path)
    assert result.exit_code == 0 and "alice" not in result.stderr and "s3" not in result.stderr
    assert [r["headers"].get("Authorization") for r in asking.requests][:2] == [None, ALICE]


@pytest.mark.parametrize("command", [("query", "articles", "-e"), ("push", "-e")])
def test_the_credentials_of_the_url_are_never_printed(kgtool, http_server, command):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        down = f"http://127.0.0.1:{probe.getsockname()[1]}/x"
    failing = http_server(status=500, body=b"boom").url + "/x"
    refusing = http_server(status=401, basic_realm="store").url + "/x"  # wrong credentials
    for url in (with_user(down), with_user(failing), with_user(refusing), "ftp://alice:s3cret@host/x"):
        result = kgtool(*command, url, "--timeout", "2")
        assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
        assert "alice" not in result.stderr and "s3" not in result.stderr, result.stderr
        if url == with_user(refusing):
            assert "check the user and password in the store's URL" in result.stderr
