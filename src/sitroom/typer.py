"""Event typing: one decision per trigger mention, from visible inputs, with a reason.

The inputs (:class:`TypingInputs`) are what the events stage reads around a trigger:
the trigger class and its own ACLED type, the kind of agent and of target, the cue
classes found in the sentence (weapon words, crowd words, police-intervention words,
riot acts, lethal words, "no violence" …) and the trigger's flags. ACLED's precedence
rules are written once, as data, in ``data/typing.json``: an ordered list whose first
matching rule gives the type, a reason and a confidence. When no rule matches, the
trigger's own type stands.

A rule's ``if`` may hold:

- ``trigger`` / ``trigger_not``: trigger ids (``data/triggers.json``);
- ``type`` / ``type_not`` / ``sub``: the trigger's own event type or sub-type;
- ``flag``: trigger flags that must be set (``typed_by_target``, ``territory``);
- ``agent`` / ``agent_not``: agent kinds (``none`` for no agent, ``state`` for state or
  external forces, ``armed`` for state, rebel or militia);
- ``target``: target kinds (``civilian``, ``military``, ``protesters``, ``none``);
- ``cues`` (all of), ``any_cue`` (one of), ``no_cue`` (none of): cue classes.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

STATE = frozenset({"state_forces", "external_forces"})
ARMED = STATE | {"rebels", "political_militia", "identity_militia"}


@dataclass(frozen=True)
class TypingInputs:
    trigger: str  # trigger id
    event_type: str  # the trigger's own type
    sub: str
    flags: frozenset[str] = frozenset()
    agent: str | None = None  # agent kind
    target: str | None = None  # 'civilian' | 'military' | 'protesters' | None
    cues: frozenset[str] = field(default_factory=frozenset)

    def describe(self) -> str:
        parts = [f"trigger={self.trigger}", f"agent={self.agent or 'none'}", f"target={self.target or 'none'}"]
        if self.cues:
            parts.append("cues=" + ",".join(sorted(self.cues)))
        return " ".join(parts)


@dataclass(frozen=True)
class TypeDecision:
    event_type: str
    sub: str
    reason: str
    confidence: float
    rule: str  # the rule's id ('default' when the trigger's own type stands)


@dataclass(frozen=True)
class _Rule:
    id: str
    cond: dict[str, frozenset[str]]
    event_type: str
    sub: str
    reason: str
    confidence: float


@dataclass(frozen=True)
class TypingData:
    rules: tuple[_Rule, ...]
    cue_words: dict[str, frozenset[str]]  # cue class -> single words (lemma or lower form)
    cue_phrases: dict[str, tuple[str, ...]]  # cue class -> multi-word phrases (lower)
    trigger_confidence: float
    outcome_cues: frozenset[str] = frozenset()  # cue classes also read from the sentences that follow
    crowd_agents: frozenset[str] = frozenset()  # subject nouns that make the doer a crowd, not an armed group
    attempt_governors: frozenset[str] = frozenset()  # "attempted to fire a rocket": disrupted weapons use
    doer_nouns: frozenset[str] = frozenset()  # attackers, raiders, militants …: killed, they show the other side fought
    protest_outcome_cues: frozenset[str] = frozenset()  # also read from the sentences after a demonstration
    brief_cues: frozenset[str] = frozenset()  # read from the whole document when it is a brief


_HYPHEN = re.compile(r"\s*-\s*")


@lru_cache(maxsize=1)
def data() -> TypingData:
    raw = json.loads(resources.files("sitroom.data").joinpath("typing.json").read_text(encoding="utf-8"))
    rules = []
    for r in raw["rules"]:
        etype, sub = r["then"]
        cond = {k: frozenset(v) if isinstance(v, list) else frozenset([v]) for k, v in r["if"].items()}
        rules.append(_Rule(r["id"], cond, etype, sub, r["reason"], float(r.get("confidence", 0.7))))
    words: dict[str, frozenset[str]] = {}
    phrases: dict[str, tuple[str, ...]] = {}
    for name, items in raw["cues"].items():
        words[name] = frozenset(w.lower() for w in items if " " not in w)
        # the tokenizer splits a hyphenated word ("tear-gassed" -> tear - gassed): such an entry is also read
        # as the phrase its tokens spell
        spelled = [w.lower() for w in items if " " in w] + [_HYPHEN.sub(" - ", w.lower()) for w in items
                                                             if "-" in w.strip("-")]
        phrases[name] = tuple(dict.fromkeys(spelled))
    return TypingData(tuple(rules), words, phrases, float(raw.get("trigger_confidence", 0.6)),
                      frozenset(raw.get("outcome_cues", ())), frozenset(raw.get("crowd_agents", ())),
                      frozenset(raw.get("attempt_governors", ())), frozenset(raw.get("doer_nouns", ())),
                      frozenset(raw.get("protest_outcome_cues", ())), frozenset(raw.get("brief_cues", ())))


_CueIndex = tuple["TypingData", dict[str, frozenset[str]], dict[str, "re.Pattern[str]"]]
_cue_index_cache: list[_CueIndex] = []


def _cue_index(d: TypingData) -> _CueIndex:
    """Built once per loaded table: word -> the cue classes that list it, and per class one regex
    `` (?:p1|p2|…) `` that finds any of its phrases with the padding spaces ``cues_in`` reads them with
    (a literal alternation matches exactly where one of its phrases occurs, so the answer is that of
    testing each phrase with ``in``)."""
    if _cue_index_cache and _cue_index_cache[0][0] is d:
        return _cue_index_cache[0]
    by_word: dict[str, set[str]] = {}
    for name, ws in d.cue_words.items():
        for w in ws:
            by_word.setdefault(w, set()).add(name)
    phrase_res = {name: re.compile(" (?:" + "|".join(re.escape(p) for p in ps) + ") ")
                  for name, ps in d.cue_phrases.items() if ps and name in d.cue_words}
    index: _CueIndex = (d, {w: frozenset(v) for w, v in by_word.items()}, phrase_res)
    _cue_index_cache[:] = [index]
    return index


def cues_in(lemmas: Iterable[str], lowers: Iterable[str]) -> frozenset[str]:
    """The cue classes named in a sentence, given its tokens' lemmas and lower-cased forms: a class
    whose single words include one of the tokens, or one of whose phrases the tokens spell out."""
    _, by_word, phrase_res = _cue_index(data())
    lem = [x.lower() for x in lemmas]
    low = [x.lower() for x in lowers]
    out: set[str] = set()
    for w in set(lem) | set(low):
        classes = by_word.get(w)
        if classes:
            out |= classes
    texts: tuple[str, str] | None = None
    for name, rx in phrase_res.items():
        if name in out:
            continue
        if texts is None:
            texts = (" " + " ".join(low) + " ", " " + " ".join(lem) + " ")
        if rx.search(texts[0]) or rx.search(texts[1]):
            out.add(name)
    return frozenset(out)


def _cues_in_slow(lemmas: Iterable[str], lowers: Iterable[str]) -> frozenset[str]:
    """``cues_in`` written plainly (every class, every phrase): the reference its tests compare with."""
    d = data()
    lem = [x.lower() for x in lemmas]
    low = [x.lower() for x in lowers]
    words = set(lem) | set(low)
    texts = (" " + " ".join(low) + " ", " " + " ".join(lem) + " ")
    out = set()
    for name, ws in d.cue_words.items():
        if words & ws or any(f" {p} " in t for p in d.cue_phrases[name] for t in texts):
            out.add(name)
    return frozenset(out)


def _kinds(kind: str | None) -> set[str]:
    if kind is None:
        return {"none"}
    out = {kind}
    if kind in STATE:
        out.add("state")
    if kind in ARMED:
        out.add("armed")
    return out


def _holds(rule: _Rule, inp: TypingInputs) -> bool:
    c = rule.cond
    for key, vals in c.items():
        if key == "trigger" and inp.trigger not in vals:
            return False
        if key == "trigger_not" and inp.trigger in vals:
            return False
        if key == "type" and inp.event_type not in vals:
            return False
        if key == "type_not" and inp.event_type in vals:
            return False
        if key == "sub" and inp.sub not in vals:
            return False
        if key == "flag" and not vals <= inp.flags:
            return False
        if key == "agent" and not (_kinds(inp.agent) & vals):
            return False
        if key == "agent_not" and _kinds(inp.agent) & vals:
            return False
        if key == "target" and (inp.target or "none") not in vals:
            return False
        if key == "target_not" and (inp.target or "none") in vals:
            return False
        if key == "cues" and not vals <= inp.cues:
            return False
        if key == "any_cue" and not vals & inp.cues:
            return False
        if key == "no_cue" and vals & inp.cues:
            return False
    return True


def decide(inp: TypingInputs) -> TypeDecision:
    """The ACLED type of one trigger mention: the first rule of ``data/typing.json`` that holds."""
    for rule in data().rules:
        if _holds(rule, inp):
            return TypeDecision(rule.event_type, rule.sub, f"{rule.reason} [{inp.describe()}]", rule.confidence,
                                rule.id)
    return TypeDecision(inp.event_type, inp.sub, f"the trigger's own type [{inp.describe()}]",
                        data().trigger_confidence, "default")


def rule_ids() -> list[str]:
    return [r.id for r in data().rules]


def as_dict(d: TypeDecision) -> dict[str, Any]:
    return {"event_type": d.event_type, "sub_event_type": d.sub, "reason": d.reason,
            "confidence": round(d.confidence, 3), "rule": d.rule}
