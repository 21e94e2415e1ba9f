"""Typing of strategic developments and looting (ACLED codebook): territory taken with or without
fighting, looting told with shots in the air or a closure, goods taken from an intercepted vehicle.
Every sentence here is invented."""
from __future__ import annotations

import pytest
from typing_support import events_of, subs


def _why(text: str) -> list[tuple[str, str | None]]:
    return [(e.sub_event_type, e.type_reason) for e in events_of(text)]


@pytest.mark.parametrize("text", [
    "Rebels briefly took over Ouahigouya on Tuesday. Their commanders addressed the residents before leaving.",
    "On 4 May 2021, militants seized control of a gold mining site near Gorom-Gorom.",
    "On 4 May 2021, rebels took control of the village of Kaya without firing a shot.",
    "On 4 May 2021, soldiers from the neighbouring country took over a police post in Mandera. No violence reported.",
])
def test_a_taking_told_without_any_fighting_is_a_non_violent_transfer(text: str) -> None:
    assert subs(text) == ["Non-violent transfer of territory"], _why(text)


@pytest.mark.parametrize("text, sub", [
    ("On 4 May 2021, rebels attacked Kaya and took control of the town after hours of fighting.",
     "Non-state actor overtakes territory"),
    ("Militants attacked the town of Kaya on 4 May 2021, killing three policemen. They then took control of it.",
     "Non-state actor overtakes territory"),
    ("On 4 May 2021, the army retook the town of Kaya after heavy clashes with the rebels.",
     "Government regains territory"),
])
def test_a_taking_told_with_fighting_stays_a_battle(text: str, sub: str) -> None:
    assert sub in subs(text), _why(text)
    assert "Non-violent transfer of territory" not in subs(text), _why(text)


def test_a_post_overrun_and_burned_is_ground_taken() -> None:
    text = "On 4 May 2021, militants attacked the army post in Kaya, then overran and burned the post."
    assert "Non-state actor overtakes territory" in subs(text), _why(text)


@pytest.mark.parametrize("text", [
    "On 4 May 2021, militants entered the village of Kaya, fired in the air and looted two shops.",
    "On 4 May 2021, gunmen closed down the primary school in Kaya and seized the teachers' phones and cash.",
    "On 4 May 2021, militants intercepted a lorry near Kaya and seized its goods.",
])
def test_looting_told_with_shots_in_the_air_a_closure_or_a_stopped_vehicle(text: str) -> None:
    assert subs(text) == ["Looting/property destruction"], _why(text)


@pytest.mark.parametrize("text", [
    # the shots in the air are the police's, at a demonstration: no looting
    "On 4 May 2021, officers shot into the air to break up a traders' march in Kaya.",
    # the forces' interception of a drone is no looting
    "On 4 May 2021, the army intercepted a drone over Kaya.",
])
def test_shots_in_the_air_and_interceptions_without_goods_taken_are_no_looting(text: str) -> None:
    assert subs(text) and "Looting/property destruction" not in subs(text), _why(text)


def test_a_drone_intercepted_by_the_army_stays_disrupted_weapons_use() -> None:
    text = "On 4 May 2021, the army intercepted a drone over Kaya."
    assert "Disrupted weapons use" in subs(text), _why(text)


@pytest.mark.parametrize("text", [
    "On 4 May 2021, cattle rustlers stole 300 goats near Lodwar, and two herders were killed.",
    "On 4 May 2021, bandits robbed traders near Kaya; one trader was wounded.",
])
def test_property_taken_where_people_were_killed_or_wounded_is_an_attack(text: str) -> None:
    assert "Attack" in subs(text) and "Looting/property destruction" not in subs(text), _why(text)


@pytest.mark.parametrize("text", [
    "On 4 May 2021, gunmen burned 20 houses near Lodwar and 40 goats were killed.",
    "On 4 May 2021, bandits burned a shop in Kaya. No one was injured.",
])
def test_animals_killed_or_no_one_hurt_keep_the_looting(text: str) -> None:
    assert "Looting/property destruction" in subs(text), _why(text)


@pytest.mark.parametrize("text, sub", [
    ("On 4 May 2021, militants entered the village of Kaya and preached at the mosque.", "Change to group/activity"),
    ("On 4 May 2021, militants entered the village of Kaya and seized millet and cash from the shops.",
     "Looting/property destruction"),
    ("On 4 May 2021, militants entered the village of Kaya and killed three villagers.", "Attack"),
])
def test_an_armed_group_entering_a_village_is_typed_by_what_it_did_there(text: str, sub: str) -> None:
    assert sub in subs(text), _why(text)
    assert "Armed clash" not in subs(text), _why(text)


def test_a_combing_operation_after_an_ambush_is_the_security_measure() -> None:
    text = "On 4 May 2021, the army conducted a combing operation in the forest near Kaya in the wake of an ambush."
    assert subs(text) == ["Change to group/activity"], _why(text)


@pytest.mark.parametrize("text", [
    "On 4 May 2021, militants seized a van near Kaya.",
    "On 4 May 2021, gunmen seized a lorry and a generator in Kaya.",
])
def test_a_vehicle_or_goods_seized_by_an_armed_group_is_looting(text: str) -> None:
    assert subs(text) == ["Looting/property destruction"], _why(text)


def test_an_attack_on_a_farm_that_destroys_houses_told_in_the_present_is_property_destruction() -> None:
    text = "Armed men attack a farm near Nakuru on Monday, destroy 40 houses."
    assert "Looting/property destruction" in subs(text), _why(text)


def test_troops_entering_a_town_are_no_armed_group_movement() -> None:
    text = "On 4 May 2021, government troops entered the town of Kaya."
    assert "Change to group/activity" not in subs(text), _why(text)


@pytest.mark.parametrize("text, sub", [
    # the killing under investigation is the charge: the arrest is the event
    ("On Monday, a former mayor of Kisumu was arrested after officers searched his homes in Kisumu. "
     "He faces trial over the murder of a trader in May.", "Arrests"),
    # a killing told as the event, with no arrest, stays the attack
    ("On Monday, gunmen shot dead a trader in Kisumu. Police have opened an inquiry.", "Attack"),
])
def test_a_killing_under_investigation_is_the_charge_of_the_arrest(text: str, sub: str) -> None:
    assert subs(text)[:1] == [sub], _why(text)
