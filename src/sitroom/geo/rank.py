"""Ranking the gazetteer candidates of a place mention: a linear score over named features.

``places`` describes every candidate of a mention by the features below (its prior, whether
it matched by an alternate name, the document context, the focus country, links to
neighbouring names, proximity to the article's other places); its score is the dot product
with the weights of ``data/place_ranker.json``. The weights are data: the file says where
they came from (hand-set, or fitted by ``bench/external/geo_train.py``), and a test checks it
names every feature.

``trace()`` records, for the final scoring pass, each mention's span, candidates and feature
rows: the benchmark's trainer and error analysis read it; nothing in the pipeline does.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..records import PlaceCandidate

__all__ = ["FEATURES", "Ranker", "TraceRow", "get_ranker", "ranker_from_dict", "trace", "use"]

FEATURES: tuple[str, ...] = (
    "prior",         # gazetteer prior (log10 population + feature offset; countries -3)
    "alt_name",      # 1: matched one of the candidate's alternate names, not its own name
    "is_country",
    "is_admin1",
    "is_admin2",     # a county or district (GeoNames ADM2)
    "is_capital",    # national capital (PPLC)
    "ctx_admin1",    # log1p(other names' mass on the candidate's admin1)
    "ctx_country",   # log1p(other names' mass on the candidate's country)
    "want_suffix",   # the kind word after the name asks for this precision ("Borno State")
    "want_cue",      # a cue before the name asks for it ("the province of X")
    "focus_country",  # the candidate is the focus country itself
    "focus_place",   # a place inside the focus country
    "mentioned",     # in a country that another name of the document names
    "link",          # consistent with a linked neighbour ("Kukawa, Borno State"; "X, 60 km from Y")
    "near",          # exp(-km / 150) to the nearest other resolved place (towns only, > 0.1)
)


@dataclass(frozen=True)
class Ranker:
    weights: tuple[float, ...]
    source: str
    version: int

    def score(self, row: Sequence[float]) -> float:
        return sum(w * x for w, x in zip(self.weights, row) if x)

    def weight(self, name: str) -> float:
        return self.weights[FEATURES.index(name)]


def ranker_from_dict(data: dict[str, Any]) -> Ranker:
    w = data["weights"]
    missing = [f for f in FEATURES if f not in w]
    if missing:
        raise ValueError(f"place ranker weights lack {missing}")
    unknown = sorted(set(w) - set(FEATURES))
    if unknown:
        raise ValueError(f"place ranker weights name unknown features {unknown}")
    return Ranker(tuple(float(w[f]) for f in FEATURES), str(data.get("source", "")), int(data["version"]))


@lru_cache(maxsize=1)
def _packaged() -> Ranker:
    text = resources.files("sitroom").joinpath("data", "place_ranker.json").read_text("utf-8")
    return ranker_from_dict(json.loads(text))


_overrides: list[Ranker] = []


def get_ranker() -> Ranker:
    """The ranker in use: the packaged weights, or the innermost ``use(...)`` block's."""
    return _overrides[-1] if _overrides else _packaged()


@contextmanager
def use(ranker: Ranker) -> Iterator[Ranker]:
    """Score with ``ranker`` inside the block (the trainer's candidate weights)."""
    _overrides.append(ranker)
    try:
        yield ranker
    finally:
        _overrides.remove(ranker)


@dataclass(frozen=True)
class TraceRow:
    start: int
    end: int
    text: str
    cands: tuple[PlaceCandidate, ...]
    rows: tuple[tuple[float, ...], ...]


_traces: list[list[TraceRow]] = []


@contextmanager
def trace() -> Iterator[list[TraceRow]]:
    """Collect the final-pass feature rows of every mention scored inside the block."""
    rows: list[TraceRow] = []
    _traces.append(rows)
    try:
        yield rows
    finally:
        _traces.remove(rows)


def tracing() -> bool:
    return bool(_traces)


def record(row: TraceRow) -> None:
    for t in _traces:
        t.append(row)
