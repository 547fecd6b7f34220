"""``kgtool serve``: every IRI of the graph dereferenceable, and a read-only SPARQL endpoint.

A Starlette application. Each IRI under the configured base is a path of this server, which
answers 303 See Other to ``/doc/<path>`` (the thing's description, Cool URIs): HTML for
browsers, Turtle, N-Triples, JSON-LD or RDF/XML by ``Accept`` (``?format=`` for links). The
descriptions come from the lossless quads (as ``kgtool export`` gives them); queries run on the
Oxigraph engine through the same guard, time limit and row limit as ``kgtool query``.
"""

from __future__ import annotations

import socket
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from kgtool import formats
from kgtool.audit.records import Claim, Source
from kgtool.audit.report import disputed_as, render_html
from kgtool.audit.run import Audit, run_audit
from kgtool.engines import Engine
from kgtool.errors import KgtoolError, QueryError, QueryRefused, QueryTimeout, UsageError
from kgtool.html import sparql_table as sparql_page_lib
from kgtool.html.dispute_picture import EDGE_STYLES, LayoutMissing, dispute_svgs
from kgtool.html.environment import page_css, templates
from kgtool.html.links import web_link
from kgtool.namespaces import OA, ONTOLOGY_IRI, PROXY, RDF, RDFS, SCHEMA
from kgtool.publish import export as exporting
from kgtool.publish.dataset_info import UNKNOWN, DatasetInfo
from kgtool.publish.dereference import describe_namespace, describe_resource
from kgtool.publish.description import describe
from kgtool.publish.quad_index import Index
from kgtool.sparql import querylib
from kgtool.sparql import writers as result_writers
from kgtool.sparql.guard import check_query
from kgtool.web import negotiation as accept
from kgtool.web.claim_filter import RELATIONS, Filters, relations_of, select
from kgtool.web.query_processes import QueryProcesses, Unavailable
from kgtool.web.safety import BodyLimit, SecurityHeaders, allowed_hosts, content_security_policy

HTML = "text/html"
RDF_OFFERS = [f for f in formats.FORMATS if f.is_rdf]
RESULT_OFFERS = [f for f in formats.FORMATS if not f.is_rdf and not f.for_people]


