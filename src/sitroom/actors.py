"""Actors: mentions in the text normalised to ACLED-style canonical actors.

Knowledge lives in ``data/actors.json`` (named groups with aliases, generic
force / civilian / protester nouns, anaphoric phrases) and
``data/countries.json`` (ACLED country names, demonyms, aliases).

``find_actors(doc, focus_country=...)`` returns one :class:`ActorMention` per
mention, with offsets. Generic mentions ("the army", "Iraqi troops",
"villagers") are resolved against the demonym or country they carry, else the
article's country in focus. Anaphora ("the group", "the militants") are
resolved by the events stage, which knows the discourse order
(:func:`is_anaphor`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .doctools import doc_text, tokens
from .records import ActorMention


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    demonyms: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ActorLexicon:
    version: int
    named: tuple[dict[str, Any], ...]
    alias_to_named: dict[str, int]  # lower-cased alias -> index in named (case-insensitive ones)
    acronym_to_named: dict[str, int]  # exact-case acronyms
    generic: dict[str, frozenset[str]]  # category -> phrases (lower case)
    generic_heads: dict[str, str]  # head word (lower) -> category
    single_heads: dict[str, str]  # one-word generic phrases (lower) -> category: a head that is an actor alone
    generic_modifiers: frozenset[str]  # words before the head in multi-word generic phrases
    anaphora: frozenset[str]
    countries: dict[str, Country]
    demonym_to_country: dict[str, str]  # lower demonym/name/alias -> code


def _load_json(name: str) -> Any:
    return json.loads(resources.files("sitroom.data").joinpath(name).read_text(encoding="utf-8"))


def _is_acronym(alias: str) -> bool:
    return len(alias) <= 4 and alias.replace("-", "").replace(".", "").isupper()


@lru_cache(maxsize=1)
def lexicon() -> ActorLexicon:
    data = _load_json("actors.json")
    cdata = _load_json("countries.json")
    named = tuple(data["named"])
    alias_to_named: dict[str, int] = {}
    acronym_to_named: dict[str, int] = {}
    for i, entry in enumerate(named):
        for alias in entry["aliases"]:
            if _is_acronym(alias):
                acronym_to_named[alias] = i
            else:
                alias_to_named.setdefault(alias.lower(), i)
    generic = {k: frozenset(v) for k, v in data["generic"].items()}
    heads: dict[str, str] = {}
    single: dict[str, str] = {}
    mods: set[str] = set()
    for cat, phrases in data["generic"].items():
        for p in phrases:
            words = p.lower().split()
            heads.setdefault(words[-1], cat)
            if len(words) == 1:
                single.setdefault(words[0], cat)
            mods.update(words[:-1])
    mods -= {"of"}
    countries: dict[str, Country] = {}
    dem: dict[str, str] = {}
    for code, c in cdata["countries"].items():
        countries[code] = Country(code, c["name"], tuple(c["demonyms"]), tuple(c["aliases"]))
    # names first, then aliases, then demonyms: the more specific wins on clashes
    for code, c in countries.items():
        dem.setdefault(c.name.lower(), code)
    for code, c in countries.items():
        for a in c.aliases:
            dem.setdefault(a.lower(), code)
        for d in c.demonyms:
            dem.setdefault(d.lower(), code)
    return ActorLexicon(data["version"], named, alias_to_named, acronym_to_named, generic, heads, single, frozenset(mods),
                        frozenset(a.lower() for a in data["anaphora"]), countries, dem)


def ruler_patterns() -> list[dict[str, Any]]:
    """Entity-ruler patterns: every named actor alias is one ORG entity."""
    lex = lexicon()
    pats: list[dict[str, Any]] = []
    for entry in lex.named:
        for alias in entry["aliases"]:
            if _is_acronym(alias):
                continue  # acronyms are matched by the actors stage, not forced on NER
            pats.append({"label": "ORG", "pattern": alias, "id": entry["canonical"]})
    return pats


def country_name(code: str | None) -> str | None:
    if not code:
        return None
    c = lexicon().countries.get(code.upper())
    return c.name if c else None


def country_of_word(word: str) -> str | None:
    """ISO code for a demonym, country name or alias ("Iraqi", "Britain", "DRC").

    Acronyms ("US", "CAR", "UK") match only in capitals, so "us" and "car" are not countries.
    """
    w = word.strip()
    code = lexicon().demonym_to_country.get(w.lower())
    if code is None:
        return None
    if w.lower() in _acronym_words() and not w.replace(".", "").isupper():
        return None
    if not w[:1].isupper():
        return None
    return code


@lru_cache(maxsize=1)
def _acronym_words() -> frozenset[str]:
    lex = lexicon()
    out = set()
    for c in lex.countries.values():
        for a in (*c.aliases, *c.demonyms, c.name):
            if a.replace(".", "").replace(" ", "").isupper():
                out.add(a.lower())
    return frozenset(out)


def state_actor(kind: str, code: str | None) -> str | None:
    """ACLED name of a state or population actor of a country."""
    name = country_name(code)
    if name is None:
        return {"military": None, "police": None, "civilians": "Civilians", "protesters": "Protesters",
                "rioters": "Rioters", "armed_unknown": "Unidentified Armed Group",
                "identity_unknown": "Unidentified Ethnic Militia"}.get(kind)
    return {
        "military": f"Military Forces of {name}",
        "police": f"Police Forces of {name}",
        "civilians": f"Civilians ({name})",
        "protesters": f"Protesters ({name})",
        "rioters": f"Rioters ({name})",
        "armed_unknown": f"Unidentified Armed Group ({name})",
        "identity_unknown": f"Unidentified Ethnic Militia ({name})",  # raiders, rustlers: ACLED inter 4
        "government": f"Government of {name}",
    }.get(kind)


KIND_OF_CATEGORY = {"military": "state_forces", "police": "state_forces", "government": "state_forces", "civilians": "civilians",
                    "protesters": "protesters", "rioters": "rioters", "armed_unknown": "rebels",
                    "identity_unknown": "identity_militia"}


@lru_cache(maxsize=4)
def _matchers(vocab_id: int, vocab: Any) -> tuple[PhraseMatcher, PhraseMatcher]:
    from spacy.lang.en import English

    lex = lexicon()
    tok = English().tokenizer
    lower = PhraseMatcher(vocab, attr="LOWER")
    exact = PhraseMatcher(vocab, attr="ORTH")
    for alias, i in lex.alias_to_named.items():
        lower.add(str(i), [tok(alias)])
    for alias, i in lex.acronym_to_named.items():
        exact.add(str(i), [tok(alias)])
    return lower, exact


_GENERIC_MODS = {"compound", "amod", "nmod", "poss"}
_BAD_AMOD = re.compile(r"^(former|ex|retired|fake|alleged)$", re.I)


def _country_in_modifiers(head: Token) -> tuple[str | None, int]:
    """A demonym or country among the head's modifiers, and the leftmost token index used."""
    left = head.i
    code = None
    for child in head.children:
        if child.dep_ in _GENERIC_MODS and child.i < head.i:
            # multi-word demonyms ("Saudi Arabian", "South Sudanese")
            phrase = child.doc[child.left_edge.i: child.i + 1].text
            c = country_of_word(phrase) or country_of_word(child.text)
            if c is None and child.dep_ == "compound":  # "French Operation Barkhane forces"
                c = next((k for t in child.doc[child.left_edge.i: child.i] if t.pos_ in ("ADJ", "PROPN")
                          and (k := country_of_word(t.text))), None)
            if c:
                code = c
                left = min(left, child.left_edge.i)
            elif child.dep_ in ("compound", "amod"):
                left = min(left, child.i)
    for child in head.children:  # "forces of Iraq"
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    c = country_of_word(obj.text)
                    if c:
                        code = code or c
    return code, left


