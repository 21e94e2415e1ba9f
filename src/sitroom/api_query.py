"""Query-string parsing and the read-only SQL aggregates behind the HTTP API.

``parse_event_filters(params)`` turns a query string (``dict[str, list[str]]``)
into keyword arguments for :meth:`sitroom.store.Store.events` and raises
:class:`ApiError` (a 4xx) for anything malformed. ``where_sql(filters)`` builds
the same filter as SQL for counts and statistics, which ``Store`` does not
offer; the semantics follow ``Store.events`` (tests check that both agree).
"""
from __future__ import annotations

import calendar
import math
import re
import sqlite3
from collections import defaultdict
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from .store import haversine_km
from .store_index import MIN_FTS_CHARS, fts_phrase, start_floor, text_filter, type_filter

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
SORTS = ("date", "-date", "fatalities", "doc")
FORMATS = ("json", "csv", "geojson")
EVENT_PARAMS = ("since", "until", "type", "sub_type", "actor", "country", "near", "bbox", "min_fatalities",
                "q", "background")
PAGING_PARAMS = ("limit", "offset", "sort", "format", "count")
COUNT_CAP = 10_000  # /api/events counts up to this many unless count=exact
TEXT_COUNT_CAP = 1_000  # ... and up to this many for a text search (q=)
MAX_PARAM_LEN = 500

_DAY = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_NUM = r"\s*(-?\d+(?:\.\d+)?)\s*"


