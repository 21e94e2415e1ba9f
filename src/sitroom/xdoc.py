"""Cross-document resolution: one real event, many reports.

``Resolver`` gives reports of the same real-world event (told by different
documents) one shared ``event_id``. Two reports *may* be the same event when:

* their types are compatible (``data/xdoc.json``: same family - e.g. the three
  violent types - and the same sub-type group, or one of them a generic
  sub-type such as "Armed clash"/"Attack");
* their dates agree: two day-precise dates at most ``max_day_gap`` days apart,
  otherwise overlapping intervals (a day inside a week - "last week" - costs
  less than a day inside a month; intervals wider than ``max_span_days`` never link);
* their places agree: within ``max_km``; an area told by its centre (a district,
  ``area_km``) and a place inside it, in one admin1 (two different districts
  never; two named towns farther apart than ``town_km`` only when one lies inside
  the other's built-up area, whose reach grows with its population; a name the
  text tells as an area, "X district", is no town); or the same admin1/country
  when one side is only that precise. A
  report with no place at all (or only a country other than the other report's:
  a country alone is often the actors' or a border's, not the scene) links only
  on an identified actor in common or agreeing tolls: neither its wording nor a
  generic crowd ("protesters") counts;
* their actors agree (``actors_agree``): the same actor1 once ACLED's period or
  country suffix is dropped, a group and its named branch, one country's police
  and military as its state forces; a report told from the other side (one's
  actor1 the other's actor2); or one side missing/unidentified, guessed (no
  words named it: the event type's usual side) or named in the other report's
  own text ("suspected X or Y fighters");
* they come from different documents (within-document merging is done before).

A pair that passes is scored (sub-type exactness, same day, distance, actor,
fatality agreement, word overlap of the evidence; :func:`pair_verdict` also
says which rule decided) and becomes an *edge* when
the score reaches a threshold (higher for generic sub-types, a one-day gap or
an unplaced side). Candidates are found through a blocking index keyed by day
and ~0.5 degree grid cell (neighbouring cells only; a report with no place or
only a country meets every report of its days), never all pairs.

Clusters are built per connected component of the edge graph by constrained
single linkage in a canonical order (edges by score, then by report key), so
the result depends only on the *set* of reports, never on their order. A merge
is refused when the two clusters share a document, name different identified
actors, two towns apart (as for a pair), different specific sub-type groups,
places more than ``cluster_max_km`` apart, or dates that cannot all hold at once.

Event ids: each report has an origin id (``evt_`` + hash of its document id,
type, sub-type, trigger and evidence offsets - the id the extractor gives a
lone report); a cluster's event_id is the smallest origin id among its
reports. Hence a lone report keeps its id; when a new report joins or links
two clusters, the reports of the affected component are re-clustered and may
get a new id (the smallest origin of their new cluster). ``Resolver.changed``
lists the ids changed by the last ``add``.

Against a store, :func:`sitroom.xdoc_store.add_resolved` does the same for one
new document; :mod:`sitroom.event_summary` turns a cluster into one event.
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import date
from pathlib import Path

from .records import DocumentError, DocumentResult, EventReport, ResolvedPlace
from .resolve import km

log = logging.getLogger(__name__)

DATA = Path(__file__).parent / "data" / "xdoc.json"
_WORD = re.compile(r"[a-z][a-z'\-]{2,}")
_PLACE_RANK = {"city": 0, "admin2": 1, "admin1": 2, "country": 3}
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4, "years": 5, "unknown": 6}


# ---------------------------------------------------------------- rules

@dataclass(frozen=True)
class Rules:
    """The knowledge and weights of ``data/xdoc.json``."""

    version: int
    family: Mapping[str, str]  # event_type -> family
    group: Mapping[str, str]  # sub_event_type -> group
    generic: Mapping[str, frozenset[str]]  # family -> generic sub-types
    unidentified: tuple[str, ...]
    max_day_gap: int
    max_span_days: int
    max_km: float
    near_km: float
    cluster_max_km: float
    cell_deg: float
    fat: Mapping[str, float]
    scores: Mapping[str, float]
    thresholds: Mapping[str, float]
    stopwords: frozenset[str] = frozenset()
    same_actor: Mapping[str, str] = dataclass_field(default_factory=dict)  # actor key -> the key it is compared as
    state_forces: tuple[str, ...] = ()  # name prefixes of a country's state forces ("Police Forces of ")
    area_km: Mapping[str, float] = dataclass_field(default_factory=dict)  # precision -> how far its point may lie
    generic_actors: frozenset[str] = frozenset()  # actor keys that name a kind of people, not a group ("protesters")
    area_words: re.Pattern[str] | None = None  # a word after a place name that tells an area ("Kwale county")
    town_km: float = 0.0  # two towns farther apart than this (or than the larger one's reach) are two places
    town_density: float = 0.0  # people per km2 of a town's built-up area: its reach from its population

    @classmethod
    def load(cls, path: str | Path | None = None) -> Rules:
        d = json.loads(Path(path or DATA).read_text(encoding="utf-8"))
        family = {t: fam for fam, types in d["type_families"].items() for t in types}
        group = {s: g for g, subs in d["sub_type_groups"].items() for s in subs}
        stop: frozenset[str] = frozenset()
        sw = Path(__file__).parent / "data" / "english_stopwords.json"
        if sw.exists():
            stop = frozenset(json.loads(sw.read_text(encoding="utf-8")).get("words", ()))
        return cls(
            version=int(d["version"]), family=family, group=group,
            generic={f: frozenset(v) for f, v in d.get("generic_sub_types", {}).items()},
            unidentified=tuple(d.get("unidentified_actor_prefixes", ())),
            max_day_gap=int(d["dates"]["max_day_gap"]), max_span_days=int(d["dates"]["max_span_days"]),
            max_km=float(d["places"]["max_km"]), near_km=float(d["places"]["near_km"]),
            cluster_max_km=float(d["places"]["cluster_max_km"]), cell_deg=float(d["places"]["cell_deg"]),
            fat=d["fatalities"], scores=d["scores"], thresholds=d["thresholds"], stopwords=stop,
            same_actor={k.lower(): v.lower() for k, v in d.get("actors", {}).get("same_actor", {}).items()},
            state_forces=tuple(d.get("actors", {}).get("state_forces_prefixes", ())),
            area_km={k: float(v) for k, v in d["places"].get("area_km", {}).items()},
            generic_actors=frozenset(x.lower() for x in d.get("actors", {}).get("generic", ())),
            area_words=re.compile(r"\s*(?:" + "|".join(map(re.escape, d["places"]["area_words"])) + r")\b", re.I)
            if d["places"].get("area_words") else None,
            town_km=float(d["places"].get("town_km", 0.0)),
            town_density=float(d["places"].get("town_people_per_km2", 0.0)))

    def family_of(self, event_type: str) -> str:
        return self.family.get(event_type, event_type)

    def types_like(self, event_type: str) -> list[str]:
        """Event types that may describe the same event as ``event_type``."""
        fam = self.family_of(event_type)
        return sorted({t for t, f in self.family.items() if f == fam} | {event_type})

    def is_generic(self, event_type: str, sub: str) -> bool:
        return sub in self.generic.get(self.family_of(event_type), frozenset())

    def identified(self, actor: str | None) -> str | None:
        if not actor or any(actor.startswith(p) for p in self.unidentified):
            return None
        return actor

    def actor_key(self, actor: str | None) -> str | None:
        """The identified actor as two outlets would agree on it: without ACLED's period or country suffix
        ("Protesters (Kenya)" = "Protesters"), and one country's police and military as its state forces
        (one outlet's "police" is another's "security forces")."""
        actor = self.identified(actor)
        if actor is None:
            return None
        base = _SUFFIX.sub("", actor).strip().lower()
        for p in self.state_forces:
            if actor.startswith(p):
                return "state forces of " + base[len(p):].strip()
        return self.same_actor.get(base, base) or None


_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")


def actors_agree(a1: str | None, a2: str | None, b1: str | None, b2: str | None) -> str | None:
    """How the actor keys of two reports agree: 'equal' (same actor1, or one names a branch of the other:
    "Islamic State" / "Islamic State Sahel Province"), 'swapped' (one report's actor1 is the other's
    actor2: who attacked whom is told from the other side), 'unknown' (a side unidentified) or None (two
    different identified actors1)."""
    if not a1 or not b1:
        return "unknown"
    if a1 == b1 or a1.startswith(b1 + " ") or b1.startswith(a1 + " "):
        return "equal"
    if a1 == b2 or b1 == a2:
        return "swapped"
    return None


_RULES: Rules | None = None


def default_rules() -> Rules:
    global _RULES
    if _RULES is None:
        _RULES = Rules.load()
    return _RULES


# ---------------------------------------------------------------- report features

def origin_id(report: EventReport) -> str:
    """The report's own id, from fields that survive storage (doc, type, trigger and evidence offsets)."""
    trig = report.trigger.start if report.trigger else -1
    ev0 = report.evidence[0].start if report.evidence else -1
    key = f"{report.doc_id}|{report.event_type}|{report.sub_event_type}|{trig}|{ev0}"
    return "evt_" + hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass(slots=True)
