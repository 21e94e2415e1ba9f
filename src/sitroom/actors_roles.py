"""Actor roles: who is ACLED's actor1 (the side that acted) and actor2 (the side acted on).

The events stage finds an agent and a target per trigger from the parse. Reports often tell the
other side only as the casualties ("three policemen were killed when …", "two soldiers were wounded
during clashes with …"): this module reads that side from the sentence, as ACLED does when it codes
the victims' side as actor2 (ACLED Codebook 2023, "Actors": the second actor is the target or the
opponent; civilians hurt are coded 'Civilians (Country)', police and soldiers as the state's forces).

:func:`settle` takes the actor mentions of the event's sentences (``find_actors`` output) and the
victim nouns of ``data/actors.json`` (``victims``) and returns the two sides, each with its reason
in ``ActorMention.source`` ("victim", "opponent").
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from spacy.tokens import Span, Token

from .actors import _load_json, is_anaphor, state_actor
from .doctools import doc_text
from .records import ActorMention
from .taxonomy import VIOLENT

_STATE = frozenset({"state_forces", "external_forces"})
_ARMED_NON_STATE = frozenset({"rebels", "political_militia", "identity_militia"})
# the grammatical slots a victim fills: subject of a passive ("were killed"), object ("killing two men")
_VICTIM_DEPS = frozenset({"nsubjpass", "dobj", "nsubj"})


@lru_cache(maxsize=1)
def victim_nouns() -> dict[str, str]:
    """Lower-case noun (singular and plural) -> 'civilians' | 'police' | 'military'."""
    data: dict[str, Any] = _load_json("actors.json").get("victims", {})
    out: dict[str, str] = {}
    for kind, words in data.items():
        if kind in ("description", "source"):
            continue
        for w in words:
            out[w.lower()] = kind
    return out


def _victim_kind(tok: Token) -> str | None:
    """The victim side a hurt person's noun tells ("two traders were shot" → civilians)."""
    kind = victim_nouns().get(tok.lower_) or victim_nouns().get(tok.lemma_.lower())
    if kind is None or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if tok.dep_ in _VICTIM_DEPS:
        head = tok.head
        if tok.dep_ == "nsubj" and head.lemma_.lower() not in ("die", "sustain", "suffer", "go", "remain"):
            return None  # "traders protested": an active subject is an actor, not a victim
        return kind if head.pos_ in ("VERB", "AUX") else None
    if tok.dep_ == "pobj" and tok.head.lower_ in ("on", "against", "at") and tok.head.head.pos_ in ("VERB", "NOUN"):
        return kind  # "opened fire on traders", "an attack against soldiers"
    if tok.dep_ in ("appos", "conj") and tok.head.dep_ in _VICTIM_DEPS:
        return kind
    return None


def victim_side(sents: Iterable[Span], exclude: Sequence[tuple[int, int]], country: str | None) -> ActorMention | None:
    """The side hurt in these sentences, from a victim noun in a victim's slot, outside the
    character spans in ``exclude`` (the other actor's words)."""
    for sent in sents:
        for tok in sent:
            if any(s <= tok.idx < e for s, e in exclude):
                continue
            kind = _victim_kind(tok)
            if kind is None:
                continue
            name = state_actor(kind, country)
            if name is None:
                continue
            left = tok.left_edge.idx if tok.left_edge.i >= sent.start else tok.idx
            text = doc_text(sent.doc)[left:tok.idx + len(tok)]
            return ActorMention(name, "state_forces" if kind in ("police", "military") else "civilians",
                                text, left, tok.idx + len(tok), country, 0.5, "victim")
    return None


_PREFIX_KIND = (("Military Forces of ", "military"), ("Police Forces of ", "police"), ("Civilians", "civilians"),
                ("Protesters", "protesters"), ("Rioters", "rioters"), ("Unidentified Armed Group", "armed_unknown"),
                ("Unidentified Ethnic Militia", "identity_unknown"))


def in_country(m: ActorMention, country: str | None) -> ActorMention:
    """A generic mention that carried no country of its own ("policemen", not "Kenyan police") named
    for the country the event took place in, which the record holds."""
    if not country or m.source != "rule" or m.confidence >= 0.8 or (m.country or "").upper() == country.upper():
        return m
    for prefix, kind in _PREFIX_KIND:
        if m.canonical.startswith(prefix):
            name = state_actor(kind, country)
            return replace(m, canonical=name, country=country) if name else m
    return m


def _overlaps(a: ActorMention, b: ActorMention | None) -> bool:
    return b is not None and b.span_start >= 0 and a.span_start < b.span_end and b.span_start < a.span_end


