"""Numbers in news prose: digits, number words, vague quantities, modifiers, ranges.

``find_numbers(text)`` returns every numeric expression with its modifier
("at least", "up to", "about"), as a :class:`NumberValue` with absolute offsets.
``parse_number(phrase)`` reads the first one in a short phrase.

Reading rules (the conservative reading, as in ACLED practice):

* exact "12": low = best = high = 12.
* floors "at least / more than / over 12", "12 or more": low = best = 12, high open.
* ceilings "up to / as many as / nearly / fewer than 12": best = high = 12, low open.
* estimates "about / around / some 12": low = best = high = 12, ``approximate``.
* ranges "12 to 15", "12-15", "between 12 and 15", "from 12 to 15", "two or three":
  low = 12, high = 15 and best = 12 (the low end).
* vague words (data file): "dozens" = at least 24, "scores" = 40, "hundreds" = 200,
  "thousands" = 2,000, "tens of thousands" = 20,000, "several" / "a few" = 3:
  low = best = value, high open, ``approximate``.
* fractions "one third", "two-thirds of", "one in five": unit ``fraction``.

Excluded: years in date context, day numbers of dates ("October 21", "21 October"),
clock times, ordinals ("21st", "first"), numbers glued to letters ("AK-47", "G20")
and identifiers ("Resolution 2254", "Route 1").
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

log = logging.getLogger(__name__)

__all__ = ["NumberValue", "NumberMention", "parse_number", "find_numbers", "load_lexicon"]


@dataclass(frozen=True, slots=True)
class NumberValue:
    low: float | None
    best: float | None
    high: float | None
    text: str
    start: int
    end: int
    approximate: bool = False
    unit: str | None = None  # percent, fraction, people, km, dollars, minute, ... or None
    vague: bool = False  # read from a word like "dozens" or "several"


NumberMention = NumberValue  # name used in docs/architecture.md


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, Any]:
    """The versioned casualty/quantity lexicon (``data/casualty_words.json``)."""
    raw = resources.files("sitroom").joinpath("data/casualty_words.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    log.debug("casualty_words version %s", data.get("version"))
    return data


def _alt(phrases: list[str]) -> str:
    """Regex alternation, longest first, whitespace-flexible."""
    parts = sorted({p.strip().lower() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)


_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000}
_ABBR_SCALES = {"k": 1000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "b": 1_000_000_000,
                "bn": 1_000_000_000, "bln": 1_000_000_000, "tn": 1_000_000_000_000}
_DENOMS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
           "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
           "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
           "tenth": 10, "tenths": 10}
_CURRENCY = {"$": "dollars", "us$": "dollars", "usd": "dollars", "€": "euros", "eur": "euros",
             "£": "pounds", "gbp": "pounds"}
# words after a number that name its unit (value: canonical unit); included in the span
_UNIT_WORDS = {
    "%": "percent", "percent": "percent", "per cent": "percent", "pct": "percent",
    "percentage points": "percentage points",
    "km": "km", "kms": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km",
    "kilometer": "km", "miles": "miles", "mile": "miles", "metres": "metres", "meters": "metres",
    "metre": "metres", "meter": "metres", "square kilometres": "km2", "square kilometers": "km2",
    "sq km": "km2", "hectares": "hectares", "acres": "acres", "tonnes": "tonnes", "tons": "tonnes",
    "dollars": "dollars", "us dollars": "dollars", "euros": "euros", "pounds": "pounds",
    "minutes": "minute", "minute": "minute", "hours": "hour", "hour": "hour", "days": "day",
    "day": "day", "weeks": "week", "week": "week", "months": "month", "month": "month",
    "years": "year", "year": "year", "decades": "decade", "seconds": "second", "second": "second",
}

_W = "|".join(sorted(list(_UNITS) + list(_TENS) + list(_SCALES) + ["dozen"], key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_WORD = r"(?:hundred|thousand|million|billion|trillion)"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")


def _build_atom(lex: dict[str, Any]) -> str:
    q = lex["quantities"]
    mult = _alt(list(q["multipliers"]))
    vague_parts = []
    for v in q["vague"]:
        p = _alt([v["phrase"]])
        vague_parts.append(p + (r"(?=\s+of\b)" if v.get("before_of") else r"\b"))
    vague_parts.sort(key=len, reverse=True)
    word_seq = (rf"(?:(?:(?:a|an|one)\s+)?half\s+(?:a\s+)?(?={_SCALE_WORD}))?"
                rf"(?:(?:a|an)\s+(?=(?:{_SCALE_WORD}|dozen)\b))?"
                rf"(?:{_W})(?:(?:(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+"
                rf"|[\s-]+)(?:{_W}))*\b")
    frac = (rf"(?:(?:{'|'.join(_UNITS)}|a)[\s-]+(?:thirds|quarters|fifths|sixths|sevenths|eighths|"
            rf"ninths|tenths|fourths)\b|(?:one|a)[\s-]+(?:half|third|quarter|fifth|sixth|seventh|"
            rf"eighth|ninth|tenth|fourth)(?=\s+of\b|\s*[^\w\s-]|\s*$)|half(?=\s+of\b)"
            rf"|(?:one|1)\s+in\s+(?:every\s+)?(?:{_W}|\d+)\b)")
    cur = r"(?:us\$|\$|€|£|usd\s?|eur\s?|gbp\s?)"
    return (
        rf"(?P<frac>{frac})"
        rf"|(?P<cur>{cur})(?P<cdig>{_DIGITS})(?:\s?(?P<cscale>{_SCALE_WORD}|mn|mln|bn|bln|tn|m|k|b)\b)?"
        rf"|(?P<mult>{mult})\s+(?P<mscale>dozen|hundred|thousand|million|billion)\b"
        rf"|(?P<vague>{'|'.join(vague_parts)})"
        rf"|(?P<dig>{_DIGITS})(?:\s+(?P<dscale>{_SCALE_WORD})\b|(?P<dabbr>bn|mn|m)\b)?"
        rf"|(?P<words>{word_seq})"
    )


def _unit_alt() -> str:
    keys = sorted(_UNIT_WORDS, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") + ("" if k == "%" else r"\b") for k in keys)


@dataclass(frozen=True, slots=True)
class _Atom:
    value: float
    scale: float  # the scale applied (1 when none)
    unit: str | None
    vague: bool
    approximate: bool
    year_like: bool


class _Grammar:
    def __init__(self, lex: dict[str, Any]) -> None:
        q = lex["quantities"]
        self.vague = {" ".join(v["phrase"].lower().split()): float(v["value"]) for v in q["vague"]}
        self.mult = {" ".join(k.lower().split()): float(v) for k, v in q["multipliers"].items()}
        mods = q["modifiers"]
        self.mod_kind: dict[str, str] = {}
        for kind in ("low", "high", "approx"):
            for m in mods[kind]:
                self.mod_kind[" ".join(m.lower().split())] = kind
        self.exact_mods = {" ".join(m.lower().split()) for m in q["approx_modifiers_exact"]}
        self.approx_high = {" ".join(m.lower().split()) for m in q["approximate_high"]}
        self.suf_kind: dict[str, str] = {}
        for kind, lst in q["suffix_modifiers"].items():
            for m in lst:
                self.suf_kind[" ".join(m.lower().split())] = kind
        atom = _build_atom(lex)
        self.atom_re = re.compile(rf"(?:{atom})", re.I)
        atom_b = atom.replace("(?P<", "(?P<b_")
        unit = _unit_alt()
        self.master = re.compile(
            rf"(?<![\w$€£.,])(?<![A-Za-z]-)"
            rf"(?:(?P<mod>{_alt(list(self.mod_kind))})\s+)?"
            rf"(?:(?P<rng>between|from)\s+)?"
            rf"(?P<a>{atom})"
            rf"(?:\s?(?P<unit_a>{unit}))?"
            rf"(?:(?P<conn>\s*[-–—]\s*|\s+(?:to|or|and)\s+)"
            rf"(?P<b>{atom_b})(?:\s?(?P<unit_b>{unit}))?)?"
            rf"(?:\s+(?P<suf>{_alt(list(self.suf_kind))})\b)?"
            rf"(?![\w$€£]|[.,]\d)",
            re.I,
        )
        ids = _alt(q["id_context_words"])
        # dates, clock times, identifiers: checked on the few characters around a number
        self.mask_before = re.compile(
            rf"(?:(?<![a-z])(?<!\d\s){_MONTH}\s*|\d[:/]|\d[-–]|#|(?<![\w.])(?:{ids})\s+(?:no\.?\s*)?"
            rf"|\b(?:no|every|any|each)\s+)$",
            re.I,
        )
        # a 4-digit year after a day and month: "21 October 2016", "October 21, 2016"
        self.mask_before_year = re.compile(
            rf"(?:(?<![a-z]){_MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*"
            rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s*,?\s*|(?<![a-z]){_MONTH}\s*,\s*)$",
            re.I,
        )
        self.mask_after = re.compile(
            rf"(?:(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?![a-z])"
            rf"|(?:[:.]\d{{2}})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|hrs\b|gmt\b|utc\b)|:\d"
            rf"|-\d{{1,2}}-\d|/\d{{1,2}}/"
            rf"|\s+(?:another|day|of\s+the\s+most)\b"
            rf"|\s+(?:third|quarter|fourth|fifth)\s+(?!of\b)\w)",
            re.I,
        )
        self.suffix_re = re.compile(rf"\s+(?P<suf>{_alt(list(self.suf_kind))})\b(?![\w])", re.I)
        self.year_ctx_after = re.compile(rf"^\s+(?:{_alt(lex['who'])})\b", re.I)
        self.change_re = re.compile(rf"\b(?:{_alt(q['change_verbs'])})\s*$", re.I)
        self.unit_after = re.compile(rf"^(?:-(?P<comp>[a-z]+)\b|\s+(?:[a-z'-]+\s+){{0,2}}?(?P<who>{_alt(lex['who'])})\b)", re.I)

    # ---- atom values -------------------------------------------------------------------
    def atom_value(self, m: re.Match[str], p: str = "") -> _Atom | None:
        g = m.group
        if g(p + "frac"):
            return _Atom(_fraction(g(p + "frac")), 1, "fraction", False, False, False)
        if g(p + "cur"):
            v = _num(g(p + "cdig"))
            sc = _scale_of(g(p + "cscale"))
            return _Atom(v * sc, sc, _CURRENCY[g(p + "cur").strip().lower()], False, False, False)
        if g(p + "mult"):
            mult = self.mult.get(" ".join(g(p + "mult").lower().split()), 3.0)
            sc_word = g(p + "mscale").lower()
            sc = 12.0 if sc_word == "dozen" else float(_SCALES[sc_word])
            return _Atom(mult * sc, sc, None, True, True, False)
        if g(p + "vague"):
            key = " ".join(g(p + "vague").lower().split())
            return _Atom(self.vague.get(key, 3.0), 1, None, True, True, False)
        if g(p + "dig"):
            raw = g(p + "dig")
            v = _num(raw)
            sc = _scale_of(g(p + "dscale") or g(p + "dabbr"))
            year_like = sc == 1 and raw.isdigit() and len(raw) == 4 and 1800 <= v <= 2100
            return _Atom(v * sc, sc, None, False, False, year_like)
        if g(p + "words"):
            val, sc, approx = _words_value(g(p + "words"))
            if val is None:
                return None
            return _Atom(val, sc, None, False, approx, False)
        return None


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _scale_of(word: str | None) -> float:
    if not word:
        return 1.0
    w = word.lower()
    return float(_SCALES.get(w) or _ABBR_SCALES.get(w) or 1)


def _word_num(w: str) -> int | None:
    if w in _UNITS:
        return _UNITS[w]
    if w in _TENS:
        return _TENS[w]
    return None


def _words_value(phrase: str) -> tuple[float | None, float, bool]:
    """'two hundred and fifty' -> 250; 'a dozen' -> 12 (approximate); 'half a million' -> 500000."""
    words = [w for w in re.split(r"[\s-]+", phrase.lower()) if w and w != "and"]
    total = 0.0
    current = 0.0
    scale = 1.0
    approx = False
    half = False
    seen = False
    for i, w in enumerate(words):
        if w in ("a", "an"):
            continue
        if w == "half" and i == 0 or (w == "half" and words[:i] in (["one"], ["a"], ["an"])):
            half = True
            continue
        n = _word_num(w)
        if n is not None:
            current += n
            seen = True
        elif w == "dozen":
            current = (current or 1) * 12
            approx = True
            seen = True
        elif w == "hundred":
            current = (current or 1) * 100
            scale = max(scale, 100)
            seen = True
        elif w in _SCALES:
            sc = _SCALES[w]
            total += (current or (0.5 if half else 1)) * sc
            half = False
            current = 0
            scale = max(scale, sc)
            seen = True
    if not seen:
        return None, 1.0, False
    return total + current, scale, approx


def _fraction(phrase: str) -> float:
    p = phrase.lower()
    m = re.match(r"(?:one|1)\s+in\s+(?:every\s+)?(.+)$", p)
    if m:
        d = m.group(1).strip()
        den = _num(d) if d[0].isdigit() else (_words_value(d)[0] or 1)
        return 1.0 / den if den else 0.0
    if p == "half":
        return 0.5
    parts = re.split(r"[\s-]+", p)
    num = 1 if parts[0] in ("a", "an") else _UNITS.get(parts[0], 1)
    den = _DENOMS.get(parts[-1], 1)
    return num / den


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    return _Grammar(load_lexicon())


def _masked(g: _Grammar, text: str, s: int, e: int) -> bool:
    """Is [s, e) a date part, a clock time or an identifier? (checked on its neighbours)"""
    lo = max(0, s - 18)
    if g.mask_before.search(text, lo, s) or g.mask_after.match(text, e):
        return True
    return e - s == 4 and text[s:e].isdigit() and bool(g.mask_before_year.search(text, lo, s))


def _year_context(text: str, e: int, g: _Grammar) -> bool:
    """A bare 4-digit 1800-2100 number is a year unless a counted noun follows."""
    return not g.year_ctx_after.match(text[e:e + 60])


def _make(m: re.Match[str], text: str, offset: int, g: _Grammar, keep_years: bool) -> list[NumberValue]:
    a = g.atom_value(m)
    if a is None:
        return []
    s, e = m.start(), m.end()
    mod = m.group("mod")
    rng = m.group("rng")
    conn = m.group("conn")
    b: _Atom | None = g.atom_value(m, "b_") if m.group("b") else None
    unit_a = m.group("unit_a")
    unit_b = m.group("unit_b")
    suf = m.group("suf")
    conn_word = conn.strip().lower() if conn else ""
    # "and" only joins a range after "between"; "to" never after "between"
    if b is not None and ((conn_word == "and") != (rng is not None and rng.lower() == "between")):
        b = None
    if b is not None and rng and rng.lower() == "from":
        before = text[max(0, s - 40):s]
        if g.change_re.search(before):
            # "rose from 12 to 15": two separate figures, not a range
            first = _value(a, None, None, None, unit_a, text, m.start("a"), m.end("unit_a") if unit_a else m.end("a"))
            second = _value(b, None, None, m.group("suf"), unit_b, text, m.start("b"),
                             m.end())
            out = []
            for v in (first, second):
                if v is not None and not _masked(g, text, v.start, v.end):
                    out.append(_shift(v, offset))
            return out
    if b is None:
        # cut the match back to the first atom (+ unit)
        e = m.end("unit_a") if unit_a else m.end("a")
        suf = None
        if rng:
            s = m.start("a") if not mod else s
            if mod:
                rng = None
        # re-check a suffix right after the shortened span
        sm = g.suffix_re.match(text, e)
        if sm:
            suf = sm.group("suf")
            e = sm.end()
    if mod is None and rng is None and s < m.start("a"):
        s = m.start("a")
    if _masked(g, text, m.start("a"), m.end("a")):
        return []
    # years: a bare year-like number without modifier is a date, unless a counted noun follows
    if a.year_like and not mod and not unit_a:
        dash = conn_word in ("-", "–", "—", "to", "")
        if b is not None and (b.year_like or (b.value < 100 and dash)):
            if not keep_years:
                return []  # "2014-2016", "2015-16"
            b, e = None, m.end("a")
        elif b is None and not keep_years and _year_context(text, e, g):
            return []
    v = _value(a, b, mod, suf, unit_a or unit_b, text, s, e, g)
    if v is None:
        return []
    return [_shift(v, offset)]


def _shift(v: NumberValue, offset: int) -> NumberValue:
    if not offset:
        return v
    return NumberValue(v.low, v.best, v.high, v.text, v.start + offset, v.end + offset,
                       v.approximate, v.unit, v.vague)


def _value(a: _Atom, b: _Atom | None, mod: str | None, suf: str | None, unit_word: str | None,
           text: str, s: int, e: int, g: _Grammar | None = None) -> NumberValue | None:
    g = g or _grammar()
    av = a.value
    unit = a.unit
    if unit_word:
        unit = _UNIT_WORDS.get(" ".join(unit_word.lower().split()), unit)
    approx = a.approximate or a.vague
    vague = a.vague
    low: float | None
    best: float | None
    high: float | None
    if b is not None:
        bv = b.value
        if a.scale == 1 and b.scale > 1 and av < 1000 and not a.vague:
            av = av * b.scale
        unit = unit or b.unit
        approx = approx or b.approximate
        vague = vague or b.vague
        lo, hi = (av, bv) if av <= bv else (bv, av)
        low, best, high = lo, lo, hi
        if b.vague:
            high = None if bv <= av else bv
    elif a.vague:
        low, best, high = av, av, None
    else:
        low, best, high = av, av, av
    kind = g.mod_kind.get(" ".join(mod.lower().split())) if mod else None
    if kind == "low":
        high = None
    elif kind == "high":
        low = None
        best = high if high is not None else best
        if " ".join(mod.lower().split()) in g.approx_high:  # type: ignore[union-attr]
            approx = True
    elif kind == "approx":
        if " ".join(mod.lower().split()) not in g.exact_mods:  # type: ignore[union-attr]
            approx = True
    if suf:
        sk = g.suf_kind.get(" ".join(suf.lower().split()))
        if sk == "low":
            high = None
        elif sk == "high":
            low = None
            best = high
        elif sk == "approx":
            approx = True
    if unit is None:
        um = g.unit_after.match(text[e:e + 80])
        if um:
            if um.group("comp"):
                comp = um.group("comp").lower()
                unit = _UNIT_WORDS.get(comp, _UNIT_WORDS.get(comp + "s", comp))
            elif um.group("who"):
                unit = "people"
    return NumberValue(low, best, high, text[s:e], s, e, approx, unit, vague)


def find_numbers(text: str, offset: int = 0, *, keep_years: bool = False) -> list[NumberValue]:
    """Every numeric expression in ``text`` (modifiers included in the span).

    Offsets are ``offset`` + position in ``text``. Dates, clock times, ordinals and
    identifiers are skipped; a bare year-like 4-digit number counts only when a
    counted noun follows it ("2000 people") unless ``keep_years`` is set.
    """
    if not text:
        return []
    return list(_numbers_in(text, offset, keep_years))


@lru_cache(maxsize=64)
def _numbers_in(text: str, offset: int, keep_years: bool) -> tuple[NumberValue, ...]:
    """``find_numbers``, remembered for the last texts asked: the stages read the same sentence or the
    whole text more than once (casualties, claims, tolls), and the answer depends on nothing else
    (the values are frozen)."""
    g = _grammar()
    out: list[NumberValue] = []
    for m in g.master.finditer(text):
        try:
            out.extend(_make(m, text, offset, g, keep_years))
        except (ValueError, ZeroDivisionError, OverflowError, KeyError) as exc:  # pragma: no cover
            log.debug("number %r not read: %s", m.group(0), exc)
    return tuple(out)


def parse_number(phrase: str) -> NumberValue | None:
    """The first numeric expression in a short phrase ("over 300", "60,000-seat" -> 60000).

    Years are kept ("2007" -> 2007); offsets are relative to ``phrase``.
    """
    if not phrase:
        return None
    found = find_numbers(phrase, keep_years=True)
    return found[0] if found else None
