"""Each claim as a sentence a person can read, built from its structured content and the labels:
"The Iraqi military said that the missile attack on the Ain al-Assad base, 3 March, did not
cause casualties." Negation, certainty and the quantifier are part of the sentence, so a negated
claim never reads as affirmed; who said it, how and when come with it.

The parts come from ``queries/claim-wording.rq``, so the same sentences are made from any engine
(the audit, a remote endpoint, the served pages) and from a list of quads (the exports).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import pyoxigraph as ox

from kgtool.engines import Engine
from kgtool.namespaces import local_name
from kgtool.snapshot import offset
from kgtool.sparql import querylib

_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
#: Reporting modes in words (the notations of the ontology's proxy:ReportingModes).
MODES = {
    "direct_quote": "direct quote",
    "paraphrase": "paraphrase",
    "publisher_narrative": "the publisher's own narrative",
}
_ADVERBS = {"possible": "possibly", "probable": "probably"}
_CERTAINTY_WORDS = {"possible": "as possible", "probable": "as probable", "certain": "as a fact"}
#: Cues that read as the verb of "<who> <cue> that ...", as printed ("told MEE", "noted").
_SPEECH_VERBS = {"said", "told", "noted", "alleged", "claimed", "stated", "added", "warned"}
_PREPOSITIONS = {
    "in",
    "by",
    "with",
    "to",
    "as",
    "of",
    "on",
    "from",
    "for",
    "among",
    "into",
    "within",
    "at",
    "after",
    "before",
    "against",
    "over",
}
#: Past tenses followed by a preposition that are active verbs, not passive participles.
_ACTIVE_BEFORE_PREPOSITION = {
    "agreed",
    "decided",
    "responded",
    "walked",
    "called",
    "differed",
    "negotiated",
    "died",
    "found",
    "prevailed",
}
_IRREGULAR_PAST = {
    "found": "find",
    "met": "meet",
    "struck": "strike",
    "built": "build",
    "overran": "overrun",
    "led": "lead",
    "made": "make",
    "gave": "give",
    "took": "take",
    "told": "tell",
    "said": "say",
    "held": "hold",
    "sent": "send",
    "brought": "bring",
    "began": "begin",
    "saw": "see",
    "sought": "seek",
    "fought": "fight",
    "lost": "lose",
    "won": "win",
    "became": "become",
    "left": "leave",
    "kept": "keep",
    "paid": "pay",
    "put": "put",
    "set": "set",
    "hit": "hit",
    "cut": "cut",
    "shot": "shoot",
}
_VOWELS = "aeiou"


@dataclass(frozen=True)
class Wording:
    """What one claim says, as labels and codes (a row of claim-wording.rq)."""

    claim: str
    subject: str
    predicate: str
    value: str | None  # the object's label, or the literal's value
    value_type: str | None  # the literal's datatype; None for an IRI
    negated: bool = False
    certainty: str | None = None
    quantifier: str | None = None
    approximate: bool = False
    mode: str | None = None
    cue: str | None = None
    source: str | None = None
    descriptor: str | None = None  # an unnamed source, as the text describes it
    event_date: str | None = None
    stated_on: str | None = None
    content_only: bool = False  # no subject, predicate or object yet: the quote is the content
    words: str | None = None  # the text of its anchors, in text order: a content-only claim's content


#: Quotation marks around a claim's words: the sentence puts its own.
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"
#: Between two anchors of one claim (a quote interrupted by "he said").
WORDS_BETWEEN = " … "


@dataclass(frozen=True)
class ClaimSentence:
    """The claim in words: the whole sentence, its content alone, and who, how and when."""

    sentence: str
    content: str
    who: str
    how: str
    when: str | None
    certainty: str  # as the text presents it: "as a fact" unless it hedges


def _wording(row: dict[str, str]) -> Wording:
    value_type = row.get("valueType") or None
    is_iri = "objectLabel" in row or (value_type is None and "://" in row.get("object", ""))
    return Wording(
        claim=row["claim"],
        subject=row.get("subjectLabel", "something"),
        predicate=row.get("predicateLabel", "is related to"),
        value=(row.get("objectLabel") or local_name(row.get("object", ""))) if is_iri else row.get("object"),
        value_type=None if is_iri else value_type,
        negated=row.get("polarity", "").endswith("Negated"),
        certainty=row.get("certainty"),
        quantifier=row.get("quantifier"),
        approximate=row.get("approximate") in ("true", "1"),
        mode=row.get("mode"),
        cue=row.get("cue"),
        source=row.get("sourceLabel"),
        descriptor=row.get("descriptor"),
        event_date=row.get("eventDateText"),
        stated_on=row.get("statedOnText"),
        content_only=not {"subjectLabel", "predicateLabel", "object"} & row.keys(),
    )


QUERY = "claim-wording"


def wordings(rows: Iterable[dict[str, str]]) -> dict[str, Wording]:
    """Every claim's wording from the rows of claim-wording.rq (one a claim), by claim IRI."""
    found: dict[str, Wording] = {}
    for row in rows:
        found.setdefault(row["claim"], _wording(row))
    return found


