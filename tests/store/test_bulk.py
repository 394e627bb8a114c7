"""Values written straight to the SQLite driver read back as SQLAlchemy writes them."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from normdocs.store.bulk import sqlite_datetime


def test_times_are_written_in_utc_with_microseconds():
    assert (
        sqlite_datetime(datetime(2026, 11, 27, 9, 30, tzinfo=UTC)) == "2026-11-27 09:30:00.000000"
    )
    shanghai = datetime(2026, 11, 27, 17, 30, 0, 250, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert sqlite_datetime(shanghai) == "2026-11-27 09:30:00.000250"
    assert sqlite_datetime(datetime(2026, 11, 27, 9, 30)) == "2026-11-27 09:30:00.000000"


def test_the_two_readings_of_a_repeated_hour_are_two_instants():
    # 01:30 happens twice in New York on 2025-11-02: first in summer time, then in winter time.
    first = datetime(2025, 11, 2, 1, 30, tzinfo=ZoneInfo("America/New_York"))
    second = first.replace(fold=1)
    assert first == second and hash(first) == hash(second)  # why fold must be in a cache key
    assert sqlite_datetime(first) == "2025-11-02 05:30:00.000000"
    assert sqlite_datetime(second) == "2025-11-02 06:30:00.000000"


def test_dates_go_to_the_driver_in_iso_form(tmp_path):
    import sqlite3

    with sqlite3.connect(tmp_path / "x.db") as connection:
        connection.execute("CREATE TABLE t (d, m)")
        connection.execute(
            "INSERT INTO t VALUES (?, ?)", (date(2026, 2, 3), datetime(2026, 2, 3, 4, 5))
        )
        assert connection.execute("SELECT d, m FROM t").fetchone() == (
            "2026-02-03",
            "2026-02-03 04:05:00.000000",
        )
