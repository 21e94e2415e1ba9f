"""Every CLI command through click's CliRunner, with a small fake pipeline."""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sitroom.cli import cli, parse_near
from sitroom.records import (
    Claim,
    Document,
    DocumentResult,
    EventReport,
    Fatalities,
    Quote,
    ResolvedDate,
    ResolvedPlace,
    Span,
)

# A toy gazetteer for the fake pipeline: name -> (country, lat, lon)
PLACES = {"Maiduguri": ("NG", 11.846, 13.160), "Djibo": ("BF", 14.102, -1.627), "Kunduz": ("AF", 36.729, 68.857),
          "Goma": ("CD", -1.679, 29.228)}
KILLED = re.compile(r"killed (\d+) people in (\w+) on (\d{4}-\d{2}-\d{2})")
QUOTED = re.compile(r"“([^”]+)”, said ([A-Z][a-z]+ [A-Z][a-z]+)")
calls: list[int] = []


def fake_process(docs: Iterable[Document], *, what: tuple[str, ...] = ("events", "quotes", "claims")
                 ) -> Iterator[DocumentResult]:
    """Events from 'killed N people in PLACE on DATE'; quotes from '“...”, said First Last'."""
    calls.append(1)
    for doc in docs:
        if "PIPELINE-BUG" in doc.text:
            raise RuntimeError("index out of range")
        events, quotes, claims = [], [], []
        for m in KILLED.finditer(doc.text):
            n, place, day = int(m.group(1)), m.group(2), m.group(3)
            c, lat, lon = PLACES.get(place, (None, None, None))
            loc = ResolvedPlace(place, c, None, lat, lon, "city", place, m.start(2), m.end(2))
            events.append(EventReport(
                event_id=f"evt_{place}_{day}", doc_id=doc.id, event_type="Violence against civilians",
                sub_event_type="Attack", actor1="Unidentified Armed Group", actor1_mention="gunmen",
                actor2=f"Civilians ({c})", actor2_mention="people",
                date=ResolvedDate(day, day, "day", day, "absolute"), location=loc,
                fatalities=Fatalities(n, n, n, m.group(0)), evidence=(Span(m.start(), m.end(), m.group(0)),),
                sources=("officials",)))
            claims.append(Claim(doc.id, "killed", n, n, "people", "officials", m.group(0), m.start(), m.end()))
        for m in QUOTED.finditer(doc.text):
            quotes.append(Quote(doc.id, m.group(2), m.group(2), None, m.group(1), True, m.start(1), m.end(1)))
        yield DocumentResult(doc, tuple(events) if "events" in what else (),
                             tuple(quotes) if "quotes" in what else (), tuple(claims) if "claims" in what else ())


NG = ("MAIDUGURI, Nigeria - Gunmen killed 12 people in Maiduguri on 2021-06-01, and residents said the attackers "
      "came on motorcycles. “We buried them this morning”, said Bulama Kachalla, a community leader who asked for "
      "help from the state government and the army.")
BF = ("OUAGADOUGOU - Suspected jihadists killed 15 people in Djibo on 2021-07-10 at a market, the governor of the "
      "region said in a statement on Sunday, adding that the army had sent troops and aircraft to the area.")
AF = ("KABUL - Attackers killed 4 people in Kunduz on 2020-03-02 when they stormed a checkpoint on the edge of the "
      "city, a police spokesman for the province said, and the Taliban did not comment on the attack.")


def run(args: list[str], process: Any = fake_process, **obj: Any) -> Result:
    return CliRunner().invoke(cli, args, obj={"process": process, **obj}, catch_exceptions=False)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "news"
    d.mkdir()
    (d / "ng_borno.txt").write_text(NG, encoding="utf-8")
    (d / "bf_djibo.txt").write_text(BF, encoding="utf-8")
    (d / "more.jsonl").write_text(json.dumps({"id": "af_kunduz", "text": AF, "published": "2020-03-03"}) + "\n",
                                  encoding="utf-8")
    return d


@pytest.fixture()
def db(tmp_path: Path, corpus: Path) -> str:
    path = str(tmp_path / "s.db")
    r = run(["ingest", str(corpus), "--db", path])
    assert r.exit_code == 0, r.output
    return path


def lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(x) for x in text.splitlines() if x.strip()]


