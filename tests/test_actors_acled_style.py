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


def canonicals(text: str, country: str) -> list[str]:
    """The canonical names of every actor found in ``text`` with ``country`` in focus."""
    return [a.canonical for a in actors.find_actors(get_nlp()(text), focus_country=country)]


def test_new_data_is_described() -> None:
    data = json.loads(resources.files("sitroom.data").joinpath("actors.json").read_text())
    for key in ("force_targets", "force_actions"):
        assert data[key]["description"]
    assert data["generic_sources"]["identity_unknown"]
    assert "checkpoint" in data["force_targets"]["places"] and "fire" in data["force_actions"]["nouns"]


# a demonstration's second side is who faced the demonstrators
def test_protest_counterpart_drops_the_protesters_own_people_and_the_government() -> None:
    crowd = _m("Protesters (Kenya)", "protesters", "demonstrators")
    people = _m("Civilians (Kenya)", "civilians", "students", 30)
    govt = _m("Government of Kenya", "state_forces", "county government", 50)
    police = _m("Police Forces of Kenya", "state_forces", "police", 70)
    assert actors_roles.protest_counterpart(crowd, people) is None
    assert actors_roles.protest_counterpart(crowd, govt) is None
    assert actors_roles.protest_counterpart(crowd, police) is police


def test_police_who_shot_demonstrators_in_the_lead_are_the_first_side() -> None:
    # round 8: a report that opens with the force shooting the demonstrators leads with the force
    # (ACLED's excessive-force coding); told later or by a witness, the demonstrators stay first
    e = first("On 3 May 2022, police in Nakuru, Kenya shot and wounded two demonstrators protesting against "
              "fuel prices.")
    assert e.sub_event_type == "Excessive force against protesters"
    assert (e.actor1, e.actor2) == ("Police Forces of Kenya", "Protesters (Kenya)")


def test_police_a_witness_says_shot_demonstrators_are_the_second_side() -> None:
    e = first("On 3 May 2022, relatives said that police in Nakuru, Kenya shot and wounded two demonstrators "
              "protesting against fuel prices.")
    assert e.sub_event_type == "Excessive force against protesters"
    assert (e.actor1, e.actor2) == ("Protesters (Kenya)", "Police Forces of Kenya")


def test_protesters_against_a_county_government_faced_the_police() -> None:
    e = first("On 3 May 2022, residents protested against the county government in Machakos, Kenya, and "
              "police used tear gas to break them up.", "Protests")
    assert e.actor1 == "Protesters (Kenya)" and e.actor2 == "Police Forces of Kenya"


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
    assert "Police Forces of Kenya" not in canonicals("Gunmen attacked a police station in Garissa.", "KE")


def test_a_demonym_inside_an_operation_name_gives_the_forces_country() -> None:
    assert "Military Forces of France" in canonicals("French Operation Serval forces carried out airstrikes near Gao.",
                                                     "ML")


def test_a_strategic_development_takes_its_subject() -> None:
    e = first("On 3 May 2022, the Kenyan army announced a curfew in Lamu county, Kenya.")
    assert e.event_type == "Strategic developments"
    assert e.actor1 == "Military Forces of Kenya"


# the one named group that acted
def test_a_brief_names_the_group_that_planted_the_mine_in_its_next_sentence() -> None:
    e = first("On 3 May 2022, a farmer was killed when his cart struck a landmine near Djibo, Burkina Faso. "
              "Officials suspect JNIM militants laid the mine.")
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
def test_an_arrest_keeps_the_people_held_as_its_second_side() -> None:
    e = first("On 3 May 2022, police arrested ten young men accused of links to Al Shabaab in Garissa, Kenya.",
              "Strategic developments")
    assert e.actor2 != "Al Shabaab"


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


# who tells the event is not a side of it
def test_a_speaker_named_after_the_event_is_not_its_actor() -> None:
    e = first("On 3 May 2022, four soldiers were killed when their truck hit a roadside bomb near Mandera, "
              "Kenya, police said.")
    assert e.actor1 == "Unidentified Armed Group (Kenya)"
    assert e.actor2 == "Military Forces of Kenya"


