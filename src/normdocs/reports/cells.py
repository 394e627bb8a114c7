"""Cells of every CSV normdocs writes, made safe for spreadsheets (no formula runs from data),
and text made safe to show: no character of the data acts on a terminal or breaks a file."""

import json
import re
from collections.abc import Iterable
from typing import Any

# Characters that act on a terminal instead of being shown (ESC starts sequences that clear the
# screen or set the clipboard, CR overwrites a line, C1 0x9b is an 8-bit CSI), bidi overrides
# that show text in another order than it is stored in ("Trojan Source"), and lone surrogates
# (a file name that is not UTF-8), which go out as raw bytes. Shown as escapes.
ACTING = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# A CSV keeps line breaks and tabs inside a quoted cell (a reader gets them back), and so do a
# paper and a page; the others are shown as escapes, for a CSV is read on a terminal too
# (`| less`, `| head`), and XML (.docx, .xlsx) cannot hold them at all.
ACTING_IN_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character and bidi override shown as an escape (`\\x1b`,
    `\\u202e`): what people read on a terminal passes here."""
    return ACTING.sub(escaped, text)


def shown_in_file(text: str) -> str:
    """`text` as a CSV cell, a paper or a page holds it: line breaks and tabs kept, every other
    control character and bidi override shown as an escape."""
    return ACTING_IN_TEXT.sub(escaped, text)


# A spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV Injection"):
# `=1+1`, `+cmd|' /C calc'!A0`, `-2+3`, `@SUM(…)`, and a tab or carriage return in front of them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """`value` as a CSV cell: text that a spreadsheet would run gets a leading `'`.

    Numbers stay numbers (a negative int is data, not a formula, and is written as such); lists
    and mappings become JSON text, which starts with `[` or `{` and so is never a formula.
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = shown_in_file(str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def spreadsheet_row(values: Iterable[Any]) -> list[Any]:
    return [spreadsheet_safe(value) for value in values]
