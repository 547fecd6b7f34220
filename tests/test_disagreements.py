"""Grouping dispute links into disagreements (kgtool.audit.disagreements), on small hand-made cases."""

from __future__ import annotations

from kgtool.audit.disagreements import Link, group, unique_links


def row(claim: str, counter: str, relation: str, direction: str = "out", how: str = "link") -> dict[str, str]:
    return {
        "claim": claim,
        "counter": counter,
        "relation": relation,
        "direction": direction,
        "how": how,
        "claimSource": f"src-{claim}",
        "counterSource": f"src-{counter}",
    }


def by_claim(claim: str) -> str:
    return claim


def test_each_link_once_from_the_rows_at_both_ends():
    rows = [
        row("a", "b", "denies"),
        row("b", "a", "denies", "in"),
        row("c", "d", "contradicts", how="opposite polarity"),
        row("d", "c", "contradicts", how="opposite polarity"),
    ]
    assert unique_links(rows) == [
        Link("a", "b", "denies", "link", "src-a", "src-b"),
        Link("c", "d", "contradicts", "opposite polarity", "src-c", "src-d"),
    ]


def test_a_content_conflict_beside_an_explicit_link_adds_nothing():
    rows = [
        row("a", "b", "denies"),
        row("b", "a", "denies", "in"),
        row("a", "b", "contradicts", how="opposite polarity"),
        row("b", "a", "contradicts", how="opposite polarity"),
    ]
    assert [link.relation for link in unique_links(rows)] == ["denies"]


def test_a_denial_challenged_in_turn_is_two_disagreements():
    # Araji denies the outlets' allegation; his own source challenges Araji: two disputes
    links = unique_links([row("araji", "outlets", "denies"), row("source", "araji", "challenges")])
    groups = group(links, by_claim)
    assert sorted(len(g) for g in groups) == [1, 1]


def test_links_against_one_statement_are_one_disagreement():
    # four claims contradict the claimants' one claim; two pieces of one sentence count once
    links = unique_links([row(x, "claimants", "contradicts") for x in ("o1", "o2", "s1", "s2")])
    assert [len(g) for g in group(links, by_claim)] == [4]
    pieces = unique_links([row("denial", "piece-1", "denies"), row("denial", "piece-2", "denies")])
    sentence = {"piece-1": "one sentence", "piece-2": "one sentence", "denial": "denial"}
    assert [len(g) for g in group(pieces, sentence.__getitem__)] == [2]
