"""Metric implementations and data readers of bench/external (synthetic data only; no spaCy)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.external import geo, muc4, wikievents  # noqa: E402
from bench.external.common import PRF, normalise  # noqa: E402

# ---------------------------------------------------------------- common


def test_normalise_strips_case_articles_and_punctuation() -> None:
    assert normalise("  The  FARC  Rebels. ") == "farc rebels"
    assert normalise('"an explosive device"') == "explosive device"
    assert normalise("theatre") == "theatre"


def test_prf_counts() -> None:
    s = PRF(2, 4, 2, 5).add(PRF(1, 1, 1, 1))
    assert (s.tp_p, s.n_pred, s.n_gold) == (3, 5, 6)
    assert s.p == pytest.approx(0.6) and s.r == pytest.approx(0.5)
    assert s.f1 == pytest.approx(2 * 0.6 * 0.5 / 1.1)
    assert PRF().f1 == 0.0


# ---------------------------------------------------------------- geoparsing

LGL_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="1"><text>Gunmen raided a bar in Culiacan, Sinaloa on Friday.</text>
<toponyms><toponym><start>23</start><end>31</end><phrase>Culiacan</phrase>
<gaztag geonameid="4014875"><name>Culiacan</name><lat>24.79</lat><lon>-107.39</lon></gaztag></toponym>
<toponym><start>33</start><end>40</end><phrase>Sinaloa</phrase></toponym></toponyms></article></articles>"""

GWN_XML = """<?xml version="1.0" ?>
<articles><article file="0"><title>t</title><text>Troops left Goma for the hills near the lake.</text>
<toponyms><toponym><extractedName>Goma</extractedName><type>Literal</type><start>12</start><end>16</end>
<geonamesID>217831</geonamesID><latitude>-1.68</latitude><longitude>29.22</longitude></toponym>
<toponym><extractedName>the hills</extractedName><type>Literal_Expression</type><start>21</start><end>30</end>
</toponym></toponyms></article></articles>"""


def test_read_lgl(tmp_path: Path) -> None:
    p = tmp_path / "lgl.xml"
    p.write_text(LGL_XML, encoding="utf-8")
    (a,) = geo.read_lgl(p)
    assert [g.phrase for g in a.golds] == ["Culiacan", "Sinaloa"]
    assert a.text[a.golds[0].start:a.golds[0].end] == "Culiacan"
    assert a.golds[0].geonameid == 4014875 and a.golds[0].lat == pytest.approx(24.79)
    assert a.golds[1].lat is None and a.golds[1].geonameid is None


def test_read_gwn_drops_location_expressions(tmp_path: Path) -> None:
    p = tmp_path / "gwn.xml"
    p.write_text(GWN_XML, encoding="utf-8")
    (a,) = geo.read_gwn(p)
    assert [(g.phrase, g.kind, g.geonameid) for g in a.golds] == [("Goma", "Literal", 217831)]


def test_haversine_known_distances() -> None:
    assert geo.haversine_km(0, 0, 0, 0) == 0
    # one degree of latitude is about 111.2 km
    assert geo.haversine_km(10, 20, 11, 20) == pytest.approx(111.2, abs=0.2)
    # Kabul to Kandahar, about 460 km
    assert geo.haversine_km(34.53, 69.17, 31.61, 65.71) == pytest.approx(450, abs=25)
    assert geo.haversine_km(0, 0, 0, 180) == pytest.approx(geo.MISS_KM, rel=0.01)


def test_errors_misses_and_ids() -> None:
    golds = [geo.Gold(0, 4, "Goma", -1.68, 29.22, 217831), geo.Gold(10, 15, "Bukavu", -2.5, 28.86, 217562),
             geo.Gold(20, 25, "Lake", None, None)]
    preds = [(0, 4, -1.68, 29.22, 217831), (11, 15, -2.5, 29.86, 999)]
    m = geo.match_overlap(golds, preds)
    assert set(m) == {0, 1}
    errs, ids = geo.errors(golds, m)
    assert errs[0] == 0 and 100 < errs[1] < 120 and len(errs) == 2
    assert ids == [True, False]
    errs2, _ = geo.errors(golds, {})
    assert errs2 == [geo.MISS_KM, geo.MISS_KM]
    s = geo.summarise([0.0, 100.0, 200.0, geo.MISS_KM])
    assert s["acc161"] == 0.5 and s["median_km"] == 150.0 and 0 < s["auc"] < 1


def test_match_overlap_uses_each_prediction_once() -> None:
    golds = [geo.Gold(0, 10, "a", 0, 0), geo.Gold(5, 12, "b", 0, 0)]
    m = geo.match_overlap(golds, [(4, 8, 0.0, 0.0, None)])
    assert list(m) == [0]


