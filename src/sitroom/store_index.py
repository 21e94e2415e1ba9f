"""SQLite-only speed-ups of the store: the FTS5 trigram index over ``events.search_text``, the
``event_summary`` table behind statistics (both created by store migration 2 and kept in sync by
triggers), and the SQL fragments that filter by event type and by text.
"""
from __future__ import annotations

import logging
import math
import sqlite3
from collections.abc import Sequence
from datetime import date, timedelta

log = logging.getLogger(__name__)


def _like(s: str) -> str:
    return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# Week (Monday) of an ISO date in SQL, as api_query.week_of; '' when there is none.
_WEEK = "COALESCE(date(substr({r}.date_start, 1, 10), 'weekday 0', '-6 days'), '')"
_SUMMARY_KEY = ("week = " + _WEEK + " AND event_type = {r}.event_type"
                " AND sub_event_type = COALESCE({r}.sub_event_type, '')"
                " AND country = COALESCE({r}.country, '') AND background = {r}.background")
_SUMMARY_ADD = (
    "INSERT INTO event_summary (week, event_type, sub_event_type, country, background, n, fatalities, first_day,"
    " last_day) VALUES (" + _WEEK + ", {r}.event_type, COALESCE({r}.sub_event_type, ''), COALESCE({r}.country, ''),"
    " {r}.background, 1, COALESCE({r}.fatalities_best, 0), NULLIF({r}.date_start, ''), NULLIF({r}.date_start, ''))"
    " ON CONFLICT (week, event_type, sub_event_type, country, background) DO UPDATE SET n = n + 1,"
    " fatalities = fatalities + excluded.fatalities,"
    " first_day = min(COALESCE(first_day, excluded.first_day), COALESCE(excluded.first_day, first_day)),"
    " last_day = max(COALESCE(last_day, excluded.last_day), COALESCE(excluded.last_day, last_day));")
_SUMMARY_SUB = (
    "UPDATE event_summary SET n = n - 1, fatalities = fatalities - COALESCE({r}.fatalities_best, 0)"
    " WHERE " + _SUMMARY_KEY + ";"
    " DELETE FROM event_summary WHERE " + _SUMMARY_KEY + " AND n <= 0;"
    " UPDATE event_summary SET"
    " first_day = (SELECT min(NULLIF(e.date_start, '')) FROM events e WHERE {grp}),"
    " last_day = (SELECT max(NULLIF(e.date_start, '')) FROM events e WHERE {grp})"
    " WHERE " + _SUMMARY_KEY + " AND ({r}.date_start = first_day OR {r}.date_start = last_day);")
_SUMMARY_GROUP = ("e.date_start >= event_summary.week AND e.date_start < COALESCE(date(event_summary.week,"
                  " '+7 days'), 'zzzz') AND " + _WEEK.format(r="e") + " = event_summary.week"
                  " AND e.event_type = event_summary.event_type"
                  " AND COALESCE(e.sub_event_type, '') = event_summary.sub_event_type"
                  " AND COALESCE(e.country, '') = event_summary.country AND e.background = event_summary.background")
_SUMMARY_COLS = "date_start, event_type, sub_event_type, country, background, fatalities_best"

# Version 2 (SQLite only; PostgreSQL stores record the version and skip it): an FTS5 trigram index over
# events.search_text (substring search, same answers as LIKE for 3+ characters) and a per week/type/
# sub-type/country/background summary for statistics, both kept in sync by triggers. NULL keys are ''.
_SQLITE_V2 = [
    "CREATE TABLE event_summary (week TEXT NOT NULL, event_type TEXT NOT NULL, sub_event_type TEXT NOT NULL,"
    " country TEXT NOT NULL, background INTEGER NOT NULL, n INTEGER NOT NULL, fatalities INTEGER NOT NULL,"
    " first_day TEXT, last_day TEXT, PRIMARY KEY (week, event_type, sub_event_type, country, background))"
    " WITHOUT ROWID",
    "CREATE INDEX event_summary_country ON event_summary(country, event_type, sub_event_type, background, week, n,"
    " fatalities, first_day, last_day)",
    "CREATE INDEX event_summary_type ON event_summary(event_type, sub_event_type, background, country, n,"
    " fatalities, first_day, last_day)",
    "INSERT INTO event_summary SELECT " + _WEEK.format(r="events") + ", event_type, COALESCE(sub_event_type, ''),"
    " COALESCE(country, ''), background, COUNT(*), COALESCE(SUM(fatalities_best), 0),"
    " min(NULLIF(date_start, '')), max(NULLIF(date_start, '')) FROM events GROUP BY 1, 2, 3, 4, 5",
    "CREATE TRIGGER events_summary_ai AFTER INSERT ON events BEGIN " + _SUMMARY_ADD.format(r="new") + " END",
    "CREATE TRIGGER events_summary_ad AFTER DELETE ON events BEGIN "
    + _SUMMARY_SUB.format(r="old", grp=_SUMMARY_GROUP) + " END",
    f"CREATE TRIGGER events_summary_au AFTER UPDATE OF {_SUMMARY_COLS} ON events BEGIN "
    + _SUMMARY_SUB.format(r="old", grp=_SUMMARY_GROUP) + " " + _SUMMARY_ADD.format(r="new") + " END",
]
_SQLITE_V2_FTS = [
    "CREATE VIRTUAL TABLE events_fts USING fts5(search_text, content='events', content_rowid='rowid',"
    " tokenize='trigram')",
    "INSERT INTO events_fts(events_fts) VALUES ('rebuild')",
    "CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN"
    " INSERT INTO events_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN"
    " INSERT INTO events_fts(events_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END",
    "CREATE TRIGGER events_fts_au AFTER UPDATE OF search_text ON events BEGIN"
    " INSERT INTO events_fts(events_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);"
    " INSERT INTO events_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
]


