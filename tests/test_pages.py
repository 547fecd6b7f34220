"""The pages a fact-checker reads: one template stack, claims as sentences, the picture of the
disputes, navigation, the SPARQL form and accessibility (issue 18; issue 15 item 5)."""

from __future__ import annotations

import html
import re

import pytest
from starlette.testclient import TestClient

from kgtool import web
from kgtool.publish.quad_index import Index

HTML = {"Accept": "text/html"}
CLAIM = "/id/claim/military-no-casualties"


def style_of(page: str) -> str:
    return re.search(r"<style>(.*?)</style>", page, re.S).group(1)


def test_the_audit_page_and_the_served_pages_share_one_base_and_style(kgtool, client, tmp_path):
    out = tmp_path / "audit.html"
    assert kgtool("audit", "--format", "html", "-o", str(out)).exit_code == 0
    audit_page = out.read_text(encoding="utf-8")
    claim_page = client.get(CLAIM, headers=HTML).text
    assert style_of(audit_page) == style_of(claim_page)
    for page in (audit_page, claim_page, client.get("/").text):
        assert "<main>" in page and page.count("<h1>") == 1
    assert '<nav aria-label="Site">' in client.get("/").text  # served: the site's navigation
    assert "<nav" not in audit_page  # a file on its own: no links to a server it does not have


# --- the picture of the disputes ---------------------------------------------------------------


def svgs_of(page: str) -> list[str]:
    return re.findall(r'<svg role="img" aria-label="who disputes whom.*?</svg>', page, re.S)


def test_the_picture_shows_who_disputes_whom_with_links(client):
    pictures = svgs_of(client.get("/").text)
    assert pictures  # the Pentagon's death during the raid against the military's "no casualties"
    drawn = "".join(pictures)
    assert f'xlink:href="{CLAIM}"' in drawn
    assert 'xlink:href="/id/claim/pentagon-contractor-died"' in drawn
    for relation in ("contradicts", "denies", "challenges", "corroborates"):
        assert f">{relation}</text>" in drawn, relation
    assert ">The Iraqi military</text>" in drawn  # the source, beside its claim
    assert "<script" not in drawn


def test_the_audit_file_has_the_picture_too(kgtool, tmp_path):
    out = tmp_path / "audit.html"
    assert kgtool("audit", "--format", "html", "-o", str(out)).exit_code == 0
    assert svgs_of(out.read_text(encoding="utf-8"))


