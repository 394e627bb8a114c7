"""The registry's tables (SQLModel); the one place that knows how rows are laid out."""

from datetime import date, datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Agency(SQLModel, table=True):
    """An issuer (制定机关) or a legal office that receives filings."""

    __tablename__ = "agency"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    code: str | None = None
    level: str
    parent_id: int | None = Field(default=None, foreign_key="agency.id")
    head: str | None = None
    legal_office: str | None = None
    files_to: str | None = None
    created_at: datetime


class Document(SQLModel, table=True):
    """One version of a normative document; stage and dated facts are written by events only."""

    __tablename__ = "document"
    __table_args__ = (
        UniqueConstraint("issuer_id", "doc_number", name="uq_document_issuer_number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(index=True)
    issuer_id: int = Field(foreign_key="agency.id", index=True)
    interim: bool = False
    stage: str = Field(index=True)
    origin: str = "drafted"
    doc_number: str | None = Field(default=None, index=True)
    registration_no: str | None = Field(default=None, unique=True)
    registration_year: int | None = None
    registration_seq: int | None = None
    review_submitted_on: date | None = None
    review_decided_on: date | None = None
    review_outcome: str | None = None
    review_working_days: int | None = None
    review_emergency: bool = False
    review_late: bool = False
    revision_recorded: bool = False
    meeting_on: date | None = None
    meeting_type: str | None = None
    signed_on: date | None = None
    signer: str | None = None
    promulgated_on: date | None = Field(default=None, index=True)
    effective_on: date | None = None
    expires_on: date | None = Field(default=None, index=True)
    validity_stated: bool = False
    filing_due_on: date | None = None
    filed_on: date | None = None
    filed_late: bool = False
    materials: str | None = None
    filing_outcome: str | None = None
    filing_decided_on: date | None = None
    refile_due_on: date | None = None
    ended_on: date | None = None
    end_reason: str | None = None
    created_at: datetime


class DocumentText(SQLModel, table=True):
    """A document's full text, kept apart so that scans of `document` stay small."""

    __tablename__ = "document_text"

    document_id: int = Field(foreign_key="document.id", primary_key=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    source_name: str | None = None
    content_hash: str = Field(index=True)


class Event(SQLModel, table=True):
    """One row of the whole-process record (全过程记录); appended, never changed."""

    __tablename__ = "event"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    document_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    agency_id: int | None = Field(default=None, foreign_key="agency.id")
    recorded_at: datetime
    actor: str
    action: str
    on_date: date | None = None
    from_stage: str | None = None
    to_stage: str | None = None
    details: str = Field(sa_column=Column(Text, nullable=False))
    prev_hash: str
    hash: str


class RecordHead(SQLModel, table=True):
    """The newest link of the chain and the number of events, so truncation shows."""

    __tablename__ = "record_head"

    id: int = Field(default=1, primary_key=True)
    last_id: int = 0
    count: int = 0
    last_hash: str
