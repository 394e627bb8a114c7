"""Spreadsheet registers (.csv, .xlsx, .xls): find the header row, map its columns, yield rows.

A register someone kept for years has a merged title row or two above the header, Chinese
column names in several variants, dates typed as text or stored as Excel dates. Rows come out
with their spreadsheet row number and the cell values of the fields normdocs knows; turning
those values into dates and validity is the domain's job (domain/extract.py).
"""

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, islice
from typing import Any

from normdocs.domain.errors import InvalidInput
from normdocs.domain.extract.register import CellValue
from normdocs.domain.profile import ImportRules
from normdocs.i18n import _

FIELDS = (
    "title",
    "doc_number",
    "issuer",
    "promulgated_on",
    "effective_on",
    "validity",
    "status",
    "note",
)
IGNORE = "ignore"

# The usual column names of registers and their variants, normalised by header_key().
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "title": (
        "文件名称",
        "标题",
        "文件标题",
        "名称",
        "文件名",
        "规范性文件名称",
        "文件题目",
        "题目",
    ),
    "doc_number": ("文号", "发文字号", "发文文号", "字号", "发文号", "文件字号", "文件编号"),
    "issuer": (
        "发文机关",
        "制定机关",
        "发布机关",
        "发文单位",
        "制定单位",
        "印发机关",
        "发布单位",
        "制发机关",
        "发文机构",
        "发布机构",
    ),
    "promulgated_on": (
        "发布日期",
        "印发日期",
        "公布日期",
        "发文日期",
        "成文日期",
        "发布时间",
        "印发时间",
        "公布时间",
        "签发日期",
    ),
    "effective_on": ("施行日期", "生效日期", "实施日期", "施行时间", "实施时间", "生效时间"),
    "validity": ("有效期", "有效期限", "有效期至", "失效日期", "有效期截止"),
    "status": ("状态", "效力", "是否有效", "效力状态", "现行状态", "有效性", "时效性"),
    "note": ("备注", "说明"),
}
REQUIRED = ("title", "promulgated_on")
# The header is looked for in the first rows only: above it there are at most a few title rows.
HEADER_SEARCH_ROWS = 30

_PARENTHETICAL = re.compile(r"[(\[【].*?[)\]】]")
_KEY_JUNK = re.compile(r"[\s*:：_\-]+")


def header_key(text: str) -> str:
    """A column name as compared: half-width, no spaces, stars or (notes in brackets)."""
    normal = unicodedata.normalize("NFKC", text)
    normal = _PARENTHETICAL.sub("", normal)
    return _KEY_JUNK.sub("", normal).lower()


_BY_KEY: dict[str, str] = {header_key(f): f for f in FIELDS}
for _field, _names in HEADER_NAMES.items():
    for _name in _names:
        _BY_KEY[header_key(_name)] = _field


@dataclass(slots=True)
class RegisterRow:
    """One data row: where it is, and the raw cell value of each field it has."""

    source: str
    row: int
    values: dict[str, CellValue]
    sheet: str | None = None
    problem: str | None = None

    @property
    def location(self) -> str:
        if self.sheet:
            return _("sheet {sheet} row {row}").format(sheet=self.sheet, row=self.row)
        return _("row {row}").format(row=self.row)


@dataclass
class RegisterTable:
    """The rows of one sheet under its header (read as they are iterated), and which column
    gave which field."""

    source: str
    sheet: str | None
    header_row: int
    columns: dict[str, str] = field(default_factory=dict)
    rows: Iterator[RegisterRow] = field(default_factory=lambda: iter(()))


def parse_mapping(items: list[str]) -> dict[str, str]:
    """--map COLUMN=field options as {header key: field}; a wrong one is refused at once."""
    mapping: dict[str, str] = {}
    allowed = (*FIELDS, IGNORE)
    for item in items:
        column, sep, target = item.partition("=")
        target = target.strip()
        if not sep or not column.strip() or target not in allowed:
            raise InvalidInput(
                _("--map {item}: write COLUMN=FIELD, FIELD one of {fields}").format(
                    item=item, fields=", ".join(allowed)
                ),
                _("e.g. --map 文件题目=title --map 序号=ignore"),
            )
        mapping[header_key(column)] = target
    return mapping


