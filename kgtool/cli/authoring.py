"""The commands that make claims graphs: compile, import brat, draft."""

from __future__ import annotations

from datetime import datetime

import click

from kgtool.cli.base import KgtoolCommand, KgtoolSubgroup, say
from kgtool.cli.options import CONTEXT, article_option, output_option, rdf_output_format


def _web_address(value: str | None) -> str | None:
    # compile's own check, made before a draft is written that compile would refuse
    if value is None:
        return None  # no import: drafting loads no RDF library
    from kgtool.authoring.annotations import WEB_ADDRESS

    if not WEB_ADDRESS.match(value):
        raise click.BadParameter(f"{value!r} is not an http(s) address")
    return value


@click.command("compile", cls=KgtoolCommand, context_settings=CONTEXT)
@click.argument("annotations", metavar="ANNOTATIONS.toml")
@article_option
@click.option(
    "--ontology",
    metavar="PATH",
    help="Ontology to check terms against. Default: the shipped ontology/proxy.ttl.",
)
@click.option(
    "--base",
    metavar="IRI",
    help="The IRI space of the claims, sources and entities (ending in / or #). "
    "Default: https://w3id.org/kgtool/id/.",
)
@output_option
def compile_command(
    annotations: str, article: str, ontology: str | None, base: str | None, output: str | None
) -> None:
    """Compile claim annotations (TOML, written by hand or drafted) into the claims graph (Turtle).

    Every quote is located in the snapshot to compute its selectors; every type and predicate
    is checked against the ontology; a key the format does not know stops it. Drafted claims,
    sources and entities keep their review mark (proposed until a person accepts them). The
    format is described in data/README.md.

    \b
    Examples:
      kgtool compile data/claims.toml -a ../shared/article/iraq-iran-power-centres.txt \\
          -o data/claims.ttl
      kgtool compile article.toml -a article.txt --base https://example.org/claims/ -o article.ttl
    """
    from kgtool.authoring.annotations import compile_annotations, to_turtle
    from kgtool.inputs.loading import Inputs
    from kgtool.namespaces import PROXY, RDF
    from kgtool.output import emit
    from kgtool.snapshot import read_snapshot

    snapshot = read_snapshot(article)
    ontology_graph = (Inputs(ontology=ontology) if ontology else Inputs()).ontology_graph()
    graph = compile_annotations(annotations, snapshot, ontology_graph, base=base)
    emit(to_turtle(graph), output)
    claims = sum(1 for _ in graph.subjects(RDF.type, PROXY.Claim))
    say(f"compiled {claims} claims into {len(graph)} triples")


@click.group("import", cls=KgtoolSubgroup, context_settings=CONTEXT)
def import_group() -> None:
    """Import claims annotated elsewhere: an attribution corpus in brat standoff.

    \b
    Example:
      kgtool import brat ../shared/corpora/polnear/dev -o dev.ttl
    """


@import_group.command("brat", context_settings=CONTEXT)
@click.argument("folders", metavar="DIR...", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    metavar="FORMAT",
    help="turtle, ntriples, nquads, trig, jsonld or rdfxml. Default: from -o's extension, else turtle.",
)
@click.option(
    "--annotators",
    type=click.Choice(["first", "all"]),
    default="first",
    show_default=True,
    help="An article annotated several times: the first .ann file "
    "by name, or every annotator's attributions (claims of their own).",
)
@output_option
def import_brat_command(
    folders: tuple[str, ...], output_format: str | None, annotators: str, output: str | None
) -> None:
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
    from kgtool.authoring import brat, brat_import
    from kgtool.output import emit_with
    from kgtool.publish.export import write

    fmt = rdf_output_format(output, output_format)
    every = annotators == "all"
    quads, report = brat_import.import_corpus(brat.read_corpora(folders, every), every)
    emit_with(lambda handle: write(quads, fmt, handle), output)
    for line in brat_import.summary(report):
        say(line)
    if report.several_annotators and not every:
        say("(--annotators all keeps every annotator's attributions)")


@click.command("draft", cls=KgtoolCommand, context_settings=CONTEXT)
@click.argument("article", metavar="ARTICLE.txt")
@click.option(
    "--format",
    "draft_format",
    type=click.Choice(["toml", "json"]),
    default="toml",
    show_default=True,
    help="toml: the authoring format of data/claims.toml, to "
    "review and compile; json: spans with code-point offsets.",
)
@click.option(
    "--publisher",
    metavar="NAME",
    help='The article\'s publisher as it names itself ("The New York Times"): its '
    'mentions of itself ("The Times reported", "we") are the publisher\'s.',
)
@click.option(
    "--url",
    metavar="URL",
    callback=lambda _ctx, _param, value: _web_address(value),
    help="The article's web address, written into [article] (schema:url in the graph).",
)
@click.option(
    "--date",
    "published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The article's publication date, YYYY-MM-DD: the report date of its claims.",
)
@output_option
def draft_command(
    article: str,
    draft_format: str,
    publisher: str | None,
    url: str | None,
    published: datetime | None,
    output: str | None,
) -> None:
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
      kgtool draft article.txt --publisher "The Washington Post" \\
        --url https://example.org/story --date 2015-03-18 -o article.toml
      kgtool draft article.txt --format json
    """
    from kgtool import drafting
    from kgtool.drafting import render
    from kgtool.drafting.article import read_article
    from kgtool.output import emit

    snapshot = read_article(article)
    drafted = drafting.draft(snapshot.text, publisher=publisher)
    if draft_format == "json":
        emit(render.to_json(snapshot, drafted), output)
    else:
        facts = render.ArticleFacts(url, published.date().isoformat() if published else None)
        emit(render.to_toml(snapshot, drafted, facts), output)
    say(
        f"drafted {len(drafted.attributions)} attributions and "
        f"{len(drafted.narrative)} sentences in the publisher's voice"
    )
