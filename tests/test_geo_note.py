"""Where a short event note says the event happened: the names the NER misses or mislabels, and the
readings that beat a namesake. Sentences are invented; the places are well-known ones."""
from __future__ import annotations

from dataclasses import replace

from geo_support import by_text, ents

from sitroom.geo.context import Mass, Support
from sitroom.geo.gazetteer import Gazetteer
from sitroom.geo.names import name_key
from sitroom.geo.places import _alt_name, _outside_district, _self_focus, _written_base, find_places
from sitroom.geo.prior import CountryPrior, _folded_division
from sitroom.geo.spans import Mention
from sitroom.pipeline import extract_text
from sitroom.records import PlaceCandidate


def _cand(gid: int, name: str, cc: str, precision: str, pop: int) -> PlaceCandidate:
    return PlaceCandidate(gid, name, cc, "01", 0.0, 0.0, precision, pop)  # type: ignore[arg-type]


def test_a_cue_after_a_weekday_is_read_again(gaz: Gazetteer) -> None:
    # the Arabic particle "at" let "Friday at Tamale" read as one name, and the DATE label sank it
    t = "Traders blocked the main road on Friday at Tamale over new market fees."
    found = find_places(t, ents(t, ("Friday", "DATE"), ("Tamale", "ORG")), gazetteer=gaz)
    assert by_text(found)["Tamale"].country == "GH"


def test_a_division_named_so_only_after_folding_is_no_evidence_against_the_town_spelled_as_written() -> None:
    town = _cand(1, "Zzaba", "AA", "city", 120_000)
    state = _cand(2, "Zzabah", "BB", "admin1", 30_000)
    assert _folded_division("Zzaba", [town, state])
    assert _alt_name(state, name_key("Zzaba"), "Zzaba", [town, state]) == 0.5
    assert _alt_name(town, name_key("Zzaba"), "Zzaba", [town, state]) == 0.0
    # a division spelled as written still counts, and a folded one without a town spelled so is not lowered
    assert not _folded_division("Zzabah", [_cand(3, "Zzabah", "AA", "city", 9_000), state])
    assert _alt_name(state, name_key("Zzaba"), "Zzaba", [state]) == 0.0
    assert not _folded_division("Zzaba", [state, town])  # the division is the first reading


def test_district_center_then_a_province_reads_the_province(gaz: Gazetteer) -> None:
    t = "Gunmen attacked a police post in Nahri Shahi district center, Balkh, on Monday."
    found = find_places(t, ents(t, ("Nahri Shahi", "GPE"), ("Balkh", "ORG"), ("Monday", "DATE")), gazetteer=gaz)
    assert by_text(found)["Balkh"].precision == "admin1"


def test_a_district_read_as_the_province_of_that_name_sits_at_its_seat(gaz: Gazetteer) -> None:
    t = "Two soldiers were killed in a roadside blast in Kunduz district on Tuesday."
    found = find_places(t, ents(t, ("Kunduz", "GPE"), ("Tuesday", "DATE")), gazetteer=gaz)
    p = by_text(found)["Kunduz"]
    seat = next(c for c in gaz.lookup("Kunduz") if c.precision == "city" and c.country == "AF")
    assert p.precision == "admin1" and (p.lat, p.lon) == (round(seat.lat, 5), round(seat.lon, 5))


def test_a_town_an_organisation_ends_on_counts_in_a_note_with_no_other_place(gaz: Gazetteer) -> None:
    t = "Nurses began a three-day strike at the Regional Hospital of Garissa over unpaid wages."
    found = find_places(t, ents(t, ("the Regional Hospital of Garissa", "ORG")), gazetteer=gaz, nested=True)
    assert [(p.text, p.country) for p in found] == [("Garissa", "KE")]


def test_a_town_the_ner_took_for_a_people_counts_unless_a_group_noun_follows(gaz: Gazetteer) -> None:
    t = "A crowd stoned the car of the governor of Garissa after a campaign rally."
    found = find_places(t, ents(t, ("Garissa", "NORP")), gazetteer=gaz, nested=True)
    assert [(p.text, p.country) for p in found] == [("Garissa", "KE")]
    t2 = "Elders of the Garissa community met the governor after the raid."
    assert not find_places(t2, ents(t2, ("Garissa", "NORP")), gazetteer=gaz, nested=True)


def test_a_name_before_residents_is_their_town(gaz: Gazetteer) -> None:
    t = "Angry Garissa residents blocked the highway to protest water shortages."
    found = find_places(t, [], gazetteer=gaz, nested=True)
    assert [(p.text, p.country) for p in found] == [("Garissa", "KE")]


