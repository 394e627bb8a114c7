"""Search on PostgreSQL: the same answers as Python's `in`, with the tsvector index.

Runs on the session's PostgreSQL server (tests/pg_server.py: a throwaway cluster, or the one
NORMDOCS_TEST_POSTGRES names), in a database of its own that is dropped afterwards.
"""

import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from searchcorpus import Corpus, build_corpus, random_text

from normdocs.services.agencies import add_agency
from normdocs.services.context import AppContext
from normdocs.services.registry import init_registry
from normdocs.services.search import search_documents

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pg_corpus(postgres_server: str) -> Iterator[Corpus]:
    from sqlalchemy import create_engine, text

    from normdocs.store.engine import database_url

    name = f"normdocs_search_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database_url(postgres_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = postgres_server.rsplit("/", 1)[0] + "/" + name
    ctx = AppContext(db=url, actor="tester", today_override=date(2026, 11, 27))
    try:
        init_registry(ctx)
        add_agency(ctx, name="元宝山区人民政府", code="元政发", level="government", head="王")
        add_agency(
            ctx,
            name="元宝山区教育局",
            code="元教发",
            level="department",
            parent="元宝山区人民政府",
            head="李",
        )
        yield Corpus(ctx, build_corpus(ctx, 200, seed=5))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_terms_of_every_length_find_what_in_finds(pg_corpus):
    import random

    rng = random.Random(11)
    terms = [
        "罚",
        "a",
        "罚款",
        "pm",
        "行政处",
        "中华人民",
        "中华人民共和国法",
        "PM2.5",
        "可。行",
        "国 法",
    ]
    for _ in range(40):
        doc = rng.choice(pg_corpus.docs)
        source = doc.text or doc.title
        length = rng.randint(1, min(8, len(source)))
        start = rng.randrange(len(source) - length + 1)
        terms.append(source[start : start + length])
    terms += [random_text(rng, 1, 4) for _ in range(20)]
    checked = 0
    for term in terms:
        if not any(ch.isalnum() for ch in term):
            continue
        expected = pg_corpus.expected(term)
        result = search_documents(pg_corpus.ctx, term, limit=1000)
        assert (result.total, [h["id"] for h in result.hits]) == (len(expected), expected), term
        checked += 1
    assert checked > 50


def test_filters_paging_and_a_replaced_text(pg_corpus):
    from normdocs.store.engine import transaction
    from normdocs.store.queries import put_text

    expected = pg_corpus.expected("罚", issuer_id=2, year=2020)
    result = search_documents(pg_corpus.ctx, "罚", issuer="元宝山区教育局", year=2020, limit=1000)
    assert [h["id"] for h in result.hits] == expected
    page = search_documents(pg_corpus.ctx, "罚", limit=3, offset=3)
    assert [h["id"] for h in page.hits] == pg_corpus.expected("罚")[3:6]

    target = pg_corpus.docs[0]
    with transaction(pg_corpus.ctx.engine(), pg_corpus.ctx.db) as session:
        put_text(session, target.id, "全新的文本：消防通道畅通。", None, "new-hash")
    assert [h["id"] for h in search_documents(pg_corpus.ctx, "消防通道").hits] == [target.id]


def test_an_older_registry_is_indexed_on_upgrade(postgres_database: str) -> None:
    from sqlalchemy import text

    from normdocs.store.engine import make_engine
    from normdocs.store.migrate import upgrade

    ctx = AppContext(db=postgres_database, actor="t")
    engine = make_engine(ctx.db, must_exist=False)
    upgrade(engine, "0003_law_cleanup_audit")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO agency (id, name, level, created_at)"
                " VALUES (1, '息县人民政府', 'government', now());"
                "INSERT INTO document (id, title, issuer_id, interim, stage, origin,"
                " review_emergency, review_late, revision_recorded, validity_stated,"
                " filed_late, awaiting_amendment, promulgated_on, created_at) VALUES"
                " (1, '关于禁燃区的通告', 1, false, 'promulgated', 'imported', false, false,"
                " false, false, false, false, '2019-03-15', now());"
                "INSERT INTO document_text (document_id, text, content_hash)"
                " VALUES (1, '禁止销售、使用燃煤。', 'h')"
            )
        )
    engine.dispose()
    init_registry(ctx)
    assert [h["id"] for h in search_documents(ctx, "燃煤").hits] == [1]
    assert [h["id"] for h in search_documents(ctx, "禁燃区").hits] == [1]
    assert search_documents(ctx, "使用燃煤。").total == 1


def test_a_doc_number_in_another_style_finds_the_registered_document(pg_corpus):
    from datetime import UTC, datetime

    from searchcorpus import Doc

    from normdocs.store.engine import transaction
    from normdocs.store.queries import insert_document, put_text
    from normdocs.store.search import index_documents

    made: list[Doc] = []
    with transaction(pg_corpus.ctx.engine(), pg_corpus.ctx.db) as session:
        for title, text, number, day in [
            ("关于禁燃的通告", "元政发〔2019〕21号\n全区禁燃。", "元政发〔2019〕21号", 4),
            ("关于禁燃的通知", "根据元政发[2019]21号执行。", None, 5),
        ]:
            promulgated = date(2039, 1, day)  # newer than every generated document
            document_id = insert_document(
                session,
                {
                    "title": title,
                    "issuer_id": 1,
                    "interim": False,
                    "stage": "promulgated",
                    "origin": "imported",
                    "doc_number": number,
                    "promulgated_on": promulgated,
                    "review_emergency": False,
                    "review_late": False,
                    "revision_recorded": False,
                    "validity_stated": False,
                    "filed_late": False,
                    "created_at": datetime(2039, 1, 1, tzinfo=UTC),
                },
            )
            put_text(session, document_id, text, None, f"hash-{document_id}")
            made.append(Doc(document_id, title, text, 1, promulgated, datetime(2039, 1, 1)))
        index_documents(session, [(d.id, d.title, d.text) for d in made])
    pg_corpus.docs.extend(made)  # the other tests' brute-force answers include them
    own, square = made[0].id, made[1].id

    for typed, expected in [
        # Every text citing it, whatever style it prints it in (issue 12).
        ("元政发[2019]21号", [square, own]),
        ("元政发（2019）第021号", [square, own]),
        ("元政发〔2019〕21号", [square, own]),  # own in its text and registered: counted once
    ]:
        result = search_documents(pg_corpus.ctx, typed)
        assert ([h["id"] for h in result.hits], result.total) == (expected, len(expected)), typed
        assert search_documents(pg_corpus.ctx, typed, count_only=True).total == len(expected)
        assert result.hits[-1]["in_doc_number"] is True
    assert search_documents(pg_corpus.ctx, "元政发[2019]21号", issuer="元宝山区教育局").hits == []
    assert search_documents(pg_corpus.ctx, "元政发〔2019〕21", limit=5).total == 1  # no 号