class _Node:
    key: str
    report: EventReport
    doc: str
    fam: str
    group: str  # specific sub-type group ("" for a generic sub-type)
    d0: int | None  # date range as ordinals (None = not linkable by date)
    d1: int | None
    day: bool
    lat: float | None
    lon: float | None
    fine: bool  # city precision with coordinates
    country: str | None
    admin1: str | None
    precision: str | None
    geonameid: int | None
    actor: str | None
    actor2: str | None
    fat: int | None
    words: frozenset[str]
    guessed: bool = False  # actor1 is the event type's usual side, no words said it (reason "default")
    town: bool = False  # a town the text names as such (city precision, not told as an area: "X district")
    reach: float = -1.0  # how far a town's built-up area reaches from its point (km; -1: not looked up yet)
    named_as: str = ""  # actor1 as the text names a group (an alias), lowercased
    text: str = ""  # the evidence, lowercased


def _node(r: EventReport, rules: Rules) -> _Node:
    d0 = d1 = None
    day = False
    if r.date is not None and r.date.start:
        try:
            a = date.fromisoformat(r.date.start[:10]).toordinal()
            b = date.fromisoformat((r.date.end or r.date.start)[:10]).toordinal()
        except ValueError:
            a = b = None  # type: ignore[assignment]
        if a is not None and b is not None and 0 <= b - a <= rules.max_span_days:
            d0, d1 = a, b
            day = a == b and r.date.precision == "day"
    loc = r.location
    lat = lon = None
    fine = False
    town = False
    if loc is not None:
        lat, lon = loc.lat, loc.lon
        fine = loc.precision in ("city", "admin2") and lat is not None and lon is not None
        town = loc.precision == "city" and not _told_as_area(r, loc, rules)
    generic = rules.is_generic(r.event_type, r.sub_event_type)
    words = frozenset(w for e in r.evidence for w in _WORD.findall(e.text.lower()) if w not in rules.stopwords)
    return _Node(
        key=origin_id(r), report=r, doc=r.doc_id, fam=rules.family_of(r.event_type),
        group="" if generic else rules.group.get(r.sub_event_type, r.event_type + "/" + r.sub_event_type),
        d0=d0, d1=d1, day=day, lat=lat, lon=lon, fine=fine,
        country=loc.country if loc else None, admin1=(loc.admin1 or "").lower() or None if loc else None,
        precision=loc.precision if loc else None, geonameid=loc.geonameid if loc else None, town=town,
        actor=rules.actor_key(r.actor1), actor2=rules.actor_key(r.actor2), fat=r.fatalities.best if r.fatalities else None, words=words,
        guessed=r.actor1_reason == "default",
        named_as=(r.actor1_mention or "").lower() if r.actor1_reason == "alias" else "",
        text=" ".join(e.text for e in r.evidence).lower())


