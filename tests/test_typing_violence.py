"""Sub-types of political violence (battles, explosions/remote violence, violence against civilians):
ACLED's precedence rules as data/typing.json and the events stage read them. Every sentence here is invented."""
from __future__ import annotations

import pytest
from typing_support import events_of, subs, why

from sitroom import typer

# ------------------------------------------------------------------ the doer's own words are not its victims

@pytest.mark.parametrize("text, sub", [
    # the only armed side named is the one that shot: one-sided violence
    ("On Monday, gendarmes shot dead an unarmed herder near Kaya.", "Attack"),
    ("On Monday, a policeman shot and killed a young hawker near Ahero.", "Attack"),
    ("On Monday, bandits killed a shopkeeper on the road to Moyale.", "Attack"),
    # soldiers or police named besides the doer: the attacked were an armed side
    ("On Monday, militants attacked a checkpoint near Kaya and killed two policemen.", "Armed clash"),
])
def test_the_doer_s_own_words_do_not_make_the_victims_armed(text: str, sub: str) -> None:
    assert subs(text) == [sub], why(text)


def test_military_other_is_only_set_by_words_outside_the_doer() -> None:
    shot = events_of("On Monday, gendarmes shot dead an unarmed herder near Kaya.")
    assert shot and "military_other" not in (shot[0].type_reason or "")
    posts = events_of("On Monday, gunmen shot dead two soldiers near Kaya.")
    assert posts and "military_other" in (posts[0].type_reason or "")


# ------------------------------------------------------------------ ambushes

@pytest.mark.parametrize("text, sub", [
    ("On Monday, militants ambushed a patrol near Djibo, killing three.", "Armed clash"),
    ("On Monday, insurgents ambushed and wounded four local police near Jalalabad.", "Armed clash"),
    # an ambush of people on a road: an attack on civilians
    ("On Monday, gunmen ambushed a minibus carrying traders near Mandera, killing two passengers.", "Attack"),
])
def test_an_ambush_is_a_clash_unless_civilians_were_its_target(text: str, sub: str) -> None:
    assert subs(text) == [sub], why(text)


def test_the_ambush_rule_needs_no_civilians() -> None:
    base = dict(trigger="ambush", event_type="Battles", sub="Armed clash", flags=frozenset({"typed_by_target"}),
                agent="rebels", target=None)
    assert typer.decide(typer.TypingInputs(**base)).sub == "Armed clash"
    civ = typer.TypingInputs(**{**base, "cues": frozenset({"civilian_victims"})})
    assert typer.decide(civ).sub == "Attack"


# ------------------------------------------------------------------ attackers killed: the other side fought

@pytest.mark.parametrize("text, sub", [
    ("On Monday, raiders attacked a village near Lokichar and stole cattle. Police intervened, killing four of the "
     "raiders.", "Armed clash"),
    ("On Monday, gunmen attacked a school near Garissa. Two of the attackers were shot dead by the guards.",
     "Armed clash"),
    # the attackers fled; no one fought them
    ("On Monday, raiders attacked a village near Lokichar and stole cattle. The raiders escaped.", "Attack"),
])
def test_attackers_killed_make_the_attack_a_clash(text: str, sub: str) -> None:
    assert subs(text) == [sub], why(text)


def test_a_named_armed_group_among_the_dead_makes_the_victims_armed() -> None:
    text = "On Monday, militants attacked the village of Bara near Djibo and killed three Koglweogo."
    assert subs(text) == ["Armed clash"], why(text)


# ------------------------------------------------------------------ a battle told with its outcome: ground taken

@pytest.mark.parametrize("text, sub", [
    ("On Monday, rebels clashed with the army in Kidal. The rebels then took control of the town.",
     "Non-state actor overtakes territory"),
    ("On Monday, militants stormed the town of Menaka and took control of it after the soldiers fled.",
     "Non-state actor overtakes territory"),
    ("On Monday, soldiers fought the rebels near Gao and regained control of the village.",
     "Government regains territory"),
    # people freed are not ground retaken; a clash told alone stays a clash
    ("On Monday, soldiers clashed with militants near Gao. Two hostages were liberated.", "Armed clash"),
    ("On Monday, rebels clashed with the army in Kidal. Three soldiers were wounded.", "Armed clash"),
])
def test_a_brief_s_battle_that_ends_in_ground_taken_is_typed_by_the_outcome(text: str, sub: str) -> None:
    assert subs(text) == [sub], why(text)


# ------------------------------------------------------------------ the weapon named types an explosion

