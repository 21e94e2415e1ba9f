"""What every ``sitroom`` command shares: the --db/--format/--output/--what options, opening a
store, and writing records. :mod:`sitroom.cli` and :mod:`sitroom.cli_query` both import this
module (neither imports the other's internals)."""
from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from typing import IO, Any

import click

from .export import FORMATS, RecordWriter

KINDS = ("events", "quotes", "claims")
DEFAULT_DB = "sitroom.db"
#: every output format of the command line: the text formats of :mod:`sitroom.export` and Parquet
CLI_FORMATS: tuple[str, ...] = (*FORMATS, "parquet")
#: the formats of commands that write records other than events (GeoJSON holds events only)
NON_GEO_FORMATS: tuple[str, ...] = tuple(f for f in CLI_FORMATS if f != "geojson")

DB_HELP = ("SQLite database file, or a PostgreSQL URL such as postgresql://user@host/dbname "
           "(env SITROOM_DB).")


def _what(value: str) -> tuple[str, ...]:
    return KINDS if value == "all" else (value,)


what_option = click.option("--what", type=click.Choice([*KINDS, "all"]), default=None,
                           help="What to extract: events, quotes, claims or all.")
quiet_option = click.option("-q", "--quiet", is_flag=True, help="No progress bar.")


def db_option(must_exist: bool = True) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--db: a SQLite file (that must exist, for the reading commands) or a postgresql:// URL."""
    def deco(f: Callable[..., Any]) -> Callable[..., Any]:
        return click.option("--db", "db", default=DEFAULT_DB, show_default=True, envvar="SITROOM_DB",
                            type=DbPath(must_exist), help=DB_HELP)(f)
    return deco


class DbPath(click.ParamType):
    """A database: a PostgreSQL URL is taken as it is; a file path must exist when ``must_exist``."""

    name = "DB"

    def __init__(self, must_exist: bool) -> None:
        self.must_exist = must_exist

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        s = str(value)
        if s.startswith(("postgresql://", "postgres://")):
            return s
        return click.Path(dir_okay=False, exists=self.must_exist).convert(s, param, ctx)


def output_options(f: Callable[..., Any] | None = None, *, formats: tuple[str, ...] = CLI_FORMATS) -> Any:
    """--format and --output, shared by every command that writes records.

    ``@output_options`` offers every format; ``@output_options(formats=NON_GEO_FORMATS)`` fewer."""
    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        fn = click.option("-o", "--output", default="-", type=click.Path(dir_okay=False, allow_dash=True),
                          help="Write here instead of standard output (needed for parquet).")(fn)
        fn = click.option("-f", "--format", "fmt", type=click.Choice(formats), default=None,
                          help="Output format (default: table on a terminal, else jsonl).")(fn)
        return fn
    return deco(f) if f is not None else deco


def _format(fmt: str | None, output: str) -> str:
    if fmt:
        return fmt
    return "table" if output == "-" and sys.stdout.isatty() else "jsonl"


def _open_out(stack: ExitStack, path: str) -> IO[str]:
    return stack.enter_context(click.open_file(path, "w", encoding="utf-8"))


def open_writer(stack: ExitStack, path: str, fmt: str, kind: str) -> Any:
    """A record writer (``write``/``close``) for ``fmt`` at ``path`` ("-": standard output)."""
    if fmt == "parquet":
        from .export_parquet import ParquetRecordWriter

        if path == "-":
            raise click.UsageError("Parquet is binary: give a file with -o FILE.parquet")
        return ParquetRecordWriter(path, kind=kind)
    return RecordWriter(_open_out(stack, path), fmt, kind=kind)


def _store(db: str, *, create: bool = False) -> Any:
    from .store import Store

    if db.startswith(("postgresql://", "postgres://")):
        from .store_pg import open_store

        try:
            return open_store(db)
        except Exception as e:  # noqa: BLE001 - driver missing, server down, bad credentials
            raise click.ClickException(f"cannot open the PostgreSQL database: {e}") from None
    if not create and db != ":memory:" and not os.path.exists(db):
        raise click.ClickException(f"no database at {db} (create one with: sitroom ingest PATHS --db {db})")
    try:
        return Store(db)
    except (sqlite3.DatabaseError, RuntimeError) as e:
        raise click.ClickException(f"cannot open {db}: {e}") from None


def _write(records: Iterable[dict[str, Any]], fmt: str | None, output: str, kind: str) -> int:
    fmt = _format(fmt, output)
    try:
        with ExitStack() as stack:
            writer = open_writer(stack, output, fmt, kind)
            for r in records:
                writer.write(r)
            stats = writer.close()
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    if stats.skipped:
        click.echo(f"note: {stats.skipped} {kind} without coordinates left out of the GeoJSON", err=True)
    return int(stats.written)
