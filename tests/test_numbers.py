"""numbers: parse_number / find_numbers."""
from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.numbers import NumberValue, find_numbers, load_lexicon, parse_number

N = None
# phrase -> (low, best, high, approximate, unit)
PARSE_CASES = [
    ("27,000", (27000, 27000, 27000, False, N)),
    ("1.5 million", (1.5e6, 1.5e6, 1.5e6, False, N)),
    ("$3 billion", (3e9, 3e9, 3e9, False, "dollars")),
    ("US$1.2 billion", (1.2e9, 1.2e9, 1.2e9, False, "dollars")),
    ("$3bn", (3e9, 3e9, 3e9, False, "dollars")),
    ("1.2m", (1.2e6, 1.2e6, 1.2e6, False, N)),
    ("60,000-seat", (60000, 60000, 60000, False, "seat")),
    ("six", (6, 6, 6, False, N)),
    ("twenty-three", (23, 23, 23, False, N)),
    ("two hundred", (200, 200, 200, False, N)),
    ("two hundred and fifty", (250, 250, 250, False, N)),
    ("a dozen", (12, 12, 12, True, N)),
    ("three million", (3e6, 3e6, 3e6, False, N)),
    ("half a million", (5e5, 5e5, 5e5, False, N)),
    ("FORTY-FIVE", (45, 45, 45, False, N)),
    ("dozens", (24, 24, N, True, N)),
    ("scores of", (40, 40, N, True, N)),
    ("hundreds", (200, 200, N, True, N)),
    ("thousands", (2000, 2000, N, True, N)),
    ("tens of thousands", (20000, 20000, N, True, N)),
    ("hundreds of thousands", (200000, 200000, N, True, N)),
    ("several", (3, 3, N, True, N)),
    ("a few", (3, 3, N, True, N)),
    ("several hundred", (300, 300, N, True, N)),
    ("at least 12", (12, 12, N, False, N)),
    ("more than 12", (12, 12, N, False, N)),
    ("over 300", (300, 300, N, False, N)),
    ("upwards of 12", (12, 12, N, False, N)),
    ("12 or more", (12, 12, N, False, N)),
    ("up to 12", (N, 12, 12, False, N)),
    ("as many as 12", (N, 12, 12, False, N)),
    ("nearly 12", (N, 12, 12, True, N)),
    ("almost 2,000", (N, 2000, 2000, True, N)),
    ("fewer than 12", (N, 12, 12, False, N)),
    ("less than 12", (N, 12, 12, False, N)),
    ("about 12", (12, 12, 12, True, N)),
    ("around 12", (12, 12, 12, True, N)),
    ("some 12", (12, 12, 12, True, N)),
    ("approximately 12", (12, 12, 12, True, N)),
    ("roughly 12", (12, 12, 12, True, N)),
    ("an estimated 3,500", (3500, 3500, 3500, True, N)),
    ("12 to 15", (12, 12, 15, False, N)),
    ("12-15", (12, 12, 15, False, N)),
    ("12–15", (12, 12, 15, False, N)),
    ("between 12 and 15", (12, 12, 15, False, N)),
    ("from 12 to 15", (12, 12, 15, False, N)),
    ("two or three", (2, 2, 3, False, N)),
    ("10 to 15 million", (1e7, 1e7, 1.5e7, False, N)),
    ("between 20,000 and 30,000", (20000, 20000, 30000, False, N)),
    ("40 percent", (40, 40, 40, False, "percent")),
    ("40%", (40, 40, 40, False, "percent")),
    ("40 per cent", (40, 40, 40, False, "percent")),
    ("more than 60 percent", (60, 60, N, False, "percent")),
    ("one third", (1 / 3, 1 / 3, 1 / 3, False, "fraction")),
    ("two-thirds of", (2 / 3, 2 / 3, 2 / 3, False, "fraction")),
    ("one in five", (0.2, 0.2, 0.2, False, "fraction")),
    ("less than one third of its 300,000 residents", (N, 1 / 3, 1 / 3, False, "fraction")),
    ("30-minute", (30, 30, 30, False, "minute")),
    ("12 km", (12, 12, 12, False, "km")),
    ("2007", (2007, 2007, 2007, False, N)),
]