@pytest.mark.parametrize("text, sub", [
    ("On Monday, an explosion caused by a mortar round killed two children in Ghazni.",
     "Shelling/artillery/missile attack"),
    ("On Monday, a blast from a hand grenade thrown at a bar in Garissa injured four people.", "Grenade"),
    ("On Monday, an explosion occurred after unknown men hurled a grenade into a shop in Mandera.", "Grenade"),
    # a planted device stays a remote explosive whatever it was made from
    ("On Monday, an explosion of an IED made from an old mortar shell killed two soldiers near Ghazni.",
     "Remote explosive/landmine/IED"),
    ("On Monday, a roadside bomb exploded near a police vehicle in Mandera, injuring two officers.",
     "Remote explosive/landmine/IED"),
])
def test_an_explosion_is_typed_by_the_weapon_named_with_it(text: str, sub: str) -> None:
    assert subs(text) == [sub], why(text)


def test_a_brief_s_claim_of_the_attack_does_not_retype_the_bomb_told_before() -> None:
    # the bombing finds no town the gazetteer knows and no actor: the claim's "attack" reports the event,
    # the bomb told a sentence before still types it
    text = ("Two soldiers died when an IED tore through their truck near Qqzxv. "
            "The attack was later claimed by Al-Shabaab.")
    assert subs(text) == ["Remote explosive/landmine/IED"], why(text)


# ------------------------------------------------------------------ who was attacked

@pytest.mark.parametrize("text, sub", [
    # what a clause says of the victim is not who the victim was
    ("On Monday, soldiers shot dead a herder suspected of being a militant near Dori.", "Attack"),
    ("On Monday, gendarmes killed an unarmed suspected militant near Dori.", "Attack"),
    # a camp or post of the police or an armed group is an armed target; a polling or power station is not
    ("On Monday, gunmen raided a police camp near Garissa and made off with rifles.", "Armed clash"),
    ("On Monday, armed bandits attacked a polling station near Garissa.", "Attack"),
])
def test_the_target_is_read_from_the_victim_s_own_words(text: str, sub: str) -> None:
    assert subs(text) == [sub], why(text)


@pytest.mark.parametrize("text, sub", [
    # the weapon behind the explosion, told in the brief's next sentence
    ("On Monday, two explosions shook the army camp in Djibo. Militants had fired mortar rounds at it.",
     "Shelling/artillery/missile attack"),
    ("On Monday, loud explosions were heard near a police post in Mandera. Officers said grenades were thrown.",
     "Grenade"),
    # a device or unexploded ordnance is a remote explosive, whatever is told next
    ("On Monday, three boys were killed when a device they were playing with exploded in Moyale. Police said it "
     "may have been a grenade.", "Remote explosive/landmine/IED"),
])
def test_a_brief_s_explosion_is_typed_by_the_weapon_told_next(text: str, sub: str) -> None:
    assert subs(text) == [sub], why(text)


def test_a_brief_about_an_alleged_rape_reports_it() -> None:
    # "accused of" drops a trigger in an article; a brief about nothing else reports the act alleged
    text = "On Monday, two soldiers were accused of raping a girl during a patrol near Lamu."
    assert subs(text) == ["Sexual violence"], why(text)


@pytest.mark.parametrize("text", [
    "On Monday, an aerial operation by the army killed several militants near Djibo.",
    "On Monday, the army carried out air operations against militants near Djibo, killing eleven.",
])
def test_air_operations_are_air_strikes(text: str) -> None:
    assert subs(text) == ["Air/drone strike"], why(text)


def test_the_doer_s_civilian_words_do_not_make_the_attacked_civilians() -> None:
    # the herdsmen are the doers' disguise; the attacked are policemen
    text = "On Monday, gunmen dressed as herdsmen fired on a vehicle carrying four policemen near Kapedo."
    assert subs(text) == ["Armed clash"], why(text)


@pytest.mark.parametrize("text, sub", [
    # the taking told in the next sentence, with its own town: the elaboration's outcome types the battle
    ("On Monday, rebels clashed with the army near Menaka. The rebels took control of Menaka after the soldiers "
     "withdrew.", "Non-state actor overtakes territory"),
    # a district centre is a town
    ("On Monday, insurgents attacked army checkpoints in Zhari district. After hours of fighting, the insurgents "
     "captured the district center.", "Non-state actor overtakes territory"),
])
def test_a_battle_s_outcome_told_next_types_it(text: str, sub: str) -> None:
    assert subs(text) == [sub], why(text)


