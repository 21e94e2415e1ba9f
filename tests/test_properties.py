"""Property tests for the parsers not covered elsewhere (tests/test_dates.py, test_numbers.py,
test_casualties.py and test_quotes.py cover dates, numbers and casualties on arbitrary text and quote spans
on a quote-heavy alphabet): places on arbitrary text with arbitrary entity spans, quote spans on arbitrary
unicode, publication dates from arbitrary metadata values, the API's query parsers on arbitrary parameters,
the CLI's date and --near parsers, and the whole ``sitroom.extract`` on arbitrary short text (few examples).
Each must never crash: a typed result, or a clear error of the documented kind."""
from __future__ import annotations

import click
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sitroom.api_query import ApiError, parse_event_filters, parse_paging
from sitroom.cli import _day_bound, parse_near
from sitroom.geo.gazetteer import Gazetteer
from sitroom.geo.places import find_places
from sitroom.ingest import read_published
from sitroom.quotes import QuoteSpan, find_quote_spans
from sitroom.records import DocumentResult, PublishedDate, ResolvedPlace

_LABELS = st.sampled_from(["GPE", "LOC", "FAC", "ORG", "PERSON", "NORP", "DATE", "", "gpe", "X" * 30])
_PLACEY = st.sampled_from([
    "Mosul", "Maiduguri", "Borno state", "Kharkiv", "Goma", "North Kivu", "Idlib", "the", "Sanaa", "Cauca",
    "near", "in", "district", "province", "of", "km", "north", "Tripoli", "Georgia", ",", ".", "\n", "Sagaing",
    "Kabul", "Mogadishu", "Aleppo", "village", "town", "al-", "Ras", "Deir ez-Zor", "Springfield",
])
_text_places = st.one_of(st.text(max_size=120), st.lists(_PLACEY, max_size=25).map(" ".join))


@st.composite
def text_and_ents(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    text = draw(_text_places)
    n = len(text)
    spans = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n), _LABELS), max_size=8))
    ents = sorted((min(a, b), max(a, b), lab) for a, b, lab in spans)
    return text, ents


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text_and_ents(), st.sampled_from([None, "IQ", "NG", "ua", "ZZ", ""]))
def test_find_places_on_arbitrary_text_and_spans(gaz: Gazetteer, te: tuple[str, list[tuple[int, int, str]]],
                                                 focus: str | None) -> None:
    text, ents = te
    found = find_places(text, ents, gazetteer=gaz, focus_country=focus or None)
    last = -1
    for p in found:
        assert isinstance(p, ResolvedPlace)
        assert 0 <= p.span_start < p.span_end <= len(text)
        assert text[p.span_start:p.span_end] == p.text
        assert p.span_start >= last  # text order, no overlaps
        last = p.span_end
        assert 0 < p.confidence <= 1
        if p.lat is not None:
            assert -90 <= p.lat <= 90 and p.lon is not None and -180 <= p.lon <= 180


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_quote_spans_on_arbitrary_unicode(text: str) -> None:
    spans = find_quote_spans(text)
    reach = -1
    for s in spans:
        assert isinstance(s, QuoteSpan)
        assert 0 <= s.open_at < s.start <= s.end <= len(text)
        assert s.close_at == -1 or s.end <= s.close_at < len(text)
        assert s.open_at >= reach
        reach = s.close_at if s.close_at >= 0 else s.end


_META = st.one_of(
    st.none(), st.text(max_size=40), st.integers(), st.floats(allow_nan=True), st.booleans(),
    st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(["2021-02-30", "2021-13-01", "0000-00-00", "9999-12-31", "2021-03-04T25:61:00Z",
                     "Tue, 02 Mar 2021 10:00:00 GMT", "March 3, 2021", "yesterday", "-1", "1e308", "２０２１-０３-０４"]))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), _META)
def test_read_published_from_any_metadata(text: str, meta: object) -> None:
    p = read_published(text, meta)
    assert isinstance(p, PublishedDate)
    assert p.basis in ("published", "inferred", "none")
    if p.date is not None:
        assert len(p.date) == 10 and p.date[4] == "-" and p.date[7] == "-"


