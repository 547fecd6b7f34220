"""The CLI speaks flags, the library does not (issue 15 item 3): library errors carry the
options' names and each command renders them as its own flags; one name per output-format
option, the old spellings hidden aliases; --debug after the command; DataProblem and
kgtool's UsageError the one way to exit 1 and to refuse arguments."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest

from kgtool.cli import program as cli_module
from kgtool.cli.base import visible_opts
from kgtool.cli.program import cli
from kgtool.errors import DataProblem, UsageError

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kgtool"
INVALID = str(ROOT / "tests" / "fixtures" / "shapes" / "claim-invalid-two-sources.ttl")
# The command line's package may name flags, nothing else may.
CLI_PACKAGE = PACKAGE / "cli"
FLAG = re.compile(r"(^|[\s'\"(])(--[a-z]|-[a-z] )")


def _messages(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module that are not docstrings (messages, hints, constants)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_library_module_names_a_cli_flag():
    modules = [p for p in PACKAGE.rglob("*.py") if CLI_PACKAGE not in p.parents]
    assert len(modules) > 30  # the glob found the library
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in modules
        for line, text in _messages(path)
        if FLAG.search(text)
    ]
    assert found == []


def test_a_library_error_names_the_flag_of_the_command_that_runs(kgtool, tmp_path):
    service = "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"
    result = kgtool("query", "-", input=service)
    assert result.exit_code == 2
    assert result.stderr == (
        "kgtool: error: SERVICE <http://example.org/s> would send the query "
        "to another server; allow SERVICE to let it (--allow-service)\n"
    )
    unnamed = tmp_path / "claims.data"
    unnamed.write_text("", encoding="utf-8")
    result = kgtool("validate", "-d", str(unnamed))
    assert result.exit_code == 2 and result.stderr.endswith(" rdfxml (--data-format)\n")
    result = kgtool("push", "-e", "ftp://x")
    assert result.stderr == (
        "kgtool: error: store 'ftp://x' is not an http(s) URL; give http://HOST/store (--endpoint)\n"
    )


def test_an_error_names_only_flags_the_command_has():
    # serve's limit is --query-timeout: a query timeout's "timeout" is no flag of serve
    assert cli.commands["query"].flag("timeout") == "--timeout"
    assert cli.commands["serve"].flag("timeout") is None
    assert cli.commands["query"].flag("params") == "--param"


def test_unknown_query_names_the_list_flag(kgtool):
    result = kgtool("query", "no-such-query")
    assert result.stderr == (
        "kgtool: error: no query named 'no-such-query'; list the library's queries (--list)\n"
    )


def test_debug_after_the_command_shows_the_traceback(monkeypatch, runner):
    def boom() -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cli_module, "_list_formats", boom)
    crashed = runner.invoke(cli, ["formats", "--debug"])
    assert crashed.exit_code == 2 and "RuntimeError: kaboom" in crashed.stderr
    missing = runner.invoke(cli, ["audit", "-d", "missing.ttl", "--debug"])
    assert missing.exit_code == 2 and "kgtool.errors.InputError: missing.ttl: no such file" in missing.stderr


WRITERS = ["audit", "coverage", "describe", "export", "query", "validate"]


def _format_flags(command: click.Command) -> list[str]:
    """The visible flags of a command's options that name the format of what it writes."""
    return [
        flag
        for p in command.params
        if isinstance(p, click.Option)
        and not p.hidden
        and p.name.endswith("_format")
        and p.name != "data_format"
        for flag in visible_opts(p)
    ]


def test_every_command_names_the_format_it_writes_format():
    flags = {name: _format_flags(cli.commands[name]) for name in WRITERS}
    assert flags == {**{name: ["--format"] for name in WRITERS}, "query": ["--format", "--graph-format"]}


def test_no_command_shows_a_short_flag_that_neighbouring_tools_use_otherwise():
    # -f is pyshacl's report format (ours read the data format); -r and -t are hidden aliases
    shown = {
        (name, flag)
        for name, command in cli.commands.items()
        for p in command.params
        if isinstance(p, click.Option) and not p.hidden
        for flag in visible_opts(p)
    }
    assert {(name, flag) for name, flag in shown if flag in ("-f", "-r", "-t")} == set()


