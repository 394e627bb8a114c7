"""Starting a cleanup campaign: which documents it takes (periodic: those in force; instant: those
flagged by a law's change), and the campaign, its items and its event written in one go."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from normdocs.domain.cleanup import (
    SRC_CLEANUP,
    CampaignKind,
    CampaignStatus,
    parse_kind,
)
from normdocs.domain.errors import InvalidInput, Refused
from normdocs.domain.workflow import refuse_after_today
from normdocs.i18n import _, ngettext
from normdocs.services.cleanup.shared import in_turn
from normdocs.services.cleanup.views import campaign_view
from normdocs.services.context import AppContext
from normdocs.services.readmodels import CampaignView
from normdocs.store.retry import retrying

if TYPE_CHECKING:  # the store's module imports SQLAlchemy: not at import time
    from normdocs.store.cleanup import CleanupFlagRow


@dataclass(frozen=True)
class _Request:
    """The campaign asked for, checked as far as it can be without the registry."""

    kind: CampaignKind
    day: date  # the day it starts, and the day its documents are in force
    name: str | None
    law: str | None  # the title of the law whose change an instant campaign follows


@dataclass(frozen=True)
class _Agencies:
    """The agencies a campaign is for, as named: `issuers` by --issuer and `under` by --under
    (with its departments); `agency_ids` every agency they cover (None: all agencies)."""

    agency_ids: frozenset[int] | None
    issuers: list[str]
    under: str | None
    named: dict[int, bool]  # agency id → named with --under, in the order named
    # A campaign for one issuer keeps it in cleanup_campaign.issuer_id, as before.
    issuer_id: int | None = None
    issuer_name: str | None = None

    @property
    def label(self) -> str | None:
        """The scope as messages name it (None: every agency)."""
        names = list(self.issuers)
        if self.under:
            names.append(_("{name} and its departments").format(name=self.under))
        return ", ".join(names) or None

    @property
    def label_zh(self) -> str:
        """The scope as a campaign's default name gives it: （A、B及所属部门）, or nothing."""
        names = self.issuers + ([f"{self.under}及所属部门"] if self.under else [])
        return f"（{'、'.join(names)}）" if names else ""


@dataclass
class _Documents:
    """The documents a new campaign takes, the flags it takes them by, and those of them that
    are already in another open campaign (document id → campaign id)."""

    document_ids: list[int]
    flag_ids: list[int] = field(default_factory=list)
    law_id: int | None = None  # instant: the version of the law whose change flagged them
    law_title: str | None = None
    already_open: dict[int, int] = field(default_factory=dict)


@retrying
def start_campaign(
    ctx: AppContext,
    *,
    kind: str,
    issuer: str | Sequence[str] | None = None,
    name: str | None = None,
    law: str | None = None,
    on: date | None = None,
    under: str | None = None,
) -> CampaignView:
    """Open a campaign: periodic over the documents in force on `on`; instant over exactly the
    documents flagged for a change of `law` and not yet in a campaign. All agencies' documents,
    or those of the scope: `issuer` one or more names (comma-separated too), `under` a
    government with all its departments (services.scopes); a joint document counts for each of
    its issuers."""
    from normdocs.store.cleanup import campaign_by_id
    from normdocs.store.engine import transaction

    request = _request(ctx, kind, name, law, on)
    with transaction(ctx.engine(), ctx.db) as session:
        in_turn(session)
        agencies = _agencies(session, issuer, under)
        if request.kind == CampaignKind.PERIODIC:
            documents = _periodic_documents(session, agencies, request.day)
        else:
            assert request.law is not None
            documents = _instant_documents(session, agencies, request.law, request.day)
        campaign_id = _write_campaign(ctx, session, request, agencies, documents)
        row = campaign_by_id(session, campaign_id)
    assert row is not None
    _warn_already_open(ctx, request.kind, documents.already_open)
    return campaign_view(row)


