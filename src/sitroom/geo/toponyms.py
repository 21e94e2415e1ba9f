"""Extra toponym span proposals for recall (``find_places(..., nested=True)``).

Statistical NER misses many toponyms that geoparsing benchmarks count:

* names inside other entities: "the Mansfield Police Department" (ORG),
  "Education Minnesota" (ORG), a town tagged PERSON ("Alexandria said ...");
* all-caps datelines: "BEIRUT (AP) --", "TORRINGTON --".

These functions only propose spans (start, end, text, kind); ``sitroom.places``
looks them up and keeps them only with supporting context (a nearby resolved place,
or an area-level match), as Edinburgh-geoparser-style gazetteer matching does.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

__all__ = ["nested_spans", "resident_spans", "dateline_spans", "person_words", "repeat_spans", "NESTED_LABELS"]

NESTED_LABELS = frozenset({"ORG", "PERSON", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT"})
MAX_WORDS = 3
LEADING_ONLY = True  # organisations: only a name opening the entity
DATELINE_CHARS = 1500  # datelines open an article

_ARTICLES = frozenset({"The", "THE", "A", "An"})
_CAP_WORD = re.compile(r"[A-Z][\w'’.-]*")
_OF_TAIL = re.compile(r"[ \t]of[ \t]+(?P<name>[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2})")
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<name>[A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Z'’.-]+){0,3})"
    r"(?:,[ \t]*[A-Z][A-Za-z.]+(?:[ \t]+[A-Z][A-Za-z.]+)?)?[ \t]*(?:\([^)\n]{1,30}\)[ \t]*)?(?:—|–|--|-|:)")


def nested_spans(text: str, ents: Sequence[tuple[int, int, str]],
                 is_name: Callable[[str], bool]) -> list[tuple[int, int, str, str]]:
    """Place names inside non-place entities that ``is_name`` accepts: a whole PERSON
    entity ("Alexandria" mis-tagged), or the leading run of capitalised words of an
    organisation/facility ("the Mansfield Police Department"): (start, end, text, kind), kind
    "nested_whole" for a whole entity, "nested" for the leading words of one."""
    out: list[tuple[int, int, str, str]] = []
    persons = person_words(text, ents)
    for s, e, label in ents:
        if label not in NESTED_LABELS:
            continue
        words = [(m.start(), m.end()) for m in _CAP_WORD.finditer(text, s, e)]
        if not words:
            continue
        if label == "PERSON":
            name = text[words[0][0]:words[-1][1]].rstrip(".")
            if (len(words) <= MAX_WORDS and _contiguous(text, words) and name not in persons
                    and is_name(name)):
                out.append((words[0][0], words[0][0] + len(name), name, "nested_whole"))
            continue
        of = _OF_TAIL.search(text, s, e)
        if of is not None and of.start("name") > words[0][0] and of.end("name") == e:
            # "the Regional Hospital of Zzq", "the Teachers' Union of Zzq": the
            # name the entity ends on after "of"
            name = of.group("name").rstrip(".")
            if is_name(name):
                out.append((of.start("name"), of.start("name") + len(name), name, "nested"))
        if text[words[0][0]:words[0][1]] in _ARTICLES:
            words = words[1:]
        if LEADING_ONLY:
            words = words[:MAX_WORDS]
        taken: list[tuple[int, int]] = []
        for n in range(min(MAX_WORDS, len(words)), 0, -1):
            for i in range(1 if LEADING_ONLY else len(words) - n + 1):
                a, b = words[i][0], words[i + n - 1][1]
                if any(a < tb and ta < b for ta, tb in taken):
                    continue
                if n > 1 and not _contiguous(text, words[i:i + n]):
                    continue
                name = text[a:b].rstrip(".")
                if is_name(name):
                    taken.append((a, a + len(name)))
                    out.append((a, a + len(name), name, "nested"))
    return out


def resident_spans(text: str, nouns: Sequence[str], is_name: Callable[[str], bool]) -> list[tuple[int, int, str, str]]:
    """Capitalised names right before a word for the people who live there ("Zzq residents blocked the
    road", "hundreds of Zzq students marched"): (start, end, text, "nested"), kept, like a name inside an
    organisation, only with context."""
    if not nouns:
        return []
    rx = _resident_re(tuple(nouns))
    out: list[tuple[int, int, str, str]] = []
    for m in rx.finditer(text):
        name = m.group("name")
        words = name.split()
        while words and not is_name(" ".join(words)):
            words = words[1:]  # "Angry Zzq residents": the name is the last words
        if words:
            t = " ".join(words)
            s = m.start("name") + name.rindex(t)
            out.append((s, s + len(t), t, "nested"))
    return out


@lru_cache(maxsize=4)
def _resident_re(nouns: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?P<name>[A-Z][\w'’-]{{1,30}}+(?:[ \t]+[A-Z][\w'’-]{{1,30}}+){{0,2}})[ \t]+(?:{alt})\b")


def person_words(text: str, ents: Sequence[tuple[int, int, str]]) -> frozenset[str]:
    """Capitalised words of the multi-word PERSON entities of a document: a lone
    "Hartmann" or "coach Ripley" later on is that person, whatever its NER label."""
    out: set[str] = set()
    for s, e, label in ents:
        if label == "PERSON":
            words = _CAP_WORD.findall(text, s, e)
            if len(words) > 1:
                out.update(w.rstrip(".") for w in words)
    return frozenset(out)


def _contiguous(text: str, words: Sequence[tuple[int, int]]) -> bool:
    return all(text[words[k][1]:words[k + 1][0]] in (" ", "\t") for k in range(len(words) - 1))


def dateline_spans(text: str) -> list[tuple[int, int, str, str]]:
    """All-caps place names opening a line before a dash: "GOMA, Congo (Reuters) -"."""
    out = []
    for m in _DATELINE.finditer(text[:DATELINE_CHARS]):
        s, e = m.span("name")
        name = text[s:e].rstrip(".")
        if len(name) >= 3:
            out.append((s, s + len(name), name, "dateline"))
    return out


def repeat_spans(text: str, names: Sequence[str], taken: Sequence[tuple[int, int]],
                 persons: frozenset[str]) -> list[tuple[int, int, str]]:
    """Other occurrences of names already read as places (one sense per discourse):
    "Fargo" tagged a place once is the place where the NER called it an organisation
    ("Fargo Mayor Dennis Walaker") or missed it. Skips spans overlapping ``taken``, names
    that are words of a multi-word PERSON entity, and occurrences inside a longer
    capitalised word run that starts before them ("North Fargo")."""
    out: list[tuple[int, int, str]] = []
    spans = sorted(taken)
    for name in sorted(set(names), key=len, reverse=True):
        if name in persons or not name[:1].isupper():
            continue
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])", text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in spans):
                continue
            before = text[max(0, s - 40):s]
            prev = re.search(r"([A-Z][\w'’-]*)[ \t]+$", before)
            if prev and not _SENTENCE_END.search(before[:prev.start()] or "."):
                continue  # "Port Fargo": part of a longer name
            spans.append((s, e))
            out.append((s, e, name))
    return sorted(out)


_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n][\s\"'’”)]*)$")
