"""Geoparsing accuracy on LGL (Lieberman et al. 2010), read at run time from ../shared.

    python bench/geoparse.py [--lgl PATH] [--limit N] [--no-e2e]

Prints, mordecai3-style: accuracy within 161 km and median error (km) of
``find_places`` given the gold toponym spans, and end to end (spaCy NER +
``find_places``) with toponym precision/recall. Skips cleanly when the
benchmark file is absent. Published anchors: mordecai3 96.6% @161 km given gold
spans, 79.4% end to end.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "geoparsing" / "lgl.xml"
MISS_KM = 20039.0  # half the earth's circumference: an unresolved gold toponym


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None


def read_lgl(path: Path) -> Iterator[tuple[str, list[Gold]]]:
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        golds = []
        for t in art.iter("toponym"):
            lat = t.findtext("gaztag/lat")
            lon = t.findtext("gaztag/lon")
            golds.append(Gold(int(t.findtext("start") or 0), int(t.findtext("end") or 0), t.findtext("phrase") or "",
                              float(lat) if lat else None, float(lon) if lon else None))
        yield text, golds


def _errors(golds: list[Gold], found: dict[tuple[int, int], tuple[float | None, float | None]]) -> list[float]:
    from sitroom.gazetteer import km
    errs = []
    for g in golds:
        if g.lat is None or g.lon is None:
            continue
        p = found.get((g.start, g.end))
        if p is None or p[0] is None or p[1] is None:
            errs.append(MISS_KM)
        else:
            errs.append(km(g.lat, g.lon, p[0], p[1]))
    return errs


def _report(name: str, errs: list[float]) -> None:
    if not errs:
        print(f"{name}: no gold toponyms with coordinates")
        return
    acc = sum(e <= 161 for e in errs) / len(errs)
    print(f"{name}: acc@161km {acc:.1%}  median error {statistics.median(errs):.0f} km  (n={len(errs)})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lgl", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--no-e2e", action="store_true", help="only the gold-span evaluation")
    args = ap.parse_args(argv)
    if not args.lgl.exists():
        print(f"skipped: {args.lgl} not found")
        return 0
    from sitroom.gazetteer import get_gazetteer
    from sitroom.places import find_places

    gaz = get_gazetteer()
    docs = list(read_lgl(args.lgl))
    if args.limit:
        docs = docs[:args.limit]
    gold_errs: list[float] = []
    t = time.perf_counter()
    for text, golds in docs:
        ents = [(g.start, g.end, "GPE") for g in golds]
        found = {(p.span_start, p.span_end): (p.lat, p.lon)
                 for p in find_places(text, ents, gazetteer=gaz)}
        gold_errs.extend(_errors(golds, found))
    print(f"LGL {len(docs)} articles; find_places {1000 * (time.perf_counter() - t) / max(1, len(docs)):.1f} ms/article")
    _report("given gold spans", gold_errs)
    if args.no_e2e:
        return 0
    from sitroom.nlp import load_nlp

    nlp = load_nlp(with_ruler=False)
    e2e_errs: list[float] = []
    tp = n_pred = n_gold = 0
    for doc, (text, golds) in zip(nlp.pipe(t for t, _ in docs), docs):
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        pred = find_places(text, ents, gazetteer=gaz)
        gold_spans = {(g.start, g.end) for g in golds}
        n_gold += len(gold_spans)
        n_pred += len(pred)
        found: dict[tuple[int, int], tuple[float | None, float | None]] = {}
        for p in pred:
            # a predicted span matches a gold span that it overlaps
            for g in golds:
                if p.span_start < g.end and g.start < p.span_end:
                    found.setdefault((g.start, g.end), (p.lat, p.lon))
        tp += len(found)
        e2e_errs.extend(_errors(golds, found))
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    print(f"end to end: toponym P {prec:.1%} R {rec:.1%} (overlap match; gold {n_gold}, predicted {n_pred})")
    _report("end to end (unfound gold = miss)", e2e_errs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
