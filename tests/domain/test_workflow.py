"""The procedure's one table (domain.workflow): its payload types, the refusal of a step asked
for too early (derived from the table), its pure effects, and docs/procedure.md generated from it.
The same table run through the real services, stage by stage, is tests/services/
test_workflow_table.py."""

from datetime import date
from pathlib import Path

import pytest

from normdocs.domain.calendar import WorkingCalendar
from normdocs.domain.errors import Refused
from normdocs.domain.profile import Profile
from normdocs.domain.stages import Action, FilingOutcome, IssuerLevel, ReviewOutcome, Stage
from normdocs.domain.steps import (
    OUTCOME_TYPES,
    STEP_TYPES,
    DecideFiling,
    DecideReview,
    DocumentState,
    Publish,
    Registration,
    Rules,
    Sign,
    StoreInputs,
)
from normdocs.domain.workflow import (
    PROCEDURE_TABLE_END,
    PROCEDURE_TABLE_START,
    TRANSITIONS,
    decide,
    out_of_order,
    procedure_table_markdown,
    shortest_path,
)

S = Stage
A = Action
DOC = Path(__file__).resolve().parents[2] / "docs" / "procedure.md"
# Monday to Friday, no holidays: the counts below are easy to check by hand.
RULES = Rules(Profile(), WorkingCalendar(known_years=frozenset({2026})), today=date(2026, 12, 31))


def state(stage: Stage, **facts: object) -> DocumentState:
    return DocumentState(stage=stage, issuer_level=IssuerLevel.GOVERNMENT, **facts)  # type: ignore[arg-type]


def test_docs_procedure_table_is_the_workflow_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    _head, _start, rest = text.partition(PROCEDURE_TABLE_START + "\n")
    shown, end, _tail = rest.partition(PROCEDURE_TABLE_END)
    assert end, "docs/procedure.md lost the markers of its generated table"
    assert shown == procedure_table_markdown(), "run scripts/procedure-table"
    assert "| `filing decide` | filed | accepted → filing_accepted;" in shown


def test_each_step_has_one_payload_type_and_one_transition_with_its_outcome_enum() -> None:
    assert set(STEP_TYPES) == set(TRANSITIONS) == set(Action)
    for action, transition in TRANSITIONS.items():
        assert STEP_TYPES[action].action == action
        outcomes = set(transition.targets) - {None}
        assert outcomes == set(OUTCOME_TYPES.get(action, ()))
        assert (None in transition.targets) == (action not in OUTCOME_TYPES)


@pytest.mark.parametrize(
    ("stage", "action", "rule", "commands"),
    [
        (
            S.DRAFTING,
            A.RECORD_MEETING,
            "deliberation-needs-lawful-review",
            [
                "normdocs review submit REF",
                "normdocs review decide REF --outcome lawful --opinion TEXT",
            ],
        ),
        (
            S.REVISION_REQUIRED,
            A.RECORD_MEETING,
            "deliberation-needs-revision",
            ["normdocs review revise REF --note TEXT"],
        ),
        (
            S.REVIEWED,
            A.SIGN,
            "signature-needs-approval",
            ["normdocs meeting record REF --type TYPE --session TEXT --outcome approved"],
        ),
        (
            S.APPROVED,
            A.PUBLISH,
            "publication-needs-signature",
            ["normdocs sign REF --signer NAME"],
        ),
        (
            S.SIGNED,
            A.DECIDE_FILING,
            "filing-needs-publication",
            ["normdocs publish REF --number 文号", "normdocs file REF"],
        ),
    ],
)
def test_a_step_asked_for_too_early_names_the_rule_and_the_commands_to_run_first(
    stage: Stage, action: Action, rule: str, commands: list[str]
) -> None:
    refusal = out_of_order(stage, action)
    assert refusal.rule == rule
    assert refusal.source
    assert str(refusal.hint).endswith(": " + "; ".join(commands))


@pytest.mark.parametrize(
    ("stage", "action"),
    [
        (S.PROMULGATED, A.DECIDE_FILING),  # filing comes first, but no rule names it
        (S.FILED, A.FILE),  # the next filing needs a deferral: not something to do first
        (S.UNDER_REVIEW, A.SUBMIT_REVIEW),
        (S.REVISION_REQUIRED, A.SUBMIT_REVIEW),
        (S.APPROVED, A.RECORD_MEETING),  # past it: no step leads back
        (S.FILING_ACCEPTED, A.FILE),
    ],
)
def test_a_step_not_merely_early_is_refused_by_stage_order(stage: Stage, action: Action) -> None:
    refusal = out_of_order(stage, action)
    assert refusal.rule == "stage-order"
    # Named by the command a clerk types, not by the record's action code.
    command = f"normdocs {TRANSITIONS[action].command}"
    assert f"{command} is not allowed while the document is {stage.value}" in str(refusal.message)


