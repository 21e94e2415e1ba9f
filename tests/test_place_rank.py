"""The place ranker: weights as data, the trace used by the benchmark trainer, the trainer's fit."""
from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from bench.external.geo_train import fit
from sitroom.geo import rank as place_rank
from sitroom.geo.gazetteer import get_gazetteer
from sitroom.geo.places import find_places


def test_packaged_weights_name_every_feature_and_say_where_they_came_from() -> None:
    data = json.loads(resources.files("sitroom").joinpath("data", "place_ranker.json").read_text("utf-8"))
    assert set(data["weights"]) == set(place_rank.FEATURES)
    assert data["source"] and isinstance(data["version"], int)
    r = place_rank.get_ranker()
    assert r.weight("link") == data["weights"]["link"]


def test_weights_missing_or_unknown_features_are_refused() -> None:
    w = {f: 0.0 for f in place_rank.FEATURES}
    with pytest.raises(ValueError, match="lack"):
        place_rank.ranker_from_dict({"version": 1, "weights": {k: v for k, v in w.items() if k != "near"}})
    with pytest.raises(ValueError, match="unknown"):
        place_rank.ranker_from_dict({"version": 1, "weights": {**w, "colour": 1.0}})


def test_score_is_the_dot_product() -> None:
    r = place_rank.Ranker(tuple(float(i) for i in range(len(place_rank.FEATURES))), "test", 1)
    row = [1.0] * len(place_rank.FEATURES)
    assert r.score(row) == sum(range(len(place_rank.FEATURES)))


def test_trace_records_the_final_pass_and_use_swaps_the_weights() -> None:
    gaz = get_gazetteer()
    text = "Shelling hit Tripoli and Benghazi overnight."
    ents = [(text.index(n), text.index(n) + len(n), "GPE") for n in ("Tripoli", "Benghazi")]
    with place_rank.trace() as rows:
        out = find_places(text, ents, gazetteer=gaz)
    assert [r.text for r in rows] == ["Tripoli", "Benghazi"]
    assert all(len(r.rows) == len(r.cands) and len(r.rows[0]) == len(place_rank.FEATURES) for r in rows)
    assert {p.country for p in out} == {"LY"}
    # use() swaps the weights inside the block only
    w = [0.0] * len(place_rank.FEATURES)
    w[place_rank.FEATURES.index("prior")] = 0.001
    tiny = place_rank.Ranker(tuple(w), "test", 1)
    assert place_rank.get_ranker() is not tiny
    with place_rank.use(tiny):
        assert place_rank.get_ranker() is tiny
    assert place_rank.get_ranker() is not tiny


def test_fit_learns_the_feature_that_picks_the_positive() -> None:
    rng = np.random.default_rng(0)
    nf = len(place_rank.FEATURES)
    probs = []
    for _ in range(200):
        x = rng.normal(size=(4, nf))
        pos = np.zeros(4, dtype=bool)
        pos[int(np.argmax(x[:, 3]))] = True  # feature 3 decides
        probs.append((x, pos))
    w0 = np.zeros(nf)
    w = fit(probs, w0, l2=0.0, steps=300)
    assert w[3] > 1.0 and w[3] > 3 * np.abs(np.delete(w, 3)).max()
    frozen = np.zeros(nf, dtype=bool)
    frozen[3] = True
    assert fit(probs, w0, l2=0.0, steps=50, frozen=frozen)[3] == 0.0
