"""Hostile input and security: hostile documents through ingest + pipeline + store (no crash, one error per
bad document, the good ones stored); every SQL statement parameterised (a static check of the source and a
dynamic one with injection strings through the CLI and the API); the write endpoint refuses requests
without the token; size limits; no client path used as a file path; the page never turns data into markup.
All documents here are generated in the test."""
from __future__ import annotations

import ast
import json
import re
import sqlite3
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from sitroom.api import MAX_BODY, make_server
from sitroom.check import check_store
from sitroom.cli import cli
from sitroom.store import Store

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "sitroom"
TOKEN = "t0ken-for-tests"

GOOD = [
    ("ng_good", "MAIDUGURI, Nigeria, March 3, 2021 - Suspected Boko Haram fighters attacked a village near Dikwa in "
                "Borno state on Tuesday, killing at least 11 farmers, a local official said."),
    ("so_good", "MOGADISHU, Somalia, June 9, 2022 - Al-Shabaab militants detonated a car bomb outside a hotel in "
                "Mogadishu on Wednesday, killing six people, police said."),
    ("co_good", "BOGOTA, Colombia, May 2, 2023 - FARC dissidents ambushed a police patrol in Cauca on Monday, "
                "killing three officers, the defence ministry said."),
]

ENGLISH = ("Government troops clashed with rebels near the town on Sunday, and at least four soldiers were "
           "killed, the army said in a statement on Monday. ")


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def hostile_files(d: Path) -> dict[str, str]:
    """Write the hostile corpus into ``d``; {file name: what it is}."""
    files: dict[str, tuple[bytes, str]] = {
        "empty.txt": (b"", "empty file"),
        "blank.txt": (b" \n\t\r\n  \n", "only whitespace"),
        "binary.txt": (bytes(range(256)) * 40, "binary with NUL bytes"),
        "random.txt": (bytes((i * 7919 + 13) % 251 for i in range(20000)), "pseudo-random bytes"),
        "nul_inside.txt": (ENGLISH.encode() + b"\x00\x00" + ENGLISH.encode(), "NUL bytes inside English text"),
        "latin1.txt": (("Caf\u00e9 owners in Bamako said gunmen had fled. " + ENGLISH).encode("cp1252"),
                       "Windows-1252, not UTF-8"),
        "utf16.txt": (("\ufeff" + ENGLISH * 3).encode("utf-16-le"), "UTF-16 with a BOM"),
        "undecodable.txt": (b"\x81\x8d\x8f\x90\x9d" * 200, "bytes no decoder accepts"),
        "huge.txt": (ENGLISH.encode() * 3000, "over the size limit"),
        "longline.txt": (("Fighting continued " + ("the " + "Bombardment" * 8 + " ") * 1080).encode() + b"\n",
                         "100k-character line (long words: a parse stays cheap)"),
        "noSpaces.txt": (b"x" * 100_000, "100k characters, no spaces"),
        "rtl_mixed.txt": (("\u202eGunmen killed 5 people in \u0627\u0644\u0645\u0648\u0635\u0644 (Mosul) on Monday, "
                           "\u05e6\u05d4\u05f4\u05dc said; \u200f\u200d\u2067 \u0418\u0437\u044e\u043c \u4e2d\u6587 "
                           "\U0001F525\u0301\u0301\u0301 " + ENGLISH).encode(), "RTL overrides, mixed scripts"),
        "quotes_open.txt": (("\"He said \u201cthey came \u00ab at night ' and \u2018 never " * 200 + ENGLISH).encode(),
                            "quotes never closed"),
        "nested.html": (("<html><body>" + "<div>" * 5000 + "<p>" + ENGLISH * 3 + "</p>" + "</div>" * 5000
                         + "</body></html>").encode(), "deeply nested HTML"),
        "script.html": (b"<html><script>" + b"x=1;" * 2000 + b"</script></html>", "HTML with no article"),
        "bad.json": (b"{\"text\": ", "truncated JSON"),
        "deep.json": (_nested(100_000).encode(), "JSON nested 100k deep"),
    }
    giant_meta = {"id": "jl_giant_title", "text": ENGLISH, "title": "T" * 150_000,
                  "published": "2021-02-30", "url": "javascript:alert(1)"}
    lines = [
        json.dumps({"id": "jl_ok", "text": GOOD[0][1].replace("Dikwa", "Bama"), "published": "2021-03-03"}),
        json.dumps(giant_meta),
        '{"id": "jl_nested", "text": "x", "meta": ' + _nested(50_000) + "}",
        json.dumps({"id": "jl_text_list", "text": ["a", "b"]}),
        json.dumps({"id": "jl_text_num", "text": 12}),
        json.dumps({"id": "jl_text_obj", "text": {"a": {"b": {"c": 1}}}}),
        json.dumps({"id": 7, "text": ENGLISH, "published": {"y": 2021}, "title": ["x"], "language": 5}),
        '{"id": "jl_surrogate", "text": "Gunmen killed \\ud800 four people \\udfff in Goma. ' + ENGLISH + '"}',
        json.dumps({"id": "jl_nul", "text": "Rebels \u0000 attacked \u0000 Goma. " + ENGLISH}),
        json.dumps({"id": "../../etc/passwd", "text": ENGLISH}),
        json.dumps({"id": "", "text": ENGLISH + " Different."}),
        "not json at all",
        "[1, 2, 3]",
        "null",
        json.dumps({"id": "jl_long_number", "text": ENGLISH + " " + "9" * 5000 + " people were killed."}),
        json.dumps({"id": "jl_float_published", "text": ENGLISH, "published": 1e308}),
    ]
    files["lines.jsonl"] = (("\n".join(lines) + "\n").encode(), "hostile JSON Lines")
    # a JSON number of more than 4,300 digits: json.loads raises ValueError (Python's int-string limit)
    big = "9" * 5000
    files["bignum.jsonl"] = ((json.dumps({"id": "bn_before", "text": GOOD[1][1]}) + "\n"
                              + '{"id": "bn_bad", "text": "x", "n": ' + big + "}\n"
                              + '{"id": "bn_deep", "text": "x", "n": ' + _nested(90_000) + "}\n"
                              + json.dumps({"id": "bn_after", "text": GOOD[2][1].replace("Cauca", "Huila")})
                              + "\n").encode(), "a >4,300-digit number, then 90k-deep JSON, then a good line")
    files["bignum.json"] = (('{"id": "bn_file", "text": "Rebels attacked.", "n": ' + big + "}").encode(),
                            "a .json file holding a >4,300-digit number")
    for doc_id, text in GOOD:
        files[f"{doc_id}.txt"] = (text.encode(), "a good document")
    for name, (data, _) in files.items():
        (d / name).write_bytes(data)
    return {name: what for name, (_, what) in files.items()}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path, dict[str, str]]:
    d = tmp_path_factory.mktemp("hostile")
    corpus = d / "in"
    corpus.mkdir()
    names = hostile_files(corpus)
    db = d / "h.db"
    res = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db), "-q", "--max-bytes", "200000"])
    return res, db, names


