"""The pure cleanup rules: the outcome vocabulary of real cleanup announcements, what each outcome
does to a document's dated facts, and which decisions are refused."""

import re
from datetime import date
from pathlib import Path

import pytest

from normdocs.domain.cleanup import (
    OUTCOME_LABELS_ZH,
    CleanupDecision,
    DocumentFacts,
    Outcome,
    apply_outcome,
    check_decision,
    parse_kind,
    parse_outcome,
)
from normdocs.domain.errors import InvalidInput, Refused
from normdocs.domain.profile import ValidityRules
from normdocs.domain.stages import Validity
from normdocs.domain.validity import ValidityFacts, validity_on

CLEANUP_SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "cleanup"
RULES = ValidityRules()
PROMULGATED = date(2021, 3, 1)
CLOSED = date(2026, 12, 31)


def doc(**changes: object) -> DocumentFacts:
    values: dict[str, object] = {
        "id": 7,
        "promulgated_on": PROMULGATED,
        "effective_on": PROMULGATED,
        "expires_on": date(2026, 2, 28),
        "ended_on": None,
        "end_reason": None,
        "interim": False,
    }
    values.update(changes)
    return DocumentFacts(**values)  # type: ignore[arg-type]


def validity_after(facts: DocumentFacts, changes: dict[str, object], as_of: date) -> Validity:
    merged = {
        "promulgated_on": facts.promulgated_on,
        "effective_on": facts.effective_on,
        "expires_on": facts.expires_on,
        "ended_on": facts.ended_on,
        "end_reason": facts.end_reason,
    }
    merged.update({k: v for k, v in changes.items() if k in merged})
    reason = merged.pop("end_reason")
    return validity_on(
        ValidityFacts(**merged, end_reason=Validity(reason) if reason else None),  # type: ignore[arg-type]
        as_of,
    )


# --- the words of real cleanup results ----------------------------------------------------

# "26件宣布继续有效", "6件予以修订", "2274件省政府文件宣布失效": a count, then the verdict.
VERDICT = re.compile(r"(\d+)\s*件[^，。,;；]{0,12}?((?:宣布|予以)(?:继续有效|修订|修改|失效|废止))")


def verdicts(text: str) -> list[tuple[Outcome, int]]:
    return [(parse_outcome(m.group(2)), int(m.group(1))) for m in VERDICT.finditer(text)]


def test_the_dachuan_announcement_names_each_outcome_with_its_count():
    text = (CLEANUP_SAMPLES / "B01-dachuan-2019-cleanup.txt").read_text(encoding="utf-8")
    assert verdicts(text) == [
        (Outcome.RETAIN, 26),
        (Outcome.AMEND, 6),
        (Outcome.INVALIDATE, 7),
        (Outcome.REPEAL, 5),
    ]
    # Its annexes are the published lists: 继续有效 / 修订 / 宣布失效 / 废止 目录.
    annexes = [line for line in text.splitlines() if line.rstrip().endswith("规范性文件目录")]
    assert len(annexes) == 7
    for annex in annexes:
        named = [o for o, label in OUTCOME_LABELS_ZH.items() if label in annex]
        assert len(named) == 1, annex
    assert {o for a in annexes for o, label in OUTCOME_LABELS_ZH.items() if label in a} == set(
        Outcome
    )


def test_the_guangdong_decision_declares_documents_invalid():
    text = (CLEANUP_SAMPLES / "B06-guangdong-2018-shixiao.txt").read_text(encoding="utf-8")
    assert verdicts(text) == [(Outcome.INVALIDATE, 2274)]


@pytest.mark.parametrize(
    ("typed", "outcome"),
    [
        ("retain", Outcome.RETAIN),
        (" Repeal ", Outcome.REPEAL),
        ("invalidate", Outcome.INVALIDATE),
        ("amend", Outcome.AMEND),
        ("继续有效", Outcome.RETAIN),
        ("宣布继续有效", Outcome.RETAIN),
        ("修订", Outcome.AMEND),
        ("予以修订", Outcome.AMEND),
        ("修改", Outcome.AMEND),
        ("废止", Outcome.REPEAL),
        ("宣布废止", Outcome.REPEAL),
        ("宣布失效", Outcome.INVALIDATE),
        ("失效", Outcome.INVALIDATE),
    ],
)
def test_outcomes_are_typed_in_english_or_as_published(typed, outcome):
    assert parse_outcome(typed) == outcome


@pytest.mark.parametrize("typed", ["", "keep", "有效", "撤销", "repealed"])
def test_an_unknown_outcome_is_refused_with_the_choices(typed, english):
    with pytest.raises(InvalidInput) as caught:
        parse_outcome(typed)
    assert "retain (继续有效)" in str(caught.value.hint or "")


def test_campaign_kinds(english):
    assert parse_kind("Periodic").value == "periodic"
    with pytest.raises(InvalidInput, match="unknown campaign kind"):
        parse_kind("yearly")


# --- what each outcome does ---------------------------------------------------------------

EFFECTIVE = date(2025, 6, 30)


@pytest.mark.parametrize(
    ("outcome", "after"),
    [(Outcome.REPEAL, Validity.REPEALED), (Outcome.INVALIDATE, Validity.INVALIDATED)],
)
def test_repeal_and_invalidation_end_the_document_on_the_effective_date(outcome, after):
    facts = doc()
    effect = apply_outcome(facts, CleanupDecision(outcome, "理由", EFFECTIVE), CLOSED)
    assert effect.changes == {
        "last_cleanup_on": CLOSED,
        "ended_on": EFFECTIVE,
        "end_reason": after.value,
        "awaiting_amendment": False,
    }
    assert validity_after(facts, effect.changes, date(2025, 6, 29)) == Validity.IN_FORCE
    assert validity_after(facts, effect.changes, EFFECTIVE) == after
    # An ending beats the later expiry: the document never shows as merely expired.
    assert validity_after(facts, effect.changes, date(2026, 6, 1)) == after


