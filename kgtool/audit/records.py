"""The records of an audit: a claim, its anchors, disputes and corroborations, a source, a
disagreement, a check's result.

Small frozen dataclasses with slots: at 100,000 claims a dict per record held a third of the
audit's memory above the store. Fields that hold several values are tuples (the empty tuple
is shared). :meth:`Record.as_json` gives the fields of the JSON report, in its order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


class Record:
    """What every record of the audit has: the keys of its JSON object, in order."""

    __slots__ = ()
    JSON: ClassVar[tuple[str, ...]]

    def as_json(self) -> dict[str, Any]:
        """The record as its JSON object (nested records stay records: see :func:`plain`)."""
        return {name: getattr(self, name) for name in self.JSON}


def plain(value: Any) -> Any:
    """Records, tuples and lists made into the dicts and lists of the JSON report."""
    if isinstance(value, Record):
        return {name: plain(item) for name, item in value.as_json().items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


@dataclass(frozen=True, slots=True)
class Anchor(Record):
    """Where a claim is written: its quote and offsets (code points) in an article."""

    quote: str
    start: int
    end: int
    article: str  # not reported: tells apart the same offsets in two articles

    JSON: ClassVar[tuple[str, ...]] = ("quote", "start", "end")


@dataclass(frozen=True, slots=True)
class ClaimDispute(Record):
    """A dispute seen from one of its claims: the other ``claim``, and who disputes whom."""

    claim: str
    relation: str
    direction: str  # "out": this claim disputes the other; "in": the other disputes this one
    how: str  # "link" for an explicit relation, else how the content conflicts
    dispute: str  # the id of its disagreement (Dispute.id)

    JSON: ClassVar[tuple[str, ...]] = ("claim", "relation", "direction", "how", "dispute")


@dataclass(frozen=True, slots=True)
class Corroboration(Record):
    claim: str
    how: str
    independent: bool
    reason: str | None

    JSON: ClassVar[tuple[str, ...]] = ("claim", "how", "independent", "reason")


@dataclass(frozen=True, slots=True)
class Claim(Record):
    """One claim as the audit classifies it; its quote is that of its first anchor."""

    iri: str
    status: str
    content_only: bool  # proxy:UnstructuredClaim: its content is its anchored text
    reviewed: bool  # False: proposed by software (kgtool draft), no person has reviewed it
    anchors: tuple[Anchor, ...]
    subject: str | None
    predicate: str | None
    object: str | None
    polarity: str | None
    source: str | None
    source_label: str | None
    source_kind: str
    publisher_class: str | None
    inferred_source: str | None
    contested_by: tuple[str, ...]
    disputes: tuple[ClaimDispute, ...]
    corroborated_by: tuple[str, ...]
    corroborations: tuple[Corroboration, ...]

    JSON: ClassVar[tuple[str, ...]] = (
        "iri",
        "status",
        "content_only",
        "reviewed",
        "quote",
        "start",
        "end",
        "anchors",
        "subject",
        "predicate",
        "object",
        "polarity",
        "source",
        "source_label",
        "source_kind",
        "publisher_class",
        "inferred_source",
        "contested_by",
        "disputes",
        "corroborated_by",
        "corroborations",
    )

    @property
    def quote(self) -> str | None:
        return self.anchors[0].quote if self.anchors else None

    @property
    def start(self) -> int | None:
        return self.anchors[0].start if self.anchors else None

    @property
    def end(self) -> int | None:
        return self.anchors[0].end if self.anchors else None


@dataclass(frozen=True, slots=True)
class Source(Record):
    """A source of claims; ``unnamed`` as the query finds it (a proxy:AnonymousSource)."""

    iri: str
    label: str
    kind: str | None
    descriptor: str | None
    role: str | None
    access: str | None
    claims: int
    anonymity_reason: str | None
    unnamed: bool

    JSON: ClassVar[tuple[str, ...]] = (
        "iri",
        "label",
        "kind",
        "descriptor",
        "role",
        "access",
        "claims",
        "anonymity_reason",
        "unnamed",
    )


@dataclass(frozen=True, slots=True)
class DisputeLink(Record):
    """One link of a disagreement, as its maker states it (``claim`` disputes ``counter``)."""

    claim: str
    counter: str
    relation: str
    how: str
    claim_source: str
    counter_source: str
    claim_quote: str | None
    counter_quote: str | None

    JSON: ClassVar[tuple[str, ...]] = (
        "claim",
        "counter",
        "relation",
        "how",
        "claim_source",
        "counter_source",
        "claim_quote",
        "counter_quote",
    )


@dataclass(frozen=True, slots=True)
class Dispute(Record):
    """A disagreement: the links that dispute one statement (see kgtool.audit.disagreements)."""

    id: str
    links: tuple[DisputeLink, ...]

    JSON: ClassVar[tuple[str, ...]] = ("id", "links")


@dataclass(frozen=True, slots=True)
class Grade(Record):
    """An analyst's current grade of a source (A-F) or a claim (1-6), kept in a graph apart
    from the claims (docs/assessments.md); ``cluster``: of the claim wherever it appears."""

    graded: str
    grade: str
    analyst: str
    time: str
    reason: str
    cluster: bool = False

    JSON: ClassVar[tuple[str, ...]] = ("graded", "grade", "cluster", "analyst", "time", "reason")

    @property
    def shown(self) -> str:
        """The grade as pages and reports show it."""
        return f"{self.grade}, wherever the claim appears" if self.cluster else self.grade


@dataclass(frozen=True, slots=True)
class Check(Record):
    """A check of the audit and the rows it found (none: it passed)."""

    check: str
    summary: str
    rows: tuple[dict[str, str], ...]

    JSON: ClassVar[tuple[str, ...]] = ("check", "summary", "rows")
