"""`normdocs import`: an office's existing documents and registers into the registry, each item
ending as new, unchanged duplicate, conflicting duplicate or rejected — in one transaction.

Items are read, checked and written in chunks, so that a register of 100,000 rows or a folder
of thousands of Word files never sits in memory whole; the transaction still spans the run, so
--all-or-nothing and failures roll everything back.
"""

import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normdocs.domain.errors import InvalidInput
from normdocs.domain.stages import IssuerLevel, Stage
from normdocs.i18n import _
from normdocs.services.bulk import collector_paused
from normdocs.services.context import AppContext
from normdocs.services.readmodels import ImportItemView
from normdocs.store.retry import refusing_lost_races

if TYPE_CHECKING:
    from normdocs.services.import_run import ImportRun

NEW = "new"
UNCHANGED = "unchanged_duplicate"
CONFLICT = "conflicting_duplicate"
REJECTED = "rejected"
OUTCOMES = (NEW, UNCHANGED, CONFLICT, REJECTED)
# An imported document was promulgated elsewhere; only these stages describe it.
IMPORT_STAGES = (Stage.PROMULGATED.value, Stage.FILED.value, Stage.FILING_ACCEPTED.value)
IMPORT_ACTION = "document.import"
# A text imported for a document registered without one (from a register row).
TEXT_ACTION = "document.text_imported"
# A 文号 imported for a document registered without one (a page that left it out).
NUMBER_ACTION = "document.number_imported"
# A register row said 有效 where the default validity period had ended the document: it was kept
# in force, "validity not stated", and the audit asks a cleanup to decide (register-validity-
# disagrees). The event keeps the expiry the default would have given.
VALIDITY_KEPT_ACTION = "document.register_validity_kept"
CHUNK = 2000
# A chunk also ends once its texts reach this many characters: a chunk's texts are all in memory
# with their search-index form (≈ 3 characters for each), so 2,000 long documents, each under
# the profile's max_text_chars, are not one chunk (30 texts of 400,000 characters took 354 MB).
CHUNK_TEXT_CHARS = 4_000_000
Progress = Callable[[int, int, int], None]  # (files read, files in all, items done)


@dataclass(slots=True)
class ImportItem:
    """One document or register row and what became of it."""

    source: str
    location: str | None
    outcome: str = NEW
    reason: str | None = None
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    promulgated_on: date | None = None
    effective_on: date | None = None
    expires_on: date | None = None
    validity_stated: bool = False
    document_id: int | None = None
    notes: tuple[str, ...] = ()
    # The level of the agency --create-issuers registers (or, in a dry run, would) for its issuer.
    new_issuer_level: str | None = None
    # The co-issuers --create-issuers registers for it (or, in a dry run, would).
    new_co_issuers: tuple[str, ...] = ()

    def view(self) -> ImportItemView:
        """The item as shown and written as JSON."""
        return ImportItemView(
            source=self.source,
            location=self.location,
            outcome=self.outcome,
            reason=self.reason,
            document_id=self.document_id,
            title=self.title,
            doc_number=self.doc_number,
            issuer=self.issuer,
            promulgated_on=self.promulgated_on,
            effective_on=self.effective_on,
            expires_on=self.expires_on,
            validity_stated=self.validity_stated,
            notes="; ".join(self.notes) or None,
            new_issuer_level=self.new_issuer_level,
        )

    @property
    def label(self) -> str:
        return f"{self.source} ({self.location})" if self.location else self.source


@dataclass
class ImportReport:
    items: list[ImportItem]
    committed: bool
    dry_run: bool
    created_issuers: list[str] = field(default_factory=list)
    # The agencies --create-issuers registered, or in a dry run would: (name, guessed level).
    new_issuers: list[tuple[str, str]] = field(default_factory=list)
    all_or_nothing: bool = False
    batch_id: int | None = None  # the import_batch row of a committed run (import undo BATCH)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(OUTCOMES, 0)
        for item in self.items:
            counts[item.outcome] += 1
        return counts

    @property
    def rejected(self) -> list[ImportItem]:
        return [i for i in self.items if i.outcome in (REJECTED, CONFLICT)]


def guess_level(name: str) -> str:
    """An unknown issuer's level from its name: 人民政府, 行政公署 and their 办公室 → government
    (domain.extract.issuer_level: a Party office is not one)."""
    from normdocs.domain.extract import issuer_level

    return IssuerLevel(issuer_level(name)).value


