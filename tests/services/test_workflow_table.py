"""Every stage × every step, for both issuer levels, through the real services: each step is
either allowed and lands where DESIGN §1 says, or refused with the rule and nothing written."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from normdocs.domain.errors import ExitCode, Refused
from normdocs.domain.stages import Action, Stage
from normdocs.domain.workflow import TRANSITIONS
from normdocs.services.procedure import advance

S = Stage
A = Action

# Written from DESIGN §1, not read from the workflow module: (stage, step, outcome) → new stage.
ALLOWED: dict[tuple[Stage, Action, str | None], Stage] = {
    (S.DRAFTING, A.SUBMIT_REVIEW, None): S.UNDER_REVIEW,
    (S.UNDER_REVIEW, A.DECIDE_REVIEW, "lawful"): S.REVIEWED,
    (S.UNDER_REVIEW, A.DECIDE_REVIEW, "revise"): S.REVISION_REQUIRED,
    (S.UNDER_REVIEW, A.DECIDE_REVIEW, "unlawful"): S.DRAFTING,
    (S.REVISION_REQUIRED, A.RECORD_REVISION, None): S.REVIEWED,
    (S.REVIEWED, A.RECORD_MEETING, "approved"): S.APPROVED,
    (S.REVIEWED, A.RECORD_MEETING, "rejected"): S.DRAFTING,
    (S.REVIEWED, A.RECORD_MEETING, "deferred"): S.REVIEWED,
    (S.APPROVED, A.SIGN, None): S.SIGNED,
    (S.SIGNED, A.PUBLISH, None): S.PROMULGATED,
    (S.PROMULGATED, A.FILE, None): S.FILED,
    (S.FILING_DEFERRED, A.FILE, None): S.FILED,
    (S.CORRECTION_REQUIRED, A.FILE, None): S.FILED,
    (S.FILED, A.DECIDE_FILING, "accepted"): S.FILING_ACCEPTED,
    (S.FILED, A.DECIDE_FILING, "deferred"): S.FILING_DEFERRED,
    (S.FILED, A.DECIDE_FILING, "correction"): S.CORRECTION_REQUIRED,
    (S.FILED, A.DECIDE_FILING, "revoked"): S.REVOKED,
}

# The outcome used when the step is refused anyway (the stage check comes first): each step's
# first outcome in the table.
DEFAULT_OUTCOME: dict[Action, str | None] = {
    action: next(iter(transition.targets)) for action, transition in TRANSITIONS.items()
}

# The stages the procedure's steps lead through, as the table names them; a withdrawn document
# (撤回, `doc withdraw`) has left the procedure and is tested on its own below.
PROCEDURE_STAGES = [
    stage
    for stage in Stage
    if any(stage in t.sources or stage in t.targets.values() for t in TRANSITIONS.values())
]

BEFORE_REVIEW = {S.DRAFTING, S.UNDER_REVIEW}
BEFORE_APPROVAL = {S.DRAFTING, S.UNDER_REVIEW, S.REVISION_REQUIRED, S.REVIEWED}
BEFORE_SIGNATURE = BEFORE_APPROVAL | {S.APPROVED}
BEFORE_PUBLICATION = BEFORE_SIGNATURE | {S.SIGNED}


def refusal_rule(stage: Stage, action: Action) -> str:
    """The rule a clerk is shown for a step that comes in the wrong stage."""
    if action == A.RECORD_MEETING and stage in BEFORE_REVIEW:
        return "deliberation-needs-lawful-review"
    if action == A.RECORD_MEETING and stage == S.REVISION_REQUIRED:
        return "deliberation-needs-revision"
    if action == A.SIGN and stage in BEFORE_APPROVAL:
        return "signature-needs-approval"
    if action == A.PUBLISH and stage in BEFORE_SIGNATURE:
        return "publication-needs-signature"
    if action in (A.FILE, A.DECIDE_FILING) and stage in BEFORE_PUBLICATION:
        return "filing-needs-publication"
    return "stage-order"


def cases() -> list[Any]:
    params = []
    for level in ("government", "department"):
        for stage in PROCEDURE_STAGES:
            for action in Action:
                outcomes = [o for (s, a, o) in ALLOWED if s == stage and a == action]
                if outcomes:
                    for outcome in outcomes:
                        name = f"{level}-{stage.value}-{action.value}"
                        name += f"-{outcome}" if outcome else ""
                        params.append(pytest.param(level, stage, action, outcome, id=name))
                else:
                    params.append(
                        pytest.param(
                            level,
                            stage,
                            action,
                            DEFAULT_OUTCOME[action],
                            id=f"{level}-{stage.value}-{action.value}",
                        )
                    )
    return params


CASES = cases()


def test_every_stage_and_step_is_in_the_table() -> None:
    # 2 levels × 12 stages × 8 steps, plus one case per extra outcome of an allowed step.
    assert len(PROCEDURE_STAGES) == 12
    assert len(Action) == 8
    extra_outcomes = len(ALLOWED) - len({(s, a) for (s, a, _o) in ALLOWED})
    assert len(CASES) == 2 * (12 * 8 + extra_outcomes) == 2 * (96 + 7)


def test_workflow_table_agrees_with_design() -> None:
    """The transition data allows exactly the steps DESIGN §1 allows, to the same stages."""
    from_data = {
        (stage, action, outcome): target
        for action, transition in TRANSITIONS.items()
        for stage in transition.sources
        for outcome, target in transition.targets.items()
    }
    assert from_data == ALLOWED


@pytest.mark.parametrize(("level", "stage", "action", "outcome"), CASES)
def test_step_in_stage(
    registry_at: Callable[[str, Stage], Any],
    level: str,
    stage: Stage,
    action: Action,
    outcome: str | None,
) -> None:
    registry, doc = registry_at(level, stage)
    issuer = registry.issuers[level]
    assert registry.document(doc.id)["stage"] == stage.value
    # Nine days after the last step: a 7-working-day review from a Monday, a filing within 30
    # days of promulgation, a refiling within the 15 days a deferral gives.
    on = doc.last_on + timedelta(days=9)
    step = registry.valid_step(issuer, action, on, outcome=outcome)
    before = registry.snapshot()
    events_before = len(registry.events(doc.id))

    expected = ALLOWED.get((stage, action, outcome))
    if expected is None:
        with pytest.raises(Refused) as refused:
            advance(registry.ctx, doc.ref, step)
        assert refused.value.exit_code == ExitCode.REFUSED == 1
        assert refused.value.rule == refusal_rule(stage, action)
        if refused.value.rule == "stage-order":
            # It names the step (as the command a clerk types), the stage and what is allowed.
            assert f"normdocs {TRANSITIONS[action].command}" in str(refused.value.message)
            assert stage.value in str(refused.value.message)
            assert "allowed now:" in str(refused.value.message)
        assert registry.snapshot() == before
        assert registry.ctx.warnings == []
        return

    result = advance(registry.ctx, doc.ref, step)
    assert result.document["stage"] == expected.value
    assert result.warnings == []
    shown = registry.document(doc.id)
    assert shown["stage"] == expected.value
    history = registry.events(doc.id)
    assert len(history) == events_before + 1
    last = history[-1]
    assert last["event_id"] == result.event_id
    assert (last["action"], last["from_stage"], last["to_stage"]) == (
        action.value,
        stage.value,
        expected.value,
    )
    assert last["on_date"] == on.isoformat()
    assert last["actor"] == "tester"
    after = registry.snapshot()
    changed = {table for table in after if after[table] != before[table]}
    # One event appended; only the document's own row changes (a deferral changes nothing).
    assert {"event", "record_head"} <= changed <= {"document", "event", "record_head"}
    # The step's own facts, as a clerk would check them on the document.
    if action == A.DECIDE_REVIEW:
        assert shown["review_outcome"] == outcome
        assert shown["review_working_days"] == 7
        assert shown["review_late"] is False
    elif action == A.RECORD_MEETING and outcome == "approved":
        assert shown["meeting_type"] == issuer.meeting_type
        assert shown["meeting_on"] == on.isoformat()
    elif action == A.SIGN:
        assert (shown["signer"], shown["signed_on"]) == (issuer.head, on.isoformat())
    elif action == A.PUBLISH:
        assert shown["doc_number"] == f"{issuer.code}〔2026〕900号"
        assert shown["registration_no"] == "ND〔2026〕001"
        assert shown["promulgated_on"] == shown["effective_on"] == on.isoformat()
        assert shown["filing_due_on"] == (on + timedelta(days=30)).isoformat()
    elif action == A.FILE and stage == S.PROMULGATED:
        assert shown["filed_on"] == on.isoformat()
        assert shown["filed_late"] is False
    elif action == A.FILE:  # a refiling after deferral or correction keeps the first filing
        assert shown["refiled_on"] == on.isoformat()
        assert shown["refiled_late"] is False
        assert shown["filed_on"] != on.isoformat()
    elif action == A.DECIDE_FILING:
        assert shown["filing_outcome"] == outcome
        assert shown["filing_decided_on"] == on.isoformat()


@pytest.mark.parametrize("action", list(Action))
def test_no_step_of_the_procedure_moves_a_withdrawn_document(registry: Any, action: Action) -> None:
    from normdocs.services.corrections import withdraw_document

    issuer = registry.issuers["government"]
    doc = registry.draft(issuer)
    withdraw_document(registry.ctx, doc.ref, reason="起草单位撤回")
    assert registry.document(doc.id)["stage"] == S.WITHDRAWN.value
    step = registry.valid_step(
        issuer, action, doc.created_on + timedelta(days=9), outcome=DEFAULT_OUTCOME[action]
    )
    before = registry.snapshot()
    with pytest.raises(Refused) as refused:
        advance(registry.ctx, doc.ref, step)
    assert refused.value.exit_code == ExitCode.REFUSED
    assert registry.snapshot() == before
