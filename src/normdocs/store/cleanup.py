"""Queries of cleanup campaigns, their items and the instant-cleanup flags; never commit."""

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypedDict, cast

from sqlalchemy import CursorResult, case, func, insert, or_, select, update
from sqlmodel import Session

from normdocs.domain.stages import Validity
from normdocs.store.queries import agency_t, document_t, issued_by, validity_condition
from normdocs.store.tables import (
    campaign_scope_t,
    campaign_t,
    cleanup_flag_t,
    cleanup_item_t,
    law_t,
)

# Documents are referred to by id in these lists; thousands of them in one IN (...) are fine on
# SQLite (its limit is 32,766 parameters) and PostgreSQL, but keep batches modest anyway.
_BATCH = 500


class NewCampaign(TypedDict):
    """The columns a new campaign is written with (it opens: no closed_on)."""

    name: str
    kind: str  # periodic | instant
    issuer_id: int | None  # the one --issuer of a campaign scoped to one agency
    law_id: int | None  # an instant campaign's law
    started_on: date
    status: str
    created_at: datetime


class CampaignRow(TypedDict):
    """A campaign with its issuer's and law's names, its scope and its counts of documents."""

    id: int
    name: str
    kind: str
    issuer_id: int | None
    law_id: int | None
    started_on: date
    closed_on: date | None
    status: str
    created_at: datetime
    issuer: str | None  # the one --issuer's name
    law: str | None  # the law's title (instant)
    # The scope: names given with --issuer, and with --under; both [] for every agency.
    issuers: list[str]
    under: list[str]
    documents: int
    decided: int
    retain: int
    amend: int
    repeal: int
    invalidate: int


class CleanupFlagRow(TypedDict):
    """A document flagged for instant cleanup by a change of a law (cleanup_flag)."""

    id: int
    document_id: int
    law_id: int
    reason: str  # amended | repealed
    flagged_on: date
    effective_on: date | None  # the day the law's change takes effect
    campaign_id: int | None


class CleanupItemRow(TypedDict):
    """A document of a campaign with its outcome (None: undecided) and the document's facts
    that the outcome acts on."""

    campaign_id: int
    document_id: int
    outcome: str | None
    reason: str | None
    effective_on: date | None  # the outcome's
    new_expires_on: date | None
    decided_on: date | None
    title: str
    doc_number: str | None
    registration_no: str | None
    stage: str
    interim: bool
    promulgated_on: date | None
    document_effective_on: date | None
    expires_on: date | None
    ended_on: date | None
    end_reason: str | None
    awaiting_amendment: bool
    last_cleanup_on: date | None
    issuer: str


class ItemDecision(TypedDict):
    """The columns a decision writes on a campaign's item."""

    outcome: str
    reason: str
    effective_on: date
    new_expires_on: date | None
    decided_on: date


# --- campaigns ----------------------------------------------------------------------------

_COUNTS = ("documents", "decided", "retain", "amend", "repeal", "invalidate")


def insert_campaign(session: Session, values: NewCampaign) -> int:
    result = cast(CursorResult[Any], session.execute(insert(campaign_t).values(**values)))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def insert_campaign_scope(
    session: Session, campaign_id: int, named: Sequence[tuple[int, bool]]
) -> None:
    """The agencies a campaign was started for, in the order named: (agency id, under)."""
    rows = [
        {"campaign_id": campaign_id, "agency_id": agency_id, "position": n, "under": under}
        for n, (agency_id, under) in enumerate(named, start=1)
    ]
    if rows:
        session.execute(insert(campaign_scope_t), rows)


def _with_scopes(session: Session, rows: Sequence[Any]) -> list[CampaignRow]:
    """The campaign rows with their scope: `issuers` (names given with --issuer) and `under`
    (names given with --under), both [] for a campaign over every agency."""
    # The counts are sums: PostgreSQL returns them as Decimal.
    found = [{**r, **{name: int(r[name]) for name in _COUNTS}} for r in rows]
    ids = [int(r["id"]) for r in found]
    named: dict[int, tuple[list[str], list[str]]] = {i: ([], []) for i in ids}
    for start in range(0, len(ids), _BATCH):
        query = (
            select(campaign_scope_t.c.campaign_id, campaign_scope_t.c.under, agency_t.c.name)
            .select_from(
                campaign_scope_t.join(agency_t, campaign_scope_t.c.agency_id == agency_t.c.id)
            )
            .where(campaign_scope_t.c.campaign_id.in_(ids[start : start + _BATCH]))
            .order_by(campaign_scope_t.c.campaign_id, campaign_scope_t.c.position)
        )
        for campaign_id, under, name in session.execute(query):
            named[int(campaign_id)][1 if under else 0].append(str(name))
    for row in found:
        row["issuers"], row["under"] = named[int(row["id"])]
    return [cast(CampaignRow, row) for row in found]


