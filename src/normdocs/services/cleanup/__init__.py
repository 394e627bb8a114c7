"""Cleanup campaigns (清理): start one over its documents, decide each, close it with its effects."""

from normdocs.services.cleanup.start import (
    CampaignStatusReport,
    campaign_status,
    campaign_view,
    close,
    decide,
    find_campaign,
    item_view,
    list_campaigns,
    start_campaign,
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