class ApiError(Exception):
    """An error answered as ``{"error": {"code", "message", "status"}}``."""

    def __init__(self, status: int, code: str, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.param = status, code, message, param

    def body(self) -> dict[str, Any]:
        err: dict[str, Any] = {"code": self.code, "message": self.message, "status": self.status}
        if self.param:
            err["param"] = self.param
        return {"error": err}


def bad(param: str, message: str) -> ApiError:
    return ApiError(400, "bad_parameter", f"{param}: {message}", param)


def check_known(params: dict[str, list[str]], allowed: tuple[str, ...]) -> None:
    for k, vals in params.items():
        if k not in allowed:
            raise ApiError(400, "unknown_parameter", f"unknown parameter {k!r}; allowed: {', '.join(allowed)}", k)
        if any(len(v) > MAX_PARAM_LEN for v in vals):
            raise bad(k, f"longer than {MAX_PARAM_LEN} characters")
        if any("\x00" in v for v in vals):  # no filter holds a NUL; in SQLite it cut the text (matching every row)
            raise bad(k, "contains a NUL byte")


def one(params: dict[str, list[str]], name: str) -> str | None:
    vals = params.get(name)
    if not vals:
        return None
    if len(vals) > 1:
        raise bad(name, "given more than once")
    v = vals[0].strip()
    return v or None


def many(params: dict[str, list[str]], name: str) -> list[str] | None:
    """Repeatable and/or comma-separated values."""
    out = [p.strip() for v in params.get(name, []) for p in v.split(",") if p.strip()]
    return out or None


def int_param(params: dict[str, list[str]], name: str, default: int | None, lo: int = 0,
              hi: int | None = None) -> int | None:
    v = one(params, name)
    if v is None:
        return default
    if not re.fullmatch(r"\d{1,9}", v):
        raise bad(name, f"{v!r} is not a whole number >= {lo}")
    n = int(v)
    if n < lo or (hi is not None and n > hi):
        raise bad(name, f"must be between {lo} and {hi}" if hi is not None else f"must be >= {lo}")
    return n


def day_bound(value: str | None, end: bool, name: str) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD -> the first (or last) day it covers."""
    if value is None:
        return None
    m = _DAY.fullmatch(value)
    try:
        if not m:
            raise ValueError
        y, mo, d = int(m.group(1)), m.group(2), m.group(3)
        if d:
            return date(y, int(mo), int(d)).isoformat()
        if mo:
            return date(y, int(mo), calendar.monthrange(y, int(mo))[1] if end else 1).isoformat()
        return date(y, 12, 31).isoformat() if end else date(y, 1, 1).isoformat()
    except ValueError:
        raise bad(name, f"{value!r} is not a date like 2021-03-05, 2021-03 or 2021") from None


def country_code(value: str | None) -> str | None:
    if value is None:
        return None
    if len(value) == 2 and value.isalpha() and value.isascii():
        return value.upper()
    import pycountry

    try:
        return str(pycountry.countries.lookup(value).alpha_2)
    except LookupError:
        raise bad("country", f"unknown country {value!r}") from None


def _floats(value: str, n: int, name: str, shape: str) -> list[float]:
    m = re.fullmatch(",".join([_NUM] * n), value)
    if not m:
        raise bad(name, f"{value!r} is not {shape}")
    out = [float(g) for g in m.groups()]
    if not all(math.isfinite(x) for x in out):
        raise bad(name, "numbers must be finite")
    return out


def parse_near(value: str | None) -> tuple[float, float, float] | None:
    """``lat,lon,km``, or the command line's ``PLACE:50km`` / ``lat,lon:50km`` (``sitroom.near``)."""
    if value is None:
        return None
    if not re.fullmatch(",".join([_NUM] * 3), value):
        if ":" not in value:
            raise bad("near", f"{value!r} is not lat,lon,km, lat,lon:50km or Place:50km")
        from .near import NearError, resolve_place
        from .near import parse_near as parse_spec

        try:
            return parse_spec(value, resolve_place)
        except NearError as e:
            hint = f" (did you mean {' or '.join(e.suggestions)}?)" if e.suggestions else ""
            raise bad("near", f"{e}{hint}; give lat,lon,km, lat,lon:50km or Place:50km") from None
    lat, lon, km = _floats(value, 3, "near", "lat,lon,km")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise bad("near", "latitude must be in [-90, 90] and longitude in [-180, 180]")
    if not 0 < km <= 20_000:
        raise bad("near", "radius must be in (0, 20000] km")
    return lat, lon, km


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    w, s, e, n = _floats(value, 4, "bbox", "w,s,e,n")
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise bad("bbox", "need -180 <= w,e <= 180 and -90 <= s <= n <= 90")
    return w, s, e, n


def parse_bool(params: dict[str, list[str]], name: str) -> bool:
    v = one(params, name)
    if v is None or v in ("0", "false", "no"):
        return False
    if v in ("1", "true", "yes"):
        return True
    raise bad(name, f"{v!r} is not 0 or 1")


def parse_event_filters(params: dict[str, list[str]]) -> dict[str, Any]:
    """Filters of ``/api/events`` and ``/api/stats`` as ``Store.events`` keyword arguments."""
    since = day_bound(one(params, "since"), False, "since")
    until = day_bound(one(params, "until"), True, "until")
    if since and until and since > until:
        raise bad("since", "is after until")
    mf = int_param(params, "min_fatalities", None)
    return {"since": since, "until": until, "types": many(params, "type"), "sub_types": many(params, "sub_type"),
            "actor": one(params, "actor"), "country": country_code(one(params, "country")),
            "near": parse_near(one(params, "near")), "bbox": parse_bbox(one(params, "bbox")),
            "min_fatalities": mf, "text": one(params, "q"), "background": parse_bool(params, "background")}


def parse_paging(params: dict[str, list[str]], export: bool = False) -> dict[str, Any]:
    sort = one(params, "sort") or "date"
    if sort not in SORTS:
        raise bad("sort", f"{sort!r} is not one of {', '.join(SORTS)}")
    limit = int_param(params, "limit", None if export else DEFAULT_LIMIT, 0, None if export else MAX_LIMIT)
    return {"limit": limit, "offset": int_param(params, "offset", 0), "order": sort}


def _like(s: str) -> str:
    return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def install_functions(conn: sqlite3.Connection) -> None:
    """SQL helpers the aggregates use (call once per connection)."""
    conn.create_function("sitroom_km", 4, haversine_km, deterministic=True)


def where_sql(f: dict[str, Any], fts: bool = False, background_led: bool = True) -> tuple[str, list[Any]]:
    """`` WHERE ...`` (or ``""``) and its arguments for the filters of :func:`parse_event_filters`.

    ``fts``: the store has the ``events_fts`` index (``Store.has_fts``) for ``text``.
    ``background_led=False``: the background test cannot lead an index (``+background``), so the
    planner takes an index led by a selective filter (the covering ones of store migration 5)."""
    where: list[str] = []
    args: list[Any] = []
    if f.get("since"):
        where.append("COALESCE(date_end, date_start) >= ?")
        args.append(f["since"])
    if f.get("until"):
        where.append("date_start <= ?")
        args.append(f["until"])
    if f.get("starts_from"):  # from with_start_floor: same answers, a bounded date window
        where.append("date_start >= ?")
        args.append(f["starts_from"])
    if f.get("types"):
        sql, targs = type_filter(f["types"])
        where.append(sql)
        args.extend(targs)
    if f.get("sub_types"):
        where.append(f"lower(sub_event_type) IN ({','.join('?' * len(f['sub_types']))})")
        args.extend(t.lower() for t in f["sub_types"])
    if f.get("actor"):
        where.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in
                                       ("actor1", "actor2", "actor1_mention", "actor2_mention")) + ")")
        args.extend([_like(f["actor"])] * 4)
    if f.get("country"):
        where.append("country = ?")
        args.append(f["country"].upper())
    if f.get("min_fatalities") is not None:
        where.append("fatalities_best >= ?")
        args.append(int(f["min_fatalities"]))
    if f.get("text"):
        sql, targs = text_filter(f["text"], fts)
        where.append(sql)
        args.extend(targs)
    if not f.get("background"):
        where.append("background = 0" if background_led else "+background = 0")
    if f.get("bbox"):
        w, s, e, n = f["bbox"]
        where.append("lat BETWEEN ? AND ?")
        args += [s, n]
        if w <= e:
            where.append("lon BETWEEN ? AND ?")
            args += [w, e]
        else:
            where.append("(lon >= ? OR lon <= ?)")
            args += [w, e]
    if f.get("near"):
        lat, lon, km = f["near"]
        dlat = km / 111.0
        where.append("lat BETWEEN ? AND ? AND sitroom_km(?, ?, lat, lon) <= ?")
        args += [lat - dlat, lat + dlat, lat, lon, km]
    return (" WHERE " + " AND ".join(where)) if where else "", args


