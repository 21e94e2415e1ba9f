"""PostgreSQL backend: the SQLite ``Store``'s interface and queries on PostgreSQL (psycopg 3).

``PgStore(url)`` *is* a :class:`sitroom.store.Store`: every method (writes,
filters, cross-document regrouping) is the SQLite store's own code, run through
:class:`PgConnection`, a small translation layer with sqlite3's ``execute``
interface: ``?`` placeholders become ``%s``, ``LIKE`` becomes ``ILIKE``
(SQLite's LIKE ignores case), ``BEGIN IMMEDIATE`` becomes ``BEGIN`` followed by a
transaction-scoped advisory lock on the document being written. The schema is
the SQLite migrations translated (``REAL`` -> ``DOUBLE PRECISION``, ``*_json``
columns -> ``JSONB``, ``AUTOINCREMENT`` -> ``BIGSERIAL``, NULLs not distinct in
unique indexes); JSONB is read back as text so the shared decoding applies.

Several ingesters may write at once: each document is one transaction holding
an advisory lock on its id (two ingesters of the same document take turns; the
second replaces the first's rows, nothing is duplicated), documents are upserted
with ``ON CONFLICT``, and migrations run under a global advisory lock. Every
query is parameterised.

``open_store(url_or_path)`` opens either backend.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from . import store as sqlite_store
from .store import MIGRATIONS, SCHEMA_VERSION, Store

log = logging.getLogger(__name__)

URL_PREFIXES = ("postgresql://", "postgres://")
_MIGRATION_LOCK = 0x517200  # advisory lock key for schema changes
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

# SQLite DDL -> PostgreSQL DDL (applied in order)
_DDL = [
    (re.compile(r"\bINTEGER PRIMARY KEY AUTOINCREMENT\b"), "BIGSERIAL PRIMARY KEY"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\b(\w+_json) TEXT\b"), r"\1 JSONB"),
    (re.compile(r"(CREATE UNIQUE INDEX \w+ ON \w+\s*\([^)]*\))"), r"\1 NULLS NOT DISTINCT"),
]
_LIKE = re.compile(r"\bLIKE\b")
_INDEXED_BY = re.compile(r" INDEXED BY \w+")  # a SQLite planner hint; PostgreSQL plans from its statistics
_PLACEHOLDER = re.compile(r"\?")
_PG_MIGRATIONS: dict[int, str] = {}  # version -> hand-written PostgreSQL DDL, when translation is not enough


def is_pg_url(value: str) -> bool:
    return value.startswith(URL_PREFIXES)


def redact(url: str) -> str:
    """The URL without its password (for logs and messages)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    netloc = f"{parts.username}:***@{host}" if parts.username else host
    return urlunsplit(parts._replace(netloc=netloc))


def translate_ddl(sql: str) -> str:
    for pat, rep in _DDL:
        sql = pat.sub(rep, sql)
    return sql


def translate(sql: str) -> str:
    """One SQLite query in PostgreSQL's dialect (for psycopg's ``%s`` parameters)."""
    if sql.startswith("BEGIN IMMEDIATE"):
        return "BEGIN"
    sql = sql.replace("%", "%%")
    sql = _LIKE.sub("ILIKE", sql)
    sql = _INDEXED_BY.sub("", sql)
    return _PLACEHOLDER.sub("%s", sql)


class _Row(dict[Any, Any]):
    """A row readable by name (``r["id"]``), by position (``r[0]``) and by ``dict(r)``, like sqlite3.Row."""

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int):
            return list(self.values())[key]
        return super().__getitem__(key)

    def keys(self) -> Any:  # sqlite3.Row has keys() too
        return super().keys()


def _row_factory(cursor: Any) -> Any:
    desc = cursor.description
    if desc is None:
        return None
    names = [d.name for d in desc]

    def make(values: Sequence[Any]) -> _Row:
        return _Row(zip(names, values))

    return make


