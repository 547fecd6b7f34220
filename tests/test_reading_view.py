"""The article page's reading view (issue 25, item 10): the text with every anchored claim
marked by status and linked, from the snapshot given to kgtool serve -a."""

from __future__ import annotations

import html
import re

import pytest

from kgtool.html.reading_view import Span, pieces
from kgtool.snapshot import read_snapshot

ARTICLE = "/id/article/mee-iran-power-centres"
HTML = {"Accept": "text/html"}


def test_pieces_cut_the_text_at_every_anchor_and_keep_it_whole():
    text = "Officials said the plan failed, he added."
    spans = [Span(15, 30, "a", "anonymous"), Span(0, 41, "b", "publisher"), Span(19, 23, "c", "sourced")]
    found = pieces(text, spans)
    assert "".join(p.text for p in found) == text
    assert [(p.text, [s.claim for s in p.claims], [s.claim for s in p.ends]) for p in found] == [
        ("Officials said ", ["b"], []),
        ("the ", ["a", "b"], []),
        ("plan", ["c", "a", "b"], ["c"]),  # the shortest anchor first: the claim a click opens
        (" failed", ["a", "b"], ["a"]),
        (", he added.", ["b"], ["b"]),
    ]
    assert pieces(text, [Span(30, 99, "x", "sourced")]) == [type(found[0])(text)]  # outside: left out


@pytest.fixture(scope="module")
def served(article_path, serve_over):
    snapshot = read_snapshot(article_path)
    with serve_over(texts={snapshot.sha256: snapshot.text}) as (site, client):
        yield site, client


def test_the_article_page_shows_the_text_with_every_claim_marked(served, article_path):
    site, client = served
    page = client.get(ARTICLE, headers=HTML).text
    reading = page[
        page.index('<div class="reading">') : page.index("</div>", page.index('<div class="reading">'))
    ]
    text = read_snapshot(article_path).text
    without_refs = re.sub(r"<sup>.*?</sup>", "", reading.removeprefix('<div class="reading">'))
    assert html.unescape(re.sub(r"<[^>]+>", "", without_refs)) == text  # the text, whole
    marked = re.findall(r'<a class="hl hl-(\w+)" href="/id/claim/([^"]+)"', reading)
    statuses = {c.iri.rsplit("/", 1)[1]: c.status for c in site.audit.claims}
    assert marked and all(statuses[key] == status for status, key in marked)  # in its status's colour
    # every claim anchored in the article is linked at the end of each of its anchors
    refs = re.findall(r'<a class="ref" href="/id/claim/([^"]+)"', reading)
    anchored = [c for c in site.audit.claims if c.anchors]
    assert sorted(refs) == sorted(c.iri.rsplit("/", 1)[1] for c in anchored for _ in c.anchors)


def test_without_the_snapshot_the_page_says_how_to_see_the_text(client):
    page = client.get(ARTICLE, headers=HTML).text
    assert '<div class="reading">' not in page and "kgtool serve\n-a SNAPSHOT" in page
