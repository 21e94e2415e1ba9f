"""Find and resolve place mentions (toponyms) in an article.

``find_places(text, ents, gazetteer=...)`` takes spaCy entity spans and returns
one ``ResolvedPlace`` per place mention. Steps:

1. spans: GPE/LOC/FAC entities, plus capitalised names after a place cue
   ("the town of X", "in X", "near X", "X province", "X km south of Y") even
   when the statistical NER called them PERSON or ORG (data/place_cues.json);
2. candidates from the gazetteer (transliteration-folded keys, skeleton fallback);
3. context: the focus country (where most of the names' candidate mass lies, or
   ``focus_country``), links between neighbouring mentions ("Kukawa, a town in Borno
   State", "Qayyarah, 60 km south of Mosul", "Tripoli, Lebanon"), proximity to the
   other places of the article, and the population/feature prior, combined by the
   linear ranker of ``place_rank`` (weights in data/place_ranker.json);
4. precision: country / admin1 ("Diyala province") / city.
"""
from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from ..records import PlaceCandidate, PlacePrecision, ResolvedPlace
from . import rank as place_rank
from .context import Mass, Support, context_terms, document_support, mention_mass
from .gazetteer import Gazetteer, km
from .hierarchy import hierarchy_spans
from .names import name_key, norm
from .prior import (
    BIG_CITY,
    STRONG,
    CountryPrior,
    NamedMention,
    add_name_forms,
    country_prior,
    demonym_of,
    demonym_table,
    prior_overrides,
)
from .rank import FEATURES, get_ranker
from .spans import PLACE_LABELS, Cues, Mention, cues_data, link, locates, spans
from .toponyms import dateline_spans, nested_spans, person_words, repeat_spans, resident_spans

__all__ = ["CountryPrior", "prior_overrides", "find_places", "focus_country", "locates", "resolve_name", "km"]

log = logging.getLogger(__name__)

MAX_CANDIDATES = 40
NESTED_KM = 150.0  # a name inside an ORG/PERSON entity must lie this close to a resolved place
NESTED_BIG_CITY = 500_000  # ... unless a whole entity names a city this big ("Kharkiv" tagged PERSON)
NESTED_TOWN = 20_000  # ... or a town this big whose every reading lies in a country the evidence names
NESTED_MARGIN = 2.0  # ... or, in a text with no other place, a town whose reading beats its namesakes abroad by this
NESTED_LONE_TOWN = 5_000  # ... or a town this big whose every reading lies in one country
_NESTED = frozenset({"nested", "nested_whole"})
STRAY_KM = 1500.0  # a village this far from all of an article's other places (see _stray) ...
STRAY_MAX_POP = 20_000  # ... and this small is dropped unless it is in the focus country
SKELETON_ALONE_POP = 100_000  # a skeleton match with no country evidence must name a town this big
REGION_KM = 500.0  # a town linked to a patched region lies within this distance of its centre
_F = {name: i for i, name in enumerate(FEATURES)}
_LOCAL = frozenset({"city", "admin2"})  # a point that stands for a town or a district
_AREAS = frozenset({"admin1", "admin2"})  # a division written to locate a town
_AREA_WORD = re.compile(r"(?i)\s(?:county|district|province|state|governorate|region|parish|LGA)$")


@dataclass(frozen=True)
class _GeoTables:
    demonyms: dict[str, str]  # name_key("Georgians") -> "GE"
    regions: dict[str, tuple[str, float, float, int]]  # name_key -> (name, lat, lon, geonameid)


@lru_cache(maxsize=1)
def _geo_tables() -> _GeoTables:
    files = resources.files("sitroom.data")
    countries: dict[str, Any] = json.loads(files.joinpath("countries.json").read_text("utf-8"))["countries"]
    dem: dict[str, str] = {}
    for cc, c in countries.items():
        for d in c.get("demonyms", []):
            if len(d) < 3 or d.isupper() or "." in d:  # "US", "U.S." are names, not demonyms
                continue
            for form in (d, d + "s", d + "es"):
                dem.setdefault(name_key(form), cc)
    regions: dict[str, tuple[str, float, float, int]] = {}
    data: dict[str, Any] = json.loads(files.joinpath("geo_regions.json").read_text("utf-8"))
    for name, (lat, lon, gid) in data["regions"].items():
        k = name_key(name)
        regions[k] = (name, float(lat), float(lon), int(gid) if gid else _region_id(k))
    return _GeoTables(dem, regions)


def _region_id(key: str) -> int:
    import zlib

    return -(zlib.crc32(f"region:{key}".encode()) & 0x7FFFFFFF) - 1


def _candidates(m: Mention, g: Gazetteer, cues: Cues) -> None:
    text = m.text
    cands, kind = g.match(text, fuzzy=False)
    if not cands:
        words = text.split()
        if len(words) > 1 and words[0].lower() in cues.strip_leading:  # "northeast Nigeria"
            rest = " ".join(words[1:])
            cands, kind = g.match(rest, fuzzy=False)
            if cands:
                m.start += len(text) - len(rest)
                m.text = text = rest
    if not cands:
        words = text.rsplit(None, 1)
        if len(words) == 2 and words[1].lower() in cues.suffix:  # "Borno State" as one GPE
            cands, kind = g.match(words[0], fuzzy=False)
            if cands:
                m.want = cues.suffix[words[1].lower()]
                m.source = "suffix" if m.source != "ner" else m.source
                m.end = m.start + len(words[0])
                m.text = words[0]
    last = text.rsplit(None, 1)
    if not cands and len(last) == 2 and last[1].lower() in _QUALIFIERS:
        # "Narsingdi Sadar" (the upazila of the district town), "Muhoroni Sub( County)", "Molo Township"
        rest = last[0]
        cands, kind = g.match(rest, fuzzy=False)
        if cands:
            m.end -= len(text) - len(rest)
            m.text = text = rest
    if not cands and m.source == "suffix" and " of " in text:
        # "PD5 of Herat city", "Qala of Shindand district": the name the kind word belongs to is the last one
        rest = text.rsplit(" of ", 1)[1]
        if rest[:1].isupper():
            cands, kind = g.match(rest, fuzzy=False)
            if m.want != "city" and not any(c.precision == m.want for c in cands):
                cands = []  # "Zarkhel of Nadir Shah Kot district": only a town of that name, not the district
            if cands:
                m.start += len(text) - len(rest)
                m.text = text = rest
    if not cands and m.source == "ner":
        cands, kind = g.match(text, fuzzy=True)
    m.cands = cands[:MAX_CANDIDATES]
    m.kind = kind


_QUALIFIERS = frozenset({"sadar", "sub", "township"})
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|an|at|az|ash|ez|es)-")  # "al-Busayrah"


def _accept(m: Mention, cues: Cues, text: str = "") -> bool:
    if not _ARTICLE_PREFIX.sub("", m.text)[:1].isupper() or name_key(m.text) in cues.not_places:
        return False
    if not m.cands:
        return False
    if m.label and m.label not in PLACE_LABELS and m.ent_wider and not _comma_joined(m, text):
        return False  # "Justice" in "the U.S. Justice Department", "Islamic" in "Islamic State"
    if m.want is None and m.source != "ner" and demonym_of(m.text, demonym_table()[1]):
        return False  # "near the Somali border": an adjective, not the Somali region (unless "Somali Region")
    if m.label not in PLACE_LABELS and cues.group_after.match(text, m.end):
        return False  # "clashed with the Zzq community", "from the Zzq group": a people, not a place
    if m.source == "weak" and m.label and m.label not in PLACE_LABELS:
        # "in Erbil" tagged ORG is still a place; "in Atlantic Council" is not (no key match)
        return m.label in ("PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT") and len(m.text.split()) <= 3
    return True


