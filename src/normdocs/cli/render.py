"""Output: data to stdout as a Rich table, JSON or CSV; messages to stderr. Nothing read from the
registry or a file acts on the reader: control characters are shown, not sent, and CSV cells
never start a spreadsheet formula."""

import csv
import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from normdocs.i18n import _, current_language
from normdocs.reports.cells import spreadsheet_safe


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


Column = tuple[str, str]

# Characters that act on a terminal instead of being shown (ESC starts sequences that clear the
# screen or set the clipboard, CR overwrites a line, C1 0x9b is an 8-bit CSI), bidi overrides
# that show text in another order than it is stored in ("Trojan Source"), and lone surrogates
# (a file name that is not UTF-8), which go out as raw bytes. Shown as escapes.
_ACTING = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# JSON escapes C0 itself; the others would pass raw with ensure_ascii=False.
_ACTING_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape_in_json(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """`text` with every control character and bidi override shown as an escape (`\\x1b`,
    `\\u202e`): what people read on a terminal passes here."""
    return _ACTING.sub(_escape, text)


def to_json(data: Any) -> str:
    """JSON text of `data` in which no character can act on a terminal; it loads back equal."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    # Outside strings JSON is ASCII, so these characters can only be inside strings.
    return _ACTING_IN_JSON.sub(_escape_in_json, text)


# Columns whose values are fixed words of the program, shown in the interface language.
ENUM_COLUMNS = frozenset(
    {"level", "issuer_level", "meeting_type", "severity", "outcome", "kind", "status", "origin"}
)  # (key in the data, English label translated for tables)


def _cell(key: str, value: Any) -> str:
    """A value as people read it in a table or a record: labelled, control characters shown."""
    return visible(_label_value(key, value))


def _label_value(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if current_language() == "zh" and key in ("stage", "validity", "to_stage", "from_stage"):
        from normdocs.domain.stages import STAGE_LABELS_ZH, VALIDITY_LABELS_ZH, Stage, Validity

        try:
            if key == "validity":
                return VALIDITY_LABELS_ZH[Validity(value)]
            return STAGE_LABELS_ZH[Stage(value)]
        except ValueError:
            return str(value)
    if key in ENUM_COLUMNS:
        return _(str(value))
    if isinstance(value, list):
        return "、".join(map(str, value)) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items() if v not in (None, "", False))
    return str(value)


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    # Outside a terminal (a pipe, cron) lines are not cut at 80 columns.
    width = None if stream.isatty() else 200
    return Console(file=stream, width=width, highlight=False, soft_wrap=False)


def emit_rows(rows: Sequence[dict[str, Any]], columns: Sequence[Column], fmt: Format) -> None:
    """A list of records: every format prints something, an empty JSON list included."""
    if fmt == Format.JSON:
        sys.stdout.write(to_json(list(rows)) + "\n")
        return
    if fmt == Format.CSV:
        keys = list(rows[0].keys()) if rows else [key for key, _label in columns]
        writer = csv.writer(sys.stdout, lineterminator="\n")
        # With "\n" as line end the csv module leaves a CR inside a cell unquoted, which ends
        # the row for a reader: such a row is written with every cell quoted.
        quoted = csv.writer(sys.stdout, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(keys)
        for row in rows:
            cells = [spreadsheet_safe(row.get(k)) for k in keys]
            has_cr = any(isinstance(cell, str) and "\r" in cell for cell in cells)
            (quoted if has_cr else writer).writerow(cells)
        return
    from rich.table import Table
    from rich.text import Text

    # Cells are Text, never markup: a title with "[bold]" or ":smile:" in it prints as written.
    table = Table(show_lines=False, header_style="bold")
    for key, label in columns:
        table.add_column(
            Text(_(label)), overflow="fold", no_wrap=key in ("id", "stage", "validity")
        )
    for row in rows:
        table.add_row(*(Text(_cell(key, row.get(key))) for key, _label in columns))
    _console().print(table)
    if not rows:
        message(_("nothing found"))


def emit_one(record: dict[str, Any], fields: Sequence[Column], fmt: Format) -> None:
    """One record: key/value table, a JSON object, or a one-row CSV."""
    if fmt == Format.JSON:
        sys.stdout.write(to_json(record) + "\n")
        return
    if fmt == Format.CSV:
        emit_rows([record], fields, fmt)
        return
    # Plain aligned lines: one record does not need Rich, and `doc show` is typed all day.
    labels = [_(label) for _key, label in fields]
    width = max((display_width(label) for label in labels), default=0)
    lines = [
        label + " " * (width - display_width(label)) + "  " + _cell(key, record.get(key))
        for label, (key, _label) in zip(labels, fields, strict=True)
    ]
    sys.stdout.write("\n".join(lines) + "\n")


def display_width(text: str) -> int:
    """Terminal columns taken by `text`: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def message(text: str) -> None:
    """A line for people, on stderr; what it quotes from data cannot act on the terminal."""
    sys.stderr.write(visible(text) + "\n")


def warning(text: str) -> None:
    message(_("Warning: {text}").format(text=text))


def error(text: str, hint: str | None = None, rule: str | None = None) -> None:
    """One line: what failed (the rule and its source, for a refusal) and what to do instead."""
    line = (
        _("Refused [{rule}]: {text}").format(rule=rule, text=text)
        if rule
        else _("Error: {text}").format(text=text)
    )
    if hint:
        line += " — " + hint
    message(line)
