"""The API's write queue: ``POST /api/documents`` answers ``202`` with a job, one writer thread
extracts and stores, ``GET /api/jobs/{id}`` tells how it went.

Extraction never runs inside a request or under the store's write lock: a hostile 20 KB body used
to block the next write for 28 s. At most ``max_queued`` jobs wait (a full queue is a 429 with
``Retry-After``); the last ``keep`` finished jobs are remembered.
"""
from __future__ import annotations

import logging
import queue
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

__all__ = ["Job", "WriteQueue", "QueueFull"]


class QueueFull(Exception):
    pass


@dataclass
class Job:
    id: str
    documents: int
    status: str = "queued"  # queued | running | done | failed
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    result: dict[str, Any] | None = None
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event, repr=False)

    def view(self) -> dict[str, Any]:
        out: dict[str, Any] = {"job": self.id, "status": self.status, "documents_sent": self.documents,
                               "url": f"/api/jobs/{self.id}"}
        if self.result is not None:
            out.update(self.result)
        if self.error is not None:
            out["error"] = {"code": "internal", "message": self.error}
        return out


class WriteQueue:
    def __init__(self, work: Callable[[list[dict[str, Any]]], dict[str, Any]], *, max_queued: int = 16,
                 keep: int = 1000) -> None:
        self._work = work
        self._queue: queue.Queue[tuple[Job, list[dict[str, Any]]] | None] = queue.Queue(maxsize=max_queued)
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self.keep = keep
        self._thread = threading.Thread(target=self._run, name="sitroom-writer", daemon=True)
        self._thread.start()

    def submit(self, items: list[dict[str, Any]]) -> Job:
        job = Job(secrets.token_hex(8), len(items))
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self.keep:
                old_id, old = next(iter(self._jobs.items()))
                if not old.done.is_set():
                    break
                del self._jobs[old_id]
        try:
            self._queue.put_nowait((job, items))
        except queue.Full:
            with self._lock:
                self._jobs.pop(job.id, None)
            raise QueueFull from None
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def pending(self) -> int:
        return self._queue.qsize()

    def _run(self) -> None:
        while True:
            got = self._queue.get()
            if got is None:
                return
            job, items = got
            job.status, job.started = "running", time.time()
            try:
                job.result = self._work(items)
                job.status = "done"
            except Exception as e:  # noqa: BLE001 - a bug: the job fails, the writer goes on
                log.exception("write job %s failed", job.id)
                job.error, job.status = f"{type(e).__name__}: {e}"[:500], "failed"
            finally:
                job.finished = time.time()
                job.done.set()

    def close(self, timeout: float = 5.0) -> None:
        try:
            self._queue.put(None, timeout=timeout)
        except queue.Full:
            return
        self._thread.join(timeout)
