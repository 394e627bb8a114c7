"""Each guard of the procedure at its boundary: what is refused (rule, message, nothing written)
and what is allowed one step further, with the dates and numbers a clerk would check."""

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from normdocs.domain.errors import Duplicate, ExitCode, InvalidInput, NormdocsError, Refused
from normdocs.domain.stages import Action, Stage
from normdocs.domain.steps import ProcedureStep, step_of
from normdocs.services.agencies import add_agency
from normdocs.services.documents import show_document
from normdocs.services.procedure import StepResult, advance

A = Action
LAWFUL_OPINION = "经审核，未发现违法内容"


def refused(
    registry: Any, ref: Any, step: ProcedureStep, kind: type[NormdocsError] = Refused
) -> Any:
    """Run a step that must be refused; the registry must be exactly as it was."""
    before = registry.snapshot()
    with pytest.raises(kind) as caught:
        advance(registry.ctx, str(ref), step)
    assert caught.value.exit_code == ExitCode.REFUSED
    assert registry.snapshot() == before
    return caught.value


def allowed(registry: Any, ref: Any, step: ProcedureStep) -> StepResult:
    """Run a step that must be allowed; it appends exactly one event."""
    count = registry.event_count()
    result = advance(registry.ctx, str(ref), step)
    assert registry.event_count() == count + 1
    return result


def under_review(registry: Any, level: str, submitted: date) -> Any:
    doc = registry.draft(registry.issuers[level])
    allowed(registry, doc.id, step_of(A.SUBMIT_REVIEW, submitted))
    return doc


def decide_review(on: date, outcome: str = "lawful", *, emergency: bool = False) -> ProcedureStep:
    return step_of(
        A.DECIDE_REVIEW,
        on,
        outcome=outcome,
        opinion=LAWFUL_OPINION,
        reviewer="元宝山区司法局",
        emergency=emergency,
    )


def meeting(on: date, meeting_type: str, outcome: str = "approved") -> ProcedureStep:
    return step_of(
        A.RECORD_MEETING, on, outcome=outcome, meeting_type=meeting_type, session="第3次"
    )


def publish(on: date, number: str, **given: Any) -> ProcedureStep:
    return step_of(A.PUBLISH, on, doc_number=number, **given)


def last_event(registry: Any, ref: Any) -> dict[str, Any]:
    return registry.events(ref)[-1]


# --- legality review before deliberation --------------------------------------------------


@pytest.mark.parametrize("stage", [Stage.DRAFTING, Stage.UNDER_REVIEW])
@pytest.mark.parametrize("level", ["government", "department"])
def test_no_deliberation_before_lawful_review(registry: Any, level: str, stage: Stage) -> None:
    issuer = registry.issuers[level]
    doc = registry.bring_to(issuer, stage)
    exc = refused(registry, doc.id, meeting(date(2026, 3, 20), issuer.meeting_type))
    assert exc.rule == "deliberation-needs-lawful-review"
    assert "not passed legality review" in str(exc.message)
    assert "国办发〔2018〕115号" in str(exc.message)
    assert exc.source is not None and "国办发〔2018〕115号" in exc.source


def test_document_found_unlawful_goes_back_to_drafting_and_may_not_be_deliberated(
    registry: Any,
) -> None:
    doc = under_review(registry, "government", date(2026, 3, 2))
    result = allowed(registry, doc.id, decide_review(date(2026, 3, 11), "unlawful"))
    assert result.document["stage"] == "drafting"
    assert result.document["review_outcome"] == "unlawful"
    exc = refused(registry, doc.id, meeting(date(2026, 3, 16), "executive"))
    assert exc.rule == "deliberation-needs-lawful-review"
    # Resubmitted and found lawful, it may.
    allowed(registry, doc.id, step_of(A.SUBMIT_REVIEW, date(2026, 3, 16)))
    allowed(registry, doc.id, decide_review(date(2026, 3, 25)))
    result = allowed(registry, doc.id, meeting(date(2026, 3, 26), "executive"))
    assert result.document["stage"] == "approved"


def test_no_meeting_while_revision_required(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.REVISION_REQUIRED)
    exc = refused(registry, doc.id, meeting(date(2026, 3, 16), "executive"))
    assert exc.rule == "deliberation-needs-revision"
    assert "record the revision" in str(exc.message)
    assert "国办发〔2018〕115号" in str(exc.message)
    allowed(registry, doc.id, step_of(A.RECORD_REVISION, date(2026, 3, 12), note="已删除第五条"))
    result = allowed(registry, doc.id, meeting(date(2026, 3, 16), "executive"))
    assert result.document["stage"] == "approved"


