"""Sub-event typing of demonstrations, riots and strategic developments (issue 15): ACLED's codebook
precedence on the reporting patterns analysts' notes use. Every sentence here is invented."""
from __future__ import annotations

import pytest
from typing_support import subs, why

from sitroom import typer

# ------------------------------------------------------------------ demonstrations and riots

def test_a_road_block_the_police_cleared_is_a_violent_demonstration() -> None:
    text = ("On Monday, hundreds of traders protested over a new levy and blocked the Kisumu-Busia highway at "
            "Maseno. Police used tear gas to break them up.")
    assert subs(text) == ["Violent demonstration"], why(text)
    # the same demonstration without the road block: the police intervened, nobody turned violent
    text = ("On Monday, hundreds of traders marched in Maseno over a new levy. "
            "Police used tear gas to break them up.")
    assert subs(text) == ["Protest with intervention"], why(text)


def test_the_road_block_rule_needs_the_road_and_the_dispersal() -> None:
    base = dict(trigger="protest", event_type="Protests", sub="Peaceful protest", agent=None)
    both = typer.TypingInputs(**base, cues=frozenset({"protest", "road_block", "dispersal", "intervention"}))
    assert typer.decide(both).sub == "Violent demonstration"
    road_only = typer.TypingInputs(**base, cues=frozenset({"protest", "road_block"}))
    assert typer.decide(road_only).sub == "Peaceful protest"
    peaceful = typer.TypingInputs(**base, cues=frozenset({"protest", "road_block", "dispersal", "no_violence"}))
    assert typer.decide(peaceful).sub != "Violent demonstration"


def test_riots_told_in_a_later_sentence_make_the_demonstration_violent() -> None:
    text = ("On 4 May 2021, teachers marched through Eldoret to demand unpaid allowances. "
            "Riots broke out in the afternoon.")
    assert subs(text) == ["Violent demonstration"], why(text)


def test_riot_police_are_no_riot() -> None:
    text = ("On 4 May 2021, teachers marched through Eldoret to demand unpaid allowances. "
            "Riot police watched the march.")
    assert subs(text) == ["Peaceful protest"], why(text)


def test_a_demand_for_the_release_of_detainees_is_no_intervention() -> None:
    text = ("On 9 June 2023, some forty reporters formed a human chain outside the press club in Khulna. "
            "They demanded the release of two colleagues arrested last month.")
    assert subs(text) == ["Peaceful protest"], why(text)
    text = "On 9 June 2023, villagers protested in Kericho town to demand the arrest of a chief accused of fraud."
    assert subs(text) == ["Peaceful protest"], why(text)


def test_an_arrest_people_demanded_is_no_event() -> None:
    text = "On 9 June 2023, the opposition demanded the arrest of the officers who beat a trader in Bungoma."
    assert "Arrests" not in subs(text), why(text)
    # an arrest told after a demand, in its own clause, is one
    text = "On 9 June 2023, residents demanded justice in Bungoma and police arrested two officers."
    assert "Arrests" in subs(text), why(text)


# ------------------------------------------------------------------ looting and property destruction

@pytest.mark.parametrize("text", [
    "On 3 June 2020, suspected militants seized six carts loaded with grain from women near Kaya.",
    "On 3 June 2020, gunmen seized a large number of goats in several hamlets near Djibo.",
    "On 3 June 2020, suspected militants stripped travellers of their phones and money near Dori.",
])
def test_armed_men_taking_goods_is_looting(text: str) -> None:
    assert subs(text) == ["Looting/property destruction"], why(text)


def test_seized_weapons_stay_disrupted_weapons_use() -> None:
    text = "On 3 June 2020, soldiers seized twelve rifles and a large number of cartridges near Djibo."
    assert "Looting/property destruction" not in subs(text), why(text)


def test_a_raid_with_property_burned_and_no_one_hurt_is_looting() -> None:
    text = ("On 8 May 2020, suspected militants attacked the village of Toeni and set granaries ablaze. "
            "No casualties were reported.")
    assert subs(text) == ["Looting/property destruction"], why(text)
    # the same raid told with a death: an attack on civilians
    text = ("On 8 May 2020, suspected militants attacked the village of Toeni and set granaries ablaze. "
            "Two villagers were killed.")
    assert "Looting/property destruction" not in subs(text), why(text)


def test_people_attacked_and_cattle_stolen_is_an_attack() -> None:
    base = dict(trigger="attack", event_type="Battles", sub="Armed clash", agent="identity_militia",
                flags=frozenset({"typed_by_target"}))
    village = typer.TypingInputs(**base, target="civilian", cues=frozenset({"property_taken", "place_target"}))
    assert typer.decide(village).sub == "Looting/property destruction"
    people = typer.TypingInputs(**base, target="civilian", cues=frozenset({"property_taken", "civilian_victims"}))
    assert typer.decide(people).sub == "Attack"


# ------------------------------------------------------------------ arrests

