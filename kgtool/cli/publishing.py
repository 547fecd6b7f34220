"""The commands that hand the graph on: export, describe, push and serve."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from kgtool.cli.base import AliasedOption, KgtoolCommand, say
from kgtool.cli.options import (
    CONTEXT,
    FormatName,
    ProfileChoice,
    data_options,
    data_options_without_base,
    dataset_options,
    output_option,
    rdf_output_format,
)
from kgtool.errors import UsageError
from kgtool.formats import Kind

if TYPE_CHECKING:
    from kgtool.inputs.loading import Inputs
    from kgtool.publish.dataset_info import DatasetInfo


@click.command("export", cls=KgtoolCommand, context_settings=CONTEXT)
@data_options
@dataset_options
@click.option(
    "--format",
    "output_format",
    cls=AliasedOption,
    hidden_aliases=["-t", "--to"],
    metavar="FORMAT",
    type=FormatName(Kind.GRAPH, Kind.DATASET),
    help="turtle, ntriples, nquads, trig, jsonld or rdfxml. Default: from -o's extension, else turtle.",
)
@click.option(
    "--profile",
    type=ProfileChoice(),
    default="plain",
    show_default=True,
    help="What the export is shaped for.",
)
@click.option(
    "--with-ontology", is_flag=True, help="Include the ontology (--ontology, default ontology/proxy.ttl)."
)
@click.option(
    "--sorted", "sorted_lines", is_flag=True, help="Sorted N-Triples/N-Quads lines: byte-stable for diffs."
)
@click.option(
    "--resource", metavar="IRI", help="Only what dereferencing IRI gives: its triples and its anchors'."
)
@click.option(
    "--sign-key",
    metavar="KEYFILE",
    help="Sign each nanopublication with this RSA private key of 2048 bits or more (PEM, or "
    "nanopub's id_rsa), offline, giving it its trusty URI. Needs kgtool[nanopub].",
)
@output_option
def export_command(
    inputs: Inputs,
    dataset: DatasetInfo,
    output_format: str | None,
    profile: str,
    with_ontology: bool,
    sorted_lines: bool,
    resource: str | None,
    sign_key: str | None,
    output: str | None,
) -> None:
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
    from kgtool.output import emit_with
    from kgtool.publish.dereference import resource_quads
    from kgtool.publish.export import export_to
    from kgtool.publish.signing import exposed
    from kgtool.terminal import escape_controls

    if with_ontology and inputs.ontology is None:
        raise UsageError("give either --with-ontology or --no-ontology, not both")
    quads = (inputs if with_ontology else inputs.without_ontology()).quads()
    if resource:
        quads = resource_quads(quads, resource)
    fmt = rdf_output_format(output, output_format)
    emit_with(lambda handle: export_to(handle, quads, fmt, profile, sorted_lines, sign_key, dataset), output)
    if sign_key and (warning := exposed(sign_key)):  # said once the file proved a private key
        click.echo(f"kgtool: warning: {escape_controls(warning, keep_layout=False)}", err=True)


@click.command("describe", cls=KgtoolCommand, context_settings=CONTEXT)
@data_options
@dataset_options
@click.option("--void", "void", is_flag=True, help="The VoID description.")
@click.option("--dcat", "dcat", is_flag=True, help="The DCAT description.")
@click.option(
    "--endpoint-url",
    metavar="URL",
    help="The SPARQL endpoint the data is served at (void:sparqlEndpoint, a DCAT data service).",
)
@click.option(
    "--dump-url",
    "dump_urls",
    multiple=True,
    metavar="URL",
    help="A dump of the data, its format told by its extension (void:dataDump, "
    "dcat:downloadURL); repeatable.",
)
@click.option(
    "--format",
    "output_format",
    cls=AliasedOption,
    hidden_aliases=["-t", "--to"],
    metavar="FORMAT",
    type=FormatName(Kind.GRAPH, Kind.DATASET),
    help="RDF format (default: from -o, else turtle).",
)
@output_option
def describe_command(
    inputs: Inputs,
    dataset: DatasetInfo,
    void: bool,
    dcat: bool,
    endpoint_url: str | None,
    dump_urls: tuple[str, ...],
    output_format: str | None,
    output: str | None,
) -> None:
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
    from kgtool.output import emit
    from kgtool.publish.description import checked_url, describe, dump_formats
    from kgtool.sparql.writers import write_graph

    endpoint = checked_url(endpoint_url, "endpoint_url") if endpoint_url else None
    dumps = dump_formats(list(dump_urls))
    engine = inputs.engine()
    both = not void and not dcat
    graph = describe(
        engine, void=void or both, dcat=dcat or both, endpoint=endpoint, dumps=dumps, info=dataset
    )
    fmt = rdf_output_format(output, output_format)
    emit(write_graph(graph, fmt), output)


@click.command("push", cls=KgtoolCommand, context_settings=CONTEXT)
@data_options
@click.option(
    "-e",
    "--endpoint",
    required=True,
    metavar="URL",
    help="The store: its Graph Store Protocol URL (e.g. http://HOST:7878/store), or its "
    "update URL with --protocol update.",
)
@click.option(
    "--graph",
    metavar="IRI",
    help="Replace this named graph (default: the default "
    "graph). Not for data already in another graph of the store (see above).",
)
@click.option(
    "--protocol",
    type=click.Choice(["gsp", "update"]),
    default="gsp",
    show_default=True,
    help="Graph Store Protocol PUT, or SPARQL Update where that is all the store offers.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=300.0,
    show_default=True,
    metavar="SECONDS",
    help="Give up on a store that takes longer.",
)
def push_command(inputs: Inputs, endpoint: str, graph: str | None, protocol: str, timeout: float) -> None:
    """Load the graph (by default the shipped claims) with the ontology into a SPARQL store.

    The target graph is replaced in one request, or above 200,000 triples in batches (the
    first replaces it). Credentials come from the store's URL (http://USER:PASSWORD@HOST/...)
    or else the environment variables KGTOOL_ENDPOINT_USER and KGTOOL_ENDPOINT_PASSWORD, are
    never printed, and go in the scheme the store asks for (Basic or Digest), only to the host
    named: a redirect elsewhere is refused.

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
    from kgtool.engines.http import shown
    from kgtool.publish.push import push

    sent = push(inputs.quads(), endpoint, graph, protocol, timeout, progress=inputs.progress)
    say(f"pushed {sent} triples to {shown(endpoint)}")


