"""The same answers on OpenLink Virtuoso (Debian's 7.2), the store claim graphs such as ClaimsKG
are served from: loaded by kgtool push (Digest authentication), every library query and the audit
equal to the local answers, on the article and on a generated corpus, and a result the store
cut at its ResultSetMaxRows refused, never counted as complete."""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path

import corpus  # benchmarks/corpus.py (pythonpath in pyproject.toml)
import pytest
from rdflib import Literal, URIRef

from kgtool import engines
from kgtool.audit.run import run_audit
from kgtool.engines.endpoint import EndpointEngine
from kgtool.errors import EndpointError
from kgtool.inputs import loading
from kgtool.resources import ontology_file
from kgtool.sparql import querylib
from kgtool.sparql.results import QueryResult

ROOT = Path(__file__).resolve().parent.parent
# The article, two of its claims marked as proposed so that unreviewed-claims has rows, and two
# analysts' assessments of it, so that the queries about grades have rows.
FILES = [
    ROOT / "ontology" / "proxy.ttl",
    ROOT / "data" / "claims.ttl",
    ROOT / "tests" / "fixtures" / "queries" / "proposed-claims.ttl",
    ROOT / "tests" / "fixtures" / "queries" / "assessments.ttl",
]
ENTITY = "https://w3id.org/kgtool/id/entity/khamenei"
QUERIES = sorted(querylib.library())
# A query's parameter bound to a term the article has claims of, so that its answer has rows.
PARAMS = {"entity": ENTITY, "source": "https://w3id.org/kgtool/id/source/specialist"}
# The queries with no row on the article (it passes every check); the corpus tests give them rows.
EMPTY_ON_ARTICLE = {n for n in QUERIES if querylib.get(n).is_check} | {"missing-vocabulary"}
CORPUS_CLAIMS = 10_000

pytestmark = pytest.mark.network


@pytest.fixture(scope="module")
def virtuoso(start_virtuoso):
    return start_virtuoso(FILES)


def by_value(result: QueryResult) -> Counter:
    """Rows as a multiset, integers compared by value: Oxigraph reads xsd:nonNegativeInteger
    back as xsd:integer (README, Engines), Virtuoso and rdflib keep the type written."""

    from rdflib.namespace import XSD  # not at module level: pytest probes module attributes

    def value(term):
        if isinstance(term, Literal) and isinstance(term.value, int) and term.datatype != XSD.boolean:
            return Literal(term.value, datatype=XSD.integer)
        return term

    return Counter(frozenset((k, value(v)) for k, v in row.items()) for row in result.bindings())


@functools.cache
def local(engine: str):
    return loading.load(FILES, engine=engines.create(engine), ontology=None)


# The queries rewritten for Virtuoso (see their headers) are checked on rdflib too; the others
# as before on Oxigraph only (rdflib takes a minute over some of them on the article).
REWRITTEN = (
    "claims-by-status",
    "command-structure",
    "corroborations",
    "source-claims",
    "sources",
    "timeline",
)


@pytest.mark.parametrize(
    "engine, name", [("oxigraph", name) for name in QUERIES] + [("rdflib", name) for name in REWRITTEN]
)
def test_every_query_gives_the_local_answer_on_virtuoso(virtuoso, engine, name):
    query = querylib.get(name)
    bindings = {p: URIRef(PARAMS[p]) for p in query.params}
    local_result = local(engine).query(query.text, bindings)
    assert bool(local_result.rows) == (name not in EMPTY_ON_ARTICLE)  # no empty comparison
    remote = EndpointEngine(virtuoso.url).query(query.text, bindings)
    assert remote.kind == local_result.kind
    assert len(remote.rows) == len(local_result.rows)
    assert by_value(remote) == by_value(local_result)


@pytest.fixture(scope="module")
def virtuoso_twice(start_virtuoso):
    return start_virtuoso(FILES, copies=2)


@pytest.mark.parametrize("name", QUERIES)
def test_every_query_gives_the_same_rows_from_two_copies_on_virtuoso(virtuoso_twice, name):
    # Virtuoso's default graph is the union of its graphs: each triple comes twice (issue 24,
    # item 19), and a query must still give each row as often as from one copy.
    query = querylib.get(name)
    bindings = {p: URIRef(PARAMS[p]) for p in query.params}
    local_result = local("oxigraph").query(query.text, bindings)
    assert bool(local_result.rows) == (name not in EMPTY_ON_ARTICLE)  # no empty comparison
    remote = EndpointEngine(virtuoso_twice.url).query(query.text, bindings)
    assert by_value(remote) == by_value(local_result)


def test_booleans_are_booleans_on_virtuoso(virtuoso):
    rows = EndpointEngine(virtuoso.url).query(querylib.get("timeline").text).bindings()
    assert {row["inferred"] for row in rows} == {Literal(True), Literal(False)}
    rows = EndpointEngine(virtuoso.url).query(querylib.get("sources").text).bindings()
    assert {row.get("unnamed") for row in rows} == {Literal(True), None}


