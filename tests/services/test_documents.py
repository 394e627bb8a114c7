"""Drafting with a text file, finding documents by any reference, listing with filters."""

import io
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document as WordDocument

from normdocs.domain.errors import InvalidInput, NotFound, Refused
from normdocs.services.agencies import add_agency
from normdocs.services.context import AppContext
from normdocs.services.demo import demo_steps
from normdocs.services.documents import (
    document_history,
    list_documents,
    new_document,
    show_document,
)
from normdocs.services.procedure import advance
from normdocs.services.registry import init_registry
from registry_snapshot import snapshot as dump

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def ctx(tmp_path):
    context = AppContext(
        db=str(tmp_path / "r.db"), actor="clerk", today_override=date(2026, 11, 27)
    )
    init_registry(context)
    add_agency(context, name="元宝山区人民政府", code="元政发", level="government", head="王区长")
    add_agency(
        context,
        name="元宝山区教育局",
        code="元教发",
        level="department",
        parent="元宝山区人民政府",
        head="李局长",
    )
    return context


def text_of(ctx: AppContext, doc_id: int) -> str:
    with sqlite3.connect(ctx.db) as connection:
        return connection.execute(
            "SELECT text FROM document_text WHERE document_id = ?", (doc_id,)
        ).fetchone()[0]


def test_gb18030_and_utf8_text_files_are_read(ctx):
    gb = new_document(
        ctx,
        title="宣威市人民政府关于划定高污染燃料禁燃区的通告",
        issuer="元宝山区人民政府",
        file=SAMPLES / "gb18030" / "A05-xuanwei-2017-jinranqu.gb18030.txt",
    )
    utf8 = new_document(
        ctx,
        title="宣威市人民政府关于划定高污染燃料禁燃区的通告（UTF-8）",
        issuer="元宝山区人民政府",
        file=SAMPLES / "documents" / "A05-xuanwei-2017-jinranqu.txt",
    )
    assert text_of(ctx, gb["id"]) == text_of(ctx, utf8["id"])
    assert "禁燃区" in text_of(ctx, gb["id"])


def test_docx_paragraphs_and_tables_in_order(ctx, tmp_path):
    word = WordDocument()
    word.add_paragraph("第一条 总则")
    table = word.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "区域"
    table.cell(0, 1).text = "时间"
    word.add_paragraph("第二条 附则")
    path = tmp_path / "draft.docx"
    word.save(str(path))
    doc = new_document(ctx, title="关于某事项的规定", issuer="元宝山区人民政府", file=path)
    assert text_of(ctx, doc["id"]).splitlines() == ["第一条 总则", "区域\t时间", "第二条 附则"]


