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


# --- round 3: the news page as it really comes (sequence dates, statement days, claims, retellings) ---

def _by_place(r: pipeline.DocumentResult) -> dict[str, tuple[str | None, str | None]]:
    return {e.location.name: (e.date.start, e.date.end) for e in r.events if e.location and e.date}


def test_the_next_day_counts_once_for_all_triggers_of_its_sentence() -> None:
    text = ("Rebels abducted 12 people from a village near Bossangoa on Sunday, a local official said.\n\n"
            "The next day a landmine struck a police truck near Bouar, killing two officers and wounding five.")
    r = pipeline.extract_text(text, "2022-04-13")
    bouar = [e for e in r.events if e.location and e.location.name == "Bouar"]
    assert len(bouar) == 1  # one telling, not a bombing, a strike and a killing on three days
    assert bouar[0].date is not None and (bouar[0].date.start, bouar[0].date.end) == ("2022-04-11", "2022-04-11")


def test_counted_days_after_and_later() -> None:
    text = ("Bandits attacked a cattle market in Zaria on Friday, killing nine traders, police said.\n\n"
            "Four days later, soldiers killed 11 bandits in a forest near Birnin Gwari, the army said.")
    assert _by_place(pipeline.extract_text(text, "2021-06-30")).get("Birnin Gwari") == ("2021-06-29", "2021-06-29")
    text = ("Militants killed six soldiers in an ambush near Diffa on Sunday, the army said.\n\n"
            "The ambush came three days after a car bomb exploded at a checkpoint in Maradi, killing two guards.")
    assert _by_place(pipeline.extract_text(text, "2021-06-30")).get("Maradi") == ("2021-06-24", "2021-06-24")


def test_the_day_of_a_statement_does_not_date_a_retelling() -> None:
    text = ("Insurgents killed eight soldiers in an attack on an army base near Diffa on Saturday, officials said.\n\n"
            "Dozens of fighters on pickup trucks stormed the base before dawn, the defence ministry said in a "
            "statement read on state radio on Monday.")
    r = pipeline.extract_text(text, "2021-11-09")
    assert len(r.events) == 1
    e = r.events[0]
    assert e.date is not None and (e.date.start, e.date.end) == ("2021-11-06", "2021-11-06")


def test_overnight_counts_from_the_day_the_statement_was_made() -> None:
    text = "The air force said on Thursday that its jets had struck a rebel camp near Kidal overnight."
    r = pipeline.extract_text(text, "2020-02-08")
    assert [(e.date.start, e.date.end) for e in r.events if e.date] == [("2020-02-05", "2020-02-06")]


def test_a_claim_joins_the_attack_it_claims() -> None:
    text = ("Armed men raided a police post in Mandera on Monday, killing three officers, police said.\n\n"
            "Al Shabaab claimed the attack on Tuesday in a message on its radio station, saying its fighters "
            "had killed 12 policemen.")
    r = pipeline.extract_text(text, "2019-07-10")
    assert len(r.events) == 1
    e = r.events[0]
    assert e.date is not None and e.date.start == "2019-07-08"
    assert e.fatalities is not None and e.fatalities.low == 3  # the group's count is a claim, not the toll


def test_claiming_another_attack_is_another_event() -> None:
    text = ("Armed men raided a police post in Mandera on Monday, killing three officers, police said.\n\n"
            "The group claimed an attack in March last year near Garissa in which nine people died.")
    r = pipeline.extract_text(text, "2019-07-10")
    assert len(r.events) == 2


def test_a_count_over_a_year_is_a_statistic() -> None:
    text = ("According to a monitoring group, 210 people were killed in communal violence in Plateau State in 2022. "
            "Police said 38 weapons caches were seized across the country in the first half of 2023.")
    assert pipeline.extract_text(text, "2023-09-01").events == ()


def test_a_long_campaign_is_not_an_event() -> None:
    text = "The army has fought the rebels in the forests along the border for almost a decade."
    assert pipeline.extract_text(text, "2023-09-01").events == ()


def test_a_consequence_is_no_new_event() -> None:
    text = ("Militants attacked an army camp near Gao on Sunday, killing five soldiers, the army said.\n\n"
            "The fighting has raised fears in Bamako that the truce will not hold.")
    r = pipeline.extract_text(text, "2022-05-03")
    assert len(r.events) == 1 and r.events[0].location is not None and r.events[0].location.name == "Gao"


def test_a_roundup_town_is_told_on_the_lead_day() -> None:
    text = ("Police fired tear gas at thousands of protesters in Accra on Tuesday as anger over fuel prices grew.\n\n"
            "In Kumasi, the second city, police arrested 30 demonstrators who had blocked a highway, a police "
            "spokesman said.")
    assert _by_place(pipeline.extract_text(text, "2022-11-03")).get("Kumasi") == ("2022-11-01", "2022-11-01")


def test_an_event_months_before_told_as_a_time_is_not_reported() -> None:
    text = ("Eight months after rebels overran the garrison town of Kidal, talks drag on. "
            "A week after the vote, gunmen attacked a polling station in Kano, killing two officials.")
    r = pipeline.extract_text(text, "2023-03-02")
    assert [e.location.name for e in r.events if e.location] == ["Kano"]


