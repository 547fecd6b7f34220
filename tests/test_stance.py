"""The stance model (kgtool.linking.stance): shipped, offline, sensible on plain cases, as recorded."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kgtool.linking import scoring, stance

ROOT = Path(__file__).resolve().parent.parent
FNC = ROOT.parent / "shared" / "corpora" / "fnc-1"

# Hand-written cases (no FNC-1 text): a claim, and bodies that confirm it, deny it, or are about
# something else.
BRIDGE = "City council approves new bridge across the Marlow river"
BRIDGE_CONFIRMED = (
    "The city council has approved a new bridge across the Marlow river, officials confirmed on "
    "Tuesday. The council voted to approve the bridge after months of debate, and the mayor said "
    "construction of the bridge across the river will begin next spring. The approval of the new "
    "bridge was confirmed in a statement from the council."
)
SQUID = "Giant squid found alive in Lake Harlow"
SQUID_HOAX = (
    "Reports that a giant squid was found alive in Lake Harlow are a hoax. The photo of the giant "
    "squid in Lake Harlow is fake: it was doctored, and the park authority denied the story, saying "
    "no squid was ever found in the lake. The claim that a giant squid lives in the lake is false, "
    "experts said, and the website that spread the squid story has retracted it."
)
FOOTBALL = (
    "The home side scored twice in the second half to win the cup final on Saturday. Their coach "
    "praised the defence, and the captain lifted the trophy in front of forty thousand fans at the "
    "stadium. The team will play in the continental league next season."
)


@pytest.fixture(scope="module")
def model() -> stance.StanceModel:
    return stance.StanceModel.load()


@pytest.fixture(scope="session")
def fnc_path() -> Path:
    """FNC-1's training CSVs; in CI their absence is a failure, elsewhere a skip."""
    if not (FNC / "train_bodies.csv").is_file() or not (FNC / "train_stances.csv").is_file():
        message = f"FNC-1 corpus not found: put train_bodies.csv and train_stances.csv in {FNC}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return FNC


