"""WikiEvents (Li et al. 2021), test split: attack, death and arrest arguments, head-word F1.

    python -m bench.external.wikievents [--split test] [--limit N]

Gold: KAIROS events ``Conflict.Attack.*``, ``Life.Die.*``, ``Justice.ArrestJailDetain.*``
with their arguments mapped to four roles: Attacker (Attacker, Killer, Jailer), Target
(Target), Victim (Victim, Detainee) and Place. sitroom's events are mapped the same way:
an attack (Battles, Explosions/Remote violence, Violence against civilians, Riots) gives
``attack`` with Attacker = actor1 mention, Target = actor2 mention, Place = the location
words; when it reports fatalities it also gives ``die`` (Attacker = actor1, Victim = actor2);
an arrest gives ``arrest`` (Attacker = actor1, Victim = actor2, Place).

Two scores, both on argument head words (the last word before a preposition, relative
pronoun or comma, lower-cased):

* **document level** (sitroom's own setting, no gold triggers): the set of
  (family, role, head) tuples per document, precision/recall/F1;
* **trigger matched**: sitroom events whose trigger overlaps a gold trigger of the same
  family; their arguments are scored against that gold event's (recall over all gold
  arguments of the three families). Published TSAR/BART-Gen numbers use *gold* triggers
  for every event, which sitroom cannot take as input: unmatched gold events count as misses.
"""
from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .common import PRF, data_path

FAMILIES = {"Conflict.Attack": "attack", "Life.Die": "die", "Justice.ArrestJailDetain": "arrest"}
ROLE_MAP = {"Attacker": "Attacker", "Killer": "Attacker", "Jailer": "Attacker", "Target": "Target",
            "Victim": "Victim", "Detainee": "Victim", "Place": "Place"}
ATTACK_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"})
_CUT = re.compile(r"\s(?:of|in|at|from|on|near|with|who|that|which|whose|,|--|-)\s|,")
_WORD = re.compile(r"[\w'’.-]+")


def head_word(phrase: str) -> str:
    """Head of a noun phrase, approximately: the last word before its first post-modifier."""
    core = _CUT.split(f" {phrase.strip()} ", maxsplit=1)[0]
    words = _WORD.findall(core)
    while words and words[-1] in {"'s", "’s", "."}:
        words.pop()
    return words[-1].strip(".").lower() if words else ""


@dataclass
class GoldEvent:
    family: str
    trigger: tuple[int, int]  # char offsets into WikiDoc.text
    args: list[tuple[str, str]] = field(default_factory=list)  # (role, head)
    all_args: list[tuple[str, str]] = field(default_factory=list)  # every role (mapped where possible), head


@dataclass
class WikiDoc:
    doc_id: str
    text: str
    events: list[GoldEvent] = field(default_factory=list)

    def tuples(self) -> set[tuple[str, str, str]]:
        return {(e.family, r, h) for e in self.events for r, h in e.args}


def family_of(event_type: str) -> str | None:
    for prefix, fam in FAMILIES.items():
        if event_type.startswith(prefix):
            return fam
    return None