def test_hostile_documents_fail_one_by_one(hostile_run: tuple[Any, Path, dict[str, str]]) -> None:
    res, db, names = hostile_run
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert res.exit_code == 1, res.output  # some documents failed, the run did not
    assert "Traceback" not in res.output
    with Store(db) as st:
        stored = {d["id"] for d in st.documents()}
        errors = list(st.errors())
        for doc_id, _ in GOOD:
            assert doc_id in stored
            assert list(st.events(doc_id=doc_id, background=True)), doc_id
        assert "jl_ok" in stored
        failed_sources = {Path(e["source"].split(":")[0]).name for e in errors if e["fatal"]}
        for name in ("empty.txt", "blank.txt", "binary.txt", "random.txt", "undecodable.txt", "huge.txt",
                     "script.html", "bad.json", "deep.json", "utf16.txt", "bignum.json"):  # UTF-16 holds NULs: refused as binary
            assert name in failed_sources, (name, names[name])
        for e in errors:  # every problem is one line with a code and a place
            assert e["code"] and e["stage"] and e["source"] and "\n" not in (e["message"] or "")
        # documents that are odd but readable are stored, their text unchanged
        for doc_id in ("latin1", "longline", "rtl_mixed", "quotes_open", "jl_giant_title", "jl_nul", "noSpaces"):
            assert doc_id in stored, doc_id
        assert st.document("rtl_mixed")["text"] == (db.parent / "in" / "rtl_mixed.txt").read_text("utf-8")
        # a client id is an id, never a path
        assert "../../etc/passwd" in stored
        # a decoding failure is that line's error: the lines after it are still read
        assert {"bn_before", "bn_after"} <= stored
        bad_lines = {e["source"].rsplit("/", 1)[-1]: e for e in errors if "bignum.jsonl" in e["source"]}
        assert set(bad_lines) == {"bignum.jsonl:2", "bignum.jsonl:3"}, bad_lines
        assert all(e["code"] == "bad_json" and e["fatal"] for e in bad_lines.values()), bad_lines
        assert "4300" in bad_lines["bignum.jsonl:2"]["message"]
    assert not (db.parent / "etc").exists()
    assert [str(p) for p in check_store(db)] == []


