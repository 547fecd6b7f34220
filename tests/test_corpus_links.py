"""Many articles (issue 26): kgtool link proposes links between the claims of a corpus, and the
corpus audit answers the hand-built corpora of tests/fixtures/corpus/ as their expected files
say (written before the code)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from kgtool.namespaces import PROV, PROXY, RDF

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
CORPORA = sorted(p.stem for p in FIXTURES.glob("*.ttl"))


def test_every_corpus_is_collected_with_its_answers():
    assert CORPORA == ["citation-cycle", "denial", "laundering", "two-named-sources", "wire-reprint"]
    assert all((FIXTURES / f"{name}.expected.json").is_file() for name in CORPORA)


def link(kgtool, tmp_path: Path, name: str, *options: str) -> Path:
    out = tmp_path / f"{name}.links.ttl"
    result = kgtool("link", "-d", str(FIXTURES / f"{name}.ttl"), "-o", str(out), *options)
    assert result.exit_code == 0, result.output
    assert "links proposed" in result.stderr and result.stdout == ""
    return out


def links_of(path: Path) -> set[tuple[str, str, str, str]]:
    """(link class, subject, predicate, object) of every link, local names only."""
    graph = Graph().parse(path)
    found = set()
    for node in graph.subjects(PROXY.reviewStatus, None):
        assert graph.value(node, PROXY.reviewStatus) == PROXY.Proposed
        assert graph.value(graph.value(node, PROV.wasGeneratedBy), PROXY.method)
        assert 0 <= float(graph.value(node, PROXY.score)) <= 1
        found.add(
            tuple(
                str(graph.value(node, p)).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
                for p in (RDF.type, RDF.subject, RDF.predicate, RDF.object)
            )
        )
    return found


def test_link_finds_the_same_claim_and_the_contradiction_across_outlets(kgtool, tmp_path):
    assert links_of(link(kgtool, tmp_path, "denial")) == {
        ("SameClaimLink", "claim-chronicle", "sameClaimAs", "claim-observer"),
        ("StanceLink", "claim-chronicle-denial", "contradicts", "claim-observer"),
    }


def test_link_follows_an_attribution_to_an_outlet_of_the_corpus(kgtool, tmp_path):
    assert links_of(link(kgtool, tmp_path, "laundering")) == {
        ("SameClaimLink", "claim-ledger", "sameClaimAs", "claim-planet"),
        ("DerivationLink", "claim-ledger", "wasDerivedFrom", "claim-planet"),
    }


def test_link_follows_a_wire_credit_only_to_what_the_wire_carried(kgtool, tmp_path):
    found = links_of(link(kgtool, tmp_path, "wire-reprint", "--no-stance"))
    derived = {(s, o) for kind, s, _, o in found if kind == "DerivationLink"}
    # the Herald's harbour story is its own: AP's article, in the corpus, does not carry it
    assert derived == {
        ("claim-herald", "claim-ap"),
        ("claim-courier", "claim-ap"),
        ("claim-gazette", "claim-ap"),
    }
    same = {(s, o) for kind, s, _, o in found if kind == "SameClaimLink"}
    assert same == {
        ("claim-herald", "claim-ap"),
        ("claim-courier", "claim-ap"),
        ("claim-gazette", "claim-ap"),
    }


def test_a_wire_agency_outside_the_corpus_is_an_outside_root(kgtool, tmp_path):
    data = tmp_path / "reuters.ttl"
    data.write_text(
        (FIXTURES / "laundering.ttl")
        .read_text(encoding="utf-8")
        .replace(
            'f:planet-cited a proxy:NamedSource ; rdfs:label "the Daily Planet"',
            'f:planet-cited a proxy:NamedSource ; rdfs:label "Reuters"',
        ),
        encoding="utf-8",
    )
    out = tmp_path / "links.ttl"
    assert kgtool("link", "-d", str(data), "-o", str(out)).exit_code == 0
    graph = Graph().parse(out)
    reuters = URIRef("https://w3id.org/kgtool/id/entity/outlet-reuters")
    assert (None, RDF.object, reuters) in graph
    assert graph.value(reuters, PROXY.sourceKind) == PROXY.PublisherKind


def test_link_refuses_bad_input_in_one_line(kgtool, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    out = tmp_path / "links.ttl"
    result = kgtool("link", "-d", str(bad), "-o", str(out))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "line 1" in lines[0], result.stderr
    assert not out.exists()


def test_link_needs_data(kgtool):
    result = kgtool("link")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "kgtool: error: give the claims graphs of the corpus; name each with --data (--data)"
    ]
