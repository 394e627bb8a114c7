"""The audit's reads: a few set-based queries that gather the snapshot (never one query per
document), the texts the content checks have not read yet and the content checks' records.

Helpers take a session and never commit. SQLAlchemy Core only, so SQLite and PostgreSQL share it."""

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    and_,
    case,
    exists,
    false,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.types import Integer, String
from sqlmodel import Session

from normdocs.domain.audit import BasisFacts, Citation, DocumentFacts
from normdocs.domain.json import JSONObject
from normdocs.store.bulk import bulk_insert
from normdocs.store.engine import stored_json
from normdocs.store.records import utc
from normdocs.store.tables import (
    agency_t,
    basis_t,
    campaign_t,
    check_t,
    cleanup_flag_t,
    cleanup_item_t,
    document_t,
    event_t,
    finding_t,
    law_t,
    text_t,
)

EXPIRED_ACTION = "document.expired"

CONTENT_RULE_PREFIX = "content-"

NORMATIVE_DOCUMENT_LEVEL = "规范性文件"

_CHUNK = 500

T = TypeVar("T")


def _chunks(items: Sequence[T], size: int = _CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _raw(column: Any) -> Any:
    """A date column read as the driver gives it: the Date type's own conversion costs more than
    the rest of reading 100,000 rows; _day converts instead."""
    return type_coerce(column, String)


def _flag(column: Any) -> Any:
    return type_coerce(column, Integer)


def _day(value: Any) -> date | None:
    """A date as read by _raw: a date already (PostgreSQL) or ISO text (SQLite)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# One piece on purpose: the row unpacking stays inline (a call per row slows the audit).
def document_facts(session: Session, as_of: date) -> list[DocumentFacts]:
    """Every document with what the rules read, in one query (_facts_query), each row made a
    DocumentFacts in place: at 100,000 documents a call per row would show in the audit's time,
    so the columns are unpacked here, in the query's order, and converted once."""
    facts = []
    for row in session.execute(_facts_query(as_of)).all():
        (
            id_,
            title,
            issuer_id,
            issuer,
            stage,
            number,
            submitted,
            decided_on,
            emergency,
            signed,
            promulgated,
            effective,
            expires,
            due,
            filed,
            late,
            filing_decided,
            refile_due,
            ended,
            end_reason,
            last_cleanup,
            item_decided,
            supersedes,
            basis_count,
            recorded_flag,
        ) = row
        last_cleanup, item_decided = _day(last_cleanup), _day(item_decided)
        cleaned = max((x for x in (last_cleanup, item_decided) if x is not None), default=None)
        facts.append(
            DocumentFacts(
                id_,
                title,
                issuer_id,
                issuer,
                stage,
                number,
                _day(submitted),
                _day(decided_on),
                bool(emergency),
                _day(signed),
                _day(promulgated),
                _day(effective),
                _day(expires),
                _day(due),
                _day(filed),
                bool(late),
                _day(filing_decided),
                _day(refile_due),
                _day(ended),
                end_reason,
                cleaned,
                supersedes,
                int(basis_count),
                bool(recorded_flag),
                last_cleanup,
            )
        )
    return facts


def _facts_query(as_of: date) -> Any:
    """The audit's one select of every document: its cleanup decisions and basis count come
    from grouped subqueries, and the record is looked into only for documents past their expiry
    (whether a document.expired event exists)."""
    d = document_t
    bases = (
        select(basis_t.c.document_id, func.count().label("n"))
        .group_by(basis_t.c.document_id)
        .subquery()
    )
    decided = (
        select(
            cleanup_item_t.c.document_id, func.max(cleanup_item_t.c.decided_on).label("decided_on")
        )
        .where(cleanup_item_t.c.outcome.is_not(None))
        .group_by(cleanup_item_t.c.document_id)
        .subquery()
    )
    recorded = exists().where(event_t.c.document_id == d.c.id, event_t.c.action == EXPIRED_ACTION)
    expiry_recorded = case(
        (and_(d.c.expires_on.is_not(None), d.c.expires_on < as_of), recorded),
        else_=false(),
    )
    return (
        select(
            d.c.id,
            d.c.title,
            d.c.issuer_id,
            agency_t.c.name,
            d.c.stage,
            d.c.doc_number,
            _raw(d.c.review_submitted_on),
            _raw(d.c.review_decided_on),
            _flag(d.c.review_emergency),
            _raw(d.c.signed_on),
            _raw(d.c.promulgated_on),
            _raw(d.c.effective_on),
            _raw(d.c.expires_on),
            _raw(d.c.filing_due_on),
            _raw(d.c.filed_on),
            _flag(d.c.filed_late),
            _raw(d.c.filing_decided_on),
            _raw(d.c.refile_due_on),
            _raw(d.c.ended_on),
            d.c.end_reason,
            _raw(d.c.last_cleanup_on),
            _raw(decided.c.decided_on),
            d.c.supersedes_id,
            func.coalesce(bases.c.n, 0),
            _flag(expiry_recorded),
        )
        .select_from(
            d.join(agency_t, agency_t.c.id == d.c.issuer_id)
            .outerjoin(bases, bases.c.document_id == d.c.id)
            .outerjoin(decided, decided.c.document_id == d.c.id)
        )
        .order_by(d.c.id)
    )


def withdrawn_ids(session: Session) -> set[int]:
    """The documents withdrawn (撤回, or an undone import): the audit leaves them out."""
    rows = session.execute(select(document_t.c.id).where(document_t.c.stage == "withdrawn"))
    return {int(r[0]) for r in rows}


def changed_bases(session: Session) -> list[BasisFacts]:
    """Basis links to laws that are repealed, superseded or amended (one row per document and
    law); when a superseded version has no amendment date, the next version's promulgation."""
    later = law_t.alias("later")
    is_later = and_(
        later.c.match_key == law_t.c.match_key,
        later.c.promulgated_on > law_t.c.promulgated_on,
    )
    # The latest amendment after the version linked: a new amendment is a new change.
    latest_version = select(func.max(later.c.promulgated_on)).where(is_later).scalar_subquery()
    latest_effective = (
        select(func.max(func.coalesce(later.c.effective_on, later.c.promulgated_on)))
        .where(is_later)
        .scalar_subquery()
    )
    changed = (
        select(
            law_t.c.id,
            law_t.c.title,
            law_t.c.status,
            func.coalesce(latest_version, law_t.c.amended_on).label("changed_on"),
            law_t.c.repealed_on,
            latest_effective.label("effective_on"),
            law_t.c.match_key,
        )
        .where(or_(law_t.c.status != "in_force", law_t.c.amended_on.is_not(None)))
        .subquery()
    )
    query = (
        select(
            basis_t.c.document_id,
            changed.c.id,
            changed.c.title,
            changed.c.status,
            changed.c.changed_on,
            changed.c.repealed_on,
            changed.c.effective_on,
            _unanswered_flag(changed.c.match_key),
        )
        .distinct()
        .select_from(basis_t.join(changed, changed.c.id == basis_t.c.law_id))
        .order_by(basis_t.c.document_id, changed.c.id)
    )
    return [
        BasisFacts(
            document,
            law,
            title,
            status,
            _day(changed_on),
            _day(repealed),
            _day(effective),
            bool(unanswered),
        )
        for document, law, title, status, changed_on, repealed, effective, unanswered in (
            session.execute(query).all()
        )
    ]


def _unanswered_flag(match_key: Any) -> Any:
    """Whether the basis's document has a flag for a change of the law (any version) that no
    closed cleanup has answered: not taken by a campaign, or taken by one still open."""

    family = law_t.alias("family")
    closed = select(campaign_t.c.id).where(campaign_t.c.status == "closed")
    return _flag(
        exists().where(
            cleanup_flag_t.c.document_id == basis_t.c.document_id,
            cleanup_flag_t.c.law_id.in_(select(family.c.id).where(family.c.match_key == match_key)),
            or_(
                cleanup_flag_t.c.campaign_id.is_(None), cleanup_flag_t.c.campaign_id.not_in(closed)
            ),
        )
    )


def unresolved_citations(session: Session) -> list[Citation]:
    """Citations of laws that matched nothing in the registry, one per document and citation."""
    query = (
        select(basis_t.c.document_id, basis_t.c.citation)
        .distinct()
        .where(basis_t.c.kind == "law", basis_t.c.law_id.is_(None))
        .order_by(basis_t.c.document_id, basis_t.c.citation)
    )
    return [Citation(*row) for row in session.execute(query)]


def texts_to_check(session: Session, checker_version: int) -> Iterator[tuple[int, str, str]]:
    """(document id, text, content hash) of every text not yet read by this checker version in
    its present form: new texts, changed texts, or all of them after the checker changed."""
    query = (
        select(text_t.c.document_id, text_t.c.text, text_t.c.content_hash)
        .select_from(text_t.outerjoin(check_t, check_t.c.document_id == text_t.c.document_id))
        .where(
            or_(
                check_t.c.document_id.is_(None),
                check_t.c.content_hash != text_t.c.content_hash,
                check_t.c.checker_version != checker_version,
            )
        )
        .order_by(text_t.c.document_id)
    )
    for row in session.execute(query).yield_per(2000):
        yield int(row[0]), str(row[1]), str(row[2])


def kept_content_findings(
    session: Session, checker_version: int
) -> list[tuple[int, str, JSONObject]]:
    """Stored content findings (open or resolved) about the text each document has now, as
    last checked by this checker version: (document id, content hash, evidence)."""
    query = (
        select(finding_t.c.document_id, check_t.c.content_hash, finding_t.c.evidence)
        .select_from(finding_t.join(check_t, check_t.c.document_id == finding_t.c.document_id))
        .where(
            finding_t.c.rule.startswith(CONTENT_RULE_PREFIX),
            check_t.c.checker_version == checker_version,
        )
        .order_by(finding_t.c.document_id, finding_t.c.id)
    )
    kept = []
    for document_id, content_hash, evidence_text in session.execute(query):
        evidence = stored_json(evidence_text)
        if evidence.get("content_hash") == content_hash:
            kept.append((int(document_id), str(content_hash), evidence))
    return kept


def record_content_checks(
    session: Session, checked: Sequence[tuple[int, str]], checker_version: int, now: datetime
) -> None:
    """Remember which text of each document was read: (document id, content hash)."""
    ids = [document_id for document_id, _hash in checked]
    for chunk in _chunks(ids):
        session.execute(check_t.delete().where(check_t.c.document_id.in_(chunk)))
    rows = [
        {
            "document_id": document_id,
            "content_hash": content_hash,
            "checker_version": checker_version,
            "checked_at": utc(now),
        }
        for document_id, content_hash in checked
    ]
    bulk_insert(session, check_t, rows)


def law_keys(session: Session) -> tuple[set[str], set[str]]:
    """Match keys of the registry's laws, regulations and rules; and of the normative documents
    it holds as superior law (no legal basis for setting anything)."""
    laws: set[str] = set()
    documents: set[str] = set()
    for key, level in session.execute(select(law_t.c.match_key, law_t.c.level).distinct()):
        (documents if level == NORMATIVE_DOCUMENT_LEVEL else laws).add(str(key))
    return laws, documents


def law_titles(session: Session, law_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(law_ids))
    titles: dict[int, str] = {}
    for chunk in _chunks(ids):
        for law_id, title in session.execute(
            select(law_t.c.id, law_t.c.title).where(law_t.c.id.in_(chunk))
        ):
            titles[int(law_id)] = str(title)
    return titles
