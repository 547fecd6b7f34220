"""What the server answers from: the graph as written and loaded, its audit and the look-ups
every page makes, computed once at start; what only some pages show (the picture of the
disputes, the audit page, the dataset's counts), once on first use."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pyoxigraph as ox

from kgtool.audit.corpus import CorpusAudit, run_corpus_audit
from kgtool.audit.records import Claim, Grade, Source
from kgtool.audit.run import Audit, run_audit
from kgtool.engines import Engine
from kgtool.html.dispute_picture import LayoutMissing, dispute_pictures
from kgtool.html.links import web_link
from kgtool.namespaces import PROXY, RDFS, SCHEMA, local_name
from kgtool.publish.dataset_info import UNKNOWN, DatasetInfo
from kgtool.publish.description import Measures, measure
from kgtool.publish.export import nanopub_iri
from kgtool.publish.quad_index import Index
from kgtool.web.claim_filter import RELATIONS, relations_of
from kgtool.web.query_processes import QueryProcesses

T = TypeVar("T")


@dataclass
class Site:
    """What the server answers from: the graph loaded twice (lossless quads to describe, an
    engine to query, in processes of its own), and the audit, computed once at start."""

    base: str
    engine: Engine
    quads: list[ox.Quad]
    index: Index
    audit: Audit
    queries: QueryProcesses
    max_body: int = 64 * 1024  # a SPARQL query is a few kilobytes; parsing is slow on long ones
    dataset: DatasetInfo = UNKNOWN  # its licence and publisher, where known (/.well-known/void)
    #: the texts of the articles given (kgtool serve -a), by SHA-256: the graph keeps no copy
    texts: dict[str, str] = field(default_factory=dict)
    claims: dict[str, Claim] = field(init=False)
    sources: dict[str, Source] = field(init=False)

    articles: list[tuple[str, str]] = field(init=False)  # (href, label) for the navigation
    #: the claims each source made, each entity is the subject or object of, each article holds
    claims_by_source: dict[str, list[Claim]] = field(init=False)
    claims_about: dict[str, list[Claim]] = field(init=False)
    claims_in: dict[str, list[Claim]] = field(init=False)
    relations: set[str] = field(init=False)  # the relations some claim has
    #: the claims each claim supports, with how (the inverse of Claim.corroborations), and the
    #: explicit support relations each claim makes
    supported: dict[str, list[tuple[Claim, str]]] = field(init=False)
    supporting: dict[str, set[str]] = field(init=False)
    nanopublished: dict[str, str] = field(init=False)  # the claim of each nanopublication's IRI
    grades: dict[str, list[Grade]] = field(init=False)  # analysts' current grades, by IRI graded
    _kept: dict[str, Any] = field(init=False, default_factory=dict)
    _keeping: dict[str, threading.Lock] = field(
        init=False, default_factory=lambda: defaultdict(threading.Lock)
    )
    _keeping_lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.claims = {c.iri: c for c in self.audit.claims}
        self.sources = {s.iri: s for s in self.audit.sources}
        self.claims_by_source, self.claims_about, self.claims_in = (
            defaultdict(list),
            defaultdict(list),
            defaultdict(list),
        )
        for claim in self.audit.claims:
            if claim.source:
                self.claims_by_source[claim.source].append(claim)
            for entity in {e for e in (claim.subject, claim.object) if e}:
                self.claims_about[entity].append(claim)
            article = self.text(claim.iri, str(PROXY.reportedIn))
            if article:
                self.claims_in[article].append(claim)
        self.supported, self.supporting = defaultdict(list), defaultdict(set)
        for claim in self.audit.claims:
            for support in claim.corroborations:
                if support.claim in self.claims:
                    self.supported[support.claim].append((claim, support.how))
                if support.how in RELATIONS:
                    self.supporting[support.claim].add(support.how)
        self.nanopublished = {nanopub_iri(iri): iri for iri in self.claims}
        self.grades = defaultdict(list)
        for grade in self.audit.grades:
            self.grades[grade.graded].append(grade)
        self.relations = {r for c in self.audit.claims for r in relations_of(c, self.supporting)}
        articles = [
            (self.link(a.value), self.label(a.value))
            for a in self.index.subjects_of_type(ox.NamedNode(str(SCHEMA.NewsArticle)))
        ]
        self.articles = [(href, name) for href, name in articles if href]

    @property
    def pictures(self) -> dict[str, Any]:
        """The picture of the disputes, drawn on first use (never before the server listens)
        and once; call it off the event loop."""

        def draw() -> dict[str, Any]:
            try:
                return dispute_pictures(self.audit, self.link)
            except LayoutMissing as e:  # the pages still serve, and say what is missing
                return {"layout_missing": str(e)}

        return self.kept("pictures", draw)

    # --- IRIs and paths --------------------------------------------------------------------

    def iri_of(self, path: str) -> str | None:
        """The IRI a path of this server names; None for a path that makes no IRI (a NUL, a
        backslash, a byte that is not UTF-8, decoded as U+FFFD)."""
        iri = self.base + path.lstrip("/")
        try:
            ox.NamedNode(iri)
        except ValueError:
            return None
        return iri

    def link(self, iri: str) -> str | None:
        """The href of an IRI's page: a path of this server, an http(s) IRI, or None (text)."""
        return "/" + iri[len(self.base) :].lstrip("/") if iri.startswith(self.base) else web_link(iri)

    def label(self, iri: str) -> str:
        return self.known_label(iri) or local_name(iri)

    def reading(self, iri: str) -> str | None:
        """What a person reads for an IRI in a table: a claim's sentence, else its label."""
        said = self.audit.sentences.get(iri)
        return said.sentence if said else self.known_label(iri)

    def known_label(self, iri: str) -> str | None:
        """The IRI's rdfs:label in the graph, if it has one."""
        found = self.index.value(ox.NamedNode(iri), ox.NamedNode(RDFS.label))
        return None if found is None else found.value

    def corpus_audit(self, include_proposed: bool) -> CorpusAudit:
        """The corpus audit of the served data, made on first asking (the data does not change
        while serving; a single article has no cluster, and pays nothing until asked)."""
        return self.kept(
            f"corpus audit {include_proposed}", lambda: run_corpus_audit(self.engine, include_proposed)
        )

    def page_context(self) -> dict[str, Any]:
        """What every served page shows besides its own content: the navigation."""
        return {"served": True, "articles": self.articles, "sentences": self.audit.sentences}

    def text(self, iri: str, prop: str) -> str | None:
        found = self.index.value(ox.NamedNode(iri), ox.NamedNode(prop))
        return None if found is None else found.value

    def knows(self, iri: str) -> bool:
        return ox.NamedNode(iri) in self.index.by_subject

    def kept(self, name: str, make: Callable[[], T]) -> T:
        """``make()``, made on first use (not to hold up the start) and kept: the graph and its
        audit do not change while serving. Requests that want it meanwhile wait for that one
        making; call it off the event loop."""
        with self._keeping_lock:
            lock = self._keeping[name]
        with lock:
            if name not in self._kept:
                self._kept[name] = make()
            return self._kept[name]

    def measures(self) -> Measures:
        """What the dataset's description counts (counting a corpus is slow)."""
        return self.kept("measures", lambda: measure(self.engine))


def build_site(
    quads: list[ox.Quad],
    engine: Engine,
    base: str,
    query_timeout: float = 10.0,
    max_rows: int = 10_000,
    max_queries: int = 64,
    query_memory: int | None = None,
    **options: Any,
) -> Site:
    """The site; its query helper process is forked first, while kgtool is single-threaded.
    Each query may take ``query_memory`` megabytes (None: no limit)."""
    queries = QueryProcesses(
        lambda sparql: engine.query(sparql, max_rows=max_rows), query_timeout, max_queries, query_memory
    )
    return Site(
        base=base,
        engine=engine,
        quads=quads,
        index=Index(quads),
        audit=run_audit(engine),
        queries=queries,
        **options,
    )
