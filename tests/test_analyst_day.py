"""Issue 17, "An analyst's day with sitroom": the command-line and API fixes, one test each.

Uses the fake pipeline of ``test_cli`` (no spaCy) except where the real extractor is the point.
"""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_cli import AF, BF, NG, fake_process, lines, run

from sitroom.cli import cli
from sitroom.records import Document, DocumentResult
from sitroom.store import Store


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "news"
    d.mkdir()
    (d / "ng_borno.txt").write_text(NG, encoding="utf-8")
    (d / "bf_djibo.txt").write_text(BF, encoding="utf-8")
    (d / "af_kunduz.txt").write_text(AF, encoding="utf-8")
    return d


def with_report_ids(docs: Any, *, what: tuple[str, ...] = ("events", "quotes", "claims")) -> Any:
    """The fake pipeline, with report ids as the extractor makes them (``rep_`` + 16 hex)."""
    import hashlib
    from dataclasses import replace

    for res in fake_process(docs, what=what):
        evs = tuple(replace(e, report_id="rep_" + hashlib.sha256(f"{e.doc_id}|{i}".encode()).hexdigest()[:16])
                    for i, e in enumerate(res.events))
        yield replace(res, events=evs)


@pytest.fixture()
def db(tmp_path: Path, corpus: Path) -> str:
    path = str(tmp_path / "s.db")
    r = run(["ingest", str(corpus), "--db", path], process=with_report_ids)
    assert r.exit_code == 0, r.output
    return path


# ------------------------------------------------------------------ item 3: usage errors, not empty answers

def test_unknown_type_is_usage_error_with_nearest(db: str) -> None:
    r = run(["events", "--db", db, "--type", "Battle"])
    assert r.exit_code == 2 and r.stdout == ""
    assert "did you mean Battles?" in r.stderr
    r = run(["events", "--db", db, "--sub-type", "armed clashes"])
    assert r.exit_code == 2 and "Armed clash" in r.stderr
    r = run(["events", "--db", db, "--type", "Battles", "--sub-type", "Suicide bomb"])
    assert r.exit_code == 2 and "Explosions/Remote violence" in r.stderr
    # the right spelling in any case still works
    ok = run(["events", "--db", db, "--reports", "--type", "violence AGAINST civilians"])
    assert ok.exit_code == 0 and len(lines(ok.stdout)) == 3


def test_impossible_ranges_are_usage_errors(db: str) -> None:
    for args in (["--since", "2021-07", "--until", "2021-06"], ["--near", "11.8,13.1:-5km"],
                 ["--near", "11.8,13.1:0km"], ["--near", "Maiduguri:30000km"], ["--bbox", "0,20,10,10"],
                 ["--bbox", "0,-95,10,10"]):
        r = run(["events", "--db", db, *args], resolve_place=lambda n: (11.85, 13.16))
        assert r.exit_code == 2, (args, r.output)
        assert r.stdout == ""
    assert "is after --until" in run(["events", "--db", db, "--since", "2022", "--until", "2021"]).stderr


def test_unknown_place_and_actor_name_nearest_valid(db: str) -> None:
    r = run(["events", "--db", db, "--near", "Maidugri:50km"], resolve_place=lambda n: None)
    assert r.exit_code == 2 and "unknown place 'Maidugri'" in r.stderr and "Maiduguri" in r.stderr
    r = run(["events", "--db", db, "--actor", "Unidentified Armd Group"])
    assert r.exit_code == 2 and "did you mean Unidentified Armed Group" in r.stderr
    r = run(["events", "--db", db, "--country", "Nigera"])
    assert r.exit_code == 2 and "Nigeria" in r.stderr


def test_real_gazetteer_unknown_place_is_usage_error(db: str) -> None:
    """With the real gazetteer: a name it only matches loosely ("Xyzzy" -> Khizi) is not taken."""
    r = run(["events", "--db", db, "--near", "Xyzzy:50km"])
    assert r.exit_code == 2 and "unknown place 'Xyzzy'" in r.stderr and "did you mean" in r.stderr
    ok = run(["events", "--db", db, "--reports", "--near", "Maiduguri:50km"])
    assert ok.exit_code == 0 and [e["doc_id"] for e in lines(ok.stdout)] == ["ng_borno"]
    # a real town far from every stored event: an empty answer, but it says which place it took
    far = run(["events", "--db", db, "--near", "Atlantis:50km"])
    assert far.exit_code == 0 and far.stdout == "" and "no stored event within 50 km of Atlantis" in far.stderr


