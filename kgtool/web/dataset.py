"""The dataset as a whole: its VoID/DCAT description at ``/.well-known/void`` and its dumps."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from kgtool.errors import UsageError
from kgtool.sparql.writers import write_graph
from kgtool.web.minted import description
from kgtool.web.negotiation import RDF_OFFERS, error_response, negotiate, not_acceptable, rdf_response
from kgtool.web.site import Site


async def void(request: Request) -> Response:
    site: Site = request.app.state.site
    fmt = negotiate(request, RDF_OFFERS)
    if fmt is None:
        return not_acceptable(RDF_OFFERS, html=False)
    graph = await run_in_threadpool(description, site, str(request.base_url))  # where clients reach it
    body = await run_in_threadpool(write_graph, graph, fmt)
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})


async def dump(request: Request) -> Response:
    """The whole graph served, as ``kgtool export`` writes it: the dumps the description names."""
    site: Site = request.app.state.site
    fmt = negotiate(request, RDF_OFFERS)
    if fmt is None:
        return not_acceptable(RDF_OFFERS, html=False)
    try:
        return await run_in_threadpool(rdf_response, site.quads, fmt, request)
    except UsageError as e:  # named graphs asked for in a triples-only format
        return error_response(406, f"Not Acceptable: {e}")
