"""Correcting a superior-law version recorded wrongly (law correct) or by mistake (law
remove-version): openly, with the reason and the facts before and after in one event, so that a
later real amendment is never blocked by an earlier mistaken one.

A version's dates are tied to the flags its change raised (the amended version's flags were
raised on the new version's promulgation and act from its effective day): they follow the
correction. Removing a version withdraws its flags (one cleanup.unflag event per document) and
gives its basis links to the version before it; it is refused while a closed cleanup decided
about a document only because of it.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, TypedDict

from normdocs.domain.errors import Duplicate, InvalidInput, Refused
from normdocs.domain.json import JSONObject
from normdocs.domain.lawtitles import (
    LawVersion,
    Lookup,
    clean_title,
    default_short_title,
    match_key,
    ordered_versions,
)
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.laws import AMENDED, REPEALED, changing_laws, find_law, law_view
from normdocs.services.readmodels import LawView
from normdocs.store.law_rows import LawRow, LawValues, RaisedFlagRow
from normdocs.store.retry import retrying

SRC_CLEANUP = "国办发〔2018〕37号 (即时清理)"

_DATES: tuple[Literal["promulgated_on", "effective_on"], ...] = ("promulgated_on", "effective_on")


class FieldChange(TypedDict):
    """One corrected fact, before and after (a day as ISO text)."""

    before: str | None
    after: str | None


class LawCorrected(TypedDict):
    """A version corrected (law correct): as it is now, each fact changed, and why."""

    law: LawView
    changes: dict[str, FieldChange]
    reason: str


class RemovedVersion(TypedDict):
    """The facts of a version removed by mistake, as its event and law remove-version keep them."""

    id: int
    title: str
    status: str
    history: str | None
    promulgated_on: str | None
    effective_on: str | None
    amended_on: str | None
    repealed_on: str | None


class WithdrawnFlag(TypedDict):
    """An instant-cleanup flag withdrawn with the version that raised it."""

    id: int
    document_id: int
    reason: str


class VersionRemoved(TypedDict):
    """A version removed (law remove-version): its facts, the version now current, the flags
    withdrawn, the documents whose links went to the version before, and why."""

    removed: RemovedVersion
    law: LawView
    withdrawn_flags: list[WithdrawnFlag]
    relinked_documents: list[int]
    reason: str


def _reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise InvalidInput(
            _("--reason is empty"), _("say why the recorded fact was wrong, e.g. --reason '…'")
        )
    return text


def _version_to_change(
    session: Any, title: str, version: date | None
) -> tuple[list[LawVersion], int, LawRow]:
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
) -> LawCorrected:
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
        applied = _apply_correction(
            session,
            versions,
            index,
            row,
            promulgated=promulgated,
            effective=effective,
            renamed=renamed,
        )
        forget_law_index(session)
        # A new title may answer citations that named nothing: written here.
        resolved = resolve_pending(session) if applied.renamed_versions else 0
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
                "changes": applied.changes,
                "reason": why,
                "flags_moved": applied.flags_moved,
                "renamed_versions": applied.renamed_versions,
                "resolved_citations": resolved,
            },
        )
        corrected = law_by_id(session, target.id)
    assert corrected is not None
    return {"law": law_view(corrected), "changes": applied.changes, "reason": why}


@dataclass(frozen=True)
class _Applied:
    """What a correction changed: each fact before and after, the flags that moved with the
    version's dates, the versions given the corrected title."""

    changes: dict[str, FieldChange]
    flags_moved: list[int]
    renamed_versions: list[int]


