"""Cleanup campaigns (清理): start one over its documents, decide each, close it with its effects."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from normdocs.domain.cleanup import (
    KIND_LABELS_ZH,
    OUTCOME_LABELS_ZH,
    SRC_CLEANUP,
    CampaignKind,
    CampaignStatus,
    CleanupDecision,
    DocumentFacts,
    Outcome,
    apply_outcome,
    check_decision,
    check_decision_input,
    parse_kind,
    parse_outcome,
)
from normdocs.domain.errors import InvalidInput, NotFound, Refused
from normdocs.domain.messages import Text
from normdocs.domain.workflow import refuse_after_today
from normdocs.i18n import _, ngettext
from normdocs.services.context import AppContext
from normdocs.services.readmodels import CampaignView, CleanupItemView
from normdocs.store.retry import retrying

# How many documents a one-line refusal names before it points to `cleanup status`.
_NAMED_IN_REFUSAL = 20


@dataclass
class CampaignStatusReport:
    """A campaign with its counts, and its documents with their outcomes (or none yet)."""

    campaign: CampaignView
    items: list[CleanupItemView] = field(default_factory=list)


def campaign_view(row: dict[str, Any]) -> CampaignView:
    """A campaign as shown to users and written as JSON."""
    documents = int(row["documents"])
    decided = int(row["decided"])
    return CampaignView(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        kind_label=KIND_LABELS_ZH[CampaignKind(row["kind"])],
        issuer=row["issuer"],
        issuers=list(row.get("issuers") or []),
        under=list(row.get("under") or []),
        law=row["law"],
        started_on=row["started_on"],
        closed_on=row["closed_on"],
        status=row["status"],
        documents=documents,
        decided=decided,
        undecided=documents - decided,
        retain=int(row["retain"]),
        amend=int(row["amend"]),
        repeal=int(row["repeal"]),
        invalidate=int(row["invalidate"]),
    )


def item_view(row: dict[str, Any]) -> CleanupItemView:
    outcome = row["outcome"]
    label = OUTCOME_LABELS_ZH[Outcome(outcome)] if outcome else None
    return CleanupItemView.model_validate({**row, "outcome_label": label})


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
    from normdocs.services.scopes import resolve_scope, split_names
    from normdocs.store.cleanup import (
        assign_flags,
        campaign_by_id,
        insert_campaign,
        insert_campaign_scope,
        insert_items,
    )
    from normdocs.store.engine import transaction
    from normdocs.store.records import append_event, utc

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

    engine = ctx.engine()
    with transaction(engine, ctx.db) as session:
        _cleanup_in_turn(session)
        agencies = resolve_scope(session, issuer, under)
        by_name = {str(a["name"]): a for a in agencies.agencies}
        under_name = (under or "").strip() or None
        # An agency named both ways counts as --under (with its departments).
        issuer_names = [n for n in split_names(issuer) if n != under_name]
        named = {int(by_name[n]["id"]): False for n in issuer_names}  # agency id → under
        if under_name:
            named[int(by_name[under_name]["id"])] = True
        # A campaign for one issuer keeps it in cleanup_campaign.issuer_id, as before.
        agency = by_name[issuer_names[0]] if len(issuer_names) == 1 and not under_name else None
        issuer_id = agency["id"] if agency else None
        label = _scope_label(issuer_names, under_name)
        if campaign_kind == CampaignKind.PERIODIC:
            scope = _periodic_scope(session, agencies.agency_ids, label, day)
        else:
            assert law is not None
            scope = _instant_scope(session, agencies.agency_ids, label, law, day)
        document_ids, flag_ids, law_row = scope.document_ids, scope.flag_ids, scope.law
        names_zh = issuer_names + ([f"{under_name}及所属部门"] if under_name else [])
        default_name = (
            f"{day.year}年定期清理" + (f"（{'、'.join(names_zh)}）" if names_zh else "")
            if law_row is None
            else f"即时清理：{_quoted(law_row['title'])}"
        )

        campaign_name = name or default_name
        campaign_id = insert_campaign(
            session,
            {
                "name": campaign_name,
                "kind": campaign_kind.value,
                "issuer_id": issuer_id,
                "law_id": law_row["id"] if law_row else None,
                "started_on": day,
                "status": CampaignStatus.OPEN.value,
                "created_at": utc(ctx.now()),
            },
        )
        insert_campaign_scope(session, campaign_id, list(named.items()))
        insert_items(session, campaign_id, document_ids)
        if flag_ids:
            assign_flags(session, flag_ids, campaign_id)
        append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action="cleanup.start",
            agency_id=issuer_id,
            on_date=day,
            details={
                "campaign_id": campaign_id,
                "name": campaign_name,
                "kind": campaign_kind.value,
                "issuer": agency["name"] if agency else None,
                "issuers": issuer_names,
                "under": under_name,
                "law": law_row["title"] if law_row else None,
                "law_id": law_row["id"] if law_row else None,
                "flag_ids": flag_ids,
                "document_ids": document_ids,
                "documents": len(document_ids),
            },
        )
        row = campaign_by_id(session, campaign_id)
    assert row is not None
    skipped = scope.already_open
    if campaign_kind == CampaignKind.PERIODIC and skipped:
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
    return campaign_view(row)


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
    from normdocs.store.cleanup import campaign_item, update_item
    from normdocs.store.engine import transaction
    from normdocs.store.records import append_event

    chosen = parse_outcome(outcome)
    reason = " ".join((reason or "").split())
    # Not refused after today: --date is the day the outcome takes effect (a repeal may be
    # decided now to take effect later); the decision itself is dated today.
    effective_on = on or ctx.today()
    decision = CleanupDecision(chosen, reason, effective_on, expires)
    check_decision_input(decision)

    engine = ctx.engine()
    with transaction(engine, ctx.db) as session:
        _cleanup_in_turn(session)
        row = find_campaign(session, campaign)
        _refuse_closed(row)
        document = resolve_document(session, ref)
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
        warnings: list[Text] = list(check_decision(_facts(item), decision, ctx.profile.validity))
        if effective_on < row["started_on"]:
            warnings.append(
                _(
                    "the outcome takes effect on {on}, before the campaign started on {started}:"
                    " a retroactive decision"
                ).format(on=effective_on.isoformat(), started=row["started_on"].isoformat())
            )
        previous = item["outcome"]
        values = {
            "outcome": chosen.value,
            "reason": reason,
            "effective_on": effective_on,
            "new_expires_on": expires,
            "decided_on": ctx.today(),
        }
        update_item(session, row["id"], document["id"], values)
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
                "outcome": chosen.value,
                "reason": reason,
                "effective_on": effective_on.isoformat(),
                "new_expires_on": expires.isoformat() if expires else None,
                "replaces": previous,
            },
        )
        updated = campaign_item(session, row["id"], document["id"])
    assert updated is not None
    for text in warnings:
        ctx.warn(text)
    if previous is not None:
        ctx.warn(
            _("the earlier decision ({previous}) for document {id} is replaced").format(
                previous=previous, id=document["id"]
            )
        )
    return item_view(updated)


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


@retrying
def close(ctx: AppContext, campaign: str, *, on: date | None = None) -> CampaignView:
    """Apply every outcome in one transaction, one event per document, then close the campaign;
    refuse while any document is undecided, naming them."""
    from normdocs.store.audit import settle_basis_findings
    from normdocs.store.cleanup import campaign_by_id, campaign_items
    from normdocs.store.cleanup import close_campaign as store_close
    from normdocs.store.engine import transaction
    from normdocs.store.queries import update_document
    from normdocs.store.records import append_events

    closed_on = on or ctx.today()
    refuse_after_today(closed_on, ctx.today())
    engine = ctx.engine()
    with transaction(engine, ctx.db) as session:
        _cleanup_in_turn(session)
        row = find_campaign(session, campaign)
        _refuse_closed(row)
        if closed_on < row["started_on"]:
            raise Refused(
                _("campaign {id} cannot close on {on}, before it started on {started}").format(
                    id=row["id"], on=closed_on.isoformat(), started=row["started_on"].isoformat()
                ),
                _("give --date on or after {started}").format(
                    started=row["started_on"].isoformat()
                ),
                rule="cleanup-close-before-start",
                source=SRC_CLEANUP,
            )
        items = campaign_items(session, row["id"])
        undecided = [i for i in items if i["outcome"] is None]
        if undecided:
            raise _undecided_refusal(row["id"], undecided)

        # The decisions answer the findings about a changed basis: settled, naming the campaign.
        settled = settle_basis_findings(
            session,
            [int(i["document_id"]) for i in items],
            _("cleanup campaign {id} ({name}) decided on it").format(
                id=row["id"], name=row["name"]
            ),
            ctx.actor,
            ctx.now(),
        )
        events: list[dict[str, Any]] = []
        counts = {o.value: 0 for o in Outcome}
        for item in items:
            outcome = Outcome(item["outcome"])
            counts[outcome.value] += 1
            decision = CleanupDecision(
                outcome, item["reason"] or "", item["effective_on"], item["new_expires_on"]
            )
            effect = apply_outcome(_facts(item), decision, closed_on)
            update_document(session, item["document_id"], effect.changes)
            events.append(
                {
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
                        "effective_on": _iso(item["effective_on"]),
                        "new_expires_on": _iso(item["new_expires_on"]),
                        "closed_on": closed_on.isoformat(),
                        "changes": {k: _jsonable(v) for k, v in effect.changes.items()},
                        "notes": effect.notes,
                        "settled_findings": settled.get(int(item["document_id"]), []),
                    },
                }
            )
        events.append(
            {
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
        )
        store_close(session, row["id"], closed_on)
        append_events(session, events)
        closed = campaign_by_id(session, row["id"])
    assert closed is not None
    return campaign_view(closed)


# --- helpers ------------------------------------------------------------------------------


@dataclass
class _Scope:
    """The documents a new campaign takes, the flags it takes them by, and those of them that
    are already in another open campaign (document id → campaign id)."""

    document_ids: list[int]
    flag_ids: list[int] = field(default_factory=list)
    law: dict[str, Any] | None = None
    already_open: dict[int, int] = field(default_factory=dict)


def _scope_label(issuers: Sequence[str], under: str | None) -> str | None:
    """The scope as messages name it: the issuers, and the `under` government with its
    departments (None: every agency)."""
    names = list(issuers)
    if under:
        names.append(_("{name} and its departments").format(name=under))
    return ", ".join(names) or None


def _periodic_scope(
    session: Any, agency_ids: frozenset[int] | None, label: str | None, day: date
) -> _Scope:
    """The documents in force or pending on `day` (of the agencies of the scope, which `label`
    names), less those in an open campaign."""
    from normdocs.store.cleanup import documents_in_force, open_campaigns_of

    candidates = documents_in_force(session, day, agency_ids)
    skipped = open_campaigns_of(session, candidates)
    document_ids = [d for d in candidates if d not in skipped]
    if document_ids:
        return _Scope(document_ids, already_open=skipped)
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


def _instant_scope(
    session: Any, agency_ids: frozenset[int] | None, label: str | None, title: str, day: date
) -> _Scope:
    """The documents flagged for a change of any version of the law `title` names (of the
    agencies of the scope, which `label` names), by flags no campaign has taken yet whose
    change has taken effect by `day`."""
    from normdocs.domain.lawtitles import latest_version
    from normdocs.services.laws import find_law
    from normdocs.store.cleanup import open_campaigns_of, unassigned_flags

    versions = find_law(session, title).versions
    law_ids = [v.id for v in versions]
    flags = unassigned_flags(session, law_ids, agency_ids, effective_by=day)
    if not flags:
        law = _quoted(latest_version(versions).title)
        pending = unassigned_flags(session, law_ids, agency_ids, pending_after=day)
        if pending:
            first = min(f["effective_on"] for f in pending)
            raise Refused(
                _(
                    "the change of {law} takes effect on {on}: its {count} flagged documents are"
                    " pending until then"
                ).format(
                    law=law, on=first.isoformat(), count=len({f["document_id"] for f in pending})
                ),
                _("start the instant cleanup on or after {on}").format(on=first.isoformat()),
                rule="cleanup-change-pending",
                source=SRC_CLEANUP,
            )
        raise Refused(
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
    document_ids = sorted({int(f["document_id"]) for f in flags})
    flagged_law_ids = {int(f["law_id"]) for f in flags}
    # The campaign names the newest version whose change flagged documents.
    changed = latest_version([v for v in versions if v.id in flagged_law_ids])
    return _Scope(
        document_ids,
        flag_ids=[int(f["id"]) for f in flags],
        law={"id": changed.id, "title": changed.title},
        already_open=open_campaigns_of(session, document_ids),
    )


def _cleanup_in_turn(session: Any) -> None:
    """Campaigns are started, decided and closed one at a time (PostgreSQL): each reads what
    the one before left, so a campaign is closed once and no decision lands after it closed."""
    from normdocs.store.queries import one_writer_at_a_time

    one_writer_at_a_time(session, "cleanup")


def find_campaign(session: Any, ref: str) -> dict[str, Any]:
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


def _refuse_closed(row: dict[str, Any]) -> None:
    if row["status"] == CampaignStatus.CLOSED:
        raise Refused(
            _("campaign {id} ({name}) was closed on {on}: its decisions are final").format(
                id=row["id"], name=row["name"], on=_iso(row["closed_on"])
            ),
            _("start a new campaign: normdocs cleanup start --kind periodic|instant"),
            rule="cleanup-campaign-closed",
            source=SRC_CLEANUP,
        )


def _undecided_refusal(campaign_id: int, undecided: list[dict[str, Any]]) -> Refused:
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


def _facts(row: dict[str, Any]) -> DocumentFacts:
    return DocumentFacts(
        id=int(row["document_id"]),
        promulgated_on=row["promulgated_on"],
        effective_on=row["document_effective_on"],
        expires_on=row["expires_on"],
        ended_on=row["ended_on"],
        end_reason=row["end_reason"],
        interim=bool(row["interim"]),
        awaiting_amendment=bool(row["awaiting_amendment"]),
    )


def _quoted(title: str) -> str:
    return title if title.startswith("《") else f"《{title}》"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
