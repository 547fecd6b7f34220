"""A linked corpus's index (``kgtool link --index``): what linking compares of each claim (the
articles' publishers, dates and credits, each claim's source, words normalised, shingles and
content words) and the links found, as one JSON file, so that an article can be added
(``kgtool link --add``) and the corpus audited without reading the claims graphs again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kgtool.corpus_claims import Corpus, article_from_dict, occurrence_from_dict, to_dicts
from kgtool.errors import InputError
from kgtool.input_files import regular_file
from kgtool.linking.finding import Features, Link, LinkIndex
from kgtool.output import emit
from kgtool.version import __version__

FORMAT = "kgtool link index"
VERSION = 1


def write_index(index: LinkIndex, path: str | Path) -> None:
    """The index as JSON, written atomically."""
    articles, claims = to_dicts(index.corpus)
    for claim in claims:
        found = index.features[claim["claim"]]
        claim["features"] = [found.text, sorted(found.shingles), sorted(found.words)]
    data = {
        "format": FORMAT,
        "version": VERSION,
        "kgtool": __version__,
        "articles": articles,
        "claims": claims,
        "online": [_link(link) for link in index.online],
        "stances": None if index.stances is None else [_link(link) for link in index.stances],
    }
    emit(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() + b"\n", path)


def read_index(path: str | Path) -> LinkIndex:
    """The index a file holds, or an InputError naming the file and what to do."""
    redo = "make it again with kgtool link -d ... --index FILE"
    regular_file(Path(path), "index")
    try:
        data = json.loads(Path(path).read_bytes())
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})", "give the file --index wrote") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: not JSON ({error})", redo) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"{path}: not a kgtool link index", redo)
    if data.get("version") != VERSION:
        raise InputError(f"{path}: an index of version {data.get('version')}, not {VERSION}", redo)
    try:
        articles = {a["iri"]: article_from_dict(a) for a in data["articles"]}
        claims, features = {}, {}
        for entry in data["claims"]:
            text, shingles, words = entry.pop("features")
            claims[entry["claim"]] = occurrence_from_dict(entry)
            features[entry["claim"]] = Features(text, frozenset(shingles), frozenset(words))
        stances = data["stances"]
        return LinkIndex(
            Corpus(articles, claims),
            features,
            [Link(*link) for link in data["online"]],
            None if stances is None else [Link(*link) for link in stances],
        )
    except (KeyError, TypeError, ValueError) as error:
        damage = f"{type(error).__name__}: {error}"
        raise InputError(f"{path}: a damaged kgtool link index ({damage})", redo) from None


def _link(link: Link) -> list[Any]:
    return [link.kind, link.subject, link.relation, link.object, link.method, link.score]
