"""The provenance audit: every claim's status, the disputes, the sources, and the check queries.

All classification happens in the SPARQL files of ``queries/``, so that the same audit runs on
any engine or SPARQL endpoint; this module only gathers their rows into one report.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from sys import intern
from typing import Any

from kgtool.audit import claim_sentences, disagreements
from kgtool.audit.claim_sentences import ClaimSentence
from kgtool.audit.records import (
    Anchor,
    Check,
    Claim,
    ClaimDispute,
    Corroboration,
    Dispute,
    DisputeLink,
    Grade,
    Source,
    plain,
)
from kgtool.engines import Engine, freed_memory
from kgtool.errors import VocabularyMissing
from kgtool.namespaces import PROXY, compact
from kgtool.resources import ontology_file
from kgtool.snapshot import offset
from kgtool.sparql import querylib
from kgtool.sparql.guard import check_query
from kgtool.vocabulary import PUBLISHER_CLASSES, SOURCE_KINDS

#: "publisher" was called "unsourced" before: the publisher's own assertion is not unsourced.
#: The statuses every report lists, even at zero; the others only where some claim has them.
CORE_STATUSES = ("contested", "sourced", "anonymous", "publisher")
STATUSES = (*CORE_STATUSES, "unstated", "unclassified")
#: Relations whose two ends are both disputed (incompatible claims); any other dispute relation
#: disputes its target only (a challenge does not put the challenger in doubt).
_BOTH_ENDS = frozenset({"contradicts", "denies"})
#: The status and source kind of a claim whose source has no kind (a failed check says why).
UNKNOWN = "unknown"


@dataclass
class Audit:
    claims: list[Claim] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)
    anonymous_only: list[str] = field(default_factory=list)
    violations: list[Check] = field(default_factory=list)
    #: analysts' current grades, when assessments are loaded with the claims
    grades: list[Grade] = field(default_factory=list)
    #: each claim in words, by IRI: for people's reports (not part of the JSON record)
    sentences: dict[str, ClaimSentence] = field(default_factory=dict)

    @cached_property
    def source_labels(self) -> dict[str, str]:
        """Each source's label, by IRI."""
        return {source.iri: source.label for source in self.sources}

    @cached_property
    def _claims_by_iri(self) -> dict[str, Claim]:
        return {claim.iri: claim for claim in self.claims}

    def claim(self, iri: str) -> Claim | None:
        """The claim of that IRI, if the audit has it."""
        return self._claims_by_iri.get(iri)

    @property
    def failed(self) -> bool:
        """Whether a check found something, or there was nothing to audit: no claim at all is
        more likely the wrong input than an article that says nothing."""
        return not self.claims or any(v.rows for v in self.violations)

    @property
    def supports(self) -> Iterator[tuple[Claim, Corroboration]]:
        """Every support of one claim by another (corroborates, partiallySupports, the same
        content from another source): the supported claim and the support, in claim order."""
        for claim in self.claims:
            for support in claim.corroborations:
                yield claim, support

    def summary(self) -> dict[str, Any]:
        by_class = (c.publisher_class or "unclassified" for c in self.claims if c.status == "publisher")
        total = len(self.claims)
        return {
            "claims": total,
            "content_only": sum(1 for c in self.claims if c.content_only),
            # proposed by software, not reviewed: within each status, counted apart
            "unreviewed": sum(1 for c in self.claims if not c.reviewed),
            "unreviewed_by_status": _counts((c.status for c in self.claims if not c.reviewed), STATUSES),
            "by_status": _counts((c.status for c in self.claims), STATUSES),
            "by_source_kind": _counts((c.source_kind for c in self.claims), tuple(SOURCE_KINDS)),
            "publisher_by_class": _counts(by_class, tuple(PUBLISHER_CLASSES)),
            "anonymous_only": len(self.anonymous_only),
            "anonymous_only_share": round(len(self.anonymous_only) / total, 4) if total else 0.0,
            "disputes": len(self.disputes),
            "dispute_links": sum(len(d.links) for d in self.disputes),
            "supports": sum(len(c.corroborations) for c in self.claims),
            "independent_supports": sum(1 for _, s in self.supports if s.independent),
            "failed_checks": sum(1 for v in self.violations if v.rows),
        }

    def sections(self) -> Iterator[tuple[str, Any]]:
        """The report's parts in order, records as they are (see :meth:`as_dict`)."""
        yield from (
            ("summary", self.summary()),
            ("claims", self.claims),
            ("sources", self.sources),
            ("disputes", self.disputes),
            ("anonymous_only", self.anonymous_only),
            ("violations", self.violations),
        )
        if self.grades:  # the report of claims without assessments stays as it was
            yield ("grades", self.grades)

    def as_dict(self) -> dict[str, Any]:
        """The whole report as the JSON report's dicts and lists."""
        return {key: plain(value) for key, value in self.sections()}


