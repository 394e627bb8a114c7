"""search --all-versions: a term is found in any text a document has had, older texts marked
with their version; the index (current texts) alone finds only what a document says now."""

from pathlib import Path

import pytest

from console import console
from normdocs.services.documents import new_document
from normdocs.services.search import search_documents
from normdocs.services.texts import give_text

GOVERNMENT, DEPARTMENT = "元宝山区人民政府", "元宝山区教育局"


def text_file(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"关于校园管理的通知\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture
def drafts(registry, tmp_path):
    """Three drafts: 1 said 罚款 in its first text and not since (three texts), 2 says 罚款 now
    (two texts, both with it), 3 never said it."""
    ctx = registry.ctx
    for title, issuer in (("甲", GOVERNMENT), ("乙", DEPARTMENT), ("丙", GOVERNMENT)):
        new_document(ctx, title=title, issuer=issuer)
    give_text(ctx, "1", text_file(tmp_path, "1a.txt", "违者处以罚款。"))
    give_text(ctx, "1", text_file(tmp_path, "1b.txt", "违者予以批评。"))
    give_text(ctx, "1", text_file(tmp_path, "1c.txt", "违者予以教育。"))
    give_text(ctx, "2", text_file(tmp_path, "2a.txt", "处以罚款一百元。"))
    give_text(ctx, "2", text_file(tmp_path, "2b.txt", "处以罚款二百元。"))
    give_text(ctx, "3", text_file(tmp_path, "3a.txt", "加强管理。"))
    return registry


def hits(result):
    return [(h["id"], h["version"], h["current"]) for h in result.hits]


def test_older_texts_are_found_and_marked_current_texts_first(drafts):
    ctx = drafts.ctx
    assert [h["id"] for h in search_documents(ctx, "罚款").hits] == [2]
    every = search_documents(ctx, "罚款", all_versions=True)
    # Newest document first; within one, its current text before its older ones.
    assert hits(every) == [(2, 2, True), (2, 1, False), (1, 1, False)]
    assert every.total == 3
    assert "罚款" in every.hits[2]["snippet"] and every.hits[2]["in_text"]
    assert search_documents(ctx, "罚款", all_versions=True, count_only=True).total == 3
    # Paging and filters apply to every hit.
    page = search_documents(ctx, "罚款", all_versions=True, limit=1, offset=1)
    assert (hits(page), page.total, page.first) == ([(2, 1, False)], 3, 2)
    assert hits(search_documents(ctx, "罚款", all_versions=True, issuer=GOVERNMENT)) == [
        (1, 1, False)
    ]
    # A term of the current text only: one hit, in the current version.
    assert hits(search_documents(ctx, "教育", all_versions=True)) == [(1, 3, True)]
    assert hits(search_documents(ctx, "批评", all_versions=True)) == [(1, 2, False)]
    assert search_documents(ctx, "批评").total == 0


@pytest.mark.slow
def test_the_console_marks_a_hit_in_an_older_text(drafts):
    run = console(drafts.path.parent, drafts.path)
    table = run("search", "罚款", "--all-versions")
    assert "1 (older)" in table.out and "2 (current)" in table.out
    assert table.err.startswith("3 texts (current or older) contain “罚款”; shown: 1–3.")
    plain = run("search", "罚款")
    assert "older" not in plain.out and "(current)" not in plain.out


@pytest.mark.slow
def test_versions_and_their_search_on_postgresql(postgres_database, tmp_path):
    from datetime import date

    from normdocs.services.agencies import add_agency
    from normdocs.services.context import AppContext
    from normdocs.services.registry import init_registry, verify_record
    from normdocs.services.texts import list_text_versions, read_text

    ctx = AppContext(db=postgres_database, actor="tester", today_override=date(2026, 11, 27))
    init_registry(ctx)
    add_agency(ctx, name=GOVERNMENT, code="元政发", level="government", head="王")
    new_document(
        ctx, title="甲", issuer=GOVERNMENT, file=text_file(tmp_path, "a.txt", "处以罚款。")
    )
    give_text(ctx, "1", text_file(tmp_path, "b.txt", "予以批评。"))
    assert [(v["version"], v["original_kept"]) for v in list_text_versions(ctx, "1")] == [
        (1, True),
        (2, True),
    ]
    assert "罚款" in read_text(ctx, "1", 1)["text"]
    assert search_documents(ctx, "罚款").total == 0
    assert hits(search_documents(ctx, "罚款", all_versions=True)) == [(1, 1, False)]
    assert hits(search_documents(ctx, "通知", all_versions=True)) == [(1, 2, True), (1, 1, False)]
    assert verify_record(ctx).ok
