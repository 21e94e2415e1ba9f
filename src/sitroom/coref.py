"""Event coreference within one article, and the mentions that are not fresh events.

A news story tells its event once in the lead and then refers back to it: "the attack", "Monday's
blast", "No one has claimed the bombing", "The bombing led the president to cut short a visit", "the
death toll rose to 25 on Wednesday, a day after the bombing". Each of these is found as an event by
the trigger stage; here they are folded into the event they refer to.

``merge_mentions(doc, events)`` (applied by the pipeline after events are extracted and merged within
sentences) walks the reports in text order. A report whose trigger is a re-mention (a definite or
possessive noun, a toll update, a ranking such as "the deadliest since 2019", speculation such as
"analysts suspect …") joins the nearest earlier report of a compatible type whose place and date
agree with it. The merged report keeps the better date (the day of the event, never the day of a
toll update), the more specific place, and low/best/high over all its toll mentions.

``is_aggregate(doc, report)`` flags sweeping statements and campaign totals ("an insurgency that has
cost thousands of lives", "attacks have killed more than 100 people since 2016"): not events.
A re-mention, ranking or aggregate with no antecedent and no day and place of its own is dropped.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from .doctools import doc_text, sent_of, span_text
from .events import _is_brief, source_date
from .records import EventReport, Fatalities
from .resolve import _better_date, _better_place, dates_overlap, places_agree
from .taxonomy import VIOLENT, violence_family

_NEAR_KM = 40.0
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                       "yesterday", "today", "weekend", "week", "night", "morning"})
_TOLL = re.compile(
    r"\b(?:death\s+)?toll\b[^.;]{0,60}?\b(?:rose|rises|risen|climbed|climbs|increased|reached|jumped|went\s+up|"
    r"stands|stood|is\s+now|now\s+stands|has\s+risen|had\s+risen)\b"
    r"|\b(?:number\s+of\s+(?:dead|people\s+killed|victims|fatalities))\b[^.;]{0,40}?\b(?:rose|risen|climbed|reached)\b"
    r"|\b(?:died|succumbed)\s+(?:of|from|to)\s+(?:their|his|her)\s+(?:wounds|injuries)\b",
    re.IGNORECASE)
_RANKING = re.compile(
    r"\b(?:deadliest|worst|bloodiest|biggest|largest|most\s+[a-z]+|latest\s+in\s+a|"
    r"first\s+(?:such\s+)?(?:attack|bombing|assault|strike)\s+since|second\s+(?:such\s+)?(?:attack|bombing)\s+(?:in|this|since))\b",
    re.IGNORECASE)
_SINCE = re.compile(r"\b(?:since|in\s+(?:years|decades|a\s+decade|months)|this\s+year|so\s+far|ever|on\s+record|"
                    r"in\s+(?:the|this)\s+(?:region|area|city|country|province|state|capital))\b", re.IGNORECASE)
_SPECULATION = frozenset({"suspect", "speculate", "believe", "think", "fear", "guess", "surmise"})
_SPEC_WORDS = re.compile(r"\b(?:analysts?|experts?|observers?)\s+(?:suspect|believe|think|say\s+it\s+is\s+likely)\b"
                         r"|\b(?:may|might|could)\s+have\s+(?:been\s+)?\w+ed\b", re.IGNORECASE)
_PERFECT = re.compile(r"\b(?:has|have|had)\s+(?:so\s+far\s+|now\s+|also\s+|already\s+)?(?:been\s+)?"
                      r"(?:killed|cost|claimed|left|displaced|forced|killing|waged|battled|fought|carried|seen|"
                      r"recorded|suffered|taken|destroyed|targeted|staged|launched)\b", re.IGNORECASE)
# present perfect of any verb, when it governs the trigger: "the two armies have exchanged fire
# every day since … the border raid" (not a source's verb: "partners have received reports of 18 cases of rape")
_PERFECT_ANY = re.compile(r"\b(?:has|have)\s+(?:\w+ly\s+|so\s+far\s+|now\s+|also\s+|already\s+)?(?:been\s+)?"
                      r"(?!(?:received|recorded|documented|reported|verified|confirmed|registered|counted|said|"
                      r"told|heard|noted|logged|tallied)\b)[a-z]+(?:ed|en|wn|ght)\b", re.IGNORECASE)
_SPAN_OF_TIME = re.compile(
    r"\bsince\s+(?:(?:early|late|mid-?|the\s+(?:start|end|beginning)\s+of)\s*)?(?:(?:19|20)\d\d|january|february|"
    r"march|april|may|june|july|august|september|october|november|december)\b"
    r"|\bsince\s+(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+\d"
    r"|\b(?:for|over)\s+(?:the\s+(?:past|last)\s+)?(?:(?:almost|nearly|more\s+than|over|about|around|at\s+least|"
    r"close\s+to)\s+)?(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"several|many|\d+)\s+(?:decades?|years?)\b|\bin\s+recent\s+(?:years|months)\b|\bover\s+the\s+(?:past|last)\s+"
    r"(?:decade|\w+\s+years)\b|\bthis\s+year\b|\bso\s+far\s+this\b",
    re.IGNORECASE)
_BIG_COUNT = re.compile(r"\b(?:thousands|hundreds|tens\s+of\s+thousands|millions|\d{1,3}(?:,\d{3})+|\d+\s+million)\b",
                        re.IGNORECASE)
_SWEEPING_SUBJ = re.compile(r"\b(?:insurgency|insurgencies|conflict|war|violence|fighting|attacks|campaign|"
                            r"crisis|uprising|rebellion|clashes|unrest)\b", re.IGNORECASE)


def _trigger_token(doc: Doc, r: EventReport) -> Token | None:
    if r.trigger is None:
        return None
    sp = doc.char_span(r.trigger.start, r.trigger.end, alignment_mode="expand")
    if sp is None or not len(sp):
        return None
    return sp.root


def _sentence(doc: Doc, r: EventReport) -> Span | None:
    tok = _trigger_token(doc, r)
    if tok is not None:
        return sent_of(doc, tok.i)
    if r.evidence:
        sp = doc.char_span(r.evidence[0].start, r.evidence[0].end, alignment_mode="expand")
        if sp is not None and len(sp):
            return sent_of(doc, sp.start)
    return None


def _own(r: EventReport, sent: Span | None, what: str) -> bool:
    """The report's date or place is written in its own sentence."""
    if sent is None:
        return False
    x = r.date if what == "date" else r.location
    if x is None:
        return False
    s = getattr(x, "span_start", -1)
    return s is not None and sent.start_char <= s < sent.end_char