def _counts(values: Iterable[str], known: tuple[str, ...]) -> dict[str, int]:
    """Every known value, then any other found (such as "unknown"), with how often it occurs."""
    found = Counter(values)
    return {k: found.get(k, 0) for k in known} | {k: n for k, n in sorted(found.items()) if k not in known}


# The audit's queries. The ones named in _SORTED_HERE run without their ORDER BY: the audit
# orders their rows itself. The short check of the ontology's vocabulary stops the audit as soon
# as it answers.
_VOCABULARY = "missing-vocabulary"
_QUERIES = (
    "claims-by-status",
    _VOCABULARY,
    "contested-claims",
    "corroborations",
    "anchors",
    "anonymous-only-claims",
    "sources",
    "unreviewed-claims",
    "grades",
)
# Where the engine runs two queries at once, the largest (claims-by-status, which needs several
# times the memory of any other to evaluate) runs first, beside the small ones only; the large
# ones wait for it, then run two at a time. Two large evaluations at once, beside
# the records already made, set the peak (benchmarks/README.md, "The audit's memory").
_LARGEST = "claims-by-status"
_LARGE = frozenset(
    {"contested-claims", "corroborations", "anchors", "claim-without-anchor-violation", claim_sentences.QUERY}
)
_SORTED_HERE = {"claims-by-status", "contested-claims", "corroborations", "anchors"}


# A check the audit makes from the rows of claims-by-status (one a claim, unless it holds several
# values) rather than by a query of its own.
CONTENT_CHECK = "claim-without-single-content"
_CONTENT_CHECK_SUMMARY = (
    "Check: claims that lack, or hold several of, a subject, predicate, "
    "object, polarity (but content-only claims), source or source kind; "
    "each is still counted once."
)
_CONTENT = ("subject", "predicate", "object", "polarity", "source", "kind")
#: What a content-only claim (proxy:UnstructuredClaim) must have: its content is its anchored text.
_SOURCE = ("source", "kind")


def query_texts() -> dict[str, str]:
    """The SPARQL the audit runs, by query name (the benchmark runs the same on raw pyoxigraph,
    as the JSON audit does); the reports for people run claim-wording.rq too."""
    checks = [name for name, q in sorted(querylib.library().items()) if q.is_check]
    return {
        name: querylib.get(name).unordered if name in _SORTED_HERE else querylib.get(name).text
        for name in (*_QUERIES, *checks)
    }


def _fetch(engine: Engine, sentences: bool) -> Iterator[tuple[str, Any]]:
    """What each query gives, as each finishes: its rows made into records (or compact tuples)
    by its collector while they stream in, never a dict per row kept."""
    texts = query_texts()
    if sentences:
        texts[claim_sentences.QUERY] = querylib.get(claim_sentences.QUERY).text
    waiting = [name for name in texts if name in _LARGE]
    pool = ThreadPoolExecutor(2 if engine.concurrent_queries else 1)

    def submit(names: Iterable[str]) -> dict[Future, str]:
        return {pool.submit(_collected, engine, name, texts[name]): name for name in names}

    try:
        running = submit(name for name in texts if name not in waiting)
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                name = running.pop(future)  # pop: let each result go once used
                if name == _LARGEST:
                    running |= submit(waiting)
                yield name, future.result()
    finally:  # on a failure, do not run the queries still waiting (each may wait for a timeout)
        pool.shutdown(wait=True, cancel_futures=True)


