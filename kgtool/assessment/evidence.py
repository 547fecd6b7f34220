"""Grades checked against the evidence the graph holds: a grade the graph contradicts is a
validation result, with the reason in words.

What each grade's definition lets the graph contradict:

- credibility 1 ("confirmed by other sources") needs at least two independent roots: the
  claim's own source and the source of a claim that corroborates it independently (a
  violation otherwise);
- credibility 1 and 2 say the information is consistent with what else is known: a claim
  another claim disputes is a warning (the analyst may know better, but should say why);
- credibility 4 and 5 say the information is not believed, being inconsistent with what is
  known: a claim that an independent source corroborates and nothing disputes is a warning;
- the other grades (3, 6, and every reliability letter) claim nothing the graph could refute.

The roots are counted within what is loaded, from the audit's corroborations. The corpus audit
(kgtool/audit/corpus.py, in progress) counts independent roots across articles; when it lands,
:func:`independent_roots` is the one function to make use of it.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef
from rdflib.namespace import SH

from kgtool.assessment.records import CREDIBILITY, QUERY, Assessment, current, from_rows
from kgtool.audit.records import Claim
from kgtool.audit.run import Audit, check_vocabulary, run_audit
from kgtool.engines import Engine
from kgtool.namespaces import PROXY, compact
from kgtool.validation.report import KGS, Result

#: What such a result names as its shape and constraint: a check of kgtool's own, not a shape.
CHECK = KGS.GradeAgainstEvidence
_WORDS = {"1": "confirmed by other sources", "2": "probably true", "4": "doubtful", "5": "improbable"}


def independent_roots(audit: Audit, claim: Claim) -> set[str]:
    """The sources ``claim`` rests on that depend on none of the others: its own, and the source
    of each claim the audit finds corroborating it independently."""
    roots = {claim.source} if claim.source else set()
    for support in claim.corroborations:
        other = audit.claim(support.claim)
        if support.independent and other is not None and other.source:
            roots.add(other.source)
    return roots


def contradictions(audit: Audit, assessments: Iterable[Assessment]) -> list[Result]:
    """A result for every current grade of a claim that the audit's evidence contradicts."""
    found = []
    for a in current(assessments):
        claim = audit.claim(a.assessed)
        if a.aspect != CREDIBILITY or claim is None or a.grade not in _WORDS:
            continue  # a claim that is not loaded is the shapes' to report
        graded = f"graded {a.grade} ({_WORDS[a.grade]}) by {a.analyst.name}"
        if a.grade == "1" and len(independent_roots(audit, claim)) < 2:
            found.append(_result(a, claim, SH.Violation, f"{graded}, but {_dependence(audit, claim)}"))
        roots = independent_roots(audit, claim)
        if a.grade in ("4", "5") and len(roots) > 1 and not claim.contested_by:
            others = ", ".join(
                sorted(
                    {compact(s.claim) for s in claim.corroborations if s.independent and audit.claim(s.claim)}
                )
            )
            found.append(
                _result(
                    a,
                    claim,
                    SH.Warning,
                    f"{graded}, but {others} corroborates it independently and nothing disputes it: "
                    "say what it is inconsistent with",
                )
            )
        if a.grade in ("1", "2") and claim.contested_by:
            disputes = ", ".join(compact(c) for c in claim.contested_by)
            found.append(
                _result(a, claim, SH.Warning, f"{graded}, but {disputes} disputes it: say why it is believed")
            )
    return found


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
    """The grades ``engine`` holds that its evidence contradicts (the audit runs only when it
    holds an assessment)."""
    assessments = from_rows(engine.select_strings(QUERY))
    if not assessments:
        return []
    check_vocabulary(engine, "checking analysts' grades against the evidence")
    return contradictions(run_audit(engine, sentences=False), assessments)
