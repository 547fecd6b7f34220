"""Compile the hand-written annotations (``data/claims.toml``) into the claims graph.

The annotation format is described in ``data/README.md``. Compiling locates every quote in the
snapshot to compute its Web Annotation selectors, checks every reference against the ontology,
and builds IRIs from the annotation keys, so that the output is stable byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV

from kgtool.authoring.anchors import LiteralValue, Triple, article_triples, span_iri, span_triples
from kgtool.authoring.schema import check_keys
from kgtool.errors import InputError
from kgtool.input_files import regular_file
from kgtool.namespaces import BASE, PREFIXES, PROXY, SCHEMA
from kgtool.snapshot import Snapshot
from kgtool.vocabulary import (
    ASSIGNED_KINDS,
    PARTY_KINDS,
    PUBLISHER_CLASSES,
    SOURCE_KINDS,
    UNNAMED_KINDS,
)

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MODES = {
    "direct_quote": PROXY.DirectQuote,
    "paraphrase": PROXY.Paraphrase,
    "publisher_narrative": PROXY.PublisherNarrative,
}
POLARITIES = {"affirmed": PROXY.Affirmed, "negated": PROXY.Negated}
CERTAINTIES = {"certain": PROXY.Certain, "probable": PROXY.Probable, "possible": PROXY.Possible}
# Quantifiers and scopes the article puts on claims (see data/GUIDELINES.md, rule 3.3).
QUANTIFIERS = {
    "all",
    "each",
    "most",
    "mainly",
    "many",
    "dozens",
    "some",
    "few",
    "a number of",
    "major",
    "the most prominent",
}
ACCESSES = {"first_hand": PROXY.FirstHand, "relayed": PROXY.Relayed, "unknown": PROXY.UnknownAccess}
# Typed links between claims, by strength (ontology/proxy.ttl, "Who disputes or supports it").
#: A claim with any of these states its content as a reified triple; with none, it is content-only.
CONTENT_FIELDS = ("subject", "predicate", "object", "value")
#: The source of an attribution whose text gives none (proxy:NoSourceGiven).
NO_SOURCE = "unstated"
RELATIONS = {
    "contradicts": PROXY.contradicts,
    "denies": PROXY.denies,
    "challenges": PROXY.challenges,
    "offers_alternative_to": PROXY.offersAlternativeTo,
    "partially_supports": PROXY.partiallySupports,
    "corroborates": PROXY.corroborates,
}


def read_annotations(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    regular_file(path, "annotations")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(
            f"{path}: line {line}, byte {e.start} is not UTF-8", "give the file as UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{path}: {e}", "fix the TOML syntax") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays and tables
        raise InputError(
            f"{path}: arrays or inline tables nested too deeply to read",
            "flatten it: the format nests a few levels at most",
        ) from None


#: The review of a drafted claim, source or entity: proposed until a person accepts it.
REVIEWS = {"proposed": PROXY.Proposed, "accepted": PROXY.Accepted}
WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def _term(value: str | LiteralValue) -> URIRef | Literal:
    if isinstance(value, LiteralValue):
        return Literal(value.value, datatype=URIRef(value.datatype) if value.datatype else None)
    return URIRef(value)


class _Compiler:
    def __init__(
        self,
        notes: dict[str, Any],
        snapshot: Snapshot,
        ontology: Graph,
        base: Namespace = BASE,
        source: str = "the annotations",
    ) -> None:
        self.source = source  # the file, named first in every error
        self.base = base
        self.notes = notes
        self.snapshot = snapshot
        self.ontology = ontology
        self.graph = Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)
        self.entities: dict[str, dict] = notes.get("entity", {})
        self.sources: dict[str, dict] = notes.get("source", {})
        self.claims: list[dict] = notes.get("claim", [])
        self.claim_keys = {c.get("key") for c in self.claims}
        self.prefixes: dict[str, str] = {}
        for prefix, namespace in notes.get("prefixes", {}).items():
            if not isinstance(namespace, str) or not WEB_ADDRESS.match(namespace):
                self.fail("[prefixes]", f"{prefix} = {namespace!r} is not an http(s) namespace IRI")
            self.prefixes[prefix] = namespace
        self.drafting: URIRef | None = None  # the drafter's activity, when a drafter wrote the file

    # --- checks ----------------------------------------------------------------

    def fail(self, where: str, message: str, hint: str | None = None, **extra: Any) -> NoReturn:
        raise InputError(f"{self.source}: {where}: {message}", hint, **extra)

    def slug(self, where: str, key: Any) -> str:
        if not isinstance(key, str) or not _SLUG.match(key):
            self.fail(where, f"key {key!r} is not a slug", "use lower case, digits and '-'")
        return key

    def one_of(self, where: str, field: str, value: Any, allowed: dict) -> URIRef:
        if value not in allowed:
            self.fail(where, f"{field} {value!r} is not one of {', '.join(allowed)}")
        return allowed[value]

    def declared(self, where: str, name: Any, kinds: Iterable[URIRef]) -> URIRef:
        """A class or property of the ontology: a local name of kgtool's (``Person``), a prefixed
        name of [prefixes] (``council:Bridge``) or a full IRI."""
        if not isinstance(name, str) or not name:
            self.fail(where, f"{name!r} is not the name of an ontology term")
        if WEB_ADDRESS.match(name):
            term = URIRef(name)
        elif ":" in name:
            prefix, _, local = name.partition(":")
            if prefix not in self.prefixes:
                self.fail(where, f"prefix {prefix!r} of {name} is not declared", "declare it in [prefixes]")
            term = URIRef(self.prefixes[prefix] + local)
        else:
            term = PROXY[name]
        if not any((term, RDF.type, kind) in self.ontology for kind in kinds):
            shown = f"proxy:{name}" if term == PROXY[name] else name
            self.fail(
                where,
                f"{shown} is not declared in the ontology",
                "declare it in the ontology (one of your own may import kgtool's), or fix the name",
                options=("ontology",),
            )
        return term

    def agent(self, where: str, key: Any) -> URIRef:
        if key == NO_SOURCE and key not in self.sources:
            return PROXY.NoSourceGiven
        if key in self.sources:
            return self.source_iri(key)
        if key in self.entities and "source_kind" in self.entities[key]:
            return self.entity_iri(key)
        return self.fail(where, f"source {key!r} is neither a [source] nor an entity with source_kind")

    def entity(self, where: str, key: Any) -> URIRef:
        if key not in self.entities:
            self.fail(where, f"entity {key!r} is not defined", "add an [entity.KEY] table")
        return self.entity_iri(key)

    # --- IRIs: from the keys, under the base ------------------------------------

    def entity_iri(self, key: str) -> URIRef:
        return self.base[f"entity/{key}"]

    def source_iri(self, key: str) -> URIRef:
        return self.base[f"source/{key}"]

    def claim_iri(self, key: str) -> URIRef:
        return self.base[f"claim/{key}"]

    def article_iri(self, key: str) -> URIRef:
        return self.base[f"article/{key}"]

    # --- building --------------------------------------------------------------

    def add(self, s: URIRef, p: URIRef, o: Any) -> None:
        self.graph.add((s, p, o))

    def add_all(self, triples: Iterable[Triple]) -> None:
        for s, p, o in triples:
            self.graph.add((URIRef(s), URIRef(p), _term(o)))

    def locate(self, where: str, spec: Any) -> tuple[int, int]:
        """Offsets of a quote in the snapshot: the only occurrence, or the ``nth``."""
        exact, nth = (
            (spec, None)
            if isinstance(spec, str)
            else ((spec.get("exact"), spec.get("nth")) if isinstance(spec, dict) else (None, None))
        )
        if not isinstance(exact, str) or not exact.strip():
            self.fail(where, "a quote must be a non-empty string or {exact, nth}")
        if nth is not None and (isinstance(nth, bool) or not isinstance(nth, int) or nth < 1):
            self.fail(
                where,
                f"nth = {nth!r} is not a positive integer",
                "count occurrences from 1: nth = 1 is the first",
            )
        starts = [m.start() for m in re.finditer(re.escape(exact), self.snapshot.text)]
        if not starts:
            self.fail(
                where, f"quote not in the snapshot: {exact[:60]!r}", "copy it verbatim from the snapshot"
            )
        if nth is None and len(starts) > 1:
            self.fail(
                where,
                f"quote occurs {len(starts)} times: {exact[:60]!r}",
                "say which with { exact = ..., nth = N }",
            )
        index = (nth or 1) - 1  # nth is None or at least 1 here
        if not 0 <= index < len(starts):
            self.fail(where, f"nth = {nth} but the quote occurs {len(starts)} times")
        return starts[index], starts[index] + len(exact)

    def span(self, article: URIRef, where: str, spec: Any) -> URIRef:
        start, end = self.locate(where, spec)
        self.add_all(span_triples(str(article), self.snapshot.text, start, end))
        return URIRef(span_iri(str(article), start, end))

    def article(self) -> tuple[URIRef, dict]:
        meta = self.notes.get("article")
        if not isinstance(meta, dict):
            self.fail("[article]", "missing")
        where = "[article]"
        node = self.article_iri(self.slug(where, meta.get("key")))
        if meta.get("sha256") != self.snapshot.sha256:
            self.fail(
                where,
                f"sha256 {meta.get('sha256')} is not the snapshot's "
                f"{self.snapshot.sha256} ({self.snapshot.path})",
                "compile against the snapshot the annotations were written for",
            )
        publisher = self.entity(where, meta.get("publisher"))
        title = self.required(where, meta, "title")
        self.add_all(article_triples(str(node), title, str(publisher), self.snapshot.sha256))
        for field, prop in (("url", SCHEMA.url), ("archived", SCHEMA.archivedAt)):
            if field in meta:
                self.add(node, prop, self.web_address(where, field, meta[field]))
        if "drafted_by" in meta:  # the drafter whose proposals the file holds
            self.drafting = self.base[f"activity/draft/{self.slug(where, meta['key'])}"]
            self.add(self.drafting, RDF.type, PROV.Activity)
            self.add(self.drafting, PROV.used, node)
            self.add(self.drafting, PROXY.method, Literal(self.required(where, meta, "drafted_by")))
        published = meta.get("published")
        if published is not None:
            self.add(node, SCHEMA.datePublished, self.date(where, published))
            if meta.get("published_inferred"):
                self.add(node, PROXY.reportDateInferred, Literal(meta["published_inferred"]))
        return node, meta

    def web_address(self, where: str, field: str, value: Any) -> URIRef:
        if not isinstance(value, str) or not WEB_ADDRESS.match(value):
            self.fail(where, f"{field} {value!r} is not a web address", "give its http(s) address")
        return URIRef(value)

    def review(self, where: str, node: URIRef, table: dict) -> None:
        """A drafted claim, source or entity: proposed by the drafter until a person accepts it
        (review = "accepted"); what carries no review was written by a person."""
        if "review" not in table:
            if "reviewed_by" in table:
                self.fail(where, "reviewed_by without review", 'add review = "accepted"')
            return
        status = self.one_of(where, "review", table["review"], REVIEWS)
        if self.drafting is None:
            self.fail(
                where, "a review mark in a file no drafter wrote", "name the drafter: drafted_by in [article]"
            )
        self.add(node, PROXY.reviewStatus, status)
        self.add(node, PROV.wasGeneratedBy, self.drafting)
        reviewer = table.get("reviewed_by")
        if reviewer is not None:
            if status != PROXY.Accepted or not isinstance(reviewer, str) or not reviewer.strip():
                self.fail(where, "reviewed_by names who accepted it", 'give a name, with review = "accepted"')
            person = self.base[f"reviewer/{re.sub(r'[^a-z0-9]+', '-', reviewer.casefold()).strip('-')}"]
            self.add(node, PROXY.reviewedBy, person)
            self.add(person, RDF.type, PROV.Person)
            self.add(person, RDFS.label, Literal(reviewer.strip()))

    def score(self, where: str, value: Any) -> Literal:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            self.fail(where, f"confidence {value!r} is not a number from 0 to 1")
        return Literal(f"{value:.3f}", datatype=XSD.decimal)

    def date(self, where: str, value: Any) -> Literal:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.fail(where, f"date {value!r} is not a TOML date (YYYY-MM-DD, unquoted)")
        return Literal(value.isoformat(), datatype=XSD.date)

    def value(self, where: str, value: Any) -> Literal:
        if isinstance(value, bool):
            return Literal(value)
        if isinstance(value, int):
            return Literal(str(value), datatype=XSD.integer)
        if isinstance(value, dt.date):
            return self.date(where, value)
        if isinstance(value, str) and value:
            return Literal(value)
        return self.fail(where, f"value {value!r} must be a string, integer, boolean or date")

    def entity_nodes(self) -> None:
        classes = (OWL.Class, RDFS.Class)
        for key, entity in sorted(self.entities.items()):
            where = f"[entity.{key}]"
            node = self.entity_iri(self.slug(where, key))
            self.add(node, RDF.type, self.declared(where, entity.get("type"), classes))
            self.add(node, RDFS.label, Literal(self.required(where, entity, "label"), lang="en"))
            self.review(where, node, entity)
            if "source_kind" in entity:
                self.source_description(
                    where, node, entity, entity["source_kind"], named=entity.get("named", True)
                )

    def source_nodes(self) -> None:
        """[source.KEY] tables: the sources the text does not name."""
        for key, source in sorted(self.sources.items()):
            where = f"[source.{key}]"
            node = self.source_iri(self.slug(where, key))
            self.add(node, RDFS.label, Literal(self.required(where, source, "label"), lang="en"))
            self.review(where, node, source)
            self.source_description(where, node, source, self.required(where, source, "kind"), named=False)

    def source_description(self, where: str, node: URIRef, table: dict, kind: Any, named: Any) -> None:
        """Class, kind and descriptors of a source; a party to the events may be unnamed."""
        if not isinstance(named, bool):
            self.fail(where, f"named = {named!r} is not true or false")
        allowed = (
            set(SOURCE_KINDS) - UNNAMED_KINDS if named else UNNAMED_KINDS | PARTY_KINDS
        ) - ASSIGNED_KINDS
        if kind not in allowed:
            self.fail(
                where,
                f"a {'named' if named else 'unnamed'} source cannot have kind {kind!r}",
                f"use one of {', '.join(sorted(allowed))}",
            )
        self.add(node, RDF.type, PROXY.NamedSource if named else PROXY.AnonymousSource)
        self.add(node, PROXY.sourceKind, SOURCE_KINDS[kind])
        if "access" in table:
            self.add(node, PROXY.access, self.one_of(where, "access", table["access"], ACCESSES))
        if not named:
            self.add(node, PROXY.descriptor, Literal(self.required(where, table, "descriptor")))
            self.anonymity(where, node, table.get("anonymity_reason"))
        if table.get("role"):
            self.add(node, PROXY.role, Literal(table["role"]))
        for field, prop in (("close_to", PROXY.closeTo), ("affiliation", PROXY.affiliation)):
            for other in table.get(field, []):
                self.add(node, prop, self.entity(where, other))

    def anonymity(self, where: str, node: URIRef, reason: Any) -> None:
        """The reason the text gives for not naming a source, verbatim, or false: none given."""
        if reason is False:
            self.add(node, PROXY.anonymityReasonGiven, Literal(False))
        elif isinstance(reason, str) and reason.strip():
            self.add(node, PROXY.anonymityReasonGiven, Literal(True))
            self.add(node, PROXY.anonymityReason, Literal(reason))
        else:
            self.fail(
                where,
                "anonymity_reason is missing",
                "give the reason the text gives, verbatim, or false when it gives none",
            )

    def required(self, where: str, table: dict, field: str) -> Any:
        if not table.get(field):
            self.fail(where, f"{field} is missing")
        return table[field]

    def claim_nodes(self, article: URIRef, meta: dict) -> None:
        seen: set[str] = set()
        properties = (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
        publisher = self.entity_iri(meta["publisher"])
        for index, claim in enumerate(self.claims, start=1):
            key = claim.get("key")
            where = f"claim #{index} ({key})"
            key = self.slug(where, key)
            node = self.claim_iri(key)
            if key in seen:
                self.fail(where, "key used twice", "give every claim its own key")
            seen.add(key)
            self.add(node, RDF.type, RDF.Statement)
            self.add(node, RDF.type, PROXY.Claim)
            self.review(where, node, claim)
            if "confidence" in claim:
                self.add(node, PROXY.score, self.score(where, claim["confidence"]))
            if any(field in claim for field in CONTENT_FIELDS):
                self.content(where, node, claim, properties)
            else:  # content-only: its content is the text of its quotes until someone structures it
                self.add(node, RDF.type, PROXY.UnstructuredClaim)
                if "polarity" in claim:
                    self.add(
                        node, PROXY.polarity, self.one_of(where, "polarity", claim["polarity"], POLARITIES)
                    )
            source = self.agent(where, claim.get("source"))
            self.add(node, PROV.wasAttributedTo, source)
            self.add(node, PROXY.reportedIn, article)
            mode = self.required(where, claim, "mode")
            self.add(node, PROXY.reportingMode, self.one_of(where, "mode", mode, MODES))
            if source != publisher:  # the article relays the source's words (PROV direction)
                relay = PROV.wasQuotedFrom if mode == "direct_quote" else PROV.wasDerivedFrom
                self.add(article, relay, node)
            if claim.get("cue"):
                self.add(node, PROXY.cue, Literal(claim["cue"]))
            elif mode != "publisher_narrative":
                self.fail(where, f"a {mode} needs a cue", "give the reporting verb as written")
            self.publisher_claim(where, node, claim, own=source == publisher)
            self.scope(where, node, claim)
            if "certainty" in claim:
                self.add(
                    node, PROXY.certainty, self.one_of(where, "certainty", claim["certainty"], CERTAINTIES)
                )
            quotes = claim.get("quote")
            if quotes == []:
                self.fail(
                    where, "quote = [] anchors the claim nowhere", "give the quote, or the list of its quotes"
                )
            for spec in quotes if isinstance(quotes, list) else [quotes]:
                self.add(node, PROXY.anchor, self.span(article, where, spec))
            self.times(where, node, claim, meta)
            for field, prop in RELATIONS.items():
                for other in claim.get(field, []):
                    if other not in self.claim_keys:
                        self.fail(where, f"{field} names unknown claim {other!r}")
                    if other == key:
                        self.fail(where, f"{field} names the claim itself", "link it to another claim")
                    self.add(node, prop, self.claim_iri(other))
            if claim.get("note"):
                self.add(node, RDFS.comment, Literal(claim["note"], lang="en"))

    def content(self, where: str, node: URIRef, claim: dict, properties: tuple) -> None:
        """The reified triple and its polarity: all of it, or the claim stays content-only."""
        self.add(node, RDF.subject, self.entity(where, claim.get("subject")))
        self.add(node, RDF.predicate, self.declared(where, claim.get("predicate"), properties))
        has_object, has_value = "object" in claim, "value" in claim
        if has_object == has_value:
            self.fail(where, "give exactly one of object (an entity) or value (a literal)")
        self.add(
            node,
            RDF.object,
            self.entity(where, claim["object"]) if has_object else self.value(where, claim["value"]),
        )
        self.add(
            node,
            PROXY.polarity,
            self.one_of(where, "polarity", claim.get("polarity", "affirmed"), POLARITIES),
        )

    def scope(self, where: str, node: URIRef, claim: dict) -> None:
        """Quantifier, approximation and the publisher's insertions: content no stronger than
        the text."""
        if "quantifier" in claim:
            self.one_of(where, "quantifier", claim["quantifier"], dict.fromkeys(QUANTIFIERS))
            self.add(node, PROXY.quantifier, Literal(claim["quantifier"]))
        if claim.get("approximate") is True:
            self.add(node, PROXY.approximate, Literal(True))
        insertion = claim.get("publisher_insertion")
        if insertion is not None:
            quotes = claim.get("quote")
            texts = [
                q if isinstance(q, str) else q.get("exact", "") if isinstance(q, dict) else ""
                for q in (quotes if isinstance(quotes, list) else [quotes])
            ]
            if not (
                isinstance(insertion, str)
                and insertion.startswith("[")
                and insertion.endswith("]")
                and any(insertion in q for q in texts)
            ):
                self.fail(
                    where,
                    f"publisher_insertion {insertion!r} is not a [bracketed] part of the quote",
                    "copy the brackets and their words verbatim",
                )
            self.add(node, PROXY.publisherInsertion, Literal(insertion))

    def publisher_claim(self, where: str, node: URIRef, claim: dict, own: bool) -> None:
        """What a claim in the publisher's voice is, and its inferred source, if any."""
        if not own:
            if "publisher_class" in claim or "inferred_source" in claim:
                self.fail(where, "publisher_class and inferred_source are for the publisher's own claims")
            return
        kind = self.one_of(where, "publisher_class", claim.get("publisher_class"), PUBLISHER_CLASSES)
        self.add(node, PROXY.publisherClaimType, kind)
        if "inferred_source" in claim:
            self.add(node, PROXY.inferredSource, self.agent(where, claim["inferred_source"]))
            self.add(
                node,
                PROXY.inferredSourceReason,
                Literal(self.required(where, claim, "inferred_source_reason")),
            )

    def times(self, where: str, node: URIRef, claim: dict, meta: dict) -> None:
        # Event time (what the claim is about) and statement time (when the source spoke)
        # are kept apart; report time is the article's.
        for prefix, date, text, inferred in (
            ("event_date", PROXY.eventDate, PROXY.eventDateText, PROXY.eventDateInferred),
            ("stated_on", PROXY.statedOn, PROXY.statedOnText, PROXY.statedOnInferred),
            ("event_end", PROXY.eventEndDate, PROXY.eventEndDateText, None),
        ):
            if prefix in claim:
                self.add(node, date, self.date(where, claim[prefix]))
            if claim.get(f"{prefix}_text"):
                self.add(node, text, Literal(claim[f"{prefix}_text"]))
            if inferred is not None and claim.get(f"{prefix}_inferred"):
                self.add(node, inferred, Literal(claim[f"{prefix}_inferred"]))
        if meta.get("published") is not None:
            self.add(node, PROXY.reportedOn, self.date("[article]", meta["published"]))
            if meta.get("published_inferred"):
                self.add(node, PROXY.reportDateInferred, Literal(meta["published_inferred"]))

    def excluded_nodes(self, article: URIRef) -> None:
        for index, item in enumerate(self.notes.get("excluded", []), start=1):
            where = f"excluded #{index}"
            node = self.span(article, where, item.get("quote"))
            self.add(node, RDF.type, PROXY.ExcludedText)
            self.add(node, PROXY.exclusionReason, Literal(self.required(where, item, "reason")))

    def run(self) -> Graph:
        article, meta = self.article()
        self.entity_nodes()
        self.source_nodes()
        self.claim_nodes(article, meta)
        self.excluded_nodes(article)
        return self.graph


