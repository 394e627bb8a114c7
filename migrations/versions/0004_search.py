"""Full-text search index over titles and texts (overlapping CJK bigrams).

Revision ID: 0004_search
Revises: 0003_law_cleanup_audit
Create Date: 2026-11-27
"""

revision = "0004_search"
down_revision = "0003_law_cleanup_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # filled in by the search work


def downgrade() -> None:
    pass
