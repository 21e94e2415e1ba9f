"""Geoparsing methods: admin2 areas, country points, demonyms, abbreviated states, regions,
resolving every given span, document context. Texts written for these tests."""
from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.external import geo
from sitroom.geo import admin2
from sitroom.geo import context as geo_context
from sitroom.geo import toponyms as toponym_spans
from sitroom.geo.gazetteer import Gazetteer
from sitroom.geo.places import find_places, km
from sitroom.records import PlaceCandidate


def spans(text: str, *marks: tuple[str, str]) -> list[tuple[int, int, str]]:
    out = []
    for phrase, label in marks:
        i = text.index(phrase)
        out.append((i, i + len(phrase), label))
    return sorted(out)


def by_text(places: list, phrase: str):  # type: ignore[no-untyped-def]
    hits = [p for p in places if p.text == phrase]
    assert hits, f"{phrase!r} not resolved: {[p.text for p in places]}"
    return hits[0]


# ---------------------------------------------------------------- data files

def test_geo_data_files_are_versioned() -> None:
    for name in ("geonames_admin2.json", "country_points.json", "geo_regions.json", "place_cues.json"):
        data = json.loads(resources.files("sitroom.data").joinpath(name).read_text("utf-8"))
        assert data["version"]
    cues = json.loads(resources.files("sitroom.data").joinpath("place_cues.json").read_text("utf-8"))
    assert all(v.count(".") == 1 for v in cues["admin1_abbreviations"].values())


def test_admin2_rows_are_well_formed() -> None:
    rows = admin2.load_rows()
    assert len(rows) > 10000
    for cc, _a1, name, lat, lon, towns, pop in rows[::97]:
        assert len(cc) == 2 and name and towns >= 1 and pop >= 0
        assert -90 <= lat <= 90 and -180 <= lon <= 180


def test_build_rows_averages_towns_and_maps_admin1() -> None:
    lines = [{"lat": "10.0", "lon": "20.0", "name": "A", "admin1": "North State", "admin2": "Reed County", "cc": "XX"},
             {"lat": "12.0", "lon": "22.0", "name": "B", "admin1": "North State", "admin2": "Reed County", "cc": "XX"},
             {"lat": "0.0", "lon": "0.0", "name": "C", "admin1": "North State", "admin2": "", "cc": "XX"}]
    rows = admin2.build_rows(lines, {"XX.07": "North State"}, {("XX", 10.0, 20.0): 800})
    assert rows == [("XX", "07", "Reed County", 11.0, 21.0, 2, 800)]


# ---------------------------------------------------------------- gazetteer

def test_us_county_resolves_with_and_without_the_word_county(gaz: Gazetteer) -> None:
    full = [c for c in gaz.match("Fairfax County")[0] if c.feature == "ADM2"]
    assert full and full[0].country == "US" and full[0].admin1 == "VA"
    assert km(full[0].lat, full[0].lon, 38.84, -77.28) < 60
    assert any(c.feature == "ADM2" for c in gaz.match("Fairfax")[0])
    assert any(c.feature == "ADM2" for c in gaz.match("Fairfax Co.")[0])


def test_country_points_are_central(gaz: Gazetteer) -> None:
    ru = gaz.country("RU")
    assert ru is not None and km(ru.lat, ru.lon, 60.0, 100.0) < 50
    ng = gaz.country("NG")
    assert ng is not None and km(ng.lat, ng.lon, 10.0, 8.0) < 50


# ---------------------------------------------------------------- places

def test_abbreviated_state_links_its_town(gaz: Gazetteer) -> None:
    text = "Deputies in Athens, Ga., said the suspect fled toward Macon."
    out = find_places(text, spans(text, ("Athens", "GPE"), ("Ga", "GPE"), ("Macon", "GPE")), gazetteer=gaz)
    athens = by_text(out, "Athens")
    assert athens.country == "US" and athens.admin1 == "Georgia"
    assert by_text(out, "Ga").precision == "admin1"


