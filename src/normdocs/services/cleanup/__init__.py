"""Cleanup campaigns (清理): start one over its documents, decide each, close it with its effects.

start: which documents a new campaign takes, and writing it; decisions: one document's outcome;
closing: every outcome applied; views: what users see; shared: finding a campaign and the checks
every step makes."""

from normdocs.services.cleanup.closing import close
from normdocs.services.cleanup.decisions import decide
from normdocs.services.cleanup.shared import find_campaign
from normdocs.services.cleanup.start import start_campaign
from normdocs.services.cleanup.views import (
    CampaignStatusReport,
    campaign_status,
    campaign_view,
    item_view,
    list_campaigns,
)

__all__ = [
    "CampaignStatusReport",
    "campaign_status",
    "campaign_view",
    "close",
    "decide",
    "find_campaign",
    "item_view",
    "list_campaigns",
    "start_campaign",
]