class PgConnection:
    """The part of sqlite3.Connection that ``Store`` uses, on a psycopg connection."""

    def __init__(self, conn: Any) -> None:
        self.raw = conn
        self.lock_key: str | None = None  # document id to lock in the next transaction

    def execute(self, sql: str, args: Sequence[Any] = ()) -> Any:
        args = list(args)
        if sql.rstrip().endswith("LIMIT ? OFFSET ?") and args and args[-2] == -1:
            args[-2] = None  # SQLite's "no limit"
        cur = self.raw.cursor()
        cur.execute(translate(sql), args or None)
        if sql.startswith("BEGIN") and self.lock_key is not None:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_id(self.lock_key),))
        return cur

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        cur = self.raw.cursor()
        rows = list(rows)
        if rows:
            cur.executemany(translate(sql), rows)
        return cur

    def close(self) -> None:
        self.raw.close()


def _lock_id(key: str) -> int:
    """A signed 64-bit advisory lock id for a document id (collisions only make writers wait)."""
    import hashlib

    v = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    return v - (1 << 64) if v >= 1 << 63 else v


class PgStore(Store):
    """A sitroom database on PostgreSQL. ``schema``: a PostgreSQL schema to use (created if missing)."""

    DB_ERRORS: tuple[type[BaseException], ...] = ()

    def __init__(self, url: str, *, schema: str | None = None) -> None:  # noqa: D107
        try:
            import psycopg
            from psycopg.types.string import TextLoader
        except ImportError as e:  # pragma: no cover - exercised only without psycopg
            raise RuntimeError("the PostgreSQL backend needs psycopg: pip install 'sitroom[postgres]'") from e
        PgStore.DB_ERRORS = (psycopg.Error,)
        self.path = redact(url)
        self.name = self.path
        raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory)
        for typ in ("json", "jsonb"):  # read JSON back as text: the shared code decodes it
            raw.adapters.register_loader(typ, TextLoader)
        if schema is not None:
            if not _SCHEMA_NAME.match(schema):
                raise ValueError(f"bad schema name: {schema!r}")
            raw.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")  # checked name, not user data
            raw.execute(f"SET search_path TO {schema}")
        self.schema = schema
        self.conn = PgConnection(raw)  # type: ignore[assignment]
        self._migrate()

    def _migrate(self) -> None:
        raw = self.conn.raw  # type: ignore[attr-defined]
        with raw.transaction():
            raw.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            raw.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            raw.execute("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT,"
                        " applied_at TEXT)")
            row = raw.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            current = int(row[0]) if row else 0
            if current > SCHEMA_VERSION:
                raise RuntimeError(f"database schema {current} is newer than this sitroom ({SCHEMA_VERSION})")
            for version, name, sql in MIGRATIONS:
                if version <= current:
                    continue
                ddl = _PG_MIGRATIONS.get(version) or translate_ddl(sql)
                for stmt in ddl.split(";"):
                    if stmt.strip():
                        raw.execute(stmt)
                raw.execute("INSERT INTO migrations VALUES (%s, %s, %s)", (version, name, sqlite_store._now()))
                raw.execute("INSERT INTO meta VALUES ('schema_version', %s) ON CONFLICT (key) DO UPDATE"
                            " SET value = EXCLUDED.value", (str(version),))
                log.info("applied migration %d: %s", version, name)

    def add_result(self, result: Any, *, what: Any = sqlite_store.ALL_KINDS, force: bool = False) -> bool:
        """As ``Store.add_result``; the transaction holds an advisory lock on the document id."""
        self.conn.lock_key = result.document.id  # type: ignore[attr-defined]
        try:
            return super().add_result(result, what=what, force=force)
        finally:
            self.conn.lock_key = None  # type: ignore[attr-defined]

    def drop_schema(self) -> None:
        """Drop this store's schema and everything in it (tests, throwaway runs)."""
        if self.schema is None:
            raise ValueError("no schema of its own to drop")
        self.conn.raw.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")  # type: ignore[attr-defined]


def open_store(url_or_path: str | Path, **kw: Any) -> Store:
    """A SQLite ``Store`` for a path, a ``PgStore`` for a ``postgresql://`` URL."""
    s = str(url_or_path)
    if is_pg_url(s):
        return PgStore(s, **kw)
    return Store(s, **kw)
