"""HTTP API: every endpoint and filter against a real server on loopback, errors in one shape, never 500."""
from __future__ import annotations

import csv
import io
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitroom.api import MAX_BODY, make_server
from sitroom.api_query import week_of
from sitroom.records import (
    Claim,
    Document,
    DocumentError,
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

TOKEN = "s3cret-token"

# (doc id, published, text, [(sentence, type, sub, actor1, actor2, date, place, country, lat, lon, dead)])
ARTICLES: list[tuple[str, str, str, list[tuple[Any, ...]]]] = [
    ("ng_wire", "2021-03-04", "Borno State clashes",
     [("Suspected ISWAP fighters attacked a military base in Damboa on Tuesday, killing 12 soldiers, "
       "officials said.", "Battles", "Armed clash", "ISWAP", "Military Forces of Nigeria", "2021-03-02",
       "Damboa", "NG", 11.15, 12.75, 12),
      ("Gunmen abducted 30 villagers near Gwoza on Monday.", "Violence against civilians", "Abduction/forced "
       "disappearance", "Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)", "2021-03-01", "Gwoza", "NG",
       11.08, 13.69, None)]),
    ("ye_analysis", "2021-03-20", "Marib offensive",
     [("Houthi forces fired a ballistic missile at Marib city on Thursday, killing four civilians.",
       "Explosions/Remote violence", "Shelling/artillery/missile attack", "Houthis", "Civilians (Yemen)",
       "2021-03-18", "Marib", "YE", 15.46, 45.32, 4),
      ("Pro-government forces clashed with Houthi fighters in Sirwah, leaving at least 20 dead.", "Battles",
       "Armed clash", "Military Forces of Yemen", "Houthis", "2021-03-10", "Sirwah", "YE", 15.45, 45.02, 20)]),
    ("ua_wire", "2022-07-14", "Shelling in Mykolaiv",
     [("Russian shelling struck a school in Mykolaiv overnight, killing two people, the mayor said.",
       "Explosions/Remote violence", "Shelling/artillery/missile attack", "Military Forces of Russia",
       "Civilians (Ukraine)", "2022-07-13", "Mykolaiv", "UA", 46.97, 31.99, 2)]),
    ("co_xss", "2022-08-01", "<img src=x onerror=alert(1)>",
     [("<script>alert('x')</script> Dissidents of the FARC ambushed a police patrol in Cauca, killing 3.",
       "Battles", "Armed clash", "FARC Dissidents", "Police Forces of Colombia", "2022-07-30", "Cauca", "CO",
       2.5, -76.6, 3)]),
]


def _result(doc_id: str, published: str, title: str, items: list[tuple[Any, ...]], bg: bool = False) -> DocumentResult:
    text = title + "\n\n" + " ".join(it[0] for it in items) + " \"We will not stop,\" a commander said."
    events = []
    for i, (sent, typ, sub, a1, a2, day, place, cc, lat, lon, dead) in enumerate(items):
        s = text.index(sent)
        events.append(EventReport(
            event_id=f"evt_{doc_id}_{i}", doc_id=doc_id, event_type=typ, sub_event_type=sub,
            actor1=a1, actor1_mention=a1.lower(), actor2=a2, actor2_mention=None,
            date=ResolvedDate(day, day, "day", "on Tuesday", "published"),
            location=ResolvedPlace(place, cc, None, lat, lon, "city", place, s, s + 5),
            fatalities=Fatalities(dead, dead, dead, f"{dead} killed") if dead is not None else None,
            evidence=(Span(s, s + len(sent), sent),), sources=("officials",), confidence=0.8,
            background=bg and i == 0))
    q0 = text.index("\"We will")
    quote = Quote(doc_id, "Unnamed commander", "a commander", "commander", "We will not stop,", True, q0, q0 + 19)
    claim = Claim(doc_id, "killed", 12, 12, "people", "officials", items[0][0], text.index(items[0][0]),
                  text.index(items[0][0]) + len(items[0][0]))
    doc = Document(doc_id, text, PublishedDate(published, "published"), url=f"https://example.org/{doc_id}",
                   title=title)
    return DocumentResult(doc, tuple(events), (quote,), (claim,))


def build_store(path: Path) -> Path:
    with Store(path) as st:
        for doc_id, pub, title, items in ARTICLES:
            st.add_result(_result(doc_id, pub, title, items, bg=doc_id == "ua_wire"))
    return path


class Client:
    def __init__(self, base: str) -> None:
        self.base = base

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def get(self, path: str) -> tuple[int, Any]:
        status, headers, body = self.request("GET", path)
        if headers.get("Content-Type", "").startswith("application/json"):
            return status, json.loads(body)
        return status, body.decode("utf-8")

    def post(self, obj: Any, token: str | None = TOKEN, raw: bytes | None = None) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        status, hdrs, body = self.request("POST", "/api/documents", raw if raw is not None else json.dumps(obj).encode(),
                                          headers)
        if status == 202:  # queued: follow the status URL until the job is finished
            return self.follow(hdrs["Location"])
        return status, json.loads(body)

    def follow(self, location: str, seconds: float = 60.0) -> tuple[int, Any]:
        import time

        deadline = time.monotonic() + seconds
        while True:
            status, job = self.get(location)
            if status != 200 or job["status"] in ("done", "failed") or time.monotonic() > deadline:
                return status, job
            time.sleep(0.02)


def fake_process(docs: Any, **_: Any) -> Iterator[DocumentResult | DocumentError]:
    """Stands in for the spaCy pipeline: one event per document, evidence = first sentence."""
    for d in docs:
        if isinstance(d, DocumentError):
            yield d
            continue
        end = d.text.find(".") + 1 or len(d.text)
        ev = EventReport(f"evt_{d.id}", d.id, "Battles", "Armed clash", "Al Shabaab", "al-Shabaab", None, None,
                         ResolvedDate("2023-01-05", "2023-01-05", "day", "Thursday", "published"),
                         ResolvedPlace("Baidoa", "SO", None, 3.11, 43.65, "city", "Baidoa", 0, 6), None,
                         (Span(0, end, d.text[:end]),))
        yield DocumentResult(d, (ev,))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, Path]]:
    db = build_store(tmp_path_factory.mktemp("api") / "t.db")
    srv = make_server(str(db), "127.0.0.1", 0, ingest_token=TOKEN, process=fake_process)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield Client(f"http://127.0.0.1:{srv.server_port}"), db
    srv.shutdown()
    srv.server_close()


