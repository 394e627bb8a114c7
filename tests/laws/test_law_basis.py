"""Basis links: citations stored when a document is registered or imported (resolved to the
version in force on its date, or to a registered document, or kept unresolved), links by hand,
and a document's citations as `law citations` shows them."""

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from normdocs.domain.errors import Duplicate, InvalidInput, NotFound, Refused
from normdocs.services.basis import CitationBatch, forget_citations, record_citations
from normdocs.services.law_links import link_law
from normdocs.services.laws import document_citations, show_law, unresolved_citations
from normdocs.store.engine import transaction
from normdocs.store.models import Document

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
DOCUMENTS = Path(__file__).resolve().parents[2] / "samples" / "documents"


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


def imported(session, *, title: str, number: str | None, promulgated: date | None) -> int:
    """A document row as the importer writes it (issuer 1 of the template)."""
    result = session.execute(
        insert(Document.__table__).values(
            title=title,
            issuer_id=1,
            stage="promulgated",
            origin="imported",
            doc_number=number,
            promulgated_on=promulgated,
            created_at=NOW,
        )
    )
    return int(result.inserted_primary_key[0])


def cite(
    reg, text: str, on: date | None, *, number: str | None = None, title: str = "某文件"
) -> int:
    with transaction(reg.ctx.engine(), reg.ctx.db) as session:
        document_id = imported(session, title=title, number=number, promulgated=on)
        record_citations(session, document_id=document_id, text=text, on=on, now=NOW)
    return document_id


def resolved(reg, document_id: int) -> dict[str, str | None]:
    return {c["citation"]: c["resolved_to"] for c in document_citations(reg.ctx, str(document_id))}


@pytest.mark.parametrize(
    ("promulgated", "version"),
    [(date(2016, 5, 1), "2015-03-15"), (date(2023, 6, 1), "2023-03-13")],
)
def test_a_document_rests_on_the_version_in_force_on_its_date(reg, promulgated, version):
    document_id = cite(reg, "根据《立法法》第九十三条的规定", promulgated)
    (citation,) = document_citations(reg.ctx, str(document_id))
    assert citation["law_version"] == version and citation["article"] == "第九十三条"
    assert citation["law_status"] == ("superseded" if version == "2015-03-15" else "in_force")


def test_unresolved_citations_are_kept_and_shown(reg, docs):
    assert resolved(reg, docs.other) == {
        "《中华人民共和国大气污染防治法》": "中华人民共和国大气污染防治法 (2018-10-26)",
        "《某某省大气环境保护条例》": None,
    }
    unresolved = {u["citation"]: u for u in unresolved_citations(reg.ctx)}
    assert unresolved["《某某省大气环境保护条例》"]["document_ids"] == [docs.other]
    assert unresolved["《某某省大气环境保护条例》"]["kind"] == "law"


def test_a_document_cited_by_number_resolves_to_the_registered_document(reg):
    cited = cite(reg, "全文", date(2017, 5, 1), number="粤卫函〔2017〕568号", title="广东省…的通知")
    text = (DOCUMENTS / "A11-guangzhou-2023-huoqin-xiushi.txt").read_text(encoding="utf-8")
    citing = cite(
        reg,
        text,
        date(2023, 11, 8),
        number="穗府规〔2023〕5号",
        title="广州市人民政府关于活禽经营市场每月休市时间的通告",
    )
    citations = document_citations(reg.ctx, str(citing))
    # The header's own number and title are not citations of itself.
    assert [(c["kind"], c["cited_number"], c["cited_document_id"]) for c in citations] == [
        ("law", None, None),
        ("document", "粤卫函〔2017〕568号", cited),
    ]


def test_a_document_cited_by_title_resolves_when_registered_later(reg, docs):
    citing = cite(reg, "根据《元宝山区人民政府关于暂停活禽交易的通告》精神", date(2026, 11, 1))
    assert resolved(reg, citing) == {
        "《元宝山区人民政府关于暂停活禽交易的通告》": f"document {docs.in_force} "
        "元宝山区人民政府关于暂停活禽交易的通告"
    }


def test_citations_are_written_by_the_call_and_rolled_back_with_its_transaction(reg):
    """No session hook: the rows are in the table right after record_citations, and a failed
    transaction takes them with it."""
    count = "SELECT count(*) FROM basis WHERE citation = '《立法法》'"
    with pytest.raises(RuntimeError), transaction(reg.ctx.engine(), reg.ctx.db) as session:
        document_id = imported(session, title="甲", number=None, promulgated=None)
        record_citations(session, document_id=document_id, text="依照《立法法》", on=None, now=NOW)
        assert session.execute(text(count)).scalar() == 1
        raise RuntimeError("the import failed")
    assert rows(reg.path, count) == [(0,)]
    with transaction(reg.ctx.engine(), reg.ctx.db) as session:
        document_id = imported(session, title="乙", number=None, promulgated=None)
        made = record_citations(
            session, document_id=document_id, text="依照《立法法》", on=None, now=NOW
        )
        assert len(made) == 1 and made[0]["law_id"] is not None
        assert session.execute(text(count)).scalar() == 1
    assert rows(reg.path, count) == [(1,)]


