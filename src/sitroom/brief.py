"""``sitroom brief``: the situation report an analyst sends, computed from the store.

``build_brief(store, since=…, until=…, country=…, near=…, types=…, actor=…)`` takes the
filters of :meth:`sitroom.store.Store.events` (the CLI's and the HTTP API's) and returns a
:class:`Brief`: headline figures, events by type, a timeline, actors, the top events, claims of
responsibility, quotes and numeric claims, and what changed against the previous period of the
same length. Every figure is a :class:`Fig`: its value and the ids of the events it is computed
from, so each number in a rendered brief links (HTML) or is footnoted (PDF, Markdown) to them.
Rendering is in :mod:`sitroom.brief_render` (HTML with inline SVG, Markdown, PDF).

Counting rules (stated in every brief, see :data:`RULES`):

* An *event* is one real event (``event_id``): the reports of several documents about it count
  once. It is in scope when at least one of its non-background reports matches the filters (a
  report's date range overlaps the period).
* Its fatalities are UCDP-style across its reports (``event_summary.summarise``): low = the lowest
  low stated, best = the median of the best figures, high = the highest high (or best). The
  period's low, best and high are the sums of its events' lows, bests and highs; an event without
  a stated low or high counts its best there; events with no figure add nothing and are counted.
* Documents read are the documents with a report of an event in scope; outlets are the distinct
  outlet names among them (a document without one counts as its own source, as in
  ``event_summary``). A single-source event has one such source.
"""
from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .api_query import week_of
from .event_summary import summarise_dicts

RULES = (
    "An event is one real event (all the documents reporting it count once); it is in scope when one of its "
    "reports matches the filters and its dates overlap the period.",
    "Fatalities follow UCDP: each event's low is the lowest figure stated for it, its best the median of its "
    "reports' best figures, its high the highest figure; the period's low, best and high are the sums over its "
    "events (an event with no stated low or high counts its best there). Events with no figure add nothing "
    "and are counted apart. Wounded are never counted.",
    "Documents read are those reporting an event in scope; outlets are their distinct outlet names (a "
    "document without an outlet counts as its own source). A single-source event is reported by one source.",
    "What changed compares the period with the one of the same length just before it, under the same filters. "
    "A place or actor is new when it appears in this period and not in the previous one. A type escalates when "
    "more were killed (best) than before, or as many with more events; it declines in the opposite case.",
    "Quotes and numeric claims are those of the documents reporting an event in scope.",
)
MAX_WEEKLY_BUCKETS = 60  # a longer period is charted by month


@dataclass(frozen=True, slots=True)
class Fig:
    """A figure and the ids of the events it is computed from."""

    value: int
    ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Toll:
    """Fatalities summed over events (UCDP rule): low, best, high, and which events had a figure."""

    low: int
    best: int
    high: int
    ids: tuple[str, ...] = ()  # events with a figure
    unknown: tuple[str, ...] = ()  # events in the set with no figure


@dataclass(frozen=True, slots=True)
class Place:
    name: str | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None

    @property
    def label(self) -> str:
        parts = [p for p in (self.name, self.admin1 if self.admin1 != self.name else None, self.country) if p]
        return ", ".join(parts) if parts else "unplaced"


@dataclass(frozen=True, slots=True)
class Source:
    doc_id: str
    outlet: str | None
    title: str | None
    url: str | None
    published: str | None


@dataclass(frozen=True, slots=True)
class BriefEvent:
    """One real event in scope, summarised over all its reports."""

    event_id: str
    event_type: str
    sub_event_type: str | None
    date_start: str | None
    date_end: str | None
    place: Place
    actor1: str | None
    actor2: str | None
    claimed_by: str | None
    low: int | None
    best: int | None
    high: int | None
    attributed_to: tuple[str, ...]  # who the articles say told them ("police", "local officials")
    documents: tuple[str, ...]
    n_reports: int
    n_sources: int
    evidence: str
    evidence_doc: str | None
    report_ids: tuple[str, ...]

    @property
    def date_label(self) -> str:
        if not self.date_start:
            return "undated"
        if self.date_end and self.date_end != self.date_start:
            return f"{self.date_start} to {self.date_end}"
        return self.date_start

    @property
    def has_toll(self) -> bool:
        return self.best is not None or self.low is not None or self.high is not None


