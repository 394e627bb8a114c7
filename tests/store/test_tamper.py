"""`normdocs verify` finds rows edited, deleted, inserted or reordered directly in the file."""

import os
import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from normdocs.domain.steps import ProcedureStep
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
        text = tmp_path / f"draft-{n}.txt"  # review submit needs a text to review
        text.write_text(f"第一条 第{n}项事项的规定。\n", encoding="utf-8")
        doc = new_document(
            ctx,
            title=f"元宝山区人民政府关于第{n}项事项的通知",
            issuer="元宝山区人民政府",
            file=text,
        )
        steps: list[ProcedureStep] = demo_steps(
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


def normdocs(registry: AppContext, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed console script on the registry, in English."""
    script = str(Path(sys.executable).parent / "normdocs")
    env = {**os.environ, "NORMDOCS_DB": registry.db, "NORMDOCS_LANG": "en"}
    return subprocess.run([script, *args], capture_output=True, text=True, env=env, check=False)


HEAD = re.compile(r"head (\d+) ([0-9a-f]{64})")


def test_verify_command_exit_codes(registry):
    ok = normdocs(registry, "verify")
    assert ok.returncode == 0 and ok.stderr == ""
    assert re.fullmatch(r"record intact: 15 events, head 15 [0-9a-f]{64}\n", ok.stdout)
    sql(registry, "UPDATE event SET on_date = '2026-01-01' WHERE id = 10")
    broken = normdocs(registry, "verify")
    assert broken.returncode == 1 and broken.stdout == ""
    assert broken.stderr.splitlines() == [
        "the record is broken at event 10: its content does not match its hash (edited);"
        " 9 events before it are intact"
    ]


def test_the_printed_head_is_the_newest_event_and_expect_reads_it_back(registry, tmp_path):
    printed = normdocs(registry, "verify").stdout
    count, last = HEAD.search(printed).groups()  # type: ignore[union-attr]
    with sqlite3.connect(registry.db) as connection:
        assert connection.execute("SELECT id, hash FROM event ORDER BY id DESC").fetchone() == (
            int(count),
            last,
        )
    saved = tmp_path / "heads.txt"
    saved.write_text("2026-11-27 " + printed, encoding="utf-8")
    # The record grows: the saved head is still in it, with that hash.
    add_agency(
        registry,
        name="元宝山区教育局",
        code="元教发",
        level="department",
        parent="元宝山区人民政府",
        head="李局长",
    )
    for given in (str(saved), last, f"head {count} {last}"):
        grown = normdocs(registry, "verify", "--expect", given)
        assert grown.returncode == 0, grown.stderr
        assert grown.stdout.startswith("record intact: 16 events, head 16 ")


def test_a_whole_chain_rewritten_with_its_head_fails_only_against_a_saved_head(registry, tmp_path):
    """Rewriting an event and every hash after it, the head and the rows, makes a consistent
    record: undetectable from the database alone, found by a head kept elsewhere."""
    from normdocs.domain.chain import event_hash
    from normdocs.store.engine import transaction
    from normdocs.store.records import chain_rows

    saved = tmp_path / "heads.txt"
    saved.write_text(normdocs(registry, "verify").stdout, encoding="utf-8")
    count, last = HEAD.search(saved.read_text()).groups()  # type: ignore[union-attr]
    with transaction(registry.engine(), registry.db) as session:
        rows = list(chain_rows(session))
    signed = next(i for i, row in enumerate(rows) if row.action == "sign")
    prev = rows[signed - 1].hash
    with sqlite3.connect(registry.db) as connection:
        for row in rows[signed:]:
            details = row.details.replace("王区长", "钱某")
            forged = row.__class__(**{**row.__dict__, "details": details, "prev_hash": prev})
            digest = event_hash(prev, forged.payload_text())
            connection.execute(
                "UPDATE event SET details = ?, prev_hash = ?, hash = ? WHERE id = ?",
                (details, prev, digest, row.id),
            )
            prev = digest
        connection.execute("UPDATE record_head SET last_hash = ?", (prev,))
        connection.execute("UPDATE document SET signer = '钱某' WHERE signer IS NOT NULL")
    registry.close()

    assert normdocs(registry, "verify").returncode == 0  # consistent: by design
    checked = normdocs(registry, "verify", "--expect", str(saved))
    assert checked.returncode == 1
    assert checked.stderr.splitlines()[0] == (
        f"the saved head {count} {last} is no longer in the record: no event has that hash"
    )
    assert checked.stderr.splitlines()[1].startswith(
        "Error: the record was rewritten since a head was saved (1 above)"
    )
    assert len(checked.stderr.splitlines()) == 2


def test_expect_without_a_head_is_refused(registry, tmp_path):
    empty = tmp_path / "notes.txt"
    empty.write_text("no hash here\n", encoding="utf-8")
    refused = normdocs(registry, "verify", "--expect", str(empty))
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"Error: {empty} holds no head")
    missing = normdocs(registry, "verify", "--expect", str(tmp_path / "nowhere.txt"))
    assert missing.returncode == 1
    assert "is neither a head hash nor a readable file" in missing.stderr


def damage_page_of(path: str, index: str) -> None:
    """Garbage over the cells of an index's root page, as a failing disk leaves it."""
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (index,)
        ).fetchone()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\xff" * 200)


def test_a_damaged_page_exits_5_naming_the_damage(registry):
    registry.close()
    damage_page_of(registry.db, "ix_document_title")
    damaged = normdocs(registry, "verify")
    assert damaged.returncode == 5
    lines = damaged.stderr.splitlines()
    assert lines[0].startswith("the database file is damaged: ")
    assert lines[-1].startswith("Error: the registry is damaged")


def test_a_damaged_search_index_exits_5_naming_the_index(registry):
    sql(
        registry,
        "UPDATE search_index_data SET block = x'00000000' WHERE id = (SELECT max(id) FROM"
        " search_index_data)",
    )
    damaged = normdocs(registry, "verify")
    assert damaged.returncode == 5
    assert damaged.stderr.splitlines()[0] == (
        "the search index is damaged: database disk image is malformed"
    )


def test_only_a_damaged_file_counts_as_damage_not_a_busy_one(registry):
    """The search index's check takes the write lock: a writer holding it past the timeout is
    the busy registry it is (exit 5 with its own line), never "the search index is damaged"."""
    from sqlalchemy.exc import DatabaseError, OperationalError

    from normdocs.store.integrity import _damage

    with sqlite3.connect(":memory:") as connection:
        try:
            connection.execute("SELECT * FROM nowhere")
        except sqlite3.OperationalError as exc:
            missing = exc
    busy = OperationalError("INSERT …", {}, sqlite3.OperationalError("database is locked"))
    assert _damage(busy) is None
    assert _damage(OperationalError("SELECT …", {}, missing)) is None
    malformed = DatabaseError(
        "PRAGMA …", {}, sqlite3.DatabaseError("database disk image is malformed")
    )
    assert _damage(malformed) == "database disk image is malformed"


@pytest.mark.slow
def test_verify_of_a_file_that_is_no_database_does_not_send_the_clerk_to_verify(registry):
    """Seen in the acceptance pass: `verify` on a file whose header is garbage said "check it
    with: normdocs --db … verify" — the command the clerk had just run."""
    registry.close()
    with open(registry.db, "r+b") as handle:
        handle.write(b"garbage!garbage!")
    before = Path(registry.db).read_bytes()
    damaged = normdocs(registry, "verify")
    assert (damaged.returncode, damaged.stdout) == (5, "")
    assert damaged.stderr == (
        f"Error: {registry.db} is not a usable normdocs registry: the file is damaged or is not "
        "a database at all — point --db at the registry; if this is it, restore the last good "
        "backup (keep the damaged file)\n"
    )
    listed = normdocs(registry, "doc", "list")  # other commands still point to verify
    assert listed.returncode == 5 and f"normdocs --db {registry.db} verify" in listed.stderr
    assert Path(registry.db).read_bytes() == before