@pytest.mark.parametrize("phrase,expected", PARSE_CASES, ids=[c[0] for c in PARSE_CASES])
def test_parse_number(phrase: str, expected: tuple) -> None:
    v = parse_number(phrase)
    assert v is not None
    low, best, high, approx, unit = expected
    assert v.low == pytest.approx(low) if low is not None else v.low is None
    assert v.best == pytest.approx(best)
    assert v.high == pytest.approx(high) if high is not None else v.high is None
    assert v.approximate is approx
    assert v.unit == unit


# text -> the span texts found (in order)
FIND_CASES = [
    ("On October 21, 2016, Islamic State fighters attacked 3 villages near Kirkuk.", ["3"]),
    ("In 2007, more than 2,000 families fled; in October 2016 about 40 percent left.",
     ["more than 2,000", "about 40 percent"]),
    ("The 21st Brigade lost 12 soldiers at 3 p.m. on 5 March near Bakhmut.", ["12"]),
    ("UN Resolution 2254 passed. Route 1 was cut. AK-47 rifles, F-16 jets and COVID-19.", []),
    ("Fighting in the 1990s and the 2014-2016 war, and again in the 2015-16 season.", []),
    ("The death toll rose from 12 to 15 on Sunday.", ["12", "15"]),
    ("No one was killed. One of the attackers died at 10:30.", ["One"]),
    ("A 30-minute gunfight broke out at a 60,000-seat stadium in Mogadishu.", ["30", "60,000"]),
    ("Aid agencies say 1.2 million people in Tigray need food and $3bn is missing.",
     ["1.2 million", "$3bn"]),
    ("AL-SHABAAB FIGHTERS KILLED TWENTY-ONE PEOPLE ON 3 JANUARY 2019.", ["TWENTY-ONE"]),
    ("Tens of thousands fled Rakhine, while hundreds more crossed on 25 August.",
     ["Tens of thousands", "hundreds"]),
    ("A third attack hit the town; one in five homes was destroyed.", ["one in five"]),
]


@pytest.mark.parametrize("text,spans", FIND_CASES, ids=[c[0][:40] for c in FIND_CASES])
def test_find_numbers_spans(text: str, spans: list[str]) -> None:
    found = find_numbers(text)
    assert [v.text for v in found] == spans
    for v in found:
        assert text[v.start:v.end] == v.text


def test_find_numbers_offset_and_unit() -> None:
    text = "Officials said 2000 people were displaced in 2019."
    found = find_numbers(text, offset=500)
    assert [(v.text, v.start, v.unit) for v in found] == [("2000", 515, "people")]


def test_lexicon_versioned() -> None:
    raw = resources.files("sitroom").joinpath("data/casualty_words.json").read_text("utf-8")
    data = json.loads(raw)
    assert data["version"] == load_lexicon()["version"]
    for v in data["quantities"]["vague"]:
        assert v["value"] > 0


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_spans_consistent(text: str) -> None:
    for v in find_numbers(text, offset=7):
        assert isinstance(v, NumberValue)
        assert 7 <= v.start <= v.end <= len(text) + 7
        assert text[v.start - 7:v.end - 7] == v.text
        if v.low is not None and v.high is not None:
            assert v.low <= v.high
    parse_number(text)


_WORDS = st.sampled_from([
    "at least", "up to", "about", "between", "and", "to", "-", "or", "more", "than", "dozens",
    "hundreds", "of", "thousands", "12", "1,500", "3.5", "million", "two", "twenty-one", "hundred",
    "percent", "%", "people", "killed", "October", "2016", "a", "few", "nearly", "one", "third",
    "$", "bn", "in", ",", "."])


@settings(max_examples=120, deadline=None)
@given(st.lists(_WORDS, max_size=12))
def test_numberish_text_properties(words: list[str]) -> None:
    text = " ".join(words)
    for v in find_numbers(text):
        assert text[v.start:v.end] == v.text
        assert v.best is not None
        if v.low is not None and v.high is not None:
            assert v.low <= v.best <= v.high
