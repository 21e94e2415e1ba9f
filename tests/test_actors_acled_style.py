"""Actors in ACLED's style, round 4: who acted and who was acted on in excessive force, attacks on a
force's posts, a force's fire, suspected groups, crowds that clashed and unnamed raiders. Every
sentence is invented for these tests."""
from __future__ import annotations

import json
from importlib import resources

import pytest

from sitroom import actors, actors_roles, extract
from sitroom.nlp import get_nlp
from sitroom.records import ActorMention, EventReport


def events_of(text: str) -> list[EventReport]:
    return list(extract(text, published="2022-06-10", doc_id="t").events)


def first(text: str, event_type: str | None = None) -> EventReport:
    evs = [e for e in events_of(text) if event_type is None or e.event_type == event_type]
    assert evs, [(e.event_type, e.actor1, e.actor2) for e in events_of(text)]
    return evs[0]


def _m(canonical: str, kind: str, text: str = "x", start: int = 0) -> ActorMention:
    return ActorMention(canonical, kind, text, start, start + len(text), "KE", 0.8, "rule")


def test_new_data_is_described() -> None:
    data = json.loads(resources.files("sitroom.data").joinpath("actors.json").read_text())
    for key in ("force_targets", "force_actions"):
        assert data[key]["description"]
    assert data["generic_sources"]["identity_unknown"]
    assert "checkpoint" in data["force_targets"]["places"] and "fire" in data["force_actions"]["nouns"]


# excessive force against protesters: the force that used it acted
def test_force_on_protesters_keeps_the_force_first() -> None:
    police = _m("Police Forces of Kenya", "state_forces", "police")
    crowd = _m("Civilians (Kenya)", "civilians", "demonstrators", 20)
    a1, a2 = actors_roles.force_on_protesters(police, crowd, "KE")
    assert a1 is police and a2 is not None and a2.canonical == "Protesters (Kenya)" and a2.text == "demonstrators"
    a1, a2 = actors_roles.force_on_protesters(police, None, "KE")
    assert a2 is not None and a2.canonical == "Protesters (Kenya)" and a2.span_start == -1
    # no force as the agent: ACLED's demonstration order stays
    a1, a2 = actors_roles.force_on_protesters(crowd, police, "KE")
    assert a1 is not None and a1.canonical == "Protesters (Kenya)" and a2 is police


def test_police_who_shot_demonstrators_are_actor1() -> None:
    e = first("On 3 May 2022, police in Nakuru, Kenya shot and wounded two demonstrators protesting against "
              "fuel prices.")
    assert e.sub_event_type == "Excessive force against protesters"
    assert (e.actor1, e.actor2) == ("Police Forces of Kenya", "Protesters (Kenya)")


def test_a_violent_demonstration_faced_the_police_by_default() -> None:
    e = first("On 3 May 2022, rioters burned tyres and blocked the highway in Kisumu, Kenya.", "Riots")
    assert e.sub_event_type == "Violent demonstration"
    assert (e.actor1, e.actor2) == ("Rioters (Kenya)", "Police Forces of Kenya")


# a force's post, patrol or vehicle as the target
@pytest.mark.parametrize("text,actor1,actor2", [
    ("On 3 May 2022, suspected Al Shabaab militants attacked a police post near Mandera, Kenya.",
     "Al Shabaab", "Police Forces of Kenya"),
    ("On 3 May 2022, Taliban militants ambushed an army convoy in Kunduz province, Afghanistan.",
     "Taliban", "Military Forces of Afghanistan"),
])
def test_an_attack_on_a_forces_post_is_one_on_that_force(text: str, actor1: str, actor2: str) -> None:
    e = first(text)
    assert (e.actor1, e.actor2) == (actor1, actor2)
    assert e.actor2_reason == "target"


def test_force_target_needs_the_post_to_be_the_target() -> None:
    doc = get_nlp()("The police station stood empty.")
    assert actors_roles.force_target(list(doc.sents), [], "KE") is None


def test_a_groups_own_fighters_told_again_are_not_its_opponent() -> None:
    e = first("On 3 May 2022, JNIM militants attacked an army position near Djibo, Burkina Faso; seven "
              "assailants and four soldiers were killed.")
    assert e.actor1 == "JNIM: Group for Support of Islam and Muslims"
    assert e.actor2 == "Military Forces of Burkina Faso"


# a force word before what the force does
def test_army_fire_is_the_armys() -> None:
    e = first("On 3 May 2022, three civilians were wounded by Afghan army fire in Kunduz province, Afghanistan.")
    assert (e.actor1, e.actor2) == ("Military Forces of Afghanistan", "Civilians (Afghanistan)")


