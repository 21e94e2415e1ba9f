"""Shared helpers for the external benchmarks: data location, normalisation, P/R/F1."""
from __future__ import annotations

import re
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "benchmarks"

if str(REPO / "src") not in sys.path:  # running from a checkout without an installed package
    sys.path.insert(0, str(REPO / "src"))

_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_WS = re.compile(r"\s+")


def data_path(*parts: str) -> Path:
    """Where a benchmark file lives (it may be absent: callers skip)."""
    return DATA.joinpath(*parts)


def normalise(s: str) -> str:
    """Lower case, single spaces, no edge punctuation, no leading article."""
    s = _WS.sub(" ", s.lower()).strip()
    s = _EDGE.sub("", s)
    return _ARTICLE.sub("", s).strip()


@dataclass
class PRF:
    """Counts for precision/recall/F1 (tp_p: correct predictions, tp_g: gold items found)."""

    tp_p: int = 0
    n_pred: int = 0
    tp_g: int = 0
    n_gold: int = 0

    def add(self, other: PRF) -> PRF:
        return PRF(self.tp_p + other.tp_p, self.n_pred + other.n_pred,
                   self.tp_g + other.tp_g, self.n_gold + other.n_gold)

    @property
    def p(self) -> float:
        return self.tp_p / self.n_pred if self.n_pred else 0.0

    @property
    def r(self) -> float:
        return self.tp_g / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0

    def fmt(self) -> str:
        return f"P {100 * self.p:.1f} R {100 * self.r:.1f} F1 {100 * self.f1:.1f}"


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout("document took too long")


def process_guarded(docs: Sequence[Any], limit_s: float = 30.0, batch_size: int = 8) -> Iterator[Any]:
    """``sitroom.pipeline.process`` with a wall-clock guard per yielded result (Unix main thread).

    A document that hangs a stage becomes the pipeline's own ``DocumentError`` (process
    catches the exception and goes on), so one bad document cannot stall a benchmark.
    """
    from sitroom.pipeline import process

    it = process(docs, what=("events",), batch_size=batch_size)
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield from it
        return
    old = signal.signal(signal.SIGALRM, _alarm)
    try:
        while True:
            signal.setitimer(signal.ITIMER_REAL, limit_s)
            try:
                r = next(it)
            except StopIteration:
                return
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            yield r
    finally:
        signal.signal(signal.SIGALRM, old)


def parse_and_analyse(docs: Sequence[Any], batch_size: int = 16) -> Iterator[tuple[Any, Any, Any]]:
    """(document, spaCy Doc, DocumentResult or None) for sitroom ``Document``s, parsed once.

    The parse is sitroom's own (``pipeline.parse_documents``); a document whose stages fail
    gives None as its result.
    """
    import logging

    from sitroom.pipeline import Config, analyse, parse_documents

    log = logging.getLogger(__name__)
    config = Config(what=("events",))
    for d, parsed in zip(docs, parse_documents([d.text for d in docs], batch_size=batch_size)):
        try:
            res = analyse(d, parsed, config)
        except Exception:
            log.exception("sitroom failed on %s", d.id)
            res = None
        yield d, parsed, res


def event_context(document: Any, doc: Any) -> Any:
    """The ``events.Context`` that ``pipeline.analyse`` builds for a document (dates, places,
    actors, casualties, sources), for callers of ``events.fill_slots``."""
    from sitroom import actors as actors_mod
    from sitroom import attribution
    from sitroom import casualties as casualties_mod
    from sitroom import dates as dates_mod
    from sitroom import events as events_mod
    from sitroom import pipeline as pl

    text = document.text
    anchor = pl._anchor(document)
    places, focus = pl._places(text, doc)
    return events_mod.Context(
        doc_id=document.id, anchor=anchor, dates=dates_mod.find_dates(text, anchor), places=places,
        actors=actors_mod.find_actors(doc, focus_country=focus), focus_country=focus,
        casualties=casualties_mod.find_casualty_mentions, sources=attribution.event_sources,
        claimed_by=attribution.claimed_by, country_place=pl.country_place,
        exclude=pl.dateline_spans(text), source_text=text,
    )