def _fts5_trigram_available(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.sitroom_fts_probe USING fts5(x, tokenize='trigram')")
        conn.execute("DROP TABLE temp.sitroom_fts_probe")
        return True
    except sqlite3.OperationalError:
        return False


def sqlite_v2(conn: sqlite3.Connection) -> None:
    stmts = list(_SQLITE_V2)
    if _fts5_trigram_available(conn):
        stmts += _SQLITE_V2_FTS
    else:
        log.warning("SQLite has no FTS5 trigram tokenizer: text search stays a scan")
    for stmt in stmts:
        conn.execute(stmt)


# Version 5 (SQLite): the longest date range of any report, readable from an index in O(log n), turns the
# overlap test of ``since`` into a bounded window of date_start (see ``start_floor``). Reports without a
# start count 0; a date julianday() cannot read counts as unbounded (the window is then not narrowed).
SPAN_EXPR = ("CASE WHEN date_start IS NULL THEN 0 ELSE COALESCE(julianday(COALESCE(date_end, date_start))"
             " - julianday(date_start), 1e9) END")
# Statistics without a type/country filter: roll-ups of event_summary by (week, type), (type, sub-type)
# and (country), each with background, kept in sync by triggers on event_summary (its keys never
# change; only n and fatalities do). At 1M events event_summary has 51,813 rows; the roll-ups 4,380,
# 12 and 24. The first and last day are one probe each of a partial index.
ROLLUPS = {"event_summary_weeks": ("week", "event_type", "background"),
           "event_summary_types": ("event_type", "sub_event_type", "background"),
           "event_summary_countries": ("country", "background")}


def _rollup_sql(table: str, keys: tuple[str, ...]) -> list[str]:
    """DDL of one roll-up; ``table`` and ``keys`` are the fixed names of ``ROLLUPS``."""
    cols = ", ".join(keys)
    key_defs = ", ".join(f"{k} {'INTEGER' if k == 'background' else 'TEXT'} NOT NULL" for k in keys)
    new_keys = ", ".join("new." + k for k in keys)
    on_new = " AND ".join(f"{k} = new.{k}" for k in keys)
    on_old = " AND ".join(f"{k} = old.{k}" for k in keys)
    return [
        f"CREATE TABLE {table} ({key_defs}, n INTEGER NOT NULL, fatalities INTEGER NOT NULL, PRIMARY KEY ({cols}))"
        " WITHOUT ROWID",
        f"INSERT INTO {table} SELECT {cols}, SUM(n), SUM(fatalities) FROM event_summary GROUP BY {cols}",
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON event_summary BEGIN INSERT INTO {table} ({cols}, n, fatalities)"
        f" VALUES ({new_keys}, new.n, new.fatalities) ON CONFLICT ({cols}) DO UPDATE SET"
        " n = n + excluded.n, fatalities = fatalities + excluded.fatalities; END",
        f"CREATE TRIGGER {table}_au AFTER UPDATE OF n, fatalities ON event_summary BEGIN UPDATE {table} SET"
        f" n = n + new.n - old.n, fatalities = fatalities + new.fatalities - old.fatalities WHERE {on_new}; END",
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON event_summary BEGIN UPDATE {table} SET n = n - old.n,"
        f" fatalities = fatalities - old.fatalities WHERE {on_old};"
        f" DELETE FROM {table} WHERE {on_old} AND n <= 0; END",
    ]


_SQLITE_V5 = [
    "CREATE INDEX events_span ON events(" + SPAN_EXPR + ")",
    # partial: only the first/last day of the unfiltered statistics is read from them
    "CREATE INDEX event_summary_first ON event_summary(first_day) WHERE background = 0",
    "CREATE INDEX event_summary_last ON event_summary(last_day) WHERE background = 0",
    *(stmt for name, keys in ROLLUPS.items() for stmt in _rollup_sql(name, keys)),
]
MAX_SPAN_DAYS = 36600  # a longer (or unreadable) range leaves the window unbounded


def sqlite_v5(conn: sqlite3.Connection) -> None:
    for stmt in _SQLITE_V5:
        conn.execute(stmt)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        # an analysed store: statistics of the old indexes without the new ones steer the planner wrong
        for table in ("events", "event_summary", *ROLLUPS):
            conn.execute(f"ANALYZE {table}")  # fixed names


def start_floor(conn: sqlite3.Connection, since: str | None) -> str | None:
    """The earliest ``date_start`` a report can have and still end on or after ``since``: ``since``
    minus the longest stored date range (one index probe). With it, ``date_start >= floor AND
    date_start <= until`` bounds the date indexes from both sides, where the overlap test
    ``COALESCE(date_end, date_start) >= since`` alone cannot. None when unknown (no index, no
    readable date, or a range too long to help): the caller then adds no bound. SQLite only."""
    if not since or hasattr(conn, "raw"):  # store_pg.PgConnection: no julianday(), no events_span
        return None
    try:
        row = conn.execute(f"SELECT max({SPAN_EXPR}) FROM events INDEXED BY events_span").fetchone()  # noqa: S608
    except sqlite3.OperationalError:  # a store from before migration 5 (no such index)
        return None
    span = max(0.0, float(row[0] or 0.0)) if row else 0.0
    if span > MAX_SPAN_DAYS:
        return None
    try:
        return (date.fromisoformat(since[:10]) - timedelta(days=math.ceil(span))).isoformat()
    except (ValueError, OverflowError):
        return None


MIN_FTS_CHARS = 3  # trigram index: shorter search strings are scanned
FTS_PROBE = 5000  # a page of search results: up to this many matches are looked up by row id


# The six ACLED event types of spec/records.md, as stored.
EVENT_TYPES = ("Battles", "Violence against civilians", "Explosions/Remote violence", "Protests", "Riots",
               "Strategic developments")
_CANON_TYPES = {t.lower(): t for t in EVENT_TYPES}


def type_filter(types: Sequence[str], indexed: bool = True) -> tuple[str, list[str]]:
    """Event types matched case-insensitively. Known types compare canonical values (the index works);
    others fall back to ``lower(event_type)``. ``indexed=False`` keeps the planner off the type index
    (``event_type || ''``, valid in SQLite and PostgreSQL) when another filter is the selective one."""
    canon = _CANON_TYPES
    known = sorted({canon[t.lower()] for t in types if t.lower() in canon})
    other = sorted({t.lower() for t in types if t.lower() not in canon})
    parts = []
    col = "event_type" if indexed else "event_type || ''"
    if known:
        parts.append(f"{col} IN ({','.join('?' * len(known))})")
    if other:
        parts.append(f"lower(event_type) IN ({','.join('?' * len(other))})")
    return "(" + " OR ".join(parts) + ")", known + other


def fts_phrase(text: str) -> str:
    """``text`` as one FTS5 phrase (for ``events_fts MATCH ?``): a trigram substring match."""
    return '"' + text.lower().replace('"', '""') + '"'


def text_filter(text: str, fts: bool, conn: sqlite3.Connection | None = None) -> tuple[str, list[str]]:
    """Substring filter on ``search_text`` (case-insensitive): the FTS5 trigram index when there is one
    and the text has at least ``MIN_FTS_CHARS`` characters, else a LIKE scan. Same answers either way.

    With ``conn`` (for a page of results), the index is probed first: up to ``FTS_PROBE`` matches are
    inlined as row ids. With more, at least one report in ``N / FTS_PROBE`` matches, and rows are
    tested with LIKE while the ordered index is walked until the page is full: reading every match
    from the FTS index instead (the old way) took 150 ms for 'houthis' (200,000 of 1M events)."""
    t = text.lower()
    if fts and len(t) >= MIN_FTS_CHARS:
        match = fts_phrase(t)
        sub = "rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)"
        if conn is None:
            return sub, [match]
        ids = [int(r[0]) for r in conn.execute("SELECT rowid FROM events_fts WHERE events_fts MATCH ? LIMIT ?",
                                               (match, FTS_PROBE + 1))]
        if len(ids) <= FTS_PROBE:
            return f"rowid IN ({','.join(map(str, ids))})", []  # integers read from the index
    return "search_text LIKE ? ESCAPE '\\'", [_like(t)]
