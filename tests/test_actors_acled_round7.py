"""Actors in ACLED's style, round 7: a coalition's forces, disrupted weapons no force stopped, the
parties to an agreement and a group a change happened to. Every sentence is invented for these tests."""
from __future__ import annotations

import json
from importlib import resources

from sitroom import actors_roles, extract
from sitroom.records import ActorMention, EventReport


def events_of(text: str, published: str = "2020-06-10") -> list[EventReport]:
    return list(extract(text, published=published, doc_id="t").events)


def first(text: str, sub: str, published: str = "2020-06-10") -> EventReport:
    evs = [e for e in events_of(text, published) if e.sub_event_type == sub]
    assert evs, [(e.sub_event_type, e.actor1, e.actor2) for e in events_of(text, published)]
    return evs[0]


def _force(canonical: str, country: str) -> ActorMention:
    return ActorMention(canonical, "state_forces", "troops", 0, 6, country, 0.8, "rule")


def test_coalition_data_is_described_and_sourced() -> None:
    data = json.loads(resources.files("sitroom.data").joinpath("actors.json").read_text())
    cf = data["coalition_forces"]
    assert cf["description"] and cf["sources"]
    names = {e["canonical"] for e in data["named"]}
    for mission in cf["missions"]:
        assert mission["canonical"] in names and mission["from"] < mission["until"]
        assert mission["host"] not in mission["members"]


def test_a_members_forces_in_the_host_country_are_the_mission_within_its_dates() -> None:
    us = _force("Military Forces of United States", "US")
    assert actors_roles.coalition_force(us, "AF", "2019-04-02").canonical == "NATO"
    assert actors_roles.coalition_force(us, "AF", "2023-04-02") is us  # after the withdrawal
    assert actors_roles.coalition_force(us, "IQ", "2019-04-02") is us  # no such mission there
    own = _force("Military Forces of Afghanistan", "AF")
    assert actors_roles.coalition_force(own, "AF", "2019-04-02") is own


def test_an_american_airstrike_in_afghanistan_is_natos() -> None:
    e = first("On 9 May 2020, an American drone strike killed four Taliban fighters in Sangin district, Helmand.",
              "Air/drone strike")
    assert e.actor1 == "NATO" and e.actor2 == "Taliban"
    assert e.inter1 == 8


def test_a_device_that_went_off_while_being_planted_is_the_planters() -> None:
    e = first("On 12 August 2019, three suspected JNIM militants were killed when the mine they were planting "
              "exploded near Arbinda.", "Disrupted weapons use", "2019-08-14")
    assert e.actor1 == "JNIM: Group for Support of Islam and Muslims"
    assert e.actor2 is None


def test_a_force_that_defused_a_device_keeps_actor1() -> None:
    e = first("On 12 August 2019, soldiers defused a mine planted by JNIM near Arbinda.", "Disrupted weapons use",
              "2019-08-14")
    assert e.actor1 == "Military Forces of Burkina Faso"


def test_unforced_disruption_needs_no_force_told() -> None:
    group = ActorMention("JNIM: Group for Support of Islam and Muslims", "rebels", "JNIM", 20, 24, None, 0.9, "alias")
    default = ActorMention("Police Forces of Mali", "state_forces", "", -1, -1, "ML", 0.4, "rule")
    told_force = ActorMention("Police Forces of Mali", "state_forces", "police", 0, 6, "ML", 0.8, "rule")
    a1, a2 = actors_roles.unforced_disruption(default, group, [group], "ML")
    assert a1 is not None and a1.canonical == group.canonical and a2 is None
    assert actors_roles.unforced_disruption(default, group, [told_force, group], "ML") == (default, group)
    a1, a2 = actors_roles.unforced_disruption(default, None, [], "ML")
    assert a1 is not None and a1.canonical == "Unidentified Armed Group (Mali)"


def test_an_agreements_parties_are_its_sides() -> None:
    e = first("On 3 May 2019, the government of Mali and the MNLA signed a peace agreement in Algiers.", "Agreement",
              "2019-05-05")
    assert (e.actor1, e.actor2) == ("Government of Mali", "MNLA: National Movement for the Liberation of Azawad")


def test_a_group_whose_leadership_changed_is_actor1() -> None:
    e = events_of("A new commander took over the leadership of Ansarul Islam after the death of its founder.",
                  "2019-05-05")
    assert e and e[0].actor1 == "Ansaroul Islam"


def test_forces_units_and_short_country_names() -> None:
    for text, actor1 in (("On 4 April 2019, GSU officers shot dead two robbery suspects in Kayole, Nairobi.",
                          "Police Forces of Kenya"),
                         ("On 4 April 2019, police reservists shot dead a cattle thief in Baragoi, Kenya.",
                          "Police Forces of Kenya"),
                         ("On 4 April 2019, Burkina forces shot dead three herders near Kaya.",
                          "Military Forces of Burkina Faso")):
        evs = events_of(text, "2019-04-05")
        assert evs and evs[0].actor1 == actor1, (text, [(e.sub_event_type, e.actor1) for e in evs])


def test_a_people_named_as_the_side_that_attacked_is_its_militia() -> None:
    e = first("On 2 March 2019, suspected Pokot raiders shot dead two herders near Lokori, Kenya.", "Attack",
              "2019-03-03")
    assert e.actor1 == "Pokot Ethnic Militia (Kenya)" and e.actor2 == "Civilians (Kenya)"


