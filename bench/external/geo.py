"""Geoparsing on LGL (Lieberman et al. 2010) and GeoWebNews (Gritta et al. 2019).

    python -m bench.external.geo [--limit N] [--no-e2e] [--corpus lgl|gwn|both] [--split dev|test|all]

``--split``: LGL is cut in two halves in file order: ``dev`` (first half, the only
part used for error analysis) and ``test`` (second half). GeoWebNews is only
ever scored whole (never inspected article by article), whatever the split.

Two settings, as in the Mordecai 3 paper:

* **given gold spans** (resolution only): the gold toponym spans are handed to
  ``sitroom.geo.places.find_places(..., resolve_all=True)`` as GPE entities;
* **end to end**: spaCy NER (sitroom's pipeline parse) + ``find_places`` with
  ``demonyms=True, nested=True`` (not the pipeline's defaults); toponym
  precision/recall by span overlap, and the distance error of every gold toponym
  (an unfound one counts as the maximum error).

Metrics: accuracy within 161 km (100 miles), median/mean error (km), AUC of the
log error curve (lower is better), and for LGL the share with the exact GeoNames id.
Replaced an earlier LGL-only quick harness (same gold reading,
plus GeoNames ids, GWN and precision/recall).
"""
from __future__ import annotations

import argparse
import math
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .common import PRF, data_path

MISS_KM = 20039.0  # half the earth's circumference: an unresolved gold toponym
# GeoWebNews tags that are not toponyms (location expressions, e.g. "the lot", "citizens")
GWN_NOT_TOPONYM = frozenset({"Literal_Expression", "Non_Lit_Expression", "Non_Toponym"})


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    kind: str = ""


@dataclass
class Article:
    text: str
    golds: list[Gold] = field(default_factory=list)


def _f(s: str | None) -> float | None:
    try:
        return float(s) if s not in (None, "") else None
    except ValueError:
        return None


def _i(s: str | None) -> int | None:
    try:
        return int(s) if s not in (None, "") else None
    except ValueError:
        return None


def read_lgl(path: Path | str) -> list[Article]:
    """LGL: ``<article><text/><toponyms><toponym><start/><end/><phrase/><gaztag geonameid><lat/><lon/>``."""
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        a = Article(art.findtext("text") or "")
        for t in art.iter("toponym"):
            tag = t.find("gaztag")
            gid = _i(tag.get("geonameid")) if tag is not None else None
            a.golds.append(Gold(int(t.findtext("start") or 0), int(t.findtext("end") or 0),
                                t.findtext("phrase") or "", _f(t.findtext("gaztag/lat")),
                                _f(t.findtext("gaztag/lon")), gid))
        out.append(a)
    return out


def read_gwn(path: Path | str) -> list[Article]:
    """GeoWebNews: ``<toponym><extractedName/><type/><start/><end/><geonamesID/><latitude/><longitude/>``.

    Location expressions and non-toponyms are left out (they are not toponyms in the paper's sense).
    """
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        a = Article(art.findtext("text") or "")
        for t in art.iter("toponym"):
            kind = t.findtext("type") or ""
            if kind in GWN_NOT_TOPONYM:
                continue
            a.golds.append(Gold(int(t.findtext("start") or 0), int(t.findtext("end") or 0),
                                t.findtext("extractedName") or "", _f(t.findtext("latitude")),
                                _f(t.findtext("longitude")), _i(t.findtext("geonamesID")), kind))
        out.append(a)
    return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


Pred = tuple[int, int, float | None, float | None, int | None]  # start, end, lat, lon, geonameid


def match_overlap(golds: Sequence[Gold], preds: Sequence[Pred]) -> dict[int, Pred]:
    """Gold index -> the first prediction overlapping it (each prediction used once)."""
    used: set[int] = set()
    out: dict[int, Pred] = {}
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if pi not in used and p[0] < g.end and g.start < p[1]:
                out[gi] = p
                used.add(pi)
                break
    return out


