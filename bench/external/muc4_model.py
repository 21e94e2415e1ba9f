"""A role-filler classifier for MUC-4 trained on the training split (benchmark adaptation).

    python -m bench.external.muc4_model [--split test|dev] [--limit N]

Candidates and features come from ``muc4_feats`` (sitroom's parse and events). One
multinomial logistic regression (numpy, AdaGrad on hashed-free sparse features) over
{none, PerpInd, PerpOrg, Target, Victim, Weapon}, trained on ``train.json``; per-role
probability thresholds are chosen on ``dev.json``; test is only scored. Predictions of a
role are deduplicated per document (a phrase inside an already chosen one, or with the same
head word, is the same entity). Nothing here is part of sitroom's product.
"""
from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .common import data_path, normalise
from .muc4 import ROLES, MucDoc, read_gtt, report_roles, score
from .muc4_feats import Candidate, split_candidates

log = logging.getLogger(__name__)

CLASSES = ("none", *ROLES)
MIN_FEAT_COUNT = 1
THRESHOLDS = (0.04, 0.07, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)


def label(cands: Sequence[Candidate], gold: Mapping[str, Sequence[Sequence[str]]]) -> list[int]:
    """Class index of each candidate: the first role one of whose gold mentions it equals, else 0."""
    by_text: dict[str, int] = {}
    for ri, role in enumerate(ROLES, start=1):
        for ent in gold.get(role, []):
            for m in ent:
                by_text.setdefault(normalise(m), ri)
    return [by_text.get(c.text, 0) for c in cands]


@dataclass
class Vocab:
    index: dict[str, int]

    @classmethod
    def build(cls, cand_lists: Sequence[Sequence[Candidate]], min_count: int = MIN_FEAT_COUNT) -> Vocab:
        counts: dict[str, int] = {}
        for cands in cand_lists:
            for c in cands:
                for f in c.feats:
                    counts[f] = counts.get(f, 0) + 1
        kept = sorted(f for f, n in counts.items() if n >= min_count)
        return cls({f: i for i, f in enumerate(kept)})

    def encode(self, cands: Sequence[Candidate]) -> tuple[np.ndarray, np.ndarray]:
        """CSR (indptr, indices) of the candidates' known features."""
        indptr = [0]
        indices: list[int] = []
        for c in cands:
            indices.extend(self.index[f] for f in c.feats if f in self.index)
            indptr.append(len(indices))
        return np.asarray(indptr, dtype=np.int64), np.asarray(indices, dtype=np.int64)


class SoftmaxModel:
    """Multinomial logistic regression over sparse binary features."""

    def __init__(self, n_feats: int, n_classes: int) -> None:
        self.w = np.zeros((n_feats, n_classes))
        self.b = np.zeros(n_classes)

    def _scores(self, indptr: np.ndarray, indices: np.ndarray) -> np.ndarray:
        n = len(indptr) - 1
        rows = np.repeat(np.arange(n), np.diff(indptr))
        s = np.zeros((n, self.w.shape[1]))
        for c in range(self.w.shape[1]):
            s[:, c] = np.bincount(rows, weights=self.w[indices, c], minlength=n)
        return s + self.b

    def proba(self, indptr: np.ndarray, indices: np.ndarray) -> np.ndarray:
        s = self._scores(indptr, indices)
        s -= s.max(axis=1, keepdims=True)
        e = np.exp(s)
        return e / e.sum(axis=1, keepdims=True)

    def fit(self, indptr: np.ndarray, indices: np.ndarray, y: np.ndarray, epochs: int = 8,
            batch: int = 2048, lr: float = 0.3, l2: float = 1e-6, seed: int = 0) -> SoftmaxModel:
        rng = np.random.default_rng(seed)
        n = len(y)
        n_cls = self.w.shape[1]
        gw2 = np.full(self.w.shape, 1e-8)
        gb2 = np.full(n_cls, 1e-8)
        lens = np.diff(indptr)
        for _ in range(epochs):
            order = rng.permutation(n)
            for b0 in range(0, n, batch):
                rows_sel = order[b0:b0 + batch]
                sub_lens = lens[rows_sel]
                sub_ptr = np.concatenate(([0], np.cumsum(sub_lens)))
                sub_idx = np.concatenate([indices[indptr[r]:indptr[r + 1]] for r in rows_sel]) if len(rows_sel) else indices[:0]
                p = self.proba(sub_ptr, sub_idx)
                p[np.arange(len(rows_sel)), y[rows_sel]] -= 1.0
                rows = np.repeat(np.arange(len(rows_sel)), sub_lens)
                uniq, inv = np.unique(sub_idx, return_inverse=True)
                g = np.zeros((len(uniq), n_cls))
                for c in range(n_cls):
                    g[:, c] = np.bincount(inv, weights=p[rows, c], minlength=len(uniq))
                g /= len(rows_sel)
                g += l2 * self.w[uniq]
                gw2[uniq] += g * g
                self.w[uniq] -= lr * g / np.sqrt(gw2[uniq])
                gbias = p.sum(axis=0) / len(rows_sel)
                gb2 += gbias * gbias
                self.b -= lr * gbias / np.sqrt(gb2)
        return self


def _stem(w: str) -> str:
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _acronym(short: str, long_: list[str]) -> bool:
    """'fmln' of 'farabundo marti national liberation front' (initials, small words optional)."""
    full = "".join(w[0] for w in long_ if w)
    content = "".join(w[0] for w in long_ if w and w not in ("of", "the", "for", "and", "de", "del", "la"))
    return len(short) >= 2 and short in (full, content)


