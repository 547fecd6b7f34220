"""The command that links the claims of several articles: link."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from kgtool.cli.base import AliasedOption, KgtoolCommand
from kgtool.cli.options import CONTEXT, data_options, output_option, rdf_output_format
from kgtool.errors import UsageError

if TYPE_CHECKING:
    from kgtool.corpus_claims import Corpus
    from kgtool.formats import Format
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
    "--index",
    "index_path",
    metavar="INDEX",
    help="Also write the corpus's index (what linking compares of each claim, and the links "
    "found), so that an article can be added later with --add and the corpus audited from it.",
)
@click.option(
    "--add",
    is_flag=True,
    help="Add the -d graphs (an article) to the corpus of --index, comparing them with the index "
    "only: the links written are those of linking everything from scratch; the index is updated.",
)
@click.option(
    "--audit",
    "audit_path",
    metavar="FILE",
    help="Also write the corpus audit of the corpus and the links written, as JSON, counting "
    "the proposals as proposals (as kgtool audit --corpus --include-proposed --format json).",
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
    inputs: Inputs,
    no_stance: bool,
    reviewed: str | None,
    index_path: str | None,
    add: bool,
    audit_path: str | None,
    output_format: str | None,
    output: str | None,
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
    counts it only once a person accepts it, or with --include-proposed (docs/corpus.md). With
    --index the corpus's index is written too; with --add and --index the -d graphs are added to
    the indexed corpus: an article later than every other is compared with the index only, an
    earlier one makes the whole corpus linked again from the index (the message says which).
    Exit 0 done, 2 an input cannot be read.

    \b
    Examples:
      kgtool link -d a.ttl -d b.ttl -o links.ttl
      kgtool link -d corpus.nt --no-stance -o links.ttl
      kgtool link -d a.ttl -d b.ttl -d c.ttl --reviewed links.ttl -o links-2.ttl
      kgtool link -d corpus.nt --index corpus.index -o links.nt
      kgtool link --add -d d.ttl --index corpus.index --reviewed links.nt -o links-2.nt
      kgtool link --add -d e.ttl --index corpus.index -o links-3.nt --audit audit.json
      kgtool audit --corpus -d a.ttl -d b.ttl -d links.ttl --include-proposed
    """
    from dataclasses import replace

    from kgtool import linking
    from kgtool.linking import stance
    from kgtool.linking.finding import add_links, link_corpus
    from kgtool.linking.graph import reviews
    from kgtool.linking.index import read_index, write_index
    from kgtool.output import emit
    from kgtool.sparql.writers import write_graph

    if not inputs.locations:
        raise UsageError("give the claims graphs of the corpus", "name each with --data", options=("data",))
    if add and not index_path:
        raise UsageError("--add adds to a linked corpus", "give its index", options=("index_path",))
    fmt = rdf_output_format(output, output_format)
    earlier = reviews(replace(inputs, locations=(reviewed,), ontology=None).quads()) if reviewed else None
    indexed = read_index(index_path) if add and index_path else None
    corpus = linking.read_corpus(inputs.engine())
    model = None if no_stance else stance.shipped_model()
    if indexed is not None:
        found, update = add_links(indexed, corpus, model)
        corpus = update.corpus
    else:
        found, update = link_corpus(corpus, model)
    written = write_graph(linking.links_graph(found, earlier), fmt)
    emit(written, output)
    if index_path:
        write_index(update, index_path)
    if audit_path:
        _audit(corpus, written, fmt, audit_path)
    counts = found.counts()
    kept = len(linking.reviewed_links(earlier)) if earlier is not None else 0
    click.echo(
        f"kgtool link: {len(found.links)} links found between {len(corpus.claims)} claims of "
        f"{len(corpus.articles)} articles (same claim {counts['same']}, derivation "
        f"{counts['derivation']}, stance {counts['stance']}, source merges {counts['source']}); "
        + (f"{kept} reviews kept, the others proposed" if reviewed else "all proposed, none reviewed")
        + (
            ""
            if indexed is None
            else f"; {len(corpus.claims) - len(indexed.corpus.claims)} claims added to the index, "
            + ("some earlier than it: all linked again" if update.rewrite else "compared with the index only")
        ),
        err=True,
    )


def _audit(corpus: Corpus, links: bytes, fmt: Format, path: str) -> None:
    """The corpus audit of ``corpus`` and the links graph just written, proposals counted."""
    from kgtool.audit.corpus import run_corpus_audit
    from kgtool.audit.corpus_report import render
    from kgtool.engines.oxigraph import OxigraphEngine
    from kgtool.output import emit

    engine = OxigraphEngine()
    engine.load(links, fmt)
    emit(render(run_corpus_audit(engine, include_proposed=True, corpus=corpus), "json").encode(), path)
