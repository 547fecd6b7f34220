"""The format registry resolves every format by name, extension and media type."""

from __future__ import annotations

import pytest

from kgtool import formats
from kgtool.errors import UsageError
from kgtool.formats import FORMATS, Kind

EXPECTED = {"turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml", "json", "xml", "csv", "tsv", "table"}


def test_registry_holds_the_expected_formats():
    assert {f.name for f in FORMATS} == EXPECTED


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_resolves_by_name_extension_and_media_type(fmt):
    assert formats.by_name(fmt.name, fmt.kind) is fmt
    assert formats.by_name(fmt.name.upper(), fmt.kind) is fmt
    for alias in fmt.aliases:
        assert formats.by_name(alias, fmt.kind) is fmt
    for ext in fmt.extensions:
        assert formats.by_extension(f"some/file.{ext}", fmt.kind) is fmt
    for media_type in fmt.media_types:
        assert formats.by_media_type(f"{media_type}; charset=utf-8", fmt.kind) is fmt
        assert formats.by_name(media_type.upper(), fmt.kind) is fmt  # format options take them


def test_oxigraph_names_are_real():
    import pyoxigraph as ox

    for fmt in FORMATS:
        if fmt.oxigraph:
            enum = ox.QueryResultsFormat if fmt.kind is Kind.RESULTS else ox.RdfFormat
            assert formats.by_media_type(getattr(enum, fmt.oxigraph).media_type, fmt.kind) is fmt


def test_media_types_agree_with_rdflib_plugins():
    from rdflib.plugin import Parser, Serializer, get

    for fmt in FORMATS:
        if fmt.rdflib and fmt.kind is not Kind.RESULTS:
            assert get(fmt.rdflib, Parser) and get(fmt.rdflib, Serializer)


def test_ambiguous_extension_needs_a_kind():
    assert formats.by_extension("x.json", Kind.RESULTS).name == "json"
    assert formats.by_extension("x.json", Kind.DATASET).name == "jsonld"
    assert formats.by_extension("x.ttl.gz").name == "turtle"
    assert formats.by_extension("noextension") is None


def test_unknown_format_is_a_usage_error_naming_the_choices():
    with pytest.raises(UsageError, match="turtle"):
        formats.by_name("yaml", Kind.GRAPH)
    with pytest.raises(UsageError, match="name its format") as error:
        formats.guess("data.unknown", None, Kind.GRAPH)
    assert error.value.options == ("data_format",)  # the CLI names it --data-format


def test_format_options_take_the_media_types_that_kgtool_formats_lists(kgtool):
    from rdflib import Graph

    result = kgtool("export", "-q", "--to", "text/turtle")
    assert result.exit_code == 0, result.stderr
    assert len(Graph().parse(data=result.stdout, format="turtle")) > 1000
    result = kgtool("query", "-q", "claims-by-status", "--results", "text/csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("claim,status,")


# --- properties of the registry drive behaviour: every format that claims one keeps it -------

RDF_FORMATS = [f for f in FORMATS if f.is_rdf]
NOT_RDF = [f for f in FORMATS if not f.is_rdf]
SAMPLE = """@prefix proxy: <https://w3id.org/kgtool/proxy#> .
<https://w3id.org/kgtool/id/claim/b> a proxy:Claim ; proxy:cue "said"@en , "tab\\there" .
<https://w3id.org/kgtool/id/claim/a> proxy:cue "told MEE" .
"""


def _sample() -> list:
    import pyoxigraph as ox

    return list(ox.parse(SAMPLE.encode(), ox.RdfFormat.TURTLE))


def test_the_registry_names_rdf_formats_of_every_kind_with_and_without_each_property():
    assert len(RDF_FORMATS) == 6 and len(NOT_RDF) == 5
    for flag in ("prefixes", "lines", "triple_terms", "streamable"):
        assert {getattr(f, flag) for f in RDF_FORMATS} == {True, False}, flag


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_every_rdf_format_is_written_and_read_back_by_its_properties(fmt):
    import pyoxigraph as ox

    from kgtool.publish import export

    data = export.serialize(_sample(), fmt)
    assert set(ox.parse(data, getattr(ox.RdfFormat, fmt.oxigraph))) == set(_sample())
    if fmt.syntax is not formats.Syntax.JSON:  # JSON-LD is compacted with its own context
        assert (b"proxy:" in data) == fmt.prefixes  # the prefixes of namespaces.PREFIXES


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_sorted_output_is_for_line_formats_only(fmt):
    from kgtool.publish import export

    if not fmt.lines:
        with pytest.raises(UsageError, match="sorted lines"):
            export.serialize(_sample(), fmt, sorted_lines=True)
        return
    lines = export.serialize(_sample(), fmt, sorted_lines=True).decode().splitlines()
    assert lines == sorted(lines) and len(lines) == len(_sample())


@pytest.mark.parametrize("fmt", NOT_RDF, ids=lambda f: f.name)
def test_a_results_format_is_refused_wherever_rdf_is_written(fmt):
    from kgtool.engines.oxigraph import OxigraphEngine
    from kgtool.engines.rdflib import RdflibEngine
    from kgtool.publish import export

    with pytest.raises(UsageError, match="is not an RDF format"):
        export.serialize(_sample(), fmt)
    for engine in (OxigraphEngine(), RdflibEngine()):
        with pytest.raises(UsageError, match="is not an RDF format"):
            engine.dump(fmt)


def test_the_server_offers_every_format_but_the_one_for_people():
    from kgtool.web.negotiation import RDF_OFFERS, RESULT_OFFERS

    offered = {f.name for f in RDF_OFFERS + RESULT_OFFERS}
    assert offered == {f.name for f in FORMATS if not f.for_people} == EXPECTED - {"table"}