@dataclass(frozen=True, slots=True)
class TypeRow:
    event_type: str
    events: Fig
    toll: Toll


@dataclass(frozen=True, slots=True)
class Bucket:
    """One timeline bar: events and fatalities (best) of one type in one week (or month)."""

    start: str
    event_type: str
    events: Fig
    fatalities: Fig


@dataclass(frozen=True, slots=True)
class ActorRow:
    name: str
    as_actor1: Fig
    as_actor2: Fig
    fatalities: Fig  # best, summed over the events they are actor1 or actor2 of


@dataclass(frozen=True, slots=True)
class QuoteItem:
    speaker: str | None
    role: str | None
    text: str
    doc_id: str
    outlet: str | None
    published: str | None
    event_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClaimItem:
    subject: str | None
    low: float | None
    high: float | None
    unit: str | None
    source: str | None
    text: str
    doc_id: str
    event_ids: tuple[str, ...]

    @property
    def value_label(self) -> str:
        def num(v: float | None) -> str:
            if v is None:
                return "?"
            return f"{int(v):,}" if float(v).is_integer() else f"{v:,}"

        if self.low is not None and self.high is not None and self.low != self.high:
            return f"{num(self.low)}–{num(self.high)}"
        if self.low is not None and self.high is None:
            return f"at least {num(self.low)}"
        if self.low is None and self.high is not None:
            return f"up to {num(self.high)}"
        return num(self.low)


@dataclass(frozen=True, slots=True)
class TypeChange:
    event_type: str
    before: Fig
    now: Fig
    killed_before: Fig
    killed_now: Fig

    @property
    def verdict(self) -> str:
        if self.before.value == 0 and self.now.value > 0:
            return "new"
        if self.now.value == 0 and self.before.value > 0:
            return "none this period"
        d_kill = self.killed_now.value - self.killed_before.value
        d_ev = self.now.value - self.before.value
        if d_kill > 0 or (d_kill == 0 and d_ev > 0):
            return "escalation"
        if d_kill < 0 or (d_kill == 0 and d_ev < 0):
            return "decline"
        return "unchanged"


@dataclass(frozen=True, slots=True)
class Changes:
    """This period against the previous one of the same length (same filters)."""

    since: str
    until: str
    events_before: Fig
    toll_before: Toll
    new_places: tuple[tuple[str, Fig], ...]
    places_gone: tuple[tuple[str, Fig], ...]  # ids: the previous period's events there
    new_actors: tuple[tuple[str, Fig], ...]
    actors_gone: tuple[tuple[str, Fig], ...]
    by_type: tuple[TypeChange, ...]
    events: tuple[BriefEvent, ...] = ()  # the previous period's events (listed, so its figures link too)


@dataclass(frozen=True, slots=True)
class Scope:
    since: str | None  # the period (given, or the span of the events found)
    until: str | None
    filters: dict[str, Any] = field(default_factory=dict)  # Store.events filters as given (no dates)
    place_label: str | None = None  # "within 100 km of Mosul", "Nigeria (NG)"
    period_given: bool = False

    @property
    def title(self) -> str:
        return self.place_label or "All places"

    def filter_lines(self) -> list[str]:
        f = self.filters
        out = []
        if f.get("country"):
            out.append(f"country {f['country']}")
        if f.get("near"):
            lat, lon, km = f["near"]
            out.append(f"within {km:g} km of {lat:.4g},{lon:.4g}")
        if f.get("bbox"):
            out.append("box " + ",".join(f"{v:g}" for v in f["bbox"]))
        if f.get("types"):
            out.append("type " + " or ".join(f["types"]))
        if f.get("sub_types"):
            out.append("sub-type " + " or ".join(f["sub_types"]))
        if f.get("actor"):
            out.append(f"actor matching {f['actor']!r}")
        if f.get("min_fatalities") is not None:
            out.append(f"at least {f['min_fatalities']} killed")
        if f.get("text"):
            out.append(f"text {f['text']!r}")
        if f.get("background"):
            out.append("including background mentions")
        return out


