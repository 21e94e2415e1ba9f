"""bench/scale.py --big drives the real ``sitroom ingest --workers`` and reports memory; a tiny run."""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import make_corpus  # noqa: E402
import scale  # noqa: E402


def test_generate_length_range_is_respected_and_deterministic() -> None:
    short = list(make_corpus.generate(40, seed=5, length=(60, 160)))
    long = list(make_corpus.generate(40, seed=5))
    assert short == list(make_corpus.generate(40, seed=5, length=(60, 160)))
    mean = lambda rows: sum(len(r["text"].split()) for r in rows) / len(rows)  # noqa: E731
    assert mean(short) < 250 < mean(long)


def test_big_run_stores_every_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "big.db"
    code = scale.main(["--big", "--big-n", "12", "--workers", "2", "--every-s", "0.5", "--db", str(db)])
    out = capsys.readouterr().out
    assert code == 0, out
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 12
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    assert "done: exit 0, 12 documents stored" in out
    assert "writer" in out  # memory samples were taken


def test_writer_bench_runs_and_reports_a_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    import writer

    assert writer.main(["--sizes", "60", "150", "--probe", "8"]) == 0
    out = capsys.readouterr().out
    assert out.count("ms/doc CPU") == 2 and "ratio CPU per document at 150 / at 60 stored" in out
