"""The 文号 of a page: in the header, under the title, or repaired where a copy damaged it."""

import contextlib
from collections.abc import Mapping
from datetime import date

from normdocs.domain.docnumber import find_doc_numbers
from normdocs.domain.docnumber import parse_doc_number as _parse_number
from normdocs.domain.errors import InvalidInput
from normdocs.domain.extract.model import _Header, _Line
from normdocs.domain.extract.patterns import (
    _ANY_DATE,
    _DAMAGED_NUMBER,
    _FOUR_DIGITS,
    _LEADING_DATE,
    _WIDTH,
)
from normdocs.domain.extract.title import _title_like
from normdocs.domain.messages import Text, _


def _doc_number(
    lines: list[_Line],
    body_at: int,
    header: _Header,
    known_codes: Mapping[str, str],
    notes: list[Text],
) -> str | None:
    """The document's own 文号: a header's (when it is one), else the 文号 standing alone or in
    ( ) in the head; in the body every 文号 is a citation."""
    for value, line in header.get("number"):
        try:
            return str(_parse_number(value))
        except InvalidInput:
            notes.append(
                _(
                    "the 文号 header “{value}” (paragraph {paragraph}) is not a 文号: ignored"
                ).format(value=value, paragraph=line.number)
            )
    head = lines[: max(body_at, 0)]
    codes = list(known_codes)
    candidates: list[tuple[bool, int, str]] = []
    for line in head:
        if not _FOUR_DIGITS.search(line.compact):
            continue
        for token in line.text.split():
            token = _LEADING_DATE.sub("", token.translate(_WIDTH)).strip("()（）")
            found = find_doc_numbers(token, codes)
            if found:
                alone = len(token) <= len(str(found[0])) + 2
                number = str(found[0])
                if alone:  # the whole token is the 文号: 和行办发 keeps its 和
                    with contextlib.suppress(InvalidInput):
                        number = str(_parse_number(token))
                candidates.append((not alone, len(candidates), number))
        if not candidates:
            text = _ANY_DATE.sub(" ", line.compact)
            found = find_doc_numbers(text, codes)
            if found and (len(line.compact) <= 40 or _title_like(line)):
                candidates.append((True, len(candidates), str(found[0])))
    if candidates:
        return min(candidates)[2]
    return None


def _damaged_number(
    head: list[_Line], promulgated_on: date | None, notes: list[Text]
) -> str | None:
    for line in head:
        damaged = _DAMAGED_NUMBER.match(line.compact)
        if not damaged:
            continue
        code, year, serial = damaged.group(1), int(damaged.group(2)), int(damaged.group(3))
        if promulgated_on is not None and year not in (
            promulgated_on.year - 1,
            promulgated_on.year,
        ):
            continue
        try:
            number = str(_parse_number(f"{code}〔{year}〕{serial}号"))
        except InvalidInput:
            continue
        notes.append(
            _(
                "the 文号 “{text}” (paragraph {paragraph}) lacks its 〕 and 号: read as {number}"
            ).format(text=line.text, paragraph=line.number, number=number)
        )
        return number
    return None