def test_abbreviation_needs_its_period(gaz: Gazetteer) -> None:
    with_period = "A man from Knoxville, Tenn. was charged."
    out = find_places(with_period, spans(with_period, ("Knoxville", "GPE"), ("Tenn", "GPE")), gazetteer=gaz)
    assert (by_text(out, "Tenn").name, by_text(out, "Tenn").precision) == ("Tennessee", "admin1")
    assert by_text(out, "Knoxville").admin1 == "Tennessee"
    bare = "Officials said Ont and Kabul were quiet."  # "Ont." is Ontario; "Ont" is not
    out = find_places(bare, spans(bare, ("Ont", "GPE"), ("Kabul", "GPE")), gazetteer=gaz)
    assert not any(p.text == "Ont" and p.name == "Ontario" for p in out)


def test_demonyms_only_when_asked(gaz: Gazetteer) -> None:
    text = "Sudanese troops and Chadian militias clashed near the border."
    ents = spans(text, ("Sudanese", "NORP"), ("Chadian", "NORP"))
    assert find_places(text, ents, gazetteer=gaz) == []
    out = find_places(text, ents, gazetteer=gaz, demonyms=True)
    assert [(p.text, p.country, p.precision) for p in out] == [("Sudanese", "SD", "country"), ("Chadian", "TD", "country")]


def test_norp_that_is_not_a_demonym_is_not_a_place(gaz: Gazetteer) -> None:
    text = "Republicans in Kabul met the delegation."
    out = find_places(text, spans(text, ("Republicans", "NORP"), ("Kabul", "GPE")), gazetteer=gaz, demonyms=True)
    assert [p.text for p in out] == ["Kabul"]


def test_resolve_all_gives_every_span_an_answer(gaz: Gazetteer) -> None:
    text = ("Aid convoys crossed the Sahel toward Mopti while Malian officials in the Middle East "
            "discussed the Niger River flooding.")
    ents = spans(text, ("Sahel", "LOC"), ("Mopti", "GPE"), ("Malian", "NORP"), ("Middle East", "LOC"),
                 ("Niger River", "LOC"))
    normal = {p.text for p in find_places(text, ents, gazetteer=gaz)}
    assert "Sahel" not in normal and "Middle East" not in normal
    out = find_places(text, ents, gazetteer=gaz, resolve_all=True, demonyms=True)
    got = {p.text: p for p in out}
    assert set(got) == {"Sahel", "Mopti", "Malian", "Middle East", "Niger River"}
    assert got["Malian"].country == "ML"
    assert km(got["Sahel"].lat, got["Sahel"].lon, 15, 5) < 500


def test_document_context_picks_the_small_namesake(gaz: Gazetteer) -> None:
    text = ("Storms cut power in Valdosta and Macon on Tuesday, and roads near Dublin and "
            "Augusta were closed.")
    ents = spans(text, ("Valdosta", "GPE"), ("Macon", "GPE"), ("Dublin", "GPE"), ("Augusta", "GPE"))
    out = find_places(text, ents, gazetteer=gaz)
    assert (by_text(out, "Dublin").country, by_text(out, "Dublin").admin1) == ("US", "Georgia")
    assert by_text(out, "Augusta").admin1 == "Georgia"


def test_document_context_keeps_the_country_in_a_caucasus_story(gaz: Gazetteer) -> None:
    text = "Russian jets struck Gori as Georgia accused Moscow of attacking Tbilisi."
    ents = spans(text, ("Gori", "GPE"), ("Georgia", "GPE"), ("Moscow", "GPE"), ("Tbilisi", "GPE"))
    g = by_text(find_places(text, ents, gazetteer=gaz), "Georgia")
    assert (g.country, g.precision) == ("GE", "country")


def test_same_named_towns_follow_the_county_context(gaz: Gazetteer) -> None:
    text = "Flooding closed schools in Laurel County, and shelters opened in London and Corbin."
    ents = spans(text, ("Laurel County", "GPE"), ("London", "GPE"), ("Corbin", "GPE"))
    london = by_text(find_places(text, ents, gazetteer=gaz), "London")
    assert london.country == "US" and london.admin1 == "Kentucky"


def test_state_name_follows_the_document_not_its_own_country_vote(gaz: Gazetteer) -> None:
    # the focus country is the one the names' candidate mass points to: Atlanta, Macon and
    # Savannah outweigh the one name that could be the Caucasus country
    text = ("Heavy rain is expected across Georgia this week, with flood watches for Atlanta, "
            "Macon and Savannah.")
    ents = spans(text, ("Georgia", "GPE"), ("Atlanta", "GPE"), ("Macon", "GPE"), ("Savannah", "GPE"))
    g = by_text(find_places(text, ents, gazetteer=gaz), "Georgia")
    assert (g.country, g.precision) == ("US", "admin1")