def errors(golds: Sequence[Gold], matched: dict[int, Pred]) -> tuple[list[float], list[bool]]:
    """Distance error (km) of every gold toponym with coordinates; for those with a GeoNames id, whether ours is it."""
    errs: list[float] = []
    ids: list[bool] = []
    for gi, g in enumerate(golds):
        if g.lat is None or g.lon is None:
            continue
        p = matched.get(gi)
        if p is None or p[2] is None or p[3] is None:
            errs.append(MISS_KM)
        else:
            errs.append(haversine_km(g.lat, g.lon, p[2], p[3]))
        if g.geonameid is not None:  # scored only where the gold has an id
            ids.append(p is not None and p[4] == g.geonameid)
    return errs, ids


def summarise(errs: Sequence[float]) -> dict[str, float]:
    """acc@161 km, median and mean error, AUC (mean of ln(1+e)/ln(MISS_KM); 0 is perfect)."""
    if not errs:
        return {"n": 0, "acc161": 0.0, "median_km": 0.0, "mean_km": 0.0, "auc": 0.0}
    return {"n": len(errs), "acc161": sum(e <= 161 for e in errs) / len(errs),
            "median_km": statistics.median(errs), "mean_km": statistics.fmean(errs),
            "auc": statistics.fmean(math.log1p(e) / math.log1p(MISS_KM) for e in errs)}


def _reachable(g: Gold, rows: Sequence[Any]) -> bool:
    """Some candidate sitroom considered for the gold span lies within 161 km of the gold point
    (the share of such toponyms caps acc@161 km whatever the ranking)."""
    assert g.lat is not None and g.lon is not None
    return any(r.start < g.end and g.start < r.end
               and any(haversine_km(g.lat, g.lon, c.lat, c.lon) <= 161 for c in r.cands)
               for r in rows)


def _preds(places: Iterable[Any]) -> list[Pred]:
    return [(p.span_start, p.span_end, p.lat, p.lon, p.geonameid) for p in places]


Finder = Callable[[str, list[tuple[int, int, str]]], list[Any]]


def evaluate(articles: Sequence[Article], find: Finder,
             parsed_ents: Sequence[list[tuple[int, int, str]]] | None = None,
             find_gold: Finder | None = None) -> dict[str, Any]:
    """Score ``find_gold`` (default ``find``) given gold spans, and ``find`` end to end when
    NER spans are given."""
    find_gold = find_gold or find
    out: dict[str, Any] = {"articles": len(articles)}
    g_errs: list[float] = []
    g_ids: list[bool] = []
    has_ids = any(g.geonameid for a in articles for g in a.golds)
    from sitroom.geo import rank as place_rank

    reachable = 0
    for a in articles:
        ents = [(g.start, g.end, "GPE") for g in a.golds]
        with place_rank.trace() as rows:
            found = find_gold(a.text, ents)
        e, i = errors(a.golds, match_overlap(a.golds, _preds(found)))
        g_errs += e
        g_ids += i
        reachable += sum(1 for g in a.golds if g.lat is not None and g.lon is not None
                         and _reachable(g, rows))
    out["gold_spans"] = summarise(g_errs)
    out["gold_spans"]["ceiling"] = reachable / len(g_errs) if g_errs else 0.0
    if has_ids:
        out["gold_spans"]["geonameid_acc"] = sum(g_ids) / len(g_ids) if g_ids else 0.0
    if parsed_ents is None:
        return out
    e_errs: list[float] = []
    prf = PRF()
    for a, ents in zip(articles, parsed_ents):
        preds = _preds(find(a.text, ents))
        m = match_overlap(a.golds, preds)
        prf = prf.add(PRF(len(m), len(preds), len(m), len(a.golds)))
        e_errs += errors(a.golds, m)[0]
    out["e2e"] = summarise(e_errs)
    out["e2e"]["toponyms"] = prf
    found = [e for e in e_errs if e < MISS_KM]
    out["e2e"]["acc161_found"] = sum(e <= 161 for e in found) / len(found) if found else 0.0
    return out


CORPORA: dict[str, tuple[tuple[str, ...], Callable[[Path | str], list[Article]]]] = {
    "LGL": (("geoparsing", "lgl.xml"), read_lgl),
    "GeoWebNews": (("geoparsing", "GeoWebNews_GWN.xml"), read_gwn),
}


