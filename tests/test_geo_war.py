"""Geocoding that knows which war it reads about: name forms between the countries of a split
piece of evidence, written hierarchies read as areas, towns outside their written area dropped,
demonyms as adjectives, the two ends of a stretch. Texts invented for these tests."""
from __future__ import annotations

from geo_support import by_text, ents

from sitroom.geo.gazetteer import Gazetteer, get_gazetteer
from sitroom.geo.hierarchy import hierarchy_spans
from sitroom.geo.places import find_places
from sitroom.geo.prior import CountryPrior, Evidence, add_name_forms, country_prior, name_form_country, prior_overrides

# --- name forms ------------------------------------------------------------------------------------

def test_name_form_only_chooses_among_the_countries_given(gaz: Gazetteer) -> None:
    got = name_form_country("Koudougoubaraogo", ["ML", "BF", "NE"], gaz, margin=0.0)
    assert got is not None and got[0] in ("ML", "BF", "NE")
    assert name_form_country("Koudougoubaraogo", ["BF"], gaz) is None  # nothing to choose between
    assert name_form_country("Ab", ["ML", "BF"], gaz) is None  # too short to read


def test_an_unknown_village_moves_a_split_actor_towards_its_country(gaz: Gazetteer) -> None:
    prior = country_prior("JNIM fighters torched a clinic.", [])
    assert prior.split and prior.top == "ML"  # the group's main home ground, by its own evidence alone
    before = dict(prior.strong)
    add_name_forms(prior, ["Koudougoubaraogo", "Tenkodogoyiri"], gaz)
    forms = [e for e in prior.evidence if e.kind == "name_form"]
    assert forms and all(e.countries[0] in before for e in forms)  # never a country the text did not name
    assert set(prior.strong) == set(before)


def test_name_forms_do_not_outvote_explicit_evidence(gaz: Gazetteer) -> None:
    prior = country_prior("Malian troops fought JNIM fighters outside a small hamlet on Tuesday.", [])
    assert not prior.split  # a demonym of a state force says which country
    add_name_forms(prior, ["Koudougoubaraogo"], gaz)
    assert not [e for e in prior.evidence if e.kind == "name_form"] and prior.top == "ML"


def test_a_kenyan_looking_village_keeps_an_al_shabaab_story_in_kenya(gaz: Gazetteer) -> None:
    t = "Al Shabaab fighters seized a nurse in Kimbunyangeni at night."
    found = find_places(t, ents(t, ("Shabaab", "ORG"), ("Kimbunyangeni", "GPE")), gazetteer=gaz, prior_out=(pri := []))
    assert not found
    assert pri[0].top_text == "KE"
    assert [e.text for e in pri[0].evidence if e.kind == "name_form"] == ["Kimbunyangeni"]


def test_a_split_actor_does_not_override_the_focus_of_the_names() -> None:
    prior = CountryPrior()
    prior.add(Evidence("actor", "Al Shabaab", ("SO", "KE"), 2.0))
    assert prior.top_text == "SO"
    assert not prior_overrides(prior, "KE", names_mass=0.9)  # a Kenyan town named: the story stays in Kenya
    assert prior_overrides(prior, "TZ", names_mass=0.9)  # a namesake elsewhere is still overridden


# --- written hierarchies -----------------------------------------------------------------------------

def test_parenthesis_names_resolve_as_areas_not_their_seat_cities(gaz: Gazetteer) -> None:
    t = "Rival student wings traded blows in Zzqundia upazila (Kishoreganj, Dhaka); six were hurt."
    found = find_places(t, ents(t, ("Zzqundia", "GPE"), ("Kishoreganj", "GPE"), ("Dhaka", "GPE")), gazetteer=gaz)
    got = by_text(found)
    assert got["Dhaka"].precision == "admin1" and got["Dhaka"].country == "BD"
    assert got["Kishoreganj"].precision in ("admin1", "admin2")


def test_a_town_outside_the_area_written_after_it_is_dropped(gaz: Gazetteer) -> None:
    # the only reading of the town lies across the border from the district the text puts it in
    t = "Angry villagers stoned a tax collector in Siliguri union (Jessore, Khulna) on a market day."
    found = find_places(t, ents(t, ("Siliguri", "GPE"), ("Jessore", "ORG"), ("Khulna", "GPE")), gazetteer=gaz)
    got = by_text(found)
    assert "Siliguri" not in got  # the Indian city, not inside the Bangladeshi district written after it
    assert got["Jessore"].country == "BD"


def test_the_finer_name_inside_its_area_is_kept(gaz: Gazetteer) -> None:
    t = "Armed men shot two herders dead near Zorgho village (Ganzourgou, Plateau-Central) at night."
    found = find_places(t, ents(t, ("Zorgho", "GPE"), ("Plateau-Central", "ORG")), gazetteer=gaz)
    got = by_text(found)
    assert got["Zorgho"].country == "BF" and got["Zorgho"].precision == "city"


def test_written_hierarchy_outweighs_an_org_tag_over_a_dashed_quarter(gaz: Gazetteer) -> None:
    t = "Graduates waved banners at Dhaka - Zzqmarket (Zzqmarket) to ask for more civil service posts."
    found = find_places(t, ents(t, ("Dhaka - Zzqmarket", "ORG")), gazetteer=gaz)
    assert by_text(found)["Dhaka"].country == "BD"


# --- stretches and adjectives ----------------------------------------------------------------------

def test_both_ends_of_a_stretch_are_proposed_but_not_the_sides_of_a_fight() -> None:
    t = "A mine hit a patrol between Zzqadera and Zzqabo on the Kenya-Uganda border."
    assert [x[2] for x in hierarchy_spans(t)] == ["Zzqadera", "Zzqabo", "Kenya", "Uganda"]
    assert hierarchy_spans("Fighting between Zzqiku and Zzqasai herders over a well.") == []
    assert hierarchy_spans("Traders blocked the Nyeri-Zzqruru highway.") == []  # a road's ends are not the scene


