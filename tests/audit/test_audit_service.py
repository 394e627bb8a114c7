"""The audit service on real registries: findings kept across runs (first seen, last seen,
resolved), --new-only, --apply-expiry, audits as of another day, content checks that read only
changed texts, superior law, the run lock — and refusals that change nothing."""

import hashlib
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from normdocs.domain.errors import ExitCode, InvalidInput, RegistryUnusable
from normdocs.domain.stages import Action, Stage
from normdocs.services.audit import check_fail_on, run_audit
from normdocs.services.documents import new_document
from normdocs.services.procedure import advance
from normdocs.services.registry import verify_record
from normdocs.store.engine import make_engine
from normdocs.store.locks import run_lock

# The registry fixture's fixed clock (tests/conftest.py).
TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)

PENALTY_TEXT = (
    "为加强管理，根据《中华人民共和国大气污染防治法》，制定本通告。\n"
    "一、对违反本通告规定燃放烟花爆竹的，处以500元罚款。\n"
    "二、由公安机关依照《中华人民共和国大气污染防治法》予以处罚。\n"
)


def table_rows(path: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, params).fetchall()


def keys(result) -> set[str]:
    return {f["key"] for f in result.findings}


def finding_rows(path: Path) -> dict[str, tuple]:
    rows = table_rows(
        path, "SELECT key, first_seen, last_seen, resolved_at, last_run_id FROM finding"
    )
    return {r[0]: r[1:] for r in rows}


def later(ctx, days: int) -> None:
    """Move the run's clock (not its day): timestamps differ, the audit is still 'as of today'."""
    ctx.clock = lambda: NOW + timedelta(hours=days)


def test_running_twice_gives_the_same_findings_and_keeps_them(registry):
    overdue = registry.bring_to(
        registry.issuers["government"], Stage.PROMULGATED
    )  # published 2026-03-20
    registry.bring_to(registry.issuers["government"], Stage.SIGNED)
    events = registry.event_count()

    first = run_audit(registry.ctx)
    assert first.stored and first.run_id == 1
    filing = [f for f in first.findings if f["rule"] == "filing-overdue"]
    assert [(f["document_id"], f["evidence"]["due_on"]) for f in filing] == [
        (overdue.id, "2026-04-19")
    ]
    assert filing[0]["severity"] == "error" and filing[0]["new"] is True
    assert filing[0]["doc_number"] == f"元政发〔2026〕{overdue.id}号"
    assert first.new == len(first.findings) > 0

    later(registry.ctx, 24)
    second = run_audit(registry.ctx)
    assert keys(second) == keys(first)
    assert [f["summary"] for f in second.findings] == [f["summary"] for f in first.findings]
    assert second.new == 0 and second.resolved == 0
    assert not any(f["new"] for f in second.findings)
    for first_seen, last_seen, resolved_at, run_id in finding_rows(registry.path).values():
        assert first_seen < last_seen and resolved_at is None and run_id == 2
    runs = table_rows(registry.path, "SELECT id, as_of, findings, new_findings FROM audit_run")
    assert runs == [
        (1, "2026-11-27", len(first.findings), len(first.findings)),
        (2, "2026-11-27", len(first.findings), 0),
    ]
    assert registry.event_count() == events + 2
    assert verify_record(registry.ctx).ok


def test_a_finding_no_longer_found_is_resolved_and_new_ones_are_new(registry):
    doc = registry.bring_to(registry.issuers["government"], Stage.PROMULGATED)
    run_audit(registry.ctx)
    advance(
        registry.ctx,
        doc.ref,
        registry.valid_step(registry.issuers["government"], Action.FILE, date(2026, 5, 4)),
    )

    later(registry.ctx, 1)
    result = run_audit(registry.ctx)
    new = [f["rule"] for f in result.shown(new_only=True)]
    assert new == ["filed-late"]
    assert result.resolved == 1
    rows = finding_rows(registry.path)
    overdue_key = f"filing-overdue:{doc.id}:2026-04-19"
    assert rows[overdue_key][2] is not None  # resolved_at
    assert overdue_key not in keys(result)


