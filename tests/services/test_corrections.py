"""`doc correct` (更正) and `doc withdraw` (撤回) through the console script: a correction changes
exactly the named fact and what the step derived from it, with one event; a refused one changes
nothing; a withdrawn draft leaves every list but its own, and the record still verifies."""

import json
import sqlite3
from datetime import date, timedelta
from typing import Any

import pytest

from console import console
from normdocs.domain.stages import Stage
from normdocs.domain.validity import expiry_after

pytestmark = pytest.mark.slow
Registry = Any  # tests/conftest.py's Registry


def run(registry: Registry, *args: str, expect: int | None = 0) -> Any:
    return console(registry.path.parent, registry.path)(*args, expect=expect)


def document_row(registry: Registry, document_id: int) -> dict[str, Any]:
    con = sqlite3.connect(registry.path)
    con.row_factory = sqlite3.Row
    try:
        row = con.execute("SELECT * FROM document WHERE id = ?", (document_id,)).fetchone()
        return dict(row)
    finally:
        con.close()


def events_of(registry: Registry, document_id: int) -> list[dict[str, Any]]:
    con = sqlite3.connect(registry.path)
    con.row_factory = sqlite3.Row
    try:
        rows = con.execute(
            "SELECT * FROM event WHERE document_id = ? ORDER BY id", (document_id,)
        ).fetchall()
        return [{**dict(r), "details": json.loads(r["details"])} for r in rows]
    finally:
        con.close()


