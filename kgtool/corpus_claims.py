"""The claims of a corpus as occurrences: each claim with its article, outlet, date, source and
words, made from the rows of the queries of ``queries/corpus/`` (which ``kgtool link`` and the
corpus audit run on their engine), and the names by which text refers to an outlet."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kgtool.namespaces import PROXY
from kgtool.resources import queries_dir
from kgtool.vocabulary import UNNAMED_KINDS

#: Wire agencies by slug: label, and the names an attribution or a credit gives them.
WIRE_AGENCIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "associated-press": ("Associated Press", ("ap", "associated press")),
    "reuters": ("Reuters", ("reuters", "thomson reuters")),
    "afp": ("Agence France-Presse", ("afp", "agence france presse")),
    "upi": ("United Press International", ("upi", "united press international")),
}

_NOT_WORD = re.compile(r"[^\w]+")


def corpus_query(name: str) -> str:
    """The text of ``queries/corpus/NAME.rq`` (outside the library: it lists every claim; the
    caller passes it through the guard as any other query)."""
    return (queries_dir() / "corpus" / f"{name}.rq").read_text(encoding="utf-8")


def normalise(text: str) -> str:
    """Lower case, accents and punctuation off, spaces collapsed: how Quotebank merges quotations."""
    bare = text.casefold()
    if not bare.isascii():  # ASCII has no accent to take off: most text, spared the walk below
        bare = "".join(c for c in unicodedata.normalize("NFKD", bare) if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", bare).replace("_", " ").split())


@functools.cache  # a corpus repeats its sources' labels: each is normalised once
def outlet_name(text: str) -> str:
    """An outlet's name as compared: normalised, without a leading "the" ("the AP" is "ap")."""
    words = normalise(text).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


@dataclass
class Article:
    iri: str
    publisher: str | None = None
    publisher_label: str | None = None
    names: set[str] = field(default_factory=set)  # the publisher's names, as outlet_name gives them
    date: str | None = None
    url: str | None = None
    credits: dict[str, set[str]] = field(default_factory=dict)  # credited agent: its names


@dataclass
class Occurrence:
    """One claim of one article."""

    claim: str
    article: str
    source: str | None = None
    source_label: str | None = None
    kind: str | None = None
    named: bool = False  # a proxy:NamedSource (whose kind may still be unclassified)
    unnamed: bool = False
    affiliations: set[str] = field(default_factory=set)
    mode: str | None = None
    words: str = ""  # the anchors' text, in text order
    content: tuple[str, str, str] | None = None  # subject, predicate, object
    negated: bool = False

    @property
    def quoted(self) -> bool:
        return self.mode == str(PROXY.DirectQuote)

    @property
    def merge_key(self) -> tuple[str, str | None] | None:
        """By what its source may be taken for another of the corpus: its name and kind, for a
        named source of a known kind only (never an unnamed source, nor one nobody classified)."""
        if not (self.source and self.source_label and self.named) or self.unnamed:
            return None
        if self.kind in (None, "unclassified"):
            return None
        return outlet_name(self.source_label), self.kind


@dataclass
class Corpus:
    articles: dict[str, Article]
    claims: dict[str, Occurrence]

    def date(self, claim: str) -> str:
        """The claim's article's date ("" when unknown: sorts first, as the earliest is unknown)."""
        return self.articles[self.claims[claim].article].date or ""

    def order(self, claim: str) -> tuple[str, str, str]:
        """Earliest first: by date, then article and claim IRI, so that ties break alike every run."""
        return self.date(claim), self.claims[claim].article, claim


def from_rows(article_rows: Iterable[dict[str, str]], claim_rows: Iterable[dict[str, str]]) -> Corpus:
    """The corpus from the rows of ``articles.rq`` and ``claims.rq``."""
    articles: dict[str, Article] = {}
    for row in article_rows:
        article = articles.setdefault(row["article"], Article(row["article"]))
        if "publisher" in row:
            article.publisher = row["publisher"]
            for key in ("publisherLabel", "publisherName"):
                if key in row:
                    article.names.add(outlet_name(row[key]))
            article.publisher_label = article.publisher_label or row.get("publisherLabel")
        if "date" in row:  # a dateTime is compared by its day
            day = row["date"][:10]
            article.date = min(article.date or day, day)
        article.url = article.url or row.get("url")
        if "credit" in row:
            names = article.credits.setdefault(row["credit"], set())
            names |= {outlet_name(row[k]) for k in ("creditLabel", "creditName") if k in row}
    claims: dict[str, Occurrence] = {}
    anchors: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    for row in claim_rows:
        iri = row["claim"]
        occurrence = claims.get(iri)
        if occurrence is None:
            occurrence = claims[iri] = Occurrence(iri, row["article"])
            articles.setdefault(row["article"], Article(row["article"]))
        occurrence.source = occurrence.source or row.get("source")
        occurrence.source_label = occurrence.source_label or row.get("sourceLabel")
        occurrence.kind = occurrence.kind or row.get("kind")
        occurrence.named |= row.get("named") == "true"
        occurrence.unnamed |= row.get("unnamed") == "true" or row.get("kind") in UNNAMED_KINDS
        if "affiliation" in row:
            occurrence.affiliations.add(row["affiliation"])
        occurrence.mode = occurrence.mode or row.get("mode")
        if "exact" in row:
            start = row.get("start", "0")
            anchors[iri][row.get("anchor", "")] = (int(start) if start.isdigit() else 0, row["exact"])
        if "predicate" in row and occurrence.content is None:
            occurrence.content = (row["subject"], row["predicate"], row["object"])
        occurrence.negated |= row.get("polarity") == str(PROXY.Negated)
    for iri, spans in anchors.items():
        claims[iri].words = " ".join(text for _, text in sorted(spans.values()))
    return Corpus(articles, claims)


class Clusters:
    """Union-find over claims: which claims the links of the same claim make one cluster (the
    smallest IRI stands for it, so that the answer does not depend on the order of the links)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, claim: str) -> str:
        root = claim
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while claim != root:  # path compression
            self.parent[claim], claim = root, self.parent.get(claim, claim)
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def members(self, claims: Iterable[str]) -> dict[str, list[str]]:
        """Each cluster's claims, in the order given."""
        out: dict[str, list[str]] = defaultdict(list)
        for claim in claims:
            out[self.find(claim)].append(claim)
        return out
