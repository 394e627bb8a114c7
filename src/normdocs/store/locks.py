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


# SQLite's own locks, as the kernel lists them (unix VFS, see os_unix.c): in WAL mode the writer
# holds byte 120 of the -shm file (121 checkpoint, 122 recovery); in rollback-journal mode a
# writer holds bytes from 2**30 (PENDING, RESERVED, then the SHARED range) of the file itself.
_WAL_WRITER_BYTES = (120, 122)
_JOURNAL_WRITER_BYTES = (0x4000_0000, 0x4000_0000 + 511)


def registry_holder(database: Path) -> tuple[int, str] | None:
    """The other process holding the SQLite registry's write lock, as (pid, program name), from
    the kernel's table of file locks (/proc/locks, Linux); None where that is not known."""
    files: list[tuple[Path, tuple[int, int]]] = [
        (database.with_name(database.name + "-shm"), _WAL_WRITER_BYTES),
        (database, _JOURNAL_WRITER_BYTES),
    ]
    wanted: dict[int, tuple[int, int]] = {}
    for path, span in files:
        try:
            wanted[path.stat().st_ino] = span
        except OSError:
            continue
    try:
        table = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    for line in table.splitlines():
        # "7: POSIX  ADVISORY  WRITE 11901 fe:00:2154559 120 120"; "->" marks a waiting lock.
        fields = line.split()
        if len(fields) < 8 or fields[1] != "POSIX" or fields[3] != "WRITE" or "->" in fields:
            continue
        try:
            pid = int(fields[4])
            inode = int(fields[5].rsplit(":", 1)[1])
            start = int(fields[6])
            end = sys.maxsize if fields[7] == "EOF" else int(fields[7])
        except (ValueError, IndexError):
            continue
        held = wanted.get(inode)
        if held is None or pid in (os.getpid(), 0) or end < held[0] or start > held[1]:
            continue
        return pid, _program(pid)
    return None


def _program(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def describe_holder(holder: tuple[int, str] | None) -> str:
    """'process 1234 (normdocs)', or 'another process' when the holder is not known."""
    if holder is None:
        return _("another process")
    pid, program = holder
    if program:
        return _("process {pid} ({program})").format(pid=pid, program=program)
    return _("process {pid}").format(pid=pid)
