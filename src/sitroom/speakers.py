"""Speakers and mentions: what quotes, claims and event sources share.

* the attribution lexicon (``data/speech_verbs.json``): :func:`lexicon`;
* :class:`Mentions`: the names, surnames and organisations of a document outside
  its quotes, for resolving pronouns, surnames and group nouns (:func:`mentions_for`
  keeps the last document's);
* speaker resolution: :func:`resolve_speaker` (name, words used, role via
  :func:`speaker_role`), :func:`subject_of`, :func:`nearby_person`, :func:`source_head`;
* :func:`is_speech`: does a verb introduce speech or a stated belief.

:mod:`sitroom.quotes`, :mod:`sitroom.claims` and :mod:`sitroom.attribution` import
these from here; this module imports none of them.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from .doctools import doc_text, sent_of, tokens
from .quote_marks import QuoteSpan, find_quote_spans

__all__ = ["PRONOUN_GROUP", "PRONOUN_PERSON", "PRONOUN_SKIP", "Lexicon", "Mentions", "Speaker", "clean_name",
           "is_speech", "lexicon", "mentions_for", "nearby_person", "np_text", "resolve_speaker", "role_np",
           "source_head", "speaker_role", "subject_of"]


@dataclass(frozen=True, slots=True)
class Lexicon:
    version: str
    speech: frozenset[str]
    cognition: frozenset[str]
    directive: frozenset[str]
    expression_verbs: frozenset[str]
    expression_nouns: frozenset[str]
    message_verbs: frozenset[str]
    message_nouns: frozenset[str]
    group_nouns: frozenset[str]
    source_verbs: frozenset[str]
    source_nouns: frozenset[str]
    person_source_nouns: frozenset[str]
    responsibility_nouns: frozenset[str]
    media_outlets: tuple[str, ...]
    continuation_openers: tuple[str, ...]
    figure_verbs: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The attribution lexicon from ``data/speech_verbs.json`` (loaded once)."""
    raw = json.loads(resources.files("sitroom").joinpath("data/speech_verbs.json").read_text("utf-8"))

    def fs(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in raw[key])

    return Lexicon(
        version=str(raw["version"]), speech=fs("speech_verbs"), cognition=fs("cognition_verbs"),
        directive=fs("directive_verbs"), expression_verbs=fs("expression_verbs"),
        expression_nouns=fs("expression_nouns"), message_verbs=fs("message_verbs"),
        message_nouns=fs("message_nouns"), group_nouns=fs("group_nouns"),
        source_verbs=fs("source_verbs"), source_nouns=fs("source_nouns"),
        person_source_nouns=fs("person_source_nouns"),
        responsibility_nouns=fs("responsibility_nouns"), media_outlets=tuple(raw["media_outlets"]),
        continuation_openers=tuple(w.lower() for w in raw["continuation_openers"]),
        figure_verbs=fs("figure_verbs"))



# ---------------------------------------------------------------------------
# 2. mentions: names, surnames, pronouns
# ---------------------------------------------------------------------------

PRONOUN_PERSON = frozenset({"he", "she", "him", "her"})
PRONOUN_GROUP = frozenset({"they", "it"})
PRONOUN_SKIP = frozenset({"i", "we", "you", "one", "who", "that", "which", "this", "these", "those"})
_NAME_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az|bin|ibn|abu|abou|da|de|di|van|von)-", re.I)


def _surname(name: str) -> str:
    last = name.split()[-1] if name.split() else name
    return _NAME_PARTICLE.sub("", last).lower().strip(".,’'")


_ROLE_SUFFIX = re.compile(r"(?:er|or|ist|man|woman|person|ian|ant|ent|ee|ive|ary|ier)s?$")


