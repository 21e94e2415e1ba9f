"""The optional learned typer (sitroom.typer_model): off by default, used when pointed at a model.

Every text here is invented (no ACLED text); the models are trained in a tmp dir and never kept."""
from __future__ import annotations

import csv
import json
import os

import pytest

pytest.importorskip("sklearn")
pytest.importorskip("joblib")

from click.testing import CliRunner  # noqa: E402

from sitroom import typer_model  # noqa: E402
from sitroom.cli import cli  # noqa: E402
from sitroom.pipeline import extract_text  # noqa: E402

TEXT = "Gunmen killed three villagers in Damboa on 3 May 2022."

PROTEST = [TEXT, "Gunmen killed villagers in Damboa.", "Gunmen killed three villagers.",
           "Traders marched peacefully in Kano to demand lower taxes.",
           "Students held a peaceful sit-in outside the ministry in Abuja."]
CLASH = ["Soldiers and rebels exchanged fire near Goma for two hours.",
         "Troops clashed with militants at a checkpoint near Mopti.",
         "Fighters attacked an army base and soldiers fought back near Gao."]
ATTACK = ["Bandits abducted and beat a farmer on his way to market.",  # the rules' type of TEXT: known to the model
          "Unknown assailants stabbed a shopkeeper overnight."]


@pytest.fixture(autouse=True)
def no_model_leaks(monkeypatch):
    """`sitroom --typer-model` sets SITROOM_TYPER_MODEL for the process (its workers read it); in-process
    CLI tests must not leave it set for the tests that follow."""
    monkeypatch.delenv(typer_model.ENV, raising=False)
    yield
    os.environ.pop(typer_model.ENV, None)  # delenv of an absent name records nothing to undo
    typer_model._load_cached.cache_clear()


@pytest.fixture()
def model_path(tmp_path):
    path = tmp_path / "typer.joblib"
    # the invented data are labelled so that TEXT reads as a protest: the model must overrule the rules
    texts = PROTEST + CLASH + ATTACK
    labels = ["Peaceful protest"] * len(PROTEST) + ["Armed clash"] * len(CLASH) + ["Attack"] * len(ATTACK)
    info = typer_model.train(texts, labels, path, threshold=0.0, min_support=1)
    assert path.exists() and info["threshold"] == 0.0
    return path


def test_predict(model_path):
    m = typer_model.load(model_path)
    sub, p = m.predict(TEXT)
    assert sub == "Peaceful protest" and 0.5 < p <= 1.0


def test_pipeline_ignores_model_unless_pointed_at(model_path, monkeypatch):
    monkeypatch.delenv(typer_model.ENV, raising=False)
    assert typer_model.active() is None and typer_model.predict(TEXT) is None
    (ev, *_) = extract_text(TEXT).events
    assert ev.sub_event_type != "Peaceful protest"
    assert not (ev.type_reason or "").startswith("model:")


def test_pipeline_uses_model(model_path, monkeypatch):
    monkeypatch.setenv(typer_model.ENV, str(model_path))
    (ev, *_) = extract_text(TEXT).events
    assert ev.sub_event_type == "Peaceful protest" and ev.event_type == "Protests"
    assert ev.type_reason.startswith("model:p=")


def test_long_documents_keep_the_rules_type(model_path, monkeypatch):
    monkeypatch.setenv(typer_model.ENV, str(model_path))
    long_text = TEXT + " " + " ".join(["The market stayed closed for the rest of the week."] * 20)
    assert len(long_text) > typer_model.BRIEF_CHARS
    assert all(not (e.type_reason or "").startswith("model:") for e in extract_text(long_text).events)


def test_cli_train_typer_from_csv_and_extract(tmp_path, monkeypatch):
    monkeypatch.delenv(typer_model.ENV, raising=False)
    export = tmp_path / "my-acled.csv"
    with export.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["event_id_cnty", "event_type", "sub_event_type", "notes"])
        for i, t in enumerate(PROTEST):
            w.writerow([f"X{i}", "Protests", "Peaceful protest", t])
        for i, t in enumerate(CLASH):
            w.writerow([f"Y{i}", "Battles", "Armed clash", t])
        for i, t in enumerate(ATTACK):
            w.writerow([f"Z{i}", "Violence against civilians", "Attack", t])
    out = tmp_path / "m.joblib"
    r = CliRunner().invoke(cli, ["train-typer", "--acled", str(export), "-o", str(out), "--threshold", "0",
                                 "--min-support", "1"], obj={})
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["n"] == len(PROTEST) + len(CLASH) + len(ATTACK) and out.exists()
    doc = tmp_path / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    r = CliRunner().invoke(cli, ["--typer-model", str(out), "extract", str(doc), "-q", "-f", "jsonl"], obj={})
    assert r.exit_code == 0, r.output
    ev = json.loads(r.stdout.splitlines()[0])
    assert ev["sub_event_type"] == "Peaceful protest" and ev["type_reason"].startswith("model:p=")


def test_model_has_no_say_on_types_it_rarely_saw(tmp_path, monkeypatch):
    path = tmp_path / "strict.joblib"
    typer_model.train(PROTEST + CLASH + ATTACK, ["Peaceful protest"] * len(PROTEST) + ["Armed clash"] * len(CLASH)
                      + ["Attack"] * len(ATTACK), path, threshold=0.0, min_support=50)
    monkeypatch.setenv(typer_model.ENV, str(path))
    assert all(not (e.type_reason or "").startswith("model:") for e in extract_text(TEXT).events)


def test_read_acled_jsonl_with_gold(tmp_path):
    (tmp_path / "x.jsonl").write_text(json.dumps({"id": "A1", "text": "Invented note."}) + "\n", encoding="utf-8")
    (tmp_path / "x.gold.json").write_text(json.dumps({"documents": [
        {"doc_id": "A1", "events": [{"sub_event_type": ["Grenade"]}]}]}), encoding="utf-8")
    assert typer_model.read_acled(tmp_path / "x.jsonl") == (["Invented note."], ["Grenade"])


def test_csv_without_columns_is_refused(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["train-typer", "--acled", str(bad), "-o", str(tmp_path / "m.joblib")], obj={})
    assert r.exit_code != 0 and "notes" in r.output
