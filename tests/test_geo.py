"""The geo package: the document's country prior, written hierarchies, namesakes abroad rejected,
admin2 areas. Texts invented for these tests."""
from __future__ import annotations

import json
import zipfile
from importlib import resources
from pathlib import Path

import pytest
from geo_support import by_text, ents

from sitroom.geo.gazetteer import Gazetteer, add_geonames_dump, get_gazetteer
from sitroom.geo.hierarchy import hierarchy_spans
from sitroom.geo.places import find_places
from sitroom.geo.prior import CountryPrior, Evidence, actor_homes, country_prior, prior_overrides
from sitroom.records import PlaceCandidate, ResolvedPlace

# --- the prior -----------------------------------------------------------------------------------

def test_actor_home_file_has_sources_and_iso_codes() -> None:
    data = json.loads(resources.files("sitroom.data").joinpath("actor_home.json").read_text("utf-8"))
    assert isinstance(data["version"], int) and data["sources"]
    for a in data["actors"]:
        assert a["countries"] and all(len(c) == 2 and c.isupper() for c in a["countries"])
        assert a.get("names") or a.get("acronyms")
    assert actor_homes()


@pytest.mark.parametrize("text, first", [
    ("Al Shabaab fighters raided a police post overnight.", "SO"),
    ("Boko Haram insurgents burned a market.", "NG"),
    ("ISWAP militants ambushed a convoy.", "NG"),
    ("Houthi forces shelled the port.", "YE"),
    ("The Taliban said they had captured a district centre.", "AF"),
    ("FARDC troops clashed with Mayi-Mayi militiamen.", "CD"),
    ("JNIM claimed the attack on the gendarmerie.", "ML"),
    ("PKK fighters were killed in an air strike.", "TR"),
])
def test_actors_point_to_their_home_ground(text: str, first: str) -> None:
    prior = country_prior(text, [])
    assert prior.top == first and prior.confident
    assert [e.kind for e in prior.evidence] == ["actor"]


def test_first_home_country_weighs_most_and_all_count() -> None:
    prior = country_prior("JNIM fighters abducted two traders.", [])
    assert prior.likely == {"ML", "BF", "NE"}
    assert prior.strong["ML"] > prior.strong["BF"] > prior.strong["NE"]


def test_demonym_of_a_force_is_strong_a_persons_origin_is_weak() -> None:
    force = country_prior("Kenyan security forces arrested six men.", [])
    assert force.strong == {"KE": 2.0} and force.confident
    person = country_prior("A Peruvian student was hurt in the crash.", [])
    assert person.strong == {} and person.weak == {"PE": 0.5} and not person.confident


def test_url_and_outlet_are_evidence() -> None:
    prior = country_prior("Gunmen attacked a village.", [], url="https://news.example.ng/story/1",
                          outlet="The Kenyan Daily")
    assert prior.strong == {"NG": 1.0, "KE": 1.0}
    assert country_prior("x", [], url="https://example.co/a").strong == {}  # .co is sold as a generic name


def test_an_actor_name_is_no_place(gaz: Gazetteer) -> None:
    t = "Taliban fighters attacked a checkpoint in Helmand on Monday."
    found = find_places(t, ents(t, ("Taliban", "GPE"), ("Helmand", "GPE"), ("Monday", "DATE")), gazetteer=gaz)
    assert [p.text for p in found] == ["Helmand"] and found[0].country == "AF"


def _cand(name: str, cc: str, lat: float, lon: float, pop: int = 1000) -> PlaceCandidate:
    return PlaceCandidate(geonameid=1, name=name, country=cc, admin1="01", lat=lat, lon=lon, precision="city",
                          population=pop, feature="PPL")


