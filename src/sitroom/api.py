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
import json
import logging
import mimetypes
import queue
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import click

from . import __version__
from .api_query import (
    EVENT_PARAMS,
    MAX_LIMIT,
    PAGING_PARAMS,
    COUNT_CAP,
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
from .export import write_records
from .ingest import loads_json
from .records import Document, DocumentError, DocumentResult
from .store import Store

log = logging.getLogger(__name__)

WEB_DIR = Path(__file__).parent / "web"
MAX_BODY = 5 * 1024 * 1024
MAX_DOCS_PER_POST = 100
ProcessFn = Callable[..., Iterator[Any]]
_CONTENT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8",
                  "geojson": "application/geo+json"}
_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
}


class StorePool:
    """One ``Store`` (sqlite connection) per concurrent request, reused."""

    def __init__(self, path: str, size: int = 8) -> None:
        self.path = path
        self._free: queue.LifoQueue[Store] = queue.LifoQueue()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        self.size = size
        self.write_lock = threading.Lock()

    def _open(self) -> Store:
        s = Store(self.path, check_same_thread=False)
        install_functions(s.conn)
        with self._lock:
            self._all.append(s)
        return s

    @contextmanager
    def get(self) -> Iterator[Store]:
        try:
            s = self._free.get_nowait()
        except queue.Empty:
            s = self._open()
        try:
            yield s
        finally:
            self._free.put(s)

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
        self.routes: list[tuple[str, re.Pattern[str], Callable[..., Any]]] = [
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
                if method == "POST":
                    return fn(params, headers, body)
                return fn(params, *args)
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
        with self.pool.get() as store:
            if fmt != "json":
                buf = io.StringIO()
                write_records(store.events(**filters, **paging), fmt, buf, kind="events")
                headers = {"Content-Type": _CONTENT_TYPES[fmt],
                           "Content-Disposition": f'attachment; filename="events.{fmt}"'}
                return 200, headers, buf.getvalue().encode("utf-8")
            items = list(store.events(**filters, **paging))
            cap = None if count == "exact" else TEXT_COUNT_CAP if filters["text"] else COUNT_CAP
            total = count_events(store.conn, filters, store.has_fts, cap)
        # a page with items proves offset + len(items) rows exist; an empty page past the end proves nothing
        seen = paging["offset"] + len(items) if items else 0
        return self.json({"total": total if cap is None else max(min(total, cap), seen),
                          "total_exact": cap is None or total <= cap, "limit": paging["limit"],
                          "offset": paging["offset"], "sort": paging["order"], "items": items})

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
        check_known(params, ())
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
        return self.json(self._ingest(items), 200)

    def _ingest(self, items: list[dict[str, Any]]) -> dict[str, Any]:
        from .ingest import iter_documents

        jsonl = b"".join(json.dumps(it, ensure_ascii=False).encode("utf-8") + b"\n" for it in items)
        answers: list[dict[str, Any]] = []
        process = self._process
        if process is None:
            from .pipeline import process as pipeline_process

            process = pipeline_process
        warnings: dict[str, list[dict[str, str]]] = {}
        with self.ingest_lock, self.pool.get() as store:
            def note(err: DocumentError) -> None:
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
                existed = store.document(res.document.id) is not None
                with self.pool.write_lock:
                    changed = store.add_result(res)
                answers.append({"id": res.document.id,
                                "status": "unchanged" if not changed else "updated" if existed else "new",
                                "events": len(res.events), "quotes": len(res.quotes), "claims": len(res.claims),
                                "warnings": warnings.pop(res.document.id, [])})
        return {"documents": answers}

    # ------------------------------------------------------------ misc
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
        self.pool.close()


class Handler(BaseHTTPRequestHandler):
    server_version = f"sitroom/{__version__}"
    app: App  # set on the subclass made by make_server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
        log.debug("%s %s", self.address_string(), format % args)

    def _send(self, status: int, headers: dict[str, str], body: bytes, head_only: bool = False) -> None:
        self.send_response(status)
        for k, v in {**_SECURITY_HEADERS, **headers}.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

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
        return self.rfile.read(n)

    def _drain(self, n: int) -> None:
        """Read (and drop) a refused body so the client sees the answer, within bounds."""
        if n > 4 * MAX_BODY:
            return
        try:
            self.connection.settimeout(5)
            while n > 0:
                chunk = self.rfile.read(min(n, 1 << 16))
                if not chunk:
                    return
                n -= len(chunk)
        except OSError:
            return

    def _dispatch(self, method: str, head_only: bool = False) -> None:
        try:
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
            self._send(status, headers, body, head_only)  # type: ignore[arg-type]
        except ApiError as e:
            self._error(e, head_only)
        except (BrokenPipeError, ConnectionResetError):
            pass
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
    daemon_threads = True
    request_queue_size = 128  # listen backlog: the default 5 drops connections under 32 clients (1 s SYN retries)
    app: App

    def server_close(self) -> None:
        super().server_close()
        self.app.close()


def make_server(db: str, host: str = "127.0.0.1", port: int = 8000, *, ingest_token: str | None = None,
                process: ProcessFn | None = None) -> Server:
    """A ready-to-run server (``serve_forever()``); ``port=0`` picks a free port (``server.server_port``)."""
    app = App(str(db), ingest_token=ingest_token, process=process)
    handler = type("SitroomHandler", (Handler,), {"app": app})
    server = Server((host, port), handler)
    server.app = app
    return server


@click.command("serve")
@click.option("--db", default="sitroom.db", show_default=True, envvar="SITROOM_DB",
              type=click.Path(dir_okay=False, exists=True), help="SQLite database (env SITROOM_DB).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--ingest-token", envvar="SITROOM_INGEST_TOKEN", default=None,
              help="Enable POST /api/documents for clients sending 'Authorization: Bearer TOKEN'.")
def serve_command(db: str, host: str, port: int, ingest_token: str | None) -> None:
    """Serve the JSON API and the web page for a database (Ctrl-C stops)."""
    server = make_server(db, host, port, ingest_token=ingest_token)
    h, p = server.server_address[:2]
    click.echo(f"sitroom: serving {db} on http://{h}:{p}/ (writing {'on' if ingest_token else 'off'})", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
