"""Synthetic claim corpora of any size, with the answers every query and shape must give.

A corpus is built from small *stories*: a few claims about one subject and predicate of their
own (a lone claim, a corroboration, an opposite polarity, an explicit contradiction or denial, a
conflicting value of a ``proxy:SingleValuedProperty``, one source changing its mind) and, at a known
rate, deliberate defects (a claim without anchor, a relation to a missing claim, content asserted
as a fact, a quote whose length disagrees with its offsets, an event dated after its report, an
anonymous source without a role). Each story knows what it adds to every answer, so the expected
counts (:class:`Expected`) come from the construction, never from running the queries.

The modelling is what ``kgtool compile`` writes (see ``data/claims.ttl``), one article per
:data:`CLAIMS_PER_ARTICLE` claims. Lines are written directly (no rdflib graph), so 100,000
claims take seconds. Deterministic for a given size, seed and options.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from rdflib.namespace import XSD

from kgtool.namespaces import BASE, OA, PROV, PROXY, RDF, RDFS, SCHEMA
from kgtool.resources import data_file, ontology_file
from kgtool.vocabulary import SOURCE_KINDS, UNNAMED_KINDS

CLAIMS_PER_ARTICLE = 100
SOURCES_PER_KIND = 50  # claims per source of one kind, roughly: the pools grow with the corpus
ANONYMOUS_WITHOUT_ROLE_EVERY = 7  # every 7th anonymous source has no role (a policy warning)

#: Source kinds and their share of claims (the publisher's own narrative is the bulk, as in news).
KIND_WEIGHTS: dict[str, int] = {
    "publisher": 30,
    "named_person": 15,
    "institution": 15,
    "partisan_outlet": 5,
    "claimant": 5,
    "anonymous_individual": 20,
    "anonymous_group": 10,
}
#: Stories and their weights; every story but "single" and the defects has two claims.
STORY_WEIGHTS: dict[str, int] = {
    "single": 40,
    "corroborated": 10,
    "polarity": 8,
    "contradicts": 5,
    "denies": 4,
    "functional": 6,
    "same-source-flip": 3,
}
DEFECTS = (
    "no-anchor",
    "contradicts-missing",
    "corroborates-missing",
    "asserted-content",
    "bad-length",
    "event-after-report",
)
DEFECT_EVERY = 50  # one story in 50 is a defect, the kinds in turn
#: The organisation and command predicates that queries/command-structure.rq lists.
STRUCTURE = frozenset(
    str(PROXY[name])
    for name in (
        "partOf",
        "memberOf",
        "attachedTo",
        "affiliatedWith",
        "answersTo",
        "controls",
        "leaderOf",
        "responsibleFor",
        "handlesAffairsFor",
        "patronOf",
    )
)
_PUBLISHER = "publisher"  # stands for the publisher of the article a story is written into


def _iri(iri: str) -> str:
    return f"<{iri}>"


def _str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


A = _iri(RDF + "type")
P = {
    name: _iri(str(PROXY[name]))
    for name in (
        "Claim",
        "polarity",
        "Affirmed",
        "Negated",
        "reportingMode",
        "DirectQuote",
        "Paraphrase",
        "PublisherNarrative",
        "cue",
        "anchor",
        "reportedOn",
        "eventDate",
        "contradicts",
        "denies",
        "corroborates",
        "sourceKind",
        "NamedSource",
        "AnonymousSource",
        "descriptor",
        "role",
        "closeTo",
        "sha256",
        "ExcludedText",
        "exclusionReason",
        "reportedIn",
        "Reporter",
        "access",
        "UnknownAccess",
        "anonymityReasonGiven",
    )
} | {kind: _iri(concept) for kind, concept in SOURCE_KINDS.items()}  # P["publisher"]: its kind


@dataclass
class Expected:
    """What the queries and shapes must answer on a generated corpus (from its construction)."""

    claims: int = 0
    triples: int = 0
    articles: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_source_kind: Counter = field(default_factory=Counter)
    anonymous_only: int = 0
    disputes: int = 0
    #: rows of each library query (claims-about-entity for :attr:`params`)
    rows: dict[str, int] = field(default_factory=dict)
    params: dict[str, dict[str, str]] = field(default_factory=dict)
    #: SHACL results: (shape local name, component local name, severity local name) -> count
    shacl: Counter = field(default_factory=Counter)
    defects: Counter = field(default_factory=Counter)

    @property
    def conforms(self) -> bool:
        return not any(severity == "Violation" for _, _, severity in self.shacl)

    @property
    def failed_checks(self) -> int:
        return sum(1 for name, n in self.rows.items() if name.endswith("-violation") and n)

    def as_dict(self) -> dict:
        return {
            "claims": self.claims,
            "triples": self.triples,
            "articles": self.articles,
            "by_status": dict(sorted(self.by_status.items())),
            "by_source_kind": dict(sorted(self.by_source_kind.items())),
            "anonymous_only": self.anonymous_only,
            "disputes": self.disputes,
            "failed_checks": self.failed_checks,
            "rows": dict(sorted(self.rows.items())),
            "params": self.params,
            "conforms": self.conforms,
            "shacl": {"|".join(k): n for k, n in sorted(self.shacl.items())},
            "defects": dict(sorted(self.defects.items())),
        }


@dataclass(frozen=True)
class _Vocabulary:
    """Domain predicates taken from the shipped claims, split by the ontology's single-valued flag."""

    plain: tuple[str, ...]  # not single-valued, an entity as object
    functional_entity: tuple[str, ...]
    functional_integer: tuple[str, ...]


