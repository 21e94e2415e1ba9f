"""Date phrases to intervals.

``find_dates`` scans a text with one compiled alternation of date patterns
(absolute dates, month/season/year mentions, relative phrases such as "last
week" or "three days ago") and resolves each match against the publication
date (the *anchor*) into an inclusive ISO interval with a precision.
``resolve_phrase`` does the same for one phrase. Publication dates (the
anchor itself) are read by :mod:`sitroom.published`. Word lists live in
``data/date_words.json``.

Choices worth knowing:
* a weekday ("on Sunday") is the most recent such day on or before the anchor
  (the anchor's own weekday counts; ``weekday_same_day_counts`` in the data);
* a month or day without a year is the most recent one not after the anchor;
* an interval that straddles the anchor is clipped to end at the anchor; one
  that starts after it is marked ``past=False``.
"""
from __future__ import annotations

import calendar
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .records import DateBasis, DatePrecision, PublishedDate, ResolvedDate

log = logging.getLogger(__name__)

_DATA: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "date_words.json").read_text(encoding="utf-8"))

_MONTHS: dict[str, int] = {**_DATA["months"], **_DATA["month_abbreviations"]}
_AMBIGUOUS = frozenset(_DATA["ambiguous_months"])
_WEEKDAYS: dict[str, int] = _DATA["weekdays"]
_SAME_DAY = bool(_DATA["weekday_same_day_counts"])
_NUMBERS: dict[str, int] = _DATA["numbers"]
_VAGUE: dict[str, list[int]] = _DATA["vague_numbers"]
_SEASONS: dict[str, list[int]] = _DATA["seasons"]
_PARTS: dict[str, dict[str, list[int]]] = {k: v for k, v in _DATA["parts"].items() if not k.startswith("_")}
_RECENT: dict[str, int] = _DATA["recent_days"]
_HOLIDAYS: dict[str, tuple[int, int]] = {k: (v[0], v[1]) for k, v in _DATA["fixed_holidays"].items()
                                         if not k.startswith("_")}
_HOLIDAY_RX = "|".join(r"\s+".join(re.escape(w).replace("'", "['’]?") for w in k.split())
                       for k in sorted(_HOLIDAYS, key=len, reverse=True))
_DROP = frozenset(_DATA["drop_leads"])
_KEEP = frozenset(_DATA["keep_leads"])
_YEAR_LEADS = frozenset(_DATA["year_context_leads"])
_PREFIX_BLOCK = frozenset(_DATA["proper_prefix_blockers"])
_SUFFIX_BLOCK = frozenset(_DATA["proper_suffix_blockers"])
_NON_PLURAL = frozenset(_DATA["non_plural_words"])
_WS = re.compile(r"\s+")
_FUTURE_RELS = frozenset({"next", "coming", "the coming", "the next"})


def _alt(words: Any) -> str:
    """Regex alternation of words as a character trie (fast in ``re``); spaces match any whitespace."""
    trie: dict[str, Any] = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body
    return emit(trie)


_MON = _alt(_MONTHS)
_MONFULL = _alt(_DATA["months"])
_WD = _alt(_WEEKDAYS)
_NUM = _alt(list(_NUMBERS) + list(_VAGUE)) + r"|\d{1,3}"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DASH = r"(?:-|–|—|‐)"
_PART = rf"(?:(?:the\s+)?(?P<@part>{_alt(_PARTS)})(?:\s*{_DASH}\s*|\s+of\s+(?:the\s+)?|\s+))?"
_DAY = r"(?P<@d>[0-3]?\d)(?:st|nd|rd|th)?\b"
_DAY2 = rf"(?:\s*(?:{_DASH}|to|and)\s*(?P<@d2>[0-3]?\d)(?:st|nd|rd|th)?\b)?"
_WDPRE = rf"(?:(?P<@wd>{_WD}),?\s+)?"
_END_NUM = r"(?![\d:]|[,.]\d)"