@click.command("serve", cls=KgtoolCommand, context_settings=CONTEXT)
@data_options_without_base
@dataset_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on."
)
@click.option(
    "--base",
    default="https://w3id.org/kgtool/",
    show_default=True,
    metavar="IRI",
    help="The IRI prefix served: BASE/id/claim/x is the path /id/claim/x.",
)
@click.option(
    "--query-timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop a /sparql query after this long.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    metavar="N",
    help="Refuse /sparql results with more rows.",
)
@click.option(
    "--max-queries",
    type=click.IntRange(min=1),
    default=64,
    show_default=True,
    metavar="N",
    help="Answer 503 to /sparql queries beyond N running at once.",
)
@click.option(
    "-a",
    "--article",
    "articles",
    multiple=True,
    metavar="PATH",
    help="An article's text snapshot, or a folder of them: its page then shows the text with "
    "every claim marked. Matched to the graph's articles by SHA-256.",
)
@click.option(
    "--max-query-memory",
    type=click.IntRange(min=16),
    default=1024,
    show_default=True,
    metavar="MB",
    help="Stop a /sparql query that needs more memory than this (503).",
)
def serve_command(
    inputs: Inputs,
    dataset: DatasetInfo,
    host: str,
    port: int,
    base: str,
    query_timeout: float,
    max_rows: int,
    max_queries: int,
    articles: tuple[str, ...],
    max_query_memory: int,
) -> None:
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
      kgtool serve -a ../shared/article/iraq-iran-power-centres.txt
    """
    import uvicorn

    from kgtool import web
    from kgtool.validation.coverage import snapshots_in

    texts = {s.sha256: s.text for path in articles for s in snapshots_in(path)}

    listening = web.listen(host, port)
    site = web.build_site(
        *inputs.quads_and_engine(),
        base if base.endswith(("/", "#")) else base + "/",
        query_timeout=query_timeout,
        max_rows=max_rows,
        max_queries=max_queries,
        query_memory=max_query_memory,
        dataset=dataset,
        texts=texts,
    )
    say(f"kgtool: serving {len(site.claims)} claims on http://{host}:{listening.getsockname()[1]}/")
    # On SIGTERM, wait 3 s for requests under way, then cancel them (their queries are killed)
    # rather than wait up to --query-timeout for each.
    config = uvicorn.Config(web.create_app(site, bind=host), log_level="warning", timeout_graceful_shutdown=3)
    uvicorn.Server(config).run(sockets=[listening])
