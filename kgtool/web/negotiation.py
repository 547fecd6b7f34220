"""Content negotiation: the format a request asks for (``?format=``, then ``Accept``) among the
formats offered, and the responses that carry RDF in it or say that none is acceptable.

werkzeug reads the ``Accept`` header (q-values, wildcards, specificity) but takes a media range
with parameters (``application/ld+json; profile=...``) to match only an offer with the same
parameters, so it would refuse what RFC 9110 (section 12.5.1) says to serve. Here the parameters
other than ``q`` are set aside for the match and handed back to the caller, who honours those
it understands (the JSON-LD profile) and ignores the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header, parse_options_header

from kgtool import formats
from kgtool.publish import export

HTML = "text/html"
RDF_OFFERS = [f for f in formats.FORMATS if f.is_rdf]
RESULT_OFFERS = [f for f in formats.FORMATS if not f.is_rdf and not f.for_people]


@dataclass(frozen=True)
class Choice:
    """The media type chosen, and the parameters the client's media range gave for it."""

    media_type: str
    params: dict[str, str] = field(default_factory=dict)


def best_match(header: str | None, offered: list[str]) -> Choice | None:
    """The media type of ``offered`` that ``header`` prefers (None: nothing offered is
    acceptable), with the parameters of the most preferred range naming it exactly."""
    ranges = [
        (*parse_options_header(value), q) for value, q in parse_accept_header(header or "*/*", MIMEAccept)
    ]
    best = MIMEAccept([(media, q) for media, _, q in ranges]).best_match(offered)
    if best is None:
        return None
    exact = sorted((r for r in ranges if r[0] == best.lower()), key=lambda r: -r[2])
    return Choice(best, exact[0][1] if exact else {})


def negotiate(request: Request, offers: list[formats.Format]) -> formats.Format | None:
    """The format to answer in: ``?format=`` (a name or extension) first, then ``Accept``
    (q-values honoured, other parameters never a reason to refuse); None when nothing offered
    is acceptable."""
    chosen = negotiate_page(request, offers, html=False)
    return None if isinstance(chosen, str) else chosen


def negotiate_page(
    request: Request, offers: list[formats.Format], html: bool = True
) -> formats.Format | str | None:
    """As :func:`negotiate`, with an HTML page offered too: :data:`HTML` when it is chosen."""
    wanted = request.query_params.get("format")
    if wanted:
        if html and wanted == "html":
            return HTML
        for f in offers:
            if wanted.lower() in (f.name, *f.aliases, *f.extensions):
                return f
        return None
    media = ([HTML] if html else []) + [m for f in offers for m in f.media_types]
    best = best_match(request.headers.get("accept"), media)
    if best is None:
        return None
    if best.media_type == HTML:
        return HTML
    return formats.by_media_type(best.media_type, *{f.kind for f in offers})


def jsonld_form(request: Request) -> str:
    """The JSON-LD form (expanded, compacted, flattened) that the ``profile`` parameter of the
    client's ``application/ld+json`` names (a space-separated list), compacted when none does."""
    jsonld = formats.by_name("jsonld").media_type
    best = best_match(request.headers.get("accept"), [jsonld])
    for profile in (best.params.get("profile", "") if best else "").split():
        form = profile.removeprefix(export.JSONLD_PROFILE)
        if profile.startswith(export.JSONLD_PROFILE) and form in export.JSONLD_FORMS:
            return form
    return "compacted"


def not_acceptable(offers: list[formats.Format], html: bool) -> PlainTextResponse:
    types = ([HTML] if html else []) + [f.media_type for f in offers]
    return PlainTextResponse(
        "Not Acceptable. Offered: " + ", ".join(types) + "\n", status_code=406, headers={"Vary": "Accept"}
    )


def rdf_response(quads: list[ox.Quad], fmt: formats.Format, request: Request) -> Response:
    if fmt.syntax is not formats.Syntax.JSON:
        return Response(export.serialize(quads, fmt), media_type=fmt.media_type, headers={"Vary": "Accept"})
    form = jsonld_form(request)
    return Response(
        export.serialize(quads, fmt, jsonld_form=form),
        media_type=f'{fmt.media_type}; profile="{export.JSONLD_PROFILE}{form}"',
        headers={"Vary": "Accept"},
    )


def error_response(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip() + "\n", status_code=status)
