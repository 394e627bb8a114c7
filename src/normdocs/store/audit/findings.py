"""The audit's writes: findings kept across runs (opened, seen again, reopened, resolved,
acknowledged) and the run rows.

Helpers take a session and never commit. SQLAlchemy Core only, so SQLite and PostgreSQL share it."""

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypedDict, cast

from sqlalchemy import (
    CursorResult,
    insert,
    or_,
    select,
    update,
)
from sqlmodel import Session

from normdocs.domain.audit import Finding
from normdocs.domain.json import JSONObject
from normdocs.store.audit.snapshot import CONTENT_RULE_PREFIX, _chunks, _day, _raw
from normdocs.store.bulk import bulk_insert
from normdocs.store.records import utc
from normdocs.store.tables import (
    audit_run_t,
    document_t,
    finding_t,
)


def open_findings(session: Session) -> dict[str, tuple[int, date | None]]:
    """key → (id, day first seen) of every finding not resolved."""
    query = select(finding_t.c.key, finding_t.c.id, _raw(finding_t.c.first_seen)).where(
        finding_t.c.resolved_at.is_(None)
    )
    return {str(key): (int(id_), _day(first)) for key, id_, first in session.execute(query).all()}


def open_finding_ids(session: Session) -> dict[str, int]:
    """key → id of every finding not resolved (after a run has inserted the new ones)."""
    query = select(finding_t.c.key, finding_t.c.id).where(finding_t.c.resolved_at.is_(None))
    return {str(key): int(id_) for key, id_ in session.execute(query)}


def acknowledged(session: Session) -> dict[str, str]:
    """key → verdict (right, wrong, or "" when none was given) of every open finding a
    reviewer has acknowledged."""
    query = select(finding_t.c.key, finding_t.c.ack_verdict).where(
        finding_t.c.resolved_at.is_(None), finding_t.c.acked_at.is_not(None)
    )
    return {str(key): str(verdict or "") for key, verdict in session.execute(query)}


class FindingRef(TypedDict):
    """A stored finding as a reviewer refers to it (find_finding); evidence as stored (JSON)."""

    id: int
    key: str
    rule: str
    document_id: int | None
    evidence: str
    resolved_at: datetime | None
    ack_verdict: str | None


def find_finding(session: Session, ref: str) -> FindingRef | None:
    """The finding a reviewer refers to: by its number, or by its key."""
    columns = (
        finding_t.c.id,
        finding_t.c.key,
        finding_t.c.rule,
        finding_t.c.document_id,
        finding_t.c.evidence,
        finding_t.c.resolved_at,
        finding_t.c.ack_verdict,
    )
    ref = ref.strip()
    where = finding_t.c.id == int(ref) if ref.isdigit() else finding_t.c.key == ref
    row = session.execute(select(*columns).where(where)).mappings().first()
    return cast(FindingRef, dict(row)) if row else None


def ack_finding(
    session: Session,
    finding_id: int,
    *,
    verdict: str | None,
    reason: str,
    actor: str,
    now: datetime,
) -> None:
    session.execute(
        update(finding_t)
        .where(finding_t.c.id == finding_id)
        .values(ack_verdict=verdict, ack_reason=reason, acked_by=actor, acked_at=utc(now))
    )


class MarkedFinding(TypedDict):
    """A content finding a reviewer marked right or wrong (or, beside them, one still open:
    ack_verdict None), with its evidence read."""

    id: int
    rule: str
    document_id: int | None
    doc_number: str | None
    evidence: JSONObject
    ack_verdict: str | None
    ack_reason: str | None
    acked_by: str | None
    acked_at: str | datetime | None  # as the driver gives it (_raw)


def marked_content_findings(session: Session) -> list[MarkedFinding]:
    """Content findings a reviewer marked right or wrong, with their document's 文号, by id;
    and the open content findings of the same documents, unmarked (ack_verdict None), so that
    a sentence is exported only once each of its findings is marked."""
    marked = finding_t.c.ack_verdict.in_(("right", "wrong"))
    content = finding_t.c.rule.startswith(CONTENT_RULE_PREFIX)
    documents = select(finding_t.c.document_id).where(content, marked)
    query = (
        select(
            finding_t.c.id,
            finding_t.c.rule,
            finding_t.c.document_id,
            document_t.c.doc_number,
            finding_t.c.evidence,
            finding_t.c.ack_verdict,
            finding_t.c.ack_reason,
            finding_t.c.acked_by,
            _raw(finding_t.c.acked_at),
        )
        .select_from(finding_t.outerjoin(document_t, document_t.c.id == finding_t.c.document_id))
        .where(
            content,
            finding_t.c.document_id.in_(documents),
            or_(marked, finding_t.c.resolved_at.is_(None)),
        )
        .order_by(finding_t.c.id)
    )
    return [
        cast(MarkedFinding, {**row, "evidence": json.loads(row["evidence"])})
        for row in session.execute(query).mappings()
    ]


