"""The ``sitroom`` command line: a thin client of the library.

Exit codes: 0 all went well; 1 some documents failed (each failure is one line
on stderr and, with a database, a row in its ``errors`` table) or a command
failed; 2 usage error.
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import click

from . import __version__
from .cli_common import (  # noqa: F401 (re-exported: the options and helpers every command shares)
    CLI_FORMATS,
    DEFAULT_DB,
    KINDS,
    _format,
    _open_out,
    _store,
    _what,
    _write,
    db_option,
    open_writer,
    output_options,
    quiet_option,
    what_option,
)
from .export import RecordWriter
from .ingest import iter_documents
from .records import Document, DocumentError, DocumentResult
from .safe_text import terminal

log = logging.getLogger(__name__)

ProcessFn = Callable[..., Iterator[Any]]


# ---------------------------------------------------------------- batch engine

@dataclass
class RunSummary:
    documents: int = 0  # documents read (not counting failures at ingest)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    warnings: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def default_process() -> ProcessFn:
    from .pipeline import process

    return process


class _Feed:
    """The documents handed to ``process``, remembering those not yet answered."""

    def __init__(self, docs: Iterable[Document]) -> None:
        self._docs = iter(docs)
        self.pending: deque[Document] = deque()

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> Document:
        doc = next(self._docs)
        self.pending.append(doc)
        return doc


def run_batch(items: Iterable[Document | DocumentError], process: ProcessFn, *, what: tuple[str, ...],
              on_result: Callable[[DocumentResult], None], on_error: Callable[[DocumentError], None],
              skip: Callable[[Document], bool] | None = None) -> None:
    """Feed documents through ``process`` in order, streaming; errors go to ``on_error``.

    If ``process`` raises (a bug), the documents it was holding are retried one by
    one so that only the culprit fails, and the batch goes on with the rest.
    """
    def docs() -> Iterator[Document]:
        for it in items:
            if isinstance(it, DocumentError):
                on_error(it)
            elif skip is None or not skip(it):
                yield it

    def answer(res: Any, feed: _Feed) -> None:
        if isinstance(res, DocumentError):
            while feed.pending and feed.pending[0].id != res.doc_id and any(d.id == res.doc_id for d in feed.pending):
                feed.pending.popleft()
            if feed.pending and feed.pending[0].id == res.doc_id:
                feed.pending.popleft()
            on_error(res)
            return
        doc_id = res.document.id
        if any(d.id == doc_id for d in feed.pending):
            while feed.pending and feed.pending.popleft().id != doc_id:
                pass
        on_result(res)

    feed = _Feed(docs())
    while True:
        try:
            for res in process(feed, what=what):
                answer(res, feed)
            return
        except Exception as e:  # noqa: BLE001 - isolate the failing document, go on
            stuck = list(feed.pending)
            feed.pending.clear()
            if not stuck:
                raise
            log.warning("pipeline failed (%s: %s); retrying %d document(s) one by one", type(e).__name__, e,
                        len(stuck))
            for doc in stuck:
                try:
                    for res in process([doc], what=what):
                        answer(res, _Feed([]))
                except Exception as e2:  # noqa: BLE001
                    on_error(DocumentError(doc.id, doc.source_path or doc.id, "extract", "internal",
                                           f"{type(e2).__name__}: {e2}"))


class Reporter:
    """Progress bar and one-line problem reports on stderr."""

    def __init__(self, quiet: bool) -> None:
        self.bar: Any = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(unit="doc", file=sys.stderr, leave=False)

    def tick(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def problem(self, err: DocumentError) -> None:
        line = terminal(f"{'error' if err.fatal else 'warning'}: {err.source}: {err.code}: {err.message}")
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            click.echo(line, err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _fatal(res: DocumentResult) -> bool:
    return any(e.fatal for e in res.errors)


def _records(res: DocumentResult, kind: str) -> Iterator[dict[str, Any]]:
    for r in getattr(res, kind):
        yield r.to_dict()


# ---------------------------------------------------------------- shared options (sitroom.cli_common)

def _process(ctx: click.Context) -> ProcessFn:
    p = (ctx.obj or {}).get("process")
    if p is not None:
        return p
    try:
        return default_process()
    except ImportError as e:
        raise click.ClickException(f"the extraction pipeline is not available: {e}") from None


# ---------------------------------------------------------------- the group

class _Group(click.Group):
    """Turns environment problems into one-line errors instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            sys.stderr.close()  # output piped into `head`: stop quietly
            raise SystemExit(0) from None
        except (OSError, sqlite3.Error) as e:
            raise click.ClickException(str(e)) from None