def read_register(
    data: bytes,
    name: str,
    suffix: str,
    limits: ImportRules,
    mapping: Mapping[str, str] | None = None,
) -> list[RegisterTable]:
    """Every sheet of a register that has a header row; InvalidInput when none has one or a
    header is unusable (a required column missing, two columns for one field). Rows are read
    as the tables' `rows` are iterated, so a large register is never all in memory."""
    mapping = mapping or {}
    sheets: list[_Sheet]
    if suffix == ".csv":
        sheets = [_csv_sheet(data, name)]
    else:
        sheets = _workbook_sheets(data, name, suffix, limits)
    tables: list[RegisterTable] = []
    problems: list[tuple[str | None, InvalidInput]] = []
    headers: list[tuple[str, int, list[Any]]] = []
    for sheet in sheets:
        try:
            table = _table(sheet.rows, name, sheet.name, mapping, headers, limits)
        except InvalidInput as exc:
            problems.append((sheet.name, exc))
            continue
        if table is not None:
            _check_rows(sheet, table, limits)
            tables.append(table)
    _check_mapping(mapping, headers)
    if tables:
        # A sheet with an unusable header, beside usable ones, is one rejected item of its own:
        # its rows are not imported, and the clerk is told which sheet and why.
        for sheet_name, refused in problems:
            message = str(refused.message)
            if refused.hint:
                message = f"{message} — {refused.hint}"
            tables.append(
                RegisterTable(
                    name, sheet_name, 1, rows=iter([RegisterRow(name, 1, {}, sheet_name, message)])
                )
            )
        return tables
    if problems:
        raise problems[0][1]
    raise InvalidInput(
        _(
            "{name}: no header row found (a row naming columns such as 文件名称, 文号, 发布日期)"
        ).format(name=name),
        _("name the columns with --map COLUMN=FIELD, e.g. --map 文件题目=title"),
    )


@dataclass
class _Sheet:
    """The rows of one sheet (or of a .csv) as read, and where its last row is: a cheap upper
    bound first, the exact number only when the bound is over the limit."""

    name: str | None
    rows: Iterator[list[Any]]
    last_row_at_most: Callable[[], int]
    last_row: Callable[[], int]


def _csv_sheet(data: bytes, name: str) -> _Sheet:
    from normdocs.importers.textfile import decode_text

    text = decode_text(data, name, register=True)
    head = text[:4096]
    delimiter = "\t" if head.count("\t") > head.count(",") else ","
    # A cell can be as long as the file (whose size the profile bounds): the csv module must not
    # stop the run at its own 128 KB limit. A row with a cell over max_cell_chars is rejected
    # on its own, with its row number (_data_rows).
    if csv.field_size_limit() <= len(text):
        csv.field_size_limit(len(text) + 1)

    def last_row() -> int:
        """The number of the last record that holds something (a record may span lines)."""
        last = 0
        for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            if any(cell.strip() for cell in row):
                last = number
        return last

    return _Sheet(
        None,
        _csv_guarded(csv.reader(io.StringIO(text), delimiter=delimiter), name),
        lambda: text.count("\n") + 1,
        last_row,
    )


def _csv_guarded(reader: Any, name: str) -> Iterator[list[Any]]:
    try:
        yield from reader
    except csv.Error as exc:
        raise InvalidInput(
            _("{name} row {row}: {error}").format(name=name, row=reader.line_num, error=exc),
            _("open it in Excel or WPS and save it again as CSV"),
        ) from exc


