"""Creating and upgrading the registry through the shipped Alembic migrations."""

import sqlite3
from datetime import date

import pytest

from normdocs.domain.errors import RegistryUnusable
from normdocs.services.agencies import add_agency, list_agencies
from normdocs.services.context import AppContext
from normdocs.services.registry import init_registry
from normdocs.store.engine import KNOWN_REVISIONS, SCHEMA_HEAD, make_engine
from normdocs.store.migrate import head_revision, migrations_dir, upgrade


def test_schema_head_constant_matches_the_migrations():
    assert head_revision() == SCHEMA_HEAD
    assert KNOWN_REVISIONS[-1] == SCHEMA_HEAD
    assert (migrations_dir() / "env.py").exists()


def test_an_older_registry_is_refused_then_upgraded_with_its_data(tmp_path):
    ctx = AppContext(db=str(tmp_path / "old.db"), actor="t", today_override=date(2026, 11, 27))
    engine = make_engine(ctx.db, must_exist=False)
    upgrade(engine, "0001_registry")
    with sqlite3.connect(ctx.db) as connection:
        connection.execute(
            "INSERT INTO agency (name, level, created_at) VALUES ('元宝山区人民政府', 'government',"
            " '2026-01-01 00:00:00')"
        )
    with pytest.raises(RegistryUnusable) as refused:
        list_agencies(ctx)
    assert refused.value.exit_code == 5
    assert "0001_registry" in refused.value.message
    assert "init" in (refused.value.hint or "")

    result = init_registry(ctx)
    assert (result.before, result.after) == ("0001_registry", SCHEMA_HEAD)
    assert [a["name"] for a in list_agencies(ctx)] == ["元宝山区人民政府"]
    add_agency(
        ctx, name="元宝山区教育局", code="元教发", level="department", parent="元宝山区人民政府"
    )
    assert init_registry(ctx).before == SCHEMA_HEAD  # running init again changes nothing


def test_a_newer_registry_is_refused(tmp_path):
    ctx = AppContext(db=str(tmp_path / "new.db"), actor="t")
    init_registry(ctx)
    with sqlite3.connect(ctx.db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
    with pytest.raises(RegistryUnusable, match="newer"):
        list_agencies(ctx)
    with pytest.raises(RegistryUnusable, match="newer"):
        init_registry(ctx)


def test_a_locked_registry_exits_5(tmp_path, monkeypatch):
    import normdocs.store.engine as engine_module

    ctx = AppContext(db=str(tmp_path / "locked.db"), actor="t")
    init_registry(ctx)
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(ctx.db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(RegistryUnusable, match="locked"):
            add_agency(ctx, name="甲", code="甲", level="government")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert list_agencies(ctx) == []


def test_the_migrated_schema_is_the_models(tmp_path):
    """What the migrations build is what the models describe: no table, column or index that
    one has and the other lacks (Alembic's own comparison, as autogenerate runs it)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import normdocs.store.models  # noqa: F401  (registers the tables)

    ctx = AppContext(db=str(tmp_path / "head.db"), actor="t")
    init_registry(ctx)
    engine = make_engine(ctx.db)
    with engine.connect() as connection:
        migration = MigrationContext.configure(connection)
        differences = compare_metadata(migration, SQLModel.metadata)
    # The search index is built by its own migration with SQL the models do not describe.
    differences = [d for d in differences if "search" not in repr(d)]
    assert differences == []


def test_upgrading_keeps_each_text_as_its_first_version_and_each_code(tmp_path):
    ctx = AppContext(db=str(tmp_path / "old.db"), actor="t")
    engine = make_engine(ctx.db, must_exist=False)
    upgrade(engine, "0005_audit_ack")
    _one_draft_with_text(ctx.db, "关于某事项的通知", "第一条 为了……", "draft.docx")
    upgrade(engine)
    with sqlite3.connect(ctx.db) as connection:
        assert connection.execute(
            "SELECT document_id, version, text, source_name, content_hash FROM text_version"
        ).fetchall() == [(7, 1, "第一条 为了……", "draft.docx", "abc")]
        assert connection.execute("SELECT agency_id, code FROM agency_code").fetchall() == [
            (1, "元政发")
        ]


def test_upgrading_makes_each_campaigns_issuer_its_scope(tmp_path):
    """0008_campaign_scope: a campaign of one issuer keeps it as its scope; one over every
    agency has none."""
    ctx = AppContext(db=str(tmp_path / "old.db"), actor="t")
    engine = make_engine(ctx.db, must_exist=False)
    upgrade(engine, "0007_co_issuers")
    with sqlite3.connect(ctx.db) as connection:
        connection.execute(
            "INSERT INTO agency (id, name, code, level, created_at) VALUES"
            " (4, '元宝山区教育局', '元教发', 'department', '2026-01-01 00:00:00')"
        )
        for campaign_id, issuer_id in ((1, 4), (2, None)):
            connection.execute(
                "INSERT INTO cleanup_campaign (id, name, kind, issuer_id, started_on, status,"
                " created_at) VALUES (?, '2026年定期清理', 'periodic', ?, '2026-11-01', 'open',"
                " '2026-11-01 00:00:00')",
                (campaign_id, issuer_id),
            )
    upgrade(engine)
    with sqlite3.connect(ctx.db) as connection:
        assert connection.execute(
            "SELECT campaign_id, agency_id, position, under FROM cleanup_campaign_scope"
        ).fetchall() == [(1, 4, 1, 0)]
    from normdocs.services.cleanup import list_campaigns

    assert [(c["id"], c["issuer"], c["issuers"], c["under"]) for c in list_campaigns(ctx)] == [
        (1, "元宝山区教育局", ["元宝山区教育局"], []),
        (2, None, [], []),
    ]


def test_upgrading_indexes_the_numbers_texts_print_loosely(tmp_path):
    """0009_search_numbers: a text stored before cites 元政发[2026]第5号; after the upgrade a
    search for the number in its normal form finds it."""
    from normdocs.services.search import search_documents

    ctx = AppContext(db=str(tmp_path / "old.db"), actor="t")
    engine = make_engine(ctx.db, must_exist=False)
    upgrade(engine, "0008_campaign_scope")
    _one_draft_with_text(
        ctx.db, "关于落实停车管理的通知", "根据元政发[2026]第5号文件精神，现通知如下。", "n.txt"
    )
    upgrade(engine)
    found = search_documents(ctx, "元政发〔2026〕5号")
    assert [hit.id for hit in found.hits] == [7]


def _one_draft_with_text(db: str, title: str, text: str, source: str) -> None:
    """An older registry's rows, written as that version wrote them: agency 1 (元政发) and its
    draft 7 with a text."""
    with sqlite3.connect(db) as connection:
        connection.execute(
            "INSERT INTO agency (id, name, code, level, created_at) VALUES"
            " (1, '元宝山区人民政府', '元政发', 'government', '2026-01-01 00:00:00')"
        )
        connection.execute(
            "INSERT INTO document (id, title, issuer_id, interim, stage, origin, review_emergency,"
            " review_late, revision_recorded, validity_stated, filed_late, refiled_late,"
            " awaiting_amendment, created_at) VALUES (7, ?, 1, 0, 'drafting', 'drafted', 0, 0, 0,"
            " 0, 0, 0, 0, '2026-02-01 00:00:00')",
            (title,),
        )
        connection.execute(
            "INSERT INTO document_text (document_id, text, source_name, content_hash)"
            " VALUES (7, ?, ?, 'abc')",
            (text, source),
        )
