"""Registering issuers and legal offices (agency add / update / list)."""

import re
from collections.abc import Sequence
from typing import Any

from normdocs.domain.errors import Duplicate, InvalidInput, NotFound
from normdocs.domain.stages import IssuerLevel
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.readmodels import AgencyView
from normdocs.store.retry import retrying


def default_files_to(level: str, parent: dict[str, Any] | None) -> str | None:
    """DESIGN §1: a department files with its government's legal office, a government with the
    legal office of the level above; both are the parent's legal office."""
    if parent is None:
        return None
    return parent.get("legal_office") or _("{parent} legal office").format(parent=parent["name"])


def parse_codes(values: str | Sequence[str] | None) -> list[str] | None:
    """The 机关代字 given (--code repeated, or comma-separated), in order, each once; None when
    none was given."""
    if values is None:
        return None
    items = [values] if isinstance(values, str) else list(values)
    codes: list[str] = []
    for item in items:
        for code in re.split(r"[,，、;；\s]+", item):
            if code and code not in codes:
                codes.append(code)
    return codes


def agency_view(row: dict[str, Any]) -> AgencyView:
    return AgencyView(
        id=row["id"],
        name=row["name"],
        code=row["code"],
        codes=list(row.get("codes") or ([row["code"]] if row["code"] else [])),
        level=row["level"],
        parent=row.get("parent_name"),
        head=row["head"],
        legal_office=row["legal_office"],
        files_to=row["files_to"],
    )


def find_agency(session: Any, name: str) -> dict[str, Any]:
    """The agency of this exact name; if none, NotFound suggesting the nearest registered names
    (by name or 机关代字, services.scopes), or how to register it when none is near."""
    from normdocs.services.scopes import nearest_names
    from normdocs.store.queries import agency_by_name

    row = agency_by_name(session, name)
    if row is None:
        similar = nearest_names(session, name) if name.strip() else []
        hint = (
            _("did you mean: {names}").format(names=", ".join(similar))
            if similar
            else _("register it with: normdocs agency add NAME --code 代字 --level government")
        )
        raise NotFound(_("no agency named {name}").format(name=name), hint)
    return row


@retrying  # two clerks adding one name at once on PostgreSQL: the second is a Duplicate
def add_agency(
    ctx: AppContext,
    *,
    name: str,
    code: str | Sequence[str] | None,
    level: str,
    parent: str | None = None,
    head: str | None = None,
    legal_office: str | None = None,
    files_to: str | None = None,
) -> AgencyView:
    from normdocs.store.agency_codes import replace_codes
    from normdocs.store.engine import transaction
    from normdocs.store.queries import agency_by_name, insert_agency
    from normdocs.store.records import append_event, utc

    codes = parse_codes(code) or []
    name = name.strip()
    if not name:
        raise InvalidInput(_("an agency needs a name"), None)
    if level not in {lv.value for lv in IssuerLevel}:
        raise InvalidInput(
            _("unknown level {level}").format(level=level), _("use government or department")
        )
    engine = ctx.engine()
    with transaction(engine, ctx.db) as session:
        if agency_by_name(session, name) is not None:
            raise Duplicate(
                _("an agency named {name} is already registered").format(name=name),
                _("see it with: normdocs agency list"),
            )
        _refuse_codes_held(session, codes, None)
        parent_row = find_agency(session, parent) if parent else None
        if level == IssuerLevel.DEPARTMENT and parent_row is None:
            raise InvalidInput(
                _("a department needs --parent, the government it belongs to"),
                _(
                    "register the government first, then: normdocs agency add NAME --level"
                    " department --parent GOVERNMENT"
                ),
            )
        created_at = utc(ctx.now())
        values = {
            "name": name,
            "code": codes[0] if codes else None,
            "level": level,
            "parent_id": parent_row["id"] if parent_row else None,
            "head": (head or "").strip() or None,
            "legal_office": (legal_office or "").strip() or None,
            "files_to": (files_to or "").strip() or default_files_to(level, parent_row),
            "created_at": created_at,
        }
        agency_id = insert_agency(session, values)
        replace_codes(session, agency_id, codes, created_at)
        append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action="agency.add",
            agency_id=agency_id,
            details={**{k: v for k, v in values.items() if k != "created_at"}, "codes": codes},
        )
        row = {
            **values,
            "id": agency_id,
            "codes": codes,
            "parent_name": parent_row["name"] if parent_row else None,
        }
    return agency_view(row)


