"""Direct and reported speech: who said what.

``find_quotes(doc, doc_id)`` returns one :class:`~sitroom.records.Quote` per
direct quotation and per reported statement of a parsed document.

How it works, in order:

1. ``find_quote_spans(text)`` (:mod:`sitroom.quote_marks`) pairs quotation marks on the raw text (spaCy's
   sentence splitter breaks quotes apart, so pairing is done on characters).
   Double marks (" “ ” „ « ») and single marks (‘ ’ ') are paired separately;
   apostrophes (letter on both sides, ``ISIS’s``) are ignored; a closing mark
   with no opener that is followed by another closing mark in the paragraph is
   read as a mis-typed opener (``when it” lost … land.”``); an opener left
   open at the end of a paragraph runs to the end of it (multi-paragraph
   quotes); spans inside other spans are nested quotes and dropped.
2. Each span is attributed: the nearest speech-verb ancestor of the quote's
   root (``"…," says X``; ``X said the group "…"``; ``called on them to "…"``,
   never across a relative clause or from inside the subject), else a speech
   verb right after the closing mark or right before the opening mark, else
   the speaker of the previous sentence (a quote continuing an attributed one
   or following ``X sent a message``).  Split quotes (``"…," he says, "…"``)
   become one quote.
3. Short fragments (≤ 3 words, no verb) count only when a speech verb governs
   them directly; otherwise they are scare quotes (``the "caliphate"``).
4. Reported speech (``X says that …``, ``X believes …``, ``X expressed concern
   that …``, ``according to X, …``, ``as X said, …``) gives ``direct=False``.
5. Speakers are resolved: pronouns to the most recent person named outside
   quotes, surnames to the full name used earlier, "the group" to the most
   recent organisation; ``speaker_role`` comes from pre-modifiers
   ("Peshmerga commander X") and appositions ("X, a Mosul resident").

Lexicons live in ``data/speech_verbs.json``; mentions and speaker resolution in
:mod:`sitroom.speakers`.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .doctools import sent_of, token_starts, tokens
from .quote_marks import QuoteSpan, find_quote_spans
from .records import Quote
from .speakers import (
    PRONOUN_SKIP,
    Mentions,
    Speaker,
    is_speech,
    lexicon,
    mentions_for,
    nearby_person,
    resolve_speaker,
    source_head,
    subject_of,
)

log = logging.getLogger(__name__)

__all__ = ["QuoteSpan", "find_quote_spans", "find_quotes"]


_STOP_DEPS = frozenset({"relcl", "acl", "appos", "nsubj", "nsubjpass", "csubj", "csubjpass"})
_QUOTE_CHARS = frozenset("\"“”„«»‟‘’'‹›")


@dataclass(slots=True)
class _Attr:
    span: QuoteSpan
    verb: Token | None
    speaker: Speaker | None
    confidence: float


def _tokens_in(doc: Doc, starts: list[int], a: int, b: int) -> tuple[int, int]:
    """Token index range [i, j) of tokens starting inside [a, b)."""
    return bisect_left(starts, a), bisect_left(starts, b)


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _ancestor_verb(root: Token, ment: Mentions) -> Token | None:
    lex = lexicon()
    t = root
    for _ in range(12):
        if t.head.i == t.i:
            return None
        if t.dep_ in _STOP_DEPS and not (t.dep_ == "acl" and t.head.lower_ in lex.expression_nouns):
            return None
        t = t.head
        if is_speech(t) and not ment.in_quote(t.idx):
            return t
    return None


def _verb_after(doc: Doc, i: int, ment: Mentions) -> Token | None:
    for j in range(i, min(len(doc), i + 14)):
        t = doc[j]
        if t.text in (".", "!", "?") or t.text in _QUOTE_CHARS or "\n" in t.text:
            return None
        if is_speech(t, with_cognition=False) and not ment.in_quote(t.idx):
            return t
        if t.pos_ == "VERB" and t.dep_ not in ("relcl", "acl", "amod"):
            return None
    return None


def _verb_before(doc: Doc, i: int, ment: Mentions) -> Token | None:
    lo = max(sent_of(doc, i).start if i < len(doc) else 0, i - 8)
    for j in range(i - 1, lo - 1, -1):
        t = doc[j]
        if t.text in _QUOTE_CHARS or t.text in (".", "!", "?"):
            return None
        if is_speech(t, with_cognition=False) and not ment.in_quote(t.idx):
            return t
        if t.pos_ == "VERB":
            return None
    return None


def _previous_speaker(doc: Doc, i: int, ment: Mentions, done: list[_Attr]) -> Speaker | None:
    """Speaker of the sentence before token ``i``: a quote there, or a speech/message verb."""
    j = i - 1
    while j >= 0 and (doc[j].is_space or doc[j].text in _QUOTE_CHARS):
        j -= 1
    if j < 0:
        return None
    sent = sent_of(doc, j)
    for a in reversed(done):
        if a.speaker is not None and a.span.end >= sent.start_char and a.span.start < doc[i].idx:
            return a.speaker
    lex = lexicon()
    for t in sent:
        if ment.in_quote(t.idx) or t.pos_ != "VERB":
            continue
        lem = t.lemma_.lower()
        if is_speech(t) or lem in lex.message_verbs and any(
                c.dep_ == "dobj" and c.lemma_.lower() in lex.message_nouns for c in t.children):
            s = subject_of(t)
            if s is not None and s.lower_ not in PRONOUN_SKIP:
                return resolve_speaker(s, ment)
    return None


def _attribute(doc: Doc, starts: list[int], qs: QuoteSpan, ment: Mentions, done: list[_Attr]) -> _Attr | None:
    i, j = _tokens_in(doc, starts, qs.start, qs.end)
    if i >= j:
        return None
    toks = doc[i:j]
    roots = [t for t in toks if t.head.i < i or t.head.i >= j or t.head.i == t.i]
    n_words = _words(ment.text[qs.start:qs.end])
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in toks)
    short = n_words <= 3 or (n_words <= 5 and not has_verb)
    verb: Token | None = None
    conf = 0.85
    for r in roots:
        verb = _ancestor_verb(r, ment)
        if verb is not None:
            if short and r.head.i != verb.i:
                return None  # scare quote inside reported speech
            break
    if verb is None:
        close_i = bisect_left(starts, qs.close_at + 1) if qs.close_at >= 0 else j
        open_i = bisect_left(starts, qs.open_at)
        verb = _verb_after(doc, close_i, ment) or _verb_before(doc, open_i, ment)
        conf = 0.8
    if verb is not None:
        s = subject_of(verb) or nearby_person(verb, ment)
        if s is not None and (s.i < i or s.i >= j):
            return _Attr(qs, verb, resolve_speaker(s, ment), conf)
        return _Attr(qs, verb, None, 0.4)
    if short or not has_verb or n_words < 4 or not _standalone(ment.text, qs):
        return None  # a title, name or scare quote, not speech
    prev = _previous_speaker(doc, bisect_left(starts, qs.open_at), ment, done)
    if prev is not None:
        return _Attr(qs, None, prev, 0.6)
    return _Attr(qs, None, None, 0.3)


def _standalone(text: str, qs: QuoteSpan) -> bool:
    """Does the quote stand as its own sentence (not a fragment inside one)?"""
    before = text[max(0, qs.open_at - 40):qs.open_at].rstrip()
    return not before or before[-1] in ".!?:\n\"”’" or text[qs.start:qs.start + 1].isupper() and before[-1] in ",;—–-"


_BETWEEN_SPLIT = re.compile(r"[^.!?\n\"“”„«»]{1,80}")


def _quote(doc_id: str, text: str, a: _Attr, parts: list[QuoteSpan]) -> Quote:
    body = " ".join(text[p.start:p.end] for p in parts)
    sp = a.speaker
    conf = a.confidence * (sp.confidence if sp is not None else 0.5)
    return Quote(doc_id=doc_id, speaker=sp.name if sp else None, speaker_mention=sp.mention if sp else None,
                 speaker_role=sp.role if sp else None, text=body, direct=True,
                 start=parts[0].start, end=parts[-1].end, confidence=round(conf, 3))


def find_quotes(doc: Doc, doc_id: str) -> list[Quote]:
    """Direct quotes and reported statements of ``doc``, in text order."""
    ment = mentions_for(doc)
    spans: list[QuoteSpan] = ment.quote_spans
    text = ment.text
    starts = token_starts(doc)
    done: list[_Attr] = []
    for qs in spans:
        a = _attribute(doc, starts, qs, ment, done)
        if a is not None:
            done.append(a)
    # join split quotes: "…," he says, "…"
    groups: list[list[_Attr]] = []
    for a in done:
        if groups:
            prev = groups[-1][-1]
            gap = text[prev.span.close_at + 1:a.span.open_at] if prev.span.close_at >= 0 else ""
            v = groups[-1][0].verb
            if (v is not None and gap and _BETWEEN_SPLIT.fullmatch(gap)
                    and prev.span.close_at < v.idx < a.span.open_at and (a.verb is None or a.verb == v)):
                groups[-1].append(a)
                continue
        groups.append([a])
    out = [_quote(doc_id, text, g[0], [x.span for x in g]) for g in groups]
    used_verbs = {a.verb.i for a in done if a.verb is not None}
    direct = [(q.start, q.end) for q in out]
    out.extend(find_reported(doc, doc_id, ment, used_verbs, direct))
    out.sort(key=lambda q: (q.start, q.end))
    return out



# ---------------------------------------------------------------------------
# 4. reported speech
# ---------------------------------------------------------------------------



def _clause_offsets(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Character offsets of tokens [lo, hi) without a leading "that"/punctuation and trailing punctuation."""
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space or doc[lo].lower_ == "that" and doc[lo].dep_ == "mark"):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    if hi - lo < 3:
        return None
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)