def _comma_joined(m: Mention, text: str) -> bool:
    """A cue-marked name inside a wider entity that a comma joins to the next or previous name ("at Zzq,
    Kericho" tagged as one ORG): a town and its area, not a word of an organisation's name."""
    return bool(text) and (text[m.end:m.end + 1] == "," or text[max(0, m.start - 2):m.start] == ", ")


def _consistent(c: PlaceCandidate, r: PlaceCandidate, limit: float) -> bool:
    if "RGN" in (c.feature, r.feature):  # a patched region ("El Fasher, Darfur") has no admin1 code
        return c.country == r.country and km(c.lat, c.lon, r.lat, r.lon) <= max(limit, REGION_KM)
    if c.precision == "country" or r.precision == "country":
        return c.country == r.country
    if c.precision == "admin1" or r.precision == "admin1":
        return c.country == r.country and c.admin1 == r.admin1
    # a town written with its district lies in the district's country ("Zzq upazila (Jessore)")
    return km(c.lat, c.lon, r.lat, r.lon) <= limit and (c.country == r.country or "admin2" not in (c.precision, r.precision))


def _article_focus(mentions: list[Mention], g: Gazetteer, support: Support | None = None) -> str | None:
    """The country most of the document's names point to: the summed candidate mass per country
    ("Georgia" beside Atlanta and Macon is in the US); top-candidate votes when no mass is given."""
    if support is not None and support.country:
        return max(support.country.items(), key=lambda kv: kv[1])[0]
    votes: Counter[str] = Counter()  # in half votes
    for m in mentions:
        if not m.cands:
            continue
        top = m.cands[0]
        if not top.country:
            continue
        if top.precision == "country":
            votes[top.country] += 2
        elif len({c.country for c in m.cands}) == 1:
            votes[top.country] += 1
    if not votes:
        return None
    return votes.most_common(1)[0][0]


def _base(c: PlaceCandidate, g: Gazetteer) -> float:
    # prior gives a country +6; a country name rarely needs more than +3 over a same-named town
    return g.prior(c) - (3.0 if c.precision == "country" else 0.0)


def _written_base(c: PlaceCandidate, g: Gazetteer, text: str, cands: Sequence[PlaceCandidate]) -> float:
    """``_base``, but a town spelled as written whose population the gazetteer does not know (0) is
    weighed like the biggest town of the name found only through folded spelling (a written "Zzoursi",
    a village "Zzoursi" of unknown size and a village "Zzursi" of a thousand people abroad): an unknown
    size is no evidence of a smaller place, and the spelling then decides."""
    base = _base(c, g)
    if c.population or c.precision != "city" or not _spelled(c.name, text):
        return base
    folded = [g.prior(x) for x in cands if x.precision == "city" and x.population and not _spelled(x.name, text)
              and name_key(x.name) == name_key(text)]
    return max([base, *folded])


def _spelled(name: str, text: str) -> bool:
    return norm(name).replace(" ", "") == norm(text).replace(" ", "")


def _alt_name(c: PlaceCandidate, key: str, text: str, cands: Sequence[PlaceCandidate]) -> float:
    """How far the candidate's own name is from the written one: 1 another name ("Iran" for Iraan, Texas:
    an alternate name), 0.5 a division or a town named so only once transliteration variants are folded while
    a town is spelled as written (a state "Zzah" for a written "Zza" that is also a town's name, a state
    "Zzabah" for a written "Zzaaba", a town "Kalat" for a written "Qalat" that is also a town "Qalāt"),
    else 0."""
    if name_key(c.name) != key:
        return 1.0
    if c.precision == "admin1" and not _spelled(c.name, text) and any(
            x.precision == "city" and _spelled(x.name, text) for x in cands):
        return 0.5
    if c.precision == "city" and not _spelled(c.name, text) and any(
            x.precision == "city" and _spelled(x.name, text) for x in cands):
        return 0.5  # a town "Kalat" for a written "Qalat" when a town "Qalāt" is spelled as written
    return 0.0


def _context(mentions: list[Mention], g: Gazetteer, first: bool) -> tuple[dict[str, Mass], Support]:
    """Per distinct name, its mass by country/admin1 (from priors, then from the last scores; the
    priors lowered for a reading under another name, as the ranker lowers it: a written name is first the town of that
    name, not a bigger city abroad that has it as an old alternate name)."""
    by_key: dict[str, Mass] = {}
    alt_w = get_ranker().weight("alt_name")
    for m in mentions:
        k = name_key(m.text)
        if k not in by_key and m.cands and m.source not in _NESTED and m.kind != "backoff":
            scores = m.scores if (m.scores and not first) else [
                _written_base(c, g, m.text, m.cands) + alt_w * _alt_name(c, k, m.text, m.cands) for c in m.cands]
            by_key[k] = mention_mass(m.cands, scores)
    return by_key, document_support(list(by_key.values()))


_NO_MASS = Mass()


def _features(m: Mention, c: PlaceCandidate, g: Gazetteer, key: str, focus: str | None, mentioned: set[str],
              mentions: list[Mention], anchors: list[PlaceCandidate],
              own: Mass, ctx: tuple[dict[str, Mass], Support] | None) -> tuple[list[float], str]:
    """The candidate's feature row (``place_rank.FEATURES`` order) and its main reason."""
    f = [0.0] * len(FEATURES)
    f[_F["prior"]] = _written_base(c, g, m.text, m.cands)
    f[_F["alt_name"]] = _alt_name(c, key, m.text, m.cands)  # "Iran" for Iraan, Texas
    f[_F["is_country"]] = float(c.precision == "country")
    f[_F["is_admin1"]] = float(c.precision == "admin1")
    f[_F["is_admin2"]] = float(c.feature == "ADM2")
    f[_F["is_capital"]] = float(c.feature == "PPLC")
    reason = "prior"
    if ctx is not None and len(m.cands) > 1:
        f[_F["ctx_admin1"]], f[_F["ctx_country"]] = context_terms(c, own, ctx[1])
        if f[_F["ctx_admin1"]] + f[_F["ctx_country"]] > 0.5:
            reason = "document_context"
    if m.want is not None and (c.precision == m.want or (m.want == "admin2" and c.precision == "admin1")):
        f[_F["want_suffix" if m.source == "suffix" else "want_cue"]] = 1.0
    if focus and c.country == focus:
        f[_F["focus_country" if c.precision == "country" else "focus_place"]] = 1.0
        reason = "country_focus"
    elif c.country in mentioned:
        f[_F["mentioned"]] = 1.0
        reason = "country_mentioned"
    for j, limit in m.links:
        r = mentions[j].best
        if r is not None and _consistent(c, r, limit):
            f[_F["link"]] = 1.0
            reason = f"{'in' if r.precision != 'city' else 'near'}:{r.name}"
    if anchors and c.precision in _LOCAL:
        near = 0.0
        for r in anchors:
            if r.precision != "country" and r.geonameid != c.geonameid:
                near = max(near, math.exp(-km(c.lat, c.lon, r.lat, r.lon) / 150.0))
        if near > 0.1:
            f[_F["near"]] = near
            reason = reason if reason.startswith(("in:", "near:")) else f"near_context:{reason}"
    return f, reason


