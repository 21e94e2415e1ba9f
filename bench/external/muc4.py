"""MUC-4 document-level role-filler extraction (GRIT/GTT setting), read from ../shared at run time.

    python -m bench.external.muc4 [--split test] [--limit N] [--no-lexicons]

Data: ``muc4/gtt_processed/{train,test}.json`` (test = TST3+TST4, 200 documents,
lower-cased text, datelines stripped). sitroom's events are mapped to MUC templates:

* incident type from the ACLED type/sub-type (see ``incident_type``);
* PerpInd / PerpOrg from ``actor1_mention`` (organisation when it names a group);
* Victim from ``actor2_mention``;
* Weapon from the event trigger and, with lexicons, weapon words of the event's sentences;
* Target: sitroom extracts no physical targets; with lexicons, target phrases seen as
  Target fillers in train.json that occur in the event's sentences.

Lexicons are learned from train.json only (strings that fill the role at least
``MIN_COUNT`` times). Metric: the role-filler entity metric of GRIT (Du et al. 2021):
per document and role, predicted fillers are matched one to one to gold entities; a
filler matches an entity when it equals (after normalisation) any of the entity's
mentions; precision, recall and F1 micro-averaged over the five roles.

The trained setting (a role-filler classifier learned from train.json, thresholds from
dev.json) is ``python -m bench.external.muc4_model``; this module keeps the untrained rows.
"""
from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .common import PRF, data_path, normalise, process_guarded

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
MIN_COUNT = 2

# ACLED sub-event (or type) -> MUC incident type; absent = not a MUC incident
SUB_TO_INCIDENT = {
    "Suicide bomb": "bombing", "Remote explosive/landmine/IED": "bombing", "Grenade": "bombing",
    "Air/drone strike": "attack", "Shelling/artillery/missile attack": "attack",
    "Abduction/forced disappearance": "kidnapping", "Attack": "attack", "Armed clash": "attack",
    "Looting/property destruction": "arson", "Chemical weapon": "attack",
}
ARSON_WORDS = frozenset({"torch", "torched", "set", "burn", "burned", "burnt", "ablaze", "fire", "raze", "razed"})
ROBBERY_WORDS = frozenset({"loot", "looted", "looting", "rob", "robbed", "robbery", "steal", "stole"})
# words that make an actor mention a description of people (PerpInd), not an organisation name
PERSON_HEADS = frozenset({
    "guerrilla", "guerrillas", "terrorist", "terrorists", "rebel", "rebels", "men", "man", "individual",
    "individuals", "person", "persons", "people", "member", "members", "soldier", "soldiers", "gunmen",
    "gunman", "assailant", "assailants", "attacker", "attackers", "subversive", "subversives", "troops",
    "squad", "squads", "commando", "commandos", "criminal", "criminals", "kidnapper", "kidnappers",
    "trafficker", "traffickers", "narcoterrorist", "narcoterrorists", "militant", "militants", "youth",
    "youths", "agents", "agent", "policemen", "policeman", "officers", "officer", "group", "unit", "cell",
})
# built-in weapon words for the no-lexicon setting (generic arms vocabulary, not learned)
WEAPON_WORDS = frozenset({
    "bomb", "bombs", "car bomb", "grenade", "grenades", "dynamite", "explosive", "explosives", "rifle", "rifles",
    "mortar", "mortars", "rocket", "rockets", "machinegun", "machineguns", "pistol", "pistols", "gun", "guns",
    "mine", "mines", "missile", "missiles", "artillery", "ied", "landmine", "firearm", "firearms",
})


@dataclass
class MucDoc:
    docid: str
    text: str
    templates: list[dict[str, Any]] = field(default_factory=list)

    def incident_types(self) -> set[str]:
        return {t["incident_type"] for t in self.templates}

    def gold_roles(self) -> dict[str, list[list[str]]]:
        """Role -> entities (each a list of mention strings), merged over templates, deduplicated."""
        out: dict[str, list[list[str]]] = {r: [] for r in ROLES}
        for r in ROLES:
            seen: set[frozenset[str]] = set()
            for t in self.templates:
                for ent in t.get(r, []):
                    mentions = [m[0] if isinstance(m, list) else m for m in ent]
                    key = frozenset(normalise(m) for m in mentions)
                    if key and key not in seen:
                        seen.add(key)
                        out[r].append(mentions)
        return out