def _same_entity(a: str, b: str) -> bool:
    wa, wb = a.split(), b.split()
    if _stem(wa[-1]) == _stem(wb[-1]):
        return True
    if len(wa) == 1 and _acronym(wa[0], wb) or len(wb) == 1 and _acronym(wb[0], wa):
        return True
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    n = len(short)
    return any(long_[i:i + n] == short for i in range(len(long_) - n + 1))


def decode(cands: Sequence[Candidate], probs: np.ndarray, thresholds: Mapping[str, float],
           max_per_role: int = 4) -> dict[str, list[str]]:
    """Role fillers of one document: candidates over the role's threshold, best first, one per entity."""
    out: dict[str, list[str]] = {}
    for ri, role in enumerate(ROLES, start=1):
        order = np.argsort(-probs[:, ri]) if len(cands) else []
        chosen: list[str] = []
        for i in order:
            if probs[i, ri] < thresholds[role] or len(chosen) >= max_per_role:
                break
            # the class must beat the other roles for this phrase
            if probs[i, 1:].argmax() + 1 != ri:
                continue
            t = cands[i].text
            if not any(_same_entity(t, c) for c in chosen):
                chosen.append(t)
        out[role] = chosen
    return out


@dataclass
class Trained:
    vocab: Vocab
    model: SoftmaxModel
    thresholds: dict[str, float]


def _probs(tr: Trained | tuple[Vocab, SoftmaxModel], cands: Sequence[Candidate]) -> np.ndarray:
    vocab, model = (tr.vocab, tr.model) if isinstance(tr, Trained) else tr
    if not cands:
        return np.zeros((0, len(CLASSES)))
    return model.proba(*vocab.encode(cands))


def predict_split(tr: Trained, docs: Sequence[MucDoc], cands: Mapping[str, Sequence[Candidate]],
                  thresholds: Mapping[str, float] | None = None) -> dict[str, dict[str, list[str]]]:
    th = thresholds or tr.thresholds
    return {d.docid: decode(cands.get(d.docid, []), _probs(tr, cands.get(d.docid, [])), th) for d in docs}


def tune_thresholds(vocab: Vocab, model: SoftmaxModel, docs: Sequence[MucDoc],
                    cands: Mapping[str, Sequence[Candidate]]) -> dict[str, float]:
    """Per role, the threshold with the best dev F1 for that role."""
    gold = {d.docid: d.gold_roles() for d in docs}
    probs = {d.docid: _probs((vocab, model), cands.get(d.docid, [])) for d in docs}
    best: dict[str, float] = {}
    for role in ROLES:
        scores = []
        for t in THRESHOLDS:
            th = {r: t for r in ROLES}
            pred = {d.docid: decode(cands.get(d.docid, []), probs[d.docid], th) for d in docs}
            scores.append((score(gold, pred)[role].f1, -t, t))
        best[role] = max(scores)[2]
    return best


def train(train_docs: Sequence[MucDoc], train_cands: Mapping[str, Sequence[Candidate]],
          dev_docs: Sequence[MucDoc], dev_cands: Mapping[str, Sequence[Candidate]], epochs: int = 8) -> Trained:
    lists = [train_cands.get(d.docid, []) for d in train_docs]
    vocab = Vocab.build(lists)
    ys: list[int] = []
    flat: list[Candidate] = []
    for d, cands in zip(train_docs, lists):
        ys.extend(label(cands, d.gold_roles()))
        flat.extend(cands)
    indptr, indices = vocab.encode(flat)
    model = SoftmaxModel(len(vocab.index), len(CLASSES)).fit(indptr, indices, np.asarray(ys), epochs=epochs)
    th = tune_thresholds(vocab, model, dev_docs, dev_cands)
    log.info("trained on %d candidates (%d positive), %d features; thresholds %s", len(ys),
             sum(y > 0 for y in ys), len(vocab.index), th)
    return Trained(vocab, model, th)


def run(split: str = "test", limit: int = 0) -> dict[str, Any]:
    paths = {s: data_path("muc4", "gtt_processed", f"{s}.json") for s in ("train", "dev", split)}
    if not all(p.exists() for p in paths.values()):
        return {"skipped": "muc4 gtt_processed train/dev/test not found"}
    t0 = time.perf_counter()
    docs = {s: read_gtt(p) for s, p in paths.items()}
    cands = {s: split_candidates(s, docs[s], paths[s]) for s in paths}
    t1 = time.perf_counter()
    tr = train(docs["train"], cands["train"], docs["dev"], cands["dev"])
    t2 = time.perf_counter()
    test_docs = docs[split][:limit] if limit else docs[split]
    pred = predict_split(tr, test_docs, cands[split])
    gold = {d.docid: d.gold_roles() for d in test_docs}
    return {"docs": len(test_docs), "split": split, "features_s": t1 - t0, "train_s": t2 - t1,
            "thresholds": tr.thresholds, "exact": score(gold, pred), "head": score(gold, pred, head=True)}


def report(res: dict[str, Any]) -> str:
    if "skipped" in res:
        return f"MUC-4 trained role fillers: skipped ({res['skipped']})"
    th = " ".join(f"{r} {t:.2f}" for r, t in res["thresholds"].items())
    return "\n".join([
        f"MUC-4 {res['split']} {res['docs']} docs, trained role-filler classifier (train.json; thresholds from dev.json: {th}); "
        f"features {res['features_s']:.0f} s, training {res['train_s']:.0f} s",
        report_roles("trained", res),
    ])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="MUC-4 role fillers with a classifier trained on train.json")
    ap.add_argument("--split", default="test", choices=["test", "dev"])
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print(report(run(a.split, a.limit)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
