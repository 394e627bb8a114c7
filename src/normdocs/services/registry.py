"""Creating or upgrading the registry, and checking the record: chain, rows, database."""

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from sqlalchemy.exc import DatabaseError

from normdocs.domain.chain import (
    ChainReport,
    HeadCheck,
    SavedHead,
    check_heads,
    parse_heads,
    verify_chain,
)
from normdocs.domain.errors import InvalidInput, RegistryUnusable
from normdocs.domain.projection import Difference, Replayed, ReplayEvent
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.store.rows import DocumentFacts, DocumentTextRow

if TYPE_CHECKING:
    from normdocs.store.integrity import StoredVersion


@dataclass(frozen=True)
class InitResult:
    db: str
    before: str | None
    after: str


def init_registry(ctx: AppContext) -> InitResult:
    """Create the registry, or bring an older one up to this version's schema."""
    from normdocs.store.engine import (
        KNOWN_REVISIONS,
        check_pages,
        is_sqlite,
        make_engine,
        registry_failure,
        schema_revision,
        use_wal_journal,
    )
    from normdocs.store.migrate import upgrade

    ctx.check_default_location()
    if is_sqlite(ctx.db) and "://" not in ctx.db:
        folder = Path(ctx.db).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RegistryUnusable(
                _("cannot create the folder {folder} for the registry: {error}").format(
                    folder=folder, error=exc.strerror or exc
                ),
                _("give a registry you may write with --db PATH or NORMDOCS_DB"),
            ) from exc
    engine = make_engine(ctx.db, write=False, must_exist=False, on_wait=ctx.on_wait)
    try:
        before = schema_revision(engine)
        if before is not None:
            check_pages(engine, ctx.db)  # never migrate a registry whose pages are garbage
        if before is not None and before not in KNOWN_REVISIONS:
            raise RegistryUnusable(
                _("the registry's schema ({revision}) is newer than this normdocs knows").format(
                    revision=before
                ),
                _("upgrade normdocs before using this registry"),
            )
        upgrade(engine)
        use_wal_journal(engine)
        after = schema_revision(engine)
    except Exception as exc:
        failure = registry_failure(exc, ctx.db)
        if failure is None or failure is exc:
            raise
        raise failure from exc
    finally:
        engine.dispose()
    assert after is not None
    return InitResult(ctx.db, before, after)


@dataclass(frozen=True)
class VerifyReport:
    """What verify found: the chain, the database's own checks, the rows against their events,
    and the saved heads. `damage` (integrity check, search index) means a damaged database."""

    chain: ChainReport
    damage: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    heads_failed: list[HeadCheck] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    documents: int = 0
    agencies: int = 0
    texts: int = 0

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.damage and not self.differences and not self.heads_failed

    # The chain's own answers, as callers read them before the other checks existed.
    @property
    def count(self) -> int:
        return self.chain.count

    @property
    def broken_at(self) -> int | None:
        return self.chain.broken_at

    @property
    def reason(self) -> str | None:
        return self.chain.reason


def saved_heads(value: str) -> list[SavedHead]:
    """--expect: a hash (with or without the count before it), or a file holding saved head
    lines or hashes."""
    text = value
    if not parse_heads(value):
        path = Path(value).expanduser()
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise InvalidInput(
                _("--expect {value} is neither a head hash nor a readable file ({error})").format(
                    value=value, error=exc.strerror or exc
                ),
                _("give the 64-character hash verify printed, or the file it was saved in"),
            ) from None
    heads = parse_heads(text)
    if not heads:
        raise InvalidInput(
            _("{value} holds no head (a 64-character hash as verify prints it)").format(
                value=value
            ),
            _("give the file where verify's head line was saved"),
        )
    return heads


def verify_record(ctx: AppContext, *, expect: list[SavedHead] | None = None) -> VerifyReport:
    """Check the whole record: SQLite's integrity check and the search index's, the hash chain,
    every document, text and agency row against what the events say, and saved heads."""
    from normdocs.store.engine import transaction
    from normdocs.store.records import chain_rows, record_head

    expect = expect or []
    engine = ctx.engine(write=False)
    notes: list[str] = []
    checking = _start_damage_check(engine, ctx.db, notes)
    try:
        with transaction(engine, ctx.db) as session:
            try:
                head_count, head_hash = record_head(session)
                chain = verify_chain(
                    chain_rows(session), head_count, head_hash, watch={h.hash for h in expect}
                )
                # Rows are compared with events that hold: a broken chain is the finding then.
                compared = _compare_projection(session) if chain.ok else _Comparison()
            finally:
                # Only read: nothing to commit, and on a damaged file even a COMMIT can fail.
                session.rollback()
    except (DatabaseError, RegistryUnusable):
        damage, more_notes = checking.result() if checking is not None else ([], [])
        notes.extend(more_notes)
        if not damage:
            raise
        # What integrity_check named already explains why the rows cannot be read.
        return VerifyReport(ChainReport(0, 0, "unreadable"), damage, notes=notes)
    damage, more_notes = checking.result() if checking is not None else ([], [])
    notes.extend(more_notes)
    notes.extend(compared.unknown_notes())
    return VerifyReport(
        chain,
        damage,
        compared.differences,
        check_heads(expect, chain),
        notes,
        documents=compared.documents,
        agencies=compared.agencies,
        texts=compared.texts,
    )


