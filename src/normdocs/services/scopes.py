"""Which issuers a command covers: `--issuer` (several names, repeated or comma-separated) and
`--under NAME` (a government and all its departments, through agency.parent_id)."""

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from normdocs.domain.errors import NotFound
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.store.rows import AgencyListRow

# How many near names a hint offers, and how near (difflib's ratio) they must be.
SUGGESTIONS = 3
CUTOFF = 0.4


@dataclass(frozen=True)
class Scope:
    """The agencies chosen: their ids (None: every agency) and their rows, as named."""

    agency_ids: frozenset[int] | None
    agencies: tuple[AgencyListRow, ...] = ()

    @property
    def everything(self) -> bool:
        return self.agency_ids is None


def split_names(names: str | Sequence[str] | None) -> list[str]:
    """The names given, each option value split on commas (, or ，), without repeats."""
    if names is None:
        return []
    values = [names] if isinstance(names, str) else list(names)
    found = [part.strip() for value in values for part in value.replace("，", ",").split(",")]
    return list(dict.fromkeys(part for part in found if part))


def resolve_scope(
    session: Any, issuers: str | Sequence[str] | None = None, under: str | None = None
) -> Scope:
    """The scope of `--issuer` and `--under`: every agency named, and every agency below the
    one `under` names (recursively). A name that matches no agency raises NotFound with the
    nearest registered names as its hint."""
    from normdocs.store.agency_codes import all_codes
    from normdocs.store.queries import all_agencies

    names = split_names(issuers)
    under_name = under.strip() if under else ""
    if not names and not under_name:
        return Scope(None)
    agencies = all_agencies(session)
    by_name = {str(a["name"]): a for a in agencies}
    codes = all_codes(session)
    chosen: list[AgencyListRow] = [_named(name, by_name, codes) for name in names]
    ids = {int(a["id"]) for a in chosen}
    if under_name:
        top = _named(under_name, by_name, codes)
        chosen.append(top)
        ids |= descendants(agencies, int(top["id"]))
    unique = {int(a["id"]): a for a in chosen}
    return Scope(frozenset(ids), tuple(unique.values()))


def find_named(session: Any, name: str) -> AgencyListRow:
    """The agency of this exact name; if none, NotFound suggesting the nearest names."""
    from normdocs.store.agency_codes import all_codes
    from normdocs.store.queries import all_agencies

    agencies = all_agencies(session)
    return _named(name.strip(), {str(a["name"]): a for a in agencies}, all_codes(session))


def nearest_names(session: Any, name: str) -> list[str]:
    """The registered agency names nearest to `name`, by name or by 机关代字, nearest first
    (at most SUGGESTIONS; [] when none is near)."""
    from normdocs.store.agency_codes import all_codes
    from normdocs.store.queries import all_agencies

    by_name = {str(a["name"]): a for a in all_agencies(session)}
    return _nearest(name.strip(), by_name, all_codes(session))


def descendants(agencies: Sequence[AgencyListRow], top: int) -> set[int]:
    """`top` and every agency whose parent chain reaches it (a loop is walked once)."""
    children: dict[int, list[int]] = {}
    for agency in agencies:
        if agency["parent_id"] is not None:
            children.setdefault(int(agency["parent_id"]), []).append(int(agency["id"]))
    found = {top}
    waiting = [top]
    while waiting:
        for child in children.get(waiting.pop(), []):
            if child not in found:
                found.add(child)
                waiting.append(child)
    return found


def _named(
    name: str, by_name: dict[str, AgencyListRow], codes: dict[int, list[str]]
) -> AgencyListRow:
    if name in by_name:
        return by_name[name]
    raise NotFound(_("no agency named {name}").format(name=name), _suggestion(name, by_name, codes))


def _suggestion(name: str, by_name: dict[str, AgencyListRow], codes: dict[int, list[str]]) -> str:
    suggested = _nearest(name, by_name, codes)
    if suggested:
        return _("did you mean: {names}").format(names=", ".join(suggested))
    return _("see the registered agencies with: normdocs agency list")


def _nearest(
    name: str, by_name: dict[str, AgencyListRow], codes: dict[int, list[str]]
) -> list[str]:
    """The nearest registered names, by name or by 机关代字 (元政发 → 元宝山区人民政府)."""
    keys: dict[str, str] = {agency_name: agency_name for agency_name in by_name}
    for agency in by_name.values():
        for code in codes.get(int(agency["id"]), []) or [agency["code"] or ""]:
            if code:
                keys.setdefault(code, str(agency["name"]))
    near = difflib.get_close_matches(name, list(keys), n=SUGGESTIONS * 2, cutoff=CUTOFF)
    return list(dict.fromkeys(keys[key] for key in near))[:SUGGESTIONS]


def scope_names(
    ctx: AppContext, issuers: str | Sequence[str] | None = None, under: str | None = None
) -> list[str]:
    """The names of the agencies in the scope, as the reports take them: those named first,
    then the departments `under` adds, in registration order ([] when no scope is given)."""
    from normdocs.store.engine import transaction
    from normdocs.store.queries import all_agencies

    with transaction(ctx.engine(write=False), ctx.db) as session:
        scope = resolve_scope(session, issuers, under)
        if scope.agency_ids is None:
            return []
        named = [str(a["name"]) for a in scope.agencies]
        others = [
            str(a["name"])
            for a in all_agencies(session)
            if int(a["id"]) in scope.agency_ids and a["name"] not in named
        ]
    return named + others