def _role_before(ent: Span) -> bool:
    """A name the tagger mislabelled, right after a role noun: "rescue worker Pablo Restrepo"."""
    if ent.label_ not in ("GPE", "ORG", "LOC", "NORP") or ent.start == 0 or len(ent) < 2:
        return False
    prev = ent.doc[ent.start - 1]
    if prev.pos_ != "NOUN" or prev.head.i not in range(ent.start, ent.end):
        return False
    low = prev.lower_
    return low in lexicon().person_source_nouns or bool(_ROLE_SUFFIX.search(low))


class Mentions:
    """Names in a document, for resolving pronouns, surnames and group nouns."""

    def __init__(self, doc: Doc, quoted: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.text = doc_text(doc)  # Doc.text re-joins every token: read it once
        self.quote_spans: list[QuoteSpan] = []
        self._quoted = quoted
        self._q_starts = [a for a, _ in quoted]
        self.ent_of: dict[int, Span] = {}
        persons: list[Span] = []
        self._orgs: list[tuple[int, str]] = []
        for ent in doc.ents:
            for t in ent:
                self.ent_of[t.i] = ent
            if ent.label_ == "PERSON" or _role_before(ent):
                persons.append(ent)
            elif ent.label_ in ("ORG", "NORP") and not self.in_quote(ent.start_char):
                self._orgs.append((ent.start_char, ent.text))
        # full names by surname: the longest name seen
        self.full: dict[str, str] = {}
        for ent in persons:
            key = _surname(ent.text)
            if key and len(ent.text) > len(self.full.get(key, "")):
                self.full[key] = clean_name(ent.text)
        # person mentions outside quotes: PERSON entities and known surnames tagged otherwise
        self._persons: list[tuple[int, str]] = []
        for ent in persons:
            if not self.in_quote(ent.start_char):
                self._persons.append((ent.start_char, self.canonical_person(ent.text)))
        keys = set(self.full)
        for t in tokens(doc):
            if t.lower_ not in keys or not t.text[:1].isupper():
                continue
            e = self.ent_of.get(t.i)
            if (e is None and t.pos_ == "PROPN" or e is not None and e.label_ != "PERSON" and len(e) == 1) \
                    and not self.in_quote(t.idx):
                self._persons.append((t.idx, self.full[t.lower_]))
        self._persons.sort()
        self._p_starts = [p for p, _ in self._persons]
        self._orgs.sort()
        self._o_starts = [p for p, _ in self._orgs]

    def in_quote(self, pos: int) -> bool:
        k = bisect_right(self._q_starts, pos) - 1
        return k >= 0 and self._quoted[k][0] <= pos < self._quoted[k][1]

    def canonical_person(self, text: str) -> str:
        name = clean_name(text)
        full = self.full.get(_surname(name))
        if full and len(full) >= len(name) and full.lower().endswith(name.split()[-1].lower()):
            return full
        return name

    def is_known_person(self, text: str) -> bool:
        return _surname(text) in self.full

    def person_before(self, pos: int) -> str | None:
        k = bisect_left(self._p_starts, pos) - 1
        return self._persons[k][1] if k >= 0 else None

    def org_before(self, pos: int) -> str | None:
        k = bisect_left(self._o_starts, pos) - 1
        return self._orgs[k][1] if k >= 0 else None


_CACHE: list[tuple[Doc, Mentions]] = []


def mentions_for(doc: Doc) -> Mentions:
    """The :class:`Mentions` of ``doc`` (quote spans from the text), reused for the last document."""
    if _CACHE and _CACHE[0][0] is doc:
        return _CACHE[0][1]
    spans = find_quote_spans(doc_text(doc))
    ment = Mentions(doc, [(s.open_at, (s.close_at + 1) if s.close_at >= 0 else s.end) for s in spans])
    ment.quote_spans = spans
    _CACHE[:] = [(doc, ment)]
    return ment


def clean_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,.;:’'\"")
    return re.sub(r"(?:’s|'s)$", "", text)


_NP_LEFT = frozenset({"det", "amod", "compound", "nmod", "nummod", "poss", "quantmod", "advmod", "case"})


def np_text(tok: Token, with_of: bool = True) -> Span:
    """The noun phrase headed by ``tok``: its pre-modifiers and "of …" complements."""
    doc = tok.doc
    start = tok.i
    for c in tok.lefts:
        if c.dep_ in _NP_LEFT:
            start = min(start, c.left_edge.i)
    end = tok.i + 1
    if with_of:
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ in ("of", "for") or c.dep_ == "compound":
                end = max(end, c.right_edge.i + 1)
            else:
                break
    while end > start + 1 and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end]


