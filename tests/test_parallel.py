"""parallel: local worker pool and Dask give the pipeline's results, in order, and lose nothing.

The fakes below are module-level so spawned workers (and Dask workers) can import them.
"""
from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitroom.ingest import iter_documents
from sitroom.parallel import DASK_CONFIG, PoolStats, process_dask, process_parallel, run_chunk
from sitroom.records import Claim, Document, DocumentError, DocumentResult, PublishedDate

CORPUS = Path(__file__).parent / "corpus"
TOWNS = ["Maiduguri", "Djibo", "Kismayo", "Goma", "Konna", "Hodeidah", "Kunduz", "Sagaing", "Idlib", "Tumaco"]


def wire(i: int, extra: str = "") -> Document:
    town = TOWNS[i % len(TOWNS)]
    text = (f"{town.upper()} - Gunmen killed {i + 3} people near {town} on Tuesday, officials said, "
            f"and at least {2 * i + 1} were wounded in the attack on a market. {extra}")
    return Document(f"doc{i:03d}", text, PublishedDate("2022-05-04", "published"), source_path=f"wire/{i}.txt")


def fake_process(docs: Iterable[Document | DocumentError], *, what: tuple[str, ...] = ("events",)
                 ) -> Iterator[DocumentResult | DocumentError]:
    """One claim per document with its number of words; obeys marker words in the text."""
    marker = os.environ.get("SITROOM_TEST_MARKER", "")
    for d in docs:
        if isinstance(d, DocumentError):
            yield d
            continue
        if "SLOW" in d.text:
            time.sleep(0.2)
        if "RAISE" in d.text:
            raise RuntimeError("simulated pipeline bug")
        if "KILL-ALWAYS" in d.text or ("KILL-ONCE" in d.text and marker and not os.path.exists(marker)):
            if marker:
                Path(marker).touch()
            os.kill(os.getpid(), signal.SIGKILL)
        n = len(d.text.split())
        yield DocumentResult(d, claims=(Claim(d.id, "words", n, n, "words", "counter", d.text[:20], 0, 20),))


def summary(results: Iterable[DocumentResult | DocumentError]) -> list[Any]:
    out: list[Any] = []
    for r in results:
        if isinstance(r, DocumentError):
            out.append(("error", r.doc_id, r.stage))
        else:
            out.append((r.document.id, [e.to_dict() for e in r.events], [q.to_dict() for q in r.quotes],
                        [c.to_dict() for c in r.claims]))
    return out


def test_two_workers_same_results_as_one_real_pipeline() -> None:
    from sitroom.pipeline import process

    docs = [d for d in iter_documents([str(CORPUS)]) if isinstance(d, Document)][:8]
    assert len(docs) == 8
    one = summary(process(docs))
    two = summary(process_parallel(docs, workers=2, chunk_size=3))
    assert two == one
    assert sum(len(r[1]) for r in one) > 0  # the corpus has events


def test_order_errors_passed_through_and_bounded() -> None:
    items: list[Document | DocumentError] = [wire(i) for i in range(23)]
    items.insert(5, DocumentError("bad", "wire/bad.bin", "ingest", "binary", "binary file"))
    stats = PoolStats()
    got = summary(process_parallel(items, workers=2, chunk_size=2, process=fake_process, initializer=None,
                                   max_in_flight=3, stats=stats))
    assert [g[1] if g[0] == "error" else g[0] for g in got] == [
        i.doc_id if isinstance(i, DocumentError) else i.id for i in items]
    assert got[5] == ("error", "bad", "ingest")
    assert stats.chunks == 12 and stats.retried == 0 and stats.workers_started == 2


def test_ready_at_marks_when_every_worker_is_up() -> None:
    stats = PoolStats()
    before = time.perf_counter()
    # slow documents: the second worker is up long before the first worker could finish them all
    got = list(process_parallel([wire(i, "SLOW") for i in range(12)], workers=2, chunk_size=1,
                                process=fake_process, initializer=None, stats=stats))
    assert len(got) == 12
    assert stats.ready_at is not None and before < stats.ready_at < time.perf_counter()


def test_raise_on_one_document_fails_only_that_document() -> None:
    docs = [wire(i) for i in range(7)]
    docs[3] = wire(3, "RAISE")
    got = list(process_parallel(docs, workers=2, chunk_size=4, process=fake_process, initializer=None))
    assert [type(r).__name__ for r in got] == ["DocumentResult"] * 3 + ["DocumentError"] + ["DocumentResult"] * 3
    err = got[3]
    assert isinstance(err, DocumentError) and err.doc_id == "doc003" and "simulated" in err.message


def test_killed_worker_chunk_is_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITROOM_TEST_MARKER", str(tmp_path / "killed-once"))
    docs = [wire(i) for i in range(9)]
    docs[4] = wire(4, "KILL-ONCE")
    stats = PoolStats()
    got = list(process_parallel(docs, workers=2, chunk_size=3, process=fake_process, initializer=None,
                                stats=stats))
    assert (tmp_path / "killed-once").exists()  # a worker really died
    assert all(isinstance(r, DocumentResult) for r in got)
    assert [r.document.id for r in got] == [d.id for d in docs]  # type: ignore[union-attr]
    assert stats.retried == 1 and stats.workers_started == 3


