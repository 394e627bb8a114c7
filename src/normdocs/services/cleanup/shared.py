"""What every step of a cleanup campaign shares: finding the campaign, taking turns, refusing a
closed one, and reading a campaign's item as the facts its outcome acts on."""

from datetime import date
from typing import TYPE_CHECKING, Any

from normdocs.domain.cleanup import SRC_CLEANUP, CampaignStatus, DocumentFacts
from normdocs.domain.errors import NotFound, Refused
from normdocs.i18n import _

if TYPE_CHECKING:  # the store's module imports SQLAlchemy: not at import time
    from normdocs.store.cleanup import CampaignRow, CleanupItemRow


def in_turn(session: Any) -> None:
    """Campaigns are started, decided and closed one at a time (PostgreSQL): each reads what
    the one before left, so a campaign is closed once and no decision lands after it closed."""
    from normdocs.store.queries import one_writer_at_a_time

    one_writer_at_a_time(session, "cleanup")


def find_campaign(session: Any, ref: str) -> "CampaignRow":
    """A campaign by id, or by its name when exactly one campaign has it."""
    from normdocs.store.cleanup import campaign_by_id, campaigns_named

    ref = ref.strip()
    if ref.isdigit():
        row = campaign_by_id(session, int(ref))
        if row is not None:
            return row
    named = campaigns_named(session, ref)
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise Refused(
            _("more than one campaign is named {name}: {ids}").format(
                name=ref, ids=", ".join(str(r["id"]) for r in named)
            ),
            _("refer to the campaign by its id"),
            rule="ambiguous-reference",
        )
    raise NotFound(
        _("no cleanup campaign {ref}").format(ref=ref),
        _("see the campaigns with: normdocs cleanup list"),
    )


def refuse_closed(row: "CampaignRow") -> None:
    if row["status"] == CampaignStatus.CLOSED:
        raise Refused(
            _("campaign {id} ({name}) was closed on {on}: its decisions are final").format(
                id=row["id"], name=row["name"], on=iso(row["closed_on"])
            ),
            _("start a new campaign: normdocs cleanup start --kind periodic|instant"),
            rule="cleanup-campaign-closed",
            source=SRC_CLEANUP,
        )


def document_facts(item: "CleanupItemRow") -> DocumentFacts:
    """The facts of an item's document that an outcome is checked against and acts on."""
    return DocumentFacts(
        id=int(item["document_id"]),
        promulgated_on=item["promulgated_on"],
        effective_on=item["document_effective_on"],
        expires_on=item["expires_on"],
        ended_on=item["ended_on"],
        end_reason=item["end_reason"],
        interim=bool(item["interim"]),
        awaiting_amendment=bool(item["awaiting_amendment"]),
    )


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