@pytest.mark.parametrize("note", [None, "", "   "])
def test_revision_needs_a_note_or_the_revised_text(registry: Any, note: str | None) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.REVISION_REQUIRED)
    exc = refused(registry, doc.id, step_of(A.RECORD_REVISION, date(2026, 3, 12), note=note))
    assert exc.rule == "revision-record"
    assert "revision must be recorded" in str(exc.message)


def test_revision_with_the_revised_file_is_recorded(registry: Any, tmp_path: Path) -> None:
    doc = registry.bring_to(registry.issuers["department"], Stage.REVISION_REQUIRED)
    revised = tmp_path / "修改稿.txt"
    revised.write_text("元宝山区教育局关于加强校园安全管理的通知\n第一条 …", encoding="utf-8")
    count = registry.event_count()
    result = advance(
        registry.ctx,
        doc.ref,
        step_of(A.RECORD_REVISION, date(2026, 3, 12), revised_file=revised),
    )
    assert result.document["stage"] == "reviewed"
    assert registry.event_count() == count + 1
    details = last_event(registry, doc.id)["details"]
    assert details["file"] == "修改稿.txt"
    assert details["revised_text"] is True
    assert details["adopted"] is True
    assert registry.document(doc.id)["text_source"] == "修改稿.txt"


def test_not_adopting_the_opinion_needs_a_reason(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.REVISION_REQUIRED)
    exc = refused(
        registry, doc.id, step_of(A.RECORD_REVISION, date(2026, 3, 12), not_adopted=True, note=" ")
    )
    assert exc.rule == "revision-reason"
    assert "needs a written reason" in str(exc.message)
    result = allowed(
        registry,
        doc.id,
        step_of(
            A.RECORD_REVISION,
            date(2026, 3, 12),
            not_adopted=True,
            note="第五条有上位法依据，不予采纳",
        ),
    )
    assert result.document["stage"] == "reviewed"
    details = last_event(registry, doc.id)["details"]
    assert details["adopted"] is False
    assert details["note"] == "第五条有上位法依据，不予采纳"


def test_review_decision_needs_the_written_opinion(registry: Any) -> None:
    doc = under_review(registry, "government", date(2026, 3, 2))
    step = replace(decide_review(date(2026, 3, 11)), opinion="  ")
    exc = refused(registry, doc.id, step)
    assert exc.rule == "review-opinion"
    assert "--opinion" in str(exc.hint or "")


# --- review duration: 5 to 15 working days ------------------------------------------------

# Submitted on Monday 2026-03-02; March 2026 has no holiday.
SUBMITTED = date(2026, 3, 2)


def test_review_shorter_than_five_working_days_is_refused(registry: Any) -> None:
    doc = under_review(registry, "government", SUBMITTED)
    exc = refused(registry, doc.id, decide_review(date(2026, 3, 6)))  # Friday: 4 working days
    assert exc.rule == "review-minimum-days"
    assert "took 4 working days (2026-03-02 to 2026-03-06)" in str(exc.message)
    assert "at least 5" in str(exc.message)
    assert "国办发〔2018〕115号 §(五)" in str(exc.message)
    assert "--emergency" in str(exc.hint or "")


def test_review_of_exactly_five_working_days_is_allowed(registry: Any) -> None:
    doc = under_review(registry, "department", SUBMITTED)
    result = allowed(registry, doc.id, decide_review(date(2026, 3, 9)))  # next Monday
    assert result.document["stage"] == "reviewed"
    assert result.document["review_working_days"] == 5
    assert result.document["review_emergency"] is False
    assert result.document["review_late"] is False
    assert result.warnings == []


def test_short_review_in_an_emergency_is_allowed_and_marked(registry: Any) -> None:
    doc = under_review(registry, "government", SUBMITTED)
    result = allowed(registry, doc.id, decide_review(date(2026, 3, 3), emergency=True))
    assert result.document["stage"] == "reviewed"
    assert result.document["review_working_days"] == 1
    assert result.document["review_emergency"] is True
    details = last_event(registry, doc.id)["details"]
    assert details["emergency"] is True
    assert details["working_days"] == 1
    assert details["opinion"] == LAWFUL_OPINION


def test_review_of_fifteen_working_days_is_in_time(registry: Any) -> None:
    doc = under_review(registry, "government", SUBMITTED)
    result = allowed(registry, doc.id, decide_review(date(2026, 3, 23)))
    assert result.document["review_working_days"] == 15
    assert result.document["review_late"] is False
    assert result.warnings == []
    assert registry.ctx.warnings == []


