"""Query helpers over the registry tables; they take a session and never commit."""

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Date,
    Select,
    and_,
    extract,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlmodel import Session

from normdocs.domain.chain import canonical_json
from normdocs.domain.stages import Validity
from normdocs.store.rows import (
    AgencyListRow,
    AgencyRow,
    AgencyValues,
    DocumentRow,
    DocumentTextRow,
    DocumentValues,
    TextVersionRow,
    TextVersionSummary,
)
from normdocs.store.tables import (
    agency_t,
    basis_t,
    check_t,
    co_issuer_t,
    document_t,
    event_t,
    text_t,
    version_t,
)

# --- agencies -----------------------------------------------------------------------------


def agency_by_name(session: Session, name: str) -> AgencyRow | None:
    row = session.execute(select(agency_t).where(agency_t.c.name == name)).mappings().first()
    return cast(AgencyRow, dict(row)) if row else None


def agency_by_id(session: Session, agency_id: int) -> AgencyRow | None:
    row = session.execute(select(agency_t).where(agency_t.c.id == agency_id)).mappings().first()
    return cast(AgencyRow, dict(row)) if row else None


def lock_agency(session: Session, agency_id: int) -> AgencyRow:
    """The agency row, locked until the transaction ends (see lock_document)."""
    row = (
        session.execute(
            select(agency_t).where(agency_t.c.id == agency_id).with_for_update(key_share=True)
        )
        .mappings()
        .one()
    )
    return cast(AgencyRow, dict(row))


def all_agencies(session: Session) -> list[AgencyListRow]:
    parent = agency_t.alias("parent")
    rows = session.execute(
        select(agency_t, parent.c.name.label("parent_name"))
        .select_from(agency_t.outerjoin(parent, agency_t.c.parent_id == parent.c.id))
        .order_by(agency_t.c.id)
    ).mappings()
    return [cast(AgencyListRow, dict(r)) for r in rows]


def insert_agency(session: Session, values: AgencyValues) -> int:
    result = cast(CursorResult[Any], session.execute(insert(agency_t).values(**values)))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def update_agency(session: Session, agency_id: int, values: AgencyValues) -> None:
    session.execute(update(agency_t).where(agency_t.c.id == agency_id).values(**values))


# --- documents ----------------------------------------------------------------------------


def document_by_id(session: Session, document_id: int) -> DocumentRow | None:
    row = (
        session.execute(_document_select().where(document_t.c.id == document_id)).mappings().first()
    )
    return cast(DocumentRow, dict(row)) if row else None


def lock_document(session: Session, document_id: int) -> DocumentRow | None:
    """The document row, locked until the transaction ends (SELECT … FOR NO KEY UPDATE).

    On PostgreSQL a second writer of the same document waits here until the first has
    committed, then reads what it wrote. SQLite has no row locks and needs none: a writer holds
    the whole database from BEGIN IMMEDIATE.
    """
    query = _document_select().where(document_t.c.id == document_id)
    # FOR NO KEY UPDATE (key_share): a writer adding an event or a draft that refers to the
    # document is not held up by it, and holds nothing this writer waits for.
    locking = query.with_for_update(of=document_t, key_share=True)
    row = session.execute(locking).mappings().first()
    return cast(DocumentRow, dict(row)) if row else None


def documents_by_number(session: Session, doc_number: str) -> list[DocumentRow]:
    rows = session.execute(
        _document_select().where(document_t.c.doc_number == doc_number)
    ).mappings()
    return [cast(DocumentRow, dict(r)) for r in rows]


def documents_that_released(session: Session, doc_number: str) -> list[DocumentRow]:
    """The withdrawn documents whose import undo released the 文号 `doc_number` (their events
    keep it): what that number named before the undo."""
    e = event_t.c
    # The details are stored as canonical JSON: the key and its value, exactly so written.
    needle = canonical_json({"doc_number_released": doc_number})[1:-1]
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    ids = select(e.document_id).where(
        e.action == "document.withdrawn", e.details.like(f"%{escaped}%", escape="\\")
    )
    rows = session.execute(
        _document_select().where(document_t.c.id.in_(ids), document_t.c.stage == "withdrawn")
    ).mappings()
    return [cast(DocumentRow, dict(r)) for r in rows]


