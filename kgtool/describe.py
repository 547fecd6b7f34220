"""VoID and DCAT descriptions of the graph, computed from the data by SPARQL, never by hand."""

from __future__ import annotations

from string import Template

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, VOID

from kgtool import formats
from kgtool.engines import Engine
from kgtool.namespaces import BASE, DATA_LICENSE, DATASET_IRI, PREFIXES, PROXY

IANA = "https://www.iana.org/assignments/media-types/"
ENTITY_SPACE = str(BASE) + "entity/"
COUNTS = Template("""
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX proxy: <https://w3id.org/kgtool/proxy#>
SELECT ?triples ?subjects ?properties ?resources ?sources ?entities WHERE {
  { SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
           (COUNT(DISTINCT ?p) AS ?properties) WHERE { ?s ?p ?o } }
  { SELECT (COUNT(DISTINCT ?r) AS ?resources) WHERE {
      ?r ?p ?o . FILTER (STRSTARTS(STR(?r), "$base")) } }
  { SELECT (COUNT(DISTINCT ?a) AS ?sources) WHERE { ?c a proxy:Claim ; prov:wasAttributedTo ?a } }
  { SELECT (COUNT(DISTINCT ?e) AS ?entities) WHERE {
      ?e ?p ?o . FILTER (STRSTARTS(STR(?e), "$entities")) } }
}""").substitute(base=str(BASE), entities=ENTITY_SPACE)
CLASSES = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"
TERMS = "SELECT DISTINCT ?term WHERE { { ?s ?term ?o } UNION { ?s a ?term } }"
EXAMPLES = """PREFIX proxy: <https://w3id.org/kgtool/proxy#>
SELECT ?claim WHERE { ?claim a proxy:Claim } ORDER BY ?claim LIMIT 3"""


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _int(value) -> Literal:
    return Literal(int(value), datatype=XSD.integer)


def describe(engine: Engine, void: bool = True, dcat: bool = True) -> Graph:
    graph = Graph()
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS),
                              ("proxy", PROXY)):
        graph.bind(prefix, namespace)
    dataset = URIRef(DATASET_IRI)
    counts = engine.query(COUNTS).bindings()[0]
    graph.add((dataset, DCTERMS.title, Literal("kgtool claims graph", lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(
        "Every statement of a news article as a reified, sourced and anchored RDF claim.",
        lang="en")))
    graph.add((dataset, DCTERMS.license, URIRef(DATA_LICENSE)))
    if void:
        graph.add((dataset, RDF.type, VOID.Dataset))
        graph.add((dataset, VOID.triples, _int(counts["triples"])))
        graph.add((dataset, VOID.distinctSubjects, _int(counts["subjects"])))
        graph.add((dataset, VOID.properties, _int(counts["properties"])))
        graph.add((dataset, VOID.entities, _int(counts["resources"])))
        graph.add((dataset, VOID.uriSpace, Literal(str(BASE))))
        # the domain entities: the subset under entity/
        entities = URIRef(f"{DATASET_IRI}/entities")
        graph.add((dataset, VOID.subset, entities))
        graph.add((entities, RDF.type, VOID.Dataset))
        graph.add((entities, VOID.uriSpace, Literal(ENTITY_SPACE)))
        graph.add((entities, VOID.entities, _int(counts["entities"])))
        # the sources: the distinct agents claims are attributed to
        attribution = URIRef(f"{DATASET_IRI}/property/prov-wasAttributedTo")
        graph.add((dataset, VOID.propertyPartition, attribution))
        graph.add((attribution, VOID.property, PROV.wasAttributedTo))
        graph.add((attribution, VOID.distinctObjects, _int(counts["sources"])))
        classes = engine.query(CLASSES).bindings()
        graph.add((dataset, VOID.classes, _int(len(classes))))
        for row in classes:
            local = _namespace_local(str(row["class"]))
            partition = URIRef(f"{DATASET_IRI}/class/{local}")
            graph.add((dataset, VOID.classPartition, partition))
            graph.add((partition, VOID["class"], row["class"]))
            graph.add((partition, VOID.entities, _int(row["n"])))
        known = set(PREFIXES.values())
        for row in engine.query(TERMS).bindings():
            namespace = _namespace(str(row["term"]))
            if namespace in known:
                graph.add((dataset, VOID.vocabulary, URIRef(namespace)))
        for row in engine.query(EXAMPLES).bindings():
            graph.add((dataset, VOID.exampleResource, row["claim"]))
    if dcat:
        graph.add((dataset, RDF.type, DCAT.Dataset))
        for fmt in formats.FORMATS:
            if not fmt.is_rdf:
                continue
            distribution = URIRef(f"{DATASET_IRI}/distribution/{fmt.name}")
            graph.add((dataset, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add((distribution, DCTERMS.title, Literal(f"claims.{fmt.extension} ({fmt.label})",
                                                            lang="en")))
            graph.add((distribution, DCAT.mediaType, URIRef(IANA + fmt.media_type)))
            graph.add((distribution, DCTERMS.license, URIRef(DATA_LICENSE)))
    return graph


def _namespace_local(iri: str) -> str:
    """A readable, IRI-safe name for a class partition: prefix-local."""
    namespace = _namespace(iri)
    prefix = next((p for p, ns in PREFIXES.items() if ns == namespace), "ns")
    return f"{prefix}-{iri[len(namespace):]}"
