"""Events: find event mentions, type them (ACLED), and fill their slots.

For every sentence:

1. *Triggers* are matched from ``data/triggers.json`` and those that do not
   report a real, past event are dropped (:mod:`sitroom.triggers`: negated,
   modal, threatened, quoted, descriptive participles, generic plurals).
2. Each trigger is given the date, place and actors that belong to *it*: the
   candidates of the sentence closest in the dependency tree (not just any in the
   sentence), with fallbacks to the surrounding paragraph and the document.
3. Triggers of one sentence that share date and place are one event; the
   lowest-ranked trigger types it (a capture beats a clash, a clash beats a
   bombing, a bombing beats a generic "attack").
4. Casualties are read from the sentence (nearest killed-count to a trigger),
   and the event is marked ``background`` when its date lies well before the
   publication date.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from . import actors as actors_mod
from . import actors_roles, slots, typer
from .dates import resolve_phrase
from .doctools import doc_text, sent_forms, sent_of, span_text, tokens
from .doctools import sentences as _sents
from .records import (
    ActorMention,
    DateBasis,
    EventReport,
    Fatalities,
    ResolvedDate,
    ResolvedPlace,
)
from .records import Span as TextSpan
from .slots import STATE_KINDS, Context
from .taxonomy import VIOLENT, violence_family
from .triggers import Hit, find_triggers, lexicon, suppressed

__all__ = ["Context", "TriggerSlots", "fill_slots", "find_events", "find_triggers", "with_event_id"]

log = logging.getLogger(__name__)

BACKGROUND_DAYS = 365
MAX_SENTENCE_CHARS = 5000  # longer "sentences" are tables, lists or garbage, not reporting
BRIEF_CHARS = 500  # a one-paragraph brief: its undated event is the news of its date line
RECENT_DAYS = 42  # an undated event in a news story happened within about this many days before publication


# ---------------------------------------------------------------- main entry

@dataclass
class _Draft:
    hits: list[Hit]
    sent: Span
    date: ResolvedDate | None
    place: ResolvedPlace | None
    event_type: str
    sub: str
    actor1: ActorMention | None
    actor2: ActorMention | None
    rank: float  # data/triggers.json "rank" (fractions order triggers between two whole ranks)
    confidence: float
    date_in_sent: bool = False
    place_in_sent: bool = False
    claimed: str | None = None
    decision: typer.TypeDecision | None = None
    date_said: bool = False  # the date is the day a statement was made ("…, the ministry said on Monday")


def _people_object(head: Token) -> bool:
    """The trigger's direct object names people ("seized 279 girls", "took 30 passengers"), or a vehicle
    taken with its people aboard ("seized a truck with its drivers on board")."""
    people = lexicon().abductees

    def aboard(t: Token) -> bool:  # "… with its drivers on board" (the parse may hang it on the verb or the noun)
        return any(p.dep_ == "prep" and p.lower_ == "with" and any(
            o.dep_ == "pobj" and o.lemma_.lower() in people for o in p.children) for p in t.children)

    objs = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(c.lemma_.lower() in people or aboard(c) for c in objs) or (bool(objs) and aboard(head))


def _armed_object(ctx: Context, head: Token) -> bool:
    """The trigger's object is an armed group ("25 soldiers joined the Taliban")."""
    for c in head.children:
        objs = [c] if c.dep_ == "dobj" else [o for o in c.children if o.dep_ == "pobj"] if c.dep_ == "prep" else []
        for o in objs:
            a = slots.actor_in_subtree(ctx, o)
            if a is not None and (a.kind in typer.ARMED or a.canonical.startswith("Unidentified Armed Group")):
                return True
    return False


def _property_object(head: Token) -> bool:
    """The trigger's direct object is property ("seized a vehicle", "seized goats from herders")."""
    nouns = lexicon().property_nouns

    def prop(t: Token) -> bool:
        return t.lemma_.lower() in nouns or t.lower_ in nouns

    for c in head.children:
        if c.dep_ not in ("dobj", "nsubjpass"):
            continue
        if prop(c):
            return True
        # "seized a large number of goats", "took dozens of cattle": the property is what the quantity is of
        if c.lemma_.lower() in _QUANTITY_NOUNS and any(
                p.lower_ == "of" and any(prop(o) for o in p.children if o.dep_ == "pobj") for p in c.children):
            return True
    return False


_QUANTITY_NOUNS = frozenset({"number", "lot", "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands",
                             "herd", "quantity", "amount", "head"})


_MULTI_OK: frozenset[str] = frozenset()


def _object_in(head: Token, words: list[str], shared: bool = False) -> bool:
    """The trigger's object (or passive subject) is one of ``words`` ("set up a new base"). ``shared``: also
    the object of a verb conjoined to it, which both verbs take ("overran and burned the camp")."""
    ws = set(words)
    verbs = [head] + ([c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB"] if shared else [])
    return any(c.dep_ in ("dobj", "nsubjpass") and (c.lemma_.lower() in ws or c.lower_ in ws)
               for v in verbs for c in v.children)


_QUANTITY_HEADS = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "scores", "score",
                             "group", "number", "crowd", "band", "lot"})


def _subject_in(head: Token, words: list[str]) -> bool:
    """The trigger's subject (or, for a verb conjoined to another, that verb's subject) is one of
    ``words`` or names a people or group ("Hindu groups", "Maasai herders")."""
    ws = set(words)
    for verb in (head, head.head if head.dep_ == "conj" else head):
        for c in verb.children:
            if c.dep_ == "nsubj":
                if c.lemma_.lower() in _QUANTITY_HEADS:  # "thousands of workers", "a group of residents"
                    c = next((o for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                              for o in p.children if o.dep_ == "pobj"), c)
                return c.lemma_.lower() in ws or c.lower_ in ws or (
                    c.ent_type_ == "NORP" and not any(t.lower_ in ("police", "army", "troops", "soldiers", "forces")
                                                      for t in c.subtree))
    return False


_HELD_POSTS = ["checkpoint", "outpost", "post", "base", "garrison", "barracks", "position", "stronghold"]


@lru_cache(maxsize=1)
def _disrupt_trigger_verbs() -> frozenset[str]:
    """One-word disruption triggers ("defused", "foiled"): their own event tells the disruption."""
    return frozenset(p[0].split("|")[0].removeprefix("lower:") for t in lexicon().triggers
                     if t["sub"] == "Disrupted weapons use" for p in t["patterns"] if len(p) == 1)


def _weapons_object(head: Token) -> bool:
    """The trigger's object names weapons ("seized 20 rifles", "recovered explosives")."""
    weapons = typer.data().cue_words.get("weapons", frozenset())
    for c in head.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            if c.lemma_.lower() in weapons or c.lower_ in weapons:
                return True
            if any(g.dep_ == "conj" and (g.lemma_.lower() in weapons or g.lower_ in weapons) for g in c.children):
                return True
    return False


@lru_cache(maxsize=1)
def _sequence_phrases() -> list[tuple[re.Pattern[str], int]]:
    data = json.loads(resources.files("sitroom.data").joinpath("date_words.json").read_text(encoding="utf-8"))
    seq = data.get("sequence_relative", {})
    out = []
    for k, phrases in seq.items():
        if k == "note":
            continue
        for ph in phrases:
            out.append((re.compile(r"\b" + re.escape(ph) + r"\b", re.I), int(k)))
    return out


@lru_cache(maxsize=1)
def _counted_days() -> re.Pattern[str]:
    """'Three days later', 'two days earlier', 'The attack came two days after a bomb exploded'."""
    data = json.loads(resources.files("sitroom.data").joinpath("date_words.json").read_text(encoding="utf-8"))
    nums = sorted((k for k, v in data["numbers"].items() if isinstance(v, int) and v > 1), key=len, reverse=True)
    num = "|".join(re.escape(n) for n in nums) + r"|\d{1,2}"
    return re.compile(rf"\b(?P<came>(?:came|comes|happened|occurred|took\s+place)\s+)?(?P<n>{num})\s+days\s+"
                      r"(?P<rel>later|earlier|before|after)\b", re.IGNORECASE)


def _counted_shift(text: str) -> tuple[int, str] | None:
    m = _counted_days().search(text)
    if m is None:
        return None
    words = json.loads(resources.files("sitroom.data").joinpath("date_words.json").read_text(encoding="utf-8"))["numbers"]
    raw = m.group("n").lower()
    n = int(raw) if raw.isdigit() else int(words[raw])
    rel = m.group("rel").lower()
    # "X came two days after a bomb exploded": the bomb is two days before the event told before it
    sign = -1 if rel in ("earlier", "before") or (rel == "after" and m.group("came")) else 1
    return sign * n, m.group(0)


def _sequence_date(text: str, prev: ResolvedDate) -> ResolvedDate | None:
    """'Later in the day, a missile hit …', 'Three days later, …': the day of the event told just
    before, shifted by the days the phrase counts."""
    if prev.precision != "day" or not prev.start:
        return None
    found: list[tuple[int, int, str]] = []  # (position, shift, phrase)
    for rx, shift in _sequence_phrases():
        m = rx.search(text)
        if m:
            found.append((m.start(), shift, m.group(0)))
    counted = _counted_shift(text)
    if counted is not None:
        found.append((text.lower().find(counted[1].lower()), counted[0], counted[1]))
    if not found:
        return None
    _, shift, phrase = min(found)
    day = (date.fromisoformat(prev.start) + timedelta(days=shift)).isoformat()
    return replace(prev, start=day, end=day, text=phrase, span_start=-1, span_end=-1,
                   confidence=prev.confidence * 0.8)


_LOOK_BACK = 12  # drafts looked back over for the event a sequence phrase or a roundup counts from (bounded)
_REPORT_DAY_WORDS = frozenset({"overnight", "yesterday", "last night", "today", "tonight"})


def source_date(doc: Doc, d: ResolvedDate, head: Token) -> bool:
    """The date hangs on a speech verb above the trigger, not on the trigger's own clause ("…
    raided the camp, the ministry said in a statement issued on Friday"): it dates the
    report, not the event."""
    tok = slots._span_root(doc, d.span_start, d.span_end)
    if tok is None or tok == head:
        return False
    first = doc.char_span(d.span_start, d.span_end, alignment_mode="expand")
    if first is not None and len(first):
        # "the police said on Friday they had detained …": right after the speech verb, however parsed
        before = first[0].i - 1
        if before >= 0 and doc[before].lower_ == "on":
            before -= 1
        if before >= 0 and before < head.i and doc[before].lemma_.lower() in slots._SPEECH and \
                doc[before].pos_ == "VERB" and sent_of(doc, before).start == sent_of(doc, head.i).start:
            return True
    if tok in head.subtree:
        return False
    ancestors = {t.i for t in head.ancestors}
    for _ in range(8):
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i == head.i:
            return False
        if tok.lemma_.lower() in slots._SPEECH or tok.lemma_.lower() == "statement":
            t = tok
            while t.dep_ in ("acl", "relcl", "pobj", "prep", "dobj") and t.head.i != t.i and t.i not in ancestors:
                t = t.head  # "said in a statement read on Monday": up to the speech verb
            # written after the speech verb ("said on Friday that …", "…, the ministry said on Monday"),
            # not before it ("… killed in Kismayo yesterday, sources told AFP": a misattached date)
            return t.i in ancestors and t.lemma_.lower() in slots._SPEECH and d.span_start > t.idx
    return False


def _pronoun_subject(head: Token) -> bool:
    """'One struck a dormitory', 'Another hit a school': a part of something told just before."""
    return head.pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("one", "another")
                                       for c in head.children)


def _previous_sentence_date(ctx: Context, doc: Doc, sent: Span) -> ResolvedDate | None:
    """The one date of the nearest earlier sentence of the paragraph that has dates (two back at most)."""
    cur = sent
    for _ in range(2):
        if cur.start == 0:
            return None
        prev = sent_of(doc, cur.start - 1)
        if not _same_paragraph(doc, prev, sent):
            return None
        found = [d for d in ctx.dates_by_start.between(prev.start_char, prev.end_char)
                 if prev.start_char <= d.span_start < prev.end_char and d.past and ctx.usable(d.span_start)]
        if found:
            return found[0] if len(found) == 1 else None
        cur = prev
    return None


_ROUNDUP_OPENING = re.compile(r"^\s*(?:(?:elsewhere|meanwhile|also)\b|(?:in|at|near|across)\s+(?:the\s+)?"
                              r"[^,.;]{0,50}?\b[A-Z][\w'’-]+[^,.;]{0,30},)", re.IGNORECASE)
ROUNDUP_SENTENCES = 4  # a roundup's towns follow its dated lead within this many sentences


