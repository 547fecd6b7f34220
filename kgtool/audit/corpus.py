"""The corpus audit (``kgtool audit --corpus``): for each cluster of the same claim across
articles, where it first appeared, the roots it rests on after following derivation, how many
of them are independent, the corroborations and disputes across outlets, and the flags
circular reporting, laundering and contested across outlets.

Only links between claims of different articles count (inside one article the single-article
audit speaks). A link a person wrote (a plain triple between claims) or accepted
(proxy:Accepted) counts; one software proposed (proxy:Proposed) counts only when the caller
asks (``include_proposed``), and then every cluster, root and dispute resting on one says so;
a rejected proposal never counts. Named sources of different IRIs are one root only through
such a link (proxy:sameSourceAs), under the same rule; unnamed ones never.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kgtool.audit.records import Grade
from kgtool.audit.run import read_grades
from kgtool.corpus_claims import WIRE_AGENCIES, Clusters, Corpus, corpus_query, from_rows, outlet_name
from kgtool.engines import Engine
from kgtool.namespaces import PROV, PROXY, compact
from kgtool.sparql import querylib
from kgtool.sparql.guard import check_query

SAME = str(PROXY.sameClaimAs)
SAME_SOURCE = str(PROXY.sameSourceAs)
DERIVATION = frozenset({str(PROV.wasDerivedFrom), str(PROV.wasQuotedFrom)})
SUPPORT = frozenset(str(PROXY[r]) for r in ("supports", "partiallySupports", "corroborates"))
DISPUTE = frozenset(
    str(PROXY[r]) for r in ("disputes", "contradicts", "denies", "challenges", "offersAlternativeTo")
)
FLAGS = ("circular_reporting", "laundering", "contested_across_outlets")
#: Flags that fail the audit (exit 1): the sourcing is unsound. A dispute is a finding, not a fault.
FAILING = frozenset({"circular_reporting", "laundering"})
#: Kinds of source whose word an outlet relays: a claim of theirs derived from an outlet still
#: rests on them, not on the outlet.
_SPEAKERS = frozenset(
    {"named_person", "anonymous_individual", "anonymous_group", "claimant", "partisan_outlet"}
)
_PARTISAN = frozenset({"partisan_outlet", "claimant"})
BY_HAND, ACCEPTED, PROPOSED, REJECTED = "by hand", "accepted", "proposed", "rejected"
_STATUS = {str(PROXY.Accepted): ACCEPTED, str(PROXY.Proposed): PROPOSED, str(PROXY.Rejected): REJECTED}
_STATUSES = (BY_HAND, ACCEPTED, PROPOSED, REJECTED)


@dataclass(frozen=True)
class CorpusLink:
    subject: str
    relation: str
    object: str
    review: str  # BY_HAND, ACCEPTED, PROPOSED or REJECTED
    method: str | None = None
    score: float | None = None
    iri: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "claim": self.subject,
            "relation": compact(self.relation),
            "other": self.object,
            "review": self.review,
        }
        if self.method:
            out |= {"method": self.method, "score": self.score, "link": self.iri}
        return out


@dataclass
class Cluster:
    id: str
    claims: list[str]
    first_appearance: dict[str, str | None]
    roots: list[str]
    independent_roots: int
    independence_unknown: list[str]
    corroborations: list[CorpusLink]
    disputes: list[CorpusLink]
    flags: list[str]
    #: the counted links that made it (membership, derivation, stance) that no person reviewed
    proposed_links: int = 0
    #: the roots of claims of other clusters that corroborate it, beyond its own roots
    supporting_roots: list[str] = field(default_factory=list)
    #: how many independent roots it rests on with those: what "confirmed by other independent
    #: sources" (credibility 1) needs two of
    confirming_roots: int = 0
    #: analysts' current grades of its claims' credibility (of one claim, or of the claim
    #: wherever it appears) and of its roots' reliability, beside the evidence
    grades: list[Grade] = field(default_factory=list)
    root_grades: list[Grade] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "claims": self.claims,
            "first_appearance": self.first_appearance,
            "roots": self.roots,
            "independent_roots": self.independent_roots,
            "independence_unknown": self.independence_unknown,
            "corroborations": [link.as_dict() for link in self.corroborations],
            "disputes": [link.as_dict() for link in self.disputes],
            "flags": self.flags,
            "reviewed": self.proposed_links == 0,
            "proposed_links": self.proposed_links,
            "supporting_roots": self.supporting_roots,
            "confirming_roots": self.confirming_roots,
            "grades": [g.as_json() for g in self.grades],
            "root_grades": [g.as_json() for g in self.root_grades],
        }


@dataclass
class CorpusAudit:
    corpus: Corpus
    include_proposed: bool
    clusters: list[Cluster] = field(default_factory=list)
    links: dict[str, int] = field(default_factory=dict)  # by review status, cross-article only
    #: the derivation links counted, for exports (prov:wasDerivedFrom, prov:wasQuotedFrom)
    derivations: list[CorpusLink] = field(default_factory=list)
    #: named sources taken for one by the source merges counted: the IRI that stands for them,
    #: all of them, and how many of the merges no person reviewed
    merged_sources: dict[str, tuple[list[str], int]] = field(default_factory=dict)
    source_merges: dict[str, int] = field(default_factory=dict)  # by review status
    #: the label of each thing a link points to that has one (an outlet outside the corpus)
    labels: dict[str, str] = field(default_factory=dict)
    #: analysts' current grades, when assessments are loaded with the corpus
    grades: list[Grade] = field(default_factory=list)

    def cluster_of(self, claim: str) -> Cluster | None:
        """The cluster a claim belongs to (None: no counted link joins it to another article)."""
        return self._cluster_by_claim.get(claim)

    @cached_property
    def _cluster_by_claim(self) -> dict[str, Cluster]:
        # asked once per graded claim and per claim page: an index, made once the clusters are
        return {claim: cluster for cluster in self.clusters for claim in cluster.claims}

    def label(self, iri: str) -> str:
        """What a root is called: an outlet's or a source's label, else its compact name."""
        if iri in self.labels:
            return self.labels[iri]
        for article in self.corpus.articles.values():
            if article.publisher == iri and article.publisher_label:
                return article.publisher_label
        for occurrence in self.corpus.claims.values():
            if occurrence.source == iri and occurrence.source_label:
                return occurrence.source_label
        return compact(iri)

    @property
    def failed(self) -> bool:
        return any(FAILING & set(c.flags) for c in self.clusters)

    def summary(self) -> dict[str, Any]:
        flagged = {flag: sum(flag in c.flags for c in self.clusters) for flag in FLAGS}
        return {
            "articles": len(self.corpus.articles),
            "claims": len(self.corpus.claims),
            "clusters": len(self.clusters),
            "clusters_resting_on_proposed_links": sum(c.proposed_links > 0 for c in self.clusters),
            "flags": flagged,
            "links": self.links,
            "source_merges": self.source_merges,
            "proposed_links_counted": self.include_proposed,
        }

    def as_dict(self) -> dict[str, Any]:
        listed = {claim for c in self.clusters for claim in c.claims}
        return {
            "summary": self.summary(),
            "articles": [
                {"iri": a.iri, "url": a.url, "publisher": a.publisher, "date": a.date}
                for a in sorted(self.corpus.articles.values(), key=lambda a: (a.date or "", a.iri))
            ],
            "claims": [
                {
                    "iri": claim,
                    "article": self.corpus.claims[claim].article,
                    "source": self.corpus.claims[claim].source,
                }
                for claim in sorted(listed)
            ],
            "clusters": [c.as_dict() for c in self.clusters],
            "merged_sources": [
                {"as": iri, "sources": same, "reviewed": proposed == 0, "proposed_links": proposed}
                for iri, (same, proposed) in self.merged_sources.items()
            ],
        }


def read_links(rows: Iterable[dict[str, str]]) -> tuple[list[CorpusLink], dict[str, str]]:
    """The links, and the label of every outlet a link points to."""
    links, labels = [], {}
    for row in rows:
        score = row.get("score")
        links.append(
            CorpusLink(
                row["subject"],
                row["relation"],
                row["object"],
                _STATUS.get(row.get("status", ""), BY_HAND) if "link" in row else BY_HAND,
                row.get("method"),
                float(score) if score else None,
                row.get("link"),
            )
        )
        if "objectLabel" in row:
            labels[row["object"]] = row["objectLabel"]
    return sorted(
        set(links), key=lambda link: (link.subject, link.relation, link.object, link.review)
    ), labels


def run_corpus_audit(
    engine: Engine, include_proposed: bool = False, corpus: Corpus | None = None
) -> CorpusAudit:
    """The corpus audit of what ``engine`` holds (the claims graphs and the links graph), or of
    ``corpus`` (a links index's) with the links ``engine`` holds."""
    # only the queries that run are checked: the guard parses each, which is not free
    names = ("links",) if corpus is not None else ("articles", "claims", "links")
    texts = {name: corpus_query(name) for name in names}
    for text in texts.values():
        check_query(text)
    if corpus is None:
        corpus = from_rows(engine.select_strings(texts["articles"]), engine.select_strings(texts["claims"]))
    links, labels = read_links(engine.select_strings(texts["links"]))
    grades = read_grades(engine.select_strings(querylib.get("grades").text))
    return audit_corpus(corpus, links, labels, include_proposed, grades)


def audit_corpus(
    corpus: Corpus,
    links: list[CorpusLink],
    labels: dict[str, str],
    include_proposed: bool = False,
    grades: list[Grade] | None = None,
) -> CorpusAudit:
    audit = CorpusAudit(corpus, include_proposed, labels=labels, grades=grades or [])
    claims = corpus.claims

    def counts_here(link: CorpusLink) -> bool:
        return link.review in (BY_HAND, ACCEPTED) or (include_proposed and link.review == PROPOSED)

    named = {o.source for o in claims.values() if o.merge_key is not None}
    merges = [link for link in links if link.relation == SAME_SOURCE]
    audit.source_merges = {status: sum(m.review == status for m in merges) for status in _STATUSES}
    # a merge joins two named sources of the corpus; one touching an unnamed source joins nothing
    merges = [m for m in merges if counts_here(m) and m.subject in named and m.object in named]

    def article(iri: str) -> str | None:
        return claims[iri].article if iri in claims else None

    # across articles only: a derivation may point to an outlet (no article), a relation never
    # joins two claims of one article here
    crossing = [
        link
        for link in links
        if link.subject in claims
        and article(link.subject) != article(link.object)
        and (link.object in claims or link.relation in DERIVATION)
    ]
    counts: dict[str, int] = defaultdict(int)
    for link in crossing:
        counts[link.review] += 1
    audit.links = {status: counts[status] for status in _STATUSES}
    counted = [link for link in crossing if counts_here(link)]
    union = Clusters()
    derived: dict[str, list[CorpusLink]] = defaultdict(list)
    touching: dict[str, list[CorpusLink]] = defaultdict(list)
    for link in counted:
        if link.relation == SAME:
            union.union(link.subject, link.object)
        elif link.relation in DERIVATION:
            derived[link.subject].append(link)
        touching[link.subject].append(link)
        if link.object in claims:
            touching[link.object].append(link)
    audit.derivations = [link for claim in sorted(derived) for link in derived[claim]]
    roots = _Roots(corpus, derived, labels, merges)
    members = union.members(sorted(claims, key=corpus.order))
    # a claim alone is listed when a link joins it to a claim of another article; a derivation
    # from an outside outlet alone does not make it a claim that appears more than once
    listed = [
        group
        for group in members.values()
        if len(group) > 1 or any(link.object in claims for c in group for link in touching[c])
    ]
    for number, group in enumerate(sorted(listed, key=lambda g: corpus.order(g[0])), start=1):
        audit.clusters.append(_cluster(f"cluster-{number}", group, corpus, roots, touching))
    audit.merged_sources = {
        iri: (sorted(same), sum(m.review == PROPOSED for m in merges if roots.sources.find(m.subject) == iri))
        for iri, same in sorted(roots.merged.items())
    }
    _place_grades(audit, roots)
    return audit


def _place_grades(audit: CorpusAudit, roots: _Roots) -> None:
    """Each cluster's grades: of its claims, and of its roots (a named source merged across
    articles is graded through any of the sources it stands for)."""
    by_graded: dict[str, list[Grade]] = defaultdict(list)
    for grade in audit.grades:
        by_graded[grade.graded].append(grade)
    for cluster in audit.clusters:
        cluster.grades = [g for claim in cluster.claims for g in by_graded.get(claim, [])]
        cluster.root_grades = [
            g
            for root in cluster.roots
            for source in sorted(roots.merged.get(root) or {root})
            for g in by_graded.get(source, [])
        ]


class _Roots:
    """What each claim rests on after following derivation: sources and outside outlets."""

    def __init__(
        self,
        corpus: Corpus,
        derived: dict[str, list[CorpusLink]],
        labels: dict[str, str],
        merges: list[CorpusLink],
    ) -> None:
        self.corpus = corpus
        self.derived = derived
        self.memo: dict[str, frozenset[str]] = {}
        self.in_cycle: set[str] = set()
        self.unnamed: set[str] = set()
        #: sources nobody has classified (an imported mention): named or not is unknown, so they
        #: are never merged by name, and their independence is unknown as an unnamed source's
        self.unclassified: set[str] = set()
        self.partisan: set[str] = set()
        self.affiliations: dict[str, frozenset[str]] = {}
        self.outlet_names: dict[str, set[str]] = defaultdict(set)
        for a in corpus.articles.values():
            if a.publisher:
                self.outlet_names[a.publisher] |= a.names
        for outlet, label in labels.items():
            name = outlet_name(label)
            self.outlet_names[outlet].add(name)
            for _, aliases in WIRE_AGENCIES.values():
                if name in aliases:
                    self.outlet_names[outlet] |= set(aliases)
        #: named sources the merges counted make one (the smallest IRI stands for them)
        self.sources = Clusters()
        for merge in merges:
            self.sources.union(merge.subject, merge.object)
        #: the sources each standing source stands for, when it stands for more than itself
        self.merged: dict[str, set[str]] = defaultdict(set)
        for merge in merges:
            for source in (merge.subject, merge.object):
                self.merged[self.sources.find(source)].add(source)

    def outlet(self, claim: str) -> str | None:
        return self.corpus.articles[self.corpus.claims[claim].article].publisher

    def source(self, claim: str) -> str:
        """The root a claim is when nothing derives it: its source, the publisher for its own
        words, an unnamed source as itself (never merged by name), no source given per article."""
        occurrence = self.corpus.claims[claim]
        publisher = self.corpus.articles[occurrence.article].publisher
        if occurrence.source is None or occurrence.source == str(PROXY.NoSourceGiven):
            root = f"{occurrence.article}/no-source-given"
            self.unnamed.add(root)
            return root
        if occurrence.source == publisher or occurrence.kind == "publisher":
            return occurrence.source
        if occurrence.kind == "unclassified" and not occurrence.unnamed:
            self.unclassified.add(occurrence.source)
            return occurrence.source
        if occurrence.unnamed:
            self.unnamed.add(occurrence.source)
            self.affiliations[occurrence.source] = frozenset(occurrence.affiliations)
            return occurrence.source
        root = self.sources.find(occurrence.source)
        if occurrence.kind in _PARTISAN:
            self.partisan.add(root)
        return root

    def outside(self, claim: str, outlet: str) -> str:
        """An outlet outside the corpus is the root, unless it only relayed a speaker's words."""
        occurrence = self.corpus.claims[claim]
        names_outlet = outlet_name(occurrence.source_label or "") in self.outlet_names.get(outlet, ())
        if occurrence.kind in _SPEAKERS and not names_outlet:
            return self.source(claim)
        return outlet

    def of(self, claim: str, path: tuple[str, ...] = ()) -> frozenset[str]:
        if claim in self.memo:
            return self.memo[claim]
        if claim in path:  # derivation runs in a cycle: the circle rests on nothing outside it
            self.in_cycle.update(path[path.index(claim) :])
            return frozenset()
        links = self.derived.get(claim)
        if not links:
            found = frozenset({self.source(claim)})
        else:
            found = frozenset()
            for link in links:
                if link.object in self.corpus.claims:
                    found |= self.of(link.object, (*path, claim))
                else:
                    found |= {self.outside(claim, link.object)}
        if not path or claim not in self.in_cycle:
            self.memo[claim] = found
        return found

    def independent(self, found: Iterable[str]) -> tuple[int, list[str]]:
        """How many of the roots are independent, and the unnamed ones whose independence is
        unknown: unnamed roots count once each affiliation the text gives them, and once
        together when it gives none."""
        unnamed = sorted(r for r in found if r in self.unnamed or r in self.unclassified)
        affiliated = {self.affiliations.get(r) for r in unnamed} - {None, frozenset()}
        unknown = [r for r in unnamed if not self.affiliations.get(r)]
        return len(set(found)) - len(unnamed) + len(affiliated) + (1 if unknown else 0), unknown

    def reaches_through_derivation(self, claim: str) -> Iterator[str]:
        """The roots a claim reaches only by derivation: every root when it was derived."""
        if self.derived.get(claim):
            yield from self.of(claim)


def _cluster(
    ident: str, group: list[str], corpus: Corpus, roots: _Roots, touching: dict[str, list[CorpusLink]]
) -> Cluster:
    claims = corpus.claims
    first = corpus.articles[claims[group[0]].article]
    found: set[str] = set()
    for claim in group:
        found |= roots.of(claim)
    independent, unknown = roots.independent(found)
    links = sorted(
        {link for claim in group for link in touching[claim]},
        key=lambda link: (link.subject, link.relation, link.object),
    )
    corroborations = [link for link in links if link.relation in SUPPORT]
    supporting: set[str] = set()
    for link in corroborations:
        other = link.object if link.subject in group else link.subject
        if other in claims and other not in group:
            supporting |= roots.of(other)
    disputes = [link for link in links if link.relation in DISPUTE]
    flags = []
    circular = any(c in roots.in_cycle for c in group) or any(
        roots.of(link.subject) & roots.of(link.object) or not roots.of(link.subject)
        for link in corroborations
        if link.object in claims
    )
    if circular:
        flags.append("circular_reporting")
    dubious = {r for r in found if r in roots.unnamed or r in roots.partisan}
    if any(not claims[c].unnamed and dubious & set(roots.reaches_through_derivation(c)) for c in group):
        flags.append("laundering")
    if any(
        roots.outlet(link.subject) != roots.outlet(link.object) for link in disputes if link.object in claims
    ):
        flags.append("contested_across_outlets")
    return Cluster(
        id=ident,
        claims=sorted(group),
        first_appearance={"article": first.iri, "outlet": first.publisher, "date": first.date},
        roots=sorted(found),
        independent_roots=independent,
        independence_unknown=unknown if len(found) > 1 else [],
        corroborations=corroborations,
        disputes=disputes,
        flags=flags,
        proposed_links=sum(link.review == PROPOSED for link in links),
        supporting_roots=sorted(supporting - found),
        confirming_roots=roots.independent(found | supporting)[0],
    )