def _training_script():
    path = ROOT / "scripts" / "train_stance.py"
    spec = importlib.util.spec_from_file_location("train_stance", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _meta() -> dict:
    return json.loads(stance.META_PATH.read_text(encoding="utf-8"))


# -- the shipped model -------------------------------------------------------------------------
def test_model_loads_from_the_package_without_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the stance model tried to open a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    loaded = stance.StanceModel.load()
    label, scores = loaded.predict(SQUID, FOOTBALL)
    assert label in stance.LABELS
    assert list(scores) == list(stance.LABELS)
    assert abs(sum(scores.values()) - 1.0) < 1e-6


def test_labels_are_the_four_of_fnc1(model):
    assert stance.LABELS == ("agree", "disagree", "discuss", "unrelated")
    assert _meta()["labels"] == list(stance.LABELS)
    assert model.perceptrons and len(model.offsets) == len(stance.LABELS)
    assert all(p.w2.shape[1] == len(stance.LABELS) for p in model.perceptrons)
    # the second stage: agree, disagree and discuss among related pairs
    assert model.related and all(p.w2.shape[1] == len(stance.LABELS) - 1 for p in model.related)


def test_the_second_stage_shares_out_what_the_first_leaves_to_related(model):
    pairs = [(SQUID, SQUID_HOAX), (BRIDGE, BRIDGE_CONFIRMED), (SQUID, FOOTBALL)]
    hand, bags = model.featurizer.transform(
        [model.featurizer.headline(h) for h, _ in pairs], [model.featurizer.body(b) for _, b in pairs]
    )
    probabilities = model.probabilities(hand, bags)
    first = stance.StanceModel(model.featurizer, model.perceptrons, model.offsets).probabilities(hand, bags)
    assert probabilities.sum(axis=1) == pytest.approx(np.ones(len(pairs)))
    # unrelated is the first stage's alone; the related labels are the second stage's, not its
    assert probabilities[:, 3] == pytest.approx(first[:, 3])
    assert not np.allclose(probabilities[:, :3], first[:, :3], atol=1e-3)
    second = stance.StanceModel(model.featurizer, model.related, model.offsets).probabilities(hand, bags)
    assert probabilities[:, :3] / probabilities[:, :3].sum(axis=1, keepdims=True) == pytest.approx(second)


def test_model_files_are_plain_arrays_and_json_and_small():
    weights = np.load(stance.WEIGHTS_PATH, allow_pickle=False)  # pickle would raise here
    expected = {"p0_w1", "p0_b1", "p0_w2", "p0_b2", "r0_w1", "r0_w2", "idf", "term_vocabulary", "offsets"}
    assert expected <= set(weights.files)
    assert all(weights[name].dtype != object for name in weights.files)
    # two stages of two perceptrons each, their first layers over 3 bags of 3,000 words
    assert stance.WEIGHTS_PATH.stat().st_size + stance.META_PATH.stat().st_size < 8_000_000


def test_the_model_was_trained_on_the_features_this_code_makes():
    assert _meta()["hand_features"] == stance.hand_feature_names()


def test_importing_the_package_imports_no_rdf_library_and_no_trainer():
    code = (
        "import json, sys, kgtool.linking; light = {m.split('.')[0] for m in sys.modules}; "
        "import kgtool.linking.stance; "
        "print(json.dumps([sorted(light), sorted({m.split('.')[0] for m in sys.modules})]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    package, module = (set(names) for names in json.loads(done.stdout))
    assert not package & {"numpy", "scipy"}, "kgtool.linking alone must import nothing heavy"
    assert "numpy" in module
    assert not module & {"rdflib", "pyoxigraph", "pyshacl", "sklearn", "torch", "click", "starlette"}


# -- plain cases, written by hand ---------------------------------------------------------------
def test_a_body_about_something_else_is_unrelated(model):
    label, scores = model.predict(BRIDGE, FOOTBALL)
    assert label == "unrelated"
    assert scores["unrelated"] > 0.5


def test_a_body_that_confirms_the_claim_is_related(model):
    label, scores = model.predict(BRIDGE, BRIDGE_CONFIRMED)
    assert label != "unrelated"
    assert scores["agree"] > scores["disagree"]


def test_a_body_that_calls_the_claim_a_hoax_disagrees(model):
    label, scores = model.predict(SQUID, SQUID_HOAX)
    assert label == "disagree"
    assert scores["disagree"] > scores["agree"]


def test_the_same_bodies_swapped_between_claims_are_unrelated(model):
    assert model.predict(SQUID, BRIDGE_CONFIRMED)[0] == "unrelated"
    assert model.predict(BRIDGE, SQUID_HOAX)[0] == "unrelated"


def test_batched_prediction_is_the_pairwise_prediction(model):
    pairs = [
        (BRIDGE, BRIDGE_CONFIRMED),
        (SQUID, SQUID_HOAX),
        (BRIDGE, FOOTBALL),
        (SQUID, BRIDGE_CONFIRMED),
        (BRIDGE, BRIDGE_CONFIRMED),
    ]
    batched = model.predict_pairs(pairs)
    for pair, (label, scores) in zip(pairs, batched, strict=True):
        single_label, single_scores = model.predict(*pair)
        assert label == single_label
        assert scores == pytest.approx(single_scores, abs=1e-9)


def test_empty_texts_get_a_label(model):
    for headline, body in (("", ""), (SQUID, ""), ("", SQUID_HOAX), ("?!", "...")):
        label, scores = model.predict(headline, body)
        assert label in stance.LABELS and all(np.isfinite(list(scores.values())))


# -- the scorer ---------------------------------------------------------------------------------
def test_official_score_and_macro_f1_on_a_hand_made_example():
    gold = ["agree", "unrelated", "discuss", "disagree", "unrelated"]
    predicted = ["agree", "unrelated", "agree", "unrelated", "discuss"]
    # agree right 0.25 + 0.75; unrelated right 0.25; discuss taken for agree: related right, 0.25;
    # disagree taken for unrelated: 0; unrelated taken for discuss: 0. Best: 1 + .25 + 1 + 1 + .25
    result = scoring.evaluate(gold, predicted)
    assert (result["score"], result["max_score"]) == (1.5, 3.5)
    # F1: agree 2*1/(2+1); disagree 0; discuss 0 (1 predicted, 1 gold, none right); unrelated 2*1/(2+2)
    assert result["f1"] == pytest.approx({"agree": 2 / 3, "disagree": 0.0, "discuss": 0.0, "unrelated": 0.5})
    assert result["macro_f1"] == pytest.approx((2 / 3 + 0.5) / 4)
    assert result["confusion"]["rows_gold_columns_predicted"] == [
        [1, 0, 0, 0],
        [0, 0, 0, 1],
        [1, 0, 0, 0],
        [0, 0, 1, 1],
    ]


def test_all_right_scores_one_and_unknown_labels_are_refused():
    gold = ["agree", "disagree", "discuss", "unrelated"]
    result = scoring.evaluate(gold, gold)
    assert result["relative_score"] == 1.0 and result["macro_f1"] == 1.0
    with pytest.raises(ValueError):
        scoring.official_score(["agree"], ["agreed"])
    with pytest.raises(ValueError):
        scoring.official_score(["agree"], [])


# -- the benchmark scripts ----------------------------------------------------------------------
def _write_challenge_files(folder: Path, with_gold: bool) -> tuple[Path, Path]:
    bodies, stances = folder / "bodies.csv", folder / "stances.csv"
    with bodies.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Body ID", "articleBody"])
        writer.writerows([[7, BRIDGE_CONFIRMED], [12, SQUID_HOAX], [30, FOOTBALL]])
    rows = [(BRIDGE, 7, "agree"), (SQUID, 12, "disagree"), (BRIDGE, 30, "unrelated"), (SQUID, 7, "unrelated")]
    with stances.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Headline", "Body ID", *(["Stance"] if with_gold else [])])
        writer.writerows([row if with_gold else row[:2] for row in rows])
    return bodies, stances


@pytest.mark.parametrize("with_gold", [False, True])
def test_benchmark_labels_every_pair_in_the_challenge_layout(tmp_path, with_gold):
    bodies, stances = _write_challenge_files(tmp_path, with_gold)
    output = tmp_path / "predictions.csv"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "fnc1.py"), str(bodies), str(stances), "-o", str(output)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT / "benchmarks",
    )
    assert done.returncode == 0, done.stderr
    assert "4 pairs, 3 bodies" in done.stderr
    assert ("macro-F1" in done.stderr) == with_gold
    with output.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["Headline", "Body ID", "Stance"]
    assert [row[:2] for row in rows[1:]] == [[BRIDGE, "7"], [SQUID, "12"], [BRIDGE, "30"], [SQUID, "7"]]
    assert all(row[2] in stance.LABELS for row in rows[1:])
    if with_gold:
        scored = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "fnc1_score.py"), str(stances), str(output), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        gold = ["agree", "disagree", "unrelated", "unrelated"]
        expected = scoring.evaluate(gold, [row[2] for row in rows[1:]])
        assert json.loads(scored.stdout) == expected


