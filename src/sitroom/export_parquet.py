"""Parquet output (``-f parquet``) for pandas, DuckDB and Arrow users.

One flat row per record, the same columns as the CSV export (:mod:`sitroom.export`), typed:
numbers as int64/float64, flags as bool, everything else as string. Event rows of
``sitroom events --by-event`` also carry the per-event summary columns (``n_reports`` …).
Rows are written in row groups of :data:`BATCH` records, so memory stays bounded.
Needs ``pyarrow`` (a dependency of sitroom).
"""
from __future__ import annotations

from typing import Any

from .export import columns, flatten

BATCH = 10_000
SUMMARY_COLUMNS = ("n_reports", "n_documents", "n_sources", "first_report", "last_report", "date_agree")
_INT = {"fatalities_low", "fatalities_best", "fatalities_high", "geonameid", "evidence_start", "evidence_end",
        "start", "end", "n_events", "n_reports", "n_documents", "n_sources"}
_FLOAT = {"lat", "lon", "confidence", "value_low", "value_high"}
_BOOL = {"background", "direct", "fatal", "date_agree"}


def parquet_columns(kind: str) -> tuple[str, ...]:
    cols = columns(kind)
    if kind == "events":
        cols = (*cols, *SUMMARY_COLUMNS)
    return cols


def _arrow_type(pa: Any, col: str) -> Any:
    if col in _INT:
        return pa.int64()
    if col in _FLOAT:
        return pa.float64()
    if col in _BOOL:
        return pa.bool_()
    return pa.string()


def _row(record: dict[str, Any], kind: str, cols: tuple[str, ...]) -> dict[str, Any]:
    flat = flatten(record, kind)
    if kind == "events":
        date = record.get("date") or {}
        flat.update({k: record.get(k) for k in SUMMARY_COLUMNS if k != "date_agree"})
        flat["date_agree"] = date.get("agree")
    out = {}
    for c in cols:
        v = flat.get(c)
        if v is not None and c not in _INT | _FLOAT | _BOOL and not isinstance(v, str):
            v = str(v)
        out[c] = v
    return out


class ParquetRecordWriter:
    """``write(record)`` … ``close()``, like :class:`sitroom.export.RecordWriter`, into a Parquet file."""

    def __init__(self, path: str, *, kind: str = "events") -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as e:  # pragma: no cover - pyarrow is a dependency
            raise ValueError(f"Parquet output needs pyarrow ({e})") from None
        from .export import WriteStats

        self.pa, self.pq = pa, pq
        self.path, self.kind = path, kind
        self.cols = parquet_columns(kind)
        if not self.cols:
            raise ValueError(f"no Parquet columns for {kind}")
        self.schema = pa.schema([(c, _arrow_type(pa, c)) for c in self.cols])
        self.stats = WriteStats()
        self._rows: list[dict[str, Any]] = []
        self._writer = pq.ParquetWriter(path, self.schema)
        self._closed = False

    def __enter__(self) -> ParquetRecordWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(self.pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []

    def write(self, record: dict[str, Any]) -> None:
        self._rows.append(_row(record, self.kind, self.cols))
        self.stats.written += 1
        if len(self._rows) >= BATCH:
            self._flush()

    def close(self) -> Any:
        if not self._closed:
            self._closed = True
            self._flush()
            self._writer.close()
        return self.stats
