"""Every file normdocs writes (--rejects, -o): refused when it would overwrite the registry, an
input of the same run or an existing file without --force; written beside its target and renamed
into place, so a failure leaves neither a partial file nor a temporary one."""

import contextlib
import errno
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from normdocs.domain.errors import InvalidInput
from normdocs.i18n import _

# SQLite keeps a registry's uncommitted and recent pages in these files beside it: writing over
# one of them damages the registry as surely as writing over the file itself. The audit's lock
# file (store/locks.py) is beside it too: replacing it would let two audits run at once.
REGISTRY_SUFFIXES = ("", "-wal", "-shm", "-journal", ".audit.lock")


class OutputNotWritten(InvalidInput):
    """The output file could not be written (a full disk, a folder that is not writable)."""


def registry_files(db: str) -> list[Path]:
    """The registry's file and its journals, for `--db` as given; none for a server URL."""
    if "://" in db:
        if not db.startswith("sqlite:///"):
            return []
        db = db.removeprefix("sqlite:///").split("?", 1)[0]
        if not db or db == ":memory:":
            return []
    path = Path(db).expanduser()
    # SQLite puts the journals beside the file a symbolic link leads to: guard both names.
    names = dict.fromkeys([path, Path(os.path.realpath(path))])
    return [p.with_name(p.name + suffix) for p in names for suffix in REGISTRY_SUFFIXES]


def _same_file(a: Path, b: Path) -> bool:
    """The same file: by its resolved name (also when neither exists yet), or by its inode
    (a hard link, or a symbolic link on the way)."""
    if Path(os.path.realpath(a)) == Path(os.path.realpath(b)):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist
        return False


def _inside(path: Path, folder: Path) -> bool:
    return Path(os.path.realpath(folder)) in Path(os.path.realpath(path)).parents


class OutputFile:
    """A file about to be written: checked when made, written (`stage`) to a temporary file
    beside it, and put in place (`publish`) in one rename. Used as a context manager, whatever
    was not published is removed on the way out."""

    def __init__(
        self,
        target: Path,
        *,
        registry: str,
        inputs: Sequence[Path] = (),
        force: bool = False,
        option: str = "-o",
    ) -> None:
        self.target = Path(target)
        self.option = option
        _refuse_unsafe(self.target, registry=registry, inputs=inputs, force=force, option=option)
        # A symbolic link is followed: its target is replaced, the link stays.
        self.path = Path(os.path.realpath(self.target))
        self._temp: Path | None = None
        self.published = False
        # The temporary file is made now, so that a folder that cannot be written is found
        # before the run does its work, not after.
        self._temp = self._reserve()

    def _reserve(self) -> Path:
        try:
            handle, name = tempfile.mkstemp(
                prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
            )
        except OSError as exc:
            raise self._failure(exc) from exc
        os.close(handle)
        return Path(name)

    def stage(
        self,
        write: Callable[[IO[Any]], None],
        *,
        encoding: str | None = None,
        errors: str = "strict",
    ) -> None:
        """Write the whole content to the temporary file (text when `encoding` is given, else
        bytes) and flush it to the disk; any failure removes it and raises OutputNotWritten."""
        if self._temp is None:
            self._temp = self._reserve()
        try:
            with open(self._temp, "wb") as raw:
                if encoding:
                    text = io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="")
                    write(text)
                    text.flush()
                    text.detach()  # the file stays open for the fsync below
                else:
                    write(raw)
                raw.flush()
                os.fsync(raw.fileno())
            os.chmod(self._temp, self._mode())
        except OSError as exc:
            self.discard()
            raise self._failure(exc) from exc

    def publish(self) -> Path:
        """Put the staged file in place of the target (one rename: all or nothing)."""
        if self._temp is None:
            raise RuntimeError("publish() before stage()")
        try:
            os.replace(self._temp, self.path)
        except OSError as exc:
            self.discard()
            raise self._failure(exc) from exc
        self._temp = None
        self.published = True
        return self.target

    def write(
        self,
        write: Callable[[IO[Any]], None],
        *,
        encoding: str | None = None,
        errors: str = "strict",
    ) -> Path:
        """Stage and publish in one go."""
        self.stage(write, encoding=encoding, errors=errors)
        return self.publish()

    def discard(self) -> None:
        if self._temp is not None:
            # Should even this fail, nothing more can be done; the name starts with a dot.
            with contextlib.suppress(OSError):
                self._temp.unlink(missing_ok=True)
            self._temp = None

    def _mode(self) -> int:
        """The replaced file's permissions, or those a new file would get (mkstemp's are 0600)."""
        try:
            return os.stat(self.path).st_mode & 0o777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            return 0o666 & ~umask

    def _failure(self, exc: OSError) -> OutputNotWritten:
        return OutputNotWritten(
            _("cannot write {path}: {error}").format(path=self.target, error=exc.strerror or exc),
            failure_hint(exc, self.option),
        )

    def __enter__(self) -> "OutputFile":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.discard()


# A write refused for want of rights, not of space: freeing space would not help.
_NOT_ALLOWED = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def failure_hint(exc: OSError, option: str) -> str:
    """What to do when writing an output failed: room on a full disk, a folder one may write
    when the folder (or the file) is not writable for this user."""
    if exc.errno in _NOT_ALLOWED:
        return _("choose a folder you may write for the {option} file").format(option=option)
    return _("free some space or choose another {option} file").format(option=option)


def _refuse_unsafe(
    target: Path, *, registry: str, inputs: Sequence[Path], force: bool, option: str
) -> None:
    for protected in registry_files(registry):
        if _same_file(target, protected):
            raise InvalidInput(
                _(
                    "{option} {path} is the registry file {registry}: writing it would destroy "
                    "the registry"
                ).format(option=option, path=target, registry=protected),
                _("choose another file, e.g. rejects.csv in another folder")
                if option == "--rejects"
                else _("choose another {option} file, in another folder").format(option=option),
            )
    for given in inputs:
        if _same_file(target, given):
            raise InvalidInput(
                _("{option} {path} is {input}, an input of this run").format(
                    option=option, path=target, input=given
                ),
                _("write it outside the files and folders being read"),
            )
        if given.is_dir() and _inside(target, given):
            raise InvalidInput(
                _("{option} {path} is inside {folder}, a folder this run reads").format(
                    option=option, path=target, folder=given
                ),
                _("write it outside the files and folders being read"),
            )
    if target.is_dir():
        raise InvalidInput(
            _("{option} {path} is a folder").format(option=option, path=target),
            _("give a file name"),
        )
    folder = Path(os.path.realpath(target)).parent
    if not folder.is_dir():
        raise InvalidInput(
            _("{option} {path}: the folder {folder} does not exist").format(
                option=option, path=target, folder=folder
            ),
            _("create the folder first or choose another file"),
        )
    if (target.exists() or target.is_symlink()) and not force:
        raise InvalidInput(
            _("{option} {path} exists already").format(option=option, path=target),
            _("add --force to replace it, or choose another file"),
        )
