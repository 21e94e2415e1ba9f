"""The HTTP API and the web page: ``sitroom serve --db sitroom.db``.

Standard library only (``http.server.ThreadingHTTPServer``). Every ``/api``
answer is JSON (or CSV/GeoJSON exports); every error has one shape,
``{"error": {"code", "message", "status"[, "param"]}}``. Reading is open;
writing (``POST /api/documents``) is off unless an ingest token is configured,
and then needs ``Authorization: Bearer TOKEN``. See ``docs/api.md``.

``make_server(db, host, port, ingest_token=None, process=None)`` builds a server
(``port=0`` picks a free one) for tests and embedding; ``serve_command`` is the
CLI command.
"""
from __future__ import annotations

import hmac
import io
import ipaddress
import json
import logging
import mimetypes
import queue
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import click

from . import __version__
from .api_gate import Conn, Gate, Prefixed
from .api_jobs import QueueFull, WriteQueue
from .api_query import (
    COUNT_CAP,
    EVENT_PARAMS,
    MAX_LIMIT,
    PAGING_PARAMS,
    TEXT_COUNT_CAP,
    ApiError,
    actors,
    check_known,
    count_events,
    ensure_indexes,
    install_functions,
    int_param,
    one,
    parse_event_filters,
    parse_paging,
    stats,
)
from .export import RecordWriter
from .ingest import loads_json
from .records import Document, DocumentError, DocumentResult
from .store import Store

log = logging.getLogger(__name__)

WEB_DIR = Path(__file__).parent / "web"
MAX_BODY = 5 * 1024 * 1024
MAX_DOCS_PER_POST = 100
# Hostile clients: every limit below is per server and has a test in tests/test_hostile_server.py.
SOCKET_TIMEOUT = 10.0  # seconds a connection may sit without sending (headers) or receiving (answers)
BODY_SECONDS = 30.0  # a request body must arrive whole within this (a trickled body gets a 408)
MAX_CONNECTIONS = 64  # worker threads: requests served at once (a connection gets one once its headers are in)
MAX_PENDING = 512  # connections waiting for their headers or a worker; one more is answered 503 at once
READY_WAIT = 30.0  # a complete request waits this long for a worker thread, then 503
POOL_SIZE = 8  # SQLite connections at most; a request waits up to POOL_WAIT for one, then 503
POOL_WAIT = 10.0
MAX_WAIT = 60  # POST /api/documents?wait=N: the longest a client may wait for its job
STREAM_CHUNK = 1 << 16  # exports are written to the socket in pieces of about this many bytes
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
ProcessFn = Callable[..., Iterator[Any]]
_CONTENT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8",
                  "geojson": "application/geo+json", "jsonl": "application/x-ndjson"}
_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
}


class StorePool:
    """At most ``size`` ``Store`` s (sqlite connections), reused; a request waits ``wait`` seconds for
    one and is then answered 503 (700 staged requests used to open a connection each and run out of
    file handles: 535 answers of 500 "unable to open database file")."""

    def __init__(self, path: str, size: int | None = None, wait: float | None = None) -> None:
        size = size or POOL_SIZE
        wait = POOL_WAIT if wait is None else wait
        self.path = path
        self._free: queue.LifoQueue[Store] = queue.LifoQueue()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        self.size = size
        self.wait = wait
        self._slots = threading.BoundedSemaphore(size)
        self.write_lock = threading.Lock()

    def _open(self) -> Store:
        s = Store(self.path, check_same_thread=False)
        install_functions(s.conn)
        with self._lock:
            self._all.append(s)
        return s

    @contextmanager
    def get(self) -> Iterator[Store]:
        if not self._slots.acquire(timeout=self.wait):
            raise ApiError(503, "busy", "the server is busy; try again shortly")
        try:
            try:
                s = self._free.get_nowait()
            except queue.Empty:
                s = self._open()
            try:
                yield s
            finally:
                self._free.put(s)
        finally:
            self._slots.release()

    def opened(self) -> int:
        with self._lock:
            return len(self._all)

    def close(self) -> None:
        with self._lock:
            for s in self._all:
                try:
                    s.close()
                except sqlite3.Error:
                    pass
            self._all.clear()


