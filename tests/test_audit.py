"""kgtool audit and kgtool query from the command line: the JSON contract, exit codes, formats."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STATUSES = {"contested", "sourced", "anonymous", "publisher", "unstated", "unclassified"}
KINDS = {
    "publisher",
    "named_person",
    "institution",
    "document",
    "anonymous_individual",
    "anonymous_group",
    "partisan_outlet",
    "claimant",
    "unstated",
    "unclassified",
}


@pytest.fixture(scope="module")
def report():
    from click.testing import CliRunner

    from kgtool.cli.program import cli

    result = CliRunner().invoke(cli, ["audit", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_contract_keys(report):
    assert {"summary", "claims", "sources", "violations"} <= set(report)
    summary = report["summary"]
    assert set(summary["by_status"]) == STATUSES
    assert set(summary["by_source_kind"]) == KINDS
    assert summary["claims"] == len(report["claims"]) == sum(summary["by_status"].values())
    for claim in report["claims"]:
        assert {
            "iri",
            "status",
            "quote",
            "start",
            "end",
            "anchors",
            "subject",
            "predicate",
            "object",
            "polarity",
            "source",
            "source_label",
            "source_kind",
            "contested_by",
            "disputes",
            "corroborated_by",
            "corroborations",
            "publisher_class",
            "inferred_source",
        } <= set(claim)
        assert claim["status"] in STATUSES and claim["source_kind"] in KINDS
        assert claim["polarity"] in {"affirmed", "negated"}
        assert claim["anchors"][0] == {"quote": claim["quote"], "start": claim["start"], "end": claim["end"]}
    for source in report["sources"]:
        assert {"iri", "label", "kind", "unnamed", "descriptor", "claims"} <= set(source)
    assert summary["disputes"] == len(report["disputes"])
    assert summary["dispute_links"] == sum(len(d["links"]) for d in report["disputes"])
    for check in report["violations"]:
        assert {"check", "rows"} <= set(check)


def test_offsets_point_into_the_snapshot(report, article_path):
    text = article_path.read_text(encoding="utf-8")
    for claim in report["claims"]:
        for anchor in claim["anchors"]:
            assert text[anchor["start"] : anchor["end"]] == anchor["quote"]


def test_contested_exactly_when_disputed(report):
    for claim in report["claims"]:
        assert (claim["status"] == "contested") == bool(claim["contested_by"]), claim["iri"]


def test_each_dispute_quotes_the_first_anchor_of_both_claims(report, article_path):
    text = article_path.read_text(encoding="utf-8")
    by_iri = {c["iri"]: c for c in report["claims"]}
    assert report["disputes"]
    for dispute in report["disputes"]:
        for link in dispute["links"]:
            for side in ("claim", "counter"):
                first = min(by_iri[link[side]]["anchors"], key=lambda a: (a["start"], a["end"]))
                assert link[f"{side}_quote"] == text[first["start"] : first["end"]]


def test_every_dispute_of_a_claim_names_its_disagreement_and_both_ends_agree(report):
    ids = {d["id"]: d for d in report["disputes"]}
    by_iri = {c["iri"]: c for c in report["claims"]}
    for claim in report["claims"]:
        for d in claim["disputes"]:
            assert d["direction"] in {"out", "in"} and d["dispute"] in ids
            assert d["relation"] in {"contradicts", "denies", "challenges", "offersAlternativeTo", "disputes"}
            mirror = {"out": "in", "in": "out"}[d["direction"]] if d["how"] == "link" else "out"
            assert {
                "claim": claim["iri"],
                "relation": d["relation"],
                "direction": mirror,
                "how": d["how"],
                "dispute": d["dispute"],
            } in by_iri[d["claim"]]["disputes"]
            assert claim["iri"] in {
                x for link in ids[d["dispute"]]["links"] for x in (link["claim"], link["counter"])
            }


def test_corroborations_carry_their_independence(report):
    by_iri = {c["iri"]: c for c in report["claims"]}
    seen = set()
    for claim in report["claims"]:
        assert {c["claim"] for c in claim["corroborations"]} == set(claim["corroborated_by"])
        for c in claim["corroborations"]:
            assert isinstance(c["independent"], bool) and c["reason"]
            seen.add(c["independent"])
            if not c["independent"]:
                assert by_iri[c["claim"]]["source"] != claim["source"] or c["reason"] == "same source"
    assert seen == {True, False}  # the article has both (see test_queries)


def test_contest_and_corroboration_come_from_other_sources(report):
    by_iri = {c["iri"]: c for c in report["claims"]}
    for claim in report["claims"]:
        for other in claim["contested_by"] + claim["corroborated_by"]:
            assert by_iri[other]["source"] != claim["source"], (claim["iri"], other)


def test_status_follows_who_stands_behind_the_claim(report):
    # "publisher" (formerly "unsourced"): the publisher's own assertion; "anonymous": a source
    # the text does not name, whatever its kind (unnamed partisan outlets included)
    unnamed = {s["iri"] for s in report["sources"] if s["unnamed"]}
    assert any(s["kind"] == "partisan_outlet" for s in report["sources"] if s["unnamed"])
    for claim in report["claims"]:
        if claim["status"] != "contested":
            expected = (
                "publisher"
                if claim["source_kind"] == "publisher"
                else "anonymous"
                if claim["source"] in unnamed
                else "sourced"
            )
            assert claim["status"] == expected, claim["iri"]


def test_shipped_data_passes_every_check(kgtool, report):
    assert all(check["rows"] == [] for check in report["violations"])
    assert len(report["violations"]) >= 4


def test_failed_check_exits_1_and_prints_the_rows(kgtool, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        """
        @prefix proxy: <https://w3id.org/kgtool/proxy#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        <urn:claim> a proxy:Claim ; rdf:subject <urn:a> ; rdf:predicate <urn:p> ;
            rdf:object <urn:b> ; proxy:polarity proxy:Affirmed ; prov:wasAttributedTo <urn:s> .
        <urn:s> proxy:sourceKind proxy:PublisherKind .
    """,
        encoding="utf-8",
    )
    result = kgtool("audit", "-d", str(ROOT / "ontology" / "proxy.ttl"), "-d", str(broken))
    assert result.exit_code == 1
    assert re.search(r"FAIL\s+claim-without-anchor-violation", result.stdout)
    assert "claim=urn:claim" in result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_format_shows_the_disputes(kgtool, fmt):
    result = kgtool("audit", "--format", fmt)
    assert result.exit_code == 0
    assert "did not cause any casualties" in result.stdout  # the Iraqi military's claim
    assert "Pentagon" in result.stdout


def test_html_is_one_self_contained_page(kgtool, tmp_path):
    out = tmp_path / "audit.html"
    assert kgtool("audit", "--format", "html", "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")

    class Collect(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []
            self.urls: list[str] = []

        def handle_starttag(self, tag, attrs):
            # what a browser would load: src of anything, href of <link>; <a> is navigation
            self.tags.append(tag)
            self.urls += [v for k, v in attrs if v and (k == "src" or (k == "href" and tag == "link"))]

    parser = Collect()
    parser.feed(page)
    assert "svg" in parser.tags and "rect" in parser.tags
    assert not [u for u in parser.urls if re.match(r"(https?:)?//", u)]
    assert "<script" not in page
    assert "<a href=" in page  # the disputes link to their claims


def test_query_list_and_param(kgtool):
    listing = kgtool("query", "--list")
    assert listing.exit_code == 0 and "claims-by-status" in listing.stdout
    result = kgtool(
        "query",
        "claims-about-entity",
        "-p",
        "entity=https://w3id.org/kgtool/id/entity/hejazi",
        "--results",
        "json",
    )
    assert result.exit_code == 0
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert rows and all(r["entity"]["value"].endswith("/hejazi") for r in rows)


def test_query_injection_is_refused_or_inert(kgtool):
    refused = kgtool("query", "claims-about-entity", "-p", "entity=<http://x> . ?s ?p ?o <y>")
    assert refused.exit_code == 2 and "not a valid absolute IRI" in refused.stderr
    inert = kgtool("query", "claims-about-entity", "-p", 'entity="} ; DROP ALL ; #', "--results", "json")
    assert inert.exit_code == 0
    assert json.loads(inert.stdout)["results"]["bindings"] == []


def test_query_file_stdin_and_construct(kgtool, tmp_path):
    query = tmp_path / "labels.rq"
    query.write_text(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }",
        encoding="utf-8",
    )
    result = kgtool("query", str(query), "--to", "ntriples")
    assert result.exit_code == 0 and result.stdout.count(" .\n") > 100
    asked = kgtool("query", "-", "--results", "json", input="ASK { ?s ?p ?o }")
    assert json.loads(asked.stdout) == {"head": {}, "boolean": True}


def test_query_that_does_not_parse_names_line_and_column(kgtool):
    result = kgtool("query", "-", input="SELECT * WHERE {\n ?s ?p\n}")
    assert result.exit_code == 2
    assert re.search(r"line \d+, column \d+", result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_query_name(kgtool):
    result = kgtool("query", "no-such-query")
    # the library says "list the library's queries"; the CLI names its flag
    assert result.exit_code == 2 and result.stderr.endswith("(--list)\n")


def test_endpoint_and_data_are_exclusive(kgtool):
    result = kgtool("audit", "-e", "http://127.0.0.1:9/sparql", "-d", "x.ttl")
    assert result.exit_code == 2 and "not both" in result.stderr


def test_audit_against_the_server_equals_embedded(kgtool, start_oxigraph, report):
    server = start_oxigraph([ROOT / "ontology" / "proxy.ttl", ROOT / "data" / "claims.ttl"])
    result = kgtool("audit", "-e", server.url, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == report


def test_json_report_is_the_audit_one_record_per_line(kgtool):
    from kgtool.audit.report import render_json
    from kgtool.audit.run import run_audit
    from kgtool.inputs import loading

    audit = run_audit(loading.load())
    text = render_json(audit)
    assert json.loads(text) == audit.as_dict()
    lines = text.splitlines()
    assert len(lines) > len(audit.claims) + len(audit.sources) + len(audit.disputes)
    assert sum(line.startswith('    {"iri": "https://w3id.org/kgtool/id/claim/') for line in lines) == len(
        audit.claims
    )
    assert kgtool("audit", "--format", "json").stdout == text  # the command writes it in pieces


# --- what the audit needs from the ontology -------------------------------------------------


def test_library_audit_of_claims_without_ontology_stops_naming_what_is_missing():
    from kgtool.audit.run import run_audit
    from kgtool.errors import VocabularyMissing
    from kgtool.inputs import loading

    claims_only = loading.load([ROOT / "data" / "claims.ttl"], ontology=None)
    with pytest.raises(VocabularyMissing) as error:
        run_audit(claims_only)
    message = str(error.value)
    assert "source kinds (proxy:AnonymousGroupKind" in message
    assert "claim predicates (proxy:" in message
    assert "ontology/proxy.ttl" in message and "\n" not in message


@pytest.fixture(scope="module")
def claims_only_server(start_oxigraph):
    return start_oxigraph([ROOT / "data" / "claims.ttl"])


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_audit_of_an_endpoint_without_ontology_exits_2_before_printing(
    kgtool, claims_only_server, tmp_path, fmt
):
    server = claims_only_server
    out = tmp_path / f"audit.{fmt}"
    for args in ((), ("-o", str(out))):
        result = kgtool("audit", "-e", server.url, "--format", fmt, *args)
        assert result.exit_code == 2, result.output
        assert result.stdout == "" and not out.exists()
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"kgtool: error: {server.url} lacks the ")
        assert "source kinds (proxy:" in lines[0] and "null" not in lines[0]


# --- claims, not rows -------------------------------------------------------------------------


def test_a_claim_with_two_sources_is_one_claim_and_fails_a_check(kgtool):
    # The fixture: three claims; claim/escalation is attributed to two sources.
    fixture = ROOT / "tests" / "fixtures" / "shapes" / "claim-invalid-two-sources.ttl"
    result = kgtool(
        "audit", "-d", str(ROOT / "ontology" / "proxy.ttl"), "-d", str(fixture), "--format", "json"
    )
    assert result.exit_code == 1, result.stderr
    audit = json.loads(result.stdout)
    assert audit["summary"]["claims"] == 3 == sum(audit["summary"]["by_status"].values())
    assert sorted(c["iri"].rsplit("/", 1)[1] for c in audit["claims"]) == [
        "denial",
        "escalation",
        "un-report",
    ]
    unclear = next(v for v in audit["violations"] if v["check"] == "claim-without-single-content")
    assert unclear["rows"] == [
        {"claim": "https://w3id.org/kgtool/id/claim/escalation", "problem": "several values (2 rows)"}
    ]


INCOMPLETE = """
@prefix proxy: <https://w3id.org/kgtool/proxy#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<urn:no-polarity> a proxy:Claim ; rdf:subject <urn:a> ; rdf:predicate proxy:memberOf ;
    rdf:object <urn:b> ; prov:wasAttributedTo <urn:publisher> .
