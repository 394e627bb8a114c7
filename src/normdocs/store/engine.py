"""Opening the registry: SQLite file or PostgreSQL URL, connection settings, schema check, and
naming what is wrong when the registry itself fails (read-only, busy, damaged)."""

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError, ProgrammingError
from sqlmodel import Session

from normdocs.domain.errors import DamagedRegistry, RegistryUnusable
from normdocs.i18n import _

# The newest migration; a test checks it against migrations/versions.
SCHEMA_HEAD = "0009_search_numbers"
KNOWN_REVISIONS = (
    "0001_registry",
    "0002_document_text",
    "0003_law_cleanup_audit",
    "0004_search",
    "0005_audit_ack",
    "0006_register_trust",
    "0007_co_issuers",
    "0008_campaign_scope",
    "0009_search_numbers",
)
BUSY_TIMEOUT_S = 10.0
# After this long waiting for another process's lock, the run says that it is waiting.
WAIT_NOTICE_S = 1.0

# SQLite's result codes for a file that is damaged or is no database at all.
_DAMAGED_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
_DAMAGED_TEXTS = ("malformed", "not a database", "Could not decode to UTF-8")
# Opening failures of a reader that only lacks a writable folder for the -shm/-wal files.
_NO_JOURNAL_CODES = (
    "SQLITE_READONLY_DIRECTORY",
    "SQLITE_READONLY_CANTINIT",
    "SQLITE_READONLY_CANTLOCK",
    "SQLITE_CANTOPEN",
)


class DamagedRecord(Exception):
    """A stored value that the program itself wrote cannot be read back (garbage JSON in a row):
    the registry's file is damaged. Turned into the damaged-registry error where the registry's
    name is known."""


def stored_json(value: str | bytes | None) -> Any:
    """A JSON column's value as written by normdocs; garbage there is a damaged registry."""
    import json

    if value is None:
        return None
    try:
        return json.loads(value)
    except (ValueError, TypeError) as exc:
        raise DamagedRecord(f"a stored JSON value cannot be read: {exc}") from exc


def database_url(target: str) -> str:
    """`--db` as given (a path or a URL) as an SQLAlchemy URL."""
    if "://" in target:
        if target.startswith("postgresql://") or target.startswith("postgres://"):
            return "postgresql+psycopg://" + target.split("://", 1)[1]
        return target
    return f"sqlite:///{Path(target).expanduser()}"


def is_sqlite(target: str) -> bool:
    return "://" not in target or target.startswith("sqlite")


def sqlite_path(target: str) -> Path | None:
    """The file of an SQLite registry; None for PostgreSQL or an in-memory database."""
    if not is_sqlite(target):
        return None
    name = database_url(target).removeprefix("sqlite:///")
    if not name or name.startswith(":memory:") or name.startswith("sqlite:"):
        return None
    return Path(name)


def make_engine(
    target: str,
    *,
    write: bool = True,
    must_exist: bool = True,
    on_wait: Callable[[str], None] | None = None,
) -> Engine:
    """An engine for the registry at `target`; a missing SQLite file is an unusable registry.

    A reader (`write=False` on an existing registry) can also read a registry in a folder it may
    not write, where SQLite cannot create the -shm file WAL mode needs. `on_wait` is told, after
    WAIT_NOTICE_S, that the run is waiting for another process's lock.
    """
    url = database_url(target)
    if is_sqlite(target):
        path = Path(url.removeprefix("sqlite:///"))
        if must_exist and not path.exists():
            raise RegistryUnusable(
                _("there is no registry at {path}").format(path=path),
                _("create one with: normdocs --db {path} init (or run normdocs demo)").format(
                    path=path
                ),
            )
        if write and path.exists() and not os.access(path, os.W_OK):
            # SQLite would find out only at the first row written, after the checks of a step.
            raise _read_only(target, path, "SQLITE_READONLY")
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
        _configure_sqlite(
            engine,
            target,
            sqlite_path(target),
            write=write,
            read_only_fallback=not write and must_exist,
            on_wait=on_wait,
        )
        return engine
    return create_engine(url, pool_pre_ping=False)