def mention_kind(doc: Doc, r: EventReport, legacy: bool = False) -> str | None:
    """How a report refers to its event when it refers back: ``toll``, ``ranking``, ``speculation``,
    ``possessive`` ("Monday's blast"), ``definite`` ("the bombing"), or None for a fresh telling.
    Since round 3 also ``claim``, ``retold``, ``phase``, ``seizure``, ``consequence`` (folded when the
    event they refer to was told; otherwise read as before, ``legacy``), ``earlier`` and ``negated``."""
    sent = _sentence(doc, r)
    if sent is None:
        return None
    stext = span_text(sent)
    if _TOLL.search(stext):
        return "toll"
    tok = _trigger_token(doc, r)
    if tok is not None and _RANKING.search(stext) and _SINCE.search(stext) and not _dated_here(doc, r, sent) \
            and (any(c.tag_ == "JJS" or c.lower_ in ("latest", "first") or _most_adjective(c) for c in tok.children)
                 or tok.dep_ in ("attr", "nsubj") and tok.head.lemma_ == "be"):
        return "ranking"
    if tok is not None and _SPEC_WORDS.search(stext) and any(a.lemma_.lower() in _SPECULATION or a.lower_ in (
            "may", "might", "could") or any(c.lower_ in ("may", "might", "could") for c in a.children)
            for a in (tok, *tok.ancestors)):
        return "speculation"  # "analysts suspect the militia used incendiary rounds"
    if legacy:
        pass
    elif tok is not None and claimed(tok):
        return "claim"  # "IS claimed the attack, saying its fighters had killed 20 soldiers"
    if tok is not None and tok.pos_ == "VERB" and not tells_another(sent, tok) and any(
            c.dep_ == "nsubj" and c.lower_ in ("one", "another", "it") for c in tok.children):
        return "elaboration"  # "One struck a dormitory, wounding five": a part of the strike just told
    if legacy:
        pass
    elif tok is not None and tok.pos_ == "VERB" and not tells_another(sent, tok) and retold(doc, tok, sent):
        return "retold"  # "Hundreds of assailants ambushed the patrol …": the patrol of the lead
    elif tok is not None and _long_after(tok):
        return "earlier"  # "Eight months after rebels overran the garrison town, …"
    elif tok is not None and _no_evidence_of(tok):
        return "negated"  # "officials said there was no evidence of a kidnapping attempt"
    elif r.sub_event_type == "Disrupted weapons use" and not _own(r, sent, "date") and not _own(r, sent, "place"):
        return "seizure"  # "… and that 15 rifles were seized": the haul of the clash just told
    elif tok is not None and tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" \
            and tok.head.lemma_.lower() in _PHASE and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
        return "phase"  # "The siege of the town dragged on until spring": the span of the event told
    if not legacy and tok is not None and r.event_type == "Strategic developments" \
            and not _own(r, sent, "date") and _after_told_event(tok):
        return "consequence"  # "Dozens were detained after the riot, police said": the riot's aftermath
    if tok is None or tok.pos_ not in ("NOUN", "PROPN") or tells_another(sent, tok):
        return None
    if tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" and not legacy:
        verb = tok.head.lemma_.lower()
        if verb not in _OUTCOME and not _own(r, sent, "date") and any(
                c.dep_ == "aux" and c.lower_ in ("has", "have") for c in tok.head.children):
            return "consequence"  # "The fighting has revived fears in the capital", "Fighting has cut the road"
    for c in tok.children:
        if c.dep_ == "poss" and (c.lower_ in ("its", "their", "his", "her") or c.lemma_.lower() in _WEEKDAYS
                                 or c.lower_.rstrip("'\u2019s") in _WEEKDAYS or c.ent_type_ in ("DATE", "TIME")):
            return "possessive"  # "Monday's blast", "its attack"
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)
    placed = any(c.dep_ == "prep" and c.lower_ in ("on", "in", "at", "near") for c in tok.children)
    if definite and (not placed or not _own(r, sent, "place")):
        return "definite"
    return None