@dataclass
class Site:
    """What the server answers from: the graph loaded twice (lossless quads to describe, an
    engine to query, in processes of its own), and the audit, computed once at start."""

    base: str
    engine: Engine
    quads: list[ox.Quad]
    index: Index
    audit: Audit
    queries: QueryProcesses
    max_body: int = 64 * 1024  # a SPARQL query is a few kilobytes; parsing one takes ~15 ms/KB
    dataset: DatasetInfo = UNKNOWN  # its licence and publisher, where known (/.well-known/void)
    claims: dict[str, Claim] = field(init=False)
    sources: dict[str, Source] = field(init=False)

    pictures: dict[str, Any] = field(init=False)
    articles: list[tuple[str, str]] = field(init=False)  # (href, label) for the navigation

    def __post_init__(self) -> None:
        self.claims = {c.iri: c for c in self.audit.claims}
        self.sources = {s.iri: s for s in self.audit.sources}
        articles = [(self.link(a.value), self.label(a.value)) for a in
                    self.index.subjects_of_type(ox.NamedNode(str(SCHEMA.NewsArticle)))]
        self.articles = [(href, name) for href, name in articles if href]
        try:  # drawn once: the audit does not change while serving
            self.pictures = {"pictures": dispute_svgs(self.audit, self.link)}
        except LayoutMissing as e:  # the pages still serve, and say what is missing
            self.pictures = {"layout_missing": str(e)}

    # --- IRIs and paths --------------------------------------------------------------------

    def iri_of(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def link(self, iri: str) -> str | None:
        """The href of an IRI's page: a path of this server, an http(s) IRI, or None (text)."""
        return "/" + iri[len(self.base):].lstrip("/") if iri.startswith(self.base) else web_link(iri)

    def label(self, iri: str) -> str:
        found = self.index.value(ox.NamedNode(iri), ox.NamedNode(RDFS.label))
        if found is not None:
            return found.value
        return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def page_context(self) -> dict[str, Any]:
        """What every served page shows besides its own content: the navigation."""
        return {"served": True, "articles": self.articles, "sentences": self.audit.sentences}

    def text(self, iri: str, prop: str) -> str | None:
        found = self.index.value(ox.NamedNode(iri), ox.NamedNode(prop))
        return None if found is None else found.value

    def knows(self, iri: str) -> bool:
        return ox.NamedNode(iri) in self.index.by_subject


def negotiate(request: Request, offers: list[formats.Format], html: bool) -> str | formats.Format | None:
    """The format to answer in: ``?format=`` (a name or extension) first, then ``Accept``
    (q-values honoured, other parameters never a reason to refuse); None when nothing offered
    is acceptable."""
    wanted = request.query_params.get("format")
    if wanted:
        if html and wanted == "html":
            return HTML
        for f in offers:
            if wanted.lower() in (f.name, *f.aliases, *f.extensions):
                return f
        return None
    media = ([HTML] if html else []) + [m for f in offers for m in f.media_types]
    best = accept.best_match(request.headers.get("accept"), media)
    if best is None:
        return None
    if best.media_type == HTML:
        return HTML
    return formats.by_media_type(best.media_type, *{f.kind for f in offers})


def jsonld_form(request: Request) -> str:
    """The JSON-LD form (expanded, compacted, flattened) that the ``profile`` parameter of the
    client's ``application/ld+json`` names (a space-separated list), compacted when none does."""
    jsonld = formats.by_name("jsonld").media_type
    best = accept.best_match(request.headers.get("accept"), [jsonld])
    for profile in (best.params.get("profile", "") if best else "").split():
        form = profile.removeprefix(exporting.JSONLD_PROFILE)
        if profile.startswith(exporting.JSONLD_PROFILE) and form in exporting.JSONLD_FORMS:
            return form
    return "compacted"


def not_acceptable(offers: list[formats.Format], html: bool) -> PlainTextResponse:
    types = ([HTML] if html else []) + [f.media_type for f in offers]
    return PlainTextResponse("Not Acceptable. Offered: " + ", ".join(types) + "\n",
                             status_code=406, headers={"Vary": "Accept"})


def rdf_response(quads: list[ox.Quad], fmt: formats.Format, request: Request) -> Response:
    if fmt.syntax is not formats.Syntax.JSON:
        return Response(exporting.serialize(quads, fmt), media_type=fmt.media_type,
                        headers={"Vary": "Accept"})
    form = jsonld_form(request)
    return Response(exporting.serialize(quads, fmt, jsonld_form=form),
                    media_type=f'{fmt.media_type}; profile="{exporting.JSONLD_PROFILE}{form}"',
                    headers={"Vary": "Accept"})


# --- pages -----------------------------------------------------------------------------------


async def home(request: Request) -> Response:
    site: Site = request.app.state.site
    return HTMLResponse(render_html(site.audit, link=site.link, **site.pictures,
                                    **site.page_context()))


async def void(request: Request) -> Response:
    site: Site = request.app.state.site
    fmt = negotiate(request, RDF_OFFERS, html=False)
    if fmt is None:
        return not_acceptable(RDF_OFFERS, html=False)
    root = str(request.base_url)  # where clients reach this server
    dumps = {f.name: f"{root}dump?format={f.name}" for f in RDF_OFFERS}
    graph = describe(site.engine, void=True, dcat=True, endpoint=root + "sparql", dumps=dumps,
                     info=site.dataset)
    body = graph.serialize(format=fmt.rdflib, encoding="utf-8")
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})


async def dump(request: Request) -> Response:
    """The whole graph served, as ``kgtool export`` writes it: the dumps the description names."""
    site: Site = request.app.state.site
    fmt = negotiate(request, RDF_OFFERS, html=False)
    if fmt is None:
        return not_acceptable(RDF_OFFERS, html=False)
    try:
        return await run_in_threadpool(rdf_response, site.quads, fmt, request)  # type: ignore[arg-type]
    except UsageError as e:  # named graphs asked for in a triples-only format
        return _error(406, f"Not Acceptable: {e}")


def not_found(iri: str) -> PlainTextResponse:
    return PlainTextResponse(f"Not Found: {iri} is not in the graph\n", status_code=404)


async def resource(request: Request) -> Response:
    """An IRI of the graph. The ontology is a document (its terms are hash IRIs). Everything
    else (claims, sources, people and other entities, the article) is a thing, not the document
    that describes it: Cool URIs' 303 See Other to ``/doc/<path>``, whatever the format."""
    site: Site = request.app.state.site
    path = request.path_params["path"]
    iri = site.iri_of(path)
    if iri == ONTOLOGY_IRI:
        return description(request, site, iri, describe_namespace(site.index, ONTOLOGY_IRI))
    if not site.knows(iri):
        return not_found(iri)
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/doc/{path}{query}", status_code=303)


async def document(request: Request) -> Response:
    """The description of the thing ``/<path>``, in the format ``Accept`` asks for."""
    site: Site = request.app.state.site
    iri = site.iri_of(request.path_params["path"])
    if iri == ONTOLOGY_IRI or not site.knows(iri):
        return not_found(iri)
    return description(request, site, iri, describe_resource(site.index, iri))


