"""API latency on a synthetic store: p50/p95 of /api/events (filtered) and /api/stats over loopback.

    python bench/api.py [--events 100000] [--requests 200] [--db /tmp/bench-1m.db]

Builds a store of N synthetic event reports (bulk insert straight into the store's
tables), starts the real server on 127.0.0.1, and times sequential HTTP requests.
The baseline, measured in the same run, is the bare SQL of the same query on a
plain connection; the ratio says what HTTP + JSON + Python cost on top.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from sitroom.api import make_server  # noqa: E402
from sitroom.api_query import where_sql  # noqa: E402
from sitroom.store import Store  # noqa: E402
from sitroom.store_index import text_filter  # noqa: E402

try:  # the date window bound of /api/events (a store from before migration 5 has none)
    from sitroom.api_query import with_start_floor  # noqa: E402
except ImportError:  # an older sitroom: the same query without it
    def with_start_floor(conn: object, f: dict[str, object]) -> dict[str, object]:
        return f

TYPES = [("Battles", "Armed clash"), ("Violence against civilians", "Attack"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack"), ("Protests", "Peaceful protest"),
         ("Riots", "Violent demonstration"), ("Strategic developments", "Looting/property destruction")]
COUNTRIES = [("NG", 9.0, 8.0), ("YE", 15.5, 47.5), ("SY", 35.0, 38.0), ("SO", 5.0, 46.0), ("AF", 34.0, 66.0),
             ("UA", 49.0, 32.0), ("CO", 4.0, -73.0), ("MM", 21.0, 96.0), ("CD", -2.0, 23.0), ("ML", 17.0, -4.0),
             ("IN", 22.0, 79.0), ("MX", 23.0, -102.0)]
ACTORS = ["Islamic State", "Al Shabaab", "Houthis", "Military Forces of Nigeria", "Military Forces of Russia",
          "Taliban", "FARC Dissidents", "Civilians", "Protesters", "Unidentified Armed Group"]


def build(db: Path, n: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with Store(db) as st:
        c = st.conn
        c.execute("BEGIN")
        docs = max(1, n // 5)
        c.executemany("INSERT INTO documents (id, content_hash, text, extracted, ingested_at) VALUES (?,?,?,?,?)",
                      [(f"d{i}", f"h{i}", "Synthetic article text. " * 20, "events", "2024-01-01")
                       for i in range(docs)])
        rows = []
        for i in range(n):
            typ, sub = rnd.choice(TYPES)
            cc, lat0, lon0 = rnd.choice(COUNTRIES)
            lat, lon = round(lat0 + rnd.uniform(-3, 3), 4), round(lon0 + rnd.uniform(-3, 3), 4)
            day = f"20{rnd.randint(18, 24)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            dead = rnd.choice([None, 0, 1, 2, 3, 5, 8, 12, 20, 50])
            a1, a2 = rnd.sample(ACTORS, 2)
            ev = f"{a1} attacked positions of {a2} near town {i % 977}, killing {dead} people, officials said."
            date_j = json.dumps({"start": day, "end": day, "precision": "day", "text": "on Monday",
                                 "basis": "published"})
            loc_j = json.dumps({"name": f"Town {i % 977}", "admin1": None, "country": cc, "lat": lat, "lon": lon,
                                "precision": "city", "geonameid": None, "text": f"town {i % 977}"})
            fat_j = None if dead is None else json.dumps({"low": dead, "best": dead, "high": dead, "text": ""})
            evid = json.dumps([{"start": 0, "end": len(ev), "text": ev}])
            rows.append((f"r{i}", f"e{i}", f"d{i % docs}", i, typ, sub, a1, a1.lower(), a2, None, None,
                         date_j, loc_j, fat_j, evid, '["officials"]', None, day, day, "day", f"Town {i % 977}",
                         cc, None, lat, lon, dead, int(rnd.random() < 0.1), 0.7,
                         f"{typ} {sub} {a1} {a2} {ev}".lower()))
        c.executemany(
            "INSERT INTO events (report_id, event_id, doc_id, seq, event_type, sub_event_type, actor1,"
            " actor1_mention, actor2, actor2_mention, claimed_by, date_json, location_json, fatalities_json,"
            " evidence_json, sources_json, trigger_json, date_start, date_end, date_precision, location_name,"
            " country, admin1, lat, lon, fatalities_best, background, confidence, search_text)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        c.execute("COMMIT")
        c.execute("ANALYZE")


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def timed_http(url: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as r:
            r.read()
        out.append((time.perf_counter() - t) * 1000)
    return out


def timed_sql(db: Path, sql: str, args: list[object], n: int) -> list[float]:
    import sqlite3

    from sitroom.api_query import install_functions

    conn = sqlite3.connect(db)
    install_functions(conn)
    out = []
    for _ in range(n):
        t = time.perf_counter()
        conn.execute(sql, args).fetchall()
        out.append((time.perf_counter() - t) * 1000)
    conn.close()
    return out


def stats_sql(f: dict[str, object]) -> tuple[str, list[object]]:
    """The three GROUP BYs of /api/stats as one compound statement (UNION ALL), same filter."""
    w, args = where_sql(f)
    agg = "COUNT(*), SUM(fatalities_best) FROM events" + w
    sql = (f"SELECT date_start, event_type, {agg} GROUP BY date_start, event_type UNION ALL "
           f"SELECT event_type, sub_event_type, {agg} GROUP BY event_type, sub_event_type UNION ALL "
           f"SELECT country, NULL, {agg} GROUP BY country")
    return sql, list(args) * 3


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=50, help="per endpoint (capped at 2000)")
    ap.add_argument("--db", help="keep the synthetic store at this path and reuse it when it exists"
                                 " (a store built by an older sitroom is migrated on open)")
    args = ap.parse_args()
    n_req = max(5, min(args.requests, 2000))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "bench.db"
        if args.db and db.exists():
            t0 = time.perf_counter()
            with Store(db) as st:  # applies any newer migration (new indexes) before timing
                have = st.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
            print(f"reused {db} ({have} events; opened/migrated in {time.perf_counter() - t0:.1f} s)")
        else:
            t0 = time.perf_counter()
            build(db, args.events)
            print(f"built {args.events} events in {time.perf_counter() - t0:.1f} s")
        srv = make_server(str(db), "127.0.0.1", 0)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{srv.server_port}"
        none = {"since": None, "until": None, "types": None, "sub_types": None, "actor": None, "country": None,
                "near": None, "bbox": None, "min_fatalities": None, "text": None, "background": False}
        order = " ORDER BY date_start IS NULL, date_start, date_end, doc_id, seq LIMIT 100"
        with Store(db) as st:  # the baseline runs the SQL the API runs: same date window bound, same FTS probe
            def listing(**f: object) -> tuple[str, list[object]]:
                w, wargs = where_sql(with_start_floor(st.conn, {**none, **f}))
                return "SELECT * FROM events" + w + order, wargs

            tsql, targs = text_filter("houthis", st.has_fts, st.conn)
            cases = [
                ("events (filtered, 100/page)",
                 "/api/events?since=2021&until=2022&type=Battles&country=NG&min_fatalities=1&limit=100",
                 *listing(since="2021-01-01", until="2022-12-31", types=["Battles"], country="NG", min_fatalities=1)),
                ("events (date window)", "/api/events?since=2021-01&until=2021-03&limit=100",
                 *listing(since="2021-01-01", until="2021-03-31")),
                ("events (type, min_fatalities)", "/api/events?type=Battles&min_fatalities=50&limit=100",
                 *listing(types=["Battles"], min_fatalities=50)),
                ("events (country, date)", "/api/events?country=NG&since=2021-01&until=2021-03&limit=100",
                 *listing(country="NG", since="2021-01-01", until="2021-03-31")),
                ("events (text search)", "/api/events?q=houthis&limit=100",
                 f"SELECT * FROM events WHERE {tsql} AND background = 0" + order, targs),
                ("stats (all)", "/api/stats", *stats_sql({})),
                ("stats (filtered)", "/api/stats?country=NG&type=Battles",
                 *stats_sql({"country": "NG", "types": ["Battles"]})),
            ]
        print(f"{'endpoint':30} {'p50 ms':>8} {'p95 ms':>8} {'sql p50':>8} {'sql p95':>8} {'ratio p95':>9}")
        worst = 0.0
        try:
            for name, path, sql, sargs in cases:
                timed_http(base + path, 3)  # warm up
                http = timed_http(base + path, n_req)
                raw = timed_sql(db, sql, sargs, n_req)
                ratio = pct(http, 95) / max(pct(raw, 95), 1e-3)
                worst = max(worst, pct(http, 95))
                print(f"{name:30} {pct(http, 50):8.1f} {pct(http, 95):8.1f} {pct(raw, 50):8.1f} {pct(raw, 95):8.1f}"
                      f" {ratio:8.1f}x")
        finally:
            srv.shutdown()
            srv.server_close()
        print(f"worst p95 {worst:.1f} ms (goal < 50 ms at 1M events) over {n_req} requests each")
    return 0


if __name__ == "__main__":
    sys.exit(main())