def test_worker_dying_every_time_fails_only_its_document() -> None:
    docs = [wire(i) for i in range(6)]
    docs[2] = wire(2, "KILL-ALWAYS")
    stats = PoolStats()
    got = list(process_parallel(docs, workers=2, chunk_size=3, process=fake_process, initializer=None,
                                stats=stats))
    assert len(got) == 6
    bad = [r for r in got if isinstance(r, DocumentError)]
    assert [(e.doc_id, e.stage) for e in bad] == [("doc002", "worker")]
    assert stats.failed_chunks == 1


def test_run_chunk_in_process() -> None:
    out = run_chunk([wire(0), wire(1, "RAISE")], ("claims",), fake_process)
    assert isinstance(out[0], DocumentResult) and isinstance(out[1], DocumentError)
    assert out[1].stage == "extract"
    with pytest.raises(ValueError):
        list(process_parallel([], workers=0))


# ---------------------------------------------------------------- CLI: --workers and resume

def _write_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i:02d}.txt").write_text(wire(i).text, encoding="utf-8")


def test_cli_ingest_with_workers_and_resume(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sitroom.cli as cli_mod
    from sitroom.store import Store

    corpus = tmp_path / "news"
    _write_corpus(corpus, 8)
    db = str(tmp_path / "s.db")
    real_iter = cli_mod.iter_documents

    def interrupted(paths: Any, **kw: Any) -> Iterator[Any]:
        for i, d in enumerate(real_iter(paths, **kw)):
            if i == 5:
                raise KeyboardInterrupt
            yield d

    monkeypatch.setattr(cli_mod, "iter_documents", interrupted)
    r = CliRunner().invoke(cli_mod.cli, ["ingest", str(corpus), "--db", db, "-q"], obj={"process": fake_process})
    assert r.exit_code != 0  # interrupted
    with Store(db) as s:
        first = s.counts()["documents"]
    assert 1 <= first <= 5
    monkeypatch.setattr(cli_mod, "iter_documents", real_iter)
    seen: list[str] = []

    def counting(docs: Iterable[Document], **kw: Any) -> Iterator[Any]:
        for d in docs:
            seen.append(d.id)
            yield from fake_process([d], **kw)

    r = CliRunner().invoke(cli_mod.cli, ["ingest", str(corpus), "--db", db], obj={"process": counting})
    assert r.exit_code == 0, r.output
    assert len(seen) == 8 - first  # resumed: stored documents were skipped
    assert f"{8 - first} new, 0 updated, {first} unchanged" in r.output
    # and the parallel path writes the same database content
    db2 = str(tmp_path / "p.db")
    r = CliRunner().invoke(cli_mod.cli, ["ingest", str(corpus), "--db", db2, "--workers", "2", "-q"],
                           obj={"process": fake_process})
    assert r.exit_code == 0, r.output
    with Store(db) as a, Store(db2) as b:
        assert list(a.claims()) == list(b.claims()) and a.counts() == b.counts()


# ---------------------------------------------------------------- Dask

@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    import dask

    with dask.config.set(DASK_CONFIG):  # the settings docs/scaling.md recommends
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                           dashboard_address=None)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def test_dask_config_keys_are_dask_settings_and_reach_the_workers(dask_client: Any) -> None:
    import dask

    missing = object()
    for key in DASK_CONFIG:  # a misspelt key would be ignored by Dask without a word
        assert dask.config.get(key, default=missing) is not missing, key
    on_workers = dask_client.run(lambda: dask.config.get("distributed.admin.tick.interval"))
    assert set(on_workers.values()) == {DASK_CONFIG["distributed.admin.tick.interval"]}


def test_dask_same_results_as_local(dask_client: Any) -> None:
    docs: list[Document | DocumentError] = [wire(i) for i in range(11)]
    docs.insert(3, DocumentError("bad", "x", "ingest", "empty", "empty file"))
    local = summary(fake_process(docs))
    via_address = summary(process_dask(docs, address=dask_client.scheduler.address, chunk_size=2,
                                       process=fake_process, initializer=None, max_in_flight=3))
    assert via_address == local
    assert len(dask_client.nthreads()) == 2


def test_dask_failing_task_becomes_document_errors(dask_client: Any) -> None:
    docs = [wire(i) for i in range(4)]
    docs[1] = wire(1, "RAISE")
    got = list(process_dask(docs, client=dask_client, chunk_size=2, process=fake_process, initializer=None))
    assert [type(r).__name__ for r in got] == ["DocumentResult", "DocumentError", "DocumentResult",
                                               "DocumentResult"]


def touch(path: str) -> None:
    Path(path).touch()


def test_dask_runs_the_initializer_once_per_worker(dask_client: Any, tmp_path: Path) -> None:
    from functools import partial

    marker = tmp_path / "warm"
    got = list(process_dask([wire(0), wire(1)], client=dask_client, process=fake_process,
                            initializer=partial(touch, str(marker))))
    assert marker.exists()  # the plugin ran on the workers
    assert [r.document.id for r in got] == ["doc000", "doc001"]  # type: ignore[union-attr]


def test_scaling_doc_yaml_matches_dask_config() -> None:
    yaml = pytest.importorskip("yaml")
    doc = (Path(__file__).resolve().parents[1] / "docs" / "scaling.md").read_text(encoding="utf-8")
    block = doc.split("```yaml", 1)[1].split("```", 1)[0]
    lines = [ln[2:] if ln.startswith("  ") else ln for ln in block.splitlines()]  # the block sits in a list item

    def flat(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in d.items():
            out.update(flat(v, f"{prefix}{k}.") if isinstance(v, dict) else {f"{prefix}{k}": v})
        return out

    assert flat(yaml.safe_load("\n".join(lines))) == DASK_CONFIG
