"""Dates as users type them and documents print them: ISO, 2018年8月1日, 二〇一八年八月一日."""

import re
from datetime import date

from normdocs.domain.errors import InvalidInput
from normdocs.domain.messages import Msg, _

# Full-width forms typed with a Chinese input method; one character each, so spans keep.
_WIDTH = str.maketrans("０１２３４５６７８９－／．Ｏｏ", "0123456789-/.Oo")

# 〇 is typed in many ways: U+3007, the circle ○, the letter O or o, the digit 0, or 零.
_YEAR_DIGITS = {"〇": 0, "○": 0, "◯": 0, "O": 0, "o": 0, "零": 0}
_YEAR_DIGITS.update({str(n): n for n in range(10)})
_YEAR_DIGITS.update(dict(zip("一二三四五六七八九", range(1, 10), strict=True)))
_SMALL_DIGITS = dict(zip("一二三四五六七八九", range(1, 10), strict=True))

_YEAR_CHARS = "".join(_YEAR_DIGITS)
_CN_NUMBER = "一二三四五六七八九十"

_ISO = r"(?P<iy>[0-9]{4})(?P<sep>[-/.])(?P<im>[0-9]{1,2})(?P=sep)(?P<id>[0-9]{1,2})"
_ISO_SPACED = (
    r"(?P<iy>[0-9]{4})\s*(?P<sep>[-/.])\s*(?P<im>[0-9]{1,2})\s*(?P=sep)\s*(?P<id>[0-9]{1,2})"
)
_YMD = (
    rf"(?P<cy>[{_YEAR_CHARS}]{{4}})\s*年\s*"
    rf"(?P<cm>[0-9]{{1,2}}|[{_CN_NUMBER}]{{1,3}})\s*月\s*"
    rf"(?P<cd>[0-9]{{1,2}}|[{_CN_NUMBER}]{{1,3}})\s*[日号]"
)

_WHOLE = re.compile(rf"(?:{_ISO_SPACED}|{_YMD})")
# In running text a date must not be the tail of a longer number ("12018-08-01").
_IN_TEXT = re.compile(
    rf"(?<![0-9〇○◯零一二三四五六七八九])(?:{_ISO}(?![0-9])|{_YMD})",
)

_HINT_EXAMPLE = "2018-08-01"


def parse_date(text: str) -> date:
    """A date typed by a user or printed in a document; InvalidInput if it is not a real day."""
    cleaned = text.strip().translate(_WIDTH)
    if not cleaned:
        raise InvalidInput(_("no date given"), _hint())
    match = _WHOLE.fullmatch(cleaned)
    fields = None if match is None else _fields(match)
    if fields is None:
        raise InvalidInput(
            _("not a date: “{text}”; dates are written 2018-08-01 or 2018年8月1日").format(
                text=text.strip()
            ),
            _hint(),
        )
    year, month, day = fields
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(
            _("the date “{text}” does not exist: {reason}").format(
                text=text.strip(), reason=_why_impossible(year, month, day)
            ),
            _hint(),
        ) from None


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """Every real date in running text with its (start, end) span, in order of appearance."""
    found: list[tuple[date, int, int]] = []
    for match in _IN_TEXT.finditer(text.translate(_WIDTH)):
        fields = _fields(match)
        if fields is None:
            continue
        try:
            found.append((date(*fields), match.start(), match.end()))
        except ValueError:
            continue
    return found


def _hint() -> Msg:
    return _("use YYYY-MM-DD, e.g. {example}").format(example=_HINT_EXAMPLE)


def _fields(match: re.Match[str]) -> tuple[int, int, int] | None:
    if match.group("iy") is not None:
        return int(match.group("iy")), int(match.group("im")), int(match.group("id"))
    year = 0
    for ch in match.group("cy"):
        year = year * 10 + _YEAR_DIGITS[ch]
    month = _small_number(match.group("cm"))
    day = _small_number(match.group("cd"))
    if month is None or day is None:
        return None
    return year, month, day


def _small_number(text: str) -> int | None:
    """1–99 in Arabic digits or Chinese numerals: 八, 十, 十二, 二十, 三十一."""
    if text.isdigit():
        return int(text)
    tens, sep, units = text.partition("十")
    if not sep:
        return _SMALL_DIGITS.get(text) if len(text) == 1 else None
    if len(tens) > 1 or len(units) > 1:
        return None
    tens_value = 1 if not tens else _SMALL_DIGITS.get(tens)
    units_value = 0 if not units else _SMALL_DIGITS.get(units)
    if tens_value is None or units_value is None:
        return None
    return tens_value * 10 + units_value


def _why_impossible(year: int, month: int, day: int) -> Msg:
    if not 1 <= year <= 9999:
        return _("there is no year {year}").format(year=year)
    if not 1 <= month <= 12:
        return _("there is no month {month}; months run from 1 to 12").format(month=month)
    return _("{year}-{month:02d} has no day {day}").format(year=year, month=month, day=day)