def _token_offsets(d: dict[str, Any]) -> tuple[str, list[tuple[int, int]]]:
    """Doc text and the char span of every doc token in it. Sentences are joined by a space: the
    data marks no paragraphs, and a newline after every sentence would make each one a paragraph
    of its own (sitroom reads paragraph breaks: a toll or a time is not carried across them)."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for sent in d["sentences"]:
        toks, stext = sent[0], sent[1]
        cur = 0
        for tok in toks:
            word = tok[0] if isinstance(tok, list) else tok
            i = stext.find(word, cur)
            if i < 0:
                i = cur
            spans.append((pos + i, pos + i + len(word)))
            cur = i + len(word)
        parts.append(stext)
        pos += len(stext) + 1
    return " ".join(parts), spans


def parse_doc(d: dict[str, Any]) -> WikiDoc:
    text, spans = _token_offsets(d)
    doc = WikiDoc(d["doc_id"], text)
    for e in d.get("event_mentions", []):
        fam = family_of(e["event_type"])
        if fam is None:
            continue
        t = e["trigger"]
        s = spans[t["start"]][0] if t["start"] < len(spans) else 0
        end = spans[t["end"] - 1][1] if 0 < t["end"] <= len(spans) else s
        ge = GoldEvent(fam, (s, end))
        for a in e.get("arguments", []):
            role = ROLE_MAP.get(a["role"])
            h = head_word(a["text"])
            if role and h:
                ge.args.append((role, h))
            if h:
                ge.all_args.append((role or a["role"], h))
        doc.events.append(ge)
    return doc


def read_jsonl(path: Path | str) -> list[WikiDoc]:
    with open(path, encoding="utf-8") as fh:
        return [parse_doc(json.loads(line)) for line in fh if line.strip()]


@dataclass
class PredEvent:
    family: str
    trigger: tuple[int, int] | None
    args: list[tuple[str, str]]


def map_event(ev: Any) -> list[PredEvent]:
    """sitroom EventReport -> zero or more (family, args) predictions."""
    trig = (ev.trigger.start, ev.trigger.end) if ev.trigger is not None else None
    place = head_word(ev.location.text) if ev.location is not None and ev.location.text else ""
    a1 = head_word(ev.actor1_mention) if ev.actor1_mention else ""
    a2 = head_word(ev.actor2_mention) if ev.actor2_mention else ""
    out: list[PredEvent] = []
    if ev.sub_event_type == "Arrests":
        args = [(r, h) for r, h in (("Attacker", a1), ("Victim", a2), ("Place", place)) if h]
        out.append(PredEvent("arrest", trig, args))
    elif ev.event_type in ATTACK_TYPES:
        args = [(r, h) for r, h in (("Attacker", a1), ("Target", a2), ("Place", place)) if h]
        out.append(PredEvent("attack", trig, args))
        if ev.fatalities is not None and (ev.fatalities.best or 0) > 0:
            out.append(PredEvent("die", trig, [(r, h) for r, h in (("Attacker", a1), ("Victim", a2),
                                                                    ("Place", place)) if h]))
    return out


def score_doc_level(golds: Sequence[WikiDoc], preds: dict[str, list[PredEvent]]) -> PRF:
    out = PRF()
    for g in golds:
        gt = g.tuples()
        pt = {(p.family, r, h) for p in preds.get(g.doc_id, []) for r, h in p.args}
        tp = len(gt & pt)
        out = out.add(PRF(tp, len(pt), tp, len(gt)))
    return out


def score_trigger_matched(golds: Sequence[WikiDoc], preds: dict[str, list[PredEvent]]) -> tuple[PRF, PRF]:
    """(argument P/R/F1, trigger P/R/F1) with each prediction matched to an overlapping gold trigger."""
    args = PRF()
    trig = PRF()
    for g in golds:
        ps = [p for p in preds.get(g.doc_id, []) if p.trigger is not None]
        used: set[int] = set()
        n_gold_args = sum(len(e.args) for e in g.events)
        tp_args = n_pred_args = 0
        tp_trig = 0
        for p in ps:
            assert p.trigger is not None
            hit = None
            for gi, e in enumerate(g.events):
                if gi not in used and e.family == p.family and p.trigger[0] < e.trigger[1] and e.trigger[0] < p.trigger[1]:
                    hit = gi
                    break
            n_pred_args += len(p.args)
            if hit is None:
                continue
            used.add(hit)
            tp_trig += 1
            gold_args = list(g.events[hit].args)
            for a in p.args:
                if a in gold_args:
                    gold_args.remove(a)
                    tp_args += 1
        args = args.add(PRF(tp_args, n_pred_args, tp_args, n_gold_args))
        trig = trig.add(PRF(tp_trig, len(ps), tp_trig, len(g.events)))
    return args, trig


# ---------------------------------------------------------------- gold triggers (the TSAR setting)

# ACLED type given to a gold trigger that sitroom's trigger lexicon does not know
FAMILY_TYPES = {"attack": ("Violence against civilians", "Attack"), "die": ("Violence against civilians", "Attack"),
                "arrest": ("Strategic developments", "Arrests")}
# death words whose subject is the one who died, not a killer
DEATH_INTRANSITIVE = frozenset({"die", "dead", "death", "perish", "suicide", "succumb", "drown"})


def slot_args(family: str, slots: Any, source_text: str, lemma: str = "") -> list[tuple[str, str]]:
    """(role, head) arguments of a gold-typed event from sitroom's ``TriggerSlots``."""
    a1 = head_word(slots.actor1.text) if slots.actor1 is not None and slots.actor1.text else ""
    a2 = head_word(slots.actor2.text) if slots.actor2 is not None and slots.actor2.text else ""
    place = ""
    if slots.place is not None and slots.place_in_sent and slots.place.span_start >= 0:
        place = head_word(source_text[slots.place.span_start:slots.place.span_end] or slots.place.text)
    if family == "die" and lemma in DEATH_INTRANSITIVE and slots.actor2 is None:
        a1, a2 = "", a1  # "the commander died": the subject is the victim
    second = "Target" if family == "attack" else "Victim"
    return [(r, h) for r, h in (("Attacker", a1), (second, a2), ("Place", place)) if h]