# -- how the shipped model was trained ------------------------------------------------------------
def test_recorded_digests_are_those_of_the_corpus(fnc_path):
    recorded = _meta()["data"]["sha256"]
    for name in ("train_bodies.csv", "train_stances.csv"):
        assert recorded[name] == hashlib.sha256((fnc_path / name).read_bytes()).hexdigest()


def test_claims_are_components_of_related_pairs():
    script = _training_script()
    rows = [
        ("H1", "1", "agree"),
        ("H1", "2", "discuss"),
        ("H2", "2", "disagree"),  # one claim: H1, H2, 1, 2
        ("H3", "3", "agree"),
        ("H3", "1", "unrelated"),
        ("H1", "3", "unrelated"),
    ]  # another: H3, 3
    claim_of = script.claims(rows)
    assert claim_of["h:H1"] == claim_of["h:H2"] == claim_of["b:1"] == claim_of["b:2"] == 0
    assert claim_of["h:H3"] == claim_of["b:3"] == 1


def test_split_is_by_claim_and_as_recorded(fnc_path):
    script = _training_script()
    _, rows = script.read_corpus(fnc_path)
    parts = script.split(rows)
    claim_of, held = parts["claim_of"], parts["held"]
    train_claims = {claim_of["b:" + rows[i][1]] for i in parts["train"]}
    train_claims |= {claim_of["h:" + rows[i][0]] for i in parts["train"]}
    held_claims = {claim_of["b:" + rows[i][1]] for i in parts["held_out"]}
    assert held_claims == held and not train_claims & held
    # every related held-out pair is a held-out claim's on both sides
    assert all(claim_of["h:" + rows[i][0]] in held for i in parts["held_out"] if rows[i][2] != "unrelated")
    recorded = _meta()["split"]
    assert recorded["held_out_claims"] == sorted(held)
    assert recorded["pairs"] == {
        "train": len(parts["train"]),
        "held_out": len(parts["held_out"]),
        "dropped": parts["dropped"],
    }
    assert recorded["claims"]["held_out"] + recorded["claims"]["train"] == parts["n_claims"]
    assert len(parts["train"]) + len(parts["held_out"]) + parts["dropped"] == len(rows)


