"""What every use case needs: the registry location, the actor, the profile, the clock."""

import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from normdocs.domain.errors import InvalidInput, RegistryUnusable
from normdocs.i18n import _, render

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from normdocs.domain.calendar import WorkingCalendar
    from normdocs.domain.messages import Text
    from normdocs.domain.profile import Profile


def default_db_path() -> str:
    """The registry used when neither --db nor NORMDOCS_DB says otherwise. Where the home folder
    is not known, the path keeps its `~`: `default_location_problem` then says why."""
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        base = Path(local) if local else _home() / "AppData" / "Local"
    else:
        # The XDG spec: a relative XDG_DATA_HOME is invalid and ignored.
        data_home = os.environ.get("XDG_DATA_HOME", "")
        base = Path(data_home) if os.path.isabs(data_home) else _home() / ".local" / "share"
    return str(base / "normdocs" / "normdocs.db")


def _home() -> Path:
    home = os.environ.get("HOME") if sys.platform != "win32" else None
    if home is not None and not os.path.isabs(home):
        return Path("~")  # HOME set but empty or relative: no usable home
    try:
        return Path.home()
    except (RuntimeError, KeyError, OSError):
        return Path("~")


def default_location_problem(db: str) -> str | None:
    """Why the default registry location `db` cannot be used, or None when it can: the home
    folder is unknown or missing, or the registry is missing and its folder cannot be made."""
    path = Path(db)
    if not path.is_absolute():
        if os.environ.get("HOME") is not None:
            return _("HOME is empty or not an absolute path")
        return _("the home folder is not known (HOME is not set)")
    if path.exists():
        return None
    home = _home()
    if home.is_absolute() and path.is_relative_to(home) and not home.is_dir():
        if home.exists():  # HOME names a file: "does not exist" would send one looking for it
            return _("the home folder {home} is a file, not a folder").format(home=home)
        return _("the home folder {home} does not exist").format(home=home)
    existing = path.parent
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if os.access(existing, os.W_OK | os.X_OK):
        return None
    if existing == path.parent:
        return _("the folder {folder} is not writable").format(folder=existing)
    return _("{folder} cannot be created: {existing} is not writable").format(
        folder=path.parent, existing=existing
    )


def default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _system_clock() -> datetime:
    return datetime.now().astimezone()


@dataclass
class AppContext:
    """Settings of one run. `clock` is the only place the time of day is read."""

    db: str
    actor: str
    profile_path: str | None = None
    clock: Callable[[], datetime] = _system_clock
    today_override: date | None = None
    # True when `db` is the default location (no --db, no NORMDOCS_DB).
    db_is_default: bool = False
    # Told, while the run waits for another process's lock, that it is waiting (stderr).
    on_wait: Callable[[str], None] | None = None
    warnings: list[str] = field(default_factory=list)
    _engines: dict[tuple[str, bool], "Engine"] = field(default_factory=dict, repr=False)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.today_override or self.clock().date()

    def inputs(self) -> list[Path]:
        """The files this run reads besides the registry (its profile): no output may replace
        one."""
        return [Path(self.profile_path)] if self.profile_path else []

    def warn(self, message: "Text") -> None:
        """Keep a warning for the end of the run, in the user's language (a domain message is
        rendered here, at the edge)."""
        text = render(message)
        if text not in self.warnings:
            self.warnings.append(text)

    @cached_property
    def profile(self) -> "Profile":
        from normdocs.domain.profile import Profile, parse_profile

        if not self.profile_path:
            return Profile()
        path = Path(self.profile_path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(
                _("cannot read the profile {path}: {error}").format(path=path, error=exc),
                _("check --profile / NORMDOCS_PROFILE"),
            ) from exc
        return parse_profile(text, str(path))

    @cached_property
    def calendar(self) -> "WorkingCalendar":
        from normdocs.services.calendar_source import build_calendar

        extra = {
            year: {"holidays": list(y.holidays), "workdays": list(y.workdays)}
            for year, y in self.profile.calendar.years.items()
        }
        return build_calendar(extra)

    def collect_calendar_warnings(self) -> None:
        for warning in self.calendar.fallback_warnings(self.calendar.unknown_years_seen):
            self.warn(warning)

    def engine(self, *, write: bool = True) -> "Engine":
        """The registry's engine (one per run and mode), after checking its schema once, and,
        for writing, the pages every append walks."""
        from normdocs.store.engine import check_pages, check_schema, make_engine

        key = (self.db, write)
        engine = self._engines.get(key)
        if engine is None:
            self.check_default_location()
            engine = make_engine(self.db, write=write, on_wait=self.on_wait)
            try:
                check_schema(engine, self.db)
                if write:
                    check_pages(engine, self.db)
            except BaseException:
                engine.dispose()
                raise
            self._engines[key] = engine
        return engine

    def check_default_location(self) -> None:
        """Without --db, a default location that cannot hold a registry is named as such."""
        if not self.db_is_default:
            return
        problem = default_location_problem(self.db)
        if problem:
            raise RegistryUnusable(
                _("no default registry location is usable: {problem} (tried {path})").format(
                    problem=problem, path=self.db
                ),
                _("give one with --db PATH or the NORMDOCS_DB environment variable"),
            )

    def close(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()


def registry_failure(exc: BaseException, db: str | None) -> RegistryUnusable | None:
    """For the command line's one boundary: the exit-5 error when `exc`, escaping a command, is
    a failure of the registry itself (damaged, busy, read-only), else None."""
    from normdocs.store.engine import registry_failure as classify

    return classify(exc, db or "") if db else None
