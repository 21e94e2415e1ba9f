"""Score extracted records against a gold file (records.md, "Gold files").

The matching rules are those of the reference scorer (``shared/eval/score.py``),
reimplemented here so that sitroom can evaluate on its own: a report matches a
gold event of the same document when their dates overlap (or the gold gives
none) and their places agree (within the gold's tolerance, default 25 km, or
the same country for a country-level gold); pairs are matched one to one, best
pair score first; reports matching an ``optional`` gold event count neither way.

``evaluate()`` returns the reference scorer's result dict (same keys, same
numbers) plus ``field_prf``: for each field, precision = correct values /
predicted reports that state the field (reports matched to optional gold events
left out), recall = correct values / core gold events that give the field, and
their F1. ``format_report()`` prints it as a table.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

_PAREN = re.compile(r"\(.*?\)")
_ARTICLE = re.compile(r"^(the|a|an)\s+")
_NONALNUM = re.compile(r"[^a-z0-9]+")
_TOKEN = re.compile(r"[a-z0-9]+")

HEADLINE_FIELDS = ("event_type", "actor1", "location_25km", "date_exact")


def norm(s: Any) -> str:
    s = _PAREN.sub(" ", str(s).lower())
    s = _ARTICLE.sub("", s.strip())
    return _NONALNUM.sub(" ", s).strip()


def alias_ok(pred_values: Iterable[Any], gold_aliases: Sequence[str] | None) -> bool:
    if not gold_aliases:
        return False
    gold = {norm(a) for a in gold_aliases}
    return any(v and norm(v) in gold for v in pred_values)


def _day(s: Any) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(str(s)[:10])
    except ValueError:
        return None


def _interval(d: dict[str, Any] | None) -> tuple[date, date] | None:
    if not d:
        return None
    a, b = _day(d.get("start")), _day(d.get("end") or d.get("start"))
    if a is None:
        return None
    return a, (b or a)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


def place_ok(pred_loc: dict[str, Any] | None, gold_loc: dict[str, Any] | None, scale: float = 1.0) -> bool:
    if gold_loc is None:
        return True
    if not pred_loc:
        return False
    if gold_loc.get("scope") == "country":
        return (pred_loc.get("country") or "").upper() == gold_loc["country"].upper()
    lat, lon = pred_loc.get("lat"), pred_loc.get("lon")
    if lat is None or lon is None:
        return False
    return km(lat, lon, gold_loc["lat"], gold_loc["lon"]) <= gold_loc.get("tolerance_km", 25) * scale


def date_overlap(pred_date: dict[str, Any] | None, gold_date: dict[str, Any] | None) -> bool:
    g = _interval(gold_date)
    if g is None:
        return True
    p = _interval(pred_date)
    return p is not None and p[0] <= g[1] and g[0] <= p[1]


def date_exact(pred_date: dict[str, Any] | None, gold_date: dict[str, Any] | None) -> bool:
    g = _interval(gold_date)
    return g is not None and _interval(pred_date) == g


def fatal_ok(pred: dict[str, Any] | None, gold: dict[str, Any] | None) -> bool:
    """Gold low equals predicted low or best, or lies inside a tight predicted range (high <= 1.5 x low)."""
    if not gold:
        return False
    pred = pred or {}
    g, lo, hi = gold.get("low"), pred.get("low"), pred.get("high")
    if g is None:
        return lo is None and pred.get("best") is None and hi == gold.get("high")
    if g in (lo, pred.get("best")):
        return True
    return lo is not None and hi is not None and lo <= g <= hi and hi <= 1.5 * max(lo, 1)


def _as_list(x: Any) -> list[Any]:
    return x if isinstance(x, list) else ([x] if x else [])


def pair_score(p: dict[str, Any], g: dict[str, Any]) -> float:
    return (2.0 * (p.get("event_type") == g["event_type"])
            + (p.get("sub_event_type") in _as_list(g.get("sub_event_type")))
            + date_exact(p.get("date"), g.get("date"))
            + place_ok(p.get("location"), g.get("location"), 0.4)
            + alias_ok([p.get("actor1"), p.get("actor1_mention")], g.get("actor1"))
            + fatal_ok(p.get("fatalities"), g.get("fatalities")))


def match_doc(preds: Sequence[dict[str, Any]], golds: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs, greedily by pair score (stable on ties)."""
    cands = [(pair_score(p, g), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)
             if date_overlap(p.get("date"), g.get("date")) and place_ok(p.get("location"), g.get("location"))]
    cands.sort(key=lambda c: -c[0])
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _by_doc(records: Iterable[dict[str, Any]]) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        out[r.get("doc_id")].append(r)
    return out


