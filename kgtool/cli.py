"""The ``kgtool`` command line: a thin layer that parses flags and calls the library.

No RDF logic lives here. Library errors (:class:`kgtool.errors.KgtoolError`) become one line
on stderr and the exit code of the contract: 0 ok, 1 data problem, 2 could not run.
"""

from __future__ import annotations

import functools
import logging
import os
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from kgtool import __version__
from kgtool.cli_base import AliasedOption, KgtoolCommand, KgtoolSubgroup
from kgtool.errors import DataProblem, KgtoolError, Terminated, UsageError

if TYPE_CHECKING:
    from kgtool.dataset_info import DatasetInfo
    from kgtool.formats import Format
    from kgtool.loading import Inputs

EXIT_OK, EXIT_CANNOT_RUN = 0, 2
_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(message: str, code: int) -> None:
    from kgtool.terminal_safe import escape_controls

    # one line, whatever a file name or a value in the message holds
    click.echo(f"kgtool: error: {escape_controls(message, keep_layout=False)}", err=True)
    sys.exit(code)


class KgtoolGroup(click.Group):
    """A click group whose every failure is one line on stderr and an exit code, never a traceback."""

    command_class = KgtoolCommand

    def main(self, args: Any = None, prog_name: Any = None, complete_var: Any = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in argv
        if not debug:  # rdflib logs ill-typed literals with a traceback: a warning, not news
            logging.getLogger("rdflib").setLevel(logging.ERROR)
        previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            code = super().main(argv, prog_name or "kgtool", complete_var,
                                standalone_mode=False, **extra)
        except Terminated:
            _fail("interrupted (SIGTERM)", EXIT_CANNOT_RUN)
        except click.UsageError as e:
            command = e.ctx.command_path if e.ctx else "kgtool"
            _fail(f"{e.format_message().rstrip('.')}; see '{command} --help'", EXIT_CANNOT_RUN)
        except click.ClickException as e:
            _fail(e.format_message(), EXIT_CANNOT_RUN)
        except click.Abort:
            _fail("interrupted", EXIT_CANNOT_RUN)
        except DataProblem as e:  # a verdict on the data, not a failure: no traceback to show
            click.echo(str(e), err=True)
            sys.exit(e.exit_code)
        except KgtoolError as e:
            if debug:
                raise
            _fail(str(e), e.exit_code)
        except Exception as e:
            if debug:
                raise
            _fail(f"unexpected {type(e).__name__}: {e} (rerun with --debug for the traceback)",
                  EXIT_CANNOT_RUN)
        finally:
            signal.signal(signal.SIGTERM, previous)
        sys.exit(code or EXIT_OK)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # the reader went away (kgtool export | head -1): not an error
            _discard_stdout()
            return EXIT_OK


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that flushing what is still buffered cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


@click.group(cls=KgtoolGroup, context_settings=_CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="kgtool")
@click.option("--debug", is_flag=True, help="Show the Python traceback of an error.")
def cli(debug: bool) -> None:
    """kgtool: every statement of a news article as a reified, sourced RDF claim.

    \b
    Examples:
      kgtool audit                      # audit the shipped claims graph
      kgtool formats                    # the RDF and result formats kgtool knows

    Exit codes: 0 ok, 1 the data is non-conformant or the audit found problems,
    2 kgtool could not run (bad usage, unreadable or malformed input).
    """


def data_options(command: Callable) -> Callable:
    """--data/--data-format/--ontology/--no-ontology/--allow-network/--max-bytes/--quiet, alike
    on every command that reads RDF; the command receives them as one ``inputs``
    (:class:`kgtool.loading.Inputs`)."""

    @click.option("-d", "--data", "data", multiple=True, metavar="PATH|-",
                  help="RDF input (repeatable; - for stdin). Default: the shipped claims graph.")
    @click.option("--data-format", "data_format", cls=AliasedOption, hidden_aliases=["-f"],
                  metavar="NAME",
                  help="Format of the inputs when their names do not tell (see 'kgtool formats').")
    @click.option("--ontology", metavar="PATH", help="The ontology added to the data (the source "
                  "kinds, the declared terms). Default: the shipped ontology/proxy.ttl.")
    @click.option("--no-ontology", is_flag=True, help="Add no ontology to the data.")
    @click.option("--allow-network", is_flag=True,
                  help="Let kgtool fetch URLs, owl:imports and remote JSON-LD contexts.")
    @click.option("--max-bytes", type=click.IntRange(min=1), default=None, metavar="N",
                  help="Refuse an input of more than N bytes (default 1 GiB).")
    @click.option("-q", "--quiet", is_flag=True,
                  help="No progress bar (there is none either when stderr is not a terminal).")
    @functools.wraps(command)
    def wrapper(*args: Any, data: tuple[str, ...], data_format: str | None, ontology: str | None,
                no_ontology: bool, allow_network: bool, max_bytes: int | None, quiet: bool,
                **kwargs: Any) -> Any:
        from dataclasses import replace

        from kgtool import progress
        from kgtool.loading import DEFAULT_MAX_BYTES, Inputs

        if ontology and no_ontology:
            raise UsageError("give either --ontology or --no-ontology, not both")
        inputs = Inputs(data, data_format, allow_network=allow_network,
                        max_bytes=max_bytes or DEFAULT_MAX_BYTES, progress=progress.terminal(quiet))
        if ontology or no_ontology:
            inputs = replace(inputs, ontology=ontology)  # None: --no-ontology
        return command(*args, inputs=inputs, **kwargs)

    return wrapper


def dataset_options(command: Callable) -> Callable:
    """--license/--publisher/--publisher-name, what describe, export and serve say of the
    dataset; the command receives them as one ``dataset`` (:class:`kgtool.dataset_info
    .DatasetInfo`): the shipped graph's own unless other data is read, then only what is given.
    Goes below :func:`data_options`."""

    @click.option("--license", "license_iri", metavar="IRI",
                  help="The data's licence (dcterms:license). Default: CC BY 4.0 for the shipped "
                       "graph, none said for other data.")
    @click.option("--publisher", metavar="IRI",
                  help="Who publishes the data (dcterms:publisher). Default: the kgtool "
                       "developers for the shipped graph, none said for other data.")
    @click.option("--publisher-name", metavar="NAME", help="The publisher's name (foaf:name).")
    @functools.wraps(command)
    def wrapper(*args: Any, inputs: Inputs, license_iri: str | None, publisher: str | None,
                publisher_name: str | None, **kwargs: Any) -> Any:
        from kgtool.dataset_info import SHIPPED, UNKNOWN
        from kgtool.describe import checked_url

        known = SHIPPED if inputs.is_shipped_data() else UNKNOWN
        if publisher_name and not (publisher or known.publisher):
            raise UsageError("a publisher's name needs the publisher's IRI",
                             "give --publisher IRI too")
        dataset = known.given(license_iri and checked_url(license_iri, "license_iri"),
                              publisher and checked_url(publisher, "publisher"), publisher_name)
        return command(*args, inputs=inputs, dataset=dataset, **kwargs)

    return wrapper


def output_option(command: Callable) -> Callable:
    """-o/--output, written atomically; stdout when absent or '-'."""
    return click.option("-o", "--output", metavar="FILE",
                        help="Write to FILE (atomically) instead of stdout.")(command)


@cli.command(context_settings=_CONTEXT)
def formats() -> None:
    """List the formats kgtool reads and writes, with media types and file extensions.

    \b
    Example:
      kgtool formats
    """
    _list_formats()


def _list_formats() -> None:
    from kgtool.formats import FORMATS

    for f in FORMATS:
        extensions = ",".join(f".{e}" for e in f.extensions)
        click.echo(f"{f.name:<9} {f.kind.value:<8} {f.media_type:<34} {extensions}")


def main(args: list[str] | None = None, prog_name: str = "kgtool") -> None:
    """The ``kgtool`` program: run the command, then end the process without freeing what it
    built object by object (freeing the store of 100,000 claims takes a second; the operating
    system takes the memory back at once)."""
    try:
        cli.main(args=args, prog_name=prog_name)
        code = EXIT_OK
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            code = done.code or EXIT_OK
        else:  # sys.exit("message"), as Python itself would show it
            print(done.code, file=sys.stderr)
            code = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader took what it wanted and left: as at the end of invoke
        pass
    except OSError:  # e.g. a full disk: the output is incomplete
        code = code or EXIT_CANNOT_RUN
    try:
        sys.stderr.flush()
    except OSError:  # nowhere left to say anything
        code = code or EXIT_CANNOT_RUN
    os._exit(code)


def _article_option(command: Callable) -> Callable:
    from kgtool.snapshot import ARTICLE_ENV

    return click.option(
        "-a", "--article", envvar=ARTICLE_ENV, required=True, metavar="PATH",
        help=f"The article's text snapshot (or set {ARTICLE_ENV}); for coverage, a folder of "
             "snapshots too.",
    )(command)


@cli.command("compile", context_settings=_CONTEXT)
@click.argument("annotations", metavar="ANNOTATIONS.toml")
@_article_option
@click.option("--ontology", metavar="PATH", help="Ontology to check terms against. "
              "Default: the shipped ontology/proxy.ttl.")
@output_option
def compile_command(annotations: str, article: str, ontology: str | None,
                    output: str | None) -> None:
    """Compile hand-written claim annotations (TOML) into the claims graph (Turtle).

    Every quote is located in the snapshot to compute its selectors; every type and predicate
    is checked against the ontology. The format is described in data/README.md.

    \b
    Example:
      kgtool compile data/claims.toml -a ../shared/article/iraq-iran-power-centres.txt \\
          -o data/claims.ttl
    """
    from kgtool import authoring
    from kgtool import output as out
    from kgtool.loading import Inputs
    from kgtool.snapshot import read_snapshot

    snapshot = read_snapshot(article)
    notes = authoring.read_annotations(annotations)
    ontology_graph = (Inputs(ontology=ontology) if ontology else Inputs()).ontology_graph()
    graph = authoring.compile_annotations(notes, snapshot, ontology_graph)
    out.emit(authoring.to_turtle(graph), output)
    click.echo(f"compiled {len(notes.get('claim', []))} claims into {len(graph)} triples",
               err=True)


@cli.group("import", cls=KgtoolSubgroup, context_settings=_CONTEXT)
def import_group() -> None:
    """Import claims annotated elsewhere: an attribution corpus in brat standoff.

    \b
    Example:
      kgtool import brat ../shared/corpora/polnear/dev -o dev.ttl
    """


@import_group.command("brat", context_settings=_CONTEXT)
@click.argument("folders", metavar="DIR...", nargs=-1, required=True)
@click.option("--format", "output_format", metavar="FORMAT", help="turtle, ntriples, nquads, "
              "trig, jsonld or rdfxml. Default: from -o's extension, else turtle.")
@click.option("--annotators", type=click.Choice(["first", "all"]), default="first",
              show_default=True, help="An article annotated several times: the first .ann file "
              "by name, or every annotator's attributions (claims of their own).")
@output_option
def import_brat(folders: tuple[str, ...], output_format: str | None, annotators: str,
                output: str | None) -> None:
    """Import brat attribution annotations (DIR/text/NAME.txt, DIR/attributions/NAME*.ann).

    One article per text (with its SHA-256), one content-only claim per attribution (E line of
    type Attribution or Attribution-no-source), anchored at its content, cue and source spans
    (one anchor per fragment of a discontinuous span); one unclassified source per distinct
    source mention of an article (each pronoun its own); attributions without a source go to
    proxy:NoSourceGiven. An article with several annotators takes the first .ann file by name,
    or with --annotators all each annotator's (a claim's dcterms:creator names its annotator).
    Housekeeping spans (Discuss, Discard) and unknown span types are counted on stderr. A span
    whose text is not the text at its offsets stops the import (exit 2), naming file and line.

    \b
    Examples:
      kgtool import brat ../shared/corpora/polnear/dev -o dev.ttl
      kgtool import brat train/ dev/ --format ntriples -o corpus.nt
    """
    from kgtool import brat, brat_import
    from kgtool import export as exporting
    from kgtool import output as out

    fmt = _rdf_output_format(output, output_format)
    every = annotators == "all"
    quads, report = brat_import.import_corpus(brat.read_corpora(folders, every), every)
    out.emit_with(lambda handle: exporting.write(quads, fmt, handle), output)
    for line in brat_import.summary(report):
        click.echo(line, err=True)
    if report.several_annotators and not every:
        click.echo("(--annotators all keeps every annotator's attributions)", err=True)


@cli.command(context_settings=_CONTEXT)
@click.argument("article", metavar="ARTICLE.txt")
@click.option("--format", "draft_format", type=click.Choice(["toml", "json"]), default="toml",
              show_default=True, help="toml: the authoring format of data/claims.toml, to "
              "review and compile; json: spans with code-point offsets.")
@click.option("--publisher", metavar="NAME",
              help="The article's publisher as it names itself (\"The New York Times\"): its "
                   "mentions of itself (\"The Times reported\", \"we\") are the publisher's.")
@output_option
def draft(article: str, draft_format: str, publisher: str | None, output: str | None) -> None:
    """Draft the claims of a plain-text article for a person to review.

    A tagger trained on PolNeAR (US political news) proposes each attribution's content
    (possibly interrupted by "he said"), cue and source, with the reporting mode, the kind of
    source (named person, institution, document, publisher, anonymous individual or group;
    "unstated" when the text gives none), which mentions are one source, and a confidence.
    The sentences no attribution touches are proposed as the publisher's own claims. Review the
    draft, then compile it.

    \b
    Examples:
      kgtool draft article.txt -o article.toml
      kgtool draft article.txt --publisher "The Washington Post" -o article.toml
      kgtool draft article.txt --format json
    """
    from kgtool import drafting
    from kgtool import output as out
    from kgtool.drafting import render
    from kgtool.drafting.article import read_article

    snapshot = read_article(article)
    drafted = drafting.draft(snapshot.text, publisher=publisher)
    write = render.to_json if draft_format == "json" else render.to_toml
    out.emit(write(snapshot, drafted), output)
    click.echo(f"drafted {len(drafted.attributions)} attributions and "
               f"{len(drafted.narrative)} sentences in the publisher's voice", err=True)


@cli.command(context_settings=_CONTEXT)
@data_options
@_article_option
@click.option("--format", "report_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format.")
@output_option
def coverage(inputs: Inputs,
             article: str, report_format: str, output: str | None) -> None:
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

    from kgtool import coverage as cov
    from kgtool import output as out

    snapshots = cov.snapshots_in(article)
    reports = cov.check_articles(inputs.engine(), snapshots)
    if not Path(article).is_dir():
        (report,) = reports
        document = report.as_dict()
        body = cov.render_text(report) if report_format == "text" else ""
    else:
        document = {"articles": [r.as_dict() for r in reports]}
        body = cov.render_articles(reports) if report_format == "text" else ""
    if report_format == "json":
        body = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    out.emit(body.encode("utf-8"), output)
    incomplete = [r for r in reports if not r.complete]
    if incomplete:
        digests = sum(not r.digest_ok for r in incomplete)
        articles = (f"{len(incomplete)} of {len(reports)} articles, " if len(reports) > 1 else "")
        digest = ("the snapshot's digest differs, " if digests == 1 else
                  f"{digests} digests differ, " if digests else "")
        raise DataProblem(f"kgtool coverage: incomplete: {articles}{digest}mismatched anchors: "
                          f"{sum(len(r.mismatches) for r in reports)}, gaps: "
                          f"{sum(len(r.gaps) for r in reports)}")


@cli.command(context_settings=_CONTEXT)
@data_options
@click.option("--shapes", metavar="PATH", help="SHACL shapes: a Turtle file or a folder of them. "
              "Default: the shipped shapes/.")
@click.option("-a", "--article", metavar="PATH", help="The article's text snapshot: also check "
              "every quote against the text at its offsets.")
@click.option("--format", "report_format", cls=AliasedOption, hidden_aliases=["--report"],
              type=click.Choice(["text", "turtle", "json-ld"]), default="text", show_default=True,
              help="Report format (turtle and json-ld: the SHACL validation report graph).")
@click.option("--fail-on", type=click.Choice(["violation", "warning", "info"]), default="violation",
              show_default=True, help="Exit 1 when a result of this severity or worse is found.")
@output_option
@click.option("--method", type=click.Choice(["auto", "pyshacl", "sparql"]), default="auto",
              show_default=True, help="pyshacl (the reference), the shapes run as SPARQL on "
              "Oxigraph (fast at corpus scale), or auto: SPARQL above 16 MB of input.")
def validate(inputs: Inputs,
             shapes: str | None, article: str | None,
             report_format: str, fail_on: str, output: str | None, method: str) -> None:
    """Validate the claims graph against the SHACL shapes (the union of all --data inputs).

    The text report groups results by shape and names, for each, the claim, its quote, the
    path, the offending value and the message; a one-line summary goes to stderr.

    --fail-on sets the severity that fails: violation (the default: warnings and infos are
    reported, as "no violations (67 warnings)", but exit 0), warning, or info (any result).
    The report graph keeps sh:conforms as SHACL defines it: false whenever there is any result.
    Exit 0 no result at or above --fail-on, 1 one or more, 2 the data or shapes cannot be read.

    \b
    Examples:
      kgtool validate                                   # the shipped data and shapes
      kgtool validate -a ../shared/article/iraq-iran-power-centres.txt --fail-on warning
      kgtool validate -d claims.ttl --format turtle -o report.ttl
      kgtool validate -d corpus.nt --method sparql --quiet
    """
    from kgtool import output as out
    from kgtool import validation
    from kgtool.snapshot import read_snapshot

    snapshot = read_snapshot(article) if article else None
    report = validation.validate_files(inputs, shapes=validation.load_shapes(shapes),
                                       snapshot=snapshot, method=method)
    out.emit(report.render(report_format, fail_on), output)
    summary = f"kgtool validate: {report.summary(fail_on)}"
    if report.fails(fail_on):
        raise DataProblem(summary)
    click.echo(summary, err=True)


def endpoint_options(command: Callable) -> Callable:
    """-e/--endpoint and --timeout: run against a SPARQL 1.1 endpoint instead of local files."""
    command = click.option("-e", "--endpoint", metavar="URL",
                           help="Query this SPARQL 1.1 endpoint instead of loading files.")(command)
    return click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0,
                        show_default=True, metavar="SECONDS",
                        help="Give up on an endpoint that takes longer.")(command)


