"""Queries over superior laws, basis links and instant-cleanup flags; never commit."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Select,
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlmodel import Session

from normdocs.domain.stages import Validity
from normdocs.store.law_rows import (
    BasisResolution,
    BasisValues,
    CitationRow,
    CitingDocumentRow,
    FlagRow,
    FlagValues,
    LawCampaignRow,
    LawRow,
    LawValues,
    RaisedFlagRow,
    RestingDocumentRow,
    UnresolvedBasisRow,
)
from normdocs.store.models import Agency, Basis, CleanupFlag, Document, Law
from normdocs.store.queries import validity_condition

law_t = Law.__table__  # type: ignore[attr-defined]
basis_t = Basis.__table__  # type: ignore[attr-defined]
flag_t = CleanupFlag.__table__  # type: ignore[attr-defined]
document_t = Document.__table__  # type: ignore[attr-defined]
agency_t = Agency.__table__  # type: ignore[attr-defined]

# Rows per statement in batch inserts: well under SQLite's 32,766 bound parameters.
_BATCH = 500

_T = TypeVar("_T")


# --- laws ---------------------------------------------------------------------------------


def all_laws(session: Session) -> list[LawRow]:
    rows = session.execute(select(law_t).order_by(law_t.c.id)).mappings()
    return [cast(LawRow, dict(r)) for r in rows]


def laws_by_key(session: Session, match_key: str) -> list[LawRow]:
    """Every stored version of one law, oldest first."""
    rows = session.execute(
        select(law_t)
        .where(law_t.c.match_key == match_key)
        .order_by(law_t.c.promulgated_on, law_t.c.id)
    ).mappings()
    return [cast(LawRow, dict(r)) for r in rows]


def law_by_id(session: Session, law_id: int) -> LawRow | None:
    row = session.execute(select(law_t).where(law_t.c.id == law_id)).mappings().first()
    return cast(LawRow, dict(row)) if row else None


def insert_law(session: Session, values: LawValues) -> int:
    result = cast(CursorResult[Any], session.execute(insert(law_t).values(**values)))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def insert_laws(session: Session, rows: Sequence[LawValues]) -> None:
    for chunk in _chunks(rows):
        session.execute(insert(law_t), chunk)


def update_law(session: Session, law_id: int, values: LawValues) -> None:
    session.execute(update(law_t).where(law_t.c.id == law_id).values(**values))


def update_laws(session: Session, changes: Sequence[tuple[int, LawValues]]) -> None:
    for law_id, values in changes:
        update_law(session, law_id, values)


def list_laws(
    session: Session,
    *,
    levels: Sequence[str] = (),
    statuses: Sequence[str] = (),
    title: str | None = None,
) -> list[LawRow]:
    query = select(law_t)
    if levels:
        query = query.where(law_t.c.level.in_(list(levels)))
    if statuses:
        query = query.where(law_t.c.status.in_(list(statuses)))
    if title:
        query = query.where(or_(law_t.c.title.contains(title), law_t.c.match_key.contains(title)))
    query = query.order_by(law_t.c.level, law_t.c.match_key, law_t.c.promulgated_on, law_t.c.id)
    return [cast(LawRow, dict(r)) for r in session.execute(query).mappings()]


def citing_counts(session: Session, law_ids: Sequence[int]) -> dict[int, int]:
    """How many documents rest on each of `law_ids`."""
    if not law_ids:
        return {}
    rows = session.execute(
        select(basis_t.c.law_id, func.count(func.distinct(basis_t.c.document_id)))
        .where(basis_t.c.law_id.in_(list(law_ids)))
        .group_by(basis_t.c.law_id)
    )
    return {int(r[0]): int(r[1]) for r in rows}


# --- basis links --------------------------------------------------------------------------


def insert_basis(session: Session, rows: Sequence[BasisValues]) -> None:
    """Many basis rows in one statement per batch (the importer calls this per document)."""
    for chunk in _chunks(rows):
        session.execute(insert(basis_t), chunk)


def insert_basis_row(session: Session, values: BasisValues) -> int:
    result = cast(CursorResult[Any], session.execute(insert(basis_t).values(**values)))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def basis_of_document(session: Session, document_id: int) -> list[CitationRow]:
    """A document's citations, with the law version or document each resolved to."""
    cited = document_t.alias("cited")
    rows = session.execute(
        select(
            basis_t,
            law_t.c.title.label("law_title"),
            law_t.c.level.label("law_level"),
            law_t.c.promulgated_on.label("law_promulgated_on"),
            law_t.c.effective_on.label("law_effective_on"),
            law_t.c.status.label("law_status"),
            cited.c.title.label("cited_title"),
            cited.c.doc_number.label("cited_doc_number"),
        )
        .select_from(
            basis_t.outerjoin(law_t, basis_t.c.law_id == law_t.c.id).outerjoin(
                cited, basis_t.c.cited_document_id == cited.c.id
            )
        )
        .where(basis_t.c.document_id == document_id)
        .order_by(basis_t.c.id)
    ).mappings()
    return [cast(CitationRow, dict(r)) for r in rows]