def documents_by_registration(session: Session, registration_no: str) -> list[DocumentRow]:
    rows = session.execute(
        _document_select().where(document_t.c.registration_no == registration_no)
    ).mappings()
    return [cast(DocumentRow, dict(r)) for r in rows]


def documents_by_registration_seq(session: Session, year: int, seq: int) -> list[DocumentRow]:
    """The documents registered as the `seq`-th of `year` (whatever the number's style)."""
    rows = session.execute(
        _document_select().where(
            document_t.c.registration_year == year, document_t.c.registration_seq == seq
        )
    ).mappings()
    return [cast(DocumentRow, dict(r)) for r in rows]


def add_co_issuers(session: Session, document_id: int, agency_ids: Sequence[int]) -> None:
    """Record a joint document's co-issuers, in the order given (after any it has)."""
    have = co_issuer_ids(session, [document_id]).get(document_id, [])
    position = len(have)
    for agency_id in agency_ids:
        if agency_id in have:
            continue
        position += 1
        have.append(agency_id)
        session.execute(
            co_issuer_t.insert().values(
                document_id=document_id, agency_id=agency_id, position=position
            )
        )


def co_issuer_ids(session: Session, document_ids: Sequence[int]) -> dict[int, list[int]]:
    """document id → its co-issuers' agency ids, in their order."""
    found: dict[int, list[int]] = {}
    for start in range(0, len(document_ids), 500):
        rows = session.execute(
            select(co_issuer_t.c.document_id, co_issuer_t.c.agency_id)
            .where(co_issuer_t.c.document_id.in_(list(document_ids[start : start + 500])))
            .order_by(co_issuer_t.c.document_id, co_issuer_t.c.position)
        )
        for document_id, agency_id in rows:
            found.setdefault(int(document_id), []).append(int(agency_id))
    return found


def all_co_issuer_ids(session: Session) -> dict[int, list[int]]:
    """Every joint document's co-issuers (agency ids, in order), by document id."""
    found: dict[int, list[int]] = {}
    query = select(co_issuer_t.c.document_id, co_issuer_t.c.agency_id).order_by(
        co_issuer_t.c.document_id, co_issuer_t.c.position
    )
    for document_id, agency_id in session.execute(query):
        found.setdefault(int(document_id), []).append(int(agency_id))
    return found


def co_issuer_names(session: Session, document_ids: Sequence[int] | None) -> dict[int, list[str]]:
    """document id → its co-issuers' names, in their order (every joint document: None)."""
    query = (
        select(co_issuer_t.c.document_id, agency_t.c.name)
        .select_from(co_issuer_t.join(agency_t, agency_t.c.id == co_issuer_t.c.agency_id))
        .order_by(co_issuer_t.c.document_id, co_issuer_t.c.position)
    )
    found: dict[int, list[str]] = {}
    chunks = (
        [None]
        if document_ids is None
        else [list(document_ids[i : i + 500]) for i in range(0, len(document_ids), 500)]
    )
    for chunk in chunks:
        chosen = query if chunk is None else query.where(co_issuer_t.c.document_id.in_(chunk))
        for document_id, name in session.execute(chosen):
            found.setdefault(int(document_id), []).append(str(name))
    return found


def issued_by(issuer_ids: Collection[int]) -> ColumnElement[bool]:
    """A document issued by one of these agencies, as lead issuer or co-issuer."""
    ids = sorted(issuer_ids)
    joint = select(co_issuer_t.c.document_id).where(co_issuer_t.c.agency_id.in_(ids))
    return or_(document_t.c.issuer_id.in_(ids), document_t.c.id.in_(joint))


def number_taken(session: Session, issuer_id: int, doc_number: str) -> int | None:
    row = session.execute(
        select(document_t.c.id).where(
            document_t.c.issuer_id == issuer_id, document_t.c.doc_number == doc_number
        )
    ).first()
    return int(row[0]) if row else None


# pg_advisory_xact_lock(class, key): "nd" and the kind of change that writers take in turn.
_WRITER_LOCKS = {
    "numbering": 0x6E64_0001,
    "import": 0x6E64_0002,
    "cleanup": 0x6E64_0003,
    "laws": 0x6E64_0004,
}