SPLITS = ("dev", "test", "all")


def split_articles(arts: Sequence[Article], split: str) -> list[Article]:
    """``dev``: first half (rounded up) in file order; ``test``: the rest; ``all``: everything."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}")
    half = (len(arts) + 1) // 2
    return list(arts[:half] if split == "dev" else arts[half:] if split == "test" else arts)


def run(names: Sequence[str] = ("LGL", "GeoWebNews"), limit: int = 0, e2e: bool = True,
        split: str = "all") -> dict[str, Any]:
    """Run the corpora that are present; absent ones are reported as skipped.

    ``split`` applies to LGL only (dev/test halves); GeoWebNews is always scored whole."""
    results: dict[str, Any] = {}
    todo = []
    for name in names:
        parts, reader = CORPORA[name]
        path = data_path(*parts)
        if not path.exists():
            results[name] = {"skipped": f"{path} not found"}
            continue
        arts = reader(path)
        if name == "LGL":
            arts = split_articles(arts, split)
            name = name if split == "all" else f"LGL-{split}"
        todo.append((name, arts[:limit] if limit else arts))
    if not todo:
        return results
    from sitroom.geo.gazetteer import get_gazetteer
    from sitroom.geo.places import find_places

    gaz = get_gazetteer()

    # both settings count demonyms as toponyms (the benchmarks do); end to end also
    # proposes datelines and place names inside ORG/PERSON entities (the benchmarks count
    # "Mansfield" in "the Mansfield Police Department"); given gold spans, every span
    # handed in is resolved. sitroom's pipeline uses none of these options.
    def find(text: str, ents: list[tuple[int, int, str]]) -> list[Any]:
        return find_places(text, ents, gazetteer=gaz, demonyms=True, nested=True, repeats=True)

    def find_gold(text: str, ents: list[tuple[int, int, str]]) -> list[Any]:
        return find_places(text, ents, gazetteer=gaz, resolve_all=True, demonyms=True)

    for name, arts in todo:
        t0 = time.perf_counter()
        ents_all = None
        if e2e:
            from sitroom.pipeline import parse_documents

            ents_all = [[(e.start_char, e.end_char, e.label_) for e in d.ents]
                        for d in parse_documents(a.text for a in arts)]
        res = evaluate(arts, find, ents_all, find_gold)
        res["seconds"] = time.perf_counter() - t0
        results[name] = res
    return results


def report(results: dict[str, Any]) -> str:
    lines = []
    for name, r in results.items():
        if "skipped" in r:
            lines.append(f"{name}: skipped ({r['skipped']})")
            continue
        g = r["gold_spans"]
        s = (f"{name} ({r['articles']} articles, {r['seconds']:.0f} s) given gold spans: "
             f"acc@161km {100 * g['acc161']:.1f}%  median {g['median_km']:.0f} km  mean {g['mean_km']:.0f} km  "
             f"AUC {g['auc']:.3f}  n={g['n']}")
        if "geonameid_acc" in g:
            s += f"  GeoNames id {100 * g['geonameid_acc']:.1f}%"
        if "ceiling" in g:
            s += f"  (a candidate within 161 km: {100 * g['ceiling']:.1f}%)"
        lines.append(s)
        if "e2e" in r:
            e = r["e2e"]
            lines.append(f"{name} end to end: toponyms {e['toponyms'].fmt()}  acc@161km {100 * e['acc161']:.1f}% "
                         f"(of found: {100 * e['acc161_found']:.1f}%)  median {e['median_km']:.0f} km  "
                         f"AUC {e['auc']:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="sitroom geoparsing on LGL and GeoWebNews")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--no-e2e", action="store_true")
    ap.add_argument("--corpus", choices=["lgl", "gwn", "both"], default="both")
    ap.add_argument("--split", choices=SPLITS, default="all",
                    help="LGL half: dev (first, for error analysis), test (second) or all")
    a = ap.parse_args(argv)
    names = {"lgl": ("LGL",), "gwn": ("GeoWebNews",), "both": ("LGL", "GeoWebNews")}[a.corpus]
    print(report(run(names, a.limit, not a.no_e2e, a.split)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
