"""A document's publication date, read from its text when its metadata has none.

``read_dateline`` reads a date stated in the head of a text (a ``date`` line,
"Published ...", a wire dateline); ``infer_published`` guesses one from the
latest absolute date the text mentions (``basis: inferred``, with a range).
Both use the date patterns of :mod:`sitroom.dates`.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from .dates import absolute_dates
from .records import PublishedDate

_NOT_PUBLISHED_LEADS = frozenset({"by", "until", "till", "before"})


def infer_published(text: str) -> PublishedDate:
    """Guess a publication date from the latest absolute date a text mentions.

    A full day-month-year wins (the document is taken to be at most 30 days
    younger); a later month/season/year mention moves the guess to the end of
    that period. Dates after "by"/"until"/"before" are targets and are ignored.
    """
    days = []
    coarse = []
    for found in absolute_dates(text):
        s, e, _first, _last, precision = found
        if text[s:e].split(None, 1)[0].lower() in _NOT_PUBLISHED_LEADS:
            continue
        if precision == "day":
            days.append(found)
        elif precision in {"month", "season", "year"}:
            coarse.append(found)
    day = max(days, key=lambda f: f[2], default=None)
    late = max(coarse, key=lambda f: f[2], default=None)
    if late is not None and day is not None and late[2] <= day[2]:
        late = None
    if day is not None and late is None:
        d: date = day[2]
        return PublishedDate(d.isoformat(), "inferred", d.isoformat(), (d + timedelta(days=30)).isoformat(),
                             text[day[0]:day[1]])
    if late is not None:
        s, e, first, last, precision = late
        slack = 60 if precision in {"month", "season"} else 365
        return PublishedDate(last.isoformat(), "inferred", first.isoformat(),
                             (last + timedelta(days=slack)).isoformat(), text[s:e])
    return PublishedDate(None, "none")


_HEAD_CHARS = 300
_DATE_LINE = re.compile(r"\s*date\s*:?\s*$", re.IGNORECASE)
_PUBLISHED_CUE = re.compile(r"(?:published|updated|posted|dated|first\s+published)(?:\s+on)?\s*:?\s*$",
                            re.IGNORECASE)
_DATELINE_PLACE = re.compile(r"\s*[A-Z][A-Z.'’ \-]{1,40}(?:,\s*[A-Z][\w.'’ \-]{1,40}){0,2},\s*$")
_DATELINE_TAIL = re.compile(r"\s*(?:\([^)\n]{1,40}\))?\s*(?:-|–|—|:)")


def read_dateline(text: str) -> PublishedDate | None:
    """A publication date stated in the head of a text, or None.

    Accepts a leading ``date YYYY-MM-DD`` line, "Published/Updated <date>", and
    wire datelines with a year ("MAIDUGURI, Nigeria, March 3, 2021 (AP) —").
    """
    head = text[:_HEAD_CHARS]
    for s, e, first, _last, precision in absolute_dates(head):
        if precision != "day":
            continue
        line_start = head.rfind("\n", 0, s) + 1
        prefix = head[line_start:s]
        cue = _PUBLISHED_CUE.search(prefix)
        ok = (cue is not None or _DATE_LINE.fullmatch(prefix) is not None
              or (_DATELINE_PLACE.fullmatch(prefix) is not None
                  and _DATELINE_TAIL.match(head, e) is not None))
        if ok:
            d = first.isoformat()
            ev_start = line_start + (cue.start() if cue is not None else 0)
            return PublishedDate(d, "published", d, d, head[ev_start:e].strip())
    return None


# ---------------------------------------------------------------- date lines of scraped pages

_MONTHS = {m: i + 1 for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"))}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MON_RX = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WDAY_RX = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_CUE_RX = (r"(?:(?:Posted|Published|Updated|Dated|Date|First\s+published|Last\s+(?:modified|updated))"
           r"(?:\s+(?:on|at))?\s*:?\s*)?")
_SHAPES = (
    rf"{_MON_RX}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)",      # May 9, 2018 / Sep. 30, 2016
    rf"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON_RX},?\s+(?P<y>(?:19|20)\d\d)",  # 21 October, 2015
    r"(?P<y>(?:19|20)\d\d)[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)",                  # 2019-03-07, 2019/03/07
    r"(?P<a>[0-3]?\d)(?P<sep>[-/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)",      # 07-03-2020, 11.06.2017
)
_TIME_RX = r"(?:[\s,|\u2022\u00b7-]*(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5}|\s+UTC[+-]?\d*)?)?"

def _compile_line_rx() -> re.Pattern[str]:
    """The date-line pattern with each shape's groups given distinct names."""
    shapes = []
    for i, s in enumerate(_SHAPES):
        for g in ("mon", "d", "y", "m", "a", "b", "sep"):
            s = s.replace(f"(?P<{g}>", f"(?P<{g}{i}>").replace(f"(?P={g})", f"(?P={g}{i})")
        shapes.append(f"(?:{s})")
    return re.compile(
        rf"^[ \t]*(?P<pre>(?:By\s+[^|\n]{{2,60}}?\s*[|\u2022\u00b7]\s*)|(?:[A-Z][\w ]{{1,30}}\s*[\u2022\u00b7]\s*))?"
        rf"(?P<cue>{_CUE_RX}){_WDAY_RX}(?P<date>{'|'.join(shapes)}){_TIME_RX}[ \t]*"
        rf"(?P<tail>(?:[|\u2022\u00b7][^\n]{{0,40}}|[-\u2013\u2014][ \t]*[^\n]*)?)$", re.IGNORECASE)


