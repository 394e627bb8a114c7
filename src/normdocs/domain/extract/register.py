"""A register row (an office's .csv/.xlsx list of documents) read into the same Extracted as a
page: cells in any of the forms offices write them."""

import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, TypeAlias

from normdocs.domain.dates import parse_date
from normdocs.domain.docnumber import parse_doc_number as _parse_number
from normdocs.domain.errors import InvalidInput
from normdocs.domain.extract.bodies import _split_bodies, is_party_body
from normdocs.domain.extract.dates import _small_number
from normdocs.domain.extract.model import Extracted, Problem
from normdocs.domain.extract.patterns import _CJK, _DATE, INTERIM_MARKERS
from normdocs.domain.extract.title import _issuer_prefix
from normdocs.domain.messages import Text, _
from normdocs.domain.validity import expiry_after

# What a register's cell may hold: text from a .csv, and what openpyxl reads from an .xlsx.
CellValue: TypeAlias = str | int | float | bool | date | datetime | time | timedelta | None

_EMPTY_CELLS = frozenset({"", "-", "—", "--", "/", "无", "暂无", "n/a", "none"})

_IN_FORCE = frozenset({"有效", "现行有效", "继续有效", "是", "在用", "现行", "正常"})

_ENDINGS = {
    "废止": "repealed",
    "宣布失效": "invalidated",
    "撤销": "revoked",
    "修订": "superseded",
    "修改": "superseded",
    "失效": "expired",
    "无效": "expired",
    "否": "expired",
    "过期": "expired",
}

_EXCEL_EPOCH = date(1899, 12, 30)

# Between the bodies of a joint document's 发文机关 cell.
_SEPARATOR = re.compile(r"[、，,;；]")

_PLAIN_DATE = re.compile(r"([0-9]{4})[-./]([0-9]{1,2})[-./]([0-9]{1,2})")

# A 文号 already in its normal form (most register cells): checked without the full parser.
_CANONICAL_NUMBER = re.compile(rf"[{_CJK}]{{1,20}}〔((?:19|20|21)[0-9]{{2}})〕[1-9][0-9]{{0,4}}号")

_LABELS = {
    "title": "文件名称",
    "doc_number": "文号",
    "issuer": "发文机关",
    "promulgated_on": "发布日期",
    "effective_on": "施行日期",
    "validity": "有效期",
    "status": "状态",
    "note": "备注",
}


