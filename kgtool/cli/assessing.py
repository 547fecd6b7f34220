"""The analysts' commands: kgtool assess compile (the assessments file into its own graph)."""

from __future__ import annotations

import click

from kgtool.cli.base import KgtoolCommand, KgtoolSubgroup, say
from kgtool.cli.options import CONTEXT, output_option


@click.group("assess", cls=KgtoolSubgroup, context_settings=CONTEXT)
def assess_group() -> None:
    """Analysts' assessments: sources' reliability (A-F) and claims' credibility (1-6).

    They live in a graph of their own, never in the claims graph: load it beside the claims
    with -d (validate checks the grades against the evidence). See docs/assessments.md.

    \b
    Example:
      kgtool assess compile assessments.toml -o assessments.ttl
    """


@assess_group.command("compile", cls=KgtoolCommand, context_settings=CONTEXT)
@click.argument("assessments", metavar="ASSESSMENTS.toml")
@output_option
def assess_compile_command(assessments: str, output: str | None) -> None:
    """Compile an assessments file (TOML) into the assessments graph (Turtle).

    Each assessment becomes a PROV-O entity attributed to its analyst, with its time, what it
    grades, the grade (a concept of the Admiralty scale) and the reason; a later assessment by
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
    say(f"compiled {len(found)} assessments by {analysts} analysts into {len(graph)} triples")
