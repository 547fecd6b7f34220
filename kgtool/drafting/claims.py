"""From tagged tokens to drafted claims.

Content runs are joined by the cue of their sentence; a quotation that goes on in the next
sentence or paragraph without a cue of its own is the same claim ('"...," Smith said. "..."');
a claim's source is a mention of its cue's sentence (PolNeAR's sources all but never stand in
another sentence than their cue: 18 in 18,335 attributions of train), resolved by
kgtool.drafting.sources, and "unstated" when the sentence has none or it cannot speak
("The attack raised fears ...").

Where the tagger's runs disagree with how reports are built, the runs are mended first (issue
25, from the errors on PolNeAR train held out from training): a cue between two content runs
is a report inside the content; a second reporting verb coordinated inside a content is a claim
of its own; a cue closing the sentence (", sources said.") reports all before it; a reported
clause runs to its sentence's end; a transcript's "PENCE:" and a dash's signature name the
speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgtool.drafting import patterns
from kgtool.drafting import sources as src
from kgtool.drafting.features import STRONG, quote_states
from kgtool.drafting.labels import decode
from kgtool.drafting.model import Tagged, cue_word
from kgtool.drafting.tokens import Token, abbreviation

Span = tuple[int, int]
MAX_CUE_DISTANCE = 40  # tokens: a cue further from a content run than this is not its cue


@dataclass
class DraftClaim:
    content: list[Span]
    cue: Span | None
    source: Span | None
    mode: str  # direct_quote, paraphrase, publisher_narrative
    source_ref: src.Source | None  # None: no source given (unstated)
    confidence: float
    publisher_class: str | None = None  # the publisher's own claims: headline, event_report...

    @property
    def publisher_narrative(self) -> bool:
        return self.mode == "publisher_narrative"

    @property
    def source_kind(self) -> str:
        """The ontology's notation of the source's kind; "unstated" when the text gives none."""
        return self.source_ref.kind or "unstated" if self.source_ref else "unstated"


@dataclass
class _Run:
    first: int  # token index
    stop: int  # token index past the last

    def distance(self, other: _Run) -> int:
        if other.first >= self.stop:
            return other.first - self.stop
        if self.first >= other.stop:
            return self.first - other.stop
        return 0


@dataclass
class _Draft:
    parts: list[_Run]
    cue: _Run | None
    source: _Run | None = None
    confidence: float | None = None


def _sentences(run: _Run, tokens: list[Token]) -> set[int]:
    return {tokens[i].sentence for i in range(run.first, run.stop)}


def _cue_for(run: _Run, cues: list[_Run], tokens: list[Token]) -> _Run | None:
    """The nearest cue in the sentences the run spans; or the cue of the sentence before when
    that sentence ends with a colon ("Stated Stone:" and the quotation below)."""
    sentences = _sentences(run, tokens)
    near = [c for c in cues if tokens[c.first].sentence in sentences and run.distance(c) <= MAX_CUE_DISTANCE]
    closing = [c for c in near if _closes(run, c, tokens)]
    if closing:  # "CONTENT, sources said.": the closing cue reports all before it
        return closing[0]
    if near:
        return min(near, key=run.distance)
    before = run.first - 1
    while before >= 0 and tokens[before].text in patterns.QUOTE_MARKS:
        before -= 1
    if before >= 0 and tokens[before].text == ":":
        sentence = tokens[before].sentence
        colon = [c for c in cues if tokens[c.first].sentence == sentence]
        if colon:
            return min(colon, key=run.distance)
    return None


def _closes(run: _Run, cue: _Run, tokens: list[Token]) -> bool:
    """Whether ``cue`` closes the sentence after ``run`` as its reporting clause: "...,
    sources said (on Monday).", or an inverting cue and its subject: "..., said Mr. Barrett."."""
    if cue.first < run.stop or run.stop >= len(tokens) or tokens[run.stop].text != ",":
        return False
    between = [t.text.lower() for t in tokens[run.stop + 1 : cue.first]]
    if len(between) > 8 or any(w in _BOUNDARIES | _CLAUSE_WORDS | {","} for w in between):
        return False
    sentence = tokens[cue.first].sentence
    end = cue.stop
    while end < len(tokens) and tokens[end].sentence == sentence and tokens[end].text not in ".!?":
        end += 1
    after = [t.text.lower() for t in tokens[cue.stop : end]]
    if not between:  # ", said Mr. Barrett, the lawyer for ...": the subject after the cue
        return bool(after) and tokens[cue.stop - 1].text.lower() in _INVERTING
    return all(w in _TIME_WORDS for w in after) and len(after) <= 3


