"""Extraction quality on real annotated reporting and on our own corpora, scored like ../shared/eval/score.py.

    python bench/quality.py                       # every set: real text first, then our corpora
    python bench/quality.py --sets acled-dev      # one or more named sets (see --list)
    python bench/quality.py --json out.json       # also write every number as JSON
    python bench/quality.py GOLD.json ...         # any gold file, texts read from beside it

Real-text sets (read at run time from ../shared/dev, never copied; data (c) ACLED, acleddata.com):
``acled-dev`` (711 ACLED event notes, 743 coded events, 24 sub-types) and ``acled-train-1k`` (a fixed
random sample of 1,000 notes of acled-train, seed 13). ``acled-train-tune`` (1,500 other train notes, seed 7)
is where errors are read while developing; it runs only when named in ``--sets``. ``acled-dev-pairs`` links each acled-dev note to a
second outlet's retelling of it built by rules at run time, and keeps apart different events of the same
day and country (bench/xdoc_pairs.py); it prints cross-article link P/R/F1 instead of extraction scores. Our corpora follow as regression sets:
the seed articles, tests/corpus, tests/clusters, tests/heldout and tests/heldout2 (written before the
extractor was run on them; never tuned on), examples/corpus.

For every set it prints event P/R/F1, full-record P/R/F1 and field accuracies (the reference scorer's
matching), then why gold events were missed (shares adding up to 1; the scorer pairs only reports
placed within tolerance, so its location field is 1.00 by construction and this breakdown is where
geocoding errors show), per sub-event-type P/R/F1 and the CASE 2021 task 2 weighted F1 (the
sub-type of each document's most confident report). For ACLED sets it also measures geocoding
against ACLED's coded columns (country right, within 25/50/100 km, by geo_precision) and actors
against ACLED's exact actor names.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tqdm import tqdm  # noqa: E402

from sitroom import ingest, pipeline, xdoc  # noqa: E402
from sitroom.evaluate import (  # noqa: E402
    MISS_CAUSES,
    case_weighted_f1,
    diagnose_events,
    evaluate,
    km,
    miss_breakdown,
    norm,
    per_sub_type,
)
from sitroom.records import Document, DocumentError  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import xdoc_pairs  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV = SHARED / "dev"
SAMPLE_SEED = 13
SAMPLE_SIZE = 1000
TUNE_SEED = 7  # acled-train-tune: notes to read errors on, none of them in acled-train-1k
TUNE_SIZE = 1500


@dataclass(frozen=True)
class Target:
    """One scored set: a name, its gold, where its texts are, and ACLED's coded columns when it has them."""
    name: str
    gold: Path
    texts: tuple[Path, ...]
    real: bool = False
    meta: Path | None = None
    sample: int | None = None  # score a fixed random sample of this many documents
    pairs: bool = False  # cross-article link bench (bench/xdoc_pairs.py) instead of extraction scores
    tune: bool = False  # the tuning sample: disjoint from acled-train-1k, scored only when named in --sets


def targets() -> list[Target]:
    """Every set present on this machine: real text first, then our own corpora."""
    found: list[Target] = []
    if (DEV / "acled-dev.gold.json").exists():
        found.append(Target("acled-dev", DEV / "acled-dev.gold.json", (DEV / "acled-dev.jsonl",), True,
                            DEV / "acled-dev.meta.jsonl"))
    if (DEV / "acled-train.gold.json").exists():
        found.append(Target("acled-train-1k", DEV / "acled-train.gold.json", (DEV / "acled-train.jsonl",), True,
                            DEV / "acled-train.meta.jsonl", SAMPLE_SIZE))
        found.append(Target("acled-train-tune", DEV / "acled-train.gold.json", (DEV / "acled-train.jsonl",), True,
                            DEV / "acled-train.meta.jsonl", TUNE_SIZE, tune=True))
        if (DEV / "acled-dev.meta.jsonl").exists():
            found.append(Target("acled-dev-pairs", DEV / "acled-dev.gold.json", (DEV / "acled-dev.jsonl",), True,
                                DEV / "acled-dev.meta.jsonl", pairs=True))
    for g in sorted((SHARED / "gold").glob("*.gold.json")) if (SHARED / "gold").is_dir() else []:
        found.append(Target("seeds", g, (SHARED / "seeds",)))
    for name, g, texts in (("corpus", "tests/corpus/gold.json", "tests/corpus"),
                           ("clusters", "tests/clusters/gold.json", "tests/clusters"),
                           ("heldout", "tests/heldout/gold.json", "tests/heldout"),
                           ("heldout2", "tests/heldout2/gold.json", "tests/heldout2"),
                           ("pages", "tests/pages/gold.json", "tests/pages"),
                           ("examples", "examples/corpus.gold.json", "examples/corpus")):
        if (ROOT / g).exists():
            found.append(Target(name, ROOT / g, (ROOT / texts,)))
    return found


