"""The provenance audit: every claim's status, the disputes, the sources, and the check queries.

All classification happens in the SPARQL files of ``queries/``, so that the same audit runs on
any engine or SPARQL endpoint; this module only gathers their rows into one report.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from kgtool import querylib
from kgtool.engines import Engine
from kgtool.namespaces import PROXY
from kgtool.results import string_rows

STATUSES = ("contested", "sourced", "anonymous", "unsourced")
SOURCE_KINDS = ("publisher", "named_person", "institution", "partisan_outlet", "claimant",
                "anonymous_individual", "anonymous_group")


def _value(term: str | None) -> str | None:
    return None if term is None else str(term)


@dataclass
class Audit:
    claims: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    disputes: list[dict[str, Any]] = field(default_factory=list)
    anonymous_only: list[str] = field(default_factory=list)
    violations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(v["rows"] for v in self.violations)

    def summary(self) -> dict[str, Any]:
        by_status = Counter(c["status"] for c in self.claims)
        by_kind = Counter(c["source_kind"] for c in self.claims)
        total = len(self.claims)
        return {
            "claims": total,
            "by_status": {s: by_status.get(s, 0) for s in STATUSES},
            "by_source_kind": {k: by_kind.get(k, 0) for k in SOURCE_KINDS}
            | {k: n for k, n in by_kind.items() if k not in SOURCE_KINDS},
            "anonymous_only": len(self.anonymous_only),
            "anonymous_only_share": round(len(self.anonymous_only) / total, 4) if total else 0.0,
            "disputes": len(self.disputes),
            "failed_checks": sum(1 for v in self.violations if v["rows"]),
        }

    def as_dict(self) -> dict[str, Any]:
        return {"summary": self.summary(), "claims": self.claims, "sources": self.sources,
                "disputes": self.disputes, "anonymous_only": self.anonymous_only,
                "violations": self.violations}


def _rows(engine: Engine, name: str) -> list[dict[str, str]]:
    # the audit needs only lexical values: no rdflib term per cell (see results.string_rows)
    return string_rows(engine, querylib.get(name).text)


def run_audit(engine: Engine) -> Audit:
    anchors: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(engine, "anchors"):
        if "claim" in row:
            anchors[str(row["claim"])].append(
                {"quote": str(row["exact"]), "start": int(row["start"]), "end": int(row["end"])})
    contested_by: dict[str, set[str]] = defaultdict(set)
    audit = Audit()
    seen_pairs: set[tuple[str, str]] = set()
    for row in _rows(engine, "contested-claims"):
        claim, counter = str(row["claim"]), str(row["counter"])
        contested_by[claim].add(counter)
        if (counter, claim) not in seen_pairs and (claim, counter) not in seen_pairs:
            seen_pairs.add((claim, counter))
            audit.disputes.append({
                "claim": claim, "counter": counter, "how": str(row["how"]),
                "claim_source": _value(row.get("claimSource")),
                "counter_source": _value(row.get("counterSource")),
                "claim_quote": _value(row.get("claimQuote")),
                "counter_quote": _value(row.get("counterQuote")),
            })
    corroborated_by: dict[str, set[str]] = defaultdict(set)
    for row in _rows(engine, "corroborations"):
        corroborated_by[str(row["claim"])].add(str(row["corroborator"]))
    labels: dict[str, str] = {}
    for row in _rows(engine, "sources"):
        iri = str(row["source"])
        labels[iri] = _value(row.get("label")) or iri
        audit.sources.append({
            "iri": iri, "label": labels[iri], "kind": _value(row.get("kind")),
            "descriptor": _value(row.get("descriptor")), "role": _value(row.get("role")),
            "anonymity_reason": _value(row.get("anonymityReason")),
            "claims": int(row["claims"]),
        })
    for row in _rows(engine, "claims-by-status"):
        iri = str(row["claim"])
        spans = sorted(anchors.get(iri, []), key=lambda a: (a["start"], a["end"]))
        first = spans[0] if spans else {"quote": None, "start": None, "end": None}
        source = str(row["source"])
        audit.claims.append({
            "iri": iri, "status": _value(row.get("status")),
            "quote": first["quote"], "start": first["start"], "end": first["end"],
            "anchors": spans,
            "subject": str(row["subject"]), "predicate": str(row["predicate"]),
            "object": str(row["object"]),
            "polarity": str(row["polarity"]).removeprefix(str(PROXY)).lower(),
            "source": source, "source_label": labels.get(source, source),
            "source_kind": _value(row.get("kind")),
            "contested_by": sorted(contested_by.get(iri, ())),
            "corroborated_by": sorted(corroborated_by.get(iri, ())),
        })
    audit.anonymous_only = sorted(str(r["claim"]) for r in _rows(engine, "anonymous-only-claims"))
    for name, query in sorted(querylib.library().items()):
        if query.is_check:
            rows = string_rows(engine, query.text)
            audit.violations.append({"check": name, "summary": query.summary, "rows": rows})
    return audit