def _vocabulary() -> _Vocabulary:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
    store.load(path=str(data_file()), format=ox.RdfFormat.TURTLE)
    rows = store.query(f"""
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX proxy: <{PROXY}>
        SELECT DISTINCT ?p ?functional ?integer WHERE {{
          ?c <{RDF}predicate> ?p ; <{RDF}object> ?o .
          {{ ?p a owl:ObjectProperty }} UNION {{ ?p a owl:DatatypeProperty }}
          BIND (EXISTS {{ ?p a proxy:SingleValuedProperty }} AS ?functional)
          BIND (EXISTS {{ ?p <{RDFS}range> <{XSD}integer> }} AS ?integer)
          FILTER (isIRI(?o) || ?integer)
        }} ORDER BY ?p""")
    plain, entity, integer = [], [], []
    for row in rows:
        p, functional, is_int = (
            row["p"].value,
            row["functional"].value == "true",
            row["integer"].value == "true",
        )
        (integer if functional and is_int else entity if functional else plain if not is_int else []).append(
            p
        )
    return _Vocabulary(tuple(plain), tuple(entity), tuple(integer))


class _Writer:
    """Triples out as N-Triples, or as Turtle with one block per subject."""

    def __init__(self, out: TextIO, turtle: bool) -> None:
        self.out, self.turtle, self.count = out, turtle, 0
        if turtle:
            out.write("# a synthetic claim corpus written by benchmarks/corpus.py\n")

    def node(self, subject: str, pairs: list[tuple[str, str]]) -> None:
        self.count += len(pairs)
        if self.turtle:
            body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
            self.out.write(f"{subject} {body} .\n")
        else:
            self.out.write("".join(f"{subject} {p} {o} .\n" for p, o in pairs))


@dataclass
class _Claim:
    iri: str
    kind: str
    source: str
    subject: str
    predicate: str
    object: str
    negated: bool = False
    anchored: bool = True
    links: list[tuple[str, str]] = field(default_factory=list)  # (proxy property, target iri)
    event_after_report: bool = False
    bad_length: bool = False
    dated: bool = False
    asserted: bool = False