def basis_exists(
    session: Session, document_id: int, law_ids: Sequence[int], article: str | None
) -> bool:
    """Whether the document rests on one of these versions of a law and this article (第十二条
    and 第12条 being the same article), or on the law as a whole when `article` is None."""
    from normdocs.domain.citations import article_key

    query = select(basis_t.c.article).where(
        basis_t.c.document_id == document_id, basis_t.c.law_id.in_(list(law_ids))
    )
    if article is None:
        return (
            session.execute(query.where(basis_t.c.article.is_(None)).limit(1)).first() is not None
        )
    wanted = article_key(article) or article
    return any(
        stored is not None and (article_key(stored) or stored) == wanted
        for (stored,) in session.execute(query.where(basis_t.c.article.is_not(None)))
    )


def unresolved_basis(
    session: Session, *, document_id: int | None = None
) -> list[UnresolvedBasisRow]:
    """Citations that point at nothing in the registry, with their document's dates."""
    query = (
        select(
            basis_t,
            document_t.c.title.label("document_title"),
            document_t.c.doc_number.label("document_number"),
            document_t.c.promulgated_on.label("document_promulgated_on"),
            document_t.c.created_at.label("document_created_at"),
        )
        .select_from(basis_t.join(document_t, basis_t.c.document_id == document_t.c.id))
        .where(basis_t.c.law_id.is_(None), basis_t.c.cited_document_id.is_(None))
        .order_by(basis_t.c.citation, basis_t.c.document_id)
    )
    if document_id is not None:
        query = query.where(basis_t.c.document_id == document_id)
    return [cast(UnresolvedBasisRow, dict(r)) for r in session.execute(query).mappings()]


def resolve_basis_rows(session: Session, changes: Sequence[BasisResolution]) -> None:
    """Point unresolved basis rows at what they cite."""
    if not changes:
        return
    statement = (
        update(basis_t)
        .where(basis_t.c.id == bindparam("b_id"))
        .values(
            law_id=bindparam("law_id"),
            cited_document_id=bindparam("cited_id"),
            kind=bindparam("b_kind"),
        )
    )
    for chunk in _chunks(changes):
        session.connection().execute(statement, list(chunk))


# --- documents as citation targets and as holders of a basis -----------------------------


def document_identities(
    session: Session, document_ids: Sequence[int]
) -> dict[int, tuple[str | None, str | None]]:
    """Documents' titles and 文号s, to tell their own headers from their citations."""
    found: dict[int, tuple[str | None, str | None]] = {}
    for chunk in _chunks(sorted(set(document_ids))):
        rows = session.execute(
            select(document_t.c.id, document_t.c.title, document_t.c.doc_number).where(
                document_t.c.id.in_(chunk)
            )
        )
        for document_id, title, number in rows:
            found[int(document_id)] = (title, number)
    return found


def documents_by_numbers(session: Session, numbers: Iterable[str]) -> dict[str, list[int]]:
    """Registered documents by 文号 (several issuers may share one), oldest first."""
    return _documents_by(session, document_t.c.doc_number, numbers)


