"""Assessments out to analysts' tools and back: a STIX 2.1 bundle of opinions, and MISP tags.

STIX: each assessment is an ``opinion`` of its analyst (an ``identity``, ``created_by_ref``),
created at its time, with the reason as ``explanation``, the grade as MISP's admiralty-scale
tag in ``labels`` (a credibility also as STIX's normative ``confidence``), and what it grades
as an external reference to its IRI (the opinion's ``object_refs`` names a stand-in
identifier derived from that IRI: a claim has no STIX object of its own). Every identifier is
derived from an IRI, so the same assessments give the same bundle. A grade of a claim wherever
it appears carries the label ``kgtool:cluster`` besides its tag. Reading a bundle back gives
the same assessments; an opinion from another tool without the tag has its grade from its
confidence (STIX's mapping back), and one that names nothing kgtool can resolve is refused.

MISP: one ``link`` attribute per current assessment, its value the IRI graded, the analyst,
time and reason in its comment, the grade as its tag. MISP tags say nothing of who graded, so
a MISP event is an export only.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kgtool.assessment.records import CREDIBILITY, Analyst, Assessment, aspect_of, current
from kgtool.errors import InputError
from kgtool.input_files import regular_file
from kgtool.vocabulary import MISP_TAGS, STIX_CONFIDENCE

#: Where kgtool's STIX identifiers come from (uuid5 of an IRI in this namespace).
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://w3id.org/kgtool/")
#: How external references name a kgtool IRI.
SOURCE_NAME = "kgtool"
#: The label of an opinion that grades a claim's cluster (wherever the claim appears).
CLUSTER_LABEL = "kgtool:cluster"
#: STIX's opinion scale, best grade first (6 and F: no basis to judge, neutral).
_SCALE = ("strongly-agree", "agree", "neutral", "disagree", "strongly-disagree", "neutral")
_OPINIONS = {**dict(zip("ABCDEF", _SCALE, strict=True)), **dict(zip("123456", _SCALE, strict=True))}
_GRADE_OF_TAG = {tag: grade for grade, tag in MISP_TAGS.items()}


def _id(kind: str, iri: str) -> str:
    return f"{kind}--{uuid.uuid5(_NAMESPACE, iri)}"


def _ref(iri: str) -> list[dict[str, str]]:
    return [{"source_name": SOURCE_NAME, "url": iri}]


def to_stix(assessments: Iterable[Assessment]) -> bytes:
    """The assessments as a STIX 2.1 bundle (JSON)."""
    import stix2

    found = sorted(assessments, key=lambda a: (a.analyst.iri, a.assessed, a.cluster, a.time))
    objects: list[Any] = []
    first: dict[str, dt.datetime] = {}
    for a in found:
        first[a.analyst.iri] = min(first.get(a.analyst.iri, a.time), a.time)
    analysts = {a.analyst.iri: a.analyst for a in found}
    for iri, analyst in sorted(analysts.items()):
        objects.append(
            stix2.v21.Identity(
                id=_id("identity", iri),
                created=first[iri],
                modified=first[iri],
                name=analyst.name,
                identity_class="individual",
                external_references=_ref(iri),
            )
        )
    for a in found:
        extra = {"confidence": STIX_CONFIDENCE[a.grade]} if a.grade in STIX_CONFIDENCE else {}
        objects.append(
            stix2.v21.Opinion(
                id=_id("opinion", a.iri),
                created=a.time,
                modified=a.time,
                created_by_ref=_id("identity", a.analyst.iri),
                authors=[a.analyst.name],
                opinion=_OPINIONS[a.grade],
                explanation=a.reason,
                labels=[MISP_TAGS[a.grade], *([CLUSTER_LABEL] if a.cluster else [])],
                object_refs=[_id("identity" if a.aspect != CREDIBILITY else "note", a.assessed)],
                external_references=_ref(a.assessed),
                **extra,
            )
        )
    bundle = stix2.v21.Bundle(
        id=_id("bundle", " ".join(a.iri for a in found)), objects=objects, allow_custom=False
    )
    return (bundle.serialize(pretty=True) + "\n").encode("utf-8")


def _grade_from_confidence(confidence: int) -> str:
    """STIX's mapping of confidence back to credibility: 80-100 is 1, ... 0-19 is 5."""
    return str(5 - min(confidence, 99) // 20)


def from_stix(path: str | Path) -> list[Assessment]:
    """The assessments of a STIX 2.1 bundle (its opinions that grade a kgtool IRI)."""
    import stix2
    import stix2.exceptions

    path = Path(path)
    regular_file(path, "bundle")
    try:
        text = path.read_bytes().decode("utf-8")
        document = json.loads(text)
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: byte {e.start} is not UTF-8", "save the bundle as UTF-8") from None
    except json.JSONDecodeError as e:
        raise InputError(
            f"{path}: line {e.lineno}, column {e.colno}: {e.msg}", "give a STIX 2.1 bundle"
        ) from None
    except RecursionError:
        raise InputError(f"{path}: nested too deeply", "give a STIX 2.1 bundle") from None
    try:
        bundle = stix2.parse(document, allow_custom=True, version="2.1")
    except (stix2.exceptions.STIXError, ValueError, TypeError, KeyError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise InputError(f"{path}: not a STIX 2.1 bundle: {first}", "give a STIX 2.1 bundle") from None
    if getattr(bundle, "type", None) != "bundle":
        raise InputError(f"{path}: a STIX {getattr(bundle, 'type', 'object')}, not a bundle", "give a bundle")
    objects = list(getattr(bundle, "objects", []))
    identities = {o.id: o for o in objects if o.type == "identity"}
    found = []
    for o in objects:
        if o.type != "opinion":
            continue
        where = f"{path}: {o.id}"
        found.append(_assessment(where, o, identities))
    return found


def _kgtool_iri(obj: Any) -> str | None:
    refs = getattr(obj, "external_references", None) or []
    return next((r["url"] for r in refs if r.get("source_name") == SOURCE_NAME and r.get("url")), None)


def _assessment(where: str, opinion: Any, identities: dict[str, Any]) -> Assessment:
    assessed = _kgtool_iri(opinion)
    if assessed is None:
        raise InputError(
            f"{where}: grades nothing kgtool knows", "give it an external reference to a kgtool IRI"
        )
    tags = [
        _GRADE_OF_TAG[label] for label in getattr(opinion, "labels", None) or [] if label in _GRADE_OF_TAG
    ]
    if len(tags) > 1:
        raise InputError(f"{where}: {len(tags)} admiralty-scale tags", "keep one grade an opinion")
    confidence = getattr(opinion, "confidence", None)
    grade = tags[0] if tags else None if confidence is None else _grade_from_confidence(confidence)
    if grade is None:
        raise InputError(f"{where}: no grade", "give an admiralty-scale label or a confidence")
    author = identities.get(str(getattr(opinion, "created_by_ref", "")))
    names = getattr(opinion, "authors", None) or []
    if author is None or _kgtool_iri(author) is None:
        raise InputError(f"{where}: its analyst is not an identity of the bundle", "add created_by_ref")
    analyst = Analyst(str(_kgtool_iri(author)), author.name or (names[0] if names else "unnamed"))
    reason = getattr(opinion, "explanation", None)
    if not reason:
        raise InputError(f"{where}: no explanation", "an assessment says why")
    aspect = aspect_of(grade)
    assert aspect is not None  # a grade of the tags or of the mapping
    cluster = CLUSTER_LABEL in (getattr(opinion, "labels", None) or [])
    if cluster and aspect != CREDIBILITY:
        raise InputError(f"{where}: a cluster is graded 1 to 6", "give a credibility grade")
    return Assessment(analyst, aspect, assessed, grade, opinion.created, reason, cluster)


def to_misp(assessments: Iterable[Assessment]) -> bytes:
    """The current assessments as a MISP event (JSON): one link attribute each, tagged."""
    attributes = [
        {
            "type": "link",
            "category": "External analysis",
            "value": a.assessed,
            "comment": f"{a.analyst.name}, {a.time.isoformat()}"
            + (" (the claim wherever it appears)" if a.cluster else "")
            + f": {a.reason}",
            "Tag": [{"name": MISP_TAGS[a.grade]}],
        }
        for a in sorted(current(assessments), key=lambda a: (a.assessed, a.cluster, a.analyst.iri))
    ]
    event = {"Event": {"info": "kgtool assessments", "Attribute": attributes}}
    return (json.dumps(event, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
