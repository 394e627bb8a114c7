"""Import's writes: the new documents with their texts, versions, co-issuers, citations, search
terms and events, in a few statements a chunk; and the texts and 文号 that duplicates bring to
documents that had none. Rows are built by column name (store.importing's row types)."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from normdocs.domain.duplicates import joined_titles
from normdocs.domain.extract import derive_validity
from normdocs.domain.json import JSONObject
from normdocs.domain.projection import text_digest
from normdocs.domain.stages import Stage
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.import_duplicates import NumberToAdd, TextToAdd
from normdocs.services.import_issuers import Issuers
from normdocs.services.import_reading import Candidate
from normdocs.services.importing import (
    CHUNK,
    IMPORT_ACTION,
    NUMBER_ACTION,
    TEXT_ACTION,
    VALIDITY_KEPT_ACTION,
    ImportItem,
)

if TYPE_CHECKING:
    from normdocs.store.importing import NewDocument
    from normdocs.store.records import NewEvent


class Writer:
    """The writes of one import run, all in its transaction, under its import_batch row."""

    def __init__(self, ctx: AppContext, session: Any, issuers: Issuers, *, stage: str) -> None:
        self.ctx = ctx
        self.session = session
        self.issuers = issuers
        self.stage = stage
        self.batch_id: int | None = None  # the import_batch row, made at the first write
        self.sources: list[str] = []
        self.registered: int | None = None  # documents in the registry before this run
        self.written = 0
        self.deferred_indexes: list[str] = []

    def open_batch(self) -> int:
        """The import_batch row of this run (made once, at its first write: a run that writes
        nothing leaves none)."""
        if self.batch_id is None:
            from normdocs.store.importing import insert_batch
            from normdocs.store.records import utc

            self.batch_id = insert_batch(
                self.session, started_at=utc(self.ctx.now()), actor=self.ctx.actor,
                sources=self.sources,
            )  # fmt: skip
        return self.batch_id

    def close_batch(self, *, new: int, rejected: int) -> None:
        from normdocs.store.importing import finish_batch

        if self.batch_id is not None:
            finish_batch(self.session, self.batch_id, new_count=new, rejected_count=rejected)

    # --- new documents ------------------------------------------------------------------

    def write_new(self, new: list[Candidate]) -> None:
        """The new documents of a chunk, with everything that comes with them."""
        from normdocs.store.importing import insert_documents

        now = self.ctx.now()
        self._defer_indexes_if_worth_it(len(new))
        issuer_ids = [self.issuers.register(c.issuer_key or "") for c in new]
        created_at = _utc(now)
        rows = [
            self._document_row(c, issuer_id, created_at)
            for c, issuer_id in zip(new, issuer_ids, strict=True)
        ]
        ids = insert_documents(self.session, rows)
        for c, document_id in zip(new, ids, strict=True):
            c.item.document_id = document_id
        self._write_texts_and_links(new, ids, now)

    def _document_row(self, c: Candidate, issuer_id: int, created_at: datetime) -> "NewDocument":
        from normdocs.store.importing import NewDocument

        found, item = c.found, c.item
        accepted = self.stage == Stage.FILING_ACCEPTED.value
        return NewDocument(
            title=found.title,
            interim=found.interim,
            stage=self.stage,
            origin="imported",
            doc_number=found.doc_number,
            promulgated_on=found.promulgated_on,
            effective_on=item.effective_on,
            expires_on=item.expires_on,
            validity_stated=item.validity_stated,
            ended_on=found.ended_on,
            end_reason=found.end_reason,
            registration_no=c.registration_no,
            filing_outcome="accepted" if accepted else None,
            issuer_id=issuer_id,
            created_at=created_at,
            import_batch_id=self.batch_id,
        )

    def _write_texts_and_links(self, new: list[Candidate], ids: list[int], now: datetime) -> None:
        from normdocs.services.basis import CitationBatch, record_citations
        from normdocs.store.importing import (
            NewTextVersion,
            TextRow,
            insert_text_versions,
            insert_texts,
        )
        from normdocs.store.records import append_events
        from normdocs.store.search import index_documents

        session = self.session
        insert_texts(
            session,
            [
                TextRow(document_id, c.text, c.item.label, c.hash)
                for c, document_id in zip(new, ids, strict=True)
                if c.text is not None
            ],
        )
        self._write_co_issuers(new)
        citations = CitationBatch(session)  # the chunk's, written together here
        for c in new:
            if c.text:
                record_citations(
                    session, document_id=c.item.document_id or 0, text=c.text,
                    on=c.found.promulgated_on, now=now, batch=citations,
                )  # fmt: skip
        citations.write()
        index_documents(
            session,
            [(c.item.document_id or 0, c.found.title or "", c.text or "") for c in new],
            new=True,
        )
        event_ids = append_events(session, [self._import_event(c, now) for c in new])
        kept = [c for c in new if c.default_expiry is not None]
        if kept:
            append_events(session, [self._validity_kept_event(c, now) for c in kept])
        # Each text is the document's version 1, brought by its import event.
        created_at = _utc(now)
        insert_text_versions(
            session,
            [
                NewTextVersion(
                    document_id=document_id,
                    version=1,
                    text=c.text,
                    source_name=c.item.label,
                    content_hash=c.hash,
                    event_id=event_id,
                    created_at=created_at,
                )
                for c, document_id, event_id in zip(new, ids, event_ids, strict=True)
                if c.text is not None
            ],
        )

    def _import_event(self, c: Candidate, now: datetime) -> "NewEvent":
        details = {**_event_details(c), "import_batch": self.batch_id}
        if c.found.co_issuers:
            details["co_issuers_registered"] = self.issuers.co_issuers(c)
        return {
            "recorded_at": now,
            "actor": self.ctx.actor,
            "action": IMPORT_ACTION,
            "document_id": c.item.document_id,
            "on_date": c.found.promulgated_on,
            "to_stage": self.stage,
            "details": details,
        }

    def _validity_kept_event(self, c: Candidate, now: datetime) -> "NewEvent":
        return {
            "recorded_at": now,
            "actor": self.ctx.actor,
            "action": VALIDITY_KEPT_ACTION,
            "document_id": c.item.document_id,
            "details": {
                "source": c.item.source,
                "row": c.row,
                "default_expires_on": _iso(c.default_expiry),
                "import_batch": self.batch_id,
            },
        }

    def _write_co_issuers(self, new: list[Candidate]) -> None:
        """The registered co-issuers become rows of document_co_issuer (the event keeps every
        name found, and which of them were registered)."""
        from normdocs.store.queries import add_co_issuers

        for c in new:
            joint = [self.issuers.register(name) for name in self.issuers.co_issuers(c)]
            if joint and c.item.document_id:
                add_co_issuers(self.session, c.item.document_id, joint)

    def _defer_indexes_if_worth_it(self, coming: int) -> None:
        """Once this run has written as many documents as half the registry held, the rest go
        in faster without the secondary indexes, which are built again at the end: building
        one over N rows costs about a third of updating it N times (benchmarks/import.py)."""
        from normdocs.store.importing import defer_document_indexes, document_count

        if self.registered is None:
            self.registered = document_count(self.session)
        self.written += coming
        if not self.deferred_indexes and self.written >= max(CHUNK, self.registered // 2):
            self.deferred_indexes = defer_document_indexes(self.session)

    def restore_indexes(self) -> None:
        if self.deferred_indexes:
            from normdocs.store.importing import restore_indexes

            restore_indexes(self.session, self.deferred_indexes)

    # --- what duplicates bring ----------------------------------------------------------

    def add_numbers(self, numbers: list[NumberToAdd]) -> None:
        """Write the 文号 found for documents that had none (domain.duplicates: ADDS_NUMBER)."""
        from normdocs.store.importing import set_missing_number

        now = self.ctx.now()
        for add in numbers:
            c = add.candidate
            target = c.item.document_id = _target(add.document_id, add.via)
            if set_missing_number(self.session, target, add.number):
                details = {"source": c.item.source, "row": c.row, "doc_number": add.number}
                self._record(NUMBER_ACTION, target, details, now)

    def add_texts(self, texts: list[TextToAdd]) -> None:
        """Write the texts found for documents that had none (domain.duplicates: ADDS_TEXT)."""
        from normdocs.services.basis import CitationBatch
        from normdocs.services.texts import keep_text
        from normdocs.store.queries import next_text_version

        now = self.ctx.now()
        citations = CitationBatch(self.session)  # the texts', written together below
        for add in texts:
            c = add.candidate
            target = c.item.document_id = _target(add.document_id, add.via)
            assert c.text is not None
            version = next_text_version(self.session, target)
            details: JSONObject = {
                "source": c.item.source,
                "format": c.kind,
                "content_hash": c.hash,
                "file_sha256": c.file_sha256,
                "text_sha256": text_digest(c.text),
                "paragraph": c.found.title_paragraph,
                "text_version": version,
            }
            details.update(self._adopt_stated_validity(c, target))
            titles = self._titles_joined(c, target)
            if titles is not None:
                details["title"], details["alternative_title"] = titles
            event_id = self._record(TEXT_ACTION, target, details, now)
            keep_text(
                self.session, document_id=target, text=c.text, source_name=c.item.label,
                content_hash=c.hash, version=version, event_id=event_id,
                on=c.found.promulgated_on, now=now, citations=citations,
            )  # fmt: skip
            if titles is not None:  # search finds the document by either title
                from normdocs.store.search import index_documents

                index_documents(self.session, [(target, " ".join(titles), c.text)])
        citations.write()

    def _adopt_stated_validity(self, c: Candidate, target: int) -> JSONObject:
        """The text's own 有效期 (or 施行 date) outranks the default a register row was given:
        what changed, for the event."""
        from normdocs.store.importing import adopt_stated_validity

        derived = derive_validity(c.found, self.ctx.profile.validity)
        if not derived.validity_stated or not adopt_stated_validity(
            self.session, target, derived.effective_on, derived.expires_on
        ):
            return {}
        return {
            "effective_on": derived.effective_on.isoformat(),
            "expires_on": _iso(derived.expires_on),
            "validity_stated": True,
        }

    def _titles_joined(self, c: Candidate, target: int) -> tuple[str, str] | None:
        """(title, alternative title) when a text joins a textless document of the same 文号
        under another title (domain.duplicates.joined_titles); the alternative is kept in the
        event, and in the search index's title terms: the document table has no column for it."""
        from normdocs.store.importing import set_title

        joined = joined_titles(c.found.title, c.joins_title, c.issuer_key or "")
        if joined is None:
            return None
        if joined.retitled:
            set_title(self.session, target, joined.title)
            if c.item.title is not None:
                c.item.notes = (
                    *c.item.notes,
                    _("the document's title is now the notice's; {title} is kept as its "
                      "alternative title").format(title=joined.alternative),
                )  # fmt: skip
        return joined.title, joined.alternative

    def _record(self, action: str, document_id: int, details: JSONObject, now: datetime) -> int:
        from normdocs.store.records import append_event

        return append_event(
            self.session,
            recorded_at=now,
            actor=self.ctx.actor,
            action=action,
            document_id=document_id,
            details={**details, "import_batch": self.batch_id},
        )


