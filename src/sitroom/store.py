"""SQLite store for documents and what was extracted from them.

``Store(path)`` opens (or creates) a database in WAL mode and applies the
registered migrations. Raw documents and derived rows live in separate tables:

* ``documents`` - id, content_hash (sha256 of the normalised text), text, metadata
* ``events`` - one row per event report; ``report_id`` (the extractor's ``rep_…`` id, see
  ``report_id``; older stores hold ``rpt_…`` ids, still found by them) is the primary key, ``event_id`` links
  reports of one real event; nested fields as JSON plus flat indexed columns
* ``quotes``, ``claims`` - per document, in document order
* ``errors`` - one row per document problem (ingest, nlp, extract, store)
* ``meta`` / ``migrations`` - schema version and the migrations applied
* ``events_fts``, ``event_summary`` - search index and statistics summary (SQLite only,
  trigger-maintained; see ``store_index``)

``add_result`` writes one document and everything derived from it in one
transaction: re-adding the same text is a no-op (returns False), a changed text
replaces that document's rows. Every query is parameterised.
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .ingest import content_hash
from .records import Claim, DocumentError, DocumentResult, EventReport, Quote
from .store_index import (  # noqa: F401 (re-exported)
    EVENT_TYPES,
    MIN_FTS_CHARS,
    fts_phrase,
    sqlite_v2,
    sqlite_v5,
    start_floor,
    text_filter,
    type_filter,
)

log = logging.getLogger(__name__)

ALL_KINDS = ("events", "quotes", "claims")
EARTH_KM = 6371.0088

_SCHEMA_V1 = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    published TEXT,
    published_basis TEXT,
    published_json TEXT,
    url TEXT, title TEXT, outlet TEXT, language TEXT, source_path TEXT,
    extracted TEXT NOT NULL DEFAULT '',
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_hash ON documents(content_hash);
CREATE TABLE events (
    report_id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    sub_event_type TEXT,
    actor1 TEXT, actor1_mention TEXT, actor2 TEXT, actor2_mention TEXT,
    claimed_by TEXT,
    date_json TEXT, location_json TEXT, fatalities_json TEXT,
    evidence_json TEXT NOT NULL, sources_json TEXT NOT NULL, trigger_json TEXT,
    date_start TEXT, date_end TEXT, date_precision TEXT,
    location_name TEXT, country TEXT, admin1 TEXT, lat REAL, lon REAL,
    fatalities_best INTEGER,
    background INTEGER NOT NULL DEFAULT 0,
    confidence REAL,
    search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_event_id ON events(event_id);
CREATE INDEX events_doc ON events(doc_id, seq);
CREATE INDEX events_type ON events(event_type, sub_event_type);
CREATE INDEX events_date ON events(date_start, date_end);
CREATE INDEX events_latlon ON events(lat, lon);
CREATE INDEX events_country ON events(country);
CREATE INDEX events_fatalities ON events(fatalities_best);
CREATE TABLE quotes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    speaker TEXT, speaker_mention TEXT, speaker_role TEXT,
    text TEXT NOT NULL, direct INTEGER NOT NULL,
    start INTEGER, "end" INTEGER, confidence REAL,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX quotes_speaker ON quotes(speaker);
CREATE TABLE claims (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    subject TEXT, value_low REAL, value_high REAL, unit TEXT, source TEXT,
    text TEXT NOT NULL, start INTEGER, "end" INTEGER, event_id TEXT, confidence REAL,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX claims_source ON claims(source);
CREATE TABLE errors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT, source TEXT, stage TEXT NOT NULL, code TEXT NOT NULL,
    message TEXT, fatal INTEGER NOT NULL DEFAULT 1, at TEXT NOT NULL
);
CREATE INDEX errors_doc ON errors(doc_id);
CREATE UNIQUE INDEX errors_once ON errors(doc_id, source, stage, code, message);
"""

