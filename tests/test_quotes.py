"""attribution / quotes: quotation-mark pairing, direct and reported speech, speakers."""
from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.attribution import find_quotes, lexicon
from sitroom.quotes import find_quote_spans


@pytest.fixture(scope="module")
def nlp():
    from sitroom.nlp import get_nlp

    return get_nlp()


def quotes(nlp, text, direct=None):
    doc = nlp(text)
    out = find_quotes(doc, "t")
    for q in out:
        if q.direct and "\n" not in q.text:
            assert q.text.split(" ")[0] in text[q.start:q.end]
    return [q for q in out if direct is None or q.direct == direct]


# --- quotation marks (no parser) -------------------------------------------------

def inner(text):
    return [text[s.start:s.end] for s in find_quote_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ('"We stay," he said.', ["We stay,"]),
    ("“We stay,” he said. “We fight.”", ["We stay,", "We fight."]),
    ("«Nous restons», a-t-il dit.", ["Nous restons"]),
    ("„Wir bleiben“, sagte er.", ["Wir bleiben"]),
    ("‘We stay,’ he said.", ["We stay,"]),
    # nested quote stays inside the outer one
    ("“He told me ‘leave now’ and left,” she said.", ["He told me ‘leave now’ and left,"]),
    ('"He told me \'leave now\' and left," she said.', ["He told me 'leave now' and left,"]),
    # a closing mark typed where the opener belongs
    ("the army withdrew when it” ran out of fuel.” Then", ["ran out of fuel."]),
    # apostrophes are not quotes
    ("ISIS’s fighters and the rebels’ positions don’t move.", []),
    # an opener left open runs to the end of its paragraph
    ("“We heard shooting all night.\n\n“Then it stopped,” she said.", ["We heard shooting all night.", "Then it stopped,"]),
])
def test_quote_spans(text, expected):
    assert inner(text) == expected


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"'“”‘’«»„")), max_size=80))
def test_quote_spans_are_ordered_and_disjoint(text):
    spans = find_quote_spans(text)
    last = -1
    for s in spans:
        assert 0 <= s.open_at < s.start <= s.end <= len(text)
        assert s.open_at >= last
        last = s.close_at + 1 if s.close_at >= 0 else s.end
        assert s.close_at == -1 or s.close_at >= s.end


def test_lexicon_versioned_and_clean():
    raw = json.loads(resources.files("sitroom").joinpath("data/speech_verbs.json").read_text("utf-8"))
    assert raw["version"]
    for key, words in raw.items():
        if isinstance(words, list):
            assert len(words) == len(set(words)), key
    lex = lexicon()
    assert "say" in lex.speech and "believe" in lex.cognition and "concern" in lex.expression_nouns


# --- direct quotes ---------------------------------------------------------------

def test_says_after_quote_with_role(nlp):
    [q] = quotes(nlp, '"We will not leave our land," says Amina Yusuf, a community leader in Maiduguri.')
    assert q.direct and q.speaker == "Amina Yusuf" and q.text == "We will not leave our land,"
    assert q.speaker_role and "community leader" in q.speaker_role


def test_pronoun_speaker_resolves_to_previous_person(nlp):
    [q] = quotes(nlp, 'Army spokesman Souleymane Dembele described the situation in Mopti as calm. '
                      '"The jihadists have withdrawn from the town," he said.')
    assert q.speaker == "Souleymane Dembele" and q.speaker_mention == "he"


def test_surname_resolves_to_full_name(nlp):
    [q] = quotes(nlp, 'Mohamed Abdi Hassan, a clan elder in Baidoa, lost two sons in the drought. '
                      '"Nobody came to help us," Hassan told reporters on Tuesday.')
    assert q.speaker == "Mohamed Abdi Hassan" and q.speaker_mention == "Hassan"


def test_split_quote_is_one_quote(nlp):
    qs = quotes(nlp, 'Rescue worker Pablo Restrepo reached the village on foot. '
                     '"The bridge is gone," he says, "and the river is too high to cross."')
    assert len(qs) == 1
    assert qs[0].text == "The bridge is gone, and the river is too high to cross."
    assert qs[0].speaker == "Pablo Restrepo"


def test_quote_inside_quote_is_not_separate(nlp):
    qs = quotes(nlp, '"He told me \'leave now\' and then he walked away," said Olena Kovalenko, '
                     'a resident of Bakhmut.')
    assert len(qs) == 1 and "'leave now'" in qs[0].text and qs[0].speaker == "Olena Kovalenko"


