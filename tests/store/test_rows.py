"""The document, agency, text and event rows the store returns have exactly the keys, and values
of the types, that their TypedDicts name (store/rows.py and the query modules), and the write
values name the tables' columns: the types cannot drift from the queries or the tables."""

from datetime import date
from typing import Any, get_type_hints

from normdocs.domain.projection import AGENCY_FIELDS, DOCUMENT_FIELDS
from normdocs.domain.stages import Stage
from normdocs.store import integrity, queries
from normdocs.store.agency_codes import NumberHolder, number_holder
from normdocs.store.engine import transaction
from normdocs.store.integrity import StoredVersion
from normdocs.store.records import EventRow, document_events
from normdocs.store.rows import (
    AgencyFacts,
    AgencyListRow,
    AgencyRow,
    AgencyValues,
    DocumentColumns,
    DocumentFacts,
    DocumentRow,
    DocumentTextRow,
    DocumentValues,
    TextVersionRow,
    TextVersionSummary,
)
from normdocs.store.search import Filters, MatchedDocument, find_matches, plan_term
from normdocs.store.tables import agency_t, document_t, text_t, version_t
from row_types import keys, mismatches


def test_each_query_returns_the_columns_and_types_its_row_names(registry_at):
    registry, placed = registry_at("department", Stage.PROMULGATED)
    with transaction(registry.ctx.engine(write=False), registry.ctx.db) as session:
        row = queries.document_by_id(session, placed.id)
        assert row is not None and row["doc_number"] is not None
        agency = queries.agency_by_id(session, row["issuer_id"])
        assert agency is not None and agency["parent_id"] is not None  # a department
        total, matched = find_matches(
            session,
            plan_term("校园安全"),
            Filters(as_of=date(2026, 12, 1), validities=(), issuer_ids=None, year=None),
            limit=5,
            offset=0,
        )
        shapes: dict[Any, list[Any]] = {
            DocumentRow: [
                row,
                queries.lock_document(session, placed.id),
                *queries.documents_by_number(session, row["doc_number"]),
                *queries.list_documents(session, as_of=date(2026, 12, 1)),
            ],
            AgencyRow: [agency, queries.agency_by_name(session, agency["name"])],
            AgencyListRow: queries.all_agencies(session),
            DocumentTextRow: [
                queries.text_of(session, placed.id),
                *integrity.text_rows(session),
            ],
            TextVersionSummary: queries.text_versions(session, placed.id),
            TextVersionRow: [queries.text_version(session, placed.id, None)],
            EventRow: document_events(session, placed.id),
            DocumentFacts: list(integrity.document_rows(session)),
            AgencyFacts: integrity.agency_rows(session),
            StoredVersion: [
                v for _id, group in integrity.text_version_groups(session) for v in group
            ],
            NumberHolder: [number_holder(session, row["doc_number"])],
            MatchedDocument: matched,
        }
    assert total >= 1
    for row_type, rows in shapes.items():
        assert rows, row_type.__name__
        for found in rows:
            assert found is not None, row_type.__name__
            assert mismatches(found, row_type) == [], row_type.__name__


def test_the_rows_and_written_values_name_every_column_of_their_table():
    for values, row, table in (
        (DocumentValues, DocumentColumns, document_t),
        (AgencyValues, AgencyRow, agency_t),
    ):
        assert keys(row) == set(table.c.keys()), row.__name__
        assert keys(values) == keys(row) - {"id"}, values.__name__
        assert get_type_hints(values) == {
            k: v for k, v in get_type_hints(row).items() if k != "id"
        }, values.__name__
    assert keys(DocumentTextRow) == set(text_t.c.keys())
    assert keys(TextVersionRow) == set(version_t.c.keys())
    # What verify compares: every fact an event states, and the id.
    assert keys(DocumentFacts) == {"id", *DOCUMENT_FIELDS}
    assert keys(AgencyFacts) == {"id", *AGENCY_FIELDS}
