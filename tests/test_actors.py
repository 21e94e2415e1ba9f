"""Actor normalisation: aliases, demonyms, generic forces and populations."""
from __future__ import annotations

import json
from importlib import resources

import pytest

from sitroom import actors
from sitroom.nlp import get_nlp


def canon(text: str, focus: str | None = None) -> list[tuple[str, str]]:
    doc = get_nlp()(text)
    return [(a.canonical, a.text) for a in actors.find_actors(doc, focus_country=focus)]


def test_data_files_are_versioned_and_consistent() -> None:
    data = json.loads(resources.files("sitroom.data").joinpath("actors.json").read_text())
    assert isinstance(data["version"], int)
    seen: dict[str, str] = {}
    for entry in data["named"]:
        assert entry["canonical"] and entry["kind"]
        for alias in entry["aliases"]:
            # one alias must not point at two different actors
            assert seen.setdefault(alias, entry["canonical"]) == entry["canonical"], alias
    countries = json.loads(resources.files("sitroom.data").joinpath("countries.json").read_text())
    assert countries["countries"]["IQ"]["name"] == "Iraq"


@pytest.mark.parametrize("text,expected", [
    ("Daesh fighters attacked the village.", "Islamic State"),
    ("ISWAP claimed the raid on Monday.", "Islamic State West Africa Province"),
    ("Al-Shabab militants stormed the hotel.", "Al Shabaab"),
    ("Houthi forces shelled the port.", "Ansar Allah"),
])
def test_named_aliases(text: str, expected: str) -> None:
    assert expected in [c for c, _ in canon(text)]


def test_demonym_forces_and_focus_country() -> None:
    found = dict(canon("Nigerian troops repelled the assault while the police sealed off the area.", focus="NG"))
    assert "Military Forces of Nigeria" in found
    assert "Police Forces of Nigeria" in found


def test_population_nouns_take_the_focus_country() -> None:
    assert ("Civilians (Mali)", "villagers") in canon("Gunmen killed 12 villagers.", focus="ML")


def test_acronym_countries_need_capitals() -> None:
    assert actors.country_of_word("US") == "US"
    assert actors.country_of_word("us") is None
    assert actors.country_of_word("car") is None
    assert actors.country_of_word("Iraqi") == "IQ"


def test_ministry_of_interior_is_police() -> None:
    assert ("Police Forces of Kenya", "Kenyan Ministry of Interior") in canon(
        "The Kenyan Ministry of Interior said it had arrested four suspects.")


def test_is_as_verb_is_not_islamic_state() -> None:
    assert all(c != "Islamic State" for c, _ in canon("The situation IS difficult, officials said."))


def test_a_dateline_is_not_part_of_a_state_force_mention() -> None:
    doc = get_nlp()("MOSCOW, April 29 - Russian forces struck targets in Kharkiv on Thursday.")
    found = [a for a in actors.find_actors(doc, focus_country=None) if a.canonical == "Military Forces of Russia"]
    assert found and found[0].text == "Russian forces"
    assert doc.text[found[0].span_start:found[0].span_end] == "Russian forces"
