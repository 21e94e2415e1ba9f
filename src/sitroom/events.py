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
from . import slots
from .doctools import doc_text, sent_of
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
    rank: int
    confidence: float
    date_in_sent: bool = False
    place_in_sent: bool = False
    claimed: str | None = None


def _people_object(head: Token) -> bool:
    """The trigger's direct object names people ("seized 279 girls", "took 30 passengers")."""
    people = lexicon().abductees
    return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in people for c in head.children)


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


def _sequence_date(text: str, prev: ResolvedDate) -> ResolvedDate | None:
    """'Later in the day, a missile hit …': the day of the event told just before (± a day)."""
    if prev.precision != "day" or not prev.start:
        return None
    for rx, shift in _sequence_phrases():
        m = rx.search(text)
        if m:
            day = (date.fromisoformat(prev.start) + timedelta(days=shift)).isoformat()
            return replace(prev, start=day, end=day, text=m.group(0), span_start=-1, span_end=-1,
                           confidence=prev.confidence * 0.8)
    return None


def _pick_date(ctx: Context, doc: Doc, head: Token, sent: Span) -> tuple[ResolvedDate | None, bool]:
    in_sent = [d for d in ctx.dates_by_start.between(sent.start_char, sent.end_char)
               if sent.start_char <= d.span_start < sent.end_char and d.past and ctx.usable(d.span_start)]
    d = slots.closest(doc, head, in_sent, lambda d: d.span_start, lambda d: d.span_end)
    if d is not None:
        return d, True
    return None, False


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


def _clash_words(sent: Span) -> bool:
    low = sent.text.lower()
    return any(w in low for w in ("clash", "fighting", "gunfight", "firefight", "gun battle", "exchange of fire", "ambush"))


_CROWD = re.compile(r"(?i)\b(?:crowds?|protesters?|demonstrators?|marchers?|supporters)\b")
_RIOT_WORDS = re.compile(r"(?i)\b(?:stones?|rocks?|petrol[- ]bombs?|molotovs?|rioters?|torched|set fire)\b")


def _type_for(hit: Hit, trig: dict[str, Any], agent: ActorMention | None, target_kind: str | None,
              victims: str | None, sent: Span) -> tuple[str, str]:
    etype, sub = trig["type"], trig["sub"]
    lex = lexicon()
    if trig.get("territory"):
        state = agent is not None and agent.kind in STATE_KINDS
        if trig.get("inverse"):
            state = not state if agent is not None else True
        sub = "Government regains territory" if state else "Non-state actor overtakes territory"
        return "Battles", sub
    if agent is not None and agent.kind == "rioters" and etype not in ("Protests", "Riots"):
        return "Riots", "Mob violence"
    if trig.get("typed_by_target") and target_kind == "protesters":
        if _RIOT_WORDS.search(sent.text):
            return "Riots", "Violent demonstration"
        return "Protests", "Excessive force against protesters"
    if trig.get("typed_by_target") and _aircraft_subject(hit.head(sent.doc)):
        return "Explosions/Remote violence", "Air/drone strike"
    if (trig.get("typed_by_target") and trig["id"] == "attack" and target_kind != "civilian"
            and hit.head(sent.doc).lemma_.lower() in lex.remote_verbs
            and (agent is None or agent.kind in STATE_KINDS) and not _clash_words(sent)):
        # "Russian forces struck a factory": in war reporting a strike on a place is remote violence
        return "Explosions/Remote violence", "Shelling/artillery/missile attack"
    if trig.get("typed_by_target"):
        civ_victims = victims is not None and any(w in victims.lower() for w in ("civilian", "villager", "resident", "people", "worshipper", "child", "women", "student", "passenger", "farmer"))
        if target_kind == "civilian" or (target_kind is None and civ_victims):
            return "Violence against civilians", "Attack"
        if agent is not None and agent.kind in ("protesters",):
            return "Riots", "Violent demonstration"
        if target_kind == "military" or (agent is not None and agent.kind in STATE_KINDS | {"rebels", "political_militia", "identity_militia"}):
            return "Battles", "Armed clash"
        return ("Violence against civilians", "Attack") if trig["id"] == "kill" else ("Battles", "Armed clash")
    if sub == "Arrests" and _CROWD.search(sent.text):
        lemmas = {t.lemma_.lower() for t in sent}
        if any(w in lemmas or w.replace(" ", "") in lemmas for w in lex.protest_intervention if w != "arrested"):
            return "Protests", "Protest with intervention"  # "police used batons to disperse a crowd … and detained 40"
    if etype == "Protests":
        lemmas = {t.lemma_.lower() for t in sent}
        words = " " + " ".join(t.lower_ for t in sent) + " "  # whole words: "live" is not in "delivered"

        def said(w: str) -> bool:
            return w in lemmas or f" {w} " in words

        if any(said(w) for w in lex.protest_excessive) and (said("kill") or said("live") or said("shot") or said("shoot")):
            return "Protests", "Excessive force against protesters"
        if any(said(w) for w in lex.protest_intervention):
            return "Protests", "Protest with intervention"
    return etype, sub


_TALK_ABOUT = frozenset({"confirm", "condemn", "denounce", "deny", "claim", "investigate", "report", "blame",
                         "describe", "recall", "attribute", "mourn", "discuss"})
_LINKED = frozenset({"link", "blame", "attribute", "claim", "condemn", "investigate", "tie", "connect"})


