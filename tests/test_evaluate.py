"""evaluate: same numbers as the reference scorer (../shared/eval/score.py) on synthetic files."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.evaluate import evaluate, fatal_ok, format_report, norm

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score.py"


def reference() -> ModuleType:
    if not REFERENCE.exists():
        pytest.skip("reference scorer ../shared/eval/score.py not present")
    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def ref_result(gold: dict[str, Any], preds: list[dict[str, Any]], quotes: list[dict[str, Any]] | None = None,
               claims: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    ref = reference()
    res = ref.score(gold, preds)
    if quotes is not None:
        (qp, qr, qf), spk, n = ref.score_quotes(gold["documents"], quotes)
        res["quotes"] = {"precision": qp, "recall": qr, "f1": qf, "speaker_accuracy": spk, "tp": n}
    if claims is not None:
        (cp, cr, cf), src, n = ref.score_claims(gold["documents"], claims)
        res["claims"] = {"precision": cp, "recall": cr, "f1": cf, "source_accuracy": src, "tp": n}
    return res


def ours(gold: dict[str, Any], preds: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    res = evaluate(gold, preds, **kw)
    res.pop("field_prf")
    return res


def gevent(etype: str, sub: list[str], actor1: list[str], loc: dict[str, Any] | None, date: dict[str, str] | None,
           dead: dict[str, Any] | None = None, key: str | None = None, optional: bool = False,
           actor2: list[str] | None = None) -> dict[str, Any]:
    return {"event_type": etype, "sub_event_type": sub, "actor1": actor1, "actor2": actor2, "location": loc,
            "date": date, "fatalities": dead, "event_key": key, "optional": optional, "evidence": "..."}


def pevent(doc: str, etype: str, sub: str, actor1: str | None, lat: float | None, lon: float | None,
           country: str | None, start: str | None, end: str | None = None, dead: tuple[Any, Any, Any] | None = None,
           event_id: str = "e", actor2: str | None = None) -> dict[str, Any]:
    return {"doc_id": doc, "event_id": event_id, "event_type": etype, "sub_event_type": sub,
            "actor1": actor1, "actor1_mention": None, "actor2": actor2, "actor2_mention": None,
            "location": {"name": "x", "country": country, "lat": lat, "lon": lon},
            "date": {"start": start, "end": end or start} if start else None,
            "fatalities": None if dead is None else dict(zip(("low", "best", "high"), dead))}


KANDAHAR = {"name": "Kandahar", "country": "AF", "lat": 31.61, "lon": 65.71, "tolerance_km": 25}
ALEPPO = {"name": "Aleppo", "country": "SY", "lat": 36.20, "lon": 37.16, "tolerance_km": 40}
YEMEN = {"name": "Yemen", "country": "YE", "scope": "country"}

GOLD = {"documents": [
    {"doc_id": "af1", "published": "2020-05-02", "events": [
        gevent("Explosions/Remote violence", ["Suicide bomb"], ["Taliban", "the Taliban"], KANDAHAR,
               {"start": "2020-05-01", "end": "2020-05-01"}, {"low": 9, "high": 9}, key="k1"),
        gevent("Battles", ["Armed clash"], ["Military Forces of Afghanistan"], KANDAHAR,
               {"start": "2020-04-01", "end": "2020-04-30"}, None, actor2=["Taliban"]),
        gevent("Battles", ["Armed clash"], ["Taliban"], None, None, optional=True),
    ], "quotes": [{"speaker": ["Zabihullah Mujahid"], "text": "We did not carry out this attack in the city"}],
     "claims": [{"value": {"low": 9, "high": 9}, "source": ["police"], "subject": "killed"}]},
    {"doc_id": "sy1", "published": "2016-12-10", "events": [
        gevent("Explosions/Remote violence", ["Air/drone strike"], ["Military Forces of Russia"], ALEPPO,
               {"start": "2016-12-08", "end": "2016-12-09"}, {"low": 30, "high": None}, key="k2"),
    ], "quotes": [], "claims": [{"value": {"low": 250000, "high": 250000}, "source": None, "subject": "trapped"}]},
    {"doc_id": "ye1", "published": "2018-06-14", "events": [
        gevent("Battles", ["Armed clash", "Government regains territory"], ["Houthis", "Ansar Allah"], YEMEN,
               {"start": "2018-06-13", "end": "2018-06-13"}, {"low": 12, "high": 15}, key="k1"),
        gevent("Explosions/Remote violence", ["Air/drone strike"], ["Saudi-led coalition"], YEMEN, None,
               key="k2"),
    ]},
]}

PREDS = [
    pevent("af1", "Explosions/Remote violence", "Suicide bomb", "The Taliban", 31.62, 65.70, "AF", "2020-05-01",
           dead=(9, 9, 9), event_id="A"),
    pevent("af1", "Battles", "Armed clash", "Military Forces of Afghanistan (2004-2021)", 31.5, 65.8, "AF",
           "2020-04-10", dead=None, event_id="B", actor2="Taliban"),
    pevent("af1", "Battles", "Armed clash", "Taliban", 34.5, 69.2, "AF", None, event_id="C"),  # optional match
    pevent("af1", "Protests", "Peaceful protest", None, 31.6, 65.7, "AF", "2019-01-01", event_id="D"),  # FP
    pevent("sy1", "Explosions/Remote violence", "Shelling/artillery/missile attack", "Russia", 36.3, 37.1, "SY",
           "2016-12-09", dead=(25, 30, 35), event_id="E"),
    pevent("ye1", "Battles", "Government regains territory", "Ansar Allah", 15.35, 44.2, "YE", "2018-06-13",
           dead=(13, 13, 14), event_id="A"),
    pevent("ye1", "Explosions/Remote violence", "Air/drone strike", "Saudi-led coalition", None, None, "YE",
           "2018-06-11", event_id="E"),
    pevent("zz9", "Battles", "Armed clash", "x", 0, 0, "XX", "2020-01-01"),  # unknown document
]
QUOTES = [{"doc_id": "af1", "speaker": "Taliban spokesman", "speaker_mention": "Zabihullah Mujahid",
           "text": "We did not carry out this attack in this city"},
          {"doc_id": "af1", "speaker": "x", "text": "Something else entirely"}]
CLAIMS = [{"doc_id": "af1", "value": {"low": 9, "high": 9}, "source": "Police"},
          {"doc_id": "sy1", "value": {"low": 250000, "high": None}, "source": "UN"},
          {"doc_id": "sy1", "value": {"low": 5, "high": 5}, "source": None}]


def test_matches_reference_on_synthetic_files(tmp_path: Path) -> None:
    (tmp_path / "gold.json").write_text(json.dumps(GOLD))
    got = ours(GOLD, PREDS, quotes=QUOTES, claims=CLAIMS)
    want = ref_result(GOLD, PREDS, quotes=QUOTES, claims=CLAIMS)
    assert got == want
    assert got["events"]["tp"] == 5 and got["reports_for_unknown_documents"] == 1
    assert got["cross_document"] is not None


@pytest.mark.parametrize("drop", [0, 1, 3, 5])
def test_matches_reference_on_subsets(drop: int) -> None:
    preds = PREDS[drop:]
    assert ours(GOLD, preds) == ref_result(GOLD, preds)


def test_empty_predictions() -> None:
    res = ours(GOLD, [], quotes=[], claims=[])
    assert res == ref_result(GOLD, [], quotes=[], claims=[])
    assert res["events"]["f1"] == 0.0


ETYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians"]
SUBS = ["Armed clash", "Air/drone strike", "Attack", "Suicide bomb"]
DAYS = ["2020-05-01", "2020-05-02", "2020-04-15", None]


@st.composite
def random_pred(draw: st.DrawFn) -> dict[str, Any]:
    dead = draw(st.one_of(st.none(), st.tuples(st.sampled_from([None, 8, 9, 12]), st.sampled_from([None, 9, 13]),
                                               st.sampled_from([None, 9, 14, 30]))))
    return pevent(draw(st.sampled_from(["af1", "sy1", "ye1"])), draw(st.sampled_from(ETYPES)),
                  draw(st.sampled_from(SUBS)), draw(st.sampled_from(["Taliban", "Houthis", None, "Russia"])),
                  draw(st.sampled_from([31.61, 31.9, 36.2, 15.3])), draw(st.sampled_from([65.71, 37.16, 44.2])),
                  draw(st.sampled_from(["AF", "SY", "YE"])), draw(st.sampled_from(DAYS)), dead=dead,
                  event_id=draw(st.sampled_from(["A", "B", "C"])))


@settings(max_examples=30, deadline=None)
@given(st.lists(random_pred(), max_size=8))
def test_matches_reference_on_random_predictions(preds: list[dict[str, Any]]) -> None:
    assert ours(GOLD, preds) == ref_result(GOLD, preds)


def test_fatalities_rule() -> None:
    assert fatal_ok({"low": 18, "best": 18, "high": 22}, {"low": 20, "high": 20})
    assert not fatal_ok({"low": 10, "best": 10, "high": 30}, {"low": 20, "high": 20})
    assert fatal_ok({"low": None, "best": None, "high": None}, {"low": None, "high": None})
    assert norm("The Islamic State (ISIS)") == "islamic state"


def test_report_has_field_table_and_headline() -> None:
    res = evaluate(GOLD, PREDS, quotes=QUOTES, claims=CLAIMS)
    text = format_report(res)
    assert text.splitlines()[-1].startswith("headline: event_f1=")
    assert "event_type" in text and "quotes" in text and "claims" in text
    fp = res["field_prf"]["event_type"]
    assert 0 <= fp["precision"] <= 1 and fp["gold"] == res["events"]["gold"]
    assert res["field_prf"]["fatalities"]["predicted"] == 3  # reports stating a count, unknown docs left out
    assert res["field_prf"]["fatalities"]["gold"] == 3
