"""The one place that names kgtool's namespaces and base IRI."""

from rdflib import Namespace

#: The ontology's namespace (ontology/proxy.ttl).
PROXY = Namespace("https://w3id.org/kgtool/proxy#")
#: The ontology document itself.
ONTOLOGY_IRI = "https://w3id.org/kgtool/proxy"
#: Base of every instance IRI: claims, sources, entities, the article, anchors.
BASE = Namespace("https://w3id.org/kgtool/id/")

#: The dataset (VoID/DCAT descriptions, nanopublication info).
DATASET_IRI = str(BASE) + "dataset"
#: Who publishes the dataset (its dcterms:publisher): the authors of kgtool and its data.
DATASET_PUBLISHER = str(BASE) + "agent/kgtool-developers"
DATASET_PUBLISHER_NAME = "kgtool developers"
#: The licence of the data: the ontology, the claims and every export.
DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"

RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
NP = Namespace("http://www.nanopub.org/nschema#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
VANN = Namespace("http://purl.org/vocab/vann/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

#: Prefixes kgtool binds when it writes RDF and declares in queries.
PREFIXES: dict[str, str] = {
    "proxy": str(PROXY),
    "id": str(BASE),
    "claim": str(BASE) + "claim/",
    "source": str(BASE) + "source/",
    "entity": str(BASE) + "entity/",
    "article": str(BASE) + "article/",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": str(PROV),
    "oa": str(OA),
    "schema": str(SCHEMA),
    "dcterms": str(DCT),
    "org": str(ORG),
    "foaf": str(FOAF),
    "vann": str(VANN),
}


def compact(iri: str) -> str:
    """A compact name for people reading output (``entity:khamenei``): the longest known
    namespace wins; an IRI in none of them stays whole."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best) :]}"


def local_name(iri: str) -> str:
    """The last segment of an IRI, after its last ``#`` or ``/`` (a claim's key, a term's name);
    a trailing ``/`` or ``#`` does not count."""
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