def test_a_batch_writes_when_told_and_forgets_a_replaced_text(reg):
    count = "SELECT count(*) FROM basis WHERE document_id = :id"
    with transaction(reg.ctx.engine(), reg.ctx.db) as session:
        first = imported(session, title="甲", number=None, promulgated=None)
        second = imported(session, title="乙", number=None, promulgated=None)
        batch = CitationBatch(session)
        record_citations(
            session, document_id=first, text="依照《立法法》", on=None, now=NOW, batch=batch
        )
        record_citations(
            session, document_id=second, text="根据《行政许可法》《立法法》", on=None, now=NOW,
            batch=batch,
        )  # fmt: skip
        forget_citations(session, first, batch)  # its text was replaced before the write
        assert session.execute(text(count), {"id": second}).scalar() == 0  # waiting
        assert batch.write() == 2
        assert batch.write() == 0  # written once
        written = {i: session.execute(text(count), {"id": i}).scalar() for i in (first, second)}
    assert written == {first: 0, second: 2}


def test_documents_of_several_batches_in_one_transaction(reg, monkeypatch):
    """More documents than one batch holds: every citation of every document is written, once."""
    monkeypatch.setattr("normdocs.services.basis._FLUSH_AT", 40)
    texts = [p.read_text(encoding="utf-8") for p in sorted(DOCUMENTS.glob("*.txt"))]
    expected: dict[int, int] = {}
    with transaction(reg.ctx.engine(), reg.ctx.db) as session:
        batch = CitationBatch(session)
        for n in range(130):
            document_id = imported(session, title=f"文件{n}", number=None, promulgated=None)
            text_ = texts[n % len(texts)]
            record_citations(
                session, document_id=document_id, text=text_, on=None, now=NOW, batch=batch
            )
            expected[document_id] = len(_citations(text_))
        batch.write()
    written = dict(
        rows(
            reg.path,
            "SELECT document_id, count(*) FROM basis WHERE document_id >= ? GROUP BY 1",
            min(expected),
        )
    )
    assert written == {k: v for k, v in expected.items() if v}


def _citations(text: str) -> list:
    from normdocs.domain.citations import find_citations

    return find_citations(text)


def test_link_by_hand_records_a_manual_basis_and_an_event(reg, docs):
    result = link_law(reg.ctx, str(docs.other), "中华人民共和国行政许可法", article="第17条")
    assert result["article"] == "第17条" and result["version"] == "2019-04-23"
    (citation,) = [
        c for c in document_citations(reg.ctx, str(docs.other)) if c["origin"] == "manual"
    ]
    assert citation["resolved_to"] == "中华人民共和国行政许可法 (2019-04-23)"
    history = reg.events(docs.other)
    assert history[-1]["action"] == "basis.link"
    assert history[-1]["details"]["law_id"] == result["law_id"]
    shown = show_law(reg.ctx, "行政许可法")
    assert [(d["id"], d["article"], d["origin"]) for d in shown["documents"]] == [
        (docs.other, "第17条", "manual")
    ]


def test_link_resolves_a_misnamed_citation(reg, docs):
    text = (DOCUMENTS / "A10-leishan-2020-huoqin.txt").read_text(encoding="utf-8")
    document_id = cite(reg, text, date(2020, 12, 31), number="雷府〔2020〕1号")
    assert resolved(reg, document_id)["《突发公共卫生应急条例》"] is None
    link_law(reg.ctx, str(document_id), "突发公共卫生事件应急条例", citation="突发公共卫生应急条例")
    assert resolved(reg, document_id)["《突发公共卫生应急条例》"] == (
        "突发公共卫生事件应急条例 (2011-01-08)"
    )
    assert "《突发公共卫生应急条例》" not in {u["citation"] for u in unresolved_citations(reg.ctx)}


def test_an_article_given_in_figures_is_the_article_given_in_chinese(reg, docs):
    """第十二条 and 12 are one article: the second link is refused as already there; 第0条 is
    no article."""
    link_law(reg.ctx, str(docs.other), "立法法", article="第十二条")
    before = reg.snapshot()
    for same in ("12", "第12条", "第１２条"):
        with pytest.raises(Duplicate, match="already rests on"):
            link_law(reg.ctx, str(docs.other), "立法法", article=same)
    with pytest.raises(InvalidInput, match="is not an article"):
        link_law(reg.ctx, str(docs.other), "立法法", article="第0条")
    assert reg.snapshot() == before
    link_law(reg.ctx, str(docs.other), "立法法", article="第十二条第二款")  # another article


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        (
            ("{other}", "大气污染防治法"),
            {},
            Duplicate,
            "already rests on 中华人民共和国大气污染防治法",
        ),
        (("{other}", "突发公共卫生应急条例"), {}, NotFound, "no law 突发公共卫生应急条例"),
        (("99999", "立法法"), {}, NotFound, "no document 99999"),
        (("{other}", "立法法"), {"article": "九十三"}, InvalidInput, "is not an article"),
        (
            ("{other}", "立法法"),
            {"citation": "《不存在的条例》"},
            NotFound,
            "has no unresolved citation 《不存在的条例》",
        ),
    ],
    ids=["duplicate", "unknown-law", "unknown-document", "bad-article", "no-such-citation"],
)
def test_link_refusals_change_nothing(reg, docs, args, kwargs, error, message):
    before = reg.snapshot()
    with pytest.raises(error) as refused:
        link_law(reg.ctx, args[0].format(other=docs.other), args[1], **kwargs)
    assert message in refused.value.message
    assert reg.snapshot() == before


def test_an_ambiguous_title_in_link_is_refused(reg, docs):
    from normdocs.services.laws import add_law

    add_law(reg.ctx, title="广州市养犬管理规定", level="地方政府规章", short_title="养犬规定")
    add_law(reg.ctx, title="深圳市养犬管理规定", level="地方政府规章", short_title="养犬规定")
    before = reg.snapshot()
    with pytest.raises(Refused) as refused:
        link_law(reg.ctx, str(docs.other), "《养犬规定》")
    assert "广州市养犬管理规定" in refused.value.message
    assert reg.snapshot() == before
