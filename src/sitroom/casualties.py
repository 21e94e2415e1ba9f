"""Casualty counts: who was killed, wounded, abducted, arrested or went missing, and how many.

``find_casualty_mentions(text)`` ties numbers (from :mod:`sitroom.numbers`) to a
casualty word in the same clause, using the versioned lexicon
``data/casualty_words.json``:

* before the number: "killing 12", "executed 58 people", "the deaths of 40",
  "death toll rose to 45", "claimed 12 lives";
* after the number: "12 people were killed", "12 dead", "30 wounded", "12 fatalities".
  A bare "12 gunmen killed" followed by an object ("killed 3 villagers") is active
  voice and not a count of the dead;
* lists share one casualty word and are summed, keeping the parts:
  "killing six civilians and two soldiers" -> 8;
* "including three children" / "among them" counts are kept as ``subset`` mentions
  and never added;
* "no one was killed", "no casualties" -> 0; "threatened to kill 12", "could kill"
  -> nothing;
* "12 casualties" is kind ``casualties`` (killed and wounded together) and is not
  counted as killed.

``find_fatalities(text)`` turns the first killed mention into a ``records.Fatalities``.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from .numbers import NumberValue, _alt, find_numbers, load_lexicon
from .records import Fatalities

log = logging.getLogger(__name__)

__all__ = ["CasualtyMention", "find_casualty_mentions", "find_fatalities"]

CasualtyKind = Literal["killed", "wounded", "missing", "abducted", "arrested", "casualties"]
_KINDS: tuple[str, ...] = ("killed", "wounded", "missing", "abducted", "arrested", "casualties")
_COUNTABLE_UNITS = {None, "people"}
_STOP = ("could|would|will|might|may|can|cannot|should|must|shall|to|not|never|and|or|but|who|that|"
         "which|were|was|are|is|be|been|being|have|has|had|in|on|at|by|after|when|while|as|from|"
         "with|during|than|into|near|since|until|for|amid|says|said|say|according|if|because")


@dataclass(frozen=True, slots=True)
class CasualtyMention:
    kind: str  # killed | wounded | missing | abducted | arrested | casualties
    value: NumberValue
    who: str | None
    start: int  # the whole phrase ("killing six civilians and two soldiers")
    end: int
    text: str
    parts: tuple[CasualtyMention, ...] = ()  # the summed groups of a list
    subset: bool = False  # "including three children": part of an earlier count, never summed
    keyword: str = ""  # the casualty word it was tied to


class _Patterns:
    def __init__(self, lex: dict[str, Any]) -> None:
        kinds = lex["kinds"]
        kw_words: set[str] = set()
        pre_parts, post_parts = [], []
        self.active_check: dict[str, set[str]] = {}
        self.pre_needs_who: set[str] = set()
        # multi-word "killed or wounded" (casualties) must win over "killed"
        for k in ("casualties",) + tuple(x for x in _KINDS if x != "casualties"):
            spec = kinds[k]
            if spec["pre"]:
                pre_parts.append(rf"(?P<pre_{k}>{_alt(spec['pre'])})")
            if spec["post"]:
                post_parts.append(rf"(?P<post_{k}>{_alt(spec['post'])})")
            for p in spec["pre"] + spec["post"]:
                kw_words.update(w.lower() for w in p.split() if w.lower() not in ("the", "of", "a", "to"))
            self.active_check[k] = {" ".join(w.lower().split()) for w in spec.get("post_active_check", [])}
            self.pre_needs_who.update(" ".join(w.lower().split()) for w in spec.get("pre_needs_who", []))
        kw_alt = "|".join(sorted((re.escape(w) for w in kw_words), key=len, reverse=True))
        self.who_tok = rf"(?!(?:{_STOP}|{kw_alt})\b)(?:[A-Za-z][\w'’.-]*|\d{{1,3}}-(?:year|month)s?-old)"
        # "were shot and killed", "was abducted and killed": a first verb joined on the same passive subject
        joined = [f"{be} {verb} and" for verb in lex.get("joined_passive", []) for be in ("were", "was", "been")]
        aux = _alt(lex["passive_aux"] + joined)
        who_alt = _alt(lex["who"])
        self.pre_re = re.compile(rf"(?<![\w-])(?:{'|'.join(pre_parts)})\s+(?:(?:all|the)\s+)?$", re.I)
        self.post_re = re.compile(
            rf"(?P<who>(?:\s+{self.who_tok}){{0,5}}?)(?:\s*,[^,.;:!?\d]{{2,50}},)?\s*,?(?P<aux>(?:\s+(?:{aux}))*)\s+"
            rf"(?:{'|'.join(post_parts)})\b",
            re.I,
        )
        self.modal_re = re.compile(rf"(?<![\w-])(?:{_alt(lex['modal_before_verb'])})\s+$", re.I)
        obj = _alt(lex["active_object_starts"])
        self.object_re = re.compile(rf"\s+(?:(?:{obj})\b|\d|(?:[\w'’-]+\s+)?(?:{who_alt})\b)", re.I)
        self.who_re = re.compile(rf"\s+(?:{self.who_tok}\s+){{0,3}}?(?:{who_alt})\b", re.I)
        toll = _alt(kinds["killed"]["toll_subjects"])
        self.toll_re = re.compile(
            rf"(?<![\w-])(?:{toll})\b[^.;:!?]{{0,80}}?(?<![\w-])(?:to|at|of|is|was|reached|hit|topped|"
            rf"passed|surpassed|exceeded|past|stands|stood|now)\s+$",
            re.I,
        )
        self.lives_pre = re.compile(r"(?<![\w-])(?:claim(?:ed|ing|s)?|t(?:ook|aking|aken|akes)|cost(?:ing|s)?)"
                                    r"\s+(?:the\s+)?$", re.I)
        self.lives_post = re.compile(r"(?:\s+[a-z]+)?\s+lives\b", re.I)
        self.lives_lost = re.compile(r"(?:\s+[a-z]+)?\s+lives\s+(?:were\s+|have\s+been\s+|had\s+been\s+)?lost\b", re.I)
        self.aged_re = re.compile(r"(?<![\w-])(?:aged|ages|age|ranging|between)\s+$", re.I)
        self.list_gap = re.compile(
            rf"(?P<who>(?:\s+{self.who_tok}){{0,4}}?)\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+"
            rf"|\s*,?\s+plus\s+)$",
            re.I,
        )
        self.subset_gap = re.compile(
            rf"(?P<who>(?:\s+{self.who_tok}){{0,4}}?)\s*,?\s*(?:{_alt(lex['subset_connectors'])})"
            rf"(?:\s+(?:were|was|are|is))?\s+$",
            re.I,
        )
        sing = _alt(lex["who_singular"])
        self.article_re = re.compile(rf"(?<![\w-])(?P<art>an?)\s+(?:{self.who_tok}\s+){{0,2}}?(?:{sing})\b",
                                     re.I)
        self.plural_re = re.compile(rf"\s+(?!(?:{_STOP}|{kw_alt})\b)[A-Za-z][\w'’-]*[a-z]s\b")
        self.partitive_gap = re.compile(r"\s+of\s+(?:(?:the|them|those|these|its|their|his|her)\s+)?",
                                        re.I)
        self.who_seq_re = re.compile(rf"(?:\s+{self.who_tok}){{0,4}}", re.I)
        self.subset_start_re = re.compile(rf"\s*,?\s*(?:{_alt(lex['subset_connectors'])})\s+", re.I)
        self.left_re = re.compile(r"(?<![\w-])(?:left|leaving|leaves|leave)\s+$", re.I)
        negs = []
        for k, phrases in lex["negatives"].items():
            negs.append(rf"(?P<neg_{k}>{_alt(phrases)})")
        self.neg_re = re.compile(rf"(?<![\w-])(?:{'|'.join(negs)})\b", re.I)
        firsts = {p.split()[0].lower() for ps in lex["negatives"].values() for p in ps}
        self.neg_start = re.compile(rf"\b(?:{'|'.join(sorted(map(re.escape, firsts)))})\b", re.I)


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    return _Patterns(load_lexicon())


def _kind_of(m: re.Match[str], prefix: str) -> tuple[str, str] | None:
    for k in _KINDS:
        try:
            got = m.group(f"{prefix}{k}")
        except IndexError:
            continue
        if got:
            return k, got
    return None


def _sum(values: list[NumberValue], text: str, start: int, end: int) -> NumberValue:
    def total(attr: str) -> float | None:
        vals = [getattr(v, attr) for v in values]
        return None if any(x is None for x in vals) else float(sum(vals))

    low, best, high = total("low"), total("best"), total("high")
    if best is None:
        best = low if low is not None else high
    return NumberValue(low, best, high, text, start, end, any(v.approximate for v in values),
                       "people", any(v.vague for v in values))


@dataclass
class _Member:
    num: NumberValue  # local offsets
    subset: bool
    tail: NumberValue | None = None  # "6 of the 20 passengers": the whole the count is part of

    @property
    def end(self) -> int:
        return (self.tail or self.num).end


_AGE_BEFORE = re.compile(r"[A-Za-z)]\s*,\s*$")


def _is_age(text: str, n: NumberValue) -> bool:
    """"Amina Bello, 45, was killed": an age in apposition, not a count."""
    return (n.best is not None and n.best < 120 and text[n.end:n.end + 1] == ","
            and bool(_AGE_BEFORE.search(text[max(0, n.start - 4):n.start])))


def _clean_who(s: str) -> str | None:
    s = " ".join(s.strip(" ,").split())
    return s or None


def find_casualty_mentions(text: str, offset: int = 0) -> list[CasualtyMention]:
    """Casualty counts in a sentence or paragraph; offsets are ``offset`` + position in ``text``."""
    if not text:
        return []
    P = _patterns()
    nums = [n for n in find_numbers(text) if n.unit in _COUNTABLE_UNITS and n.best is not None]
    nums = [n for n in nums if not P.aged_re.search(text[max(0, n.start - 12):n.start])
            and not _is_age(text, n)]
    if "a" in text.lower():
        nums.extend(NumberValue(1.0, 1.0, 1.0, m.group("art"), m.start(), m.end("art"), False, "people")
                    for m in P.article_re.finditer(text))
        nums.sort(key=lambda n: n.start)
    out: list[CasualtyMention] = []
    # group numbers into lists ("six civilians and two soldiers", "12, including three children")
    chains: list[list[_Member]] = []
    for n in nums:
        if chains:
            prev = chains[-1][-1]
            gap = text[prev.end:n.start]
            if prev.tail is None and P.partitive_gap.fullmatch(gap):
                prev.tail = n
                continue
            if len(gap) <= 60 and P.list_gap.fullmatch(gap):
                chains[-1].append(_Member(n, chains[-1][-1].subset))
                continue
            if len(gap) <= 70 and P.subset_gap.fullmatch(gap):
                chains[-1].append(_Member(n, True))
                continue
        chains.append([_Member(n, False)])
    for chain in chains:
        out.extend(_resolve_chain(text, chain, P))
    neg_end = -1
    for st in P.neg_start.finditer(text):
        if st.start() < neg_end:
            continue
        m = P.neg_re.match(text, st.start())
        if m is None:
            continue
        neg_end = m.end()
        kind = "killed" if m.group("neg_killed") else "wounded" if m.group("neg_wounded") else "casualties"
        zero = NumberValue(0.0, 0.0, 0.0, m.group(0), m.start(), m.end(), False, "people", False)
        out.append(CasualtyMention(kind, zero, None, m.start(), m.end(), m.group(0), keyword=m.group(0)))
    out.sort(key=lambda c: (c.start, c.end))
    return [_shift(c, offset) for c in out] if offset else out


def _resolve_chain(text: str, chain: list[_Member], P: _Patterns) -> list[CasualtyMention]:
    first, last = chain[0].num, chain[-1].num
    anchor = chain[-1].end
    kind: str | None = None
    kw = ""
    start, end = first.start, last.end
    who_last: str | None = None
    who_last_end = anchor
    # 1. casualty word before the first number
    window = text[max(0, first.start - 90):first.start]
    pm = P.pre_re.search(window)
    if pm:
        got = _kind_of(pm, "pre_")
        base = first.start - len(window)
        kw_start = base + pm.start()
        if got and not P.modal_re.search(text[max(0, kw_start - 30):kw_start]):
            kind, kw = got
            if " ".join(kw.lower().split()) in P.pre_needs_who and not P.who_re.match(text, first.end):
                kind = None
            else:
                start = kw_start
    if kind is None:
        tm = P.toll_re.search(window)
        if tm:
            kind, kw = "killed", tm.group(0).strip()
            start = first.start - len(window) + tm.start()
    lp = P.lives_pre.search(window) if kind is None else None
    lm = P.lives_post.match(text, anchor) if lp else None
    if lp and lm:
        kind, kw, end = "killed", "lives", lm.end()
        start = first.start - len(window) + lp.start()
    if kind is None:
        ll = P.lives_lost.match(text, anchor)
        if ll:
            kind, kw, end = "killed", "lives lost", ll.end()
    # 2. casualty word after the last number
    if kind is None:
        qm = P.post_re.match(text, anchor)
        if qm:
            got = _kind_of(qm, "post_")
            if got:
                k, w = got
                passive = bool(qm.group("aux").strip())
                active = (" ".join(w.lower().split()) in P.active_check[k] and not passive
                          and P.object_re.match(text, qm.end()))
                if not active:
                    kind, kw, end = k, w, qm.end()
                    who_last = _clean_who(qm.group("who"))
                    who_last_end = qm.end("who")
                    lw = P.left_re.search(text[max(0, first.start - 12):first.start])
                    if lw:
                        start = first.start - (min(12, first.start) - lw.start())
    if kind is None:
        return []
    if len(chain) > 1 and start < first.start and kw:
        # "killed seven people, 12 others were injured": the last group has its own word
        qm2 = P.post_re.match(text, anchor)
        got2 = _kind_of(qm2, "post_") if qm2 else None
        if got2 and got2[0] != kind:
            return _resolve_chain(text, chain[:-1], P) + _resolve_chain(text, chain[-1:], P)
    # the groups, their "who", and the mention
    members: list[CasualtyMention] = []
    for i, mem in enumerate(chain):
        n = mem.num
        nxt = chain[i + 1].num.start if i + 1 < len(chain) else None
        if nxt is not None:
            wm = P.who_seq_re.match(text[mem.end:nxt])
            who = _clean_who(wm.group(0)) if wm else None
            w_end = mem.end + (wm.end() if wm else 0)
        elif who_last is not None:
            who, w_end = who_last, who_last_end
        else:
            wm2 = P.who_re.match(text, mem.end) or P.plural_re.match(text, mem.end)
            who = _clean_who(wm2.group(0)) if wm2 else None
            w_end = wm2.end() if wm2 else mem.end
        if nxt is None and kw and end <= w_end:
            end = max(end, w_end)
        members.append(CasualtyMention(kind, n, who, n.start, w_end, text[n.start:w_end],
                                       subset=mem.subset, keyword=kw))
    main = [m for m in members if not m.subset]
    subs = [m for m in members if m.subset]
    if len(main) == 1:
        head = main[0]
        mention = CasualtyMention(kind, head.value, head.who, start, end, text[start:end], keyword=kw)
    else:
        v = _sum([m.value for m in main], text[start:end], start, end)
        mention = CasualtyMention(kind, v, None, start, end, text[start:end], parts=tuple(main), keyword=kw)
    return [mention] + subs + _trailing_subsets(text, mention, P)


def _trailing_subsets(text: str, mention: CasualtyMention, P: _Patterns) -> list[CasualtyMention]:
    """"12 killed, including three children and a soldier" -> subset mentions after the phrase."""
    tail = text[mention.end:mention.end + 200]
    sm = P.subset_start_re.match(tail)
    if not sm:
        return []
    out: list[CasualtyMention] = []
    pos = mention.end + sm.end()
    for n in find_numbers(text[pos:pos + 160], pos):
        if n.unit not in _COUNTABLE_UNITS or n.best is None:
            break
        gap = text[pos:n.start]
        if gap.strip() and not P.list_gap.fullmatch(gap):
            break
        wm = P.who_re.match(text, n.end)
        w_end = wm.end() if wm else n.end
        out.append(CasualtyMention(mention.kind, n, _clean_who(wm.group(0)) if wm else None, n.start,
                                   w_end, text[n.start:w_end], subset=True, keyword=mention.keyword))
        pos = w_end
    return out


def _shift(c: CasualtyMention, offset: int) -> CasualtyMention:
    v = c.value
    nv = NumberValue(v.low, v.best, v.high, v.text, v.start + offset, v.end + offset, v.approximate,
                     v.unit, v.vague)
    return CasualtyMention(c.kind, nv, c.who, c.start + offset, c.end + offset, c.text,
                           tuple(_shift(p, offset) for p in c.parts), c.subset, c.keyword)


def _int(x: float | None) -> int | None:
    return None if x is None else int(round(x))


def find_fatalities(text: str, offset: int = 0) -> Fatalities | None:
    """Killed count stated in ``text`` (the first killed mention; ``None`` when none is stated).

    ``wounded`` carries the first wounded count, never added to the dead. "no one was
    killed" and "no casualties" give 0.
    """
    mentions = find_casualty_mentions(text, offset)
    killed = [m for m in mentions if m.kind == "killed" and not m.subset]
    if not killed:
        killed = [m for m in mentions if m.kind == "casualties" and m.value.best == 0]
    if not killed:
        return None
    k = killed[0]
    wounded = next((m for m in mentions if m.kind == "wounded" and not m.subset), None)
    conf = 0.8
    if k.value.vague:
        conf = 0.55
    elif k.value.approximate or k.value.high is None or k.value.low is None:
        conf = 0.7
    return Fatalities(_int(k.value.low), _int(k.value.best), _int(k.value.high), k.text, k.start,
                      k.end, wounded=_int(wounded.value.best) if wounded else None, confidence=conf)
