"""Correcting a superior-law version recorded wrongly (law correct) or by mistake (law
remove-version): openly, with the reason and the facts before and after in one event, so that a
later real amendment is never blocked by an earlier mistaken one.

A version's dates are tied to the flags its change raised (the amended version's flags were
raised on the new version's promulgation and act from its effective day): they follow the
correction. Removing a version withdraws its flags (one cleanup.unflag event per document) and
gives its basis links to the version before it; it is refused while a closed cleanup decided
about a document only because of it.
"""

from datetime import date
from typing import Any

from normdocs.domain.errors import Duplicate, InvalidInput, Refused
from normdocs.domain.lawtitles import (
    LawVersion,
    clean_title,
    default_short_title,
    match_key,
    ordered_versions,
)
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.laws import AMENDED, REPEALED, changing_laws, find_law, law_view
from normdocs.store.retry import retrying

SRC_CLEANUP = "国办发〔2018〕37号 (即时清理)"


def _reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise InvalidInput(
            _("--reason is empty"), _("say why the recorded fact was wrong, e.g. --reason '…'")
        )
    return text


def _version_to_change(
    session: Any, title: str, version: date | None
) -> tuple[list[LawVersion], int, dict[str, Any]]:
    """The versions of the law `title` names (oldest first), the index of the one promulgated
    on `version` (default: the latest), and its row."""
    from normdocs.store.laws import law_by_id

    versions = ordered_versions(find_law(session, title).versions)
    index = _chosen(versions, version)
    row = law_by_id(session, versions[index].id)
    assert row is not None
    return versions, index, row


def _chosen(versions: list[LawVersion], version: date | None) -> int:
    """The index of the version promulgated on `version` (default: the latest)."""
    if version is None:
        return len(versions) - 1
    for index, v in enumerate(versions):
        if v.promulgated_on == version:
            return index
    raise Refused(
        _("{title} has no version promulgated on {on} (its versions: {versions})").format(
            title=versions[-1].title,
            on=version.isoformat(),
            versions=", ".join(
                v.promulgated_on.isoformat() if v.promulgated_on else "—" for v in versions
            ),
        ),
        _("see them with: normdocs law show TITLE"),
        rule="law-version-unknown",
    )


@retrying
def correct_law(
    ctx: AppContext,
    *,
    title: str,
    reason: str,
    version: date | None = None,
    promulgated: date | None = None,
    effective: date | None = None,
    new_title: str | None = None,
) -> dict[str, Any]:
    """Correct one version's promulgation or effective date, or the law's title (every
    version's); one law.correct event with before and after."""
    from normdocs.services.basis import forget_law_index, resolve_pending
    from normdocs.store.laws import law_by_id
    from normdocs.store.records import append_event

    why = _reason(reason)
    renamed = _checked_correction(ctx, promulgated, effective, new_title)
    with changing_laws(ctx) as session:
        versions, index, row = _version_to_change(session, title, version)
        target = versions[index]
        values = _corrected_dates(row, promulgated, effective)
        if promulgated is not None:
            _refuse_out_of_order(versions, index, promulgated)
        changes = {
            name: {"before": _iso(row[name]), "after": _iso(value)}
            for name, value in values.items()
        }
        flags_moved = _move_dates(session, versions, index, row, values) if values else []
        renamed_ids: list[int] = []
        if renamed is not None and renamed != row["title"]:
            changes["title"] = {"before": row["title"], "after": renamed}
            renamed_ids = _rename(session, versions, renamed)
        if not changes:
            raise InvalidInput(
                _("nothing to correct: the version already has these facts"),
                _("see it with: normdocs law show TITLE"),
            )
        forget_law_index(session)
        # A new title may answer citations that named nothing: written here.
        resolved = resolve_pending(session) if renamed_ids else 0
        append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action="law.correct",
            on_date=ctx.today(),
            details={
                "law_id": target.id,
                "title": renamed or row["title"],
                "version": _iso(row["promulgated_on"]),
                "changes": changes,
                "reason": why,
                "flags_moved": flags_moved,
                "renamed_versions": renamed_ids,
                "resolved_citations": resolved,
            },
        )
        corrected = law_by_id(session, target.id)
    assert corrected is not None
    return {"law": law_view(corrected), "changes": changes, "reason": why}