# (version, name, SQL). Append new migrations; never edit an applied one.
MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "initial schema", _SCHEMA_V1),
    (2, "search index and statistics summary (SQLite)", ""),
    (3, "indexes for the default event order and country/type filters",
     "CREATE INDEX events_order_date ON events((date_start IS NULL), date_start, date_end, doc_id, seq);"
     " CREATE INDEX events_country_type ON events(country, event_type, date_start)"),
    (4, "indexes for the date windows of cross-document candidates",
     "CREATE INDEX events_date_geo ON events(date_start, lat, lon);"
     " CREATE INDEX events_unplaced ON events(date_start) WHERE location_json IS NULL"),
    # Every column the common filters test (country, type, date range, fatalities, background) is in
    # these indexes, so a report that fails the filter is rejected from the index without reading its
    # row: counts are index-only, and a page of results (walking the date order or searching by
    # country/type, then sorting keys) reads only the rows it returns. They replace the indexes they
    # begin with (events_country, events_country_type, events_type, events_date) and the narrower
    # events_order_date. SQLite also gets events_span, roll-ups of event_summary and, when the store
    # was analysed, fresh statistics (store_index.sqlite_v5).
    (5, "covering indexes for the country/type/date/fatalities filters",
     "DROP INDEX IF EXISTS events_country_type;"
     " DROP INDEX IF EXISTS events_country;"
     " DROP INDEX IF EXISTS events_type;"
     " DROP INDEX IF EXISTS events_date;"
     " DROP INDEX IF EXISTS events_order_date;"
     " CREATE INDEX IF NOT EXISTS events_order_date ON events((date_start IS NULL), date_start, date_end, doc_id, seq,"
     " event_type, country, fatalities_best, background);"
     " CREATE INDEX IF NOT EXISTS events_country_filter ON events(country, event_type, date_start, date_end, fatalities_best,"
     " background, doc_id, seq);"
     " CREATE INDEX IF NOT EXISTS events_type_filter ON events(event_type, date_start, date_end, fatalities_best, background,"
     " country, doc_id, seq)"),
    (6, "ACLED inter codes and the typing reason of each report",
     "ALTER TABLE events ADD COLUMN typing_json TEXT"),
    (7, "what a numeric claim counts (claims.kind: killed, wounded, arrested, displaced, abducted, missing,"
        " other)", "ALTER TABLE claims ADD COLUMN kind TEXT"),
]
# SQLite-only steps run (in the same transaction) after a migration's portable SQL.
SQLITE_STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {2: sqlite_v2, 5: sqlite_v5}
SCHEMA_VERSION = MIGRATIONS[-1][0]

_ORDER = {
    "date": "date_start IS NULL, date_start, date_end, doc_id, seq",
    "-date": "date_start IS NULL, date_start DESC, doc_id, seq",
    "fatalities": "fatalities_best IS NULL, fatalities_best DESC, date_start, doc_id, seq",
    "doc": "doc_id, seq",
}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dumps(v: Any) -> str | None:
    return None if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True)


def _loads(v: str | None) -> Any:
    return None if v is None else json.loads(v)


def _like(s: str) -> str:
    return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def report_id(doc_hash: str, event: EventReport) -> str:
    """The report's id: the one extraction gave it (``rep_…``, what ``sitroom extract`` prints), so an
    id read in extract output finds the stored report; for a report built without one, a content
    hash of the document hash and the report's own fields, in the same ``rep_`` + 16 hex scheme."""
    if event.report_id:
        return event.report_id
    d = event.to_dict()
    d.pop("event_id", None)
    d.pop("report_id", None)
    payload = doc_hash + json.dumps(d, sort_keys=True, ensure_ascii=False)
    return "rep_" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


LOCK_TIMEOUT_S = 60.0  # how long a connection waits for another writer's lock

