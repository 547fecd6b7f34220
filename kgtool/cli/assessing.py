"""The analysts' commands: kgtool assess compile (the assessments file into its own graph),
export (to STIX 2.1 or MISP) and import (from STIX 2.1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from kgtool.cli.base import KgtoolCommand, KgtoolSubgroup, say
from kgtool.cli.options import CONTEXT, data_options, output_option
from kgtool.errors import DataProblem, UsageError

if TYPE_CHECKING:
    from kgtool.inputs.loading import Inputs


@click.group("assess", cls=KgtoolSubgroup, context_settings=CONTEXT)
def assess_group() -> None:
    """Analysts' assessments: sources' reliability (A-F) and claims' credibility (1-6), of one
    report of a claim or of the claim wherever it appears in a corpus.

    They live in a graph of their own, never in the claims graph: load it beside the claims
    with -d (validate checks the grades against the evidence). See docs/assessments.md.

    \b
    Examples:
      kgtool assess compile assessments.toml -o assessments.ttl
      kgtool assess export -d assessments.ttl --format stix -o assessments.json
    """


@assess_group.command("compile", cls=KgtoolCommand, context_settings=CONTEXT)
@click.argument("assessments", metavar="ASSESSMENTS.toml")
@output_option
def assess_compile_command(assessments: str, output: str | None) -> None:
    """Compile an assessments file (TOML) into the assessments graph (Turtle).

    Each assessment becomes a PROV-O entity attributed to its analyst, with its time, what it
    grades (source =, claim =, or cluster = for the claim wherever it appears), the grade (a
    concept of the Admiralty scale) and the reason; a later assessment by
    the same analyst of the same thing is prov:wasRevisionOf the earlier. An undeclared analyst,
    a grade of the wrong scale, a time without its zone or a missing reason stops it (exit 2).

    \b
    Examples:
      kgtool assess compile assessments.toml -o assessments.ttl
      kgtool validate -d data/claims.ttl -d assessments.ttl
    """
    from kgtool.assessment import compile_assessments, to_graph, to_turtle
    from kgtool.output import emit

    found = compile_assessments(assessments)
    graph = to_graph(found)
    emit(to_turtle(graph), output)
    analysts = len({a.analyst.iri for a in found})
    say(
        f"compiled {len(found)} assessment{'s' * (len(found) != 1)} by {analysts} "
        f"analyst{'s' * (analysts != 1)} into {len(graph)} triples"
    )


@assess_group.command("export", cls=KgtoolCommand, context_settings=CONTEXT)
@data_options
@click.option(
    "--format",
    "export_format",
    type=click.Choice(["stix", "misp", "nanopub"]),
    default="stix",
    show_default=True,
    help="stix: a STIX 2.1 bundle of opinions; misp: a MISP event of tagged attributes; "
    "nanopub: one nanopublication per assessment (TriG).",
)
@click.option(
    "--sign-key",
    metavar="PATH",
    help="With --format nanopub: sign each with this RSA private key of 2048 bits or more (PEM, "
    "or nanopub's base64 id_rsa), under its trusty URI.",
)
@output_option
def assess_export_command(
    inputs: Inputs, export_format: str, sign_key: str | None, output: str | None
) -> None:
    """Export the assessments: to STIX 2.1 or MISP (JSON), or as signed nanopublications.

    STIX: each assessment an opinion of its analyst (an identity), at its time, with the reason
    as explanation, the grade as MISP's admiralty-scale tag in labels and, for a credibility,
    as STIX's normative confidence (1 -> 90 ... 5 -> 10; 6 has none); what it grades is an
    external reference to its IRI. Identifiers are derived from IRIs: the same assessments give
    the same bundle. MISP: one link attribute per current assessment, tagged with its grade.
    nanopub: each assessment a nanopublication attributed to its analyst, signed with
    --sign-key (the analyst's key) so that a reader can verify who graded what.
    Exit 0 exported, 1 the data holds no assessment, 2 it cannot be read.

    \b
    Examples:
      kgtool assess export -d assessments.ttl -o assessments.json
      kgtool assess export -d assessments.ttl --format misp -o event.json
      kgtool assess export -d assessments.ttl --format nanopub --sign-key ~/.nanopub/id_rsa \\
          -o signed.trig
    """
    from kgtool.assessment import exchange
    from kgtool.assessment.records import QUERY, from_rows
    from kgtool.output import emit

    if sign_key and export_format != "nanopub":
        raise UsageError(f"--format {export_format} is not signed", "sign with --format nanopub")
    found = from_rows(inputs.without_ontology().engine().select_strings(QUERY))
    if not found:
        raise DataProblem(
            "kgtool assess export: no assessments in the data (kgtool assess compile makes them)"
        )
    if export_format == "nanopub":
        from kgtool.formats import by_name
        from kgtool.output import emit_with
        from kgtool.publish import signed_assessments
        from kgtool.publish.export import write

        quads = signed_assessments.signed(found, sign_key)
        emit_with(lambda handle: write(quads, by_name("trig"), handle), output)
    else:
        emit(exchange.to_stix(found) if export_format == "stix" else exchange.to_misp(found), output)
    say(f"exported {len(found)} assessments")


@assess_group.command("import", cls=KgtoolCommand, context_settings=CONTEXT)
@click.argument("bundle", metavar="BUNDLE.json")
@output_option
def assess_import_command(bundle: str, output: str | None) -> None:
    """Read the assessments of a STIX 2.1 bundle into an assessments graph (Turtle).

    Every opinion that grades a kgtool IRI (an external reference named kgtool) becomes an
    assessment of its analyst (its created_by_ref identity), at its created time, with its
    explanation as the reason; the grade is its admiralty-scale label or, without one, the
    credibility its confidence maps to. What kgtool exported comes back the same. An opinion
    without a grade, an analyst or a kgtool IRI stops the import (exit 2), naming it.

    \b
    Example:
      kgtool assess import assessments.json -o assessments.ttl
    """
    from kgtool.assessment import exchange, to_graph, to_turtle
    from kgtool.output import emit

    found = exchange.from_stix(bundle)
    emit(to_turtle(to_graph(found)), output)
    say(f"imported {len(found)} assessments")