def _roundup(doc: Doc, sent: Span, head: Token, prev: Span) -> bool:
    """The sentence opens on another town ("In Mombasa, …", "Elsewhere, …") a few sentences after a
    dated event, and tells its own event in the simple past (not "had been arrested": earlier)."""
    m = _ROUNDUP_OPENING.match(span_text(sent))
    if m is None or not any(c.isupper() for c in m.group(0)[2:]) and not m.group(0).lower().lstrip().startswith(
            ("elsewhere", "meanwhile", "also")):
        return False
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "has", "have") for c in head.children):
        return False
    return prev.start < sent.start and _sentences_between(doc, prev, sent) <= ROUNDUP_SENTENCES


def _pick_date(ctx: Context, doc: Doc, head: Token, sent: Span) -> tuple[ResolvedDate | None, bool]:
    in_sent = [d for d in ctx.dates_by_start.between(sent.start_char, sent.end_char)
               if sent.start_char <= d.span_start < sent.end_char and d.past and ctx.usable(d.span_start)]
    said = [d for d in in_sent if d.precision == "day" and source_date(doc, d, head)]
    own = [d for d in in_sent if d not in said]
    if head.pos_ == "NOUN" and any(c.lower_ == "such" or c.ent_type_ == "ORDINAL" for c in head.children):
        # "…, the fourth such assassination in the area since April": "since April" is the count's
        # period; the sentence's other date ("Last week") is the event's
        counted = [d for d in own if not d.text.lower().startswith("since")]
        own = counted or own
    d = slots.closest(doc, head, own, lambda d: d.span_start, lambda d: d.span_end)
    if d is not None:
        d = _when_clause_date(doc, ctx, d, head)
        if said and ctx.anchor.date and d.text.lower() in _REPORT_DAY_WORDS and d.start and d.end \
                and d.basis != "absolute" and said[0].start:
            # "the air force said on Friday that jets had struck the hideout overnight": the night
            # before Friday, not before the article's date
            shift = date.fromisoformat(said[0].start) - date.fromisoformat(ctx.anchor.date[:10])
            d = replace(d, start=(date.fromisoformat(d.start) + shift).isoformat(),
                        end=(date.fromisoformat(d.end) + shift).isoformat())
        return d, True
    if said:  # only the day of the statement: ACLED codes the event on the day it was reported
        return said[0], True
    return None, False


_WHEN_AFTER_DATE = re.compile(r"^(?:after|since|before|until|till)\s+(.+)$", re.IGNORECASE)


def _when_clause_date(doc: Doc, ctx: Context, d: ResolvedDate, head: Token) -> ResolvedDate:
    """"The violence grew after December 2018, when fighters killed 16 workers": the killing is in
    December 2018 itself; "after"/"since"/"before" dates the main clause, and the "when" clause
    that follows the date tells what happened at it."""
    m = _WHEN_AFTER_DATE.match(d.text)
    if m is None or d.span_end < 0 or head.idx < d.span_end:
        return d
    between = doc_text(doc)[d.span_end:head.idx]
    if not re.match(r"\s*,?\s*when\b", between) or re.search(r"[.;]", between):
        return d
    inner = resolve_phrase(m.group(1), ctx.anchor, span_start=d.span_end - len(m.group(1)))
    if inner is None or inner.start is None or inner.end is None or not inner.past:
        return d
    return inner


def _fallback_date(ctx: Context) -> ResolvedDate | None:
    """No date in the sentence: the weeks before publication, flagged as such; in a news brief
    with a printed date, that day (ACLED codes an undated report on the day it was reported)."""
    a = ctx.anchor
    if not a.date:
        return None
    end = date.fromisoformat(a.date)
    body = (ctx.source_text or "").strip()
    if a.basis == "published" and 0 < len(body) <= BRIEF_CHARS and "\n" not in body:
        return ResolvedDate(a.date, a.date, "day", "", "published", -1, -1, True, 0.3)
    # "recently": the last six weeks or so, widened to whole months as a human coder would write it
    start = (end - timedelta(days=RECENT_DAYS)).replace(day=1)
    basis: DateBasis = "inferred" if a.basis == "inferred" else "published"
    return ResolvedDate(start.isoformat(), end.isoformat(), "unknown", "", basis, -1, -1, True, 0.3)


def _own_subject(head: Token) -> bool:
    """The trigger's subject belongs to the speaker: "the army said its forces had retaken …"."""
    return any(c.dep_ == "nsubj" and any(p.dep_ == "poss" and p.lower_ in ("its", "their") for p in c.children)
               for c in head.children)


def _aircraft_subject(head: Token) -> bool:
    """The trigger's subject or agent is an aircraft ("a drone struck", "jets hit")."""
    air = lexicon().aircraft
    for c in head.children:
        if c.dep_ in ("nsubj", "agent") and any(t.lemma_.lower() in air or t.lower_ in air for t in c.subtree):
            return True
    return False


def _type_for(hit: Hit, trig: dict[str, Any], agent: ActorMention | None, target_kind: str | None,
              victims: str | None, sent: Span, brief: bool = False) -> tuple[str, str, typer.TypeDecision]:
    """One typing decision for the mention: visible inputs in, ACLED type with a reason out
    (:mod:`sitroom.typer`; the precedence rules are data in ``data/typing.json``)."""
    head = hit.head(sent.doc)
    lex = lexicon()
    stoks = tokens(sent.doc)[sent.start:sent.end]  # the sentence's tokens, built once per document
    # what a demonstration was about is not what happened at it: "protest against the vandalism of …";
    # a brawl "following anti-government demonstrations" is not itself a demonstration
    # (only what follows the grievance word: a parse that hangs "during their demonstration" under "demanding"
    # must not hide the demonstration itself)
    # (nor, for a demonstration, a ", burning tyres and lighting bonfires" the parse hangs under the grievance:
    # what the demonstrators did)
    done = _done_after_comma(stoks, head) if trig["type"] == "Protests" else len(sent.doc)
    skip = {t.i for g in stoks if g.lower_ in _GRIEVANCE and g.i > head.i for t in g.subtree if g.i <= t.i < done}
    # nor is a demonstration the event caused: "… died in custody, prompting protests"
    skip |= {t.i for g in stoks if g.lemma_.lower() in _CONSEQUENCE and g.i > head.i for t in g.subtree}
    if trig["type"] == "Protests":  # "carrying pictures of the boy killed at …": a description of an earlier death
        skip |= {t.i for g in stoks if g.dep_ in ("acl", "relcl") and g.head.i != head.i for t in g.subtree}
        # "protested the killing of …", "… after the death of a driver", "claiming that her husband killed her":
        # what the demonstration was about or what preceded it
        # (not an object the parse finds after a comma: "protested against X, burning tyres" tells what they did)
        skip |= {t.i for g in head.children if g.dep_ == "dobj"
                 and not any(t.lower_ == "," for t in head.doc[head.i + 1:g.left_edge.i]) for t in g.subtree}
        skip |= {t.i for g in stoks if g.lower_ in _PROTEST_CAUSE and g.i > head.i for t in g.subtree}
        # "gathered to demand the arrest of …": what the demonstrators asked for; "marched to condemn the
        # killing of …": what they condemned, denounced or mourned
        skip |= {t.i for g in stoks if g.i > head.i and g.pos_ in ("VERB", "NOUN") and g.lemma_.lower() in _ASKED_FOR
                 for t in g.subtree if t.i > g.i}
        # "… after one of them died in a road accident": the clause a conjunction opens, not the word alone
        skip |= {t.i for g in stoks if g.lower_ in _PROTEST_CAUSE and g.dep_ == "mark" and g.i > head.i
                 for t in g.head.subtree if t.i >= g.i}
        # "Following the death of a driver, residents protested": the cause told before the demonstration
        for g in stoks:
            cause = g.head if g.dep_ == "mark" else g  # "After a fire killed a trader, …": the clause "after" opens
            if g.lower_ in _CAUSE_BEFORE and g.i < head.i and head not in cause.subtree:
                skip |= {t.i for t in cause.subtree}
    lemmas, lowers = sent_forms(sent)
    sent_cues = typer.cues_in(lemmas, lowers)
    cues = set(sent_cues)
    if skip:
        keep = [k for k in range(len(stoks)) if sent.start + k not in skip]
        core_cues = typer.cues_in([lemmas[k] for k in keep], [lowers[k] for k in keep])
    else:
        core_cues = sent_cues  # the same words
    if trig["type"] == "Protests":
        cues = set(core_cues)
    else:
        cues = (cues - {"protest", "crowd"}) | (core_cues & {"protest", "crowd"})
    if brief:  # an analyst note or dispatch about one event: a sentence tells one event, not a list of them
        cues.add("in_brief")
        if typer.data().brief_cues:  # what the whole brief tells: "… clashed with police" in a note naming no protest
            whole = sent.doc.user_data.get("_brief_cues")
            if whole is None:  # once per document
                whole = sent.doc.user_data["_brief_cues"] = typer.cues_in(*sent_forms(sent.doc[:])) & typer.data().brief_cues
            cues |= whole
    after = _following(sent, 2) if brief else None
    if after is not None:  # "… staged a sit-in. Police dispersed them with tear gas."
        al, aw = sent_forms(after)
        said = _said_not_done(after)  # "They demanded the release of those arrested": a demand, not an arrest
        if said:
            keep_a = [k for k in range(len(al)) if after.start + k not in said]
            al, aw = tuple(al[k] for k in keep_a), tuple(aw[k] for k in keep_a)
        after_cues = typer.cues_in(al, aw)
        cues |= after_cues & typer.data().outcome_cues
        # "… attacked the village. Houses were set ablaze; no one was hurt.": the damage told next, unless a
        # death or wound is told with it
        cues |= after_cues & {"harm_denied"}
        if trig["type"] == "Protests":  # "… gathered to protest. Police intervened, killing one."
            cues |= after_cues & typer.data().protest_outcome_cues
        if after_cues & {"property_harm", "property_taken"} and (
                "harm_denied" in after_cues or not after_cues & {"deaths", "wounds", "killed_after"}):
            cues |= after_cues & {"property_harm", "property_taken"}
    if brief and trig.get("territory"):  # "Militants attacked the town. They took control of it.": fighting
        # told anywhere in the brief, before the taking too (ACLED: a taking without it is a non-violent transfer)
        cues |= typer.cues_in(*sent_forms(sent.doc[:])) & {"fighting"}
    told = [t for t in stoks if t.i not in skip] + (list(after) if after is not None else [])
    if trig["type"] == "Protests" and "riot_act" in cues:
        # "Police barricaded the area", "troops burned the protesters' tents": what the police did is no riot act
        police = _security_acts(told)
        if police:
            rest = [t for t in told if t.i not in police]
            if "riot_act" not in typer.cues_in([t.lemma_.lower() for t in rest], [t.lower_ for t in rest]):
                cues.discard("riot_act")
    if _riot_word(told):
        cues.add("riot_act")  # "riots broke out", "the crowd rioted"; not "riot police"
    if trig["type"] == "Protests" and any(t.lower_ == "violent" and t.dep_ == "amod" and _modifies_protest(t, head)
                                          for t in told):
        cues.add("riot_act")  # "violent electoral protests", "a violent demonstration in town"
    if trig["type"] == "Protests" and any(_protest_attacked(t) for t in [head] + told if t.i == head.i
                                          or t.lower_ in _PROTEST_NOUNS or t.lemma_.lower() in _PROTEST_NOUNS):
        cues.add("protest_attacked")  # "… assaulted demonstrating teachers", "supporters attacked the rally"
    if trig["type"] == "Protests" and _road_blocked(told):
        cues.add("road_block")
    if trig["type"] == "Protests" and _road_blocked_with_material(stoks):
        cues.add("road_block_material")  # "blocked the highway with logs", "using their motorbikes"
    if after is not None and (trig["id"] == "ied" or trig.get("typed_by_target")):
        # "Two explosions shook the camp. Militants had fired mortars."; "Gunmen attacked the post. They fired an RPG."
        told_next = {"next_" + c for c in typer.cues_in(*sent_forms(after)) & _WEAPON_CUES}
        tail = _following(sent, 4) if trig["id"] == "ied" else None
        if tail is not None and "suicide" in typer.cues_in(*sent_forms(tail)):
            told_next.add("next_suicide")  # a brief's last lines: "… the suspects were suicide bombers"
        if "next_rpg" in told_next:  # a rocket-propelled grenade is not a hand grenade
            told_next.discard("next_grenade")
        cues |= told_next
    if trig.get("typed_by_target") and _aircraft_subject(head):
        cues.add("aircraft_agent")
    ctx = _CURRENT_CTX.get("ctx")
    if trig.get("typed_by_target") and ctx is not None and slots.place_object(ctx, head):
        cues.add("place_target")  # "the group attacked the Rutba district": a place, not people, was attacked
    killing = typer.data().cue_words.get("killed_after", frozenset())
    later = [t for t in stoks if t.i > head.i] + (list(after) if after is not None else [])
    if any(t.lower_ in killing or t.lemma_.lower() in killing for t in later):
        cues.add("killing_follows")  # "abducted a teacher, who was found executed days later"
    if head.lemma_.lower() in lex.remote_verbs:
        cues.add("remote_verb")
    if trig["type"] in VIOLENT and _measure_cause(head, sent):
        cues.add("measure_cause")  # "security was beefed up following the killing of …"
    subj = _subject_token(head)
    if subj is not None and (subj.lemma_.lower() in typer.data().crowd_agents or subj.lower_ in typer.data().crowd_agents) \
            and not any(a.kind in typer.ARMED or a.canonical.startswith("Unidentified Armed Group")
                        for a in _actors_in(sent) if subj.left_edge.idx <= a.span_start <= subj.right_edge.idx):
        cues.add("crowd_agent")  # "supporters of the party assaulted …", "villagers clashed …"
    if any(a.kind in typer.ARMED or a.canonical.startswith("Unidentified Armed Group")
           for a in _actors_in(sent) if a is not agent or agent.kind in typer.ARMED):
        cues.add("armed_present")
    if _doers_killed(head, stoks + (list(after) if after is not None else [])):
        cues.add("doers_killed")  # "… attacked the village. Police intervened, killing three of the raiders."
    if "military_victims" in cues and _military_beyond_doer(stoks, subj, agent):
        cues.add("military_other")  # soldiers, police or fighters named besides the doer: "… killed two policemen"
    if "civilian_victims" in cues and _military_beyond_doer(stoks, subj, agent, "civilian_victims"):
        cues.add("civilian_other")  # people named besides the doer: "herders shot at a police car" names none
    taker = agent.kind if agent is not None else None
    if taker is None and subj is not None and (subj.lower_ in _POLICE_WORDS or subj.lower_ in _MILITARY_WORDS
                                               or subj.lower_ in ("forces", "gendarmerie", "security")):
        taker = "state_forces"  # "Police shot dead …" where no country names the force
    if victims is not None and set(re.findall(r"[a-z]+", victims.lower())) & _PROTESTER_WORDS:
        target_kind = "protesters"  # "one protester was killed"
    if trig.get("typed_by_target") and target_kind in (None, "civilian") and _target_protesting(head):
        cues.add("protest")  # "police opened fire on workers who were blocking the highway"
    former = (victims is not None and _out_of_service(victims)) or any(
        c.dep_ in ("dobj", "nsubjpass") and _out_of_service(_subtree_text(c)) for c in head.children)
    if victims is not None:  # who the killed or wounded were, whatever place was attacked
        vw = set(re.findall(r"[a-z]+", victims.lower()))
        td = typer.data().cue_words
        if "unarmed" in vw:
            cues.add("victims_civilian")  # "an unarmed suspected militant": ACLED counts the unarmed as civilians
        elif former:
            cues.add("victims_civilian")  # "a former soldier", "an off-duty policeman": ACLED counts them as civilians
        elif vw & (td.get("military_victims", frozenset()) | td.get("armed_words", frozenset())
                   | td.get("security_words", frozenset())):
            cues.add("victims_military")
        elif any(a.kind in typer.ARMED and a.text and a.text.lower() in victims.lower() for a in _actors_in(sent)):
            cues.add("victims_military")  # "one Koglweogo was killed": the dead belong to a named armed group
        if vw & td.get("civilian_victims", frozenset()):
            cues.add("victims_civilian")
    if "victims_military" not in cues and not former and any(t.i != head.i and t.lemma_.lower() in _KILL_VERBS
                                              and _object_victim(t) == "military" for t in stoks):
        cues.add("victims_military")  # "attacked the village and killed three militiamen": who the killing hit
    if trig.get("territory") and trig.get("inverse"):
        # "ISIS lost Mosul": the side that lost is named, so the taker is the other side
        taker = None if agent is not None and agent.kind in STATE_KINDS else "state_forces"
    target = target_kind
    if target is None:
        target = _object_victim(head)
    if former and target == "military":
        target = "civilian"  # the soldier or policeman hit was retired, former or off duty
    if target is None and victims is not None:
        words = set(re.findall(r"[a-z]+", victims.lower()))
        if words & typer.data().cue_words.get("military_victims", frozenset()):
            target = "military"  # "killed 2 policemen"
        elif words & typer.data().cue_words.get("civilian_victims", frozenset()):
            target = "civilian"
    flags = frozenset(k for k in ("typed_by_target", "territory", "weak") if trig.get(k))
    inp = typer.TypingInputs(trig["id"], trig["type"], trig["sub"], flags, taker, target, frozenset(cues))
    dec = typer.decide(inp)
    return dec.event_type, dec.sub, dec