def test_geo_evaluate_with_fake_resolver() -> None:
    arts = [geo.Article("Fighting in Goma and Bukavu.", [geo.Gold(12, 16, "Goma", -1.68, 29.22, 1),
                                                          geo.Gold(21, 27, "Bukavu", -2.5, 28.86, 2)])]
    where = {"Goma": (-1.68, 29.22, 1), "Bukavu": (-2.5, 28.86, 3)}

    def find(text: str, ents: list[tuple[int, int, str]]) -> list[SimpleNamespace]:
        out = []
        for s, e, _ in ents:
            if text[s:e] in where:
                lat, lon, gid = where[text[s:e]]
                out.append(SimpleNamespace(span_start=s, span_end=e, lat=lat, lon=lon, geonameid=gid))
        return out

    r = geo.evaluate(arts, find, [[(12, 16, "GPE")]])
    assert r["gold_spans"]["acc161"] == 1.0 and r["gold_spans"]["geonameid_acc"] == 0.5
    e = r["e2e"]
    assert e["toponyms"].p == 1.0 and e["toponyms"].r == 0.5 and e["acc161"] == 0.5


# ---------------------------------------------------------------- MUC-4


def test_read_gtt_and_gold_roles(tmp_path: Path) -> None:
    doc = {"docid": "X-1", "doctext": "rebels of the front bombed a bridge in the north.",
           "templates": [{"incident_type": "bombing", "PerpInd": [[["rebels", 0]]],
                          "PerpOrg": [[["the front", 10], ["front", 14]]], "Target": [[["a bridge", 27]]],
                          "Victim": [], "Weapon": []},
                         {"incident_type": "attack", "PerpInd": [[["rebels", 0]]], "PerpOrg": [],
                          "Target": [], "Victim": [], "Weapon": []}]}
    p = tmp_path / "t.json"
    p.write_text(json.dumps(doc) + "\n\n", encoding="utf-8")
    (d,) = muc4.read_gtt(p)
    roles = d.gold_roles()
    assert roles["PerpInd"] == [["rebels"]]  # the same entity in two templates counts once
    assert roles["PerpOrg"] == [["the front", "front"]]
    assert d.incident_types() == {"bombing", "attack"}


def test_role_filler_metric() -> None:
    gold = {"d1": {"PerpInd": [["guerrillas", "the guerrillas"]], "PerpOrg": [["fmln", "farabundo marti front"]],
                   "Target": [], "Victim": [["mayor jose lopez"], ["two policemen"]], "Weapon": [["bomb"]]}}
    pred = {"d1": {"PerpInd": ["The guerrillas"], "PerpOrg": ["FMLN", "fmln"],  # duplicate counted once
                   "Victim": ["jose lopez", "policemen", "two policemen"], "Weapon": ["dynamite"]}}
    s = muc4.score(gold, pred)
    assert (s["PerpInd"].tp_p, s["PerpInd"].n_pred) == (1, 1)
    assert (s["PerpOrg"].tp_p, s["PerpOrg"].n_pred, s["PerpOrg"].n_gold) == (1, 1, 1)
    assert (s["Victim"].tp_p, s["Victim"].n_pred, s["Victim"].n_gold) == (1, 3, 2)
    assert (s["Weapon"].tp_p, s["Weapon"].n_pred) == (0, 1)
    m = s["micro"]
    assert (m.tp_p, m.n_pred, m.n_gold) == (3, 6, 5)
    assert m.f1 == pytest.approx(2 * 0.5 * 0.6 / 1.1)
    # head-noun matching is more lenient: "jose lopez" and "policemen" now match, one to one
    h = muc4.score(gold, pred, head=True)
    assert h["Victim"].tp_p == 2 and h["Victim"].n_pred == 3


def test_role_filler_missing_document_counts_gold() -> None:
    s = muc4.score({"d": {"Victim": [["a"], ["b"]]}}, {})
    assert s["micro"].n_gold == 2 and s["micro"].f1 == 0.0


def test_learn_lexicons_and_patterns() -> None:
    train = [muc4.MucDoc(f"T{i}", "", [{"incident_type": "bombing", "PerpOrg": [[["the eln", 0]]],
                                         "Weapon": [[["car bomb", 0]], [["bomb", 5]]],
                                         "Target": [[["pipeline", 0]]] if i == 0 else []}]) for i in range(2)]
    lex = muc4.learn_lexicons(train, min_count=2)
    assert lex.perp_org == ("eln",) and set(lex.weapon) == {"car bomb", "bomb"} and lex.target == ()
    pat = lex.pattern("Weapon")
    assert pat is not None and [m.group() for m in pat.finditer("a car bomb and a bomber")] == ["car bomb"]
    assert lex.pattern("Target") is None