@dataclass(frozen=True, slots=True)
class Brief:
    scope: Scope
    generated: str  # UTC timestamp
    version: str
    events: tuple[BriefEvent, ...]  # every event in scope, by date
    total: Fig
    toll: Toll
    by_type: tuple[TypeRow, ...]
    documents: Fig  # value: documents read; ids: the events they report
    doc_ids: tuple[str, ...]
    outlets: tuple[str, ...]  # named outlets
    n_sources: int  # distinct sources (outlets, or documents without one)
    single_source: Fig
    undated: Fig
    unplaced: Fig
    bucket: str  # "week" or "month"
    timeline: tuple[Bucket, ...]
    actors: tuple[ActorRow, ...]
    top: tuple[BriefEvent, ...]
    responsibility: tuple[BriefEvent, ...]
    quotes: tuple[QuoteItem, ...]
    claims: tuple[ClaimItem, ...]
    changes: Changes | None
    rules: tuple[str, ...] = RULES

    def event(self, event_id: str) -> BriefEvent:
        for e in self.events:
            if e.event_id == event_id:
                return e
        raise KeyError(event_id)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict (dataclasses as dicts, tuples as lists)."""
        from dataclasses import asdict

        return asdict(self)


# ---------------------------------------------------------------- computing

FILTER_KEYS = ("types", "sub_types", "actor", "country", "near", "bbox", "min_fatalities", "text", "background")


def _ids(events: Iterable[BriefEvent]) -> tuple[str, ...]:
    return tuple(e.event_id for e in events)


def toll_of(events: Sequence[BriefEvent]) -> Toll:
    """The UCDP sums over events (see :data:`RULES`)."""
    with_fig = [e for e in events if e.has_toll]
    low = best = high = 0
    for e in with_fig:
        b = e.best if e.best is not None else (e.low if e.low is not None else e.high) or 0
        best += b
        low += e.low if e.low is not None else b
        high += max(e.high if e.high is not None else b, b)
    return Toll(low, best, high, _ids(with_fig), _ids(e for e in events if not e.has_toll))


def _day(s: str | None) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


def collect_events(store: Any, since: str | None, until: str | None,
                   filters: dict[str, Any]) -> tuple[list[BriefEvent], dict[str, Source]]:
    """The real events with a report matching the filters and period, summarised over all their reports,
    and the documents of their reports."""
    order: dict[str, None] = {}  # event ids in the order of their first matching report
    for r in store.events(since=since, until=until, **{k: filters.get(k) for k in FILTER_KEYS
                                                       if filters.get(k) is not None}):
        order.setdefault(r["event_id"], None)
    docs: dict[str, Source] = {}
    out: list[BriefEvent] = []
    for eid in order:
        found = store.event(eid)
        if found is None:  # pragma: no cover - deleted meanwhile
            continue
        reports = found["reports"]
        for r in reports:
            if r["doc_id"] not in docs:
                d = store.document(r["doc_id"]) or {}
                pub = d.get("published")
                docs[r["doc_id"]] = Source(r["doc_id"], d.get("outlet"), d.get("title"), d.get("url"),
                                           pub.get("date") if isinstance(pub, dict) else pub)
        s = summarise_dicts(reports, {k: v.published for k, v in docs.items()},
                            {k: v.outlet for k, v in docs.items()})
        fat = s["fatalities"] or {}
        loc = s["location"] or {}
        date = s["date"] or {}
        attributed = sorted({x for r in reports for x in (r.get("sources") or []) if x})
        ev = (s.get("evidence") or [{}])[0] if s.get("evidence") else {}
        out.append(BriefEvent(
            event_id=eid, event_type=s["event_type"], sub_event_type=s["sub_event_type"],
            date_start=date.get("start"), date_end=date.get("end"),
            place=Place(loc.get("name"), loc.get("admin1"), loc.get("country"), loc.get("lat"), loc.get("lon")),
            actor1=s["actor1"] or next((r["actor1"] for r in reports if r.get("actor1")), None),
            actor2=s["actor2"], claimed_by=next((r["claimed_by"] for r in reports if r.get("claimed_by")), None),
            low=fat.get("low"), best=fat.get("best"), high=fat.get("high"),
            attributed_to=tuple(attributed), documents=tuple(sorted({r["doc_id"] for r in reports})),
            n_reports=s["n_reports"], n_sources=s["n_sources"], evidence=ev.get("text") or "",
            evidence_doc=s.get("doc_id"), report_ids=tuple(r["report_id"] for r in reports)))
    out.sort(key=lambda e: (e.date_start is None, e.date_start or "", e.event_id))
    return out, docs


def _by_type(events: Sequence[BriefEvent]) -> tuple[TypeRow, ...]:
    groups: dict[str, list[BriefEvent]] = defaultdict(list)
    for e in events:
        groups[e.event_type].append(e)
    rows = [TypeRow(t, Fig(len(es), _ids(es)), toll_of(es)) for t, es in groups.items()]
    return tuple(sorted(rows, key=lambda r: (-r.events.value, r.event_type)))


def _month_of(day: str) -> str:
    return day[:7] + "-01"


def _timeline(events: Sequence[BriefEvent], since: str | None, until: str | None) -> tuple[str, tuple[Bucket, ...]]:
    dated = [e for e in events if _day(e.date_start)]
    if not dated:
        return "week", ()
    first = _day(since) or min(_day(e.date_start) for e in dated)  # type: ignore[type-var]
    last = _day(until) or max(_day(e.date_start) for e in dated)  # type: ignore[type-var]
    assert first is not None and last is not None
    weekly = (last - first).days / 7 <= MAX_WEEKLY_BUCKETS
    key = (lambda d: week_of(d) or d) if weekly else _month_of
    groups: dict[tuple[str, str], list[BriefEvent]] = defaultdict(list)
    for e in dated:
        groups[(key(e.date_start), e.event_type)].append(e)  # type: ignore[arg-type]
    buckets = [Bucket(b, t, Fig(len(es), _ids(es)), Fig(toll_of(es).best, _ids(x for x in es if x.has_toll)))
               for (b, t), es in groups.items()]
    return ("week" if weekly else "month"), tuple(sorted(buckets, key=lambda b: (b.start, b.event_type)))


def bucket_starts(bucket: str, since: str | None, until: str | None,
                  timeline: Sequence[Bucket]) -> list[str]:
    """Every bucket (week Monday or month first) from the period's start to its end, empty ones too."""
    known = [d for d in (_day(b.start) for b in timeline) if d is not None]
    first = _day(since) or (min(known) if known else None)
    last = _day(until) or (max(known) if known else None)
    if first is None or last is None:
        return []
    if known:  # events whose range starts before the period are charted at their start
        first, last = min(first, *known), max(last, *known)
    out: list[str] = []
    if bucket == "week":
        d = first - _dt.timedelta(days=first.weekday())
        while d <= last:
            out.append(d.isoformat())
            d += _dt.timedelta(days=7)
    else:
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            out.append(f"{y:04d}-{m:02d}-01")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _actors(events: Sequence[BriefEvent]) -> tuple[ActorRow, ...]:
    a1: dict[str, list[BriefEvent]] = defaultdict(list)
    a2: dict[str, list[BriefEvent]] = defaultdict(list)
    for e in events:
        if e.actor1:
            a1[e.actor1].append(e)
        if e.actor2 and e.actor2 != e.actor1:
            a2[e.actor2].append(e)
    rows = []
    for name in set(a1) | set(a2):
        both = a1.get(name, []) + a2.get(name, [])
        t = toll_of(both)
        rows.append(ActorRow(name, Fig(len(a1.get(name, [])), _ids(a1.get(name, []))),
                             Fig(len(a2.get(name, [])), _ids(a2.get(name, []))), Fig(t.best, t.ids)))
    return tuple(sorted(rows, key=lambda r: (-(r.as_actor1.value + r.as_actor2.value), -r.fatalities.value,
                                             r.name)))