def _told_as_area(r: EventReport, loc: ResolvedPlace, rules: Rules) -> bool:
    """Whether the text tells the place as an area ("in Kwale county", "Gazipur district") though it was found
    as a town of that name: the area is meant, and it reaches farther than the town."""
    if rules.area_words is None:
        return False
    name = loc.text.split()
    if len(name) > 1 and rules.area_words.fullmatch(" " + name[-1]):
        return True
    for e in r.evidence:
        if e.start <= loc.span_start and loc.span_end <= e.end:
            return bool(rules.area_words.match(e.text, loc.span_end - e.start))
    return False


def _reach(n: _Node, rules: Rules) -> float:
    """How far a town's built-up area reaches from its point: the radius of a disc of its population at
    ``town_density`` (a city of 4 million reaches ~16 km at 5,000 people per km2); 0 when unknown."""
    if n.reach < 0:
        n.reach = 0.0
        if n.geonameid is not None and rules.town_density > 0:
            from .geo.gazetteer import get_gazetteer
            c = get_gazetteer().get(n.geonameid)
            if c is not None and c.population > 0:
                n.reach = math.sqrt(c.population / (math.pi * rules.town_density))
    return n.reach


def _km(a: _Node, b: _Node) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    return 0.0 if a.geonameid is not None and a.geonameid == b.geonameid else km(a.lat, a.lon, b.lat, b.lon)