def test_review_of_sixteen_working_days_is_allowed_but_late(registry: Any) -> None:
    doc = under_review(registry, "department", SUBMITTED)
    result = allowed(registry, doc.id, decide_review(date(2026, 3, 24)))
    assert result.document["stage"] == "reviewed"
    assert result.document["review_working_days"] == 16
    assert result.document["review_late"] is True
    assert registry.document(doc.id)["review_late"] is True
    assert len(result.warnings) == 1
    assert "took 16 working days, more than 15" in result.warnings[0]
    assert "recorded as late" in result.warnings[0]
    assert registry.ctx.warnings == result.warnings
    assert last_event(registry, doc.id)["details"]["late"] is True


# National Day 2025 (国庆节 + 中秋节): 10-01 to 10-08 off; Sunday 09-28 and Saturday 10-11 worked.
@pytest.mark.parametrize(
    ("decided", "working_days", "is_allowed"),
    [
        (date(2025, 9, 30), 3, False),  # Sun 09-28 (worked), Mon 09-29, Tue 09-30
        (date(2025, 10, 8), 3, False),  # the whole holiday adds nothing
        (date(2025, 10, 9), 4, False),
        (date(2025, 10, 10), 5, True),
        (date(2025, 10, 11), 6, True),  # Saturday made a working day
        (date(2025, 10, 12), 6, True),  # an ordinary Sunday
        (date(2025, 10, 13), 7, True),
    ],
    ids=lambda v: v.isoformat() if isinstance(v, date) else str(v),
)
def test_working_days_across_national_day_2025(
    registry: Any, decided: date, working_days: int, is_allowed: bool
) -> None:
    doc = under_review(registry, "government", date(2025, 9, 26))  # a Friday
    step = decide_review(decided)
    if is_allowed:
        result = allowed(registry, doc.id, step)
        assert result.document["review_working_days"] == working_days
        assert result.document["stage"] == "reviewed"
    else:
        exc = refused(registry, doc.id, step)
        assert exc.rule == "review-minimum-days"
        assert f"took {working_days} working days" in str(exc.message)
    assert registry.ctx.warnings == []


def test_review_in_2027_counts_monday_to_friday_with_a_warning(registry: Any) -> None:
    registry.ctx.today_override = date(2027, 6, 1)  # steps are recorded once they happened
    doc = under_review(registry, "government", date(2027, 3, 1))  # a Monday
    result = allowed(registry, doc.id, decide_review(date(2027, 3, 10)))
    assert result.document["stage"] == "reviewed"
    assert result.document["review_working_days"] == 7
    warnings = [w for w in registry.ctx.warnings if "2027" in w]
    assert len(warnings) == 1
    assert "outside the holiday calendar" in warnings[0]
    assert "Monday to Friday" in warnings[0]
    assert "[calendar.years.2027]" in warnings[0]


def test_too_short_review_in_2027_is_still_refused(registry: Any) -> None:
    registry.ctx.today_override = date(2027, 6, 1)  # steps are recorded once they happened
    doc = under_review(registry, "department", date(2027, 3, 1))
    exc = refused(registry, doc.id, decide_review(date(2027, 3, 5)))
    assert exc.rule == "review-minimum-days"
    assert "took 4 working days" in str(exc.message)
    # The count was made on Monday to Friday, and the clerk is told so.
    assert [w for w in registry.ctx.warnings if "2027 is outside the holiday calendar" in w]


# --- meeting, signature -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "meeting_type", "fits"),
    [
        ("government", "leadership", "executive / plenary"),
        ("department", "executive", "leadership"),
        ("department", "plenary", "leadership"),
        ("government", "party-committee", "executive / plenary"),
    ],
)
def test_meeting_type_must_fit_the_level(
    registry: Any, level: str, meeting_type: str, fits: str
) -> None:
    doc = registry.bring_to(registry.issuers[level], Stage.REVIEWED)
    exc = refused(registry, doc.id, meeting(date(2026, 3, 16), meeting_type))
    assert exc.rule == "meeting-type"
    assert f"a {level} document is deliberated at a {fits} meeting" in str(exc.message)
    assert f"not at a {meeting_type} meeting" in str(exc.message)


@pytest.mark.parametrize(
    ("level", "meeting_type"),
    [("government", "executive"), ("government", "plenary"), ("department", "leadership")],
)
def test_meeting_types_that_fit(registry: Any, level: str, meeting_type: str) -> None:
    doc = registry.bring_to(registry.issuers[level], Stage.REVIEWED)
    result = allowed(registry, doc.id, meeting(date(2026, 3, 16), meeting_type))
    assert result.document["meeting_type"] == meeting_type
    assert result.document["meeting_on"] == "2026-03-16"


def test_meeting_needs_the_session(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.REVIEWED)
    step = replace(meeting(date(2026, 3, 16), "executive"), session=" ")
    assert refused(registry, doc.id, step).rule == "meeting-session"


