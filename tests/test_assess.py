"""Analysts' assessments (issue 27): recorded apart from the claims, checked against the
evidence, exchanged with analysts' tools."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import PROV, SH

from kgtool.assessment import compile_assessments, to_graph
from kgtool.assessment.records import current
from kgtool.namespaces import BASE, PROXY

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "assessments.toml"
CLAIMS = ROOT / "data" / "claims.ttl"
SPECIALIST = str(BASE) + "source/specialist"


@pytest.fixture(scope="module")
def example() -> Graph:
    return to_graph(compile_assessments(EXAMPLE))


# --- item 1: assessments as acts, in a graph of their own ---------------------------------


def test_each_assessment_is_an_act_of_its_analyst(example):
    assessments = set(example.subjects(PROXY.assessed, None))
    assert len(assessments) == 5
    for node in assessments:
        analyst = example.value(node, PROV.wasAttributedTo)
        assert (analyst, RDF.type, PROV.Agent) in example
        assert example.value(node, PROV.generatedAtTime) is not None
        assert str(example.value(node, PROXY.reason)).strip()
    grades = {
        str(example.value(node, PROV.wasAttributedTo)).rsplit("/", 1)[1]: example.value(node, PROXY.grade)
        for node in assessments
        if str(example.value(node, PROXY.assessed)) == SPECIALIST
        and (node, PROV.wasRevisionOf, None) not in example
        and (None, PROV.wasRevisionOf, node) not in example
    }
    assert grades == {"bo": PROXY.ReliabilityF}  # the disagreeing analyst's grade is kept


def test_a_later_assessment_by_the_same_analyst_supersedes_the_earlier(example):
    (later, earlier) = next(iter(example.subject_objects(PROV.wasRevisionOf)))
    assert example.value(later, PROXY.grade) == PROXY.ReliabilityB
    assert example.value(earlier, PROXY.grade) == PROXY.ReliabilityC
    assert len(list(example.subject_objects(PROV.wasRevisionOf))) == 1
    kept = current(compile_assessments(EXAMPLE))
    assert sorted((a.analyst.name, a.grade) for a in kept if a.assessed == SPECIALIST) == [
        ("Ana Analyst", "B"),
        ("Bo Analyst", "F"),
    ]


def test_the_assessments_graph_says_nothing_about_claims_or_sources(example):
    described = {s for s in example.subjects() if isinstance(s, URIRef)}
    assert described and all(str(s).startswith((f"{BASE}assessment/", f"{BASE}analyst/")) for s in described)


def test_compile_writes_turtle_that_validates_beside_the_claims(kgtool, tmp_path):
    out = tmp_path / "assessments.ttl"
    result = kgtool("assess", "compile", str(EXAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "5 assessments by 2 analysts" in result.stderr
    assert Graph().parse(out).isomorphic(to_graph(compile_assessments(EXAMPLE)))
    checked = kgtool("validate", "-d", str(CLAIMS), "-d", str(out))
    assert checked.exit_code == 0, checked.stdout
    assert "GradeAgainstEvidence" not in checked.stdout  # ana's grade 1 has an independent root


@pytest.mark.parametrize(
    "change, words",
    [
        (('grade = "C"', 'grade = "3"'), "does not grade a source"),
        (('analyst = "bo"', 'analyst = "cy"'), "analyst 'cy' is not declared"),
        (("time = 2026-12-01T09:00:00Z", "time = 2026-12-01T09:00:00"), "with its zone"),
        (('source = "source:specialist"', 'source = "specialist"'), "is not an IRI"),
        (("2026-12-03T14:30:00Z", "2026-12-01T09:00:00Z"), "twice at"),
        (
            ('source = "source:specialist"', 'cluster = "claim:specialist"'),
            "does not grade a claim's cluster",
        ),
        (('source = "source:specialist"', 'cluster = "specialist"'), 'write e.g. cluster = "claim:KEY"'),
    ],
)
def test_a_bad_assessments_file_is_one_line_and_exit_2(kgtool, tmp_path, change, words):
    bad = tmp_path / "bad.toml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace(*change, 1), encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = kgtool("assess", "compile", str(bad), "-o", str(out))
    assert result.exit_code == 2
    assert words in result.stderr and str(bad) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


# --- item 3: grades checked against the evidence ------------------------------------------


def _with(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "more.toml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def _grade(claim: str, grade: int, time: str = "2026-12-02T11:20:00Z", analyst: str = "bo") -> str:
    return (
        f'\n[[assessments]]\nanalyst = "{analyst}"\ntime = {time}\nclaim = "claim:{claim}"\n'
        f'grade = {grade}\nreason = "Said twice."\n'
    )


@pytest.fixture(scope="module")
def shipped_audit():
    import kgtool

    return kgtool.run_audit(kgtool.load([str(CLAIMS)]), sentences=False)


@pytest.mark.parametrize("method", ["pyshacl", "sparql"])
def test_validate_refuses_grade_1_that_rests_on_one_root(kgtool, tmp_path, method):
    # the only corroboration comes from a source close to the claim's own (the audit says so)
    toml = _with(tmp_path, _grade("source-nato-no-combat", 1))
    out = tmp_path / "assessments.ttl"
    assert kgtool("assess", "compile", str(toml), "-o", str(out)).exit_code == 0
    result = kgtool("validate", "-d", str(CLAIMS), "-d", str(out), "--method", method)
    assert result.exit_code == 1
    assert "kgs:GradeAgainstEvidence: 1 violation" in result.stdout
    assert (
        "graded 1 (confirmed by other sources) by Bo Analyst, but nothing independent corroborates it"
        in result.stdout
    )
    assert "claim:araji-nato-no-combat (one source is close to the other)" in result.stdout


def test_grade_1_of_an_uncorroborated_claim_and_grade_2_of_a_contested_one(shipped_audit, tmp_path):
    from kgtool.assessment.evidence import contradictions

    contested = next(c for c in shipped_audit.claims if c.contested_by and not c.corroborations)
    lonely = next(c for c in shipped_audit.claims if not c.corroborations and not c.contested_by)
    key = lambda c: c.iri.rsplit("/", 1)[1]  # noqa: E731
    found = compile_assessments(_with(tmp_path, _grade(key(lonely), 1) + _grade(key(contested), 2)))
    results = {(str(r.claim), r.severity): r.message for r in contradictions(shipped_audit, found)}
    assert sorted(results) == sorted([(lonely.iri, SH.Violation), (contested.iri, SH.Warning)])
    assert "but nothing corroborates it" in results[(lonely.iri, SH.Violation)]
    assert "disputes it" in results[(contested.iri, SH.Warning)]


def test_only_the_current_grade_is_checked(shipped_audit, tmp_path):
    from kgtool.assessment.evidence import contradictions

    # bo grades a claim 1, then, on second thought, 3: the superseded grade is not held against him
    first = _grade("source-nato-no-combat", 1)
    second = _grade("source-nato-no-combat", 3, "2026-12-04T08:00:00Z")
    assert len(contradictions(shipped_audit, compile_assessments(_with(tmp_path, first)))) == 1
    assert contradictions(shipped_audit, compile_assessments(_with(tmp_path, first + second))) == []


# --- item 5: out to analysts' tools and back -----------------------------------------------


@pytest.fixture
def compiled(kgtool, tmp_path) -> Path:
    out = tmp_path / "assessments.ttl"
    assert kgtool("assess", "compile", str(EXAMPLE), "-o", str(out)).exit_code == 0
    return out


def test_stix_round_trip_loses_nothing(kgtool, compiled, tmp_path):
    bundle, back = tmp_path / "bundle.json", tmp_path / "back.ttl"
    assert kgtool("assess", "export", "-d", str(compiled), "-o", str(bundle)).exit_code == 0
    again = kgtool("assess", "export", "-d", str(compiled))
    assert again.stdout.encode("utf-8") == bundle.read_bytes()  # identifiers derived, not random
    result = kgtool("assess", "import", str(bundle), "-o", str(back))
    assert result.exit_code == 0, result.stderr
    assert Graph().parse(back).isomorphic(Graph().parse(compiled))


def test_stix_opinions_carry_confidence_and_the_misp_tag(kgtool, compiled):
    import json

    import stix2

    text = kgtool("assess", "export", "-d", str(compiled)).stdout
    bundle = stix2.parse(text, allow_custom=False)  # the library's own check of every property
    opinions = {o.labels[0]: o for o in bundle.objects if o.type == "opinion"}
    assert sorted(opinions) == sorted(
        [
            'admiralty-scale:information-credibility="1"',
            'admiralty-scale:information-credibility="3"',
            'admiralty-scale:source-reliability="b"',
            'admiralty-scale:source-reliability="c"',
            'admiralty-scale:source-reliability="f"',
        ]
    )
    assert opinions['admiralty-scale:information-credibility="1"'].confidence == 90  # STIX's mapping
    assert opinions['admiralty-scale:information-credibility="3"'].confidence == 50
    assert "confidence" not in json.loads(opinions['admiralty-scale:source-reliability="b"'].serialize())
    analysts = {o.id: o.name for o in bundle.objects if o.type == "identity"}
    assert {analysts[o.created_by_ref] for o in opinions.values()} == {"Ana Analyst", "Bo Analyst"}


def test_an_opinion_without_the_tag_is_graded_by_its_confidence(kgtool, compiled, tmp_path):
    import json

    document = json.loads(kgtool("assess", "export", "-d", str(compiled)).stdout)
    for o in document["objects"]:
        if o.get("confidence") == 90:
            del o["labels"]
            o["confidence"] = 75  # another tool's figure: 60-79 is credibility 2 in STIX's table
    bundle = tmp_path / "other.json"
    bundle.write_text(json.dumps(document), encoding="utf-8")
    from kgtool.assessment.exchange import from_stix

    grades = {a.assessed.rsplit("/", 1)[1]: a.grade for a in from_stix(bundle) if a.aspect == "credibility"}
    assert grades == {"iran-no-replacement-soleimani": "2", "araji-nato-no-combat": "3"}


def test_misp_export_tags_the_current_assessments(kgtool, compiled):
    import json

    event = json.loads(kgtool("assess", "export", "-d", str(compiled), "--format", "misp").stdout)
    tags = sorted((a["value"].rsplit("/", 1)[1], a["Tag"][0]["name"]) for a in event["Event"]["Attribute"])
    assert tags == [  # ana's earlier C is superseded by her B
        ("araji-nato-no-combat", 'admiralty-scale:information-credibility="3"'),
        ("iran-no-replacement-soleimani", 'admiralty-scale:information-credibility="1"'),
        ("specialist", 'admiralty-scale:source-reliability="b"'),
        ("specialist", 'admiralty-scale:source-reliability="f"'),
    ]


def test_export_of_data_without_assessments_exits_1(kgtool):
    result = kgtool("assess", "export", "-d", str(CLAIMS))
    assert result.exit_code == 1 and "no assessments" in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    "text, words",
    [
        ('{"type": "bundle",', "line 1, column"),
        ('{"type": "bundle", "id": "bundle--0", "objects": []}', "not a STIX 2.1 bundle"),
        (
            '{"type": "bundle", "id": "bundle--8fe71a72-70e3-5b5c-85d6-6ecf36a7593c", "objects": [{"type":'
            ' "opinion", "spec_version": "2.1", "id": "opinion--ddb07a2f-1f22-5261-901c-d7ec02d36b23",'
            ' "created": "2026-12-03T14:40:00.000Z", "modified": "2026-12-03T14:40:00.000Z", "opinion":'
            ' "agree", "object_refs": ["note--856d0e3f-8622-55f6-9e2f-0109db312f60"]}]}',
            "opinion--ddb07a2f-1f22-5261-901c-d7ec02d36b23: grades nothing kgtool knows",
        ),
    ],
)
def test_a_bad_bundle_is_one_line_and_exit_2(kgtool, tmp_path, text, words):
    bundle, out = tmp_path / "bad.json", tmp_path / "out.ttl"
    bundle.write_text(text, encoding="utf-8")
    result = kgtool("assess", "import", str(bundle), "-o", str(out))
    assert result.exit_code == 2, result.stderr
    assert words in result.stderr and str(bundle) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


# --- item 4: signed, so that a reader can verify who graded what ---------------------------


def test_signed_assessments_verify_and_a_changed_grade_does_not(kgtool, compiled, tmp_path):
    import rdflib
    from Crypto.PublicKey import RSA
    from nanopub import Nanopub
    from test_export import _one_nanopub, signature_holds  # the nanopub export's own checks

    from kgtool.namespaces import NP

    key = RSA.generate(2048)
    key_file = tmp_path / "id_rsa.pem"
    key_file.write_bytes(key.export_key("PEM"))
    key_file.chmod(0o600)
    out = tmp_path / "signed.trig"
    result = kgtool(
        "assess",
        "export",
        "-d",
        str(compiled),
        "--format",
        "nanopub",
        "--sign-key",
        str(key_file),
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    ds = rdflib.Dataset(default_union=True)
    ds.parse(out, format="trig")
    pubs = sorted(ds.subjects(RDF.type, NP.Nanopublication))
    assert len(pubs) == 5
    for pub in pubs:
        one = _one_nanopub(ds, pub)
        checked = Nanopub(rdf=one)
        assert checked.has_valid_trusty and signature_holds(one, key)
        (graded,) = checked.assertion.subjects(PROXY.grade, None)
        analyst = checked.assertion.value(graded, PROV.wasAttributedTo)
        assert (pub, PROV.wasAttributedTo, analyst) in checked.pubinfo
    tampered = _one_nanopub(ds, pubs[0])
    grade = next(tampered.quads((None, PROXY.grade, None, None)))
    tampered.remove(grade)
    tampered.add(
        (
            grade[0],
            grade[1],
            PROXY.Credibility5 if grade[2] != PROXY.Credibility5 else PROXY.Credibility4,
            grade[3],
        )
    )
    assert not signature_holds(tampered, key)
    assert not signature_holds(_one_nanopub(ds, pubs[0]), RSA.generate(2048))  # another analyst's key


def test_only_nanopublications_are_signed(kgtool, compiled, tmp_path):
    result = kgtool("assess", "export", "-d", str(compiled), "--sign-key", str(tmp_path / "k.pem"))
    assert result.exit_code == 2 and "--format stix is not signed" in result.stderr


# --- the library's questions about grades ---------------------------------------------------


def _query(kgtool, name: str, *data: Path) -> list[dict[str, str]]:
    import json

    args = [a for path in (CLAIMS, *data) for a in ("-d", str(path))]
    result = kgtool("query", name, *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [
        {k: v["value"] for k, v in row.items()} for row in json.loads(result.stdout)["results"]["bindings"]
    ]


def test_claims_graded_5_or_6_or_from_sources_graded_e_or_f(kgtool, tmp_path):
    extra = _grade("araji-nato-no-combat", 5, "2026-12-04T09:00:00Z")  # bo's 3 revised to 5
    graph = tmp_path / "assessments.ttl"
    graph.write_bytes(
        to_graph(compile_assessments(_with(tmp_path, extra))).serialize(format="turtle").encode()
    )
    found = _query(kgtool, "low-graded-claims", graph)
    claims = Graph().parse(CLAIMS)
    by_specialist = {str(c) for c in claims.subjects(PROV.wasAttributedTo, URIRef(SPECIALIST))}
    graded_5 = f"{BASE}claim/araji-nato-no-combat"
    assert {r["claim"] for r in found} == by_specialist | {graded_5}  # bo's F on the specialist
    assert {(r["source"], r["grade"]) for r in found if r["claim"] != graded_5} == {
        (SPECIALIST, str(PROXY.ReliabilityF))
    }
    (row,) = [r for r in found if r["claim"] == graded_5]
    assert row["grade"] == str(PROXY.Credibility5) and row["source"] == str(
        claims.value(URIRef(graded_5), PROV.wasAttributedTo)
    )


def test_where_analysts_disagree(kgtool, tmp_path):
    (row,) = _query(kgtool, "analysts-disagree", ROOT / "tests" / "fixtures" / "queries" / "assessments.ttl")
    assert (row["graded"], row["grade"], row["otherGrade"]) == (
        SPECIALIST,
        str(PROXY.ReliabilityB),  # ana's current grade, not her superseded C
        str(PROXY.ReliabilityF),
    )
    agree = (
        '\n[[assessments]]\nanalyst = "ana"\ntime = 2026-12-05T10:00:00Z\nsource = "source:specialist"\n'
        'grade = "F"\nreason = "On reflection, nothing to judge by."\n'
    )
    graph = tmp_path / "agreed.ttl"
    graph.write_bytes(
        to_graph(compile_assessments(_with(tmp_path, agree))).serialize(format="turtle").encode()
    )
    assert _query(kgtool, "analysts-disagree", graph) == []


def test_a_grade_of_a_claim_and_one_of_its_cluster_are_not_a_disagreement(kgtool, tmp_path):
    # ana: this report of the claim is probably true; bo: wherever it appears, doubtful, then
    # of this report too
    graded = _grade("iran-no-replacement-soleimani", 4, "2026-12-05T10:00:00Z").replace(
        "claim =", "cluster ="
    )
    graph = tmp_path / "scoped.ttl"
    graph.write_bytes(
        to_graph(compile_assessments(_with(tmp_path, graded))).serialize(format="turtle").encode()
    )
    rows = _query(kgtool, "analysts-disagree", graph)
    assert [r["graded"] for r in rows] == [SPECIALIST]
    graded += _grade("iran-no-replacement-soleimani", 4, "2026-12-05T11:00:00Z")
    graph.write_bytes(
        to_graph(compile_assessments(_with(tmp_path, graded))).serialize(format="turtle").encode()
    )
    rows = _query(kgtool, "analysts-disagree", graph)
    assert sorted(r["graded"] for r in rows) == sorted(
        [SPECIALIST, f"{BASE}claim/iran-no-replacement-soleimani"]
    )


# --- the grades beside the evidence ----------------------------------------------------------


def test_the_audit_shows_each_analysts_current_grade(kgtool):
    import json

    graded = ROOT / "tests" / "fixtures" / "queries" / "assessments.ttl"
    report = json.loads(kgtool("audit", "-d", str(CLAIMS), "-d", str(graded), "--format", "json").stdout)
    assert sorted((g["graded"].rsplit("/", 1)[1], g["grade"], g["analyst"]) for g in report["grades"]) == [
        ("araji-nato-no-combat", "3", "Bo Analyst"),
        ("iran-no-replacement-soleimani", "1", "Ana Analyst"),
        ("specialist", "B", "Ana Analyst"),  # her earlier C is superseded
        ("specialist", "F", "Bo Analyst"),
    ]
    text = kgtool("audit", "-d", str(CLAIMS), "-d", str(graded)).stdout
    assert "grades (4, by 2 analysts)" in text
    assert "- Specialist in Iranian affairs: F by Bo Analyst (2026-12-02): An anonymous specialist" in text
    plain = json.loads(kgtool("audit", "-d", str(CLAIMS), "--format", "json").stdout)
    assert "grades" not in plain and "grades (" not in kgtool("audit", "-d", str(CLAIMS)).stdout


def test_claim_and_source_pages_show_the_grades():
    from starlette.testclient import TestClient

    from kgtool import web
    from kgtool.inputs import loading

    graded = ROOT / "tests" / "fixtures" / "queries" / "assessments.ttl"
    site = web.build_site(
        *loading.Inputs((str(CLAIMS), str(graded))).quads_and_engine(),
        "https://w3id.org/kgtool/",
        query_timeout=2,
        max_rows=100,
    )
    try:
        client = TestClient(web.create_app(site), base_url="http://127.0.0.1:8000")
        html = {"Accept": "text/html"}
        source = client.get("/id/source/specialist", headers=html).text
        assert "Analysts' grades (2)" in source
        assert "<td>F</td><td>Bo Analyst</td><td>2026-12-02</td>" in source
        assert "<td>B</td><td>Ana Analyst</td>" in source and "<td>C</td>" not in source  # superseded
        claim = client.get("/id/claim/iran-no-replacement-soleimani", headers=html).text
        assert "Analysts' grades (1)" in claim and "<td>1</td><td>Ana Analyst</td>" in claim
        ungraded = client.get("/id/claim/araji-nato-limited-to-training", headers=html).text
        assert "Analysts' grades" not in ungraded
    finally:
        site.queries.close()


def test_the_markdown_and_html_audits_show_the_grades(kgtool):
    graded = ROOT / "tests" / "fixtures" / "queries" / "assessments.ttl"
    markdown = kgtool("audit", "-d", str(CLAIMS), "-d", str(graded), "--format", "markdown").stdout
    assert "## Analysts' grades (4)" in markdown
    assert (
        "| Specialist in Iranian affairs | F | Bo Analyst | 2026-12-02 | An anonymous specialist" in markdown
    )
    import kgtool as api
    from kgtool.html.audit_page import render_html

    page = render_html(api.run_audit(api.load([str(CLAIMS), str(graded)])), layout_missing=True)
    assert "Analysts&#39; grades (4)" in page or "Analysts' grades (4)" in page
    assert "<td>F</td><td>Bo Analyst</td><td>2026-12-02</td>" in page
    assert "Analysts' grades" not in kgtool("audit", "-d", str(CLAIMS), "--format", "markdown").stdout


def test_the_query_fixture_is_the_compiled_example():
    fixture = ROOT / "tests" / "fixtures" / "queries" / "assessments.ttl"
    assert Graph().parse(fixture).isomorphic(to_graph(compile_assessments(EXAMPLE)))


def test_grades_without_the_ontology_say_what_the_check_needs(kgtool):
    graded = ROOT / "tests" / "fixtures" / "queries" / "assessments.ttl"
    result = kgtool("validate", "-d", str(CLAIMS), "-d", str(graded), "--no-ontology")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(
        "kgtool: error: the data lacks the ontology checking analysts' grades against the evidence needs"
    )


def test_grade_5_of_an_independently_corroborated_undisputed_claim_is_a_warning(shipped_audit, tmp_path):
    from kgtool.assessment.evidence import contradictions

    # iran-no-replacement-soleimani: corroborated by a political leader with no tie to its source
    claim = next(c for c in shipped_audit.claims if c.iri.endswith("/iran-no-replacement-soleimani"))
    assert not claim.contested_by
    found = compile_assessments(_with(tmp_path, _grade("iran-no-replacement-soleimani", 5)))
    ((severity, message),) = [(r.severity, r.message) for r in contradictions(shipped_audit, found)]
    assert severity == SH.Warning
    assert message == (
        "graded 5 (improbable) by Bo Analyst, but claim:iran-struggling-to-replace-soleimani "
        "corroborates it independently and nothing disputes it: say what it is inconsistent with"
    )
    graded_3 = compile_assessments(_with(tmp_path, _grade("iran-no-replacement-soleimani", 3)))
    assert contradictions(shipped_audit, graded_3) == []


# --- across articles: grades against the corpus audit, and grades of a claim's cluster -----

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
WIRE = "https://w3id.org/kgtool/id/fixture/wire/"


def _corpus_grades(tmp_path: Path, *entries: tuple[str, str, str]) -> str:
    """An assessments file of Ana's grades: (field, IRI, grade) each, an hour apart."""
    text = '[analysts.ana]\nname = "Ana Analyst"\n'
    for hour, (field, iri, grade) in enumerate(entries, start=10):
        value = f'"{grade}"' if field == "source" else grade
        text += (
            f'\n[[assessments]]\nanalyst = "ana"\ntime = 2026-12-05T{hour}:00:00Z\n'
            f'{field} = "{iri}"\ngrade = {value}\nreason = "Read in four outlets."\n'
        )
    (tmp_path / "grades.toml").write_text(text, encoding="utf-8")
    return str(tmp_path / "grades.toml")


