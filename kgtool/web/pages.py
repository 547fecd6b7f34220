"""The pages: the audit at ``/``, the claims index, and every IRI of the graph (303 to its
description, in HTML or RDF)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from kgtool.audit.report import disputed_as
from kgtool.html.audit_page import render_html
from kgtool.html.corpus_page import render_corpus_html
from kgtool.html.derivation_picture import derivation_svgs
from kgtool.html.dispute_picture import EDGE_STYLES, LayoutMissing
from kgtool.html.environment import templates
from kgtool.namespaces import OA, ONTOLOGY_IRI, PROXY, RDF, RDFS, SCHEMA
from kgtool.publish.dereference import describe_namespace, describe_resource
from kgtool.web.claim_filter import RELATIONS, Filters, select
from kgtool.web.negotiation import RDF_OFFERS, negotiate_page, not_acceptable, rdf_response
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
    return HTMLResponse(render_html(site.audit, link=site.link, **site.pictures, **site.page_context()))


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
    fmt = negotiate_page(request, RDF_OFFERS)
    if fmt is None:
        return not_acceptable(RDF_OFFERS, html=True)
    if not isinstance(fmt, str):
        quads = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
        return rdf_response(quads, fmt, request)
    return HTMLResponse(page(site, iri, triples), headers={"Vary": "Accept"})


def page(site: Site, iri: str, triples: list[ox.Triple]) -> str:
    env = templates()
    common = {"site": site, "iri": iri, "label": site.label(iri), "link": site.link, **site.page_context()}
    if iri in site.claims:
        return env.get_template("claim.html").render(**common, **claim_view(site, iri))
    if ox.NamedNode(str(SCHEMA.NewsArticle)) in site.index.objects(
        ox.NamedNode(iri), ox.NamedNode(str(RDF.type))
    ):
        return env.get_template("article.html").render(**common, article=article_view(site, iri))
    if iri in site.sources:
        source = site.sources[iri]
        said = site.claims_by_source.get(iri, [])
        return env.get_template("source.html").render(**common, source=source, claims=said)
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
    data has one) and which snapshot the offsets refer to."""
    publisher = site.text(iri, str(SCHEMA.publisher))
    return {
        "headline": site.text(iri, str(SCHEMA.headline)),
        "publisher": site.label(publisher) if publisher else None,
        "published": site.text(iri, str(SCHEMA.datePublished)),
        "published_note": site.text(iri, str(PROXY.reportDateInferred)),
        "url": site.text(iri, str(SCHEMA.url)),
        "archive": site.text(iri, str(SCHEMA.archivedAt)),
        "sha256": site.text(iri, str(PROXY.sha256)),
        "claims": len(site.claims_in.get(iri, ())),
    }


async def claims_index(request: Request) -> Response:
    site: Site = request.app.state.site
    filters = Filters.from_query(request.query_params)
    found = select(site.audit.claims, site.audit.sentences, filters)
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
                        start = int(found.value)
                    else:
                        parts[local] = found.value
        anchors.append(_Anchor(parts["prefix"], parts["exact"], parts["suffix"], start))
    anchors.sort(key=lambda a: a.start)
    how = {d.claim: disputed_as(d.relation, d.how, d.direction) for d in claim.disputes}
    counters = [(site.claims[o], how.get(o, "contested")) for o in claim.contested_by if o in site.claims]
    supports = [site.claims[o] for o in claim.corroborated_by if o in site.claims]
    return {
        "claim": claim,
        "anchors": anchors,
        "counters": counters,
        "supports": supports,
        "source": site.sources.get(claim.source) if claim.source else None,
        "note": site.text(iri, str(RDFS.comment)),
    }