def test_two_peoples_that_clashed_are_both_sides_in_the_order_named() -> None:
    e = first("On 2 March 2019, four people were killed when Garre and Degodia clansmen clashed near Wajir, Kenya.",
              "Armed clash", "2019-03-03")
    assert (e.actor1, e.actor2) == ("Garre Ethnic Militia (Kenya)", "Degodia Ethnic Militia (Kenya)")


def test_a_truce_between_two_peoples_names_both() -> None:
    e = first("On 8 October 2019, the Pokot and the Marakwet signed a truce at Kapenguria, Kenya.",
              "Agreement", "2019-10-09")
    assert (e.actor1, e.actor2) == ("Pokot Ethnic Militia (Kenya)", "Marakwet Ethnic Militia (Kenya)")


def test_a_people_hurt_or_a_place_is_no_militia() -> None:
    from sitroom import actors
    from sitroom.nlp import get_nlp

    nlp = get_nlp()
    for text in ("Attackers shot a herdsman and three members of the Fulani community at Kaya.",
                 "Bandits shot dead three Turkana herders in West Pokot.",
                 "Police arrested two Nigerien Fulani near Sebba.",
                 "Fighting was reported in Turkana County."):
        found = [a.canonical for a in actors.find_actors(nlp(text), focus_country="KE")]
        assert not any("Ethnic Militia" in c for c in found), (text, found)


def test_a_crowd_of_a_people_that_rioted_is_rioters() -> None:
    e = first("On 9 June 2019, armed Maasai youths blocked the Narok road and stoned police vehicles in Narok, Kenya.",
              "Violent demonstration", "2019-06-10")
    assert e.actor1 == "Rioters (Kenya)"


def test_ethnic_groups_data_is_sourced() -> None:
    data = json.loads(resources.files("sitroom.data").joinpath("actors.json").read_text())
    eg = data["ethnic_groups"]
    assert eg["description"] and eg["sources"]
    assert all(g["countries"] for g in eg["groups"])
    names = [g["name"].lower() for g in eg["groups"]]
    assert len(names) == len(set(names)) and "somali" not in names


def test_dozo_hunters_are_a_communal_militia() -> None:
    e = first("On 14 July 2021, presumed Dozo militiamen shot dead two herders near Barani, Burkina Faso.", "Attack",
              "2021-07-15")
    assert e.actor1 == "Dozo Communal Militia (Burkina Faso)"


def test_a_bracket_that_names_the_suspects_names_the_side() -> None:
    e = first("On 3 May 2020, gunmen (likely Al Shabaab) attacked a bus near Mandera, Kenya, killing two passengers.",
              "Attack", "2020-05-04")
    assert e.actor1 == "Al Shabaab"
    e = first("On 3 May 2020, gunmen (believed to be JNIM or ISGS militants) opened fire on a trader near Dori, killing him.", "Attack",
              "2020-05-04")
    assert e.actor1 == "JNIM: Group for Support of Islam and Muslims"


def test_who_investigates_a_killing_did_not_do_it() -> None:
    e = first("Police in Eldoret, Kenya are investigating the killing of a trader at his shop on Monday.", "Attack",
              "2019-05-07")
    assert e.actor1 == "Unidentified Armed Group (Kenya)"


def test_a_force_post_that_closed_names_the_force() -> None:
    e = first("On 2 May 2019, the police station in Djibo closed down and was evacuated amid rising insecurity.",
              "Change to group/activity", "2019-05-03")
    assert e.actor1 == "Police Forces of Burkina Faso"


def test_a_brief_names_who_acted_in_its_next_sentence() -> None:
    evs = events_of("On 3 May 2019, about 40 families were evicted in Nakuru, Kenya. The police used teargas to "
                    "disperse residents who resisted.", "2019-05-04")
    sd = [e for e in evs if e.event_type == "Strategic developments"]
    assert sd and sd[0].actor1 == "Police Forces of Kenya"


def test_a_group_named_where_the_report_says_the_culprit_is_unknown_is_no_suspect() -> None:
    e = first("Unknown attackers threw a grenade into a bar in Mandera, Kenya on Friday, injuring three people. Police "
              "recalled earlier attacks by al Shabaab in the town but did not speculate on who was behind the blast.",
              "Grenade", "2019-06-10")
    assert e.actor1 == "Unidentified Armed Group (Kenya)"


def test_the_suspected_group_of_the_sentence_before_the_blasts() -> None:
    e = first("Two guests are wounded when suspected al Shabaab attack a hotel bar in Mandera, Kenya. Residents "
              "describe two blasts followed by gunfire.", "Remote explosive/landmine/IED", "2019-06-10")
    assert e.actor1 == "Al Shabaab"


def test_who_heard_the_blasts_did_not_set_them_off() -> None:
    e = first("On 2 June 2019, two blasts hit a market in Garissa, Kenya. Residents heard the explosions from far away.",
              "Remote explosive/landmine/IED", "2019-06-03")
    assert e.actor1 == "Unidentified Armed Group (Kenya)"


def test_a_device_a_force_defused_was_an_unknown_groups_unless_named() -> None:
    e = first("On 12 August 2019, police defused a bomb left near a church in Nakuru, Kenya.", "Disrupted weapons use",
              "2019-08-13")
    assert (e.actor1, e.actor2) == ("Police Forces of Kenya", "Unidentified Armed Group (Kenya)")
