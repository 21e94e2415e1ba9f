"""Cross-document resolution against a store: ``add_resolved`` (what ``sitroom ingest`` calls).

A new document's reports are matched with the stored reports near them in time
and space (``Store.candidates_for`` and two date-window queries), whole stored
clusters are loaded and re-clustered with them by :class:`sitroom.xdoc.Resolver`,
and stored reports whose ``event_id`` changes are updated. Every query reads a
bounded window of the date index, so the cost per document does not grow with
the store.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from .records import DocumentResult, EventReport, Fatalities, ResolvedDate, ResolvedPlace, Span
from .xdoc import Resolver, Rules, default_rules, origin_id

log = logging.getLogger(__name__)


def report_from_dict(d: Mapping[str, Any]) -> EventReport:
    """An EventReport from its records.md dict (as ``Store.events`` gives it)."""
    dt, loc, fat = d.get("date"), d.get("location"), d.get("fatalities")
    trig = d.get("trigger")
    return EventReport(
        event_id=d.get("event_id") or "", doc_id=d["doc_id"], event_type=d["event_type"],
        sub_event_type=d.get("sub_event_type") or "", actor1=d.get("actor1"),
        actor1_mention=d.get("actor1_mention"), actor2=d.get("actor2"), actor2_mention=d.get("actor2_mention"),
        date=ResolvedDate(dt.get("start"), dt.get("end"), dt.get("precision") or "unknown", dt.get("text") or "",
                          dt.get("basis") or "none") if dt else None,
        location=ResolvedPlace(loc.get("name") or "", loc.get("country"), loc.get("admin1"), loc.get("lat"),
                               loc.get("lon"), loc.get("precision") or "city", loc.get("text") or "", -1, -1,
                               loc.get("geonameid")) if loc else None,
        fatalities=Fatalities(fat.get("low"), fat.get("best"), fat.get("high"), fat.get("text") or "")
        if fat else None,
        evidence=tuple(Span(e["start"], e["end"], e["text"]) for e in d.get("evidence") or ()),
        background=bool(d.get("background")), confidence=float(d.get("confidence") or 0.5),
        trigger=Span(trig["start"], trig["end"], trig["text"]) if trig else None,
        sources=tuple(d.get("sources") or ()), claimed_by=d.get("claimed_by"),
        report_id=d.get("report_id") or "")


def _store_neighbours(store: Any, ev: EventReport, rules: Rules) -> list[dict[str, Any]]:
    types = rules.types_like(ev.event_type)
    found = store.candidates_for(ev, km=rules.max_km, days=rules.max_day_gap, types=types, limit=200,
                                 max_span_days=rules.max_span_days)
    loc = ev.location
    if not (ev.date and ev.date.start):
        return found
    pad = timedelta(days=rules.max_day_gap)
    since = (date.fromisoformat(ev.date.start[:10]) - pad).isoformat()
    until = (date.fromisoformat((ev.date.end or ev.date.start)[:10]) + pad).isoformat()
    # stored reports wider than max_span_days never link (see _node): bound the date index from below
    starts_from = (date.fromisoformat(since) - timedelta(days=rules.max_span_days)).isoformat()
    if loc is not None and loc.country and loc.precision not in ("city", "admin2"):  # admin1/country: same country
        found += [r for r in store.events(since=since, until=until, types=types, country=loc.country,
                                          background=True, limit=400, starts_from=starts_from)
                  if r["doc_id"] != ev.doc_id]
    # unplaced reports (either side): the same days, anywhere (as the in-memory index does)
    unplaced = loc is None or (loc.lat is None and loc.country is None)
    found += [r for r in store.events(since=since, until=until, types=types, background=True, limit=2000,
                                      starts_from=starts_from, unplaced=not unplaced)
              if r["doc_id"] != ev.doc_id and (unplaced or not r["location"])]
    return found


def add_resolved(store: Any, result: DocumentResult, *, what: Iterable[str] = ("events", "quotes", "claims"),
                 force: bool = False, rules: Rules | None = None) -> bool:
    """``Store.add_result`` with cross-document ids: the document's reports are matched against
    stored events near them (whole stored clusters are re-clustered with them); stored reports
    whose event id changes are updated, and the claims linked to a report follow it. False when
    nothing changed (as ``add_result``)."""
    what = tuple(what)
    doc = result.document
    if not force and store.is_current(doc.id, doc.text, what):
        return False
    rules = rules or default_rules()
    if "events" not in what or not result.events:
        return bool(store.add_result(result, what=what, force=force))
    resolver = Resolver(rules=rules)
    stored: dict[str, tuple[str, str]] = {}  # origin -> (store report_id, stored event_id)
    loaded: set[str] = set()
    for ev in result.events:
        for cand in _store_neighbours(store, ev, rules):
            eid = cand["event_id"]
            if eid in loaded:
                continue
            loaded.add(eid)
            whole = store.event(eid)
            for d in (whole or {}).get("reports", [cand]):
                if d["doc_id"] == doc.id:
                    continue
                r = report_from_dict(d)
                stored[origin_id(r)] = (d["report_id"], d["event_id"])
                resolver.add(r)
    events = tuple(replace(e, event_id=resolver.event_id_of(resolver.add(e))) for e in result.events)
    events = tuple(replace(e, event_id=resolver.event_id_of(e)) for e in events)
    # claims linked to a report follow its new event id (as in xdoc.assign_event_ids)
    moved = {old.event_id: new.event_id for old, new in zip(result.events, events) if old.event_id != new.event_id}
    claims = tuple(replace(c, event_id=moved[c.event_id]) if c.event_id in moved else c for c in result.claims)
    changed = bool(store.add_result(replace(result, events=events, claims=claims), what=what, force=force))
    updates = {rid: resolver.event_id_of(o) for o, (rid, old) in stored.items() if resolver.event_id_of(o) != old}
    if updates:
        store.set_event_ids(updates)
        log.info("%s: %d stored report(s) regrouped", doc.id, len(updates))
    return changed
