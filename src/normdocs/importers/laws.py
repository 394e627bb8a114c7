"""Lists of superior laws (.csv in UTF-8 or GB18030, or .json): bytes in, checked law records out.

The columns are those of samples/superior-laws.csv. A file is checked whole: every row's
problems are named at once, and a file with any bad row gives no records at all.
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from normdocs.domain.dates import parse_date
from normdocs.domain.errors import InvalidInput
from normdocs.domain.lawtitles import (
    LEVELS,
    STATUSES,
    clean_title,
    default_short_title,
    law_number,
    normalise_level,
)
from normdocs.i18n import _, render
from normdocs.importers.textfile import decode_text, read_bytes

_MAX_PROBLEMS_SHOWN = 8
# The names a column may have in the file, for each field.
_COLUMNS = {
    "title": ("title",),
    "short_title": ("short_title",),
    "level": ("level",),
    "promulgated": ("promulgated", "promulgated_on"),
    "effective": ("effective", "effective_on"),
    "status": ("status",),
    "history": ("history",),
    "number": ("number", "doc_number"),
}
_Raw = list[tuple[int, dict[str, Any]]]  # (line or row number, the row's cells by column)


@dataclass(frozen=True)
class LawRecord:
    """One row of a law file, checked."""

    line: int
    title: str
    short_title: str
    level: str
    promulgated_on: date | None
    effective_on: date | None
    status: str
    history: str | None
    doc_number: str | None


@dataclass(frozen=True)
class LawFile:
    """The checked records of a law file, with its name and the sha256 of its bytes."""

    name: str
    sha256: str
    records: list[LawRecord]


def read_law_file(path: Path) -> LawFile:
    """The laws of a .csv or .json file; every problem of the file is reported at once."""
    data = read_bytes(path)
    return LawFile(path.name, hashlib.sha256(data).hexdigest(), parse_laws(data, path.name))


def parse_laws(data: bytes, name: str) -> list[LawRecord]:
    """The checked laws of the bytes of a file called `name` (.csv or .json)."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".json":
        raw = _json_rows(name, _text(data, name))
    elif suffix == ".csv":
        raw = _csv_rows(name, _text(data, name))
    else:
        raise InvalidInput(
            _("{path}: a law file is .csv or .json").format(path=name),
            _("export the list as CSV with the columns of samples/superior-laws.csv"),
        )
    return _check_rows(name, raw, where=_("row") if suffix == ".json" else _("line"))


def _text(data: bytes, name: str) -> str:
    """The file's text through the one decoder of text files, with a law file's hint."""
    try:
        return decode_text(data, name)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, _("save it again as UTF-8")) from exc


def _csv_rows(name: str, text: str) -> _Raw:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in ("title", "level") if c not in header]
    if missing:
        raise InvalidInput(
            _("{path} has no column {columns}").format(path=name, columns=", ".join(missing)),
            _("the first line names the columns: {columns}").format(
                columns="title,short_title,level,promulgated,effective,status,history"
            ),
        )
    return [(reader.line_num, {(k or "").strip(): v for k, v in row.items()}) for row in reader]


def _json_rows(name: str, text: str) -> _Raw:
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            _("{path} is not valid JSON: {error}").format(path=name, error=exc),
            _("a law file in JSON is a list of objects with title, level, promulgated, …"),
        ) from exc
    if not isinstance(loaded, list) or not all(isinstance(x, dict) for x in loaded):
        raise InvalidInput(
            _("{path} must hold a list of objects, one per law version").format(path=name),
            _("a law file in JSON is a list of objects with title, level, promulgated, …"),
        )
    return [(n, row) for n, row in enumerate(loaded, start=1)]


def _field(row: dict[str, Any], name: str) -> str:
    for key in _COLUMNS[name]:
        value = row.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


def _check_rows(name: str, raw: _Raw, *, where: str) -> list[LawRecord]:
    """Every row checked; refused whole, naming the first problems, if any row is bad."""
    problems: list[str] = []
    records: list[LawRecord] = []
    seen: dict[tuple[str, date | None], int] = {}
    for line, row in raw:
        record, errors = _record(line, row)
        key = (record.title, record.promulgated_on)
        if record.title and key in seen:
            errors.append(
                _("the same version as {where} {line}").format(where=where, line=seen[key])
            )
        if errors:
            problems.append(f"{where} {line}: " + "; ".join(errors))
            continue
        seen[key] = line
        records.append(record)
    if problems:
        shown = problems[:_MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        text = "; ".join(shown) + (_(" … and {count} more").format(count=more) if more > 0 else "")
        raise InvalidInput(
            _("{path}: {count} rows are not valid, nothing was imported: {problems}").format(
                path=name, count=len(problems), problems=text
            ),
            _("levels: {levels}").format(levels=", ".join(LEVELS)),
        )
    if not records:
        raise InvalidInput(
            _("{path} holds no laws").format(path=name), _("check that it is the right file")
        )
    return records


def _record(line: int, row: dict[str, Any]) -> tuple[LawRecord, list[str]]:
    """The row as a record, and its problems (the record is only used when there are none)."""
    errors: list[str] = []
    title = clean_title(_field(row, "title"))
    if not title:
        errors.append(_("no title"))
    level_text = _field(row, "level")
    level = normalise_level(level_text)
    if level is None:
        errors.append(_("unknown level “{level}”").format(level=level_text))
    dates: dict[str, date | None] = {}
    for name in ("promulgated", "effective"):
        text = _field(row, name)
        try:
            dates[name] = parse_date(text) if text else None
        except InvalidInput as exc:
            errors.append(f"{name}: {render(exc.message)}")
            dates[name] = None
    promulgated, effective = dates["promulgated"], dates["effective"]
    if promulgated and effective and effective < promulgated:
        errors.append(
            _("the effective date {effective} is before promulgation on {promulgated}").format(
                effective=effective, promulgated=promulgated
            )
        )
    status = _field(row, "status") or "in_force"
    if status not in STATUSES:
        errors.append(
            _("unknown status “{status}” (in_force, superseded or repealed)").format(status=status)
        )
    number_text = _field(row, "number")
    number = law_number(number_text) if number_text else None
    if number_text and number is None:
        errors.append(_("“{number}” is not a 文号").format(number=number_text))
    record = LawRecord(
        line=line,
        title=title,
        short_title=clean_title(_field(row, "short_title")) or default_short_title(title),
        level=level or "",
        promulgated_on=dates["promulgated"],
        effective_on=dates["effective"],
        status=status,
        history=_field(row, "history") or None,
        doc_number=number,
    )
    return record, errors
