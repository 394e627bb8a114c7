"""`normdocs import`: an office's existing documents and registers into the registry, each item
ending as new, unchanged duplicate, conflicting duplicate or rejected — in one transaction.

Items are read, checked and written in chunks, so that a register of 100,000 rows or a folder
of thousands of Word files never sits in memory whole; the transaction still spans the run, so
--all-or-nothing and failures roll everything back.
"""

import gc
import hashlib
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from normdocs.domain.errors import InvalidInput
from normdocs.domain.extract import (
    Extracted,
    derive_validity,
    issuer_name_problem,
    substance_hash,
    text_hashes,
)
from normdocs.domain.projection import text_digest
from normdocs.domain.stages import IssuerLevel, Stage
from normdocs.i18n import _, render
from normdocs.services.bulk import collector_paused
from normdocs.services.context import AppContext
from normdocs.services.readmodels import ImportItemView
from normdocs.store.retry import refusing_lost_races

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
# The columns an imported document is written with, in the order of _Candidate.values, then
# its issuer and creation time.
DOCUMENT_COLUMNS = (
    "title",
    "interim",
    "stage",
    "origin",
    "doc_number",
    "promulgated_on",
    "effective_on",
    "expires_on",
    "validity_stated",
    "ended_on",
    "end_reason",
    "registration_no",
    "filing_outcome",
    "review_emergency",
    "review_late",
    "revision_recorded",
    "filed_late",
    "awaiting_amendment",
    "issuer_id",
    "created_at",
    "import_batch_id",
)

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


@dataclass(slots=True)
class _Candidate:
    """An item on its way: what was read and what it will be written as."""

    item: ImportItem
    found: Extracted
    text: str | None
    hash: str
    kind: str
    row: int | None
    file_sha256: str | None = None
    issuer_key: str | None = None  # the agency name it resolves to
    substance: str | None = None  # substance_hash of the text
    values: tuple[Any, ...] = ()  # the document's columns (DOCUMENT_COLUMNS without the last two)
    default_expiry: date | None = None  # the default's expiry a register's 有效 contradicted
    joins_title: str | None = None  # the title of the textless document this text joins


@dataclass(slots=True)
class _Seen:
    """What the rest of the batch needs to know of an earlier item (not its text)."""

    item: ImportItem
    hash: str | None  # of the text; None for a register row
    title: str | None
    substance: str | None = None  # of the text without web-page clutter


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

    if stage not in IMPORT_STAGES:
        raise InvalidInput(
            _("--stage {stage}: an imported document can only enter as {allowed}").format(
                stage=stage, allowed=", ".join(IMPORT_STAGES)
            ),
            _("documents still in procedure are registered with normdocs doc new"),
        )
    if not paths:
        raise InvalidInput(_("no path given"), _("give files or folders to import"))
    columns = parse_mapping(list(mapping or []))
    limits = ctx.profile.import_
    engine = ctx.engine(write=not dry_run)

    total = count_files(paths) if progress else 0
    done = 0

    def file_read() -> None:
        nonlocal done
        done += 1
        # The collector is paused for the run (collector_paused), but reading a file can leave
        # garbage in cycles (pypdf's readers do, ≈ 12 MB a PDF): what the file made is still in
        # the youngest generation, so collecting that one frees it, and looks at each object
        # once at most (survivors move on to an older generation that is not collected).
        gc.collect(0)
        if progress:
            progress(done, total, len(batch.items))

    with collector_paused(), transaction(engine, ctx.db) as session:
        from normdocs.services.agencies import find_agency
        from normdocs.store.importing import agencies, prepare_bulk_load

        prepare_bulk_load(session)
        # One import at a time (PostgreSQL): a second one finds what the first registered.
        from normdocs.store.queries import one_writer_at_a_time

        one_writer_at_a_time(session, "import")

        forced = find_agency(session, issuer.strip())["name"] if issuer is not None else None
        batch = _Batch(
            ctx,
            session,
            {a["name"]: a for a in agencies(session)},
            forced=forced,
            create=create_issuers,
            stage=stage,
            write=not dry_run,
        )
        batch.sources = [str(path) for path in paths]
        for chunk in _chunks(collect(paths, limits, columns, on_file=file_read), CHUNK):
            batch.add(chunk)
            if progress:  # a register of many rows is one file: count its items too
                progress(done, total, len(batch.items))
        batch.finish()
        committed = not dry_run and not (all_or_nothing and batch.any_rejected) and batch.wrote
        if committed:
            batch.close_batch()
        if not committed:
            session.rollback()  # which puts back any index dropped for the load, too
            batch.forget_writes()
        elif batch.deferred_indexes:
            from normdocs.store.importing import restore_indexes

            restore_indexes(session, batch.deferred_indexes)
        if before_commit is not None:
            before_commit(batch.items)
    return ImportReport(
        batch.items,
        committed=committed,
        dry_run=dry_run,
        created_issuers=batch.created if committed else [],
        new_issuers=batch.new_issuers() if committed or dry_run else [],
        all_or_nothing=all_or_nothing,
        batch_id=batch.batch_id if committed else None,
    )


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