def _two_towns(a: _Node, b: _Node, d: float, rules: Rules) -> bool:
    """Two reports that name two towns ``d`` km apart, neither inside the other's built-up area."""
    return bool(rules.town_km) and a.town and b.town and d > rules.town_km \
        and d > max(_reach(a, rules), _reach(b, rules))


def _agree(a: _Node, b: _Node) -> str | None:
    """:func:`actors_agree` of two reports, where a guessed side, or a group the other report's text names too
    ('suspected X or Y fighters'), never contradicts: 'unknown' then."""
    agree = actors_agree(a.actor, a.actor2, b.actor, b.actor2)
    if agree is None and (a.guessed or b.guessed or _names(a, b) or _names(b, a)):
        return "unknown"
    return agree


def _names(a: _Node, b: _Node) -> bool:
    """Whether ``a``'s evidence names the group ``b`` names as its actor1 (as a word, not inside one)."""
    m = b.named_as
    if len(m) < 3:
        return False
    i = a.text.find(m)
    while i >= 0:
        j = i + len(m)
        if (i == 0 or not a.text[i - 1].isalnum()) and (j == len(a.text) or not a.text[j].isalnum()):
            return True
        i = a.text.find(m, i + 1)
    return False


def _unplaced(n: _Node) -> bool:
    return n.lat is None and n.country is None


def _nowhere(n: _Node) -> bool:
    """No place, or only a country: a country alone is often the actors' ('Somali militants', 'French
    forces') or a border's ('near the Malian border') rather than the scene."""
    return _unplaced(n) or n.precision == "country"


def pair_score(a: _Node, b: _Node, rules: Rules) -> float | None:
    """The evidence that two reports are one event; None when they cannot be or it is too weak."""
    return pair_verdict(a, b, rules)[0]