def _gives(p: dict[str, Any]) -> dict[str, bool]:
    """Which fields a predicted report states a value for (the denominators of field precision)."""
    loc = p.get("location") or {}
    return {"event_type": bool(p.get("event_type")), "sub_event_type": bool(p.get("sub_event_type")),
            "actor1": bool(p.get("actor1") or p.get("actor1_mention")),
            "actor2": bool(p.get("actor2") or p.get("actor2_mention")),
            "location_25km": loc.get("lat") is not None or bool(loc.get("country")),
            "date_exact": _interval(p.get("date")) is not None,
            "fatalities": bool(p.get("fatalities"))}


def score_events(gold: dict[str, Any], preds: Iterable[dict[str, Any]]) -> dict[str, Any]:
    by_doc = _by_doc(preds)
    docs = gold["documents"]
    gold_ids = {d["doc_id"] for d in docs}
    n_core = n_pred = tp = full = 0
    field: dict[str, int] = defaultdict(int)
    field_n: dict[str, int] = defaultdict(int)
    gold_with: dict[str, int] = defaultdict(int)
    pred_with: dict[str, int] = defaultdict(int)
    keyed: list[tuple[str, str]] = []
    for d in docs:
        golds, ps = d["events"], by_doc.get(d["doc_id"], [])
        core = [g for g in golds if not g.get("optional")]
        n_core += len(core)
        for g in core:
            for k in ("event_type", "sub_event_type", "actor1"):
                gold_with[k] += 1
            for k, gk in (("location_25km", "location"), ("date_exact", "date"), ("actor2", "actor2"),
                          ("fatalities", "fatalities")):
                gold_with[k] += bool(g.get(gk))
        pairs = match_doc(ps, golds)
        n_pred += len(ps) - sum(1 for _, j in pairs if golds[j].get("optional"))
        optional_hits = {i for i, j in pairs if golds[j].get("optional")}
        for i, p in enumerate(ps):
            if i not in optional_hits:
                for k, has in _gives(p).items():
                    pred_with[k] += has
        for i, j in pairs:
            g, p = golds[j], ps[i]
            if g.get("optional"):
                continue
            tp += 1
            checks: dict[str, bool | None] = {
                "event_type": p.get("event_type") == g["event_type"],
                "sub_event_type": p.get("sub_event_type") in _as_list(g.get("sub_event_type")),
                "actor1": alias_ok([p.get("actor1"), p.get("actor1_mention")], g.get("actor1")),
                "location_25km": place_ok(p.get("location"), g.get("location")) if g.get("location") else None,
                "date_exact": date_exact(p.get("date"), g.get("date")) if g.get("date") else None,
            }
            if g.get("actor2"):
                checks["actor2"] = alias_ok([p.get("actor2"), p.get("actor2_mention")], g["actor2"])
            if g.get("fatalities"):
                checks["fatalities"] = fatal_ok(p.get("fatalities"), g["fatalities"])
            for k, v in checks.items():
                if v is not None:
                    field_n[k] += 1
                    field[k] += bool(v)
            if all(checks[k] is not False for k in HEADLINE_FIELDS):
                full += 1
            if g.get("event_key") and p.get("event_id"):
                keyed.append((g["event_key"], p["event_id"]))
    stray = sum(len(v) for k, v in by_doc.items() if k not in gold_ids)
    ev, fr = prf(tp, n_pred, n_core), prf(full, n_pred, n_core)
    same_gold = same_pred = both = 0
    for a in range(len(keyed)):
        for b in range(a + 1, len(keyed)):
            sg, sp = keyed[a][0] == keyed[b][0], keyed[a][1] == keyed[b][1]
            same_gold += sg
            same_pred += sp
            both += sg and sp
    xdoc = prf(both, same_pred, same_gold) if same_gold else None
    field_prf = {}
    for k in field_n:
        p_, r_, f_ = prf(field[k], pred_with[k], gold_with[k])
        field_prf[k] = {"precision": p_, "recall": r_, "f1": f_, "correct": field[k], "predicted": pred_with[k],
                        "gold": gold_with[k]}
    return {"events": {"precision": ev[0], "recall": ev[1], "f1": ev[2], "tp": tp, "predicted": n_pred, "gold": n_core},
            "full_record": {"precision": fr[0], "recall": fr[1], "f1": fr[2]},
            "fields": {k: {"accuracy": field[k] / field_n[k], "n": field_n[k]} for k in field_n},
            "cross_document": None if xdoc is None else {"precision": xdoc[0], "recall": xdoc[1], "f1": xdoc[2],
                                                         "gold_pairs": same_gold},
            "reports_for_unknown_documents": stray,
            "field_prf": field_prf}


