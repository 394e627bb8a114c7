"""The procedure as one table: which step is allowed in which stage, its guards and its effects.

Each Transition names its action, source stages, the target stage of each outcome, its guards,
its effects and what it needs from the registry:

- a guard looks at a frozen snapshot of the document and the step and returns a refusal that
  names the rule and its source, or None; it computes nothing the step records;
- the effects (domain.procedure_effects) are one pure function from (document facts, step,
  profile rules, StoreInputs) to the facts the step sets, its event's details and warnings;
- `store` names what only the registry knows. The service (services.procedure) has one small
  store-backed hook per StoreNeed: HAS_TEXT is read into the DocumentState before the guards;
  the others are read into StoreInputs after the guards said yes (the text version, the filing
  authority, the checked 文号 and its registration number), and REVISED_TEXT and SUPERSESSION
  also act once the document is updated (the text kept, the amended version ended). The service
  itself has no branch per action.
- `requires` names the earlier steps a step needs, each with the refusal (rule, message,
  source) a clerk gets when asking for it too early; which stages are "too early", and the
  commands to run first, are derived from the table by the shortest path of steps from the
  document's stage to a stage where the step is allowed.

Nothing here reads a clock or a database.
"""

from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from normdocs.domain import procedure_effects as fx
from normdocs.domain.errors import Refused
from normdocs.domain.stages import (
    Action,
    FilingOutcome,
    IssuerLevel,
    MeetingOutcome,
    ReviewOutcome,
    Stage,
)
from normdocs.domain.steps import (
    Decision,
    DocumentState,
    Effects,
    ProcedureStep,
    Rules,
    StoreInputs,
    outcome_of,
)
from normdocs.domain.validity import expiry_after
from normdocs.i18n import _

SRC_REVIEW_BEFORE_DELIBERATION = "国办发〔2018〕115号 §(七); 国办发〔2018〕37号 §(六)"
SRC_SIGNATURE = "国办发〔2018〕37号 §(六)"
SRC_PUBLICATION = "国办发〔2018〕37号 §(七)"
SRC_VALIDITY = "国办发〔2018〕37号 §(十六)"
SRC_ORDER = "国办发〔2018〕37号"

# A guard receives the payload type of its own transition (the table pairs them).
Guard = Callable[[DocumentState, Any, Rules], Refused | None]
EffectsFunction = Callable[[DocumentState, Any, Rules, StoreInputs], Effects]


class StoreNeed(StrEnum):
    """What a transition needs the registry for (services.procedure has one hook for each)."""

    HAS_TEXT = "has_text"  # whether the draft has a text, known to the guards
    TEXT_VERSION = "text_version"  # the newest text version: what a review examined
    REVISED_TEXT = "revised_text"  # a revised text given with the step, kept as a new version
    FILING_AUTHORITY = "filing_authority"  # `file --to`, else the issuer's filing authority
    REGISTRATION = "registration"  # the 文号 checked, the registration number given
    SUPERSESSION = "supersession"  # an amended version ends the version it amends


@dataclass(frozen=True)
class Requirement:
    """A step that must come before this one, and the refusal while it has not come."""

    rule: str
    source: str
    message: Callable[[], str]


@dataclass(frozen=True)
class Transition:
    action: Action
    # The command that runs the step, and what a clerk gives it ({outcome}: the outcome).
    command: str
    usage: str
    sources: frozenset[Stage]
    targets: Mapping[StrEnum | None, Stage]
    guards: tuple[Guard, ...]
    effects: EffectsFunction
    store: frozenset[StoreNeed] = frozenset()
    requires: Mapping[Action, Requirement] = field(default_factory=dict)

    def command_line(self, outcome: StrEnum | None) -> str:
        """The command a clerk types for this step with `outcome`."""
        usage = self.usage.format(outcome=outcome.value if outcome else "")
        return f"normdocs {self.command} REF{' ' + usage if usage else ''}"


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


