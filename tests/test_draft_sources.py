"""Who a drafted source is (issue 25, item 1): the source rules of kgtool.drafting.sources on
source mentions given by hand, in short texts written for the purpose (no tagger involved),
and the labelled PolNeAR articles the rules are measured on (benchmarks/source_labels/)."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from kgtool.drafting.sources import group, kind_of

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "benchmarks" / "source_labels"


def resolve(text: str, *mentions: str, publisher: str | None = None) -> list:
    """The sources of ``mentions`` (each the first occurrence, in order, after the one before)."""
    spans, at = [], 0
    for mention in mentions:
        start = text.index(mention, at)
        spans.append((start, start + len(mention)))
        at = start + 1
    found = group(text, spans, publisher)
    return [found[span] for span in spans]


@pytest.mark.parametrize(
    ("mention", "kind"),
    [
        ("Many Moldovans", "anonymous_group"),
        ("Reformist politicians", "anonymous_group"),
        ("officials", "anonymous_group"),
        ("a senior aide to the governor", "anonymous_individual"),
        ("A City Hall spokesman", "anonymous_individual"),
        ("Harbour & Shipping Council", "institution"),
        ("the Transport Ministry", "institution"),
        ("The head of the Reform League, Samir Haddad,", "named_person"),
        ("the report", "document"),
        ("A new poll", "document"),
        ("a study by two economists", "document"),
        ("The statement", "document"),
        ("an email", "document"),
        ("a court filing", "document"),
        ("The attack", "unstated"),
        ("the bloodshed", "unstated"),
    ],
)
def test_kind_of_a_mention_standing_alone(mention, kind):
    assert kind_of(mention) == kind


def test_surname_joins_the_full_name():
    text = (
        "Karim Benali, who runs the port, said traffic had doubled. Benali added that "
        "the new cranes would arrive in May."
    )
    full, surname = resolve(text, "Karim Benali", "Benali")
    assert full is surname
    assert (full.kind, full.label) == ("named_person", "Karim Benali")


def test_appositive_names_the_source():
    text = (
        "Nadia Ferhat, a member of the party's executive board, said the vote would be "
        "delayed. The head of the Reform League, Samir Haddad, said it would not. "
        "Ferhat said the board would meet again. Haddad disagreed."
    )
    ferhat, haddad, ferhat_again, haddad_again = resolve(
        text,
        "Nadia Ferhat, a member of the party's executive board",
        "The head of the Reform League, Samir Haddad,",
        "Ferhat",
        "Haddad",
    )
    assert ferhat is ferhat_again and haddad is haddad_again and ferhat is not haddad
    assert (haddad.kind, haddad.label) == ("named_person", "Samir Haddad")
    assert ferhat.kind == "named_person"


def test_pronoun_and_description_take_up_the_person_named():
    text = (
        "Governor Ellen Ward said the budget was balanced. She added that taxes would not "
        "rise. Senator Paul Grady called the plan reckless. He said the numbers did not add "
        "up. The governor said he was wrong."
    )
    ward, she, grady, he, governor = resolve(
        text, "Governor Ellen Ward", "She", "Senator Paul Grady", "He", "The governor"
    )
    assert she is ward and governor is ward
    assert he is grady and grady is not ward


def test_who_takes_up_the_name_before_it():
    text = "The plan was drawn up by Omar Saleh, who said it would cost less. Saleh smiled."
    saleh, who, again = resolve(text, "Omar Saleh", "who", "Saleh")
    assert saleh is who is again


def test_a_headlines_description_is_the_person_quoted_most():
    text = (
        "Another GOP figure backs the governor\n"
        "Former Rep. Chris Shays said on Monday he would vote for Ellen Ward. Shays said the "
        "party had lost its way. Shays added that others would follow. Paul Grady said "
        "nothing.\n"
    )
    figure, shays, again, more, grady = resolve(
        text, "Another GOP figure", "Chris Shays", "Shays", "Shays", "Paul Grady"
    )
    assert figure is shays is again is more and grady is not shays


def test_who_in_a_parenthesis_takes_up_the_name_before_it():
    text = "It worked, but Chris Murphy (who was always for strict gun laws) kept quiet."
    murphy, who = resolve(text, "Chris Murphy", "who")
    assert who is murphy


def test_a_document_and_its_later_mention_are_one_source():
    text = (
        "A report by the Port Authority found that delays had doubled. The report said "
        "the cranes were too old."
    )
    report, again = resolve(text, "A report by the Port Authority", "The report")
    assert report is again and report.kind == "document"


def test_the_publisher_speaking_of_itself():
    text = (
        "The Daily Planet reported last year that the mayor had met the developers. "
        "The Planet has since obtained the minutes. We asked the mayor, who said nothing. "
        '"We will win," Mayor Kent said.'
    )
    planet, short, we, quoted_we = resolve(
        text, "The Daily Planet", "The Planet", "We", "We", publisher="The Daily Planet"
    )
    assert planet.kind == short.kind == we.kind == "publisher"
    assert planet is short is we
    assert quoted_we is not None and quoted_we.kind == "named_person"  # the mayor, in quotes
    # without the publisher's name, its own name is an institution
    [other] = resolve(text, "The Daily Planet")
    assert other.kind == "institution"


def test_a_mention_that_cannot_speak_has_no_source():
    text = "The attack raised fears that the talks would fail. The bloodshed shocked the city."
    assert resolve(text, "The attack", "The bloodshed") == [None, None]


def test_a_sentences_opening_word_names_no_one():
    text = "Since announcing his run, he has said the race was close. However, Mr. Biden won."
    since, he, however = resolve(text, "Since", "he", "However")
    assert since is None and however is None
    assert he is None or he.label != "Since"


def test_a_relative_described_by_the_possessors_name_is_the_one_named():
    text = (
        "Ivanka Trump spoke about child care on Monday. Donald Trump's eldest daughter, 34, "
        "said the plan was fair. Donald Trump said nothing."
    )
    ivanka, daughter, donald = resolve(
        text, "Ivanka Trump", "Donald Trump's eldest daughter, 34,", "Donald Trump"
    )
    assert daughter is ivanka and donald is not ivanka


def test_a_couple_sharing_a_name_is_the_family_named_later():
    text = "Khizr and Ghazala Khan said they were hurt. The Khans said more."
    couple, family = resolve(text, "Khizr and Ghazala Khan", "The Khans")
    assert couple is family and couple is not None


def test_a_possessor_in_a_reported_clause_is_no_antecedent():
    text = (
        "Khizr Khan spoke on Monday. He says Donald Trump's call to ban Muslims is wrong. "
        '"The voices have gathered courage," he told the paper.'
    )
    khan, he_says, he_told = resolve(text, "Khizr Khan", "He", "he")
    assert he_says is khan and he_told is khan


def test_an_adverb_opening_a_sentence_is_no_name():
    [nominee] = resolve("Publicly, the GOP nominee dismisses the polls.\n", "the GOP nominee")
    assert nominee is not None and "Publicly" not in nominee.label


def test_a_state_is_no_person_for_a_pronoun():
    text = "Joey Salceda filed a bill on Monday. In Maine, he said, the ban was wrong."
    salceda, he = resolve(text, "Joey Salceda", "he")
    assert he is salceda


def _labels(name: str) -> list[dict]:
    with (LABELS / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.parametrize(("name", "minimum"), [("dev.tsv", 30), ("train.tsv", 10)])
def test_labels_are_well_formed_and_hold_no_article_text(name, minimum):
    rows = _labels(name)
    kinds = {
        "named_person",
        "institution",
        "document",
        "publisher",
        "anonymous_individual",
        "anonymous_group",
        "unstated",
    }
    assert len({r["article"] for r in rows}) >= minimum
    for row in rows:
        assert row["kind"] in kinds, row
        assert int(row["start"]) < int(row["end"])
        assert len(row["sha256"]) == 64
        assert (row["source_id"] == "-") == (row["kind"] == "unstated"), row
        assert len(row["mention"]) == int(row["end"]) - int(row["start"]) <= 300
    # mentions of one source share its kind
    by_id: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        if row["kind"] != "unstated":
            by_id.setdefault((row["article"], row["source_id"]), set()).add(row["kind"])
    assert all(len(k) == 1 for k in by_id.values()), [i for i, k in by_id.items() if len(k) > 1]


def test_dev_and_train_labels_are_apart():
    dev = {r["article"] for r in _labels("dev.tsv")}
    train = {r["article"] for r in _labels("train.tsv")}
    assert dev and train and not dev & train


@pytest.mark.parametrize("name", ["dev.tsv", "train.tsv"])
def test_labels_match_the_corpus(polnear_path, name):
    split = name.removesuffix(".tsv")
    for row in _labels(name):
        text = (polnear_path / split / "text" / f"{row['article']}.txt").read_text(encoding="utf-8")
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == row["sha256"]
        assert text[int(row["start"]) : int(row["end"])] == row["mention"]


def _scorer():
    import importlib.util

    spec = importlib.util.spec_from_file_location("score_sources", ROOT / "benchmarks" / "score_sources.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pairwise_grouping_counts_pairs_within_an_article():
    pairs = _scorer().pairs_f1(
        [("a", "ward", "s1"), ("a", "ward", "s1"), ("a", "grady", "s1"), ("b", "ward", "s1")]
    )
    # same by the labels: the two Wards of article a; by the draft: all three pairs of a
    assert pairs == (1, 3, 1)


def test_scorer_refuses_labels_of_another_text(polnear_path, tmp_path):
    scorer = _scorer()
    labels = scorer.read_labels(LABELS / "train.tsv")
    article = sorted(labels)[0]
    labels = {article: [dict(r, sha256="0" * 64) for r in labels[article]]}
    with pytest.raises(SystemExit, match="not the labelled text"):
        scorer.score(labels, polnear_path / "train", None)


def test_scorer_on_the_labelled_train_articles(polnear_path):
    """The development articles: the source rules on the gold mentions stay where their
    development left them (benchmarks/README.md), and the figures are shares."""
    scorer = _scorer()
    result = scorer.score(scorer.read_labels(LABELS / "train.tsv"), polnear_path / "train", None)
    rules = result["rules_on_gold_mentions"]
    assert rules["kind"]["of"] == len(_labels("train.tsv"))
    assert rules["kind"]["right"] / rules["kind"]["of"] >= 0.85
    assert rules["grouping"]["f1"] >= 0.8
    assert 0 < result["kind"]["of"] <= result["source_right"]["of"]
    assert 0 <= result["grouping"]["f1"] <= 1 and result["content"]["found"] > 0
