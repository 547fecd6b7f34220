"""Each claim as a sentence a person can read (issue 18 item 1). The expected sentences are
written from the article's text and the annotations, not copied from kgtool's output."""

from __future__ import annotations

import json

import pytest

from kgtool.audit import claim_sentences
from kgtool.audit.claim_sentences import _base_of_past, _base_of_present
from kgtool.inputs import loading

CLAIM = "https://w3id.org/kgtool/id/claim/"


@pytest.fixture(scope="module")
def said():
    _, engine = loading.Inputs().quads_and_engine()
    return claim_sentences.sentences(engine)


def test_a_negated_claim_reads_as_denied(said):
    # "The Iraqi military said the attack did not cause any casualties"
    s = said[CLAIM + "military-no-casualties"]
    assert s.sentence == (
        "The Iraqi military said that Missile attack on the Ain al-Assad base, "
        "3 March, did not cause casualties."
    )
    assert s.who == "The Iraqi military"
    assert s.how == "paraphrase (“said”)"
    assert s.when == "event: 3 March"


def test_a_hedged_claim_says_how_certain(said):
    # the specialist: the conflicting messages "may be part of" Iran's broader strategy
    s = said[CLAIM + "conflicting-messages-broader-strategy"]
    assert s.content == "Conflicting messages coming out of Iran is possibly part of Iran's broader strategy"
    assert s.certainty == "as possible"
    assert said[CLAIM + "military-no-casualties"].certainty == "as a fact"  # no hedge


def test_a_quantified_negated_claim_keeps_both(said):
    # "most Iran-backed Iraqi armed factions remained silent" after the 26 February strike
    s = said[CLAIM + "factions-silent-after-strike"]
    assert s.content.startswith("Iran-backed Iraqi armed factions did not respond publicly to US air strike")
    assert s.content.endswith("(so the text says of “most”)")


def test_the_publishers_own_claim_is_reported_by_it(said):
    # MEE: Qaani "does not have the strong ties" with Iraqi political leaders that Soleimani had
    s = said[CLAIM + "qaani-lacks-ties"]
    assert s.sentence == (
        "Middle East Eye (MEE) reports that Esmail Qaani, commander of the Quds "
        "Force, does not have strong ties with Iraqi political leaders."
    )
    assert s.how == "the publisher's own narrative"


def test_an_unnamed_source_is_named_by_its_descriptor(said):
    # the specialist in Iranian affairs: Iran has not found a replacement for Muhandis
    s = said[CLAIM + "iran-no-replacement-muhandis"]
    assert s.sentence == (
        "A specialist in Iranian affairs said that Iran did not find a replacement "
        "for Abu Mahdi al-Muhandis (killed 3 January 2020)."
    )
    assert s.how == "direct quote (“said”)"


def test_an_approximate_number(said):
    # "about 2,000 Shia pilgrims" died in the 2005 crush at the Imams Bridge
    assert said[CLAIM + "crush-2005-deaths"].content.endswith("is about 2000")


@pytest.mark.parametrize(
    "past, base",
    [
        ("caused", "cause"),
        ("found", "find"),
        ("decided", "decide"),
        ("responded", "respond"),
        ("defied", "defy"),
        ("died", "die"),
        ("targeted", "target"),
        ("devastated", "devastate"),
        ("agreed", "agree"),
        ("stopped", "stop"),
        ("killed", "kill"),
    ],
)
def test_base_form_of_a_past_tense(past, base):
    assert _base_of_past(past) == base


@pytest.mark.parametrize(
    "present, base",
    [
        ("controls", "control"),
        ("has", "have"),
        ("relies", "rely"),
        ("embarrasses", "embarrass"),
        ("destabilises", "destabilise"),
    ],
)
def test_base_form_of_a_present_tense(present, base):
    assert _base_of_present(present) == base


def test_every_negated_claim_of_the_article_says_not(said):
    _, engine = loading.Inputs().quads_and_engine()
    rows = engine.query(
        "PREFIX proxy: <https://w3id.org/kgtool/proxy#> SELECT ?c WHERE { ?c proxy:polarity proxy:Negated }"
    ).bindings()
    assert len(rows) == 13  # counted in data/claims.toml: polarity = "negated"
    for row in rows:
        assert " not " in said[str(row["c"])].content, row["c"]


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_the_audit_reports_show_the_sentences(kgtool, fmt):
    out = kgtool("audit", "--format", fmt).stdout
    assert (
        "The Iraqi military said that Missile attack on the Ain al-Assad base, 3 March, did not "
        "cause casualties." in out
    )


def test_the_schema_export_labels_each_claim_with_its_sentence(kgtool):
    exported = json.loads(kgtool("export", "--profile", "schema", "--format", "jsonld").stdout)
    items = {item["id"]: item for item in exported["@graph"]}
    label = items[CLAIM + "qaani-lacks-ties"]["label"]
    assert label["@value"].endswith("does not have strong ties with Iraqi political leaders.")


def test_a_content_only_claim_reads_as_its_source_its_cue_and_its_words():
    """Issue 25, item 5: never a placeholder, the cue as written, no doubled quotation marks."""
    row = {"claim": CLAIM + "x", "sourceLabel": "Lotfi Azzouz", "mode": "direct_quote", "cue": "accused"}
    rows = [  # a quote interrupted by "he said": two anchors, out of order
        {"claim": CLAIM + "x", "exact": "of the crisis.\u201d", "start": "90", "end": "104"},
        {"claim": CLAIM + "x", "exact": "\u201cEnnahda is responsible", "start": "40", "end": "66"},
    ]
    wording = claim_sentences.wordings([row])
    said = claim_sentences.from_wordings(wording, claim_sentences.words_of(rows))[CLAIM + "x"]
    assert said.sentence == "Lotfi Azzouz accused: \u201cEnnahda is responsible \u2026 of the crisis.\u201d"
    assert said.content.count("\u201c") == 1 and said.content.count("\u201d") == 1
    unrecorded = claim_sentences.from_wordings(wording, {})[CLAIM + "x"]
    assert "content-only" not in unrecorded.sentence and "what its quote says" not in unrecorded.sentence


def test_a_content_only_claim_of_the_publisher_reports_its_words():
    row = {"claim": CLAIM + "y", "sourceLabel": "The Daily Planet", "mode": "publisher_narrative"}
    said = claim_sentences.from_wordings(claim_sentences.wordings([row]), {CLAIM + "y": "Rain fell."})
    assert said[CLAIM + "y"].sentence == "The Daily Planet reports: \u201cRain fell.\u201d"


def test_the_json_audit_does_without_the_sentences(monkeypatch):
    from kgtool.audit import run as audit

    ran: list[str] = []
    _, engine = loading.Inputs().quads_and_engine()
    monkeypatch.setattr(engine, "select_strings", lambda text, spool=False: ran.append(text) or [])
    audit.run_audit(engine, sentences=False)
    assert len(ran) == len(audit.query_texts())
    assert querylib_text("claim-wording") not in ran
    ran.clear()
    audit.run_audit(engine)
    assert querylib_text("claim-wording") in ran


def querylib_text(name: str) -> str:
    from kgtool.sparql import querylib

    return querylib.get(name).text
