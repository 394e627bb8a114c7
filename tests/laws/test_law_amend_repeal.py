"""law add / amend / repeal: versions, events, and instant-cleanup flags on exactly the live
documents resting on the law; every refusal leaves the registry as it was."""

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from normdocs.domain.errors import Duplicate, InvalidInput, NotFound, Refused
from normdocs.services.laws import add_law, amend_law, repeal_law, show_law


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


def flags(db: Path) -> set[tuple]:
    return set(
        rows(db, "SELECT document_id, law_id, reason, flagged_on, campaign_id FROM cleanup_flag")
    )


def test_an_amendment_adds_a_version_and_supersedes_the_current_one(reg):
    result = amend_law(reg.ctx, title="《传染病防治法》", on=date(2025, 4, 30), note="第二次修订")
    versions = show_law(reg.ctx, "中华人民共和国传染病防治法")["versions"]
    assert [(v["promulgated_on"], v["status"], v["amended_on"]) for v in versions] == [
        ("2013-06-29", "superseded", "2025-04-30"),
        ("2025-04-30", "in_force", None),
    ]
    assert result["law"]["id"] == versions[1]["id"]
    assert result["previous"]["id"] == versions[0]["id"]


def test_an_amendment_flags_exactly_the_live_documents_resting_on_the_law(reg, docs):
    law_id = show_law(reg.ctx, "传染病防治法")["law"]["id"]
    result = amend_law(reg.ctx, title="传染病防治法", on=date(2025, 4, 30))
    flagged = {d["id"] for d in result["flagged"]}
    # In force (with or without an article) and pending: flagged. Expired, revoked, a draft and a
    # document resting on other laws: not.
    assert flagged == docs.resting_on_infection_law
    assert flags(reg.path) == {(d, law_id, "amended", "2025-04-30", None) for d in flagged}
    assert {d["reason"] for d in result["flagged"]} == {"amended"}


def test_a_repeal_flags_the_documents_resting_on_that_law_only(reg, docs):
    result = repeal_law(reg.ctx, title="中华人民共和国突发事件应对法", on=date(2026, 6, 1))
    assert [d["id"] for d in result["flagged"]] == [docs.in_force]
    assert result["law"]["status"] == "repealed" and result["law"]["repealed_on"] == "2026-06-01"
    (flag,) = flags(reg.path)
    assert flag[0] == docs.in_force and flag[2:4] == ("repealed", "2026-06-01")


def test_changes_are_recorded_as_law_events_and_on_each_flagged_document(reg, docs):
    start = reg.event_count()
    result = amend_law(reg.ctx, title="传染病防治法", on=date(2025, 4, 30), note="修订")
    events = rows(
        reg.path, "SELECT action, document_id, on_date, details FROM event WHERE id > ?", start
    )
    law_events = [e for e in events if e[0] == "law.amend"]
    assert len(law_events) == 1 and law_events[0][1] is None
    details = json.loads(law_events[0][3])
    assert details["law_id"] == result["law"]["id"]
    assert details["previous_law_id"] == result["previous"]["id"]
    assert sorted(details["flagged_documents"]) == sorted(docs.resting_on_infection_law)
    per_document = {e[1] for e in events if e[0] == "cleanup.flag"}
    assert per_document == docs.resting_on_infection_law
    history = reg.events(docs.in_force)
    assert history[-1]["action"] == "cleanup.flag"
    assert history[-1]["details"]["reason"] == "amended"


def test_a_law_amended_twice_flags_again_for_the_second_change(reg, docs):
    amend_law(reg.ctx, title="传染病防治法", on=date(2025, 4, 30))
    amend_law(reg.ctx, title="传染病防治法", on=date(2026, 9, 1))
    dates = sorted({f[3] for f in flags(reg.path)})
    assert dates == ["2025-04-30", "2026-09-01"]
    assert len(flags(reg.path)) == 2 * len(docs.resting_on_infection_law)


