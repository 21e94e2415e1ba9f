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
