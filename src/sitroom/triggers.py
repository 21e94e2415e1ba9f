"""Event triggers: the trigger lexicon, matching, and the filters that drop non-events.

Triggers are matched from ``data/triggers.json`` (lemma patterns, looked up by
hash in token arrays rather than with spaCy's ``Matcher``). ``suppressed`` says
why a trigger does not report a real, past event: negated, governed by a modal
or an intention/threat word ("plans to attack", "could strike"), inside a
direct quote, a participle that only describes a group ("the coalition
fighting ISIS"), a bare plural speaking of attacks in general, and so on.
:mod:`sitroom.events` builds events from the triggers that survive.
"""
from __future__ import annotations

import json
import logging
from dataclasses import MISSING, dataclass, fields
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy import symbols as spacy_symbols
from spacy.tokens import Doc, Span, Token

from .doctools import span_text, tokens

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TriggerLexicon:
    version: int
    triggers: tuple[dict[str, Any], ...]
    civilian_targets: frozenset[str]
    military_targets: frozenset[str]
    suppress: frozenset[str]
    protest_intervention: frozenset[str]
    protest_excessive: frozenset[str]
    aircraft: frozenset[str] = frozenset()
    remote_verbs: frozenset[str] = frozenset()
    abductees: frozenset[str] = frozenset()  # people nouns: "seized 279 girls" is an abduction
    aggregate_governors: frozenset[str] = frozenset()  # "recorded ... killed in attacks": a tally
    harm_verbs: frozenset[str] = frozenset()  # "Shelling by the army hit a market": an event
    disrupt_verbs: frozenset[str] = frozenset()  # "police defused a bomb": no explosion
    suppress_noun_only: frozenset[str] = frozenset()  # "the use of …" suppresses; "police used …" does not
    property_nouns: frozenset[str] = frozenset()  # "seized a vehicle" is looting, not a capture of ground
    charge_governors: frozenset[str] = frozenset()  # "arrested over the killing of …": the killing is the charge
    charge_nouns: frozenset[str] = frozenset()  # "on trial over the killing of …": the killing is the charge
    figurative_subjects: frozenset[str] = frozenset()  # "tensions exploded", "anger erupted": no blast


# TriggerLexicon's word-set fields and the triggers.json key each is read from
_SET_FIELDS = tuple((f, "suppress_governors" if f.name == "suppress" else f.name)
                    for f in fields(TriggerLexicon) if f.name not in ("version", "triggers"))


@lru_cache(maxsize=1)
def lexicon() -> TriggerLexicon:
    data = json.loads(resources.files("sitroom.data").joinpath("triggers.json").read_text(encoding="utf-8"))
    sets = {f.name: frozenset(data[key] if f.default is MISSING else data.get(key, ())) for f, key in _SET_FIELDS}
    return TriggerLexicon(data["version"], tuple(data["triggers"]), **sets)


def _token_spec(tok: str) -> dict[str, Any]:
    if tok.startswith("lower:"):
        return {"LOWER": tok[6:]}
    word, _, pos = tok.partition("|")
    spec: dict[str, Any] = {"LEMMA": {"IN": [word, word.title(), word.upper()]}}
    if pos:
        spec["POS"] = {"IN": [pos, "PROPN"] if pos == "NOUN" else [pos]}
    return spec


_POS_IDS = {"NOUN": (spacy_symbols.NOUN, spacy_symbols.PROPN), "VERB": (spacy_symbols.VERB,),
            "PROPN": (spacy_symbols.PROPN,), "ADJ": (spacy_symbols.ADJ,)}


@dataclass(frozen=True)
class _Pattern:
    trig: int
    toks: tuple[tuple[str, frozenset[int], tuple[int, ...]], ...]  # (attr, accepted hashes, accepted POS ids)


@lru_cache(maxsize=4)
def _pattern_index(vocab_id: int, vocab: Any) -> dict[tuple[str, int], list[_Pattern]]:
    """First-token hash -> patterns starting with it. Matching walks token hashes, not Python tokens."""
    index: dict[tuple[str, int], list[_Pattern]] = {}
    strings = vocab.strings
    for i, trig in enumerate(lexicon().triggers):
        for pat in trig["patterns"]:
            toks = []
            for tok in pat:
                if tok.startswith("lower:"):
                    attr, word, pos = "LOWER", tok[6:], ""
                else:
                    attr = "LEMMA"
                    word, _, pos = tok.partition("|")
                if not pos and "pos" in trig and len(pat) == 1:
                    pos = trig["pos"]
                forms = {word, word.title(), word.upper()} if attr == "LEMMA" else {word}
                toks.append((attr, frozenset(strings.add(f) for f in forms), _POS_IDS.get(pos, ())))
            p = _Pattern(i, tuple(toks))
            attr0, hashes0, _ = p.toks[0]
            for h in hashes0:
                index.setdefault((attr0, h), []).append(p)
    return index


