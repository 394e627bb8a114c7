"""Full-text search index over titles and texts (overlapping CJK bigrams).

SQLite: an FTS5 table over space-separated bigrams (the ascii tokenizer: it only splits on the
spaces the bigrams are written with and lowers ASCII letters), rowid = document id. PostgreSQL:
a tsvector of the same bigrams per document with a GIN index. The tokens are made in Python
(normdocs.store.search.index_tokens; its docstring says why); every existing document's title
and text are indexed here.

Revision ID: 0004_search
Revises: 0003_law_cleanup_audit
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004_search"
down_revision = "0003_law_cleanup_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from normdocs.store.search import rebuild_index

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize = 'ascii')")
    else:
        op.create_table(
            "search_index",
            sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id"), primary_key=True),
            sa.Column("terms", postgresql.TSVECTOR(), nullable=False),
        )
        op.create_index("ix_search_index_terms", "search_index", ["terms"], postgresql_using="gin")
    rebuild_index(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_index")
    else:
        op.drop_index("ix_search_index_terms", table_name="search_index")
        op.drop_table("search_index")