@pytest.fixture()
def api(server: tuple[Client, Path]) -> Client:
    return server[0]


def ids(page: dict[str, Any]) -> list[str]:
    return [e["doc_id"] for e in page["items"]]


def assert_error(status: int, body: Any, expected: int) -> None:
    assert status == expected, body
    assert set(body) == {"error"} and body["error"]["status"] == expected
    assert body["error"]["code"] and body["error"]["message"]


# ------------------------------------------------------------ events

def test_events_default_page_leaves_out_background(api: Client) -> None:
    status, page = api.get("/api/events")
    assert status == 200
    assert page["total"] == 5 == len(page["items"]) and page["limit"] == 100 and page["offset"] == 0
    assert "ua_wire" not in ids(page)
    dates = [e["date"]["start"] for e in page["items"]]
    assert dates == sorted(dates)
    _, with_bg = api.get("/api/events?background=1")
    assert with_bg["total"] == 6 and "ua_wire" in ids(with_bg)


@pytest.mark.parametrize("query,expected", [
    ("since=2021-03-05&until=2021-03", {"ye_analysis"}),
    ("since=2022", {"co_xss"}),
    ("until=2021-03-01", {"ng_wire"}),
    ("type=Battles", {"ng_wire", "ye_analysis", "co_xss"}),
    ("type=battles,violence%20against%20civilians&country=NG", {"ng_wire"}),
    ("type=Battles&type=Explosions/Remote%20violence&country=Yemen", {"ye_analysis"}),
    ("sub_type=Armed%20clash&min_fatalities=15", {"ye_analysis"}),
    ("actor=houthi", {"ye_analysis"}),
    ("actor=military%20forces%20of%20nigeria", {"ng_wire"}),
    ("country=co", {"co_xss"}),
    ("near=11.1,13.0,100", {"ng_wire"}),
    ("near=15.4,45.2,5", set()),
    ("bbox=40,10,50,20", {"ye_analysis"}),
    ("bbox=170,-10,-70,10", {"co_xss"}),
    ("q=ballistic%20missile", {"ye_analysis"}),
    ("q=officials", {"ng_wire", "ye_analysis", "co_xss"}),
    ("q=100%25", set()),
    ("min_fatalities=0", {"ng_wire", "ye_analysis", "co_xss"}),
])
def test_event_filters(api: Client, query: str, expected: set[str]) -> None:
    status, page = api.get("/api/events?" + query)
    assert status == 200, page
    assert set(ids(page)) == expected
    assert page["total"] == len(page["items"])  # SQL count agrees with Store.events
    _, st = api.get("/api/stats?" + query)
    assert st["total"] == page["total"]


