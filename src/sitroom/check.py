"""Store verification: ``sitroom check --db sitroom.db``.

``check_store(store_or_path)`` reads a whole SQLite store and returns one
:class:`Problem` per thing that is wrong with it (an empty list for a sound
store). It never changes the store. What is checked:

* SQLite's own ``integrity_check`` and ``foreign_key_check``; the schema version
* every document's ``content_hash`` is the hash of its text
* every event report, quote and claim points to a stored document
* every event's evidence (and trigger) lies inside its document text and the
  stored text of the span equals the document text at those offsets
* quote and claim offsets lie inside their documents
* per document, the ``seq`` numbers of its reports, quotes and claims run
  0..n-1 (a half-written document would leave a gap)
* every report has an ``event_id``; a claim's ``event_id`` names a stored event
  (or a report of its own document)
* stored JSON columns parse
* the rows read agree with ``Store.counts()``

Problems are plain data, one line each when printed (``str(problem)``).
"""
from __future__ import annotations

import json
import logging
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from .ingest import content_hash
from .store import SCHEMA_VERSION, Store

log = logging.getLogger(__name__)

_JSON_COLUMNS = ("date_json", "location_json", "fatalities_json", "evidence_json", "sources_json", "trigger_json")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a store. ``code`` is short and stable; ``where`` names the row."""

    code: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.where}: {self.message}"


def _span_problems(where: str, span: Any, text: str, what: str, check_text: bool = True) -> list[Problem]:
    if not isinstance(span, dict) or not isinstance(span.get("start"), int) or not isinstance(span.get("end"), int):
        return [Problem("bad_span", where, f"{what} is not a span with integer start and end: {span!r:.80}")]
    s, e = span["start"], span["end"]
    if not 0 <= s <= e <= len(text):
        return [Problem("span_outside", where, f"{what} [{s}, {e}) is outside the document text (0..{len(text)})")]
    if check_text and span.get("text") is not None and text[s:e] != span["text"]:
        return [Problem("span_text", where, f"{what} text {span['text'][:40]!r} is not the document's "
                                            f"{text[s:e][:40]!r} at [{s}, {e})")]
    return []


def _offsets(where: str, start: Any, end: Any, text: str, what: str) -> list[Problem]:
    if start is None and end is None:
        return []
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= len(text):
        return [Problem("span_outside", where, f"{what} [{start}, {end}) is outside the document text "
                                               f"(0..{len(text)})")]
    return []


def _seq_problems(table: str, seqs: dict[str, list[int]]) -> list[Problem]:
    out = []
    for doc_id, got in sorted(seqs.items()):
        if sorted(got) != list(range(len(got))):
            out.append(Problem("seq_gap", f"{table} of {doc_id}", f"seq numbers {sorted(got)[:10]} are not "
                                                                  f"0..{len(got) - 1} (half-written document?)"))
    return out


def _check_conn(conn: sqlite3.Connection) -> list[Problem]:
    problems: list[Problem] = []
    conn.row_factory = sqlite3.Row
    for (msg,) in conn.execute("PRAGMA integrity_check"):
        if msg != "ok":
            problems.append(Problem("integrity", "database", str(msg)))
    for row in conn.execute("PRAGMA foreign_key_check"):
        problems.append(Problem("foreign_key", f"{row[0]} rowid {row[1]}", f"points to a missing {row[2]} row"))
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    if row is None or int(row[0]) != SCHEMA_VERSION:
        problems.append(Problem("schema", "meta", f"schema version {row[0] if row else None}, "
                                                  f"expected {SCHEMA_VERSION}"))

    texts: dict[str, str] = {}
    for r in conn.execute("SELECT id, content_hash, text FROM documents"):
        texts[r["id"]] = r["text"]
        if r["content_hash"] != content_hash(r["text"]):
            problems.append(Problem("hash", f"document {r['id']}", "content_hash is not the hash of its text"))

    n_reports = 0
    event_ids: set[str] = set()
    doc_events: dict[str, set[str]] = defaultdict(set)
    seqs: dict[str, list[int]] = defaultdict(list)
    cols = ", ".join(("report_id", "event_id", "doc_id", "seq") + _JSON_COLUMNS)
    for r in conn.execute(f"SELECT {cols} FROM events"):  # noqa: S608 - fixed column names
        n_reports += 1
        where = f"event report {r['report_id']} (document {r['doc_id']})"
        seqs[r["doc_id"]].append(r["seq"])
        if not r["event_id"]:
            problems.append(Problem("no_event_id", where, "has no event_id"))
        else:
            event_ids.add(r["event_id"])
            doc_events[r["doc_id"]].add(r["event_id"])
        parsed: dict[str, Any] = {}
        for col in _JSON_COLUMNS:
            try:
                parsed[col] = None if r[col] is None else json.loads(r[col])
            except json.JSONDecodeError as e:
                problems.append(Problem("bad_json", where, f"{col} is not JSON ({e.msg})"))
        text = texts.get(r["doc_id"])
        if text is None:
            problems.append(Problem("orphan", where, "its document is not stored"))
            continue
        evidence = parsed.get("evidence_json")
        if "evidence_json" in parsed and (not isinstance(evidence, list) or not evidence):
            problems.append(Problem("no_evidence", where, "has no evidence spans"))
            evidence = []
        for i, span in enumerate(evidence or []):
            problems += _span_problems(where, span, text, f"evidence {i}")
        if parsed.get("trigger_json") is not None:
            problems += _span_problems(where, parsed["trigger_json"], text, "trigger")

    counts: dict[str, int] = {"documents": len(texts), "event_reports": n_reports, "events": len(event_ids)}
    for table in ("quotes", "claims"):
        n = 0
        tseqs: dict[str, list[int]] = defaultdict(list)
        extra = ", event_id" if table == "claims" else ""
        for r in conn.execute(f'SELECT doc_id, seq, start, "end"{extra} FROM {table}'):  # noqa: S608
            n += 1
            where = f"{table[:-1]} {r['seq']} of document {r['doc_id']}"
            tseqs[r["doc_id"]].append(r["seq"])
            text = texts.get(r["doc_id"])
            if text is None:
                problems.append(Problem("orphan", where, "its document is not stored"))
                continue
            problems += _offsets(where, r["start"], r["end"], text, "offsets")
            if table == "claims" and r["event_id"] and r["event_id"] not in event_ids:
                problems.append(Problem("claim_event", where, f"event_id {r['event_id']!r} names no stored event"))
        counts[table] = n
        problems += _seq_problems(table, tseqs)
    problems += _seq_problems("events", seqs)

    store_counts = Store.counts(SimpleNamespace(conn=conn))  # type: ignore[arg-type]  # it only reads .conn
    for k, v in counts.items():
        if store_counts[k] != v:
            problems.append(Problem("counts", k, f"{v} rows read but the store counts {store_counts[k]}"))
    return problems


def check_store(store_or_path: Store | str | Path) -> list[Problem]:
    """Every problem found in a SQLite store (a ``Store`` or a path to one); [] when it is sound."""
    if isinstance(store_or_path, Store):
        return _check_conn(store_or_path.conn)
    path = str(store_or_path)
    if path != ":memory:" and not Path(path).is_file():
        return [Problem("missing", path, "no database file")]
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as e:
        return [Problem("unreadable", path, str(e))]
    try:
        return _check_conn(conn)
    except sqlite3.DatabaseError as e:
        return [Problem("unreadable", path, f"{type(e).__name__}: {e}")]
    finally:
        conn.close()
