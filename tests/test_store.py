"""store: idempotent writes, replacement on changed text, filters, injection-safety."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

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
from sitroom.store import SCHEMA_VERSION, Store, haversine_km

# (name, country, lat, lon)
PLACES = {
    "Maiduguri": ("NG", 11.846, 13.160),
    "Djibo": ("BF", 14.102, -1.627),
    "Kismayo": ("SO", -0.358, 42.545),
    "Goma": ("CD", -1.679, 29.228),
    "Konna": ("ML", 14.940, -3.890),
}


def event(doc_id: str, text: str, *, etype: str = "Violence against civilians", sub: str = "Attack",
          place: str | None = "Maiduguri", day: str | None = "2021-06-01", dead: int | None = 12,
          actor1: str = "Boko Haram", background: bool = False, event_id: str = "evt_1") -> EventReport:
    loc = None
    if place:
        c, lat, lon = PLACES[place]
        loc = ResolvedPlace(place, c, None, lat, lon, "city", place, 0, len(place), geonameid=1)
    return EventReport(
        event_id=event_id, doc_id=doc_id, event_type=etype, sub_event_type=sub,
        actor1=actor1, actor1_mention=actor1 + " fighters", actor2=None, actor2_mention=None,
        date=ResolvedDate(day, day, "day", "on Tuesday", "published") if day else None,
        location=loc, fatalities=Fatalities(dead, dead, dead, f"killing {dead}") if dead is not None else None,
        evidence=(Span(0, len(text), text),), background=background, confidence=0.8, sources=("officials",))


def result(doc_id: str, text: str, events: tuple[EventReport, ...] = (), n_quotes: int = 1) -> DocumentResult:
    doc = Document(doc_id, text, PublishedDate("2021-06-02", "published"), url="https://example.org/" + doc_id)
    quotes = tuple(Quote(doc_id, "Babagana Zulum", "the governor", "governor", f"We will rebuild {i}", True, 0, 5)
                   for i in range(n_quotes))
    claims = (Claim(doc_id, "displaced", 3000, 3000, "people", "UNHCR", "3,000 people displaced", 0, 10),)
    return DocumentResult(doc, events or (event(doc_id, text),), quotes, claims)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "t.db")
    yield s
    s.close()


def test_schema_and_wal(store: Store, tmp_path: Path) -> None:
    assert store.schema_version() == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    again = Store(tmp_path / "t.db")  # reopening applies nothing twice
    assert again.conn.execute("SELECT COUNT(*) FROM migrations").fetchone()[0] == len(
        again.conn.execute("SELECT version FROM migrations").fetchall()) == SCHEMA_VERSION
    again.close()


def test_add_is_idempotent(store: Store) -> None:
    r = result("ng1", "Gunmen killed 12 people near Maiduguri on Tuesday.")
    assert store.add_result(r) is True
    before = store.counts()
    assert store.add_result(r) is False
    assert store.add_result(result("ng1", "  Gunmen killed 12 people\nnear Maiduguri on Tuesday. ")) is False
    assert store.counts() == before == {"documents": 1, "event_reports": 1, "events": 1, "quotes": 1,
                                        "claims": 1, "errors": 0}


def test_changed_text_replaces_rows(store: Store) -> None:
    store.add_result(result("so1", "Text one about Kismayo.", (event("so1", "a", place="Kismayo"),
                                                               event("so1", "b", place="Kismayo", dead=3)), 3))
    assert store.counts()["event_reports"] == 2 and store.counts()["quotes"] == 3
    assert store.add_result(result("so1", "Text two about Kismayo, corrected.",
                                   (event("so1", "c", place="Kismayo"),), 1)) is True
    c = store.counts()
    assert (c["documents"], c["event_reports"], c["quotes"]) == (1, 1, 1)
    assert [e["evidence"][0]["text"] for e in store.events()] == ["c"]


def test_what_subset_then_all(store: Store) -> None:
    r = result("cd1", "M23 rebels clashed with the army near Goma.", (event("cd1", "x", place="Goma"),))
    assert store.add_result(DocumentResult(r.document, r.events), what=("events",)) is True
    assert store.counts()["quotes"] == 0
    assert store.is_current("cd1", r.document.text, ("events",))
    assert not store.is_current("cd1", r.document.text, ("events", "quotes"))
    assert store.add_result(r, what=("quotes", "claims")) is True
    c = store.counts()
    assert (c["event_reports"], c["quotes"], c["claims"]) == (1, 1, 1)


def test_record_shape_round_trips(store: Store) -> None:
    ev = event("ml1", "Jihadists attacked Konna.", place="Konna", etype="Battles", sub="Armed clash")
    store.add_result(result("ml1", "Jihadists attacked Konna.", (ev,)))
    (got,) = store.events()
    want = ev.to_dict()
    assert got["report_id"].startswith("rep_")
    for k in want:
        if k != "report_id":
            assert got[k] == want[k], k
    doc = store.document("ml1")
    assert doc is not None and doc["text"] == "Jihadists attacked Konna." and doc["published"]["basis"] == "published"
    assert [d["id"] for d in store.documents()] == ["ml1"]
    assert store.document("nope") is None


def test_identical_reports_in_one_document_are_both_kept(store: Store) -> None:
    ev = event("ng2", "same")
    store.add_result(result("ng2", "Two identical mentions.", (ev, ev)))
    assert store.counts()["event_reports"] == 2


def test_filters(store: Store) -> None:
    store.add_result(result("ng3", "Borno attack.", (
        event("ng3", "Boko Haram killed 12 in Maiduguri", dead=12, event_id="e1"),
        event("ng3", "An old raid in 2014", day="2014-04-14", dead=200, background=True, event_id="e2"))))
    store.add_result(result("bf3", "Djibo attack.", (
        event("bf3", "JNIM fighters shelled Djibo", place="Djibo", etype="Explosions/Remote violence",
              sub="Shelling/artillery/missile attack", actor1="JNIM", day="2021-07-10", dead=None, event_id="e3"),
        event("bf3", "undated, unplaced", place=None, day=None, dead=None, event_id="e4"))))
    ids = lambda **kw: sorted(e["event_id"] for e in store.events(**kw))  # noqa: E731
    assert ids() == ["e1", "e3", "e4"]
    assert ids(background=True) == ["e1", "e2", "e3", "e4"]
    assert ids(since="2021-07-01") == ["e3"]
    assert ids(until="2021-06-30", background=True) == ["e1", "e2"]
    assert ids(types=["explosions/remote violence"]) == ["e3"]
    assert ids(sub_types=["Attack"]) == ["e1", "e4"]
    assert ids(actor="jnim") == ["e3"]
    assert ids(actor="Boko Haram fighters") == ["e1", "e4"]
    assert ids(country="bf") == ["e3"]
    assert ids(min_fatalities=10, background=True) == ["e1", "e2"]
    assert ids(text="shelled") == ["e3"]
    assert ids(near=(11.9, 13.1, 20)) == ["e1"]
    assert ids(near=(14.1, -1.6, 5)) == ["e3"]
    assert ids(bbox=(-5, 10, 0, 16)) == ["e3"]
    assert [e["event_id"] for e in store.events(order="date")] == ["e1", "e3", "e4"]  # undated last
    assert [e["event_id"] for e in store.events(order="-date", limit=1)] == ["e3"]
    assert [e["event_id"] for e in store.events(limit=1, offset=1)] == ["e3"]
    assert [e["event_id"] for e in store.events(near=(12, 5, 2000), limit=1, offset=1)] == ["e3"]
    ev = store.event("e3")
    assert ev is not None and ev["event_id"] == "e3" and len(ev["reports"]) == 1
    assert store.event(ev["reports"][0]["report_id"])["event_id"] == "e3"  # type: ignore[index]
    assert store.event("missing") is None
    with pytest.raises(ValueError):
        list(store.events(order="date; DROP TABLE events"))


def test_quotes_claims_errors(store: Store) -> None:
    store.add_result(result("ng4", "x", n_quotes=2))
    assert len(list(store.quotes(speaker="zulum"))) == 2
    assert len(list(store.quotes(speaker="governor", doc_id="other"))) == 0
    (c,) = store.claims(source="unhcr")
    assert c["value"] == {"low": 3000, "high": 3000}
    err = DocumentError("bad", "corpus/bad.txt", "ingest", "binary", "binary file")
    store.add_error(err)
    store.add_error(err)  # the same problem again is one row, with a new time
    (row,) = store.errors()
    assert (row["doc_id"], row["code"], row["fatal"]) == ("bad", "binary", True)
    store.add_result(result("bad", "Now a readable article."))  # fixed: its old problem is gone
    assert list(store.errors()) == []


INJECTIONS = ["'; DROP TABLE events; --", "\" OR 1=1 --", "%", "_", "\\", "x') OR ('1'='1", "Robert'); --"]


@pytest.mark.parametrize("bad", INJECTIONS)
def test_injection_strings_are_harmless(store: Store, bad: str) -> None:
    store.add_result(result("ng5", "Maiduguri.", (event("ng5", "attack"),)))
    assert list(store.events(since=bad, until=bad, types=[bad], sub_types=[bad], actor=bad, country=bad,
                             text=bad)) == []
    assert list(store.events(actor=bad)) == []  # % and _ are literal, not wildcards
    assert list(store.events(text=bad)) == []
    assert list(store.quotes(speaker=bad, doc_id=bad)) == []
    assert list(store.claims(source=bad, doc_id=bad)) == []
    assert store.document(bad) is None and store.event(bad) is None
    assert store.counts()["event_reports"] == 1


def test_failed_transaction_leaves_earlier_documents(store: Store) -> None:
    store.add_result(result("ok", "fine text", (event("ok", "a"),)))
    broken = result("bad", "other text", (event("bad", "b"),))
    store.conn.execute("CREATE TRIGGER boom BEFORE INSERT ON claims BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(sqlite3.DatabaseError):
        store.add_result(broken)
    c = store.counts()
    assert (c["documents"], c["event_reports"]) == (1, 1)  # the half-written document was rolled back
    assert store.document("bad") is None


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.2)
    assert haversine_km(11.846, 13.160, 11.846, 13.160) == 0


def test_candidates_for_cross_document_linking(store: Store) -> None:
    store.add_result(result("wire1", "Wire report.", (event("wire1", "a", day="2021-06-01", event_id="evt_a"),)))
    store.add_result(result("far", "Other place.", (event("far", "b", place="Goma", event_id="evt_b"),)))
    later = event("local2", "c", day="2021-06-02", event_id="tmp")
    assert [c["event_id"] for c in store.candidates_for(later)] == ["evt_a"]
    assert store.candidates_for(event("wire1", "same doc")) == []  # own document excluded
    assert store.candidates_for(event("x", "d", day="2021-07-20")) == []
    assert store.candidates_for(event("x", "e", day=None)) == []


def test_date_window_filters_for_cross_document_candidates(store: Store) -> None:
    from dataclasses import replace

    wide = event("monthly", "a", day="2021-06-01", event_id="evt_wide")
    wide = replace(wide, date=ResolvedDate("2021-03-01", "2021-06-30", "month", "since March", "published"))
    store.add_result(result("monthly", "Monthly report.", (wide,)))
    store.add_result(result("daily", "Daily report.", (event("daily", "b", day="2021-06-01", event_id="evt_day"),)))
    store.add_result(result("nowhere", "No place.", (event("nowhere", "c", place=None, event_id="evt_np"),)))
    probe = event("new", "d", day="2021-06-02", event_id="tmp")
    # the overlap test alone finds the four-month report; a span limit leaves it out
    assert sorted(c["event_id"] for c in store.candidates_for(probe)) == ["evt_day", "evt_wide"]
    assert [c["event_id"] for c in store.candidates_for(probe, max_span_days=31)] == ["evt_day"]
    got = {r["event_id"] for r in store.events(since="2021-06-01", until="2021-06-03", starts_from="2021-05-15",
                                                types=["Violence against civilians"])}
    assert got == {"evt_day", "evt_np"}
    assert [r["event_id"] for r in store.events(since="2021-06-01", unplaced=True)] == ["evt_np"]


def test_candidate_window_queries_use_their_indexes(store: Store) -> None:
    store.add_result(result("daily", "Daily report.", (event("daily", "b", day="2021-06-01", event_id="evt_day"),)))
    plans: list[str] = []
    real = store.conn

    class Spy:  # records the plan of every SELECT the store runs
        def execute(self, sql: str, args: Any = ()) -> Any:
            if sql.startswith("SELECT"):
                plans.extend(str(tuple(r)) for r in real.execute("EXPLAIN QUERY PLAN " + sql, args))
            return real.execute(sql, args)

        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

    store.conn = Spy()  # type: ignore[assignment]
    try:
        assert [c["event_id"] for c in store.candidates_for(event("new", "d", day="2021-06-02"), max_span_days=31)] \
            == ["evt_day"]
        list(store.events(since="2021-06-01", until="2021-06-03", starts_from="2021-05-01", unplaced=True))
    finally:
        store.conn = real
    assert any("events_date_geo" in p for p in plans) and any("events_unplaced" in p for p in plans), plans

