"""The registry: agencies, documents and the whole-process record with its chain head.

Revision ID: 0001_registry
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_registry"
down_revision = None
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("code", sa.String(), nullable=True),
        sa.Column("level", sa.String(), nullable=False),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("agency.id"), nullable=True),
        sa.Column("head", sa.String(), nullable=True),
        sa.Column("legal_office", sa.String(), nullable=True),
        sa.Column("files_to", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_agency_name", "agency", ["name"], unique=True)

    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("issuer_id", sa.Integer(), sa.ForeignKey("agency.id"), nullable=False),
        sa.Column("interim", sa.Boolean(), nullable=False),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("doc_number", sa.String(), nullable=True),
        sa.Column("registration_no", sa.String(), nullable=True),
        sa.Column("registration_year", sa.Integer(), nullable=True),
        sa.Column("registration_seq", sa.Integer(), nullable=True),
        sa.Column("review_submitted_on", sa.Date(), nullable=True),
        sa.Column("review_decided_on", sa.Date(), nullable=True),
        sa.Column("review_outcome", sa.String(), nullable=True),
        sa.Column("review_working_days", sa.Integer(), nullable=True),
        sa.Column("review_emergency", sa.Boolean(), nullable=False),
        sa.Column("review_late", sa.Boolean(), nullable=False),
        sa.Column("revision_recorded", sa.Boolean(), nullable=False),
        sa.Column("meeting_on", sa.Date(), nullable=True),
        sa.Column("meeting_type", sa.String(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("signer", sa.String(), nullable=True),
        sa.Column("promulgated_on", sa.Date(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("validity_stated", sa.Boolean(), nullable=False),
        sa.Column("filing_due_on", sa.Date(), nullable=True),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("filed_late", sa.Boolean(), nullable=False),
        sa.Column("materials", sa.String(), nullable=True),
        sa.Column("filing_outcome", sa.String(), nullable=True),
        sa.Column("filing_decided_on", sa.Date(), nullable=True),
        sa.Column("refile_due_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("issuer_id", "doc_number", name="uq_document_issuer_number"),
        sa.UniqueConstraint("registration_no", name="uq_document_registration_no"),
    )
    op.create_index("ix_document_title", "document", ["title"])
    op.create_index("ix_document_issuer_id", "document", ["issuer_id"])
    op.create_index("ix_document_stage", "document", ["stage"])
    op.create_index("ix_document_doc_number", "document", ["doc_number"])
    op.create_index("ix_document_promulgated_on", "document", ["promulgated_on"])
    op.create_index("ix_document_expires_on", "document", ["expires_on"])

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id"), nullable=True),
        sa.Column("agency_id", sa.Integer(), sa.ForeignKey("agency.id"), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("from_stage", sa.String(), nullable=True),
        sa.Column("to_stage", sa.String(), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
    )
    op.create_index("ix_event_document_id", "event", ["document_id"])

    head = op.create_table(
        "record_head",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(), nullable=False),
    )
    op.bulk_insert(head, [{"id": 1, "last_id": 0, "count": 0, "last_hash": GENESIS}])


def downgrade() -> None:
    op.drop_table("record_head")
    op.drop_table("event")
    op.drop_table("document")
    op.drop_table("agency")