def _generic_category(head: Token, text_lower: str) -> str | None:
    lex = lexicon()
    for cat, phrases in lex.generic.items():
        if text_lower in phrases:
            return cat
    # multi-word phrases ending in the head ("security forces", "armed men")
    for cat, phrases in lex.generic.items():
        for p in phrases:
            if " " in p and text_lower.endswith(p):
                return cat
    # a head word that is an actor only in its phrase ("armed men", "aid workers") is none alone ("two men")
    return lex.single_heads.get(head.lower_) if head.tag_ in ("NN", "NNS", "NNP", "NNPS") else None


def find_actors(doc: Doc, *, focus_country: str | None = None) -> list[ActorMention]:
    """All actor mentions in a parsed document, in text order, with offsets."""
    lex = lexicon()
    lower, exact = _matchers(id(doc.vocab), doc.vocab)
    taken: set[int] = set()
    out: list[ActorMention] = []
    spans: list[tuple[int, int, int]] = []
    for match_id, s, e in list(lower(doc)) + list(exact(doc)):
        spans.append((s, e, int(doc.vocab.strings[match_id])))
    spans.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    for s, e, idx in spans:
        if any(i in taken for i in range(s, e)):
            continue
        span = doc[s:e]
        if span.text == "IS" and not _acronym_context_ok(span):
            continue
        # swallow a following head noun ("ISIS militants", "Taliban fighters")
        end = e
        if end < len(doc) and doc[end].lower_ in lex.generic_heads and doc[end].tag_ in ("NNS", "NN"):
            end += 1
        entry = lex.named[idx]
        taken.update(range(s, end))
        mspan = doc[s:end]
        out.append(ActorMention(entry["canonical"], entry["kind"], mspan.text, mspan.start_char,
                                mspan.end_char, entry.get("country"), 0.9, "alias"))
    for tok in tokens(doc):
        if tok.i in taken or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if tok.lower_ == "ministry":
            m = _ministry(tok, focus_country)
            if m is not None:
                taken.update(range(m.start, m.end))
                out.append(m.mention)
            continue
        ident = _identity_militia(tok, taken, focus_country) or _ethnic_group(tok, taken, focus_country)
        if ident is not None:
            taken.update(range(ident.start, ident.end))
            out.append(ident.mention)
            continue
        if tok.lower_ not in lex.generic_heads:
            continue
        if tok.dep_ == "compound" and tok.head.lower_ not in _force_action_nouns():
            continue  # "police station", "army base": modifier, not the actor ("army fire" is the army's)
        code, left = _country_in_modifiers(tok)
        # extend left over the modifiers of multi-word generic phrases ("security forces")
        i = tok.i
        mods = lex.generic_modifiers
        while i - 1 >= 0 and doc[i - 1].lower_ in mods and doc[i - 1].head.i in (tok.i, i):
            i -= 1
        if code is None:
            left = i
        else:
            left = min(left, i)
        while left < tok.i and (doc[left].is_punct or doc[left].like_num or doc[left].ent_type_ in ("DATE", "TIME")):
            left += 1  # "MOSCOW, April 29 - Russian forces": the dateline is not part of the name
        phrase = doc[left: tok.i + 1]
        if any(_BAD_AMOD.match(t.text) for t in phrase):
            continue
        core = " ".join(t.lower_ for t in doc[i: tok.i + 1] if country_of_word(t.text) is None)
        cat = _generic_category(tok, core)
        if cat is None:
            continue
        if cat == "government" and tok.i + 1 < len(doc) and (doc[tok.i + 1].pos_ in ("NOUN", "PROPN", "ADJ")
                                                               or doc[tok.i + 1].tag_ == "POS"):
            continue  # "a government school", "local government area": a modifier, not the actor
        if cat == "military" and tok.lower_ in ("forces", "force") and code is None and core in ("forces", "force"):
            continue  # bare "forces" is too vague without a country
        if cat == "police" and tok.lower_ == "officers" and code is None and core == "officers":
            continue
        ctry = code or focus_country
        canonical = state_actor(cat, ctry)
        if canonical is None:
            continue
        conf = 0.8 if code else 0.6
        taken.update(range(left, tok.i + 1))
        out.append(ActorMention(canonical, KIND_OF_CATEGORY[cat], phrase.text, phrase.start_char,
                                phrase.end_char, ctry, conf, "rule"))
    out.sort(key=lambda a: a.span_start)
    return _umbrella_named(doc.text, out)


