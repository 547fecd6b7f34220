"""Generated corpora: deterministic, conforming where they should, and every library query answers
them as the generator's construction says, at two sizes (a query with a quadratic shape shows
here as a wrong count or a test that never ends, not as a timing)."""

from __future__ import annotations

import io

import corpus  # benchmarks/corpus.py (pythonpath in pyproject.toml)
import pytest
from rdflib import URIRef

from kgtool import engines, formats
from kgtool.audit.run import run_audit
from kgtool.inputs import loading
from kgtool.resources import ontology_file
from kgtool.sparql import querylib

SIZES = (2000, 10_000)  # the issue asks every library query to be tested at 10k claims
pytestmark = pytest.mark.slow
QUERIES = sorted(querylib.library())


@pytest.fixture(scope="module", params=SIZES, ids=[f"{n}-claims" for n in SIZES])
def generated(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / f"corpus-{request.param}.nt"
    expected = corpus.write_corpus(path, request.param, seed=7)
    engine = loading.load([ontology_file(), path], engine=engines.create("oxigraph"), ontology=None)
    return expected, engine


def test_every_query_is_covered():
    expected = corpus.generate(io.StringIO(), 50)
    assert len(QUERIES) >= 15
    assert set(expected.rows) == set(QUERIES)


@pytest.mark.parametrize("name", QUERIES)
def test_query_answers_match_the_generator(generated, name):
    expected, engine = generated
    bindings = {k: URIRef(v) for k, v in expected.params.get(name, {}).items()}
    assert len(engine.query(querylib.get(name).text, bindings).rows) == expected.rows[name]


def test_audit_summary_matches_the_generator(generated):
    expected, engine = generated
    summary = run_audit(engine).summary()
    assert summary["claims"] == expected.claims
    assert summary["by_status"] == {s: expected.by_status[s] for s in summary["by_status"]}
    assert summary["by_source_kind"] == {k: expected.by_source_kind[k] for k in summary["by_source_kind"]}
    assert summary["anonymous_only"] == expected.anonymous_only
    assert summary["disputes"] == expected.disputes
    assert summary["failed_checks"] == expected.failed_checks == 3


def test_audit_is_the_same_on_one_thread_two_threads_and_rdflib(tmp_path, monkeypatch):
    path = tmp_path / "corpus.nt"
    corpus.write_corpus(path, 150, seed=11)  # rdflib's joins grow fast: keep it small
    data = [ontology_file(), path]
    oxigraph = loading.load(data, engine=engines.create("oxigraph"), ontology=None)
    assert type(oxigraph).concurrent_queries
    two_threads = run_audit(oxigraph).as_dict()
    monkeypatch.setattr(type(oxigraph), "concurrent_queries", False)
    assert run_audit(oxigraph).as_dict() == two_threads
    reference = run_audit(loading.load(data, engine=engines.create("rdflib"), ontology=None)).as_dict()
    assert reference == two_threads and len(reference["disputes"]) > 10


def test_the_shares_are_what_the_generator_promises():
    expected = corpus.generate(io.StringIO(), 5000, seed=3)
    assert sum(expected.by_status.values()) == expected.claims == 5000
    assert all(expected.by_status[s] > 0.1 * 5000 for s in ("contested", "sourced", "anonymous", "publisher"))
    assert set(expected.defects) == {*corpus.DEFECTS, "anonymous-without-role"}
    assert not expected.conforms


def test_deterministic_and_both_syntaxes_hold_the_same_triples(tmp_path):
    first, second = io.StringIO(), io.StringIO()
    assert corpus.generate(first, 300, seed=5).as_dict() == corpus.generate(second, 300, seed=5).as_dict()
    assert first.getvalue() == second.getvalue()
    assert (
        corpus.generate(io.StringIO(), 300, seed=6).as_dict()
        != corpus.generate(io.StringIO(), 300, seed=5).as_dict()
    )
    nt, ttl = tmp_path / "c.nt", tmp_path / "c.ttl"
    expected = corpus.write_corpus(nt, 300, seed=5)
    corpus.write_corpus(ttl, 300, seed=5)
    graphs = []
    for path, name in ((nt, "ntriples"), (ttl, "turtle")):
        engine = engines.create("oxigraph")
        engine.load(path.read_bytes(), formats.by_name(name))
        graphs.append(engine)
    assert len(graphs[0]) == len(graphs[1]) == expected.triples


def test_without_defects_every_check_passes():
    out = io.StringIO()
    expected = corpus.generate(out, 1000, seed=2, defects=False)
    assert expected.failed_checks == 0 and not expected.defects
    engine = engines.create("oxigraph")
    engine.load(ontology_file().read_bytes(), formats.by_name("turtle"))
    engine.load(out.getvalue().encode(), formats.by_name("ntriples"))
    assert not run_audit(engine).failed


def test_string_rows_are_the_terms_lexical_values():
    from kgtool.engines.base import Engine

    engine = loading.load()
    assert type(engine).select_strings is not Engine.select_strings  # the fast path is tested
    crafted = (
        '<urn:x> <urn:p> "tab\\there \\"quoted\\" back\\\\slash\\nline é \\u00a0nbsp" , '
        '"05"^^<http://www.w3.org/2001/XMLSchema#integer> , "fr"@fr , _:b .\n'
    )
    engine.load(crafted.encode(), formats.by_name("turtle"))
    queries = [q.text for q in querylib.library().values() if not q.params]
    queries.append("SELECT ?o ?unbound WHERE { <urn:x> <urn:p> ?o OPTIONAL { ?o ?q ?unbound } }")
    for text in queries:
        expected = [{k: str(v) for k, v in row.items()} for row in engine.query(text).bindings()]
        assert list(engine.select_strings(text)) == expected
    assert len(list(engine.select_strings(queries[-1]))) == 4


def test_progress_bar_only_on_a_terminal():
    from kgtool import progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert progress.terminal(stream=io.StringIO()) is None  # piped: nothing
    assert progress.terminal(quiet=True, stream=Tty()) is None
    screen = Tty()
    draw = progress.terminal(stream=screen)
    draw("validate", 0, 4)
    draw("validate", 4, 4)
    assert screen.getvalue().endswith("validate  [" + "=" * progress.WIDTH + "] 4/4\n")
    draw("load", 3 << 20, 12 << 20)  # loading counts bytes
    assert screen.getvalue().endswith(
        "load      ["
        + "=" * (progress.WIDTH // 4)
        + " " * (progress.WIDTH - progress.WIDTH // 4)
        + "] 3/12 MiB"
    )


def test_oxigraph_rows_stream_and_a_reader_may_stop_early():
    # the rows come as Oxigraph writes them (no text of the whole result held), and a reader that
    # stops leaves no thread behind
    import threading

    engine = loading.load()
    before = threading.active_count()
    rows = engine.select_strings("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert not isinstance(rows, list)
    assert set(next(rows)) == {"s", "p", "o"}
    rows.close()
    del rows
    assert threading.active_count() == before


def test_an_oxigraph_query_error_comes_from_the_writing_thread_to_the_reader():
    import threading

    from kgtool.errors import QueryError

    engine = loading.load()
    before = threading.active_count()
    with pytest.raises(QueryError, match="cannot run the query"):
        engine.select_strings("SELECT ?s WHERE { ?s ?p }")
    assert threading.active_count() == before