_LINE = _compile_line_rx()


def _numeric_day(a: int, b: int) -> tuple[int, int] | None:
    """(day, month) of a numeric date whose order is not written: day first (the order of most of the
    world's outlets) unless only the other order is a date."""
    if 1 <= b <= 12 and 1 <= a <= 31:
        return a, b
    if 1 <= a <= 12 and 1 <= b <= 31:
        return b, a
    return None


def parse_date_line(line: str) -> tuple[date, int, int] | None:
    """A page's date line ("Posted Feb 3, 2019 | 11:20 pm", "21 October, 2015", "07-03-2020",
    "11.06.2017", "April 2, 2019 - Gunmen …", "By A. Writer | March 18, 2021") as (day, start, end)
    of the date phrase within the line, or None when the line is not a date line."""
    m = _LINE.match(line)
    if m is None:
        return None
    g = {k: v for k, v in m.groupdict().items() if v is not None}
    try:
        y = int(next(v for k, v in g.items() if k[:1] == "y" and k[1:].isdigit()))
        mon_key = next((k for k in g if k.startswith("mon")), None)
        if mon_key is not None:
            mo = _MONTHS[g[mon_key].lower().rstrip(".")[:4] if g[mon_key].lower().startswith("sept")
                         else g[mon_key].lower().rstrip(".")[:3]]
            d = int(next(v for k, v in g.items() if k[:1] == "d" and k[1:].isdigit()))
        elif any(k.startswith("m") and k[1:].isdigit() for k in g):
            mo = int(next(v for k, v in g.items() if k[:1] == "m" and k[1:].isdigit()))
            d = int(next(v for k, v in g.items() if k[:1] == "d" and k[1:].isdigit()))
        else:
            a = int(next(v for k, v in g.items() if k[:1] == "a" and k[1:].isdigit()))
            b = int(next(v for k, v in g.items() if k[:1] == "b" and k[1:].isdigit()))
            dm = _numeric_day(a, b)
            if dm is None:
                return None
            d, mo = dm
        day = date(y, mo, d)
    except (StopIteration, ValueError, KeyError):
        return None
    tail = g.get("tail", "")
    if tail[:1] in "-\u2013\u2014" and m.start("date") > m.start() + len(g.get("pre", "")) + len(g.get("cue", "")) + 12:
        return None
    return day, m.start("date"), m.end("date")


_HEAD_LINES = 14
_HEAD_LINE_CHARS = 2000


def read_date_line(text: str) -> PublishedDate | None:
    """The first line near the top of a page that is a date line (see :func:`parse_date_line`)."""
    pos = 0
    for n, line in enumerate(text[:_HEAD_LINE_CHARS].split("\n")):
        if n >= _HEAD_LINES:
            break
        if line.strip() and len(line) < 400:
            found = parse_date_line(line)
            if found is not None:
                d, _s, e = found
                return PublishedDate(d.isoformat(), "published", d.isoformat(), d.isoformat(),
                                     line[:e].strip() + " (date line)")
        pos += len(line) + 1
    return None


_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")
_URL_DATE_SEP = re.compile(r"/((?:19|20)\d\d)/([01]?\d)/([0-3]?\d)(?=/|$)")


def read_url_date(url: str | None) -> PublishedDate | None:
    """A day written in an article's URL (``/2019/02/03/``, ``/2019-02-03-``, ``/20190203/``)."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]*", "", url)
    for rx in (_URL_DATE_SEP, _URL_DATE):
        m = rx.search(path)
        if m:
            try:
                d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            return PublishedDate(d.isoformat(), "published", d.isoformat(), d.isoformat(), f"url: {m.group(0)}")
    return None