def _complete_clauses(
    drafts: list[_Draft], cues: list[_Run], mentions: list[_Run], tokens: list[Token], quoted: list[bool]
) -> None:
    """A reported clause runs to its sentence's end: an unquoted content the tagger cut short
    after its cue ("Clinton touted [her proposals to invest in roads], expand ...") is extended
    over the rest of its sentence, up to another claim's words, a quotation or a cue."""
    blocked = {i for d in drafts for i in _covered(d)}
    blocked |= {i for r in cues + mentions for i in range(r.first, r.stop)}
    for draft in drafts:
        cue, last = draft.cue, draft.parts[-1]
        if cue is None or last.first < cue.stop or quoted[last.stop - 1]:
            continue
        stop = _clause_end(tokens, last.stop, tokens[last.stop - 1].sentence, blocked)
        while stop > last.stop and tokens[stop - 1].text.lower() in (
            ",",
            ".",
            "!",
            "?",
            "-",
            "\u2013",
            "and",
            "but",
        ):
            stop -= 1
        if stop > last.stop:
            draft.parts[-1] = _Run(last.first, stop)
            blocked |= set(range(last.stop, stop))
    for draft in drafts:  # "[The plan would] cost billions, he said.": back to the sentence's start
        cue, head = draft.cue, draft.parts[0]
        if cue is None or head.stop > cue.first or quoted[head.first]:
            continue
        sentence = tokens[head.first].sentence
        first = head.first
        while (
            first > 0
            and tokens[first - 1].sentence == sentence
            and first - 1 not in blocked
            and tokens[first - 1].text not in patterns.QUOTE_MARKS | {";", ":", ")", "\u2014", "--"}
        ):
            first -= 1
        while first < head.first and tokens[first].text in (",", "-", "\u2013"):
            first += 1
        if first < head.first:
            draft.parts[0] = _Run(first, head.stop)
            blocked |= set(range(first, head.first))
    for draft in drafts:  # "[Mr. Obama], officials said, [has become skeptical].": both sides
        cue, last = draft.cue, draft.parts[-1]
        if cue is None or last.stop > cue.first or quoted[last.first] or len(draft.parts) > 1:
            continue
        sentence = tokens[cue.first].sentence
        k = cue.stop
        while k < len(tokens) and k in blocked and tokens[k].sentence == sentence:
            k += 1  # the source after an inverted cue ("said Smith")
        while k < len(tokens) and tokens[k].text.lower() in _TIME_WORDS:
            k += 1
        if k >= len(tokens) or tokens[k].text != "," or tokens[k].sentence != sentence:
            continue
        stop = _clause_end(tokens, k + 1, sentence, blocked)
        while stop > k + 1 and tokens[stop - 1].text in (",", ".", "!", "?"):
            stop -= 1
        if stop - (k + 1) >= 2:
            draft.parts.append(_Run(k + 1, stop))
            blocked |= set(range(k + 1, stop))


def _clause_end(tokens: list[Token], start: int, sentence: int, blocked: set[int]) -> int:
    """Where an unquoted clause from ``start`` ends: at its sentence's end, another claim's
    words or cue, a quotation, or a break (";", ":", "(", a dash)."""
    stop = start
    while (
        stop < len(tokens)
        and tokens[stop].sentence == sentence
        and stop not in blocked
        and tokens[stop].text not in patterns.QUOTE_MARKS | {";", ":", "(", "\u2014", "--"}
    ):
        stop += 1
    return stop


def _coordinated(
    contents: list[_Run], cues: list[_Run], tokens: list[Token], quoted: list[bool]
) -> tuple[list[_Run], list[_Run]]:
    """A second reporting verb coordinated inside an unquoted content run ("... that Machado
    was a con and encouraged Americans to ..."): its own cue, the words after it its own
    content, as PolNeAR marks each verb's report apart."""
    out: list[_Run] = []
    for run in contents:
        first = run.first
        for k in range(run.first + 1, run.stop - 2):
            word = tokens[k + 1].text
            if (
                tokens[k].text.lower() == "and"
                and k - first >= 3
                and not quoted[k]
                and word[:1].islower()
                and word.lower().endswith(("ed", "s"))
                and cue_word(word, STRONG)
            ):
                out.append(_Run(first, k))
                cues.append(_Run(k + 1, k + 2))
                first = k + 2
        out.append(_Run(first, run.stop))
    cues.sort(key=lambda c: c.first)
    return out, cues


def _nested(contents: list[_Run], cues: list[_Run], tokens: list[Token]) -> tuple[list[_Run], list[_Run]]:
    """A cue between two content runs of one sentence, the first run opening right after a
    cue of its own ("Biden rubbished [Trump's] claim [to understand the middle class]"): a
    report inside the content, which PolNeAR keeps whole; the runs become one."""
    starts = {c.stop: c for c in cues}
    by_first = {c.first: c for c in cues}
    merged: list[_Run] = []
    inner: set[int] = set()
    for run in contents:
        if merged:
            last = merged[-1]
            middle = by_first.get(last.stop)
            if (
                middle is not None
                and middle.stop == run.first
                and tokens[last.first].sentence == tokens[run.stop - 1].sentence
                and (last.first in starts or last.first - 1 in starts)
            ):
                merged[-1] = _Run(last.first, run.stop)
                inner.add(id(middle))
                continue
        merged.append(run)
    return merged, [c for c in cues if id(c) not in inner]


