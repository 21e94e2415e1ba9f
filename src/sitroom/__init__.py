"""sitroom: conflict news to a checkable event record."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .records import DocumentResult

__version__ = "0.1.0"

__all__ = ["__version__", "extract"]


def extract(text: str, published: str | None = None, doc_id: str = "doc", **kw: Any) -> DocumentResult:
    """Extract events, quotes and claims from one article text.

    Returns a :class:`sitroom.records.DocumentResult`.
    """
    from .pipeline import extract_text

    return extract_text(text, published=published, doc_id=doc_id, **kw)
