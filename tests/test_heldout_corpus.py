"""Validation of the held-out evaluation corpora in tests/heldout/ and tests/heldout2/.

The held-out corpora are for measuring the extractor, never for tuning it: these
tests only check that each gold file is well formed and consistent with its
texts (they never run the extractor). tests/heldout2/ is the fresher of the two:
its gold was written before the extractor was ever run on its texts. Every check
runs for both directories.
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pycountry
import pytest

HERE = Path(__file__).parent
CORPORA = ("heldout", "heldout2")

# ACLED taxonomy, copied from the record contract (spec/records.md).
ACLED_PAIRS: dict[str, frozenset[str]] = {
    "Battles": frozenset({
        "Armed clash", "Government regains territory", "Non-state actor overtakes territory"}),
    "Explosions/Remote violence": frozenset({
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade"}),
    "Violence against civilians": frozenset({
        "Sexual violence", "Attack", "Abduction/forced disappearance"}),
    "Protests": frozenset({
        "Peaceful protest", "Protest with intervention", "Excessive force against protesters"}),
    "Riots": frozenset({"Violent demonstration", "Mob violence"}),
    "Strategic developments": frozenset({
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other"}),
}

EVENT_KEYS = {"event_type", "sub_event_type", "actor1", "actor2", "location", "date",
              "fatalities", "event_key", "optional", "evidence"}
LEADING_DATE = re.compile(r"\Adate (\d{4}-\d{2}-\d{2})\s*\n")
MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")
DATELINE = re.compile(r"^[A-Z'][A-Z' -]+,[^\n]{0,40}?\b(" + "|".join(MONTHS) + r")\w*\.? (\d{1,2}), (\d{4}) \(", re.M)


def _load_gold(corpus: str) -> dict[str, Any]:
    with (HERE / corpus / "gold.json").open(encoding="utf-8") as fh:
        return json.load(fh)


GOLDS: dict[str, dict[str, Any]] = {c: _load_gold(c) for c in CORPORA}
DOC_PARAMS = [pytest.param(c, d["doc_id"], id=f"{c}/{d['doc_id']}")
              for c in CORPORA for d in GOLDS[c]["documents"]]


def _docs(corpus: str) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = GOLDS[corpus]["documents"]
    return docs


def _doc_ids(corpus: str) -> list[str]:
    return [d["doc_id"] for d in _docs(corpus)]


def _doc(corpus: str, doc_id: str) -> dict[str, Any]:
    return _docs(corpus)[_doc_ids(corpus).index(doc_id)]


def _text(corpus: str, doc_id: str) -> str:
    return (HERE / corpus / f"{doc_id}.txt").read_text(encoding="utf-8")


def _day(value: Any) -> date:
    assert isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value
    return date.fromisoformat(value)


def _interval(obj: dict[str, Any]) -> tuple[date, date]:
    assert set(obj) == {"start", "end"}, obj
    start, end = _day(obj["start"]), _day(obj["end"])
    assert start <= end, obj
    return start, end


def _alias_list(value: Any) -> None:
    assert isinstance(value, list) and value, value
    assert all(isinstance(a, str) and a.strip() for a in value), value
    assert len(set(value)) == len(value), f"duplicate aliases in {value}"


def _latest_publication(doc: dict[str, Any]) -> date:
    if doc["published"] is not None:
        return _day(doc["published"])
    return _interval(doc["published_estimate"])[1]


@pytest.mark.parametrize("corpus", CORPORA)
def test_gold_top_level(corpus: str) -> None:
    gold, ids = GOLDS[corpus], _doc_ids(corpus)
    assert isinstance(gold.get("version"), str)
    assert isinstance(gold["documents"], list) and len(ids) >= 10
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("corpus", CORPORA)
def test_doc_ids_match_files(corpus: str) -> None:
    ids = _doc_ids(corpus)
    files = {p.stem for p in (HERE / corpus).glob("*.txt")}
    assert files == set(ids)
    for doc_id in ids:
        assert re.fullmatch(r"[a-z]{2}_[a-z0-9_]+", doc_id), doc_id


def test_corpora_do_not_share_documents() -> None:
    seen: set[str] = set()
    for corpus in CORPORA:
        ids = set(_doc_ids(corpus))
        assert not ids & seen, ids & seen
        seen |= ids


@pytest.mark.parametrize("corpus", CORPORA)
def test_event_keys_unique_across_corpus(corpus: str) -> None:
    keys = [e["event_key"] for d in _docs(corpus) for e in d["events"]]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("corpus", CORPORA)
def test_every_event_type_is_covered_by_core_events(corpus: str) -> None:
    core_types = {e["event_type"] for d in _docs(corpus) for e in d["events"] if not e["optional"]}
    assert core_types == set(ACLED_PAIRS)


@pytest.mark.parametrize("corpus", CORPORA)
def test_publication_styles_are_mixed(corpus: str) -> None:
    docs = _docs(corpus)
    undated = [d for d in docs if d["published"] is None]
    leading = [d for d in docs if LEADING_DATE.match(_text(corpus, d["doc_id"]))]
    datelined = [d for d in docs if DATELINE.search(_text(corpus, d["doc_id"]))]
    assert len(undated) >= 2 and len(leading) >= 3 and len(datelined) >= 3


@pytest.mark.parametrize(("corpus", "doc_id"), DOC_PARAMS)
def test_document_text_and_publication(corpus: str, doc_id: str) -> None:
    doc = _doc(corpus, doc_id)
    text = _text(corpus, doc_id)
    assert 400 <= len(text.split()) <= 900
    lead = LEADING_DATE.match(text)
    if doc["published"] is None:
        assert lead is None and DATELINE.search(text) is None
        start, end = _interval(doc["published_estimate"])
        # the only date is a photo caption near the end
        assert start.strftime("%Y") in text[-400:]
    else:
        published = _day(doc["published"])
        assert "published_estimate" not in doc
        if lead:
            assert _day(lead.group(1)) == published
        else:
            m = DATELINE.search(text)
            assert m is not None, "a dated document needs a date line or a dateline"
            assert int(m.group(3)) == published.year and int(m.group(2)) == published.day


@pytest.mark.parametrize(("corpus", "doc_id"), DOC_PARAMS)
def test_events_are_well_formed(corpus: str, doc_id: str) -> None:
    doc = _doc(corpus, doc_id)
    text = _text(corpus, doc_id)
    latest = _latest_publication(doc)
    core = [e for e in doc["events"] if not e["optional"]]
    assert 2 <= len(core) <= 5
    for ev in doc["events"]:
        assert set(ev) == EVENT_KEYS, ev.get("event_key")
        subs = ACLED_PAIRS[ev["event_type"]]
        assert isinstance(ev["sub_event_type"], list) and ev["sub_event_type"]
        assert set(ev["sub_event_type"]) <= subs, ev["sub_event_type"]
        _alias_list(ev["actor1"])
        if ev["actor2"] is not None:
            _alias_list(ev["actor2"])
        assert isinstance(ev["optional"], bool)
        assert isinstance(ev["event_key"], str) and ev["event_key"]
        assert isinstance(ev["evidence"], str) and ev["evidence"] in text, ev["evidence"]
        if ev["date"] is not None:
            start, end = _interval(ev["date"])
            assert start <= latest, ev["event_key"]
        elif not ev["optional"]:
            pytest.fail(f"core event without a date: {ev['event_key']}")
        _check_location(ev["location"], optional=ev["optional"])
        _check_count(ev["fatalities"])


def _check_location(loc: Any, optional: bool) -> None:
    if loc is None:
        assert optional, "only optional events may be unplaced"
        return
    assert isinstance(loc["name"], str) and loc["name"]
    assert pycountry.countries.get(alpha_2=loc["country"]) is not None, loc
    if loc.get("scope") == "country":
        assert set(loc) == {"name", "country", "scope"}
        return
    assert set(loc) == {"name", "country", "lat", "lon", "tolerance_km"}, loc
    assert -90.0 <= loc["lat"] <= 90.0 and -180.0 <= loc["lon"] <= 180.0, loc
    assert 0 < loc["tolerance_km"] <= 200, loc


def _check_count(value: Any) -> None:
    if value is None:
        return
    assert set(value) == {"low", "high"}, value
    low, high = value["low"], value["high"]
    assert low is not None or high is not None, value
    for n in (low, high):
        assert n is None or (isinstance(n, int) and not isinstance(n, bool) and n >= 0), value
    if low is not None and high is not None:
        assert low <= high, value


@pytest.mark.parametrize(("corpus", "doc_id"), DOC_PARAMS)
def test_quotes_are_direct_and_present(corpus: str, doc_id: str) -> None:
    doc = _doc(corpus, doc_id)
    text = _text(corpus, doc_id)
    assert doc["quotes"], "every document has at least one quote"
    for q in doc["quotes"]:
        assert set(q) == {"speaker", "text"}
        _alias_list(q["speaker"])
        assert q["text"] and q["text"] in text, q["text"]
        # direct quotes only: the text sits between quotation marks
        assert f'"{q["text"]}"' in text, q["text"]


@pytest.mark.parametrize(("corpus", "doc_id"), DOC_PARAMS)
def test_claims_are_well_formed(corpus: str, doc_id: str) -> None:
    doc = _doc(corpus, doc_id)
    assert doc["claims"], "every document has at least one claim"
    for cl in doc["claims"]:
        assert set(cl) == {"value", "source", "subject"}
        _check_count(cl["value"])
        if cl["source"] is not None:
            _alias_list(cl["source"])
        assert isinstance(cl["subject"], str) and cl["subject"].strip()
