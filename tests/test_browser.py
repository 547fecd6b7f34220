"""The served pages in a real browser (issue 18 item 6): Debian's headless Chromium driven by
Selenium through Debian's chromedriver (nothing downloaded at test time), at desktop and phone
width. Each page loads without a console error, passes axe-core's WCAG 2.2 A/AA rules and fits
the width; links are followed and the forms submitted. Screenshots go to tests/artefacts/."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.network

HERE = Path(__file__).resolve().parent
AXE = HERE / "vendor" / "axe-core" / "axe.min.js"
ARTEFACTS = Path(os.environ.get("KGTOOL_TEST_ARTEFACTS", HERE / "artefacts")) / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 375}
PAGES = {
    "audit": "/",
    "claims": "/claims?status=contested",
    "claims-page": "/claims?page=2",
    "claim": "/id/claim/military-no-casualties",
    "source": "/id/source/specialist",
    "entity": "/id/entity/hejazi",
    "article": "/id/article/mee-iran-power-centres",
    "sparql": "/sparql",
    "sparql-results": "/sparql?query="
    + "PREFIX%20proxy%3A%20%3Chttps%3A%2F%2Fw3id.org%2Fkgtool%2Fproxy%23%3E%20SELECT%20%3Fclaim%20%3Fhow"
    + "%20%3Fother%20WHERE%20%7B%20%3Fclaim%20%3Fhow%20%3Fother%20.%20VALUES%20%3Fhow%20%7B%20"
    + "proxy%3Achallenges%20proxy%3Adenies%20proxy%3Acontradicts%20%7D%20%7D",
}
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _missing(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser_home(tmp_path_factory) -> Path:
    """Where Chromium keeps its profile, configuration and caches: a temporary folder, never
    the user's home."""
    return tmp_path_factory.mktemp("browser-home")


@pytest.fixture(scope="module")
def browser(browser_home):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed (the test extra)")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        _missing(
            "headless Chromium and its driver are not installed "
            "(Debian packages chromium and chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={browser_home / 'profile'}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    home = {
        "HOME": str(browser_home),
        "XDG_CONFIG_HOME": str(browser_home / "config"),
        "XDG_CACHE_HOME": str(browser_home / "cache"),
    }
    driver = webdriver.Chrome(service=Service(driver_path, env={**os.environ, **home}), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def axe_violations(driver) -> list[str]:
    """What axe-core finds against the WCAG 2.2 A/AA rules and its best practices."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(RULES)}}}}})"
        ".then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' ' +"
        " JSON.stringify(v.nodes.map(n => n.target)))), e => done(['axe failed: ' + e]));"
    )
    return result


def leaves_page(driver, act) -> None:
    """Do ``act`` (a click, a submit) and wait until the browser has loaded the next page: a
    click returns before the navigation it starts has ended."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element("tag name", "html")
    act()
    WebDriverWait(driver, 30).until(expected_conditions.staleness_of(old))
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")


def open_at(driver, url: str, width: int) -> None:
    driver.set_window_size(width, 900)
    driver.get(url)


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_is_clean_accessible_and_fits(browser, live, name, width):
    open_at(browser, live + PAGES[name], WIDTHS[width])
    assert browser.find_element("tag name", "h1").text
    assert console_errors(browser) == []  # a blocked style sheet or form shows here too
    assert axe_violations(browser) == []
    inner = browser.execute_script("return window.innerWidth")
    assert inner <= WIDTHS[width]
    overflow = browser.execute_script("return document.documentElement.scrollWidth")
    assert overflow <= inner, f"{name} is {overflow} px wide at {inner} px"  # scrolls sideways
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(WIDTHS[width], min(height, 2400))  # the page, not only its top
    shot = ARTEFACTS / f"{name}-{width}.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 5000


def test_follow_links_from_the_audit_to_a_claim_and_its_source(browser, live):
    # each check of a URL is of its end: a page may be served under another path (a 303)
    open_at(browser, live + "/", WIDTHS["desktop"])
    link = browser.find_element("css selector", '.pair a[href="/id/claim/military-no-casualties"]')
    leaves_page(browser, link.click)
    heading = browser.find_element("tag name", "h1").text  # titled by its sentence
    assert heading.startswith("The Iraqi military said that ") and "did not cause casualties" in heading
    leaves_page(browser, browser.find_element("link text", "The Iraqi military").click)
    assert browser.current_url.endswith("/id/entity/iraqi-military")
    leaves_page(browser, browser.find_element("link text", "Claims").click)  # the navigation bar
    assert browser.find_element("tag name", "h1").text == "Claims"
    assert console_errors(browser) == []


def test_the_picture_links_to_the_claims(browser, live):
    open_at(browser, live + "/", WIDTHS["desktop"])
    target = browser.find_element("css selector", 'svg a[*|href="/id/claim/pentagon-contractor-died"]')
    browser.execute_script("arguments[0].scrollIntoView()", target)
    leaves_page(browser, target.click)
    assert browser.current_url.endswith("/id/claim/pentagon-contractor-died")


def test_the_picture_fits_the_page_and_a_phone_gets_the_lists(browser, live):
    # at 1280 px no part of the picture hides behind a scroll bar (issue 25, item 10)
    open_at(browser, live + "/", WIDTHS["desktop"])
    charts = browser.find_elements("css selector", ".pictures .chart")
    assert len(charts) > 1
    for chart in charts:
        inner, whole = browser.execute_script(
            "return [arguments[0].clientWidth, arguments[0].scrollWidth]", chart
        )
        assert whole <= inner
        svg = chart.find_element("tag name", "svg")
        assert svg.size["width"] <= inner and svg.size["height"] > 50
    # at 375 px the picture would be unreadable: the same links are listed in words
    open_at(browser, live + "/", WIDTHS["phone"])
    assert not any(
        chart.is_displayed() for chart in browser.find_elements("css selector", ".pictures .chart")
    )
    note = browser.find_element("css selector", ".narrow-only")
    assert note.is_displayed()
    for target in ("disputes", "supports"):
        assert browser.find_element("id", target).is_displayed()
        assert note.find_element("css selector", f'a[href="#{target}"]')


def test_search_and_filter_forms_submit(browser, live):
    open_at(browser, live + "/", WIDTHS["phone"])
    box = browser.find_element("id", "site-search")
    box.send_keys("casualties")
    leaves_page(browser, box.submit)
    assert "q=casualties" in browser.current_url
    assert "military-no-casualties" in browser.page_source
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "f-relation")).select_by_value("denies")
    leaves_page(browser, browser.find_element("css selector", ".filters button").click)
    assert "relation=denies" in browser.current_url
    assert console_errors(browser) == []