def _request(
    ctx: AppContext, kind: str, name: str | None, law: str | None, on: date | None
) -> _Request:
    campaign_kind = parse_kind(kind)
    day = on or ctx.today()
    refuse_after_today(day, ctx.today())
    name = " ".join((name or "").split()) or None
    law = (law or "").strip() or None
    if campaign_kind == CampaignKind.INSTANT and law is None:
        raise InvalidInput(
            _("an instant cleanup needs the law whose change it follows"),
            _("give --law TITLE, e.g. --law 《中华人民共和国行政处罚法》"),
        )
    if campaign_kind == CampaignKind.PERIODIC and law is not None:
        raise InvalidInput(
            _("--law is for an instant cleanup (--kind instant)"),
            _("drop --law, or use --kind instant"),
        )
    return _Request(campaign_kind, day, name, law)


def _agencies(session: Any, issuer: str | Sequence[str] | None, under: str | None) -> _Agencies:
    """The agencies of --issuer and --under (services.scopes), as the campaign records them."""
    from normdocs.services.scopes import resolve_scope, split_names

    scope = resolve_scope(session, issuer, under)
    by_name = {str(a["name"]): a for a in scope.agencies}
    under_name = (under or "").strip() or None
    # An agency named both ways counts as --under (with its departments).
    issuer_names = [n for n in split_names(issuer) if n != under_name]
    named = {int(by_name[n]["id"]): False for n in issuer_names}
    if under_name:
        named[int(by_name[under_name]["id"])] = True
    one = by_name[issuer_names[0]] if len(issuer_names) == 1 and not under_name else None
    return _Agencies(
        scope.agency_ids,
        issuer_names,
        under_name,
        named,
        issuer_id=int(one["id"]) if one else None,
        issuer_name=str(one["name"]) if one else None,
    )


def _periodic_documents(session: Any, agencies: _Agencies, day: date) -> _Documents:
    """The documents in force or pending on `day` (of the agencies of the scope), less those in
    an open campaign."""
    from normdocs.store.cleanup import documents_in_force, open_campaigns_of

    candidates = documents_in_force(session, day, agencies.agency_ids)
    skipped = open_campaigns_of(session, candidates)
    document_ids = [d for d in candidates if d not in skipped]
    if document_ids:
        return _Documents(document_ids, already_open=skipped)
    label = agencies.label
    if skipped:
        text = _("all {count} documents in force on {on} are already in an open campaign").format(
            count=len(skipped), on=day.isoformat()
        )
        hint = _("close the open campaign first: normdocs cleanup list --status open")
    else:
        text = (
            _("no document of {issuer} is in force on {on}: there is nothing to clean up").format(
                issuer=label, on=day.isoformat()
            )
            if label
            else _("no document is in force on {on}: there is nothing to clean up").format(
                on=day.isoformat()
            )
        )
        hint = _("see the documents with: normdocs doc list --validity in_force")
    raise Refused(text, hint, rule="cleanup-nothing-in-scope", source=SRC_CLEANUP)


def _instant_documents(session: Any, agencies: _Agencies, title: str, day: date) -> _Documents:
    """The documents flagged for a change of any version of the law `title` names (of the
    agencies of the scope), by flags no campaign has taken yet whose change has taken effect
    by `day`."""
    from normdocs.domain.lawtitles import latest_version
    from normdocs.services.laws import find_law
    from normdocs.store.cleanup import open_campaigns_of, unassigned_flags

    versions = find_law(session, title).versions
    law_ids = [v.id for v in versions]
    flags = unassigned_flags(session, law_ids, agencies.agency_ids, effective_by=day)
    if not flags:
        pending = unassigned_flags(session, law_ids, agencies.agency_ids, pending_after=day)
        raise _nothing_flagged(_quoted(latest_version(versions).title), agencies.label, pending)
    document_ids = sorted({int(f["document_id"]) for f in flags})
    flagged_law_ids = {int(f["law_id"]) for f in flags}
    # The campaign names the newest version whose change flagged documents.
    changed = latest_version([v for v in versions if v.id in flagged_law_ids])
    return _Documents(
        document_ids,
        flag_ids=[int(f["id"]) for f in flags],
        law_id=changed.id,
        law_title=changed.title,
        already_open=open_campaigns_of(session, document_ids),
    )