@pytest.mark.parametrize("signer", ["李局长", "张副区长", "", None])
def test_only_the_principal_head_signs(registry: Any, signer: str | None) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.APPROVED)
    exc = refused(registry, doc.id, step_of(A.SIGN, date(2026, 3, 18), signer=signer))
    assert exc.rule == "signer-principal-head"
    assert "only the issuer's principal head (王区长) may sign" in str(exc.message)
    assert "国办发〔2018〕37号 §(六)" in str(exc.message)


def test_principal_head_signs_and_is_recorded_without_spaces(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["department"], Stage.APPROVED)
    result = allowed(registry, doc.id, step_of(A.SIGN, date(2026, 3, 18), signer=" 李局长 "))
    assert result.document["stage"] == "signed"
    assert result.document["signer"] == "李局长"
    assert result.document["signed_on"] == "2026-03-18"


def test_issuer_without_a_head_cannot_sign(registry: Any) -> None:
    add_agency(
        registry.ctx,
        name="元宝山区卫生健康局",
        code="元卫发",
        level="department",
        parent="元宝山区人民政府",
    )
    headless = replace(registry.issuers["department"], name="元宝山区卫生健康局", head="")
    doc = registry.bring_to(headless, Stage.APPROVED)
    exc = refused(registry, doc.id, step_of(A.SIGN, date(2026, 3, 18), signer="李局长"))
    assert exc.rule == "signer-unknown"
    assert "no principal head recorded" in str(exc.message)
    assert "agency update" in str(exc.hint or "")


# --- promulgation: 文号, registration number, dates, validity ------------------------------


def test_publish_with_an_invalid_number_is_refused(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.SIGNED)
    exc = refused(
        registry, doc.id, publish(date(2026, 3, 20), "广安区府办发〔202026"), InvalidInput
    )
    assert "not a valid 文号 “广安区府办发〔202026”" in str(exc.message)
    assert "元政办字〔2018〕101号" in str(exc.hint or "")


def test_publish_without_a_number_is_refused(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.SIGNED)
    exc = refused(registry, doc.id, step_of(A.PUBLISH, date(2026, 3, 20)))
    assert exc.rule == "publication-needs-number"
    assert "发文字号" in str(exc.message)


def test_duplicate_number_of_the_same_issuer_is_refused(registry: Any) -> None:
    government = registry.issuers["government"]
    first = registry.bring_to(government, Stage.PROMULGATED, number="元政发〔2026〕1号")
    second = registry.bring_to(government, Stage.SIGNED)
    for given in ("元政发〔2026〕1号", "元政发[2026]第001号"):
        exc = refused(registry, second.id, publish(date(2026, 3, 20), given), Duplicate)
        assert exc.message == (
            f"元政发〔2026〕1号 is already used by document {first.id} of 元宝山区人民政府"
        )
    # Another issuer may not take it either: its 机关代字 is not one of that issuer's codes.
    other = registry.bring_to(registry.issuers["department"], Stage.SIGNED)
    exc = refused(registry, other.id, publish(date(2026, 3, 20), "元政发〔2026〕1号"))
    assert exc.rule == "doc-number-code"


def test_number_in_other_brackets_is_normalised_and_registration_follows_the_template(
    registry: Any,
) -> None:
    government = registry.issuers["government"]
    first = registry.bring_to(government, Stage.SIGNED)
    second = registry.bring_to(registry.issuers["department"], Stage.SIGNED)
    result = allowed(registry, first.id, publish(date(2026, 3, 20), "元政发[2026]第007号"))
    assert result.document["doc_number"] == "元政发〔2026〕7号"
    assert result.document["registration_no"] == "ND〔2026〕001"
    details = last_event(registry, first.id)["details"]
    assert details["given_number"] == "元政发[2026]第007号"
    assert details["doc_number"] == "元政发〔2026〕7号"
    result = allowed(registry, second.id, publish(date(2026, 3, 21), "元教发（2026）12号"))
    assert result.document["doc_number"] == "元教发〔2026〕12号"
    assert result.document["registration_no"] == "ND〔2026〕002"
    # Found again by the number in any bracket style, or by the registration number.
    assert show_document(registry.ctx, "元政发【2026】7号")["id"] == first.id
    assert show_document(registry.ctx, "ND〔2026〕002")["id"] == second.id


def test_number_of_another_year_is_allowed_with_a_warning(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.SIGNED)
    result = allowed(registry, doc.id, publish(date(2026, 3, 20), "元政发〔2025〕31号"))
    assert result.document["doc_number"] == "元政发〔2025〕31号"
    assert result.document["registration_no"] == "ND〔2026〕001"
    assert result.warnings == ["the number's year 2025 differs from the publication year 2026"]