def load_gold(t: Target) -> dict[str, Any]:
    gold: dict[str, Any] = json.loads(t.gold.read_text(encoding="utf-8"))
    if t.sample:
        ids = sorted(d["doc_id"] for d in gold["documents"])
        keep = set(random.Random(SAMPLE_SEED).sample(ids, min(SAMPLE_SIZE if t.tune else t.sample, len(ids))))
        if t.tune:
            rest = [i for i in ids if i not in keep]
            keep = set(random.Random(TUNE_SEED).sample(rest, min(t.sample, len(rest))))
        gold = {**gold, "documents": [d for d in gold["documents"] if d["doc_id"] in keep]}
    return gold


def extract(docs: list[Document], label: str, progress: bool = True) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"events": [], "quotes": [], "claims": [], "errors": []}
    bar = tqdm(total=len(docs), desc=f"{label:<15}", unit="doc", file=sys.stderr, disable=not progress,
               leave=False)
    for r in xdoc.assign_event_ids(pipeline.process(docs)):
        bar.update(1)
        if isinstance(r, DocumentError):
            out["errors"].append({"doc_id": r.doc_id, "message": r.message})
            continue
        out["events"] += [e.to_dict() for e in r.events]
        out["quotes"] += [q.to_dict() for q in r.quotes]
        out["claims"] += [c.to_dict() for c in r.claims]
    bar.close()
    return out


def score(t: Target, progress: bool = True) -> dict[str, Any]:
    """Extract a set's documents and score them; the result holds every table this script prints."""
    gold = load_gold(t)
    wanted = {d["doc_id"] for d in gold["documents"]}
    docs = [d for d in ingest.iter_documents([str(p) for p in t.texts if p.exists()])
            if not isinstance(d, DocumentError) and d.id in wanted]
    t0 = time.perf_counter()
    out = extract(docs, t.name, progress)
    seconds = time.perf_counter() - t0
    has_q = any(d.get("quotes") for d in gold["documents"])
    has_c = any(d.get("claims") for d in gold["documents"])
    res = evaluate(gold, out["events"], out["quotes"] if has_q else None, out["claims"] if has_c else None)
    rows = diagnose_events(gold, out["events"])
    res["published"] = published_accuracy(gold, docs)
    res.update(documents=len(docs), seconds=seconds, errors=out["errors"], real=t.real,
               misses=miss_breakdown(rows), sub_types=per_sub_type(gold, out["events"]),
               case=case_weighted_f1(gold, out["events"]))
    if t.meta and t.meta.exists():
        meta = {m["id"]: m for m in map(json.loads, t.meta.read_text(encoding="utf-8").splitlines()) if m}
        res["acled"] = acled_checks(rows, meta)
    return res


def published_accuracy(gold: dict[str, Any], docs: list[Document]) -> dict[str, Any] | None:
    """Share of documents whose publication date (as ingest read or inferred it) is the gold one, where
    the gold states one; the wrong ones are listed as (doc_id, read, gold)."""
    want = {d["doc_id"]: d.get("published") for d in gold["documents"] if d.get("published") is not None}
    got = {d.id: d.published.date for d in docs}
    rows = [(k, got.get(k), v) for k, v in sorted(want.items()) if k in got]
    if not rows:
        return None
    wrong = [r for r in rows if r[1] != r[2]]
    return {"n": len(rows), "accuracy": 1 - len(wrong) / len(rows), "wrong": wrong}


