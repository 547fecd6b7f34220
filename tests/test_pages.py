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