def with_start_floor(conn: sqlite3.Connection, f: dict[str, Any]) -> dict[str, Any]:
    """``f`` plus ``starts_from`` (see ``store_index.start_floor``) when it has ``since``."""
    floor = start_floor(conn, f.get("since")) if f.get("since") and not f.get("starts_from") else None
    return {**f, "starts_from": floor} if floor else f


def count_events(conn: sqlite3.Connection, f: dict[str, Any], fts: bool = False,
                 cap: int | None = None) -> int:
    """Reports matching ``f``; with ``cap``, counting stops after ``cap`` + 1 (so ``> cap`` means more)."""
    f = with_start_floor(conn, f)
    text = f.get("text")
    if fts and cap is not None and text and len(text) >= MIN_FTS_CHARS:  # the index drives; stops at the cap
        w, args = where_sql({**f, "text": None}, fts)
        extra = (" AND " + w[len(" WHERE "):]) if w else ""
        sql = ("SELECT COUNT(*) FROM (SELECT 1 FROM events_fts CROSS JOIN events ON events.rowid = events_fts.rowid"
               f" WHERE events_fts MATCH ?{extra} LIMIT ?)")  # noqa: S608 (built from fixed fragments)
        return int(conn.execute(sql, [fts_phrase(text), *args, cap + 1]).fetchone()[0])
    w, args = where_sql(f, fts, background_led=False)
    if cap is None:
        return int(conn.execute("SELECT COUNT(*) FROM events" + w, args).fetchone()[0])
    return int(conn.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM events{w} LIMIT ?)",  # noqa: S608
                            [*args, cap + 1]).fetchone()[0])


@lru_cache(maxsize=65536)
def week_of(day: str) -> str | None:
    """The Monday of the ISO week of an ISO date (or None)."""
    try:
        d = date.fromisoformat(day[:10])
    except (TypeError, ValueError):
        return None
    return (d - timedelta(days=d.weekday())).isoformat()


