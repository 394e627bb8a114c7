"""The dates of a page: promulgation (signature, headnote, header), the effective date the text
states, and a stated validity."""

import re
from datetime import date

from normdocs.domain.dates import parse_date
from normdocs.domain.docnumber import find_doc_numbers
from normdocs.domain.errors import InvalidInput
from normdocs.domain.extract.bodies import _split_bodies
from normdocs.domain.extract.lines import _is_agency_line
from normdocs.domain.extract.model import Problem, _Header, _Line
from normdocs.domain.extract.patterns import (
    _ANY_DATE,
    _CN_NUMBERS,
    _DATE_LINE,
    _DATE_WITH,
    _EFFECTIVE_FROM,
    _EFFECTIVE_JAMMED,
    _EFFECTIVE_ON_DATE,
    _EFFECTIVE_ON_ISSUE,
    _HEADNOTE,
    _HEADNOTE_EFFECTIVE,
    _MONTH_DAY,
    _PRINTED,
    _SPACED_DATE,
    _STATUS_WORDS,
    _VALIDITY_UNTIL,
    _VALIDITY_YEARS,
)
from normdocs.domain.messages import Msg, Text, _


def _parse_found(text: str, paragraph: int, problems: list[Problem]) -> date | None:
    if re.search(r"月\s*[0-9一二三四五六七八九十]{1,3}$", text):
        text += "日"  # 2020年1月25 — the 日 lost at the end of a copied page
    try:
        return parse_date(text)
    except InvalidInput as exc:
        problems.append(Problem(exc.message, paragraph))
        return None


# One decision: the places a page states its date, tried in order of trust.
def _promulgation_date(
    lines: list[_Line],
    header: _Header,
    number: str | None,
    problems: list[Problem],
    notes: list[Text],
) -> tuple[date | None, int | None]:
    """成文日期: the date line under the signature; else the first date line (also one beside
    the 文号 or the issuer, or one that lost its 年月日); else a 题注 or the 版记's 印发 date;
    else a dated header (成文日期, 发文日期, 发布时间…) that is not the site's own time stamp.
    Returns the date and the index of its line when it is a date line."""
    first_line: tuple[date, int] | None = None
    year_lost = False
    for index, line in enumerate(lines):
        compact = line.compact
        found: date | None = None
        if _DATE_LINE.match(compact):
            found = _parse_found(compact, line.number, problems)
        elif _SPACED_DATE.match(line.text):
            found = _spaced_date(line, notes)
        elif _MONTH_DAY.match(compact) and index > 0 and _is_agency_line(lines[index - 1]):
            year_lost = True
            continue
        else:
            with_date = _DATE_WITH.match(line.text)
            if with_date and len(compact) <= 40 and _dated_companion(with_date.group(2)):
                found = _parse_found(re.sub(r"\s+", "", with_date.group(1)), line.number, problems)
        if found is None:
            continue
        if index > 0 and _is_agency_line(lines[index - 1]):
            return found, index
        if first_line is None:
            first_line = (found, index)
    if first_line is not None:
        return first_line
    for line in lines:
        headnote = _HEADNOTE.match(line.compact) or _PRINTED.match(line.compact)
        if headnote:
            return _parse_found(headnote.group(1), line.number, problems), None
    if year_lost:
        notes.append(_("the signature's date has no year: the document's date is unknown"))
        return None, None
    number_year = _year_of(number)
    for name in ("written", "issued", "published", "stamp"):
        for value, line in header.get(name):
            if id(line) in header.site_stamps and name == "stamp":
                continue
            match = _ANY_DATE.search(value)
            if not match:
                continue
            found = _parse_found(match.group(0), line.number, problems)
            if found is None:
                continue
            if number_year is not None and found.year > number_year + 1:
                notes.append(
                    _(
                        "{date} (paragraph {paragraph}) is later than the 文号's year: the "
                        "site's date, not the document's"
                    ).format(date=found.isoformat(), paragraph=line.number)
                )
                continue
            return found, None
    return None, None


