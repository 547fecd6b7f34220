"""Loading: engines agree, bad inputs give one clear error, nothing is fetched unless asked."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kgtool import engines, formats
from kgtool.errors import InputError, NetworkRefused
from kgtool.inputs import guards as reading
from kgtool.inputs import loading

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "proxy.ttl"
TURTLE = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"


@pytest.fixture
def listener(http_server):
    return http_server(body=TURTLE.encode(), content_type="text/turtle")


def as_graph(engine: engines.Engine) -> Graph:
    return Graph().parse(data=engine.dump(formats.by_name("ntriples")), format="nt")


def test_engines_load_the_same_graph():
    ox = loading.load([ONTOLOGY], engine=engines.create("oxigraph"), ontology=None)
    rd = loading.load([ONTOLOGY], engine=engines.create("rdflib"), ontology=None)
    assert (ox.name, rd.name) == ("oxigraph", "rdflib")
    assert len(ox) == len(rd) > 100
    assert isomorphic(as_graph(ox), as_graph(rd))
    assert isomorphic(as_graph(ox), Graph().parse(ONTOLOGY))


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_engines_answer_queries_alike(engine):
    loaded = loading.load([ONTOLOGY], engine=engines.create(engine), ontology=None)
    assert loaded.name == engine
    query = "PREFIX owl: <http://www.w3.org/2002/07/owl#> SELECT ?p WHERE { ?p a owl:FunctionalProperty }"
    reference = loading.load([ONTOLOGY], engine=engines.create("rdflib"), ontology=None).query(query)
    assert loaded.query(query).as_multiset() == reference.as_multiset()
    assert len(reference.rows) >= 5


def test_default_inputs_are_the_shipped_files():
    from kgtool import resources

    assert resources.ontology_file() == ONTOLOGY
    assert resources.default_graph_files()[0].is_file()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"@prefix ex: <http://example.org/> .\nex:a ex:b", "line 2"),
        (b"\xff\xfe\x00garbage", "line 1"),
    ],
)
def test_bad_files_give_one_clear_error(tmp_path, content, message):
    path = tmp_path / "input.ttl"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        loading.load([path], ontology=None)
    text = str(error.value)
    assert str(path) in text and message in text and "\n" not in text


def test_directory_and_missing_file(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        loading.load([tmp_path], ontology=None)
    with pytest.raises(InputError, match="no such file"):
        loading.load([tmp_path / "nope.ttl"], ontology=None)


def test_size_limit(tmp_path):
    path = tmp_path / "big.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    with pytest.raises(InputError, match="raise the byte limit") as error:
        loading.load([path], max_bytes=10, ontology=None)
    assert error.value.options == ("max_bytes",)


@pytest.mark.parametrize("name", ["oxigraph", "rdflib"])
def test_large_files_are_read_as_a_stream_with_progress(monkeypatch, name):
    claims = ROOT / "data" / "claims.ttl"
    whole = as_graph(loading.load([ONTOLOGY, claims], engine=engines.create(name), ontology=None))
    monkeypatch.setattr(loading, "STREAM_ABOVE", 0)  # every file counts as large
    held: list[str] = []
    monkeypatch.setattr(reading.GuardedReader, "read_all", lambda self: held.append("whole"))
    seen: list[tuple[str, int, int]] = []
    engine = loading.load_inputs(
        loading.resolve([str(ONTOLOGY), str(claims)]),
        engines.create(name),
        progress=lambda *a: seen.append(a),
    )
    assert held == []  # no file was read into memory first
    assert isomorphic(as_graph(engine), whole)
    total = ONTOLOGY.stat().st_size + claims.stat().st_size
    done = [d for _, d, _ in seen]
    assert {s for s, _, _ in seen} == {"load"} and {t for _, _, t in seen} == {total}
    assert len(done) > 2 and done == sorted(done) and done[-1] == total


def test_a_streamed_file_has_the_same_limits_and_errors(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "STREAM_ABOVE", 0)
    path = tmp_path / "broken.ttl"
    path.write_text(TURTLE + "ex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        loading.load([path], ontology=None)
    assert str(error.value).startswith(f"{path}: line 3") and "\n" not in str(error.value)
    with pytest.raises(InputError, match="raise the byte limit") as error:
        loading.load([path], max_bytes=10, ontology=None)
    assert error.value.options == ("max_bytes",)


def test_url_input_is_refused_without_a_request(listener):
    with pytest.raises(NetworkRefused, match="allow network access") as error:
        loading.load_inputs(loading.resolve([f"{listener.url}/data.ttl"]))
    assert error.value.options == ("allow_network",)
    with pytest.raises(NetworkRefused):
        loading.load_inputs(loading.resolve(["file:///etc/passwd"]))
    assert listener.paths == []


def test_url_input_is_fetched_when_allowed(listener):
    engine = loading.load_inputs(
        loading.resolve([f"{listener.url}/data.ttl"], allow_network=True), allow_network=True
    )
    assert len(engine) == 1
    assert listener.paths == ["/data.ttl"]


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_remote_jsonld_context_is_not_fetched(tmp_path, listener, engine):
    path = tmp_path / "doc.jsonld"
    document = {"@context": f"{listener.url}/context.jsonld", "@id": "http://example.org/a", "name": "x"}
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(InputError) as error:
        loading.load([path], engine=engines.create(engine), ontology=None)
    assert str(path) in str(error.value) and "allow network access" in str(error.value)
    assert error.value.options == ("allow_network",)
    assert listener.paths == []


def test_owl_imports_is_refused_unless_given_or_allowed(tmp_path, listener):
    path = tmp_path / "importing.ttl"
    path.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"<http://example.org/o> a owl:Ontology ; owl:imports <{listener.url}/o.ttl> .\n",
        encoding="utf-8",
    )
    with pytest.raises(NetworkRefused, match="pass that ontology as data") as error:
        loading.load([path], ontology=None)
    assert error.value.options == ("data", "allow_network")
    assert listener.paths == []
    engine = loading.load([path], allow_network=True, ontology=None)
    assert listener.paths == ["/o.ttl"]
    assert len(engine) == 3  # the importing file's two triples and the fetched one


def test_owl_imports_satisfied_by_an_input_is_fine(tmp_path):
    path = tmp_path / "importing.ttl"
    path.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<http://example.org/o> a owl:Ontology ; "
        "owl:imports <https://w3id.org/kgtool/proxy> .\n",
        encoding="utf-8",
    )
    engine = loading.load([path, ONTOLOGY], ontology=None)
    assert len(engine) > 100


def test_stdin_is_read_as_turtle_by_default(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TURTLE.encode())))
    engine = loading.load_inputs(loading.resolve(["-"]))
    assert len(engine) == 1


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_a_dataset_file_adds_to_what_is_loaded(tmp_path, engine):
    # rdflib's Dataset.parse empties the graph it parses into: nothing loaded before may vanish
    nquads = tmp_path / "more.nq"
    nquads.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> <urn:d> <urn:g> .\n", encoding="utf-8")
    alone = len(loading.load([ONTOLOGY], engine=engines.create(engine), ontology=None))
    both = loading.load([ONTOLOGY, nquads], engine=engines.create(engine), ontology=None)
    assert len(both) == alone + 2


def test_the_views_of_inputs_for_serving_come_from_one_parse(monkeypatch):
    from kgtool.engines.oxigraph import OxigraphEngine

    parsed: list[str] = []
    original = loading._each_input
    monkeypatch.setattr(
        loading,
        "_each_input",
        lambda inputs, *a, **k: parsed.extend(i.name for i in inputs) or original(inputs, *a, **k),
    )
    quads, engine = loading.Inputs().quads_and_engine()
    assert isinstance(engine, OxigraphEngine) and len(engine) == len(set(quads)) > 1000
    assert sorted(parsed) == sorted(str(p) for p in (ONTOLOGY, ROOT / "data" / "claims.ttl"))


def test_json_depth_counts_brackets_outside_strings_whatever_the_pieces():
    text = b'{"a": ["[[{", "\\\\", "\\"[", [[1]]], "b": {"c": {}}}'
    for cut in range(len(text) + 1):
        depth = reading.JsonDepth(limit=4)  # the deepest: {"a": [[[1
        depth.feed(text[:cut])
        depth.feed(text[cut:])
        assert (depth.depth, depth.in_string) == (0, False), cut
    with pytest.raises(InputError, match="more than 3 levels"):
        reading.JsonDepth(limit=3).feed(b'{"a": [[["x"]]]}')


@pytest.mark.parametrize("streamed", [False, True])
def test_a_byte_order_mark_is_skipped(tmp_path, monkeypatch, streamed):
    if streamed:
        monkeypatch.setattr(loading, "STREAM_ABOVE", 0)
    path = tmp_path / "bom.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + TURTLE.encode())
    assert (
        len(loading.load([path], ontology=None))
        == len(loading.Inputs((str(path),), ontology=None).quads())
        == 1
    )


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_stream_gets_no_bar_and_a_file_one_finished_bar(tmp_path, monkeypatch):
    from kgtool import progress

    # stdin beside a file (the ontology is always added) used to draw the finished bar of the
    # file's size again at every read: thousands of lines for a large corpus
    big = tmp_path / "big.nt"
    triples = (f'<http://example.org/s{i}> <http://example.org/p> "{i}" .\n' for i in range(50_000))
    big.write_text("".join(triples), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(big.read_bytes())))
    monkeypatch.setattr(loading, "STREAM_ABOVE", 0)  # read in pieces, as a large input is
    shown = _Terminal()
    with_stdin = loading.resolve([str(ONTOLOGY)]) + loading.resolve(["-"], "nt")
    loading.load_inputs(with_stdin, progress=progress.terminal(stream=shown))
    assert shown.getvalue() == ""
    shown = _Terminal()
    loading.load_inputs(loading.resolve([str(ONTOLOGY), str(big)]), progress=progress.terminal(stream=shown))
    lines = shown.getvalue().split("\n")
    assert len(lines) == 2 and lines[1] == ""  # one bar, ended once
    total = (ONTOLOGY.stat().st_size + big.stat().st_size) / 2**20
    assert lines[0].endswith(f"[{'=' * progress.WIDTH}] {total:.0f}/{total:.0f} MiB")


def test_gzip_files_and_stdin_are_read_decompressed(tmp_path, monkeypatch):
    import gzip

    plain = tmp_path / "claims.nt"
    plain.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n" * 3, "utf-8")
    packed = tmp_path / "claims.nt.gz"  # dumps are shipped so: it used to be a syntax error at byte 0
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    expected = as_graph(loading.load([plain], ontology=None))
    assert len(expected) == 1
    assert isomorphic(as_graph(loading.load([packed], ontology=None)), expected)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(packed.read_bytes())))
    assert isomorphic(as_graph(loading.load_inputs(loading.resolve(["-"], "nt"))), expected)
    # the byte limit counts what is parsed, not what is on disk: a gzip bomb is stopped
    bomb = tmp_path / "bomb.nt.gz"
    bomb.write_bytes(gzip.compress(b"#" * 10_000_000))
    assert bomb.stat().st_size < 100_000
    with pytest.raises(InputError, match="larger than 1,000,000 bytes"):
        loading.load([bomb], max_bytes=1_000_000, ontology=None)
    truncated = tmp_path / "truncated.nt.gz"
    truncated.write_bytes(packed.read_bytes()[:20])
    with pytest.raises(InputError) as error:
        loading.load([truncated], ontology=None)
    assert str(error.value).startswith(f"{truncated}: cannot decompress") and "\n" not in str(error.value)


def test_n3_is_read_as_turtle_and_its_rules_refused_by_name(tmp_path):
    n3 = tmp_path / "data.n3"
    n3.write_text(TURTLE, encoding="utf-8")
    assert len(loading.load([n3], ontology=None)) == 1
    n3.write_text("@prefix : <http://example.org/> .\n{ ?x :p ?y } => { ?y :q ?x } .\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        loading.load([n3], ontology=None)
    assert str(error.value).startswith(f"{n3}: line 2") and "without formulae, rules" in str(error.value)


def test_relative_iris_resolve_against_the_base_given(tmp_path, monkeypatch):
    relative = "@prefix ex: <http://example.org/> .\n<a> ex:p <b> .\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(relative.encode())))
    with pytest.raises(InputError, match="give the base IRI") as error:
        loading.Inputs(("-",), ontology=None).quads()
    assert error.value.options == ("base",)
    path = tmp_path / "relative.ttl"
    path.write_text(relative, encoding="utf-8")
    inputs = loading.Inputs((str(path),), base="https://example.org/doc/")
    subjects = {q.subject.value for q in inputs.quads()}
    assert "https://example.org/doc/a" in subjects
    assert not any(s.startswith("file:") for s in subjects)  # the ontology keeps its own IRIs
    # without a base, a file's relative IRIs are its own file: URI's
    assert {q.subject.value for q in loading.Inputs((str(path),), ontology=None).quads()} == {
        path.resolve().as_uri().rsplit("/", 1)[0] + "/a"
    }
