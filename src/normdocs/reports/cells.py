"""Cells of every CSV normdocs writes, made safe for spreadsheets (no formula runs from data)."""

import json
from collections.abc import Iterable
from typing import Any

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
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def spreadsheet_row(values: Iterable[Any]) -> list[Any]:
    return [spreadsheet_safe(value) for value in values]