def _target(document_id: int | None, via: ImportItem | None) -> int:
    """The document a text or 文号 is added to: a registered one, or the one an earlier item of
    the batch became."""
    target = document_id if document_id is not None else (via.document_id if via else None)
    assert target is not None
    return target


def _utc(now: datetime) -> datetime:
    from normdocs.store.records import utc

    return utc(now)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _event_details(c: Candidate) -> JSONObject:
    """What the import event keeps of where the document came from and what was read."""
    found, item = c.found, c.item
    details: JSONObject = {
        "source": c.item.source,
        "content_hash": c.hash,
        "title": found.title,
        "doc_number": found.doc_number,
        "issuer": c.issuer_key,
        "issuer_from": found.issuer_from,
        "promulgated_on": _iso(found.promulgated_on),
        "effective_on": _iso(item.effective_on),
        "expires_on": _iso(item.expires_on),
        "validity_stated": item.validity_stated,
        "interim": found.interim,
    }
    if c.text is None:
        details["format"] = "register"
        details["row"] = c.row
        if c.kind:
            details["sheet"] = c.kind
    else:
        details["format"] = c.kind
        details["paragraph"] = found.title_paragraph
        details["file_sha256"] = c.file_sha256
        details["text_sha256"] = text_digest(c.text)
        details["text_version"] = 1
    if found.co_issuers:
        details["co_issuers"] = list(found.co_issuers)
    if found.end_reason:
        details.update(end_reason=found.end_reason, ended_on=_iso(found.ended_on))
    if c.item.notes:
        details["notes"] = list(c.item.notes)
    return details