def _score(m: Mention, g: Gazetteer, focus: str | None, countries: dict[str, str],
           mentions: list[Mention], anchors: list[PlaceCandidate],
           ctx: tuple[dict[str, Mass], Support] | None = None, final: bool = False,
           own_focus: bool = False) -> None:
    """Score ``m``'s candidates and set its best reading. ``own_focus``: the focus was read from the names'
    candidate mass alone (no other evidence), so a name whose own readings make it is scored without it."""
    ranker = get_ranker()
    key = name_key(m.text)
    own = ctx[0].get(key, _NO_MASS) if ctx and len(m.cands) > 1 else _NO_MASS
    if focus and own_focus and ctx is not None and _self_focus(ctx, key, focus):
        focus = None  # the focus rests on this name's own readings alone: it does not vote for itself
    mentioned = {cc for k, cc in countries.items() if k.split("\x00", 1)[0] != key}
    scores: list[float] = []
    rows: list[tuple[float, ...]] = []
    best_i, best_reason = -1, ""
    # a place written inside its parent ("Dawlat Abad district, Balkh"): when some reading lies inside
    # the parent, a reading elsewhere gains nothing from being of the level the kind word asks for
    parents = [(r, limit) for r, limit in ((mentions[j].best, limit) for j, limit in m.links) if r is not None]
    inside = [any(_consistent(c, r, limit) for r, limit in parents) for c in m.cands]
    for i, c in enumerate(m.cands):
        f, reason = _features(m, c, g, key, focus, mentioned, mentions, anchors, own, ctx)
        if any(inside) and not inside[i]:
            f[_F["want_suffix"]] = f[_F["want_cue"]] = 0.0
        s = ranker.score(f)
        if best_i < 0 or s > scores[best_i]:
            best_i, best_reason = i, reason
        scores.append(s)
        rows.append(tuple(f))
    if best_i < 0:
        return
    if final and place_rank.tracing():
        place_rank.record(place_rank.TraceRow(m.start, m.end, m.text, tuple(m.cands), tuple(rows)))
    m.best = m.cands[best_i]
    m.scores = scores
    second = max((s for i, s in enumerate(scores) if i != best_i), default=None)
    m.score_margin = scores[best_i] - second if second is not None else 10.0
    m.reason = "only_candidate" if len(m.cands) == 1 and best_reason == "prior" else best_reason


SELF_FOCUS = 0.05  # the other names' mass on the focus country below which the focus is a name's own


def _self_focus(ctx: tuple[dict[str, Mass], Support], key: str, focus: str) -> bool:
    """The focus country rests on the readings of the name ``key`` alone: the town "Zzq" in a text that
    names no other place, whose namesakes in one country (a town and its district, a town with that old
    name) outweigh a single bigger one elsewhere, is not thereby in that country."""
    own = ctx[0].get(key)
    if own is None:
        return False
    return ctx[1].country.get(focus, 0.0) - own.country.get(focus, 0.0) < SELF_FOCUS


def _confidence(m: Mention) -> float:
    conf = 0.55 + 0.4 * math.tanh(m.score_margin / 3.0)
    if m.kind == "skeleton":
        conf *= 0.6
    if m.source == "weak" and m.label:
        conf *= 0.85
    return round(min(conf, 0.97), 3)


def _stray(c: PlaceCandidate, focus: str | None, anchors: list[PlaceCandidate]) -> bool:
    """A village far from everything else the article names, in another country: the Spanish
    Bagà in a story about "the Baga fish market in Maiduguri" (a town the gazetteer lacks)."""
    if c.precision not in _LOCAL or c.population >= STRAY_MAX_POP or c.country == focus:
        return False
    near = [r for r in anchors if r.precision != "country" and r.geonameid != c.geonameid]
    return bool(near) and all(km(c.lat, c.lon, r.lat, r.lon) > STRAY_KM for r in near)


DISTRICT_KM = 100.0  # a fuzzy (skeleton) reading farther than this from the district named with it is wrong
SUBDISTRICT_KM = 30.0  # ... or than this from the sub-district area (upazila, ward) named with it


def _outside_district(m: Mention, mentions: list[Mention]) -> bool:
    """A fuzzy reading of a village linked to its district ("the Gerdani area of Shindand district")
    that lies far outside it: the district is the place, not a similar name elsewhere."""
    c = m.best
    if c is None or m.kind != "skeleton" or c.precision not in _LOCAL:
        return False
    for j, _ in m.links:
        r = mentions[j].best
        if r is not None and r.precision == "admin2" and km(c.lat, c.lon, r.lat, r.lon) > DISTRICT_KM:
            return True
        # "the Zzq village, Zzp upazila": a sub-district area (an upazila, a ward) is far smaller
        if r is not None and r.feature in ("ADM3", "ADM4") and km(c.lat, c.lon, r.lat, r.lon) > SUBDISTRICT_KM:
            return True
    return False


_WRITTEN_PARENT = re.compile(r"(?i:\b(?:district|county|province|state|region|governorate|upazila|sub-county|"
                             r"lga|division|department|commune|woreda|municipality)\b)")


def _written_parents(k: int, mentions: list[Mention], text: str) -> list[tuple[Mention, float]]:
    """The areas written after mention ``k`` to locate it, with the link's distance limit:
    "X upazila (Y, Khulna)", "X town (X Sadar, Y)", "X village, Y district": the
    chain of linked names that follow it while the text between them opens a parenthesis, stays
    inside one, or carries a kind word."""
    out: list[tuple[Mention, float]] = []
    inside = text.rfind("(", max(0, mentions[k].start - 80), mentions[k].start) > text.rfind(
        ")", max(0, mentions[k].start - 80), mentions[k].start)
    i = k
    while i + 1 < len(mentions) and len(out) < 4:
        limit = next((lim for j, lim in mentions[i].links if j == i + 1), None)
        if limit is None:
            break
        gap = text[mentions[i].end:mentions[i + 1].start]
        if ")" in gap:
            break
        if "(" in gap:
            inside = True
        elif not (inside or _WRITTEN_PARENT.search(gap) or (gap.strip() == "," and mentions[i + 1].source == "suffix"
                                                              and mentions[i + 1].want in _AREAS)):
            break  # "X, Kwale County": the kind word after the next name makes it an area too
        i += 1
        out.append((mentions[i], limit))
    return out


_IN_NEXT = re.compile(r"^[ \t]*,[ \t]*in[ \t]+(?:the[ \t]+)?$")


