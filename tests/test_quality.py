"""Extraction quality against our own gold corpora (and the shared seeds when present), with pinned floors."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import quality  # noqa: E402

FLOORS = json.loads((ROOT / "tests/quality_floors.json").read_text())["floors"]
TEXTS = {
    "tests/corpus/gold.json": [ROOT / "tests/corpus"],
    "examples/corpus.gold.json": [ROOT / "examples/corpus"],
    "tests/clusters/gold.json": [ROOT / "tests/clusters"],
    "tests/heldout/gold.json": [ROOT / "tests/heldout"],
    "tests/heldout2/gold.json": [ROOT / "tests/heldout2"],
    "../shared/gold/seeds.gold.json": [ROOT.parent / "shared/seeds"],
}


@pytest.mark.parametrize("gold", sorted(FLOORS))
def test_quality_floor(gold: str) -> None:
    path = (ROOT / gold).resolve()
    if not path.exists():
        pytest.skip(f"{gold} not present")
    res = quality.run(path, TEXTS[gold])
    floor = FLOORS[gold]
    assert res["documents"] > 0
    assert res["events"]["f1"] >= floor["event_f1"], res["events"]
    assert res["full_record"]["f1"] >= floor["full_record_f1"], res["full_record"]
