"""Bulk reads and writes of a batch import: lookups of what is already registered, and inserts
of many documents and texts in one statement each (never row by row through the ORM)."""

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import and_, func, insert, select
from sqlalchemy import text as sql
from sqlmodel import Session

from normdocs.store.bulk import bulk_insert
from normdocs.store.queries import agency_t, document_t, text_t
from normdocs.store.records import _event

# Parameters per IN (…) list: well under every driver's limit (SQLite allows 32,766).
CHUNK = 500
T = TypeVar("T")


def _chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def agencies(session: Session) -> list[dict[str, Any]]:
    """Every registered agency: id, name, code, level, parent_id, legal_office."""
    a = agency_t.c
    rows = session.execute(
        select(a.id, a.name, a.code, a.level, a.parent_id, a.legal_office).order_by(a.id)
    ).mappings()
    return [dict(r) for r in rows]


def documents_with_hashes(session: Session, hashes: Iterable[str]) -> dict[str, dict[str, Any]]:
    """{content hash: the document that has that text} for the hashes already registered."""
    wanted = sorted(set(hashes))
    found: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(wanted):
        rows = session.execute(
            select(
                text_t.c.content_hash,
                text_t.c.document_id.label("id"),
                text_t.c.source_name,
                document_t.c.title,
            )
            .join(document_t, document_t.c.id == text_t.c.document_id)
            .where(text_t.c.content_hash.in_(list(chunk)))
        ).mappings()
        for r in rows:
            found.setdefault(r["content_hash"], dict(r))
    return found


def documents_with_numbers(
    session: Session, numbers: Iterable[str]
) -> dict[tuple[int, str], dict[str, Any]]:
    """{(issuer id, 文号): the document} for the numbers already registered."""
    wanted = sorted(set(numbers))
    found: dict[tuple[int, str], dict[str, Any]] = {}
    d = document_t.c
    for chunk in _chunks(wanted):
        rows = session.execute(
            select(
                d.id,
                d.issuer_id,
                d.doc_number,
                d.title,
                text_t.c.content_hash,
                text_t.c.source_name,
            )
            .select_from(document_t.outerjoin(text_t, text_t.c.document_id == d.id))
            .where(d.doc_number.in_(list(chunk)))
        ).mappings()
        for r in rows:
            found[(r["issuer_id"], r["doc_number"])] = dict(r)
    return found


def documents_with_titles(
    session: Session, titles: Iterable[str]
) -> dict[tuple[int, str, date | None], dict[str, Any]]:
    """{(issuer id, title, promulgation date): the document} for titles already registered."""
    wanted = sorted(set(titles))
    found: dict[tuple[int, str, date | None], dict[str, Any]] = {}
    d = document_t.c
    for chunk in _chunks(wanted):
        rows = session.execute(
            select(
                d.id,
                d.issuer_id,
                d.title,
                d.promulgated_on,
                d.doc_number,
                text_t.c.content_hash,
                text_t.c.source_name,
            )
            .select_from(document_t.outerjoin(text_t, text_t.c.document_id == d.id))
            .where(d.title.in_(list(chunk)))
        ).mappings()
        for r in rows:
            found.setdefault((r["issuer_id"], r["title"], r["promulgated_on"]), dict(r))
    return found


def import_sources(session: Session, document_ids: Iterable[int]) -> dict[int, str]:
    """Where imported documents came from ("file, row 5"), read from their import events."""
    wanted = sorted(set(document_ids))
    found: dict[int, str] = {}
    e = _event.c
    for chunk in _chunks(wanted):
        rows = session.execute(
            select(e.document_id, e.details).where(
                and_(e.document_id.in_(list(chunk)), e.action == "document.import")
            )
        )
        for document_id, details in rows:
            info = json.loads(details)
            where = info.get("source") or ""
            if info.get("row"):
                where += f", row {info['row']}"
            found[int(document_id)] = where
    return found


def reserve_document_ids(session: Session, count: int) -> list[int]:
    """`count` new document ids, taken before the rows are inserted so that one executemany
    writes them all (an INSERT … RETURNING per row is 30× slower on SQLite).

    SQLite: the writer holds the database lock from BEGIN IMMEDIATE, so max(id)+1… is free.
    PostgreSQL: the ids come from the table's own sequence, which other writers share.
    """
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(
            sql(
                "SELECT nextval(pg_get_serial_sequence('document', 'id')) FROM generate_series(1, :n)"
            ),
            {"n": count},
        )
        return sorted(int(r[0]) for r in rows)
    last = session.execute(select(func.coalesce(func.max(document_t.c.id), 0))).scalar_one()
    return list(range(int(last) + 1, int(last) + 1 + count))


def insert_documents(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert many documents (all with the same keys) in one executemany; their ids in order.

    On SQLite the rows go straight to the driver's executemany, values written exactly as
    SQLAlchemy writes them (ISO dates, "YYYY-MM-DD HH:MM:SS.ffffff" UTC times, 0/1): building
    each row's parameters through SQLAlchemy costs ten times the insert itself.
    """
    if not rows:
        return []
    ids = reserve_document_ids(session, len(rows))
    bulk_insert(
        session, document_t, [{"id": doc_id, **row} for row, doc_id in zip(rows, ids, strict=True)]
    )
    return ids


def insert_texts(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert full texts: document_id, text, source_name, content_hash."""
    if rows:
        session.execute(insert(text_t), rows)
