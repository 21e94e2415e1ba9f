"""What the place tests share: entity spans written as (phrase, label) pairs, the way spaCy would
hand them to the geo stage, and found places by their text. The ``gaz`` fixture is in conftest.py."""
from __future__ import annotations

from sitroom.records import ResolvedPlace


def ents(text: str, *marks: tuple[str, str]) -> list[tuple[int, int, str]]:
    """Entity spans as spaCy would give them: (phrase, label), each phrase's first free occurrence."""
    out: list[tuple[int, int, str]] = []
    used: set[int] = set()
    for phrase, label in marks:
        i = text.find(phrase)
        while i in used:
            i = text.find(phrase, i + 1)
        assert i >= 0, phrase
        used.add(i)
        out.append((i, i + len(phrase), label))
    return sorted(out)


def by_text(found: list[ResolvedPlace]) -> dict[str, ResolvedPlace]:
    return {p.text: p for p in found}
