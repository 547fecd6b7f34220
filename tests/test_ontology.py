"""The ontology parses in two engines, documents every own term, and declares every term used."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kgtool.namespaces import ONTOLOGY_IRI, PREFIXES, PROXY

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "proxy.ttl"
USES = [*sorted((ROOT / "data").glob("*.ttl")), *sorted((ROOT / "shapes").glob("*.ttl")),
        *sorted((ROOT / "queries").glob("*.rq"))]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def own_terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(PROXY))}


def test_ontology_header(ontology):
    node = URIRef(ONTOLOGY_IRI)
    assert (node, RDF.type, OWL.Ontology) in ontology
    for prop in ("versionIRI",):
        assert ontology.value(node, OWL[prop]) is not None
    for prop in ("title", "description", "license", "creator"):
        assert ontology.value(node, URIRef(f"http://purl.org/dc/terms/{prop}")) is not None, prop


def test_ontology_loads_in_oxigraph():
    store = ox.Store()
    store.load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(Graph().parse(ONTOLOGY, format="turtle"))


def test_every_own_term_has_label_and_comment(ontology):
    terms = own_terms(ontology)
    assert len(terms) > 40  # the provenance part alone declares more
    undocumented = sorted(
        str(t) for t in terms
        if ontology.value(t, RDFS.label) is None or ontology.value(t, RDFS.comment) is None
    )
    assert undocumented == []


def test_prefix_in_ontology_matches_code():
    text = ONTOLOGY.read_text(encoding="utf-8")
    assert f"@prefix proxy:   <{PREFIXES['proxy']}>" in text


_PROXY_TERM = re.compile(r"(?:proxy:|<" + re.escape(str(PROXY)) + r")([A-Za-z_][\w-]*)")


def test_files_that_use_terms_exist():
    assert any(p.suffix == ".rq" for p in USES)  # the guard below must have something to guard


@pytest.mark.parametrize("path", USES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_term_used_is_declared(ontology, path):
    declared = {str(t)[len(str(PROXY)):] for t in own_terms(ontology)}
    used = set(_PROXY_TERM.findall(path.read_text(encoding="utf-8")))
    assert sorted(used - declared) == []
