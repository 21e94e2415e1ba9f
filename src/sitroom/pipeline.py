"""The pipeline: how the stages compose.

For each document, in this order:

1. **ingest** (done by the caller: :mod:`sitroom.ingest`) gives a ``Document``
   with a publication date and its basis.
2. **nlp**: the text is cut into paragraphs (so a headline never runs into the
   next sentence) and parsed with spaCy in batches across documents; the
   paragraph parses are joined back into one ``Doc`` whose offsets are those of
   the original text.
3. **dates**: every date phrase resolved against the publication date (or an
   inferred one when the document has none).
4. **places**: toponyms resolved against the GeoNames gazetteer, using the
   article's other places and the country in focus.
5. **actors**: mentions normalised to ACLED actors (the focus country from
   step 4 resolves "the army", "villagers").
6. **events**: triggers typed with the ACLED taxonomy, each given its own date,
   place, actors and casualties (**casualties** stage), and sources/claims of
   responsibility (**attribution** stage).
7. **attribution**: quotes and numeric claims.
8. **resolve**: one record per event within the document; event ids shared
   with other reports of the same event (cross-document resolution happens in
   the store).

Each stage is a plain function of typed records; this module only wires them.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any

from spacy.tokens import Doc

from . import actors as actors_mod
from . import casualties as casualties_mod
from . import dates as dates_mod
from . import published as published_mod
from . import events as events_mod
from . import resolve as resolve_mod
from .geo.document import country_place, dateline_spans, document_places
from .nlp import get_nlp
from .records import (
    Claim,
    Document,
    DocumentError,
    DocumentResult,
    PublishedDate,
    Quote,
    ResolvedPlace,
)

log = logging.getLogger(__name__)

WHAT_ALL = ("events", "quotes", "claims")
_PARA = re.compile(r"[^\n]*(?:\n+|$)")


@dataclass(frozen=True)
class Config:
    what: tuple[str, ...] = WHAT_ALL
    batch_size: int = 32
    # reported speech ("X warned that …") is found too; quote exports carry direct quotes unless asked
    reported_speech: bool = False


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, chunk) pieces whose concatenation is exactly ``text``."""
    out = []
    for m in _PARA.finditer(text):
        if m.end() > m.start():
            out.append((m.start(), m.group()))
    return out


