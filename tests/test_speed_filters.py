"""The shortcuts that make extraction cheaper give the answers of the plain computations they replace.

- ``typer.cues_in`` (word index + one phrase regex per class) against ``typer._cues_in_slow``;
- ``prior.actor_home_spans`` (patterns skipped when none of their words is in the text) against
  running every ``actor_homes()`` pattern, including texts with the non-ASCII letters that
  IGNORECASE matches with ASCII ones (``prior.ASCII_FOLDS``);
- ``doctools.span_text``/``tokens``/``token_starts``/``sent_forms`` and the text ``parse_documents``
  hands to ``doc_text`` against spaCy's own ``Span.text``, iteration and ``Doc.text``.
"""
from __future__ import annotations

import random
import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom import doctools, typer
from sitroom.geo import prior
from sitroom.nlp import get_nlp
from sitroom.pipeline import parse_documents

# ---------------------------------------------------------------- typer.cues_in


def _cue_vocabulary() -> list[str]:
    d = typer.data()
    words = sorted({w for ws in d.cue_words.values() for w in ws})
    phrase_words = sorted({w for ps in d.cue_phrases.values() for p in ps for w in p.split()})
    return words + phrase_words + ["the", "a", "of", "in", "was", "were", "said", "town", "Police", "ARMY", ""]


_VOCAB = _cue_vocabulary()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), max_size=25), st.lists(st.sampled_from(_VOCAB), max_size=25))
def test_cues_in_matches_the_plain_scan(lemmas: list[str], lowers: list[str]) -> None:
    assert typer.cues_in(lemmas, lowers) == typer._cues_in_slow(lemmas, lowers)


def test_cues_in_finds_every_phrase_of_every_class() -> None:
    d = typer.data()
    rng = random.Random(7)
    for name, phrases in d.cue_phrases.items():
        for p in phrases:
            words = p.split(" ")
            lowers = ["they", *words, "today"]
            lemmas = ["they", *(rng.choice(["x", w]) for w in words), "today"]
            got = typer.cues_in(lemmas, lowers)
            assert name in got
            assert got == typer._cues_in_slow(lemmas, lowers)
    # one token holding a whole phrase (spaces inside) reads the same joined text
    for phrases in d.cue_phrases.values():
        for p in phrases[:3]:
            toks = [p]
            assert typer.cues_in(toks, toks) == typer._cues_in_slow(toks, toks)


# ---------------------------------------------------------------- prior.actor_home_spans


def test_ascii_folds_are_every_non_ascii_character_ignorecase_matches_with_ascii() -> None:
    cls = re.compile("(?i)[\x00-\x7f]")
    found = {chr(c) for c in range(128, sys.maxunicode + 1) if cls.match(chr(c))}
    assert found == set(prior.ASCII_FOLDS)


def _all_patterns(text: str) -> list[tuple[int, tuple[tuple[int, int], str], tuple[str, ...], str]]:
    out = []
    for i, (pat, ccs, label) in enumerate(prior.actor_homes()):
        for mt in pat.finditer(text):
            out.append((i, (mt.span(), mt.group()), ccs, label))
    return out


def _actor_strings() -> list[str]:
    out = []
    for a in prior._actor_home_data():
        out += list(a.get("names", [])) + list(a.get("acronyms", []))
    return out


_NAMES = _actor_strings()


def _variant(name: str, rng: random.Random) -> str:
    s = name
    r = rng.random()
    if r < 0.2:
        s = s.upper()
    elif r < 0.4:
        s = s.lower()
    elif r < 0.5:
        s = s.replace(" ", rng.choice(["\t", "-", "  "]))
    elif r < 0.6:  # a letter IGNORECASE folds onto ASCII
        s = s.replace("i", "\u0131").replace("s", "\u017f").replace("k", "\u212a").replace("I", "\u0130")
    elif r < 0.7:
        s = s[:-1]  # cut short: must not match
    return s


def test_actor_home_spans_equal_running_every_pattern() -> None:
    rng = random.Random(11)
    fillers = ["gunmen attacked a village", "\u201cwe will return\u201d", "near the border", "Soldiers",
               "in the north-east", "caf\u00e9", "-", "(", ")", "said on Monday", "forces of"]
    for _ in range(600):
        parts = [rng.choice(fillers) if rng.random() < 0.6 else _variant(rng.choice(_NAMES), rng)
                 for _ in range(rng.randint(0, 8))]
        text = rng.choice([" ", ", ", "-", "", "\n"]).join(parts)
        assert prior.actor_home_spans(text) == _all_patterns(text), text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_NAMES) | st.text(max_size=12), max_size=6), st.sampled_from([" ", "", "-", "\t"]))
def test_actor_home_spans_equal_running_every_pattern_on_any_text(parts: list[str], sep: str) -> None:
    text = sep.join(parts)
    assert prior.actor_home_spans(text) == _all_patterns(text)


# ---------------------------------------------------------------- doctools on parsed documents

_TEXTS = [
    "Gunmen attacked a police post in Mandera on Monday.  Two officers were killed, police said.\n\n"
    "\u201cWe repulsed them,\u201d a commander said. Was anyone arrested? Nobody knows.\n",
    "ARMED MEN RAID VILLAGE\n\nResidents fled after armed men raided the village of Tora overnight, "
    "burning homes.\n\n\n   Officials said 12 people died.   ",
    "One line without a stop",
    "",
    "\n\n\n",
]


def test_parse_documents_hands_doc_text_the_text_spacy_would_join() -> None:
    for doc in parse_documents(_TEXTS + ["x" * 5 + " word. " * 700]):
        assert doctools.doc_text(doc) == doc.text


def test_span_text_tokens_and_forms_equal_spacy() -> None:
    rng = random.Random(3)
    docs = list(parse_documents(_TEXTS)) + [get_nlp()(t) for t in _TEXTS]
    for doc in docs:
        toks = doctools.tokens(doc)
        assert [(t.i, t.idx, t.text) for t in toks] == [(t.i, t.idx, t.text) for t in doc]
        assert doctools.token_starts(doc) == [t.idx for t in doc]
        for sent in doctools.sentences(doc)[1]:
            assert doctools.span_text(sent) == sent.text
            lem, low = doctools.sent_forms(sent)
            assert list(lem) == [t.lemma_ for t in sent] and list(low) == [t.lower_ for t in sent]
        for _ in range(50):
            a = rng.randint(0, len(doc))
            b = rng.randint(a, len(doc))
            sp = doc[a:b]
            assert doctools.span_text(sp) == sp.text


def test_remember_text_refuses_a_text_that_does_not_end_with_the_doc() -> None:
    doc = get_nlp().make_doc("Two men were shot.")
    assert not doctools.remember_text(doc, "Two men were shot. And more")
    assert doctools.remember_text(doc, "Two men were shot.")
    assert doctools.doc_text(doc) == doc.text


# ---------------------------------------------------------------- numbers.find_numbers (remembered)


def test_find_numbers_remembered_answers_are_fresh_lists_equal_to_a_new_scan() -> None:
    from sitroom import numbers

    text = "Gunmen killed 12 people and wounded at least twenty more; 3,000 fled, one in five homes burned."
    first = numbers.find_numbers(text, 40)
    again = numbers.find_numbers(text, 40)
    assert first == again and first is not again
    first.clear()  # a caller that changes its list does not change the next answer
    assert numbers.find_numbers(text, 40) == again
    assert again == list(numbers._numbers_in.__wrapped__(text, 40, False))
    assert numbers.find_numbers(text, 0, keep_years=True) == list(numbers._numbers_in.__wrapped__(text, 0, True))
