"""Working-day arithmetic on a hand-built calendar (the real tables are tested in services)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normdocs.domain.calendar import WorkingCalendar

# The State Council schedule for 2024: 国庆节 2024-10-01 to 10-07 off;
# Sunday 09-29 and Saturday 10-12 are working days.
NATIONAL_DAY_2024 = frozenset(date(2024, 10, d) for d in range(1, 8))
SHIFTED_2024 = frozenset({date(2024, 9, 29), date(2024, 10, 12)})


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar(
        holidays=NATIONAL_DAY_2024, workdays=SHIFTED_2024, known_years=frozenset({2024})
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 9, 27), True),  # Friday
        (date(2024, 9, 28), False),  # Saturday
        (date(2024, 9, 29), True),  # Sunday made a working day
        (date(2024, 9, 30), True),  # Monday
        (date(2024, 10, 1), False),  # National Day, Tuesday
        (date(2024, 10, 4), False),  # Friday inside the holiday
        (date(2024, 10, 7), False),  # Monday inside the holiday
        (date(2024, 10, 8), True),  # back at work
        (date(2024, 10, 12), True),  # Saturday made a working day
        (date(2024, 10, 13), False),  # Sunday
    ],
)
def test_is_workday_around_national_day(
    calendar: WorkingCalendar, day: date, expected: bool
) -> None:
    assert calendar.is_workday(day) is expected
    assert calendar.unknown_years_seen == set()


def test_add_working_days_jumps_the_holiday(calendar: WorkingCalendar) -> None:
    assert calendar.add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 8)
    assert calendar.add_working_days(date(2024, 9, 28), 1) == date(2024, 9, 29)
    # 15 working days of legality review from Friday 2024-09-20
    assert calendar.add_working_days(date(2024, 9, 20), 15) == date(2024, 10, 16)
    assert calendar.add_working_days(date(2024, 9, 20), 0) == date(2024, 9, 20)


def test_add_working_days_refuses_a_negative_count(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2024, 9, 20), -1)


def test_working_days_between_counts_the_shifted_days(calendar: WorkingCalendar) -> None:
    # Sun 29, Mon 30, Tue 8 … Fri 11, Sat 12
    assert calendar.working_days_between(date(2024, 9, 27), date(2024, 10, 12)) == 7
    assert calendar.working_days_between(date(2024, 9, 30), date(2024, 10, 7)) == 0


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 9, 30), date(2024, 9, 30), 0),  # same day
        (date(2024, 9, 30), date(2024, 9, 29), 0),  # the day before
        (date(2024, 9, 30), date(2024, 8, 1), 0),  # long before
        (date(2024, 9, 29), date(2024, 9, 30), 1),  # the day after, a working day
        (date(2024, 9, 30), date(2024, 10, 1), 0),  # the day after, a holiday
        (date(2024, 9, 27), date(2024, 9, 28), 0),  # the day after, a plain Saturday
    ],
)
def test_working_days_between_boundaries(
    calendar: WorkingCalendar, start: date, end: date, expected: int
) -> None:
    assert calendar.working_days_between(start, end) == expected


def test_add_days_in_both_units(calendar: WorkingCalendar) -> None:
    assert calendar.add_days(date(2024, 9, 30), 30, "calendar") == date(2024, 10, 30)
    assert calendar.add_days(date(2024, 9, 30), 3, "working") == date(2024, 10, 10)
    with pytest.raises(ValueError):
        calendar.add_days(date(2024, 9, 30), 3, "weekly")  # type: ignore[arg-type]


def test_unknown_year_falls_back_to_monday_to_friday(calendar: WorkingCalendar) -> None:
    assert calendar.is_workday(date(2027, 10, 1)) is True  # a Friday; 2027 is not known
    assert calendar.is_workday(date(2027, 10, 2)) is False  # Saturday
    assert calendar.unknown_years_seen == {2027}
    assert calendar.add_working_days(date(2027, 12, 31), 1) == date(2028, 1, 3)
    assert calendar.unknown_years_seen == {2027, 2028}


def test_fallback_warning_names_the_year_and_the_known_range() -> None:
    cal = WorkingCalendar(known_years=frozenset(range(2004, 2027)))
    assert str(cal.fallback_warning(2027)) == (
        "2027 is outside the holiday calendar known to normdocs (2004–2026); counting Monday "
        "to Friday as working days. Add that year's schedule to the profile "
        "([calendar.years.2027]) when the State Council publishes it."
    )
    assert "2027" in str(WorkingCalendar().fallback_warning(2027))


def test_calendars_compare_by_their_schedule(calendar: WorkingCalendar) -> None:
    other = WorkingCalendar(
        holidays=NATIONAL_DAY_2024, workdays=SHIFTED_2024, known_years=frozenset({2024})
    )
    other.is_workday(date(2030, 1, 1))
    assert other == calendar
    assert hash(other) == hash(calendar)


@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31)),
    n=st.integers(0, 60),
)
def test_add_and_count_agree(start: date, n: int) -> None:
    cal = WorkingCalendar(
        holidays=NATIONAL_DAY_2024, workdays=SHIFTED_2024, known_years=frozenset({2024})
    )
    end = cal.add_working_days(start, n)
    assert cal.working_days_between(start, end) == n
    if n:
        assert cal.is_workday(end)
        assert cal.working_days_between(start, end - timedelta(days=1)) == n - 1


def test_a_run_of_years_outside_the_calendar_is_one_warning() -> None:
    """A step dated 1900 by mistake counts working days through every year to the calendar: one
    warning for the run of years, not one for each (the clerk saw 104)."""
    cal = WorkingCalendar(known_years=frozenset({2024, 2025}))
    cal.working_days_between(date(1900, 1, 1), date(2024, 3, 1))
    warnings = [str(w) for w in cal.fallback_warnings(cal.unknown_years_seen)]
    assert warnings == [
        "1900–2023 are outside the holiday calendar known to normdocs (2024–2025); counting "
        "Monday to Friday as working days in them. Check the dates; a year's schedule goes in "
        "the profile ([calendar.years.YEAR])."
    ]
    assert [str(w) for w in cal.fallback_warnings({2027})] == [str(cal.fallback_warning(2027))]
    assert len(cal.fallback_warnings({2019, 2027, 2028})) == 2