def test_a_number_of_a_later_year_than_the_publication_is_refused(registry: Any) -> None:
    """A 文号 of 2027 (or 2030) on a document published in 2026 cannot be: a mistyped year.
    Refused at publication, and so is a correction that would give it."""
    from normdocs.services.corrections import correct_document

    doc = registry.bring_to(registry.issuers["government"], Stage.SIGNED)
    error = refused(registry, doc.id, publish(date(2026, 3, 20), "元政发〔2027〕7号"))
    assert error.rule == "doc-number-year"
    assert str(error) == "the 文号's year 2027 is after the publication on 2026-03-20"
    allowed(registry, doc.id, publish(date(2026, 3, 20), "元政发〔2026〕7号"))
    before = registry.snapshot()
    with pytest.raises(Refused, match="year 2030 is after the publication on 2026-03-20"):
        correct_document(registry.ctx, str(doc.id), reason="文号误录", number="元政发〔2030〕7号")
    assert registry.snapshot() == before


def test_registration_numbers_restart_each_year(registry: Any) -> None:
    government = registry.issuers["government"]
    in_2025 = registry.bring_to(government, Stage.PROMULGATED, start=date(2025, 3, 3))
    in_2026 = registry.bring_to(government, Stage.PROMULGATED)
    assert registry.document(in_2025.id)["registration_no"] == "ND〔2025〕001"
    assert registry.document(in_2026.id)["registration_no"] == "ND〔2026〕001"


def test_effective_date_before_publication_is_refused(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.SIGNED)
    step = publish(date(2026, 3, 20), "元政发〔2026〕5号", effective_on=date(2026, 3, 19))
    exc = refused(registry, doc.id, step)
    assert exc.rule == "effective-before-publication"
    assert "the effective date 2026-03-19 is before publication on 2026-03-20" in str(exc.message)


def test_effective_date_after_publication_leaves_the_document_pending(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.SIGNED)
    step = publish(date(2026, 3, 20), "元政发〔2026〕5号", effective_on=date(2026, 4, 1))
    result = allowed(registry, doc.id, step)
    assert result.document["effective_on"] == "2026-04-01"
    assert result.document["expires_on"] == "2031-03-31"
    assert show_document(registry.ctx, doc.ref, date(2026, 3, 31))["validity"] == "pending"
    assert show_document(registry.ctx, doc.ref, date(2026, 4, 1))["validity"] == "in_force"
    assert show_document(registry.ctx, doc.ref, date(2031, 3, 31))["validity"] == "in_force"
    assert show_document(registry.ctx, doc.ref, date(2031, 4, 1))["validity"] == "expired"


@pytest.mark.parametrize("years", [6, 0, -1])
def test_validity_longer_than_five_years_is_refused(registry: Any, years: int) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.SIGNED)
    exc = refused(
        registry, doc.id, publish(date(2026, 3, 20), "元政发〔2026〕5号", validity_years=years)
    )
    assert exc.rule == "validity-too-long"
    assert f"a validity of {years} years is not allowed: at most 5" in str(exc.message)
    assert "国办发〔2018〕37号 §(十六)" in str(exc.message)


@pytest.mark.parametrize(("years", "expires"), [(3, "2029-03-31"), (5, "2031-03-31")])
def test_validity_years_within_the_limit(registry: Any, years: int, expires: str) -> None:
    doc = registry.bring_to(registry.issuers["department"], Stage.SIGNED)
    step = publish(
        date(2026, 3, 20), "元教发〔2026〕5号", effective_on=date(2026, 4, 1), validity_years=years
    )
    result = allowed(registry, doc.id, step)
    assert result.document["expires_on"] == expires
    assert result.document["validity_stated"] is True


def test_default_validity_is_five_years_and_not_stated(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.SIGNED)
    result = allowed(registry, doc.id, publish(date(2026, 3, 20), "元政发〔2026〕5号"))
    assert result.document["effective_on"] == "2026-03-20"
    assert result.document["expires_on"] == "2031-03-19"
    assert result.document["validity_stated"] is False


@pytest.mark.parametrize(
    ("expires", "is_allowed"),
    [(date(2031, 3, 19), True), (date(2031, 3, 20), False), (date(2026, 3, 20), False)],
)
def test_stated_expiry_within_five_years(registry: Any, expires: date, is_allowed: bool) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.SIGNED)
    step = publish(date(2026, 3, 20), "元政发〔2026〕5号", expires_on=expires)
    if is_allowed:
        assert allowed(registry, doc.id, step).document["expires_on"] == expires.isoformat()
    else:
        assert refused(registry, doc.id, step).rule == "validity-too-long"


def test_expiry_and_validity_years_together_are_refused(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.SIGNED)
    step = publish(
        date(2026, 3, 20), "元政发〔2026〕5号", expires_on=date(2028, 1, 1), validity_years=2
    )
    assert refused(registry, doc.id, step).rule == "validity-ambiguous"