# One piece: a row's cells read in order; dates, validity and status depend on each other.
def register_values(
    values: Mapping[str, CellValue],
    *,
    today: date,
    interim_markers: Collection[str] = INTERIM_MARKERS,
) -> Extracted:
    """A register row's cells (raw: text, numbers, Excel dates) as metadata; every bad cell is a
    problem naming its column."""
    problems: list[Problem] = []
    get = values.get

    def problem(name: str, message: Text) -> None:
        problems.append(
            Problem(_("{column}: {message}").format(column=_LABELS[name], message=message))
        )

    title = _cell_text(get("title"))
    if title is not None and " " in title:
        title = re.sub(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+", "", title)
    elif title is None:
        problem("title", _("no title"))
    number = None
    number_text = _cell_text(get("doc_number"))
    if number_text is not None:
        number = _canonical_number(number_text)
        if number is None:
            try:
                number = str(_parse_number(number_text))
            except InvalidInput as exc:
                problem("doc_number", exc.message)
    issuer = _cell_text(get("issuer"))
    issuer_from = "register" if issuer else None
    co_issuers: tuple[str, ...] = ()
    if issuer is not None:
        # A joint document's 发文机关 cell names its bodies in the order the register keeps:
        # the lead issuer first (A、B, A,B, A；B).
        # A space inside one name (国务院 办公厅) is not a separator here.
        names = _split_bodies("".join(issuer.split())) if _SEPARATOR.search(issuer) else None
        if names and len(names) > 1:
            issuer, co_issuers = names[0], _distinct(names[1:], names[0])
    elif title:
        names = _issuer_prefix(title)
        if names:
            issuer, co_issuers = _lead(names)
            issuer_from = "title"
    promulgated_on = _cell_date(get("promulgated_on"), "promulgated_on", problem)
    if promulgated_on is None and "promulgated_on" not in values:
        problem("promulgated_on", _("no promulgation date"))
    effective_on = _cell_date(get("effective_on"), "effective_on", problem)
    expires_on, years = _cell_validity(get("validity"), problem)
    interim = False
    if title:
        for marker in interim_markers:
            if marker in title:
                interim = True
                break
    status = _cell_text(get("status"))
    note_cell = get("note")
    note = _cell_text(note_cell) if note_cell else None
    ended_on = end_reason = None
    unknown_day = False
    notes: list[Text] = []
    if status is not None and status not in _IN_FORCE:
        expires_on, ended_on, end_reason = _with_status(
            status,
            note,
            _Dates(promulgated_on, effective_on, expires_on, years),
            today,
            problem,
        )
        unknown_day = end_reason is not None and ended_on is None
        if unknown_day:
            notes.append(
                _(
                    "状态 “{status}” gives no date: imported as {reason} on an unknown day (not "
                    "in force today; its validity before is unknown) — write the day it ended "
                    "(失效日期, not 生效日期) in 状态 or 备注 (e.g. 2020-05-01{word}) to record it"
                ).format(status=status, reason=_(end_reason or ""), word=status.removeprefix("已"))
            )
    _impossible_dates(promulgated_on, expires_on, ended_on, today, problem)
    registration = _registration_in(note) if note and "登记" in note else None
    return Extracted(
        title=title,
        doc_number=number,
        issuer=issuer,
        co_issuers=co_issuers,
        issuer_from=issuer_from,
        promulgated_on=promulgated_on,
        effective_on=effective_on,
        expires_on=expires_on,
        validity_years=years,
        interim=interim,
        ended_on=ended_on,
        end_reason=end_reason,
        end_date_unknown=unknown_day,
        # An explicit 有效 outranks the default validity period (importing keeps it in force).
        status="in_force" if status is not None and "".join(status.split()) in _IN_FORCE else None,
        registration_no=registration,
        problems=tuple(problems),
        notes=tuple(notes),
    )


def _impossible_dates(
    promulgated_on: date | None,
    expires_on: date | None,
    ended_on: date | None,
    today: date,
    problem: Callable[[str, Text], None],
) -> None:
    """Dates no document can have: promulgated after today, or ended or expiring before it was
    promulgated (a mistyped year, most often)."""
    if promulgated_on is None:
        return
    if promulgated_on > today:
        problem(
            "promulgated_on",
            _("{day} is after today ({today}): a register lists promulgated documents").format(
                day=promulgated_on.isoformat(), today=today.isoformat()
            ),
        )
    if expires_on is not None and expires_on < promulgated_on:
        problem(
            "validity",
            _("the validity ends on {end}, before the promulgation on {day}").format(
                end=expires_on.isoformat(), day=promulgated_on.isoformat()
            ),
        )
    if ended_on is not None and ended_on < promulgated_on:
        problem(
            "status",
            _("it ended on {end}, before the promulgation on {day}").format(
                end=ended_on.isoformat(), day=promulgated_on.isoformat()
            ),
        )


def _lead(names: list[str]) -> tuple[str, tuple[str, ...]]:
    """(lead issuer, co-issuers) of the bodies a title names, as a page's title is read: a
    Party body heads the names of a joint document, the government issues it."""
    governments = [n for n in names if not is_party_body(n)]
    first = governments[0] if governments else names[0]
    return first, _distinct(names, first)


def _distinct(names: list[str], lead: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n != lead))


_REGISTRATION = re.compile(
    r"(?:统一)?登记(?:编)?号\s*[:：为是]?\s*([0-9A-Za-z\u4e00-\u9fff〔〕\[\]【】()（）\-—_/]{3,40})"
)


def _registration_in(note: str) -> str | None:
    """A 登记号 a clerk wrote in 备注 (登记号：ZFGF-2019-003, 统一登记号 某司备〔2019〕3号)."""
    match = _REGISTRATION.search(note)
    if match is None:
        return None
    number = match.group(1).rstrip("，,；;。")
    return number if re.search(r"[0-9]", number) else None


def _cell_text(value: Any) -> str | None:
    """A cell as text, whitespace runs made one space; None when it says nothing (-, 无)."""
    if value is None:
        return None
    if value.__class__ is not str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value)
    cleaned = " ".join(value.split())
    return None if cleaned.lower() in _EMPTY_CELLS else cleaned


def _canonical_number(text: str) -> str | None:
    """`text` when it is a 文号 in its normal form already (most register cells), else None:
    the full parser (which explains what is wrong) takes the rest."""
    canonical = _CANONICAL_NUMBER.fullmatch(text)
    if canonical and 1949 <= int(canonical.group(1)) <= 2100:
        return text
    return None


@dataclass(frozen=True)
class _Dates:
    promulgated_on: date | None
    effective_on: date | None
    expires_on: date | None
    validity_years: int | None


