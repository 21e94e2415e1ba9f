"""Score quotes and claims on the seed articles with the shared reference scorer.

    python bench/attribution_eval.py [--shared ../shared] [--show]

Reads the seeds and gold from the shared folder at run time (no article text in
this repository), writes quotes/claims JSONL to a temporary folder and runs
``eval/score.py`` on them twice: with every quote, and with direct quotes only
(the seed gold annotates direct quotes only).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sitroom.attribution import find_claims, find_quotes
from sitroom.nlp import get_nlp


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--show", action="store_true", help="print every quote and claim")
    a = ap.parse_args(argv)
    shared = Path(a.shared)
    gold = shared / "gold" / "seeds.gold.json"
    doc_ids = [d["doc_id"] for d in json.loads(gold.read_text("utf-8"))["documents"]]
    nlp = get_nlp()
    quotes, claims = [], []
    t_parse = t_attr = 0.0
    for doc_id in doc_ids:
        text = (shared / "seeds" / f"{doc_id}.txt").read_text("utf-8")
        t0 = time.perf_counter()
        doc = nlp(text)
        t1 = time.perf_counter()
        qs = find_quotes(doc, doc_id)
        cs = find_claims(doc, doc_id)
        t_attr += time.perf_counter() - t1
        t_parse += t1 - t0
        quotes += [q.to_dict() for q in qs]
        claims += [c.to_dict() for c in cs]
    if a.show:
        for q in quotes:
            print("Q", "D" if q["direct"] else "I", q["speaker"], "|", q["speaker_mention"], "|", q["speaker_role"],
                  "|", q["text"][:90])
        for c in claims:
            print("C", c["value"], c["unit"], "|", c["source"], "|", c["subject"], "|", c["text"][:60])
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (t / "events.jsonl").write_text("", "utf-8")
        for name, rows in (("q_all", quotes), ("q_direct", [q for q in quotes if q["direct"]]), ("c", claims)):
            (t / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
        scorer = str(shared / "eval" / "score.py")
        for label, qfile in (("all quotes (direct + reported)", "q_all"), ("direct quotes only", "q_direct")):
            print(f"== {label}")
            out = subprocess.run([sys.executable, scorer, str(gold), str(t / "events.jsonl"),
                                  "--quotes", str(t / f"{qfile}.jsonl"), "--claims", str(t / "c.jsonl")],
                                 capture_output=True, text=True, check=True).stdout
            print("\n".join(line for line in out.splitlines() if line.startswith(("quotes", "claims"))))
    print(f"time: parse {t_parse * 1000:.0f} ms, attribution {t_attr * 1000:.0f} ms "
          f"({100 * t_attr / max(t_parse, 1e-9):.1f}% of parse)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
