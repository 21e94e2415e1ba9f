"""What a numeric claim counts (its ``kind``), and death tolls told in the next breath.

``claim_kind`` reads a claim against the casualty mentions of its text
(:func:`sitroom.casualties.find_casualty_mentions`): killed, wounded, arrested,
abducted, missing; "displaced" from its own words ("12,000 people fled", "displaced",
"refugees"); anything else is "other" (a "12 casualties" count, killed and wounded
together, is "other" too).

``next_breath_tolls`` gives an event without a toll the killed count told in the
sentence after it, when the extractor read that sentence as an event of its own:

* "Troops fought Boko Haram near Bama on Sunday. 17 soldiers and 32 fighters were
  killed in the clashes, a spokesman said on Monday." - the second sentence restates
  the battle (same type, no other actor, its place the same or the region around it,
  its date within a day): it is merged into the first, whose toll becomes 49;
* "Police fired tear gas at protesters in Kolkata. Two people were shot dead, witnesses
  said, and dozens were arrested." - a killed count read into an arrest belongs to the
  protest before it: the protest's toll becomes 2, the arrest has none.

``link_toll_claims`` then names that event on the killed claims the toll was read from.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from .records import Claim, EventReport

CLAIM_KINDS = ("killed", "wounded", "arrested", "displaced", "abducted", "missing", "other")
TOLL_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests"})
_DISPLACED = re.compile(r"\b(?:displac\w*|fled|flee(?:ing)?|refugees?|homeless|uprooted|evacuated|"
                        r"forced (?:from|out of) their homes|IDPs?)\b", re.I)
MAX_SENTENCES_AFTER = 2
_SPEAKERS = re.compile(r"\s*(?:,\s*)?(?:said|say|says|told|reported|added|confirmed|warned)\b", re.I)


def claim_kinds(claims: Sequence[Claim], text: str) -> list[Claim]:
    """The claims with their ``kind`` set from the casualty mentions of ``text``."""
    if not claims:
        return list(claims)
    from .casualties import find_casualty_mentions

    spans: list[tuple[int, int, str]] = []
    for m in find_casualty_mentions(text):
        for part in (m.parts or (m,)):
            spans.append((part.value.start, part.value.end, m.kind))
        spans.append((m.value.start, m.value.end, m.kind))
    # by start, for bisection (a scan of every span for every claim was quadratic on long texts); the
    # first span in find order that overlaps a claim gives its kind, as before
    order = sorted(range(len(spans)), key=lambda n: spans[n][0])
    starts = [spans[n][0] for n in order]
    longest = max((b - a for a, b, _ in spans), default=0)
    out = []
    for c in claims:
        if _SPEAKERS.match(text[c.end:c.end + 30]):
            kind = "other"  # "..., two security sources said": who tells, not who died
        elif _displaced(c, text):
            kind = "displaced"
        else:
            hits = [n for n in order[bisect_left(starts, c.start - longest):bisect_left(starts, c.end)]
                    if c.start < spans[n][1]]
            kind = spans[min(hits)][2] if hits else "other"
            kind = kind if kind in CLAIM_KINDS else "other"
        out.append(replace(c, kind=kind))
    return out


_DISPLACED_BEFORE = re.compile(r"\b(?:displac\w*|uprooted|evacuated|forced out)\s+(?:some\s+|about\s+|around\s+|"
                               r"more than\s+|over\s+|at least\s+|nearly\s+|an estimated\s+)?$", re.I)
_CLAUSE_END = re.compile(r"[.;,:](?:\s|$)|\s(?:and|but|while|as|after|when)\s")


def _displaced(c: Claim, text: str) -> bool:
    """"displaced 12,000 people", "12,000 people fled", "12,000 refugees": the words around the number."""
    if _DISPLACED_BEFORE.search(text[max(0, c.start - 40):c.start]):
        return True
    after = text[c.start:c.end + 50]
    return bool(_DISPLACED.search(c.text) or _DISPLACED.search(_CLAUSE_END.split(after, maxsplit=1)[0]))


def _sentence_index(starts: list[int], pos: int) -> int:
    return bisect_right(starts, pos) - 1


def _days_apart(a: EventReport, b: EventReport) -> int:
    if a.date is None or b.date is None or not a.date.start or not b.date.start:
        return 0
    return abs((date.fromisoformat(a.date.start[:10]) - date.fromisoformat(b.date.start[:10])).days)


def _restates(e: EventReport, f: EventReport) -> bool:
    """Can ``f`` (told right after ``e``, with a toll) be ``e`` told again?"""
    from .resolve import places_agree

    if f.event_type != e.event_type or f.background != e.background:
        return False
    if f.actor1 and f.actor1 != e.actor1:
        return False
    if _days_apart(e, f) > 1:
        return False
    a, b = e.location, f.location
    if a is None or b is None or places_agree(a, b):
        return True
    if b.country and b.country == a.country:  # the region around it, or its country
        return b.precision == "country" or (b.precision == "admin1" and b.name == a.admin1)
    return False


def _anchor(e: EventReport) -> int | None:
    """Where the event is told: its trigger, else its first evidence sentence."""
    if e.trigger is not None:
        return e.trigger.start
    return e.evidence[0].start if e.evidence else None


def next_breath_tolls(events: Sequence[EventReport], text: str, sentence_starts: list[int],
                      paragraph_breaks: Sequence[int] = ()) -> list[EventReport]:
    """Events in document order, with tolls told in the sentence after them (module docstring).

    ``sentence_starts``: character offsets where the sentences of ``text`` start;
    ``paragraph_breaks``: offsets of the paragraph breaks (a toll never crosses one)."""
    evs = list(events)
    if len(evs) < 2:
        return evs
    dropped: set[int] = set()

    def sent_of(pos: int) -> int:
        return _sentence_index(sentence_starts, pos)

    breaks = sorted(paragraph_breaks)

    def same_paragraph(a: int, b: int) -> bool:  # no break in (a, b], by bisection
        n = bisect_right(breaks, a)
        return n == len(breaks) or breaks[n] > b

    # events by the sentence of their toll and of their anchor: a toll is looked for only in the next
    # MAX_SENTENCES_AFTER sentences (a pair loop over all events was quadratic on long texts)
    by_toll: dict[int, list[int]] = {}
    by_anchor: dict[int, list[int]] = {}
    for n, x in enumerate(evs):
        if x.fatalities is not None and x.fatalities.span_start >= 0:
            by_toll.setdefault(sent_of(x.fatalities.span_start), []).append(n)
        xa = _anchor(x)
        if xa is not None:
            by_anchor.setdefault(sent_of(xa), []).append(n)

    for i, e in enumerate(evs):
        if i in dropped or e.fatalities is not None or e.background or e.event_type not in TOLL_TYPES:
            continue
        anchor = _anchor(e)
        if anchor is None:
            continue
        k = sent_of(anchor)
        near = sorted(j for d in range(1, MAX_SENTENCES_AFTER + 1) for j in by_toll.get(k + d, ()))
        for j in near:
            f = evs[j]
            if j == i or j in dropped or f.fatalities is None or f.fatalities.span_start < 0:
                continue
            at = f.fatalities.span_start
            if not 1 <= sent_of(at) - k <= MAX_SENTENCES_AFTER or not same_paragraph(anchor, at):
                continue
            there = [evs[n] for n in by_anchor.get(sent_of(at), ()) if n not in (i, j) and n not in dropped
                     and evs[n].event_type in TOLL_TYPES]
            extra = tuple(s for s in f.evidence if s not in e.evidence and s.start <= at < s.end) or \
                tuple(s for s in f.evidence if s not in e.evidence)[:1]
            if _restates(e, f) and not any(x.fatalities is None for x in there):
                # (a violent event without a toll told in that sentence would be the toll's owner)
                evs[i] = replace(e, fatalities=f.fatalities, evidence=e.evidence + extra,
                                 sources=tuple(dict.fromkeys(e.sources + f.sources)),
                                 claimed_by=e.claimed_by or f.claimed_by)
                dropped.add(j)
                by_toll.setdefault(sent_of(at), []).append(i)
                break
            if f.event_type == "Strategic developments" and not there:  # no violent event of its own there
                evs[i] = replace(e, fatalities=f.fatalities, evidence=e.evidence + extra)
                evs[j] = replace(f, fatalities=None)
                by_toll.setdefault(sent_of(at), []).append(i)
                break
    return [x for n, x in enumerate(evs) if n not in dropped]


def link_toll_claims(claims: Sequence[Claim], events: Sequence[EventReport]) -> list[Claim]:
    """Killed claims inside the words an event's toll was read from name that event (when they name none)."""
    tolls = sorted((e.fatalities.span_start, max(e.fatalities.span_end, e.fatalities.span_start + 1), n)
                   for n, e in enumerate(events) if e.fatalities is not None and e.fatalities.span_start >= 0)
    starts = [t[0] for t in tolls]
    longest = max((b - a for a, b, _ in tolls), default=0)
    out = []
    for c in claims:
        if c.event_id is None and c.kind == "killed":  # by bisection: the tolls that start near the claim
            hits = [n for a, b, n in tolls[bisect_left(starts, c.start - longest):bisect_right(starts, c.start)]
                    if a <= c.start < b]
            if hits:
                c = replace(c, event_id=events[min(hits)].event_id)
        out.append(c)
    return out


__all__ = ["CLAIM_KINDS", "claim_kinds", "link_toll_claims", "next_breath_tolls"]
