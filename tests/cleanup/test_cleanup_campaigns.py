"""Cleanup campaigns through the services: scope, decisions, refusals (with the registry left as
it was), closing with every outcome's effect on validity, and the record it leaves."""

import json
from datetime import date
from typing import Any

import pytest

from normdocs.domain.errors import ExitCode, InvalidInput, NormdocsError, NotFound, Refused
from normdocs.services.cleanup import (
    campaign_status,
    close,
    decide,
    list_campaigns,
    start_campaign,
)
from normdocs.services.documents import show_document
from normdocs.services.registry import verify_record

TODAY = date(2026, 11, 27)


def rows(reg: Any, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    import sqlite3

    con = sqlite3.connect(reg.path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def refused(reg: Any, call: Any, kind: type[NormdocsError] = Refused) -> NormdocsError:
    """Run a call that must fail with `kind`, exit 1, and leave every table as it was."""
    before = reg.snapshot()
    with pytest.raises(kind) as caught:
        call()
    assert caught.value.exit_code == ExitCode.REFUSED
    assert reg.snapshot() == before
    return caught.value


def items_of(reg: Any, campaign: int) -> dict[int, str | None]:
    report = campaign_status(reg.ctx, str(campaign))
    return {i["document_id"]: i["outcome"] for i in report.items}


def validity(reg: Any, doc: int, on: date) -> str:
    return str(show_document(reg.ctx, str(doc), on)["validity"])


def document_columns(reg: Any, doc: int) -> tuple[Any, ...]:
    return rows(
        reg,
        "SELECT last_cleanup_on, awaiting_amendment, ended_on, end_reason, expires_on, stage"
        " FROM document WHERE id = ?",
        doc,
    )[0]


# --- periodic scope -----------------------------------------------------------------------


def test_periodic_campaign_takes_every_document_in_force_or_pending(reg, corpus):
    view = start_campaign(reg.ctx, kind="periodic")
    assert view["kind"] == "periodic" and view["status"] == "open"
    assert view["started_on"] == "2026-11-27" and view["name"] == "2026年定期清理"
    # Not the expired one, not the revoked one, not the draft.
    assert set(items_of(reg, view["id"])) == corpus.in_force_or_pending
    assert view["documents"] == 5 and view["undecided"] == 5


def test_periodic_campaign_of_one_issuer(reg, corpus):
    view = start_campaign(
        reg.ctx, kind="periodic", issuer="元宝山区教育局", name="教育局2026年清理"
    )
    assert view["issuer"] == "元宝山区教育局" and view["name"] == "教育局2026年清理"
    assert set(items_of(reg, view["id"])) == {corpus.dept_in_force, corpus.dept_interim}


def test_periodic_scope_is_the_documents_in_force_on_the_start_date(reg, corpus):
    # On 2025-01-01 only the 2020 document was in force; the 2026 ones were not promulgated.
    view = start_campaign(reg.ctx, kind="periodic", on=date(2025, 1, 1))
    assert set(items_of(reg, view["id"])) == {corpus.gov_expired}


def test_documents_already_in_an_open_campaign_are_left_out(reg, corpus):
    first = start_campaign(reg.ctx, kind="periodic", issuer="元宝山区教育局")
    second = start_campaign(reg.ctx, kind="periodic")
    assert set(items_of(reg, second["id"])) == corpus.in_force_or_pending - set(
        items_of(reg, first["id"])
    )
    assert any(
        "2 documents in force are already in an open campaign" in w for w in reg.ctx.warnings
    )


def test_periodic_campaign_with_nothing_in_force_is_refused(reg):
    error = refused(reg, lambda: start_campaign(reg.ctx, kind="periodic", on=date(2010, 1, 1)))
    assert error.rule == "cleanup-nothing-in-scope"  # type: ignore[attr-defined]
    assert "no document is in force on 2010-01-01" in str(error.message)


@pytest.mark.parametrize(
    ("kwargs", "kind", "text"),
    [
        ({"kind": "yearly"}, InvalidInput, "unknown campaign kind"),
        ({"kind": "periodic", "issuer": "不存在的局"}, NotFound, "no agency named 不存在的局"),
        ({"kind": "periodic", "law": "行政处罚法"}, InvalidInput, "--law is for an instant"),
        ({"kind": "instant"}, InvalidInput, "needs the law"),
        ({"kind": "instant", "law": "不存在法"}, NotFound, "no law 不存在法 in the registry"),
    ],
)
def test_start_refusals_change_nothing(reg, kwargs, kind, text):
    error = refused(reg, lambda: start_campaign(reg.ctx, **kwargs), kind)
    assert text in str(error.message)


# --- instant scope ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    ["中华人民共和国行政处罚法", "《中华人民共和国行政处罚法》", "行政处罚法", "《行政处罚法》"],
)
def test_instant_campaign_takes_exactly_the_flagged_documents(reg, corpus, title):
    view = start_campaign(reg.ctx, kind="instant", law=title)
    # Flagged under either version of the law; dept_interim rests on it but was not flagged.
    assert set(items_of(reg, view["id"])) == {corpus.gov_in_force, corpus.dept_in_force}
    assert view["kind"] == "instant" and view["law"] == "中华人民共和国行政处罚法"
    assert view["name"] == "即时清理：《中华人民共和国行政处罚法》"
    flags = rows(reg, "SELECT law_id, document_id, campaign_id FROM cleanup_flag ORDER BY id")
    assert flags == [
        (corpus.penalty_law_2017, corpus.gov_in_force, view["id"]),
        (corpus.penalty_law_2021, corpus.dept_in_force, view["id"]),
        (corpus.penalty_law_2021, corpus.dept_in_force, view["id"]),
        (corpus.air_law, corpus.gov_accepted, None),
    ]


def test_instant_campaign_of_one_issuer_leaves_the_other_flags(reg, corpus):
    view = start_campaign(reg.ctx, kind="instant", law="行政处罚法", issuer="元宝山区教育局")
    assert set(items_of(reg, view["id"])) == {corpus.dept_in_force}
    later = start_campaign(reg.ctx, kind="instant", law="行政处罚法")
    assert set(items_of(reg, later["id"])) == {corpus.gov_in_force}


def test_flags_taken_by_a_campaign_are_not_taken_again(reg):
    start_campaign(reg.ctx, kind="instant", law="行政处罚法")
    error = refused(reg, lambda: start_campaign(reg.ctx, kind="instant", law="行政处罚法"))
    assert error.rule == "cleanup-nothing-flagged"  # type: ignore[attr-defined]
    assert "no document is flagged for instant cleanup after a change of" in str(error.message)
    assert "《中华人民共和国行政处罚法》" in str(error.message)


def test_instant_campaign_warns_about_documents_also_in_an_open_campaign(reg, corpus):
    start_campaign(reg.ctx, kind="periodic")
    view = start_campaign(reg.ctx, kind="instant", law="大气污染防治法")
    assert set(items_of(reg, view["id"])) == {corpus.gov_accepted}
    assert any(f"documents {corpus.gov_accepted} are also in" in w for w in reg.ctx.warnings)


# --- decisions ----------------------------------------------------------------------------


def test_deciding_again_replaces_the_decision_and_records_both(reg, corpus):
    campaign = start_campaign(reg.ctx, kind="periodic")["id"]
    doc = corpus.gov_in_force
    decide(reg.ctx, str(campaign), str(doc), outcome="repeal", reason="上位法已废止")
    item = decide(
        reg.ctx, str(campaign), f"元政发〔2026〕{doc}号", outcome="继续有效", reason="仍需执行"
    )
    assert item["outcome"] == "retain" and item["outcome_label"] == "继续有效"
    assert item["reason"] == "仍需执行" and item["effective_on"] == "2026-11-27"
    assert items_of(reg, campaign)[doc] == "retain"
    decisions = [e for e in reg.events(doc) if e["action"] == "cleanup.decide"]
    assert [d["details"]["outcome"] for d in decisions] == ["repeal", "retain"]
    assert decisions[1]["details"]["replaces"] == "repeal"
    # Deciding changes no dated fact of the document: only closing does.
    assert document_columns(reg, doc)[:4] == (None, 0, None, None)


@pytest.mark.parametrize(
    ("case", "kind", "text"),
    [
        ("not in campaign", Refused, "is not in campaign"),
        ("no reason", InvalidInput, "needs a reason"),
        ("blank reason", InvalidInput, "needs a reason"),
        ("expiry too late", Refused, "no later than 2031-11-26"),
        ("expiry not retain", InvalidInput, "--expires sets the new expiry"),
        ("unknown outcome", InvalidInput, "unknown cleanup outcome"),
        ("unknown campaign", NotFound, "no cleanup campaign 99"),
        ("unknown document", NotFound, "no document 9999"),
        ("before promulgation", Refused, "before document"),
    ],
)
def test_decide_refusals_change_nothing(reg, corpus, case, kind, text):
    campaign = str(start_campaign(reg.ctx, kind="periodic", issuer="元宝山区人民政府")["id"])
    doc = str(corpus.gov_in_force)
    args: dict[str, Any] = {"outcome": "retain", "reason": "继续执行"}
    ref = doc
    if case == "not in campaign":
        ref = str(corpus.dept_in_force)
    elif case == "no reason":
        args["reason"] = None
    elif case == "blank reason":
        args["reason"] = "  "
    elif case == "expiry too late":
        args["expires"] = date(2031, 11, 27)
    elif case == "expiry not retain":
        args.update(outcome="amend", expires=date(2030, 1, 1))
    elif case == "unknown outcome":
        args["outcome"] = "keep"
    elif case == "unknown campaign":
        campaign = "99"
    elif case == "unknown document":
        ref = "9999"
    elif case == "before promulgation":
        args.update(outcome="repeal", on=date(2026, 3, 19))
    error = refused(reg, lambda: decide(reg.ctx, campaign, ref, **args), kind)
    assert text in str(error.message)


def test_a_new_expiry_up_to_the_maximum_is_accepted(reg, corpus):
    campaign = str(start_campaign(reg.ctx, kind="periodic")["id"])
    item = decide(
        reg.ctx,
        campaign,
        str(corpus.gov_in_force),
        outcome="retain",
        reason="继续执行",
        expires=date(2031, 11, 26),
    )
    assert item["new_expires_on"] == "2031-11-26"
    # 暂行: two years from the decision.
    error = refused(
        reg,
        lambda: decide(
            reg.ctx,
            campaign,
            str(corpus.dept_interim),
            outcome="retain",
            reason="继续执行",
            expires=date(2028, 11, 27),
        ),
    )
    assert "no later than 2028-11-26 (2 years" in str(error.message)


def test_a_retroactive_decision_warns(reg, corpus):
    campaign = str(start_campaign(reg.ctx, kind="periodic")["id"])
    decide(
        reg.ctx,
        campaign,
        str(corpus.gov_in_force),
        outcome="repeal",
        reason="r",
        on=date(2026, 6, 1),
    )
    assert any("a retroactive decision" in w for w in reg.ctx.warnings)


# --- closing ------------------------------------------------------------------------------


def test_close_is_refused_while_documents_are_undecided_and_names_them(reg, corpus):
    campaign = str(start_campaign(reg.ctx, kind="periodic")["id"])
    decide(reg.ctx, campaign, str(corpus.gov_in_force), outcome="retain", reason="继续执行")
    decide(reg.ctx, campaign, str(corpus.gov_accepted), outcome="repeal", reason="已无必要")
    error = refused(reg, lambda: close(reg.ctx, campaign))
    assert error.rule == "cleanup-undecided"  # type: ignore[attr-defined]
    assert "3 documents are undecided" in str(error.message)
    for doc in (corpus.dept_in_force, corpus.dept_interim, corpus.gov_pending):
        number = show_document(reg.ctx, str(doc))["doc_number"]
        assert f"{doc} {number} " in str(error.message)
    assert "元宝山区校外培训机构管理暂行办法" in str(error.message)
    assert str(corpus.gov_in_force) + " " not in str(error.message).split("undecided:")[1]
    assert f"cleanup status {campaign} --undecided" in str(error.hint or "")


def test_close_applies_every_outcome_in_one_go(reg, corpus):
    campaign = start_campaign(reg.ctx, kind="periodic", on=date(2026, 11, 20))["id"]
    ref = str(campaign)
    effective = date(2026, 12, 15)
    decide(
        reg.ctx,
        ref,
        str(corpus.gov_in_force),
        outcome="repeal",
        reason="上位法已废止",
        on=effective,
    )
    decide(
        reg.ctx,
        ref,
        str(corpus.gov_accepted),
        outcome="宣布失效",
        reason="调整对象已消失",
        on=effective,
    )
    decide(
        reg.ctx,
        ref,
        str(corpus.dept_in_force),
        outcome="amend",
        reason="上位法已修改",
        on=effective,
    )
    decide(
        reg.ctx,
        ref,
        str(corpus.dept_interim),
        outcome="retain",
        reason="继续执行",
        on=effective,
        expires=date(2028, 12, 14),
    )
    decide(reg.ctx, ref, str(corpus.gov_pending), outcome="retain", reason="尚未施行，继续有效")
    events_before = reg.event_count()

    reg.ctx.today_override = date(2026, 12, 10)  # a campaign closes on a day that has come
    view = close(reg.ctx, ref, on=date(2026, 12, 10))

    assert view["status"] == "closed" and view["closed_on"] == "2026-12-10"
    assert (view["retain"], view["amend"], view["repeal"], view["invalidate"]) == (2, 1, 1, 1)
    assert reg.event_count() == events_before + 6

    # Repealed and invalidated: in force the day before the effective date, ended from it on.
    for doc, ended in ((corpus.gov_in_force, "repealed"), (corpus.gov_accepted, "invalidated")):
        assert validity(reg, doc, date(2026, 12, 14)) == "in_force"
        assert validity(reg, doc, effective) == ended
        assert validity(reg, doc, date(2032, 1, 1)) == ended
        assert document_columns(reg, doc)[:4] == ("2026-12-10", 0, "2026-12-15", ended)
    # Amend: stays in force, awaiting its amended version.
    assert validity(reg, corpus.dept_in_force, date(2027, 6, 1)) == "in_force"
    assert document_columns(reg, corpus.dept_in_force)[:4] == ("2026-12-10", 1, None, None)
    # Retained with a new expiry: in force past its old expiry (2028-03-19) until the new one.
    assert validity(reg, corpus.dept_interim, date(2028, 6, 1)) == "in_force"
    assert validity(reg, corpus.dept_interim, date(2028, 12, 14)) == "in_force"
    assert validity(reg, corpus.dept_interim, date(2028, 12, 15)) == "expired"
    assert document_columns(reg, corpus.dept_interim)[4] == "2028-12-14"
    # Retained without a new expiry: unchanged but for the cleanup date.
    pending = document_columns(reg, corpus.gov_pending)
    assert pending[0] == "2026-12-10" and pending[4] == "2031-12-31"
    assert validity(reg, corpus.gov_pending, date(2026, 12, 31)) == "pending"

    # Outside the campaign nothing changed.
    assert document_columns(reg, corpus.gov_expired)[:4] == (None, 0, None, None)
    assert list_campaigns(reg.ctx, status="closed")[0]["id"] == campaign
    assert list_campaigns(reg.ctx, status="open") == []
    assert verify_record(reg.ctx).ok


def test_close_records_one_event_per_document_and_one_for_the_campaign(reg, corpus):
    campaign = start_campaign(reg.ctx, kind="instant", law="行政处罚法")["id"]
    decide(reg.ctx, str(campaign), str(corpus.gov_in_force), outcome="amend", reason="依新法修订")
    decide(reg.ctx, str(campaign), str(corpus.dept_in_force), outcome="repeal", reason="不再适用")
    close(reg.ctx, str(campaign))

    events = rows(
        reg,
        "SELECT action, document_id, on_date, from_stage, to_stage, details FROM event"
        " WHERE action LIKE 'cleanup.%' AND action != 'cleanup.decide' ORDER BY id",
    )
    start, amend, repeal, closing = events
    assert start[:2] == ("cleanup.start", None)
    started = json.loads(start[5])
    assert started["document_ids"] == [corpus.gov_in_force, corpus.dept_in_force]
    assert started["law"] == "中华人民共和国行政处罚法" and len(started["flag_ids"]) == 3
    assert amend[:5] == (
        "cleanup.amend",
        corpus.gov_in_force,
        "2026-11-27",
        "promulgated",
        "promulgated",
    )
    details = json.loads(repeal[5])
    assert repeal[:2] == ("cleanup.repeal", corpus.dept_in_force)
    assert details["campaign_id"] == campaign and details["reason"] == "不再适用"
    assert details["effective_on"] == "2026-11-27" and details["closed_on"] == "2026-11-27"
    assert details["changes"]["end_reason"] == "repealed"
    assert closing[:2] == ("cleanup.close", None)
    summary = json.loads(closing[5])
    assert (summary["documents"], summary["amend"], summary["repeal"]) == (2, 1, 1)


def test_a_closed_campaign_refuses_decisions_and_a_second_close(reg, corpus):
    campaign = str(start_campaign(reg.ctx, kind="instant", law="大气污染防治法")["id"])
    decide(reg.ctx, campaign, str(corpus.gov_accepted), outcome="retain", reason="继续执行")
    close(reg.ctx, campaign)
    for call in (
        lambda: close(reg.ctx, campaign),
        lambda: decide(reg.ctx, campaign, str(corpus.gov_accepted), outcome="repeal", reason="r"),
    ):
        error = refused(reg, call)
        assert error.rule == "cleanup-campaign-closed"  # type: ignore[attr-defined]
        assert "was closed on 2026-11-27" in str(error.message)


def test_close_before_the_start_is_refused(reg, corpus):
    campaign = str(start_campaign(reg.ctx, kind="instant", law="大气污染防治法")["id"])
    decide(reg.ctx, campaign, str(corpus.gov_accepted), outcome="retain", reason="继续执行")
    error = refused(reg, lambda: close(reg.ctx, campaign, on=date(2026, 11, 26)))
    assert "before it started on 2026-11-27" in str(error.message)


def test_a_campaign_is_found_by_its_name(reg, corpus):
    start_campaign(reg.ctx, kind="periodic", issuer="元宝山区教育局", name="教育局清理")
    report = campaign_status(reg.ctx, "教育局清理", undecided_only=True)
    assert report.campaign["name"] == "教育局清理" and len(report.items) == 2
    start_campaign(reg.ctx, kind="instant", law="行政处罚法", name="教育局清理")
    error = refused(reg, lambda: campaign_status(reg.ctx, "教育局清理"))
    assert "more than one campaign is named 教育局清理" in str(error.message)


def test_an_amendment_recorded_by_law_amend_opens_an_instant_campaign_over_its_flags(reg, corpus):
    from normdocs.services.laws import amend_law

    first = start_campaign(reg.ctx, kind="instant", law="行政处罚法")["id"]
    # The law is amended again: every live document resting on any version is flagged afresh.
    amend_law(reg.ctx, title="行政处罚法", on=date(2026, 11, 27))
    second = start_campaign(reg.ctx, kind="instant", law="中华人民共和国行政处罚法")
    assert set(items_of(reg, second["id"])) == {
        corpus.gov_in_force,
        corpus.dept_in_force,
        corpus.dept_interim,
    }
    assert set(items_of(reg, first)) == {corpus.gov_in_force, corpus.dept_in_force}
    assert any("are also in an open campaign" in w for w in reg.ctx.warnings)
    untaken = rows(reg, "SELECT count(*) FROM cleanup_flag WHERE campaign_id IS NULL")
    assert untaken == [(1,)]  # the 大气污染防治法 flag
