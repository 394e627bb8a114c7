"""Superior law (上位法): import, add, amend, repeal, list, show, and basis links by hand.

An amendment keeps the old text as a version: it adds a version row promulgated on the day of
the amendment and marks the previous one superseded. An amendment or a repeal flags at once,
for instant cleanup (即时清理), every live document that rests on any version of the law.
"""

import csv
import hashlib
import io
import itertools
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from normdocs.domain.errors import Duplicate, InvalidInput, NotFound, Refused
from normdocs.domain.lawtitles import (
    LEVELS,
    STATUSES,
    LawVersion,
    Lookup,
    clean_title,
    default_short_title,
    latest_version,
    match_key,
    normalise_level,
    version_on,
)
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.store.retry import retrying

AMENDED = "amended"
REPEALED = "repealed"
_CN_NUM = "零〇一二三四五六七八九十百千"
_ARTICLE = re.compile(
    rf"第[0-9{_CN_NUM}]+条(?:之[{_CN_NUM}]+)?(?:第[0-9{_CN_NUM}]+款)?(?:第[0-9{_CN_NUM}]+项)?"
)
_ORDER_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,20}令第[0-9]+号")
_MAX_PROBLEMS_SHOWN = 8

LAW_FIELDS = (
    "id",
    "title",
    "short_title",
    "level",
    "doc_number",
    "promulgated_on",
    "effective_on",
    "status",
    "amended_on",
    "repealed_on",
)


def law_view(row: dict[str, Any]) -> dict[str, Any]:
    """A law version as shown and written as JSON (stable snake_case names)."""
    return {k: (row[k].isoformat() if isinstance(row[k], date) else row[k]) for k in LAW_FIELDS}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- finding a law by the title a clerk types ---------------------------------------------


def find_law(session: Any, title: str) -> Lookup:
    """The law `title` names (full title, short name, with or without 中华人民共和国, in 《》,
    or a 文号); refuses an ambiguous name with the candidates, and an unknown one with near
    matches. The cleanup and audit services use it to find a law's versions."""
    from normdocs.services.basis import law_index

    index = law_index(session)
    found = index.lookup(title)
    if not found.found and not found.ambiguous:
        number = _normal_number(title)
        if number:
            found = index.by_number(number)
    if found.found:
        return found
    if found.ambiguous:
        raise Refused(
            _("{title} may name more than one law: {candidates}").format(
                title=title.strip(), candidates="; ".join(found.candidates)
            ),
            _("give the full title of the one you mean"),
            rule="ambiguous-law-title",
        )
    near = index.near(title)
    hint = (
        _("did you mean: {titles}").format(titles="; ".join(near))
        if near
        else _(
            "register it with: normdocs law add TITLE --level LEVEL; or load a list with:"
            " normdocs law import FILE"
        )
    )
    raise NotFound(_("no law {title} in the registry").format(title=title.strip()), hint)


def _normal_number(text: str) -> str | None:
    """A 文号 in normal form, or an order number such as 国务院令第21号; None otherwise."""
    from normdocs.domain.docnumber import normalise_doc_number

    stripped = re.sub(r"\s+", "", text)
    try:
        return normalise_doc_number(stripped)
    except InvalidInput:
        pass
    stripped = stripped.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return stripped if _ORDER_NUMBER.fullmatch(stripped) else None


# --- import -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LawRecord:
    """One row of a law file, checked."""

    line: int
    title: str
    short_title: str
    level: str
    promulgated_on: date | None
    effective_on: date | None
    status: str
    history: str | None
    doc_number: str | None


_COLUMNS = {
    "title": ("title",),
    "short_title": ("short_title",),
    "level": ("level",),
    "promulgated": ("promulgated", "promulgated_on"),
    "effective": ("effective", "effective_on"),
    "status": ("status",),
    "history": ("history",),
    "number": ("number", "doc_number"),
}


