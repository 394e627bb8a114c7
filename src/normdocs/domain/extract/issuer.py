"""The issuer of a page: from the header, the title, the signature or the 文号's 机关代字."""

import re
from collections.abc import Mapping
from typing import Any

from normdocs.domain.extract.bodies import (
    _split_bodies,
    _without_province,
    is_party_body,
    issuer_name_problem,
)
from normdocs.domain.extract.lines import _is_agency_line
from normdocs.domain.extract.model import _Header, _Line
from normdocs.domain.extract.patterns import _CJK, _DATE_LINE, _DATE_WITH
from normdocs.domain.extract.title import _issuer_prefix
from normdocs.domain.messages import Msg, Text, _


def _issuer(
    lines: list[_Line],
    body_at: int,
    title: str | None,
    title_names: list[str],
    signature_at: int | None,
    number: str | None,
    header: _Header,
    known_codes: Mapping[str, str],
    notes: list[Text],
) -> tuple[str | None, tuple[str, ...], str | None]:
    """The title's and the signature's names win; then a header (发文机关, 发布机构…), a
    database's line under the title, a 题注, 来源 — each with a warning naming its line; then
    the 代字 of a registered agency. A name that does not look like a body is rejected."""
    rejected: list[Msg] = []

    def usable(names: list[str], where: Msg) -> list[str]:
        good = []
        for name in names:
            problem = issuer_name_problem(name)
            if problem is None:
                good.append(name)
            else:
                rejected.append(_("{where}: {problem}").format(where=where, problem=problem))
        return good

    def lead(names: list[str]) -> tuple[str, tuple[str, ...]]:
        # A Party body leads the names of a joint document; the government issues it.
        governments = [n for n in names if not is_party_body(n)]
        first = governments[0] if governments else names[0]
        return first, tuple(n for n in names if n != first)

    found: tuple[str | None, tuple[str, ...], str | None] = (None, (), None)
    if title:
        names = usable(title_names or _issuer_prefix(title), _("the title"))
        if names:
            found = (*lead(names), "title")
    if found[0] is None and signature_at is not None:
        names = []
        index = signature_at - 1
        while index >= 0 and signature_at - index <= 3 and _is_agency_line(lines[index]):
            names = (_split_bodies(lines[index].text) or []) + names
            index -= 1
        names = usable(names, _("the signature"))
        if names:
            found = (*lead(names), "signature")
    if found[0] is None and title and number:
        # The rules of a government: 镇巴县人民政府工作规则 under 镇政发〔2024〕7号.
        own = re.match(rf"[{_CJK}]{{2,20}}?人民政府(?:办公室|办公厅)?", title)
        if own and own.group(0)[0] == number[0] and issuer_name_problem(own.group(0)) is None:
            found = (own.group(0), (), "title")
    if found[0] is None:
        found = _issuer_from_header(lines, body_at, header, usable, notes)
    if found[0] is None and number is not None:
        code = number.split("〔", 1)[0]
        if code in known_codes:
            found = (known_codes[code], (), "code")
    if found[0] is None or found[2] not in ("title", "signature"):
        notes.extend(_("not taken as the issuer — {reason}").format(reason=r) for r in rejected)
    return found


def _issuer_from_header(
    lines: list[_Line], body_at: int, header: _Header, usable: Any, notes: list[Text]
) -> tuple[str | None, tuple[str, ...], str | None]:
    candidates: list[tuple[str, _Line, str]] = []
    for value, line in header.get("issuer"):
        candidates.append((value, line, "header"))
    # A legal database's line naming the issuer between its headline and the title.
    for index, line in enumerate(lines[:body_at]):
        if _is_agency_line(line) and not (
            index + 1 < len(lines) and _DATE_LINE.match(lines[index + 1].compact)
        ):
            candidates.append((line.text, line, "header"))
    for line in lines[:body_at]:
        with_date = _DATE_WITH.match(line.text)
        if with_date and _split_bodies(with_date.group(2)):
            candidates.append((with_date.group(2), line, "header"))
    for value, line in header.get("source"):
        candidates.append((value, line, "source"))
    for value, line, origin in candidates:
        names = usable(
            [_without_province(n) for n in _split_bodies(value) or [value]],
            _("paragraph {paragraph}").format(paragraph=line.number),
        )
        if names:
            notes.append(
                _(
                    "issuer {name} read from “{line}” (paragraph {paragraph}): the title and the "
                    "signature name none"
                ).format(name=names[0], line=line.text, paragraph=line.number)
            )
            return names[0], tuple(names[1:]), origin
    return None, (), None