def test_an_outside_party_s_accusation_is_not_the_brief_s_event() -> None:
    text = "A rights group accuses the police of beating detainees in Garissa."
    assert subs(text) == [], why(text)


# ------------------------------------------------------------------ round 2: harm words, explosives, throats

@pytest.mark.parametrize("text", [
    "On Friday, militants raided the hamlet of Kodjari, wounding two herders and burning a dozen granaries.",
    "On Friday, gunmen stormed a market near Tillaberi, wounding four traders and setting stalls alight.",
])
def test_wounding_people_is_harm_so_the_raid_is_an_attack(text: str) -> None:
    assert "Attack" in subs(text), why(text)
    assert "Looting/property destruction" not in subs(text), why(text)


def test_wounding_is_a_wounds_cue() -> None:
    assert "wounds" in typer.cues_in(["wound"], ["wounding"])
    assert "wounds" not in typer.cues_in(["burn"], ["burning"])


@pytest.mark.parametrize("trigger, cues, sub", [
    # a bridge or truck destroyed by explosives or a mine: remote violence by explosive
    ("destroy", {"blast_use", "property_harm"}, "Remote explosive/landmine/IED"),
    ("destroy", {"device", "explosive", "deaths"}, "Remote explosive/landmine/IED"),
    # burned or pillaged with no explosive: the destruction stands
    ("destroy", {"property_harm"}, "Looting/property destruction"),
    # a device found and destroyed by the forces is not an explosion
    ("destroy", {"device", "disrupt"}, "Looting/property destruction"),
])
def test_property_destroyed_by_explosives_is_remote_violence(trigger: str, cues: set[str], sub: str) -> None:
    inp = typer.TypingInputs(trigger, "Strategic developments", "Looting/property destruction", agent="rebels",
                             cues=frozenset(cues))
    assert typer.decide(inp).sub == sub


def test_an_attack_by_setting_off_explosives_is_remote_violence() -> None:
    base = dict(trigger="attack", event_type="Violence against civilians", sub="Attack",
                flags=frozenset({"typed_by_target"}), agent="rebels", target=None)
    blast = typer.TypingInputs(**base, cues=frozenset({"blast_use", "property_harm"}))
    assert typer.decide(blast).sub == "Remote explosive/landmine/IED"
    fight = typer.TypingInputs(**base, cues=frozenset({"blast_use", "clash", "firearm"}))
    assert typer.decide(fight).sub != "Remote explosive/landmine/IED"


def test_blowing_up_a_mast_is_an_explosion() -> None:
    text = "On Sunday, insurgents blew up a mobile phone mast outside Mandera."
    assert subs(text) == ["Remote explosive/landmine/IED"], why(text)


@pytest.mark.parametrize("text", [
    "On Tuesday, suspected jihadists slit the throats of three woodcutters near Arbinda.",
    "Gunmen cut the throat of a village elder outside Djibo on Sunday.",
])
def test_slitting_throats_is_a_killing(text: str) -> None:
    assert subs(text) == ["Attack"], why(text)


@pytest.mark.parametrize("text", [
    "On Saturday, rebels raided the hamlet of Kasindi, killing four farmers. Several women were raped during the raid.",
    "On Saturday, gunmen kidnapped five travellers near Zaria. Two of the women were raped while held.",
])
def test_rape_told_in_the_next_sentence_types_the_one_sided_attack(text: str) -> None:
    assert subs(text) == ["Sexual violence"], why(text)


def test_rape_told_after_a_battle_does_not_retype_the_battle() -> None:
    text = ("On Saturday, the army clashed with rebels near Rutshuru for several hours. "
            "Several women were raped in a nearby village.")
    assert "Armed clash" in subs(text), why(text)


@pytest.mark.parametrize("text", [
    "On Sunday, a schoolgirl was assaulted sexually by two gendarmes near Bouake.",
    "On Sunday, a detained trader was stripped naked by police officers in a cell in Kisumu.",
    "On Sunday, a suspect was sexually humiliated by prison guards in Gitega.",
])
def test_sexual_assault_told_in_other_words_is_sexual_violence(text: str) -> None:
    assert subs(text) == ["Sexual violence"], why(text)


def test_a_town_falling_into_a_side_s_hands_is_territory_taken() -> None:
    text = "On Sunday, the town of Menaka fell into the hands of jihadist fighters after clashes with the army."
    assert subs(text) == ["Non-state actor overtakes territory"], why(text)