_ARMED_GROUP_KINDS = frozenset({"rebels", "political_militia", "identity_militia"})


_HEDGED_BRACKET = re.compile(r"\s*\(\s*(?:(?:believed|thought|suspected|presumed|said|reported|alleged)\s+to\s+be"
                             r"|likely|probably|presumably|possibly|allegedly|reportedly|suspected|presumed)"
                             r"(?:\s+(?:the|members\s+of))?\s*$", re.I)
_BRACKET_REST = re.compile(r"^(?:\s*(?:and/or|and|or|/|,)\s*[\w' -]{1,30}?)?\s*(?:militants|fighters|members)?\s*\)")


def _umbrella_named(text: str, found: list[ActorMention]) -> list[ActorMention]:
    """'Katiba Macina (JNIM) militants', 'Ansarul Islam (JNIM)': a named armed group followed by another
    named group in brackets is a unit of that umbrella, and unnamed 'fighters (VDP)' are the group named (Katiba Macina and Ansarul Islam are named as
    JNIM's components or allies: en.wikipedia.org/wiki/Jama'at_Nasr_al-Islam_wal_Muslimin), and the
    writer's bracket names the side; the unit's words stay the mention's text."""
    out = list(found)
    for i, (a, b) in enumerate(zip(found, found[1:])):
        generic = a.source == "rule" and a.canonical.startswith("Unidentified")  # "volunteer fighters (VDP)"
        if not (a.source == "alias" or generic) or b.source != "alias" or a.canonical == b.canonical \
                or a.kind not in _ARMED_GROUP_KINDS or b.kind not in _ARMED_GROUP_KINDS:
            continue
        if text[a.span_end:b.span_start].strip() == "(" and text[b.span_end:b.span_end + 2].lstrip().startswith(")"):
            out[i] = replace(a, canonical=b.canonical, kind=b.kind, country=b.country or a.country)
        elif generic and _HEDGED_BRACKET.match(text[a.span_end:b.span_start]) \
                and _BRACKET_REST.match(text[b.span_end:b.span_end + 60]):
            # "fighters (thought to be X or Y)", "gunmen (likely Al Shabaab)": the writer's
            # bracket names the suspected side; the first group named stands for it
            out[i] = replace(a, canonical=b.canonical, kind=b.kind, country=b.country or a.country)
    return out