def test_a_name_before_a_group_noun_is_a_people_not_a_place(gaz: Gazetteer) -> None:
    t = "Youths from the Kisii community clashed with police in Nakuru on Sunday."
    found = find_places(t, ents(t, ("Kisii", "PERSON"), ("Nakuru", "GPE"), ("Sunday", "DATE")), gazetteer=gaz,
                        nested=True)
    assert "Kisii" not in by_text(found) and by_text(found)["Nakuru"].country == "KE"


def test_a_quarter_written_in_a_city_is_no_namesake_abroad(gaz: Gazetteer) -> None:
    t = "Hawkers clashed with council officers in Parklands, in Nairobi, on Monday."
    found = find_places(t, ents(t, ("Parklands", "GPE"), ("Nairobi", "GPE"), ("Monday", "DATE")), gazetteer=gaz)
    assert [p.country for p in found] == ["KE"]


def test_a_village_written_in_its_sub_county_is_no_namesake_abroad(gaz: Gazetteer) -> None:
    t = "Four men were hacked to death in Lavington, Kisumu sub-county, on Sunday."
    found = find_places(t, ents(t, ("Lavington", "GPE"), ("Kisumu", "GPE"), ("Sunday", "DATE")), gazetteer=gaz)
    assert all(p.country == "KE" for p in found) and "Kisumu" in by_text(found)


def test_a_quarter_written_in_a_town_is_that_town_when_its_reading_lies_abroad() -> None:
    for t, town in (("Protesters gathered at the Toledo area in Mombasa town and marched to the county offices.",
                     "Mombasa"),
                    ("Traders clashed with hawkers in Lima bazar, Dhaka city, on Sunday.", "Dhaka")):
        evs = extract_text(t, "2023-03-15").events
        assert evs and all(e.location is not None and e.location.name == town for e in evs), t


def test_the_country_a_protest_is_in_solidarity_with_is_not_its_scene() -> None:
    evs = extract_text("Hundreds staged a rally in Karachi city, condemning the bombing of Gaza and expressing "
                       "solidarity with Palestine.", "2023-03-15").events
    assert evs and all(e.location is not None and e.location.country == "PK" for e in evs)


def test_an_institution_word_is_no_town() -> None:
    evs = extract_text("Mombasa Technical College students blocked a road to protest a fee rise.", "2023-03-15").events
    assert evs and all(e.location is not None and e.location.country == "KE" for e in evs)


def test_a_fuzzy_village_reading_far_from_its_written_upazila_is_dropped() -> None:
    village = Mention(0, 6, "Zzqpur", "ner", kind="skeleton", links=[(1, 60.0)],
                      best=PlaceCandidate(1, "Zzqapur", "BD", "81", 24.0, 90.0, "city", 0, "PPL"))
    upazila = Mention(16, 22, "Zzpura", "ner",
                      best=PlaceCandidate(2, "Zzpura", "BD", "81", 24.6, 90.0, "city", 0, "ADM3"))
    assert _outside_district(village, [village, upazila])  # 67 km apart
    near = replace(upazila, best=PlaceCandidate(2, "Zzpura", "BD", "81", 24.1, 90.0, "city", 0, "ADM3"))
    assert not _outside_district(village, [village, near])  # 11 km apart


def test_a_lone_name_does_not_vote_for_the_focus_that_picks_its_own_reading(gaz: Gazetteer) -> None:
    # a town and a bigger namesake known by it as an old name, both in one country, outweigh the bigger town
    # of that name elsewhere only by being two: with no other place and no country evidence the focus is theirs
    t = "Shopkeepers in Manga closed their stores for a day over new taxes."
    found = find_places(t, ents(t, ("Manga", "GPE"), ("a day", "DATE")), gazetteer=gaz)
    assert by_text(found)["Manga"].country == "BF"
    # another name of the text in that country still makes the focus there
    t2 = "Shopkeepers in Manga and Floriano closed their stores over new taxes."
    found2 = find_places(t2, ents(t2, ("Manga", "GPE"), ("Floriano", "GPE")), gazetteer=gaz)
    assert by_text(found2)["Manga"].country == "BR"


def test_self_focus_is_the_focus_resting_on_one_name_alone() -> None:
    own = Mass(country={"AA": 0.7, "BB": 0.3})
    other = Mass(country={"AA": 0.4})
    alone = ({"x": own}, Support(country={"AA": 0.7, "BB": 0.3}))
    assert _self_focus(alone, "x", "AA")
    both = ({"x": own, "y": other}, Support(country={"AA": 1.1, "BB": 0.3}))
    assert not _self_focus(both, "x", "AA") and _self_focus(both, "y", "BB") is False
    assert not _self_focus(alone, "z", "AA")  # a name without mass of its own