def words_of(rows: Iterable[dict[str, str]]) -> dict[str, str]:
    """Each claim's words from the rows of anchors.rq: its anchors' text in text order."""
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for row in rows:
        if "claim" in row:
            spans[row["claim"]].append((offset(row["start"]), offset(row["end"]), row["exact"]))
    return {claim: WORDS_BETWEEN.join(exact for *_, exact in sorted(found)) for claim, found in spans.items()}


def from_wordings(found: Mapping[str, Wording], words: Mapping[str, str]) -> dict[str, ClaimSentence]:
    """Every claim's sentence; a content-only claim's content is its ``words``."""
    return {
        iri: sentence(replace(w, words=words.get(iri)) if w.content_only else w) for iri, w in found.items()
    }


def sentences(engine: Engine) -> dict[str, ClaimSentence]:
    return from_wordings(
        wordings(engine.select_strings(querylib.get(QUERY).text)),
        words_of(engine.select_strings(querylib.get("anchors").text)),
    )


def sentences_of_quads(quads: Iterable[ox.Quad], labels: Iterable[ox.Quad] = ()) -> dict[str, str]:
    """The sentence of every claim among ``quads``; ``labels`` adds the quads that label the
    predicates (the ontology) when ``quads`` lack them."""
    from kgtool.engines.oxigraph import OxigraphEngine

    engine = OxigraphEngine()
    engine.add_quads([*quads, *labels])
    return {iri: said.sentence for iri, said in sentences(engine).items()}


# --- grammar ---------------------------------------------------------------------------------


def _base_of_present(verb: str) -> str:
    """ "controls" -> "control", "has" -> "have", "relies" -> "rely"."""
    if verb == "has":
        return "have"
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if verb.endswith(("sses", "shes", "ches", "xes", "zes")):
        return verb[:-2]
    return verb[:-1]


def _base_of_past(verb: str) -> str:
    """ "caused" -> "cause", "found" -> "find", "decided" -> "decide", "defied" -> "defy"."""
    if verb in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[verb]
    if verb.endswith("ied"):
        return verb[:-1] if len(verb) <= 4 else verb[:-3] + "y"  # died -> die, defied -> defy
    if verb.endswith("eed"):
        return verb[:-1]  # agreed
    stem = verb[:-2]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        return stem[:-1]  # stopped
    if (stem[-1] in "cdgsvz" and stem[-2] in _VOWELS) or (stem.endswith("at") and stem[-3] not in _VOWELS):
        return stem + "e"  # caused, decided, devastated (not targeted, defeated)
    return stem


def _is_past(word: str) -> bool:
    return word in _IRREGULAR_PAST or word.endswith("ed")


def _is_present(word: str) -> bool:
    return (word.endswith("s") and not word.endswith(("ss", "ous", "ies"))) or word == "has"