def _campaign_select() -> Any:
    items = (
        select(
            cleanup_item_t.c.campaign_id,
            func.count().label("documents"),
            func.count(cleanup_item_t.c.outcome).label("decided"),
            *(
                func.sum(case((cleanup_item_t.c.outcome == outcome, 1), else_=0)).label(outcome)
                for outcome in ("retain", "amend", "repeal", "invalidate")
            ),
        )
        .group_by(cleanup_item_t.c.campaign_id)
        .subquery()
    )
    return select(
        campaign_t,
        agency_t.c.name.label("issuer"),
        law_t.c.title.label("law"),
        func.coalesce(items.c.documents, 0).label("documents"),
        func.coalesce(items.c.decided, 0).label("decided"),
        func.coalesce(items.c.retain, 0).label("retain"),
        func.coalesce(items.c.amend, 0).label("amend"),
        func.coalesce(items.c.repeal, 0).label("repeal"),
        func.coalesce(items.c.invalidate, 0).label("invalidate"),
    ).select_from(
        campaign_t.outerjoin(agency_t, campaign_t.c.issuer_id == agency_t.c.id)
        .outerjoin(law_t, campaign_t.c.law_id == law_t.c.id)
        .outerjoin(items, items.c.campaign_id == campaign_t.c.id)
    )


def campaign_by_id(session: Session, campaign_id: int) -> CampaignRow | None:
    row = (
        session.execute(_campaign_select().where(campaign_t.c.id == campaign_id)).mappings().first()
    )
    return _with_scopes(session, [row])[0] if row else None


def campaigns_named(session: Session, name: str) -> list[CampaignRow]:
    rows = session.execute(
        _campaign_select().where(campaign_t.c.name == name).order_by(campaign_t.c.id)
    ).mappings()
    return _with_scopes(session, list(rows))


def all_campaigns(session: Session, status: str | None = None) -> list[CampaignRow]:
    query = _campaign_select()
    if status is not None:
        query = query.where(campaign_t.c.status == status)
    rows = session.execute(query.order_by(campaign_t.c.id)).mappings()
    return _with_scopes(session, list(rows))


def close_campaign(session: Session, campaign_id: int, closed_on: date) -> None:
    session.execute(
        update(campaign_t)
        .where(campaign_t.c.id == campaign_id)
        .values(status="closed", closed_on=closed_on)
    )


# --- scope --------------------------------------------------------------------------------


def documents_in_force(
    session: Session, as_of: date, issuer_ids: Collection[int] | None
) -> list[int]:
    """Ids of the documents in force or promulgated and pending on `as_of`: all, or those of
    `issuer_ids` (a joint document counts for its lead issuer and each co-issuer)."""
    query = select(document_t.c.id).where(
        or_(
            validity_condition(Validity.IN_FORCE, as_of),
            validity_condition(Validity.PENDING, as_of),
        )
    )
    if issuer_ids is not None:
        query = query.where(issued_by(issuer_ids))
    return [int(r[0]) for r in session.execute(query.order_by(document_t.c.id))]


def open_campaigns_of(session: Session, document_ids: Sequence[int]) -> dict[int, int]:
    """document id → the open campaign it is already in, for those of `document_ids` that are."""
    found: dict[int, int] = {}
    for chunk in _chunks(document_ids):
        rows = session.execute(
            select(cleanup_item_t.c.document_id, func.min(cleanup_item_t.c.campaign_id))
            .select_from(
                cleanup_item_t.join(campaign_t, cleanup_item_t.c.campaign_id == campaign_t.c.id)
            )
            .where(campaign_t.c.status == "open", cleanup_item_t.c.document_id.in_(chunk))
            .group_by(cleanup_item_t.c.document_id)
        )
        found.update({int(doc): int(campaign) for doc, campaign in rows})
    return found