def open_engine(inputs: Inputs, endpoint: str | None, timeout: float):
    """The remote endpoint when given (then --data makes no sense), else the loaded files."""
    if endpoint:
        if inputs.locations:
            raise UsageError("give either --endpoint or --data, not both")
        from kgtool.engines.endpoint import EndpointEngine

        return EndpointEngine(endpoint, timeout=timeout)
    return inputs.engine()


@cli.command(context_settings=_CONTEXT)
@click.argument("name", metavar="NAME|FILE.rq|-", required=False)
@data_options
@endpoint_options
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable (repeatable): an IRI as <...>, http... or a prefixed "
                   "name kgtool prints (entity:khamenei), which must occur in the graph; else a "
                   "literal.")
@click.option("--format", "results_format", cls=AliasedOption, hidden_aliases=["-r", "--results"],
              metavar="FORMAT", default="table", show_default=True,
              help="Format of SELECT/ASK results: table, json, xml, csv, tsv.")
@click.option("--graph-format", "graph_format", cls=AliasedOption, hidden_aliases=["--to"],
              metavar="FORMAT", default="turtle", show_default=True,
              help="RDF format of CONSTRUCT/DESCRIBE results.")
@click.option("--list", "list_queries", is_flag=True, help="List the library's queries.")
@click.option("--allow-service", is_flag=True,
              help="Let SERVICE clauses send the query to other servers (refused by default).")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True,
              metavar="N", help="Refuse to print more rows than this (add LIMIT, or raise it).")
