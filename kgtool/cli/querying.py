"""The commands that ask the graph: query (SPARQL) and audit (provenance)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from kgtool.cli.base import AliasedOption, KgtoolCommand, say
from kgtool.cli.options import (
    CONTEXT,
    FormatName,
    data_options,
    endpoint_options,
    open_engine,
    output_option,
    result_output_format,
)
from kgtool.errors import DataProblem, UsageError
from kgtool.formats import Kind

if TYPE_CHECKING:
    from kgtool.engines import Engine
    from kgtool.inputs.loading import Inputs
    from kgtool.sparql.results import QueryResult


@click.command("query", cls=KgtoolCommand, context_settings=CONTEXT)
@click.argument("name", metavar="NAME|FILE.rq|-", required=False)
@data_options
@endpoint_options
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query variable (repeatable): an IRI as <...>, http... or a prefixed "
    "name kgtool prints (entity:khamenei), which must occur in the graph; else a "
    "literal.",
)
@click.option(
    "--format",
    "results_format",
    cls=AliasedOption,
    hidden_aliases=["-r", "--results"],
    metavar="FORMAT",
    type=FormatName(Kind.RESULTS),
    help="Format of SELECT/ASK results: table, json, xml, csv, tsv. Default: from -o's "
    "extension, else table.",
)
@click.option(
    "--graph-format",
    "graph_format",
    cls=AliasedOption,
    hidden_aliases=["--to"],
    metavar="FORMAT",
    type=FormatName(Kind.GRAPH, Kind.DATASET),
    help="RDF format of CONSTRUCT/DESCRIBE results. Default: from -o's extension, else turtle.",
)
@click.option("--list", "list_queries", is_flag=True, help="List the library's queries.")
@click.option(
    "--list-params",
    is_flag=True,
    help="List the parameters the query declares (#+ param:), each of which must be given.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let SERVICE clauses send the query to other servers (refused by default).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=100_000,
    show_default=True,
    metavar="N",
    help="Refuse to print more rows than this (add LIMIT, or raise it).",
)
@click.option(
    "--max-query-memory",
    type=click.IntRange(min=16),
    default=4096,
    show_default=True,
    metavar="MB",
    help="Stop a local query that needs more memory than this (exit 2).",
)
@output_option
def query_command(
    name: str | None,
    inputs: Inputs,
    endpoint: str | None,
    timeout: float,
    params: tuple[str, ...],
    results_format: str | None,
    graph_format: str | None,
    list_queries: bool,
    list_params: bool,
    allow_service: bool,
    max_rows: int,
    max_query_memory: int,
    output: str | None,
) -> None:
    """Run a SPARQL query: a name from the query library, a .rq file, or - for stdin.

    Parameters are bound (locally as initial bindings, remotely as a VALUES block), never
    pasted into the query text; a parameter the query declares (--list-params) must be given.
    Updates are refused; so are SERVICE (unless --allow-service) and, on local data, FROM. A
    local query is stopped after --timeout seconds, or once it needs more than
    --max-query-memory megabytes. A library query whose answer depends on the ontology (the
    source kinds, the declarations, the labels) exits 2 on data that lacks it, as the audit does.

    \b
    Examples:
      kgtool query --list
      kgtool query claims-by-status --format csv -o status.csv
      kgtool query claims-about-entity --list-params
      kgtool query claims-about-entity -p entity=entity:khamenei
      kgtool query my-query.rq -d more.ttl -d data/claims.ttl
      kgtool query contested-claims -e http://127.0.0.1:7878/query --format json
    """
    from kgtool import formats
    from kgtool.audit.run import check_vocabulary
    from kgtool.output import emit
    from kgtool.sparql import querylib
    from kgtool.sparql.parameters import check_declared, check_mentioned, parse_params
    from kgtool.sparql.writers import write_results

    if list_queries:
        for q in querylib.library().values():
            click.echo(f"{q.name:<38} {q.summary}")
        return
    if not name:
        raise UsageError("give a query NAME, FILE.rq or -, or --list")
    from kgtool.sparql.guard import check_query
    from kgtool.sparql.timeouts import run_with_timeout

    query = querylib.resolve(name)
    if list_params:
        for param, what in query.params.items():
            click.echo(f"{param:<12} {what}")
        if not query.params:
            click.echo(f"kgtool query: {name} declares no parameters", err=True)
        return
    text = query.text
    check_query(text, local=not endpoint, allow_service=allow_service)
    # a format named wrongly is refused before the data is loaded
    if results_format:
        formats.by_name(results_format, Kind.RESULTS)
    if graph_format:
        formats.by_name(graph_format, Kind.GRAPH, Kind.DATASET)
    bindings = parse_params(params)
    check_declared(bindings, name, query.params)
    engine = open_engine(inputs, endpoint, timeout)
    check_mentioned(bindings, engine.mentions)

    def run() -> QueryResult:
        if query.needs_ontology:
            check_vocabulary(engine, f"the query {name}")
        return engine.query(text, bindings, max_rows=max_rows)

    # the endpoint engine enforces the timeout on each HTTP request
    result = run() if endpoint else run_with_timeout(run, timeout, max_query_memory)
    graph = result.kind == "graph"
    fmt = result_output_format(output, graph_format if graph else results_format, graph)
    emit(write_results(result, fmt), output)


@click.command("audit", cls=KgtoolCommand, context_settings=CONTEXT)
@data_options
@endpoint_options
@click.option(
    "--format",
    "report_format",
    type=click.Choice(["text", "json", "markdown", "html"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@output_option
@click.option(
    "--corpus",
    "corpus",
    is_flag=True,
    help="The corpus audit: clusters of the same claim across articles, their first "
    "appearance, roots and flags (read the links graph of kgtool link with -d too).",
)
@click.option(
    "--include-proposed",
    is_flag=True,
    help="With --corpus: count the links software proposed and no person reviewed, each "
    "cluster saying how many it rests on. Default: only links written or accepted by a person.",
)
@click.option(
    "--index",
    "index_path",
    metavar="INDEX",
    help="With --corpus: the corpus's claims from the index kgtool link --index wrote, the -d "
    "graphs giving the links only (the claims graphs are not read again).",
)
def audit_command(
    inputs: Inputs,
    endpoint: str | None,
    timeout: float,
    report_format: str,
    output: str | None,
    corpus: bool,
    include_proposed: bool,
    index_path: str | None,
) -> None:
    """The provenance audit: which claims are sourced, anonymous, the publisher's own or contested.

    Shows counts of distinct claims per status and source kind, every contested claim beside
    its counter-claims, the unnamed sources, and the findings of every check: the check queries
    (queries/*-violation.rq) and claims that lack or repeat part of their content.
    Exit 0 when no check finds anything, 1 otherwise or when the data holds no claim, 2 when
    it cannot run, among others when what it queries lacks the ontology (the source kinds,
    the declarations).

    With --corpus, the audit of many articles: for each cluster of the same claim, its claims
    and their articles, its first appearance, its roots after following derivation and how many
    are independent, the corroborations and disputes across articles, and the flags
    circular_reporting, laundering and contested_across_outlets (docs/corpus.md); in HTML, each
    cluster's timeline of appearances and what each claim was taken from. Exit 1 when a cluster
    is flagged circular_reporting or laundering.

    \b
    Examples:
      kgtool audit
      kgtool audit --format html -o audit.html
      kgtool audit -d data/claims.ttl -d ontology/proxy.ttl --format json
      kgtool audit -e http://127.0.0.1:7878/query --format json
      kgtool audit --corpus -d a.ttl -d b.ttl -d links.ttl --include-proposed
      kgtool audit --corpus --index corpus.index -d links.nt
    """
    if corpus:
        engine = open_engine(inputs, endpoint, timeout)
        _corpus_audit(engine, report_format, output, include_proposed, index_path)
        return
    for given, flag in ((include_proposed, "--include-proposed"), (index_path, "--index")):
        if given:
            raise UsageError(f"{flag} goes with --corpus", "add --corpus", options=("corpus",))
    from kgtool.audit import run_audit
    from kgtool.audit.report import chunks
    from kgtool.html.audit_page import render_html
    from kgtool.output import emit_with

    engine = open_engine(inputs, endpoint, timeout)
    report = run_audit(engine, sentences=report_format != "json")
    pieces = (render_html(report),) if report_format == "html" else chunks(report, report_format)
    emit_with(lambda handle: handle.writelines(piece.encode("utf-8") for piece in pieces), output)
    summary = report.summary()
    line = (
        f"{summary['claims']} claims, {summary['disputes']} disputes, "
        f"{summary['failed_checks']} failed checks"
    )
    if not summary["claims"]:
        line += ": the data holds no claim (proxy:Claim), nothing was audited"
    if report.failed:
        raise DataProblem(line)
    say(line)


def _corpus_audit(
    engine: Engine, report_format: str, output: str | None, include_proposed: bool, index_path: str | None
) -> None:
    from kgtool.audit.corpus import run_corpus_audit
    from kgtool.audit.corpus_report import render
    from kgtool.html.corpus_page import render_corpus_html
    from kgtool.linking.index import read_index
    from kgtool.output import emit

    corpus = read_index(index_path).corpus if index_path else None
    report = run_corpus_audit(engine, include_proposed, corpus)
    body = render_corpus_html(report) if report_format == "html" else render(report, report_format)
    emit(body.encode("utf-8"), output)
    summary = report.summary()
    flagged = sum(1 for c in report.clusters if c.flags)
    line = f"{summary['articles']} articles, {summary['clusters']} clusters, {flagged} flagged"
    if summary["links"]["proposed"] and not include_proposed:
        line += f"; {summary['links']['proposed']} proposed links not counted (--include-proposed)"
    if report.failed:
        raise DataProblem(line)
    say(line)
