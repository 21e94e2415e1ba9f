"""An optional learned second opinion on the sub-event type (off unless a model is given).

A TF-IDF (word 1-2 grams + char 3-5 grams) + logistic-regression classifier over short texts, trained
by the user on their own ACLED export (``sitroom train-typer``) or by ``bench/train_typer.py`` from
``../shared/dev``. No weights ship with sitroom: ACLED's terms limit redistribution, so the pipeline
works unchanged without a model. Point sitroom at one with ``SITROOM_TYPER_MODEL=PATH`` or
``sitroom --typer-model PATH ...``.

When a model is loaded, :func:`second_opinion` (called once in :func:`sitroom.pipeline.analyse`)
replaces the rules' sub-type of a *brief* document's events with the model's when the model's
probability reaches the threshold stored with the model, keeping the event type consistent, and
records ``model:p=0.93`` in ``type_reason``.

scikit-learn and joblib are an optional extra (``pip install sitroom[typer]``).
"""
from __future__ import annotations

import csv
import json
import os
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .taxonomy import SUB_EVENT_TYPES, TAXONOMY

ENV = "SITROOM_TYPER_MODEL"
FORMAT = "sitroom-typer/1"
DEFAULT_THRESHOLD = 0.9
MIN_SUPPORT = 50  # the model overrules only a rules' sub-type it saw at least this often in training
BRIEF_CHARS = 400  # a brief: an ACLED-note-sized document (median note ~185 characters)
EVENT_TYPE_OF = {sub: et for et, subs in TAXONOMY.items() for sub in subs}