def pair_verdict(a: _Node, b: _Node, rules: Rules) -> tuple[float | None, str]:
    """(score or None, why): the score of :func:`pair_score` and the rule that decided it (diagnostics)."""
    if a.doc == b.doc:
        return None, "same document"
    if a.fam != b.fam:
        return None, "type family"
    if a.d0 is None or b.d0 is None:
        return None, "no date"
    if a.key > b.key:
        a, b = b, a  # symmetric, bit for bit
    s = rules.scores
    sc = 0.0
    weak = ""  # why the pair needs the higher threshold
    # type
    ra, rb = a.report, b.report
    if ra.event_type == rb.event_type and ra.sub_event_type == rb.sub_event_type:
        sc += s["sub_exact"]
    elif not a.group or not b.group:
        sc += s["sub_generic"]
        weak = "generic sub-type"
    elif a.group == b.group:
        sc += s["sub_group"]
    else:
        return None, "sub-type group"
    # date
    assert a.d0 is not None and a.d1 is not None and b.d0 is not None and b.d1 is not None
    if a.day and b.day:
        gap = abs(a.d0 - b.d0)
        if gap > rules.max_day_gap:
            return None, "day gap"
        if gap:
            sc += s["day_gap"]
            weak = "a day apart"
        else:
            sc += s["same_day"]
    elif not (a.d0 <= b.d1 and b.d0 <= a.d1):
        return None, "dates apart"
    elif (a.day or b.day) and max(a.d1 - a.d0, b.d1 - b.d0) < 7:
        # a day inside a week ('last week', 'earlier this week'): the week is all the second outlet said
        sc += s.get("date_in_week", 0.0)
        weak = "a day in a week"
    else:  # a wide interval ('in April') needs corroboration
        sc += s.get("date_interval", 0.0)
        weak = "an interval"
    # place
    unplaced = _unplaced(a) or _unplaced(b) or (
        a.country != b.country and (a.precision == "country" or b.precision == "country"))
    if unplaced:
        sc += s["place_unplaced"]
    elif a.fine and b.fine:
        assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
        d = _km(a, b)
        # an area (a district) told against a place in it: its point is the area's centre, the place may
        # lie anywhere inside; both in one admin1 when both name one
        area_a, area_b = rules.area_km.get(a.precision or "", 0.0), rules.area_km.get(b.precision or "", 0.0)
        reach = max(rules.max_km, area_a, area_b) if not (area_a and area_b) else rules.max_km  # two areas do not nest
        if d > reach or (d > rules.max_km and a.admin1 and b.admin1 and a.admin1 != b.admin1):
            return None, "place far"
        if area_a and area_b and d > rules.near_km:
            return None, "two areas"  # two districts told by their centres: neither lies inside the other
        if _two_towns(a, b, d, rules):
            return None, "two towns"  # two named towns, neither inside the other's built-up area
        if d > rules.max_km:
            weak = "only the area agrees"  # the place may lie anywhere in it
        else:
            sc += s["place_near"] if d <= rules.near_km else s["place_within"]
    else:  # one side is only admin1 / country precise (or a city without coordinates)
        if a.country and b.country and a.country != b.country:
            return None, "country"
        if a.precision == "admin1" and b.precision == "admin1" and a.admin1 != b.admin1:
            return None, "admin1"
        if "admin1" in (a.precision, b.precision) and a.admin1 and b.admin1 and a.admin1 != b.admin1:
            return None, "admin1"
    # actor
    agree = _agree(a, b)
    if agree is None:
        return None, "actor"
    if agree == "equal":
        # without a place, a crowd told by its generic name ('protesters') says nothing about which crowd
        sc += 0.0 if unplaced and a.actor in rules.generic_actors else s["actor_equal"]
    elif agree == "swapped":
        sc += s.get("actor_swapped", 0.0)
    # fatalities
    if a.fat is not None and b.fat is not None:
        lo, hi = sorted((a.fat, b.fat))
        f = rules.fat
        if hi - lo <= f["agree_abs"] or hi <= lo * f["agree_ratio"]:
            sc += s["fatalities_agree"]
        elif hi - lo >= f["conflict_abs"] and hi > max(lo, 1) * f["conflict_ratio"]:
            sc += s["fatalities_conflict"]
    # words (tie-breaker)
    if a.words and b.words:
        # without a place, shared wording is the template two reports of different events share too
        sc += s["words_unplaced" if unplaced else "words"] * len(a.words & b.words) / len(a.words | b.words)
    t = rules.thresholds
    need = t["unplaced"] if unplaced else t["weak"] if weak else t["link"]
    sc = round(sc, 6)
    if sc >= need:
        return sc, "linked"
    return None, f"score {sc:.2f} < {need:.2f}" + (" (unplaced)" if unplaced else f" ({weak})" if weak else "")


# ---------------------------------------------------------------- blocking index

class BucketIndex:
    """Reports by (day, grid cell), (day, country) and day; lookups read neighbouring buckets only."""

    def __init__(self, cell_deg: float = 0.5, max_day_gap: int = 1) -> None:
        self.cell = cell_deg
        self.gap = max_day_gap
        self.fine: dict[tuple[int, int, int], list[int]] = {}
        self.coarse: dict[tuple[int, str | None], list[int]] = {}
        self.country: dict[tuple[int, str | None], list[int]] = {}
        self.unplaced: dict[int, list[int]] = {}
        self.day: dict[int, list[int]] = {}

    def _cell(self, n: _Node) -> tuple[int, int]:
        assert n.lat is not None and n.lon is not None
        return math.floor(n.lat / self.cell), math.floor(n.lon / self.cell)

    def add(self, i: int, n: _Node) -> None:
        assert n.d0 is not None and n.d1 is not None
        for d in range(n.d0, n.d1 + 1):
            self.day.setdefault(d, []).append(i)
            if _nowhere(n):
                self.unplaced.setdefault(d, []).append(i)
            if _unplaced(n):
                continue
            self.country.setdefault((d, n.country), []).append(i)
            if n.fine:
                ci, cj = self._cell(n)
                self.fine.setdefault((d, ci, cj), []).append(i)
            else:
                self.coarse.setdefault((d, n.country), []).append(i)

    def candidates(self, n: _Node) -> set[int]:
        assert n.d0 is not None and n.d1 is not None
        out: set[int] = set()
        for d in range(n.d0 - self.gap, n.d1 + self.gap + 1):
            if _nowhere(n):
                out.update(self.day.get(d, ()))
                continue
            out.update(self.unplaced.get(d, ()))
            if n.fine:
                ci, cj = self._cell(n)
                for di in (-1, 0, 1):
                    for dj in (-1, 0, 1):
                        out.update(self.fine.get((d, ci + di, cj + dj), ()))
                out.update(self.coarse.get((d, n.country), ()))
            else:
                out.update(self.country.get((d, n.country), ()))
        return out


