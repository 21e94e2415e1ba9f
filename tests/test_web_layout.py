"""Layout of the web page in real headless Chromium, checked by comparing element boxes (never pixels).

Issue 17, item 8: at 1,400 px the Killed column is visible and actor names do not wrap over five
lines; the last timeline label is whole; legend counts follow the filters; the panel names the
document once; the map fits to the events shown; at 390 px nothing is cropped. Item 5: the map
outlines ship inside the package (no npm step). Skipped without chromium / Playwright.
"""
from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium_support import launched, served

from sitroom.records import (
    Document,
    DocumentResult,
    EventReport,
    Fatalities,
    PublishedDate,
    ResolvedDate,
    ResolvedPlace,
    Span,
)
from sitroom.store import Store

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "src" / "sitroom" / "web"

# Shaped like the bundled example corpus: long actor names, date ranges, long sub-types, 2021-2024.
# (doc id, title, published, [(sentence, type, sub, actor1, actor2, start, end, place, cc, lat, lon, dead)])
DOCS: list[tuple[str, str | None, str, list[tuple[Any, ...]]]] = [
    ("marib_missile", None, "2021-02-17", [
        ("Clashes between the rebels and government troops in the Sirwah district killed dozens of fighters.",
         "Battles", "Armed clash", "Unidentified Armed Group (Yemen)", "Unidentified Armed Group (Yemen)",
         "2021-02-10", "2021-02-17", "Sirwah", "YE", 15.45, 45.02, 24),
        ("A ballistic missile hit a camp for displaced people west of Marib, killing five civilians.",
         "Explosions/Remote violence", "Shelling/artillery/missile attack", "Ansar Allah", "Civilians (Yemen)",
         "2021-02-16", "2021-02-16", "Ma'rib", "YE", 15.46, 45.32, 5)]),
    ("michoacan_cartel", "Cartel attack in Michoacan", "2022-03-18", [
        ("Gunmen killed nine people at a wake in Zinapecuaro.", "Violence against civilians", "Attack",
         "Unidentified Armed Group (Mexico)", "Civilians (Mexico)", "2022-03-17", "2022-03-17", "Zinapecuaro",
         "MX", 19.86, -100.83, 9)]),
    ("damboa_iswap", "ISWAP attack on Damboa", "2022-06-14", [
        ("ISWAP fighters attacked an army base in Damboa, killing 29.", "Battles", "Armed clash",
         "Islamic State West Africa Province", "Military Forces of Nigeria", "2022-06-13", "2022-06-13", "Damboa",
         "NG", 11.15, 12.75, 29)]),
    ("odesa_drones", "Drone strikes on the Danube ports", "2023-10-05", [
        ("Russian shelling struck Kherson, killing one man.", "Explosions/Remote violence",
         "Shelling/artillery/missile attack", "Military Forces of Russia", "Civilians (Ukraine)", "2023-10-03",
         "2023-10-04", "Kherson", "UA", 46.64, 32.61, 1)]),
    ("ituri_adf", "ADF raid near Beni", "2023-11-21", [
        ("ADF rebels killed 14 villagers near Beni.", "Violence against civilians", "Attack",
         "ADF: Allied Democratic Forces", "Civilians (Democratic Republic of Congo)", "2023-11-20", "2023-11-20",
         "Beni", "CD", 0.49, 29.47, 14)]),
    ("kolkata_protest", "Protest in Howrah", "2024-02-07", [
        ("Thousands of protesters marched in Howrah.", "Protests", "Peaceful protest", "Protesters (India)", None,
         "2024-02-06", "2024-02-06", "Howrah", "IN", 22.59, 88.31, None)]),
]


