"""``--near`` / ``near=`` values: ``PLACE:50km``, ``LAT,LON:50km`` (km or mi; 25 km when left
out) and the API's ``LAT,LON,KM``, read the same way by the command line and the HTTP API.

A place name must be one the gazetteer knows (a name or an alternate name). A name matched
only through its consonant skeleton ("Xyzzy" -> Khizi) is not taken silently: it is an
unknown place, and the message offers the near spellings.
"""
from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from typing import Any

MAX_KM = 20_000.0
DEFAULT_KM = 25.0
_RADIUS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(km|mi)?\s*$", re.IGNORECASE)
_LATLON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")
_LATLONKM = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


class NearError(ValueError):
    """A bad near value; ``suggestions`` are valid place names close to the one given."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions


Resolve = Callable[[str], "tuple[float, float] | None"]


def _radius(text: str) -> float:
    m = _RADIUS.match(text)
    if not m:
        raise NearError(f"radius {text!r} is not like 50km")
    km = float(m.group(1)) * (1.609344 if (m.group(2) or "").lower() == "mi" else 1.0)
    return _check_km(km)


def _check_km(km: float) -> float:
    if not math.isfinite(km) or not 0 < km <= MAX_KM:
        raise NearError(f"radius must be more than 0 and at most {MAX_KM:.0f} km, not {km:g}")
    return km


def _point(lat: float, lon: float) -> tuple[float, float]:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise NearError(f"{lat:g},{lon:g} is not a latitude,longitude (latitude in [-90, 90], "
                        "longitude in [-180, 180])")
    return lat, lon


def parse_near(value: str, resolve: Resolve) -> tuple[float, float, float]:
    """(lat, lon, km) for ``value``; ``resolve(name)`` gives a place's (lat, lon), None when unknown
    (it may raise :class:`NearError` itself, with suggestions)."""
    m = _LATLONKM.match(value)
    if m:
        lat, lon = _point(float(m.group(1)), float(m.group(2)))
        return lat, lon, _check_km(float(m.group(3)))
    spec, km = value, DEFAULT_KM
    if ":" in value:
        spec, radius = value.rsplit(":", 1)
        km = _radius(radius)
    m = _LATLON.match(spec)
    if m:
        lat, lon = _point(float(m.group(1)), float(m.group(2)))
        return lat, lon, km
    name = spec.strip()
    if not name:
        raise NearError("give a place name or LAT,LON before the radius")
    point = resolve(name)
    if point is None:
        raise NearError(f"unknown place {name!r}")
    return point[0], point[1], km


def resolve_place(name: str) -> tuple[float, float] | None:
    """A place name -> (lat, lon) through the gazetteer; :class:`NearError` (with the near
    spellings) for a name the gazetteer only matches loosely, None when nothing matches."""
    from .geo import places
    from .geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    cands, how = gaz.match(name)
    if cands and not _close_enough(name, cands, how):
        raise NearError(f"unknown place {name!r}", tuple(dict.fromkeys(f"{c.name} ({c.country})"
                                                                       for c in cands[:3])))
    found = places.resolve_name(name, gazetteer=gaz)
    if found is None or found.lat is None or found.lon is None:
        return None
    return float(found.lat), float(found.lon)


def _close_enough(name: str, cands: list[Any], how: str) -> bool:
    """Was ``name`` matched without bending it much? The index folds spellings (Falluja/Fallujah,
    y/i, double letters): a name that needed little folding ("Kiev", "Fallujah", "Mawsil") is taken,
    one that needed much ("Xyzzy" -> "xizi", Khizi's key) is not; nor a consonant-skeleton match
    whose place name is spelled differently."""
    from .geo.gazetteer import name_key, norm

    key = name_key(name)
    if how == "key":
        return difflib.SequenceMatcher(None, norm(name).replace(" ", ""), key).ratio() >= 0.75
    return any(difflib.SequenceMatcher(None, key, name_key(c.name)).ratio() >= 0.8 for c in cands)
