"""The registry's tables (SQLModel); the one place that knows how rows are laid out."""

from datetime import date, datetime

from sqlalchemy import Column, LargeBinary, Text, UniqueConstraint
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


class AgencyCode(SQLModel, table=True):
    """One of an agency's 机关代字 (an agency may have several: 元政发, 元政办发, 元政字)."""

    __tablename__ = "agency_code"

    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    code: str = Field(index=True)
    created_at: datetime


class ImportBatch(SQLModel, table=True):
    """One run of `normdocs import` that wrote something: what it read, what it made, and
    whether it was undone."""

    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime
    actor: str
    sources: str = Field(sa_column=Column(Text, nullable=False))  # JSON list of paths given
    new_count: int = 0
    rejected_count: int = 0
    undone_at: datetime | None = None
    undone_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


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
    refiled_on: date | None = None
    refiled_late: bool = False
    materials: str | None = None
    filing_outcome: str | None = None
    filing_decided_on: date | None = None
    refile_due_on: date | None = None
    ended_on: date | None = None
    end_reason: str | None = None
    last_cleanup_on: date | None = None
    awaiting_amendment: bool = False
    supersedes_id: int | None = Field(default=None, foreign_key="document.id")
    filing_authority: str | None = None  # 备案机关 of the filing
    refiling_authority: str | None = None
    reviewed_version: int | None = None  # the text_version the legality review examined
    import_batch_id: int | None = Field(default=None, index=True)
    created_at: datetime


class DocumentCoIssuer(SQLModel, table=True):
    """A co-issuer of a joint document (联合发文): the lead issuer is document.issuer_id."""

    __tablename__ = "document_co_issuer"

    document_id: int = Field(foreign_key="document.id", primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", primary_key=True, index=True)
    position: int  # 1 for the first co-issuer named after the lead


class DocumentText(SQLModel, table=True):
    """A document's full text, kept apart so that scans of `document` stay small."""

    __tablename__ = "document_text"

    document_id: int = Field(foreign_key="document.id", primary_key=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    source_name: str | None = None
    content_hash: str = Field(index=True)


class TextVersion(SQLModel, table=True):
    """Every text a document has had (draft, revised, promulgated), the current one included;
    document_text holds a copy of the newest for search and the audit."""

    __tablename__ = "text_version"
    __table_args__ = (
        UniqueConstraint("document_id", "version", name="uq_text_version_document_version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id")
    version: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    source_name: str | None = None
    content_hash: str = Field(index=True)
    original: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    event_id: int | None = None  # the event that brought it
    created_at: datetime


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


class Law(SQLModel, table=True):
    """One version of a superior law (上位法): 法律, 行政法规, 地方性法规, 规章, or a higher normative
    document known by its 文号."""

    __tablename__ = "law"
    __table_args__ = (UniqueConstraint("title", "promulgated_on", name="uq_law_title_version"),)

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(index=True)
    short_title: str | None = None
    # The title as matched: without 中华人民共和国 and brackets, for finding versions of a law.
    match_key: str = Field(index=True)
    level: str
    doc_number: str | None = Field(default=None, index=True)
    promulgated_on: date | None = None
    effective_on: date | None = None
    status: str = "in_force"  # in_force | superseded | repealed
    amended_on: date | None = None
    repealed_on: date | None = None
    history: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime


class Basis(SQLModel, table=True):
    """A basis link (制定依据) or citation: document → law, or → another document by 文号.

    Unresolved citations are kept (law_id and cited_document_id empty) so they can be shown."""

    __tablename__ = "basis"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    kind: str  # law | document
    citation: str  # as cited: 《传染病防治法》 or 粤卫函〔2017〕568号
    article: str | None = None
    law_id: int | None = Field(default=None, foreign_key="law.id", index=True)
    cited_number: str | None = None
    cited_document_id: int | None = Field(default=None, foreign_key="document.id")
    origin: str = "extracted"  # extracted | manual
    created_at: datetime


class CleanupFlag(SQLModel, table=True):
    """A document that must be cleaned up at once because a law it rests on changed (即时清理)."""

    __tablename__ = "cleanup_flag"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    law_id: int = Field(foreign_key="law.id", index=True)
    reason: str  # amended | repealed
    flagged_on: date
    effective_on: date | None = None  # the day the law's change takes effect
    campaign_id: int | None = Field(default=None, foreign_key="cleanup_campaign.id")


class CleanupCampaign(SQLModel, table=True):
    """A periodic (定期清理) or instant (即时清理) cleanup campaign."""

    __tablename__ = "cleanup_campaign"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    kind: str  # periodic | instant
    # The one issuer of a campaign scoped to a single --issuer; the whole scope, several issuers
    # or --under, is in cleanup_campaign_scope.
    issuer_id: int | None = Field(default=None, foreign_key="agency.id")
    law_id: int | None = Field(default=None, foreign_key="law.id")
    started_on: date
    closed_on: date | None = None
    status: str = "open"  # open | closed
    created_at: datetime


class CleanupCampaignScope(SQLModel, table=True):
    """An agency a campaign was started for (--issuer, several; --under: with its departments)."""

    __tablename__ = "cleanup_campaign_scope"

    campaign_id: int = Field(foreign_key="cleanup_campaign.id", primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", primary_key=True)
    position: int  # the order the clerk named them in
    under: bool  # named with --under: the agency and every department below it


class CleanupItem(SQLModel, table=True):
    """One document in a campaign and, once decided, its outcome."""

    __tablename__ = "cleanup_item"

    campaign_id: int = Field(foreign_key="cleanup_campaign.id", primary_key=True)
    document_id: int = Field(foreign_key="document.id", primary_key=True)
    outcome: str | None = None  # retain | amend | repeal | invalidate
    reason: str | None = None
    effective_on: date | None = None
    new_expires_on: date | None = None
    decided_on: date | None = None


class Finding(SQLModel, table=True):
    """One audit finding, kept across runs: first seen, last seen, resolved."""

    __tablename__ = "finding"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)  # stable: rule + document + what it is about
    rule: str = Field(index=True)
    severity: str
    document_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    law_id: int | None = Field(default=None, foreign_key="law.id")
    evidence: str = Field(sa_column=Column(Text, nullable=False))
    source: str | None = None
    first_seen: datetime
    last_seen: datetime
    resolved_at: datetime | None = None
    last_run_id: int | None = None
    # A reviewer's mark (audit ack): right | wrong | None, why, who, when; cleared on reopening.
    ack_verdict: str | None = None
    ack_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    acked_by: str | None = None
    acked_at: datetime | None = None


class AuditRun(SQLModel, table=True):
    """One run of the audit: when, as of which day, how many findings."""

    __tablename__ = "audit_run"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime
    finished_at: datetime | None = None
    as_of: date
    actor: str
    findings: int = 0
    new_findings: int = 0
    resolved_findings: int = 0


class ContentCheck(SQLModel, table=True):
    """Which version of a document's text the audit's content checks last read, so that a nightly
    audit reads only texts that changed (their findings are kept in `finding`)."""

    __tablename__ = "content_check"

    document_id: int = Field(foreign_key="document.id", primary_key=True)
    content_hash: str
    checker_version: int
    checked_at: datetime