@output_option
def query(name: str | None, inputs: Inputs,
          endpoint: str | None, timeout: float, params: tuple[str, ...],
          results_format: str, graph_format: str, list_queries: bool, allow_service: bool,
          max_rows: int, output: str | None) -> None:
    """Run a SPARQL query: a name from the query library, a .rq file, or - for stdin.

    Parameters are bound (locally as initial bindings, remotely as a VALUES block), never
    pasted into the query text. Updates are refused; so are SERVICE (unless --allow-service)
    and, on local data, FROM. A local query is stopped after --timeout seconds.

    \b
    Examples:
      kgtool query --list
      kgtool query claims-by-status --format csv -o status.csv
      kgtool query claims-about-entity -p entity=entity:khamenei
      kgtool query my-query.rq -d more.ttl -d data/claims.ttl
      kgtool query contested-claims -e http://127.0.0.1:7878/query --format json
    """
    from kgtool import formats, querylib, result_writers
    from kgtool import output as out
    from kgtool import params as prm
    from kgtool.formats import Kind

    if list_queries:
        for q in querylib.library().values():
            click.echo(f"{q.name:<38} {q.summary}")
        return
    if not name:
        raise UsageError("give a query NAME, FILE.rq or -, or --list")
    from kgtool.query_guard import check_query
    from kgtool.sandbox import run_with_timeout

    text = querylib.resolve(name)
    check_query(text, local=not endpoint, allow_service=allow_service)
    result_fmt = formats.by_name(results_format, Kind.RESULTS)
    graph_fmt = formats.by_name(graph_format, Kind.GRAPH, Kind.DATASET)
    bindings = prm.parse_params(params)
    engine = open_engine(inputs, endpoint, timeout)
    prm.check_mentioned(engine, bindings)
    if endpoint:  # the endpoint engine enforces the timeout on the HTTP request
        result = engine.query(text, bindings, max_rows=max_rows)
    else:
        result = run_with_timeout(lambda: engine.query(text, bindings, max_rows=max_rows),
                                  timeout)
    out.emit(result_writers.write_results(
        result, graph_fmt if result.kind == "graph" else result_fmt), output)