def test_interim_document_defaults_to_two_years(registry: Any) -> None:
    doc = registry.bring_to(
        registry.issuers["government"], Stage.SIGNED, title="元宝山区校外培训机构管理暂行办法"
    )
    assert registry.document(doc.id)["interim"] is True
    exc = refused(
        registry, doc.id, publish(date(2026, 3, 20), "元政发〔2026〕5号", validity_years=3)
    )
    assert exc.rule == "validity-too-long"
    assert "at most 2" in str(exc.message)
    step = publish(date(2026, 3, 20), "元政发〔2026〕5号", effective_on=date(2026, 4, 1))
    result = allowed(registry, doc.id, step)
    assert result.document["expires_on"] == "2028-03-31"
    assert result.document["validity_stated"] is False


# --- filing and filing review -------------------------------------------------------------

PUBLISHED = date(2026, 3, 20)  # bring_to publishes on day 18 from START


@pytest.mark.parametrize(
    ("filed", "late"),
    [(date(2026, 4, 19), False), (date(2026, 4, 20), True)],
    ids=["day-30", "day-31"],
)
def test_filing_deadline_is_thirty_days(registry: Any, filed: date, late: bool) -> None:
    doc = registry.bring_to(registry.issuers["department"], Stage.PROMULGATED)
    shown = registry.document(doc.id)
    assert shown["promulgated_on"] == PUBLISHED.isoformat()
    assert shown["filing_due_on"] == "2026-04-19"
    assert (filed - PUBLISHED).days == (31 if late else 30)
    result = allowed(registry, doc.id, step_of(A.FILE, filed, materials="complete"))
    assert result.document["stage"] == "filed"
    assert result.document["filed_on"] == filed.isoformat()
    assert result.document["filed_late"] is late
    details = last_event(registry, doc.id)["details"]
    assert details["late"] is late
    assert details["due_on"] == "2026-04-19"
    if late:
        assert len(result.warnings) == 1
        assert "filed on 2026-04-20, after the deadline 2026-04-19" in result.warnings[0]
        assert registry.ctx.warnings == result.warnings
    else:
        assert result.warnings == []


FILING_DECIDED = date(2026, 4, 10)


def test_deferred_filing_gives_fifteen_days_to_refile(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.FILED)
    step = step_of(A.DECIDE_FILING, FILING_DECIDED, outcome="deferred", note="缺起草说明")
    result = allowed(registry, doc.id, step)
    assert result.document["stage"] == "filing_deferred"
    assert result.document["refile_due_on"] == "2026-04-25"
    assert result.document["filing_outcome"] == "deferred"
    assert last_event(registry, doc.id)["details"]["refile_due_on"] == "2026-04-25"
    # Refiled on the last day: in time; then accepted.
    result = allowed(registry, doc.id, step_of(A.FILE, date(2026, 4, 25), materials="complete"))
    assert result.document["stage"] == "filed"
    assert result.document["refiled_late"] is False
    assert last_event(registry, doc.id)["details"]["refiling"] is True
    result = allowed(
        registry, doc.id, step_of(A.DECIDE_FILING, date(2026, 5, 6), outcome="accepted")
    )
    assert result.document["stage"] == "filing_accepted"


def test_refiling_after_the_deferral_period_is_late(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.FILED)
    allowed(registry, doc.id, step_of(A.DECIDE_FILING, FILING_DECIDED, outcome="deferred"))
    result = allowed(registry, doc.id, step_of(A.FILE, date(2026, 4, 26), materials="complete"))
    assert result.document["refiled_late"] is True
    assert result.document["filed_late"] is False  # the first filing was in time
    assert "after the deadline 2026-04-25" in result.warnings[0]


def test_correction_gives_thirty_days(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["department"], Stage.FILED)
    step = step_of(A.DECIDE_FILING, FILING_DECIDED, outcome="correction", note="第五条应删除")
    result = allowed(registry, doc.id, step)
    assert result.document["stage"] == "correction_required"
    assert result.document["refile_due_on"] == "2026-05-10"
    assert last_event(registry, doc.id)["details"]["correction_due_on"] == "2026-05-10"
    result = allowed(registry, doc.id, step_of(A.FILE, date(2026, 5, 10), materials="complete"))
    assert result.document["stage"] == "filed"
    assert result.document["refiled_late"] is False


