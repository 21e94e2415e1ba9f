"""``sitroom events|event|quotes|claims|errors|documents``: reading a store from the command line.

Registered on :data:`sitroom.cli.cli` when :mod:`sitroom.cli` is imported; the
filters are those of ``Store.events`` and the HTTP API.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable

import click

from .api_query import ApiError, day_bound
from .cli import _store, _write, cli, db_option, output_options

_RADIUS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(km|mi)?\s*$", re.IGNORECASE)
_LATLON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


def resolve_place_default(name: str) -> tuple[float, float] | None:
    from .geo import places

    try:
        from .geo.gazetteer import get_gazetteer
    except ImportError:
        get_gazetteer = places.get_gazetteer  # type: ignore[attr-defined]
    found = places.resolve_name(name, gazetteer=get_gazetteer())
    if found is None or getattr(found, "lat", None) is None:
        return None
    return float(found.lat), float(found.lon)


def parse_near(value: str, resolve: Callable[[str], tuple[float, float] | None]) -> tuple[float, float, float]:
    """``PLACE:50km`` or ``LAT,LON:50km`` (radius in km or mi; default 25 km) -> (lat, lon, km)."""
    spec, radius_km = value, 25.0
    if ":" in value:
        spec, radius = value.rsplit(":", 1)
        m = _RADIUS.match(radius)
        if not m:
            raise click.BadParameter(f"radius {radius!r} is not like 50km", param_hint="--near")
        radius_km = float(m.group(1)) * (1.609344 if (m.group(2) or "").lower() == "mi" else 1.0)
    m = _LATLON.match(spec)
    if m:
        lat, lon = float(m.group(1)), float(m.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise click.BadParameter(f"{spec} is not a latitude,longitude", param_hint="--near")
        return lat, lon, radius_km
    try:
        point = resolve(spec.strip())
    except ImportError as e:
        raise click.ClickException(f"place names need the gazetteer, which is not available ({e}); "
                                   "give LAT,LON:50km instead") from None
    if point is None:
        raise click.BadParameter(f"unknown place {spec.strip()!r}", param_hint="--near")
    return point[0], point[1], radius_km


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
        raise click.BadParameter(f"unknown country {value!r}", param_hint="--country") from None


@cli.command()
@db_option()
@click.option("--since", help="On or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="On or before this date.")
@click.option("--type", "types", multiple=True, help="ACLED event type (repeatable).")
@click.option("--sub-type", "sub_types", multiple=True, help="ACLED sub-event type (repeatable).")
@click.option("--actor", help="Actor name or words used for it (substring).")
@click.option("--country", help="ISO alpha-2 code or country name.")
@click.option("--near", help="PLACE:50km or LAT,LON:50km.")
@click.option("--bbox", help="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT.")
@click.option("--min-fatalities", type=click.IntRange(min=0), help="At least this many killed (best figure).")
@click.option("--text", help="Words in the evidence, actors or place (substring).")
@click.option("--background", is_flag=True, help="Include background mentions of earlier events.")
@click.option("--order", type=click.Choice(["date", "-date", "fatalities", "doc"]), default="date", show_default=True)
@click.option("--limit", type=click.IntRange(min=0), help="At most this many reports.")
@click.option("--offset", type=click.IntRange(min=0), default=0)
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
    near_t = parse_near(near, resolve) if near else None
    box = None
    if bbox:
        try:
            box = tuple(float(v) for v in bbox.split(","))
        except ValueError:
            box = ()
        if len(box) != 4:
            raise click.BadParameter("give four numbers: MIN_LON,MIN_LAT,MAX_LON,MAX_LAT", param_hint="--bbox")
    store = _store(db)
    try:
        listing = store.resolved_events if by_event else store.events  # one row per event, or per report
        rows = listing(since=_day_bound(since, False, "--since"), until=_day_bound(until, True, "--until"),
                            types=types or None, sub_types=sub_types or None, actor=actor,
                            country=_country(country), near=near_t, bbox=box, min_fatalities=min_fatalities,
                            text=text, background=background, limit=limit, offset=offset, order=order)
        _write(rows, fmt, output, "events")
    finally:
        store.close()


@cli.command()
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


@cli.command()
@db_option()
@click.option("--speaker", help="Speaker name or words used for them (substring).")
@click.option("--doc", "doc_id", help="Only this document.")
@output_options
def quotes(db: str, speaker: str | None, doc_id: str | None, fmt: str | None, output: str) -> None:
    """List stored quotes."""
    with _store(db) as store:
        _write(store.quotes(speaker=speaker, doc_id=doc_id), fmt, output, "quotes")


@cli.command()
@db_option()
@click.option("--source", help="Who the figure is attributed to (substring).")
@click.option("--doc", "doc_id", help="Only this document.")
@output_options
def claims(db: str, source: str | None, doc_id: str | None, fmt: str | None, output: str) -> None:
    """List stored numeric claims."""
    with _store(db) as store:
        _write(store.claims(source=source, doc_id=doc_id), fmt, output, "claims")


@cli.command()
@db_option()
@click.option("--doc", "doc_id", help="Only this document.")
@output_options
def errors(db: str, doc_id: str | None, fmt: str | None, output: str) -> None:
    """List the documents that could not be read or processed, and warnings."""
    with _store(db) as store:
        _write(store.errors(doc_id), fmt, output, "errors")


@cli.command()
@db_option()
@output_options
def documents(db: str, fmt: str | None, output: str) -> None:
    """List stored documents (without their text)."""
    with _store(db) as store:
        _write(store.documents(), fmt, output, "documents")
