"""Within-article event coreference and aggregates (issue 16): invented text only."""
from __future__ import annotations

from sitroom import pipeline

LEAD = ("A suicide bomber blew himself up at a crowded bus station in Kano on Tuesday evening, killing at least "
        "14 people, police said.\n\n"
        "No one has yet claimed the bombing, but suspicion fell on Boko Haram.\n\n"
        "The death toll rose to 21 on Wednesday, a day after the attack, as several of the wounded died in hospital.\n\n"
        "Authorities gave no motive for Tuesday's blast. The bombing led the governor to cut short a visit to Abuja.\n\n"
        "It was the deadliest attack in the city since 2014.\n\n"
        "The insurgency in the northeast has killed more than 30,000 people since 2009.\n\n"
        "Analysts suspect the militants used a new kind of explosive.")


def test_re_mentions_fold_into_one_event() -> None:
    r = pipeline.extract_text(LEAD, "2019-03-07")
    assert len(r.events) == 1
    e = r.events[0]
    assert e.location is not None and e.location.name == "Kano"
    # the day of the attack, not of the toll update
    assert e.date is not None and (e.date.start, e.date.end) == ("2019-03-05", "2019-03-05")
    assert e.fatalities is not None and (e.fatalities.low, e.fatalities.best, e.fatalities.high) == (14, 21, 21)
    # evidence offsets still point into the document
    for ev in e.evidence:
        assert LEAD[ev.start:ev.end] == ev.text


def test_distinct_events_stay_apart() -> None:
    text = ("Gunmen killed six villagers in an attack on Tsafe in Zamfara State on Saturday, residents said.\n\n"
            "In a separate attack on Sunday, bandits abducted 20 people from a village near Gusau.\n\n"
            "The attack in Tsafe was the third in the area this month.")
    r = pipeline.extract_text(text, "2023-02-21")
    assert sorted((e.location.name if e.location else "", e.date.start if e.date else "") for e in r.events) == [
        ("Gusau", "2023-02-19"), ("Tsafe", "2023-02-18")]


def test_a_later_clause_is_not_a_re_mention() -> None:
    text = ("Militants attacked an army post near Tera on Sunday, killing four soldiers, the army said.\n\n"
            "The attack came two days after a car bomb exploded at a checkpoint in Ouallam, killing three soldiers.")
    r = pipeline.extract_text(text, "2021-03-16")
    places = {e.location.name for e in r.events if e.location}
    assert any("T" in p and "ra" in p for p in places) and "Ouallam" in places


def test_aggregate_is_not_an_event() -> None:
    text = ("The conflict has forced more than 600,000 people from their homes in North Kivu since 2021, "
            "the UN says. Fighting has killed thousands of people in Ituri over the past five years.")
    assert pipeline.extract_text(text, "2023-02-20").events == ()


def test_undated_brief_takes_its_date_line() -> None:
    r = pipeline.extract_text("Gunmen killed two herders near Isiolo town, police said.", "2014-05-20")
    assert [(e.date.start, e.date.end) for e in r.events if e.date] == [("2014-05-20", "2014-05-20")]
    long_text = "Gunmen killed two herders near Isiolo town, police said.\n\n" + "Residents fled the area. " * 30
    r = pipeline.extract_text(long_text, "2014-05-20")
    assert all(e.date is None or e.date.start != e.date.end for e in r.events)


def test_earlier_event_is_background() -> None:
    text = ("Four police officers were killed on Friday when their vehicle hit a bomb near El Wak in Mandera "
            "County, police said.\n\nIn January, militants killed three teachers at a school in Garissa County.")
    r = pipeline.extract_text(text, "2020-03-07")
    flags = {e.location.name: e.background for e in r.events if e.location}
    assert flags.get("El Wak") is False and flags.get("Garissa") is True


def test_pronoun_subject_elaborates_the_event_told() -> None:
    text = ("Russian missiles struck Kharkiv on Monday morning, killing three people, the regional governor said. "
            "One struck a dormitory in the city, wounding five students.")
    r = pipeline.extract_text(text, "2023-01-17")
    assert len([e for e in r.events if e.event_type == "Explosions/Remote violence"]) == 1