def test_no_args_and_help_explain() -> None:
    for args in ([], ["--help"]):
        r = run(args)
        assert r.exit_code == 0
        assert "conflict news" in r.stdout and "extract" in r.stdout and "ingest" in r.stdout
    assert "--near" in run(["events", "--help"]).stdout


def test_unknown_command_or_option_is_usage_error() -> None:
    assert run(["frobnicate"]).exit_code == 2
    assert run(["extract"]).exit_code == 2  # PATHS required
    assert run(["extract", "x.txt", "--format", "xml"]).exit_code == 2


def test_extract_jsonl_to_stdout(corpus: Path) -> None:
    r = run(["extract", str(corpus), "-q"])
    assert r.exit_code == 0, r.output
    recs = lines(r.stdout)
    assert [e["doc_id"] for e in recs] == ["bf_djibo", "af_kunduz", "ng_borno"]  # input order: sorted file names
    ng = recs[2]
    assert NG[ng["evidence"][0]["start"]:ng["evidence"][0]["end"]] == ng["evidence"][0]["text"]


def test_extract_formats_to_file(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "ev.csv"
    r = run(["extract", str(corpus), "--format", "csv", "-o", str(out)])
    assert r.exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert sorted(x["location_name"] for x in rows) == ["Djibo", "Kunduz", "Maiduguri"]
    assert "3 documents read" in r.stderr
    g = run(["extract", str(corpus), "--format", "geojson"])
    assert [f["geometry"]["type"] for f in json.loads(g.stdout)["features"]] == ["Point"] * 3
    t = run(["extract", str(corpus / "ng_borno.txt"), "--format", "table"])
    assert t.stdout.startswith("TYPE") and "Maiduguri, NG" in t.stdout


def test_extract_all_kinds_to_sibling_files(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "run.jsonl"
    r = run(["extract", str(corpus), "--what", "all", "-o", str(out)])
    assert r.exit_code == 0
    assert len(lines(out.read_text())) == 3
    (q,) = lines((tmp_path / "run.quotes.jsonl").read_text())
    assert q["speaker"] == "Bulama Kachalla"
    assert len(lines((tmp_path / "run.claims.jsonl").read_text())) == 3


def test_extract_all_kinds_on_stdout(corpus: Path) -> None:
    r = run(["extract", str(corpus), "--what", "all", "--format", "jsonl"])
    kinds = [x["record"] for x in lines(r.stdout)]  # a claim's own "kind" is what it counts (issue 17)
    assert kinds.count("event") == 3 and kinds.count("quote") == 1 and kinds.count("claim") == 3
    assert run(["extract", str(corpus), "--what", "all", "--format", "csv"]).exit_code == 2


def test_extract_quotes_only(corpus: Path) -> None:
    r = run(["extract", str(corpus), "--what", "quotes"])
    assert [x["speaker"] for x in lines(r.stdout)] == ["Bulama Kachalla"]


def test_extract_bad_documents_exit_1_and_others_survive(corpus: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "crash.txt").write_text("Reporters said the PIPELINE-BUG text " + AF, encoding="utf-8")
    r = run(["extract", str(corpus)])
    assert r.exit_code == 1
    assert len(lines(r.stdout)) == 3
    err_lines = [x for x in r.stderr.splitlines() if x.startswith("error:")]
    assert any("empty.txt: empty:" in x for x in err_lines)
    assert any("internal: RuntimeError" in x for x in err_lines)
    assert "Traceback" not in r.output


def test_extract_stdin() -> None:
    data = json.dumps({"id": "cd_goma", "text": "M23 rebels killed 7 people in Goma on 2022-11-29. " + AF}) + "\n"
    r = CliRunner().invoke(cli, ["extract", "-"], input=data, obj={"process": fake_process})
    assert [e["location"]["name"] for e in lines(r.stdout)] == ["Goma", "Kunduz"]


def test_ingest_is_idempotent(corpus: Path, tmp_path: Path) -> None:
    path = str(tmp_path / "i.db")
    r1 = run(["ingest", str(corpus), "--db", path])
    assert r1.exit_code == 0 and "3 new" in r1.stderr and "3 documents, 3 events" in r1.stderr
    calls.clear()
    r2 = run(["ingest", str(corpus), "--db", path])
    assert r2.exit_code == 0 and "0 new, 0 updated, 3 unchanged" in r2.stderr
    assert "3 documents, 3 events (3 reports), 1 quotes, 3 claims" in r2.stderr
    (corpus / "bf_djibo.txt").write_text(BF.replace("15 people", "17 people"), encoding="utf-8")
    r3 = run(["ingest", str(corpus), "--db", path])
    assert "0 new, 1 updated, 2 unchanged" in r3.stderr
    (e,) = lines(run(["events", "--db", path, "--country", "BF"]).stdout)
    assert e["fatalities"]["best"] == 17


def test_ingest_failures_are_stored_and_nothing_lost(corpus: Path, tmp_path: Path) -> None:
    (corpus / "zz_binary.txt").write_bytes(b"\x00\x01" * 50)
    (corpus / "zz_crash.txt").write_text("The PIPELINE-BUG " + NG, encoding="utf-8")
    path = str(tmp_path / "f.db")
    r = run(["ingest", str(corpus), "--db", path])
    assert r.exit_code == 1 and "2 failed" in r.stderr
    assert len(lines(run(["events", "--db", path]).stdout)) == 3
    errs = lines(run(["errors", "--db", path]).stdout)
    assert sorted(e["code"] for e in errs) == ["binary", "internal"]
    again = run(["ingest", str(corpus), "--db", path])
    assert again.exit_code == 1
    assert len(lines(run(["errors", "--db", path]).stdout)) == 2  # the same failures, not new rows


def test_events_filters(db: str) -> None:
    def ids(*args: str, **obj: Any) -> list[str]:
        r = run(["events", "--db", db, "--reports", *args], **obj)
        assert r.exit_code == 0, r.output
        return [e["doc_id"] for e in lines(r.stdout)]

    assert ids() == ["af_kunduz", "ng_borno", "bf_djibo"]  # by date
    assert ids("--since", "2021") == ["ng_borno", "bf_djibo"]
    assert ids("--since", "2021-06", "--until", "2021-06") == ["ng_borno"]
    assert ids("--country", "Burkina Faso") == ["bf_djibo"]
    assert ids("--type", "violence against civilians", "--min-fatalities", "13") == ["bf_djibo"]
    assert ids("--near", "11.8,13.1:50km") == ["ng_borno"]
    assert ids("--near", "Konduga:60km", resolve_place=lambda name: (11.65, 13.42)) == ["ng_borno"]
    assert ids("--bbox", "60,30,70,40") == ["af_kunduz"]
    assert ids("--text", "market") == []  # the fake evidence is the matched phrase only
    assert ids("--text", "15 people") == ["bf_djibo"]
    assert ids("--actor", "gunmen", "--limit", "1", "--order", "-date") == ["bf_djibo"]
    assert ids("--sub-type", "Attack", "--offset", "2") == ["bf_djibo"]


def test_events_bad_filters_are_usage_errors(db: str) -> None:
    assert run(["events", "--db", db, "--near", "Atlantis:10km"], resolve_place=lambda n: None).exit_code == 2
    assert run(["events", "--db", db, "--near", "11,13:far"]).exit_code == 2
    assert run(["events", "--db", db, "--near", "95,13:5km"]).exit_code == 2
    assert run(["events", "--db", db, "--since", "last week"]).exit_code == 2
    assert run(["events", "--db", db, "--bbox", "1,2,3"]).exit_code == 2
    assert run(["events", "--db", db, "--country", "Narnia"]).exit_code == 2
    assert run(["events", "--db", "/nonexistent/x.db"]).exit_code == 2


INJECTIONS = ["'; DROP TABLE events; --", "\" OR 1=1 --", "%", "x') OR ('1'='1"]


@pytest.mark.parametrize("bad", INJECTIONS)
def test_cli_filters_injection_harmless(db: str, bad: str) -> None:
    for opt in ("--actor", "--text", "--type", "--sub-type"):
        r = run(["events", "--db", db, opt, bad])
        # no such type, sub-type or stored actor: a usage error (issue 17); free text: no match
        assert r.exit_code == (0 if opt == "--text" else 2) and r.stdout == ""
    assert run(["quotes", "--db", db, "--speaker", bad, "--doc", bad]).stdout == ""
    assert run(["claims", "--db", db, "--source", bad]).stdout == ""
    assert len(lines(run(["events", "--db", db]).stdout)) == 3


def test_event_command(db: str) -> None:
    (e,) = lines(run(["events", "--db", db, "--reports", "--country", "NG"]).stdout)
    r = run(["event", e["event_id"], "--db", db])
    got = json.loads(r.stdout)
    assert got["event_id"] == e["event_id"] and got["reports"][0]["report_id"] == e["report_id"]
    assert len(lines(run(["event", e["report_id"], "--db", db, "--format", "jsonl"]).stdout)) == 1
    missing = run(["event", "evt_nope", "--db", db])
    assert missing.exit_code == 1 and "no event" in missing.stderr


def test_quotes_claims_documents(db: str) -> None:
    (q,) = lines(run(["quotes", "--db", db, "--speaker", "kachalla"]).stdout)
    assert q["text"] == "We buried them this morning"
    assert lines(run(["quotes", "--db", db, "--doc", "bf_djibo"]).stdout) == []
    cl = lines(run(["claims", "--db", db, "--source", "officials"]).stdout)
    assert sorted(c["value"]["low"] for c in cl) == [4, 12, 15]
    assert len(lines(run(["claims", "--db", db, "--doc", "ng_borno"]).stdout)) == 1
    docs = lines(run(["documents", "--db", db]).stdout)
    assert [d["id"] for d in docs] == ["af_kunduz", "bf_djibo", "ng_borno"]
    assert run(["quotes", "--db", db, "--format", "table"]).stdout.startswith("SPEAKER")
    assert list(csv.DictReader(io.StringIO(run(["claims", "--db", db, "--format", "csv"]).stdout)))


def test_eval_command(tmp_path: Path, corpus: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    run(["extract", str(corpus), "-o", str(pred)])
    gold = {"documents": [{"doc_id": "ng_borno", "published": None, "events": [
        {"event_type": "Violence against civilians", "sub_event_type": ["Attack"], "actor1": ["gunmen"],
         "actor2": None, "location": {"name": "Maiduguri", "country": "NG", "lat": 11.85, "lon": 13.16,
                                      "tolerance_km": 25},
         "date": {"start": "2021-06-01", "end": "2021-06-01"}, "fatalities": {"low": 12, "high": 12},
         "event_key": None, "optional": False, "evidence": "..."}], "quotes": [], "claims": []}]}
    gpath = tmp_path / "gold.json"
    gpath.write_text(json.dumps(gold))
    r = run(["eval", str(gpath), str(pred)])
    assert r.exit_code == 0
    assert r.stdout.splitlines()[-1] == "headline: event_f1=1.000 full_record_f1=1.000"
    assert json.loads(run(["eval", str(gpath), str(pred), "--json"]).stdout)["events"]["tp"] == 1
    pred.write_text("{broken\n")
    bad = run(["eval", str(gpath), str(pred)])
    assert bad.exit_code == 1 and "not JSON" in bad.stderr and "Traceback" not in bad.output


def test_gazetteer_add(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sitroom.geo.gazetteer as gz

    seen: list[str] = []
    monkeypatch.setattr(gz, "add_geonames_dump", lambda p: seen.append(p) or 42, raising=False)
    dump = tmp_path / "NG.txt"
    dump.write_text("2331447\tMaiduguri\tMaiduguri\t\t11.84692\t13.15712\tP\tPPLA\tNG\n")
    r = run(["gazetteer", "add", str(dump)])
    assert r.exit_code == 0 and seen == [str(dump)] and "42" in r.stdout


def test_missing_pipeline_is_one_line_error(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sitroom.cli as c

    def broken() -> Any:
        raise ImportError("No module named 'sitroom.pipeline'")

    monkeypatch.setattr(c, "default_process", broken)
    r = CliRunner().invoke(cli, ["extract", str(corpus)], obj={})
    assert r.exit_code == 1 and "pipeline is not available" in r.stderr and "Traceback" not in r.output


def test_parse_near() -> None:
    assert parse_near("33.3,44.4:10mi", lambda n: None) == pytest.approx((33.3, 44.4, 16.09344))
    assert parse_near("Goma", lambda n: (-1.68, 29.23)) == (-1.68, 29.23, 25.0)