def _result(doc_id: str, title: str | None, published: str, items: list[tuple[Any, ...]]) -> DocumentResult:
    text = (title + "\n\n" if title else "") + " ".join(it[0] for it in items)
    events = []
    for i, (sent, typ, sub, a1, a2, start, end, place, cc, lat, lon, dead) in enumerate(items):
        s = text.index(sent)
        events.append(EventReport(
            event_id=f"evt_{doc_id}_{i}", doc_id=doc_id, event_type=typ, sub_event_type=sub,
            actor1=a1, actor1_mention=None, actor2=a2, actor2_mention=None,
            date=ResolvedDate(start, end, "day" if start == end else "week", "on Tuesday", "published"),
            location=ResolvedPlace(place, cc, None, lat, lon, "city", place, s, s + 5),
            fatalities=Fatalities(dead, dead, dead, f"{dead} killed") if dead is not None else None,
            evidence=(Span(s, s + len(sent), sent),), sources=("officials",), confidence=0.8))
    doc = Document(doc_id, text, PublishedDate(published, "published"), title=title)
    return DocumentResult(doc, tuple(events))


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("layout") / "layout.db"
    with Store(db) as st:
        for doc_id, title, pub, items in DOCS:
            st.add_result(_result(doc_id, title, pub, items))
    with served(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched() as b:
        yield b


def rows_are(pg: Any, n: int) -> None:
    """Wait (without evaluating strings: the page's CSP forbids eval) until the list has n rows."""
    from playwright.sync_api import expect

    expect(pg.locator("#event-list tbody tr[data-id]")).to_have_count(n)
    pg.wait_for_selector("body:not([data-loading])", state="attached")


def open_page(browser: Any, url: str, width: int, height: int) -> Any:
    ctx = browser.new_context(viewport={"width": width, "height": height})
    pg = ctx.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.goto(url)
    pg.wait_for_selector("body[data-ready='1']")
    pg.wait_for_selector("body:not([data-loading])", state="attached")
    return pg


_RECT = ("(e) => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,"
         " bottom: r.bottom, width: r.width, height: r.height, text: e.textContent}; }")


def box(pg: Any, sel: str) -> dict[str, Any]:
    b = pg.eval_on_selector(sel, _RECT)
    assert isinstance(b, dict)
    return b


def boxes(pg: Any, sel: str) -> list[dict[str, Any]]:
    out = pg.eval_on_selector_all(sel, f"(els) => els.map({_RECT})")
    assert isinstance(out, list)
    return out


def inside(inner: dict[str, Any], outer: dict[str, Any], slack: float = 0.5) -> bool:
    return bool(inner["left"] >= outer["left"] - slack and inner["right"] <= outer["right"] + slack
                and inner["top"] >= outer["top"] - slack and inner["bottom"] <= outer["bottom"] + slack)


def not_clipped(pg: Any, sel: str) -> bool:
    """The element's content is not wider than its box (nothing scrolled out of sight)."""
    return bool(pg.eval_on_selector(sel, "(e) => e.scrollWidth <= e.clientWidth"))


def check_timeline_labels(pg: Any) -> None:
    tl = box(pg, "#timeline")
    labels = sorted(boxes(pg, "#timeline text.axis"), key=lambda b: b["left"])
    assert len(labels) >= 2
    for lb in labels:
        assert inside(lb, tl), (lb, tl)  # not cut off by the edge of the timeline
        assert len(lb["text"]) == 10  # a whole ISO date, not "202"
    for a, b in zip(labels, labels[1:]):
        assert a["right"] <= b["left"], (a, b)  # labels do not overlap
    assert labels[-1]["text"] == "2024-02-05"  # the week of the last event


def test_wide_table_shows_killed_and_short_actor_cells(browser: Any, base_url: str) -> None:
    pg = open_page(browser, base_url + "/", 1400, 900)
    assert not_clipped(pg, "#tab-events"), "the event table is wider than its panel"
    panel = box(pg, "#tab-events")
    assert inside(box(pg, "th[data-sort='fatalities']"), panel)
    killed = boxes(pg, "#event-list td.killed")
    assert len(killed) == 7 and all(b["right"] <= panel["right"] + 0.5 for b in killed)
    assert "24" in [b["text"] for b in killed]
    line = pg.evaluate("parseFloat(getComputedStyle(document.querySelector('#event-list td.actors')).lineHeight)")
    cells = boxes(pg, "#event-list td.actors")
    assert cells and max(round((c["height"] - 8) / line) for c in cells) <= 4, [c["height"] for c in cells]
    assert not pg.errors


def test_timeline_last_label_is_whole(browser: Any, base_url: str) -> None:
    for width, height in ((1400, 900), (390, 844)):
        pg = open_page(browser, base_url + "/", width, height)
        check_timeline_labels(pg)
        pg.context.close()


def test_legend_counts_follow_date_filter(browser: Any, base_url: str) -> None:
    def legend_total(pg: Any) -> int:
        texts = pg.locator("#legend div").all_inner_texts()
        return sum(int(t.rsplit("(", 1)[1].rstrip(")")) for t in texts)

    pg = open_page(browser, base_url + "/", 1400, 900)
    assert legend_total(pg) == 7
    pg.goto(base_url + "/#since=2022-01-01&until=2022-12-31")
    rows_are(pg, 2)
    assert legend_total(pg) == 2
    assert sorted(pg.locator("#legend div").all_inner_texts()) == ["Battles (1)", "Violence against civilians (1)"]


def test_panel_names_the_document_once(browser: Any, base_url: str) -> None:
    pg = open_page(browser, base_url + "/#country=YE", 1400, 900)
    pg.click("#event-list tbody tr[data-id]")
    pg.wait_for_selector("#event-panel mark.evidence")
    heading = pg.inner_text("#event-panel section.report h3")
    assert heading.count("marib_missile") == 1, heading  # untitled: the id is the heading, not repeated
    pg.goto(base_url + "/#country=NG")
    rows_are(pg, 1)
    pg.click("#event-list tbody tr[data-id]")
    pg.wait_for_selector("#event-panel section.report h3:has-text('ISWAP')")
    heading = pg.inner_text("#event-panel section.report h3")
    assert heading.startswith("ISWAP attack on Damboa") and heading.count("damboa_iswap") == 1, heading


def test_map_fits_to_the_events_shown(browser: Any, base_url: str) -> None:
    pg = open_page(browser, base_url + "/", 1400, 900)
    world_map = box(pg, "#map-box")
    pts = boxes(pg, "#map circle.pt")
    assert pts and all(inside(p, world_map) for p in pts)
    yemen_world = box(pg, "#map path.country:has(> title:text-is('Yemen'))")
    pg.goto(base_url + "/#country=YE")
    rows_are(pg, 2)
    map_box = box(pg, "#map-box")
    pts = boxes(pg, "#map circle.pt")
    assert len(pts) == 2 and all(inside(p, map_box) for p in pts)  # two places ~30 km apart, told apart
    yemen = box(pg, "#map path.country:has(> title:text-is('Yemen'))")
    assert yemen["width"] > 5 * yemen_world["width"]  # zoomed in on Yemen ...
    brazil = box(pg, "#map path.country:has(> title:text-is('Brazil'))")
    assert brazil["right"] < map_box["left"]  # ... so Brazil is out of view


def test_narrow_screen_crops_nothing(browser: Any, base_url: str) -> None:
    pg = open_page(browser, base_url + "/", 390, 844)
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    screen = {"left": 0, "right": 390, "top": 0, "bottom": 1e9}
    for sel in ("#map-box", "#map", "#timeline", "#right", "#event-list", "th[data-sort='fatalities']"):
        b = box(pg, sel)
        assert inside(b, screen), (sel, b)
    assert not_clipped(pg, "#tab-events") and not_clipped(pg, "#map-box") and not_clipped(pg, "#right")
    assert inside(box(pg, "#map"), box(pg, "#map-box"))
    assert pg.locator("#map path.country").count() > 100


def test_map_outlines_ship_in_the_package(browser: Any, base_url: str) -> None:
    """Natural Earth outlines and their decoder are committed inside the package (no npm step)."""
    names = ["countries-110m.json", "topojson-client.min.js", "world-atlas.LICENSE", "topojson-client.LICENSE"]
    for name in names:
        assert (WEB / "vendor" / name).is_file(), name
    if (ROOT / ".git").exists() and shutil.which("git"):
        tracked = subprocess.run(["git", "ls-files", "src/sitroom/web/vendor"], cwd=ROOT, capture_output=True,
                                 text=True, check=True).stdout.split()
        assert sorted(Path(t).name for t in tracked if not t.endswith(".md")) == sorted(names)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"web/**/*"' in pyproject  # package-data takes web/vendor/ into the wheel
    pg = open_page(browser, base_url + "/", 1400, 900)
    assert pg.locator("#map path.country").count() > 150
    assert "Natural Earth" in pg.inner_text("#map-note")