def test_hostile_documents_again_is_idempotent(hostile_run: tuple[Any, Path, dict[str, str]]) -> None:
    res, db, _ = hostile_run
    with Store(db) as st:
        before = st.counts()
    corpus = db.parent / "in"
    res2 = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db), "-q", "--max-bytes", "200000"])
    assert res2.exit_code == 1 and "Traceback" not in res2.output
    with Store(db) as st:
        after = st.counts()
    assert {k: v for k, v in after.items() if k != "errors"} == {k: v for k, v in before.items() if k != "errors"}


# ---------------------------------------------------------------- SQL is parameterised

_SQL_CALLS = {"execute", "executemany", "executescript"}
# Names that may be interpolated into SQL text: each is built only from constants in its module
# (table/column names from fixed tuples, "?" placeholders, clauses of fixed text). Anything else fails.
_SAFE_NAMES = {"table", "col", "c", "cols", "extra", "agg", "w", "where", "inner", "order_sql", "key"}
# Reviewed exceptions, per file: identifiers that cannot be parameters, checked before use.
_REVIEWED = {
    "store_pg.py": {"schema", "self.schema",  # PostgreSQL schema name, matched against _SCHEMA_NAME first
                    "translate(sql)"},  # the SQLite statement text rewritten for PostgreSQL (fixed text)
    "store_index.py": {"key_defs", "new_keys", "on_new", "on_old"},  # roll-up DDL from the fixed ROLLUPS names
}