def _collected(engine: Engine, name: str, text: str) -> Any:
    """The rows of a shipped query, past the same guard as any other (parsed in the worker, so
    that at scale it overlaps the other query's run), through the query's collector."""
    check_query(text)
    collected = _COLLECTORS.get(name, list)(engine.select_strings(text, spool=name == _LARGEST))
    freed_memory.give_back()  # what the evaluation freed, before more records are made
    return collected


#: The columns of claims-by-status, in the order its rows are kept.
_CLAIM_COLUMNS = (
    "claim",
    "status",
    "subject",
    "predicate",
    "object",
    "polarity",
    "source",
    "kind",
    "publisherClass",
    "inferredSource",
    "contentOnly",
)
_ClaimRow = tuple[str | None, ...]


def _claim_rows(rows: Iterable[dict[str, str]]) -> list[_ClaimRow]:
    """One tuple a row; every value interned (a source, kind, predicate or claim IRI recurs)."""
    return [
        tuple(None if (value := row.get(column)) is None else intern(value) for column in _CLAIM_COLUMNS)
        for row in rows
    ]


def _spans(rows: Iterable[dict[str, str]]) -> dict[str, tuple[Anchor, ...]]:
    """Each claim's anchors, in the order of the text (excluded text has no claim)."""
    spans: dict[str, list[Anchor]] = defaultdict(list)
    for row in rows:
        if "claim" in row:
            spans[intern(row["claim"])].append(
                Anchor(row["exact"], offset(row["start"]), offset(row["end"]), intern(row["article"]))
            )
    return {claim: tuple(sorted(found, key=lambda s: (s.start, s.end))) for claim, found in spans.items()}


