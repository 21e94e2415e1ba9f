"""The single writer's cost per document as the store grows (``sitroom ingest``'s store path).

    python bench/writer.py [--sizes 1000 10000 50000] [--probe 300] [--fixed-days DAYS] [--seed 1]

Every ingested document goes through ``xdoc_store.add_resolved``: candidate
queries against the stored reports, re-clustering of the stored clusters it
touches, one transaction. Workers scale out; this writer does not, so its cost
per document must not grow with the store.

For each size N the script fills a fresh SQLite store with N one-report
documents (synthetic reports from ``bench/resolve.py``: Zipf-weighted hot
spots, noisy dates, tolls and places; stored without resolution, so filling is
fast), then times ``add_resolved`` for ``--probe`` further documents from the
same stream. By default the time span grows with N (constant density, ~30
reports a day, like an archive); ``--fixed-days`` keeps it fixed (a burst:
density grows with N). Prints ms per document (wall and CPU) per size and the
ratio of the largest to the smallest size (1.0 = constant cost).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from resolve import make_reports  # noqa: E402

from sitroom.records import Document, DocumentResult, EventReport, PublishedDate  # noqa: E402
from sitroom.store import Store  # noqa: E402
from sitroom.xdoc import origin_id  # noqa: E402

try:
    from sitroom.xdoc_store import add_resolved
except ImportError:  # a checkout from before the xdoc split, for before/after comparisons
    from sitroom.xdoc import add_resolved  # type: ignore[attr-defined,no-redef]


def as_result(r: EventReport) -> DocumentResult:
    text = r.evidence[0].text
    day = r.date.start if r.date else None
    doc = Document(r.doc_id, text, PublishedDate(day, "published"), source_path=r.doc_id)
    return DocumentResult(doc, (replace(r, event_id=origin_id(r)),))


def measure(n: int, probe: int, days: int, seed: int) -> tuple[float, float, int]:
    """(wall ms per probe document, CPU ms per probe document, stored event reports)."""
    reports, _ = make_reports(n + probe, days, random.Random(seed))
    rng = random.Random(seed + 1)
    rng.shuffle(reports)
    fill, probes = reports[:n], reports[n:]
    with tempfile.TemporaryDirectory(prefix="sitroom-writer-") as tmp:
        with Store(Path(tmp) / "w.db") as store:
            store.conn.execute("PRAGMA synchronous=OFF")  # filling only; timed below with the default
            for r in fill:
                store.add_result(as_result(r), what=("events",))
            store.conn.execute("PRAGMA synchronous=NORMAL")
            stored = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
            t0, c0 = time.perf_counter(), time.process_time()
            for r in probes:
                add_resolved(store, as_result(r), what=("events",))
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return 1000 * wall / len(probes), 1000 * cpu / len(probes), stored


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    ap.add_argument("--probe", type=int, default=300)
    ap.add_argument("--fixed-days", type=int, default=0, help="keep the time span fixed (density grows)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    rows = []
    for n in sorted(args.sizes):
        days = args.fixed_days or max(n // 30, 30)
        wall, cpu, stored = measure(n, args.probe, days, args.seed)
        rows.append((n, wall, cpu))
        print(f"store of {stored:>7} reports over {days:>5} days: add_resolved {wall:6.2f} ms/doc wall, "
              f"{cpu:6.2f} ms/doc CPU", flush=True)
    (n0, _, c0), (n1, _, c1) = rows[0], rows[-1]
    print(f"ratio CPU per document at {n1} / at {n0} stored: {c1 / c0:.2f}  (1.0 = constant)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
