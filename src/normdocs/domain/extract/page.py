"""A document's metadata read from its text: title, 文号, issuer, dates, validity and interim,
ignoring the clutter of the web pages copies come from."""

import re
from collections.abc import Collection, Mapping

from normdocs.domain.extract.dates import (
    _effective_date,
    _promulgation_date,
    _status,
    _validity,
    _with_header_date,
)
from normdocs.domain.extract.header import _read_header
from normdocs.domain.extract.issuer import _issuer
from normdocs.domain.extract.lines import _is_clutter, _lines
from normdocs.domain.extract.model import Extracted, Problem, _Line
from normdocs.domain.extract.numbers import _damaged_number, _doc_number
from normdocs.domain.extract.patterns import (
    _ENDED_STATUSES,
    _SALUTATION,
    _SENTENCE_PUNCT,
    _SEPARATOR,
    _TITLE_END,
    INTERIM_MARKERS,
)
from normdocs.domain.extract.title import _after_separator, _title
from normdocs.domain.messages import Text, _


# One piece: each field read in order, the later ones from what the earlier found.
def extract_metadata(
    text: str,
    *,
    known_codes: Mapping[str, str] | None = None,
    interim_markers: Collection[str] = INTERIM_MARKERS,
) -> Extracted:
    """Everything a clerk would read off the document; `known_codes` maps the 机关代字 of
    registered agencies to their names (the issuer of last resort)."""
    known_codes = known_codes or {}
    every_line = _lines(text)
    header = _read_header(every_line)
    lines = []
    for line in every_line:
        if id(line) in header.consumed:
            continue
        if not _is_clutter(line):
            lines.append(line)
        elif _SEPARATOR.search(line.compact):  # a breadcrumb may end in the title
            last = _after_separator(line.compact)
            if len(last) >= 8 and _TITLE_END.search(last):
                lines.append(_Line(line.number, last, last))
    body_at = _body_start(lines)
    problems: list[Problem] = []
    notes: list[Text] = []

    title, title_at, title_names = _title(lines, body_at)
    number = _doc_number(lines, body_at, header, known_codes, notes)
    promulgated_on, signature_at = _promulgation_date(lines, header, number, problems, notes)
    if number is None:
        number = _damaged_number(lines[:body_at], promulgated_on, notes)
    issuer, co_issuers, issuer_from = _issuer(
        lines, body_at, title, title_names, signature_at, number, header, known_codes, notes
    )
    effective_on = _effective_date(lines, promulgated_on, problems, notes)
    effective_on = _with_header_date(
        effective_on, header.get("effective"), _("effective date"), problems, notes
    )
    expires_on, years = _validity(lines, problems)
    if years is None:
        expires_on = _with_header_date(
            expires_on, header.get("expiry"), _("expiry"), problems, notes
        )
    interim = bool(title) and any(marker in (title or "") for marker in interim_markers)
    status = _status(header)
    ended = status if status in _ENDED_STATUSES else None
    if ended is not None:
        notes.append(
            _(
                "the page's 时效性 says {status} without a date: imported as ended on an unknown "
                "day (not in force today; its validity before is unknown)"
            ).format(status=_(ended))
        )
    return Extracted(
        title=title,
        title_paragraph=title_at,
        doc_number=number,
        issuer=issuer,
        co_issuers=co_issuers,
        issuer_from=issuer_from,
        promulgated_on=promulgated_on,
        effective_on=effective_on,
        expires_on=expires_on,
        validity_years=years,
        interim=interim,
        end_reason=ended,
        end_date_unknown=ended is not None,
        status=status,
        problems=tuple(problems),
        notes=tuple(notes),
    )


def _body_start(lines: list[_Line]) -> int:
    """Index of the first line of the body: a salutation (各…:) or a running sentence. A label
    with a colon and no value, a line of table separators or the site's boilerplate is not."""
    for index, line in enumerate(lines):
        compact = line.compact
        if len(compact) <= 100 and compact.endswith((":", "：")):
            if _SALUTATION.match(compact) or len(compact) > 8 or re.search("[,，、]", compact):
                return index
            continue
        if len(compact) <= 100 and _SALUTATION.match(compact) and not _TITLE_END.search(compact):
            return index
        if len(compact) >= 30 and _SENTENCE_PUNCT.search(compact):
            return index
    return len(lines)
