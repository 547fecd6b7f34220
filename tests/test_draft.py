"""kgtool draft: attributions of small texts written for the purpose, its outputs, bad input.

Content spans follow PolNeAR, the training data: a direct quote's content includes its
quotation marks."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest

SAID = 'The mayor spoke on Tuesday. "We will rebuild the bridge by June," Smith said.\n'
INTERRUPTED = ('The senator did not hold back. "This bill is a disaster," Warren said, '
               '"and it will hurt every family in the state."\n')
ACCORDING = ("The unemployment rate fell to 4.9 percent in October, according to the Labor "
             "Department.\n")
ACCORDING_FIRST = ("According to the Labor Department, the unemployment rate fell to 4.9 percent "
                   "in October.\n")
OFFICIALS = "Officials said the plan would be announced next week.\n"
CLOSE_TO = "A source close to the campaign said the candidate would skip the debate.\n"
NO_SOURCE_GIVEN = "It is widely believed that the governor will resign before the end of the year.\n"
NOTHING = "The weather was sunny in Ohio. The parade started at noon and ended at three.\n"
MENTIONED_TWICE = ("Edward Alden of the Council on Foreign Relations said the trade deal "
                   "had changed the industry. \"It is a very big shift,\" Alden said. He added that "
                   "tariffs would rise.\n")


def drafted(kgtool, tmp_path, text: str) -> dict:
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    result = kgtool("draft", str(article), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def words(span: dict | None) -> str | None:
    return span["text"] if span else None


def test_direct_quote_with_said(kgtool, tmp_path):
    [claim] = drafted(kgtool, tmp_path, SAID)["claims"]
    assert [words(c) for c in claim["content"]] == ['"We will rebuild the bridge by June,"']
    assert words(claim["cue"]) == "said"
    assert words(claim["source"]) == "Smith"
    assert (claim["mode"], claim["source_kind"], claim["source_descriptor"]) == (
        "direct_quote", "named_person", None)
    assert 0.5 < claim["confidence"] <= 1


def test_offsets_are_code_points_into_the_text(kgtool, tmp_path):
    text = "Café owners worried. " + SAID
    [claim] = drafted(kgtool, tmp_path, text)["claims"]
    cue = claim["cue"]
    assert text[cue["start"]:cue["end"]] == "said"


def test_interrupted_quote_is_one_claim_with_two_content_spans(kgtool, tmp_path):
    [claim] = drafted(kgtool, tmp_path, INTERRUPTED)["claims"]
    assert [words(c) for c in claim["content"]] == [
        '"This bill is a disaster,"', '"and it will hurt every family in the state."']
    assert (words(claim["cue"]), words(claim["source"])) == ("said", "Warren")


@pytest.mark.parametrize("text", [ACCORDING, ACCORDING_FIRST])
def test_according_to(kgtool, tmp_path, text):
    [claim] = drafted(kgtool, tmp_path, text)["claims"]
    assert words(claim["cue"]).lower() == "according to"
    assert words(claim["source"]) == "the Labor Department"
    assert claim["source_kind"] == "institution"
    assert claim["mode"] == "paraphrase"
    assert words(claim["content"][0]).lower().startswith("the unemployment rate fell")


@pytest.mark.parametrize(("text", "descriptor", "kind"), [
    (OFFICIALS, "Officials", "anonymous_group"),
    (CLOSE_TO, "A source close to the campaign", "anonymous_individual"),
])
def test_unnamed_source(kgtool, tmp_path, text, descriptor, kind):
    [claim] = drafted(kgtool, tmp_path, text)["claims"]
    assert (claim["source_kind"], claim["source_descriptor"]) == (kind, descriptor)
    assert words(claim["cue"]) == "said"


def test_no_attribution_gives_no_claims(kgtool, tmp_path):
    assert drafted(kgtool, tmp_path, NOTHING)["claims"] == []


def test_mentions_of_one_person_are_one_source(kgtool, tmp_path):
    doc = drafted(kgtool, tmp_path, MENTIONED_TWICE)
    assert [words(c["source"]) for c in doc["claims"]] == [
        "Edward Alden of the Council on Foreign Relations", "Alden", "He"]
    assert {c["source_id"] for c in doc["claims"]} == {"alden"}
    [source] = doc["sources"]
    assert (source["kind"], source["label"]) == ("named_person", "Edward Alden")  # the name
    assert [m["text"] for m in source["mentions"]] == [
        "Edward Alden of the Council on Foreign Relations", "Alden", "He"]


def test_toml_draft_keeps_content_as_quotes_without_structure(kgtool, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(INTERRUPTED + OFFICIALS, encoding="utf-8")
    result = kgtool("draft", str(article))
    assert result.exit_code == 0, result.stderr
    notes = tomllib.loads(result.stdout)
    assert notes["article"]["sha256"] == __import__("hashlib").sha256(article.read_bytes()).hexdigest()
    warren, officials = [c for c in notes["claim"] if c["mode"] != "publisher_narrative"]
    assert warren["quote"] == [
        '"This bill is a disaster,"', '"and it will hurt every family in the state."']
    assert (warren["source"], warren["mode"], warren["cue"]) == ("warren", "direct_quote", "said")
    assert notes["entity"]["warren"]["source_kind"] == "named_person"
    assert (officials["source"], officials["mode"]) == ("officials", "paraphrase")
    assert notes["source"]["officials"]["kind"] == "anonymous_group"
    assert notes["source"]["officials"]["descriptor"] == "Officials"
    assert not {"subject", "predicate", "object", "value"} & (warren.keys() | officials.keys())


def test_drafted_toml_compiles_and_validates(kgtool, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(NO_SOURCE_GIVEN + SAID + MENTIONED_TWICE + CLOSE_TO, encoding="utf-8")
    drafted_toml, graph = tmp_path / "draft.toml", tmp_path / "draft.ttl"
    assert kgtool("draft", str(article), "-o", str(drafted_toml)).exit_code == 0
    compiled = kgtool("compile", str(drafted_toml), "--article", str(article), "-o", str(graph))
    assert compiled.exit_code == 0, compiled.stderr
    validated = kgtool("validate", "-d", str(graph), "--article", str(article))
    assert validated.exit_code == 0, validated.stdout
    # the attribution whose text gives no source goes to proxy:NoSourceGiven, not to a made-up one
    from kgtool.authoring import NO_SOURCE
    from kgtool.drafting.render import UNSTATED_KEY

    assert UNSTATED_KEY == NO_SOURCE
    audit = json.loads(kgtool("audit", "-d", str(graph), "--format", "json").stdout)
    assert audit["summary"]["by_status"]["unstated"] >= 1


def test_output_file_is_written(kgtool, tmp_path):
    article, target = tmp_path / "article.txt", tmp_path / "out.json"
    article.write_text(SAID, encoding="utf-8")
    result = kgtool("draft", str(article), "--format", "json", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert len(json.loads(target.read_text(encoding="utf-8"))["claims"]) == 1


@pytest.mark.parametrize(("content", "says"), [
    (None, "cannot read"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "byte 8 is a NUL"),
    (b"Officials said it.\n" + "caf\u00e9 au lait".encode("latin-1"), "line 2, byte 22 is not UTF-8"),
])
def test_bad_input_is_one_line_and_exit_2(kgtool, tmp_path, content, says):
    article, target = tmp_path / "article.txt", tmp_path / "out.toml"
    if content is not None:
        article.write_bytes(content)
    result = kgtool("draft", str(article), "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and says in result.stderr and str(article) in result.stderr
    assert not target.exists()


def test_drafting_imports_no_rdf_or_web_library(tmp_path):
    # score.py starts one process per article: drafting must not pay for rdflib & co.
    article = tmp_path / "article.txt"
    article.write_text(SAID, encoding="utf-8")
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "kgtool", "draft", str(article),
                           "--format", "json"], capture_output=True, text=True, check=True)
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "pycrfsuite" in imported
    assert not imported & {"rdflib", "pyoxigraph", "pyshacl", "starlette", "pyld", "requests"}


def _training_script():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "train_drafter.py"
    spec = importlib.util.spec_from_file_location("train_drafter", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_model_records_how_it_was_trained(polnear_path):
    from kgtool.drafting import model

    meta = json.loads(model.META_PATH.read_text(encoding="utf-8"))
    assert meta["train_sha256"] == _training_script().digest(polnear_path / "train")
    assert meta["command"].startswith("python scripts/train_drafter.py ")
    assert meta["dev_scores"].startswith("polnear: 84 articles")
    assert model.CRF_PATH.stat().st_size < 5_000_000


def test_drafts_of_dev_articles_never_overlap_and_find_attributions(polnear_path):
    # Three dev articles through score.py, as benchmarks/README.md measures all 84.
    done = subprocess.run(
        [sys.executable, str(polnear_path / "score.py"), str(polnear_path / "dev"), "--limit", "3",
         "--cmd", f"{sys.executable} -m kgtool draft {{in}} --format json"],
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    f1 = float(done.stdout.split("F1 ")[1].split(";")[0])
    assert f1 >= 0.5, done.stdout