_PARAM_NAMES = st.sampled_from(["since", "until", "type", "sub_type", "actor", "country", "near", "bbox",
                                "min_fatalities", "q", "background", "limit", "offset", "sort", "format"])
_PARAM_VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["2021", "2021-02", "2021-02-29", "2020-02-29", "1,2,3", "0,0,10", "91,0,1", "1,2,3,4",
                     "-180,-90,180,90", "nan,nan,nan", "inf,0,1", "1e400", "-0", "0", "1000", "1001", "NG",
                     "Nigeria", "Côte d'Ivoire", "Battles", "date", "-date", "1", "0"]))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_PARAM_NAMES, st.lists(_PARAM_VALUES, min_size=1, max_size=2), max_size=6))
def test_api_query_parsers_give_filters_or_a_400(params: dict[str, list[str]]) -> None:
    try:
        filters = parse_event_filters(params)
        paging = parse_paging(params)
    except ApiError as e:
        assert e.status == 400
        body = e.body()["error"]
        assert body["code"] and body["message"] and body["status"] == 400
        return
    assert isinstance(filters, dict) and isinstance(paging, dict)
    if filters.get("since") and filters.get("until"):
        assert filters["since"] <= filters["until"]
    if filters.get("near"):
        lat, lon, km = filters["near"]
        assert -90 <= lat <= 90 and -180 <= lon <= 180 and km >= 0


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=15), st.from_regex(r"\A\d{1,5}(-\d{1,3}(-\d{1,3})?)?\Z")), st.booleans())
def test_cli_day_bound(value: str, end: bool) -> None:
    try:
        out = _day_bound(value, end, "--since")
    except click.BadParameter as e:
        assert "--since" in str(e.param_hint) and e.format_message()
        return
    assert out is None or (len(out) == 10 and out[4] == "-")


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=25), st.from_regex(r"\A-?\d{1,3}(\.\d+)?,-?\d{1,3}(\.\d+)?(:\d{1,4}(km|mi)?)?\Z")))
def test_cli_parse_near(value: str) -> None:
    def resolve(name: str) -> tuple[float, float] | None:
        return (9.0, 8.0) if name == "Jos" else None

    try:
        lat, lon, km = parse_near(value, resolve)
    except click.ClickException as e:  # BadParameter is one
        assert e.format_message()
        return
    assert -90 <= lat <= 90 and -180 <= lon <= 180 and km >= 0


_WORDS = st.sampled_from([
    "Gunmen", "killed", "12", "people", "in", "Goma", "on", "Monday", ",", ".", "\"", "the army said",
    "Houthi", "rebels", "fired", "missiles", "at", "Marib", "\n\n", "at least", "dozens", "wounded", "police",
    "said", "“", "”", "(Reuters) -", "KABUL, Afghanistan", "March 3, 2021", "al-Shabaab", "bombed", "x" * 40,
    "\u202e", "\u0627\u0644\u0645\u0648\u0635\u0644", "\x00", "'", "according to", "officials",
])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(_WORDS, max_size=30).map(" ".join), st.text(max_size=60)),
       st.sampled_from([None, "2021-03-04"]))
def test_extract_whole_pipeline_on_short_text(text: str, published: str | None) -> None:
    import sitroom

    assume(text.strip())
    try:
        res = sitroom.extract(text, published=published)
    except ValueError as e:  # the documented error for a text the pipeline could not handle
        assert str(e)
        return
    assert isinstance(res, DocumentResult)
    for ev in res.events:
        assert ev.evidence
        for sp in ev.evidence:
            assert 0 <= sp.start <= sp.end <= len(text) and text[sp.start:sp.end] == sp.text
        if ev.fatalities is not None and ev.fatalities.low is not None and ev.fatalities.high is not None:
            assert ev.fatalities.low <= ev.fatalities.high
    for q in res.quotes:
        assert 0 <= q.start <= q.end <= len(text)
    for c in res.claims:
        assert c.start is None or 0 <= c.start <= c.end <= len(text)