def _apply_correction(
    session: Any,
    versions: list[LawVersion],
    index: int,
    row: LawRow,
    *,
    promulgated: date | None,
    effective: date | None,
    renamed: str | None,
) -> _Applied:
    """Give the version its corrected dates, and every version the corrected title; refused
    when the version would leave its place among the others, or nothing would change."""
    values = _corrected_dates(row, promulgated, effective)
    if promulgated is not None:
        _refuse_out_of_order(versions, index, promulgated)
    changes: dict[str, FieldChange] = {
        name: {"before": _iso(row[name]), "after": _iso(values[name])}
        for name in _DATES
        if name in values
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
    return _Applied(changes, flags_moved, renamed_ids)


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


def _corrected_dates(row: LawRow, promulgated: date | None, effective: date | None) -> LawValues:
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
    values: LawValues = {}
    if promulgated is not None and promulgated != row["promulgated_on"]:
        values["promulgated_on"] = promulgated
    if new_effective != row["effective_on"]:
        values["effective_on"] = new_effective
    return values


def _move_dates(
    session: Any,
    versions: list[LawVersion],
    index: int,
    row: LawRow,
    values: LawValues,
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
    moved = [f["id"] for f in flags_raised_by(session, before.id, AMENDED, row["promulgated_on"])]
    if promulgated_on is not None:  # a version after the first is dated: undated ones sort first
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
    values: LawValues = {
        "title": renamed,
        "match_key": key,
        "short_title": default_short_title(renamed),
    }
    for v in versions:
        update_law(session, v.id, values)
    return [v.id for v in versions]


def find_law_or_none(session: Any, title: str) -> Lookup | None:
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
def remove_version(ctx: AppContext, *, title: str, version: date, reason: str) -> VersionRemoved:
    """Remove a version recorded by mistake: its flags are withdrawn, its basis links go to the
    version before it, which becomes what it was before the mistaken change."""
    from normdocs.store.laws import law_by_id

    why = _reason(reason)
    with changing_laws(ctx) as session:
        versions, index, row = _version_to_change(session, title, version)
        target = versions[index]
        raised = _flags_of_removable(session, versions, index, row)  # refused for a first version
        before = versions[index - 1]
        withdrawn = [f for f in raised if f["campaign_status"] != "closed"]
        taken = _take_out(ctx, session, versions, index, row, withdrawn)
        removed = _removed_facts(row)
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
                    k: v.isoformat() if isinstance(v, date) else v
                    for k, v in taken.restored.items()
                },
                "withdrawn_flags": [f["id"] for f in withdrawn],
                "relinked_documents": taken.relinked_documents,
                "findings_resolved": taken.findings_resolved,
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
            {"id": f["id"], "document_id": f["document_id"], "reason": f["reason"]}
            for f in withdrawn
        ],
        "relinked_documents": taken.relinked_documents,
        "reason": why,
    }


@dataclass(frozen=True)
class _TakenOut:
    """What removing a version changed besides its flags: the documents whose links went to the
    version before, the findings about it resolved, and what the version before became."""

    relinked_documents: list[int]
    findings_resolved: list[int]
    restored: LawValues


def _take_out(
    ctx: AppContext,
    session: Any,
    versions: list[LawVersion],
    index: int,
    row: LawRow,
    withdrawn: list[RaisedFlagRow],
) -> _TakenOut:
    """Withdraw the version's flags, give its links to the version before (which is restored to
    what it was) and let its findings go; then delete it."""
    from normdocs.services.basis import forget_law_index
    from normdocs.store.laws import (
        delete_flags,
        delete_law,
        forget_findings_of_law,
        repoint_basis,
        update_law,
    )

    target, before = versions[index], versions[index - 1]
    delete_flags(session, [f["id"] for f in withdrawn])
    documents = repoint_basis(session, target.id, before.id)
    findings = forget_findings_of_law(session, target.id, ctx.now())
    restored = _restored(versions, index, row)
    update_law(session, before.id, restored)
    delete_law(session, target.id)
    forget_law_index(session)
    return _TakenOut(documents, findings, restored)


def _removed_facts(row: LawRow) -> RemovedVersion:
    """The removed version's facts, its days as ISO text."""
    return {
        "id": row["id"],
        "title": row["title"],
        "status": row["status"],
        "history": row["history"],
        "promulgated_on": _iso(row["promulgated_on"]),
        "effective_on": _iso(row["effective_on"]),
        "amended_on": _iso(row["amended_on"]),
        "repealed_on": _iso(row["repealed_on"]),
    }


def _open_campaign_warning(flag: RaisedFlagRow) -> str:
    return _(
        "document {id} stays in open campaign {campaign}, which took it by a withdrawn flag:"
        " decide it there"
    ).format(id=flag["document_id"], campaign=flag["campaign_id"])


def _flags_of_removable(
    session: Any, versions: list[LawVersion], index: int, row: LawRow
) -> list[RaisedFlagRow]:
    """The flags the version's change raised: its amendment's (on the version before) and any
    raised on it (its repeal, or an amendment after it). Refused for a first version, and for
    one a cleanup rests on."""
    from normdocs.store.laws import campaigns_naming, flags_raised_by

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
    _refuse_if_decided_by(session, raised, target)
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


def _restored(versions: list[LawVersion], index: int, row: LawRow) -> LawValues:
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
    withdrawn: list[RaisedFlagRow],
    *,
    why: str,
    details: JSONObject,
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
                "document_id": f["document_id"],
                "on_date": ctx.today(),
                "details": {
                    "flag_id": f["id"],
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


def _refuse_if_decided_by(session: Any, raised: list[RaisedFlagRow], target: LawVersion) -> None:
    """Refused while a closed campaign decided about a document only because of a flag this
    version raised: that decision rests on it."""
    from normdocs.store.laws import other_flags_in_campaigns

    pairs = [
        (f["campaign_id"], f["document_id"])
        for f in raised
        if f["campaign_status"] == "closed" and f["campaign_id"] is not None
    ]
    if not pairs:
        return
    also = other_flags_in_campaigns(session, pairs, [f["id"] for f in raised])
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
