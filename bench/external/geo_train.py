"""Fit the place ranker's weights (``sitroom/data/place_ranker.json``) on LGL dev.

    python -m bench.external.geo_train [--rounds 3] [--l2 0.05] [--write]

Only the dev half of LGL (the first half of the articles, ``geo.split_articles``) is used
for fitting; LGL test and GeoWebNews are held out and only scored (``bench.external.geo``).

Setting: given gold spans (``find_places(..., resolve_all=True, demonyms=True)``). For each
gold toponym the mention's final-pass candidate rows are read from ``place_rank.trace()``;
the candidates within 161 km of the gold point are the positives. The model is a softmax
over a mention's candidates (score = weights . features), fitted by maximising the log of the
positives' total probability, with an L2 pull towards the starting weights (the hand-set ones)
so that features LGL rarely exercises (suffix and cue words, links) keep their hand values.
Features of the later passes depend on the weights (provisional resolutions feed the
context), so fitting is repeated for ``--rounds`` rounds, each re-tracing with the last
weights. The round with the best dev accuracy is kept.
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .common import data_path
from .geo import MISS_KM, Article, haversine_km, read_lgl, split_articles

# LGL is local US news: there, "London", "Athens" and "Lebanon" are mostly US towns, so a
# fitted weight for "is a national capital" or "is a country" would encode that sample's
# habits, not a general rule; they stay at the hand-set 0 unless --freeze says otherwise.
FROZEN = "is_country,is_capital"

Problem = tuple[np.ndarray, np.ndarray]  # (candidates x features, positive mask)


def problems(articles: Sequence[Article], ranker: Any) -> tuple[list[Problem], float]:
    """Training problems (mentions with a positive and a negative) and acc@161 under ``ranker``."""
    from sitroom.geo import rank as place_rank
    from sitroom.geo.gazetteer import get_gazetteer
    from sitroom.geo.places import find_places

    gaz = get_gazetteer()
    out: list[Problem] = []
    hits = total = 0
    with place_rank.use(ranker):
        for a in articles:
            ents = [(g.start, g.end, "GPE") for g in a.golds]
            with place_rank.trace() as rows:
                found = find_places(a.text, ents, gazetteer=gaz, resolve_all=True, demonyms=True)
            for g in a.golds:
                if g.lat is None or g.lon is None:
                    continue
                total += 1
                p = next((p for p in found if p.span_start < g.end and g.start < p.span_end), None)
                err = MISS_KM if p is None or p.lat is None else haversine_km(g.lat, g.lon, p.lat, p.lon)
                hits += err <= 161
                row = next((r for r in rows if r.start < g.end and g.start < r.end), None)
                if row is None or len(row.cands) < 2:
                    continue
                pos = np.array([haversine_km(g.lat, g.lon, c.lat, c.lon) <= 161 for c in row.cands])
                if pos.any() and not pos.all():
                    out.append((np.array(row.rows, dtype=float), pos))
    return out, hits / max(total, 1)


def fit(probs: Sequence[Problem], w0: np.ndarray, l2: float, steps: int = 1500, lr: float = 0.05,
        frozen: np.ndarray | None = None) -> np.ndarray:
    """Maximise mean log P(positives) - l2 * |w - w0|^2 (Adam, full batch); ``frozen`` features
    keep their starting weight."""
    x = np.concatenate([p[0] for p in probs])
    pos = np.concatenate([p[1] for p in probs])
    seg = np.repeat(np.arange(len(probs)), [len(p[1]) for p in probs])
    n = len(probs)
    w = w0.copy()
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        s = x @ w
        top = np.full(n, -np.inf)
        np.maximum.at(top, seg, s)
        e = np.exp(s - top[seg])
        p = e / np.bincount(seg, e, n)[seg]
        qe = np.where(pos, e, 0.0)
        q = qe / np.bincount(seg, qe, n)[seg]
        grad = x.T @ (p - q) / n + 2 * l2 * (w - w0)  # d(-mean log sum_pos p)/dw
        if frozen is not None:
            grad[frozen] = 0.0
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return w


def main(argv: list[str] | None = None) -> int:
    from sitroom.geo.rank import FEATURES, Ranker, get_ranker

    ap = argparse.ArgumentParser(description="fit sitroom's place ranker on LGL dev")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--l2", type=float, default=0.05)
    ap.add_argument("--freeze", default=FROZEN,
                    help="comma-separated features kept at their starting weight")
    ap.add_argument("--heldout", action="store_true",
                    help="also score the chosen weights on LGL test and GeoWebNews")
    ap.add_argument("--write", action="store_true", help="write src/sitroom/data/place_ranker.json")
    a = ap.parse_args(argv)
    path = data_path("geoparsing", "lgl.xml")
    if not path.exists():
        print(f"skipped: {path} not found")
        return 0
    dev = split_articles(read_lgl(path), "dev")
    start = get_ranker()
    w0 = np.array(start.weights)
    best: tuple[float, Ranker] | None = None
    ranker = start
    for r in range(a.rounds + 1):
        probs, acc = problems(dev, ranker)
        print(f"round {r}: dev acc@161 {100 * acc:.1f}%  ({len(probs)} ambiguous mentions)")
        if best is None or acc > best[0]:
            best = (acc, ranker)
        if r == a.rounds:
            break
        frozen = np.array([f in a.freeze.split(",") for f in FEATURES])
        w = fit(probs, w0, a.l2, frozen=frozen)
        ranker = Ranker(tuple(round(float(x), 3) for x in w), "fitted", start.version + 1)
    assert best is not None
    acc, chosen = best
    print("weights:", ", ".join(f"{f} {x:+.2f}" for f, x in zip(FEATURES, chosen.weights)))
    if a.heldout:
        from sitroom.geo import rank as place_rank

        from .geo import report, run

        with place_rank.use(chosen):
            print(report(run(("LGL", "GeoWebNews"), e2e=False, split="test")))
    if a.write and chosen is not start:
        out = {"version": chosen.version,
               "source": (f"fitted by bench/external/geo_train.py on LGL dev (first half of the articles) "
                          f"on {date.today().isoformat()}, l2 {a.l2} towards the hand-set weights; "
                          f"dev acc@161 {100 * acc:.1f}%"),
               "weights": dict(zip(FEATURES, chosen.weights))}
        target = Path(str(resources.files("sitroom").joinpath("data", "place_ranker.json")))
        target.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
