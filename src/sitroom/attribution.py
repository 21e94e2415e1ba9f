"""Attribution: who says so.

The public face of the attribution stage:

* ``find_quotes(doc, doc_id)`` (from :mod:`sitroom.quotes`): direct and reported speech;
* ``find_claims(doc, doc_id, quotes=None)`` (from :mod:`sitroom.claims`): numeric statements and their
  sources (``quotes``, from ``find_quotes``, lets numbers inside direct quotes take the quote's speaker
  without finding the quotes again);
* ``event_sources(doc, sent_start, sent_end)``: who a sentence attributes an event to;
* ``claimed_by(doc, sent_start, sent_end)``: who claimed responsibility.

What quotes, claims and this module share (the lexicon ``data/speech_verbs.json``,
:class:`Mentions`, speaker resolution) lives in :mod:`sitroom.speakers` and is
re-exported here.
"""
from __future__ import annotations

import logging
import re

from spacy.tokens import Doc, Span, Token

from .claims import find_claims
from .doctools import sent_of
from .quotes import find_quotes
from .speakers import (
    PRONOUN_GROUP,
    PRONOUN_PERSON,
    Lexicon,
    Mentions,
    Speaker,
    clean_name,
    is_speech,
    lexicon,
    mentions_for,
    np_text,
    resolve_speaker,
    source_head,
    speaker_role,
    subject_of,
)

log = logging.getLogger(__name__)

__all__ = ["Lexicon", "Mentions", "mentions_for", "Speaker", "claimed_by", "event_sources", "find_claims", "find_quotes",
           "is_speech", "lexicon", "resolve_speaker", "source_head", "speaker_role", "subject_of"]


# ---------------------------------------------------------------------------
# event sources and responsibility claims
# ---------------------------------------------------------------------------

_SOURCE_SPEECH = frozenset({"say", "tell", "report", "confirm", "announce", "state", "add", "claim", "note",
                            "estimate", "put", "count", "quote", "cite", "write", "post", "publish", "tweet"})
_RESPONSIBILITY_VERBS = frozenset({"claim", "take", "assume", "accept", "admit"})


def _sentence(doc: Doc, start: int, end: int) -> Span | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span


def _mention_text(tok: Token, ment: Mentions) -> str | None:
    """The words naming a source: the entity, or the noun phrase without clauses."""
    if tok.pos_ == "PRON":
        if tok.lower_ in PRONOUN_GROUP:
            return ment.org_before(tok.idx)
        if tok.lower_ in PRONOUN_PERSON:
            return ment.person_before(tok.idx)
        return None
    ent = ment.ent_of.get(tok.i)
    if ent is not None and ent.label_ in ("PERSON", "ORG", "NORP", "GPE", "FAC"):
        doc, lo, hi = tok.doc, ent.start, ent.end
        while lo > 0 and not doc[lo - 1].whitespace_ and (doc[lo - 1].is_alpha or doc[lo - 1].text == "-"):
            lo -= 1  # "Al-" + "Shabaab" split by the tagger
        while hi < len(doc) and not doc[hi - 1].whitespace_ and (doc[hi].is_alpha or doc[hi].text == "-"):
            hi += 1
        return clean_name(doc[lo:hi].text)
    span = np_text(tok, with_of=False)
    words = [t for t in span if not t.is_punct]
    return re.sub(r"\s+", " ", span.text).strip() if words else None


def _with_conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"):
            out.extend(_with_conjuncts(c))
    return out


def _trailing_sources(verb: Token) -> list[str]:
    """Names between the last comma and a subject-less speech verb, split on "and"."""
    doc = verb.doc
    j = verb.i - 1
    while j > sent_of(verb.doc, verb.i).start and doc[j].text not in (",", ";", "—") and verb.i - j < 10:
        j -= 1
    if doc[j].text not in (",", ";", "—"):
        return []
    out: list[str] = []
    part: list[Token] = []
    for t in list(doc[j + 1:verb.i]) + [doc[verb.i]]:
        if t.i == verb.i or t.dep_ == "cc" or t.text == ",":
            words = [w for w in part if w.dep_ != "det"]
            if words:
                out.append(doc[words[0].i:words[-1].i + 1].text)
            part = []
        else:
            part.append(t)
    return out


