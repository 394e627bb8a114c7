"""An amended version supersedes the one it amends; a refiling keeps the first filing's record."""

from datetime import date
from pathlib import Path

import pytest

from normdocs.domain.errors import Refused
from normdocs.domain.stages import Action
from normdocs.domain.steps import step_of
from normdocs.services.agencies import add_agency
from normdocs.services.context import AppContext
from normdocs.services.demo import demo_steps
from normdocs.services.documents import document_history, new_document, show_document
from normdocs.services.procedure import advance
from normdocs.services.registry import init_registry, verify_record


@pytest.fixture
def ctx(tmp_path):
    context = AppContext(
        db=str(tmp_path / "r.db"), actor="clerk", today_override=date(2026, 11, 27)
    )
    init_registry(context)
    add_agency(context, name="元宝山区人民政府", code="元政发", level="government", head="王区长")
    return context


def text(ctx):
    """A draft's text file (review submit refuses a draft without one)."""
    path = Path(ctx.db).parent / "draft.txt"
    path.write_text("第一条 为加强停车管理，制定本办法。\n", encoding="utf-8")
    return path


def walk(ctx, ref, number, start, target):
    for step in demo_steps("government", "王区长", number, start, target):
        advance(ctx, ref, step)


def test_amended_version_supersedes_on_its_effective_date(ctx):
    old = new_document(
        ctx, title="元宝山区停车管理办法", issuer="元宝山区人民政府", file=text(ctx)
    )["id"]
    walk(ctx, str(old), "元政发〔2024〕5号", date(2024, 3, 1), "promulgated")
    draft = new_document(
        ctx,
        title="元宝山区停车管理办法（修订）",
        issuer="元宝山区人民政府",
        amends="元政发〔2024〕5号",
        file=text(ctx),
    )
    assert draft["supersedes_id"] == old
    with pytest.raises(Refused) as twice:
        new_document(ctx, title="另一修订稿", issuer="元宝山区人民政府", amends=str(old))
    assert twice.value.rule == "amend-once"

    for step in demo_steps("government", "王区长", "元政发〔2026〕9号", date(2026, 5, 4), "signed"):
        advance(ctx, str(draft["id"]), step)
    advance(
        ctx,
        str(draft["id"]),
        step_of(
            Action.PUBLISH,
            date(2026, 5, 25),
            doc_number="元政发〔2026〕9号",
            effective_on=date(2026, 6, 1),
        ),
    )
    assert show_document(ctx, str(old), date(2026, 5, 31))["validity"] == "in_force"
    after = show_document(ctx, str(old), date(2026, 6, 1))
    assert (after["validity"], after["ended_on"]) == ("superseded", "2026-06-01")
    assert document_history(ctx, str(old))[-1]["action"] == "document.superseded"
    assert verify_record(ctx).ok


def test_a_withdrawn_amended_draft_leaves_room_for_another(ctx):
    """An amended draft withdrawn (起草有误，重新起草) is no longer "in preparation": a new
    amended draft may be begun, and it supersedes the document when published."""
    from normdocs.services.corrections.withdrawal import withdraw_document

    old = new_document(
        ctx, title="元宝山区停车管理办法", issuer="元宝山区人民政府", file=text(ctx)
    )["id"]
    walk(ctx, str(old), "元政发〔2024〕5号", date(2024, 3, 1), "promulgated")
    first = new_document(
        ctx, title="元宝山区停车管理办法（修订）", issuer="元宝山区人民政府", amends=str(old)
    )["id"]
    withdraw_document(ctx, str(first), reason="起草有误，重新起草")
    second = new_document(
        ctx,
        title="元宝山区停车管理办法（修订）",
        issuer="元宝山区人民政府",
        amends=str(old),
        file=text(ctx),
    )
    assert second["supersedes_id"] == old
    with pytest.raises(Refused) as twice:
        new_document(ctx, title="另一修订稿", issuer="元宝山区人民政府", amends=str(old))
    assert twice.value.rule == "amend-once" and f"document {second['id']}" in str(twice.value)
    walk(ctx, str(second["id"]), "元政发〔2026〕9号", date(2026, 5, 4), "promulgated")
    assert show_document(ctx, str(old), date(2026, 11, 27))["validity"] == "superseded"
    assert verify_record(ctx).ok


def test_only_a_document_in_force_can_be_amended(ctx):
    draft = new_document(ctx, title="草案", issuer="元宝山区人民政府")["id"]
    with pytest.raises(Refused) as refused:
        new_document(ctx, title="修订稿", issuer="元宝山区人民政府", amends=str(draft))
    assert refused.value.rule == "amend-needs-document-in-force"


