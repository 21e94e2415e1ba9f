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
