"""`normdocs verify` finds rows edited, deleted, inserted or reordered directly in the file."""

import sqlite3
from datetime import date

import pytest

from normdocs.domain.workflow import Step
from normdocs.services.agencies import add_agency
from normdocs.services.context import AppContext
from normdocs.services.demo import demo_steps
from normdocs.services.documents import new_document
from normdocs.services.procedure import advance
from normdocs.services.registry import init_registry, verify_record


@pytest.fixture
def registry(tmp_path):
    ctx = AppContext(db=str(tmp_path / "r.db"), actor="tester", today_override=date(2026, 11, 27))
    init_registry(ctx)
    add_agency(ctx, name="元宝山区人民政府", code="元政发", level="government", head="王区长")
    for n, target in ((1, "filing_accepted"), (2, "approved")):
        doc = new_document(
            ctx, title=f"元宝山区人民政府关于第{n}项事项的通知", issuer="元宝山区人民政府"
        )
        steps: list[Step] = demo_steps(
            "government", "王区长", f"元政发〔2026〕{n}号", date(2026, 3, 2), target
        )
        for step in steps:
            advance(ctx, str(doc["id"]), step)
    return ctx


def sql(ctx: AppContext, statement: str, *params) -> None:
    with sqlite3.connect(ctx.db) as connection:
        connection.execute(statement, params)


def test_whole_chain_verifies_with_its_count(registry):
    report = verify_record(registry)
    assert report.ok and report.count == 15  # 1 agency + 2 creations + 8 + 4 steps


def test_edited_event_is_found(registry):
    sql(registry, "UPDATE event SET actor = 'someone else' WHERE id = 7")
    report = verify_record(registry)
    assert (report.broken_at, report.reason) == (7, "hash")


def test_edited_details_with_recomputed_hash_breaks_the_next_link(registry):
    from normdocs.domain.chain import event_hash
    from normdocs.store.engine import transaction
    from normdocs.store.records import chain_rows

    with transaction(registry.engine(), registry.db) as session:
        row = next(r for r in chain_rows(session) if r.id == 5)
    forged = row.__class__(**{**row.__dict__, "details": '{"outcome":"lawful"}'})
    sql(
        registry,
        "UPDATE event SET details = ?, hash = ? WHERE id = 5",
        forged.details,
        event_hash(forged.prev_hash, forged.payload_text()),
    )
    report = verify_record(registry)
    assert (report.broken_at, report.reason) == (6, "link")


def test_deleted_event_is_found(registry):
    sql(registry, "DELETE FROM event WHERE id = 4")
    report = verify_record(registry)
    assert (report.broken_at, report.reason) == (5, "link")


def test_deleted_newest_event_is_found(registry):
    sql(registry, "DELETE FROM event WHERE id = (SELECT max(id) FROM event)")
    report = verify_record(registry)
    assert not report.ok and report.reason == "count"


def test_inserted_event_is_found(registry):
    sql(
        registry,
        "INSERT INTO event (id, document_id, recorded_at, actor, action, details, prev_hash, hash)"
        " SELECT 1000, document_id, recorded_at, actor, action, details, prev_hash, hash"
        " FROM event WHERE id = 3",
    )
    report = verify_record(registry)
    assert not report.ok and report.broken_at == 1000


def test_reordered_events_are_found(registry):
    sql(registry, "UPDATE event SET id = -1 WHERE id = 8")
    sql(registry, "UPDATE event SET id = 8 WHERE id = 9")
    sql(registry, "UPDATE event SET id = 9 WHERE id = -1")
    report = verify_record(registry)
    assert not report.ok and report.broken_at == 8


def test_verify_command_exit_codes(registry, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    normdocs = str(Path(sys.executable).parent / "normdocs")
    env = {**os.environ, "NORMDOCS_DB": registry.db, "NORMDOCS_LANG": "en"}
    ok = subprocess.run([normdocs, "verify"], capture_output=True, text=True, env=env, check=False)
    assert (ok.returncode, ok.stdout.strip()) == (0, "record intact: 15 events")
    sql(registry, "UPDATE event SET on_date = '2026-01-01' WHERE id = 10")
    broken = subprocess.run(
        [normdocs, "verify"], capture_output=True, text=True, env=env, check=False
    )
    assert broken.returncode == 1
    assert "broken at event 10" in broken.stderr
    assert "9 events before it are intact" in broken.stderr
