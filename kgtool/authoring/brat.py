"""Reading brat standoff attribution annotations (the PolNeAR and PARC layout).

A corpus folder holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann`` (or
``NAME.ann``). In a ``.ann`` file, ``T`` lines are spans (``ID<TAB>TYPE START END;START
END<TAB>TEXT``, code-point offsets, the fragments' texts joined by one space) and ``E`` lines
join them into one attribution (``ID<TAB>Attribution:T4 Source:T3 Cue:T2 Content:T1``). A span
whose text runs over a line break continues on the next lines of the file. Every span is
checked against the text at its offsets: annotations of another version of the text would
anchor every claim in the wrong words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kgtool.errors import InputError
from kgtool.snapshot import Snapshot, read_snapshot

#: The event types of an attribution: with a source in the text, and without one.
ATTRIBUTION, NO_SOURCE = "Attribution", "Attribution-no-source"
#: The span types an attribution is made of.
PARTS = ("Content", "Cue", "Source")
#: Annotator housekeeping (comments, spans set aside): known, and not attributions.
HOUSEKEEPING = ("Discuss", "Discard")
_RECORD = re.compile(r"^([TEARNM#*]\d*)\t")
_FRAGMENT = re.compile(r"^(\d+) (\d+)$")


@dataclass(frozen=True)
class TextBound:
    ident: str
    type: str
    fragments: tuple[tuple[int, int], ...]
    text: str
    line: int


@dataclass(frozen=True)
class Attribution:
    ident: str
    type: str  # ATTRIBUTION or NO_SOURCE
    trigger: TextBound
    parts: dict[str, list[TextBound]]  # "Content" (Content2 ... too), "Cue", "Source"


@dataclass
class Document:
    """One article: its text and the attributions of one annotator."""

    name: str
    snapshot: Snapshot
    annotation: Path | None
    attributions: list[Attribution] = field(default_factory=list)
    annotator: str = ""  # NAME_ANNOTATOR.ann's ANNOTATOR; "" for NAME.ann or none
    span_types: Counter = field(default_factory=Counter)  # every T line, by type
    other_records: Counter = field(default_factory=Counter)  # notes (#), relations (R) ...


def _fail(path: Path, line: int, message: str, hint: str) -> None:
    raise InputError(f"{path}:{line}: {message}", hint)


def _records(path: Path) -> list[tuple[int, str]]:
    """The records of a .ann file with their line numbers, a span's text across line breaks
    joined back."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: byte {e.start} is not UTF-8", "give the file as UTF-8") from None
    if lines and lines[-1] == "":  # the newline that ends the file
        lines.pop()
    records: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if _RECORD.match(line) or not records or not records[-1][1].startswith("T"):
            records.append((number, line))
        else:  # the span's text went on past a line break of the text
            records[-1] = (records[-1][0], f"{records[-1][1]}\n{line}")
    return records


def _span(path: Path, line: int, record: str, text: str) -> TextBound:
    parts = record.split("\t", 2)
    if len(parts) != 3 or " " not in parts[1]:
        _fail(path, line, f"{record[:60]!r} is not a span (ID, TYPE START END, TEXT)", "fix the line")
    kind, offsets = parts[1].split(" ", 1)
    fragments = []
    for fragment in offsets.split(";"):
        found = _FRAGMENT.match(fragment)
        start, end = (int(found.group(1)), int(found.group(2))) if found else (-1, -1)
        if not 0 <= start < end <= len(text):
            _fail(
                path,
                line,
                f"span {parts[0]}: offsets {fragment!r} are not a span of the text ({len(text)} characters)",
                "fix the offsets",
            )
        fragments.append((start, end))
    expected = " ".join(text[s:e] for s, e in fragments)
    if parts[2] != expected:
        _fail(
            path,
            line,
            f"span {parts[0]} {offsets}: its text {parts[2][:40]!r} is not the "
            f"text at its offsets ({expected[:40]!r})",
            "annotate the text the offsets refer to, or fix the offsets",
        )
    return TextBound(parts[0], kind, tuple(fragments), parts[2], line)


def read_document(name: str, snapshot: Snapshot, annotation: Path | None) -> Document:
    """The attributions of ``annotation`` over ``snapshot``, every span checked against it."""
    document = Document(name, snapshot, annotation)
    if annotation is None:
        return document
    spans: dict[str, TextBound] = {}
    events: list[tuple[int, str]] = []
    defined: dict[str, int] = {}  # T and E ids, by the line that defines them
    for line, record in _records(annotation):
        if record.startswith(("T", "E")):
            # a second definition would replace a span's text, or merge two attributions into
            # one claim, in silence
            ident = record.split("\t", 1)[0]
            if ident in defined:
                _fail(
                    annotation,
                    line,
                    f"{ident} is defined again (first on line {defined[ident]})",
                    "give every span and event an id of its own",
                )
            defined[ident] = line
        if record.startswith("T"):
            span = _span(annotation, line, record, snapshot.text)
            spans[span.ident] = span
            document.span_types[span.type] += 1
        elif record.startswith("E"):
            events.append((line, record))
        else:  # not part of an attribution: counted, so that nothing goes unsaid
            document.other_records[record.split("\t", 1)[0].rstrip("0123456789") or "?"] += 1
    for line, record in events:
        document.attributions.append(_attribution(annotation, line, record, spans))
    return document


