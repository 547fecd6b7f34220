"""The pages a fact-checker reads: one template stack, claims as sentences, the picture of the
disputes, navigation, the SPARQL form and accessibility (issue 18; issue 15 item 5)."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from kgtool import loading, server

HTML = {"Accept": "text/html"}
CLAIM = "/id/claim/military-no-casualties"


@pytest.fixture(scope="module")
def site():
    built = server.build_site(*loading.Inputs().quads_and_engine(),
                              "https://w3id.org/kgtool/", query_timeout=5, max_rows=1000)
    yield built
    built.queries.close()


@pytest.fixture(scope="module")
def client(site):
    return TestClient(server.create_app(site), base_url="http://127.0.0.1:8000")


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
    from kgtool.audit_report import render_html

    monkeypatch.setenv("PATH", str(tmp_path))
    rebuilt = server.Site(base=site.base, engine=site.engine, index=site.index, audit=site.audit,
                          queries=site.queries)
    page = render_html(rebuilt.audit, link=rebuilt.link, **rebuilt.pictures, **rebuilt.page_context())
    assert "needs Graphviz&#39;s dot" in page and not svgs_of(page)