# ---------------------------------------------------------------- clustering

@dataclass
class _Cluster:
    docs: set[str]
    lo: int  # latest start
    hi: int  # earliest end
    sides: list[_Node]  # the reports that identify actor1
    towns: list[_Node]  # the reports that name a town
    groups: set[str]
    points: list[tuple[float, float, float]]  # lat, lon, how far the event may lie from it (km)
    countries: set[str]
    areas: set[str]  # admin1 of the reports told only as far as their admin1
    admin1s: set[str]  # admin1 of every placed report

    @classmethod
    def of(cls, n: _Node, rules: Rules) -> _Cluster:
        assert n.d0 is not None and n.d1 is not None
        pts = [(n.lat, n.lon, rules.area_km.get(n.precision or "", 0.0))] if n.fine else []
        return cls({n.doc}, n.d0, n.d1, [n] if n.actor and not n.guessed else [], [n] if n.town else [],
                   {n.group} if n.group else set(),
                   pts, {n.country} if n.country and not _nowhere(n) else set(),  # type: ignore[arg-type]
                   {n.admin1} if n.admin1 and n.precision == "admin1" else set(),
                   {n.admin1} if n.admin1 and n.precision in ("city", "admin2", "admin1") else set())

    def can_join(self, o: _Cluster, rules: Rules) -> bool:
        if self.docs & o.docs or len(self.groups | o.groups) > 1:
            return False
        if any(_agree(a, b) is None for a in self.sides for b in o.sides):
            return False
        if any(_two_towns(a, b, _km(a, b), rules) for a in self.towns for b in o.towns):
            return False
        if len(self.countries | o.countries) > 1:
            return False
        areas = self.areas | o.areas
        if len(areas) > 1 or (areas and not (self.admin1s | o.admin1s) <= areas):
            return False
        if max(self.lo, o.lo) > min(self.hi, o.hi) + rules.max_day_gap:
            return False
        return all(km(a[0], a[1], b[0], b[1]) <= max(rules.cluster_max_km, a[2], b[2])
                   for a in self.points for b in o.points)

    def join(self, o: _Cluster) -> None:
        self.docs |= o.docs
        self.lo, self.hi = max(self.lo, o.lo), min(self.hi, o.hi)
        self.sides += o.sides
        self.towns += o.towns
        self.groups |= o.groups
        self.points += o.points
        self.countries |= o.countries
        self.areas |= o.areas
        self.admin1s |= o.admin1s


