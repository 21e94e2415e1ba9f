"""The server's front door: new connections wait here, without a thread each, until their request
headers have arrived; only then does a worker thread (at most ``max_connections`` of them) take one.

Idle and half-open connections therefore never hold a worker: 300 of them used to hold the server for
90 s and more; now they sit in one ``selectors`` loop until the socket timeout closes them, while
complete requests go straight to a worker. At most ``max_pending`` connections wait here (one more is
answered 503 at once), and a request with complete headers waits at most ``ready_seconds`` for a free
worker (then 503).
"""
from __future__ import annotations

import io
import logging
import selectors
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

BUSY = (b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
        b"Connection: close\r\n\r\n"
        b'{"error": {"code": "busy", "message": "too many connections; try again shortly", "status": 503}}')
HEADER_END = b"\r\n\r\n"
MAX_HEADER_BYTES = 1 << 16


@dataclass
class Conn:
    sock: socket.socket
    addr: Any
    since: float = field(default_factory=time.monotonic)
    buf: bytearray = field(default_factory=bytearray)
    ready_since: float = 0.0


def refuse(sock: socket.socket) -> None:
    try:
        sock.setblocking(True)
        sock.settimeout(1.0)
        sock.sendall(BUSY)
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    sock.close()


class Prefixed(io.RawIOBase):
    """A reader that gives ``prefix`` (bytes the gate already read) and then the socket's stream."""

    def __init__(self, prefix: bytes, inner: Any) -> None:
        self.prefix = memoryview(prefix)
        self.inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self.prefix:
            n = min(len(b), len(self.prefix))
            b[:n] = self.prefix[:n]
            self.prefix = self.prefix[n:]
            return n
        data = self.inner.read1(len(b))  # one read of the socket at most (readinto would wait to fill b)
        b[:len(data)] = data
        return len(data)


class Gate:
    def __init__(self, *, max_pending: int, header_seconds: Callable[[], float], ready_seconds: float,
                 try_worker: Callable[[], bool], start_worker: Callable[[Conn], None]) -> None:
        self.max_pending = max_pending
        self.header_seconds = header_seconds
        self.ready_seconds = ready_seconds
        self.try_worker = try_worker
        self.start_worker = start_worker
        self.sel = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self.sel.register(self._wake_r, selectors.EVENT_READ, None)
        self._incoming: deque[Conn] = deque()
        self._lock = threading.Lock()
        self._count = 0  # connections in the gate (incoming + reading + ready)
        self.pending: dict[socket.socket, Conn] = {}
        self.ready: deque[Conn] = deque()
        self.refused = 0
        self.dropped = 0  # closed for sending no complete headers in time
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="sitroom-gate", daemon=True)
        self._thread.start()

    def held(self) -> int:
        with self._lock:
            return self._count

    def add(self, sock: socket.socket, addr: Any) -> None:
        with self._lock:
            full = self._count >= self.max_pending
            if not full:
                self._count += 1
                sock.setblocking(False)
                self._incoming.append(Conn(sock, addr))
        if full:
            self.refused += 1
            refuse(sock)
            return
        self.wake()

    def wake(self) -> None:
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass

    def _forget(self, conn: Conn) -> None:
        with self._lock:
            self._count -= 1

    def _drop(self, conn: Conn, busy: bool = False) -> None:
        try:
            self.sel.unregister(conn.sock)
        except (KeyError, ValueError, OSError):
            pass
        self.pending.pop(conn.sock, None)
        if busy:
            refuse(conn.sock)
        else:
            try:
                conn.sock.close()
            except OSError:
                pass
        self._forget(conn)

    def _read(self, conn: Conn) -> None:
        try:
            data = conn.sock.recv(MAX_HEADER_BYTES)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._drop(conn)
            return
        if not data:
            self._drop(conn)
            return
        conn.buf += data
        if HEADER_END in conn.buf or len(conn.buf) >= MAX_HEADER_BYTES:  # complete (or for the handler to refuse)
            self.sel.unregister(conn.sock)
            self.pending.pop(conn.sock, None)
            conn.ready_since = time.monotonic()
            self.ready.append(conn)

    def _run(self) -> None:
        while not self._closed:
            try:
                events = self.sel.select(0.05 if self.ready else 0.5)
            except OSError:
                events = []
            for key, _ in events:
                if key.data is None:
                    try:
                        while self._wake_r.recv(4096):
                            pass
                    except OSError:
                        pass
                    continue
                self._read(key.data)
            while True:
                with self._lock:
                    conn = self._incoming.popleft() if self._incoming else None
                if conn is None:
                    break
                try:
                    self.sel.register(conn.sock, selectors.EVENT_READ, conn)
                    self.pending[conn.sock] = conn
                except (ValueError, OSError):
                    self._forget(conn)
                    conn.sock.close()
            now = time.monotonic()
            limit = self.header_seconds()
            for conn in [c for c in self.pending.values() if now - c.since > limit]:
                self.dropped += 1
                self._drop(conn)
            while self.ready and self.ready[0].ready_since and now - self.ready[0].ready_since > self.ready_seconds:
                self._drop(self.ready.popleft(), busy=True)
            while self.ready and self.try_worker():
                conn = self.ready.popleft()
                self._forget(conn)
                try:
                    self.start_worker(conn)
                except Exception:  # noqa: BLE001 - a thread that cannot start: that connection fails
                    log.exception("could not start a worker")
                    refuse(conn.sock)
        for conn in list(self.pending.values()) + list(self.ready) + list(self._incoming):
            try:
                conn.sock.close()
            except OSError:
                pass

    def close(self) -> None:
        self._closed = True
        self.wake()
        self._thread.join(5)
        for s in (self._wake_r, self._wake_w):
            s.close()
        self.sel.close()