def test_a_demonym_without_a_kind_word_is_no_place(gaz: Gazetteer) -> None:
    t = "Detectives found a cache of rifles in a camp close to the Somali border."
    found = find_places(t, ents(t, ("Somali", "NORP")), gazetteer=gaz)
    assert all(p.precision == "country" or p.text != "Somali" for p in found)
    t2 = "Fighting broke out in the Somali region of Ethiopia."
    found2 = find_places(t2, ents(t2, ("Somali", "NORP"), ("Ethiopia", "GPE")), gazetteer=gaz)
    assert by_text(found2)["Somali"].precision == "admin1"


def test_a_border_named_by_a_demonym_is_not_the_scene() -> None:
    p = country_prior("A patrol defused a mine by the Somali border.", [])
    assert "SO" not in p.strong and p.weak.get("SO")


# --- countries that are not the scene ----------------------------------------------------------------

def test_a_country_reached_left_or_bordered_is_weak_evidence() -> None:
    from sitroom.geo.prior import NamedMention, away

    t = "Cattle thieves heading back to Zambia ran into Kenyan police."
    assert away(t, t.index("Zambia")) and not away("Fighting in Zambia", 12)
    gaz = get_gazetteer()
    cands = gaz.match("Zambia")[0]
    p = country_prior(t, [NamedMention("Zambia", cands, "key", "ner", None, t.index("Zambia"))])
    assert p.top == "KE" and "ZM" not in p.strong and p.weak.get("ZM")


def test_the_pipeline_does_not_place_an_event_in_a_country_it_only_leaves() -> None:
    from sitroom.pipeline import extract_text

    r = extract_text("Cattle thieves heading back to Zambia were ambushed by Kenyan police at dawn.", "2019-03-02")
    locs = [e.location for e in r.events if e.location is not None]
    assert locs and all(p.country == "KE" for p in locs)


def test_a_fuzzy_match_is_no_country_nothing_else_names(gaz: Gazetteer) -> None:
    t = "Youths lit tyres on a road in Maratini to protest a spate of accidents."
    found = find_places(t, ents(t, ("Maratini", "GPE")), gazetteer=gaz)
    assert all(p.precision != "country" for p in found)


def test_a_split_story_set_at_the_border_of_one_country_is_in_the_other() -> None:
    from sitroom.pipeline import extract_text

    r = extract_text("Al Shabaab fighters raided Zzqumbis along the border with Somalia and set a clinic on "
                     "fire.", "2019-09-02")
    locs = [e.location for e in r.events if e.location is not None]
    assert locs and all(p.country == "KE" for p in locs)


def test_a_town_named_inside_an_organisation_counts_where_the_evidence_points(gaz: Gazetteer) -> None:
    t = "Al Shabaab fighters stormed Garissa Teachers College before dawn."
    found = find_places(t, ents(t, ("Shabaab", "ORG"), ("Garissa Teachers College", "ORG")), gazetteer=gaz,
                        nested=True)
    assert [(p.text, p.country) for p in found] == [("Garissa", "KE")]
    # nothing says which country and the name has namesakes abroad of some standing: not taken
    t2 = "Masked men stormed Meru Teachers College before dawn."
    assert not find_places(t2, ents(t2, ("Meru Teachers College", "ORG")), gazetteer=gaz, nested=True)
    # ... but a text that names no other place takes a town whose every reading lies in one country
    t3 = "Masked men stormed Garissa Teachers College before dawn."
    found = find_places(t3, ents(t3, ("Garissa Teachers College", "ORG")), gazetteer=gaz, nested=True)
    assert [(p.text, p.country) for p in found] == [("Garissa", "KE")]


def test_a_comma_before_an_area_with_its_kind_word_is_a_written_parent(gaz: Gazetteer) -> None:
    # the town's only reading lies in another country than the county written after it
    t = "Squatters clashed with guards on a ranch in Kisiwani, Kwale County, on Sunday."
    found = find_places(t, ents(t, ("Kisiwani", "GPE"), ("Kwale County", "GPE")), gazetteer=gaz)
    assert all(p.country == "KE" for p in found) and by_text(found)["Kwale"].precision == "admin1"


def test_a_country_fallback_says_when_it_is_one_guess_among_several() -> None:
    from sitroom.geo.document import country_place

    split = country_prior("JNIM fighters torched a clinic.", [])
    p = country_place(split.top or "", split)
    assert p is not None and p.reason.endswith(";uncertain") and p.resolved_against.startswith("ML ")
    sure = country_prior("Burkinabe soldiers were attacked.", [])
    q = country_place("BF", sure)
    assert q is not None and q.reason == "focus_country_fallback" and q.confidence > p.confidence


def test_a_country_that_only_says_whose_forces_act_is_not_the_scene() -> None:
    from sitroom.pipeline import extract_text

    r = extract_text("On 4 March, US aircraft bombed a Taliban compound in Zzqaraj district, Helmand, after a "
                     "week of fighting.", "2020-03-05")
    locs = [e.location for e in r.events if e.location is not None]
    assert locs and all(p.country == "AF" for p in locs)


def test_a_reading_outside_a_district_known_only_by_its_town_is_dropped(gaz: Gazetteer) -> None:
    t = "Two blasts shook a food store at IFO 2 (Mandera District) overnight, the police said."
    found = find_places(t, ents(t, ("IFO", "ORG"), ("Mandera District", "GPE")), gazetteer=gaz)
    assert [p.country for p in found] == ["KE"]
