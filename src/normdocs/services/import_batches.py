"""Import batches: the list of `normdocs import` runs, and undoing one (撤回 of what it made).

Undoing withdraws, with an event naming the batch, each document the batch created that nothing
has touched since; a 文号 the batch gave a document that had none is taken back the same way. A
text the batch gave an existing document is not taken back: every text a document has had is
kept (text versions), so it is listed as not undone."""

from dataclasses import dataclass, field
from typing import Any

from normdocs.domain.errors import InvalidInput, NotFound, Refused
from normdocs.domain.stages import Stage
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.readmodels import ImportBatchView, UndoRow
from normdocs.store.retry import retrying

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


def batch_view(row: dict[str, Any]) -> ImportBatchView:
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
    document: dict[str, Any],
    events: list[dict[str, Any]],
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
    from normdocs.store.importing import (
        batch_by_id,
        batch_documents,
        batch_events_elsewhere,
        events_of_documents,
        mark_batch_undone,
        references_to,
        withdraw_documents,
    )
    from normdocs.store.queries import one_writer_at_a_time, update_document
    from normdocs.store.records import append_events, utc
    from normdocs.store.search import forget_documents

    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("undoing an import needs its reason"), _("give it with --reason TEXT"))
    engine = ctx.engine(write=yes)
    with transaction(engine, ctx.db) as session:
        one_writer_at_a_time(session, "import")
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
        documents = batch_documents(session, batch_id)
        ids = [d["id"] for d in documents]
        events: dict[int, list[dict[str, Any]]] = {}
        for event in events_of_documents(session, ids):
            events.setdefault(event["document_id"], []).append(event)
        references = references_to(session, ids)
        batch_ids = set(ids)
        report = UndoReport(batch_id, done=yes)
        now = ctx.now()
        to_write: list[dict[str, Any]] = []
        for document in documents:
            own = [
                r
                for r in references.get(document["id"], [])
                # A citation from another document of the same batch goes with it.
                if not (r.startswith("cited:") and int(r.split(":")[1]) in batch_ids)
            ]
            why = _why_kept(document, events.get(document["id"], []), batch_id, own)
            if why is None:
                report.withdrawn += 1
                to_write.append(
                    {
                        "recorded_at": now,
                        "actor": ctx.actor,
                        "action": WITHDRAWN,
                        "document_id": document["id"],
                        "on_date": ctx.today(),
                        "from_stage": document["stage"],
                        "to_stage": Stage.WITHDRAWN.value,
                        "details": {"reason": reason, "import_batch": batch_id, "undo": True},
                    }
                )
            else:
                report.kept += 1
            report.rows.append(_row(document, "withdrawn" if why is None else "kept", why))

        for event in batch_events_elsewhere(session, batch_id):
            document_id = event["document_id"]
            if document_id in batch_ids:
                continue
            later = [
                e for e in events_of_documents(session, [document_id]) if e["id"] > event["id"]
            ]
            if event["action"] == "document.text_imported":
                report.texts_kept += 1
                report.rows.append(
                    _row(
                        {"id": document_id, "title": None, "doc_number": None},
                        "text_kept",
                        _("the text this batch added stays: every text a document has had is kept"),
                    )
                )
                continue
            number = event["details"].get("doc_number")
            if later:
                report.rows.append(
                    _row(
                        {"id": document_id, "title": None, "doc_number": number},
                        "number_kept",
                        _("changed since the import: {action} (event {id})").format(
                            action=later[0]["action"], id=later[0]["id"]
                        ),
                    )
                )
                continue
            report.numbers_removed += 1
            report.rows.append(
                _row({"id": document_id, "title": None, "doc_number": number}, "number_removed")
            )
            if yes:
                update_document(session, document_id, {"doc_number": None})
            to_write.append(
                {
                    "recorded_at": now,
                    "actor": ctx.actor,
                    "action": UNDONE_NUMBER,
                    "document_id": document_id,
                    "on_date": ctx.today(),
                    "details": {"reason": reason, "import_batch": batch_id, "doc_number": number},
                }
            )
        if not yes:
            session.rollback()
            return report
        withdrawn = [e["document_id"] for e in to_write if e["action"] == WITHDRAWN]
        withdraw_documents(session, withdrawn)  # one UPDATE per 500, not one per document
        forget_documents(session, withdrawn)
        append_events(session, to_write)
        mark_batch_undone(session, batch_id, at=utc(now), reason=reason)
    return report


def _row(document: dict[str, Any], outcome: str, reason: str | None = None) -> UndoRow:
    return UndoRow(
        document_id=document["id"],
        title=document.get("title"),
        doc_number=document.get("doc_number"),
        outcome=outcome,
        reason=reason,
    )
