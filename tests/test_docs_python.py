"""The Python API (issue 23): ``import kgtool`` gives what docs/python.md shows, light to import,
and the page's examples run as written."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import pytest

import kgtool

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "python.md"


def test_the_examples_of_the_python_page_run(monkeypatch):
    if not (ROOT.parent / "shared" / "article").is_dir():
        pytest.skip("the article snapshot (../shared/article) is not here")  # CI has it
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        str(PAGE), module_relative=False, optionflags=doctest.ELLIPSIS, raise_on_error=False, report=True
    )
    assert result.attempted > 30  # the page's examples were found
    assert result.failed == 0


def test_every_public_name_resolves_and_is_on_the_page():
    page = PAGE.read_text(encoding="utf-8")
    names = [name for name in kgtool.__all__ if name != "__version__"]
    assert len(names) > 15
    for name in names:
        assert getattr(kgtool, name) is not None
        assert f"kgtool.{name}" in page, f"docs/python.md does not show kgtool.{name}"


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        kgtool.nothing  # noqa: B018


def test_import_kgtool_stays_light():
    code = (
        "import sys, kgtool; heavy = [m for m in ('rdflib', 'pyoxigraph', 'pyshacl', "
        "'starlette') if m in sys.modules]; print(heavy); sys.exit(bool(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


def test_all_names_exactly_what_is_exported():
    assert sorted(set(kgtool.__all__) - {"__version__"}) == sorted(kgtool._EXPORTS)
