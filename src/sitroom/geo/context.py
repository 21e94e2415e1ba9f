"""Document context for toponym disambiguation (CLAVIN / Mordecai style).

Each mention spreads a probability mass over its candidates (a softmax of their
current scores); the masses are summed per country and per first-level division
("US.GA"). A candidate is then supported by the mass the *other* distinct names of
the document put on its country and on its admin1: "Dublin" next to "Atlanta",
"Macon" and "Ga." is the Georgian Dublin, "Georgia" next to "Tbilisi" and "Russia"
the country. Repeated mentions of one name count once, so a name does not vote for
itself.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..records import PlaceCandidate
from .rank import get_ranker

__all__ = ["Mass", "Support", "mention_mass", "document_support", "context_bonus", "context_terms"]

TEMPERATURE = 1.0  # score units per e-fold in the softmax
MAX_CANDS = 15  # only the best candidates of a mention spread mass


def admin1_key(c: PlaceCandidate) -> str | None:
    """``"US.GA"`` for Georgia and for every place in it; None for countries/regions."""
    if c.precision == "country" or not c.admin1 or not c.country:
        return None
    return f"{c.country}.{c.admin1}"


@dataclass
class Mass:
    """One name's probability mass per country and per admin1."""

    country: dict[str, float] = field(default_factory=dict)
    admin1: dict[str, float] = field(default_factory=dict)


@dataclass
class Support:
    """Summed masses of all distinct names of a document."""

    country: dict[str, float] = field(default_factory=dict)
    admin1: dict[str, float] = field(default_factory=dict)


def mention_mass(cands: Sequence[PlaceCandidate], scores: Sequence[float],
                 temperature: float = TEMPERATURE) -> Mass:
    """Softmax of ``scores`` over ``cands`` (the best ``MAX_CANDS``), summed by country and admin1."""
    if not cands:
        return Mass()
    pairs = sorted(zip(scores, range(len(cands))), reverse=True)[:MAX_CANDS]
    top = pairs[0][0]
    weights = [(math.exp((s - top) / temperature), i) for s, i in pairs]
    total = sum(w for w, _ in weights)
    country: defaultdict[str, float] = defaultdict(float)
    admin1: defaultdict[str, float] = defaultdict(float)
    for w, i in weights:
        c = cands[i]
        p = w / total
        if c.country:
            country[c.country] += p
        a = admin1_key(c)
        if a:
            admin1[a] += p
    return Mass(dict(country), dict(admin1))


def document_support(masses: Sequence[Mass]) -> Support:
    """Sum the masses of the document's distinct names."""
    country: defaultdict[str, float] = defaultdict(float)
    admin1: defaultdict[str, float] = defaultdict(float)
    for m in masses:
        for k, v in m.country.items():
            country[k] += v
        for k, v in m.admin1.items():
            admin1[k] += v
    return Support(dict(country), dict(admin1))


def context_terms(c: PlaceCandidate, own: Mass, doc: Support) -> tuple[float, float]:
    """``(admin1 term, country term)``: log1p of the other names' mass on ``c``'s admin1 and
    on its country (0 below 0.05)."""
    t_country = t_admin1 = 0.0
    if c.country:
        sc = doc.country.get(c.country, 0.0) - own.country.get(c.country, 0.0)
        if sc > 0.05:
            t_country = math.log1p(sc)
    a = admin1_key(c)
    if a:
        sa = doc.admin1.get(a, 0.0) - own.admin1.get(a, 0.0)
        if sa > 0.05:
            t_admin1 = math.log1p(sa)
    return t_admin1, t_country


def context_bonus(c: PlaceCandidate, own: Mass, doc: Support,
                  w_country: float | None = None, w_admin1: float | None = None) -> float:
    """Score bonus of ``c`` from the other names' mass on its country and its admin1, weighted
    as the place ranker weighs them (``data/place_ranker.json``) unless weights are given."""
    ranker = get_ranker()
    t_admin1, t_country = context_terms(c, own, doc)
    wc = ranker.weight("ctx_country") if w_country is None else w_country
    wa = ranker.weight("ctx_admin1") if w_admin1 is None else w_admin1
    return wc * t_country + wa * t_admin1