def _corpus_inputs(
    kgtool, tmp_path: Path, fixture: str | Path, grades: str, accept: bool = True
) -> list[str]:
    """-d options: the corpus (a fixture's name or a file), its links (accepted by a person, or
    left as proposed), the compiled grades."""
    data = fixture if isinstance(fixture, Path) else CORPUS / f"{fixture}.ttl"
    links, compiled = tmp_path / "links.ttl", tmp_path / "grades.ttl"
    assert kgtool("link", "-d", str(data), "-o", str(links)).exit_code == 0
    if accept:
        text = links.read_text(encoding="utf-8")
        assert "proxy:Proposed" in text
        links.write_text(text.replace("proxy:Proposed", "proxy:Accepted"), encoding="utf-8")
    assert kgtool("assess", "compile", grades, "-o", str(compiled)).exit_code == 0
    return ["-d", str(data), "-d", str(links), "-d", str(compiled)]


def _grade_results(stdout: str) -> list[str]:
    """The messages of the grade checks in a validation report (the fixtures have no anchors
    or digests, which the shapes report besides)."""
    lines = stdout.splitlines()
    start = next((n for n, line in enumerate(lines) if line.startswith("kgs:GradeAgainstEvidence")), None)
    if start is None:
        return []
    found = []
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        if line.startswith("    graded "):
            found.append(line.strip())
    return found


