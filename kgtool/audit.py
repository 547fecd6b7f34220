"""The provenance audit: every claim's status, the disputes, the sources, and the check queries.

All classification happens in the SPARQL files of ``queries/``, so that the same audit runs on
any engine or SPARQL endpoint; this module only gathers their rows into one report.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from kgtool import claim_sentences, disagreements, querylib
from kgtool.claim_sentences import ClaimSentence
from kgtool.engines import Engine
from kgtool.errors import VocabularyMissing
from kgtool.namespaces import PROXY, compact
from kgtool.query_guard import check_query
from kgtool.resources import ontology_file
from kgtool.results import string_rows

#: "publisher" was called "unsourced" before: the publisher's own assertion is not unsourced.
STATUSES = ("contested", "sourced", "anonymous", "publisher", "unstated", "unclassified")
#: Relations whose two ends are both disputed (incompatible claims); any other dispute relation
#: disputes its target only (a challenge does not put the challenger in doubt).
_BOTH_ENDS = frozenset({"contradicts", "denies"})
#: What the publisher's own claims are (None: not classified, as in generated corpora).
PUBLISHER_CLASSES = ("headline", "background", "event_report", "exclusive", "analysis")
SOURCE_KINDS = ("publisher", "named_person", "institution", "partisan_outlet", "claimant",
                "anonymous_individual", "anonymous_group", "unstated", "unclassified")
#: The status and source kind of a claim whose source has no kind (a failed check says why).
UNKNOWN = "unknown"


@dataclass
class Audit:
    claims: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    disputes: list[dict[str, Any]] = field(default_factory=list)
    anonymous_only: list[str] = field(default_factory=list)
    violations: list[dict[str, Any]] = field(default_factory=list)
    #: each claim in words, by IRI: for people's reports (not part of the JSON record)
    sentences: dict[str, ClaimSentence] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return any(v["rows"] for v in self.violations)

    def summary(self) -> dict[str, Any]:
        by_class = (c["publisher_class"] or "unclassified" for c in self.claims
                    if c["status"] == "publisher")
        total = len(self.claims)
        return {
            "claims": total,
            "content_only": sum(1 for c in self.claims if c["content_only"]),
            "by_status": _counts((c["status"] for c in self.claims), STATUSES),
            "by_source_kind": _counts((c["source_kind"] for c in self.claims), SOURCE_KINDS),
            "publisher_by_class": _counts(by_class, PUBLISHER_CLASSES),
            "anonymous_only": len(self.anonymous_only),
            "anonymous_only_share": round(len(self.anonymous_only) / total, 4) if total else 0.0,
            "disputes": len(self.disputes),
            "dispute_links": sum(len(d["links"]) for d in self.disputes),
            "failed_checks": sum(1 for v in self.violations if v["rows"]),
        }

    def as_dict(self) -> dict[str, Any]:
        return {"summary": self.summary(), "claims": self.claims, "sources": self.sources,
                "disputes": self.disputes, "anonymous_only": self.anonymous_only,
                "violations": self.violations}


def _counts(values: Iterable[str], known: tuple[str, ...]) -> dict[str, int]:
    """Every known value, then any other found (such as "unknown"), with how often it occurs."""
    found = Counter(values)
    return {k: found.get(k, 0) for k in known} | {k: n for k, n in sorted(found.items())
                                                  if k not in known}


# The audit's queries, longest first (two run at a time where the engine allows), but for the
# short check of the ontology's vocabulary, which stops the audit as soon as it answers. Those
# named in _SORTED_HERE run without their ORDER BY: the audit orders their rows itself.
_VOCABULARY = "missing-vocabulary"
_QUERIES = ("claims-by-status", _VOCABULARY, "contested-claims", "corroborations", "anchors",
            "anonymous-only-claims", "sources")
_SORTED_HERE = {"claims-by-status", "contested-claims", "corroborations", "anchors"}


# A check the audit makes from the rows of claims-by-status (one a claim, unless it holds several
# values) rather than by a query of its own.
CONTENT_CHECK = "claim-without-single-content"
_CONTENT_CHECK_SUMMARY = ("Check: claims that lack, or hold several of, a subject, predicate, "
                          "object, polarity (but content-only claims), source or source kind; "
                          "each is still counted once.")
_CONTENT = ("subject", "predicate", "object", "polarity", "source", "kind")
#: What a content-only claim (proxy:UnstructuredClaim) must have: its content is its anchored text.
_SOURCE = ("source", "kind")


def query_texts() -> dict[str, str]:
    """The SPARQL the audit runs, by query name (the benchmark runs the same on raw pyoxigraph,
    as the JSON audit does); the reports for people run claim-wording.rq too."""
    checks = [name for name, q in sorted(querylib.library().items()) if q.is_check]
    return {name: querylib.get(name).unordered if name in _SORTED_HERE
            else querylib.get(name).text for name in (*_QUERIES, *checks)}


def _fetch(engine: Engine, sentences: bool) -> Iterator[tuple[str, list[dict[str, str]]]]:
    """Every query's rows, as each finishes; only lexical values (see results.string_rows)."""
    texts = query_texts()
    if sentences:
        texts[claim_sentences.QUERY] = querylib.get(claim_sentences.QUERY).text
    workers = 2 if getattr(engine, "concurrent_queries", False) else 1
    pool = ThreadPoolExecutor(workers)
    try:
        futures = {pool.submit(_checked_rows, engine, text): name for name, text in texts.items()}
        for future in as_completed(futures):
            yield futures.pop(future), future.result()  # pop: let each result go once used
    finally:  # on a failure, do not run the queries still waiting (each may wait for a timeout)
        pool.shutdown(wait=True, cancel_futures=True)


