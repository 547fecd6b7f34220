"""The pages: the audit at ``/``, the claims index, and every IRI of the graph (303 to its
description, in HTML or RDF).

Every page is made off the event loop, the audit page only once: a page of a large corpus takes
a while, and every request behind it on the loop would wait as long."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from kgtool.audit.records import Claim, Grade
from kgtool.audit.report import disputed_as, independence, supported_as, supports_as
from kgtool.errors import UsageError
from kgtool.html.audit_page import render_html
from kgtool.html.corpus_page import render_corpus_html
from kgtool.html.derivation_picture import derivation_svgs
from kgtool.html.dispute_picture import EDGE_STYLES, LayoutMissing
from kgtool.html.environment import templates
from kgtool.html.reading_view import Span, pieces
from kgtool.namespaces import OA, ONTOLOGY_IRI, PROXY, RDF, RDFS, SCHEMA
from kgtool.publish.dereference import describe_namespace, describe_resource
from kgtool.snapshot import offset
from kgtool.web.claim_filter import RELATIONS, Filters, select
from kgtool.web.minted import minted
from kgtool.web.negotiation import (
    RDF_OFFERS,
    error_response,
    negotiate_page,
    not_acceptable,
    rdf_response,
)
from kgtool.web.site import Site


async def corpus(request: Request) -> Response:
    """The corpus audit: the reviewed links only, or, with ?proposed=yes, the proposals too."""
    site: Site = request.app.state.site
    audit = site.corpus_audit(request.query_params.get("proposed") == "yes")
    page = site.page_context()
    try:
        page["pictures"] = derivation_svgs(audit, site.label, site.link)
    except LayoutMissing as e:  # the page still says everything in words
        page["layout_missing"] = str(e)
    return HTMLResponse(render_corpus_html(audit, link=site.link, **page))


async def home(request: Request) -> Response:
    site: Site = request.app.state.site

    def audit_page() -> str:
        return render_html(site.audit, link=site.link, **site.pictures, **site.page_context())

    return HTMLResponse(await run_in_threadpool(site.kept, "audit page", audit_page))


def not_found(iri: str) -> PlainTextResponse:
    return PlainTextResponse(f"Not Found: {iri} is not in the graph\n", status_code=404)


def no_iri(request: Request, site: Site) -> PlainTextResponse:
    sent = request.scope.get("raw_path", b"").decode("latin-1") or request.url.path  # as sent: %ff
    return PlainTextResponse(
        f"Bad Request: {quote(sent, safe='/%')} names no IRI: the paths here are the IRIs under {site.base},"
        " without spaces, control characters, backslashes or bytes that are not UTF-8\n",
        status_code=400,
    )


async def resource(request: Request) -> Response:
    """An IRI of the graph, or one kgtool mints (:mod:`kgtool.web.minted`). The ontology is a
    document (its terms are hash IRIs). Everything else (claims, sources, people and other
    entities, the article, the dataset, a nanopublication) is a thing, not the document that
    describes it: Cool URIs' 303 See Other to ``/doc/<path>``, whatever the format."""
    site: Site = request.app.state.site
    path = request.path_params["path"]
    iri = site.iri_of(path)
    if iri is None:
        return no_iri(request, site)
    if iri == ONTOLOGY_IRI:
        return await run_in_threadpool(
            lambda: description(request, site, iri, as_quads(describe_namespace(site.index, iri)))
        )
    if not site.knows(iri) and await run_in_threadpool(minted, site, iri, str(request.base_url)) is None:
        return not_found(iri)
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/doc/{path}{query}", status_code=303)


async def document(request: Request) -> Response:
    """The description of the thing ``/<path>``, in the format ``Accept`` asks for."""
    site: Site = request.app.state.site
    iri = site.iri_of(request.path_params["path"])
    if iri is None:
        return no_iri(request, site)
    if iri == ONTOLOGY_IRI:
        return not_found(iri)
    if site.knows(iri):
        return await run_in_threadpool(
            lambda: description(request, site, iri, as_quads(describe_resource(site.index, iri)))
        )
    made = await run_in_threadpool(minted, site, iri, str(request.base_url))
    return not_found(iri) if made is None else await run_in_threadpool(description, request, site, iri, made)


