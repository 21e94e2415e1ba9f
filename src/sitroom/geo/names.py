"""Name keys for gazetteer look-ups: case, diacritics, Arabic article, punctuation and
transliteration variants folded (Falluja/Fallujah/Al-Fallujah), and the consonant skeleton
(Kirkuk/Karkuk). Shared by the gazetteer and the admin2 builder (no import between them).

``variant_key`` folds further, by the per-country rules of ``data/translit.json`` (izafe,
Arabic article inside a name, French ou/dj/tch, kh/gh, Somali x, unwritten short vowels ...);
the gazetteer uses it only inside the countries a document points to."""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

__all__ = ["norm", "name_key", "skeleton_key", "variant_key", "variant_of_key", "translit_version"]

_SPECIAL = str.maketrans({"ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe",
                          "Œ": "oe", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i",
                          "ð": "d", "þ": "th", "ħ": "h",
                          # Hausa/Fulfulde hooked letters (no Unicode decomposition)
                          "ɓ": "b", "Ɓ": "b", "ɗ": "d", "Ɗ": "d", "ƙ": "k", "Ƙ": "k", "ƴ": "y", "Ƴ": "y"})
_APOS = re.compile(r"['’‘`ʼʻʿʾ´]")
_NONALNUM = re.compile(r"[^a-z0-9]+")
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|an|at|az|ash|adh|ath|aj|il|ul)\s+(?=\S)")
_FINAL_H = re.compile(r"(?<=[aeiou])h\b")
_FOLDS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("y", "i"), ("ph", "f"), ("q", "k"),
          ("ck", "k"), ("dh", "d"))
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiou]")


def norm(name: str) -> str:
    """Case, diacritics, apostrophes, punctuation and a leading Arabic article removed."""
    s = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = _NONALNUM.sub(" ", _APOS.sub("", s)).strip()
    return _ARTICLE.sub("", s)


@lru_cache(maxsize=32768)
def name_key(name: str) -> str:
    """The index key: ``norm`` plus transliteration folding (Falluja/Fallujah/Al-Fallujah)."""
    s = _FINAL_H.sub("", norm(name)).replace(" ", "")
    for a, b in _FOLDS:
        s = s.replace(a, b)
    return _DOUBLE.sub(r"\1", s)


def skeleton_key(key: str) -> str:
    """Consonant skeleton of a ``name_key`` (first letter kept): Kirkuk/Kerkouk -> krk.

    Empty for short names (under 4 consonants), whose skeletons match too much."""
    s = _DOUBLE.sub(r"\1", key[:1] + _VOWELS.sub("", key[1:]))
    return s if len(s) >= 4 else ""


@lru_cache(maxsize=1)
def _translit() -> tuple[str, tuple[tuple[str, re.Pattern[str], str, frozenset[str] | None], ...]]:
    try:
        doc = json.loads(resources.files("sitroom.data").joinpath("translit.json").read_text("utf-8"))
    except (FileNotFoundError, OSError):
        return "none", ()
    rules = tuple((r["stage"], re.compile(r["pattern"]), r["replace"],
                   None if r["countries"] == "*" else frozenset(r["countries"])) for r in doc["rules"])
    return str(doc.get("version", "none")), rules


def translit_version() -> str:
    return _translit()[0]


@lru_cache(maxsize=256)
def _rules_for(cc: str) -> tuple[tuple[tuple[re.Pattern[str], str], ...], tuple[tuple[re.Pattern[str], str], ...]]:
    words: list[tuple[re.Pattern[str], str]] = []
    keys: list[tuple[re.Pattern[str], str]] = []
    for stage, pat, rep, countries in _translit()[1]:
        if countries is None or cc in countries:
            (words if stage == "words" else keys).append((pat, rep))
    return tuple(words), tuple(keys)


def variant_of_key(key: str, cc: str) -> str:
    """A ``name_key`` folded by the letter rules of country ``cc``; empty when under 4 letters."""
    for pat, rep in _rules_for(cc)[1]:
        key = pat.sub(rep, key)
    key = _DOUBLE.sub(r"\1", key)
    return key if len(key) >= 4 else ""


@lru_cache(maxsize=32768)
def variant_key(name: str, cc: str) -> str:
    """``name`` folded by the word and letter rules of ``data/translit.json`` for country ``cc``
    (Nawa-i-Barakzai / Nawa-e Barakzayi; Kantchari / Kanchari; X Refugee Camp / X)."""
    s = norm(name)
    for pat, rep in _rules_for(cc)[0]:
        s = pat.sub(rep, s).strip()
    return variant_of_key(name_key(s), cc) if s else ""
