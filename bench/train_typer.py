"""Train the optional learned typer (:mod:`sitroom.typer_model`) on ``../shared/dev/acled-train``.

The 1,000 notes that ``bench/quality.py`` scores as ``acled-train-1k`` are left out, so that set stays a
held-out check; the override threshold is chosen on a split of the remaining training notes (never on
acled-dev). The model is written to a git-ignored path (default ``$SITROOM_CACHE/typer-model.joblib``
or ``~/.cache/sitroom/typer-model.joblib``). ACLED's terms limit redistribution: never commit or ship
the weights.

    python bench/train_typer.py [-o PATH]
    SITROOM_TYPER_MODEL=PATH python bench/quality.py --sets acled-dev ...
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from sitroom import typer_model  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    from bench.quality import DEV, load_gold, targets

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", help="where to write the model (default: the cache path)")
    ap.add_argument("--max-features", type=int, default=200_000)
    ap.add_argument("--keep-1k", action="store_true", help="also train on the acled-train-1k sample")
    args = ap.parse_args(argv)
    texts, labels = [], []
    jsonl = DEV / "acled-train.jsonl"
    if not jsonl.exists():
        print(f"{jsonl} is absent", file=sys.stderr)
        return 1
    exclude: set[str] = set()
    if not args.keep_1k:
        (t1k,) = [t for t in targets() if t.name == "acled-train-1k"]
        exclude = {d["doc_id"] for d in load_gold(t1k)["documents"]}
    gold = json.loads((DEV / "acled-train.gold.json").read_text(encoding="utf-8"))
    sub_of = {d["doc_id"]: d["events"][0]["sub_event_type"][0] for d in gold["documents"] if d.get("events")}
    with jsonl.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["id"] in sub_of and d["id"] not in exclude:
                texts.append(d["text"])
                labels.append(sub_of[d["id"]])
    t0 = time.perf_counter()
    info = typer_model.train(texts, labels, args.output, max_features=args.max_features)
    info["excluded_acled_train_1k"] = len(exclude)
    info["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(info, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