class Resolver:
    """Incremental cross-document resolver; the result depends only on the set of reports added."""

    def __init__(self, index: BucketIndex | None = None, rules: Rules | None = None) -> None:
        self.rules = rules or default_rules()
        self.index = index or BucketIndex(self.rules.cell_deg, self.rules.max_day_gap)
        self.nodes: list[_Node] = []
        self.by_key: dict[str, int] = {}
        self.event_of: list[str] = []  # node -> event_id
        self._parent: list[int] = []  # union-find over the edge graph (components)
        self._members: dict[int, list[int]] = {}
        self._edges: dict[int, list[tuple[float, int, int]]] = {}
        self.comparisons = 0  # pairs scored
        self.changed: dict[str, str] = {}  # origin id -> new event id of reports regrouped by the last add
        self._dirty: set[int] = set()

    def _find(self, i: int) -> int:
        p = self._parent
        while p[i] != i:
            p[i] = p[p[i]]
            i = p[i]
        return i

    def add(self, report: EventReport) -> EventReport:
        """Add one report; returns it with its (current) event_id."""
        self.changed = {}
        self._add(report)
        return replace(report, event_id=self.event_id_of(report))

    def _flush(self) -> None:
        """Re-cluster the components that new edges touched (batch adds defer this to the end)."""
        dirty, self._dirty = self._dirty, set()
        for root in sorted({self._find(r) for r in dirty}):
            self._recluster(root)

    def _add(self, report: EventReport) -> None:
        n = _node(report, self.rules)
        if n.key in self.by_key:
            return
        i = len(self.nodes)
        self.nodes.append(n)
        self.by_key[n.key] = i
        self.event_of.append(n.key)
        self._parent.append(i)
        self._members[i] = [i]
        self._edges[i] = []
        if n.d0 is None:
            return
        new_edges = []
        for j in sorted(self.index.candidates(n)):
            self.comparisons += 1
            sc = pair_score(n, self.nodes[j], self.rules)
            if sc is not None:
                new_edges.append((sc, i, j))
        self.index.add(i, n)
        if new_edges:
            root = i
            for r in sorted({self._find(j) for _, _, j in new_edges}):
                if len(self._members[r]) > len(self._members[root]):
                    r, root = root, r
                self._parent[r] = root
                self._members[root] += self._members.pop(r)
                self._edges[root] += self._edges.pop(r)
            self._edges[root] += new_edges
            self._dirty.add(root)

    def _recluster(self, root: int) -> None:
        members, edges = self._members[root], self._edges[root]
        nodes, rules = self.nodes, self.rules
        parent = {m: m for m in members}
        info = {m: _Cluster.of(nodes[m], rules) for m in members}

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def order(e: tuple[float, int, int]) -> tuple[float, str, str]:
            ka, kb = sorted((nodes[e[1]].key, nodes[e[2]].key))
            return (-e[0], ka, kb)

        for _sc, a, b in sorted(edges, key=order):
            ra, rb = find(a), find(b)
            if ra == rb or not info[ra].can_join(info[rb], rules):
                continue
            if nodes[ra].key > nodes[rb].key:
                ra, rb = rb, ra
            parent[rb] = ra
            info[ra].join(info.pop(rb))
        best: dict[int, str] = {}
        for m in members:
            r = find(m)
            best[r] = min(best.get(r, nodes[m].key), nodes[m].key)
        for m in members:
            new = best[find(m)]
            if self.event_of[m] != new:
                self.event_of[m] = new
                self.changed[nodes[m].key] = new

    def event_id_of(self, report: EventReport | str) -> str:
        """Current event id of an added report (or of its origin id)."""
        if self._dirty:
            self._flush()
        key = report if isinstance(report, str) else origin_id(report)
        return self.event_of[self.by_key[key]]

    def resolve(self, reports: Iterable[EventReport]) -> list[EventReport]:
        """Add all; return them with their final event ids (same as one batch run)."""
        rs = list(reports)
        for r in rs:
            self._add(r)
        self._flush()
        return [replace(r, event_id=self.event_id_of(r)) for r in rs]

    def clusters(self) -> dict[str, list[EventReport]]:
        self._flush()
        out: dict[str, list[EventReport]] = {}
        for n, eid in zip(self.nodes, self.event_of):
            out.setdefault(eid, []).append(replace(n.report, event_id=eid))
        return out

    def __len__(self) -> int:
        return len(self.nodes)


# ---------------------------------------------------------------- wiring

def assign_event_ids(results: Iterable[DocumentResult | DocumentError], resolver: Resolver | None = None, *,
                     buffer: bool = True) -> Iterator[DocumentResult | DocumentError]:
    """Share event ids across the documents of one run.

    With ``buffer`` (default) results are held until the input ends, so every
    report carries its final id (as a batch run). Without it each result goes
    out at once with the ids known then; a later report may still regroup it.
    Errors pass straight through.
    """
    resolver = resolver or Resolver()
    held: list[DocumentResult] = []
    for res in results:
        if isinstance(res, DocumentError):
            yield res
            continue
        for e in res.events:
            resolver._add(e)  # re-clustering waits for the first id asked for
        if buffer:
            held.append(res)
        else:
            yield _with_ids(res, resolver)
    for res in held:
        yield _with_ids(res, resolver)


def _with_ids(res: DocumentResult, resolver: Resolver) -> DocumentResult:
    """The result with its reports' current event ids; claims linked to a report follow it."""
    events = tuple(replace(e, event_id=resolver.event_id_of(e)) for e in res.events)
    moved = {old.event_id: new.event_id for old, new in zip(res.events, events) if old.event_id != new.event_id}
    claims = tuple(replace(c, event_id=moved[c.event_id]) if c.event_id in moved else c for c in res.claims)
    return replace(res, events=events, claims=claims)