class App:
    """Routes and handlers, independent of the socket plumbing."""

    def __init__(self, db: str, ingest_token: str | None = None, process: ProcessFn | None = None,
                 web_dir: Path = WEB_DIR) -> None:
        self.pool = StorePool(db)
        with self.pool.get() as store:  # open once: creates/migrates the schema before any thread does
            try:
                ensure_indexes(store.conn)
            except sqlite3.OperationalError as e:  # read-only file: serve without them
                log.warning("could not add the API indexes: %s", e)
        self.ingest_token = ingest_token or None
        self._process = process
        self.web_dir = web_dir.resolve()
        self.ingest_lock = threading.Lock()
        self._writes: WriteQueue | None = None
        self.routes: list[tuple[str, re.Pattern[str], Callable[..., Any]]] = [
            ("GET", re.compile(r"/api/jobs/([^/]+)"), self.job),
            ("GET", re.compile(r"/api/events"), self.events),
            ("GET", re.compile(r"/api/events/([^/]+)"), self.event),
            ("GET", re.compile(r"/api/documents"), self.documents),
            ("GET", re.compile(r"/api/documents/([^/]+)"), self.document),
            ("POST", re.compile(r"/api/documents"), self.post_documents),
            ("GET", re.compile(r"/api/actors"), self.actors),
            ("GET", re.compile(r"/api/quotes"), self.quotes),
            ("GET", re.compile(r"/api/claims"), self.claims),
            ("GET", re.compile(r"/api/stats"), self.stats),
            ("GET", re.compile(r"/api/meta"), self.meta),
            ("GET", re.compile(r"/openapi\.json"), self.openapi),
            ("GET", re.compile(r"/brief"), self.brief),
        ]

    # ------------------------------------------------------------ dispatch
    def handle(self, method: str, path: str, params: dict[str, list[str]], headers: Any,
               body: Callable[[], bytes]) -> tuple[int, dict[str, str], bytes | Iterator[bytes]]:
        allowed: list[str] = []
        for m, pattern, fn in self.routes:
            match = pattern.fullmatch(path)
            if match:
                if m != method:
                    allowed.append(m)
                    continue
                args = [unquote(g) for g in match.groups()]
                result: tuple[int, dict[str, str], bytes | Iterator[bytes]]
                if method == "POST":
                    result = fn(params, headers, body)
                else:
                    result = fn(params, *args)
                return result
        if allowed:
            raise ApiError(405, "method_not_allowed", f"{method} is not allowed on {path}; use {', '.join(allowed)}")
        if method == "GET" and not path.startswith("/api/"):
            return self.static(path)
        raise ApiError(404, "not_found", f"no such resource: {path}")

    @staticmethod
    def json(obj: Any, status: int = 200) -> tuple[int, dict[str, str], bytes]:
        return status, {"Content-Type": "application/json"}, json.dumps(obj, ensure_ascii=False).encode("utf-8")

    # ------------------------------------------------------------ events
    def events(self, params: dict[str, list[str]]) -> tuple[int, dict[str, str], Any]:
        check_known(params, EVENT_PARAMS + PAGING_PARAMS)
        fmt = one(params, "format") or "json"
        if fmt not in _CONTENT_TYPES:
            raise ApiError(400, "bad_parameter", f"format: {fmt!r} is not one of json, csv, geojson", "format")
        count = one(params, "count") or "capped"
        if count not in ("capped", "exact"):
            raise ApiError(400, "bad_parameter", f"count: {count!r} is not capped or exact", "count")
        filters = parse_event_filters(params)
        paging = parse_paging(params, export=fmt != "json")
        if fmt != "json":  # streamed: never the whole export in memory (one 100k GeoJSON export was 286 MB)
            headers = {"Content-Type": _CONTENT_TYPES[fmt],
                       "Content-Disposition": f'attachment; filename="events.{fmt}"'}
            return 200, headers, self._export(filters, paging, fmt)
        with self.pool.get() as store:
            items = list(store.events(**filters, **paging))
            cap = None if count == "exact" else TEXT_COUNT_CAP if filters["text"] else COUNT_CAP
            total = count_events(store.conn, filters, store.has_fts, cap)
        # a page with items proves offset + len(items) rows exist; an empty page past the end proves nothing
        seen = paging["offset"] + len(items) if items else 0
        return self.json({"total": total if cap is None else max(min(total, cap), seen),
                          "total_exact": cap is None or total <= cap, "limit": paging["limit"],
                          "offset": paging["offset"], "sort": paging["order"], "items": items})

    def _export(self, filters: dict[str, Any], paging: dict[str, Any], fmt: str) -> Iterator[bytes]:
        """The export in pieces of about ``STREAM_CHUNK`` bytes, reading the store as it goes."""
        with self.pool.get() as store:
            buf = io.StringIO()
            writer = RecordWriter(buf, fmt, kind="events")
            for record in store.events(**filters, **paging):
                writer.write(record)
                if buf.tell() >= STREAM_CHUNK:
                    yield buf.getvalue().encode("utf-8")
                    buf.seek(0)
                    buf.truncate()
            writer.close()
            yield buf.getvalue().encode("utf-8")

    def event(self, params: dict[str, list[str]], event_id: str) -> tuple[int, dict[str, str], Any]:
        check_known(params, ())
        with self.pool.get() as store:
            found = store.event(event_id)
            if found is None:
                raise ApiError(404, "not_found", f"no event {event_id!r}")
            docs = {}
            for r in found["reports"]:
                if r["doc_id"] not in docs:
                    d = store.document(r["doc_id"]) or {}
                    docs[r["doc_id"]] = {k: d.get(k) for k in ("id", "title", "url", "outlet", "published")}
        found["documents"] = docs
        return self.json(found)

    def stats(self, params: dict[str, list[str]]) -> tuple[int, dict[str, str], Any]:
        check_known(params, EVENT_PARAMS)
        filters = parse_event_filters(params)
        with self.pool.get() as store:
            return self.json(stats(store.conn, filters, store.has_summary, store.has_fts))

    def actors(self, params: dict[str, list[str]]) -> tuple[int, dict[str, str], Any]:
        check_known(params, ("q", "limit", "offset"))
        limit = int_param(params, "limit", 100, 0, MAX_LIMIT)
        offset = int_param(params, "offset", 0)
        assert limit is not None and offset is not None
        with self.pool.get() as store:
            return self.json(actors(store.conn, one(params, "q"), limit, offset))

    def _listing(self, params: dict[str, list[str]], name: str, rows: Iterator[dict[str, Any]],
                 text: str | None) -> tuple[int, dict[str, str], Any]:
        limit = int_param(params, "limit", 100, 0, MAX_LIMIT)
        offset = int_param(params, "offset", 0)
        assert limit is not None and offset is not None
        if text:
            t = text.lower()
            rows = (r for r in rows if t in (r.get("text") or "").lower())
        total = 0
        items = []
        for i, r in enumerate(rows):
            total += 1
            if offset <= i < offset + limit:
                items.append(r)
        return self.json({"total": total, "limit": limit, "offset": offset, "items": items})

    def quotes(self, params: dict[str, list[str]]) -> tuple[int, dict[str, str], Any]:
        check_known(params, ("speaker", "doc_id", "q", "limit", "offset"))
        with self.pool.get() as store:
            rows = store.quotes(speaker=one(params, "speaker"), doc_id=one(params, "doc_id"))
            return self._listing(params, "quotes", rows, one(params, "q"))

    def claims(self, params: dict[str, list[str]]) -> tuple[int, dict[str, str], Any]:
        check_known(params, ("source", "doc_id", "q", "limit", "offset"))
        with self.pool.get() as store:
            rows = store.claims(source=one(params, "source"), doc_id=one(params, "doc_id"))
            return self._listing(params, "claims", rows, one(params, "q"))

    # ------------------------------------------------------------ documents
    def documents(self, params: dict[str, list[str]]) -> tuple[int, dict[str, str], Any]:
        check_known(params, ("limit", "offset"))
        limit = int_param(params, "limit", 100, 0, MAX_LIMIT)
        offset = int_param(params, "offset", 0)
        assert limit is not None and offset is not None
        with self.pool.get() as store:
            total = store.counts()["documents"]
            items = list(islice(store.documents(), offset, offset + limit))
        return self.json({"total": total, "limit": limit, "offset": offset, "items": items})

    def document(self, params: dict[str, list[str]], doc_id: str) -> tuple[int, dict[str, str], Any]:
        check_known(params, ())
        with self.pool.get() as store:
            d = store.document(doc_id)
            if d is None:
                raise ApiError(404, "not_found", f"no document {doc_id!r}")
            events = list(store.events(doc_id=doc_id, background=True, order="doc"))
            quotes = list(store.quotes(doc_id=doc_id))
            claims = list(store.claims(doc_id=doc_id))
        spans: list[dict[str, Any]] = []
        for e in events:
            for ev in e["evidence"]:
                spans.append({"kind": "evidence", "start": ev["start"], "end": ev["end"],
                              "report_id": e["report_id"], "event_id": e["event_id"]})
        for i, q in enumerate(quotes):
            spans.append({"kind": "quote", "start": q["start"], "end": q["end"], "index": i})
        for i, c in enumerate(claims):
            spans.append({"kind": "claim", "start": c["start"], "end": c["end"], "index": i})
        spans.sort(key=lambda s: (s["start"] if s["start"] is not None else -1, s["end"] or 0))
        for k in ("content_hash", "published_basis"):
            d.pop(k, None)
        d.update(events=events, quotes=quotes, claims=claims, spans=spans)
        return self.json(d)

    def post_documents(self, params: dict[str, list[str]], headers: Any,
                       body: Callable[[], bytes]) -> tuple[int, dict[str, str], Any]:
        check_known(params, ("wait",))
        wait = int_param(params, "wait", 0, 0, MAX_WAIT)
        if not self.ingest_token:
            raise ApiError(403, "writing_disabled", "writing is off; start the server with --ingest-token")
        auth = headers.get("Authorization") or ""
        presented = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
        if not presented or not hmac.compare_digest(presented.encode(), self.ingest_token.encode()):
            raise ApiError(401, "unauthorized", "send Authorization: Bearer <ingest token>")
        ctype = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype not in ("application/json", ""):
            raise ApiError(415, "unsupported_media_type", "send application/json")
        raw = body()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ApiError(400, "bad_json", f"body is not UTF-8: {e.reason} at byte {e.start}") from None
        data, problem = loads_json(text)  # too deep, a >4,300-digit integer: a 400, never a 500
        if problem is not None:
            raise ApiError(400, "bad_json", f"body is {problem}" if problem.startswith("not ") else problem)
        if isinstance(data, dict) and isinstance(data.get("documents"), list):
            data = data["documents"]
        items = data if isinstance(data, list) else [data]
        if not items:
            raise ApiError(400, "bad_body", "no documents given")
        if len(items) > MAX_DOCS_PER_POST:
            raise ApiError(413, "too_many_documents", f"at most {MAX_DOCS_PER_POST} documents per request")
        for i, it in enumerate(items):
            if not isinstance(it, dict) or not isinstance(it.get("text"), str):
                raise ApiError(400, "bad_body", f"document {i}: need an object with a \"text\" string")
            for k in ("id", "published", "title", "url", "outlet", "language"):
                if it.get(k) is not None and not isinstance(it[k], str):
                    raise ApiError(400, "bad_body", f"document {i}: {k} must be a string")
        if self._writes is None:
            with self.ingest_lock:
                if self._writes is None:
                    self._writes = WriteQueue(self._ingest)
        try:
            job = self._writes.submit(items)
        except QueueFull:
            raise ApiError(429, "queue_full", "too many writes waiting; try again shortly") from None
        if wait and job.done.wait(wait) and job.status == "done":
            return self.json(job.view(), 200)
        status, hdrs, data = self.json(job.view(), 202)
        hdrs["Location"] = f"/api/jobs/{job.id}"
        return status, hdrs, data

    def job(self, params: dict[str, list[str]], job_id: str) -> tuple[int, dict[str, str], Any]:
        check_known(params, ())
        job = self._writes.get(job_id) if self._writes is not None else None
        if job is None:
            raise ApiError(404, "not_found", f"no job {job_id!r} (finished jobs are kept for a while)")
        return self.json(job.view())

    def _ingest(self, items: list[dict[str, Any]]) -> dict[str, Any]:
        from .ingest import iter_documents

        jsonl = b"".join(json.dumps(it, ensure_ascii=False).encode("utf-8") + b"\n" for it in items)
        answers: list[dict[str, Any]] = []
        process = self._process
        if process is None:
            from .pipeline import process as pipeline_process

            process = pipeline_process
        warnings: dict[str, list[dict[str, str]]] = {}
        # runs on the writer thread: extraction holds no store and no lock; each write takes both briefly
        def note(err: DocumentError) -> None:
            with self.pool.get() as store, self.pool.write_lock:
                store.add_error(err)
            problem = {"code": err.code, "stage": err.stage, "message": err.message}
            if err.fatal:
                answers.append({"id": err.doc_id, "status": "failed", "error": problem,
                                "warnings": warnings.pop(err.doc_id, [])})
            else:
                warnings.setdefault(err.doc_id, []).append(problem)

        docs: list[Document] = []
        for it in iter_documents(["-"], stdin=io.BytesIO(jsonl), max_bytes=MAX_BODY):
            if isinstance(it, DocumentError):
                note(it)
            else:
                docs.append(it)
        for res in process(docs):
            if isinstance(res, DocumentError):
                note(res)
                continue
            assert isinstance(res, DocumentResult)
            if any(e.fatal for e in res.errors):
                for e in res.errors:
                    note(e)
                continue
            for e in res.errors:
                note(e)
            with self.pool.get() as store, self.pool.write_lock:
                existed = store.document(res.document.id) is not None
                changed = store.add_result(res)
            answers.append({"id": res.document.id,
                            "status": "unchanged" if not changed else "updated" if existed else "new",
                            "events": len(res.events), "quotes": len(res.quotes), "claims": len(res.claims),
                            "warnings": warnings.pop(res.document.id, [])})
        return {"documents": answers}

    # ------------------------------------------------------------ misc
    def brief(self, params: dict[str, list[str]]) -> tuple[int, dict[str, str], Any]:
        """The situation brief for the page's filters (``sitroom.brief_render.http_answer``)."""
        from .brief_render import http_answer

        with self.pool.get() as store:
            return http_answer(store, params)

    def meta(self, params: dict[str, list[str]]) -> tuple[int, dict[str, str], Any]:
        check_known(params, ())
        with self.pool.get() as store:
            counts = store.counts()
        return self.json({"version": __version__, "counts": counts, "writable": bool(self.ingest_token),
                          "vendor": (self.web_dir / "vendor" / "countries-110m.json").is_file()})

    def openapi(self, params: dict[str, list[str]]) -> tuple[int, dict[str, str], Any]:
        from .api_openapi import spec

        return self.json(spec(__version__))

    def static(self, path: str) -> tuple[int, dict[str, str], bytes]:
        rel = "index.html" if path in ("/", "") else unquote(path).lstrip("/")
        if "\x00" in rel:  # a NUL byte is no file name (and would make resolve() raise)
            raise ApiError(404, "not_found", f"no such file: {path}")
        target = (self.web_dir / rel).resolve()
        if self.web_dir not in target.parents or not target.is_file() or any(
                part.startswith(".") for part in Path(rel).parts):
            raise ApiError(404, "not_found", f"no such file: {path}")
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        return 200, {"Content-Type": ctype, "Cache-Control": "no-cache"}, target.read_bytes()

    def close(self) -> None:
        if self._writes is not None:
            self._writes.close()
        self.pool.close()


