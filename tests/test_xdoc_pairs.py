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