def _dynamic_parts(node: ast.AST) -> list[ast.AST]:
    """The non-constant pieces of an SQL expression built with f-strings, + or % / .format."""
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _dynamic_parts(node.left) + _dynamic_parts(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return list(node.args) + [k.value for k in node.keywords]
    if isinstance(node, ast.Constant):
        return []
    return [node]


def _safe(node: ast.AST, file: str = "") -> bool:
    if ast.unparse(node) in _REVIEWED.get(file, ()):
        return True
    if isinstance(node, ast.Name):
        return node.id in _SAFE_NAMES or node.id.lstrip("_").isupper()  # module constants
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join":
        # ",".join("?" * n) and " AND ".join(where) build placeholders and fixed clauses
        return all(_safe_join_arg(a) for a in node.args)
    return False


def _safe_join_arg(node: ast.AST) -> bool:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return isinstance(node.left, ast.Constant) and node.left.value == "?"
    if isinstance(node, ast.Name):
        return node.id in _SAFE_NAMES
    if isinstance(node, ast.GeneratorExp):
        return all(_safe(p) for p in _dynamic_parts(node.elt))
    return False


def _sql_calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _SQL_CALLS:
            yield node


def test_static_every_sql_statement_is_parameterised() -> None:
    checked = 0
    bad: list[str] = []
    for path in sorted(SRC.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for call in _sql_calls(tree):
            if not call.args:
                continue
            checked += 1
            for part in _dynamic_parts(call.args[0]):
                if isinstance(part, ast.Name) and part.id in ("sql", "stmt", "s"):
                    continue  # a variable holding SQL: its own construction is checked below
                if not _safe(part, path.name):
                    bad.append(f"{path.name}:{call.lineno}: {ast.unparse(call.args[0])[:100]}")
        # SQL assembled in variables: every f-string or concatenation that looks like SQL
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                consts = "".join(v.value for v in node.values if isinstance(v, ast.Constant)
                                 and isinstance(v.value, str))
                if re.search(r"\b(SELECT|INSERT|UPDATE|DELETE|WHERE|ORDER BY|LIMIT)\b", consts):
                    for part in _dynamic_parts(node):
                        if not _safe(part, path.name):
                            bad.append(f"{path.name}:{node.lineno}: {ast.unparse(node)[:100]}")
    assert checked > 30
    assert bad == [], "SQL text built from values (use ? parameters):\n" + "\n".join(bad)


def test_static_check_catches_an_unsafe_statement() -> None:
    unsafe = ast.parse('conn.execute(f"SELECT * FROM events WHERE actor1 = \'{actor}\'")')
    (call,) = _sql_calls(unsafe)
    assert not all(_safe(p) for p in _dynamic_parts(call.args[0]))
    unsafe2 = ast.parse('conn.execute("SELECT * FROM events WHERE actor1 = \'%s\'" % actor)')
    (call2,) = _sql_calls(unsafe2)
    assert not all(_safe(p) for p in _dynamic_parts(call2.args[0]))
    safe = ast.parse('conn.execute(f"SELECT * FROM {table} WHERE id IN ({\',\'.join(\'?\' * len(ids))})", ids)')
    (call3,) = _sql_calls(safe)
    assert all(_safe(p) for p in _dynamic_parts(call3.args[0]))


MARK = "zq'\"MARK;--"
INJECTIONS = [MARK, f"{MARK}' OR '1'='1", f"{MARK}\"); DROP TABLE events; --", f"{MARK}%_\\",
              f"{MARK}' UNION SELECT text FROM documents --"]


class _Recording(sqlite3.Connection):
    statements: list[str] = []

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        _Recording.statements.append(sql)
        return super().execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        _Recording.statements.append(sql)
        return super().executemany(sql, *args)


@pytest.fixture()
def recording(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    real = sqlite3.connect
    _Recording.statements = []

    def connect(*a: Any, **k: Any) -> sqlite3.Connection:
        k.setdefault("factory", _Recording)
        return real(*a, **k)

    monkeypatch.setattr(sqlite3, "connect", connect)
    return _Recording.statements


@pytest.fixture()
def small_db(tmp_path: Path) -> Path:
    from test_check import _result  # a store with one event, quote and claim per document

    db = tmp_path / "s.db"
    with Store(db) as st:
        st.add_result(_result("mm_wire"))
        st.add_result(_result("cd_report"))
    return db


@pytest.mark.parametrize("evil", INJECTIONS)
def test_injection_strings_never_reach_sql_text_cli(small_db: Path, recording: list[str], evil: str) -> None:
    runner = CliRunner()
    for args in (["events", "--actor", evil], ["events", "--text", evil], ["events", "--type", evil],
                 ["events", "--sub-type", evil], ["events", "--reports", "--actor", evil], ["quotes", "--speaker", evil],
                 ["quotes", "--doc", evil], ["claims", "--source", evil], ["claims", "--doc", evil],
                 ["errors", "--doc", evil], ["event", evil]):
        res = runner.invoke(cli, [*args, "--db", str(small_db), "-f", "jsonl"])
        assert res.exit_code in (0, 1, 2) and "Traceback" not in res.output, (args, res.output)
        # an unknown type, sub-type or stored actor is a usage error (exit 2, issue 17); nothing else is said
        assert res.output.strip() == "" or "no event" in res.output or (
            res.exit_code == 2 and "Invalid value for --" in res.output), (args, res.output)
    assert recording, "the recording connection saw no statements"
    assert not [s for s in recording if "MARK" in s]
    with Store(small_db) as st:
        assert st.counts()["documents"] == 2


def _serve(db: Path, **kw: Any) -> tuple[Any, str]:
    srv = make_server(str(db), "127.0.0.1", 0, **kw)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_port}"


def _req(url: str, method: str = "GET", body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.mark.parametrize("evil", INJECTIONS)
def test_injection_strings_never_reach_sql_text_api(small_db: Path, recording: list[str], evil: str) -> None:
    srv, base = _serve(small_db)
    try:
        q = quote(evil, safe="")
        for path in ("/api/events?actor=", "/api/events?q=", "/api/events?type=", "/api/events?sub_type=",
                     "/api/stats?actor=", "/api/stats?q=", "/api/actors?q=", "/api/quotes?speaker=",
                     "/api/quotes?doc_id=", "/api/quotes?q=", "/api/claims?source=", "/api/claims?doc_id=",
                     "/api/events?format=csv&actor=", "/api/events/", "/api/documents/"):
            status, body = _req(base + path + q)
            assert status in (200, 400, 404), (path, status, body[:200])
            if status == 200 and path.endswith("="):
                page = json.loads(body) if not path.startswith("/api/events?format") else None
                assert page is None or page.get("total", 0) == 0, (path, page)
    finally:
        srv.shutdown()
        srv.server_close()
    assert recording and not [s for s in recording if "MARK" in s]


# ---------------------------------------------------------------- writing, sizes, paths

@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from test_api import build_store, fake_process

    db = build_store(tmp_path_factory.mktemp("sec") / "sec.db")
    srv, base = _serve(db, ingest_token=TOKEN, process=fake_process)
    yield base
    srv.shutdown()
    srv.server_close()


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer"}, {"Authorization": "Bearer "}, {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": TOKEN}, {"Authorization": f"Bearer {TOKEN[:-1]}"}, {"Authorization": f"Bearer {TOKEN} x"},
    {"Authorization": f"Bearer {TOKEN.upper()}"}, {"X-Ingest-Token": TOKEN}, {"Cookie": f"token={TOKEN}"},
])
def test_write_refused_without_the_token(live: str, headers: dict[str, str]) -> None:
    body = json.dumps({"id": "sneaky", "text": "Gunmen attacked Goma on Monday."}).encode()
    status, raw = _req(live + "/api/documents", "POST", body, {"Content-Type": "application/json", **headers})
    assert status == 401 and json.loads(raw)["error"]["code"] == "unauthorized"
    status, raw = _req(live + f"/api/documents?token={TOKEN}", "POST", body, {"Content-Type": "application/json"})
    assert status in (400, 401)
    assert _req(live + "/api/documents/sneaky")[0] == 404


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_write_methods_refused(live: str, method: str) -> None:
    status, _ = _req(live + "/api/documents/ng_wire", method, b"{}", {"Authorization": f"Bearer {TOKEN}"})
    assert status == 405
    assert _req(live + "/api/documents/ng_wire")[0] == 200


