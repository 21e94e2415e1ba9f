"""The web page in real headless Chromium (Debian `chromium` + Playwright for Python); skipped without them."""
from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from chromium_support import chromium_path, launched, served, watched_page
from test_api import TOKEN, build_store, fake_process

sync_api = pytest.importorskip("playwright.sync_api")
if chromium_path() is None:
    pytest.skip("no chromium on PATH", allow_module_level=True)

EVIL = ("<script>top['__pwned'] = 1; alert('script')</script> Armed men torched a market in Bunia on "
        "Sunday <img src=x onerror=\"top['__pwned'] = 2; alert('img')\"> and killed 6 people, "
        "a local official said. <svg onload=alert(3)></svg><iframe src=\"javascript:alert(4)\"></iframe>")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_store(tmp_path_factory.mktemp("e2e") / "e2e.db")
    with served(db, ingest_token=TOKEN, process=fake_process) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched() as b:
        yield b


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp: the page must be safe by its own DOM handling, not only thanks to the CSP header
    with watched_page(browser, 1400, 900, bypass_csp=True) as pg:
        yield pg


def load(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']")


def settle(page: Any, hash_js: str) -> None:
    """Wait until the URL reflects a change and the page has loaded what it asks for."""
    page.wait_for_function(hash_js)
    page.wait_for_selector("body:not([data-loading])", state="attached")


def rows(page: Any) -> list[str]:
    return page.locator("#event-list tbody tr[data-id] td:nth-child(2)").all_inner_texts()


def test_load_filter_and_evidence(page: Any, base_url: str) -> None:
    load(page, base_url + "/")
    assert len(rows(page)) == 5
    assert page.locator("#map circle.pt").count() >= 3
    assert page.locator("#timeline rect").count() >= 4
    assert "event reports" in page.inner_text("#status")

    page.select_option("#filter-type", "Battles")
    page.wait_for_function("document.querySelectorAll('#event-list tbody tr[data-id]').length === 3")
    assert "type=Battles" in page.url
    page.fill("#filter-since", "2021-03-05")
    page.fill("#filter-until", "2021-12-31")
    page.wait_for_function("document.querySelectorAll('#event-list tbody tr[data-id]').length === 1")
    assert "since=2021-03-05" in page.url and "until=2021-12-31" in page.url
    assert rows(page) == ["Armed clash"]

    page.click("#event-list tbody tr[data-id]")
    mark = page.wait_for_selector("#event-panel mark.evidence")
    assert mark.inner_text().startswith("Pro-government forces clashed with Houthi fighters in Sirwah")
    panel = page.inner_text("#panel-body")
    assert "Battles: Armed clash" in panel and "precision: day" in panel and "best 20" in panel
    assert "officials" in panel and "Marib offensive" in panel
    assert "event=" in page.url and not page.errors


def test_url_restores_filter_and_sort(page: Any, base_url: str) -> None:
    load(page, base_url + "/#country=YE&sort=fatalities")
    assert page.input_value("#filter-country") == "YE"
    assert rows(page) == ["Armed clash", "Shelling/artillery/missile attack"]
    page.click("th[data-sort='date']")  # oldest first
    settle(page, "!location.hash.includes('sort=')")
    assert rows(page) == ["Armed clash", "Shelling/artillery/missile attack"]
    page.click("th[data-sort='date']")  # newest first
    settle(page, "location.hash.includes('sort=-date')")
    assert rows(page) == ["Shelling/artillery/missile attack", "Armed clash"]


def test_timeline_brush_filters(page: Any, base_url: str) -> None:
    load(page, base_url + "/")
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 5, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)
    page.mouse.up()
    settle(page, "location.hash.includes('since=')")
    assert page.locator("#timeline rect.brush").count() == 1
    assert 0 < len(rows(page)) < 5  # the 2022 events fall outside the first 30 %
    page.dblclick("#timeline")
    settle(page, "!location.hash.includes('since=')")
    assert len(rows(page)) >= 5


def test_tabs_quotes_and_claims(page: Any, base_url: str) -> None:
    load(page, base_url + "/#tab=claims")
    page.wait_for_selector("#claim-list li")
    assert "source: officials" in page.inner_text("#claim-list")
    page.click("#tabs button[data-tab='quotes']")
    page.wait_for_selector("#quote-list li .who")
    assert "We will not stop" in page.inner_text("#quote-list")


def test_ingested_markup_stays_inert(page: Any, base_url: str) -> None:
    body = json.dumps({"id": "cd_evil", "text": EVIL, "title": "<img src=x onerror=alert('title')>",
                       "url": "javascript:alert('url')", "published": "2023-01-08"}).encode()
    req = urllib.request.Request(base_url + "/api/documents?wait=60", data=body, method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        assert json.load(r)["documents"][0]["status"] == "new"
    load(page, base_url + "/#q=torched")
    page.wait_for_function("document.querySelectorAll('#event-list tbody tr[data-id]').length === 1")
    page.click("#event-list tbody tr[data-id]")
    mark = page.wait_for_selector("#event-panel mark.evidence")
    assert mark.inner_text().startswith("<script>top['__pwned'] = 1") and "onerror=" in mark.inner_text()
    page.wait_for_timeout(300)  # give any injected handler the chance to run
    assert page.dialogs == [] and page.evaluate("window.__pwned") is None
    assert page.locator("#event-panel script, #event-panel img, #event-panel iframe, #event-panel svg").count() == 0
    assert page.locator("#event-panel a[href^='javascript']").count() == 0
    assert "<img src=x" in page.inner_text("#panel-body")  # the title, shown as text
    # the old record with markup in its title and evidence is just as inert
    page.goto(base_url + "/#country=CO")
    page.wait_for_selector("#event-list tbody tr[data-id]")
    page.click("#event-list tbody tr[data-id]")
    page.wait_for_selector("#event-panel mark.evidence")
    page.wait_for_timeout(200)
    assert page.dialogs == [] and page.locator("#event-panel img, #event-panel script").count() == 0


def test_works_without_map_files(page: Any, base_url: str) -> None:
    page.route("**/vendor/**", lambda route: route.abort())
    load(page, base_url + "/")
    assert len(rows(page)) >= 5
    assert page.locator("#map path.country").count() == 0
    assert "not installed" in page.inner_text("#map-note")
    assert page.locator("#map circle.pt").count() >= 3 and page.locator("#timeline rect").count() >= 4
