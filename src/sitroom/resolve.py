"""Resolve: one record per real event.

Within a document, the same event told twice (lede and a later paragraph) is
merged into one report: same event type, places within a few kilometres (or
one of them unplaced), overlapping dates, and no conflicting actor1. The
merged report keeps the most precise date and place, the largest stated
fatality count, and all evidence.

Claims that restate an event's casualty figure are linked to that event.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from itertools import accumulate
from typing import Any

from .records import Claim, EventReport, ResolvedDate, ResolvedPlace

SAME_PLACE_KM = 15.0
_PREC_ORDER = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4, "years": 5, "unknown": 6}
_PLACE_ORDER = {"city": 0, "admin2": 1, "admin1": 2, "country": 3}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    p = math.pi / 180
    h = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


def dates_overlap(a: ResolvedDate | None, b: ResolvedDate | None) -> bool:
    if a is None or b is None or not a.start or not b.start:
        return True
    a0, a1 = date.fromisoformat(a.start), date.fromisoformat(a.end or a.start)
    b0, b1 = date.fromisoformat(b.start), date.fromisoformat(b.end or b.start)
    return a0 <= b1 and b0 <= a1


def places_agree(a: ResolvedPlace | None, b: ResolvedPlace | None, max_km: float = SAME_PLACE_KM) -> bool:
    if a is None or b is None:
        return True
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.precision == "country" or b.precision == "country":
        return a.country == b.country and a.precision == b.precision
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return a.name == b.name
    return km(a.lat, a.lon, b.lat, b.lon) <= max_km


def _better_date(a: ResolvedDate | None, b: ResolvedDate | None) -> ResolvedDate | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if _PREC_ORDER.get(a.precision, 9) <= _PREC_ORDER.get(b.precision, 9) else b


def _better_place(a: ResolvedPlace | None, b: ResolvedPlace | None) -> ResolvedPlace | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if _PLACE_ORDER.get(a.precision, 9) <= _PLACE_ORDER.get(b.precision, 9) else b


_TIME_OF_DAY = {"morning": "morning", "dawn": "morning", "daybreak": "morning", "afternoon": "afternoon",
                "midday": "afternoon", "noon": "afternoon", "evening": "evening", "dusk": "evening",
                "night": "night", "overnight": "night", "midnight": "night"}


def times_of_day(report: EventReport) -> set[str]:
    words = {w.strip(".,;:'\"()").lower() for e in report.evidence for w in e.text.split()}
    return {_TIME_OF_DAY[w] for w in words if w in _TIME_OF_DAY}


def same_event(a: EventReport, b: EventReport, ta: set[str] | None = None, tb: set[str] | None = None) -> bool:
    """``ta``/``tb``: the reports' ``times_of_day`` when the caller already has them."""
    if a.event_type != b.event_type:
        return False
    if any(r.date is not None and r.date.span_start == -1 and r.date.text for r in (a, b)):
        return False  # dated "later in the day" / "the next day" relative to another event: a new one
    ta = times_of_day(a) if ta is None else ta
    tb = times_of_day(b) if tb is None else tb
    if ta and tb and not ta & tb:
        return False  # a morning shelling and an evening missile strike on the same town
    if a.fatalities and b.fatalities and a.fatalities.best and b.fatalities.best and a.trigger and b.trigger \
            and a.trigger.text.lower() != b.trigger.text.lower() and a.fatalities.best != b.fatalities.best:
        return False  # different words and different tolls: two events
    if a.actor1 and b.actor1 and a.actor1 != b.actor1:
        return False
    if a.date is None or b.date is None or a.location is None or b.location is None:
        return False
    # two day-precise dates must be the same day
    if a.date.precision == "day" and b.date.precision == "day" and a.date.start != b.date.start:
        return False
    return dates_overlap(a.date, b.date) and places_agree(a.location, b.location)


