"""Small helpers over parsed documents shared by the stages.

``Token.sent`` walks the whole document in spaCy 3 (it re-iterates ``Doc.sents``),
so stages that need "the sentence of token i" many times use :func:`sent_of`,
which computes the sentence boundaries once per document.
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span

_KEY = "sitroom_sents"


def sentences(doc: Doc) -> tuple[list[int], list[Span]]:
    """Sentence start indices and sentence spans of a document, computed once and cached on it."""
    cached = doc.user_data.get(_KEY)
    if cached is None or (cached[1] and cached[1][-1].end != len(doc)):
        spans = list(doc.sents) if len(doc) else []
        cached = ([sp.start for sp in spans], spans)
        doc.user_data[_KEY] = cached
    return cached


def sent_of(doc: Doc, i: int) -> Span:
    """The sentence holding token ``i``."""
    starts, spans = sentences(doc)
    return spans[max(0, bisect_right(starts, i) - 1)]


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per document (spaCy re-joins every token on each access)."""
    text = doc.user_data.get("sitroom_text")
    if text is None:
        text = doc.text
        doc.user_data["sitroom_text"] = text
    return text