def test_a_division_read_only_through_folding_is_no_country_evidence_beside_a_town_spelled_as_written(
        gaz: Gazetteer) -> None:
    # a town spelled as written (not the first reading) beside a governorate abroad of the folded spelling
    big = _cand(1, "Zzina", "BB", "city", 250_000)
    state = _cand(2, "Zzina", "BB", "admin1", 1_000_000)
    town = _cand(3, "Zzinna", "AA", "city", 11_000)
    assert _folded_division("Zzinna", [big, state, town])
    assert not _folded_division("Zzinna", [big, replace(state, name="Zzinna"), town])  # spelled as written
    assert not _folded_division("Zzinna", [big, replace(state, name="Yyonne"), town])  # known by it as an old name
    t = "Herders from Kinna accused the Kenya Wildlife Service of seizing their cattle."
    priors: list[CountryPrior] = []
    find_places(t, ents(t, ("Kinna", "GPE"), ("the Kenya Wildlife Service", "ORG")), gazetteer=gaz, prior_out=priors)
    assert "EG" not in priors[0].strong


def test_the_name_after_inhabitants_of_is_their_home(gaz: Gazetteer) -> None:
    # a Nairobi quarter the NER took for a person: "villagers of" says it is a place
    t = "Villagers of Kilimani burnt the shop of a trader accused of theft."
    found = find_places(t, ents(t, ("Kilimani", "PERSON")), gazetteer=gaz)
    assert by_text(found)["Kilimani"].country == "KE"
    t2 = "Angry inhabitants of Kilimani blocked a road with burning tyres."
    assert by_text(find_places(t2, ents(t2, ("Kilimani", "PERSON")), gazetteer=gaz))["Kilimani"].country == "KE"


def test_the_ends_of_a_road_written_with_a_hyphen_are_places(gaz: Gazetteer) -> None:
    t = "Bandits robbed travellers on the Garissa-Dadaab highway at dawn."
    found = find_places(t, ents(t, ("the Garissa-Dadaab", "FAC")), gazetteer=gaz)
    assert [(p.text, p.country) for p in found] == [("Garissa", "KE"), ("Dadaab", "KE")]
    t2 = "A convoy hit a mine along the axis Djibo-Arbinda."
    assert by_text(find_places(t2, ents(t2, ("Djibo-Arbinda", "ORG")), gazetteer=gaz))["Djibo"].country == "BF"
    # a hyphenated town's own name is no road between two places
    t3 = "Traffic stopped for hours on the Bobo-Dioulasso road."
    assert [p.text for p in find_places(t3, ents(t3), gazetteer=gaz)] == ["Bobo-Dioulasso"]
    # no road word: a hyphenated pair is left to the NER
    t4 = "The Garissa-Dadaab rivalry is old."
    assert find_places(t4, ents(t4), gazetteer=gaz) == []


def test_the_place_whose_coordinates_a_note_used_is_a_place(gaz: Gazetteer) -> None:
    t = "Two clans fought over grazing land in the hills (coordinates for Endo, Elgeyo-Marakwet, used)."
    found = find_places(t, ents(t, ("Endo", "ORG"), ("Elgeyo-Marakwet", "ORG")), gazetteer=gaz)
    assert by_text(found)["Endo"].country == "KE"


def test_a_town_spelled_as_written_of_unknown_size_beats_a_small_folded_namesake(gaz: Gazetteer) -> None:
    # GeoNames gives the Sahel village no population (unknown, not none); the Romanian village is read
    # only through folded spelling
    t = "Herders clashed with farmers near Oursi on Sunday, leaving two dead."
    found = find_places(t, ents(t, ("Oursi", "GPE"), ("Sunday", "DATE")), gazetteer=gaz)
    assert by_text(found)["Oursi"].country == "BF"
    g = _written_base
    spelled = _cand(1, "Zzoursi", "AA", "city", 0)
    folded = _cand(2, "Zzursi", "BB", "city", 1_000)
    assert name_key("Zzoursi") == name_key("Zzursi")
    assert g(spelled, gaz, "Zzoursi", [folded, spelled]) == gaz.prior(folded)
    assert g(folded, gaz, "Zzoursi", [folded, spelled]) == gaz.prior(folded)
    assert g(replace(spelled, population=50), gaz, "Zzoursi", [folded, spelled]) < gaz.prior(folded)  # a known size
