"""Numeric claims (placeholder until numbers.py lands)."""
from __future__ import annotations

from spacy.tokens import Doc

from .records import Claim


def find_claims(doc: Doc, doc_id: str) -> list[Claim]:
    return []