def test_a_finding_that_comes_back_is_new_again(registry):
    doc = registry.bring_to(registry.issuers["government"], Stage.PROMULGATED)
    run_audit(registry.ctx)
    key = f"filing-overdue:{doc.id}:2026-04-19"
    with sqlite3.connect(registry.path) as connection:
        connection.execute(
            "UPDATE finding SET resolved_at = '2026-11-27 00:00:00' WHERE key = ?", (key,)
        )
    later(registry.ctx, 5)
    result = run_audit(registry.ctx)
    assert [f["key"] for f in result.shown(new_only=True)] == [key]
    first_seen, _last, resolved_at, _run = finding_rows(registry.path)[key]
    assert resolved_at is None and first_seen.startswith("2026-11-27 14:30")


def test_apply_expiry_records_the_expiry_without_a_stage_change(registry):
    doc = registry.bring_to(
        registry.issuers["government"], Stage.FILING_ACCEPTED, start=date(2019, 3, 4)
    )
    expires = registry.document(doc.id)["expires_on"]
    assert expires == "2024-03-21"
    before = run_audit(registry.ctx)
    assert f"expired-not-recorded:{doc.id}:{expires}" in keys(before)

    result = run_audit(registry.ctx, apply_expiry=True)
    assert result.expired_recorded == 1
    assert not any(f["rule"] == "expired-not-recorded" for f in result.findings)
    expired = [e for e in registry.events(doc.id) if e["action"] == "document.expired"]
    assert len(expired) == 1
    assert expired[0]["on_date"] == "2024-03-22"
    assert (expired[0]["from_stage"], expired[0]["to_stage"]) == (None, None)
    assert registry.document(doc.id)["stage"] == "filing_accepted"
    assert registry.document(doc.id)["validity"] == "expired"

    again = run_audit(registry.ctx, apply_expiry=True)
    assert again.expired_recorded == 0
    assert verify_record(registry.ctx).ok


def test_apply_expiry_for_a_day_after_today_is_refused_and_changes_nothing(registry):
    registry.bring_to(registry.issuers["government"], Stage.FILING_ACCEPTED, start=date(2019, 3, 4))
    before = registry.snapshot()
    with pytest.raises(InvalidInput, match="after today") as refused:
        run_audit(registry.ctx, as_of=TODAY + timedelta(days=1), apply_expiry=True)
    assert refused.value.exit_code == ExitCode.REFUSED
    assert registry.snapshot() == before


def test_an_audit_as_of_another_day_reports_and_stores_nothing(registry):
    registry.bring_to(registry.issuers["government"], Stage.SIGNED)  # signed 2026-03-18
    run_audit(registry.ctx)
    before = registry.snapshot()
    past = run_audit(registry.ctx, as_of=date(2026, 4, 1))
    assert not past.stored and past.run_id is None
    assert not any(f["rule"] == "signed-not-promulgated" for f in past.findings)
    future = run_audit(registry.ctx, as_of=date(2027, 6, 1))
    assert registry.snapshot() == before
    assert all(not f["new"] for f in future.findings if f["rule"] == "signed-not-promulgated")


def test_content_checks_read_only_texts_that_changed(registry, tmp_path):
    text = tmp_path / "draft.txt"
    text.write_text(PENALTY_TEXT, encoding="utf-8")
    view = new_document(
        registry.ctx,
        title="元宝山区人民政府关于禁止燃放烟花爆竹的通告",
        issuer=registry.issuers["government"].name,
        file=text,
    )
    first = run_audit(registry.ctx)
    assert first.texts_checked == 1
    content = [f for f in first.findings if f["rule"] == "content-penalty"]
    assert [f["evidence"]["sentence"] for f in content] == [
        "一、对违反本通告规定燃放烟花爆竹的，处以500元罚款"
    ]
    assert content[0]["source"] == "行政处罚法第9条、第16条"

    second = run_audit(registry.ctx)
    assert second.texts_checked == 0
    assert [f["key"] for f in second.findings if f["rule"] == "content-penalty"] == [
        content[0]["key"]
    ]
    assert second.new == 0

    clean = "为加强管理，制定本通告。由公安机关依法予以处罚。"
    with sqlite3.connect(registry.path) as connection:
        connection.execute(
            "UPDATE document_text SET text = ?, content_hash = ? WHERE document_id = ?",
            (clean, hashlib.sha256(clean.encode()).hexdigest(), view["id"]),
        )
    third = run_audit(registry.ctx)
    assert third.texts_checked == 1
    assert not any(f["rule"].startswith("content-") for f in third.findings)
    assert finding_rows(registry.path)[content[0]["key"]][2] is not None