def _place_key(e: BriefEvent) -> str | None:
    return e.place.label if e.place.name else None


def _actor_names(e: BriefEvent) -> list[str | None]:
    return [e.actor1, e.actor2]


def _changes(store: Any, events: Sequence[BriefEvent], since: str, until: str,
             filters: dict[str, Any]) -> Changes:
    d0, d1 = _day(since), _day(until)
    assert d0 is not None and d1 is not None
    length = (d1 - d0).days + 1
    p_until = d0 - _dt.timedelta(days=1)
    p_since = d0 - _dt.timedelta(days=length)
    before, _ = collect_events(store, p_since.isoformat(), p_until.isoformat(), filters)

    def index(es: Sequence[BriefEvent], key: Any) -> dict[str, list[BriefEvent]]:
        out: dict[str, list[BriefEvent]] = defaultdict(list)
        for e in es:
            for k in key(e):
                if k:
                    out[k].append(e)
        return out

    places_now, places_then = index(events, lambda e: [_place_key(e)]), index(before, lambda e: [_place_key(e)])
    actors_now, actors_then = index(events, _actor_names), index(before, _actor_names)

    def only(a: dict[str, list[BriefEvent]], b: dict[str, list[BriefEvent]]) -> tuple[tuple[str, Fig], ...]:
        return tuple((k, Fig(len(v), _ids(v))) for k, v in sorted(a.items(), key=lambda kv: (-len(kv[1]), kv[0]))
                     if k not in b)

    types_now, types_then = _by_type(events), _by_type(before)
    tn = {r.event_type: r for r in types_now}
    tb = {r.event_type: r for r in types_then}
    empty_fig, empty = Fig(0), Toll(0, 0, 0)
    changes = []
    for t in sorted(set(tn) | set(tb), key=lambda t: (-(tn[t].events.value if t in tn else 0), t)):
        now, then = tn.get(t), tb.get(t)
        changes.append(TypeChange(t, then.events if then else empty_fig, now.events if now else empty_fig,
                                  Fig((then.toll if then else empty).best, (then.toll if then else empty).ids),
                                  Fig((now.toll if now else empty).best, (now.toll if now else empty).ids)))
    return Changes(p_since.isoformat(), p_until.isoformat(), Fig(len(before), _ids(before)), toll_of(before),
                   only(places_now, places_then), only(places_then, places_now),
                   only(actors_now, actors_then), only(actors_then, actors_now), tuple(changes), tuple(before))