def _checked_correction(
    ctx: AppContext, promulgated: date | None, effective: date | None, new_title: str | None
) -> str | None:
    """The corrected title, if one is given; refused when nothing is to be corrected or the
    promulgation is dated after today."""
    from normdocs.domain.workflow import refuse_after_today

    renamed = clean_title(new_title) if new_title is not None else None
    if renamed is not None and not match_key(renamed):
        raise InvalidInput(_("--title is empty"), _("give the law's right title"))
    if promulgated is None and effective is None and renamed is None:
        raise InvalidInput(_("nothing to correct"), _("give --promulgated, --effective or --title"))
    if promulgated is not None:
        refuse_after_today(promulgated, ctx.today(), "--promulgated")
    return renamed


def _corrected_dates(
    row: dict[str, Any], promulgated: date | None, effective: date | None
) -> dict[str, Any]:
    """The version's dates that change. A version whose promulgation moves later takes effect
    no earlier than that; it never takes effect before it is promulgated."""
    new_promulgated = promulgated or row["promulgated_on"]
    new_effective = effective or row["effective_on"]
    if effective is None and promulgated is not None and row["effective_on"] is not None:
        new_effective = max(row["effective_on"], promulgated)
    if new_promulgated and new_effective and new_effective < new_promulgated:
        raise Refused(
            _("the effective date {effective} is before promulgation on {on}").format(
                effective=new_effective.isoformat(), on=new_promulgated.isoformat()
            ),
            _("give --effective on or after the promulgation date"),
            rule="law-effective-before-promulgation",
        )
    values: dict[str, Any] = {}
    if promulgated is not None and promulgated != row["promulgated_on"]:
        values["promulgated_on"] = promulgated
    if new_effective != row["effective_on"]:
        values["effective_on"] = new_effective
    return values


def _move_dates(
    session: Any,
    versions: list[LawVersion],
    index: int,
    row: dict[str, Any],
    values: dict[str, Any],
) -> list[int]:
    """Give the version its corrected dates; return the ids of the flags that moved with them."""
    from normdocs.store.laws import flags_raised_by, law_by_id, update_flags, update_law

    update_law(session, versions[index].id, values)
    if index == 0:
        return []
    # The version before ends where this one begins, and the flags this amendment raised were
    # raised that day and act from its effective day.
    promulgated_on = values.get("promulgated_on", row["promulgated_on"])
    effective_on = values.get("effective_on", row["effective_on"])
    before = versions[index - 1]
    previous = law_by_id(session, before.id)
    assert previous is not None
    moved = [
        int(f["id"]) for f in flags_raised_by(session, before.id, AMENDED, row["promulgated_on"])
    ]
    update_flags(
        session,
        moved,
        {"flagged_on": promulgated_on, "effective_on": effective_on or promulgated_on},
    )
    if "promulgated_on" in values and previous["amended_on"] == row["promulgated_on"]:
        update_law(session, before.id, {"amended_on": values["promulgated_on"]})
    return moved


def _rename(session: Any, versions: list[LawVersion], renamed: str) -> list[int]:
    """Give every version of the law its right title; refused if another law has that name."""
    from normdocs.store.laws import update_law

    key = match_key(renamed)
    if key != versions[0].match_key:
        other = find_law_or_none(session, renamed)
        if other is not None and other.versions[0].match_key != versions[0].match_key:
            raise Duplicate(
                _("{title} is already registered").format(title=other.versions[0].title),
                _("check --title; see it with: normdocs law show TITLE"),
            )
    values = {"title": renamed, "match_key": key, "short_title": default_short_title(renamed)}
    for v in versions:
        update_law(session, v.id, values)
    return [v.id for v in versions]