def test_a_speaker_that_tells_its_own_strike_stays_its_actor() -> None:
    e = first("On 3 May 2022, the Kenyan military said it had killed ten Al Shabaab militants in an airstrike "
              "near Mandera, Kenya.", "Explosions/Remote violence")
    assert e.actor1 == "Military Forces of Kenya"


def test_a_group_named_before_another_incident_is_not_its_suspect() -> None:
    evs = events_of("On 3 May 2022, Al Shabaab fighters attacked an army base near Afgoye, Somalia. In Baidoa, "
                    "a grenade thrown at a tea shop wounded five people on Thursday, police said.")
    grenade = [e for e in evs if e.sub_event_type == "Grenade"]
    assert grenade and grenade[0].actor1 == "Unidentified Armed Group (Somalia)"


# what a riot acted on
@pytest.mark.parametrize("text,actor2", [
    ("On 3 May 2022, rioters torched a bus in Khulna, Bangladesh.", "Civilians (Bangladesh)"),
    ("On 3 May 2022, a mob torched three houses in Kisii, Kenya.", "Civilians (Kenya)"),
    ("On 3 May 2022, party supporters assaulted a trader in Bogra, Bangladesh.", "Civilians (Bangladesh)"),
    ("On 3 May 2022, a mob burned a bus and a police van in Kisii, Kenya.", "Police Forces of Kenya"),
])
def test_a_riots_second_side_is_who_or_whose_property_it_hit(text: str, actor2: str) -> None:
    e = first(text, "Riots")
    assert e.actor2 == actor2


def test_riot_property_data_is_described() -> None:
    data = json.loads(resources.files("sitroom.data").joinpath("actors.json").read_text())
    assert data["riot_property"]["description"] and "bus" in data["riot_property"]["nouns"]


# the ones it was done to are not the ones who did it
def test_a_groups_planted_mine_makes_the_group_actor1() -> None:
    e = first("On 3 May 2022, at least five soldiers in an armoured car were killed and wounded (Taliban sources "
              "gave no toll) when it struck a Taliban-planted mine in Kunduz, Afghanistan.")
    assert (e.actor1, e.actor2) == ("Taliban", "Military Forces of Afghanistan")


def test_an_official_arrested_is_a_civilian_held_by_the_police() -> None:
    e = first("On 3 May 2022, a former county governor was arrested in Nairobi, Kenya.", "Strategic developments")
    assert (e.actor1, e.actor2) == ("Police Forces of Kenya", "Civilians (Kenya)")


# excessive force told with the force as the agent of a passive
def test_protesters_hurt_by_the_police_put_the_police_first() -> None:
    e = first("On 3 May 2022, two students were shot and wounded by police during a protest against fee increases "
              "in Eldoret, Kenya.")
    assert e.sub_event_type == "Excessive force against protesters"
    assert (e.actor1, e.actor2) == ("Police Forces of Kenya", "Protesters (Kenya)")
    assert (e.inter1, e.inter2) == (1, 6)


def test_force_on_protesters_needs_the_force_to_be_the_agent() -> None:
    doc = get_nlp()("Two demonstrators were injured during a march against the police in Moyale.")
    police = next(a for a in actors.find_actors(doc, focus_country="KE") if a.kind == "state_forces")
    assert actors_roles.force_on_protesters("Excessive force against protesters", None, police, "KE", doc) is None
    doc = get_nlp()("Two demonstrators were injured by the police in Moyale.")
    police = next(a for a in actors.find_actors(doc, focus_country="KE") if a.kind == "state_forces")
    got = actors_roles.force_on_protesters("Excessive force against protesters", None, police, "KE", doc)
    assert got is not None and got[0] is police and got[1].canonical == "Protesters (Kenya)"
    assert actors_roles.force_on_protesters("Protest with intervention", None, police, "KE", doc) is None


# crowds that fought while the police were there
@pytest.mark.parametrize("text", [
    "On 3 May 2022, supporters of the ruling party clashed with opposition activists and police in Khulna, "
    "Bangladesh, during a rally against the government.",
    "On 3 May 2022, members of two student groups clashed during an anti-government rally in Rajshahi, "
    "Bangladesh. Police used tear gas to break them up.",
])
def test_crowds_that_fought_are_rioters_on_both_sides_whoever_else_came(text: str) -> None:
    e = first(text, "Riots")
    assert (e.actor1, e.actor2) == ("Rioters (Bangladesh)", "Rioters (Bangladesh)")


