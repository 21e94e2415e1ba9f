"""Adversarial text: does extraction cost stay linear in the length of the document?

    python bench/adversarial.py [--sizes 10000,20000,40000,80000] [--kinds caps,quotes,...] [--ops]

For each kind of hostile text (long runs of one character, thousands of quote marks, thousands of
short event lines, ...) and each size, runs the whole extraction (``pipeline.process``: the limits
check, the spaCy parse of the parse copy, every stage) and prints the seconds per 1,000 characters
and the ratio of the largest size to the smallest (1.0 = linear; the quadratic code this replaced
gave ~4x per doubling, i.e. 64 from 10k to 80k). With ``--ops`` it also counts the operations of the
stages after the parse: every ``sys.settrace`` event (Python calls, lines, loop iterations) in
``pipeline.analyse``, the measure ``tests/test_limits.py`` bounds; it does not depend on the machine's
speed or load (it does not see inside C code: regexes, spaCy; the clock ratio covers those).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

_PLACES = ("Goma", "Beni", "Bunia", "Uvira", "Butembo", "Kalehe", "Rutshuru", "Masisi")


def text(kind: str, n: int) -> str:
    """``n`` characters of hostile text of one kind."""
    if kind == "caps":  # one run of capitals (the place-name regexes were quadratic)
        return "A" * n
    if kind == "capwords":  # capitalised words: every word could start a place name
        return ("Abc " * (n // 4 + 1))[:n]
    if kind == "quotes":  # quote marks, no space (quote pairing, and the tokenizer, were quadratic)
        return '"' * n
    if kind == "quote_runs":  # closing quote marks with nothing open, in runs short enough to be parsed
        return (('"' * 900 + " ") * (n // 901 + 1))[:n]
    if kind == "spaced_quotes":  # quote marks each a token of its own
        return ('" ' * (n // 2 + 1))[:n]
    if kind == "hyphens":  # a hyphenated chain of capitals
        return ("A-" * (n // 2 + 1))[:n]
    if kind == "event_lines":  # short identical event lines (merging was quadratic)
        line = "Gunmen killed 3 people in Goma.\n"
        return (line * (n // len(line) + 1))[:n]
    if kind == "varied_lines":  # short event lines with different tolls and places (pair loops)
        out, i = [], 0
        while sum(map(len, out)) < n:
            out.append(f"Gunmen killed {i % 37 + 2} people in {_PLACES[i % len(_PLACES)]} on Monday.\n")
            i += 1
        return "".join(out)[:n]
    if kind == "one_sentence":  # one sentence of many clauses, no full stop
        return ("rebels attacked Goma and killed 4 people, " * (n // 42 + 1))[:n]
    raise ValueError(f"unknown kind {kind!r}")


KINDS = ("caps", "capwords", "quotes", "quote_runs", "spaced_quotes", "hyphens", "event_lines", "varied_lines", "one_sentence")


def run(kind: str, n: int, count_ops: bool = False) -> dict[str, Any]:
    """Extract from ``n`` characters of ``kind``: seconds, operations after the parse, outcome."""
    from sitroom import pipeline
    from sitroom.records import Document, DocumentError, PublishedDate

    doc = Document(id=f"{kind}_{n}", text=text(kind, n), published=PublishedDate("2024-01-01", "published"))
    calls = [0]
    analyse = pipeline.analyse

    def counted(*a: Any, **k: Any) -> Any:
        def trace(frame: Any, event: str, arg: Any) -> Any:
            calls[0] += 1
            return trace

        sys.settrace(trace)
        try:
            return analyse(*a, **k)
        finally:
            sys.settrace(None)

    if count_ops:
        pipeline.analyse = counted  # type: ignore[assignment]
    try:
        t0 = time.perf_counter()
        (res,) = list(pipeline.process([doc]))
        seconds = time.perf_counter() - t0
    finally:
        pipeline.analyse = analyse  # type: ignore[assignment]
    if isinstance(res, DocumentError):
        outcome = f"error {res.code}"
    else:
        outcome = f"{len(res.events)} ev, {len(res.quotes)} q" + (
            f", warn {','.join(e.code for e in res.errors)}" if res.errors else "")
    return {"kind": kind, "chars": n, "seconds": seconds, "calls": calls[0], "outcome": outcome}


def warm() -> None:
    """Load everything lazy (spaCy, gazetteer, lexicons, compiled patterns) so that it is not counted."""
    for kind in KINDS:
        run(kind, 3000)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,20000,40000,80000")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--ops", action="store_true", help="also count operations after the parse (slower)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    from sitroom.nlp import get_nlp

    get_nlp()
    warm()
    print(f"{'kind':14} {'chars':>7} {'s':>7} {'ms/kchar':>9} {'ops/char':>10}  outcome")
    for kind in args.kinds.split(","):
        rows = [run(kind, n, args.ops) for n in sizes]
        for r in rows:
            print(f"{kind:14} {r['chars']:7d} {r['seconds']:7.2f} {1000 * r['seconds'] / r['chars'] * 1000:9.2f} "
                  f"{r['calls'] / r['chars']:10.2f}  {r['outcome']}")
        first, last = rows[0], rows[-1]
        ratio = (last["seconds"] / last["chars"]) / max(first["seconds"] / first["chars"], 1e-9)
        line = f"{kind:14} time per char {sizes[-1] // 1000}k / {sizes[0] // 1000}k: {ratio:.2f}"
        if args.ops:
            line += f"; ops per char: {(last['calls'] / last['chars']) / max(first['calls'] / first['chars'], 1e-9):.2f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
