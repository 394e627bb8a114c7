"""A use case that lost a race on PostgreSQL is run again a bounded number of times, then refused
in one line; any other failure (SQLite's included) is passed on at once, untouched."""

import sqlite3

import psycopg.errors
import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from normdocs.domain.errors import ExitCode, Refused, RegistryUnusable
from normdocs.store import retry
from normdocs.store.retry import ATTEMPTS, ConcurrentChanges, refusing_lost_races, retrying

REFUSAL = (
    "other changes made to the registry at the same moment collided with this one;"
    " nothing was changed"
)


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    monkeypatch.setattr(retry, "_PAUSE_S", 0.0)


def losing(*failures: BaseException):
    """A unit of work failing with each of `failures` in turn, then succeeding; counts calls."""
    calls: list[int] = []

    def work(value: str) -> str:
        calls.append(1)
        if len(calls) <= len(failures):
            raise failures[len(calls) - 1]
        return value

    return work, calls


def unique_violation() -> IntegrityError:
    return IntegrityError("UPDATE document …", {}, psycopg.errors.UniqueViolation("duplicate key"))


def deadlock() -> RegistryUnusable:
    """A deadlock as transaction() hands it on: the registry error, from the driver's."""
    driver = OperationalError("SELECT …", {}, psycopg.errors.DeadlockDetected("deadlock"))
    failure = RegistryUnusable("the registry cannot be used: deadlock detected")
    failure.__cause__ = driver
    return failure


def serialization_failure() -> OperationalError:
    return OperationalError("SELECT …", {}, psycopg.errors.SerializationFailure("conflict"))


def test_a_lost_race_is_run_again_and_then_succeeds():
    work, calls = losing(unique_violation(), deadlock(), serialization_failure())

    assert retrying(work)("done") == "done"
    assert len(calls) == 4


def test_races_lost_every_time_are_refused_in_one_line_after_the_last_attempt():
    work, calls = losing(*[unique_violation() for _ in range(ATTEMPTS)])

    with pytest.raises(ConcurrentChanges) as refused:
        retrying(work)("done")

    assert len(calls) == ATTEMPTS
    assert (refused.value.message, refused.value.hint) == (REFUSAL, "run the command again")
    assert refused.value.exit_code == ExitCode.REFUSED
    assert "sqlalche.me" not in str(refused.value)


def test_an_import_that_lost_a_race_is_refused_without_running_again():
    work, calls = losing(unique_violation())

    with pytest.raises(ConcurrentChanges):
        refusing_lost_races(work)("done")
    assert len(calls) == 1


@pytest.mark.parametrize(
    "failure",
    [
        # SQLite: a unique key taken is a fact about the data, not a race (writers take turns).
        IntegrityError("INSERT …", {}, sqlite3.IntegrityError("UNIQUE constraint failed")),
        # PostgreSQL errors that trying again does not mend.
        IntegrityError("INSERT …", {}, psycopg.errors.ForeignKeyViolation("no such agency")),
        OperationalError("SELECT …", {}, psycopg.errors.QueryCanceled("statement timeout")),
        RegistryUnusable("the registry is busy"),
        Refused("a step out of order", rule="stage"),
    ],
    ids=["sqlite-unique", "pg-foreign-key", "pg-timeout", "registry-busy", "refusal"],
)
def test_other_failures_are_passed_on_at_once(failure):
    work, calls = losing(failure)

    with pytest.raises(type(failure)) as raised:
        retrying(work)("done")

    assert raised.value is failure
    assert len(calls) == 1