def _workbook_sheets(data: bytes, name: str, suffix: str, limits: ImportRules) -> list[_Sheet]:
    from python_calamine import CalamineWorkbook

    if data.startswith(b"PK\x03\x04"):  # .xlsx/.xlsm: checked before the reader sees it
        _check_workbook(data, name, limits)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets: list[_Sheet] = []
        names = list(workbook.sheet_names)
        for sheet_name in names:
            sheet = workbook.get_sheet_by_name(sheet_name)
            # total_height is the index of the last row (from 0) that holds something.
            last = partial(int, sheet.total_height + 1)
            rows = sheet.iter_rows()  # from row 1, empty rows above the data included
            merged = _vertical_merges(sheet.merged_cell_ranges or [])
            if merged:
                rows = _filled_down(rows, merged)
            sheets.append(
                _Sheet(sheet_name if len(names) > 1 else None, _guarded(rows, name), last, last)
            )
    except InvalidInput:
        raise
    except Exception as exc:  # calamine raises its own error types for every kind of damage
        raise _unreadable_workbook(name, exc) from exc
    return sheets


def _vertical_merges(
    ranges: Iterable[tuple[tuple[int, int], tuple[int, int]]],
) -> dict[int, list[tuple[int, int]]]:
    """{first row: [(column, last row)]} of the merged cells that span rows (from 0): one
    issuer or date for several rows, written once. A block is read down its first column."""
    found: dict[int, list[tuple[int, int]]] = {}
    for (top, left), (bottom, _right) in ranges:
        if bottom > top:
            found.setdefault(top, []).append((left, bottom))
    return found


def _filled_down(
    rows: Iterable[list[Any]], merged: dict[int, list[tuple[int, int]]]
) -> Iterator[list[Any]]:
    """The rows with each merged cell's value in every row it spans, as Excel shows them."""
    active: list[tuple[int, int, Any]] = []  # (column, last row, value)
    for index, row in enumerate(rows):
        for column, bottom in merged.get(index, ()):
            value = row[column] if column < len(row) else None
            active.append((column, bottom, value))
        active = [a for a in active if a[1] >= index]
        for column, _bottom, value in active:
            if column < len(row) and (row[column] is None or row[column] == ""):
                row[column] = value
        yield row


def _check_workbook(data: bytes, name: str, limits: ImportRules) -> None:
    """Refuse a workbook whose sheets the spreadsheet reader cannot hold: it allocates every
    cell of a sheet's used area at once (32 bytes each), from A1 to the last cell that holds
    something — one value at XFD1000000 makes it abort the whole process, one at ZZ100000 take
    2 GB. The extent is read from the cells themselves, as a stream: <dimension> may be
    missing or lie."""
    from normdocs.importers.archive import (
        CellExtent,
        column_letters,
        formula_without_value,
        open_zip,
        scan_workbook,
    )

    kind = "Excel (.xlsx)"

    def fits(extent: CellExtent) -> bool:
        return (
            extent.columns <= limits.max_columns
            and extent.rows <= limits.max_rows + HEADER_SEARCH_ROWS
            and extent.cells <= limits.max_cells
        )

    archive = open_zip(data, name, limits, kind=kind)
    extents = scan_workbook(data, archive, name, kind, limits, fits)
    blank = formula_without_value(data, archive, name, kind)
    if blank is not None:
        raise InvalidInput(
            _(
                "{name} ({part}): the formula in {cell} has no stored value, so it would read as "
                "empty (the file was written by a program, not saved by Excel or WPS)"
            ).format(name=name, part=blank[0], cell=blank[1]),
            _("open it in Excel or WPS and save it again, so that every formula's value is stored"),
        )
    hint = _(
        "check the sheet for a stray value far from the table; the limit is {setting} in the profile"
    )
    for part, extent in sorted(extents.items()):
        where = _("{name} ({part})").format(name=name, part=part)
        if extent.columns > limits.max_columns:
            raise InvalidInput(
                _(
                    "{where} has a value in column {column} (column {number:,}), beyond the "
                    "limit of {limit} columns"
                ).format(
                    where=where,
                    column=column_letters(extent.columns),
                    number=extent.columns,
                    limit=limits.max_columns,
                ),
                hint.format(setting="import.max_columns"),
            )
        if extent.rows > limits.max_rows + HEADER_SEARCH_ROWS:
            raise InvalidInput(
                _(
                    "{where} has a value in row {row:,}: more rows than the limit of {limit:,} "
                    "under the header"
                ).format(where=where, row=extent.rows, limit=limits.max_rows),
                _("split the register, or raise import.max_rows in the profile"),
            )
    cells = sum(extent.cells for extent in extents.values())
    if cells > limits.max_cells:
        raise InvalidInput(
            _(
                "{name}: its sheets span {cells:,} cells (rows × columns up to the last value), "
                "more than the limit of {limit:,}"
            ).format(name=name, cells=cells, limit=limits.max_cells),
            hint.format(setting="import.max_cells"),
        )