def as_quads(triples: list[ox.Triple]) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object) for t in triples]


def description(request: Request, site: Site, iri: str, quads: list[ox.Quad]) -> Response:
    fmt = negotiate_page(request, RDF_OFFERS)
    if fmt is None:
        return not_acceptable(RDF_OFFERS, html=True)
    if not isinstance(fmt, str):
        try:
            return rdf_response(quads, fmt, request)
        except UsageError as e:  # a nanopublication's graphs asked for in a triples-only format
            return error_response(406, f"Not Acceptable: {e}")
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return HTMLResponse(page(site, iri, triples), headers={"Vary": "Accept"})


def page(site: Site, iri: str, triples: list[ox.Triple]) -> str:
    env = templates()
    common = {"site": site, "iri": iri, "label": site.label(iri), "link": site.link, **site.page_context()}
    if iri in site.claims:
        return env.get_template("claim.html").render(**common, **claim_view(site, iri))
    if ox.NamedNode(str(SCHEMA.NewsArticle)) in site.index.objects(
        ox.NamedNode(iri), ox.NamedNode(str(RDF.type))
    ):
        statuses = [s for s, n in site.audit.summary()["by_status"].items() if n]
        return env.get_template("article.html").render(
            **common, article=article_view(site, iri), statuses=statuses
        )
    if iri in site.sources:
        source = site.sources[iri]
        said = site.claims_by_source.get(iri, [])
        return env.get_template("source.html").render(
            **common, source=source, claims=said, grades=site.grades.get(iri, [])
        )
    about = site.claims_about.get(iri, [])
    rows = [row(site, t) for t in triples if t.subject == ox.NamedNode(iri)]
    return env.get_template("resource.html").render(**common, rows=rows, claims=about)


def row(site: Site, triple: ox.Triple) -> dict[str, str | None]:
    """A property row of a generic page: labels to read, links to follow."""
    value = triple.object
    iri = value.value if isinstance(value, ox.NamedNode) else None
    text = value.value if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal) else str(value)
    return {
        "property": site.label(triple.predicate.value),
        "property_link": site.link(triple.predicate.value),
        "value": site.label(iri) if iri else text,
        "value_link": site.link(iri) if iri else None,
    }


def article_view(site: Site, iri: str) -> dict[str, Any]:
    """What a fact-checker opens first: where the article is (its URL, an archived copy when the
    data has one), which snapshot the offsets refer to, and, when the server was given that
    snapshot, its text with every anchored claim marked."""
    publisher = site.text(iri, str(SCHEMA.publisher))
    sha256 = site.text(iri, str(PROXY.sha256))
    text = site.texts.get(sha256) if sha256 else None
    spans = [
        Span(a.start, a.end, claim.iri, claim.status)
        for claim in site.claims_in.get(iri, ())
        for a in claim.anchors
        if a.article == iri
    ]
    order = sorted({(s.start, s.claim) for s in spans})
    numbers: dict[str, int] = {}
    for _, claim in order:
        numbers.setdefault(claim, len(numbers) + 1)
    return {
        "pieces": pieces(text, spans) if text is not None else None,
        "numbers": numbers,
        "headline": site.text(iri, str(SCHEMA.headline)),
        "publisher": site.label(publisher) if publisher else None,
        "published": site.text(iri, str(SCHEMA.datePublished)),
        "published_note": site.text(iri, str(PROXY.reportDateInferred)),
        "url": site.text(iri, str(SCHEMA.url)),
        "archive": site.text(iri, str(SCHEMA.archivedAt)),
        "sha256": sha256,
        "claims": len(site.claims_in.get(iri, ())),
    }


#: Claims on one page of the index: 254 on one page made it 23,000 px tall.
PAGE_SIZE = 50