# nouns for an event already told, in "arrested after the riot", "detained following the attack"
_EVENT_NOUNS = frozenset({"attack", "riot", "riots", "clash", "clashes", "bombing", "blast", "explosion", "violence",
                          "unrest", "protest", "protests", "fighting", "raid", "killing", "killings", "ambush",
                          "assault", "massacre", "shooting", "incident", "demonstration", "demonstrations",
                          "lynching", "abduction", "kidnapping", "strike", "strikes", "battle"})


def _after_told_event(tok: Token) -> bool:
    """The trigger's clause is timed by an event already told: 'after the riot', 'following
    Monday's attack', 'in the wake of the clashes' (a definite or possessive event noun)."""
    for node in (tok, tok.head):
        for prep in node.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("after", "following"):
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lower_ in _EVENT_NOUNS and any(
                        c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "another") for c in obj.children):
                    return True
    return False


# verbs telling the course of an event already told, not an event ("The offensive collapsed in June 2020")
_PHASE = frozenset({"last", "end", "collapse", "continue", "stall", "drag", "persist", "subside", "fizzle",
                    "conclude", "culminate", "peter", "abate", "ease", "rage"})
# present-perfect verbs that report an event's own toll or harm, so a fresh telling ("Fighting has killed 20")
_OUTCOME = frozenset({"kill", "wound", "injure", "leave", "displace", "claim", "cost", "destroy", "damage",
                      "force", "erupt", "break", "spread", "escalate", "intensify", "resume", "hit",
                      "engulf", "reach", "take"})
_NO_SIGN = frozenset({"evidence", "sign", "signs", "indication", "indications", "report", "reports", "trace",
                      "record", "proof"})


def _no_evidence_of(tok: Token) -> bool:
    """"no evidence of a kidnapping attempt", "no sign of an attack": the event is denied."""
    t = tok
    for _ in range(3):
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in _NO_SIGN:
            noun = t.head.head
            return any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children) or any(
                c.dep_ == "neg" for c in noun.head.children)
        if t.dep_ not in ("compound", "amod", "nmod") and not (t.dep_ == "pobj" or t.head.pos_ == "NOUN"):
            return False
        t = t.head
    return False


_LONG_UNITS = frozenset({"week", "month", "year", "decade"})