def test_decision_offsets_raise_macro_f1_but_keep_the_official_score_at_the_floor():
    script = _training_script()
    rng = np.random.default_rng(0)
    # gold labels and noisy probabilities that favour discuss: disagree is rarely the argmax
    y = np.repeat([0, 1, 2, 3], [200, 60, 500, 1200])
    probabilities = rng.dirichlet(np.ones(4), size=len(y)) + np.eye(4)[y] * 0.8 + np.array([0, 0, 0.6, 0])
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    plain = scoring.evaluate(
        [stance.LABELS[i] for i in y], [stance.LABELS[i] for i in probabilities.argmax(axis=1)]
    )
    for floor in (0.0, plain["relative_score"]):
        offsets, result = script.choose_offsets(y, probabilities, floor)
        assert result["relative_score"] >= floor
        assert result["macro_f1"] > plain["macro_f1"]
        predicted = (np.log(probabilities) + offsets).argmax(axis=1)
        assert result == scoring.evaluate(
            [stance.LABELS[i] for i in y], [stance.LABELS[i] for i in predicted]
        )
    # a floor above the score of the best macro-F1 gives up some macro-F1 to reach it
    free = script.choose_offsets(y, probabilities, 0.0)[1]
    held = script.choose_offsets(y, probabilities, free["relative_score"] + 0.005)[1]
    assert held["relative_score"] >= free["relative_score"] + 0.005
    assert held["macro_f1"] < free["macro_f1"]


def test_recorded_held_out_scores_are_consistent():
    held = _meta()["scores"]["held_out"]
    matrix = held["confusion"]["rows_gold_columns_predicted"]
    assert sum(map(sum, matrix)) == held["pairs"] == _meta()["split"]["pairs"]["held_out"]
    gold = [label for label, row in zip(stance.LABELS, matrix, strict=True) for _ in range(sum(row))]
    predicted = [stance.LABELS[j] for row in matrix for j, n in enumerate(row) for _ in range(n)]
    assert round(scoring.evaluate(gold, predicted)["relative_score"], 4) == held["relative_score"]
    assert round(scoring.evaluate(gold, predicted)["macro_f1"], 4) == held["macro_f1"]


@pytest.mark.slow
def test_shipped_model_scores_on_held_out_as_recorded(fnc_path, model):
    script = _training_script()
    bodies, rows = script.read_corpus(fnc_path)
    held_out = script.split(rows)["held_out"]
    pairs = [(rows[i][0], bodies[rows[i][1]]) for i in held_out]
    predicted = [label for label, _ in model.predict_pairs(pairs)]
    result = scoring.evaluate([rows[i][2] for i in held_out], predicted)
    recorded = _meta()["scores"]["held_out"]
    assert round(result["relative_score"], 4) == recorded["relative_score"]
    assert result["confusion"] == recorded["confusion"]