_PLACE_NOUNS = frozenset({"province", "district", "region", "state", "county", "governorate", "city", "town",
                          "village", "camp", "prison", "jail"})
_PATIENT_PREPS = frozenset({"of", "on", "against", "at"})


_NOT_PARTICIPANT_ENTS = frozenset({"DATE", "TIME"})
# instruments are not attackers ("the bomb exploded"): WikiEvents has a separate Instrument role
_INSTRUMENTS = frozenset({"bomb", "device", "explosive", "explosives", "ied", "mine", "grenade", "rocket", "missile",
                          "shell", "car", "vehicle", "blast", "explosion", "gun", "drone"})


def _participant(tok: Any) -> bool:
    return tok.ent_type_ not in _NOT_PARTICIPANT_ENTS


def _with_conj(tok: Any) -> list[Any]:
    toks = [tok, *(c for c in tok.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON"))]
    return [t for t in toks if _participant(t)]


def parse_args(head: Any, family: str) -> dict[str, list[Any]]:
    """Benchmark fallback: agent and patient tokens straight from the dependency parse
    (subject / 'by'-agent / possessor or compound of a noun trigger; object / passive subject /
    'of'/'on'/'against' complement of a noun trigger)."""
    agent: list[Any] = []
    patient: list[Any] = []
    for c in head.children:
        if c.dep_ == "nsubj":
            agent.extend(_with_conj(c))
        elif c.dep_ in ("dobj", "nsubjpass"):
            patient.extend(_with_conj(c))
        elif c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            agent.extend(t for o in c.children if o.dep_ == "pobj" for t in _with_conj(o))
        elif head.pos_ == "NOUN" and c.dep_ in ("poss", "compound") and c.pos_ in ("PROPN", "NOUN") and c.i < head.i:
            agent.extend(_with_conj(c))
        elif head.pos_ == "NOUN" and c.dep_ == "prep" and c.lower_ in _PATIENT_PREPS:
            patient.extend(t for o in c.children if o.dep_ == "pobj" for t in _with_conj(o))
    if head.dep_ == "acl" and head.tag_ == "VBN" and head.head.pos_ in ("NOUN", "PROPN"):
        patient.append(head.head)  # "soldiers killed in the attack"
    if head.dep_ == "relcl" and head.head.pos_ in ("NOUN", "PROPN", "PRON"):
        agent.append(head.head)  # "the gunmen who attacked the camp"
    if family == "die" and head.lemma_.lower() in DEATH_INTRANSITIVE:
        agent, patient = [], patient + agent
    return {"agent": [t for t in agent if t.lemma_.lower() not in _INSTRUMENTS], "patient": patient}


def place_head(doc: Any, place: Any) -> str:
    """Head word of a place mention in the parse: 'Helmand Province' -> 'province'."""
    span = doc.char_span(place.span_start, place.span_end, alignment_mode="expand")
    if span is None or not len(span):
        return head_word(place.text)
    root = span.root
    if root.dep_ == "compound" and root.head.lower_ in _PLACE_NOUNS:
        return root.head.lower_
    return root.lower_


def fallback_args(family: str, args: list[tuple[str, str]], doc: Any, head: Any, slots: Any) -> list[tuple[str, str]]:
    """sitroom's arguments completed from the parse where sitroom names no actor, and places
    given their parse head."""
    roles = {r for r, _ in args}
    second = "Target" if family == "attack" else "Victim"
    toks = parse_args(head, family)
    out = [a for a in args if a[0] != "Place"]
    if "Attacker" not in roles:
        out.extend(("Attacker", t.lower_) for t in toks["agent"])
    if second not in roles:
        out.extend((second, t.lower_) for t in toks["patient"])
    if slots.place is not None and slots.place_in_sent and slots.place.span_start >= 0:
        out.append(("Place", place_head(doc, slots.place)))
    return list(dict.fromkeys(out))


def gold_trigger_events(doc: Any, ctx: Any, gold: WikiDoc, fallback: bool = False) -> list[PredEvent]:
    """One prediction per gold event: sitroom's slot logic run on the gold trigger's head token."""
    from sitroom import events as events_mod

    hits = events_mod.find_triggers(doc)
    out: list[PredEvent] = []
    for ge in gold.events:
        span = doc.char_span(ge.trigger[0], ge.trigger[1], alignment_mode="expand")
        if span is None or not len(span):
            out.append(PredEvent(ge.family, ge.trigger, []))
            continue
        head = span.root
        etype, sub = FAMILY_TYPES[ge.family]
        inverse = False
        for h in hits:  # the gold trigger is one of sitroom's: its own type and direction
            if h.start <= head.i < h.end:
                etype, sub, inverse = h.trig["type"], h.trig["sub"], bool(h.trig.get("inverse"))
                break
        slots = events_mod.fill_slots(doc, ctx, head, etype, sub, inverse)
        args = slot_args(ge.family, slots, ctx.source_text, head.lemma_.lower())
        if fallback:
            args = fallback_args(ge.family, args, doc, head, slots)
        out.append(PredEvent(ge.family, ge.trigger, args))
    return out


def score_gold_triggers(golds: Sequence[WikiDoc], preds: dict[str, list[PredEvent]]) -> tuple[PRF, PRF]:
    """(head F1 over the four filled roles, head F1 over every gold argument of those events)."""
    filled, every = PRF(), PRF()
    for g in golds:
        for ge, p in zip(g.events, preds.get(g.doc_id, [])):
            for gold_args, acc in ((ge.args, "filled"), (ge.all_args, "every")):
                left = list(gold_args)
                tp = 0
                for a in p.args:
                    if a in left:
                        left.remove(a)
                        tp += 1
                c = PRF(tp, len(p.args), tp, len(gold_args))
                if acc == "filled":
                    filled = filled.add(c)
                else:
                    every = every.add(c)
    return filled, every


def run(split: str = "test", limit: int = 0) -> dict[str, Any]:
    path = data_path("wikievents", f"{split}.jsonl")
    if not path.exists():
        return {"skipped": f"{path} not found"}
    docs = read_jsonl(path)
    if limit:
        docs = docs[:limit]
    from sitroom.records import Document

    from .common import event_context, parse_and_analyse

    t0 = time.perf_counter()
    preds: dict[str, list[PredEvent]] = {}
    gold_preds: dict[str, list[PredEvent]] = {}
    fb_preds: dict[str, list[PredEvent]] = {}
    errors = 0
    by_id = {d.doc_id: d for d in docs}
    for document, parsed, r in parse_and_analyse([Document(id=d.doc_id, text=d.text) for d in docs]):
        if r is None:
            errors += 1
            continue
        preds[document.id] = [p for ev in r.events for p in map_event(ev)]
        ctx = event_context(document, parsed)
        gold_preds[document.id] = gold_trigger_events(parsed, ctx, by_id[document.id])
        fb_preds[document.id] = gold_trigger_events(parsed, ctx, by_id[document.id], fallback=True)
    secs = time.perf_counter() - t0
    arg, trig = score_trigger_matched(docs, preds)
    g_filled, g_every = score_gold_triggers(docs, gold_preds)
    f_filled, f_every = score_gold_triggers(docs, fb_preds)
    return {"docs": len(docs), "seconds": secs, "doc_level": score_doc_level(docs, preds),
            "trigger_matched": arg, "triggers": trig, "gold_filled": g_filled, "gold_every": g_every,
            "fallback_filled": f_filled, "fallback_every": f_every,
            "errors": errors, "gold_events": sum(len(d.events) for d in docs),
            "gold_args": sum(len(e.args) for d in docs for e in d.events),
            "gold_all_args": sum(len(e.all_args) for d in docs for e in d.events)}


def report(res: dict[str, Any]) -> str:
    if "skipped" in res:
        return f"WikiEvents: skipped ({res['skipped']})"
    return "\n".join([
        f"WikiEvents {res['docs']} docs ({res['seconds']:.0f} s, {res['errors']} failed), gold: {res['gold_events']} attack/die/arrest "
        f"events, {res['gold_args']} Attacker/Target/Victim/Place arguments ({res['gold_all_args']} of all roles)",
        f"  document level (family, role, head): {res['doc_level'].fmt()}",
        f"  triggers (family + overlap): {res['triggers'].fmt()}",
        f"  arguments of trigger-matched events (head word): {res['trigger_matched'].fmt()}",
        f"  gold triggers, Attacker/Target/Victim/Place (head word): {res['gold_filled'].fmt()}",
        f"  gold triggers, every gold argument of those events (head word): {res['gold_every'].fmt()}",
        f"  gold triggers + parse fallback, Attacker/Target/Victim/Place: {res['fallback_filled'].fmt()}",
        f"  gold triggers + parse fallback, every gold argument: {res['fallback_every'].fmt()}",
    ])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="sitroom on WikiEvents attack/die/arrest arguments")
    ap.add_argument("--split", default="test", choices=["test", "dev"])
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args(argv)
    print(report(run(a.split, a.limit)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