def read_law_file(path: Path) -> list[LawRecord]:
    """The laws of a .csv (UTF-8 or GB18030) or .json file with the columns of
    samples/superior-laws.csv; every problem of the file is reported at once."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("cannot read {path}: {error}").format(path=path, error=exc.strerror or exc),
            _("check the file name"),
        ) from exc
    suffix = path.suffix.lower()
    if suffix == ".json":
        raw = _json_rows(path, data)
    elif suffix == ".csv":
        raw = _csv_rows(path, data)
    else:
        raise InvalidInput(
            _("{path}: a law file is .csv or .json").format(path=path.name),
            _("export the list as CSV with the columns of samples/superior-laws.csv"),
        )
    return _check_rows(path, raw)


def _decode(path: Path, data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(
        _("{path} is neither UTF-8 nor GB18030 text").format(path=path.name),
        _("save it again as UTF-8"),
    )


def _csv_rows(path: Path, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(_decode(path, data), newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in ("title", "level") if c not in header]
    if missing:
        raise InvalidInput(
            _("{path} has no column {columns}").format(path=path.name, columns=", ".join(missing)),
            _("the first line names the columns: {columns}").format(
                columns="title,short_title,level,promulgated,effective,status,history"
            ),
        )
    return [(reader.line_num, {(k or "").strip(): v for k, v in row.items()}) for row in reader]


def _json_rows(path: Path, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    try:
        loaded = json.loads(_decode(path, data))
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            _("{path} is not valid JSON: {error}").format(path=path.name, error=exc),
            _("a law file in JSON is a list of objects with title, level, promulgated, …"),
        ) from exc
    if not isinstance(loaded, list) or not all(isinstance(x, dict) for x in loaded):
        raise InvalidInput(
            _("{path} must hold a list of objects, one per law version").format(path=path.name),
            _("a law file in JSON is a list of objects with title, level, promulgated, …"),
        )
    return [(n, row) for n, row in enumerate(loaded, start=1)]


def _field(row: dict[str, Any], name: str) -> str:
    for key in _COLUMNS[name]:
        value = row.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


def _check_rows(path: Path, raw: list[tuple[int, dict[str, Any]]]) -> list[LawRecord]:
    from normdocs.domain.dates import parse_date

    problems: list[str] = []
    records: list[LawRecord] = []
    seen: dict[tuple[str, date | None], int] = {}
    where = _("row") if path.suffix.lower() == ".json" else _("line")
    for line, row in raw:
        errors: list[str] = []
        title = clean_title(_field(row, "title"))
        if not title:
            errors.append(_("no title"))
        level_text = _field(row, "level")
        level = normalise_level(level_text)
        if level is None:
            errors.append(_("unknown level “{level}”").format(level=level_text))
        dates: dict[str, date | None] = {}
        for name in ("promulgated", "effective"):
            text = _field(row, name)
            try:
                dates[name] = parse_date(text) if text else None
            except InvalidInput as exc:
                errors.append(f"{name}: {exc.message}")
                dates[name] = None
        status = _field(row, "status") or "in_force"
        if status not in STATUSES:
            errors.append(
                _("unknown status “{status}” (in_force, superseded or repealed)").format(
                    status=status
                )
            )
        number_text = _field(row, "number")
        number = _normal_number(number_text) if number_text else None
        if number_text and number is None:
            errors.append(_("“{number}” is not a 文号").format(number=number_text))
        key = (title, dates["promulgated"])
        if title and key in seen:
            errors.append(
                _("the same version as {where} {line}").format(where=where, line=seen[key])
            )
        if errors:
            problems.append(f"{where} {line}: " + "; ".join(errors))
            continue
        seen[key] = line
        assert level is not None
        records.append(
            LawRecord(
                line=line,
                title=title,
                short_title=clean_title(_field(row, "short_title")) or default_short_title(title),
                level=level,
                promulgated_on=dates["promulgated"],
                effective_on=dates["effective"],
                status=status,
                history=_field(row, "history") or None,
                doc_number=number,
            )
        )
    if problems:
        shown = problems[:_MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        text = "; ".join(shown) + (_(" … and {count} more").format(count=more) if more > 0 else "")
        raise InvalidInput(
            _("{path}: {count} rows are not valid, nothing was imported: {problems}").format(
                path=path.name, count=len(problems), problems=text
            ),
            _("levels: {levels}").format(levels=", ".join(LEVELS)),
        )
    if not records:
        raise InvalidInput(
            _("{path} holds no laws").format(path=path.name), _("check that it is the right file")
        )
    return records


_COMPARED = ("short_title", "level", "effective_on", "status", "history", "doc_number")


def _laws_in_turn(session: Any) -> None:
    """Changes of the laws and of the bases resting on them are made one at a time
    (PostgreSQL): each reads the versions and links that the one before left."""
    from normdocs.store.queries import one_writer_at_a_time

    one_writer_at_a_time(session, "laws")


@retrying
def import_laws(ctx: AppContext, path: Path) -> dict[str, Any]:
    """Load a law file idempotently: new versions are added, changed ones updated, the rest
    counted unchanged. A later version supersedes the earlier ones; a version that was in force
    and is now superseded or repealed flags the documents resting on it."""
    from normdocs.services.basis import forget_law_index, resolve_pending
    from normdocs.store.engine import transaction
    from normdocs.store.laws import all_laws, insert_laws, update_laws
    from normdocs.store.records import append_event, utc

    records = read_law_file(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with transaction(ctx.engine(), ctx.db) as session:
        _laws_in_turn(session)
        existing = {(r["title"], r["promulgated_on"]): r for r in all_laws(session)}
        groups: dict[str, list[dict[str, Any]]] = {}
        for row in existing.values():
            groups.setdefault(row["match_key"], []).append(dict(row))
        touched: set[str] = set()
        for record in records:
            values = _record_values(record)
            key = values["match_key"]
            touched.add(key)
            current = existing.get((record.title, record.promulgated_on))
            group = groups.setdefault(key, [])
            if current is None:
                group.append({**values, "id": None, "amended_on": None, "repealed_on": None})
                continue
            target = next(r for r in group if r["id"] == current["id"])
            for name in _COMPARED:
                if name == "status":
                    # A repeal or amendment recorded in the registry is not undone by a list.
                    if current["status"] == "in_force":
                        target["status"] = values["status"]
                elif values[name] is not None or name in ("effective_on", "history"):
                    target[name] = values[name]
        new_rows: list[dict[str, Any]] = []
        changes: list[tuple[int, dict[str, Any]]] = []
        changed_in_force: list[dict[str, Any]] = []
        for key in sorted(touched):
            group = _settle_versions(groups[key])
            for row in group:
                if row["id"] is None:
                    new_rows.append({**row, "created_at": utc(ctx.now())})
                    continue
                before = existing[(row["title"], row["promulgated_on"])]
                diff = {
                    name: row[name]
                    for name in (*_COMPARED, "amended_on")
                    if row[name] != before[name]
                }
                if diff:
                    changes.append((int(row["id"]), diff))
                    if before["status"] == "in_force" and row["status"] != "in_force":
                        changed_in_force.append(row)
        insert_laws(session, [{k: v for k, v in r.items() if k != "id"} for r in new_rows])
        update_laws(session, changes)
        forget_law_index(session)
        new_ids = sorted(
            int(r["id"])
            for r in all_laws(session)
            if (r["title"], r["promulgated_on"]) not in existing
        )
        flagged: list[dict[str, Any]] = []
        for row in changed_in_force:
            reason = REPEALED if row["status"] == "repealed" else AMENDED
            on = (row["repealed_on"] if reason == REPEALED else row["amended_on"]) or ctx.today()
            flagged += _flag_documents(ctx, session, row, reason, on)
        resolved = resolve_pending(session)
        changed_ids = {law_id for law_id, _diff in changes}
        in_file = [existing.get((r.title, r.promulgated_on)) for r in records]
        updated = sum(1 for row in in_file if row is not None and row["id"] in changed_ids)
        summary = {
            "file": path.name,
            "sha256": digest,
            "rows": len(records),
            "new": len(new_rows),
            "updated": updated,
            "unchanged": sum(1 for row in in_file if row is not None) - updated,
            # Versions the file does not list that a new version in it superseded.
            "superseded": len(changed_ids) - updated,
            "resolved_citations": resolved,
            "flagged_documents": sorted({f["id"] for f in flagged}),
        }
        if new_rows or changes:
            append_event(
                session,
                recorded_at=ctx.now(),
                actor=ctx.actor,
                action="law.import",
                on_date=ctx.today(),
                details={**summary, "law_ids": new_ids, "updated_law_ids": sorted(changed_ids)},
            )
    summary["flagged"] = flagged
    return summary


def _record_values(record: LawRecord) -> dict[str, Any]:
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
    }


def _settle_versions(group: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Versions of one law, oldest first: every version followed by a later one is superseded
    on the day the later one was promulgated (the list may call both in force)."""
    ordered = sorted(group, key=lambda r: (r["promulgated_on"] or date.min, r["id"] or 1 << 62))
    for earlier, later in itertools.pairwise(ordered):
        if earlier["status"] == "in_force":
            earlier["status"] = "superseded"
        if earlier["status"] == "superseded" and earlier["amended_on"] is None:
            earlier["amended_on"] = later["promulgated_on"]
    return ordered


