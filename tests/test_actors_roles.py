"""Actor roles in ACLED's style: the victims' side as actor2, crowds as rioters, identity militias,
and the inter codes in records and exports. Every sentence is invented for these tests."""
from __future__ import annotations

import csv
import io
import json
from importlib import resources

import pytest

from sitroom import actors, actors_roles, extract
from sitroom.export import write_records
from sitroom.nlp import get_nlp
from sitroom.records import EventReport


def events_of(text: str, published: str = "2022-06-10") -> list[EventReport]:
    return list(extract(text, published=published, doc_id="t").events)


def first(text: str, event_type: str | None = None) -> EventReport:
    evs = [e for e in events_of(text) if event_type is None or e.event_type == event_type]
    assert evs, [(e.event_type, e.actor1, e.actor2) for e in events_of(text)]
    return evs[0]


def test_victims_data_is_described_and_has_the_three_sides() -> None:
    data = json.loads(resources.files("sitroom.data").joinpath("actors.json").read_text())
    assert data["victims"]["description"] and data["crowd_agents"]["description"]
    assert data["identity_militia"]["description"]
    kinds = set(actors_roles.victim_nouns().values())
    assert kinds == {"civilians", "police", "military"}
    assert actors_roles.victim_nouns()["traders"] == "civilians"
    assert actors_roles.victim_nouns()["policemen"] == "police"


@pytest.mark.parametrize("text,actor2,inter2", [
    ("On 4 June 2022, three policemen were killed when their truck struck a roadside bomb planted by Taliban "
     "militants in Kunduz province, Afghanistan.", "Police Forces of Afghanistan", 1),
    ("On 4 June 2022, two soldiers were injured when their patrol exchanged fire with Taliban insurgents "
     "near Pul-e Alam, Afghanistan.", "Military Forces of Afghanistan", 1),
    ("On 5 June 2022, a trader was injured when a grenade thrown by unknown assailants exploded at a market in "
     "Mandera, Kenya.", "Civilians (Kenya)", 7),
])
def test_the_victims_side_is_actor2(text: str, actor2: str, inter2: int) -> None:
    e = first(text)
    assert e.actor2 == actor2 and e.inter2 == inter2


def test_a_battle_told_from_the_casualties_side_puts_the_armed_group_first() -> None:
    e = first("On 5 June 2022, two soldiers were hurt in heavy fighting with Taliban insurgents near Pul-e Alam, "
              "Afghanistan.", "Battles")
    assert (e.actor1, e.inter1) == ("Taliban", 2)


def test_two_men_hurt_are_not_an_armed_group() -> None:
    doc = get_nlp()("Two men were shot dead by gunmen in Garissa.")
    found = [(a.canonical, a.text) for a in actors.find_actors(doc, focus_country="KE")]
    assert ("Unidentified Armed Group (Kenya)", "gunmen") in found
    assert all(text != "men" for _, text in found)
    # the phrase still names an armed group
    doc = get_nlp()("Armed men stormed a bus in Garissa.")
    assert any(a.canonical.startswith("Unidentified Armed Group") for a in actors.find_actors(doc, focus_country="KE"))


def test_gendarmes_are_police_and_security_personnel_the_military() -> None:
    doc = get_nlp()("Gendarmes and Malian security personnel patrolled the road.")
    found = {a.text: a.canonical for a in actors.find_actors(doc, focus_country="ML")}
    assert found["Gendarmes"] == "Police Forces of Mali"
    assert found["Malian security personnel"] == "Military Forces of Mali"


def test_a_crowd_of_civilians_that_attacks_is_rioters() -> None:
    e = first("On 6 June 2022, villagers lynched a suspected cattle thief in Kisii, Kenya.")
    assert (e.actor1, e.inter1) == ("Rioters (Kenya)", 5)
    # people hurt are still the victims, never the perpetrator
    e = first("On 6 June 2022, two people were wounded when gunmen opened fire on a bus near Wajir, Kenya.")
    assert e.actor1 == "Unidentified Armed Group (Kenya)" and e.actor2 == "Civilians (Kenya)"


def test_party_members_who_fight_are_rioters_on_both_sides() -> None:
    e = first("On 5 June 2022, members of the Freedom Party clashed with supporters of the Labour Party in "
              "Mombasa town, Kenya, and police fired tear gas.")
    assert (e.actor1, e.actor2, e.inter1, e.inter2) == ("Rioters (Kenya)", "Rioters (Kenya)", 5, 5)


def test_a_party_leader_and_his_men_are_rioters_not_gunmen() -> None:
    e = first("On 2 June 2022, a leader of the Green Party along with his accomplices assaulted a trader in "
              "Nakuru, Kenya.")
    assert (e.actor1, e.inter1) == ("Rioters (Kenya)", 5)
    assert e.actor2 == "Civilians (Kenya)"