def _same_quotation(run: _Run, later: _Run, tokens: list[Token], quoted: list[bool]) -> bool:
    """Whether two runs lie in one quotation: quoted from the first's start to the second's,
    in one paragraph."""
    if not quoted[run.first] or not quoted[later.first]:
        return False
    if any(tokens[i].paragraph_start for i in range(run.first + 1, later.first + 1)):
        return False
    return all(quoted[i] for i in range(run.first, later.first))


def _continues(run: _Run, previous: _Draft | None, tokens: list[Token], quoted: list[bool]) -> bool:
    """Whether a run with no cue of its own goes on with the claim before it: a quotation
    opening the sentence after that claim's (its cue and source included), in its paragraph or
    the next."""
    if previous is None or previous.cue is None:
        return False
    inside = sum(quoted[i] for i in range(run.first, run.stop))
    if inside * 2 <= run.stop - run.first or not quoted[run.first]:
        return False
    quoted_before = sum(quoted[i] for r in previous.parts for i in range(r.first, r.stop))
    if quoted_before * 2 <= sum(r.stop - r.first for r in previous.parts):
        return False
    last = max(previous.parts[-1].stop, previous.cue.stop) - 1
    if tokens[run.first].sentence - tokens[last].sentence > 1:
        return False
    breaks = sum(tokens[i].paragraph_start for i in range(last + 1, run.first + 1))
    return breaks <= 1


def assemble(
    text: str, tokens: list[Token], tagged: Tagged, publisher: str | None = None
) -> list[DraftClaim]:
    runs = decode(tokens, tagged.labels)
    contents = [_Run(a, b) for role, a, b in runs if role == "content"]
    cues = [_Run(a, b) for role, a, b in runs if role == "cue"]
    mentions = [_Run(a, b) for role, a, b in runs if role == "source"]
    quoted = quote_states(tokens)
    contents, cues = _nested(contents, cues, tokens)
    contents, cues = _coordinated(contents, cues, tokens, quoted)
    drafts: list[_Draft] = []
    by_cue: dict[int, _Draft] = {}
    cue_of = {id(run): _cue_for(run, cues, tokens) for run in contents}
    for k in range(len(contents) - 1, -1, -1):
        run = contents[k]
        if cue_of[id(run)] is None:
            # a quotation the tagger cut in two: its first part takes the cue of the rest
            later = contents[k + 1] if k + 1 < len(contents) else None
            if (
                later is not None
                and cue_of[id(later)] is not None
                and _same_quotation(run, later, tokens, quoted)
            ):
                cue_of[id(run)] = cue_of[id(later)]
    for run in contents:
        cue = cue_of[id(run)]
        if cue is not None:
            if id(cue) in by_cue:
                by_cue[id(cue)].parts.append(run)
            else:
                by_cue[id(cue)] = _Draft([run], cue)
                drafts.append(by_cue[id(cue)])
            continue
        previous = max(drafts, key=lambda d: d.parts[-1].stop, default=None)
        if _continues(run, previous, tokens, quoted):
            previous.parts.append(run)  # type: ignore[union-attr]
        else:  # content the tagger found without its cue: a claim whose cue is for a person
            drafts.append(_Draft([run], None))
    confidence = tagged.confidence
    for draft in drafts:
        _transcript_label(draft, tokens)
        _speaker_after_cue(draft, tokens, quoted)
    covered = {i for d in drafts for r in d.parts for i in range(r.first, r.stop)}
    for draft in drafts:
        if draft.source is not None:
            continue
        if draft.cue is not None and PASSIVE and _passive(draft.cue, tokens):
            draft.source = _agent(draft.cue, tokens, covered)  # "X has been hailed as ...": no source
        elif draft.cue is not None:
            draft.source = _source_of(draft.cue, mentions, tokens, covered)
        else:
            draft.source = _signature(draft, tokens) or _source_of(draft.parts[0], mentions, tokens, covered)
    paragraph, count = [], 0
    for token in tokens:
        count += token.paragraph_start
        paragraph.append(count)
    for draft in drafts:
        if draft.cue is None and draft.source is None:
            draft.source = _speaker_nearby(draft, drafts, paragraph, quoted) or _subject_before(
                draft.parts[0], tokens, covered
            )
    _complete_clauses(drafts, cues, mentions, tokens, quoted)
    if ORPHANS:
        drafts += _orphan_claims(cues, drafts, mentions, tokens, quoted)
    taken = [t for d in drafts for t in _covered(d)]
    for parts, (q0, q1), named in patterns.turns(tokens, taken) + patterns.find(tokens, quoted, taken):
        rule_source = _Run(*named) if named else None  # a rule's proposal: confidence 0.5
        drafts.append(_Draft([_Run(a, b) for a, b in parts], _Run(q0, q1), rule_source, confidence=0.5))
    spans_of = {
        id(d.source): (tokens[d.source.first].start, tokens[d.source.stop - 1].end)
        for d in drafts
        if d.source is not None
    }
    grouped = src.group(text, list(spans_of.values()), publisher)
    claims = []
    for draft in drafts:
        draft.parts.sort(key=lambda r: r.first)
        indices = [i for r in draft.parts for i in range(r.first, r.stop)]
        cue = draft.cue
        if cue is not None:
            indices += range(cue.first, cue.stop)
        score = (
            draft.confidence
            if draft.confidence is not None
            else sum(confidence[i] for i in indices) / len(indices)
        )
        inside = sum(quoted[i] for r in draft.parts for i in range(r.first, r.stop))
        size = sum(r.stop - r.first for r in draft.parts)
        source = spans_of[id(draft.source)] if draft.source is not None else None
        resolved = grouped.get(source) if source else None
        if resolved is None:
            source = None  # no mention, or one that cannot speak: unstated
        claims.append(
            DraftClaim(
                content=[(tokens[r.first].start, tokens[r.stop - 1].end) for r in draft.parts],
                cue=(tokens[cue.first].start, tokens[cue.stop - 1].end) if cue else None,
                source=source,
                mode="direct_quote" if inside * 2 > size else "paraphrase",
                source_ref=resolved,
                confidence=round(score, 3),
            )
        )
    claims.sort(key=lambda c: c.content[0])
    return claims


