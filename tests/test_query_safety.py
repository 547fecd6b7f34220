"""Local queries never reach the network or change data unless asked, and cannot run forever."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from kgtool import engines, validation
from kgtool.audit import run as audit
from kgtool.errors import QueryError, QueryRefused
from kgtool.inputs import loading
from kgtool.sparql import guard as query_guard
from kgtool.sparql import querylib
from kgtool.sparql.guard import check_query
from kgtool.sparql.timeouts import run_with_timeout
from kgtool.validation import shacl_to_sparql as shacl_sparql


@pytest.fixture
def listener(http_server):
    server = http_server(
        body=b'{"head": {"vars": []}, "results": {"bindings": []}}',
        content_type="application/sparql-results+json",
    )
    server.url += "/sparql"
    return server


HAZARDS = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?x {{ <{url}> }} SERVICE ?x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "LOAD <{url}>",
    "INSERT DATA {{ <urn:a> <urn:b> <urn:c> }}",
    "DELETE WHERE {{ ?s ?p ?o }}",
]


@pytest.mark.parametrize("template", HAZARDS)
def test_hazardous_queries_are_refused_and_nothing_is_sent(kgtool, listener, template):
    result = kgtool("query", "-", input=template.format(url=listener.url))
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert listener.requests == []


# Each reached the listener past the old text-pattern guard: a backslash made it misread an IRI,
# so that the '#' in it started a "comment" hiding the SERVICE clause from it, not from Oxigraph.
WALKAROUNDS = [
    "SELECT * WHERE {{ OPTIONAL {{ ?s ?p <http://x/\\u0041#> }} SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ OPTIONAL {{ ?s ?p <http://x/\\U00000041#> }} SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ OPTIONAL {{ ?s ?p <http://x/\\u0041#> }} "
    "{{ SELECT * WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }} }}",
    "SELECT * WHERE {{ OPTIONAL {{ ?s ?p <http://x/\\u0041#> }} "
    "{{ ?s ?p ?o }} UNION {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
]


# A line that starts with '#' is skipped only when no long string can end on it.
LONG_STRINGS = [
    'SELECT * WHERE {{ OPTIONAL {{ ?s ?p """\n# x """ }} SERVICE <{url}> {{ ?a ?b ?c }} }}',
    "SELECT * WHERE {{ OPTIONAL {{ ?s ?p '''\n  # x ''' }} SERVICE <{url}> {{ ?a ?b ?c }} }}",
]


@pytest.mark.parametrize("template", WALKAROUNDS + LONG_STRINGS)
def test_escapes_and_comments_do_not_hide_service(kgtool, listener, template):
    result = kgtool("query", "-", input=template.format(url=listener.url))
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert f"SERVICE <{listener.url}> would send the query" in result.stderr
    assert listener.requests == []


