"""The procedure as data: which step is allowed in which stage, its guards and its result.

Transitions are (action, source stages, outcome → target stage, guards). Guards are pure: they
look at a frozen snapshot of the document and the step and either pass or return a refusal that
names the rule and its source. Nothing here reads a clock or a database.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from normdocs.domain.calendar import WorkingCalendar
from normdocs.domain.errors import Refused
from normdocs.domain.profile import Profile
from normdocs.domain.stages import (
    Action,
    FilingOutcome,
    IssuerLevel,
    MeetingOutcome,
    ReviewOutcome,
    Stage,
    Validity,
)
from normdocs.domain.validity import expiry_after
from normdocs.i18n import _

SRC_REVIEW_BEFORE_DELIBERATION = "国办发〔2018〕115号 §(七); 国办发〔2018〕37号 §(六)"
SRC_SIGNATURE = "国办发〔2018〕37号 §(六)"
SRC_PUBLICATION = "国办发〔2018〕37号 §(七)"
SRC_VALIDITY = "国办发〔2018〕37号 §(十六)"
SRC_ORDER = "国办发〔2018〕37号"


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
class Step:
    """One requested step with everything the user gave for it."""

    action: Action
    on: date
    outcome: str | None = None
    emergency: bool = False
    opinion: str | None = None
    reviewer: str | None = None
    note: str | None = None
    revised_text: bool = False
    not_adopted: bool = False
    meeting_type: str | None = None
    session: str | None = None
    signer: str | None = None
    doc_number: str | None = None
    effective_on: date | None = None
    expires_on: date | None = None
    validity_years: int | None = None
    materials: str | None = None
    filed_to: str | None = None


@dataclass(frozen=True)
class Rules:
    profile: Profile
    calendar: WorkingCalendar
    # The registry's today (NORMDOCS_TODAY or the clock, read by the caller): no step may be
    # dated after it. None only where no today is known (a replay of recorded steps).
    today: date | None = None


@dataclass
class Decision:
    """The result of an allowed step: the new stage, the facts to record, and any warnings."""

    to_stage: Stage
    facts: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


Guard = Callable[[DocumentState, Step, Rules, Decision], None]


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Stage]
    targets: Mapping[str | None, Stage]
    guards: tuple[Guard, ...] = ()


def _refuse(message: str, hint: str | None, rule: str, source: str | None) -> Refused:
    return Refused(message, hint, rule=rule, source=source)


# --- guards -------------------------------------------------------------------------------


def refuse_after_today(on: date, today: date, option: str = "--date") -> None:
    """A fact is recorded once it has happened: a day after today is refused (any step, a
    meeting, a signature, a cleanup decision, a law's promulgation)."""
    if on > today:
        raise _refuse(
            _(
                "the date {on} is after today ({today}): a step is recorded once it has happened"
            ).format(on=on.isoformat(), today=today.isoformat()),
            _(
                "give the day it happened with {option}; to record past work as of another day,"
                " set NORMDOCS_TODAY"
            ).format(option=option),
            "date-after-today",
            None,
        )


def _date_not_after_today(state: DocumentState, step: Step, rules: Rules, d: Decision) -> None:
    if rules.today is not None:
        refuse_after_today(step.on, rules.today)


def _date_not_before_previous(state: DocumentState, step: Step, rules: Rules, d: Decision) -> None:
    previous = state.last_step_on
    if previous is not None and step.on < previous:
        raise _refuse(
            _("the date {on} is before the document's previous step on {previous}").format(
                on=step.on.isoformat(), previous=previous.isoformat()
            ),
            _("give the real date of this step with --date"),
            "date-order",
            None,
        )


def _text_to_review(state: DocumentState, step: Step, rules: Rules, d: Decision) -> None:
    if not state.has_text:
        raise _refuse(
            _("the draft has no text: there is nothing to review"),
            _(
                "give its text with: normdocs doc new --file PATH; or normdocs doc text REF --file PATH"
            ),
            "review-needs-text",
            None,
        )


def _review_duration(state: DocumentState, step: Step, rules: Rules, d: Decision) -> None:
    submitted = state.review_submitted_on
    if submitted is None:  # pragma: no cover - every path through under_review sets it
        return
    days = rules.calendar.working_days_between(submitted, step.on)
    limits = rules.profile.review
    d.facts["review_working_days"] = days
    d.details["working_days"] = days
    d.details["emergency"] = step.emergency
    if days < limits.min_working_days and not step.emergency:
        raise _refuse(
            _(
                "the legality review took {days} working days ({start} to {end}); at least {min}"
                " are required ({source})"
            ).format(
                days=days,
                start=submitted.isoformat(),
                end=step.on.isoformat(),
                min=limits.min_working_days,
                source=limits.source,
            ),
            _("wait until the minimum has passed, or mark a real emergency with --emergency"),
            "review-minimum-days",
            limits.source,
        )
    late = days > limits.max_working_days
    d.facts["review_late"] = late
    d.details["late"] = late
    if late:
        d.warnings.append(
            _(
                "the legality review took {days} working days, more than {max} ({source});"
                " recorded as late"
            ).format(days=days, max=limits.max_working_days, source=limits.source)
        )


def _opinion_given(state: DocumentState, step: Step, rules: Rules, d: Decision) -> None:
    if not (step.opinion or "").strip():
        raise _refuse(
            _("a review decision needs the written review opinion"),
            _("give it with --opinion TEXT"),
            "review-opinion",
            None,
        )


def _revision_recorded(state: DocumentState, step: Step, rules: Rules, d: Decision) -> None:
    note = (step.note or "").strip()
    if step.not_adopted and not note:
        raise _refuse(
            _("not adopting the review opinion needs a written reason"),
            _("give the reason with --note TEXT"),
            "revision-reason",
            SRC_REVIEW_BEFORE_DELIBERATION,
        )
    if not step.revised_text and not note:
        raise _refuse(
            _("a revision must be recorded: the revised text, or a note of what was changed"),
            _(
                "use --file PATH with the revised text, or --note TEXT (or --not-adopted --note"
                " REASON)"
            ),
            "revision-record",
            SRC_REVIEW_BEFORE_DELIBERATION,
        )
    d.details["adopted"] = not step.not_adopted
    d.details["revised_text"] = step.revised_text


def _meeting_fits_issuer(state: DocumentState, step: Step, rules: Rules, d: Decision) -> None:
    meetings = rules.profile.meetings
    allowed = (
        meetings.government
        if state.issuer_level == IssuerLevel.GOVERNMENT
        else (meetings.department)
    )
    if step.meeting_type not in allowed:
        raise _refuse(
            _(
                "a {level} document is deliberated at a {allowed} meeting, not at a {given} meeting"
                " ({source})"
            ).format(
                level=_(state.issuer_level.value),
                allowed=" / ".join(_(m) for m in allowed),
                given=_(step.meeting_type or "?"),
                source=meetings.source,
            ),
            _("use --type {allowed}").format(allowed="|".join(allowed)),
            "meeting-type",
            meetings.source,
        )
    if not (step.session or "").strip():
        raise _refuse(
            _("a meeting record needs the session (e.g. 第56次常务会议)"),
            _("give it with --session TEXT"),
            "meeting-session",
            None,
        )


def _principal_head_signs(state: DocumentState, step: Step, rules: Rules, d: Decision) -> None:
    if not state.issuer_head:
        raise _refuse(
            _("the issuer has no principal head recorded, so nobody may sign yet"),
            _("record the head with: normdocs agency update ISSUER --head NAME"),
            "signer-unknown",
            SRC_SIGNATURE,
        )
    if (step.signer or "").strip() != state.issuer_head:
        raise _refuse(
            _("only the issuer's principal head ({head}) may sign, not {signer} ({source})").format(
                head=state.issuer_head, signer=step.signer, source=SRC_SIGNATURE
            ),
            _("sign with --signer {head}, or update the head with normdocs agency update").format(
                head=state.issuer_head
            ),
            "signer-principal-head",
            SRC_SIGNATURE,
        )


def _doc_number_given(state: DocumentState, step: Step, rules: Rules, d: Decision) -> None:
    if not (step.doc_number or "").strip():
        raise _refuse(
            _("promulgation gives the document its 发文字号, and none was given ({source})").format(
                source=SRC_PUBLICATION
            ),
            _("give it with --number, e.g. 元政办字〔2018〕101号"),
            "publication-needs-number",
            SRC_PUBLICATION,
        )


def _promulgation_dates(state: DocumentState, step: Step, rules: Rules, d: Decision) -> None:
    effective = step.effective_on or step.on
    if effective < step.on:
        raise _refuse(
            _(
                "the effective date {effective} is before publication on {on}: an unpublished"
                " document cannot be applied ({source})"
            ).format(
                effective=effective.isoformat(), on=step.on.isoformat(), source=SRC_PUBLICATION
            ),
            _("give --effective on or after the publication date"),
            "effective-before-publication",
            SRC_PUBLICATION,
        )
    validity = rules.profile.validity
    max_years = validity.interim_years if state.interim else validity.default_years
    if step.expires_on is not None and step.validity_years is not None:
        raise _refuse(
            _("give either --expires or --validity-years, not both"),
            None,
            "validity-ambiguous",
            None,
        )
    if step.validity_years is not None:
        years = step.validity_years
        if not 1 <= years <= max_years:
            raise _refuse(
                _("a validity of {years} years is not allowed: at most {max} ({source})").format(
                    years=years, max=max_years, source=SRC_VALIDITY
                ),
                _("give --validity-years between 1 and {max}").format(max=max_years),
                "validity-too-long",
                SRC_VALIDITY,
            )
        expires = expiry_after(effective, years)
    elif step.expires_on is not None:
        expires = step.expires_on
        latest = expiry_after(effective, max_years)
        if expires <= effective or expires > latest:
            raise _refuse(
                _(
                    "the expiry {expires} must fall after {effective} and no later than {latest}"
                    " ({max} years, {source})"
                ).format(
                    expires=expires.isoformat(),
                    effective=effective.isoformat(),
                    latest=latest.isoformat(),
                    max=max_years,
                    source=SRC_VALIDITY,
                ),
                _("give an --expires date within that range"),
                "validity-too-long",
                SRC_VALIDITY,
            )
    else:
        expires = expiry_after(effective, max_years)
    filing = rules.profile.filing
    due = rules.calendar.add_days(step.on, filing.deadline_days, filing.deadline_unit)
    d.facts.update(
        promulgated_on=step.on,
        effective_on=effective,
        expires_on=expires,
        validity_stated=step.expires_on is not None or step.validity_years is not None,
        filing_due_on=due,
    )
    d.details.update(
        effective_on=effective.isoformat(),
        expires_on=expires.isoformat(),
        filing_due_on=due.isoformat(),
    )


def _filing_timeliness(state: DocumentState, step: Step, rules: Rules, d: Decision) -> None:
    refiling = state.stage in (Stage.FILING_DEFERRED, Stage.CORRECTION_REQUIRED)
    due = state.refile_due_on if refiling else state.filing_due_on
    late = due is not None and step.on > due
    # The first filing is what 及时率 and 规范率 count; a refiling is recorded beside it.
    if refiling:
        d.facts.update(refiled_on=step.on, refiled_late=late)
    else:
        d.facts.update(filed_on=step.on, filed_late=late, materials=step.materials or "complete")
    d.details.update(
        due_on=due.isoformat() if due else None,
        late=late,
        refiling=refiling,
        materials=step.materials or "complete",
        filed_to=step.filed_to,
    )
    if late and due is not None:
        d.warnings.append(
            _("filed on {on}, after the deadline {due} ({source}); recorded as late").format(
                on=step.on.isoformat(), due=due.isoformat(), source=rules.profile.filing.source
            )
        )


def _filing_consequence(state: DocumentState, step: Step, rules: Rules, d: Decision) -> None:
    filing = rules.profile.filing
    d.facts["filing_outcome"] = step.outcome
    d.facts["filing_decided_on"] = step.on
    d.facts["refile_due_on"] = None
    if step.outcome == FilingOutcome.DEFERRED:
        due = rules.calendar.add_days(step.on, filing.deferred_refile_days, "calendar")
        d.facts["refile_due_on"] = due
        d.details["refile_due_on"] = due.isoformat()
    elif step.outcome == FilingOutcome.CORRECTION:
        due = rules.calendar.add_days(step.on, filing.correction_days, "calendar")
        d.facts["refile_due_on"] = due
        d.details["correction_due_on"] = due.isoformat()
    elif step.outcome == FilingOutcome.REVOKED:
        d.facts["ended_on"] = step.on
        d.facts["end_reason"] = Validity.REVOKED.value
    d.details["note"] = step.note


# --- the table ----------------------------------------------------------------------------

TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(
            Action.SUBMIT_REVIEW,
            frozenset({Stage.DRAFTING}),
            {None: Stage.UNDER_REVIEW},
            (_text_to_review,),
        ),
        Transition(
            Action.DECIDE_REVIEW,
            frozenset({Stage.UNDER_REVIEW}),
            {
                ReviewOutcome.LAWFUL: Stage.REVIEWED,
                ReviewOutcome.REVISE: Stage.REVISION_REQUIRED,
                ReviewOutcome.UNLAWFUL: Stage.DRAFTING,
            },
            (_opinion_given, _review_duration),
        ),
        Transition(
            Action.RECORD_REVISION,
            frozenset({Stage.REVISION_REQUIRED}),
            {None: Stage.REVIEWED},
            (_revision_recorded,),
        ),
        Transition(
            Action.RECORD_MEETING,
            frozenset({Stage.REVIEWED}),
            {
                MeetingOutcome.APPROVED: Stage.APPROVED,
                MeetingOutcome.REJECTED: Stage.DRAFTING,
                MeetingOutcome.DEFERRED: Stage.REVIEWED,
            },
            (_meeting_fits_issuer,),
        ),
        Transition(
            Action.SIGN, frozenset({Stage.APPROVED}), {None: Stage.SIGNED}, (_principal_head_signs,)
        ),
        Transition(
            Action.PUBLISH,
            frozenset({Stage.SIGNED}),
            {None: Stage.PROMULGATED},
            (_doc_number_given, _promulgation_dates),
        ),
        Transition(
            Action.FILE,
            frozenset({Stage.PROMULGATED, Stage.FILING_DEFERRED, Stage.CORRECTION_REQUIRED}),
            {None: Stage.FILED},
            (_filing_timeliness,),
        ),
        Transition(
            Action.DECIDE_FILING,
            frozenset({Stage.FILED}),
            {
                FilingOutcome.ACCEPTED: Stage.FILING_ACCEPTED,
                FilingOutcome.DEFERRED: Stage.FILING_DEFERRED,
                FilingOutcome.CORRECTION: Stage.CORRECTION_REQUIRED,
                FilingOutcome.REVOKED: Stage.REVOKED,
            },
            (_filing_consequence,),
        ),
    )
}

