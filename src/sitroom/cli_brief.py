"""``sitroom brief``: the situation report for a place and period (a thin client of :mod:`sitroom.brief`).

Registered on :data:`sitroom.cli.cli` by :mod:`sitroom.cli` (this module does not import it); the filters are those of
``sitroom events`` (``--near PLACE:100km``, ``--country``, ``--since``/``--until``, ``--type``, ``--actor``).
"""
from __future__ import annotations

import click

from .cli_common import _store, db_option
from .cli_query import _country, _day_bound, parse_near, resolve_place_default


def _format_for(fmt: str | None, output: str) -> str:
    if fmt:
        return fmt
    low = output.lower()
    return "pdf" if low.endswith(".pdf") else "md" if low.endswith((".md", ".markdown")) else "html"


@click.command()
@db_option()
@click.option("--country", help="ISO alpha-2 code or country name.")
@click.option("--near", help="PLACE:100km or LAT,LON:100km.")
@click.option("--since", help="First day of the period (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Last day of the period (default: the last event found).")
@click.option("--type", "types", multiple=True, help="ACLED event type (repeatable).")
@click.option("--sub-type", "sub_types", multiple=True, help="ACLED sub-event type (repeatable).")
@click.option("--actor", help="Actor name or words used for it (substring).")
@click.option("--text", help="Words in the evidence, actors or place (substring).")
@click.option("--min-fatalities", type=click.IntRange(min=0), help="Only events with at least this many killed.")
@click.option("--top", type=click.IntRange(0, 100), default=10, show_default=True, help="Events told in full.")
@click.option("--compare/--no-compare", default=True, show_default=True,
              help="What changed against the previous period of the same length.")
@click.option("--title", help="Name of the scope in the heading (default: from --near or --country).")
@click.option("-f", "--format", "fmt", type=click.Choice(["html", "md", "pdf"]),
              help="Output format (default: from the -o extension, else html).")
@click.option("-o", "--output", default="-", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write here instead of standard output.")
@click.pass_context
def brief(ctx: click.Context, db: str, country: str | None, near: str | None, since: str | None, until: str | None,
          types: tuple[str, ...], sub_types: tuple[str, ...], actor: str | None, text: str | None,
          min_fatalities: int | None, top: int, compare: bool, title: str | None, fmt: str | None,
          output: str) -> None:
    """Write a situation brief: headline figures, map, timeline, actors, top events, claims, quotes and what
    changed since the previous period, every figure linked to its event ids.

    \b
    Examples:
      sitroom brief --db sitroom.db --country NG --since 2024-03-01 --until 2024-03-14 -o brief.html
      sitroom brief --db sitroom.db --near Mosul:100km --since 2017-01 --format pdf -o brief.pdf
      sitroom brief --db sitroom.db --country SO --format md        Markdown on standard output
    """
    from .brief import build_brief
    from .brief_render import BriefError, render

    fmt = _format_for(fmt, output)
    resolve = (ctx.obj or {}).get("resolve_place") or resolve_place_default
    near_t = parse_near(near, resolve) if near else None
    start, end = _day_bound(since, False, "--since"), _day_bound(until, True, "--until")
    if start and end and start > end:
        raise click.BadParameter(f"{since} is after --until {until}", param_hint="--since")
    label = title
    if not label and near_t and near:
        place = near.rpartition(":")[0] if ":" in near else near
        label = f"Within {near_t[2]:g} km of {place.strip() or near.strip()}"
    with _store(db) as store:
        b = build_brief(store, since=start, until=end, place_label=label, top=top, compare=compare,
                        country=_country(country), near=near_t, types=types or None, sub_types=sub_types or None,
                        actor=actor, text=text, min_fatalities=min_fatalities)
    try:
        body = render(b, fmt)
    except BriefError as e:
        raise click.ClickException(str(e)) from None
    with click.open_file(output, "wb") as fh:
        fh.write(body)
    if output != "-":
        click.echo(f"sitroom: brief of {b.total.value} events ({fmt}) written to {output}", err=True)