def resolved_with_keys(session: Session, keys: Sequence[str]) -> dict[str, int]:
    """key → id of resolved findings among `keys` (they come back when found again)."""
    found: dict[str, int] = {}
    for chunk in _chunks(list(keys)):
        query = select(finding_t.c.key, finding_t.c.id).where(
            finding_t.c.key.in_(chunk), finding_t.c.resolved_at.is_not(None)
        )
        found.update({str(key): int(id_) for key, id_ in session.execute(query)})
    return found


def finding_evidence_json(evidence: JSONObject) -> str:
    return json.dumps(evidence, ensure_ascii=False, sort_keys=True)


def insert_findings(
    session: Session, findings: Sequence[Finding], now: datetime, run_id: int
) -> None:
    moment = utc(now)
    rows = [
        {
            "key": f.key,
            "rule": f.rule,
            "severity": f.severity.value,
            "document_id": f.document_id,
            "law_id": f.law_id,
            "evidence": finding_evidence_json(dict(f.evidence)),
            "source": f.source,
            "first_seen": moment,
            "last_seen": moment,
            "resolved_at": None,
            "last_run_id": run_id,
        }
        for f in findings
    ]
    bulk_insert(session, finding_t, rows)


def reopen_findings(session: Session, ids: Sequence[int], now: datetime, run_id: int) -> None:
    """A finding resolved once and found again is new again: first seen now, and no longer
    acknowledged (a reviewer's mark was about the text it was resolved with)."""
    moment = utc(now)
    for chunk in _chunks(list(ids)):
        session.execute(
            update(finding_t)
            .where(finding_t.c.id.in_(chunk))
            .values(
                first_seen=moment,
                last_seen=moment,
                resolved_at=None,
                last_run_id=run_id,
                ack_verdict=None,
                ack_reason=None,
                acked_by=None,
                acked_at=None,
            )
        )


SETTLED = "settled"

BASIS_RULES = ("basis-repealed", "basis-amended")


def settle_basis_findings(
    session: Session, document_ids: Sequence[int], reason: str, actor: str, now: datetime
) -> dict[int, list[str]]:
    """Mark the open basis findings of `document_ids` as settled (a cleanup decision answered
    them), with who and why; document id → the keys marked."""
    found: dict[int, list[str]] = {}
    for chunk in _chunks(list(document_ids)):
        rows = session.execute(
            select(finding_t.c.id, finding_t.c.document_id, finding_t.c.key).where(
                finding_t.c.document_id.in_(chunk),
                finding_t.c.rule.in_(BASIS_RULES),
                finding_t.c.resolved_at.is_(None),
            )
        ).all()
        if not rows:
            continue
        session.execute(
            update(finding_t)
            .where(finding_t.c.id.in_([r[0] for r in rows]))
            .values(ack_verdict=SETTLED, ack_reason=reason, acked_by=actor, acked_at=utc(now))
        )
        for _id, document_id, key in rows:
            found.setdefault(int(document_id), []).append(key)
    return found


def resolve_findings(session: Session, ids: Sequence[int], now: datetime) -> None:
    moment = utc(now)
    for chunk in _chunks(list(ids)):
        session.execute(
            update(finding_t).where(finding_t.c.id.in_(chunk)).values(resolved_at=moment)
        )


def touch_open_findings(session: Session, now: datetime, run_id: int) -> None:
    """Every finding still open was seen again in this run: one statement for all of them."""
    session.execute(
        update(finding_t)
        .where(
            finding_t.c.resolved_at.is_(None),
            or_(finding_t.c.last_run_id.is_(None), finding_t.c.last_run_id != run_id),
        )
        .values(last_seen=utc(now), last_run_id=run_id)
    )


def start_run(session: Session, *, started_at: datetime, as_of: date, actor: str) -> int:
    result = cast(
        CursorResult[Any],
        session.execute(
            insert(audit_run_t).values(
                started_at=utc(started_at),
                as_of=as_of,
                actor=actor,
                findings=0,
                new_findings=0,
                resolved_findings=0,
            )
        ),
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def finish_run(
    session: Session,
    run_id: int,
    *,
    finished_at: datetime,
    findings: int,
    new_findings: int,
    resolved_findings: int,
) -> None:
    session.execute(
        update(audit_run_t)
        .where(audit_run_t.c.id == run_id)
        .values(
            finished_at=utc(finished_at),
            findings=findings,
            new_findings=new_findings,
            resolved_findings=resolved_findings,
        )
    )


class AuditRunRow(TypedDict):
    """One row of audit_run."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    as_of: date
    actor: str
    findings: int
    new_findings: int
    resolved_findings: int


def last_runs(session: Session, limit: int = 10) -> list[AuditRunRow]:
    rows = session.execute(
        select(audit_run_t).order_by(audit_run_t.c.id.desc()).limit(limit)
    ).mappings()
    return [cast(AuditRunRow, dict(r)) for r in rows]
