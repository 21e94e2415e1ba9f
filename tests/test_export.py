"""export: every format writes something a reader parses back."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.export import EVENT_COLUMNS, RecordWriter, flatten_event, write_records
from sitroom.safe_text import csv_cell


def ev(i: int, lat: float | None = 2.04, lon: float | None = 45.34, text: str = "Al-Shabaab fighters stormed") -> dict[str, Any]:
    return {
        "event_id": f"evt_{i}", "report_id": f"rpt_{i}", "doc_id": "so_wire_1",
        "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "Al Shabaab", "actor1_mention": "Al-Shabaab fighters",
        "actor2": "Military Forces of Somalia", "actor2_mention": "Somali troops",
        "date": {"start": "2022-08-19", "end": "2022-08-20", "precision": "day", "text": "on Friday",
                 "basis": "published"},
        "location": {"name": "Mogadishu", "admin1": "Banaadir", "country": "SO", "lat": lat, "lon": lon,
                     "precision": "city", "geonameid": 53654, "text": "Mogadishu"},
        "fatalities": {"low": 20, "best": 21, "high": 25, "text": "between 20 and 25 dead"},
        "sources": ["police", "Reuters"],
        "evidence": [{"start": 10, "end": 60, "text": text}, {"start": 61, "end": 90, "text": "a hotel, \"police\" said"}],
        "background": False, "confidence": 0.8,
    }


QUOTE = {"doc_id": "d", "speaker": "Antonio Guterres", "speaker_mention": "the secretary-general",
         "speaker_role": "UN chief", "text": "This must stop, now.", "direct": True, "start": 1, "end": 20}
CLAIM = {"doc_id": "d", "subject": "displaced", "value": {"low": 1500000, "high": None}, "unit": "people",
         "source": "OCHA", "text": "more than 1.5 million displaced", "start": 3, "end": 30}


def write(records: list[dict[str, Any]], fmt: str, kind: str = "events") -> tuple[str, Any]:
    fh = io.StringIO()
    stats = write_records(records, fmt, fh, kind=kind)
    return fh.getvalue(), stats


def test_jsonl_and_json_round_trip() -> None:
    recs = [ev(1), ev(2, text="ünïcode – “quoted”")]
    out, stats = write(recs, "jsonl")
    assert [json.loads(line) for line in out.splitlines()] == recs and stats.written == 2
    out, _ = write(recs, "json")
    assert json.loads(out) == recs
    assert json.loads(write([], "json")[0]) == []


def test_csv_flattens_and_parses() -> None:
    out, _ = write([ev(1), ev(2, lat=None, lon=None)], "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == list(EVENT_COLUMNS)
    r = rows[0]
    assert (r["date_start"], r["date_end"], r["date_precision"]) == ("2022-08-19", "2022-08-20", "day")
    assert (r["location_name"], r["country"], r["admin1"], r["location_precision"]) == (
        "Mogadishu", "SO", "Banaadir", "city")
    assert (float(r["lat"]), float(r["lon"])) == (2.04, 45.34)
    assert (r["fatalities_low"], r["fatalities_best"], r["fatalities_high"]) == ("20", "21", "25")
    assert r["sources"] == "police; Reuters"
    assert r["evidence"] == 'Al-Shabaab fighters stormed | a hotel, "police" said'
    assert rows[1]["lat"] == ""


def test_csv_quotes_and_claims() -> None:
    (q,) = csv.DictReader(io.StringIO(write([QUOTE], "csv", "quotes")[0]))
    assert q["speaker"] == "Antonio Guterres" and q["text"] == "This must stop, now."
    (c,) = csv.DictReader(io.StringIO(write([CLAIM], "csv", "claims")[0]))
    assert (c["value_low"], c["value_high"], c["source"]) == ("1500000", "", "OCHA")


def test_geojson_points_and_skips_counted() -> None:
    out, stats = write([ev(1), ev(2, lat=None, lon=None), ev(3, lat=-4.32, lon=15.31)], "geojson")
    fc = json.loads(out)
    assert fc["type"] == "FeatureCollection"
    assert [f["geometry"] for f in fc["features"]] == [
        {"type": "Point", "coordinates": [45.34, 2.04]}, {"type": "Point", "coordinates": [15.31, -4.32]}]
    assert fc["features"][0]["properties"]["event_type"] == "Battles"
    assert (stats.written, stats.skipped) == (2, 1)
    assert fc["sitroom"] == {"features": 2, "skipped_no_coordinates": 1}
    assert json.loads(write([], "geojson")[0])["features"] == []


def test_geojson_refuses_quotes() -> None:
    with pytest.raises(ValueError):
        write([QUOTE], "geojson", "quotes")
    with pytest.raises(ValueError):
        write([QUOTE], "xml", "quotes")


def test_table_is_fixed_width_and_truncated() -> None:
    long = ev(1, text="word " * 100)
    out, _ = write([long, ev(2)], "table")
    lines = out.splitlines()
    assert lines[0].startswith("TYPE") and "EVIDENCE" in lines[0]
    assert "Armed clash" in lines[1] and "2022-08-19..08-20" in lines[1] and "Mogadishu, SO" in lines[1]
    assert "20-25" in lines[1] and lines[1].endswith("…")
    assert lines[1].index("2022") == lines[0].index("DATE")
    for kind, rec, needle in (("quotes", QUOTE, "Antonio Guterres"), ("claims", CLAIM, "1500000")):
        assert needle in write([rec], "table", kind)[0]


def test_writer_streams_records_one_by_one() -> None:
    fh = io.StringIO()
    w = RecordWriter(fh, "jsonl")
    w.write(ev(1))
    assert fh.getvalue().count("\n") == 1  # written before the stream ends
    w.close()
    w.close()  # closing twice is harmless


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=80), st.one_of(st.none(), st.integers(0, 10_000)))
def test_csv_round_trips_any_evidence(text: str, dead: int | None) -> None:
    rec = ev(1, text=text)
    rec["fatalities"] = None if dead is None else {"low": dead, "best": dead, "high": dead, "text": ""}
    (row,) = csv.DictReader(io.StringIO(write([rec], "csv")[0]))
    # a cell that would start a spreadsheet formula is neutralised with a leading apostrophe (safe_text)
    assert row["evidence"] == csv_cell(flatten_event(rec)["evidence"])
    assert row["fatalities_best"] == ("" if dead is None else str(dead))