# --- add, amend, repeal -------------------------------------------------------------------


@retrying
def add_law(
    ctx: AppContext,
    *,
    title: str,
    level: str,
    promulgated: date | None = None,
    effective: date | None = None,
    number: str | None = None,
    short_title: str | None = None,
) -> dict[str, Any]:
    """Register a law not in the national list: 地方性法规, 规章, or a higher normative document
    known by its 文号. Citations that named it and were unresolved now point at it."""
    from normdocs.services.basis import forget_law_index, law_index, resolve_pending
    from normdocs.store.engine import transaction
    from normdocs.store.laws import insert_law, law_by_id
    from normdocs.store.records import append_event, utc

    title = clean_title(title)
    if not match_key(title):
        raise InvalidInput(_("a law needs a title"), None)
    chosen = normalise_level(level)
    if chosen is None:
        raise InvalidInput(
            _("unknown level {level}").format(level=level),
            _("choose from: {levels}").format(levels=", ".join(LEVELS)),
        )
    doc_number = None
    if number is not None:
        doc_number = _normal_number(number)
        if doc_number is None:
            raise InvalidInput(
                _("“{number}” is neither a 文号 nor an order number such as 国务院令第21号").format(
                    number=number
                ),
                _("write a 文号 like 国发〔2007〕19号"),
            )
    if promulgated and effective and effective < promulgated:
        raise InvalidInput(
            _("the effective date {effective} is before promulgation on {promulgated}").format(
                effective=effective, promulgated=promulgated
            ),
            _("check --effective and --promulgated"),
        )
    with transaction(ctx.engine(), ctx.db) as session:
        _laws_in_turn(session)
        index = law_index(session)
        key = match_key(title)
        if index.versions(key):
            existing = latest_version(index.versions(key))
            raise Duplicate(
                _("{title} is already registered").format(title=existing.title),
                _("record a new version with: normdocs law amend TITLE --date D"),
            )
        if doc_number and index.by_number(doc_number).candidates:
            raise Duplicate(
                _("{number} is already the number of {titles}").format(
                    number=doc_number, titles="; ".join(index.by_number(doc_number).candidates)
                ),
                _("check the number"),
            )
        values = {
            "title": title,
            "short_title": clean_title(short_title or "") or default_short_title(title),
            "match_key": key,
            "level": chosen,
            "doc_number": doc_number,
            "promulgated_on": promulgated,
            "effective_on": effective,
            "status": "in_force",
            "history": None,
            "created_at": utc(ctx.now()),
        }
        law_id = insert_law(session, values)
        forget_law_index(session)
        resolved = resolve_pending(session)
        details = {k: v for k, v in values.items() if k not in ("created_at", "history")}
        append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action="law.add",
            on_date=ctx.today(),
            details={**_jsonable(details), "law_id": law_id, "resolved_citations": resolved},
        )
        row = law_by_id(session, law_id)
    assert row is not None
    return {"law": law_view(row), "resolved_citations": resolved}