def _outside_parent(k: int, mentions: list[Mention], text: str) -> bool:
    """A town written inside its district or province ("X upazila (Y, Khulna)", "X village,
    Y district") whose reading lies outside that area: the area is the place, never a namesake
    elsewhere."""
    c = mentions[k].best
    if c is None or c.precision not in _LOCAL:
        return False
    if k + 1 < len(mentions) and _IN_NEXT.match(text[mentions[k].end:mentions[k + 1].start]):
        r = mentions[k + 1].best  # "in Zzq, in Nairobi": the quarter of a city, never a namesake abroad
        if r is not None and r.precision != "country" and r.country != c.country:
            return True
    for p, limit in _written_parents(k, mentions, text):
        r = p.best
        if r is None:
            continue
        if r.precision in _AREAS and not _consistent(c, r, limit):
            return True
        # "Zzq camp (Mandera District)": an area asked for by its kind word that the gazetteer knows only by
        # its town; a reading in another country or far from that town is a namesake
        if p.want in _AREAS and r.precision == "city" and (
                r.country != c.country or km(c.lat, c.lon, r.lat, r.lon) > limit):
            return True
    return False


ALIAS_KM = 500.0  # a foreign town known by another name, this far from all the article's places, is a namesake


def _foreign_alias(m: Mention, focus: str | None, anchors: list[PlaceCandidate]) -> bool:
    """A town abroad that the gazetteer knows by another name ("Boni" as an old form of Bonn, "Nasir"
    as the start of a Khartoum suburb's name) in an article set in ``focus`` whose other places all
    lie far away: a local village the gazetteer lacks, not the foreign town."""
    c = m.best
    if c is None or focus is None or c.country == focus or c.precision not in _LOCAL:
        return False
    if name_key(c.name) == name_key(m.text):
        return False  # the town's own name ("talks in Geneva")
    near = [r for r in anchors if r.precision != "country" and r.geonameid != c.geonameid]
    return bool(near) and all(km(c.lat, c.lon, r.lat, r.lon) > ALIAS_KM for r in near)


NEIGHBOURHOOD_KM = 25.0  # a reading of a city quarter farther than this from its written city is a namesake
# "the San Juanico neighbourhood of Celaya", "a market in the Katindo quarter of the city of Goma"
_QUARTER_OF = re.compile(r"^\s+(?:(?:neighbou?rhood|quarter|suburb|slum|shanty\s?town|township|estate|locality|"
                         r"district|area|sector|section|ward|commune|bazaa?r|market)\s+(?:of|in)\s+"
                         r"(?:the\s+(?:city|town|capital)\s+of\s+)?"
                         r"|(?:neighbou?rhood|quarter|slum|estate|area|bazaa?r|market)\s*,\s*)$",
                         re.I)  # "... area in Zzp town", "the Zzq bazar, Zzp city"
# "Celaya's San Juanico neighbourhood": the city owns the quarter written after it
_QUARTER_AFTER = re.compile(r"^\s+(?:neighbou?rhood|quarter|suburb|slum|shanty\s?town|township|estate|locality|"
                            r"district|area|sector|section|ward|commune)\b", re.I)


def _quarter_city(k: int, mentions: list[Mention], text: str) -> Mention | None:
    """The city a quarter is written in ("the X neighbourhood of Y", "Y's X district") when the
    quarter's own reading lies elsewhere (a namesake village, a fuzzy match): the city is the place.
    A district read as a division ("the Nahri Shahi district of Balkh") is left to the hierarchy."""
    m = mentions[k]
    c = m.best
    if c is None or c.precision not in ("city", "admin2") or (c.precision == "admin2" and m.kind == "key"):
        return None
    owner: Mention | None = None
    if k + 1 < len(mentions) and _QUARTER_OF.match(text[m.end:mentions[k + 1].start]):
        owner = mentions[k + 1]
    elif (k > 0 and re.fullmatch(r"['\u2019]s\s+", text[mentions[k - 1].end:m.start])
          and _QUARTER_AFTER.match(text[m.end:m.end + 40])):
        owner = mentions[k - 1]
    r = owner.best if owner is not None else None
    if r is None or r.precision != "city" or r.geonameid == c.geonameid:
        return None
    if r.country == c.country and km(c.lat, c.lon, r.lat, r.lon) <= NEIGHBOURHOOD_KM:
        return None  # the quarter's own point, inside its city
    return owner


def _plausible(m: Mention, focus: str | None, anchors: list[PlaceCandidate],
               likely: frozenset[str] = frozenset()) -> bool:
    """Weak evidence (cue spans the NER called a person/org, skeleton matches) needs context."""
    c = m.best
    if c is None:
        return False
    if m.source == "dateline":
        return m.kind == "key"
    if m.source in _NESTED:  # a state/country name, or a town near the article's other places
        return (c.precision not in _LOCAL or (m.source == "nested_whole" and c.population >= NESTED_BIG_CITY)
                or any(km(c.lat, c.lon, r.lat, r.lon) < NESTED_KM for r in anchors)
                # "Eldoret Polytechnic" in a story the evidence sets in Kenya or Somalia: every reading of
                # the name lies in a country the evidence names, and the town is of some standing
                or (bool(likely) and m.kind == "key" and c.population >= NESTED_TOWN
                    and all(x.country in likely for x in m.cands))
                # "nurses held a strike at the Regional Hospital of Zzq" in a text that names no other place and no
                # country: a town of some standing, spelled as written, read clearly over its namesakes
                or (not anchors and not likely and m.kind == "key" and _spelled(c.name, m.text)
                    and _clear_reading(m)))
    if m.source in ("ner", "strong", "suffix") and m.kind == "key":
        return not _stray(c, focus, anchors)
    if focus and c.country == focus or c.country in likely:
        return True
    if any(r.precision in _LOCAL and km(c.lat, c.lon, r.lat, r.lon) < 300 for r in anchors):
        return True
    return m.kind == "key" and c.population >= 100_000


def _clear_reading(m: Mention) -> bool:
    """The best reading of a name is clear of its namesakes abroad: a town of some standing that every
    reading of the name puts in one country, or a bigger town that beats its namesakes in other countries
    by ``NESTED_MARGIN``."""
    c = m.best
    if c is None:
        return False
    rivals = [s for x, s in zip(m.cands, m.scores) if x.country != c.country]
    if not rivals:
        return c.population >= NESTED_LONE_TOWN
    return c.population >= NESTED_TOWN and m.scores[m.cands.index(c)] - max(rivals) >= NESTED_MARGIN


def _to_place(m: Mention, g: Gazetteer, text: str, against: str = "") -> ResolvedPlace:
    c = m.best
    assert c is not None
    admin1 = c.name if c.precision == "admin1" else g.admin1_name(c.country, c.admin1)
    reason = m.reason + ("" if m.kind == "key" else f";{m.kind}") + (f";{m.note}" if m.note else "")
    return ResolvedPlace(name=c.name, country=c.country, admin1=admin1, lat=round(c.lat, 5),
                         lon=round(c.lon, 5), precision=c.precision, text=text[m.start:m.end],
                         span_start=m.start, span_end=m.end,
                         geonameid=c.geonameid if c.geonameid > 0 else None,
                         confidence=_confidence(m), reason=reason, resolved_against=against)


def _prior_context(mentions: list[Mention], g: Gazetteer) -> tuple[dict[str, Mass], Support]:
    """Per distinct name, its prior mass by country, and the sums: as ``_context``'s first pass,
    but counting the names found inside other entities too ("the Danbury Police Department")."""
    by_key: dict[str, Mass] = {}
    for m in mentions:
        k = name_key(m.text)
        if k not in by_key and m.cands and m.kind == "key":
            by_key[k] = mention_mass(m.cands, [_base(c, g) for c in m.cands])
    return by_key, document_support(list(by_key.values()))