def test_paging_and_sort(api: Client) -> None:
    _, all_ = api.get("/api/events?sort=fatalities")
    dead = [(e["fatalities"] or {}).get("best") for e in all_["items"]]
    assert dead[:4] == [20, 12, 4, 3] and dead[-1] is None
    _, p = api.get("/api/events?sort=-date&limit=2&offset=1")
    assert p["total"] == 5 and len(p["items"]) == 2 and p["sort"] == "-date"
    _, full = api.get("/api/events?sort=-date")
    assert [e["report_id"] for e in p["items"]] == [e["report_id"] for e in full["items"][1:3]]
    _, empty = api.get("/api/events?limit=0")
    assert empty["items"] == [] and empty["total"] == 5


def test_event_exports(api: Client) -> None:
    status, text = api.get("/api/events?format=csv&type=Battles")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert status == 200 and {r["doc_id"] for r in rows} == {"ng_wire", "ye_analysis", "co_xss"}
    assert rows[0]["evidence"]
    status, hdrs, body = api.request("GET", "/api/events?format=geojson&country=YE")
    fc = json.loads(body)
    assert status == 200 and hdrs["Content-Type"] == "application/geo+json"
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 2
    assert fc["features"][0]["geometry"]["type"] == "Point"


def test_event_by_id_and_report_id(api: Client) -> None:
    status, ev = api.get("/api/events/evt_ye_analysis_0")
    assert status == 200 and ev["event_id"] == "evt_ye_analysis_0"
    (rep,) = ev["reports"]
    assert rep["evidence"][0]["text"].startswith("Houthi forces fired") and rep["sources"] == ["officials"]
    assert ev["documents"]["ye_analysis"]["title"] == "Marib offensive"
    status, same = api.get("/api/events/" + rep["report_id"])
    assert status == 200 and same["event_id"] == "evt_ye_analysis_0"
    assert_error(*api.get("/api/events/nope"), 404)


# ------------------------------------------------------------ documents, quotes, claims, actors, stats

def test_document_with_spans(api: Client) -> None:
    status, d = api.get("/api/documents/ng_wire")
    assert status == 200 and d["id"] == "ng_wire" and d["published"]["date"] == "2021-03-04"
    assert len(d["events"]) == 2 and len(d["quotes"]) == 1 and len(d["claims"]) == 1
    kinds = [s["kind"] for s in d["spans"]]
    assert kinds.count("evidence") == 2 and "quote" in kinds and "claim" in kinds
    for s in d["spans"]:
        assert 0 <= s["start"] < s["end"] <= len(d["text"])
    ev = d["events"][0]["evidence"][0]
    assert d["text"][ev["start"]:ev["end"]] == ev["text"]
    assert_error(*api.get("/api/documents/missing"), 404)
    _, docs = api.get("/api/documents?limit=2")
    assert docs["total"] >= 4 and len(docs["items"]) == 2 and "text" not in docs["items"][0]