def compile_annotations(
    notes: dict[str, Any] | str | Path,
    snapshot: Snapshot,
    ontology: Graph | None = None,
    base: str | None = None,
) -> Graph:
    """The claims graph of ``notes`` (an annotation file in the format of data/claims.toml, or
    what :func:`read_annotations` read of one), anchored in ``snapshot``; every term checked
    against ``ontology`` (default: the shipped one); IRIs minted under ``base`` (default:
    kgtool's, https://w3id.org/kgtool/id/). A key the format does not know is refused."""
    if isinstance(notes, dict):
        source = "the annotations"
        check_keys(notes, source)
    else:
        path = Path(notes)
        source = str(path)
        notes = read_annotations(path)
        check_keys(notes, source, path.read_text(encoding="utf-8", errors="replace"))
    if base is not None and not (WEB_ADDRESS.match(base) and base.endswith(("/", "#"))):
        raise InputError(
            f"base {base!r} is not an http(s) IRI ending in / or #",
            "give e.g. https://example.org/claims/",
            options=("base",),
        )
    if ontology is None:
        from kgtool.inputs.loading import Inputs

        ontology = Inputs().ontology_graph()
    return _Compiler(notes, snapshot, ontology, Namespace(base) if base else BASE, source).run()


def to_turtle(graph: Graph) -> bytes:
    """Turtle; rdflib sorts subjects and predicates, so the bytes are stable."""
    return graph.serialize(format="turtle", encoding="utf-8")
