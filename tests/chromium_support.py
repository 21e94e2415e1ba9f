"""What the Chromium tests share: Debian's chromium launched headless with the flags this machine needs
(no background networking: its connections are refused here), a store served on a free loopback port,
and a page that records the dialogs and script errors it meets."""
from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from sitroom.api import make_server

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def launched() -> Iterator[Any]:
    """A headless Chromium browser (the test skips without Playwright or chromium)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = chromium_path()
    if chromium is None:
        pytest.skip("no chromium on PATH")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=ARGS)
        yield b
        b.close()


@contextmanager
def served(db: Any, **kw: Any) -> Iterator[str]:
    """``sitroom serve`` of ``db`` on a free loopback port, in a thread; yields its base URL."""
    srv = make_server(str(db), "127.0.0.1", 0, **kw)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{srv.server_port}"
    finally:
        srv.shutdown()
        srv.server_close()


@contextmanager
def watched_page(browser: Any, width: int, height: int, *, bypass_csp: bool = False,
                 requests: bool = False) -> Iterator[Any]:
    """A page in a fresh context whose ``dialogs`` and ``errors`` (and ``requests``) lists fill as it runs."""
    ctx = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=bypass_csp)
    pg = ctx.new_page()
    pg.dialogs = []
    pg.errors = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    if requests:
        pg.requests = []
        pg.on("request", lambda r: pg.requests.append(r.url))
    try:
        yield pg
    finally:
        ctx.close()