def test_size_limits(live: str) -> None:
    auth = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
    # a declared length over the limit is refused before the body is read
    status, raw = _req(live + "/api/documents", "POST", b"{}", {**auth, "Content-Length": str(MAX_BODY + 1)})
    assert status == 413
    status, _ = _req(live + "/api/events?" + "&".join(f"q{i}=1" for i in range(300)))
    assert status == 400
    status, _ = _req(live + "/api/events?q=" + "x" * 70_000)
    assert status in (400, 414)
    # a document at the limit of one request is handled, not a crash
    status, raw = _req(live + "/api/documents?wait=60", "POST",
                       json.dumps({"id": "big_one", "text": "Fighting in Goma. " * 200_000}).encode(), auth)
    assert status == 200 and json.loads(raw)["documents"][0]["status"] in ("new", "unchanged", "failed")


@pytest.mark.parametrize("body", [
    b'{"id": "n", "text": "Rebels attacked Goma.", "n": ' + b"9" * 5000 + b"}",  # > 4,300 digits: ValueError
    b"[" * 200_000 + b"]" * 200_000,  # RecursionError
    b'{"documents": [{"id": "n", "text": "x", "meta": ' + b"{\"a\":" * 100_000 + b"1" + b"}" * 100_001 + b"]}",
])
def test_undecodable_json_bodies_are_400_never_500(live: str, body: bytes) -> None:
    auth = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
    status, raw = _req(live + "/api/documents", "POST", body, auth)
    assert status == 400, (status, raw[:300])
    assert json.loads(raw)["error"]["code"] == "bad_json"
    assert _req(live + "/api/meta")[0] == 200  # the server goes on


