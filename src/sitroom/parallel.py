"""Parallel and distributed extraction: a local worker pool and a Dask cluster.

Both take the same stream as :func:`sitroom.pipeline.process` and give back the
same stream, in input order, so a single writer (the CLI's store) keeps writing:

* :func:`process_parallel` - ``workers`` local processes (``spawn``), each loading
  the models once at start. Documents go out in chunks with a bounded number in
  flight, so memory stays constant however long the input is. A worker that
  dies (killed, segfault, out of memory) loses nothing: its chunk is retried
  once in a fresh worker, then each of its documents becomes a ``DocumentError``
  with stage ``worker``.
* :func:`process_dask` - the same chunks as tasks on a ``dask.distributed``
  cluster (``retries=1``); each worker process keeps its models in the module
  caches (warmed by a worker plugin), results stream back in order.

Inside a worker, a chunk whose ``process`` raises (a bug) is re-run one document
at a time, so only the culprit fails.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection, wait
from typing import Any

from .records import Document, DocumentError, DocumentResult

log = logging.getLogger(__name__)

Item = Document | DocumentError
Out = DocumentResult | DocumentError
ProcessFn = Callable[..., Iterable[Out]]
WHAT_ALL = ("events", "quotes", "claims")
_POLL_S = 5.0  # seconds between direct checks of the workers while waiting


# ---------------------------------------------------------------- work done inside a worker

def warm_up() -> None:
    """Load the shared models of this process (spaCy, gazetteer) once."""
    from .nlp import get_nlp

    get_nlp()
    try:
        from .geo.gazetteer import get_gazetteer
    except ImportError:  # pragma: no cover - places stage missing
        return
    get_gazetteer()


def _default_process() -> ProcessFn:
    from .pipeline import process

    return process


def _error(doc: Document, stage: str, message: str) -> DocumentError:
    return DocumentError(doc.id, doc.source_path or doc.id, stage, "internal", message)


def run_chunk(chunk: Sequence[Item], what: Sequence[str], process: ProcessFn | None = None,
              options: dict[str, Any] | None = None) -> list[Out]:
    """Process one chunk; if ``process`` raises, re-run its documents one by one."""
    fn = process or _default_process()
    opts = dict(options or {})
    try:
        out = list(fn(list(chunk), what=tuple(what), **opts))
        if len(out) == len(chunk):
            return out
        log.warning("process answered %d of %d items; re-running one by one", len(out), len(chunk))
    except Exception as exc:  # noqa: BLE001 - isolate the culprit
        log.warning("chunk failed (%s: %s); re-running %d item(s) one by one", type(exc).__name__, exc, len(chunk))
    results: list[Out] = []
    for item in chunk:
        if isinstance(item, DocumentError):
            results.append(item)
            continue
        try:
            got = list(fn([item], what=tuple(what), **opts))
            results.append(got[0] if got else _error(item, "worker", "no result from the pipeline"))
        except Exception as exc:  # noqa: BLE001
            log.exception("extraction failed for %s", item.id)
            results.append(_error(item, "extract", f"{type(exc).__name__}: {exc}"))
    return results


def _worker_main(conn: Connection, initializer: Callable[[], None] | None, process: ProcessFn | None,
                 what: tuple[str, ...], options: dict[str, Any]) -> None:
    if initializer is not None:
        initializer()
    conn.send(("ready", None))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        key, chunk = msg
        conn.send((key, run_chunk(chunk, what, process, options)))


# ---------------------------------------------------------------- the local pool

@dataclass
class _Chunk:
    key: int
    items: list[Item]
    attempts: int = 0
    part: int = 0  # a chunk split into single documents: which one, of how many
    parts: int = 1


def _finish(chunk: _Chunk, out: list[Out], done: dict[int, list[Out]],
            parts: dict[int, dict[int, list[Out]]]) -> None:
    if chunk.parts == 1:
        done[chunk.key] = out
        return
    got = parts.setdefault(chunk.key, {})
    got[chunk.part] = out
    if len(got) == chunk.parts:
        done[chunk.key] = [o for i in range(chunk.parts) for o in got[i]]
        del parts[chunk.key]


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    ready: bool = False
    task: _Chunk | None = None


@dataclass
class PoolStats:
    """What a run did: for benchmarks and logs."""

    chunks: int = 0
    retried: int = 0
    failed_chunks: int = 0
    workers_started: int = 0
    worker_pids: list[int] = field(default_factory=list)
    ready_at: float | None = None  # time.perf_counter() when all first workers had loaded their models


class _Pool:
    def __init__(self, workers: int, initializer: Callable[[], None] | None, process: ProcessFn | None,
                 what: tuple[str, ...], options: dict[str, Any], start_method: str, stats: PoolStats) -> None:
        self.ctx = mp.get_context(start_method)
        self.args = (initializer, process, what, options)
        self.stats = stats
        self.workers: list[_Worker] = [self._start() for _ in range(workers)]

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        # typeshed types get_context(str) as a BaseContext, which declares no Process; every real context has it
        proc = self.ctx.Process(target=_worker_main, args=(child, *self.args), daemon=True,  # type: ignore[attr-defined]
                                name="sitroom-worker")
        proc.start()
        child.close()
        self.stats.workers_started += 1
        self.stats.worker_pids.append(proc.pid)
        return _Worker(proc, parent)

    def replace(self, w: _Worker) -> None:
        try:
            w.conn.close()
        finally:
            w.proc.join(timeout=1)
        self.workers[self.workers.index(w)] = self._start()

    def close(self) -> None:
        for w in self.workers:
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
        for w in self.workers:
            w.proc.join(timeout=5)
            if w.proc.is_alive():
                w.proc.terminate()
                w.proc.join(timeout=5)
            w.conn.close()


def _worker_failed(chunk: _Chunk, why: str) -> list[Out]:
    return [it if isinstance(it, DocumentError) else _error(it, "worker", why) for it in chunk.items]


def process_parallel(docs: Iterable[Item], *, workers: int, what: Sequence[str] = WHAT_ALL,
                     chunk_size: int = 16, batch_size: int | None = None, reported_speech: bool = False,
                     process: ProcessFn | None = None, initializer: Callable[[], None] | None = warm_up,
                     max_in_flight: int | None = None, start_method: str = "spawn",
                     stats: PoolStats | None = None) -> Iterator[Out]:
    """Extract with ``workers`` local processes; yields in input order, like ``pipeline.process``.

    ``process`` (a picklable, module-level function with ``pipeline.process``'s
    signature) replaces the pipeline inside the workers; ``initializer`` runs once
    in each worker (default: load spaCy and the gazetteer). At most
    ``max_in_flight`` chunks (default ``2 * workers``) are read ahead, queued,
    running or waiting to be yielded.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    options: dict[str, Any] = {"batch_size": batch_size or chunk_size}
    if reported_speech:
        options["reported_speech"] = True
    if process is not None:
        options = {}  # a custom process takes only (docs, what=...)
    limit = max(max_in_flight or 2 * workers, workers)
    stats = stats if stats is not None else PoolStats()
    src = iter(docs)
    queue: deque[_Chunk] = deque()  # waiting for a worker
    done: dict[int, list[Out]] = {}
    parts: dict[int, dict[int, list[Out]]] = {}  # answers of split chunks, until all are in
    next_key = 0  # next chunk to read
    emit = 0  # next chunk to yield
    exhausted = False
    pool = _Pool(workers, initializer, process, tuple(what), options, start_method, stats)
    try:
        while True:
            # read ahead while there is room
            while not exhausted and next_key - emit < limit:
                items = list(islice(src, chunk_size))
                if not items:
                    exhausted = True
                    break
                queue.append(_Chunk(next_key, items))
                next_key += 1
                stats.chunks += 1
            # yield what is ready, in order
            while emit in done:
                yield from done.pop(emit)
                emit += 1
            if exhausted and emit == next_key:
                return
            # hand queued chunks to idle, ready workers
            for w in pool.workers:
                if queue and w.ready and w.task is None:
                    chunk = queue.popleft()
                    chunk.attempts += 1
                    try:
                        w.conn.send((chunk.key, chunk.items))  # the key identifies the answer
                        w.task = chunk
                        log.debug("chunk %d -> worker %s", chunk.key, w.proc.pid)
                    except (OSError, ValueError):
                        queue.appendleft(chunk)
                        chunk.attempts -= 1
            # wait for a message or a death
            watch: dict[Any, _Worker] = {}
            for w in pool.workers:
                watch[w.conn] = w
                watch[w.proc.sentinel] = w
            if log.isEnabledFor(logging.DEBUG):
                log.debug("waiting: queue=%s done=%s emit=%d next=%d tasks=%s", [c.key for c in queue],
                          sorted(done), emit, next_key,
                          [(w.proc.pid, w.ready, w.task and w.task.key) for w in pool.workers])
            events = wait(list(watch), timeout=_POLL_S)
            if not events:  # belt and braces: look at every worker directly now and then
                events = [w.conn for w in pool.workers if w.conn.poll()]
                events += [w.proc.sentinel for w in pool.workers if not w.proc.is_alive()]
            for obj in events:
                w = watch[obj]
                if w not in pool.workers:
                    continue  # already replaced in this round
                msg = None
                broken = False
                if obj is w.conn or w.conn.poll():
                    try:
                        msg = w.conn.recv()
                    except (EOFError, OSError):
                        broken = True
                if msg is not None:
                    key, payload = msg
                    log.debug("worker %s answered %s", w.proc.pid, key)
                    if key == "ready":
                        w.ready = True
                        if stats.ready_at is None and all(x.ready for x in pool.workers):
                            stats.ready_at = time.perf_counter()
                    elif w.task is not None and key == w.task.key:
                        _finish(w.task, payload, done, parts)
                        w.task = None
                    continue
                if not broken and obj is not w.proc.sentinel:
                    continue
                # the worker died (or closed its end of the pipe)
                w.proc.join(timeout=5)
                if w.proc.is_alive():
                    w.proc.terminate()
                    w.proc.join(timeout=5)
                code = w.proc.exitcode
                if w.task is not None:
                    chunk = w.task
                    if chunk.attempts < 2:
                        log.warning("worker %s died (exit %s) on chunk %d; retrying it in a fresh worker",
                                    w.proc.pid, code, chunk.key)
                        stats.retried += 1
                        queue.appendleft(chunk)
                    elif len(chunk.items) > 1:  # find the culprit: one more try, one document at a time
                        log.warning("worker died twice on chunk %d; retrying its %d items one by one",
                                    chunk.key, len(chunk.items))
                        stats.retried += 1
                        singles = [_Chunk(chunk.key, [it], attempts=1, part=i, parts=len(chunk.items))
                                   for i, it in enumerate(chunk.items)]
                        queue.extendleft(reversed(singles))
                    else:
                        log.error("worker died twice on chunk %d; giving up on its %d document(s)",
                                  chunk.key, len(chunk.items))
                        stats.failed_chunks += 1
                        _finish(chunk, _worker_failed(
                            chunk, f"worker process died twice on this document (exit code {code})"), done, parts)
                elif not w.ready:
                    log.error("worker %s died while starting (exit %s)", w.proc.pid, code)
                    if stats.workers_started > 4 * workers + 2 * stats.chunks:
                        raise RuntimeError(f"workers keep dying at start (exit code {code})")
                pool.replace(w)
    finally:
        pool.close()