def _serve(db: str) -> tuple[Any, str]:
    from sitroom.api import make_server

    server = make_server(db, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def _get(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=60) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_api_near_takes_the_cli_form(db: str) -> None:
    server, base = _serve(db)
    try:
        st, page = _get(base + "/api/events?near=Maiduguri:50km")
        assert st == 200 and [e["doc_id"] for e in page["items"]] == ["ng_borno"]
        st, page = _get(base + "/api/events?near=11.8,13.1:50km")
        assert st == 200 and [e["doc_id"] for e in page["items"]] == ["ng_borno"]
        st, page = _get(base + "/api/events?near=11.8,13.1,50")  # the API's own form still works
        assert st == 200 and len(page["items"]) == 1
        st, body = _get(base + "/api/events?near=Xyzzy:50km")
        assert st == 400 and "unknown place" in json.dumps(body)
        st, _ = _get(base + "/api/events?near=Maiduguri:-3km")
        assert st == 400
    finally:
        server.shutdown()
        server.server_close()


# ------------------------------------------------------------------ item 4: one id scheme

def test_extract_ids_find_the_stored_event(corpus: Path, db: str) -> None:
    out = run(["extract", str(corpus), "-q"], process=with_report_ids)
    printed = lines(out.stdout)
    assert printed and all(e["report_id"].startswith("rep_") for e in printed)
    for e in printed:
        r = run(["event", e["report_id"], "--db", db])
        assert r.exit_code == 0, r.output
        got = json.loads(r.stdout)
        assert e["report_id"] in [x["report_id"] for x in got["reports"]]
    stored = {e["report_id"] for e in lines(run(["events", "--db", db, "--reports"]).stdout)}
    assert stored == {e["report_id"] for e in printed}


def test_reports_without_an_extractor_id_get_the_same_scheme(tmp_path: Path, corpus: Path) -> None:
    path = str(tmp_path / "plain.db")
    assert run(["ingest", str(corpus), "--db", path]).exit_code == 0  # fake reports carry no report_id
    ids = [e["report_id"] for e in lines(run(["events", "--db", path, "--reports"]).stdout)]
    assert ids and all(i.startswith("rep_") and len(i) == 20 for i in ids)


# ------------------------------------------------------------------ item 6: broken or missing options

def test_quotes_and_claims_do_not_offer_geojson(db: str) -> None:
    for cmd in ("quotes", "claims", "errors", "documents"):
        r = run([cmd, "--db", db, "-f", "geojson"])
        assert r.exit_code == 2 and "geojson" in r.stderr, cmd
        assert "geojson" not in run([cmd, "--help"]).stdout
    assert run(["event", "--help"]).exit_code == 0


def test_extract_all_kinds_as_tables(corpus: Path) -> None:
    r = run(["extract", str(corpus), "--what", "all", "-f", "table", "-q"])
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert out.index("EVENTS (3)") < out.index("QUOTES (1)") < out.index("CLAIMS (3)")
    assert "Bulama Kachalla" in out and "Maiduguri, NG" in out
    # mixed JSON Lines tag each line with its record type
    recs = lines(run(["extract", str(corpus), "--what", "all", "-f", "jsonl", "-q"]).stdout)
    assert sorted({x["record"] for x in recs}) == ["claim", "event", "quote"]


def test_parquet_outputs(corpus: Path, db: str, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "ev.parquet"
    assert run(["extract", str(corpus), "-f", "parquet", "-o", str(out), "-q"]).exit_code == 0
    t = pq.read_table(out).to_pylist()
    assert sorted(x["location_name"] for x in t) == ["Djibo", "Kunduz", "Maiduguri"]
    assert {x["fatalities_best"] for x in t} == {4, 12, 15}
    assert run(["extract", str(corpus), "-f", "parquet", "-q"]).exit_code == 2  # binary: needs -o
    for cmd, kind in (("events", "events"), ("quotes", "quotes"), ("claims", "claims")):
        path = tmp_path / f"{kind}.parquet"
        r = run([cmd, "--db", db, "-f", "parquet", "-o", str(path)])
        assert r.exit_code == 0, r.output
        rows = pq.read_table(path).to_pylist()
        assert rows, cmd
    ev = pq.read_table(tmp_path / "events.parquet").to_pylist()
    assert all(x["n_reports"] == 1 for x in ev)
    cl = pq.read_table(tmp_path / "claims.parquet")
    assert "kind" in cl.column_names and cl.schema.field("value_low").type == "double"
    # --what all -o FILE.parquet: sibling files
    allp = tmp_path / "run.parquet"
    assert run(["extract", str(corpus), "--what", "all", "-f", "parquet", "-o", str(allp), "-q"]).exit_code == 0
    assert pq.read_table(tmp_path / "run.quotes.parquet").num_rows == 1


def test_windows_1252_warning_is_stored(tmp_path: Path) -> None:
    d = tmp_path / "news"
    d.mkdir()
    (d / "ml_cafe.txt").write_bytes(("Caf\u00e9 owners said gunmen killed 12 people in Maiduguri on 2021-06-01, "
                                     "and residents said the attackers fled.").encode("cp1252"))
    path = str(tmp_path / "w.db")
    r = run(["ingest", str(d), "--db", path])
    assert r.exit_code == 0, r.output
    errs = lines(run(["errors", "--db", path, "-f", "jsonl"]).stdout)
    assert [(e["doc_id"], e["code"], e["fatal"]) for e in errs] == [("ml_cafe", "encoding", False)]
    assert "Windows-1252" in errs[0]["message"]
    with Store(path) as s:
        assert s.counts()["event_reports"] == 1  # the document itself was stored


def test_one_line_french_is_not_english(tmp_path: Path) -> None:
    from sitroom.ingest import iter_documents

    d = tmp_path / "news"
    d.mkdir()
    (d / "fr.txt").write_text("Des hommes armés ont tué douze villageois près de Mopti, selon les autorités "
                              "locales.\n", encoding="utf-8")
    (d / "en.txt").write_text("Gunmen killed 12 villagers near Mopti, local officials said.\n", encoding="utf-8")
    got = {getattr(x, "doc_id", None) or x.id: x for x in iter_documents([str(d)])}
    assert getattr(got["fr"], "code", None) == "not_english" and got["fr"].fatal
    assert isinstance(got["en"], Document)


def test_ingest_help_mentions_postgresql() -> None:
    assert "postgresql://" in run(["ingest", "--help"]).stdout
    assert "postgresql://" in run(["events", "--help"]).stdout


# ------------------------------------------------------------------ the import circle

def test_cli_query_does_not_import_cli() -> None:
    code = ("import sys, sitroom.cli_query as q; assert 'sitroom.cli' not in sys.modules, 'cli imported'; "
            "print(len(q.QUERY_COMMANDS))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    src = Path(__file__).resolve().parents[1] / "src/sitroom/cli_query.py"
    assert "from .cli import" not in src.read_text(encoding="utf-8")


# ------------------------------------------------------------------ item 2: claim kinds, tolls told next

CLASH = ("2024-03-04\nMAIDUGURI, Nigeria - Nigerian troops fought Boko Haram fighters near Bama in Borno state on "
         "Sunday, the army said. 17 soldiers and 32 fighters were killed in the clashes, a military spokesman said "
         "on Monday.")
PROTEST = ("2024-05-02\nKOLKATA, India - Police fired tear gas at thousands of protesters who marched on the state "
           "secretariat in Kolkata on Wednesday over fuel prices. Two people were shot dead, witnesses said, and "
           "dozens were arrested.")


def test_killed_told_next_becomes_the_toll() -> None:
    from sitroom.pipeline import extract_text

    r = extract_text(CLASH, doc_id="clash")
    (battle,) = r.events
    assert (battle.event_type, battle.location.name) == ("Battles", "Bama")  # type: ignore[union-attr]
    assert battle.fatalities is not None and battle.fatalities.best == 49
    assert {(c.value_low, c.kind, c.event_id) for c in r.claims} == {(17, "killed", battle.event_id),
                                                                   (32, "killed", battle.event_id)}
    p = extract_text(PROTEST, doc_id="protest")
    protest = next(e for e in p.events if e.event_type == "Protests")
    assert protest.fatalities is not None and protest.fatalities.best == 2
    assert all(e.fatalities is None for e in p.events if e is not protest)  # not the arrests'
    (two,) = [c for c in p.claims if c.value_low == 2]
    assert (two.kind, two.event_id) == ("killed", protest.event_id)


def test_claim_kinds() -> None:
    from sitroom.claim_tolls import claim_kinds
    from sitroom.records import Claim

    text = ("Gunmen killed 12 villagers and wounded 30 others. Police arrested 5 suspects. The fighting displaced "
            "12,000 people, 40 students were kidnapped and 7 fishermen remain missing. The budget was 300 million.")

    def claim(num: str, after: int = 0) -> Claim:
        a = text.index(num, after)
        return Claim("d", "x", 1.0, 1.0, None, None, num, a, a + len(num))

    got = claim_kinds([claim("12 "), claim("30"), claim("5 "), claim("12,000"), claim("40"), claim("7 "),
                       claim("300")], text)
    assert [c.kind for c in got] == ["killed", "wounded", "arrested", "displaced", "abducted", "missing", "other"]


def test_claim_kind_is_stored_exported_and_migrated(tmp_path: Path) -> None:
    import sqlite3

    from sitroom.records import Claim

    path = tmp_path / "k.db"
    with Store(path) as s:
        doc = Document(id="d1", text="Gunmen killed 12 people in Goma.")
        s.add_result(DocumentResult(doc, claims=(Claim("d1", "people", 12, 12, "people", None, "12 people", 14, 23,
                                                       kind="killed"),)))
        assert [c["kind"] for c in s.claims()] == ["killed"]
        assert [c["kind"] for c in s.claims(kind="wounded")] == []
    r = run(["claims", "--db", str(path), "-f", "csv"])
    assert r.stdout.splitlines()[0].endswith(",kind") and r.stdout.splitlines()[1].endswith(",killed")
    assert len(lines(run(["claims", "--db", str(path), "--kind", "killed"]).stdout)) == 1
    # a store made before claims had a kind: the column is added, old rows read as "other"
    old = tmp_path / "old.db"
    with Store(old) as s:
        s.add_result(DocumentResult(Document(id="d1", text="x y z"),
                                    claims=(Claim("d1", "people", 3, 3, None, None, "3", 0, 1),)))
    con = sqlite3.connect(old)
    con.execute("UPDATE claims SET kind = NULL")
    con.execute("DELETE FROM migrations WHERE version >= 7")
    con.execute("UPDATE meta SET value='6' WHERE key='schema_version'")
    con.execute("CREATE TABLE claims2 AS SELECT doc_id, seq, subject, value_low, value_high, unit, source, text, "
                "start, \"end\", event_id, confidence FROM claims")
    con.execute("DROP TABLE claims")
    con.execute("ALTER TABLE claims2 RENAME TO claims")
    con.commit()
    con.close()
    with Store(old) as s:
        assert s.schema_version() >= 5
        assert [c["kind"] for c in s.claims()] == ["other"]


# ------------------------------------------------------------------ item 1: the per-event summary

def _report(doc: str, sub: str, etype: str = "Explosions/Remote violence", actor1: str | None = None,
            fat: tuple[int | None, int | None, int | None] | None = None, actor2: str | None = None) -> Any:
    from sitroom.records import EventReport, Fatalities, ResolvedDate, ResolvedPlace, Span

    return EventReport(
        event_id="evt_1", doc_id=doc, event_type=etype, sub_event_type=sub, actor1=actor1, actor1_mention=None,
        actor2=actor2, actor2_mention=None, date=ResolvedDate("2024-02-03", "2024-02-03", "day", "Saturday", "published"),
        location=ResolvedPlace("Culiacan", "MX", "Sinaloa", 24.8, -107.39, "city", "Culiacan", 0, 8),
        fatalities=Fatalities(*fat, "x") if fat else None, evidence=(Span(0, 5, "words"),), report_id=f"rep_{doc}")


def test_summary_keeps_open_ended_tolls_open() -> None:
    from sitroom.event_summary import summarise

    one = summarise([_report("a", "Suicide bomb", fat=(21, 21, None))])  # "at least 21"
    assert one["fatalities"] == {"low": 21, "best": 21, "high": None}
    two = summarise([_report("a", "Suicide bomb", fat=(21, 21, None)), _report("b", "Suicide bomb", fat=(19, 19, 19))])
    assert two["fatalities"] == {"low": 19, "best": 20, "high": None}  # 19 and "21 or more": still open above
    closed = summarise([_report("a", "Suicide bomb", fat=(21, 21, None)), _report("b", "Suicide bomb", fat=(25, 25, 30))])
    assert closed["fatalities"] == {"low": 21, "best": 23, "high": 30}  # a stated figure above the floor closes it
    assert summarise([_report("a", "Suicide bomb", fat=(12, 12, 15))])["fatalities"]["high"] == 15


def test_summary_keeps_every_actor() -> None:
    from sitroom.event_summary import summarise

    cartel = "Unidentified Armed Group (Mexico)"
    s = summarise([_report("a", "Attack", "Violence against civilians", actor1=cartel, actor2="Civilians (Mexico)")])
    assert s["actor1"] == cartel and s["actors"] == [cartel, "Civilians (Mexico)"]
    both = summarise([_report("a", "Attack", "Violence against civilians", actor1=cartel),
                      _report("b", "Attack", "Violence against civilians", actor1="Sinaloa Cartel")])
    assert both["actor1"] == "Sinaloa Cartel" and cartel in both["actors"]


def test_summary_keeps_the_most_specific_supported_type() -> None:
    from sitroom.event_summary import summarise

    bomb = _report("a", "Suicide bomb")
    assert summarise([bomb])["sub_event_type"] == "Suicide bomb"
    for other in (_report("b", "Remote explosive/landmine/IED"), _report("b", "Armed clash", "Battles")):
        s = summarise([bomb, other])
        assert (s["event_type"], s["sub_event_type"]) == ("Explosions/Remote violence", "Suicide bomb"), other
        s = summarise([other, bomb])  # order does not matter
        assert s["sub_event_type"] == "Suicide bomb"
    # a type better supported by the reports still wins over a lone more specific one of another group
    air = [_report(x, "Air/drone strike") for x in "bcd"]
    assert summarise([bomb, *air])["sub_event_type"] == "Air/drone strike"


def test_summary_through_the_store(tmp_path: Path) -> None:
    """`sitroom events` (one row per event) over two linked reports: open toll, type and actors kept."""
    from dataclasses import replace

    from sitroom.records import PublishedDate

    path = tmp_path / "sum.db"
    with Store(path) as s:
        for doc, rep in (("a", _report("a", "Suicide bomb", actor1="Unidentified Armed Group (Mexico)",
                                       fat=(21, 21, None))),
                         ("b", _report("b", "Remote explosive/landmine/IED", fat=(21, 21, None)))):
            d = Document(id=doc, text="words and more", published=PublishedDate("2024-02-04", "published"))
            s.add_result(DocumentResult(d, events=(replace(rep, doc_id=doc),)))
    (row,) = lines(run(["events", "--db", str(path), "-f", "jsonl"]).stdout)
    assert row["n_reports"] == 2
    assert row["sub_event_type"] == "Suicide bomb"
    assert row["fatalities"] == {"low": 21, "best": 21, "high": None}
    assert row["actor1"] == "Unidentified Armed Group (Mexico)"


def test_real_extract_ids_round_trip(tmp_path: Path) -> None:
    """With the real extractor: the rep_ id `extract` prints is the id `sitroom event` finds in the store."""
    doc = Path(__file__).resolve().parents[1] / "examples/corpus/damboa_iswap.txt"
    printed = lines(CliRunner().invoke(cli, ["extract", str(doc), "-q", "-f", "jsonl"], obj={}).stdout)
    assert printed
    db = str(tmp_path / "real.db")
    assert CliRunner().invoke(cli, ["ingest", str(doc), "--db", db, "-q"], obj={}).exit_code == 0
    for e in printed:
        r = CliRunner().invoke(cli, ["event", e["report_id"], "--db", db], obj={})
        assert r.exit_code == 0, r.output
        assert e["report_id"] in {x["report_id"] for x in json.loads(r.stdout)["reports"]}
