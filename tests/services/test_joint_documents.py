"""Joint documents (联合发文, issue 12): a lead issuer and co-issuers, entered with
`doc new --co-issuer`, written on import when the co-issuer is registered, shown by doc show and
doc list, counted for each issuer in the scopes, replayed by verify; and the migration from
0006 that copies the co-issuers earlier imports recorded in their events."""

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import DEPARTMENT, GOVERNMENT, Registry, table_rows
from tests.console import console
from tests.registry_snapshot import snapshot

from normdocs.services.agencies import add_agency
from normdocs.services.context import AppContext
from normdocs.services.registry import init_registry
from normdocs.store.engine import SCHEMA_HEAD, make_engine
from normdocs.store.migrate import upgrade

SAMPLE = Path(__file__).parents[2] / "samples" / "documents" / "A09-ziyang-2020-huoqin-joint.txt"
AUDIT_OFFICE = "元宝山区审计局"


@pytest.fixture
def run(registry: Registry, tmp_path: Path):
    add_agency(
        registry.ctx,
        name=AUDIT_OFFICE,
        code="元审发",
        level="department",
        parent=GOVERNMENT.name,
        head="周局长",
    )
    home = tmp_path / "home"
    home.mkdir()
    return console(home, registry.path)


def test_doc_new_records_co_issuers_shown_and_counted_for_each(registry: Registry, run) -> None:
    made = run(
        "doc",
        "new",
        "关于联合开展校园安全检查的通知",
        "--issuer",
        DEPARTMENT.name,
        "--co-issuer",
        AUDIT_OFFICE,
        "--co-issuer",
        GOVERNMENT.name,
        "--format",
        "json",
    )
    joint = int(json.loads(made.out)["id"])
    alone = registry.draft(GOVERNMENT).id
    shown = json.loads(run("doc", "show", str(joint), "--format", "json").out)
    assert shown["issuer"] == DEPARTMENT.name
    assert shown["co_issuers"] == [AUDIT_OFFICE, GOVERNMENT.name]
    rows = table_rows(
        registry.path,
        "SELECT agency.name, position FROM document_co_issuer JOIN agency ON agency.id ="
        " agency_id WHERE document_id = ? ORDER BY position",
        joint,
    )
    assert rows == [(AUDIT_OFFICE, 1), (GOVERNMENT.name, 2)]
    listed = json.loads(run("doc", "list", "--format", "json").out)
    assert {r["id"]: r["co_issuers"] for r in listed}[joint] == [AUDIT_OFFICE, GOVERNMENT.name]
    # Counted for each of its issuers: the co-issuer's list and search find it.
    by_audit = run("doc", "list", "--issuer", AUDIT_OFFICE, "--format", "json")
    assert [r["id"] for r in json.loads(by_audit.out)] == [joint]
    by_government = run("doc", "list", "--issuer", GOVERNMENT.name, "--format", "json")
    assert {r["id"] for r in json.loads(by_government.out)} == {joint, alone}
    found = run("search", "校园安全检查", "--issuer", AUDIT_OFFICE, "--format", "json")
    assert [h["id"] for h in json.loads(found.out)] == [joint]
    # The create event names them, and verify replays them against the table.
    assert run("verify").code == 0
    with sqlite3.connect(registry.path) as connection:
        connection.execute("DELETE FROM document_co_issuer WHERE position = 2")
    damaged = run("verify", expect=None)
    assert damaged.code != 0 and "co_issuers" in damaged.out + damaged.err


def test_an_unknown_or_lead_co_issuer_is_refused_and_nothing_written(registry, run) -> None:
    before = snapshot(registry.path)
    unknown = run(
        "doc",
        "new",
        "联合通知",
        "--issuer",
        GOVERNMENT.name,
        "--co-issuer",
        "元宝山区审计",
        expect=None,
    )
    assert unknown.code != 0
    assert "no agency named 元宝山区审计" in unknown.err and AUDIT_OFFICE in unknown.err
    lead = run(
        "doc",
        "new",
        "联合通知",
        "--issuer",
        GOVERNMENT.name,
        "--co-issuer",
        GOVERNMENT.name,
        expect=None,
    )
    assert lead.code != 0 and "lead issuer" in lead.err
    assert snapshot(registry.path) == before