# Covering indexes for the aggregates (index-only scans in group order). Created by the server at
# start, idempotent; candidates for a store migration.
API_INDEXES = (
    "CREATE INDEX IF NOT EXISTS api_events_week ON events(background, date_start, event_type, fatalities_best)",
    "CREATE INDEX IF NOT EXISTS api_events_types ON events(background, event_type, sub_event_type, fatalities_best)",
    "CREATE INDEX IF NOT EXISTS api_events_countries ON events(background, country, fatalities_best)",
)


def ensure_indexes(conn: sqlite3.Connection) -> None:
    for sql in API_INDEXES:
        conn.execute(sql)


SUMMARY_FILTERS = frozenset({"types", "sub_types", "country", "background"})


def stats(conn: sqlite3.Connection, f: dict[str, Any], summary: bool = False, fts: bool = False) -> dict[str, Any]:
    """Counts and fatalities per week and type, per type/sub-type and per country, for a filter.

    With ``summary`` (the store has ``event_summary``, ``Store.has_summary``) and no filter but
    type, sub-type, country and background, read the summary table; else three GROUP BY queries
    over the events (by day and type, by type and sub-type, by country), days folded into weeks here.
    """
    if summary and all(v is None for k, v in f.items() if k not in SUMMARY_FILTERS):
        return stats_from_summary(conn, f)
    w, args = where_sql(with_start_floor(conn, f), fts)
    agg = "COUNT(*), COALESCE(SUM(fatalities_best), 0) FROM events" + w
    weeks: dict[tuple[str | None, str], list[int]] = defaultdict(lambda: [0, 0])
    total = dead = 0
    first: str | None = None
    last: str | None = None
    for day, typ, n, fat in conn.execute(f"SELECT date_start, event_type, {agg} GROUP BY date_start, event_type",
                                         args):
        total += n
        dead += fat
        acc = weeks[(week_of(day) if day else None, typ)]
        acc[0] += n
        acc[1] += fat
        if day:
            first = day if first is None or day < first else first
            last = day if last is None or day > last else last
    by_type: dict[str, dict[str, Any]] = {}
    for typ, sub, n, fat in conn.execute(f"SELECT event_type, sub_event_type, {agg} GROUP BY event_type, "
                                         "sub_event_type", args):
        t = by_type.setdefault(typ, {"event_type": typ, "count": 0, "fatalities": 0, "sub_types": []})
        t["count"] += n
        t["fatalities"] += fat
        t["sub_types"].append({"sub_event_type": sub, "count": n, "fatalities": fat})
    for t in by_type.values():
        t["sub_types"].sort(key=lambda s: (-s["count"], s["sub_event_type"] or ""))
    countries = conn.execute(f"SELECT country, {agg} GROUP BY country", args).fetchall()
    return {
        "total": total, "fatalities": dead, "first_date": first, "last_date": last,
        "by_week": [{"week": wk, "event_type": typ, "count": n, "fatalities": fat}
                    for (wk, typ), (n, fat) in sorted(weeks.items(), key=lambda kv: (kv[0][0] is None,
                                                                                     kv[0][0] or "", kv[0][1]))],
        "by_type": sorted(by_type.values(), key=lambda t: (-t["count"], t["event_type"])),
        "by_country": [{"country": c, "count": n, "fatalities": fat}
                       for c, n, fat in sorted(countries, key=lambda r: (-r[1], r[0] or ""))],
    }


