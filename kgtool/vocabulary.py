"""The ontology's controlled vocabularies that code names, by their ``skos:notation``.

Declared once, here, so that no module needs to parse the ontology to know them;
tests/test_ontology.py checks them against ``ontology/proxy.ttl`` (notations, concepts and
``skos:broader``), so the two cannot drift apart.
"""

from rdflib import URIRef

from kgtool.namespaces import PROXY

#: Source kinds (proxy:SourceKinds), in the order reports list them.
SOURCE_KINDS: dict[str, URIRef] = {
    "publisher": PROXY.PublisherKind,
    "named_person": PROXY.NamedPersonKind,
    "institution": PROXY.InstitutionKind,
    "document": PROXY.DocumentKind,
    "partisan_outlet": PROXY.PartisanOutletKind,
    "claimant": PROXY.ClaimantKind,
    "anonymous_individual": PROXY.AnonymousIndividualKind,
    "anonymous_group": PROXY.AnonymousGroupKind,
    "unstated": PROXY.UnstatedKind,
    "unclassified": PROXY.UnclassifiedKind,
}
#: Kinds of sources the text does not name (skos:broader proxy:UnnamedKind).
UNNAMED_KINDS = frozenset({"anonymous_individual", "anonymous_group", "unstated"})
#: Kinds no author gives a source: proxy:NoSourceGiven's, and that of mentions imported from a
#: corpus that does not say whether they name their source.
ASSIGNED_KINDS = frozenset({"unstated", "unclassified"})
#: Kinds that say what a source is, not whether the text names it (skos:broader proxy:PartyKind).
PARTY_KINDS = frozenset({"partisan_outlet", "claimant"})
#: What the publisher's own claims are (proxy:PublisherClaimTypes).
PUBLISHER_CLASSES: dict[str, URIRef] = {
    "headline": PROXY.HeadlineOrCaption,
    "background": PROXY.Background,
    "event_report": PROXY.EventReport,
    "exclusive": PROXY.ExclusiveReporting,
    "analysis": PROXY.AnalysisOrPrediction,
}
#: The Admiralty scale's grades (proxy:SourceReliabilityScale, proxy:InformationCredibilityScale).
RELIABILITY_GRADES: dict[str, URIRef] = {letter: PROXY[f"Reliability{letter}"] for letter in "ABCDEF"}
CREDIBILITY_GRADES: dict[str, URIRef] = {digit: PROXY[f"Credibility{digit}"] for digit in "123456"}
#: STIX 2.1's normative mapping of credibility to confidence; 6 has none (confidence left unset).
STIX_CONFIDENCE: dict[str, int] = {"1": 90, "2": 70, "3": 50, "4": 30, "5": 10}
#: MISP's admiralty-scale machine tag of every grade.
MISP_TAGS: dict[str, str] = {
    **{g: f'admiralty-scale:source-reliability="{g.lower()}"' for g in RELIABILITY_GRADES},
    **{g: f'admiralty-scale:information-credibility="{g}"' for g in CREDIBILITY_GRADES},
}
