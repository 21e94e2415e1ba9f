"""The document's country prior: which countries the text is about, before any name is resolved.

Evidence, each weighted (``WEIGHTS``) and kept (``CountryPrior.evidence``) so that a record can
say what its place was resolved against:

* ``country``: a place mention whose best-prior reading is a country ("Kenya", "Burkina Faso");
* ``demonym``: a country's demonym naming a state force or authority ("Burkinabe soldiers",
  "Afghan security forces", "the Nigerian Air Force"); any other demonym ("a Peruvian student")
  is weak ``people`` evidence (a person's origin is not the scene);
* ``admin1``: a mention that names a first-level division ("Borno", "Helmand", "Yagha Province"),
  its weight split over the countries that have a division of that name;
* ``actor``: an armed group, force or party with a home ground (``data/actor_home.json``:
  Al Shabaab -> SO/KE, JNIM -> ML/BF/NE, Taliban -> AF/PK ...), split over its countries;
* ``dateline``: the country of the wire dateline's city;
* ``url`` / ``outlet``: a country-code top-level domain, a country named in the outlet's name;
* ``town`` (weak): a town name whose every gazetteer reading lies in one country;
* ``away`` (weak): a country the text reaches, leaves or borders ("fled back to Chad", "from
  neighbouring Niger", "along the border with Uganda"): not where the story happens;
* ``name_form``: a name the gazetteer lacks (a village) that reads like the place names of one of
  the countries the other evidence already points to (``name_form_country``: character trigrams of
  the gazetteer's names per country, naive Bayes). It only moves weight between those countries:
  "JNIM" alone says Mali, Burkina Faso or Niger; "Koudougoubaraogo" reads Burkinabe.

Strong evidence decides the *likely* countries; weak evidence only breaks ties. A candidate
outside every country the evidence points to is a namesake elsewhere ("Solhan" in Turkey for a
village raided by JNIM) and ``rejects`` says so, unless it is a city of its own standing.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ..records import PlaceCandidate
from .gazetteer import Gazetteer
from .names import name_key, norm

__all__ = ["Evidence", "CountryPrior", "country_prior", "prior_overrides", "actor_homes", "demonym_table",
           "demonym_of", "WEIGHTS", "name_form_country", "add_name_forms", "away", "names_a_force"]

WEIGHTS = {"country": 3.0, "demonym": 2.0, "admin1": 2.0, "actor": 2.0, "dateline": 1.5,
           "url": 1.0, "outlet": 1.0, "town": 0.5, "people": 0.5, "name_form": 1.0,
           "away": 0.5}
STRONG = frozenset({"country", "demonym", "admin1", "actor", "dateline", "url", "outlet", "name_form"})
LIKELY_SHARE = 0.3  # a country is likely when its strong weight is at least this share of the top's
CONFIDENT = 2.0  # strong weight (all countries together) needed before namesakes elsewhere are rejected
MAX_ADMIN1_COUNTRIES = 3  # a division name found in more countries says nothing
BIG_CITY = 100_000  # a place this big is kept wherever it is (a story may name a foreign capital)
NEAR_KM = 150.0  # ... and so is one this close to (the towns of) a country the evidence points to
# ccTLDs that are sold as generic names, not countries
_GENERIC_TLDS = frozenset({"co", "io", "tv", "me", "ly", "fm", "am", "ai", "ws", "cc", "to", "nu", "gg", "eu",
                           "la"})
_TLD_CC = {"uk": "GB"}
# a demonym names a state force or authority when one of these follows it ("Afghan security forces")
_FORCE_NOUN = re.compile(
    r"[ \t]+(?:(?:national|special|security|defen[cs]e|armed|military|government|state|federal|border|"
    r"regular|elite|naval|air|riot|anti-terror(?:ism)?|local|provincial|interior|joint)[ \t-]+){0,3}"
    r"(?i:forces?|army|armies|soldiers?|troops?|police(?:men)?|gendarmes?|gendarmerie|military|navy|"
    r"air[ \t]+force|marines?|personnel|officers?|officials?|authorities|government|ministry|"
    r"militia|militiamen|jets?|warplanes?|aircraft|drones?|artillery|helicopters?|commandos?|"
    r"guards?|rangers?|judge|court|parliament|president|regime)\b")


def _near_top(weights: dict[str, float]) -> frozenset[str]:
    """The countries whose weight is at least ``LIKELY_SHARE`` of the top one's."""
    if not weights:
        return frozenset()
    top = max(weights.values())
    return frozenset(cc for cc, w in weights.items() if w >= LIKELY_SHARE * top)


