"""A linked corpus's index (``kgtool link --index``): what linking compares of each claim (the
articles' publishers, dates and credits, each claim's source and words, normalised, with its
shingles and content words) and the links found, so that an article can be added (``kgtool
link --add``) and the corpus audited (``kgtool audit --corpus --index``) without reading the
claims graphs again.

An SQLite database: adding an article reads the posting lists of its own features only, and
writes its rows in one transaction; an index made anew is written beside and renamed over.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from kgtool.corpus_claims import Article, Corpus, Occurrence
from kgtool.errors import InputError
from kgtool.linking.finding import Features, Link, LinkIndex, Update

FORMAT = "kgtool link index"
VERSION = "1"
#: what to do about an index that cannot be used (the CLI names its flag and command)
_REDO = "write the index again from the corpus's claims graphs"
_AGAIN = {"options": ("index_path",), "commands": ("link",)}

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    iri TEXT PRIMARY KEY, publisher TEXT, publisher_label TEXT, names TEXT NOT NULL, date TEXT,
    url TEXT, credits TEXT NOT NULL);
CREATE TABLE claims (
    claim TEXT PRIMARY KEY, article TEXT NOT NULL, source TEXT, source_label TEXT, kind TEXT,
    named INTEGER NOT NULL, unnamed INTEGER NOT NULL, affiliations TEXT NOT NULL, mode TEXT,
    words TEXT NOT NULL, content TEXT, negated INTEGER NOT NULL,
    text TEXT NOT NULL, shingles INTEGER NOT NULL, content_words INTEGER NOT NULL);
CREATE TABLE features (kind TEXT NOT NULL, feature TEXT NOT NULL, claim TEXT NOT NULL);
CREATE TABLE links (
    online INTEGER NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, relation TEXT NOT NULL,
    object TEXT NOT NULL, method TEXT NOT NULL, score REAL NOT NULL);
"""
_FEATURES_INDEX = "CREATE INDEX features_by_feature ON features (kind, feature)"


def write_index(update: Update, path: str | Path) -> None:
    """Write what a linking gives into the index at ``path``: a new index when the update
    rewrites it, else the added article's rows, in one transaction."""
    if update.rewrite:
        _write_new(update, Path(path))
        return
    with _opened(path, write=True) as db, db:  # one transaction: all of it or nothing
        _insert(db, update, [a for a in update.corpus.articles.values() if _absent(db, a.iri)])
        db.execute("DELETE FROM links WHERE online = 0")
        db.executemany("INSERT INTO links VALUES (0, ?, ?, ?, ?, ?, ?)", map(_row, update.stances or ()))


def read_index(path: str | Path) -> LinkIndex:
    """The index at ``path``, or an InputError naming the file and what to do."""
    with _opened(path) as db:
        stance = dict(db.execute("SELECT key, value FROM meta"))["stance"] == "yes"
        articles = {}
        for iri, publisher, label, names, date, url, credits in db.execute("SELECT * FROM articles"):
            credited = {agent: set(agent_names) for agent, agent_names in json.loads(credits).items()}
            articles[iri] = Article(iri, publisher, label, set(json.loads(names)), date, url, credited)
        claims, texts, sizes = {}, {}, {}
        for row in db.execute("SELECT * FROM claims"):
            claim, article, source, label, kind, named, unnamed, affiliations, mode, words = row[:10]
            content = json.loads(row[10]) if row[10] else None
            claims[claim] = Occurrence(
                claim, article, source, label, kind, bool(named), bool(unnamed),
                set(json.loads(affiliations)), mode, words, tuple(content) if content else None,
                bool(row[11]),
            )  # fmt: skip
            texts[claim], sizes[claim] = row[12], (row[13], row[14])
        links: dict[int, list[Link]] = defaultdict(list)
        for online, *link in db.execute("SELECT * FROM links ORDER BY rowid"):
            links[online].append(Link(*link))
    return LinkIndex(
        Corpus(articles, claims),
        texts,
        sizes,
        links[1],
        links[0] if stance else None,
        lambda kind, wanted: _lookup(path, kind, wanted),
        lambda: _every(path, texts),
    )


