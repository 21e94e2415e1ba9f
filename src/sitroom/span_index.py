"""Items of a document (actors, places, dates: anything with ``span_start``) looked up by offset.

The slot-filling stages ask, for every trigger, for the items inside its sentence or just before
it; scanning the whole list each time made a document of thousands of short event lines quadratic.
``ByStart(items).between(lo, hi)`` gives the same items, in the same order, as
``[x for x in items if lo <= x.span_start < hi]``, by bisection when the items are in text order
(as the stages produce them) and by that scan otherwise.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")

__all__ = ["ByStart"]


class ByStart(Generic[T]):
    def __init__(self, items: Iterable[T]) -> None:
        self.items: list[T] = list(items)
        self.starts: list[int] = [x.span_start for x in self.items]  # type: ignore[attr-defined]
        self.in_order = all(a <= b for a, b in zip(self.starts, self.starts[1:]))

    def between(self, lo: int, hi: int) -> Sequence[T]:
        """Items with ``lo <= span_start < hi``, in list order."""
        if not self.in_order:
            return [x for x, s in zip(self.items, self.starts) if lo <= s < hi]
        return self.items[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]

    def backwards(self, hi: int) -> Iterator[T]:
        """From the last item back: those with ``span_start < hi`` when in text order (no later one
        can end before ``hi``), else every item; for "the last item before X" without a list."""
        if not self.in_order:
            return reversed(self.items)
        return (self.items[i] for i in range(bisect_left(self.starts, hi) - 1, -1, -1))

    def __len__(self) -> int:
        return len(self.items)


def by_start(items: Iterable[Any]) -> ByStart[Any]:
    return ByStart(items)
