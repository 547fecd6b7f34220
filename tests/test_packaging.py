"""An installed kgtool carries the shipped graph: it runs its main job from any directory."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("ontology", "data", "shapes", "queries")


def test_wheel_includes_the_shipped_folders():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert included == {name: f"kgtool/_shipped/{name}" for name in FOLDERS}


def test_installed_kgtool_audits_from_another_directory(tmp_path):
    # From tmp_path the checkout is not on sys.path: this runs the installed package.
    done = subprocess.run(
        [sys.executable, "-m", "kgtool", "audit", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["claims"] > 100
