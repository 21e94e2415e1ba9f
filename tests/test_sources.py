"""attribution: event_sources and claimed_by."""
from __future__ import annotations

import pytest

from sitroom.attribution import claimed_by, event_sources


@pytest.fixture(scope="module")
def nlp():
    from sitroom.nlp import get_nlp

    return get_nlp()


def first(nlp, text):
    doc = nlp(text)
    s = next(iter(doc.sents))
    return doc, s.start_char, s.end_char


@pytest.mark.parametrize("text, expected", [
    ("At least 12 people were killed when gunmen stormed the village, police and medical sources said.",
     ("police", "medical sources")),
    ("Three soldiers died in the ambush near Mopti, according to a Reuters report.", ("Reuters",)),
    ("The group said in an online statement that its fighters had shot down a drone.", ("The group",)),
    ("Residents told AFP that the market was shelled twice overnight.", ("Residents", "AFP")),
    ("Four civilians died in shelling of Kharkiv overnight, regional governor Oleh Synehubov said on Telegram.",
     ("Oleh Synehubov",)),
    ("Five miners were kidnapped in Zamfara. Police confirmed the abduction.", ("Police",)),
    ("Troops recaptured the town of Kidal on Tuesday.", ()),
])
def test_event_sources(nlp, text, expected):
    assert event_sources(*first(nlp, text)) == expected


def test_event_sources_next_sentence_must_be_same_paragraph(nlp):
    assert event_sources(*first(nlp, "Five miners were kidnapped in Zamfara.\n\nPolice confirmed the abduction.")) == ()


@pytest.mark.parametrize("text, expected", [
    ("Al-Shabaab claimed responsibility for the bombing in Mogadishu, which killed 20.", "Al-Shabaab"),
    ("The attack was claimed by the Islamic State West Africa Province.", "Islamic State West Africa Province"),
    ("No group has claimed responsibility for the blast in Quetta.", None),
    ("The blast claimed the lives of 14 worshippers.", None),
    ("The Baloch Liberation Army did not claim responsibility for the attack.", None),
    ("Troops recaptured the town of Kidal on Tuesday.", None),
    ("The Islamist militant group al Shabaab claimed responsibility for the attack.", "al Shabaab"),
])
def test_claimed_by(nlp, text, expected):
    assert claimed_by(*first(nlp, text)) == expected


def test_empty_range(nlp):
    doc = nlp("Nothing here.")
    assert event_sources(doc, 0, 0) == () and claimed_by(doc, 0, 0) is None
