"""Extraction quality on the real-text sets (../shared/dev, skipped when absent) and our own corpora,
against the floors pinned in tests/quality_floors.json."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import quality  # noqa: E402

FLOORS = json.loads((ROOT / "tests/quality_floors.json").read_text())["floors"]
TARGETS = {t.name: t for t in quality.targets()}


def test_every_floor_names_a_known_set() -> None:
    known = {"acled-dev", "acled-train-1k", "acled-dev-pairs", "seeds", "corpus", "clusters", "heldout", "heldout2",
             "pages", "examples"}
    assert set(FLOORS) <= known
    assert {"acled-dev", "acled-train-1k"} <= set(FLOORS)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_quality_floor(name: str) -> None:
    t = TARGETS.get(name)
    if t is None:
        pytest.skip(f"{name} not present (../shared/dev or ../shared/gold absent)")
    floor = FLOORS[name]
    if t.pairs:  # cross-article links of ACLED notes and their retellings, on a fixed sample
        pr = quality.xdoc_pairs.run(quality.DEV, sample=floor["sample"])
        assert pr["positives"] == floor["sample"]
        for k in ("f1", "precision", "recall", "hard_negative_precision", "negative_precision"):
            assert pr[k] >= floor[k], (k, quality.xdoc_pairs.public(pr))
        return
    res = quality.score(t, progress=False)
    assert res["documents"] > 0
    assert res["events"]["f1"] >= floor["event_f1"], res["events"]
    assert res["full_record"]["f1"] >= floor["full_record_f1"], res["full_record"]
    if "max_misplaced" in floor:
        m = res["misses"]
        assert m["place_too_far"] + m["place_missing"] <= floor["max_misplaced"], m
    if "max_no_report" in floor:
        assert res["misses"]["no_report"] <= floor["max_no_report"], res["misses"]
    if "sub_event_type" in floor:
        assert res["fields"]["sub_event_type"]["accuracy"] >= floor["sub_event_type"], res["fields"]["sub_event_type"]
    for field in ("actor1", "actor2"):  # the scorer's accuracy of the field on matched events
        if field in floor:
            assert res["fields"][field]["accuracy"] >= floor[field], (field, res["fields"][field])
    if "case_wf1" in floor:
        assert res["case"]["weighted_f1"] >= floor["case_wf1"], res["case"]
    geo = res.get("acled") or {}  # geocoding against ACLED's coded points (shares of all gold events)
    if "country_right" in floor:
        assert geo["country_right"] >= floor["country_right"], geo
    if "within_tolerance" in floor:
        assert geo["within_tolerance"] >= floor["within_tolerance"], geo
    if "max_over_1000km" in floor:
        assert geo["over_1000km"] <= floor["max_over_1000km"], geo
    assert abs(sum(res["misses"][c] for c in quality.MISS_CAUSES) - 1.0) < 1e-9


def test_acled_sample_is_fixed() -> None:
    t = TARGETS.get("acled-train-1k")
    if t is None:
        pytest.skip("../shared/dev absent")
    a, b = quality.load_gold(t), quality.load_gold(t)
    ids = [d["doc_id"] for d in a["documents"]]
    assert len(ids) == quality.SAMPLE_SIZE
    assert ids == [d["doc_id"] for d in b["documents"]]


def test_readme_quality_table_leads_with_real_text_and_says_when() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("<!-- quality:start -->"):readme.index("<!-- quality:end -->")]
    assert "Measured 20" in block
    rows = [line for line in block.splitlines() if line.startswith("| ") and not line.startswith("| set")]
    assert rows[0].startswith("| acled-dev | real") and rows[1].startswith("| acled-train-1k | real")
    assert {r.split("|")[1].strip() for r in rows} >= {"seeds", "corpus", "heldout", "heldout2", "examples"}