def test_rejects_namesakes_far_from_every_country_pointed_to(gaz: Gazetteer) -> None:
    prior = CountryPrior()
    prior.add(Evidence("actor", "JNIM", ("ML", "BF", "NE"), 2.0))
    assert prior.confident
    far = _cand("Solana", "PE", -12.0, -77.0)
    assert prior.rejects(far, "solana", "key", gaz)
    assert not prior.rejects(far, "solana", "key", gaz, other_names=1.0)  # another name of the text points there
    assert not prior.rejects(_cand("Lima", "PE", -12.0, -77.0, 9_000_000), "lima", "key", gaz)  # a big city
    assert not prior.rejects(_cand("Solana", "BF", 12.0, -1.5), "solana", "key", gaz)  # in a likely country
    assert not prior.rejects(_cand("Bordertown", "CI", 10.2, -4.0), "bordertown", "key", gaz)  # next to BF
    weak = CountryPrior()
    weak.add(Evidence("dateline", "X", ("ML",), 1.5))
    assert not weak.rejects(far, "solana", "key", gaz)  # too little evidence to reject anything


def test_prior_overrides_a_lone_namesakes_focus_not_many_names() -> None:
    prior = CountryPrior()
    prior.add(Evidence("demonym", "Burkinabe soldiers", ("BF",), 2.0))
    assert prior_overrides(prior, "AR", names_mass=0.9)
    assert not prior_overrides(prior, "US", names_mass=3.0)
    named = CountryPrior()
    named.add(Evidence("country", "Jordan", ("JO",), 3.0))  # a country name may be a town's too
    assert not prior_overrides(named, "US", names_mass=0.9)


def test_namesake_abroad_is_not_chosen(gaz: Gazetteer) -> None:
    t = "Suspected JNIM militants burned the school of Inata on Tuesday."
    found = find_places(t, ents(t, ("JNIM", "ORG"), ("Inata", "GPE"), ("Tuesday", "DATE")), gazetteer=gaz)
    assert all(p.country in ("ML", "BF", "NE") for p in found)


def test_record_says_what_it_was_resolved_against(gaz: Gazetteer) -> None:
    t = "Afghan security forces said the Taliban attacked Lashkar Gah."
    found = find_places(t, ents(t, ("Afghan", "NORP"), ("Taliban", "ORG"), ("Lashkar Gah", "GPE")), gazetteer=gaz)
    p = by_text(found)["Lashkar Gah"]
    assert p.country == "AF" and p.resolved_against.startswith("AF ")
    d = p.to_dict()
    assert {"confidence", "reason", "resolved_against"} <= set(d) and d["name"] == p.name


# --- hierarchies -----------------------------------------------------------------------------------

def test_hierarchy_spans_read_parentheses_and_kind_words() -> None:
    t = "gunmen attacked Tungan Bako (Birnin Gwari LGA, Kaduna) and Kelwa village (Diffa)."
    # without a kind word the names of a parenthesis ask for an area (a district or a division)
    assert [(x[2], x[3]) for x in hierarchy_spans(t)] == [("Birnin Gwari", "admin2"), ("Kaduna", "admin1"),
                                                          ("Diffa", "admin2")]
    t4 = "riot police fired tear gas in Halda village (Rangunia, Chittagong)."
    assert [(x[2], x[3]) for x in hierarchy_spans(t4)] == [("Rangunia", "admin2"), ("Chittagong", "admin2")]
    t2 = "a bomb killed two in Zarkhel of Nadir Shah Kot district, Khost."
    assert [(x[2], x[3]) for x in hierarchy_spans(t2)] == [("Khost", "admin1")]
    t3 = "the attack occurred in Kiunga, Lamu on Tuesday"
    assert [(x[2], x[4]) for x in hierarchy_spans(t3)] == [("Lamu", False)]


def test_hierarchy_spans_are_linear_on_hostile_input() -> None:
    import time

    t = "(" + "Aa, " * 5000 + ")" + " district, " * 3000 + "in Bb, " * 3000
    t0 = time.perf_counter()
    hierarchy_spans(t)
    assert time.perf_counter() - t0 < 2.0


