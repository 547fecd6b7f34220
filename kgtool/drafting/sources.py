"""Who each source mention is: its kind, and which mentions are one source.

Rules, since PolNeAR marks source spans but neither kinds nor who they are (the rules and their
examples: data/GUIDELINES.md, "Source kinds and grouping for drafting"; developed on labelled
articles of PolNeAR's train split, benchmarks/source_labels/):

- names: the people and institutions the text names are found in the whole text first
  (capitalised runs, titles set aside, with the words that describe them: "Republican
  presidential nominee Donald Trump", "Sammy Aaron, vice chairman of G-III,"), so that a surname
  ("Azzouz") joins the full name ("Lotfi Azzouz") and a pronoun can take up a person who was
  named but never quoted;
- a mention with an appositive names its source where the name stands ("The leader of
  Ennahda, Rachid Ghannouchi," is Ghannouchi; "Ajmi Lourimi, a member of ..." is Lourimi);
- pronouns take up their antecedent: "he" and "she" the subject of their sentence or the last
  speaker of that sex (a person named inside a quotation is not an antecedent); "who" and
  "which" the phrase before them; "they" the last group or institution, "it" the last
  institution or document; "I" and "we" in a quotation its speaker, outside one the publisher;
- descriptions: "the candidate", "the vice president" take up the person named with that role
  (or the person the text names most), "Donald Trump's eldest daughter" the one person named
  with that surname and sex, "the Khans" the couple "Khizr and Ghazala Khan", "the poll" the
  poll before, "the company" the company named before; a document ("the report", "a poll",
  "the statement") is a document, an unnamed person or group ("a senior aide", "officials",
  "Many Tunisians") anonymous; the publisher's own name, "we" or "this newspaper" outside
  quotation marks the publisher;
- a mention that cannot speak ("The attack", "the bloodshed") is no source: its attribution
  goes to ``unstated``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kgtool.drafting import lexicon as lx
from kgtool.drafting.lexicon import words
from kgtool.drafting.tokens import tokenize

Span = tuple[int, int]

KINDS = ("publisher", "named_person", "institution", "document", "anonymous_individual", "anonymous_group")
NAMED_KINDS = frozenset({"named_person", "institution", "document"})

_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f][\w\u2019'.&/-]*[\w\u2019']|[A-Za-z0-9\u00c0-\u024f]")
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")
_PERSONAL = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
_PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
_THING_PRONOUNS = frozenset({"it", "its", "itself"})
_RELATIVE = frozenset({"who", "whom", "whose", "which", "that"})
RELATIVE = _RELATIVE
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
_SECOND = frozenset({"you", "your", "yours", "yourself", "yourselves"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "such"})
_QUANTITIES = words("""
one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty
fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions dozens
dozen half third quarter majority minority most many some several few all both none each
either neither plurality bulk rest number handful couple pair percent multiple
""")
_INDEFINITE = (
    frozenset({"a", "an", "another", "other", "others", "more", "numerous", "various", "any", "no", "every"})
    | _QUANTITIES
)
_APPROXIMATE = (
    "close to",
    "about",
    "nearly",
    "more than",
    "at least",
    "almost",
    "roughly",
    "around",
    "fewer than",
    "less than",
    "over",
    "only",
    "just",
    "even",
)
_PARTITIVE = (
    frozenset(
        {
            "batch",
            "series",
            "set",
            "trove",
            "cache",
            "collection",
            "group",
            "number",
            "pair",
            "handful",
            "couple",
            "team",
            "panel",
            "coalition",
            "chorus",
            "host",
            "slew",
            "flurry",
            "string",
            "raft",
            "wave",
            "crop",
            "cadre",
            "band",
            "circle",
            "network",
            "bunch",
            "lot",
            "lots",
        }
    )
    | _QUANTITIES
)
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its", "our", "my", "your"})
_ACCOUNTS = frozenset({"account", "feed", "page", "twitter", "facebook", "blog", "instagram", "handle"})
# Words after a head that start its modifier: "a source close to ...", "a poll released ..."
_POSTMODIFIERS = words("""
of close with who whom whose at from familiar in for on to that which under inside within
outside behind near involved working speaking including like such among by and or but as than
about across around after before over since through into during released published conducted
issued obtained reviewed filed sent posted written made taken cited commissioned seen quoted
done commissioned given provided compiled prepared led based knowledgeable briefed between
""")
_NOT_APPOSITIVE = frozenset(
    {
        "like",
        "including",
        "such",
        "and",
        "or",
        "especially",
        "but",
        "who",
        "which",
        "whose",
        "where",
        "when",
        "as",
        "after",
        "before",
        "according",
        "said",
        "says",
    }
)
_SELF_MENTIONS = (
    "this newspaper",
    "this paper",
    "this publication",
    "this website",
    "this site",
    "this reporter",
    "this writer",
    "this columnist",
    "this correspondent",
    "this author",
    "this magazine",
    "this news organization",
    "the author",
    "this reporter's",
    "this reporter\u2019s",
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
#: "Donald Trump's eldest daughter": a relative described by the possessor's name.
_KINSHIP = re.compile(
    r"(?:the )?((?:[A-Z][\w.\-]*\s)*[A-Z][\w\-]*)(?:'s|\u2019s)\s+(?:\w+\s+){0,2}?"
    r"(daughter|son|wife|husband|sister|brother|mother|father)\b"
)
_APPOSITIVE = re.compile(
    r",\s+((?:the|a|an|(?:[A-Z][\w.-]*\s){0,2}[A-Z][\w.'\u2019-]*(?:'|\u2019)s)"
    r"\s[^,.;:\n]{1,60})[,.;]"
)
_ORG_WORDS = words("""
department committee council party news times post journal network association institute
university court congress senate house bureau agency service administration foundation center
centre group corp corporation inc company commission organization organisation fund watch club
league union campaign project press tribune herald globe magazine review daily media broadcasting
channel radio television tv bank reserve board office ministry police army navy forces guard
forum movement coalition alliance federation society trust authority caucus conference
initiative institution laboratory labs partners holdings llc ltd co pac action airlines motors
enterprises industries energy systems technologies capital investments associates consulting
strategies research poll polling survey statistics analytics clinic hospital school college
academy church ministries nations republic kingdom states commonwealth embassy parliament
assembly legislature cabinet government regime command treasury star sun mail observer guardian
telegraph economist gazette chronicle inquirer examiner bulletin dispatch courier register
sentinel standard wire reuters bloomberg wikileaks twitter facebook google politico cnn msnbc nbc
cbs abc fox npr pbs gallup quinnipiac rasmussen yougov monmouth marist ipsos axios buzzfeed salon
slate vox newsweek gawker mediaite univision telemundo breitbart huffpost huffington microsoft
apple amazon walmart pentagon kremlin vatican nato isis isil hamas hezbollah taliban opec fbi cia
nsa irs epa gop dnc rnc ap afp
""")
_PLACES = words("""
america russia china iran iraq syria israel mexico canada cuba france germany britain england
japan india pakistan afghanistan egypt turkey ukraine korea libya yemen saudi arabia jordan
lebanon tunisia venezuela brazil italy spain greece europe asia africa washington moscow
beijing tehran london paris berlin brussels ohio florida texas california iowa nevada arizona
virginia michigan pennsylvania wisconsin carolina colorado georgia utah philippines vietnam
alabama alaska arkansas connecticut delaware hawaii idaho illinois indiana kansas kentucky
louisiana maine maryland massachusetts minnesota mississippi missouri montana nebraska oklahoma
oregon tennessee vermont wyoming dakota manila tokyo seoul kabul baghdad damascus cairo ankara
istanbul kiev kyiv havana caracas ottawa australia nigeria kenya ethiopia poland hungary sweden
norway denmark finland ireland scotland wales belgium netherlands austria switzerland portugal
""")
_FUNCTION_WORDS = words("""
the a an but and or in on at for of to as by if when while after before since because although
though so yet this that these those there here it its he she they we i you his her their our my
your what which who whom whose where why how all some many most more much several few other
others another both each every either neither no not now then also still just even only well
meanwhile however instead indeed asked said says according if unless until as like despite
during without within whether with from into under against among between throughout toward
towards upon once later earlier already again perhaps maybe last next first second finally
ultimately recently separately similarly likewise nonetheless nevertheless moreover furthermore
thus therefore hence today yesterday tomorrow tonight monday tuesday wednesday thursday friday
saturday sunday january february march april may june july august september october november
december asked told added editor editor's note update updated read more
""")
FUNCTION_WORDS = _FUNCTION_WORDS  # capitalised at a sentence's start, they name no one
PERSON_NAMES = lx.MALE_NAMES | lx.FEMALE_NAMES
_COMMON = lx.DOCUMENT | lx.GROUP | lx.INDIVIDUAL | lx.INSTITUTION | lx.NOT_AGENT | _FUNCTION_WORDS


@dataclass
class Source:
    key: str  # a slug naming the source, unique in the article
    kind: str | None  # one of KINDS
    label: str  # the fullest mention
    mentions: list[Span] = field(default_factory=list)

    @property
    def named(self) -> bool:
        """Named sources are entities of the authoring format; the others [source] tables."""
        return self.kind in NAMED_KINDS


@dataclass(eq=False)
class _Entity:
    """Someone or something the text names or describes, with what is known of it."""

    kind: str
    name: list[str]  # a person's name words, titles set aside; a description's key words
    label: str
    gender: str | None = None
    roles: set[str] = field(default_factory=set)
    head: str | None = None  # a description's head word ("poll", "official"); None for names
    positions: list[int] = field(default_factory=list)  # where the text mentions it, unquoted
    as_source: list[int] = field(default_factory=list)
    source: Source | None = None

    @property
    def surname(self) -> str | None:
        return self.name[-1].lower() if self.name else None

    def last_before(self, at: int, speakers_only: bool = False) -> int | None:
        seen = [p for p in (self.as_source if speakers_only else self.positions + self.as_source) if p < at]
        return max(seen, default=None)


@dataclass
class _NameRun:
    start: int
    end: int
    words: list[str]  # the name, titles set aside
    kind: str  # named_person or institution
    roles: set[str]
    gender: str | None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-") or "source"


def _bare(word: str) -> str:
    return _POSSESSIVE.sub("", word).lower().rstrip(".")


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(c.isupper() for c in word))


def _plural(word: str) -> bool:
    return (word.endswith("s") and not word.endswith(("ss", "us", "is", "ics"))) or word in (
        "people",
        "media",
        "public",
        "press",
        "staff",
        "police",
        "crowd",
        "audience",
        "electorate",
        "men",
        "women",
        "children",
        "clergy",
        "leadership",
    )


def _aliases(publisher: str | None) -> set[str]:
    """How an article may name its own publisher: "The New York Times", "New York Times",
    "The Times", "Times"."""
    if not publisher:
        return set()
    words = re.findall(r"[\w&.'-]+", publisher.lower())
    core = words[1:] if words and words[0] == "the" else words
    out = {" ".join(core)}
    if len(core) > 1:
        out.add(core[-1])
    return {a for a in out if a}


def _quoted_chars(text: str) -> list[bool]:
    """Whether each character is inside quotation marks (a paragraph starts outside)."""
    inside, out = False, []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\n":
            inside = False
        elif text.startswith("''", i):
            inside = not inside
            out += [True, True]
            i += 2
            continue
        elif ch == '"':
            inside = not inside
            out.append(True)
            i += 1
            continue
        elif ch == "\u201c":
            inside = True
        elif ch == "\u201d":
            out.append(True)
            inside = False
            i += 1
            continue
        out.append(inside)
        i += 1
    return out


class _Article:
    """The text's named things, found once; source mentions are resolved against them."""

    def __init__(self, text: str, publisher: str | None) -> None:
        self.text = text
        self.aliases = _aliases(publisher)
        self.quoted = _quoted_chars(text)
        self.entities: list[_Entity] = []
        self.publisher_source = Source("publisher", "publisher", publisher or "the publisher")
        self.lower_words = set(re.findall(r"(?<![\w.])[a-z][\w'-]*", text))
        self.words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
        tokens = tokenize(text)  # its sentences: "Mr. Band" ends none
        self.sentence_starts = [0] + [
            b.start for a, b in itertools.pairwise(tokens) if b.sentence != a.sentence
        ]
        runs = self._name_runs()
        self.person_surnames = {
            r.words[-1].lower() for r in runs if r.kind == "named_person" and len(r.words) > 1
        }
        self.runs: list[_NameRun] = []
        self.at: dict[int, _Entity] = {}
        for run in runs:
            entity = self._entity_for_name(run)
            self.runs.append(run)
            self.at[run.start] = entity
        self.salience = {id(e): len(e.positions) for e in self.entities}
        self._index_documents()

    def sentence_of(self, at: int) -> int:
        lo, hi = 0, len(self.sentence_starts)
        while lo + 1 < hi:
            mid = (lo + hi) // 2
            if self.sentence_starts[mid] <= at:
                lo = mid
            else:
                hi = mid
        return self.sentence_starts[lo]

    # --- names in the whole text ----------------------------------------------------
    def _name_runs(self) -> list[_NameRun]:
        runs = []
        words = self.words
        i = 0
        while i < len(words):
            word = words[i][0]
            if not _is_cap(word):
                i += 1
                continue
            j = i
            while j + 1 < len(words) and self._joins(j):
                j += 1
            found = self._classify_run([w for w, _, _ in words[i : j + 1]], i, j)
            if found is not None:
                offset, name, kind, roles, gender = found
                runs.append(_NameRun(words[i + offset][1], words[j][2], name, kind, roles, gender))
            i = j + 1
        return runs

    def _joins(self, j: int) -> bool:
        """Whether the capitalised word j+1 continues the name of word j: one space between
        them (after an initial or a title, a full stop and a space), or a particle."""
        word, _, end = self.words[j]
        nxt, start, _ = self.words[j + 1]
        gap = self.text[end:start]
        if _POSSESSIVE.search(word) and not word.endswith("."):
            return False
        if gap == ". ":
            if not (
                len(word) == 1
                or word.lower()
                in ("mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "st", "lt", "col", "sens")
            ):
                return False
        elif gap != " ":
            return False
        return _is_cap(nxt) or nxt.lower() in ("de", "van", "von", "der", "da", "bin", "al", "la")

    def _sentence_initial(self, i: int) -> bool:
        if i == 0:
            return True
        before = self.text[self.words[i - 1][2] : self.words[i][1]]
        return "\n" in before or bool(re.search(r"[.!?:]", before)) or before.strip() in ('"', "\u201c", "''")

    def _context(self, i: int, j: int) -> set[str]:
        """Describing words just before a name ("Republican presidential nominee") and of its
        appositive (", the Republican nominee,")."""
        out: set[str] = set()
        k = i - 1
        while k >= 0 and i - k <= 4:
            word, _, end = self.words[k]
            gap = self.text[end : self.words[k + 1][1]]
            bare = _bare(word)
            if (
                gap.strip()
                or bare in _FUNCTION_WORDS
                or not (
                    bare in lx.TITLES or bare in lx.INDIVIDUAL or bare in lx.REFERRING_ROLES or _is_cap(word)
                )
            ):
                break
            out.add(bare)
            k -= 1
        end = self.words[j][2]
        after = self.text[end : end + 80]
        m = _APPOSITIVE.match(after)
        if m:
            out |= {_bare(w) for w in _WORD.findall(m.group(1))}
        return {lx.TITLE_ROLES.get(w, w) for w in out} - _FUNCTION_WORDS

    def _classify_run(self, run: list[str], i: int, j: int) -> tuple | None:
        """(offset of the name in the run, name words, kind, roles, gender) of a capitalised
        run, or None when it is no name ("But", "Officials", "Many Tunisians")."""
        bare = [_bare(w) for w in run]
        k = 0
        while k < len(bare) - 1 and (bare[k] in _FUNCTION_WORDS or bare[k] in _INDEFINITE):
            k += 1
        if (
            k < len(bare) - 1
            and self._sentence_initial(i + k)
            and "\u2019" not in run[k]
            and (bare[k] in self.lower_words or bare[k].endswith(("ed", "ing")))
            and bare[k] not in lx.MALE_NAMES | lx.FEMALE_NAMES
        ):
            k += 1  # "Stated Stone:", "Continued Stone": a capitalised verb opening the sentence
        if bare[k] in _FUNCTION_WORDS or bare[k] in _INDEFINITE:
            return None
        run, bare = run[k:], bare[k:]
        roles = {lx.TITLE_ROLES.get(b, b) for b in bare if b in lx.TITLES} | self._context(i + k, j)
        gender = "f" if bare[0] in ("mrs", "ms", "miss") else "m" if bare[0] == "mr" else None
        if len(run) == 1 and (
            bare[0] in self.lower_words
            or bare[0] in _COMMON
            or bare[0] in lx.TITLES
            or "\u2019" in run[0]
            or ("'" in run[0] and not _POSSESSIVE.search(run[0]))
            or (
                bare[0].endswith("ly")
                and self._sentence_initial(i + k)
                and self.text[self.words[j][2] : self.words[j][2] + 1] == ","
                and bare[0] not in lx.MALE_NAMES | lx.FEMALE_NAMES
            )
        ):
            return None  # a capitalised common word: "Officials", "Polls", "Publicly,"
        titles = [n for n, b in enumerate(bare[:-1]) if b in lx.TITLES]
        if (
            titles
            and not any(b in _ORG_WORDS for b in bare[titles[-1] + 1 :])
            and (any(b in _ORG_WORDS for b in bare[: titles[-1]]) or True)
        ):
            # "Polk County GOP Chairman Will Rogers": the name follows the last title
            name = run[titles[-1] + 1 :]
            roles |= {b for b in bare[: titles[-1] + 1]}
            return self._person(k + titles[-1] + 1, name, roles, gender)
        if (
            any(b in _ORG_WORDS for b in bare)
            or "&" in " ".join(run)
            or (len(run) == 1 and run[0].isupper() and len(run[0]) > 1)
        ):
            return (k, run, "institution", roles, None)
        if _group_word(bare[-1]):
            return None  # "Wyoming Republicans", "Tunisians": people the text does not name
        if len(run) == 1 and bare[0] in _PLACES:
            return (k, run, "institution", roles, None)
        return self._person(k, run, roles, gender)

    def _person(self, offset: int, run: list[str], roles: set[str], gender: str | None) -> tuple | None:
        name = [_POSSESSIVE.sub("", w) for w in run]
        while len(name) > 1 and _bare(name[-1]) in _SUFFIXES:
            name = name[:-1]
        if not name:
            return None
        first = name[0].lower()
        if gender is None and len(name) > 1:
            gender = "f" if first in lx.FEMALE_NAMES else "m" if first in lx.MALE_NAMES else None
        if gender is None:
            gender = "f" if roles & lx.FEMALE_WORDS else "m" if roles & lx.MALE_WORDS else None
        return (offset, name, "named_person", roles, gender)

    def _entity_for_name(self, run: _NameRun) -> _Entity:
        """The entity a name run names: a surname joins the person with that surname (the one
        named most, when several are), a full name joins a surname seen before."""
        position = [run.start] if not self.quoted[run.start] else []
        if run.kind == "institution":
            key = " ".join(_bare(w) for w in run.words if w.lower() != "the")
            for entity in self.entities:
                if (
                    entity.kind == "institution"
                    and entity.head is None
                    and " ".join(_bare(w) for w in entity.name) == key
                ):
                    entity.positions += position
                    entity.roles |= run.roles
                    return entity
            entity = _Entity(
                "institution",
                [w for w in run.words if w.lower() != "the"],
                " ".join(w for w in run.words if w.lower() != "the"),
                roles=set(run.roles),
                positions=position,
            )
            self.entities.append(entity)
            return entity
        surname = run.words[-1].lower()
        first = run.words[0].lower() if len(run.words) > 1 else None
        same = [
            e for e in self.entities if e.kind == "named_person" and e.head is None and e.surname == surname
        ]
        if first is not None:
            same = [
                e
                for e in same
                if len(e.name) == 1
                or e.name[0].lower() == first
                or (len(first) == 1 and e.name[0].lower().startswith(first))
            ]
        elif not same:  # a lone given name ("Hillary")
            same = [
                e
                for e in self.entities
                if e.kind == "named_person"
                and e.head is None
                and len(e.name) > 1
                and e.name[0].lower() == surname
            ]
        if run.gender:
            same = [e for e in same if e.gender in (None, run.gender)] or same
        if same:
            entity = max(same, key=lambda e: (len(e.positions), -(e.positions or [0])[0]))
            if len(run.words) > len(entity.name):
                entity.name = run.words
                entity.label = " ".join(run.words)
            entity.gender = entity.gender or run.gender
            entity.roles |= run.roles
            entity.positions += position
            return entity
        entity = _Entity(
            "named_person",
            list(run.words),
            " ".join(run.words),
            gender=run.gender,
            roles=set(run.roles),
            positions=position,
        )
        self.entities.append(entity)
        return entity

    def _index_documents(self) -> None:
        """Documents the text describes ("a 2001 memorandum issued by ..."), which "it" and
        "the memorandum" may take up."""
        heads = "|".join(sorted(lx.DOCUMENT, key=len, reverse=True))
        pattern = re.compile(
            rf"\b(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat)\s+(?:[\w/.'\u2019-]+\s+){{0,3}}?({heads})\b"
        )
        for m in pattern.finditer(self.text):
            if self.quoted[m.start()]:
                continue
            head = m.group(1).lower()
            entity = _Entity("document", [head], m.group(0), head=head, positions=[m.start()])
            self.entities.append(entity)

    def names_in(self, start: int, end: int) -> list[tuple[_NameRun, _Entity]]:
        return [(r, self.at[r.start]) for r in self.runs if start <= r.start and r.end <= end]

    def last(
        self, before: int, accept: Callable[[_Entity], bool], window: int, speakers_only: bool = False
    ) -> _Entity | None:
        """The entity ``accept`` takes that the text mentions last before ``before``, within
        ``window`` characters."""
        best: tuple[int, _Entity] | None = None
        for entity in self.entities:
            if not accept(entity):
                continue
            seen = entity.last_before(before, speakers_only)
            if seen is not None and seen >= before - window and (best is None or seen > best[0]):
                best = (seen, entity)
        return best[1] if best else None


def _group_word(bare: str) -> bool:
    """A plural naming people by what they are: "Republicans", "Tunisians", "Millennials"."""
    if not bare.endswith("s") or len(bare) < 4:
        return False
    return bare in lx.GROUP or bare.endswith(("ans", "crats", "ists", "ites", "ese"))


def _segments(mention: str) -> list[tuple[str, int]]:
    """A mention's appositive parts and where they start: "The leader of Ennahda, Rachid
    Ghannouchi," -> two."""
    cleaned = re.sub(r"\([^)]*\)", lambda m: " " * len(m.group()), mention)
    out = []
    at = 0
    for part in re.split(r"(,|\u2014|\u2013|\u2015| -- | - )", cleaned):
        if part not in (",", "\u2014", "\u2013", "\u2015", " -- ", " - ") and re.search(r"\w", part):
            lead = len(part) - len(part.lstrip())
            out.append((part.strip(), at + lead))
        at += len(part)
    return out


def _head_part(words: list[str]) -> list[str]:
    """The words before the head's modifier: "a source close to the campaign" -> a source."""
    for k, word in enumerate(words):
        if (
            k
            and word.lower() in _POSTMODIFIERS
            and not (word.lower() == "of" and _bare(words[k - 1]) in _PARTITIVE)
        ):
            return words[:k]
    return words


class _Resolver:
    def __init__(self, text: str, publisher: str | None, mentions: list[Span]) -> None:
        self.article = _Article(text, publisher)
        self.text = text
        self.mentions = sorted(set(mentions))
        self.done: dict[Span, _Entity | Source | None] = {}
        self.definite_before = False

    def resolve(self, span: Span) -> _Entity | Source | None:
        if span not in self.done:
            self.done[span] = None  # a guard against cycles
            self.done[span] = self._resolve(*span)
            found = self.done[span]
            if isinstance(found, _Entity) and span[0] not in found.as_source:
                found.as_source.append(span[0])
        return self.done[span]

    def name_the_headline(self) -> None:
        """A headline's description of a person ("Retired general says ...") is the person the
        article names with that role (the one it quotes most, when several have it)."""
        end = self.text.find("\n")
        if end < 0:
            return
        for span in self.mentions:
            entity = self.done.get(span)
            if (
                span[0] >= end
                or not isinstance(entity, _Entity)
                or entity.kind != "anonymous_individual"
                or entity.head is None
            ):
                continue
            head = entity.head
            role = lx.TITLE_ROLES.get(head, head)
            gender = "f" if head in lx.FEMALE_WORDS else "m" if head in lx.MALE_WORDS else None
            people = [
                e
                for e in self.article.entities
                if e.kind == "named_person"
                and e.head is None
                and " and " not in e.label
                and e.as_source
                and gender in (None, e.gender)
            ]
            if not people:
                continue
            roled = [e for e in people if role in e.roles or head in e.roles]
            if not roled:
                # no one has that role ("Another GOP figure endorses ..."): the person the
                # article quotes most, when one clearly is
                ranked = sorted(people, key=lambda e: len(e.as_source), reverse=True)
                if len(ranked[0].as_source) < 2 or (
                    len(ranked) > 1 and len(ranked[1].as_source) * 2 > len(ranked[0].as_source)
                ):
                    continue
                roled = ranked[:1]
            chosen = max(roled, key=lambda e: (len(e.as_source), -e.as_source[0]))
            self.done[span] = chosen
            entity.as_source.remove(span[0])
            chosen.as_source.append(span[0])

    # --- a mention -------------------------------------------------------------------
    def _resolve(self, start: int, end: int) -> _Entity | Source | None:
        mention = self.text[start:end]
        lower = [_bare(w) for w in _WORD.findall(mention)]
        if not lower:
            return None
        quoted = self.article.quoted[start]
        if self._is_publisher(lower, quoted):
            return self.article.publisher_source
        if len(lower) == 1 or (len(lower) == 2 and lower[1] in ("self", "own")):
            pronoun = self._pronoun(lower[0], start, quoted)
            if pronoun is not False:
                return pronoun  # type: ignore[return-value]
        if all(w in _FUNCTION_WORDS - _INDEFINITE for w in lower):
            return None  # "Since", "However": a sentence's opening word names no one
        relative = self._relative_of(mention, start)
        if relative is not None:
            return relative
        segments = _segments(mention)
        if not segments:
            return None
        self.definite_before = bool(
            re.search(r"\b(?:the|The|this|that)\s+$", self.text[max(0, start - 6) : start])
        )
        first = self._segment(segments[0][0], start + segments[0][1])
        self.definite_before = False
        for segment, offset in segments[1:]:
            words = _WORD.findall(segment)
            if not words:
                continue
            if words[0].lower() in ("like", "including", "such", "especially", "among"):
                break  # examples of the head, not an appositive
            if words[0].lower() in _NOT_APPOSITIVE:
                continue
            # an appositive's name is who the mention is: "The leader of X, Rachid Ghannouchi,"
            found = self._segment(segment, start + offset, names_only=True)
            if isinstance(found, _Entity) and found.kind == "named_person" and found.head is None:
                return found
            # "the Independent, a British newspaper,": the name is an institution's
            if (
                isinstance(first, _Entity)
                and first.kind in ("anonymous_individual", "named_person")
                and first.head is None
            ) or (isinstance(first, _Entity) and first.head and _is_cap(segments[0][0].split()[-1])):
                head = _bare(_head_part(words)[-1])
                if head in lx.INSTITUTION:
                    return self._named("institution", segments[0][0], start)
        return first

    def _relative_of(self, mention: str, start: int) -> _Entity | None:
        """ "Donald Trump's eldest daughter": the one person the text names with the
        possessor's surname and the kinship word's sex, the possessor set aside."""
        found = _KINSHIP.match(mention)
        if found is None:
            return None
        possessor = found.group(1).split()[-1].lower()
        gender = "f" if found.group(2).lower() in lx.FEMALE_WORDS else "m"
        kin = [
            e
            for e in self.article.entities
            if e.kind == "named_person"
            and e.head is None
            and e.surname == possessor
            and len(e.name) > 1
            and e.gender in (None, gender)
            and not self.text[start : start + len(found.group(1))].endswith(" ".join(e.name))
            and (
                e.gender == gender
                or e.name[0].lower() in (lx.FEMALE_NAMES if gender == "f" else lx.MALE_NAMES)
            )
        ]
        return kin[0] if len(kin) == 1 else None

    def _is_publisher(self, lower: list[str], quoted: bool) -> bool:
        if quoted:
            return False
        text = " ".join(lower)
        if any(text == s or text.startswith(s + " ") for s in _SELF_MENTIONS):
            return True
        if len(lower) == 1 and lower[0] in _FIRST_PERSON:
            return True  # outside a quotation: the writer, that is the publisher
        core = [w for w in lower if w != "the"]
        return " ".join(core) in self.article.aliases

    def _pronoun(self, word: str, start: int, quoted: bool) -> _Entity | Source | bool | None:
        art = self.article
        if word in _PERSONAL:
            return self._person_pronoun(start, _PERSONAL[word])
        if word in _RELATIVE:
            return self._antecedent(start)
        if word in _PLURAL_PRONOUNS:
            return art.last(
                start,
                lambda e: (
                    e.kind in ("anonymous_group", "institution")
                    or (e.kind == "named_person" and len(e.label.split(" and ")) > 1)
                ),
                700,
            ) or self._antecedent(start)
        if word in _THING_PRONOUNS:
            if re.match(
                r"\s*(?:'s|\u2019s|is|was|has been|had been|seems|seemed|appears|appeared|"
                r"remains|remained)\b",
                self.text[start + len(word) : start + len(word) + 20],
            ):
                return None  # "It is believed", "It's been reported": no one
            return art.last(start, lambda e: e.kind in ("institution", "document"), 700)
        if word in _FIRST_PERSON:
            return self._speaker_of_quote(start) if quoted else art.publisher_source
        if word in _SECOND:
            return None
        return False

    def _person_pronoun(self, start: int, gender: str | None) -> _Entity | None:
        """The person a "he" or "she" takes up: the person named first in its sentence (its
        subject), else the last speaker of that sex, else the last person of that sex named."""
        art = self.article

        def agrees(e: _Entity) -> bool:
            return e.kind in ("named_person", "anonymous_individual") and (
                gender is None or e.gender in (None, gender)
            )

        def known(e: _Entity) -> bool:
            return agrees(e) and (gender is None or e.gender == gender)

        def person(e: _Entity) -> bool:
            return " and " not in e.label and (e.kind != "named_person" or e.head is None)

        sentence = art.sentence_of(start)
        first: tuple[int, _Entity] | None = None
        for entity in art.entities:
            seen = [p for p in entity.positions + entity.as_source if sentence <= p < start]
            if seen and agrees(entity) and (first is None or min(seen) < first[0]):
                first = (min(seen), entity)
        if first is not None and len(_WORD.findall(self.text[sentence : first[0]])) <= 3:
            return first[1]
        # "she": women are fewer among the people of political news, and a name whose sex the
        # rules cannot tell is more often a man's, so a woman named is preferred to them
        order = (
            ((known, True), (known, False), (agrees, True), (agrees, False))
            if gender == "f"
            else ((agrees, True), (agrees, False))
        )
        for accept, speakers in order:

            def take(e: _Entity, accept: Callable[[_Entity], bool] = accept) -> bool:
                return accept(e) and person(e)

            found = art.last(start, take, 1500, speakers_only=speakers)
            if found is not None:
                if speakers:
                    subject = self._subject_since(found, start, accept)
                    if subject is not None:
                        return subject
                if found.gender is None:
                    found.gender = gender
                return found
        return None

    def _subject_since(self, speaker: _Entity, start: int, accept) -> _Entity | None:
        """A person named as the subject of a reported clause ("aides say Ivanka Trump also
        advises ...") or of a sentence after the speaker last spoke, in the pronoun's sentence
        or the one before, is the nearer antecedent."""
        art = self.article
        spoke = speaker.last_before(start, speakers_only=True) or 0
        here = art.sentence_of(start)
        previous = art.sentence_of(max(0, here - 1))
        best = None
        for run in art.runs:
            entity = art.at[run.start]
            if (
                not (spoke < run.start < start and run.start >= previous)
                or entity is speaker
                or not accept(entity)
                or art.quoted[run.start]
                or entity.kind != "named_person"
            ):
                continue
            if self.text[run.end : run.end + 2] in ("'s", "\u2019s") or _POSSESSIVE.search(
                self.text[run.start : run.end]
            ):  # "He says Trump's call to ban ...": a possessor is no subject
                continue
            sentence = art.sentence_of(run.start)
            words = self.text[sentence : run.start].split()
            if not words or (words[-1].lower() in ("say", "says", "said") and len(words) <= 4):
                best = entity
        return best

    def _antecedent(self, start: int) -> _Entity | Source | None:
        """What "who" or "which" takes up: the name or phrase just before it."""
        before = self.text[max(0, start - 200) : start]
        stripped = before.rstrip(" ,(")  # "Murphy (who was ..."
        phrase_end = start - (len(before) - len(stripped))
        names = [
            (r, e)
            for r, e in self.article.names_in(phrase_end - 120, phrase_end)
            if r.end == phrase_end or not self.text[r.end : phrase_end].strip(" ,.'\u2019s")
        ]
        if names:
            return names[-1][1]
        cut = max(
            stripped.rfind(c) for c in (".", "\n", ";", ":", ",", "\u2014", "(", '"', "\u201c", "\u201d")
        )
        phrase = stripped[cut + 1 :].strip()
        words = _WORD.findall(phrase)
        if not words:
            return None
        # the phrase's last noun phrase: from its last determiner on
        k = max(
            (n for n, w in enumerate(words) if w.lower() in _DEFINITE | _INDEFINITE | _POSSESSIVE_PRONOUNS),
            default=0,
        )
        tail = words[k:]
        offset = phrase_end - len(phrase) + max(phrase.find(tail[0]), 0)
        if _is_cap(tail[-1]) and len(tail) == 1:
            return self._segment(" ".join(tail), offset)
        return self._description(tail, offset)

    def _speaker_of_quote(self, start: int) -> _Entity | Source | None:
        """Who speaks a quotation: the nearest source mention of its paragraph outside
        quotation marks."""
        para_start = self.text.rfind("\n", 0, start) + 1
        para_end = self.text.find("\n", start)
        para_end = len(self.text) if para_end < 0 else para_end
        near = [
            m
            for m in self.mentions
            if para_start <= m[0] < para_end and not self.article.quoted[m[0]] and m[0] != start
        ]
        for span in sorted(near, key=lambda m: abs(m[0] - start)):
            found = self.resolve(span)
            if isinstance(found, _Entity):
                return found
        named = [
            (abs(r.start - start), e)
            for r, e in self.article.names_in(para_start, para_end)
            if not self.article.quoted[r.start] and e.kind == "named_person"
        ]
        return min(named, key=lambda n: n[0])[1] if named else None

    # --- a segment: a name or a description -------------------------------------------
    def _segment(self, segment: str, seg_start: int, names_only: bool = False) -> _Entity | None:
        words = _WORD.findall(segment)
        lower = [w.lower() for w in words]
        for phrase in _APPROXIMATE:
            n = len(phrase.split())
            if " ".join(lower[:n]) == phrase and len(words) > n:
                words, lower = words[n:], lower[n:]
                break
        head_words = _head_part(words)
        if not head_words:
            return None
        last = _bare(head_words[-1])
        covered = self.article.names_in(seg_start, seg_start + len(segment) + 1)
        if (
            " and " in " ".join(words)
            and len(covered) >= 2
            and all(e.kind == "named_person" for _, e in covered[:2])
        ):
            return self._together([e for _, e in covered], seg_start)
        if (
            _is_cap(head_words[-1])
            and last not in _FUNCTION_WORDS
            and last not in lx.DOCUMENT
            and last not in _QUANTITIES
            and not (last in _COMMON and not covered)
        ):
            at = self.text.find(head_words[-1], seg_start)
            return self._name(
                head_words, seg_start, at + len(head_words[-1]) if at >= 0 else seg_start + len(segment)
            )
        if names_only:
            return None
        return self._description(head_words, seg_start, words)

    def _name(self, head_words: list[str], seg_start: int, head_end: int) -> _Entity | None:
        art = self.article
        runs = art.names_in(seg_start, head_end + 1)
        lower = [_bare(w) for w in head_words]
        bare = lower[-1]
        if _group_word(bare) and bare[:-1] in art.person_surnames:
            family = [e for e in art.entities if e.surname == bare[:-1]]
            return (
                self._described("named_person", [f"the {head_words[-1]}"], seg_start, key=f"the {bare}")
                if family
                else None
            )
        if _group_word(bare) and not runs:
            return self._described("anonymous_group", head_words, seg_start)
        if runs:
            return runs[-1][1]
        if bare in _ORG_WORDS:
            return self._named("institution", " ".join(head_words), seg_start)
        if bare in art.person_surnames or bare in lx.MALE_NAMES | lx.FEMALE_NAMES:
            run = _NameRun(
                seg_start, head_end, [_POSSESSIVE.sub("", head_words[-1])], "named_person", set(), None
            )
            return art._entity_for_name(run)
        if bare in self.article.lower_words or bare in _COMMON:
            return self._description([w.lower() for w in head_words], seg_start)
        if bare.endswith(("ers", "ors", "ists", "ians")) and len(head_words) <= 2:
            # "Reformers", "Many Protesters": people named by what they do, not by name
            return self._described("anonymous_group", head_words, seg_start)
        return self._named("named_person", _POSSESSIVE.sub("", head_words[-1]), seg_start)

    def _together(self, people: list[_Entity], at: int) -> _Entity:
        """ "Mr. Rubio and Senator Ted Cruz", "Khizr and Ghazala Khan": people speaking together,
        one source ("the Khans" when they share a name)."""
        # a lone first name shares the surname after it: "Khizr and Ghazala Khan"
        surnames = {p.surname for p in people if len(p.name) > 1} or {p.surname for p in people}
        key = (
            f"the {surnames.pop()}s" if len(surnames) == 1 else " and ".join(p.surname or "" for p in people)
        )
        return self._described("named_person", [" and ".join(p.label for p in people)], at, key=key)

    def _named(self, kind: str, name: str, at: int) -> _Entity:
        words = [w for w in _WORD.findall(name) if w.lower() != "the"]
        key = " ".join(_bare(w) for w in words)
        for entity in self.article.entities:
            if entity.kind == kind and entity.head is None and " ".join(_bare(w) for w in entity.name) == key:
                return entity
        entity = _Entity(kind, words, " ".join(words), positions=[at])
        self.article.entities.append(entity)
        return entity

    def _description(self, head_words: list[str], at: int, words: list[str] | None = None) -> _Entity | None:
        art = self.article
        lower = [_bare(w) for w in head_words]
        head, first = lower[-1], lower[0]
        words = words or head_words
        all_lower = [_bare(w) for w in words]
        if head in _PARTITIVE and len(all_lower) > len(lower) and all_lower[len(lower)] == "of":
            # "a batch of emails", "one of his aides", "59 percent of voters"
            rest = _head_part(words[len(lower) + 1 :])
            inner = self._description(rest, at) if rest and not _is_cap(rest[-1]) else None
            if inner is not None and inner.kind == "document":
                return inner
            kind = "anonymous_individual" if head in ("one",) and first in ("one",) else "anonymous_group"
            return self._described(kind, words, at)
        if first in _QUANTITIES or first.isdigit() or head in _QUANTITIES:
            if head in lx.DOCUMENT or head.rstrip("s") in lx.DOCUMENT:
                return self._described("document", head_words, at, new=True)
            return self._described(
                "anonymous_group" if first != "one" else "anonymous_individual", head_words, at
            )
        possessor = None
        for k, word in enumerate(head_words[:-1]):
            if (_POSSESSIVE.search(word) and word.lower() != "its") or word.lower() in _POSSESSIVE_PRONOUNS:
                possessor = k
        definite = first in _DEFINITE or possessor is not None or self.definite_before
        singular = head[:-1] if _plural(head) and head.endswith("s") else head
        if head in _ACCOUNTS and possessor is not None:
            owner = self._owner_entity(head_words, possessor, at)
            if owner is not None:
                return owner
        if head in lx.NOT_AGENT or singular in lx.NOT_AGENT:
            return None
        if head in lx.DOCUMENT or singular in lx.DOCUMENT:
            if definite and possessor is None and len(lower) <= 3:
                earlier = art.last(at, lambda e: e.kind == "document" and e.head in (head, singular), 4000)
                if earlier is not None:
                    return earlier
            return self._described("document", head_words, at, new=not definite)
        if head in lx.INSTITUTION or singular in lx.INSTITUTION:
            if possessor is None and (
                first
                in (
                    "a",
                    "an",
                    "another",
                    "several",
                    "some",
                    "many",
                    "multiple",
                    "other",
                    "various",
                    "numerous",
                )
                or (_plural(head) and first not in _DEFINITE | {"both"})
            ):
                return self._described("anonymous_group", head_words, at)
            if _plural(head) and first in ("both", "the", "these", "those") and possessor is None:
                return self._described("institution", head_words, at)
            whose = self._owner(head_words, possessor, at)
            if whose:
                return self._described(
                    "institution", head_words, at, key=f"{whose} {singular}", label=f"{whose} {singular}"
                )
            earlier = art.last(
                at, lambda e: e.kind == "institution" and e.head in (head, singular), 3000
            ) or art.last(at, lambda e: e.kind == "institution" and e.head is None, 800)
            if earlier is not None:
                return earlier
            return self._described("institution", head_words, at)
        if _plural(head) or head in lx.GROUP:
            return self._described("anonymous_group", head_words, at)
        if head in lx.INDIVIDUAL or head.endswith(("er", "or", "ist", "ian", "ant", "ent", "man", "woman")):
            if definite and possessor is None:
                earlier = self._takes_up(head, lower, at)
                if earlier is not None:
                    return earlier
            return self._described("anonymous_individual", head_words, at)
        if first in _DEFINITE and head in ("one", "other", "ones"):
            return None
        return self._described("anonymous_individual", head_words, at)

    def _owner_entity(self, head_words: list[str], possessor: int, at: int) -> _Entity | None:
        word = head_words[possessor]
        if word.lower() in _POSSESSIVE_PRONOUNS:
            gender = _PERSONAL.get(word.lower())
            return self._person_pronoun(at, gender) if gender else None
        runs = self.article.names_in(at, at + len(" ".join(head_words)) + 2)
        return runs[0][1] if runs else None

    def _owner(self, head_words: list[str], possessor: int | None, at: int) -> str:
        """Whose institution it is: "his campaign", "the Clinton campaign", "Mrs. Clinton's
        presidential campaign" -> the campaign of that person."""
        if possessor is None:
            names = [w for w in head_words[:-1] if _is_cap(w) and w.lower() != "the"]
            if not names:
                return ""
            runs = self.article.names_in(at, at + len(" ".join(head_words)) + 2)
            if runs and runs[0][1].kind == "named_person":
                return runs[0][1].surname or ""
            return " ".join(_bare(w) for w in names)
        entity = self._owner_entity(head_words, possessor, at)
        if entity is not None:
            return (
                entity.surname if entity.kind == "named_person" and entity.surname else entity.label.lower()
            )
        return _bare(head_words[possessor])

    def _takes_up(self, head: str, lower: list[str], at: int) -> _Entity | None:
        """The person a definite description takes up: "the senator" the person named with
        that role ("Sen. Ted Cruz"), "the spokesman" the spokesman described before, "the
        candidate" (no one named with that role) the person the text names most."""
        art = self.article
        role = lx.TITLE_ROLES.get(head, head)
        words = {lx.TITLE_ROLES.get(w, w) for w in lower} - _FUNCTION_WORDS - _DEFINITE

        def overlap(e: _Entity) -> int:
            return len(words & e.roles) if role in e.roles else 0

        named = [
            e
            for e in art.entities
            if e.kind == "named_person" and e.head is None and overlap(e) and e.last_before(at) is not None
        ]
        if named:
            return max(named, key=lambda e: (overlap(e), e.last_before(at) or 0))
        described = art.last(at, lambda e: e.kind == "anonymous_individual" and e.head == head, 4000)
        if described is not None:
            return described
        if head in lx.REFERRING_ROLES:
            gender = "f" if head in lx.FEMALE_WORDS else "m" if head in lx.MALE_WORDS else None
            people = [
                e
                for e in art.entities
                if e.kind == "named_person"
                and e.head is None
                and e.last_before(at) is not None
                and gender in (None, e.gender)
                and " and " not in e.label
            ]
            if people:
                return max(
                    people,
                    key=lambda e: (art.salience.get(id(e), 0) + len(e.as_source), e.last_before(at) or 0),
                )
        return None

    def _described(
        self,
        kind: str,
        head_words: list[str],
        at: int,
        key: str | None = None,
        label: str | None = None,
        new: bool = False,
    ) -> _Entity:
        """The source a description is: the same words (determiners aside) are one source."""
        lower = [_bare(w) for w in head_words if _bare(w) not in _DEFINITE | {"a", "an"}] or [
            _bare(head_words[-1])
        ]
        key = key or " ".join(lower)
        for entity in self.article.entities:
            if (
                entity.kind == kind
                and entity.head is not None
                and (
                    (" ".join(entity.name) == key and not new)
                    or (kind == "document" and at in entity.positions)
                )
            ):
                return entity
        head = lower[-1].split()[-1] if lower[-1] else lower[-1]
        gender = "f" if head in lx.FEMALE_WORDS else "m" if head in lx.MALE_WORDS else None
        entity = _Entity(
            kind,
            key.split(),
            label or " ".join(head_words),
            gender=gender,
            head=head,
            roles={lx.TITLE_ROLES.get(head, head)},
            positions=[at],
        )
        self.article.entities.append(entity)
        return entity


def group(text: str, mentions: list[Span], publisher: str | None = None) -> dict[Span, Source | None]:
    """Each source mention's source, mentions in text order; mentions of one source share it;
    None for a mention that names no source (its attribution's source is unstated)."""
    resolver = _Resolver(text, publisher, mentions)
    result: dict[Span, Source | None] = {}
    keys: set[str] = {"publisher", "unstated"}
    for span in resolver.mentions:
        resolver.resolve(span)
    resolver.name_the_headline()
    for span in resolver.mentions:
        found = resolver.done[span]
        if found is None:
            result[span] = None
            continue
        if isinstance(found, Source):  # the publisher
            found.mentions.append(span)
            result[span] = found
            continue
        if found.source is None:
            base = slug(
                found.name[-1]
                if found.kind == "named_person" and found.head is None and found.name
                else found.label
            )
            key, n = base, 2
            while key in keys:
                key, n = f"{base}-{n}", n + 1
            keys.add(key)
            found.source = Source(key, found.kind, found.label)
        source = found.source
        mention = text[span[0] : span[1]].strip()
        if found.kind == "named_person" and found.head is None:
            source.label = found.label
        elif found.kind not in ("institution",) and len(mention) > len(source.label):
            source.label = mention
        source.mentions.append(span)
        result[span] = source
    return result


def kind_of(mention: str, publisher: str | None = None) -> str:
    """The kind of source a mention standing alone is (its text is the whole article);
    "unstated" when it names no one who can speak."""
    found = group(mention, [(0, len(mention))], publisher)[(0, len(mention))]
    return found.kind or "unstated" if found else "unstated"
