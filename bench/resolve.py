"""Cross-document resolver speed (and pairwise quality) on synthetic reports.

    python bench/resolve.py [--sizes 1000 10000 100000] [--fixed-days DAYS] [--seed 1]

Synthetic events in ~300 hot-spot cities (Zipf-weighted, as conflict reporting
is), each told by 1-6 documents with realistic noise: tolls that differ, a date
one day off, month-precision or admin1-only reports, unplaced reports, generic
sub-types ("Armed clash"/"Attack"), missing actors, reworded evidence. By
default the time span grows with the corpus (constant density, ~30 reports a
day); ``--fixed-days`` keeps it fixed (density grows with size).

Prints per size: CPU seconds (incremental ``add`` per report), reports/s, pairs scored (comparisons) per report,
pairwise precision/recall against the synthetic truth, and at the end the
ratio of per-report cost at the largest vs the smallest size (1.0 = linear).
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sitroom.records import EventReport, Fatalities, ResolvedDate, ResolvedPlace, Span  # noqa: E402
from sitroom.xdoc import Resolver  # noqa: E402

EXP, BAT, VAC = "Explosions/Remote violence", "Battles", "Violence against civilians"
KINDS = [  # (event_type, sub_event_type, weight)
    (BAT, "Armed clash", 30), (EXP, "Shelling/artillery/missile attack", 20), (EXP, "Air/drone strike", 12),
    (EXP, "Remote explosive/landmine/IED", 10), (EXP, "Suicide bomb", 3), (VAC, "Attack", 15),
    (VAC, "Abduction/forced disappearance", 3), ("Protests", "Peaceful protest", 5),
    ("Strategic developments", "Arrests", 2),
]
GENERIC = {EXP: "Armed clash", VAC: "Attack", BAT: "Armed clash"}
ACTORS = ["Military Forces of A", "Military Forces of B", "Rebels C", "Militia D", "Islamic State", "Al Shabaab"]
VOCAB = [f"w{i}" for i in range(3000)]
START = date(2015, 1, 1)


def make_reports(n: int, days: int, rng: random.Random) -> tuple[list[EventReport], list[int]]:
    cities = [(rng.uniform(-10, 45), rng.uniform(-15, 75)) for _ in range(300)]
    weights = [1 / (i + 1) for i in range(len(cities))]
    kinds, kw = [k[:2] for k in KINDS], [k[2] for k in KINDS]
    reports: list[EventReport] = []
    truth: list[int] = []
    ev = 0
    doc = 0
    while len(reports) < n:
        ev += 1
        etype, sub = rng.choices(kinds, kw)[0]
        lat, lon = rng.choices(cities, weights)[0]
        lat, lon = lat + rng.uniform(-0.1, 0.1), lon + rng.uniform(-0.1, 0.1)
        day = START + timedelta(days=rng.randrange(days))
        killed = rng.choice([0, 1, 2, 3, 5, 8, 12, 20, 40]) if rng.random() < 0.7 else None
        actor = rng.choice(ACTORS)
        words = rng.sample(VOCAB, 12)
        for _ in range(min(rng.choice([1, 1, 2, 2, 3, 4, 6]), n - len(reports))):
            doc += 1
            r_day, precision, end = day, "day", day
            x = rng.random()
            if x < 0.08:
                r_day = day + timedelta(days=rng.choice([-1, 1]))
                end = r_day
            elif x < 0.16:
                r_day, end, precision = day.replace(day=1), (day.replace(day=28)), "month"
            r_lat, r_lon = lat + rng.uniform(-0.03, 0.03), lon + rng.uniform(-0.03, 0.03)
            y = rng.random()
            loc: ResolvedPlace | None = ResolvedPlace(f"c{lat:.1f}", "XX", f"a{int(lat)}", r_lat, r_lon, "city",
                                                      "", 0, 0)
            if y < 0.05:
                loc = ResolvedPlace(f"a{int(lat)}", "XX", f"a{int(lat)}", int(lat) + 0.5, lon, "admin1", "", 0, 0)
            elif y < 0.08:
                loc = None
            r_sub = GENERIC.get(etype, sub) if rng.random() < 0.2 else sub
            r_type = etype if r_sub == sub else (BAT if r_sub == "Armed clash" else VAC)
            k = killed
            if k is not None and rng.random() < 0.4:
                k = max(0, k + rng.choice([-2, -1, 1, 2, 5]))
            text = " ".join(rng.sample(words, 8) + rng.sample(VOCAB, 4))
            fat = Fatalities(k, k, k, "") if k is not None and rng.random() < 0.85 else None
            reports.append(EventReport(
                "", f"doc{doc}", r_type, r_sub, actor if rng.random() < 0.6 else None, None, None, None,
                ResolvedDate(r_day.isoformat(), end.isoformat(), precision, "", "published"), loc, fat,
                (Span(0, len(text), text),), trigger=Span(0, 4, text[:4])))
            truth.append(ev)
    return reports, truth


def pair_quality(pred: list[str], truth: list[int]) -> tuple[float, float]:
    from collections import Counter

    def pairs(c: Counter) -> int:  # type: ignore[type-arg]
        return sum(v * (v - 1) // 2 for v in c.values())

    both, p, t = pairs(Counter(zip(pred, truth))), pairs(Counter(pred)), pairs(Counter(truth))
    return (both / p if p else 1.0), (both / t if t else 1.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--fixed-days", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    per: list[tuple[int, float]] = []
    batch_per: list[tuple[int, float]] = []
    print(f"{'reports':>8} {'days':>6} {'seconds':>8} {'reports/s':>10} {'pairs':>10} {'pairs/rep':>9} "
          f"{'events':>7} {'pair P':>6} {'pair R':>6} {'batch s':>7} {'batch/s':>8}")
    for n in args.sizes:
        days = args.fixed_days or max(30, n // 30)
        reports, truth = make_reports(n, days, rng)
        res = Resolver()
        t0 = time.process_time()  # CPU time: steadier than wall time on a shared machine
        for r in reports:
            res.add(r)
        dt = time.process_time() - t0
        pred = [res.event_id_of(r) for r in reports]
        t1 = time.process_time()
        batch = Resolver().resolve(reports)  # one batch: components re-clustered once, at the end
        bt = time.process_time() - t1
        assert [b.event_id for b in batch] == pred, "batch and incremental disagree"
        batch_per.append((n, bt / n))
        p, r_ = pair_quality(pred, truth)
        per.append((n, dt / n))
        print(f"{n:>8} {days:>6} {dt:>8.2f} {n / dt:>10.0f} {res.comparisons:>10} {res.comparisons / n:>9.2f} "
              f"{len(set(pred)):>7} {p:>6.3f} {r_:>6.3f} {bt:>7.2f} {n / bt:>8.0f}")
    if len(per) > 1:
        (n0, c0), (n1, c1) = per[0], per[-1]
        print(f"per-report cost {n1} vs {n0}: incremental {c1 / c0:.2f}x, batch "
              f"{batch_per[-1][1] / batch_per[0][1]:.2f}x (1.0 = linear)")


if __name__ == "__main__":
    main()