def test_unknown_village_falls_back_to_its_district_never_a_namesake(gaz: Gazetteer) -> None:
    t = "Taliban militants killed two soldiers in Qaryazz of Maywand district, Kandahar."
    found = find_places(t, ents(t, ("Taliban", "ORG"), ("Qaryazz", "GPE"), ("Maywand", "GPE"),
                                ("Kandahar", "GPE")), gazetteer=gaz)
    got = by_text(found)
    assert "Qaryazz" not in got
    assert got["Maywand"].precision == "admin2" and got["Maywand"].country == "AF"
    assert got["Kandahar"].precision == "admin1"


def test_province_after_district_read_as_province(gaz: Gazetteer) -> None:
    t = "Afghan security forces were attacked in Nahr Zzz district, Balkh."
    found = find_places(t, ents(t, ("Afghan", "NORP"), ("Balkh", "PERSON")), gazetteer=gaz)
    p = by_text(found)["Balkh"]
    assert p.country == "AF" and p.precision == "admin1"


def test_event_falls_back_to_the_district_of_an_unknown_village() -> None:
    from sitroom.pipeline import extract_text

    r = extract_text("On 3 May 2020, suspected JNIM militants killed four civilians in the village of "
                     "Zzyqoua (Arbinda, Soum).", "2020-05-04")
    locs = [e.location for e in r.events if e.location is not None]
    assert locs and all(loc.country == "BF" for loc in locs)
    assert all(loc.precision in ("city", "admin2") for loc in locs)


def test_hierarchy_spans_read_town_of_x_y_and_dashed_quarters() -> None:
    t = "a bomb went off in the market town of Zzqala, Garissa on Monday"
    assert [(x[2], x[4]) for x in hierarchy_spans(t)] == [("Garissa", False)]
    t2 = "police beat students in Dhaka - Zzqbagh during a rally"
    assert [x[2] for x in hierarchy_spans(t2)] == ["Dhaka"]


def _event_places(text: str, published: str = "2020-06-01") -> list[ResolvedPlace]:
    from sitroom.pipeline import extract_text

    return [e.location for e in extract_text(text, published).events if e.location is not None]


def test_second_name_of_town_of_x_y_places_an_unknown_town() -> None:
    locs = _event_places("An IED exploded under a lorry in the border town of Zzqama, Mandera. Two were hurt.")
    assert locs and all(p.country == "KE" and p.precision != "country" for p in locs)


def test_city_quarter_before_city_kind_word() -> None:
    locs = _event_places("On 4 May 2020, gunmen killed a shopkeeper in PD7 of Herat city.")
    assert locs and all(p.country == "AF" and p.precision == "city" for p in locs)
    locs = _event_places("On 4 May 2020, a soldier was killed in Zzqal of Shindand district, Herat.")
    assert locs and all(p.country == "AF" and p.precision == "admin2" for p in locs)


def test_admin_qualifier_words_are_cut_off() -> None:
    locs = _event_places("Shopkeepers rallied outside the municipal market "
                         "(Narsingdi Sadar, Dhaka) on 4 May 2023.")
    assert locs and locs[0].name == "Narsingdi"
    locs = _event_places("Herders raided a police post in Muhoroni Sub County.")
    assert locs and locs[0].name == "Muhoroni"


def test_coded_as_place_is_the_scene() -> None:
    locs = _event_places("On 3 May 2020, an IED hit a patrol between Djibo and Zzqoura "
                         "(coded as Arbinda at geoprecision 2).")
    assert locs and all(p.name == "Aribinda" for p in locs)


def test_demonym_before_a_place_noun_is_scene_evidence() -> None:
    p = country_prior("Al Shabaab raided a Kenyan border town overnight.", [])
    assert p.top == "KE"


def test_parenthesis_locates_the_town_before_it() -> None:
    locs = _event_places("On 9 May 2024, students clashed with police in Tangail city, Tangail Sadar (Dhaka), "
                         "demanding reform.")
    assert locs and all(p.name == "Tangail" for p in locs)


