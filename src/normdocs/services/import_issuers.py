"""The issuers of an import: each item's agency, found by name or 机关代字, and the agencies that
--create-issuers registers for the new documents of unknown ones."""

from typing import TYPE_CHECKING, Any, TypedDict

from normdocs.domain.extract import issuer_name_problem
from normdocs.domain.json import JSONObject
from normdocs.domain.stages import IssuerLevel
from normdocs.i18n import _, render
from normdocs.services.context import AppContext
from normdocs.services.import_reading import Candidate
from normdocs.services.importing import IMPORT_ACTION, NEW, REJECTED, guess_level

if TYPE_CHECKING:
    from normdocs.store.rows import AgencyRow


class PlannedAgency(TypedDict):
    """An agency --create-issuers registers when an item of the import needs it."""

    name: str
    level: str
    code: str | None


class Issuers:
    """The agencies an import knows: registered ones, and those it plans to register."""

    def __init__(
        self,
        ctx: AppContext,
        session: Any,
        known: "dict[str, AgencyRow]",
        *,
        forced: str | None,
        create: bool,
    ) -> None:
        self.ctx = ctx
        self.session = session
        self.known = known
        self.codes = {a["code"]: a["name"] for a in known.values() if a["code"]}
        self.forced = forced  # --issuer: every item's
        self.create = create  # --create-issuers
        self.planned: dict[str, PlannedAgency] = {}
        self.created: list[str] = []

    def id_of(self, name: str | None) -> int | None:
        """A registered agency's id (None for one not registered yet)."""
        agency = self.known.get(name or "")
        return int(agency["id"]) if agency is not None else None

    def name_of(self, agency_id: int) -> str:
        """A registered agency's name, by its id."""
        for name, agency in self.known.items():
            if int(agency["id"]) == agency_id:
                return name
        return str(agency_id)

    def level(self, name: str) -> str:
        return str(self.planned[name]["level"])

    def resolve(self, candidates: list[Candidate]) -> None:
        """Each live candidate's issuer, or the reason it is rejected without one."""
        for candidate in candidates:
            if candidate.item.outcome == NEW:
                self._resolve(candidate)

    def _resolve(self, candidate: Candidate) -> None:
        item = candidate.item
        name = self.forced or candidate.found.issuer
        number = candidate.found.doc_number
        if name is None and number:  # a register row without an issuer column
            name = self.codes.get(number.split("〔", 1)[0])
            if name is not None:
                candidate.found.issuer_from = "code"
        if name is None:
            item.outcome = REJECTED
            item.reason = _(
                "no issuer found (no 发文机关, no issuer in the title or signature): "
                "give --issuer NAME"
            )
            return
        name = "".join(name.split())
        item.issuer = name
        if name in self.known or name in self.planned:
            candidate.issuer_key = name
            if name in self.planned:
                item.new_issuer_level = self.planned[name]["level"]
            self._resolve_co_issuers(candidate)
            return
        unfit = issuer_name_problem(name)
        if unfit is not None:  # never registered, --create-issuers or not
            item.outcome = REJECTED
            item.reason = _("no usable issuer: {problem}; give --issuer NAME").format(
                problem=render(unfit)
            )
            return
        if not self.create:
            item.outcome = REJECTED
            item.reason = _(
                "issuer {name} not registered: add it with normdocs agency add {name} --level "
                "{level}; or import with --create-issuers"
            ).format(name=name, level=guess_level(name))
            return
        code = number.split("〔", 1)[0] if number else None
        self.planned[name] = PlannedAgency(name=name, level=guess_level(name), code=code)
        item.new_issuer_level = self.planned[name]["level"]
        if code:  # later rows of the register name it by its code alone
            self.codes.setdefault(code, name)
        candidate.issuer_key = name
        self._resolve_co_issuers(candidate)

    def _resolve_co_issuers(self, candidate: Candidate) -> None:
        """A joint document's co-issuers are agencies as its lead issuer is: registered, or
        planned with --create-issuers. Without it an unknown one is kept by name (shown with the
        document, not counted in a scope of it), and a note says so; a name that cannot be a
        body's is left out, and a note says that too."""
        item = candidate.item
        planned: list[str] = []
        for name in _co_issuer_names(candidate):
            if name == candidate.issuer_key or name in self.known:
                continue
            if name in self.planned:
                planned.append(name)
                continue
            unfit = issuer_name_problem(name)
            if unfit is not None:
                item.notes = (
                    *item.notes,
                    _("“{name}” is no co-issuer: {problem}").format(
                        name=name, problem=render(unfit)
                    ),
                )
                continue
            if not self.create:
                item.notes = (
                    *item.notes,
                    _(
                        "co-issuer {name} is not registered: kept by name, not counted in its"
                        " scope (register it first: normdocs agency add {name} --level {level};"
                        " or import with --create-issuers)"
                    ).format(name=name, level=guess_level(name)),
                )
                continue
            self.planned[name] = PlannedAgency(name=name, level=guess_level(name), code=None)
            planned.append(name)
        item.new_co_issuers = tuple(planned)

    def register(self, name: str) -> int:
        """The agency's id, registering it first if this import planned it."""
        if name not in self.known:
            self._create_agency(name)
        return int(self.known[name]["id"])

    def co_issuers(self, c: Candidate) -> list[str]:
        """The co-issuers of a joint document that are registered agencies (or were created
        by this import), without its lead issuer."""
        lead = self.known.get(c.issuer_key or "")
        return [
            name
            for name in _co_issuer_names(c)
            if name != c.issuer_key
            and (name in self.planned or name in self.known)
            and (lead is None or name not in self.known or self.known[name]["id"] != lead["id"])
        ]

    def _parent_of(self, name: str) -> "AgencyRow | None":
        """A department's government: the one whose place name (before 人民政府) starts its
        name, registered or created in this run."""
        governments = [
            n
            for n, a in [*self.known.items(), *self.planned.items()]
            if a["level"] == IssuerLevel.GOVERNMENT.value and n.endswith("人民政府")
        ]
        matches = [g for g in governments if name.startswith(g.removesuffix("人民政府"))]
        if not matches:
            return None
        best = max(matches, key=len)
        if best not in self.known:
            self._create_agency(best)
        return self.known[best]

    def _create_agency(self, name: str) -> int:
        from normdocs.services.agencies import default_files_to
        from normdocs.store.queries import insert_agency
        from normdocs.store.records import append_event, utc
        from normdocs.store.rows import AgencyValues

        plan = self.planned[name]
        parent = None
        if plan["level"] == IssuerLevel.DEPARTMENT.value:
            parent = self._parent_of(name)
            if parent is None:
                self.ctx.warn(
                    _("{name} was registered as a department without a parent government").format(
                        name=name
                    )
                )
        values: AgencyValues = {
            "name": name,
            "code": plan["code"],
            "level": plan["level"],
            "parent_id": parent["id"] if parent else None,
            "files_to": default_files_to(plan["level"], parent),
            "created_at": utc(self.ctx.now()),
        }
        agency_id = insert_agency(self.session, values)
        self.known[name] = {
            "id": agency_id,
            "name": name,
            "code": plan["code"],
            "level": plan["level"],
            "parent_id": values["parent_id"],
            "head": None,
            "legal_office": None,
            "files_to": values["files_to"],
            "created_at": values["created_at"],
        }
        self.created.append(name)
        details: JSONObject = {k: v for k, v in values.items() if k != "created_at"}
        details["created_by"] = IMPORT_ACTION
        append_event(
            self.session,
            recorded_at=self.ctx.now(),
            actor=self.ctx.actor,
            action="agency.add",
            agency_id=agency_id,
            details=details,
        )
        return agency_id


def _co_issuer_names(c: Candidate) -> list[str]:
    """The co-issuers found, each once, written as agency names are (without spaces)."""
    return list(dict.fromkeys("".join(name.split()) for name in c.found.co_issuers))