def _lookup(path: str | Path, kind: str, wanted: set[str]) -> dict[str, list[str]]:
    """The posting lists of the features ``wanted``."""
    out: dict[str, list[str]] = defaultdict(list)
    with _opened(path) as db:
        db.execute("CREATE TEMP TABLE wanted (feature TEXT PRIMARY KEY)")
        db.executemany("INSERT INTO wanted VALUES (?)", ((f,) for f in wanted))
        # IN, not a join: SQLite then looks each feature up by the index on (kind, feature)
        query = "SELECT feature, claim FROM features WHERE kind = ? AND feature IN (SELECT * FROM wanted)"
        for feature, claim in db.execute(query, (kind,)):
            out[feature].append(claim)
    return out


def _every(path: str | Path, texts: dict[str, str]) -> dict[str, Features]:
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"shingles": set(), "words": set()})
    with _opened(path) as db:
        for kind, feature, claim in db.execute("SELECT kind, feature, claim FROM features"):
            found[claim][kind].add(feature)
    return {
        claim: Features(text, frozenset(found[claim]["shingles"]), frozenset(found[claim]["words"]))
        for claim, text in texts.items()
    }


def _write_new(update: Update, path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(temporary)) as db, db:
            db.executescript(_SCHEMA)
            stance = "no" if update.stances is None else "yes"
            meta = [("format", FORMAT), ("version", VERSION), ("stance", stance)]
            db.executemany("INSERT INTO meta VALUES (?, ?)", meta)
            _insert(db, update, list(update.corpus.articles.values()))
            db.executemany("INSERT INTO links VALUES (0, ?, ?, ?, ?, ?, ?)", map(_row, update.stances or ()))
            db.execute(_FEATURES_INDEX)
        os.replace(temporary, path)
    except OSError as error:
        raise InputError(f"{path}: cannot write the index ({error.strerror})", "write it elsewhere") from None
    finally:
        temporary.unlink(missing_ok=True)


def _insert(db: sqlite3.Connection, update: Update, articles: list[Article]) -> None:
    """The rows of ``articles``, of the claims whose features the update holds, and of its links
    found claim by claim."""
    db.executemany(
        "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (a.iri, a.publisher, a.publisher_label, json.dumps(sorted(a.names)), a.date, a.url,
             json.dumps({agent: sorted(names) for agent, names in sorted(a.credits.items())}))
            for a in articles
        ),
    )  # fmt: skip
    claims = update.corpus.claims
    db.executemany(
        "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (o.claim, o.article, o.source, o.source_label, o.kind, o.named, o.unnamed,
             json.dumps(sorted(o.affiliations)), o.mode, o.words,
             json.dumps(o.content) if o.content else None, o.negated, found.text, len(found.shingles),
             len(found.words))
            for o, found in ((claims[c], f) for c, f in update.features.items())
        ),
    )  # fmt: skip
    db.executemany(
        "INSERT INTO features VALUES (?, ?, ?)",
        (
            (kind, feature, claim)
            for claim, found in update.features.items()
            for kind, mine in (("shingles", found.shingles), ("words", found.words))
            for feature in mine
        ),
    )
    db.executemany("INSERT INTO links VALUES (1, ?, ?, ?, ?, ?, ?)", map(_row, update.online))


def _absent(db: sqlite3.Connection, article: str) -> bool:
    return db.execute("SELECT 1 FROM articles WHERE iri = ?", (article,)).fetchone() is None


def _row(link: Link) -> tuple[str, str, str, str, str, float]:
    return link.kind, link.subject, link.relation, link.object, link.method, link.score


@contextmanager
def _opened(path: str | Path, write: bool = False) -> Iterator[sqlite3.Connection]:
    """The index at ``path``, checked to be one; an InputError otherwise. Read only unless
    ``write``: an index one may not change can still be audited."""
    if not Path(path).is_file():
        raise InputError(f"{path}: no such index", _REDO, **_AGAIN)
    try:
        mode = "rw" if write else "ro"
        with closing(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode={mode}", uri=True)) as db:
            meta = dict(db.execute("SELECT key, value FROM meta"))
            if meta.get("format") != FORMAT:
                raise InputError(f"{path}: not a kgtool link index", _REDO, **_AGAIN)
            if meta.get("version") != VERSION:
                raise InputError(
                    f"{path}: an index of version {meta.get('version')}, not {VERSION}", _REDO, **_AGAIN
                )
            yield db
    except sqlite3.DatabaseError as error:
        raise InputError(f"{path}: not a kgtool link index ({error})", _REDO, **_AGAIN) from None
