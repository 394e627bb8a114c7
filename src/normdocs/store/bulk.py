"""Inserting many rows fast: straight to the driver on SQLite, SQLAlchemy Core elsewhere."""

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, insert
from sqlmodel import Session


def sqlite_datetime(value: datetime) -> str:
    """A timestamp as SQLAlchemy writes it to SQLite: UTC, "YYYY-MM-DD HH:MM:SS.ffffff"."""
    # fold is part of the key: the two readings of a clock hour repeated at the end of summer
    # time are equal datetimes with the same hash, but different instants.
    return _sqlite_datetime(value, value.fold)


@lru_cache(maxsize=256)  # a batch writes the same moment on every row
def _sqlite_datetime(value: datetime, _fold: int) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


# Dates and times handed to the driver directly are written as SQLAlchemy writes them, so rows
# inserted here read back like any other (ISO dates; see sqlite_datetime). The driver calls
# these in C for each value: far cheaper than converting every row in Python. (The driver's
# own default adapters differ for times without microseconds, and are deprecated.)
sqlite3.register_adapter(date, date.isoformat)
sqlite3.register_adapter(datetime, sqlite_datetime)


def insert_rows(
    session: Session, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert `rows` (tuples of values in the order of `columns`) in the caller's transaction.

    On SQLite the tuples go straight to the driver's executemany: building each row's
    parameters through SQLAlchemy costs several times the insert itself.
    """
    if not rows:
        return
    unknown = [c for c in columns if c not in table.c]
    if unknown:
        raise ValueError(f"not columns of {table.name}: {unknown}")
    if session.get_bind().dialect.name != "sqlite":
        session.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    statement = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    driver = session.connection().connection.driver_connection
    assert driver is not None
    driver.executemany(statement, rows)


def bulk_insert(session: Session, table: Table, rows: Sequence[Mapping[str, object]]) -> None:
    """Insert `rows` (dicts with the same keys, in the same order: a table's TypedDict of
    values) into `table` in the caller's transaction."""
    if not rows:
        return
    columns = list(rows[0])
    pick = itemgetter(*columns)
    if len(columns) == 1:
        insert_rows(session, table, columns, [(pick(row),) for row in rows])
    else:
        insert_rows(session, table, columns, list(map(pick, rows)))