def test_refiling_keeps_the_first_filing_and_clears_the_deadline(ctx):
    doc = str(
        new_document(ctx, title="元宝山区某管理规定", issuer="元宝山区人民政府", file=text(ctx))[
            "id"
        ]
    )
    walk(ctx, doc, "元政发〔2026〕3号", date(2026, 3, 2), "promulgated")  # published 03-20
    advance(ctx, doc, step_of(Action.FILE, date(2026, 5, 1), materials="incomplete"))
    advance(ctx, doc, step_of(Action.DECIDE_FILING, date(2026, 5, 6), outcome="deferred"))
    assert show_document(ctx, doc)["refile_due_on"] == "2026-05-21"
    advance(ctx, doc, step_of(Action.FILE, date(2026, 5, 20), materials="complete"))
    advance(ctx, doc, step_of(Action.DECIDE_FILING, date(2026, 5, 25), outcome="accepted"))
    shown = show_document(ctx, doc)
    assert (shown["filed_on"], shown["filed_late"], shown["materials"]) == (
        "2026-05-01",
        True,
        "incomplete",
    )
    assert (shown["refiled_on"], shown["refiled_late"]) == ("2026-05-20", False)
    assert shown["refile_due_on"] is None
    assert shown["stage"] == "filing_accepted"


def test_a_correction_carried_out_still_counts_as_correction_in_the_years_figures(ctx):
    """纠错率 counts the filings the authority asked to correct (or revoked), even after the
    issuer corrected the document and refiled it and it was accepted; a report as of an earlier
    day shows the outcome of that day."""
    from normdocs.domain.stages import FilingOutcome
    from normdocs.domain.steps import DecideFiling, File
    from normdocs.services import reports

    doc = new_document(ctx, title="元宝山区收费管理办法", issuer="元宝山区人民政府", file=text(ctx))
    ref = str(doc["id"])
    walk(ctx, ref, "元政发〔2026〕4号", date(2026, 3, 2), "correction_required")  # 2026-04-16

    def figures(day):
        data = reports.read(ctx, reports.stats(2026, day)).data["total"]
        counts = {k: data["counts"][f"filing_{k}"] for k in ("accepted", "correction")}
        rate = data["rates"]["correction_rate"]
        return counts, (rate["numerator"], rate["denominator"])

    assert figures(date(2026, 5, 31)) == ({"accepted": 0, "correction": 1}, (1, 1))
    advance(ctx, ref, File(date(2026, 6, 10)))
    advance(ctx, ref, DecideFiling(date(2026, 6, 20), FilingOutcome.ACCEPTED))
    # Today: accepted, and still one correction in the year's 纠错.
    assert figures(date(2026, 11, 27)) == ({"accepted": 1, "correction": 0}, (1, 1))
    # As of the end of May the outcome was the request to correct.
    assert figures(date(2026, 5, 31)) == ({"accepted": 0, "correction": 1}, (1, 1))
    # --explain lists the document behind 纠错率 as the figures count it.
    explained = reports.read(ctx, reports.explain(2026, date(2026, 11, 27), "纠错率", [])).data
    assert [d["document_id"] for d in explained["numerator"]] == [doc["id"]]


def test_a_document_a_cleanup_repeals_later_cannot_be_amended_and_says_why(ctx):
    """A repeal decided now to take effect later: the document is in force until then, and an
    amended version is refused saying it is to end on that day (not that it is in force)."""
    from normdocs.services.cleanup import close, decide, start_campaign

    old = new_document(
        ctx, title="元宝山区停车管理办法", issuer="元宝山区人民政府", file=text(ctx)
    )["id"]
    walk(ctx, str(old), "元政发〔2024〕5号", date(2024, 3, 1), "promulgated")
    campaign = start_campaign(ctx, kind="periodic", issuer="元宝山区人民政府", name="2026年清理")
    decide(ctx, str(campaign["id"]), str(old), outcome="repeal", reason="不再适用",
           on=date(2027, 6, 30))  # fmt: skip
    close(ctx, str(campaign["id"]))
    assert show_document(ctx, str(old))["validity"] == "in_force"
    with pytest.raises(Refused) as refused:
        new_document(ctx, title="修订稿", issuer="元宝山区人民政府", amends=str(old))
    assert str(refused.value) == (
        f"{old} is to end on 2027-06-30 (repealed): an amended version cannot replace a document"
        " that ends"
    )


def test_a_first_step_dated_long_before_the_draft_was_registered_is_questioned(ctx):
    """A review submitted "1900-01-01" (a mistyped year) is recorded, as a draft may be
    registered late, with a warning to check the date — and one warning for the years outside
    the holiday calendar, not one a year."""
    from normdocs.domain.steps import SubmitReview

    doc = new_document(ctx, title="元宝山区停车管理办法", issuer="元宝山区人民政府", file=text(ctx))
    result = advance(ctx, str(doc["id"]), SubmitReview(date(1900, 1, 1)))
    questioned = [w for w in result.warnings if "check the date" in w]
    assert questioned == [
        f"review.submit is dated 1900-01-01, more than ten years before the draft was registered "
        f"on {ctx.now().date()}: check the date"
    ]
    calendar = [w for w in ctx.warnings if "outside the holiday calendar" in w]
    assert len(calendar) <= 1
    # A submission before the draft was registered, even a year before, is not questioned.
    other = new_document(
        ctx, title="元宝山区停车收费办法", issuer="元宝山区人民政府", file=text(ctx)
    )
    assert advance(ctx, str(other["id"]), SubmitReview(date(2025, 9, 26))).warnings == []