def find_law_or_none(session: Any, title: str) -> Any:
    from normdocs.domain.errors import NotFound

    try:
        return find_law(session, title)
    except (NotFound, Refused):
        return None


def _refuse_out_of_order(versions: list[LawVersion], index: int, promulgated: date) -> None:
    earlier = versions[index - 1].promulgated_on if index > 0 else None
    later = versions[index + 1].promulgated_on if index + 1 < len(versions) else None
    if (earlier is not None and promulgated <= earlier) or (
        later is not None and promulgated >= later
    ):
        raise Refused(
            _(
                "a version promulgated on {on} would not fall between its neighbours ({earlier}"
                " and {later})"
            ).format(
                on=promulgated.isoformat(),
                earlier=_iso(earlier) or "—",
                later=_iso(later) or "—",
            ),
            _(
                "check --promulgated; a version recorded by mistake is removed with: normdocs law"
                " remove-version TITLE --version DATE --reason TEXT"
            ),
            rule="law-version-order",
        )


@retrying
def remove_version(ctx: AppContext, *, title: str, version: date, reason: str) -> dict[str, Any]:
    """Remove a version recorded by mistake: its flags are withdrawn, its basis links go to the
    version before it, which becomes what it was before the mistaken change."""
    from normdocs.services.basis import forget_law_index
    from normdocs.store.laws import (
        delete_flags,
        delete_law,
        forget_findings_of_law,
        law_by_id,
        repoint_basis,
        update_law,
    )

    why = _reason(reason)
    # One piece: the removal's steps in their order (refuse, withdraw the flags, relink, restore
    # the version before, record), each a call; what is long is the event and the result.
    with changing_laws(ctx) as session:
        versions, index, row = _version_to_change(session, title, version)
        target = versions[index]
        raised = _flags_of_removable(session, versions, index, row)
        before = versions[index - 1]
        withdrawn = [f for f in raised if f["campaign_status"] != "closed"]
        delete_flags(session, [int(f["id"]) for f in withdrawn])
        documents = repoint_basis(session, target.id, before.id)
        findings = forget_findings_of_law(session, target.id, ctx.now())
        restored = _restored(versions, index, row)
        update_law(session, before.id, restored)
        delete_law(session, target.id)
        forget_law_index(session)
        removed = {k: row[k] for k in ("id", "title", "status", "history")}
        removed.update(
            {
                k: _iso(row[k])
                for k in ("promulgated_on", "effective_on", "amended_on", "repealed_on")
            }
        )
        _record_removal(
            ctx,
            session,
            target,
            withdrawn,
            why=why,
            details={
                "removed": removed,
                "reason": why,
                "fallback_law_id": before.id,
                "fallback_restored": {
                    k: v.isoformat() if isinstance(v, date) else v for k, v in restored.items()
                },
                "withdrawn_flags": [int(f["id"]) for f in withdrawn],
                "relinked_documents": documents,
                "findings_resolved": findings,
            },
        )
        fallback = law_by_id(session, before.id)
    assert fallback is not None
    for f in withdrawn:
        if f["campaign_id"] is not None:
            ctx.warn(_open_campaign_warning(f))
    return {
        "removed": removed,
        "law": law_view(fallback),
        "withdrawn_flags": [
            {"id": int(f["id"]), "document_id": int(f["document_id"]), "reason": f["reason"]}
            for f in withdrawn
        ],
        "relinked_documents": documents,
        "reason": why,
    }


def _open_campaign_warning(flag: dict[str, Any]) -> str:
    return _(
        "document {id} stays in open campaign {campaign}, which took it by a withdrawn flag:"
        " decide it there"
    ).format(id=flag["document_id"], campaign=flag["campaign_id"])