def _guarded(rows: Iterable[list[Any]], name: str) -> Iterator[list[Any]]:
    try:
        yield from rows
    except Exception as exc:  # a damaged sheet fails part-way through
        raise _unreadable_workbook(name, exc) from exc


def _unreadable_workbook(name: str, exc: Exception) -> InvalidInput:
    return InvalidInput(
        _("{name} is not a readable Excel file (it is corrupt or truncated): {error}").format(
            name=name, error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        ),
        _("open it in Excel or WPS and save it again as .xlsx"),
    )


def _check_rows(sheet: _Sheet, table: "RegisterTable", limits: ImportRules) -> None:
    """max_rows counts the data rows: those under the header, up to the last that holds
    something — alike for a .csv and a sheet of a workbook."""
    if sheet.last_row_at_most() - table.header_row <= limits.max_rows:
        return
    count = sheet.last_row() - table.header_row
    if count > limits.max_rows:
        where = (
            _("{name} sheet {sheet}").format(name=table.source, sheet=sheet.name)
            if sheet.name
            else table.source
        )
        raise InvalidInput(
            _(
                "{where} has {count:,} rows under its header (row {row}), more than the limit of {limit:,}"
            ).format(where=where, count=count, row=table.header_row, limit=limits.max_rows),
            _("split the register, or raise import.max_rows in the profile"),
        )


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _fields_of(header: list[Any], mapping: Mapping[str, str]) -> list[str | None]:
    fields: list[str | None] = []
    for cell in header:
        key = header_key(_cell_text(cell))
        target = mapping.get(key) or _BY_KEY.get(key)
        fields.append(None if target in (None, IGNORE) else target)
    return fields


def _check_mapping(mapping: Mapping[str, str], headers: list[tuple[str, int, list[Any]]]) -> None:
    """A --map column that no header row of the register has is a typo, not a column to
    leave out quietly (an `ignore` of a column that is not there changes nothing)."""
    if not headers:
        return
    present = {header_key(_cell_text(cell)) for _where, _row, cells in headers for cell in cells}
    missing = [key for key, target in mapping.items() if target != IGNORE and key not in present]
    if not missing:
        return
    where, row, cells = headers[0]
    raise InvalidInput(
        _("{where}: --map {item}: the header (row {row}) has no column “{column}”").format(
            where=where, item=f"{missing[0]}={mapping[missing[0]]}", row=row, column=missing[0]
        ),
        _("write the column as the header has it: {columns}").format(
            columns=", ".join(text for cell in cells if (text := _cell_text(cell)))
        ),
    )


