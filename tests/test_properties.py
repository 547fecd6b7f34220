"""Property-based: random valid claim graphs survive every export format, the audit and the
validator unchanged, whatever text their quotes hold."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from kgtool.audit.run import run_audit
from kgtool.authoring import annotations as authoring
from kgtool.inputs import loading
from kgtool.snapshot import Snapshot

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = Graph().parse(ROOT / "ontology" / "proxy.ttl")
NASTY = [
    '"',
    '"""',
    "\\",
    "\n",
    "'",
    "\u05e9\u05dc\u05d5\u05dd",
    "\U0001f600",
    "\u00a0",
    "\t",
    "}",
    "<",
    ">",
    "&",
    "#",
]
printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=8)
quote_text = st.lists(st.one_of(st.sampled_from(NASTY), printable), min_size=1, max_size=6).map(
    lambda parts: "".join(parts) + "."
)  # never blank
KINDS = ["publisher", "named_person", "institution", "document", "anonymous_individual", "anonymous_group"]

pytestmark = pytest.mark.slow


@st.composite
def annotated(draw) -> tuple[dict, Snapshot]:
    quotes = draw(st.lists(quote_text, min_size=1, max_size=5))
    text = "".join(f"[{i}] {q}\n" for i, q in enumerate(quotes))  # markers keep quotes unique
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=len(quotes), max_size=len(quotes)))
    polarities = draw(st.lists(st.booleans(), min_size=len(quotes), max_size=len(quotes)))
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    notes: dict = {
        "article": {"key": "a", "title": draw(quote_text), "publisher": "pub", "sha256": sha},
        "entity": {
            "pub": {"type": "Organization", "label": "Publisher", "source_kind": "publisher"},
            "x": {"type": "Person", "label": draw(quote_text)},
            "y": {"type": "Person", "label": "Y"},
        },
        "source": {},
        "claim": [],
    }
    for i, (quote, kind, negated) in enumerate(zip(quotes, kinds, polarities, strict=True)):
        if kind == "publisher":
            source = "pub"
        elif kind.startswith("anonymous"):
            source = f"s{i}"
            notes["source"][source] = {
                "kind": kind,
                "label": f"source {i}",
                "descriptor": draw(quote_text),
                "role": "role",
                "anonymity_reason": False,
            }
        else:
            source = f"e{i}"
            notes["entity"][source] = {
                "type": "Document" if kind == "document" else "Person",
                "label": draw(quote_text),
                "source_kind": kind,
            }
        notes["claim"].append(
            {
                "key": f"c{i}",
                "source": source,
                "mode": "publisher_narrative" if kind == "publisher" else "direct_quote",
                **({"publisher_class": "event_report"} if kind == "publisher" else {"cue": "said"}),
                "subject": "x",
                "predicate": "closeTo",
                "object": "y",
                "polarity": "negated" if negated else "affirmed",
                "quote": f"[{i}] {quote}",
            }
        )
    return notes, Snapshot(Path("random.txt"), text, sha)


def compiled(notes, snapshot) -> Graph:
    return authoring.compile_annotations(notes, snapshot, ONTOLOGY)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=annotated(), fmt=st.sampled_from(["ttl", "nt", "nq", "trig", "jsonld", "rdf"]))
def test_export_round_trip_keeps_graph_and_audit(kgtool, tmp_path, case, fmt):
    notes, snapshot = case
    graph = compiled(notes, snapshot)
    source = Path(tmp_path) / "claims.ttl"
    source.write_bytes(authoring.to_turtle(graph))
    out = Path(tmp_path) / f"out.{fmt}"
    result = kgtool("export", "-d", str(source), "-o", str(out))
    if fmt == "rdf" and any(ord(c) < 32 and c not in "\t\n\r" for c in snapshot.text):
        assert result.exit_code == 2  # XML 1.0 cannot carry it: refused, not written wrong
        return
    assert result.exit_code == 0, result.stderr
    assert isomorphic(_read(out), graph)
    ontology = ROOT / "ontology" / "proxy.ttl"
    back = loading.load([ontology, out], ontology=None)
    original = loading.load([ontology, source], ontology=None)
    assert json.dumps(run_audit(back).as_dict(), sort_keys=True) == json.dumps(
        run_audit(original).as_dict(), sort_keys=True
    )


def _read(path: Path) -> Graph:
    """The file's triples exactly as written (pyoxigraph's parser, no store)."""
    import pyoxigraph as ox

    quads = loading.read_quads(loading.resolve([str(path)]))
    return Graph().parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=annotated())
def test_validation_is_the_same_after_a_round_trip(kgtool, tmp_path, case):
    notes, snapshot = case
    source = Path(tmp_path) / "claims.ttl"
    source.write_bytes(authoring.to_turtle(compiled(notes, snapshot)))
    nquads = Path(tmp_path) / "claims.nq"
    assert kgtool("export", "-d", str(source), "-o", str(nquads)).exit_code == 0
    first = kgtool("validate", "-d", str(source), "--report", "turtle")
    second = kgtool("validate", "-d", str(nquads), "--report", "turtle")
    assert first.exit_code == second.exit_code == 0, first.stdout  # the graphs satisfy the shapes
    assert isomorphic(
        Graph().parse(data=first.stdout, format="turtle"), Graph().parse(data=second.stdout, format="turtle")
    )


@pytest.mark.parametrize("text", NASTY)
def test_each_nasty_string_alone(kgtool, tmp_path, text):
    test_export_round_trip_keeps_graph_and_audit.hypothesis.inner_test(kgtool, tmp_path, _single(text), "ttl")


def _single(quote: str) -> tuple[dict, Snapshot]:
    body = f"[0] {quote}\n"
    sha = hashlib.sha256(body.encode()).hexdigest()
    notes = {
        "article": {"key": "a", "title": "t", "publisher": "pub", "sha256": sha},
        "entity": {
            "pub": {"type": "Organization", "label": "P", "source_kind": "publisher"},
            "x": {"type": "Person", "label": "X"},
            "y": {"type": "Person", "label": "Y"},
        },
        "claim": [
            {
                "key": "c0",
                "source": "pub",
                "mode": "publisher_narrative",
                "publisher_class": "event_report",
                "subject": "x",
                "predicate": "closeTo",
                "object": "y",
                "quote": f"[0] {quote}",
            }
        ],
    }
    return notes, Snapshot(Path("s.txt"), body, sha)
