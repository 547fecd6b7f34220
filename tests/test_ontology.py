"""The ontology parses in two engines, documents every own term, and declares every term used."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from kgtool.namespaces import ONTOLOGY_IRI, PREFIXES, PROXY

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "proxy.ttl"
USES = [
    *sorted((ROOT / "data").glob("*.ttl")),
    *sorted((ROOT / "shapes").glob("*.ttl")),
    *sorted((ROOT / "queries").glob("*.rq")),
]


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
        str(t)
        for t in terms
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
    declared = {str(t)[len(str(PROXY)) :] for t in own_terms(ontology)}
    used = set(_PROXY_TERM.findall(path.read_text(encoding="utf-8")))
    assert sorted(used - declared) == []


MP = "http://purl.org/mp/"
CITO = "http://purl.org/spar/cito/"
SKOS_MAPPINGS = [
    URIRef(f"http://www.w3.org/2004/02/skos/core#{m}")
    for m in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch")
]


@pytest.mark.parametrize(
    "relation, umbrella, aligned",
    [
        ("contradicts", "disputes", "challenges"),
        ("denies", "disputes", "challenges"),
        ("challenges", "disputes", "challenges"),
        ("offersAlternativeTo", "disputes", "challenges"),
        ("partiallySupports", "supports", "supports"),
        ("corroborates", "supports", "supports"),
    ],
)
def test_relations_by_strength_are_aligned(ontology, relation, umbrella, aligned):
    # Micropublications by subproperty (a reasoner may infer it), CiTO by SKOS mapping only
    term = PROXY[relation]
    assert (term, RDFS.subPropertyOf, PROXY[umbrella]) in ontology
    assert (PROXY[umbrella], RDFS.subPropertyOf, URIRef(MP + aligned)) in ontology
    cito = {o for m in SKOS_MAPPINGS for o in ontology.objects(term, m)}
    assert cito and all(str(o).startswith(CITO) for o in cito)
    assert not [o for o in ontology.objects(term, RDFS.subPropertyOf) if str(o).startswith(CITO)]
    assert ontology.value(term, RDFS.domain) == ontology.value(term, RDFS.range) == PROXY.Claim


def test_a_conflict_is_not_an_owl_functional_property(ontology):
    # In OWL two values of a functional property are one individual: a reasoner would merge the
    # two perpetrators of an attack. Domain properties say "a second value conflicts" in our term.
    domain_predicates = set(Graph().parse(ROOT / "data" / "claims.ttl").objects(None, RDF.predicate))
    functional = set(ontology.subjects(RDF.type, OWL.FunctionalProperty))
    assert domain_predicates and not domain_predicates & functional
    single = set(ontology.subjects(RDF.type, PROXY.SingleValuedProperty))
    assert {PROXY.carriedOutBy, PROXY.fatalities, PROXY.personnelCount} <= single
    assert not single & functional


def _notations(ontology: Graph, scheme: URIRef) -> dict[str, URIRef]:
    """Notation -> concept of every concept of ``scheme`` that no other concept is narrower of."""
    concepts = set(ontology.subjects(SKOS.inScheme, scheme))
    leaves = concepts - set(ontology.objects(None, SKOS.broader))
    return {str(ontology.value(c, SKOS.notation)): c for c in leaves}


def test_vocabulary_module_is_the_ontologys(ontology):
    from kgtool import vocabulary

    assert _notations(ontology, PROXY.SourceKinds) == vocabulary.SOURCE_KINDS
    assert len(vocabulary.SOURCE_KINDS) == 10
    for kinds, broader in (
        (vocabulary.UNNAMED_KINDS, PROXY.UnnamedKind),
        (vocabulary.PARTY_KINDS, PROXY.PartyKind),
    ):
        assert {vocabulary.SOURCE_KINDS[k] for k in kinds} == set(ontology.subjects(SKOS.broader, broader))
    assert _notations(ontology, PROXY.PublisherClaimTypes) == vocabulary.PUBLISHER_CLASSES
    assert len(vocabulary.PUBLISHER_CLASSES) == 5


def test_admiralty_scale_is_the_ontologys(ontology):
    from rdflib import Literal

    from kgtool import vocabulary

    assert _notations(ontology, PROXY.SourceReliabilityScale) == vocabulary.RELIABILITY_GRADES
    assert _notations(ontology, PROXY.InformationCredibilityScale) == vocabulary.CREDIBILITY_GRADES
    grades = {**vocabulary.RELIABILITY_GRADES, **vocabulary.CREDIBILITY_GRADES}
    assert len(grades) == 12
    for notation, concept in grades.items():
        assert ontology.value(concept, PROXY.mispTag) == Literal(vocabulary.MISP_TAGS[notation])
        assert ontology.value(concept, SKOS.definition) is not None
        confidence = ontology.value(concept, PROXY.stixConfidence)
        expected = vocabulary.STIX_CONFIDENCE.get(notation)
        assert (None if confidence is None else confidence.toPython()) == expected, notation
    # the anchors: MISP's numbers for A to C, STIX's for 1 to 5
    assert [ontology.value(grades[g], PROXY.mispValue).toPython() for g in "ABC"] == [100, 75, 50]
    assert [vocabulary.STIX_CONFIDENCE[g] for g in "12345"] == [90, 70, 50, 30, 10]