class _Batch:
    """The state of one import run across its chunks."""

    def __init__(
        self,
        ctx: AppContext,
        session: Any,
        known: dict[str, dict[str, Any]],
        *,
        forced: str | None,
        create: bool,
        stage: str,
        write: bool,
    ) -> None:
        self.ctx = ctx
        self.session = session
        self.known = known
        self.codes = {a["code"]: a["name"] for a in known.values() if a["code"]}
        self.forced = forced
        self.create = create
        self.stage = stage
        self.write = write
        self.items: list[ImportItem] = []
        self.planned: dict[str, dict[str, Any]] = {}
        self.created: list[str] = []
        self.wrote = False
        self.any_rejected = False
        self.seen_hash: dict[str, _Seen] = {}
        self.seen_number: dict[tuple[str, str], _Seen] = {}
        self.seen_title: dict[tuple[str, str, date | None], _Seen] = {}
        self.same_as: list[tuple[ImportItem, ImportItem]] = []
        # (the text's item, the registered document it is for, or the batch item it is for)
        self.texts_to_add: list[tuple[_Candidate, int | None, ImportItem | None]] = []
        # (the register row's item, its 文号, the document or batch item without one)
        self.numbers_to_add: list[tuple[_Candidate, str, int | None, ImportItem | None]] = []
        self.markers = ctx.profile.validity.interim_markers
        self.today = ctx.today()
        self.registered: int | None = None  # documents in the registry before this run
        self.written = 0
        self.deferred_indexes: list[str] = []
        self.registration_nos: set[str] = set()  # 登记号 taken by earlier rows of this run
        self.batch_id: int | None = None  # the import_batch row, made at the first write
        self.sources: list[str] = []

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

    def close_batch(self) -> None:
        from normdocs.store.importing import finish_batch

        if self.batch_id is not None:
            new = sum(1 for i in self.items if i.outcome == NEW)
            rejected = sum(1 for i in self.items if i.outcome in (REJECTED, CONFLICT))
            finish_batch(self.session, self.batch_id, new_count=new, rejected_count=rejected)

    def add(self, records: list[Any]) -> None:
        candidates = self._read(records)
        self._resolve_issuers(candidates)
        self._deduplicate(candidates)
        new = [c for c in candidates if c.item.outcome == NEW]
        for candidate in new:
            self._derive(candidate)
        if self.write and (new or self.texts_to_add or self.numbers_to_add):
            self.open_batch()
        if self.write and new:
            self._write(new)
            self.wrote = True
        if self.write and self.texts_to_add:
            self._add_texts()
            self.wrote = True
        if self.write and self.numbers_to_add:
            self._add_numbers()
            self.wrote = True
        self.any_rejected = self.any_rejected or any(
            c.item.outcome in (REJECTED, CONFLICT) for c in candidates
        )

    def finish(self) -> None:
        """In-batch duplicates point at the document their twin became."""
        for duplicate, original in self.same_as:
            duplicate.document_id = original.document_id
        for item in self.items:  # only a new document makes its issuer be registered
            if item.outcome != NEW:
                item.new_issuer_level = None
        self.any_rejected = any(i.outcome in (REJECTED, CONFLICT) for i in self.items)

    def new_issuers(self) -> list[tuple[str, str]]:
        """The agencies this run registers (or, in a dry run, would): those of its new items,
        with the level guessed from the name, in the order first met."""
        if self.write:
            return [(name, self.planned[name]["level"]) for name in self.created]
        names = dict.fromkeys(
            i.issuer for i in self.items if i.outcome == NEW and i.new_issuer_level and i.issuer
        )
        return [(name, self.planned[name]["level"]) for name in names]

    def forget_writes(self) -> None:
        for item in self.items:
            if item.outcome == NEW:
                item.document_id = None
        for duplicate, _original in self.same_as:
            duplicate.document_id = None

    # --- reading ------------------------------------------------------------------------

    def _read(self, records: list[Any]) -> list[_Candidate]:
        from normdocs.domain.extract import extract_metadata, register_values
        from normdocs.importers.register import RegisterRow
        from normdocs.importers.sources import TextDocument

        candidates: list[_Candidate] = []
        for record in records:
            if isinstance(record, TextDocument):
                found = extract_metadata(
                    record.text, known_codes=self.codes, interim_markers=self.markers
                )
                item = _item(record.source, None, found)
                content, substance = text_hashes(record.text)
                candidate = _Candidate(
                    item,
                    found,
                    record.text,
                    content,
                    record.kind,
                    None,
                    record.file_sha256,
                    substance=substance,
                )
            elif isinstance(record, RegisterRow):
                found = register_values(
                    record.values, today=self.today, interim_markers=self.markers
                )
                item = _item(record.source, record.location, found)
                if record.problem:
                    item.outcome, item.reason = REJECTED, record.problem
                candidate = _Candidate(
                    item, found, None, _row_hash(record.values), record.sheet or "", record.row
                )
            else:
                item = ImportItem(record.source, record.location, REJECTED)
                item.reason = record.reason + (" — " + record.hint if record.hint else "")
                self.items.append(item)
                continue
            self.items.append(item)
            if item.outcome == NEW:
                _check(candidate)
            candidates.append(candidate)
        return candidates

    # --- issuers ------------------------------------------------------------------------

    def _resolve_issuers(self, candidates: list[_Candidate]) -> None:
        for candidate in candidates:
            item = candidate.item
            if item.outcome != NEW:
                continue
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
                continue
            name = "".join(name.split())
            item.issuer = name
            if name in self.known or name in self.planned:
                candidate.issuer_key = name
                if name in self.planned:
                    item.new_issuer_level = self.planned[name]["level"]
                continue
            unfit = issuer_name_problem(name)
            if unfit is not None:  # never registered, --create-issuers or not
                item.outcome = REJECTED
                item.reason = _("no usable issuer: {problem}; give --issuer NAME").format(
                    problem=render(unfit)
                )
                continue
            if not self.create:
                item.outcome = REJECTED
                item.reason = _(
                    "issuer {name} not registered: add it with normdocs agency add {name} --level "
                    "{level}; or import with --create-issuers"
                ).format(name=name, level=guess_level(name))
                continue
            code = number.split("〔", 1)[0] if number else None
            self.planned[name] = {"name": name, "level": guess_level(name), "code": code}
            item.new_issuer_level = self.planned[name]["level"]
            if code:  # later rows of the register name it by its code alone
                self.codes.setdefault(code, name)
            candidate.issuer_key = name

    def _parent_of(self, name: str) -> dict[str, Any] | None:
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
        values = {
            "name": name,
            "code": plan["code"],
            "level": plan["level"],
            "parent_id": parent["id"] if parent else None,
            "files_to": default_files_to(plan["level"], parent),
            "created_at": utc(self.ctx.now()),
        }
        agency_id = insert_agency(self.session, values)
        self.known[name] = {**values, "id": agency_id, "legal_office": None}
        self.created.append(name)
        details = {k: v for k, v in values.items() if k != "created_at"}
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

    # --- duplicates ---------------------------------------------------------------------

    def _deduplicate(self, candidates: list[_Candidate]) -> None:
        from normdocs.store.importing import (
            documents_with_hashes,
            documents_with_numbers,
            documents_with_titles,
            import_sources,
        )

        live = [c for c in candidates if c.item.outcome == NEW]
        session = self.session
        by_hash = documents_with_hashes(session, [c.hash for c in live if c.text is not None])
        known = self.known
        by_number = documents_with_numbers(
            session,
            [
                (known[c.issuer_key]["id"], c.found.doc_number)
                for c in live
                if c.found.doc_number and c.issuer_key in known
            ],
        )
        # By title: the items without a 文号, and those with one, whose document may have been
        # registered before without it (from a page that left it out).
        by_title = documents_with_titles(session, [c.found.title for c in live if c.found.title])
        textless = [
            r["id"] for r in [*by_number.values(), *by_title.values()] if not r["source_name"]
        ]
        sources = import_sources(session, textless) if textless else {}

        def where(row: Mapping[str, Any]) -> str:
            origin = row.get("source_name") or sources.get(row["id"])
            if origin:
                return _("document {id} (from {origin})").format(id=row["id"], origin=origin)
            return _("document {id}").format(id=row["id"])

        for c in live:
            item, found = c.item, c.found
            issuer_id = self.known[c.issuer_key]["id"] if c.issuer_key in self.known else None
            number, title = found.doc_number, found.title or ""
            text_hash = c.hash if c.text is not None else None
            if text_hash is not None and text_hash in by_hash:
                row = by_hash[text_hash]
                _mark(c, UNCHANGED, _("the same text is already {where}").format(where=where(row)))
                item.document_id = row["id"]
                continue
            if c.hash in self.seen_hash:
                earlier = self.seen_hash[c.hash]
                _mark(
                    c,
                    UNCHANGED,
                    _("the same content as {other} in this batch").format(other=earlier.item.label),
                )
                self.same_as.append((item, earlier.item))
                continue
            if number:
                existing = by_number.get((issuer_id, number)) if issuer_id is not None else None
                seen = self.seen_number.get((c.issuer_key or "", number))
                if existing is not None:
                    verdict = self._compare_stored(c, existing, same_number=True)
                    if verdict == _SAME:
                        _mark(
                            c,
                            UNCHANGED,
                            _("{number} is already {where}").format(
                                number=number, where=where(existing)
                            ),
                        )
                        item.document_id = existing["id"]
                    elif verdict == _ADDS_TEXT:
                        self._add_text_to_stored(c, existing, where(existing))
                    else:
                        _mark(
                            c,
                            CONFLICT,
                            _(
                                "{number} of {issuer} is already {where}, with a different "
                                "text from {here}"
                            ).format(
                                number=number,
                                issuer=c.issuer_key,
                                where=where(existing),
                                here=item.label,
                            ),
                        )
                    continue
                if seen is not None:
                    verdict = _compare(c, seen.hash, seen.title, seen.substance, same_number=True)
                    if verdict == _SAME:
                        _mark(
                            c,
                            UNCHANGED,
                            _("{number} is also {other} in this batch").format(
                                number=number, other=seen.item.label
                            ),
                        )
                        self.same_as.append((item, seen.item))
                    elif verdict == _ADDS_TEXT:
                        self._add_text_to_seen(c, seen)
                    else:
                        _mark(
                            c,
                            CONFLICT,
                            _(
                                "{number} of {issuer} is used twice in this batch, with "
                                "different texts: {first} and {here}"
                            ).format(
                                number=number,
                                issuer=c.issuer_key,
                                first=seen.item.label,
                                here=item.label,
                            ),
                        )
                    continue
                twin_key = (c.issuer_key or "", title, found.promulgated_on)
                stored_twin = (
                    by_title.get((issuer_id, title, found.promulgated_on))
                    if issuer_id is not None
                    else None
                )
                # The same document registered without its 文号 (a page that left it out) — only
                # when nothing of this item would be lost: a register row, or the same text.
                if (
                    stored_twin is not None
                    and stored_twin["doc_number"] is None
                    and self._compare_stored(c, stored_twin) == _SAME
                ):
                    self._add_number(c, number, stored_twin["id"], None, where(stored_twin))
                    continue
                seen_twin = self.seen_title.get(twin_key)
                if (
                    seen_twin is not None
                    and seen_twin.item.doc_number is None
                    and _compare(c, seen_twin.hash, seen_twin.title, seen_twin.substance) == _SAME
                ):
                    self._add_number(c, number, None, seen_twin, seen_twin.item.label)
                    continue
                seen_now = _Seen(item, text_hash, title, c.substance)
                self.seen_number[(c.issuer_key or "", number)] = seen_now
                # A copy without the 文号 (a web page that leaves it out) is found by title.
                self.seen_title.setdefault(
                    (c.issuer_key or "", title, found.promulgated_on), seen_now
                )
            else:
                key = (c.issuer_key or "", title, found.promulgated_on)
                existing = (
                    by_title.get((issuer_id, title, found.promulgated_on))
                    if issuer_id is not None
                    else None
                )
                seen = self.seen_title.get(key)
                if existing is not None or seen is not None:
                    if existing is not None:
                        verdict = self._compare_stored(c, existing)
                        other = where(existing)
                        if verdict == _SAME:
                            item.document_id = existing["id"]
                        elif verdict == _ADDS_TEXT:
                            self._add_text_to_stored(c, existing, other)
                            continue
                    else:
                        assert seen is not None
                        verdict = _compare(c, seen.hash, seen.title, seen.substance)
                        other = seen.item.label
                        if verdict == _SAME:
                            self.same_as.append((item, seen.item))
                        elif verdict == _ADDS_TEXT:
                            self._add_text_to_seen(c, seen)
                            continue
                    if verdict == _SAME:
                        _mark(c, UNCHANGED, _("the same document as {other}").format(other=other))
                    else:
                        _mark(
                            c,
                            CONFLICT,
                            _(
                                "{other} has the same title, issuer and date but a different "
                                "text from {here}"
                            ).format(other=other, here=item.label),
                        )
                    continue
                self.seen_title[key] = _Seen(item, text_hash, title, c.substance)
            self.seen_hash[c.hash] = _Seen(item, text_hash, title, c.substance)

    def _compare_stored(
        self, c: _Candidate, stored: dict[str, Any], *, same_number: bool = False
    ) -> str:
        """_compare against a registered document; its text is read only when the hashes
        differ and its substance is needed (a copy of the page saved on another day)."""
        substance = stored.get("substance")
        if (
            substance is None
            and c.text is not None
            and stored.get("content_hash") not in (None, c.hash)
        ):
            from normdocs.store.queries import text_of

            found = text_of(self.session, stored["id"])
            substance = stored["substance"] = substance_hash(found["text"]) if found else None
        return _compare(
            c, stored.get("content_hash"), stored["title"], substance, same_number=same_number
        )

    def _add_text_to_stored(self, c: _Candidate, stored: dict[str, Any], where: str) -> None:
        """A registered document without a text (a register row) is the one this text is of:
        the text is added to it, not lost."""
        _mark(
            c,
            UNCHANGED,
            _("{where} has no text yet: this text is added to it").format(where=where),
        )
        c.item.document_id = stored["id"]
        stored["content_hash"], stored["substance"] = c.hash, c.substance
        c.joins_title = stored["title"]
        self.texts_to_add.append((c, stored["id"], None))
        self.seen_hash[c.hash] = _Seen(c.item, c.hash, c.found.title, c.substance)

    def _add_text_to_seen(self, c: _Candidate, seen: _Seen) -> None:
        """The same, for a register row earlier in this batch."""
        _mark(
            c,
            UNCHANGED,
            _("{other} in this batch has no text: this text is added to its document").format(
                other=seen.item.label
            ),
        )
        self.same_as.append((c.item, seen.item))
        seen.hash, seen.substance = c.hash, c.substance
        c.joins_title = seen.title
        self.texts_to_add.append((c, None, seen.item))
        self.seen_hash[c.hash] = _Seen(c.item, c.hash, c.found.title, c.substance)

    def _add_number(
        self,
        c: _Candidate,
        number: str,
        document_id: int | None,
        twin: _Seen | None,
        where: str,
    ) -> None:
        """The document (registered, or earlier in this batch) has this item's title, issuer
        and date but no 文号: it is the same document, and gets the 文号 (a page that left it out,
        then its register row). Nothing else of the item is taken."""
        _mark(
            c,
            UNCHANGED,
            _("{where} has no 文号 yet: {number} is added to it").format(
                where=where, number=number
            ),
        )
        c.item.document_id = document_id
        if twin is not None:
            self.same_as.append((c.item, twin.item))
            twin.item.doc_number = number
            self.seen_number[(c.issuer_key or "", number)] = twin
        self.numbers_to_add.append((c, number, document_id, twin.item if twin else None))

    def _add_numbers(self) -> None:
        """Write the 文号 found for documents that had none (see _add_number)."""
        from normdocs.store.importing import set_missing_number

        now = self.ctx.now()
        for c, number, document_id, via in self.numbers_to_add:
            target = c.item.document_id = _target(document_id, via)
            if set_missing_number(self.session, target, number):
                details = {"source": c.item.source, "row": c.row, "doc_number": number}
                self._record(NUMBER_ACTION, target, details, now)
        self.numbers_to_add.clear()

    def _record(self, action: str, document_id: int, details: dict[str, Any], now: Any) -> int:
        from normdocs.store.records import append_event

        return append_event(
            self.session,
            recorded_at=now,
            actor=self.ctx.actor,
            action=action,
            document_id=document_id,
            details={**details, "import_batch": self.batch_id},
        )

    def _add_texts(self) -> None:
        """Write the texts found for documents that had none (see _add_text_to_stored)."""
        from normdocs.services.texts import keep_text
        from normdocs.store.importing import adopt_stated_validity
        from normdocs.store.queries import next_text_version

        now = self.ctx.now()
        rules = self.ctx.profile.validity
        for c, document_id, via in self.texts_to_add:
            target = c.item.document_id = _target(document_id, via)
            assert c.text is not None
            version = next_text_version(self.session, target)
            details: dict[str, Any] = {
                "source": c.item.source,
                "format": c.kind,
                "content_hash": c.hash,
                "file_sha256": c.file_sha256,
                "text_sha256": text_digest(c.text),
                "paragraph": c.found.title_paragraph,
                "text_version": version,
            }
            # The text's own 有效期 (or 施行 date) outranks the default a register row was given.
            derived = derive_validity(c.found, rules)
            if derived.validity_stated and adopt_stated_validity(
                self.session, target, derived.effective_on, derived.expires_on
            ):
                details["effective_on"] = derived.effective_on.isoformat()
                details["expires_on"] = (
                    derived.expires_on.isoformat() if derived.expires_on else None
                )
                details["validity_stated"] = True
            titles = self._titles_joined(c, target)
            if titles is not None:
                details["title"], details["alternative_title"] = titles
            event_id = self._record(TEXT_ACTION, target, details, now)
            keep_text(
                self.session,
                document_id=target,
                text=c.text,
                source_name=c.item.label,
                content_hash=c.hash,
                version=version,
                event_id=event_id,
                on=c.found.promulgated_on,
                now=now,
            )
            if titles is not None:  # search finds the document by either title
                from normdocs.store.search import index_documents

                index_documents(self.session, [(target, " ".join(titles), c.text)])
        self.texts_to_add.clear()

    def _titles_joined(self, c: _Candidate, target: int) -> tuple[str, str] | None:
        """(title, alternative title) when a text joins a textless document of the same 文号
        under another title: the notice (关于印发…的通知) is the title — the document takes the
        text's when that is the notice — and the other is kept as its alternative (in the
        event, and in the search index's title terms: the document table has no column for it)."""
        from normdocs.store.importing import set_title

        ours, theirs = c.found.title, c.joins_title
        issuer = c.issuer_key or ""
        if not ours or not theirs or _title_key(ours, issuer) == _title_key(theirs, issuer):
            return None
        if _is_notice(ours) and not _is_notice(theirs):
            set_title(self.session, target, ours)
            if c.item.title is not None:
                c.item.notes = (
                    *c.item.notes,
                    _("the document's title is now the notice's; {title} is kept as its "
                      "alternative title").format(title=theirs),
                )  # fmt: skip
            return ours, theirs
        return theirs, ours

    # --- writing ------------------------------------------------------------------------

    def _derive(self, candidate: _Candidate) -> None:
        found = candidate.found
        derived = derive_validity(found, self.ctx.profile.validity)
        item = candidate.item
        expires_on = derived.expires_on
        if (
            candidate.text is None
            and found.status == "in_force"
            and not derived.validity_stated
            and expires_on is not None
            and expires_on < self.today
        ):
            # The register says 有效 although the default period ended it: the register is kept
            # (a clerk's record outranks a default), and the disagreement goes to the audit.
            candidate.default_expiry, expires_on = expires_on, None
            item.notes = (
                *item.notes,
                _(
                    "状态 says in force, but the default validity period ended on {expires_on}: "
                    "kept in force, validity not stated; the audit asks a cleanup to decide"
                ).format(expires_on=candidate.default_expiry.isoformat()),
            )
        item.effective_on = derived.effective_on
        item.expires_on = expires_on
        item.validity_stated = derived.validity_stated
        candidate.values = (
            found.title,
            found.interim,
            self.stage,
            "imported",
            found.doc_number,
            found.promulgated_on,
            derived.effective_on,
            expires_on,
            derived.validity_stated,
            found.ended_on,
            found.end_reason,
            self._registration_no(candidate),
            "accepted" if self.stage == Stage.FILING_ACCEPTED.value else None,
            False,  # review_emergency
            False,  # review_late
            False,  # revision_recorded
            False,  # filed_late
            False,  # awaiting_amendment
        )

    def _registration_no(self, candidate: _Candidate) -> str | None:
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

    def _registered_co_issuers(self, c: _Candidate) -> list[str]:
        """The co-issuers of a joint document that are registered agencies (or were created
        by this import), without its lead issuer."""
        lead = self.known.get(c.issuer_key or "")
        return list(
            dict.fromkeys(
                name
                for name in c.found.co_issuers
                if name in self.known and (lead is None or self.known[name]["id"] != lead["id"])
            )
        )

    def _write_co_issuers(self, new: list[_Candidate]) -> None:
        """The registered co-issuers become rows of document_co_issuer (the event keeps every
        name found, and which of them were registered)."""
        from normdocs.store.queries import add_co_issuers

        for c in new:
            joint = [int(self.known[name]["id"]) for name in self._registered_co_issuers(c)]
            if joint and c.item.document_id:
                add_co_issuers(self.session, c.item.document_id, joint)

    def _write(self, new: list[_Candidate]) -> None:
        from normdocs.services.basis import record_citations
        from normdocs.store.importing import insert_documents, insert_text_versions, insert_texts
        from normdocs.store.records import append_events, utc
        from normdocs.store.search import index_documents

        session, ctx = self.session, self.ctx
        now = ctx.now()
        created_at = utc(now)
        self._defer_indexes_if_worth_it(len(new))
        for c in new:
            assert c.issuer_key is not None
            if c.issuer_key not in self.known:
                self._create_agency(c.issuer_key)
        known = self.known
        ids = insert_documents(
            session,
            DOCUMENT_COLUMNS,
            [(*c.values, known[c.issuer_key or ""]["id"], created_at, self.batch_id) for c in new],
        )
        texts = []
        events = []
        for c, document_id in zip(new, ids, strict=True):
            c.item.document_id = document_id
            if c.text is not None:
                texts.append(
                    {
                        "document_id": document_id,
                        "text": c.text,
                        "source_name": c.item.label,
                        "content_hash": c.hash,
                    }
                )
            events.append(
                {
                    "recorded_at": now,
                    "actor": ctx.actor,
                    "action": IMPORT_ACTION,
                    "document_id": document_id,
                    "on_date": c.found.promulgated_on,
                    "to_stage": self.stage,
                    "details": {
                        **_event_details(c),
                        "import_batch": self.batch_id,
                        **(
                            {"co_issuers_registered": self._registered_co_issuers(c)}
                            if c.found.co_issuers
                            else {}
                        ),
                    },
                }
            )
        insert_texts(session, texts)
        self._write_co_issuers(new)
        for c in new:
            if c.text:
                record_citations(
                    session,
                    document_id=c.item.document_id or 0,
                    text=c.text,
                    on=c.found.promulgated_on,
                    now=now,
                )
        index_documents(
            session,
            [(c.item.document_id or 0, c.found.title or "", c.text or "") for c in new],
            new=True,
        )
        event_ids = append_events(session, events)
        kept = [c for c in new if c.default_expiry is not None]
        if kept:
            append_events(
                session,
                [
                    {
                        "recorded_at": now,
                        "actor": ctx.actor,
                        "action": VALIDITY_KEPT_ACTION,
                        "document_id": c.item.document_id,
                        "details": {
                            "source": c.item.source,
                            "row": c.row,
                            "default_expires_on": _iso(c.default_expiry),
                            "import_batch": self.batch_id,
                        },
                    }
                    for c in kept
                ],
            )
        # Each text is the document's version 1, brought by its import event.
        insert_text_versions(
            session,
            [
                (document_id, 1, c.text, c.item.label, c.hash, event_id)
                for c, document_id, event_id in zip(new, ids, event_ids, strict=True)
                if c.text is not None
            ],
            created_at,
        )

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