class _Generator:
    def __init__(self, n: int, seed: int, defects: bool) -> None:
        self.n, self.rng, self.defects = n, random.Random(seed), defects
        self.vocab = _vocabulary()
        self.expected = Expected(claims=n)
        self.pools = {
            kind: [
                f"{BASE}source/{kind.replace('_', '-')}-{i}"
                for i in range(max(2, n * weight // 100 // SOURCES_PER_KIND))
            ]
            for kind, weight in KIND_WEIGHTS.items()
            if kind != "publisher"
        }
        self.outlets = [f"{BASE}entity/outlet-{i}" for i in range(max(2, n // 5000))]
        self.actors = [f"{BASE}entity/actor-{i}" for i in range(max(10, n // 20))]
        self.used_sources: set[str] = set()
        self.story = 0
        self.rows: Counter = Counter()
        self.about_entity = self.actors[0]  # the entity claims-about-entity is asked about
        self.asked_source = self.pools["anonymous_individual"][0]  # the one source-claims asks
        self.asked_claims: list[str] = []
        self.links_of: Counter = Counter()  # links between two claims of the graph, per claim

    # --- choosing -------------------------------------------------------------------------

    def kind(self, *exclude: str) -> str:
        kinds = [k for k in KIND_WEIGHTS if k not in exclude]
        return self.rng.choices(kinds, [KIND_WEIGHTS[k] for k in kinds])[0]

    def source(self, kind: str, publisher: str, avoid: str = "") -> str:
        if kind == "publisher":
            return publisher  # a stand-in: the article's publisher, known when it is written
        pool = self.pools[kind]
        choice = self.rng.choice(pool)
        while choice == avoid:
            choice = self.rng.choice(pool)
        return choice

    def close_to(self, source: str) -> str:
        """The actor an anonymous source is said to be close to (every third one), or ''."""
        kind, _, index = source.rsplit("/", 1)[1].rpartition("-")
        i = int(index) if index.isdigit() else 1
        unnamed = kind.replace("-", "_") in UNNAMED_KINDS
        return self.actors[i % len(self.actors)] if unnamed and i % 3 == 0 else ""

    def dependent(self, first: _Claim, second: _Claim) -> bool:
        """The sourcing policy's test: the publisher restating what it attributes in the same
        article, or two sources close to the same party."""
        if "publisher" in (first.kind, second.kind):
            return True
        return bool(self.close_to(first.source)) and self.close_to(first.source) == self.close_to(
            second.source
        )

    # --- stories --------------------------------------------------------------------------

    def stories(self, publisher: str) -> Iterator[list[_Claim]]:
        """Stories until n claims; the last one is a single claim when one place is left."""
        made, names, weights = 0, list(STORY_WEIGHTS), list(STORY_WEIGHTS.values())
        while made < self.n:
            self.story += 1
            if self.defects and self.story % DEFECT_EVERY == 0:
                defect = DEFECTS[(self.story // DEFECT_EVERY - 1) % len(DEFECTS)]
                story = self.defect(defect, publisher)
            else:
                name = self.rng.choices(names, weights)[0] if self.n - made > 1 else "single"
                story = getattr(self, "story_" + name.replace("-", "_"))(publisher)
            made += len(story)
            yield story

    def subject(self) -> str:
        return f"{BASE}entity/topic-{self.story}"

    def claim(self, kind: str, source: str, predicate: str, obj: str, negated: bool = False) -> _Claim:
        index = self.expected.by_source_kind.total() + 1
        self.expected.by_source_kind[kind] += 1
        if kind != "publisher":
            self.used_sources.add(source)
        return _Claim(
            f"{BASE}claim/c{index}",
            kind,
            source,
            self.subject(),
            predicate,
            obj,
            negated,
            dated=self.rng.random() < 0.2,
        )

    def actor(self) -> str:
        return _iri(self.rng.choice(self.actors))

    def status(self, claim: _Claim, contested: bool) -> None:
        if contested:
            status = "contested"
        else:
            status = (
                "publisher"
                if claim.kind == "publisher"
                else "anonymous"
                if claim.kind in UNNAMED_KINDS
                else "sourced"
            )
        self.expected.by_status[status] += 1

    def uncorroborated(self, *claims: _Claim) -> None:
        """Claims with no corroborates link either way: anonymous-only, and a policy warning."""
        for claim in claims:
            if claim.kind in UNNAMED_KINDS:
                self.rows["single-unnamed-source-claims"] += 1  # no other source says the same
                self.expected.anonymous_only += 1
                self.expected.shacl["UncorroboratedAnonymousShape", "Or", "Warning"] += 1

    def story_single(self, publisher: str) -> list[_Claim]:
        kind = self.kind()
        claim = self.claim(
            kind, self.source(kind, publisher), self.rng.choice(self.vocab.plain), self.actor()
        )
        self.status(claim, False)
        self.uncorroborated(claim)
        return [claim]

    def story_corroborated(self, publisher: str) -> list[_Claim]:
        # the same content from two sources; the second also says so with proxy:corroborates
        k1, k2 = self.kind(), self.kind()
        s1 = self.source(k1, publisher)
        s2 = self.source(k2, publisher, avoid=s1)
        if s2 == s1:  # both the publisher: another kind for the second
            k2 = self.kind("publisher")
            s2 = self.source(k2, publisher)
        predicate, obj = self.rng.choice(self.vocab.plain), self.actor()
        first = self.claim(k1, s1, predicate, obj)
        second = self.claim(k2, s2, predicate, obj)
        second.links.append(("corroborates", first.iri))
        if self.dependent(first, second):
            self.expected.shacl["DependentCorroborationShape", "SPARQL", "Warning"] += 1
        for c in (first, second):
            self.status(c, False)
        # both directions "same content", plus the explicit link
        self.rows["corroborations"] += 3
        if k1 in UNNAMED_KINDS and not (k2 not in UNNAMED_KINDS and k2 != "publisher"):
            self.expected.anonymous_only += 1  # no identified source corroborates it
        if k2 in UNNAMED_KINDS:
            self.expected.anonymous_only += 1
        return [first, second]

    def pair(
        self, publisher: str, predicate: str, objects: tuple[str, str], negated: tuple[bool, bool]
    ) -> list[_Claim]:
        k1, k2 = self.kind(), self.kind()
        s1 = self.source(k1, publisher)
        if k2 == k1 == "publisher":
            k2 = self.kind("publisher")
        s2 = self.source(k2, publisher, avoid=s1)
        return [
            self.claim(k1, s1, predicate, objects[0], negated[0]),
            self.claim(k2, s2, predicate, objects[1], negated[1]),
        ]

    def contested_pair(self, claims: list[_Claim], rows: int) -> list[_Claim]:
        for c in claims:
            self.status(c, True)
        self.uncorroborated(*claims)
        self.rows["contested-claims"] += rows
        self.expected.disputes += 1
        return claims

    def story_polarity(self, publisher: str) -> list[_Claim]:
        obj = self.actor()
        claims = self.pair(publisher, self.rng.choice(self.vocab.plain), (obj, obj), (False, True))
        return self.contested_pair(claims, 2)

    def story_contradicts(self, publisher: str) -> list[_Claim]:
        # different objects of a property that is not functional: only the link contests
        objects = (self.actor(), self.actor())
        while objects[1] == objects[0]:
            objects = (objects[0], self.actor())
        claims = self.pair(publisher, self.rng.choice(self.vocab.plain), objects, (False, False))
        claims[1].links.append(("contradicts", claims[0].iri))
        return self.contested_pair(claims, 2)

    def story_denies(self, publisher: str) -> list[_Claim]:
        obj = self.actor()
        claims = self.pair(publisher, self.rng.choice(self.vocab.plain), (obj, obj), (False, True))
        claims[1].links.append(("denies", claims[0].iri))
        return self.contested_pair(claims, 4)  # denies / denied by, and opposite polarity twice

    def story_functional(self, publisher: str) -> list[_Claim]:
        if self.rng.random() < 0.5 and self.vocab.functional_integer:
            predicate = self.rng.choice(self.vocab.functional_integer)
            value = self.rng.randrange(1, 500)
            objects = (_typed(value, "integer"), _typed(value + self.rng.randrange(1, 9), "integer"))
        else:
            predicate = self.rng.choice(self.vocab.functional_entity)
            first = self.actor()
            second = self.actor()
            while second == first:
                second = self.actor()
            objects = (first, second)
        return self.contested_pair(self.pair(publisher, predicate, objects, (False, False)), 2)

    def story_same_source_flip(self, publisher: str) -> list[_Claim]:
        # one source affirming and negating: no contest (it takes another source)
        kind = self.kind()
        source, predicate, obj = self.source(kind, publisher), self.rng.choice(self.vocab.plain), self.actor()
        claims = [self.claim(kind, source, predicate, obj), self.claim(kind, source, predicate, obj, True)]
        for c in claims:
            self.status(c, False)
        self.uncorroborated(*claims)
        return claims

    def defect(self, defect: str, publisher: str) -> list[_Claim]:
        # an identified source, so that no anonymity rule mixes in
        kind = "named_person"
        claim = self.claim(
            kind, self.source(kind, publisher), self.rng.choice(self.vocab.plain), self.actor()
        )
        self.expected.defects[defect] += 1
        missing = f"{BASE}claim/missing-{self.story}"
        if defect == "no-anchor":
            claim.anchored = False
            self.expected.shacl["ClaimAnchorShape", "MinCount", "Violation"] += 1
            self.rows["claim-without-anchor-violation"] += 1
        elif defect == "contradicts-missing":
            claim.links.append(("contradicts", missing))
            # not contested: a link to a claim the graph lacks is the check query's finding
            self.expected.shacl["ContradictsCounterpartShape", "Class", "Warning"] += 1
            self.rows["relation-to-missing-claim-violation"] += 1
        elif defect == "corroborates-missing":
            claim.links.append(("corroborates", missing))
            self.expected.shacl["SupportTargetShape", "Class", "Violation"] += 1
            self.rows["relation-to-missing-claim-violation"] += 1
            self.rows["corroborations"] += 1
        elif defect == "asserted-content":
            claim.asserted = True
            self.rows["asserted-content-violation"] += 1
        elif defect == "bad-length":
            claim.bad_length = True
            self.expected.shacl["AnchorShape", "SPARQL", "Violation"] += 1
        elif defect == "event-after-report":
            claim.event_after_report = True
            self.expected.shacl["EventDateShape", "LessThanOrEquals", "Violation"] += 1
        self.status(claim, contested=False)
        return [claim]

    # --- writing --------------------------------------------------------------------------

    def write(self, out: TextIO, turtle: bool) -> Expected:
        w = _Writer(out, turtle)
        self.write_vocabulary_nodes(w)
        per_article = CLAIMS_PER_ARTICLE
        stories = None
        written, a = 0, -1
        while written < self.n:  # a story is never split: an article may hold a few more
            a += 1
            article = f"{BASE}article/a{a}"
            publisher = self.outlets[a % len(self.outlets)]
            day = dt.date(2021, 1, 1) + dt.timedelta(days=a % 1000)
            self.write_article(w, article, publisher, day, a)
            if stories is None:
                stories = self.stories(_PUBLISHER)
            offset = self.write_excluded(w, article)
            target = min(self.n, written + per_article)
            while written < target:
                story = next(stories)
                for claim in story:
                    if claim.kind == "publisher":
                        claim.source = publisher  # the article's own publisher speaks
                        self.used_sources.add(publisher)
                    offset = self.write_claim(w, claim, article, day, offset)
                written += len(story)
            self.expected.articles += 1
        self.write_sources(w)
        self.finish(w)
        return self.expected

    def write_vocabulary_nodes(self, w: _Writer) -> None:
        for outlet in self.outlets:
            w.node(
                _iri(outlet),
                [
                    (A, _iri(str(PROXY.MediaOutlet))),
                    (A, P["NamedSource"]),
                    (_iri(RDFS + "label"), _str(f"Outlet {outlet.rsplit('-', 1)[1]}") + "@en"),
                    (P["sourceKind"], P["publisher"]),
                ],
            )
        for actor in self.actors:
            w.node(
                _iri(actor),
                [
                    (A, _iri(str(PROXY.Organization))),
                    (_iri(RDFS + "label"), _str(f"Actor {actor.rsplit('-', 1)[1]}")),
                ],
            )

    def write_sources(self, w: _Writer) -> None:
        label = _iri(RDFS + "label")
        for kind, pool in self.pools.items():
            for i, source in enumerate(pool):
                pairs = [
                    (label, _str(f"{kind} {i}") + "@en"),
                    (P["sourceKind"], P[kind]),
                    (P["access"], P["UnknownAccess"]),
                ]
                if kind in UNNAMED_KINDS:
                    pairs += [
                        (A, P["AnonymousSource"]),
                        (P["descriptor"], _str(f"a source {i}")),
                        (P["anonymityReasonGiven"], _typed("false", "boolean")),
                    ]
                    if i % ANONYMOUS_WITHOUT_ROLE_EVERY == ANONYMOUS_WITHOUT_ROLE_EVERY - 1 and self.defects:
                        self.expected.shacl["AnonymousRolePropertyShape", "MinCount", "Warning"] += 1
                        self.expected.defects["anonymous-without-role"] += 1
                    else:
                        pairs.append((P["role"], _str(f"official {i}")))
                    if self.close_to(source):
                        pairs.append((P["closeTo"], _iri(self.close_to(source))))
                else:
                    pairs.append((A, P["NamedSource"]))
                w.node(_iri(source), pairs)

    def write_article(self, w: _Writer, article: str, publisher: str, day: dt.date, a: int) -> None:
        digest = hashlib.sha256(f"article {a}".encode()).hexdigest()
        w.node(
            _iri(article),
            [
                (A, _iri(str(SCHEMA.NewsArticle))),
                (_iri(str(SCHEMA.headline)), _str(f"Report {a}")),
                (_iri(str(SCHEMA.publisher)), _iri(publisher)),
                (_iri(str(SCHEMA.datePublished)), _typed(day.isoformat(), "date")),
                (P["sha256"], _str(digest)),
                (_iri(PROV + "wasAttributedTo"), _iri(publisher)),
                (_iri(PROV + "qualifiedAttribution"), _iri(article + "/attribution")),
            ],
        )
        w.node(
            _iri(article + "/attribution"),
            [
                (A, _iri(PROV + "Attribution")),
                (_iri(PROV + "agent"), _iri(publisher)),
                (_iri(PROV + "hadRole"), P["Reporter"]),
            ],
        )

    def span(self, w: _Writer, article: str, start: int, exact: str, end: int) -> str:
        span = f"{article}/span/{start}-{end}"
        quote, position = _iri(span + "/quote"), _iri(span + "/position")
        w.node(
            _iri(span),
            [
                (A, _iri(str(OA.SpecificResource))),
                (_iri(str(OA.hasSource)), _iri(article)),
                (_iri(str(OA.hasSelector)), quote),
                (_iri(str(OA.hasSelector)), position),
            ],
        )
        w.node(quote, [(A, _iri(str(OA.TextQuoteSelector))), (_iri(str(OA.exact)), _str(exact))])
        w.node(
            position,
            [
                (A, _iri(str(OA.TextPositionSelector))),
                (_iri(str(OA.start)), _typed(start, "nonNegativeInteger")),
                (_iri(str(OA.end)), _typed(end, "nonNegativeInteger")),
            ],
        )
        self.rows["anchors"] += 1
        return span

    def write_excluded(self, w: _Writer, article: str) -> int:
        exact = "Skip to main content"
        span = self.span(w, article, 0, exact, len(exact))
        w.node(_iri(span), [(A, P["ExcludedText"]), (P["exclusionReason"], _str("page furniture"))])
        return len(exact) + 2

    def write_claim(self, w: _Writer, c: _Claim, article: str, day: dt.date, offset: int) -> int:
        narrative = c.kind == "publisher"
        mode = (
            "PublisherNarrative" if narrative else "DirectQuote" if self.rng.random() < 0.5 else "Paraphrase"
        )
        pairs = [
            (A, _iri(RDF + "Statement")),
            (A, P["Claim"]),
            (_iri(RDF + "subject"), _iri(c.subject)),
            (_iri(RDF + "predicate"), _iri(c.predicate)),
            (_iri(RDF + "object"), c.object),
            (P["polarity"], P["Negated" if c.negated else "Affirmed"]),
            (_iri(PROV + "wasAttributedTo"), _iri(c.source)),
            (P["reportedIn"], _iri(article)),
            (P["reportingMode"], P[mode]),
            (P["reportedOn"], _typed(day.isoformat(), "date")),
        ]
        if not narrative:
            pairs.append((P["cue"], _str("said")))
        if c.dated or c.event_after_report:
            event = day + dt.timedelta(days=1 if c.event_after_report else -self.rng.randrange(0, 30))
            pairs.append((P["eventDate"], _typed(event.isoformat(), "date")))
            self.rows["timeline"] += 1
        if c.anchored:
            exact = f"{c.iri.rsplit('/', 1)[1]} {'denies' if c.negated else 'says'} something"
            end = offset + len(exact) + (1 if c.bad_length else 0)
            pairs.append((P["anchor"], _iri(self.span(w, article, offset, exact, end))))
            offset = end + 1
            if c.kind in UNNAMED_KINDS:
                self.rows["unnamed-sources"] += 1
        pairs += [(P[prop], _iri(target)) for prop, target in c.links]
        if c.source == self.asked_source and c.anchored:
            self.asked_claims.append(c.iri)
        for _, target in c.links:
            if "/claim/missing-" not in target:  # both ends are claims: a row at each
                self.links_of.update((c.iri, target))
        w.node(_iri(c.iri), pairs)
        if not narrative:  # the article relays the source's words (see kgtool.authoring.annotations)
            relay = "wasQuotedFrom" if mode == "DirectQuote" else "wasDerivedFrom"
            w.node(_iri(article), [(_iri(PROV + relay), _iri(c.iri))])
        if c.asserted:  # the content as a plain triple: what a source only claims, as fact
            w.node(_iri(c.subject), [(_iri(c.predicate), c.object)])
        self.rows["command-structure"] += c.predicate in STRUCTURE
        if c.anchored:  # the query reads each claim's quote: an unanchored claim has no row
            self.rows["claims-about-entity"] += (c.subject == self.about_entity) + (
                c.object == _iri(self.about_entity)
            )
        return offset

    def finish(self, w: _Writer) -> None:
        e = self.expected
        e.rows.update(self.rows)
        e.triples = w.count
        e.rows["articles"] = e.articles
        e.rows["claims-by-status"] = e.claims
        e.rows["claim-wording"] = e.claims  # one row a claim
        e.rows["claims-per-source-kind"] = sum(1 for n in e.by_source_kind.values() if n)
        e.rows["anonymous-only-claims"] = e.anonymous_only
        e.rows["sources"] = len(self.used_sources)
        for name in (
            "asserted-content-violation",
            "claim-without-anchor-violation",
            "claim-without-source-violation",
            "relation-to-missing-claim-violation",
            "self-relation-violation",
            "contested-claims",
            "corroborations",
            "timeline",
            "unnamed-sources",
            "claims-about-entity",
            "missing-vocabulary",
            "command-structure",
            "single-unnamed-source-claims",
            "unreviewed-claims",  # the generator writes claims as a person would: none proposed
            # no analyst has graded the generated claims (assessments are a graph of their own)
            "grades",
            "low-graded-claims",
            "analysts-disagree",
        ):
            e.rows.setdefault(name, 0)
        e.params["claims-about-entity"] = {"entity": self.about_entity}
        e.params["source-claims"] = {"source": self.asked_source}
        e.rows["source-claims"] = sum(max(1, self.links_of[c]) for c in self.asked_claims)


def generate(out: TextIO, n: int, *, seed: int = 0, defects: bool = True, turtle: bool = False) -> Expected:
    """Write a corpus of ``n`` claims to ``out``; return what every answer on it must be."""
    if n < 1:
        raise ValueError("a corpus has at least one claim")
    return _Generator(n, seed, defects).write(out, turtle)


def write_corpus(
    path: str | Path,
    n: int,
    *,
    seed: int = 0,
    defects: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Expected:
    """Write a corpus file (Turtle for ``.ttl``, else N-Triples) and return its expected answers."""
    path = Path(path)
    with path.open("w", encoding="utf-8", buffering=1 << 20) as out:
        return generate(out, n, seed=seed, defects=defects, turtle=path.suffix == ".ttl")