@retrying
def amend_law(
    ctx: AppContext,
    *,
    title: str,
    on: date,
    note: str | None = None,
    effective: date | None = None,
) -> dict[str, Any]:
    """Record an amendment on `on`: a new version promulgated that day, the previous one
    superseded, and every live document resting on the law flagged for instant cleanup."""
    from normdocs.domain.workflow import refuse_after_today
    from normdocs.store.engine import transaction
    from normdocs.store.laws import insert_law, law_by_id
    from normdocs.store.records import utc

    refuse_after_today(on, ctx.today())
    if effective is not None and effective < on:
        raise InvalidInput(
            _("the effective date {effective} is before the amendment on {on}").format(
                effective=effective, on=on
            ),
            _("check --effective and --date"),
        )
    note = (note or "").strip() or None
    with transaction(ctx.engine(), ctx.db) as session:
        _laws_in_turn(session)
        found = find_law(session, title)
        current = latest_version(found.versions)
        row = law_by_id(session, current.id)
        assert row is not None
        _refuse_if_repealed(current)
        if current.promulgated_on is not None and on <= current.promulgated_on:
            raise Refused(
                _(
                    "an amendment of {title} must be dated after its current version of {version}"
                ).format(title=current.title, version=current.promulgated_on),
                _(
                    "check --date; see the versions with: normdocs law show TITLE; a mistaken"
                    " version is fixed with: normdocs law correct / law remove-version"
                ),
                rule="amendment-after-current-version",
            )
        entry = f"{on.year}年{on.month}月{on.day}日 修正" + (f"（{note}）" if note else "")
        new_id = insert_law(
            session,
            {
                "title": row["title"],
                "short_title": row["short_title"],
                "match_key": row["match_key"],
                "level": row["level"],
                "doc_number": None,
                "promulgated_on": on,
                "effective_on": effective,
                "status": "in_force",
                "history": " | ".join(x for x in (row["history"], entry) if x),
                "created_at": utc(ctx.now()),
            },
        )
        previous, flagged = _change_and_flag(
            ctx,
            session,
            current.id,
            {"status": "superseded", "amended_on": on},
            AMENDED,
            on,
            effective or on,
            "law.amend",
            {
                "law_id": new_id,
                "previous_law_id": current.id,
                "title": row["title"],
                "note": note,
                "effective_on": _iso(effective),
            },
        )
        new_row = law_by_id(session, new_id)
    assert new_row is not None
    return {"law": law_view(new_row), "previous": law_view(previous), "flagged": flagged}