def default_model_path() -> Path:
    """``$SITROOM_CACHE/typer-model.joblib`` or ``~/.cache/sitroom/typer-model.joblib``."""
    base = os.environ.get("SITROOM_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "sitroom")
    return Path(base) / "typer-model.joblib"


# ---------------------------------------------------------------- reading training data

def read_acled(path: str | os.PathLike[str], gold: str | os.PathLike[str] | None = None) -> tuple[list[str], list[str]]:
    """(texts, sub-types) from an ACLED export: a CSV with ``notes`` and ``sub_event_type`` columns,
    or a ``.jsonl`` of ``{"id", "text"}`` documents with its gold file (``X.gold.json`` beside
    ``X.jsonl`` unless ``gold`` is given; the first event's ``sub_event_type[0]``)."""
    p = Path(path)
    texts: list[str] = []
    labels: list[str] = []
    if p.suffix.lower() == ".jsonl":
        g = Path(gold) if gold else p.with_name(p.name[: -len(".jsonl")] + ".gold.json")
        if not g.exists():
            raise ValueError(f"no gold file {g} for {p}")
        gold_d = json.loads(g.read_text(encoding="utf-8"))
        sub_of: dict[str, str] = {}
        for d in gold_d.get("documents", []):
            evs = d.get("events") or []
            if evs and evs[0].get("sub_event_type"):
                s = evs[0]["sub_event_type"]
                sub_of[d["doc_id"]] = s[0] if isinstance(s, list) else s
        with p.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                d = json.loads(line)
                sub = sub_of.get(d.get("id", ""))
                if sub and d.get("text"):
                    texts.append(d["text"])
                    labels.append(sub)
    else:
        with p.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            cols = {c.strip().lower(): c for c in reader.fieldnames or []}
            if "notes" not in cols or "sub_event_type" not in cols:
                raise ValueError(f"{p}: needs 'notes' and 'sub_event_type' columns")
            seen: set[str] = set()
            for row in reader:
                note = (row.get(cols["notes"]) or "").strip()
                sub = (row.get(cols["sub_event_type"]) or "").strip()
                if note and sub in EVENT_TYPE_OF and note not in seen:  # one row per note
                    seen.add(note)
                    texts.append(note)
                    labels.append(sub)
    if not texts:
        raise ValueError(f"{p}: no labelled texts")
    return texts, labels


# ---------------------------------------------------------------- training

def build_estimator(max_features: int = 200_000) -> Any:
    """The unfitted TF-IDF + logistic-regression pipeline."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    feats = FeatureUnion([
        ("word", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, lowercase=True,
                                 max_features=max_features // 2)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True,
                                 lowercase=True, max_features=max_features // 2)),
    ])
    return Pipeline([("tfidf", feats), ("clf", LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced"))])


def choose_threshold(probs: Sequence[float], right: Sequence[bool], target: float = 0.92,
                     min_n: int = 20, weights: Sequence[float] | None = None) -> float:
    """The lowest threshold at which the model's predictions at or above it are right at least
    ``target`` of the time on held-out data (at least ``min_n`` of them; each counted with its
    ``weight``: 1 / its true type's frequency, so that rare types count as much as common ones, as
    in a stratified sample); else DEFAULT_THRESHOLD."""
    w = list(weights) if weights is not None else [1.0] * len(probs)
    triples = sorted(zip(probs, right, w), key=lambda t: -t[0])
    best = DEFAULT_THRESHOLD
    w_right = w_all = 0.0
    for i, (p, r, wt) in enumerate(triples, 1):
        w_all += wt
        w_right += wt if r else 0.0
        if i >= min_n and w_right / w_all >= target:
            best = p
    return round(float(best), 3)


def train(texts: Sequence[str], labels: Sequence[str], out: str | os.PathLike[str] | None = None, *,
          threshold: float | None = None, holdout: float = 0.2, seed: int = 13,
          max_features: int = 200_000, brief_chars: int = BRIEF_CHARS,
          min_support: int = MIN_SUPPORT) -> dict[str, Any]:
    """Fit the model and write it with joblib to ``out`` (default :func:`default_model_path`).

    Unless ``threshold`` is given, it is chosen on a ``holdout`` share of the training texts
    (:func:`choose_threshold`); the model is then refit on every text. Returns a summary."""
    import joblib

    if len(texts) != len(labels):
        raise ValueError("texts and labels differ in length")
    if len(set(labels)) < 2:
        raise ValueError("need at least two sub-event types to train")
    info: dict[str, Any] = {"n": len(texts), "classes": len(set(labels))}
    if threshold is None:
        idx = list(range(len(texts)))
        random.Random(seed).shuffle(idx)
        k = int(len(idx) * holdout)
        held, fit = idx[:k], idx[k:]
        if k >= 20 and len({labels[i] for i in fit}) >= 2:
            est = build_estimator(max_features).fit([texts[i] for i in fit], [labels[i] for i in fit])
            proba = est.predict_proba([texts[i] for i in held])
            classes = list(est.classes_)
            pred = [classes[int(row.argmax())] for row in proba]
            probs = [float(row.max()) for row in proba]
            right = [p == labels[i] for p, i in zip(pred, held)]
            freq = Counter(labels[i] for i in held)
            threshold = choose_threshold(probs, right, weights=[1.0 / freq[labels[i]] for i in held])
            info["holdout_accuracy"] = round(sum(right) / len(right), 4)
            above = [r for p, r in zip(probs, right) if p >= threshold]
            info["holdout_above_threshold"] = {"share": round(len(above) / len(right), 4),
                                               "accuracy": round(sum(above) / max(1, len(above)), 4)}
        else:
            threshold = DEFAULT_THRESHOLD
    est = build_estimator(max_features).fit(list(texts), list(labels))
    path = Path(out) if out else default_model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"format": FORMAT, "model": est, "threshold": float(threshold), "brief_chars": brief_chars,
                 "support": dict(Counter(labels)), "min_support": min_support}, path)
    info.update(threshold=float(threshold), path=str(path))
    return info


# ---------------------------------------------------------------- using a model

class TyperModel:
    """A loaded model: :meth:`predict` gives (sub-event type, probability)."""

    def __init__(self, bundle: dict[str, Any]):
        if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
            raise ValueError("not a sitroom typer model")
        self.model = bundle["model"]
        self.threshold = float(bundle.get("threshold", DEFAULT_THRESHOLD))
        self.brief_chars = int(bundle.get("brief_chars", BRIEF_CHARS))
        self.classes = [str(c) for c in self.model.classes_]
        self.min_support = int(bundle.get("min_support", MIN_SUPPORT))
        self.support: dict[str, int] = dict(bundle.get("support") or {c: self.min_support for c in self.classes})

    def knows(self, sub_type: str) -> bool:
        """Whether the model saw ``sub_type`` often enough in training to overrule the rules on it."""
        return self.support.get(sub_type, 0) >= self.min_support

    def predict(self, text: str) -> tuple[str, float]:
        row = self.model.predict_proba([text])[0]
        i = int(row.argmax())
        return self.classes[i], float(row[i])


def load(path: str | os.PathLike[str]) -> TyperModel:
    import joblib

    return TyperModel(joblib.load(path))


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime: float) -> TyperModel:
    return load(path)


def active() -> TyperModel | None:
    """The model ``$SITROOM_TYPER_MODEL`` points to, or None (the default: no model)."""
    path = os.environ.get(ENV)
    if not path:
        return None
    try:
        return _load_cached(path, os.path.getmtime(path))
    except ImportError as e:
        raise RuntimeError(f"{ENV} is set but scikit-learn/joblib are missing ({e}); "
                           "pip install 'sitroom[typer]'") from None
    except OSError as e:
        raise RuntimeError(f"{ENV}={path}: {e}") from None


def predict(text: str) -> tuple[str, float] | None:
    """(sub-event type, probability) from the active model, or None when no model is set."""
    m = active()
    return m.predict(text) if m is not None else None


def second_opinion(events: Iterable[Any], text: str, model: TyperModel | None = None) -> list[Any]:
    """Events of a brief (``text`` up to the model's ``brief_chars``) retyped by the model when its
    probability reaches its threshold and the rules' sub-type is one the model knows (``MIN_SUPPORT``
    training examples: it has no say on types it never learned); otherwise the events unchanged."""
    events = list(events)
    m = model if model is not None else active()
    body = " ".join(text.split())
    if m is None or not events or not body or len(body) > m.brief_chars:
        return events
    sub, p = m.predict(body)
    if p < m.threshold or sub not in SUB_EVENT_TYPES:
        return events
    out = []
    for e in events:
        if e.sub_event_type == sub or getattr(e, "background", False) or not m.knows(e.sub_event_type):
            out.append(e)
            continue
        out.append(replace(e, event_type=EVENT_TYPE_OF[sub], sub_event_type=sub,
                           type_reason=f"model:p={p:.2f} (rules: {e.sub_event_type})",
                           type_confidence=round(p, 3)))
    return out