def _start_damage_check(
    engine: Any, target: str, notes: list[str]
) -> Future[tuple[list[str], list[str]]] | None:
    """SQLite's checks of its own file (_database_damage), started in a thread of their own:
    the driver lets go of Python's lock while SQLite works, so while the chain and the rows are
    read here, on two cores both take the time of one. PostgreSQL: a note that none is run."""
    if engine.dialect.name != "sqlite":
        notes.append(
            _(
                "PostgreSQL: the database's own integrity check is left to its administrator"
                " (amcheck); the chain and the rows were checked"
            )
        )
        return None
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="integrity")
    checking = pool.submit(_database_damage, engine, target)
    pool.shutdown(wait=False)
    return checking


def _database_damage(engine: Any, target: str) -> tuple[list[str], list[str]]:
    """SQLite's integrity_check of the file and FTS5's of the search index, on a connection of
    their own: one line per problem, and notes on what could not be checked."""
    from normdocs.store.engine import transaction
    from normdocs.store.integrity import (
        SearchIndexNotChecked,
        search_index_problem,
        sqlite_integrity,
    )

    notes: list[str] = []
    with transaction(engine, target) as session:
        try:
            damage = [
                _("the database file is damaged: {problem}").format(problem=p)
                for p in sqlite_integrity(session)
            ]
            if not damage:
                try:
                    problem = search_index_problem(session)
                except SearchIndexNotChecked:
                    notes.append(
                        _(
                            "the search index was not checked: the registry is read-only here"
                            " (its check needs to write); the file, the chain and the rows were"
                            " checked"
                        )
                    )
                    problem = None
                if problem is not None:
                    damage.append(
                        _("the search index is damaged: {problem}").format(problem=problem)
                    )
        finally:
            session.rollback()
    return damage, notes


@dataclass
class _Comparison:
    """What comparing the rows with their events found: the differences, how many rows of
    each kind were read, and the actions no replay could read (count, first event id)."""

    differences: list[Difference] = field(default_factory=list)
    documents: int = 0
    agencies: int = 0
    texts: int = 0
    unknown: dict[str, tuple[int, int]] = field(default_factory=dict)

    def note_unknown(self, actions: list[tuple[str, int]]) -> None:
        for action, event_id in actions:
            count, first = self.unknown.get(action, (0, event_id))
            self.unknown[action] = (count + 1, min(first, event_id))

    def unknown_notes(self) -> list[str]:
        return [
            _(
                "{count} events of action {action} (the first is event {id}) state no facts this"
                " version can read: the rows they touch are not compared from then on"
            ).format(count=events, action=action, id=first)
            for action, (events, first) in sorted(self.unknown.items())
        ]


def _compare_projection(session: Any) -> _Comparison:
    """Replay the events into fresh rows and compare them with the tables: agencies first (the
    documents name their issuers by name), then each document with its events and its text,
    walked together in id order so that nothing but one document is held at a time."""
    found = _Comparison()
    agency_ids = _compare_agencies(session, found)
    _compare_documents(session, agency_ids, found)
    return found


def _compare_agencies(session: Any, found: _Comparison) -> dict[str, int]:
    """Compare every agency row with its replayed events; return the agency ids by the names
    the events give them (how document events name their issuers)."""
    from normdocs.domain.projection import (
        AGENCY_FIELDS,
        UNKNOWN,
        agency_label,
        compare_row,
        replay_agencies,
    )
    from normdocs.store.integrity import agency_rows, events_without_document

    agencies = replay_agencies(events_without_document(session))
    stored_agencies = {int(r["id"]): r for r in agency_rows(session)}
    for agency_id in sorted(set(agencies) | set(stored_agencies)):
        replayed, row = agencies.get(agency_id), stored_agencies.get(agency_id)
        if replayed is not None:
            found.note_unknown(replayed.unknown_actions)
        label = agency_label(replayed, row)
        found.differences += compare_row("agency", replayed, row, AGENCY_FIELDS, label)
    found.agencies = len(stored_agencies)
    return {
        str(r.value("name")): agency_id
        for agency_id, r in agencies.items()
        if r.created_by is not None and r.value("name") is not UNKNOWN
    }


