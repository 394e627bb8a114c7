"""The hash chain of the whole-process record: how an event's hash is computed and checked."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

GENESIS = "0" * 64
# A string exactly as json.dumps(..., ensure_ascii=False) writes it (C-accelerated).
_quote = json.encoder.encode_basestring


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_json(value: Any) -> str:
    """The one serialisation of event details that is hashed and stored: json.dumps with
    ensure_ascii=False, sort_keys=True and no spaces (one encoder made once, not per call)."""
    return _CANONICAL.encode(value)


def utc_text(moment: datetime) -> str:
    """A timestamp as hashed: UTC, microseconds; a naive value is taken to be UTC already."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class ChainRow:
    """One event as stored, with the fields that its hash covers."""

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

    def payload(self) -> dict[str, Any]:
        """The fields the hash covers, as a dict (what payload_text serialises)."""
        return {
            "id": self.id,
            "document_id": self.document_id,
            "agency_id": self.agency_id,
            "recorded_at": utc_text(self.recorded_at),
            "actor": self.actor,
            "action": self.action,
            "on_date": self.on_date.isoformat() if self.on_date else None,
            "from_stage": self.from_stage,
            "to_stage": self.to_stage,
            "details": self.details,
        }

    def payload_text(self) -> str:
        return payload_text(
            id=self.id,
            document_id=self.document_id,
            agency_id=self.agency_id,
            recorded_at=utc_text(self.recorded_at),
            actor=self.actor,
            action=self.action,
            on_date=self.on_date.isoformat() if self.on_date else None,
            from_stage=self.from_stage,
            to_stage=self.to_stage,
            details=self.details,
        )


def payload_text(
    *,
    id: int,
    document_id: int | None,
    agency_id: int | None,
    recorded_at: str,
    actor: str,
    action: str,
    on_date: str | None,
    from_stage: str | None,
    to_stage: str | None,
    details: str,
) -> str:
    """canonical_json of an event's payload, written out directly: the same text, keys in sorted
    order, several times faster (a batch import hashes 100,000 events). Dates come as text:
    recorded_at as utc_text writes it, on_date in ISO form."""
    return (
        f'{{"action":{_quote(action)},"actor":{_quote(actor)},"agency_id":{_int(agency_id)},'
        f'"details":{_quote(details)},"document_id":{_int(document_id)},'
        f'"from_stage":{_text(from_stage)},"id":{int(id)},"on_date":{_text(on_date)},'
        f'"recorded_at":{_quote(recorded_at)},"to_stage":{_text(to_stage)}}}'
    )


def _int(value: int | None) -> str:
    return "null" if value is None else str(int(value))


def _text(value: str | None) -> str:
    return "null" if value is None else _quote(value)


def event_hash(prev_hash: str, payload: str) -> str:
    """sha256 over the previous hash and the canonical payload text (payload_text)."""
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """Result of walking the chain: how many events, and the first broken link if any."""

    count: int
    broken_at: int | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(
    rows: Iterable[ChainRow], head_count: int | None = None, head_hash: str | None = None
) -> ChainReport:
    """Walk events in id order; the first row whose link or hash does not hold is reported.

    `head_count`/`head_hash` come from the record head kept beside the events, so that removing
    the newest events (which leaves a shorter but consistent chain) is detected as well.
    """
    prev = GENESIS
    count = 0
    last_id = 0
    for row in rows:
        if row.id <= last_id:
            return ChainReport(count, row.id, "out_of_order")
        if row.prev_hash != prev:
            return ChainReport(count, row.id, "link")
        if event_hash(prev, row.payload_text()) != row.hash:
            return ChainReport(count, row.id, "hash")
        prev = row.hash
        last_id = row.id
        count += 1
    if head_count is not None and head_count != count:
        return ChainReport(count, last_id + 1 if head_count > count else last_id, "count")
    if head_hash is not None and count and head_hash != prev:
        return ChainReport(count, last_id, "head")
    return ChainReport(count)
