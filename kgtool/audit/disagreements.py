"""Group dispute links into disagreements, so that a reader counts disputes, not links.

One disagreement of an article is usually several links: each side is split into several claims
(one per piece of content), and several claims may answer the same words. The links that dispute
the same *statement* (one source's words at one place of the text) are one disagreement. A
directed relation (denies, challenges, ...) disputes its target only; a contradiction, explicit
or found in the content, disputes both ends. So a claim that denies one allegation and is itself
challenged by a third party sits in two disagreements, as a reader would tell them apart.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

#: Relations that dispute both ends: the two claims cannot both hold.
SYMMETRIC = frozenset({"contradicts"})


@dataclass(frozen=True, order=True)
class Link:
    """One dispute between two claims, as its maker states it (``claim`` disputes ``counter``)."""

    claim: str
    counter: str
    relation: str
    how: str  # "link" for an explicit relation, else how the content conflicts
    claim_source: str
    counter_source: str

    @property
    def key(self) -> tuple[frozenset[str], str, str]:
        """The same for the two rows of the query that show this link, one at each end."""
        return frozenset((self.claim, self.counter)), self.relation, self.how


def unique_links(rows: Iterable[dict[str, str]]) -> list[Link]:
    """Each link once, from the rows of queries/contested-claims.rq (which show it at both ends),
    and a content conflict only where no explicit link opposes the same two claims."""
    links: dict[tuple, Link] = {}
    for row in rows:
        if row["direction"] == "in":
            continue  # the same link, seen from its target: its "out" row is there too
        link = Link(
            row["claim"],
            row["counter"],
            row["relation"],
            row["how"],
            row.get("claimSource", ""),
            row.get("counterSource", ""),
        )
        kept = links.get(link.key)
        if kept is None or (link.relation in SYMMETRIC and link < kept):
            links[link.key] = link  # a symmetric conflict: keep one orientation, stably
    # a conflict found in the content of two claims an explicit link already opposes says no more
    linked = {pair for pair, _, how in links if how == "link"}
    return sorted(link for (pair, _, how), link in links.items() if how == "link" or pair not in linked)


def group(links: list[Link], statement: Callable[[str], Hashable]) -> list[list[Link]]:
    """The links, partitioned into disagreements: links that dispute one statement are one."""
    parent = list(range(len(links)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_by_target: dict[Hashable, int] = {}
    for i, link in enumerate(links):
        targets = {statement(link.counter)}
        if link.relation in SYMMETRIC:
            targets.add(statement(link.claim))
        for target in targets:
            j = first_by_target.setdefault(target, i)
            parent[root(i)] = root(j)
    groups: dict[int, list[Link]] = {}
    for i, link in enumerate(links):
        groups.setdefault(root(i), []).append(link)
    return list(groups.values())