def test_parenthesis_wins_over_a_namesake_abroad() -> None:
    locs = _event_places("On 9 May 2024, farmers staged a human chain in Birganj upazila (Dinajpur, Rangpur), "
                         "against sand mining.")
    assert locs and all(p.country == "BD" for p in locs)


def test_link_reads_a_kind_word_and_parenthesis() -> None:
    from sitroom.geo.spans import _LINK_GAP

    assert _LINK_GAP.match(" upazila (") and _LINK_GAP.match(" (") and _LINK_GAP.match(" village (")
    assert not _LINK_GAP.match(" said (") and not _LINK_GAP.match(" (Reuters) ")


def test_nationwide_before_a_noun_does_not_widen_the_scene() -> None:
    locs = _event_places("On 9 May 2023, members of the party staged a protest in Feni city, as part of a "
                         "countrywide programme.")
    assert locs and all(p.name == "Feni" for p in locs)


def test_fuzzy_village_far_outside_its_district_is_dropped() -> None:
    from sitroom.geo.places import _outside_district
    from sitroom.geo.spans import Mention

    district = PlaceCandidate(1, "Zzdistrict", "AF", None, 33.3, 62.1, "admin2")
    near = PlaceCandidate(2, "Zzvillage", "AF", None, 33.5, 62.3, "city")
    far = PlaceCandidate(3, "Zzelsewhere", "AF", None, 32.3, 64.8, "city")
    d = Mention(30, 40, "Zzdistrict", "suffix", best=district)
    v = Mention(10, 20, "Zzvilage", "ner", kind="skeleton", best=far, links=[(1, 150.0)])
    assert _outside_district(v, [v, d])
    v.best = near
    assert not _outside_district(v, [v, d])
    v.best, v.kind = far, "key"  # an exact name is kept: the ranker weighed it already
    assert not _outside_district(v, [v, d])


def test_road_end_is_not_the_scene() -> None:
    locs = _event_places("Youths in Ruiru barricaded the Thika-Nairobi highway over water shortages.")
    assert locs and all(p.name == "Ruiru" for p in locs)


# --- gazetteer coverage ----------------------------------------------------------------------------

def test_admin2_areas_have_alternate_names_and_precision(gaz: Gazetteer) -> None:
    for name, cc in (("Yagha", "BF"), ("Maywand", "AF"), ("Soum", "BF")):
        cands = [c for c in gaz.match(name)[0] if c.country == cc]
        assert cands and cands[0].precision == "admin2", name


def test_country_box_distance(gaz: Gazetteer) -> None:
    assert gaz.km_to_country(12.37, -1.52, "BF") == 0.0  # Ouagadougou
    d = gaz.km_to_country(48.85, 2.35, "BF")  # Paris
    assert d is not None and d > 3000


def test_add_geonames_dump_reads_a_zipped_country_dump(tmp_path: Path) -> None:
    row = ["9000002", "Zzkelwa", "Zzkelwa", "", "13.3", "12.6", "P", "PPL", "NE", "", "02", "", "", "", "0",
           "", "300", "Africa/Niamey", "2024-01-01"]
    z = tmp_path / "NE.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("NE.txt", "\t".join(row) + "\n")
        zf.writestr("readme.txt", "not a dump")
    assert add_geonames_dump(z, cache_dir=tmp_path) == 1
    assert (tmp_path / "overlays" / "NE.bin").exists()


def test_an_entity_span_ending_in_a_space_is_no_crash() -> None:
    # a span of spaces, or one word and a space, must not break the qualifier check ("Molo Township");
    # the LGL benchmark crashed on such a span (IndexError)
    from sitroom.geo.places import find_places

    text = "Fighting was reported in Molo  on Monday, and in Xqzzy Township on Tuesday."
    ents = [(25, 30, "GPE"), (28, 31, "GPE"), (29, 31, "GPE"), (49, 63, "GPE")]  # "Molo ", "o  ", "  "
    found = find_places(text, ents, gazetteer=get_gazetteer(), resolve_all=True, demonyms=True)
    assert all(0 <= p.span_start < p.span_end <= len(text) for p in found)
