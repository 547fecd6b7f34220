"""kgtool import brat: brat standoff attributions become content-only claims, anchored."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from rdflib import DCTERMS, RDF, RDFS, Graph, URIRef
from rdflib.namespace import PROV

from kgtool.namespaces import BASE, OA, PROXY, SCHEMA

BRAT = Path(__file__).parent / "fixtures" / "brat"
CORPUS = BRAT / "corpus"
TEXT = (CORPUS / "text" / "alpha.txt").read_text(encoding="utf-8")
CLAIM = "claim/alpha/e{}"


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Graph, str, Path]:
    from click.testing import CliRunner

    from kgtool.cli.program import cli

    out = tmp_path_factory.mktemp("brat") / "claims.ttl"
    result = CliRunner().invoke(cli, ["import", "brat", str(CORPUS), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return Graph().parse(out), result.stderr, out


def exacts(graph: Graph, claim: URIRef, prop: URIRef = PROXY.anchor) -> list[str]:
    """The anchored words of a claim, in the order of the text."""
    found = []
    for span in graph.objects(claim, prop):
        for selector in graph.objects(span, OA.hasSelector):
            if graph.value(selector, OA.start) is not None:
                start, end = int(graph.value(selector, OA.start)), int(graph.value(selector, OA.end))
        found.append((start, TEXT[start:end]))
        assert (
            graph.value(
                next(s for s in graph.objects(span, OA.hasSelector) if graph.value(s, OA.exact) is not None),
                OA.exact,
            ).toPython()
            == TEXT[start:end]
        )
    return [text for _, text in sorted(found)]


def test_one_article_per_text_with_its_digest_and_one_claim_per_attribution(imported):
    graph, _, _ = imported
    assert len(set(graph.subjects(RDF.type, SCHEMA.NewsArticle))) == 2
    article = BASE["article/alpha"]
    digest = hashlib.sha256((CORPUS / "text" / "alpha.txt").read_bytes()).hexdigest()
    assert str(graph.value(article, PROXY.sha256)) == digest
    assert str(graph.value(article, SCHEMA.headline)) == "Senator pledges reform."
    claims = set(graph.subjects(RDF.type, PROXY.Claim))
    assert claims == {BASE[CLAIM.format(n)] for n in (1, 2, 3, 4)} | {BASE["claim/beta/e1"]}
    assert claims == set(graph.subjects(RDF.type, PROXY.UnstructuredClaim))


def test_a_discontinuous_content_is_one_anchor_per_fragment(imported):
    graph, _, _ = imported
    claim = BASE[CLAIM.format(1)]
    assert exacts(graph, claim) == ['"We will fix the roads,"', '"and the bridges too."']
    assert exacts(graph, claim, PROXY.cueAnchor) == ["said"]
    assert exacts(graph, claim, PROXY.sourceAnchor) == ["Senator Jane Roe"]
    assert graph.value(claim, PROXY.reportingMode) == PROXY.DirectQuote
    assert graph.value(BASE[CLAIM.format(3)], PROXY.reportingMode) == PROXY.Paraphrase


def test_an_attribution_without_source_goes_to_no_source_given(imported):
    graph, _, _ = imported
    claim = BASE[CLAIM.format(2)]
    assert graph.value(claim, PROV.wasAttributedTo) == PROXY.NoSourceGiven
    assert exacts(graph, claim) == ["The plan"]
    assert str(graph.value(claim, PROXY.cue)) == "is drawing criticism"


def test_one_source_per_mention_and_a_pronoun_its_own(imported):
    graph, _, _ = imported
    roe, again, she = (graph.value(BASE[CLAIM.format(n)], PROV.wasAttributedTo) for n in (1, 3, 4))
    assert roe == again != she
    assert str(graph.value(roe, RDFS.label)) == "Senator Jane Roe"
    assert str(graph.value(she, RDFS.label)) == "She"
    assert graph.value(roe, PROXY.sourceKind) == PROXY.UnclassifiedKind


def test_unknown_and_housekeeping_spans_are_reported_with_counts(imported):
    _, stderr, _ = imported
    assert "unknown span types, not imported: Opinion (1)" in stderr
    assert "ignored annotator housekeeping: 1 Discuss spans" in stderr
    assert "other records, not imported: 1 annotator notes, 1 relations" in stderr


def test_two_annotators_take_the_first_by_name_and_say_so(imported):
    graph, stderr, _ = imported
    assert "1 articles have several annotators: took the first by name (alpha_aaaa.ann of 2)" in stderr
    assert "--annotators all keeps every annotator's attributions" in stderr
    # alpha_bbbb.ann has one attribution, content "it was urgent" without a source
    assert not [
        c
        for c in graph.subjects(PROXY.reportedIn, BASE["article/alpha"])
        if "it was urgent" in exacts(graph, c) and c != BASE[CLAIM.format(4)]
    ]


def test_every_annotator_keeps_their_attributions_as_claims_of_their_own(kgtool, tmp_path):
    out = tmp_path / "all.ttl"
    result = kgtool("import", "brat", str(CORPUS), "--annotators", "all", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "imported 2 articles, 6 claims" in result.stderr  # 4 + 1 in alpha, 1 in beta
    assert "kept each one's attributions" in result.stderr
    graph = Graph().parse(out)
    assert len(set(graph.subjects(RDF.type, SCHEMA.NewsArticle))) == 2
    creators = {c: graph.value(c, DCTERMS.creator) for c in graph.subjects(RDF.type, PROXY.Claim)}
    second = {c for c, who in creators.items() if who == BASE["annotator/bbbb"]}
    assert [exacts(graph, c) for c in second] == [["it was urgent"]]
    assert all(who is not None for who in creators.values())
    assert kgtool("validate", "-d", str(out), "-q").exit_code == 0


def test_the_import_validates_and_audits(kgtool, imported):
    _, _, out = imported
    result = kgtool("validate", "-d", str(out))  # the one warning: nothing corroborates e2
    assert result.exit_code == 0 and "no violations (1 warning)" in result.stderr, result.stderr
    assert "claim/alpha/e2" in result.stdout
    audit = kgtool("audit", "-d", str(out), "--format", "json")
    assert audit.exit_code == 0, audit.stdout
    summary = json.loads(audit.stdout)["summary"]
    assert (summary["claims"], summary["content_only"]) == (5, 5)
    assert {k: n for k, n in summary["by_status"].items() if n} == {"unstated": 1, "unclassified": 4}


def test_a_span_that_does_not_match_its_text_is_an_error_and_writes_nothing(kgtool, tmp_path):
    out = tmp_path / "claims.ttl"
    out.write_text("previous\n")
    result = kgtool("import", "brat", str(BRAT / "bad-offset"), "-o", str(out))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "bad-offset/attributions/alpha_aaaa.ann:2: span T2 150 163" in line
    assert out.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.ttl"]


def test_a_folder_without_the_brat_layout_is_one_line(kgtool, tmp_path):
    result = kgtool("import", "brat", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"kgtool: error: {tmp_path}: no text/ and attributions/ folders; give a folder in the "
        "brat layout: text/NAME.txt, attributions/NAME_ANNOTATOR.ann"
    ]


def test_debug_after_the_command_shows_the_traceback(kgtool):
    result = kgtool("import", "brat", "--debug", str(BRAT / "bad-offset"))
    assert result.exit_code == 2  # the error's own code, the traceback before its line
    assert "Traceback" in result.stderr and "kgtool.errors.InputError: " in result.stderr
    assert (
        result.stderr.strip().splitlines()[-1].startswith("kgtool: error: ")
        and "alpha_aaaa.ann:2" in result.stderr
    )


def corpus(folder: Path, texts: dict[str, str], annotations: dict[str, str]) -> Path:
    """A brat corpus in ``folder``: text/NAME.txt and attributions/NAME.ann."""
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for name, text in texts.items():
        (folder / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    for name, lines in annotations.items():
        (folder / "attributions" / f"{name}.ann").write_text(lines, encoding="utf-8")
    return folder


BETA_TEXT = (CORPUS / "text" / "beta.txt").read_text(encoding="utf-8")
BETA_ANN = (CORPUS / "attributions" / "beta_aaaa.ann").read_text(encoding="utf-8")


def test_two_names_that_slug_alike_are_two_articles(kgtool, tmp_path):
    folder = corpus(
        tmp_path / "c",
        {"Story-1": BETA_TEXT, "story_1": BETA_TEXT.replace("safe", "sure")},
        {"Story-1": BETA_ANN, "story_1": BETA_ANN.replace("safe", "sure")},
    )
    out = tmp_path / "claims.ttl"
    result = kgtool("import", "brat", str(folder), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "imported 2 articles, 2 claims" in result.stderr
    graph = Graph().parse(out)
    articles = set(graph.subjects(RDF.type, SCHEMA.NewsArticle))
    assert len(articles) == 2
    claims = set(graph.subjects(RDF.type, PROXY.Claim))
    assert len(claims) == 2
    assert {graph.value(c, PROXY.reportedIn) for c in claims} == articles
    assert all(len(set(graph.objects(c, PROXY.reportedIn))) == 1 for c in claims)


@pytest.mark.parametrize(
    ("extra", "line", "ident"),
    [
        ("T3\tContent 14 22\tthe vote\n", 8, "T3"),  # would replace T3's text
        ("E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n", 8, "E1"),  # two claims in one
    ],
)
def test_an_id_defined_twice_is_refused_naming_file_and_line(kgtool, tmp_path, extra, line, ident):
    folder = corpus(tmp_path / "c", {"beta": BETA_TEXT}, {"beta": BETA_ANN + extra})
    out = tmp_path / "claims.ttl"
    result = kgtool("import", "brat", str(folder), "-o", str(out))
    assert result.exit_code == 2
    (message,) = result.stderr.splitlines()
    assert f"c/attributions/beta.ann:{line}: {ident} is defined again (first on line" in message
    assert not out.exists()


@pytest.mark.parametrize(
    ("place", "target"),
    [("text/beta.txt", "/etc/passwd"), ("attributions/beta.ann", "/etc/passwd"), ("text/beta.txt", "fifo")],
)
def test_only_regular_files_inside_the_folder_are_read(kgtool, tmp_path, place, target):
    folder = corpus(tmp_path / "c", {"beta": BETA_TEXT}, {"beta": BETA_ANN})
    (folder / place).unlink()
    if target == "fifo":
        os.mkfifo(folder / place)  # no writer: reading it would block for ever
    else:
        (folder / place).symlink_to(target)
    out = tmp_path / "claims.ttl"
    result = kgtool("import", "brat", str(folder), "-o", str(out))
    assert result.exit_code == 2
    (message,) = result.stderr.splitlines()
    assert f"c/{place}: " in message
    assert not out.exists()


def test_a_link_within_the_folder_is_read(kgtool, tmp_path):
    folder = corpus(tmp_path / "c", {"beta": BETA_TEXT}, {})
    (folder / "attributions" / "beta.ann").symlink_to(tmp_path / "c" / "beta.ann")
    (folder / "beta.ann").write_text(BETA_ANN, encoding="utf-8")
    result = kgtool("import", "brat", str(folder))
    assert result.exit_code == 0, result.stderr
    assert "imported 1 articles, 1 claims" in result.stderr


def test_span_types_reach_the_terminal_escaped(kgtool, tmp_path):
    # an OSC sequence that retitles the window, a clear-screen, a C1 CSI
    kind = "Evil\x1b]0;pwned\x07\x1b[2J\x9b31m"
    folder = corpus(tmp_path / "c", {"beta": BETA_TEXT}, {"beta": BETA_ANN + f"T9\t{kind} 0 9\tOfficials\n"})
    result = kgtool("import", "brat", str(folder), "-o", str(tmp_path / "claims.ttl"))
    assert result.exit_code == 0, result.stderr
    assert "Evil\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m (1)" in result.stderr
    assert not {"\x1b", "\x07", "\x9b"} & set(result.stderr)


def test_two_source_mentions_that_slug_alike_are_two_sources(kgtool, tmp_path):
    text = "al-Sadr said it was over. al Sadr said it was not.\n"
    lines = []
    for n, (source, content) in enumerate((("al-Sadr", "it was over"), ("al Sadr", "it was not")), start=1):
        at = text.index(source)
        cue = text.index("said", at)
        where = text.index(content, cue)
        lines += [
            f"T{4 * n - 3}\tSource {at} {at + len(source)}\t{source}",
            f"T{4 * n - 2}\tCue {cue} {cue + 4}\tsaid",
            f"T{4 * n - 1}\tContent {where} {where + len(content)}\t{content}",
            f"T{4 * n}\tAttribution {cue} {cue + 4}\tsaid",
            f"E{n}\tAttribution:T{4 * n} Source:T{4 * n - 3} Cue:T{4 * n - 2} Content:T{4 * n - 1}",
        ]
    folder = corpus(tmp_path / "c", {"sadr": text}, {"sadr": "\n".join(lines) + "\n"})
    out = tmp_path / "claims.ttl"
    result = kgtool("import", "brat", str(folder), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "2 sources" in result.stderr
    graph = Graph().parse(out)
    sources = {graph.value(c, PROV.wasAttributedTo) for c in graph.subjects(RDF.type, PROXY.Claim)}
    assert len(sources) == 2
    assert sorted(str(graph.value(s, RDFS.label)) for s in sources) == ["al Sadr", "al-Sadr"]


def test_two_annotators_whose_names_slug_alike_keep_their_claims_apart(kgtool, tmp_path):
    folder = corpus(
        tmp_path / "c",
        {"beta": BETA_TEXT},
        {
            "beta_Bob": BETA_ANN,
            "beta_bob": BETA_ANN.replace(
                "T3\tContent 14 30\tthe vote is safe", "T3\tContent 14 22\tthe vote"
            ),
        },
    )
    out = tmp_path / "claims.ttl"
    result = kgtool("import", "brat", str(folder), "--annotators", "all", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "imported 1 articles, 2 claims" in result.stderr
    graph = Graph().parse(out)
    claims = set(graph.subjects(RDF.type, PROXY.Claim))
    assert len(claims) == 2
    assert len({graph.value(c, DCTERMS.creator) for c in claims}) == 2
    assert all(len(set(graph.objects(c, PROXY.anchor))) == 1 for c in claims)


def test_metadata_gives_the_articles_their_date_address_and_wire_credit(kgtool, tmp_path):
    metadata = tmp_path / "metadata.tsv"
    metadata.write_text(
        "filename\tpublisher\tpublication_date\twire\turl\n"
        "alpha\tx\t2016-05-03\tAP\thttps://example.org/alpha\n"
        "beta\tx\tNone\tNone\tNA\n",
        encoding="utf-8",
    )
    out = tmp_path / "claims.ttl"
    result = kgtool("import", "brat", str(CORPUS), "--metadata", str(metadata), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "metadata: 1 articles dated, 1 with a wire credit" in result.stderr
    graph = Graph().parse(out)
    alpha, beta = BASE["article/alpha"], BASE["article/beta"]
    assert str(graph.value(alpha, SCHEMA.datePublished)) == "2016-05-03"
    assert graph.value(alpha, SCHEMA.url) == URIRef("https://example.org/alpha")
    agency = graph.value(alpha, PROXY.wireCredit)
    assert agency == BASE["entity/outlet-associated-press"]  # the IRI kgtool link gives the AP
    assert str(graph.value(agency, RDFS.label)) == "Associated Press"
    assert graph.value(agency, PROXY.sourceKind) == PROXY.PublisherKind
    assert not list(graph.triples((beta, SCHEMA.datePublished, None)))
    assert not list(graph.triples((beta, PROXY.wireCredit, None)))


@pytest.mark.parametrize(
    "row, fragment",
    [
        ("alpha\t3 May 2016\tAP\t", "publication_date '3 May 2016' is not a date"),
        ("alpha\t2016-05-03\tthe Gazette\t", "wire 'the Gazette' is no wire agency"),
        ("alpha\t2016-05-03\tAP\tjavascript:alert(1)", "url 'javascript:alert(1)' is not an http(s) address"),
    ],
)
def test_bad_metadata_is_one_line_naming_file_and_line_and_writes_nothing(kgtool, tmp_path, row, fragment):
    metadata = tmp_path / "metadata.tsv"
    metadata.write_text(f"filename\tpublication_date\twire\turl\n{row}\n", encoding="utf-8")
    out = tmp_path / "claims.ttl"
    result = kgtool("import", "brat", str(CORPUS), "--metadata", str(metadata), "-o", str(out))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{metadata}:2: {fragment}" in lines[0], result.stderr
    assert not out.exists()
    metadata.write_text("name\tdate\nalpha\t2016-05-03\n", encoding="utf-8")
    result = kgtool("import", "brat", str(CORPUS), "--metadata", str(metadata), "-o", str(out))
    assert result.exit_code == 2 and f"{metadata}:1: no column 'filename'" in result.stderr
