"""The references in docs/ follow the code: docs/cli.md is generated from the click commands
(tools/make_cli_docs.py) and must not be stale; docs/formats.md names every field of every output."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _make_cli_docs():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_cli_docs", ROOT / "tools" / "make_cli_docs.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_cli_reference_is_current() -> None:
    want = _make_cli_docs().cli_markdown()
    have = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert have == want, "docs/cli.md is stale: run python tools/make_cli_docs.py"


def test_cli_reference_covers_every_command_and_option() -> None:
    import click

    from sitroom.cli import cli

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name, cmd in cli.commands.items():
        assert f"## `sitroom {name}`" in text
        for p in cmd.params:
            if isinstance(p, click.Option):
                assert f"`{p.opts[0]}`" in text, (name, p.opts)


def _fields(obj: object, prefix: str = "") -> set[str]:
    out: set[str] = set()
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.add(prefix + k)
            if isinstance(v, dict):
                out |= _fields(v, prefix + k + ".")
    return out


def test_formats_reference_names_every_field() -> None:
    from test_analyst_day import _report

    from sitroom.event_summary import summarise
    from sitroom.export import CLAIM_COLUMNS, DOCUMENT_COLUMNS, ERROR_COLUMNS, EVENT_COLUMNS, QUOTE_COLUMNS
    from sitroom.export_parquet import SUMMARY_COLUMNS
    from sitroom.records import Claim, Quote

    text = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_0-9.]+)`", text))
    named |= {f"{m.group(1)}.{x}" for m in re.finditer(r"`([a-z_]+)\.([a-z_]+)`, `\1\.([a-z_]+)`", text)
              for x in (m.group(2), m.group(3))}
    named |= {f"{m.group(1)}.{m.group(2)}" for m in re.finditer(r"`([a-z_]+)\.([a-z_]+)`", text)}
    report = _report("a", "Suicide bomb", actor1="Islamic State", fat=(3, 3, 3))
    records = {
        "event": report.to_dict(),
        "summary": summarise([report]),
        "quote": Quote("d", "A B", "a spokesman", None, "words", True, 0, 5).to_dict(),
        "claim": Claim("d", "people", 3, 3, "people", None, "3 people", 0, 8).to_dict(),
    }
    missing = {k: sorted(_fields(r) - named) for k, r in records.items()}
    assert not any(missing.values()), missing
    for cols in (EVENT_COLUMNS, QUOTE_COLUMNS, CLAIM_COLUMNS, ERROR_COLUMNS, DOCUMENT_COLUMNS, SUMMARY_COLUMNS):
        assert not set(cols) - named, sorted(set(cols) - named)
