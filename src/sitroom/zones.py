"""Document zones: which parts of a page are the story and which are the page around it.

A scraped page or wire text carries more than the story: a headline and a standfirst, a date or
byline line, photo captions, "Related" link lists, reader comments and site navigation. Events are
read from the body only; a headline or caption retells the body's event and a related-link list
names other stories, so neither may make an event of its own.

``find_zones(text, captions=())`` cuts a text into line-aligned :class:`Zone` spans (offsets into the
text, never altered) of the kinds in ``KINDS``. Plain text is read from layout and wording cues (a
short unpunctuated line above the first paragraph is a headline; "Related", "Read more", "Comments"
headers open a list; lines of menu items separated by pipes are navigation). HTML reaches this stage as
trafilatura's main text plus the page's ``<figcaption>`` strings (``captions``), which mark those lines.

``body_text(text, zones)`` is the text with everything outside the body blanked by spaces (newlines
kept), so later stages read only the story while every offset still points into the document.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .published import parse_date_line

KINDS = ("headline", "standfirst", "dateline", "body", "caption", "related", "comments", "boilerplate")
NOT_READ = frozenset({"headline", "standfirst", "dateline", "caption", "related", "comments", "boilerplate"})


@dataclass(frozen=True)
class Zone:
    kind: str
    start: int
    end: int


_RELATED = re.compile(
    r"^\s*(?:related(?:\s+(?:stories|coverage|articles|news|content|links|reading))?|read\s+more|also\s+read|"
    r"read\s+also|see\s+also|you\s+may\s+also\s+like|you\s+might\s+also\s+like|more\s+on\s+this(?:\s+story)?|"
    r"more\s+stories|most\s+(?:read|popular|viewed|shared)|recommended(?:\s+for\s+you)?|trending(?:\s+now)?|"
    r"latest(?:\s+news|\s+stories)?|top\s+stories|more\s+from\s+[\w ]{2,30}|further\s+reading)\s*(?::|$|\|)",
    re.IGNORECASE)
_COMMENTS = re.compile(
    r"^\s*(?:\d+\s+)?(?:readers?'?\s+)?(?:comments?|join\s+the\s+(?:discussion|conversation)|"
    r"leave\s+a\s+(?:comment|reply))\b\s*(?:\(\d+\)|\d+)?\s*:?\s*$", re.IGNORECASE)
_CAPTION_LEAD = re.compile(
    r"^\s*(?:photo(?:\s+caption)?|picture|pictured|image|caption|file\s+photo|main\s+image|above|top)\s*:",
    re.IGNORECASE)
_CAPTION_CREDIT = re.compile(
    r"\((?:[^()]{0,40}[/ ])?(?:file(?:\s+photo)?|photo|supplied|getty(?:\s+images)?|afp|reuters|ap|epa|handout|"
    r"courtesy[^()]*|social\s+media)(?:[/ ][^()]{0,40})?\)\s*\.?\s*$", re.IGNORECASE)
_BOILER_LEAD = re.compile(
    r"^\s*(?:skip\s+to|\u00a9|\(c\)\s|copyright\b|all\s+rights\s+reserved|share(?:\s+this(?:\s+article|\s+story)?)?\s*[:|]|"
    r"share\s*$|tags?\s*:|topics?\s*:|filed\s+under|advertisement\s*$|sponsored(?:\s+(?:content|links?|stories))?\s*$|"
    r"subscribe\b|sign\s+up\s+(?:for|to)\b|"
    r"follow\s+us|print\s*\||email\s*\||comments\s+are\s+closed|home\s*[>\u203a/|]|about\s+us\s*\||"
    r"\(reporting\s+by|\(editing\s+by|\(writing\s+by|reporting\s+by\s|editing\s+by\s)",
    re.IGNORECASE)
_MENU_SEP = re.compile(r"\s+[|\u2022\u00b7\u203a>]\s+|\s+\|\s*|\s*\|\s+")
_BYLINE = re.compile(r"^\s*(?:by|written\s+by|reporting\s+by)\s+[A-Z][^\n]{1,80}$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25aa\u2013\u2014>]|\d{1,2}[.)])\s+\S")
_SENT_END = re.compile(r"[.!?\u201d\"')]\s*$")
_WORDS = re.compile(r"[^\W\d_]+")


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append((pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _menu(line: str) -> bool:
    """A row of short menu items: 'World | Africa | Business | Sport'."""
    parts = [p for p in _MENU_SEP.split(line.strip()) if p.strip()]
    if len(parts) < 3:
        return False
    return all(len(_WORDS.findall(p)) <= 4 and not _SENT_END.search(p) for p in parts)


def _title_like(line: str) -> bool:
    """A short line that is not a sentence of prose: a headline, a link title or a section label."""
    s = line.strip()
    words = _WORDS.findall(s)
    return 0 < len(words) <= 22 and len(s) <= 160 and (not _SENT_END.search(s) or s.isupper())


def _caption_line(line: str, captions: Sequence[str]) -> bool:
    s = " ".join(line.split())
    if not s:
        return False
    if _CAPTION_LEAD.match(s):
        return True
    if any(c and (s == c or (len(c) > 20 and (c in s or s in c))) for c in captions):
        return True
    return bool(_CAPTION_CREDIT.search(s)) and len(_WORDS.findall(s)) <= 30


def find_zones(text: str, captions: Sequence[str] = ()) -> list[Zone]:
    """Line-aligned zones covering the text (blank lines belong to no zone)."""
    lines = _lines(text)
    kinds: list[str | None] = [None] * len(lines)
    # first pass: lines recognised on their own
    for i, (_s, _e, raw) in enumerate(lines):
        s = raw.strip()
        if not s:
            continue
        if _BOILER_LEAD.match(s) or _menu(s):
            kinds[i] = "boilerplate"
        elif parse_date_line(s) is not None and len(s) < 80 or (_BYLINE.match(s) and not _SENT_END.search(s)):
            kinds[i] = "dateline"
        elif _caption_line(s, captions):
            kinds[i] = "caption"
    # lists opened by a header run until the next line of prose; comments run to the end
    i = 0
    while i < len(lines):
        s = lines[i][2].strip()
        if s and _COMMENTS.match(s):
            for j in range(i, len(lines)):
                if lines[j][2].strip():
                    kinds[j] = "comments"
            break
        if s and _RELATED.match(s):
            kinds[i] = "related"
            j = i + 1
            while j < len(lines):
                t = lines[j][2].strip()
                if t:
                    if kinds[j] == "boilerplate":
                        break
                    if not (_BULLET.match(t) or _title_like(t)):
                        break
                    kinds[j] = "related"
                j += 1
            i = j
            continue
        i += 1
    # the head: title-like lines before the first paragraph of prose are headline, then standfirst
    first_body = next((i for i, (_s, _e, raw) in enumerate(lines)
                       if raw.strip() and kinds[i] is None and not _title_like(raw)), None)
    if first_body is not None:
        head = [i for i in range(first_body) if lines[i][2].strip() and kinds[i] is None]
        prose_after = sum(len(raw) for _s, _e, raw in lines[first_body:])
        if head and prose_after > 2 * sum(len(lines[i][2]) for i in head):
            named = [i for i in head if not (lines[i][2].strip().isupper() and len(_WORDS.findall(lines[i][2])) <= 4)]
            for i in head:
                kinds[i] = "boilerplate"  # section labels ("UKRAINE CRISIS") and site names
            if named:
                kinds[named[0]] = "headline"
                for i in named[1:]:
                    kinds[i] = "standfirst"
    # the tail: title-like lines after the last paragraph of prose are page furniture
    last_body = max((i for i, (_s, _e, raw) in enumerate(lines)
                     if raw.strip() and kinds[i] is None and not _title_like(raw)), default=None)
    if last_body is not None:
        for i in range(last_body + 1, len(lines)):
            if lines[i][2].strip() and kinds[i] is None:
                kinds[i] = "boilerplate"
    out: list[Zone] = []
    for (line_start, line_end, raw), k in zip(lines, kinds):
        if not raw.strip():
            continue
        kind = k or "body"
        if out and out[-1].kind == kind and text[out[-1].end:line_start].strip() == "":
            out[-1] = Zone(kind, out[-1].start, line_end)
        else:
            out.append(Zone(kind, line_start, line_end))
    return out


def zone_at(zones: Sequence[Zone], offset: int) -> str:
    for z in zones:
        if z.start <= offset < z.end:
            return z.kind
    return "body"


def body_text(text: str, zones: Sequence[Zone]) -> str:
    """The text with every zone that is not read blanked by spaces; same length, newlines kept."""
    if not any(z.kind in NOT_READ for z in zones):
        return text
    chars = list(text)
    for z in zones:
        if z.kind in NOT_READ:
            for k in range(z.start, z.end):
                if chars[k] != "\n":
                    chars[k] = " "
    return "".join(chars)
