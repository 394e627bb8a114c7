"""Running a whole unit of work again when it lost a race with another writer on PostgreSQL.

On PostgreSQL two commands write at the same time. What one of them read may be taken by the
other before it commits: a unique key (an agency's name, a 文号, a registration number), or the
server picks it as the victim of a deadlock or a serialization failure. Its transaction has then
been rolled back and nothing of it is kept, so the whole use case is run again from the start,
and sees what the other wrote (a duplicate is then refused in the ordinary way). After a few
attempts it gives up with one clear line. SQLite never gets here: its writers take the write lock
at BEGIN IMMEDIATE and run one after another.
"""

import functools
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from normdocs.domain.errors import NormdocsError, RegistryUnusable
from normdocs.i18n import _

P = ParamSpec("P")
T = TypeVar("T")

ATTEMPTS = 5
# SQLSTATEs of a transaction that lost a race: serialization_failure, deadlock_detected,
# unique_violation. Anything else is not made better by trying again.
RACE_SQLSTATES = frozenset({"40001", "40P01", "23505"})
_PAUSE_S = 0.02


class ConcurrentChanges(NormdocsError):
    """Other writers kept taking what this command needed; nothing of it was kept."""


def lost_race(exc: BaseException) -> bool:
    """Whether `exc` is the server rolling back a transaction that lost a race.

    transaction() turns driver errors into RegistryUnusable (from the driver error), so that
    cause is looked at too; any other error of ours is a decision, never retried.
    """
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, RegistryUnusable):
        exc = exc.__cause__ if exc.__cause__ is not None else exc
    if not isinstance(exc, DBAPIError):
        return False
    return getattr(exc.orig, "sqlstate", None) in RACE_SQLSTATES


def retrying(work: Callable[P, T]) -> Callable[P, T]:
    """Run `work` (one use case, one transaction) again while it loses races, a few times.

    `work` must do all its writing in the one transaction that was rolled back, so running it
    again is safe; what it said through ctx.warn is kept once.
    """
    return _attempts(work, ATTEMPTS)


def refusing_lost_races(work: Callable[P, T]) -> Callable[P, T]:
    """Run `work` once; if it lost a race, refuse in one line instead of a driver's error.

    For a use case that is not simply run again (an import writes its rejects file too).
    """
    return _attempts(work, 1)


def _attempts(work: Callable[P, T], attempts: int) -> Callable[P, T]:
    @functools.wraps(work)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        for attempt in range(1, attempts + 1):
            try:
                return work(*args, **kwargs)
            except Exception as exc:
                if not lost_race(exc):
                    raise
                if attempt == attempts:
                    raise ConcurrentChanges(
                        _(
                            "other changes made to the registry at the same moment collided"
                            " with this one; nothing was changed"
                        ),
                        _("run the command again"),
                    ) from exc
                # A random pause, longer each time, so that the losers do not collide again.
                time.sleep(random.uniform(0, _PAUSE_S * 2**attempt))
        raise AssertionError("unreachable")

    return run