def _dated_companion(rest: str) -> bool:
    """What may follow the date on the document's own date line: its 文号 or its issuer."""
    rest = rest.strip()
    return bool(find_doc_numbers(rest)) or _split_bodies(rest) is not None


def _year_of(number: str | None) -> int | None:
    if number is None:
        return None
    match = re.search(r"〔([0-9]{4})〕", number)
    return int(match.group(1)) if match else None


def _spaced_date(line: _Line, notes: list[Text]) -> date | None:
    match = _SPACED_DATE.match(line.text)
    assert match is not None
    try:
        found = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    notes.append(
        _("“{text}” (paragraph {paragraph}) was read as {date}").format(
            text=line.text, paragraph=line.number, date=found.isoformat()
        )
    )
    return found


def _effective_date(
    lines: list[_Line], promulgated_on: date | None, problems: list[Problem], notes: list[Text]
) -> date | None:
    for line in lines:
        compact = line.compact
        if _EFFECTIVE_ON_ISSUE.search(compact):
            return promulgated_on
        match = _EFFECTIVE_ON_DATE.search(compact) or _EFFECTIVE_FROM.search(compact)
        if match is None and compact.startswith(("(", "（")):
            match = _HEADNOTE_EFFECTIVE.search(compact)
        if match:
            return _parse_found(match.group(1), line.number, problems)
        jammed = _EFFECTIVE_JAMMED.search(compact)
        if jammed:
            found = _jammed_date(jammed.group(1), promulgated_on)
            if found is not None:
                notes.append(
                    _("“{digits}” (paragraph {paragraph}) was read as {date}").format(
                        digits=jammed.group(1), paragraph=line.number, date=found.isoformat()
                    )
                )
                return found
    return None


def _with_header_date(
    stated: date | None,
    values: list[tuple[str, _Line]],
    what: Msg,
    problems: list[Problem],
    notes: list[Text],
) -> date | None:
    """A header's 实施日期 / 废止时间 where the text states none; the text wins when both do,
    and a disagreement is a warning."""
    for value, line in values:
        match = _ANY_DATE.search(value)
        if not match:
            continue
        found = _parse_found(match.group(0), line.number, [])
        if found is None:
            continue
        if stated is None:
            return found
        if found != stated:
            notes.append(
                _(
                    "the header gives the {what} {header} (paragraph {paragraph}), the text "
                    "{text}: the text's is kept"
                ).format(
                    what=what,
                    header=found.isoformat(),
                    paragraph=line.number,
                    text=stated.isoformat(),
                )
            )
        return stated
    return stated


def _status(header: _Header) -> str | None:
    for value, _line in header.get("status"):
        for word, status in _STATUS_WORDS:
            if word in value:
                return status
    return None


def _jammed_date(digits: str, near: date | None) -> date | None:
    """2020125 → 2020-01-25 or 2020-12-05: the reading on or after `near` closest to it."""
    year, rest = int(digits[:4]), digits[4:]
    readings = []
    for cut in range(1, len(rest)):
        try:
            readings.append(date(year, int(rest[:cut]), int(rest[cut:])))
        except ValueError:
            continue
    if len(readings) == 1:
        return readings[0]
    if near is None:
        return None
    later = [d for d in readings if d >= near]
    return min(later, key=lambda d: d - near) if later else None


def _validity(lines: list[_Line], problems: list[Problem]) -> tuple[date | None, int | None]:
    for line in lines:
        until = _VALIDITY_UNTIL.search(line.compact)
        if until:
            return _parse_found(until.group(1), line.number, problems), None
        years = _VALIDITY_YEARS.search(line.compact)
        if years:
            return None, _small_number(years.group(1))
    return None, None


def _small_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if len(text) == 2 and text[0] == "十":
        return 10 + _CN_NUMBERS[text[1]]
    return _CN_NUMBERS.get(text)