def description(request: Request, site: Site, iri: str, triples: list[ox.Triple]) -> Response:
    fmt = negotiate(request, RDF_OFFERS, html=True)
    if fmt is None:
        return not_acceptable(RDF_OFFERS, html=True)
    if fmt != HTML:
        quads = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
        return rdf_response(quads, fmt, request)  # type: ignore[arg-type]
    return HTMLResponse(page(site, iri, triples), headers={"Vary": "Accept"})


def page(site: Site, iri: str, triples: list[ox.Triple]) -> str:
    env = templates()
    common = {"site": site, "iri": iri, "label": site.label(iri), "link": site.link,
              **site.page_context()}
    if iri in site.claims:
        return env.get_template("claim.html").render(**common, **claim_view(site, iri))
    if ox.NamedNode(str(SCHEMA.NewsArticle)) in site.index.objects(
            ox.NamedNode(iri), ox.NamedNode(str(RDF.type))):
        return env.get_template("article.html").render(**common, article=article_view(site, iri))
    if iri in site.sources:
        source = site.sources[iri]
        said = [c for c in site.audit.claims if c.source == iri]
        return env.get_template("source.html").render(**common, source=source, claims=said)
    about = [c for c in site.audit.claims if iri in (c.subject, c.object)]
    rows = [row(site, t) for t in triples if t.subject.value == iri]
    return env.get_template("resource.html").render(**common, rows=rows, claims=about)


def row(site: Site, triple: ox.Triple) -> dict[str, str | None]:
    """A property row of a generic page: labels to read, links to follow."""
    value = triple.object
    is_iri = isinstance(value, ox.NamedNode)
    return {"property": site.label(triple.predicate.value),
            "property_link": site.link(triple.predicate.value),
            "value": site.label(value.value) if is_iri else str(getattr(value, "value", value)),
            "value_link": site.link(value.value) if is_iri else None}


def article_view(site: Site, iri: str) -> dict[str, Any]:
    """What a fact-checker opens first: where the article is (its URL, an archived copy when the
    data has one) and which snapshot the offsets refer to."""
    publisher = site.text(iri, str(SCHEMA.publisher))
    return {"headline": site.text(iri, str(SCHEMA.headline)),
            "publisher": site.label(publisher) if publisher else None,
            "published": site.text(iri, str(SCHEMA.datePublished)),
            "published_note": site.text(iri, str(PROXY.reportDateInferred)),
            "url": site.text(iri, str(SCHEMA.url)), "archive": site.text(iri, str(SCHEMA.archivedAt)),
            "sha256": site.text(iri, str(PROXY.sha256)),
            "claims": sum(1 for c in site.audit.claims if site.text(c.iri, str(PROXY.reportedIn)) == iri)}


async def claims_index(request: Request) -> Response:
    site: Site = request.app.state.site
    filters = Filters.from_query(request.query_params)
    found = select(site.audit.claims, site.audit.sentences, filters)
    present = {r for c in site.audit.claims for r in relations_of(c)}
    summary = site.audit.summary()
    return HTMLResponse(templates().get_template("claims.html").render(
        **site.page_context(), label="Claims", link=site.link, filters=filters, found=found,
        total=len(site.audit.claims), search=filters.words,
        statuses=[s for s, n in summary["by_status"].items() if n],
        kinds=[k for k, n in summary["by_source_kind"].items() if n],
        relations=[r for r in RELATIONS if r in present],
        relation_words={r: EDGE_STYLES.get(r, EDGE_STYLES["disputes"])[2] for r in RELATIONS}))


@dataclass
class _Anchor:
    prefix: str
    exact: str
    suffix: str
    start: int


def claim_view(site: Site, iri: str) -> dict[str, Any]:
    claim = site.claims[iri]
    anchors = []
    for span in site.index.objects(ox.NamedNode(iri), ox.NamedNode(str(PROXY.anchor))):
        parts: dict[str, str] = defaultdict(str)
        start = -1
        for selector in site.index.objects(span, ox.NamedNode(str(OA.hasSelector))):
            for local in ("prefix", "exact", "suffix", "start"):
                found = site.index.value(selector, ox.NamedNode(str(OA[local])))
                if found is not None:
                    if local == "start":
                        start = int(found.value)
                    else:
                        parts[local] = found.value
        anchors.append(_Anchor(parts["prefix"], parts["exact"], parts["suffix"], start))
    anchors.sort(key=lambda a: a.start)
    how = {d.claim: disputed_as(d.relation, d.how, d.direction) for d in claim.disputes}
    counters = [(site.claims[o], how.get(o, "contested")) for o in claim.contested_by
                if o in site.claims]
    supports = [site.claims[o] for o in claim.corroborated_by if o in site.claims]
    return {"claim": claim, "anchors": anchors, "counters": counters, "supports": supports,
            "source": site.sources.get(claim.source) if claim.source else None,
            "note": site.text(iri, str(RDFS.comment))}