# What a clerk is told when a step comes too early: the rule, its source, and what to do first.
_EARLY = {
    Stage.DRAFTING: ("review.submit", "normdocs review submit"),
    Stage.UNDER_REVIEW: ("review.decide", "normdocs review decide --outcome lawful"),
    Stage.REVISION_REQUIRED: ("review.revise", "normdocs review revise"),
    Stage.REVIEWED: ("meeting.record", "normdocs meeting record --outcome approved"),
    Stage.APPROVED: ("sign", "normdocs sign"),
    Stage.SIGNED: ("publish", "normdocs publish"),
}


def allowed_actions(stage: Stage) -> list[Action]:
    return [a for a, t in TRANSITIONS.items() if stage in t.sources]


def _out_of_order(state: DocumentState, step: Step) -> Refused:
    stage = state.stage
    action = step.action
    deliberation_needs_review = {Stage.DRAFTING, Stage.UNDER_REVIEW}
    if action == Action.RECORD_MEETING and stage in deliberation_needs_review:
        return _refuse(
            _(
                "a document that has not passed legality review may not go to deliberation"
                " ({source})"
            ).format(source=SRC_REVIEW_BEFORE_DELIBERATION),
            _("finish the review first: normdocs review submit / review decide --outcome lawful"),
            "deliberation-needs-lawful-review",
            SRC_REVIEW_BEFORE_DELIBERATION,
        )
    if action == Action.RECORD_MEETING and stage == Stage.REVISION_REQUIRED:
        return _refuse(
            _(
                "the review opinion asks for revision: record the revision, or the reason for not"
                " adopting it, before deliberation ({source})"
            ).format(source=SRC_REVIEW_BEFORE_DELIBERATION),
            _("use: normdocs review revise REF --note TEXT"),
            "deliberation-needs-revision",
            SRC_REVIEW_BEFORE_DELIBERATION,
        )
    if action == Action.SIGN and stage in {
        Stage.DRAFTING,
        Stage.UNDER_REVIEW,
        Stage.REVISION_REQUIRED,
        Stage.REVIEWED,
    }:
        return _refuse(
            _("only a document approved at a meeting may be signed ({source})").format(
                source=SRC_SIGNATURE
            ),
            _("record the meeting first: normdocs meeting record REF --outcome approved"),
            "signature-needs-approval",
            SRC_SIGNATURE,
        )
    if action == Action.PUBLISH and stage in {
        Stage.DRAFTING,
        Stage.UNDER_REVIEW,
        Stage.REVISION_REQUIRED,
        Stage.REVIEWED,
        Stage.APPROVED,
    }:
        return _refuse(
            _("only a document signed by the principal head may be published ({source})").format(
                source=SRC_SIGNATURE
            ),
            _("sign it first: normdocs sign REF --signer NAME"),
            "publication-needs-signature",
            SRC_SIGNATURE,
        )
    if action in (Action.FILE, Action.DECIDE_FILING) and stage in _EARLY:
        return _refuse(
            _("a document is filed only after it has been published ({source})").format(
                source=SRC_PUBLICATION
            ),
            _("publish it first: normdocs publish REF --number 文号"),
            "filing-needs-publication",
            SRC_PUBLICATION,
        )
    allowed = allowed_actions(stage)
    allowed_text = ", ".join(a.value for a in allowed) if allowed else _("none")
    return _refuse(
        _("{action} is not allowed while the document is {stage}; allowed now: {allowed}").format(
            action=action.value, stage=_(stage.value), allowed=allowed_text
        ),
        _("see the document's record with: normdocs doc history REF"),
        "stage-order",
        SRC_ORDER,
    )


def decide(state: DocumentState, step: Step, rules: Rules) -> Decision:
    """Check a step against the table and its guards; return what it changes, or refuse."""
    transition = TRANSITIONS[step.action]
    if state.stage not in transition.sources:
        raise _out_of_order(state, step)
    if step.outcome not in transition.targets:
        choices = "|".join(str(k) for k in transition.targets if k is not None)
        if not choices:
            message = _("{action} takes no outcome, but {outcome} was given").format(
                action=step.action.value, outcome=step.outcome
            )
        elif step.outcome is None:
            message = _("{action} needs an outcome: one of {choices}").format(
                action=step.action.value, choices=choices
            )
        else:
            message = _("unknown outcome {outcome}; choose one of {choices}").format(
                outcome=step.outcome, choices=choices
            )
        raise _refuse(message, None, "outcome", None)
    decision = Decision(to_stage=transition.targets[step.outcome])
    decision.details["outcome"] = step.outcome
    for guard in (_date_not_after_today, _date_not_before_previous, *transition.guards):
        guard(state, step, rules, decision)
    return decision
