"""Fallback cues: a town written after a general place phrase is found and placed."""
from __future__ import annotations

import pytest


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


def test_a_bare_area_named_like_its_seat_town_takes_the_towns_point() -> None:
    """An admin1 area picked for a bare name is placed at the town of that name inside it (ACLED codes
    events known only by their area at the area's seat); an area with no such town keeps its point."""
    from sitroom.geo.gazetteer import get_gazetteer
    from sitroom.geo.places import _at_namesake_town

    g = get_gazetteer()
    area = next(c for c in g.lookup("Garissa") if c.precision == "admin1")
    town = next(c for c in g.lookup("Garissa") if c.precision == "city" and c.country == "KE")
    moved = _at_namesake_town(area, g)
    assert (moved.lat, moved.lon) == (town.lat, town.lon) and moved.precision == "admin1"
    lone = next(c for c in g.lookup("Borno") if c.precision == "admin1")
    assert _at_namesake_town(lone, g) == lone
