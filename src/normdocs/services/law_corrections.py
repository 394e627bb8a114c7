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
from normdocs.domain.lawtitles import LawVersion, clean_title, default_short_title, match_key
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.laws import AMENDED, REPEALED, find_law, law_view
from normdocs.store.retry import retrying

SRC_CLEANUP = "国办发〔2018〕37号 (即时清理)"


def _reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise InvalidInput(
            _("--reason is empty"), _("say why the recorded fact was wrong, e.g. --reason '…'")
        )
    return text


def _ordered(versions: tuple[LawVersion, ...]) -> list[LawVersion]:
    return sorted(versions, key=lambda v: (v.promulgated_on or date.min, v.id))


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
    from normdocs.domain.workflow import refuse_after_today
    from normdocs.services.basis import forget_law_index, resolve_pending
    from normdocs.services.laws import _laws_in_turn
    from normdocs.store.engine import transaction
    from normdocs.store.laws import flags_raised_by, law_by_id, update_flags, update_law
    from normdocs.store.records import append_event

    why = _reason(reason)
    renamed = clean_title(new_title) if new_title is not None else None
    if renamed is not None and not match_key(renamed):
        raise InvalidInput(_("--title is empty"), _("give the law's right title"))
    if promulgated is None and effective is None and renamed is None:
        raise InvalidInput(_("nothing to correct"), _("give --promulgated, --effective or --title"))
    if promulgated is not None:
        refuse_after_today(promulgated, ctx.today(), "--promulgated")

    with transaction(ctx.engine(), ctx.db) as session:
        _laws_in_turn(session)
        found = find_law(session, title)
        versions = _ordered(found.versions)
        index = _chosen(versions, version)
        target = versions[index]
        row = law_by_id(session, target.id)
        assert row is not None
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
        if promulgated is not None:
            _refuse_out_of_order(versions, index, promulgated)

        changes: dict[str, dict[str, Any]] = {}
        values: dict[str, Any] = {}
        if promulgated is not None and promulgated != row["promulgated_on"]:
            values["promulgated_on"] = promulgated
        if new_effective != row["effective_on"]:
            values["effective_on"] = new_effective
        for name, value in values.items():
            changes[name] = {"before": _iso(row[name]), "after": _iso(value)}
        flags_moved: list[int] = []
        if values:
            update_law(session, target.id, values)
            if index > 0:
                # The version before ends where this one begins, and the flags this amendment
                # raised were raised that day and act from its effective day.
                before = versions[index - 1]
                previous = law_by_id(session, before.id)
                assert previous is not None
                raised = flags_raised_by(session, before.id, AMENDED, row["promulgated_on"])
                flags_moved = [int(f["id"]) for f in raised]
                update_flags(
                    session,
                    flags_moved,
                    {
                        "flagged_on": new_promulgated,
                        "effective_on": new_effective or new_promulgated,
                    },
                )
                if "promulgated_on" in values and previous["amended_on"] == row["promulgated_on"]:
                    update_law(session, before.id, {"amended_on": promulgated})
        renamed_ids: list[int] = []
        if renamed is not None and renamed != row["title"]:
            key = match_key(renamed)
            if key != target.match_key:
                other = find_law_or_none(session, renamed)
                if other is not None and other.versions[0].match_key != target.match_key:
                    raise Duplicate(
                        _("{title} is already registered").format(title=other.versions[0].title),
                        _("check --title; see it with: normdocs law show TITLE"),
                    )
            changes["title"] = {"before": row["title"], "after": renamed}
            for v in versions:
                update_law(
                    session,
                    v.id,
                    {
                        "title": renamed,
                        "match_key": key,
                        "short_title": default_short_title(renamed),
                    },
                )
                renamed_ids.append(v.id)
        if not changes:
            raise InvalidInput(
                _("nothing to correct: the version already has these facts"),
                _("see it with: normdocs law show TITLE"),
            )
        forget_law_index(session)
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
    from normdocs.services.laws import _laws_in_turn
    from normdocs.store.engine import transaction
    from normdocs.store.laws import (
        campaigns_naming,
        delete_flags,
        delete_law,
        flags_raised_by,
        forget_findings_of_law,
        law_by_id,
        other_flags_in_campaigns,
        repoint_basis,
        update_law,
    )
    from normdocs.store.records import append_event, append_events

    why = _reason(reason)
    with transaction(ctx.engine(), ctx.db) as session:
        _laws_in_turn(session)
        found = find_law(session, title)
        versions = _ordered(found.versions)
        index = _chosen(versions, version)
        target = versions[index]
        row = law_by_id(session, target.id)
        assert row is not None
        if index == 0:
            raise Refused(
                _(
                    "the version of {on} is the first of {title}: there is no earlier version to"
                    " fall back to"
                ).format(on=_iso(target.promulgated_on) or "—", title=target.title),
                _("correct its facts with: normdocs law correct TITLE --version DATE …"),
                rule="law-first-version",
            )
        before = versions[index - 1]
        previous = law_by_id(session, before.id)
        assert previous is not None
        # The flags this version's change raised: its amendment's (on the version before) and
        # any raised on it (its repeal, or an amendment after it).
        raised = flags_raised_by(session, before.id, AMENDED, row["promulgated_on"])
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
        withdrawn = [f for f in raised if f["campaign_status"] != "closed"]
        delete_flags(session, [int(f["id"]) for f in withdrawn])
        documents = repoint_basis(session, target.id, before.id)
        findings = forget_findings_of_law(session, target.id, ctx.now())
        # The version before is again what it was: in force (or repealed, if the mistaken
        # version was repealed), ended by the next version if there is one.
        later = versions[index + 1] if index + 1 < len(versions) else None
        restored: dict[str, Any] = {}
        if later is not None:
            restored = {"amended_on": later.promulgated_on}
        elif row["status"] == REPEALED:
            restored = {"status": REPEALED, "amended_on": None, "repealed_on": row["repealed_on"]}
        else:
            restored = {"status": "in_force", "amended_on": None}
        update_law(session, before.id, restored)
        delete_law(session, target.id)
        forget_law_index(session)
        removed = {k: row[k] for k in ("id", "title", "status", "history")}
        removed.update(
            promulgated_on=_iso(row["promulgated_on"]),
            effective_on=_iso(row["effective_on"]),
            amended_on=_iso(row["amended_on"]),
            repealed_on=_iso(row["repealed_on"]),
        )
        append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action="law.remove_version",
            on_date=ctx.today(),
            details={
                "law_id": target.id,
                "title": target.title,
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
        fallback = law_by_id(session, before.id)
    assert fallback is not None
    for f in withdrawn:
        if f["campaign_id"] is not None:
            ctx.warn(
                _(
                    "document {id} stays in open campaign {campaign}, which took it by a withdrawn"
                    " flag: decide it there"
                ).format(id=f["document_id"], campaign=f["campaign_id"])
            )
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
