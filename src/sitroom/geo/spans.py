"""Toponym span proposals and the links between them, for ``sitroom.places``.

* ``spans(text, ents, cues)``: place entities, plus capitalised names after a place cue ("the
  town of X", "in X", "in rural X", "X province") even where the NER called them PERSON, ORG
  or EVENT (``data/place_cues.json``);
* ``link(text, mentions)``: neighbouring mentions that locate one another ("Kukawa, a town in
  Borno State", "Qayyarah, 60 km south of Mosul", "Tripoli, Lebanon");
* ``locates(text, a, b)``: the same reading for two resolved places (an event's scene is
  ``a``, not ``b``).
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import Any

from ..records import PlaceCandidate, PlacePrecision, ResolvedPlace
from .names import name_key

__all__ = ["Cues", "Mention", "cues_data", "spans", "link", "locates", "clean_name", "kind_precision", "NAME_RE"]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class Cues:
    name_re: re.Pattern[str]
    prefix_re: re.Pattern[str]
    suffix_re: re.Pattern[str]
    appos_re: re.Pattern[str]
    suffix: dict[str, PlacePrecision]
    strong: frozenset[str]
    strip_leading: frozenset[str]
    not_places: frozenset[str]
    abbrev: dict[str, str]  # "Ga." -> "US.GA" (admin1 key); matched with its period
    feature_re: re.Pattern[str]  # generic feature word at either end: "X River", "Port of X"
    area_suffix: frozenset[str]  # "X County" may name an area of its own
    generic_words: frozenset[str]  # feature and street words: never a backed-off name alone
    group_after: re.Pattern[str] = re.compile(r"(?!)")  # "the X community": a people's name, not a place
    resident_nouns: tuple[str, ...] = ()  # "X residents protested": the name is their home


# Bounded and possessive: a word starts where no word character precedes it and reads at most 41
# characters (no place name has a longer word), so a run of 10k capitals costs one short failed
# attempt instead of 10k attempts each reading to the end of the run (quadratic). The possessive runs
# stop at a character the rest of the pattern cannot match anyway, so real names match as before.
_WORD = r"(?<!\w)[A-Z][\w'’]{0,40}+(?:-[\w'’]{1,40}+){0,6}"
_PARTICLE = r"(?:al|el|ad|ar|as|an|at|az|ash|ez|es|de|del|la|le|of|bin|ibn|abu|um|umm|wa)"
NAME_RE = rf"(?:(?:[Aa]l|[Ee]l)-)?{_WORD}(?:[ \t]+(?:{_PARTICLE}[- ])?{_WORD}|-{_PARTICLE}-{_WORD}){{0,4}}"


@lru_cache(maxsize=1)
def cues_data() -> Cues:
    data: dict[str, Any] = json.loads(resources.files("sitroom.data").joinpath("place_cues.json").read_text("utf-8"))
    strong = sorted(data["strong_prefix"], key=len, reverse=True)
    weak = sorted(data["weak_prefix"], key=len, reverse=True)
    strong_alt = "|".join(re.escape(w) for w in strong)
    # "in rural Tumaco", "near central Mogadishu": a lower-case modifier between cue and name
    modifier_alt = "|".join(re.escape(w) for w in sorted(data["strip_leading"], key=len, reverse=True) if w.islower())
    weak_alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in weak)
    prefix = (rf"\b(?:(?P<strong>(?i:(?:{strong_alt})\s+of))|(?:\d[\d.,]*\s*(?:km|kilometres|kilometers|miles|mi)\s+)?"
              rf"(?P<weak>(?i:{weak_alt})))\s+(?:the\s+)?(?:(?:{modifier_alt})\s+)?(?P<name>{NAME_RE})")
    suffix_alt = "|".join(re.escape(w) for w in sorted(data["suffix"], key=len, reverse=True))
    feature_alt = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                           for w in sorted(data.get("feature_words", []), key=len, reverse=True)) or "(?!)"
    return Cues(
        name_re=re.compile(NAME_RE),
        prefix_re=re.compile(prefix),
        suffix_re=re.compile(rf"(?P<name>{NAME_RE})\s+(?P<suffix>(?i:{suffix_alt}))\b"),
        appos_re=re.compile(rf"(?P<name>{NAME_RE}),\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,3}}?"
                            rf"(?P<kind>(?i:{strong_alt}))\b(?!\s+of\b)"),
        suffix=dict(data["suffix"]),
        strong=frozenset(w.lower() for w in data["strong_prefix"]),
        strip_leading=frozenset(w.lower() for w in data["strip_leading"]),
        not_places=frozenset(name_key(w) for w in (*data["not_places"], *data["macro_regions"])),
        abbrev=dict(data.get("admin1_abbreviations", {})),
        feature_re=re.compile(rf"^(?:{feature_alt})\s+|\s+(?:{feature_alt})$", re.I),
        area_suffix=frozenset(w.lower() for w in data.get("area_suffixes", [])),
        generic_words=frozenset(w.lower() for w in (*data.get("feature_words", []), *data.get("street_words", []))),
        group_after=re.compile(r"[ \t]+(?:" + "|".join(re.escape(w) for w in sorted(data.get("group_nouns", []), key=len,
                                                                                  reverse=True)) + r")\b", re.I)
        if data.get("group_nouns") else re.compile(r"(?!)"),
        resident_nouns=tuple(data.get("resident_nouns", [])),
    )


@dataclass
class Mention:
    start: int
    end: int
    text: str  # the words looked up (cleaned)
    source: str  # ner | strong | weak | suffix
    label: str = ""
    ent_wider: bool = False  # overlapping non-place entity extends beyond the span
    want: PlacePrecision | None = None  # precision the cue asks for
    cands: list[PlaceCandidate] = field(default_factory=list)
    kind: str = "key"
    links: list[tuple[int, float]] = field(default_factory=list)  # (other mention index, max km)
    best: PlaceCandidate | None = None
    score_margin: float = 0.0
    reason: str = ""
    scores: list[float] = field(default_factory=list)  # per candidate, after the last scoring pass
    suffix_end: int = -1  # end of the kind word after the name ("Laurel| County|")
    note: str = ""  # extra reasoning for the record ("prior:BF": candidates elsewhere were rejected)


_LINK_GAP = re.compile(
    r"^\s*,?\s*(?:(?:about|some|around|roughly|nearly|approximately|just|a|an|the|small|large|remote|"
    r"strategic|key|major|northern|southern|eastern|western|central|town|city|village|district|area|region|"
    r"province|governorate|state|county|upazila|[Ss]adar|union|municipality|commune|department|lga|sub-county|"
    r"market|border|farming|fishing|oil|desert|mountain|rural|located|"
    r"north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|"
    r"south-west|northeastern|northwestern|southeastern|southwestern|km|kilometres|kilometers|miles|\d[\d.,]*)"
    r"[\s,]+){0,8}(?:(?:in|of|near|outside|inside)\s+(?:the\s+)?)?(?:\([ \t]*)?$")
_DIST = re.compile(r"(\d[\d.,]*)\s*(km|kilomet|mile)", re.I)


_INDEFINITE = re.compile(r"\ban?\s+$", re.I)
_ADMIN_KINDS = frozenset({"province", "governorate", "region", "state", "oblast", "prefecture", "department"})


def kind_precision(word: str) -> PlacePrecision | None:
    w = word.lower()
    if w in _ADMIN_KINDS:
        return "admin1"
    if w in ("district", "county"):
        return "admin2"
    return None if w in ("area", "capital", "island", "valley") else "city"


def clean_name(text: str, cues: Cues) -> tuple[str, int]:
    """Strip 'the', possessive and trailing punctuation; returns (text, leading chars removed)."""
    lead = 0
    m = re.match(r"(?i)the\s+", text)
    if m:
        lead = m.end()
        text = text[lead:]
    text = re.sub(r"(?:'s|’s|[,;:'’\"])+$", "", text)
    if text.endswith(".") and "." not in text[:-1]:  # keep abbreviations: "U.S.", "Ky."
        text = text[:-1]
    return text, lead


def _prefix_matches(text: str, cues: Cues) -> Iterator[re.Match[str]]:
    """The cue matches of ``text``; where the name a cue took begins with a word that is no place and
    a cue word follows it ("on Thursday at Zzq", "in March at Zzp": the Arabic particle "at" joined
    the words into one name), the text after that word is read again, so that the second cue and its
    name are found too."""
    for m in cues.prefix_re.finditer(text):
        yield m
        s, e = m.span("name")
        first = re.match(r"[\w'’]+", text[s:e])
        if first is not None and name_key(first.group()) in cues.not_places and first.end() < e - s:
            again = cues.prefix_re.search(text, s + first.end(), e)
            if again is not None:
                yield again


def spans(text: str, ents: Sequence[tuple[int, int, str]], cues: Cues,
           labels: frozenset[str] = PLACE_LABELS) -> list[Mention]:
    """Candidate toponym spans: place entities and cue-marked capitalised names."""
    out: dict[tuple[int, int], Mention] = {}
    ent_at: list[tuple[int, int, str]] = sorted(ents)
    for s, e, label in ent_at:
        if label in labels:
            t, lead = clean_name(text[s:e], cues)
            if t:
                out[(s + lead, s + lead + len(t))] = Mention(s + lead, s + lead + len(t), t, "ner", label)
    for m in _prefix_matches(text, cues):
        s, e = m.span("name")
        src = "strong" if m.group("strong") else "weak"
        want: PlacePrecision | None = None
        if src == "strong" and not _INDEFINITE.search(text, max(0, m.start() - 4), m.start()):
            want = kind_precision(m.group("strong").split()[0])
        t, _ = clean_name(text[s:e], cues)
        e = s + len(t)
        if (s, e) in out:
            out[(s, e)].want = out[(s, e)].want or want
            continue
        out[(s, e)] = Mention(s, e, t, src, want=want)
    for m in cues.appos_re.finditer(text):  # "Kukawa, a town in ..."
        s, e = m.span("name")
        want = kind_precision(m.group("kind").split()[0])
        prev = out.get((s, e))
        if prev is not None:
            prev.want = prev.want or want
            prev.source = "strong" if prev.source == "weak" else prev.source
            continue
        out[(s, e)] = Mention(s, e, text[s:e], "strong", want=want)
    for m in cues.suffix_re.finditer(text):
        s, e = m.span("name")
        want = cues.suffix.get(m.group("suffix").lower())
        prev = out.get((s, e))
        if prev is not None:
            prev.want = want
            prev.source = "suffix"
            prev.suffix_end = m.end("suffix")
            continue
        out[(s, e)] = Mention(s, e, text[s:e], "suffix", want=want, suffix_end=m.end("suffix"))
    kept = sorted(out.values(), key=lambda m: m.start)
    # label each cue span with the NER label it overlaps (PERSON/ORG...)
    if ent_at:  # the first entity (in start order) overlapping the span, found by bisection, not a pair loop
        starts = [s for s, _, _ in ent_at]
        reach = list(accumulate((e for _, e, _ in ent_at), max))  # furthest end among the first k entities
        for men in kept:
            if men.source != "ner":
                k = bisect_right(reach, men.start)  # first entity ending after the span starts
                if k < bisect_left(starts, men.end):  # ... and starting before it ends
                    s, e, label = ent_at[k]
                    men.label = label
                    men.ent_wider = s < men.start or e > men.end
    return kept


def link(text: str, mentions: list[Mention]) -> None:
    """Link neighbouring mentions: "A, a town in B", "A, 60 km south of B", "A, B"."""
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        gap = text[a.end:b.start]
        if len(gap) > 60 or "\n" in gap:
            continue
        if not (gap.strip() == "," or (_LINK_GAP.match(gap) and gap.strip())):
            continue
        limit = 150.0
        d = _DIST.search(gap)
        if d:
            try:
                v = float(d.group(1).replace(",", ""))
                limit = max(limit, v * (1.61 if d.group(2).lower().startswith("mile") else 1.0) * 1.5 + 25)
            except ValueError:
                pass
        a.links.append((i + 1, limit))
        b.links.append((i, limit))


def locates(text: str, a: ResolvedPlace, b: ResolvedPlace) -> bool:
    """``b`` is named to locate ``a``: "Jaranwala, near Faisalabad", "Kukawa, a town in Borno
    State", "Tripoli, Lebanon" (the gap patterns ``_link`` reads)."""
    if b.span_start < a.span_end:
        return False
    gap = text[a.span_end:b.span_start]
    if len(gap) > 80 or "\n" in gap or not gap.strip():
        return False
    if "(" in gap and ")" not in gap[gap.rindex("("):]:
        return True  # "Tangail city, Tangail Sadar (Dhaka)", "Kelwa village (Diffa)": the parenthesis locates it
    return len(gap) <= 60 and (gap.strip() == "," or bool(_LINK_GAP.match(gap)))