@pytest.mark.parametrize(
    "args, old, new, value",
    [
        (["validate", "-d", INVALID], "--report", "--format", "turtle"),
        (["query", "claims-by-status"], "--results", "--format", "csv"),
        (["query", "claims-by-status"], "-r", "--format", "csv"),
        (["query", "-", "--max-rows", "1000000"], "--to", "--graph-format", "ntriples"),
        (["export"], "--to", "--format", "ntriples"),
        (["export"], "-t", "--format", "ntriples"),
        (["describe"], "-t", "--format", "ntriples"),
        (["query", "claims-by-status", "-d", "UNNAMED"], "-f", "--data-format", "turtle"),
    ],
)
def test_old_spellings_are_hidden_aliases(kgtool, tmp_path, args, old, new, value):
    unnamed = tmp_path / "claims.data"  # no extension tells its format
    unnamed.write_bytes((ROOT / "data" / "claims.ttl").read_bytes())
    args = [str(unnamed) if a == "UNNAMED" else a for a in args]
    stdin = "CONSTRUCT WHERE { ?s a ?o }" if args[:2] == ["query", "-"] else None
    now, before = kgtool(*args, new, value, input=stdin), kgtool(*args, old, value, input=stdin)
    assert now.exit_code == before.exit_code and now.stdout == before.stdout and now.stdout
    default = kgtool(*args, input=stdin)
    assert default.stdout != now.stdout  # the value was read: not the default format
    shown = kgtool(args[0], "--help").stdout
    assert re.search(rf"(?<![\w-]){re.escape(new)}(?![\w-])", shown)
    assert not re.search(rf"(?<![\w-]){re.escape(old)}(?![\w-])", shown)


def test_a_hidden_alias_is_not_named_in_errors(kgtool):
    result = kgtool("validate", "--report", "yaml")
    assert result.exit_code == 2 and "'--format'" in result.stderr
    assert "--report" not in result.stderr


@pytest.mark.parametrize("name, args", [("validate", ["-d", INVALID]), ("audit", ["-d", INVALID])])
def test_failing_data_is_a_data_problem(name, args):
    # one exit-1 path: the commands raise DataProblem (exit 1), which the group words
    with pytest.raises(DataProblem) as verdict:
        cli.commands[name].main(args, standalone_mode=False)
    assert verdict.value.exit_code == 1


def test_a_data_problem_is_a_verdict_even_with_debug(runner):
    result = runner.invoke(cli, ["--debug", "validate", "-d", INVALID])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr == (
        "kgtool validate: does not conform: 1 violation (3 claims checked; failing on violation)\n"
    )


@pytest.mark.parametrize(
    "name, args",
    [
        ("query", []),
        ("audit", ["-e", "http://127.0.0.1:9/", "-d", "x.ttl"]),
        ("export", ["--with-ontology", "--no-ontology"]),
    ],
)
def test_bad_arguments_are_kgtools_usage_error(name, args):
    with pytest.raises(UsageError):
        cli.commands[name].main(args, standalone_mode=False)


def test_incomplete_coverage_is_a_data_problem_with_its_counts(article_path, tmp_path):
    text = article_path.read_text(encoding="utf-8")
    altered = tmp_path / "altered.txt"
    altered.write_text(text + "An added sentence.\n", encoding="utf-8")  # one gap, no anchor moved
    with pytest.raises(DataProblem) as verdict:
        cli.commands["coverage"].main(["-a", str(altered)], standalone_mode=False)
    assert str(verdict.value) == (
        "kgtool coverage: incomplete: the snapshot's digest differs, mismatched anchors: 0, gaps: 1"
    )


def test_the_output_file_says_the_result_format_unless_one_is_named(kgtool, tmp_path):
    from rdflib import Graph

    csv = tmp_path / "out.csv"  # the text table went into it
    assert kgtool("query", "claims-by-status", "-o", str(csv)).exit_code == 0
    assert csv.read_text(encoding="utf-8").startswith("claim,status,")
    named = kgtool("query", "claims-by-status", "--format", "json", "-o", str(csv))
    assert named.exit_code == 0 and csv.read_text(encoding="utf-8").startswith("{")
    construct = "CONSTRUCT WHERE { ?s a <https://schema.org/NewsArticle> }"
    nt = tmp_path / "c.nt"  # Turtle went into it
    assert kgtool("query", "-", "-o", str(nt), input=construct).exit_code == 0
    assert len(Graph().parse(nt, format="nt")) == 1
    wrong = tmp_path / "c.csv"
    refused = kgtool("query", "-", "-o", str(wrong), input=construct)
    assert refused.exit_code == 2 and not wrong.exists()
    assert refused.stderr.startswith(f"kgtool: error: {wrong}: the name says SPARQL Results CSV")
    assert refused.stderr.rstrip().endswith("(--graph-format)")


@pytest.mark.parametrize(
    "args, said",
    [
        (["validate", "-f", "turtle"], "say --data-format turtle or --format turtle"),  # pyshacl's -f
        (["validate", "-d", INVALID, "-f", "json-ld"], "say --data-format json-ld or --format json-ld"),
        (["query", "claims-by-status", "-f", "csv"], "say --data-format csv or --format csv"),
        (["export", "--data-format", "ntriples"], "the format 'ntriples' is for --data inputs"),
        (["push", "-e", "http://127.0.0.1:9/", "-f", "turtle"], "the format 'turtle' is for --data inputs"),
    ],
)
def test_a_data_format_for_no_input_or_meant_for_the_output_is_refused(kgtool, args, said):
    # these were ignored with exit 0 (or a pass over the data, exit 1), the output not as asked
    result = kgtool(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("kgtool: error: ") and len(result.stderr.splitlines()) == 1
    assert said in result.stderr