@dataclass(frozen=True)
class Evidence:
    kind: str  # one of WEIGHTS
    text: str
    countries: tuple[str, ...]
    weight: float  # the whole weight, split over the countries
    key: str = ""  # the name key of the place name it came from ("" for actors, demonyms, source)


@dataclass
class CountryPrior:
    strong: dict[str, float] = field(default_factory=dict)
    weak: dict[str, float] = field(default_factory=dict)
    text_strong: dict[str, float] = field(default_factory=dict)  # strong evidence other than country names
    actor_spans: list[tuple[int, int]] = field(default_factory=list)  # "Taliban" is a group, not a Turkish village
    evidence: list[Evidence] = field(default_factory=list)

    def add(self, ev: Evidence) -> None:
        """Count one piece of evidence; its weight is split over its countries, the first (an actor's
        main home ground) getting the largest share: n, n-1, ..., 1 parts."""
        if not ev.countries:
            return
        self.evidence.append(ev)
        table = self.strong if ev.kind in STRONG else self.weak
        n = len(ev.countries)
        parts = n * (n + 1) / 2
        for i, cc in enumerate(ev.countries):
            # a country name that is also a division elsewhere ("Georgia") is split evenly
            w = ev.weight / n if ev.kind == "country" else ev.weight * (n - i) / parts
            table[cc] = table.get(cc, 0.0) + w
            if ev.kind in STRONG and ev.kind != "country":
                self.text_strong[cc] = self.text_strong.get(cc, 0.0) + w

    @property
    def split(self) -> bool:
        """The evidence other than name forms is shared between countries without saying which one:
        every piece that supports a likely country also supports the others ("JNIM" alone; "Al Shabaab"
        beside a Kenyan town)."""
        return len(self.likely) > 1 and all(
            set(self.likely) <= set(ev.countries) for ev in self.evidence if ev.kind in STRONG
            and ev.kind != "name_form" and set(ev.countries) & set(self.likely))

    def score(self, cc: str) -> float:
        return self.strong.get(cc, 0.0) + 0.25 * self.weak.get(cc, 0.0)

    @property
    def top(self) -> str | None:
        """The country with the most strong evidence (weak evidence breaks ties); None without any."""
        if not self.strong:
            return None
        return max(self.strong, key=lambda cc: (self.score(cc), cc))

    @property
    def top_text(self) -> str | None:
        """The top country of the evidence other than country names (demonyms of forces, actors,
        divisions, dateline, source): a country name may be a town's too ("Jordan Elementary")."""
        if not self.text_strong:
            return None
        return max(self.text_strong, key=lambda cc: (self.text_strong[cc], self.score(cc)))

    @property
    def confident(self) -> bool:
        """Enough strong evidence, however split, to reject namesakes outside its countries."""
        return sum(self.strong.values()) >= CONFIDENT - 1e-6

    @property
    def likely(self) -> frozenset[str]:
        return _near_top(self.strong)

    @property
    def text_likely(self) -> frozenset[str]:
        """The likely countries by the evidence other than country names (they vote for no name)."""
        return _near_top(self.text_strong)

    def share(self, cc: str) -> float:
        total = sum(self.strong.values())
        return self.strong.get(cc, 0.0) / total if total else 0.0

    def without(self, key: str) -> CountryPrior:
        """The prior without the evidence of the place name ``key``: a name never votes for itself
        ("Tripoli", a Libyan district, does not make the Lebanese Tripoli a namesake abroad)."""
        if not key or all(ev.key != key for ev in self.evidence):
            return self
        out = CountryPrior(actor_spans=self.actor_spans)
        for ev in self.evidence:
            if ev.key != key:
                out.add(ev)
        return out

    def rejects(self, c: PlaceCandidate, key: str, kind: str, gazetteer: Gazetteer | None = None,
                other_names: float = 0.0) -> bool:
        """A namesake outside every country the document points to, and more than ``NEAR_KM`` from
        all of them: rejected when the evidence is confident, unless it is a big city matched by
        its own name, or the document's other place names put ``other_names`` (their candidate
        mass) of at least 0.5 on its country. ("al-Qaim near the Syrian border" is in Iraq, next
        to the evidence; "Lebanon, Pa." beside Myerstown and Annville is in the US.)"""
        if not self.confident or c.precision == "country" or not c.country or c.feature == "RGN":
            return False
        if c.country in self.strong or other_names >= 0.5:
            return False
        exact = kind == "key" and name_key(c.name) == key
        if exact and c.population >= BIG_CITY:
            return False
        if gazetteer is not None:
            for cc in self.strong:
                d = gazetteer.km_to_country(c.lat, c.lon, cc)
                if d is not None and d <= NEAR_KM:
                    return False
        return True

    def summary(self) -> str:
        """``"BF 0.71, ML 0.14"``: the likely countries and their shares, for a record's reasoning."""
        return ", ".join(f"{cc} {self.share(cc):.2f}" for cc in sorted(self.likely, key=lambda c: (-self.strong[c], c)))


