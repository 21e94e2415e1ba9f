"""Sub-types of demonstrations and riots (issue 15, round 6): what the police did and what the crowd did,
told in the demonstration's sentence or in the next ones. Every sentence here is invented."""
from __future__ import annotations

from typing_support import subs, why

from sitroom import nlp, typer


def _cues(sentence: str) -> frozenset[str]:
    doc = nlp.get_nlp()(sentence)
    return typer.cues_in([t.lemma_ for t in doc], [t.lower_ for t in doc])


def test_hyphenated_cue_words_are_read_as_the_tokens_they_split_into() -> None:
    # the tokenizer splits "tear-gassed" into three tokens; the cue list spells it with the hyphen
    assert "dispersal" in _cues("The marchers were tear-gassed near the bus park.")
    assert "dispersal" in _cues("Police baton-charged the marchers near the bus park.")
    assert "dispersal" not in _cues("The marchers walked to the bus park.")
    # the fast reader and the plain one agree on the split forms
    doc = nlp.get_nlp()("Officers tear-gassed the crowd and lathi-charged the students.")
    lem, low = [t.lemma_ for t in doc], [t.lower_ for t in doc]
    assert typer.cues_in(lem, low) == typer._cues_in_slow(lem, low)


def test_a_march_tear_gassed_is_a_protest_with_intervention() -> None:
    text = ("On 3 May 2022, nurses marched through Nakuru to demand unpaid salaries. "
            "They were tear-gassed by police outside the county offices.")
    assert subs(text) == ["Protest with intervention"], why(text)


def test_a_violent_dispersal_told_next_is_excessive_force() -> None:
    text = ("On 3 May 2022, nurses marched through Nakuru to demand unpaid salaries. "
            "The marchers were later severely beaten by officers near the county offices.")
    assert subs(text) == ["Excessive force against protesters"], why(text)
    # told without the violence, the same march is peaceful
    text = ("On 3 May 2022, nurses marched through Nakuru to demand unpaid salaries. "
            "The marchers later went home from the county offices.")
    assert subs(text) == ["Peaceful protest"], why(text)


def test_bullets_fired_at_demonstrators_are_excessive_force() -> None:
    text = ("On 3 May 2022, students demonstrated in Gulu against a rise in fees. "
            "Police fired bullets at the students and several were hurt.")
    assert subs(text) == ["Excessive force against protesters"], why(text)


def test_a_crowd_dispersed_with_gunfire_is_excessive_force() -> None:
    text = ("On 3 May 2022, police fired into the crowd to disperse residents who had gathered outside "
            "the Nakuru police station, killing one man.")
    assert subs(text) == ["Excessive force against protesters"], why(text)


def test_the_gunfire_rule_leaves_a_stoning_crowd_and_needs_the_dispersal() -> None:
    base = dict(trigger="attack", event_type="Battles", sub="Armed clash", agent="state_forces",
                flags=frozenset({"typed_by_target"}))
    fired = frozenset({"crowd", "dispersal", "security_words", "lethal_force"})
    assert typer.decide(typer.TypingInputs(**base, cues=fired)).sub == "Excessive force against protesters"
    stoning = typer.TypingInputs(**base, cues=fired | {"riot_act"})
    assert typer.decide(stoning).sub != "Excessive force against protesters"
    no_dispersal = typer.TypingInputs(**base, cues=fired - {"dispersal"})
    assert typer.decide(no_dispersal).rule != "crowd_dispersed_with_gunfire"


def test_bricks_thrown_at_the_police_make_a_rally_violent() -> None:
    text = ("On 3 May 2022, opposition supporters held a rally in Mymensingh town against fuel prices. "
            "The demonstrators threw bricks at the police.")
    assert subs(text) == ["Violent demonstration"], why(text)


def test_a_demonstration_told_as_violent_is_a_violent_demonstration() -> None:
    text = "On 3 May 2022, college students in Kitale violently protested against a rise in boarding fees."
    assert subs(text) == ["Violent demonstration"], why(text)
    text = "On 3 May 2022, pupils of a boarding school in Kitale burn a dormitory in protest over the food served."
    assert subs(text) == ["Violent demonstration"], why(text)


def test_an_effigy_burned_at_a_demonstration_is_a_symbolic_act() -> None:
    text = ("On 3 May 2022, party members staged a protest by burning effigies of the district chairman in "
            "Mymensingh town.")
    assert subs(text) == ["Peaceful protest"], why(text)


def test_a_crowd_clash_with_police_outside_a_demonstration_is_mob_violence() -> None:
    text = ("On 3 May 2022, hawkers clashed with police in Eldoret town after officers seized their goods. "
            "Officers lobbed tear gas canisters at the crowd.")
    assert subs(text) == ["Mob violence"], why(text)
    # the same clash told as part of a demonstration stays a violent demonstration
    text = ("On 3 May 2022, hawkers marched to the county offices in Eldoret to protest the seizure of their goods "
            "and clashed with police. Officers lobbed tear gas canisters at the crowd.")
    assert subs(text) == ["Violent demonstration"], why(text)



