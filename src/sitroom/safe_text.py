"""Article text on its way to a reader that would obey it: a spreadsheet or a terminal.

* ``csv_cell(value)``: a string that a spreadsheet would read as a formula (first character ``=``,
  ``+``, ``-``, ``@``, or a tab/carriage return before one) gets a leading apostrophe, the OWASP
  advice for CSV injection; Excel and LibreOffice then show it as text. Numbers are left alone (a
  negative longitude stays a number).
* ``terminal(text)``: ESC sequences (CSI colour/cursor codes, OSC titles and hyperlinks, the rest),
  other C0/C1 control characters and bidirectional overrides/isolates are removed, so a title cannot
  recolour, retitle or clear the analyst's terminal or reorder the text printed after it.

Stored text is never changed; only what is written for these readers.
"""
from __future__ import annotations

import re
from typing import Any

__all__ = ["csv_cell", "csv_row", "terminal", "FORMULA_START"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_ESC_SEQ = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, screen clears
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks (to BEL or ST)
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"  # any other escape
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal(text: str) -> str:
    """``text`` without escape sequences, control characters or bidi controls (tab/newline kept)."""
    if not text:
        return text
    return _CONTROLS.sub("", _ESC_SEQ.sub("", text))


def csv_cell(value: Any) -> Any:
    """A value safe to hand to a spreadsheet: formula-looking strings get a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: csv_cell(v) for k, v in row.items()}