def test_amend_keeps_the_document_in_force_awaiting_its_new_version():
    facts = doc()
    effect = apply_outcome(facts, CleanupDecision(Outcome.AMEND, "上位法修改", EFFECTIVE), CLOSED)
    assert effect.changes == {"last_cleanup_on": CLOSED, "awaiting_amendment": True}
    assert validity_after(facts, effect.changes, date(2025, 7, 1)) == Validity.IN_FORCE


def test_retain_without_a_new_expiry_records_only_the_cleanup():
    facts = doc(awaiting_amendment=True)
    effect = apply_outcome(facts, CleanupDecision(Outcome.RETAIN, "继续执行", EFFECTIVE), CLOSED)
    assert effect.changes == {"last_cleanup_on": CLOSED, "awaiting_amendment": False}


def test_retain_with_a_new_expiry_extends_validity():
    facts = doc()
    decision = CleanupDecision(Outcome.RETAIN, "继续执行", EFFECTIVE, date(2030, 6, 29))
    effect = apply_outcome(facts, decision, CLOSED)
    assert effect.changes["expires_on"] == date(2030, 6, 29)
    assert effect.changes["validity_stated"] is True
    assert validity_after(facts, {}, date(2026, 3, 1)) == Validity.EXPIRED
    assert validity_after(facts, effect.changes, date(2026, 3, 1)) == Validity.IN_FORCE
    assert validity_after(facts, effect.changes, date(2030, 6, 29)) == Validity.IN_FORCE
    assert validity_after(facts, effect.changes, date(2030, 6, 30)) == Validity.EXPIRED


@pytest.mark.parametrize("outcome", list(Outcome))
def test_a_document_that_already_ended_keeps_its_ending(outcome):
    facts = doc(ended_on=date(2024, 1, 1), end_reason="revoked")
    expires = date(2030, 1, 1) if outcome == Outcome.RETAIN else None
    effect = apply_outcome(facts, CleanupDecision(outcome, "r", EFFECTIVE, expires), CLOSED)
    assert effect.changes == {"last_cleanup_on": CLOSED}
    assert effect.notes == ["already_revoked"]


def test_an_earlier_repeal_wins_over_a_later_recorded_ending():
    facts = doc(ended_on=date(2026, 1, 1), end_reason="revoked")
    effect = apply_outcome(facts, CleanupDecision(Outcome.REPEAL, "r", EFFECTIVE), CLOSED)
    assert effect.changes["ended_on"] == EFFECTIVE
    assert effect.changes["end_reason"] == "repealed"


# --- refusals -----------------------------------------------------------------------------


def test_a_reason_is_required(english):
    with pytest.raises(InvalidInput, match="needs a reason"):
        check_decision(doc(), CleanupDecision(Outcome.RETAIN, "  ", EFFECTIVE), RULES)


@pytest.mark.parametrize("outcome", [Outcome.AMEND, Outcome.REPEAL, Outcome.INVALIDATE])
def test_a_new_expiry_belongs_to_retention_only(outcome, english):
    decision = CleanupDecision(outcome, "r", EFFECTIVE, date(2027, 1, 1))
    with pytest.raises(InvalidInput, match="--expires"):
        check_decision(doc(), decision, RULES)


@pytest.mark.parametrize(
    ("interim", "latest"), [(False, date(2030, 6, 29)), (True, date(2027, 6, 29))]
)
def test_a_new_expiry_is_at_most_the_profiles_validity_from_the_decision(interim, latest, english):
    facts = doc(interim=interim)
    ok = CleanupDecision(Outcome.RETAIN, "r", EFFECTIVE, latest)
    assert check_decision(facts, ok, RULES) == []
    for too_late in (date.fromordinal(latest.toordinal() + 1),):
        with pytest.raises(Refused) as caught:
            check_decision(facts, CleanupDecision(Outcome.RETAIN, "r", EFFECTIVE, too_late), RULES)
        assert caught.value.rule == "validity-too-long"
        assert latest.isoformat() in str(caught.value.message)
    for not_after in (EFFECTIVE, date(2025, 1, 1)):
        with pytest.raises(Refused):
            check_decision(facts, CleanupDecision(Outcome.RETAIN, "r", EFFECTIVE, not_after), RULES)


def test_the_profile_sets_the_maximum(english):
    rules = ValidityRules(default_years=3)
    with pytest.raises(Refused, match="2028-06-29"):
        check_decision(
            doc(), CleanupDecision(Outcome.RETAIN, "r", EFFECTIVE, date(2028, 6, 30)), rules
        )


def test_a_decision_cannot_take_effect_before_promulgation(english):
    decision = CleanupDecision(Outcome.REPEAL, "r", date(2021, 2, 28))
    with pytest.raises(Refused) as caught:
        check_decision(doc(), decision, RULES)
    assert caught.value.rule == "cleanup-before-promulgation"
    assert check_decision(doc(), CleanupDecision(Outcome.REPEAL, "r", PROMULGATED), RULES) == []


def test_deciding_on_an_ended_document_warns(english):
    facts = doc(ended_on=date(2024, 1, 1), end_reason="repealed")
    warnings = check_decision(facts, CleanupDecision(Outcome.REPEAL, "r", EFFECTIVE), RULES)
    assert len(warnings) == 1 and "already ended (repealed) on 2024-01-01" in str(warnings[0])
