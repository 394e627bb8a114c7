"""The procedure's inputs: one typed payload per step, the document facts and rules it is judged
against, what only the registry knows (StoreInputs), and what a step does (Effects).

A payload carries what the clerk gave for that step and nothing else; outcomes are the enums of
domain.stages, so an unknown outcome cannot reach the workflow. `step_of` builds a payload from
plain words (codes such as "lawful"), refusing a missing, unknown or superfluous outcome with the
rule `outcome`: the demo's data and the tests speak that way.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar

from normdocs.domain.calendar import WorkingCalendar
from normdocs.domain.document_values import DocumentValues
from normdocs.domain.errors import Refused
from normdocs.domain.messages import Text, _
from normdocs.domain.profile import Profile
from normdocs.domain.stages import (
    Action,
    FilingOutcome,
    IssuerLevel,
    Materials,
    MeetingOutcome,
    MeetingType,
    ReviewOutcome,
    Stage,
)

# --- one payload per step -----------------------------------------------------------------


@dataclass(frozen=True)
class SubmitReview:
    """送交合法性审核."""

    action: ClassVar[Action] = Action.SUBMIT_REVIEW
    on: date


@dataclass(frozen=True)
class DecideReview:
    """合法性审核结论, with the written opinion."""

    action: ClassVar[Action] = Action.DECIDE_REVIEW
    on: date
    outcome: ReviewOutcome
    opinion: str = ""
    reviewer: str | None = None
    emergency: bool = False


@dataclass(frozen=True)
class RecordRevision:
    """The revision the review asked for: a note, the revised text, or why it was not adopted."""

    action: ClassVar[Action] = Action.RECORD_REVISION
    on: date
    note: str | None = None
    not_adopted: bool = False
    # The revised text's file as given (the service reads it and keeps it as the document's
    # next text version: the domain opens no file).
    revised_file: str | None = None

    @property
    def revised_text(self) -> bool:
        return self.revised_file is not None


@dataclass(frozen=True)
class RecordMeeting:
    """集体审议 at a meeting of the issuer."""

    action: ClassVar[Action] = Action.RECORD_MEETING
    on: date
    outcome: MeetingOutcome
    meeting_type: MeetingType
    session: str = ""


@dataclass(frozen=True)
class Sign:
    """签发 by the principal head."""

    action: ClassVar[Action] = Action.SIGN
    on: date
    signer: str | None = None


@dataclass(frozen=True)
class Publish:
    """公布: the 文号 as given, and the effective date and validity if the document states them."""

    action: ClassVar[Action] = Action.PUBLISH
    on: date
    doc_number: str | None = None
    effective_on: date | None = None
    expires_on: date | None = None
    validity_years: int | None = None


@dataclass(frozen=True)
class File:
    """报送备案 (or, after a deferral or correction request, the refiling)."""

    action: ClassVar[Action] = Action.FILE
    on: date
    materials: Materials = Materials.COMPLETE
    filed_to: str | None = None


@dataclass(frozen=True)
class DecideFiling:
    """备案审查结果."""

    action: ClassVar[Action] = Action.DECIDE_FILING
    on: date
    outcome: FilingOutcome
    note: str | None = None


ProcedureStep = (
    SubmitReview
    | DecideReview
    | RecordRevision
    | RecordMeeting
    | Sign
    | Publish
    | File
    | DecideFiling
)

STEP_TYPES: dict[Action, type[ProcedureStep]] = {
    t.action: t
    for t in (
        SubmitReview,
        DecideReview,
        RecordRevision,
        RecordMeeting,
        Sign,
        Publish,
        File,
        DecideFiling,
    )
}

# The outcome enum of each step that has one.
OUTCOME_TYPES: dict[Action, type[StrEnum]] = {
    Action.DECIDE_REVIEW: ReviewOutcome,
    Action.RECORD_MEETING: MeetingOutcome,
    Action.DECIDE_FILING: FilingOutcome,
}


def outcome_of(step: ProcedureStep) -> StrEnum | None:
    """The step's outcome, None for a step that has none."""
    outcome: StrEnum | None = getattr(step, "outcome", None)
    return outcome


