"""Fallback points: an admin area known only by name is placed where ACLED codes it."""
from __future__ import annotations

import math

import pytest

from sitroom.geo.gazetteer import Gazetteer


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize("area,cc", [("Kandahar", "AF"), ("Herat", "AF"), ("Nakuru", "KE")])
def test_admin1_named_after_its_seat_sits_at_the_town(gaz: Gazetteer, area: str, cc: str) -> None:
    prov = [c for c in gaz.lookup(f"{area} province") if c.country == cc] or \
        [c for c in gaz.lookup(area) if c.country == cc and c.precision == "admin1"]
    town = [c for c in gaz.lookup(area) if c.country == cc and c.precision == "city"]
    assert prov and town
    biggest = max(town, key=gaz.prior)
    assert _km((prov[0].lat, prov[0].lon), (biggest.lat, biggest.lon)) < 1.0


def test_admin1_without_a_namesake_town_keeps_its_area_point(gaz: Gazetteer) -> None:
    # Helmand has no town called Helmand: its point stays inside the province, away from its seat
    prov = [c for c in gaz.lookup("Helmand") if c.country == "AF" and c.precision == "admin1"]
    seat = [c for c in gaz.lookup("Lashkar Gah") if c.country == "AF"]
    assert prov and seat
    assert _km((prov[0].lat, prov[0].lon), (seat[0].lat, seat[0].lon)) > 1.0


def test_every_area_with_a_namesake_town_shares_a_town_point(gaz: Gazetteer) -> None:
    # the rule holds across the index, not only for the examples above
    checked = 0
    for name in ("Kandahar", "Herat", "Ghazni", "Kunduz", "Nakuru", "Kisumu"):
        towns = [c for c in gaz.lookup(name) if c.precision == "city"]
        for area in (c for c in gaz.lookup(name) if c.precision in ("admin1", "admin2")):
            mine = [t for t in towns if t.country == area.country and t.admin1 == area.admin1]
            if mine:
                checked += 1
                assert any(_km((area.lat, area.lon), (t.lat, t.lon)) < 1.0 for t in mine), area
    assert checked >= 4


@pytest.mark.parametrize("sentence,town,cc", [
    ("On 4 May, a crowd of angry shopkeepers filled the streets of Kidal, protesting new taxes.", "Kidal", "ML"),
    ("On 4 May, gunmen shot dead a money changer at the market of Bunia.", "Bunia", "CD"),
])
def test_streets_and_market_of_a_town_place_the_event_there(sentence: str, town: str, cc: str) -> None:
    from sitroom import pipeline
    from sitroom.records import Document

    r = next(iter(pipeline.process([Document(id="fallback-cue", text=sentence)])))
    locs = [e.location for e in r.events if e.location is not None]
    assert locs and locs[0].country == cc and locs[0].name == town
