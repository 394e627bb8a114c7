"""Bulk reads and writes of a batch import: lookups of what is already registered, and inserts
of many documents and texts in one statement each (never row by row through the ORM)."""

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple, TypedDict, TypeVar, cast

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy import text as sql
from sqlmodel import Session

from normdocs.domain.json import JSONObject
from normdocs.store.bulk import insert_rows
from normdocs.store.engine import stored_json
from normdocs.store.models import ImportBatch
from normdocs.store.queries import agency_t, document_t, text_t, version_t
from normdocs.store.rows import AgencyRow
from normdocs.store.tables import event_t as _event

# Parameters per IN (…) list: well under every driver's limit (SQLite allows 32,766).
CHUNK = 500
T = TypeVar("T")


def _chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# Page cache of a bulk load (KiB). Every new document goes into several indexes at places
# spread over them; with SQLite's default 2 MB of cache most of those pages are read, evicted
# and read again — 100,000 rows went in 1.6× faster with 64 MB (benchmarks/import.py).
BULK_CACHE_KIB = 65_536


def prepare_bulk_load(session: Session) -> None:
    """Settings of this connection for a batch that writes many rows (SQLite; no-op elsewhere)."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")


def document_count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(document_t)).scalar_one())


# The indexes a batch import reads while it runs: documents without a 文号 are looked up by
# title, and the documents a text cites by 文号 alone (laws.documents_by_numbers). The others
# (expiry, promulgation date, stage, issuer) are only written.
_READ_BY_IMPORT = ("ix_document_title", "ix_document_doc_number")


def defer_document_indexes(session: Session) -> list[str]:
    """Drop the document table's secondary indexes for a bulk load; returns their CREATE
    statements for restore_indexes. Building an index once over 100,000 rows costs a fraction
    of updating it row by row. SQLite only (inside the load's transaction, so a rollback puts
    them back, and readers keep theirs); elsewhere nothing is dropped. Unique indexes stay: they
    are the constraints."""
    if session.get_bind().dialect.name != "sqlite":
        return []
    connection = session.connection()
    found = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'document' "
        "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name"
    ).all()
    dropped = [(str(name), str(sql)) for name, sql in found if name not in _READ_BY_IMPORT]
    for name, _sql in dropped:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    return [sql for _name, sql in dropped]


def restore_indexes(session: Session, statements: Sequence[str]) -> None:
    connection = session.connection()
    for statement in statements:
        connection.exec_driver_sql(statement)


def agencies(session: Session) -> list[AgencyRow]:
    """Every registered agency, by id."""
    rows = session.execute(select(agency_t).order_by(agency_t.c.id)).mappings()
    return [cast(AgencyRow, dict(r)) for r in rows]


class StoredMatch(NamedTuple):
    """A registered document that shares a key with an item being imported, and its text's
    hash and source (None: it has no text, as a register row's)."""

    id: int
    issuer_id: int
    title: str
    doc_number: str | None
    promulgated_on: date | None
    end_reason: str | None
    content_hash: str | None
    source_name: str | None


def _match_select() -> Any:
    """The columns of StoredMatch, by name, in its order (so each row is one)."""
    text = text_t.c
    columns = {**document_t.c, "content_hash": text.content_hash, "source_name": text.source_name}
    return select(*(columns[name] for name in StoredMatch._fields)).select_from(
        document_t.outerjoin(text_t, text_t.c.document_id == document_t.c.id)
    )


def _not_withdrawn() -> Any:
    """A withdrawn document (撤回, or made by an import since undone) is no duplicate of what is
    imported again. (By 文号 it may still be: an undo of an older version kept its 文号.)"""
    return document_t.c.stage != "withdrawn"


def documents_with_hashes(session: Session, hashes: Iterable[str]) -> dict[str, StoredMatch]:
    """{content hash: the document that has that text} for the hashes already registered."""
    wanted = sorted(set(hashes))
    found: dict[str, StoredMatch] = {}
    for chunk in _chunks(wanted):
        rows = session.execute(
            _match_select().where(text_t.c.content_hash.in_(list(chunk)), _not_withdrawn())
        )
        for r in rows:
            match = StoredMatch._make(r)
            assert match.content_hash is not None
            found.setdefault(match.content_hash, match)
    return found


def documents_with_numbers(
    session: Session, numbers: Iterable[tuple[int, str]]
) -> dict[tuple[int, str], StoredMatch]:
    """{(issuer id, 文号): the document} for the (issuer id, 文号) pairs already registered.

    One query per issuer, through the unique index on (issuer, 文号)."""
    by_issuer: dict[int, set[str]] = {}
    for issuer_id, number in numbers:
        by_issuer.setdefault(issuer_id, set()).add(number)
    found: dict[tuple[int, str], StoredMatch] = {}
    d = document_t.c
    for issuer_id, wanted in sorted(by_issuer.items()):
        for chunk in _chunks(sorted(wanted)):
            rows = session.execute(
                _match_select().where(d.issuer_id == issuer_id, d.doc_number.in_(list(chunk)))
            )
            for r in rows:
                match = StoredMatch._make(r)
                assert match.doc_number is not None
                found[(match.issuer_id, match.doc_number)] = match
    return found


def holders_of_numbers(session: Session, numbers: Iterable[str]) -> dict[str, StoredMatch]:
    """{文号: the document, of any issuer, that has it} for the numbers already registered."""
    found: dict[str, StoredMatch] = {}
    for chunk in _chunks(sorted(set(numbers))):
        rows = session.execute(_match_select().where(document_t.c.doc_number.in_(list(chunk))))
        for r in rows:
            match = StoredMatch._make(r)
            assert match.doc_number is not None
            found.setdefault(match.doc_number, match)
    return found


def documents_with_titles(
    session: Session, titles: Iterable[str]
) -> dict[tuple[int, str, date | None], StoredMatch]:
    """{(issuer id, title, promulgation date): the document} for titles already registered."""
    wanted = sorted(set(titles))
    found: dict[tuple[int, str, date | None], StoredMatch] = {}
    for chunk in _chunks(wanted):
        rows = session.execute(
            _match_select().where(document_t.c.title.in_(list(chunk)), _not_withdrawn())
        )
        for r in rows:
            match = StoredMatch._make(r)
            found.setdefault((match.issuer_id, match.title, match.promulgated_on), match)
    return found


def import_sources(
    session: Session, document_ids: Iterable[int]
) -> dict[int, tuple[str, int | None]]:
    """Where imported documents came from (the file, and the register row or None), read from
    their import events."""
    wanted = sorted(set(document_ids))
    found: dict[int, tuple[str, int | None]] = {}
    e = _event.c
    for chunk in _chunks(wanted):
        rows = session.execute(
            select(e.document_id, e.details).where(
                and_(e.document_id.in_(list(chunk)), e.action == "document.import")
            )
        )
        for document_id, details in rows:
            info = stored_json(details)
            found[int(document_id)] = (info.get("source") or "", info.get("row") or None)
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


class NewDocument(NamedTuple):
    """An imported document's row: its fields are the document table's columns, by name (the
    tuple goes to the driver as it is)."""

    title: str | None
    interim: bool
    stage: str
    origin: str
    doc_number: str | None
    promulgated_on: date | None
    effective_on: date | None
    expires_on: date | None
    validity_stated: bool
    ended_on: date | None
    end_reason: str | None
    registration_no: str | None
    filing_outcome: str | None
    issuer_id: int
    created_at: datetime
    import_batch_id: int | None
    review_emergency: bool = False
    review_late: bool = False
    revision_recorded: bool = False
    filed_late: bool = False
    awaiting_amendment: bool = False


def insert_documents(session: Session, rows: Sequence[NewDocument]) -> list[int]:
    """Insert many documents in one executemany; their ids, in order."""
    if not rows:
        return []
    ids = reserve_document_ids(session, len(rows))
    insert_rows(
        session,
        document_t,
        ("id", *NewDocument._fields),
        [(doc_id, *row) for doc_id, row in zip(ids, rows, strict=True)],
    )
    return ids


def adopt_stated_validity(
    session: Session, document_id: int, effective_on: date, expires_on: date | None
) -> bool:
    """Give a document the validity its text states, unless it has a stated one already (a
    register row that gave none had the profile's default); whether it was changed."""
    d = document_t.c
    result = session.execute(
        update(document_t)
        .where(d.id == document_id, d.validity_stated.is_(False))
        .values(effective_on=effective_on, expires_on=expires_on, validity_stated=True)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def set_missing_number(session: Session, document_id: int, number: str) -> bool:
    """Give a document without a 文号 this one; whether it was changed."""
    d = document_t.c
    result = session.execute(
        update(document_t)
        .where(d.id == document_id, d.doc_number.is_(None))
        .values(doc_number=number)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


class TextRow(NamedTuple):
    """A document's current full text (the document_text table's columns, by name)."""

    document_id: int
    text: str
    source_name: str | None
    content_hash: str


def insert_texts(session: Session, rows: Sequence[TextRow]) -> None:
    """Insert full texts in one statement."""
    if rows:
        session.execute(insert(text_t), [row._asdict() for row in rows])


class NewTextVersion(NamedTuple):
    """One version of a document's text (the text_version table's columns, by name); no
    original file is kept for an imported text (its sha256 is in the event)."""

    document_id: int
    version: int
    text: str
    source_name: str | None
    content_hash: str
    event_id: int
    created_at: datetime


def insert_text_versions(session: Session, rows: Sequence[NewTextVersion]) -> None:
    """Insert text versions in one executemany."""
    insert_rows(session, version_t, NewTextVersion._fields, rows)


# --- import batches -------------------------------------------------------------------------

_batch_t = ImportBatch.__table__  # type: ignore[attr-defined]


def insert_batch(
    session: Session, *, started_at: datetime, actor: str, sources: Sequence[str]
) -> int:
    """A new import_batch row (its counts are written when the run ends); its id."""
    result = session.execute(
        insert(_batch_t).values(
            started_at=started_at,
            actor=actor,
            sources=json.dumps(list(sources), ensure_ascii=False),
            new_count=0,
            rejected_count=0,
        )
    )
    key = result.inserted_primary_key  # type: ignore[attr-defined]
    assert key is not None
    return int(key[0])


def finish_batch(session: Session, batch_id: int, *, new_count: int, rejected_count: int) -> None:
    session.execute(
        update(_batch_t)
        .where(_batch_t.c.id == batch_id)
        .values(new_count=new_count, rejected_count=rejected_count)
    )


class ImportBatchRow(TypedDict):
    """One row of import_batch; `sources` is its JSON list of the paths given, as stored."""

    id: int
    started_at: datetime
    actor: str
    sources: str
    new_count: int
    rejected_count: int
    undone_at: datetime | None
    undone_reason: str | None


def all_batches(session: Session) -> list[ImportBatchRow]:
    rows = session.execute(select(_batch_t).order_by(_batch_t.c.id)).mappings()
    return [cast(ImportBatchRow, dict(r)) for r in rows]


def batch_by_id(session: Session, batch_id: int) -> ImportBatchRow | None:
    row = session.execute(select(_batch_t).where(_batch_t.c.id == batch_id)).mappings().first()
    return cast(ImportBatchRow, dict(row)) if row else None


def mark_batch_undone(session: Session, batch_id: int, *, at: datetime, reason: str) -> None:
    session.execute(
        update(_batch_t).where(_batch_t.c.id == batch_id).values(undone_at=at, undone_reason=reason)
    )


class BatchDocument(TypedDict):
    """A document an import batch created, as undoing it reads it."""

    id: int
    title: str
    doc_number: str | None
    stage: str


def batch_documents(session: Session, batch_id: int) -> list[BatchDocument]:
    """The documents an import batch created: id, title, 文号, stage."""
    d = document_t.c
    rows = session.execute(
        select(d.id, d.title, d.doc_number, d.stage)
        .where(d.import_batch_id == batch_id)
        .order_by(d.id)
    ).mappings()
    return [cast(BatchDocument, dict(r)) for r in rows]


class DocumentEvent(TypedDict):
    """An event of a document, its details read (events_of_documents, batch_events_elsewhere)."""

    id: int
    document_id: int
    action: str
    details: JSONObject


def events_of_documents(session: Session, document_ids: Sequence[int]) -> list[DocumentEvent]:
    """Every event of these documents, in id order."""
    e = _event.c
    found: list[DocumentEvent] = []
    for chunk in _chunks(sorted(set(document_ids))):
        rows = session.execute(
            select(e.id, e.document_id, e.action, e.details).where(e.document_id.in_(list(chunk)))
        ).mappings()
        found.extend(_document_event(r) for r in rows)
    return sorted(found, key=lambda r: r["id"])


def _document_event(row: Any) -> DocumentEvent:
    return cast(DocumentEvent, {**row, "details": stored_json(row["details"])})


def batch_events_elsewhere(session: Session, batch_id: int) -> list[DocumentEvent]:
    """Events of this batch on documents it did not create (a text or 文号 it added)."""
    e = _event.c
    rows = session.execute(
        select(e.id, e.document_id, e.action, e.details)
        .where(
            e.action.in_(["document.text_imported", "document.number_imported"]),
            e.details.like(f'%"import_batch":{int(batch_id)}%'),
        )
        .order_by(e.id)
    ).mappings()
    found = [_document_event(r) for r in rows]
    return [r for r in found if r["details"].get("import_batch") == batch_id]


def references_to(session: Session, document_ids: Sequence[int]) -> dict[int, list[str]]:
    """What else in the registry refers to these documents: a cleanup campaign, a citation
    from another document, an amended draft, an acknowledged finding (by document id)."""
    from normdocs.store.models import Basis, CleanupItem, Finding

    basis_t, item_t, finding_t = (
        Basis.__table__,  # type: ignore[attr-defined]
        CleanupItem.__table__,  # type: ignore[attr-defined]
        Finding.__table__,  # type: ignore[attr-defined]
    )
    # (what refers, the column naming the document referred to, the one naming what refers)
    references = (
        ("cleanup", item_t.c.document_id, item_t.c.campaign_id, None),
        ("cited", basis_t.c.cited_document_id, basis_t.c.document_id, None),
        ("amended", document_t.c.supersedes_id, document_t.c.id, None),
        (
            "acknowledged",
            finding_t.c.document_id,
            finding_t.c.id,
            finding_t.c.acked_at.is_not(None),
        ),
    )
    found: dict[int, list[str]] = {}
    for chunk in _chunks(sorted(set(document_ids))):
        for kind, referred, referrer, condition in references:
            query = select(referred, referrer).where(referred.in_(list(chunk)))
            if condition is not None:
                query = query.where(condition)
            for document_id, by in session.execute(query):
                found.setdefault(int(document_id), []).append(f"{kind}:{by}")
    return found


def withdraw_documents(session: Session, document_ids: Sequence[int]) -> None:
    """Set these documents' stage to withdrawn and release their 文号, so that a document
    imported again takes it (their events are appended by the caller)."""
    for chunk in _chunks(sorted(set(document_ids))):
        session.execute(
            update(document_t)
            .where(document_t.c.id.in_(list(chunk)))
            .values(stage="withdrawn", doc_number=None)
        )


def register_validity_kept(session: Session, action: str) -> dict[int, date]:
    """Documents a register kept in force against the default validity period (the `action`
    events of importing): each one's expiry the default would have given."""
    e = _event.c
    kept: dict[int, date] = {}
    rows = session.execute(select(e.document_id, e.details).where(e.action == action))
    for document_id, details in rows:
        day = stored_json(details).get("default_expires_on")
        if document_id is not None and day:
            kept[document_id] = date.fromisoformat(day)
    return kept


def set_title(session: Session, document_id: int, title: str) -> None:
    """A document's title, when the text imported for it is the notice that issued it."""
    session.execute(update(document_t).where(document_t.c.id == document_id).values(title=title))