def settle(event_type: str, sub: str, actor1: ActorMention | None, actor2: ActorMention | None,
           mentions: Sequence[ActorMention], sents: Sequence[Span], country: str | None,
           earlier: Any = None) -> tuple[ActorMention | None, ActorMention | None]:
    """Fill the side the parse left empty in a violent event.

    - actor2 missing: another actor named in the event's sentences as the one hurt or fought
      (a state force, civilians, or a different armed group), else a victim noun in a victim's slot
      ("a trader was shot" → Civilians (Country)).
    - actor1 missing in a battle told from the casualties' side ("two soldiers were wounded during
      clashes with X"): the armed non-state group is actor1 and the state's forces actor2, ACLED's
      usual order for such clashes.
    """
    if event_type == "Riots" and actor2 is not None and (actor2.canonical.startswith("Government of")
                                                          or actor2.text.lower().endswith("government")):
        actor2 = None  # "clashed during a rally against the government": who they demanded of is no side of a riot
    if event_type == "Riots" and actor1 is not None and actor1.kind == "rioters" \
            and (actor2 is None or actor2.span_start < 0 or (actor2.kind in _STATE and not _force_opposed(sents))) \
            and crowds_clashed(sents):
        # two crowds fought: the police a report says came are ACLED's associate, the other crowd actor2
        return actor1, replace(actor1, text="", span_start=-1, span_end=-1, confidence=0.4, source="clash")
    if actor1 is not None and actor1.span_start >= 0 and sents and actor1.kind not in _ARMED_NON_STATE \
            and (event_type in VIOLENT or sub == "Arrests"):
        root = _root(sents[0].doc, actor1.span_start, actor1.span_end)
        if root is not None and root.dep_ == "appos":  # "X, a former governor, was arrested"
            root = root.head
        if root is not None and root.dep_ == "nsubjpass" \
                and root.head.lemma_.lower() in _HURT_LEMMAS | {"arrest", "detain", "abduct", "kidnap"}:
            # "seven soldiers were killed when their tank hit a mine", "a former governor was arrested":
            # the ones it was done to, not the ones who did it
            if actor2 is None:
                held = in_country(actor1, country)
                if held.canonical.startswith("Government of"):  # an official held is a civilian
                    name = state_actor("civilians", country)
                    held = replace(held, canonical=name, kind="civilians") if name else held
                actor2 = replace(held, source="victim")
            kind = "police" if sub == "Arrests" else None
            name = state_actor(kind, country) if kind else None
            actor1 = ActorMention(name, "state_forces", "", -1, -1, country, 0.4, "rule") if name else None
            if actor1 is None and event_type in VIOLENT and sub not in (
                    "Air/drone strike", "Shelling/artillery/missile attack") and event_type != "Battles":
                name = state_actor("armed_unknown", country)
                actor1 = ActorMention(name, "rebels", "", -1, -1, country, 0.3, "rule") if name else None
    if sub == "Arrests" and actor2 is not None and actor2.canonical.startswith("Government of"):
        name = state_actor("civilians", country or actor2.country)  # "a former governor was arrested"
        actor2 = replace(actor2, canonical=name, kind="civilians", source="victim") if name else actor2
    if event_type == "Strategic developments" and actor1 is not None and actor1.kind == "civilians":
        # ACLED never codes civilians as the side that acted (1 of 13,170 coded events of its notes here):
        # people who loot or burn are rioters, and what else civilians 'did' has another agent
        kind = "rioters" if sub == "Looting/property destruction" else None
        name = state_actor(kind, country) if kind else None
        actor1 = replace(actor1, canonical=name, kind="rioters", country=country) if name else None
    if event_type == "Strategic developments":
        if actor1 is None and sub != "Looting/property destruction":
            actor1 = subject_actor(mentions, sents[0].doc if sents else None, actor2)
        if sub == "Agreement" and (actor1 is None or actor2 is None):
            actor1, actor2 = agreement_parties(mentions, sents, actor1, actor2)
        if actor1 is None and actor2 is not None and actor2.source == "alias" and actor2.kind in _ARMED_NON_STATE \
                and sub in ("Change to group/activity", "Other"):
            # "X took over the leadership of JNIM", "ISGS split into two factions": the group it happened to
            actor1, actor2 = replace(actor2, source="subject"), None
        if actor1 is None and sub in ("Change to group/activity", "Other") and sents and earlier is not None \
                and len(doc_text(sents[0].doc)) <= _BRIEF_CHARS:
            # "… families were evicted. The police used teargas to force them out": in a note of a few
            # sentences, a force or group that is the subject of another of its sentences is the one that acted
            whole = [m for m in earlier.between(0, len(doc_text(sents[0].doc))) if m.kind in _STATE | _ARMED_NON_STATE]
            actor1 = subject_actor(whole, sents[0].doc, actor2)
        if sub in ("Change to group/activity", "Other") and (actor1 is None or actor1.canonical.startswith(
                "Police Forces of") and actor1.text.lower().endswith(("authorities", "officials"))):
            actor1 = government_measure(sents, actor1, country) or actor1
            if actor1 is None:
                actor1 = force_post_subject(sents, country)
        elif actor1 is not None and actor1.span_start < 0 and actor1.kind in _STATE and sub in (
                "Arrests", "Disrupted weapons use"):
            # "security forces conducted an operation that led to the arrest of …": the force the
            # sentence names as acting, not the default police
            told = subject_actor(mentions, sents[0].doc if sents else None, actor2)
            if told is not None and told.kind in _STATE:
                actor1 = told
        if actor2 is None and actor1 is not None and sub not in ("Looting/property destruction", "Arrests"):
            # looting's second side is the civilians robbed, an arrest's the people held (the default)
            actor2 = other_side(actor1, mentions, sents, earlier)
        return actor1, actor2
    if event_type not in VIOLENT:
        return actor1, actor2
    if event_type == "Battles" and actor1 is not None and actor1.kind == "identity_militia" and sents \
            and (actor2 is None or actor2.kind == "civilians"):
        # "five people were killed when Garre and Degodia clansmen clashed": the people killed are the toll;
        # the other people's militia named with the first is the second side
        rival = next((m for m in mentions if m.span_start >= 0 and m.kind == "identity_militia"
                      and m.canonical != actor1.canonical and not _overlaps(m, actor1)
                      and not _is_source(sents[0].doc, m)), None)
        if rival is not None and rival.span_start < actor1.span_start:  # the first named first
            actor1, actor2 = replace(rival, source="opponent"), actor1
        elif rival is not None:
            actor2 = replace(rival, source="opponent")
    if sub == "Armed clash" and actor1 is not None and actor1.kind in _STATE and sents \
            and (actor2 is None or actor2.kind in _ARMED_NON_STATE) and _defended(sents[0].doc, actor1):
        # "militants attacked a post; the gendarmes repelled them": the attacker began the fight
        attacker = actor2
        if attacker is None:
            name = state_actor("armed_unknown", country)
            attacker = ActorMention(name, "rebels", "", -1, -1, country, 0.3, "rule") if name else None
        if attacker is not None:
            actor1, actor2 = attacker, actor1
    if actor1 is not None and actor1.span_start >= 0 and sents and _investigator(sents[0].doc, actor1):
        # "police are investigating the killing of a trader": who looks into it, not who did it
        actor1 = None
        if event_type != "Battles" and sub not in ("Air/drone strike", "Shelling/artillery/missile attack"):
            name = state_actor("armed_unknown", country)
            actor1 = ActorMention(name, "rebels", "", -1, -1, country, 0.3, "rule") if name else None
    if actor1 is not None and actor1.span_start >= 0 and sents and _trailing_source(sents[0].doc, actor1):
        # "… were killed when a bomb hit their vehicle, police said": who tells it, not who did it
        actor1 = None
        if event_type != "Battles" and sub not in ("Air/drone strike", "Shelling/artillery/missile attack"):
            name = state_actor("armed_unknown", country)
            actor1 = ActorMention(name, "rebels", "", -1, -1, country, 0.3, "rule") if name else None
    if actor1 is not None and actor2 is not None and actor2.canonical == actor1.canonical:
        actor2 = None  # "hit a Taliban-planted bomb": the parse took the agent's words for the target
    blamed = _blamed_group(sents, mentions, actor2)
    if blamed is not None and (actor1 is None or actor1.kind not in _ARMED_NON_STATE | _STATE
                               or actor1.canonical.startswith("Unidentified Armed Group")
                               or (bool(sents) and _is_source(sents[0].doc, actor1))):
        actor1 = blamed  # "…, a bombing officials blamed on the LRA": the LRA did it
    if event_type != "Battles" and actor2 is not None and actor2.source == "alias" and actor2.kind in _ARMED_NON_STATE \
            and (actor1 is None or (actor1.span_start < 0 and _generic_armed_default(actor1))) and sents:
        root = _root(sents[0].doc, actor2.span_start, actor2.span_end)
        if root is not None and not _hurt_slot(root) and root.dep_ in ("compound", "npadvmod", "amod", "poss"):
            # "struck a Taliban-planted mine", "an Al Shabaab bomb": the group whose device it was did it
            actor1, actor2 = replace(actor2, source="attributed"), None
    if actor1 is not None and actor1.canonical.startswith("Unidentified Armed Group") and actor1.source in ("rule", "coref"):
        named = _named_group(actor1, mentions, earlier, sents, actor2) \
            or suspected_group(mentions, sents, earlier, actor2)
        if named is not None:
            actor1 = named
    if actor1 is None or (actor1.span_start < 0 and actor1.canonical.startswith("Unidentified Armed Group")):
        suspect = suspected_group(mentions, sents, earlier, actor2)
        if suspect is not None:
            actor1 = suspect
    if actor1 is None or (actor1.span_start < 0 and actor1.canonical.startswith("Unidentified Armed Group")):
        crowd = crowd_agent(sents, country)  # "members of <party> attacked …": rioters, not gunmen
        if crowd is not None and not any(m.kind in _STATE | _ARMED_NON_STATE and m.span_start >= 0 for m in mentions):
            if event_type == "Battles" and (actor2 is None or actor2.span_start < 0 or actor2.kind == "civilians"):
                return crowd, replace(crowd, text="", span_start=-1, span_end=-1)  # two crowds clashed
            return crowd, actor2
    if actor1 is not None and actor1.kind in _ARMED_NON_STATE and not _generic_armed(actor1) \
            and actor2 is not None and _generic_armed(actor2):
        actor2 = None  # "JNIM militants attacked a post; seven assailants were killed": the same side again
    doc = sents[0].doc if sents else None
    others = [m for m in mentions
              if m.span_start >= 0 and not is_anaphor(m.text) and m.kind not in ("protesters", "rioters")
              and not _is_source(doc, m)
              and not m.canonical.startswith("Government of")
              and not _overlaps(m, actor1) and not _overlaps(m, actor2)
              and (actor1 is None or m.canonical != actor1.canonical)
              and (actor2 is None or m.canonical != actor2.canonical)
              and not (actor1 is not None and actor1.kind in _ARMED_NON_STATE and _generic_armed(m))]
    if event_type == "Battles" and actor1 is None and actor2 is not None and actor2.kind in _ARMED_NON_STATE:
        state = next((m for m in others if m.kind in _STATE), None)
        if state is None:
            exclude = [(actor2.span_start, actor2.span_end)] if actor2.span_start >= 0 else []
            state = force_target(sents, exclude, country) or victim_side(sents, exclude, country)
            if state is not None and state.kind != "state_forces":
                state = None
        if state is not None:
            return actor2, replace(in_country(state, country), source="opponent" if state.source != "victim" else "victim")
    if actor2 is not None:
        return actor1, actor2
    if event_type == "Violence against civilians":
        return actor1, actor2
    cand = next((m for m in others if m.kind in _STATE | {"civilians"}), None)
    if cand is None and (event_type == "Battles" or (actor1 is not None and actor1.kind in _STATE)):
        # a battle's other group; "militants were killed by army airstrikes": the group a force hit
        cand = next((m for m in others if m.kind in _ARMED_NON_STATE), None)
    if cand is not None:
        return actor1, replace(in_country(cand, country), source="victim" if cand.kind in _STATE | {"civilians"} else "opponent")
    exclude = [(actor1.span_start, actor1.span_end)] if actor1 is not None and actor1.span_start >= 0 else []
    target = force_target(sents, exclude, country) if actor1 is None or actor1.kind not in _STATE else None
    return actor1, target or victim_side(sents, exclude, country)