@lru_cache(maxsize=1)
def _actor_home_data() -> list[dict[str, Any]]:
    data: dict[str, Any] = json.loads(resources.files("sitroom.data").joinpath("actor_home.json").read_text("utf-8"))
    return list(data["actors"])


@lru_cache(maxsize=1)
def actor_homes() -> tuple[tuple[re.Pattern[str], tuple[str, ...], str], ...]:
    """(pattern, countries, label) per actor entry of ``data/actor_home.json``."""
    out = []
    for a in _actor_home_data():
        names = sorted({n for n in a.get("names", []) if n not in a.get("acronyms", [])}, key=len, reverse=True)
        alts = [re.escape(n).replace(r"\ ", r"[ \t-]") for n in names]
        parts = []
        if alts:
            parts.append(f"(?i:{'|'.join(alts)})")
        if a.get("acronyms"):
            parts.append("|".join(re.escape(n) for n in sorted(a["acronyms"], key=len, reverse=True)))
        pat = re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])")
        out.append((pat, tuple(a["countries"]), names[0] if names else a["acronyms"][0]))
    return tuple(out)


# the characters outside ASCII that re's IGNORECASE matches with an ASCII one ("\u0130" with "i", the Kelvin
# sign with "k"); a text holding one is scanned with every actor pattern (tests/test_speed_filters.py)
ASCII_FOLDS = frozenset("\u0130\u0131\u017f\u212a")


@lru_cache(maxsize=1)
def actor_home_needles() -> tuple[tuple[tuple[str, ...], tuple[str, ...]] | None, ...]:
    """Per ``actor_homes()`` entry, strings one of which every text its pattern matches contains:
    (the longest word of each name, lower-cased: found in ``text.lower()``; each acronym: found in
    ``text`` as it is). None when a name is not ASCII (that pattern is always run)."""
    out: list[tuple[tuple[str, ...], tuple[str, ...]] | None] = []
    for a in _actor_home_data():
        acronyms = tuple(a.get("acronyms", []))
        names = [n for n in a.get("names", []) if n not in acronyms]
        if not all(n.isascii() for n in names):
            out.append(None)
            continue
        out.append((tuple(max(n.split(" "), key=len).lower() for n in names), acronyms))
    return tuple(out)


