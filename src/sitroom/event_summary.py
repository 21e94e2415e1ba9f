"""One real event from its reports: dates, place, fatalities (UCDP-style low/best/high), sources.

``summarise`` works on :class:`EventReport` records, ``summarise_dicts`` on the
stored JSON dicts (``Store.resolved_events``, ``sitroom event``).
"""
from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from .records import EventReport, Fatalities
from .xdoc import _DATE_RANK, _PLACE_RANK, Rules, default_rules
from .xdoc_store import report_from_dict


def _median(vals: Sequence[int]) -> int:
    return int(round(statistics.median(vals)))


def _fatalities(fats: Sequence[Fatalities]) -> dict[str, int | None] | None:
    """UCDP-style low/best/high across reports. A report's open-ended figure ("at least 21": low 21,
    high null) keeps the summary's high open unless another report states a closed figure above it."""
    if not fats:
        return None
    lows = [f.low for f in fats if f.low is not None]
    bests = [f.best for f in fats if f.best is not None]
    closed = [f.high for f in fats if f.high is not None]
    open_floor = [f.low if f.low is not None else f.best for f in fats
                  if f.high is None and (f.low is not None or f.best is not None)]
    high: int | None
    if open_floor and (not closed or max(closed) < max(x for x in open_floor if x is not None)):
        high = None
    else:
        high = max(closed) if closed else None
    return {"low": min(lows) if lows else None, "best": _median(bests) if bests else None, "high": high}


# Within a group of sub-types that can describe one event (data/xdoc.json), the more specific first:
# a suicide bombing is also an explosion, a protest met with force is also a protest.
_SPECIFICITY = {"Suicide bomb": 0, "Grenade": 1, "Remote explosive/landmine/IED": 2,
                "Excessive force against protesters": 0, "Protest with intervention": 1, "Peaceful protest": 2,
                "Mob violence": 1, "Violent demonstration": 1}


def _specificity(rules: Rules, etype: str, sub: str) -> int:
    return 9 if rules.is_generic(etype, sub) else _SPECIFICITY.get(sub, 1)


def _event_type(rs: Sequence[EventReport], rules: Rules) -> tuple[str, str]:
    """The most specific best-supported (type, sub-type). A report of a less specific sub-type of the same
    family and group (or a generic one: "Armed clash", "Attack") supports the more specific one, so a
    "Suicide bomb" report stays one when an "IED" report links; a better-supported type still wins."""
    types = Counter((r.event_type, r.sub_event_type) for r in rs)

    def support(p: tuple[str, str]) -> int:
        n = types[p]
        for q, m in types.items():
            if q == p or rules.family_of(q[0]) != rules.family_of(p[0]):
                continue
            q_generic = rules.is_generic(*q)
            same_group = rules.group.get(q[1], q[1]) == rules.group.get(p[1], p[1])
            if (q_generic and not rules.is_generic(*p)) or (
                    same_group and _specificity(rules, *q) > _specificity(rules, *p)):
                n += m
        return n

    return min(types, key=lambda p: (-support(p), _specificity(rules, *p), -types[p], p))


def summarise(reports: Sequence[EventReport], published: Mapping[str, str | None] | None = None,
              outlets: Mapping[str, str | None] | None = None) -> dict[str, Any]:
    """One resolved event from its reports.

    ``published``: doc_id -> ISO publication date (first/last report); ``outlets``:
    doc_id -> outlet name (independent sources; a document without one counts alone).
    Fatalities UCDP-style: low = lowest stated low, best = median of the reports'
    best figures, high = highest stated high, open (null) when a report's figure is open-ended
    ("at least 21") and no report states a higher closed one. ``actor1`` is the best-supported
    identified actor (an unidentified one when no report names another); ``actors`` lists every
    actor of every report. The type is the most specific best-supported one (``_event_type``).
    """
    published = published or {}
    outlets = outlets or {}
    rs = list(reports)
    if not rs:
        raise ValueError("an event needs at least one report")
    fatalities = _fatalities([r.fatalities for r in rs if r.fatalities is not None])
    dates = [r.date for r in rs if r.date is not None and r.date.start]
    date_out: dict[str, Any] | None = None
    if dates:
        start = max(d.start for d in dates if d.start)
        end = min((d.end or d.start) for d in dates if d.start)
        agree = start <= end
        if not agree:  # no common day: the most precise, most often stated date
            best_d = min(dates, key=lambda d: (_DATE_RANK.get(d.precision, 9), -sum(x.start == d.start for x in dates),
                                               d.start))
            start, end = best_d.start, best_d.end or best_d.start  # type: ignore[assignment]
            prec = best_d.precision
        else:
            prec = "day" if start == end else min(dates, key=lambda d: _DATE_RANK.get(d.precision, 9)).precision
        date_out = {"start": start, "end": end, "precision": prec, "agree": agree}
    places = [r.location for r in rs if r.location is not None]
    place = None
    if places:
        names = Counter(p.name for p in places)
        p = min(places, key=lambda p: (_PLACE_RANK.get(p.precision, 9), -names[p.name], -p.confidence, p.name))
        place = p.to_dict()
    rules = default_rules()
    etype, sub = _event_type(rs, rules)
    actors = Counter(r.actor1 for r in rs if rules.identified(r.actor1))
    if not actors:  # "Unidentified Armed Group (Mexico)" is still an actor when no report names one
        actors = Counter(r.actor1 for r in rs if r.actor1)
    all_actors = list(dict.fromkeys(
        [a for a, _ in sorted(Counter(r.actor1 for r in rs if r.actor1).items(), key=lambda kv: (-kv[1], kv[0]))]
        + [a for a, _ in sorted(Counter(r.actor2 for r in rs if r.actor2).items(), key=lambda kv: (-kv[1], kv[0]))]))
    pubs = sorted(p for p in (published.get(r.doc_id) for r in rs) if p)
    docs = sorted({r.doc_id for r in rs})
    return {
        "event_id": min(r.event_id for r in rs),
        "event_type": etype, "sub_event_type": sub,
        "actor1": min(actors.items(), key=lambda kv: (-kv[1], kv[0]))[0] if actors else None,
        "date": date_out, "location": place, "fatalities": fatalities,
        "first_report": pubs[0] if pubs else None, "last_report": pubs[-1] if pubs else None,
        "n_reports": len(rs), "n_documents": len(docs),
        "n_sources": len({(outlets.get(d) or "").strip().lower() or "doc:" + d for d in docs}),
        # the first report's words, so one-row-per-event listings still show where it was read
        "doc_id": rs[0].doc_id, "evidence": [e.to_dict() for e in rs[0].evidence[:1]],
        "actor2": next((r.actor2 for r in rs if r.actor2), None),
        "actors": all_actors,  # every actor any report names: actor1s by support, then actor2s
        "background": all(r.background for r in rs),
        "reports": [{"doc_id": r.doc_id, "report_id": r.report_id,
                     "evidence": r.evidence[0].text if r.evidence else "",
                     "fatalities": r.fatalities.to_dict() if r.fatalities else None,
                     "published": published.get(r.doc_id)} for r in rs],
    }


def summarise_dicts(reports: Sequence[Mapping[str, Any]], published: Mapping[str, str | None] | None = None,
                    outlets: Mapping[str, str | None] | None = None) -> dict[str, Any]:
    """``summarise`` over records.md dicts (as the store gives them)."""
    out = summarise([report_from_dict(d) for d in reports], published, outlets)
    out["event_id"] = reports[0].get("event_id") or out["event_id"]
    return out
