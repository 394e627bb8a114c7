"""The reports on PostgreSQL give what they give on SQLite: the same known-answer registry built
on both, every figure, list and explanation compared."""

from collections.abc import Iterator

import pytest
from known import DEPARTMENT, GOVERNMENT, TODAY, build, make_context

from normdocs.services import reports
from normdocs.services.agencies import add_agency
from normdocs.services.registry import init_registry

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def on_postgres(postgres_server: str) -> Iterator[str]:
    import uuid

    from sqlalchemy import create_engine, text

    from normdocs.store.engine import database_url

    name = f"normdocs_reports_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database_url(postgres_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = postgres_server.rsplit("/", 1)[0] + "/" + name
    try:
        ctx = make_context(url)
        init_registry(ctx)
        add_agency(
            ctx,
            name=GOVERNMENT.name,
            code=GOVERNMENT.code,
            level="government",
            head=GOVERNMENT.head,
            legal_office="元宝山区司法局",
        )
        add_agency(
            ctx,
            name=DEPARTMENT.name,
            code=DEPARTMENT.code,
            level="department",
            parent=GOVERNMENT.name,
            head=DEPARTMENT.head,
        )
        ctx.close()
        build(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _builders(known):  # type: ignore[no-untyped-def]
    yield reports.stats(2026, TODAY)
    yield reports.stats(2026, TODAY, [DEPARTMENT.name])
    for code in reports.RATES:
        yield reports.explain(2026, TODAY, code)
    yield reports.catalog(TODAY)
    yield reports.ledger(2026, TODAY)
    yield reports.cleanup(str(known.campaign), TODAY)
    yield reports.opinion(str(known.government[0]), TODAY)


def test_postgres_and_sqlite_give_the_same_reports(on_postgres, known):  # type: ignore[no-untyped-def]
    pg, sqlite = make_context(on_postgres), make_context(known.path)
    try:
        for build_report in _builders(known):
            expected = reports.read(sqlite, build_report)
            got = reports.read(pg, build_report)
            assert got.data == expected.data, expected.kind
            assert got.tables == expected.tables, expected.kind
    finally:
        pg.close()
        sqlite.close()
    assert expected.data["document_id"] == known.government[0]