@pytest.mark.parametrize("method", ["pyshacl", "sparql"])
def test_grade_1_of_a_wire_story_reprinted_by_three_outlets_rests_on_one_root(kgtool, tmp_path, method):
    # the issue's own example: four appearances, one root (the AP story of 3 May)
    grades = _corpus_grades(tmp_path, ("claim", f"{WIRE}claim-herald", "1"))
    inputs = _corpus_inputs(kgtool, tmp_path, "wire-reprint", grades)
    result = kgtool("validate", *inputs, "--method", method)
    assert result.exit_code == 1
    assert _grade_results(result.stdout) == [
        "graded 1 (confirmed by other sources) by Ana Analyst, but its 4 appearances rest on one "
        "root, Associated Press (first in id:fixture/wire/article-ap of 2016-05-03)"
    ]


#: Two outlets quote the same words, each from its own named source; nothing but the links
#: joins the two claims (they have no content triple for the article audit to compare).
TWO_VOICES = """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix schema: <https://schema.org/> .
@prefix proxy: <https://w3id.org/kgtool/proxy#> .
@prefix f: <https://w3id.org/kgtool/id/fixture/voices/> .
f:post a proxy:NamedSource ; rdfs:label "The Post" ; proxy:sourceKind proxy:PublisherKind .
f:times a proxy:NamedSource ; rdfs:label "The Times" ; proxy:sourceKind proxy:PublisherKind .
f:mayor a proxy:NamedSource ; rdfs:label "Mayor Lee" ; proxy:sourceKind proxy:NamedPersonKind .
f:chief a proxy:NamedSource ; rdfs:label "Fire Chief Diaz" ; proxy:sourceKind proxy:NamedPersonKind .
f:article-post a schema:NewsArticle ; schema:publisher f:post ;
    schema:datePublished "2016-03-01"^^xsd:date .
f:article-times a schema:NewsArticle ; schema:publisher f:times ;
    schema:datePublished "2016-03-02"^^xsd:date .
f:claim-post a rdf:Statement , proxy:Claim , proxy:UnstructuredClaim ; prov:wasAttributedTo f:mayor ;
    proxy:reportedIn f:article-post ; proxy:reportingMode proxy:DirectQuote ; proxy:cue "said" ;
    proxy:anchor [ oa:hasSelector [ a oa:TextQuoteSelector ;
        oa:exact "The fire at the old mill was set on purpose by someone who knew the building" ] ] .
f:claim-times a rdf:Statement , proxy:Claim , proxy:UnstructuredClaim ; prov:wasAttributedTo f:chief ;
    proxy:reportedIn f:article-times ; proxy:reportingMode proxy:DirectQuote ; proxy:cue "told reporters" ;
    proxy:anchor [ oa:hasSelector [ a oa:TextQuoteSelector ;
        oa:exact "The fire at the old mill was set on purpose by someone who knew the building" ] ] .
"""