@cli.command(context_settings=_CONTEXT)
@data_options
@endpoint_options
@click.option("--format", "report_format", type=click.Choice(["text", "json", "markdown", "html"]),
              default="text", show_default=True, help="Report format.")
@output_option
def audit(inputs: Inputs,
          endpoint: str | None, timeout: float, report_format: str,
          output: str | None) -> None:
    """The provenance audit: which claims are sourced, anonymous, the publisher's own or contested.

    Shows counts of distinct claims per status and source kind, every contested claim beside
    its counter-claims, the unnamed sources, and the findings of every check: the check queries
    (queries/*-violation.rq) and claims that lack or repeat part of their content.
    Exit 0 when no check finds anything, 1 otherwise, 2 when it cannot run, among others
    when what it queries lacks the ontology (the source kinds, the declarations).

    \b
    Examples:
      kgtool audit
      kgtool audit --format html -o audit.html
      kgtool audit -d data/claims.ttl -d ontology/proxy.ttl --format json
      kgtool audit -e http://127.0.0.1:7878/query --format json
    """
    from kgtool import audit as audit_lib
    from kgtool import output as out
    from kgtool.audit_report import chunks

    engine = open_engine(inputs, endpoint, timeout)
    report = audit_lib.run_audit(engine, sentences=report_format != "json")
    out.emit_with(lambda handle: handle.writelines(
        chunk.encode("utf-8") for chunk in chunks(report, report_format)), output)
    summary = report.summary()
    line = (f"{summary['claims']} claims, {summary['disputes']} disputes, "
            f"{summary['failed_checks']} failed checks")
    if report.failed:
        raise DataProblem(line)
    click.echo(line, err=True)