def test_a_correction_cannot_make_a_co_issuer_the_lead_too(registry, run) -> None:
    """doc correct --issuer naming one of the document's co-issuers is refused as doc new
    refuses it: the lead issuer would vanish from the joint document."""
    made = run(
        "doc",
        "new",
        "关于联合开展校园安全检查的通知",
        "--issuer",
        DEPARTMENT.name,
        "--co-issuer",
        AUDIT_OFFICE,
        "--format",
        "json",
    )
    joint = json.loads(made.out)["id"]
    before = snapshot(registry.path)
    refused = run(
        "doc",
        "correct",
        str(joint),
        "--issuer",
        AUDIT_OFFICE,
        "--reason",
        "牵头机关误录",
        expect=1,
    )
    assert f"Error: {AUDIT_OFFICE} is a co-issuer of document {joint}" in refused.err
    assert snapshot(registry.path) == before
    shown = json.loads(run("doc", "show", str(joint), "--format", "json").out)
    assert (shown["issuer"], shown["co_issuers"]) == (DEPARTMENT.name, [AUDIT_OFFICE])


def test_import_writes_the_registered_co_issuers_and_keeps_the_others(fresh_registry, tmp_path):
    registry = fresh_registry
    add_agency(registry.ctx, name="资阳市人民政府", code="资府发", level="government")
    for name in ("资阳市农业农村局", "资阳市商务局"):
        add_agency(registry.ctx, name=name, code=None, level="department", parent="资阳市人民政府")
    home = tmp_path / "home"
    home.mkdir()
    run = console(home, registry.path)
    run("import", str(SAMPLE))
    listed = json.loads(run("doc", "list", "--format", "json").out)
    assert len(listed) == 1
    document = listed[0]
    assert document["issuer"] == "资阳市农业农村局"
    # The registered co-issuer from the table, the unregistered one from the import's event.
    assert document["co_issuers"] == ["资阳市商务局", "资阳市市场监督管理局"]
    assert table_rows(registry.path, "SELECT count(*) FROM document_co_issuer") == [(1,)]
    commerce = run("doc", "list", "--issuer", "资阳市商务局", "--format", "json")
    assert [r["id"] for r in json.loads(commerce.out)] == [document["id"]]
    assert run("verify").code == 0


def test_the_migration_copies_the_co_issuers_earlier_imports_recorded(tmp_path: Path) -> None:
    ctx = AppContext(db=str(tmp_path / "old.db"), actor="t", today_override=date(2026, 11, 27))
    upgrade(make_engine(ctx.db, must_exist=False), "0006_register_trust")
    with sqlite3.connect(ctx.db) as connection:
        for agency_id, name in ((1, "资阳市农业农村局"), (2, "资阳市商务局")):
            connection.execute(
                "INSERT INTO agency (id, name, level, created_at)"
                " VALUES (?, ?, 'department', '2026-01-01 00:00:00')",
                (agency_id, name),
            )
        connection.execute(
            "INSERT INTO document (id, title, issuer_id, interim, stage, origin,"
            " review_emergency, review_late, revision_recorded, validity_stated, filed_late,"
            " refiled_late, awaiting_amendment, created_at) VALUES (1, '联合通告', 1, 0,"
            " 'promulgated', 'imported', 0, 0, 0, 0, 0, 0, 0, '2026-01-01 00:00:00')"
        )
        details = {"title": "联合通告", "co_issuers": ["资阳市商务局", "资阳市市场监督管理局"]}
        connection.execute(
            "INSERT INTO event (document_id, recorded_at, actor, action, details, prev_hash,"
            " hash) VALUES (1, '2026-01-01 00:00:00', 't', 'document.import', ?, '', 'x')",
            (json.dumps(details, ensure_ascii=False),),
        )
    result = init_registry(ctx)
    assert (result.before, result.after) == ("0006_register_trust", SCHEMA_HEAD)
    assert table_rows(
        ctx.db, "SELECT document_id, agency_id, position FROM document_co_issuer"
    ) == [(1, 2, 1)]


@pytest.mark.slow
def test_joint_documents_on_postgresql(pg_registry: Registry) -> None:
    from normdocs.services.documents import list_documents, new_document, show_document
    from normdocs.services.registry import verify_record
    from normdocs.services.search import search_documents

    ctx = pg_registry.ctx
    made = new_document(
        ctx,
        title="关于联合开展校园安全检查的通知",
        issuer=DEPARTMENT.name,
        co_issuers=[GOVERNMENT.name],
    )
    joint = int(made["id"])
    assert show_document(ctx, str(joint))["co_issuers"] == [GOVERNMENT.name]
    assert [d["id"] for d in list_documents(ctx, issuer=GOVERNMENT.name)] == [joint]
    assert [d["id"] for d in list_documents(ctx, under=GOVERNMENT.name)] == [joint]
    assert [
        h["id"] for h in search_documents(ctx, "校园安全检查", issuer=GOVERNMENT.name).hits
    ] == [joint]
    assert verify_record(ctx).ok
