"""The commands that check the graph: check (the syntax), validate (SHACL) and coverage (the
article's text)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import click

from kgtool.cli.base import AliasedOption, KgtoolCommand, error_line, say, with_commands
from kgtool.cli.options import CONTEXT, article_option, data_options, output_option
from kgtool.errors import DataProblem, InputError

if TYPE_CHECKING:
    from kgtool.inputs.loading import Inputs


@click.command("coverage", cls=KgtoolCommand, context_settings=CONTEXT)
@data_options
@article_option
@click.option(
    "--format",
    "report_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@output_option
def coverage_command(inputs: Inputs, article: str, report_format: str, output: str | None) -> None:
    """Check that every character of the article snapshot is accounted for by the graph.

    Checks the snapshot's SHA-256, each anchor's exact text at its offsets (and where a moved
    quote is now), and lists text that is neither anchored by a claim nor excluded. Given a
    folder of snapshots (a corpus's texts), checks each against the article with its digest
    and reports one line per article: the share of it that is anchored (JSON: every report).
    Exit 0 complete, 1 anything missing or mismatched, 2 the snapshot cannot be read.

    \b
    Examples:
      kgtool coverage -a ../shared/article/iraq-iran-power-centres.txt
      kgtool coverage -a snapshot.txt -d claims.ttl --format json -o coverage.json
      kgtool coverage -a ../shared/corpora/polnear/dev/text -d dev.ttl
    """
    import json
    from pathlib import Path

    from kgtool.output import emit
    from kgtool.validation import coverage

    snapshots = coverage.snapshots_in(article)
    reports = coverage.check_articles(inputs.engine(), snapshots)
    if not Path(article).is_dir():
        (report,) = reports
        document = report.as_dict()
        body = coverage.render_text(report) if report_format == "text" else ""
    else:
        document = {"articles": [r.as_dict() for r in reports]}
        body = coverage.render_articles(reports) if report_format == "text" else ""
    if report_format == "json":
        body = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    emit(body.encode("utf-8"), output)
    incomplete = [r for r in reports if not r.complete]
    if incomplete:
        digests = sum(not r.digest_ok for r in incomplete)
        articles = f"{len(incomplete)} of {len(reports)} articles, " if len(reports) > 1 else ""
        digest = (
            "the snapshot's digest differs, "
            if digests == 1
            else f"{digests} digests differ, "
            if digests
            else ""
        )
        raise DataProblem(
            f"kgtool coverage: incomplete: {articles}{digest}mismatched anchors: "
            f"{sum(len(r.mismatches) for r in reports)}, gaps: "
            f"{sum(len(r.gaps) for r in reports)}"
        )


@click.command("validate", cls=KgtoolCommand, context_settings=CONTEXT)
@data_options
@click.option(
    "--shapes",
    metavar="PATH",
    help="SHACL shapes: a Turtle file or a folder of them. Default: the shipped shapes/.",
)
@click.option(
    "-a",
    "--article",
    metavar="PATH",
    help="The article's text snapshot: also check every quote against the text at its offsets.",
)
@click.option(
    "--format",
    "report_format",
    cls=AliasedOption,
    hidden_aliases=["--report"],
    type=click.Choice(["text", "turtle", "json-ld"]),
    default="text",
    show_default=True,
    help="Report format (turtle and json-ld: the SHACL validation report graph).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning", "info"]),
    default="violation",
    show_default=True,
    help="Exit 1 when a result of this severity or worse is found.",
)
@output_option
@click.option(
    "--method",
    type=click.Choice(["auto", "pyshacl", "sparql"]),
    default="auto",
    show_default=True,
    help="pyshacl (the reference), the shapes run as SPARQL on "
    "Oxigraph (fast at corpus scale), or auto: SPARQL above 16 MB of input, unless a "
    "literal the store reads otherwise than pyshacl makes it refuse.",
)
def validate_command(
    inputs: Inputs,
    shapes: str | None,
    article: str | None,
    report_format: str,
    fail_on: str,
    output: str | None,
    method: str,
) -> None:
    """Validate the claims graph against the SHACL shapes (the union of all --data inputs).

    The text report groups results by shape and names, for each, the claim, its quote, the
    path, the offending value and the message; a one-line summary goes to stderr.

    --fail-on sets the severity that fails: violation (the default: warnings and infos are
    reported, as "no violations (67 warnings)", but exit 0), warning, or info (any result).
    The report graph keeps sh:conforms as SHACL defines it: false whenever there is any result.
    Analysts' assessments among the inputs (kgtool assess compile) are checked against the
    evidence too: a claim graded 1 (confirmed by other sources) that nothing independent
    corroborates is a violation, a claim graded 1 or 2 that another disputes a warning, and
    one graded 4 or 5 that an independent source corroborates and nothing disputes a warning.
    Exit 0 no result at or above --fail-on, 1 one or more or no claim in the data, 2 the data or
    shapes cannot be read.

    \b
    Examples:
      kgtool validate                                   # the shipped data and shapes
      kgtool validate -a ../shared/article/iraq-iran-power-centres.txt --fail-on warning
      kgtool validate -d claims.ttl --format turtle -o report.ttl
      kgtool validate -d corpus.nt --method sparql --quiet
    """
    from kgtool import validation
    from kgtool.output import emit
    from kgtool.snapshot import read_snapshot

    snapshot = read_snapshot(article) if article else None
    from kgtool.assessment import evidence

    report = validation.validate_files(
        inputs,
        shapes=validation.load_shapes(shapes),
        snapshot=snapshot,
        method=method,
        engine_checks=evidence.check_engine,
    )
    emit(report.render(report_format, fail_on), output)
    summary = f"kgtool validate: {report.summary(fail_on)}"
    if report.fails(fail_on):
        raise DataProblem(summary)
    say(summary)


@click.command("check", cls=KgtoolCommand, context_settings=CONTEXT)
@data_options
def check_command(inputs: Inputs) -> None:
    """Check that every input parses, and count its statements: the syntax alone, no SHACL.

    As riot --validate --count or rdfpipe --no-out: each input is read under the same rules
    as by every other command (size limit, no network, no XML entities), and nothing is
    written but one line per input on stdout: its triples, and its quads in named graphs.
    Duplicates are counted as written. The ontology is not read, nor are owl:imports
    followed. Every input is checked, each bad one named on stderr with its line and column.
    Exit 0 all parse, 2 one or more cannot be read.

    \b
    Examples:
      kgtool check -d corpus.nt.gz
      kgtool check -d claims.ttl -d more.trig
      curl -s https://example.org/data.ttl | kgtool check -d - --base https://example.org/data.ttl
    """
    command = cast(KgtoolCommand, click.get_current_context().command)
    counts = list(inputs.counts())
    for count in counts:
        if count.error is not None:
            click.echo(error_line(with_commands(command.name_flags(count.error))), err=True)
            continue
        graphs = f", {_counted(count.quads, 'quad')} in named graphs" if count.quads else ""
        click.echo(f"{count.name}: {_counted(count.triples, 'triple')}{graphs}")
    bad = sum(count.error is not None for count in counts)
    if bad:
        raise InputError(f"{bad} of {len(counts)} inputs cannot be read")


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