def test_misplaced_opening_mark(nlp):
    [q] = quotes(nlp, "Brigade commander Serhiy Bondar said the unit withdrew when it” ran out of ammunition and fuel.”")
    assert q.text == "ran out of ammunition and fuel." and q.speaker == "Serhiy Bondar"
    assert q.speaker_role == "Brigade commander"


def test_scare_quotes_are_not_quotes(nlp):
    assert quotes(nlp, 'The so-called "security belt" around Kabul has been reinforced. '
                       'The alert level was set at "high" on Monday.') == []


def test_short_fragment_after_speech_verb_is_a_quote(nlp):
    qs = quotes(nlp, 'In a video message, rebel leader Bertrand Bisimwa urged his fighters to hold Goma and '
                     '"make the enemy pay," and vowed to march on Kinshasa.', direct=True)
    assert [q.text for q in qs] == ["make the enemy pay,"] and qs[0].speaker == "Bertrand Bisimwa"


def test_quote_in_next_sentence_keeps_speaker(nlp):
    qs = quotes(nlp, 'Maria Lopez, a human rights defender in Cauca, said armed groups were recruiting children. '
                     '"They offer them money and a motorbike. Families are afraid to speak."', direct=True)
    assert len(qs) == 1 and qs[0].speaker == "Maria Lopez"
    assert qs[0].text.startswith("They offer") and qs[0].text.endswith("afraid to speak.")


def test_guillemets_and_colon(nlp):
    [q] = quotes(nlp, "«We have no food left and the roads are closed», said Aung Kyaw, a volunteer in Sagaing.")
    assert q.speaker == "Aung Kyaw" and q.text == "We have no food left and the roads are closed"
    [q] = quotes(nlp, 'The interior minister told parliament: "Security forces will return to every village."')
    assert q.speaker_mention == "The interior minister"


def test_organisation_speaker(nlp):
    [q] = quotes(nlp, 'Hayat Tahrir al-Sham fighters attacked army positions near Idlib on Sunday. '
                      '"Our fighters repelled the regime advance and captured two tanks," '
                      'the group said in a statement.')
    assert q.speaker_mention == "the group" and q.speaker == "Hayat Tahrir al-Sham"


def test_multi_paragraph_quote(nlp):
    qs = quotes(nlp, 'Fatima Bello, a nurse in Kano, described the night of the attack.\n\n'
                     '"We heard shooting from midnight. The children were screaming.\n\n'
                     '"By morning the market was burning," she said.')
    assert [q.speaker for q in qs] == ["Fatima Bello", "Fatima Bello"]


# --- reported speech -------------------------------------------------------------

@pytest.mark.parametrize("text, speaker, content", [
    ("Borno state governor Babagana Zulum said that the attackers had arrived on motorcycles before dawn.",
     "Babagana Zulum", "the attackers had arrived on motorcycles before dawn"),
    ("UN envoy Hans Grundberg expressed concern that the truce in Yemen could collapse within weeks.",
     "Hans Grundberg", "the truce in Yemen could collapse within weeks"),
    ("According to the International Crisis Group, the junta has lost control of large parts of Shan state.",
     "the International Crisis Group", "the junta has lost control of large parts of Shan state"),
    ("Analyst Ibrahim Yahaya Ibrahim believes the jihadists will try to expand toward the coastal states.",
     "Ibrahim Yahaya Ibrahim", "the jihadists will try to expand toward the coastal states"),
    ("The Kenyan army warned that al-Shabaab fighters were massing near the border town of Mandera.",
     "The Kenyan army", "al-Shabaab fighters were massing near the border town of Mandera"),
])
def test_reported_speech(nlp, text, speaker, content):
    qs = quotes(nlp, text, direct=False)
    assert len(qs) == 1
    q = qs[0]
    assert q.speaker == speaker and q.text == content and text[q.start:q.end] == content


def test_reported_speech_role_from_apposition(nlp):
    [q] = quotes(nlp, "The head of the Kachin relief committee, Brang Seng, said that food stocks would last "
                      "two more weeks.", direct=False)
    assert q.speaker == "Brang Seng" and q.speaker_role and "relief committee" in q.speaker_role


def test_no_reported_speech_for_author_voice_or_negation(nlp):
    assert quotes(nlp, "We should stress that the group had resisted stubbornly in the city. "
                       "The minister did not say that the talks had failed.") == []
