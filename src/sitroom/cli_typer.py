"""``sitroom train-typer``: train the optional learned typer (a thin client of :mod:`sitroom.typer_model`).

Registered on :data:`sitroom.cli.cli` by :mod:`sitroom.cli` (this module does not import it).
"""
from __future__ import annotations

import json

import click


@click.command("train-typer")
@click.option("--acled", "acled", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Your ACLED export: a CSV with notes and sub_event_type columns, or a .jsonl with its .gold.json.")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False),
              help="Gold file for a .jsonl export (default: X.gold.json beside X.jsonl).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Where to write the model (default: $SITROOM_CACHE or ~/.cache/sitroom/typer-model.joblib).")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0),
              help="Override probability (default: chosen on a held-out fifth of the export).")
@click.option("--min-support", type=click.IntRange(min=1), default=50, show_default=True,
              help="Overrule only rules' sub-types with at least this many training examples.")
def train_typer(acled: str, gold: str | None, output: str | None, threshold: float | None,
                min_support: int) -> None:
    """Train the learned sub-event typer on your own ACLED export.

    The model is a second opinion on the rules' sub-event type for brief documents; use it with
    `sitroom --typer-model PATH extract ...` or SITROOM_TYPER_MODEL=PATH. ACLED's terms limit
    redistribution: keep the model to yourself. Needs `pip install 'sitroom[typer]'`.
    """
    from . import typer_model

    try:
        texts, labels = typer_model.read_acled(acled, gold)
    except (OSError, ValueError, KeyError) as e:
        raise click.ClickException(f"{acled}: {e}") from None
    try:
        info = typer_model.train(texts, labels, output, threshold=threshold, min_support=min_support)
    except ImportError as e:
        raise click.ClickException(f"scikit-learn/joblib are missing ({e}); pip install 'sitroom[typer]'") from None
    except ValueError as e:
        raise click.ClickException(str(e)) from None
    click.echo(json.dumps(info, indent=1))