# One piece: finding the header row and mapping its columns, with every refusal said there.
def _table(
    rows: Iterator[list[Any]],
    name: str,
    sheet: str | None,
    mapping: Mapping[str, str],
    headers: list[tuple[str, int, list[Any]]],
    limits: ImportRules,
) -> RegisterTable | None:
    """The table of one sheet, None when it has no header row; the header row found (one
    naming the title and another column, else one naming two columns but not the title) is
    added to `headers`."""
    first = list(islice(rows, HEADER_SEARCH_ROWS))
    header_at = None
    titleless = None
    for index, row in enumerate(first):
        fields = _fields_of(row, mapping)
        known = {f for f in fields if f}
        # A merged title row has one cell; the header names at least the title and one more.
        if "title" in known and len(known) >= 2:
            header_at = index
            break
        if titleless is None and len(known) >= 2:
            titleless = index  # a header without the title column: said so below
    if header_at is None:
        header_at = titleless
    if header_at is None:
        return None
    header = first[header_at]
    fields = _fields_of(header, mapping)
    where = _("{name} sheet {sheet}").format(name=name, sheet=sheet) if sheet else name
    headers.append((where, header_at + 1, header))
    seen: dict[str, str] = {}
    for cell, target in zip(header, fields, strict=True):
        if target is None:
            continue
        if target in seen:
            raise InvalidInput(
                _(
                    "{where}: columns “{first}” and “{second}” both give the {field} "
                    "(row {row}); keep one"
                ).format(
                    where=where,
                    first=seen[target],
                    second=_cell_text(cell),
                    field=target,
                    row=header_at + 1,
                ),
                _("or choose with --map “{second}”=ignore").format(second=_cell_text(cell)),
            )
        seen[target] = _cell_text(cell)
    missing = [f for f in REQUIRED if f not in seen]
    if missing:
        names = {
            "title": "文件名称/标题",
            "promulgated_on": "发布日期/印发日期/公布日期",
        }
        raise InvalidInput(
            _("{where}: the header (row {row}) has no column for {fields}").format(
                where=where,
                row=header_at + 1,
                fields=", ".join(f"{f} ({names[f]})" for f in missing),
            ),
            _map_hint(missing[0], header, fields),
        )
    body = chain(first[header_at + 1 :], rows)
    return RegisterTable(
        name,
        sheet,
        header_at + 1,
        seen,
        _data_rows(
            body, header_at + 2, _named_width(header), fields, name, sheet, limits.max_cell_chars
        ),
    )


def _named_width(header: list[Any]) -> int:
    """How many columns the header names: up to its last named cell (a spreadsheet's rows are
    as wide as its widest row, the header's empty cells after its last name included)."""
    return max((i + 1 for i, cell in enumerate(header) if _cell_text(cell)), default=0)


def _map_hint(field: str, header: list[Any], fields: list[str | None]) -> str:
    hint = _("name the column with --map COLUMN={field}").format(field=field)
    unknown = [
        text
        for cell, target in zip(header, fields, strict=True)
        if target is None and (text := _cell_text(cell))
    ]
    if not unknown:
        return hint
    return _("{hint}; the columns not recognised are {columns}").format(
        hint=hint, columns=", ".join(unknown)
    )


def _data_rows(
    rows: Iterable[list[Any]],
    first_number: int,
    width: int,
    fields: list[str | None],
    name: str,
    sheet: str | None,
    max_cell_chars: int,
) -> Iterator[RegisterRow]:
    positions = [(i, f) for i, f in enumerate(fields) if f]
    for number, row in enumerate(rows, start=first_number):
        values: dict[str, CellValue] = {}
        cells = len(row)
        longest: tuple[int, str] | None = None
        for i, target in positions:
            if i < cells:
                value = row[i]
                if value.__class__ is str:
                    if len(value) > max_cell_chars:
                        # Rejected on its own, without the cell, which goes nowhere.
                        longest = max(longest or (0, ""), (len(value), target))
                    elif value and not value.isspace():
                        values[target] = value
                elif value is not None and value != "":
                    values[target] = value
        problem = None
        if longest is not None:
            problem = _(
                "its {field} cell has {count:,} characters, more than the limit of {limit:,} "
                "(import.max_cell_chars in the profile)"
            ).format(field=longest[1], count=longest[0], limit=max_cell_chars)
        elif cells > width:
            extra = [i for i in range(width, len(row)) if _cell_text(row[i])]
            if extra:
                problem = _(
                    "it has {cells} cells, the header has {width}: a value is outside every column"
                ).format(cells=len(row), width=width)
        if not values and problem is None:
            continue  # an empty row, or one with only a serial number or a remark
        yield RegisterRow(name, number, values, sheet, problem)
