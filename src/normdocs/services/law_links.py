"""`law link`: a basis (制定依据) recorded by hand — a document rests on a law, perhaps on one
article — or an unresolved citation of the document pointed at the law it meant."""

from datetime import date
from typing import Any, TypedDict

from normdocs.domain.citations import normal_article
from normdocs.domain.errors import Duplicate, InvalidInput, NotFound
from normdocs.domain.lawtitles import LawVersion, clean_title, match_key, version_on
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.store.retry import retrying


class LawLinked(TypedDict):
    """A basis recorded by hand (law link): the document, the law version it now rests on, and
    the basis row (a new one, or the citation it resolved)."""

    document_id: int
    law_id: int
    law: str
    version: str | None
    article: str | None
    basis_id: int


@retrying
def link_law(
    ctx: AppContext,
    ref: str,
    title: str,
    *,
    article: str | None = None,
    citation: str | None = None,
) -> LawLinked:
    """Record by hand that document `ref` rests on law `title` (origin manual), on the version
    in force when the document was promulgated (today for a draft). With `citation`, the link
    resolves that unresolved citation of the document instead of adding a new one."""
    from normdocs.services.documents import resolve_document
    from normdocs.services.laws import changing_laws, find_law
    from normdocs.store.records import append_event

    article = _check_article(article)
    with changing_laws(ctx) as session:
        document = resolve_document(session, ref)
        found = find_law(session, title)
        version = version_on(found.versions, document["promulgated_on"] or ctx.today())
        if citation is not None:
            basis_id = _resolve_citation(session, document["id"], citation, version)
        else:
            basis_id = _add_basis(ctx, session, document["id"], found.versions, version, article)
        linked: LawLinked = {
            "document_id": document["id"],
            "law_id": version.id,
            "law": version.title,
            "version": _iso(version.promulgated_on),
            "article": article,
            "basis_id": basis_id,
        }
        # The event names the document in its own column, not in its details.
        facts = {k: v for k, v in linked.items() if k != "document_id"}
        append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action="basis.link",
            document_id=document["id"],
            on_date=ctx.today(),
            details={**facts, "resolves": citation},
        )
    return linked


def _resolve_citation(session: Any, document_id: int, citation: str, version: LawVersion) -> int:
    """Point the document's unresolved citations named `citation` at `version`; the first one's id."""
    from normdocs.store.laws import resolve_basis_rows, unresolved_basis

    wanted = clean_title(citation)
    pending = [
        r
        for r in unresolved_basis(session, document_id=document_id)
        if clean_title(r["citation"]) == wanted or match_key(r["citation"]) == match_key(citation)
    ]
    if not pending:
        raise NotFound(
            _("document {id} has no unresolved citation {citation}").format(
                id=document_id, citation=citation
            ),
            _("see its citations with: normdocs law citations {id}").format(id=document_id),
        )
    resolve_basis_rows(
        session,
        [
            {"b_id": r["id"], "law_id": version.id, "cited_id": None, "b_kind": "law"}
            for r in pending
        ],
    )
    return int(pending[0]["id"])


def _add_basis(
    ctx: AppContext,
    session: Any,
    document_id: int,
    versions: tuple[LawVersion, ...],
    version: LawVersion,
    article: str | None,
) -> int:
    """A manual basis row on `version`; refused if the document already rests on the law (any
    version) and article."""
    from normdocs.store.laws import basis_exists, insert_basis_row
    from normdocs.store.records import utc

    if basis_exists(session, document_id, [v.id for v in versions], article):
        raise Duplicate(
            _("document {id} already rests on {title}{article}").format(
                id=document_id, title=version.title, article=article or ""
            ),
            _("see its citations with: normdocs law citations {id}").format(id=document_id),
        )
    return insert_basis_row(
        session,
        {
            "document_id": document_id,
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


def _check_article(article: str | None) -> str | None:
    if article is None:
        return None
    normal = normal_article(article)
    if normal is None:
        raise InvalidInput(
            _("“{article}” is not an article such as 第十七条 or 第10条第4款").format(
                article=article
            ),
            _("give --article like 第十七条"),
        )
    return normal


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
