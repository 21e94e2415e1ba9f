"""The pipeline: how the stages compose.

For each document, in this order:

1. **ingest** (done by the caller: :mod:`sitroom.ingest`) gives a ``Document``
   with a publication date and its basis.
2. **zones** (:mod:`sitroom.zones`): headline, standfirst, date and byline lines, captions,
   related-link lists, comments and site furniture are blanked (same offsets); the body is read.
   **nlp**: the text is cut into paragraphs (so a headline never runs into the
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
from functools import partial
from itertools import islice
from typing import Any

from spacy.tokens import Doc

from . import actors as actors_mod
from . import attribution, claim_tolls, typer_model
from . import casualties as casualties_mod
from . import coref as coref_mod
from . import dates as dates_mod
from . import events as events_mod
from . import limits as limits_mod
from . import published as published_mod
from . import resolve as resolve_mod
from . import zones as zones_mod
from .doctools import forget, remember_text, sentences
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
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


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
        copies: list[str] = []
        lim = limits_mod.limits()
        for i, t in enumerate(chunk):
            pt = limits_mod.parse_copy(_case_for_parse(t), lim)  # same length: offsets unchanged
            copies.append(pt)
            for _, para in paragraphs(pt):
                for piece in limits_mod.pieces(para, lim):  # no sentence longer than lim.max_piece
                    pieces.append((piece, i))
        per_doc: list[list[Doc]] = [[] for _ in chunk]
        for d, i in nlp.pipe(pieces, as_tuples=True, batch_size=256):
            per_doc[i].append(d)
        for parts, pt in zip(per_doc, copies):
            if not parts:
                doc = nlp.make_doc("")
            elif len(parts) == 1:
                doc = parts[0]
            else:
                doc = Doc.from_docs(parts, ensure_whitespace=False)
            remember_text(doc, pt)  # the pieces concatenate to the parse copy: doc.text without the join
            yield doc


def reading_text(document: Document) -> str:
    """The document's body (:mod:`sitroom.zones`): headline, date and byline lines, captions, related
    links, comments and site furniture blanked by spaces, so every offset still points into the text."""
    return zones_mod.body_text(document.text, zones_mod.find_zones(document.text, document.captions))


def _anchor(document: Document, text: str | None = None) -> PublishedDate:
    p = document.published
    if p.date:
        return p
    return published_mod.infer_published(document.text if text is None else text)


def _places(text: str, doc: Doc, document: Document | None = None,
            prior_out: list[Any] | None = None) -> tuple[list[ResolvedPlace], str | None]:
    doc_ents = doc.ents  # a new tuple of new spans on every access: read once
    ents = [(e.start_char, e.end_char, e.label_) for e in doc_ents]
    for e in doc_ents:  # "Kharkiv's Saltivka district" tagged as one ORG: the owner is a place candidate
        for t in e:
            if t.lower_ in ("'s", "\u2019s") and t.i > e.start:
                ents.append((e.start_char, t.idx, "GPE"))
                break
    return document_places(text, ents, url=document.url if document else None,
                           outlet=document.outlet if document else None, prior_out=prior_out)


def analyse(document: Document, doc: Doc, config: Config = Config(),
            budget: limits_mod.Budget | None = None, text: str | None = None) -> DocumentResult:
    """Run every stage after parsing on one document (``budget``: raises ``OverBudget`` between
    stages once the document's time is spent; ``text``: its ``reading_text`` when the caller has it)."""
    check = budget.check if budget is not None else (lambda stage: None)
    text = reading_text(document) if text is None else text
    anchor = _anchor(document, text)
    if anchor is not document.published and anchor.date:
        document = replace(document, published=anchor)
    check("dates")
    found_dates = dates_mod.find_dates(text, anchor)
    check("places")
    priors: list[Any] = []  # the country prior: a country fallback says what it rests on
    places, focus = _places(text, doc, document, priors)
    check("actors")
    found_actors = actors_mod.find_actors(doc, focus_country=focus)
    events: list[Any] = []
    quotes: Sequence[Quote] = ()
    claims: Sequence[Claim] = ()
    if "events" in config.what or "claims" in config.what:
        ctx = events_mod.Context(
            doc_id=document.id, anchor=anchor, dates=found_dates, places=places, actors=found_actors,
            focus_country=focus, casualties=casualties_mod.find_casualty_mentions,
            sources=attribution.event_sources, claimed_by=attribution.claimed_by,
            country_place=partial(country_place, prior=priors[0] if priors else None),
            exclude=dateline_spans(text), source_text=text,
        )
        check("events")
        events = events_mod.find_events(doc, ctx)
        check("resolve")
        events = resolve_mod.merge_within_document(events)
        events = coref_mod.merge_mentions(doc, events)
        events = coref_mod.mark_background(events, anchor.date)
        # a toll told in the next sentence, which the extractor read as an event of its own
        events = claim_tolls.next_breath_tolls(
            events, text, [sp.start_char for sp in sentences(doc)[1]],
            [m.start() for m in _BLANK_LINE.finditer(text)])
        # --- optional learned second opinion (off unless SITROOM_TYPER_MODEL / --typer-model is set) ---
        if typer_model.active() is not None:
            events = typer_model.second_opinion(events, text)
    all_quotes: list[Quote] | None = None
    check("quotes")
    if "quotes" in config.what:
        all_quotes = attribution.find_quotes(doc, document.id)
        quotes = [q for q in all_quotes if q.direct or config.reported_speech]
    check("claims")
    if "claims" in config.what:
        claims = resolve_mod.link_claims(attribution.find_claims(doc, document.id, all_quotes), events)
        claims = claim_tolls.link_toll_claims(claim_tolls.claim_kinds(claims, text), events)
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
        lim = limits_mod.limits()
        refused: dict[int, DocumentError] = {}
        warned: dict[int, DocumentError] = {}
        for d in chunk:  # per-document budget, before the parse (O(length))
            if isinstance(d, Document):
                fatal, warning = limits_mod.check_text(d.text, lim)
                if fatal:
                    refused[id(d)] = DocumentError(d.id, d.source_path or d.id, "nlp", "over_budget", fatal)
                elif warning:
                    warned[id(d)] = DocumentError(d.id, d.source_path or d.id, "nlp", "over_budget", warning,
                                                  fatal=False)
        good = [d for d in chunk if isinstance(d, Document) and id(d) not in refused]
        parsed: list[Doc | None]
        texts = {id(d): reading_text(d) for d in good}  # the zones are found once per document
        try:
            parsed = list(parse_documents([texts[id(d)] for d in good], batch_size=batch_size))
        except Exception as exc:  # parse the batch one by one to isolate the culprit
            log.warning("batch parse failed (%s); parsing one by one", exc)
            parsed = []
            for one in good:
                try:
                    parsed.extend(parse_documents([texts[id(one)]]))
                except Exception:
                    parsed.append(None)
        by_id = {id(d): p for d, p in zip(good, parsed)}
        for d in chunk:
            if isinstance(d, DocumentError):
                yield d
                continue
            if id(d) in refused:
                yield refused[id(d)]
                continue
            p = by_id.get(id(d))
            if p is None:
                yield DocumentError(d.id, d.source_path or d.id, "nlp", "internal", "spaCy could not parse this document")
                continue
            try:
                res = analyse(d, p, config, limits_mod.Budget(lim), texts[id(d)])
                yield replace(res, errors=res.errors + (warned[id(d)],)) if id(d) in warned else res
            except limits_mod.OverBudget as over:  # this document's problem; the batch goes on
                yield DocumentError(d.id, d.source_path or d.id, over.stage, "over_budget", over.message)
            except Exception as exc:
                log.exception("extraction failed for %s", d.id)
                yield DocumentError(d.id, d.source_path or d.id, "extract", "internal",
                                    f"extraction failed: {type(exc).__name__}: {exc}")
            finally:
                forget(p)  # the helpers' caches point back at the Doc: without them it is freed by refcount


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
