"""A report's data as .csv, .xlsx and .json: Chinese headers, cells safe for spreadsheets
(reports.cells), dates in the official form, the same bytes for the same report."""

import csv
import io
import json
import re
from datetime import date
from typing import Any

from normdocs.reports.cells import spreadsheet_row
from normdocs.reports.model import Report, official_date

# C1 controls, bidi overrides and lone surrogates, which json.dumps(ensure_ascii=False) would
# pass raw (the same set as the command line's JSON output).
_ACTING_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def to_json(report: Report) -> bytes:
    text = json.dumps(report.data, ensure_ascii=False, indent=2, default=_json_default)
    text = _ACTING_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return (text + "\n").encode("utf-8")


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def to_csv(report: Report) -> bytes:
    """The report's flat table; UTF-8 with a byte-order mark, so that Excel reads the Chinese."""
    table = report.flat_table
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(spreadsheet_row(c.label for c in table.columns))
    for row in table.rows:
        writer.writerow(spreadsheet_row(_csv_value(v) for v in row))
    return out.getvalue().encode("utf-8-sig")


def _csv_value(value: Any) -> Any:
    return official_date(value) if isinstance(value, date) else value


def to_xlsx(report: Report) -> bytes:
    """One sheet per table (see reports.xlsx)."""
    from normdocs.reports.xlsx import to_xlsx as write

    return write(report)
