"""One real event from its reports: dates, place, fatalities (UCDP-style low/best/high), sources.

``summarise`` works on :class:`EventReport` records, ``summarise_dicts`` on the
stored JSON dicts (``Store.resolved_events``, ``sitroom event``).
"""
from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from .records import EventReport
from .xdoc import _DATE_RANK, _PLACE_RANK, default_rules
from .xdoc_store import report_from_dict


def _median(vals: Sequence[int]) -> int:
    return int(round(statistics.median(vals)))


def summarise(reports: Sequence[EventReport], published: Mapping[str, str | None] | None = None,
              outlets: Mapping[str, str | None] | None = None) -> dict[str, Any]:
    """One resolved event from its reports.

    ``published``: doc_id -> ISO publication date (first/last report); ``outlets``:
    doc_id -> outlet name (independent sources; a document without one counts alone).
    Fatalities UCDP-style: low = lowest stated low, best = median of the reports'
    best figures, high = highest stated high (or best).
    """
    published = published or {}
    outlets = outlets or {}
    rs = list(reports)
    if not rs:
        raise ValueError("an event needs at least one report")
    fats = [r.fatalities for r in rs if r.fatalities is not None]
    lows = [f.low for f in fats if f.low is not None]
    bests = [f.best for f in fats if f.best is not None]
    highs = [f.high if f.high is not None else f.best for f in fats if (f.high if f.high is not None else f.best) is not None]
    fatalities = None if not fats else {"low": min(lows) if lows else None, "best": _median(bests) if bests else None,
                                        "high": max(highs) if highs else None}  # type: ignore[type-var]
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
    types = Counter((r.event_type, r.sub_event_type) for r in rs)
    rules = default_rules()
    (etype, sub), _ = min(types.items(), key=lambda kv: (-kv[1], rules.is_generic(*kv[0]), kv[0]))
    actors = Counter(r.actor1 for r in rs if rules.identified(r.actor1))
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