@pytest.mark.parametrize("path", [
    "/../../etc/passwd", "/..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "/%2e%2e%2fapi.py",
    "/..%2fapi.py", "/../api.py", "/vendor/../../api.py", "/%2fetc%2fpasswd", "//etc/passwd", "/..\\..\\api.py",
    "/.git/config", "/app.js%00.png", "/app.js%00", "/%00", "/app.js/..%2f..%2fapi.py",
    "/~root/.ssh/id_rsa", "/" + "a/" * 200, "/%c0%ae%c0%ae/api.py", "/static/../../../../etc/shadow",
])
def test_static_routes_never_leave_the_web_folder(live: str, path: str) -> None:
    status, body = _req(live + path)
    assert status in (400, 404), (path, status)
    assert b"root:" not in body and b"import " not in body
    assert json.loads(body)["error"]["status"] == status


@pytest.mark.parametrize("doc_id", ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "/etc/passwd", "..",
                                    "%2e%2e", "ng_wire/../co_xss", "\\..\\..\\windows\\win.ini", "x\x00y"])
def test_document_ids_that_look_like_paths(live: str, doc_id: str) -> None:
    for route in ("/api/documents/", "/api/events/"):
        status, body = _req(live + route + quote(doc_id, safe=""))
        assert status in (400, 404), (route, doc_id, status)
        assert b"root:" not in body


def test_static_file_is_served_and_only_from_web(live: str) -> None:
    status, body = _req(live + "/app.js")
    assert status == 200 and b"textContent" in body
    assert _req(live + "/")[0] == 200


# ---------------------------------------------------------------- the page never executes article text

_SINKS = re.compile(r"\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML\s*\(|document\.write(ln)?\s*\(|"
                    r"\beval\s*\(|new\s+Function\s*\(|setTimeout\s*\(\s*['\"`]|setInterval\s*\(\s*['\"`]|"
                    r"\.setAttribute\s*\(\s*['\"]on|createContextualFragment|DOMParser|srcdoc")


def test_page_js_never_turns_data_into_markup() -> None:
    web = SRC / "web"
    scripts = [p for p in web.rglob("*.js") if "vendor" not in p.parts]
    assert scripts
    for p in scripts:
        code = re.sub(r"//[^\n]*|/\*.*?\*/", "", p.read_text("utf-8"), flags=re.S)  # comments may name sinks
        hits = [m.group(0) for m in _SINKS.finditer(code)]
        assert hits == [], f"{p.name}: {hits}"
    for p in web.glob("*.html"):
        html = p.read_text("utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html), f"{p.name}: inline script"
        assert not re.search(r"\son[a-z]+\s*=", html, re.I), f"{p.name}: inline event handler"


def test_sink_pattern_catches_the_usual_mistakes() -> None:
    for bad in ("el.innerHTML = e.title", "el.outerHTML += x", "el.insertAdjacentHTML('beforeend', t)",
                "document.write(t)", "setTimeout('go()', 1)", "node.setAttribute('onclick', x)"):
        assert _SINKS.search(bad), bad
    assert not _SINKS.search("el.textContent = e.title")