def test_a_crowd_that_clashed_with_the_police_first_faced_the_police() -> None:
    e = first("On 3 May 2022, opposition activists clashed with police and ruling party supporters in Khulna, "
              "Bangladesh.", "Riots")
    assert (e.actor1, e.actor2) == ("Rioters (Bangladesh)", "Police Forces of Bangladesh")


# who a brief blames
def test_a_group_believed_responsible_is_not_a_group_that_was_hit() -> None:
    e = first("On 3 May 2022, a bus struck a landmine near Mandera, Kenya, wounding six passengers. Al Shabaab is "
              "believed to be responsible.")
    assert (e.actor1, e.actor1_reason) == ("Al Shabaab", "attributed")


def test_two_groups_suspected_together_are_one_side_named_by_the_first() -> None:
    e = first("On 3 May 2022, a truck struck a landmine near Djibo, Burkina Faso, wounding four soldiers. Officials "
              "suspect that JNIM or ISGS fighters laid the mine.")
    assert e.actor1 == "JNIM: Group for Support of Islam and Muslims"
    assert e.actor2 == "Military Forces of Burkina Faso"


def test_gunmen_a_brief_then_names_are_that_group() -> None:
    e = first("On 3 May 2022, gunmen attacked a bar in Garissa, Kenya, killing two people. The attackers are "
              "believed to be Al Shabaab militants.")
    assert (e.actor1, e.actor1_reason) == ("Al Shabaab", "attributed")


def test_a_sentence_that_says_the_perpetrators_are_unknown_attributes_nothing() -> None:
    nlp = get_nlp()
    assert actors_roles._hedged(next(nlp("Al Shabaab has abducted teachers before, but whether it did so this "
                                         "time is not clear.").sents))
    assert actors_roles._hedged(next(nlp("Al Shabaab is suspected, though the claim is unconfirmed.").sents))
    assert not actors_roles._hedged(next(nlp("Al Shabaab is suspected to be behind the attack.").sents))
    e = first("On 3 May 2022, gunmen abducted two teachers near Mandera, Kenya. Al Shabaab is suspected, but that "
              "remains unconfirmed.")
    assert e.actor1 == "Unidentified Armed Group (Kenya)"


def test_the_assailants_a_protest_is_against_are_not_its_actor() -> None:
    e = first("On 3 May 2022, traders staged a protest in Bogra, Bangladesh, against the assault on a shopkeeper by "
              "unidentified assailants.", "Protests")
    assert (e.actor1, e.inter1) == ("Protesters (Bangladesh)", 6)


def test_a_group_another_event_of_the_brief_names_is_not_the_gunmens() -> None:
    e = first("On 3 May 2022, gunmen shot dead five people at a market in Uruapan, Mexico. Later that day, troops "
              "fought members of the Sinaloa Cartel near Zamora, leaving two suspected gunmen dead.")
    assert e.actor1 == "Unidentified Armed Group (Mexico)"


def test_a_groups_bomb_that_hit_no_force_hit_civilians() -> None:
    e = first("On 3 May 2022, a cleric died when his car struck a roadside bomb near Lamu, Kenya. Al Shabaab are the "
              "suspected perpetrators.")
    assert e.sub_event_type == "Remote explosive/landmine/IED"
    assert (e.actor1, e.actor2, e.actor2_reason) == ("Al Shabaab", "Civilians (Kenya)", "default")
    e = first("On 3 May 2022, a roadside bomb planted by Al Shabaab militants exploded near Lamu, Kenya, killing two "
              "soldiers.")
    assert e.actor2 == "Military Forces of Kenya"


def test_an_army_unit_is_the_army() -> None:
    e = first("On 3 May 2022, an army unit defused a roadside bomb near Kaya, Burkina Faso.")
    assert (e.sub_event_type, e.actor1) == ("Disrupted weapons use", "Military Forces of Burkina Faso")


def test_an_official_named_in_apposition_and_arrested_is_the_one_held() -> None:
    e = first("On 3 May 2022, John Mwangi, a former county governor, was arrested in Nakuru, Kenya, over graft "
              "charges.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Arrests", "Police Forces of Kenya", "Civilians (Kenya)")