class Handler(BaseHTTPRequestHandler):
    server_version = f"sitroom/{__version__}"
    app: App  # set on the subclass made by make_server
    timeout = SOCKET_TIMEOUT  # socket timeout: a silent or half-open connection is dropped, not held
    server: Server

    def setup(self) -> None:
        super().setup()
        prefix = self.server.take_prefix(self.request)  # what the gate read while waiting for the headers
        if prefix:
            self.rfile = io.BufferedReader(Prefixed(prefix, self.rfile))

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
        log.debug("%s %s", self.address_string(), format % args)

    def _send(self, status: int, headers: dict[str, str], body: bytes | Iterator[bytes],
              head_only: bool = False) -> None:
        if not isinstance(body, (bytes, bytearray)):  # a stream: no length, the connection ends the body
            self._send_stream(status, headers, body, head_only)
            return
        self.send_response(status)
        for k, v in {**_SECURITY_HEADERS, **headers}.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def _send_stream(self, status: int, headers: dict[str, str], chunks: Iterator[bytes], head_only: bool) -> None:
        try:
            first = b"" if head_only else next(chunks, b"")  # errors before the first piece are still answers
            self.send_response(status)
            for k, v in {**_SECURITY_HEADERS, **headers}.items():
                self.send_header(k, v)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            if head_only:
                return
            try:
                self.wfile.write(first)
                for chunk in chunks:
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                pass  # the client went away (or stopped reading)
            except Exception:  # noqa: BLE001 - the status line is sent: log it; the body ends short
                log.exception("export failed part way: %s", self.path)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()  # a client that went away releases the store at once

    def _error(self, err: ApiError, head_only: bool = False) -> None:
        headers = {"Content-Type": "application/json"}
        if err.status == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="sitroom"'
        if err.status == 405:
            headers["Allow"] = "GET, POST" if "POST" in err.message else "GET"
        if err.status == 413:
            self.close_connection = True
        self._send(err.status, headers, json.dumps(err.body()).encode("utf-8"), head_only)

    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            raise ApiError(411, "length_required", "send a Content-Length (chunked bodies are not accepted)")
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            raise ApiError(411, "length_required", "send a Content-Length")
        n = int(length)
        if n > MAX_BODY:
            raise ApiError(413, "too_large", f"request body over {MAX_BODY} bytes")
        return self._read_within(n, BODY_SECONDS)

    def _read_within(self, n: int, seconds: float) -> bytes:
        """``n`` body bytes, all of them within ``seconds`` (a body trickled a byte at a time would
        otherwise hold this thread as long as the client likes): else 408 and the connection closes."""
        deadline = time.monotonic() + seconds
        parts: list[bytes] = []
        try:
            while n > 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                self.connection.settimeout(min(left, self.timeout))
                chunk = self.rfile.read1(min(n, 1 << 16))
                if not chunk:
                    raise ApiError(400, "bad_body", "the body ended before its Content-Length")
                parts.append(chunk)
                n -= len(chunk)
        except TimeoutError:
            self.close_connection = True
            raise ApiError(408, "request_timeout", f"the body did not arrive within {seconds:g} s") from None
        finally:
            self.connection.settimeout(self.timeout)
        return b"".join(parts)

    def _drain(self, n: int) -> None:
        """Read (and drop) a refused body so the client sees the answer, for at most 2 seconds."""
        if n > 4 * MAX_BODY:
            return
        deadline = time.monotonic() + 2.0
        try:
            while n > 0 and time.monotonic() < deadline:
                self.connection.settimeout(max(0.05, deadline - time.monotonic()))
                chunk = self.rfile.read1(min(n, 1 << 16))
                if not chunk:
                    return
                n -= len(chunk)
        except OSError:
            return
        finally:
            self.close_connection = True

    def _dispatch(self, method: str, head_only: bool = False) -> None:
        try:
            if not self.server.host_allowed(self.headers.get("Host")):  # DNS rebinding
                self.close_connection = True
                raise ApiError(421, "host_not_allowed",
                               "this server answers only to its own host names (see sitroom serve --allow-host)")
            url = urlsplit(self.path)
            try:
                params = parse_qs(url.query, keep_blank_values=True, strict_parsing=False, max_num_fields=200)
            except ValueError as e:
                raise ApiError(400, "bad_query", str(e)) from None
            if method == "POST":
                length = self.headers.get("Content-Length")
                if length and length.strip().isdigit() and int(length) > MAX_BODY:
                    self._drain(int(length))
                    raise ApiError(413, "too_large", f"request body over {MAX_BODY} bytes")
            status, headers, body = self.app.handle(method, url.path, params, self.headers, self._body)
            self._send(status, headers, body, head_only)
        except ApiError as e:
            self._error(e, head_only)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        except Exception:  # noqa: BLE001 - a bug: log it, answer 500 in the error shape
            log.exception("internal error on %s %s", method, self.path)
            self._error(ApiError(500, "internal", "internal error"), head_only)

    def do_GET(self) -> None:  # noqa: N802 - http.server's names
        self._dispatch("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch("GET", head_only=True)

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def _not_allowed(self) -> None:
        self._error(ApiError(405, "method_not_allowed", f"{self.command} is not allowed"))

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed  # noqa: N815


class Server(ThreadingHTTPServer):
    """Workers are bounded (``max_connections``); a connection gets one only once its request headers
    have arrived (``api_gate``): idle and half-open sockets wait in one selector loop instead."""

    daemon_threads = True
    request_queue_size = 128  # listen backlog: the default 5 drops connections under 32 clients (1 s SYN retries)
    app: App
    max_connections = MAX_CONNECTIONS

    def __init__(self, *args: Any, allowed_hosts: Iterable[str] = (), **kw: Any) -> None:
        self._slots = threading.BoundedSemaphore(self.max_connections)
        self._active = 0
        self._active_lock = threading.Lock()
        self._prefix: dict[int, bytes] = {}
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        super().__init__(*args, **kw)
        self.gate = Gate(max_pending=MAX_PENDING, header_seconds=lambda: float(getattr(self.RequestHandlerClass, "timeout", None) or 10),
                         ready_seconds=READY_WAIT, try_worker=self._try_worker, start_worker=self._start_worker)

    @property
    def refused(self) -> int:
        return self.gate.refused

    def host_allowed(self, host: str | None) -> bool:
        """The ``Host`` header names this server (a missing one is an old client, not a browser)."""
        if host is None:
            return True
        name = host_name(host)
        if name in self.allowed_hosts:
            return True
        try:  # an address typed as such: rebinding needs a name the attacker controls, never an IP literal
            ipaddress.ip_address(name)
            return True
        except ValueError:
            return False

    def active(self) -> int:
        """Connections being served by a worker thread now."""
        with self._active_lock:
            return self._active

    def process_request(self, request: Any, client_address: Any) -> None:
        self.gate.add(request, client_address)  # a worker takes it once its headers are in

    def _try_worker(self) -> bool:
        if not self._slots.acquire(blocking=False):
            return False
        with self._active_lock:
            self._active += 1
        return True

    def _start_worker(self, conn: Conn) -> None:
        self._prefix[id(conn.sock)] = bytes(conn.buf)
        try:
            conn.sock.setblocking(True)
            t = threading.Thread(target=self.process_request_thread, args=(conn.sock, conn.addr), daemon=True)
            t.start()
        except BaseException:
            self._prefix.pop(id(conn.sock), None)
            self._release()
            raise

    def take_prefix(self, request: Any) -> bytes:
        return self._prefix.pop(id(request), b"")

    def _release(self) -> None:
        with self._active_lock:
            self._active -= 1
        self._slots.release()
        self.gate.wake()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._release()

    def server_close(self) -> None:
        super().server_close()
        self.gate.close()
        self.app.close()


def host_name(host: str) -> str:
    """The name in a ``Host`` header, lower case, without port or IPv6 brackets."""
    h = host.strip().lower()
    if h.startswith("["):
        return h[1:h.find("]")] if "]" in h else h[1:]
    if h.count(":") == 1:
        h = h.split(":")[0]
    return h.rstrip(".")


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host.lower() == "localhost"


def allowed_host_names(host: str, extra: Iterable[str] = ()) -> set[str]:
    """Names a ``Host`` header may carry: the loopback names, the bound address, this machine's
    names when bound to every interface, and ``extra`` (``--allow-host``)."""
    names = {*LOOPBACK_NAMES, host.lower()}
    try:
        if ipaddress.ip_address(host).is_unspecified:
            names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    except ValueError:
        pass
    names |= {host_name(h) for h in extra if h.strip()}
    return {n for n in names if n}


def make_server(db: str, host: str = "127.0.0.1", port: int = 8000, *, ingest_token: str | None = None,
                process: ProcessFn | None = None, allow_hosts: Iterable[str] = ()) -> Server:
    """A ready-to-run server (``serve_forever()``); ``port=0`` picks a free port (``server.server_port``).

    ``host`` must name an address ("" is refused: it would mean every interface); IPv6 addresses
    ("::1", "::") get an IPv6 socket. Requests whose ``Host`` header is not one of this server's
    names (``allowed_host_names``) are refused with 421, so a DNS-rebinding page cannot read the
    store through the analyst's browser."""
    if not host or not host.strip():
        raise ValueError('--host "" would listen on every interface; name an address '
                         "(127.0.0.1, the default; 0.0.0.0 or :: for every interface)")
    host = host.strip().strip("[]")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise ValueError(f"cannot listen on {host!r}: {e.strerror or e}") from None
    family = infos[0][0]
    app = App(str(db), ingest_token=ingest_token, process=process)
    handler = type("SitroomHandler", (Handler,), {"app": app})
    server_cls = type("SitroomServer", (Server,), {"address_family": family})
    try:
        server: Server = server_cls((host, port), handler, allowed_hosts=allowed_host_names(host, allow_hosts))
    except OSError as e:
        app.close()
        raise ValueError(f"cannot listen on {host!r} port {port}: {e.strerror or e}") from None
    server.app = app
    if not is_loopback(host):
        log.warning("sitroom serve is listening on %s, not loopback: every machine that can reach it can read "
                    "the whole store", host)
    return server


@click.command("serve")
@click.option("--db", default="sitroom.db", show_default=True, envvar="SITROOM_DB",
              type=click.Path(dir_okay=False, exists=True), help="SQLite database (env SITROOM_DB).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (IPv4 or IPv6; 0.0.0.0 or :: for every interface, with a warning).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Another host name clients may use in the Host header (repeatable); others get 421.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--ingest-token", envvar="SITROOM_INGEST_TOKEN", default=None,
              help="Enable POST /api/documents for clients sending 'Authorization: Bearer TOKEN'.")
def serve_command(db: str, host: str, port: int, ingest_token: str | None, allow_hosts: tuple[str, ...]) -> None:
    """Serve the JSON API and the web page for a database (Ctrl-C stops)."""
    try:
        server = make_server(db, host, port, ingest_token=ingest_token, allow_hosts=allow_hosts)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--host") from None
    h, p = server.server_address[:2]
    if isinstance(h, bytes):  # the socket module allows a bytes host
        h = h.decode()
    shown = f"[{h}]" if ":" in str(h) else h
    if not is_loopback(str(h)):
        click.echo(f"WARNING: listening on {h}, not loopback: every machine that can reach this one can read "
                   "the whole store" + (" and, with the token, write to it" if ingest_token else "")
                   + ". Put it behind a proxy with authentication, or use --host 127.0.0.1.", err=True)
    click.echo(f"sitroom: serving {db} on http://{shown}:{p}/ (writing {'on' if ingest_token else 'off'})", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
