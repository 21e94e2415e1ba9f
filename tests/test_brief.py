"""``sitroom brief``: figures checked against the store (computed here with SQL, independently of
``sitroom.brief``), every figure traceable to event ids, the CLI, ``GET /brief``, the PDF (pages turned
into PNG with pdftoppm, text with pdftotext) and escaping of untrusted text (a store whose every text
field is hostile, and the hostile corpus of test_hostile through the real pipeline)."""
from __future__ import annotations

import json
import re
import shutil
import sqlite3
import statistics
import subprocess
import threading
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitroom.api import make_server
from sitroom.brief import Brief, Fig, Toll, build_brief
from sitroom.brief_render import (
    Notes,
    _read_outlines,
    anchor,
    map_svg,
    md_escape,
    render_html,
    render_markdown,
)
from sitroom.cli import cli
from sitroom.records import (
    Claim,
    Document,
    DocumentResult,
    EventReport,
    Fatalities,
    PublishedDate,
    Quote,
    ResolvedDate,
    ResolvedPlace,
    Span,
)
from sitroom.store import Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
PERIOD = ("2022-01-01", "2023-12-31")


# ---------------------------------------------------------------- stores

@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example corpus through the real pipeline into a fresh store."""
    db = tmp_path_factory.mktemp("brief") / "ex.db"
    res = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(db), "-q"])
    assert res.exit_code == 0, res.output
    return db


def _brief(db: Path, **kw: Any) -> Brief:
    with Store(db) as st:
        return build_brief(st, **kw)


class Truth:
    """What the store says, by SQL on the raw tables (not through sitroom.brief or event_summary)."""

    def __init__(self, db: Path) -> None:
        self.con = sqlite3.connect(db)

    def scope(self, since: str | None, until: str | None, country: str | None = None) -> list[str]:
        sql = "SELECT DISTINCT event_id FROM events WHERE background = 0"
        args: list[Any] = []
        if since:
            sql += " AND COALESCE(date_end, date_start) >= ?"
            args.append(since)
        if until:
            sql += " AND date_start <= ?"
            args.append(until)
        if country:
            sql += " AND country = ?"
            args.append(country)
        return [r[0] for r in self.con.execute(sql, args)]

    def rows(self, ids: list[str]) -> list[tuple[Any, ...]]:
        q = ",".join("?" * len(ids))
        return self.con.execute(
            "SELECT event_id, doc_id, event_type, actor1, actor2, location_name, fatalities_best,"
            " json_extract(fatalities_json, '$.low'), json_extract(fatalities_json, '$.high'), date_start"
            f" FROM events WHERE event_id IN ({q})", ids).fetchall() if ids else []

    def tolls(self, ids: list[str]) -> dict[str, tuple[int, int, int]]:
        """UCDP per event: lowest low, median best, highest high (or best)."""
        by: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for r in self.rows(ids):
            if r[6] is not None or r[7] is not None:
                by[r[0]].append(r)
        out = {}
        for eid, rs in by.items():
            best = int(round(statistics.median([r[6] for r in rs if r[6] is not None])))
            low = min([r[7] for r in rs if r[7] is not None] or [best])
            high = max([r[8] if r[8] is not None else r[6] for r in rs])
            out[eid] = (low, best, high)
        return out


def test_example_corpus_figures_match_the_store(example_db: Path) -> None:
    b = _brief(example_db, since=PERIOD[0], until=PERIOD[1])
    t = Truth(example_db)
    ids = t.scope(*PERIOD)
    assert ids and b.total.value == len(ids) == len(set(ids))
    assert set(b.total.ids) == set(ids)
    rows = t.rows(ids)
    # events by type (every event of the example corpus has one report, so one type)
    assert len({r[0] for r in rows}) == len(rows)
    types = Counter(r[2] for r in rows)
    assert {r.event_type: r.events.value for r in b.by_type} == dict(types)
    for r in b.by_type:
        assert set(r.events.ids) == {x[0] for x in rows if x[2] == r.event_type}
    # fatalities: UCDP sums
    tolls = t.tolls(ids)
    assert b.toll.best == sum(v[1] for v in tolls.values()) > 0
    assert b.toll.low == sum(v[0] for v in tolls.values())
    assert b.toll.high == sum(v[2] for v in tolls.values())
    assert set(b.toll.ids) == set(tolls) and set(b.toll.unknown) == set(ids) - set(tolls)
    for r in b.by_type:
        assert r.toll.best == sum(v[1] for k, v in tolls.items() if k in r.events.ids)
    # documents, sources, single-source events
    q = ",".join("?" * len(ids))
    docs = [r[0] for r in t.con.execute(f"SELECT DISTINCT doc_id FROM events WHERE event_id IN ({q})", ids)]
    assert b.documents.value == len(docs) and set(b.doc_ids) == set(docs)
    outlets = {r[0] or "doc:" + r[1] for r in t.con.execute(
        f"SELECT d.outlet, d.id FROM documents d WHERE d.id IN ({','.join('?' * len(docs))})", docs)}
    assert b.n_sources == len(outlets)
    per_event_docs = Counter(r[0] for r in t.con.execute(
        f"SELECT DISTINCT event_id, doc_id FROM events WHERE event_id IN ({q})", ids))
    assert set(b.single_source.ids) == {e for e, n in per_event_docs.items() if n == 1}
    # actors table: events as actor1 / actor2
    for a in b.actors:
        assert a.as_actor1.value == sum(1 for r in rows if r[3] == a.name)
        assert a.as_actor2.value == sum(1 for r in rows if r[4] == a.name and r[3] != a.name)
    assert {a.name for a in b.actors} == {r[3] for r in rows if r[3]} | {r[4] for r in rows if r[4]}
    # timeline: every dated event once, its toll once
    assert sum(x.events.value for x in b.timeline) == sum(1 for r in rows if r[9])
    assert sum(x.fatalities.value for x in b.timeline) == sum(v[1] for k, v in tolls.items()
                                                             if any(r[0] == k and r[9] for r in rows))
    # top events by best figure
    tops = [e.best if e.best is not None else -1 for e in b.top]
    assert tops == sorted(tops, reverse=True) and b.top[0].best == max(v[1] for v in tolls.values())
    # quotes and claims come from the documents read
    assert b.quotes and {q_.doc_id for q_ in b.quotes} <= set(docs)
    n_quotes = t.con.execute(f"SELECT COUNT(*) FROM quotes WHERE doc_id IN ({','.join('?' * len(docs))})",
                             docs).fetchone()[0]
    assert len(b.quotes) == min(n_quotes, 12)
    assert b.claims and {c.doc_id for c in b.claims} <= set(docs)


def test_what_changed_against_the_previous_period(example_db: Path) -> None:
    b = _brief(example_db, since=PERIOD[0], until=PERIOD[1])
    c = b.changes
    assert c is not None
    assert (c.since, c.until) == ("2020-01-02", "2021-12-31")  # 730 days before 2022-01-01
    t = Truth(example_db)
    before = t.scope(c.since, c.until)
    assert before and set(c.events_before.ids) == set(before)
    assert c.toll_before.best == sum(v[1] for v in t.tolls(before).values())
    names_now = {r[5] for r in t.rows(t.scope(*PERIOD))}
    names_then = {r[5] for r in t.rows(before)}
    assert {n.split(",")[0] for n, _ in c.new_places} == names_now - names_then
    assert {n.split(",")[0] for n, _ in c.places_gone} == names_then - names_now
    by_type = {x.event_type: x for x in c.by_type}
    then_types = Counter(r[2] for r in t.rows(before))
    for typ, x in by_type.items():
        assert x.before.value == then_types.get(typ, 0)
        assert x.verdict in ("new", "none this period", "escalation", "decline", "unchanged")
    now_types = Counter(r[2] for r in t.rows(t.scope(*PERIOD)))
    for typ, x in by_type.items():
        assert x.now.value == now_types.get(typ, 0)
        if then_types.get(typ, 0) == 0 and now_types.get(typ, 0) > 0:
            assert x.verdict == "new"
    assert any(x.verdict == "new" for x in by_type.values())  # the example corpus has a type new this period


def test_scope_filters_country_near_type_actor(example_db: Path) -> None:
    t = Truth(example_db)
    ng = _brief(example_db, country="NG")
    assert set(ng.total.ids) == set(t.scope(None, None, "NG")) and ng.total.value == 2
    assert ng.scope.since == "2022-06-13" and not ng.scope.period_given  # closed by the events found
    near = _brief(example_db, near=(11.155, 12.756, 100.0))  # Damboa; Biu is 94 km away
    assert {e.place.name for e in near.events} == {"Damboa", "Biu"}
    battles = _brief(example_db, types=["Battles"], compare=False)
    assert battles.changes is None and {e.event_type for e in battles.events} == {"Battles"}
    adf = _brief(example_db, actor="ADF")
    # the ADF's own attack, and the army's recapture from the ADF (the ADF as actor2)
    assert "ADF: Allied Democratic Forces" in [e.actor1 for e in adf.events]
    assert all("ADF: Allied Democratic Forces" in (e.actor1, e.actor2) for e in adf.events)
    empty = _brief(example_db, country="IQ")
    assert empty.total.value == 0 and empty.toll.best == 0 and empty.changes is None
    render_html(empty)
    render_markdown(empty)


def _walk_figs(obj: Any) -> Iterator[Fig | Toll]:
    if isinstance(obj, (Fig, Toll)):
        yield obj
    elif isinstance(obj, (list, tuple)):
        for x in obj:
            yield from _walk_figs(x)
    elif hasattr(obj, "__dataclass_fields__"):
        for k in obj.__dataclass_fields__:
            yield from _walk_figs(getattr(obj, k))


def test_every_figure_names_its_events(example_db: Path) -> None:
    b = _brief(example_db, since=PERIOD[0], until=PERIOD[1])
    now = set(b.total.ids)
    before = set(b.changes.events_before.ids) if b.changes else set()
    figs = list(_walk_figs(b))
    assert len(figs) > 30
    for f in figs:
        ids = f.ids + (f.unknown if isinstance(f, Toll) else ())
        assert set(ids) <= now | before
        if isinstance(f, Fig) and f.ids and f is not b.documents:
            assert f.value == len(f.ids) or f.value >= 0  # counts or sums, never without ids
    for f in b.by_type:
        assert f.events.value == len(f.events.ids)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: Counter[str] = Counter()
        self.attrs: list[tuple[str, str, str | None]] = []
        self.figs: list[tuple[str, str]] = []  # (href, text) of every figure link, in order
        self._fig: str | None = None
        self._in_note: str | None = None
        self.notes: dict[str, list[str]] = defaultdict(list)
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        a = dict(attrs)
        for k, v in attrs:
            self.attrs.append((tag, k, v))
        if a.get("id"):
            self.ids.add(a["id"])  # type: ignore[arg-type]
            if tag == "li" and a["id"].startswith("note-"):  # type: ignore[union-attr]
                self._in_note = a["id"]
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])  # type: ignore[arg-type]
            self._href = a["href"]
            if a.get("class") == "fig":
                self._fig = a["href"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._in_note = None
        if tag == "a":
            self._href = None
            self._fig = None

    def handle_data(self, data: str) -> None:
        if self._fig:
            self.figs.append((self._fig, data))
        if self._in_note and self._href and self._href.startswith("#ev-"):
            self.notes[self._in_note].append(data)


def test_html_links_every_figure_to_its_event_rows(example_db: Path) -> None:
    b = _brief(example_db, since=PERIOD[0], until=PERIOD[1])
    page = render_html(b)
    p = _Links()
    p.feed(page)
    internal = [h for h in p.hrefs if h.startswith("#")]
    assert internal and all(h[1:] in p.ids for h in internal), [h for h in internal if h[1:] not in p.ids][:5]
    assert not [h for h in p.hrefs if not h.startswith("#")]  # self-contained: no link leaves the page
    for e in b.events:
        assert anchor(e.event_id) in p.ids
    # every figure of the brief has a note listing exactly the ids it is computed from
    assert len(p.figs) > 20 and all(p.notes[h[1:]] for h, _ in p.figs)
    listed = {tuple(v) for v in p.notes.values()}
    figs = [f for f in _walk_figs(b) if f.ids and not (isinstance(f, Fig) and f is b.documents)]
    assert len(figs) > 20
    for f in figs:
        assert tuple(f.ids) in listed, f
    href, text = p.figs[0]  # the headline: events in scope
    assert text == str(b.total.value) and p.notes[href[1:]] == list(b.total.ids)
    # nothing to fetch, nothing to run
    assert p.tags["script"] == 0 and p.tags["img"] == 0 and p.tags["link"] == 0 and p.tags["iframe"] == 0
    assert p.tags["svg"] >= 3 and p.tags["circle"] >= len([e for e in b.events if e.place.lat is not None])
    assert "What changed" in page and "UCDP" in page


def test_markdown_footnotes_resolve(example_db: Path) -> None:
    b = _brief(example_db, since=PERIOD[0], until=PERIOD[1])
    md = render_markdown(b)
    refs = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    defs = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", md, re.M))
    assert refs and refs == set(defs)
    first = re.search(r"\*\*(\d+)\*\*\[\^(\d+)\] events", md)
    assert first and int(first.group(1)) == b.total.value
    listed = defs[first.group(2)].split(": ", 1)[1].replace("\\_", "_").split(", ")
    assert listed == list(b.total.ids)
    assert "## What changed" in md and "## Top events" in md and "## Key quotes" in md


def test_fatalities_ucdp_across_reports(tmp_path: Path) -> None:
    """One event told by three documents (8-12, 10, 14-20 killed) and one by two outlets: the event counts
    once, low 8, best median 10... summed with a second event."""
    db = tmp_path / "u.db"
    figs = [("a", 8, 10, 12, "Reuters"), ("b", 10, 10, 10, "AFP"), ("c", 14, 14, 20, "Reuters")]
    with Store(db) as st:
        for doc, lo, be, hi, outlet in figs:
            text = f"Gunmen killed {be} people in Gwoza on Monday, police said."
            ev = EventReport("evt_gwoza", doc, "Violence against civilians", "Attack", "Boko Haram", None,
                             "Civilians (Nigeria)", None, ResolvedDate("2024-03-04", "2024-03-04", "day", "Monday",
                                                                       "published"),
                             ResolvedPlace("Gwoza", "NG", "Borno", 11.08, 13.69, "city", "Gwoza", 25, 30),
                             Fatalities(lo, be, hi, f"killed {be}"), (Span(0, len(text), text),),
                             sources=("police",))
            st.add_result(DocumentResult(Document(doc, text, PublishedDate("2024-03-05", "published"), outlet=outlet),
                                         (ev,)))
        text = "Troops killed 3 militants near Bama on Tuesday, the army said."
        ev2 = EventReport("evt_bama", "d", "Battles", "Armed clash", "Military Forces of Nigeria", None, "ISWAP",
                          None, ResolvedDate("2024-03-05", "2024-03-05", "day", "Tuesday", "published"),
                          ResolvedPlace("Bama", "NG", "Borno", 11.52, 13.69, "city", "Bama", 30, 34),
                          Fatalities(3, 3, None, "killed 3"), (Span(0, len(text), text),), claimed_by="the army")
        st.add_result(DocumentResult(Document("d", text, PublishedDate("2024-03-06", "published")), (ev2,)))
    b = _brief(db, since="2024-03-01", until="2024-03-14", country="NG")
    assert b.total.value == 2 and b.documents.value == 4
    g = b.event("evt_gwoza")
    assert (g.low, g.best, g.high, g.n_reports, g.n_sources) == (8, 10, 20, 3, 2)
    assert (b.toll.low, b.toll.best, b.toll.high) == (8 + 3, 10 + 3, 20 + 3)
    assert b.single_source.ids == ("evt_bama",)
    assert b.n_sources == 3 and b.outlets == ("AFP", "Reuters")
    assert [e.event_id for e in b.responsibility] == ["evt_bama"]
    assert b.bucket == "week" and {x.start for x in b.timeline} == {"2024-03-04"}
    page = render_html(b)
    assert "the army</b> claimed" in page and "10 (8–20)" in page


# ---------------------------------------------------------------- outlines and the map

def test_topojson_outlines_and_the_plain_frame(tmp_path: Path, example_db: Path) -> None:
    topo = {"type": "Topology", "transform": {"scale": [0.01, 0.01], "translate": [10, 5]},
            "arcs": [[[0, 0], [500, 0], [0, 500], [-500, 0], [0, -500]]],
            "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "arcs": [[0]], "id": "566", "properties": {"name": "Square<script>"}}]}}}
    path = tmp_path / "countries-110m.json"
    path.write_text(json.dumps(topo))
    (code, name, rings), = _read_outlines(str(path))
    assert code == "566" and rings[0][0] == (10, 5) and rings[0][2] == (15, 10)
    b = _brief(example_db, country="NG")
    svg = map_svg(b, Notes(), outlines=_read_outlines(str(path)))
    assert 'data-outlines="1"' in svg and "Square&lt;script&gt;" in svg and "<script" not in svg
    assert svg.count('class="pt"') == 2 and 'fill="#dfe5d8"' in svg  # the scope's country shaded
    plain = map_svg(b, Notes(), outlines=())
    assert 'data-outlines="0"' in plain and 'class="graticule"' in plain and plain.count('class="pt"') == 2


def test_package_outlines_when_installed() -> None:
    from sitroom.brief_render import find_outlines, load_outlines

    if find_outlines() is None:
        pytest.skip("no country outlines in this installation (the map draws a plain frame)")
    countries = {code: rings for code, _, rings in load_outlines()}
    assert len(countries) > 150
    xs = [x for r in countries["566"] for x, _ in r]  # Nigeria
    ys = [y for r in countries["566"] for _, y in r]
    assert 2 < min(xs) < max(xs) < 15 and 4 < min(ys) < max(ys) < 14


# ---------------------------------------------------------------- CLI and API

def test_cli_brief_html_md_and_near(example_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    r = CliRunner().invoke(cli, ["brief", "--db", str(example_db), "--country", "NG", "--since", "2022-06",
                                 "--until", "2022-06", "-o", str(out)])
    assert r.exit_code == 0, r.output
    page = out.read_text("utf-8")
    assert "Situation brief: Nigeria (NG)" in page and "2022-06-01 to 2022-06-30" in page
    r = CliRunner().invoke(cli, ["brief", "--db", str(example_db), "--near", "Damboa:100km", "--format", "md"],
                           obj={"resolve_place": lambda name: (11.155, 12.756) if name == "Damboa" else None})
    assert r.exit_code == 0, r.output
    assert r.output.startswith("# Situation brief: Within 100 km of Damboa") and "Biu" in r.output
    r = CliRunner().invoke(cli, ["brief", "--db", str(example_db), "--since", "2023", "--until", "2022"])
    assert r.exit_code == 2 and "after --until" in r.output
    r = CliRunner().invoke(cli, ["brief", "--db", str(tmp_path / "missing.db")])
    assert r.exit_code != 0 and "Traceback" not in r.output


@pytest.fixture(scope="module")
def served(example_db: Path) -> Iterator[str]:
    srv = make_server(str(example_db), "127.0.0.1", 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    srv.server_close()


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_api_brief(served: str, example_db: Path) -> None:
    status, headers, body = _get(served + "/brief?country=Nigeria&since=2022-06-01&until=2022-06-30")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "script-src" not in headers["Content-Security-Policy"]  # default-src 'none': no script at all
    page = body.decode("utf-8")
    expected = _brief(example_db, country="NG", since="2022-06-01", until="2022-06-30")
    assert f">{expected.total.value}</a>" in page and "Situation brief: Nigeria (NG)" in page
    status, headers, body = _get(served + "/brief?type=Battles&format=md")
    assert status == 200 and headers["Content-Type"].startswith("text/markdown") and body.startswith(b"# Situation")
    for bad in ("format=docx", "nonsense=1", "since=2023-99", "near=1,2", "top=1000"):
        status, headers, body = _get(served + "/brief?" + bad)
        assert status == 400 and json.loads(body)["error"]["status"] == 400, bad


# ---------------------------------------------------------------- PDF

def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as e:  # OSError: no pango
        pytest.skip(f"WeasyPrint not usable: {e}")
    return weasyprint


def test_pdf_pages_have_text_and_graphics(example_db: Path, tmp_path: Path) -> None:
    _weasyprint()
    if not (shutil.which("pdftoppm") and shutil.which("pdftotext")):
        pytest.skip("poppler-utils (pdftoppm, pdftotext) not installed")
    from PIL import Image  # a WeasyPrint dependency

    pdf = tmp_path / "brief.pdf"
    r = CliRunner().invoke(cli, ["brief", "--db", str(example_db), "--since", PERIOD[0], "--until", PERIOD[1],
                                 "-o", str(pdf)])
    assert r.exit_code == 0, r.output
    assert pdf.read_bytes()[:5] == b"%PDF-"
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True, timeout=300)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True,
                          timeout=300).stdout
    b = _brief(example_db, since=PERIOD[0], until=PERIOD[1])
    for s in ("Situation brief", "Headline figures", "What changed", "Top events", "Notes: the events behind",
              "Battles", b.top[0].event_id, b.top[0].place.name):
        assert s in text, s
    # page 1 carries the map and the timeline: the colours of the event types are drawn on it
    img = Image.open(pages[0]).convert("RGB")
    colours = Counter({c: n for n, c in img.getcolors(maxcolors=1 << 24)})

    def near(rgb: tuple[int, int, int], tol: int = 40) -> int:
        return sum(n for c, n in colours.items() if all(abs(a - b_) <= tol for a, b_ in zip(c, rgb)))

    assert near((0xd7, 0x30, 0x1f)) > 30  # Battles
    assert near((0x7a, 0x01, 0x77)) > 30  # Violence against civilians
    assert sum(n for c, n in colours.items() if max(c) - min(c) > 60) > 300  # drawn, not only text


def test_pdf_without_weasyprint_says_what_to_install(example_db: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real = builtins.__import__

    def no_weasy(name: str, *a: Any, **k: Any) -> Any:
        if name == "weasyprint":
            raise ImportError("No module named 'weasyprint'")
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_weasy)
    r = CliRunner().invoke(cli, ["brief", "--db", str(example_db), "-o", str(tmp_path / "b.pdf")])
    assert r.exit_code == 1 and "sitroom[pdf]" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "b.pdf").exists()


# ---------------------------------------------------------------- untrusted text

EVIL = ("<script>top.__pwned=1</script><img src=x onerror=\"top.__pwned=2\"><svg onload=alert(3)></svg>"
        "<iframe src=\"javascript:alert(4)\"></iframe>\"'><a href=javascript:alert(5)>x</a>")
MD_EVIL = ("# Heading\n- list [click](javascript:alert(1)) ![img](http://evil.example/x.png) **bold** `code` "
           "| cell | <b>raw</b>\n> quote\n1. item ~~strike~~ _em_ \\ [^1]: fake note")


def _hostile_store(path: Path) -> Path:
    with Store(path) as st:
        for i, evil in enumerate((EVIL, MD_EVIL)):
            text = f"{evil} Gunmen killed 7 people in the market. \"{evil}\" said {evil}."
            ev = EventReport(f"evt_<b>{i}\"'&", f"doc{i}", "Violence against civilians" if i else EVIL,
                             evil, evil, evil, evil, evil,
                             ResolvedDate("2024-03-04", "2024-03-04", "day", evil, "published"),
                             ResolvedPlace(evil, "NG", evil, 11.0 + i, 13.0, "city", evil, 0, 5),
                             Fatalities(7, 7, 7, evil), (Span(0, len(text), text),), sources=(evil, evil + "2"),
                             claimed_by=evil)
            q = Quote(f"doc{i}", evil, evil, evil, evil, True, 0, 5)
            c = Claim(f"doc{i}", evil, 7, 7, evil, evil, evil, 0, 5, event_id=ev.event_id)
            st.add_result(DocumentResult(Document(f"doc{i}", text, PublishedDate("2024-03-05", "published"),
                                                  url="javascript:alert(6)", title=evil, outlet=evil),
                                         (ev,), (q,), (c,)))
    return path


def _assert_inert_html(page: str) -> None:
    p = _Links()
    p.feed(page)
    assert p.tags["script"] == 0 and p.tags["img"] == 0 and p.tags["iframe"] == 0
    assert "<b>raw</b>" not in page
    assert not [a for a in p.attrs if a[1].startswith("on")], [a for a in p.attrs if a[1].startswith("on")][:3]
    assert all(h.startswith("#") for h in p.hrefs), [h for h in p.hrefs if not h.startswith("#")][:3]
    assert all(re.fullmatch(r"[A-Za-z0-9_.:-]+", i) for i in p.ids), sorted(p.ids)[:5]
    internal = [h for h in p.hrefs if h.startswith("#")]
    assert all(h[1:] in p.ids for h in internal)


def test_hostile_text_is_inert_in_html_and_markdown(tmp_path: Path) -> None:
    db = _hostile_store(tmp_path / "evil.db")
    b = _brief(db, since="2024-03-01", until="2024-03-31")
    assert b.total.value == 2 and b.quotes and b.claims and b.responsibility
    page = render_html(b)
    _assert_inert_html(page)
    assert "&lt;script&gt;top.__pwned=1&lt;/script&gt;" in page
    md = render_markdown(b)
    assert "<script" not in md and "<img" not in md and "<b>" not in md and "<iframe" not in md
    assert not re.search(r"(?<!\\)\]\(javascript", md) and "![img](" not in md
    assert md_escape("[a](javascript:x)") == "\\[a\\](javascript:x)"
    # each untrusted value stays inside its line: no hostile heading, quote or list line
    assert not [line for line in md.splitlines() if line.startswith(("# Heading", "> quote", "- list", "1. item"))]
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        return
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    _assert_inert_html(rendered)
    assert rendered.count("<h1>") == 1 and rendered.count("<h2>") == md.count("\n## ")
    for made in ("<strong>bold</strong>", "<code>", "<em>em</em>", "<s>", "<li>list", "<li>item", "<h1>Heading"):
        assert made not in rendered, made


def test_hostile_corpus_through_the_pipeline_stays_inert(tmp_path: Path) -> None:
    from test_hostile import hostile_files

    corpus = tmp_path / "in"
    corpus.mkdir()
    hostile_files(corpus)
    db = tmp_path / "h.db"
    res = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db), "-q", "--max-bytes", "200000"])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output
    b = _brief(db)
    assert b.total.value >= 3  # the good documents' events
    _assert_inert_html(render_html(b))
    md = render_markdown(b)
    assert "<" not in md and "\x00" not in md
