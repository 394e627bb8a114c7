"""Drafting documents, finding them by any reference, listing and showing them."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from normdocs.domain.errors import InvalidInput, NotFound, Refused
from normdocs.domain.json import JSONObject
from normdocs.domain.projection import FRESH_FLAGS
from normdocs.domain.stages import Stage, Validity
from normdocs.domain.validity import ValidityFacts, validity_on
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.readmodels import DocumentView, HistoryRow, ListedDocument, ShownDocument
from normdocs.store.retry import retrying
from normdocs.store.rows import AgencyRow, DocumentRow, DocumentValues, ValidityColumns

if TYPE_CHECKING:
    from normdocs.services.texts import GivenText

D = TypeVar("D", bound=DocumentView)


def is_interim(title: str, markers: tuple[str, ...]) -> bool:
    """暂行/试行 in the title shortens the default validity."""
    return any(marker in title for marker in markers)


def validity_of(
    row: ValidityColumns, as_of: date, *, created_at: datetime | str | None = None
) -> Validity:
    """The document's validity on `as_of`; `created_at` (the row's, when the query read it)
    dates an ending on an unknown day."""
    undated_end = row["end_reason"] and row["ended_on"] is None and created_at
    return validity_on(
        ValidityFacts(
            promulgated_on=row["promulgated_on"],
            effective_on=row["effective_on"],
            expires_on=row["expires_on"],
            ended_on=row["ended_on"],
            end_reason=Validity(row["end_reason"]) if row["end_reason"] else None,
            # Ended on an unknown day (an imported register's 已废止): known from its import.
            ended_by=_day_of(created_at) if undated_end else None,
            withdrawn=row["stage"] == Stage.WITHDRAWN.value,
        ),
        as_of,
    )


def _day_of(moment: datetime | str | None) -> date | None:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.date() if isinstance(moment, datetime) else None


def document_view(row: DocumentRow, as_of: date) -> DocumentView:
    """A document as shown to users and written as JSON."""
    return document_as(DocumentView, row, as_of)


def document_as(model: type[D], row: DocumentRow, as_of: date, **extra: Any) -> D:
    """A document as `model` shows it, with the `extra` fields that view adds: its stored
    fields as they are (the model types SQLite's 0/1 flags; other columns are left out), its
    validity on `as_of`."""
    return model.model_validate(
        {
            **row,
            "validity": validity_of(row, as_of, created_at=row["created_at"]),
            "as_of": as_of,
            "ended_on_unknown": bool(row["end_reason"]) and row["ended_on"] is None,
            **extra,
        }
    )


def resolve_document(session: Any, ref: str) -> DocumentRow:
    """A document by id, 文号 (any bracket style) or registration number."""
    from normdocs.store.queries import (
        document_by_id,
        documents_by_number,
        documents_by_registration,
        documents_that_released,
    )

    ref = ref.strip()
    if ref.isdigit():
        row = document_by_id(session, int(ref))
        if row is not None:
            return row
    matches = documents_by_registration(session, ref)
    if not matches:
        matches = _by_loose_registration(session, ref)
    if not matches:
        from normdocs.domain.docnumber import normalise_doc_number

        try:
            number = normalise_doc_number(ref)
        except InvalidInput:
            number = None
        if number is not None:
            matches = documents_by_number(session, number)
            if not matches:  # what the number named before an import undo released it
                matches = documents_that_released(session, number)
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        choices = "; ".join(f"{m['id']} ({m['issuer']})" for m in matches)
        raise Refused(
            _("{ref} is the number of more than one document: {choices}").format(
                ref=ref, choices=choices
            ),
            _("refer to the document by its id"),
            rule="ambiguous-reference",
        )
    raise NotFound(
        _("no document {ref}").format(ref=ref),
        _("a document is found by id, 文号 or registration number; see: normdocs doc list"),
    )


def _co_issuers(
    session: Any, lead: AgencyRow, names: str | Sequence[str] | None
) -> list[AgencyRow]:
    """The co-issuers named (repeated or comma-separated), each a registered agency."""
    from normdocs.services.scopes import find_named, split_names

    joint: list[AgencyRow] = [find_named(session, name) for name in split_names(names)]
    if any(a["id"] == lead["id"] for a in joint):
        raise InvalidInput(
            _("{name} is the lead issuer; it cannot be a co-issuer too").format(name=lead["name"]),
            _("give --co-issuer only for the other bodies of the joint document"),
        )
    return list({int(a["id"]): a for a in joint}.values())


def _by_loose_registration(session: Any, ref: str) -> list[DocumentRow]:
    """Documents whose registration number is `ref` in another style (ND[2026]3 for
    ND〔2026〕003): the same prefix, year and sequence number."""
    from normdocs.domain.docnumber import parse_registration
    from normdocs.store.queries import documents_by_registration_seq

    wanted = parse_registration(ref)
    if wanted is None:
        return []
    return [
        row
        for row in documents_by_registration_seq(session, wanted.year, wanted.seq)
        if (found := parse_registration(row["registration_no"] or "")) is not None
        and found.prefix.casefold() == wanted.prefix.casefold()
    ]


@dataclass(frozen=True)
class _Draft:
    """A new draft as asked for: its title, issuers, the document it amends, its text."""

    title: str
    issuer: AgencyRow
    interim: bool
    co_issuers: list[AgencyRow]
    amends: DocumentRow | None
    given: "GivenText | None"


@retrying
def new_document(
    ctx: AppContext,
    *,
    title: str,
    issuer: str,
    file: Path | None = None,
    interim: bool = False,
    amends: str | None = None,
    co_issuers: str | Sequence[str] | None = None,
) -> DocumentView:
    """Register a draft (起草); its text, if given, is kept for later steps and search.

    `co_issuers`: the other bodies of a joint document (联合发文), registered agencies, in the
    order the document names them after its lead issuer `issuer`.

    With `amends`, the draft is the amended version of a document in force: it supersedes that
    document when it is promulgated."""
    from normdocs.services.agencies import find_agency
    from normdocs.services.texts import read_given_file
    from normdocs.store.engine import transaction
    from normdocs.store.queries import document_by_id

    title = " ".join(title.split())
    if not title:
        raise InvalidInput(_("a document needs a title"), None)
    given = read_given_file(ctx, file) if file is not None else None
    interim = interim or is_interim(title, ctx.profile.validity.interim_markers)
    with transaction(ctx.engine(), ctx.db) as session:
        agency = find_agency(session, issuer)
        draft = _Draft(
            title,
            agency,
            interim,
            _co_issuers(session, agency, co_issuers),
            _amendable(session, amends, ctx.today()) if amends else None,
            given,
        )
        document_id = _insert_draft(ctx, session, draft)
        _record_created(ctx, session, document_id, draft)
        row = document_by_id(session, document_id)
    assert row is not None
    return document_view(row, ctx.today())


def _insert_draft(ctx: AppContext, session: Any, draft: _Draft) -> int:
    """The draft's document row, its co-issuers and its place in the search index; its id."""
    from normdocs.store.queries import add_co_issuers, insert_document
    from normdocs.store.records import utc
    from normdocs.store.search import index_documents

    fresh = FRESH_FLAGS  # the flag columns, each false
    values: DocumentValues = {
        "title": draft.title,
        "issuer_id": draft.issuer["id"],
        "interim": draft.interim,
        "stage": Stage.DRAFTING.value,
        "origin": "drafted",
        **fresh,
        "supersedes_id": draft.amends["id"] if draft.amends else None,
        "created_at": utc(ctx.now()),
    }
    document_id = insert_document(session, values)
    if draft.co_issuers:
        add_co_issuers(session, document_id, [int(a["id"]) for a in draft.co_issuers])
    text = draft.given.text if draft.given is not None else None
    index_documents(session, [(document_id, draft.title, text)])
    return document_id


def _record_created(ctx: AppContext, session: Any, document_id: int, draft: _Draft) -> None:
    """The document.create event, then the draft's text (version 1, brought by that event)."""
    from normdocs.services.texts import keep_text
    from normdocs.store.records import append_event

    event_id = append_event(
        session,
        recorded_at=ctx.now(),
        actor=ctx.actor,
        action="document.create",
        document_id=document_id,
        on_date=ctx.today(),
        to_stage=Stage.DRAFTING.value,
        details=_created_details(draft),
    )
    given = draft.given
    if given is not None:
        keep_text(
            session,
            document_id=document_id,
            text=given.text,
            source_name=given.name,
            content_hash=given.content_hash,
            version=1,
            event_id=event_id,
            on=ctx.today(),
            now=ctx.now(),
            original=given.original,
        )


def _created_details(draft: _Draft) -> JSONObject:
    """What the document.create event states (verify replays the row from it)."""
    from normdocs.services.texts import text_event_details

    joint = draft.co_issuers
    return {
        "title": draft.title,
        "issuer": draft.issuer["name"],
        "interim": draft.interim,
        "file": None,
        "content_hash": None,
        "text_sha256": None,
        "amends": draft.amends["id"] if draft.amends else None,
        **({"co_issuers": [a["name"] for a in joint]} if joint else {}),
        # The text, its hashes and its version (1): see services.texts.
        **(text_event_details(draft.given, 1) if draft.given is not None else {}),
    }


def _amendable(session: Any, ref: str, today: date) -> DocumentRow:
    """The document an amended version replaces: published, not ended, not already replaced."""
    from normdocs.store.queries import draft_superseding, lock_document

    found = resolve_document(session, ref)
    # Locked and read again (PostgreSQL), so that a second amended draft begun at the same
    # moment waits here and then finds this one.
    row = lock_document(session, found["id"]) or found
    if row["ended_on"] is not None and row["ended_on"] > today:
        raise Refused(
            _(
                "{ref} is to end on {day} ({reason}): an amended version cannot replace a "
                "document that ends"
            ).format(ref=ref, day=row["ended_on"].isoformat(), reason=_(row["end_reason"] or "")),
            _("register a new draft without --amends, to take effect when it ends"),
            rule="amend-needs-document-in-force",
        )
    if row["promulgated_on"] is None or row["ended_on"] is not None:
        raise Refused(
            _(
                "only a published document that has not ended can be amended; {ref} is {validity}"
            ).format(
                ref=ref, validity=_(validity_of(row, today, created_at=row["created_at"]).value)
            ),
            _("register a new draft without --amends"),
            rule="amend-needs-document-in-force",
        )
    other = draft_superseding(session, row["id"])
    if other is not None:
        raise Refused(
            _(
                "document {id} already has an amended version in preparation: document {other}"
            ).format(id=row["id"], other=other),
            _("continue with that draft, or see: normdocs doc show {other}").format(other=other),
            rule="amend-once",
        )
    return row


def show_document(ctx: AppContext, ref: str, as_of: date | None = None) -> ShownDocument:
    from normdocs.store.engine import transaction
    from normdocs.store.queries import next_text_version, text_of

    engine = ctx.engine(write=False)
    from normdocs.store.records import co_issuers_by_document

    with transaction(engine, ctx.db) as session:
        row = resolve_document(session, ref)
        text = text_of(session, row["id"])
        text_version_number = next_text_version(session, row["id"]) - 1 or None
        co_issuers = co_issuers_by_document(session, [row["id"]]).get(row["id"], [])
    return document_as(
        ShownDocument,
        row,
        as_of or ctx.today(),
        co_issuers=co_issuers,
        text_source=text["source_name"] if text else None,
        text_chars=len(text["text"]) if text else 0,
        text_version=text_version_number,
    )


def list_documents(
    ctx: AppContext,
    *,
    stage: str | None = None,
    validity: str | None = None,
    issuer: str | Sequence[str] | None = None,
    year: int | None = None,
    as_of: date | None = None,
    under: str | None = None,
) -> list[ListedDocument]:
    """The documents chosen; `issuer` is one or more names (comma-separated too) and `under`
    a government with all its departments (services.scopes)."""
    from normdocs.services.scopes import resolve_scope
    from normdocs.store.engine import transaction
    from normdocs.store.queries import list_documents as query

    day = as_of or ctx.today()
    stages = _parse_choices(stage, {s.value for s in Stage}, "--stage")
    wanted = None
    if validity:
        (wanted_value,) = _parse_choices(validity, {v.value for v in Validity}, "--validity")
        wanted = Validity(wanted_value)
        if wanted is Validity.WITHDRAWN and not stages:
            # Withdrawn documents are left out of every list but their own stage's.
            stages = [Stage.WITHDRAWN.value]
    engine = ctx.engine(write=False)
    with transaction(engine, ctx.db) as session:
        scope = resolve_scope(session, issuer, under)
        rows = query(
            session,
            as_of=day,
            stages=stages,
            validity=wanted,
            issuer_ids=scope.agency_ids,
            year=year,
        )
        from normdocs.store.records import co_issuers_by_document

        co_issuers = co_issuers_by_document(session, [r["id"] for r in rows])
    # Joint documents: with the co-issuers their import recorded.
    return [
        document_as(ListedDocument, r, day, co_issuers=co_issuers.get(r["id"], [])) for r in rows
    ]


def document_history(ctx: AppContext, ref: str) -> list[HistoryRow]:
    from normdocs.store.engine import stored_json, transaction
    from normdocs.store.records import document_events

    engine = ctx.engine(write=False)
    with transaction(engine, ctx.db) as session:
        row = resolve_document(session, ref)
        events = document_events(session, row["id"])
    from normdocs.services.corrections import CORRECTED, correction_summary

    rows = []
    for e in events:
        details = stored_json(e["details"])
        # How a person reads a correction (更正): each fact before → after, and the reason.
        summary = correction_summary(details) if e["action"] == CORRECTED else None
        rows.append(
            HistoryRow.model_validate(
                {**e, "event_id": e["id"], "details": details, "summary": summary}
            )
        )
    return rows


def _parse_choices(value: str | None, allowed: set[str], option: str) -> list[str]:
    if not value:
        return []
    chosen = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in chosen if v not in allowed]
    if unknown:
        raise InvalidInput(
            _("unknown value {value} for {option}").format(value=", ".join(unknown), option=option),
            _("choose from: {allowed}").format(allowed=", ".join(sorted(allowed))),
        )
    return chosen
