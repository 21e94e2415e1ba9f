"""Cross-article linking on pairs of invented reports of one event told the way two outlets would
(issue 16): a day vs. a weekday, a district vs. its city, different tolls."""
from __future__ import annotations

from sitroom import pipeline, xdoc
from sitroom.records import Document, PublishedDate

PAIRS = [
    # (text A, published A, text B, published B, same event?)
    (("On 14 March 2020, Taliban fighters attacked a police checkpoint in Dawlat Abad district, Balkh, "
     "killing 18 policemen."), "2020-03-15",
     ("Taliban insurgents stormed a police post in northern Balkh province on Saturday, killing 21 police "
     "officers, provincial officials said."), "2020-03-16", True),
    (("Suspected al-Shabaab militants killed three quarry workers in an attack near Mandera town on Tuesday, "
     "police said."), "2019-06-12",
     ("Three workers were shot dead at a quarry outside Mandera on June 11 by gunmen believed to be al-Shabaab "
     "fighters."), "2019-06-13", True),
    ("Gunmen killed 11 villagers in an attack on Banibangou in western Niger on March 3, officials said.",
     "2021-03-04",
     ("Last week, suspected jihadists raided the village of Banibangou in Tillaberi region, killing at least nine "
     "civilians, a local official said."), "2021-03-09", True),  # a day vs. a week
    ("Police fired tear gas at protesters in Kibera, Nairobi, on Wednesday, witnesses said.", "2023-07-13",
     "Police in Nairobi used tear gas to disperse opposition protesters on July 12, 2023.", "2023-07-14", True),
    ("Police fired tear gas at protesting traders in Kisumu on Monday, witnesses said.", "2018-03-06",
     "Police fired tear gas at protesting traders in Kisumu on Thursday, witnesses said.", "2018-03-09", False),
]


def _ids(a: str, pa: str, b: str, pb: str) -> tuple[set[str], set[str]]:
    docs = [Document("a", a, PublishedDate(pa, "published")), Document("b", b, PublishedDate(pb, "published"))]
    res = list(xdoc.assign_event_ids(pipeline.process(docs)))
    by = {r.document.id: {e.event_id for e in r.events} for r in res}
    return by["a"], by["b"]


def test_pairs_link_or_not() -> None:
    for a, pa, b, pb, same in PAIRS:
        ia, ib = _ids(a, pa, b, pb)
        assert ia and ib, (a, b)
        assert bool(ia & ib) == same, (a, b, ia, ib)


# ---- the ACLED pair bench (bench/xdoc_pairs.py) on invented coded rows; the real run is a floor in
# tests/quality_floors.json (acled-dev-pairs), skipped when ../shared/dev is absent

def _bench():  # type: ignore[no-untyped-def]
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import xdoc_pairs
    return xdoc_pairs


ROW = {"id": "T1", "event_date": "2019-06-11", "country": "Kenya", "admin1": "Mandera", "admin2": "Mandera East",
       "location": "Mandera", "actor1": "Al Shabaab", "inter1": 2, "actor2": "Civilians (Kenya)", "inter2": 7,
       "sub_event_type": "Attack", "fatalities": 3}


def test_retelling_is_deterministic_and_tells_the_coded_event() -> None:
    from datetime import date, timedelta
    xp = _bench()
    seen_dates, seen_places = set(), set()
    for i in range(40):
        row = {**ROW, "id": f"T{i}"}
        text, pub, how = xp.retell(row, fatal_stated=True)
        assert (text, pub, how) == xp.retell(row, fatal_stated=True)  # seeded per row id
        assert timedelta(0) < pub - date(2019, 6, 11) <= timedelta(days=6)
        kind = how.split(";")[0].split("=")[1]
        seen_dates.add(kind)
        seen_places.add(how.split(";")[1].split("=")[1])
        if kind == "weekday":
            assert "Tuesday" in text  # 11 June 2019 was a Tuesday
        assert "Mandera" in text and "killing" in text
    assert {"weekday", "month-day"} <= seen_dates and {"admin1", "admin2", "town+admin1"} <= seen_places
    assert "killing" not in xp.retell(ROW, fatal_stated=False)[0]  # a toll only where the note states one


def test_link_scores_counts_pairs() -> None:
    xp = _bench()
    ps = xp.PairSet(positives=[("a", "a~r"), ("b", "b~r")], negatives=[("a", "b", True), ("a", "c", False)],
                    event_of={"a": "a", "a~r": "a", "b": "b", "b~r": "b", "c": "c"}, retold={"a~r", "b~r"})
    ids = {"a": {"e1"}, "a~r": {"e1"}, "b": {"e2"}, "b~r": {"e3"}, "c": {"e1"}}
    r = xp.link_scores(ids, ps)
    assert (r["linked"], r["recall"]) == (1, 0.5)
    assert r["false_links"] == 2  # a-c and a~r-c share e1
    assert r["precision"] == 1 / 3
    assert (r["hard_negatives_linked"], r["negatives_linked"]) == (0, 1)


def test_verdict_names_the_rule_that_kept_two_documents_apart() -> None:
    from dataclasses import replace

    from sitroom.records import EventReport, ResolvedDate, ResolvedPlace, Span
    xp = _bench()
    text = "Gunmen shot dead two herders near the well"
    place = ResolvedPlace("Mandera", "KE", "Mandera", 3.94, 41.86, "city", "Mandera", 0, 7)
    day = ResolvedDate("2019-06-11", "2019-06-11", "day", "on Tuesday", "published")
    a = EventReport("", "a", "Violence against civilians", "Attack", "Al Shabaab", None, None, None, day, place, None,
                    (Span(0, len(text), text),))
    b = replace(a, doc_id="b")
    assert xp.verdict([a], [b]) == "linked"
    assert xp.verdict([a], [replace(b, event_type="Protests", sub_event_type="Peaceful protest")]) == "type family"
    assert xp.verdict([a], []) == "no report"
    # the closest pair decides: one report of b agrees, another does not
    assert xp.verdict([a], [replace(b, actor1="Military Forces of Kenya"), b]) == "linked"