def _tokens(s: Any) -> set[str]:
    return set(_TOKEN.findall(str(s).lower()))


def score_quotes(gold_docs: Sequence[dict[str, Any]], quotes: Iterable[dict[str, Any]]) -> dict[str, Any]:
    by_doc = _by_doc(quotes)
    n_gold = n_pred = tp = speaker_ok = 0
    for d in gold_docs:
        golds, preds = d.get("quotes", []), by_doc.get(d["doc_id"], [])
        n_gold += len(golds)
        n_pred += len(preds)
        used: set[int] = set()
        pred_tokens = [_tokens(p.get("text", "")) for p in preds]
        for g in golds:
            gt = _tokens(g["text"])
            best, bi = 0.0, None
            for i, pt in enumerate(pred_tokens):
                if i in used:
                    continue
                ov = len(gt & pt) / max(1, len(gt | pt))
                if ov > best:
                    best, bi = ov, i
            if bi is not None and best >= 0.6:
                used.add(bi)
                tp += 1
                speaker_ok += alias_ok([preds[bi].get("speaker"), preds[bi].get("speaker_mention")], g["speaker"])
    p, r, f = prf(tp, n_pred, n_gold)
    return {"precision": p, "recall": r, "f1": f, "speaker_accuracy": speaker_ok / tp if tp else 0.0, "tp": tp}


def score_claims(gold_docs: Sequence[dict[str, Any]], claims: Iterable[dict[str, Any]]) -> dict[str, Any]:
    by_doc = _by_doc(claims)
    n_gold = n_pred = tp = source_ok = with_source = 0
    for d in gold_docs:
        golds, preds = d.get("claims", []), by_doc.get(d["doc_id"], [])
        n_gold += len(golds)
        n_pred += len(preds)
        used: set[int] = set()
        for g in golds:
            for i, p in enumerate(preds):
                v = p.get("value") or {}
                if i not in used and v.get("low") == g["value"]["low"]:
                    used.add(i)
                    tp += 1
                    if g.get("source"):
                        with_source += 1
                        source_ok += alias_ok([p.get("source")], g["source"])
                    break
    p_, r_, f_ = prf(tp, n_pred, n_gold)
    return {"precision": p_, "recall": r_, "f1": f_,
            "source_accuracy": source_ok / with_source if with_source else 0.0, "tp": tp}


