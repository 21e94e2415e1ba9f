"""Print gold events beside predicted ones, per document, for one gold file.

    python bench/diagnose.py GOLD.json TEXT_DIR_OR_JSONL... [--doc ID]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sitroom import ingest, pipeline  # noqa: E402
from sitroom.evaluate import match_doc  # noqa: E402
from sitroom.records import DocumentError  # noqa: E402


def fmt_gold(g: dict) -> str:
    d = g.get("date") or {}
    loc = g.get("location") or {}
    fat = g.get("fatalities") or {}
    return (f"{'(opt) ' if g.get('optional') else ''}{g['event_type']} / {'|'.join(g['sub_event_type']) if isinstance(g['sub_event_type'], list) else g['sub_event_type']}"
            f" | {(g.get('actor1') or ['-'])[0]} | {d.get('start')}..{d.get('end')} | {loc.get('name')} | {fat.get('low')}")


def fmt_pred(p: dict) -> str:
    d = p.get("date") or {}
    loc = p.get("location") or {}
    fat = p.get("fatalities") or {}
    return (f"{p['event_type']} / {p['sub_event_type']} | {p.get('actor1')} ({p.get('actor1_mention')}) | {d.get('start')}..{d.get('end')}"
            f" | {loc.get('name')} | {fat.get('low')} | trig={ (p.get('trigger') or {}).get('text')} | {p['evidence'][0]['text'][:90]!r}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("texts", nargs="+")
    ap.add_argument("--doc")
    a = ap.parse_args()
    gold = json.loads(Path(a.gold).read_text())
    gd = {d["doc_id"]: d for d in gold["documents"] if not a.doc or d["doc_id"] == a.doc}
    docs = [d for d in ingest.iter_documents(a.texts) if not isinstance(d, DocumentError) and d.id in gd]
    for r in pipeline.process(docs):
        if isinstance(r, DocumentError):
            print("ERROR", r)
            continue
        g = gd[r.document.id]
        preds = [e.to_dict() for e in r.events]
        pairs = dict((j, i) for i, j in match_doc(preds, g["events"]))
        print(f"=== {r.document.id}  published={r.document.published.date} ({r.document.published.basis})")
        for j, ge in enumerate(g["events"]):
            i = pairs.get(j)
            print(("  OK   " if i is not None else "  MISS ") + fmt_gold(ge))
            if i is not None:
                print("       > " + fmt_pred(preds[i]))
        used = set(pairs.values())
        for i, p in enumerate(preds):
            if i not in used:
                print("  FP   " + fmt_pred(p))


if __name__ == "__main__":
    main()
