"""Closing a cleanup campaign: every outcome applied to its document, one event each, in one
transaction; refused while a document is undecided."""

from datetime import date
from typing import TYPE_CHECKING, Any

from normdocs.domain.cleanup import SRC_CLEANUP, CleanupDecision, Outcome, apply_outcome
from normdocs.domain.errors import Refused
from normdocs.domain.workflow import refuse_after_today
from normdocs.i18n import _, ngettext
from normdocs.services.cleanup.shared import (
    document_facts,
    find_campaign,
    in_turn,
    iso,
    refuse_closed,
)
from normdocs.services.cleanup.views import campaign_view
from normdocs.services.context import AppContext
from normdocs.services.readmodels import CampaignView
from normdocs.store.retry import retrying

if TYPE_CHECKING:  # the store's modules import SQLAlchemy: not at import time
    from normdocs.store.cleanup import CampaignRow, CleanupItemRow
    from normdocs.store.records import NewEvent

# How many documents a one-line refusal names before it points to `cleanup status`.
_NAMED_IN_REFUSAL = 20


@retrying
def close(ctx: AppContext, campaign: str, *, on: date | None = None) -> CampaignView:
    """Apply every outcome in one transaction, one event per document, then close the campaign;
    refuse while any document is undecided, naming them."""
    from normdocs.store.cleanup import campaign_by_id, campaign_items
    from normdocs.store.cleanup import close_campaign as store_close
    from normdocs.store.engine import transaction
    from normdocs.store.records import append_events

    closed_on = on or ctx.today()
    refuse_after_today(closed_on, ctx.today())
    with transaction(ctx.engine(), ctx.db) as session:
        in_turn(session)
        row = find_campaign(session, campaign)
        refuse_closed(row)
        _refuse_before_start(row, closed_on)
        items = campaign_items(session, row["id"])
        undecided = [i for i in items if i["outcome"] is None]
        if undecided:
            raise _undecided_refusal(row["id"], undecided)
        settled = _settle_findings(ctx, session, row, items)
        events = [_apply(ctx, session, row, item, closed_on, settled) for item in items]
        events.append(_close_event(ctx, row, items, closed_on))
        store_close(session, row["id"], closed_on)
        append_events(session, events)
        closed = campaign_by_id(session, row["id"])
    assert closed is not None
    return campaign_view(closed)


def _refuse_before_start(row: "CampaignRow", closed_on: date) -> None:
    if closed_on < row["started_on"]:
        raise Refused(
            _("campaign {id} cannot close on {on}, before it started on {started}").format(
                id=row["id"], on=closed_on.isoformat(), started=row["started_on"].isoformat()
            ),
            _("give --date on or after {started}").format(started=row["started_on"].isoformat()),
            rule="cleanup-close-before-start",
            source=SRC_CLEANUP,
        )


def _undecided_refusal(campaign_id: int, undecided: list["CleanupItemRow"]) -> Refused:
    named = "; ".join(
        f"{i['document_id']} {i['doc_number'] or '—'} {i['title']}"
        for i in undecided[:_NAMED_IN_REFUSAL]
    )
    more = len(undecided) - _NAMED_IN_REFUSAL
    if more > 0:
        named += "; " + _("… and {count} more").format(count=more)
    return Refused(
        ngettext(
            "campaign {id} cannot close: {count} document is undecided: {documents}",
            "campaign {id} cannot close: {count} documents are undecided: {documents}",
            len(undecided),
        ).format(id=campaign_id, count=len(undecided), documents=named),
        _(
            "decide each with: normdocs cleanup decide {id} REF --outcome OUTCOME --reason TEXT"
            " (list them: normdocs cleanup status {id} --undecided)"
        ).format(id=campaign_id),
        rule="cleanup-undecided",
        source=SRC_CLEANUP,
    )


def _settle_findings(
    ctx: AppContext, session: Any, row: "CampaignRow", items: list["CleanupItemRow"]
) -> dict[int, list[str]]:
    """The decisions answer the findings about a changed basis: settled, naming the campaign
    (document id → the findings settled)."""
    from normdocs.store.audit import settle_basis_findings

    return settle_basis_findings(
        session,
        [int(i["document_id"]) for i in items],
        _("cleanup campaign {id} ({name}) decided on it").format(id=row["id"], name=row["name"]),
        ctx.actor,
        ctx.now(),
    )


def _apply(
    ctx: AppContext,
    session: Any,
    row: "CampaignRow",
    item: "CleanupItemRow",
    closed_on: date,
    settled: dict[int, list[str]],
) -> "NewEvent":
    """Apply one decided item's outcome to its document; the event that records it."""
    from normdocs.store.queries import update_document

    assert item["outcome"] is not None and item["effective_on"] is not None  # decided
    outcome = Outcome(item["outcome"])
    decision = CleanupDecision(
        outcome, item["reason"] or "", item["effective_on"], item["new_expires_on"]
    )
    effect = apply_outcome(document_facts(item), decision, closed_on)
    # The domain names the document's columns it changes (it cannot import the store's types).
    changes = effect.changes
    update_document(session, item["document_id"], changes)
    return {
        "recorded_at": ctx.now(),
        "actor": ctx.actor,
        "action": f"cleanup.{outcome.value}",
        "document_id": item["document_id"],
        "on_date": item["effective_on"],
        "from_stage": item["stage"],
        "to_stage": item["stage"],
        "details": {
            "campaign_id": row["id"],
            "campaign": row["name"],
            "outcome": outcome.value,
            "reason": item["reason"],
            "effective_on": iso(item["effective_on"]),
            "new_expires_on": iso(item["new_expires_on"]),
            "closed_on": closed_on.isoformat(),
            "changes": {k: _jsonable(v) for k, v in effect.changes.items()},
            "notes": effect.notes,
            "settled_findings": settled.get(int(item["document_id"]), []),
        },
    }


def _close_event(
    ctx: AppContext, row: "CampaignRow", items: list["CleanupItemRow"], closed_on: date
) -> "NewEvent":
    """The `cleanup.close` event: the campaign and how many documents got each outcome."""
    counts = {o.value: 0 for o in Outcome}
    for item in items:
        assert item["outcome"] is not None  # closing refuses undecided items
        counts[item["outcome"]] += 1
    return {
        "recorded_at": ctx.now(),
        "actor": ctx.actor,
        "action": "cleanup.close",
        "agency_id": row["issuer_id"],
        "on_date": closed_on,
        "details": {
            "campaign_id": row["id"],
            "name": row["name"],
            "kind": row["kind"],
            "documents": len(items),
            **counts,
        },
    }


def _jsonable(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value