def _date_not_after_today(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    if rules.today is not None:
        try:
            refuse_after_today(step.on, rules.today)
        except Refused as refusal:
            return refusal
    return None


def _date_not_before_previous(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    previous = state.last_step_on
    if previous is not None and step.on < previous:
        return _refuse(
            _("the date {on} is before the document's previous step on {previous}").format(
                on=step.on.isoformat(), previous=previous.isoformat()
            ),
            _("give the real date of this step with --date"),
            "date-order",
            None,
        )
    return None


def _text_to_review(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    if state.has_text:
        return None
    return _refuse(
        _("the draft has no text: there is nothing to review"),
        _("give its text with: normdocs doc new --file PATH; or normdocs doc text REF --file PATH"),
        "review-needs-text",
        None,
    )


def review_long_enough(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    """At least the profile's minimum of working days, unless marked an emergency."""
    days = fx.review_working_days(state, step.on, rules)
    limits = rules.profile.review
    if days >= limits.min_working_days or step.emergency:
        return None
    assert state.review_submitted_on is not None
    return _refuse(
        _(
            "the legality review took {days} working days ({start} to {end}); at least {min}"
            " are required ({source})"
        ).format(
            days=days,
            start=state.review_submitted_on.isoformat(),
            end=step.on.isoformat(),
            min=limits.min_working_days,
            source=limits.source,
        ),
        _("wait until the minimum has passed, or mark a real emergency with --emergency"),
        "review-minimum-days",
        limits.source,
    )


def _opinion_given(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    if (step.opinion or "").strip():
        return None
    return _refuse(
        _("a review decision needs the written review opinion"),
        _("give it with --opinion TEXT"),
        "review-opinion",
        None,
    )


def _revision_recorded(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    note = (step.note or "").strip()
    if step.not_adopted and not note:
        return _refuse(
            _("not adopting the review opinion needs a written reason"),
            _("give the reason with --note TEXT"),
            "revision-reason",
            SRC_REVIEW_BEFORE_DELIBERATION,
        )
    if not step.revised_text and not note:
        return _refuse(
            _("a revision must be recorded: the revised text, or a note of what was changed"),
            _(
                "use --file PATH with the revised text, or --note TEXT (or --not-adopted --note"
                " REASON)"
            ),
            "revision-record",
            SRC_REVIEW_BEFORE_DELIBERATION,
        )
    return None


def meeting_fits_issuer(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    """The meeting type fits the issuer's level, and the session is named."""
    meetings = rules.profile.meetings
    government = state.issuer_level == IssuerLevel.GOVERNMENT
    allowed = meetings.government if government else meetings.department
    if step.meeting_type not in allowed:
        return _refuse(
            _(
                "a {level} document is deliberated at a {allowed} meeting, not at a {given} meeting"
                " ({source})"
            ).format(
                level=_(state.issuer_level.value),
                allowed=" / ".join(_(m) for m in allowed),
                given=_(str(step.meeting_type or "?")),
                source=meetings.source,
            ),
            _("use --type {allowed}").format(allowed="|".join(allowed)),
            "meeting-type",
            meetings.source,
        )
    if not (step.session or "").strip():
        return _refuse(
            _("a meeting record needs the session (e.g. 第56次常务会议)"),
            _("give it with --session TEXT"),
            "meeting-session",
            None,
        )
    return None


def principal_head_signs(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    """Only the issuer's principal head signs."""
    if not state.issuer_head:
        return _refuse(
            _("the issuer has no principal head recorded, so nobody may sign yet"),
            _("record the head with: normdocs agency update ISSUER --head NAME"),
            "signer-unknown",
            SRC_SIGNATURE,
        )
    if (step.signer or "").strip() != state.issuer_head:
        return _refuse(
            _("only the issuer's principal head ({head}) may sign, not {signer} ({source})").format(
                head=state.issuer_head, signer=step.signer, source=SRC_SIGNATURE
            ),
            _("sign with --signer {head}, or update the head with normdocs agency update").format(
                head=state.issuer_head
            ),
            "signer-principal-head",
            SRC_SIGNATURE,
        )
    return None


def _doc_number_given(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    if (step.doc_number or "").strip():
        return None
    return _refuse(
        _("promulgation gives the document its 发文字号, and none was given ({source})").format(
            source=SRC_PUBLICATION
        ),
        _("give it with --number, e.g. 元政办字〔2018〕101号"),
        "publication-needs-number",
        SRC_PUBLICATION,
    )


def effective_after_publication(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    """An unpublished document cannot be applied: it takes effect on publication or later."""
    effective = step.effective_on or step.on
    if effective >= step.on:
        return None
    return _refuse(
        _(
            "the effective date {effective} is before publication on {on}: an unpublished"
            " document cannot be applied ({source})"
        ).format(effective=effective.isoformat(), on=step.on.isoformat(), source=SRC_PUBLICATION),
        _("give --effective on or after the publication date"),
        "effective-before-publication",
        SRC_PUBLICATION,
    )


def validity_allowed(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    """A stated validity is given one way, and is no longer than the profile allows."""
    validity = rules.profile.validity
    max_years = validity.interim_years if state.interim else validity.default_years
    if step.expires_on is not None and step.validity_years is not None:
        return _refuse(
            _("give either --expires or --validity-years, not both"),
            None,
            "validity-ambiguous",
            None,
        )
    if step.validity_years is not None and not 1 <= step.validity_years <= max_years:
        return _refuse(
            _("a validity of {years} years is not allowed: at most {max} ({source})").format(
                years=step.validity_years, max=max_years, source=SRC_VALIDITY
            ),
            _("give --validity-years between 1 and {max}").format(max=max_years),
            "validity-too-long",
            SRC_VALIDITY,
        )
    if step.expires_on is None:
        return None
    effective = step.effective_on or step.on
    latest = expiry_after(effective, max_years)
    if effective < step.expires_on <= latest:
        return None
    return _refuse(
        _(
            "the expiry {expires} must fall after {effective} and no later than {latest}"
            " ({max} years, {source})"
        ).format(
            expires=step.expires_on.isoformat(),
            effective=effective.isoformat(),
            latest=latest.isoformat(),
            max=max_years,
            source=SRC_VALIDITY,
        ),
        _("give an --expires date within that range"),
        "validity-too-long",
        SRC_VALIDITY,
    )


# Every step, before its own guards: no date after today, none before the previous step.
COMMON_GUARDS: tuple[Guard, ...] = (_date_not_after_today, _date_not_before_previous)


# --- what must come first -----------------------------------------------------------------


def _not_reviewed() -> str:
    return _(
        "a document that has not passed legality review may not go to deliberation ({source})"
    ).format(source=SRC_REVIEW_BEFORE_DELIBERATION)


def _revision_missing() -> str:
    return _(
        "the review opinion asks for revision: record the revision, or the reason for not"
        " adopting it, before deliberation ({source})"
    ).format(source=SRC_REVIEW_BEFORE_DELIBERATION)


def _not_approved() -> str:
    return _("only a document approved at a meeting may be signed ({source})").format(
        source=SRC_SIGNATURE
    )


def _not_signed() -> str:
    return _("only a document signed by the principal head may be published ({source})").format(
        source=SRC_SIGNATURE
    )


def _not_published() -> str:
    return _("a document is filed only after it has been published ({source})").format(
        source=SRC_PUBLICATION
    )


_NEEDS_PUBLICATION = {
    Action.PUBLISH: Requirement("filing-needs-publication", SRC_PUBLICATION, _not_published)
}


# --- the table ----------------------------------------------------------------------------

TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(
            Action.SUBMIT_REVIEW,
            "review submit",
            "",
            frozenset({Stage.DRAFTING}),
            {None: Stage.UNDER_REVIEW},
            (_text_to_review,),
            fx.submit_effects,
            store=frozenset({StoreNeed.HAS_TEXT}),
        ),
        Transition(
            Action.DECIDE_REVIEW,
            "review decide",
            "--outcome {outcome} --opinion TEXT",
            frozenset({Stage.UNDER_REVIEW}),
            {
                ReviewOutcome.LAWFUL: Stage.REVIEWED,
                ReviewOutcome.REVISE: Stage.REVISION_REQUIRED,
                ReviewOutcome.UNLAWFUL: Stage.DRAFTING,
            },
            (_opinion_given, review_long_enough),
            fx.review_effects,
            store=frozenset({StoreNeed.TEXT_VERSION}),
        ),
        Transition(
            Action.RECORD_REVISION,
            "review revise",
            "--note TEXT",
            frozenset({Stage.REVISION_REQUIRED}),
            {None: Stage.REVIEWED},
            (_revision_recorded,),
            fx.revision_effects,
            store=frozenset({StoreNeed.REVISED_TEXT}),
        ),
        Transition(
            Action.RECORD_MEETING,
            "meeting record",
            "--type TYPE --session TEXT --outcome {outcome}",
            frozenset({Stage.REVIEWED}),
            {
                MeetingOutcome.APPROVED: Stage.APPROVED,
                MeetingOutcome.REJECTED: Stage.DRAFTING,
                MeetingOutcome.DEFERRED: Stage.REVIEWED,
            },
            (meeting_fits_issuer,),
            fx.meeting_effects,
            requires={
                Action.DECIDE_REVIEW: Requirement(
                    "deliberation-needs-lawful-review",
                    SRC_REVIEW_BEFORE_DELIBERATION,
                    _not_reviewed,
                ),
                Action.RECORD_REVISION: Requirement(
                    "deliberation-needs-revision", SRC_REVIEW_BEFORE_DELIBERATION, _revision_missing
                ),
            },
        ),
        Transition(
            Action.SIGN,
            "sign",
            "--signer NAME",
            frozenset({Stage.APPROVED}),
            {None: Stage.SIGNED},
            (principal_head_signs,),
            fx.sign_effects,
            requires={
                Action.RECORD_MEETING: Requirement(
                    "signature-needs-approval", SRC_SIGNATURE, _not_approved
                )
            },
        ),
        Transition(
            Action.PUBLISH,
            "publish",
            "--number 文号",
            frozenset({Stage.SIGNED}),
            {None: Stage.PROMULGATED},
            (_doc_number_given, effective_after_publication, validity_allowed),
            fx.publish_effects,
            store=frozenset({StoreNeed.REGISTRATION, StoreNeed.SUPERSESSION}),
            requires={
                Action.SIGN: Requirement("publication-needs-signature", SRC_SIGNATURE, _not_signed)
            },
        ),
        Transition(
            Action.FILE,
            "file",
            "",
            frozenset({Stage.PROMULGATED, Stage.FILING_DEFERRED, Stage.CORRECTION_REQUIRED}),
            {None: Stage.FILED},
            (),
            fx.file_effects,
            store=frozenset({StoreNeed.FILING_AUTHORITY}),
            requires=_NEEDS_PUBLICATION,
        ),
        Transition(
            Action.DECIDE_FILING,
            "filing decide",
            "--outcome {outcome}",
            frozenset({Stage.FILED}),
            {
                FilingOutcome.ACCEPTED: Stage.FILING_ACCEPTED,
                FilingOutcome.DEFERRED: Stage.FILING_DEFERRED,
                FilingOutcome.CORRECTION: Stage.CORRECTION_REQUIRED,
                FilingOutcome.REVOKED: Stage.REVOKED,
            },
            (),
            fx.filing_decision_effects,
            requires=_NEEDS_PUBLICATION,
        ),
    )
}


def allowed_actions(stage: Stage) -> list[Action]:
    return [a for a, t in TRANSITIONS.items() if stage in t.sources]


def _edges(stage: Stage) -> Iterator[tuple[Transition, StrEnum | None, Stage]]:
    """Each step allowed in `stage`, with each of its outcomes and where it leads."""
    for transition in TRANSITIONS.values():
        if stage in transition.sources:
            for outcome, target in transition.targets.items():
                yield transition, outcome, target


def shortest_path(
    start: Stage, goals: frozenset[Stage]
) -> list[tuple[Transition, StrEnum | None]] | None:
    """The fewest steps (with their outcomes) that take a document from `start` into one of
    `goals`; None when no step leads there (the procedure has moved past them)."""
    came_from: dict[Stage, tuple[Stage, Transition, StrEnum | None] | None] = {start: None}
    queue = deque([start])
    while queue:
        stage = queue.popleft()
        if stage in goals:
            path = []
            while (previous := came_from[stage]) is not None:
                stage, transition, outcome = previous
                path.append((transition, outcome))
            return path[::-1]
        for transition, outcome, target in _edges(stage):
            if target not in came_from:
                came_from[target] = (stage, transition, outcome)
                queue.append(target)
    return None


def out_of_order(stage: Stage, action: Action) -> Refused:
    """The refusal of `action` in `stage`, where the table does not allow it.

    Asked for too early — a step the action requires lies on the way to a stage where it is
    allowed — the refusal names that requirement's rule, and the hint the commands to run first.
    Otherwise it names the stage and the steps allowed now (rule stage-order)."""
    path = shortest_path(stage, TRANSITIONS[action].sources)
    requires = TRANSITIONS[action].requires
    missing = [t.action for t, _outcome in path or () if t.action in requires]
    if path and missing:
        requirement = requires[missing[-1]]
        steps = [t.command_line(outcome) for t, outcome in path]
        hint = (
            _("do this first: {steps}")
            if len(steps) == 1
            else _("do these first, in order: {steps}")
        ).format(steps="; ".join(steps))
        return _refuse(requirement.message(), hint, requirement.rule, requirement.source)
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


def check(state: DocumentState, step: ProcedureStep, rules: Rules) -> Transition:
    """The transition `step` takes from the document's stage, once every guard has said yes;
    or the first refusal."""
    transition = TRANSITIONS[step.action]
    if state.stage not in transition.sources:
        raise out_of_order(state.stage, step.action)
    for guard in (*COMMON_GUARDS, *transition.guards):
        refusal = guard(state, step, rules)
        if refusal is not None:
            raise refusal
    return transition


def effects_of(
    transition: Transition,
    state: DocumentState,
    step: ProcedureStep,
    rules: Rules,
    inputs: StoreInputs,
) -> Decision:
    """What the allowed step does: its target stage, facts, event details and warnings."""
    outcome = outcome_of(step)
    done = transition.effects(state, step, rules, inputs)
    return Decision(
        to_stage=transition.targets[outcome],
        facts=done.facts,
        details={"outcome": str(outcome) if outcome else None, **done.details},
        warnings=done.warnings,
    )


def decide(
    state: DocumentState, step: ProcedureStep, rules: Rules, inputs: StoreInputs | None = None
) -> Decision:
    """Check a step against the table and its guards; return what it changes, or refuse."""
    transition = check(state, step, rules)
    return effects_of(transition, state, step, rules, inputs or StoreInputs())


# --- the table as docs/procedure.md shows it -----------------------------------------------

PROCEDURE_TABLE_START = "<!-- procedure table: generated by scripts/procedure-table -->"
PROCEDURE_TABLE_END = "<!-- end of the generated procedure table -->"


def procedure_table_markdown() -> str:
    """The 'Stages and steps' table of docs/procedure.md, from TRANSITIONS."""
    order = list(Stage)
    lines = [
        "| step (command) | allowed in stage | outcome → next stage |",
        "|---|---|---|",
    ]
    for transition in TRANSITIONS.values():
        sources = ", ".join(s.value for s in sorted(transition.sources, key=order.index))
        targets = "; ".join(
            f"{outcome.value} → {target.value}" if outcome else target.value
            for outcome, target in transition.targets.items()
        )
        lines.append(f"| `{transition.command}` | {sources} | {targets} |")
    return "\n".join(lines) + "\n"