def test_what_demonstrators_did_after_a_comma_is_not_their_grievance() -> None:
    text = "On 8 June, traders in Isiolo protested against the new levy, burning tyres and lighting bonfires."
    assert subs(text) == ["Violent demonstration"], why(text)
    text = "On 8 June 2022, residents of Isiolo protested against the burning of their market stalls."
    assert subs(text) == ["Peaceful protest"], why(text)


def test_riot_acts_are_read_in_any_inflection() -> None:
    text = "A crowd sets tyres on fire in Kisumu town to protest the election results."
    assert subs(text) == ["Violent demonstration"], why(text)


def test_a_rally_others_attacked_without_serious_harm_is_a_protest_with_intervention() -> None:
    text = "On 8 June 2022, ruling party youths attacked an opposition rally in Kakamega town with sticks and stones."
    assert subs(text) == ["Protest with intervention"], why(text)
    base = dict(trigger="protest", event_type="Protests", sub="Peaceful protest")
    attacked = frozenset({"protest", "protest_attacked", "riot_act", "wounds"})
    assert typer.decide(typer.TypingInputs(**base, cues=attacked)).sub == "Protest with intervention"
    killed = typer.TypingInputs(**base, cues=attacked | {"deaths"})
    assert typer.decide(killed).sub != "Protest with intervention"


def test_a_road_blocked_with_material_is_a_violent_demonstration() -> None:
    # ACLED codebook: road-blocking with barricades, burning tyres or other material is a violent act
    text = ("On 4 May 2022, boda boda riders blocked the Kisumu-Busia highway with their motorcycles "
            "to protest a new parking fee.")
    assert subs(text) == ["Violent demonstration"], why(text)
    text = "On 4 May 2022, farmers blocked the road to Eldoret using logs to demand payment for their maize."
    assert subs(text) == ["Violent demonstration"], why(text)
    # the road block alone stays a peaceful protest, and so does a block "with" demands or a banner
    text = "On 4 May 2022, traders blocked the Kisumu-Busia highway to protest new market fees."
    assert subs(text) == ["Peaceful protest"], why(text)
    text = "On 4 May 2022, traders blocked the Kisumu-Busia highway with banners demanding lower market fees."
    assert subs(text) == ["Peaceful protest"], why(text)


def test_what_a_march_condemned_is_not_what_happened_at_it() -> None:
    text = "On 4 May 2022, teachers marched in the streets of Malindi to condemn the killing of a colleague by bandits."
    assert subs(text) == ["Peaceful protest"], why(text)
    text = "On 4 May 2022, teachers marched in the streets of Malindi to denounce the shooting of a colleague."
    assert subs(text) == ["Peaceful protest"], why(text)
    # a death told as what happened at the march still counts
    text = "On 4 May 2022, teachers marched in the streets of Malindi and police shot dead one of them."
    assert subs(text) == ["Excessive force against protesters"], why(text)


def test_a_violent_confrontation_with_the_police_makes_a_protest_violent() -> None:
    assert "riot_act" in _cues("Protesters and riot police were locked in a violent confrontation in the town centre.")
    text = ("On 4 May 2022, students protested in Eldoret against the closure of their college. "
            "The protesters were later involved in a violent confrontation with anti-riot police.")
    assert subs(text) == ["Violent demonstration"], why(text)


def test_what_the_police_barricaded_or_burned_is_not_the_demonstrators_riot_act() -> None:
    text = ("On 4 May 2022, teachers staged a protest rally in Nakuru town against the new pay scale. "
            "Security forces barricaded the area and did not allow the rally to proceed.")
    assert subs(text) == ["Peaceful protest"], why(text)
    # the demonstrators' own barricade stays a riot act
    text = ("On 4 May 2022, teachers staged a protest rally in Nakuru town against the new pay scale. "
            "The teachers barricaded the road and did not allow cars to pass.")
    assert subs(text) == ["Violent demonstration"], why(text)
    # what the crowd did, told in the object of what the police did, stays the crowd's act
    text = "On 4 May 2022, police fired tear gas at stone-throwing protesters in Kisumu town."
    assert subs(text) == ["Violent demonstration"], why(text)
    # a security word after the subject's head does not make the subject the police
    text = "On 4 May 2022, critics of police brutality marched in Kisumu and stoned a photographer."
    assert subs(text) == ["Violent demonstration"], why(text)


def test_a_crowd_the_police_dispersed_told_next_makes_their_shooting_excessive_force() -> None:
    text = ("On 4 May 2022, three men were shot and wounded by police in Kitale. "
            "Officers opened fire to disperse a crowd that had gathered outside the county offices.")
    assert subs(text) == ["Excessive force against protesters"], why(text)
    # with no crowd told, the shooting stays an attack
    text = ("On 4 May 2022, three men were shot and wounded by police in Kitale. "
            "Officers said the men were robbers.")
    assert subs(text) == ["Attack"], why(text)
