"""Legal validity derived from a document's dated facts, as of a given day."""

from dataclasses import dataclass
from datetime import date, timedelta

from normdocs.domain.stages import Validity

ENDING_VALIDITIES = frozenset(
    {Validity.REPEALED, Validity.INVALIDATED, Validity.REVOKED, Validity.SUPERSEDED}
)


@dataclass(frozen=True)
class ValidityFacts:
    """The dated events that decide validity; `expires_on` is the last day in force."""

    promulgated_on: date | None
    effective_on: date | None
    expires_on: date | None
    ended_on: date | None = None
    end_reason: Validity | None = None
    # Ended (end_reason) on a day nobody recorded, at the latest on this one: the day the
    # ending became known (a register imported that says 已废止 without a date).
    ended_by: date | None = None
    # Withdrawn from the register (撤回 before promulgation, or an import undone).
    withdrawn: bool = False


def validity_on(facts: ValidityFacts, as_of: date) -> Validity:
    """Validity on `as_of`: an ending event beats expiry, expiry beats being in force. An ending
    on an unknown day holds from the day it was known (`ended_by`); before that, validity is
    unknown. A withdrawn document has no validity the register vouches for."""
    if facts.withdrawn:
        return Validity.WITHDRAWN
    if facts.promulgated_on is None or as_of < facts.promulgated_on:
        return Validity.NOT_PROMULGATED
    if facts.end_reason is not None and facts.ended_on is None:
        if facts.ended_by is None or as_of >= facts.ended_by:
            return facts.end_reason
        return Validity.UNKNOWN
    if facts.ended_on is not None and facts.end_reason is not None and as_of >= facts.ended_on:
        return facts.end_reason
    effective = facts.effective_on or facts.promulgated_on
    if as_of < effective:
        return Validity.PENDING
    if facts.expires_on is not None and as_of > facts.expires_on:
        return Validity.EXPIRED
    return Validity.IN_FORCE


def add_years(start: date, years: int) -> date:
    """`start` moved by whole years; 29 February falls back to 28 February."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def expiry_after(effective_on: date, years: int) -> date:
    """The last day in force of a document valid for `years` from `effective_on`."""
    return add_years(effective_on, years) - timedelta(days=1)
