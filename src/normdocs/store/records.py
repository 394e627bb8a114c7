"""Appending to and reading the whole-process record; the only writer of the event table."""

import json
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any, Required, TypedDict, cast

from sqlalchemy import select, update
from sqlmodel import Session

from normdocs.domain.chain import ChainRow, canonical_json, event_hash, payload_text, utc_text
from normdocs.store.bulk import insert_rows
from normdocs.store.tables import event_t, record_head_t


class NewEvent(TypedDict, total=False):
    """One event to append (append_events): the keyword arguments of append_event."""

    recorded_at: Required[datetime]
    actor: Required[str]
    action: Required[str]
    # What the event states, a JSON object stored as is (canonical JSON, in its hash).
    details: Mapping[str, Any] | None
    document_id: int | None
    agency_id: int | None
    on_date: date | None
    from_stage: str | None
    to_stage: str | None


class EventRow(TypedDict):
    """One row of `event` as stored; `details` is its JSON text (store.engine.stored_json)."""

    id: int
    document_id: int | None
    agency_id: int | None
    recorded_at: datetime
    actor: str
    action: str
    on_date: date | None
    from_stage: str | None
    to_stage: str | None
    details: str
    prev_hash: str
    hash: str


def utc(moment: datetime) -> datetime:
    """Timestamps are stored in UTC, the same on SQLite and PostgreSQL (a naive value is UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def append_event(
    session: Session,
    *,
    recorded_at: datetime,
    actor: str,
    action: str,
    details: Mapping[str, Any],
    document_id: int | None = None,
    agency_id: int | None = None,
    on_date: date | None = None,
    from_stage: str | None = None,
    to_stage: str | None = None,
) -> int:
    """Add one event to the chain inside the caller's transaction and return its id.

    The head row is locked first, so two writers can never take the same id or link.
    """
    event: NewEvent = {
        "recorded_at": recorded_at,
        "actor": actor,
        "action": action,
        "details": details,
        "document_id": document_id,
        "agency_id": agency_id,
        "on_date": on_date,
        "from_stage": from_stage,
        "to_stage": to_stage,
    }
    return append_events(session, [event])[0]


def chain_rows(session: Session) -> Iterator[ChainRow]:
    """Every event in id order, as the chain check reads them."""
    result = session.execute(select(event_t).order_by(event_t.c.id)).mappings()
    for r in result:
        yield ChainRow(
            id=r["id"],
            document_id=r["document_id"],
            agency_id=r["agency_id"],
            recorded_at=r["recorded_at"],
            actor=r["actor"],
            action=r["action"],
            on_date=r["on_date"],
            from_stage=r["from_stage"],
            to_stage=r["to_stage"],
            details=r["details"],
            prev_hash=r["prev_hash"],
            hash=r["hash"],
        )


def record_head(session: Session) -> tuple[int, str]:
    count, last_hash = session.execute(
        select(record_head_t.c.count, record_head_t.c.last_hash).where(record_head_t.c.id == 1)
    ).one()
    return int(count), str(last_hash)


def document_events(session: Session, document_id: int) -> list[EventRow]:
    rows = session.execute(
        select(event_t).where(event_t.c.document_id == document_id).order_by(event_t.c.id)
    ).mappings()
    return [cast(EventRow, dict(r)) for r in rows]


def co_issuers_by_document(
    session: Session, document_ids: list[int] | None = None
) -> dict[int, list[str]]:
    """The co-issuers of joint documents as their import recorded them (the registry keeps a
    document's lead issuer only), by document id; only the documents given, when given."""
    query = select(event_t.c.document_id, event_t.c.details).where(
        event_t.c.action == "document.import", event_t.c.details.like('%"co_issuers"%')
    )
    if document_ids is not None and len(document_ids) <= 500:
        query = query.where(event_t.c.document_id.in_(document_ids))
    from normdocs.store.queries import co_issuer_names

    # Registered co-issuers are rows of document_co_issuer (issue 12); a name no agency
    # carries is still read from the import's event.
    found: dict[int, list[str]] = co_issuer_names(session, document_ids)
    for document_id, details in session.execute(query):
        names = json.loads(details).get("co_issuers") or []
        if names:
            have = found.setdefault(document_id, [])
            have.extend(str(name) for name in names if str(name) not in have)
    return found


EVENT_COLUMNS = (
    "id",
    "document_id",
    "agency_id",
    "recorded_at",
    "actor",
    "action",
    "on_date",
    "from_stage",
    "to_stage",
    "details",
    "prev_hash",
    "hash",
)


def append_events(session: Session, events: list[NewEvent]) -> list[int]:
    """Append events in order: one head lock, one insert, one head update.

    Each event has the keyword arguments of `append_event`. The chain is the same as if they had
    been appended one by one. A batch import appends 100,000 at once, so each row is built as
    a tuple with its payload text written directly (chain.payload_text).
    """
    if not events:
        return []
    last_id, count, last_hash = _locked_head(session)
    rows: list[tuple[Any, ...]] = []
    prev = last_hash
    # A batch shares one recorded_at. fold is part of the key: the two readings of a clock
    # hour repeated at the end of summer time are equal datetimes but different instants.
    moments: dict[tuple[datetime, int], tuple[datetime, str]] = {}
    for number, event in enumerate(events, start=last_id + 1):
        recorded_at = event["recorded_at"]
        key = (recorded_at, recorded_at.fold)
        moment = moments.get(key)
        if moment is None:
            stored = utc(recorded_at)
            moment = moments[key] = (stored, utc_text(stored))
        row = _linked_row(number, event, moment, prev)
        rows.append(row)
        prev = row[-1]
    insert_rows(session, event_t, EVENT_COLUMNS, rows)
    session.execute(
        update(record_head_t)
        .where(record_head_t.c.id == 1)
        .values(last_id=last_id + len(rows), count=count + len(rows), last_hash=prev)
    )
    return [r[0] for r in rows]


def _locked_head(session: Session) -> tuple[int, int, str]:
    """The head row (last id, count, last hash), read under its lock (FOR UPDATE).

    On PostgreSQL a second writer waits here and then reads the head as the first one
    committed it (READ COMMITTED re-reads a locked row), so two writers never link to the same
    event; under a stricter isolation the server fails the loser instead, and store.retry runs
    its use case again."""
    last_id, count, last_hash = session.execute(
        select(record_head_t.c.last_id, record_head_t.c.count, record_head_t.c.last_hash)
        .where(record_head_t.c.id == 1)
        .with_for_update()
    ).one()
    return int(last_id), int(count), str(last_hash)


def _linked_row(
    event_id: int, event: NewEvent, moment: tuple[datetime, str], prev: str
) -> tuple[Any, ...]:
    """The event's row in EVENT_COLUMNS order, its hash linking it to `prev`; `moment` is its
    recorded_at in UTC and as the chain's text."""
    on_date = event.get("on_date")
    details = canonical_json(dict(event.get("details") or {}))
    document_id, agency_id = event.get("document_id"), event.get("agency_id")
    actor, action = event["actor"], event["action"]
    from_stage, to_stage = event.get("from_stage"), event.get("to_stage")
    digest = event_hash(
        prev,
        payload_text(
            id=event_id,
            document_id=document_id,
            agency_id=agency_id,
            recorded_at=moment[1],
            actor=actor,
            action=action,
            on_date=on_date.isoformat() if on_date else None,
            from_stage=from_stage,
            to_stage=to_stage,
            details=details,
        ),
    )
    stored_at = moment[0]
    return (
        event_id,
        document_id,
        agency_id,
        stored_at,
        actor,
        action,
        on_date,
        from_stage,
        to_stage,
        details,
        prev,
        digest,
    )