def _reported_clause(t: Token) -> tuple[int, int] | None:
    """Token range of what ``t`` reports, or None."""
    lex = lexicon()
    lem = t.lemma_.lower()
    if lem == "accord" or t.lower_ == "according":
        return None
    if lem in lex.speech or lem in lex.cognition:
        for c in t.children:
            if c.dep_ == "ccomp" and c.i > t.i:
                return c.left_edge.i, c.right_edge.i + 1
        if any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children) and t.dep_ == "advcl":
            h = t.head  # "as X said, <clause>"
            if t.right_edge.i < h.i:
                return t.right_edge.i + 1, h.right_edge.i + 1
            return h.left_edge.i, t.left_edge.i
    if lem in lex.expression_verbs:
        for n in t.children:
            if n.dep_ == "dobj" and n.lower_ in lex.expression_nouns:
                for c in n.children:
                    if c.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" for g in c.children):
                        return c.left_edge.i, c.right_edge.i + 1
    return None


def _according(t: Token, ment: Mentions) -> tuple[Speaker, int, int] | None:
    """"according to X, <clause>" / "<clause>, according to X"."""
    to = next((c for c in t.children if c.lower_ == "to"), None)
    p = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if p is None:
        return None
    src = source_head(p)
    lex = lexicon()
    if src.lemma_.lower() in lex.source_nouns and src.ent_type_ == "":
        return None  # "according to reports": nobody named
    sent = sent_of(t.doc, t.i)
    first = sent.start
    for k in range(t.i - 1, sent.start - 1, -1):  # a heading glued to the sentence
        if "\n" in t.doc[k].text_with_ws:
            first = k + 1
            break
    a, b = t.left_edge.i, t.right_edge.i + 1
    lo, hi = (b, sent.end) if a - first <= 1 else (first, a)
    return resolve_speaker(src, ment), lo, hi