def role_np(tok: Token) -> Span:
    """An apposition as a role: "a community leader in Maiduguri", without clauses."""
    span = np_text(tok)
    end = span.end
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ in ("in", "from", "at", "with", "of", "for") and c.i >= end - 1:
            end = max(end, c.right_edge.i + 1)
        elif c.i >= end:
            break
    return tok.doc[span.start:end]


def _role_text(span: Span) -> str | None:
    words = [t for t in span if not t.is_punct or t.text in "-’'"]
    if not words:
        return None
    text = span.doc[words[0].i:words[-1].i + 1].text
    text = re.sub(r"^(?:the|The)\s+", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,")
    return text or None


def speaker_role(tok: Token, ent: Span | None, ment: Mentions) -> str | None:
    """Role or affiliation the article gives the speaker (pre-modifiers, appositions)."""
    doc = tok.doc
    roles: list[str] = []
    lo = ent.start if ent is not None else tok.i
    head = ent.root if ent is not None else tok
    pre = [c for c in head.lefts if c.dep_ in ("compound", "amod", "nmod") and c.i < lo
           and c.i not in ment.ent_of or (c.i < lo and c.dep_ == "compound"
                                          and ment.ent_of.get(c.i) is not None
                                          and ment.ent_of[c.i].label_ != "PERSON")]
    if pre:
        start = min(c.left_edge.i for c in pre)
        span = doc[start:lo]
        if any(t.pos_ in ("NOUN", "PROPN") for t in span):
            r = _role_text(span)
            if r:
                roles.append(r)
    for c in head.rights:
        if c.dep_ == "appos" and c.ent_type_ != "PERSON" and c.pos_ in ("NOUN", "PROPN"):
            r = _role_text(role_np(c))
            if r:
                roles.append(r)
            break
    if head.dep_ == "appos":
        h = head.head
        if h.pos_ == "NOUN" and h.ent_type_ == "":
            r = _role_text(np_text(h))
            if r:
                roles.append(r)
        else:
            for sib in h.rights:
                if sib.dep_ == "appos" and sib is not head and sib.pos_ == "NOUN" and sib.ent_type_ == "":
                    r = _role_text(np_text(sib))
                    if r:
                        roles.append(r)
                    break
    return ", ".join(roles) if roles else None


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None
    mention: str
    role: str | None
    confidence: float


def resolve_speaker(tok: Token, ment: Mentions) -> Speaker:
    """Resolve a subject token to a speaker (full name, words used, role)."""
    lex = lexicon()
    low = tok.lower_
    # "the head of X, NAME," -> the name in apposition
    if tok.pos_ == "NOUN":
        for c in tok.rights:
            if c.dep_ == "appos" and (c.ent_type_ == "PERSON" or ment.is_known_person(c.text)):
                tok = c
                break
    ent = ment.ent_of.get(tok.i)
    if tok.pos_ == "PRON" or low in PRONOUN_PERSON | PRONOUN_GROUP:
        if low in PRONOUN_PERSON:
            return Speaker(ment.person_before(tok.idx), tok.text, None, 0.7)
        if low in PRONOUN_GROUP:
            return Speaker(ment.org_before(tok.idx), tok.text, None, 0.45)
        return Speaker(None, tok.text, None, 0.3)
    role = speaker_role(tok, ent, ment)
    if ent is not None and ent.label_ == "PERSON" or ment.is_known_person(tok.text) and tok.pos_ == "PROPN":
        mention = ent.text if ent is not None else tok.text
        return Speaker(ment.canonical_person(mention), clean_name(mention), role, 0.85)
    if ent is not None and ent.label_ in ("ORG", "NORP", "GPE", "FAC"):
        return Speaker(clean_name(ent.text), clean_name(ent.text), role, 0.75)
    np = np_text(tok)
    mention = re.sub(r"(?:’s|'s|’|')$", "", re.sub(r"\s+", " ", np.text)).strip()
    if tok.lemma_.lower() in lex.group_nouns and len(np) == 2 and np[0].lower_ in ("the", "this"):
        org = ment.org_before(tok.idx)
        return Speaker(org or mention, mention, role, 0.55 if org else 0.4)
    return Speaker(mention, mention, role, 0.6)


_REL_PRONOUNS = frozenset({"who", "that", "which"})


def is_speech(t: Token, with_cognition: bool = True) -> bool:
    """Does ``t`` introduce speech (or, with ``with_cognition``, a stated belief)?"""
    if t.pos_ not in ("VERB", "AUX"):
        return False
    lex = lexicon()
    lem = t.lemma_.lower()
    if lem in lex.directive:
        if any(c.dep_ in ("xcomp", "ccomp", "oprd") or c.dep_ in ("prep", "prt") and c.lower_ in ("on", "for", "upon")
               for c in t.children):
            return True
    if lem in lex.speech:
        return lem not in lex.directive or lem in ("say", "tell", "warn", "urge", "ask")
    if with_cognition and lem in lex.cognition:
        return True
    if lem in lex.expression_verbs:
        return any(c.dep_ == "dobj" and c.lower_ in lex.expression_nouns for c in t.children)
    return False


def subject_of(v: Token) -> Token | None:
    """The subject of a speech verb, climbing through conjoined and participial verbs."""
    t = v
    for _ in range(4):
        for c in t.children:
            if c.dep_ == "nsubj":
                if c.lower_ in _REL_PRONOUNS and t.dep_ == "relcl":
                    return t.head
                return c
        for c in t.children:
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        if t.dep_ in ("conj", "advcl", "xcomp") and t.head.i != t.i:
            t = t.head
        else:
            break
    return None


def nearby_person(v: Token, ment: Mentions) -> Token | None:
    """Fallback subject: the nearest person named in the verb's sentence, before it (or just after)."""
    sent = sent_of(v.doc, v.i)
    for j in range(v.i - 1, sent.start - 1, -1):
        t = v.doc[j]
        if (t.ent_type_ == "PERSON" or t.pos_ == "PROPN" and ment.is_known_person(t.text)) and not ment.in_quote(t.idx):
            ent = ment.ent_of.get(j)
            return ent.root if ent is not None else t
    for j in range(v.i + 1, min(sent.end, v.i + 5)):
        t = v.doc[j]
        if t.ent_type_ == "PERSON" and not ment.in_quote(t.idx):
            return ment.ent_of[j].root
    return None


def source_head(p: Token) -> Token:
    """Who stands behind a source phrase: "a paper by X" -> X, "a Reuters report" -> Reuters."""
    lex = lexicon()
    for _ in range(3):
        if p.lemma_.lower() not in lex.source_nouns and p.lower_ not in lex.source_nouns:
            return p
        nxt = None
        for c in p.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from", "of"):
                nxt = next((g for g in c.children if g.dep_ == "pobj"), None)
            elif c.dep_ == "acl":  # "a report published this year by X"
                for g in c.children:
                    if g.dep_ in ("agent", "prep") and g.lower_ == "by":
                        nxt = next((h for h in g.children if h.dep_ == "pobj"), None)
            elif c.dep_ == "poss" or c.dep_ in ("compound", "nmod") and c.ent_type_ in ("ORG", "PERSON", "GPE", "NORP"):
                nxt = c
            if nxt is not None:
                break
        if nxt is None:
            return p
        p = nxt
    return p
