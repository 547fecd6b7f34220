"""VoID and DCAT descriptions of the graph, computed from the data by SPARQL, never by hand.

Where the data can be had (a SPARQL endpoint, dumps) is said only when it is known: the URLs
``kgtool serve`` answers at, or those the user gives; never a guessed address.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Template
from urllib.parse import urlsplit

from rdflib import FOAF, RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, VOID

from kgtool import formats
from kgtool.engines import Engine
from kgtool.errors import UsageError
from kgtool.namespaces import BASE, DATASET_IRI, PREFIXES, PROXY
from kgtool.publish.dataset_info import UNKNOWN, DatasetInfo
from kgtool.sparql.results import Term

IANA = "https://www.iana.org/assignments/media-types/"
ENTITY_SPACE = str(BASE) + "entity/"
COUNTS = Template("""
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX proxy: <https://w3id.org/kgtool/proxy#>
SELECT ?triples ?subjects ?properties ?resources ?sources ?entities WHERE {
  { SELECT (COUNT(DISTINCT *) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
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


def checked_url(url: str, option: str) -> str:
    """``url`` if it is an absolute http(s) or ftp URL, which a description can point to."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https", "ftp") or not parts.netloc:
        raise UsageError(
            f"{url!r} is not an absolute http(s) or ftp URL",
            "give the full URL it is published at",
            options=(option,),
        )
    return url


def dump_formats(urls: list[str]) -> dict[str, str]:
    """Dump URLs by the name of their RDF format, told by their extension (``claims.nt``)."""
    found = {}
    for url in urls:
        fmt = formats.by_extension(urlsplit(checked_url(url, "dump_urls")).path)
        if fmt is None or not fmt.is_rdf:
            raise UsageError(
                f"the format of the dump {url} is not known from its extension",
                "name it with the extension of its RDF format (.nt, .ttl, .trig, .nq, .jsonld, .rdf)",
                options=("dump_urls",),
            )
        found[fmt.name] = url
    return found


@dataclass(frozen=True)
class Measures:
    """What a description counts in the data: the queries' rows, taken once (a server
    describes the dataset at every address it is reached under)."""

    counts: dict[str, Term]
    classes: list[dict[str, Term]]
    terms: list[dict[str, Term]]
    examples: list[dict[str, Term]]


def measure(engine: Engine) -> Measures:
    return Measures(
        engine.query(COUNTS).bindings()[0],
        engine.query(CLASSES).bindings(),
        engine.query(TERMS).bindings(),
        engine.query(EXAMPLES).bindings(),
    )


def describe(
    engine: Engine | Measures,
    void: bool = True,
    dcat: bool = True,
    endpoint: str | None = None,
    dumps: dict[str, str] | None = None,
    info: DatasetInfo = UNKNOWN,
) -> Graph:
    """The VoID and/or DCAT description of the data of ``engine`` (or of what :func:`measure`
    took from it); ``endpoint`` the SPARQL endpoint's URL and ``dumps`` the dump URLs by format
    name, where they are known (none is invented); the licence and publisher those of ``info``,
    where it knows them."""
    dumps = dumps or {}
    measured = engine if isinstance(engine, Measures) else measure(engine)
    graph = Graph()
    for prefix, namespace in (
        ("void", VOID),
        ("dcat", DCAT),
        ("dcterms", DCTERMS),
        ("proxy", PROXY),
        ("foaf", FOAF),
    ):
        graph.bind(prefix, namespace)
    dataset = URIRef(DATASET_IRI)
    counts = measured.counts
    graph.add((dataset, DCTERMS.title, Literal("kgtool claims graph", lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(info.description, lang="en")))
    _licence_and_publisher(graph, dataset, info)
    if info.publisher:
        publisher = URIRef(info.publisher)
        graph.add((publisher, RDF.type, FOAF.Agent))
        if info.publisher_name:
            graph.add((publisher, FOAF.name, Literal(info.publisher_name)))
    if void:
        if endpoint:
            graph.add((dataset, VOID.sparqlEndpoint, URIRef(endpoint)))
        for url in dumps.values():
            graph.add((dataset, VOID.dataDump, URIRef(url)))
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
        classes = measured.classes
        graph.add((dataset, VOID.classes, _int(len(classes))))
        for row in classes:
            local = _namespace_local(str(row["class"]))
            partition = URIRef(f"{DATASET_IRI}/class/{local}")
            graph.add((dataset, VOID.classPartition, partition))
            graph.add((partition, VOID["class"], row["class"]))
            graph.add((partition, VOID.entities, _int(row["n"])))
        known = set(PREFIXES.values())
        for row in measured.terms:
            vocabulary = _namespace(str(row["term"]))
            if vocabulary in known:
                graph.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
        for row in measured.examples:
            graph.add((dataset, VOID.exampleResource, row["claim"]))
    if dcat:
        graph.add((dataset, RDF.type, DCAT.Dataset))
        for fmt in formats.FORMATS:
            if not fmt.is_rdf:
                continue
            distribution = URIRef(f"{DATASET_IRI}/distribution/{fmt.name}")
            graph.add((dataset, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add(
                (distribution, DCTERMS.title, Literal(f"claims.{fmt.extension} ({fmt.label})", lang="en"))
            )
            graph.add((distribution, DCAT.mediaType, URIRef(IANA + fmt.media_type)))
            if info.license:
                graph.add((distribution, DCTERMS.license, URIRef(info.license)))
            if fmt.name in dumps:  # a file to download: DCAT wants its URL as both
                graph.add((distribution, DCAT.downloadURL, URIRef(dumps[fmt.name])))
                graph.add((distribution, DCAT.accessURL, URIRef(dumps[fmt.name])))
        if endpoint:
            _data_service(graph, dataset, endpoint, info)
    return graph


def _licence_and_publisher(graph: Graph, node: URIRef, info: DatasetInfo) -> None:
    """``node``'s licence and publisher, each where it is known."""
    if info.license:
        graph.add((node, DCTERMS.license, URIRef(info.license)))
    if info.publisher:
        graph.add((node, DCTERMS.publisher, URIRef(info.publisher)))


def _data_service(graph: Graph, dataset: URIRef, endpoint: str, info: DatasetInfo) -> None:
    """The SPARQL endpoint as a DCAT data service that serves the dataset."""
    service = URIRef(f"{DATASET_IRI}/service/sparql")
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, DCTERMS.title, Literal("kgtool claims graph: SPARQL endpoint", lang="en")))
    graph.add((service, DCAT.endpointURL, URIRef(endpoint)))
    graph.add((service, DCAT.servesDataset, dataset))
    graph.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    _licence_and_publisher(graph, service, info)


def _namespace_local(iri: str) -> str:
    """A readable, IRI-safe name for a class partition: prefix-local."""
    namespace = _namespace(iri)
    prefix = next((p for p, ns in PREFIXES.items() if ns == namespace), "ns")
    return f"{prefix}-{iri[len(namespace) :]}"
