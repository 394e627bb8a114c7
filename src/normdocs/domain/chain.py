"""The hash chain of the whole-process record: how an event's hash is computed and checked."""

import hashlib
import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from normdocs.domain.json import JSONObject

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

    def payload(self) -> JSONObject:
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
    """Result of walking the chain: how many events, the first broken link if any, the newest
    hash walked, and where each hash the caller watched for was found (hash → event number)."""

    count: int
    broken_at: int | None = None
    reason: str | None = None
    last_hash: str = GENESIS
    found: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.broken_at is None

    @property
    def head(self) -> str:
        """The head as verify prints it and --expect reads it back: event count and hash."""
        return head_text(self.count, self.last_hash)


def verify_chain(
    rows: Iterable[ChainRow],
    head_count: int | None = None,
    head_hash: str | None = None,
    *,
    watch: Collection[str] = (),
) -> ChainReport:
    """Walk events in id order; the first row whose link or hash does not hold is reported.

    `head_count`/`head_hash` come from the record head kept beside the events, so that removing
    the newest events (which leaves a shorter but consistent chain) is detected as well.
    `watch`: hashes of heads saved earlier; the report says at which event each was met.
    """
    prev = GENESIS
    count = 0
    last_id = 0
    found: dict[str, int] = {}

    def report(broken_at: int | None = None, reason: str | None = None) -> ChainReport:
        return ChainReport(count, broken_at, reason, prev, found)

    for row in rows:
        if row.id <= last_id:
            return report(row.id, "out_of_order")
        if row.prev_hash != prev:
            return report(row.id, "link")
        if event_hash(prev, row.payload_text()) != row.hash:
            return report(row.id, "hash")
        prev = row.hash
        last_id = row.id
        count += 1
        if watch and prev in watch:
            found[prev] = count
    if head_count is not None and head_count != count:
        return report(last_id + 1 if head_count > count else last_id, "count")
    if head_hash is not None and count and head_hash != prev:
        return report(last_id, "head")
    return report()


# --- heads kept outside the registry ------------------------------------------------------

_HASH = re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])")
_HEAD = re.compile(r"(?:\bhead\s+(\d+)\s+)?(?<![0-9a-fA-F])([0-9a-fA-F]{64})(?![0-9a-fA-F])")


def head_text(count: int, last_hash: str) -> str:
    """`head N HASH`: the part of verify's output that an office keeps (the same in every
    language, so that --expect reads back any saved line)."""
    return f"head {count} {last_hash}"


@dataclass(frozen=True)
class SavedHead:
    """A head kept outside the registry: the hash of an event, and the event count then if the
    saved line gave it."""

    hash: str
    count: int | None = None


def parse_heads(text: str) -> list[SavedHead]:
    """Every head in `text`: lines as verify prints them (`… head N HASH`) or bare hashes, one
    or many (a file a cron job appends to)."""
    heads = []
    for line in text.splitlines():
        for match in _HEAD.finditer(line):
            count = int(match.group(1)) if match.group(1) else None
            heads.append(SavedHead(match.group(2).lower(), count))
    return heads


def is_hash(text: str) -> bool:
    return bool(_HASH.fullmatch(text.strip()))


@dataclass(frozen=True)
class HeadCheck:
    """A saved head that the chain no longer holds: not met at all, or met at another count."""

    head: SavedHead
    found_at: int | None


def check_heads(heads: Iterable[SavedHead], report: ChainReport) -> list[HeadCheck]:
    """The saved heads that fail: an event with that hash is no longer in the chain (at the
    saved count, when the line gave one). A chain that has grown since still holds them."""
    failed = []
    for head in heads:
        at = report.found.get(head.hash)
        if at is None or (head.count is not None and head.count != at):
            failed.append(HeadCheck(head, at))
    return failed