def changed_columns(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {k: after[k] for k in after if after[k] != before[k]}


def other_tables_unchanged(
    before: dict[str, list[Any]], after: dict[str, list[Any]], *changed: str
) -> None:
    for table in before:
        if table not in ("document", "event", "record_head", *changed):
            assert after[table] == before[table], table


def assert_verifies(registry: Registry) -> None:
    result = run(registry, "verify")
    assert result.out.startswith("record intact")


# --- a correction changes the named fact and what follows from it --------------------------


def test_a_corrected_publication_date_derives_what_publication_derived(registry_at: Any) -> None:
    registry, doc = registry_at("department", Stage.FILED)
    before_row = document_row(registry, doc.id)
    before = registry.snapshot()
    events = len(events_of(registry, doc.id))

    run(
        registry, "doc", "correct", doc.ref, "--date-of", "publish", "2026-03-19",
        "--date-of", "file", "2026-04-20", "--reason", "公布和报备日期误录",
    )  # fmt: skip
    published, filed = date(2026, 3, 19), date(2026, 4, 20)
    due = published + timedelta(days=30)
    assert changed_columns(before_row, document_row(registry, doc.id)) == {
        "promulgated_on": published.isoformat(),
        "effective_on": published.isoformat(),  # it followed publication, and still does
        "expires_on": expiry_after(published, 5).isoformat(),
        "filing_due_on": due.isoformat(),
        "filed_on": filed.isoformat(),
        "filed_late": 1,  # 2026-04-20 is after the corrected deadline 2026-04-18
    }
    assert filed > due
    after = registry.snapshot()
    other_tables_unchanged(before, after)
    recorded = events_of(registry, doc.id)
    assert len(recorded) == events + 1
    event = recorded[-1]
    assert (event["action"], event["on_date"], event["actor"]) == (
        "document.corrected",
        "2026-11-27",
        "clerk",
    )
    assert event["details"]["reason"] == "公布和报备日期误录"
    assert event["details"]["corrected"] == {
        "promulgated_on": {"before": "2026-03-20", "after": "2026-03-19"},
        "filed_on": {"before": "2026-04-01", "after": "2026-04-20"},
    }
    assert_verifies(registry)
    table = run(registry, "doc", "history", doc.ref).out
    # The table wraps long details over several lines of its cell: read it without the frame.
    history = "".join(ch for ch in table if not ch.isspace() and ch not in "│┃")
    assert "promulgated_on:2026-03-20→2026-03-19" in history
    assert "filing_due_on:2026-04-19→2026-04-18" in history
    assert "reason:公布和报备日期误录" in history


def test_a_corrected_step_date_is_the_one_later_steps_follow(registry_at: Any) -> None:
    """The filing was recorded on the 20th by mistake; once corrected to the 2nd, the filing
    decision of the 10th is in order."""
    registry, doc = registry_at("government", Stage.PROMULGATED)
    run(registry, "file", doc.ref, "--date", "2026-04-20")
    run(
        registry, "filing", "decide", doc.ref, "--outcome", "accepted", "--date", "2026-04-10",
        expect=1,
    )  # fmt: skip
    run(registry, "doc", "correct", doc.ref, "--date-of", "file", "2026-04-02", "--reason", "误录")
    assert document_row(registry, doc.id)["filed_on"] == "2026-04-02"
    run(registry, "filing", "decide", doc.ref, "--outcome", "accepted", "--date", "2026-04-10")
    assert_verifies(registry)


def test_title_and_number_are_corrected_normalised_and_found(registry_at: Any) -> None:
    registry, doc = registry_at("department", Stage.FILING_ACCEPTED)
    before_row = document_row(registry, doc.id)
    before = registry.snapshot()
    run(
        registry, "doc", "correct", doc.ref, "--title", "元宝山区教育局关于加强校园食品安全管理的通知",
        "--number", "元教发[2026]77号", "--reason", "标题、文号误录",
    )  # fmt: skip
    assert changed_columns(before_row, document_row(registry, doc.id)) == {
        "title": "元宝山区教育局关于加强校园食品安全管理的通知",
        "doc_number": "元教发〔2026〕77号",
    }
    after = registry.snapshot()
    # The search index follows the title (its tables are the only others that change).
    changed = [t for t in before if after[t] != before[t]]
    assert {"document", "event", "record_head"} <= set(changed)
    assert all(
        t in ("document", "event", "record_head") or t.startswith("search_index") for t in changed
    ), changed
    shown = json.loads(run(registry, "doc", "show", "元教发〔2026〕77号", "-f", "json").out)
    assert shown["id"] == doc.id
    found = run(registry, "search", "食品安全", "-f", "json").out
    assert [d["id"] for d in json.loads(found)] == [doc.id]
    assert_verifies(registry)


REFUSALS = [
    (("--date-of", "sign", "2026-12-01"), "date-after-today", "after today (2026-11-27)"),
    (("--date-of", "sign", "2026-03-25"), "date-order", "must keep their order"),
    (("--date-of", "review", "2026-03-04"), "review-minimum-days", "2 working days"),
    (("--issuer", "元宝山区人民政府"), "meeting-type", "leadership"),
    (("--number", "元政发〔2026〕3号"), "doc-number-code", "元政发"),
    (("--date-of", "signature", "2026-03-17"), None, "unknown step signature"),
    (("--title", "  "), None, "a document needs a title"),
    ((), None, "nothing to correct"),
]


@pytest.mark.parametrize(("given", "rule", "words"), REFUSALS)
def test_a_correction_that_breaks_a_rule_changes_nothing(
    registry_at: Any, given: tuple[str, ...], rule: str | None, words: str
) -> None:
    registry, doc = registry_at("department", Stage.FILED)
    before = registry.snapshot()
    result = run(registry, "doc", "correct", doc.ref, *given, "--reason", "更正", expect=1)
    assert words in result.err
    if rule is not None:
        assert result.err.startswith(f"Refused [{rule}]: ")
    assert len(result.err.strip().splitlines()) == 1
    # The hint names what doc correct can do, never an option of the step it has not.
    assert "--emergency" not in result.err and "--type" not in result.err
    assert registry.snapshot() == before


def test_a_number_another_document_uses_is_refused(registry_at: Any) -> None:
    registry, doc = registry_at("department", Stage.FILED)
    other = registry.bring_to(registry.issuers["department"], Stage.PROMULGATED)
    number = document_row(registry, other.id)["doc_number"]
    before = registry.snapshot()
    result = run(registry, "doc", "correct", doc.ref, "--number", number, "--reason", "x", expect=1)
    assert f"{number} is already used by document {other.id}" in result.err
    assert registry.snapshot() == before


def test_a_correction_needs_a_reason(registry_at: Any) -> None:
    registry, doc = registry_at("department", Stage.FILED)
    before = registry.snapshot()
    run(registry, "doc", "correct", doc.ref, "--title", "新标题", expect=2)
    result = run(
        registry, "doc", "correct", doc.ref, "--title", "新标题", "--reason", " ", expect=1
    )
    assert "a correction needs its reason" in result.err
    assert registry.snapshot() == before


# --- withdrawal -------------------------------------------------------------------------------


def test_a_withdrawn_draft_leaves_every_list_but_its_own(registry_at: Any) -> None:
    registry, doc = registry_at("government", Stage.UNDER_REVIEW)
    kept = registry.bring_to(registry.issuers["department"], Stage.FILED)
    audit_before = json.loads(run(registry, "audit", "-f", "json", expect=None).out)
    assert any(f["document_id"] == doc.id for f in audit_before)  # the review is overdue
    before_row = document_row(registry, doc.id)
    events = len(events_of(registry, doc.id))

    result = run(registry, "doc", "withdraw", doc.ref, "--reason", "起草单位撤回")
    assert result.err.strip() == f"Document {doc.id} withdrawn (撤回); its record is kept."
    assert changed_columns(before_row, document_row(registry, doc.id)) == {"stage": "withdrawn"}
    recorded = events_of(registry, doc.id)
    assert len(recorded) == events + 1
    assert (recorded[-1]["action"], recorded[-1]["from_stage"], recorded[-1]["to_stage"]) == (
        "document.withdrawn",
        "under_review",
        "withdrawn",
    )
    assert recorded[-1]["details"] == {"reason": "起草单位撤回"}

    listed = json.loads(run(registry, "doc", "list", "-f", "json").out)
    assert [d["id"] for d in listed] == [kept.id]
    withdrawn = json.loads(run(registry, "doc", "list", "--stage", "withdrawn", "-f", "json").out)
    assert [d["id"] for d in withdrawn] == [doc.id]
    audit_after = json.loads(run(registry, "audit", "-f", "json", expect=None).out)
    assert not any(f["document_id"] == doc.id for f in audit_after)
    history = json.loads(run(registry, "doc", "history", doc.ref, "-f", "json").out)
    assert len(history) == events + 1
    refused = run(registry, "review", "decide", doc.ref, "--outcome", "lawful", "--opinion", "ok",
                  expect=1)  # fmt: skip
    assert "while the document is withdrawn" in refused.err
    assert_verifies(registry)


def test_a_promulgated_document_is_not_withdrawn_but_repealed_through_cleanup(
    registry_at: Any,
) -> None:
    registry, doc = registry_at("department", Stage.PROMULGATED)
    before = registry.snapshot()
    result = run(registry, "doc", "withdraw", doc.ref, "--reason", "撤回", expect=1)
    assert result.err.startswith("Refused [withdraw-before-promulgation]: ")
    assert "normdocs cleanup decide" in result.err
    assert registry.snapshot() == before


def test_a_document_is_withdrawn_once(registry_at: Any) -> None:
    registry, doc = registry_at("department", Stage.DRAFTING)
    run(registry, "doc", "withdraw", doc.ref, "--reason", "撤回")
    before = registry.snapshot()
    result = run(registry, "doc", "withdraw", doc.ref, "--reason", "撤回", expect=1)
    assert result.err.startswith("Refused [withdrawn-once]: ")
    result = run(
        registry, "doc", "correct", doc.ref, "--title", "新标题", "--reason", "x", expect=1
    )
    assert result.err.startswith("Refused [withdrawn-kept]: ")
    assert registry.snapshot() == before


def test_the_effective_date_of_an_amended_version_is_not_moved_alone(registry_at: Any) -> None:
    """The version it amends ended on that day (document.superseded): a correction that would
    move it is refused, and names both documents."""
    from normdocs.services.demo import demo_steps
    from normdocs.services.documents import new_document
    from normdocs.services.procedure import advance

    registry, old = registry_at("department", Stage.FILING_ACCEPTED)
    issuer = registry.issuers["department"]
    text = registry.path.parent / "amended.txt"
    text.write_text("第一条 为加强管理，制定本办法（修订）。\n", encoding="utf-8")
    view = new_document(
        registry.ctx, title="关于加强校园安全管理的通知（修订）", issuer=issuer.name, file=text,
        amends=old.ref,
    )  # fmt: skip
    for step in demo_steps(
        issuer.level, issuer.head, f"{issuer.code}〔2026〕88号", date(2026, 5, 4), "promulgated"
    ):
        advance(registry.ctx, str(view["id"]), step)
    published = document_row(registry, view["id"])["promulgated_on"]
    before = registry.snapshot()
    earlier = (date.fromisoformat(published) - timedelta(days=1)).isoformat()
    result = run(
        registry, "doc", "correct", str(view["id"]), "--date-of", "publish", earlier,
        "--reason", "误录", expect=1,
    )  # fmt: skip
    assert result.err.startswith("Refused [supersession-recorded]: ")
    assert f"superseded document {old.id}" in result.err
    assert registry.snapshot() == before


# --- an imported document's default expiry follows its corrected dates --------------------


def test_an_imported_documents_default_expiry_follows_its_corrected_dates(
    registry: Registry,
) -> None:
    register = registry.path.parent / "登记册.csv"
    register.write_text(
        "文件名称,发文字号,发文机关,发布日期,施行日期,有效期\n"
        "关于加强城区管理的通知,元政发〔2024〕3号,元宝山区人民政府,2024-02-20,2024-03-01,\n"
        "关于规范物业管理的通知,元政发〔2024〕4号,元宝山区人民政府,2024-02-20,2024-03-01,"
        "2026-12-31\n"
        "关于城区停车管理的暂行办法,元政发〔2024〕5号,元宝山区人民政府,2024-02-20,"
        "2024-03-01,\n",
        encoding="utf-8",
    )
    run(registry, "import", "--create-issuers", str(register))
    default, stated, interim = 1, 2, 3
    assert document_row(registry, default)["expires_on"] == "2029-02-28"  # 5 years: the default
    assert document_row(registry, interim)["expires_on"] == "2026-02-28"  # 2 for 暂行

    run(registry, "doc", "correct", "1", "--date-of", "effective", "2024-04-01", "--reason", "误录")
    run(registry, "doc", "correct", "3", "--date-of", "effective", "2024-04-01", "--reason", "误录")
    run(registry, "doc", "correct", "2", "--date-of", "effective", "2024-04-01", "--reason", "误录")
    assert document_row(registry, default)["expires_on"] == "2029-03-31"
    assert document_row(registry, interim)["expires_on"] == "2026-03-31"
    # A validity the register stated is a fact of its own: a corrected effective date keeps it.
    assert document_row(registry, stated)["expires_on"] == "2026-12-31"
    event = events_of(registry, default)[-1]
    assert event["details"]["before"]["expires_on"] == "2029-02-28"
    assert event["details"]["after"]["expires_on"] == "2029-03-31"

    # Before the profile's default_applies_from, a document that states no validity keeps none.
    run(registry, "doc", "correct", "1", "--date-of", "publish", "2018-01-10", "--reason", "误录")
    assert document_row(registry, default)["expires_on"] is None
    assert_verifies(registry)
