"""Sub-types told by the weapon, the victims' status or the other side's kind (ACLED codebook): disrupted
weapons use in headline tense, air strikes told by the aircraft, rocket-propelled grenades told after the
attack, off-duty or former soldiers as civilians, sexual mutilation, forced disappearance, killings in
clan clashes, exchanges of fire, tear gas shells. Every sentence here is invented."""
from __future__ import annotations

import pytest
from typing_support import events_of, subs, why


@pytest.mark.parametrize("text, sub", [
    # present-tense headline verbs of finding and foiling, as the past-tense ones
    ("Soldiers find a hand grenade hidden in a sack at a market in Kismayo", "Disrupted weapons use"),
    ("On Friday, troops thwart a roadside attack near Baidoa by detecting two IEDs and blowing them up. "
     "Nobody was hurt.", "Disrupted weapons use"),
    # the grenade thrown stays a grenade attack
    ("On Friday, a man threw a grenade into a bar in Kismayo, wounding four customers.", "Grenade"),
])
def test_explosives_found_or_foiled_in_headline_tense(text: str, sub: str) -> None:
    assert subs(text)[:1] == [sub], why(text)


@pytest.mark.parametrize("text, sub", [
    ("On 9 June, Malian forces carried out a raid with attack helicopters and a drone near Gossi, "
     "killing a number of jihadists.", "Air/drone strike"),
    ("Chadian air forces launch attacks on insurgent hideouts on islands of Lake Chad on Sunday.", "Air/drone strike"),
    # a fight on the ground with helicopters overhead stays a clash
    ("On 9 June, soldiers clashed with jihadists near Gossi while helicopters circled; six fighters died.",
     "Armed clash"),
])
def test_a_state_force_s_attack_told_with_its_aircraft_is_an_air_strike(text: str, sub: str) -> None:
    assert subs(text)[:1] == [sub], why(text)


@pytest.mark.parametrize("text, sub", [
    ("On Sunday, insurgents attacked a police station in Dhobley. They fired an RPG at the gate; "
     "no one was injured.", "Shelling/artillery/missile attack"),
    # the attack told with its dead, and shelling told afterwards by the other side: not the same weapon
    ("On Sunday, gunmen raided the hamlet of Kilo, killing four farmers. The army later shelled the hills "
     "where they hid.", "Attack"),
])
def test_indirect_fire_told_in_the_next_sentence(text: str, sub: str) -> None:
    assert subs(text)[:1] == [sub], why(text)


@pytest.mark.parametrize("text, sub", [
    ("On 8 May, a retired army officer was shot dead by insurgents at his shop in Ghazni city.", "Attack"),
    ("On 8 May, an off-duty policeman was killed by militants at a wedding in Ghazni.", "Attack"),
    ("On 8 May, two soldiers were shot dead by insurgents at a checkpoint in Ghazni.", "Armed clash"),
])
def test_former_or_off_duty_soldiers_are_civilians(text: str, sub: str) -> None:
    assert subs(text) == [sub], why(text)


@pytest.mark.parametrize("text", [
    "Unknown assailants beat a young herder near Isiolo on Tuesday and cut off his genitals.",
    "Armed men attacked a farmer near Isiolo on Tuesday. They mutilated his private parts before fleeing.",
])
def test_sexual_mutilation_is_sexual_violence(text: str) -> None:
    assert subs(text)[:1] == ["Sexual violence"], why(text)


@pytest.mark.parametrize("text, sub", [
    ("On Tuesday, police detained three activists in Mombasa. Their families say they were moved to an "
     "undisclosed location and their whereabouts remain unknown.", "Abduction/forced disappearance"),
    ("On Tuesday, police arrested three activists in Mombasa for inciting violence.", "Arrests"),
])
def test_detentions_into_secret_custody_are_abductions(text: str, sub: str) -> None:
    assert subs(text)[:1] == [sub], why(text)


def test_people_killed_in_clan_clashes_died_in_a_clash() -> None:
    text = "Seven people were killed in clashes between two clans over grazing land near Bardera on Sunday."
    assert subs(text)[:1] == ["Armed clash"], why(text)


def test_tear_gas_shells_are_not_shelling() -> None:
    text = "On Sunday, police fired tear gas shells at students who were marching to the parliament in Dhaka."
    assert "Shelling/artillery/missile attack" not in subs(text), why(text)


@pytest.mark.parametrize("text, sub", [
    # park rangers and forest guards are an armed state service
    ("On 2 May, unidentified gunmen shot dead two park rangers on patrol in Garamba park.", "Armed clash"),
    # an attack that security forces pushed back: two armed sides fought
    ("Jihadists attack a hamlet near Arbinda on Friday. Soldiers pushed back the attackers and nobody was "
     "hurt.", "Armed clash"),
    # people killed amid a land feud between two ethnic communities
    ("On 2 May, three men were killed near Dedougou in a land dispute pitting ethnic Bobo against Mossi farmers.",
     "Armed clash"),
    # police torturing a detainee: one-sided violence
    ("Police detain and torture a young trader in Lamu, his family says; he was freed two days later.",
     "Attack"),
])
def test_battle_or_one_sided_by_the_other_side_s_kind(text: str, sub: str) -> None:
    assert subs(text)[:1] == [sub], why(text)


