"""Actors in ACLED's style, round 8: who leads an excessive-force report. Every sentence is invented
for these tests."""
from __future__ import annotations

from sitroom import actors_roles, extract
from sitroom.records import ActorMention, EventReport


def events_of(text: str, published: str = "2019-03-04") -> list[EventReport]:
    return list(extract(text, published=published, doc_id="t").events)


def _excessive(text: str) -> EventReport | None:
    evs = [e for e in events_of(text) if e.sub_event_type == "Excessive force against protesters"]
    return evs[0] if evs else None


def test_a_force_that_opens_the_report_hurting_protesters_is_actor1() -> None:
    ev = _excessive("Police in Nakuru shot and wounded four traders who were protesting new market fees "
                    "on Monday.")
    assert ev is not None
    assert ev.actor1 is not None and ev.actor1.startswith("Police Forces of Kenya"), ev
    assert ev.actor2 is not None and ev.actor2.startswith("Protesters"), ev


def test_shooting_at_a_crowd_is_no_force_lead() -> None:
    for ev in events_of("Police shot at traders who had gathered to protest new market fees in Nakuru."):
        if ev.event_type == "Protests":
            assert ev.actor1 is not None and ev.actor1.startswith("Protesters"), ev


def test_a_battle_told_by_its_dead_keeps_both_sides() -> None:
    text = "On 2 June 2020, six Taliban fighters were killed in heavy clashes with Afghan soldiers near Kunduz city."
    evs = [e for e in events_of(text, "2020-06-03") if e.sub_event_type == "Armed clash"]
    assert evs
    assert evs[0].actor1 is not None and evs[0].actor1.startswith("Military Forces of Afghanistan"), evs[0]
    assert evs[0].actor2 == "Taliban", evs[0]


def test_two_forces_of_one_state_are_one_side() -> None:
    army = ActorMention("Military Forces of Kenya", "state_forces", "soldiers", 0, 8, "KE", 0.8, "rule")
    police = ActorMention("Police Forces of Kenya", "state_forces", "police", 20, 26, "KE", 0.8, "rule")
    assert actors_roles.clash_sides(army, [police]) is None  # no sentence: nothing said who fell


def test_people_killed_together_are_one_side() -> None:
    text = "On 3 May 2020, a policeman and two pro-government militiamen were killed in Khanabad district, Kunduz."
    for ev in events_of(text, "2020-05-04"):
        assert {ev.actor1, ev.actor2} != {"Militia (Pro-Government)", "Police Forces of Afghanistan"}, ev


def test_who_made_the_attack_that_killed_is_actor1() -> None:
    text = ("On 2 May 2020, a policeman was killed and two policemen and a pro-government militia member were "
            "hurt after an ambush by Taliban gunmen close to Khanabad town, Kunduz.")
    evs = [e for e in events_of(text, "2020-05-03") if e.event_type == "Battles"]
    assert evs and evs[0].actor1 == "Taliban", evs


def test_the_subject_that_fought_leads_the_clash() -> None:
    text = ("On 9 June 2021, militants ambushed an army convoy near Poonch, Jammu and Kashmir, killing two soldiers. The attackers, "
            "thought to be a small band, fled into the hills.")
    evs = [e for e in events_of(text, "2021-06-10") if e.event_type == "Battles"]
    assert evs
    assert evs[0].actor2 is not None and evs[0].actor2.startswith("Military Forces"), evs[0]
    assert evs[0].actor1 is None or not evs[0].actor1.startswith("Military Forces"), evs[0]
