"""Quotation marks: where the quoted stretches of a text are, on characters alone.

``find_quote_spans(text)`` pairs quotation marks on the raw text (spaCy's
sentence splitter breaks quotes apart, so pairing is done on characters).
Double marks (" “ ” „ « ») and single marks (‘ ’ ') are paired separately;
apostrophes (letter on both sides, ``ISIS’s``) are ignored; a closing mark with
no opener that is followed by another closing mark in the paragraph is read as
a mis-typed opener (``when it” lost … land.”``); an opener left open at the end
of a paragraph runs to the end of it (multi-paragraph quotes); spans inside
other spans are nested quotes and dropped.

Used by :mod:`sitroom.speakers` (names inside quotes are not mentions) and
:mod:`sitroom.quotes` (each span is attributed to a speaker).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

__all__ = ["QuoteSpan", "find_quote_spans"]


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quoted stretch of text: ``start``/``end`` bound the words inside the marks."""

    start: int
    end: int
    open_at: int  # offset of the opening mark
    close_at: int  # offset of the closing mark, -1 when the quote runs to the paragraph end
    double: bool


_DOUBLE = re.compile(r"[\"“”„«»‟]")
_SINGLE = re.compile(r"['‘’‹›]")
_OPENERS = frozenset("“„«‟‘‹")
_CLOSERS = frozenset("”»’›")
_LEFT_CONTEXT = frozenset(" \t\n([{—–-/")
_MAX_SINGLE = 400


def _orientation(text: str, i: int) -> str:
    """'open', 'close', 'ambig' or 'apostrophe' for the mark at ``text[i]``."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in "'’" and prev.isalnum() and nxt.isalnum():
        return "apostrophe"
    if ch in _OPENERS:
        if ch == "‘" and prev.isalnum():
            return "apostrophe"
        return "open"
    if ch in _CLOSERS:
        return "close"
    # straight marks
    if prev in _LEFT_CONTEXT and not nxt.isspace():
        return "open"
    if not prev.isspace() and (nxt.isspace() or not nxt.isalnum()):
        return "close"
    return "ambig"


def _paragraph_ends(text: str) -> list[int]:
    ends = [m.start() for m in re.finditer(r"\n", text)]
    ends.append(len(text))
    return ends


def _pair(text: str, positions: list[int], double: bool, para_ends: list[int]) -> list[QuoteSpan]:
    marks = [(p, _orientation(text, p)) for p in positions]
    marks = [(p, o) for p, o in marks if o != "apostrophe"]
    spans: list[QuoteSpan] = []
    pending: int | None = None

    def para_end(pos: int) -> int:
        return para_ends[bisect_left(para_ends, pos)]

    def close(open_at: int, close_at: int) -> None:
        if not double and close_at - open_at > _MAX_SINGLE:
            return
        spans.append(_make_span(text, open_at, close_at, double, para_ends))

    for k, (pos, ori) in enumerate(marks):
        if pending is not None and para_end(pending) < pos:
            # the pending quote's paragraph ended without a closing mark
            if ori == "close" and double and para_end(para_end(pending) + 1) >= pos:
                close(pending, pos)  # hard-wrapped line: close on the next line
                pending = None
                continue
            if double:
                close(pending, -1)
            pending = None
        if ori == "ambig":
            ori = "close" if pending is not None else "open"
        if ori == "open":
            if pending is not None and text[pos - 1:pos].strip() and not text[pos + 1:pos + 2].isalnum():
                close(pending, pos)  # an opener typed where a closer belongs
                pending = None
            else:
                pending = pos
        elif pending is not None:
            close(pending, pos)
            pending = None
        elif double:
            # a closer with nothing open: a mis-typed opener if another closer follows in the paragraph
            # (only the next mark matters: the marks are in text order; a list of all later ones was quadratic)
            if k + 1 < len(marks) and marks[k + 1][0] < para_end(pos) and marks[k + 1][1] in ("close", "ambig"):
                pending = pos
    if pending is not None and double:
        close(pending, -1)
    return spans


def _make_span(text: str, open_at: int, close_at: int, double: bool,
               para_ends: list[int] | None = None) -> QuoteSpan:
    if close_at >= 0:
        end = close_at
    elif para_ends is not None:  # the paragraph's end by bisection, not a scan of the rest of the text
        end = para_ends[bisect_left(para_ends, open_at)]
    else:
        end = _paragraph_ends(text[open_at:])[0] + open_at
    start = open_at + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuoteSpan(start, end, open_at, close_at, double)


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Outermost quoted spans of ``text``, in order, non-overlapping."""
    para_ends = _paragraph_ends(text)
    doubles = _pair(text, [m.start() for m in _DOUBLE.finditer(text)], True, para_ends)
    singles = _pair(text, [m.start() for m in _SINGLE.finditer(text)], False, para_ends)
    spans = sorted((s for s in doubles + singles if s.end > s.start),
                   key=lambda s: (s.open_at, -(s.end - s.open_at)))
    out: list[QuoteSpan] = []
    reach = -1
    for s in spans:
        if s.open_at < reach:  # nested in (or overlapping) an earlier span
            continue
        out.append(s)
        reach = s.close_at if s.close_at >= 0 else s.end
    return out