@pytest.mark.parametrize("text,mention", [
    ("On 3 May 2022, ruling party supporters assaulted and injured a local opposition leader in Bogra, Bangladesh. "
     "Police arrived later.", "a local opposition leader"),
    ("On 3 May 2022, an angry mob beat a suspected thief to death near the police station in Nakuru, Kenya.",
     "a suspected thief"),
])
def test_the_person_a_crowd_beat_is_its_second_side_before_the_police(text: str, mention: str) -> None:
    e = first(text, "Riots")
    assert e.sub_event_type == "Mob violence"
    assert e.actor2 is not None and e.actor2.startswith("Civilians (")
    assert (e.actor2_mention, e.actor2_reason) == (mention, "victim")


def test_an_arrest_by_the_force_the_sentence_names_is_that_forces() -> None:
    e = first("On 3 May 2022, Burkinabe security forces conducted an operation near Kaya, Burkina Faso, that led to "
              "the arrest of nine suspects.")
    assert (e.sub_event_type, e.actor1) == ("Arrests", "Military Forces of Burkina Faso")


def test_cops_are_the_police() -> None:
    e = first("On 3 May 2022, two cops were shot dead by unknown gunmen in Garissa, Kenya.")
    assert (e.actor1, e.actor2) == ("Unidentified Armed Group (Kenya)", "Police Forces of Kenya")


@pytest.mark.parametrize("text,actor,inter", [
    ("On 3 May 2022, suspected Mungiki members hacked two men to death in Nairobi, Kenya.", "Mungiki Militia", 3),
    ("On 3 May 2022, police clashed with Sabaot Land Defence Force fighters near Kapsokwony, Kenya.",
     "SLDF: Sabaot Land Defence Force", 3),
    ("On 3 May 2022, the Oromo Liberation Front attacked a police post near Moyale, Ethiopia.",
     "OLF: Oromo Liberation Front", 2),
    ("On 3 May 2022, MRC youths clashed with police in Kwale, Kenya.", "MRC: Mombasa Republican Council", 3),
])
def test_well_known_kenyan_and_ethiopian_groups_are_named(text: str, actor: str, inter: int) -> None:
    e = first(text)
    got = {(e.actor1, e.inter1), (e.actor2, e.inter2)}
    assert (actor, inter) in got, got


def test_gangs_thugs_and_goons_are_an_unidentified_armed_group() -> None:
    doc = get_nlp()("A gang shot a shopkeeper, thugs beat a driver and an assailant stabbed a guard in Nairobi.")
    found = {(a.canonical, a.text) for a in actors.find_actors(doc, focus_country="KE")}
    assert {("Unidentified Armed Group (Kenya)", t) for t in ("gang", "thugs", "assailant")} <= found, found
    e = first("On 3 May 2022, hired goons vandalised a church in Kisii, Kenya.")
    assert (e.actor1, e.actor1_mention, e.inter1) == ("Unidentified Armed Group (Kenya)", "goons", 3)


def test_civilians_are_never_the_side_that_acted_in_a_strategic_development() -> None:
    doc = get_nlp()("Students burned the town hall and found a grenade in Koudougou.")
    sents = list(doc.sents)
    students = _m("Civilians (Burkina Faso)", "civilians", "Students", 0)
    a1, _ = actors_roles.settle("Strategic developments", "Looting/property destruction", students, None, [students],
                                sents, "BF")
    assert a1 is not None and (a1.canonical, a1.kind, a1.text) == ("Rioters (Burkina Faso)", "rioters", "Students")
    a1, _ = actors_roles.settle("Strategic developments", "Other", students, None, [students], sents, "BF")
    assert a1 is None or a1.kind != "civilians"


def test_a_protest_set_on_by_people_of_no_force_faced_rioters() -> None:
    e = first("On 3 May 2022, teachers staged a protest over unpaid salaries in Rajshahi, Bangladesh. Ruling party "
              "supporters assaulted and injured the demonstrators.", "Protests")
    assert (e.actor1, e.actor2, e.actor2_reason) == ("Protesters (Bangladesh)", "Rioters (Bangladesh)", "crowd")
    assert e.inter2 == 5
    e = first("On 3 May 2022, teachers staged a protest over unpaid salaries in Rajshahi, Bangladesh. Police assaulted "
              "and injured the demonstrators.", "Protests")
    assert e.actor2 == "Police Forces of Bangladesh"