def test_arrests_at_a_demonstration_told_in_a_brief_are_the_demonstration() -> None:
    text = "Opposition supporters protest in Kakamega over the nomination results. Police made several arrests."
    assert subs(text) == ["Protest with intervention"], why(text)


def test_an_arrest_told_alone_stays_an_arrest() -> None:
    text = "On 3 March 2021, police arrested three men suspected of theft in Garissa."
    assert subs(text) == ["Arrests"], why(text)


def test_a_demonstration_called_violent_is_a_violent_demonstration() -> None:
    text = "Violent student protests in Kisii town on 12 March 2019."
    assert subs(text) == ["Violent demonstration"], why(text)
    text = "Student protests in Kisii town on 12 March 2019."
    assert subs(text) == ["Peaceful protest"], why(text)


def test_demonstrators_who_call_for_something_were_there() -> None:
    text = ("On 5 May 2022, demonstrators gathered in Nakuru against fuel prices; "
            "the protesters also called for the minister to resign.")
    assert subs(text) == ["Peaceful protest"], why(text)
    # a demonstration only called for has not happened
    text = "On 5 May 2022, the opposition called for protests in Nakuru against fuel prices."
    assert "Peaceful protest" not in subs(text), why(text)


def test_a_killing_told_after_the_demonstration_makes_it_excessive_force() -> None:
    text = ("On 2 June 2019, some 300 hawkers marched in Mombasa to protest the demolition of their stalls. "
            "Police intervened, killing one.")
    assert subs(text) == ["Excessive force against protesters"], why(text)


def test_a_note_that_no_violence_was_reported_keeps_the_demonstration_peaceful() -> None:
    text = ("On 3 May 2019, opposition supporters marched through Kisumu town. There were no reports of violence, "
            "and the march ended at the county offices.")
    assert subs(text) == ["Peaceful protest"], why(text)


@pytest.mark.parametrize("text", [
    "On 4 May 2022, relatives of abduction victims marched in Nairobi.",
    "On 4 May 2022, hundreds of butchers marched in Nakuru against rising slaughter fees.",
])
def test_a_trigger_word_describing_a_noun_is_no_event(text: str) -> None:
    assert subs(text) == ["Peaceful protest"], why(text)


@pytest.mark.parametrize("fight", [
    "The marchers engaged police in running battles for most of the afternoon.",
    "The youths engaged police in the streets until dusk.",
    "The crowd fought running battles with the anti-riot unit near the market.",
])
def test_demonstrators_who_fight_the_police_are_a_violent_demonstration(fight: str) -> None:
    text = "On 3 August 2022, opposition supporters protested in Nakuru against the vote count. " + fight
    assert subs(text) == ["Violent demonstration"], why(text)
    # the same march with the police only watching stays peaceful
    calm = "On 3 August 2022, opposition supporters protested in Nakuru against the vote count. Police watched."
    assert subs(calm) == ["Peaceful protest"], why(calm)


def test_property_burned_with_no_armed_group_named_is_mob_violence() -> None:
    text = "On 12 May 2022, the house of a village elder in Kitui was torched after a quarrel over a borehole."
    assert subs(text) == ["Mob violence"], why(text)


@pytest.mark.parametrize("text", [
    # perpetrators told as unknown, in the sentence or the next: ACLED's unidentified armed group, not a crowd
    "On 12 May 2022, the house of a village elder in Kitui was torched. The perpetrators are unknown.",
    "On 12 May 2022, unidentified people torched the house of a village elder in Kitui.",
    # an armed group named
    "On 12 May 2022, bandits torched the house of a village elder in Kitui.",
])
def test_property_burned_by_unknown_or_armed_doers_stays_looting(text: str) -> None:
    assert subs(text) == ["Looting/property destruction"], why(text)


def test_a_beating_by_unnamed_assailants_is_mob_violence() -> None:
    text = "On 3 March 2023, assailants beat up a shopkeeper with sticks in Bogra town over a debt."
    assert subs(text) == ["Mob violence"], why(text)
    # a gun, or an armed group's word, keeps it an attack
    for other in ("On 3 March 2023, assailants shot and wounded a shopkeeper in Bogra town over a debt.",
                  "On 3 March 2023, gunmen beat up a shopkeeper in Bogra town over a debt."):
        assert subs(other) == ["Attack"], why(other)


def test_the_unnamed_assailants_rule_needs_the_doer_told_as_unknown() -> None:
    base = dict(trigger="attack", event_type="Battles", sub="Armed clash", flags=frozenset({"typed_by_target"}),
                agent="rebels", target="civilian")
    unnamed = typer.TypingInputs(**base, cues=frozenset({"assault", "wounds", "unknown_doer"}))
    assert typer.decide(unnamed).sub == "Mob violence"
    named = typer.TypingInputs(**base, cues=frozenset({"assault", "wounds"}))  # a rebel group named by name
    assert typer.decide(named).sub == "Attack"
