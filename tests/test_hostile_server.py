"""A server that a few sockets cannot hold, and that answers only to its own names: socket timeouts,
a bounded number of connections, an enforced store pool, trickled bodies, queued writes, streamed
exports, DNS rebinding, the --host values. No assertion here reads the clock: a server that does not
keep a limit makes a client wait until its own (generous) timeout fails the test."""
from __future__ import annotations

import json
import logging
import socket
import threading
import time
import tracemalloc
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_api import ARTICLES, _result, build_store, fake_process

from sitroom import api
from sitroom.api import make_server
from sitroom.cli import cli
from sitroom.store import Store

TOKEN = "t0ken"


def _start(db: Path, **kw: Any) -> tuple[Any, int]:
    srv = make_server(str(db), kw.pop("host", "127.0.0.1"), 0, **kw)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, srv.server_port


def _stop(srv: Any) -> None:
    srv.shutdown()
    srv.server_close()


def _get(url: str, headers: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "s.db")


@pytest.fixture()
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short limits so the tests end quickly (the defaults are seconds, not minutes, too)."""
    monkeypatch.setattr(api.Handler, "timeout", 1.0)
    monkeypatch.setattr(api, "BODY_SECONDS", 1.0)


# ---------------------------------------------------------------- connections

def test_a_silent_connection_is_closed_by_the_server(db: Path, quick: None) -> None:
    srv, port = _start(db)
    try:
        s = socket.create_connection(("127.0.0.1", port))
        s.settimeout(30)  # far longer than the server's limit: a server without one fails the test here
        assert s.recv(100) == b""  # closed by the server, nothing sent
        s.close()
        half = socket.create_connection(("127.0.0.1", port))  # headers begun, never finished
        half.sendall(b"GET /api/meta HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        half.settimeout(30)
        assert half.recv(100) == b""
        half.close()
    finally:
        _stop(srv)


def test_idle_connections_hold_no_worker_and_are_dropped(db: Path, quick: None,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api.Server, "max_connections", 2)
    monkeypatch.setattr(api, "MAX_PENDING", 30)
    srv, port = _start(db)
    socks = []
    try:
        for i in range(30):  # idle, and half-open (headers begun, never finished)
            s = socket.create_connection(("127.0.0.1", port))
            if i % 2:
                s.sendall(b"GET /api/meta HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            socks.append(s)
        while srv.gate.held() < 30:
            time.sleep(0.01)
        # the 31st connection is over the limit: an immediate 503, closed
        extra = socket.create_connection(("127.0.0.1", port))
        extra.settimeout(30)
        assert extra.recv(200).startswith(b"HTTP/1.0 503")
        assert srv.refused >= 1 and srv.active() == 0  # 30 held, none of them by a worker thread
        for s in socks:  # every idle one is closed by the server's timeout ...
            s.settimeout(30)
            assert s.recv(10) == b""
        assert srv.gate.dropped == 30
        for _ in range(5):  # ... and with 2 workers, real clients are served
            assert _get(f"http://127.0.0.1:{port}/api/meta")[0] == 200
    finally:
        for s in socks:
            s.close()
        _stop(srv)


def test_a_real_request_is_served_while_idle_connections_are_held(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api.Server, "max_connections", 2)
    srv, port = _start(db)  # the default 10 s socket timeout: the idle ones outlive this test's requests
    socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(50)]
    try:
        for s in socks[::2]:
            s.sendall(b"GET /api/meta HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        while srv.gate.held() < 50:
            time.sleep(0.01)
        for _ in range(10):  # a server that gives every connection a thread of its own has none left
            assert _get(f"http://127.0.0.1:{port}/api/events?limit=3", timeout=8)[0] == 200
        # a request whose bytes came in pieces is read whole (the gate's prefix, then the socket)
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /api/me")
        time.sleep(0.2)
        s.sendall(b"ta HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        s.settimeout(30)
        got = b""
        while chunk := s.recv(4096):
            got += chunk
        assert got.startswith(b"HTTP/1.0 200") and b'"version"' in got
        s.close()
    finally:
        for s in socks:
            s.close()
        _stop(srv)


def test_store_pool_size_is_enforced(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "POOL_SIZE", 2)
    srv, port = _start(db)
    statuses: list[int] = []
    lock = threading.Lock()

    def client() -> None:
        for _ in range(5):
            st, _, _ = _get(f"http://127.0.0.1:{port}/api/events?limit=5")
            with lock:
                statuses.append(st)

    try:
        threads = [threading.Thread(target=client) for _ in range(24)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert srv.app.pool.opened() <= 2  # 24 clients, never more than 2 SQLite connections
        assert len(statuses) == 120 and set(statuses) <= {200, 503} and statuses.count(200) > 60, statuses
    finally:
        _stop(srv)


def test_a_trickled_body_gets_a_408(db: Path, quick: None) -> None:
    srv, port = _start(db, ingest_token=TOKEN, process=fake_process)
    try:
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  b"Authorization: Bearer " + TOKEN.encode() + b"\r\nContent-Length: 100000\r\n\r\n{\"te")
        s.settimeout(30)
        got = b""

        def trickle() -> None:  # a byte every 0.2 s for up to 20 s keeps the socket timeout from firing
            for _ in range(100):
                time.sleep(0.2)
                try:
                    s.sendall(b"x")
                except OSError:
                    return

        trickler = threading.Thread(target=trickle, daemon=True)
        trickler.start()
        first = s.recv(4096)
        answered_while_trickling = trickler.is_alive()  # the deadline, not the client's patience, ended it
        got = first
        while first:
            chunk = s.recv(4096)
            if not chunk:
                break
            got += chunk
        assert got.startswith(b"HTTP/1.0 408"), got[:200]
        assert answered_while_trickling
        s.close()
        # a declared length over the limit is refused from the header
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000\r\n\r\n")
        s.settimeout(30)
        assert s.recv(100).startswith(b"HTTP/1.0 413")  # over MAX_BODY: refused from the header
        s.close()
        # without the token, the body is never read: 401 at once
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nabc")
        s.settimeout(30)
        assert s.recv(100).startswith(b"HTTP/1.0 401")
        s.close()
    finally:
        _stop(srv)


# ---------------------------------------------------------------- writes are queued

def test_writes_are_queued_and_extraction_holds_no_lock(db: Path) -> None:
    release = threading.Event()
    started = threading.Event()

    def slow_process(docs: Any, **kw: Any) -> Iterator[Any]:
        started.set()
        assert release.wait(60)
        yield from fake_process(docs, **kw)

    srv, port = _start(db, ingest_token=TOKEN, process=slow_process)
    base = f"http://127.0.0.1:{port}"
    auth = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}

    def post(doc: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        req = urllib.request.Request(base + "/api/documents", json.dumps(doc).encode(), auth, method="POST")
        with urllib.request.urlopen(req, timeout=30) as r:  # a server extracting inside the request hangs here
            return r.status, dict(r.headers), json.loads(r.read())

    try:
        status, headers, job = post({"id": "q1", "text": "Troops clashed with the rebels near the town, and at least four were killed. " * 250})
        assert status == 202 and job["status"] in ("queued", "running") and headers["Location"] == job["url"]
        assert started.wait(30)
        # extraction is running: the write lock is free, reads answer, the next write is queued at once
        assert srv.app.pool.write_lock.acquire(blocking=False)
        srv.app.pool.write_lock.release()
        assert _get(base + "/api/events")[0] == 200
        status, _, job2 = post({"id": "q2", "text": "Gunmen attacked Beni."})
        assert status == 202 and job2["status"] == "queued"
        assert json.loads(_get(base + job["url"])[2])["status"] == "running"
        release.set()
        for j in (job, job2):
            while (view := json.loads(_get(base + j["url"])[2]))["status"] not in ("done", "failed"):
                time.sleep(0.02)
            assert view["status"] == "done" and view["documents"][0]["status"] == "new", view
        assert _get(base + "/api/documents/q2")[0] == 200
        assert _get(base + "/api/jobs/nope")[0] == 404
    finally:
        release.set()
        _stop(srv)


# ---------------------------------------------------------------- streamed exports

def _big_store(path: Path, docs: int) -> Path:
    items = ARTICLES[0][3] * 5
    with Store(path) as st:
        for i in range(docs):
            st.add_result(_result(f"d{i}", "2021-03-04", f"Title {i}", items))
    return path


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _big_store(tmp_path_factory.mktemp("big") / "big.db", 300)  # 3000 reports


def _traced_export(url: str) -> tuple[int, int]:
    """(bytes received, peak traced memory of this process, server thread included) for one export."""
    tracemalloc.start()
    try:
        size = 0
        with urllib.request.urlopen(url, timeout=60) as r:
            assert r.headers.get("Content-Length") is None  # streamed: the length is not known up front
            while chunk := r.read(1 << 14):
                size += len(chunk)
        return size, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["geojson", "csv", "jsonl"])
def test_exports_are_streamed_not_built_in_memory(big_db: Path, fmt: str) -> None:
    srv, port = _start(big_db)
    url = f"http://127.0.0.1:{port}/api/events?format={fmt}&background=true"
    try:
        _traced_export(url + "&limit=10")  # warm: imports and caches are not the export's memory
        small_size, small_peak = _traced_export(url + "&limit=600")
        size, peak = _traced_export(url)
        assert size > 4 * small_size and size > 1_000_000
        # streamed: the peak does not grow with the export (built whole, it grew with it: ~2x its size)
        assert peak < 1.5 * small_peak + 100_000, (fmt, size, peak, small_size, small_peak)
        lines = sum(1 for _ in urllib.request.urlopen(url, timeout=60)) if fmt != "geojson" else None
        assert lines is None or lines >= 3000
    finally:
        _stop(srv)


# ---------------------------------------------------------------- DNS rebinding and --host

def test_only_the_servers_own_host_names_are_answered(db: Path) -> None:
    srv, port = _start(db, allow_hosts=["sitroom.lan"])
    base = f"http://127.0.0.1:{port}"
    try:
        for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", "localhost.evil", "[evil]"):
            status, _, body = _get(base + "/api/events", {"Host": host})
            assert status == 421 and json.loads(body)["error"]["code"] == "host_not_allowed", host
        assert _get(base + "/", {"Host": "rebind.attacker.example"})[0] == 421  # the page too
        # the server's names, and addresses typed as such (a rebinding page can only send its own name)
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "LOCALHOST", f"sitroom.lan:{port}", "[::1]:80",
                     "192.168.1.20:8000"):
            assert _get(base + "/api/meta", {"Host": host})[0] == 200, host
    finally:
        _stop(srv)


def test_empty_host_is_refused_not_every_interface(db: Path) -> None:
    with pytest.raises(ValueError, match="every interface"):
        make_server(str(db), "", 0)
    res = CliRunner().invoke(cli, ["serve", "--db", str(db), "--host", "", "--port", "0"])
    assert res.exit_code == 2 and "every interface" in res.output


def test_ipv6_host_works(db: Path) -> None:
    try:
        socket.socket(socket.AF_INET6).close()
        srv, port = _start(db, host="::1")
    except (OSError, ValueError) as e:
        pytest.skip(f"no IPv6 loopback here: {e}")
    try:
        assert srv.address_family == socket.AF_INET6
        assert _get(f"http://[::1]:{port}/api/meta")[0] == 200
    finally:
        _stop(srv)
    res = CliRunner().invoke(cli, ["serve", "--db", str(db), "--host", "no.such.host.invalid", "--port", "0"])
    assert res.exit_code == 2 and "cannot listen" in res.output


def test_binding_every_interface_warns_loudly(db: Path, monkeypatch: pytest.MonkeyPatch,
                                              caplog: pytest.LogCaptureFixture) -> None:
    def stop_at_once(self: Any, *a: Any, **k: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(api.Server, "serve_forever", stop_at_once)
    res = CliRunner().invoke(cli, ["serve", "--db", str(db), "--host", "0.0.0.0", "--port", "0"])
    assert res.exit_code == 0 and "WARNING: listening on 0.0.0.0" in res.output
    res = CliRunner().invoke(cli, ["serve", "--db", str(db), "--port", "0"])
    assert res.exit_code == 0 and "WARNING" not in res.output
    with caplog.at_level(logging.WARNING, logger="sitroom.api"):
        srv = make_server(str(db), "0.0.0.0", 0)
        srv.server_close()
    assert any("not loopback" in r.message for r in caplog.records)