ORPHANS = True
_TOLD = frozenset(
    {
        "told",
        "tells",
        "tell",
        "asked",
        "asks",
        "warned",
        "warns",
        "assured",
        "assures",
        "informed",
        "informs",
        "reminded",
        "reminds",
        "urged",
        "urges",
    }
)
_NOT_CONTENT_START = frozenset(
    {
        "by",
        "during",
        "in",
        "at",
        "with",
        "to",
        "for",
        "from",
        "of",
        "on",
        "into",
        "about",
        "twice",
        "and",
        "or",
        "but",
        "as",
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        ")",
        "(",
        "-",
        "\u2014",
    }
)
_TIME_WORDS = frozenset(
    {
        "on",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "this",
        "last",
        "week",
        "month",
        "year",
        "today",
        "yesterday",
        "recently",
        "previously",
        "earlier",
        "later",
        "also",
        "in",
        "a",
        "statement",
        "an",
        "interview",
        "the",
        "morning",
        "evening",
        "night",
        "afternoon",
        "again",
        "publicly",
        "privately",
        "repeatedly",
    }
)


def _orphan_claims(
    cues: list[_Run], drafts: list[_Draft], mentions: list[_Run], tokens: list[Token], quoted: list[bool]
) -> list[_Draft]:
    """Cues the tagger found without a content: the clause they report, "SOURCE said (on
    Monday) that CONTENT." after the cue, "CONTENT, SOURCE estimated." before it."""
    taken = {i for d in drafts for i in _covered(d)}
    used = {id(d.cue) for d in drafts if d.cue is not None}
    out = []
    for cue in cues:
        if id(cue) in used or any(i in taken for i in range(cue.first, cue.stop)):
            continue
        sentence = tokens[cue.first].sentence
        first = cue.first
        while first > 0 and tokens[first - 1].sentence == sentence:
            first -= 1
        stop = cue.stop
        while stop < len(tokens) and tokens[stop].sentence == sentence:
            stop += 1
        while stop > cue.stop and tokens[stop - 1].text in (".", "!", "?", ";", ":"):
            stop -= 1
        source = _source_of(cue, mentions, tokens, taken)
        start = cue.stop
        if source is not None and source.first == start:  # "said Smith, ..."
            start = source.stop
        if tokens[cue.stop - 1].text.lower() in _TOLD and start == cue.stop:
            # "told POLITICO that ...", "told reporters, ...": the addressee is not content
            k = start
            while k < min(stop, start + 4) and tokens[k].text.lower() not in ("that", ","):
                k += 1
            if k < stop and tokens[k].text.lower() in ("that", ","):
                start = k
        while start < stop and tokens[start].text.lower() in _TIME_WORDS | {","}:
            start += 1
        if stop - start >= 3 and tokens[start].text.lower() not in _NOT_CONTENT_START:
            run = _Run(start, stop)
        else:  # "CONTENT, SOURCE estimated."
            end = source.first if source is not None and source.stop <= cue.first else cue.first
            while end > first and tokens[end - 1].text in (",", "\u2014", "-"):
                end -= 1
            begin = first
            while begin < end and tokens[begin].text.lower() in ("but", "and", "so", "now", ","):
                begin += 1
            if end - begin < 3 or cue.first - end > 12:
                continue
            run = _Run(begin, end)
        if any(i in taken for i in range(run.first, run.stop)):
            continue
        taken |= set(range(run.first, run.stop)) | set(range(cue.first, cue.stop))
        out.append(_Draft([run], cue, source))
    return out