def step_of(action: Action, on: date, *, outcome: str | None = None, **given: Any) -> ProcedureStep:
    """The typed payload of `action` from plain codes; a wrong outcome is refused (rule outcome)."""
    kind = STEP_TYPES[action]
    words = dict(given)
    choices = OUTCOME_TYPES.get(action)
    if choices is None and outcome is not None:
        raise _outcome_refused(
            _("{action} takes no outcome, but {outcome} was given").format(
                action=action.value, outcome=outcome
            )
        )
    if choices is not None:
        listed = "|".join(choice.value for choice in choices)
        if outcome is None:
            raise _outcome_refused(
                _("{action} needs an outcome: one of {choices}").format(
                    action=action.value, choices=listed
                )
            )
        if outcome not in {choice.value for choice in choices}:
            raise _outcome_refused(
                _("unknown outcome {outcome}; choose one of {choices}").format(
                    outcome=outcome, choices=listed
                )
            )
        words["outcome"] = choices(outcome)
    for name, enum in (("meeting_type", MeetingType), ("materials", Materials)):
        if name in words and words[name] in {member.value for member in enum}:
            words[name] = enum(words[name])
    return kind(on=on, **words)


def _outcome_refused(message: Text) -> Refused:
    return Refused(message, None, rule="outcome")


# --- what a step is judged against --------------------------------------------------------


@dataclass(frozen=True)
class DocumentState:
    """What the guards may know about a document: its stage, issuer and dated facts."""

    stage: Stage
    issuer_level: IssuerLevel
    issuer_head: str | None = None
    interim: bool = False
    review_submitted_on: date | None = None
    review_decided_on: date | None = None
    meeting_on: date | None = None
    signed_on: date | None = None
    promulgated_on: date | None = None
    filing_due_on: date | None = None
    filed_on: date | None = None
    refile_due_on: date | None = None
    filing_decided_on: date | None = None
    # Whether the document has a text: a draft without one has nothing to review.
    has_text: bool = True
    # The latest step in the document's record: some steps leave no dated fact on the document
    # (a recorded revision, a deferred or rejected meeting), yet no later step may predate them.
    last_recorded_on: date | None = None

    @property
    def last_step_on(self) -> date | None:
        dates = [
            d
            for d in (
                self.last_recorded_on,
                self.review_submitted_on,
                self.review_decided_on,
                self.meeting_on,
                self.signed_on,
                self.promulgated_on,
                self.filed_on,
                self.filing_decided_on,
            )
            if d is not None
        ]
        return max(dates) if dates else None


@dataclass(frozen=True)
class Rules:
    profile: Profile
    calendar: WorkingCalendar
    # The registry's today (NORMDOCS_TODAY or the clock, read by the caller): no step may be
    # dated after it. None only where no today is known (a replay of recorded steps).
    today: date | None = None


@dataclass(frozen=True)
class Registration:
    """The 文号 as checked against the registry, and the registration number it was given."""

    doc_number: str
    number_year: int
    registration_no: str
    seq: int


@dataclass(frozen=True)
class StoreInputs:
    """What only the registry knows, read by the service for the transitions that declare it."""

    # The newest version of the document's text: the text a review decision examined.
    text_version: int | None = None
    # What the event says of a revised text given with `review revise` (services.texts).
    revised_text: Mapping[str, Any] | None = None
    # The filing authority (备案机关): `file --to`, or the issuer's.
    filing_authority: str | None = None
    registration: Registration | None = None


@dataclass(frozen=True)
class Effects:
    """What an allowed step does: the document facts it sets, what its event says, warnings."""

    facts: DocumentValues = field(default_factory=DocumentValues)
    details: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Decision:
    """The result of an allowed step: the new stage, the facts to record, and any warnings."""

    to_stage: Stage
    facts: DocumentValues
    details: Mapping[str, Any]
    warnings: tuple[Text, ...] = ()