@pytest.mark.parametrize("text, sub", [
    # both sides fired: they were armed, whoever they were
    ("On Friday, rustlers and local herders exchanged fire for hours near Baragoi, leaving three men dead.",
     "Armed clash"),
    # farmers and herders fighting over grazing or water: communal militias
    ("On 2 July, cattle keepers clashed with farmers over a pasture near Garsen, and a man was killed.",
     "Armed clash"),
    ("Several people were hurt near Fada on 8 March during intercommunal violence between farmers and "
     "pastoralists.", "Armed clash"),
    # a lynching stays mob violence
    ("On Monday, an angry mob beat two suspected thieves to death at a market in Kisii.", "Mob violence"),
])
def test_armed_or_communal_sides_clash_a_mob_does_not(text: str, sub: str) -> None:
    assert subs(text)[:1] == [sub], why(text)


def test_a_vehicle_seized_with_its_people_aboard_is_an_abduction() -> None:
    text = "On 5 August, gunmen seized a minibus with its driver and four traders on board outside Gao."
    assert subs(text)[:1] == ["Abduction/forced disappearance"], why(text)
    cargo = "On 5 August, gunmen seized a minibus loaded with rice outside Gao."
    assert "Abduction/forced disappearance" not in subs(cargo), why(cargo)


def test_a_security_sweep_told_with_its_arrests_is_an_arrest_event() -> None:
    text = "Police mount a large security sweep in Kisumu after Sunday's attack. Some 150 suspects were arrested."
    assert subs(text)[:1] == ["Arrests"], why(text)
    measure = "Security was tightened in Mombasa following the grenade attack on a church on Sunday."
    assert subs(measure)[:1] == ["Change to group/activity"], why(measure)


def test_an_off_duty_policeman_named_in_apposition_is_a_civilian() -> None:
    text = "On 8 May, an insurgent shot his cousin, a traffic policeman (off duty at the time), in Ghazni city."
    assert subs(text)[:1] == ["Attack"], why(text)


def test_a_planted_device_destroyed_by_a_bomb_disposal_team_is_disrupted() -> None:
    text = ("On 14 June, an army EOD team destroyed an IED reportedly laid by jihadists on the road "
            "between Djibo and Arbinda.")
    assert subs(text)[:1] == ["Disrupted weapons use"], why(text)


def test_suicide_bombers_told_at_the_end_of_a_brief_type_its_explosion() -> None:
    text = ("Four people died when a parked car blew apart near a bus depot in Garissa late on Monday. "
            "The dead included two guards. Nobody has said who was behind it. "
            "Detectives later said the two men in the car wore explosive vests and were suicide bombers.")
    assert subs(text)[:1] == ["Suicide bomb"], why(text)


def test_fighting_told_as_what_came_before_does_not_type_the_event() -> None:
    text = ("Two children died and another was hurt in a mortar shell explosion near Afgooye on Sunday. "
            "Police think the shell was abandoned there after fighting by rival factions last year.")
    top = max(events_of(text), key=lambda e: e.confidence)
    assert top.sub_event_type == "Shelling/artillery/missile attack", why(text)
    assert "Armed clash" not in subs(text), why(text)  # the fighting of last year is not reported here


def test_an_earlier_attack_named_as_the_reason_for_arrests_is_not_the_event() -> None:
    text = "Ugandan police detain scores of men thought to be tied to the recent bombing of a bus terminal in Nairobi."
    assert subs(text)[:1] == ["Arrests"], why(text)


@pytest.mark.parametrize("text, sub", [
    # an explosive an armed group's men hurled or threw is a hand-thrown explosive: ACLED's grenade
    ("On Tuesday, militants lobbed an explosive device over the wall of a police post in Wajir, "
     "damaging a store room. Nobody was hurt.", "Grenade"),
    ("Late on Monday, gunmen hurled explosives at a hotel in Bula Hawo, destroying its gate.", "Grenade"),
    # a planted device that went off stays a remote explosive
    ("On Tuesday, a bomb planted by militants went off beside a police post in Wajir, wounding a guard.",
     "Remote explosive/landmine/IED"),
])
def test_an_explosive_thrown_by_armed_men_is_a_grenade(text: str, sub: str) -> None:
    assert subs(text)[:1] == [sub], why(text)


def test_crude_bombs_thrown_by_a_crowd_are_not_a_grenade_attack() -> None:
    text = "On Tuesday, supporters of two rival student groups threw crude bombs at each other outside a college in Pabna."
    assert "Grenade" not in subs(text), why(text)


@pytest.mark.parametrize("text, sub", [
    # the device told again ("the target of the explosives") is the one found, not a blast of its own
    ("Soldiers discover and defuse a bomb planted near a church in Mombasa. Officers think the target of "
     "the bomb was the worshippers. Nobody has been arrested.", "Disrupted weapons use"),
    # a device that went off is still a bomb attack
    ("On Sunday, a bomb planted near a church in Mombasa exploded, injuring three worshippers. "
     "Officers think the target of the bomb was the priest.", "Remote explosive/landmine/IED"),
])
def test_a_device_found_and_told_again_stays_disrupted_weapons_use(text: str, sub: str) -> None:
    assert subs(text)[:1] == [sub], why(text)


@pytest.mark.parametrize("text, sub", [
    # people stripped by their attackers: forced nudity is sexual violence
    ("On Monday, militants raided the village of Kaya, burned a shop and abducted four men; the women "
     "were stripped and beaten.", "Sexual violence"),
    # stripped of their goods: a robbery, read by the looting trigger
    ("On Monday, gunmen stripped a farmer of his motorbike and phone near Kaya.", "Looting/property destruction"),
    # a mob that stripped a woman, no rape told: mob violence
    ("On Monday, a mob attacked and stripped a woman in a market in Kaya.", "Mob violence"),
])
def test_people_stripped_are_forced_nudity_unless_stripped_of_goods(text: str, sub: str) -> None:
    assert subs(text)[:1] == [sub], why(text)
