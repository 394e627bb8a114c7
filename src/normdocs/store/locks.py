"""The run lock that keeps two audits of one registry from overlapping (a nightly cron job and a
clerk, or two cron jobs): an OS file lock next to an SQLite file, an advisory lock on PostgreSQL.

The lock belongs to the process: it is released when the run ends, and by the OS when the process
dies, so a crashed run never leaves a stale lock behind.
"""

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from sqlalchemy import Engine, text

from normdocs.domain.errors import RegistryUnusable
from normdocs.i18n import _

# pg_advisory_lock takes a bigint: "normdocs audit" as a fixed number, the same for every run.
PG_AUDIT_LOCK_KEY = 0x6E64_6175_6469_7400
# How often a waiting run tries again where the OS cannot block on the lock (Windows).
_RETRY_SECONDS = 0.5


def lock_path(engine: Engine, name: str) -> Path | None:
    """The lock file of an SQLite registry (`registry.db.audit.lock`), None for an in-memory one."""
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(database).expanduser().with_name(Path(database).name + f".{name}.lock")


@contextmanager
def run_lock(engine: Engine, target: str, *, wait: bool, name: str = "audit") -> Iterator[None]:
    """Hold the registry's `name` lock for the duration of the block.

    Without `wait`, a lock held by another run is RegistryUnusable (exit 5) naming the holder;
    with `wait`, the block starts when the other run has finished.
    """
    if engine.dialect.name == "sqlite":
        path = lock_path(engine, name)
        if path is None:
            yield
            return
        with _file_lock(path, target, wait=wait):
            yield
    else:
        with _advisory_lock(engine, target, wait=wait):
            yield


@contextmanager
def _file_lock(path: Path, target: str, *, wait: bool) -> Iterator[None]:
    try:
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held across the yield
    except OSError as exc:
        raise RegistryUnusable(
            _("cannot create the lock file {path}: {error}").format(path=path, error=exc),
            _("check that the registry's folder is writable"),
        ) from exc
    try:
        if not _try_lock(handle):
            if not wait:
                raise _busy(target, _holder(path))
            _lock_waiting(handle)
        handle.seek(0)
        handle.truncate()
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        handle.write(f"{os.getpid()} {started}\n")
        handle.flush()
        try:
            yield
        finally:
            _unlock(handle)
    finally:
        handle.close()


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _lock_waiting(handle: IO[str]) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        while not _try_lock(handle):
            time.sleep(_RETRY_SECONDS)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


def _unlock(handle: IO[str]) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    """What the running audit wrote into the lock file: its process id and start time."""
    try:
        first = path.read_text(encoding="utf-8").strip().split(" ", 1)
    except OSError:
        return ""
    if len(first) != 2:
        return ""
    return _("process {pid}, started {started}").format(pid=first[0], started=first[1])


def _busy(target: str, holder: str) -> RegistryUnusable:
    if holder:
        message = _("another audit of {target} is running ({holder})").format(
            target=target, holder=holder
        )
    else:
        message = _("another audit of {target} is running").format(target=target)
    return RegistryUnusable(
        message, _("wait for it to finish, or add --wait to start when it has finished")
    )


@contextmanager
def _advisory_lock(engine: Engine, target: str, *, wait: bool) -> Iterator[None]:
    connection = engine.connect()
    try:
        if wait:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PG_AUDIT_LOCK_KEY})
        else:
            got = connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": PG_AUDIT_LOCK_KEY}
            ).scalar()
            if not got:
                raise _busy(engine.url.render_as_string(hide_password=True), "")
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PG_AUDIT_LOCK_KEY})
            connection.commit()
    finally:
        connection.close()