def _compare_documents(session: Any, agency_ids: dict[str, int], found: _Comparison) -> None:
    """Compare each document row, its text, its text versions and its co-issuers with what
    its events say, one document at a time in id order."""
    from normdocs.domain.projection import (
        DOCUMENT_FIELDS,
        compare_co_issuers,
        compare_row,
        compare_text,
        compare_versions,
        document_label,
        replay_document,
    )
    from normdocs.store.integrity import (
        document_event_groups,
        document_rows,
        text_rows,
        text_version_groups,
    )
    from normdocs.store.queries import all_co_issuer_ids

    versions = _VersionCursor(text_version_groups(session))
    joint = all_co_issuer_ids(session)  # joint documents' co-issuers (a small table)
    for document_id, events, row, text in _aligned(
        document_event_groups(session), document_rows(session), text_rows(session)
    ):
        found.documents += row is not None
        found.texts += text is not None
        replayed = replay_document(document_id, events, agency_ids)
        found.note_unknown(replayed.unknown_actions)
        label = document_label(replayed, row)
        found.differences += compare_row("document", replayed, row, DOCUMENT_FIELDS, label)
        if replayed.created_by is None or row is None:
            if row is None and text is not None and replayed.created_by is None:
                found.differences.append(
                    Difference("document", document_id, label, "text_unrecorded")
                )
            continue
        found.differences += compare_text(replayed, _text_as_stored(replayed, text), label)
        found.differences += compare_versions(replayed, versions.of(document_id, replayed), label)
        found.differences += compare_co_issuers(replayed, joint.get(document_id, []), label)


class _TextAsStored(TypedDict):
    """A document's text as compare_text reads it: text_sha256 is the digest of the text as
    stored now, computed only when an event states one."""

    content_hash: str
    source_name: str | None
    text_sha256: str | None


def _text_as_stored(replayed: Replayed, text: DocumentTextRow | None) -> _TextAsStored | None:
    from normdocs.domain.projection import UNKNOWN, text_digest

    if text is None:
        return None
    wanted = replayed.text
    digest = None
    if wanted is not None and wanted["text_sha256"][0] is not UNKNOWN:
        digest = text_digest(text["text"])
    return {
        "content_hash": text["content_hash"],
        "source_name": text["source_name"],
        "text_sha256": digest,
    }


class _VersionAsStored(TypedDict):
    """A kept text version as compare_versions reads it (text_sha256: as _TextAsStored)."""

    document_id: int
    version: int
    event_id: int | None
    content_hash: str
    text_sha256: str | None


class _VersionCursor:
    """The text versions of each document in turn (documents asked for in id order), each with
    the sha256 of its text as stored, computed only where an event names the version."""

    def __init__(self, groups: Iterator[tuple[int, list["StoredVersion"]]]) -> None:
        self.groups = groups
        self.current = next(groups, None)

    def of(self, document_id: int, replayed: Replayed) -> list[_VersionAsStored]:
        from normdocs.domain.projection import text_digest

        while self.current is not None and self.current[0] < document_id:
            self.current = next(self.groups, None)
        if self.current is None or self.current[0] != document_id:
            return []
        rows = self.current[1]
        self.current = next(self.groups, None)
        return [
            {
                "document_id": row["document_id"],
                "version": row["version"],
                "event_id": row["event_id"],
                "content_hash": row["content_hash"],
                "text_sha256": (
                    text_digest(row["text"]) if int(row["version"]) in replayed.versions else None
                ),
            }
            for row in rows
        ]


def _aligned(
    groups: Iterator[tuple[int, list[ReplayEvent]]],
    rows: Iterator[DocumentFacts],
    texts: Iterator[DocumentTextRow],
) -> Iterator[tuple[int, list[ReplayEvent], DocumentFacts | None, DocumentTextRow | None]]:
    """The three streams, each in document id order, joined on the id: (id, its events, its
    row, its text), with [] or None for what one of them lacks."""
    group, row, text = next(groups, None), next(rows, None), next(texts, None)
    while group is not None or row is not None or text is not None:
        current = min(
            i
            for i in (
                group[0] if group is not None else None,
                int(row["id"]) if row is not None else None,
                int(text["document_id"]) if text is not None else None,
            )
            if i is not None
        )
        events: list[ReplayEvent] = []
        this_row: DocumentFacts | None = None
        this_text: DocumentTextRow | None = None
        if group is not None and group[0] == current:
            events, group = group[1], next(groups, None)
        if row is not None and int(row["id"]) == current:
            this_row, row = row, next(rows, None)
        if text is not None and int(text["document_id"]) == current:
            this_text, text = text, next(texts, None)
        yield current, events, this_row, this_text
