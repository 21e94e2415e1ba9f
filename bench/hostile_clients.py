#!/usr/bin/env python3
"""Hostile clients against a real ``sitroom serve`` process on loopback (it stops by itself).

    python bench/hostile_clients.py [--reports 100000] [--half-open 300] [--staged 700]

1. **half-open connections**: opens ``--half-open`` sockets that send half a request and then
   nothing; after the server's socket timeout (+5 s) counts how many the server still holds open,
   and times a normal request made during the attack;
2. **staged requests**: ``--staged`` clients each send a full request at the same moment; counts
   answers by status (5xx other than the deliberate 503 "busy" are failures) and the server's open
   file descriptors afterwards;
3. **export memory**: a store of ``--reports`` event reports; the server's peak resident memory
   (VmHWM) before and after one GeoJSON export of all of them, then after 8 in parallel.

Prints one line per measure. Linux only (reads /proc).
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def build_store(path: Path, reports: int) -> None:
    from sitroom.records import (
        Document,
        DocumentResult,
        EventReport,
        Fatalities,
        PublishedDate,
        ResolvedDate,
        ResolvedPlace,
        Span,
    )
    from sitroom.store import Store

    per_doc = 10
    sent = ("Suspected ISWAP fighters attacked a military base in Damboa on Tuesday, killing 12 soldiers, "
            "officials said. ")
    with Store(path) as st:
        for d in range(reports // per_doc):
            doc_id = f"d{d:06d}"
            text = f"Report {d}\n\n" + sent * per_doc
            events = []
            for i in range(per_doc):
                s = len(f"Report {d}\n\n") + i * len(sent)
                day = f"2021-{1 + (d + i) % 12:02d}-{1 + (d * 7 + i) % 28:02d}"
                events.append(EventReport(
                    event_id=f"evt_{doc_id}_{i}", doc_id=doc_id, event_type="Battles", sub_event_type="Armed clash",
                    actor1="ISWAP", actor1_mention="iswap", actor2="Military Forces of Nigeria", actor2_mention=None,
                    date=ResolvedDate(day, day, "day", "on Tuesday", "published"),
                    location=ResolvedPlace("Damboa", "NG", None, 11.15 + i / 100, 12.75 + d / 10000, "city", "Damboa",
                                           s, s + 5),
                    fatalities=Fatalities(12, 12, 12, "12 soldiers"), evidence=(Span(s, s + len(sent) - 1, sent[:-1]),),
                    sources=("officials",), confidence=0.8))
            st.add_result(DocumentResult(Document(doc_id, text, PublishedDate("2021-03-04", "published")),
                                         tuple(events)))


def proc_status(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return -1


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "sitroom", "serve", "--db", str(db), "--port", str(port)],
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/meta", timeout=2).read()
            return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def half_open(port: int, n: int, wait: float) -> None:
    socks = []
    for _ in range(n):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /api/meta HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
            socks.append(s)
        except OSError:
            pass
    t0 = time.monotonic()
    try:
        status = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/meta", timeout=60).status
    except urllib.error.HTTPError as e:
        status = e.code
    except OSError as e:
        status = f"failed ({e})"  # type: ignore[assignment]
    during = time.monotonic() - t0
    time.sleep(wait)
    held = 0
    for s in socks:
        s.setblocking(False)
        try:
            s.recv(1)  # EOF (closed by the server) or an answer: not held
        except BlockingIOError:
            held += 1  # still open, nothing from the server
        except OSError:
            pass
        s.close()
    print(f"half-open: {len(socks)} opened; a normal request during the attack: {status} in {during:.2f} s; "
          f"still held by the server after {wait:.0f} s: {held}")


def staged(port: int, n: int, pid: int) -> None:
    barrier = threading.Barrier(n)
    out: Counter[str] = Counter()
    lock = threading.Lock()

    def client() -> None:
        try:
            barrier.wait(30)
        except threading.BrokenBarrierError:
            pass
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/events?limit=50", timeout=60) as r:
                r.read()
                code = str(r.status)
        except urllib.error.HTTPError as e:
            code = str(e.code)
        except OSError as e:
            code = type(e).__name__
        with lock:
            out[code] += 1

    fds_before = open_fds(pid)
    threads = [threading.Thread(target=client) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    time.sleep(1)
    print(f"staged: {n} requests at once: {dict(sorted(out.items()))}; server fds before {fds_before}, "
          f"after {open_fds(pid)}")


def export_memory(port: int, pid: int) -> None:
    url = f"http://127.0.0.1:{port}/api/events?format=geojson&background=true"
    base = proc_status(pid, "VmHWM")

    def one() -> int:
        n = 0
        with urllib.request.urlopen(url, timeout=600) as r:
            while chunk := r.read(1 << 16):
                n += len(chunk)
        return n

    size = one()
    after_one = proc_status(pid, "VmHWM")
    threads = [threading.Thread(target=one) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    after_eight = proc_status(pid, "VmHWM")
    print(f"export: GeoJSON of {size / 1e6:.0f} MB; server peak RSS {base / 1024:.0f} MB before, "
          f"{after_one / 1024:.0f} MB after one export, {after_eight / 1024:.0f} MB after 8 in parallel")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--half-open", type=int, default=300)
    ap.add_argument("--staged", type=int, default=700)
    ap.add_argument("--db", help="use this store (else one is built in a temporary folder)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        db = Path(args.db) if args.db else Path(d) / "bench.db"
        if not db.exists():
            t0 = time.monotonic()
            build_store(db, args.reports)
            print(f"store: {args.reports} reports built in {time.monotonic() - t0:.0f} s", flush=True)
        proc, port = start_server(db)
        try:
            from sitroom.api import SOCKET_TIMEOUT

            half_open(port, args.half_open, SOCKET_TIMEOUT + 5)
            staged(port, args.staged, proc.pid)
            export_memory(port, proc.pid)
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