@retrying
def repeal_law(
    ctx: AppContext,
    *,
    title: str,
    on: date,
    note: str | None = None,
    effective: date | None = None,
) -> dict[str, Any]:
    """Record a repeal promulgated on `on` that takes effect on `effective` (default that day;
    the law's repealed_on) and flag every live document resting on the law."""
    from normdocs.domain.workflow import refuse_after_today
    from normdocs.store.engine import transaction

    refuse_after_today(on, ctx.today())
    if effective is not None and effective < on:
        raise InvalidInput(
            _("the effective date {effective} is before the repeal on {on}").format(
                effective=effective, on=on
            ),
            _("check --effective and --date"),
        )
    takes_effect = effective or on
    note = (note or "").strip() or None
    with transaction(ctx.engine(), ctx.db) as session:
        _laws_in_turn(session)
        found = find_law(session, title)
        current = latest_version(found.versions)
        _refuse_if_repealed(current)
        if current.promulgated_on is not None and on < current.promulgated_on:
            raise Refused(
                _("{title} cannot be repealed on {on}, before its version of {version}").format(
                    title=current.title, on=on, version=current.promulgated_on
                ),
                _("check --date"),
                rule="repeal-after-current-version",
            )
        row, flagged = _change_and_flag(
            ctx,
            session,
            current.id,
            {"status": "repealed", "repealed_on": takes_effect},
            REPEALED,
            on,
            takes_effect,
            "law.repeal",
            {
                "law_id": current.id,
                "title": current.title,
                "note": note,
                "effective_on": takes_effect.isoformat(),
            },
        )
    return {"law": law_view(row), "flagged": flagged}


