"""The brief in real headless Chromium (Debian `chromium` + Playwright for Python); skipped without them.

It renders with its map and timelines, a figure's link lands on the note listing its events and an event
link on the event's row; the web page's "Brief" link carries the page's filters; a brief of hostile text
runs nothing even with the page's Content-Security-Policy bypassed."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from chromium_support import chromium_path, launched, served, watched_page
from click.testing import CliRunner
from test_brief import CORPUS, _hostile_store

from sitroom.cli import cli
from sitroom.store import Store

sync_api = pytest.importorskip("playwright.sync_api")
if chromium_path() is None:
    pytest.skip("no chromium on PATH", allow_module_level=True)



@pytest.fixture(scope="module")
def urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    d = tmp_path_factory.mktemp("brief_browser")
    db = d / "ex.db"
    res = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(db), "-q"])
    assert res.exit_code == 0, res.output
    evil = _hostile_store(d / "evil.db")
    with served(db) as example, served(evil) as evil_url:
        yield {"example": example, "evil": evil_url, "db": str(db)}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched() as b:
        yield b


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    with watched_page(browser, 1200, 900, bypass_csp=True, requests=True) as pg:
        yield pg


def test_brief_renders_and_figures_lead_to_events(page: Any, urls: dict[str, str]) -> None:
    url = urls["example"] + "/brief?since=2022-01-01&until=2023-12-31"
    page.goto(url)
    page.wait_for_selector("#notes")
    with Store(urls["db"]) as st:
        from sitroom.brief import build_brief

        b = build_brief(st, since="2022-01-01", until="2023-12-31")
    placed = [e for e in b.events if e.place.lat is not None]
    assert page.locator("svg.map circle.pt").count() == len(placed)
    assert page.locator("svg.timeline rect").count() >= 2
    box = page.locator("svg.map").bounding_box()
    assert box and box["width"] > 500 and box["height"] > 200
    assert page.locator("#headline").inner_text().startswith("Headline figures")
    # the first figure (events in scope) -> its note -> the events it lists
    fig = page.locator("#headline a.fig").first
    assert fig.inner_text() == str(b.total.value)
    fig.click()
    page.wait_for_function("location.hash.startsWith('#note-')")
    note = page.locator("li:target")
    ids = note.locator("a").all_inner_texts()
    assert ids == list(b.total.ids)
    note.locator("a").first.click()
    page.wait_for_function(f"location.hash === '#ev-{ids[0]}'")
    assert page.locator("tr:target").get_attribute("data-event") == ids[0]
    # a circle on the map leads to its event too
    page.locator("svg.map a").first.click()
    page.wait_for_function("location.hash.startsWith('#ev-')")
    assert page.locator("tr:target").count() == 1
    assert page.errors == [] and page.dialogs == []
    assert all(r.startswith(urls["example"]) for r in page.requests)  # nothing fetched elsewhere


def test_page_brief_link_carries_the_filters(page: Any, urls: dict[str, str]) -> None:
    page.goto(urls["example"] + "/#country=NG")
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_function("document.querySelector('#brief-link').href.includes('country=NG')")
    href = page.locator("#brief-link").get_attribute("href")
    assert href.startswith("/brief?") and "country=NG" in href
    with page.context.expect_page() as new:
        page.locator("#brief-link").click()
    brief = new.value
    brief.wait_for_selector("#notes")
    assert brief.locator("h1").inner_text() == "Situation brief: Nigeria (NG)"
    assert brief.locator("#events-table tbody tr").count() == 2


def test_hostile_brief_runs_nothing(page: Any, urls: dict[str, str]) -> None:
    page.goto(urls["evil"] + "/brief?since=2024-03-01&until=2024-03-31")
    page.wait_for_selector("#notes")
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == [] and page.errors == []
    assert page.locator("script, img, iframe").count() == 0
    assert "<script>top.__pwned=1</script>" in page.locator("#events").inner_text()
