"""Grades checked against the evidence the graph holds: a grade the graph contradicts is a
validation result, with the reason in words.

What each grade's definition lets the graph contradict:

- credibility 1 ("confirmed by other sources") needs at least two independent roots (a
  violation otherwise);
- credibility 1 and 2 say the information is consistent with what else is known: a claim
  another claim disputes is a warning (the analyst may know better, but should say why);
- credibility 4 and 5 say the information is not believed, being inconsistent with what is
  known: a claim that independent sources corroborate and nothing disputes is a warning;
- the other grades (3, 6, and every reliability letter) claim nothing the graph could refute.

The roots of a claim that no reviewed link joins to another article are its own source and
the sources of the claims the article audit finds corroborating it independently. The roots of
a claim the corpus audit puts in a cluster are the cluster's, after following derivation (a
reprint of a wire story rests on the wire story, not on the outlet that reprinted it), with the
roots of the claims that corroborate the cluster and of the claims corroborating it
independently in its own article. A grade of the claim wherever it appears (its cluster) is
checked the same way. Only links a person wrote or accepted count: a proposal is no evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import SH

from kgtool.assessment.records import CREDIBILITY, QUERY, Assessment, current, from_rows
from kgtool.audit.corpus import Cluster, CorpusAudit, run_corpus_audit
from kgtool.audit.records import Claim
from kgtool.audit.run import Audit, check_vocabulary, run_audit
from kgtool.engines import Engine
from kgtool.namespaces import PROXY, compact
from kgtool.validation.report import KGS, Result

#: What such a result names as its shape and constraint: a check of kgtool's own, not a shape.
CHECK = KGS.GradeAgainstEvidence
_WORDS = {"1": "confirmed by other sources", "2": "probably true", "4": "doubtful", "5": "improbable"}


@dataclass(frozen=True)
class Evidence:
    """What a claim rests on: how many independent roots, which, and what disputes it."""

    independent: int
    roots: tuple[str, ...]
    corroborating: tuple[str, ...]  # the claims that corroborate it independently
    disputes: tuple[str, ...]  # the claims that dispute it, in its article or across outlets
    cluster: Cluster | None


def _article_roots(audit: Audit, claim: Claim) -> set[str]:
    """The sources ``claim`` rests on within its article: its own, and the source of each claim
    the audit finds corroborating it independently."""
    roots = {claim.source} if claim.source else set()
    return roots | _corroborating_sources(audit, claim)


def _corroborating_sources(audit: Audit, claim: Claim) -> set[str]:
    found = set()
    for support in claim.corroborations:
        other = audit.claim(support.claim)
        if support.independent and other is not None and other.source:
            found.add(other.source)
    return found


def evidence(audit: Audit, corpus: CorpusAudit | None, claim: Claim) -> Evidence:
    """What ``claim`` rests on: across articles when the corpus audit clusters it, else within
    its article."""
    corroborating = tuple(
        sorted({s.claim for s in claim.corroborations if s.independent and audit.claim(s.claim)})
    )
    cluster = corpus.cluster_of(claim.iri) if corpus is not None else None
    if cluster is None:
        roots = _article_roots(audit, claim)
        return Evidence(len(roots), tuple(sorted(roots)), corroborating, tuple(claim.contested_by), None)
    beside = _corroborating_sources(audit, claim) - set(cluster.roots) - set(cluster.supporting_roots)
    disputes = set(claim.contested_by)
    for link in cluster.disputes:  # the other end of each dispute that touches the cluster
        disputes.add(link.object if link.subject in cluster.claims else link.subject)
    return Evidence(
        cluster.confirming_roots + len(beside),
        tuple(sorted({*cluster.roots, *cluster.supporting_roots, *beside})),
        corroborating,
        tuple(sorted(disputes)),
        cluster,
    )


def contradictions(
    audit: Audit, assessments: Iterable[Assessment], corpus: CorpusAudit | None = None
) -> list[Result]:
    """A result for every current grade of a claim that the evidence contradicts."""
    found = []
    for a in current(assessments):
        claim = audit.claim(a.assessed)
        if a.aspect != CREDIBILITY or claim is None or a.grade not in _WORDS:
            continue  # a claim that is not loaded is the shapes' to report
        graded = f"graded {a.grade} ({_WORDS[a.grade]}) by {a.analyst.name}"
        if a.cluster:
            graded = f"{graded} wherever it appears"
        known = evidence(audit, corpus, claim)
        if a.grade == "1" and known.independent < 2:
            why = _dependence(audit, claim) if known.cluster is None else _cluster_dependence(corpus, known)
            found.append(_result(a, claim, SH.Violation, f"{graded}, but {why}"))
        if a.grade in ("4", "5") and known.independent > 1 and not known.disputes:
            others = ", ".join(compact(c) for c in known.corroborating) or _roots(corpus, known.roots)
            found.append(
                _result(
                    a,
                    claim,
                    SH.Warning,
                    f"{graded}, but {others} corroborates it independently and nothing disputes it: "
                    "say what it is inconsistent with",
                )
            )
        if a.grade in ("1", "2") and known.disputes:
            disputes = ", ".join(compact(c) for c in known.disputes)
            found.append(
                _result(a, claim, SH.Warning, f"{graded}, but {disputes} disputes it: say why it is believed")
            )
    return found


def _roots(corpus: CorpusAudit | None, roots: Iterable[str]) -> str:
    return ", ".join(corpus.label(r) if corpus is not None else compact(r) for r in roots)


def _cluster_dependence(corpus: CorpusAudit | None, known: Evidence) -> str:
    cluster = known.cluster
    assert cluster is not None and corpus is not None
    first = cluster.first_appearance
    where = f"first in {compact(str(first['article']))}" + (f" of {first['date']}" if first["date"] else "")
    appearances = f"its {len(cluster.claims)} appearances"
    if not known.roots:
        return f"{appearances} ({where}) derive from each other in a circle and rest on no root"
    if len(known.roots) == 1:
        return f"{appearances} rest on one root, {_roots(corpus, known.roots)} ({where})"
    return (
        f"{appearances} rest on {_roots(corpus, known.roots)} ({where}), unnamed sources whose "
        "independence the text leaves unknown: they count as one"
    )


def _dependence(audit: Audit, claim: Claim) -> str:
    if not claim.corroborations:
        return "nothing corroborates it: grade it 2 at best, or record the corroboration"
    why = "; ".join(f"{compact(s.claim)} ({s.reason or 'not independent'})" for s in claim.corroborations)
    return f"nothing independent corroborates it: what corroborates it rests on its own source, {why}"


def _result(a: Assessment, claim: Claim, severity: URIRef, message: str) -> Result:
    return Result(
        severity=severity,
        shape=CHECK,
        component=CHECK,
        focus=URIRef(a.iri),
        path=PROXY.grade,
        value=a.grade_iri,
        message=message,
        claim=URIRef(claim.iri),
        quote=claim.quote,
        focus_name=compact(a.iri),
    )


def check_engine(engine: Engine) -> list[Result]:
    """The grades ``engine`` holds that its evidence contradicts (the audits run only when it
    holds an assessment; the corpus audit counts only reviewed links)."""
    assessments = from_rows(engine.select_strings(QUERY))
    if not assessments:
        return []
    check_vocabulary(engine, "checking analysts' grades against the evidence")
    return contradictions(run_audit(engine, sentences=False), assessments, run_corpus_audit(engine))
