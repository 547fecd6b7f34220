"""Where the quotes of a draft occur in its text, found for all of them in one pass.

A quote that occurs more than once is written with its ``nth`` occurrence, counted as the
compiler counts them (``re.finditer``: left to right, no two overlapping). Searching the whole
text once per quote takes time in the square of the text's length (a book drafted has tens of
thousands of quotes); instead the text is read once per distinct head length, noting where
each quote's first :data:`HEAD` characters stand, and each quote is checked at those places.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

HEAD = 8
#: A head found at more places than this (a text of one repeated character) is no filter:
#: the quote is searched for in the whole text instead, which is then the quicker.
MANY = 256


def occurrences(text: str, quotes: Iterable[str], many: int = MANY) -> dict[str, list[int]]:
    """The start of every occurrence of each quote (none empty) in ``text``, as ``re.finditer``
    finds them."""
    by_head: dict[int, set[str]] = {}
    for quote in set(quotes):
        by_head.setdefault(min(len(quote), HEAD), set()).add(quote)
    found: dict[str, list[int]] = {}
    for length, group in by_head.items():
        heads = {quote[:length] for quote in group}
        places: dict[str, list[int]] = {}
        for i in range(len(text) - length + 1):
            head = text[i : i + length]
            if head in heads:
                places.setdefault(head, []).append(i)
        for quote in group:
            candidates = places.get(quote[:length], [])
            if len(candidates) > many:
                found[quote] = [m.start() for m in re.finditer(re.escape(quote), text)]
                continue
            starts: list[int] = []
            for i in candidates:
                if (not starts or i >= starts[-1] + len(quote)) and text.startswith(quote, i):
                    starts.append(i)
            found[quote] = starts
    return found
