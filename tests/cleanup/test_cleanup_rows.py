"""The rows store/cleanup.py returns have exactly the columns, and values of the types, that their
TypedDicts name; what it writes names the table's columns with the rows' types."""

from datetime import date
from typing import Any, get_type_hints

from normdocs.services.cleanup import close, decide, start_campaign
from normdocs.store import cleanup as store
from normdocs.store.engine import transaction
from normdocs.store.tables import campaign_t, cleanup_flag_t, cleanup_item_t
from row_types import keys, mismatches


def test_each_cleanup_query_returns_the_columns_and_types_its_row_names(reg, corpus):
    # One campaign of one issuer, open, with a decision; one instant campaign, closed.
    periodic = start_campaign(reg.ctx, kind="periodic", issuer="元宝山区人民政府")["id"]
    decide(reg.ctx, str(periodic), str(corpus.gov_in_force), outcome="retain", reason="仍需执行")
    instant = start_campaign(reg.ctx, kind="instant", law="行政处罚法", on=date(2026, 11, 2))
    for document_id in (corpus.gov_in_force, corpus.dept_in_force):
        decide(reg.ctx, str(instant["id"]), str(document_id), outcome="amend", reason="修改")
    close(reg.ctx, str(instant["id"]))
    with transaction(reg.ctx.engine(write=False), reg.ctx.db) as session:
        campaigns = store.all_campaigns(session)
        shapes: dict[Any, list[Any]] = {
            store.CampaignRow: [
                *campaigns,
                store.campaign_by_id(session, periodic),
                *store.campaigns_named(session, instant["name"]),
            ],
            store.CleanupItemRow: [
                *store.campaign_items(session, periodic),
                store.campaign_item(session, instant["id"], corpus.dept_in_force),
            ],
            # The air law's flag: taken by no campaign yet.
            store.CleanupFlagRow: store.unassigned_flags(session, [corpus.air_law]),
        }
    assert {c["status"] for c in campaigns} == {"open", "closed"}
    assert {c["issuer"] is None for c in campaigns} == {True, False}
    assert {i["outcome"] is None for i in shapes[store.CleanupItemRow]} == {True, False}
    for row_type, rows in shapes.items():
        assert rows, row_type.__name__
        for row in rows:
            assert mismatches(row, row_type) == [], row_type.__name__


def test_the_rows_and_written_values_name_the_tables_columns():
    hints = get_type_hints(store.CampaignRow)
    assert keys(store.CampaignRow) >= set(campaign_t.c.keys())
    assert keys(store.NewCampaign) == set(campaign_t.c.keys()) - {"id", "closed_on"}
    assert get_type_hints(store.NewCampaign) == {k: hints[k] for k in keys(store.NewCampaign)}
    assert keys(store.CleanupFlagRow) == set(cleanup_flag_t.c.keys())
    item_hints = get_type_hints(store.CleanupItemRow)
    assert keys(store.CleanupItemRow) >= set(cleanup_item_t.c.keys())
    decision = get_type_hints(store.ItemDecision)
    assert set(decision) == set(cleanup_item_t.c.keys()) - {"campaign_id", "document_id"}
    # A decision writes every one, only the new expiry may be empty (the item's are until then).
    assert {k: item_hints[k] for k in decision} == {
        k: v if k == "new_expires_on" else v | None for k, v in decision.items()
    }