# (kind, pattern) in priority order. A lead word before the match ("in", "since") is read separately.
_KINDS: list[tuple[str, str]] = [
    ("iso", r"(?<![\w.\-/])(?P<@y>\d{4})(?P<@sep>[-/.])(?P<@m>\d{1,2})(?P=@sep)(?P<@d>\d{1,2})(?!(?!t\d)[\w\-/]|\.\d)"),
    ("mdy", rf"{_WDPRE}(?P<@mon>{_MON})\b\.?\s*{_DAY}{_DAY2}(?:,?\s*(?P<@y>{_YEAR})\b)?{_END_NUM}"),
    ("dmy", rf"{_WDPRE}(?:the\s+)?(?<![\d.,:/])(?P<@d>[0-3]?\d)(?:st|nd|rd|th)?{_DAY2}\s+(?:of\s+)?"
            rf"(?P<@mon>{_MON})\b\.?(?:,?\s*(?P<@y>{_YEAR})\b|\s+(?P<@yy>\d\d)(?=\s*[(\-–—,.;:\n]|$))?{_END_NUM}"),
    ("month_year", rf"{_PART}(?P<@mon>{_MON})\b\.?,?\s*(?P<@y>{_YEAR})(?!\d)"),
    ("yrange", rf"(?:the\s+years?\s+)?(?P<@y1>{_YEAR})\s*(?P<@conn>{_DASH}|/|to|until|till|through|and)\s*"
               rf"(?P<@y2>{_YEAR}|\d\d)(?![\d\w])"),
    ("decade", rf"{_PART}(?:the\s+)?(?:(?P<@dec>(?:1[89]|20)\d0)|['’](?P<@dec2>[1-9]0)|(?<=the\s)(?P<@dec3>[1-9]0))['’]?s\b"),
    ("ago", rf"(?P<@n>{_NUM})\s+(?:more\s+)?(?P<@u>days?|weeks?|months?|years?|decades?)\s+ago\b"),
    ("past_n", r"(?P<@rel>the\s+past|the\s+last|the\s+previous|the\s+coming|the\s+next|past|last|previous|"
               rf"recent|coming|next)\s+(?:(?P<@n>{_NUM})\s+)?(?P<@u>days|weeks|months|years|decades)\b"),
    ("rel_period", rf"{_PART}(?:(?P<@pre>earlier|later)\s+(?:in\s+)?)?(?P<@rel>this\s+past|the\s+previous|"
                   r"the\s+past|the\s+last|the\s+coming|this|last|next|past|previous|coming|the)\s+"
                   r"(?P<@u>weekend|week|month|year|decade)\b(?!\s*-\s*\w|‐)"),
    ("day_rel", r"(?P<@w>yesterday|today|tonight|tomorrow|the\s+previous\s+day|the\s+day\s+before(?!\s+\w)|"
                r"last\s+night|this\s+(?:morning|afternoon|evening)|"
                # "attacked the port overnight" (not "an overnight curfew", "overnight on Saturday")
                r"(?<![Aa]n\s)(?<![Tt]he\s)overnight(?!\s+(?:on|into|to|from|between|and|of|curfew|stay)\b))\b"),
    ("season", r"(?:(?P<@rel>this\s+past|last|this|next|past|previous|the)\s+)?"
               rf"(?P<@s>spring|summer|autumn|fall(?!\s+of\s+[^\d\s])|winter)\b(?:\s+(?:of\s+)?(?P<@y>{_YEAR})(?!\d))?"),
    ("holiday", rf"(?P<@h>{_HOLIDAY_RX})\b(?:,?\s*(?P<@y>{_YEAR})\b)?"),
    ("weekday", rf"(?:(?P<@rel>this\s+past|last|this|next|past)\s+)?(?P<@wd>{_WD})\b"
                r"(?:['’]s)?(?:\s+(?P<@tod>morning|afternoon|evening|night)\b)?"),
    ("month_only", rf"{_PART}(?:(?P<@rel>this\s+past|last|this|next|past|previous)\s+)?"
                   rf"(?P<@mon>{_MONFULL})\b(?!\s*\.?\s*\d{{1,2}}\b|\s*{_YEAR}\b)"),
    ("year", rf"{_PART}(?<![\w$£€.,/])(?<!\d[-–])(?P<@y>{_YEAR})(?!\d|[.,]\d|\s*%|\s*{_DASH}\s*\w|s\b)"),
]


def _kind_pattern(kind: str, body: str) -> str:
    return f"(?P<{kind}>" + body.replace("@", kind + "_") + ")"


# Patterns are matched against an ASCII-lowercased copy of the text (same offsets); guards read the original.
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_RX = re.compile(r"(?:" + "|".join(_kind_pattern(k, b) for k, b in _KINDS) + ")")
_KIND_RX = {k: re.compile(_kind_pattern(k, b)) for k, b in _KINDS}
_LEAD_BEFORE = re.compile(rf"(?<![^\W\d_])({_alt(_DROP | _KEEP)})\s+$")
_KIND_ORDER = [k for k, _ in _KINDS]
_GROUPS = {k: [n for n in _RX.groupindex if n.startswith(k + "_")] for k in _KIND_ORDER}
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W{0,2}$")
_WORD_AFTER = re.compile(r"^\W{0,2}([A-Za-z]+)")
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_CHAIN = re.compile(r"\s*(?:,|and|or|,\s*and|,\s*or)\s*", re.IGNORECASE)


@dataclass(slots=True)
class _Hit:
    start: date | None
    end: date | None
    precision: DatePrecision
    conf: float
    relative: bool = False  # resolved against the anchor
    future: bool = False  # explicitly future ("next week")


_Handler = Callable[[dict[str, str], date], "_Hit | None"]
_STAND_IN = date.today()  # anchor used to parse phrases when there is none (relative results are blanked)


# ----------------------------------------------------------------- calendar helpers

