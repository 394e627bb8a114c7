"""What reports read: the documents in force, a year's promulgations with the facts behind each
assessment figure, reviews and cleanup decisions, and the events that recorded them. Reads only;
plain SQL columns, no ORM objects, so that 100,000 documents are counted in well under a second."""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, Protocol, TypedDict, cast

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlmodel import Session

from normdocs.domain.stages import Validity
from normdocs.store.queries import issued_by, validity_condition
from normdocs.store.tables import (
    agency_t,
    basis_t,
    cleanup_item_t,
    co_issuer_t,
    document_t,
    event_t,
)

_CHUNK = 500


def _chunks(values: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(values), _CHUNK):
        yield list(values[start : start + _CHUNK])


class InForceRow(Protocol):
    """A document of the catalogue: a row with its columns as attributes (row.title), not a
    dict, since a catalogue can hold 100,000."""

    id: int
    title: str
    doc_number: str | None
    registration_no: str | None
    promulgated_on: date | None
    effective_on: date | None
    expires_on: date | None
    validity_stated: bool
    issuer: str
    issuer_level: str


def in_force(session: Session, as_of: date, issuer_ids: Sequence[int] = ()) -> Sequence[InForceRow]:
    """The documents in force on `as_of` (the catalogue), by issuer, date and number."""
    d, a = document_t.c, agency_t.c
    query = (
        select(
            d.id,
            d.title,
            d.doc_number,
            d.registration_no,
            d.promulgated_on,
            d.effective_on,
            d.expires_on,
            d.validity_stated,
            a.name.label("issuer"),
            a.level.label("issuer_level"),
        )
        .select_from(document_t.join(agency_t, d.issuer_id == a.id))
        .where(validity_condition(Validity.IN_FORCE, as_of))
    )
    if issuer_ids:  # a joint document is in the catalogue of each of its issuers
        query = query.where(issued_by(issuer_ids))
    # The government first, then its departments, each by name; their documents by date.
    government_first = case((a.level == "government", 0), else_=1)
    query = query.order_by(government_first, a.name, d.promulgated_on, d.doc_number, d.id)
    return cast(Sequence[InForceRow], session.execute(query).all())


STAT_COLUMNS = (
    "id",
    "title",
    "doc_number",
    "promulgated_on",
    "filed_on",
    "filed_late",
    "materials",
    "filing_outcome",
    "filing_decided_on",
    "review_submitted_on",
    "review_decided_on",
    "review_late",
    "review_emergency",
    "meeting_on",
)


class PromulgatedRow(TypedDict):
    """A document promulgated in a report's range: STAT_COLUMNS, then its lead issuer."""

    id: int
    title: str
    doc_number: str | None
    promulgated_on: date
    filed_on: date | None
    filed_late: bool
    materials: str | None
    filing_outcome: str | None
    filing_decided_on: date | None
    review_submitted_on: date | None
    review_decided_on: date | None
    review_late: bool
    review_emergency: bool
    meeting_on: date | None
    issuer_id: int
    issuer: str
    issuer_level: str
    # The filing outcome the document had on the report's day, and whether by then the filing
    # authority had ever asked for a correction or revoked it (纠错), from its filing decisions.
    outcome_as_of: str | None
    corrected_as_of: bool


# The stage each filing decision leads to, and its outcome.
_OUTCOME_OF_STAGE = {
    "filing_accepted": "accepted",
    "filing_deferred": "deferred",
    "correction_required": "correction",
    "revoked": "revoked",
}
_FILING_DECIDED = "filing.decide"