def build_brief(store: Any, *, since: str | None = None, until: str | None = None,
                place_label: str | None = None, top: int = 10, max_quotes: int = 12, max_claims: int = 20,
                compare: bool = True, now: str | None = None, **filters: Any) -> Brief:
    """The brief for the events matching ``filters`` (``Store.events`` keyword arguments: ``types``,
    ``sub_types``, ``actor``, ``country``, ``near`` (lat, lon, km), ``bbox``, ``min_fatalities``,
    ``text``, ``background``) in the period ``since``..``until`` (ISO days; either open).

    An open period is closed by the events found (first and last day), so that what changed can be
    computed; ``compare=False`` leaves it out. ``place_label`` names the scope ("Mosul", "Nigeria").
    """
    unknown = set(filters) - set(FILTER_KEYS)
    if unknown:
        raise TypeError(f"unknown brief filters: {', '.join(sorted(unknown))}")
    if since and until and since > until:
        raise ValueError("since is after until")
    events, docs = collect_events(store, since, until, filters)
    days = sorted(d for e in events for d in (e.date_start, e.date_end) if d)
    p_since = since or (days[0][:10] if days else None)
    p_until = until or (days[-1][:10] if days else None)
    if not place_label:
        place_label = _default_label(filters)
    scope = Scope(p_since, p_until, {k: v for k, v in filters.items() if v not in (None, (), [], False)},
                  place_label, bool(since or until))
    total = Fig(len(events), _ids(events))
    doc_events: dict[str, list[str]] = defaultdict(list)
    for e in events:
        for d in e.documents:
            doc_events[d].append(e.event_id)
    doc_ids = tuple(sorted(doc_events))
    outlets = tuple(sorted({(docs[d].outlet or "").strip() for d in doc_ids if d in docs} - {""}))
    n_sources = len({(docs[d].outlet or "").strip().lower() or "doc:" + d if d in docs else "doc:" + d
                     for d in doc_ids})
    bucket, timeline = _timeline(events, p_since, p_until)
    top_events = sorted(events, key=lambda e: (-(e.best if e.best is not None else -1), -e.n_sources,
                                               -e.n_reports, e.date_start or "", e.event_id))[:top]
    quotes, claims = _quotes_claims(store, events, docs, doc_ids, max_quotes, max_claims)
    changes = None
    if compare and p_since and p_until:
        changes = _changes(store, events, p_since, p_until, filters)
    return Brief(
        scope=scope, generated=now or _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        version=__version__, events=tuple(events), total=total, toll=toll_of(events), by_type=_by_type(events),
        documents=Fig(len(doc_ids), total.ids), doc_ids=doc_ids, outlets=outlets, n_sources=n_sources,
        single_source=Fig(sum(e.n_sources <= 1 for e in events), _ids(e for e in events if e.n_sources <= 1)),
        undated=Fig(sum(not e.date_start for e in events), _ids(e for e in events if not e.date_start)),
        unplaced=Fig(sum(e.place.lat is None for e in events), _ids(e for e in events if e.place.lat is None)),
        bucket=bucket, timeline=timeline, actors=_actors(events), top=tuple(top_events),
        responsibility=tuple(e for e in events if e.claimed_by), quotes=quotes, claims=claims, changes=changes)