def _event(sub: str, typ: str = "Explosions/Remote violence", trigger: str = "bomb", a1: str | None = None,
           a2: str | None = None, start: int = 0) -> SimpleNamespace:
    trig = SimpleNamespace(start=start, end=start + len(trigger), text=trigger)
    return SimpleNamespace(event_type=typ, sub_event_type=sub, trigger=trig, actor1_mention=a1,
                           actor2_mention=a2, evidence=(), location=None, fatalities=None)


def test_incident_type_mapping() -> None:
    assert muc4.incident_type(_event("Remote explosive/landmine/IED")) == "bombing"
    assert muc4.incident_type(_event("Abduction/forced disappearance", "Violence against civilians")) == "kidnapping"
    assert muc4.incident_type(_event("Looting/property destruction", "Strategic developments", "torched")) == "arson"
    assert muc4.incident_type(_event("Looting/property destruction", "Strategic developments", "looted")) == "robbery"
    assert muc4.incident_type(_event("Peaceful protest", "Protests", "march")) is None


def test_weapon_words_in_triggers() -> None:
    assert muc4.weapon_words("car bomb exploded") == ["car bomb"]
    assert muc4.weapon_words("Grenade attack") == ["grenade"]
    assert muc4.weapon_words("kidnapped") == []


def test_predict_roles_from_events() -> None:
    doc = SimpleNamespace(text="")
    res = SimpleNamespace(document=doc, events=(
        _event("Remote explosive/landmine/IED", a1="shining path", a2="two soldiers"),
        _event("Attack", "Violence against civilians", "killed", a1="unidentified gunmen", a2="a judge"),
        _event("Peaceful protest", "Protests", "march", a1="students")))
    types, roles = muc4.predict(res, None)
    assert types == {"bombing", "attack"}
    assert roles["PerpOrg"] == ["shining path"] and roles["PerpInd"] == ["unidentified gunmen"]
    assert roles["Victim"] == ["two soldiers", "a judge"] and roles["Weapon"] == ["bomb"]
    assert roles["Target"] == []


# ---------------------------------------------------------------- WikiEvents


@pytest.mark.parametrize("phrase, head", [
    ("members of the Afghan security forces", "members"),
    ("The Taliban", "taliban"),
    ("a checkpoint in Mogadishu", "checkpoint"),
    ("the governor's convoy", "convoy"),
    ("Boko Haram, which", "haram"),
    ("", ""),
])
def test_head_word(phrase: str, head: str) -> None:
    assert wikievents.head_word(phrase) == head


WIKI_DOC = {
    "doc_id": "synthetic-1",
    "tokens": ["Militants", "attacked", "a", "base", "in", "Borno", ".", "Two", "soldiers", "died", "."],
    "sentences": [[[["Militants", 0, 9], ["attacked", 10, 18], ["a", 19, 20], ["base", 21, 25], ["in", 26, 28],
                    ["Borno", 29, 34], [".", 34, 35]], "Militants attacked a base in Borno."],
                  [[["Two", 36, 39], ["soldiers", 40, 48], ["died", 49, 53], [".", 53, 54]], "Two soldiers died."]],
    "entity_mentions": [],
    "event_mentions": [
        {"id": "E1", "event_type": "Conflict.Attack.Unspecified",
         "trigger": {"start": 1, "end": 2, "text": "attacked", "sent_idx": 0},
         "arguments": [{"entity_id": "T1", "role": "Attacker", "text": "Militants"},
                       {"entity_id": "T2", "role": "Target", "text": "a base"},
                       {"entity_id": "T3", "role": "Place", "text": "Borno"}]},
        {"id": "E2", "event_type": "Life.Die.Unspecified",
         "trigger": {"start": 9, "end": 10, "text": "died", "sent_idx": 1},
         "arguments": [{"entity_id": "T4", "role": "Victim", "text": "Two soldiers"}]},
        {"id": "E3", "event_type": "Movement.Transportation.Unspecified",
         "trigger": {"start": 1, "end": 2, "text": "attacked", "sent_idx": 0}, "arguments": []},
    ],
}


def test_wikievents_parse_doc() -> None:
    d = wikievents.parse_doc(WIKI_DOC)
    assert [e.family for e in d.events] == ["attack", "die"]
    s, e = d.events[0].trigger
    assert d.text[s:e] == "attacked"
    s, e = d.events[1].trigger
    assert d.text[s:e] == "died"
    assert d.events[0].args == [("Attacker", "militants"), ("Target", "base"), ("Place", "borno")]
    assert ("die", "Victim", "soldiers") in d.tuples()