def _verb_phrase(label: str, negated: bool, adverb: str) -> str:
    """The predicate's label as a verb phrase, negated and hedged as the claim is."""
    words = label.split()
    first, rest = words[0], " ".join(words[1:])
    after = words[1] if len(words) > 1 else ""
    tail = f" {rest}" if rest else ""
    hedge = f"{adverb} " if adverb else ""
    if first == "will":
        return f"will {hedge}{'not ' if negated else ''}{rest}".replace("  ", " ")
    passive = (
        _is_past(first)
        and (after in _PREPOSITIONS or label.endswith(" by"))
        and first not in _ACTIVE_BEFORE_PREPOSITION
    )  # carried out by, located in
    if first.endswith("ing") or passive or not (_is_past(first) or _is_present(first)):
        return f"is {hedge}{'not ' if negated else ''}{label}"  # located in, part of, losing
    if not negated:
        return f"{hedge}{label}"
    if _is_past(first):
        return f"{hedge}did not {_base_of_past(first)}{tail}"
    return f"{hedge}does not {_base_of_present(first)}{tail}"


def _mid_sentence(label: str) -> str:
    """A label inside a sentence: "The Iraqi military" -> "the Iraqi military"; a label with
    an apposition ("Ali Khamenei, Supreme Leader of Iran") closes it with a comma."""
    if label.startswith(("The ", "A ", "An ")):
        label = label[0].lower() + label[1:]
    return label + "," if ", " in re.sub(r"\([^)]*\)", "", label) else label


def _value(w: Wording) -> str:
    if w.value_type is None:
        return _mid_sentence(w.value or "").rstrip(",")
    about = "about " if w.approximate else ""
    if w.value_type.endswith(("#integer", "#decimal", "#double", "#date", "#gYear")):
        return about + (w.value or "")
    return f"{about}“{w.value}”"


def content(w: Wording) -> str:
    """The claim's content as a clause: "the Iraqi government did not decide to increase the
    Nato mission in Iraq"."""
    if w.content_only:  # its words, in quotation marks of the sentence's own
        return f"“{w.words.strip().strip(_QUOTES).strip()}”" if w.words else "(no words recorded)"
    adverb = _ADVERBS.get(w.certainty or "", "")
    subject = _mid_sentence(w.subject)
    if w.value_type == _XSD_BOOLEAN:  # "caused casualties": true; false turns the polarity
        negated = w.negated != (w.value in ("false", "0"))
        clause = f"{subject} {_verb_phrase(w.predicate, negated, adverb)}"
    elif w.value_type is not None and w.predicate.split()[-1] not in _PREPOSITIONS:
        # a quantity or a name ("fatalities", "cause of death"): the value of an attribute
        verb = f"is {adverb + ' ' if adverb else ''}{'not ' if w.negated else ''}"
        clause = f"the {w.predicate} of {subject.rstrip(',')} {verb}{_value(w)}"
    else:
        clause = f"{subject} {_verb_phrase(w.predicate, w.negated, adverb)} {_value(w)}"
    if w.quantifier:
        clause += f" (so the text says of “{w.quantifier}”)"
    return clause


def _who(w: Wording) -> str:
    who = w.descriptor or w.source or "An unknown source"
    return who[0].upper() + who[1:]


def sentence(w: Wording) -> ClaimSentence:
    who = _who(w)
    said = w.cue if w.cue and w.cue.split()[0] in _SPEECH_VERBS else "said"
    if w.mode == "publisher_narrative":
        said = "reports"
    opening = _mid_sentence(who) if ", " in who else who
    if w.content_only:  # in its own words: "Lotfi Azzouz accused: “Ennahda is responsible ...”"
        verb = "reports" if w.mode == "publisher_narrative" else (w.cue or "said")
        text = f"{opening} {verb}: {content(w)}"
    else:
        text = f"{opening} {said} that {content(w)}."
    how = MODES.get(w.mode or "", "not recorded")
    if w.cue:
        how += f" (“{w.cue}”)"
    dates = [
        f"event: {w.event_date}" if w.event_date else "",
        f"stated: {w.stated_on}" if w.stated_on else "",
    ]
    return ClaimSentence(
        text,
        content(w),
        who,
        how,
        "; ".join(d for d in dates if d) or None,
        _CERTAINTY_WORDS.get(w.certainty or "", "as a fact"),
    )