def _names_mass(ctx: tuple[dict[str, Mass], Support], cc: str | None) -> float:
    """The candidate mass the document's town and division names put on country ``cc``."""
    if cc is None:
        return 0.0
    return sum(m.country.get(cc, 0.0) for m in ctx[0].values()
               if sum(m.country.values()) > 0 and not _is_country_name(m, cc))


def _is_country_name(m: Mass, cc: str) -> bool:
    return not m.admin1 and set(m.country) == {cc}  # a country's own name has no admin1 mass


def _fuzzy_in_prior(unmatched: list[Mention], mentions: list[Mention], prior: CountryPrior, g: Gazetteer,
                    cues: Cues) -> list[Mention]:
    """Names with no exact key, matched by their consonant skeleton inside the document's likely
    countries only ("Nahri Shahi" -> Nahr-e Shahi in an Afghan story; never a namesake abroad)."""
    if not prior.confident or not unmatched:
        return []
    likely = prior.likely
    taken = [(m.start, m.end) for m in mentions]
    out: list[Mention] = []
    demonyms = demonym_table()[1]
    for m in unmatched:
        if any(m.start < e and s < m.end for s, e in taken) or m.label == "NORP" or demonym_of(m.text, demonyms):
            continue  # "Chinese" is no misspelt town
        cands, kind = g.match(m.text, fuzzy=True)
        cands = [c for c in cands if c.country in likely and c.precision != "country"]
        if kind != "skeleton" or not cands:
            continue
        m.cands, m.kind = cands[:MAX_CANDIDATES], kind
        if _accept(m, cues):
            taken.append((m.start, m.end))
            out.append(m)
    return out


_FORM_LABELS = frozenset({"", "GPE", "LOC", "FAC", "ORG", "PERSON"})


def _unknown_name(m: Mention, cues: Cues, covered: set[int], actor_chars: set[int]) -> bool:
    """A capitalised name in a place position that the gazetteer lacks and that is no other thing
    (a month, a demonym, an armed group, an acronym, part of a resolved name): ``covered`` holds the
    characters of the resolved names, ``actor_chars`` those of armed groups' names."""
    t = m.text
    if not t[:1].isupper() or t.isupper() or name_key(t) in cues.not_places or m.label == "NORP":
        return False
    if demonym_of(t, demonym_table()[1]) or m.start in actor_chars:
        return False
    return covered.isdisjoint(range(m.start, m.end))


def _namesake_only(m: Mention, prior: CountryPrior) -> bool:
    """Every reading of the name is a fuzzy match or a small town outside the countries the
    evidence names: the name is as good as unknown."""
    if not m.cands or m.source not in ("ner", "strong", "suffix", "weak"):
        return False
    if m.kind == "skeleton":
        return all(c.precision != "country" for c in m.cands)
    return all(c.country not in prior.strong and c.precision in _LOCAL and c.population < BIG_CITY for c in m.cands)


def _with_hierarchy(text: str, ents: Sequence[tuple[int, int, str]], found: list[Mention]) -> list[Mention]:
    """Add the coarser names of written hierarchies ("X (Y LGA, Z)", "X district, Z") that no
    other proposal covers, as strong cue spans."""
    have = {(m.start, m.end): m for m in found}
    extra = []
    for s, e, t, want, strong in hierarchy_spans(text):
        old = have.get((s, e))
        if old is not None:
            if want and not old.want:
                old.want = want  # type: ignore[assignment]
                old.source = "suffix" if old.source in ("ner", "strong", "weak") else old.source
            if strong and old.source == "weak":  # "in Dhaka - Zzq" tagged ORG: the written hierarchy decides
                old.source, old.label, old.ent_wider = "strong", "", False
            continue
        # a kind word written with the name asks for that level as strongly as "Borno State" does
        m = Mention(s, e, t, "suffix" if want else "strong" if strong else "weak", want=want)  # type: ignore[arg-type]
        for es, ee, label in ents if not strong else ():  # a parenthesis or kind word outweighs the NER label
            if es < e and s < ee:
                m.label, m.ent_wider = label, es < s or ee > e
                break
        extra.append(m)
    return sorted([*found, *extra], key=lambda m: m.start) if extra else found


def _apply_prior(mentions: list[Mention], prior: CountryPrior, g: Gazetteer,
                 ctx: tuple[dict[str, Mass], Support], keep_all: bool = False) -> list[Mention]:
    """Drop the candidates the country prior rejects (namesakes outside every country the
    document points to, and which no other name of the document supports); a mention left
    with none is dropped, unless ``keep_all`` (gold spans)."""
    if not prior.confident:
        if keep_all:
            return mentions
        # nothing points anywhere: a fuzzy (skeleton) match is kept only for a city of its own
        # standing ("Kirkouk"), not for a village that merely shares consonants with the name, nor
        # for a country no other word of the text names ("Maratini" is no misspelt Mauritania)
        return [m for m in mentions if m.kind != "skeleton" or any(
            c.population >= SKELETON_ALONE_POP and (c.precision != "country" or c.country in prior.weak) for c in m.cands)]
    out = []
    for m in mentions:
        key = name_key(m.text)
        own = ctx[0].get(key, _NO_MASS)

        def others(cc: str, own: Any = own) -> float:
            return ctx[1].country.get(cc, 0.0) - own.country.get(cc, 0.0)

        if m.cands and m.kind == "key" and m.cands[0].precision in ("admin2", "admin1") and (
                (m.source == "suffix" and m.want == m.cands[0].precision) or _AREA_WORD.search(m.text)):
            out.append(m)  # the kind word is written with the name: "Maury County" is that county
            continue
        mine = prior.without(key)
        kept = [c for c in m.cands if not mine.rejects(c, key, m.kind, g, others(c.country))]
        if len(kept) < len(m.cands):
            if not kept:
                log.debug("no candidate of %r in the document's countries (%s)", m.text, prior.summary())
                if not keep_all:
                    continue
            else:
                m.cands = kept
                m.note = f"prior:{prior.top}"
        out.append(m)
    return out


def _region_cand(key: str, tables: _GeoTables) -> PlaceCandidate | None:
    r = tables.regions.get(key)
    if r is None:
        return None
    return PlaceCandidate(geonameid=r[3], name=r[0], country="", admin1=None, lat=r[1], lon=r[2],
                          precision="country", population=0, feature="RGN")


def _special(m: Mention, text: str, g: Gazetteer, cues: Cues, tables: _GeoTables,
             resolve_all: bool, demonyms: bool) -> bool:
    """Abbreviated admin1 ("Ga."), demonyms ("Georgian" -> Georgia) and, when resolving
    every span, world regions. Sets ``m.cands``; True when it decided the mention."""
    raw = text[m.start:m.end]
    if not raw.endswith(".") and text[m.end:m.end + 1] == ".":
        raw += "."
    code = cues.abbrev.get(raw)
    if code:
        a = g.admin1(*code.split(".", 1))
        if a is not None:
            m.cands, m.kind = [a], "key"
            return True
    if m.source != "ner":
        return False
    key = name_key(m.text)
    if (demonyms or resolve_all) and key in tables.demonyms:
        c = g.country(tables.demonyms[key])
        if c is not None:
            m.cands, m.kind = [c], "key"
            return True
    if resolve_all:
        r = _region_cand(key, tables)
        if r is not None:
            m.cands, m.kind = [r], "key"
            return True
    return False


