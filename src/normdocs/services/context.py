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

from normdocs.domain.errors import InvalidInput
from normdocs.i18n import _

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from normdocs.domain.calendar import WorkingCalendar
    from normdocs.domain.profile import Profile


def default_db_path() -> str:
    """The registry used when neither --db nor NORMDOCS_DB says otherwise."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return str(base / "normdocs" / "normdocs.db")


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
    warnings: list[str] = field(default_factory=list)
    _engines: dict[tuple[str, bool], "Engine"] = field(default_factory=dict, repr=False)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.today_override or self.clock().date()

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

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
        for year in sorted(self.calendar.unknown_years_seen):
            self.warn(self.calendar.fallback_warning(year))

    def engine(self, *, write: bool = True) -> "Engine":
        """The registry's engine (one per run and mode), after checking its schema once."""
        from normdocs.store.engine import check_schema, make_engine

        key = (self.db, write)
        engine = self._engines.get(key)
        if engine is None:
            engine = make_engine(self.db, write=write)
            check_schema(engine, self.db)
            self._engines[key] = engine
        return engine

    def close(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()