def _item(source: str, location: str | None, found: Extracted) -> ImportItem:
    return ImportItem(
        source,
        location,
        title=found.title,
        doc_number=found.doc_number,
        issuer=found.issuer,
        promulgated_on=found.promulgated_on,
        notes=tuple(render(note) for note in found.notes),
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _row_hash(values: Mapping[str, Any]) -> str:
    """The content of a register row: its cells as given, in field order."""
    text = "\x1f".join([f"{k}={v}" for k, v in sorted(values.items())])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check(candidate: _Candidate) -> None:
    """Every problem of the item in one reason; a document without title or date is one too."""
    found, item = candidate.found, candidate.item
    reasons = [
        (_("paragraph {n}: ").format(n=p.paragraph) if p.paragraph else "") + render(p.message)
        for p in found.problems
    ]
    if candidate.text is not None:
        if found.title is None:
            reasons.append(_("no title found in the text (a line such as “XX人民政府关于…的通知”)"))
        if found.promulgated_on is None:
            reasons.append(
                _("no date of the document found (成文日期 at its end or a 发布时间 line)")
            )
    if reasons:
        item.outcome, item.reason = REJECTED, "; ".join(reasons)


_SAME, _ADDS_TEXT, _DIFFERENT = "same", "adds_text", "different"


def _compare(
    candidate: _Candidate,
    other_hash: str | None,
    other_title: str | None,
    other_substance: str | None,
    *,
    same_number: bool = False,
) -> str:
    """Whether an item with the same 文号 (or title and date) as another is the same document.

    Two texts: the same when their content or their substance (without web-page clutter) is.
    A text and a document without one (a register row): the text is that document's when the
    titles agree (_ADDS_TEXT). A register row and anything: the same when the titles agree.
    With the same issuer and 文号 (`same_number`), a text and a document without one are the
    same document whatever their titles: a notice (关于印发…的通知) and its attachment's title."""
    issuer = candidate.issuer_key or ""
    same_title = _title_key(candidate.found.title, issuer) == _title_key(other_title, issuer)
    if candidate.text is None:
        if same_title or (same_number and other_hash is not None):
            return _SAME
        return _DIFFERENT
    if other_hash is None:
        return _ADDS_TEXT if same_title or same_number else _DIFFERENT
    if candidate.hash == other_hash or (
        candidate.substance is not None and candidate.substance == other_substance
    ):
        return _SAME
    return _DIFFERENT


# A notice that issues an attachment (关于印发《…》的通知): the title a document is known by.
_NOTICE = ("印发", "的通知")


def _is_notice(title: str) -> bool:
    return _NOTICE[0] in title and title.endswith(_NOTICE[1])


def _target(document_id: int | None, via: ImportItem | None) -> int:
    """The document a text or 文号 is added to: a registered one, or the one an earlier item of
    the batch became."""
    target = document_id if document_id is not None else (via.document_id if via else None)
    assert target is not None
    return target


def _title_key(title: str | None, issuer: str) -> str:
    """A title as two copies of one document are compared: full-width and half-width forms
    alike (（试行） and (试行)), no spaces, and without the issuer's name in front (registers often
    leave it out: 关于… for 元宝山区人民政府关于…)."""
    normal = "".join(unicodedata.normalize("NFKC", title or "").split())
    name = "".join(unicodedata.normalize("NFKC", issuer).split())
    return normal.removeprefix(name) if name else normal


def _mark(candidate: _Candidate, outcome: str, reason: str) -> None:
    candidate.item.outcome = outcome
    candidate.item.reason = reason


def _event_details(c: _Candidate) -> dict[str, Any]:
    found, item = c.found, c.item

    def iso(value: date | None) -> str | None:
        return value.isoformat() if value else None

    details: dict[str, Any] = {
        "source": c.item.source,
        "content_hash": c.hash,
        "title": found.title,
        "doc_number": found.doc_number,
        "issuer": c.issuer_key,
        "issuer_from": found.issuer_from,
        "promulgated_on": iso(found.promulgated_on),
        "effective_on": iso(item.effective_on),
        "expires_on": iso(item.expires_on),
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
        details.update(end_reason=found.end_reason, ended_on=iso(found.ended_on))
    if c.item.notes:
        details["notes"] = list(c.item.notes)
    return details
