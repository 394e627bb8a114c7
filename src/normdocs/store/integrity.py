"""What `verify` reads besides the chain: the database's own integrity checks, and the rows and
events it compares, streamed in the order the comparison walks them."""

from collections.abc import Iterator
from typing import Any, TypedDict, cast

from sqlalchemy import select
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session

from normdocs.domain.projection import AGENCY_FIELDS, DOCUMENT_FIELDS, ReplayEvent
from normdocs.store.rows import AgencyFacts, DocumentFacts, DocumentTextRow
from normdocs.store.tables import agency_t, document_t, event_t, text_t, version_t

# Rows fetched at a time: a PostgreSQL registry streams through a server-side cursor.
_BATCH = 2000
# integrity_check stops after this many problems (SQLite's own default is 100).
MAX_PROBLEMS = 100


def _stream(session: Session, query: Any) -> Any:
    return session.execute(
        query.execution_options(stream_results=True, yield_per=_BATCH)
    ).mappings()


def _damage(exc: DatabaseError) -> str | None:
    """The driver's message when `exc` says the file is damaged (SQLITE_CORRUPT…, NOTADB);
    None for anything else (busy, locked, read-only), which is not the file's fault."""
    orig = getattr(exc, "orig", exc)
    name = str(getattr(orig, "sqlite_errorname", ""))
    text = str(orig)
    if name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB":
        return text
    if not name and ("malformed" in text or "not a database" in text or "corrupt" in text):
        return text
    return None


def sqlite_integrity(session: Session) -> list[str]:
    """SQLite's PRAGMA integrity_check: every problem it names (empty when the file is sound).
    A file too damaged to be read at all is one problem: the driver's message."""
    connection = session.connection()
    lines: list[str] = []
    try:
        for row in connection.exec_driver_sql(f"PRAGMA integrity_check({MAX_PROBLEMS})"):
            lines.append(str(row[0]))
    except DatabaseError as exc:
        # The check itself may stop at a page it cannot step over: what it named until then
        # and the driver's message are the problems.
        problem = _damage(exc)
        if problem is None:
            raise
        lines = [line for line in lines if line != "ok"]
        lines.append(problem)
    return [] if lines == ["ok"] else lines


def search_index_problem(session: Session) -> str | None:
    """FTS5's own integrity-check of the search index (SQLite), or None when it holds. The
    command reads only, but is an INSERT: it takes the write lock (waiting for a writer as any
    write does), in a savepoint that is rolled back all the same."""
    connection = session.connection()
    try:
        with connection.begin_nested() as savepoint:
            connection.exec_driver_sql(
                "INSERT INTO search_index(search_index) VALUES ('integrity-check')"
            )
            savepoint.rollback()
    except DatabaseError as exc:
        problem = _damage(exc)
        if problem is None:  # the write lock it takes, held past the timeout: not damage
            if _read_only(exc):
                raise SearchIndexNotChecked from exc
            raise
        return problem
    return None


class SearchIndexNotChecked(Exception):
    """The search index's check could not run: the registry was opened read-only, and FTS5
    asks for its check with an INSERT."""


def _read_only(exc: DatabaseError) -> bool:
    orig = getattr(exc, "orig", exc)
    name = str(getattr(orig, "sqlite_errorname", ""))
    return name.startswith("SQLITE_READONLY") or "readonly database" in str(orig)


def _replay_event(r: Any) -> ReplayEvent:
    return ReplayEvent(
        id=r["id"],
        document_id=r["document_id"],
        agency_id=r["agency_id"],
        action=r["action"],
        on_date=r["on_date"],
        to_stage=r["to_stage"],
        details=ReplayEvent.parse_details(r["details"]),
    )


_REPLAYED = (
    event_t.c.id,
    event_t.c.document_id,
    event_t.c.agency_id,
    event_t.c.action,
    event_t.c.on_date,
    event_t.c.to_stage,
    event_t.c.details,
)


def events_without_document(session: Session) -> Iterator[ReplayEvent]:
    """Events that name no document (agencies, laws, campaigns, audits), in id order."""
    query = select(*_REPLAYED).where(event_t.c.document_id.is_(None)).order_by(event_t.c.id)
    for r in _stream(session, query):
        yield _replay_event(r)


def document_event_groups(session: Session) -> Iterator[tuple[int, list[ReplayEvent]]]:
    """Each document's events in id order, documents in id order (through the event table's
    index on document_id)."""
    query = (
        select(*_REPLAYED)
        .where(event_t.c.document_id.is_not(None))
        .order_by(event_t.c.document_id, event_t.c.id)
    )
    current: int | None = None
    group: list[ReplayEvent] = []
    for r in _stream(session, query):
        if r["document_id"] != current:
            if current is not None:
                yield current, group
            current, group = int(r["document_id"]), []
        group.append(_replay_event(r))
    if current is not None:
        yield current, group


def document_rows(session: Session) -> Iterator[DocumentFacts]:
    """Every document's id and the facts its events state, by id."""
    columns = [document_t.c.id, *(document_t.c[name] for name in DOCUMENT_FIELDS)]
    for r in _stream(session, select(*columns).order_by(document_t.c.id)):
        yield cast(DocumentFacts, dict(r))


def text_rows(session: Session) -> Iterator[DocumentTextRow]:
    """document_id, content_hash, source_name and text of every stored text, by document id."""
    query = select(
        text_t.c.document_id, text_t.c.content_hash, text_t.c.source_name, text_t.c.text
    ).order_by(text_t.c.document_id)
    for r in _stream(session, query):
        yield cast(DocumentTextRow, dict(r))


class StoredVersion(TypedDict):
    """A kept text version as verify compares it with the event that brought it."""

    document_id: int
    version: int
    event_id: int | None
    content_hash: str
    text: str


def text_version_groups(session: Session) -> Iterator[tuple[int, list[StoredVersion]]]:
    """Each document's kept text versions (document_id, version, event_id, content_hash, text),
    documents in id order, versions in order."""
    v = version_t.c
    query = select(v.document_id, v.version, v.event_id, v.content_hash, v.text).order_by(
        v.document_id, v.version
    )
    current: int | None = None
    group: list[StoredVersion] = []
    for r in _stream(session, query):
        if r["document_id"] != current:
            if current is not None:
                yield current, group
            current, group = int(r["document_id"]), []
        group.append(cast(StoredVersion, dict(r)))
    if current is not None:
        yield current, group


def agency_rows(session: Session) -> list[AgencyFacts]:
    """Every agency's id and the facts its events state, by id."""
    columns = [agency_t.c.id, *(agency_t.c[name] for name in AGENCY_FIELDS)]
    rows = session.execute(select(*columns).order_by(agency_t.c.id)).mappings()
    return [cast(AgencyFacts, dict(r)) for r in rows]