def _transcript_label(draft: _Draft, tokens: list[Token]) -> None:
    """A transcript's turn the tagger found, 'PENCE: Well, ...' opening a paragraph: the
    label is the speaker and its colon the cue, as PolNeAR marks them (patterns.turns)."""
    run = draft.parts[0]
    start = run.first
    if start and not tokens[start].paragraph_start and tokens[start - 1].text in patterns.QUOTE_MARKS:
        start -= 1  # the quotation mark opening the paragraph, left out of the content
    label = patterns.turns_label(tokens, start) if tokens[start].paragraph_start else None
    if label is None or label[1] + 1 >= run.stop:
        return
    draft.source = _Run(*label)
    draft.cue = _Run(label[1], label[1] + 1)
    draft.parts[0] = _Run(label[1] + 1, run.stop)


def _speaker_after_cue(draft: _Draft, tokens: list[Token], quoted: list[bool]) -> None:
    """'"...," said the ruling.' and "..., said one GOP source in the room.": a short unquoted
    run closing the sentence after an inverting cue, the claim's content standing before that
    cue, is who speaks, not what is said (the tagger takes it for more content)."""
    cue = draft.cue
    if cue is None or draft.source is not None or tokens[cue.stop - 1].text.lower() not in _INVERTING:
        return
    sentence = tokens[cue.first].sentence
    for run in draft.parts:
        if run.first != cue.stop or run.stop - run.first > 10 or any(quoted[run.first : run.stop]):
            continue
        end = run.stop
        while end < len(tokens) and tokens[end].sentence == sentence and tokens[end].text in ".!?":
            end += 1
        closes = end == len(tokens) or tokens[end].sentence != sentence
        before = any(r.stop <= cue.first and tokens[r.stop - 1].sentence == sentence for r in draft.parts)
        if closes and before and tokens[run.first].text.lower() in _NOUN_PHRASE_STARTS:
            draft.parts.remove(run)
            draft.source = run
            return


def _covered(draft: _Draft) -> list[int]:
    out = [i for r in draft.parts for i in range(r.first, r.stop)]
    if draft.cue is not None:
        out += range(draft.cue.first, draft.cue.stop)
    if draft.source is not None:
        out += range(draft.source.first, draft.source.stop)
    return out


def _speaker_nearby(
    draft: _Draft, drafts: list[_Draft], paragraph: list[int], quoted: list[bool]
) -> _Run | None:
    """A quotation without cue: the speaker of the nearest quoted claim of its paragraph or the
    paragraphs beside it (a reporter does not change speakers without saying so)."""
    run = draft.parts[0]
    if sum(quoted[i] for i in range(run.first, run.stop)) * 2 <= run.stop - run.first:
        return None
    here = paragraph[run.first]
    near = [
        d
        for d in drafts
        if d is not draft
        and d.cue is not None
        and d.source is not None
        and abs(paragraph[d.parts[0].first] - here) <= 1
    ]
    best = min(near, key=lambda d: abs(d.parts[0].first - run.first), default=None)
    return best.source if best else None


PASSIVE = True
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "has", "have", "had"})
_IRREGULAR = frozenset(
    {
        "seen",
        "known",
        "thought",
        "held",
        "given",
        "shown",
        "told",
        "taken",
        "made",
        "said",
        "written",
        "drawn",
        "understood",
        "heard",
        "felt",
        "met",
        "brought",
        "sought",
        "caught",
        "taught",
        "left",
        "kept",
        "found",
        "led",
    }
)


def _passive(cue: _Run, tokens: list[Token]) -> bool:
    """A cue in the passive voice ("has been hailed as", "was criticized"): its subject is what
    is spoken of, not who speaks."""
    words = [t.text.lower() for t in tokens[cue.first : cue.stop]]
    for k, word in enumerate(words[:-1]):
        if word in _BE and (word not in ("has", "have", "had") or words[k + 1] == "been"):
            nxt = [
                w
                for w in words[k + 1 :]
                if w not in ("been", "being", "widely", "also", "often", "long", "not", "increasingly")
            ]
            if (
                nxt
                and (nxt[0].endswith(("ed", "en")) or nxt[0] in _IRREGULAR)
                and nxt[0] not in ("open", "even", "when", "then", "often")
            ):
                return True
    return False