def one_writer_at_a_time(session: Session, kind: str, key: int = 0) -> None:
    """Until the transaction ends, let one writer at a time make a change of `kind` (PostgreSQL).

    What is read after it is what the writer before committed, as on SQLite, whose writers
    hold the whole database from BEGIN IMMEDIATE (so nothing is needed there).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:class_id, :key)"),
            {"class_id": _WRITER_LOCKS[kind], "key": key},
        )


def lock_numbering(session: Session, year: int) -> None:
    """Number one promulgation of `year` at a time (its 文号 checked, its registration number
    taken), until the transaction ends: the next registration number is the year's highest
    plus one, and two writers reading it at once would take the same one."""
    one_writer_at_a_time(session, "numbering", year)


def next_registration_seq(session: Session, year: int) -> int:
    current = session.execute(
        select(func.max(document_t.c.registration_seq)).where(
            document_t.c.registration_year == year
        )
    ).scalar()
    return int(current or 0) + 1


def draft_superseding(session: Session, document_id: int) -> int | None:
    """The id of a not yet promulgated draft that will supersede `document_id`, if any (a
    withdrawn one will not)."""
    row = session.execute(
        select(document_t.c.id).where(
            document_t.c.supersedes_id == document_id,
            document_t.c.promulgated_on.is_(None),
            document_t.c.stage != "withdrawn",
        )
    ).first()
    return int(row[0]) if row else None


def insert_document(session: Session, values: DocumentValues) -> int:
    result = cast(CursorResult[Any], session.execute(insert(document_t).values(**values)))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def update_document(session: Session, document_id: int, values: DocumentValues) -> None:
    session.execute(update(document_t).where(document_t.c.id == document_id).values(**values))


def put_text(
    session: Session,
    document_id: int,
    text: str,
    source_name: str | None,
    content_hash: str,
    *,
    version: int | None = None,
    original: bytes | None = None,
    event_id: int | None = None,
    created_at: datetime | None = None,
) -> None:
    """Keep `text` as the document's current text (document_text) and, when `version` is given,
    as that row of text_version (see next_text_version), brought by `event_id`."""
    exists = session.execute(
        select(text_t.c.document_id).where(text_t.c.document_id == document_id)
    ).first()
    values = {"text": text, "source_name": source_name, "content_hash": content_hash}
    if exists:
        session.execute(update(text_t).where(text_t.c.document_id == document_id).values(**values))
    else:
        session.execute(insert(text_t).values(document_id=document_id, **values))
    if version is not None:
        assert created_at is not None
        session.execute(
            insert(version_t).values(
                document_id=document_id,
                version=version,
                original=original,
                event_id=event_id,
                created_at=created_at,
                **values,
            )
        )
    # A document already in the search index is found by its new text from now on.
    from normdocs.store.search import reindex_if_indexed

    reindex_if_indexed(session, document_id)


def next_text_version(session: Session, document_id: int) -> int:
    """The number the document's next text gets (1 for its first)."""
    current = session.execute(
        select(func.max(version_t.c.version)).where(version_t.c.document_id == document_id)
    ).scalar()
    return int(current or 0) + 1


def text_versions(session: Session, document_id: int) -> list[TextVersionSummary]:
    """Every text the document has had, oldest first, without the texts and files themselves:
    version, source_name, content_hash, created_at, event_id, chars, original_bytes."""
    v = version_t.c
    rows = session.execute(
        select(
            v.version,
            v.source_name,
            v.content_hash,
            v.created_at,
            v.event_id,
            func.length(v.text).label("chars"),
            func.length(v.original).label("original_bytes"),
        )
        .where(v.document_id == document_id)
        .order_by(v.version)
    ).mappings()
    return [cast(TextVersionSummary, dict(r)) for r in rows]


def text_version(session: Session, document_id: int, version: int | None) -> TextVersionRow | None:
    """One version of the document's text (the newest when `version` is None), whole."""
    v = version_t.c
    query = select(version_t).where(v.document_id == document_id)
    if version is None:
        query = query.order_by(v.version.desc()).limit(1)
    else:
        query = query.where(v.version == version)
    row = session.execute(query).mappings().first()
    return cast(TextVersionRow, dict(row)) if row else None


def forget_content_check(session: Session, document_id: int) -> None:
    """The content checks have not read the document's new text: the next audit reads it."""
    session.execute(check_t.delete().where(check_t.c.document_id == document_id))


def delete_extracted_basis(session: Session, document_id: int) -> None:
    """Remove the citations found in a document's text (origin extracted), not manual links."""
    session.execute(
        basis_t.delete().where(
            basis_t.c.document_id == document_id, basis_t.c.origin == "extracted"
        )
    )


def text_of(session: Session, document_id: int) -> DocumentTextRow | None:
    row = (
        session.execute(select(text_t).where(text_t.c.document_id == document_id))
        .mappings()
        .first()
    )
    return cast(DocumentTextRow, dict(row)) if row else None


def validity_condition(validity: Validity, as_of: date) -> ColumnElement[bool]:
    """SQL for "has this validity on `as_of`", the same rule as domain.validity.validity_on."""
    d = document_t.c
    # A withdrawn document (an undone import) is in no list of documents in force or ended.
    promulgated = and_(
        d.promulgated_on.is_not(None), d.promulgated_on <= as_of, d.stage != "withdrawn"
    )
    # An ending on an unknown day holds from the day the document was imported.
    undated = and_(d.ended_on.is_(None), d.end_reason.is_not(None))
    # Typed, so that the day is bound as a date on PostgreSQL (text on SQLite, as date() gives).
    known_by = func.date(d.created_at, type_=Date) <= as_of
    ended = or_(
        and_(d.ended_on.is_not(None), d.end_reason.is_not(None), d.ended_on <= as_of),
        and_(undated, known_by),
    )
    effective = func.coalesce(d.effective_on, d.promulgated_on)
    live = and_(promulgated, ~ended, ~undated)
    if validity == Validity.WITHDRAWN:
        return d.stage == "withdrawn"
    if validity == Validity.NOT_PROMULGATED:
        return and_(
            d.stage != "withdrawn", or_(d.promulgated_on.is_(None), d.promulgated_on > as_of)
        )
    if validity == Validity.UNKNOWN:
        return and_(promulgated, undated, ~known_by)
    if validity == Validity.PENDING:
        return and_(live, effective > as_of)
    if validity == Validity.EXPIRED:
        return or_(
            and_(live, effective <= as_of, d.expires_on.is_not(None), d.expires_on < as_of),
            and_(promulgated, ended, d.end_reason == validity.value),
        )
    if validity == Validity.IN_FORCE:
        return and_(live, effective <= as_of, or_(d.expires_on.is_(None), d.expires_on >= as_of))
    return and_(promulgated, ended, d.end_reason == validity.value)


def list_documents(
    session: Session,
    *,
    as_of: date,
    stages: Sequence[str] = (),
    validity: Validity | None = None,
    issuer_id: int | None = None,
    year: int | None = None,
    limit: int | None = None,
    issuer_ids: Collection[int] | None = None,
) -> list[DocumentRow]:
    query = _document_select()
    if stages:
        query = query.where(document_t.c.stage.in_(list(stages)))
    else:  # a withdrawn document (撤回) is listed only when asked for: --stage withdrawn
        query = query.where(document_t.c.stage != "withdrawn")
    if validity is not None:
        query = query.where(validity_condition(validity, as_of))
    if issuer_id is not None:
        query = query.where(document_t.c.issuer_id == issuer_id)
    if issuer_ids is not None:
        query = query.where(issued_by(issuer_ids))
    if year is not None:
        query = query.where(
            func.coalesce(
                extract("year", document_t.c.promulgated_on),
                extract("year", document_t.c.created_at),
            )
            == year
        )
    query = query.order_by(document_t.c.id)
    if limit is not None:
        query = query.limit(limit)
    return [cast(DocumentRow, dict(r)) for r in session.execute(query).mappings()]


def _document_select() -> Select[Any]:
    """A document's columns and its lead issuer's name, level, head and code: a DocumentRow."""
    return select(
        document_t,
        agency_t.c.name.label("issuer"),
        agency_t.c.level.label("issuer_level"),
        agency_t.c.head.label("issuer_head"),
        agency_t.c.code.label("issuer_code"),
    ).select_from(document_t.join(agency_t, document_t.c.issuer_id == agency_t.c.id))