def _checked_rows(engine: Engine, text: str) -> list[dict[str, str]]:
    """The rows of a shipped query, past the same guard as any other (parsed in the worker, so
    that at scale it overlaps the other query's run)."""
    check_query(text)
    return string_rows(engine, text)


def missing_vocabulary(rows: list[dict[str, str]], where: str) -> VocabularyMissing:
    """The error naming what the ontology should describe (rows of missing-vocabulary.rq)."""
    terms: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        terms[row["what"]].add(compact(row["term"]))
    named = " or ".join(f"{len(found)} {what}s ({', '.join(sorted(found)[:2])}"
                      f"{', ...' if len(found) > 2 else ''})" for what, found in sorted(terms.items()))
    return VocabularyMissing(
        f"{where} lacks the ontology the audit needs: nothing describes {named}",
        f"load {ontology_file()} with the data (kgtool push sends it with the claims); "
        f"'kgtool query {_VOCABULARY}' lists what is missing")


def run_audit(engine: Engine, sentences: bool = True) -> Audit:
    """The audit of what ``engine`` holds; :class:`VocabularyMissing` when that lacks the
    ontology's vocabulary (without it every figure would be wrong). ``sentences``: put each
    claim in words too (for people's reports; the JSON record has no use for them)."""
    rows: dict[str, list[dict[str, str]]] = {}
    anchors: dict[str, list[dict[str, Any]]] = defaultdict(list)
    places: dict[str, tuple[int, int, str]] = {}  # each claim's first span: tells statements apart
    for name, result in _fetch(engine, sentences):
        if name == _VOCABULARY:
            if result:
                raise missing_vocabulary(result, getattr(engine, "url", "the data"))
            continue
        if name != "anchors":
            rows[name] = result
            continue
        for row in result:  # folded in on arrival: the largest result (a span a claim)
            if "claim" in row:
                start, end = int(row["start"]), int(row["end"])
                anchors[row["claim"]].append({"quote": row["exact"], "start": start, "end": end})
                place = (start, end, row["article"])
                places[row["claim"]] = min(places.get(row["claim"], place), place)
    for spans in anchors.values():
        spans.sort(key=lambda a: (a["start"], a["end"]))
    audit = Audit(sentences=claim_sentences.from_rows(rows.pop(claim_sentences.QUERY, [])))
    links = rows.pop("contested-claims")
    dispute_of = _disputes(audit, links, anchors, places)
    contested_by: dict[str, set[str]] = defaultdict(set)
    claim_disputes: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in sorted(links, key=lambda r: (r["claim"], r["counter"], r["relation"],
                                            r["direction"], r["how"])):
        claim, counter = row["claim"], row["counter"]
        if row["direction"] == "in" or row["relation"] in _BOTH_ENDS:
            contested_by[claim].add(counter)
        link = disagreements.Link(claim, counter, row["relation"], row["how"], "", "")
        claim_disputes[claim].append({
            "claim": counter, "relation": row["relation"], "direction": row["direction"],
            "how": row["how"], "dispute": dispute_of.get(link.key, dispute_of[link.key[0]])})
    corroborated_by: dict[str, set[str]] = defaultdict(set)
    corroborations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(rows.pop("corroborations"),
                      key=lambda r: (r["claim"], r["corroborator"], r["how"])):
        corroborated_by[row["claim"]].add(row["corroborator"])
        corroborations[row["claim"]].append({
            "claim": row["corroborator"], "how": row["how"],
            "independent": row.get("independence") == "independent",
            "reason": row.get("reason")})
    labels: dict[str, str] = {}
    for row in rows.pop("sources"):
        iri = row["source"]
        if iri in labels:  # a second label or descriptor: the source is listed once
            continue
        labels[iri] = row.get("label") or iri
        audit.sources.append({
            "iri": iri, "label": labels[iri], "kind": row.get("kind"),
            "descriptor": row.get("descriptor"), "role": row.get("role"),
            "access": row.get("access"), "claims": int(row["claims"]),
            "anonymity_reason": "none given" if row.get("reasonGiven") == "false"
            else row.get("anonymityReason"),
            "unnamed": row.get("unnamed") == "true",
        })
    no_span = {"quote": None, "start": None, "end": None}
    unclear: list[dict[str, str]] = []
    by_claim = sorted(rows.pop("claims-by-status"), key=lambda r: r["claim"])
    for iri, group in groupby(by_claim, key=lambda r: r["claim"]):
        claim_rows = list(group)
        # several rows: several values of one property; the claim is counted once, by its first
        row = min(claim_rows, key=lambda r: sorted(r.items())) if len(claim_rows) > 1 \
            else claim_rows[0]
        content_only = row.get("contentOnly") == "true"
        problems = [f"no {k}" for k in (_SOURCE if content_only else _CONTENT) if k not in row]
        if len(claim_rows) > 1:
            problems.append(f"several values ({len(claim_rows)} rows)")
        if problems:
            unclear.append({"claim": iri, "problem": ", ".join(problems)})
        spans = anchors.get(iri, [])
        first = spans[0] if spans else no_span
        source = row.get("source")
        polarity = row.get("polarity")
        audit.claims.append({
            "iri": iri, "status": row.get("status") or UNKNOWN, "content_only": content_only,
            "quote": first["quote"], "start": first["start"], "end": first["end"],
            "anchors": spans,
            "subject": row.get("subject"), "predicate": row.get("predicate"),
            "object": row.get("object"),
            "polarity": polarity.removeprefix(str(PROXY)).lower() if polarity else None,
            "source": source, "source_label": labels.get(source, source) if source else None,
            "source_kind": row.get("kind") or UNKNOWN,
            "publisher_class": row.get("publisherClass"),
            "inferred_source": row.get("inferredSource"),
            "contested_by": sorted(contested_by.get(iri, ())),
            "disputes": claim_disputes.get(iri, []),
            "corroborated_by": sorted(corroborated_by.get(iri, ())),
            "corroborations": corroborations.get(iri, []),
        })
    audit.anonymous_only = sorted({r["claim"] for r in rows.pop("anonymous-only-claims")})
    for name, query in sorted(querylib.library().items()):
        if query.is_check:
            audit.violations.append({"check": name, "summary": query.summary, "rows": rows[name]})
    audit.violations.append({"check": CONTENT_CHECK, "summary": _CONTENT_CHECK_SUMMARY,
                             "rows": unclear})
    return audit