def documents_by_titles(session: Session, titles: Iterable[str]) -> dict[str, list[int]]:
    """Registered documents by title (versions of one document share it), oldest first."""
    return _documents_by(session, document_t.c.title, titles)


def _documents_by(
    session: Session, column: ColumnElement[str], values: Iterable[str]
) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for chunk in _chunks(sorted(set(values))):
        rows = session.execute(
            select(column, document_t.c.id).where(column.in_(chunk)).order_by(document_t.c.id)
        )
        for value, document_id in rows:
            found.setdefault(value, []).append(int(document_id))
    return found


def agency_codes(session: Session) -> list[str]:
    rows = session.execute(select(agency_t.c.code).where(agency_t.c.code.is_not(None)))
    return [r[0] for r in rows if r[0]]


def live_condition(as_of: date) -> ColumnElement[bool]:
    """Promulgated and not ended on `as_of`: in force, or promulgated and not yet effective."""
    return or_(
        validity_condition(Validity.IN_FORCE, as_of), validity_condition(Validity.PENDING, as_of)
    )


def documents_resting_on(
    session: Session, law_ids: Sequence[int], *, as_of: date
) -> list[RestingDocumentRow]:
    """Documents live on `as_of` with a basis link to any of `law_ids`, each once, by id."""
    if not law_ids:
        return []
    resting = select(basis_t.c.document_id).where(basis_t.c.law_id.in_(list(law_ids)))
    rows = session.execute(
        _document_columns()
        .where(document_t.c.id.in_(resting), live_condition(as_of))
        .order_by(document_t.c.id)
    ).mappings()
    return [cast(RestingDocumentRow, dict(r)) for r in rows]


def documents_citing(session: Session, law_ids: Sequence[int]) -> list[CitingDocumentRow]:
    """Every document with a basis link to `law_ids`, live or not, with the link's details."""
    if not law_ids:
        return []
    rows = session.execute(
        _document_columns()
        .add_columns(basis_t.c.law_id, basis_t.c.article, basis_t.c.origin, basis_t.c.citation)
        .join(basis_t, basis_t.c.document_id == document_t.c.id)
        .where(basis_t.c.law_id.in_(list(law_ids)))
        .order_by(document_t.c.id, basis_t.c.id)
    ).mappings()
    return [cast(CitingDocumentRow, dict(r)) for r in rows]


def _document_columns() -> Select[Any]:
    """The columns of a RestingDocumentRow."""
    d = document_t.c
    return select(
        d.id,
        d.title,
        d.doc_number,
        d.stage,
        d.promulgated_on,
        d.effective_on,
        d.expires_on,
        d.ended_on,
        d.end_reason,
        agency_t.c.name.label("issuer"),
    ).select_from(document_t.join(agency_t, d.issuer_id == agency_t.c.id))


# --- instant-cleanup flags ----------------------------------------------------------------


def flagged_documents(session: Session, law_id: int, reason: str, flagged_on: date) -> set[int]:
    rows = session.execute(
        select(flag_t.c.document_id).where(
            and_(
                flag_t.c.law_id == law_id,
                flag_t.c.reason == reason,
                flag_t.c.flagged_on == flagged_on,
            )
        )
    )
    return {int(r[0]) for r in rows}


def insert_flags(session: Session, rows: Sequence[FlagValues]) -> None:
    for chunk in _chunks(rows):
        session.execute(insert(flag_t), chunk)


def flags_for_laws(session: Session, law_ids: Sequence[int]) -> list[FlagRow]:
    if not law_ids:
        return []
    rows = session.execute(
        select(flag_t)
        .where(flag_t.c.law_id.in_(list(law_ids)))
        .order_by(flag_t.c.flagged_on, flag_t.c.document_id)
    ).mappings()
    return [cast(FlagRow, dict(r)) for r in rows]


def _chunks(rows: Sequence[_T]) -> Iterable[list[_T]]:
    for start in range(0, len(rows), _BATCH):
        yield list(rows[start : start + _BATCH])


# --- corrections of a mistaken version ----------------------------------------------------


