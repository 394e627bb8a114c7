"""Registering issuers and legal offices (agency add / update / list)."""

import re
from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

from normdocs.domain.errors import Duplicate, InvalidInput, NotFound
from normdocs.domain.json import JSONObject
from normdocs.domain.stages import IssuerLevel
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.readmodels import AgencyView
from normdocs.store.retry import retrying
from normdocs.store.rows import AgencyRow, AgencyValues


class AgencyEdits(TypedDict, total=False):
    """The facts `agency update` may set by hand: None leaves one alone, blank clears it."""

    head: str | None
    legal_office: str | None
    files_to: str | None


def default_files_to(level: str, parent: AgencyRow | None) -> str | None:
    """DESIGN §1: a department files with its government's legal office, a government with the
    legal office of the level above; both are the parent's legal office."""
    if parent is None:
        return None
    return parent["legal_office"] or _("{parent} legal office").format(parent=parent["name"])


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


def agency_view(row: AgencyRow, parent_name: str | None, codes: Sequence[str]) -> AgencyView:
    return AgencyView(
        id=row["id"],
        name=row["name"],
        code=row["code"],
        codes=list(codes or ([row["code"]] if row["code"] else [])),
        level=row["level"],
        parent=parent_name,
        head=row["head"],
        legal_office=row["legal_office"],
        files_to=row["files_to"],
    )


def find_agency(session: Any, name: str) -> AgencyRow:
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


def _stripped(value: str | None) -> str | None:
    """A fact as given, trimmed; blank is none."""
    return (value or "").strip() or None


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
    from normdocs.store.engine import transaction
    from normdocs.store.queries import agency_by_name
    from normdocs.store.records import utc

    codes = parse_codes(code) or []
    name = name.strip()
    if not name:
        raise InvalidInput(_("an agency needs a name"), None)
    if level not in {lv.value for lv in IssuerLevel}:
        raise InvalidInput(
            _("unknown level {level}").format(level=level), _("use government or department")
        )
    with transaction(ctx.engine(), ctx.db) as session:
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
        values: AgencyValues = {
            "name": name,
            "code": codes[0] if codes else None,
            "level": level,
            "parent_id": parent_row["id"] if parent_row else None,
            "head": _stripped(head),
            "legal_office": _stripped(legal_office),
            "files_to": _stripped(files_to) or default_files_to(level, parent_row),
            "created_at": utc(ctx.now()),
        }
        stated = {k: v for k, v in values.items() if k != "created_at"}
        return _save_agency(
            ctx, session, "agency.add", None, values, codes, {**stated, "codes": codes}
        )


@retrying
def update_agency(
    ctx: AppContext,
    name: str,
    changes: AgencyEdits,
    *,
    codes: str | Sequence[str] | None = None,
    parent: str | None = None,
) -> AgencyView:
    """Change an agency's facts (recorded). `codes` replaces its 机关代字 (the first is its
    primary code); a new `parent` moves it, and its filing authority follows unless one was
    set by hand (--files-to) that is not the old parent's default."""
    from normdocs.store.agency_codes import codes_of
    from normdocs.store.engine import transaction
    from normdocs.store.queries import lock_agency

    values = _edited(changes)
    new_codes = parse_codes(codes)
    if new_codes is not None and not new_codes:
        raise InvalidInput(
            _("--code is empty"), _("give at least one 机关代字, e.g. --code 元政发")
        )
    parent = (parent or "").strip() or None
    if not values and new_codes is None and parent is None:
        raise InvalidInput(
            _("nothing to change"),
            _("give --head, --code, --parent, --legal-office or --files-to"),
        )
    with transaction(ctx.engine(), ctx.db) as session:
        # Locked, so that two updates at once each record what the other left (PostgreSQL).
        row = lock_agency(session, find_agency(session, name)["id"])
        extra: JSONObject = {}
        if new_codes is not None:
            _refuse_codes_held(session, new_codes, row["name"])
            values["code"] = new_codes[0]
            extra["codes"] = {"before": codes_of(session, row["id"]), "after": new_codes}
        if parent is not None:
            extra["parent"] = _move_under(session, row, find_agency(session, parent), values)
        stored: Mapping[str, object] = row
        before = {k: stored[k] for k in values}
        details = {"before": before, "after": dict(values), **extra}
        return _save_agency(ctx, session, "agency.update", row["id"], values, new_codes, details)


def _edited(changes: AgencyEdits) -> AgencyValues:
    """The facts given by hand, trimmed (blank: cleared); those not given are left alone."""
    values: AgencyValues = {}
    if changes.get("head") is not None:
        values["head"] = _stripped(changes["head"])
    if changes.get("legal_office") is not None:
        values["legal_office"] = _stripped(changes["legal_office"])
    if changes.get("files_to") is not None:
        values["files_to"] = _stripped(changes["files_to"])
    return values


def _move_under(
    session: Any, row: AgencyRow, parent_row: AgencyRow, values: AgencyValues
) -> JSONObject:
    """Place the agency under `parent_row` (in `values`): its filing authority follows unless
    it was set by hand, now or before, to something else than the old parent's default.
    Return what the event states of the move."""
    from normdocs.store.queries import agency_by_id

    _refuse_cycle(session, row, parent_row)
    values["parent_id"] = parent_row["id"]
    old_parent = agency_by_id(session, row["parent_id"]) if row["parent_id"] else None
    old_default = default_files_to(row["level"], old_parent)
    if "files_to" not in values and row["files_to"] in (None, old_default):
        values["files_to"] = default_files_to(row["level"], parent_row)
    return {"before": old_parent["name"] if old_parent else None, "after": parent_row["name"]}


def _save_agency(
    ctx: AppContext,
    session: Any,
    action: str,
    agency_id: int | None,
    values: AgencyValues,
    codes: list[str] | None,
    details: JSONObject,
) -> AgencyView:
    """What add and update share: write the row (a new one when `agency_id` is None) and its
    codes (when given), record the event, and show the agency as it is now stored."""
    from normdocs.store.agency_codes import codes_of, replace_codes
    from normdocs.store.queries import agency_by_id, insert_agency, update_agency
    from normdocs.store.records import append_event, utc

    if agency_id is None:
        agency_id = insert_agency(session, values)
    else:
        update_agency(session, agency_id, values)
    if codes is not None:
        replace_codes(session, agency_id, codes, values.get("created_at") or utc(ctx.now()))
    append_event(
        session,
        recorded_at=ctx.now(),
        actor=ctx.actor,
        action=action,
        agency_id=agency_id,
        details=details,
    )
    row = agency_by_id(session, agency_id)
    assert row is not None
    parent = agency_by_id(session, row["parent_id"]) if row["parent_id"] else None
    return agency_view(row, parent["name"] if parent else None, codes_of(session, agency_id))


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


def _refuse_cycle(session: Any, row: AgencyRow, parent_row: AgencyRow) -> None:
    """An agency cannot be placed under itself or under one of the bodies below it."""
    from normdocs.store.queries import agency_by_id

    current: AgencyRow | None = parent_row
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
        return [
            agency_view(r, r["parent_name"], codes.get(r["id"], [])) for r in all_agencies(session)
        ]