def actor_home_spans(text: str) -> list[tuple[int, tuple[tuple[int, int], str], tuple[str, ...], str]]:
    """(entry index, (span, matched text), countries, label) of every ``actor_homes()`` match in ``text``,
    entry by entry, in the order each pattern finds them; a pattern none of whose needles
    (``actor_home_needles``) is in the text cannot match and is not run."""
    low = text.lower() if text.isascii() or not ASCII_FOLDS.intersection(text) else None
    out = []
    for i, ((apat, ccs, label), needles) in enumerate(zip(actor_homes(), actor_home_needles())):
        if low is not None and needles is not None and not any(nd in low for nd in needles[0]) \
                and not any(ac in text for ac in needles[1]):
            continue
        for mt in apat.finditer(text):
            out.append((i, (mt.span(), mt.group()), ccs, label))
    return out


@lru_cache(maxsize=1)
def demonym_table() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    """(pattern of every demonym, demonym -> country, country name -> country) from countries.json."""
    data: dict[str, Any] = json.loads(resources.files("sitroom.data").joinpath("countries.json").read_text("utf-8"))
    dem: dict[str, str] = {}
    names: dict[str, str] = {}
    for cc, c in data["countries"].items():
        names[c["name"]] = cc
        for a in c.get("aliases", []):
            names.setdefault(a, cc)
        for d in c.get("demonyms", []):
            if len(d) >= 4 and not d.isupper() and "." not in d and d[:1].isupper():
                dem.setdefault(d, cc)
    alt = "|".join(re.escape(d) for d in sorted(dem, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alt})(?:s|es)?(?![\w-])"), dem, names