def evaluate(gold: dict[str, Any], preds: Iterable[dict[str, Any]],
             quotes: Iterable[dict[str, Any]] | None = None,
             claims: Iterable[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Score event reports (and optionally quotes and claims) against a gold dict."""
    res = score_events(gold, preds)
    if quotes is not None:
        res["quotes"] = score_quotes(gold["documents"], quotes)
    if claims is not None:
        res["claims"] = score_claims(gold["documents"], claims)
    return res


def format_report(res: dict[str, Any]) -> str:
    """A readable summary: event P/R/F1, a per-field P/R/F1/accuracy table, quotes, claims, headline."""
    e = res["events"]
    lines = [f"events        P {e['precision']:.2f}  R {e['recall']:.2f}  F1 {e['f1']:.2f}"
             f"  ({e['tp']} of {e['gold']} gold, {e['predicted']} predicted)",
             f"  {'field':<15} {'P':>5} {'R':>5} {'F1':>5} {'acc':>5} {'n':>4}"]
    prf_ = res.get("field_prf", {})
    for k, v in sorted(res["fields"].items()):
        f = prf_.get(k, {})
        lines.append(f"  {k:<15} {f.get('precision', 0):5.2f} {f.get('recall', 0):5.2f} {f.get('f1', 0):5.2f}"
                     f" {v['accuracy']:5.2f} {v['n']:4d}")
    if res.get("cross_document"):
        x = res["cross_document"]
        lines.append(f"cross-doc     P {x['precision']:.2f}  R {x['recall']:.2f}  F1 {x['f1']:.2f}"
                     f"  ({x['gold_pairs']} gold pairs)")
    for k, extra in (("quotes", "speaker"), ("claims", "source")):
        if k in res:
            q = res[k]
            lines.append(f"{k:<13} P {q['precision']:.2f}  R {q['recall']:.2f}  F1 {q['f1']:.2f}"
                         f"  {extra} {q[extra + '_accuracy']:.2f}")
    if res.get("reports_for_unknown_documents"):
        lines.append(f"warning: {res['reports_for_unknown_documents']} reports name documents not in the gold file")
    fr = res["full_record"]
    lines.append(f"headline: event_f1={e['f1']:.3f} full_record_f1={fr['f1']:.3f}")
    return "\n".join(lines)


# --- Why gold events were missed, per-type scores, the CASE 2021 task 2 measure -----------------------

MISS_CAUSES = ("matched", "no_report", "place_missing", "place_too_far", "date_wrong", "date_and_place_wrong",
               "report_taken")


def _km_to(pred_loc: dict[str, Any] | None, gold_loc: dict[str, Any] | None) -> float | None:
    if not pred_loc or not gold_loc or gold_loc.get("lat") is None:
        return None
    lat, lon = pred_loc.get("lat"), pred_loc.get("lon")
    if lat is None or lon is None:
        return None
    return km(lat, lon, gold_loc["lat"], gold_loc["lon"])


def _place_missing(p: dict[str, Any]) -> bool:
    loc = p.get("location") or {}
    return loc.get("lat") is None and not loc.get("country")


def diagnose_events(gold: dict[str, Any], preds: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per core gold event saying why it was or was not matched, with the reference scorer's pairing.

    ``cause`` is one of ``MISS_CAUSES``: matched; no report in the document; the document's reports
    all lack a place; the closest report with an overlapping date lies beyond the gold tolerance
    (``km`` is its distance); a report is placed right but dated outside the gold interval; no
    report gets either right; or every report that would match was paired with another gold event of
    the same document (``report_taken``). The order of the checks is the order of this list, so the
    shares add up to 1. ``pred`` is the paired report (matched) or the nearest report (otherwise).
    """
    by_doc = _by_doc(preds)
    rows: list[dict[str, Any]] = []
    for d in gold["documents"]:
        golds, ps = d["events"], by_doc.get(d["doc_id"], [])
        pairs = dict((j, i) for i, j in match_doc(ps, golds))
        for j, g in enumerate(golds):
            if g.get("optional"):
                continue
            row: dict[str, Any] = {"doc_id": d["doc_id"], "gold": g, "pred": None, "km": None}
            if j in pairs:
                p = ps[pairs[j]]
                row.update(cause="matched", pred=p, km=_km_to(p.get("location"), g.get("location")))
            elif not ps:
                row["cause"] = "no_report"
            else:
                gl, gd = g.get("location"), g.get("date")
                dists = [(_km_to(p.get("location"), gl), p) for p in ps]
                known = [(d, p) for d, p in dists if d is not None]
                near: tuple[float | None, dict[str, Any]] = min(known, key=lambda x: x[0]) if known else (None, ps[0])
                row.update(pred=near[1], km=near[0])
                place_ok_any = [p for p in ps if place_ok(p.get("location"), gl)]
                date_ok_any = [p for p in ps if date_overlap(p.get("date"), gd)]
                if any(date_overlap(p.get("date"), gd) for p in place_ok_any):
                    row["cause"] = "report_taken"
                elif all(_place_missing(p) for p in ps):
                    row["cause"] = "place_missing"
                elif place_ok_any:
                    row["cause"] = "date_wrong"
                    row["pred"] = place_ok_any[0]
                elif date_ok_any:
                    far = [x for x in known if date_overlap(x[1].get("date"), gd)]
                    if far:
                        row["cause"] = "place_too_far"
                        row["km"], row["pred"] = min(far, key=lambda x: x[0])
                    else:
                        row["cause"] = "place_missing"
                        row["pred"] = date_ok_any[0]
                else:
                    row["cause"] = "date_and_place_wrong"
            rows.append(row)
    return rows


def _quantile(xs: Sequence[float], q: float) -> float | None:
    if not xs:
        return None
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * (len(s) - 1) + 0.5))]


