"""An agency's 机关代字 (agency_code rows) and the 文号 that use a 代字, whoever issued them."""

from collections.abc import Sequence
from datetime import datetime
from typing import TypedDict, cast

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from normdocs.store.tables import agency_t, code_t, document_t


def codes_of(session: Session, agency_id: int) -> list[str]:
    """The agency's codes, the first (primary) one first."""
    rows = session.execute(
        select(code_t.c.code).where(code_t.c.agency_id == agency_id).order_by(code_t.c.id)
    ).all()
    return [r[0] for r in rows]


def all_codes(session: Session) -> dict[int, list[str]]:
    """agency id → its codes, primary first."""
    found: dict[int, list[str]] = {}
    for agency_id, code in session.execute(
        select(code_t.c.agency_id, code_t.c.code).order_by(code_t.c.id)
    ).all():
        found.setdefault(int(agency_id), []).append(code)
    return found


def holders_of(session: Session, codes: Sequence[str]) -> dict[str, list[str]]:
    """code → the names of the agencies holding it, among `codes`."""
    found: dict[str, list[str]] = {}
    if not codes:
        return found
    rows = session.execute(
        select(code_t.c.code, agency_t.c.name)
        .select_from(code_t.join(agency_t, agency_t.c.id == code_t.c.agency_id))
        .where(code_t.c.code.in_(list(codes)))
        .order_by(code_t.c.id)
    ).all()
    for code, name in rows:
        found.setdefault(code, []).append(name)
    return found


def replace_codes(
    session: Session, agency_id: int, codes: Sequence[str], created_at: datetime
) -> None:
    """The agency's codes become exactly `codes` (kept rows keep their place and date)."""
    existing = codes_of(session, agency_id)
    gone = [c for c in existing if c not in codes]
    if gone:
        session.execute(
            delete(code_t).where(code_t.c.agency_id == agency_id, code_t.c.code.in_(gone))
        )
    new = [c for c in codes if c not in existing]
    if new:
        session.execute(
            insert(code_t),
            [{"agency_id": agency_id, "code": c, "created_at": created_at} for c in new],
        )


class NumberHolder(TypedDict):
    """The document that has a 文号: its id, title and issuer's name."""

    id: int
    title: str
    issuer: str


def number_holder(session: Session, doc_number: str) -> NumberHolder | None:
    """The document (any issuer) that already has the 文号 `doc_number`, with its issuer."""
    row = (
        session.execute(
            select(document_t.c.id, document_t.c.title, agency_t.c.name.label("issuer"))
            .select_from(document_t.join(agency_t, agency_t.c.id == document_t.c.issuer_id))
            .where(document_t.c.doc_number == doc_number)
            .order_by(document_t.c.id)
        )
        .mappings()
        .first()
    )
    return cast(NumberHolder, dict(row)) if row else None