def _raw_matches(doc: Doc) -> list[tuple[int, int, int]]:
    """(trigger index, start, end) of every pattern match, over token attribute arrays."""
    from spacy.attrs import LEMMA, LOWER, POS

    if len(doc) == 0:
        return []
    arr = doc.to_array([LEMMA, LOWER, POS])
    lem = arr[:, 0].tolist()
    low = arr[:, 1].tolist()
    pos = arr[:, 2].tolist()
    cols = {"LEMMA": lem, "LOWER": low}
    index = _pattern_index(id(doc.vocab), doc.vocab)
    n = len(lem)
    out = []
    for i in range(n):
        cands = index.get(("LEMMA", lem[i]), []) + index.get(("LOWER", low[i]), [])
        for p in cands:
            if i + len(p.toks) > n:
                continue
            for k, (attr, hashes, poses) in enumerate(p.toks):
                j = i + k
                if cols[attr][j] not in hashes or (poses and pos[j] not in poses):
                    break
            else:
                out.append((p.trig, i, i + len(p.toks)))
    return out


@dataclass(frozen=True)
class Hit:
    trig: dict[str, Any]
    start: int  # token indices
    end: int

    def head(self, doc: Doc) -> Token:
        root = doc[self.start:self.end].root
        # "car bomb attacks", "suicide bombing": the noun the phrase modifies is the head
        while root.dep_ == "compound" and root.head.i != root.i and root.head.i > root.i:
            root = root.head
        return root


def find_triggers(doc: Doc) -> list[Hit]:
    """All trigger matches, longest first where they overlap."""
    lex = lexicon()
    raw = _raw_matches(doc)
    raw.sort(key=lambda t: (-(t[2] - t[1]), lex.triggers[t[0]]["rank"], t[1]))
    taken: set[int] = set()
    hits: list[Hit] = []
    for idx, s, e in raw:
        if any(i in taken for i in range(s, e)):
            continue
        taken.update(range(s, e))
        hits.append(Hit(lex.triggers[idx], s, e))
    hits.sort(key=lambda h: h.start)
    return hits


# ---------------------------------------------------------------- filters

_MODALS = {"could", "would", "should", "might", "may", "will", "can", "must", "shall", "'ll", "wo"}


def _in_quotes(doc: Doc, i: int, sent: Span) -> bool:
    """True when token i sits between an odd number of quotation marks in its sentence."""
    n = 0
    for t in tokens(doc)[sent.start:i]:
        if t.text in ('"', "“", "”", "«", "»"):
            n += 1
    return n % 2 == 1


_NAME_ENTS = frozenset({"ORG", "FAC", "NORP", "WORK_OF_ART", "LAW", "PRODUCT"})


def _inside_name(doc: Doc, hit: Hit) -> bool:
    """True when the trigger's words are part of a longer capitalised name of an organisation,
    building or law ("the Oromo Liberation Army", "the Bomb Disposal Unit"), read from the tokens'
    entity tags (no scan of ``doc.ents``, which builds new spans on every access)."""
    first = doc[hit.start]
    if first.ent_type_ not in _NAME_ENTS or not first.text[:1].isupper():
        return False
    return first.ent_iob_ == "I" or (hit.end < len(doc) and doc[hit.end].ent_iob_ == "I")