def _filing_decisions(as_of: date) -> tuple[ColumnElement[Any], ColumnElement[bool]]:
    """The document's filing outcome on `as_of`, and whether it had been asked to correct or
    revoked by then: from its filing decisions (event filing.decide) dated up to that day, so
    that a correction the issuer has since made still counts as 纠错, and a report as of an
    earlier day shows the outcome of that day. A document with no decision recorded (imported
    at a filing stage) has the outcome its row states, once decided by `as_of`."""
    d, e = document_t.c, event_t.c
    decisions = and_(e.document_id == d.id, e.action == _FILING_DECIDED)
    latest = (
        select(e.to_stage)
        .where(decisions, e.on_date <= as_of)
        .order_by(e.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    recorded = select(e.id).where(decisions).exists()
    decided_in_row = and_(d.filing_decided_on.is_not(None), d.filing_decided_on <= as_of)
    outcome = case(
        (recorded, case(*((latest == stage, o) for stage, o in _OUTCOME_OF_STAGE.items()))),
        (decided_in_row, d.filing_outcome),
        else_=None,
    )
    asked = (
        select(e.id)
        .where(decisions, e.on_date <= as_of, e.to_stage.in_(["correction_required", "revoked"]))
        .exists()
    )
    corrected = or_(
        asked, and_(~recorded, decided_in_row, d.filing_outcome.in_(["correction", "revoked"]))
    )
    return outcome, corrected


def promulgated_in(
    session: Session, start: date, end: date, issuer_ids: Sequence[int] = (), *, as_of: date
) -> list[PromulgatedRow]:
    """Documents promulgated from `start` to `end` (both included), with the facts each figure
    of the assessment counts as of `as_of` and the issuer's name and level."""
    d, a = document_t.c, agency_t.c
    outcome, corrected = _filing_decisions(as_of)
    query = (
        select(
            *[getattr(d, name) for name in STAT_COLUMNS],
            d.issuer_id,
            a.name.label("issuer"),
            a.level.label("issuer_level"),
            outcome.label("outcome_as_of"),
            corrected.label("corrected_as_of"),
        )
        .select_from(document_t.join(agency_t, d.issuer_id == a.id))
        .where(*_promulgated_between(start, end, issuer_ids))
    )
    rows = session.execute(query.order_by(d.id)).mappings()
    return [cast(PromulgatedRow, dict(r)) for r in rows]


def _promulgated_between(start: date, end: date, issuer_ids: Sequence[int]) -> list[Any]:
    """The conditions of a year's figures: promulgated in the range, by these issuers (any when
    none is given); a withdrawn document (an undone import) is counted nowhere."""
    d = document_t.c
    conditions = [d.promulgated_on >= start, d.promulgated_on <= end, d.stage != "withdrawn"]
    if issuer_ids:  # as lead issuer or co-issuer
        conditions.append(issued_by(issuer_ids))
    return conditions


def co_issuing_agencies(
    session: Session, document_ids: Sequence[int]
) -> dict[int, list[tuple[int, str, str]]]:
    """The registered co-issuers of these documents: (agency id, name, level), in order."""
    c, a = co_issuer_t.c, agency_t.c
    found: dict[int, list[tuple[int, str, str]]] = {}
    for chunk in _chunks(sorted(set(document_ids))):
        query = (
            select(c.document_id, a.id, a.name, a.level)
            .select_from(co_issuer_t.join(agency_t, a.id == c.agency_id))
            .where(c.document_id.in_(chunk))
            .order_by(c.document_id, c.position)
        )
        for document_id, agency_id, name, level in session.execute(query):
            found.setdefault(int(document_id), []).append((int(agency_id), name, level))
    return found


class CleanupDecisionRow(TypedDict):
    """A cleanup decision, with its document's 文号, title and lead issuer."""

    campaign_id: int
    document_id: int
    outcome: str
    decided_on: date
    title: str
    doc_number: str | None
    issuer_id: int
    issuer: str
    issuer_level: str


def cleanup_decided_in(
    session: Session, start: date, end: date, issuer_ids: Sequence[int] = ()
) -> list[CleanupDecisionRow]:
    """Cleanup decisions dated from `start` to `end`, with their document's issuer."""
    d, a, i = document_t.c, agency_t.c, cleanup_item_t.c
    query = (
        select(
            i.campaign_id,
            i.document_id,
            i.outcome,
            i.decided_on,
            d.title,
            d.doc_number,
            d.issuer_id,
            a.name.label("issuer"),
            a.level.label("issuer_level"),
        )
        .select_from(
            cleanup_item_t.join(document_t, i.document_id == d.id).join(
                agency_t, d.issuer_id == a.id
            )
        )
        .where(and_(i.outcome.is_not(None), i.decided_on >= start, i.decided_on <= end))
    )
    if issuer_ids:
        query = query.where(issued_by(issuer_ids))
    rows = session.execute(query.order_by(i.document_id, i.campaign_id)).mappings()
    return [cast(CleanupDecisionRow, dict(r)) for r in rows]


class ReportEventRow(TypedDict):
    """An event a report recounts; `details` is its JSON text as stored."""

    id: int
    document_id: int
    action: str
    on_date: date | None
    details: str


def events_of(
    session: Session, document_ids: Sequence[int], actions: Sequence[str], until: date
) -> dict[int, list[ReportEventRow]]:
    """The events of these actions, dated up to `until`, of each document, in recorded order."""
    e = event_t.c
    found: dict[int, list[ReportEventRow]] = {}
    for chunk in _chunks(sorted(set(document_ids))):
        query = (
            select(e.id, e.document_id, e.action, e.on_date, e.details)
            .where(e.document_id.in_(chunk), e.action.in_(list(actions)))
            .where((e.on_date <= until) | e.on_date.is_(None))
            .order_by(e.id)
        )
        for row in session.execute(query).mappings():
            found.setdefault(int(row["document_id"]), []).append(cast(ReportEventRow, dict(row)))
    return found


def basis_citations(session: Session, document_id: int) -> list[str]:
    """A document's 制定依据 as cited (title and article), in recorded order, each once."""
    b = basis_t.c
    query = select(b.citation, b.article).where(b.document_id == document_id).order_by(b.id)
    return list(dict.fromkeys(f"{r.citation}{r.article or ''}" for r in session.execute(query)))


class ReviewEventRow(ReportEventRow):
    """A review event, with its document's title, 文号 and lead issuer."""

    title: str
    doc_number: str | None
    issuer: str


def review_events(
    session: Session, start: date, end: date, issuer_ids: Sequence[int] = ()
) -> list[ReviewEventRow]:
    """Every review event (submit, decide, revise) of the documents with a review decided from
    `start` to `end`, with the document's title and issuer, in recorded order."""
    d, a, e = document_t.c, agency_t.c, event_t.c
    decided = select(e.document_id).where(
        e.action == "review.decide", e.on_date >= start, e.on_date <= end
    )
    query = (
        select(
            e.id,
            e.document_id,
            e.action,
            e.on_date,
            e.details,
            d.title,
            d.doc_number,
            a.name.label("issuer"),
        )
        .select_from(
            event_t.join(document_t, e.document_id == d.id).join(agency_t, d.issuer_id == a.id)
        )
        .where(e.document_id.in_(decided), e.action.like("review.%"))
    )
    if issuer_ids:
        query = query.where(d.issuer_id.in_(list(issuer_ids)))
    return [cast(ReviewEventRow, dict(r)) for r in session.execute(query.order_by(e.id)).mappings()]


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


class IssuerCounts(TypedDict):
    """One issuer's assessment figures, by figure name (issuer None: the total)."""

    issuer: str | None
    issuer_level: str | None
    counts: dict[str, int]


def _figures(as_of: date) -> dict[str, ColumnElement[int]]:
    """Each assessment figure as of `as_of`: its name → its count over the documents selected
    (the same rules as services.reports.stats._measures_of)."""
    d = document_t.c
    filed = and_(d.filed_on.is_not(None), d.filed_on <= as_of)
    reviewed = and_(d.review_decided_on.is_not(None), d.review_decided_on <= as_of)
    outcome, corrected = _filing_decisions(as_of)
    return {
        "promulgated": _count(d.id.is_not(None)),
        "filed": _count(filed),
        "filed_on_time": _count(and_(filed, d.filed_late.is_(False))),
        "filed_complete": _count(and_(filed, d.materials == "complete")),
        "published": _count(d.doc_number.is_not(None)),
        "reviewed_before_deliberation": _count(
            and_(
                reviewed,
                d.meeting_on.is_not(None),
                d.review_decided_on <= d.meeting_on,
                d.meeting_on <= as_of,
            )
        ),
        "review_in_time": _count(
            and_(reviewed, or_(d.review_late.is_(False), d.review_emergency.is_(True)))
        ),
        **{
            f"filing_{name}": _count(and_(filed, outcome == name))
            for name in ("accepted", "deferred", "correction", "revoked")
        },
        "corrected": _count(and_(filed, corrected)),
    }


def stat_counts(
    session: Session, start: date, end: date, as_of: date, issuer_ids: Sequence[int] = ()
) -> list[IssuerCounts]:
    """Per issuer, the counts of the assessment figures over the documents promulgated from
    `start` to `end`, as of `as_of`: counted by the database (the same rules as
    services.reports.stats._measures_of, which lists the documents behind each for --explain).
    The last row, with issuer None, is the total of the documents counted."""
    figures = [value.label(name) for name, value in _figures(as_of).items()]
    names = [figure.name for figure in figures]
    lead_rows, co_rows = _counts_by_issuer(session, figures, start, end, issuer_ids)
    rows = _added_up([*lead_rows, *co_rows], names)
    if not rows:
        return rows
    # The total counts a joint document once: counted again only when the year has one.
    if co_rows:
        total = select(*figures).where(*_promulgated_between(start, end, issuer_ids))
        counted = session.execute(total).one()._mapping
        totals = {name: int(counted[name]) for name in names}
    else:
        totals = {name: sum(int(r._mapping[name]) for r in lead_rows) for name in names}
    rows.append(IssuerCounts(issuer=None, issuer_level=None, counts=totals))
    return rows


def _counts_by_issuer(
    session: Session, figures: list[Any], start: date, end: date, issuer_ids: Sequence[int]
) -> tuple[Sequence[Any], Sequence[Any]]:
    """The figures per lead issuer, and per co-issuer, of the range's documents (rows with
    the agency's id, name as issuer, level as issuer_level, then the figures)."""
    d, a, c = document_t.c, agency_t.c, co_issuer_t.c
    # A joint document counts for its lead issuer and for each co-issuer: counted apart (the
    # co-issuer table is small) and added up, so that the year's scan stays one plain GROUP BY.
    year = _promulgated_between(start, end, ())
    by_lead = (
        select(a.id, a.name.label("issuer"), a.level.label("issuer_level"), *figures)
        .select_from(document_t.join(agency_t, d.issuer_id == a.id))
        .where(*year)
        .group_by(a.id, a.name, a.level)
    )
    by_co_issuer = (
        select(a.id, a.name.label("issuer"), a.level.label("issuer_level"), *figures)
        .select_from(
            document_t.join(co_issuer_t, c.document_id == d.id).join(agency_t, c.agency_id == a.id)
        )
        .where(*year, c.agency_id != d.issuer_id)
        .group_by(a.id, a.name, a.level)
    )
    if issuer_ids:  # only the scope's issuers get a row
        by_lead = by_lead.where(d.issuer_id.in_(list(issuer_ids)))
        by_co_issuer = by_co_issuer.where(c.agency_id.in_(list(issuer_ids)))
    return session.execute(by_lead).all(), session.execute(by_co_issuer).all()


def _added_up(rows: Sequence[Any], names: Sequence[str]) -> list[IssuerCounts]:
    """One row per agency, in the order first met: its counts as lead and as co-issuer added."""
    found: dict[int, IssuerCounts] = {}
    for row in rows:
        have = found.setdefault(
            int(row.id),
            IssuerCounts(
                issuer=row.issuer, issuer_level=row.issuer_level, counts=dict.fromkeys(names, 0)
            ),
        )
        for name in names:
            have["counts"][name] += int(row._mapping[name])
    return list(found.values())
