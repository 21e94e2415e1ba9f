"""Write records (records.md dicts) as JSON Lines, JSON, CSV, GeoJSON or a terminal table.

``write_records(records, fmt, fh, kind=...)`` writes everything in one call;
``RecordWriter`` does the same one record at a time, so that a pipeline can
stream its output (``json`` and ``geojson`` are written as arrays that are
opened on the first record and closed by ``close()``).

CSV and GeoJSON properties flatten the nested fields of an event: ``date_start``,
``date_end``, ``date_precision``, ``location_name``, ``lat``, ``lon``,
``country``, ``admin1``, ``location_precision``, ``fatalities_low/best/high``,
``evidence`` (texts joined by `` | ``) and ``sources`` (joined by ``; ``).
GeoJSON holds events with coordinates only; the others are counted in
``skipped`` and in the collection's ``sitroom`` member.
"""
from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any, Literal

from .safe_text import csv_row, terminal

log = logging.getLogger(__name__)

Format = Literal["jsonl", "json", "csv", "geojson", "table"]
Kind = Literal["events", "quotes", "claims", "errors", "documents"]
FORMATS: tuple[str, ...] = ("jsonl", "json", "csv", "geojson", "table")

EVENT_COLUMNS = (
    "event_id", "report_id", "doc_id", "event_type", "sub_event_type",
    "actor1", "actor1_mention", "actor2", "actor2_mention",
    "date_start", "date_end", "date_precision", "date_text", "date_basis",
    "location_name", "lat", "lon", "country", "admin1", "location_precision", "geonameid",
    "fatalities_low", "fatalities_best", "fatalities_high",
    "sources", "claimed_by", "background", "confidence", "evidence_start", "evidence_end", "evidence",
    "inter1", "inter2",
)
QUOTE_COLUMNS = ("doc_id", "speaker", "speaker_mention", "speaker_role", "direct", "start", "end", "text")
CLAIM_COLUMNS = ("doc_id", "subject", "value_low", "value_high", "unit", "source", "event_id", "start", "end", "text",
                 "kind")
ERROR_COLUMNS = ("doc_id", "code", "stage", "fatal", "at", "source", "message")
DOCUMENT_COLUMNS = ("id", "published", "published_basis", "n_events", "extracted", "outlet", "title", "url")
_WIDTHS = {"errors": (24, 12, 7, 5, 25, 40), "documents": (28, 10, 9, 8, 20, 16, 40)}


def flatten_event(e: dict[str, Any]) -> dict[str, Any]:
    """One flat row for an event record (CSV columns / GeoJSON properties)."""
    d = e.get("date") or {}
    loc = e.get("location") or {}
    f = e.get("fatalities") or {}
    ev = e.get("evidence") or []
    return {
        "event_id": e.get("event_id"), "report_id": e.get("report_id"), "doc_id": e.get("doc_id"),
        "event_type": e.get("event_type"), "sub_event_type": e.get("sub_event_type"),
        "actor1": e.get("actor1"), "actor1_mention": e.get("actor1_mention"),
        "actor2": e.get("actor2"), "actor2_mention": e.get("actor2_mention"),
        "date_start": d.get("start"), "date_end": d.get("end"), "date_precision": d.get("precision"),
        "date_text": d.get("text"), "date_basis": d.get("basis"),
        "location_name": loc.get("name"), "lat": loc.get("lat"), "lon": loc.get("lon"),
        "country": loc.get("country"), "admin1": loc.get("admin1"),
        "location_precision": loc.get("precision"), "geonameid": loc.get("geonameid"),
        "fatalities_low": f.get("low"), "fatalities_best": f.get("best"), "fatalities_high": f.get("high"),
        "sources": "; ".join(e.get("sources") or []), "claimed_by": e.get("claimed_by"),
        "background": e.get("background"), "confidence": e.get("confidence"),
        "evidence_start": ev[0].get("start") if ev else None,
        "evidence_end": ev[-1].get("end") if ev else None,
        "evidence": " | ".join(str(s.get("text", "")) for s in ev),
        "inter1": e.get("inter1"), "inter2": e.get("inter2"),
    }


def flatten(record: dict[str, Any], kind: str) -> dict[str, Any]:
    if kind == "events":
        return flatten_event(record)
    if kind == "claims":
        v = record.get("value") or {}
        return {**{k: record.get(k) for k in CLAIM_COLUMNS}, "value_low": v.get("low"), "value_high": v.get("high")}
    return dict(record)


def columns(kind: str) -> tuple[str, ...]:
    return {"events": EVENT_COLUMNS, "quotes": QUOTE_COLUMNS, "claims": CLAIM_COLUMNS,
            "errors": ERROR_COLUMNS, "documents": DOCUMENT_COLUMNS}.get(kind, ())


@dataclass
class WriteStats:
    written: int = 0
    skipped: int = 0  # GeoJSON: events without coordinates


def _cut(s: Any, width: int) -> str:
    t = "" if s is None else " ".join(terminal(str(s)).split())  # no ESC/control/bidi codes reach the terminal
    return t if len(t) <= width else t[: max(0, width - 1)] + "…"