NESTED = [
    "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o MINUS {{ GRAPH ?g {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ {{ SELECT * WHERE {{ OPTIONAL {{\n"
    "  SERVICE ?where {{ ?s ?p ?o }} }} }} }} }} }}",
    "ASK {{ BIND(EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} AS ?x) }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s <http://x/\\u00E9> ?o .\n  SERVICE <{url}> {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("template", NESTED)
def test_service_is_found_at_any_depth_of_the_parse(listener, template):
    with pytest.raises(QueryRefused, match=r"^SERVICE "):
        check_query(template.format(url=listener.url))


@pytest.mark.parametrize(
    "query, named",
    [
        ("PREFIX ex: <http://example.org/> SELECT * WHERE { SERVICE ex:x { ?s ?p ?o } }", "SERVICE ex:x"),
        ("PREFIX ex: <http://example.org/> SELECT * WHERE { SERVICE ex: { ?s ?p ?o } }", "SERVICE ex:"),
        ("PREFIX ex: <http://example.org/> SELECT * FROM ex:g WHERE { ?s ?p ?o }", "FROM ex:g"),
    ],
)
def test_a_prefixed_name_is_named_as_written(query, named):
    # (issue 24, item 16: the refusal of SERVICE ex:x raised TypeError, a 500 on /sparql)
    with pytest.raises(QueryRefused, match=f"^{named} would"):
        check_query(query)


@pytest.mark.parametrize("escape", ["\\u0022", "\\u0023", "\\u003E", "\\u000A", "\\U0000007D"])
def test_escapes_that_stand_for_syntax_are_refused(escape):
    with pytest.raises(QueryRefused, match=f"escape \\{escape}"):
        check_query(f'SELECT * WHERE {{ ?s ?p "a{escape}b" }}')


def test_escaped_letters_are_read_as_the_letters_they_stand_for():
    check_query("PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:\\u0041 <http://x/caf\\u00E9> } # with")
    with pytest.raises(QueryRefused, match=r"^SERVICE"):
        check_query(
            "PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:\\u0041 ?o .\n"
            "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
        )
    with pytest.raises(QueryRefused, match=r"^SERVICE"):
        check_query("SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(QueryRefused, match="INSERT DATA is a SPARQL update"):
        check_query("\\u0049NSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_a_comment_ends_at_a_carriage_return():
    # (files and standard input turn it into a line feed; a /sparql request does not)
    with pytest.raises(QueryRefused, match=r"^SERVICE"):
        check_query("SELECT * WHERE { # note\rSERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_unparseable_text_is_refused_with_the_position():
    with pytest.raises(QueryError, match=r"^line 2, column 3: SPARQL syntax error"):
        check_query("SELECT * FROM <http://x/> WHERE {\n  ?s ?p }")


def test_a_query_too_deep_for_the_parser_is_refused_not_crashed():
    block = " ".join(f"?s <http://x/p{i}> ?o{i} ." for i in range(300))
    with pytest.raises(QueryError, match="nested too deeply"):
        check_query(f"SELECT * WHERE {{ {block} }} # with")


def test_the_shipped_queries_need_no_parse(monkeypatch):
    # their comments say "with" and "from": whole comment lines are not code for any reader
    def no_parse(text):
        raise AssertionError(f"parsed: {text[:60]}")

    # command-structure names proxy:affiliatedWith, whose "With" the guard's quick look cannot
    # tell from the keyword: it is parsed (and passes, see the next test); it is not the audit's
    parsed = {"command-structure"}
    monkeypatch.setattr(query_guard, "_parse", no_parse)
    for text in [q.text for name, q in querylib.library().items() if name not in parsed] + list(
        audit.query_texts().values()
    ):
        check_query(text)
    assert not parsed & set(audit.query_texts())
    with pytest.raises(AssertionError, match="parsed"):
        check_query("SELECT * WHERE { ?s ?p ?o } # with")


def test_every_shipped_query_and_generated_shape_query_passes():
    texts = [q.text for q in querylib.library().values()] + list(audit.query_texts().values())
    texts += [c.query for c in shacl_sparql.Translator(validation.load_shapes(None)).checks()]
    shipped = list((Path(__file__).resolve().parent.parent / "queries").glob("*.rq"))
    assert len(querylib.library()) == len(shipped) >= 15 and len(texts) > 60
    for text in texts:
        check_query(text)


def test_the_audit_runs_its_queries_past_the_guard(listener, monkeypatch):
    hidden = WALKAROUNDS[0].format(url=listener.url)
    monkeypatch.setattr(audit, "query_texts", lambda: {"sources": hidden})
    with pytest.raises(QueryError):
        audit.run_audit(engines.create())
    assert listener.requests == []


def test_allowed_service_after_a_hash_on_its_line():
    # rdflib's own parse of SERVICE misses a clause after a '#' (in an IRI) on its line
    check_query(
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> SELECT * WHERE { "
        "SERVICE <http://127.0.0.1:9/> { ?s rdf:type ?o } }",
        allow_service=True,
    )


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_service_is_sent_only_when_allowed(listener, engine):
    # The opt-in works, which also shows the refusal above is what kept the listener silent.
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    check_query(query, allow_service=True)
    loaded = engines.create(engine)
    with contextlib.suppress(QueryError):  # the answer may not satisfy it; the request counts
        loaded.query(query)
    assert listener.requests


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?service ?from WHERE { ?s <http://example.org/service> "SERVICE FROM LOAD" }',
        "PREFIX from: <http://example.org/> SELECT * WHERE { ?s from:insert ?o } # DELETE",
        "SELECT * WHERE { ?s ?p 'drop it' }",
        'SELECT * WHERE { ?s ?p """INSERT DATA { <a> <b> <c> }""" }',
        'SELECT * WHERE { ?s ?p "x"@en }',
    ],
)
def test_keywords_in_strings_iris_names_and_comments_are_fine(text):
    check_query(text)


def test_from_is_allowed_on_an_endpoint():
    check_query("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", local=False)


def test_explosive_query_ends_within_the_limit(kgtool):
    result = kgtool(
        "query", "-", "--timeout", "1", input="SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    )
    assert result.exit_code == 2 and "longer than 1 s" in result.stderr


def test_pathological_regex_is_stopped_on_the_reference_engine(tmp_path):
    data = tmp_path / "a.ttl"
    data.write_text('<urn:x> <urn:p> "%s!" .\n' % ("a" * 40), encoding="utf-8")
    engine = loading.load([data], engine=engines.create("rdflib"), ontology=None)
    query = 'SELECT * WHERE { ?s ?p ?o FILTER REGEX(STR(?o), "^(a+)+$") }'
    with pytest.raises(QueryError, match="longer than 1 s"):
        run_with_timeout(lambda: engine.query(query), 1)


def test_errors_in_the_child_keep_their_message_and_hint():
    def failing():
        raise QueryError("broken", "fix it")

    with pytest.raises(QueryError) as error:
        run_with_timeout(failing, 5)
    assert str(error.value) == "broken; fix it"


def test_row_limit(kgtool):
    result = kgtool("query", "-", "--max-rows", "10", input="SELECT * WHERE { ?s ?p ?o }")
    assert result.exit_code == 2 and "--max-rows" in result.stderr and not result.stdout


CROSS_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # 38 million rows on the shipped data


def test_a_huge_result_is_refused_without_being_computed(kgtool):
    # Before, every row was computed and held, then counted: 10 s were not enough.
    result = kgtool("query", "-", "--max-rows", "10", "--timeout", "10", input=CROSS_PRODUCT)
    assert result.exit_code == 2
    assert result.stderr == (
        "kgtool: error: the query gives more than 10 rows; add LIMIT, or raise the row limit (--max-rows)\n"
    )


SORTED_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a"  # held whole to sort


def test_a_query_is_stopped_at_its_memory_limit(kgtool):
    # (issue 24, item 13: this query took 9 GB within its 10 s, --max-rows 10 or not)
    result = kgtool("query", "-", "--max-rows", "10", "--max-query-memory", "64", input=SORTED_JOIN)
    assert result.exit_code == 2 and not result.stdout
    assert result.stderr == (
        "kgtool: error: the query needed more than 64 MB of memory and was stopped; "
        "narrow the query, or raise the memory limit (--max-query-memory)\n"
    )
    assert kgtool("query", "articles", "--max-query-memory", "64").exit_code == 0  # others pass


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="the limit needs Linux's /proc")
def test_the_query_process_may_grow_by_its_memory_limit_only():
    import os
    import resource

    def room() -> int:
        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        return resource.getrlimit(resource.RLIMIT_AS)[0] - size

    assert 32 << 20 < run_with_timeout(room, 5, memory=64) <= 64 << 20


def test_memory_met_in_python_is_the_memory_limit_too():
    def greedy():
        raise MemoryError

    with pytest.raises(QueryError, match="needed more than 64 MB"):
        run_with_timeout(greedy, 5, memory=64)


# rdflib builds a CONSTRUCT graph whole before handing it out: only its SELECT streams.
@pytest.mark.parametrize(
    "engine, converter, query",
    [
        ("oxigraph", "to_rdflib", CROSS_PRODUCT),
        ("oxigraph", "to_rdflib", "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }"),
        ("rdflib", "_normalise", CROSS_PRODUCT),
    ],
)
def test_the_engine_reads_one_row_past_the_limit_and_stops(monkeypatch, engine, converter, query):
    import importlib

    from kgtool import resources
    from kgtool.errors import TooManyRows

    loaded = loading.load(resources.default_graph_files(), engine=engines.create(engine), ontology=None)
    module = importlib.import_module(f"kgtool.engines.{engine}")
    converted = []
    original = getattr(module, converter)
    monkeypatch.setattr(module, converter, lambda term: converted.append(term) or original(term))
    with pytest.raises(TooManyRows, match="more than 10 rows"):
        loaded.query(query, max_rows=10)
    width = 6 if query.startswith("SELECT") else 3
    assert 0 < len(converted) <= 11 * width  # the eleventh row tells; nothing after it is read