def _change_and_flag(
    ctx: AppContext,
    session: Any,
    law_id: int,
    values: dict[str, Any],
    reason: str,
    on: date,
    effective: date,
    action: str,
    details: dict[str, Any],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Record that a law version changed (amended or repealed), flag the documents resting on
    it for instant cleanup, and append the law's event naming them."""
    from normdocs.services.basis import forget_law_index
    from normdocs.store.laws import law_by_id, update_law
    from normdocs.store.records import append_event

    update_law(session, law_id, values)
    forget_law_index(session)
    changed = law_by_id(session, law_id)
    assert changed is not None
    flagged = _flag_documents(ctx, session, changed, reason, on, effective)
    append_event(
        session,
        recorded_at=ctx.now(),
        actor=ctx.actor,
        action=action,
        on_date=on,
        details={**details, "flagged_documents": [d["id"] for d in flagged]},
    )
    return changed, flagged


def _refuse_if_repealed(current: LawVersion) -> None:
    if current.status == "repealed":
        raise Refused(
            _("{title} has been repealed").format(title=current.title),
            _("a repealed law is neither amended nor repealed again; see: normdocs law show TITLE"),
            rule="law-repealed",
        )


def _flag_documents(
    ctx: AppContext,
    session: Any,
    changed: dict[str, Any],
    reason: str,
    on: date,
    effective: date | None = None,
) -> list[dict[str, Any]]:
    """Flag for instant cleanup every document live today that rests on any version of the
    changed law; one flag per document (campaign_id empty until a campaign takes it). A flag
    acts from `effective`, the day the change takes effect (pending until then)."""
    effective = effective or on
    from normdocs.services.documents import validity_of
    from normdocs.store.laws import (
        documents_resting_on,
        flagged_documents,
        insert_flags,
        laws_by_key,
    )
    from normdocs.store.records import append_events

    version_ids = [int(v["id"]) for v in laws_by_key(session, changed["match_key"])]
    documents = documents_resting_on(session, version_ids, as_of=ctx.today())
    already = flagged_documents(session, int(changed["id"]), reason, on)
    fresh = [d for d in documents if d["id"] not in already]
    insert_flags(
        session,
        [
            {
                "document_id": d["id"],
                "law_id": changed["id"],
                "reason": reason,
                "flagged_on": on,
                "effective_on": effective,
                "campaign_id": None,
            }
            for d in fresh
        ],
    )
    append_events(
        session,
        [
            {
                "recorded_at": ctx.now(),
                "actor": ctx.actor,
                "action": "cleanup.flag",
                "document_id": d["id"],
                "on_date": on,
                "details": {
                    "law_id": changed["id"],
                    "law": changed["title"],
                    "reason": reason,
                    "effective_on": effective.isoformat(),
                },
            }
            for d in fresh
        ],
    )
    return [
        {
            "id": d["id"],
            "title": d["title"],
            "issuer": d["issuer"],
            "doc_number": d["doc_number"],
            "validity": validity_of({**d}, ctx.today()).value,
            "reason": reason,
            "law": changed["title"],
            "flagged_on": on.isoformat(),
            "effective_on": effective.isoformat(),
            "pending": effective > ctx.today(),
        }
        for d in fresh
    ]


# --- list, show ---------------------------------------------------------------------------


def list_laws(
    ctx: AppContext,
    *,
    level: str | None = None,
    status: str | None = None,
    title: str | None = None,
) -> list[dict[str, Any]]:
    from normdocs.store.engine import transaction
    from normdocs.store.laws import list_laws as query

    levels: list[str] = []
    for text in _split(level):
        chosen = normalise_level(text)
        if chosen is None:
            raise InvalidInput(
                _("unknown value {value} for {option}").format(value=text, option="--level"),
                _("choose from: {allowed}").format(allowed=", ".join(LEVELS)),
            )
        levels.append(chosen)
    statuses = _split(status)
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        raise InvalidInput(
            _("unknown value {value} for {option}").format(
                value=", ".join(unknown), option="--status"
            ),
            _("choose from: {allowed}").format(allowed=", ".join(STATUSES)),
        )
    with transaction(ctx.engine(write=False), ctx.db) as session:
        rows = query(session, levels=levels, statuses=statuses, title=(title or "").strip() or None)
    return [law_view(r) for r in rows]


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def show_law(ctx: AppContext, title: str) -> dict[str, Any]:
    """A law: all its versions (newest last), the documents resting on each, and its flags."""
    from normdocs.services.documents import validity_of
    from normdocs.store.engine import transaction
    from normdocs.store.laws import citing_counts, documents_citing, flags_for_laws, laws_by_key

    with transaction(ctx.engine(write=False), ctx.db) as session:
        found = find_law(session, title)
        versions = laws_by_key(session, found.versions[0].match_key)
        ids = [int(v["id"]) for v in versions]
        counts = citing_counts(session, ids)
        citing = documents_citing(session, ids)
        flags = flags_for_laws(session, ids)
    by_id = {int(v["id"]): v for v in versions}
    today = ctx.today()
    documents = [
        {
            "id": d["id"],
            "title": d["title"],
            "issuer": d["issuer"],
            "doc_number": d["doc_number"],
            "validity": validity_of(d, today).value,
            "version": _iso(by_id[d["law_id"]]["promulgated_on"]),
            "article": d["article"],
            "origin": d["origin"],
        }
        for d in citing
    ]
    current = latest_version([_version(v) for v in versions])
    return {
        "law": law_view(by_id[current.id]),
        "versions": [{**law_view(v), "documents": counts.get(int(v["id"]), 0)} for v in versions],
        "documents": documents,
        "flags": [
            {
                "document_id": f["document_id"],
                "law_id": f["law_id"],
                "reason": f["reason"],
                "flagged_on": _iso(f["flagged_on"]),
                "effective_on": _iso(f["effective_on"]),
                "pending": f["effective_on"] is not None and f["effective_on"] > today,
                "campaign_id": f["campaign_id"],
            }
            for f in flags
        ],
    }


def _version(row: dict[str, Any]) -> LawVersion:
    from normdocs.services.basis import law_version

    return law_version(row)


# --- basis links by hand, and a document's citations -------------------------------------


@retrying
def link_law(
    ctx: AppContext,
    ref: str,
    title: str,
    *,
    article: str | None = None,
    citation: str | None = None,
) -> dict[str, Any]:
    """Record by hand that document `ref` rests on law `title` (origin manual), on the version
    in force when the document was promulgated (today for a draft). With `citation`, the link
    resolves that unresolved citation of the document instead of adding a new one."""
    from normdocs.services.documents import resolve_document
    from normdocs.store.engine import transaction
    from normdocs.store.laws import (
        basis_exists,
        insert_basis_row,
        resolve_basis_rows,
        unresolved_basis,
    )
    from normdocs.store.records import append_event, utc

    article = _check_article(article)
    with transaction(ctx.engine(), ctx.db) as session:
        _laws_in_turn(session)
        document = resolve_document(session, ref)
        found = find_law(session, title)
        on = document["promulgated_on"] or ctx.today()
        version = version_on(found.versions, on)
        ids = [v.id for v in found.versions]
        if citation is not None:
            wanted = clean_title(citation)
            pending = [
                r
                for r in unresolved_basis(session, document_id=document["id"])
                if clean_title(r["citation"]) == wanted
                or match_key(r["citation"]) == match_key(citation)
            ]
            if not pending:
                raise NotFound(
                    _("document {id} has no unresolved citation {citation}").format(
                        id=document["id"], citation=citation
                    ),
                    _("see its citations with: normdocs law citations {id}").format(
                        id=document["id"]
                    ),
                )
            resolve_basis_rows(
                session,
                [
                    {"b_id": r["id"], "law_id": version.id, "cited_id": None, "b_kind": "law"}
                    for r in pending
                ],
            )
            basis_id = int(pending[0]["id"])
        else:
            if basis_exists(session, document["id"], ids, article):
                raise Duplicate(
                    _("document {id} already rests on {title}{article}").format(
                        id=document["id"], title=version.title, article=article or ""
                    ),
                    _("see its citations with: normdocs law citations {id}").format(
                        id=document["id"]
                    ),
                )
            basis_id = insert_basis_row(
                session,
                {
                    "document_id": document["id"],
                    "kind": "law",
                    "citation": f"《{version.title}》",
                    "article": article,
                    "law_id": version.id,
                    "cited_number": None,
                    "cited_document_id": None,
                    "origin": "manual",
                    "created_at": utc(ctx.now()),
                },
            )
        append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action="basis.link",
            document_id=document["id"],
            on_date=ctx.today(),
            details={
                "law_id": version.id,
                "law": version.title,
                "version": _iso(version.promulgated_on),
                "article": article,
                "basis_id": basis_id,
                "resolves": citation,
            },
        )
    return {
        "document_id": document["id"],
        "law_id": version.id,
        "law": version.title,
        "version": _iso(version.promulgated_on),
        "article": article,
        "basis_id": basis_id,
    }