def test_grade_1_of_words_two_named_sources_said_in_two_outlets_is_confirmed(kgtool, tmp_path):
    # two independent roots across articles, though neither article corroborates the claim
    (voices := tmp_path / "voices.ttl").write_text(TWO_VOICES, encoding="utf-8")
    grades = _corpus_grades(tmp_path, ("claim", "https://w3id.org/kgtool/id/fixture/voices/claim-post", "1"))
    accepted = kgtool("validate", *_corpus_inputs(kgtool, tmp_path, voices, grades))
    assert "kgs:GradeAgainstEvidence" not in accepted.stdout
    # a proposal is no evidence until a person accepts it
    proposed = kgtool("validate", *_corpus_inputs(kgtool, tmp_path, voices, grades, accept=False))
    assert _grade_results(proposed.stdout) == [
        "graded 1 (confirmed by other sources) by Ana Analyst, but nothing corroborates it: grade it 2 "
        "at best, or record the corroboration"
    ]


def test_a_grade_of_a_claim_wherever_it_appears(kgtool, tmp_path):
    grades = _corpus_grades(
        tmp_path, ("cluster", f"{WIRE}claim-herald", "1"), ("claim", f"{WIRE}claim-herald", "3")
    )
    found = compile_assessments(grades)
    assert sorted((a.cluster, a.grade) for a in found) == [(False, "3"), (True, "1")]
    assert len({a.iri for a in found}) == 2  # the claim's grade and its cluster's are two acts
    graph = to_graph(found)
    (node,) = graph.subjects(RDF.type, PROXY.ClusterCredibilityAssessment)
    assert (node, RDF.type, PROXY.CredibilityAssessment) in graph
    assert graph.value(node, PROXY.assessed) == URIRef(f"{WIRE}claim-herald")
    inputs = _corpus_inputs(kgtool, tmp_path, "wire-reprint", grades)
    result = kgtool("validate", *inputs)
    assert "Assessment" not in result.stdout.replace("GradeAgainstEvidence", "")  # the shapes pass it
    assert _grade_results(result.stdout) == [
        "graded 1 (confirmed by other sources) by Ana Analyst wherever it appears, but its 4 "
        "appearances rest on one root, Associated Press (first in id:fixture/wire/article-ap of 2016-05-03)"
    ]