def _attribution(path: Path, line: int, record: str, spans: dict[str, TextBound]) -> Attribution:
    ident, _, arguments = record.partition("\t")
    roles = [a.split(":", 1) for a in arguments.split()]
    if not roles or any(len(r) != 2 or r[1] not in spans for r in roles):
        _fail(
            path,
            line,
            f"event {ident}: {arguments.strip()[:60]!r} names a span that is not defined",
            "define every span the event names with a T line",
        )
    (kind, trigger), *rest = roles
    if kind not in (ATTRIBUTION, NO_SOURCE):
        _fail(
            path,
            line,
            f"event {ident} is of type {kind!r}, not an attribution",
            f"use {ATTRIBUTION} or {NO_SOURCE}",
        )
    parts: dict[str, list[TextBound]] = {part: [] for part in PARTS}
    for role, target in rest:
        base = role.rstrip("0123456789")  # Content2: a second content span
        if base not in parts:
            _fail(
                path,
                line,
                f"event {ident}: unknown role {role!r}",
                f"use {', '.join(PARTS)} (a number may follow: Content2)",
            )
        parts[base].append(spans[target])
    return Attribution(ident, kind, spans[trigger], parts)


@dataclass
class Corpus:
    """The documents of a corpus folder, and what was chosen on the way."""

    documents: list[Document]
    several_annotators: dict[str, list[str]]  # article -> its .ann files, the first taken


def _own_file(root: Path, path: Path) -> Path:
    """``path`` if it is a regular file inside the corpus folder ``root``: a link out of it
    would put some other file (``/etc/passwd``) into the graph, and a FIFO or a device would
    block or never end."""
    real = path.resolve()
    if not real.is_relative_to(root):
        raise InputError(f"{path}: a link out of the corpus folder", "copy the file into the folder")
    if not real.is_file():
        raise InputError(f"{path}: not a regular file", "give the texts and annotations as plain files")
    return path


def read_corpus(folder: str | Path, every_annotator: bool = False) -> Corpus:
    """Every text of ``folder/text`` with the first (by name) of its annotation files, or with
    each of them (one document per annotator) when ``every_annotator``."""
    folder = Path(folder)
    texts, notes = folder / "text", folder / "attributions"
    if not texts.is_dir() or not notes.is_dir():
        raise InputError(
            f"{folder}: no text/ and attributions/ folders",
            "give a folder in the brat layout: text/NAME.txt, attributions/NAME_ANNOTATOR.ann",
        )
    root = folder.resolve()
    names = {p.stem: _own_file(root, p) for p in texts.glob("*.txt")}
    if not names:
        raise InputError(f"{texts}: no .txt file", "give the folder that holds the texts")
    files: dict[str, list[Path]] = {name: [] for name in names}
    for ann in sorted(_own_file(root, p) for p in notes.glob("*.ann")):
        name = ann.stem if ann.stem in names else ann.stem.rsplit("_", 1)[0]
        if name not in names:
            raise InputError(f"{ann}: no text {name}.txt in {texts}", "give every annotation file its text")
        files[name].append(ann)
    documents = []
    for name in sorted(names):
        snapshot = read_snapshot(names[name])
        found: list[Path | None] = [*files[name]] or [None]
        for annotation in found if every_annotator else found[:1]:
            document = read_document(name, snapshot, annotation)
            if annotation is not None and annotation.stem != name:
                document.annotator = annotation.stem[len(name) + 1 :]
            documents.append(document)
    several = {name: [p.name for p in found] for name, found in files.items() if len(found) > 1}
    return Corpus(documents, several)


def read_corpora(folders: Iterable[str | Path], every_annotator: bool = False) -> Corpus:
    """The documents of several corpus folders (the splits of one corpus) as one; an article
    name given twice is refused, since its IRI would merge two texts."""
    corpus = Corpus([], {})
    names: Counter = Counter()
    for folder in folders:
        part = read_corpus(folder, every_annotator)
        corpus.documents += part.documents
        corpus.several_annotators |= part.several_annotators
        names.update({d.name for d in part.documents})
    twice = sorted(name for name, n in names.items() if n > 1)
    if twice:
        raise InputError(f"{twice[0]}.txt is in more than one of the folders given", "give each text once")
    return corpus
