"""Name keys for gazetteer look-ups: case, diacritics, Arabic article, punctuation and
transliteration variants folded (Falluja/Fallujah/Al-Fallujah), and the consonant skeleton
(Kirkuk/Karkuk). Shared by the gazetteer and the admin2 builder (no import between them)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["norm", "name_key", "skeleton_key"]

_SPECIAL = str.maketrans({"ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe",
                          "Œ": "oe", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i",
                          "ð": "d", "þ": "th", "ħ": "h"})
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
