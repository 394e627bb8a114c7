"""What every report shares: the official labels, the scope of issuers, the year's range, and
the refusal when nothing falls in scope."""

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from normdocs.domain.errors import Refused
from normdocs.domain.stages import (
    FILING_OUTCOME_WORDS_ZH,
    ISSUER_LEVEL_WORDS_ZH,
    MEETING_TYPE_WORDS_ZH,
    REVIEW_OUTCOME_WORDS_ZH,
    ReviewOutcome,
)

if TYPE_CHECKING:  # the store's module imports SQLAlchemy
    from normdocs.store.rows import AgencyListRow, AgencyRow

ISSUER_TOTAL = "合计"


def _first_words(words: dict[Any, tuple[str, ...]]) -> dict[str, str]:
    """Code → the label a clerk reads (the first of the words a clerk may type)."""
    return {str(code): names[0] for code, names in words.items()}


LEVEL_LABELS = _first_words(ISSUER_LEVEL_WORDS_ZH)
FILING_LABELS = _first_words(FILING_OUTCOME_WORDS_ZH)
MEETING_LABELS = _first_words(MEETING_TYPE_WORDS_ZH)
# An opinion states a revision in its formal words: 应当予以修改.
REVIEW_LABELS = {
    **_first_words(REVIEW_OUTCOME_WORDS_ZH),
    ReviewOutcome.REVISE.value: "应当予以修改",
}
# The four results of a cleanup as a 清理结果的通告 names them, in the order it lists them.
OUTCOME_LABELS = {
    "retain": "继续有效",
    "amend": "修改",
    "repeal": "废止",
    "invalidate": "宣布失效",
}


class NothingToReport(Refused):
    """No document, decision or review falls in the report's scope: no file is written."""

    def __init__(self, message: str) -> None:
        super().__init__(message, None, rule="nothing-to-report")


def scope_agencies(session: Any, names: Sequence[str]) -> "list[AgencyListRow]":
    """The agencies --issuer/--under name (all of them when none is named)."""
    from normdocs.services.scopes import resolve_scope

    return list(resolve_scope(session, names).agencies)


def scope_name(issuers: "Sequence[AgencyRow]") -> str:
    return "、".join(a["name"] for a in issuers)


def year_range(year: int, as_of: date) -> tuple[date, date]:
    """The days of `year` a report counts: up to `as_of` at the latest."""
    return date(year, 1, 1), min(date(year, 12, 31), as_of)
