"""Joint documents (联合发文, issue 12): the co-issuers of a document, each a registered agency,
in the order the document names them after its lead issuer (document.issuer_id).

Until now the co-issuers an import found were kept in its event only (details.co_issuers, by
name); those that are registered agencies are copied here. A name no agency carries stays in
the event, where the views still read it.

Revision ID: 0007_co_issuers
Revises: 0006_register_trust
Create Date: 2026-12-03
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0007_co_issuers"
down_revision = "0006_register_trust"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_co_issuer",
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("document.id"),
            primary_key=True,
            nullable=False,
        ),
        sa.Column(
            "agency_id", sa.Integer(), sa.ForeignKey("agency.id"), primary_key=True, nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index("ix_document_co_issuer_agency_id", "document_co_issuer", ["agency_id"])
    _copy_from_import_events()


def _copy_from_import_events() -> None:
    connection = op.get_bind()
    agencies = {
        str(name): int(agency_id)
        for agency_id, name in connection.execute(sa.text("SELECT id, name FROM agency"))
    }
    documents = {
        int(document_id): int(issuer_id)
        for document_id, issuer_id in connection.execute(
            sa.text("SELECT id, issuer_id FROM document")
        )
    }
    rows = connection.execute(
        sa.text(
            "SELECT document_id, details FROM event WHERE action = 'document.import'"
            " AND document_id IS NOT NULL AND details LIKE '%\"co_issuers\"%' ORDER BY id"
        )
    )
    wanted: list[dict[str, int]] = []
    seen: set[tuple[int, int]] = set()
    for document_id, details in rows:
        try:
            names = json.loads(details).get("co_issuers") or []
        except (ValueError, AttributeError):
            continue
        position = 0
        for name in names:
            agency_id = agencies.get(str(name))
            if agency_id is None or documents.get(int(document_id), agency_id) == agency_id:
                continue  # not registered, the document is gone, or it is the lead issuer
            if (int(document_id), agency_id) in seen:
                continue
            seen.add((int(document_id), agency_id))
            position += 1
            wanted.append(
                {"document_id": int(document_id), "agency_id": agency_id, "position": position}
            )
    if wanted:
        connection.execute(
            sa.text(
                "INSERT INTO document_co_issuer (document_id, agency_id, position)"
                " VALUES (:document_id, :agency_id, :position)"
            ),
            wanted,
        )


def downgrade() -> None:
    op.drop_index("ix_document_co_issuer_agency_id", table_name="document_co_issuer")
    op.drop_table("document_co_issuer")
