"""events.fill_slots, the WikiEvents gold-trigger setting and the MUC-4 role-filler model,
on short texts written for these tests (no benchmark text)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.external import muc4_feats, muc4_model, wikievents  # noqa: E402
from bench.external.common import event_context, parse_and_analyse  # noqa: E402
from sitroom import events as events_mod  # noqa: E402
from sitroom.records import Document  # noqa: E402


def _analysed(text: str, doc_id: str = "t") -> tuple[object, object, object]:
    ((document, parsed, res),) = list(parse_and_analyse([Document(id=doc_id, text=text)]))
    assert res is not None
    return document, parsed, res


def _token(parsed: object, word: str) -> object:
    return next(t for t in parsed if t.text == word)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- events.fill_slots


def test_fill_slots_agrees_with_find_events_on_its_own_trigger() -> None:
    text = "Boko Haram fighters attacked the town of Gwoza in Borno state on Monday, killing 12 villagers, police said."
    document, parsed, res = _analysed(text)
    (ev,) = [e for e in res.events if e.trigger is not None]
    head = parsed.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand").root
    slots = events_mod.fill_slots(parsed, event_context(document, parsed), head, ev.event_type, ev.sub_event_type)
    assert slots.actor1 is not None and slots.actor1.text == ev.actor1_mention
    assert slots.place is not None and ev.location is not None and slots.place.name == ev.location.name
    assert slots.fatalities is not None and slots.fatalities.best == 12


def test_fill_slots_on_a_trigger_the_pipeline_does_not_report() -> None:
    # no date and no place: find_events drops it as a statistic, but a given trigger still gets its actors
    text = "Al-Shabaab militants ambushed the convoy of African Union troops."
    document, parsed, res = _analysed(text)
    slots = events_mod.fill_slots(parsed, event_context(document, parsed), _token(parsed, "ambushed"),
                                  "Battles", "Armed clash")
    assert slots.actor1 is not None and "militants" in slots.actor1.text.lower()
    assert slots.place is None and slots.fatalities is None


# ---------------------------------------------------------------- WikiEvents gold triggers


def test_gold_trigger_events_fill_sitroom_roles_and_parse_fallback() -> None:
    text = ("Taliban gunmen attacked an army checkpoint in Kunduz province on Tuesday. "
            "A district commander died in the fighting.")
    document, parsed, _ = _analysed(text)
    ctx = event_context(document, parsed)
    a = text.index("attacked")
    d = text.index("died")
    gold = wikievents.WikiDoc("t", text, [wikievents.GoldEvent("attack", (a, a + 8)),
                                          wikievents.GoldEvent("die", (d, d + 4))])
    plain = wikievents.gold_trigger_events(parsed, ctx, gold)
    fb = wikievents.gold_trigger_events(parsed, ctx, gold, fallback=True)
    assert ("Attacker", "gunmen") in plain[0].args
    assert ("Place", "province") in fb[0].args  # the parse head of "Kunduz province"
    assert ("Victim", "commander") in fb[1].args  # the subject of "died" is its victim
    assert not any(r == "Attacker" for r, _ in fb[1].args)


def test_parse_fallback_skips_dates_and_weapons_as_attackers() -> None:
    document, parsed, _ = _analysed("The bomb exploded near the market. Saturday's bombing shocked the city.")
    assert wikievents.parse_args(_token(parsed, "exploded"), "attack")["agent"] == []
    assert wikievents.parse_args(_token(parsed, "bombing"), "attack")["agent"] == []


def test_score_gold_triggers_counts_filled_roles_and_every_argument() -> None:
    ge = wikievents.GoldEvent("attack", (0, 1), [("Attacker", "rebels"), ("Place", "goma")],
                              [("Attacker", "rebels"), ("Place", "goma"), ("Instrument", "rifles")])
    g = wikievents.WikiDoc("d", "x", [ge])
    p = {"d": [wikievents.PredEvent("attack", (0, 1), [("Attacker", "rebels"), ("Target", "base")])]}
    filled, every = wikievents.score_gold_triggers([g], p)
    assert (filled.tp_p, filled.n_pred, filled.n_gold) == (1, 2, 2)
    assert (every.tp_g, every.n_gold) == (1, 3)


# ---------------------------------------------------------------- MUC-4 role-filler model


def test_candidates_of_a_lower_case_report_cover_names_and_groups() -> None:
    text = ("urban guerrillas of the popular liberation army set off a car bomb outside the home of senator "
            "carlos mendoza ruiz in the town of san isidro yesterday.")
    document, parsed, res = _analysed(text.upper())
    cands = muc4_feats.doc_candidates(parsed, res.events)
    texts = {c.text for c in cands}
    assert {"car bomb", "guerrillas", "carlos mendoza ruiz"} <= texts
    bomb = next(c for c in cands if c.text == "car bomb")
    assert "h=bomb" in bomb.feats and any(f.startswith("gov=") for f in bomb.feats)


def _cand(text: str, *feats: str) -> muc4_feats.Candidate:
    return muc4_feats.Candidate(text, text.split()[-1], 0, ("bias", *feats))


def test_label_uses_normalised_gold_mentions() -> None:
    cands = [_cand("dynamite"), _cand("mayor"), _cand("army")]
    gold = {"Weapon": [["Dynamite"]], "Victim": [["the mayor", "jose perez"]]}
    assert muc4_model.label(cands, gold) == [5, 4, 0]


def test_softmax_model_learns_a_separable_toy_problem() -> None:
    train = [_cand(f"w{i}", "kind=weapon") for i in range(30)] + [_cand(f"x{i}", "kind=other") for i in range(30)]
    y = np.array([5] * 30 + [0] * 30)
    vocab = muc4_model.Vocab.build([train])
    model = muc4_model.SoftmaxModel(len(vocab.index), len(muc4_model.CLASSES)).fit(*vocab.encode(train), y, epochs=30, batch=16)
    p = model.proba(*vocab.encode([_cand("new", "kind=weapon"), _cand("new2", "kind=other")]))
    assert p[0].argmax() == 5 and p[1].argmax() == 0


def test_decode_keeps_one_filler_per_entity_over_threshold() -> None:
    cands = [_cand("car bomb"), _cand("bomb"), _cand("rifles"), _cand("fmln")]
    probs = np.zeros((4, len(muc4_model.CLASSES)))
    probs[:, 0] = 1.0
    probs[0, 5], probs[1, 5], probs[2, 5], probs[3, 2] = 0.9, 0.8, 0.1, 0.7
    th = {r: 0.3 for r in muc4_model.ROLES}
    out = muc4_model.decode(cands, probs, th)
    assert out["Weapon"] == ["car bomb"]  # "bomb" is the same entity; "rifles" is under the threshold
    assert out["PerpOrg"] == ["fmln"] and out["Victim"] == []


@pytest.mark.parametrize("a,b,same", [("car bomb", "bomb", True), ("farc", "farc front", True),
                                      ("army", "police", False)])
def test_same_entity(a: str, b: str, same: bool) -> None:
    assert muc4_model._same_entity(a, b) is same


def test_decode_of_an_empty_document() -> None:
    out = muc4_model.decode([], np.zeros((0, len(muc4_model.CLASSES))), {r: 0.3 for r in muc4_model.ROLES})
    assert out == {r: [] for r in muc4_model.ROLES}
