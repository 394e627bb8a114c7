"""Withdrawing (撤回) a document not yet promulgated: stage withdrawn, its history kept."""

from normdocs.domain.errors import InvalidInput, Refused
from normdocs.domain.stages import WITHDRAWABLE, Stage
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.readmodels import DocumentView
from normdocs.store.retry import retrying
from normdocs.store.rows import DocumentRow

WITHDRAWN = "document.withdrawn"


@retrying
def withdraw_document(ctx: AppContext, ref: str, *, reason: str) -> DocumentView:
    """Withdraw (撤回) a document not yet promulgated: stage withdrawn, with its history kept."""
    from normdocs.services.documents import document_view
    from normdocs.services.procedure import locked_document
    from normdocs.store.engine import transaction
    from normdocs.store.queries import document_by_id, update_document
    from normdocs.store.records import append_event
    from normdocs.store.search import forget_documents

    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            _("a withdrawal needs its reason"), _("give it with --reason TEXT (撤回理由)")
        )
    engine = ctx.engine()
    with transaction(engine, ctx.db) as session:
        row = locked_document(session, ref)
        _refuse_unwithdrawable(row)
        update_document(session, row["id"], {"stage": Stage.WITHDRAWN.value})
        forget_documents(session, [row["id"]])
        append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action=WITHDRAWN,
            document_id=row["id"],
            on_date=ctx.today(),
            from_stage=row["stage"],
            to_stage=Stage.WITHDRAWN.value,
            details={"reason": reason},
        )
        updated = document_by_id(session, row["id"])
    assert updated is not None
    return document_view(updated, ctx.today())


def _refuse_unwithdrawable(row: DocumentRow) -> None:
    """Only a document not yet promulgated is withdrawn, and once."""
    if row["stage"] == Stage.WITHDRAWN.value:
        raise Refused(
            _("document {id} is already withdrawn").format(id=row["id"]),
            _("see its record with: normdocs doc history {id}").format(id=row["id"]),
            rule="withdrawn-once",
        )
    if row["stage"] not in WITHDRAWABLE or row["promulgated_on"] is not None:
        raise Refused(
            _(
                "document {id} is promulgated ({stage}): only a document not yet promulgated"
                " can be withdrawn"
            ).format(id=row["id"], stage=_(row["stage"])),
            _(
                "a promulgated document ends through cleanup: normdocs cleanup decide"
                " CAMPAIGN {id} --outcome repeal --reason TEXT"
            ).format(id=row["id"]),
            rule="withdraw-before-promulgation",
        )