_AREA_FEATURES = frozenset({"ADM2"})


def _whole_area(m: Mention, text: str, g: Gazetteer, cues: Cues) -> bool:
    """ "Laurel County" is an area of its own (a county), not the town of Laurel; "Kansas
    City" and "Mexico City" are towns of their own, not the state or country."""
    if m.suffix_end <= m.end:
        return False
    word = text[m.end:m.suffix_end].strip()
    area = word.lower() in cues.area_suffix
    if not area and not word[:1].isupper():  # "Baghdad city" is Baghdad
        return False
    full = text[m.start:m.suffix_end]
    cands, kind = g.match(full, fuzzy=False)
    if area:
        cands = [c for c in cands if c.feature in _AREA_FEATURES]
    elif kind != "key":
        return False
    if not cands:
        return False
    if area:
        # the towns of the bare name stay candidates after the areas: a written parent ("Dawlat Abad
        # district, Balkh") can then pick the one inside it when the area of that name lies elsewhere
        seen = {c.geonameid for c in cands}
        base, base_kind = g.match(m.text, fuzzy=False)
        if base_kind == "key":
            cands += [c for c in base if c.geonameid not in seen and c.precision == "city"]
    m.end, m.text, m.cands, m.kind, m.want = m.suffix_end, full, cands[:MAX_CANDIDATES], kind, None
    return True


def _backoff(m: Mention, g: Gazetteer, cues: Cues) -> None:
    """Resolving every span: "Kanawha River" -> "Kanawha", "Port of X" -> X, else the longest
    resolvable run of words (a best guess beats no answer)."""
    t = m.text
    for _ in range(2):
        t2 = cues.feature_re.sub("", t).strip()
        if t2 == t or not t2:
            break
        t = t2
        cands, _kind = g.match(t, fuzzy=False)
        if cands:
            m.cands, m.kind = cands[:MAX_CANDIDATES], "backoff"
            return
    words = m.text.split()
    for n in range(len(words) - 1, 0, -1):
        for i in range(len(words) - n + 1):
            sub = " ".join(words[i:i + n])
            if not sub[:1].isupper() or name_key(sub) in cues.not_places or sub.lower() in cues.generic_words:
                continue  # "Road" in "Post Road" is no town's name
            cands, _kind = g.match(sub, fuzzy=False)
            if cands:
                m.cands, m.kind = cands[:MAX_CANDIDATES], "backoff"
                return


_ROUTE_END = r"[A-Z][\w'\u2019]+(?:[ ][A-Z][\w'\u2019]+)?"


