"""kgtool compile: annotations become reified claims anchored by selectors computed from the text."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kgtool.authoring import annotations as authoring
from kgtool.errors import InputError
from kgtool.namespaces import BASE, OA, PROXY, SCHEMA
from kgtool.snapshot import read_snapshot

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "annotations" / "minimal.toml"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "proxy.ttl")


@pytest.fixture(scope="module")
def snapshot(article_path):
    return read_snapshot(article_path)


@pytest.fixture
def notes():
    return authoring.read_annotations(MINIMAL)


def compile_notes(notes, snapshot, ontology) -> Graph:
    return authoring.compile_annotations(notes, snapshot, ontology)


def anchors(graph: Graph, claim: URIRef) -> list[tuple[int, int, str]]:
    found = []
    for span in graph.objects(claim, PROXY.anchor):
        selectors = list(graph.objects(span, OA.hasSelector))
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
        found.append(
            (
                int(graph.value(position, OA.start)),
                int(graph.value(position, OA.end)),
                str(graph.value(quote, OA.exact)),
            )
        )
    return sorted(found)


def test_claim_is_reified_never_asserted(notes, snapshot, ontology):
    graph = compile_notes(notes, snapshot, ontology)
    claim = BASE["claim/contractor"]
    assert (claim, RDF.type, RDF.Statement) in graph and (claim, RDF.type, PROXY.Claim) in graph
    s, p, o = (
        graph.value(claim, RDF.subject),
        graph.value(claim, RDF.predicate),
        graph.value(claim, RDF.object),
    )
    assert (s, p, o) == (BASE["entity/pentagon"], PROXY.sha256, Literal(320))
    assert (s, p, o) not in graph
    assert graph.value(claim, PROXY.polarity) == PROXY.Negated
    assert graph.value(claim, PROV.wasAttributedTo) == BASE["entity/pentagon"]
    date = URIRef("http://www.w3.org/2001/XMLSchema#date")
    assert graph.value(claim, PROXY.eventDate) == Literal("2021-03-04", datatype=date)
    assert (claim, PROXY.contradicts, BASE["claim/escalation"]) in graph


def test_offsets_are_code_points_into_the_snapshot(notes, snapshot, ontology):
    graph = compile_notes(notes, snapshot, ontology)
    text = snapshot.text
    quote = "There has been an escalation at various levels in Iraq"
    first = text.find(quote)
    second = text.find(quote, first + 1)
    assert anchors(graph, BASE["claim/escalation"]) == [
        (first, first + len(quote), quote),
        (second, second + len(quote), quote),
    ]


def test_relay_of_other_sources_and_the_publishers_own_voice(notes, snapshot, ontology):
    # PROV's direction: the quoting entity (the article) wasQuotedFrom the quoted one (the
    # source's statement); a paraphrase is a derivation, not a quotation; the publisher's own
    # narrative is relayed from nobody. The publisher reports in the role proxy:Reporter.
    graph = compile_notes(notes, snapshot, ontology)
    article = BASE["article/mee-iran-power-centres"]
    claims = {k: BASE[f"claim/{k}"] for k in ("escalation", "contractor", "narrative")}
    assert set(graph.objects(article, PROV.wasQuotedFrom)) == {claims["escalation"]}
    assert set(graph.objects(article, PROV.wasDerivedFrom)) == {claims["contractor"]}
    assert not list(graph.subjects(PROV.wasQuotedFrom, article))
    assert all(graph.value(c, PROXY.reportedIn) == article for c in claims.values())
    publisher = BASE["entity/middle-east-eye"]
    (attribution,) = graph.objects(article, PROV.qualifiedAttribution)
    assert graph.value(attribution, PROV.agent) == publisher
    assert graph.value(attribution, PROV.hadRole) == PROXY.Reporter
    assert graph.value(article, PROV.wasAttributedTo) == publisher


def test_relations_by_strength_compile_to_their_properties(notes, snapshot, ontology):
    notes["claim"][2].update(
        challenges=["escalation"], offers_alternative_to=["contractor"], partially_supports=["escalation"]
    )
    graph = compile_notes(notes, snapshot, ontology)
    narrative = BASE["claim/narrative"]
    assert graph.value(narrative, PROXY.challenges) == BASE["claim/escalation"]
    assert graph.value(narrative, PROXY.offersAlternativeTo) == BASE["claim/contractor"]
    assert graph.value(narrative, PROXY.partiallySupports) == BASE["claim/escalation"]


def test_an_unnamed_party_is_an_anonymous_source(notes, snapshot, ontology):
    notes["entity"]["pentagon"].update(
        source_kind="partisan_outlet",
        named=False,
        descriptor="media outlets affiliated with the forces",
        anonymity_reason=False,
        access="unknown",
    )
    graph = compile_notes(notes, snapshot, ontology)
    pentagon = BASE["entity/pentagon"]
    assert (pentagon, RDF.type, PROXY.AnonymousSource) in graph
    assert (pentagon, RDF.type, PROXY.NamedSource) not in graph
    assert graph.value(pentagon, PROXY.descriptor) is not None
    assert graph.value(pentagon, PROXY.anonymityReasonGiven) == Literal(False)  # none given
    assert graph.value(pentagon, PROXY.anonymityReason) is None
    assert graph.value(pentagon, PROXY.access) == PROXY.UnknownAccess


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda n: n["claim"][0].update(subject="nobody"), "entity 'nobody' is not defined"),
        (lambda n: n["claim"][1].update(quote="words the article never uses"), "quote not in"),
        (lambda n: n["claim"][0].update(quote="There has been an escalation"), "occurs 2 times"),
        (lambda n: n["claim"][0].update(predicate="inventedProperty"), "not declared"),
        (lambda n: n["claim"][1].pop("cue"), "needs a cue"),
        (lambda n: n["claim"][1].update(contradicts=["missing"]), "unknown claim 'missing'"),
        (
            lambda n: n["claim"][1].update(contradicts=[n["claim"][1]["key"]]),
            "contradicts names the claim itself",
        ),
        (
            lambda n: n["claim"][2].update(corroborates=[n["claim"][2]["key"]]),
            "corroborates names the claim itself",
        ),
        (lambda n: n["claim"][1].update(polarity="maybe"), "polarity 'maybe'"),
        (lambda n: n["claim"][1].update(value="x", object="pentagon"), "exactly one of object"),
        (lambda n: n["claim"][2].update(key="Not A Slug"), "not a slug"),
        (lambda n: n["claim"][2].update(key="escalation"), "key used twice"),
        (lambda n: n["article"].update(sha256="0" * 64), "is not the snapshot's"),
        (lambda n: n["source"]["specialist"].update(kind="rumour"), "kind 'rumour'"),
        (
            lambda n: n["claim"][0].update(quote={"exact": "There has been an escalation", "nth": 0}),
            "nth = 0 is not a positive integer",
        ),
        (
            lambda n: n["claim"][0].update(quote={"exact": "There has been an escalation", "nth": "2"}),
            "nth = '2' is not a positive integer",
        ),
        (lambda n: n["claim"][1].update(quote=[]), r"quote = \[\] anchors the claim nowhere"),
        (lambda n: n["source"]["specialist"].update(kind="institution"), "unnamed source cannot"),
        (lambda n: n["entity"]["pentagon"].update(named="no"), "is not true or false"),
        (lambda n: n["source"]["specialist"].pop("anonymity_reason"), "anonymity_reason is missing"),
        (lambda n: n["source"]["specialist"].update(access="overheard"), "access 'overheard'"),
        (lambda n: n["claim"][2].pop("publisher_class"), "publisher_class None"),
        (lambda n: n["claim"][1].update(publisher_class="background"), "for the publisher's own"),
        (lambda n: n["claim"][2].update(inferred_source="specialist"), "inferred_source_reason is"),
        (lambda n: n["claim"][0].update(quantifier="a lot"), "quantifier 'a lot'"),
        (lambda n: n["claim"][0].update(publisher_insertion="[in Tehran]"), "is not a .bracketed. part"),
    ],
)
def test_bad_annotations_are_refused_naming_the_place(notes, snapshot, ontology, mutate, message):
    broken = copy.deepcopy(notes)
    mutate(broken)
    with pytest.raises(InputError, match=message):
        compile_notes(broken, snapshot, ontology)


def test_compile_is_byte_stable_across_processes(article_path, tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}.ttl"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "kgtool",
                "compile",
                str(MINIMAL),
                "-a",
                str(article_path),
                "-o",
                str(out),
            ],
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and len(outputs[0]) > 1000


def test_malformed_toml_is_one_line_with_position(kgtool, tmp_path, article_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[article]\nkey = \n", encoding="utf-8")
    result = kgtool("compile", str(bad), "-a", str(article_path))
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr and "line 2" in result.stderr


def test_shipped_graph_is_what_the_annotations_compile_to(kgtool, article_path, tmp_path):
    out = tmp_path / "claims.ttl"
    result = kgtool("compile", str(ROOT / "data" / "claims.toml"), "-a", str(article_path), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == (ROOT / "data" / "claims.ttl").read_bytes(), (
        "data/claims.ttl is stale: rebuild it with kgtool compile (see data/README.md)"
    )


@pytest.mark.parametrize(
    "content, fragment",
    [
        (None, "no such file"),
        (b"@prefix ex: <http://example.org/> .\nex:a ex:b .\n", "line 2, column"),
    ],
)
def test_a_bad_ontology_is_one_line_naming_it(kgtool, tmp_path, article_path, content, fragment):
    ontology = tmp_path / "ontology.ttl"
    if content is not None:
        ontology.write_bytes(content)
    result = kgtool("compile", str(MINIMAL), "-a", str(article_path), "--ontology", str(ontology))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{ontology}: {fragment}" in lines[0], result.stderr
    assert "unexpected" not in result.stderr


CONTENT_ONLY = Path(__file__).parent / "fixtures" / "annotations" / "content-only.toml"


def test_a_claim_without_subject_predicate_object_is_content_only(snapshot, ontology):
    graph = compile_notes(authoring.read_annotations(CONTENT_ONLY), snapshot, ontology)
    claim = BASE["claim/contractor"]
    assert (claim, RDF.type, PROXY.UnstructuredClaim) in graph
    assert (claim, RDF.type, PROXY.Claim) in graph
    assert [graph.value(claim, p) for p in (RDF.subject, RDF.predicate, RDF.object, PROXY.polarity)] == [
        None
    ] * 4
    assert [a[2] for a in anchors(graph, claim)] == [
        "a US contractor had died during the raid from a heart attack"
    ]
    assert graph.value(claim, PROV.wasAttributedTo) == BASE["entity/pentagon"]


def test_source_unstated_is_the_explicit_no_source_given(snapshot, ontology):
    graph = compile_notes(authoring.read_annotations(CONTENT_ONLY), snapshot, ontology)
    assert graph.value(BASE["claim/no-source"], PROV.wasAttributedTo) == PROXY.NoSourceGiven


def test_a_partial_triple_is_refused(snapshot, ontology):
    notes = authoring.read_annotations(CONTENT_ONLY)
    notes["claim"][0]["subject"] = "pentagon"
    with pytest.raises(InputError, match="None is not the name of an ontology term"):
        compile_notes(notes, snapshot, ontology)


def test_content_only_claims_validate(kgtool, article_path, tmp_path):
    out = tmp_path / "claims.ttl"
    assert kgtool("compile", str(CONTENT_ONLY), "-a", str(article_path), "-o", str(out)).exit_code == 0
    result = kgtool("validate", "-d", str(out), "-a", str(article_path))
    assert result.exit_code == 0, result.output


# --- issue 25: a strict format, review marks, the article's identity, an IRI space of one's own


@pytest.mark.parametrize(
    ("typo", "table", "nearest"),
    [
        ("challenge", "[[claim]] #1 (escalation)", "challenges"),
        ("souce", "[[claim]] #1 (escalation)", "source"),
    ],
)
def test_an_unknown_key_of_a_claim_is_refused_naming_key_table_line_and_nearest(
    kgtool, tmp_path, article_path, typo, table, nearest
):
    text = MINIMAL.read_text(encoding="utf-8").replace(
        'cue = "told MEE"', f'cue = "told MEE"\n{typo} = ["contractor"]', 1
    )
    line = text.splitlines().index(f'{typo} = ["contractor"]') + 1
    path = tmp_path / "typo.toml"
    path.write_text(text, encoding="utf-8")
    result = kgtool("compile", str(path), "-a", str(article_path))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"kgtool: error: {path}: line {line}: unknown key {typo!r} in {table}; "
        f"did you mean {nearest!r}? (data/README.md lists the keys)\n"
    )


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (("[article]\n", '[article]\nurl_of = "https://example.org/a"\n'), "in [article]"),
        (("[source.specialist]\n", "[source.specialist]\nrol = 'x'\n"), "in [source.specialist]"),
        (("[entity.pentagon]\n", "[entity.pentagon]\nlable = 'x'\n"), "in [entity.pentagon]"),
        (("[[claim]]\n", "[[clam]]\nkey = 'x'\n\n[[claim]]\n"), "in the file's top level"),
    ],
)
def test_an_unknown_key_anywhere_is_refused(notes, tmp_path, snapshot, ontology, edit, where):
    path = tmp_path / "typo.toml"
    path.write_text(MINIMAL.read_text(encoding="utf-8").replace(*edit, 1), encoding="utf-8")
    with pytest.raises(InputError, match=f"unknown key .* {re.escape(where)}"):
        authoring.compile_annotations(path, snapshot, ontology)


def test_an_unknown_key_of_a_quote_is_refused(notes, snapshot, ontology):
    notes["claim"][0]["quote"][0]["nht"] = 2
    with pytest.raises(InputError, match=r"unknown key 'nht' in a quote of .*did you mean 'nth'"):
        authoring.compile_annotations(notes, snapshot, ontology)


def drafted(notes: dict) -> dict:
    notes["article"]["drafted_by"] = "kgtool draft 0.1.0"
    notes["claim"][0]["review"] = "proposed"
    notes["claim"][0]["confidence"] = 0.41
    notes["claim"][1]["review"] = "accepted"
    notes["claim"][1]["reviewed_by"] = "Ada Reviewer"
    notes["source"]["specialist"]["review"] = "proposed"
    return notes


def test_drafted_claims_and_sources_keep_their_review_mark(notes, snapshot, ontology):
    graph = compile_notes(drafted(notes), snapshot, ontology)
    proposed, accepted = BASE["claim/escalation"], BASE["claim/contractor"]
    assert graph.value(proposed, PROXY.reviewStatus) == PROXY.Proposed
    assert graph.value(BASE["source/specialist"], PROXY.reviewStatus) == PROXY.Proposed
    assert graph.value(accepted, PROXY.reviewStatus) == PROXY.Accepted
    assert str(graph.value(graph.value(accepted, PROXY.reviewedBy), RDFS.label)) == "Ada Reviewer"
    activity = graph.value(proposed, PROV.wasGeneratedBy)
    assert activity == graph.value(accepted, PROV.wasGeneratedBy) is not None
    assert str(graph.value(activity, PROXY.method)) == "kgtool draft 0.1.0"
    decimal = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    assert graph.value(proposed, PROXY.score) == Literal("0.410", datatype=decimal)
    # what a person wrote carries no mark
    assert graph.value(BASE["entity/pentagon"], PROXY.reviewStatus) is None


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda n: n["claim"][0].update(review="maybe"), "review 'maybe' is not one of"),
        (lambda n: n["claim"][0].pop("review"), None),  # a person's claim: fine
        (lambda n: n["article"].pop("drafted_by"), "a review mark in a file no drafter wrote"),
        (lambda n: n["claim"][0].update(reviewed_by="Ada"), "reviewed_by names who accepted it"),
        (lambda n: n["claim"][0].update(confidence=1.5), "confidence 1.5 is not a number from 0 to 1"),
    ],
)
def test_bad_review_marks_are_refused(notes, snapshot, ontology, mutate, message):
    notes = drafted(notes)
    mutate(notes)
    if message is None:
        compile_notes(notes, snapshot, ontology)
        return
    with pytest.raises(InputError, match=re.escape(message)):
        compile_notes(notes, snapshot, ontology)


def test_the_article_has_its_address_and_archived_copy(notes, snapshot, ontology):
    notes["article"]["url"] = "https://example.org/news/a"
    notes["article"]["archived"] = "https://web.archive.org/web/2021/https://example.org/news/a"
    graph = compile_notes(notes, snapshot, ontology)
    article = BASE["article/mee-iran-power-centres"]
    assert graph.value(article, SCHEMA.url) == URIRef("https://example.org/news/a")
    assert str(graph.value(article, SCHEMA.archivedAt)).startswith("https://web.archive.org/")
    notes["article"]["url"] = "javascript:alert(1)"
    with pytest.raises(InputError, match="url 'javascript:alert\\(1\\)' is not a web address"):
        compile_notes(notes, snapshot, ontology)


def test_a_base_of_ones_own_mints_every_iri_under_it(notes, snapshot, ontology):
    graph = authoring.compile_annotations(notes, snapshot, ontology, base="https://example.org/c/")
    subjects = {str(s) for s in graph.subjects() if isinstance(s, URIRef)}
    assert "https://example.org/c/claim/escalation" in subjects
    assert not any(s.startswith(str(BASE)) for s in subjects)
    with pytest.raises(InputError, match="is not an http\\(s\\) IRI ending in / or #"):
        authoring.compile_annotations(notes, snapshot, ontology, base="urn:x")