def _agent(cue: _Run, tokens: list[Token], covered: set[int]) -> _Run | None:
    """The agent of a passive cue: "was seen by some as", "has been endorsed by the union"."""
    k = next(
        (i for i in range(cue.first, min(len(tokens), cue.stop + 2)) if tokens[i].text.lower() == "by"), None
    )
    if k is None:
        return None
    stop = k + 1
    while (
        stop < len(tokens)
        and stop - k <= 6
        and tokens[stop].sentence == tokens[k].sentence
        and tokens[stop].text not in (",", ".", ";", ":")
        and stop not in covered
        and tokens[stop].text.lower() not in ("as", "to", "for", "that", "because", "after")
    ):
        stop += 1
    return _Run(k + 1, stop) if stop > k + 1 else None


def _source_of(
    cue: _Run, mentions: list[_Run], tokens: list[Token], covered: set[int] | None = None
) -> _Run | None:
    """The mention of the cue's sentence nearest the cue; when the tagger marked none, the
    name or pronoun that stands as the cue's subject ("Sanders said", "said Smith", "Ayotte
    ..., saying")."""
    sentence = tokens[cue.first].sentence
    near = [m for m in mentions if tokens[m.first].sentence == sentence]
    found = min(near, key=cue.distance, default=None)
    if found is not None and tokens[found.first].text.lower() in src.RELATIVE and _participle(cue, tokens):
        # "Trump was defensive about an architect who said ..., saying": the clause's subject
        first = cue.first
        while first > 0 and tokens[first - 1].sentence == sentence:
            first -= 1
        subject = _clause_subject(tokens, first, cue.first, covered or set())
        if subject is not None and subject.first < found.first:
            return subject
    if found is not None:
        return found
    return _subject(cue, tokens, covered or set())


def _participle(cue: _Run, tokens: list[Token]) -> bool:
    """A cue that is a participle after a comma ("..., saying"): its subject is the clause's."""
    return (
        cue.first > 0 and tokens[cue.first - 1].text == "," and tokens[cue.first].text.lower().endswith("ing")
    )


_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we"})
_SKIP = frozenset(
    {
        "also",
        "then",
        "later",
        "has",
        "have",
        "had",
        "was",
        "were",
        "is",
        "are",
        "will",
        "would",
        "previously",
        "once",
        "again",
        "repeatedly",
        "often",
        "recently",
        "quickly",
        "publicly",
        "privately",
        "not",
        "never",
    }
)


def _name_left(tokens: list[Token], stop: int, floor: int) -> int:
    """Where a capitalised name (titles, initials and "of the" inside it) ending before
    ``stop`` starts, or ``stop`` when none does."""
    k = stop
    while k - 1 >= floor and (
        tokens[k - 1].text[:1].isupper()
        or (tokens[k - 1].text == "." and k - 2 >= floor and tokens[k - 2].text[:1].isupper())
    ):
        k -= 1
    while k < stop and tokens[k].text == ".":
        k += 1
    return k


_BOUNDARIES = frozenset({".", ";", ":", '"', "''", "\u201c", "\u201d", "(", ")", "\u2014"})
_CLAUSE_WORDS = frozenset(
    {
        "that",
        "and",
        "but",
        "because",
        "if",
        "when",
        "while",
        "as",
        "after",
        "before",
        "although",
        "though",
        "since",
        "until",
        "whether",
        "so",
    }
)
_NOUN_PHRASE_STARTS = frozenset(
    {
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "its",
        "our",
        "some",
        "many",
        "several",
        "most",
        "other",
        "two",
        "three",
        "both",
        "these",
        "those",
        "this",
        "one",
        "all",
        "few",
    }
)


def _noun_phrase_left(tokens: list[Token], stop: int, first: int, covered: set[int]) -> _Run | None:
    """The phrase before a cue that is its subject: "The Trump campaign responded", "Tom
    Fitton, the president of Judicial Watch, charged" (an appositive kept with its name)."""

    def start_of(end: int) -> int:
        j = end
        while (
            j > first
            and tokens[j - 1].text not in _BOUNDARIES | {","}
            and tokens[j - 1].text.lower() not in _CLAUSE_WORDS
            and j - 1 not in covered
        ):
            j -= 1
        return j

    j = start_of(stop)
    if j == stop and stop - 1 > first and tokens[stop - 1].text == ",":
        opening = start_of(stop - 1)  # ", APPOSITIVE," before the cue: the name before it
        if opening - 1 > first and tokens[opening - 1].text == ",":
            j = start_of(opening - 1)
    if j >= stop or stop - j > 16 or any(i in covered for i in range(j, stop)):
        return None
    head = tokens[j].text
    if (
        not (head[:1].isupper() or head.lower() in _NOUN_PHRASE_STARTS)
        or head.lower() in src.FUNCTION_WORDS - _NOUN_PHRASE_STARTS
    ):
        return None
    return _Run(j, stop)