@lru_cache(maxsize=1)
def _route_re() -> re.Pattern[str]:
    words = json.loads(resources.files("sitroom.data").joinpath("place_cues.json").read_text("utf-8")).get(
        "route_words", [])
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?:\b(?i:axis|road|highway)\s+(?:of\s+)?)?(?<![\w'-])(?P<a>{_ROUTE_END})-(?P<b>{_ROUTE_END})"
                      rf"(?![\w'-])(?P<after>\s+(?i:{alt})\b)?")


def _route_spans(text: str, g: Gazetteer, cues: Cues) -> list[Mention]:
    """The two ends of a road written as two place names joined by a hyphen ("the Zzq-Zzp road", "along
    the axis Zzq-Zzp"), which the NER takes as one facility or none: each end that the gazetteer knows is a
    place mention, unless the hyphenated whole is a name of its own ("the Bobo-Dioulasso road")."""
    out: list[Mention] = []
    if "-" not in text:
        return out
    for mt in _route_re().finditer(text):
        if mt.group("after") is None and mt.start("a") == mt.start():
            continue  # neither a route word after nor "axis"/"road" before
        if g.has_key(text[mt.start("a"):mt.end("b")]):
            continue
        for part in ("a", "b"):
            t = mt.group(part)
            if name_key(t) in cues.not_places or not g.has_key(t):
                continue
            out.append(Mention(mt.start(part), mt.end(part), t, "strong"))
    return out


_JOINED_NEXT = re.compile(r"[ ](?:and|&)[ ]([A-Z][\w'-]*(?:[ ][A-Z][\w'-]*){0,2})")


def _proposals(text: str, ents: Sequence[tuple[int, int, str]], g: Gazetteer, cues: Cues) -> list[Mention]:
    """Datelines and place names inside other entities (``toponym_spans``), with candidates."""
    def is_name(name: str) -> bool:
        return g.has_key(name) and name_key(name) not in cues.not_places

    out = []
    persons = person_words(text, ents)  # "Hartmann said" after "Jim Hartmann" is the man
    dem = demonym_table()[1]
    # a NORP entity that is no demonym is often a town the NER took for a people ("the governor of Zzq");
    # followed by a group's noun ("the Zzq community") it is the people
    norp = [(s, e, "PERSON") for s, e, label in ents
            if label == "NORP" and not demonym_of(text[s:e], dem) and not cues.group_after.match(text, e)]
    for s, e, t, kind in (*dateline_spans(text), *nested_spans(text, [*ents, *norp], is_name),
                          *resident_spans(text, cues.resident_nouns, is_name)):
        if kind in _NESTED and t in persons:
            continue
        if kind in _NESTED and cues.group_after.match(text, e):
            continue  # "the Zzq community", "Zzq herders": a people
        e2 = _joined_end(text, s, e, g)  # "the Jammu and Kashmir Police": the state, not the city
        if e2 > e:
            e, t = e2, text[s:e2]
        m = Mention(s, e, t, kind)
        cands, m.kind = g.match(t, fuzzy=False)
        m.cands = cands[:MAX_CANDIDATES]
        if m.cands:
            out.append(m)
    return out


MAX_PEERS = 400  # place mentions read as context for one mention's second scoring pass


def _joined_end(text: str, s: int, e: int, g: Gazetteer) -> int:
    """The end of the state or country that the name at ``s:e`` begins when "and" and more names follow
    ("Jammu| and Kashmir|", "Bosnia| and Herzegovina|"), else ``e``."""
    joined = _JOINED_NEXT.match(text, e)
    if joined:
        words = joined.group(1).split(" ")
        for n in range(len(words), 0, -1):
            e2 = joined.start(1) + len(" ".join(words[:n]))
            if g.has_key(text[s:e2]) and any(c.precision in ("admin1", "country") for c in g.lookup(text[s:e2])):
                return e2
    return e


def _joined_names(text: str, ents: Sequence[tuple[int, int, str]], g: Gazetteer) -> list[tuple[int, int, str]]:
    """A place entity followed by "and" and names that together name one state or country ("Jammu and
    Kashmir", "Bosnia and Herzegovina", "the Jammu and Kashmir Police"), which the NER splits or cuts:
    one place entity, so that the union territory is not read as the city of Jammu."""
    out = sorted(ents)
    i = 0
    while i < len(out):
        a = out[i]
        e2 = _joined_end(text, a[0], a[1], g) if a[2] in PLACE_LABELS else a[1]
        if e2 > a[1]:
            rest = [x for x in out[i + 1:] if not (x[0] < e2 and a[1] <= x[0])]
            out = [*out[:i], (a[0], e2, "GPE"), *rest]
        i += 1
    return out


def find_places(text: str, ents: Sequence[tuple[int, int, str]], *, gazetteer: Gazetteer,
                focus_country: str | None = None, resolve_all: bool = False,
                demonyms: bool = False, nested: bool = False, repeats: bool = False,
                url: str | None = None, outlet: str | None = None,
                prior_out: list[CountryPrior] | None = None) -> list[ResolvedPlace]:
    """Place mentions of ``text`` resolved against ``gazetteer``, in text order.

    ``resolve_all``: every place entity handed in is resolved to its best guess (the
    given-gold-spans setting of geoparsing benchmarks): no acceptance or plausibility
    filter, demonyms resolve to their country, world regions to a region point, and a
    name with no entry backs off to its words ("Kanawha River" -> Kanawha).
    ``demonyms``: NORP entities that are country demonyms ("Sudanese") become country
    mentions, as geoparsing benchmarks count them. ``nested``: also propose all-caps
    datelines and place names inside other entities ("the Mansfield Police Department"),
    kept when they name a state/country or lie near the article's other places. ``repeats``:
    other occurrences of a name read confidently as a place are that place too, whatever
    the NER called them ("Fargo Mayor Dennis Walaker" after "floods in Fargo"). ``url``/``outlet``:
    where the document came from (country evidence for the prior). ``prior_out``: a list that
    receives the document's ``CountryPrior``."""
    if not resolve_all:  # the given-gold-spans setting resolves each entity handed in, as it is
        ents = _joined_names(text, ents, gazetteer)
    cues = cues_data()
    tables = _geo_tables()
    labels = PLACE_LABELS | {"NORP"} if demonyms else PLACE_LABELS
    cache: dict[tuple[str, str | None, bool], tuple[list[PlaceCandidate], str, str, int, int, PlacePrecision | None]] = {}
    accepted: list[Mention] = []
    unmatched: list[Mention] = []  # no exact key: looked up fuzzily once the country prior is known
    unknown: list[Mention] = []  # cue-marked names with no key ("in Boulmantiangou"): their form is evidence
    found = spans(text, ents, cues, labels)
    if not resolve_all:  # "the Zzq-Zzp road": both ends (not in the given-gold-spans setting)
        route = _route_spans(text, gazetteer, cues)
        if route:
            have = {(m.start, m.end) for m in found}
            found = sorted([*found, *(m for m in route if (m.start, m.end) not in have)], key=lambda m: m.start)
    for m in _with_hierarchy(text, ents, found):
        if _special(m, text, gazetteer, cues, tables, resolve_all, demonyms) or _whole_area(m, text, gazetteer, cues):
            accepted.append(m)
            continue
        if m.label == "NORP" and m.source == "ner":
            continue  # a NORP entity is a place only as a country demonym
        key = (m.text, m.want, m.source == "ner")
        hit = cache.get(key)
        if hit is None:
            s0, e0 = m.start, m.end
            _candidates(m, gazetteer, cues)
            if resolve_all and not m.cands and m.source == "ner":
                _backoff(m, gazetteer, cues)
            hit = cache[key] = (m.cands, m.kind, m.text, m.start - s0, m.end - e0, m.want)
        else:
            m.cands, m.kind, m.text, ds, de, m.want = hit
            m.start, m.end = m.start + ds, m.end + de
        if (resolve_all and m.source == "ner" and m.cands) or _accept(m, cues, text):
            accepted.append(m)
        elif not m.cands and m.source in ("ner", "strong", "suffix"):
            unmatched.append(m)
        elif not m.cands and m.source == "weak" and len(m.text.split()) <= 3 and m.label in _FORM_LABELS:
            unknown.append(m)
    if nested:
        accepted += _proposals(text, ents, gazetteer, cues)
    # overlapping spans: exact names before fuzzy ones (the NER's "Zzq" of "in Zzq Rongai", matched only
    # fuzzily, gives way to the whole name found as written), then NER/suffix/strong-cue spans before weak
    # ones, longer before shorter
    rank = {"suffix": 0, "strong": 1, "dateline": 1, "ner": 2, "weak": 3, "nested": 4, "nested_whole": 4}
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []
    covered: set[int] = set()  # characters of the taken spans: an overlap test per character, not per pair
    empty_taken = False
    # ... and the whole name a cue marks, found as written, ranks with the NER span of its first words
    # ("in Tal Abyad" tagged "Tal": a namesake of the first word is no reading of the name)
    ner_end = {m.start: m.end for m in accepted if m.source == "ner"} if not resolve_all else {}  # (not gold spans)

    def order(m: Mention) -> tuple[bool, int, int]:
        r = rank[m.source]
        if m.source == "weak" and m.kind == "key" and ner_end.get(m.start, m.end) < m.end:
            r = rank["ner"]
        return (m.kind == "skeleton" and not resolve_all, r, m.start - m.end)

    for m in sorted(accepted, key=order):
        if m.start < m.end and not empty_taken:  # two non-empty spans overlap iff they share a character
            free = covered.isdisjoint(range(m.start, m.end))
        else:  # an empty span: the pairwise test
            free = all(m.end <= s or m.start >= e for s, e in taken)
        if free:
            taken.append((m.start, m.end))
            covered.update(range(m.start, m.end))
            empty_taken = empty_taken or m.start >= m.end
            mentions.append(m)
    mentions.sort(key=lambda m: m.start)
    prior = country_prior(text, (NamedMention(m.text, m.cands, m.kind, m.source, m.want, m.start) for m in mentions),
                          url=url, outlet=outlet)
    if prior.confident and prior.split:  # a village the gazetteer lacks still reads like the names of one country
        # names the gazetteer lacks, or knows only as a fuzzy match or a small namesake where the
        # evidence points nowhere near (a Sahel village read as a town in Armenia)
        lone = [m for m in mentions if _namesake_only(m, prior)]
        lone_ids = {id(m) for m in lone}
        named: set[int] = set()  # characters of the other mentions: an overlap test per character
        for m in mentions:
            if id(m) not in lone_ids:
                named.update(range(m.start, m.end))
        actor_chars: set[int] = set()
        for a, b in prior.actor_spans:
            actor_chars.update(range(a, b))
        add_name_forms(prior, (m.text for m in sorted((*unmatched, *unknown, *lone), key=lambda m: m.start)
                               if _unknown_name(m, cues, named, actor_chars)), gazetteer)
    if prior_out is not None:
        prior_out.append(prior)
    if prior.actor_spans:  # an armed group's name is no place ("Taliban" in Turkey, "Fano" in Italy)
        mentions = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in prior.actor_spans)]
    # the focus and the first context come from every reading of every name, before the prior
    # removes any: removing namesakes must not tilt the names' mass towards the remaining ones
    ctx = _context(mentions, gazetteer, first=True) if mentions else ({}, Support())
    focus = focus_country.upper() if focus_country else _article_focus(mentions, gazetteer, ctx[1])
    names_mass = _names_mass(_prior_context(mentions, gazetteer), focus) if prior.confident else 0.0
    if not focus_country and prior.confident and prior_overrides(prior, focus, names_mass):
        focus = prior.top_text  # the names' candidate mass points where the other evidence does not
    # a focus that only the names' candidate mass gives (no given focus, no other evidence for it)
    own_focus = not focus_country and not (prior.confident and focus in prior.likely)
    mentions = _apply_prior(mentions + _fuzzy_in_prior(unmatched, mentions, prior, gazetteer, cues),
                            prior, gazetteer, _prior_context(mentions, gazetteer), keep_all=resolve_all)
    mentions.sort(key=lambda m: m.start)
    if not mentions:
        return []
    link(text, mentions)
    # country names in the document: name key -> country (a name does not vote for itself)
    countries = {name_key(m.text): m.cands[0].country for m in mentions
                 if m.cands[0].precision == "country" and m.cands[0].country}
    if prior.confident:  # the countries the rest of the text points to count as mentioned (not by a name itself)
        likely = prior.text_likely
        for ev in prior.evidence:
            if ev.kind in STRONG and ev.kind != "country":
                countries.update({f"{ev.key}\x00{cc}": cc for cc in ev.countries if cc in likely})
    for m in mentions:  # pass 1: prior, focus, document context, links to unambiguous neighbours
        _score(m, gazetteer, focus, countries, mentions, [], ctx, own_focus=own_focus)
    ctx = _context(mentions, gazetteer, first=False)
    for k, m in enumerate(mentions):  # pass 2: links and proximity to the provisional resolutions
        by_text: dict[str, PlaceCandidate] = {}
        # an article names far fewer places than MAX_PEERS; a hostile text of thousands of place lines
        # reads the MAX_PEERS nearest mentions instead of all of them for each one (was quadratic)
        peers = mentions if len(mentions) <= MAX_PEERS else mentions[max(0, k - MAX_PEERS // 2):k + MAX_PEERS // 2]
        for o in peers:
            if o is not m and o.best is not None and o.text != m.text and o.score_margin > 1.0:
                by_text[o.text] = o.best
        _score(m, gazetteer, focus, countries, mentions, list(by_text.values()), ctx, final=True,
               own_focus=own_focus)
    anchors = [m.best for m in mentions if m.best is not None and m.source == "ner" and m.kind == "key"]
    out: list[ResolvedPlace] = []
    against = prior.summary()
    likely = prior.likely if prior.confident else frozenset()
    for k, m in enumerate(mentions):
        mfocus = focus
        if own_focus and focus and m.best is not None and _self_focus(ctx, name_key(m.text), focus):
            mfocus = m.best.country  # the focus was this name's own: its chosen reading stands for it
        if (resolve_all and m.source == "ner") or (_plausible(m, mfocus, anchors, likely)
                                                   and not _outside_district(m, mentions)
                                                   and not _foreign_alias(m, mfocus, anchors)
                                                   and not _outside_parent(k, mentions, text)):
            owner = None if resolve_all else _quarter_city(k, mentions, text)
            if owner is not None and owner.best is not None:
                m = replace(m, cands=[owner.best], best=owner.best, kind="key",
                            reason=f"quarter_of:{owner.best.name}", note="")
            # ... and a division read for "X district" (no district of that name in the gazetteer): the
            # district named like its province's seat is the seat's own ("Zzq district" where the gazetteer knows only the town and the province Zzq)
            if m.best is not None and m.best.precision == "admin1" and (m.source != "suffix" or m.want == "admin2"):
                m = replace(m, best=_at_namesake_town(m.best, gazetteer))
            out.append(_to_place(m, gazetteer, text, against))
        else:
            log.debug("dropped implausible place %r (%s)", m.text, m.source)
    if repeats:
        out = _with_repeats(text, ents, out, mentions)
    return out


def _at_namesake_town(c: PlaceCandidate, g: Gazetteer) -> PlaceCandidate:
    """An admin1 area written bare ("in Mandera", no "county" after it) and named like the biggest
    town of that name inside it is placed at that town: ACLED codes an event known only to an area
    at the area's capital (codebook, geo_precision 3), and an area named like a town inside it is
    named after that seat. Written with its kind word ("Bubanza province") it keeps the area point."""
    towns = [t for t in g.lookup(c.name) if t.precision == "city" and t.country == c.country
             and t.admin1 == c.admin1 and name_key(t.name) == name_key(c.name)]
    if not towns:
        return c
    t = max(towns, key=lambda t: t.population)
    return replace(c, lat=t.lat, lon=t.lon)


def _with_repeats(text: str, ents: Sequence[tuple[int, int, str]], out: list[ResolvedPlace],
                  mentions: list[Mention]) -> list[ResolvedPlace]:
    """Add the other occurrences of confidently read names (``toponym_spans.repeat_spans``)."""
    sure = {p.text: p for p in out if p.reason != "only_candidate;skeleton" and p.confidence >= 0.5}
    sure = {t: p for t, p in sure.items()
            if any(m.text == t and m.kind == "key" and m.source in ("ner", "strong", "suffix", "dateline")
                   for m in mentions)}
    if not sure:
        return out
    taken = [(m.start, m.end) for m in mentions]
    extra = [replace(sure[t], text=t, span_start=s, span_end=e, reason=f"same_name:{sure[t].reason}")
             for s, e, t in repeat_spans(text, list(sure), taken, person_words(text, ents))]
    return sorted(out + extra, key=lambda p: p.span_start)


def focus_country(places: Sequence[ResolvedPlace]) -> str | None:
    """The country an article is about: most mentioned, countries counting double."""
    votes: defaultdict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    for p in places:
        if p.country:
            votes[p.country] += 1.0 if p.precision == "country" else 0.5
            first.setdefault(p.country, p.span_start)
    if not votes:
        return None
    return max(votes, key=lambda c: (votes[c], -first[c]))


def resolve_name(name: str, *, gazetteer: Gazetteer, near: tuple[float, float] | None = None,
                 country: str | None = None) -> ResolvedPlace | None:
    """Resolve one place name (no article), preferring ``country`` and places near ``near``."""
    base = name.strip()
    cands, kind = gazetteer.match(base)
    want: PlacePrecision | None = None
    if not cands:
        words = base.rsplit(None, 1)
        suffix = cues_data().suffix
        if len(words) == 2 and words[1].lower() in suffix:
            want = suffix[words[1].lower()]
            cands, kind = gazetteer.match(words[0], fuzzy=False)
            cands = [c for c in cands if c.precision == want] or cands
    if not cands:
        return None
    best: tuple[float, PlaceCandidate, str] | None = None
    for c in cands[:MAX_CANDIDATES]:
        s, reason = gazetteer.prior(c), "prior"
        if country and c.country == country.upper():
            s, reason = s + 3.0, "country_focus"
        if near is not None and c.precision != "country":
            d = km(near[0], near[1], c.lat, c.lon)
            if d < 300:
                s, reason = s + 3.0 * math.exp(-d / 150.0), "near"
        if best is None or s > best[0]:
            best = (s, c, reason)
    assert best is not None
    c = best[1]
    admin1 = c.name if c.precision == "admin1" else gazetteer.admin1_name(c.country, c.admin1)
    return ResolvedPlace(name=c.name, country=c.country, admin1=admin1, lat=round(c.lat, 5),
                         lon=round(c.lon, 5), precision=c.precision, text=name, span_start=-1, span_end=-1,
                         geonameid=c.geonameid if c.geonameid > 0 else None,
                         confidence=0.9 if len(cands) == 1 else 0.6,
                         reason=("only_candidate" if len(cands) == 1 else best[2]) + ("" if kind == "key" else ";skeleton"))
