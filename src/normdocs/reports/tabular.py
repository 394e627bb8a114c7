"""A report's data as .csv, .xlsx and .json: Chinese headers, cells safe for spreadsheets
(reports.cells), dates in the official form, the same bytes for the same report."""

import csv
import io
import json
import re
from datetime import date, datetime, time
from typing import Any

from normdocs.reports.cells import spreadsheet_row, spreadsheet_safe
from normdocs.reports.model import Report, Table, official_date
from normdocs.reports.package import fixed_zip

# C1 controls, bidi overrides and lone surrogates, which json.dumps(ensure_ascii=False) would
# pass raw (the same set as the command line's JSON output).
_ACTING_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Excel's own date format for 2026年3月10日.
XLSX_DATE_FORMAT = 'yyyy"年"m"月"d"日"'
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


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
    """One sheet per table, header row frozen; written in openpyxl's streaming mode, so that a
    catalogue of 100,000 rows stays small in memory."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    moment = datetime.combine(report.as_of, time(0, 0))
    book.properties.creator = book.properties.lastModifiedBy = "normdocs"
    book.properties.created = book.properties.modified = moment
    book.properties.title = report.title
    used: set[str] = set()
    bold = Font(bold=True)
    for table in report.tables:
        sheet = book.create_sheet(_sheet_name(table, used))
        sheet.freeze_panes = "A2"
        for index, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(8, 10 * column.width)
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=spreadsheet_safe(column.label))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([_xlsx_value(sheet, value, WriteOnlyCell) for value in row])
    out = io.BytesIO()
    book.save(out)
    return fixed_zip(out.getvalue(), report.as_of)


def _xlsx_value(sheet: Any, value: Any, cell_type: Any) -> Any:
    if isinstance(value, date):
        cell = cell_type(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    return spreadsheet_safe(value)


def _sheet_name(table: Table, used: set[str]) -> str:
    base = _SHEET_NAME_BAD.sub("_", table.name)[:28] or "Sheet"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}{n}"
    used.add(name)
    return name
