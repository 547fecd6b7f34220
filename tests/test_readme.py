"""The README's two commands stay true: they install from the project and name real commands."""

from __future__ import annotations

import re
import shlex
import subprocess
import tomllib
from pathlib import Path

from kgtool.cli.program import cli

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```sh\n(.*?)\n```$", text, flags=re.S | re.M)


def steps(command: str) -> list[list[str]]:
    return [shlex.split(part) for part in command.split("&&")]


def test_readme_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_heading_body = text.split("\n", 1)[1].lstrip()
    assert first_heading_body.startswith("```sh"), "the commands must come first"
    assert len(readme_commands()) >= 2


def test_install_command_installs_the_project_and_runs_the_main_job():
    install = steps(readme_commands()[0])
    assert ["python3", "-m", "venv", ".venv"] in install
    assert [".venv/bin/pip", "install", "."] in install
    runs = [s for s in install if s[0] == ".venv/bin/kgtool"]
    assert runs, "the first command must run kgtool"
    for step in runs:
        subcommand = next((a for a in step[1:] if not a.startswith("-")), None)
        assert subcommand is None or subcommand in cli.commands, step


def test_test_command_installs_the_test_extra_and_runs_pytest():
    test = steps(readme_commands()[1])
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    installs = [s for s in test if s[:2] == [".venv/bin/pip", "install"]]
    extras = {m for s in installs for a in s for m in re.findall(r"^\.\[(.+)\]$", a)}
    assert extras and extras <= set(project["optional-dependencies"])
    assert test[-1] == [".venv/bin/python", "-m", "pytest"]


def test_ci_runs_the_readme_test_command():
    done = subprocess.run(
        [
            "awk",
            r"/^```sh$/ {n++; inside=1; next} /^```$/ {inside=0} inside && n == 2",
            str(ROOT / "README.md"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == readme_commands()[1]
    assert "README.md" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _readme_commands_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("command_docs", ROOT / "scripts" / "command_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_commands_table_is_the_one_the_help_generates():
    script = _readme_commands_script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert script.block() in readme, "run: python scripts/command_docs.py --write"


def test_the_commands_page_is_the_one_the_help_generates():
    script = _readme_commands_script()
    page = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert page == script.reference(), "run: python scripts/command_docs.py --write"
    assert page.count("\n## kgtool ") == len(script._leaves(cli)) >= 12


def test_commands_that_read_rdf_share_the_input_options_the_readme_names():
    shared = _readme_commands_script().SHARED_INPUT
    readers = [c for c in cli.commands.values() if any(p.name == "data" for p in c.params)]
    assert len(readers) >= 7
    for command in readers:
        assert shared <= {p.name for p in command.params}, command.name