# --- SPARQL protocol -------------------------------------------------------------------------


def _error(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip() + "\n", status_code=status)


def wants_html(request: Request) -> bool:
    """A browser: ``Accept`` prefers text/html to every result format. Clients that accept
    anything (``*/*``) keep getting SPARQL results, as before."""
    machine = [m for f in RESULT_OFFERS + RDF_OFFERS for m in f.media_types]
    choice = accept.best_match(request.headers.get("accept"), [*machine, HTML])  # ties: machines
    return choice is not None and choice.media_type == HTML


def sparql_page(request: Request, query: str, status: int = 200, **shown: Any) -> HTMLResponse:
    site: Site = request.app.state.site
    return HTMLResponse(templates().get_template("sparql.html").render(
        **site.page_context(), label="SPARQL", query=query, method=sparql_page_lib.method_for(query),
        examples=sparql_page_lib.examples(), **shown), status_code=status, headers={"Vary": "Accept"})


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
            query, update = form.get("query"), form.get("update")
        elif content_type == "application/sparql-query":
            query = (await request.body()).decode("utf-8", "replace")
        elif content_type == "application/sparql-update":
            update = "update"
        else:
            return _error(415, "Unsupported Media Type: send application/sparql-query or "
                               "application/x-www-form-urlencoded")

    def refuse(status: int, message: str) -> Response:
        return sparql_page(request, str(query or ""), status, error=message) if html \
            else _error(status, message)

    if update:
        return refuse(403, "Forbidden: this endpoint is read-only; SPARQL Update is refused")
    if request.query_params.getlist("default-graph-uri") or \
            request.query_params.getlist("named-graph-uri"):
        return refuse(400, "default-graph-uri and named-graph-uri are not supported here")
    if not query:
        if html:
            example = request.query_params.get("example", "")
            library = querylib.library()
            return sparql_page(request, library[example].text if example in library
                               else sparql_page_lib.EXAMPLE)
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
        header, rows = sparql_page_lib.table(result, site.link)
        return sparql_page(request, str(query), header=header, rows=rows)
    offers = RDF_OFFERS if result.kind == "graph" else RESULT_OFFERS
    fmt = negotiate(request, offers, html=False)
    if fmt is None:
        return not_acceptable(offers, html=False)
    body = result_writers.write_results(result, fmt)  # type: ignore[arg-type]
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})  # type: ignore[union-attr]


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
        graph.add((service, sd.resultFormat, URIRef(
            f"https://www.iana.org/assignments/media-types/{f.media_type}")))
    fmt = negotiate(request, RDF_OFFERS, html=False) or formats.by_name("turtle")
    return Response(graph.serialize(format=fmt.rdflib, encoding="utf-8"),
                    media_type=fmt.media_type, headers={"Vary": "Accept"})


# --- the application -------------------------------------------------------------------------


def create_app(site: Site, bind: str = "127.0.0.1") -> Starlette:
    """The application for a server listening on ``bind``: requests must name it (or the base
    IRI's host) in their Host header. Everything served is public and read-only, so any origin
    may read it (CORS ``*``, without credentials)."""
    policy = content_security_policy([page_css()])
    app = Starlette(middleware=[
        Middleware(SecurityHeaders, policy=policy),
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(bind, site.base),
                   www_redirect=False),
        Middleware(BodyLimit, max_bytes=site.max_body),
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                   allow_headers=["Accept", "Content-Type"]),
    ], routes=[
        Route("/", home),
        Route("/claims", claims_index),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/.well-known/void", void),
        Route("/dump", dump),
        Route("/doc/{path:path}", document),
        Route("/{path:path}", resource),
    ])
    app.state.site = site
    return app


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening, for uvicorn to serve on; a busy port or an
    unknown address is a :class:`UsageError` (exit 2), not uvicorn's exit 3."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family)
    except OSError as e:
        raise UsageError(f"cannot listen on {host} port {port}: {e.strerror or e}",
                         "stop what uses it, or pick another port (0 for any free one)",
                         options=("port",)) from None


def build_site(quads: list[ox.Quad], engine: Engine, base: str, query_timeout: float = 10.0,
               max_rows: int = 10_000, max_queries: int = 64, **options: Any) -> Site:
    """The site; its query helper process is forked first, while kgtool is single-threaded."""
    queries = QueryProcesses(lambda sparql: engine.query(sparql, max_rows=max_rows),
                             query_timeout, max_queries)
    return Site(base=base, engine=engine, quads=quads, index=Index(quads), audit=run_audit(engine),
                queries=queries, **options)