@lru_cache(maxsize=1)
def _out_of_service_re() -> re.Pattern[str]:
    words = sorted(typer.data().cue_words.get("out_of_service", frozenset())
                   | set(typer.data().cue_phrases.get("out_of_service", ())), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b" if words else r"(?!x)x", re.I)


def _subtree_text(t: Token) -> str:
    """The words of a token's subtree ("his mother, a police officer (off-duty)")."""
    return t.doc[t.left_edge.i:t.right_edge.i + 1].text


def _out_of_service(victims: str) -> bool:
    """The casualty phrase names a soldier, policeman or fighter out of service ("a former soldier",
    "a retired police officer", "an off-duty policeman"): ACLED codes them as civilians."""
    return _out_of_service_re().search(victims) is not None


_KILL_VERBS = frozenset({"kill", "shoot", "neutralize", "neutralise", "gun", "eliminate"})


def _doers_killed(head: Token, toks: list[Token]) -> bool:
    """Attackers, raiders or militants killed or shot by someone, told by a verb other than the trigger
    ("three of the raiders were shot dead", "police intervened, killing two assailants"): the side attacked
    or the forces that came fought back."""
    doers = typer.data().doer_nouns
    for t in toks:
        if t.lower_ not in doers and t.lemma_.lower() not in doers:
            continue
        node = t
        if node.dep_ == "pobj" and node.head.lower_ == "of":  # "two of the raiders"
            node = node.head.head
        if node.dep_ in ("nsubjpass", "dobj") and node.head.lemma_.lower() in _KILL_VERBS and node.head.i != head.i:
            return True
    return False


def _military_beyond_doer(stoks: list[Token], subj: Token | None, agent: ActorMention | None,
                          cue: str = "military_victims") -> bool:
    """A soldier, policeman or fighter word (or, with ``cue``, a word of another class) of the sentence
    that is not the doer itself: outside the trigger's subject (or passive agent) and outside the agent's
    mention. "Police shot dead a suspect", "raiders attacked a village": the only armed side named is the
    one that did it; "armed herders fired on a police vehicle": the herders are not the victims."""
    d = typer.data()
    words = d.cue_words.get(cue, frozenset())
    phrases = d.cue_phrases.get(cue, ())
    lo, hi = (subj.left_edge.i, subj.right_edge.i) if subj is not None else (-1, -2)
    a_lo, a_hi = (agent.span_start, agent.span_end) if agent is not None and agent.span_start >= 0 else (-1, -2)
    rest = [t for t in stoks if not (lo <= t.i <= hi) and not (a_lo <= t.idx < a_hi)]
    if any(t.lower_ in words or t.lemma_.lower() in words for t in rest):
        return True
    if phrases:
        text = " " + " ".join(t.lower_ for t in rest) + " "
        return any(f" {p} " in text for p in phrases)
    return False


_WEAPON_CUES = frozenset({"artillery", "grenade", "device", "aircraft", "suicide", "rpg"})
_GENERIC_BLASTS = frozenset({"explosion", "explosions", "blast", "blasts", "explode", "exploded", "explodes",
                             "detonate", "detonated", "detonation", "blew", "blow", "bomb", "bombs"})
_WEAPON_SUBS = frozenset({"Shelling/artillery/missile attack", "Grenade", "Air/drone strike", "Suicide bomb"})


def _generic_blast(doc: Doc, d: _Draft) -> bool:
    """A bombing told only by the blast ("an explosion hit the market"): the device is not named."""
    return d.sub == "Remote explosive/landmine/IED" and all(
        doc[h.start:h.end].text.lower().split()[0] in _GENERIC_BLASTS for h in d.hits)


_HARM_LEMMAS = frozenset({"kill", "murder", "shoot", "ambush", "stab", "hack", "wound", "injure", "beat", "assault", "torture",
                          "whip", "flog", "maim", "mutilate", "execute", "behead", "assassinate", "lynch", "gun"})


_PERSON_NOUN = re.compile(r"(?:[a-z]{2}(?:er|or|ist|ian)s?|(?:wo)?m[ae]n|person|people|youths?|child(?:ren)?"
                          r"|boys?|girls?|kids?|victims?|members?|volunteers?|-year-olds?)$")


def _object_victim(head: Token) -> str | None:
    """Who a harm verb was done to, read from its object or passive subject ("shot dead a vendor",
    "a youth was beaten"): 'military' for soldiers, police or fighters, else 'civilian' for any
    other person. None when the verb is no harm verb or has no such object."""
    if head.pos_ != "VERB" or head.lemma_.lower() not in _HARM_LEMMAS:
        return None
    d = typer.data()
    objs = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
    if not objs:  # "shot and killed a vendor": the object the conjoined verb shares
        objs = [c for v in head.children if v.dep_ == "conj" and v.pos_ == "VERB" for c in v.children
                if c.dep_ == "dobj"][:1]
    for c in objs:
        if c.pos_ not in ("NOUN", "PROPN", "NUM"):
            continue
        if any(a.kind in typer.ARMED or a.canonical.startswith("Unidentified Armed Group")
               for a in _actors_in(head.sent) if c.left_edge.idx <= a.span_start <= c.right_edge.idx):
            return "military"  # (before the entity test: "killed three Koglweogo" names an armed group)
        if c.ent_type_ in ("GPE", "LOC", "FAC", "ORG", "NORP", "DATE", "TIME"):
            return None
        # the person's own words, not what a clause says of them: "a farmer the troops accused of aiding rebels"
        said = {t.i for k in c.children if k.dep_ in ("acl", "relcl") for t in k.subtree}
        own = [t for t in c.subtree if t.i not in said]
        words = {t.lower_ for t in own} | {t.lemma_.lower() for t in own}
        if "unarmed" in words:
            return "civilian"  # "a suspected but unarmed militant"
        if words & (d.cue_words.get("military_victims", frozenset()) | d.cue_words.get("armed_words", frozenset())
                    | d.cue_words.get("security_words", frozenset())):
            return "military"
        if c.ent_type_ == "PERSON" or words & d.cue_words.get("civilian_victims", frozenset()) \
                or _PERSON_NOUN.search(c.lower_):
            return "civilian"
        return None
    return None


def _actors_in(sent: Span) -> list[ActorMention]:
    ctx = _CURRENT_CTX.get("ctx")
    if ctx is None:
        return []
    # by bisection (span_index): the same actors in the same order as scanning ctx.actors, without a pass
    # over every actor of the document per trigger
    return list(ctx.actors_by_start.between(sent.start_char, sent.end_char))


_CURRENT_CTX: dict[str, Context] = {}


def _subject_token(head: Token) -> Token | None:
    """The grammatical doer of the trigger: its subject (shared by conjoined verbs) or passive agent."""
    node = head
    for _ in range(4):
        for c in node.children:
            if c.dep_ == "nsubj":
                return c
            if c.dep_ == "agent":
                for o in c.children:
                    if o.dep_ == "pobj":
                        return o
        if node.dep_ in ("conj", "xcomp") and node.head.i != node.i:
            node = node.head
        else:
            break
    return None


# what people were doing when force met them, told in a relative clause on the target: they were demonstrating
_PROTEST_ACTS = frozenset({"protest", "demonstrate", "march", "rally", "picket", "blockade", "barricade", "chant",
                           "block", "surround", "occupy", "besiege", "strike", "gather", "converge", "assemble"})
_GATHER_ACTS = frozenset({"gather", "converge", "assemble"})


def _target_protesting(head: Token) -> bool:
    """The people the trigger hit are described as demonstrating: "fired on workers who had blocked the
    road", "charged villagers who were marching to the district office". Only people the trigger's own
    object or prepositional object names (two steps down), and only a relative clause or participle on
    them, so "troops who surrounded the village opened fire" (the agent) is not read."""
    # "fired at students who had gathered …, killing one": the trigger in a participle, the people on its verb
    governors = [head, head.head] if head.dep_ in ("advcl", "xcomp", "conj") and head.head.pos_ == "VERB" else [head]
    for c in (c for g in governors for c in g.children):
        objs = [c] if c.dep_ in ("dobj", "pobj") else []
        objs += [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" else []
        if c.dep_ == "dobj":  # "opened fire on workers": the object's own preposition
            objs += [g for p in c.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
        for o in objs:
            if o.pos_ not in ("NOUN", "PROPN"):
                continue
            for r in o.children:
                lemma = r.lemma_.lower()
                if r.dep_ in ("relcl", "acl") and lemma in _PROTEST_ACTS and not (
                        lemma in _GATHER_ACTS and any(g.dep_ == "dobj" for g in r.children)):
                    return True  # ("gathering firewood" is not a crowd gathering)
    return False


_PROTESTER_WORDS = frozenset({"protester", "protesters", "protestor", "protestors", "demonstrator", "demonstrators",
                              "marcher", "marchers"})
_CAUSE_WORDS = frozenset({"following", "after", "wake", "quell", "prevent", "curb", "stop", "restore", "amid",
                          "flush", "avert", "contain"})
_MEASURE_LEMMAS = frozenset({"deploy", "beef", "tighten", "heighten", "intensify", "reinforce", "rush", "curfew",
                             "combing", "comb", "sweep", "patrol", "vigil", "monitor", "dispatch", "send"})


_GRIEVANCE_HOSTS = frozenset({"protest", "demonstrate", "demonstration", "rally", "march", "sit-in", "picket",
                              "procession", "vigil", "protester", "demonstrator", "agitation"})
_GRIEVANCE_LINKS = frozenset({"against", "over", "demanding", "demand", "condemning", "denouncing", "protesting",
                              "following", "after", "for", "about", "regarding", "decrying"})


def _protest_grievance(head: Token) -> bool:
    """The violent trigger is what a demonstration was about: "residents protested against the killing of a
    trader", "students marched to protest the murder of a classmate", "a rally after the attack". The
    demonstration is the event; the violence is its grievance, told before."""
    node, below = head, None
    for _ in range(6):
        if node.lemma_.lower() in _GRIEVANCE_HOSTS and below is not None and node.pos_ in ("VERB", "NOUN") \
                and not node.ent_type_:  # not the month of March
            return below.dep_ == "dobj" or below.lower_ in _GRIEVANCE_LINKS
        if node.head.i == node.i:
            return False
        below, node = node, node.head
    return False


def _measure_cause(head: Token, sent: Span) -> bool:
    """A violent trigger that is the cause or aim of a security measure told in the same sentence
    ("troops were deployed to quell clashes", "security was beefed up following the killing of …")."""
    if not any(lem.lower() in _MEASURE_LEMMAS for lem in sent_forms(sent)[0][:max(0, head.i - sent.start)]):
        return False  # (the lemmas of the sentence's tokens before the trigger)
    node = head
    for _ in range(8):
        if node.i < head.i and (node.lemma_.lower() in _CAUSE_WORDS or node.lower_ in _CAUSE_WORDS):
            verb = next((a for a in node.ancestors if a.pos_ in ("VERB", "AUX")), None)
            # "the violence intensified after …": what grew was the violence itself, not a measure against it
            return verb is None or not any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in _VIOLENCE_NOUNS
                                           for c in verb.children)
        if node.head.i == node.i:
            return False
        node = node.head
    return False


_VIOLENCE_NOUNS = frozenset({"violence", "fighting", "clash", "unrest", "insecurity", "attack", "conflict", "insurgency",
                             "tension", "crisis", "bloodshed", "killing", "war", "hostility", "raid"})


def _charge_of_arrest(head: Token) -> bool:
    """A trigger inside what an arrest verb governs ("arrested on charges of murder", "detained in connection
    with the bombing", "arrested after a clash"), not conjoined with it ("shot one man and arrested another")."""
    governors = lexicon().charge_governors
    node = head
    linked = False  # the path passes a word that makes it the charge or cause ("for", "over", "after" …)
    for _ in range(8):
        if node.dep_ == "conj" or node.head.i == node.i:
            return False
        node = node.head
        linked = linked or node.lower_ in _CHARGE_LINKS
        if node.pos_ == "VERB" and node.lemma_.lower() in governors:
            return linked
        if node.pos_ == "NOUN" and node.lemma_.lower() in lexicon().charge_nouns:
            return linked  # "a suspect on trial over the killing of …": the charge, not the event
    return False


_CHARGE_LINKS = frozenset({"for", "over", "after", "following", "on", "of", "amid", "amidst", "connection", "suspicion",
                           "involvement", "into"})


_BEFORE_NOW = frozenset({"after", "following"})


_EARLIER = frozenset({"prior", "previous", "earlier", "recent", "last"})


def _protest_topic(head: Token, sent: Span) -> bool:
    """A violent trigger that is what a demonstration in the same sentence was about: inside its
    "against …", "demanding justice for …", "following …" clause, or an earlier event ("a prior clash")."""
    if not any(lem.lower() in _PROTEST_LEMMAS for lem in sent_forms(sent)[0]):
        return False
    if any(c.dep_ == "amod" and c.lower_ in _EARLIER for c in head.children):
        return True
    node = head
    for _ in range(8):
        if node.lower_ in _GRIEVANCE and node.i < head.i:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


_PROTEST_LEMMAS = frozenset({"protest", "demonstration", "demonstrate", "rally", "march", "sit-in", "procession",
                             "protester", "demonstrator", "chain", "strike", "picket"})
_PROTEST_CAUSE = frozenset({"after", "claiming", "accusing", "alleging", "for", "about", "regarding", "reaction", "response",
                            "retaliation"})
_ASKED_FOR = frozenset({"demand", "condemn", "denounce", "decry", "mourn"})  # "… to condemn the killing of …"
_CAUSE_BEFORE = frozenset({"following", "after"})  # "Following the killing of …, residents protested"
_CONSEQUENCE = frozenset({"prompt", "spark", "trigger", "provoke", "fuel", "ignite"})
_GRIEVANCE = frozenset({"against", "over", "demanding", "condemning", "denouncing", "protesting", "following"})


_DESCRIBED_NOUNS = frozenset({"victim", "price", "case", "survivor", "suspect", "trial", "charge", "law", "bill", "court",
                              "convict", "allegation", "probe", "investigation", "inquiry", "commission", "anniversary",
                              "memorial", "widow", "orphan", "tribunal", "cost", "rate", "fee", "insurance"})


def _demanded(head: Token) -> bool:
    """The trigger is inside what people demanded ("demanding the arrest of the killers", "they demanded the
    release of students detained last week"): an aim, not an event. Climbs the tree, not across a conjunction
    ("… demanded pay and blocked the road")."""
    node = head
    for _ in range(6):
        if node.dep_ == "conj" or node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() == "demand" or node.lower_ == "demanding":
            return True
    return False


_SAID_LEMMAS = frozenset({"demand", "claim", "allege", "accuse", "condemn", "denounce", "protest"})


def _said_not_done(span: Span) -> set[int]:
    """Token indices of what a sentence says people demanded, claimed or protested against ("They also demanded
    the release of the arrested students", "… claimed that they were assaulted"): what was asked or alleged,
    not what happened at the event."""
    out: set[int] = set()
    for g in span:
        if g.lower_ in _GRIEVANCE or (g.pos_ == "VERB" and g.lemma_.lower() in _SAID_LEMMAS):
            out |= {t.i for t in g.subtree if t.i > g.i}
    return out


_RIOT_NOT_BEFORE = frozenset({"police", "policemen", "gear", "squad", "unit", "units", "control", "shield", "shields",
                              "officers", "act", "troops", "police's"})
_ROAD_NOUNS = frozenset({"road", "highway", "street", "motorway", "expressway", "railway", "rail", "bridge", "junction",
                         "intersection", "roundabout", "route", "traffic", "crossing", "thoroughfare", "roads",
                         "highways", "streets", "track", "tracks"})


def _modifies_protest(t: Token, head: Token) -> bool:
    """``t`` modifies the demonstration ``head`` or another demonstration word, directly or through the compound
    nouns before it ("violent student protests")."""
    node = t.head
    for _ in range(3):
        if node.i == head.i or node.lemma_.lower() in _PROTEST_LEMMAS:
            return True
        if node.dep_ != "compound":
            return False
        node = node.head
    return False


_ACT_PARTS = frozenset({"dobj", "prep", "advmod", "npadvmod", "prt", "acomp", "attr", "dative"})


def _security_acts(toks: list[Token]) -> set[int]:
    """The words of what police, troops or other security forces did as the subject of a verb ("police
    barricaded the area"): the verb and its object and modifiers, not a clause joined to it ("police fired tear gas
    and the crowd burned tyres")."""
    out: set[int] = set()
    for v in toks:
        if v.pos_ != "VERB":
            continue
        if not any(c.dep_ == "nsubj" and _security_noun(c) for c in v.children):
            continue
        out.add(v.i)
        for c in v.children:
            if c.dep_ in _ACT_PARTS:
                out.update(w.i for w in c.subtree)
    if out:  # "troops shot at rock-hurling youths": what the crowd did, told in the police's object
        crowd = typer.data().cue_words.get("crowd", frozenset())
        out -= {w.i for n in toks if n.i in out and (n.lemma_.lower() in crowd or n.lower_ in crowd)
                for w in n.subtree}
    return out


def _security_noun(noun: Token) -> bool:
    """The noun phrase up to its head names a security force ("police", "riot police", "security forces"); not a
    word of what follows the head ("protesters of police practices")."""
    left = noun.doc[noun.left_edge.i:noun.i + 1]
    return "security_words" in typer.cues_in([w.lemma_.lower() for w in left], [w.lower_ for w in left])


def _riot_word(toks: list[Token]) -> bool:
    """A riot told in a word ("riots broke out", "they rioted", "engaged the police in a riot"), not the police
    unit or gear named after it ("riot police", "anti-riot squad")."""
    for k, t in enumerate(toks):
        if t.lemma_.lower() != "riot" and t.lower_ not in ("riots", "riot", "rioted"):
            continue
        nxt = toks[k + 1].lower_ if k + 1 < len(toks) else ""
        prev = toks[k - 1].lower_ if k > 0 else ""
        if nxt in _RIOT_NOT_BEFORE or nxt == "-" or prev in ("anti", "-", "anti-"):
            continue
        return True
    return False


def _done_after_comma(toks: list[Token], head: Token) -> int:
    """Where a ", burning …" participle after a demonstration trigger starts ("protested against the governor,
    burning tyres"): what the demonstrators did; past the sentence when there is none."""
    for k in range(len(toks) - 1):
        nxt = toks[k + 1]
        if toks[k].i > head.i and toks[k].lower_ == "," and nxt.tag_ == "VBG" and nxt.lower_ not in _PROTEST_CAUSE \
                and nxt.lower_ not in _GRIEVANCE:
            return nxt.i
    return toks[-1].i + 1 if toks else head.i + 1


_PROTEST_NOUNS = frozenset({"protest", "protester", "protestor", "demonstration", "demonstrator", "demonstrating",
                            "protesting", "rally", "procession", "march", "marcher", "sit-in", "picket"})
_ATTACK_LEMMAS = frozenset({"assault", "attack", "beat", "hack", "stab", "injure", "injured", "wound", "swoop", "pounce"})


def _protest_attacked(head: Token) -> bool:
    """The demonstration (or its people) is what others attacked: the trigger, or the noun it describes
    ("demonstrating members"), is the object of an assault verb ("supporters attacked the rally")."""
    node = head.head if head.dep_ in ("amod", "compound") else head
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    return node.dep_ == "dobj" and (node.head.lemma_.lower() in _ATTACK_LEMMAS or node.head.lower_ in _ATTACK_LEMMAS)


def _road_blocked(toks: list[Token]) -> bool:
    """People blocked a road, highway or railway ("blocked the Dhaka-Aricha highway", "blocking roads"):
    road-blocking, which ACLED's codebook lists among the acts of a violent demonstration."""
    for k, t in enumerate(toks):
        if t.lemma_.lower() == "block" and t.pos_ == "VERB":
            if any(u.lemma_.lower() in _ROAD_NOUNS or u.lower_ in _ROAD_NOUNS for u in toks[k + 1:k + 8]):
                return True
    return False


_MATERIAL_PREPS = frozenset({"with", "using", "by"})


def _road_blocked_with_material(toks: list[Token]) -> bool:
    """People blocked a road with things they put on it ("blocked the road with logs and stones", "using their
    motorbikes"): ACLED's codebook counts road-blocking with barricades, burning tyres or other material among a
    violent demonstration's acts. The material words are the ``road_material`` cue class of data/typing.json."""
    material = typer.data().cue_words.get("road_material", frozenset())
    for k, t in enumerate(toks):
        if not (t.lemma_.lower() in ("block", "blockade") and t.pos_ == "VERB"):
            continue
        if not any(u.lemma_.lower() in _ROAD_NOUNS or u.lower_ in _ROAD_NOUNS for u in toks[k + 1:k + 8]):
            continue
        for j in range(k + 1, min(k + 14, len(toks))):
            if toks[j].lower_ in (".", ";"):
                break
            if toks[j].lower_ in _MATERIAL_PREPS:
                if any(u.lower_ in material or u.lemma_.lower() in material for u in toks[j + 1:j + 5]):
                    return True
    return False


def _following(sent: Span, n: int) -> Span | None:
    """Up to ``n`` sentences after ``sent`` in its paragraph, as one span."""
    doc = sent.doc
    end = sent.end
    for _ in range(n):
        if end >= len(doc):
            break
        nxt = sent_of(doc, end)
        if "\n" in doc_text(doc)[sent.end_char if end == sent.end else doc[end - 1].idx:nxt.start_char].strip(" \t") \
                and "\n\n" in doc_text(doc)[doc[end - 1].idx:nxt.start_char]:
            break
        end = nxt.end
    return doc[sent.end:end] if end > sent.end else None


_TALK_ABOUT = frozenset({"confirm", "condemn", "denounce", "deny", "claim", "investigate", "report", "blame",
                         "describe", "recall", "attribute", "mourn", "discuss"})
_LINKED = frozenset({"link", "blame", "attribute", "claim", "condemn", "investigate", "tie", "connect"})


def _caps_headline(ctx: Context, sent: Span) -> bool:
    """An all-capitals line without a final stop, above a body of ordinary prose."""
    raw = (ctx.source_text[sent.start_char:sent.end_char] if ctx.source_text else span_text(sent)).strip()
    if raw.endswith("."):  # the cheap test first: most sentences end in a stop
        return False
    letters = [c for c in raw if c.isalpha()]
    if len(letters) < 12 or sum(c.isupper() for c in letters) < 0.9 * len(letters):
        return False
    body = ctx.source_text or doc_text(sent.doc)
    return len(body) - sent.end_char > 3 * len(raw)


def _anaphoric(head: Token, date_in_sent: bool, place_in_sent: bool, told: bool = True) -> bool:
    """'The attack was the latest …': a definite noun that refers back to an event already told."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)
    if definite and head.dep_ == "nsubj" and head.head.lemma_ == "be":
        return True  # "The attack was the latest in a string of …"
    if told and definite and (head.dep_ == "dobj" and head.head.lemma_.lower() in _TALK_ABOUT
                              or head.dep_ == "nsubjpass" and head.head.lemma_.lower() in _LINKED):
        return True  # after a report: "Police confirmed the attack"; "the attack was linked to a dispute"
    if head.dep_ == "attr" and head.head.lemma_ == "be" and any(
            c.dep_ == "nsubj" and c.lower_ in ("it", "this", "that") for c in head.head.children):
        return True  # "It was the deadliest attack in Anbar since March."
    if date_in_sent or place_in_sent:
        return False
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in head.children)


# Why a trigger may be dropped, and which of those a brief may override when it would otherwise report
# nothing: tense and genericity (headline style: "Gunmen attack village"), a missing time or place of
# its own (the brief is about one event), a weak trigger without a named agent. Negation, modality,
# quotes, questions, governing intention verbs and disruptions are never overridden.
_SOFT_DROPS = frozenset({
    "suppressed:present_tense_clause", "suppressed:present_tense", "suppressed:infinitive",
    "suppressed:generic_plural", "suppressed:participle_modifier", "suppressed:operation_not_launched",
    "suppressed:not_past", "suppressed:modifier", "suppressed:gerund_subject", "suppressed:count_of_events",
    "suppressed:time_reference", "suppressed:gerund_method", "anaphoric", "weak_without_agent", "weak_unpinned",
    "no_time_or_place", "territory_without_place", "suppressed:governed_by:try", "suppressed:governed_by:attempt",
    "no_agent",
    # a brief about one alleged act: "soldiers were accused of raping two women during an operation"
    "suppressed:governed_by:accuse", "suppressed:governed_by:allegation",
})
_ALLEGED = frozenset({"suppressed:governed_by:accuse", "suppressed:governed_by:allegation"})


def _accused_doer(head: Token) -> bool:
    """The trigger is what its doers are accused of, told as the news ("two soldiers were accused of raping
    …"), not an outside party's accusation ("a rights group accuses the police of beating …")."""
    node = head
    for _ in range(4):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() == "accuse":
            return any(c.dep_ in ("auxpass", "nsubjpass") for c in node.children) or node.dep_ == "acl"
    return False


BRIEF_MAX_CHARS = 1200  # a dispatch, news brief or analyst summary: a few sentences about one event
BRIEF_MAX_SENTENCES = 5


BRIEF_ONE_EVENT = True  # a brief's reports that can be one event (dates and places agree) are one
BRIEF_UNPLACED = True  # a brief reports its event even when neither a place nor an actor was found


def _merge_brief(doc: Doc, drafts: list[_Draft]) -> list[_Draft]:
    """A brief's paragraph tells one event unless its dates or places say otherwise: compatible drafts are merged
    (the lowest-ranked trigger types the event, as within a sentence)."""
    out: list[_Draft] = []
    for d in drafts:
        for o in out:
            same_day = d.date is not None and o.date is not None and d.date.start == o.date.start
            same_place = d.place is not None and o.place is not None and d.place.name == o.place.name
            if _compatible(o, d) and _same_paragraph(doc, o.sent, d.sent) and ((not d.date_in_sent and not d.place_in_sent) or (same_day and same_place)
                                      or (same_day and not d.place_in_sent) or (same_place and not d.date_in_sent)):
                _absorb(o, d)
                break
        else:
            out.append(d)
    return out


def _is_brief(doc: Doc) -> bool:
    text = doc_text(doc).strip()
    return 0 < len(text) <= BRIEF_MAX_CHARS and len(_sents(doc)[1]) <= BRIEF_MAX_SENTENCES


def find_events(doc: Doc, ctx: Context) -> list[EventReport]:
    """Event reports of one parsed document."""
    drafts: list[_Draft] = []
    dropped: list[tuple[Hit, str]] = []
    by_sent: dict[int, list[Hit]] = {}
    brief = _is_brief(doc)
    _CURRENT_CTX["ctx"] = ctx
    for h in find_triggers(doc):  # one Matcher pass over the document
        by_sent.setdefault(sent_of(doc, h.start).start, []).append(h)
    sents: dict[int, Span] = {}
    for sent in _sents(doc)[1]:
        if sent.end_char - sent.start_char > MAX_SENTENCE_CHARS:
            log.info("%s: a %d-character 'sentence' is not prose; no events read from it", ctx.doc_id,
                     sent.end_char - sent.start_char)
            continue
        if _caps_headline(ctx, sent):
            continue  # "M23 TAKES MWESO AS ADF KILLINGS CONTINUE": the body tells it again, with details
        sents[sent.start] = sent
        for h in by_sent.get(sent.start, ()):
            if h.end > sent.end:  # a match across a sentence boundary is no trigger
                continue
            d = _draft_for(doc, ctx, sent, h, drafts, dropped, brief)
            if d is not None:
                drafts.append(d)
    merged = _merge_in_sentence(drafts)
    merged = _merge_elaborations(doc, merged)
    if brief and not any(_keep(d) for d in merged) and dropped:
        # a brief that reports nothing by the strict filters: its best trigger dropped only for tense,
        # genericity or a missing time/place of its own is the event it is about
        soft = [(h, why) for h, why in dropped if why in _SOFT_DROPS
                and (why not in _ALLEGED or _accused_doer(h.head(doc)))]
        soft.sort(key=lambda hw: (hw[0].trig["rank"], hw[0].start))
        foiled = [h.start for h, why in dropped if why.startswith("suppressed:disrupted:")]
        if foiled:
            # "Police find and defuse a bomb. The target of the bomb was …": the device told again is the one
            # defused (the disruption was dropped for headline tense), not a blast of its own
            soft = [(h, why) for h, why in soft if not (
                why == "anaphoric" and h.trig["type"] == "Explosions/Remote violence" and h.start > min(foiled))]
        for h, _why in soft:
            found = sents.get(sent_of(doc, h.start).start)
            if found is None:
                continue
            d = _draft_for(doc, ctx, found, h, [], [], brief, relax=True)
            if d is not None:
                d.confidence = min(d.confidence, 0.5)
                # a stronger trigger that survived the filters but found no place or actor of its own
                # still types the event ("Five killed in a clash": the clash, not the killing; "… blown up by
                # an IED near Zzq. Al-Shabaab claimed the attack": the bomb, told a sentence before the claim)
                typed = min((m for m in merged if _same_paragraph(doc, m.sent, d.sent)), key=lambda m: m.rank,
                            default=None)
                if typed is not None and typed.rank < d.rank:
                    d.event_type, d.sub, d.rank, d.decision = typed.event_type, typed.sub, typed.rank, typed.decision
                merged = [d]
                break
    if brief:
        _territory_outcome(doc, ctx, sents, merged, dropped)
    if brief and merged and dropped and all(d.sub == "Arrests" for d in merged):
        merged = _arrests_after_violence(doc, ctx, sents, merged, dropped)
    _attach_claims(doc, ctx, merged)
    if brief and BRIEF_ONE_EVENT:
        merged = _merge_brief(doc, merged)
    taken = {d.sent.start for d in merged}  # after the brief's merge: an absorbed sentence may hold the toll
    out = [_finish(doc, ctx, d, taken) for d in merged if _keep(d) or (brief and BRIEF_UNPLACED)]
    if TRACE is not None:
        TRACE.extend((ctx.doc_id, doc[h.start:h.end].text, why) for h, why in dropped)
        TRACE.extend((ctx.doc_id, doc[d.hits[0].start:d.hits[0].end].text, "no_actor_or_place")
                     for d in merged if not _keep(d))
    return out


def _arrests_after_violence(doc: Doc, ctx: Context, sents: dict[int, Span], merged: list[_Draft],
                            dropped: list[tuple[Hit, str]]) -> list[_Draft]:
    """A brief whose only report is an arrest, though it also tells a killing, a clash or a demonstration that the
    strict filters dropped (no doer named, present tense: "… a trader died of gunshot wounds; two men
    were held", "Supporters protest in town. Police made arrests."): ACLED codes the violence or the demonstration;
    the arrests are what came of it. The strongest such trigger types the event and takes the arrests in."""
    kinds = VIOLENT | {"Protests", "Riots"}
    soft = sorted(((h, why) for h, why in dropped if why in _SOFT_DROPS and h.trig["type"] in kinds
                   and h.trig["rank"] <= 7), key=lambda hw: (hw[0].trig["rank"], hw[0].start))
    for h, _why in soft:
        found = sents.get(sent_of(doc, h.start).start)
        if found is None:
            continue
        d = _draft_for(doc, ctx, found, h, [], [], True, relax=True)
        if d is None or d.event_type == "Strategic developments":
            continue
        for m in merged:
            _absorb(d, m)
        return [d]
    return merged


_TERRITORY_SOFT = frozenset({"no_place_object", "territory_without_place"})
# settlements and districts, not military posts: a base or camp overrun and left is coded as a clash
_PLACE_WORDS = frozenset({"town", "village", "city", "locality", "district", "area", "center", "centre", "capital",
                          "it", "site", "zone", "neighbourhood", "neighborhood"})


def _place_word_object(head: Token) -> bool:
    """The ground taken is told by a common noun, "it" or a place name the gazetteer could not place:
    "took control of the town", "overran it", "regained control of Zzyville"."""
    objs = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
    objs += [o for c in objs + [head] for p in c.children if p.dep_ == "prep" and p.lower_ in ("of", "over")
             for o in p.children if o.dep_ == "pobj"]  # "took control of the town", "seized control over it"
    return any(o.lemma_.lower() in _PLACE_WORDS or o.lower_ in _PLACE_WORDS or o.ent_type_ in ("GPE", "LOC")
               for o in objs)


def _territory_outcome(doc: Doc, ctx: Context, sents: dict[int, Span], merged: list[_Draft],
                       dropped: list[tuple[Hit, str]]) -> None:
    """A brief that tells a battle and then that a side took the place ("… clashed with the army in Boni.
    The militants then took control of the town"): ACLED codes the battle by its outcome, a change of
    territory. The taking names no town of its own, so it was dropped; it types the battle it ends."""
    for h, why in dropped:
        if not h.trig.get("territory") or why not in _TERRITORY_SOFT:
            continue
        sent = sents.get(sent_of(doc, h.start).start)
        if sent is None:
            continue
        if not _place_word_object(h.head(doc)):
            continue  # "four hostages were liberated": no ground taken
        d = _draft_for(doc, ctx, sent, h, [], [], True, relax="territory")
        if d is None or d.event_type != "Battles":
            continue
        fought = [m for m in merged if m.event_type in VIOLENT and m.sub not in _REMOTE_SUBS
                  and _same_paragraph(doc, m.sent, sent)]
        if not fought:
            continue
        m = min(fought, key=lambda x: x.rank)
        m.event_type, m.sub, m.decision, m.rank = d.event_type, d.sub, d.decision, min(m.rank, d.rank)
        m.hits = sorted(m.hits + d.hits, key=lambda x: x.start)
        return


_TERRITORY_SUBS = frozenset({"Government regains territory", "Non-state actor overtakes territory"})
_REMOTE_SUBS = frozenset({"Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                          "Suicide bomb", "Grenade", "Chemical weapon"})


def _with_prep(head: Token, preps: list[str]) -> bool:
    """The verb, or its object, takes one of ``preps`` ("stripped of their goods", "stripped a man of his phone")."""
    return any(c.dep_ == "prep" and c.lower_ in preps
               for t in [head, *(o for o in head.children if o.dep_ in ("dobj", "nsubjpass"))] for c in t.children)


def _fits_object(doc: Doc, h: Hit) -> bool:
    """The trigger's object and prepositions are those its 'object_lemmas' and 'not_with_prep' ask for."""
    head = h.head(doc)
    return (not h.trig.get("object_lemmas") or _object_in(head, h.trig["object_lemmas"])) \
        and not (h.trig.get("not_with_prep") and _with_prep(head, h.trig["not_with_prep"]))


def _draft_for(doc: Doc, ctx: Context, sent: Span, h: Hit, drafts: list[_Draft],
               dropped: list[tuple[Hit, str]], brief: bool, relax: bool | str = False) -> _Draft | None:
    """The event draft of one trigger, or None (with the reason in ``dropped``) when it reports no event.
    ``relax``: only the hard reasons drop it (see ``_SOFT_DROPS``); ``"territory"``: also a town or post told
    by a common noun or "it" ("took control of the town") is ground taken."""
    def drop(why: str) -> bool:
        if relax and why in _SOFT_DROPS:
            return False
        _dropped(dropped, h, why)
        return True

    if h.trig.get("fallback") and not _fits_object(doc, h):
        # "stripped the women" is forced nudity; "stripped a trader of his phone" is the robbery trigger's
        h = Hit(next(t for t in lexicon().triggers if t["id"] == h.trig["fallback"]), h.start, h.end)
    why = suppressed(h, doc, sent)
    trig = h.trig
    if why is not None and why.startswith("governed_by:") and why.split(":", 1)[1] in typer.data().attempt_governors \
            and trig["type"] == "Explosions/Remote violence":
        # "militants attempted to fire a rocket …": an attempted bombing or shelling is disrupted weapons use
        trig = {**trig, "id": "attempted_" + trig["id"], "type": "Strategic developments", "sub": "Disrupted weapons use"}
        why = None
    elif why is not None and why.startswith("disrupted:") and trig["type"] == "Explosions/Remote violence" \
            and why.split(":", 1)[1] not in _disrupt_trigger_verbs():
        # "an IED planted on the road was neutralised by the army": no disruption trigger tells it, the device does
        trig = {**trig, "id": "disrupted_" + trig["id"], "type": "Strategic developments", "sub": "Disrupted weapons use"}
        why = None
    elif why is not None and why.startswith("governed_by:") and why.split(":", 1)[1] in typer.data().attempt_governors \
            and trig["sub"] == "Sexual violence":
        why = None  # "tried to rape a girl": an attempted sexual assault is sexual violence (WHO's definition counts attempts)
    if why is None and trig["type"] in VIOLENT and _protest_grievance(h.head(doc)):
        why = "protest_grievance"
    if why is None and trig["type"] != "Protests" and _demanded(h.head(doc)):
        why = "demanded"  # "they demanded the arrest of the culprits", "… the release of those detained"
    if why is not None and drop("suppressed:" + why):
        return None
    root = doc[h.start:h.end].root
    if root.dep_ == "compound" and h.head(doc).i != root.i and h.head(doc).lemma_.lower() in _DESCRIBED_NOUNS:
        _dropped(dropped, h, "describes:" + h.head(doc).lemma_.lower())
        return None  # "disappearance victims", "murder suspects", "slaughter prices": a word describing a noun
    if trig.get("brief_only") and (not brief or h.head(doc).dep_ == "acl"):
        _dropped(dropped, h, "background_outside_brief")
        return None  # "the task force deployed in the region": background in an article
    if trig.get("not_before") and h.end < len(doc) and doc[h.end].lower_ in trig["not_before"]:
        _dropped(dropped, h, "modifier_of_" + doc[h.end].lower_)
        return None  # "riot police", "riot gear"
    head = h.head(doc)
    date_, date_in_sent = _pick_date(ctx, doc, head, sent)
    seq_from: _Draft | None = None
    if date_ is None:
        # the event told last in an earlier sentence (the drafts of this sentence are its own
        # telling: "The next day a bomb struck a convoy, killing three" is one day after, not three)
        prev = next((d for d in reversed(drafts[-_LOOK_BACK:]) if d.sent.start < sent.start and d.date is not None
                     and d.date_in_sent and d.date.precision == "day" and not d.date_said), None)
        seq = _sequence_date(span_text(sent), prev.date) if prev is not None and prev.date is not None else None
        if seq is not None:
            date_, date_in_sent, seq_from = seq, True, prev
        elif _pronoun_subject(head) and (told := _previous_sentence_date(ctx, doc, sent)) is not None:
            # "… launched a swarm of drones at Kharkiv overnight. One struck a dormitory": the part is
            # dated by the sentence that told the whole
            date_ = replace(told, span_start=-1, span_end=-1, confidence=told.confidence * 0.8)
        else:
            last = next((d for d in reversed(drafts[-_LOOK_BACK:]) if d.sent.start < sent.start and d.date is not None
                         and d.date.precision == "day" and not d.date_said), None)
            if last is not None and last.date is not None and _roundup(doc, sent, head, last.sent):
                # "… fired tear gas in Nairobi on Wednesday. In Kisumu, police shot dead two protesters":
                # a roundup's next town is told on the lead's day
                date_ = replace(last.date, text="", span_start=-1, span_end=-1,
                                confidence=last.date.confidence * 0.7)
    place, place_in_sent = slots.pick_place(ctx, doc, head, sent, trig)
    if place_in_sent and place is not None and slots.source_place(doc, place, head):
        place_in_sent = False  # "Officials in Mopti said six soldiers were killed": the source's town
    if _anaphoric(head, date_in_sent, place_in_sent, told=bool(drafts)) and drop("anaphoric"):
        return None
    if trig.get("people_object") and _people_object(head):
        # people taken beat property taken: a minibus seized with its passengers aboard is an abduction
        trig = {**trig, **trig["people_object"], "territory": False, "needs_place_object": False}
    elif trig.get("property_object") and _property_object(head):
        trig = {**trig, **trig["property_object"], "territory": False, "needs_place_object": False, "rank": 7}  # as the loot trigger
    if trig.get("weapons_object") and _weapons_object(head):
        trig = {**trig, **trig["weapons_object"], "territory": False, "needs_place_object": False, "rank": 7.5}  # as the disrupt trigger
    if trig.get("needs_armed_object") and not _armed_object(ctx, head):
        _dropped(dropped, h, "no_armed_object")
        return None
    if trig.get("object_lemmas") and (h.end - h.start <= 2 and doc[h.start:h.end].text.lower() not in _MULTI_OK) \
            and not _object_in(head, trig["object_lemmas"]):
        _dropped(dropped, h, "no_fitting_object")
        return None
    if trig.get("not_with_prep") and _with_prep(head, trig["not_with_prep"]):
        _dropped(dropped, h, "not_with_prep")
        return None  # "residents were stripped of their belongings", "stripped a man of his phone": robbery, no nudity
    if trig.get("subject_lemmas") and not _subject_in(head, trig["subject_lemmas"]):
        _dropped(dropped, h, "no_fitting_subject")
        return None
    if trig.get("needs_weapons_object") and not _weapons_object(head):
        _dropped(dropped, h, "no_weapons_object")
        return None
    if trig.get("needs_place_object") and not slots.place_object(ctx, head) and not (
            trig.get("territory") and _object_in(head, _HELD_POSTS, shared=True)) \
            and not ((relax == "territory" or brief) and trig.get("territory") and _place_word_object(head)) \
            and drop("no_place_object"):
        return None  # ("overran two army outposts": a held post is ground taken, like a town)
    if trig.get("territory") and (place is None or not place_in_sent or place.precision == "country") \
            and drop("territory_without_place"):
        return None
    agent = slots.agent(ctx, head, trig)
    target, target_kind = slots.targets(ctx, head)
    if agent is None and (_aircraft_subject(head) or _own_subject(head)):  # "the air force said its jets struck …"
        agent = slots.speaking_force(ctx, sent, head)
    if agent is None and not trig.get("inverse"):
        covert = trig["sub"] in ("Remote explosive/landmine/IED", "Suicide bomb", "Grenade") \
            or trig["type"] == "Violence against civilians"
        agent = slots.actor_before(ctx, sent, head, target, non_state_only=covert)
    if trig.get("inverse"):
        agent, target = None, agent
    if agent is None and seq_from is not None and seq_from.actor1 is not None and \
            seq_from.event_type == trig["type"] and seq_from.sub == trig["sub"]:
        # "Russian shelling hit the market … Later in the day, a missile hit a plant": the same side
        agent = seq_from.actor1
    fat, victims = slots.casualty(ctx, sent, head.idx)
    etype, sub, decision = _type_for(h, trig, agent, target_kind, victims, sent, brief)
    if trig.get("weak") and agent is None and fat is None and drop("weak_without_agent"):
        return None
    if trig.get("needs_agent") and agent is None and drop("no_agent"):
        return None
    if head.dep_ == "relcl" and date_in_sent and date_ is not None and _old(ctx, date_) and drop("old_description"):
        return None  # "the market, which was also attacked in 2015, …": a description, not a report
    # a statistic, not an event: nothing pins it to a time or a town
    specific_place = place_in_sent and place is not None and place.precision != "country"
    if not date_in_sent and not specific_place and not (brief and not drafts):
        if (not drafts or not _same_paragraph(doc, drafts[-1].sent, sent)) and drop("no_time_or_place"):
            return None
    if trig.get("weak") and not (specific_place or (date_in_sent and date_ is not None and date_.precision in ("day", "week"))) \
            and drop("weak_unpinned"):
        return None
    if trig.get("pinned") and not brief and not (
            (date_in_sent and date_ is not None and date_.precision in ("day", "week"))
            or (not date_in_sent and specific_place)):
        _dropped(dropped, h, "not_pinned")
        return None  # "the 2019 Khartoum agreement", "since the coup in July last year": background
    rank = trig["rank"]
    if trig["type"] != "Protests" and _protest_topic(head, sent):
        rank = 9  # "students protested against the killing of …": the protest is the event, the killing its topic
    elif trig["type"] == "Protests" and head.dep_ == "dobj" and head.head.lemma_.lower() in _CONSEQUENCE:
        rank = 9  # "… died in custody, prompting protests": the protests follow the event the sentence reports
    elif trig["sub"] != "Arrests" and _charge_of_arrest(head):
        rank = 9  # "police arrested two men over the killing of …": the arrest is the event, the killing its charge
    elif trig["type"] in VIOLENT and head.dep_ in ("pobj", "pcomp") \
            and head.head.lower_ in _BEFORE_NOW and head.head.head.pos_ == "VERB" and head.head.head.dep_ != "ROOT":
        rank = 8  # "a shell left behind after fighting by factions": an earlier event that explains this one
    elif trig["type"] in VIOLENT and head.pos_ == "NOUN" and any(
            c.dep_ == "amod" and c.lower_ in _EARLIER for c in head.children):
        rank = 8  # "arrested men linked to the recent bombing": an earlier event the report refers to
    if etype == "Strategic developments" and trig["type"] != etype:
        rank = max(rank, 7)  # a bomb found and removed: no stronger than the arrest told with it
    if trig.get("territory") and any(c.dep_ == "mark" and c.lower_ in ("before", "until", "after", "as")
                                     for c in head.children):
        rank = 6  # "… before troops regained control": the outcome of the event, not the event
    conf = 0.45 + 0.1 * (agent is not None) + 0.1 * date_in_sent + 0.1 * place_in_sent + (0.1 if trig["rank"] <= 3 else 0)
    return _Draft([h], sent, date_, place, etype, sub, agent, target, rank, conf,
                  date_in_sent, place_in_sent, decision=decision,
                  date_said=date_ is not None and date_.precision == "day" and date_.span_start >= 0
                  and source_date(doc, date_, head))


TRACE: list[tuple[str, str, str]] | None = None  # set to a list to collect (doc id, trigger, why dropped)


def _dropped(dropped: list[tuple[Hit, str]], h: Hit, why: str) -> None:
    log.debug("trigger at token %d dropped: %s", h.start, why)
    dropped.append((h, why))


_KILL_WORDS = {"kill", "murder", "execute", "behead", "assassinate", "lynch"}


def _one_killed(d: _Draft, doc: Doc) -> Fatalities | None:
    """'gunmen shot dead a community leader': one person killed, though no number is written."""
    for h in d.hits:
        head = h.head(doc)
        span = doc[h.start:h.end]
        is_kill = head.lemma_.lower() in _KILL_WORDS or span.text.lower().startswith(("shot dead", "shoot dead"))
        if not is_kill or head.pos_ != "VERB":
            continue
        victims = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
        if len(victims) == 1 and victims[0].tag_ in ("NN", "NNP") and not any(
                c.dep_ in ("conj", "nummod") for c in victims[0].children) and victims[0].lower_ not in ("one", "no"):
            v = victims[0]
            return Fatalities(1, 1, 1, doc[v.left_edge.i:v.i + 1].text, v.left_edge.idx, v.idx + len(v), None, 0.5)
    return None


_CIVILIAN_SIDE = frozenset({"Mob violence", "Looting/property destruction", "Grenade", "Arrests",
                            "Sexual violence", "Attack", "Abduction/forced disappearance"})
_VICTIM_SIDE = frozenset({"Remote explosive/landmine/IED", "Shelling/artillery/missile attack", "Suicide bomb",
                          "Grenade", "Armed clash", "Non-state actor overtakes territory"})
_POLICE_WORDS = frozenset({"police", "policeman", "policemen", "gendarme", "gendarmes", "gendarmerie", "officers",
                           "constable", "constables", "officer"})


def _default_actor2(d: _Draft, actor1: ActorMention | None, country: str) -> ActorMention | None:
    """ACLED's usual second side when the report names none: the soldiers or police hit by a
    non-state group's attack or bomb, else the civilians hurt, robbed or arrested."""
    sent = d.sent
    cues = typer.cues_in(*sent_forms(sent))
    non_state = actor1 is None or actor1.kind not in STATE_KINDS
    if d.sub in _VICTIM_SIDE and non_state and ("military_victims" in cues or d.sub == "Armed clash"
                                                 or d.sub == "Non-state actor overtakes territory"):
        police = any(t.lower_ in _POLICE_WORDS for t in sent) and not any(t.lower_ in _MILITARY_WORDS for t in sent)
        kind = "police" if police else "military"
        name = actors_mod.state_actor(kind, country)
        return ActorMention(name, "state_forces", "", -1, -1, country, 0.3, "rule") if name else None
    if d.sub == "Disrupted weapons use" and actor1 is not None and actor1.kind in STATE_KINDS:
        # "police found and defused a bomb": the side whose device it was, unknown unless the report names it
        name = actors_mod.state_actor("armed_unknown", country)
        return ActorMention(name, "rebels", "", -1, -1, country, 0.3, "rule") if name else None
    if d.sub == "Mob violence" and "clash" in cues:  # two crowds fought: the other side is rioters too
        name = actors_mod.state_actor("rioters", country)
        return ActorMention(name, "rioters", "", -1, -1, country, 0.3, "rule") if name else None
    if d.sub in _CIVILIAN_SIDE or (d.sub in _VICTIM_SIDE and "civilian_victims" in cues) \
            or (d.event_type == "Explosions/Remote violence" and non_state and d.sub in _VICTIM_SIDE
                and "military_victims" not in cues):
        # a bomb of a non-state group that hit no force hit civilians (ACLED codes nearly every such blast so)
        name = actors_mod.state_actor("civilians", country)
        return ActorMention(name, "civilians", "", -1, -1, country, 0.3, "rule") if name else None
    return None


_POLICED_RIOTS = frozenset({"Violent demonstration", "Mob violence"})
_RIOT_POLICE_WORDS = frozenset({"police", "policemen", "policeman", "anti-riot", "gendarmes", "gendarmerie"})
_MILITARY_WORDS = frozenset({"soldier", "soldiers", "troops", "army", "military", "servicemen", "commando", "commandos"})
_FORCE_ON_CROWD = frozenset({"Protest with intervention", "Excessive force against protesters"})
_TOLL_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests"})


def _toll_after(doc: Doc, ctx: Context, sent: Span, taken: set[int]) -> tuple[Fatalities | None, Span | None]:
    """'… struck a convoy near Afgoye. Two soldiers were killed, officials said.': the toll told next."""
    nxt = sent
    for _ in range(2):
        if nxt.end >= len(doc):
            return None, None
        following = sent_of(doc, nxt.end)
        end = nxt.start_char + len(nxt.text.rstrip())  # a sentence span may end in the blank line
        if following.start in taken or "\n\n" in doc_text(doc)[end:following.start_char]:
            return None, None
        fat, _ = slots.casualty(ctx, following, following.start_char)
        if fat is not None:
            return fat, following
        nxt = following
    return None, None


def _old(ctx: Context, d: ResolvedDate) -> bool:
    if not ctx.anchor.date or not d.end:
        return False
    return date.fromisoformat(d.end) < date.fromisoformat(ctx.anchor.date) - timedelta(days=BACKGROUND_DAYS)


def _same_paragraph(doc: Doc, a: Span, b: Span) -> bool:
    first, second = (a, b) if a.start <= b.start else (b, a)
    lo = first.start_char + len(span_text(first).rstrip())  # a sentence span may end in the line break
    return "\n" not in doc_text(doc)[lo:max(lo, second.start_char)]


def _sentences_between(doc: Doc, a: Span, b: Span) -> int:
    """How many sentences lie strictly between two sentences of the document."""
    if b.start <= a.start:
        return 0
    starts, _ = _sents(doc)
    return max(0, bisect_right(starts, b.start - 1) - bisect_right(starts, a.start))


def _keep(d: _Draft) -> bool:
    return d.place is not None or d.actor1 is not None


def _compatible(a: _Draft, b: _Draft) -> bool:
    from .resolve import dates_overlap, places_agree

    if a.date is not None and b.date is not None and a.date.precision == "day" and b.date.precision == "day" \
            and a.date.start != b.date.start:
        return False
    if not dates_overlap(a.date, b.date):
        return False
    if a.place is not None and b.place is not None and not places_agree(a.place, b.place, 30.0):
        # a town and the province or country it lies in are one place for this purpose
        if not _contains(a.place, b.place) and not _contains(b.place, a.place):
            return False
    return True


def _contains(big: ResolvedPlace, small: ResolvedPlace) -> bool:
    if big.precision == "country":
        return small.country == big.country
    if big.precision == "admin1":
        return small.country == big.country and bool(small.admin1) and small.admin1 == big.name
    return False


def _absorb(o: _Draft, d: _Draft) -> None:
    winner, loser = (o, d) if o.rank <= d.rank else (d, o)
    o.hits = sorted(o.hits + d.hits, key=lambda h: h.start)
    o.event_type, o.sub, o.rank, o.decision = winner.event_type, winner.sub, winner.rank, winner.decision
    o.actor1 = winner.actor1 or loser.actor1
    o.actor2 = winner.actor2 or loser.actor2
    o.date = _finer_date(o.date, d.date)
    o.place = _finer_place(o.place, d.place)
    o.date_in_sent = o.date_in_sent or d.date_in_sent
    o.place_in_sent = o.place_in_sent or d.place_in_sent
    o.confidence = max(o.confidence, d.confidence)


def _finer_date(a: ResolvedDate | None, b: ResolvedDate | None) -> ResolvedDate | None:
    from .resolve import _better_date

    return _better_date(a, b)


def _finer_place(a: ResolvedPlace | None, b: ResolvedPlace | None) -> ResolvedPlace | None:
    from .resolve import _better_place

    return _better_place(a, b)


def _merge_in_sentence(drafts: list[_Draft]) -> list[_Draft]:
    out: list[_Draft] = []
    by_sent: dict[int, list[_Draft]] = {}  # only drafts of the same sentence are compared (was every pair)
    for d in drafts:
        same = by_sent.setdefault(d.sent.start, [])
        for o in same:
            if _compatible(o, d):
                _absorb(o, d)
                break
        else:
            out.append(d)
            same.append(d)
    return out


_ONE_SIDED_SUBS = frozenset({"Attack", "Abduction/forced disappearance"})


def _merge_elaborations(doc: Doc, drafts: list[_Draft]) -> list[_Draft]:
    """A sentence with no time or place of its own that follows an event in the same paragraph
    tells more about that event ("The attackers, numbering more than 50, shot …")."""
    out: list[_Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        a1 = d.actor1
        definite = a1 is not None and (a1.text.lower().startswith(("the ", "he", "she", "they", "it"))
                                       or a1.text.lower() in ("one",)
                                       or doc_text(doc)[max(0, a1.span_start - 4):a1.span_start].lower() == "the ")
        subj_one = any(c.dep_ == "nsubj" and c.lower_ in ("one", "another", "it", "they")
                       for h in d.hits for c in h.head(doc).children)
        near = _same_paragraph(doc, prev.sent, d.sent) and _sentences_between(doc, prev.sent, d.sent) <= 1 \
            if prev is not None else False
        # "The attacker detonated his explosives …" a paragraph or two later: still the same event
        near = near or (prev is not None and definite and _sentences_between(doc, prev.sent, d.sent) <= 3)
        if (prev is not None and not d.date_in_sent and (not d.place_in_sent or definite or subj_one) and near
                and (d.event_type == prev.event_type
                     or {violence_family(d.event_type, d.sub), violence_family(prev.event_type, prev.sub)} <= VIOLENT
                     or (d.sub == "Looting/property destruction" and prev.event_type in VIOLENT | {"Riots", "Protests"}))):
            keep_type = (prev.event_type, prev.sub, prev.rank, prev.decision)
            if d.sub in _WEAPON_SUBS and _generic_blast(doc, prev) or (
                    d.sub in _TERRITORY_SUBS and prev.event_type in VIOLENT and prev.sub not in _REMOTE_SUBS):
                # "An explosion hit the market. The blast was caused by a rocket …": the weapon told next types it;
                # "… clashed with the army near Zzq. The militants took control of Zzq": the battle's outcome does
                keep_type = (d.event_type, d.sub, d.rank, d.decision)
            if d.sub == "Sexual violence" and prev.sub in _ONE_SIDED_SUBS:
                # "… attacked the village, killing five. Several women were raped during the attack": ACLED types
                # a one-sided attack in which people were raped as sexual violence (as it does in one sentence)
                keep_type = (d.event_type, d.sub, d.rank, d.decision)
            _absorb(prev, d)
            prev.event_type, prev.sub, prev.rank, prev.decision = keep_type
            continue
        out.append(d)
    return out


def _attach_claims(doc: Doc, ctx: Context, drafts: list[_Draft]) -> None:
    """'X claimed (responsibility for) the attack' names the perpetrator of the event just told."""
    if ctx.claimed_by is None:
        return
    for sent in _sents(doc)[1]:
        if "claim" not in span_text(sent).lower():
            continue
        who = ctx.claimed_by(doc, sent.start_char, sent.end_char)
        if not who:
            continue
        actor = next((a for a in ctx.actors_by_start.between(sent.start_char, sent.end_char)
                      if sent.start_char <= a.span_start < sent.end_char
                      and (a.text in who or who in a.text)), None)
        if actor is None:
            continue
        before = [d for d in drafts if d.sent.start_char <= sent.start_char and sent.start_char - d.sent.end_char < 800]
        if not before:
            continue
        target = before[-1]
        target.claimed = who
        if target.actor1 is None or target.actor1.canonical.startswith("Unidentified"):
            target.actor1 = actor


def _finish(doc: Doc, ctx: Context, d: _Draft, taken: set[int] = frozenset()) -> EventReport:  # type: ignore[assignment]
    sent = d.sent
    head = d.hits[0].head(doc)
    fat, victims = slots.casualty(ctx, sent, head.idx)
    toll_sent = None
    if fat is None:
        fat = _one_killed(d, doc)
    if fat is None and d.event_type in _TOLL_TYPES:
        fat, toll_sent = _toll_after(doc, ctx, sent, taken)
    date_ = d.date or _fallback_date(ctx)
    if d.place is None and ctx.focus_country and ctx.country_place is not None:
        d.place = ctx.country_place(ctx.focus_country)
    actor2 = d.actor2
    if actor2 is None and d.event_type in ("Violence against civilians",) and ctx.focus_country:
        name = actors_mod.state_actor("civilians", (d.place.country if d.place else None) or ctx.focus_country)
        actor2 = ActorMention(name or "Civilians", "civilians", "", -1, -1, None, 0.4, "rule")
    actor1 = d.actor1
    if actor1 is not None and actor1.kind == "civilians" and d.event_type in VIOLENT:
        # "two people were wounded when …": the victims, not the perpetrator; "villagers attacked …": rioters
        actor1 = actors_roles.civilian_agent(doc, actor1, (d.place.country if d.place else None) or ctx.focus_country,
                                              d.event_type, d.sub)
    claimed = d.claimed or (ctx.claimed_by(doc, sent.start_char, sent.end_char) if ctx.claimed_by else None)
    if actor1 is None and claimed:
        for a in ctx.actors_by_start.between(sent.start_char, sent.end_char):
            if sent.start_char <= a.span_start < sent.end_char and a.text in claimed:
                actor1 = a
                break
    if actor1 is None and d.event_type == "Battles" and d.sub == "Armed clash" and "operation" in {h.trig["id"] for h in d.hits}:
        name = actors_mod.state_actor("military", (d.place.country if d.place else None) or ctx.focus_country)
        if name:
            actor1 = ActorMention(name, "state_forces", "", -1, -1, None, 0.4, "rule")
    if actor1 is None and d.sub == "Armed clash":
        sides = actors_roles.clash_sides(actor2, ctx.actors_by_start.between(sent.start_char, sent.end_char), doc)
        if sides is not None:
            actor1, actor2 = sides
    country = (d.place.country if d.place else None) or ctx.focus_country
    force_first = actors_roles.force_on_protesters(d.sub, actor1, actor2, country, doc)
    if force_first is not None:
        actor1, actor2 = force_first
    elif d.event_type in ("Protests", "Riots") and actor1 is not None and actor1.kind in STATE_KINDS:
        # ACLED codes demonstrations with the demonstrators as actor1 and the intervening force as actor2
        actor2, actor1 = actor1, None
    if d.event_type == "Protests" and actor1 is not None and actor1.source == "rule" \
            and actor1.canonical.startswith("Unidentified Armed Group"):
        actor1 = None  # "a protest against the assault by unidentified assailants": who was protested, not who protested
    if d.event_type in ("Protests", "Riots") and (actor1 is None or actor1.kind in ("civilians", "protesters", "rioters")
                                                   or actor1.kind == "identity_militia" and actor1.source == "rule"):
        # "armed Maasai youths blocked the road": a crowd of a people demonstrating or rioting is ACLED's
        # protesters or rioters (the people an associate actor), not a militia
        kind = "protesters" if d.event_type == "Protests" else "rioters"
        name = actors_mod.state_actor(kind, country)
        if name:
            actor1 = ActorMention(name, kind, actor1.text if actor1 else "", actor1.span_start if actor1 else -1,
                                  actor1.span_end if actor1 else -1, country, 0.6, "rule")
    if actor1 is None and (d.event_type in ("Explosions/Remote violence", "Violence against civilians")
                           and d.sub not in ("Air/drone strike", "Shelling/artillery/missile attack", "Chemical weapon")):
        name = actors_mod.state_actor("armed_unknown", country)
        if name:
            actor1 = ActorMention(name, "rebels", "", -1, -1, country, 0.3, "rule")
    if actor1 is None and d.sub == "Government regains territory":  # "ISIS has lost Mosul": the state took it
        name = actors_mod.state_actor("military", country)
        if name:
            actor1 = ActorMention(name, "state_forces", "", -1, -1, country, 0.4, "rule")
    if actor1 is None and d.sub in ("Arrests", "Disrupted weapons use"):
        name = actors_mod.state_actor(d.hits[0].trig.get("default_actor", "police"), country)
        if name:
            actor1 = ActorMention(name, "state_forces", "", -1, -1, country, 0.4, "rule")
    if d.sub == "Disrupted weapons use":
        named = ctx.actors_by_start.between(0, len(doc_text(doc))) if _is_brief(doc) else \
            ctx.actors_by_start.between(sent.start_char, sent.end_char)
        actor1, actor2 = actors_roles.unforced_disruption(actor1, actor2, named, country)
    if d.event_type == "Protests":
        actor2 = actors_roles.protest_counterpart(actor1, actor2)
    if actor2 is None and d.sub in _FORCE_ON_CROWD and country:
        # people of no force who set on the demonstrators: rioters, ACLED's second side then
        actor2 = actors_roles.crowd_on_protest(list(_sents(doc)[1]) if _is_brief(doc) else [sent], country)
    if actor2 is None and d.sub in _FORCE_ON_CROWD and country:
        # ACLED codes the force that intervened as actor2; reports that name none mean the police
        name = actors_mod.state_actor("police", country)
        if name:
            actor2 = ActorMention(name, "state_forces", "", -1, -1, country, 0.4, "rule")
    if actor1 is not None and d.event_type in VIOLENT and actor1.canonical.startswith("Government of"):
        name = actors_mod.state_actor("military", actor1.country or country)  # "the government launched an offensive"
        if name:
            actor1 = replace(actor1, canonical=name)
    if actor1 is not None and d.event_type == "Riots" and actor1.canonical.startswith("Unidentified Armed Group"):
        name = actors_mod.state_actor("rioters", country)  # "assailants" in a brawl between crowds
        if name:
            actor1 = ActorMention(name, "rioters", actor1.text, actor1.span_start, actor1.span_end, country, 0.5, "rule")
    if actor1 is None and d.sub == "Air/drone strike" and country:
        name = actors_mod.state_actor("military", country)  # air power is a state's, most often the country's own
        if name:
            actor1 = ActorMention(name, "state_forces", "", -1, -1, country, 0.3, "rule")
    if actor2 is None and d.sub in _POLICED_RIOTS and country:
        # the people a riot hurt or whose houses and vehicles it burned come before the police who faced it
        actor2 = actors_roles.riot_victims([sent], actor1, country)
    if actor2 is None and d.sub in _POLICED_RIOTS and country:
        # ACLED codes the police who faced a riot as its second side; a brief may tell them in another sentence
        told = doc if _is_brief(doc) else sent
        # a violent demonstration names no force most often because the police who faced it go without saying
        if d.sub == "Violent demonstration" or any(t.lower_ in _RIOT_POLICE_WORDS for t in told):
            name = actors_mod.state_actor("police", country)
            if name:
                actor2 = ActorMention(name, "state_forces", "", -1, -1, country, 0.35, "rule")
    ev_sents = list(dict.fromkeys(sent_of(doc, h.start) for h in d.hits))
    in_sents = [a for s_ in ev_sents for a in ctx.actors_by_start.between(s_.start_char, s_.end_char)
                if s_.start_char <= a.span_start < s_.end_char]
    actor1, actor2 = actors_roles.settle(d.event_type, d.sub, actor1, actor2, in_sents, ev_sents, country,
                                         earlier=ctx.actors_by_start)
    if actor2 is None and country:
        actor2 = _default_actor2(d, actor1, country)
    day = date_.start if date_ is not None else None
    actor1 = actors_roles.coalition_force(actor1, country, day)
    actor2 = actors_roles.coalition_force(actor2, country, day)
    if actor2 is not None and actor1 is not None and actor2.canonical == actor1.canonical \
            and actor2.kind != "rioters":  # ACLED: rioters against rioters
        actor2 = None
    sources = ctx.sources(doc, sent.start_char, sent.end_char) if ctx.sources else ()
    background = False
    if date_ is not None and ctx.anchor.date and date_.end:
        background = date.fromisoformat(date_.end) < date.fromisoformat(ctx.anchor.date) - timedelta(days=BACKGROUND_DAYS)
    trig_span = doc[d.hits[0].start:d.hits[0].end]
    evs: list[TextSpan] = []
    sents = [sent_of(doc, h.start) for h in d.hits] + ([toll_sent] if toll_sent is not None else [])
    for s_ in dict.fromkeys(sents):
        raw = ctx.source_text[s_.start_char:s_.end_char] if ctx.source_text else s_.text
        ev_text = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        evs.append(TextSpan(s_.start_char + lead, s_.start_char + lead + len(ev_text), ev_text))
    evidence = evs[0]
    key = f"{ctx.doc_id}|{d.event_type}|{d.sub}|{trig_span.start_char}|{evidence.start}"
    rid = "rep_" + hashlib.sha256(key.encode()).hexdigest()[:16]
    return EventReport(
        event_id="evt_" + rid[4:],
        doc_id=ctx.doc_id,
        event_type=d.event_type,
        sub_event_type=d.sub,
        actor1=actor1.canonical if actor1 else None,
        actor1_mention=actor1.text if actor1 and actor1.text else None,
        actor2=actor2.canonical if actor2 else None,
        actor2_mention=actor2.text if actor2 and actor2.text else None,
        date=date_,
        location=d.place,
        fatalities=fat,
        evidence=tuple(evs),
        background=background,
        confidence=min(0.95, d.confidence),
        trigger=TextSpan(trig_span.start_char, trig_span.end_char,
                         ctx.source_text[trig_span.start_char:trig_span.end_char] if ctx.source_text else trig_span.text),
        sources=tuple(sources),
        claimed_by=claimed,
        report_id=rid,
        inter1=actors_mod.inter_code(actor1, country),
        inter2=actors_mod.inter_code(actor2, country),
        type_reason=d.decision.reason if d.decision else None,
        type_confidence=d.decision.confidence if d.decision else None,
        actor1_reason=actors_roles.reason(actor1),
        actor2_reason=actors_roles.reason(actor2),
    )


@dataclass(frozen=True)
class TriggerSlots:
    """The slots sitroom fills around one given trigger token (see ``fill_slots``)."""

    actor1: ActorMention | None
    actor2: ActorMention | None
    target_kind: str | None  # 'civilian' | 'military' | 'protesters' | None
    place: ResolvedPlace | None
    place_in_sent: bool
    fatalities: Fatalities | None
    victims: str | None  # who died, as the casualty phrase says ("civilians")


def fill_slots(doc: Doc, ctx: Context, head: Token, event_type: str = "Violence against civilians",
               sub_event_type: str = "Attack", inverse: bool = False) -> TriggerSlots:
    """Actors, place and casualties of a trigger given from outside (e.g. a gold trigger).

    The same argument logic ``find_events`` applies to its own triggers (agent from the parse,
    else the armed actor named just before; target from objects and prepositions; place and
    casualties of the sentence), without deciding whether the trigger is a real event and
    without document-level defaults (no focus-country place, no generic 'unidentified' actors).
    """
    sent = sent_of(doc, head.i)
    trig: dict[str, Any] = {"type": event_type, "sub": sub_event_type}
    place, place_in_sent = slots.pick_place(ctx, doc, head, sent, trig)
    agent = slots.agent(ctx, head, trig)
    target, target_kind = slots.targets(ctx, head)
    if agent is None and (_aircraft_subject(head) or _own_subject(head)):
        agent = slots.speaking_force(ctx, sent, head)
    if agent is None and not inverse:
        covert = sub_event_type in ("Remote explosive/landmine/IED", "Suicide bomb", "Grenade") \
            or event_type == "Violence against civilians"
        agent = slots.actor_before(ctx, sent, head, target, non_state_only=covert)
    if inverse:
        agent, target = None, agent
    fat, victims = slots.casualty(ctx, sent, head.idx)
    return TriggerSlots(agent, target, target_kind, place, place_in_sent, fat, victims)


def with_event_id(report: EventReport, event_id: str) -> EventReport:
    return replace(report, event_id=event_id)
