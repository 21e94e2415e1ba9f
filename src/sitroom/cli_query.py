"""``sitroom events|event|quotes|claims|errors|documents``: reading a store from the command line.

:mod:`sitroom.cli` registers :data:`QUERY_COMMANDS` on its group; this module imports only
:mod:`sitroom.cli_common`, never :mod:`sitroom.cli`. The filters are those of ``Store.events``
and the HTTP API.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import click

from .api_query import ApiError, day_bound
from .claim_tolls import CLAIM_KINDS
from .cli_common import NON_GEO_FORMATS, _store, _write, db_option, output_options
from .taxonomy import EVENT_TYPES, SUB_EVENT_TYPES, TAXONOMY, canonical, did_you_mean, nearest


def resolve_place_default(name: str) -> tuple[float, float] | None:
    from .near import resolve_place

    return resolve_place(name)


def parse_near(value: str, resolve: Callable[[str], tuple[float, float] | None],
               known: Callable[[], list[str]] | None = None) -> tuple[float, float, float]:
    """``PLACE:50km`` or ``LAT,LON:50km`` (radius in km or mi; default 25 km) -> (lat, lon, km).

    An unknown place is a usage error naming the nearest valid spellings (from the gazetteer's
    loose matches, or ``known()``: e.g. the place names in the store)."""
    from .near import NearError
    from .near import parse_near as parse

    try:
        return parse(value, resolve)
    except NearError as e:
        hint = ""
        if str(e).startswith("unknown place"):
            name = value.rsplit(":", 1)[0].strip() if ":" in value else value.strip()
            pool = list(e.suggestions)
            if known is not None:
                pool += [n for n in nearest(name, known()) if n not in pool]
            hint = (" (did you mean " + " or ".join(pool[:4]) + "?)") if pool else \
                "; give LAT,LON:50km for a place the gazetteer does not know"
        raise click.BadParameter(f"{e}{hint}", param_hint="--near") from None
    except ImportError as e:
        raise click.ClickException(f"place names need the gazetteer, which is not available ({e}); "
                                   "give LAT,LON:50km instead") from None


def _day_bound(value: str | None, end: bool, name: str) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD -> the first (or last) day it covers (``api_query.day_bound``)."""
    if not value:
        return None
    try:
        return day_bound(value.strip(), end, name)
    except ApiError:
        raise click.BadParameter(f"{value!r} is not a date like 2017-07-22, 2017-07 or 2017",
                                 param_hint=name) from None


def _country(value: str | None) -> str | None:
    if not value:
        return None
    if len(value) == 2 and value.isalpha():
        return value.upper()
    import pycountry

    try:
        return str(pycountry.countries.lookup(value).alpha_2)
    except LookupError:
        names = [c.name for c in pycountry.countries]
        raise click.BadParameter(f"unknown country {value!r}{did_you_mean(value, names)}",
                                 param_hint="--country") from None


def check_types(types: Sequence[str], sub_types: Sequence[str]) -> tuple[list[str], list[str]]:
    """The ACLED types and sub-types spelled as the taxonomy spells them; an unknown one, or a
    sub-type of none of the types asked for, is a usage error naming the nearest valid values."""
    out_t, out_s = [], []
    for t in types:
        got = canonical(t, EVENT_TYPES)
        if got is None:
            raise click.BadParameter(f"unknown event type {t!r}{did_you_mean(t, EVENT_TYPES)}", param_hint="--type")
        out_t.append(got)
    for t in sub_types:
        got = canonical(t, SUB_EVENT_TYPES)
        if got is None:
            raise click.BadParameter(f"unknown sub-event type {t!r}{did_you_mean(t, SUB_EVENT_TYPES)}",
                                     param_hint="--sub-type")
        if out_t and not any(got in TAXONOMY[x] for x in out_t):
            parent = next(k for k, v in TAXONOMY.items() if got in v)
            raise click.BadParameter(f"{got!r} is a sub-type of {parent}, not of {' or '.join(out_t)}: "
                                     "nothing can match both", param_hint="--sub-type")
        out_s.append(got)
    return out_t, out_s


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        box = tuple(float(v) for v in value.split(","))
    except ValueError:
        box = ()
    if len(box) != 4:
        raise click.BadParameter("give four numbers: MIN_LON,MIN_LAT,MAX_LON,MAX_LAT", param_hint="--bbox")
    w, s_, e, n = box
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s_ <= 90 and -90 <= n <= 90):
        raise click.BadParameter("longitudes must be in [-180, 180] and latitudes in [-90, 90]", param_hint="--bbox")
    if s_ > n:
        raise click.BadParameter(f"MIN_LAT {s_:g} is north of MAX_LAT {n:g}", param_hint="--bbox")
    return w, s_, e, n


def _distinct(store: Any, sql: str) -> list[str]:
    """Distinct non-empty names from one column query of the store (suggestions for usage errors)."""
    try:
        return sorted({r[0] for r in store.conn.execute(sql).fetchall() if r[0]})
    except Exception:  # noqa: BLE001 - suggestions are a courtesy; never fail on them
        return []


