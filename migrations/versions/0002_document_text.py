"""Full texts in their own table, with the content hash that finds duplicates.

Revision ID: 0002_document_text
Revises: 0001_registry
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_document_text"
down_revision = "0001_registry"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_text",
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id"), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source_name", sa.String(), nullable=True),
        sa.Column("content_hash", sa.String(), nullable=False),
    )
    op.create_index("ix_document_text_content_hash", "document_text", ["content_hash"])


def downgrade() -> None:
    op.drop_table("document_text")