def find_reported(doc: Doc, doc_id: str, ment: Mentions, used_verbs: set[int],
                  direct: list[tuple[int, int]]) -> list[Quote]:
    """Indirect quotes: "X says that …", "X believes …", "according to X, …"."""
    out: list[Quote] = []

    def overlaps(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in direct)

    for t in tokens(doc):
        if t.pos_ not in ("VERB", "AUX") and t.lower_ != "according" or t.i in used_verbs or ment.in_quote(t.idx):
            continue  # (the cheap test first)
        if t.lower_ == "according":
            got = _according(t, ment)
            if got is None:
                continue
            speaker, lo, hi = got
        else:
            if any(c.dep_ == "neg" for c in t.children):
                continue
            rng = _reported_clause(t)
            if rng is None:
                continue
            s = subject_of(t) or nearby_person(t, ment)
            if s is None or s.lower_ in PRONOUN_SKIP:
                continue
            speaker = resolve_speaker(s, ment)
            lo, hi = rng
        offs = _clause_offsets(doc, lo, hi)
        if offs is None or overlaps(*offs) or speaker.name is None:
            continue
        out.append(Quote(doc_id=doc_id, speaker=speaker.name, speaker_mention=speaker.mention,
                         speaker_role=speaker.role, text=ment.text[offs[0]:offs[1]], direct=False,
                         start=offs[0], end=offs[1], confidence=round(0.6 * speaker.confidence, 3)))
    return out
