"""Compile an assessments file (TOML, written by analysts) into the assessments graph.

A file of its own, beside the annotation file, rather than a command that appends: analysts
review and argue over grades as they review claims, in a file that diffs and merges, and the
graph is rebuilt from it byte for byte. The format is in docs/assessments.md.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from kgtool.assessment.records import CREDIBILITY, RELIABILITY, Analyst, Assessment, aspect_of, revisions
from kgtool.errors import InputError
from kgtool.input_files import regular_file
from kgtool.namespaces import BASE, PREFIXES

_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FIELDS = {"analyst", "time", "source", "claim", "cluster", "grade", "reason"}
#: what each field grades: ``cluster`` names a claim and grades it wherever it appears
_TARGETS = {"source": RELIABILITY, "claim": CREDIBILITY, "cluster": CREDIBILITY}


def read_toml(path: Path) -> dict[str, Any]:
    regular_file(path, "assessments")
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: byte {e.start} is not UTF-8", "save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{path}: {e}", "fix the TOML syntax") from None
    except RecursionError:
        raise InputError(f"{path}: nested too deeply", "an assessments file is flat tables") from None


def expand(name: str) -> str | None:
    """A compact name as kgtool prints it (``claim:denial``, ``entity:un``) or a whole IRI."""
    prefix, colon, rest = name.partition(":")
    if colon and prefix in PREFIXES and not rest.startswith("//"):
        return PREFIXES[prefix] + rest
    return name if re.match(r"^https?://\S+$", name) else None


def compile_assessments(path: str | Path) -> list[Assessment]:
    """The assessments of the file, checked: every analyst declared, every grade of the scale
    its target takes, every time with its time zone, a reason for each."""
    path = Path(path)
    data = read_toml(path)
    unknown = sorted(set(data) - {"analysts", "assessments"})
    if unknown:
        raise InputError(f"{path}: unknown table {unknown[0]!r}", "use [analysts.KEY] and [[assessments]]")
    analysts = {}
    for key, table in (data.get("analysts") or {}).items():
        where = f"{path}: [analysts.{key}]"
        if not _KEY.match(key) or not isinstance(table, dict):
            raise InputError(f"{where}: the key must be lower-case words joined by '-'", "rename it")
        name = table.get("name")
        if not isinstance(name, str) or not name.strip() or set(table) != {"name"}:
            raise InputError(f"{where}: needs a name and nothing else", 'write name = "..."')
        analysts[key] = Analyst(f"{BASE}analyst/{key}", name.strip())
    entries = data.get("assessments") or []
    if not isinstance(entries, list):
        raise InputError(f"{path}: 'assessments' must be an array of tables", "write [[assessments]]")
    found = [_assessment(f"{path}: assessment {n}", entry, analysts) for n, entry in enumerate(entries, 1)]
    try:
        revisions(found)  # refuses two grades of one thing by one analyst at the same time
    except InputError as e:
        raise InputError(f"{path}: {e.message}", e.hint) from None
    return found


def _assessment(where: str, entry: Any, analysts: dict[str, Analyst]) -> Assessment:
    if not isinstance(entry, dict):
        raise InputError(f"{where}: not a table", "write [[assessments]] and its fields")
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise InputError(f"{where}: unknown field {unknown[0]!r}", f"use {', '.join(sorted(_FIELDS))}")
    analyst = analysts.get(str(entry.get("analyst")))
    if analyst is None:
        raise InputError(f"{where}: analyst {entry.get('analyst')!r} is not declared", "add [analysts.KEY]")
    targets = [field for field in _TARGETS if field in entry]
    if len(targets) != 1:
        raise InputError(
            f"{where}: grade one source, one claim or one claim's cluster",
            "give one of source =, claim = or cluster =",
        )
    (field,) = targets
    assessed = expand(str(entry[field]))
    if assessed is None:
        prefix = "source" if field == "source" else "claim"
        raise InputError(
            f"{where}: {field} {entry[field]!r} is not an IRI", f'write e.g. {field} = "{prefix}:KEY"'
        )
    grade = str(entry.get("grade", "")).upper()
    if aspect_of(grade) != _TARGETS[field]:
        scale = "a letter A to F" if field == "source" else "a digit 1 to 6"
        what = "a claim's cluster" if field == "cluster" else f"a {field}"
        raise InputError(f"{where}: grade {entry.get('grade')!r} does not grade {what}", f"give {scale}")
    time = entry.get("time")
    if not isinstance(time, dt.datetime) or time.tzinfo is None:
        raise InputError(
            f"{where}: time must be a date and time with its zone", "write e.g. time = 2026-12-01T10:00:00Z"
        )
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise InputError(f"{where}: no reason given", "say in words why this grade")
    return Assessment(analyst, _TARGETS[field], assessed, grade, time, reason.strip(), field == "cluster")