def _rdf_output_format(output: str | None, name: str | None) -> Format:
    """The format named wins; else the output file's extension; else Turtle."""
    from kgtool import formats
    from kgtool.formats import Kind

    readable = (Kind.GRAPH, Kind.DATASET)
    if name:
        return formats.by_name(name, *readable)
    if output and output != "-":
        return formats.guess(output, None, *readable, option="output_format")
    return formats.by_name("turtle")


class _ProfileChoice(click.Choice):
    """export's profiles, read from the exporter only when export parses or shows its help:
    importing kgtool.cli must not load pyoxigraph (kgtool draft starts once per article)."""

    def __init__(self) -> None:
        super().__init__([])

    @property
    def choices(self) -> tuple[str, ...]:
        from kgtool.export import PROFILES

        return tuple(p.name for p in PROFILES)

    @choices.setter
    def choices(self, _value: Any) -> None:  # click.Choice.__init__ sets it
        pass


@cli.command(context_settings=_CONTEXT)
@data_options
@dataset_options
@click.option("--format", "output_format", cls=AliasedOption, hidden_aliases=["-t", "--to"],
              metavar="FORMAT", help="turtle, ntriples, nquads, trig, jsonld or rdfxml. Default: "
              "from -o's extension, else turtle.")
@click.option("--profile", type=_ProfileChoice(), default="plain", show_default=True,
              help="What the export is shaped for.")