<urn:publisher> proxy:sourceKind proxy:PublisherKind .
<urn:kindless-source> a proxy:Claim ; rdf:subject <urn:a> ; rdf:predicate proxy:memberOf ;
    rdf:object <urn:b> ; proxy:polarity proxy:Affirmed ; prov:wasAttributedTo <urn:someone> .
"""


def test_a_claim_contradicting_itself_is_not_contested_and_fails_a_check(kgtool, report, tmp_path):
    # issue 24, item 3: the contested count went up by one, with exit 0
    claim = next(c["iri"] for c in report["claims"] if c["status"] == "publisher")
    extra = tmp_path / "self.ttl"
    extra.write_text(f"<{claim}> <https://w3id.org/kgtool/proxy#contradicts> <{claim}> .\n", encoding="utf-8")
    result = kgtool("audit", "-d", str(ROOT / "data" / "claims.ttl"), "-d", str(extra), "--format", "json")
    assert result.exit_code == 1, result.stderr
    audit = json.loads(result.stdout)
    assert audit["summary"]["by_status"] == report["summary"]["by_status"]
    assert audit["summary"]["disputes"] == report["summary"]["disputes"]
    check = next(v for v in audit["violations"] if v["check"] == "self-relation-violation")
    assert check["rows"] == [{"claim": claim, "relation": "https://w3id.org/kgtool/proxy#contradicts"}]


@pytest.mark.parametrize("text", ["", "<urn:a> <urn:b> <urn:c> .\n"], ids=["empty", "no-claim"])
def test_data_without_claims_fails_the_audit_saying_so(kgtool, tmp_path, text):
    # issue 24, item 6: "0 claims, 0 disputes, 0 failed checks" with exit 0
    data = tmp_path / "data.ttl"
    data.write_text(text, encoding="utf-8")
    result = kgtool("audit", "-d", str(ROOT / "ontology" / "proxy.ttl"), "-d", str(data))
    assert result.exit_code == 1, result.stderr
    assert "the data holds no claim (proxy:Claim), nothing was audited" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_incomplete_claims_are_counted_and_fail_a_check(kgtool, tmp_path, fmt):
    data = tmp_path / "incomplete.ttl"
    data.write_text(INCOMPLETE, encoding="utf-8")
    result = kgtool("audit", "-d", str(ROOT / "ontology" / "proxy.ttl"), "-d", str(data), "--format", fmt)
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("2 claims, ")
    assert "unknown" in result.stdout  # the status and kind of the claim of the kindless source
    if fmt == "json":
        audit = json.loads(result.stdout)
        assert audit["summary"]["by_status"] == {
            "contested": 0,
            "sourced": 0,
            "anonymous": 0,
            "publisher": 1,
            "unstated": 0,
            "unclassified": 0,
            "unknown": 1,
        }
        assert audit["summary"]["by_source_kind"]["unknown"] == 1
        unclear = next(v for v in audit["violations"] if v["check"] == "claim-without-single-content")
        assert unclear["rows"] == [
            {"claim": "urn:kindless-source", "problem": "no kind"},
            {"claim": "urn:no-polarity", "problem": "no polarity"},
        ]


# --- parameters -------------------------------------------------------------------------------


def test_param_takes_the_prefixed_names_kgtool_prints(kgtool):
    def rows(value: str) -> list:
        result = kgtool("query", "claims-about-entity", "-p", f"entity={value}", "--results", "json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)["results"]["bindings"]

    full = rows("https://w3id.org/kgtool/id/entity/khamenei")
    assert full and rows("entity:khamenei") == full == rows("<https://w3id.org/kgtool/id/entity/khamenei>")
    table = kgtool("query", "claims-about-entity", "-p", "entity=entity:khamenei").stdout
    assert "entity:khamenei" in table  # what the table prints is what -p takes back


@pytest.mark.parametrize("value", ["entity:khameni", "https://w3id.org/kgtool/id/entity/nobody"])
def test_param_naming_an_iri_absent_from_the_graph_exits_2(kgtool, value):
    result = kgtool("query", "claims-about-entity", "-p", f"entity={value}")
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "parameter entity=" in lines[0] and value.split("/")[-1] in lines[0]
    # the library names no flag and no command: the CLI adds both
    assert lines[0].endswith(
        "check the IRI given (--param); see 'kgtool query claims-by-status', 'kgtool query sources'"
    )
    assert "kgtool query claims-by-status" in lines[0]


# The article's disagreements as a careful reader tells them: who disputes whom, and how. The
# several claims of one side count once (several links, one disagreement).
DISAGREEMENTS = [
    ({"hashd-al-shaabi", "middle-east-eye"}, {"challenges"}),
    ({"pentagon", "iraqi-military"}, {"contradicts"}),
    ({"araji", "partisan-media-outlets"}, {"denies"}),
    ({"close-to-araji", "araji"}, {"challenges"}),
    ({"new-armed-groups", "officials", "specialist"}, {"contradicts"}),
]


def test_the_audit_reads_the_disputes_as_a_careful_reader(report):
    def local(iri: str) -> str:
        return iri.rsplit("/", 1)[1]

    found = [
        (
            {local(x) for link in d["links"] for x in (link["claim_source"], link["counter_source"])},
            {link["relation"] for link in d["links"]},
        )
        for d in report["disputes"]
    ]
    assert found == DISAGREEMENTS  # in the order of the text
    assert report["summary"]["disputes"] == 5
    assert report["summary"]["dispute_links"] == sum(len(d["links"]) for d in report["disputes"])
    challenged = {c["iri"].rsplit("/", 1)[1] for c in report["claims"] if c["status"] == "contested"}
    assert "us-strike-in-syria" in challenged  # the target of a challenge is contested...
    assert "hashd-called-for-investigation" not in challenged  # ... the challenger is not


def test_publisher_claims_by_what_they_are(report):
    by_class = report["summary"]["publisher_by_class"]
    assert set(by_class) == {"headline", "background", "event_report", "exclusive", "analysis"}
    assert sum(by_class.values()) == report["summary"]["by_status"]["publisher"]
    unnamed = {s["iri"] for s in report["sources"] if s["unnamed"]}
    inferred = [c for c in report["claims"] if c["inferred_source"]]
    # an inferred source is only ever given to the publisher's exclusive reporting, and in this
    # article it is always an unnamed source of a nearby paragraph
    assert inferred and all(c["publisher_class"] == "exclusive" for c in inferred)
    assert all(c["inferred_source"] in unnamed for c in inferred)


def test_content_only_claims_are_counted_by_source_and_status(kgtool, article_path, tmp_path):
    """A content-only claim lacks no content (its anchored text is its content); one without a
    source in the text counts as "unstated", by status and by kind."""
    data = tmp_path / "content-only.ttl"
    annotations = ROOT / "tests" / "fixtures" / "annotations" / "content-only.toml"
    assert kgtool("compile", str(annotations), "-a", str(article_path), "-o", str(data)).exit_code == 0
    result = kgtool("audit", "-d", str(data), "--format", "json")
    assert result.exit_code == 0, result.stdout
    audit = json.loads(result.stdout)
    summary = audit["summary"]
    assert summary["content_only"] == 2
    assert summary["by_status"]["unstated"] == 1 and summary["by_status"]["sourced"] == 1
    assert summary["by_source_kind"]["unstated"] == 1
    assert summary["by_source_kind"]["institution"] == 1
    claims = {c["iri"].rsplit("/", 1)[-1]: c for c in audit["claims"]}
    assert claims["no-source"]["source"] == "https://w3id.org/kgtool/proxy#NoSourceGiven"
    assert claims["contractor"]["content_only"] is True
    assert claims["contractor"]["quote"] == ("a US contractor had died during the raid from a heart attack")


def test_audit_records_are_frozen_slotted_dataclasses():
    # a dict per claim held a third of the audit's memory above the store at 100,000 claims
    import dataclasses

    from kgtool.audit import records as audit_records
    from kgtool.audit.run import run_audit
    from kgtool.inputs import loading

    audit = run_audit(loading.load())
    claim = next(c for c in audit.claims if c.disputes and c.corroborations)
    records = [
        claim,
        claim.anchors[0],
        claim.disputes[0],
        claim.corroborations[0],
        audit.sources[0],
        audit.disputes[0],
        audit.disputes[0].links[0],
        audit.violations[0],
    ]
    assert [type(r).__name__ for r in records] == [
        "Claim",
        "Anchor",
        "ClaimDispute",
        "Corroboration",
        "Source",
        "Dispute",
        "DisputeLink",
        "Check",
    ]
    for record in records:
        assert isinstance(record, audit_records.Record) and not hasattr(record, "__dict__")
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, dataclasses.fields(record)[0].name, None)
    assert (claim.quote, claim.start, claim.end) == (
        claim.anchors[0].quote,
        claim.anchors[0].start,
        claim.anchors[0].end,
    )


def test_json_report_is_the_records_fields_in_order(report):
    from kgtool.audit.records import Claim, Source

    assert list(report["claims"][0]) == list(Claim.JSON)
    assert list(report["sources"][0]) == list(Source.JSON)
    assert list(report["claims"][0]["anchors"][0]) == ["quote", "start", "end"]


def test_drafted_claims_nobody_reviewed_are_counted_apart(tmp_path, article_path):
    """Issue 25, item 4: a proposal of the drafter is never counted as reviewed work."""
    from kgtool.audit import run_audit
    from kgtool.audit.report import render_json, render_markdown, render_text
    from kgtool.authoring.annotations import compile_annotations, read_annotations
    from kgtool.inputs import load
    from kgtool.namespaces import BASE
    from kgtool.snapshot import read_snapshot

    notes = read_annotations(ROOT / "tests" / "fixtures" / "annotations" / "minimal.toml")
    notes["article"]["drafted_by"] = "kgtool draft 0.1.0"
    notes["claim"][0]["review"] = "proposed"
    notes["claim"][1]["review"] = "accepted"
    graph = compile_annotations(notes, read_snapshot(article_path))
    path = tmp_path / "drafted.ttl"
    graph.serialize(path, format="turtle")
    audit = run_audit(load([path]))
    proposed = f"{BASE}claim/{notes['claim'][0]['key']}"
    reviewed = {claim.iri: claim.reviewed for claim in audit.claims}
    assert reviewed[proposed] is False
    assert sum(not r for r in reviewed.values()) == 1  # accepted and hand-written claims are reviewed
    summary = audit.summary()
    status = next(c.status for c in audit.claims if c.iri == proposed)
    assert summary["unreviewed"] == 1
    assert summary["unreviewed_by_status"][status] == 1
    in_json = {c["iri"]: c["reviewed"] for c in json.loads(render_json(audit))["claims"]}
    assert in_json == reviewed and json.loads(render_json(audit))["summary"]["unreviewed"] == 1
    assert f"{status}" in render_text(audit) and "(1 not reviewed)" in render_text(audit)
    assert "| of which not reviewed |" in render_markdown(audit)


def test_a_query_lists_its_parameters_and_refuses_to_run_without_them(kgtool, tmp_path):
    # the query keeps its own name, not that of its last parameter
    assert "\nsource-claims " in "\n" + kgtool("query", "--list").stdout
    listed = kgtool("query", "source-claims", "--list-params")
    assert listed.exit_code == 0
    assert listed.stdout.split(None, 1)[0] == "source" and len(listed.stdout.splitlines()) == 1
    none = kgtool("query", "claims-by-status", "--list-params")
    assert none.exit_code == 0 and none.stdout == "" and "declares no parameters" in none.stderr
    # without it, the query answered for every source at once, with exit 0
    missing = kgtool("query", "source-claims")
    assert missing.exit_code == 2 and missing.stdout == ""
    assert missing.stderr.startswith("kgtool: error: query source-claims needs the parameter source;")
    assert missing.stderr.rstrip().endswith("give source=VALUE (--param)")
    # a query file of one's own declares its parameters alike
    own = tmp_path / "mine.rq"
    own.write_text("#+ param: who - a source\n#+ param: what - a claim\nSELECT * WHERE { ?what ?p ?who }\n")
    assert kgtool("query", str(own), "--list-params").stdout.splitlines()[1].split() == ["what", "a", "claim"]
    both = kgtool("query", str(own), "-p", "what=entity:khamenei")
    assert both.exit_code == 2 and f"query {own} needs the parameter who;" in both.stderr