def _caps_headline(ctx: Context, sent: Span) -> bool:
    """An all-capitals line without a final stop, above a body of ordinary prose."""
    raw = (ctx.source_text[sent.start_char:sent.end_char] if ctx.source_text else sent.text).strip()
    letters = [c for c in raw if c.isalpha()]
    if len(letters) < 12 or raw.endswith(".") or sum(c.isupper() for c in letters) < 0.9 * len(letters):
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


def find_events(doc: Doc, ctx: Context) -> list[EventReport]:
    """Event reports of one parsed document."""
    drafts: list[_Draft] = []
    by_sent: dict[int, list[Hit]] = {}
    for h in find_triggers(doc):  # one Matcher pass over the document
        by_sent.setdefault(sent_of(doc, h.start).start, []).append(h)
    for sent in _sents(doc)[1]:
        if sent.end_char - sent.start_char > MAX_SENTENCE_CHARS:
            log.info("%s: a %d-character 'sentence' is not prose; no events read from it", ctx.doc_id,
                     sent.end_char - sent.start_char)
            continue
        if _caps_headline(ctx, sent):
            continue  # "M23 TAKES MWESO AS ADF KILLINGS CONTINUE": the body tells it again, with details
        for h in by_sent.get(sent.start, ()):
            if h.end > sent.end:  # a match across a sentence boundary is no trigger
                continue
            why = suppressed(h, doc, sent)
            if why is not None:
                log.debug("trigger %r suppressed: %s", doc[h.start:h.end].text, why)
                continue
            head = h.head(doc)
            trig = h.trig
            date_, date_in_sent = _pick_date(ctx, doc, head, sent)
            if date_ is None and drafts and drafts[-1].date is not None and drafts[-1].date_in_sent:
                seq = _sequence_date(sent.text, drafts[-1].date)
                if seq is not None:
                    date_, date_in_sent = seq, True
            place, place_in_sent = slots.pick_place(ctx, doc, head, sent, trig)
            if place_in_sent and place is not None and slots.source_place(doc, place, head):
                place_in_sent = False  # "Officials in Mopti said six soldiers were killed": the source's town
            if _anaphoric(head, date_in_sent, place_in_sent, told=bool(drafts)):
                continue
            if trig.get("people_object") and _people_object(head):
                trig = {**trig, **trig["people_object"], "territory": False, "needs_place_object": False}
            if trig.get("needs_place_object") and not slots.place_object(ctx, head):
                continue
            if trig.get("territory") and (place is None or not place_in_sent or place.precision == "country"):
                continue
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
            fat, victims = slots.casualty(ctx, sent, head.idx)
            etype, sub = _type_for(h, trig, agent, target_kind, victims, sent)
            if trig.get("weak") and agent is None and fat is None:
                continue
            if head.dep_ == "relcl" and date_in_sent and date_ is not None and _old(ctx, date_):
                continue  # "the market, which was also attacked in 2015, …": a description, not a report
            # a statistic, not an event: nothing pins it to a time or a town
            specific_place = place_in_sent and place is not None and place.precision != "country"
            if not date_in_sent and not specific_place:
                if not drafts or not _same_paragraph(doc, drafts[-1].sent, sent):
                    continue
            if trig.get("weak") and not (specific_place or (date_in_sent and date_ is not None and date_.precision in ("day", "week"))):
                continue
            rank = trig["rank"]
            if trig.get("territory") and any(c.dep_ == "mark" and c.lower_ in ("before", "until", "after", "as")
                                             for c in head.children):
                rank = 6  # "… before troops regained control": the outcome of the event, not the event
            conf = 0.45 + 0.1 * (agent is not None) + 0.1 * date_in_sent + 0.1 * place_in_sent + (0.1 if trig["rank"] <= 3 else 0)
            drafts.append(_Draft([h], sent, date_, place, etype, sub, agent, target, rank, conf,
                                 date_in_sent, place_in_sent))
    merged = _merge_in_sentence(drafts)
    merged = _merge_elaborations(doc, merged)
    _attach_claims(doc, ctx, merged)
    taken = {d.sent.start for d in merged}
    return [_finish(doc, ctx, d, taken) for d in merged if _keep(d)]


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
    lo = first.start_char + len(first.text.rstrip())  # a sentence span may end in the line break
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
    o.event_type, o.sub, o.rank = winner.event_type, winner.sub, winner.rank
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


_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


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
                and (d.event_type == prev.event_type or {d.event_type, prev.event_type} <= _VIOLENT)):
            keep_type = (prev.event_type, prev.sub, prev.rank)
            _absorb(prev, d)
            prev.event_type, prev.sub, prev.rank = keep_type
            continue
        out.append(d)
    return out


def _attach_claims(doc: Doc, ctx: Context, drafts: list[_Draft]) -> None:
    """'X claimed (responsibility for) the attack' names the perpetrator of the event just told."""
    if ctx.claimed_by is None:
        return
    for sent in _sents(doc)[1]:
        if "claim" not in sent.text.lower():
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
    country = (d.place.country if d.place else None) or ctx.focus_country
    if d.event_type in ("Protests", "Riots") and actor1 is not None and actor1.kind in STATE_KINDS:
        # ACLED codes demonstrations with the demonstrators as actor1 and the intervening force as actor2
        actor2, actor1 = actor1, None
    if d.event_type in ("Protests", "Riots") and (actor1 is None or actor1.kind in ("civilians", "protesters", "rioters")):
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
