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

from .common import PRF, data_path, process_guarded

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
    """Doc text (sentences joined by newlines) and the char span of every doc token in it."""
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
    return "\n".join(parts), spans


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
            if role and head_word(a["text"]):
                ge.args.append((role, head_word(a["text"])))
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


def run(split: str = "test", limit: int = 0) -> dict[str, Any]:
    path = data_path("wikievents", f"{split}.jsonl")
    if not path.exists():
        return {"skipped": f"{path} not found"}
    docs = read_jsonl(path)
    if limit:
        docs = docs[:limit]
    from sitroom.records import Document

    t0 = time.perf_counter()
    preds: dict[str, list[PredEvent]] = {}
    errors = 0
    for r in process_guarded([Document(id=d.doc_id, text=d.text) for d in docs]):
        errors += not hasattr(r, "events")
        if hasattr(r, "events"):
            preds[r.document.id] = [p for ev in r.events for p in map_event(ev)]
    secs = time.perf_counter() - t0
    arg, trig = score_trigger_matched(docs, preds)
    return {"docs": len(docs), "seconds": secs, "doc_level": score_doc_level(docs, preds),
            "trigger_matched": arg, "triggers": trig,
            "errors": errors, "gold_events": sum(len(d.events) for d in docs),
            "gold_args": sum(len(e.args) for d in docs for e in d.events)}


def report(res: dict[str, Any]) -> str:
    if "skipped" in res:
        return f"WikiEvents: skipped ({res['skipped']})"
    return "\n".join([
        f"WikiEvents {res['docs']} docs ({res['seconds']:.0f} s, {res['errors']} failed), gold: {res['gold_events']} attack/die/arrest "
        f"events, {res['gold_args']} Attacker/Target/Victim/Place arguments",
        f"  document level (family, role, head): {res['doc_level'].fmt()}",
        f"  triggers (family + overlap): {res['triggers'].fmt()}",
        f"  arguments of trigger-matched events (head word): {res['trigger_matched'].fmt()}",
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
