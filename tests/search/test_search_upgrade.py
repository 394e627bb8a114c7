"""A registry made by the version before search (schema 0003) is indexed when it is upgraded."""

import sqlite3
from pathlib import Path

from searchcorpus import context

from normdocs.services.registry import init_registry
from normdocs.services.search import search_documents
from normdocs.store.engine import SCHEMA_HEAD, make_engine
from normdocs.store.migrate import upgrade

RANMEI = (
    Path(__file__).resolve().parents[2] / "samples" / "documents" / "A07-xixian-2019-ranmei.txt"
)


def test_documents_of_an_older_registry_are_found_after_init(tmp_path):
    ctx = context(tmp_path / "old.db")
    engine = make_engine(ctx.db, must_exist=False)
    upgrade(engine, "0003_law_cleanup_audit")
    engine.dispose()
    text = RANMEI.read_text(encoding="utf-8")
    with sqlite3.connect(ctx.db) as connection:
        connection.execute(
            "INSERT INTO agency (id, name, level, created_at) "
            "VALUES (1, '息县人民政府', 'government', '2019-01-01 00:00:00')"
        )
        for doc_id, title, promulgated in [
            (1, "息县人民政府关于禁止销售使用燃煤的通告", "2019-03-15"),
            (2, "息县人民政府关于森林防火的通告", "2020-01-10"),
            (3, "息县人民政府关于燃煤锅炉改造的通知（草稿）", None),
        ]:
            connection.execute(
                "INSERT INTO document (id, title, issuer_id, interim, stage, origin,"
                " review_emergency, review_late, revision_recorded, validity_stated, filed_late,"
                " awaiting_amendment, promulgated_on, created_at)"
                " VALUES (?, ?, 1, 0, ?, 'imported', 0, 0, 0, 0, 0, 0, ?, '2019-01-01 00:00:00')",
                (doc_id, title, "promulgated" if promulgated else "drafting", promulgated),
            )
        connection.execute(
            "INSERT INTO document_text (document_id, text, content_hash) VALUES (1, ?, 'h1')",
            (text,),
        )

    result = init_registry(ctx)
    assert (result.before, result.after) == ("0003_law_cleanup_audit", SCHEMA_HEAD)

    found = search_documents(ctx, "燃煤")
    assert [hit["id"] for hit in found.hits] == [1, 3]  # by text and title; the draft last
    assert found.hits[0]["in_text"] and found.hits[1]["snippet_source"] == "title"
    assert [h["id"] for h in search_documents(ctx, "0376-5866731").hits] == [1]  # text only
    assert [h["id"] for h in search_documents(ctx, "森林防火").hits] == [2]  # title only
    assert search_documents(ctx, "煤").total == 2
    assert search_documents(ctx, "量子").total == 0
