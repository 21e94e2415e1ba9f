"""Small helpers over parsed documents shared by the stages.

``Token.sent`` walks the whole document in spaCy 3 (it re-iterates ``Doc.sents``),
so stages that need "the sentence of token i" many times use :func:`sent_of`,
which computes the sentence boundaries once per document. Likewise ``Doc.text`` and
``Span.text`` join every token on each access (:func:`doc_text`, :func:`span_text` slice
the text joined once), and iterating a span builds a new ``Token`` per token each time
(:func:`tokens` keeps one list per document; :func:`sent_forms` the lemmas and lower-cased
forms of a sentence).
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

_KEY = "sitroom_sents"
_TEXT_KEY = "sitroom_text"
_TOKENS_KEY = "sitroom_tokens"
_FORMS_KEY = "sitroom_forms"
_STARTS_KEY = "sitroom_starts"
_CASUALTIES_KEY = "sitroom_casualties"  # slots.casualty


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
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def remember_text(doc: Doc, text: str) -> bool:
    """Tell ``doc_text`` the string ``doc`` was parsed from (spaCy's tokenizer keeps every character, so
    it is ``doc.text``) and spare it the join. Refused (False) when the last token does not end where
    ``text`` does."""
    end = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if end != len(text):
        return False
    doc.user_data[_TEXT_KEY] = text
    return True


def span_text(span: Span) -> str:
    """``span.text`` as a slice of :func:`doc_text` (spaCy's tokens keep every character, and a span's text
    runs from its first token's start to its last token's end)."""
    if not len(span):
        return span.text
    return doc_text(span.doc)[span.start_char:span.end_char]


def tokens(doc: Doc) -> list[Token]:
    """The document's tokens, built once per document (``doc[i]`` and iteration build a new ``Token``
    object each time): ``tokens(doc)[sent.start:sent.end]`` walks a sentence without that cost."""
    cached: list[Token] | None = doc.user_data.get(_TOKENS_KEY)
    if cached is None or len(cached) != len(doc):
        cached = list(doc)
        doc.user_data[_TOKENS_KEY] = cached
    return cached


def sent_forms(span: Span) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(lemmas, lower-cased forms) of the span's tokens, computed once per span of a document."""
    doc = span.doc
    cache: dict[tuple[int, int, int], tuple[tuple[str, ...], tuple[str, ...]]] | None = doc.user_data.get(_FORMS_KEY)
    if cache is None:
        cache = doc.user_data[_FORMS_KEY] = {}
    key = (span.start, span.end, len(doc))
    got = cache.get(key)
    if got is None:
        toks = tokens(doc)[span.start:span.end]
        got = cache[key] = (tuple(t.lemma_ for t in toks), tuple(t.lower_ for t in toks))
    return got


def token_starts(doc: Doc) -> list[int]:
    """Each token's character offset (``[t.idx for t in doc]``), built once per document; for bisecting,
    not for changing."""
    cached: list[int] | None = doc.user_data.get(_STARTS_KEY)
    if cached is None or len(cached) != len(doc):
        cached = [t.idx for t in tokens(doc)]
        doc.user_data[_STARTS_KEY] = cached
    return cached


def forget(doc: Doc) -> None:
    """Drop what these helpers cached on ``doc`` (recomputed if asked again). The cached spans and tokens
    point back at the document, a cycle only the garbage collector breaks; once they are dropped a
    finished document is freed as soon as nothing else holds it."""
    for key in (_KEY, _TEXT_KEY, _TOKENS_KEY, _FORMS_KEY, _STARTS_KEY, _CASUALTIES_KEY):
        doc.user_data.pop(key, None)