def flags_raised_by(
    session: Session, law_id: int, reason: str | None, flagged_on: date | None
) -> list[RaisedFlagRow]:
    """The flags on the version `law_id` (of `reason`, raised on `flagged_on`, when given), with
    the status of the campaign that took each (None: not taken)."""
    from normdocs.store.models import CleanupCampaign

    campaign_t = CleanupCampaign.__table__  # type: ignore[attr-defined]
    query = (
        select(flag_t, campaign_t.c.status.label("campaign_status"))
        .select_from(flag_t.outerjoin(campaign_t, campaign_t.c.id == flag_t.c.campaign_id))
        .where(flag_t.c.law_id == law_id)
        .order_by(flag_t.c.id)
    )
    if reason is not None:
        query = query.where(flag_t.c.reason == reason)
    if flagged_on is not None:
        query = query.where(flag_t.c.flagged_on == flagged_on)
    return [cast(RaisedFlagRow, dict(r)) for r in session.execute(query).mappings()]


def other_flags_in_campaigns(
    session: Session, pairs: Sequence[tuple[int, int]], excluded: Sequence[int]
) -> set[tuple[int, int]]:
    """Of (campaign id, document id) pairs, those where the campaign took the document by a flag
    other than the `excluded` ones."""
    found: set[tuple[int, int]] = set()
    for campaign_id, document_id in pairs:
        row = session.execute(
            select(flag_t.c.id).where(
                flag_t.c.campaign_id == campaign_id,
                flag_t.c.document_id == document_id,
                flag_t.c.id.not_in(list(excluded) or [-1]),
            )
        ).first()
        if row is not None:
            found.add((campaign_id, document_id))
    return found


def update_flags(session: Session, flag_ids: Sequence[int], values: FlagValues) -> None:
    for chunk in _chunks(flag_ids):
        session.execute(update(flag_t).where(flag_t.c.id.in_(chunk)).values(**values))


def delete_flags(session: Session, flag_ids: Sequence[int]) -> None:
    from sqlalchemy import delete

    for chunk in _chunks(flag_ids):
        session.execute(delete(flag_t).where(flag_t.c.id.in_(chunk)))


def campaigns_naming(session: Session, law_id: int) -> list[LawCampaignRow]:
    from normdocs.store.models import CleanupCampaign

    campaign_t = CleanupCampaign.__table__  # type: ignore[attr-defined]
    rows = session.execute(
        select(campaign_t.c.id, campaign_t.c.name, campaign_t.c.status).where(
            campaign_t.c.law_id == law_id
        )
    ).mappings()
    return [cast(LawCampaignRow, dict(r)) for r in rows]


def repoint_basis(session: Session, from_law_id: int, to_law_id: int) -> list[int]:
    """Basis links to `from_law_id` now point at `to_law_id`; the documents they belong to."""
    documents = [
        int(r[0])
        for r in session.execute(
            select(basis_t.c.document_id).where(basis_t.c.law_id == from_law_id).distinct()
        )
    ]
    session.execute(update(basis_t).where(basis_t.c.law_id == from_law_id).values(law_id=to_law_id))
    return sorted(documents)


def forget_findings_of_law(session: Session, law_id: int, now: datetime) -> list[int]:
    """Findings about the version `law_id` are resolved and no longer point at it (it is about
    to be removed); their evidence keeps the law's title. Their ids."""
    from normdocs.store.models import Finding
    from normdocs.store.records import utc

    finding_t = Finding.__table__  # type: ignore[attr-defined]
    ids = [
        int(r[0])
        for r in session.execute(select(finding_t.c.id).where(finding_t.c.law_id == law_id))
    ]
    if ids:
        session.execute(
            update(finding_t)
            .where(finding_t.c.id.in_(ids))
            .values(law_id=None, resolved_at=func.coalesce(finding_t.c.resolved_at, utc(now)))
        )
    return ids


def delete_law(session: Session, law_id: int) -> None:
    from sqlalchemy import delete

    session.execute(delete(law_t).where(law_t.c.id == law_id))