def test_the_corpus_audit_shows_the_grades_beside_the_roots(kgtool, tmp_path):
    import json

    grades = _corpus_grades(
        tmp_path,
        ("cluster", f"{WIRE}claim-gazette", "2"),
        ("claim", f"{WIRE}claim-herald-other", "3"),  # a claim no cluster holds
        ("source", f"{WIRE}ap", "B"),
    )
    inputs = _corpus_inputs(kgtool, tmp_path, "wire-reprint", grades)
    report = json.loads(kgtool("audit", "--corpus", *inputs, "--format", "json").stdout)
    (cluster,) = report["clusters"]
    assert [(g["graded"], g["grade"], g["cluster"]) for g in cluster["grades"]] == [
        (f"{WIRE}claim-gazette", "2", True)
    ]
    assert [(g["graded"], g["grade"]) for g in cluster["root_grades"]] == [(f"{WIRE}ap", "B")]
    text = kgtool("audit", "--corpus", *inputs).stdout
    assert "grade: id:fixture/wire/claim-gazette 2, wherever the claim appears by Ana Analyst" in text
    assert "grade: id:fixture/wire/ap B by Ana Analyst (2026-12-05)" in text
    page = kgtool("audit", "--corpus", *inputs, "--format", "html").stdout
    assert "<td>2, wherever the claim appears</td><td>Ana Analyst</td>" in page


