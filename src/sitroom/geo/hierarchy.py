"""Hierarchies written in the text: the names that say where a finer name lies (and the two ends
of a stretch: "between X and Y", "the X-Y border").

Conflict reporting places a village by its district and province: "Kelwa village (Diffa)",
"Tungan Bako (Birnin Gwari LGA, Kaduna)", "Zarkhel of Nadir Shah Kot district, Khost",
"Kukawa, Borno State". The statistical NER often misses the coarser names (a province after
"district, " tagged PERSON), so ``hierarchy_spans`` proposes them: the names of a parenthesis
that follows a name, and the name after an administrative kind word and a comma. The places
module then links each finer name to the coarser one (``place_spans.link``), resolves it inside
it, and when the finer name is not in the gazetteer the event falls back to the finest level
that is (the district or province point; ``precision`` says which), never to a namesake elsewhere.

Regexes are linear: bounded repetitions, no nested quantifiers.
"""
from __future__ import annotations

import re

from .spans import NAME_RE

__all__ = ["hierarchy_spans", "ADMIN_KIND_WORDS"]

ADMIN_KIND_WORDS = ("district", "districts", "province", "provinces", "county", "counties", "region",
                    "state", "governorate", "department", "commune", "municipality", "LGA", "sub-county",
                    "division", "upazila", "zila", "woreda", "prefecture", "circle", "locality")
_KIND = "|".join(sorted((re.escape(w) for w in ADMIN_KIND_WORDS), key=len, reverse=True))
# "Tungan Bako (Birnin Gwari LGA, Kaduna)": the names inside a parenthesis right after a name
_PAREN = re.compile(r"(?<=[\w.'’])[ \t]?\((?P<inner>[^()\n]{2,80})\)")
_INNER_NAME = re.compile(rf"(?:^|,)[ \t]*(?P<name>{NAME_RE})(?:[ \t]+(?i:{_KIND}))?[ \t]*(?=,|$)")
# "in Nahri Shahi district, Balkh": the name after a kind word and a comma; also after the word for
# the area's seat ("in Zzq district center, Balkh", "the district headquarters, Zzp")
_AFTER_KIND = re.compile(rf"\b(?i:{_KIND})(?:[ \t]+(?i:center|centre|headquarters|seat))?,[ \t]+(?P<name>{NAME_RE})")
# "in Kiunga, Lamu": the second name of "in X, Y"
# and of "the town of X, Y" ("the border town of Rhamu, Mandera")
_AFTER_PLACE = re.compile(rf"\b(?:in|at|near|outside|(?i:town|city|village|area|locality|settlement|camp)[ \t]+of)"
                          rf"[ \t]+{NAME_RE},[ \t]+(?P<name>{NAME_RE})")

# "in Dhaka - Shahbagh": a city and its quarter joined by a spaced dash, tagged as one ORG; the city
_DASHED = re.compile(rf"\b(?:in|at|near|outside|of)[ \t]+(?P<name>{NAME_RE})[ \t]+[-\u2013][ \t]+{NAME_RE}")


# "between Zzqa and Zzqb": both ends of a stretch are places (a list may be anything: weak)
_BETWEEN = re.compile(rf"\bbetween[ \t]+(?P<a>{NAME_RE})[ \t]+and[ \t]+(?P<b>{NAME_RE})")
# "along the Kenya-Uganda border": a hyphen pair the NER reads as one name
_PAIR = re.compile(r"(?<![\w-])(?P<a>[A-Z][a-z'’]{2,30})-(?P<b>[A-Z][a-z'’]{2,30})[ \t]+"
                   r"(?:border|boundary|frontier)s?\b")  # not a road's ends: the scene lies between them
# "fighting between X and Y herders", "talks between X and Y": the two sides, not two places
_SIDES = re.compile(r"(?i:clash|fight|conflict|tension|dispute|violence|war|feud|rivalr|battle|talk|agreement|"
                    r"deal|truce|ceasefire|hostilit|skirmish|confrontation|row|differences|rift|gunfight)\w*"
                    r"(?:[ \t]+\w+){0,3}[ \t]+$")

_TRAILING_KIND = re.compile(rf"[ \t]+(?i:{_KIND})$")
_ADMIN2_WORDS = frozenset({"district", "districts", "county", "counties", "lga", "sub-county", "upazila", "zila",
                           "woreda", "circle"})


def hierarchy_spans(text: str) -> list[tuple[int, int, str, str | None, bool]]:
    """(start, end, name, precision asked for or None, strong) of the coarser names of written
    hierarchies, in text order; a trailing kind word is cut off ("Birnin Gwari LGA" -> "Birnin
    Gwari", asking for a district). Without a kind word, the names of a parenthesis ask for an
    area, a district or a division ("X town (Y, Z)": Z is the province, not its seat city); the
    ranker only rewards a reading of that level where the gazetteer has one. ``strong``: a parenthesis or a kind word marks it; the
    second name of "in X, Y" is weaker (it may be a list)."""
    out: dict[tuple[int, int], tuple[str, str | None, bool]] = {}

    def put(s: int, name: str, strong: bool = True, want: str | None = None) -> None:
        k = _TRAILING_KIND.search(name)
        if k:
            want = "admin2" if k.group().strip().lower() in _ADMIN2_WORDS else "admin1"
            name = name[:k.start()]
        if len(name) >= 3 and not name.isupper() and (s, s + len(name)) not in out:
            out[(s, s + len(name))] = (name, want, strong)

    for m in _PAREN.finditer(text):
        base = m.start("inner")
        names = list(_INNER_NAME.finditer(m.group("inner")))
        for n in names:
            # "(Noakhali Sadar, Chittagong)", "(Kishoreganj, Dhaka)": the names of a parenthesis are areas
            # around the name before it (a district or a division), not the cities that are their seats
            put(base + n.start("name"), n.group("name"), want="admin2")
    for m in _AFTER_KIND.finditer(text):
        s = m.start("name")
        put(s, m.group("name"))
        kind = text[m.start():m.start("name")].rstrip(", \t").lower().split()[0]
        if (s, s + len(m.group("name"))) in out and kind in _ADMIN2_WORDS:
            out[(s, s + len(m.group("name")))] = (m.group("name"), "admin1", True)  # "X district, Balkh": a province
    for m in _DASHED.finditer(text):
        put(m.start("name"), m.group("name"))
    for m in _AFTER_PLACE.finditer(text):
        put(m.start("name"), m.group("name"), strong=False)
    for m in _PAIR.finditer(text):
        put(m.start("a"), m.group("a"))
        put(m.start("b"), m.group("b"))
    for m in _BETWEEN.finditer(text):
        if _SIDES.search(text, max(0, m.start() - 60), m.start()):
            continue
        put(m.start("a"), m.group("a"), strong=False)
        put(m.start("b"), m.group("b"), strong=False)
    return [(s, e, t, w, st) for (s, e), (t, w, st) in sorted(out.items())]