_DASHES = frozenset({"\u2015", "\u2014", "\u2013", "-"})


def _signature(draft: _Draft, tokens: list[Token]) -> _Run | None:
    """A quotation signed after a dash at its paragraph's end ('"..." \u2015 Jorge Falcon'):
    the name signing it is its source."""
    k = draft.parts[-1].stop
    while k < len(tokens) and tokens[k].text in patterns.QUOTE_MARKS | {".", ","}:
        k += 1
    if k >= len(tokens) or tokens[k].text not in _DASHES or tokens[k].paragraph_start:
        return None
    start = stop = k + 1
    while (
        stop < len(tokens)
        and not tokens[stop].paragraph_start
        and stop - start < 6
        and (tokens[stop].text[:1].isupper() or tokens[stop].text == ".")
    ):
        stop += 1
    while stop > start and tokens[stop - 1].text == ".":
        stop -= 1
    ends = stop == len(tokens) or tokens[stop].paragraph_start or tokens[stop].text in (".", ",")
    return _Run(start, stop) if stop > start and ends else None


def _relative_subject(tokens: list[Token], first: int, comma: int, covered: set[int]) -> _Run | None:
    """The name before a relative clause that ends at ``comma``: "NAME, who ..., said"."""
    for c in range(comma - 2, max(first, comma - 40) - 1, -1):
        if tokens[c].text == "," and tokens[c + 1].text.lower() in ("who", "whose", "which"):
            left = _name_left(tokens, c, first)
            while left < c and tokens[left].text.lower() in src.FUNCTION_WORDS:
                left += 1
            if left < c and not any(i in covered for i in range(left, c)):
                return _Run(left, c)
            return _noun_phrase_left(tokens, c, first, covered)
        if tokens[c].text in _BOUNDARIES:
            return None
    return None


def _subject_before(run: _Run, tokens: list[Token], covered: set[int]) -> _Run | None:
    """A content found without its cue ("The faction argues that ..."): the subject before the
    words that must be its cue, as its source."""
    sentence = tokens[run.first].sentence
    first = run.first
    while first > 0 and tokens[first - 1].sentence == sentence:
        first -= 1
    for gap in (1, 2, 3):
        stop = run.first - gap
        if stop <= first or tokens[stop].text in _BOUNDARIES | {","}:
            return None
        found = _noun_phrase_left(tokens, stop, first, covered)
        if found is not None and found.stop - found.first <= 8:
            return found
    return None


#: Words that open an adverbial before a clause's subject ("On Thursday, however, Trump ...").
_OPENERS = frozenset(
    {"on", "in", "at", "after", "before", "during", "since", "by", "for", "with", "from", "last"}
    | {"earlier", "later", "however", "but", "and", "yet", "so", "still", "meanwhile", "then"}
    | {"when", "while", "as", "although", "though", "if", "instead", "now", "again", "too"}
)
_MODALS = frozenset(
    {"will", "would", "can", "could", "may", "might", "must", "should", "shall", "did", "does", "do"}
)
#: Words that end a subject noun phrase: a verb, or a preposition or clause that follows its head.
_AFTER_SUBJECT = (
    _BE
    | _MODALS
    | _SKIP
    | {"on", "in", "at", "for", "to", "by", "with", "from", "after", "before", "during", "who", "which"}
    | {"that", "whose", "whom", "when", "while", "as", ",", "—", "(", ":", ";"}
)


def _modifier(tokens: list[Token], j: int) -> bool:
    """Whether the word at j opens a modifier, not a name: an adverb before its comma
    ("Publicly, ..."), a participle before its complement ("Chastened by the analyses, ...")."""
    word = tokens[j].text.lower()
    if word in src.PERSON_NAMES or j + 1 >= len(tokens) or len(word) < 5:
        return False
    following = tokens[j + 1].text
    if word.endswith("ly"):
        return following == ","
    return word.endswith(("ed", "ing")) and (following == "," or following[:1].islower())


_VERB_FOLLOWERS = frozenset(
    {"with", "the", "a", "an", "his", "her", "their", "its", "that", "to", "him", "them"}
)