def _generic_armed(m: ActorMention) -> bool:
    return m.canonical.startswith("Unidentified Armed Group") and m.source in ("rule", "coref")


def force_target(sents: Iterable[Span], exclude: Sequence[tuple[int, int]], country: str | None) -> ActorMention | None:
    """'attacked a police checkpoint', 'ambushed an army convoy', 'a bomb hit a military vehicle': a
    force's post, patrol or vehicle that was the target names the force as the side acted on (ACLED
    codes an attack on a police post as one on the police)."""
    for sent, tok, place, name in _force_places(sents, country):
        if any(s <= tok.idx < e for s, e in exclude):
            continue
        if place.dep_ in ("dobj", "nsubjpass") or (place.dep_ == "pobj" and place.head.lower_ in (
                "on", "against", "at", "targeting", "near")):
            return _force_place_mention(sent, tok, place, name, country, "target")
    return None


def _force_places(sents: Iterable[Span], country: str | None) -> Iterator[tuple[Span, Token, Token, str]]:
    """Each force word that qualifies a post, patrol or vehicle word ('police checkpoint', 'army convoy'),
    with its sentence, the place word and the force's ACLED name in ``country``."""
    words, places = _force_target_words()
    for sent in sents:
        for tok in sent:
            kind = words.get(tok.lower_)
            if kind is None or tok.dep_ not in ("compound", "amod", "nmod") or tok.head.lower_ not in places:
                continue
            name = state_actor(kind, country)
            if name is not None:
                yield sent, tok, tok.head, name


def _force_place_mention(sent: Span, tok: Token, place: Token, name: str, country: str | None,
                         source: str) -> ActorMention:
    left = tok.left_edge.idx if tok.left_edge.i >= sent.start else tok.idx
    end = place.idx + len(place)
    return ActorMention(name, "state_forces", doc_text(sent.doc)[left:end], left, end, country, 0.5, source)


@lru_cache(maxsize=1)
def _force_target_words() -> tuple[dict[str, str], frozenset[str]]:
    data: dict[str, Any] = _load_json("actors.json").get("force_targets", {})
    words = {w.lower(): kind for kind in ("police", "military") for w in data.get(kind, ())}
    return words, frozenset(w.lower() for w in data.get("places", ()))


# "two people wounded when …": a hurt verb without an object is a passive with its auxiliary left out
_HURT_LEMMAS = frozenset({"wound", "injure", "hurt", "kill", "die", "shoot", "stab", "maim"})
_SPEECH_LEMMAS = frozenset({"say", "tell", "report", "claim", "accuse", "allege", "blame", "complain", "state", "add"})


def _root(doc: Any, start: int, end: int) -> Token | None:
    """The syntactic head of the words at these character offsets (one lookup, not a scan of the doc)."""
    span = doc.char_span(start, end, alignment_mode="expand") if 0 <= start < end else None
    if span is None or len(span) == 0:
        return None
    root: Token = span.root
    return root


def civilian_agent(doc: Any, actor1: ActorMention | None, country: str | None,
                   event_type: str | None = None, sub: str | None = None) -> ActorMention | None:
    """A crowd of civilians that did the violence ("villagers lynched a thief", "students clashed with
    police", "a house was torched by youths") is ACLED's 'Rioters (Country)' (inter 5): ACLED keeps
    'Civilians' for people who are unarmed and do no violence (Codebook 2023, 'Civilians', 'Rioters').
    None when the civilians are the sentence's passive subject or object: the victims. People who
    are no more than 'people' and throw a grenade, plant a bomb or abduct someone do no rioting: they are an unidentified armed
    group ('unknown people hurled a grenade'; rioters are a demonstration turned violent, Codebook 2023)."""
    if actor1 is None or actor1.kind != "civilians" or actor1.span_start < 0:
        return None
    root = _root(doc, actor1.span_start, actor1.span_end)
    if root is None:
        return None
    verb = root.head
    active = root.dep_ == "nsubj" and verb.pos_ == "VERB" and verb.lemma_.lower() not in _SPEECH_LEMMAS | _WITNESS_LEMMAS \
        and not any(c.dep_ == "auxpass" for c in verb.children) \
        and not (verb.lemma_.lower() in _HURT_LEMMAS and not any(c.dep_ == "dobj" for c in verb.children))
    by_agent = root.dep_ == "pobj" and root.head.dep_ == "agent"
    if not (active or by_agent):
        return None
    if (event_type == "Explosions/Remote violence" or sub in _ARMED_ONLY_SUBS) and root.lower_ in _ANYONE:
        name = state_actor("armed_unknown", country or actor1.country)
        return replace(actor1, canonical=name, kind="rebels", country=country or actor1.country,
                       source="agent") if name else None
    name = state_actor("rioters", country or actor1.country)
    if name is None:
        return None
    return replace(actor1, canonical=name, kind="rioters", country=country or actor1.country, source="agent")