@click.option("--with-ontology", is_flag=True,
              help="Include the ontology (--ontology, default ontology/proxy.ttl).")
@click.option("--sorted", "sorted_lines", is_flag=True,
              help="Sorted N-Triples/N-Quads lines: byte-stable for diffs.")
@click.option("--resource", metavar="IRI",
              help="Only what dereferencing IRI gives: its triples and its anchors'.")
@click.option("--sign-key", metavar="KEYFILE",
              help="Sign each nanopublication with this RSA private key (PEM, or nanopub's "
                   "id_rsa), offline, giving it its trusty URI. Needs kgtool[nanopub].")
@output_option
def export(inputs: Inputs, dataset: DatasetInfo,
           output_format: str | None, profile: str, with_ontology: bool,
           sorted_lines: bool, resource: str | None, sign_key: str | None,
           output: str | None) -> None:
    """Export the claims graph for other Linked Data tools, without losing data.

    \b
    Profiles:
      plain       the graph as it is (JSON-LD compacted with ontology/context.jsonld)
      nanopub     one nanopublication per claim (TriG or N-Quads)
      schema      schema.org Claim items (JSON-LD), as fact-checking tools read them
      annotation  one W3C Web Annotation per anchor (JSON-LD), for annotation clients
      rdf12       claims as RDF 1.2 triple terms (rdf:reifies) in Turtle 1.2

    A dataset with named graphs is never flattened into a triples-only format.

    \b
    Examples:
      kgtool export -o claims.jsonld
      kgtool export --format ntriples --sorted -o claims.nt
      kgtool export --profile nanopub -o nanopubs.trig
      kgtool export --profile nanopub --sign-key ~/.nanopub/id_rsa -o signed.trig
      kgtool export --profile annotation --format jsonld -o annotations.jsonld
      kgtool export --resource https://w3id.org/kgtool/id/claim/military-no-casualties
    """
    from kgtool import export as exporting
    from kgtool import output as out
    from kgtool.dereference import resource_quads

    if with_ontology and inputs.ontology is None:
        raise UsageError("give either --with-ontology or --no-ontology, not both")
    quads = (inputs if with_ontology else inputs.without_ontology()).quads()
    if resource:
        quads = resource_quads(quads, resource)
    fmt = _rdf_output_format(output, output_format)
    out.emit_with(lambda handle: exporting.export_to(handle, quads, fmt, profile, sorted_lines,
                                                     sign_key, dataset), output)