def _acronym_context_ok(span: Span) -> bool:
    """'IS' is the group only where it cannot be the verb: 'IS fighters', 'the IS', 'IS-held'."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    prev = doc[span.start - 1] if span.start > 0 else None
    if span.text != "IS":
        return True
    if doc_text(doc).isupper():
        return False
    if nxt is not None and (nxt.lower_ in lexicon().generic_heads or nxt.text in ("-", "group", "'s")):
        return True
    return prev is not None and prev.lower_ in ("the", "of", "by", "against", "from", "with")


@lru_cache(maxsize=1)
def _identity_words() -> tuple[frozenset[str], frozenset[str]]:
    data = _load_json("actors.json").get("identity_militia", {})
    return frozenset(data.get("heads", ())), frozenset(data.get("not_names", ()))


def _identity_militia(tok: Token, taken: set[int], focus_country: str | None) -> _Found | None:
    """'Borana militiamen', 'the Gabra raiders', 'Isiolo militia': a militia named by the people or the
    place it comes from, ACLED's '<Group> Ethnic Militia (<Country>)' / '<Place> Communal Militia (<Country>)'."""
    heads, not_names = _identity_words()
    if tok.lower_ not in heads:
        return None
    doc = tok.doc
    i = tok.i
    while i - 1 >= 0 and (i - 1) not in taken and doc[i - 1].is_title and doc[i - 1].pos_ in ("PROPN", "ADJ", "NOUN") \
            and doc[i - 1].lower_ not in not_names and i - 1 >= doc[tok.i].sent.start:
        i -= 1
    if i == tok.i or i == doc[tok.i].sent.start and doc[i].ent_type_ == "":
        return None  # nothing names the group, or a capital only because it starts the sentence
    name_toks = doc[i:tok.i]
    name = name_toks.text
    if country_of_word(name) or any(country_of_word(t.text) for t in name_toks) or doc_text(doc).isupper():
        return None  # "Kenyan militia", "Somali militiamen": a country's, left to the generic rule
    if any(t.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL") for t in name_toks):
        return None
    place = all(t.ent_type_ in ("GPE", "LOC", "FAC") for t in name_toks)
    ctry = focus_country
    cname = country_name(ctry)
    label = "Communal" if place else "Ethnic"
    canonical = f"{name} {label} Militia" + (f" ({cname})" if cname else "")
    span = doc[i:tok.i + 1]
    return _Found(i, tok.i + 1, ActorMention(canonical, "identity_militia", span.text, span.start_char, span.end_char,
                                             ctry, 0.6, "rule"))


@lru_cache(maxsize=1)
def _ethnic_names() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Lower-cased name or spelling of a people -> (the name ACLED uses, the countries it applies to)."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for g in _load_json("actors.json").get("ethnic_groups", {}).get("groups", ()):
        for form in (g["name"], *g.get("forms", ())):
            out.setdefault(form.lower(), (g["name"], tuple(g["countries"])))
    return out


# words after a people's name that make it the people hurt or a place, not a militia
_ETHNIC_NOT_AFTER = frozenset({
    "herders", "herder", "herdsmen", "civilians", "villagers", "residents", "people", "women", "woman", "children",
    "child", "man", "men", "boy", "boys", "girl", "girls", "family", "families", "farmers", "farmer", "pastoralists",
    "elders", "elder", "traders", "students", "houses", "homes", "village", "villages", "land", "lands", "cattle",
    "livestock", "animals", "camels", "goats", "county", "district", "region", "division", "location", "constituency",
    "town", "area", "road", "lake", "province", "sub-county", "mp", "leaders", "leader", "politicians", "language",
    "'s", "’s", "east", "west", "north", "south", "central", "side", "border", "members", "member"})
_ETHNIC_NOT_BEFORE = frozenset({"west", "east", "north", "south", "central", "lake", "in", "at", "near", "to", "of",
                                "from", "into", "across", "around", "outside", "inside", "within"})
# words after the name that belong to the militia's phrase ("Pokot raiders", "the Garre clan", "Kikuyu youths")
_ETHNIC_GROUP_WORDS = frozenset({
    "community", "communities", "clan", "clans", "tribe", "tribes", "tribesmen", "clansmen", "militia", "militias",
    "militiamen", "raiders", "bandits", "gunmen", "youths", "youth", "warriors", "fighters", "attackers", "morans",
    "group", "groups"})


def _ethnic_group(tok: Token, taken: set[int], focus_country: str | None) -> _Found | None:
    """'The Pokot raided …', 'clashes between Garre and Degodia clansmen', 'Turkana raiders', 'a truce between
    the Pokot and the Marakwet': a people of actors.json ethnic_groups named as a side is its militia,
    ACLED's '<Group> Ethnic Militia (<Country>)'; a people named for those hurt ('Turkana herders') or a
    place ('in West Pokot', 'Turkana County') is none."""
    if not tok.text[:1].isupper() or tok.i in taken:
        return None
    names = _ethnic_names()
    parts = tok.lower_.split("-")
    hit = names.get(tok.lower_) or (names.get(parts[0]) if all(p in names for p in parts) else None)
    if hit is None:
        return None
    doc = tok.doc
    name, countries = hit
    if len(parts) > 1 and tok.lower_ not in names:  # "Tugen-Ilchamus" as one token
        name = "-".join(names[p][0] for p in parts)
    end = tok.i + 1
    while end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in names:  # "Tugen-Ilchamus"
        name = f"{name}-{names[doc[end + 1].lower_][0]}"
        end += 2
    before = tok.i - 1
    while before >= 0 and doc[before].lower_ in ("the", "a"):
        before -= 1
    prev = doc[before] if before >= 0 else None
    nxt = doc[end] if end < len(doc) else None
    if prev is not None and (prev.lower_ in _ETHNIC_NOT_BEFORE or prev.like_num or country_of_word(prev.text)):
        return None  # "members of the Fulani community", "two Fulani", "Nigerien Fulani": people, not a militia
    if nxt is not None and (nxt.lower_ in _ETHNIC_NOT_AFTER or nxt.ent_type_ in ("GPE", "LOC", "FAC") and nxt.is_title):
        return None
    if any(i in taken for i in range(tok.i, end)) or doc_text(doc).isupper():
        return None
    if nxt is not None and nxt.lower_ in _ETHNIC_GROUP_WORDS and end not in taken:
        end += 1
    elif tok.pos_ not in ("PROPN", "NOUN") or tok.dep_ in ("compound", "amod", "poss") and tok.head.i >= end \
            and tok.head.lower_ not in _force_action_nouns() | _ETHNIC_GROUP_WORDS:
        return None  # "the Pokot elders' meeting": a modifier of something else ("a Pokot raid" is theirs)
    ctry = focus_country if focus_country in countries or not countries else countries[0]
    cname = country_name(ctry)
    canonical = f"{name} Ethnic Militia" + (f" ({cname})" if cname else "")
    span = doc[tok.i:end]
    return _Found(tok.i, end, ActorMention(canonical, "identity_militia", span.text, span.start_char, span.end_char,
                                           ctry, 0.6, "rule"))


@lru_cache(maxsize=1)
def _force_action_nouns() -> frozenset[str]:
    return frozenset(w.lower() for w in _load_json("actors.json").get("force_actions", {}).get("nouns", ()))


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    mention: ActorMention


_MINISTRY_KIND = {"interior": "police", "internal affairs": "police", "home affairs": "police",
                  "defence": "military", "defense": "military"}


def _ministry(tok: Token, focus_country: str | None) -> _Found | None:
    """'Saudi Ministry of Interior', 'the Interior Ministry', 'Ministry of Defence'."""
    doc = tok.doc
    kind = None
    end = tok.i + 1
    if tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "of":
        j = tok.i + 2
        if doc[j].lower_ == "the":
            j += 1
        for words, k in _MINISTRY_KIND.items():
            n = len(words.split())
            if " ".join(t.lower_ for t in doc[j: j + n]) == words:
                kind, end = k, j + n
    start = tok.i
    if kind is None and tok.i > 0 and doc[tok.i - 1].lower_ in _MINISTRY_KIND:
        kind, start = _MINISTRY_KIND[doc[tok.i - 1].lower_], tok.i - 1
    if kind is None:
        return None
    code = None
    if start > 0 and country_of_word(doc[start - 1].text):
        code = country_of_word(doc[start - 1].text)
        start -= 1
    ctry = code or focus_country
    canonical = state_actor(kind, ctry)
    if canonical is None:
        return None
    span = doc[start:end]
    return _Found(start, end, ActorMention(canonical, "state_forces", span.text, span.start_char,
                                           span.end_char, ctry, 0.8 if code else 0.6, "rule"))


def is_anaphor(text: str) -> bool:
    t = text.lower().strip()
    return t in lexicon().anaphora or t in ("they", "it", "he", "she", "them")


def country_actor(code: str, event_type: str, sub_event_type: str) -> str | None:
    """Actor for a country named as the agent ("Morocco dismantled a cell")."""
    if sub_event_type in ("Arrests", "Disrupted weapons use"):
        return state_actor("police", code)
    return state_actor("military", code)


# ACLED's actor type codes (inter1/inter2): 1 state forces, 2 rebel groups, 3 political militias,
# 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces
INTER_OF_KIND = {"state_forces": 1, "rebels": 2, "political_militia": 3, "identity_militia": 4, "rioters": 5,
                 "protesters": 6, "civilians": 7, "external_forces": 8, "external": 8, "other": 8}


def inter_code(actor: ActorMention | None, country: str | None = None) -> int | None:
    """ACLED's inter code of an actor in an event placed in ``country``: a state's forces acting
    abroad are external forces (8); an unidentified armed group is a political militia (3), as ACLED
    codes it."""
    if actor is None:
        return None
    name = actor.canonical or ""
    if name.startswith("Unidentified Armed Group"):
        return 3
    if name.startswith(("Civilians", "Protesters", "Rioters")):
        return {"C": 7, "P": 6, "R": 5}[name[0]]
    code = INTER_OF_KIND.get(actor.kind)
    if code == 1 and country and actor.country and actor.country.upper() != country.upper():
        return 8
    if code == 1 and country and name.startswith(("Military Forces of", "Police Forces of")):
        own = country_name(country)
        if own and not name.startswith((f"Military Forces of {own}", f"Police Forces of {own}")):
            return 8
    return code