def test_a_police_station_is_still_not_the_police() -> None:
    doc = get_nlp()("Gunmen attacked a police station in Garissa.")
    found = [a.canonical for a in actors.find_actors(doc, focus_country="KE")]
    assert "Police Forces of Kenya" not in found


def test_a_demonym_inside_an_operation_name_gives_the_forces_country() -> None:
    doc = get_nlp()("French Operation Serval forces carried out airstrikes near Gao.")
    found = [a.canonical for a in actors.find_actors(doc, focus_country="ML")]
    assert "Military Forces of France" in found


def test_a_strategic_development_takes_its_subject() -> None:
    e = first("On 3 May 2022, the Kenyan army announced a curfew in Lamu county, Kenya.")
    assert e.event_type == "Strategic developments"
    assert e.actor1 == "Military Forces of Kenya"


# the one named group that acted
def test_a_brief_names_the_group_that_planted_the_mine_in_its_next_sentence() -> None:
    e = first("On 3 May 2022, a farmer was killed when his cart struck a landmine near Djibo, Burkina Faso. "
              "The mine is believed to have been planted by JNIM militants.")
    assert e.actor1 == "JNIM: Group for Support of Islam and Muslims"
    assert e.actor2 == "Civilians (Burkina Faso)"


def test_a_group_that_was_hit_is_not_the_one_that_struck() -> None:
    e = first("On 3 May 2022, three Taliban fighters were killed in an army artillery attack in Kunduz "
              "province, Afghanistan.")
    assert (e.actor1, e.actor2) == ("Military Forces of Afghanistan", "Taliban")


def test_militants_who_fired_on_a_checkpoint_are_actor1() -> None:
    e = first("On 3 May 2022, two policemen were killed when Taliban militants fired rockets at their "
              "checkpoint in Kunduz province, Afghanistan.")
    assert (e.actor1, e.actor2) == ("Taliban", "Police Forces of Afghanistan")


# crowds that clashed
@pytest.mark.parametrize("text", [
    "On 3 May 2022, supporters of two rival candidates engaged in a clash in Sylhet, Bangladesh.",
    "On 3 May 2022, a factional clash broke out among party members in Khulna, Bangladesh.",
])
def test_crowds_that_clashed_are_rioters_on_both_sides(text: str) -> None:
    e = first(text, "Riots")
    assert (e.actor1, e.actor2) == ("Rioters (Bangladesh)", "Rioters (Bangladesh)")


def test_crowds_clashed_with_a_crowd_and_the_police() -> None:
    doc = get_nlp()("Members of the ruling party clashed with opposition supporters and the police in Khulna.")
    assert actors_roles.crowds_clashed(list(doc.sents))
    doc = get_nlp()("Students clashed with the police in Khulna.")
    assert not actors_roles.crowds_clashed(list(doc.sents))


# raiders no report names
def test_unnamed_raiders_are_an_unidentified_ethnic_militia() -> None:
    e = first("On 3 May 2022, cattle raiders killed two herders near Lodwar, Kenya.")
    assert (e.actor1, e.inter1) == ("Unidentified Ethnic Militia (Kenya)", 4)
    assert e.actor2 == "Civilians (Kenya)"
    named = first("On 3 May 2022, suspected Pokot raiders attacked a village in Baringo, Kenya.")
    assert named.actor1 == "Pokot Ethnic Militia (Kenya)"


# the other side of a strategic development
@pytest.mark.parametrize("text,actor1,actor2", [
    ("On 3 May 2022, 25 Taliban fighters surrendered to Afghan forces in Kunduz province, Afghanistan.",
     "Taliban", "Military Forces of Afghanistan"),
    ("On 3 May 2022, the army defused a bomb near Djibo, Burkina Faso. The device had been planted by JNIM "
     "militants.", "Military Forces of Burkina Faso", "JNIM: Group for Support of Islam and Muslims"),
])
def test_a_strategic_development_names_its_other_side(text: str, actor1: str, actor2: str) -> None:
    e = first(text, "Strategic developments")
    assert (e.actor1, e.actor2) == (actor1, actor2)


def test_two_groups_named_together_are_one_side() -> None:
    doc = get_nlp()("JNIM and Ansaroul Islam militants announced a blockade of the town.")
    ms = actors.find_actors(doc, focus_country="BF")
    jnim = next(m for m in ms if m.canonical.startswith("JNIM"))
    assert actors_roles.other_side(jnim, ms, list(doc.sents), None) is None


def test_a_force_hits_a_group_its_airstrikes_killed() -> None:
    e = first("On 3 May 2022, six Islamic State militants were killed by Afghan army airstrikes in Kunar "
              "province, Afghanistan.")
    assert (e.actor1, e.actor2) == ("Military Forces of Afghanistan", "Islamic State")
