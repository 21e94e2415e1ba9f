"""Tests for sitroom.dates: phrase resolution, finding dates in text, anchors."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom import dates
from sitroom.dates import find_dates, intersect, overlaps, resolve_phrase
from sitroom.published import infer_published, read_dateline
from sitroom.records import PublishedDate, ResolvedDate

SUN = PublishedDate("2016-11-06", "published")  # a Sunday
NONE = PublishedDate(None, "none")

# phrase, start, end, precision, basis, past
CASES = [
    ("on Sunday", "2016-11-06", "2016-11-06", "day", "published", True),
    ("Monday night", "2016-10-31", "2016-10-31", "day", "published", True),
    ("on Saturday", "2016-11-05", "2016-11-05", "day", "published", True),
    ("last Sunday", "2016-10-30", "2016-10-30", "day", "published", True),
    ("next Tuesday", "2016-11-08", "2016-11-08", "day", "published", False),
    ("October 29", "2016-10-29", "2016-10-29", "day", "published", True),
    ("29 October", "2016-10-29", "2016-10-29", "day", "published", True),
    ("Oct. 29", "2016-10-29", "2016-10-29", "day", "published", True),
    ("October 29th", "2016-10-29", "2016-10-29", "day", "published", True),
    ("the 29th of October", "2016-10-29", "2016-10-29", "day", "published", True),
    ("December 12", "2015-12-12", "2015-12-12", "day", "published", True),
    ("October 29, 2016", "2016-10-29", "2016-10-29", "day", "absolute", True),
    ("29 October 2016", "2016-10-29", "2016-10-29", "day", "absolute", True),
    ("Sunday, October 30, 2016", "2016-10-30", "2016-10-30", "day", "absolute", True),
    ("2016-10-29", "2016-10-29", "2016-10-29", "day", "absolute", True),
    ("ON 21 OCTOBER 1989", "1989-10-21", "1989-10-21", "day", "absolute", True),
    ("In July", "2016-07-01", "2016-07-31", "month", "published", True),
    ("in November", "2016-11-01", "2016-11-06", "month", "published", True),
    ("In December", "2015-12-01", "2015-12-31", "month", "published", True),
    ("last December", "2015-12-01", "2015-12-31", "month", "published", True),
    ("last November", "2015-11-01", "2015-11-30", "month", "published", True),
    ("October 2016", "2016-10-01", "2016-10-31", "month", "absolute", True),
    ("Sept. 2014", "2014-09-01", "2014-09-30", "month", "absolute", True),
    ("this week", "2016-10-31", "2016-11-06", "week", "published", True),
    ("last week", "2016-10-24", "2016-10-30", "week", "published", True),
    ("next week", "2016-11-07", "2016-11-13", "week", "published", False),
    ("last month", "2016-10-01", "2016-10-31", "month", "published", True),
    ("this month", "2016-11-01", "2016-11-06", "month", "published", True),
    ("earlier this month", "2016-11-01", "2016-11-06", "month", "published", True),
    ("this year", "2016-01-01", "2016-11-06", "year", "published", True),
    ("last year", "2015-01-01", "2015-12-31", "year", "published", True),
    ("later this year", "2016-11-07", "2016-12-31", "year", "published", False),
    ("yesterday", "2016-11-05", "2016-11-05", "day", "published", True),
    ("overnight", "2016-11-05", "2016-11-06", "day", "published", True),
    ("today", "2016-11-06", "2016-11-06", "day", "published", True),
    ("tomorrow", "2016-11-07", "2016-11-07", "day", "published", False),
    ("the previous day", "2016-11-05", "2016-11-05", "day", "published", True),
    ("last weekend", "2016-10-29", "2016-10-30", "week", "published", True),
    ("over the weekend", "2016-11-05", "2016-11-06", "week", "published", True),
    ("in 2007", "2007-01-01", "2007-12-31", "year", "absolute", True),
    ("late October", "2016-10-21", "2016-10-31", "month", "published", True),
    ("early October", "2016-10-01", "2016-10-10", "month", "published", True),
    ("mid-October", "2016-10-11", "2016-10-20", "month", "published", True),
    ("late September 2014", "2014-09-21", "2014-09-30", "month", "absolute", True),
    ("early 2015", "2015-01-01", "2015-04-30", "season", "absolute", True),
    ("late 2015", "2015-09-01", "2015-12-31", "season", "absolute", True),
    ("mid-2015", "2015-05-01", "2015-08-31", "season", "absolute", True),
    ("the first half of 2016", "2016-01-01", "2016-06-30", "year", "absolute", True),
    ("the end of last year", "2015-09-01", "2015-12-31", "season", "published", True),
    ("between 2006 and 2008", "2006-01-01", "2008-12-31", "years", "absolute", True),
    ("2013-2014", "2013-01-01", "2014-12-31", "years", "absolute", True),
    ("over 2013-2014", "2013-01-01", "2014-12-31", "years", "absolute", True),
    ("2013–14", "2013-01-01", "2014-12-31", "years", "absolute", True),
    ("from 2006 to 2008", "2006-01-01", "2008-12-31", "years", "absolute", True),
    ("from October 2015 to July 2016", "2015-10-01", "2016-07-31", "years", "absolute", True),
    ("a decade ago", "2006-01-01", "2006-12-31", "year", "published", True),
    ("two years ago", "2014-01-01", "2014-12-31", "year", "published", True),
    ("six months ago", "2016-05-01", "2016-05-31", "month", "published", True),
    ("three weeks ago", "2016-10-13", "2016-10-19", "week", "published", True),
    ("three days ago", "2016-11-03", "2016-11-03", "day", "published", True),
    ("the past two weeks", "2016-10-23", "2016-11-06", "month", "published", True),
    ("in the summer of 2014", "2014-06-01", "2014-08-31", "season", "absolute", True),
    ("the winter of 2015", "2014-12-01", "2015-02-28", "season", "absolute", True),
    ("last summer", "2016-06-01", "2016-08-31", "season", "published", True),
    ("since 2014", "2014-01-01", "2016-11-06", "years", "published", True),
    ("since October", "2016-10-01", "2016-11-06", "season", "published", True),
    ("since the 1990s", "1990-01-01", "2016-11-06", "years", "published", True),
    ("after 2003", "2004-01-01", "2016-11-06", "years", "published", True),
    ("the 1990s", "1990-01-01", "1999-12-31", "years", "absolute", True),
    ("the late 1990s", "1996-01-01", "1999-12-31", "years", "absolute", True),
    ("the ’80s", "1980-01-01", "1989-12-31", "years", "absolute", True),
    ("by 2030", "2030-01-01", "2030-12-31", "year", "absolute", False),
    ("3-4 March 2021", "2021-03-03", "2021-03-04", "week", "absolute", False),
    ("October 29-31", "2016-10-29", "2016-10-31", "week", "published", True),
    ("May", "2016-05-01", "2016-05-31", "month", "published", True),
]


@pytest.mark.parametrize("phrase,start,end,precision,basis,past", CASES, ids=[c[0] for c in CASES])
def test_resolve_phrase_table(phrase: str, start: str, end: str, precision: str, basis: str, past: bool) -> None:
    r = resolve_phrase(phrase, SUN)
    assert r is not None
    assert (r.start, r.end, r.precision, r.basis, r.past) == (start, end, precision, basis, past)
    assert r.text in phrase


@pytest.mark.parametrize("phrase,text", [
    ("In July", "July"), ("On October 21", "October 21"), ("last December", "last December"),
    ("since October", "since October"), ("in the summer of 2014", "the summer of 2014"),
    ("during 2015", "2015"), ("between 2006 and 2008", "between 2006 and 2008"),
])
def test_phrase_text_drops_locating_preposition_only(phrase: str, text: str) -> None:
    r = resolve_phrase(phrase, SUN)
    assert r is not None and r.text == text


def test_resolve_phrase_span_start_offsets_the_phrase() -> None:
    r = resolve_phrase("On October 21", SUN, span_start=100)
    assert r is not None and (r.span_start, r.span_end) == (103, 113)
    r = resolve_phrase("On October 21", SUN)
    assert r is not None and (r.span_start, r.span_end) == (-1, -1)


@pytest.mark.parametrize("meta", ["2021-03-03T10:00:00Z", "Wed, 03 Mar 2021 10:00:00 +0000", "March 3, 2021"])
def test_metadata_style_dates(meta: str) -> None:
    r = resolve_phrase(meta, NONE)
    assert r is not None and (r.start, r.precision, r.basis) == ("2021-03-03", "day", "absolute")


def test_before_is_open_ended() -> None:
    r = resolve_phrase("before 2003", SUN)
    assert r is not None and (r.start, r.end, r.precision) == (None, "2002-12-31", "unknown")


def test_no_anchor_relative_is_unresolved_absolute_is_kept() -> None:
    r = resolve_phrase("last week", NONE)
    assert r is not None and (r.start, r.end, r.basis) == (None, None, "none")
    r = resolve_phrase("October 29, 2016", NONE)
    assert r is not None and (r.start, r.basis) == ("2016-10-29", "absolute")
    r = resolve_phrase("October 29", PublishedDate("not a date", "published"))
    assert r is not None and r.basis == "none"


def test_inferred_anchor_gives_inferred_basis_and_lower_confidence() -> None:
    pub = resolve_phrase("on Sunday", SUN)
    inf = resolve_phrase("on Sunday", PublishedDate("2016-11-06", "inferred"))
    assert pub is not None and inf is not None
    assert inf.basis == "inferred" and inf.start == pub.start and inf.confidence < pub.confidence


def test_day_without_year_goes_back_to_a_valid_year() -> None:
    r = resolve_phrase("February 29", PublishedDate("2017-03-01", "published"))
    assert r is not None and r.start == "2016-02-29"
    r = resolve_phrase("January 5", PublishedDate("2017-01-03", "published"))
    assert r is not None and r.start == "2016-01-05"
    assert resolve_phrase("February 30", SUN) is None


def test_not_a_date() -> None:
    for phrase in ("the fighters", "", "300 children", "World War II"):
        assert resolve_phrase(phrase, SUN) is None


FALSE_POSITIVES = [
    "The organisation may survive as an insurgency.",
    "In a rare 30-minute recording the leader spoke.",
    "They damaged the 850-year-old mosque.",
    "A plot to attack a 60,000-seat stadium was foiled.",
    "Some 2,400 fighters and 300 children were moved.",
    "Veterans of World War II remembered 9/11.",
    "Thousands joined the march on the capital.",
    "They will march again. The March elections were delayed.",
    "May God protect us, a resident said.",
    "Prime Minister Theresa May said the talks would go on.",
    "THE MILITIA MAY ATTACK THE TOWN.",
    "The March 23 Movement (M23) seized Goma.",
    "Protesters marked Bloody Sunday in Derry.",
    "Analysts compared it with the Arab Spring.",
    "The fall of Mosul shocked Baghdad.",
    "Raids in 2000 villages were reported.",
    "The unit of 1900 soldiers withdrew.",
    "Case number 12016 was closed.",
    "The 2016 elections were disputed.",
    "He paid $2015 in fines.",
    "a spring offensive in the hills",
    "Prices could fall in value.",
    "On the day before the raid nothing happened.",
    "The Sunday Times reported the raid.",
    "Spokeswoman June Okoro declined to comment.",
]


@pytest.mark.parametrize("text", FALSE_POSITIVES)
def test_false_positives_yield_no_date(text: str) -> None:
    assert find_dates(text, SUN) == []


WIRE = (
    "MAIDUGURI, Nigeria, March 3, 2021 (AP) — Boko Haram fighters attacked Dikwa on Monday night, "
    "killing at least 12 soldiers, the army said on Tuesday. The group may try again, officials warned. "
    "In January, ISWAP overran a base near Marte, and since 2014 more than 30,000 people have died. "
    "In Somalia, al-Shabaab claimed a bombing in Mogadishu on 28 February that killed 5 people; "
    "a similar attack took place in late 2019. Between 2006 and 2008 Ethiopian troops fought there."
)


def _found(text: str, anchor: PublishedDate) -> dict[str, ResolvedDate]:
    return {r.text: r for r in find_dates(text, anchor)}


def test_find_dates_wire_story() -> None:
    anchor = read_dateline(WIRE)
    assert anchor is not None and anchor.date == "2021-03-03"
    got = _found(WIRE, anchor)
    assert got["March 3, 2021"].basis == "absolute"
    assert (got["Monday night"].start, got["Tuesday"].start) == ("2021-03-01", "2021-03-02")
    assert (got["January"].start, got["January"].end) == ("2021-01-01", "2021-01-31")
    assert (got["since 2014"].start, got["since 2014"].end) == ("2014-01-01", "2021-03-03")
    assert got["28 February"].start == "2021-02-28"
    assert (got["late 2019"].start, got["late 2019"].end) == ("2019-09-01", "2019-12-31")
    assert got["Between 2006 and 2008"].precision == "years"
    assert len(got) == 8  # nothing from "may", "12 soldiers", "30,000", "5 people"


def test_find_dates_offsets_and_text() -> None:
    text = "Gunmen killed 9 villagers in Zamfara on Sunday. In July, troops retook the town."
    res = find_dates(text, SUN, offset=1000)
    assert [r.text for r in res] == ["Sunday", "July"]
    for r in res:
        assert text[r.span_start - 1000:r.span_end - 1000] == r.text


def test_find_dates_all_caps_muc_style() -> None:
    text = ("SAN SALVADOR, 21 OCT 89 -- ON 19 OCTOBER 1989 URBAN GUERRILLAS ATTACKED A POLICE POST. "
            "IN MAY THE FMLN HAD ANNOUNCED AN OFFENSIVE. THEY MAY ATTACK AGAIN LAST WEEK OF NOVEMBER.")
    got = _found(text, PublishedDate("1989-10-21", "published"))
    assert got["19 OCTOBER 1989"].start == "1989-10-19"
    assert got["MAY"].start == "1989-05-01"
    assert all(r.text != "MAY" or r.span_start < 110 for r in got.values())


def test_two_digit_year_only_before_punctuation() -> None:
    got = _found("ON 21 OCTOBER 89, REBELS ATTACKED. On 29 October 16 people died.",
                 PublishedDate("1990-01-05", "published"))
    assert got["21 OCTOBER 89"].start == "1989-10-21"
    assert got["29 October"].start == "1989-10-29"


def test_fall_is_a_season_only_in_date_context() -> None:
    got = _found("In the fall, troops left; the fall of 2014 was worse than the fall of Raqqa.", SUN)
    assert set(got) == {"the fall", "the fall of 2014"}
    assert got["the fall"].start == "2016-09-01"


def test_find_dates_unicode_punctuation() -> None:
    text = "Clashes in Idlib on Sunday’s eve — in 2013–2014 and the ’90s — left 40 dead."
    got = _found(text, SUN)
    assert got["Sunday’s"].start == "2016-11-06"
    assert got["2013–2014"].precision == "years"
    assert got["the ’90s"].start == "1990-01-01"


def test_bare_month_followed_by_a_verb_is_a_date() -> None:
    got = _found("July was the deadliest month in Kandahar.", SUN)
    assert (got["July"].start, got["July"].end) == ("2016-07-01", "2016-07-31")


def test_years_listed_after_a_year_keep_their_context() -> None:
    got = _found("Raids in 2006, 2007 and 2008 hit Kandahar.", SUN)
    assert set(got) == {"2006", "2007", "2008"}


def test_named_periods_with_day_numbers_are_not_dates() -> None:
    assert find_dates("The February 17 Revolution Brigade moved into Sirte.", SUN) == []


def test_infer_published_takes_latest_full_date() -> None:
    text = ("Fighters in Marawi, Philippines, June 3, 2017. The siege began on May 23, 2017, "
            "and in 2014 the group pledged allegiance.")
    pub = infer_published(text)
    assert (pub.date, pub.basis, pub.earliest, pub.latest) == ("2017-06-03", "inferred", "2017-06-03", "2017-07-03")
    assert pub.evidence == "June 3, 2017"


def test_infer_published_coarse_and_none() -> None:
    pub = infer_published("The offensive on Hodeidah began in June 2018 and stalled.")
    assert (pub.date, pub.basis, pub.earliest) == ("2018-06-30", "inferred", "2018-06-01")
    pub = infer_published("Clashes in 2015 killed 4 people.")
    assert (pub.date, pub.earliest, pub.latest) == ("2015-12-31", "2015-01-01", "2016-12-30")
    assert infer_published("Militants attacked a convoy on Sunday.") == PublishedDate(None, "none")
    pub = infer_published("The mission, extended until December 31, 2030, began on 4 May 2019.")
    assert pub.date == "2019-05-04"


@pytest.mark.parametrize("text,expected", [
    (" date 2017-07-22 As the offensive in the north slowed", "2017-07-22"),
    ("MAIDUGURI, Nigeria, March 3, 2021 (AP) — Gunmen", "2021-03-03"),
    ("KABUL, 14 August 2021 (Reuters) - The Taliban", "2021-08-14"),
    ("By Staff Writer | Published: 3 March 2021\nYemen", "2021-03-03"),
    ("Updated March 3, 2021 10:30 GMT\nText", "2021-03-03"),
    ("DEV-MUC3-0001 (NOSC)\n\nSAN SALVADOR, 3 JAN 90 (RADIO VENCEREMOS) -- [REPORT] THE FMLN", "1990-01-03"),
])
def test_read_dateline(text: str, expected: str) -> None:
    pub = read_dateline(text)
    assert pub is not None and pub.date == expected and pub.basis == "published" and pub.evidence


@pytest.mark.parametrize("text", [
    "BAGHDAD, Oct. 21 (Reuters) - Iraqi forces advanced.",
    "Fighting broke out in Goma. " * 20 + "Published: 3 March 2021",
    "The attack on 3 March 2021 killed ten people.",
])
def test_read_dateline_none(text: str) -> None:
    assert read_dateline(text) is None


def _rd(start: str | None, end: str | None, precision: str = "day", basis: str = "absolute") -> ResolvedDate:
    return ResolvedDate(start, end, precision, "x", basis)  # type: ignore[arg-type]


def test_overlaps_and_intersect() -> None:
    month = _rd("2016-10-01", "2016-10-31", "month", "published")
    day = _rd("2016-10-21", "2016-10-21")
    assert overlaps(month, day) and overlaps(day, month)
    assert not overlaps(day, _rd("2016-10-22", "2016-10-22"))
    assert not overlaps(day, _rd(None, None, "unknown", "none"))
    assert overlaps(_rd(None, "2016-10-21", "unknown"), day)
    i = intersect(month, _rd("2016-10-15", "2016-11-15", "month"))
    assert i is not None and (i.start, i.end, i.basis) == ("2016-10-15", "2016-10-31", "published")
    i = intersect(month, day)
    assert i is not None and (i.start, i.end, i.precision) == ("2016-10-21", "2016-10-21", "day")
    assert intersect(day, _rd("2016-11-01", "2016-11-30", "month")) is None


def test_data_file_is_versioned() -> None:
    data = json.loads((Path(dates.__file__).parent / "data" / "date_words.json").read_text("utf-8"))
    assert data["version"] >= 1
    assert set(data["months"].values()) == set(range(1, 13))
    assert set(data["weekdays"].values()) == set(range(7))


def test_large_text_gives_same_dates_per_copy() -> None:
    body = ("On October 21 militants attacked Kirkuk, and in July they struck Baghdad, killing 300 people. "
            "Officials said last week that 2,400 fighters remained, as they had since 2014. ") * 400
    res = find_dates(body, SUN)
    assert len(body.split()) > 10_000
    assert len(res) == 4 * 400
    assert all(body[r.span_start:r.span_end] == r.text for r in res)


# ------------------------------------------------------------------ properties

_WORDS = ["in", "on", "since", "last", "next", "this", "the", "early", "late", "mid-", "May", "march", "March",
          "October", "Oct.", "Sunday", "week", "month", "year", "years", "ago", "two", "a", "decade", "2014",
          "1990s", "29", "3", "21st", "of", "and", "-", "–", "’", ",", ".", "between", "from", "to", "summer",
          "fall", "today", "yesterday", "2013-14", "2016-10-29", "killed", "people", "300", "2,400", "\n"]
_texts = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join))
_anchors = st.one_of(st.just(NONE), st.dates(min_value=date(1, 1, 1)).map(
    lambda d: PublishedDate(d.isoformat(), "published")))


def _check(r: ResolvedDate, anchor: PublishedDate) -> None:
    if r.start and r.end:
        assert r.start <= r.end
    if anchor.date and r.past and r.end:
        assert r.end <= anchor.date
    if anchor.date is None and r.basis != "absolute":
        assert r.start is None and r.end is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts, _anchors)
def test_property_find_dates(text: str, anchor: PublishedDate) -> None:
    res = find_dates(text, anchor, offset=7)
    for r in res:
        assert 7 <= r.span_start < r.span_end <= len(text) + 7
        assert text[r.span_start - 7:r.span_end - 7] == r.text
        _check(r, anchor)


@settings(max_examples=150, deadline=None)
@given(_texts, _anchors)
def test_property_resolve_phrase_never_raises(text: str, anchor: PublishedDate) -> None:
    r = resolve_phrase(text, anchor)
    if r is not None:
        _check(r, anchor)
    infer_published(text)
    read_dateline(text)


def _scan_everywhere(text: str, a: date, strict: bool) -> list[tuple[int, int, str]]:
    """Oracle: try the combined pattern at every position, not just before trigger words."""
    low = text.translate(dates._LOWER)
    found: list = []
    pos = 0
    while (m := dates._RX.search(low, pos)) is not None:
        f = dates._at(text, low, m.start(), found, a, strict)
        if f is not None:
            found.append(f)
        pos = max(f.end, m.start() + 1) if f is not None else m.start() + 1
    return [(f.start, f.end, f.kind) for f in dates._overnight(
        text, dates._narrative(text, dates._merge_ranges(text, found), a), a)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join))
def test_property_trigger_scan_equals_full_scan(text: str) -> None:
    a = date(2016, 11, 6)
    fast = [(f.start, f.end, f.kind) for f in dates._scan(text, a, True)]
    assert fast == _scan_everywhere(text, a, True)


def test_overnight_is_the_night_before_but_not_an_adjective_or_a_lead_in() -> None:
    got = find_dates("Drones struck the port overnight, officials said.", SUN)
    assert [(d.text, d.start, d.end) for d in got] == [("overnight", "2016-11-05", "2016-11-06")]
    assert find_dates("The army imposed an overnight curfew.", SUN) == []
    got = find_dates("Militants attacked the post overnight on Saturday.", SUN)
    assert [d.text for d in got] == ["Saturday"]


def test_bare_months_take_the_year_the_text_is_on() -> None:
    from sitroom.dates import find_dates
    from sitroom.records import PublishedDate

    a = PublishedDate("2024-03-06", "published")

    def spans(text: str) -> list[tuple[str | None, str | None]]:
        return [(r.start, r.end) for r in find_dates(text, a)]

    # a month joined to a month with a year is in that year, and the two are one span
    assert spans("during the strikes of October and November 2021") == [("2021-10-01", "2021-11-30")]
    # "of that year": the year written before
    assert spans("The unrest began in 2017. Police fired on marchers in May and June of that year.")[-1] == (
        "2017-05-01", "2017-06-30")
    # narrative time: a bare month after an explicit month and year well before publication
    assert spans("In May 2016 rebels captured the town. The army retook it in August.")[-1] == (
        "2016-08-01", "2016-08-31")
    # but not after a bare year, nor after a recent date
    assert spans("In 2016 rebels captured the town. The army retook it in August.")[-1] == ("2023-08-01", "2023-08-31")
    assert spans("On March 1, 2024 rebels captured the town. In February the army had left it.")[-1] == (
        "2024-02-01", "2024-02-29")


def test_throughout_the_week_is_the_past_week() -> None:
    from sitroom.dates import find_dates
    from sitroom.records import PublishedDate

    a = PublishedDate("2018-09-10", "published")
    assert [(r.start, r.end) for r in find_dates("Clashes went on throughout the week.", a)] == [
        ("2018-09-03", "2018-09-10")]
    assert find_dates("in the week", a) == []


def test_overnight_and_the_night_of_span_two_days() -> None:
    from sitroom.dates import find_dates
    from sitroom.records import PublishedDate

    a = PublishedDate("2021-06-24", "published")

    def spans(text: str) -> list[tuple[str | None, str | None]]:
        return [(r.start, r.end) for r in find_dates(text, a)]

    assert spans("rebels shelled the town overnight on Saturday") == [("2021-06-19", "2021-06-20")]
    assert spans("fighting raged overnight into Sunday") == [("2021-06-19", "2021-06-20")]
    assert spans("on the night of 3 March") == [("2021-03-03", "2021-03-04")]
    assert spans("on Saturday night") == [("2021-06-19", "2021-06-19")]
    assert spans("overnight on Thursday") == [("2021-06-24", "2021-06-24")]  # not past the publication day


def test_day_without_year_in_a_guessed_window_stays_in_the_window() -> None:
    # publication guessed from a caption dated 3 May (it may be as late as 2 June): "on May 6" is
    # three days later in the same spring, not a year earlier; a weekday keeps the whole window
    guess = PublishedDate("2021-05-03", "inferred", "2021-05-03", "2021-06-02", "May 3, 2021")
    r = find_dates("On May 6, soldiers detained the mayor.", guess)[0]
    assert (r.start, r.end, r.basis) == ("2021-05-06", "2021-05-06", "inferred")
    r = find_dates("In May, soldiers detained the mayor.", guess)[0]
    assert (r.start, r.end) == ("2021-05-01", "2021-05-31")
    r = find_dates("On April 28, soldiers detained the mayor.", guess)[0]
    assert (r.start, r.end) == ("2021-04-28", "2021-04-28")
    r = find_dates("On Thursday, soldiers detained the mayor.", guess)[0]
    assert r.start is not None and r.end is not None and r.start < r.end
    # a day after the window's end is still read as last year's
    r = find_dates("On June 20, soldiers detained the mayor.", guess)[0]
    assert r.start is not None and r.end is not None and r.start <= "2020-06-20" <= r.end


@pytest.mark.parametrize("phrase,start", [
    ("on New Year's Day 2018", "2018-01-01"),
    ("on Christmas Eve", "2021-12-24"),
    ("on Christmas Day, 2019,", "2019-12-25"),
    ("on New Year’s Eve", "2021-12-31"),
    ("on Boxing Day", "2021-12-26"),
])
def test_fixed_holidays_are_days(phrase: str, start: str) -> None:
    r = find_dates(f"Gunmen attacked a church {phrase} in Jos.", PublishedDate("2022-05-11", "published"))
    assert [(x.start, x.end) for x in r] == [(start, start)]


def test_christmas_alone_is_not_a_day() -> None:
    assert find_dates("Christmas trees were sold in the market.", PublishedDate("2022-05-11", "published")) == []


def test_an_approximate_or_reported_day_is_the_day_plus_or_minus_three() -> None:
    # ACLED's time precision 2: "around 12 May", "on or about", "(as) reported on" a day
    from sitroom.dates import absolute_dates, find_dates
    from sitroom.records import PublishedDate

    a = PublishedDate("2021-06-24", "published")

    def spans(text: str) -> list[tuple[str | None, str | None, str]]:
        return [(r.start, r.end, r.precision) for r in find_dates(text, a)]

    week = ("2021-06-09", "2021-06-15", "week")
    assert spans("Around 12 June 2021, gunmen burned a school near the border.") == [week]
    assert spans("On or about June 12, gunmen burned a school.") == [week]
    assert spans("As reported on 12 June 2021, soldiers defected to the rebels.") == [week]
    assert spans("Reported on June 12, an air strike hit a depot.") == [week]
    assert spans("On June 12, gunmen burned a school.") == [("2021-06-12", "2021-06-12", "day")]
    assert spans("Around 300 people marched on June 12.") == [("2021-06-12", "2021-06-12", "day")]
    # the plain scan that publication dates are read from keeps the day
    assert [(p[2].isoformat(), p[4]) for p in absolute_dates("Around 12 June 2021, gunmen burned a school.")] == [
        ("2021-06-12", "day")]