def test_real_docx_sample_is_read(ctx):
    doc = new_document(
        ctx,
        title="广州市人民政府关于活禽经营市场每月休市时间的通告",
        issuer="元宝山区人民政府",
        file=SAMPLES / "docx" / "A11-guangzhou-2023-huoqin-xiushi.docx",
    )
    assert "穗府规〔2023〕5号" in text_of(ctx, doc["id"])


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("empty.txt", b"", "is empty"),
        ("junk.txt", bytes(range(256)) * 20, "not a text file"),
        ("latin.txt", "Déjà vu — naïve café".encode("utf-16-le")[1:] * 3, "text"),
        ("broken.docx", b"PK\x03\x04 this is not really a zip", "not a readable Word"),
        ("draft.pdf", b"%PDF-1.4", "only .txt and .docx"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(ctx, tmp_path, name, content, phrase):
    path = tmp_path / name
    path.write_bytes(content)
    before = dump(ctx.db)
    with pytest.raises(InvalidInput, match=phrase):
        new_document(ctx, title="关于某事项的通知", issuer="元宝山区人民政府", file=path)
    assert dump(ctx.db) == before


def test_truncated_docx_is_refused(ctx, tmp_path):
    word = WordDocument()
    word.add_paragraph("正文")
    buffer = io.BytesIO()
    word.save(buffer)
    path = tmp_path / "truncated.docx"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    before = dump(ctx.db)
    with pytest.raises(InvalidInput, match="not a readable Word"):
        new_document(ctx, title="关于某事项的通知", issuer="元宝山区人民政府", file=path)
    assert dump(ctx.db) == before
    assert not zipfile.is_zipfile(path)


def test_missing_file_is_refused(ctx, tmp_path):
    with pytest.raises(InvalidInput, match="cannot read"):
        new_document(
            ctx, title="关于某事项的通知", issuer="元宝山区人民政府", file=tmp_path / "nowhere.txt"
        )


def test_interim_detected_from_title(ctx):
    assert new_document(ctx, title="元宝山区校外培训管理暂行办法", issuer="元宝山区教育局")[
        "interim"
    ]
    assert new_document(ctx, title="元宝山区某某试行规定", issuer="元宝山区教育局")["interim"]
    assert not new_document(ctx, title="元宝山区某某规定", issuer="元宝山区教育局")["interim"]


def promulgate(ctx, title, issuer, head, level, number, start):
    text = Path(ctx.db).parent / "draft.txt"  # review submit needs a text to review
    text.write_text(f"{title}\n第一条 为加强管理，制定本办法。\n", encoding="utf-8")
    doc = new_document(ctx, title=title, issuer=issuer, file=text)
    for step in demo_steps(level, head, number, start, "promulgated"):
        advance(ctx, str(doc["id"]), step)
    return doc["id"]


def test_references_and_filters(ctx):
    a = promulgate(
        ctx,
        "元宝山区人民政府关于甲事项的通知",
        "元宝山区人民政府",
        "王区长",
        "government",
        "元政发〔2020〕3号",
        date(2020, 3, 2),
    )
    b = promulgate(
        ctx,
        "元宝山区教育局关于乙事项的通知",
        "元宝山区教育局",
        "李局长",
        "department",
        "元教发〔2026〕3号",
        date(2026, 3, 2),
    )
    c = new_document(ctx, title="元宝山区人民政府关于丙事项的通知", issuer="元宝山区人民政府")["id"]

    assert show_document(ctx, "元政发(2020)第003号")["id"] == a
    assert show_document(ctx, "元政发【2020】3号")["id"] == a
    assert show_document(ctx, show_document(ctx, str(b))["registration_no"])["id"] == b
    with pytest.raises(NotFound, match="no document 元政发〔2019〕1号"):
        show_document(ctx, "元政发〔2019〕1号")

    ids = lambda rows: [r["id"] for r in rows]  # noqa: E731
    assert ids(list_documents(ctx, stage="drafting")) == [c]
    assert ids(list_documents(ctx, stage="promulgated,drafting")) == [a, b, c]
    assert ids(list_documents(ctx, issuer="元宝山区教育局")) == [b]
    assert ids(list_documents(ctx, year=2020)) == [a]
    assert ids(list_documents(ctx, validity="in_force")) == [b]  # a expired on 2025-03-19
    assert ids(list_documents(ctx, validity="expired")) == [a]
    assert ids(list_documents(ctx, validity="in_force", as_of=date(2024, 1, 1))) == [a]
    assert ids(list_documents(ctx, validity="not_promulgated")) == [c]
    with pytest.raises(InvalidInput, match="unknown value"):
        list_documents(ctx, validity="valid")


def test_same_number_for_two_issuers_asks_for_the_id(ctx):
    # Publishing refuses a 文号 another issuer has; an older registry may still hold two.
    a = promulgate(
        ctx, "甲", "元宝山区人民政府", "王区长", "government", "元政发〔2026〕1号", date(2026, 3, 2)
    )
    b = promulgate(
        ctx, "乙", "元宝山区教育局", "李局长", "department", "元教发〔2026〕1号", date(2026, 3, 2)
    )
    with sqlite3.connect(ctx.db) as connection:
        connection.execute(
            "UPDATE document SET doc_number = '元发〔2026〕1号' WHERE id IN (?, ?)", (a, b)
        )
    with pytest.raises(Refused) as refused:
        show_document(ctx, "元发〔2026〕1号")
    assert f"{a} (元宝山区人民政府)" in refused.value.message
    assert f"{b} (元宝山区教育局)" in refused.value.message


def test_history_lists_every_step_with_actor(ctx):
    doc = promulgate(
        ctx,
        "元宝山区人民政府关于甲事项的通知",
        "元宝山区人民政府",
        "王区长",
        "government",
        "元政发〔2026〕3号",
        date(2026, 3, 2),
    )
    history = document_history(ctx, str(doc))
    assert [(e["from_stage"], e["to_stage"]) for e in history] == [
        (None, "drafting"),
        ("drafting", "under_review"),
        ("under_review", "revision_required"),
        ("revision_required", "reviewed"),
        ("reviewed", "approved"),
        ("approved", "signed"),
        ("signed", "promulgated"),
    ]
    assert history[2]["details"]["opinion"].startswith("第五条")
    assert {e["actor"] for e in history} == {"clerk"}
