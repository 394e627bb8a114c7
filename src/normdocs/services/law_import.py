"""`law import`: load a list of superior laws into the registry, idempotently.

New versions are added, changed ones updated, the rest counted unchanged; a later version
supersedes the earlier ones (domain.lawtitles.settle_versions). A version that was in force and
is now superseded or repealed flags the documents resting on it, and citations that named
nothing are resolved against the laws now known.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from normdocs.domain.lawtitles import LawVersion, VersionState, match_key, settle_versions
from normdocs.importers.laws import LawRecord
from normdocs.services.context import AppContext
from normdocs.services.readmodels import FlaggedDocument, LawImported
from normdocs.store.law_rows import LawFacts, LawRow, LawValues
from normdocs.store.retry import retrying

# What a law list may change of a stored version; settling its versions may also end one.
_Compared = Literal["short_title", "level", "effective_on", "status", "history", "doc_number"]
_COMPARED: tuple[_Compared, ...] = (
    "short_title",
    "level",
    "effective_on",
    "status",
    "history",
    "doc_number",
)
_UPDATED: tuple[Literal[_Compared, "amended_on"], ...] = (*_COMPARED, "amended_on")
_Key = tuple[str, date | None]  # (title, promulgated_on): one version


class _Version(LawFacts):
    """A version of a law as the list and the registry together make it: a stored one (its id)
    or one the list adds (id None)."""

    id: int | None


@dataclass
class _Plan:
    """What the list changes: versions to add, stored ones to update, those no longer in force."""

    new_rows: list[LawValues] = field(default_factory=list)
    changes: list[tuple[int, LawValues]] = field(default_factory=list)
    ended: list[_Version] = field(default_factory=list)


@retrying
def import_laws(ctx: AppContext, path: Path) -> LawImported:
    """Load a law file; return the counts (new, updated, unchanged, superseded), the citations
    resolved and the documents flagged. One law.import event when anything changed."""
    from normdocs.importers.laws import read_law_file
    from normdocs.services.basis import forget_law_index, resolve_pending
    from normdocs.services.law_flags import flag_documents
    from normdocs.services.laws import AMENDED, REPEALED, changing_laws
    from normdocs.store.laws import all_laws, insert_laws, update_laws
    from normdocs.store.records import append_event

    law_file = read_law_file(path)
    records = law_file.records
    with changing_laws(ctx) as session:
        existing = {(r["title"], r["promulgated_on"]): r for r in all_laws(session)}
        plan = _plan(ctx, existing, records)
        insert_laws(session, plan.new_rows)
        update_laws(session, plan.changes)
        forget_law_index(session)
        new_ids = sorted(
            r["id"] for r in all_laws(session) if (r["title"], r["promulgated_on"]) not in existing
        )
        flagged: list[FlaggedDocument] = []
        for row in plan.ended:
            reason = REPEALED if row["status"] == "repealed" else AMENDED
            on = (row["repealed_on"] if reason == REPEALED else row["amended_on"]) or ctx.today()
            flagged += flag_documents(ctx, session, _law_version(row), reason, on)
        # The citations the new laws answer: written here, in the import's transaction.
        resolved = resolve_pending(session)
        changed_ids = {law_id for law_id, _diff in plan.changes}
        in_file = [existing.get((r.title, r.promulgated_on)) for r in records]
        updated = sum(1 for row in in_file if row is not None and row["id"] in changed_ids)
        summary = {
            "file": law_file.name,
            "sha256": law_file.sha256,
            "rows": len(records),
            "new": len(plan.new_rows),
            "updated": updated,
            "unchanged": sum(1 for row in in_file if row is not None) - updated,
            # Versions the file does not list that a new version in it superseded.
            "superseded": len(changed_ids) - updated,
            "resolved_citations": resolved,
            "flagged_documents": sorted({f.id for f in flagged}),
        }
        if plan.new_rows or plan.changes:
            append_event(
                session,
                recorded_at=ctx.now(),
                actor=ctx.actor,
                action="law.import",
                on_date=ctx.today(),
                details={**summary, "law_ids": new_ids, "updated_law_ids": sorted(changed_ids)},
            )
    return LawImported(**summary, flagged=flagged)


def _plan(ctx: AppContext, existing: dict[_Key, LawRow], records: list[LawRecord]) -> _Plan:
    """Merge the records into the stored versions of their laws, settle each law's versions,
    and compare the result with what is stored."""
    from normdocs.store.records import utc

    groups: dict[str, list[_Version]] = {}
    for row in existing.values():
        groups.setdefault(row["match_key"], []).append(_stored_version(row))
    touched: set[str] = set()
    for record in records:
        values = _record_version(record)
        touched.add(values["match_key"])
        group = groups.setdefault(values["match_key"], [])
        current = existing.get((record.title, record.promulgated_on))
        if current is None:
            group.append(values)
        else:
            _merge(next(r for r in group if r["id"] == current["id"]), current, values)
    plan = _Plan()
    for key in sorted(touched):
        for version in _settled(groups[key]):
            if version["id"] is None:
                plan.new_rows.append(_new_values(version, utc(ctx.now())))
                continue
            before = existing[(version["title"], version["promulgated_on"])]
            diff = _changed(version, before)
            if diff:
                plan.changes.append((version["id"], diff))
                if before["status"] == "in_force" and version["status"] != "in_force":
                    plan.ended.append(version)
    return plan


def _changed(version: _Version, before: LawRow) -> LawValues:
    """The columns of a stored version that the list and the settling changed."""
    diff: LawValues = {}
    for name in _UPDATED:
        if version[name] != before[name]:
            diff[name] = version[name]
    return diff


def _merge(target: _Version, current: LawRow, values: _Version) -> None:
    """A stored version takes what the list says of it."""
    for name in _COMPARED:
        if name == "status":
            # A repeal or amendment recorded in the registry is not undone by a list.
            if current["status"] == "in_force":
                target["status"] = values["status"]
        elif values[name] is not None or name in ("effective_on", "history"):
            target[name] = values[name]


def _settled(group: list[_Version]) -> list[_Version]:
    """The versions of one law oldest first, each with its status settled."""
    states = settle_versions(
        VersionState(i, r["promulgated_on"], r["id"], r["status"], r["amended_on"])
        for i, r in enumerate(group)
    )
    return [{**group[s.ref], "status": s.status, "amended_on": s.amended_on} for s in states]


def _record_version(record: LawRecord) -> _Version:
    """A version as the list gives it (not stored yet: no id, not ended by a later one)."""
    return {
        "title": record.title,
        "short_title": record.short_title,
        "match_key": match_key(record.title),
        "level": record.level,
        "doc_number": record.doc_number,
        "promulgated_on": record.promulgated_on,
        "effective_on": record.effective_on,
        "status": record.status,
        "history": record.history,
        "id": None,
        "amended_on": None,
        "repealed_on": None,
    }


def _stored_version(row: LawRow) -> _Version:
    """A stored version, to merge the list into."""
    return {
        "id": row["id"],
        "title": row["title"],
        "short_title": row["short_title"],
        "match_key": row["match_key"],
        "level": row["level"],
        "doc_number": row["doc_number"],
        "promulgated_on": row["promulgated_on"],
        "effective_on": row["effective_on"],
        "status": row["status"],
        "amended_on": row["amended_on"],
        "repealed_on": row["repealed_on"],
        "history": row["history"],
    }


def _new_values(version: _Version, created_at: datetime) -> LawValues:
    """The columns of a version the list adds."""
    return {
        "title": version["title"],
        "short_title": version["short_title"],
        "match_key": version["match_key"],
        "level": version["level"],
        "doc_number": version["doc_number"],
        "promulgated_on": version["promulgated_on"],
        "effective_on": version["effective_on"],
        "status": version["status"],
        "amended_on": version["amended_on"],
        "repealed_on": version["repealed_on"],
        "history": version["history"],
        "created_at": created_at,
    }


def _law_version(version: _Version) -> LawVersion:
    """A stored version that the list ended, as the flags it raises name it."""
    assert version["id"] is not None
    return LawVersion(
        id=version["id"],
        title=version["title"],
        short_title=version["short_title"],
        match_key=version["match_key"],
        promulgated_on=version["promulgated_on"],
        effective_on=version["effective_on"],
        status=version["status"],
        doc_number=version["doc_number"],
    )