def add_law(path: Path, title: str, status: str, promulgated: str, **extra: str) -> int:
    columns = {
        "title": title,
        "match_key": title.removeprefix("中华人民共和国"),
        "level": "法律",
        "promulgated_on": promulgated,
        "status": status,
        "created_at": "2026-11-27 00:00:00",
        **extra,
    }
    with sqlite3.connect(path) as connection:
        cursor = connection.execute(
            f"INSERT INTO law ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            tuple(columns.values()),
        )
        return int(cursor.lastrowid or 0)


def link(path: Path, document_id: int, law_id: int | None, citation: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO basis (document_id, kind, citation, law_id, origin, created_at)"
            " VALUES (?, 'law', ?, ?, 'manual', '2026-11-27 00:00:00')",
            (document_id, citation, law_id),
        )


def test_documents_resting_on_changed_law(registry):
    doc = registry.bring_to(
        registry.issuers["government"], Stage.FILING_ACCEPTED
    )  # promulgated 2026-03-20
    repealed = add_law(
        registry.path, "某某管理条例", "repealed", "2001-01-01", repealed_on="2026-06-01"
    )
    old = add_law(registry.path, "中华人民共和国某某法", "superseded", "2015-01-01")
    add_law(registry.path, "中华人民共和国某某法", "in_force", "2026-04-30")
    link(registry.path, doc.id, repealed, "《某某管理条例》")
    link(registry.path, doc.id, old, "《某某法》")
    link(registry.path, doc.id, None, "《不存在的条例》")
    result = run_audit(registry.ctx)
    by_rule = {f["rule"]: f for f in result.findings if f["document_id"] == doc.id}
    assert by_rule["basis-repealed"]["severity"] == "error"
    assert by_rule["basis-repealed"]["law"] == "某某管理条例"
    assert by_rule["basis-amended"]["evidence"]["changed_on"] == "2026-04-30"
    assert by_rule["citation-unresolved"]["evidence"] == {"citation": "《不存在的条例》"}
    assert "no-basis" not in by_rule


def test_a_second_audit_while_one_runs_exits_5_and_changes_nothing(registry):
    registry.bring_to(registry.issuers["government"], Stage.PROMULGATED)
    before = registry.snapshot()
    engine = make_engine(str(registry.path))
    with (
        run_lock(engine, str(registry.path), wait=False),
        pytest.raises(RegistryUnusable, match="another audit") as refused,
    ):
        run_audit(registry.ctx)
    assert refused.value.exit_code == ExitCode.REGISTRY_UNUSABLE
    assert "--wait" in (refused.value.hint or "")
    assert registry.snapshot() == before
    assert run_audit(registry.ctx).stored  # released: the next run goes ahead


@pytest.mark.parametrize("value", ["fatal", "", "errors"])
def test_an_unknown_fail_on_level_is_refused(value):
    with pytest.raises(InvalidInput, match="--fail-on"):
        check_fail_on(value)


def test_fail_on_levels(registry):
    registry.bring_to(registry.issuers["government"], Stage.SIGNED)  # a warning only
    result = run_audit(registry.ctx)
    assert {f["severity"] for f in result.findings} == {"warning"}
    assert result.fails("warning") and result.fails("info")
    assert not result.fails("error") and not result.fails("never")
    assert result.fails("warning", new_only=True)  # the first run: every finding is new
    again = run_audit(registry.ctx)
    assert again.fails("warning") and not again.fails("warning", new_only=True)


def test_first_seen_is_the_audit_day_not_the_computers_date(registry):
    """With NORMDOCS_TODAY a past day's nightly runs are recorded (README): a finding is first
    seen on the day of the run that found it, and keeps that day on the runs after."""
    import dataclasses

    registry.bring_to(registry.issuers["government"], Stage.PROMULGATED)  # published 2026-03-20
    clock_day = registry.ctx.now().date()

    def on(day: date):
        ctx = dataclasses.replace(registry.ctx, today_override=day)
        return {f["key"]: f["first_seen"] for f in run_audit(ctx).findings}

    first = on(date(2026, 5, 2))
    assert first and set(first.values()) == {"2026-05-02"} and clock_day != date(2026, 5, 2)
    again = on(date(2026, 5, 3))
    assert {again[key] for key in first} == {"2026-05-02"}