def _clause_subject(tokens: list[Token], first: int, stop: int, covered: set[int]) -> _Run | None:
    """The subject of the clause that opens at ``first`` and runs to ``stop``, an opening
    adverbial set aside: "On Thursday, however, Trump spoke ..." is Trump, "two Democratic
    speechwriters implored her ..." is "two Democratic speechwriters"."""
    j = first
    for _ in range(3):  # "On Monday night, however, ..."
        if j >= stop or not (tokens[j].text.lower() in _OPENERS or _modifier(tokens, j)):
            break
        comma = next((k for k in range(j, min(stop, j + 16)) if tokens[k].text == ","), None)
        if comma is None:
            return None
        j = comma + 1
    if j >= stop or j in covered:
        return None
    head = tokens[j].text
    if head.lower() in _SUBJECT_PRONOUNS:
        return _Run(j, j + 1)
    if not (head[:1].isupper() or head.lower() in _NOUN_PHRASE_STARTS) or (
        head.lower() in src.FUNCTION_WORDS - _NOUN_PHRASE_STARTS
    ):
        return None
    k = j + 1
    while k < stop and k - j < 8 and k not in covered:
        word = tokens[k].text
        lower = word.lower()
        if word == "." and abbreviation(tokens[k - 1].text):  # "Mr. Biden"
            k += 1
            continue
        if lower in _AFTER_SUBJECT or word in _BOUNDARIES or cue_word(word):
            break
        if word[:1].islower() and lower.endswith("ed"):  # "speechwriters implored"
            break
        if (  # "the GOP nominee feuds with": a verb in -s before its complement
            word[:1].islower()
            and lower.endswith("s")
            and not lower.endswith("ss")
            and k > j + 1
            and k + 1 < stop
            and tokens[k + 1].text.lower() in _VERB_FOLLOWERS
        ):
            break
        k += 1
    return _Run(j, k)


#: Cues that put their subject after them when they close a sentence (", said one GOP source").
_INVERTING = frozenset(
    {"said", "says", "added", "adds", "wrote", "writes", "asked", "asks", "explained", "noted"}
    | {"continued", "recalled", "argued", "insisted", "replied", "responded", "stated", "warned"}
)


def _subject(cue: _Run, tokens: list[Token], covered: set[int]) -> _Run | None:
    sentence = tokens[cue.first].sentence
    first = cue.first
    while first > 0 and tokens[first - 1].sentence == sentence:
        first -= 1
    stop = cue.stop
    while stop < len(tokens) and tokens[stop].sentence == sentence:
        stop += 1
    k = cue.first
    while k - 1 >= first and tokens[k - 1].text.lower() in _SKIP | {"promptly", "then", "also"}:
        k -= 1
    if cue.first > first and _participle(cue, tokens):
        # "Chastened by the analyses, Trump revised his plan, promising": the clause's subject
        subject = _clause_subject(tokens, first, cue.first, covered)
        if subject is not None:
            return subject
    if k - 1 >= first and tokens[k - 1].text.lower() == "and" and k - 1 not in covered:
        # "He claimed vast wealth and said ...": the subject of the first verb
        return _clause_subject(tokens, first, k - 1, covered)
    if k - 1 >= first and k - 1 not in covered:
        word = tokens[k - 1].text
        if word.lower() in _SUBJECT_PRONOUNS:
            return _Run(k - 1, k)
        left = _name_left(tokens, k, first)
        while left < k and tokens[left].text.lower() in src.FUNCTION_WORDS:
            left += 1
        if (
            left < k
            and not any(i in covered for i in range(left, k))
            and tokens[k - 1].text.lower() not in src.FUNCTION_WORDS
        ):
            return _Run(left, k)
        phrase = _noun_phrase_left(tokens, k, first, covered)
        if phrase is not None:
            return phrase
        if word == ",":  # "Derek Mitchell, who served as ambassador until this year, said"
            relative = _relative_subject(tokens, first, k - 1, covered)
            if relative is not None:
                return relative
    # "said Smith", "said he"
    after = cue.stop
    if after < stop and after not in covered:
        word = tokens[after].text
        if word.lower() in _SUBJECT_PRONOUNS - {"it"}:
            return _Run(after, after + 1)
        right = after
        while (
            right < stop
            and (tokens[right].text[:1].isupper() or tokens[right].text == ".")
            and tokens[right].text.lower() not in src.FUNCTION_WORDS
        ):
            right += 1
        if right > after and tokens[after].text[:1].isupper():
            return _Run(after, right)
        if tokens[cue.stop - 1].text.lower() in _INVERTING and word.lower() in _NOUN_PHRASE_STARTS:
            # "..., said one GOP source in the room.": a description closing the sentence
            end = after
            while end < stop and end - after < 10 and tokens[end].text not in _BOUNDARIES | {","}:
                end += 1
            if end - after >= 2 and (end == stop or tokens[end].text in (",", ".", ";")):
                return _Run(after, end)
    # "Since announcing in October that ..., Mr. Biden has ...": a participle opening the
    # sentence has the main clause's subject
    if tokens[cue.first].text.lower().endswith("ing") and cue.first - first <= 1:
        comma = next((k for k in range(cue.stop, min(stop, cue.stop + 40)) if tokens[k].text == ","), None)
        if comma is not None:
            return _clause_subject(tokens, comma + 1, stop, covered)
    return None
