"""Registering issuers and legal offices (agency add / update / list)."""

from typing import Any

from normdocs.domain.errors import Duplicate, InvalidInput, NotFound
from normdocs.domain.stages import IssuerLevel
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.store.retry import retrying


def default_files_to(level: str, parent: dict[str, Any] | None) -> str | None:
    """DESIGN §1: a department files with its government's legal office, a government with the
    legal office of the level above; both are the parent's legal office."""
    if parent is None:
        return None
    return parent.get("legal_office") or _("{parent} legal office").format(parent=parent["name"])


def agency_view(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "code": row["code"],
        "level": row["level"],
        "parent": row.get("parent_name"),
        "head": row["head"],
        "legal_office": row["legal_office"],
        "files_to": row["files_to"],
    }


def find_agency(session: Any, name: str) -> dict[str, Any]:
    from normdocs.store.queries import agency_by_name, agency_names_like

    row = agency_by_name(session, name)
    if row is None:
        similar = agency_names_like(session, name[:2]) if name else []
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
    code: str | None,
    level: str,
    parent: str | None = None,
    head: str | None = None,
    legal_office: str | None = None,
    files_to: str | None = None,
) -> dict[str, Any]:
    from normdocs.store.engine import transaction
    from normdocs.store.queries import agency_by_name, insert_agency
    from normdocs.store.records import append_event, utc

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
        parent_row = find_agency(session, parent) if parent else None
        if level == IssuerLevel.DEPARTMENT and parent_row is None:
            raise InvalidInput(
                _("a department needs --parent, the government it belongs to"),
                _(
                    "register the government first, then: normdocs agency add NAME --level"
                    " department --parent GOVERNMENT"
                ),
            )
        values = {
            "name": name,
            "code": (code or "").strip() or None,
            "level": level,
            "parent_id": parent_row["id"] if parent_row else None,
            "head": (head or "").strip() or None,
            "legal_office": (legal_office or "").strip() or None,
            "files_to": (files_to or "").strip() or default_files_to(level, parent_row),
            "created_at": utc(ctx.now()),
        }
        agency_id = insert_agency(session, values)
        append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action="agency.add",
            agency_id=agency_id,
            details={k: v for k, v in values.items() if k != "created_at"},
        )
        row = {**values, "id": agency_id, "parent_name": parent_row["name"] if parent_row else None}
    return agency_view(row)


@retrying
def update_agency(ctx: AppContext, name: str, changes: dict[str, str | None]) -> dict[str, Any]:
    from normdocs.store.engine import transaction
    from normdocs.store.queries import agency_by_id, lock_agency
    from normdocs.store.queries import update_agency as store_update
    from normdocs.store.records import append_event

    changes = {k: (v.strip() or None) for k, v in changes.items() if v is not None}
    if not changes:
        raise InvalidInput(
            _("nothing to change"), _("give --head, --code, --legal-office or --files-to")
        )
    engine = ctx.engine()
    with transaction(engine, ctx.db) as session:
        # Locked, so that two updates at once each record what the other left (PostgreSQL).
        row = lock_agency(session, find_agency(session, name)["id"])
        before = {k: row[k] for k in changes}
        store_update(session, row["id"], changes)
        append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action="agency.update",
            agency_id=row["id"],
            details={"before": before, "after": changes},
        )
        updated = agency_by_id(session, row["id"])
        assert updated is not None
        parent = agency_by_id(session, updated["parent_id"]) if updated["parent_id"] else None
        updated["parent_name"] = parent["name"] if parent else None
    return agency_view(updated)


def list_agencies(ctx: AppContext) -> list[dict[str, Any]]:
    from normdocs.store.engine import transaction
    from normdocs.store.queries import all_agencies

    engine = ctx.engine(write=False)
    with transaction(engine, ctx.db) as session:
        return [agency_view(r) for r in all_agencies(session)]
