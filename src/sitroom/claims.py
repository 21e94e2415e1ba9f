"""Numeric claims: every number the article states, what it counts and who says so.

``find_claims(doc, doc_id, quotes=None)`` reads the numbers of a parsed document
with :func:`sitroom.numbers.find_numbers` and keeps the ones that are claims.

Skipped (not claims): vague quantities ("dozens", "thousands": no checkable
figure), durations and ages ("over two years", "30-minute", "850-year-old"),
hyphenated per-item qualifiers ("60,000-seat stadium", "three-phase plan": a
property of one thing, not a count), the number one ("one of the worst"),
years, list numbering, and fractions of a stated total ("one third of its
300,000 residents" gives the 300,000 claim only).  Numbers that only describe
the subject of another claim in the same sentence ("27,000 people from over 80
countries") are part of that claim.  Casualty figures are claims
(``event_id`` stays None; events are linked later).

The source is, in order: the speaker of the direct quote the number is in; the
subject of a reporting verb whose complement holds the number ("X calculates
that …", "X's figures show …", "a report by X found …"); an "according to X"
in the sentence (at either end); or the source of the previous sentence of the
paragraph when this one continues it ("Among them are …") or when that
sentence named a source but gave no figure ("…, according to a paper by X.
[figures]").  Otherwise None: the article asserts it itself.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from itertools import islice

from spacy.tokens import Doc, Span, Token

from .doctools import doc_text, sentences, span_text, token_starts
from .numbers import NumberValue, find_numbers
from .quotes import find_quotes
from .records import Claim, Quote
from .speakers import Mentions, is_speech, lexicon, mentions_for, resolve_speaker, source_head, subject_of

log = logging.getLogger(__name__)

__all__ = ["find_claims", "is_claim_number"]

_DURATION_UNITS = frozenset({"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week",
                             "weeks", "month", "months", "year", "years", "decade", "decades", "century",
                             "centuries"})
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d(?:\s*[-–/]\s*(?:\d\d){1,2})?s?")
_AGE_BEFORE = re.compile(r"(?:\baged?|\bage of|\bages)\s*$", re.I)
_LIST_ITEM = re.compile(r"(?:^|\n)\s*$")
_ACCORDING = re.compile(r"\baccording\s+to\b", re.I)
_PER = re.compile(r"\s+(?:per|a|each|every)\s+(day|week|month|year|hour)\b", re.I)
_SKIP_CHILD = frozenset({"appos", "conj", "cc", "punct", "relcl"})


def is_claim_number(nv: NumberValue, text: str) -> bool:
    """Is this number a checkable claim (see the module docstring for what is not)?"""
    if nv.vague or nv.low is None and nv.high is None and nv.unit != "fraction":
        return False
    unit = (nv.unit or "").lower()
    if unit in _DURATION_UNITS:
        return False
    after = text[nv.end:nv.end + 2]
    if after[:1] in "-–" and after[1:2].isalpha():
        return False  # "60,000-seat", "30-minute", "850-year-old"
    best = nv.best if nv.best is not None else (nv.low if nv.low is not None else nv.high)
    if best == 1 and unit not in ("percent", "fraction"):
        return False
    core = re.sub(r"^(?:about|around|over|more than|less than|some|nearly|almost|up to|at least)\s+", "",
                  nv.text.strip(), flags=re.I)
    if _YEAR.fullmatch(core) and unit not in ("percent",):
        return False
    before = text[max(0, nv.start - 12):nv.start]
    if _AGE_BEFORE.search(before):
        return False
    if _LIST_ITEM.search(text[max(0, nv.start - 3):nv.start]) and text[nv.end:nv.end + 1] in ".)":
        return False
    if unit == "fraction" and re.match(r"\s+of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?[\d,.]+\b", text[nv.end:]):
        return False
    return True


def _num_token(doc: Doc, starts: list[int], nv: NumberValue) -> Token | None:
    from bisect import bisect_left

    i, j = bisect_left(starts, nv.start), bisect_left(starts, nv.end)
    toks = [doc[k] for k in range(i, j)]
    nums = [t for t in toks if t.like_num or t.pos_ == "NUM"]
    if nums:
        return nums[-1]
    return toks[-1] if toks else None


def _counted_noun(t: Token) -> Token | None:
    while (t.dep_ == "quantmod" or t.dep_ in ("conj", "cc") and t.head.like_num) and t.head.i != t.i:
        t = t.head  # "more than 60", "between 1,500 and 2,000"
    if t.dep_ == "nummod" and t.head.pos_ in ("NOUN", "PROPN"):
        return t.head
    if t.lower_ in ("percent", "%") or t.pos_ == "NOUN" and not t.like_num:
        return t
    return None


def _phrase(tokens: Sequence[Token], drop: set[int]) -> tuple[str, int, int] | None:
    toks = [t for t in tokens if t.i not in drop]
    while toks and (toks[0].is_punct or toks[0].dep_ in ("det", "quantmod", "advmod", "cc", "prep")
                    or toks[0].is_space):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc"):
        toks.pop()
    if not toks:
        return None
    toks = toks[:20]
    a, b = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return re.sub(r"\s+", " ", " ".join(t.text for t in toks)).replace(" ’s", "’s").replace(" 's", "'s"), a, b


def _subtree_without(root: Token, number: set[int], skip: frozenset[str]) -> list[Token]:
    out: list[Token] = []

    def keep(c: Token, top: bool) -> bool:
        return (not top or c.dep_ not in skip) and c.i not in number and c.lower_ != "according"

    def walk(t: Token, top: bool) -> None:
        for c in t.lefts:
            if keep(c, top):
                walk(c, False)
        out.append(t)
        for c in t.rights:
            if keep(c, top):
                walk(c, False)

    walk(root, True)
    return sorted(out, key=lambda t: t.i)


def _subject(t: Token, num_ids: set[int], prev_noun: Token | None) -> tuple[str, Token | None, int, int] | None:
    """What the number counts: a short noun phrase, the counted noun, and its offsets."""
    noun = _counted_noun(t)
    skip = _SKIP_CHILD | {"nummod"}
    if noun is not None and noun.lower_ in ("percent", "%"):
        of = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        target = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if target is not None:
            got = _phrase(_subtree_without(target, num_ids, _SKIP_CHILD), num_ids)
        else:
            got = _phrase(_subtree_without(noun, num_ids | {noun.i}, _SKIP_CHILD), num_ids | {noun.i})
        if got is None:  # "the population is 40 percent Shiite": the clause's subject
            clause = next((a for a in noun.ancestors if a.pos_ in ("VERB", "AUX")), None)
            subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None) if clause else None
            if subj is not None and subj.i not in num_ids:
                got = _phrase(_subtree_without(subj, num_ids, _SKIP_CHILD), num_ids)
        return (got[0], noun, got[1], got[2]) if got else None
    if noun is not None:
        got = _phrase(_subtree_without(noun, num_ids, skip), num_ids)
        return (got[0], noun, got[1], got[2]) if got else None
    of = next((c for c in t.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        target = next((g for g in of.children if g.dep_ == "pobj"), None)
        if target is not None:
            got = _phrase(_subtree_without(target, num_ids, _SKIP_CHILD), num_ids)
            return (got[0], target, got[1], got[2]) if got else None
    if prev_noun is not None and t.dep_ in ("appos", "conj"):
        head = [x for x in prev_noun.lefts if x.dep_ in ("amod", "compound") and x.i not in num_ids]
        own = [x for c in t.rights if c.dep_ == "prep" for x in c.subtree]
        toks = sorted(head, key=lambda x: x.i) + [prev_noun]
        words = " ".join(x.text for x in toks + own)
        a = min([x.idx for x in own] + [t.idx])
        b = max([x.idx + len(x.text) for x in own] + [t.idx + len(t.text)])
        return words, prev_noun, a, b
    nxt = t.doc[max(num_ids) + 1] if max(num_ids) + 1 < len(t.doc) else None
    if nxt is not None and nxt.pos_ in ("ADJ", "VERB") and nxt.tag_ in ("JJ", "VBN"):
        return nxt.text, None, t.idx, nxt.idx + len(nxt.text)  # "left 40 dead", "12 killed"
    if t.dep_ != "pobj":
        return None
    anc = t.head
    for _ in range(4):
        if anc.pos_ in ("NOUN", "PROPN") and anc.i not in num_ids:
            if anc.dep_ == "appos" and anc.head.pos_ in ("NOUN", "PROPN"):
                anc = anc.head
            got = _phrase([x for x in anc.subtree if x.i <= anc.i and x.dep_ != "punct"] or [anc], num_ids)
            return (got[0], None, got[1], got[2]) if got else None
        if anc.head.i == anc.i:
            break
        anc = anc.head
    return None


def _inside_other_subject(noun: Token | None, counted: set[int]) -> bool:
    """"people from over 80 countries": the 80 describes people, already counted."""
    if noun is None or noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return False
    return noun.head.head.i in counted


# ---------------------------------------------------------------------------
# sources
# ---------------------------------------------------------------------------

MAX_ANCESTORS = 60


def _verb_source(t: Token, ment: Mentions) -> str | None:
    """The subject of a reporting verb whose complement (or figure object) holds ``t``."""
    lex = lexicon()
    child = t
    # at most MAX_ANCESTORS levels up (real parses are far shallower; a sentence of 3,000 chained clauses
    # made this walk, for every number in it, quadratic)
    for anc in islice(t.ancestors, MAX_ANCESTORS):
        if anc.pos_ in ("VERB", "AUX"):
            lem = anc.lemma_.lower()
            via = child.dep_
            reporting = (lem in lex.source_verbs or is_speech(anc)) and via in ("ccomp", "xcomp", "parataxis")
            figure = lem in lex.figure_verbs and via in ("dobj", "ccomp", "attr", "oprd")
            if reporting or figure:
                s = subject_of(anc)
                if s is not None and s.lower_ not in ("i", "we", "you", "it") and not (s.i == t.i or t.is_ancestor(s)):
                    sp = resolve_speaker(source_head(s), ment)
                    if sp.name:
                        return sp.name
        child = anc
    return None


def _according_source(sent: Span, ment: Mentions) -> str | None:
    for t in sent:
        if t.lower_ == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            p = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if p is None and t.i + 2 < sent.end and sent.doc[t.i + 1].lower_ == "to":
                p = sent.doc[t.i + 2]
            if p is not None:
                src = source_head(p)
                lex = lexicon()
                if src.lemma_.lower() in lex.source_nouns and src.ent_type_ == "" and not any(
                        c.dep_ in ("poss", "compound") for c in src.children):
                    continue  # "according to reports"
                sp = resolve_speaker(src, ment)
                if sp.name:
                    return sp.name
    return None


def _names_source(sent: Span, ment: Mentions) -> str | None:
    """A source named in a sentence without figures: "according to X", "X said/estimates that …"."""
    got = _according_source(sent, ment)
    if got:
        return got
    lex = lexicon()
    for t in sent:
        if t.pos_ == "VERB" and t.lemma_.lower() in lex.figure_verbs | {"say", "calculate", "find", "show"} and any(
                c.dep_ == "ccomp" for c in t.children):
            s = subject_of(t)
            if s is not None and s.pos_ != "PRON":
                sp = resolve_speaker(source_head(s), ment)
                if sp.name:
                    return sp.name
    return None


def _opens_continuation(sent: Span) -> bool:
    head = span_text(sent).lstrip(" \n\"“‘'").lower()
    return any(head.startswith(o + " ") or head.startswith(o + ",") for o in lexicon().continuation_openers)


def _paragraph_break(text: str, a: Span, b: Span) -> bool:
    seg = text[a.start_char:b.start_char]
    return "\n" in seg[len(seg.rstrip()):]


def find_claims(doc: Doc, doc_id: str, quotes: Sequence[Quote] | None = None) -> list[Claim]:
    """Numeric claims of ``doc`` with subject, unit and source (``quotes``: from ``find_quotes``, optional)."""
    from bisect import bisect_left

    text = doc_text(doc)
    numbers = [nv for nv in find_numbers(text) if is_claim_number(nv, text)]
    if not numbers:
        return []
    ment = mentions_for(doc)
    direct = [q for q in (quotes or ()) if q.direct]
    if quotes is None and any(ment.in_quote(nv.start) for nv in numbers):
        direct = [q for q in find_quotes(doc, doc_id) if q.direct]
    starts = token_starts(doc)
    sents = sentences(doc)[1]
    sent_starts = [s.start_char for s in sents]
    by_sent: dict[int, list[NumberValue]] = {}
    for nv in numbers:
        by_sent.setdefault(bisect_left(sent_starts, nv.start + 1) - 1, []).append(nv)
    has_according = {bisect_left(sent_starts, m.start() + 1) - 1 for m in _ACCORDING.finditer(text)}
    out: list[Claim] = []
    carried: str | None = None  # source of the previous sentence with figures, for continuations
    prev_k = -2
    for k, sent in enumerate(sents):
        nvs = by_sent.get(k, [])
        if not nvs:
            continue
        own = _according_source(sent, ment) if k in has_according else None
        carry_ok = False
        if k != prev_k + 1 or k > 0 and _paragraph_break(text, sents[k - 1], sent):
            carried = None
            if k > 0 and not _paragraph_break(text, sents[k - 1], sent):
                # the sentence before named a source but gave no figure
                carried = _names_source(sents[k - 1], ment)
                carry_ok = carried is not None
        inherit = carried if carried and (carry_ok or _opens_continuation(sent)) else None
        counted: set[int] = set()
        prev_noun: Token | None = None
        sent_sources: list[str] = []
        for nv in nvs:
            t = _num_token(doc, starts, nv)
            if t is None:
                continue
            num_ids = {x.i for x in doc[bisect_left(starts, nv.start):bisect_left(starts, nv.end)]}
            subj = _subject(t, num_ids, prev_noun)
            noun = subj[1] if subj else None
            if _inside_other_subject(noun, counted) or _inside_other_subject(_counted_noun(t), counted):
                continue
            if noun is not None:
                counted.add(noun.i)
                if noun.lower_ not in ("percent", "%"):
                    prev_noun = noun
            source, conf = None, 0.6
            q = next((q for q in direct if q.start <= nv.start < q.end), None)
            if q is not None:
                source, conf = q.speaker, 0.75
            if source is None:
                source = _verb_source(t, ment)
                conf = 0.75 if source else conf
            if source is None and own:
                source, conf = own, 0.7
            if source is None and inherit:
                source, conf = inherit, 0.5
            if source:
                sent_sources.append(source)
            unit = nv.unit
            if unit in (None, "people") and noun is not None and noun.lower_ not in ("percent", "%"):
                unit = noun.lower_ if unit is None else unit
                m = _PER.match(text[noun.idx + len(noun.text):])
                if m and nv.unit is None:
                    unit = f"{unit} per {m.group(1).lower()}"
            subject = subj[0] if subj else (noun.text if noun is not None else "")
            a = min(nv.start, subj[2]) if subj else nv.start
            b = max(nv.end, subj[3]) if subj else nv.end
            out.append(Claim(doc_id=doc_id, subject=subject, value_low=nv.low, value_high=nv.high, unit=unit,
                             source=source, text=text[a:b], start=a, end=b,
                             confidence=conf * (0.8 if nv.approximate else 1.0)))
        carried = sent_sources[-1] if sent_sources else None
        prev_k = k
    return out
