"""evaluate.diagnose_events / miss_breakdown / per_sub_type / case_weighted_f1 on invented gold and reports."""
from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.evaluate import MISS_CAUSES, case_weighted_f1, diagnose_events, miss_breakdown, per_sub_type


def gold_event(lat: float = 10.0, lon: float = 10.0, day: str = "2024-03-01", sub: str = "Attack") -> dict[str, Any]:
    return {"event_type": "Violence against civilians", "sub_event_type": [sub], "actor1": ["gunmen"],
            "location": {"lat": lat, "lon": lon, "country": "NG", "tolerance_km": 25},
            "date": {"start": day, "end": day}}


def report(doc: str, lat: float | None, lon: float | None, day: str, sub: str = "Attack",
           conf: float = 0.5) -> dict[str, Any]:
    loc = {"lat": lat, "lon": lon, "country": "NG"} if lat is not None else None
    return {"doc_id": doc, "event_type": "Violence against civilians", "sub_event_type": sub, "actor1": "gunmen",
            "location": loc, "date": {"start": day, "end": day}, "confidence": conf}


def test_each_cause_is_told_apart() -> None:
    gold = {"documents": [{"doc_id": d, "events": [gold_event()]} for d in "abcdef"]}
    preds = [report("a", 10.0, 10.0, "2024-03-01"),          # matched
             # b: no report
             {**report("c", None, None, "2024-03-01"), "location": None},   # place missing
             report("d", 40.0, 40.0, "2024-03-01"),          # too far
             report("e", 10.0, 10.0, "2023-01-01"),          # date wrong
             report("f", 40.0, 40.0, "2023-01-01")]          # both wrong
    rows = {r["doc_id"]: r for r in diagnose_events(gold, preds)}
    assert [rows[d]["cause"] for d in "abcdef"] == ["matched", "no_report", "place_missing", "place_too_far",
                                                    "date_wrong", "date_and_place_wrong"]
    assert rows["d"]["km"] > 4000
    m = miss_breakdown(list(rows.values()))
    assert abs(sum(m[c] for c in MISS_CAUSES) - 1) < 1e-9
    assert m["too_far_km_median"] == rows["d"]["km"]


def test_one_report_for_two_gold_events_is_report_taken() -> None:
    gold = {"documents": [{"doc_id": "a", "events": [gold_event(), gold_event(10.05, 10.05)]}]}
    causes = sorted(r["cause"] for r in diagnose_events(gold, [report("a", 10.0, 10.0, "2024-03-01")]))
    assert causes == ["matched", "report_taken"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.floats(0, 20), st.floats(0, 20),
                          st.sampled_from(["2024-03-01", "2024-02-01"])), max_size=8))
def test_shares_always_add_up_to_one(raw: list[tuple[str, float, float, str]]) -> None:
    gold = {"documents": [{"doc_id": d, "events": [gold_event(), gold_event(12, 12)]} for d in "abc"]}
    rows = diagnose_events(gold, [report(d, la, lo, day) for d, la, lo, day in raw])
    assert len(rows) == 6
    m = miss_breakdown(rows)
    assert abs(sum(m[c] for c in MISS_CAUSES) - 1) < 1e-9


def test_per_type_and_case_measure() -> None:
    gold = {"documents": [{"doc_id": "a", "events": [gold_event(sub="Attack")]},
                          {"doc_id": "b", "events": [gold_event(sub="Abduction/forced disappearance")]}]}
    preds = [report("a", 10.0, 10.0, "2024-03-01", "Attack", 0.9), report("a", 10.0, 10.0, "2024-03-01", "Grenade", 0.2),
             report("b", 10.0, 10.0, "2024-03-01", "Attack", 0.8)]
    t = per_sub_type(gold, preds)
    assert t["Attack"]["tp"] == 1 and t["Attack"]["predicted"] == 2 and t["Attack"]["gold"] == 1
    assert t["Abduction/forced disappearance"]["recall"] == 0
    c = case_weighted_f1(gold, preds)
    # labels: a -> Attack (right), b -> Attack (wrong): F1(Attack) = 2/3, F1(Abduction) = 0, weights 1/2 each
    assert abs(c["weighted_f1"] - 1 / 3) < 1e-9 and c["accuracy"] == 0.5