def test_revoked_document_loses_force_from_the_decision(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.FILED)
    result = allowed(
        registry, doc.id, step_of(A.DECIDE_FILING, FILING_DECIDED, outcome="revoked", note="违法")
    )
    assert result.document["stage"] == "revoked"
    assert result.document["ended_on"] == "2026-04-10"
    assert result.document["end_reason"] == "revoked"
    assert show_document(registry.ctx, doc.ref, date(2026, 4, 9))["validity"] == "in_force"
    assert show_document(registry.ctx, doc.ref, date(2026, 4, 10))["validity"] == "revoked"
    assert show_document(registry.ctx, doc.ref, date(2027, 1, 1))["validity"] == "revoked"
    # Nothing follows a revocation.
    exc = refused(registry, doc.id, step_of(A.FILE, date(2026, 4, 20), materials="complete"))
    assert exc.rule == "stage-order"
    assert "allowed now: none" in str(exc.message)


# --- dates and outcomes -------------------------------------------------------------------


def test_step_dated_before_the_previous_step_is_refused(registry: Any) -> None:
    issuer = registry.issuers["government"]
    doc = registry.bring_to(issuer, Stage.APPROVED)  # meeting on 2026-03-16
    exc = refused(registry, doc.id, step_of(A.SIGN, date(2026, 3, 15), signer=issuer.head))
    assert exc.rule == "date-order"
    assert "the date 2026-03-15 is before the document's previous step on 2026-03-16" in str(
        exc.message
    )
    result = allowed(registry, doc.id, step_of(A.SIGN, date(2026, 3, 16), signer=issuer.head))
    assert result.document["signed_on"] == "2026-03-16"


def test_review_decided_before_submission_is_refused(registry: Any) -> None:
    doc = under_review(registry, "department", SUBMITTED)
    exc = refused(registry, doc.id, decide_review(date(2026, 3, 1), emergency=True))
    assert exc.rule == "date-order"


def test_meeting_dated_before_the_recorded_revision_is_refused(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.REVISION_REQUIRED)
    allowed(registry, doc.id, step_of(A.RECORD_REVISION, date(2026, 3, 20), note="已修改"))
    exc = refused(registry, doc.id, meeting(date(2026, 3, 16), "executive"))
    assert exc.rule == "date-order"
    assert "previous step on 2026-03-20" in str(exc.message)


def test_steps_after_a_deferred_or_rejected_meeting_keep_its_date(registry: Any) -> None:
    doc = registry.bring_to(registry.issuers["government"], Stage.REVIEWED)  # lawful 03-11
    allowed(registry, doc.id, meeting(date(2026, 3, 20), "executive", "deferred"))
    exc = refused(registry, doc.id, meeting(date(2026, 3, 18), "executive"))
    assert exc.rule == "date-order"
    allowed(registry, doc.id, meeting(date(2026, 3, 27), "executive", "rejected"))
    exc = refused(registry, doc.id, step_of(A.SUBMIT_REVIEW, date(2026, 3, 25)))
    assert exc.rule == "date-order"
    assert "previous step on 2026-03-27" in str(exc.message)


@pytest.mark.parametrize(
    ("action", "outcome", "phrase"),
    [
        (
            A.DECIDE_REVIEW,
            "approved",
            "unknown outcome approved; choose one of lawful|revise|unlawful",
        ),
        (A.DECIDE_REVIEW, "合法", "unknown outcome 合法; choose one of lawful|revise|unlawful"),
        (A.RECORD_MEETING, "passed", "choose one of approved|rejected|deferred"),
        (A.DECIDE_FILING, "rejected", "choose one of accepted|deferred|correction|revoked"),
        (A.DECIDE_FILING, None, "filing.decide needs an outcome"),
        (A.SUBMIT_REVIEW, "lawful", "review.submit takes no outcome"),
    ],
    ids=["review-approved", "review-chinese", "meeting-passed", "filing-rejected", "none", "extra"],
)
def test_unknown_outcome_is_refused(action: Action, outcome: str | None, phrase: str) -> None:
    # Each step's outcome is an enum: a wrong word is refused as the step is made from the
    # words given, before any registry is opened (the CLI refuses it as a usage error).
    with pytest.raises(Refused) as caught:
        step_of(action, date(2026, 3, 11), outcome=outcome)
    assert caught.value.rule == "outcome"
    assert phrase in str(caught.value.message)


# --- the same refusals at the command line ------------------------------------------------


@pytest.fixture
def cli(registry: Any) -> Any:
    runner = CliRunner()

    def run(*args: str) -> Any:
        from normdocs.cli.app import app

        # The registry's today, so that a test recording later work moves both together.
        today = registry.ctx.today().isoformat()
        env = {"NORMDOCS_TODAY": today, "NORMDOCS_LANG": "en", "NORMDOCS_DB": None}
        return runner.invoke(app, ["--db", str(registry.path), "--actor", "clerk", *args], env=env)

    return run


