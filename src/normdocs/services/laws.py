"""Superior law (上位法): find, add, amend, repeal, list, show, and basis links by hand.

An amendment keeps the old text as a version: it adds a version row promulgated on the day of
the amendment and marks the previous one superseded. An amendment or a repeal flags at once,
for instant cleanup (即时清理), every live document that rests on any version of the law
(services.law_flags). A law list is loaded by services.law_import; a version recorded wrongly
is corrected by services.law_corrections.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, TypedDict

from normdocs.domain.errors import Duplicate, InvalidInput, NotFound, Refused
from normdocs.domain.json import JSONObject
from normdocs.domain.lawtitles import (
    LEVELS,
    STATUSES,
    LawVersion,
    Lookup,
    clean_title,
    default_short_title,
    latest_version,
    law_number,
    match_key,
    normalise_level,
)
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.readmodels import (
    CitationView,
    LawAmended,
    LawFlag,
    LawRepealed,
    LawShown,
    LawVersionView,
    LawView,
    RestingDocument,
    UnresolvedCitation,
)
from normdocs.store.law_rows import CitationRow, LawRow, LawValues
from normdocs.store.retry import retrying

AMENDED = "amended"
REPEALED = "repealed"


class LawAdded(TypedDict):
    """A law registered by hand (law add): its version, and the earlier citations it answers."""

    law: LawView
    resolved_citations: int


def law_view(row: LawRow) -> LawView:
    """A law version as shown and written as JSON."""
    return LawView(
        id=row["id"],
        title=row["title"],
        short_title=row["short_title"],
        level=row["level"],
        doc_number=row["doc_number"],
        promulgated_on=row["promulgated_on"],
        effective_on=row["effective_on"],
        status=row["status"],
        amended_on=row["amended_on"],
        repealed_on=row["repealed_on"],
    )


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
        number = law_number(title)
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


# --- add, amend, repeal -------------------------------------------------------------------


@contextmanager
def changing_laws(ctx: AppContext) -> Iterator[Any]:
    """The transaction of a change of the laws or of the bases resting on them. Such changes are
    made one at a time (PostgreSQL): each reads the versions and links the one before left."""
    from normdocs.store.engine import transaction
    from normdocs.store.queries import one_writer_at_a_time

    with transaction(ctx.engine(), ctx.db) as session:
        one_writer_at_a_time(session, "laws")
        yield session


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
) -> LawAdded:
    """Register a law not in the national list: 地方性法规, 规章, or a higher normative document
    known by its 文号. Citations that named it and were unresolved now point at it."""
    from normdocs.services.basis import forget_law_index, resolve_pending
    from normdocs.store.laws import insert_law, law_by_id
    from normdocs.store.records import append_event, utc

    values = _new_law(title, level, number, promulgated, effective, short_title)
    with changing_laws(ctx) as session:
        _refuse_if_registered(session, values["match_key"], values["doc_number"])
        law_id = insert_law(session, {**values, "created_at": utc(ctx.now())})
        forget_law_index(session)
        # The citations the new law answers are written here, in this transaction.
        resolved = resolve_pending(session)
        append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action="law.add",
            on_date=ctx.today(),
            details={**_added_facts(values), "law_id": law_id, "resolved_citations": resolved},
        )
        row = law_by_id(session, law_id)
    assert row is not None
    return {"law": law_view(row), "resolved_citations": resolved}


def _new_law(
    title: str,
    level: str,
    number: str | None,
    promulgated: date | None,
    effective: date | None,
    short_title: str | None,
) -> LawValues:
    """The columns of a law added by hand, its facts checked."""
    title = clean_title(title)
    if not match_key(title):
        raise InvalidInput(_("a law needs a title"), None)
    chosen = normalise_level(level)
    if chosen is None:
        raise InvalidInput(
            _("unknown level {level}").format(level=level),
            _("choose from: {levels}").format(levels=", ".join(LEVELS)),
        )
    doc_number = law_number(number) if number is not None else None
    if number is not None and doc_number is None:
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
    return {
        "title": title,
        "short_title": clean_title(short_title or "") or default_short_title(title),
        "match_key": match_key(title),
        "level": chosen,
        "doc_number": doc_number,
        "promulgated_on": promulgated,
        "effective_on": effective,
        "status": "in_force",
        "history": None,
    }


def _refuse_if_registered(session: Any, key: str, doc_number: str | None) -> None:
    from normdocs.services.basis import law_index

    index = law_index(session)
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


@retrying
def amend_law(
    ctx: AppContext,
    *,
    title: str,
    on: date,
    note: str | None = None,
    effective: date | None = None,
) -> LawAmended:
    """Record an amendment on `on`: a new version promulgated that day, the previous one
    superseded, and every live document resting on the law flagged for instant cleanup."""
    from normdocs.services.law_flags import change_and_flag
    from normdocs.store.laws import insert_law, law_by_id
    from normdocs.store.records import utc

    note = _checked_change(
        ctx,
        on,
        effective,
        note,
        _("the effective date {effective} is before the amendment on {on}"),
    )
    with changing_laws(ctx) as session:
        current = _current_version(session, title)
        row = law_by_id(session, current.id)
        assert row is not None
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
        new_id = insert_law(
            session, {**_amended(row, on, effective, note), "created_at": utc(ctx.now())}
        )
        previous, flagged = change_and_flag(
            ctx,
            session,
            current.id,
            {"status": "superseded", "amended_on": on},
            reason=AMENDED,
            on=on,
            effective=effective or on,
            action="law.amend",
            details={
                "law_id": new_id,
                "previous_law_id": current.id,
                "title": row["title"],
                "note": note,
                "effective_on": _iso(effective),
            },
        )
        new_row = law_by_id(session, new_id)
    assert new_row is not None
    return LawAmended(law=law_view(new_row), previous=law_view(previous), flagged=flagged)


@retrying
def repeal_law(
    ctx: AppContext,
    *,
    title: str,
    on: date,
    note: str | None = None,
    effective: date | None = None,
) -> LawRepealed:
    """Record a repeal promulgated on `on` that takes effect on `effective` (default that day;
    the law's repealed_on) and flag every live document resting on the law."""
    from normdocs.services.law_flags import change_and_flag

    note = _checked_change(
        ctx, on, effective, note, _("the effective date {effective} is before the repeal on {on}")
    )
    takes_effect = effective or on
    with changing_laws(ctx) as session:
        current = _current_version(session, title)
        if current.promulgated_on is not None and on < current.promulgated_on:
            raise Refused(
                _("{title} cannot be repealed on {on}, before its version of {version}").format(
                    title=current.title, on=on, version=current.promulgated_on
                ),
                _("check --date"),
                rule="repeal-after-current-version",
            )
        row, flagged = change_and_flag(
            ctx,
            session,
            current.id,
            {"status": "repealed", "repealed_on": takes_effect},
            reason=REPEALED,
            on=on,
            effective=takes_effect,
            action="law.repeal",
            details={
                "law_id": current.id,
                "title": current.title,
                "note": note,
                "effective_on": takes_effect.isoformat(),
            },
        )
    return LawRepealed(law=law_view(row), flagged=flagged)


def _amended(row: LawRow, on: date, effective: date | None, note: str | None) -> LawValues:
    """The new version an amendment on `on` makes of the law version `row`; its history says so."""
    entry = f"{on.year}年{on.month}月{on.day}日 修正" + (f"（{note}）" if note else "")
    return {
        "title": row["title"],
        "short_title": row["short_title"],
        "match_key": row["match_key"],
        "level": row["level"],
        "doc_number": None,
        "promulgated_on": on,
        "effective_on": effective,
        "status": "in_force",
        "history": " | ".join(x for x in (row["history"], entry) if x),
    }


def _checked_change(
    ctx: AppContext, on: date, effective: date | None, note: str | None, before: str
) -> str | None:
    """The note of an amendment or repeal, which is not dated after today nor takes effect
    before its date (`before` says so, with the dates)."""
    from normdocs.domain.workflow import refuse_after_today

    refuse_after_today(on, ctx.today())
    if effective is not None and effective < on:
        raise InvalidInput(
            before.format(effective=effective, on=on), _("check --effective and --date")
        )
    return (note or "").strip() or None


def _current_version(session: Any, title: str) -> LawVersion:
    """The latest version of the law `title` names; refused if the law was repealed."""
    current = latest_version(find_law(session, title).versions)
    if current.status == "repealed":
        raise Refused(
            _("{title} has been repealed").format(title=current.title),
            _("a repealed law is neither amended nor repealed again; see: normdocs law show TITLE"),
            rule="law-repealed",
        )
    return current


# --- list, show ---------------------------------------------------------------------------


def list_laws(
    ctx: AppContext,
    *,
    level: str | None = None,
    status: str | None = None,
    title: str | None = None,
) -> list[LawView]:
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


def show_law(ctx: AppContext, title: str) -> LawShown:
    """A law: all its versions (newest last), the documents resting on each, and its flags."""
    from normdocs.services.documents import validity_of
    from normdocs.store.engine import transaction
    from normdocs.store.laws import citing_counts, documents_citing, flags_for_laws, laws_by_key

    with transaction(ctx.engine(write=False), ctx.db) as session:
        found = find_law(session, title)
        versions = laws_by_key(session, found.versions[0].match_key)
        ids = [v["id"] for v in versions]
        counts = citing_counts(session, ids)
        citing = documents_citing(session, ids)
        flags = flags_for_laws(session, ids)
    by_id = {v["id"]: v for v in versions}
    today = ctx.today()
    documents = [
        RestingDocument(
            id=d["id"],
            title=d["title"],
            issuer=d["issuer"],
            doc_number=d["doc_number"],
            validity=validity_of(d, today),
            version=by_id[d["law_id"]]["promulgated_on"],
            article=d["article"],
            origin=d["origin"],
        )
        for d in citing
    ]
    current = latest_version([_version(v) for v in versions])
    return LawShown(
        law=law_view(by_id[current.id]),
        versions=[
            LawVersionView(**law_view(v).model_dump(), documents=counts.get(v["id"], 0))
            for v in versions
        ],
        documents=documents,
        flags=[
            LawFlag(
                document_id=f["document_id"],
                law_id=f["law_id"],
                reason=f["reason"],
                flagged_on=f["flagged_on"],
                effective_on=f["effective_on"],
                pending=f["effective_on"] is not None and f["effective_on"] > today,
                campaign_id=f["campaign_id"],
            )
            for f in flags
        ],
    )


def _version(row: LawRow) -> LawVersion:
    from normdocs.services.basis import law_version

    return law_version(row)


# --- a document's citations --------------------------------------------------------------


def document_citations(ctx: AppContext, ref: str) -> list[CitationView]:
    """What a document cites: each basis link, resolved to a law version or a document, or not."""
    from normdocs.services.documents import resolve_document
    from normdocs.store.engine import transaction
    from normdocs.store.laws import basis_of_document

    with transaction(ctx.engine(write=False), ctx.db) as session:
        document = resolve_document(session, ref)
        rows = basis_of_document(session, document["id"])
    return [citation_view(document["id"], r) for r in rows]


def citation_view(document_id: int, row: CitationRow) -> CitationView:
    if row["law_id"] is not None:
        version = _iso(row["law_promulgated_on"])
        resolved = f"{row['law_title']} ({version})" if version else row["law_title"]
    elif row["cited_document_id"] is not None:
        resolved = _("document {id}").format(id=row["cited_document_id"])
        if row["cited_title"]:
            resolved += f" {row['cited_title']}"
    else:
        resolved = None
    return CitationView(
        document_id=document_id,
        basis_id=row["id"],
        kind=row["kind"],
        citation=row["citation"],
        article=row["article"],
        cited_number=row["cited_number"],
        origin=row["origin"],
        resolved=resolved is not None,
        resolved_to=resolved,
        law_id=row["law_id"],
        law_version=row["law_promulgated_on"],
        law_status=row["law_status"],
        cited_document_id=row["cited_document_id"],
    )


def unresolved_citations(ctx: AppContext) -> list[UnresolvedCitation]:
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
            grouped.setdefault((row["kind"], row["citation"]), []).append(row["document_id"])
        result = []
        for (kind, citation), documents in sorted(grouped.items(), key=lambda x: x[0][1]):
            near = index.near(citation, limit=3) if kind == "law" else []
            result.append(
                UnresolvedCitation(
                    kind=kind,
                    citation=citation,
                    documents=len(set(documents)),
                    document_ids=sorted(set(documents)),
                    near="; ".join(near) or None,
                )
            )
    return result


def _added_facts(values: LawValues) -> JSONObject:
    """The columns of a law added by hand as its law.add event records them (not its history)."""
    return {
        k: (v.isoformat() if isinstance(v, date) else v)
        for k, v in values.items()
        if k != "history"
    }