def test_quotes_claims_actors(api: Client) -> None:
    _, q = api.get("/api/quotes?speaker=commander&limit=2")
    assert q["total"] >= 4 and len(q["items"]) == 2 and q["items"][0]["direct"] is True
    _, q = api.get("/api/quotes?doc_id=ye_analysis&q=not%20stop")
    assert q["total"] == 1
    _, c = api.get("/api/claims?source=officials&doc_id=ng_wire")
    assert c["total"] == 1 and c["items"][0]["value"] == {"low": 12, "high": 12}
    _, c = api.get("/api/claims?q=ballistic")
    assert [x["doc_id"] for x in c["items"]] == ["ye_analysis"]
    _, a = api.get("/api/actors")
    names = {x["name"]: x for x in a["items"]}
    assert names["Houthis"]["reports"] == 2 and names["Houthis"]["fatalities"] == 24
    assert "Military Forces of Russia" not in names  # background only
    _, a = api.get("/api/actors?q=forces&limit=1")
    assert a["total"] >= 2 and len(a["items"]) == 1


def test_stats(api: Client) -> None:
    status, st = api.get("/api/stats")
    assert status == 200 and st["total"] == 5 and st["fatalities"] == 39
    assert (st["first_date"], st["last_date"]) == ("2021-03-01", "2022-07-30")
    weeks = {(w["week"], w["event_type"]): w["count"] for w in st["by_week"]}
    assert weeks[("2021-03-01", "Battles")] == 1 and weeks[("2021-03-01", "Violence against civilians")] == 1
    assert sum(weeks.values()) == 5
    battles = next(t for t in st["by_type"] if t["event_type"] == "Battles")
    assert battles["count"] == 3 and battles["sub_types"][0]["sub_event_type"] == "Armed clash"
    assert {c["country"]: c["count"] for c in st["by_country"]} == {"NG": 2, "YE": 2, "CO": 1}
    _, st = api.get("/api/stats?country=NG&background=1")
    assert st["total"] == 2


def test_week_of() -> None:
    assert week_of("2021-03-07") == "2021-03-01" and week_of("2021-03-08") == "2021-03-08"
    assert week_of("nonsense") is None


def test_meta_openapi_and_page(api: Client) -> None:
    _, meta = api.get("/api/meta")
    assert meta["counts"]["documents"] >= 4 and meta["writable"] is True
    status, spec = api.get("/openapi.json")
    assert status == 200 and spec["openapi"].startswith("3.")
    for path in ("/api/events", "/api/events/{id}", "/api/documents/{id}", "/api/actors", "/api/quotes",
                 "/api/claims", "/api/stats"):
        assert path in spec["paths"]
    assert "post" in spec["paths"]["/api/documents"]
    status, hdrs, body = api.request("GET", "/")
    assert status == 200 and hdrs["Content-Type"].startswith("text/html") and b"<html" in body.lower()
    assert "script-src 'self'" in hdrs["Content-Security-Policy"]
    assert_error(*api.get("/../../etc/passwd"), 404)
    assert_error(*api.get("/%2e%2e/%2e%2e/etc/passwd"), 404)
    assert_error(*api.get("/api/nothing"), 404)


# ------------------------------------------------------------ bad input: always 4xx in one shape

@pytest.mark.parametrize("query", [
    "since=yesterday", "since=2021-13", "until=2021-02-30", "since=2022&until=2021",
    "type=", "limit=1001", "limit=-1", "limit=abc", "offset=x", "sort=random", "sort=date;DROP%20TABLE%20events",
    "format=xml", "near=1,2", "near=91,0,10", "near=0,0,-5", "near=nan,nan,nan", "bbox=1,2,3", "bbox=0,10,5,5",
    "min_fatalities=-3", "min_fatalities=1e3", "background=maybe", "country=Atlantis", "bogus=1",
    "limit=1&limit=2", "q=" + "x" * 600,
])
def test_bad_parameters_are_4xx(api: Client, query: str) -> None:
    status, body = api.get("/api/events?" + query)
    if query == "type=":  # an empty filter is no filter
        assert status == 200
        return
    assert_error(status, body, 400)
    if not query.startswith(("limit", "offset", "sort", "format")):  # the same filters on /api/stats
        assert_error(*api.get("/api/stats?" + query), 400)


