"""Throughput: sitroom's whole pipeline against plain spaCy ``nlp.pipe`` on the same texts, in one run.

    python bench/throughput.py [--n 500] [--seed 1] [--rounds 1] [--profile]

Prints articles/s and words/s for both and the ratio sitroom ÷ spaCy-alone
(1.0 would mean sitroom's own work is free; the goal is ≥ 0.6, i.e. everything
sitroom adds costs at most two thirds of the parse). Also prints resident memory
after each quarter of the corpus to show that extraction streams.
Timings are noisy on a shared machine: compare only the ratio from one run.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from make_corpus import generate  # noqa: E402

from sitroom import pipeline  # noqa: E402
from sitroom.geo.gazetteer import get_gazetteer  # noqa: E402
from sitroom.nlp import get_nlp, load_nlp  # noqa: E402
from sitroom.records import Document, DocumentError, PublishedDate  # noqa: E402


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        return pages * resource.getpagesize() / 1e6
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def time_spacy(texts: list[str]) -> float:
    nlp = load_nlp(with_ruler=False)
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - t


def time_sitroom(docs: list[Document]) -> tuple[float, int, list[float]]:
    n_events = 0
    mem: list[float] = []
    quarter = max(1, len(docs) // 4)
    t = time.perf_counter()
    for i, r in enumerate(pipeline.process(docs), 1):
        if not isinstance(r, DocumentError):
            n_events += len(r.events)
        if i % quarter == 0:
            mem.append(rss_mb())
    return time.perf_counter() - t, n_events, mem


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profile", action="store_true", help="profile sitroom's run with cProfile")
    a = ap.parse_args(argv)
    raw = list(generate(a.n, a.seed))
    docs = [Document(id=d["id"], text=d["text"], published=PublishedDate(d.get("published"), "published"))
            for d in raw]
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    # warm up both (model load, gazetteer index) outside the timings
    get_nlp()
    get_gazetteer()
    list(pipeline.process(docs[:5]))
    spacy_s = time_spacy(texts)
    if a.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        sit_s, n_events, mem = time_sitroom(docs)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
    else:
        sit_s, n_events, mem = time_sitroom(docs)
    print(f"corpus: {len(texts)} articles, {words} words (synthetic, bench/make_corpus.py seed {a.seed})")
    print(f"spaCy alone : {spacy_s:7.1f} s  {len(texts) / spacy_s:6.1f} articles/s  {words / spacy_s:8.0f} words/s")
    print(f"sitroom     : {sit_s:7.1f} s  {len(texts) / sit_s:6.1f} articles/s  {words / sit_s:8.0f} words/s"
          f"  ({n_events} event reports)")
    print(f"ratio sitroom/spaCy throughput: {spacy_s / sit_s:.2f}  (goal >= 0.60)")
    print("resident memory after each quarter (MB): " + ", ".join(f"{m:.0f}" for m in mem))
    return 0


if __name__ == "__main__":
    sys.exit(main())