def test_a_grade_of_the_cluster_shows_on_every_appearance(kgtool, tmp_path, serve_over):
    grades = _corpus_grades(tmp_path, ("cluster", f"{WIRE}claim-gazette", "2"))
    inputs = _corpus_inputs(kgtool, tmp_path, "wire-reprint", grades)[1::2]
    with serve_over(inputs) as (_, client):
        html = {"Accept": "text/html"}
        for claim in ("claim-ap", "claim-herald", "claim-gazette"):
            page = client.get(f"/id/fixture/wire/{claim}", headers=html).text
            assert "<td>2, wherever the claim appears</td><td>Ana Analyst</td>" in page, claim
        alone = client.get("/id/fixture/wire/claim-herald-other", headers=html).text
        assert "Analysts' grades" not in alone


def test_a_cluster_grade_round_trips_through_stix(kgtool, tmp_path):
    grades = _corpus_grades(
        tmp_path, ("cluster", f"{WIRE}claim-gazette", "2"), ("claim", f"{WIRE}claim-ap", "2")
    )
    compiled, bundle, back = tmp_path / "g.ttl", tmp_path / "b.json", tmp_path / "back.ttl"
    assert kgtool("assess", "compile", grades, "-o", str(compiled)).exit_code == 0
    assert (
        kgtool("assess", "export", "-d", str(compiled), "--format", "stix", "-o", str(bundle)).exit_code == 0
    )
    assert kgtool("assess", "import", str(bundle), "-o", str(back)).exit_code == 0
    assert Graph().parse(back).isomorphic(Graph().parse(compiled))


def test_grades_of_two_things_outside_the_base_that_end_alike_are_two_assessments(tmp_path):
    # one analyst, one time, two claims whose IRIs end alike
    text = '[analysts.ana]\nname = "Ana Analyst"\n' + "".join(
        f'\n[[assessments]]\nanalyst = "ana"\ntime = 2026-12-05T10:00:00Z\nclaim = "{iri}"\n'
        'grade = 2\nreason = "Likely."\n'
        for iri in ("https://example.org/a/e1", "https://example.org/b/e1")
    )
    (path := tmp_path / "alike.toml").write_text(text, encoding="utf-8")
    found = compile_assessments(path)
    assert len({a.iri for a in found}) == 2
    assert len(set(to_graph(found).subjects(RDF.type, PROXY.CredibilityAssessment))) == 2
