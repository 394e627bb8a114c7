"""The superior-law rows store/laws.py returns have exactly the columns, and values of the types,
that their TypedDicts in store/law_rows.py name; the write values name the table's columns."""

from datetime import date
from typing import Any, get_type_hints

from normdocs.services.laws import amend_law
from normdocs.store import laws as store
from normdocs.store.engine import transaction
from normdocs.store.law_rows import (
    BasisRow,
    BasisValues,
    CitationRow,
    CitingDocumentRow,
    FlagRow,
    FlagValues,
    LawRow,
    LawValues,
    RaisedFlagRow,
    RestingDocumentRow,
    UnresolvedBasisRow,
)
from row_types import keys, mismatches

TODAY = date(2026, 11, 27)


def test_each_law_query_returns_the_columns_and_types_its_row_names(reg, docs):
    amend_law(reg.ctx, title="传染病防治法", on=date(2025, 4, 30))  # a second version, flags
    with transaction(reg.ctx.engine(write=False), reg.ctx.db) as session:
        key = next(
            r["match_key"] for r in store.all_laws(session) if r["title"].endswith("传染病防治法")
        )
        versions = store.laws_by_key(session, key)
        ids = [v["id"] for v in versions]
        shapes: dict[Any, list[Any]] = {
            LawRow: [*versions, store.law_by_id(session, ids[-1])],
            CitationRow: store.basis_of_document(session, docs.other),
            UnresolvedBasisRow: store.unresolved_basis(session),
            RestingDocumentRow: store.documents_resting_on(session, ids, as_of=TODAY),
            CitingDocumentRow: store.documents_citing(session, ids),
            FlagRow: store.flags_for_laws(session, ids),
            RaisedFlagRow: [f for i in ids for f in store.flags_raised_by(session, i, None, None)],
        }
    assert len(versions) >= 2
    # docs.other cites a registered law and an unknown regulation: one of each kind of citation.
    assert {r["law_id"] is None for r in shapes[CitationRow]} == {True, False}
    for row_type, rows in shapes.items():
        assert rows, row_type.__name__
        for row in rows:
            assert mismatches(row, row_type) == [], row_type.__name__


def test_the_written_values_name_every_column_of_their_table_but_its_id():
    for values, row, table in (
        (LawValues, LawRow, store.law_t),
        (BasisValues, BasisRow, store.basis_t),
        (FlagValues, FlagRow, store.flag_t),
    ):
        assert keys(row) == set(table.c.keys()), row.__name__
        assert keys(values) == keys(row) - {"id"}, values.__name__
        assert get_type_hints(values) == {
            k: v for k, v in get_type_hints(row).items() if k != "id"
        }, values.__name__