def suppressed(hit: Hit, doc: Doc, sent: Span) -> str | None:
    """Why this trigger does not report an actual event (None when it does)."""
    lex = lexicon()
    head = hit.head(doc)
    if any(c.dep_ == "neg" for c in head.children):
        return "negated"
    if head.dep_ in ("dobj", "nsubjpass") and head.head.lemma_.lower() in lex.disrupt_verbs \
            and hit.trig.get("sub") != "Disrupted weapons use":
        return f"disrupted:{head.head.lemma_.lower()}"  # "police defused a bomb": it did not go off
    for c in head.children:  # "no one was killed", "no attack took place"
        if c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in ("nobody", "none") or any(
                d.dep_ == "det" and d.lower_ == "no" for d in c.children)):
            return "negated"
    if any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
        return "negated"
    if _in_quotes(doc, head.i, sent):
        return "in_quote"
    if _inside_name(doc, hit):
        return "in_name"  # "the National Liberation Army", "the Bomb Disposal Unit": a name, not an act
    if hit.trig.get("figurative_with_abstract_subject") and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in lex.figurative_subjects for c in head.children):
        return "figurative"  # "tensions exploded", "prices exploded"
    if span_text(sent).rstrip().endswith("?"):
        return "question"
    # modal or intention on the trigger or any governing verb/noun up the tree
    node: Token | None = head
    steps = 0
    while node is not None and steps < 6:
        for c in node.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in _MODALS:
                return "modal"
            if c.dep_ == "neg" and node.i != head.i and node.pos_ == "VERB" and steps <= 2:
                return "negated"
        if node.i != head.i and steps == 1 and head.dep_ == "nsubj" and hit.trig["type"] == "Protests":
            break  # "protesters also called for the board's dismissal": the protesters who call are there
        if node.i != head.i:
            if (node.lemma_.lower() in lex.suppress or node.lower_ in lex.suppress) and not (
                    node.lemma_.lower() in lex.suppress_noun_only and node.pos_ != "NOUN"):
                return f"governed_by:{node.lemma_.lower()}"
            if head.tag_ == "NNS" and node.pos_ == "VERB" and node.lemma_.lower() in lex.aggregate_governors:
                return f"tally:{node.lemma_.lower()}"
            if node.tag_ == "VBG" and node.dep_ in ("pcomp", "pobj") and node.head.lower_ in ("by", "of", "for", "without"):
                return "gerund_method"
        if node.dep_ in ("ROOT",) or node.head.i == node.i:
            break
        # stop climbing at a clause boundary that is itself an event report
        if node.i != head.i and node.dep_ in ("ccomp",) and node.head.lemma_ in ("say", "report", "tell", "state", "announce", "confirm"):
            break
        node = node.head
        steps += 1
    for c in head.children:
        if c.dep_ in ("compound", "amod", "advmod") and (c.lemma_.lower() in lex.suppress or c.lower_ in _HEDGES):
            return f"modifier:{c.lower_}"
    tense = _clause_tense(head)
    if tense == "present":
        return "present_tense_clause"
    if tense == "ongoing":
        return "ongoing_campaign"
    if head.tag_ == "VBG" and head.dep_ in ("csubj", "csubjpass") and head.head.lemma_.lower() not in lex.harm_verbs:
        return "gerund_subject"  # "Fighting them is hard", but "Shelling by the army hit a market" is an event
    if head.dep_ == "acl" and head.tag_ == "VBG":
        return "participle_modifier"
    if head.dep_ == "amod":
        return "modifier"
    if hit.trig.get("needs_past") and head.tag_ in ("VBP", "VBZ", "VB") and not any(c.dep_ == "aux" and c.lower_ in ("has", "have", "had") for c in head.children):
        return "not_past"
    if _background_clause(head):
        return "background_clause"
    clause = head.head if head.dep_ in ("nsubj", "nsubjpass") else head
    if any(c.dep_ == "mark" and c.lower_ == "since" for c in (*head.children, *clause.children)):
        return "time_reference"  # "… since fighting erupted in April"
    if head.dep_ == "pobj" and head.head.lower_ in ("since", "before") and head.pos_ in ("NOUN", "PROPN"):
        return "time_reference"  # "displaced since the 2021 coup"
    if hit.trig.get("type") == "Protests" and head.dep_ == "pobj" and head.pos_ in ("NOUN", "PROPN") and (
            head.head.lower_ in ("following", "after") or (
            head.head.lower_ in ("of", "to") and head.head.head.lower_ in ("ahead", "prior"))):
        return "time_reference"  # "… vandalised a shop following the demonstration", "ahead of the rally": not the event
    if head.tag_ == "NNS":
        for c in head.children:
            if c.dep_ == "nummod" and c.like_num and _num(c.text) > 20:
                return "count_of_events"
    if _perfect(head) and (_big_quantity(head) or _cumulative(sent)):
        return "cumulative_statistic"
    if head.pos_ in ("NOUN", "PROPN") and head.tag_ == "NNS":
        has_det = any(c.dep_ in ("det", "nummod", "poss") or c.lower_ in _QUANT for c in head.children)
        root = sent.root
        concrete = (head.dep_ in ("nsubj", "nsubjpass", "dobj") and head.head.tag_ == "VBD") or (
            root.tag_ == "VBD" and not any(c.dep_ == "aux" for c in root.children)) or (
            root.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.lower_ in ("was", "were") for c in root.children))
        if not has_det and not concrete:
            return "generic_plural"
    if head.pos_ == "VERB" and head.tag_ in ("VBP", "VBZ") and not any(c.dep_ in ("aux", "auxpass") for c in head.children):
        return "present_tense"
    if head.pos_ == "VERB" and head.tag_ == "VB" and not any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("did",) for c in head.children):
        if head.dep_ in ("xcomp", "ROOT", "advcl", "relcl", "conj", "ccomp", "pcomp"):
            return "infinitive"
    if head.tag_ == "VBG" and head.dep_ in ("pcomp", "pobj", "csubj") and head.head.lower_ in ("by", "of", "for", "from", "after", "before", "without"):
        # "by launching attacks" (a method), "of carrying out" (generic) — not an event report
        if head.head.lower_ in ("by", "of", "for", "without"):
            return "gerund_method"
    if any(c.lower_ in hit.trig.get("not_with", ()) for c in head.children if c.dep_ in ("compound", "amod")):
        return "not_an_armed_operation"  # "a search operation", "a rescue operation"
    if hit.trig.get("needs_launch"):
        ok = head.head.lemma_ in ("launch", "begin", "start", "conduct", "carry") or any(
            c.lemma_ in ("begin", "start", "launch") for c in head.children
        ) or any(c.dep_ == "relcl" and c.lemma_ in ("begin", "start", "launch") for c in head.children)
        if not ok:
            return "operation_not_launched"
    return None