def test_name_with_city_suffix_is_its_own_town(gaz: Gazetteer) -> None:
    text = "Police in Kansas City and Jefferson City made arrests after the protest."
    ents = spans(text, ("Kansas City", "GPE"), ("Jefferson City", "GPE"))
    out = find_places(text, ents, gazetteer=gaz, resolve_all=True)
    kc = by_text(out, "Kansas City")
    assert (kc.name, kc.precision) == ("Kansas City", "city")
    assert km(kc.lat, kc.lon, 39.1, -94.58) < 40
    assert by_text(out, "Jefferson City").name == "Jefferson City"
    # a lower-case "city" after a name is still the name's own town
    text2 = "Fighting spread to Baghdad city on Monday."
    b = by_text(find_places(text2, spans(text2, ("Baghdad", "GPE")), gazetteer=gaz), "Baghdad")
    assert b.country == "IQ"


def test_a_state_beats_a_town_known_by_its_name_as_an_alternate(gaz: Gazetteer) -> None:
    # GeoNames lists "Montana" as an alternate name of Montana City, a town near Helena; the
    # state's own name wins
    text = "Wildfires in Montana and Idaho forced evacuations near Missoula and Helena."
    ents = spans(text, ("Montana", "GPE"), ("Idaho", "GPE"), ("Missoula", "GPE"), ("Helena", "GPE"))
    mt = by_text(find_places(text, ents, gazetteer=gaz, resolve_all=True), "Montana")
    assert (mt.name, mt.precision) == ("Montana", "admin1")


def test_street_names_do_not_back_off_to_a_generic_word(gaz: Gazetteer) -> None:
    text = "The parade on Post Road in Dublin, Ohio drew crowds."
    ents = spans(text, ("Post Road", "FAC"), ("Dublin", "GPE"), ("Ohio", "GPE"))
    out = find_places(text, ents, gazetteer=gaz, resolve_all=True)
    assert all(p.text != "Post Road" or p.country == "US" for p in out)
    d = by_text(out, "Dublin")
    assert (d.country, d.admin1) == ("US", "Ohio")


def test_repeat_spans_find_the_other_occurrences_of_a_place_name() -> None:
    text = ("Floods hit Fargo on Monday. Fargo Mayor Ann Lee said Fargo would hold. Jim Fargo, "
            "a farmer, left for West Fargo.")
    first = text.index("Fargo")
    persons = toponym_spans.person_words(text, [(text.index("Jim Fargo"), text.index("Jim Fargo") + 9, "PERSON")])
    got = toponym_spans.repeat_spans(text, ["Fargo"], [(first, first + 5)], frozenset())
    starts = [s for s, _e, _t in got]
    assert text.index("Fargo Mayor") in starts and text.index("Fargo would") in starts
    assert first not in starts  # already taken
    assert text.index("West Fargo") + 5 not in starts  # part of a longer name
    assert not toponym_spans.repeat_spans(text, ["Fargo"], [], persons)  # a person's name here


def test_repeats_resolve_mis_tagged_occurrences_like_the_first(gaz: Gazetteer) -> None:
    text = "Flood waters rose in Fargo, North Dakota. Fargo Mayor Ann Lee said Fargo would hold."
    ents = spans(text, ("Fargo", "GPE"), ("North Dakota", "GPE"))
    ents.append((text.index("Fargo Mayor"), text.index("Fargo Mayor") + 11, "ORG"))
    ents.sort()
    plain = find_places(text, ents, gazetteer=gaz)
    more = find_places(text, ents, gazetteer=gaz, repeats=True)
    assert [p.text for p in plain].count("Fargo") == 1
    fargos = [p for p in more if p.text == "Fargo"]
    assert len(fargos) == 3 and {p.admin1 for p in fargos} == {"North Dakota"}
    assert fargos[1].reason.startswith("same_name:")


# ---------------------------------------------------------------- geo_context

def _cand(gid: int, cc: str, a1: str | None, prec: str = "city") -> PlaceCandidate:
    return PlaceCandidate(geonameid=gid, name=str(gid), country=cc, admin1=a1, lat=0.0, lon=0.0,
                          precision=prec)  # type: ignore[arg-type]