def _interned(rows: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    return [{key: intern(value) for key, value in row.items()} for row in rows]


def _corroborations(rows: Iterable[dict[str, str]]) -> dict[str, tuple[Corroboration, ...]]:
    """Each claim's corroborations, by corroborator and how; a record made of each row as it
    comes (sorting the rows themselves would hold a dict for every one)."""
    found = sorted(
        (
            (
                intern(row["claim"]),
                Corroboration(
                    intern(row["corroborator"]),
                    intern(row["how"]),
                    row.get("independence") == "independent",
                    row.get("reason"),
                ),
            )
            for row in rows
        ),
        key=lambda p: (p[0], p[1].claim, p[1].how),
    )
    by_claim: dict[str, list[Corroboration]] = defaultdict(list)
    for claim, corroboration in found:
        by_claim[claim].append(corroboration)
    return {claim: tuple(corroborations) for claim, corroborations in by_claim.items()}


def _sources(rows: Iterable[dict[str, str]]) -> list[Source]:
    sources: dict[str, Source] = {}
    for row in rows:
        iri = intern(row["source"])
        if iri in sources:  # a second label or descriptor: the source is listed once
            continue
        sources[iri] = Source(
            iri=iri,
            label=row.get("label") or iri,
            kind=row.get("kind"),
            descriptor=row.get("descriptor"),
            role=row.get("role"),
            access=row.get("access"),
            claims=int(row["claims"]),
            anonymity_reason="none given"
            if row.get("reasonGiven") == "false"
            else row.get("anonymityReason"),
            unnamed=row.get("unnamed") == "true",
        )
    return list(sources.values())


def read_grades(rows: Iterable[dict[str, str]]) -> list[Grade]:
    """The grades of the rows of grades.rq."""
    return [
        Grade(
            r["graded"],
            r["grade"],
            r.get("analystName") or r["analyst"],
            r["time"],
            r["reason"],
            r.get("cluster") == "true",
        )
        for r in rows
    ]


_COLLECTORS: dict[str, Callable[[Iterable[dict[str, str]]], Any]] = {
    "claims-by-status": _claim_rows,
    "anchors": _spans,
    "contested-claims": _interned,
    "corroborations": _corroborations,
    "sources": _sources,
    "anonymous-only-claims": lambda rows: sorted({r["claim"] for r in rows}),
    "unreviewed-claims": lambda rows: {intern(r["claim"]) for r in rows},
    "grades": read_grades,
    claim_sentences.QUERY: claim_sentences.wordings,
}


def missing_vocabulary(
    rows: list[dict[str, str]], where: str, needed_by: str = "the audit"
) -> VocabularyMissing:
    """The error naming what the ontology should describe (rows of missing-vocabulary.rq)."""
    terms: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        terms[row["what"]].add(compact(row["term"]))
    named = " or ".join(
        f"{len(found)} {what}s ({', '.join(sorted(found)[:2])}{', ...' if len(found) > 2 else ''})"
        for what, found in sorted(terms.items())
    )
    return VocabularyMissing(
        f"{where} lacks the ontology {needed_by} needs: nothing describes {named}",
        f"load {ontology_file()} with the data (pushing the claims to a store sends it too); "
        f"the query {_VOCABULARY} lists what is missing",
        commands=(f"query {_VOCABULARY}",),
    )


def check_vocabulary(engine: Engine, needed_by: str) -> None:
    """Raise :class:`VocabularyMissing` when ``engine`` lacks the ontology's vocabulary that
    ``needed_by`` (a library query marked ``#+ needs: ontology``) would answer wrongly without."""
    rows = list(engine.select_strings(querylib.get(_VOCABULARY).text))
    if rows:
        raise missing_vocabulary(rows, engine.where, needed_by)


def run_audit(engine: Engine, sentences: bool = True) -> Audit:
    """The audit of what ``engine`` holds; :class:`VocabularyMissing` when that lacks the
    ontology's vocabulary (without it every figure would be wrong). ``sentences``: put each
    claim in words too (for people's reports; the JSON record has no use for them)."""
    with _no_cycle_collection():
        return _audit(engine, sentences)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while the records are made: they hold no reference cycles,
    and it would walk them again and again as they grow (the cost at corpus scale is in
    benchmarks/README.md)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _audit(engine: Engine, sentences: bool) -> Audit:
    found: dict[str, Any] = {}
    for name, result in _fetch(engine, sentences):
        if name == _VOCABULARY and result:
            raise missing_vocabulary(result, engine.where)
        found[name] = result
    anchors: dict[str, tuple[Anchor, ...]] = found.pop("anchors")
    unreviewed: set[str] = found.pop("unreviewed-claims")
    corroborations: dict[str, tuple[Corroboration, ...]] = found.pop("corroborations")
    audit = Audit(
        grades=found.pop("grades"),
        sources=found.pop("sources"),
        anonymous_only=found.pop("anonymous-only-claims"),
        sentences=claim_sentences.from_wordings(
            found.pop(claim_sentences.QUERY), {claim: _words(anchors, claim) or "" for claim in anchors}
        )
        if claim_sentences.QUERY in found
        else {},
    )
    links = found.pop("contested-claims")
    dispute_of = _disputes(audit, links, anchors)
    contested_by: dict[str, set[str]] = defaultdict(set)
    claim_disputes: dict[str, list[ClaimDispute]] = defaultdict(list)
    for row in sorted(
        links, key=lambda r: (r["claim"], r["counter"], r["relation"], r["direction"], r["how"])
    ):
        claim, counter = row["claim"], row["counter"]
        if row["direction"] == "in" or row["relation"] in _BOTH_ENDS:
            contested_by[claim].add(counter)
        link = disagreements.Link(claim, counter, row["relation"], row["how"], "", "")
        claim_disputes[claim].append(
            ClaimDispute(
                counter,
                row["relation"],
                row["direction"],
                row["how"],
                dispute_of.get(link.key, dispute_of[link.key[0]]),
            )
        )
    del links
    unclear: list[dict[str, str]] = []
    polarities: dict[str, str] = {}  # proxy:Affirmed -> "affirmed", once a value
    by_claim = found.pop("claims-by-status")
    by_claim.sort(key=lambda r: r[0] or "")
    for iri, group in groupby(by_claim, key=lambda r: r[0]):
        assert iri is not None  # every row has its claim
        claim_rows = list(group)
        # several rows: several values of one property; the claim is counted once, by its first
        row = dict(
            zip(
                _CLAIM_COLUMNS,
                min(claim_rows, key=_present) if len(claim_rows) > 1 else claim_rows[0],
                strict=True,
            )
        )
        content_only = row["contentOnly"] == "true"
        problems = [f"no {k}" for k in (_SOURCE if content_only else _CONTENT) if row[k] is None]
        if len(claim_rows) > 1:
            problems.append(f"several values ({len(claim_rows)} rows)")
        if problems:
            unclear.append({"claim": iri, "problem": ", ".join(problems)})
        source, polarity = row["source"], row["polarity"]
        if polarity is not None and polarity not in polarities:
            polarities[polarity] = polarity.removeprefix(str(PROXY)).lower()
        claim_corroborations = corroborations.get(iri, ())
        audit.claims.append(
            Claim(
                iri=iri,
                status=row["status"] or UNKNOWN,
                content_only=content_only,
                reviewed=iri not in unreviewed,
                anchors=anchors.get(iri, ()),
                subject=row["subject"],
                predicate=row["predicate"],
                object=row["object"],
                polarity=polarities.get(polarity) if polarity else None,
                source=source,
                source_label=audit.source_labels.get(source, source) if source else None,
                source_kind=row["kind"] or UNKNOWN,
                publisher_class=row["publisherClass"],
                inferred_source=row["inferredSource"],
                contested_by=tuple(sorted(contested_by.get(iri, ()))),
                disputes=tuple(claim_disputes.get(iri, ())),
                corroborated_by=tuple(sorted({c.claim for c in claim_corroborations})),
                corroborations=claim_corroborations,
            )
        )
    for name, query in sorted(querylib.library().items()):
        if query.is_check:
            audit.violations.append(Check(name, query.summary, tuple(found[name])))
    audit.violations.append(Check(CONTENT_CHECK, _CONTENT_CHECK_SUMMARY, tuple(unclear)))
    return audit


def _present(row: Iterable[str | None]) -> list[tuple[str, str]]:
    """A claims-by-status row as the sorted (variable, value) pairs it binds."""
    return sorted((k, v) for k, v in zip(_CLAIM_COLUMNS, row, strict=True) if v is not None)


def _disputes(
    audit: Audit, rows: list[dict[str, str]], anchors: dict[str, tuple[Anchor, ...]]
) -> dict[Any, str]:
    """Fill ``audit.disputes`` with the disagreements, in the order of the text; return the id
    of the disagreement of every link (by :attr:`disagreements.Link.key`) and of every pair of
    claims a link joins."""
    links = disagreements.unique_links(rows)
    source = {link.claim: link.claim_source for link in links} | {
        link.counter: link.counter_source for link in links
    }

    def statement(claim: str) -> tuple:  # one source's words at one place of the text
        spans = anchors.get(claim)
        if not spans:
            return (claim,)
        return source[claim], min((s.start, s.end, s.article) for s in spans)

    def first_place(group: list[disagreements.Link]) -> tuple:
        return min(
            (anchors[c][0].start if anchors.get(c) else -1, c)
            for link in group
            for c in (link.claim, link.counter)
        )

    dispute_of: dict[Any, str] = {}
    for number, group in enumerate(sorted(disagreements.group(links, statement), key=first_place), start=1):
        ident = f"dispute-{number}"
        audit.disputes.append(
            Dispute(
                ident,
                tuple(
                    DisputeLink(
                        link.claim,
                        link.counter,
                        link.relation,
                        link.how,
                        link.claim_source,
                        link.counter_source,
                        _words(anchors, link.claim),
                        _words(anchors, link.counter),
                    )
                    for link in group
                ),
            )
        )
        for link in group:
            dispute_of[link.key] = ident
            dispute_of.setdefault(link.key[0], ident)  # a content conflict left out joins it
    return dispute_of


def _words(anchors: dict[str, tuple[Anchor, ...]], claim: str) -> str | None:
    """The words a claim rests on: the text of its anchors, in text order (a quote interrupted
    by "he said" is two), which a dispute sets against another claim's."""
    spans = anchors.get(claim)
    return claim_sentences.WORDS_BETWEEN.join(a.quote for a in spans) if spans else None