class Store:
    """A sitroom database. Use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path, *, check_same_thread: bool = True) -> None:
        self.path = str(path)
        # a second writer (another ingest, the API) waits for the lock instead of failing after
        # sqlite's 5 s default: on a loaded 2-core machine migrations and commits can take longer
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=check_same_thread,
                                    timeout=LOCK_TIMEOUT_S)
        self.conn.row_factory = sqlite3.Row
        self._open_with_retry()
        self.has_fts = self._has_table("events_fts")
        self.has_summary = self._has_table("event_summary")
        self.has_span = self._has_table("events_span")

    def _open_with_retry(self) -> None:
        """Switch to WAL and apply migrations, retrying while another process holds the lock.

        SQLite answers "database is locked" at once, without its busy handler, when two processes
        switch a brand-new file to WAL or create its first tables at the same moment; each step is
        idempotent, so it is retried until LOCK_TIMEOUT_S has passed (then the error is raised)."""
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        delay = 0.05
        while True:
            try:
                if self.path != ":memory:":
                    self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA foreign_keys=ON")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self._migrate()
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e):
                    raise
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if time.monotonic() + delay > deadline:
                    raise
                log.debug("store %s locked while opening, retrying: %s", self.path, e)
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    def _has_table(self, name: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None

    # ------------------------------------------------------------ plumbing
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def _migrate(self) -> None:
        c = self.conn
        c.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        c.execute("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
        row = c.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        current = int(row[0]) if row else 0
        if current > SCHEMA_VERSION:
            raise RuntimeError(f"database schema {current} is newer than this sitroom ({SCHEMA_VERSION})")
        for version, name, sql in MIGRATIONS:
            if version <= current:
                continue
            c.execute("BEGIN IMMEDIATE")
            try:
                row = c.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
                if row and int(row[0]) >= version:  # another process applied it meanwhile
                    c.execute("COMMIT")
                    continue
                for stmt in sql.split(";"):
                    if stmt.strip():
                        c.execute(stmt)
                if version in SQLITE_STEPS:
                    SQLITE_STEPS[version](c)
                c.execute("INSERT INTO migrations VALUES (?, ?, ?)", (version, name, _now()))
                c.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(version),))
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise
            log.info("applied migration %d: %s", version, name)

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0

    # ------------------------------------------------------------ writing
    def is_current(self, doc_id: str, text: str, what: Iterable[str] = ALL_KINDS) -> bool:
        """True when this document, with this text, is stored with (at least) these kinds extracted."""
        row = self.conn.execute("SELECT content_hash, extracted FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None or row["content_hash"] != content_hash(text):
            return False
        return set(what) <= set(filter(None, row["extracted"].split(",")))

    def add_result(self, result: DocumentResult, *, what: Iterable[str] = ALL_KINDS,
                   force: bool = False) -> bool:
        """Store one document and its derived rows in one transaction. False when nothing changed."""
        what = tuple(k for k in ALL_KINDS if k in set(what))
        doc = result.document
        if not force and self.is_current(doc.id, doc.text, what):
            return False
        h = content_hash(doc.text)
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            row = c.execute("SELECT content_hash, extracted FROM documents WHERE id=?", (doc.id,)).fetchone()
            kinds = set(what)
            if row is not None and row["content_hash"] == h:
                kinds |= set(filter(None, row["extracted"].split(",")))
            if row is not None and row["content_hash"] != h:  # changed text: drop every derived row
                for table in ALL_KINDS:
                    c.execute(f"DELETE FROM {table} WHERE doc_id=?", (doc.id,))  # noqa: S608 (fixed names)
            else:
                for table in what:
                    c.execute(f"DELETE FROM {table} WHERE doc_id=?", (doc.id,))  # noqa: S608
            p = doc.published
            c.execute(
                "INSERT INTO documents (id, content_hash, text, published, published_basis, published_json, url,"
                " title, outlet, language, source_path, extracted, ingested_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
                " content_hash=excluded.content_hash, text=excluded.text, published=excluded.published,"
                " published_basis=excluded.published_basis, published_json=excluded.published_json,"
                " url=excluded.url, title=excluded.title, outlet=excluded.outlet, language=excluded.language,"
                " source_path=excluded.source_path, extracted=excluded.extracted, ingested_at=excluded.ingested_at",
                (doc.id, h, doc.text, p.date, p.basis,
                 _dumps({"date": p.date, "basis": p.basis, "earliest": p.earliest, "latest": p.latest,
                         "evidence": p.evidence}),
                 doc.url, doc.title, doc.outlet, doc.language, doc.source_path,
                 ",".join(k for k in ALL_KINDS if k in kinds), _now()))
            if "events" in what:
                self._insert_events(h, result.events)
            if "quotes" in what:
                c.executemany(
                    'INSERT INTO quotes (doc_id, seq, speaker, speaker_mention, speaker_role, text, direct,'
                    ' start, "end", confidence) VALUES (?,?,?,?,?,?,?,?,?,?)',
                    [_quote_row(doc.id, i, q) for i, q in enumerate(result.quotes)])
            if "claims" in what:
                c.executemany(
                    'INSERT INTO claims (doc_id, seq, subject, value_low, value_high, unit, source, text,'
                    ' start, "end", event_id, confidence, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
                    [_claim_row(doc.id, i, cl) for i, cl in enumerate(result.claims)])
            c.execute("DELETE FROM errors WHERE doc_id=?", (doc.id,))  # earlier problems are now resolved
            for err in result.errors:
                self._insert_error(err)
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return True

    def _insert_events(self, doc_hash: str, events: Sequence[EventReport]) -> None:
        seen: dict[str, int] = {}
        rows = []
        for seq, ev in enumerate(events):
            rid = report_id(doc_hash, ev)
            if rid in seen:  # identical reports within one document
                seen[rid] += 1
                rid = f"{rid}.{seen[rid]}"
            else:
                seen[rid] = 0
            rows.append(_event_row(rid, seq, ev))
        self.conn.executemany(
            "INSERT INTO events (report_id, event_id, doc_id, seq, event_type, sub_event_type, actor1,"
            " actor1_mention, actor2, actor2_mention, claimed_by, date_json, location_json, fatalities_json,"
            " evidence_json, sources_json, trigger_json, date_start, date_end, date_precision, location_name,"
            " country, admin1, lat, lon, fatalities_best, background, confidence, search_text, typing_json)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)

    def _insert_error(self, err: DocumentError) -> None:
        self.conn.execute(
            "INSERT INTO errors (doc_id, source, stage, code, message, fatal, at) VALUES (?,?,?,?,?,?,?)"
            " ON CONFLICT(doc_id, source, stage, code, message) DO UPDATE SET at=excluded.at, fatal=excluded.fatal",
            (err.doc_id, err.source, err.stage, err.code, err.message, int(err.fatal), _now()))

    def add_error(self, err: DocumentError) -> None:
        """Record one document problem (its own transaction)."""
        self._insert_error(err)

    # ------------------------------------------------------------ reading
    def events(self, *, since: str | None = None, until: str | None = None,
               types: Sequence[str] | None = None, sub_types: Sequence[str] | None = None,
               actor: str | None = None, country: str | None = None,
               near: tuple[float, float, float] | None = None,
               bbox: tuple[float, float, float, float] | None = None,
               min_fatalities: int | None = None, text: str | None = None,
               background: bool = False, doc_id: str | None = None, event_id: str | None = None,
               limit: int | None = None, offset: int = 0, order: str = "date",
               starts_from: str | None = None, unplaced: bool = False) -> Iterator[dict[str, Any]]:
        """Event reports matching every given filter, as records.md dicts.

        ``since``/``until``: ISO dates; a report matches when its date range overlaps.
        ``starts_from``: only reports whose range starts on or after this ISO date; with
        ``until`` it bounds the date index from both sides (an overlap test alone cannot),
        so the date window, not the type, drives the query. ``unplaced``: only reports
        without a location.
        ``near``: (lat, lon, km). ``bbox``: (min_lon, min_lat, max_lon, max_lat).
        ``background=False`` leaves out background mentions.
        """
        where: list[str] = []
        args: list[Any] = []
        if since:
            where.append("COALESCE(date_end, date_start) >= ?")
            args.append(since)
        if until:
            where.append("date_start <= ?")
            args.append(until)
        if starts_from:
            where.append("date_start >= ?")
            args.append(starts_from)
        elif since and getattr(self, "has_span", False) and (floor := start_floor(self.conn, since)):
            # SQLite: "since" minus the longest stored date range, so the date indexes are bounded
            where.append("date_start >= ?")
            args.append(floor)
        if unplaced:
            where.append("location_json IS NULL")
        if types:
            sql_, targs = type_filter(types, indexed=not starts_from)
            where.append(sql_)
            args.extend(targs)
        if sub_types:
            where.append(f"lower(sub_event_type) IN ({','.join('?' * len(sub_types))})")
            args.extend(t.lower() for t in sub_types)
        if actor:
            where.append("(" + " OR ".join(f"{col} LIKE ? ESCAPE '\\'" for col in
                                           ("actor1", "actor2", "actor1_mention", "actor2_mention")) + ")")
            args.extend([_like(actor)] * 4)
        if country:
            where.append("country = ?")
            args.append(country.upper())
        if min_fatalities is not None:
            # SQLite, with a country or type: an index led by them tests the toll inside it (migration 5);
            # the unary + keeps the planner off indexes led by the toll, which read every matching row
            steer = (country or types) and not hasattr(self.conn, "raw")  # (not store_pg)
            where.append(("+" if steer else "") + "fatalities_best >= ?")
            args.append(int(min_fatalities))
        if text:
            sql_, targs = text_filter(text, getattr(self, "has_fts", False),
                                      self.conn if limit is not None and not near else None)
            where.append(sql_)
            args.extend(targs)
        if not background:  # never selective: the unary + keeps indexes led by it from being chosen
            where.append("+background = 0")
        if doc_id:
            where.append("doc_id = ?")
            args.append(doc_id)
        if event_id:
            where.append("event_id = ?")
            args.append(event_id)
        if bbox:
            min_lon, min_lat, max_lon, max_lat = (float(v) for v in bbox)
            where.append("lat BETWEEN ? AND ?")
            args += [min_lat, max_lat]
            if min_lon <= max_lon:
                where.append("lon BETWEEN ? AND ?")
                args += [min_lon, max_lon]
            else:  # crosses the antimeridian
                where.append("(lon >= ? OR lon <= ?)")
                args += [min_lon, max_lon]
        if near:
            lat0, lon0, radius = (float(v) for v in near)
            dlat = radius / 111.0
            where.append("lat BETWEEN ? AND ?")
            args += [lat0 - dlat, lat0 + dlat]
            coslat = math.cos(math.radians(min(89.9, abs(lat0) + dlat)))
            dlon = radius / (111.320 * max(coslat, 1e-6))
            if dlon < 180:
                lo, hi = lon0 - dlon, lon0 + dlon
                if lo < -180 or hi > 180:
                    where.append("(lon >= ? OR lon <= ?)")
                    args += [(lo + 540) % 360 - 180, (hi + 540) % 360 - 180]
                else:
                    where.append("lon BETWEEN ? AND ?")
                    args += [lo, hi]
        try:
            order_sql = _ORDER[order]
        except KeyError:
            raise ValueError(f"order must be one of {sorted(_ORDER)}") from None
        sql = "SELECT * FROM events"
        if near and starts_from:  # a two-sided date window: place tests read from the index, not the rows
            sql += " INDEXED BY events_date_geo"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY " + order_sql
        if not near and (limit is not None or offset):
            sql += " LIMIT ? OFFSET ?"
            args += [-1 if limit is None else int(limit), int(offset)]
            if where and not hasattr(self.conn, "raw"):  # SQLite (not store_pg): keys first, then the page
                # the filter and the order are read from a covering index (migration 5) and only the
                # rows of the page are read from the table, however many reports match
                inner = sql.replace("SELECT *", "SELECT rowid", 1)
                sql = f"SELECT * FROM events WHERE rowid IN ({inner}) ORDER BY {order_sql}"
        rows: Iterable[sqlite3.Row] = self.conn.execute(sql, args)
        if near:
            rows = (r for r in rows if haversine_km(lat0, lon0, r["lat"], r["lon"]) <= radius)
            skipped = 0
            emitted = 0
            for r in rows:
                if skipped < offset:
                    skipped += 1
                    continue
                if limit is not None and emitted >= limit:
                    return
                emitted += 1
                yield _event_dict(r)
            return
        for r in rows:
            yield _event_dict(r)

    def candidates_for(self, ev: EventReport, *, km: float = 25.0, days: int = 2,
                       limit: int = 50, types: Sequence[str] | None = None,
                       max_span_days: int | None = None) -> list[dict[str, Any]]:
        """Stored reports of *other* documents that could be the same real event as ``ev``.

        Same event type (or one of ``types``), dates within ``days`` of each other, places within
        ``km``. With ``max_span_days``, reports whose date range is longer may be left out (they
        cannot link): the query then reads a narrow window of the date index however big the
        store grows.
        For ``xdoc_store.add_resolved``, which decides and reuses their ``event_id``.
        """
        if ev.date is None or ev.date.start is None or ev.location is None or ev.location.lat is None:
            return []
        from datetime import date, timedelta

        pad = timedelta(days=days)
        since = (date.fromisoformat(ev.date.start[:10]) - pad).isoformat()
        until = (date.fromisoformat((ev.date.end or ev.date.start)[:10]) + pad).isoformat()
        assert ev.location.lon is not None
        starts_from = None if max_span_days is None else \
            (date.fromisoformat(since) - timedelta(days=max_span_days)).isoformat()
        return [r for r in self.events(since=since, until=until, types=list(types or [ev.event_type]), background=True,
                                       near=(ev.location.lat, ev.location.lon, km), limit=limit + 50,
                                       starts_from=starts_from)
                if r["doc_id"] != ev.doc_id][:limit]

    def event(self, event_or_report_id: str) -> dict[str, Any] | None:
        """One real event with all its reports: ``{"event_id", "reports": [...]}``, or None."""
        rows = self.conn.execute(
            "SELECT * FROM events WHERE event_id = ? OR report_id = ? ORDER BY date_start, doc_id, seq",
            (event_or_report_id, event_or_report_id)).fetchall()
        if not rows:
            return None
        eid = rows[0]["event_id"]
        if any(r["event_id"] != eid for r in rows) or rows[0]["report_id"] == event_or_report_id:
            rows = self.conn.execute("SELECT * FROM events WHERE event_id = ? ORDER BY date_start, doc_id, seq",
                                     (eid,)).fetchall()
        return {"event_id": eid, "reports": [_event_dict(r) for r in rows]}

    def set_event_ids(self, report_event: dict[str, str]) -> int:
        """Regroup stored reports: ``{report_id: event_id}`` (one transaction). Returns event rows changed.

        The claims of a report's document that were linked to its old event id follow it."""
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            n = 0
            for rid, eid in sorted(report_event.items()):
                row = c.execute("SELECT doc_id, event_id FROM events WHERE report_id=?", (rid,)).fetchone()
                if row is None or row["event_id"] == eid:
                    continue
                n += c.execute("UPDATE events SET event_id=? WHERE report_id=?", (eid, rid)).rowcount
                c.execute("UPDATE claims SET event_id=? WHERE doc_id=? AND event_id=?", (eid, row["doc_id"],
                                                                                         row["event_id"]))
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return n

    def resolved_events(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """One row per real event (event_id) with a report matching ``filters`` (as ``events``), in the
        order of its first matching report: ``event_summary.summarise`` of *all* its reports (report count,
        fatalities low/best/high across reports, agreed date, most precise place, sources)."""
        from .event_summary import summarise_dicts

        seen: set[str] = set()
        for r in self.events(**filters):
            eid = r["event_id"]
            if eid in seen:
                continue
            seen.add(eid)
            found = self.event(eid)
            if found is None:  # pragma: no cover - deleted meanwhile
                continue
            reports = found["reports"]
            ids = sorted({d["doc_id"] for d in reports})
            meta = {row["id"]: (row["published"], row["outlet"]) for row in self.conn.execute(
                f"SELECT id, published, outlet FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids)}
            yield summarise_dicts(reports, {k: v[0] for k, v in meta.items()}, {k: v[1] for k, v in meta.items()})

    def quotes(self, speaker: str | None = None, doc_id: str | None = None) -> Iterator[dict[str, Any]]:
        where, args = [], []
        if speaker:
            where.append("(speaker LIKE ? ESCAPE '\\' OR speaker_mention LIKE ? ESCAPE '\\')")
            args += [_like(speaker)] * 2
        if doc_id:
            where.append("doc_id = ?")
            args.append(doc_id)
        sql = "SELECT * FROM quotes" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY doc_id, seq"
        for r in self.conn.execute(sql, args):
            yield {"doc_id": r["doc_id"], "speaker": r["speaker"], "speaker_mention": r["speaker_mention"],
                   "speaker_role": r["speaker_role"], "text": r["text"], "direct": bool(r["direct"]),
                   "start": r["start"], "end": r["end"], "confidence": r["confidence"]}

    def claims(self, source: str | None = None, doc_id: str | None = None,
               kind: str | None = None) -> Iterator[dict[str, Any]]:
        """Stored claims; ``kind``: only those counting this (killed, wounded, …; "other" includes
        claims stored before kinds were read, whose kind is unknown)."""
        where, args = [], []
        if source:
            where.append("source LIKE ? ESCAPE '\\'")
            args.append(_like(source))
        if kind:
            where.append("COALESCE(kind, 'other') = ?")
            args.append(kind)
        if doc_id:
            where.append("doc_id = ?")
            args.append(doc_id)
        sql = "SELECT * FROM claims" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY doc_id, seq"
        for r in self.conn.execute(sql, args):
            yield {"doc_id": r["doc_id"], "subject": r["subject"],
                   "value": {"low": _num(r["value_low"]), "high": _num(r["value_high"])},
                   "unit": r["unit"], "source": r["source"], "text": r["text"], "start": r["start"],
                   "end": r["end"], "event_id": r["event_id"], "confidence": r["confidence"],
                   "kind": r["kind"] or "other"}

    def documents(self) -> Iterator[dict[str, Any]]:
        """Document metadata (no text) with the number of event reports of each."""
        sql = ("SELECT d.id, d.content_hash, d.published, d.published_basis, d.url, d.title, d.outlet,"
               " d.language, d.source_path, d.extracted, d.ingested_at,"
               " (SELECT COUNT(*) FROM events e WHERE e.doc_id = d.id) AS n_events FROM documents d ORDER BY d.id")
        for r in self.conn.execute(sql):
            yield dict(r)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        r = self.conn.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone()
        if r is None:
            return None
        d = dict(r)
        d["published"] = _loads(d.pop("published_json")) or {"date": d["published"], "basis": d["published_basis"]}
        return d

    def errors(self, doc_id: str | None = None) -> Iterator[dict[str, Any]]:
        sql, args = "SELECT * FROM errors", []
        if doc_id:
            sql, args = sql + " WHERE doc_id = ?", [doc_id]
        for r in self.conn.execute(sql + " ORDER BY id", args):
            d = dict(r)
            d["fatal"] = bool(d["fatal"])
            yield d

    def counts(self) -> dict[str, int]:
        def one(sql: str) -> int:
            return int(self.conn.execute(sql).fetchone()[0])

        return {"documents": one("SELECT COUNT(*) FROM documents"),
                "event_reports": one("SELECT COUNT(*) FROM events"),
                "events": one("SELECT COUNT(DISTINCT event_id) FROM events"),
                "quotes": one("SELECT COUNT(*) FROM quotes"),
                "claims": one("SELECT COUNT(*) FROM claims"),
                "errors": one("SELECT COUNT(*) FROM errors")}


def _num(v: float | None) -> float | int | None:
    return int(v) if v is not None and float(v).is_integer() else v


def _event_row(rid: str, seq: int, ev: EventReport) -> tuple[Any, ...]:
    d = ev.to_dict()
    date_, loc, fat = d["date"], d["location"], d["fatalities"]
    search = " ".join(filter(None, [
        ev.event_type, ev.sub_event_type, ev.actor1, ev.actor1_mention, ev.actor2, ev.actor2_mention,
        loc and loc.get("name"), *(e.text for e in ev.evidence), *ev.sources])).lower()
    return (rid, ev.event_id, ev.doc_id, seq, ev.event_type, ev.sub_event_type, ev.actor1, ev.actor1_mention,
            ev.actor2, ev.actor2_mention, ev.claimed_by, _dumps(date_), _dumps(loc), _dumps(fat),
            _dumps(d["evidence"]), _dumps(d["sources"]), _dumps(d["trigger"]),
            date_ and date_["start"], date_ and (date_["end"] or date_["start"]), date_ and date_["precision"],
            loc and loc["name"], loc and loc["country"], loc and loc["admin1"], loc and loc["lat"],
            loc and loc["lon"], fat and fat["best"], int(ev.background), ev.confidence, search,
            _dumps({k: d[k] for k in _TYPING_KEYS}))


_TYPING_KEYS = ("inter1", "inter2", "type_reason", "type_confidence", "actor1_reason", "actor2_reason")


def _event_dict(r: sqlite3.Row) -> dict[str, Any]:
    return {
        "event_id": r["event_id"], "report_id": r["report_id"], "doc_id": r["doc_id"],
        "event_type": r["event_type"], "sub_event_type": r["sub_event_type"],
        "actor1": r["actor1"], "actor1_mention": r["actor1_mention"],
        "actor2": r["actor2"], "actor2_mention": r["actor2_mention"],
        "date": _loads(r["date_json"]), "location": _loads(r["location_json"]),
        "fatalities": _loads(r["fatalities_json"]), "sources": _loads(r["sources_json"]) or [],
        "claimed_by": r["claimed_by"], "evidence": _loads(r["evidence_json"]) or [],
        "trigger": _loads(r["trigger_json"]), "background": bool(r["background"]),
        "confidence": None if r["confidence"] is None else round(r["confidence"], 3),
        **_typing(r),
    }


def _typing(r: sqlite3.Row) -> dict[str, Any]:
    t = (_loads(r["typing_json"]) if "typing_json" in r.keys() else None) or {}
    return {k: t.get(k) for k in _TYPING_KEYS}


def _quote_row(doc_id: str, seq: int, q: Quote) -> tuple[Any, ...]:
    return (doc_id, seq, q.speaker, q.speaker_mention, q.speaker_role, q.text, int(q.direct), q.start, q.end,
            q.confidence)


def _claim_row(doc_id: str, seq: int, c: Claim) -> tuple[Any, ...]:
    return (doc_id, seq, c.subject, c.value_low, c.value_high, c.unit, c.source, c.text, c.start, c.end,
            c.event_id, c.confidence, c.kind)