def run(gold_path: Path, text_dirs: list[Path]) -> dict[str, Any]:
    """Score one gold file whose texts lie in ``text_dirs`` (kept for tests and ad-hoc gold files)."""
    for t in targets():
        if t.gold.resolve() == Path(gold_path).resolve():
            return score(t, progress=False)
    return score(Target(Path(gold_path).stem, Path(gold_path), tuple(text_dirs)), progress=False)


def _strip_period(name: str | None) -> str:
    return norm(name) if name else ""


def acled_checks(rows: list[dict[str, Any]], meta: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Geocoding against ACLED's coded point and country, and actors against ACLED's exact names.

    For each coded event the report looked at is the one the scorer paired with it, else the nearest
    report of its document (``diagnose_events``). Shares are of all coded events (a note with no
    report counts as wrong) and, for ``*_of_reported``, of the events that got a report."""
    geo: dict[str, Any] = defaultdict(int)
    by_prec: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    actors: dict[str, int] = defaultdict(int)
    for r in rows:
        m = meta.get(r["gold"].get("event_key") or "")
        if not m:
            continue
        geo["n"] += 1
        p, g = r["pred"], r["gold"]
        prec = int(m.get("geo_precision") or 1)
        by_prec[prec][0] += 1
        if p is None:
            continue
        geo["reported"] += 1
        by_prec[prec][1] += 1
        loc = p.get("location") or {}
        gl = g.get("location") or {}
        if (loc.get("country") or "").upper() == (gl.get("country") or "").upper():
            geo["country_right"] += 1
        d = km(loc["lat"], loc["lon"], m["latitude"], m["longitude"]) if loc.get("lat") is not None else None
        if d is None:
            geo["no_point"] += 1
        else:
            for lim in (25, 50, 100):
                geo[f"within_{lim}km"] += d <= lim
            geo["over_1000km"] += d > 1000
            ok = d <= {1: 25, 2: 50, 3: 100}.get(prec, 25)
            geo["within_tolerance"] += ok
            by_prec[prec][2] += ok
        if loc.get("admin1") and m.get("admin1"):
            geo["admin1_right"] += norm(loc["admin1"]) == norm(m["admin1"])
        if r["cause"] != "matched":
            continue
        actors["matched"] += 1
        for k in ("actor1", "actor2"):
            if not m.get(k):
                continue
            actors[f"{k}_n"] += 1
            actors[f"{k}_exact"] += (p.get(k) or "") == m[k]
            actors[f"{k}_name"] += bool(p.get(k)) and _strip_period(p.get(k)) == _strip_period(m[k])
            inter = m.get("inter1" if k == "actor1" else "inter2")
            if inter is not None and p.get(f"inter{k[-1]}") is not None:
                actors[f"{k}_inter_n"] += 1
                actors[f"{k}_inter"] += int(p[f"inter{k[-1]}"]) == int(inter)
    n, rep = geo["n"] or 1, geo["reported"] or 1
    out: dict[str, Any] = {"events": geo["n"], "reported": geo["reported"] / n}
    for k in ("country_right", "within_25km", "within_50km", "within_100km", "within_tolerance", "over_1000km",
              "no_point"):
        out[k] = geo[k] / n
        out[k + "_of_reported"] = geo[k] / rep
    out["by_geo_precision"] = {p: {"events": v[0], "reported": v[1], "within_tolerance": v[2] / (v[0] or 1)}
                               for p, v in sorted(by_prec.items())}
    a = {"matched": actors["matched"]}
    for k in ("actor1", "actor2"):
        nk = actors[f"{k}_n"] or 1
        a[k] = {"n": actors[f"{k}_n"], "exact": actors[f"{k}_exact"] / nk, "name": actors[f"{k}_name"] / nk}
        if actors[f"{k}_inter_n"]:
            a[k]["inter"] = actors[f"{k}_inter"] / actors[f"{k}_inter_n"]
    out["actors"] = a
    return out


# --- printing -------------------------------------------------------------------------------------------

HEAD = (f"{'set':<15} {'docs':>5} {'P':>4} {'R':>4} {'F1':>4} {'fP':>4} {'fR':>4} {'fF1':>4}  "
        f"type  sub act1 act2 date  loc fatal  case  quotes/spk claims/src xdoc")


def _acc(f: dict[str, Any], k: str) -> str:
    return f"{f[k]['accuracy']:.2f}" if k in f else "  - "


def _pair(r: dict[str, Any] | None, second: str) -> str:
    return f"{r['f1']:.2f}/{r[second]:.2f}" if r else "   -     "


def row(name: str, r: dict[str, Any]) -> str:
    e, fr, f = r["events"], r["full_record"], r["fields"]
    x = r.get("cross_document")
    return (f"{name[-15:]:<15} {r['documents']:>5} {e['precision']:.2f} {e['recall']:.2f} {e['f1']:.2f}"
            f" {fr['precision']:.2f} {fr['recall']:.2f} {fr['f1']:.2f}"
            f"  {_acc(f, 'event_type')} {_acc(f, 'sub_event_type')} {_acc(f, 'actor1')} {_acc(f, 'actor2')}"
            f" {_acc(f, 'date_exact')} {_acc(f, 'location_25km')} {_acc(f, 'fatalities')}"
            f"  {r['case']['weighted_f1']:.2f}"
            f"  {_pair(r.get('quotes'), 'speaker_accuracy')}  {_pair(r.get('claims'), 'source_accuracy')}"
            f"  {(format(x['f1'], '.2f') if x else '  -')}")


def miss_row(name: str, r: dict[str, Any]) -> str:
    m = r["misses"]
    far = (f" (median {m['too_far_km_median']:.0f} km, p90 {m['too_far_km_p90']:.0f} km)"
           if m["too_far_km_median"] is not None else "")
    return f"{name[-15:]:<15} " + " ".join(f"{m[c]:>6.2f}" for c in MISS_CAUSES) + far


def print_report(results: dict[str, dict[str, Any]], details: bool, out: Callable[[str], None] = print) -> None:
    out(HEAD)
    for name, r in results.items():
        out(row(name, r))
    out("")
    out("why gold events were missed (shares of core gold events; they add up to 1)")
    out(f"{'set':<15} " + " ".join(f"{c[:6]:>6}" for c in MISS_CAUSES))
    for name, r in results.items():
        out(miss_row(name, r))
    pubs = [(name, r["published"]) for name, r in results.items() if r.get("published") and not r["real"]]
    if pubs:
        out("")
        out("publication date read right (documents whose gold states one)")
        for name, pa in pubs:
            out(f"{name[-15:]:<15} {pa['accuracy']:.2f} of {pa['n']}"
                + ("; wrong: " + ", ".join(f"{d} read {r!r}, gold {g!r}" for d, r, g in pa["wrong"][:6]) if pa["wrong"] else ""))
    for name, r in results.items():
        if not (r["real"] or details):
            continue
        out("")
        c = r["case"]
        out(f"{name}: per sub-event type (CASE 2021 task 2 weighted F1 {c['weighted_f1']:.3f}, "
            f"most-confident-report accuracy {c['accuracy']:.3f}, {c['documents']} documents; "
            f"published best 0.839)")
        out(f"  {'sub_event_type':<40} {'gold':>4} {'pred':>4} {'P':>5} {'R':>5} {'F1':>5}")
        for s, v in sorted(r["sub_types"].items(), key=lambda kv: (-kv[1]["gold"], kv[0])):
            out(f"  {s[:40]:<40} {v['gold']:>4} {v['predicted']:>4} {v['precision']:5.2f} {v['recall']:5.2f}"
                f" {v['f1']:5.2f}")
        a = r.get("acled")
        if a:
            out(f"{name}: geocoding against ACLED's coded point ({a['events']} events; share of all / of reported)")
            out(f"  reported {a['reported']:.2f}; country right {a['country_right']:.2f} / "
                f"{a['country_right_of_reported']:.2f}; within 25 km {a['within_25km']:.2f} / "
                f"{a['within_25km_of_reported']:.2f}; 50 km {a['within_50km']:.2f} / {a['within_50km_of_reported']:.2f}"
                f"; 100 km {a['within_100km']:.2f} / {a['within_100km_of_reported']:.2f}")
            out(f"  within ACLED tolerance {a['within_tolerance']:.2f} / {a['within_tolerance_of_reported']:.2f}; "
                f"over 1,000 km {a['over_1000km']:.2f} / {a['over_1000km_of_reported']:.2f}; "
                f"reported without a point {a['no_point']:.2f}")
            out("  by geo_precision: " + "; ".join(
                f"{p}: {v['events']} events, within tolerance {v['within_tolerance']:.2f}"
                for p, v in a["by_geo_precision"].items()))
            ac = a["actors"]
            out(f"{name}: actors against ACLED's names on {ac['matched']} matched events: "
                + "; ".join(f"{k} exact {ac[k]['exact']:.2f}, name {ac[k]['name']:.2f} (n {ac[k]['n']})"
                            + (f", inter {ac[k]['inter']:.2f}" if "inter" in ac[k] else "")
                            for k in ("actor1", "actor2")))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="*", help="gold files to score instead of the named sets")
    ap.add_argument("--sets", nargs="+", metavar="NAME", help="only these named sets (see --list)")
    ap.add_argument("--list", action="store_true", help="list the named sets present and exit")
    ap.add_argument("--details", action="store_true", help="per-type tables for our own corpora too")
    ap.add_argument("--json", metavar="FILE", help="write every number (without per-event rows) as JSON")
    ap.add_argument("--no-progress", action="store_true")
    ap.add_argument("--readme", action="store_true",
                    help="rewrite the tables between <!-- quality:start --> and <!-- quality:end --> in README.md")
    a = ap.parse_args(argv)
    ts = targets()
    if a.list:
        for t in ts:
            print(f"{t.name:<15} {'real' if t.real else 'ours'}  {t.gold}")
        return 0
    if a.gold:
        ts = [Target(Path(g).stem, Path(g), (Path(g).parent,)) for g in a.gold]
    elif a.sets:
        unknown = set(a.sets) - {t.name for t in ts}
        if unknown:
            ap.error(f"unknown set(s) {sorted(unknown)}; present: {[t.name for t in ts]}")
        ts = [t for t in ts if t.name in a.sets]
    else:
        ts = [t for t in ts if not t.tune]
    results: dict[str, dict[str, Any]] = {}
    pair_results: dict[str, dict[str, Any]] = {}
    for t in ts:
        if t.pairs:
            pair_results[t.name] = xdoc_pairs.run(DEV)
            continue
        results[t.name] = score(t, progress=not a.no_progress)
        for err in results[t.name]["errors"][:5]:
            print(f"error: {t.name}: {err['doc_id']}: {err['message']}", file=sys.stderr)
    print(f"measured {time.strftime('%Y-%m-%d')} with sitroom at {_git_rev()}")
    if results:
        print_report(results, a.details)
    for name, pr in pair_results.items():
        print("")
        for line in xdoc_pairs.summary(name, pr):
            print(line)
    if a.json:
        dump = {**results, **{k: xdoc_pairs.public(v) for k, v in pair_results.items()}}
        Path(a.json).write_text(json.dumps(dump, indent=1, default=str), encoding="utf-8")
    if a.readme:
        write_readme(results)
    return 0


def markdown(results: dict[str, dict[str, Any]]) -> str:
    """The README's quality tables: real text first, then our corpora; why gold events were missed;
    geocoding against ACLED's coded points."""
    def f(x: float | None) -> str:
        return "–" if x is None else f"{x:.2f}"

    def acc(r: dict[str, Any], k: str) -> str:
        return f(r["fields"][k]["accuracy"]) if k in r["fields"] else "–"

    def pair(r: dict[str, Any] | None, second: str) -> str:
        return f"{r['f1']:.2f} / {r[second]:.2f}" if r else "–"

    out = [f"Measured {time.strftime('%Y-%m-%d')} with `python bench/quality.py --readme` (sitroom {_git_rev()}).", "",
           "| set | text | docs | event P | R | F1 | full-record P | R | F1 | type | sub-type | actor1 | actor2 "
           "| date exact | fatalities | CASE wF1 | quotes F1 / speaker | claims F1 / source | cross-doc F1 |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        e, fr, x = r["events"], r["full_record"], r.get("cross_document")
        out.append(f"| {name} | {'real (ACLED)' if r['real'] else 'ours'} | {r['documents']:,} | {f(e['precision'])} "
                   f"| {f(e['recall'])} | **{f(e['f1'])}** | {f(fr['precision'])} | {f(fr['recall'])} "
                   f"| **{f(fr['f1'])}** | {acc(r, 'event_type')} | {acc(r, 'sub_event_type')} | {acc(r, 'actor1')} "
                   f"| {acc(r, 'actor2')} | {acc(r, 'date_exact')} | {acc(r, 'fatalities')} "
                   f"| {f(r['case']['weighted_f1'])} | {pair(r.get('quotes'), 'speaker_accuracy')} "
                   f"| {pair(r.get('claims'), 'source_accuracy')} | {f(x['f1']) if x else '–'} |")
    out += ["", "Why gold events were missed (shares of the gold events; each row adds up to 1):", "",
            "| set | matched | no report | place missing | place too far (median / p90 km) | date wrong "
            "| date and place wrong | report taken by another gold event |",
            "|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        m = r["misses"]
        km_ = (f" ({m['too_far_km_median']:,.0f} / {m['too_far_km_p90']:,.0f})"
               if m["too_far_km_median"] is not None else "")
        out.append(f"| {name} | {f(m['matched'])} | {f(m['no_report'])} | {f(m['place_missing'])} "
                   f"| {f(m['place_too_far'])}{km_} | {f(m['date_wrong'])} | {f(m['date_and_place_wrong'])} "
                   f"| {f(m['report_taken'])} |")
    acled = {k: r["acled"] for k, r in results.items() if r.get("acled")}
    if acled:
        out += ["", "Geocoding against ACLED's coded point, of the coded events that got a report (the nearest "
                "report when none matched):", "",
                "| set | reported | country right | within 25 / 50 / 100 km | within ACLED tolerance "
                "| over 1,000 km | no point | actor1 / actor2 = ACLED's name (matched) |",
                "|---|---|---|---|---|---|---|---|"]
        for name, a in acled.items():
            ac = a["actors"]
            out.append(f"| {name} | {f(a['reported'])} | {f(a['country_right_of_reported'])} "
                       f"| {f(a['within_25km_of_reported'])} / {f(a['within_50km_of_reported'])} / "
                       f"{f(a['within_100km_of_reported'])} | {f(a['within_tolerance_of_reported'])} "
                       f"| {f(a['over_1000km_of_reported'])} | {f(a['no_point_of_reported'])} "
                       f"| {f(ac['actor1']['name'])} / {f(ac['actor2']['name'])} |")
    return "\n".join(out)


def write_readme(results: dict[str, dict[str, Any]], path: Path = ROOT / "README.md") -> None:
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- quality:start -->", "<!-- quality:end -->"
    if start not in text or end not in text:
        raise SystemExit(f"{path} has no {start} ... {end} block")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}\n{markdown(results)}\n{end}{tail}", encoding="utf-8")


def _git_rev() -> str:
    import subprocess
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _iter(xs: Iterable[Any]) -> Iterable[Any]:  # pragma: no cover - kept for callers of the old API
    return xs


if __name__ == "__main__":
    sys.exit(main())