@cli.command(context_settings=_CONTEXT)
@data_options
@dataset_options
@click.option("--void", "void", is_flag=True, help="The VoID description.")
@click.option("--dcat", "dcat", is_flag=True, help="The DCAT description.")
@click.option("--endpoint-url", metavar="URL",
              help="The SPARQL endpoint the data is served at (void:sparqlEndpoint, a DCAT "
                   "data service).")
@click.option("--dump-url", "dump_urls", multiple=True, metavar="URL",
              help="A dump of the data, its format told by its extension (void:dataDump, "
                   "dcat:downloadURL); repeatable.")
@click.option("--format", "output_format", cls=AliasedOption, hidden_aliases=["-t", "--to"],
              metavar="FORMAT", help="RDF format (default: from -o, else turtle).")
@output_option
def describe(inputs: Inputs, dataset: DatasetInfo,
             void: bool, dcat: bool, endpoint_url: str | None, dump_urls: tuple[str, ...],
             output_format: str | None, output: str | None) -> None:
    """Describe the dataset in VoID and DCAT, with counts computed from the graph.

    Triples, subjects, claims (class partitions), sources (distinct attributed agents),
    entities, the vocabularies used, example claims, and one distribution per RDF format with
    its IANA media type and the licence. Both descriptions when neither flag is given. Where
    the data is published (endpoint, dumps) is said only when given: kgtool serve describes
    its own at /.well-known/void.

    \b
    Examples:
      kgtool describe --void
      kgtool describe --dcat -o dcat.ttl
      kgtool describe --endpoint-url https://example.org/sparql \\
          --dump-url https://example.org/claims.nt
    """
    from kgtool import describe as describing
    from kgtool import output as out

    endpoint = describing.checked_url(endpoint_url, "endpoint_url") if endpoint_url else None
    dumps = describing.dump_formats(list(dump_urls))
    engine = inputs.engine()
    both = not void and not dcat
    graph = describing.describe(engine, void=void or both, dcat=dcat or both, endpoint=endpoint,
                                dumps=dumps, info=dataset)
    fmt = _rdf_output_format(output, output_format)
    out.emit(graph.serialize(format=fmt.rdflib, encoding="utf-8"), output)


