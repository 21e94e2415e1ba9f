"""What the typing tests share: the events of an invented sentence, their sub-types, and the typing
reasons to print when an assertion fails."""
from __future__ import annotations

from sitroom import extract
from sitroom.records import EventReport


def events_of(text: str, published: str = "2023-03-15") -> list[EventReport]:
    return list(extract(text, published=published, doc_id="t").events)


def subs(text: str) -> list[str]:
    return [e.sub_event_type for e in events_of(text)]


def why(text: str) -> list[tuple[str, str | None]]:
    return [(e.sub_event_type, e.type_reason) for e in events_of(text)]