def test_wikievents_scores() -> None:
    d = wikievents.parse_doc(WIKI_DOC)
    s = d.text.index("attacked")
    preds = {"synthetic-1": [
        wikievents.PredEvent("attack", (s, s + 8), [("Attacker", "militants"), ("Target", "borno")]),
        wikievents.PredEvent("die", (0, 9), [("Victim", "soldiers")]),  # right argument, wrong trigger
    ]}
    doc = wikievents.score_doc_level([d], preds)
    assert (doc.tp_p, doc.n_pred, doc.n_gold) == (2, 3, 4)
    args, trig = wikievents.score_trigger_matched([d], preds)
    assert (trig.tp_p, trig.n_pred, trig.n_gold) == (1, 2, 2)
    assert (args.tp_p, args.n_pred, args.n_gold) == (1, 3, 4)


def test_wikievents_map_event() -> None:
    ev = SimpleNamespace(event_type="Explosions/Remote violence", sub_event_type="Suicide bomb",
                         trigger=SimpleNamespace(start=3, end=9, text="bomber"), actor1_mention="al-Shabaab",
                         actor2_mention="soldiers at the base", location=SimpleNamespace(text="Mogadishu"),
                         fatalities=SimpleNamespace(best=4))
    fams = {p.family: p.args for p in wikievents.map_event(ev)}
    assert fams["attack"] == [("Attacker", "al-shabaab"), ("Target", "soldiers"), ("Place", "mogadishu")]
    assert ("Victim", "soldiers") in fams["die"]


# ---------------------------------------------------------------- real data, when present

SHARED = ROOT.parent / "shared" / "benchmarks"


@pytest.mark.skipif(not (SHARED / "muc4" / "gtt_processed" / "test.json").exists(), reason="benchmarks absent")
def test_real_muc4_test_split_reads() -> None:
    docs = muc4.read_gtt(SHARED / "muc4" / "gtt_processed" / "test.json")
    assert len(docs) == 200
    assert sum(len(d.templates) for d in docs) > 100


@pytest.mark.skipif(not (SHARED / "wikievents" / "test.jsonl").exists(), reason="benchmarks absent")
def test_real_wikievents_triggers_align() -> None:
    docs = wikievents.read_jsonl(SHARED / "wikievents" / "test.jsonl")
    assert len(docs) == 20
    ok = sum(1 for d in docs for e in d.events if d.text[e.trigger[0]:e.trigger[1]].strip())
    assert ok == sum(len(d.events) for d in docs) > 50


def test_run_all_writes_between_markers_or_fallback(tmp_path: Path) -> None:
    from bench.external import run_all

    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n{run_all.START}\nold\n{run_all.END}\ntail\n", encoding="utf-8")
    fallback = tmp_path / "RESULTS.md"
    assert run_all.write("| new |", readme, fallback) == readme
    text = readme.read_text(encoding="utf-8")
    assert "| new |" in text and "old" not in text and text.endswith("tail\n")
    readme.write_text("# no markers\n", encoding="utf-8")
    assert run_all.write("| t |", readme, fallback) == fallback
    assert "| t |" in fallback.read_text(encoding="utf-8") and readme.read_text(encoding="utf-8") == "# no markers\n"


def test_run_all_table_handles_skipped_benchmarks() -> None:
    from bench.external import run_all

    t = run_all.table({"LGL": {"skipped": "absent"}}, {"skipped": "absent"}, {"skipped": "absent"}, "cmd")
    assert t.count("skipped (absent)") == 3 and "skipped (not run)" in t and "`cmd`" in t


def test_run_all_table_renders_every_setting() -> None:
    from bench.external import run_all
    from bench.external.common import PRF

    half = PRF(1, 2, 1, 4)
    spans = {"acc161": 0.5, "median_km": 3.0, "mean_km": 900.0, "geonameid_acc": 0.25}
    e2e = {"toponyms": half, "acc161": 0.4, "acc161_found": 0.8}
    geo = {n: {"gold_spans": spans, "e2e": e2e} for n in ("LGL", "LGL-dev", "LGL-test", "GeoWebNews")}
    roles = {"micro": half, "PerpInd": half, "Victim": PRF()}
    muc = {k: {"exact": roles, "head": roles, "types": half} for k in ("native", "lexicons")}
    trained = {"exact": roles, "head": roles, "thresholds": {"Victim": 0.4}}
    wiki = {"doc_level": half, "trigger_matched": half, "triggers": half, "gold_filled": half,
            "gold_every": half, "fallback_filled": half, "fallback_every": half}
    t = run_all.table(geo, muc, wiki, "cmd", trained)
    assert "| LGL-dev | gold spans / end to end | acc@161 km | 50.0 / 40.0 |" in t
    assert "trained on train.json (thresholds: dev) | role-filler P / R / F1 (exact) | 50.0 / 25.0 / 33.3" in t
    assert "gold triggers + bench parse fallback" in t and "TSAR 69.7" in t
    assert t.count("| MUC-4 test (200) |") == 10