def test_unit_named_with_its_umbrella_in_brackets_is_the_umbrella() -> None:
    text = "Katiba Macina (JNIM) burned a granary near Mopti."
    names = canonicals(text, "ML")
    assert names[0] == "JNIM: Group for Support of Islam and Muslims"
    assert canonicals("Katiba Macina burned a granary near Mopti.", "ML")[0] == "Katiba Macina"


def test_brackets_that_are_no_group_change_nothing() -> None:
    names = canonicals("Katiba Macina (a unit active in central Mali) burned a granary.", "ML")
    assert names[0] == "Katiba Macina"


def test_unknown_people_with_a_grenade_are_an_armed_group_not_rioters() -> None:
    ev = first("Unknown people lobbed a grenade into a crowded hotel in Lamu, Kenya on Friday night, "
               "injuring four guests.", "Explosions/Remote violence")
    assert ev.actor1 == "Unidentified Armed Group (Kenya)"


def test_named_crowd_keeps_rioters_even_in_an_abduction() -> None:
    doc = get_nlp()("Students seized their principal in Kisii and held him for hours.")
    m = ActorMention("Civilians (Kenya)", "civilians", "Students", 0, 8, "KE", 0.6, "rule")
    got = actors_roles.civilian_agent(doc, m, "KE", "Violence against civilians", "Abduction/forced disappearance")
    assert got is not None and got.canonical == "Rioters (Kenya)"
    people = get_nlp()("Unknown people seized a trader in Kisii and held him for hours.")
    m2 = ActorMention("Civilians (Kenya)", "civilians", "Unknown people", 0, 14, "KE", 0.6, "rule")
    got2 = actors_roles.civilian_agent(people, m2, "KE", "Violence against civilians", "Abduction/forced disappearance")
    assert got2 is not None and got2.canonical == "Unidentified Armed Group (Kenya)"


def test_unnamed_fighters_with_a_named_group_in_brackets_are_that_group() -> None:
    names = canonicals("Unnamed fighters (JNIM) overran a post near Titao overnight.", "BF")
    assert names[0] == "JNIM: Group for Support of Islam and Muslims"
    assert canonicals("Unnamed fighters overran a post near Titao overnight.", "BF")[0].startswith("Unidentified")


def test_a_curfew_ordered_by_no_one_named_is_the_governments() -> None:
    ev = first("A dusk-to-dawn curfew was imposed on Kaya, Burkina Faso on 4 May 2021 after a night of attacks.",
               "Strategic developments")
    assert ev.actor1 == "Government of Burkina Faso"
    ev2 = first("Officials declared a state of emergency across Kaya, Burkina Faso on 4 May 2021.",
                "Strategic developments")
    assert ev2.actor1 == "Government of Burkina Faso"


def test_a_measure_nobody_orders_gives_no_government() -> None:
    doc = get_nlp()("The curfew hurt traders in Kaya.")
    assert actors_roles.government_measure(list(doc.sents), None, "BF") is None
    doc2 = get_nlp()("The army imposed a curfew on Kaya.")
    got = actors_roles.government_measure(list(doc2.sents), None, "BF")
    assert got is not None and got.canonical == "Government of Burkina Faso"


def test_a_force_that_repelled_an_attack_is_the_second_side() -> None:
    ev = first("On 8 May 2021, suspected JNIM militants stormed a gendarmerie post in Sebba, Burkina Faso. "
               "The gendarmes repelled the assault and killed three militants.", "Battles")
    assert ev.actor1 == "JNIM: Group for Support of Islam and Muslims"
    assert ev.actor2 == "Police Forces of Burkina Faso"


def test_defence_verbs_need_the_force_as_their_subject() -> None:
    doc = get_nlp()("Soldiers repelled an assault on the camp. Soldiers raided a camp of the militants.")
    first_s = ActorMention("Military Forces of Burkina Faso", "state_forces", "Soldiers", 0, 8, "BF", 0.8, "rule")
    start = doc.text.index("Soldiers raided")
    second = ActorMention("Military Forces of Burkina Faso", "state_forces", "Soldiers", start, start + 8, "BF", 0.8, "rule")
    assert actors_roles._defended(doc, first_s)
    assert not actors_roles._defended(doc, second)
