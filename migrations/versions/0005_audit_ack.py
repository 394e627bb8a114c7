"""A reviewer's mark on an audit finding (audit ack): the verdict (right, wrong, or none given),
the reason, who marked it and when. An acknowledged finding no longer counts for --fail-on; the
mark is cleared when the finding is resolved and later found again.

Revision ID: 0005_audit_ack
Revises: 0004_search
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_audit_ack"
down_revision = "0004_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("finding") as batch:
        batch.add_column(sa.Column("ack_verdict", sa.String(), nullable=True))
        batch.add_column(sa.Column("ack_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("acked_by", sa.String(), nullable=True))
        batch.add_column(sa.Column("acked_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("finding") as batch:
        batch.drop_column("acked_at")
        batch.drop_column("acked_by")
        batch.drop_column("ack_reason")
        batch.drop_column("ack_verdict")