def _check_article(article: str | None) -> str | None:
    if article is None:
        return None
    text = re.sub(r"\s+", "", article).translate(
        str.maketrans("０１２３４５６７８９", "0123456789")
    )
    if text.isdigit():
        text = f"第{text}条"
    if not _ARTICLE.fullmatch(text):
        raise InvalidInput(
            _("“{article}” is not an article such as 第十七条 or 第10条第4款").format(
                article=article
            ),
            _("give --article like 第十七条"),
        )
    return text


def document_citations(ctx: AppContext, ref: str) -> list[dict[str, Any]]:
    """What a document cites: each basis link, resolved to a law version or a document, or not."""
    from normdocs.services.documents import resolve_document
    from normdocs.store.engine import transaction
    from normdocs.store.laws import basis_of_document

    with transaction(ctx.engine(write=False), ctx.db) as session:
        document = resolve_document(session, ref)
        rows = basis_of_document(session, document["id"])
    return [citation_view(document["id"], r) for r in rows]


def citation_view(document_id: int, row: dict[str, Any]) -> dict[str, Any]:
    if row["law_id"] is not None:
        version = _iso(row["law_promulgated_on"])
        resolved = f"{row['law_title']} ({version})" if version else row["law_title"]
    elif row["cited_document_id"] is not None:
        resolved = _("document {id}").format(id=row["cited_document_id"])
        if row["cited_title"]:
            resolved += f" {row['cited_title']}"
    else:
        resolved = None
    return {
        "document_id": document_id,
        "basis_id": row["id"],
        "kind": row["kind"],
        "citation": row["citation"],
        "article": row["article"],
        "cited_number": row["cited_number"],
        "origin": row["origin"],
        "resolved": resolved is not None,
        "resolved_to": resolved,
        "law_id": row["law_id"],
        "law_version": _iso(row["law_promulgated_on"]),
        "law_status": row["law_status"],
        "cited_document_id": row["cited_document_id"],
    }


def unresolved_citations(ctx: AppContext) -> list[dict[str, Any]]:
    """Citations that name nothing in the registry, one line per citation with its documents
    and the laws its name comes close to."""
    from normdocs.services.basis import law_index
    from normdocs.store.engine import transaction
    from normdocs.store.laws import unresolved_basis

    with transaction(ctx.engine(write=False), ctx.db) as session:
        rows = unresolved_basis(session)
        index = law_index(session)
        grouped: dict[tuple[str, str], list[int]] = {}
        for row in rows:
            grouped.setdefault((row["kind"], row["citation"]), []).append(int(row["document_id"]))
        result = []
        for (kind, citation), documents in sorted(grouped.items(), key=lambda x: x[0][1]):
            near = index.near(citation, limit=3) if kind == "law" else []
            result.append(
                {
                    "kind": kind,
                    "citation": citation,
                    "documents": len(set(documents)),
                    "document_ids": sorted(set(documents)),
                    "near": "; ".join(near) or None,
                }
            )
    return result


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}
