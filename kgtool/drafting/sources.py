"""What kind of source a mention is, and which mentions are one source.

Rules over the mention's words, since PolNeAR marks spans, not kinds: a lower-case head
("officials", "a source close to ...") is unnamed; capitalised words with an organisation
word are an institution; other capitalised words a named person. Mentions of one person share
a surname ("Alden", "Edward Alden of the Council on Foreign Relations"); "he" and "she" join the
person last named before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ORGANISATION = frozenset({
    "administration", "agency", "association", "board", "bureau", "campaign", "center", "centre",
    "college", "commission", "committee", "company", "congress", "corporation", "council", "court",
    "department", "foundation", "fund", "government", "group", "house", "inc", "institute",
    "league", "ministry", "network", "news", "office", "organization", "organisation", "party",
    "pentagon", "police", "post", "press", "project", "senate", "service", "society", "times",
    "union", "university"})
# Nouns that describe a source without naming it ("officials", "a senior aide").
_UNNAMED = frozenset({
    "official", "source", "aide", "analyst", "expert", "critic", "supporter", "adviser",
    "advisor", "people", "person", "observer", "resident", "voter", "economist", "lawmaker",
    "investigator", "authority", "authorities", "diplomat", "witness", "insider", "strategist",
    "organizer", "spokesman", "spokeswoman", "spokesperson", "lawyer", "member", "staffer",
    "operative", "donor", "delegate", "activist", "scholar", "researcher", "employee", "leader",
    "someone", "one", "many", "others", "some"})
_HEAD_ENDS = frozenset({"of", "close", "with", "who", "at", "from", "familiar", "in", "for",
                        "on", "to", "that", "which"})
_PERSONAL = frozenset({"he", "she", "him", "her"})
_IMPERSONAL = frozenset({"they", "it", "we", "i", "you"})
_DETERMINERS = frozenset({"the", "a", "an", "some", "several", "many", "two", "three", "other",
                          "senior", "one", "top", "most"})


@dataclass
class Source:
    key: str  # a slug naming the source, unique in the article
    kind: str | None  # named_person, institution, anonymous_individual, anonymous_group, None
    label: str  # the fullest mention
    mentions: list[tuple[int, int]] = field(default_factory=list)

    @property
    def named(self) -> bool:
        return self.kind in ("named_person", "institution")


def _words(mention: str) -> list[str]:
    return re.findall("[\\w\u2019'-]+", mention)


def _name_head(words: list[str]) -> list[str]:
    """The leading run of capitalised words, determiners aside ("The", "A"), or []."""
    run = []
    for word in words:
        if word[:1].isupper() and word.lower() not in _DETERMINERS:
            run.append(word)
        elif run:
            break
    return run


def kind_of(mention: str) -> str | None:
    words = _words(mention)
    if not words:
        return None
    lower = [w.lower() for w in words]
    if len(words) == 1 and lower[0] in _PERSONAL:
        return "named_person"  # resolved to the person named before (see group)
    if len(words) == 1 and lower[0] in _IMPERSONAL:
        return None
    # The head: the words before "of", "close to", "who"...: "a source close to the campaign".
    end = next((k for k, w in enumerate(lower) if w in _HEAD_ENDS), len(lower))
    nouns = [w for w in lower[:end] if w not in _DETERMINERS]
    if any(w in _UNNAMED or w.removesuffix("s") in _UNNAMED for w in nouns):
        plural = nouns[-1].endswith("s") and lower[0] not in ("a", "an", "one")
        return "anonymous_group" if plural else "anonymous_individual"
    head = _name_head(words[:end])
    if head:
        return "institution" if any(w.lower() in _ORGANISATION for w in head) else "named_person"
    if any(w in _ORGANISATION for w in nouns):
        return "institution"
    return None  # "the poll", "the report": the words do not tell


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-") or "source"


def group(text: str, mentions: list[tuple[int, int]]) -> dict[tuple[int, int], Source]:
    """Each mention's source, mentions in text order; mentions of one source share it."""
    by_key: dict[str, Source] = {}
    result: dict[tuple[int, int], Source] = {}
    last_person: Source | None = None
    for start, end in sorted(set(mentions)):
        mention = text[start:end]
        kind = kind_of(mention)
        words = _words(mention)
        if kind == "named_person" and len(words) == 1 and words[0].lower() in _PERSONAL:
            if last_person is not None:
                last_person.mentions.append((start, end))
                result[(start, end)] = last_person
                continue
            kind = None
        head = _name_head(words)
        if kind == "named_person" and head:
            key = slug(head[-1])
        elif kind == "institution" and head:
            key = slug(" ".join(head))
        else:
            key = slug(mention)
        source = by_key.get(key)
        if source is None:
            source = by_key[key] = Source(key, kind, mention)
        elif len(mention) > len(source.label) and kind == source.kind:
            source.label = mention
        source.mentions.append((start, end))
        result[(start, end)] = source
        if kind == "named_person":
            last_person = source
    return result
