"""Drafted claims as JSON spans (what PolNeAR's score.py reads) or as the authoring format of
``data/claims.toml``, with each claim's content left as its quoted text for review.

JSON: ``claims`` holds the attributions only, the shape score.py reads; the publisher's own
sentences are ``publisher_claims`` (each marked ``"publisher_narrative": true``) and page
furniture ``excluded``, so that a scorer of attributions does not count them."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kgtool.drafting.claims import DraftClaim, Span
from kgtool.drafting.sources import Source, slug
from kgtool.snapshot import Snapshot
from kgtool.version import __version__

if TYPE_CHECKING:
    from kgtool.drafting import Draft

PUBLISHER_KEY = "publisher"
#: What the authoring format calls proxy:NoSourceGiven (kgtool.authoring.annotations.NO_SOURCE; not
#: imported: drafting loads no rdflib).
UNSTATED_KEY = "unstated"
_ENTITY_TYPES = {"named_person": "Person", "institution": "Organization", "document": "Document"}


def _span(text: str, span: Span | None) -> dict | None:
    if span is None:
        return None
    return {"start": span[0], "end": span[1], "text": text[span[0] : span[1]]}


def _sources(claims: Iterable[DraftClaim]) -> list[Source]:
    """The sources the attributions name, the publisher aside."""
    unique: dict[int, Source] = {}
    for claim in claims:
        if claim.source_ref is not None and claim.source_ref.kind != "publisher":
            unique.setdefault(id(claim.source_ref), claim.source_ref)
    return sorted(unique.values(), key=lambda s: s.mentions[0] if s.mentions else (0, 0))


def _claim_json(text: str, c: DraftClaim) -> dict:
    source = c.source_ref
    return {
        "content": [_span(text, s) for s in c.content],
        "cue": _span(text, c.cue),
        "source": _span(text, c.source),
        "source_id": source.key if source else UNSTATED_KEY,
        "source_kind": c.source_kind,
        "source_descriptor": (
            text[c.source[0] : c.source[1]]
            if c.source and source and source.kind and source.kind.startswith("anonymous")
            else None
        ),
        "mode": c.mode,
        "publisher_narrative": c.publisher_narrative,
        **({"publisher_class": c.publisher_class} if c.publisher_class else {}),
        "confidence": c.confidence,
    }


def to_json(article: Snapshot, drafted: Draft) -> bytes:
    text = article.text
    attributions = drafted.attributions
    sources = _sources(attributions)
    publisher = drafted.publisher
    doc = {
        "article": {"path": _name(str(article.path)), "sha256": article.sha256},
        "publisher": publisher.label if publisher else None,
        "claims": [_claim_json(text, c) for c in attributions],
        "publisher_claims": [_claim_json(text, c) for c in drafted.narrative],
        "excluded": [{**(_span(text, span) or {}), "reason": reason} for span, reason in drafted.excluded],
        "sources": [
            {"id": s.key, "kind": s.kind, "label": s.label, "mentions": [_span(text, m) for m in s.mentions]}
            for s in sources
        ]
        + (
            [
                {
                    "id": PUBLISHER_KEY,
                    "kind": "publisher",
                    "label": publisher.label,
                    "mentions": [_span(text, m) for m in publisher.mentions],
                }
            ]
            if publisher is not None and publisher.mentions
            else []
        ),
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _str(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; DEL must be escaped too)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007F")


def _name(name: str) -> str:
    """A file name as the draft gives it: the bytes of a name that is not UTF-8 as ``\\xff``
    escapes (the name's surrogates cannot be written)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _quote(text: str, span: Span) -> str:
    """The quote spec the compiler locates: the text, with nth when it occurs more than once."""
    exact = text[span[0] : span[1]]
    starts = [m.start() for m in re.finditer(re.escape(exact), text)]
    if len(starts) == 1 or span[0] not in starts:
        return _str(exact)
    return f"{{ exact = {_str(exact)}, nth = {starts.index(span[0]) + 1} }}"


def _title(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "Untitled")


#: Below this confidence a proposal is listed at the top of the draft and marked where it stands,
#: so that a reviewer checks it first (a rule's proposal, which the tagger did not make, is 0.5).
LOW_CONFIDENCE = 0.6
#: Every proposal of the draft carries this mark until a person accepts it (review = "accepted").
_PROPOSED = 'review = "proposed"'


@dataclass(frozen=True)
class ArticleFacts:
    """What a person knows of the article that its text does not say reliably: from the
    options of ``kgtool draft`` (``--url``, ``--date``), written into ``[article]``."""

    url: str | None = None
    published: str | None = None  # an ISO 8601 date


def to_toml(article: Snapshot, drafted: Draft, facts: ArticleFacts = ArticleFacts()) -> bytes:
    """The draft in the authoring format. Every key is scoped to the article's slug, so that
    the drafts of two articles load together without a claim or source of one taking the
    other's IRI; only a publisher named by the user is shared, under the slug of its name."""
    text = article.text
    claims = drafted.claims
    sources = _sources(claims)
    publisher = drafted.publisher
    name = publisher.label if publisher and publisher.label != "the publisher" else None
    scope = slug(article.path.stem)
    publisher_key = slug(name) if name else f"{scope}-{PUBLISHER_KEY}"
    low = [n for n, c in enumerate(claims, start=1) if c.confidence < LOW_CONFIDENCE]
    out = [
        # quoted: a name holding a line break would otherwise write TOML of its own
        f"# Drafted by `kgtool draft` from {_str(_name(article.path.name))}: "
        f"{len(drafted.attributions)} attributions and {len(drafted.narrative)} sentences in the "
        "publisher's own voice, for a person to review.",
        "# Every claim and source is proposed until you check it against the text and write",
        '# review = "accepted" (and reviewed_by = "your name"); remove what is not an attribution;',
        "# then compile it with `kgtool compile` against the article. Each claim's content is its",
        "# quote; subject, predicate and object are left for a person to add.",
    ]
    if low:
        out.append(
            f"# Check first, the drafter was least sure of these (confidence under {LOW_CONFIDENCE}): "
            + ", ".join(f"{scope}-{n:03d}" for n in low)
        )
    out += [
        "",
        "[article]",
        f"key = {_str(scope)}",
        f"title = {_str(_title(text))}",
        f"publisher = {_str(publisher_key)}",
        f'sha256 = "{article.sha256}"',
        *([f"url = {_str(facts.url)}"] if facts.url else []),
        *([f"published = {facts.published}"] if facts.published else []),  # a TOML date
        f"drafted_by = {_str(f'kgtool draft {__version__}')}",
        "",
        f"[entity.{publisher_key}]",
        'type = "MediaOutlet"',
        # A name the user gave is theirs; without one the placeholder is refused by validate.
        *([f"label = {_str(name)}"] if name else ['label = "The publisher (name it)"', _PROPOSED]),
        'source_kind = "publisher"',
    ]
    keys = {PUBLISHER_KEY, UNSTATED_KEY}
    names: dict[int, str] = {}
    for source in sources:
        key = source.key if source.key not in keys else f"{source.key}-{len(keys)}"
        keys.add(key)
        names[id(source)] = key = f"{scope}-{key}"
        out.append("")
        if source.named:
            out += [
                f"[entity.{key}]",
                f'type = "{_ENTITY_TYPES[source.kind or "named_person"]}"',
                f"label = {_str(source.label)}",
                f'source_kind = "{source.kind}"',
                _PROPOSED,
            ]
        else:
            guessed = "" if source.kind else "   # the drafter could not tell: check"
            out += [
                f"[source.{key}]",
                f'kind = "{source.kind or "anonymous_individual"}"{guessed}',
                f"label = {_str(source.label)}",
                f"descriptor = {_str(source.label)}",
                "anonymity_reason = false   # add the reason the text gives, verbatim, if any",
                _PROPOSED,
            ]
    for number, claim in enumerate(claims, start=1):
        quotes = [_quote(text, s) for s in claim.content]
        out += ["", "[[claim]]", f'key = "{scope}-{number:03d}"']
        ref = claim.source_ref
        if ref is not None and ref.kind == "publisher":
            out += [
                f"source = {_str(publisher_key)}",
                f'mode = "{claim.mode}"',
                f'publisher_class = "{claim.publisher_class or "event_report"}"   # check',
            ]
        else:
            key = names[id(ref)] if ref is not None else UNSTATED_KEY
            out += [f'source = "{key}"', f'mode = "{claim.mode}"']
        if claim.cue:
            out.append(f"cue = {_str(text[claim.cue[0] : claim.cue[1]])}")
        elif claim.mode != "publisher_narrative":
            out.append('cue = "?"   # the drafter found no cue: write the reporting words')
        out.append(f"quote = {quotes[0]}" if len(quotes) == 1 else f"quote = [{', '.join(quotes)}]")
        flag = "   # low: check first" if claim.confidence < LOW_CONFIDENCE else ""
        out += [_PROPOSED, f"confidence = {claim.confidence:.2f}{flag}"]
    for span, reason in drafted.excluded:
        out += ["", "[[excluded]]", f"quote = {_quote(text, span)}", f"reason = {_str(reason)}"]
    return ("\n".join(out) + "\n").encode("utf-8")