def test_without_dot_the_audit_page_cannot_be_made_and_says_why(kgtool, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on it
    out = tmp_path / "audit.html"
    result = kgtool("audit", "--format", "html", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "apt-get install graphviz" in result.stderr
    assert not out.exists()


def test_without_dot_the_served_page_says_what_is_missing(site, monkeypatch, tmp_path):
    from kgtool.html.audit_page import render_html

    monkeypatch.setenv("PATH", str(tmp_path))
    rebuilt = web.Site(
        base=site.base,
        engine=site.engine,
        quads=site.quads,
        index=site.index,
        audit=site.audit,
        queries=site.queries,
    )
    page = render_html(rebuilt.audit, link=rebuilt.link, **rebuilt.pictures, **rebuilt.page_context())
    assert "needs Graphviz&#39;s dot" in page and not svgs_of(page)


# --- navigation, the index of claims, search, the article --------------------------------------

ARTICLE = "/id/article/mee-iran-power-centres"


@pytest.mark.parametrize(
    "path", ["/", "/claims", CLAIM, "/id/source/specialist", "/id/entity/hejazi", ARTICLE]
)
def test_every_page_has_the_navigation_and_the_search_box(client, path):
    page = client.get(path, headers=HTML).text
    nav = page[page.index('<nav aria-label="Site">') : page.index("</nav>")]
    for href in ("/", "/claims", ARTICLE, "/sparql"):
        assert f'<a href="{href}">' in nav, href
    assert '<form role="search" action="/claims" method="get">' in nav
    assert '<label for="site-search">' in nav


def listed(page: str) -> set[str]:
    return set(re.findall(r'<li><span class="status[^>]*>[^<]*</span>\s*<a href="/id/claim/([^"]+)"', page))


def test_the_index_filters_by_status_and_dispute_type(client):
    # Araji's "there is no decision ... to increase" denies the outlets' allegation: both contested
    page = client.get("/claims?status=contested&relation=denies").text
    assert listed(page) == {"araji-no-decision-to-increase", "outlets-allege-kadhimi-more-us-troops"}
    anonymous = listed(client.get("/claims?kind=anonymous_individual").text)
    assert "iran-no-replacement-soleimani" in anonymous  # the specialist
    assert "military-no-casualties" not in anonymous  # an institution


def test_the_search_finds_quotes_and_sentences(client):
    import tomllib
    from pathlib import Path

    annotations = tomllib.loads((Path(__file__).parent.parent / "data" / "claims.toml").read_text())
    expected = set()
    for claim in annotations["claim"]:
        quotes = claim["quote"] if isinstance(claim["quote"], list) else [claim["quote"]]
        texts = [q["exact"] if isinstance(q, dict) else q for q in quotes]
        if any("casualties" in t.casefold() for t in texts) or claim["predicate"] == "causedCasualties":
            expected.add(claim["key"])
    assert listed(client.get("/claims?q=Casualties").text) == expected
    assert listed(client.get("/claims?q=casualties+pentagon").text) <= expected


def test_the_article_page_gives_the_digest_url_and_archive(site):
    import pyoxigraph as ox

    article = ox.NamedNode("https://w3id.org/kgtool/id/article/mee-iran-power-centres")
    extra = [
        ox.Quad(
            article,
            ox.NamedNode("https://schema.org/url"),
            ox.Literal("https://www.middleeasteye.net/news/iraq-iran-power-centres"),
        ),
        ox.Quad(article, ox.NamedNode("https://schema.org/archivedAt"), ox.Literal("javascript:alert(1)")),
    ]
    quads = [*site.quads, *extra]
    other = web.Site(
        base=site.base,
        engine=site.engine,
        quads=quads,
        index=Index(quads),
        audit=site.audit,
        queries=site.queries,
    )
    page = TestClient(web.create_app(other), base_url="http://127.0.0.1:8000").get(ARTICLE, headers=HTML).text
    assert "bc29d48869501e4916856950509748ddc436ce43ecb196492af44a30638752f1" in page
    assert '<a href="https://www.middleeasteye.net/news/iraq-iran-power-centres">' in page
    assert "javascript:alert(1)" in page and 'href="javascript' not in page  # shown, not linked
    plain = TestClient(web.create_app(site), base_url="http://127.0.0.1:8000").get(ARTICLE, headers=HTML).text
    assert "not recorded (the snapshot does not print it)" in plain


# --- the SPARQL page ---------------------------------------------------------------------------

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
SOURCES_OF_DENIALS = (
    "PREFIX proxy: <https://w3id.org/kgtool/proxy#> SELECT ?claim ?other WHERE { ?claim proxy:denies ?other }"
)


def test_a_browser_gets_a_form_with_the_library_queries(client):
    page = client.get("/sparql", headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<form class="sparql" action="/sparql" method="get">' in page.text
    assert 'formmethod="post"' in page.text
    assert '<a href="/sparql?example=contested-claims">contested-claims</a>' in page.text
    example = client.get("/sparql?example=timeline", headers=BROWSER).text
    assert "proxy:eventDate" in example  # the library query, in the form to edit and run


def test_a_browser_gets_the_results_as_a_table_with_links(client):
    # one denial in the data: Araji's "no decision ... to increase" denies the outlets' allegation
    page = client.get("/sparql", params={"query": SOURCES_OF_DENIALS}, headers=BROWSER).text
    assert "<h2>Results (1)</h2>" in page
    # shown by its sentence, the IRI as the cell's title
    cell = re.search(
        r'<td title="claim:araji-no-decision-to-increase">'
        r'<a href="/id/claim/araji-no-decision-to-increase">([^<]+)</a>',
        page,
    )
    assert cell and cell.group(1).startswith("Qassem al-Araji") and " said that " in cell.group(1)
    posted = client.post("/sparql", data={"query": SOURCES_OF_DENIALS}, headers=BROWSER).text
    assert "<h2>Results (1)</h2>" in posted


def test_a_refused_query_shows_on_the_page_with_its_status(client):
    page = client.get("/sparql", params={"query": "DROP ALL"}, headers=BROWSER)
    assert page.status_code == 403  # an update: refused by the guard, as for machines
    assert "The query did not run" in page.text and "<form" in page.text


@pytest.mark.parametrize("accept", ["*/*", "application/sparql-results+json", None])
def test_machines_keep_getting_sparql_results(client, accept):
    headers = {"Accept": accept} if accept else {}
    answer = client.get("/sparql", params={"query": SOURCES_OF_DENIALS}, headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/sparql-results+json")
    assert len(answer.json()["results"]["bindings"]) == 1


def test_forms_may_submit_to_this_server_only(client):
    policy = client.get("/sparql", headers=BROWSER).headers["content-security-policy"]
    assert "form-action 'self'" in policy and "script-src" not in policy


# --- accessibility -----------------------------------------------------------------------------


def contrast(a: str, b: str) -> float:
    """WCAG 2.2 contrast ratio of two sRGB colours (#rrggbb)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_status_colour_passes_wcag_aa_as_badge_and_bar():
    from kgtool.audit.run import STATUSES, UNKNOWN
    from kgtool.html.environment import page_css

    rules = re.findall(r"\.status-(\w+) \{ background: (#\w{6}); fill: (#\w{6}); \}", page_css())
    assert {status for status, _, _ in rules} == {*STATUSES, UNKNOWN}
    for status, background, fill in rules:
        assert background == fill, status  # one colour a status, badge and chart alike
        assert contrast(background, "#ffffff") >= 4.5, status  # white words on the badge


def test_the_audit_page_shows_no_status_or_kind_the_data_does_not_have(kgtool):
    # the article has no content-only or imported claims: no "unstated" row, bar or legend entry
    page = kgtool("audit", "--format", "html").stdout
    body = page.split("</style>", 1)[1]  # past the one style sheet, which styles them all
    assert 'status-contested">contested</span>' in body
    assert "unstated" not in body and "unclassified" not in body


def test_every_relation_colour_is_readable_on_the_page():
    from kgtool.html.dispute_picture import EDGE_STYLES

    for relation, (colour, _, _) in EDGE_STYLES.items():
        assert contrast(colour, "#ffffff") >= 4.5, relation  # the edge's label is text in it


def test_codes_are_shown_in_words(client):
    home = client.get("/").text
    assert ">named person</text>" in home and "named_person" not in home
    assert "anonymous_individual" not in client.get("/id/source/specialist", headers=HTML).text


def test_the_claim_page_shows_how_certain_and_the_annotators_note(client):
    # the specialist's "may be part of" a broader strategy: a possibility
    hedged = client.get("/id/claim/conflicting-messages-broader-strategy", headers=HTML).text
    assert '<th scope="row">presented</th><td>as possible</td>' in hedged
    # the annotators' note on the officials' claim: the words it rests on, "well-known factions"
    noted = client.get("/id/claim/officials-known-factions-behind-attacks", headers=HTML).text
    assert "annotator's note</th><td>The attacks are carried out by &#39;well-known factions&#39;." in noted


def test_a_claim_nobody_reviewed_says_so_on_its_page(site, client):
    from dataclasses import replace

    claim = next(iter(site.claims.values()))
    site.claims[claim.iri] = replace(claim, reviewed=False)
    try:
        page = client.get("/doc/" + claim.iri.removeprefix(site.base)).text
    finally:
        site.claims[claim.iri] = claim
    assert "no person has reviewed it yet" in page
    assert "no person has reviewed it yet" not in client.get("/doc/" + claim.iri.removeprefix(site.base)).text


# --- a claim page reads (issue 25, item 10) ----------------------------------------------------


def test_a_claim_page_is_titled_by_its_sentence(client, site):
    said = site.audit.sentences[site.iri_of(CLAIM)]
    page = client.get(CLAIM, headers=HTML).text
    assert f"<h1>{said.sentence}</h1>" in page
    assert "military-no-casualties" not in re.search(r"<title>(.*?)</title>", page).group(1)


def test_when_the_text_gives_no_date_the_claim_page_gives_the_articles_inferred(client, site):
    undated = next(c.iri for c in site.audit.claims if site.audit.sentences[c.iri].when is None)
    published = site.text(undated, "https://w3id.org/kgtool/proxy#reportedOn")
    assert published
    page = client.get(site.link(undated), headers=HTML).text
    row = re.search(r'<th scope="row">when</th><td>(.*?)</td>', page, re.S).group(1)
    assert row.startswith(published) and "inferred" in row
    dated = next(c.iri for c in site.audit.claims if site.audit.sentences[c.iri].when)
    page = client.get(site.link(dated), headers=HTML).text
    row = re.search(r'<th scope="row">when</th><td>(.*?)</td>', page, re.S).group(1)
    assert row == site.audit.sentences[dated].when  # the text's own date, not marked inferred


def test_the_index_pages_through_every_claim_in_the_order_of_the_text(client, site):
    from kgtool.web.pages import PAGE_SIZE

    claims = site.audit.claims
    pages = -(-len(claims) // PAGE_SIZE)
    assert pages > 1
    seen: list[str] = []
    for number in range(1, pages + 1):
        page = client.get(f"/claims?page={number}").text
        items = re.findall(r'<li><span class="status[^>]*>[^<]*</span>\s*<a href="/id/claim/([^"]+)"', page)
        assert len(items) == (PAGE_SIZE if number < pages else len(claims) - PAGE_SIZE * (pages - 1))
        assert (f'href="/claims?page={number + 1}"' in page) == (number < pages)
        seen += items
    assert sorted(seen) == sorted(site.link(c.iri).rsplit("/", 1)[1] for c in claims)
    starts = [site.claims[site.iri_of(f"id/claim/{key}")].anchors[0].start for key in seen]
    assert starts == sorted(starts)  # the article's order: one article here
    # filters are kept from page to page; a page past the end shows the last
    page = client.get("/claims?status=anonymous&page=2").text
    assert 'href="/claims?status=anonymous&amp;page=1"' in page
    assert client.get("/claims?page=999").text == client.get(f"/claims?page={pages}").text
    assert client.get("/claims?page=x").status_code == 200


def test_a_contested_item_of_the_index_says_by_whom_and_how(client, site):
    page = client.get("/claims?status=contested&relation=denies").text
    item = page[page.index('href="/id/claim/outlets-allege-kadhimi-more-us-troops"') :]
    item = html.unescape(item[: item.index("</ul>")])
    araji = site.claims[site.iri_of("id/claim/araji-no-decision-to-increase")].source_label
    assert "denied by" in item and f'<a href="/id/claim/araji-no-decision-to-increase">{araji}</a>' in item


def test_the_index_marks_the_claims_no_person_reviewed(serve_over):
    from pathlib import Path

    from kgtool.resources import data_file

    proposed = Path(__file__).parent / "fixtures" / "queries" / "proposed-claims.ttl"
    with serve_over([data_file(), proposed]) as (_, client):
        pages = "".join(client.get(f"/claims?page={n}").text for n in range(1, 7))
    marked = re.findall(r'proposed, not reviewed</strong>\s*<a href="/id/claim/([^"]+)"', pages)
    assert sorted(marked) == ["abu-fadak-called-to-tehran", "abu-fadak-hashd-leader"]


# --- issue 24, item 14: the picture is bounded, and drawn only when a page shows it -------------


@pytest.fixture(scope="module")
def large_audit(tmp_path_factory):
    """The audit of 2,000 generated claims: hundreds of disputes, sources shared by many."""
    import corpus  # benchmarks/corpus.py

    from kgtool.audit.run import run_audit
    from kgtool.inputs import loading

    path = tmp_path_factory.mktemp("corpus") / "claims.nt"
    corpus.write_corpus(str(path), 2000, seed=3)
    return run_audit(loading.load([path]))


def test_the_picture_of_a_large_corpus_is_bounded(large_audit, monkeypatch):
    # (a corpus's claims, joined by their shared sources, made one part of thousands of nodes:
    # dot took minutes at 5,000 claims, and serve did not start at 20,000)
    import graphviz

    from kgtool.html import dispute_picture
    from kgtool.html.audit_page import render_html

    runs = []
    real_pipe = graphviz.pipe

    def pipe(*args, **kwargs):
        runs.append(args)
        return real_pipe(*args, **kwargs)

    monkeypatch.setattr(graphviz, "pipe", pipe)
    drawn = dispute_picture.dispute_pictures(large_audit, lambda iri: "/" + iri.rsplit("/id/", 1)[-1])
    parts = len(drawn["pictures"]) + drawn["parts_not_drawn"]
    assert len(drawn["pictures"]) == dispute_picture.MOST_PICTURES < parts
    assert len(runs) == 1  # one run of dot lays them all out
    for svg in drawn["pictures"]:
        claims = set(re.findall(r'xlink:href="(/claim/[^"]+)"', svg))
        assert 2 <= len(claims) <= dispute_picture.MOST_CLAIMS
    page = render_html(large_audit, **drawn)
    assert f"{dispute_picture.MOST_PICTURES} of {parts} parts are drawn" in page


def test_a_part_too_large_is_not_drawn(client, monkeypatch):
    from kgtool.html import dispute_picture
    from kgtool.html.audit_page import render_html

    site = client.app.state.site
    whole = dispute_picture.dispute_pictures(site.audit, site.link)
    monkeypatch.setattr(dispute_picture, "MOST_CLAIMS", 2)
    pairs = dispute_picture.dispute_pictures(site.audit, site.link)
    assert whole["parts_not_drawn"] == 0 and 0 < len(pairs["pictures"]) < len(whole["pictures"])
    assert pairs["parts_not_drawn"] == len(whole["pictures"]) - len(pairs["pictures"])
    assert "parts are drawn" in render_html(site.audit, **pairs)


def test_the_server_starts_without_drawing_and_draws_once(monkeypatch):
    from kgtool.html import dispute_picture
    from kgtool.inputs import loading

    drawings = []
    real = dispute_picture.dispute_graph

    def counted(*args, **kwargs):
        drawings.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(dispute_picture, "dispute_graph", counted)
    built = web.build_site(*loading.Inputs().quads_and_engine(), "https://w3id.org/kgtool/")
    try:
        assert drawings == []  # built, and not one part laid out
        client = TestClient(web.create_app(built), base_url="http://127.0.0.1:8000")
        assert svgs_of(client.get("/").text)
        drawn = len(drawings)
        assert drawn and svgs_of(client.get("/").text) and len(drawings) == drawn
    finally:
        built.queries.close()
