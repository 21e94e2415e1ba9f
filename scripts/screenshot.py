"""Screenshot of the web page for the docs: examples/corpus -> store (real pipeline) -> server -> Chromium -> PNG.

    python scripts/screenshot.py [--out docs/screenshot.png] [--event]

Needs Debian's `chromium` and Playwright for Python (never `playwright install`). The map
outlines ship in the package (src/sitroom/web/vendor/).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def build_store(corpus: Path, db: Path) -> int:
    from sitroom.ingest import iter_documents
    from sitroom.pipeline import process
    from sitroom.records import DocumentError
    from sitroom.store import Store

    n = 0
    with Store(db) as store:
        docs = [d for d in iter_documents([str(corpus)]) if not isinstance(d, DocumentError)]
        for res in process(docs):
            if not isinstance(res, DocumentError):
                store.add_result(res)
                n += 1
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / "examples" / "corpus"))
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshot.png"))
    ap.add_argument("--event", action="store_true", help="open the first event's panel before the shot")
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("no chromium on PATH (apt-get install chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    from sitroom.api import make_server

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "examples.db"
        n = build_store(Path(args.corpus), db)
        server = make_server(str(db), "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=ARGS)
                page = browser.new_page(viewport={"width": 1440, "height": 860})
                page.goto(f"http://127.0.0.1:{server.server_port}/")
                page.wait_for_selector("body[data-ready='1']")
                if args.event:
                    page.click("#event-list tbody tr[data-id]")
                    page.wait_for_selector("#event-panel mark.evidence")
                page.wait_for_timeout(300)
                Path(args.out).parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=args.out)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    print(f"{n} documents -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