_ARMED_ONLY_SUBS = frozenset({"Abduction/forced disappearance"})
# "residents heard two blasts", "witnesses described the gunfire": who saw or heard it did not do it
_WITNESS_LEMMAS = frozenset({"hear", "see", "describe", "witness", "recount", "recall", "notice", "watch"})
_ANYONE = frozenset({"people", "persons", "individuals", "men"})  # who are not named by any group or trade


@lru_cache(maxsize=1)
def _crowd_nouns() -> frozenset[str]:
    data: dict[str, Any] = _load_json("actors.json").get("crowd_agents", {})
    return frozenset(w.lower() for w in data.get("nouns", ()))


def crowd_agent(sents: Sequence[Span], country: str | None) -> ActorMention | None:
    """'members of <party> clashed with …', 'two groups of <union> clashed', 'a <party> leader and his
    accomplices assaulted …': an affiliated crowd as the active subject of the event, ACLED's
    'Rioters (Country)'. The crowd must be tied to a name (an 'of'/'from' phrase, a proper-noun
    modifier) or be 'two groups', so that a bare 'men' or 'members' says nothing."""
    nouns = _crowd_nouns()
    for sent in sents:
        for tok in sent:
            if tok.dep_ != "nsubj" or tok.lower_ not in nouns or tok.head.pos_ != "VERB":
                continue
            if tok.head.lemma_.lower() in _SPEECH_LEMMAS or any(c.dep_ == "auxpass" for c in tok.head.children):
                continue
            named = any(c.dep_ == "prep" and c.lower_ in ("of", "from") and any(
                o.dep_ == "pobj" and (o.pos_ == "PROPN" or o.ent_type_ in ("ORG", "NORP", "GPE")
                                      or any(g.pos_ == "PROPN" for g in o.children))
                for o in c.children) for c in tok.children)
            named = named or any(c.dep_ in ("compound", "amod") and c.pos_ == "PROPN" for c in tok.children)
            two = tok.lower_ in ("groups", "factions") and any(c.dep_ == "nummod" for c in tok.children)
            if not (named or two):
                continue
            name = state_actor("rioters", country)
            if name is None:
                return None
            start = tok.left_edge.idx
            end = tok.idx + len(tok)
            return ActorMention(name, "rioters", doc_text(sent.doc)[start:end], start, end, country, 0.5, "crowd")
    return None


_CLASH_LEMMAS = frozenset({"clash", "fight", "brawl", "scuffle", "skirmish"})
_FORCE_WORDS = frozenset({"police", "policeman", "policemen", "army", "soldiers", "soldier", "troops", "forces",
                          "security", "gendarmes", "gendarmerie", "military", "officers", "guards"})


def _force_words(tok: Token) -> bool:
    return any(t.lower_ in _FORCE_WORDS for t in tok.subtree)


_CROWD_CLASH_MODS = frozenset({"factional", "rival", "intra-party", "inter-party", "intraparty", "interparty",
                               "inter-communal", "intercommunal", "communal", "sectarian", "tribal", "clan"})


def _force_head(tok: Token) -> bool:
    """The noun itself names a force ('police', 'security forces'), whatever its conjuncts are."""
    words = [tok] + [c for c in tok.children if c.dep_ in ("compound", "amod")]
    return any(t.lower_ in _FORCE_WORDS for t in words)


def _force_opposed(sents: Sequence[Span]) -> bool:
    """'clashed with police (and rival supporters)': the first side a crowd clashed with is a force."""
    for sent in sents:
        for tok in sent:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in _CLASH_LEMMAS:
                continue
            withs = [o for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "against")
                     for o in c.children if o.dep_ == "pobj"]
            if withs and _force_head(withs[0]):
                return True
    return False


