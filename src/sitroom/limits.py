"""Per-document budgets: what a hostile document may cost before it becomes that document's problem.

Every stage is near-linear in the document, but the spaCy tokenizer is not on some inputs (a run of
20,000 quote marks without a space is split one mark at a time, each split copying the rest of the run)
and a document can simply be huge. So, per document:

* ``max_words``: more whitespace-separated words than this and the document fails (``over_budget``)
  before it is parsed;
* ``max_run``: a run of more than this many characters without whitespace is blanked (replaced by as
  many spaces) in the copy that spaCy parses: offsets stay those of the text, which is stored
  unchanged; the document gets a warning (``over_budget``, not fatal);
* ``max_piece``: a paragraph longer than this is parsed in pieces cut at a sentence end (or at
  whitespace), so no sentence is longer than this many characters;
* ``seconds``: checked between the stages of ``pipeline.analyse``; once spent, the document fails
  (``over_budget``, naming the stage reached) and the batch goes on with the next document.

Real articles are far inside every limit (the gold sets' extraction is the same with or without them).
The defaults can be changed for a process with environment variables ``SITROOM_MAX_WORDS``,
``SITROOM_MAX_RUN``, ``SITROOM_MAX_PIECE`` and ``SITROOM_DOC_SECONDS``.
"""
from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Limits", "Budget", "OverBudget", "limits", "parse_copy", "pieces", "check_text"]


def _env(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    max_words: int = 200_000
    max_run: int = 1_000
    max_piece: int = 20_000
    seconds: float = 120.0
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)


def limits() -> Limits:
    """The limits in force (defaults, or the environment's)."""
    d = Limits()
    return Limits(max_words=int(_env("SITROOM_MAX_WORDS", d.max_words)), max_run=int(_env("SITROOM_MAX_RUN", d.max_run)),
                  max_piece=int(_env("SITROOM_MAX_PIECE", d.max_piece)), seconds=_env("SITROOM_DOC_SECONDS", d.seconds))


class OverBudget(Exception):
    def __init__(self, stage: str, message: str) -> None:
        super().__init__(message)
        self.stage = stage
        self.message = message


class Budget:
    """A document's time budget; ``check(stage)`` raises ``OverBudget`` once it is spent."""

    def __init__(self, lim: Limits | None = None) -> None:
        self.lim = lim or limits()
        self.start = self.lim.clock()

    def check(self, stage: str) -> None:
        used = self.lim.clock() - self.start
        if used > self.lim.seconds:
            raise OverBudget(stage, f"extraction stopped before {stage}: {used:.1f} s used, "
                                    f"over the budget of {self.lim.seconds:g} s per document")


_WORDS = re.compile(r"\S+")


def _long_runs(max_run: int) -> re.Pattern[str]:
    return re.compile(rf"\S{{{max_run + 1},}}")


def check_text(text: str, lim: Limits | None = None) -> tuple[str | None, str | None]:
    """(fatal message, warning message) for a document's text, before it is parsed; O(len(text))."""
    lim = lim or limits()
    words = sum(1 for _ in _WORDS.finditer(text))
    if words > lim.max_words:
        return f"{words} words is over the limit of {lim.max_words} per document", None
    runs = sum(1 for _ in _long_runs(lim.max_run).finditer(text))
    if runs:
        return None, (f"{runs} run(s) of more than {lim.max_run} characters without a space were left "
                      "out of the parse")
    return None, None


def parse_copy(text: str, lim: Limits | None = None) -> str:
    """The text spaCy parses: as long as ``text``, with runs over ``max_run`` characters blanked."""
    lim = lim or limits()
    if len(text) <= lim.max_run:
        return text
    return _long_runs(lim.max_run).sub(lambda m: " " * len(m.group()), text)


_SENT_END = re.compile(r"[.!?][\"'”’)\]]*\s+")


def pieces(para: str, lim: Limits | None = None) -> list[str]:
    """``para`` cut into consecutive pieces of at most ``max_piece`` characters (their concatenation is
    ``para``): at the last sentence end before the limit, else the last whitespace, else the limit."""
    lim = lim or limits()
    n = lim.max_piece
    if len(para) <= n:
        return [para]
    out = []
    start = 0
    while len(para) - start > n:
        window = para[start:start + n]
        cut = 0
        for m in _SENT_END.finditer(window, n // 2):
            cut = m.end()
        if not cut:
            ws = max(window.rfind(" "), window.rfind("\t"), window.rfind("\n"))
            cut = ws + 1 if ws >= n // 2 else n
        out.append(para[start:start + cut])
        start += cut
    out.append(para[start:])
    return out
