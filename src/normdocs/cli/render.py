"""Output: data to stdout as a Rich table, JSON or CSV; messages to stderr."""

import csv
import json
import sys
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from normdocs.i18n import _, current_language


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


Column = tuple[str, str]

# Columns whose values are fixed words of the program, shown in the interface language.
ENUM_COLUMNS = frozenset(
    {"level", "issuer_level", "meeting_type", "severity", "outcome", "kind", "status", "origin"}
)  # (key in the data, English label translated for tables)


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
        sys.stdout.write(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if fmt == Format.CSV:
        keys = list(rows[0].keys()) if rows else [key for key, _label in columns]
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(keys)
        writer.writerows([[_csv_value(row.get(k)) for k in keys] for row in rows])
        return
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for key, label in columns:
        table.add_column(_(label), overflow="fold", no_wrap=key in ("id", "stage", "validity"))
    for row in rows:
        table.add_row(*(_label_value(key, row.get(key)) for key, _label in columns))
    _console().print(table)
    if not rows:
        message(_("nothing found"))


def emit_one(record: dict[str, Any], fields: Sequence[Column], fmt: Format) -> None:
    """One record: key/value table, a JSON object, or a one-row CSV."""
    if fmt == Format.JSON:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if fmt == Format.CSV:
        emit_rows([record], fields, fmt)
        return
    # Plain aligned lines: one record does not need Rich, and `doc show` is typed all day.
    labels = [_(label) for _key, label in fields]
    width = max((display_width(label) for label in labels), default=0)
    lines = [
        label + " " * (width - display_width(label)) + "  " + _label_value(key, record.get(key))
        for label, (key, _label) in zip(labels, fields, strict=True)
    ]
    sys.stdout.write("\n".join(lines) + "\n")


def display_width(text: str) -> int:
    """Terminal columns taken by `text`: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _csv_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def message(text: str) -> None:
    """A line for people, on stderr."""
    sys.stderr.write(text + "\n")


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