@cli.command(context_settings=_CONTEXT)
@data_options
@click.option("-e", "--endpoint", required=True, metavar="URL",
              help="The store: its Graph Store Protocol URL (e.g. http://HOST:7878/store), or its "
                   "update URL with --protocol update.")
@click.option("--graph", metavar="IRI", help="Replace this named graph (default: the default "
              "graph). Not for data already in another graph of the store (see above).")
@click.option("--protocol", type=click.Choice(["gsp", "update"]), default="gsp", show_default=True,
              help="Graph Store Protocol PUT, or SPARQL Update where that is all the store offers.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=300.0, show_default=True,
              metavar="SECONDS", help="Give up on a store that takes longer.")
def push(inputs: Inputs,
         endpoint: str, graph: str | None, protocol: str,
         timeout: float) -> None:
    """Load the graph (by default the shipped claims) with the ontology into a SPARQL store.

    The target graph is replaced in one request, or above 200,000 triples in batches (the
    first replaces it). Credentials come from the environment variables KGTOOL_ENDPOINT_USER
    and KGTOOL_ENDPOINT_PASSWORD, never from flags, in the scheme the store asks for (Basic or
    Digest), and only to the host named: a redirect elsewhere is refused.

    Push each triple into one graph only: a store whose default graph is the union of its
    named graphs (oxigraph serve --union-default-graph) reads data pushed to two graphs twice.
    The audit and the query library still count each claim once; queries of your own may not.

    \b
    Examples:
      kgtool push -e http://127.0.0.1:7878/store       # the claims and the ontology
      kgtool audit -e http://127.0.0.1:7878/query      # the same audit, on the server
      kgtool push -e http://127.0.0.1:7878/update --protocol update \\
          -d more-claims.ttl --graph https://example.org/more   # other data, a graph of its own
      kgtool push -e http://127.0.0.1:8890/sparql-graph-crud-auth --graph https://example.org/g
    """
    from kgtool import push as pushing

    sent = pushing.push(inputs.quads(), endpoint, graph, protocol, timeout,
                        progress=inputs.progress)
    click.echo(f"pushed {sent} triples to {endpoint}", err=True)


@cli.command(context_settings=_CONTEXT)
@data_options
@dataset_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on.")
@click.option("--base", default="https://w3id.org/kgtool/", show_default=True, metavar="IRI",
              help="The IRI prefix served: BASE/id/claim/x is the path /id/claim/x.")
@click.option("--query-timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              metavar="SECONDS", help="Stop a /sparql query after this long.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              metavar="N", help="Refuse /sparql results with more rows.")
@click.option("--max-queries", type=click.IntRange(min=1), default=64, show_default=True,
              metavar="N", help="Answer 503 to /sparql queries beyond N running at once.")
def serve(inputs: Inputs, dataset: DatasetInfo,
          host: str, port: int, base: str, query_timeout: float,
          max_rows: int, max_queries: int) -> None:
    """Serve the graph: every IRI dereferenceable, HTML pages, a read-only SPARQL endpoint.

    Browsers get HTML pages (the audit at /, a page per claim, source and entity); Linked
    Data clients get Turtle, N-Triples, JSON-LD or RDF/XML by Accept (or ?format=ttl).
    /sparql answers SPARQL 1.1 queries (updates and SERVICE refused); /.well-known/void
    describes the dataset. Requests must name the server in their Host header: --host
    (with localhost on loopback) or the host of --base; any name when --host is 0.0.0.0.

    \b
    Examples:
      kgtool serve                         # then open http://127.0.0.1:8000/
      kgtool serve --port 8080 -d data/claims.ttl -d ontology/proxy.ttl
    """
    import uvicorn

    from kgtool import server

    listening = server.listen(host, port)
    site = server.build_site(*inputs.quads_and_engine(),
                             base if base.endswith(("/", "#")) else base + "/",
                             query_timeout=query_timeout, max_rows=max_rows,
                             max_queries=max_queries, dataset=dataset)
    click.echo(f"kgtool: serving {len(site.claims)} claims on "
               f"http://{host}:{listening.getsockname()[1]}/", err=True)
    # On SIGTERM, wait 3 s for requests under way, then cancel them (their queries are killed)
    # rather than wait up to --query-timeout for each.
    config = uvicorn.Config(server.create_app(site, bind=host), log_level="warning",
                            timeout_graceful_shutdown=3)
    uvicorn.Server(config).run(sockets=[listening])