def test_add_registers_a_local_law_and_resolves_citations_waiting_for_it(reg, docs):
    result = add_law(
        reg.ctx,
        title="某某省大气环境保护条例",
        level="local-regulation",
        promulgated=date(2019, 5, 1),
        effective=date(2019, 7, 1),
    )
    assert result["law"]["level"] == "地方性法规"
    assert result["law"]["short_title"] == "某某省大气环境保护条例"
    assert result["resolved_citations"] == 1
    shown = show_law(reg.ctx, "《某某省大气环境保护条例》")
    assert [d["id"] for d in shown["documents"]] == [docs.other]
    (event,) = rows(reg.path, "SELECT action, details FROM event ORDER BY id DESC LIMIT 1")
    assert event[0] == "law.add" and json.loads(event[1])["law_id"] == result["law"]["id"]


def test_add_a_higher_normative_document_by_its_number(reg):
    result = add_law(
        reg.ctx,
        title="国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知",
        level="规范性文件",
        number="国办发[2018]第037号",
    )
    assert result["law"]["doc_number"] == "国办发〔2018〕37号"
    assert show_law(reg.ctx, "国办发〔2018〕37号")["law"]["id"] == result["law"]["id"]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda ctx: amend_law(ctx, title="传染病防治法", on=date(2013, 6, 29)),
            Refused,
            "must be dated after its current version of 2013-06-29",
        ),
        (
            lambda ctx: amend_law(ctx, title="信访条例", on=date(2026, 1, 1)),
            Refused,
            "信访条例 has been repealed",
        ),
        (
            lambda ctx: repeal_law(ctx, title="信访条例", on=date(2026, 1, 1)),
            Refused,
            "信访条例 has been repealed",
        ),
        (
            lambda ctx: repeal_law(ctx, title="立法法", on=date(2023, 3, 12)),
            Refused,
            "cannot be repealed on 2023-03-12, before its version of 2023-03-13",
        ),
        (
            lambda ctx: amend_law(ctx, title="突发公共卫生应急条例", on=date(2026, 1, 1)),
            NotFound,
            "no law 突发公共卫生应急条例 in the registry",
        ),
        (
            lambda ctx: amend_law(
                ctx, title="传染病防治法", on=date(2026, 1, 1), effective=date(2025, 1, 1)
            ),
            InvalidInput,
            "before the amendment",
        ),
        (
            lambda ctx: add_law(ctx, title="《中华人民共和国立法法》", level="法律"),
            Duplicate,
            "中华人民共和国立法法 is already registered",
        ),
        (
            lambda ctx: add_law(ctx, title="某市条例", level="条例"),
            InvalidInput,
            "unknown level 条例",
        ),
        (
            lambda ctx: add_law(ctx, title="某市办法", level="规章", number="第7号"),
            InvalidInput,
            "is neither a 文号 nor an order number",
        ),
        (
            lambda ctx: add_law(ctx, title="  ", level="规章"),
            InvalidInput,
            "a law needs a title",
        ),
    ],
    ids=[
        "amend-not-after-current",
        "amend-repealed",
        "repeal-repealed",
        "repeal-before-version",
        "unknown-law",
        "effective-before-amendment",
        "add-duplicate",
        "add-unknown-level",
        "add-bad-number",
        "add-no-title",
    ],
)
def test_refusals_change_nothing(reg, call, error, message):
    before = reg.snapshot()
    with pytest.raises(error) as refused:
        call(reg.ctx)
    assert message in refused.value.message
    assert reg.snapshot() == before


def test_an_unknown_title_is_refused_with_near_matches(reg):
    with pytest.raises(NotFound) as refused:
        repeal_law(reg.ctx, title="《突发公共卫生应急条例》", on=date(2026, 1, 1))
    assert "did you mean: 突发公共卫生事件应急条例" in (refused.value.hint or "")


def test_an_ambiguous_title_is_refused_with_the_candidates(reg):
    add_law(reg.ctx, title="广州市养犬管理规定", level="地方政府规章", short_title="养犬规定")
    add_law(reg.ctx, title="深圳市养犬管理规定", level="地方政府规章", short_title="养犬规定")
    before = reg.snapshot()
    with pytest.raises(Refused) as refused:
        repeal_law(reg.ctx, title="养犬规定", on=date(2026, 1, 1))
    assert refused.value.rule == "ambiguous-law-title"
    assert "广州市养犬管理规定; 深圳市养犬管理规定" in refused.value.message
    assert reg.snapshot() == before
