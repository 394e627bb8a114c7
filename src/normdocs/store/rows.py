"""The document and agency rows the store's queries return, and the values written to them:
one TypedDict per shape, so that a row crossing a layer names its columns and their types.

They follow store/models.py (Document, Agency, DocumentText, TextVersion); a query built on
store/tables.py returns exactly these keys."""

from datetime import date, datetime
from typing import TypedDict

# The values the store writes to `document` are the domain's (a step's effects, an outcome's).
from normdocs.domain.document_values import DocumentValues as DocumentValues


class ValidityColumns(TypedDict):
    """The columns a document's validity is read from: a DocumentRow has them, and so has
    every row of a query that selects a document's dated facts (store.laws)."""

    stage: str
    promulgated_on: date | None
    effective_on: date | None
    expires_on: date | None
    ended_on: date | None
    end_reason: str | None


class AgencyFacts(TypedDict):
    """An agency's id and the facts its events state (domain.projection.AGENCY_FIELDS): every
    column but created_at, as verify reads them (store.integrity.agency_rows)."""

    id: int
    name: str
    code: str | None
    level: str
    parent_id: int | None
    head: str | None
    legal_office: str | None
    files_to: str | None


class AgencyRow(AgencyFacts):
    """One row of `agency` (agency_by_id, agency_by_name, lock_agency)."""

    created_at: datetime


class AgencyListRow(AgencyRow):
    """An agency as all_agencies lists it: with its parent's name (None for a top agency)."""

    parent_name: str | None


class AgencyValues(TypedDict, total=False):
    """The columns of `agency` an insert or update writes (those not given are left alone);
    AgencyFacts' columns made optional (declared again: see DocumentFacts)."""

    name: str
    code: str | None
    level: str
    parent_id: int | None
    head: str | None
    legal_office: str | None
    files_to: str | None
    created_at: datetime


class DocumentFacts(TypedDict):
    """A document's id and the facts its events state (domain.projection.DOCUMENT_FIELDS):
    every column but created_at, as verify reads them (store.integrity.document_rows).

    The same columns as DocumentValues, each present where there each is optional: a TypedDict
    cannot be derived from another with its keys made required, so both are declared."""

    id: int
    title: str
    issuer_id: int
    interim: bool
    stage: str
    origin: str
    doc_number: str | None
    registration_no: str | None
    registration_year: int | None
    registration_seq: int | None
    review_submitted_on: date | None
    review_decided_on: date | None
    review_outcome: str | None
    review_working_days: int | None
    review_emergency: bool
    review_late: bool
    revision_recorded: bool
    meeting_on: date | None
    meeting_type: str | None
    signed_on: date | None
    signer: str | None
    promulgated_on: date | None
    effective_on: date | None
    expires_on: date | None
    validity_stated: bool
    filing_due_on: date | None
    filed_on: date | None
    filed_late: bool
    refiled_on: date | None
    refiled_late: bool
    materials: str | None
    filing_outcome: str | None
    filing_decided_on: date | None
    refile_due_on: date | None
    ended_on: date | None
    end_reason: str | None
    last_cleanup_on: date | None
    awaiting_amendment: bool
    supersedes_id: int | None
    filing_authority: str | None
    refiling_authority: str | None
    reviewed_version: int | None
    import_batch_id: int | None


class DocumentColumns(DocumentFacts):
    """Every column of `document`, as read."""

    created_at: datetime


class DocumentRow(DocumentColumns):
    """A document with its lead issuer's name, level, head and code (queries._document_select)."""

    issuer: str
    issuer_level: str
    issuer_head: str | None
    issuer_code: str | None


class DocumentTextRow(TypedDict):
    """A document's current text (document_text, text_of)."""

    document_id: int
    text: str
    source_name: str | None
    content_hash: str


class TextVersionRow(TypedDict):
    """One whole row of text_version (text_version): the text and the file it came from."""

    id: int
    document_id: int
    version: int
    text: str
    source_name: str | None
    content_hash: str
    original: bytes | None
    event_id: int | None
    created_at: datetime


class TextVersionSummary(TypedDict):
    """One text a document has had, without the text and file (text_versions): their sizes."""

    version: int
    source_name: str | None
    content_hash: str
    created_at: datetime
    event_id: int | None
    chars: int
    original_bytes: int | None