@pytest.mark.parametrize("path", ["/api/quotes?limit=5000", "/api/claims?offset=-1", "/api/actors?limit=z",
                                  "/api/documents?limit=1e9", "/api/events/x?y=1", "/api/quotes?nope=1"])
def test_other_endpoints_bad_parameters(api: Client, path: str) -> None:
    assert_error(*api.get(path), 400)


@pytest.mark.parametrize("evil", [
    "' OR 1=1 --", "\"; DROP TABLE events; --", "%' UNION SELECT * FROM documents --", "_%", "\\", "'||'",
    "Robert'); DROP TABLE documents;--",
])
def test_sql_injection_strings_are_data(api: Client, evil: str) -> None:
    from urllib.parse import quote

    for key in ("actor", "q", "type", "sub_type"):
        status, page = api.get(f"/api/events?{key}={quote(evil)}")
        assert status == 200 and page["total"] == 0, (key, page)
    for path in ("/api/quotes?speaker=", "/api/claims?source=", "/api/actors?q=", "/api/stats?actor="):
        status, page = api.get(path + quote(evil))
        assert status == 200 and page["total"] == 0
    assert_error(*api.get("/api/events/" + quote(evil, safe="")), 404)
    assert api.get("/api/events")[1]["total"] == 5  # tables still there


def test_methods(api: Client) -> None:
    status, _, body = api.request("DELETE", "/api/events")
    assert_error(status, json.loads(body), 405)
    status, _, body = api.request("POST", "/api/events", b"{}", {"Content-Type": "application/json"})
    assert_error(status, json.loads(body), 405)


# ------------------------------------------------------------ writing

def test_post_needs_the_token(api: Client) -> None:
    doc = {"id": "so_new", "text": "Al-Shabaab fighters attacked Baidoa. Residents fled."}
    assert_error(*api.post(doc, token=None), 401)
    assert_error(*api.post(doc, token="wrong"), 401)
    assert_error(*api.post(doc, token=TOKEN + "x"), 401)
    assert api.get("/api/documents/so_new")[0] == 404


def test_post_ingests_one_and_many(api: Client) -> None:
    text = "Al-Shabaab fighters attacked an army base near Baidoa on Thursday. Residents fled the town."
    status, res = api.post({"id": "so_post", "text": text, "published": "2023-01-06", "title": "Baidoa"})
    assert status == 200 and res["documents"] == [{"id": "so_post", "status": "new", "events": 1, "quotes": 0,
                                                   "claims": 0, "warnings": []}]
    assert api.post({"id": "so_post", "text": text})[1]["documents"][0]["status"] == "unchanged"
    _, d = api.get("/api/documents/so_post")
    assert d["title"] == "Baidoa" and d["published"]["date"] == "2023-01-06"
    status, res = api.post([{"text": "Rebels of the M23 seized Bunagana after heavy fighting. " * 3},
                            {"id": "empty", "text": "   "}])
    assert status == 200
    statuses = sorted(r["status"] for r in res["documents"])
    assert statuses == ["failed", "new"]


@pytest.mark.parametrize("body,code", [
    (b"not json", "bad_json"), (b"[]", "bad_body"), (b"{\"id\": \"x\"}", "bad_body"), (b"[1, 2]", "bad_body"),
    (b"{\"text\": 5}", "bad_body"), (b"{\"text\": \"x\", \"published\": 2021}", "bad_body"),
    (b"\xff\xfe", "bad_json"),
])
def test_post_bad_bodies(api: Client, body: bytes, code: str) -> None:
    status, err = api.post(None, raw=body)
    assert_error(status, err, 400)
    assert err["error"]["code"] == code