def _table_cells(record: dict[str, Any], kind: str) -> list[tuple[Any, int]]:
    """(cell value, width) pairs of one table row (None prints empty); the last cell is not padded."""
    if kind == "events":
        r = flatten_event(record)
        typ = r["sub_event_type"] or r["event_type"]
        date = r["date_start"] or "?"
        if r["date_end"] and r["date_end"] != r["date_start"]:
            date += ".." + r["date_end"][5:] if r["date_end"][:4] == date[:4] else ".." + r["date_end"]
        place = ", ".join(filter(None, [r["location_name"], r["country"]])) or "?"
        actors = " v ".join(filter(None, [r["actor1"] or r["actor1_mention"], r["actor2"] or r["actor2_mention"]]))
        lo, best, hi = r["fatalities_low"], r["fatalities_best"], r["fatalities_high"]
        if lo is not None and hi is not None and lo != hi:
            dead = f"{lo}-{hi}"
        elif lo is not None and hi is None:
            dead = f"{lo}+"
        else:
            dead = "" if best is None and lo is None else str(best if best is not None else lo)
        bg = "bg " if r["background"] else ""
        return [(bg + typ, 26), (date, 21), (place, 20), (actors or "-", 34), (dead, 6), (r["evidence"], 70)]
    if kind == "quotes":
        return [(record.get("speaker") or record.get("speaker_mention") or "?", 28),
                ("direct" if record.get("direct") else "indir.", 6), (record.get("text"), 90)]
    if kind == "claims":
        v = record.get("value") or {}
        val = v.get("low") if v.get("low") == v.get("high") or v.get("high") is None else f"{v.get('low')}-{v.get('high')}"
        return [(f"{val} {record.get('unit') or ''}".strip(), 16), (record.get("subject"), 24),
                (record.get("source") or "-", 24), (record.get("text"), 70)]
    widths = _WIDTHS.get(kind)
    cols = columns(kind) or tuple(record)
    return [(record.get(c), (widths[i] if widths else 24) if i < len(cols) - 1 else 70) for i, c in enumerate(cols)]


def _table_header(kind: str) -> list[tuple[str, int]]:
    if kind == "events":
        return [("TYPE", 26), ("DATE", 21), ("PLACE", 20), ("ACTORS", 34), ("DEAD", 6), ("EVIDENCE", 70)]
    if kind == "quotes":
        return [("SPEAKER", 28), ("KIND", 6), ("QUOTE", 90)]
    if kind == "claims":
        return [("VALUE", 16), ("SUBJECT", 24), ("SOURCE", 24), ("TEXT", 70)]
    widths = _WIDTHS.get(kind)
    cols = columns(kind)
    return [(c.upper(), (widths[i] if widths else 24) if i < len(cols) - 1 else 70) for i, c in enumerate(cols)]


def _table_line(cells: list[tuple[Any, int]]) -> str:
    parts = [_cut(text, w).ljust(w) for text, w in cells[:-1]]
    text, w = cells[-1]
    return "  ".join([*parts, _cut(text, w)]).rstrip() + "\n"


class RecordWriter:
    """Write records one at a time in one format; call ``close()`` (or use ``with``) to finish."""

    def __init__(self, fh: IO[str], fmt: str, *, kind: str = "events") -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        if fmt == "geojson" and kind != "events":
            raise ValueError(f"GeoJSON holds events only, not {kind}")
        self.fh, self.fmt, self.kind = fh, fmt, kind
        self.stats = WriteStats()
        self._started = False
        self._closed = False
        self._csv: csv.DictWriter[str] | None = None

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        self._started = True
        if self.fmt == "json":
            self.fh.write("[")
        elif self.fmt == "geojson":
            self.fh.write('{"type": "FeatureCollection", "features": [')
        elif self.fmt == "csv":
            self._csv = csv.DictWriter(self.fh, fieldnames=list(columns(self.kind)), extrasaction="ignore",
                                       lineterminator="\n")
            self._csv.writeheader()
        elif self.fmt == "table":
            self.fh.write(_table_line(_table_header(self.kind)))

    def write(self, record: dict[str, Any]) -> None:
        if not self._started:
            self._start()
        fmt = self.fmt
        if fmt == "jsonl":
            self.fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif fmt == "json":
            self.fh.write(("\n" if not self.stats.written else ",\n") + json.dumps(record, ensure_ascii=False))
        elif fmt == "csv":
            assert self._csv is not None
            if not columns(self.kind):
                self._csv.fieldnames = list(record)
            self._csv.writerow(csv_row(flatten(record, self.kind)))  # "=cmd|..." is text, not a formula
        elif fmt == "table":
            self.fh.write(_table_line(_table_cells(record, self.kind)))
        elif fmt == "geojson":
            loc = record.get("location") or {}
            lat, lon = loc.get("lat"), loc.get("lon")
            if lat is None or lon is None:
                self.stats.skipped += 1
                return
            props = {k: v for k, v in flatten_event(record).items() if k not in ("lat", "lon")}
            feature = {"type": "Feature", "id": record.get("report_id") or record.get("event_id"),
                       "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}
            self.fh.write(("\n" if not self.stats.written else ",\n") + json.dumps(feature, ensure_ascii=False))
        self.stats.written += 1

    def close(self) -> WriteStats:
        if self._closed:
            return self.stats
        self._closed = True
        if not self._started:
            self._start()
        if self.fmt == "json":
            self.fh.write("\n]\n" if self.stats.written else "]\n")
        elif self.fmt == "geojson":
            meta = json.dumps({"features": self.stats.written, "skipped_no_coordinates": self.stats.skipped})
            self.fh.write(("\n" if self.stats.written else "") + f'], "sitroom": {meta}}}\n')
            if self.stats.skipped:
                log.info("GeoJSON: %d events without coordinates left out", self.stats.skipped)
        self.fh.flush()
        return self.stats


def write_records(records: Iterable[dict[str, Any]], fmt: str, fh: IO[str], *, kind: str = "events") -> WriteStats:
    """Write all ``records`` to ``fh`` in ``fmt``; returns how many were written (and skipped)."""
    writer = RecordWriter(fh, fmt, kind=kind)
    for r in records:
        writer.write(r)
    return writer.close()