def test_an_outcome_the_procedure_does_not_know_is_a_usage_error(registry: Any, cli: Any) -> None:
    """A wrong word is a usage error (exit 2, DESIGN §4) naming every choice; nothing written."""
    registry.bring_to(registry.issuers["government"], Stage.FILED)
    before = registry.snapshot()
    result = cli("filing", "decide", "1", "--outcome", "rejected", "--date", "2026-04-10")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "accepted (予以备案)" in result.stderr and "revoked (撤销)" in result.stderr
    assert registry.snapshot() == before


@pytest.mark.parametrize(
    ("stage", "args", "rule"),
    [
        (
            Stage.DRAFTING,
            [
                "meeting", "record", "1", "--type", "executive", "--session", "第3次",
                "--outcome", "approved", "--date", "2026-03-16",
            ],
            "deliberation-needs-lawful-review",
        ),
        (
            Stage.UNDER_REVIEW,
            [
                "review", "decide", "1", "--outcome", "lawful", "--opinion", "合法",
                "--date", "2026-03-06",
            ],
            "review-minimum-days",
        ),
        (
            Stage.REVIEWED,
            [
                "meeting", "record", "1", "--type", "leadership", "--session", "第3次",
                "--outcome", "approved", "--date", "2026-03-16",
            ],
            "meeting-type",
        ),
        (Stage.APPROVED, ["sign", "1", "--signer", "李局长", "--date", "2026-03-18"],
         "signer-principal-head"),
        (
            Stage.SIGNED,
            ["publish", "1", "--number", "元政发〔2026〕5号", "--validity-years", "6",
             "--date", "2026-03-20"],
            "validity-too-long",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)  # fmt: skip
def test_cli_refusal_is_one_line_on_stderr_and_exit_1(
    registry: Any, cli: Any, stage: Stage, args: list[str], rule: str
) -> None:
    doc = registry.bring_to(registry.issuers["government"], stage)
    assert doc.id == 1
    before = registry.snapshot()
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Refused [{rule}]: ")
    assert registry.snapshot() == before


def test_cli_invalid_number_is_an_error_line_and_exit_1(registry: Any, cli: Any) -> None:
    registry.bring_to(registry.issuers["government"], Stage.SIGNED)
    before = registry.snapshot()
    result = cli("publish", "1", "--number", "广安区府办发〔202026", "--date", "2026-03-20")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [result.stderr.rstrip("\n")]
    assert result.stderr.startswith("Error: not a valid 文号 “广安区府办发〔202026”")
    assert registry.snapshot() == before


def test_cli_refusal_counted_outside_the_calendar_comes_with_its_warning(
    registry: Any, cli: Any
) -> None:
    registry.ctx.today_override = date(2027, 6, 1)  # steps are recorded once they happened
    under_review(registry, "government", date(2027, 3, 1))
    result = cli(
        "review", "decide", "1", "--outcome", "lawful", "--opinion", "合法", "--date", "2027-03-05"
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    warning, refusal = result.stderr.splitlines()
    assert warning.startswith("Warning: 2027 is outside the holiday calendar")
    assert refusal.startswith("Refused [review-minimum-days]: the legality review took 4 working")


def test_cli_allowed_step_reports_on_stderr_and_records_the_actor(registry: Any, cli: Any) -> None:
    registry.bring_to(registry.issuers["government"], Stage.APPROVED)
    result = cli("sign", "1", "--signer", "王区长", "--date", "2026-03-18")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "Document 1 is now signed.\n"
    event = registry.events(1)[-1]
    assert (event["action"], event["actor"], event["on_date"]) == ("sign", "clerk", "2026-03-18")
    assert registry.document(1)["signer"] == "王区长"


def test_bring_to_reaches_every_stage(registry: Any) -> None:
    """The fixture helper itself: each stage of the procedure reached, by the steps demo_steps
    gives (withdrawn is reached by `doc withdraw`, no step)."""
    total = registry.event_count()
    assert total == 2  # the two agencies
    for level in ("government", "department"):
        for stage in (s for s in Stage if s != Stage.WITHDRAWN):
            doc = registry.bring_to(registry.issuers[level], stage)
            assert registry.document(doc.id)["stage"] == stage.value
            # document.create, then one event per step
            assert len(registry.events(doc.id)) == 1 + len(doc.steps)
            total += 1 + len(doc.steps)
    assert registry.event_count() == total


def test_copied_registry_equals_a_freshly_initialised_one(
    registry: Any, fresh_registry: Any
) -> None:
    copied, fresh = registry.snapshot(), fresh_registry.snapshot()
    # The same schema objects; their SQL text is compared only within one file, because a
    # batch migration may list a table's UNIQUE constraints in either order.
    assert [row[:3] for row in copied.pop("sqlite_master")] == [
        row[:3] for row in fresh.pop("sqlite_master")
    ]
    assert copied == fresh
