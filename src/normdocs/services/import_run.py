"""One import run across its chunks: each chunk's records are read, given their issuers, sorted
out against the registry and the batch so far, and the new ones written."""

from typing import Any

from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.import_duplicates import Duplicates
from normdocs.services.import_issuers import Issuers
from normdocs.services.import_reading import Candidate, derive, read_records
from normdocs.services.import_writing import Writer
from normdocs.services.importing import CONFLICT, NEW, REJECTED, ImportItem


class ImportRun:
    """The state of one import run across its chunks."""

    def __init__(
        self, ctx: AppContext, issuers: Issuers, *, stage: str, write: bool, sources: list[str]
    ) -> None:
        self.ctx = ctx
        self.session = session = issuers.session
        self.write = write
        self.items: list[ImportItem] = []
        self.issuers = issuers
        self.duplicates = Duplicates(session, self.issuers)
        self.writer = Writer(ctx, session, self.issuers, stage=stage)
        self.writer.sources = sources
        self.wrote = False
        self.any_rejected = False
        self.markers = ctx.profile.validity.interim_markers
        self.today = ctx.today()
        self.registration_nos: set[str] = set()  # 登记号 taken by earlier rows of this run

    @property
    def batch_id(self) -> int | None:
        return self.writer.batch_id

    def add(self, records: list[Any]) -> None:
        items, candidates = read_records(
            records, codes=self.issuers.codes, markers=self.markers, today=self.today
        )
        self.items.extend(items)
        self.issuers.resolve(candidates)
        self.duplicates.sort_out(candidates)
        new = [c for c in candidates if c.item.outcome == NEW]
        for candidate in new:
            derive(candidate, self.ctx.profile.validity, self.today)
            candidate.registration_no = self._registration_no(candidate)
        texts, numbers = self.duplicates.texts_to_add, self.duplicates.numbers_to_add
        if self.write and (new or texts or numbers):
            self.writer.open_batch()
            if new:
                self.writer.write_new(new)
            self.writer.add_texts(texts)
            self.writer.add_numbers(numbers)
            self.wrote = True
            texts.clear()
            numbers.clear()
        self.any_rejected = self.any_rejected or any(
            c.item.outcome in (REJECTED, CONFLICT) for c in candidates
        )

    def finish(self) -> None:
        """In-batch duplicates point at the document their twin became."""
        for duplicate, original in self.duplicates.same_as:
            duplicate.document_id = original.document_id
        for item in self.items:  # only a new document makes its issuer be registered
            if item.outcome != NEW:
                item.new_issuer_level = None
        self.any_rejected = any(i.outcome in (REJECTED, CONFLICT) for i in self.items)

    def close(self, *, committed: bool) -> None:
        """The batch row's counts and the indexes of a committed run; a run that is not
        committed forgets the ids it wrote (the caller rolls back)."""
        if committed:
            new = sum(1 for i in self.items if i.outcome == NEW)
            rejected = sum(1 for i in self.items if i.outcome in (REJECTED, CONFLICT))
            self.writer.close_batch(new=new, rejected=rejected)
            self.writer.restore_indexes()
            return
        for item in self.items:
            if item.outcome == NEW:
                item.document_id = None
        for duplicate, _original in self.duplicates.same_as:
            duplicate.document_id = None

    def new_issuers(self) -> list[tuple[str, str]]:
        """The agencies this run registers (or, in a dry run, would): those of its new items,
        with the level guessed from the name, in the order first met."""
        if self.write:
            return [(name, self.issuers.level(name)) for name in self.issuers.created]
        names = dict.fromkeys(
            name
            for i in self.items
            if i.outcome == NEW
            for name in (
                *([i.issuer] if i.new_issuer_level and i.issuer else []),
                *i.new_co_issuers,
            )
        )
        return [(name, self.issuers.level(name)) for name in names]

    def _registration_no(self, candidate: Candidate) -> str | None:
        """A register row's 登记号 (written in 备注) unless another document has it already."""
        number = candidate.found.registration_no
        if number is None:
            return None
        from normdocs.store.queries import documents_by_registration

        if number in self.registration_nos or documents_by_registration(self.session, number):
            candidate.item.notes = (
                *candidate.item.notes,
                _("登记号 {number} in 备注 is another document's: not recorded").format(
                    number=number
                ),
            )
            return None
        self.registration_nos.add(number)
        return number
