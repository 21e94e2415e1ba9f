"""attribution / claims: numeric statements, their subjects, units and sources."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.attribution import find_claims
from sitroom.claims import is_claim_number
from sitroom.numbers import find_numbers


@pytest.fixture(scope="module")
def nlp():
    from sitroom.nlp import get_nlp

    return get_nlp()


def claims(nlp, text):
    doc = nlp(text)
    out = find_claims(doc, "t")
    for c in out:
        assert text[c.start:c.end] == c.text
    return out


def kept(text):
    return [n.text for n in find_numbers(text) if is_claim_number(n, text)]


@pytest.mark.parametrize("text, expected", [
    ("The 30-minute video showed a 60,000-seat stadium.", []),
    ("the historical 850-year-old mosque", []),
    ("for over two years", []),
    ("Dozens of people and tens of thousands of refugees", []),
    ("one of the worst attacks", []),
    ("in 2019 and again during 2013-2014", []),
    ("a boy aged 14 was among them", []),
    ("less than one third of its 300,000 residents", ["300,000"]),
    ("over 400 attacks per month", ["over 400"]),
    ("more than 60 percent of its territory", ["more than 60 percent"]),
])
def test_which_numbers_are_claims(text, expected):
    assert kept(text) == expected


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-abtoverpcn")), max_size=40))
def test_is_claim_number_never_raises(text):
    for n in find_numbers(text):
        assert isinstance(is_claim_number(n, text), bool)


def test_source_named_a_sentence_earlier_carries_to_continuation(nlp):
    cs = claims(nlp, "The UN refugee agency calculates that 1.2 million people have fled Sudan into Chad "
                     "since April. Among them are 600,000 children and 250,000 women.")
    assert [c.value_low for c in cs] == [1_200_000, 600_000, 250_000]
    assert {c.source for c in cs} == {"The UN refugee agency"}
    assert cs[1].subject == "children"


def test_according_to_at_sentence_end(nlp):
    [c] = claims(nlp, "More than 60 percent of the district's schools remain closed, according to Save the Children.")
    assert (c.value_low, c.value_high, c.unit, c.source) == (60, None, "percent", "Save the Children")
    assert "schools" in c.subject


def test_range_with_estimating_subject(nlp):
    [c] = claims(nlp, "Officials estimate that between 1,500 and 2,000 fighters have joined the group in "
                      "northern Mozambique.")
    assert (c.value_low, c.value_high, c.subject, c.source) == (1500, 2000, "fighters", "Officials")


@pytest.mark.parametrize("text, source", [
    ("The health ministry's figures show 312 people were killed in the past month.", "The health ministry"),
    ("A report by Human Rights Watch documented 45 extrajudicial killings in the region last year.",
     "Human Rights Watch"),
    ("Gunmen killed 23 villagers in Zamfara state on Sunday, police said.", "police"),
    ('"We buried 17 people yesterday," said Abdi Farah, an elder in Beledweyne.', "Abdi Farah"),
])
def test_sources(nlp, text, source):
    [c] = claims(nlp, text)
    assert c.source == source


def test_source_without_figures_covers_next_sentence(nlp):
    [c] = claims(nlp, "The campaign nearly succeeded, according to a study by analyst Jane Mwangi. Insurgents "
                      "carried out over 300 attacks per month in 2009, mostly against markets.")
    assert (c.value_low, c.value_high, c.unit, c.source) == (300, None, "attacks per month", "Jane Mwangi")


def test_article_asserts_itself(nlp):
    [c] = claims(nlp, "Diyala's population is 40 percent Shiite. The province lies east of Baghdad.")
    assert c.source is None and c.value_low == 40 and "population" in c.subject


def test_source_does_not_cross_paragraphs(nlp):
    cs = claims(nlp, "The monitoring group says 2,000 people died in March.\n\n"
                     "The city had 500,000 inhabitants before the war.")
    assert [(c.value_low, c.source) for c in cs] == [(2000, "The monitoring group"), (500_000, None)]


def test_fraction_of_total_gives_the_total(nlp):
    [c] = claims(nlp, "In Mariupol, less than one third of its 400,000 residents remain.")
    assert c.value_low == 400_000 and "residents" in c.subject and c.event_id is None


def test_list_numbering_and_durations_skipped(nlp):
    cs = claims(nlp, "After a 12-hour siege lasting over two days, the convoy carried three tonnes of flour.\n"
                     "1. Sugar\n2. Oil")
    assert [(c.value_low, c.unit, c.subject) for c in cs] == [(3, "tonnes", "flour")]