def _sources_in(sent: Span, ment: Mentions) -> list[str]:
    lex = lexicon()
    media = {m.lower() for m in lex.media_outlets}
    found: list[str] = []
    for t in sent:
        heads: list[Token] = []
        if t.lower_ == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            p = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if p is not None:
                heads = [source_head(x) for x in _with_conjuncts(p)]
                heads = [h for h in heads if not (h.lemma_.lower() in lex.source_nouns and h.ent_type_ == "")]
        elif t.pos_ == "VERB" and t.lemma_.lower() in _SOURCE_SPEECH and t.lemma_.lower() != "claim":
            s = subject_of(t)
            if s is not None:
                heads = [source_head(x) for x in _with_conjuncts(s)]
            elif t.i > sent.start and t.doc[t.i - 1].pos_ in ("NOUN", "PROPN"):
                found.extend(n for n in _trailing_sources(t) if n not in found)  # "…, police and medics said."
            for c in t.children:  # "residents told AFP"
                if c.dep_ in ("dobj", "dative") and (c.text.lower() in media or c.ent_type_ == "ORG"):
                    heads.append(c)
        for h in heads:
            name = _mention_text(h, ment)
            if name and name.lower() not in ("i", "we", "you") and name not in found:
                found.append(name)
    return found


def event_sources(doc: Doc, sent_start: int, sent_end: int) -> tuple[str, ...]:
    """Who the sentence at character offsets [sent_start, sent_end) attributes its event to.

    "police and medical sources said" -> ("police", "medical sources");
    "according to a Reuters report" -> ("Reuters",); "residents told AFP" ->
    ("residents", "AFP"). When the sentence names nobody, a following
    attribution-only sentence of the same paragraph ("Police confirmed the toll.")
    is used."""
    sent = _sentence(doc, sent_start, sent_end)
    if sent is None:
        return ()
    ment = mentions_for(doc)
    found = _sources_in(sent, ment)
    if not found and sent.end < len(doc):
        nxt = sent_of(doc, sent.end) if not doc[sent.end].is_space else None
        if nxt is not None and "\n" not in ment.text[sent.end_char - 1:nxt.start_char] and len(nxt) <= 12:
            found = _sources_in(nxt, ment)
    return tuple(found)


def claimed_by(doc: Doc, sent_start: int, sent_end: int) -> str | None:
    """Who claimed responsibility in the sentence at [sent_start, sent_end): "X claimed responsibility for …"."""
    sent = _sentence(doc, sent_start, sent_end)
    if sent is None:
        return None
    lex = lexicon()
    ment = mentions_for(doc)
    for t in sent:
        if t.pos_ != "VERB" or t.lemma_.lower() not in _RESPONSIBILITY_VERBS:
            continue
        if any(c.dep_ == "neg" for c in t.children):
            continue
        obj = next((c for c in t.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is None or obj.lower_ not in lex.responsibility_nouns and t.lemma_.lower() != "claim":
            continue
        if t.lemma_.lower() == "claim" and obj.lower_ not in lex.responsibility_nouns and not any(
                c.dep_ == "agent" for c in t.children):
            continue  # "claimed the lives of": not responsibility
        agent = next((g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        who = agent if agent is not None else subject_of(t)
        if who is None or who.lower_ in ("nobody", "none", "no-one") or any(
                c.dep_ == "det" and c.lower_ == "no" for c in who.children):
            continue  # "no group has claimed responsibility"
        named = next((c for c in who.children if c.dep_ == "appos" and c.i in ment.ent_of), None)
        return _mention_text(named if named is not None else who, ment)  # "the militant group al Shabaab"
    return None
