"""The command line: help, version, the exit-code contract, one-line errors, docs in sync."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from kgtool import __version__
from kgtool.cli.program import cli

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = sorted(cli.commands)


def test_help(kgtool):
    result = kgtool("--help")
    assert result.exit_code == 0
    assert "Exit codes" in result.output
    assert kgtool("-h").output == result.output


def test_version_comes_from_package_metadata(kgtool):
    from importlib.metadata import version

    result = kgtool("--version")
    assert result.exit_code == 0
    assert __version__ == version("kgtool")
    assert result.output.strip() == f"kgtool, version {__version__}"


def _one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kgtool: error: ")
    assert "Traceback" not in result.output
    return lines[0]


def test_unknown_command_is_one_line_exit_2(kgtool):
    line = _one_line_error(kgtool("no-such-command"))
    assert "no-such-command" in line and "--help" in line


def test_unknown_option_is_one_line_exit_2(kgtool):
    _one_line_error(kgtool("formats", "--no-such-option"))


def test_missing_input_file_is_one_line_exit_2(kgtool, tmp_path, article_path):
    missing = tmp_path / "missing.ttl"
    line = _one_line_error(kgtool("coverage", "-d", str(missing), "-a", str(article_path)))
    assert str(missing) in line and "no such file" in line


def test_malformed_input_names_file_line_and_column(kgtool, tmp_path, article_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    line = _one_line_error(kgtool("coverage", "-d", str(bad), "-a", str(article_path)))
    assert f"{bad}: line 2, column" in line


def test_unexpected_errors_are_one_line_and_debug_shows_traceback(monkeypatch, runner):
    import kgtool.cli.program as cli_module

    def boom() -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cli_module, "_list_formats", boom)
    result = runner.invoke(cli, ["formats"])
    line = _one_line_error(result)
    assert "kaboom" in line and "--debug" in line
    result = runner.invoke(cli, ["--debug", "formats"])
    assert result.exit_code == 2 and "Traceback" in result.stderr
    assert "RuntimeError: kaboom" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--data", "/nonexistent.ttl"],
        ["export", "--format", "nope"],
        ["export", "--profile", "nanopub", "--format", "trig", "--sign-key", "/nonexistent.pem"],
    ],
)
def test_debug_shows_the_traceback_and_keeps_the_exit_code(runner, args):
    # the error left to Python ended the program with 1: "the data was found wanting"
    plain = runner.invoke(cli, args)
    debug = runner.invoke(cli, ["--debug", *args])
    assert plain.exit_code == debug.exit_code == 2
    assert "Traceback" in debug.stderr and "Traceback" not in plain.stderr
    assert debug.stderr.splitlines()[-1] == plain.stderr.splitlines()[-1]  # the same one-line error


def test_python_dash_m_works():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "kgtool", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and __version__ in done.stdout


@pytest.mark.parametrize(
    "argv, code, out, err",
    [
        (["query", "claims-by-status", "--results", "csv"], 0, "claim,status", ""),
        (["audit", "-d", "missing.ttl"], 2, "", "missing.ttl: no such file"),
        (["validate", "-d", "tests/fixtures/shapes/anchor-invalid-empty-exact.ttl"], 1, "", "1 violation"),
    ],
)
def test_the_program_ends_with_its_output_flushed_and_its_exit_code(argv, code, out, err):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "kgtool", *argv], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert done.returncode == code
    assert done.stdout.startswith(out) and err in done.stderr
    if code == 0:  # every row arrived: one per claim of the shipped data, and the header
        assert done.stdout.count("https://w3id.org/kgtool/id/claim/") >= 246


def test_library_imports_without_click():
    import subprocess
    import sys

    code = (
        "import sys, kgtool.inputs.loading, kgtool.formats, kgtool.validation.coverage, "
        "kgtool.authoring.annotations; sys.exit('click' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False)
    assert done.returncode == 0, "the library imported click"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(kgtool, name):
    result = kgtool(name, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output, f"'kgtool {name} --help' shows no example"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`kgtool {name}" in readme, f"README does not mention 'kgtool {name}'"


def test_commands_were_collected():
    assert {"compile", "coverage", "formats"} <= set(COMMANDS)
    assert all(isinstance(c, click.Command) for c in cli.commands.values())


def test_formats_lists_the_registry(kgtool):
    from kgtool.formats import FORMATS

    result = kgtool("formats")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == [f.name for f in FORMATS]


CLASSES = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> }"


def classes(kgtool, *options: str) -> int:
    result = kgtool("query", "-", "--results", "csv", *options, input=CLASSES)
    assert result.exit_code == 0, result.stderr
    return int(result.stdout.split()[-1])


def test_audit_of_the_claims_alone_adds_the_ontology_as_validate_does(kgtool):
    import json

    alone = kgtool("audit", "-d", str(ROOT / "data" / "claims.ttl"), "--format", "json")
    default = kgtool("audit", "--format", "json")
    kinds = json.loads(alone.stdout)["summary"]["by_source_kind"]
    assert kinds == json.loads(default.stdout)["summary"]["by_source_kind"]
    assert kinds["anonymous_individual"] > 0 and kinds["publisher"] > 0


def test_every_command_adds_the_same_ontology_unless_told(kgtool, tmp_path):
    other = tmp_path / "other.ttl"
    other.write_text("<urn:x> a <http://www.w3.org/2002/07/owl#Class> .\n", encoding="utf-8")
    claims = str(ROOT / "data" / "claims.ttl")
    assert classes(kgtool, "-d", claims) > 20  # the shipped ontology's classes
    assert classes(kgtool, "-d", claims, "--no-ontology") == 0
    assert classes(kgtool, "-d", claims, "--ontology", str(other)) == 1
    exported = kgtool("export", "--to", "ntriples", "--with-ontology", "--ontology", str(other))
    assert "<urn:x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" in exported.stdout
    both = kgtool("query", "-", "--ontology", str(other), "--no-ontology", input=CLASSES)
    assert both.exit_code == 2 and "either --ontology or --no-ontology" in both.stderr
    none = kgtool("export", "--with-ontology", "--no-ontology")
    assert none.exit_code == 2 and "either --with-ontology or --no-ontology" in none.stderr


def test_base_resolves_relative_iris_of_stdin_and_is_checked(kgtool):
    relative = "@prefix ex: <http://example.org/> .\n<a> ex:p <b> .\n"
    without = kgtool("export", "-d", "-", "--format", "nt", input=relative)
    assert without.exit_code == 2 and "(--base)" in without.stderr
    given = kgtool(
        "export", "-d", "-", "--format", "nt", "--base", "https://example.org/doc/", input=relative
    )
    assert given.exit_code == 0
    assert (
        given.stdout == "<https://example.org/doc/a> <http://example.org/p> <https://example.org/doc/b> .\n"
    )
    bad = kgtool("export", "-d", "-", "--base", "doc/", input=relative)
    assert bad.exit_code == 2 and bad.stderr.startswith("kgtool: error: --base 'doc/' is not an absolute IRI")
    alone = kgtool("export", "--base", "https://example.org/doc/")
    assert alone.exit_code == 2 and "--base is for the --data inputs" in alone.stderr


def test_check_counts_each_input_and_names_every_bad_one(kgtool, tmp_path):
    # riot --validate --count, rdfpipe --no-out: the syntax alone, counts on stdout
    turtle = tmp_path / "a.ttl"
    turtle.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p 1, 2 .\nex:a ex:p 1 .\n", "utf-8")
    trig = tmp_path / "b.trig"
    trig.write_text("<urn:a> <urn:p> <urn:b> .\n<urn:g> { <urn:a> <urn:p> <urn:c> }\n", "utf-8")
    broken = tmp_path / "c.nt"
    broken.write_text("<urn:a> <urn:p> <urn:b> .\n<urn:a> <urn:p> .\n", "utf-8")
    good = kgtool("check", "-d", str(turtle), "-d", str(trig))
    assert good.exit_code == 0 and good.stderr == ""
    assert good.stdout == f"{turtle}: 3 triples\n{trig}: 1 triple, 1 quad in named graphs\n"
    bad = kgtool("check", "-d", str(broken), "-d", str(turtle))
    assert bad.exit_code == 2
    assert bad.stdout == f"{turtle}: 3 triples\n"  # the input after the bad one is still read
    first, last = bad.stderr.splitlines()
    assert first.startswith(f"kgtool: error: {broken}: line 2, column ")
    assert last == "kgtool: error: 1 of 2 inputs cannot be read"
