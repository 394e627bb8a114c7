"""What a correction must still satisfy: the steps keep their order, the recorded meeting and
signature fit the issuer, and a 文号 passes publication's check (the steps' own guards)."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from normdocs.domain.errors import Refused
from normdocs.i18n import _
from normdocs.services.corrections.steps import step_dates
from normdocs.store.rows import DocumentRow

if TYPE_CHECKING:
    from normdocs.domain.steps import Rules
    from normdocs.store.records import EventRow


def check_order(events: Sequence["EventRow"], event_dates: Mapping[int, date]) -> None:
    """The steps, with their corrected dates, still follow one another in the recorded order."""
    previous: tuple[str, date] | None = None
    for event_id, action, on in step_dates(events):
        on = event_dates.get(event_id, on)
        if previous is not None and on < previous[1]:
            raise Refused(
                _(
                    "the corrected dates put {action} on {on} before {previous} on {previous_on}:"
                    " the steps must keep their order"
                ).format(
                    action=action,
                    on=on.isoformat(),
                    previous=previous[0],
                    previous_on=previous[1].isoformat(),
                ),
                _("correct the other step's date too (give --date-of more than once)"),
                rule="date-order",
            )
        previous = (action, on)


def check_issuer(facts: DocumentRow, rules: "Rules") -> None:
    """The recorded meeting and signature must fit the corrected issuer (the same guards)."""
    from normdocs.domain.procedure_guards import meeting_fits_issuer, principal_head_signs
    from normdocs.domain.stages import MeetingOutcome, MeetingType
    from normdocs.domain.steps import RecordMeeting, Sign
    from normdocs.services.procedure import state_of

    state = state_of(facts)
    if facts["meeting_type"] is not None and facts["meeting_on"] is not None:
        meeting = RecordMeeting(
            facts["meeting_on"],
            MeetingOutcome.APPROVED,
            MeetingType(facts["meeting_type"]),
            session="—",
        )
        raise_first(meeting_fits_issuer(state, meeting, rules))
    if facts["signer"] is not None and facts["signed_on"] is not None:
        signature = Sign(facts["signed_on"], signer=facts["signer"])
        raise_first(principal_head_signs(state, signature, rules))


def check_number(session: Any, facts: DocumentRow) -> None:
    """A corrected 文号 (or issuer) passes publication's check: its 机关代字 is one of the
    issuer's codes, and no other document uses it."""
    from normdocs.domain.docnumber import parse_doc_number
    from normdocs.domain.procedure_guards import number_year_refusal
    from normdocs.services.procedure import _check_number as check_publication_number

    number = facts["doc_number"]
    if number is None:
        return
    parsed = parse_doc_number(number)
    check_publication_number(session, facts, parsed.code, number)
    published = facts["promulgated_on"]
    refused = number_year_refusal(parsed.year, published) if published is not None else None
    if refused is not None:
        raise refused


def raise_first(*refusals: Refused | None) -> None:
    for refusal in refusals:
        if refusal is not None:
            raise refusal
