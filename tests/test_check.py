"""``sitroom check``: a sound store has no problems; each kind of damage done on purpose is reported."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.check import Problem, check_store
from sitroom.cli import cli
from sitroom.records import (
    Claim,
    Document,
    DocumentResult,
    EventReport,
    Fatalities,
    PublishedDate,
    Quote,
    ResolvedDate,
    ResolvedPlace,
    Span,
)
from sitroom.store import Store

TEXTS = {
    "mm_wire": ("Myanmar military jets bombed a village in Sagaing region on Tuesday, killing at least 17 people, "
                "residents said. \"They came twice,\" a farmer said."),
    "cd_report": ("M23 rebels clashed with Congolese troops near Rutshuru on Sunday. Four soldiers were killed, "
                  "an army spokesman said, putting the number of displaced at 2,000."),
}


def _result(doc_id: str) -> DocumentResult:
    text = TEXTS[doc_id]
    first = text[:text.index(".") + 1]
    ev = EventReport(
        event_id=f"evt_{doc_id}", doc_id=doc_id, event_type="Battles", sub_event_type="Armed clash",
        actor1="Military Forces of Myanmar", actor1_mention="military", actor2=None, actor2_mention=None,
        date=ResolvedDate("2023-04-11", "2023-04-11", "day", "on Tuesday", "published"),
        location=ResolvedPlace("Sagaing", "MM", None, 22.0, 95.9, "admin1", "Sagaing", 10, 17),
        fatalities=Fatalities(17, 17, 17, "at least 17"), evidence=(Span(0, len(first), first),),
        trigger=Span(text.index("bombed") if "bombed" in text else 0, (text.index("bombed") + 6) if "bombed" in text
                     else 3, "bombed" if "bombed" in text else text[:3]))
    q0 = text.find("\"")
    quotes = (Quote(doc_id, "farmer", "a farmer", None, "They came twice,", True, q0 + 1, q0 + 17),) if q0 >= 0 else ()
    claim = Claim(doc_id, "killed", 17, 17, "people", "residents", first, 0, len(first), event_id=f"evt_{doc_id}")
    return DocumentResult(Document(doc_id, text, PublishedDate("2023-04-12", "published")), (ev,), quotes, (claim,))


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    with Store(path) as st:
        for doc_id in TEXTS:
            st.add_result(_result(doc_id))
    return path


def corrupt(db: Path, *sql: str) -> None:
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys=OFF")  # damage the way a bug or a hand edit would
    for s in sql:
        con.execute(s)
    con.commit()
    con.close()


def codes(problems: list[Problem]) -> set[str]:
    return {p.code for p in problems}


def test_sound_store_has_no_problems(db: Path) -> None:
    assert check_store(db) == []
    with Store(db) as st:
        assert check_store(st) == []
    res = CliRunner().invoke(cli, ["check", "--db", str(db)])
    assert res.exit_code == 0 and "ok" in res.output


CASES: list[tuple[str, tuple[str, ...], str]] = [
    ("evidence offsets past the text",
     ("UPDATE events SET evidence_json='[{\"start\": 5, \"end\": 9999, \"text\": \"x\"}]' WHERE doc_id='mm_wire'",),
     "span_outside"),
    ("evidence text differs from the document at its offsets",
     ("UPDATE events SET evidence_json='[{\"start\": 0, \"end\": 7, \"text\": \"Burundi\"}]' WHERE doc_id='mm_wire'",),
     "span_text"),
    ("trigger outside the text",
     ("UPDATE events SET trigger_json='{\"start\": -4, \"end\": 2, \"text\": \"xx\"}' WHERE doc_id='cd_report'",),
     "span_outside"),
    ("an event without evidence", ("UPDATE events SET evidence_json='[]' WHERE doc_id='mm_wire'",), "no_evidence"),
    ("broken JSON", ("UPDATE events SET location_json='{not json' WHERE doc_id='mm_wire'",), "bad_json"),
    ("a report whose document is gone", ("DELETE FROM documents WHERE id='cd_report'",), "orphan"),
    ("a quote past its document",
     ("UPDATE quotes SET \"end\"=100000 WHERE doc_id='mm_wire'",), "span_outside"),
    ("a claim with a negative offset", ("UPDATE claims SET start=-1 WHERE doc_id='cd_report'",), "span_outside"),
    ("a claim naming an event that does not exist",
     ("UPDATE claims SET event_id='evt_nowhere' WHERE doc_id='mm_wire'",), "claim_event"),
    ("a report with no event id", ("UPDATE events SET event_id='' WHERE doc_id='mm_wire'",), "no_event_id"),
    ("a half-written document (gap in seq)", ("UPDATE events SET seq=3 WHERE doc_id='mm_wire'",), "seq_gap"),
    ("text changed behind the hash", ("UPDATE documents SET text=text || ' More.' WHERE id='mm_wire'",), "hash"),
    ("schema version from elsewhere", ("UPDATE meta SET value='99' WHERE key='schema_version'",), "schema"),
    ("an index that disagrees with its table",
     ("PRAGMA writable_schema=ON",
      "UPDATE sqlite_schema SET sql='CREATE INDEX events_doc ON events(event_type, seq)' WHERE name='events_doc'",
      "PRAGMA writable_schema=OFF"), "integrity"),
]


@pytest.mark.parametrize("what,sql,code", CASES, ids=[c[0] for c in CASES])
def test_each_damage_is_reported(db: Path, what: str, sql: tuple[str, ...], code: str) -> None:
    corrupt(db, *sql)
    problems = check_store(db)
    assert code in codes(problems), (what, [str(p) for p in problems])
    res = CliRunner().invoke(cli, ["check", "--db", str(db)])
    assert res.exit_code == 1
    lines = [ln for ln in res.output.splitlines() if ln.startswith(code + ": ")]
    assert lines, res.output  # one line per problem, starting with its code


def test_counts_that_disagree_are_reported(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Store.counts

    def off_by_one(self: Store) -> dict[str, int]:
        return {**real(self), "claims": real(self)["claims"] + 1}

    monkeypatch.setattr(Store, "counts", off_by_one)
    problems = check_store(db)
    assert [(p.code, p.where) for p in problems] == [("counts", "claims")]


def test_problem_lines_are_one_line_each(db: Path) -> None:
    corrupt(db, "UPDATE events SET evidence_json='[{\"start\": 0, \"end\": 4, \"text\": \"a\\nb\"}]'")
    problems = check_store(db)
    assert problems and all("\n" not in str(p) for p in problems)


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    assert codes(check_store(tmp_path / "none.db")) == {"missing"}
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    assert codes(check_store(junk)) == {"unreadable"}


def test_check_never_writes(db: Path) -> None:
    corrupt(db, "DELETE FROM documents WHERE id='cd_report'")
    before = db.read_bytes()
    check_store(db)
    assert db.read_bytes() == before