def _long_after(tok: Token) -> bool:
    """The trigger is told in a clause under "N weeks/months/years after" ("Eight months after rebels overran
    the garrison town, talks drag on"): a reference to an earlier event, not a report."""
    for a in (tok, *tok.ancestors):
        if a.pos_ != "VERB":
            continue
        units = [c for c in a.children if c.dep_ == "npadvmod" and c.lemma_.lower() in _LONG_UNITS]
        if units and any(c.dep_ == "mark" and c.lower_ == "after" for c in a.children):
            return True  # its own clause is subordinate ("after" marks it), even when parsed as the root
        if a.dep_ == "ROOT":
            return False  # the main clause: "A week after the vote, gunmen attacked …" reports the attack
        return bool(units) and (any(c.dep_ == "prep" and c.lower_ == "after" for c in a.children)
                                or any(g.lower_ == "after" for u in units for g in u.children))
    return False


_CLAIM_SUBJECTS = frozenset({"fighter", "militant", "mujahideen", "mujahid", "combatant", "gunman", "member",
                             "cadre", "martyr", "soldier", "man", "unit", "brigade"})
_CLAIM_SPEECH = frozenset({"say", "announce", "state", "boast"})


def claimed(tok: Token) -> bool:
    """The trigger is what a group says of its own deed: under "claimed (the attack)" ("X claimed the
    raid, saying it had killed nine policemen"), or "X said its men had killed the guards"."""
    for a in tok.ancestors:
        if a.lemma_.lower() == "claim" and a.pos_ == "VERB" and any(
                c.dep_ == "dobj" and _definite_claimed(c) for c in a.children):
            return True
        if a.pos_ == "VERB" and a.lemma_.lower() in _CLAIM_SPEECH:
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.lemma_.lower() in _CLAIM_SUBJECTS and any(
                    c.dep_ == "poss" and c.lower_ in ("its", "their") for c in subj.children):
                return True
    return False


def _definite_claimed(obj: Token) -> bool:
    """"claimed the attack", "claimed responsibility for the bombing" (not "claimed an attack in
    December last year": another event)."""
    if obj.lemma_.lower() == "responsibility":
        objs = [g for c in obj.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        return not objs or any(_definite_claimed(g) for g in objs)
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their")
               for c in obj.children)


_RETOLD_SKIP = frozenset({"people", "person", "man", "men", "woman", "women", "child", "children", "civilian",
                          "civilians", "soldier", "soldiers", "village", "town", "city", "area", "region",
                          "group", "country", "government", "army", "police", "military", "state", "district"})


def retold(doc: Doc, tok: Token, sent: Span) -> bool:
    """The verb's victim is a thing the article introduced before with an indefinite article and
    now names definitely ("ambushed an army patrol" … "assailants ambushed the patrol"), or "it"
    ("… when it was attacked"): the event already told, told again with details."""
    for c in tok.children:
        if c.dep_ == "nsubjpass" and c.lower_ == "it":
            return True
        if c.dep_ not in ("dobj", "nsubjpass") or c.pos_ != "NOUN" or c.lower_ in _RETOLD_SKIP:
            continue
        if not any(d.dep_ == "det" and d.lower_ == "the" for d in c.children):
            continue
        if any(d.dep_ in ("amod", "compound", "prep", "acl", "relcl", "nummod") for d in c.children):
            continue  # "the main market", "the patrol from Gao": a thing of its own
        lemma = c.lemma_.lower()
        for t in doc[max(0, sent.start - 400):sent.start]:
            if t.lemma_.lower() == lemma and t.pos_ == "NOUN" and any(
                    d.dep_ == "det" and d.lower_ in ("a", "an") for d in t.children):
                return True
    return False


def _most_adjective(c: Token) -> bool:
    """"the most persistent protests", "the most intense fighting": a superlative made with "most"."""
    return c.dep_ == "amod" and any(g.dep_ == "advmod" and g.lower_ in ("most", "least") for g in c.children)


def _dated_here(doc: Doc, r: EventReport, sent: Span) -> bool:
    """The sentence dates the report itself ("In July, …"), not just a ranking's period ("since 2014")."""
    if not _own(r, sent, "date") or r.date is None:
        return False
    before = doc_text(doc)[max(sent.start_char, r.date.span_start - 12):r.date.span_start].lower()
    return not re.search(r"\b(?:since|in|for|over)\s+(?:the\s+)?$", before) or bool(re.match(
        r"\s*in\s+$", before) and r.date.precision in ("day", "week", "month"))


