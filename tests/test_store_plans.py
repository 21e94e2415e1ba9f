"""Query plans of the filtered event list and its count at one million events (issue 17, item 9).

No clock: the planner is given the statistics ``ANALYZE`` wrote for the 1M-event store of
``bench/api.py --events 1000000`` (``sqlite_stat1``; this SQLite has no STAT4, so these numbers are
all it plans from), and ``EXPLAIN QUERY PLAN`` must show that each common filter combination is
answered from an index that holds every filtered column: no full scan of ``events``, and a report
that fails the filter is rejected without reading its row. PostgreSQL: ``test_store_pg``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from test_store import event, result

from sitroom.api_query import COUNT_CAP, count_events, ensure_indexes, parse_event_filters
from sitroom.store import Store

# sqlite_stat1 of the 1M-event bench store (bench/api.py --events 1000000, then ANALYZE), for the
# indexes of both the old and the new schema: a store plans from whichever of them it has.
STAT1_1M = {
    "events_country": "1000000 83334",
    "events_country_type": "1000000 83334 13889 6",
    "events_date": "1000000 426 426",
    "events_date_geo": "1000000 426 1 1",
    "events_doc": "1000000 5 1",
    "events_event_id": "1000000 1",
    "events_fatalities": "1000000 100000",
    "events_latlon": "1000000 3 1",
    "events_order_date": "1000000 1000000 426 426 1 1",
    "events_type": "1000000 166667 166667",
    "sqlite_autoindex_events_1": "1000000 1",
    # migration 5
    "events_order_date@5": "1000000 1000000 426 426 1 1 1 1 1 1",
    "events_country_filter": "1000000 83334 13889 6 6 2 2 1 1",
    "events_type_filter": "1000000 166667 71 71 8 5 2 1 1",
    "events_span": "1000000 1000000",
    # created by the API server at start (api_query.API_INDEXES)
    "api_events_week": "1000000 500000 213 36 5",
    "api_events_types": "1000000 500000 83334 83334 8334",
    "api_events_countries": "1000000 500000 41667 4167",
}

# The filters of bench/api.py's filtered request and the other common combinations.
COMBOS = {
    "date+type+country+min_fatalities": "since=2021&until=2022&type=Battles&country=NG&min_fatalities=1",
    "date+type": "since=2021-01-01&until=2022-12-31&type=Battles",
    "date+country": "since=2021-01&until=2021-03&country=NG",
    "type+country": "type=Battles&country=NG",
    "country+min_fatalities": "country=NG&min_fatalities=20",
    "type+min_fatalities": "type=Battles&min_fatalities=50",
    "date+min_fatalities": "since=2021-01&until=2021-03&min_fatalities=50",
}
FILTER_COLUMNS = {"since": {"date_start", "date_end"}, "until": {"date_start"}, "types": {"event_type"},
                  "country": {"country"}, "min_fatalities": {"fatalities_best"}}


def params(qs: str) -> dict[str, list[str]]:
    return {k: [v] for k, v in (p.split("=") for p in qs.split("&"))}


class Spy:
    """Stands in for the store's connection; keeps every statement and its arguments."""

    def __init__(self, real: Any) -> None:
        self.real, self.seen = real, []  # type: ignore[var-annotated]

    def execute(self, sql: str, args: Any = ()) -> Any:
        self.seen.append((sql, list(args)))
        return self.real.execute(sql, args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.fixture()
def store_1m(tmp_path: Path) -> Any:
    """A small store whose planner statistics are those of the 1M-event bench store."""
    st = Store(tmp_path / "plans.db")
    for i, day in enumerate(("2021-03-01", "2022-05-01")):
        st.add_result(result(f"d{i}", f"Report {i}.", (event(f"d{i}", f"Report {i}.", day=day),)))
    ensure_indexes(st.conn)  # as the API server does at start
    c = st.conn
    c.execute("ANALYZE")
    c.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'events'")
    have = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")}
    width = {r[0]: len(c.execute(f"PRAGMA index_info({r[0]})").fetchall()) for r in  # noqa: S608
             c.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")}
    rows = []
    for name, stat in STAT1_1M.items():  # "name@5": the statistics of migration 5's definition of name
        idx = name.split("@")[0]
        if idx in have and len(stat.split()) == width[idx] + 1:
            rows.append((idx, stat))
    c.executemany("INSERT INTO sqlite_stat1 VALUES ('events', ?, ?)", rows)
    c.execute("ANALYZE sqlite_schema")  # reload the statistics
    yield st
    st.close()


def plan(conn: Any, sql: str, args: list[Any]) -> list[str]:
    return [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, args)]


def index_columns(conn: Any, name: str) -> set[str]:
    return {r[2] for r in conn.execute(f"PRAGMA index_info({name})") if r[2]}  # noqa: S608 (a name from the plan)


def check_index_backed(conn: Any, sql: str, args: list[Any], wanted: set[str]) -> str:
    steps = [s for s in plan(conn, sql, args) if re.match(r"(SCAN|SEARCH) events\b", s)]
    assert steps, plan(conn, sql, args)
    for s in steps:
        if s == "SEARCH events USING INTEGER PRIMARY KEY (rowid=?)":  # reading the rows of the page
            continue
        m = re.search(r"USING (?:COVERING )?INDEX (\w+)", s)
        assert m, f"full scan of events: {s}"
        missing = wanted - index_columns(conn, m.group(1))
        assert not missing, f"{s}: the index lacks {sorted(missing)}, so rows are read to test them"
    return " / ".join(steps)


@pytest.mark.parametrize("combo", COMBOS)
def test_filtered_list_and_count_are_index_backed_at_1m(store_1m: Store, combo: str) -> None:
    f = parse_event_filters(params(COMBOS[combo]))
    wanted = {"background"} | set().union(*(cols for k, cols in FILTER_COLUMNS.items() if f.get(k)))
    spy = Spy(store_1m.conn)
    store_1m.conn = spy  # type: ignore[assignment]
    try:
        list(store_1m.events(**f, limit=100, offset=0, order="date"))  # the page /api/events returns
        count_events(spy, f, store_1m.has_fts, COUNT_CAP)  # and its total
    finally:
        store_1m.conn = spy.real
    main = [(sql, args) for sql, args in spy.seen if sql.startswith(("SELECT * FROM events", "SELECT COUNT(*)"))]
    assert len(main) == 2, spy.seen
    for sql, args in main:
        check_index_backed(store_1m.conn, sql, args, wanted)


def test_date_floor_keeps_long_reports(tmp_path: Path) -> None:
    """The date_start floor (since minus the longest stored range) changes no answer: a report that
    began months before ``since`` and runs past it is still listed and counted."""
    from dataclasses import replace

    from sitroom.api_query import with_start_floor
    from sitroom.records import ResolvedDate
    from sitroom.store_index import start_floor

    with Store(tmp_path / "floor.db") as st:
        assert start_floor(st.conn, "2021-06-15") == "2021-06-15"  # empty store: no range longer than a day
        wide = replace(event("monthly", "Monthly report.", event_id="evt_wide"),
                       date=ResolvedDate("2021-03-01", "2021-06-30", "month", "since March", "published"))
        st.add_result(result("monthly", "Monthly report.", (wide,)))
        st.add_result(result("daily", "Daily report.", (event("daily", "Daily report.", day="2021-06-01",
                                                              event_id="evt_day"),)))
        st.add_result(result("undated", "Undated report.", (event("undated", "Undated report.", day=None,
                                                                  event_id="evt_nodate"),)))
        assert start_floor(st.conn, "2021-06-15") == "2021-02-14"  # the longest range: 121 days
        for since, until, want in (("2021-06-15", None, {"evt_wide"}), ("2021-06-01", "2021-06-01",
                                                                        {"evt_wide", "evt_day"}),
                                   ("2021-07-01", None, set())):
            got = {r["event_id"] for r in st.events(since=since, until=until, limit=100)}
            assert got == want, (since, until, got)
            f = parse_event_filters(params(f"since={since}" + (f"&until={until}" if until else "")))
            assert count_events(st.conn, f, st.has_fts, COUNT_CAP) == len(want)
            assert with_start_floor(st.conn, f).get("starts_from") == start_floor(st.conn, since)


# sqlite_stat1 of the summary tables of the same 1M-event store after migration 5
SUMMARY_STAT1_1M = [
    ("event_summary", "event_summary", "51813 142 24 24 2 1"),
    ("event_summary", "event_summary_country", "51813 4318 720 720 360 1 1 1 1 1"),
    ("event_summary", "event_summary_type", "51813 8636 8636 4318 360 15 2 1 1"),
    ("event_summary", "event_summary_first", "26280 57"),
    ("event_summary", "event_summary_last", "26280 55"),
    ("event_summary_weeks", "event_summary_weeks", "4380 12 2 1"),
    ("event_summary_types", "event_summary_types", "12 2 2 1"),
    ("event_summary_countries", "event_summary_countries", "24 2 1"),
]


@pytest.mark.parametrize("analysed", [False, True])
def test_stats_read_rollups_and_indexes(tmp_path: Path, analysed: bool) -> None:
    """/api/stats from the summary: without a type/country filter the roll-ups (migration 5) and one
    probe each for the first/last day; with one, the summary's country index, never a full scan of
    event_summary, with no statistics or with those of the 1M-event store."""
    from sitroom.api_query import stats_from_summary

    with Store(tmp_path / "stats.db") as st:
        for i in range(3):
            st.add_result(result(f"d{i}", f"Report {i}.", (event(f"d{i}", f"Report {i}."),)))
        if analysed:
            st.conn.execute("ANALYZE")
            st.conn.execute("DELETE FROM sqlite_stat1 WHERE tbl LIKE 'event_summary%'")
            st.conn.executemany("INSERT INTO sqlite_stat1 VALUES (?, ?, ?)", SUMMARY_STAT1_1M)
            st.conn.execute("ANALYZE sqlite_schema")
        for f, want in (({"background": False}, "event_summary_weeks"),
                        ({"background": False, "country": "NG", "types": ["Battles"]}, "event_summary_country")):
            spy = Spy(st.conn)
            stats_from_summary(spy, f)  # type: ignore[arg-type]
            steps = [s for sql, args in spy.seen if "event_summary" in sql for s in plan(st.conn, sql, args)]
            assert any(want in s for s in steps), steps
            assert "SCAN event_summary" not in steps, steps  # never the whole summary
