"""What an official register needs (issue 9): an agency's several 机关代字, every version of a
document's text, import batches that can be undone, the filing authority of each filing, which
text version a review examined, and the day a superior-law change takes effect for its flags.

The current text stays in document_text (search and the audit read it); every text a document
has had, the current one included, is a row of text_version. Existing texts become version 1 and
existing codes the agency's first code.

Revision ID: 0006_register_trust
Revises: 0005_audit_ack
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_register_trust"
down_revision = "0005_audit_ack"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency_code",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("agency_id", sa.Integer(), sa.ForeignKey("agency.id"), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_agency_code_agency_id", "agency_code", ["agency_id"])
    # Not unique: an older registry may hold two agencies with one 代字; the service refuses new
    # clashes and names the old ones.
    op.create_index("ix_agency_code_code", "agency_code", ["code"])
    op.execute(
        "INSERT INTO agency_code (agency_id, code, created_at)"
        " SELECT id, code, created_at FROM agency WHERE code IS NOT NULL AND code <> ''"
    )

    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("sources", sa.Text(), nullable=False),  # JSON list of the paths given
        sa.Column("new_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("rejected_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undone_reason", sa.Text(), nullable=True),
    )

    op.create_table(
        "text_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source_name", sa.String(), nullable=True),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("original", sa.LargeBinary(), nullable=True),  # the file as given, if kept
        sa.Column("event_id", sa.Integer(), nullable=True),  # the event that brought it
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("document_id", "version", name="uq_text_version_document_version"),
    )
    op.create_index("ix_text_version_content_hash", "text_version", ["content_hash"])
    op.execute(
        "INSERT INTO text_version (document_id, version, text, source_name, content_hash,"
        " created_at)"
        " SELECT t.document_id, 1, t.text, t.source_name, t.content_hash, d.created_at"
        " FROM document_text t JOIN document d ON d.id = t.document_id"
    )

    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("filing_authority", sa.String(), nullable=True))
        batch.add_column(sa.Column("refiling_authority", sa.String(), nullable=True))
        batch.add_column(sa.Column("reviewed_version", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("import_batch_id", sa.Integer(), nullable=True))
        batch.create_index("ix_document_import_batch_id", ["import_batch_id"])

    with op.batch_alter_table("cleanup_flag") as batch:
        batch.add_column(sa.Column("effective_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cleanup_flag") as batch:
        batch.drop_column("effective_on")
    with op.batch_alter_table("document") as batch:
        batch.drop_index("ix_document_import_batch_id")
        batch.drop_column("import_batch_id")
        batch.drop_column("reviewed_version")
        batch.drop_column("refiling_authority")
        batch.drop_column("filing_authority")
    op.drop_table("text_version")
    op.drop_table("import_batch")
    op.drop_table("agency_code")
