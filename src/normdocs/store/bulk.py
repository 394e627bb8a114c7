"""Inserting many rows fast: straight to the driver on SQLite, SQLAlchemy Core elsewhere."""

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, insert
from sqlmodel import Session


def bulk_insert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` (dicts with the same keys) into `table` in the caller's transaction.

    On SQLite the values are written exactly as SQLAlchemy writes them (ISO dates,
    "YYYY-MM-DD HH:MM:SS.ffffff" UTC times, 0/1): building each row's parameters through
    SQLAlchemy costs several times the insert itself.
    """
    if not rows:
        return
    if session.get_bind().dialect.name != "sqlite":
        session.execute(insert(table), list(rows))
        return
    columns = list(rows[0])
    unknown = [c for c in columns if c not in table.c]
    if unknown:
        raise ValueError(f"not columns of {table.name}: {unknown}")
    statement = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    convert = [_sqlite_converter(table.c[c].type) for c in columns]
    pick = itemgetter(*columns)
    driver = session.connection().connection.driver_connection
    assert driver is not None
    single = len(columns) == 1
    driver.executemany(
        statement,
        [
            tuple(
                value if to_sql is None or value is None else to_sql(value)
                for to_sql, value in zip(
                    convert, (pick(row),) if single else pick(row), strict=True
                )
            )
            for row in rows
        ],
    )


def _sqlite_converter(column_type: Any) -> Callable[[Any], Any] | None:
    """How SQLAlchemy writes a value of this column type to SQLite; None: as it is."""
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        return None
    if python_type in (date, datetime):
        return sqlite_value
    return None


def sqlite_value(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float):
        return value  # bool is an int: True → 1
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in SQLite")