def _cell_date(value: Any, name: str, problem: Any) -> date | None:
    if value is None:
        return None
    if value.__class__ is str:
        try:
            return _text_date(value)
        except InvalidInput as exc:
            problem(name, exc.message)
            return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # An Excel date stored as a plain number (days since 1899-12-30).
        if 18_000 <= value <= 80_000:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        if not 19_000_101 <= value <= 21_001_231:
            problem(name, _("“{value}” is not a date").format(value=value))
            return None
        value = str(int(value))
    return _cell_date(str(value), name, problem)


@lru_cache(maxsize=16_384)  # a register repeats its dates; a failure (an exception) is not kept
def _text_date(value: str) -> date | None:
    """A date cell typed as text; None for an empty one (-, 无); InvalidInput if not a day."""
    text = " ".join(value.split())
    fast = _PLAIN_DATE.fullmatch(text)
    if fast:  # 2022-05-31, 2022.5.31, 2022/5/31: most cells of a register
        try:
            return date(int(fast.group(1)), int(fast.group(2)), int(fast.group(3)))
        except ValueError:
            pass  # parse_date below says what is wrong with it
    if text.lower() in _EMPTY_CELLS:
        return None
    text = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "", text)  # 2022-05-31 00:00:00
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return parse_date(text)


def _cell_validity(value: Any, problem: Any) -> tuple[date | None, int | None]:
    if value is None:
        return None, None
    if isinstance(value, date | datetime) or (
        isinstance(value, int | float) and not isinstance(value, bool) and value > 1000
    ):
        return _cell_date(value, "validity", problem), None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return None, int(value)  # a number of years
    found = _text_validity(str(value))
    if found is None:
        problem(
            "validity",
            _(
                "cannot read “{value}”: write a number of years (5年) or the last day (2026-04-30)"
            ).format(value=_validity_form(str(value))),
        )
        return None, None
    return found


def _validity_form(value: str) -> str:
    return unicodedata.normalize("NFKC", " ".join(value.split()))


@lru_cache(maxsize=1024)  # a register repeats 5年, 长期 and its last days
def _text_validity(value: str) -> tuple[date | None, int | None] | None:
    """(last day, years) of a validity cell typed as text; None when it cannot be read."""
    text = _validity_form(value)
    if text.lower() in _EMPTY_CELLS or text in ("长期", "长期有效", "永久", "未规定", "未明确"):
        return None, None
    years = re.fullmatch(
        r"(?:有效期)?\s*(?:为)?\s*([0-9]{1,2}|[一二两三四五六七八九十]{1,2})\s*年", text
    )
    if years:
        return None, _small_number(years.group(1))
    until = re.fullmatch(r"(?:有效期)?\s*(?:至|到|截至|截止)?\s*(.+?)\s*(?:止|前)?", text)
    if until:
        found = _cell_date(until.group(1), "validity", lambda *_a: None)
        if found is not None:
            return found, None
    return None


def _with_status(
    status: str, note: str | None, dates: _Dates, today: date, problem: Any
) -> tuple[date | None, date | None, str | None]:
    """(expires_on, ended_on, end_reason) for a 状态 cell that is not simply 有效."""
    compact = re.sub(r"\s+", "", status)
    if compact in _IN_FORCE:
        return dates.expires_on, None, None
    reason = next((r for word, r in _ENDINGS.items() if word in compact), None)
    if reason is None:
        problem(
            "status",
            _("unknown status “{status}”: use 有效, 失效, 废止, 宣布失效, 撤销 or 已修订").format(
                status=status
            ),
        )
        return dates.expires_on, None, None
    when = _date_in(compact) or (_date_in(re.sub(r"\s+", "", note)) if note else None)
    if reason == "expired":
        if when is not None:
            return when - timedelta(days=1), None, None
        if dates.expires_on is not None and dates.expires_on < today:
            return dates.expires_on, None, None
        if dates.validity_years is not None and dates.promulgated_on is not None:
            effective = dates.effective_on or dates.promulgated_on
            if expiry_after(effective, dates.validity_years) < today:
                return dates.expires_on, None, None
    elif when is not None:
        return dates.expires_on, when, reason
    # Ended on a day the register does not give: ended all the same (register_values notes it).
    return dates.expires_on, None, reason


def _date_in(text: str) -> date | None:
    match = re.search(_DATE, text)
    if not match:
        return None
    try:
        return parse_date(match.group(0))
    except InvalidInput:
        return None