def test_students_who_clash_with_police_face_the_police() -> None:
    e = first("On 6 June 2022, students clashed with police in Nakuru, Kenya.")
    assert (e.actor1, e.actor2, e.inter1, e.inter2) == ("Rioters (Kenya)", "Police Forces of Kenya", 5, 1)


def test_a_militia_named_by_its_people_is_an_identity_militia() -> None:
    e = first("On 4 June 2022, suspected Borana militiamen attacked two lorries near Moyale, Kenya, wounding a "
              "driver.")
    assert e.actor1 == "Borana Ethnic Militia (Kenya)" and e.actor1_mention == "Borana militiamen"
    assert e.inter1 == 4
    doc = get_nlp()("Somali militiamen crossed the border.")
    assert not any("Ethnic Militia" in a.canonical for a in actors.find_actors(doc, focus_country="KE"))


def test_named_sahel_groups() -> None:
    doc = get_nlp()("Presumed Ansaroul Islam militants ambushed gendarmes near Djibo.")
    found = {a.canonical: a for a in actors.find_actors(doc, focus_country="BF")}
    assert "Ansaroul Islam" in found and actors.inter_code(found["Ansaroul Islam"], "BF") == 2
    assert "Police Forces of Burkina Faso" in found


def test_inter_codes_for_every_generic_role() -> None:
    codes = {}
    for kind in ("military", "police", "armed_unknown", "rioters", "protesters", "civilians"):
        name = actors.state_actor(kind, "KE")
        assert name is not None
        k = {"military": "state_forces", "police": "state_forces"}.get(kind, actors.KIND_OF_CATEGORY[kind])
        codes[kind] = actors.inter_code(actors.ActorMention(name, k, "", -1, -1, "KE"), "KE")
    assert codes == {"military": 1, "police": 1, "armed_unknown": 3, "rioters": 5, "protesters": 6, "civilians": 7}
    foreign = actors.ActorMention("Military Forces of Uganda", "state_forces", "", -1, -1, "UG")
    assert actors.inter_code(foreign, "SO") == 8


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_inter_codes_reach_the_exports(fmt: str) -> None:
    e = first("On 5 June 2022, a trader was injured when a grenade thrown by unknown assailants exploded at a "
              "market in Mandera, Kenya.")
    buf = io.StringIO()
    write_records([e.to_dict()], fmt, buf)
    if fmt == "csv":
        row = next(csv.DictReader(io.StringIO(buf.getvalue())))
        assert (row["inter1"], row["inter2"]) == (str(e.inter1), str(e.inter2))
    else:
        rec = json.loads(buf.getvalue().splitlines()[0])
        assert (rec["inter1"], rec["inter2"]) == (e.inter1, e.inter2)
    assert e.inter1 == 3 and e.inter2 == 7


def test_records_say_how_each_actor_was_found() -> None:
    e = first("On 4 June 2022, two soldiers were injured when their patrol exchanged fire with Taliban insurgents "
              "near Pul-e Alam, Afghanistan.", "Battles")
    d = e.to_dict()
    assert d["actor1_reason"] == "alias"
    assert d["actor2_reason"] in ("rule", "victim", "opponent")
    e = first("On 5 June 2022, members of the Freedom Party clashed with supporters of the Labour Party in "
              "Mombasa town, Kenya.")
    assert e.actor2_reason == "clash"
    # ("attacked": an unarmed group that "assaulted" someone is typed Mob violence, whose default actor is the rioters)
    e = first("On 2 June 2022, a leader of the Green Party along with his accomplices attacked a trader in "
              "Nakuru, Kenya.")
    assert e.actor1_reason == "crowd" and e.actor2_reason == "default"
    assert actors_roles.reason(None) is None


def test_an_unidentified_actor_takes_the_named_group_it_stands_for() -> None:
    e = first("On 5 May 2021, gunmen shot dead two teachers in Mandera, Kenya, in an attack police blamed on "
              "Al Shabaab.")
    assert (e.actor1, e.inter1, e.actor1_reason) == ("Al Shabaab", 2, "attributed")
    # two different groups named: the report does not say which one, the actor stays unidentified
    e = first("On 5 May 2021, gunmen shot dead two teachers in Mandera, Kenya, in an area where both Al Shabaab "
              "and Islamic State fighters operate.")
    assert e.actor1 == "Unidentified Armed Group (Kenya)"


def test_who_tells_the_event_is_not_its_victim() -> None:
    e = first("Kenyan police say one person was killed when gunmen fired on a bus near Garissa on 4 June 2022.")
    assert e.actor2 != "Police Forces of Kenya"


@pytest.mark.parametrize("text", [
    "A car bomb exploded outside a market in Mogadishu on Monday, killing six people, police said, in an "
    "attack they blamed on Al Shabaab.",
    "A roadside bomb, which officials attributed to the Taliban, killed four soldiers near Kunduz on Monday.",
])
def test_the_group_an_attack_is_blamed_on_is_its_actor1(text: str) -> None:
    e = first(text)
    assert e.actor1 in ("Al Shabaab", "Taliban"), e.actor1
