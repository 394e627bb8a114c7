"""Deciding a document of an open cleanup campaign: the outcome, its reason and its dates."""

from datetime import date
from typing import TYPE_CHECKING, Any

from normdocs.domain.cleanup import (
    SRC_CLEANUP,
    CleanupDecision,
    check_decision,
    check_decision_input,
    parse_outcome,
)
from normdocs.domain.errors import Refused
from normdocs.domain.messages import Text
from normdocs.i18n import _
from normdocs.services.cleanup.shared import (
    document_facts,
    find_campaign,
    in_turn,
    iso,
    refuse_closed,
)
from normdocs.services.cleanup.views import item_view
from normdocs.services.context import AppContext
from normdocs.services.readmodels import CleanupItemView
from normdocs.store.retry import retrying
from normdocs.store.rows import DocumentRow

if TYPE_CHECKING:  # the store's module imports SQLAlchemy: not at import time
    from normdocs.store.cleanup import CampaignRow, CleanupItemRow


@retrying
def decide(
    ctx: AppContext,
    campaign: str,
    ref: str,
    *,
    outcome: str,
    reason: str | None,
    on: date | None = None,
    expires: date | None = None,
) -> CleanupItemView:
    """Record (or replace) the outcome for one document of an open campaign."""
    from normdocs.services.documents import resolve_document
    from normdocs.store.cleanup import campaign_item
    from normdocs.store.engine import transaction

    decision = _decision_asked(ctx, outcome, reason, on, expires)
    with transaction(ctx.engine(), ctx.db) as session:
        in_turn(session)
        row = find_campaign(session, campaign)
        refuse_closed(row)
        document = resolve_document(session, ref)
        item = _item_of(session, row, document)
        warnings = _warnings(ctx, row, item, decision)
        _record_decision(ctx, session, row, document, decision, replaces=item["outcome"])
        updated = campaign_item(session, row["id"], document["id"])
    assert updated is not None
    for text in warnings:
        ctx.warn(text)
    if item["outcome"] is not None:
        ctx.warn(
            _("the earlier decision ({previous}) for document {id} is replaced").format(
                previous=item["outcome"], id=document["id"]
            )
        )
    return item_view(updated)


def _decision_asked(
    ctx: AppContext, outcome: str, reason: str | None, on: date | None, expires: date | None
) -> CleanupDecision:
    """The decision as given, checked as far as it can be without the registry."""
    reason = " ".join((reason or "").split())
    # Not refused after today: --date is the day the outcome takes effect (a repeal may be
    # decided now to take effect later); the decision itself is dated today.
    decision = CleanupDecision(parse_outcome(outcome), reason, on or ctx.today(), expires)
    check_decision_input(decision)
    return decision


def _item_of(session: Any, row: "CampaignRow", document: DocumentRow) -> "CleanupItemRow":
    """The campaign's item for the document; refused when the campaign does not hold it."""
    from normdocs.store.cleanup import campaign_item

    item = campaign_item(session, row["id"], document["id"])
    if item is None:
        raise Refused(
            _("document {id} ({title}) is not in campaign {campaign}").format(
                id=document["id"], title=document["title"], campaign=row["id"]
            ),
            _("see its documents with: normdocs cleanup status {campaign}").format(
                campaign=row["id"]
            ),
            rule="cleanup-not-in-campaign",
            source=SRC_CLEANUP,
        )
    return item


def _warnings(
    ctx: AppContext, row: "CampaignRow", item: "CleanupItemRow", decision: CleanupDecision
) -> list[Text]:
    """What the clerk is told about an allowed decision: the domain's notes, and a decision
    that takes effect before its campaign started."""
    warnings: list[Text] = list(
        check_decision(document_facts(item), decision, ctx.profile.validity)
    )
    if decision.effective_on < row["started_on"]:
        warnings.append(
            _(
                "the outcome takes effect on {on}, before the campaign started on {started}:"
                " a retroactive decision"
            ).format(on=decision.effective_on.isoformat(), started=row["started_on"].isoformat())
        )
    return warnings


def _record_decision(
    ctx: AppContext,
    session: Any,
    row: "CampaignRow",
    document: DocumentRow,
    decision: CleanupDecision,
    *,
    replaces: str | None,
) -> None:
    """Write the outcome on the item and the `cleanup.decide` event; the document itself
    changes only when the campaign closes."""
    from normdocs.store.cleanup import update_item
    from normdocs.store.records import append_event

    update_item(
        session,
        row["id"],
        document["id"],
        {
            "outcome": decision.outcome.value,
            "reason": decision.reason,
            "effective_on": decision.effective_on,
            "new_expires_on": decision.new_expires_on,
            "decided_on": ctx.today(),
        },
    )
    append_event(
        session,
        recorded_at=ctx.now(),
        actor=ctx.actor,
        action="cleanup.decide",
        document_id=document["id"],
        on_date=ctx.today(),
        from_stage=document["stage"],
        to_stage=document["stage"],
        details={
            "campaign_id": row["id"],
            "outcome": decision.outcome.value,
            "reason": decision.reason,
            "effective_on": decision.effective_on.isoformat(),
            "new_expires_on": iso(decision.new_expires_on),
            "replaces": replaces,
        },
    )