def test_mention_mass_sums_to_one_per_level() -> None:
    cands = [_cand(1, "US", "GA"), _cand(2, "US", "FL"), _cand(3, "GE", None, "country")]
    m = geo_context.mention_mass(cands, [2.0, 1.0, 3.0])
    assert sum(m.country.values()) == pytest.approx(1.0)
    assert set(m.admin1) == {"US.GA", "US.FL"} and sum(m.admin1.values()) < 1.0


def test_context_bonus_ignores_own_mass() -> None:
    a = geo_context.mention_mass([_cand(1, "US", "GA")], [0.0])
    doc = geo_context.document_support([a])
    assert geo_context.context_bonus(_cand(1, "US", "GA"), a, doc) == 0.0
    b = geo_context.mention_mass([_cand(2, "US", "GA")], [0.0])
    doc2 = geo_context.document_support([a, b])
    assert geo_context.context_bonus(_cand(1, "US", "GA"), a, doc2) > 0.0


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=-20, max_value=20), min_size=1, max_size=20))
def test_mention_mass_is_a_distribution(scores: list[float]) -> None:
    cands = [_cand(i, "US" if i % 2 else "CA", str(i % 3)) for i in range(len(scores))]
    m = geo_context.mention_mass(cands, scores)
    assert sum(m.country.values()) == pytest.approx(1.0)
    assert all(0.0 <= v <= 1.0 + 1e-9 for v in m.admin1.values())


# ---------------------------------------------------------------- bench split

@given(st.integers(min_value=0, max_value=40))
def test_split_halves_partition(n: int) -> None:
    arts = [geo.Article(str(i)) for i in range(n)]
    dev, test = geo.split_articles(arts, "dev"), geo.split_articles(arts, "test")
    assert [a.text for a in dev + test] == [a.text for a in arts]
    assert len(dev) - len(test) in (0, 1)
    assert geo.split_articles(arts, "all") == arts


# ---------------------------------------------------------------- recall proposals (nested=True)

def test_nested_spans_take_leading_org_names_and_whole_person_entities() -> None:
    text = "The Kaduna Police Command said Zaria was calm. Officers from Lagos State Command came."
    ents = [(0, 25, "ORG"), (31, 36, "PERSON"), (61, 80, "ORG")]
    known = {"Kaduna", "Zaria", "Lagos", "Lagos State"}
    got = [t for _s, _e, t, _k in toponym_spans.nested_spans(text, ents, known.__contains__)]
    assert got == ["Kaduna", "Zaria", "Lagos State"]


def test_person_words_block_surnames() -> None:
    text = "Colonel Musa Kano spoke. Later Kano said the road was open."
    ents = [(8, 17, "PERSON"), (31, 35, "ORG")]
    assert "Kano" in toponym_spans.person_words(text, ents)


@given(st.text(alphabet="ABCDEFGHIJ abc,-—()\n", max_size=80))
def test_dateline_spans_are_inside_text(text: str) -> None:
    for s, e, name, kind in toponym_spans.dateline_spans(text):
        assert text[s:e] == name and kind == "dateline" and name.upper() == name


def test_nested_finds_dateline_and_org_town_near_other_places(gaz: Gazetteer) -> None:
    text = ("MAIDUGURI, Nigeria (Reuters) - Gunmen attacked Konduga overnight, "
            "the Borno Police Command said, and the Damboa Emirate Council confirmed it.")
    ents = [(11, 18, "GPE"), (47, 54, "GPE"), (70, 90, "ORG"), (105, 127, "ORG")]
    plain = {p.text for p in find_places(text, ents, gazetteer=gaz)}
    out = {p.text: p for p in find_places(text, ents, gazetteer=gaz, nested=True)}
    assert "MAIDUGURI" in out and out["MAIDUGURI"].country == "NG"
    assert "Borno" in out and "Damboa" in out and out["Damboa"].country == "NG"
    assert "Damboa" not in plain


def test_nested_rejects_far_away_namesakes(gaz: Gazetteer) -> None:
    text = "Gunmen attacked Konduga in Nigeria, the Paris Agency for Relief said."
    ents = [(16, 23, "GPE"), (27, 34, "GPE"), (36, 63, "ORG")]
    out = {p.text for p in find_places(text, ents, gazetteer=gaz, nested=True)}
    assert "Paris" not in out