def _mend(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _recent_year(m: int, d: int, a: date) -> int:
    """Year of the most recent (m, d) not after the anchor."""
    for y in range(a.year, a.year - 9, -1):
        try:
            if date(y, m, d) <= a:
                return y
        except ValueError:
            continue
    raise ValueError("no such day")


def _span_precision(s: date, e: date) -> DatePrecision:
    n = (e - s).days + 1
    for limit, p in ((1, "day"), (7, "week"), (31, "month"), (124, "season"), (366, "year")):
        if n <= limit and not (p == "year" and s.year != e.year):
            return p  # type: ignore[return-value]
    return "years"


def _part(part: str | None, s: date, e: date, level: str) -> tuple[date, date]:
    """Narrow a month/year/decade interval to early/mid/late etc."""
    if not part:
        return s, e
    lo, hi = _PARTS[part][level]
    if level == "month":
        return s.replace(day=lo), s.replace(day=min(hi, e.day))
    if level == "year":
        return date(s.year, lo, 1), _mend(s.year, hi)
    return date(s.year + lo, 1, 1), date(s.year + hi, 12, 31)


def _part_hit(part: str | None, s: date, e: date, level: str, prec: DatePrecision, conf: float,
              relative: bool = False, future: bool = False) -> _Hit:
    if part:
        s, e = _part(part, s, e, level)
        return _Hit(s, e, _span_precision(s, e), conf * 0.9, relative, future)
    return _Hit(s, e, prec, conf, relative, future)


def _number(n: str) -> tuple[int, int]:
    if n.isdigit():
        return int(n), int(n)
    if n in _VAGUE:
        lo, hi = _VAGUE[n]
        return lo, hi
    return _NUMBERS[n], _NUMBERS[n]


def _shift(a: date, n: int, unit: str) -> date:
    """The anchor moved back n units (negative n: forward)."""
    if unit.startswith("day"):
        return a - timedelta(days=n)
    if unit.startswith("week"):
        return a - timedelta(days=7 * n)
    months = n if unit.startswith("month") else 12 * n if unit.startswith("year") else 120 * n
    y, m = _add_months(a.year, a.month, -months)
    return date(y, m, min(a.day, calendar.monthrange(y, m)[1]))


# ----------------------------------------------------------------- handlers (one per kind)
# Each gets the kind's groups (lowercased, spaces collapsed; "lead" added) and an anchor, never None:
# without a real anchor it is a stand-in date and relative results are blanked afterwards.

def _h_iso(g: dict[str, str], a: date) -> _Hit | None:
    d = date(int(g["y"]), int(g["m"]), int(g["d"]))
    return _Hit(d, d, "day", 0.95)


def _h_day(g: dict[str, str], a: date) -> _Hit | None:
    m, d1 = _MONTHS[g["mon"]], int(g["d"])
    d2 = int(g.get("d2", d1))
    if d2 < d1 or not 1 <= d1 <= 31:
        return None
    yy = g.get("yy")
    rel = "y" not in g and yy is None
    y = int(g["y"]) if "y" in g else _recent_year(m, d1, a) if rel else \
        2000 + int(yy or 0) if 2000 + int(yy or 0) <= a.year + 1 else 1900 + int(yy or 0)
    s, e = date(y, m, d1), date(y, m, d2)
    return _Hit(s, e, _span_precision(s, e), 0.85 if rel else 0.95, rel)


def _h_holiday(g: dict[str, str], a: date) -> _Hit | None:
    """'on Christmas Eve', 'New Year's Day 2018': the holiday's fixed day, in the year given or the
    most recent one."""
    m, d = _HOLIDAYS[re.sub(r"['’]", "'", _WS.sub(" ", g["h"])).replace("years", "year's")]
    rel = "y" not in g
    day = date(int(g["y"]) if not rel else _recent_year(m, d, a), m, d)
    return _Hit(day, day, "day", 0.85 if rel else 0.95, rel)


def _h_month_year(g: dict[str, str], a: date) -> _Hit | None:
    y, m = int(g["y"]), _MONTHS[g["mon"]]
    return _part_hit(g.get("part"), date(y, m, 1), _mend(y, m), "month", "month", 0.9)


def _h_yrange(g: dict[str, str], a: date) -> _Hit | None:
    y1, raw = int(g["y1"]), g["y2"]
    y2 = int(raw) if len(raw) == 4 else y1 // 100 * 100 + int(raw)
    if (g["conn"] == "and" and g.get("lead") != "between") or not y1 < y2 <= y1 + 100:
        return None
    return _Hit(date(y1, 1, 1), date(y2, 12, 31), "years", 0.85)


def _h_decade(g: dict[str, str], a: date) -> _Hit | None:
    two = int(g.get("dec2") or g.get("dec3") or 0)
    y0 = int(g["dec"]) if "dec" in g else 1900 + two if 1900 + two <= a.year else 1800 + two
    return _part_hit(g.get("part"), date(y0, 1, 1), date(y0 + 9, 12, 31), "decade", "years", 0.75)


def _h_ago(g: dict[str, str], a: date) -> _Hit | None:
    (lo, hi), u = _number(g["n"]), g["u"]
    by_unit: dict[str, DatePrecision] = {"d": "day", "w": "week", "m": "month", "y": "year"}
    prec: DatePrecision = "year" if u[:3] == "dec" else by_unit[u[0]]
    conf = 0.4 if lo != hi or u[:3] == "dec" else 0.6 if prec == "day" else 0.5
    s, e = _shift(a, hi, u), _shift(a, lo, u)
    if prec == "week":
        s, e = s - timedelta(days=3), e + timedelta(days=3)
    elif prec == "month":
        s, e = s.replace(day=1), _mend(e.year, e.month)
    elif prec == "year":
        s, e = date(s.year, 1, 1), date(e.year, 12, 31)
    return _Hit(s, e, prec if lo == hi else _span_precision(s, e), conf, True)


def _h_past_n(g: dict[str, str], a: date) -> _Hit | None:
    rel, n, u = g["rel"], g.get("n"), g["u"]
    future = rel in _FUTURE_RELS
    if n is None and rel not in {"recent", "past", "the past", "coming", "the coming"}:
        return None
    if n is None:
        edge = a + timedelta(days=_RECENT[u] * (1 if future else -1))
    else:
        edge = _shift(a, -_number(n)[1] if future else _number(n)[1], u)
    s, e = (a + timedelta(days=1), edge) if future else (edge, a)
    return _Hit(s, e, _span_precision(s, e), 0.5 if n else 0.3, True, future)


def _h_rel_period(g: dict[str, str], a: date) -> _Hit | None:
    rel, u, part, pre = g["rel"], g["u"], g.get("part"), g.get("pre", "")
    if rel == "the" and u == "week" and g.get("lead") in ("throughout", "during", "over"):
        return _Hit(a - timedelta(days=7), a, "week", 0.6, True)  # "clashes continued throughout the week"
    if rel == "the" and u != "weekend":
        return None
    future = rel in _FUTURE_RELS or pre == "later"
    back = rel in {"last", "previous", "the previous", "this past"}
    if u == "weekend":
        sat = a - timedelta(days=(a.weekday() - 5) % 7 + (7 if back and a.weekday() >= 5 else 0))
        if future or rel == "this" and a.weekday() < 5:
            sat, future = a + timedelta(days=(5 - a.weekday()) % 7 or 7), True
        return _Hit(sat, sat + timedelta(days=1), "week", 0.6, True, future)
    by_unit: dict[str, DatePrecision] = {"week": "week", "month": "month", "year": "year"}
    prec: DatePrecision = by_unit.get(u, "years")
    if rel in {"past", "the past", "the last"} and u != "decade":
        return _Hit(a - timedelta(days=7) if u == "week" else _shift(a, 1, u), a, prec, 0.6, True)
    step = -1 if back else 1 if future and pre != "later" else 0
    if u == "week":
        s = a - timedelta(days=a.weekday() - 7 * step)
        e = s + timedelta(days=6)
    elif u == "month":
        y, m = _add_months(a.year, a.month, step)
        s, e = _part(part, date(y, m, 1), _mend(y, m), "month")
    elif u == "year":
        s, e = _part(part, date(a.year + step, 1, 1), date(a.year + step, 12, 31), "year")
    elif back or rel in {"past", "the past", "the last"}:
        s, e = date(a.year - 10, a.month, 1), a
    else:
        y0 = a.year // 10 * 10 + 10 * step
        s, e = date(y0, 1, 1), date(y0 + 9, 12, 31)
    s, e = (max(s, a + timedelta(days=1)), e) if pre == "later" else (s, min(e, a)) if pre == "earlier" else (s, e)
    if part and u in {"month", "year"}:
        prec = _span_precision(s, e)
    return _Hit(s, e, prec, 0.7 if part else 0.8, True, future)


_DAY_REL = {"yesterday": (-1, 0.85), "tomorrow": (1, 0.6), "the previous day": (-1, 0.4),
            "the day before": (-1, 0.4), "last night": (-1, 0.7)}


def _h_day_rel(g: dict[str, str], a: date) -> _Hit | None:
    if g["w"] == "overnight":  # the night before the report: the anchor's eve to the anchor
        return _Hit(a - timedelta(days=1), a, "day", 0.6, True, False)
    delta, conf = _DAY_REL.get(g["w"], (0, 0.6))
    d = a + timedelta(days=delta)
    return _Hit(d, d, "day", conf, True, delta > 0)


def _season_iv(name: str, y: int) -> tuple[date, date]:
    m1, m2 = _SEASONS[name]  # winter runs from December of the year before to February
    return date(y - 1 if m1 > m2 else y, m1, 1), _mend(y, m2)


def _h_season(g: dict[str, str], a: date) -> _Hit | None:
    name, rel = g["s"], g.get("rel", "")
    if "y" in g:
        s, e = _season_iv(name, int(g["y"]))
        return _Hit(s, e, "season", 0.6 if name == "winter" else 0.75)
    if rel in {"", "the"} and not g.get("lead"):
        return None
    ivs = [_season_iv(name, y) for y in range(a.year + 2, a.year - 3, -1)]
    if rel == "next":
        s, e = [iv for iv in ivs if iv[0] > a][-1]
    elif rel == "this":
        s, e = next((iv for iv in reversed(ivs) if iv[1] >= a), ivs[0])
    else:
        back = rel in {"last", "past", "previous", "this past"}
        s, e = next(iv for iv in ivs if (iv[1] < a if back else iv[0] <= a))
    return _Hit(s, e, "season", 0.6, True, s > a)


def _h_weekday(g: dict[str, str], a: date) -> _Hit | None:
    wd, rel = _WEEKDAYS[g["wd"]], g.get("rel", "")
    if rel in {"next", "this"}:
        ahead = (wd - a.weekday()) % 7 or (7 if rel == "next" else 0)
        d = a + timedelta(days=ahead)
        return _Hit(d, d, "day", 0.6, True, ahead > 0)
    back = (a.weekday() - wd) % 7 or (7 if rel == "last" or not _SAME_DAY else 0)
    d = a - timedelta(days=back)
    return _Hit(d, d, "day", 0.8, True)


def _h_month_only(g: dict[str, str], a: date) -> _Hit | None:
    m, rel = _MONTHS[g["mon"]], g.get("rel", "")
    if rel in {"last", "previous", "past", "this past"}:
        y = a.year if m < a.month else a.year - 1
    elif rel == "this":
        y = a.year
    elif rel == "next":
        y = a.year if m > a.month else a.year + 1
    else:
        y = a.year if m <= a.month else a.year - 1
    future = rel == "next" or (rel == "this" and m > a.month)
    return _part_hit(g.get("part"), date(y, m, 1), _mend(y, m), "month", "month", 0.75, True, future)


def _h_year(g: dict[str, str], a: date) -> _Hit | None:
    y = int(g["y"])
    return _part_hit(g.get("part"), date(y, 1, 1), date(y, 12, 31), "year", "year", 0.85)


_HANDLERS: dict[str, _Handler] = {
    "iso": _h_iso, "mdy": _h_day, "dmy": _h_day, "month_year": _h_month_year, "yrange": _h_yrange,
    "decade": _h_decade, "ago": _h_ago, "past_n": _h_past_n, "rel_period": _h_rel_period,
    "day_rel": _h_day_rel, "season": _h_season, "weekday": _h_weekday, "holiday": _h_holiday, "month_only": _h_month_only,
    "year": _h_year,
}


# ----------------------------------------------------------------- scanning

def _guard(kind: str, g: dict[str, str], text: str, s: int, e: int, mon: str | None, chained: bool) -> bool:
    """False for matches that are not dates: modal "may", "the march", named movements, counts."""
    if kind == "rel_period" and g.get("rel") == "the" and g.get("u") == "week" and not re.match(
            r"\s*(?:[.,;:!?)]|$)", text[e:]):
        return False  # "throughout the week." but not "during the week leading up to 8 September"
    bare = kind == "month_only" and not (g.get("lead") or g.get("part") or g.get("rel"))
    if mon is not None and mon.lower() in _AMBIGUOUS and (mon.islower() or bare):
        return False
    if bare:  # "July was the deadliest month", not "June Mbeki said"
        nxt = _NEXT_WORD.match(text, e)
        if nxt is None or not nxt.group(1).islower():
            return False
    if kind == "year" and not g.get("part"):
        if g.get("lead") not in _YEAR_LEADS and not chained:
            return False
        nxt = _NEXT_WORD.match(text, e)
        w = nxt.group(1) if nxt else ""
        if w.islower() and ((w.endswith("s") and w not in _NON_PLURAL) or int(g["y"]) % 100 == 0):
            return False  # "in 2000 villages"
    if kind == "iso":
        return True
    before = _WORD_BEFORE.search(text, max(0, s - 24), s)
    if before and before.group(1)[0].isupper() and before.group(1).lower() in _PREFIX_BLOCK:
        return False
    after = _WORD_AFTER.match(text[e:e + 24])
    return not (after and after.group(1)[0].isupper() and after.group(1).lower() in _SUFFIX_BLOCK)


def _groups(m: re.Match[str], kind: str) -> dict[str, str]:
    """The kind's groups without the kind prefix, spaces collapsed (the match is on lowercased text)."""
    cut = len(kind) + 1
    return {n[cut:]: _WS.sub(" ", v) for n in _GROUPS[kind] if (v := m.group(n)) is not None}


def _finish(hit: _Hit, g: dict[str, str], a: date | None) -> _Hit | None:
    """Apply the lead word ("since", "before" ...) and keep past intervals up to the anchor."""
    lead = g.get("lead", "")
    if lead in {"since", "after"} and hit.start is not None and hit.end is not None:
        start = hit.start if lead == "since" else hit.end + timedelta(days=1)
        end = a if a is not None and a >= start else None
        prec = _span_precision(start, end) if end else "unknown"
        hit = _Hit(start, end, prec, hit.conf * 0.9, True, hit.future)
    elif lead == "before" and hit.start is not None:
        hit = _Hit(None, hit.start - timedelta(days=1), "unknown", 0.4, hit.relative, hit.future)
    if a is not None and not hit.future:
        if hit.start is not None and hit.start > a:
            hit.future = True
        elif hit.end is not None and hit.end > a:
            hit.end = a
    return hit


@dataclass(slots=True)
class _Found:
    hit: _Hit
    start: int
    end: int
    kind: str


def _try(m: re.Match[str], kind: str, text: str, low: str, a: date | None, strict: bool,
         chained: bool = False) -> _Found | None:
    g = _groups(m, kind)
    s = m.start(kind)
    lm = _LEAD_BEFORE.search(low, max(0, s - 16), s)
    if lm is not None:
        g["lead"] = _WS.sub(" ", lm.group(1))
        s = lm.start() if g["lead"] in _KEEP else s
    mon = text[m.start(kind + "_mon"):m.end(kind + "_mon")] if "mon" in g else None
    if strict and not _guard(kind, g, text, lm.start() if lm else s, m.end(kind), mon, chained):
        return None
    try:
        hit = _HANDLERS[kind](g, a or _STAND_IN)
        if hit is not None and a is None and hit.relative:
            hit = _Hit(None, None, hit.precision, hit.conf, True, hit.future)
        hit = _finish(hit, g, a) if hit is not None else None
    except (ValueError, OverflowError, KeyError) as exc:
        log.debug("date %r not resolved: %s", m.group(kind), exc)
        return None
    return _Found(hit, s, m.end(kind), kind) if hit is not None else None


_TRIGGER = re.compile(_alt(list(_MONTHS) + list(_WEEKDAYS) + list(_SEASONS) + (
    "christmas boxing yesterday today tonight tomorrow overnight day night morning afternoon evening week weekend weeks month months "
    "year years decade decades days").split()) + r"|\d+")
_PREFIX_WORDS = frozenset(
    set(_MONTHS) | set(_WEEKDAYS) | set(_NUMBERS) | set(_VAGUE) | {w for k in _PARTS for w in k.split()}
    | set("the of a an more this last next past previous coming recent earlier later couple few years in new"
          .split()))
_GAP_CHARS = frozenset(" \t\n\r\xa0,.'’-–—‐")


def _candidates(low: str, lo: int, trig: int) -> list[int]:
    """Word starts (up to 7 date-ish words back) from which a phrase holding ``trig`` may begin."""
    out, p = [trig], trig
    for _ in range(7):
        q, punct = p, 0
        while q > lo and punct < 4 and low[q - 1] in _GAP_CHARS:
            q -= 1
            punct += not low[q].isspace()
        if q == p or q <= lo:
            break
        e = q
        while q > lo and low[q - 1].isalnum():
            q -= 1
        w = low[q:e]
        if not w or not (w in _PREFIX_WORDS or w[0].isdigit()):
            break
        out.append(q)
        p = q
    out.reverse()
    return [q for p in out for q in ((p - 1, p) if p > lo and low[p - 1] in "'’" else (p,))]


def _scan(text: str, a: date | None, strict: bool) -> list[_Found]:
    """Every accepted date match; the combined regex is only tried just before trigger words."""
    low = text.translate(_LOWER)
    found: list[_Found] = []
    pos = 0
    tried: set[int] = set()
    n = len(low)
    for t in _TRIGGER.finditer(low):
        trig, te = t.span()
        if trig < pos or (trig > 0 and low[trig - 1].isalnum()) or (te < n and low[te].isalpha()
                                                                     and not low[trig].isdigit()):
            continue
        for p in _candidates(low, pos, trig):
            if p in tried:
                continue
            tried.add(p)
            f = _at(text, low, p, found, a, strict)
            if f is not None:
                found.append(f)
                pos = f.end
                break
    return _overnight(text, _narrative(text, _merge_ranges(text, found), a), a)


# "around 12 May", "on or about 3 June", "(as) reported on 16 March": a day given as approximate, or only
# as the day it was reported; read as ACLED codes such a date (time precision 2: the day plus or minus three)
_APPROX_BEFORE = re.compile(r"(?:\b(?:around|on\s+or\s+(?:around|about)|(?:as\s+)?reported\s+on|reportedly\s+on)\s+(?:on\s+)?)$",
                            re.IGNORECASE)
APPROX_DAYS = 3


def _approximate(text: str, found: list[_Found]) -> list[_Found]:
    out = []
    for f in found:
        h = f.hit
        if h.precision == "day" and h.start is not None and h.end is not None and h.start == h.end \
                and _APPROX_BEFORE.search(text, max(0, f.start - 30), f.start):
            f = _Found(_Hit(h.start - timedelta(days=APPROX_DAYS), h.end + timedelta(days=APPROX_DAYS), "week",
                            h.conf * 0.9, h.relative, h.future), f.start, f.end, f.kind)
        out.append(f)
    return out


_NIGHT_AFTER = re.compile(r"(?:\bovernight\s+(?:on\s+)?|\bthe\s+night\s+of\s+)$", re.IGNORECASE)
_NIGHT_INTO = re.compile(r"\bovernight\s+into\s+$", re.IGNORECASE)


def _overnight(text: str, found: list[_Found], a: date | None) -> list[_Found]:
    """"overnight on Saturday", "on the night of 3 March": that day and the next morning; "overnight
    into Sunday": the evening before and that day."""
    out = []
    for f in found:
        h = f.hit
        if h.precision == "day" and h.start is not None and h.end is not None and not h.future:
            before = text[max(0, f.start - 24):f.start]
            if _NIGHT_AFTER.search(before):
                end = h.end + timedelta(days=1)
                if a is None or end <= a:
                    f = _Found(_Hit(h.start, end, "week", h.conf * 0.9, h.relative), f.start, f.end, f.kind)
            elif _NIGHT_INTO.search(before):
                f = _Found(_Hit(h.start - timedelta(days=1), h.end, "week", h.conf * 0.9, h.relative),
                           f.start, f.end, f.kind)
        out.append(f)
    return out


_MONTH_LINK = re.compile(r"\s*(?:and|or|to|through|until|till|-|–|—)\s*$", re.IGNORECASE)
_THAT_YEAR = re.compile(r"\s+(?:of\s+)?that\s+year\b", re.IGNORECASE)
_REL_WORDS = re.compile(r"\b(?:last|this|next|past|previous)\b", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
NARRATIVE_MIN_DAYS = 300  # a bare month after an explicit date at least this old is read in that date's year


def _bare_month(f: _Found, text: str) -> int | None:
    """The month of a bare month mention ("October", "until October"), else None."""
    if f.kind != "month_only" or not f.hit.relative or f.hit.start is None or f.hit.future:
        return None
    if _REL_WORDS.search(text[f.start:f.end]):
        return None
    return f.hit.start.month


def _month_in(y: int, m: int, f: _Found) -> _Hit:
    s, e = date(y, m, 1), _mend(y, m)
    if f.hit.start is not None and f.hit.end is not None and f.hit.precision != "month":  # "early October"
        s, e = s.replace(day=f.hit.start.day), s.replace(day=min(f.hit.end.day, e.day))
    return _Hit(s, e, _span_precision(s, e), f.hit.conf, False, False)


def _narrative(text: str, found: list[_Found], a: date | None) -> list[_Found]:
    """Bare months read in the year the text is talking about:

    * "in October and November 2023", "November and December of that year": a month joined to a
      month with a year (or followed by "of that year") is in that year, and the two are one span;
    * "In May 2017 fighters seized the city. The battle lasted until October": a bare month in the
      paragraph of an explicit date that lies well before the anchor is the first such month from
      that date on (narrative time), not the most recent one before publication.
    """
    if a is None or not found:
        return found
    out: list[_Found] = []
    i = 0
    while i < len(found):
        f = found[i]
        m = _bare_month(f, text)
        if m is None:
            out.append(f)
            i += 1
            continue
        nxt = found[i + 1] if i + 1 < len(found) else None
        end_f = f
        m2: int | None = None
        year: int | None = None
        if nxt is not None and _MONTH_LINK.match(text[f.end:nxt.start]) and nxt.hit.start is not None:
            if nxt.kind == "month_year" and nxt.hit.precision == "month":
                m2, year, end_f = nxt.hit.start.month, nxt.hit.start.year, nxt
            elif _bare_month(nxt, text) is not None:
                m2, end_f = nxt.hit.start.month, nxt
        that = _THAT_YEAR.match(text, end_f.end)
        prev = next((p for p in reversed(out) if not p.hit.relative and p.hit.start is not None), None)
        if year is None and prev is not None and prev.hit.start is not None:
            same_para = _PARAGRAPH_BREAK.search(text, prev.end, f.start) is None
            if that is not None:
                year = prev.hit.start.year
            elif same_para and out and out[-1] is prev and (a - prev.hit.start).days >= NARRATIVE_MIN_DAYS \
                    and prev.hit.precision in ("day", "week", "month"):  # a month and year, not a year alone
                year = prev.hit.start.year + (1 if m < prev.hit.start.month else 0)
        if year is None:
            if end_f is not f:  # two bare months: one span, each resolved as before
                h = _Hit(f.hit.start, end_f.hit.end, f.hit.precision, f.hit.conf, True, False)
                if h.start is not None and h.end is not None and h.start <= h.end:
                    out.append(_Found(_Hit(h.start, h.end, _span_precision(h.start, h.end), h.conf, True),
                                      f.start, end_f.end, "range"))
                    i += 2
                    continue
            out.append(f)
            i += 1
            continue
        y1 = year - 1 if m2 is not None and m2 < m and end_f.kind == "month_year" else year
        first = _month_in(y1, m, f)
        last = _month_in(year, m2, end_f).end if m2 is not None else first.end
        if first.start is None or last is None or (first.start > a):
            out.append(f)
            i += 1
            continue
        hit = _Hit(first.start, min(last, a), _span_precision(first.start, min(last, a)), f.hit.conf * 0.9, False)
        out.append(_Found(hit, f.start, that.end() if that is not None else end_f.end,
                          "range" if end_f is not f else "month_year"))
        i += 2 if end_f is not f else 1
    return out


def _at(text: str, low: str, p: int, found: list[_Found], a: date | None, strict: bool) -> _Found | None:
    """The first accepted date phrase starting exactly at ``p``."""
    if p > 0 and (low[p - 1].isalnum() or low[p - 1] == "_"):
        return None
    m = _RX.match(low, p)
    if m is None:
        return None
    kind = m.lastgroup or ""
    # "in 2006 and 2008": a year listed right after a year keeps its date context
    chained = bool(found) and found[-1].kind == "year" and \
        _CHAIN.fullmatch(low, found[-1].end, p) is not None
    f = _try(m, kind, text, low, a, strict, chained)
    if f is None:  # try the remaining kinds at the same place
        for other in _KIND_ORDER[_KIND_ORDER.index(kind) + 1:]:
            m2 = _KIND_RX[other].match(low, p)
            if m2 is not None and (f := _try(m2, other, text, low, a, strict, chained)) is not None:
                break
    return f


_RANGE_LEAD = re.compile(r"(?:from|between)\s", re.IGNORECASE)
_RANGE_GAP = re.compile(r"\s*(?:to|and|until|till|through|-|–|—)\s*$", re.IGNORECASE)


def _merge_ranges(text: str, found: list[_Found]) -> list[_Found]:
    """"from October 2016 to July 2017", "between May 3 and May 9" -> one interval."""
    out: list[_Found] = []
    for f in found:
        if out:
            p = out[-1]
            if (_RANGE_LEAD.match(text, p.start) and _RANGE_GAP.match(text[p.end:f.start])
                    and p.hit.start and f.hit.end and p.hit.end and p.hit.start <= f.hit.end
                    and p.hit.end <= f.hit.end and not p.hit.future and not f.hit.future):
                h = _Hit(p.hit.start, f.hit.end, _span_precision(p.hit.start, f.hit.end),
                         min(p.hit.conf, f.hit.conf), p.hit.relative or f.hit.relative)
                out[-1] = _Found(h, p.start, f.end, "range")
                continue
        out.append(f)
    return out


def _anchor(anchor: PublishedDate | None) -> tuple[date | None, DateBasis]:
    if anchor is None or not anchor.date:
        return None, "none"
    try:
        d = date.fromisoformat(str(anchor.date)[:10])
    except ValueError:
        return None, "none"
    return d, "inferred" if anchor.basis == "inferred" else "published"


def _record(f: _Found, text: str, a: date | None, abasis: DateBasis, offset: int) -> ResolvedDate:
    h = f.hit
    if not h.relative:
        basis: DateBasis = "absolute"
    elif a is None:
        basis = "absolute" if h.start is not None else "none"
    else:
        basis = abasis
    conf = h.conf * (0.8 if basis == "inferred" else 1.0)
    return ResolvedDate(
        start=h.start.isoformat() if h.start else None, end=h.end.isoformat() if h.end else None,
        precision=h.precision, text=text[f.start:f.end], basis=basis,
        span_start=offset + f.start, span_end=offset + f.end, past=not h.future,
        confidence=round(conf, 3))


# ----------------------------------------------------------------- public API

def find_dates(text: str, anchor: PublishedDate | None, *, offset: int = 0) -> list[ResolvedDate]:
    """All date phrases in ``text``, resolved against ``anchor``; spans are ``offset`` + local offsets.

    An inferred anchor is a range (``earliest`` … ``latest``): a relative phrase ("on Tuesday",
    "last week") is then resolved against both ends and spans everything between, so the anchor's
    uncertainty is carried into the date instead of a confident wrong day."""
    a, abasis = _anchor(anchor)
    # (approximate days widened here, for events only: publication dates are read from the plain scan)
    found = [_record(f, text, a, abasis, offset) for f in _approximate(text, _scan(text, a, strict=True))]
    late = _late_anchor(anchor, a)
    if late is None:
        return found
    other = {(r.span_start, r.span_end): r for r in (_record(f, text, late, abasis, offset)
                                                     for f in _approximate(text, _scan(text, late, strict=True)))}
    out = []
    for r in found:
        o = other.get((r.span_start, r.span_end))
        if (o is not None and r.basis == "inferred" and r.start and r.end and o.start and o.end
                and (o.start, o.end) != (r.start, r.end)):
            if _year_later_reading(r, o, a):
                # "On May 6" against a guessed publication date of May 3 (which may be
                # as late as June 2): the reading inside the window is the same season, the other
                # one a year earlier. Dates without a year name the recent past, so take the near one.
                out.append(replace(o, confidence=round(o.confidence * 0.9, 3)))
                continue
            lo, hi = min(r.start, o.start), max(r.end, o.end)
            r = replace(r, start=lo, end=hi,
                        precision=_span_precision(date.fromisoformat(lo), date.fromisoformat(hi)),
                        confidence=round(r.confidence * 0.8, 3))
        out.append(r)
    return out


def _year_later_reading(r: ResolvedDate, o: ResolvedDate, a: date | None) -> bool:
    """True when ``o`` (read against the latest possible publication day) is ``r`` (read against
    the earliest) moved on by a year, and ``o`` falls inside the anchor's window: a day or month
    named without its year ("on February 22", "in March"), not a weekday or "last week"."""
    if a is None or r.precision != o.precision or r.precision not in {"day", "month"}:
        return False
    rs, os_ = date.fromisoformat(str(r.start)), date.fromisoformat(str(o.start))
    return (os_.month, os_.day) == (rs.month, rs.day) and os_.year == rs.year + 1 and os_ >= a


def _late_anchor(anchor: PublishedDate | None, a: date | None) -> date | None:
    """The last day an inferred publication date may be, when that is later than the anchor used."""
    if a is None or anchor is None or anchor.basis != "inferred" or not anchor.latest:
        return None
    try:
        late = date.fromisoformat(str(anchor.latest)[:10])
    except ValueError:
        return None
    return late if late > a else None


def resolve_phrase(phrase: str, anchor: PublishedDate | None, *, span_start: int = -1) -> ResolvedDate | None:
    """One date phrase ("On October 21", "last week", "since 2014") to an interval, or None."""
    a, abasis = _anchor(anchor)
    found = _scan(phrase, a, strict=False)
    if not found:
        return None
    best = max(found, key=lambda f: f.end - f.start)
    r = _record(best, phrase, a, abasis, max(span_start, 0))
    if span_start < 0:
        r = replace(r, span_start=-1, span_end=-1)
    return r


def overlaps(a: ResolvedDate, b: ResolvedDate) -> bool:
    """True when the two intervals share a day (open ends count as unbounded)."""
    if (a.start is None and a.end is None) or (b.start is None and b.end is None):
        return False
    lo = max(a.start or "0000-01-01", b.start or "0000-01-01")
    hi = min(a.end or "9999-12-31", b.end or "9999-12-31")
    return lo <= hi


_FINE: dict[str, int] = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4, "years": 5, "unknown": 6}


def intersect(a: ResolvedDate, b: ResolvedDate) -> ResolvedDate | None:
    """The common part of two dates (text and span of ``a``), or None when they do not overlap."""
    if not overlaps(a, b):
        return None
    start = max((x for x in (a.start, b.start) if x), default=None)
    end = min((x for x in (a.end, b.end) if x), default=None)
    prec: DatePrecision = _span_precision(date.fromisoformat(start), date.fromisoformat(end)) \
        if start and end else min((a.precision, b.precision), key=lambda p: _FINE[p])
    basis = a.basis if a.basis == b.basis else next(x for x in (a.basis, b.basis) if x != "absolute")
    return replace(a, start=start, end=end, precision=prec, basis=basis, past=a.past and b.past,
                   confidence=min(a.confidence, b.confidence))


def absolute_dates(text: str) -> list[tuple[int, int, date, date, DatePrecision]]:
    """Every absolute (not relative) date phrase of ``text``: ``(start, end, first day, last day, precision)``.

    Strict matching, no anchor: what :mod:`sitroom.published` reads publication dates from.
    """
    out = []
    for f in _scan(text, None, strict=True):
        h = f.hit
        if not h.relative and h.start is not None and h.end is not None:
            out.append((f.start, f.end, h.start, h.end, h.precision))
    return out
