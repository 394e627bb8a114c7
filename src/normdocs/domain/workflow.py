"""The procedure as one table: which step is allowed in which stage, its guards and its effects.

Each Transition names its action, source stages, the target stage of each outcome, its guards,
its effects and what it needs from the registry:

- a guard (domain.procedure_guards) looks at a frozen snapshot of the document and the step
  and returns a refusal that names the rule and its source, or None; it computes nothing the
  step records;
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
from enum import StrEnum
from typing import Any

from normdocs.domain import procedure_effects as fx
from normdocs.domain import procedure_guards as g
from normdocs.domain.errors import Refused
from normdocs.domain.messages import Msg, _
from normdocs.domain.procedure_guards import SRC_VALIDITY as SRC_VALIDITY
from normdocs.domain.procedure_guards import refuse_after_today as refuse_after_today
from normdocs.domain.stages import (
    Action,
    FilingOutcome,
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
    message: Callable[[], Msg]


@dataclass(frozen=True)
class Transition:
    action: Action
    # The command that runs the step, and what a clerk gives it ({outcome}: the outcome).
    command: str
    usage: str
    sources: frozenset[Stage]
    targets: Mapping[StrEnum | None, Stage]
    guards: tuple[g.Guard, ...]
    effects: EffectsFunction
    store: frozenset[StoreNeed] = frozenset()
    requires: Mapping[Action, Requirement] = field(default_factory=dict)

    def command_line(self, outcome: StrEnum | None) -> str:
        """The command a clerk types for this step with `outcome`."""
        usage = self.usage.format(outcome=outcome.value if outcome else "")
        return f"normdocs {self.command} REF{' ' + usage if usage else ''}"


_NEEDS_PUBLICATION = {
    Action.PUBLISH: Requirement("filing-needs-publication", g.SRC_PUBLICATION, g.not_published)
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
            (g.text_to_review,),
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
            (g.opinion_given, g.review_long_enough),
            fx.review_effects,
            store=frozenset({StoreNeed.TEXT_VERSION}),
        ),
        Transition(
            Action.RECORD_REVISION,
            "review revise",
            "--note TEXT",
            frozenset({Stage.REVISION_REQUIRED}),
            {None: Stage.REVIEWED},
            (g.revision_recorded,),
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
            (g.meeting_fits_issuer,),
            fx.meeting_effects,
            requires={
                Action.DECIDE_REVIEW: Requirement(
                    "deliberation-needs-lawful-review",
                    g.SRC_REVIEW_BEFORE_DELIBERATION,
                    g.not_reviewed,
                ),
                Action.RECORD_REVISION: Requirement(
                    "deliberation-needs-revision",
                    g.SRC_REVIEW_BEFORE_DELIBERATION,
                    g.revision_missing,
                ),
            },
        ),
        Transition(
            Action.SIGN,
            "sign",
            "--signer NAME",
            frozenset({Stage.APPROVED}),
            {None: Stage.SIGNED},
            (g.principal_head_signs,),
            fx.sign_effects,
            requires={
                Action.RECORD_MEETING: Requirement(
                    "signature-needs-approval", g.SRC_SIGNATURE, g.not_approved
                )
            },
        ),
        Transition(
            Action.PUBLISH,
            "publish",
            "--number 文号",
            frozenset({Stage.SIGNED}),
            {None: Stage.PROMULGATED},
            (
                g.doc_number_given,
                g.number_year_not_after_publication,
                g.effective_after_publication,
                g.validity_allowed,
            ),
            fx.publish_effects,
            store=frozenset({StoreNeed.REGISTRATION, StoreNeed.SUPERSESSION}),
            requires={
                Action.SIGN: Requirement(
                    "publication-needs-signature", g.SRC_SIGNATURE, g.not_signed
                )
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
        return Refused(
            requirement.message(), hint, rule=requirement.rule, source=requirement.source
        )
    allowed = allowed_actions(stage)
    # Named by the commands a clerk types (normdocs filing decide), in either language.
    allowed_text = (
        ", ".join(f"normdocs {TRANSITIONS[a].command}" for a in allowed) if allowed else _("none")
    )
    return Refused(
        _("{action} is not allowed while the document is {stage}; allowed now: {allowed}").format(
            action=f"normdocs {TRANSITIONS[action].command}",
            stage=_(stage.value),
            allowed=allowed_text,
        ),
        _("see the document's record with: normdocs doc history REF"),
        rule="stage-order",
        source=g.SRC_ORDER,
    )


def check(state: DocumentState, step: ProcedureStep, rules: Rules) -> Transition:
    """The transition `step` takes from the document's stage, once every guard has said yes;
    or the first refusal."""
    transition = TRANSITIONS[step.action]
    if state.stage not in transition.sources:
        raise out_of_order(state.stage, step.action)
    for guard in (*g.COMMON_GUARDS, *transition.guards):
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