def _crowd_engaged(clash: Token) -> bool:
    """'<crowd> engaged in a clash' / 'were involved in a clash': the subject of the verb the clash
    hangs on is a crowd, not a force."""
    prep = clash.head
    if clash.dep_ != "pobj" or prep.lower_ != "in" or prep.head.lemma_.lower() not in ("engage", "involve", "get"):
        return False
    subj = next((c for c in prep.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and not _force_words(subj)


def crowds_clashed(sents: Sequence[Span]) -> bool:
    """Two crowds fought each other, no force among them: 'X clashed with Y', 'X and Y clashed',
    'two groups clashed', 'clashes between X and Y' (ACLED: rioters on both sides)."""
    for sent in sents:
        for tok in sent:
            if tok.lemma_.lower() not in _CLASH_LEMMAS:
                continue
            kids = list(tok.children)
            if tok.pos_ == "VERB":
                subj = next((c for c in kids if c.dep_ == "nsubj"), None)
                if subj is None or _force_words(subj):
                    continue
                withs = [o for c in kids if c.dep_ == "prep" and c.lower_ in ("with", "against")
                         for o in c.children if o.dep_ == "pobj"]
                withs += [cj for o in withs for cj in o.conjuncts]
                # "clashed with members of the other party and the police": a crowd on the other side
                if withs and not all(_force_head(o) for o in withs):
                    return True
                if not withs and (any(c.dep_ == "conj" for c in subj.children)
                                  or any(c.dep_ == "nummod" for c in subj.children)):
                    return True
            elif tok.pos_ == "NOUN":
                if any(c.dep_ in ("amod", "compound") and c.lower_ in _CROWD_CLASH_MODS for c in kids) \
                        or _crowd_engaged(tok):
                    return True  # "a factional clash", "supporters of two candidates engaged in a clash"
                for c in kids:
                    if c.dep_ == "prep" and c.lower_ == "between":
                        objs = [o for o in c.children if o.dep_ == "pobj"]
                        if objs and not any(_force_words(o) for o in objs):
                            return True
    return False


def reason(actor: ActorMention | None) -> str | None:
    """How a record's actor was found, for the record's ``actor1_reason`` / ``actor2_reason``."""
    if actor is None:
        return None
    if actor.span_start < 0 and actor.source == "rule":
        return "default"
    return actor.source


def _named_group(generic: ActorMention, mentions: Sequence[ActorMention], earlier: Any,
                 sents: Sequence[Span], actor2: ActorMention | None) -> ActorMention | None:
    """The named armed group an unidentified actor stands for: 'the militants' after a group was
    named ("… JNIM militants attacked a post. The militants burned …"), or the one group the event's
    sentences name as the suspects ("gunmen, believed to be Al Shabaab fighters, …")."""
    def armed_named(m: ActorMention) -> bool:
        return m.source == "alias" and m.kind in _ARMED_NON_STATE and not _overlaps(m, actor2) \
            and (actor2 is None or m.canonical != actor2.canonical)
    if generic.span_start >= 0 and sents:
        text = doc_text(sents[0].doc)
        if text[max(0, generic.span_start - 4):generic.span_start].lower() == "the ":
            # the mentions of the 2,000 characters before (an index lookup, not a scan of the document)
            near = earlier.between(max(0, generic.span_start - 2000), generic.span_start) if earlier is not None else ()
            before = [m for m in near if m.span_end <= generic.span_start and armed_named(m)]
            if before:
                return replace(before[-1], text=generic.text, span_start=generic.span_start,
                               span_end=generic.span_end, source="coref")
    named = {m.canonical: m for m in mentions if armed_named(m) and not (sents and _in_hedged_sentence(sents[0].doc, m))}
    if len(named) == 1:
        return replace(next(iter(named.values())), source="attributed")
    return None


_BLAME_LEMMAS = frozenset({"blame", "attribute"})


def _blamed_group(sents: Sequence[Span], mentions: Sequence[ActorMention],
                  actor2: ActorMention | None) -> ActorMention | None:
    """The named armed group the event is blamed on or attributed to in its own sentences
    ("an attack they blamed on the LRA", "the bombing was attributed to Al Shabaab")."""
    armed = [m for m in mentions if m.span_start >= 0 and m.source == "alias" and m.kind in _ARMED_NON_STATE
             and not _overlaps(m, actor2)]
    if not armed:
        return None
    for sent in sents:
        for tok in sent:
            if tok.lemma_.lower() not in _BLAME_LEMMAS:
                continue
            for prep in tok.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("on", "to"):
                    continue
                for obj in prep.children:
                    if obj.dep_ != "pobj":
                        continue
                    lo, hi = obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge)
                    hit = [m for m in armed if lo <= m.span_start and m.span_end <= hi]
                    if len({m.canonical for m in hit}) == 1:
                        return replace(hit[0], source="attributed")
    return None


def _is_source(doc: Any, m: ActorMention) -> bool:
    """'Somali police say …', 'according to the army': who tells the event, not a side of it."""
    if doc is None:
        return False
    root = _root(doc, m.span_start, m.span_end)
    if root is None:
        return False
    if root.dep_ == "nsubj" and root.head.lemma_.lower() in _SPEECH_LEMMAS:
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according":
        return True
    return doc_text(doc)[max(0, m.span_start - 17):m.span_start].lower().endswith(("according to ", "according to the "))


_FORCE_ON_CROWD_LEMMAS = _HURT_LEMMAS | {"beat", "assault", "fire", "attack", "torture"}


def _hurt_agent(doc: Any, m: ActorMention) -> bool:
    """The words are who did the hurting: the subject of 'shot', 'fired', 'beat' in the report's opening
    sentence (its lead tells the event's protagonist; 'shot at' tells an attempt, not the hurt, and
    'relatives said that police shot …' a witness's account), or the agent of a passive ('were injured by the
    police', 'killed, allegedly by police')."""
    root = _root(doc, m.span_start, m.span_end)
    if root is None:
        return False
    if root.dep_ == "nsubj" and root.head.lemma_.lower() in _FORCE_ON_CROWD_LEMMAS \
            and root.sent.start == root.doc[0].sent.start \
            and not any(c.dep_ == "prep" and c.lower_ == "at" for c in root.head.children) \
            and not (root.head.dep_ == "ccomp" and root.head.head.lemma_.lower() in _SPEECH_LEMMAS):
        return True  # the report opens with the force doing it: 'Police shot and injured two protesters …'
    if root.dep_ == "pobj" and root.head.lower_ == "by":
        verb = root.head.head
        while verb.dep_ in ("advmod", "prep") and verb.head is not verb:  # "killed, allegedly by police"
            verb = verb.head
        return verb.lemma_.lower() in _FORCE_ON_CROWD_LEMMAS
    return False


def force_on_protesters(sub: str, actor1: ActorMention | None, actor2: ActorMention | None,
                        country: str | None, doc: Any = None) -> tuple[ActorMention, ActorMention] | None:
    """'Police shot two demonstrators', 'protesters were injured by the police': where the report
    names the force as the one that used violence on a demonstration, ACLED codes excessive force
    against protesters with the force as actor1 and 'Protesters (Country)' as actor2 (Codebook 2023,
    'Excessive force against protesters'); a demonstration told with no such agent keeps the
    demonstrators first."""
    if sub != "Excessive force against protesters":
        return None
    force = next((a for a in (actor1, actor2) if a is not None and a.span_start >= 0 and a.kind == "state_forces"
                  and (a.country is None or country is None or a.country.upper() == country.upper())
                  and doc is not None and _hurt_agent(doc, a)), None)
    if force is None:
        return None
    name = state_actor("protesters", country)
    if name is None:
        return None
    return force, ActorMention(name, "protesters", "", -1, -1, country, 0.5, "rule")


_CLASH_SIDE_KINDS = frozenset({"state_forces", "external_forces", "rebels", "political_militia", "identity_militia"})


def _list_head(doc: Any, m: ActorMention) -> Token | None:
    """The first of the words' list ('police and a militia': 'police'), or their own head."""
    tok = _root(doc, m.span_start, m.span_end)
    while tok is not None and tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _fallen(doc: Any, m: ActorMention) -> bool:
    """The words are (one of) who was killed or wounded: the passive subject of the verb, or listed with it."""
    tok = _list_head(doc, m)
    return tok is not None and (tok.dep_ == "nsubjpass" and tok.head.lemma_.lower() in _HURT_LEMMAS
                                or tok.dep_ == "nsubj" and tok.head.lemma_.lower() == "die")


def clash_sides(actor2: ActorMention | None, mentions: Iterable[ActorMention],
                doc: Any = None) -> tuple[ActorMention, ActorMention] | None:
    """'Five militants were killed during clashes with the army': a battle told by its dead has no agent
    for actor1, yet both of its sides are named: the armed group whose members fell is a side, not a
    victim. ACLED codes an armed clash between its two armed sides; the side the clash was 'with' (the
    one already found as actor2, itself not among the fallen) leads and the fallen side follows; a
    subject that fought ('militants ambushed a convoy') leads. People killed together ('a policeman and
    two militiamen were killed') or listed together ('with police and a militia') are one side."""
    if actor2 is None or actor2.kind not in _CLASH_SIDE_KINDS or doc is None or actor2.span_start < 0 \
            or _fallen(doc, actor2):
        return None
    for m in mentions:
        if m.span_start < 0 or m.kind not in _CLASH_SIDE_KINDS or m.canonical == actor2.canonical \
                or _overlaps(m, actor2) or is_anaphor(m.text):
            continue
        if m.kind in ("state_forces", "external_forces") and actor2.kind in ("state_forces", "external_forces"):
            continue  # two forces of the state are one side
        head = _list_head(doc, m)
        if head is None or head.i == getattr(_list_head(doc, actor2), "i", -1):
            continue  # listed with actor2 ('clashed with police and a militia'): the same side
        if head.dep_ == "nsubj" and head.head.pos_ == "VERB" and not _fallen(doc, m):
            return m, actor2  # 'militants ambushed a convoy': the subject that fought leads
        if _fallen(doc, m):
            return actor2, m
    return None


def protest_counterpart(actor1: ActorMention | None, actor2: ActorMention | None) -> ActorMention | None:
    """A demonstration's second side is who faced the demonstrators (ACLED: the force that intervened,
    or rioters who attacked them), never the people protesting themselves nor the government they
    protested against ('students staged a protest …; students were hurt', 'against the county
    government'): such an actor2 is dropped, for the default force to take its place."""
    if actor1 is None or actor1.kind != "protesters" or actor2 is None:
        return actor2
    if actor2.kind in ("civilians", "protesters") or actor2.canonical.startswith("Government of"):
        return None
    return actor2


def subject_actor(mentions: Sequence[ActorMention], doc: Any, actor2: ActorMention | None) -> ActorMention | None:
    """'The army announced an operation', 'Police closed the market': in a strategic development whose
    trigger gave no agent, the actor that is the subject of a clause of the event's sentences is the one
    that acted (not a speaker: 'police said' tells who reports it)."""
    if doc is None:
        return None
    for m in mentions:
        if m.span_start < 0 or is_anaphor(m.text) or _overlaps(m, actor2) or _is_source(doc, m) \
                or m.kind == "civilians":  # civilians are not coded as the side that acted
            continue
        root = _root(doc, m.span_start, m.span_end)
        if root is not None and root.dep_ == "nsubj" and root.head.pos_ == "VERB":
            return replace(m, source="subject")
    return None


_BRIEF_CHARS = 1200  # a note or brief of a few sentences tells one incident: a group it names is that incident's
# words of a sentence that tells who is held responsible ("the device was likely planted by X", "X are the
# suspected perpetrators", "police blamed X")
_ATTRIBUTION = frozenset({"suspected", "believed", "likely", "presumably", "planted", "blamed", "blame",
                          "responsible", "perpetrators", "perpetrator", "suspect", "attributed", "behind"})


_HEDGE_WORDS = frozenset({"unclear", "unconfirmed", "unverified"})
_HEDGED_IF_NEGATED = frozenset({"clear", "confirm", "confirmed", "known", "certain", "verified", "establish",
                                "established", "speculate", "speculated", "identify", "identified", "determine",
                                "determined"})


def _hedged(sent: Span) -> bool:
    """'It is not clear who the perpetrators were', 'X are suspected, but not confirmed': a sentence
    that names a group while saying the perpetrators are not known does not attribute the event."""
    for t in sent:
        if t.lower_ in _HEDGE_WORDS:
            return True
        if t.lower_ in _HEDGED_IF_NEGATED and (any(c.dep_ == "neg" for c in t.children)
                                               or (t.i > sent.start and t.nbor(-1).lower_ in ("not", "n't"))):
            return True
    return False


def _attribution_linked(doc: Any, m: ActorMention) -> bool:
    """The group is the one the attribution words are about: 'believed to be X', 'planted by X',
    'police blamed X', 'X are the suspected perpetrators'; not a group another clause of that
    sentence names ('soldiers clashed with X, leaving three suspected gunmen dead')."""
    tok = _root(doc, m.span_start, m.span_end)
    if tok is not None and any(c.dep_ == "amod" and c.lower_ in ("suspected", "presumed", "alleged")
                               for c in doc[_tok_before_mention(doc, m):tok.i + 1]):
        return True  # "suspected al Shabaab attacked …": the group itself is called the suspect
    for _ in range(4):
        if tok is None:
            return False
        if tok.lower_ in _ATTRIBUTION or any(c.lower_ in _ATTRIBUTION and c.dep_ in ("attr", "acomp", "advmod")
                                             for c in tok.children):
            return True
        if tok.head is tok:
            return False
        tok = tok.head
    return False


def _attributed_after(sents: Sequence[Span], earlier: Any) -> list[ActorMention]:
    """The mentions of the two sentences after the event's, in a brief report, where such a sentence
    tells who is held responsible: ACLED notes and wire briefs name the suspected group there."""
    if not sents or earlier is None:
        return []
    doc = sents[0].doc
    if len(doc_text(doc)) > _BRIEF_CHARS:
        return []
    out: list[ActorMention] = []
    end = sents[-1].end
    for _ in range(2):  # the next sentence or the one after ("… the officers were escorting a truck. Police
        if end >= len(doc):  # blamed X.")
            break
        nxt = doc[end].sent
        if any(t.lower_ in _ATTRIBUTION for t in nxt) and not _hedged(nxt):
            out += [m for m in earlier.between(nxt.start_char, nxt.end_char) if _attribution_linked(doc, m)]
        end = nxt.end
    if sents[0].start > 0:  # "… when suspected X attacked a bar. Witnesses heard two blasts": the sentence before
        prev = doc[sents[0].start - 1].sent
        if any(t.lower_ in _ATTRIBUTION for t in prev) and not _hedged(prev):
            out += [m for m in earlier.between(prev.start_char, prev.end_char) if _attribution_linked(doc, m)]
    return out


def suspected_group(mentions: Sequence[ActorMention], sents: Sequence[Span], earlier: Any,
                    actor2: ActorMention | None) -> ActorMention | None:
    """The one named armed group that acted in a violent event whose trigger gave no agent: 'when
    Taliban militants fired on the post', or, in a brief report, 'the device was believed to have been
    planted by JNIM' in the next sentence. A group told as the victim ('three Taliban fighters were
    killed') or as the opponent (actor2) is not the agent; two different groups leave it unknown."""
    if not sents:
        return None
    doc = sents[0].doc
    pool: Sequence[ActorMention] = list(mentions) + _attributed_after(sents, earlier)
    found: dict[str, ActorMention] = {}
    for m in pool:
        if m.source != "alias" or m.kind not in _ARMED_NON_STATE or m.span_start < 0 or _overlaps(m, actor2) \
                or (actor2 is not None and m.canonical == actor2.canonical) or _in_hedged_sentence(doc, m):
            continue
        root = _root(doc, m.span_start, m.span_end)
        if root is None or _hurt_slot(root):
            return None  # a group that was hit is not also the one that struck
        found.setdefault(m.canonical, m)
    if len(found) != 1 and not _one_side(doc, list(found.values())):
        return None
    first_named = min(found.values(), key=lambda m: m.span_start)
    return replace(first_named, source="attributed")


def _one_side(doc: Any, groups: Sequence[ActorMention]) -> bool:
    """'suspected JNIM or ISGS militants', 'JNIM and/or ISGS': groups named as alternatives for the one
    suspect side (ACLED's 'X and/or Y'); the first named stands for it."""
    if len(groups) < 2:
        return False
    ms = sorted(groups, key=lambda m: m.span_start)
    text = doc_text(doc)
    return all(text[a.span_end:b.span_start].strip(" ,").lower() in ("or", "and/or", "and or")
               for a, b in zip(ms, ms[1:]))


_BELIEF_LEMMAS = frozenset({"believe", "suspect", "think", "say", "report", "allege", "know", "understand",
                            "presume", "thought", "believed", "suspected", "alleged", "reported"})


def _hurt_slot(root: Token) -> bool:
    """The words are the ones hurt, killed or arrested: a passive subject, or the object of the verb."""
    tok = root
    while tok.dep_ in ("compound", "amod", "conj", "appos") and tok.head is not tok:
        tok = tok.head
    if tok.dep_ == "nsubjpass":
        # "X is believed to be responsible", "X were suspected": who is blamed, not who was hurt
        return tok.head.lemma_.lower() not in _BELIEF_LEMMAS
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in _HURT_LEMMAS | {"arrest", "capture", "target", "attack"}:
        return True
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in ("die", "suffer", "sustain")


def other_side(actor1: ActorMention, mentions: Sequence[ActorMention], sents: Sequence[Span],
               earlier: Any) -> ActorMention | None:
    """The side a strategic development was done to or agreed with: '30 militants surrendered to
    Afghan forces', 'the army defused a bomb planted by JNIM' (in a brief, the next sentence's 'the
    device was planted by ISGS'), 'Sudan and the SPLM signed an accord'. An armed group or a force
    other than actor1, not a speaker."""
    if not sents:
        return None
    doc = sents[0].doc
    pool: Sequence[ActorMention] = list(mentions) + _attributed_after(sents, earlier)
    # the other side is across the state line: a force for a group, a group for a force ("JNIM and/or
    # ISGS militants", "the army and the police" are one side each); a named group before a generic one
    want = _ARMED_NON_STATE if actor1.kind in _STATE else _STATE if actor1.kind in _ARMED_NON_STATE else frozenset()
    found = [m for m in pool
             if m.kind in want and m.span_start >= 0 and not is_anaphor(m.text) and not _overlaps(m, actor1)
             and m.canonical != actor1.canonical and not m.canonical.startswith("Government of")
             and not _is_source(doc, m)]
    found.sort(key=lambda m: _generic_armed(m))
    return replace(in_country(found[0], actor1.country), source="opponent") if found else None


def _trailing_source(doc: Any, m: ActorMention) -> bool:
    """'Four officers were killed when a bomb hit their truck, police said': the speaker named after
    what it tells (the reported clause comes first) is not a side of it; 'the army said it had retaken
    the town' (the speaker first) may well be."""
    root = _root(doc, m.span_start, m.span_end)
    if root is None or root.dep_ != "nsubj" or root.head.lemma_.lower() not in _SPEECH_LEMMAS:
        return False
    return any(c.dep_ == "ccomp" and c.i < root.i for c in root.head.children)


@lru_cache(maxsize=1)
def _riot_property() -> tuple[frozenset[str], frozenset[str]]:
    data: dict[str, Any] = _load_json("actors.json").get("riot_property", {})
    return frozenset(w.lower() for w in data.get("verbs", ())), frozenset(w.lower() for w in data.get("nouns", ()))


def riot_victims(sents: Sequence[Span], actor1: ActorMention | None, country: str | None) -> ActorMention | None:
    """The civilians a riot acted on: people hurt in a victim's slot ('assaulted a trader'), or the
    houses, shops and vehicles it burned or smashed ('set fire to a bus', 'vandalised homes'): ACLED
    codes the owners of such property as 'Civilians (Country)' (Codebook 2023, 'Mob violence',
    'Violent demonstration': the second actor is who the rioters targeted). Property in a sentence
    that names a force ('a bus and a police van') leaves the second side to the force."""
    if crowds_clashed(sents) or any(t.lemma_.lower() in _CLASH_LEMMAS for sent in sents for t in sent):
        return None  # crowds fought: the people hurt were on either side, both rioters (settle, the default)
    exclude = [(actor1.span_start, actor1.span_end)] if actor1 is not None and actor1.span_start >= 0 else []
    hurt = victim_side(sents, exclude, country)
    if hurt is not None:
        return hurt if hurt.kind == "civilians" else None
    person = _person_assaulted(sents, exclude, country)
    if person is not None:
        return person
    verbs, nouns = _riot_property()
    for sent in sents:
        if any(t.lower_ in _FORCE_WORDS for t in sent):
            continue  # "burned a bus and a police van": the police faced it, ACLED's usual second side
        for tok in sent:
            if tok.lower_ not in nouns or tok.pos_ != "NOUN" or any(s <= tok.idx < e for s, e in exclude):
                continue
            if any(c.lower_ in _FORCE_WORDS for c in tok.children):
                continue
            head = tok.head
            if tok.dep_ == "pobj":  # "set fire to a bus", "set a bus on fire"
                head = head.head.head if head.head.lower_ == "fire" else head.head
            if tok.dep_ not in ("dobj", "pobj", "nsubjpass") or head.lemma_.lower() not in verbs:
                continue
            return _civilians_at(tok, sent, country, "property")
    return None


_ASSAULT_LEMMAS = _HURT_LEMMAS | {"assault", "attack", "beat", "lynch", "stone", "hack", "torture", "thrash",
                                  "injure", "manhandle", "harass", "abduct", "kidnap"}


def _person_assaulted(sents: Sequence[Span], exclude: Sequence[tuple[int, int]],
                      country: str | None) -> ActorMention | None:
    """'assaulted and injured a local leader', 'stoned two suspects to death', 'attacked the rally of a
    rival candidate': the one a crowd beat, stoned or attacked, when it is no force, post or
    property, is ACLED's 'Civilians (Country)' (people of no armed group hurt by rioters)."""
    _, property_nouns = _riot_property()
    for sent in sents:
        for tok in sent:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in _ASSAULT_LEMMAS:
                continue
            objs = [c for c in tok.children if c.dep_ == "dobj"]
            objs += [c for v in tok.conjuncts if v.i > tok.i for c in v.children if c.dep_ == "dobj"]  # "assaulted and injured X"
            for obj in objs:
                if obj.pos_ not in ("NOUN", "PROPN") or any(s <= obj.idx < e for s, e in exclude):
                    continue
                if _force_words(obj) or obj.lower_ in property_nouns or obj.lower_ in _force_target_words()[1]:
                    continue
                return _civilians_at(obj, sent, country, "victim")
    return None


def _civilians_at(tok: Token, sent: Span, country: str | None, reason: str) -> ActorMention | None:
    """'Civilians (Country)' as a riot's second side, told by ``tok`` and the words before it in its sentence."""
    name = state_actor("civilians", country)
    if name is None:
        return None
    left = tok.left_edge.idx if tok.left_edge.i >= sent.start else tok.idx
    return ActorMention(name, "civilians", doc_text(sent.doc)[left:tok.idx + len(tok)], left,
                        tok.idx + len(tok), country, 0.45, reason)


_PROTESTER_WORDS = frozenset({"protesters", "protestors", "demonstrators", "marchers", "strikers", "protester",
                              "demonstrator", "crowd", "crowds"})


def crowd_on_protest(sents: Sequence[Span], country: str | None) -> ActorMention | None:
    """'members of <party> attacked the demonstrators', 'unidentified men assaulted the marchers': a
    demonstration that people of no force set on had rioters, not the police, as its second side
    (ACLED codes the attackers of a protest who are no state force as 'Rioters (Country)'). A force
    named as the subject of such an act leaves the second side to the force."""
    found: ActorMention | None = None
    for sent in sents:
        for tok in sent:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in _ASSAULT_LEMMAS | {"obstruct", "disrupt", "chase"}:
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
                continue
            if _force_words(subj):
                return None
            if subj.lower_ in _PROTESTER_WORDS or found is not None:
                continue
            name = state_actor("rioters", country)
            if name is None:
                return None
            start = subj.left_edge.idx if subj.left_edge.i >= sent.start else subj.idx
            found = ActorMention(name, "rioters", doc_text(sent.doc)[start:subj.idx + len(subj)], start,
                                 subj.idx + len(subj), country, 0.45, "crowd")
    return found


def _generic_armed_default(m: ActorMention) -> bool:
    return m.canonical.startswith("Unidentified Armed Group")


@lru_cache(maxsize=1)
def _measure_words() -> tuple[frozenset[str], frozenset[str]]:
    data: dict[str, Any] = _load_json("actors.json").get("government_measures", {})
    return frozenset(data.get("nouns", ())), frozenset(data.get("verbs", ()))


def government_measure(sents: Sequence[Span], actor1: ActorMention | None, country: str | None) -> ActorMention | None:
    """'A nightly curfew was imposed on the town', 'authorities declared a state of emergency': the
    government of the event's country ordered it; None when no such measure is ordered in the sentences."""
    nouns, verbs = _measure_words()
    code = country or (actor1.country if actor1 is not None else None)
    if not code:
        return None
    for sent in sents:
        for tok in sent:
            if tok.lemma_.lower() in nouns and any(a.lemma_.lower() in verbs for a in list(tok.ancestors)[:3]):
                name = state_actor("government", code)
                if name is None:
                    return None
                if actor1 is not None:
                    return replace(actor1, canonical=name, kind="state_forces", country=code)
                return ActorMention(name, "state_forces", "", -1, -1, code, 0.4, "rule")
    return None


@lru_cache(maxsize=1)
def _defence_verbs() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    verbs = _load_json("actors.json").get("defence_verbs", {}).get("verbs", ())
    one = frozenset(v for v in verbs if " " not in v)
    two = frozenset(tuple(v.split(" ", 1)) for v in verbs if " " in v)
    return one, two


def _defended(doc: Any, force: ActorMention) -> bool:
    """True when the force is the one that beat off an attack: the subject of 'repelled', 'responded
    to', 'fought off' (data: defence_verbs)."""
    root = _root(doc, force.span_start, force.span_end)
    if root is None or root.dep_ != "nsubj":
        return False
    one, two = _defence_verbs()
    verb = root.head
    lemma = verb.lemma_.lower()
    if lemma in one:
        return True
    return any((lemma, c.lower_) in two for c in verb.children if c.dep_ in ("prt", "advmod", "prep"))


@lru_cache(maxsize=1)
def _missions() -> tuple[dict[str, Any], ...]:
    return tuple(_load_json("actors.json").get("coalition_forces", {}).get("missions", ()))


def coalition_force(m: ActorMention | None, country: str | None, day: str | None) -> ActorMention | None:
    """'US forces conducted an airstrike in Kunar' (2020): a contributing nation's forces acting in the
    host country of a multinational mission, within its dates, are the mission's (actors.json
    coalition_forces); any other actor is returned unchanged."""
    if m is None or not country or m.kind not in _STATE or not m.canonical.startswith("Military Forces of "):
        return m
    own = (m.country or "").upper()
    for mission in _missions():
        if country.upper() != mission["host"] or own not in mission["members"] or own == mission["host"]:
            continue
        if day is not None and not mission["from"] <= day[:10] <= mission["until"]:
            continue
        return replace(m, canonical=mission["canonical"], kind="external_forces", country=None)
    return m


def unforced_disruption(actor1: ActorMention | None, actor2: ActorMention | None, told: Sequence[ActorMention],
                        country: str | None) -> tuple[ActorMention | None, ActorMention | None]:
    """A disrupted weapon that no force is told to have found or stopped ('two militants were killed
    while planting a mine', 'residents found an unexploded shell'): the default police did nothing; the
    side is the group whose device it was, the armed group the report names, else an unidentified
    armed group (ACLED Codebook 2023, 'Disrupted weapons use': a device that goes off while being
    planted or is found unexploded is coded for the actor that placed it)."""
    if any(m.span_start >= 0 and m.kind in _STATE for m in told):
        return actor1, actor2
    if actor1 is not None and actor1.kind == "civilians":
        actor1 = None  # "pupils found a grenade": who found it did not disrupt anything
    if actor1 is not None and (actor1.span_start >= 0 or actor1.kind not in _STATE):
        return actor1, actor2
    if actor2 is not None and actor2.kind in _ARMED_NON_STATE:
        return replace(actor2, source="attributed"), None
    name = state_actor("armed_unknown", country)
    if name is None:
        return actor1, actor2
    return ActorMention(name, "rebels", "", -1, -1, country, 0.3, "rule"), actor2


def agreement_parties(mentions: Sequence[ActorMention], sents: Sequence[Span], actor1: ActorMention | None,
                      actor2: ActorMention | None) -> tuple[ActorMention | None, ActorMention | None]:
    """'Armed groups including the MNLA signed a ceasefire with the government', 'a truce between the Pokot
    and the Marakwet': an agreement's sides are the parties named in its sentences, the first named
    actor1 and the next other one actor2 (ACLED Codebook 2023, 'Agreement': the actors are the parties to
    it); speakers and civilians are none. A side the parse found is kept, unless it is only coordinated
    with a party named before it ('between X and Y': X first)."""
    doc = sents[0].doc if sents else None
    parties: list[ActorMention] = []
    for m in sorted(mentions, key=lambda m: m.span_start):
        if m.span_start < 0 or is_anaphor(m.text) or m.kind in ("civilians", "protesters", "rioters") \
                or (doc is not None and _is_source(doc, m)) or any(m.canonical == p.canonical for p in parties):
            continue
        parties.append(m)
    if not parties:
        return actor1, actor2
    if actor1 is not None and actor1.span_start >= 0 and doc is not None and parties[0].canonical != actor1.canonical:
        root = _root(doc, actor1.span_start, actor1.span_end)
        if root is not None and root.dep_ == "conj" and parties[0].span_start <= root.head.idx < parties[0].span_end:
            actor1, actor2 = None, actor1  # "between the Pokot and the Marakwet": the parse took the second
    first = actor1 or replace(parties[0], source="subject")
    second = actor2 if actor2 is not None and actor2.canonical != first.canonical else None
    if second is None:
        other = next((p for p in parties if p.canonical != first.canonical), None)
        second = replace(other, source="opponent") if other is not None else None
    return first, second


_INQUIRY_LEMMAS = frozenset({"investigate", "probe"})


def _investigator(doc: Any, m: ActorMention) -> bool:
    """'Police are investigating the killing', 'detectives probe the attack': the subject of an inquiry."""
    root = _root(doc, m.span_start, m.span_end)
    return root is not None and root.dep_ == "nsubj" and root.head.lemma_.lower() in _INQUIRY_LEMMAS


def force_post_subject(sents: Iterable[Span], country: str | None) -> ActorMention | None:
    """'The police station closed down', 'the army camp was evacuated': a force's post that is the subject
    of a change names the force whose activity changed (ACLED Codebook 2023, 'Change to group/activity')."""
    for sent, tok, place, name in _force_places(sents, country):
        if place.dep_ in ("nsubj", "nsubjpass") and place.head.pos_ in ("VERB", "AUX"):
            return _force_place_mention(sent, tok, place, name, country, "subject")
    return None


def _in_hedged_sentence(doc: Any, m: ActorMention) -> bool:
    """'The report mentions earlier attacks by X but does not speculate who was responsible': a group
    named in a sentence that says the perpetrators are not known is no suspect."""
    root = _root(doc, m.span_start, m.span_end)
    return root is not None and _hedged(root.sent)


def _tok_before_mention(doc: Any, m: ActorMention) -> int:
    """Index of the first token of a mention's span, or of the token before it (an amod before the span)."""
    span = doc.char_span(m.span_start, m.span_end, alignment_mode="expand")
    start = span.start if span is not None else 0
    return max(0, start - 1)
