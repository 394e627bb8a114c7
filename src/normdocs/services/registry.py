"""Creating or upgrading the registry, and checking the record: chain, rows, database."""

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
from normdocs.domain.projection import Difference, ReplayEvent
from normdocs.i18n import _
from normdocs.services.context import AppContext


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
    checking: Future[tuple[list[str], list[str]]] | None = None
    if engine.dialect.name == "sqlite":
        # SQLite checks its own file while the chain and the rows are read here: the driver
        # lets go of Python's lock while SQLite works, so on two cores both take the time of one.
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="integrity")
        checking = pool.submit(_database_damage, engine, ctx.db)
        pool.shutdown(wait=False)
    else:
        notes.append(
            _(
                "PostgreSQL: the database's own integrity check is left to its administrator"
                " (amcheck); the chain and the rows were checked"
            )
        )
    try:
        with transaction(engine, ctx.db) as session:
            try:
                head_count, head_hash = record_head(session)
                chain = verify_chain(
                    chain_rows(session), head_count, head_hash, watch={h.hash for h in expect}
                )
                # Rows are compared with events that hold: a broken chain is the finding then.
                compared = _compare_projection(session) if chain.ok else ([], (0, 0, 0), {})
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
    differences, counts, unknown = compared
    for action, (events, first) in sorted(unknown.items()):
        notes.append(
            _(
                "{count} events of action {action} (the first is event {id}) state no facts this"
                " version can read: the rows they touch are not compared from then on"
            ).format(count=events, action=action, id=first)
        )
    return VerifyReport(
        chain,
        damage,
        differences,
        check_heads(expect, chain),
        notes,
        documents=counts[0],
        agencies=counts[1],
        texts=counts[2],
    )


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


def _compare_projection(
    session: Any,
) -> tuple[list[Difference], tuple[int, int, int], dict[str, tuple[int, int]]]:
    """Replay the events into fresh rows and compare them with the tables: agencies first (the
    documents name their issuers by name), then each document with its events and its text,
    walked together in id order so that nothing but one document is held at a time."""
    from normdocs.domain.projection import (
        AGENCY_FIELDS,
        DOCUMENT_FIELDS,
        UNKNOWN,
        agency_label,
        compare_co_issuers,
        compare_row,
        compare_text,
        compare_versions,
        document_label,
        replay_agencies,
        replay_document,
        text_digest,
    )
    from normdocs.store.integrity import (
        agency_rows,
        document_event_groups,
        document_rows,
        events_without_document,
        text_rows,
        text_version_groups,
    )
    from normdocs.store.queries import all_co_issuer_ids

    differences: list[Difference] = []
    unknown: dict[str, tuple[int, int]] = {}

    def note_unknown(actions: list[tuple[str, int]]) -> None:
        for action, event_id in actions:
            count, first = unknown.get(action, (0, event_id))
            unknown[action] = (count + 1, min(first, event_id))

    agencies = replay_agencies(events_without_document(session))
    stored_agencies = {int(r["id"]): r for r in agency_rows(session)}
    for agency_id in sorted(set(agencies) | set(stored_agencies)):
        replayed, row = agencies.get(agency_id), stored_agencies.get(agency_id)
        if replayed is not None:
            note_unknown(replayed.unknown_actions)
        label = agency_label(replayed, row)
        differences += compare_row("agency", replayed, row, AGENCY_FIELDS, label)
    agency_ids = {
        str(r.value("name")): agency_id
        for agency_id, r in agencies.items()
        if r.created_by is not None and r.value("name") is not UNKNOWN
    }

    documents = texts = 0
    versions = _VersionCursor(text_version_groups(session))
    joint = all_co_issuer_ids(session)  # joint documents' co-issuers (a small table)
    for document_id, events, row, text in _aligned(
        document_event_groups(session), document_rows(session), text_rows(session)
    ):
        documents += row is not None
        texts += text is not None
        replayed = replay_document(document_id, events, agency_ids)
        note_unknown(replayed.unknown_actions)
        label = document_label(replayed, row)
        differences += compare_row("document", replayed, row, DOCUMENT_FIELDS, label)
        if replayed.created_by is None or row is None:
            if row is None and text is not None and replayed.created_by is None:
                differences.append(Difference("document", document_id, label, "text_unrecorded"))
            continue
        stored = None
        if text is not None:
            wanted = replayed.text
            digest = None
            if wanted is not None and wanted["text_sha256"][0] is not UNKNOWN:
                digest = text_digest(text["text"])
            stored = {
                "content_hash": text["content_hash"],
                "source_name": text["source_name"],
                "text_sha256": digest,
            }
        differences += compare_text(replayed, stored, label)
        differences += compare_versions(replayed, versions.of(document_id, replayed), label)
        differences += compare_co_issuers(replayed, joint.get(document_id, []), label)
    return differences, (documents, len(stored_agencies), texts), unknown


class _VersionCursor:
    """The text versions of each document in turn (documents asked for in id order), each with
    the sha256 of its text as stored, computed only where an event names the version."""

    def __init__(self, groups: Iterator[tuple[int, list[dict[str, Any]]]]) -> None:
        self.groups = groups
        self.current = next(groups, None)

    def of(self, document_id: int, replayed: Any) -> list[dict[str, Any]]:
        from normdocs.domain.projection import text_digest

        while self.current is not None and self.current[0] < document_id:
            self.current = next(self.groups, None)
        if self.current is None or self.current[0] != document_id:
            return []
        rows = self.current[1]
        self.current = next(self.groups, None)
        for row in rows:
            named = replayed.versions.get(int(row["version"]))
            row["text_sha256"] = text_digest(row.pop("text")) if named is not None else None
        return rows


def _aligned(
    groups: Iterator[tuple[int, list[ReplayEvent]]],
    rows: Iterator[dict[str, Any]],
    texts: Iterator[dict[str, Any]],
) -> Iterator[tuple[int, list[ReplayEvent], dict[str, Any] | None, dict[str, Any] | None]]:
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
        this_row = this_text = None
        if group is not None and group[0] == current:
            events, group = group[1], next(groups, None)
        if row is not None and int(row["id"]) == current:
            this_row, row = row, next(rows, None)
        if text is not None and int(text["document_id"]) == current:
            this_text, text = text, next(texts, None)
        yield current, events, this_row, this_text