def _nothing_flagged(law: str, label: str | None, pending: list["CleanupFlagRow"]) -> Refused:
    """Why an instant campaign has no document: the change is not in effect yet (`pending`:
    its flags), or nothing is flagged for it."""
    if pending:
        # Pending flags have their day (a flag without one has taken effect).
        first = min(f["effective_on"] for f in pending if f["effective_on"] is not None)
        return Refused(
            _(
                "the change of {law} takes effect on {on}: its {count} flagged documents are"
                " pending until then"
            ).format(law=law, on=first.isoformat(), count=len({f["document_id"] for f in pending})),
            _("start the instant cleanup on or after {on}").format(on=first.isoformat()),
            rule="cleanup-change-pending",
            source=SRC_CLEANUP,
        )
    return Refused(
        _(
            "no document of {issuer} is flagged for instant cleanup after a change of {law}:"
            " there is nothing to clean up"
        ).format(issuer=label, law=law)
        if label
        else _(
            "no document is flagged for instant cleanup after a change of {law}: there is"
            " nothing to clean up"
        ).format(law=law),
        _(
            "documents are flagged when a law they rest on is amended or repealed"
            " (normdocs law amend / law repeal); campaigns that already took them:"
            " normdocs cleanup list"
        ),
        rule="cleanup-nothing-flagged",
        source=SRC_CLEANUP,
    )


def _write_campaign(
    ctx: AppContext, session: Any, request: _Request, agencies: _Agencies, documents: _Documents
) -> int:
    """Write the campaign, its scope, its items, the flags it takes and its `cleanup.start`
    event; the new campaign's id."""
    from normdocs.store.cleanup import (
        assign_flags,
        insert_campaign,
        insert_campaign_scope,
        insert_items,
    )
    from normdocs.store.records import append_event, utc

    name = request.name or _default_name(request, agencies, documents)
    campaign_id = insert_campaign(
        session,
        {
            "name": name,
            "kind": request.kind.value,
            "issuer_id": agencies.issuer_id,
            "law_id": documents.law_id,
            "started_on": request.day,
            "status": CampaignStatus.OPEN.value,
            "created_at": utc(ctx.now()),
        },
    )
    insert_campaign_scope(session, campaign_id, list(agencies.named.items()))
    insert_items(session, campaign_id, documents.document_ids)
    if documents.flag_ids:
        assign_flags(session, documents.flag_ids, campaign_id)
    append_event(
        session,
        recorded_at=ctx.now(),
        actor=ctx.actor,
        action="cleanup.start",
        agency_id=agencies.issuer_id,
        on_date=request.day,
        details={
            "campaign_id": campaign_id,
            "name": name,
            "kind": request.kind.value,
            "issuer": agencies.issuer_name,
            "issuers": agencies.issuers,
            "under": agencies.under,
            "law": documents.law_title,
            "law_id": documents.law_id,
            "flag_ids": documents.flag_ids,
            "document_ids": documents.document_ids,
            "documents": len(documents.document_ids),
        },
    )
    return campaign_id


def _default_name(request: _Request, agencies: _Agencies, documents: _Documents) -> str:
    """2026年定期清理（scope）, or 即时清理：《the law》."""
    if documents.law_title is None:
        return f"{request.day.year}年定期清理{agencies.label_zh}"
    return f"即时清理：{_quoted(documents.law_title)}"


def _warn_already_open(ctx: AppContext, kind: CampaignKind, skipped: dict[int, int]) -> None:
    """Documents already in an open campaign: a periodic campaign left them out; an instant
    one took them too (each campaign's decision applies)."""
    if kind == CampaignKind.PERIODIC and skipped:
        ctx.warn(
            ngettext(
                "{count} document in force is already in an open campaign and was left out",
                "{count} documents in force are already in an open campaign and were left out",
                len(skipped),
            ).format(count=len(skipped))
        )
    elif skipped:
        ctx.warn(
            _(
                "documents {ids} are also in an open campaign; each campaign's decision applies"
            ).format(ids=", ".join(str(d) for d in sorted(skipped)))
        )


def _quoted(title: str) -> str:
    return title if title.startswith("《") else f"《{title}》"