_BACKGROUND_MARKS = frozenset({"after", "when", "because", "as", "since", "once"})


def _background_clause(head: Token) -> bool:
    """'… the state has abandoned them after they fought alongside the army': an undated past clause
    hung on a present or perfect statement explains the statement; it does not report an event."""
    if head.dep_ != "advcl" or head.tag_ != "VBD":
        return False
    if not any(c.dep_ == "mark" and c.lower_ in _BACKGROUND_MARKS for c in head.children):
        return False
    gov = head.head
    present = gov.tag_ in ("VBZ", "VBP") or any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have", "is", "are", "'s", "'ve") for c in gov.children)
    if not present:
        return False
    return not any(t.ent_type_ in ("DATE", "TIME") for t in head.subtree)


_QUANT = {"several", "many", "multiple", "numerous", "two", "three", "four", "five", "dozens", "series"}
_HEDGES = {"nearly", "almost", "planning", "planned", "possible", "potential", "future", "likely", "would-be", "attempted"}
_PRESENT_AUX = {"is", "are", "am", "'s", "'re"}


def _clause_tense(head: Token) -> str:
    """'present' when the clause that carries the trigger is a present-tense statement."""
    node = head
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX"):
            break
        if node.head.i == node.i:
            return "unknown"
        node = node.head
    else:
        return "unknown"
    if node.pos_ not in ("VERB", "AUX"):
        return "unknown"
    auxes = [c for c in node.children if c.dep_ in ("aux", "auxpass")]
    if node.i != head.i and node.tag_ == "VBG" and any(a.lower_ == "been" for a in auxes) \
            and not any(a.lower_ == "had" for a in auxes):
        return "ongoing"  # "Houthi forces have been pressing an offensive on Marib": a campaign going on
    if any(a.lower_ in ("has", "have", "had", "was", "were", "did") or a.tag_ == "VBD" for a in auxes):
        return "past"
    if node.tag_ in ("VBZ", "VBP") and not auxes:
        if node.i == head.i:
            return "present"
        return "present" if node.lemma_ in ("be", "remain", "seem", "become", "consider", "mean") else "unknown"
    if node.tag_ in ("VBN", "VBG") and auxes and all(a.lower_ in _PRESENT_AUX for a in auxes):
        return "present"
    return "past" if node.tag_ in ("VBD",) else "unknown"


def _num(text: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return 0.0


def _perfect(head: Token) -> bool:
    node = head
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have") for c in node.children)


def _big_quantity(head: Token) -> bool:
    """'has killed more than 1,000 civilians': a running total, not one event."""
    for t in head.subtree:
        if t.like_num and _num(t.text) >= 100 and t.ent_type_ not in ("DATE", "TIME") \
                and not (len(t.text) == 4 and t.text.isdigit() and 1800 <= int(t.text) <= 2100):
            return True
        if t.lower_ in ("thousands", "hundreds", "million", "millions", "dozens"):
            return True
    return False


def _cumulative(sent: Span) -> bool:
    low = span_text(sent).lower()
    return any(w in low for w in ("so far this year", "this year", "in the past year", "over the past", "in recent years"))