@click.command()
@db_option()
@click.option("--since", help="On or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="On or before this date.")
@click.option("--type", "types", multiple=True,
              help="ACLED event type (repeatable, any case): " + ", ".join(EVENT_TYPES) + ".")
@click.option("--sub-type", "sub_types", multiple=True,
              help="ACLED sub-event type (repeatable), e.g. 'Armed clash', 'Suicide bomb'; see docs/formats.md.")
@click.option("--actor", help="Actor name or words used for it (substring; one no stored event has is an error).")
@click.option("--country", help="ISO alpha-2 code or country name.")
@click.option("--near", help="PLACE:50km or LAT,LON:50km (km or mi; 25 km when left out). "
                              "A place the gazetteer does not know is an error.")
@click.option("--bbox", help="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT.")
@click.option("--min-fatalities", type=click.IntRange(min=0), help="At least this many killed (best figure).")
@click.option("--text", help="Words in the evidence, actors or place (substring).")
@click.option("--background", is_flag=True, help="Include background mentions of earlier events.")
@click.option("--order", type=click.Choice(["date", "-date", "fatalities", "doc"]), default="date", show_default=True,
              help="Oldest first, newest first, deadliest first, or by document.")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many reports.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many first.")
@click.option("--by-event/--reports", "by_event", default=True, show_default=True,
              help="One row per real event (its reports summarised, with n_reports), or one row per report.")
@output_options
@click.pass_context
def events(ctx: click.Context, db: str, since: str | None, until: str | None, types: tuple[str, ...],
           sub_types: tuple[str, ...], actor: str | None, country: str | None, near: str | None,
           bbox: str | None, min_fatalities: int | None, text: str | None, background: bool, order: str,
           limit: int | None, offset: int, fmt: str | None, output: str, by_event: bool = True) -> None:
    """List stored events matching all the filters given: one row per real event (--reports: per report)."""
    resolve = (ctx.obj or {}).get("resolve_place") or resolve_place_default
    types_c, subs_c = check_types(types, sub_types)
    since_d, until_d = _day_bound(since, False, "--since"), _day_bound(until, True, "--until")
    if since_d and until_d and since_d > until_d:
        raise click.BadParameter(f"--since {since} is after --until {until}: no date is in both",
                                 param_hint="--since")
    box = _bbox(bbox) if bbox else None
    code = _country(country)
    store = _store(db)
    try:
        near_t = parse_near(near, resolve, lambda: _distinct(
            store, "SELECT DISTINCT location_name FROM events WHERE location_name IS NOT NULL")) if near else None
        if actor and next(store.events(actor=actor, background=True, limit=1), None) is None:
            names = _distinct(store, "SELECT actor1 FROM events UNION SELECT actor2 FROM events")
            raise click.BadParameter(f"no stored event has an actor like {actor!r}"
                                     + (did_you_mean(actor, names) if nearest(actor, names) else ""),
                                     param_hint="--actor")
        listing = store.resolved_events if by_event else store.events  # one row per event, or per report
        rows = listing(since=since_d, until=until_d, types=types_c or None, sub_types=subs_c or None, actor=actor,
                       country=code, near=near_t, bbox=box, min_fatalities=min_fatalities,
                       text=text, background=background, limit=limit, offset=offset, order=order)
        n = _write(rows, fmt, output, "events")
    finally:
        store.close()
    if n == 0 and near_t is not None and near and not near.replace(" ", "")[:1].lstrip("-").isdigit():
        click.echo(f"note: no stored event within {near_t[2]:g} km of {near.rsplit(':', 1)[0].strip()} "
                   f"(taken as {near_t[0]:.4f},{near_t[1]:.4f})", err=True)


@click.command()
@click.argument("event_id")
@db_option()
@output_options
def event(event_id: str, db: str, fmt: str | None, output: str) -> None:
    """Show one event (EVENT_ID, or one report's id) with all its reports.

    The default is the whole event as one JSON object; other formats list its reports.
    """
    store = _store(db)
    try:
        found = store.event(event_id)
        if found is not None:  # the reports summarised as one event (sitroom.event_summary.summarise)
            found["summary"] = next(store.resolved_events(event_id=found["event_id"], background=True), None)
    finally:
        store.close()
    if found is None:
        raise click.ClickException(f"no event {event_id!r} in {db}")
    if fmt in (None, "json"):
        with click.open_file(output, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(found, ensure_ascii=False, indent=1) + "\n")
        return
    _write(found["reports"], fmt, output, "events")


@click.command()
@db_option()
@click.option("--speaker", help="Speaker name or words used for them (substring).")
@click.option("--doc", "doc_id", help="Only this document.")
@output_options(formats=NON_GEO_FORMATS)
def quotes(db: str, speaker: str | None, doc_id: str | None, fmt: str | None, output: str) -> None:
    """List stored quotes."""
    with _store(db) as store:
        _write(store.quotes(speaker=speaker, doc_id=doc_id), fmt, output, "quotes")


@click.command()
@db_option()
@click.option("--source", help="Who the figure is attributed to (substring).")
@click.option("--doc", "doc_id", help="Only this document.")
@click.option("--kind", type=click.Choice(CLAIM_KINDS), help="Only claims counting this.")
@output_options(formats=NON_GEO_FORMATS)
def claims(db: str, source: str | None, doc_id: str | None, fmt: str | None, output: str,
           kind: str | None = None) -> None:
    """List stored numeric claims (each with its kind: killed, wounded, arrested, displaced, …)."""
    with _store(db) as store:
        _write(store.claims(source=source, doc_id=doc_id, kind=kind), fmt, output, "claims")


@click.command()
@db_option()
@click.option("--doc", "doc_id", help="Only this document.")
@output_options(formats=NON_GEO_FORMATS)
def errors(db: str, doc_id: str | None, fmt: str | None, output: str) -> None:
    """List the documents that could not be read or processed, and warnings."""
    with _store(db) as store:
        _write(store.errors(doc_id), fmt, output, "errors")


@click.command()
@db_option()
@output_options(formats=NON_GEO_FORMATS)
def documents(db: str, fmt: str | None, output: str) -> None:
    """List stored documents (without their text)."""
    with _store(db) as store:
        _write(store.documents(), fmt, output, "documents")


QUERY_COMMANDS = (events, event, quotes, claims, errors, documents)