@retrying
def update_agency(
    ctx: AppContext,
    name: str,
    changes: dict[str, str | None],
    *,
    codes: str | Sequence[str] | None = None,
    parent: str | None = None,
) -> AgencyView:
    """Change an agency's facts (recorded). `codes` replaces its 机关代字 (the first is its
    primary code); a new `parent` moves it, and its filing authority follows unless one was
    set by hand (--files-to) that is not the old parent's default."""
    from normdocs.store.agency_codes import codes_of, replace_codes
    from normdocs.store.engine import transaction
    from normdocs.store.queries import agency_by_id, lock_agency
    from normdocs.store.queries import update_agency as store_update
    from normdocs.store.records import append_event, utc

    changes = {k: (v.strip() or None) for k, v in changes.items() if v is not None}
    new_codes = parse_codes(codes)
    if new_codes is not None and not new_codes:
        raise InvalidInput(
            _("--code is empty"), _("give at least one 机关代字, e.g. --code 元政发")
        )
    parent = (parent or "").strip() or None
    if not changes and new_codes is None and parent is None:
        raise InvalidInput(
            _("nothing to change"),
            _("give --head, --code, --parent, --legal-office or --files-to"),
        )
    engine = ctx.engine()
    with transaction(engine, ctx.db) as session:
        # Locked, so that two updates at once each record what the other left (PostgreSQL).
        row = lock_agency(session, find_agency(session, name)["id"])
        old_codes = codes_of(session, row["id"])
        extra: dict[str, Any] = {}
        if new_codes is not None:
            _refuse_codes_held(session, new_codes, row["name"])
            changes["code"] = new_codes[0]
        if parent is not None:
            parent_row = find_agency(session, parent)
            _refuse_cycle(session, row, parent_row)
            changes["parent_id"] = parent_row["id"]
            old_parent = agency_by_id(session, row["parent_id"]) if row["parent_id"] else None
            old_default = default_files_to(row["level"], old_parent)
            if "files_to" not in changes and row["files_to"] in (None, old_default):
                changes["files_to"] = default_files_to(row["level"], parent_row)
            extra["parent"] = {
                "before": old_parent["name"] if old_parent else None,
                "after": parent_row["name"],
            }
        before = {k: row[k] for k in changes}
        store_update(session, row["id"], changes)
        if new_codes is not None:
            replace_codes(session, row["id"], new_codes, utc(ctx.now()))
            extra["codes"] = {"before": old_codes, "after": new_codes}
        append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action="agency.update",
            agency_id=row["id"],
            details={"before": before, "after": changes, **extra},
        )
        updated = agency_by_id(session, row["id"])
        assert updated is not None
        parent_now = agency_by_id(session, updated["parent_id"]) if updated["parent_id"] else None
        updated["parent_name"] = parent_now["name"] if parent_now else None
        updated["codes"] = codes_of(session, row["id"])
    return agency_view(updated)


def _refuse_codes_held(session: Any, codes: Sequence[str], own: str | None) -> None:
    """A 机关代字 names one agency: a code another agency holds is refused."""
    from normdocs.store.agency_codes import holders_of

    for code, names in holders_of(session, codes).items():
        others = [n for n in names if n != own]
        if others:
            raise Duplicate(
                _("the 机关代字 {code} is already a code of {agency}").format(
                    code=code, agency=", ".join(others)
                ),
                _("each 机关代字 belongs to one agency; see them with: normdocs agency list"),
            )


def _refuse_cycle(session: Any, row: dict[str, Any], parent_row: dict[str, Any]) -> None:
    """An agency cannot be placed under itself or under one of the bodies below it."""
    from normdocs.store.queries import agency_by_id

    current: dict[str, Any] | None = parent_row
    while current is not None:
        if current["id"] == row["id"]:
            raise InvalidInput(
                _("{parent} is {name} or a body under it: it cannot be its parent").format(
                    parent=parent_row["name"], name=row["name"]
                ),
                _("give the body above it with --parent"),
            )
        current = agency_by_id(session, current["parent_id"]) if current["parent_id"] else None


def list_agencies(ctx: AppContext) -> list[AgencyView]:
    from normdocs.store.agency_codes import all_codes
    from normdocs.store.engine import transaction
    from normdocs.store.queries import all_agencies

    engine = ctx.engine(write=False)
    with transaction(engine, ctx.db) as session:
        codes = all_codes(session)
        return [agency_view({**r, "codes": codes.get(r["id"], [])}) for r in all_agencies(session)]
