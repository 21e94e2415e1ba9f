"""Typed, immutable records passed between pipeline stages.

Every stage is a function from these records to these records (see ``pipeline``).
Every derived value carries its evidence: character offsets into the document
text, the phrase it was read from, what it was resolved against, and a
confidence. ``to_dict`` methods give the JSON shapes of ``records.md``.

Offsets are 0-based, end exclusive, into ``Document.text``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DateBasis = Literal["published", "inferred", "absolute", "none"]
DatePrecision = Literal["day", "week", "month", "season", "year", "years", "unknown"]
PlacePrecision = Literal["city", "admin2", "admin1", "country"]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the document: offsets and the exact text between them."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class PublishedDate:
    """When a document was published, and how we know."""

    date: str | None  # ISO YYYY-MM-DD (the anchor used for relative dates)
    basis: DateBasis  # "published" = from metadata/text; "inferred" = guessed from content
    earliest: str | None = None  # range for inferred dates
    latest: str | None = None
    evidence: str | None = None  # the phrase or field it came from


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    text: str
    published: PublishedDate = field(default_factory=lambda: PublishedDate(None, "none"))
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    language: str | None = None
    source_path: str | None = None
    captions: tuple[str, ...] = ()  # photo captions the page's markup marks (HTML ``<figcaption>``)


@dataclass(frozen=True, slots=True)
class DocumentError:
    """A document that could not be read or processed. The batch goes on."""

    doc_id: str
    source: str  # path (and line number for JSONL) it came from
    stage: str  # ingest | nlp | extract | store
    code: str  # short machine code: empty, binary, encoding, too_large, bad_json, no_text, no_article, not_english, internal
    message: str  # one human line
    fatal: bool = True  # False = warning: the document was still processed


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    start: str | None  # ISO date
    end: str | None
    precision: DatePrecision
    text: str  # the phrase it was read from
    basis: DateBasis
    span_start: int = -1  # offsets of the phrase in the document (-1 if none)
    span_end: int = -1
    past: bool = True  # False when the phrase is explicitly future ("next week")
    confidence: float = 0.8

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "precision": self.precision,
                "text": self.text, "basis": self.basis}


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    geonameid: int
    name: str
    country: str  # ISO alpha-2
    admin1: str | None
    lat: float
    lon: float
    precision: PlacePrecision
    population: int = 0
    feature: str = ""  # GeoNames feature code (PPLC, PPLA, ADM1, PCLI, ...)


@dataclass(frozen=True, slots=True)
class ResolvedPlace:
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: PlacePrecision
    text: str  # the words in the article
    span_start: int
    span_end: int
    geonameid: int | None = None
    confidence: float = 0.5
    reason: str = ""  # why this candidate: "only_candidate", "country_focus", "near:Mosul", ...
    resolved_against: str = ""  # the document's likely countries and their shares: "BF 0.71, ML 0.14"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "admin1": self.admin1, "country": self.country,
                "lat": self.lat, "lon": self.lon, "precision": self.precision,
                "geonameid": self.geonameid, "text": self.text,
                "confidence": self.confidence, "reason": self.reason, "resolved_against": self.resolved_against}


@dataclass(frozen=True, slots=True)
class ActorMention:
    canonical: str  # ACLED-style name: "Military Forces of Iraq"
    kind: str  # state_forces | rebels | political_militia | identity_militia | rioters | protesters | civilians | external | other
    text: str  # words in the article
    span_start: int
    span_end: int
    country: str | None = None
    confidence: float = 0.7
    source: str = "alias"  # alias | rule | coref


@dataclass(frozen=True, slots=True)
class Fatalities:
    low: int | None
    best: int | None
    high: int | None
    text: str
    span_start: int = -1
    span_end: int = -1
    wounded: int | None = None  # kept apart; never added to fatalities
    confidence: float = 0.7

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "best": self.best, "high": self.high, "text": self.text}


@dataclass(frozen=True, slots=True)
class EventReport:
    """One event as reported in one document (one line of ``extract --format jsonl``)."""

    event_id: str
    doc_id: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor1_mention: str | None
    actor2: str | None
    actor2_mention: str | None
    date: ResolvedDate | None
    location: ResolvedPlace | None
    fatalities: Fatalities | None
    evidence: tuple[Span, ...]
    background: bool = False
    confidence: float = 0.5
    trigger: Span | None = None
    sources: tuple[str, ...] = ()
    claimed_by: str | None = None  # who claimed responsibility (distinct from actor1)
    report_id: str = ""
    inter1: int | None = None  # ACLED actor type code of actor1 (1 state forces … 8 external/other)
    inter2: int | None = None
    type_reason: str | None = None  # why the sub-event type was chosen (the typing rule and its inputs)
    type_confidence: float | None = None
    # how each actor was found: alias | rule (a generic noun) | coref | victim | opponent | agent | crowd |
    # clash | attributed | default (no words: the event type's usual side, e.g. civilians of an attack)
    actor1_reason: str | None = None
    actor2_reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "report_id": self.report_id,
            "doc_id": self.doc_id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1,
            "actor1_mention": self.actor1_mention,
            "actor2": self.actor2,
            "actor2_mention": self.actor2_mention,
            "date": self.date.to_dict() if self.date else None,
            "location": self.location.to_dict() if self.location else None,
            "fatalities": self.fatalities.to_dict() if self.fatalities else None,
            "sources": list(self.sources),
            "claimed_by": self.claimed_by,
            "evidence": [e.to_dict() for e in self.evidence],
            "trigger": self.trigger.to_dict() if self.trigger else None,
            "background": self.background,
            "confidence": round(self.confidence, 3),
            "inter1": self.inter1,
            "inter2": self.inter2,
            "type_reason": self.type_reason,
            "type_confidence": None if self.type_confidence is None else round(self.type_confidence, 3),
            "actor1_reason": self.actor1_reason,
            "actor2_reason": self.actor2_reason,
        }


@dataclass(frozen=True, slots=True)
class Quote:
    doc_id: str
    speaker: str | None
    speaker_mention: str | None
    speaker_role: str | None
    text: str
    direct: bool
    start: int
    end: int
    confidence: float = 0.7

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Claim:
    doc_id: str
    subject: str
    value_low: float | None
    value_high: float | None
    unit: str | None
    source: str | None
    text: str
    start: int
    end: int
    event_id: str | None = None
    confidence: float = 0.6
    kind: str = "other"  # what it counts: killed | wounded | arrested | displaced | abducted | missing | other

    def to_dict(self) -> dict[str, Any]:
        def num(v: float | None) -> float | int | None:
            return int(v) if v is not None and float(v).is_integer() else v

        return {"doc_id": self.doc_id, "subject": self.subject,
                "value": {"low": num(self.value_low), "high": num(self.value_high)},
                "unit": self.unit, "source": self.source, "text": self.text,
                "start": self.start, "end": self.end, "event_id": self.event_id,
                "confidence": round(self.confidence, 3), "kind": self.kind}


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything extracted from one document."""

    document: Document
    events: tuple[EventReport, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    errors: tuple[DocumentError, ...] = ()  # warnings (fatal=False) for a processed document
