"""Proposed links between the claims of a corpus (``kgtool link``): the same claim in several
articles, who took it from whom, the stance one claim takes towards another, and the named
sources of several articles that are one person or institution.

Every link joins claims of different articles (inside one article the annotator's relations
say it) and is only a proposal, with the method that found it and a score. Clusters of the same
claim are built as links are found (a union-find), so that each claim is linked once to the
cluster, to its earliest member, rather than to every other member.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kgtool.corpus_claims import WIRE_AGENCIES, Clusters, Corpus, normalise, outlet_name
from kgtool.namespaces import BASE, PROV, PROXY

if TYPE_CHECKING:  # the model's module imports numpy: only when stance is asked for
    from kgtool.linking import stance

#: An identical quotation shorter than this recurs by chance ("we will see").
MIN_WORDS = 5
#: Near-duplicates: word shingles of this length, and the Jaccard index from which two are one.
SHINGLE = 3
NEAR_DUPLICATE = 0.5
#: Stance is asked of pairs whose content words overlap this much (Jaccard), up to
#: STANCE_CANDIDATES earlier claims for each claim, each with at least CONTENT_WORDS of them.
TOPICAL = 0.25
STANCE_CANDIDATES = 3
CONTENT_WORDS = 3
#: A shingle or word found in more claims than this is boilerplate or a topic of the whole
#: corpus: it proposes no candidate (a posting list this long would make the search quadratic).
COMMON = 60
#: What each FNC-1 label proposes: corroboration, denial, repetition; "unrelated" proposes nothing.
STANCE_RELATIONS = {
    "agree": str(PROXY.corroborates),
    "disagree": str(PROXY.denies),
    "discuss": str(PROXY.repeats),
}
SAME = str(PROXY.sameClaimAs)
SAME_SOURCE = str(PROXY.sameSourceAs)
SAME_NAME_AND_KIND = "same name and kind (named sources)"
CONTRADICTS = str(PROXY.contradicts)
WIRE_CREDIT = "wire credit"
KINDS = {
    "same": PROXY.SameClaimLink,
    "derivation": PROXY.DerivationLink,
    "stance": PROXY.StanceLink,
    "source": PROXY.SourceLink,
}


@dataclass(frozen=True)
class Link:
    kind: str  # a key of KINDS
    subject: str  # a claim (a source, for a source merge)
    relation: str  # the predicate's IRI
    object: str  # a claim, an outlet (a derivation from outside the corpus) or a source
    method: str
    score: float

    @property
    def iri(self) -> str:
        """Stable: the same link found again gets the same IRI (and keeps its review)."""
        key = f"{self.subject} {self.relation} {self.object}".encode()
        return str(BASE[f"link/{hashlib.sha256(key).hexdigest()[:20]}"])


@dataclass
class Links:
    links: list[Link] = field(default_factory=list)
    #: outlets outside the corpus that claims derive from, by IRI: their label
    outlets: dict[str, str] = field(default_factory=dict)

    def counts(self) -> Counter:
        return Counter(link.kind for link in self.links)


class _Finder:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.clusters = Clusters()
        self.found = Links()
        self.ordered = sorted(corpus.claims, key=corpus.order)
        # each claim's words normalised once: identity and shingles both start from them
        self.normalised = {claim: normalise(o.words) for claim, o in corpus.claims.items()}

    def article(self, claim: str) -> str:
        return self.corpus.claims[claim].article

    def same(self, claim: str, other: str, method: str, score: float) -> None:
        self.found.links.append(Link("same", claim, SAME, other, method, round(score, 3)))
        self.clusters.union(claim, other)

    def groups(self, key_of: Mapping[str, Hashable], method: str) -> None:
        """Claims with one key are the same claim: each is linked to the earliest of another article."""
        by_key: dict[Hashable, list[str]] = defaultdict(list)
        for claim in self.ordered:
            if claim in key_of:
                by_key[key_of[claim]].append(claim)
        for group in by_key.values():
            for i, claim in enumerate(group[1:], start=1):
                earlier = next((o for o in group[:i] if self.article(o) != self.article(claim)), None)
                if earlier is not None and self.clusters.find(claim) != self.clusters.find(earlier):
                    self.same(claim, earlier, method, 1.0)

    def same_content(self) -> None:
        claims = self.corpus.claims
        keys = {c: (o.content, o.negated) for c, o in claims.items() if o.content is not None}
        self.groups(keys, "same content (subject, predicate, object and polarity)")
        by_key: dict[tuple, list[str]] = defaultdict(list)
        for claim in self.ordered:
            if claim in keys:
                by_key[keys[claim]].append(claim)
        for (content, negated), group in by_key.items():
            other = by_key.get((content, not negated))
            # the group that appears later speaks against the earlier one
            if not other or self.corpus.order(group[0]) < self.corpus.order(other[0]):
                continue
            for claim in group:
                target = next((o for o in other if self.article(o) != self.article(claim)), None)
                if target is not None:
                    method = "same content, opposite polarity"
                    self.found.links.append(Link("stance", claim, CONTRADICTS, target, method, 1.0))

    def identical(self) -> None:
        keys: dict[str, Hashable] = {}
        for claim, text in self.normalised.items():
            if text.count(" ") + 1 >= MIN_WORDS:
                keys[claim] = text
        self.groups(keys, "identical quotation after normalisation")

    def near_duplicates(self) -> None:
        shingles: dict[str, set[str]] = {}
        for claim, text in self.normalised.items():
            words = text.split()
            if len(words) >= MIN_WORDS:
                shingles[claim] = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
        method = f"near-duplicate passage (Jaccard of word {SHINGLE}-shingles)"
        for claim, jaccard, other in _similar(self.ordered, shingles, NEAR_DUPLICATE, self.article):
            if self.clusters.find(claim) != self.clusters.find(other):
                self.same(claim, other, method, jaccard)

    def outlets(self) -> dict[str, str]:
        """Outlet IRI by each name an attribution may give it: the corpus's publishers, the
        agents articles credit, and the wire agencies (a publisher of the corpus when it is one)."""
        by_name: dict[str, str] = {}
        for article in self.corpus.articles.values():
            if article.publisher:
                for name in article.names:
                    by_name.setdefault(name, article.publisher)
        for article in self.corpus.articles.values():
            for credited, names in article.credits.items():
                for name in names:
                    by_name.setdefault(name, credited)
        for slug, (label, aliases) in WIRE_AGENCIES.items():
            known = next((by_name[n] for n in aliases if n in by_name), None)
            iri = known or str(BASE[f"entity/outlet-{slug}"])
            if known is None:
                self.found.outlets.setdefault(iri, label)
            for alias in aliases:
                by_name.setdefault(alias, iri)
        return by_name

    def derivations(self) -> None:
        by_name = self.outlets()
        members = self.clusters.members(self.ordered)  # in order: the first of a publisher is its earliest
        publisher = {iri: a.publisher for iri, a in self.corpus.articles.items()}
        derived: set[str] = set()

        in_corpus = set(publisher.values())

        def derive(claim: str, outlet: str, method: str, score: float) -> None:
            occurrence = self.corpus.claims[claim]
            if outlet == publisher[occurrence.article] or claim in derived:
                return
            target = next(
                (m for m in members[self.clusters.find(claim)] if publisher[self.article(m)] == outlet),
                outlet,
            )
            if target == outlet and outlet in in_corpus and method == WIRE_CREDIT:
                return  # the credited outlet's articles lack it: the reprinting outlet's own addition
            derived.add(claim)
            relation = str(PROV.wasQuotedFrom if occurrence.quoted else PROV.wasDerivedFrom)
            self.found.links.append(Link("derivation", claim, relation, target, method, score))

        for claim in self.ordered:
            label = self.corpus.claims[claim].source_label
            if label:
                outlet, score = _named_outlet(outlet_name(label), by_name)
                if outlet:
                    derive(claim, outlet, "attribution to an outlet", score)
        for claim in self.ordered:
            for credited, names in sorted(self.corpus.articles[self.article(claim)].credits.items()):
                # a credited agent that is a publisher of the corpus by another IRI is that publisher
                outlet = next((by_name[n] for n in sorted(names) if n in by_name), credited)
                derive(claim, outlet, WIRE_CREDIT, 1.0)
        targets = {link.object for link in self.found.links}
        self.found.outlets = {iri: label for iri, label in self.found.outlets.items() if iri in targets}

    def source_merges(self) -> None:
        """Named sources of different IRIs with one name and kind: each proposed as the same as
        the smallest IRI of them (the audit takes them for one only once a person accepts it)."""
        by_key: dict[tuple[str, str | None], set[str]] = defaultdict(set)
        for occurrence in self.corpus.claims.values():
            key = occurrence.merge_key
            if key is not None and occurrence.source:
                by_key[key].add(occurrence.source)
        for sources in by_key.values():
            standing, *others = sorted(sources)
            for other in others:
                self.found.links.append(Link("source", other, SAME_SOURCE, standing, SAME_NAME_AND_KIND, 1.0))

    def stances(self, model: stance.StanceModel) -> None:
        from kgtool.linking import stance

        words: dict[str, set[str]] = {}
        for claim, occurrence in self.corpus.claims.items():
            found = set(stance.content(stance.tokenize(occurrence.words)))
            if len(found) >= CONTENT_WORDS:
                words[claim] = found
        pairs: list[tuple[str, str]] = []
        for claim, _, other in _similar(self.ordered, words, TOPICAL, self.article, STANCE_CANDIDATES):
            both_structured = all(self.corpus.claims[c].content is not None for c in (claim, other))
            if not both_structured and self.clusters.find(claim) != self.clusters.find(other):
                pairs.append((claim, other))
        texts = [(self.corpus.claims[other].words, self.corpus.claims[claim].words) for claim, other in pairs]
        for (claim, other), (label, probabilities) in zip(pairs, model.predict_pairs(texts), strict=True):
            if label in STANCE_RELATIONS:
                method = "stance model (FNC-1), over topically close claims"
                self.found.links.append(
                    Link(
                        "stance",
                        claim,
                        STANCE_RELATIONS[label],
                        other,
                        method,
                        round(probabilities[label], 3),
                    )
                )


def _named_outlet(name: str, by_name: dict[str, str]) -> tuple[str | None, float]:
    """The outlet a source's label names: the whole label (score 1), else the longest outlet name
    found in it as whole words ("a report in the Washington Post": 0.8)."""
    if name in by_name:
        return by_name[name], 1.0
    padded = f" {name} "
    found = [n for n in by_name if f" {n} " in padded]
    return (by_name[max(found, key=len)], 0.8) if found else (None, 0.0)


def _similar(
    ordered: list[str],
    features: dict[str, set[str]],
    threshold: float,
    article_of: Callable[[str], str],
    best: int | None = None,
) -> list[tuple[str, float, str]]:
    """(claim, Jaccard, earlier claim of another article) for every pair at or above
    ``threshold``, best first for each claim (at most ``best`` of them), through an inverted
    index that leaves out features of more than COMMON claims."""
    postings: dict[str, list[str]] = defaultdict(list)
    out: list[tuple[str, float, str]] = []
    for claim in ordered:
        mine = features.get(claim)
        if not mine:
            continue
        shared: dict[str, int] = {}  # a plain dict: Counter.update costs more per posting
        for feature in mine:
            posting = postings.get(feature)
            if posting and len(posting) <= COMMON:
                for other in posting:
                    shared[other] = shared.get(other, 0) + 1
        here = article_of(claim)
        scored = []
        for other, n in shared.items():
            jaccard = n / (len(mine) + len(features[other]) - n)
            if jaccard >= threshold and article_of(other) != here:
                scored.append((-jaccard, other))
        scored.sort()
        out.extend((claim, -j, other) for j, other in scored[:best])
        for feature in mine:
            postings[feature].append(claim)
    return out


def find_links(corpus: Corpus, model: stance.StanceModel | None = None) -> Links:
    """The links the corpus's claims propose; stance only when given a ``model``."""
    finder = _Finder(corpus)
    finder.same_content()
    finder.identical()
    finder.near_duplicates()
    finder.derivations()
    finder.source_merges()
    if model is not None:
        finder.stances(model)
    return finder.found
