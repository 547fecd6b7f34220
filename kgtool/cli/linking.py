"""The command that links the claims of several articles: link."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from kgtool.cli.base import AliasedOption, KgtoolCommand
from kgtool.cli.options import CONTEXT, data_options, output_option, rdf_output_format
from kgtool.errors import UsageError

if TYPE_CHECKING:
    from kgtool.inputs.loading import Inputs


@click.command("link", cls=KgtoolCommand, context_settings=CONTEXT)
@data_options
@click.option(
    "--no-stance",
    is_flag=True,
    help="Propose no stance links (the stance model is the slowest part).",
)
@click.option(
    "--reviewed",
    metavar="LINKS",
    help="The links graph of an earlier run, reviewed: every link a person accepted or "
    "rejected there keeps its review (and is kept when not found again).",
)
@click.option(
    "--format",
    "output_format",
    cls=AliasedOption,
    hidden_aliases=["--to"],
    metavar="FORMAT",
    help="RDF format (default: from -o, else turtle).",
)
@output_option
def link_command(
    inputs: Inputs, no_stance: bool, reviewed: str | None, output_format: str | None, output: str | None
) -> None:
    """Propose links between the claims of several articles, as a graph of their own.

    Reads the claims graphs of a corpus (every -d) and proposes, between claims of different
    articles: the same claim (identical quotation after normalisation, near-duplicate passage,
    same content triple); derivation (an attribution to another outlet of the corpus or a wire
    agency, a wire credit: prov:wasDerivedFrom or prov:wasQuotedFrom the outlet's claim, or the
    outlet itself when the corpus lacks its article); stance (the shipped FNC-1 model on
    topically close claims: corroborates, denies or repeats; a contradiction where the content
    is the same with the opposite polarity); source merges (named sources of different IRIs with
    one name and kind, proxy:sameSourceAs; never unnamed ones). Each link is a node with its
    type, the method that found it, a score and the review status proposed: the corpus audit
    counts it only once a person accepts it, or with --include-proposed (docs/corpus.md).
    Exit 0 done, 2 an input cannot be read.

    \b
    Examples:
      kgtool link -d a.ttl -d b.ttl -o links.ttl
      kgtool link -d corpus.nt --no-stance -o links.ttl
      kgtool link -d a.ttl -d b.ttl -d c.ttl --reviewed links.ttl -o links-2.ttl
      kgtool audit --corpus -d a.ttl -d b.ttl -d links.ttl --include-proposed
    """
    from dataclasses import replace

    from kgtool import linking
    from kgtool.linking import stance
    from kgtool.output import emit
    from kgtool.sparql.writers import write_graph

    if not inputs.locations:
        raise UsageError("give the claims graphs of the corpus", "name each with --data", options=("data",))
    fmt = rdf_output_format(output, output_format)
    earlier = replace(inputs, locations=(reviewed,), ontology=None).graph() if reviewed else None
    corpus = linking.read_corpus(inputs.engine())
    found = linking.find_links(corpus, None if no_stance else stance.shipped_model())
    emit(write_graph(linking.links_graph(found, earlier), fmt), output)
    counts = found.counts()
    kept = len(linking.reviewed_links(earlier)) if earlier is not None else 0
    click.echo(
        f"kgtool link: {len(found.links)} links found between {len(corpus.claims)} claims of "
        f"{len(corpus.articles)} articles (same claim {counts['same']}, derivation "
        f"{counts['derivation']}, stance {counts['stance']}, source merges {counts['source']}); "
        + (f"{kept} reviews kept, the others proposed" if reviewed else "all proposed, none reviewed"),
        err=True,
    )