@lru_cache(maxsize=1)
def country_name_pattern() -> re.Pattern[str]:
    """Every country name and alias of countries.json, as whole words (capitalised as written)."""
    names = demonym_table()[2]
    alt = "|".join(re.escape(n) for n in sorted((n for n in names if len(n) >= 4 and n[:1].isupper()),
                                                key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")


NAMES_BACKING = 1.5  # the place names' mass on a focus country that the prior does not override


def prior_overrides(prior: CountryPrior, focus: str | None, names_mass: float = 0.0) -> bool:
    """The prior's top country replaces ``focus`` (where the resolved names' mass lies) when that
    has at most half the top's strong evidence and fewer than ``NAMES_BACKING`` names' worth of
    mass: one village's namesake abroad is not a focus, but "Shakopee", "Edwardsville" and
    "Jordan" in a local US story are, whatever "Jordan" the country would say."""
    top = prior.top_text
    if top is None or focus == top:
        return False
    if focus is None:
        return True
    if all(focus in ev.countries for ev in prior.evidence if ev.kind in STRONG and top in ev.countries):
        return False  # every piece for the top country also names the focus ("Al Shabaab" + a Kenyan town)
    return prior.strong.get(focus, 0.0) <= 0.51 * prior.strong[top] and names_mass < NAMES_BACKING


NAME_FORM_MARGIN = 1.5  # nats of trigram log-likelihood between the best country and the next
NAME_FORM_MAX = 3  # distinct unknown names read per document
NAME_FORM_MIN_SHARE = 0.1  # countries below this share of the strong evidence are not compared


@lru_cache(maxsize=1)
def _positions_by_country(gazetteer: Gazetteer) -> dict[str, tuple[int, ...]]:
    """The gazetteer positions of towns and districts per country (built once, no name folded yet)."""
    ccs: list[str] = getattr(gazetteer, "_cc", [])
    feats: list[str] = getattr(gazetteer, "_feat", [])
    out: dict[str, list[int]] = {}
    for i, (cc, f) in enumerate(zip(ccs, feats)):
        if cc and (f.startswith("PPL") or f == "ADM2"):
            out.setdefault(cc, []).append(i)
    return {cc: tuple(v) for cc, v in out.items()}


def _grams(folded: str) -> list[str]:
    s = "^" + folded.replace(" ", "_") + "$"
    return [s[i:i + 3] for i in range(len(s) - 2)]


@lru_cache(maxsize=64)
def _trigram_model(gazetteer: Gazetteer, cc: str) -> tuple[dict[str, int], int]:
    """Trigram counts of one country's gazetteer names (``norm``-folded, word ends marked)."""
    names: list[str] = getattr(gazetteer, "_names", [])
    counts: dict[str, int] = {}
    for i in _positions_by_country(gazetteer).get(cc, ()):
        for gm in _grams(norm(names[i])):
            counts[gm] = counts.get(gm, 0) + 1
    return counts, sum(counts.values())


def name_form_country(name: str, countries: Sequence[str], gazetteer: Gazetteer,
                      margin: float = NAME_FORM_MARGIN) -> tuple[str, float] | None:
    """Which of ``countries`` an unknown place name reads like (character trigrams of each
    country's gazetteer names, add-half smoothing): (country, log-likelihood margin over the next)
    when the margin is at least ``margin``, else None. Only ever a choice among ``countries``."""
    folded = norm(name)
    if len(folded) < 4 or len(countries) < 2:
        return None
    grams = _grams(folded)
    scores = []
    for cc in countries:
        counts, total = _trigram_model(gazetteer, cc)
        if total < 500:  # too few names to say what the country's names look like
            return None
        scores.append((sum(math.log((counts.get(gm, 0) + 0.5) / (total + 0.5 * 20000)) for gm in grams), cc))
    scores.sort(reverse=True)
    gap = scores[0][0] - scores[1][0]
    return (scores[0][1], gap) if gap >= margin else None


def add_name_forms(prior: CountryPrior, names: Iterable[str], gazetteer: Gazetteer) -> None:
    """Add ``name_form`` evidence for place names the gazetteer lacks, when the rest of the
    evidence is split between countries without saying which (``CountryPrior.split``)."""
    if not prior.confident or not prior.split:
        return
    total = sum(prior.strong.values())
    ccs = sorted((cc for cc in prior.likely if prior.strong[cc] >= NAME_FORM_MIN_SHARE * total),
                 key=lambda c: (-prior.strong[c], c))
    if len(ccs) < 2:
        return
    seen: set[str] = set()
    for n in names:
        k = name_key(n)
        if not k or k in seen or len(seen) >= NAME_FORM_MAX:
            continue
        seen.add(k)
        got = name_form_country(n, ccs, gazetteer)
        if got is not None:
            prior.add(Evidence("name_form", n, (got[0],), WEIGHTS["name_form"], k))


def demonym_of(word: str, dem: dict[str, str]) -> str | None:
    """The country of a demonym, plural or not ("Afghans" -> AF)."""
    for form in (word, word[:-1], word[:-2]):
        if form in dem:
            return dem[form]
    return None


def _tld_country(url: str) -> str | None:
    m = re.match(r"(?i)^(?:[a-z][a-z0-9+.-]{0,15}://)?([^/:?#\s]{1,253})", url.strip())
    if not m:
        return None
    tld = m.group(1).rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or not tld.isalpha() or tld in _GENERIC_TLDS:
        return None
    return _TLD_CC.get(tld, tld.upper())


@dataclass(frozen=True)
class NamedMention:
    """What the prior reads of one place mention: its words, its candidates, how they matched."""
    text: str
    cands: Sequence[PlaceCandidate]
    kind: str  # key | skeleton | backoff
    source: str  # ner | strong | weak | suffix | dateline | nested ...
    want: str | None = None  # the precision its kind word asks for ("Yagha Province" -> admin1)
    start: int = -1  # where it stands in the text (-1: unknown)


# a country reached, left or bordered is not where the story happens: "gunmen who fled back to Chad",
# "herders from neighbouring Niger", "a post along the border with Uganda", "lorries crossing into Zambia"
_AWAY = re.compile(r"(?i:\b(?:from|to|into|towards?|back[ \t]+to|fled[ \t]+to|borders?[ \t]+with|bordering|"
                   r"crossing(?:[ \t]+(?:in)?to)?|across|"
                   # ... nor the state that acted, told as the agent: "a strike ordered by Zzq"
                   r"by|"
                   # ... nor the cause a protest is for or against: "in solidarity with Zzq", "condemning Zzq"
                   r"solidarity[ \t]+with|in[ \t]+support[ \t]+of|condemning|aggression[ \t]+(?:on|against))"
                   r"[ \t]+(?:the[ \t]+)?(?:neighbou?ring[ \t]+)?|"
                   r"\bneighbou?ring[ \t]+)$")


def away(text: str, start: int) -> bool:
    """The name at ``start`` is a country the story comes from, goes to or borders ("from Ethiopia")."""
    return start > 0 and bool(_AWAY.search(text, max(0, start - 40), start))


def names_a_force(text: str, end: int) -> bool:
    """The country name ending at ``end`` qualifies a force ("US aircraft", "Uganda Police
    Force"): whose forces they are, as a demonym would say, not where they act."""
    return end > 0 and bool(_FORCE_NOUN.match(text, end))

# ... and the scene when a place noun follows it ("a Kenyan border town", "on Burkinabe territory")
_PLACE_NOUN = re.compile(
    r"[ \t]+(?:(?:border|coastal|northern|southern|eastern|western|central|remote|rural|frontier)[ \t-]+){0,2}"
    r"(?i:towns?|city|cities|villages?|territory|soil|side|county|counties|province|region|district|"
    r"capital|coast|countryside|waters)\b")  # "near the Somali border" is next to Somalia, not in it


def _spelled(name: str, written: str) -> bool:
    return norm(name).replace(" ", "") == norm(written).replace(" ", "")


def _folded_division(written: str, cands: Sequence[PlaceCandidate]) -> bool:
    """The name is first a town spelled as written, and a division only once transliteration variants
    are folded (a written "Zza", a town of that name and a state "Zzah"): the division is no evidence."""
    top = cands[0]
    if any(_spelled(c.name, written) for c in cands if c.precision == "admin1"):
        return False
    if top.precision == "city" and _spelled(top.name, written):
        return True
    # a town read first, a town of that name spelled as written among the readings, and the divisions all
    # the same name only once variants are folded (a written "Kinna" for a governorate "Qina"), none of them known by it as an old name
    key = name_key(written)
    return (top.precision == "city" and any(c.precision == "city" and _spelled(c.name, written) for c in cands)
            and all(name_key(c.name) == key for c in cands if c.precision == "admin1"))


def country_prior(text: str, mentions: Iterable[NamedMention], *, url: str | None = None,
                  outlet: str | None = None) -> CountryPrior:
    """Weigh every piece of country evidence in ``text`` and its mentions (see the module doc)."""
    prior = CountryPrior()
    seen: set[tuple[str, str]] = set()

    def once(kind: str, k: str) -> bool:
        if (kind, k) in seen:
            return False
        seen.add((kind, k))
        return True

    for m in mentions:
        if not m.cands or m.kind != "key" or m.source in ("nested", "nested_whole"):
            continue
        key = name_key(m.text)
        top = m.cands[0]
        if m.source == "dateline":
            if top.country and once("dateline", key):
                prior.add(Evidence("dateline", m.text, (top.country,), WEIGHTS["dateline"], key))
            continue
        admin1 = sorted({c.country for c in m.cands if c.precision == "admin1" and c.country})
        if admin1 and _folded_division(m.text, m.cands):
            admin1 = []  # "Zza" read first as the town of that name, not as the state "Zzah"
        if m.source == "suffix" and m.want in ("admin1", "admin2"):  # "Loroum Province", "Birnin Gwari LGA"
            areas = [c.country for c in m.cands if c.precision in ("admin1", "admin2") and c.country]
            if areas and len(set(areas)) <= MAX_ADMIN1_COUNTRIES and once("admin1", key):
                prior.add(Evidence("admin1", m.text, tuple(dict.fromkeys(areas)), WEIGHTS["admin1"], key))
                continue
        if top.precision == "country" and top.country:
            if demonym_of(m.text, demonym_table()[1]):
                continue  # "Peruvian" read as Peru (benchmark mode): counted below as a demonym
            if away(text, m.start):
                if once("away", key):  # "fled back to Chad": weak, the scene is elsewhere
                    prior.add(Evidence("away", m.text, (top.country,), WEIGHTS["away"], key))
                continue
            if m.start >= 0 and names_a_force(text, m.start + len(m.text)):
                if once("demonym", top.country):  # "US aircraft": weighed as "American aircraft"
                    prior.add(Evidence("demonym", m.text, (top.country,), WEIGHTS["demonym"], key))
                continue
            if once("country", key):
                # "Georgia", "Niger": a country that is also a division elsewhere splits its weight
                ccs = tuple(dict.fromkeys([top.country, *admin1]))
                prior.add(Evidence("country", m.text, ccs, WEIGHTS["country"], key))
            continue
        if admin1 and len(admin1) <= MAX_ADMIN1_COUNTRIES:
            if once("admin1", key):
                # a name that reads first as a division, or only divisions of one country, counts in full
                full = m.want == "admin1" or top.precision == "admin1" or len(admin1) == 1
                first = [c.country for c in m.cands if c.precision == "admin1"][0]  # by prior: "Lamu" KE before MV
                ccs = tuple(dict.fromkeys([first, *admin1]))
                prior.add(Evidence("admin1", m.text, ccs, WEIGHTS["admin1"] * (1.0 if full else 0.5), key))
            continue
        if len({c.country for c in m.cands if c.country}) == 1 and name_key(top.name) == key and once("town", key):
            prior.add(Evidence("town", m.text, (top.country,), WEIGHTS["town"], key))
    pat, dem, names = demonym_table()
    for mt in pat.finditer(text):
        cc = demonym_of(mt.group(), dem)
        if not cc:
            continue
        if _FORCE_NOUN.match(text, mt.end()) or _PLACE_NOUN.match(text, mt.end()):  # "Burkinabe soldiers"
            if once("demonym", cc):
                prior.add(Evidence("demonym", text[mt.start():mt.end() + 30].split(",")[0], (cc,), WEIGHTS["demonym"]))
        elif once("demonym_weak", cc):  # "a Peruvian student": a person's origin, not the scene
            prior.add(Evidence("people", mt.group(), (cc,), WEIGHTS["people"]))
    # "the Burkina Faso military", "Uganda Police Force": a country name that says whose forces act weighs as
    # its demonym would ("Burkinabe soldiers"), even where the NER saw no place in it
    for mt in country_name_pattern().finditer(text):
        cc = names.get(mt.group())
        if cc and _FORCE_NOUN.match(text, mt.end()) and once("demonym", cc):
            prior.add(Evidence("demonym", text[mt.start():mt.end() + 30].split(",")[0], (cc,), WEIGHTS["demonym"]))
    for _, (span, group), ccs, label in actor_home_spans(text):
        prior.actor_spans.append(span)
        if once("actor", label):
            prior.add(Evidence("actor", group, ccs, WEIGHTS["actor"]))
    if url:
        cc = _tld_country(url)
        if cc:
            prior.add(Evidence("url", url[:80], (cc,), WEIGHTS["url"]))
    if outlet:
        found = {names[n] for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", outlet)}
        found |= {cc for mt in pat.finditer(outlet) if (cc := demonym_of(mt.group(), dem))}
        if found:
            prior.add(Evidence("outlet", outlet[:80], tuple(sorted(found)), WEIGHTS["outlet"]))
    return prior
