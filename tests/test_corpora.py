"""Well-formedness of sitroom's own corpora and their gold annotations.

Checks the golden test corpus (tests/corpus), the cross-document clusters
(tests/clusters), the quick-start example corpus (examples/corpus) and the
synthetic corpus generator (bench/make_corpus.py). Standard library only.
"""
from __future__ import annotations

import importlib.util
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

TAXONOMY: dict[str, set[str]] = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}

# (gold file, folder holding the documents as .txt files and/or .jsonl lines)
CORPORA = [
    (ROOT / "tests" / "corpus" / "gold.json", ROOT / "tests" / "corpus"),
    (ROOT / "tests" / "clusters" / "gold.json", ROOT / "tests" / "clusters"),
    (ROOT / "examples" / "corpus.gold.json", ROOT / "examples" / "corpus"),
]
IDS = ["test-corpus", "clusters", "examples"]
DATE_LINE = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})")
WORD = re.compile(r"[a-z0-9]+")


def load_docs(folder: Path) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.txt")):
        docs[path.stem] = {"id": path.stem, "text": path.read_text(encoding="utf-8")}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                assert rec["id"] not in docs, f"duplicate document id {rec['id']}"
                docs[rec["id"]] = rec
    return docs


def load_gold(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def iso(s: str) -> date:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", s), s
    return date.fromisoformat(s)


def check_aliases(value: Any, what: str) -> None:
    assert isinstance(value, list) and value, f"{what}: non-empty list of aliases expected"
    assert all(isinstance(a, str) and a.strip() for a in value), what


def check_event(doc_id: str, text: str, ev: dict[str, Any]) -> None:
    where = f"{doc_id}/{ev.get('event_key')}"
    assert ev["event_type"] in TAXONOMY, where
    subs = ev["sub_event_type"]
    assert isinstance(subs, list) and subs, where
    for s in subs:
        assert s in TAXONOMY[ev["event_type"]], f"{where}: {ev['event_type']} / {s}"
    check_aliases(ev["actor1"], f"{where} actor1")
    if ev.get("actor2") is not None:
        check_aliases(ev["actor2"], f"{where} actor2")
    assert ev["evidence"] and ev["evidence"] in text, f"{where}: evidence not in text"
    loc = ev.get("location")
    if loc is not None:
        assert len(loc["country"]) == 2 and loc["country"].isupper(), where
        if loc.get("scope") != "country":
            assert -90 <= loc["lat"] <= 90 and -180 <= loc["lon"] <= 180, where
            assert 0 < loc.get("tolerance_km", 25) <= 400, where
    dt = ev.get("date")
    if dt is not None:
        assert iso(dt["start"]) <= iso(dt["end"]), where
    fat = ev.get("fatalities")
    if fat is not None:
        assert isinstance(fat["low"], int) and fat["low"] >= 0, where
        assert fat["high"] is None or fat["high"] >= fat["low"], where
    assert isinstance(ev.get("optional", False), bool), where
    assert ev["event_key"], where


@pytest.mark.parametrize("gold_path,folder", CORPORA, ids=IDS)
def test_gold_matches_documents(gold_path: Path, folder: Path) -> None:
    gold = load_gold(gold_path)
    docs = load_docs(folder)
    gold_ids = [d["doc_id"] for d in gold["documents"]]
    assert len(gold_ids) == len(set(gold_ids)), "duplicate doc_id in gold"
    assert set(gold_ids) == set(docs), "gold and documents differ"
    for gd in gold["documents"]:
        doc = docs[gd["doc_id"]]
        text = doc["text"]
        assert gd["events"], f"{gd['doc_id']}: no events"
        for ev in gd["events"]:
            check_event(gd["doc_id"], text, ev)


@pytest.mark.parametrize("gold_path,folder", CORPORA, ids=IDS)
def test_published_dates_agree(gold_path: Path, folder: Path) -> None:
    docs = load_docs(folder)
    for gd in load_gold(gold_path)["documents"]:
        doc = docs[gd["doc_id"]]
        pub = gd["published"]
        if pub is None:
            est = gd["published_estimate"]
            assert iso(est["start"]) <= iso(est["end"])
            assert "published" not in doc and not DATE_LINE.match(doc["text"])
            continue
        iso(pub)
        if doc.get("published"):
            assert doc["published"][:10] == pub, gd["doc_id"]
        m = DATE_LINE.match(doc["text"])
        if m:
            assert m.group(1) == pub, gd["doc_id"]


@pytest.mark.parametrize("gold_path,folder", CORPORA, ids=IDS)
def test_quotes_and_claims_well_formed(gold_path: Path, folder: Path) -> None:
    docs = load_docs(folder)
    for gd in load_gold(gold_path)["documents"]:
        words = set(WORD.findall(docs[gd["doc_id"]]["text"].lower()))
        for q in gd.get("quotes", []):
            check_aliases(q["speaker"], f"{gd['doc_id']} quote speaker")
            qwords = set(WORD.findall(q["text"].lower()))
            assert qwords and qwords <= words, f"{gd['doc_id']}: quote words not in text: {qwords - words}"
        for c in gd.get("claims", []):
            v = c["value"]
            assert isinstance(v["low"], (int, float)), gd["doc_id"]
            assert v["high"] is None or v["high"] >= v["low"], gd["doc_id"]
            assert c["source"] is None or (isinstance(c["source"], list) and c["source"])
            assert c["subject"]


def test_event_keys_consistent_across_documents() -> None:
    """A shared event_key names one real event: same type family, overlapping dates, nearby place."""
    for gold_path, _ in CORPORA:
        seen: dict[str, dict[str, Any]] = {}
        for gd in load_gold(gold_path)["documents"]:
            for ev in gd["events"]:
                first = seen.setdefault(ev["event_key"], ev)
                if first is ev:
                    continue
                if first.get("date") and ev.get("date"):
                    a, b = first["date"], ev["date"]
                    assert iso(a["start"]) <= iso(b["end"]) and iso(b["start"]) <= iso(a["end"]), ev["event_key"]
                la, lb = first.get("location") or {}, ev.get("location") or {}
                assert la.get("country") == lb.get("country"), ev["event_key"]


def test_clusters_share_keys_across_outlets() -> None:
    gold = load_gold(ROOT / "tests" / "clusters" / "gold.json")
    docs_per_key: dict[str, set[str]] = {}
    for gd in gold["documents"]:
        for ev in gd["events"]:
            docs_per_key.setdefault(ev["event_key"], set()).add(gd["doc_id"])
    multi = [k for k, v in docs_per_key.items() if len(v) >= 3]
    assert len(multi) >= 6


def test_corpus_covers_every_event_type() -> None:
    types: set[str] = set()
    subs: set[tuple[str, str]] = set()
    for gold_path, _ in CORPORA:
        for gd in load_gold(gold_path)["documents"]:
            for ev in gd["events"]:
                types.add(ev["event_type"])
                subs.add((ev["event_type"], ev["sub_event_type"][0]))
    assert types == set(TAXONOMY)
    assert len(subs) >= 20


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_generator_is_deterministic() -> None:
    gen = _generator()
    a = list(gen.generate(6, seed=7))
    b = list(gen.generate(6, seed=7))
    c = list(gen.generate(6, seed=8))
    assert a == b
    assert a != c
    assert len({d["id"] for d in a}) == 6
    for d in a:
        iso(d["published"])
        assert 300 <= len(d["text"].split()) <= 800, len(d["text"].split())


def test_generator_writes_jsonl(tmp_path: Path) -> None:
    gen = _generator()
    out = tmp_path / "synth.jsonl"
    gen.main(["--n", "3", "--seed", "1", "--out", str(out)])
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [d["id"] for d in gen.generate(3, seed=1)]
