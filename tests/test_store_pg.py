"""store_pg: the SQLite store's behaviour tests, run again on a real PostgreSQL.

The server: ``SITROOM_TEST_PG`` (a URL) when set; otherwise a throwaway one made
with Debian's ``initdb``/``pg_ctl`` in a temporary folder on a free loopback port
(as the ``postgres`` user when running as root). Skipped when neither exists.
Each test gets its own PostgreSQL schema, dropped afterwards.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

psycopg = pytest.importorskip("psycopg")

from click.testing import CliRunner  # noqa: E402

# The SQLite behaviour tests, collected again here with this module's ``store`` fixture.
from test_store import (  # noqa: E402, F401
    event,
    result,
    test_add_is_idempotent,
    test_candidates_for_cross_document_linking,
    test_changed_text_replaces_rows,
    test_filters,
    test_identical_reports_in_one_document_are_both_kept,
    test_injection_strings_are_harmless,
    test_quotes_claims_errors,
    test_record_shape_round_trips,
    test_what_subset_then_all,
)

from sitroom.store_pg import PgStore, open_store, redact, translate, translate_ddl  # noqa: E402


def _pg_bin() -> Path | None:
    for pattern in ("/usr/lib/postgresql/*/bin/initdb", "/usr/local/pgsql/bin/initdb"):
        found = sorted(glob.glob(pattern))
        if found:
            return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    url = os.environ.get("SITROOM_TEST_PG")
    if url:
        yield url
        return
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (initdb) and SITROOM_TEST_PG not set")
    tmp = tempfile.mkdtemp(prefix="sitroom-pg-")
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("running as root without runuser")
        try:
            shutil.chown(tmp, user="postgres")
        except (LookupError, PermissionError):
            shutil.chown(tmp, user="nobody")
            prefix = [runuser, "-u", "nobody", "--"]
        else:
            prefix = [runuser, "-u", "postgres", "--"]
    data, port = os.path.join(tmp, "data"), _free_port()
    try:
        subprocess.run([*prefix, str(bindir / "initdb"), "-D", data, "-U", "sitroom", "--auth=trust", "-E", "UTF8",
                        "--no-sync"], check=True, capture_output=True)
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", data, "-l", os.path.join(tmp, "log"), "-w",
                        "-o", f"-h 127.0.0.1 -p {port} -k {tmp} -F", "start"], check=True, capture_output=True)
    except subprocess.CalledProcessError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        pytest.skip(f"could not start a throwaway PostgreSQL: {e.stderr.decode(errors='replace')[-300:]}")
    try:
        yield f"postgresql://sitroom@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture()
def schema() -> str:
    return "t_" + uuid.uuid4().hex[:12]


@pytest.fixture()
def store(pg_url: str, schema: str) -> Iterator[PgStore]:
    s = PgStore(pg_url, schema=schema)
    try:
        yield s
    finally:
        s.drop_schema()
        s.close()


# ---------------------------------------------------------------- PostgreSQL specifics

def test_translation() -> None:
    assert translate("SELECT * FROM t WHERE a=? AND b LIKE ? ESCAPE '\\'") == \
        "SELECT * FROM t WHERE a=%s AND b ILIKE %s ESCAPE '\\'"
    assert translate("BEGIN IMMEDIATE") == "BEGIN"
    assert translate("SELECT * FROM events INDEXED BY events_date_geo WHERE a=?") == \
        "SELECT * FROM events WHERE a=%s"
    assert translate("SELECT '100%'") == "SELECT '100%%'"
    ddl = translate_ddl("CREATE TABLE x (id INTEGER PRIMARY KEY AUTOINCREMENT, lat REAL, date_json TEXT NOT NULL);"
                        "CREATE UNIQUE INDEX x_once ON x(lat, date_json)")
    assert "BIGSERIAL PRIMARY KEY" in ddl and "lat DOUBLE PRECISION" in ddl and "date_json JSONB NOT NULL" in ddl
    assert ddl.endswith("(lat, date_json) NULLS NOT DISTINCT")
    assert redact("postgresql://u:secret@h:5/db") == "postgresql://u:***@h:5/db"
    assert redact("postgresql://h/db") == "postgresql://h/db"


def test_schema_types_and_reopen(store: PgStore, pg_url: str, schema: str) -> None:
    raw = store.conn.raw  # type: ignore[attr-defined]
    types = {r["column_name"]: r["data_type"] for r in raw.execute(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = %s AND table_name = 'events'", (schema,))}
    assert types["lat"] == "double precision" and types["location_json"] == "jsonb"
    store.add_result(result("ng1", "Gunmen killed 12 people near Maiduguri."))
    with open_store(pg_url, schema=schema) as again:  # reopening applies nothing twice
        assert again.schema_version() == store.schema_version()
        assert again.counts()["documents"] == 1
        (ev,) = again.events()
        assert ev["location"]["lat"] == 11.846  # full precision, JSON decoded


def test_failed_transaction_leaves_earlier_documents(store: PgStore) -> None:
    store.add_result(result("ok", "fine text", (event("ok", "a"),)))
    raw = store.conn.raw  # type: ignore[attr-defined]
    raw.execute("CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$"
                " LANGUAGE plpgsql")
    raw.execute("CREATE TRIGGER boom BEFORE INSERT ON claims FOR EACH ROW EXECUTE FUNCTION boom()")
    with pytest.raises(psycopg.Error):
        store.add_result(result("bad", "other text", (event("bad", "b"),)))
    c = store.counts()
    assert (c["documents"], c["event_reports"]) == (1, 1)
    assert store.document("bad") is None


def test_two_writers_of_the_same_documents_do_not_duplicate(pg_url: str, store: PgStore) -> None:
    schema = store.schema
    docs = [result(f"d{i}", f"Report {i}: gunmen killed {i} people near Maiduguri.",
                   (event(f"d{i}", f"e{i}"), event(f"d{i}", f"f{i}", dead=i)), 2) for i in range(12)]
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            with PgStore(pg_url, schema=schema) as s:
                for r in docs:
                    s.add_result(r, force=True)  # force: both really write every document
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=writer) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.counts() == {"documents": 12, "event_reports": 24, "events": 1, "quotes": 24, "claims": 12,
                              "errors": 0}


def test_cli_ingest_into_postgres(pg_url: str, store: PgStore, tmp_path: Path) -> None:
    from test_parallel import fake_process, wire

    from sitroom.cli import cli

    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(4):
        (folder / f"a{i}.txt").write_text(wire(i).text, encoding="utf-8")
    url = f"{pg_url}?options=-csearch_path%3D{store.schema}"
    for expect in ("4 new", "4 unchanged"):
        r = CliRunner().invoke(cli, ["ingest", str(folder), "--db", url], obj={"process": fake_process})
        assert r.exit_code == 0, r.output
        assert expect in r.output
    assert store.counts()["documents"] == 4 and store.counts()["claims"] == 4


def test_candidate_window_sql_runs_on_postgres(store: PgStore) -> None:
    assert list(store.events(since="2021-06-01", until="2021-06-03", starts_from="2021-05-01",
                             types=["Battles"], unplaced=True)) == []
    assert list(store.events(since="2021-06-01", until="2021-06-03", starts_from="2021-05-01",
                             near=(11.8, 13.1, 25.0))) == []



def test_filtered_event_list_is_index_backed_on_postgres(store: PgStore) -> None:
    """Issue 17 item 9: the country/type/date/fatalities filter of /api/events is served by a covering
    index of migration 5: no sequential scan of events, and country, type and fatalities are all
    tested inside the index (its Index Cond), not on rows read from the table."""
    from sitroom.api_query import where_sql

    for i, (day, dead) in enumerate((("2021-03-01", 12), ("2022-05-01", 0), ("2019-01-01", 3))):
        store.add_result(result(f"d{i}", f"Report {i}.", (event(f"d{i}", f"Report {i}.", day=day, dead=dead),)))
    raw = store.conn.raw  # type: ignore[attr-defined]
    raw.execute("ANALYZE events")
    raw.execute("SET enable_seqscan = off")  # three rows: ask which index can serve the filter
    seen: list[tuple[str, list[Any]]] = []
    real = store.conn

    class Spy:
        def execute(self, sql: str, args: Any = ()) -> Any:
            seen.append((sql, list(args)))
            return real.execute(sql, args)

        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

    f = {"since": "2021-01-01", "until": "2022-12-31", "types": ["Violence against civilians"], "country": "NG",
         "min_fatalities": 1}
    store.conn = Spy()  # type: ignore[assignment]
    try:
        got = list(store.events(**f, limit=100))
        w, wargs = where_sql({**f, "background": False})  # the filter of the API's count
        store.conn.execute("SELECT COUNT(*) FROM events" + w, wargs).fetchone()
    finally:
        store.conn = real
    assert [r["doc_id"] for r in got] == ["d0"]
    assert len(seen) == 2
    for sql, args in seen:
        text = "\n".join(str(r[0]) for r in real.execute("EXPLAIN " + sql, args))
        assert "Seq Scan on events" not in text, text
        cond = " ".join(line for line in text.splitlines() if "Index Cond" in line)
        assert all(col in cond for col in ("country", "event_type", "fatalities_best", "date_start")), text
