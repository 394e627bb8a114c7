"""Opening the registry: SQLite file or PostgreSQL URL, connection settings, schema check."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError, ProgrammingError
from sqlmodel import Session

from normdocs.domain.errors import RegistryUnusable
from normdocs.i18n import _

# The newest migration; a test checks it against migrations/versions.
SCHEMA_HEAD = "0005_audit_ack"
KNOWN_REVISIONS = (
    "0001_registry",
    "0002_document_text",
    "0003_law_cleanup_audit",
    "0004_search",
    "0005_audit_ack",
)
BUSY_TIMEOUT_S = 10.0


def database_url(target: str) -> str:
    """`--db` as given (a path or a URL) as an SQLAlchemy URL."""
    if "://" in target:
        if target.startswith("postgresql://") or target.startswith("postgres://"):
            return "postgresql+psycopg://" + target.split("://", 1)[1]
        return target
    return f"sqlite:///{Path(target).expanduser()}"


def is_sqlite(target: str) -> bool:
    return "://" not in target or target.startswith("sqlite")


def make_engine(target: str, *, write: bool = True, must_exist: bool = True) -> Engine:
    """An engine for the registry at `target`; a missing SQLite file is an unusable registry."""
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
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
        _configure_sqlite(engine, write=write)
        return engine
    return create_engine(url, pool_pre_ping=False)


def _configure_sqlite(engine: Engine, *, write: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Transactions are begun by hand below, so that writers take the lock at BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def describe_failure(exc: Exception, target: str) -> RegistryUnusable:
    """Turn a driver error about the registry itself into a clear, exit-5 error."""
    message = str(getattr(exc, "orig", exc))
    if "locked" in message or "busy" in message:
        return RegistryUnusable(
            _("the registry {target} is locked by another normdocs run").format(target=target),
            _("wait for it to finish and try again"),
        )
    if "not a database" in message or "malformed" in message:
        return RegistryUnusable(
            _(
                "{target} is not a usable normdocs registry (the file is damaged or not a database)"
            ).format(target=target),
            _("restore it from a backup, or point --db at the right file"),
        )
    return RegistryUnusable(
        _("the registry {target} cannot be used: {error}").format(target=target, error=message),
        _("check --db / NORMDOCS_DB and that the database is reachable"),
    )


def schema_revision(engine: Engine) -> str | None:
    """The registry's migration revision, or None when it has never been initialised."""
    with engine.connect() as connection:
        try:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        except (OperationalError, ProgrammingError):
            return None
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


@contextmanager
def transaction(engine: Engine, target: str) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error; driver failures → exit 5."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except OperationalError as exc:
        session.rollback()
        raise describe_failure(exc, target) from exc
    except DatabaseError as exc:
        session.rollback()
        if "not a database" in str(exc) or "malformed" in str(exc):
            raise describe_failure(exc, target) from exc
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