@click.group(cls=_Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitroom")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
@click.option("--typer-model", type=click.Path(exists=True, dir_okay=False), envvar="SITROOM_TYPER_MODEL",
              help="A learned sub-event typer (sitroom train-typer) as a second opinion on brief documents.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, typer_model: str | None) -> None:
    """sitroom: turn conflict news into a checkable event record.

    Reads articles (text files, folders, HTML, JSON Lines, or - for JSONL on
    stdin) and extracts ACLED-style events (who did what to whom, where, when,
    how many killed, who says so), quotes and numeric claims, each with the
    character offsets of its evidence.

    \b
    Examples:
      sitroom extract article.txt                     events as JSON Lines
      sitroom extract news/ --format csv -o events.csv
      sitroom ingest news/ --db sitroom.db            store, idempotent
      sitroom events --db sitroom.db --near Damboa:50km --since 2022-06
      sitroom eval gold.json events.jsonl
    """
    ctx.ensure_object(dict)
    if typer_model:  # read by sitroom.typer_model.active() in the pipeline (and in worker processes)
        os.environ["SITROOM_TYPER_MODEL"] = typer_model
    if verbose:
        logging.basicConfig(level=logging.DEBUG if verbose > 1 else logging.INFO, stream=sys.stderr,
                            format="%(levelname)s %(name)s: %(message)s")
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@output_options
@what_option
@quiet_option
@click.option("--max-bytes", default=20_000_000, show_default=True, help="Skip files larger than this.")
@click.pass_context
def extract(ctx: click.Context, paths: tuple[str, ...], fmt: str | None, output: str, what: str | None,
            quiet: bool, max_bytes: int) -> None:
    """Extract records from PATHS and write them out (no database).

    With several kinds (--what all) and -o FILE, events go to FILE and quotes
    and claims to sibling files FILE-STEM.quotes.EXT and FILE-STEM.claims.EXT
    (JSON Lines next to a GeoJSON file). On standard output several kinds are
    written as jsonl (each line then carries a "record" key: event, quote or
    claim) or as a table (one table per kind, after the last document).
    """
    kinds = _what(what or "events")
    fmt = _format(fmt, output)
    if len(kinds) > 1 and output == "-" and fmt not in ("jsonl", "table"):
        raise click.UsageError("several kinds on standard output need --format jsonl or table; or use -o FILE")
    if fmt == "geojson" and "events" not in kinds:
        raise click.UsageError("GeoJSON holds events only")
    if fmt == "parquet" and output == "-":
        raise click.UsageError("Parquet is binary: give a file with -o FILE.parquet")
    process = _process(ctx)
    if "events" in kinds:  # one run shares event ids across documents (sitroom.xdoc)
        from .xdoc import Resolver, assign_event_ids
        base, resolver = process, Resolver()
        process = lambda docs, what: assign_event_ids(base(docs, what=what), resolver)  # noqa: E731
    summary = RunSummary()
    reporter = Reporter(quiet)
    with ExitStack() as stack:
        writers: dict[str, Any] = {}
        shared = len(kinds) > 1 and output == "-" and fmt == "jsonl"
        tables: dict[str, list[dict[str, Any]]] | None = \
            {k: [] for k in kinds} if len(kinds) > 1 and output == "-" and fmt == "table" else None
        for kind in kinds:
            if tables is not None:
                break
            path, kfmt = output, fmt
            if len(kinds) > 1 and output != "-" and kind != kinds[0]:
                p = Path(output)
                kfmt = "jsonl" if fmt == "geojson" else fmt
                path = str(p.with_name(f"{p.stem}.{kind}{'.jsonl' if fmt == 'geojson' else p.suffix}"))
            writers[kind] = (open_writer(stack, path, kfmt, kind) if not shared or not writers
                             else RecordWriter(next(iter(writers.values())).fh, kfmt, kind=kind))

        def on_result(res: DocumentResult) -> None:
            reporter.tick()
            for err in res.errors:
                reporter.problem(err)
                summary.warnings += not err.fatal
            if _fatal(res):
                summary.failed += 1
                return
            summary.documents += 1
            for kind in kinds:
                for rec in _records(res, kind):
                    if shared:  # "kind" kept for events and quotes (older readers); a claim's is its own
                        rec = {"record": kind[:-1], "kind": kind[:-1], **rec}
                    if tables is not None:
                        tables[kind].append(rec)
                    else:
                        writers[kind].write(rec)
                    summary.counts[kind] += 1

        def on_error(err: DocumentError) -> None:
            reporter.problem(err)
            if err.fatal:
                reporter.tick()
                summary.failed += 1
            else:
                summary.warnings += 1

        try:
            run_batch(iter_documents(paths, max_bytes=max_bytes), process, what=kinds,
                      on_result=on_result, on_error=on_error)
        finally:
            reporter.close()
            for w in writers.values():
                w.close()
            if tables is not None:  # one table per kind, each under its title
                fh = _open_out(stack, "-")
                for n, (kind, recs) in enumerate(tables.items()):
                    fh.write(("\n" if n else "") + f"{kind.upper()} ({len(recs)})\n")
                    with RecordWriter(fh, "table", kind=kind) as w:
                        for rec in recs:
                            w.write(rec)
    if not quiet:
        done = ", ".join(f"{summary.counts[k]} {k}" for k in kinds)
        click.echo(f"{summary.documents} documents read, {summary.failed} failed; {done}", err=True)
    ctx.exit(summary.exit_code)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option(must_exist=False)
@what_option
@quiet_option
@click.option("--force", is_flag=True, help="Re-extract documents whose text has not changed.")
@click.option("--max-bytes", default=20_000_000, show_default=True, help="Skip files larger than this.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Local worker processes (each loads the models once).")
@click.option("--cluster", metavar="tcp://HOST:PORT", help="Extract on this Dask scheduler's workers.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], db: str, what: str | None, quiet: bool, force: bool,
           max_bytes: int, workers: int = 1, cluster: str | None = None) -> None:
    """Extract records from PATHS into a database (idempotent).

    A document whose text is already stored is skipped; a changed text replaces
    its old records. Each document is written in its own transaction, so a
    failure never loses the others. Problems are listed by `sitroom errors`.
    """
    kinds = _what(what or "all")
    process = _process(ctx)
    if workers > 1 or cluster:  # results still come back in order, to this one writer
        from functools import partial

        from . import parallel

        inner = (ctx.obj or {}).get("process")  # an injected pipeline runs inside the workers
        init = None if inner is not None else parallel.warm_up
        process = (partial(parallel.process_dask, address=cluster, process=inner, initializer=init) if cluster
                   else partial(parallel.process_parallel, workers=workers, process=inner, initializer=init))
    store = _store(db, create=True)
    summary = RunSummary()
    reporter = Reporter(quiet)

    def skip(doc: Document) -> bool:
        if not force and store.is_current(doc.id, doc.text, kinds):
            pending.pop(doc.id, None)
            summary.unchanged += 1
            reporter.tick()
            return True
        return False

    def note(err: DocumentError) -> None:
        reporter.problem(err)
        store.add_error(err)

    # warnings read at ingest (a Windows-1252 file, a renamed duplicate id) come before their document;
    # storing it clears the document's old errors, so they are stored with it (in its transaction)
    pending: dict[str, list[DocumentError]] = {}

    def on_error(err: DocumentError) -> None:
        note(err)
        if err.fatal:
            reporter.tick()
            summary.failed += 1
        else:
            summary.warnings += 1
            if err.doc_id:
                pending.setdefault(err.doc_id, []).append(err)

    def on_result(res: DocumentResult) -> None:
        reporter.tick()
        early = tuple(e for e in pending.pop(res.document.id, ()) if e not in res.errors)
        if _fatal(res):
            for err in res.errors:
                note(err)
            summary.failed += 1
            return
        for err in res.errors:
            reporter.problem(err)
            summary.warnings += 1
        if early:
            res = replace(res, errors=early + tuple(res.errors))
        try:
            existed = store.document(res.document.id) is not None
            from .xdoc_store import add_resolved  # cross-document event ids against the stored events

            changed = add_resolved(store, res, what=kinds, force=force)
        except (sqlite3.Error, *getattr(store, "DB_ERRORS", ())) as e:
            on_error(DocumentError(res.document.id, res.document.source_path or res.document.id, "store",
                                   "store", f"{type(e).__name__}: {e}"))
            return
        summary.documents += 1
        if not changed:
            summary.unchanged += 1
            return
        summary.updated += existed
        summary.new += not existed
        for kind in kinds:
            summary.counts[kind] += len(getattr(res, kind))

    try:
        run_batch(iter_documents(paths, max_bytes=max_bytes), process, what=kinds, on_result=on_result,
                  on_error=on_error, skip=skip)
    finally:
        reporter.close()
        totals = store.counts()
        store.close()
    if not quiet:
        stored = ", ".join(f"{summary.counts[k]} {k}" for k in kinds)
        click.echo(f"documents: {summary.new} new, {summary.updated} updated, {summary.unchanged} unchanged, "
                   f"{summary.failed} failed; stored {stored}", err=True)
        click.echo(f"{getattr(store, 'name', db)}: {totals['documents']} documents, {totals['events']} events "
                   f"({totals['event_reports']} reports), {totals['quotes']} quotes, {totals['claims']} claims",
                   err=True)
    ctx.exit(summary.exit_code)


def _read_jsonl(path: str) -> list[dict[str, Any]]:
    out = []
    with click.open_file(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise click.ClickException(f"{path}:{n}: not JSON ({e.msg})") from None
    return out


@cli.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("pred", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--quotes", "quotes_path", type=click.Path(exists=True, dir_okay=False), help="Quotes JSONL.")
@click.option("--claims", "claims_path", type=click.Path(exists=True, dir_okay=False), help="Claims JSONL.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
def eval_cmd(gold: str, pred: str, quotes_path: str | None, claims_path: str | None, as_json: bool) -> None:
    """Score extracted events (PRED, JSON Lines) against a GOLD file (JSON: documents and their expected events).

    Same matching rules as the reference scorer; prints event P/R/F1, a
    per-field table and a last headline line.
    """
    from .evaluate import evaluate, format_report

    try:
        with open(gold, encoding="utf-8") as fh:
            gold_d = json.load(fh)
    except json.JSONDecodeError as e:
        raise click.ClickException(f"{gold}: not JSON ({e.msg}, line {e.lineno})") from None
    if not isinstance(gold_d, dict) or not isinstance(gold_d.get("documents"), list):
        raise click.ClickException(f"{gold}: not a gold file (no \"documents\" list)")
    res = evaluate(gold_d, _read_jsonl(pred),
                   quotes=_read_jsonl(quotes_path) if quotes_path else None,
                   claims=_read_jsonl(claims_path) if claims_path else None)
    click.echo(json.dumps(res, indent=1) if as_json else format_report(res))


@cli.group()
def gazetteer() -> None:
    """Manage the place-name gazetteer."""


@gazetteer.command("add")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False))
def gazetteer_add(dump: str) -> None:
    """Add places from a GeoNames dump: a full country dump for its villages (NG.zip or NG.txt
    from download.geonames.org/export/dump/), cities500.txt or allCountries.txt."""
    try:
        from .geo.gazetteer import add_geonames_dump
    except ImportError as e:
        raise click.ClickException(f"the gazetteer module is not available: {e}") from None
    try:
        result = add_geonames_dump(dump)
    except ValueError as e:
        raise click.ClickException(f"{dump}: {e}") from None
    click.echo(f"added {result} places from {dump}" if isinstance(result, int) else f"added places from {dump}")


@cli.command()
@db_option()
def check(db: str) -> None:
    """Verify a database: evidence offsets, orphans, half-written documents, counts (exit 1 if wrong)."""
    from .check import check_store

    problems = check_store(db)
    for p in problems:
        click.echo(str(p), err=True)
    click.echo(f"{db}: {len(problems)} problem(s)" if problems else f"{db}: ok", err=bool(problems))
    sys.exit(1 if problems else 0)


from .api import serve_command  # noqa: E402 - the HTTP server lives in its own module

cli.add_command(serve_command)


# the store-reading commands live in their own module (it does not import this one)
from .cli_brief import brief  # noqa: E402 - `sitroom brief` (situation reports, sitroom.brief)
from .cli_query import QUERY_COMMANDS, _day_bound, parse_near, resolve_place_default  # noqa: E402,F401
from .cli_typer import train_typer  # noqa: E402 - `sitroom train-typer` (sitroom.typer_model)

for _command in (*QUERY_COMMANDS, brief, train_typer):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=argv, prog_name="sitroom")