def merge(a: EventReport, b: EventReport) -> EventReport:
    fat = a.fatalities
    if b.fatalities is not None and (fat is None or (b.fatalities.best or 0) > (fat.best or 0)):
        fat = b.fatalities
    return replace(
        a,
        sub_event_type=a.sub_event_type if a.confidence >= b.confidence else b.sub_event_type,
        actor1=a.actor1 or b.actor1, actor1_mention=a.actor1_mention or b.actor1_mention,
        actor2=a.actor2 or b.actor2, actor2_mention=a.actor2_mention or b.actor2_mention,
        date=_better_date(a.date, b.date), location=_better_place(a.location, b.location),
        fatalities=fat, evidence=a.evidence + tuple(e for e in b.evidence if e not in a.evidence),
        background=a.background and b.background, confidence=max(a.confidence, b.confidence),
        sources=tuple(dict.fromkeys(a.sources + b.sources)), claimed_by=a.claimed_by or b.claimed_by,
    )


MAX_PAIRS = 200  # a report is compared with at most this many earlier reports of its type


def merge_within_document(reports: Sequence[EventReport]) -> list[EventReport]:
    """Fold reports of one event together, in order (the first earlier report that is the same event).

    Near-linear: only reports of the same type are compared (no other pair can be the same event), at
    most the last ``MAX_PAIRS`` of them (an article never has that many; a hostile one of 8k event
    lines did, and was quadratic), and the merged evidence and times of day are kept as they grow
    instead of being rebuilt and rescanned on every merge.
    """
    out: list[EventReport] = []  # merged reports, evidence held apart in ``evidence``
    evidence: list[list[Any]] = []
    seen: list[set[Any]] = []
    times: list[set[str]] = []
    by_type: dict[str, list[int]] = {}
    for r in reports:
        tr = times_of_day(r)
        bare = replace(r, evidence=())
        same = by_type.setdefault(r.event_type, [])
        for i in same[-MAX_PAIRS:]:
            if same_event(out[i], bare, times[i], tr):
                out[i] = merge(out[i], bare)
                new = [e for e in r.evidence if e not in seen[i]]  # as merge() does, against a set
                evidence[i].extend(new)
                seen[i].update(new)
                times[i] |= tr
                break
        else:
            same.append(len(out))
            out.append(bare)
            evidence.append(list(r.evidence))
            seen.append(set(r.evidence))
            times.append(set(tr))
    return [replace(o, evidence=tuple(ev)) for o, ev in zip(out, evidence)]


def _inside(e: EventReport, pos: int, cache: dict[int, tuple[list[int], list[int]]]) -> bool:
    """``any(ev.start <= pos < ev.end for ev in e.evidence)`` by bisection (an event merged from
    thousands of lines has thousands of evidence spans)."""
    if len(e.evidence) < 8:
        return any(ev.start <= pos < ev.end for ev in e.evidence)
    got = cache.get(id(e))
    if got is None:
        spans = sorted((ev.start, ev.end) for ev in e.evidence)
        got = cache[id(e)] = ([s for s, _ in spans], list(accumulate((end for _, end in spans), max)))
    starts, reach = got
    k = bisect_right(starts, pos)  # evidence starting at or before pos
    return k > 0 and reach[k - 1] > pos


def link_claims(claims: Sequence[Claim], events: Sequence[EventReport]) -> list[Claim]:
    """A claim whose span lies in an event's evidence and equals its fatality count names that event."""
    out = []
    reach: dict[int, tuple[list[int], list[int]]] = {}
    by_low: dict[int, list[EventReport]] = {}  # events by fatality count: a claim reads only those it can name
    for e in events:
        if e.fatalities is not None and e.fatalities.low is not None:
            by_low.setdefault(e.fatalities.low, []).append(e)
    for c in claims:
        eid = None
        try:
            candidates = by_low.get(int(c.value_low), []) if c.value_low is not None else []
        except (TypeError, ValueError, OverflowError):
            candidates = list(events)
        for e in candidates:
            if e.fatalities is None:
                continue
            inside = _inside(e, c.start, reach)
            if inside and c.value_low is not None and e.fatalities.low is not None and int(c.value_low) == e.fatalities.low:
                eid = e.event_id
                break
        out.append(replace(c, event_id=eid) if eid else c)
    return out
