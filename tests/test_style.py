"""The code is ruff clean and its types check (configuration in pyproject.toml under
[tool.ruff.lint] and [tool.mypy])."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    for command in (["check"], ["format", "--check"]):
        done = subprocess.run([ruff, *command, str(ROOT)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_types_check():
    # mypy over the package, as configured in pyproject.toml ([tool.mypy]: packages = kgtool)
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(ROOT / ".mypy_cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _modules() -> list[Path]:
    """kgtool's modules, and the corpus generator that writes the same vocabulary."""
    modules = sorted((ROOT / "kgtool").rglob("*.py"))
    assert len(modules) > 30
    return [m for m in modules if m.name != "namespaces.py"] + [ROOT / "benchmarks" / "corpus.py"]


@pytest.mark.parametrize("module", _modules(), ids=lambda m: m.name)
def test_namespaces_are_named_in_namespaces_py_only(module):
    # a namespace IRI as a string of its own (not inside a query's text) is a second definition
    import re

    from kgtool.namespaces import DCT, PROV, RDF, RDFS

    text = module.read_text(encoding="utf-8")
    for namespace in (RDF, RDFS, PROV, DCT):
        assert not re.search(f"[\"']{re.escape(str(namespace))}", text), namespace