def read_gtt(path: Path | str) -> list[MucDoc]:
    """gtt_processed JSON lines: ``{"docid", "doctext", "templates": [{"incident_type", role: [[[m, off]...]...]}]}``."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                out.append(MucDoc(d["docid"], d["doctext"], d.get("templates", [])))
    return out


def _head(s: str) -> str:
    w = normalise(s).split()
    return w[-1] if w else ""


def match_role(pred: Sequence[str], gold: Sequence[Sequence[str]], head: bool = False) -> PRF:
    """One role of one document: predicted fillers matched one to one to gold entities."""
    preds = list(dict.fromkeys(normalise(p) for p in pred if normalise(p)))
    key = _head if head else normalise
    gold_keys = [{key(m) for m in ent} for ent in gold]
    used: set[int] = set()
    tp = 0
    for p in preds:
        pk = _head(p) if head else p
        for gi, keys in enumerate(gold_keys):
            if gi not in used and pk in keys:
                used.add(gi)
                tp += 1
                break
    return PRF(tp, len(preds), tp, len(gold))


def score(gold: dict[str, dict[str, list[list[str]]]], pred: dict[str, dict[str, list[str]]],
          head: bool = False) -> dict[str, PRF]:
    """Per role and ``micro`` over roles; ``gold``/``pred``: docid -> role -> entities/fillers."""
    out = {r: PRF() for r in ROLES}
    for docid, roles in gold.items():
        p = pred.get(docid, {})
        for r in ROLES:
            out[r] = out[r].add(match_role(p.get(r, []), roles.get(r, []), head))
    micro = PRF()
    for r in ROLES:
        micro = micro.add(out[r])
    out["micro"] = micro
    return out


@dataclass(frozen=True)
class Lexicons:
    """Role filler strings learned from the training split (normalised), longest first."""

    perp_org: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    weapon: tuple[str, ...] = ()
    _res: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)

    def pattern(self, role: str) -> re.Pattern[str] | None:
        words = {"PerpOrg": self.perp_org, "Target": self.target, "Weapon": self.weapon}[role]
        if not words:
            return None
        if role not in self._res:
            alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            self._res[role] = re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")
        return self._res[role]


def learn_lexicons(train: Iterable[MucDoc], min_count: int = MIN_COUNT) -> Lexicons:
    counts: dict[str, Counter[str]] = {r: Counter() for r in ("PerpOrg", "Target", "Weapon")}
    for d in train:
        for r, ents in d.gold_roles().items():
            if r in counts:
                for ent in ents:
                    for m in {normalise(x) for x in ent}:
                        if len(m) > 2:
                            counts[r][m] += 1
    pick = {r: tuple(m for m, n in c.items() if n >= min_count) for r, c in counts.items()}
    return Lexicons(pick["PerpOrg"], pick["Target"], pick["Weapon"])


def as_wire_text(text: str) -> str:
    """The original MUC copy is upper case (gtt_processed lower-cased it); sitroom reads
    capitalisation outside the parse, so it gets the upper-case text (same offsets)."""
    up = text.upper()
    return up if len(up) == len(text) else text


def incident_type(ev: Any) -> str | None:
    """MUC incident type of a sitroom EventReport, or None when it is not a MUC incident."""
    sub = ev.sub_event_type
    inc = SUB_TO_INCIDENT.get(sub)
    if sub == "Looting/property destruction":
        words = set(normalise(ev.trigger.text).split()) if ev.trigger else set()
        inc = "robbery" if words & ROBBERY_WORDS else "arson"
    return inc


def weapon_words(trigger: str) -> list[str]:
    """Weapon words in a trigger ("car bomb exploded" -> ["car bomb"]), longest first, no overlaps."""
    words = normalise(trigger).split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in (2, 1):
            cand = " ".join(words[i:i + n])
            if len(words[i:i + n]) == n and cand in WEAPON_WORDS:
                out.append(cand)
                i += n
                break
        else:
            i += 1
    return out


def is_org(mention: str, lex: Lexicons) -> bool:
    n = normalise(mention)
    if n in set(lex.perp_org):
        return True
    words = n.split()
    return bool(words) and words[-1] not in PERSON_HEADS and not any(ch.isdigit() for ch in n)


def _sentences(ev: Any, text: str) -> list[str]:
    return [text[s.start:s.end] for s in ev.evidence]


def predict(result: Any, lex: Lexicons | None) -> tuple[set[str], dict[str, list[str]]]:
    """Incident types and role fillers of one DocumentResult (document level)."""
    text = result.document.text
    types: set[str] = set()
    roles: dict[str, list[str]] = {r: [] for r in ROLES}
    for ev in result.events:
        inc = incident_type(ev)
        if inc is None:
            continue
        types.add(inc)
        if ev.actor1_mention:
            org = is_org(ev.actor1_mention, lex or Lexicons())
            roles["PerpOrg" if org else "PerpInd"].append(ev.actor1_mention)
        if ev.actor2_mention:
            roles["Victim"].append(ev.actor2_mention)
        if ev.trigger is not None:
            roles["Weapon"].extend(weapon_words(ev.trigger.text))
        if lex is not None:
            for sent in _sentences(ev, text):
                low = sent.lower()
                for r in ("PerpOrg", "Target", "Weapon"):
                    pat = lex.pattern(r)
                    if pat is not None:
                        roles[r].extend(m.group() for m in pat.finditer(low))
    return types, {r: list(dict.fromkeys(v)) for r, v in roles.items()}


def type_prf(gold: dict[str, set[str]], pred: dict[str, set[str]]) -> PRF:
    out = PRF()
    for docid, g in gold.items():
        p = pred.get(docid, set())
        tp = len(g & p)
        out = out.add(PRF(tp, len(p), tp, len(g)))
    return out


def run(split: str = "test", limit: int = 0, lexicons: bool = True) -> dict[str, Any]:
    path = data_path("muc4", "gtt_processed", f"{split}.json")
    if not path.exists():
        return {"skipped": f"{path} not found"}
    docs = read_gtt(path)
    if limit:
        docs = docs[:limit]
    lex = None
    train_path = data_path("muc4", "gtt_processed", "train.json")
    if lexicons and train_path.exists():
        lex = learn_lexicons(read_gtt(train_path))
    from sitroom.records import Document

    t0 = time.perf_counter()
    results = list(process_guarded([Document(id=d.docid, text=as_wire_text(d.text)) for d in docs]))
    secs = time.perf_counter() - t0
    return evaluate(docs, results, lex, secs)


def evaluate(docs: Sequence[MucDoc], results: Sequence[Any], lex: Lexicons | None,
             secs: float = 0.0) -> dict[str, Any]:
    gold = {d.docid: d.gold_roles() for d in docs}
    gold_types = {d.docid: d.incident_types() for d in docs}
    out: dict[str, Any] = {"docs": len(docs), "seconds": secs,
                           "errors": sum(not hasattr(r, "events") for r in results)}
    for name, lx in (("native", None), ("lexicons", lex)):
        if name == "lexicons" and lx is None:
            continue
        pred: dict[str, dict[str, list[str]]] = {}
        ptypes: dict[str, set[str]] = {}
        for r in results:
            if hasattr(r, "events"):
                ptypes[r.document.id], pred[r.document.id] = predict(r, lx)
        out[name] = {"exact": score(gold, pred), "head": score(gold, pred, head=True),
                     "types": type_prf(gold_types, ptypes)}
    return out


def report(res: dict[str, Any]) -> str:
    if "skipped" in res:
        return f"MUC-4: skipped ({res['skipped']})"
    lines = [f"MUC-4 {res['docs']} docs ({res['seconds']:.0f} s pipeline, {res['errors']} failed documents)"]
    for name in ("native", "lexicons"):
        if name not in res:
            continue
        r = res[name]
        lines.append(f"  [{name}] incident types (doc level) {r['types'].fmt()}")
        lines.append(report_roles(name, r))
    return "\n".join(lines)


def report_roles(name: str, r: dict[str, Any]) -> str:
    """Two lines: micro and per-role F1, exact and head-noun match."""
    lines = []
    for mode in ("exact", "head"):
        per = "  ".join(f"{k} {100 * v.f1:.1f}" for k, v in r[mode].items() if k != "micro")
        lines.append(f"  [{name}] {mode}: micro {r[mode]['micro'].fmt()}  ({per})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="sitroom on MUC-4 role-filler extraction")
    ap.add_argument("--split", default="test", choices=["test", "dev"])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--no-lexicons", action="store_true")
    a = ap.parse_args(argv)
    print(report(run(a.split, a.limit, not a.no_lexicons)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
