"""Scaling: articles/s in one process, with 1 and 2 local workers and on a 2-worker Dask cluster, in one run.

    python bench/scale.py [--n 200] [--seed 3] [--chunk-size 16] [--no-dask]
    python bench/scale.py --big [--big-n 100000] [--big-words 60 160] [--workers 2] [--db /tmp/big.db]

Rates exclude start-up (model loading) and include every document: the clock
starts when all workers have loaded their models (``PoolStats.ready_at``; for
Dask, after ``client.run(warm_up)``) and stops at the last result. Dask runs
with ``sitroom.parallel.DASK_CONFIG`` (``--dask-defaults`` also times Dask's
defaults) and prints the CPU its own processes took (client + scheduler +
nannies). On a machine shared with other jobs, ``--boost`` raises this run's
scheduling group (Linux autogroup, needs root) so that the ratios mean
something. Ratios printed: 2 workers ÷ 1 worker (goal ≥ 1.7 on a 2-core machine) and Dask ÷ 2 local workers (goal ≥ 0.85). Peak RSS (VmHWM) of
every worker process is read from /proc while the run goes on.

``--big`` writes a synthetic corpus (default 100k wire briefs of 60-160 words)
to a JSONL file and runs the real ``sitroom ingest FILE --db DB --workers N``
on it (cross-document resolution included), sampling the RSS of the writer and
of every worker and the number of documents stored, to show that memory stays
flat. About an hour on 2 cores; the tests never run it (``tests/test_bench.py``
runs a tiny one). Timings are noisy on a shared machine: compare the ratios
of one run.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from make_corpus import generate  # noqa: E402

from sitroom.parallel import DASK_CONFIG, PoolStats, process_dask, process_parallel, warm_up  # noqa: E402
from sitroom.records import Document, DocumentError, PublishedDate  # noqa: E402


def to_docs(rows: Iterable[dict[str, str]]) -> Iterator[Document]:
    for r in rows:
        yield Document(r["id"], r["text"], PublishedDate(r["published"], "published"), title=r["title"],
                       outlet=r["outlet"])


def proc_cpu_s(pid: int | str) -> float:
    """User + system CPU seconds of a process (0 when gone)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def proc_kb(pid: int | str, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class PeakWatcher:
    """Polls VmHWM of the given pids (a live list) until stopped."""

    def __init__(self, pids: list[int], stats: PoolStats | None = None) -> None:
        self.pids = pids
        self.stats = stats
        self.peak: dict[int, int] = {}
        self.cpu: dict[int, float] = {}  # last CPU seconds seen
        self.cpu_at_first: dict[int, float] = {}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            for pid in list(self.pids):
                kb = proc_kb(pid, "VmHWM")
                if kb:
                    self.peak[pid] = max(self.peak.get(pid, 0), kb)
                    self.cpu[pid] = proc_cpu_s(pid)
            if not self.cpu_at_first and self.stats is not None and self.stats.ready_at is not None:
                self.first_result()

    def first_result(self) -> None:
        self.cpu_at_first = {pid: proc_cpu_s(pid) for pid in self.pids}

    def busy_s(self) -> float:
        """Worker CPU seconds spent after the models were loaded (start-up excluded)."""
        return sum(self.cpu.get(p, 0.0) - self.cpu_at_first.get(p, 0.0) for p in self.pids)

    def stop(self) -> dict[int, int]:
        self._stop.set()
        self._t.join()
        return self.peak


def timed(results: Iterable[Any], start: Callable[[], float | None] | None = None,
          on_first: Any = None) -> tuple[float, int, int]:
    """(seconds of extraction, documents, events).

    The clock runs from ``start()`` (the moment every worker had its models
    loaded; default: the call) to the last result, and every document counts:
    the models' start-up cost is left out without leaving out any work.
    """
    t0 = time.perf_counter()
    n = 0
    events = 0
    for r in results:
        if n == 0 and on_first is not None:
            on_first()
        n += 1
        if not isinstance(r, DocumentError):
            events += len(r.events)
    last = time.perf_counter()
    began = (start() if start is not None else None) or t0
    return last - began, n, events


def run_local(docs: list[Document], workers: int, chunk_size: int
              ) -> tuple[float, dict[int, int], int, float]:
    """(articles/s, peak RSS per worker, events, articles per worker-CPU-second)."""
    stats = PoolStats()
    watcher = PeakWatcher(stats.worker_pids, stats)
    secs, n, events = timed(process_parallel(docs, workers=workers, chunk_size=chunk_size, stats=stats),
                            start=lambda: stats.ready_at)
    peaks = watcher.stop()
    busy = watcher.busy_s()
    return n / secs if secs else float("nan"), peaks, events, n / busy if busy else float("nan")


def run_inprocess(docs: list[Document], chunk_size: int) -> tuple[float, int]:
    from sitroom.pipeline import process

    warm_up()
    secs, n, events = timed(process(docs, batch_size=chunk_size))
    return n / secs if secs else float("nan"), events


def _own_cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_dask(docs: list[Document], workers: int, chunk_size: int, tuned: bool = True
             ) -> tuple[float, dict[str, int], int, float]:
    """(articles/s, peak RSS per worker, events, overhead CPU-s: client+scheduler+nannies)."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set(DASK_CONFIG if tuned else {}), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None) as cluster, Client(cluster) as client:
        client.run(warm_up)  # load the models before the clock starts
        pids = client.run(os.getpid)
        nannies = [int(Path(f"/proc/{p}/stat").read_text().split()[3]) for p in pids.values()]
        before = _own_cpu_s() + sum(proc_cpu_s(p) for p in nannies)
        secs, n, events = timed(process_dask(docs, client=client, chunk_size=chunk_size, initializer=None))
        overhead = _own_cpu_s() + sum(proc_cpu_s(p) for p in nannies) - before
        peaks = client.run(lambda: proc_kb("self", "VmHWM"))
    return n / secs if secs else float("nan"), peaks, events, overhead


def fmt_peaks(peaks: dict[Any, int]) -> str:
    return ", ".join(f"{kb / 1024:.0f}" for _, kb in sorted(peaks.items())) + " MB"


def compare(args: argparse.Namespace) -> None:
    docs = list(to_docs(generate(args.n, args.seed)))
    words = sum(len(d.text.split()) for d in docs)
    print(f"corpus: {len(docs)} synthetic articles, {words / len(docs):.0f} words each, chunk size {args.chunk_size},"
          f" {os.cpu_count()} CPUs")
    rate0, ev0 = run_inprocess(docs, args.chunk_size)
    print(f"in-process           {rate0:6.2f} articles/s  ({ev0} events)")
    rate1, peaks1, ev1, eff1 = run_local(docs, 1, args.chunk_size)
    print(f"1 local worker       {rate1:6.2f} articles/s  peak RSS {fmt_peaks(peaks1)}"
          f"  {eff1:.2f} articles per worker CPU-second")
    rate2, peaks2, ev2, eff2 = run_local(docs, 2, args.chunk_size)
    print(f"2 local workers      {rate2:6.2f} articles/s  peak RSS {fmt_peaks(peaks2)}"
          f"  {eff2:.2f} articles per worker CPU-second")
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other jobs take cores: "
          f"then compare the per-CPU-second efficiency, which parallelism should not lower)")
    assert ev0 == ev1 == ev2, "workers must give the same results"
    print(f"ratio 2 workers / 1 worker: {rate2 / rate1:.2f}  (goal >= 1.7)")
    if not args.no_dask:
        try:
            runs = [("dask defaults", False), ("dask, DASK_CONFIG", True)] if args.dask_defaults else \
                [("dask, DASK_CONFIG", True)]
            for label, tuned in runs:
                rated, peaksd, evd, over = run_dask(docs, 2, args.chunk_size, tuned)
                print(f"{label:<20} {rated:6.2f} articles/s  peak RSS {fmt_peaks(peaksd)}"
                      f"  client+scheduler+nannies {over:.1f} CPU-s")
                assert evd == ev2
                print(f"ratio {label} / 2 local workers: {rated / rate2:.2f}  (goal >= 0.85)")
        except ImportError:
            print("dask: not installed (pip install 'dask[distributed]')")


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc)."""
    kids: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def _stored(db: str) -> int:
    import sqlite3

    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def big(args: argparse.Namespace) -> int:
    """Stream ``--big-n`` synthetic articles through the real ``sitroom ingest --workers N`` into SQLite.

    Every ``--every-s`` seconds prints documents stored, the rate, and the RSS of
    the writer (the ``ingest`` process) and of each worker; at the end compares
    the RSS of the first and last tenth of the run.
    """
    import json
    import subprocess

    work = Path(tempfile.mkdtemp(prefix="sitroom-big-"))
    corpus = work / "corpus.jsonl"
    db = args.db or str(work / "big.db")
    lo, hi = args.big_words
    with corpus.open("w", encoding="utf-8") as fh:
        for row in generate(args.big_n, args.seed, (lo, hi)):
            fh.write(json.dumps(row) + "\n")
    size = corpus.stat().st_size
    print(f"corpus: {args.big_n} synthetic articles of {lo}-{hi} words, {size / 1e6:.0f} MB at {corpus}; "
          f"db {db}; {args.workers} workers", flush=True)
    cmd = [sys.executable, "-m", "sitroom", "ingest", str(corpus), "--db", db, "--workers", str(args.workers),
           "--quiet"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    samples: list[tuple[float, int, int, list[int]]] = []  # (s, stored, writer KB, worker KBs)
    try:
        while proc.poll() is None:
            time.sleep(args.every_s)
            pids = _tree(proc.pid)
            writer = proc_kb(proc.pid, "VmRSS")
            workers = [proc_kb(p, "VmRSS") for p in pids[1:]]
            workers = [kb for kb in workers if kb > 100_000]  # model-holding workers, not helpers
            n = _stored(db)
            secs = time.perf_counter() - t0
            samples.append((secs, n, writer, workers))
            print(f"{secs:7.0f} s {n:>7} stored  {n / secs:6.2f}/s  writer {writer / 1024:4.0f} MB  workers "
                  + ", ".join(f"{kb / 1024:.0f}" for kb in workers) + " MB", flush=True)
    except KeyboardInterrupt:
        proc.terminate()
        raise
    secs = time.perf_counter() - t0
    n = _stored(db)
    print(f"done: exit {proc.returncode}, {n} documents stored in {secs:.0f} s ({n / secs:.2f}/s), "
          f"db {os.path.getsize(db) / 1e6:.0f} MB")
    run = [s for s in samples if s[1] > 0]
    if len(run) >= 10:
        tenth = max(len(run) // 10, 1)
        for label, part in (("first tenth", run[:tenth]), ("last tenth", run[-tenth:])):
            w = max(s[2] for s in part) / 1024
            k = max((max(s[3]) for s in part if s[3]), default=0) / 1024
            print(f"{label:<12} ({part[0][1]}-{part[-1][1]} stored): max writer RSS {w:.0f} MB, "
                  f"max worker RSS {k:.0f} MB")
    if not args.keep:
        corpus.unlink()
    return int(proc.returncode or 0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--chunk-size", type=int, default=16)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--boost", action="store_true", help="raise this process group's CPU share (Linux autogroup, root)")
    ap.add_argument("--dask-defaults", action="store_true", help="also time Dask with its default settings")
    ap.add_argument("--big", action="store_true", help="stream --big-n articles into a store, printing RSS")
    ap.add_argument("--big-n", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--every-s", type=float, default=30.0, help="--big: seconds between samples")
    ap.add_argument("--big-words", type=int, nargs=2, default=(60, 160), metavar=("LOW", "HIGH"),
                    help="--big: article length range in words (default: wire briefs)")
    ap.add_argument("--keep", action="store_true", help="--big: keep the generated corpus")
    ap.add_argument("--db", help="--big: the SQLite file to write (default: a temporary one)")
    args = ap.parse_args(argv)
    if args.boost:
        try:
            Path("/proc/self/autogroup").write_text("-15")
            print("boost: autogroup nice -15")
        except OSError as e:
            print(f"boost: not possible here ({e})")
    if args.big:
        return big(args)
    compare(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