def test_the_course_of_an_event_joins_it() -> None:
    text = ("In April 2016 rebels laid siege to the town of Kidal, killing dozens of soldiers.\n\n"
            "The siege lasted until September after France sent troops, and killed more than 400 people.")
    r = pipeline.extract_text(text, "2020-05-05")
    assert len(r.events) == 1 and r.events[0].date is not None and r.events[0].date.start == "2016-04-01"


def test_one_of_a_salvo_takes_the_salvo_date() -> None:
    text = ("Overnight, rebels fired a salvo of rockets at Goma, the army said. Most were intercepted. "
            "One struck a school in the city centre, wounding three children, the mayor said.")
    r = pipeline.extract_text(text, "2024-02-07")
    assert all(e.date is not None and (e.date.start, e.date.end) == ("2024-02-06", "2024-02-07") for e in r.events)
    assert r.events


def test_said_on_monday_it_had_is_the_statement_day() -> None:
    text = ("Gunmen killed four farmers near Kaduna on Friday, residents said.\n\n"
            "The army said on Monday it had arrested 12 suspects during raids on forest camps near Kaduna over the "
            "weekend.")
    r = pipeline.extract_text(text, "2022-10-11")
    arrests = [e for e in r.events if e.sub_event_type == "Arrests"]
    assert arrests and all(e.date is not None and e.date.start == "2022-10-08" for e in arrests)



def _tok(sentence: str, word: str):  # type: ignore[no-untyped-def]
    from sitroom.nlp import get_nlp
    doc = get_nlp()(sentence)
    return doc, next(t for t in doc if t.text == word)


def test_no_evidence_of_an_event_denies_it() -> None:
    from sitroom.coref import _no_evidence_of
    _, tok = _tok("Officials said there was no evidence of a kidnapping attempt.", "kidnapping")
    assert _no_evidence_of(tok)
    _, tok = _tok("Officials said there was evidence of a kidnapping attempt.", "kidnapping")
    assert not _no_evidence_of(tok)


def test_claims_and_retellings_are_read_from_the_parse() -> None:
    from sitroom.coref import claimed, retold
    _, tok = _tok("The group claimed the attack on Monday, saying it had killed 11 soldiers.", "killed")
    assert claimed(tok)
    _, tok = _tok("The group claimed an attack in March near Garissa in which nine people were killed.", "killed")
    assert not claimed(tok)
    _, tok = _tok("The rebel group said its fighters had killed 14 soldiers.", "killed")
    assert claimed(tok)
    _, tok = _tok("The defence ministry said its forces had killed 14 rebels.", "killed")
    assert not claimed(tok)  # a state force reporting its own operation: a report, not a claim
    doc, tok = _tok("Militants attacked an army patrol near Tera. Assailants ambushed the patrol at dawn.", "ambushed")
    assert retold(doc, tok, tok.sent)
    doc, tok = _tok("Militants attacked an army patrol near Tera. Assailants ambushed the convoy at dawn.", "ambushed")
    assert not retold(doc, tok, tok.sent)


def test_an_earlier_event_under_months_after() -> None:
    from sitroom.coref import _long_after
    _, tok = _tok("Eight months after rebels overran the garrison town, talks drag on.", "overran")
    assert _long_after(tok)
    _, tok = _tok("A week after the vote, gunmen attacked a polling station in Kano.", "attacked")
    assert not _long_after(tok)


def test_the_period_of_a_count_is_not_the_event_day() -> None:
    text = ("Last week, gunmen shot dead a village chief in Mafa, the third such assassination in the district "
            "since January.")
    r = pipeline.extract_text(text, "2021-06-24")
    assert r.events and all(e.date is not None and (e.date.start, e.date.end) == ("2021-06-14", "2021-06-20")
                            for e in r.events)


def test_a_sequel_of_the_same_kind_keeps_the_side() -> None:
    text = ("Russian artillery shelled a market in Kherson on Tuesday morning, killing three people.\n\n"
            "Later in the day, a rocket hit a bakery in the same district, wounding two workers.")
    r = pipeline.extract_text(text, "2023-01-18")
    assert len(r.events) == 2 and all(e.actor1 == r.events[0].actor1 and e.actor1 for e in r.events)


def test_a_brief_told_only_as_a_re_mention_still_reports_its_event() -> None:
    # an analyst note that names its event only as "the ambush": the note's one event
    brief = "The ambush was blamed on the rebels by the local governor."
    assert len(pipeline.extract_text(brief, "2022-04-02").events) == 1
    # in a long article the same orphan re-mention refers to something not told there: no event
    article = brief + "\n\n" + "Residents said the roads to the market were quiet again. " * 25
    assert pipeline.extract_text(article, "2022-04-02").events == ()


def test_arrests_told_as_the_aftermath_of_an_event_are_no_new_event() -> None:
    text = ("A mob burned a police post and three shops in Kaduna on Friday after a dispute over a land sale, "
            "police said.\n\nPolice said 40 people were arrested after the riot.")
    r = pipeline.extract_text(text, "2022-05-03")
    assert [e.event_type for e in r.events] == ["Riots"]
    # with a day of their own, the arrests are an event of their own
    dated = text.replace("Police said 40 people were arrested after the riot.",
                         "On Monday, police arrested 40 people in Kaduna after the riot.")
    r = pipeline.extract_text(dated, "2022-05-03")
    assert sorted(e.event_type for e in r.events) == ["Riots", "Strategic developments"]