def _default_label(filters: dict[str, Any]) -> str | None:
    if filters.get("country"):
        try:
            import pycountry

            c = pycountry.countries.get(alpha_2=str(filters["country"]).upper())
            if c is not None:
                return f"{c.name} ({c.alpha_2})"
        except ImportError:  # pragma: no cover - a declared dependency
            pass
        return str(filters["country"])
    if filters.get("near"):
        lat, lon, km = filters["near"]
        return f"Within {km:g} km of {lat:.4g}, {lon:.4g}"
    return None


def _quotes_claims(store: Any, events: Sequence[BriefEvent], docs: dict[str, Source], doc_ids: Sequence[str],
                   max_quotes: int, max_claims: int) -> tuple[tuple[QuoteItem, ...], tuple[ClaimItem, ...]]:
    by_doc: dict[str, list[str]] = defaultdict(list)
    for e in events:
        for d in e.documents:
            by_doc[d].append(e.event_id)
    in_scope = {e.event_id for e in events}
    quotes: list[QuoteItem] = []
    claims: list[ClaimItem] = []
    for d in doc_ids:
        src = docs.get(d)
        for q in store.quotes(doc_id=d):
            quotes.append(QuoteItem(q["speaker"] or q["speaker_mention"], q["speaker_role"], q["text"], d,
                                    src.outlet if src else None, src.published if src else None,
                                    tuple(by_doc[d])))
        for c in store.claims(doc_id=d):
            linked = (c["event_id"],) if c["event_id"] in in_scope else tuple(by_doc[d])
            claims.append(ClaimItem(c["subject"], c["value"]["low"], c["value"]["high"], c["unit"], c["source"],
                                    c["text"], d, linked))
    # key quotes: direct and attributed first, then by date; claims: attributed ones about people first
    quotes.sort(key=lambda q: (not q.speaker, q.published or "", q.doc_id))
    claims.sort(key=lambda c: (not c.source, c.unit != "people", c.doc_id))
    return tuple(quotes[:max_quotes]), tuple(claims[:max_claims])


def counts_by_type(brief: Brief) -> Counter[str]:
    return Counter({r.event_type: r.events.value for r in brief.by_type})