def _disputes(audit: Audit, rows: list[dict[str, str]], anchors: dict[str, list[dict[str, Any]]],
              places: dict[str, tuple[int, int, str]]) -> dict[Any, str]:
    """Fill ``audit.disputes`` with the disagreements, in the order of the text; return the id
    of the disagreement of every link (by :attr:`disagreements.Link.key`) and of every pair of
    claims a link joins."""
    links = disagreements.unique_links(rows)
    source = {link.claim: link.claim_source for link in links} | \
        {link.counter: link.counter_source for link in links}

    def statement(claim: str) -> tuple:  # one source's words at one place of the text
        return (source[claim], places[claim]) if claim in places else (claim,)

    def first_place(group: list[disagreements.Link]) -> tuple:
        places = [(anchors[c][0]["start"] if anchors.get(c) else -1, c)
                  for link in group for c in (link.claim, link.counter)]
        return min(places)

    dispute_of: dict[Any, str] = {}
    for number, group in enumerate(sorted(disagreements.group(links, statement), key=first_place),
                                   start=1):
        ident = f"dispute-{number}"
        audit.disputes.append({"id": ident, "links": [{
            "claim": link.claim, "counter": link.counter, "relation": link.relation,
            "how": link.how, "claim_source": link.claim_source,
            "counter_source": link.counter_source,
            "claim_quote": _first_quote(anchors, link.claim),
            "counter_quote": _first_quote(anchors, link.counter)} for link in group]})
        for link in group:
            dispute_of[link.key] = ident
            dispute_of.setdefault(link.key[0], ident)  # a content conflict left out joins it
    return dispute_of


def _first_quote(anchors: dict[str, list[dict[str, Any]]], claim: str) -> str | None:
    spans = anchors.get(claim)
    return spans[0]["quote"] if spans else None