@refusing_lost_races  # not run again: it reads every file and writes the rejects file
def import_documents(
    ctx: AppContext,
    paths: list[Path],
    *,
    dry_run: bool = False,
    issuer: str | None = None,
    stage: str = Stage.PROMULGATED.value,
    create_issuers: bool = False,
    all_or_nothing: bool = False,
    mapping: list[str] | None = None,
    progress: Progress | None = None,
    before_commit: Callable[[list[ImportItem]], None] | None = None,
) -> ImportReport:
    """Read every file under `paths` and register the valid, new documents in one transaction.

    Nothing is written when `dry_run`, or when `all_or_nothing` and any item is rejected.
    `before_commit` gets every item once all are decided, before the commit: what it must not
    fail to write (the rejects file) is written then, and if it raises nothing is committed.
    """
    from normdocs.importers.register import parse_mapping
    from normdocs.importers.sources import collect, count_files
    from normdocs.store.engine import transaction

    _check_arguments(stage, paths)
    columns = parse_mapping(list(mapping or []))
    limits = ctx.profile.import_
    engine = ctx.engine(write=not dry_run)
    files = _FilesRead(progress, count_files(paths) if progress else 0)

    with collector_paused(), transaction(engine, ctx.db) as session:
        batch = _start_run(
            ctx, session, paths, issuer=issuer, create_issuers=create_issuers, stage=stage,
            write=not dry_run,
        )  # fmt: skip
        files.items = batch.items
        for chunk in _chunks(collect(paths, limits, columns, on_file=files.one_read), CHUNK):
            batch.add(chunk)
            files.report()  # a register of many rows is one file: count its items too
        batch.finish()
        committed = not dry_run and not (all_or_nothing and batch.any_rejected) and batch.wrote
        batch.close(committed=committed)
        if not committed:
            session.rollback()  # which puts back any index dropped for the load, too
        if before_commit is not None:
            before_commit(batch.items)
    return ImportReport(
        batch.items,
        committed=committed,
        dry_run=dry_run,
        created_issuers=batch.issuers.created if committed else [],
        new_issuers=batch.new_issuers() if committed or dry_run else [],
        all_or_nothing=all_or_nothing,
        batch_id=batch.batch_id if committed else None,
    )


def _start_run(
    ctx: AppContext,
    session: Any,
    paths: list[Path],
    *,
    issuer: str | None,
    create_issuers: bool,
    stage: str,
    write: bool,
) -> "ImportRun":
    """An import run on this transaction, set up for a bulk load, holding the import lock,
    knowing the registered agencies (and --issuer's, which must be one of them)."""
    from normdocs.services.agencies import find_agency
    from normdocs.services.import_issuers import Issuers
    from normdocs.services.import_run import ImportRun
    from normdocs.store.importing import agencies, prepare_bulk_load
    from normdocs.store.queries import one_writer_at_a_time

    prepare_bulk_load(session)
    # One import at a time (PostgreSQL): a second one finds what the first registered.
    one_writer_at_a_time(session, "import")
    forced = find_agency(session, issuer.strip())["name"] if issuer is not None else None
    known = {a["name"]: a for a in agencies(session)}
    issuers = Issuers(ctx, session, known, forced=forced, create=create_issuers)
    sources = [str(path) for path in paths]
    return ImportRun(ctx, issuers, stage=stage, write=write, sources=sources)


def _check_arguments(stage: str, paths: list[Path]) -> None:
    if stage not in IMPORT_STAGES:
        raise InvalidInput(
            _("--stage {stage}: an imported document can only enter as {allowed}").format(
                stage=stage, allowed=", ".join(IMPORT_STAGES)
            ),
            _("documents still in procedure are registered with normdocs doc new"),
        )
    if not paths:
        raise InvalidInput(_("no path given"), _("give files or folders to import"))


@dataclass
class _FilesRead:
    """The progress of a run: files read of all, and items done."""

    progress: Progress | None
    total: int
    done: int = 0
    items: list[ImportItem] = field(default_factory=list)

    def one_read(self) -> None:
        self.done += 1
        # The collector is paused for the run (collector_paused), but reading a file can leave
        # garbage in cycles (pypdf's readers do, ≈ 12 MB a PDF): what the file made is still in
        # the youngest generation, so collecting that one frees it, and looks at each object
        # once at most (survivors move on to an older generation that is not collected).
        gc.collect(0)
        self.report()

    def report(self) -> None:
        if self.progress:
            self.progress(self.done, self.total, len(self.items))


def _chunks(
    records: Iterable[Any], size: int, text_chars: int = CHUNK_TEXT_CHARS
) -> Iterator[list[Any]]:
    """Lists of `size` records, or fewer once their texts reach `text_chars` characters."""
    chunk: list[Any] = []
    chars = 0
    for record in records:
        chunk.append(record)
        text = getattr(record, "text", None)
        if text:
            chars += len(text)
        if len(chunk) >= size or chars >= text_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk
