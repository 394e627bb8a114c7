"""The facts a document's row holds, as values written to it: what a step of the procedure, a
cleanup outcome, a correction or an import sets (the keys not given are left alone).

They are the columns of `document` but its id (store/models.py); the store writes them as they
are (store.queries.insert_document, update_document) and re-exports the type from store.rows."""

from datetime import date, datetime
from typing import TypedDict


class DocumentValues(TypedDict, total=False):
    """The columns of `document` an insert or update writes (those not given are left alone)."""

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
    created_at: datetime