def miss_breakdown(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Shares of ``diagnose_events`` causes (adding up to 1), with the median and 90th-percentile km of
    the reports placed too far."""
    n = len(rows) or 1
    out: dict[str, Any] = {c: sum(r["cause"] == c for r in rows) / n for c in MISS_CAUSES}
    far = [r["km"] for r in rows if r["cause"] == "place_too_far" and r["km"] is not None]
    out["too_far_km_median"] = _quantile(far, 0.5)
    out["too_far_km_p90"] = _quantile(far, 0.9)
    out["n"] = len(rows)
    return out


def per_sub_type(gold: dict[str, Any], preds: Iterable[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """P/R/F1 of each sub-event type: a true positive is a matched pair whose sub-types agree; predicted
    counts are reports of that sub-type, gold counts core gold events of it."""
    preds = list(preds)
    by_doc = _by_doc(preds)
    tp: dict[str, int] = defaultdict(int)
    n_pred: dict[str, int] = defaultdict(int)
    n_gold: dict[str, int] = defaultdict(int)
    for d in gold["documents"]:
        golds, ps = d["events"], by_doc.get(d["doc_id"], [])
        for g in golds:
            if not g.get("optional"):
                for s in _as_list(g.get("sub_event_type"))[:1]:
                    n_gold[s] += 1
        optional = {i for i, j in match_doc(ps, golds) if golds[j].get("optional")}
        for i, p in enumerate(ps):
            if i not in optional and p.get("sub_event_type"):
                n_pred[p["sub_event_type"]] += 1
        for i, j in match_doc(ps, golds):
            g = golds[j]
            if not g.get("optional") and ps[i].get("sub_event_type") in _as_list(g.get("sub_event_type")):
                tp[ps[i]["sub_event_type"]] += 1
    out = {}
    for s in sorted(set(n_gold) | set(n_pred)):
        p_, r_, f_ = prf(tp[s], n_pred[s], n_gold[s])
        out[s] = {"precision": p_, "recall": r_, "f1": f_, "gold": n_gold[s], "predicted": n_pred[s], "tp": tp[s]}
    return out


def case_weighted_f1(gold: dict[str, Any], preds: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """CASE 2021 task 2's measure: each document gets one label, the sub-type of its most confident
    report ("none" when it has no report), scored against the sub-type of its first gold event; the
    per-label F1 is averaged with gold support as weights."""
    by_doc = _by_doc(preds)
    pairs = []
    for d in gold["documents"]:
        core = [g for g in d["events"] if not g.get("optional")]
        if not core:
            continue
        g = (_as_list(core[0].get("sub_event_type")) or ["none"])[0]
        ps = [p for p in by_doc.get(d["doc_id"], []) if p.get("sub_event_type")]
        best = max(ps, key=lambda p: p.get("confidence") or 0.0, default=None)
        pairs.append((g, best["sub_event_type"] if best else "none"))
    labels = {g for g, _ in pairs}
    total = len(pairs) or 1
    wf1 = 0.0
    for lab in labels:
        tp = sum(1 for g, p in pairs if g == lab and p == lab)
        _, _, f = prf(tp, sum(1 for _, p in pairs if p == lab), sum(1 for g, _ in pairs if g == lab))
        wf1 += f * sum(1 for g, _ in pairs if g == lab) / total
    acc = sum(1 for g, p in pairs if g == p) / total
    return {"weighted_f1": wf1, "accuracy": acc, "documents": len(pairs)}