def test_every_early_refusal_leads_through_the_table_to_where_the_step_is_allowed() -> None:
    early = 0
    for stage in Stage:
        for action, transition in TRANSITIONS.items():
            if stage in transition.sources:
                continue
            refusal = out_of_order(stage, action)
            if refusal.rule == "stage-order":
                continue
            early += 1
            path = shortest_path(stage, transition.sources)
            assert path, (stage, action)
            here = stage
            for step, outcome in path:
                assert here in step.sources
                here = step.targets[outcome]
            assert here in transition.sources
            assert refusal.rule in {r.rule for r in transition.requires.values()}
    # meeting from 3 stages, sign from 4, publish from 5, file and filing decide from 6 each
    assert early == 3 + 4 + 5 + 6 + 6


def test_a_review_too_short_is_refused_unless_an_emergency_and_a_long_one_is_late() -> None:
    under_review = state(S.UNDER_REVIEW, review_submitted_on=date(2026, 3, 2))
    step = DecideReview(date(2026, 3, 5), ReviewOutcome.LAWFUL, opinion="合法")
    with pytest.raises(Refused) as refused:
        decide(under_review, step, RULES)
    assert refused.value.rule == "review-minimum-days"
    emergency = decide(
        under_review, DecideReview(step.on, step.outcome, step.opinion, emergency=True), RULES
    )
    assert (emergency.to_stage, emergency.facts["review_working_days"]) == (S.REVIEWED, 3)
    late = decide(under_review, DecideReview(date(2026, 3, 27), ReviewOutcome.REVISE, "改"), RULES)
    assert late.to_stage == S.REVISION_REQUIRED
    assert (late.facts["review_working_days"], late.facts["review_late"]) == (19, True)
    assert [str(w) for w in late.warnings] == [
        "the legality review took 19 working days, more than 15 (国办发〔2018〕115号 §(五));"
        " recorded as late"
    ]
    assert list(late.details)[:4] == ["outcome", "working_days", "emergency", "late"]


def test_publication_effects_compute_dates_and_take_the_number_the_registry_gave() -> None:
    signed = state(S.SIGNED, signed_on=date(2026, 3, 18))
    step = Publish(date(2026, 3, 20), doc_number="元政发〔2025〕9号")
    alone = decide(signed, step, RULES)
    assert alone.facts["effective_on"] == date(2026, 3, 20)
    assert alone.facts["expires_on"] == date(2031, 3, 19)
    assert alone.facts["filing_due_on"] == date(2026, 4, 19)
    assert "registration_no" not in alone.facts
    given = Registration("元政发〔2025〕9号", 2025, "ND〔2026〕004", 4)
    numbered = decide(signed, step, RULES, StoreInputs(registration=given))
    assert numbered.facts["registration_no"] == "ND〔2026〕004"
    assert numbered.facts["registration_year"] == 2026
    assert [str(w) for w in numbered.warnings] == [
        "the number's year 2025 differs from the publication year 2026"
    ]


def test_a_filing_decision_sets_the_refiling_deadline_or_ends_the_document() -> None:
    filed = state(S.FILED, filed_on=date(2026, 4, 1))
    deferred = decide(filed, DecideFiling(date(2026, 4, 10), FilingOutcome.DEFERRED), RULES)
    assert deferred.to_stage == S.FILING_DEFERRED
    assert deferred.facts["refile_due_on"] == date(2026, 4, 25)
    assert deferred.details["refile_due_on"] == date(2026, 4, 25)
    revoked = decide(filed, DecideFiling(date(2026, 4, 10), FilingOutcome.REVOKED), RULES)
    assert (revoked.facts["ended_on"], revoked.facts["end_reason"]) == (
        date(2026, 4, 10),
        "revoked",
    )


def test_a_guard_refuses_without_touching_the_step_it_judges() -> None:
    approved = state(S.APPROVED, issuer_head="王区长", meeting_on=date(2026, 3, 16))
    step = Sign(date(2026, 3, 18), signer="李局长")
    with pytest.raises(Refused) as refused:
        decide(approved, step, RULES)
    assert refused.value.rule == "signer-principal-head"
    assert step == Sign(date(2026, 3, 18), signer="李局长")
    signed = decide(approved, Sign(date(2026, 3, 18), signer=" 王区长 "), RULES)
    assert signed.facts == {"signed_on": date(2026, 3, 18), "signer": "王区长"}
