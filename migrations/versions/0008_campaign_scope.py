"""The scope of a cleanup campaign (issue 12): the agencies a clerk named with --issuer (several)
and --under (a government with all its departments), in the order given. A campaign had one
issuer (cleanup_campaign.issuer_id, kept: it is still set when the scope is that one issuer);
each existing campaign's issuer becomes its scope.

Revision ID: 0008_campaign_scope
Revises: 0007_co_issuers
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_campaign_scope"
down_revision = "0007_co_issuers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cleanup_campaign_scope",
        sa.Column(
            "campaign_id",
            sa.Integer(),
            sa.ForeignKey("cleanup_campaign.id"),
            primary_key=True,
            nullable=False,
        ),
        sa.Column(
            "agency_id", sa.Integer(), sa.ForeignKey("agency.id"), primary_key=True, nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        # True: the agency was named with --under, so its departments are in the scope too.
        sa.Column("under", sa.Boolean(), nullable=False),
    )
    op.execute(
        "INSERT INTO cleanup_campaign_scope (campaign_id, agency_id, position, under)"
        " SELECT id, issuer_id, 1, FALSE FROM cleanup_campaign WHERE issuer_id IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_table("cleanup_campaign_scope")
