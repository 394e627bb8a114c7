"""Appending to and reading the whole-process record; the only writer of the event table."""

from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlmodel import Session

from normdocs.domain.chain import ChainRow, canonical_json, event_hash
from normdocs.store.bulk import bulk_insert
from normdocs.store.models import Event, RecordHead

_event = Event.__table__  # type: ignore[attr-defined]
_head = RecordHead.__table__  # type: ignore[attr-defined]


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
    last_id, count, last_hash = session.execute(
        select(_head.c.last_id, _head.c.count, _head.c.last_hash)
        .where(_head.c.id == 1)
        .with_for_update()
    ).one()
    row = ChainRow(
        id=last_id + 1,
        document_id=document_id,
        agency_id=agency_id,
        recorded_at=utc(recorded_at),
        actor=actor,
        action=action,
        on_date=on_date,
        from_stage=from_stage,
        to_stage=to_stage,
        details=canonical_json(dict(details)),
        prev_hash=last_hash,
        hash="",
    )
    digest = event_hash(row.prev_hash, row.payload())
    session.execute(
        insert(_event).values(
            id=row.id,
            document_id=row.document_id,
            agency_id=row.agency_id,
            recorded_at=row.recorded_at,
            actor=row.actor,
            action=row.action,
            on_date=row.on_date,
            from_stage=row.from_stage,
            to_stage=row.to_stage,
            details=row.details,
            prev_hash=row.prev_hash,
            hash=digest,
        )
    )
    session.execute(
        update(_head)
        .where(_head.c.id == 1)
        .values(last_id=row.id, count=count + 1, last_hash=digest)
    )
    return row.id


def chain_rows(session: Session) -> Iterator[ChainRow]:
    """Every event in id order, as the chain check reads them."""
    result = session.execute(select(_event).order_by(_event.c.id)).mappings()
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
        select(_head.c.count, _head.c.last_hash).where(_head.c.id == 1)
    ).one()
    return int(count), str(last_hash)


def document_events(session: Session, document_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(_event).where(_event.c.document_id == document_id).order_by(_event.c.id)
    ).mappings()
    return [dict(r) for r in rows]


def append_events(session: Session, events: list[dict[str, Any]]) -> list[int]:
    """Append many events at once (batch import): one head lock, one insert, one head update.

    Each dict has the keyword arguments of `append_event`. The chain is the same as if they had
    been appended one by one.
    """
    if not events:
        return []
    last_id, count, last_hash = session.execute(
        select(_head.c.last_id, _head.c.count, _head.c.last_hash)
        .where(_head.c.id == 1)
        .with_for_update()
    ).one()
    rows: list[dict[str, Any]] = []
    prev = last_hash
    next_id = last_id
    for event in events:
        next_id += 1
        row = ChainRow(
            id=next_id,
            document_id=event.get("document_id"),
            agency_id=event.get("agency_id"),
            recorded_at=utc(event["recorded_at"]),
            actor=event["actor"],
            action=event["action"],
            on_date=event.get("on_date"),
            from_stage=event.get("from_stage"),
            to_stage=event.get("to_stage"),
            details=canonical_json(dict(event.get("details") or {})),
            prev_hash=prev,
            hash="",
        )
        digest = event_hash(prev, row.payload())
        rows.append({**row.__dict__, "hash": digest})
        prev = digest
    bulk_insert(session, _event, rows)
    session.execute(
        update(_head)
        .where(_head.c.id == 1)
        .values(last_id=next_id, count=count + len(rows), last_hash=prev)
    )
    return [r["id"] for r in rows]