def tells_another(sent: Span, tok: Token) -> bool:
    """The sentence also tells another happening in a clause of its own ("The attack came two days after
    a car bomb exploded at a checkpoint", "… in August, when militiamen seized the town"): the
    definite noun is then not all the sentence reports."""
    if tok.dep_ == "pobj" and tok.head.lower_ in ("after", "before", "since", "following", "despite"):
        return True  # "Hours after the attack, militiamen abducted three men": the abduction is told
    for t in sent:
        if t.pos_ not in ("VERB",) or t.dep_ not in ("advcl", "relcl", "pcomp") or t == tok.head or t == tok:
            continue
        if any(c.dep_ in ("mark", "advmod") and c.lower_ in ("after", "before", "when", "since", "as", "while")
               for c in t.children) or (t.dep_ == "pcomp" and t.head.lower_ in ("after", "before", "since")):
            return True
    return False


def is_aggregate(doc: Doc, r: EventReport) -> bool:
    """A sweeping statement or campaign total, not an event: perfect tense over a span of time
    ("has killed more than 30,000 people since 2009", "an insurgency that has cost thousands of lives")."""
    sent = _sentence(doc, r)
    if sent is None:
        return False
    stext = span_text(sent)
    if r.date is not None and r.date.precision == "day" and _own(r, sent, "date"):
        return False
    if _statistic(doc, r, sent):
        return True
    perfect = _PERFECT.search(stext) or _perfect_over(doc, r, sent)
    if not perfect:
        return False
    if _SPAN_OF_TIME.search(stext):
        return True
    return bool(_SWEEPING_SUBJ.search(stext) and _BIG_COUNT.search(stext))


STATISTIC_DAYS = 89  # a count over a quarter of a year or more is a statistic, not an event


def _statistic(doc: Doc, r: EventReport, sent: Span) -> bool:
    """A count over a long period, with no town of its own: "212 people were killed in insurgent
    violence in 2021", "30 plots were thwarted nationwide in the past six months"."""
    d = r.date
    if d is None or not d.start or not d.end or not _own(r, sent, "date"):
        return False
    from datetime import date as _date
    if (_date.fromisoformat(d.end) - _date.fromisoformat(d.start)).days < STATISTIC_DAYS:
        return False
    tok = _trigger_token(doc, r)
    if tok is not None and tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "nsubjpass":
        tok = tok.head  # "38 weapons caches were seized …": the counted thing is the trigger
    if tok is None or tok.pos_ != "VERB":
        return False
    counted = any(c.dep_ == "nsubjpass" and any(g.dep_ == "nummod" and g.like_num for g in c.subtree)
                  for c in tok.children)
    if not counted:
        return False
    loc = r.location
    return loc is None or loc.precision in ("country", "admin1") or bool(_SWEEPING_SUBJ.search(span_text(sent)))


def _perfect_over(doc: Doc, r: EventReport, sent: Span) -> bool:
    """A present-perfect verb of the sentence governs the trigger (or is it)."""
    tok = _trigger_token(doc, r)
    if tok is None:
        return False
    heads = {tok.i, *(a.i for a in tok.ancestors)}
    for m in _PERFECT_ANY.finditer(span_text(sent)):
        sp = doc.char_span(sent.start_char + m.end() - 1, sent.start_char + m.end(), alignment_mode="expand")
        if sp is not None and len(sp) and sp[0].i in heads:
            return True
    return False