def _flags_of_removable(
    session: Any, versions: list[LawVersion], index: int, row: dict[str, Any]
) -> list[dict[str, Any]]:
    """The flags the version's change raised: its amendment's (on the version before) and any
    raised on it (its repeal, or an amendment after it). Refused for a first version, and for
    one a cleanup rests on."""
    from normdocs.store.laws import campaigns_naming, flags_raised_by, other_flags_in_campaigns

    target = versions[index]
    if index == 0:
        raise Refused(
            _(
                "the version of {on} is the first of {title}: there is no earlier version to"
                " fall back to"
            ).format(on=_iso(target.promulgated_on) or "—", title=target.title),
            _("correct its facts with: normdocs law correct TITLE --version DATE …"),
            rule="law-first-version",
        )
    raised = flags_raised_by(session, versions[index - 1].id, AMENDED, row["promulgated_on"])
    raised += flags_raised_by(session, target.id, None, None)
    _refuse_if_decided_by(session, raised, target, other_flags_in_campaigns)
    for campaign in campaigns_naming(session, target.id):
        raise Refused(
            _("cleanup campaign {id} ({name}) follows the version of {on}").format(
                id=campaign["id"], name=campaign["name"], on=_iso(target.promulgated_on)
            ),
            _("see it with: normdocs cleanup status {id}").format(id=campaign["id"]),
            rule="law-version-in-cleanup",
            source=SRC_CLEANUP,
        )
    return raised


def _restored(versions: list[LawVersion], index: int, row: dict[str, Any]) -> dict[str, Any]:
    """The version before is again what it was: in force (or repealed, if the mistaken version
    was repealed), ended by the next version if there is one."""
    if index + 1 < len(versions):
        return {"amended_on": versions[index + 1].promulgated_on}
    if row["status"] == REPEALED:
        return {"status": REPEALED, "amended_on": None, "repealed_on": row["repealed_on"]}
    return {"status": "in_force", "amended_on": None}


def _record_removal(
    ctx: AppContext,
    session: Any,
    target: LawVersion,
    withdrawn: list[dict[str, Any]],
    *,
    why: str,
    details: dict[str, Any],
) -> None:
    """The law.remove_version event, and one cleanup.unflag event per withdrawn flag."""
    from normdocs.store.records import append_event, append_events

    append_event(
        session,
        recorded_at=ctx.now(),
        actor=ctx.actor,
        action="law.remove_version",
        on_date=ctx.today(),
        details={"law_id": target.id, "title": target.title, **details},
    )
    append_events(
        session,
        [
            {
                "recorded_at": ctx.now(),
                "actor": ctx.actor,
                "action": "cleanup.unflag",
                "document_id": int(f["document_id"]),
                "on_date": ctx.today(),
                "details": {
                    "flag_id": int(f["id"]),
                    "law": target.title,
                    "reason": f["reason"],
                    "flagged_on": _iso(f["flagged_on"]),
                    "campaign_id": f["campaign_id"],
                    "why": why,
                },
            }
            for f in withdrawn
        ],
    )


def _refuse_if_decided_by(
    session: Any, raised: list[dict[str, Any]], target: LawVersion, others: Any
) -> None:
    """Refused while a closed campaign decided about a document only because of a flag this
    version raised: that decision rests on it."""
    closed = [f for f in raised if f["campaign_status"] == "closed"]
    if not closed:
        return
    pairs = [(int(f["campaign_id"]), int(f["document_id"])) for f in closed]
    also = others(session, pairs, [int(f["id"]) for f in raised])
    only = [p for p in pairs if p not in also]
    if only:
        campaign_id, document_id = only[0]
        raise Refused(
            _(
                "the version of {on} is the only basis of closed cleanup campaign {campaign}'s"
                " decision on document {document}"
            ).format(
                on=_iso(target.promulgated_on) or "—", campaign=campaign_id, document=document_id
            ),
            _(
                "a closed cleanup's decisions are final: correct the version's facts instead with:"
                " normdocs law correct"
            ),
            rule="law-version-decided",
            source=SRC_CLEANUP,
        )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