def _reading_order(claim: Claim) -> tuple[str, int]:
    """Where a claim is first written: its article, then its offset (unanchored ones last)."""
    return (claim.anchors[0].article, claim.anchors[0].start) if claim.anchors else ("\uffff", 0)


def _disputed(site: Site, claim: Claim) -> list[tuple[str, str, str | None]]:
    """How and by whom a claim is disputed, or disputes: ("denied by", the other claim, its source)."""
    return [
        (disputed_as(d.relation, d.how, d.direction), d.claim, site.claims[d.claim].source_label)
        for d in claim.disputes
        if d.claim in site.claims
    ]


async def claims_index(request: Request) -> Response:
    return await run_in_threadpool(_claims_page, request)


def _claims_page(request: Request) -> Response:
    site: Site = request.app.state.site
    filters = Filters.from_query(request.query_params)
    found = sorted(
        select(site.audit.claims, site.audit.sentences, filters, site.supporting), key=_reading_order
    )
    pages = max(1, -(-len(found) // PAGE_SIZE))
    try:
        number = min(max(1, int(request.query_params.get("page", "1"))), pages)
    except ValueError:
        number = 1
    shown = found[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    kept = {k: v for k, v in request.query_params.items() if k != "page" and v}
    summary = site.audit.summary()
    return HTMLResponse(
        templates()
        .get_template("claims.html")
        .render(
            **site.page_context(),
            label="Claims",
            link=site.link,
            filters=filters,
            found=found,
            shown=shown,
            first=(number - 1) * PAGE_SIZE + 1,
            page=number,
            pages=pages,
            page_link=lambda n: "/claims?" + urlencode({**kept, "page": n}),
            disputed=lambda c: _disputed(site, c),
            total=len(site.audit.claims),
            search=filters.words,
            statuses=[s for s, n in summary["by_status"].items() if n],
            kinds=[k for k, n in summary["by_source_kind"].items() if n],
            relations=[r for r in RELATIONS if r in site.relations],
            relation_words={r: EDGE_STYLES.get(r, EDGE_STYLES["disputes"])[2] for r in RELATIONS},
        )
    )


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
                        start = offset(found.value)
                    else:
                        parts[local] = found.value
        anchors.append(_Anchor(parts["prefix"], parts["exact"], parts["suffix"], start))
    anchors.sort(key=lambda a: a.start)
    how = {d.claim: disputed_as(d.relation, d.how, d.direction) for d in claim.disputes}
    counters = [(site.claims[o], how.get(o, "contested")) for o in claim.contested_by if o in site.claims]
    supported_by = [
        (site.claims[c.claim], supported_as(c.how), independence(c))
        for c in claim.corroborations
        if c.claim in site.claims
    ]
    supports = [(other, supports_as(how)) for other, how in site.supported.get(iri, [])]
    # the text gives no date: the article's, said to be inferred
    article = site.text(iri, str(PROXY.reportedIn))
    published = site.text(iri, str(PROXY.reportedOn)) or (
        site.text(article, str(SCHEMA.datePublished)) if article else None
    )
    return {
        "claim": claim,
        "article_date": published,
        "anchors": anchors,
        "counters": counters,
        "supported_by": supported_by,
        "supports": supports,
        "source": site.sources.get(claim.source) if claim.source else None,
        "note": site.text(iri, str(RDFS.comment)),
        "grades": site.grades.get(iri, []) + _cluster_grades(site, iri),
    }


def _cluster_grades(site: Site, iri: str) -> list[Grade]:
    """The grades of this claim's cluster made through its other claims: a grade of a claim
    wherever it appears shows on every appearance (the corpus audit is made only when the data
    holds such a grade, and counts reviewed links only)."""
    if not any(g.cluster for g in site.audit.grades):
        return []
    cluster = site.corpus_audit(include_proposed=False).cluster_of(iri)
    others = [c for c in cluster.claims if c != iri] if cluster else []
    return [g for other in others for g in site.grades.get(other, []) if g.cluster]