def test_post_too_large(api: Client) -> None:
    big = json.dumps({"text": "x" * (MAX_BODY + 10)}).encode()
    status, _, body = api.request("POST", "/api/documents", big,
                                  {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
    assert_error(status, json.loads(body), 413)
    status, err = api.post([{"text": "a"}] * 101)
    assert_error(status, err, 413)


def test_writing_off_by_default(tmp_path: Path) -> None:
    db = build_store(tmp_path / "ro.db")
    srv = make_server(str(db), "127.0.0.1", 0)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        c = Client(f"http://127.0.0.1:{srv.server_port}")
        assert_error(*c.post({"text": "Fighting in Goma."}, token=TOKEN), 403)
        assert c.get("/api/meta")[1]["writable"] is False
    finally:
        srv.shutdown()
        srv.server_close()


def test_serve_command_is_registered() -> None:
    from click.testing import CliRunner

    from sitroom.cli import cli

    res = CliRunner().invoke(cli, ["serve", "--help"])
    assert res.exit_code == 0 and "--ingest-token" in res.output


# ------------------------------------------------------------ fast paths (FTS index, stats summary, counts)
def _fast_store(tmp_path: Path) -> Store:
    st = Store(tmp_path / "fast.db")
    for doc_id, pub, title, items in ARTICLES:
        st.add_result(_result(doc_id, pub, title, items, bg=doc_id == "ua_wire"))
    return st


SEARCHES = ["houthi", "HOUTHI", "ho", "h", "killing", "marib city", "50%", "a_b", "\"", "it's", "officials",
            "fighters in sirwah", "zzz-none", "<script>", "'x')", "armed clash", "ü", "100\\"]


def test_fts_search_equals_like_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sitroom.store_index
    from sitroom.api_query import count_events

    with _fast_store(tmp_path) as st:
        assert st.has_fts and st.has_summary
        texts = [r[0] for r in st.conn.execute("SELECT search_text FROM events")]
        # substrings of stored texts at many offsets, plus fixed odd strings
        samples = SEARCHES + [t[i:i + n] for t in texts for i in range(0, len(t), 17) for n in (3, 8)]
        for k, q in enumerate(samples):
            st.has_fts = True
            fast = [r["report_id"] for r in st.events(text=q, background=True)]
            # page queries: matches inlined, or tested along the ordered index
            for probe in (0, 1, 100) if k % 4 == 0 else ():
                monkeypatch.setattr(sitroom.store_index, "FTS_PROBE", probe)
                for order in ("date", "fatalities"):
                    page = [r["report_id"] for r in st.events(text=q, background=True, limit=2, order=order)]
                    st.has_fts = False
                    assert page == [r["report_id"] for r in st.events(text=q, background=True, limit=2,
                                                                       order=order)], (q, probe, order)
                    st.has_fts = True
            n_fast = count_events(st.conn, {"text": q, "background": True}, fts=True)
            st.has_fts = False
            slow = [r["report_id"] for r in st.events(text=q, background=True)]
            n_slow = count_events(st.conn, {"text": q, "background": True}, fts=False)
            assert fast == slow and n_fast == n_slow == len(slow), q
        assert [r["doc_id"] for r in st.events(text="houthi")] == ["ye_analysis", "ye_analysis"]


def _both_stats(st: Store, f: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    from sitroom.api_query import stats

    full = {"since": None, "until": None, "types": None, "sub_types": None, "actor": None, "country": None,
            "near": None, "bbox": None, "min_fatalities": None, "text": None, "background": False, **f}
    return stats(st.conn, full, summary=True), stats(st.conn, full, summary=False)


STAT_FILTERS: list[dict[str, Any]] = [{}, {"background": True}, {"country": "NG"}, {"types": ["battles"]},
                                      {"types": ["Battles", "Riots"], "country": "YE"},
                                      {"sub_types": ["armed clash"]}, {"types": ["no such type"]}]


def test_stats_summary_equals_scan_and_stays_in_sync(tmp_path: Path) -> None:
    with _fast_store(tmp_path) as st:
        for f in STAT_FILTERS:
            fast, slow = _both_stats(st, f)
            assert fast == slow, f
        assert _both_stats(st, {})[0]["total"] == 5
        # replace a document's text (its rows are deleted and re-added), regroup, delete one report
        doc_id, pub, title, items = ARTICLES[0]
        st.add_result(_result(doc_id, pub, title + " (updated)", items[:1]))
        st.set_event_ids({r["report_id"]: "evt_merged" for r in st.events(background=True)})
        rid = next(r["report_id"] for r in st.events(country="YE"))
        st.conn.execute("UPDATE events SET country = 'SO', date_start = NULL, fatalities_best = 7 WHERE report_id=?",
                        (rid,))
        st.conn.execute("DELETE FROM events WHERE doc_id = 'ua_wire'")
        for f in STAT_FILTERS:
            fast, slow = _both_stats(st, f)
            assert fast == slow, f
        assert _both_stats(st, {"background": True})[0]["total"] == 4
        # the search index followed the same changes
        st.has_fts = True
        assert [r["doc_id"] for r in st.events(text="gwoza", background=True)] == []
        assert [r["doc_id"] for r in st.events(text="damboa", background=True)] == ["ng_wire"]


def test_migration_builds_index_and_summary_for_an_old_store(tmp_path: Path) -> None:
    import sqlite3

    from sitroom.store import MIGRATIONS

    db = tmp_path / "old.db"
    with _fast_store(tmp_path) as st:  # rows to copy into a version-1 database
        rows = st.conn.execute("SELECT * FROM events").fetchall()
        docs = st.conn.execute("SELECT * FROM documents").fetchall()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
    conn.executescript(MIGRATIONS[0][2])
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.executemany(f"INSERT INTO documents VALUES ({','.join('?' * len(docs[0]))})", [tuple(d) for d in docs])
    n = len(conn.execute("PRAGMA table_info(events)").fetchall())  # later migrations append columns
    conn.executemany(f"INSERT INTO events VALUES ({','.join('?' * n)})", [tuple(r)[:n] for r in rows])
    conn.commit()
    conn.close()
    with Store(db) as st:
        assert st.schema_version() >= 2 and st.has_fts and st.has_summary
        assert [r["doc_id"] for r in st.events(text="mykolaiv", background=True)] == ["ua_wire"]
        for f in STAT_FILTERS:
            fast, slow = _both_stats(st, f)
            assert fast == slow, f


def test_type_filter_is_case_insensitive_with_canonical_values(tmp_path: Path) -> None:
    from sitroom.store_index import type_filter

    sql, args = type_filter(["battles", "RIOTS", "Made up"])
    assert "event_type IN" in sql and args == ["Battles", "Riots", "made up"]
    with _fast_store(tmp_path) as st:
        assert len(list(st.events(types=["BATTLES"]))) == len(list(st.events(types=["Battles"]))) == 3


def test_count_cap(tmp_path: Path) -> None:
    from sitroom.api_query import count_events

    with _fast_store(tmp_path) as st:
        assert count_events(st.conn, {"background": True}) == 6
        assert count_events(st.conn, {"background": True}, cap=2) == 3  # cap + 1: "more than 2"
        assert count_events(st.conn, {"background": True}, cap=10) == 6
        for q in ("houthi", "killing", "armed clash", "ki", "zzz-none"):  # the index-driven count agrees
            for cap in (0, 1, 2, 100):
                for bg in (True, False):
                    f = {"text": q, "background": bg, "country": "YE" if cap == 1 else None}
                    assert (count_events(st.conn, f, fts=True, cap=cap)
                            == min(cap + 1, count_events(st.conn, f, fts=False))), (q, cap, bg)


def test_events_total_is_capped_unless_exact(api: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    import sitroom.api

    status, page = api.get("/api/events")
    n = page["total"]
    assert status == 200 and n >= 5 and page["total_exact"] is True
    monkeypatch.setattr(sitroom.api, "COUNT_CAP", 2)
    _, page = api.get("/api/events?limit=1")
    assert page["total"] == 2 and page["total_exact"] is False and len(page["items"]) == 1
    _, page = api.get("/api/events?limit=1&count=exact")
    assert page["total"] == n and page["total_exact"] is True
    monkeypatch.setattr(sitroom.api, "TEXT_COUNT_CAP", 0)
    _, page = api.get("/api/events?q=houthi")
    assert page["total"] == 2 and page["total_exact"] is False and len(page["items"]) == 2  # at least the page
    status, err = api.get("/api/events?count=some")
    assert status == 400 and err["error"]["param"] == "count"
