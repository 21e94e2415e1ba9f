"""Extraction quality on every gold file we can find, scored like ../shared/eval/score.py.

    python bench/quality.py [--json] [GOLD.json ...]

Gold files looked for: ../shared/gold/*.gold.json (texts in ../shared/seeds/),
tests/corpus/gold.json, tests/clusters/gold.json, tests/heldout/gold.json (written by a
developer who never saw the extractor, and never used for tuning), tests/heldout2/gold.json
(a fresher held-out set, gold written before the extractor was run on it; never tune on it),
examples/corpus.gold.json.
Texts of a gold file are read from the folders and JSONL files beside it.
Prints one table row per gold file: event P/R/F1, full-record F1, field
accuracies, quotes and claims.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sitroom import ingest, pipeline, xdoc  # noqa: E402
from sitroom.evaluate import evaluate  # noqa: E402
from sitroom.records import DocumentError  # noqa: E402


def gold_files() -> list[tuple[Path, list[Path]]]:
    shared = ROOT.parent / "shared"
    found: list[tuple[Path, list[Path]]] = []
    for g in sorted((shared / "gold").glob("*.gold.json")) if (shared / "gold").is_dir() else []:
        found.append((g, [shared / "seeds"]))
    for g, texts in ((ROOT / "tests/corpus/gold.json", [ROOT / "tests/corpus"]),
                     (ROOT / "tests/clusters/gold.json", [ROOT / "tests/clusters"]),
                     (ROOT / "tests/heldout/gold.json", [ROOT / "tests/heldout"]),
                     (ROOT / "tests/heldout2/gold.json", [ROOT / "tests/heldout2"]),
                     (ROOT / "examples/corpus.gold.json", [ROOT / "examples/corpus"])):
        if g.exists():
            found.append((g, texts))
    return found


def run(gold_path: Path, text_dirs: list[Path]) -> dict[str, Any]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    wanted = {d["doc_id"] for d in gold["documents"]}
    docs = [d for d in ingest.iter_documents([str(p) for p in text_dirs if p.exists()])
            if not isinstance(d, DocumentError) and d.id in wanted]
    events: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    for r in xdoc.assign_event_ids(pipeline.process(docs)):
        if isinstance(r, DocumentError):
            print(f"error: {r.doc_id}: {r.message}", file=sys.stderr)
            continue
        events += [e.to_dict() for e in r.events]
        quotes += [q.to_dict() for q in r.quotes]
        claims += [c.to_dict() for c in r.claims]
    has_q = any(d.get("quotes") for d in gold["documents"])
    has_c = any(d.get("claims") for d in gold["documents"])
    res = evaluate(gold, events, quotes if has_q else None, claims if has_c else None)
    res["documents"] = len(docs)
    return res


def row(name: str, r: dict[str, Any]) -> str:
    e, fr, f = r["events"], r["full_record"], r["fields"]

    def acc(k: str) -> str:
        return f"{f[k]['accuracy']:.2f}" if k in f else "  - "

    q = r.get("quotes")
    c = r.get("claims")
    x = r.get("cross_document")
    return (f"{name:<28} {r['documents']:>4} {e['precision']:.2f} {e['recall']:.2f} {e['f1']:.2f} {fr['f1']:.2f}"
            f"  {acc('event_type')} {acc('actor1')} {acc('date_exact')} {acc('location_25km')} {acc('fatalities')}"
            f"  {pair(q, 'speaker_accuracy')}  {pair(c, 'source_accuracy')}"
            f"  {(format(x['f1'], '.2f') if x else '  -')}")


def pair(r: dict[str, Any] | None, second: str) -> str:
    return f"{r['f1']:.2f}/{r[second]:.2f}" if r else "   -     "


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="*")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    targets = [(Path(g), [Path(g).parent]) for g in a.gold] or gold_files()
    results = {}
    print(f"{'gold file':<28} {'docs':>4} {'P':>4} {'R':>4} {'F1':>4} {'full':>4}  type act1 date  loc fatal  quotes/spk claims/src xdoc")
    for g, texts in targets:
        r = run(g, texts)
        name = g.relative_to(ROOT.parent) if g.is_relative_to(ROOT.parent) else g
        results[str(name)] = r
        print(row(str(name)[-28:], r))
    if a.json:
        print(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
