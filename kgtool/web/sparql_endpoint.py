"""The SPARQL 1.1 protocol at ``/sparql``: read-only queries, each in a process of its own,
the service description, and a form for people."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kgtool import formats
from kgtool.errors import KgtoolError, QueryError, QueryRefused, QueryTimeout
from kgtool.html import sparql_table
from kgtool.html.environment import templates
from kgtool.sparql import querylib
from kgtool.sparql.guard import check_query
from kgtool.sparql.writers import write_graph, write_results
from kgtool.web.negotiation import (
    HTML,
    RDF_OFFERS,
    RESULT_OFFERS,
    best_match,
    error_response,
    negotiate,
    not_acceptable,
)
from kgtool.web.query_processes import Unavailable
from kgtool.web.site import Site


def wants_html(request: Request) -> bool:
    """A browser: ``Accept`` prefers text/html to every result format. Clients that accept
    anything (``*/*``) keep getting SPARQL results, as before."""
    machine = [m for f in RESULT_OFFERS + RDF_OFFERS for m in f.media_types]
    choice = best_match(request.headers.get("accept"), [*machine, HTML])  # ties: machines
    return choice is not None and choice.media_type == HTML


def sparql_page(request: Request, query: str, status: int = 200, **shown: Any) -> HTMLResponse:
    site: Site = request.app.state.site
    return HTMLResponse(
        templates()
        .get_template("sparql.html")
        .render(
            **site.page_context(),
            label="SPARQL",
            query=query,
            method=sparql_table.method_for(query),
            examples=sparql_table.examples(),
            **shown,
        ),
        status_code=status,
        headers={"Vary": "Accept"},
    )


async def sparql(request: Request) -> Response:
    site: Site = request.app.state.site
    html = wants_html(request)
    query, update = None, None
    if request.method == "GET":
        query, update = request.query_params.get("query"), request.query_params.get("update")
    else:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/x-www-form-urlencoded":
            form = await request.form()
            query, update = _text(form.get("query")), _text(form.get("update"))
        elif content_type == "application/sparql-query":
            query = (await request.body()).decode("utf-8", "replace")
        elif content_type == "application/sparql-update":
            update = "update"
        else:
            return error_response(
                415,
                "Unsupported Media Type: send application/sparql-query or application/x-www-form-urlencoded",
            )

    def refuse(status: int, message: str) -> Response:
        return (
            sparql_page(request, str(query or ""), status, error=message)
            if html
            else error_response(status, message)
        )

    if update:
        return refuse(403, "Forbidden: this endpoint is read-only; SPARQL Update is refused")
    if request.query_params.getlist("default-graph-uri") or request.query_params.getlist("named-graph-uri"):
        return refuse(400, "default-graph-uri and named-graph-uri are not supported here")
    if not query:
        if html:
            example = request.query_params.get("example", "")
            library = querylib.library()
            return sparql_page(request, library[example].text if example in library else sparql_table.EXAMPLE)
        return service_description(request)
    try:  # parsing takes a while: not on the event loop
        await run_in_threadpool(check_query, str(query))
    except QueryRefused as e:
        return refuse(403, f"Forbidden: {e}")
    except QueryError as e:
        return refuse(400, f"Bad Request: {e}")
    try:
        result = await site.queries.run(str(query))
    except (QueryTimeout, Unavailable) as e:
        return refuse(503, f"Service Unavailable: {e}")
    except KgtoolError as e:  # a syntax error, a result over the row limit
        return refuse(400, f"Bad Request: {e}")
    if html:
        header, rows = sparql_table.table(result, site.link, site.reading)
        return sparql_page(request, str(query), header=header, rows=rows)
    offers = RDF_OFFERS if result.kind == "graph" else RESULT_OFFERS
    fmt = negotiate(request, offers)
    if fmt is None:
        return not_acceptable(offers, html=False)
    body = write_results(result, fmt)
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})


def service_description(request: Request) -> Response:
    from rdflib import RDF, Graph, Namespace, URIRef

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    graph = Graph()
    graph.bind("sd", sd)
    service = URIRef(str(request.url.replace(query="")))
    graph.add((service, RDF.type, sd.Service))
    graph.add((service, sd.endpoint, service))
    graph.add((service, sd.supportedLanguage, sd.SPARQL11Query))
    graph.add((service, sd.feature, sd.UnionDefaultGraph))
    for f in RESULT_OFFERS + RDF_OFFERS:
        graph.add(
            (service, sd.resultFormat, URIRef(f"https://www.iana.org/assignments/media-types/{f.media_type}"))
        )
    fmt = negotiate(request, RDF_OFFERS) or formats.by_name("turtle")
    return Response(write_graph(graph, fmt), media_type=fmt.media_type, headers={"Vary": "Accept"})


def _text(field: object) -> str | None:
    """A form field's text: a file uploaded in its place is no query."""
    return field if isinstance(field, str) else None
