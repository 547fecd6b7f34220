"""The HTTP ``Accept`` header: which offered media type a client prefers, and the parameters it gave
for it.

werkzeug reads the header (q-values, wildcards, specificity) but takes a media range with
parameters (``application/ld+json; profile=...``) to match only an offer with the same
parameters, so it would refuse what RFC 9110 (section 12.5.1) says to serve. Here the parameters
other than ``q`` are set aside for the match and handed back to the caller, who honours those
it understands (the JSON-LD profile) and ignores the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header, parse_options_header


@dataclass(frozen=True)
class Choice:
    """The media type chosen, and the parameters the client's media range gave for it."""

    media_type: str
    params: dict[str, str] = field(default_factory=dict)


def best_match(header: str | None, offered: list[str]) -> Choice | None:
    """The media type of ``offered`` that ``header`` prefers (None: nothing offered is
    acceptable), with the parameters of the most preferred range naming it exactly."""
    ranges = [(*parse_options_header(value), q) for value, q in
              parse_accept_header(header or "*/*", MIMEAccept)]
    best = MIMEAccept([(media, q) for media, _, q in ranges]).best_match(offered)
    if best is None:
        return None
    exact = sorted((r for r in ranges if r[0] == best.lower()), key=lambda r: -r[2])
    return Choice(best, exact[0][1] if exact else {})
