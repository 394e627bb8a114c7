"""Superior law, basis links, cleanup campaigns and audit findings.

Revision ID: 0003_law_cleanup_audit
Revises: 0002_document_text
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_law_cleanup_audit"
down_revision = "0002_document_text"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("last_cleanup_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("awaiting_amendment", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("supersedes_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("refiled_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("refiled_late", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_foreign_key("fk_document_supersedes", "document", ["supersedes_id"], ["id"])

    op.create_table(
        "law",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("short_title", sa.String(), nullable=True),
        sa.Column("match_key", sa.String(), nullable=False),
        sa.Column("level", sa.String(), nullable=False),
        sa.Column("doc_number", sa.String(), nullable=True),
        sa.Column("promulgated_on", sa.Date(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("amended_on", sa.Date(), nullable=True),
        sa.Column("repealed_on", sa.Date(), nullable=True),
        sa.Column("history", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("title", "promulgated_on", name="uq_law_title_version"),
    )
    op.create_index("ix_law_title", "law", ["title"])
    op.create_index("ix_law_match_key", "law", ["match_key"])
    op.create_index("ix_law_doc_number", "law", ["doc_number"])

    op.create_table(
        "basis",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id"), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("citation", sa.String(), nullable=False),
        sa.Column("article", sa.String(), nullable=True),
        sa.Column("law_id", sa.Integer(), sa.ForeignKey("law.id"), nullable=True),
        sa.Column("cited_number", sa.String(), nullable=True),
        sa.Column("cited_document_id", sa.Integer(), sa.ForeignKey("document.id"), nullable=True),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_basis_document_id", "basis", ["document_id"])
    op.create_index("ix_basis_law_id", "basis", ["law_id"])

    op.create_table(
        "cleanup_campaign",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("issuer_id", sa.Integer(), sa.ForeignKey("agency.id"), nullable=True),
        sa.Column("law_id", sa.Integer(), sa.ForeignKey("law.id"), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "cleanup_flag",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id"), nullable=False),
        sa.Column("law_id", sa.Integer(), sa.ForeignKey("law.id"), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("flagged_on", sa.Date(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("cleanup_campaign.id"), nullable=True),
    )
    op.create_index("ix_cleanup_flag_document_id", "cleanup_flag", ["document_id"])
    op.create_index("ix_cleanup_flag_law_id", "cleanup_flag", ["law_id"])
    op.create_table(
        "cleanup_item",
        sa.Column(
            "campaign_id", sa.Integer(), sa.ForeignKey("cleanup_campaign.id"), primary_key=True
        ),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id"), primary_key=True),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.Column("reason", sa.String(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("new_expires_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
    )

    op.create_table(
        "finding",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("rule", sa.String(), nullable=False),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id"), nullable=True),
        sa.Column("law_id", sa.Integer(), sa.ForeignKey("law.id"), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("source", sa.String(), nullable=True),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("last_run_id", sa.Integer(), nullable=True),
        sa.UniqueConstraint("key", name="uq_finding_key"),
    )
    op.create_index("ix_finding_rule", "finding", ["rule"])
    op.create_index("ix_finding_document_id", "finding", ["document_id"])
    op.create_table(
        "audit_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("new_findings", sa.Integer(), nullable=False),
        sa.Column("resolved_findings", sa.Integer(), nullable=False),
    )
    op.create_table(
        "content_check",
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id"), primary_key=True),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("checker_version", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("content_check")
    op.drop_table("audit_run")
    op.drop_table("finding")
    op.drop_table("cleanup_item")
    op.drop_table("cleanup_flag")
    op.drop_table("cleanup_campaign")
    op.drop_table("basis")
    op.drop_table("law")
    with op.batch_alter_table("document") as batch:
        batch.drop_constraint("fk_document_supersedes", type_="foreignkey")
        batch.drop_column("refiled_late")
        batch.drop_column("refiled_on")
        batch.drop_column("supersedes_id")
        batch.drop_column("awaiting_amendment")
        batch.drop_column("last_cleanup_on")
