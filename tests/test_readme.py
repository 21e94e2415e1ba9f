"""The README tells the truth: its prose agrees with its own tables, and the commands it shows
work on the bundled corpus (issue 17)."""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_where_this_leaves_agrees_with_the_table() -> None:
    table = README[README.index("<!-- bench-external:start -->"):README.index("<!-- bench-external:end -->")]
    para = README[README.index("Where this leaves sitroom"):]
    para = para[:para.index("\n\n")]
    numbers = re.findall(r"\d+\.\d", para)
    assert numbers
    missing = [n for n in numbers if not re.search(rf"(?<![\d.]){re.escape(n)}(?!\d)", table)]
    assert not missing, f"numbers in 'Where this leaves sitroom' not in the table: {missing}"


def test_quick_start_says_what_to_type_next() -> None:
    quick = README[README.index("## Quick start"):README.index("## Use")]
    assert ". .venv/bin/activate" in quick
    assert "sitroom ingest examples/corpus --db demo.db" in quick
    assert "sitroom serve --db demo.db" in quick


def _use_commands() -> list[list[str]]:
    use = README[README.index("## Use"):]
    block = use[use.index("```sh") + 5:use.index("```", use.index("```sh") + 5)]
    out = []
    for line in block.splitlines():
        line = line.split("  #")[0].strip()
        if line.startswith("sitroom "):
            out.append(shlex.split(line)[1:])
    return out


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from sitroom.cli import cli

    db = str(tmp_path_factory.mktemp("readme") / "demo.db")
    r = CliRunner().invoke(cli, ["ingest", str(ROOT / "examples/corpus"), "--db", db, "-q"], obj={})
    assert r.exit_code == 0, r.output
    return db


def test_readme_queries_find_something_in_the_bundled_corpus(demo_db: str) -> None:
    """Every store query the README shows returns rows on demo.db (no names absent from the corpus)."""
    from sitroom.cli import cli

    ran = 0
    for args in _use_commands():
        if args[0] not in ("events", "event", "quotes", "claims"):
            continue
        args = [demo_db if a == "demo.db" else a for a in args]
        if args[0] == "event":
            first = json.loads(CliRunner().invoke(cli, ["events", "--db", demo_db, "-f", "jsonl"], obj={})
                               .stdout.splitlines()[0])
            args = [first["event_id"] if a == "EVENT_ID" else a for a in args]
        r = CliRunner().invoke(cli, [*args, "-f", "jsonl"] if "--format" not in args else args, obj={})
        assert r.exit_code == 0, (args, r.output)
        assert r.stdout.strip(), f"README example finds nothing in the bundled corpus: sitroom {' '.join(args)}"
        ran += 1
    assert ran >= 5
