#!/usr/bin/env python3
"""Bounded load test of ``sitroom serve`` on loopback.

    python bench/load.py --db sitroom.db                      # 32 clients for 30 s against a new server
    python bench/load.py --url http://127.0.0.1:8000 --clients 8 --requests 50

Each client runs a mix of GET requests (event pages with filters, one event, one document, stats, actors,
quotes, claims, meta) in a loop until it has made ``--requests`` requests or ``--seconds`` have passed,
whichever comes first; it stops by itself. Prints requests, errors (non-2xx or failed connections),
p50/p95/max latency and requests per second; exits 1 when there were errors.

``run_load`` is the library form (used by tests/test_concurrency.py).
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PATHS = [
    "/api/events", "/api/events?limit=20&sort=-date", "/api/events?type=Battles", "/api/events?q=killed",
    "/api/events?min_fatalities=5&sort=fatalities", "/api/events?since=2020&until=2025", "/api/events?background=1",
    "/api/stats", "/api/stats?type=Battles", "/api/actors?limit=20", "/api/quotes?limit=20", "/api/claims?limit=20",
    "/api/documents?limit=20", "/api/meta",
]


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return 0.0
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]

    def summary(self) -> dict[str, Any]:
        return {"requests": self.requests, "errors": self.errors, "seconds": round(self.seconds, 2),
                "rps": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
                "p50_ms": round(self.pct(0.50) * 1000, 2), "p95_ms": round(self.pct(0.95) * 1000, 2),
                "max_ms": round(max(self.latencies, default=0.0) * 1000, 2),
                "mean_ms": round(statistics.fmean(self.latencies) * 1000, 2) if self.latencies else 0.0,
                "error_samples": self.error_samples[:5]}


def _get(url: str, timeout: float) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            r.read()
            return int(r.status)
    except urllib.error.HTTPError as e:
        e.read()
        return int(e.code)


def run_load(base: str, *, clients: int = 32, requests: int | None = None, seconds: float = 30.0,
             seed: int = 0, extra_paths: list[str] | None = None, until: Callable[[], bool] | None = None,
             timeout: float = 30.0) -> LoadResult:
    """``clients`` threads each request until ``requests`` (per client) or ``seconds`` are reached.

    With ``until``, a client also keeps going (within ``seconds``) until ``until()`` is true, so the load
    can be made to span some other activity (an ingest writing to the store)."""
    paths = PATHS + (extra_paths or [])
    res = LoadResult()
    lock = threading.Lock()
    t_end = time.monotonic() + seconds

    def client(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        n = 0
        lat: list[float] = []
        errs: list[str] = []
        while time.monotonic() < t_end:
            if requests is not None and n >= requests and (until is None or until()):
                break
            path = rng.choice(paths)
            t0 = time.perf_counter()
            try:
                status = _get(base + path, timeout)
            except (OSError, urllib.error.URLError) as e:
                status, why = 0, f"{path}: {type(e).__name__}: {e}"
            else:
                why = f"{path}: HTTP {status}"
            lat.append(time.perf_counter() - t0)
            n += 1
            if not 200 <= status < 300:
                errs.append(why)
        with lock:
            res.requests += n
            res.errors += len(errs)
            res.latencies += lat
            res.error_samples += errs

    t0 = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    res.seconds = time.monotonic() - t0
    return res


def discover_paths(base: str) -> list[str]:
    """One event and one document path from the server's own data (so those routes are exercised too)."""
    out = []
    try:
        with urllib.request.urlopen(base + "/api/events?limit=5&background=1", timeout=10) as r:
            for e in json.loads(r.read())["items"][:5]:
                out += [f"/api/events/{e['event_id']}", f"/api/documents/{e['doc_id']}"]
    except (OSError, ValueError, KeyError):
        pass
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="Serve this database on a free loopback port for the run.")
    ap.add_argument("--url", help="Load an already running server instead.")
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--requests", type=int, default=None, help="Per client (default: until --seconds).")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if not args.db and not args.url:
        ap.error("give --db or --url")
    server = None
    if args.db:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
        from sitroom.api import make_server

        server = make_server(args.db, "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
    else:
        base = args.url.rstrip("/")
    try:
        res = run_load(base, clients=args.clients, requests=args.requests, seconds=args.seconds, seed=args.seed,
                       extra_paths=discover_paths(base))
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
    s = res.summary()
    print(f"{args.clients} clients, {s['requests']} requests in {s['seconds']} s ({s['rps']}/s): "
          f"p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, max {s['max_ms']} ms; errors {s['errors']}")
    for e in s["error_samples"]:
        print("  error:", e)
    return 1 if res.errors else 0


if __name__ == "__main__":
    sys.exit(main())
