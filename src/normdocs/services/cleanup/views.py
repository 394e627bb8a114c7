"""Cleanup campaigns as users see them: a campaign with its counts, its items, the listings."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from normdocs.domain.cleanup import (
    KIND_LABELS_ZH,
    OUTCOME_LABELS_ZH,
    CampaignKind,
    CampaignStatus,
    Outcome,
)
from normdocs.domain.errors import InvalidInput
from normdocs.i18n import _
from normdocs.services.cleanup.shared import find_campaign
from normdocs.services.context import AppContext
from normdocs.services.readmodels import CampaignView, CleanupItemView

if TYPE_CHECKING:  # the store's module imports SQLAlchemy: not at import time
    from normdocs.store.cleanup import CampaignRow, CleanupItemRow


@dataclass
class CampaignStatusReport:
    """A campaign with its counts, and its documents with their outcomes (or none yet)."""

    campaign: CampaignView
    items: list[CleanupItemView] = field(default_factory=list)


def campaign_view(row: "CampaignRow") -> CampaignView:
    """A campaign as shown to users and written as JSON."""
    return CampaignView(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        kind_label=KIND_LABELS_ZH[CampaignKind(row["kind"])],
        issuer=row["issuer"],
        issuers=list(row["issuers"]),
        under=list(row["under"]),
        law=row["law"],
        started_on=row["started_on"],
        closed_on=row["closed_on"],
        status=row["status"],
        documents=row["documents"],
        decided=row["decided"],
        undecided=row["documents"] - row["decided"],
        retain=row["retain"],
        amend=row["amend"],
        repeal=row["repeal"],
        invalidate=row["invalidate"],
    )


def item_view(row: "CleanupItemRow") -> CleanupItemView:
    outcome = row["outcome"]
    label = OUTCOME_LABELS_ZH[Outcome(outcome)] if outcome else None
    return CleanupItemView.model_validate({**row, "outcome_label": label})


def campaign_status(
    ctx: AppContext, campaign: str, *, undecided_only: bool = False
) -> CampaignStatusReport:
    from normdocs.store.cleanup import campaign_items
    from normdocs.store.engine import transaction

    engine = ctx.engine(write=False)
    with transaction(engine, ctx.db) as session:
        row = find_campaign(session, campaign)
        items = campaign_items(session, row["id"], undecided_only=undecided_only)
    return CampaignStatusReport(campaign_view(row), [item_view(i) for i in items])


def list_campaigns(ctx: AppContext, *, status: str | None = None) -> list[CampaignView]:
    from normdocs.store.cleanup import all_campaigns
    from normdocs.store.engine import transaction

    if status is not None and status not in {s.value for s in CampaignStatus}:
        raise InvalidInput(
            _("unknown value {value} for {option}").format(value=status, option="--status"),
            _("choose from: {allowed}").format(allowed="open, closed"),
        )
    engine = ctx.engine(write=False)
    with transaction(engine, ctx.db) as session:
        return [campaign_view(r) for r in all_campaigns(session, status)]