def _case_for_parse(text: str) -> str:
    """ALL-CAPS wire copy parses badly; parse a lower-cased copy of the same length."""
    letters = [c for c in text[:5000] if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        low = text.lower()
        if len(low) == len(text):
            return low
    return text


def parse_documents(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts paragraph by paragraph in batches, yielding one Doc per text (same offsets)."""
    nlp = get_nlp()
    texts_iter = iter(texts)
    while True:
        chunk = list(islice(texts_iter, batch_size))
        if not chunk:
            return
        pieces: list[tuple[str, int]] = []
        for i, t in enumerate(chunk):
            pt = _case_for_parse(t)
            for _, para in paragraphs(pt):
                pieces.append((para, i))
        per_doc: list[list[Doc]] = [[] for _ in chunk]
        for d, i in nlp.pipe(pieces, as_tuples=True, batch_size=64):
            per_doc[i].append(d)
        for i, parts in enumerate(per_doc):
            if not parts:
                yield nlp.make_doc("")
            elif len(parts) == 1:
                yield parts[0]
            else:
                yield Doc.from_docs(parts, ensure_whitespace=False)


def _anchor(document: Document) -> PublishedDate:
    p = document.published
    if p.date:
        return p
    return published_mod.infer_published(document.text)


def _places(text: str, doc: Doc, document: Document | None = None) -> tuple[list[ResolvedPlace], str | None]:
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    for e in doc.ents:  # "Kharkiv's Saltivka district" tagged as one ORG: the owner is a place candidate
        for t in e:
            if t.lower_ in ("'s", "\u2019s") and t.i > e.start:
                ents.append((e.start_char, t.idx, "GPE"))
                break
    return document_places(text, ents, url=document.url if document else None,
                           outlet=document.outlet if document else None)


def _attribution() -> Any:
    try:
        from . import attribution
    except ImportError:  # pragma: no cover
        return None
    return attribution


def analyse(document: Document, doc: Doc, config: Config = Config()) -> DocumentResult:
    """Run every stage after parsing on one document."""
    text = document.text
    anchor = _anchor(document)
    if anchor is not document.published and anchor.date:
        document = replace(document, published=anchor)
    found_dates = dates_mod.find_dates(text, anchor)
    places, focus = _places(text, doc, document)
    found_actors = actors_mod.find_actors(doc, focus_country=focus)
    attr = _attribution()
    events: list[Any] = []
    quotes: Sequence[Quote] = ()
    claims: Sequence[Claim] = ()
    if "events" in config.what or "claims" in config.what:
        ctx = events_mod.Context(
            doc_id=document.id, anchor=anchor, dates=found_dates, places=places, actors=found_actors,
            focus_country=focus, casualties=casualties_mod.find_casualty_mentions,
            sources=getattr(attr, "event_sources", None), claimed_by=getattr(attr, "claimed_by", None),
            country_place=country_place, exclude=dateline_spans(text), source_text=text,
        )
        events = events_mod.find_events(doc, ctx)
        events = resolve_mod.merge_within_document(events)
    if attr is not None and "quotes" in config.what and hasattr(attr, "find_quotes"):
        all_quotes = attr.find_quotes(doc, document.id)
        quotes = [q for q in all_quotes if q.direct or config.reported_speech]
    else:
        all_quotes = None
    if attr is not None and "claims" in config.what and hasattr(attr, "find_claims"):
        claims = resolve_mod.link_claims(attr.find_claims(doc, document.id, all_quotes), events)
    if "events" not in config.what:
        events = []
    return DocumentResult(document=document, events=tuple(events), quotes=tuple(quotes), claims=tuple(claims))


def process(docs: Iterable[Document | DocumentError], *, what: Sequence[str] = WHAT_ALL,
            batch_size: int = 32, reported_speech: bool = False) -> Iterator[DocumentResult | DocumentError]:
    """Extract from a stream of documents, in input order, streaming in batches.

    Errors from ingest pass straight through; a document that fails in a stage
    becomes a ``DocumentError`` and the batch goes on.
    """
    config = Config(what=tuple(what), batch_size=batch_size, reported_speech=reported_speech)
    it = iter(docs)
    while True:
        chunk = list(islice(it, batch_size))
        if not chunk:
            return
        good = [d for d in chunk if isinstance(d, Document)]
        try:
            parsed = list(parse_documents([d.text for d in good], batch_size=batch_size))
        except Exception as exc:  # parse the batch one by one to isolate the culprit
            log.warning("batch parse failed (%s); parsing one by one", exc)
            parsed = []
            for d in good:
                try:
                    parsed.extend(parse_documents([d.text]))
                except Exception:
                    parsed.append(None)  # type: ignore[arg-type]
        by_id = {id(d): p for d, p in zip(good, parsed)}
        for d in chunk:
            if isinstance(d, DocumentError):
                yield d
                continue
            p = by_id.get(id(d))
            if p is None:
                yield DocumentError(d.id, d.source_path or d.id, "nlp", "internal", "spaCy could not parse this document")
                continue
            try:
                yield analyse(d, p, config)
            except Exception as exc:
                log.exception("extraction failed for %s", d.id)
                yield DocumentError(d.id, d.source_path or d.id, "extract", "internal",
                                    f"extraction failed: {type(exc).__name__}: {exc}")


def extract_text(text: str, published: str | None = None, doc_id: str = "doc", *,
                 what: Sequence[str] = WHAT_ALL) -> DocumentResult:
    """Library entry point for one text. ``published`` is an ISO date or None."""
    pub = PublishedDate(published, "published", evidence="argument") if published else None
    if pub is None:
        pub = published_mod.read_dateline(text) or PublishedDate(None, "none")
    document = Document(id=doc_id, text=text, published=pub)
    (result,) = list(process([document], what=what))
    if isinstance(result, DocumentError):
        raise ValueError(result.message)
    return result


def focus_country_of(places: Sequence[ResolvedPlace]) -> str | None:
    c = Counter(p.country for p in places if p.country)
    return c.most_common(1)[0][0] if c else None
