"""Support shown like dispute (issue 25, item 9): a corroborates or partiallySupports link is in
every audit format, on both claims' pages, in the /claims filter at either end and in the
picture. The shipped article has no partial support: the tests add one between two of its
claims that have no other link."""

from __future__ import annotations

import json

import pytest

from kgtool.publish.dataset_info import SHIPPED
from kgtool.resources import data_file

CLAIMS = "https://w3id.org/kgtool/id/claim/"
SUPPORTED, SUPPORTER = "abu-fadak-hashd-leader", "abu-fadak-called-to-tehran"
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    extra = tmp_path_factory.mktemp("supports") / "partial.ttl"
    extra.write_text(
        f"<{CLAIMS}{SUPPORTER}> <https://w3id.org/kgtool/proxy#partiallySupports> <{CLAIMS}{SUPPORTED}> .\n",
        encoding="utf-8",
    )
    return [str(data_file()), str(extra)]


def data(graph):
    return [arg for path in graph for arg in ("-d", path)]


def test_the_json_audit_counts_the_support_at_the_supported_claim(kgtool, graph):
    with_link = json.loads(kgtool("audit", *data(graph), "--format", "json").stdout)
    without = json.loads(kgtool("audit", "--format", "json").stdout)
    assert with_link["summary"]["supports"] == without["summary"]["supports"] + 1
    claim = next(c for c in with_link["claims"] if c["iri"] == CLAIMS + SUPPORTED)
    assert {"claim": CLAIMS + SUPPORTER, "how": "partiallySupports"}.items() <= next(
        c for c in claim["corroborations"] if c["claim"] == CLAIMS + SUPPORTER
    ).items()


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_report_lists_the_support(kgtool, graph, fmt, tmp_path):
    out = tmp_path / f"audit.{fmt}"
    assert kgtool("audit", *data(graph), "--format", fmt, "-o", str(out)).exit_code == 0
    report = out.read_text(encoding="utf-8")
    assert report.count("partially supported by") == 1
    section = report[report.index("upports (") :]
    assert SUPPORTED in section and SUPPORTER in section


@pytest.fixture(scope="module")
def client(graph, serve_over):
    with serve_over(graph, dataset=SHIPPED) as (_, client):
        yield client


def test_both_claim_pages_show_the_support(client):
    supported = client.get(f"/id/claim/{SUPPORTED}", headers=HTML).text
    part = supported[supported.index("<h2>Supported by</h2>") :]
    assert "partially supported by" in part and f'href="/id/claim/{SUPPORTER}"' in part
    supporter = client.get(f"/id/claim/{SUPPORTER}", headers=HTML).text
    part = supporter[supporter.index("<h2>Supports</h2>") :]
    assert "partially supports" in part and f'href="/id/claim/{SUPPORTED}"' in part


def test_the_index_filters_supports_at_either_end(client):
    page = client.get("/claims?relation=partiallySupports").text
    assert f'href="/id/claim/{SUPPORTED}"' in page and f'href="/id/claim/{SUPPORTER}"' in page
    assert '<option value="partiallySupports"' in page


def test_the_picture_draws_the_support(client):
    page = client.get("/").text
    pictures = page[page.index("<h2>Who disputes whom</h2>") : page.index('<h2 id="disputes">')]
    assert ">partially supports</text>" in pictures
    assert f'xlink:href="/id/claim/{SUPPORTER}"' in pictures
