"""The search index again, now that it holds the normal form of each 文号 a text prints loosely
(元政发[2026]第5号 → 元政发〔2026〕5号): texts stored before are indexed anew, so a search for a
number finds the texts that cite it in any form. No table changes.

Revision ID: 0009_search_numbers
Revises: 0008_campaign_scope
Create Date: 2026-12-03
"""

from alembic import op

revision = "0009_search_numbers"
down_revision = "0008_campaign_scope"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from normdocs.store.search import rebuild_index

    rebuild_index(op.get_bind())


def downgrade() -> None:
    # The extra tokens do no harm to the older version's searches.
    pass
