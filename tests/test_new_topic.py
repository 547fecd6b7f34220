"""docs/new-topic.md: an article outside the shipped domain, with an ontology of one's own that
imports kgtool's (read offline), compiles, validates, audits and is wholly covered."""

from __future__ import annotations

import json
import re
from pathlib import Path

import kgtool as kgtool_library

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "new-topic"
ONTOLOGY = str(EXAMPLE / "council.ttl")


def test_the_worked_example_runs_as_the_page_says(kgtool, tmp_path):
    page = (EXAMPLE.parent.parent / "new-topic.md").read_text(encoding="utf-8")
    commands = re.findall(r"^kgtool (\w+)", page, flags=re.M)
    assert commands == ["compile", "validate", "audit", "coverage", "serve"]
    graph = tmp_path / "riverton.ttl"
    article = str(EXAMPLE / "article.txt")
    done = kgtool(
        "compile", str(EXAMPLE / "claims.toml"), "-a", article, "--ontology", ONTOLOGY, "-o", str(graph)
    )
    assert done.exit_code == 0, done.stderr
    done = kgtool("validate", "-d", str(graph), "-a", article, "--ontology", ONTOLOGY)
    assert done.exit_code == 0 and "no violations" in done.stderr, done.stdout + done.stderr
    audit = json.loads(kgtool("audit", "-d", str(graph), "--ontology", ONTOLOGY, "--format", "json").stdout)
    assert audit["summary"]["claims"] == 5 and audit["summary"]["disputes"] == 1
    engine = kgtool_library.load([graph], ontology=ONTOLOGY)
    sentences = [said.sentence for said in kgtool_library.run_audit(engine).sentences.values()]
    assert (
        "Tom Reyes, council member, said that the cost of repairs to the Mill Street bridge is "
        "“twice the estimate”." in sentences
    )
    done = kgtool("coverage", "-d", str(graph), "-a", article, "--ontology", ONTOLOGY)
    assert done.exit_code == 0 and "(100.0%)" in done.stdout


def test_without_the_ontology_of_ones_own_its_terms_are_refused(kgtool):
    done = kgtool("compile", str(EXAMPLE / "claims.toml"), "-a", str(EXAMPLE / "article.txt"))
    assert done.exit_code == 2
    assert "council:" in done.stderr and "is not declared in the ontology" in done.stderr
    assert done.stderr.rstrip().endswith("(--ontology)")
