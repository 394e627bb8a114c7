"""Import batches: the list of `normdocs import` runs, and undoing one (撤回 of what it made).

Undoing withdraws, with an event naming the batch, each document the batch created that nothing
has touched since; a 文号 the batch gave a document that had none is taken back the same way. A
text the batch gave an existing document is not taken back: every text a document has had is
kept (text versions), so it is listed as not undone."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from normdocs.domain.errors import InvalidInput, NotFound, Refused
from normdocs.domain.stages import Stage
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.readmodels import ImportBatchView, UndoRow
from normdocs.store.retry import retrying

if TYPE_CHECKING:
    from normdocs.store.importing import BatchDocument, DocumentEvent, ImportBatchRow
    from normdocs.store.records import NewEvent

UNDONE_NUMBER = "document.number_import_undone"
WITHDRAWN = "document.withdrawn"


@dataclass
class UndoReport:
    batch_id: int
    rows: list[UndoRow] = field(default_factory=list)  # one per document, what became of it
    withdrawn: int = 0
    kept: int = 0
    numbers_removed: int = 0
    texts_kept: int = 0
    done: bool = False  # False: only shown (no --yes)


def batch_view(row: "ImportBatchRow") -> ImportBatchView:
    import json

    return ImportBatchView(
        id=row["id"],
        started_at=row["started_at"],
        actor=row["actor"],
        sources=json.loads(row["sources"]),
        new=row["new_count"],
        rejected=row["rejected_count"],
        undone_at=row["undone_at"],
        undone_reason=row["undone_reason"],
    )


def list_batches(ctx: AppContext) -> list[ImportBatchView]:
    from normdocs.store.engine import transaction
    from normdocs.store.importing import all_batches

    engine = ctx.engine(write=False)
    with transaction(engine, ctx.db) as session:
        return [batch_view(r) for r in all_batches(session)]


def _why_kept(
    document: "BatchDocument",
    events: "list[DocumentEvent]",
    batch_id: int,
    references: list[str],
) -> str | None:
    """Why a document of the batch is not withdrawn, or None when nothing has touched it."""
    if document["stage"] == Stage.WITHDRAWN.value:
        return _("already withdrawn")
    for event in events:
        if event["details"].get("import_batch") != batch_id:
            return _("changed since the import: {action} (event {id})").format(
                action=event["action"], id=event["id"]
            )
    for reference in references:
        kind, _sep, other = reference.partition(":")
        if kind == "cleanup":
            return _("in cleanup campaign {id}").format(id=other)
        if kind == "cited":
            return _("cited by document {id}").format(id=other)
        if kind == "amended":
            return _("amended by draft {id}").format(id=other)
        if kind == "acknowledged":
            return _("its finding {id} was acknowledged").format(id=other)
    return None


@retrying
def undo_batch(ctx: AppContext, batch_id: int, *, reason: str, yes: bool) -> UndoReport:
    """Withdraw what batch `batch_id` made and nothing touched since (each with an event naming
    the batch), take back the 文号 it gave, and mark the batch undone; without `yes`, only say
    what would be done."""
    from normdocs.store.engine import transaction
    from normdocs.store.importing import mark_batch_undone, withdraw_documents
    from normdocs.store.queries import one_writer_at_a_time
    from normdocs.store.records import append_events, utc
    from normdocs.store.search import forget_documents

    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("undoing an import needs its reason"), _("give it with --reason TEXT"))
    engine = ctx.engine(write=yes)
    with transaction(engine, ctx.db) as session:
        one_writer_at_a_time(session, "import")
        _batch_to_undo(session, batch_id)
        undo = _Undo(ctx, session, batch_id, reason, UndoReport(batch_id, done=yes))
        undo.withdraw_documents()
        undo.take_back_numbers(write=yes)
        if not yes:
            session.rollback()
            return undo.report
        withdraw_documents(session, undo.withdrawn)  # one UPDATE per 500, not one per document
        forget_documents(session, undo.withdrawn)
        append_events(session, undo.events)
        mark_batch_undone(session, batch_id, at=utc(undo.now), reason=reason)
    return undo.report


def _batch_to_undo(session: Any, batch_id: int) -> "ImportBatchRow":
    """The batch, refused when there is none or it was undone already."""
    from normdocs.store.importing import batch_by_id

    batch = batch_by_id(session, batch_id)
    if batch is None:
        raise NotFound(
            _("no import batch {id}").format(id=batch_id),
            _("see the batches with: normdocs import list"),
        )
    if batch["undone_at"] is not None:
        raise Refused(
            _("import batch {id} was undone already ({reason})").format(
                id=batch_id, reason=batch["undone_reason"]
            ),
            _("see what it did with: normdocs import list"),
            rule="undo-once",
        )
    return batch


class _Undo:
    """Undoing one batch: what becomes of each thing it made (the report) and the events that
    record it, all stamped with the same moment."""

    def __init__(
        self, ctx: AppContext, session: Any, batch_id: int, reason: str, report: UndoReport
    ) -> None:
        self.ctx = ctx
        self.session = session
        self.batch_id = batch_id
        self.reason = reason
        self.report = report
        self.now = ctx.now()
        self.events: list[NewEvent] = []
        self.documents: set[int] = set()  # the documents the batch created
        self.withdrawn: list[int] = []  # those withdrawn

    def withdraw_documents(self) -> None:
        """Each document the batch created is withdrawn, unless something touched it since."""
        from normdocs.store.importing import batch_documents, events_of_documents, references_to

        session, batch_id = self.session, self.batch_id
        documents = batch_documents(session, batch_id)
        ids = [d["id"] for d in documents]
        events: dict[int, list[DocumentEvent]] = {}
        for event in events_of_documents(session, ids):
            events.setdefault(event["document_id"], []).append(event)
        references = references_to(session, ids)
        self.documents = set(ids)
        for document in documents:
            own = [
                r
                for r in references.get(document["id"], [])
                # A citation from another document of the same batch goes with it.
                if not (r.startswith("cited:") and int(r.split(":")[1]) in self.documents)
            ]
            why = _why_kept(document, events.get(document["id"], []), batch_id, own)
            if why is None:
                self.report.withdrawn += 1
                self.withdrawn.append(document["id"])
                self.events.append(self._withdrawal(document))
            else:
                self.report.kept += 1
            self.report.rows.append(
                _row(
                    document["id"],
                    document["title"],
                    document["doc_number"],
                    "withdrawn" if why is None else "kept",
                    why,
                )
            )

    def _withdrawal(self, document: "BatchDocument") -> "NewEvent":
        return {
            "recorded_at": self.now,
            "actor": self.ctx.actor,
            "action": WITHDRAWN,
            "document_id": document["id"],
            "on_date": self.ctx.today(),
            "from_stage": document["stage"],
            "to_stage": Stage.WITHDRAWN.value,
            "details": {
                "reason": self.reason,
                "import_batch": self.batch_id,
                "undo": True,
                # The 文号 is released: a document imported again takes it.
                "doc_number_released": document["doc_number"],
            },
        }

    def take_back_numbers(self, *, write: bool) -> None:
        """The 文号 the batch gave documents it did not create are taken back (written only
        when `write`), unless something changed them since; the texts it gave them stay."""
        from normdocs.store.importing import batch_events_elsewhere, events_of_documents
        from normdocs.store.queries import update_document

        report = self.report
        for event in batch_events_elsewhere(self.session, self.batch_id):
            document_id = event["document_id"]
            if document_id in self.documents:
                continue
            if event["action"] == "document.text_imported":
                report.texts_kept += 1
                report.rows.append(
                    _row(
                        document_id,
                        None,
                        None,
                        "text_kept",
                        _("the text this batch added stays: every text a document has had is kept"),
                    )
                )
                continue
            later = [
                e for e in events_of_documents(self.session, [document_id]) if e["id"] > event["id"]
            ]
            number = event["details"].get("doc_number")
            if later:
                changed = _("changed since the import: {action} (event {id})").format(
                    action=later[0]["action"], id=later[0]["id"]
                )
                report.rows.append(_row(document_id, None, number, "number_kept", changed))
                continue
            report.numbers_removed += 1
            report.rows.append(_row(document_id, None, number, "number_removed"))
            if write:
                update_document(self.session, document_id, {"doc_number": None})
            self.events.append(
                {
                    "recorded_at": self.now,
                    "actor": self.ctx.actor,
                    "action": UNDONE_NUMBER,
                    "document_id": document_id,
                    "on_date": self.ctx.today(),
                    "details": {
                        "reason": self.reason,
                        "import_batch": self.batch_id,
                        "doc_number": number,
                    },
                }
            )


def _row(
    document_id: int,
    title: str | None,
    doc_number: str | None,
    outcome: str,
    reason: str | None = None,
) -> UndoRow:
    return UndoRow(
        document_id=document_id,
        title=title,
        doc_number=doc_number,
        outcome=outcome,
        reason=reason,
    )