def test_unreviewed_claims_with_and_without_a_score_on_virtuoso(start_virtuoso):
    files = [ontology_file(), ROOT / "tests" / "fixtures" / "queries" / "unreviewed-one-without-score.ttl"]
    server = start_virtuoso(files)
    text = querylib.get("unreviewed-claims").text
    remote = by_value(EndpointEngine(server.url).query(text))
    assert sum(remote.values()) == 2
    for engine in engines.ENGINES:
        assert remote == by_value(
            loading.load(files, engine=engines.create(engine), ontology=None).query(text)
        )


def test_every_corroboration_tie_is_found_on_virtuoso(start_virtuoso):
    # every branch of corroborations.rq's verdict, each tie both ways (tests/test_queries.py)
    files = [ontology_file(), ROOT / "tests" / "fixtures" / "queries" / "corroboration-every-tie.ttl"]
    server = start_virtuoso(files)
    text = querylib.get("corroborations").text
    remote = by_value(EndpointEngine(server.url).query(text))
    for engine in engines.ENGINES:
        local = loading.load(files, engine=engines.create(engine), ontology=None)
        assert remote == by_value(local.query(text))


def test_audit_is_identical_on_virtuoso(virtuoso):
    assert run_audit(EndpointEngine(virtuoso.url)).as_dict() == run_audit(local("oxigraph")).as_dict()


@pytest.fixture(scope="module")
def corpus_on_virtuoso(start_virtuoso, tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / f"corpus-{CORPUS_CLAIMS}.nt"
    expected = corpus.write_corpus(path, CORPUS_CLAIMS, seed=7)
    return expected, path, start_virtuoso([ontology_file(), path])


@pytest.mark.slow
@pytest.mark.parametrize("name", QUERIES)
def test_corpus_queries_give_the_generators_answers_on_virtuoso(corpus_on_virtuoso, name):
    expected, _, server = corpus_on_virtuoso
    bindings = {k: URIRef(v) for k, v in expected.params.get(name, {}).items()}
    rows = EndpointEngine(server.url).query(querylib.get(name).text, bindings).rows
    assert len(rows) == expected.rows[name]


@pytest.fixture(scope="module")
def corpus_on_virtuoso_twice(start_virtuoso, corpus_on_virtuoso):
    expected, path, _ = corpus_on_virtuoso
    return expected, start_virtuoso([ontology_file(), path], copies=2)


@pytest.mark.slow
@pytest.mark.parametrize("name", QUERIES)
def test_corpus_queries_give_the_generators_answers_from_two_copies_on_virtuoso(
    corpus_on_virtuoso_twice, name
):
    # Virtuoso lost a few rows of some subquery forms only at this size (queries/*.rq headers)
    expected, server = corpus_on_virtuoso_twice
    bindings = {k: URIRef(v) for k, v in expected.params.get(name, {}).items()}
    rows = EndpointEngine(server.url, timeout=300).query(querylib.get(name).text, bindings).rows
    assert len(rows) == expected.rows[name]


@pytest.mark.slow
def test_corpus_audit_is_identical_on_virtuoso(corpus_on_virtuoso):
    expected, path, server = corpus_on_virtuoso
    remote = run_audit(EndpointEngine(server.url, timeout=300)).as_dict()
    assert remote["summary"]["claims"] == expected.claims
    assert remote["summary"]["disputes"] == expected.disputes
    assert remote == run_audit(loading.load([ontology_file(), path], ontology=None)).as_dict()


def test_a_result_cut_at_the_stores_limit_is_refused(start_virtuoso, kgtool):
    capped = start_virtuoso(FILES, max_rows=50)  # the article has 246 claims
    with pytest.raises(EndpointError, match=r"cut the result at 50 rows.*ResultSetMaxRows"):
        run_audit(EndpointEngine(capped.url))
    result = kgtool("audit", "-e", capped.url)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "ResultSetMaxRows" in result.stderr


def test_push_to_virtuoso_without_credentials_says_which_to_set(virtuoso, kgtool):
    result = kgtool("push", "-e", virtuoso.store, "--graph", virtuoso.GRAPH + "/other")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "HTTP 401" in result.stderr and "set KGTOOL_ENDPOINT_USER" in result.stderr


def test_virtuoso_errors_are_its_own_words_on_one_line(virtuoso, kgtool, monkeypatch):
    monkeypatch.setenv("KGTOOL_ENDPOINT_USER", virtuoso.USER)
    monkeypatch.setenv("KGTOOL_ENDPOINT_PASSWORD", virtuoso.PASSWORD)
    result = kgtool("push", "-e", virtuoso.store)  # no --graph: Virtuoso has no default graph
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not configured to have default graph" in result.stderr
    assert "<" not in result.stderr