def _stats_answer(weeks: list[tuple[str | None, str, int, int]], subs: list[tuple[str, str | None, int, int]],
                  countries: list[tuple[str | None, int, int]], first: str | None, last: str | None) -> dict[str, Any]:
    by_type: dict[str, dict[str, Any]] = {}
    for typ, sub, n, fat in subs:
        t = by_type.setdefault(typ, {"event_type": typ, "count": 0, "fatalities": 0, "sub_types": []})
        t["count"] += n
        t["fatalities"] += fat
        t["sub_types"].append({"sub_event_type": sub, "count": n, "fatalities": fat})
    for t in by_type.values():
        t["sub_types"].sort(key=lambda s: (-s["count"], s["sub_event_type"] or ""))
    return {
        "total": sum(r[2] for r in weeks), "fatalities": sum(r[3] for r in weeks),
        "first_date": first, "last_date": last,
        "by_week": [{"week": wk, "event_type": typ, "count": n, "fatalities": fat}
                    for wk, typ, n, fat in sorted(weeks, key=lambda r: (r[0] is None, r[0] or "", r[1]))],
        "by_type": sorted(by_type.values(), key=lambda t: (-t["count"], t["event_type"])),
        "by_country": [{"country": c, "count": n, "fatalities": fat}
                       for c, n, fat in sorted(countries, key=lambda r: (-r[1], r[0] or ""))],
    }


def _has_rollups(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'event_summary_weeks'").fetchone() is not None


def stats_from_summary(conn: sqlite3.Connection, f: dict[str, Any]) -> dict[str, Any]:
    """:func:`stats` from the ``event_summary`` table (filters: types, sub_types, country, background)."""
    where: list[str] = []
    args: list[Any] = []
    if f.get("types"):
        sql, targs = type_filter(f["types"])
        where.append(sql)
        args.extend(targs)
    if f.get("sub_types"):
        where.append(f"lower(NULLIF(sub_event_type, '')) IN ({','.join('?' * len(f['sub_types']))})")
        args.extend(t.lower() for t in f["sub_types"])
    if f.get("country"):
        where.append("country = ?")
        args.append(f["country"].upper())
    if not f.get("background"):
        where.append("background = 0")
    w = (" WHERE " + " AND ".join(where)) if where else ""
    # without a type/country filter, the roll-ups of store migration 5 (fixed table names)
    rolled = not (f.get("types") or f.get("sub_types") or f.get("country")) and _has_rollups(conn)
    table = "event_summary_weeks" if rolled else "event_summary"
    weeks = conn.execute(f"SELECT NULLIF(week, ''), event_type, SUM(n), SUM(fatalities) FROM {table}{w}"  # noqa: S608
                         " GROUP BY week, event_type", args).fetchall()
    table = "event_summary_types" if rolled else "event_summary"
    subs = conn.execute("SELECT event_type, NULLIF(sub_event_type, ''), SUM(n), SUM(fatalities)"
                        f" FROM {table}{w} GROUP BY event_type, sub_event_type", args).fetchall()  # noqa: S608
    table = "event_summary_countries" if rolled else "event_summary"
    countries = conn.execute(f"SELECT NULLIF(country, ''), SUM(n), SUM(fatalities) FROM {table}{w}"  # noqa: S608
                             " GROUP BY country", args).fetchall()
    # two subqueries, not one min()/max() pair: each can then be one index probe
    first, last = conn.execute(f"SELECT (SELECT min(first_day) FROM event_summary{w}),"  # noqa: S608
                               f" (SELECT max(last_day) FROM event_summary{w})", args + args).fetchone()
    return _stats_answer(weeks, subs, countries, first, last)


def actors(conn: sqlite3.Connection, q: str | None, limit: int, offset: int) -> dict[str, Any]:
    """Actor names (actor1 or actor2 of any non-background report) with report counts."""
    inner = ("SELECT actor1 AS name, fatalities_best AS f FROM events WHERE actor1 IS NOT NULL AND background = 0"
             " UNION ALL SELECT actor2, fatalities_best FROM events WHERE actor2 IS NOT NULL AND background = 0")
    where, args = "", []
    if q:
        where, args = " WHERE name LIKE ? ESCAPE '\\'", [_like(q)]
    rows = conn.execute(f"SELECT name, COUNT(*) AS n, COALESCE(SUM(f), 0) FROM ({inner}){where}"  # noqa: S608
                        " GROUP BY name ORDER BY n DESC, name", args).fetchall()
    items = [{"name": r[0], "reports": r[1], "fatalities": r[2]} for r in rows[offset:offset + limit]]
    return {"total": len(rows), "limit": limit, "offset": offset, "items": items}
