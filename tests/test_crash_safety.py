"""Crash safety: ``sitroom ingest`` (a real subprocess, the real pipeline) killed with SIGKILL at random
points, then restarted. Afterwards the store holds every document exactly once, with the same records as an
uninterrupted run, nothing half-written (``sitroom.check``), and each restart processed only what was left.

Kill points are seeded: each kill waits until the store holds a chosen number of documents (or a chosen time
into start-up) and then a few milliseconds more, so the kills land during writes on any machine speed.
"""
from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sitroom.check import check_store

ROOT = Path(__file__).resolve().parents[1]
N_DOCS = 30
MIN_KILLS = 20
KILLS_PER_CHAIN = 6
SEED = 20240607
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
_SUMMARY = re.compile(r"documents: (\d+) new, (\d+) updated, (\d+) unchanged, (\d+) failed")


def make_corpus(path: Path, n: int = N_DOCS, seed: int = 7) -> list[str]:
    """A small synthetic corpus (bench/make_corpus.py), each article cut to its first paragraphs."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from make_corpus import generate
    finally:
        sys.path.pop(0)
    ids = []
    with path.open("w", encoding="utf-8") as fh:
        for d in generate(n, seed):
            d = dict(d)
            d["text"] = "\n\n".join(d["text"].split("\n\n")[:3])
            ids.append(d["id"])
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    return ids


def ingest_cmd(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "sitroom", "ingest", str(corpus), "--db", str(db)]


def stored(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(con.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def kill_run(corpus: Path, db: Path, rng: random.Random) -> tuple[bool, int]:
    """Start an ingest and SIGKILL it at a seeded point. (killed?, documents stored before it started)."""
    before = stored(db)
    target = rng.randint(before, N_DOCS - 2)
    jitter = rng.uniform(0.0, 0.05)
    startup = rng.uniform(0.2, 3.0) if rng.random() < 0.1 else None  # now and then, during start-up
    proc = subprocess.Popen(ingest_cmd(corpus, db), env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.monotonic()
    try:
        while proc.poll() is None and time.monotonic() - t0 < 60:
            if startup is not None:
                if time.monotonic() - t0 >= startup:
                    break
            elif stored(db) > target:
                time.sleep(jitter)
                break
            time.sleep(0.005)
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    return killed and proc.returncode == -signal.SIGKILL, before


def finish(corpus: Path, db: Path) -> tuple[int, int, int, int]:
    """Run an ingest to the end: (new, updated, unchanged, failed) from its summary line."""
    res = subprocess.run(ingest_cmd(corpus, db), env=ENV, capture_output=True, text=True, timeout=120)
    m = _SUMMARY.search(res.stderr)
    assert m, res.stderr[-2000:]
    return tuple(int(g) for g in m.groups())  # type: ignore[return-value]


def records(db: Path) -> dict[str, tuple[list[str], int, int]]:
    """Per document: its report ids (content hashes, not event ids), number of quotes and of claims."""
    con = sqlite3.connect(db)
    try:
        out = {}
        for (doc_id,) in con.execute("SELECT id FROM documents ORDER BY id"):
            reports = [r[0] for r in con.execute("SELECT report_id FROM events WHERE doc_id=? ORDER BY seq", (doc_id,))]
            nq = con.execute("SELECT COUNT(*) FROM quotes WHERE doc_id=?", (doc_id,)).fetchone()[0]
            nc = con.execute("SELECT COUNT(*) FROM claims WHERE doc_id=?", (doc_id,)).fetchone()[0]
            out[doc_id] = (reports, nq, nc)
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    d = tmp_path_factory.mktemp("crash")
    path = d / "corpus.jsonl"
    return path, make_corpus(path)


@pytest.fixture(scope="module")
def reference(corpus: tuple[Path, list[str]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple]:
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    new, updated, unchanged, failed = finish(corpus[0], db)
    assert (new, updated, unchanged, failed) == (N_DOCS, 0, 0, 0)
    assert check_store(db) == []
    return records(db)


def test_sigkill_at_random_points_loses_nothing(corpus: tuple[Path, list[str]], reference: dict[str, tuple],
                                                tmp_path: Path) -> None:
    path, ids = corpus
    lock = threading.Lock()
    kills: list[int] = []  # documents stored before each killed run
    chains: list[Path] = []

    def finish_chain(db: Path) -> None:
        left_before = stored(db)
        new, updated, unchanged, failed = finish(path, db)
        # the restart resumes: only the documents not yet stored are processed
        assert (new, updated, unchanged, failed) == (N_DOCS - left_before, 0, left_before, 0)
        with lock:
            chains.append(db)

    def worker(w: int) -> None:
        rng = random.Random(SEED + w)
        n_chain, in_chain = 0, 0
        db = tmp_path / f"w{w}_chain{n_chain}.db"
        while True:
            with lock:
                if len(kills) >= MIN_KILLS:
                    break
            if in_chain >= KILLS_PER_CHAIN or stored(db) >= N_DOCS - 1:
                finish_chain(db)
                n_chain, in_chain = n_chain + 1, 0
                db = tmp_path / f"w{w}_chain{n_chain}.db"
            killed, before = kill_run(path, db, rng)
            if killed:
                in_chain += 1
                with lock:
                    kills.append(before)
            # whatever moment the kill hit, the store is sound
            if db.exists():
                assert [str(p) for p in check_store(db)] == []
        finish_chain(db)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for f in [pool.submit(worker, w) for w in range(2)]:
            f.result()
    assert len(kills) >= MIN_KILLS
    assert any(k > 0 for k in kills), "some kills must land after documents were written"
    for db in chains:
        assert [str(p) for p in check_store(db)] == []
        got = records(db)
        assert sorted(got) == sorted(ids)  # every document exactly once (ids are the primary key)
        assert got == reference  # the same records as an uninterrupted run
        con = sqlite3.connect(db)
        assert con.execute("SELECT COUNT(*) FROM errors WHERE fatal=1").fetchone()[0] == 0
        con.close()


def test_killed_dask_worker_loses_nothing(corpus: tuple[Path, list[str]], reference: dict[str, tuple],
                                          tmp_path: Path) -> None:
    """``sitroom ingest --cluster`` (real subprocess, real pipeline on the workers) while one Dask worker is
    SIGKILLed mid-run: the run ends, every document is stored once or listed as failed, nothing is half
    written, and a restart processes only what is missing and ends with the same records."""
    distributed = pytest.importorskip("distributed")
    path, ids = corpus
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    db = tmp_path / "dask.db"
    try:
        proc = subprocess.Popen([*ingest_cmd(path, db), "--cluster", cluster.scheduler_address], env=ENV,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        t0 = time.monotonic()
        while proc.poll() is None and stored(db) < 3 and time.monotonic() - t0 < 120:
            time.sleep(0.01)
        assert proc.poll() is None, "ingest finished before a worker could be killed"
        pids = client.run(os.getpid)  # {worker address: pid}
        victim = sorted(pids.values())[0]
        os.kill(victim, signal.SIGKILL)
        _, err = proc.communicate(timeout=240)
        assert proc.returncode in (0, 1), err[-2000:]
        assert "Traceback" not in err
    finally:
        client.close()
        cluster.close()
    assert [str(p) for p in check_store(db)] == []
    con = sqlite3.connect(db)
    stored_ids = {r[0] for r in con.execute("SELECT id FROM documents")}
    failed = {r[0] for r in con.execute("SELECT doc_id FROM errors WHERE fatal=1")}
    con.close()
    assert stored_ids | failed == set(ids)  # each document stored, or listed as failed: none silently lost
    before = len(stored_ids)
    new, updated, unchanged, n_failed = finish(path, db)  # restart without the cluster: resumes
    assert (new, updated, unchanged, n_failed) == (N_DOCS - before, 0, before, 0)
    assert records(db) == reference
    assert [str(p) for p in check_store(db)] == []