def _configure_sqlite(
    engine: Engine,
    target: str,
    path: Path | None,
    *,
    write: bool,
    read_only_fallback: bool,
    on_wait: Callable[[str], None] | None,
) -> None:
    if path is not None and read_only_fallback:

        @event.listens_for(engine, "do_connect")
        def _open(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
            return _open_for_reading(dialect.dbapi, path, cargs, cparams)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Transactions are begun by hand below, so that writers take the lock at BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Checks each page's cells as it is read: damage is an error, not wrong rows.
        cursor.execute("PRAGMA cell_size_check=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        _begin_waiting(connection, target, path, write=write, on_wait=on_wait)


def _open_for_reading(dbapi: Any, path: Path, cargs: Any, cparams: Any) -> Any:
    """A reading connection; where the folder is not writable (no -shm can be made), the file
    read as immutable — only when no -wal file holds changes that the file alone lacks."""
    connection = dbapi.connect(*cargs, **cparams)
    try:
        # The first read opens the WAL index: that is where a read-only folder fails.
        connection.execute("PRAGMA schema_version").fetchall()
        return connection
    except sqlite3.OperationalError as exc:
        connection.close()
        if not getattr(exc, "sqlite_errorname", "").startswith(_NO_JOURNAL_CODES):
            raise
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise
    # No other process has the registry open for writing (it would have made a -wal file), so
    # the file is the whole registry; `immutable` reads it without the locks and the -shm.
    uri = path.absolute().as_uri() + "?mode=ro&immutable=1"
    params = {**cparams, "uri": True}
    return dbapi.connect(uri, **params)


def _begin_waiting(
    connection: Any,
    target: str,
    path: Path | None,
    *,
    write: bool,
    on_wait: Callable[[str], None] | None,
) -> None:
    """BEGIN (a writer takes the write lock, a reader its snapshot); when another process holds
    the registry, say after WAIT_NOTICE_S that the run waits, and wait up to BUSY_TIMEOUT_S."""
    started = time.monotonic()
    try:
        _start(connection, write, min(WAIT_NOTICE_S, BUSY_TIMEOUT_S))
        return
    except OperationalError as exc:
        if not _is_busy(exc):
            raise
    if on_wait is not None:
        from normdocs.store.locks import describe_holder, registry_holder

        holder = describe_holder(registry_holder(path) if path else None)
        on_wait(
            _(
                "waiting for the registry {target}: {holder} is writing to it (up to {seconds} s)"
            ).format(target=target, holder=holder, seconds=f"{BUSY_TIMEOUT_S:g}")
        )
    left = max(BUSY_TIMEOUT_S - (time.monotonic() - started), 0.05)
    try:
        _start(connection, write, left)
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")


def _start(connection: Any, write: bool, timeout_s: float) -> None:
    connection.exec_driver_sql(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
    if write:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")
        try:
            # A reader's snapshot is taken at its first read: take it here, within the wait.
            connection.exec_driver_sql("SELECT 1 FROM sqlite_master LIMIT 1").all()
        except BaseException:
            if connection.connection.driver_connection.in_transaction:
                connection.exec_driver_sql("ROLLBACK")
            raise
    connection.exec_driver_sql(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")


def _driver_error(exc: BaseException) -> BaseException:
    return getattr(exc, "orig", None) or exc


def _error_name(exc: BaseException) -> str:
    return str(getattr(_driver_error(exc), "sqlite_errorname", "") or "")


def _is_busy(exc: BaseException) -> bool:
    name = _error_name(exc)
    if name:
        return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
    message = str(_driver_error(exc))
    return "database is locked" in message or "database table is locked" in message


def is_damage(exc: BaseException) -> bool:
    """Whether `exc` says the registry's file is damaged (or is no database at all)."""
    if isinstance(exc, DamagedRecord):
        return True
    if _error_name(exc).startswith(_DAMAGED_CODES):
        return True
    message = str(_driver_error(exc))
    return any(t in message for t in _DAMAGED_TEXTS)


def registry_failure(exc: BaseException, target: str) -> RegistryUnusable | None:
    """The exit-5 error for a failure of the registry itself (busy, read-only, damaged, not
    reachable); None for an error about the data (a constraint, a bad value) or the program."""
    if isinstance(exc, RegistryUnusable):
        return exc
    if isinstance(exc, DamagedRecord):
        return _damaged(target, str(exc))
    if not isinstance(exc, DBAPIError | sqlite3.Error):
        return None
    driver = _driver_error(exc)
    if isinstance(driver, sqlite3.IntegrityError | sqlite3.ProgrammingError):
        return None
    if is_damage(exc) or isinstance(exc, OperationalError | sqlite3.OperationalError):
        return describe_failure(exc, target)
    if isinstance(driver, sqlite3.DatabaseError) and not isinstance(
        driver, sqlite3.DataError | sqlite3.NotSupportedError
    ):
        return describe_failure(exc, target)
    return None


def describe_failure(exc: BaseException, target: str) -> RegistryUnusable:
    """Turn a driver error about the registry itself into a clear, exit-5 error."""
    message = str(_driver_error(exc))
    path = sqlite_path(target)
    if _is_busy(exc):
        return _busy(target, path)
    name = _error_name(exc)
    if name.startswith("SQLITE_NOTADB") or (not name and "not a database" in message):
        return _not_a_database(target)
    if is_damage(exc):
        return _damaged(target, message)
    if path is not None and (
        name.startswith("SQLITE_READONLY") or name.startswith(_NO_JOURNAL_CODES)
    ):
        return _read_only(target, path, name)
    return RegistryUnusable(
        _("the registry {target} cannot be used: {error}").format(target=target, error=message),
        _("check --db / NORMDOCS_DB and that the database is reachable"),
    )


def _busy(target: str, path: Path | None) -> RegistryUnusable:
    from normdocs.store.locks import describe_holder, registry_holder

    holder = registry_holder(path) if path is not None else None
    hint = (
        _("try again when it has finished (see it with: ps -p {pid})").format(pid=holder[0])
        if holder
        else _("try again when the other normdocs run has finished")
    )
    return RegistryUnusable(
        _(
            "the registry {target} is busy: {holder} has held it locked for more than {seconds} s"
        ).format(target=target, holder=describe_holder(holder), seconds=f"{BUSY_TIMEOUT_S:g}"),
        hint,
    )


def _damaged(target: str, detail: str) -> RegistryUnusable:
    return DamagedRegistry(
        _("the registry {target} is damaged ({detail})").format(target=target, detail=detail),
        _(
            "stop writing to it; check it with: normdocs --db {target} verify; restore "
            "the last good backup (keep the damaged file)"
        ).format(target=target),
        _("restore the last good backup (keep the damaged file)"),
    )


def _not_a_database(target: str) -> RegistryUnusable:
    return DamagedRegistry(
        _(
            "{target} is not a usable normdocs registry: the file is damaged or is not a "
            "database at all"
        ).format(target=target),
        _(
            "point --db at the registry; if this is it, check it with: normdocs --db {target} "
            "verify; restore the last good backup (keep the damaged file)"
        ).format(target=target),
        _(
            "point --db at the registry; if this is it, restore the last good backup (keep the "
            "damaged file)"
        ),
    )


def _read_only(target: str, path: Path, name: str) -> RegistryUnusable:
    """Which of the file, its file system, its folder or its journal files is not writable."""
    folder = path.absolute().parent
    copy_hint = _("or copy the registry to a folder you may write and use --db with the copy")
    if _read_only_filesystem(folder):
        return RegistryUnusable(
            _("the registry {target} is on a read-only file system").format(target=target),
            _("mount it writable, {copy}").format(copy=copy_hint),
        )
    if name == "SQLITE_READONLY_DBMOVED":
        return RegistryUnusable(
            _("the registry {target} was moved or deleted while it was open").format(target=target),
            _("run the command again on the registry where it is now"),
        )
    if path.exists() and not os.access(path, os.W_OK):
        return RegistryUnusable(
            _("the registry file {target} is read-only").format(target=target),
            _("make it writable for you (chmod u+w, or ask its owner), {copy}").format(
                copy=copy_hint
            ),
        )
    if not os.access(folder, os.W_OK):
        return RegistryUnusable(
            _(
                "the folder {folder} is not writable, so the registry's journal "
                "({name}-wal) cannot be created there"
            ).format(folder=folder, name=path.name),
            _("make the folder writable for you, {copy}").format(copy=copy_hint),
        )
    for journal in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if journal.exists() and not os.access(journal, os.W_OK):
            return RegistryUnusable(
                _("the registry's journal file {journal} is read-only for you").format(
                    journal=journal
                ),
                _(
                    "it was left by another user: let that user finish, or remove it when no "
                    "normdocs runs"
                ),
            )
    return RegistryUnusable(
        _("the registry {target} cannot be written ({error})").format(
            target=target, error=name or "read-only"
        ),
        _("check the permissions of the file and its folder, {copy}").format(copy=copy_hint),
    )


def _read_only_filesystem(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def use_wal_journal(engine: Engine) -> None:
    """Keep a SQLite registry in WAL mode from now on (readers do not wait for the writer); a
    setting of the file, so it is set once, after creating or upgrading it: a bulk load in the
    default journal is faster (NOTES.md). A PostgreSQL registry has nothing to set."""
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA journal_mode=WAL")
    finally:
        raw.close()


def schema_revision(engine: Engine) -> str | None:
    """The registry's migration revision, or None when it has never been initialised."""
    with engine.connect() as connection:
        try:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        except (OperationalError, ProgrammingError) as exc:
            # Only a missing version table means "not initialised"; a lock, a read-only
            # folder or a damaged file is the registry's own failure.
            message = str(_driver_error(exc))
            if "no such table" in message or "does not exist" in message:
                return None
            raise
    return row[0] if row else None


def check_schema(engine: Engine, target: str) -> None:
    """Refuse (exit 5) to work on a registry whose schema is not the one this version uses."""
    try:
        revision = schema_revision(engine)
    except DatabaseError as exc:
        raise describe_failure(exc, target) from exc
    if revision == SCHEMA_HEAD:
        return
    if revision is None:
        raise RegistryUnusable(
            _("{target} is not an initialised normdocs registry").format(target=target),
            _("create it with: normdocs --db {target} init").format(target=target),
        )
    if revision in KNOWN_REVISIONS:
        raise RegistryUnusable(
            _("the registry's schema ({revision}) is older than this normdocs ({head})").format(
                revision=revision, head=SCHEMA_HEAD
            ),
            _("upgrade it with: normdocs --db {target} init").format(target=target),
        )
    raise RegistryUnusable(
        _("the registry's schema ({revision}) is newer than this normdocs knows").format(
            revision=revision
        ),
        _("upgrade normdocs before using this registry"),
    )


def check_pages(engine: Engine, target: str) -> None:
    """Before a write: read the first and last row of every table, the pages an append walks
    (root, edges). A root page of garbage is then refused before anything is written; a full
    check reads the whole file (seconds on a large registry), which is `verify`'s work."""
    if engine.dialect.name != "sqlite":
        return
    try:
        with engine.connect() as connection:
            tables = connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND rootpage > 0"
            ).all()
            for name, sql in tables:
                quoted = '"' + str(name).replace('"', '""') + '"'
                if "WITHOUT ROWID" in str(sql or "").upper():
                    connection.exec_driver_sql(f"SELECT * FROM {quoted} LIMIT 1").all()
                    continue
                for order in ("", " DESC"):
                    connection.exec_driver_sql(
                        f"SELECT * FROM {quoted} ORDER BY rowid{order} LIMIT 1"
                    ).all()
    except DatabaseError as exc:
        raise describe_failure(exc, target) from exc


@contextmanager
def transaction(engine: Engine, target: str) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error; failures of the registry
    itself (busy, read-only, damaged) → exit 5, whether they come through SQLAlchemy or the
    driver used directly."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException as exc:
        _rollback(session)
        failure = registry_failure(exc, target) if isinstance(exc, Exception) else None
        if failure is not None and failure is not exc:
            raise failure from exc
        raise
    finally:
        session.close()


def _rollback(session: Session) -> None:
    # A damaged or vanished file can fail the rollback too; the first error is the news.
    with suppress(DatabaseError):
        session.rollback()
