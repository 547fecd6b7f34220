"""Shared fixtures: the repository root, the article snapshot, a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgtool.snapshot import ARTICLE_ENV

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_NAME = "iraq-iran-power-centres.txt"


def find_article() -> Path | None:
    candidates = [os.environ.get(ARTICLE_ENV), ROOT.parent / "shared" / "article" / SNAPSHOT_NAME]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def article_path() -> Path:
    """The article snapshot; in CI its absence is a failure, elsewhere a skip with the reason."""
    path = find_article()
    if path is None:
        message = f"article snapshot not found: set {ARTICLE_ENV} or put it in ../shared/article/"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def kgtool(runner):
    """Invoke the CLI in-process: kgtool("audit", "--format", "json")."""
    from kgtool.cli import cli

    def invoke(*args: str, input: str | bytes | None = None):
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke
