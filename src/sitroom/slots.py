"""Slot filling: the actors, target, place and casualties that belong to one trigger.

Candidates of the sentence are ranked by their distance to the trigger in the
dependency tree (``closest``), not by position; agents come from the subject,
a "by" phrase or a named actor before the trigger, with anaphora ("the
militants") resolved to the last named actor. :mod:`sitroom.events` calls these
for every trigger that :mod:`sitroom.triggers` keeps.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from spacy.tokens import Doc, Span, Token

from . import actors as actors_mod
from .doctools import doc_text, sent_of, span_text
from .geo.gazetteer import km
from .geo.spans import locates
from .records import ActorMention, Fatalities, PublishedDate, ResolvedDate, ResolvedPlace
from .span_index import ByStart
from .triggers import lexicon

log = logging.getLogger(__name__)

STATE_KINDS = {"state_forces", "external_forces"}


# ---------------------------------------------------------------- tree helpers

def _path_len(a: Token, b: Token) -> int:
    """Number of edges between two tokens of one sentence."""
    anc_a = [a, *a.ancestors]
    pos = {t.i: n for n, t in enumerate(anc_a)}
    for m, t in enumerate([b, *b.ancestors]):
        if t.i in pos:
            return pos[t.i] + m
    return 99


def _span_root(doc: Doc, start_char: int, end_char: int) -> Token | None:
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def closest(doc: Doc, trig: Token, items: Sequence[Any], start: Callable[[Any], int], end: Callable[[Any], int]) -> Any | None:
    best, best_key = None, None
    for it in items:
        root = _span_root(doc, start(it), end(it))
        if root is None or sent_of(doc, root.i).start != sent_of(doc, trig.i).start:
            continue
        key = (_path_len(trig, root), abs(root.i - trig.i))
        if best_key is None or key < best_key:
            best, best_key = it, key
    return best


# ---------------------------------------------------------------- slot filling

@dataclass(frozen=True)
class Context:
    doc_id: str
    anchor: PublishedDate
    dates: Sequence[ResolvedDate]
    places: Sequence[ResolvedPlace]
    actors: Sequence[ActorMention]
    focus_country: str | None
    casualties: Callable[[str, int], Sequence[Any]] | None = None
    sources: Callable[[Doc, int, int], tuple[str, ...]] | None = None
    claimed_by: Callable[[Doc, int, int], str | None] | None = None
    country_place: Callable[[str], ResolvedPlace | None] | None = None
    exclude: tuple[tuple[int, int], ...] = ()
    source_text: str = ""  # the document as written (the parse may be of a lower-cased copy)  # spans (datelines) whose places/dates are not event slots

    def usable(self, start: int) -> bool:
        return not any(a <= start < b for a, b in self.exclude)

    @cached_property
    def actor_index(self) -> dict[int, ActorMention]:
        """Character offset -> the first actor mention covering it (built once per document)."""
        index: dict[int, ActorMention] = {}
        for a in self.actors:
            for pos in range(a.span_start, a.span_end):
                index.setdefault(pos, a)
        return index

    # items by offset: a trigger looks only at those of its sentence (or just before it), by bisection
    @cached_property
    def actors_by_start(self) -> ByStart[ActorMention]:
        return ByStart(self.actors)

    @cached_property
    def places_by_start(self) -> ByStart[ResolvedPlace]:
        return ByStart(self.places)

    @cached_property
    def dates_by_start(self) -> ByStart[ResolvedDate]:
        return ByStart(self.dates)


def _actor_at(ctx: Context, tok: Token) -> ActorMention | None:
    return ctx.actor_index.get(tok.idx)  # a look-up, not a scan of every actor for every token


def actor_in_subtree(ctx: Context, tok: Token) -> ActorMention | None:
    a = _actor_at(ctx, tok)
    if a is not None and a.source == "alias":
        return a
    found = [a for a in (_actor_at(ctx, t) for t in phrase_tokens(tok)) if a is not None]
    if not found:
        return None
    # "suspected fighters of the ADF", "PDF fighters": the named group, not the generic noun
    named = [a for a in found if a.source == "alias"]
    return named[0] if named else found[0]


_CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "conj", "appos", "cc"}


def phrase_tokens(tok: Token) -> list[Token]:
    """The token's subtree without embedded clauses (breadth first, nearest first)."""
    out, todo = [], [tok]
    while todo:
        t = todo.pop(0)
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ not in _CLAUSE_DEPS)
    return out


def _resolve_anaphor(ctx: Context, tok: Token, text: str) -> ActorMention | None:
    """'the group', 'they', 'it': the most recent earlier actor that can be the agent."""
    best = None
    prefer_subject = None
    doc = tok.doc
    # the actors starting in the 1500 characters before the token (the scan broke at the token and
    # skipped the older ones; in text order that is the same list)
    near = ctx.actors_by_start.between(tok.idx - 1500, tok.idx) if ctx.actors_by_start.in_order else ctx.actors
    for a in near:
        if a.span_start >= tok.idx:
            break
        if a.kind == "civilians" or tok.idx - a.span_start > 1500:
            continue
        if text.lower() in ("it",) and a.kind in ("civilians", "protesters"):
            continue
        if text.lower() != "they" and text.lower() != "it" and a.kind in STATE_KINDS | {"protesters", "rioters", "other"}:
            continue
        best = a
        root = _span_root(doc, a.span_start, a.span_end)
        if root is not None and root.dep_ in ("nsubj", "nsubjpass"):
            prefer_subject = a
    if prefer_subject is not None and best is not None and best.span_start - prefer_subject.span_start < 200:
        return prefer_subject
    return best


def _country_place_actor(ctx: Context, tok: Token, trig: dict[str, Any]) -> ActorMention | None:
    """A country named as the agent: 'Morocco dismantled a cell'."""
    if tok.ent_type_ not in ("GPE", "NORP") and tok.pos_ != "PROPN":
        return None
    span = tok.doc[tok.left_edge.i: tok.i + 1]
    code = actors_mod.country_of_word(span.text) or actors_mod.country_of_word(tok.text)
    if code is None:
        return None
    name = actors_mod.country_actor(code, trig["type"], trig["sub"])
    if name is None:
        return None
    return ActorMention(name, "state_forces", span.text, span.start_char, span.end_char, code, 0.6, "rule")


def _launcher(ctx: Context, noun: Token, trig: dict[str, Any]) -> ActorMention | None:
    """The 'by' agent of a participle on ``noun``: "a missile fired by Houthi rebels", "drones
    launched by Russia" (a country named as the agent counts)."""
    for c in noun.children:
        if c.dep_ != "acl" or c.tag_ != "VBN":
            continue
        for g in c.children:
            if g.dep_ != "agent":
                continue
            for o in g.children:
                if o.dep_ == "pobj":
                    a = actor_in_subtree(ctx, o) or _country_place_actor(ctx, o, trig)
                    if a is not None:
                        return a
    return None


def agent(ctx: Context, head: Token, trig: dict[str, Any]) -> ActorMention | None:
    """The actor doing the trigger; a definite generic ('the rebels') is the group named before."""
    a = _agent_raw(ctx, head, trig)
    if a is not None and a.source == "rule" and a.kind == "rebels" and a.text.lower().startswith("the "):
        prior = _named_before(ctx, a.span_start)
        if prior is not None:
            return replace(prior, text=a.text, span_start=a.span_start, span_end=a.span_end, source="coref")
    return a


def actor_before(ctx: Context, sent: Span, head: Token, target: ActorMention | None, *,
                  non_state_only: bool = False) -> ActorMention | None:
    """When the parse gives no subject, the armed actor named last before the trigger in its sentence
    ("BAGHDAD (AFP) - Islamic State group jihadists attacked …"; "Ukraine's military said its forces …")."""
    best = None
    for a in ctx.actors_by_start.between(sent.start_char, head.idx + 1):
        if a.span_start < sent.start_char or a.span_end > head.idx:
            continue
        if a.kind in ("civilians", "other") or (target is not None and a.span_start == target.span_start):
            continue
        if head.idx - a.span_end > 120:
            continue
        root = _span_root(head.doc, a.span_start, a.span_end)
        if root is not None and root.dep_ == "nsubj" and root.head.lemma_.lower() in _SPEECH:
            continue  # "Somali police say …": the source, not the perpetrator
        first = root
        while first is not None and first.dep_ == "conj" and first.head.i != first.i:
            first = first.head  # "a policeman and two militiamen were killed": every one listed is a victim
        if first is not None and first.dep_ == "nsubjpass":
            continue  # "Four soldiers were killed when …": the victims
        if _VICTIM_AFTER.match(doc_text(head.doc), a.span_end):
            continue  # the same, where a dateline broke the parse: "- Four Iraqi soldiers, including …, were killed"
        if root is not None and _object_head(root).dep_ in ("dobj", "attr", "dative"):
            continue  # "jets struck an Islamic State hideout, killing …": the target
        if non_state_only and a.kind in STATE_KINDS:
            continue  # bombs and killings of civilians are rarely the work of the forces named nearby
        best = a
    return best


def speaking_force(ctx: Context, sent: Span, head: Token) -> ActorMention | None:
    """A state force that says the trigger happened, as the subject of the speech verb above it:
    "Iraq's air force said F-16 jets struck …" (air forces report their own strikes)."""
    for a in ctx.actors_by_start.between(sent.start_char, sent.end_char):
        if not (sent.start_char <= a.span_start < sent.end_char) or a.kind not in STATE_KINDS:
            continue
        root = _span_root(head.doc, a.span_start, a.span_end)
        if root is None or root.dep_ != "nsubj" or root.head.lemma_.lower() not in _SPEECH:
            continue
        verb = root.head
        if any(t.i == verb.i for t in head.ancestors):
            return a
    return None


def source_place(doc: Doc, p: ResolvedPlace, head: Token) -> bool:
    """The place sits in the subject of a speech verb above the trigger ("officials in Mopti said
    six soldiers were killed"), so it places the source, not necessarily the event."""
    tok = _span_root(doc, p.span_start, p.span_end)
    for _ in range(6):
        if tok is None or tok.head.i == tok.i:
            return False
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in _SPEECH:
            return any(t.i == tok.head.i for t in head.ancestors)
        tok = tok.head
    return False


_VICTIM_AFTER = re.compile(r"(?:\s*,[^,.;]{0,60},)?\s+(?:were|was|had been|have been|has been)\s+(?:\w+\s+)?"
                           r"(?:killed|wounded|injured|abducted|kidnapped|shot|hurt|executed|beheaded)\b")


def _object_head(tok: Token) -> Token:
    """The noun a modifier chain hangs on: "Islamic State" in "an Islamic State hideout" -> hideout."""
    for _ in range(4):
        if tok.dep_ in ("compound", "amod", "poss", "nmod") and tok.head.i != tok.i:
            tok = tok.head
        else:
            break
    return tok


_SPEECH = {"say", "tell", "report", "state", "announce", "confirm", "add", "claim", "accuse", "blame", "deny", "warn"}


def _named_before(ctx: Context, pos: int) -> ActorMention | None:
    """The most recent named non-state armed group mentioned before ``pos`` (within ~1500 characters)."""
    # in text order, the scan below ends at the first actor over 1500 characters back: only those
    # starting in the window are read
    near = ctx.actors_by_start.between(pos - 1500, pos) if ctx.actors_by_start.in_order else ctx.actors
    for a in reversed(near):
        if a.span_start >= pos:
            continue
        if pos - a.span_start > 1500:
            return None
        if a.source == "alias" and a.kind in ("rebels", "political_militia", "identity_militia"):
            return a
    return None


_AFTER_PREPS = frozenset({"following", "after", "during", "in"})
_ATTACK_NOUNS = frozenset({"attack", "ambush", "assault", "raid", "offensive"})


def _agent_raw(ctx: Context, head: Token, trig: dict[str, Any]) -> ActorMention | None:
    """The actor doing the trigger: subject, passive agent, 'by X', compound/demonym of a noun."""
    doc = head.doc
    node = head
    for _ in range(5):
        for c in node.children:
            if c.dep_ in ("nsubj",):
                a = actor_in_subtree(ctx, c) if c.pos_ != "PRON" else None
                if a is None and (c.pos_ == "PRON" or actors_mod.is_anaphor(doc[c.left_edge.i:c.i + 1].text)):
                    a = _resolve_anaphor(ctx, c, doc[c.left_edge.i:c.i + 1].text)
                if a is None:
                    a = _country_place_actor(ctx, c, trig)
                if a is None:  # "a Turkish drone struck": the demonym on the subject
                    for m in c.children:
                        if m.dep_ in ("amod", "compound", "poss") and actors_mod.country_of_word(m.text):
                            code = actors_mod.country_of_word(m.text)
                            name = actors_mod.state_actor("military", code)
                            if name:
                                a = ActorMention(name, "state_forces", m.text, m.idx, m.idx + len(m), code, 0.6, "rule")
                if a is None:  # "drones launched by Russia struck …": the launcher of the subject
                    a = _launcher(ctx, c, trig)
                if a is not None:
                    return a
            if c.dep_ == "acl" and node.pos_ in ("NOUN", "PROPN") and c.tag_ == "VBN":
                a = _launcher(ctx, node, trig)  # "a missile fired by Houthi rebels"
                if a is not None:
                    return a
            if c.dep_ == "prep" and c.lower_ == "between" and node.pos_ in ("NOUN", "PROPN"):
                for o in c.children:  # "clashes between Houthi fighters and government forces"
                    a = actor_in_subtree(ctx, o) if o.dep_ == "pobj" else None
                    if a is not None:
                        return a
            if c.dep_ == "prep" and c.lower_ in _AFTER_PREPS and node.pos_ == "VERB":
                for o in c.children:  # "were killed following an attack by X": the attack's author did it
                    by = next((b for b in o.children if b.dep_ == "prep" and b.lower_ == "by"), None) \
                        if o.dep_ == "pobj" and o.lemma_.lower() in _ATTACK_NOUNS else None
                    a = next((actor_in_subtree(ctx, p) for p in by.children if p.dep_ == "pobj"), None) if by else None
                    if a is not None:
                        return a
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by" and node.pos_ in ("NOUN", "VERB")):
                for o in c.children:
                    if o.dep_ == "pobj":
                        a = actor_in_subtree(ctx, o)
                        if a is not None:
                            return a
            if node.pos_ in ("NOUN", "PROPN") and c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < node.i:
                a = _actor_at(ctx, c)
                if a is not None:
                    return a
                code = actors_mod.country_of_word(c.text)
                if code is None and c.lower_ in ("military", "army", "government", "regime", "israeli-led"):
                    code = ctx.focus_country
                if code:
                    name = actors_mod.state_actor("military", code)
                    if name:
                        return ActorMention(name, "state_forces", c.text, c.idx, c.idx + len(c), code, 0.6, "rule")
        # conjoined verbs share the subject; nouns inherit from the verb they hang on
        if node.dep_ in ("conj", "xcomp", "advcl", "dobj", "pobj", "nsubj", "attr", "appos") and node.head.i != node.i:
            if node.dep_ == "nsubj" and node.pos_ in ("NOUN", "PROPN"):
                break
            if node.dep_ == "advcl" and any(c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") for c in node.children):
                break  # "troops searched the area after a bomb killed 3": the bomb's clause has its own subject
            node = node.head
            if node.pos_ == "ADP":
                node = node.head
        else:
            break
    return None


def _target_kind(a: ActorMention) -> str:
    if a.kind == "civilians":
        return "civilian"
    if a.kind in ("protesters", "rioters"):
        return "protesters"
    return "military"


_ARMED_PLACE_WORDS = frozenset({"checkpoint", "base", "barracks", "convoy", "patrol", "military", "army", "police",
                                "gendarmerie", "gendarme", "soldier", "troop", "fighter", "militia", "militiaman",
                                "outpost", "garrison"})


def targets(ctx: Context, head: Token) -> tuple[ActorMention | None, str | None]:
    """The actor attacked and the kind of target ('civilian' | 'military' | None)."""
    lex = lexicon()
    cands: list[Token] = []
    for c in head.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr"):
            cands.append(c)
        if c.dep_ == "prep" and c.lower_ in ("on", "against", "with", "at", "in", "targeting", "between"):
            cands.extend(o for o in c.children if o.dep_ == "pobj")
    for c in cands:
        a = actor_in_subtree(ctx, c)
        if a is not None:
            return a, _target_kind(a)
    for c in head.children:  # "a battle with X leaving 40 dead": X hangs under a clause of the preposition
        if c.dep_ == "prep" and c.lower_ in ("with", "against", "between"):
            a = actor_in_subtree(ctx, c)
            if a is not None:
                return a, _target_kind(a)
    for c in cands:
        words = {t.lemma_.lower() for t in c.subtree}
        if words & lex.civilian_targets and not words & _ARMED_PLACE_WORDS:  # "a police camp", "an army base"
            return None, "civilian"
        if words & lex.military_targets:
            return None, "military"
    return None, None


def casualty(ctx: Context, sent: Span, trig_char: int) -> tuple[Fatalities | None, str | None]:
    """Fatalities nearest the trigger in the sentence, and who died (e.g. 'civilians')."""
    if ctx.casualties is None:
        return None, None
    memo = sent.doc.user_data.setdefault("sitroom_casualties", {})
    key = (sent.start_char, sent.end_char)
    if key not in memo:  # one parse per sentence, however many triggers it holds
        try:
            memo[key] = [m for m in ctx.casualties(doc_text(sent.doc)[sent.start_char:sent.end_char], sent.start_char)
                         if m.kind == "killed"]
        except Exception:  # a casualty parser bug must not lose the event
            log.exception("casualty parsing failed in %s", ctx.doc_id)
            memo[key] = []
    mentions = memo[key]
    if not mentions:
        return None, None
    m = min(mentions, key=lambda m: abs(m.start - trig_char))
    v = m.value

    def as_int(x: float | None) -> int | None:
        return None if x is None else int(round(x))

    low = as_int(v.low)
    best = as_int(v.best if v.best is not None else (v.low if v.low is not None else v.high))
    return Fatalities(low, best, as_int(v.high), m.text, m.start, m.end, None, 0.7), getattr(m, "who", None)


# ---------------------------------------------------------------- the place slot

_NATIONWIDE = re.compile(r"(?i)\b(?:nationwide|countrywide|(?:across|throughout|all over) the (?:country|nation))\b")
_STATEWIDE = re.compile(r"(?i)\b(?:statewide|(?:across|throughout|all over) the (?:state|province|region|governorate))\b")

_CODED_AS = re.compile(r"(?i)\b(?:coded\s+as|coordinates\s+(?:for|of))\s+(?:the\s+)?\Z")  # "(coordinates for Zzq used)"

_ROUTE_AFTER = re.compile(r"(?:[ \t]*[-\u2013][ \t]*[A-Z][\w'\u2019]{1,25}){0,2}[ \t]+(?i:highway|road|route|axis|railway)\b")
_ROUTE_BEFORE = re.compile(r"[A-Z][\w'\u2019]{1,25}[ \t]*[-\u2013][ \t]*\Z")


def _near(a: ResolvedPlace, b: ResolvedPlace, limit: float = 200.0) -> bool:
    if a.country != b.country:
        return False
    if None in (a.lat, a.lon, b.lat, b.lon):
        return True
    return km(a.lat, a.lon, b.lat, b.lon) <= limit  # type: ignore[arg-type]


def _route_end(text: str, p: ResolvedPlace) -> bool:
    """The place names an end of a road ("the Nairobi-Nakuru highway", "the Dhaka - Sylhet road")."""
    if not _ROUTE_AFTER.match(text, p.span_end, p.span_end + 60):
        return False
    return text[p.span_end:p.span_end + 1] in "-\u2013 \t" and (
        bool(re.match(r"[ \t]*[-\u2013]", text[p.span_end:p.span_end + 3]))
        or bool(_ROUTE_BEFORE.search(text, max(0, p.span_start - 30), p.span_start)))


def _scope_of_event(sent: Span, rx: re.Pattern[str], head: Token | None = None) -> bool:
    """The sentence says its event spans the whole area ("arrested 312 people nationwide"), not only
    that something else does: an adjective before its noun ("ahead of the nationwide strike") is not.
    With ``head``, the word must go with that trigger or a clause above it ("arrested 312 people nationwide
    after protests in Zzq": the protests too), not with a phrase of its own."""
    for m in rx.finditer(span_text(sent)):
        start = sent.start_char + m.start()
        tok = next((t for t in sent if t.idx == start), None)
        if tok is not None and tok.head.i > tok.i and (tok.dep_ in ("amod", "compound", "nmod")
                                                     or tok.head.pos_ in ("NOUN", "PROPN")):
            continue
        if head is not None and (tok is None or not (tok.head == head or tok.head.is_ancestor(head))):
            continue  # "a protest in Zzq, part of protests taking place across the country"
        return True
    return False


def _wide_scope(ctx: Context, sent: Span, head: Token | None = None) -> ResolvedPlace | None:
    """A sentence that places its event across the whole country or first-level division: the
    focus country, or the division the article names most (in the focus country)."""
    if _scope_of_event(sent, _NATIONWIDE, head):
        return ctx.country_place(ctx.focus_country) if ctx.country_place and ctx.focus_country else None
    if _scope_of_event(sent, _STATEWIDE, head):
        counts: dict[str, tuple[int, ResolvedPlace]] = {}
        for p in ctx.places:
            if p.precision == "admin1" and (ctx.focus_country is None or p.country == ctx.focus_country):
                n, first = counts.get(p.name, (0, p))
                counts[p.name] = (n + 1, first)
        if counts:
            return max(counts.values(), key=lambda v: v[0])[1]
    return None


_HARM_DESCRIPTIONS = frozenset({"kill", "abduct", "kidnap", "die", "shoot", "wound", "injure", "murder", "slay",
                                "massacre", "rape", "behead", "lynch"})


def _in_harm_description(doc: Doc, p: ResolvedPlace, head: Token) -> bool:
    """The place sits in a clause that describes people by a harm done to them ("the boy killed at X",
    "victims who were abducted in Y"), and the trigger is outside that clause."""
    tok = _span_root(doc, p.span_start, p.span_end)
    for _ in range(4):
        if tok is None or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.dep_ in ("acl", "relcl") and tok.lemma_.lower() in _HARM_DESCRIPTIONS and tok.tag_ in ("VBN", "VBD"):
            # "a drone strike that killed an official in Beirut": the clause tells the trigger's own harm
            return head.i != tok.i and tok.head.i != head.i and head not in tok.subtree
    return False


def pick_place(ctx: Context, doc: Doc, head: Token, sent: Span, trig: dict[str, Any]) -> tuple[ResolvedPlace | None, bool]:
    """Place for a trigger and whether it came from the sentence itself."""
    sent_places = ctx.places_by_start.between(sent.start_char, sent.end_char)
    in_sent = [p for p in sent_places if sent.start_char <= p.span_start < sent.end_char and ctx.usable(p.span_start)]
    # "… carrying the coffins of farmers killed at X": the place of an earlier harm that
    # describes someone, not the scene of this event
    in_sent = [p for p in in_sent if not _in_harm_description(doc, p, head)]
    # "arrested 312 people nationwide", "across the state"; where the sentence names a town too, only when
    # the word for the wide scope goes with the trigger itself ("a protest in Zzq city, part of protests
    # taking place across the country" is in Zzq)
    wide = _wide_scope(ctx, sent, head if any(p.precision != "country" for p in in_sent) else None)
    if wide is not None:
        return wide, True
    # the most precise places of the sentence first: a town over its province over the country;
    # the dateline city counts only when the sentence names no town or province itself
    dateline = [p for p in sent_places if sent.start_char <= p.span_start < sent.end_char
                and not ctx.usable(p.span_start) and p.precision == "city"]
    text = ctx.source_text or doc_text(doc)
    # the place a report says it codes the event at: "(coded as Djibo at geoprecision 2)"
    coded = [p for p in in_sent if p.precision != "country" and _CODED_AS.search(text, max(0, p.span_start - 24), p.span_start)]
    if coded:
        return coded[0], True
    for level in ("city", "admin2", "admin1", "dateline", "country"):
        if level == "dateline":
            if dateline:
                return dateline[0], True
            continue
        pool = [p for p in in_sent if p.precision == level and not agent_place(doc, p)]
        # a place named to locate another is not the scene: "in Jaranwala, near Faisalabad"
        # (unless the located name was read as a namesake far from the place that locates it)
        pool = [p for p in pool if not any(q is not p and locates(text, q, p) and _near(q, p) for q in pool)] or pool
        # an end of a road is not the scene when the sentence names another place: "the Nairobi-Nakuru highway"
        pool = [p for p in pool if not _route_end(text, p)] or pool
        if ctx.focus_country and any(p.country == ctx.focus_country for p in pool):
            pool = [p for p in pool if p.country == ctx.focus_country]  # "the Baga market in Maiduguri"
        p = closest(doc, head, pool, lambda p: p.span_start, lambda p: p.span_end)
        if p is not None:
            return p, True
    # earlier in the paragraph, then earlier in the document (most recent first)
    para_start = doc_text(doc).rfind("\n", 0, sent.start_char)
    # the last such place (in text order: the first found going back, not a list of them all)
    last = next((p for p in ctx.places_by_start.backwards(sent.start_char + 1)
                 if p.span_end <= sent.start_char and p.precision != "country" and ctx.usable(p.span_start)), None)
    if last is not None:
        if last.span_start >= para_start or sent.start_char - last.span_end < 600:
            return last, False
    if last is None and len(text) <= _NOTE_CHARS:
        # a short note that names no town before its event: the place it names after it ("... LOCATION: Zzq");
        # in a longer article the next town may be the next event's
        nxt = next((p for p in ctx.places_by_start.between(sent.end_char, sent.end_char + _AFTER_CHARS)
                    if p.span_start >= sent.end_char and p.precision != "country" and ctx.usable(p.span_start)), None)
        if nxt is not None:
            return nxt, False
    return None, False


_AFTER_CHARS = 400  # how far after an event sentence with no place before it the next town may stand
_NOTE_CHARS = 1000  # ... in a text this short (an event note, a brief)


def agent_place(doc: Doc, p: ResolvedPlace) -> bool:
    """A country named as the agent is not the scene: "drones launched by Russia"."""
    if p.precision != "country":
        return False
    root = _span_root(doc, p.span_start, p.span_end)
    return root is not None and root.dep_ == "pobj" and root.head.lower_ == "by"


def place_object(ctx: Context, head: Token) -> bool:
    """A town (not a country) is what the trigger acts on: its object, or the subject of 'fell to'."""
    objs = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass", "attr")
            or (c.dep_ in ("advmod", "npadvmod", "oprd") and c.pos_ == "PROPN")]  # mis-parsed object names
    objs += [o for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "into", "in")
             for o in c.children if o.dep_ == "pobj"]
    if head.lemma_ == "fall":
        objs += [c for c in head.children if c.dep_ == "nsubj"]
    for o in objs:
        a = actor_in_subtree(ctx, o)
        if a is not None and a.kind == "civilians":
            return False
        toks = phrase_tokens(o)
        lo = min(t.idx for t in toks)
        hi = max(t.idx + len(t) for t in toks)
        if any(lo <= p.span_start < hi and p.precision != "country" for p in ctx.places_by_start.between(lo, hi)):
            return True
    return False