def bare(doc: Doc, r: EventReport) -> bool:
    """The re-mention's noun carries no place or time of its own ("The bombing led the governor to cut
    short a visit to Abuja": Abuja is where the governor was going, not where the bombing was)."""
    tok = _trigger_token(doc, r)
    if tok is None or tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if any(c.dep_ in ("prep", "compound", "amod", "nmod", "npadvmod") and
           (c.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME") or any(
               t.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME") for t in c.subtree))
           for c in tok.children):
        return False
    return not _place_on_predicate(doc, r, tok)


def _place_on_predicate(doc: Doc, r: EventReport, tok: Token) -> bool:
    """The report's place hangs on the re-mention's own predicate ("The ambush killed 12 soldiers near
    Kidal"), not on some other verb of the sentence ("… led the governor to cut short a visit to Abuja")."""
    loc = r.location
    if loc is None or getattr(loc, "span_start", -1) is None or loc.span_start < 0:
        return False
    sp = doc.char_span(loc.span_start, max(loc.span_end, loc.span_start + 1), alignment_mode="expand")
    if sp is None or not len(sp):
        return False
    pred = tok.head
    t = sp.root
    for _ in range(12):
        if t == pred:
            return True
        if t.head == t:
            return False
        t = t.head
        if t.pos_ in ("VERB", "AUX") and t != pred:
            return False
    return False


def _compatible(a: EventReport, b: EventReport, kind: str, placeless: bool = False) -> bool:
    if kind == "seizure" and a.event_type != "Battles":
        return False
    if a.event_type != b.event_type and not {violence_family(a.event_type, a.sub_event_type), violence_family(b.event_type, b.sub_event_type)} <= VIOLENT and kind not in (
            "claim", "seizure"):
        return False
    la, lb = a.location, b.location
    if kind in ("claim", "retold", "retold_said", "phase") and lb is not None and lb.precision == "country":
        lb = None  # "… ambushed a convoy 30 km from the Malian border": no place of its own
    if placeless and la is not None and lb is not None:
        return la.country == lb.country and (kind == "toll" or dates_overlap(a.date, b.date))
    if la is not None and lb is not None and la.precision != "country" and lb.precision != "country":
        if not places_agree(la, lb, _NEAR_KM):
            inside = (la.admin1 and lb.precision == "admin1" and la.admin1 == lb.name) or \
                (lb.admin1 and la.precision == "admin1" and lb.admin1 == la.name)
            if not inside:
                return False
    elif la is not None and lb is not None and la.country != lb.country:
        return False
    if kind in ("toll", "claim", "phase", "consequence", "retold_said", "seizure"):
        return True
    if a.date is not None and b.date is not None and a.date.precision == "day" and b.date.precision == "day":
        if kind == "retold" and a.date.start and b.date.start:  # told the day after, with the statement's day
            return 0 <= (date.fromisoformat(b.date.start) - date.fromisoformat(a.date.start)).days <= 1
        return a.date.start == b.date.start
    return dates_overlap(a.date, b.date)


def _day(r: EventReport) -> bool:
    return r.date is not None and r.date.precision == "day"


def _fatalities(a: Fatalities | None, b: Fatalities | None) -> Fatalities | None:
    if a is None or b is None:
        return a or b
    lows = [x for x in (a.low, b.low) if x is not None]
    bests = [x for x in (a.best, b.best) if x is not None]
    highs = [x for x in (a.high, b.high, *bests) if x is not None]
    best = max(bests) if bests else None
    high = max(highs) if highs and (a.high is not None or b.high is not None or len(set(bests)) > 1) else None
    keep = a if (a.best or 0) >= (b.best or 0) else b
    return replace(keep, low=min(lows) if lows else None, best=best, high=high,
                   wounded=max([w for w in (a.wounded, b.wounded) if w is not None], default=None))


def _merge(a: EventReport, b: EventReport, kind: str, own_date: bool = True, own_place: bool = True) -> EventReport:
    """``b`` (a re-mention) folded into ``a`` (the event it refers to). ``b``'s date and place count
    only when its own sentence gives them for it (a toll update's day is not the event's)."""
    date = a.date if kind in ("toll", "claim", "phase", "consequence", "retold_said", "seizure") or b.date is None or not own_date else _better_date(a.date, b.date)
    if kind not in ("toll", "claim") and a.date is not None and b.date is not None and not dates_overlap(a.date, b.date):
        date = a.date
    if kind == "claim":  # a group's own count is its claim, not the toll
        own_place = False
    place = _better_place(a.location, b.location) if own_place else (a.location or b.location)
    return replace(
        a,
        actor1=a.actor1 or b.actor1, actor1_mention=a.actor1_mention or b.actor1_mention,
        actor2=a.actor2 or b.actor2, actor2_mention=a.actor2_mention or b.actor2_mention,
        # an actor taken from the re-mention brings its inter code and reason with it
        inter1=a.inter1 if a.actor1 else b.inter1, actor1_reason=a.actor1_reason if a.actor1 else b.actor1_reason,
        inter2=a.inter2 if a.actor2 else b.inter2, actor2_reason=a.actor2_reason if a.actor2 else b.actor2_reason,
        date=date, location=place,
        fatalities=a.fatalities if kind == "claim" else _fatalities(a.fatalities, b.fatalities),
        evidence=a.evidence + tuple(e for e in b.evidence if e not in a.evidence),
        background=a.background and b.background, confidence=max(a.confidence, b.confidence),
        sources=tuple(dict.fromkeys(a.sources + b.sources)), claimed_by=a.claimed_by or b.claimed_by,
    )


EARLIER_DAYS = 14  # dated this long before the article's news: told in passing
OLD_DAYS = 60


def mark_background(events: Sequence[EventReport], anchor_day: str | None) -> list[EventReport]:
    """Earlier events told in passing keep their record with ``background: true``: dated (by a phrase
    of their own) to end more than ``EARLIER_DAYS`` before the article's first-told event, or more than
    ``OLD_DAYS`` before publication."""
    if not events:
        return []
    from datetime import date, timedelta

    ordered = sorted(events, key=lambda r: r.evidence[0].start if r.evidence else 0)
    lead = next((r for r in ordered if r.date is not None and r.date.start and not r.background), None)
    limits = []
    if lead is not None and lead.date is not None and lead.date.start:
        limits.append(date.fromisoformat(lead.date.start) - timedelta(days=EARLIER_DAYS))
    if anchor_day:
        limits.append(date.fromisoformat(anchor_day) - timedelta(days=OLD_DAYS))
    if not limits:
        return list(events)
    limit = max(limits)
    out = []
    for r in events:
        d = r.date
        if (not r.background and d is not None and d.end and d.span_start >= 0 and d.precision != "unknown"
                and date.fromisoformat(d.end) < limit):
            r = replace(r, background=True)
        out.append(r)
    return out


_NEW_KINDS = frozenset({"claim", "retold", "retold_said", "phase", "seizure"})


def _fold(doc: Doc, out: list[EventReport], r: EventReport, kind: str | None, sent: Span | None) -> bool:
    """Fold ``r`` into the nearest compatible report told before it (in place); False when there is none."""
    placeless = kind in ("definite", "possessive", "speculation", "ranking", "consequence") and (
        kind == "consequence" or bare(doc, r))
    lo = max(0, len(out) - 1) if kind == "seizure" else 0  # a haul belongs to the event told just before it
    target = next((k for k in range(len(out) - 1, lo - 1, -1)
                   if _compatible(out[k], r, kind or "", placeless)), None)
    if target is None:
        return False
    out[target] = _merge(out[target], r, kind or "", own_date=_own(r, sent, "date"),
                         own_place=_own(r, sent, "place") and not placeless)
    return True


def merge_mentions(doc: Doc, events: Sequence[EventReport]) -> list[EventReport]:
    """Fold re-mentions into the events they refer to; drop aggregates and orphan re-mentions."""
    order = sorted(range(len(events)), key=lambda i: events[i].evidence[0].start if events[i].evidence else 0)
    out: list[EventReport] = []
    orphans: list[EventReport] = []  # re-mentions with nothing to refer to, dropped
    for i in order:
        r = events[i]
        if len(r.evidence) > 1:  # told over several sentences already: more than a re-mention
            out.append(r)
            continue
        kind = mention_kind(doc, r)
        aggregate = is_aggregate(doc, r)
        if kind is None and not aggregate:
            out.append(r)
            continue
        if aggregate and kind != "toll":
            continue
        sent = _sentence(doc, r)
        if kind == "retold" and r.date is not None and r.date.span_start >= 0:
            tok = _trigger_token(doc, r)
            if tok is not None and source_date(doc, r.date, tok):
                kind = "retold_said"  # "…, the ministry said in a statement on Monday": not the event's day
        if _fold(doc, out, r, kind, sent):
            continue
        if kind in ("earlier", "negated", "consequence"):
            continue  # a reference to what came before, told as the time of something else; denied; an effect
        if kind in _NEW_KINDS:  # nothing told before it to fold into: read it as before round 3
            kind = mention_kind(doc, r, legacy=True)
            if kind is None:
                out.append(r)
                continue
            if _fold(doc, out, r, kind, sent):
                continue
        placeless = kind in ("definite", "possessive", "speculation", "ranking") and bare(doc, r)
        if kind in ("toll", "ranking", "speculation") or (placeless and out and not _own(r, sent, "date")) \
                or not (_own(r, sent, "date") or _own(r, sent, "place")):
            if kind in ("definite", "possessive", "retold", "retold_said", "claim", "phase", "elaboration"):
                orphans.append(r)
            continue  # refers back to something not told as an event here
        out.append(r)
    if not out and orphans and _is_brief(doc):
        # a brief (an analyst note, a dispatch) is about one event: told only as "the attack" or a
        # headline-style re-telling, it is still the brief's event (the first one told)
        out.append(orphans[0])
    return out
