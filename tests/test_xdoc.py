"""Cross-document resolution (sitroom.xdoc) on hand-built reports: no spaCy."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom import xdoc, xdoc_store
from sitroom.event_summary import summarise
from sitroom.records import (
    Document,
    DocumentError,
    DocumentResult,
    EventReport,
    Fatalities,
    PublishedDate,
    ResolvedDate,
    ResolvedPlace,
    Span,
)
from sitroom.store import Store
from sitroom.xdoc import Resolver, assign_event_ids, origin_id

EXP, BAT, VAC = "Explosions/Remote violence", "Battles", "Violence against civilians"
IED, SUICIDE, SHELL, AIR = "Remote explosive/landmine/IED", "Suicide bomb", "Shelling/artillery/missile attack", \
    "Air/drone strike"

# (name, lat, lon, country, admin1)
KISMAYO = ("Kismayo", -0.358, 42.545, "SO", "Lower Juba")
KISMAAYO = ("Kismaayo", -0.36, 42.55, "SO", "Lower Juba")
KHARKIV = ("Kharkiv", 49.99, 36.23, "UA", "Kharkiv")
SALTIVKA = ("Saltivka", 50.03, 36.29, "UA", "Kharkiv")
MAIDUGURI = ("Maiduguri", 11.85, 13.16, "NG", "Borno")
MOGADISHU = ("Mogadishu", 2.04, 45.34, "SO", "Banaadir")
FALLUJAH = ("Fallujah", 33.35, 43.78, "IQ", "Anbar")
RAMADI = ("Ramadi", 33.42, 43.30, "IQ", "Anbar")
ANBAR = ("Anbar", 32.9, 42.5, "IQ", "Anbar")
GOMA = ("Goma", -1.68, 29.22, "CD", "North Kivu")


def rep(doc: str, etype: str, sub: str, day: str | None, place: tuple[str, float, float, str, str] | None,
        text: str, *, actor: str | None = None, killed: int | None = None, end: str | None = None,
        precision: str = "day", place_precision: str = "city", at: int = 0) -> EventReport:
    loc = None
    if place is not None:
        name, lat, lon, cc, a1 = place
        loc = ResolvedPlace(name, cc, a1, lat, lon, place_precision, name, 0, len(name))
    dt = ResolvedDate(day, end or day, precision, "on Saturday", "published") if day else None
    fat = Fatalities(killed, killed, killed, f"{killed} killed") if killed is not None else None
    ev = Span(at, at + len(text), text)
    r = EventReport("", doc, etype, sub, actor, None, None, None, dt, loc, fat, (ev,),
                    trigger=Span(at + 2, at + 6, text[2:6]))
    return EventReport(origin_id(r), **{k: getattr(r, k) for k in r.__slots__ if k != "event_id"})  # type: ignore[arg-type]


def partition(reports: list[EventReport]) -> set[frozenset[tuple[str, str]]]:
    groups: dict[str, set[tuple[str, str]]] = {}
    for r in reports:
        groups.setdefault(r.event_id, set()).add((r.doc_id, r.evidence[0].text))
    return {frozenset(g) for g in groups.values()}


def cluster_reports() -> list[EventReport]:
    """Reports in the shape of tests/clusters: one market bombing told four ways, two Kharkiv strikes
    on one day told by three outlets, a twin suicide bombing, mortars on an airport base, a roadside bomb."""
    return [
        rep("k1", EXP, IED, "2020-03-07", KISMAYO, "A car bomb exploded at a busy cattle market, killing at least 12",
            killed=12),
        rep("k2", VAC, "Attack", "2020-03-07", KISMAAYO, "Thirteen traders died when an explosives-laden car blew up "
            "at the cattle market", killed=13),
        rep("k3", EXP, SUICIDE, "2020-03-07", KISMAYO, "A suicide car bomber struck the market, 15 people were killed",
            killed=15, actor="Al Shabaab"),
        rep("k4", EXP, IED, "2020-03-06", KISMAYO, "The UN condemned the market car bombing that killed 13",
            killed=13),
        rep("h1", EXP, SHELL, "2022-04-28", SALTIVKA, "Morning shelling of apartment blocks killed two", killed=2,
            actor="Military Forces of Russia"),
        rep("h1", EXP, AIR, "2022-04-28", KHARKIV, "In the evening a missile hit the tractor plant", at=200,
            actor="Military Forces of Russia"),
        rep("h2", EXP, AIR, "2022-04-28", KHARKIV, "Missiles struck the armoured vehicle plant late on Thursday",
            actor="Military Forces of Russia"),
        rep("h2", EXP, SHELL, "2022-04-28", SALTIVKA, "Shells hit the Saltovka district, two dead", killed=2, at=300),
        rep("h3", EXP, SHELL, "2022-04-28", KHARKIV, "Two people died when shells hit apartment blocks", killed=2),
        rep("h3", EXP, AIR, "2022-04-28", KHARKIV, "A factory was hit by a missile in the evening", at=400),
        rep("m1", EXP, SUICIDE, "2019-11-17", MAIDUGURI, "Two female suicide bombers killed nine at a fish market",
            killed=9),
        rep("m2", EXP, SUICIDE, "2019-11-17", MAIDUGURI, "Twin suicide blasts at the fish market killed 10", killed=10),
        rep("g1", BAT, "Armed clash", "2020-01-22", MOGADISHU, "Mortar shells landed inside the airport base, "
            "killing one", killed=1),
        rep("g2", BAT, "Armed clash", "2020-01-22", MOGADISHU, "Mortar rounds hit the airport base compound"),
        rep("g3", VAC, "Attack", "2020-01-22", MOGADISHU, "One person was killed when mortar rounds hit the base",
            killed=1),
        rep("f1", EXP, IED, "2021-06-09", FALLUJAH, "A roadside bomb struck an army patrol, killing three soldiers",
            killed=3, actor="Islamic State"),
        rep("f2", EXP, IED, "2021-06-09", FALLUJAH, "Four soldiers were killed when a roadside bomb hit their "
            "vehicle", killed=4),
    ]


def expected_groups() -> list[set[str]]:
    return [{"k1", "k2", "k3", "k4"}, {"h1", "h2", "h3"}, {"h1", "h2", "h3"}, {"m1", "m2"}, {"g1", "g2", "g3"},
            {"f1", "f2"}]


def test_cluster_set_resolves_to_the_expected_events() -> None:
    out = Resolver().resolve(cluster_reports())
    got = sorted(sorted(d for d, _ in g) for g in partition(out))
    assert got == sorted(sorted(g) for g in expected_groups())
    # the two Kharkiv strikes stay apart: morning shelling vs evening missile
    kh = {r.sub_event_type: r.event_id for r in out if r.doc_id == "h1"}
    assert kh[SHELL] != kh[AIR]
    assert {r.event_id for r in out if r.sub_event_type == SHELL and r.doc_id.startswith("h")} == {kh[SHELL]}


def test_event_id_is_the_smallest_origin_and_lone_reports_keep_theirs() -> None:
    rs = cluster_reports()
    out = Resolver().resolve(rs)
    for r in out:
        members = [origin_id(x) for x in out if x.event_id == r.event_id]
        assert r.event_id == min(members)
    lone = rep("z1", EXP, IED, "2021-01-01", GOMA, "A bomb went off near a church")
    assert Resolver().add(lone).event_id == origin_id(lone)


def test_same_document_never_merged() -> None:
    a = rep("d1", EXP, IED, "2021-06-09", FALLUJAH, "A roadside bomb hit a patrol", killed=3)
    b = rep("d1", EXP, IED, "2021-06-09", FALLUJAH, "A second roadside bomb hit a patrol", killed=3, at=500)
    out = Resolver().resolve([a, b])
    assert out[0].event_id != out[1].event_id


@pytest.mark.parametrize("other,same", [
    (dict(day="2021-06-10"), True),  # one day apart, same toll: a timezone or 'yesterday' slip
    (dict(day="2021-06-11"), False),  # two days apart
    (dict(place=RAMADI), False),  # ~45 km away
    (dict(actor="Military Forces of Iraq"), False),  # a different perpetrator
    (dict(actor="Unidentified Armed Group (Iraq)"), True),  # unidentified joins an identified one
    (dict(etype="Protests", sub="Peaceful protest"), False),
    (dict(etype=EXP, sub=AIR), False),  # a bomb is not an air strike
    (dict(etype=EXP, sub="Grenade", killed=3), True),  # bombing family
    (dict(killed=40), False),  # wildly different toll, different day slip
    (dict(place=ANBAR, place_precision="admin1"), True),  # the province only
    (dict(day="2021-06-01", end="2021-06-30", precision="month"), True),  # 'in June'
    (dict(day="2021-01-01", end="2021-12-31", precision="year"), False),  # too vague to link
    (dict(day=None), False),
])
def test_pair_rules(other: dict, same: bool) -> None:
    base = rep("a", EXP, IED, "2021-06-09", FALLUJAH, "A roadside bomb struck an army patrol killing three",
               killed=3, actor="Islamic State")
    kw = dict(etype=EXP, sub=IED, day="2021-06-09", place=FALLUJAH, killed=3, actor=None,
              text="Three soldiers died when a roadside bomb struck their patrol")
    kw.update(other)
    if other.get("killed") == 40:
        kw["day"] = "2021-06-10"
    b = rep("b", kw.pop("etype"), kw.pop("sub"), kw.pop("day"), kw.pop("place"), kw.pop("text"), **kw)
    out = Resolver().resolve([base, b])
    assert (out[0].event_id == out[1].event_id) is same


def test_daily_shelling_of_one_city_is_not_one_event() -> None:
    rs = []
    for i, day in enumerate(["2022-05-01", "2022-05-02", "2022-05-03", "2022-05-04"]):
        for j in range(2):
            rs.append(rep(f"d{i}{j}", EXP, SHELL, day, KHARKIV, f"Shelling of the city killed {i + 2} people",
                          killed=i + 2, actor="Military Forces of Russia"))
    out = Resolver().resolve(rs)
    for g in partition(out):
        assert len(g) <= 4
    by_day: dict[str, set[str]] = {}
    for r in out:
        by_day.setdefault(r.date.start, set()).add(r.event_id)  # type: ignore[union-attr]
    assert all(len(v) == 1 for v in by_day.values())  # same-day reports agree
    assert len({r.event_id for r in out}) >= 2


def test_unplaced_report_needs_strong_evidence() -> None:
    placed = rep("a", EXP, SHELL, "2022-04-28", SALTIVKA, "Russian shelling of apartment blocks killed two people",
                 killed=2, actor="Military Forces of Russia")
    strong = rep("b", EXP, SHELL, "2022-04-28", None, "Russian shelling of apartment blocks killed two people",
                 killed=2, actor="Military Forces of Russia")
    weak = rep("c", BAT, "Armed clash", "2022-04-28", None, "Fighting went on")
    out = Resolver().resolve([placed, strong, weak])
    assert out[0].event_id == out[1].event_id != out[2].event_id


def test_blocking_compares_neighbours_only() -> None:
    r = Resolver()
    for i in range(200):  # 200 places ~1 degree apart, same day: never compared
        place = (f"P{i}", 10.0 + (i // 20), 20.0 + (i % 20), "XX", "A")
        r.add(rep(f"doc{i}", EXP, IED, "2021-06-09", place, "a bomb went off"))
    assert r.comparisons == 0
    r.add(rep("near", EXP, IED, "2021-06-09", ("Q", 10.01, 20.01, "XX", "A"), "a bomb went off"))
    assert 1 <= r.comparisons <= 4


def _pool() -> list[EventReport]:
    rs = cluster_reports()
    rs += [rep("x1", BAT, "Armed clash", "2022-04-28", KHARKIV, "Clashes near the plant", actor=None),
           rep("x2", EXP, SHELL, "2022-04-01", KHARKIV, "Shelling sometime in April killed two", killed=2,
               end="2022-04-30", precision="month", place_precision="admin1"),
           rep("x3", EXP, IED, "2020-03-08", KISMAYO, "Car bomb toll rises to 13", killed=13),
           rep("x4", VAC, "Attack", "2020-01-23", MOGADISHU, "Mortar attack on the base killed one", killed=1)]
    return rs


@settings(max_examples=25, deadline=None)
@given(st.permutations(list(range(len(_pool())))))
def test_incremental_equals_batch_in_any_order(order: list[int]) -> None:
    pool = _pool()
    batch = {(r.doc_id, r.evidence[0].text): r.event_id for r in Resolver().resolve(pool)}
    inc = Resolver()
    for i in order:
        inc.add(pool[i])
    got = {(r.doc_id, r.evidence[0].text): inc.event_id_of(r) for r in pool}
    assert got == batch


def test_add_reports_regrouped_ids_and_is_idempotent() -> None:
    r = Resolver()
    a = rep("a", EXP, IED, "2021-06-09", FALLUJAH, "A roadside bomb killed three soldiers", killed=3)
    b = rep("b", EXP, IED, "2021-06-09", FALLUJAH, "Three soldiers were killed by a roadside bomb", killed=3)
    ra = r.add(a)
    rb = r.add(b)
    assert rb.event_id == r.event_id_of(a) == min(origin_id(a), origin_id(b))
    if ra.event_id != rb.event_id:
        assert r.changed == {origin_id(a): rb.event_id}
    assert r.add(a).event_id == rb.event_id and len(r) == 2


def _result(doc_id: str, published: str, events: list[EventReport], outlet: str | None = None) -> DocumentResult:
    text = " ".join(e.evidence[0].text for e in events) or "nothing"
    return DocumentResult(Document(doc_id, text, PublishedDate(published, "published"), outlet=outlet),
                          events=tuple(events))


def test_assign_event_ids_over_a_run() -> None:
    rs = cluster_reports()
    by_doc: dict[str, list[EventReport]] = {}
    for r in rs:
        by_doc.setdefault(r.doc_id, []).append(r)
    err = DocumentError("bad", "bad.txt", "ingest", "empty", "empty file")
    items = [_result(d, "2020-01-01", evs) for d, evs in by_doc.items()]
    out = list(assign_event_ids([items[0], err, *items[1:]], Resolver()))
    assert err in out
    flat = [e for res in out if isinstance(res, DocumentResult) for e in res.events]
    assert partition(flat) == partition(Resolver().resolve(rs))


def test_summarise_one_event() -> None:
    rs = Resolver().resolve(cluster_reports()[:4])
    rs[3] = EventReport(**{**{k: getattr(rs[3], k) for k in rs[3].__slots__},  # type: ignore[arg-type]
                           "location": ResolvedPlace("Lower Juba", "SO", "Lower Juba", -0.5, 42.3, "admin1", "", 0, 0)})
    pub = {"k1": "2020-03-07", "k2": "2020-03-08", "k3": "2020-03-07", "k4": "2020-03-10"}
    s = summarise(rs, pub, {"k1": "Wire A", "k2": "Local", "k3": "Wire A", "k4": None})
    assert s["fatalities"] == {"low": 12, "best": 13, "high": 15}
    assert s["date"]["start"] == s["date"]["end"] == "2020-03-07"  # the most often stated precise day
    assert s["location"]["precision"] == "city" and s["location"]["name"] in ("Kismayo", "Kismaayo")
    assert (s["first_report"], s["last_report"]) == ("2020-03-07", "2020-03-10")
    assert s["n_reports"] == 4 and s["n_documents"] == 4 and s["n_sources"] == 3
    assert [x["fatalities"]["best"] for x in s["reports"]] == [12, 13, 15, 13]
    assert s["event_type"] == EXP


def test_summarise_interval_intersection() -> None:
    a = rep("a", EXP, SHELL, "2022-04-01", KHARKIV, "shelling in April", end="2022-04-30", precision="month")
    b = rep("b", EXP, SHELL, "2022-04-25", KHARKIV, "shelling last week", end="2022-05-01", precision="week")
    s = summarise([a, b])
    assert s["date"] == {"start": "2022-04-25", "end": "2022-04-30", "precision": "week", "agree": True}
    assert s["fatalities"] is None


def test_store_incremental_path() -> None:
    with Store(":memory:") as store:
        a = rep("wire", EXP, IED, "2021-06-09", FALLUJAH, "A roadside bomb killed three soldiers", killed=3)
        b = rep("local", EXP, IED, "2021-06-09", FALLUJAH, "Three soldiers were killed by a roadside bomb",
                killed=3)
        far = rep("other", EXP, IED, "2021-06-09", GOMA, "A bomb went off near a church", killed=1)
        assert xdoc_store.add_resolved(store, _result("wire", "2021-06-09", [a], "Wire"))
        assert xdoc_store.add_resolved(store, _result("other", "2021-06-09", [far], "Radio"))
        assert xdoc_store.add_resolved(store, _result("local", "2021-06-10", [b], "Local"))
        ids = {r["doc_id"]: r["event_id"] for r in store.events()}
        assert ids["wire"] == ids["local"] == min(origin_id(a), origin_id(b)) != ids["other"]
        assert not xdoc_store.add_resolved(store, _result("local", "2021-06-10", [b], "Local"))  # unchanged
        rows = {r["event_id"]: r for r in store.resolved_events()}
        assert len(rows) == 2 and rows[ids["wire"]]["n_reports"] == 2 and rows[ids["wire"]]["n_sources"] == 2
        assert rows[ids["wire"]]["fatalities"] == {"low": 3, "best": 3, "high": 3}
        assert rows[ids["wire"]]["first_report"] == "2021-06-09"
        assert store.counts()["events"] == 2


def test_store_regroups_stored_reports_when_a_new_report_joins() -> None:
    with Store(":memory:") as store:
        a = rep("a", EXP, IED, "2020-03-07", KISMAYO, "car bomb at livestock market kills 13", killed=13)
        b = rep("b", VAC, "Attack", "2020-03-07", KISMAYO, "gunfire after blast", killed=1)
        for d, r in (("a", a), ("b", b)):
            xdoc_store.add_resolved(store, _result(d, "2020-03-07", [r]))
        before = {r["doc_id"]: r["event_id"] for r in store.events()}
        assert before == {"a": origin_id(a), "b": origin_id(b)}  # weak type match, conflicting tolls
        c = rep("c", EXP, IED, "2020-03-07", KISMAYO, "car bomb at livestock market kills 13 after gunfire blast",
                killed=13)
        xdoc_store.add_resolved(store, _result("c", "2020-03-07", [c]))
        after = {r["doc_id"]: r["event_id"] for r in store.events()}
        assert after == {r.doc_id: r.event_id for r in Resolver().resolve([a, b, c])}  # as one batch
        assert after["a"] == after["c"] == min(origin_id(a), origin_id(c)) and after["b"] == before["b"]
        assert store.event(after["a"])["reports"][0]["event_id"] == after["a"]  # type: ignore[index]


def test_data_file_is_versioned_and_uses_the_taxonomy() -> None:
    data = json.loads((Path(xdoc.__file__).parent / "data" / "xdoc.json").read_text(encoding="utf-8"))
    assert isinstance(data["version"], int)
    from sitroom.taxonomy import SUB_EVENT_TYPES
    subs = set(SUB_EVENT_TYPES)
    listed = {s for g in data["sub_type_groups"].values() for s in g}
    listed |= {s for g in data["generic_sub_types"].values() for s in g}
    assert listed <= subs
    rules = xdoc.Rules.load()
    assert rules.types_like(BAT) == [BAT, EXP, VAC]
    assert rules.identified("Unidentified Armed Group (Iraq)") is None


def test_store_path_keeps_claims_linked_to_their_events(tmp_path: Path) -> None:
    from sitroom.check import check_store
    from sitroom.records import Claim

    def with_claim(doc: str, r: EventReport) -> DocumentResult:
        res = _result(doc, "2020-03-07", [r])
        text = r.evidence[0].text
        claim = Claim(doc, "killed", r.fatalities.best if r.fatalities else None, None, "people", None, text,
                      0, len(text), event_id=r.event_id)
        return replace(res, claims=(claim,))

    a = rep("a", EXP, IED, "2020-03-07", KISMAYO, "car bomb at livestock market kills 13", killed=13)
    b = rep("b", VAC, "Attack", "2020-03-07", KISMAYO, "gunfire after blast", killed=1)
    c = rep("c", EXP, IED, "2020-03-07", KISMAYO, "car bomb at livestock market kills 13 after gunfire blast",
            killed=13)
    with Store(tmp_path / "s.db") as store:
        for d, r in (("a", a), ("b", b), ("c", c)):  # c joins a (and may regroup stored reports)
            xdoc_store.add_resolved(store, with_claim(d, r))
        events = {r["doc_id"]: r["event_id"] for r in store.events()}
        claims = {q["doc_id"]: q["event_id"] for q in store.claims()}
        assert events["a"] == events["c"] and claims == events
        assert check_store(store) == []


# ---- rules measured on the ACLED pair bench (bench/xdoc_pairs.py): invented pairs, one per rule

def _link(a: EventReport, b: EventReport) -> bool:
    out = Resolver().resolve([a, b])
    return out[0].event_id == out[1].event_id


def _clash(doc: str, actor: str | None, actor2: str | None = None, **kw: object) -> EventReport:
    r = rep(doc, BAT, "Armed clash", kw.pop("day", "2021-06-09"), kw.pop("place", FALLUJAH),  # type: ignore[arg-type]
            str(kw.pop("text", f"Fighting near the town, report {doc}")), actor=actor, **kw)  # type: ignore[arg-type]
    return replace(r, actor2=actor2)


@pytest.mark.parametrize("a1,a2,b1,b2,same", [
    ("Protesters (Iraq)", None, "Protesters", None, True),  # ACLED's country suffix is not a different actor
    ("Islamic State", None, "Islamic State (Iraq)", None, True),
    ("Islamic State", None, "Islamic State Sahel Province", None, True),  # a group and its named branch
    ("Police Forces of Iraq", None, "Military Forces of Iraq", None, True),  # one state's forces
    ("Government of Iraq (2014-)", None, "Police Forces of Iraq", None, True),  # its government is the state too
    ("Government of Syria", None, "Police Forces of Iraq", None, False),
    ("Police Forces of Iraq (2014-)", None, "Military Forces of Syria", None, False),  # another state's
    ("Islamic State", "Military Forces of Iraq", "Military Forces of Iraq", "Islamic State", True),  # other side
    ("Islamic State", None, "Military Forces of Iraq", None, False),  # no actor2 to say so: two perpetrators
    ("Islamic State", None, "Islamic Statement Front", None, False),  # a prefix of letters, not of words
])
def test_actor_rules(a1: str, a2: str | None, b1: str, b2: str | None, same: bool) -> None:
    a = _clash("a", a1, a2, text="Militants and troops fought for hours on the road into town")
    b = _clash("b", b1, b2, text="Heavy fighting broke out at a checkpoint on the town's edge")
    assert _link(a, b) is same


def test_actors_agree_is_symmetric() -> None:
    rules = xdoc.default_rules()
    keys = [rules.actor_key(x) for x in ("Islamic State", "Islamic State Sahel Province", "Police Forces of Iraq",
                                         "Military Forces of Iraq (2003-)", "Protesters (Iraq)", None)]
    assert keys[2] == keys[3] == "state forces of iraq" and keys[4] == "protesters" and keys[5] is None
    for a in keys:
        for b in keys:
            assert xdoc.actors_agree(a, None, b, None) == xdoc.actors_agree(b, None, a, None)


# a district told by its centre, ~40 km from Fallujah (invented coordinates for the test)
FALLUJAH_DISTRICT = ("Fallujah District", 32.99, 43.78, "IQ", "Anbar")
OTHER_PROVINCE_AREA = ("Some District", 32.99, 43.78, "IQ", "Babil")


@pytest.mark.parametrize("place,precision,same", [
    (FALLUJAH_DISTRICT, "admin2", True),  # the town lies inside the district told
    (OTHER_PROVINCE_AREA, "admin2", False),  # an area of another province
    (FALLUJAH_DISTRICT, "city", False),  # two towns 40 km apart are two places
    (("Far District", 32.5, 43.78, "IQ", "Anbar"), "admin2", False),  # ~95 km: beyond any district's reach
])
def test_a_district_and_a_town_in_it(place: tuple[str, float, float, str, str], precision: str, same: bool) -> None:
    a = rep("a", EXP, IED, "2021-06-09", FALLUJAH, "A roadside bomb struck an army patrol killing three", killed=3,
            actor="Islamic State")
    b = rep("b", EXP, IED, "2021-06-09", place, "Three soldiers died when a bomb hit their patrol", killed=3,
            actor="Islamic State", place_precision=precision)
    assert _link(a, b) is same


def test_two_districts_do_not_nest() -> None:
    a = rep("a", EXP, IED, "2021-06-09", ("Fallujah", 33.35, 43.78, "IQ", "Anbar"), "A roadside bomb struck a patrol",
            actor="Islamic State", place_precision="admin2")
    b = rep("b", EXP, IED, "2021-06-09", FALLUJAH_DISTRICT, "A bomb hit a patrol in the district",
            actor="Islamic State", place_precision="admin2")
    assert not _link(a, b)  # two districts ~40 km apart: neither lies inside the other


def test_a_day_inside_last_week() -> None:
    day = rep("a", EXP, IED, "2021-06-09", FALLUJAH, "A roadside bomb struck an army patrol on Wednesday")
    week = rep("b", EXP, IED, "2021-06-07", FALLUJAH, "Soldiers were hurt last week when explosives went off "
               "beside their convoy", end="2021-06-13", precision="week")
    assert _link(day, week)
    other_week = replace(week, date=ResolvedDate("2021-06-14", "2021-06-20", "week", "last week", "published"))
    assert not _link(day, other_week)
    wider = replace(week, date=ResolvedDate("2021-06-01", "2021-06-30", "month", "in June", "published"))
    assert not _link(day, wider)  # a month needs more than type and town


def test_cluster_never_mixes_two_provinces_told_as_provinces() -> None:
    anbar = rep("a", EXP, IED, "2021-06-09", ANBAR, "A roadside bomb hit a patrol in the province",
                actor="Islamic State", place_precision="admin1")
    iraq = rep("b", EXP, IED, "2021-06-09", ("Iraq", 33.0, 44.0, "IQ", ""), "A roadside bomb hit a patrol",
               actor="Islamic State", place_precision="country")
    nineveh = rep("c", EXP, IED, "2021-06-09", ("Nineveh", 36.2, 42.9, "IQ", "Nineveh"),
                  "A roadside bomb hit a patrol in the province", actor="Islamic State", place_precision="admin1")
    out = {r.doc_id: r.event_id for r in Resolver().resolve([anbar, iraq, nineveh])}
    assert out["a"] != out["c"]
    assert out["b"] in (out["a"], out["c"])


def test_a_protest_and_the_riot_it_became() -> None:
    nairobi = ("Nairobi", -1.286, 36.817, "KE", "Nairobi")
    protest = rep("a", "Protests", "Peaceful protest", "2023-07-12", nairobi, "Traders marched to the city hall",
                  actor="Protesters (Kenya)")
    riot = rep("b", "Riots", "Violent demonstration", "2023-07-12", nairobi, "Youths hurled stones and lit bonfires",
               actor="Rioters (Kenya)")
    assert _link(protest, riot)
    elsewhere = replace(riot, location=replace(riot.location, name="Mombasa", lat=-4.05, lon=39.67))  # type: ignore[arg-type]
    assert not _link(protest, elsewhere)


def test_an_unplaced_report_links_on_an_actor_or_a_toll_not_on_its_wording() -> None:
    # two notes of one desk told in one template: the second names a place the gazetteer lacks (no place)
    placed = rep("a", VAC, "Attack", "2021-06-09", FALLUJAH, "Gunmen shot dead a shepherd near the river crossing "
                 "at dawn, police said")
    unplaced = rep("b", VAC, "Attack", "2021-06-09", None, "Gunmen shot dead a shepherd near the river crossing "
                   "at dawn, police said")
    assert not _link(placed, unplaced)  # the same words, nothing else in common
    assert _link(replace(placed, actor1="Islamic State"), replace(unplaced, actor1="Islamic State (Iraq)"))
    dead = Fatalities(4, 4, 4, "four killed")
    assert _link(replace(placed, fatalities=dead), replace(unplaced, fatalities=dead))
    crowd = rep("c", "Protests", "Peaceful protest", "2021-06-09", RAMADI, "Teachers marched over unpaid wages",
                actor="Protesters (Iraq)")
    crowd_unplaced = rep("d", "Protests", "Peaceful protest", "2021-06-09", None, "A crowd gathered to demand "
                         "their pay", actor="Protesters")
    assert not _link(crowd, crowd_unplaced)  # 'protesters' on both sides names a kind of people, not a crowd
    assert _link(crowd, replace(crowd_unplaced, location=crowd.location))  # placed, the same crowd agrees


def test_two_districts_close_together_are_two_places() -> None:
    near = ("Other District", 33.17, 43.78, "IQ", "Anbar")  # invented centre, ~20 km from the first
    a = rep("a", EXP, IED, "2021-06-09", FALLUJAH_DISTRICT, "A roadside bomb struck a patrol",
            actor="Islamic State", place_precision="admin2")
    b = rep("b", EXP, IED, "2021-06-09", near, "Soldiers died when a bomb hit their convoy",
            actor="Islamic State", place_precision="admin2")
    assert not _link(a, b)
    rules = xdoc.default_rules()
    assert xdoc.pair_verdict(xdoc._node(a, rules), xdoc._node(b, rules), rules) == (None, "two areas")
    assert _link(a, replace(b, location=a.location))  # the same district told twice
    again = replace(a.location, lat=33.0, name="Falluja District")  # type: ignore[union-attr]
    assert _link(a, replace(b, location=again))  # ... or found as two gazetteer entries ~1 km apart


def test_pair_verdict_says_which_rule_decided() -> None:
    rules = xdoc.default_rules()
    a = rep("a", EXP, IED, "2021-06-09", FALLUJAH, "A roadside bomb struck an army patrol", actor="Islamic State")
    cases = [
        (replace(a, doc_id="b"), "linked"),
        (replace(a, doc_id="b", date=ResolvedDate("2021-06-12", "2021-06-12", "day", "", "published")), "day gap"),
        (replace(a, doc_id="b", event_type="Protests", sub_event_type="Peaceful protest"), "type family"),
        (replace(a, doc_id="b", sub_event_type=AIR), "sub-type group"),
        (replace(a, doc_id="b", actor1="Military Forces of Iraq"), "actor"),
        (replace(a, doc_id="b", location=replace(a.location, lat=34.5, lon=43.78)), "place far"),  # type: ignore[arg-type]
    ]
    for b, why in cases:
        sc, got = xdoc.pair_verdict(xdoc._node(a, rules), xdoc._node(b, rules), rules)
        assert got == why and (sc is not None) == (why == "linked")
        assert xdoc.pair_score(xdoc._node(a, rules), xdoc._node(b, rules), rules) == sc


def test_a_surrender_and_a_change_of_sides_can_be_one_event() -> None:
    sd = "Strategic developments"
    gave_up = rep("a", sd, "Agreement", "2021-06-09", RAMADI, "Forty fighters laid down their arms before the army",
                  actor="Islamic State")
    joined = rep("b", sd, "Change to group/activity", "2021-06-09", RAMADI, "Dozens of militants defected and "
                 "joined government ranks", actor="Islamic State")
    assert _link(gave_up, joined)
    assert not _link(gave_up, replace(joined, sub_event_type="Arrests"))  # an arrest is another act


def test_a_guessed_side_or_a_side_the_other_report_names_never_contradicts() -> None:
    strike = rep("a", EXP, AIR, "2021-06-09", RAMADI, "French jets bombed a militant camp outside the town",
                 actor="Military Forces of France")
    unnamed = replace(rep("b", EXP, AIR, "2021-06-09", RAMADI, "An air strike hit a camp near the town",
                          actor="Military Forces of Iraq"), actor1_reason="default")  # no words named the side
    assert _link(strike, unnamed)
    assert not _link(strike, replace(unnamed, actor1_reason="rule"))  # a side the text told: two strikers
    either = replace(rep("c", VAC, "Attack", "2021-06-09", RAMADI, "Suspected Islamic State or al-Qaeda fighters "
                         "shot two farmers", actor="Islamic State"), actor1_reason="alias", actor1_mention="Islamic State")
    named = replace(rep("d", VAC, "Attack", "2021-06-09", RAMADI, "Al-Qaeda gunmen killed two farmers",
                        actor="Al Qaeda"), actor1_reason="alias", actor1_mention="al-Qaeda")
    assert _link(either, named)  # the first report names both groups
    other = replace(named, actor1="Hurras al-Din", actor1_mention="Hurras al-Din")
    assert not _link(either, other)


# two towns of one province ~16 km apart (invented points for the test)
TOWN_A = ("Townsville", 33.35, 43.60, "IQ", "Anbar")
TOWN_B = ("Otherton", 33.35, 43.77, "IQ", "Anbar")


def test_two_towns_of_one_province_are_two_places() -> None:
    a = rep("a", VAC, "Attack", "2021-06-09", TOWN_A, "Gunmen killed a teacher outside his home", killed=1,
            actor="Islamic State")
    b = rep("b", VAC, "Attack", "2021-06-09", TOWN_B, "A teacher was shot dead by gunmen", killed=1,
            actor="Islamic State")
    assert not _link(a, b)
    # told as an area ("the Otherton district"), the name is the district, which may hold the first town
    told = "A teacher was shot dead by gunmen in Otherton district"
    area = replace(b, evidence=(Span(0, len(told), told),),
                   location=replace(b.location, text="Otherton", span_start=told.index("Otherton"),  # type: ignore[arg-type]
                                    span_end=told.index("Otherton") + len("Otherton")))
    assert _link(a, area)
    # a chain through the area does not put the two towns into one event either
    out = {r.doc_id: r.event_id for r in Resolver().resolve([a, replace(area, doc_id="c"), b])}
    assert out["a"] != out["b"]


def test_a_quarter_lies_inside_its_city() -> None:
    nairobi = ResolvedPlace("Nairobi", "KE", "Nairobi Area", -1.28333, 36.81667, "city", "Nairobi", 0, 7,
                            geonameid=184745)  # GeoNames id of Nairobi: a city of millions
    a = rep("a", "Protests", "Protest with intervention", "2023-07-12", None, "Police fired tear gas at marchers",
            actor="Protesters (Kenya)")
    quarter = ("Some Estate", -1.20, 36.90, "KE", "Nairobi Area")  # ~13 km from the centre, no id
    b = rep("b", "Protests", "Protest with intervention", "2023-07-12", quarter, "Tear gas was used on protesters",
            actor="Protesters (Kenya)")
    assert _link(replace(a, location=nairobi), b)
    small = replace(nairobi, name="Smalltown", geonameid=None)  # a town of unknown size: only town_km
    assert not _link(replace(a, location=small), b)


def test_a_country_alone_may_be_the_actors_country_not_the_scene() -> None:
    # 'Somali militants threw a grenade ...' placed only at Somalia; the other outlet names the Kenyan town
    somalia = ("Somalia", 6.0, 47.0, "SO", "")
    garissa = ("Garissa", -0.45, 39.65, "KE", "Garissa")
    told_by_country = rep("a", EXP, "Grenade", "2021-06-09", somalia, "Somali militants hurled a grenade at a bar, "
                          "killing two", actor="Al Shabaab", killed=2, place_precision="country")
    in_town = rep("b", EXP, "Grenade", "2021-06-09", garissa, "Two people died when a grenade hit a bar in town",
                  actor="Al Shabaab", killed=2)
    assert _link(told_by_country, in_town)  # an actor and a toll in common, as for a report with no place
    assert not _link(replace(told_by_country, actor1=None, fatalities=None), in_town)  # the type alone: not enough
    kenya_town = ("Mandera", 3.94, 41.86, "KE", "Mandera")
    out = {r.doc_id: r.event_id for r in Resolver().resolve(
        [told_by_country, in_town, replace(in_town, doc_id="c", location=replace(in_town.location, name="Mandera",  # type: ignore[arg-type]
                                                                                  lat=kenya_town[1], lon=kenya_town[2]))])}
    assert out["b"] != out["c"]  # the vague report joins one of them, never both towns