def test_the_sparql_form_runs_a_query_and_links_the_results(browser, live):
    open_at(browser, live + "/sparql", WIDTHS["desktop"])
    area = browser.find_element("id", "query")
    area.clear()
    area.send_keys(
        "PREFIX proxy: <https://w3id.org/kgtool/proxy#>\nSELECT ?claim WHERE { ?claim proxy:denies ?other }"
    )
    leaves_page(browser, browser.find_element("css selector", ".sparql button[type=submit]").click)
    assert browser.find_element("css selector", "main h2").text == "Results (1)"
    result = browser.find_element("css selector", 'td a[href$="/id/claim/araji-no-decision-to-increase"]')
    assert " said that " in result.text  # the claim's sentence, not its slug
    leaves_page(browser, result.click)
    assert browser.current_url.endswith("/id/claim/araji-no-decision-to-increase")
    # a short example, whose form is a GET with a POST button (a long query's form is a POST)
    open_at(browser, live + "/sparql?example=claims-per-source-kind", WIDTHS["desktop"])
    post = browser.find_element("css selector", 'button[formmethod="post"]')
    leaves_page(browser, post.click)  # POST this time
    assert browser.find_element("css selector", "main h2").text.startswith("Results (")
    assert console_errors(browser) == []


# Words of a table cell that the layout split across two lines (IRIs, over 20 characters, may
# be); a hyphen is a place to break, as in print ("al-" / "Assad").
BROKEN_WORDS = """
const broken = [];
for (const cell of document.querySelectorAll('td')) {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/[^\\s-]+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1 && m[0].length <= 20) broken.push(m[0]);
    }
  }
}
return broken;
"""


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_sparql_results_wrap_between_words(browser, live, width):
    open_at(browser, live + PAGES["sparql-results"], WIDTHS[width])
    assert len(browser.find_elements("css selector", "td")) > 10
    assert browser.execute_script(BROKEN_WORDS) == []


def test_the_article_text_links_every_claim(browser, live, article_path):
    open_at(browser, live + PAGES["article"], WIDTHS["phone"])
    refs = browser.find_elements("css selector", ".reading a.ref")
    assert refs and len({r.get_attribute("href") for r in refs}) > 200
    leaves_page(browser, refs[0].click)
    assert "/id/claim/" in browser.current_url
    assert browser.find_element("tag name", "h1").text.endswith(".")  # titled by its sentence


def test_the_browser_writes_in_the_temporary_folder_only(browser, browser_home):
    # its profile (and the configuration Chromium and dconf write beside it) under browser_home
    assert (browser_home / "profile").is_dir()
    assert any((browser_home / "profile").iterdir())