def insert_items(session: Session, campaign_id: int, document_ids: Iterable[int]) -> None:
    rows = [{"campaign_id": campaign_id, "document_id": d} for d in document_ids]
    if rows:
        session.execute(insert(cleanup_item_t), rows)


# --- instant cleanup: laws and flags ------------------------------------------------------


def unassigned_flags(
    session: Session,
    law_ids: Sequence[int],
    issuer_ids: Collection[int] | None = None,
    *,
    effective_by: date | None = None,
    pending_after: date | None = None,
) -> list[CleanupFlagRow]:
    """Flags raised by a change of one of `law_ids` that no campaign has taken yet: those whose
    change takes effect by `effective_by`, or (`pending_after`) those that take effect after
    that day (a flag of an older registry, without a day, has taken effect). `issuer_ids`:
    only the documents of these issuers (lead or co-issuer)."""
    query = (
        select(cleanup_flag_t)
        .select_from(
            cleanup_flag_t.join(document_t, cleanup_flag_t.c.document_id == document_t.c.id)
        )
        .where(cleanup_flag_t.c.law_id.in_(list(law_ids)), cleanup_flag_t.c.campaign_id.is_(None))
    )
    if effective_by is not None:
        query = query.where(
            or_(
                cleanup_flag_t.c.effective_on.is_(None),
                cleanup_flag_t.c.effective_on <= effective_by,
            )
        )
    if pending_after is not None:
        query = query.where(cleanup_flag_t.c.effective_on > pending_after)
    if issuer_ids is not None:
        query = query.where(issued_by(issuer_ids))
    rows = session.execute(
        query.order_by(cleanup_flag_t.c.document_id, cleanup_flag_t.c.id)
    ).mappings()
    return [cast(CleanupFlagRow, dict(r)) for r in rows]


def assign_flags(session: Session, flag_ids: Sequence[int], campaign_id: int) -> None:
    for chunk in _chunks(flag_ids):
        session.execute(
            update(cleanup_flag_t)
            .where(cleanup_flag_t.c.id.in_(chunk))
            .values(campaign_id=campaign_id)
        )


# --- items --------------------------------------------------------------------------------


def _item_select() -> Any:
    d = document_t.c
    return select(
        cleanup_item_t,
        d.title,
        d.doc_number,
        d.registration_no,
        d.stage,
        d.interim,
        d.promulgated_on,
        d.effective_on.label("document_effective_on"),
        d.expires_on,
        d.ended_on,
        d.end_reason,
        d.awaiting_amendment,
        d.last_cleanup_on,
        agency_t.c.name.label("issuer"),
    ).select_from(
        cleanup_item_t.join(document_t, cleanup_item_t.c.document_id == document_t.c.id).join(
            agency_t, document_t.c.issuer_id == agency_t.c.id
        )
    )


def campaign_items(
    session: Session, campaign_id: int, *, undecided_only: bool = False
) -> list[CleanupItemRow]:
    query = _item_select().where(cleanup_item_t.c.campaign_id == campaign_id)
    if undecided_only:
        query = query.where(cleanup_item_t.c.outcome.is_(None))
    rows = session.execute(query.order_by(cleanup_item_t.c.document_id)).mappings()
    return [cast(CleanupItemRow, dict(r)) for r in rows]


def campaign_item(session: Session, campaign_id: int, document_id: int) -> CleanupItemRow | None:
    row = (
        session.execute(
            _item_select().where(
                cleanup_item_t.c.campaign_id == campaign_id,
                cleanup_item_t.c.document_id == document_id,
            )
        )
        .mappings()
        .first()
    )
    return cast(CleanupItemRow, dict(row)) if row else None


def update_item(session: Session, campaign_id: int, document_id: int, values: ItemDecision) -> None:
    session.execute(
        update(cleanup_item_t)
        .where(
            cleanup_item_t.c.campaign_id == campaign_id, cleanup_item_t.c.document_id == document_id
        )
        .values(**values)
    )


def _chunks(values: Sequence[int]) -> Iterable[list[int]]:
    values = list(values)
    for start in range(0, len(values), _BATCH):
        yield values[start : start + _BATCH]