# ---------------------------------------------------------------- Dask

#: Dask settings for CPU-bound extraction (``dask.config.set(DASK_CONFIG)`` before a
#: ``LocalCluster`` starts, or the same keys in ``~/.config/dask/sitroom.yaml`` on
#: every machine). Dask's defaults poll every 20 ms (event-loop tick), sample a
#: profile every 10 ms and check worker memory every 100 ms: on a 2-core machine
#: with 2 busy workers that took ~10% of the CPU (3.6 of 35 CPU-seconds in
#: ``bench/scale.py``); with these settings ~3%. Nothing here changes results.
DASK_CONFIG: dict[str, Any] = {
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.admin.system-monitor.host-cpu": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.worker.profile.enabled": False,
}


def _dask_task(chunk: list[Item], what: tuple[str, ...], process: ProcessFn | None,
               options: dict[str, Any]) -> list[Out]:
    return run_chunk(chunk, what, process, options)


def _warmup_plugin(initializer: Callable[[], None]) -> Any:
    from distributed import WorkerPlugin

    class Warmup(WorkerPlugin):
        name = "sitroom-warmup"

        def setup(self, worker: Any) -> None:
            initializer()

    return Warmup()


def process_dask(docs: Iterable[Item], *, address: str | None = None, client: Any = None,
                 what: Sequence[str] = WHAT_ALL, chunk_size: int = 16, batch_size: int | None = None,
                 reported_speech: bool = False, process: ProcessFn | None = None,
                 initializer: Callable[[], None] | None = warm_up, max_in_flight: int | None = None,
                 retries: int = 1) -> Iterator[Out]:
    """Extract on a ``dask.distributed`` cluster (``address`` like ``tcp://10.0.0.5:8786``, or a ``client``).

    Chunks are submitted as tasks (``retries`` each) with at most ``max_in_flight``
    outstanding (default: twice the cluster's threads); results are yielded in
    input order. A chunk that still fails (its task raised twice, or its worker was
    killed too often) becomes one ``DocumentError`` per document, stage ``worker``.
    """
    try:
        from distributed import Client
    except ImportError as e:  # pragma: no cover - exercised only without dask
        raise RuntimeError("process_dask needs dask[distributed]: pip install 'sitroom[dask]'") from e
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    own = client is None
    if own:
        if not address:
            raise ValueError("give a scheduler address or a client")
        client = Client(address)
    options: dict[str, Any] = {"batch_size": batch_size or chunk_size}
    if reported_speech:
        options["reported_speech"] = True
    if process is not None:
        options = {}
    try:
        if initializer is not None:
            client.register_plugin(_warmup_plugin(initializer))
        threads = sum(client.nthreads().values()) or 1
        limit = max(max_in_flight or 2 * threads, 1)
        src = iter(docs)
        pending: deque[tuple[list[Item], Any]] = deque()
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                items = list(islice(src, chunk_size))
                if not items:
                    exhausted = True
                    break
                fut = client.submit(_dask_task, items, tuple(what), process, options, pure=False, retries=retries)
                pending.append((items, fut))
            if not pending:
                return
            items, fut = pending.popleft()
            try:
                out = fut.result()
            except Exception as exc:  # noqa: BLE001 - task raised or its workers died
                log.error("dask task failed for %d document(s): %s: %s", len(items), type(exc).__name__, exc)
                out = _worker_failed(_Chunk(-1, items), f"dask task failed: {type(exc).__name__}: {exc}")
            finally:
                fut.release()
            yield from out
    finally:
        if own:
            client.close()
