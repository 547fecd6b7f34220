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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kgtool.corpus_claims import WIRE_AGENCIES, Clusters, Corpus, Occurrence, normalise, outlet_name
from kgtool.errors import InputError, UsageError
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


@dataclass(frozen=True)
class Features:
    """What linking compares of one claim: its words normalised, their shingles (when long enough
    to recur by more than chance) and, when stance is asked, its content words."""

    text: str
    shingles: frozenset[str]
    words: frozenset[str] = frozenset()


def features(occurrence: Occurrence, with_words: bool) -> Features:
    text = normalise(occurrence.words)
    words = text.split()
    shingles = frozenset(" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))
    content: frozenset[str] = frozenset()
    if with_words:
        from kgtool.linking import stance

        content = frozenset(stance.content(stance.tokenize(occurrence.words)))
    return Features(
        text,
        shingles if len(words) >= MIN_WORDS else frozenset(),
        content if len(content) >= CONTENT_WORDS else frozenset(),
    )


class _Postings:
    """The claims of each feature, in order, and how many features each claim has."""

    def __init__(self) -> None:
        self.lists: dict[str, list[str]] = defaultdict(list)
        self.sizes: dict[str, int] = {}

    def add(self, claim: str, mine: frozenset[str]) -> None:
        self.sizes[claim] = len(mine)
        for feature in mine:
            self.lists[feature].append(claim)


class _Finder:
    """Claims are taken one at a time, earliest first, each compared with the claims before it
    only: what a claim is linked to by the same claim never depends on a later one, so that an
    article later than every other can be added to a linked corpus (:func:`add_links`) with the
    answers of linking everything again. Derivation, source merges and the filter of stance
    pairs look at the final clusters: they are found again over the whole corpus each time."""

    def __init__(self, corpus: Corpus, with_words: bool) -> None:
        self.corpus = corpus
        self.with_words = with_words
        self.clusters = Clusters()
        self.found = Links()
        self.ordered: list[str] = []
        self.features: dict[str, Features] = {}
        self.by_content: dict[tuple, list[str]] = defaultdict(list)
        self.by_text: dict[str, list[str]] = defaultdict(list)
        self.shingled = _Postings()
        self.worded = _Postings()
        #: (claim, earlier claim) topically close, for the stance model
        self.candidates: list[tuple[str, str]] = []
        #: where the links restored, found claim by claim, and found by finish end in found.links
        self.restored = self.online = self.looked_at = 0

    def article(self, claim: str) -> str:
        return self.corpus.claims[claim].article

    def same(self, claim: str, other: str, method: str, score: float) -> None:
        self.found.links.append(Link("same", claim, SAME, other, method, round(score, 3)))
        self.clusters.union(claim, other)

    def elsewhere(self, claim: str, group: list[str]) -> str | None:
        """The earliest claim of ``group`` in another article than ``claim``'s."""
        here = self.article(claim)
        return next((o for o in group if self.article(o) != here), None)

    def join(self, claim: str, group: list[str], method: str) -> None:
        """Claims with one key are the same claim: linked to the earliest of another article."""
        earlier = self.elsewhere(claim, group)
        if earlier is not None and self.clusters.find(claim) != self.clusters.find(earlier):
            self.same(claim, earlier, method, 1.0)
        group.append(claim)

    def add(self, claim: str, known: Features | None = None) -> None:
        """Link ``claim``, later than every claim added before it, to those claims."""
        occurrence = self.corpus.claims[claim]
        mine = self.features[claim] = known or features(occurrence, self.with_words)
        self.ordered.append(claim)
        if occurrence.content is not None:
            key = (occurrence.content, occurrence.negated)
            group = self.by_content[key]
            self.join(claim, group, "same content (subject, predicate, object and polarity)")
            # the group that appears later speaks against the earlier one
            opposite = self.by_content.get((occurrence.content, not occurrence.negated))
            if opposite and self.corpus.order(opposite[0]) < self.corpus.order(group[0]):
                target = self.elsewhere(claim, opposite)
                if target is not None:
                    method = "same content, opposite polarity"
                    self.found.links.append(Link("stance", claim, CONTRADICTS, target, method, 1.0))
        if mine.shingles:  # long enough: an identical quotation counts too
            self.join(claim, self.by_text[mine.text], "identical quotation after normalisation")
        method = f"near-duplicate passage (Jaccard of word {SHINGLE}-shingles)"
        for jaccard, other in self.similar(claim, mine.shingles, self.shingled, NEAR_DUPLICATE):
            if self.clusters.find(claim) != self.clusters.find(other):
                self.same(claim, other, method, jaccard)
        for _, other in self.similar(claim, mine.words, self.worded, TOPICAL, STANCE_CANDIDATES):
            self.candidates.append((claim, other))

    def restore(self, claim: str, text: str, sizes: tuple[int, int]) -> None:
        """Take ``claim`` back as a linked corpus left it, without linking it again (its
        features join the posting lists only as :meth:`postings` gives them)."""
        occurrence = self.corpus.claims[claim]
        self.ordered.append(claim)
        if occurrence.content is not None:
            self.by_content[(occurrence.content, occurrence.negated)].append(claim)
        if sizes[0]:
            self.by_text[text].append(claim)
        self.shingled.sizes[claim], self.worded.sizes[claim] = sizes

    def similar(
        self,
        claim: str,
        mine: frozenset[str],
        postings: _Postings,
        threshold: float,
        best: int | None = None,
    ) -> list[tuple[float, str]]:
        """(Jaccard, earlier claim of another article) at or above ``threshold``, best first (at
        most ``best``), through the posting lists, leaving out features of more than COMMON
        claims; then ``claim`` joins the posting lists of its features."""
        if not mine:
            return []
        shared: dict[str, int] = {}  # a plain dict: Counter.update costs more per posting
        for feature in mine:
            posting = postings.lists.get(feature)
            if posting and len(posting) <= COMMON:
                for other in posting:
                    shared[other] = shared.get(other, 0) + 1
        here = self.article(claim)
        scored = []
        for other, n in shared.items():
            jaccard = n / (len(mine) + postings.sizes[other] - n)
            if jaccard >= threshold and self.article(other) != here:
                scored.append((-jaccard, other))
        scored.sort()
        postings.add(claim, mine)
        return [(-j, other) for j, other in scored[:best]]

    def outlets(self) -> dict[str, str]:
        """Outlet IRI by each name an attribution may give it: the corpus's publishers, the
        agents articles credit, and the wire agencies (a publisher of the corpus when it is one)."""
        by_name: dict[str, str] = {}
        articles = sorted(
            self.corpus.articles.values(), key=lambda a: a.iri
        )  # one name, one outlet, every run
        for article in articles:
            if article.publisher:
                for name in sorted(article.names):
                    by_name.setdefault(name, article.publisher)
        for article in articles:
            for credited, names in sorted(article.credits.items()):
                for name in sorted(names):
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

    def stances(self, model: stance.StanceModel, known: Iterable[Link] = ()) -> None:
        """The stance model's links between topically close claims of different clusters: those
        ``known`` already (of an earlier run, whose clusters may since have grown into one) and
        those of the candidate pairs, asked of the model."""
        apart = self.clusters.find
        self.found.links += [link for link in known if apart(link.subject) != apart(link.object)]
        claims = self.corpus.claims
        pairs = [
            (claim, other)
            for claim, other in self.candidates
            if not (claims[claim].content is not None and claims[other].content is not None)
            and apart(claim) != apart(other)
        ]
        texts = [(claims[other].words, claims[claim].words) for claim, other in pairs]
        method = "stance model (FNC-1), over topically close claims"
        for (claim, other), (label, probabilities) in zip(pairs, model.predict_pairs(texts), strict=True):
            if label in STANCE_RELATIONS:
                score = round(probabilities[label], 3)
                self.found.links.append(Link("stance", claim, STANCE_RELATIONS[label], other, method, score))

    def finish(self, model: stance.StanceModel | None, known: Iterable[Link] = ()) -> Links:
        """What looks at the final clusters: derivation, source merges, stance (the links found
        claim by claim come first in ``found.links``)."""
        self.online = len(self.found.links)
        self.derivations()
        self.source_merges()
        self.looked_at = len(self.found.links)
        if model is not None:
            self.stances(model, known)
        return self.found

    def update(self, with_stance: bool, rewrite: bool) -> Update:
        links = self.found.links
        return Update(
            self.corpus,
            self.features,
            links[: self.online] if rewrite else links[self.restored : self.online],
            links[self.looked_at :] if with_stance else None,
            rewrite,
        )


def _named_outlet(name: str, by_name: dict[str, str]) -> tuple[str | None, float]:
    """The outlet a source's label names: the whole label (score 1), else the longest outlet name
    found in it as whole words ("a report in the Washington Post": 0.8)."""
    if name in by_name:
        return by_name[name], 1.0
    padded = f" {name} "
    found = [n for n in by_name if f" {n} " in padded]
    return (by_name[max(found, key=len)], 0.8) if found else (None, 0.0)


@dataclass
class LinkIndex:
    """A linked corpus as :func:`add_links` continues it: the claims, each one's words
    normalised and number of shingles and content words, the links found claim by claim (the
    same claim, a contradiction) and the stance model's (None: linked without the model), and
    two readers of the features: the posting lists of some (``lookup("shingles" or "words",
    features)``) and every claim's (``every()``)."""

    corpus: Corpus
    texts: dict[str, str]
    sizes: dict[str, tuple[int, int]]
    online: list[Link]
    stances: list[Link] | None
    lookup: Callable[[str, set[str]], dict[str, list[str]]]
    every: Callable[[], dict[str, Features]]


@dataclass
class Update:
    """What to write of a linking into its index: the corpus, the features of the claims it
    compared anew, the links found claim by claim (all of them when ``rewrite``, else those of
    the claims added) and the stance model's, all of them."""

    corpus: Corpus
    features: dict[str, Features]
    online: list[Link]
    stances: list[Link] | None
    rewrite: bool


def link_corpus(corpus: Corpus, model: stance.StanceModel | None = None) -> tuple[Links, Update]:
    """The links the corpus's claims propose (stance only when given a ``model``), and what its
    index holds, so that a later article can be added."""
    finder = _Finder(corpus, with_words=model is not None)
    for claim in sorted(corpus.claims, key=corpus.order):
        finder.add(claim)
    found = finder.finish(model)
    return found, finder.update(model is not None, rewrite=True)


def find_links(corpus: Corpus, model: stance.StanceModel | None = None) -> Links:
    """The links the corpus's claims propose; stance only when given a ``model``."""
    return link_corpus(corpus, model)[0]


def add_links(index: LinkIndex, addition: Corpus, model: stance.StanceModel | None) -> tuple[Links, Update]:
    """The links of the index's corpus and ``addition`` together, as linking both from scratch
    gives them, and what to write into the index. When every claim added comes after every
    claim of the index (by date, then article and claim IRI), only they are compared with the
    corpus, through the posting lists of their own features; otherwise the whole corpus is
    linked again from the index (the update then rewrites it)."""
    if (model is None) != (index.stances is None):
        made = "without" if index.stances is None else "with"
        raise UsageError(
            f"the index was made {made} the stance model",
            f"add {made} it too, or link from scratch",
            options=("no_stance",),
        )
    corpus = merged(index.corpus, addition)
    old = sorted(index.corpus.claims, key=corpus.order)
    new = sorted(addition.claims, key=corpus.order)
    with_words = model is not None
    finder = _Finder(corpus, with_words)
    if old and new and corpus.order(new[0]) < corpus.order(old[-1]):
        known = index.every()
        for claim in sorted(corpus.claims, key=corpus.order):
            finder.add(claim, known.get(claim))
        return finder.finish(model), finder.update(with_words, rewrite=True)
    for claim in old:
        finder.restore(claim, index.texts[claim], index.sizes[claim])
    mine = {claim: features(addition.claims[claim], with_words) for claim in new}
    for postings, kind in ((finder.shingled, "shingles"), (finder.worded, "words")):
        wanted = {f for found in mine.values() for f in getattr(found, kind)}
        postings.lists.update(index.lookup(kind, wanted))
    for link in index.online:
        finder.found.links.append(link)
        if link.relation == SAME:
            finder.clusters.union(link.subject, link.object)
    finder.restored = len(finder.found.links)
    for claim in new:
        finder.add(claim, mine[claim])
    return finder.finish(model, index.stances or ()), finder.update(with_words, rewrite=False)


def merged(corpus: Corpus, addition: Corpus) -> Corpus:
    """Both corpora as one; an article or claim both hold is refused."""
    for kind, here, there in (
        ("article", corpus.articles, addition.articles),
        ("claim", corpus.claims, addition.claims),
    ):
        both = sorted(here.keys() & there.keys())
        if both:
            raise InputError(f"{kind} {both[0]} is in the corpus already", "add only what it lacks")
    return Corpus(corpus.articles | addition.articles, corpus.claims | addition.claims)
