"""The working calendar built from chinese-calendar's tables and profile years."""

from datetime import date

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from normdocs.domain.errors import InvalidInput
from normdocs.services.calendar_source import build_calendar, library_schedule


def test_known_years_are_those_chinese_calendar_covers() -> None:
    calendar = build_calendar()
    assert min(calendar.known_years) == 2004
    assert max(calendar.known_years) == 2026
    assert calendar.known_years == frozenset(range(2004, 2027))


def test_library_part_is_cached() -> None:
    assert library_schedule() is library_schedule()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # 国庆 2024: Oct 1–7 off; Sun Sep 29 and Sat Oct 12 worked; Sat Sep 14 worked for 中秋.
        (date(2024, 9, 14), True),
        (date(2024, 9, 16), False),
        (date(2024, 9, 29), True),
        (date(2024, 10, 1), False),
        (date(2024, 10, 7), False),
        (date(2024, 10, 8), True),
        (date(2024, 10, 12), True),
        # 国庆 2025 merges with 中秋 (Oct 6): Oct 1–8 off; Sun Sep 28 and Sat Oct 11 worked.
        (date(2025, 9, 28), True),
        (date(2025, 10, 1), False),
        (date(2025, 10, 8), False),
        (date(2025, 10, 9), True),
        (date(2025, 10, 11), True),
        # 春节 2024: Feb 10–17 off; Sun Feb 4 and Sun Feb 18 worked.
        (date(2024, 2, 4), True),
        (date(2024, 2, 9), True),
        (date(2024, 2, 15), False),
        (date(2024, 2, 18), True),
        # 春节 2025: Jan 28–Feb 4 off; Sun Jan 26 and Sat Feb 8 worked.
        (date(2025, 1, 26), True),
        (date(2025, 1, 28), False),
        (date(2025, 2, 4), False),
        (date(2025, 2, 5), True),
        (date(2025, 2, 8), True),
    ],
)
def test_real_schedule(day: date, expected: bool) -> None:
    calendar = build_calendar()
    assert calendar.is_workday(day) is expected
    assert calendar.unknown_years_seen == set()


def test_deadlines_across_the_holidays() -> None:
    calendar = build_calendar()
    assert calendar.add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 8)
    assert calendar.add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert calendar.add_working_days(date(2025, 1, 27), 1) == date(2025, 2, 5)
    # review of at most 15 working days submitted on Friday 2024-09-20
    assert calendar.add_working_days(date(2024, 9, 20), 15) == date(2024, 10, 16)
    assert calendar.working_days_between(date(2024, 9, 27), date(2024, 10, 12)) == 7
    assert calendar.working_days_between(date(2025, 9, 30), date(2025, 10, 10)) == 2
    assert calendar.add_days(date(2025, 9, 30), 30, "calendar") == date(2025, 10, 30)


@given(st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31)))
def test_agrees_with_chinese_calendar_everywhere_it_knows(day: date) -> None:
    assert build_calendar().is_workday(day) is chinese_calendar.is_workday(day)


def test_2027_falls_back_to_monday_to_friday_without_crashing() -> None:
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 10, 1))  # why normdocs keeps its own fallback
    calendar = build_calendar()
    assert calendar.is_workday(date(2027, 10, 1)) is True  # a Friday
    assert calendar.unknown_years_seen == {2027}
    assert "2004–2026" in str(calendar.fallback_warning(2027))


def test_a_profile_year_makes_2027_known() -> None:
    calendar = build_calendar(
        {
            2027: {
                "holidays": [date(2027, 10, d) for d in range(1, 8)],
                "workdays": [date(2027, 9, 26), date(2027, 10, 9)],
            }
        }
    )
    assert calendar.is_workday(date(2027, 10, 1)) is False
    assert calendar.is_workday(date(2027, 9, 26)) is True  # a Sunday
    assert calendar.is_workday(date(2027, 10, 8)) is True
    assert calendar.unknown_years_seen == set()
    assert 2026 in calendar.known_years
    assert calendar.is_workday(date(2024, 10, 1)) is False  # the library years stay


def test_a_profile_year_replaces_the_library_year() -> None:
    calendar = build_calendar({2024: {"holidays": [date(2024, 10, 1)], "workdays": []}})
    assert calendar.is_workday(date(2024, 10, 1)) is False
    assert calendar.is_workday(date(2024, 10, 2)) is True
    assert calendar.is_workday(date(2024, 9, 29)) is False  # a plain Sunday again
    assert calendar.is_workday(date(2025, 10, 8)) is False


def test_each_build_counts_unknown_years_afresh() -> None:
    build_calendar().is_workday(date(2030, 1, 1))
    assert build_calendar().unknown_years_seen == set()


def test_profile_year_with_a_day_in_both_lists_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        build_calendar({2027: {"holidays": [date(2027, 10, 9)], "workdays": [date(2027, 10, 9)]}})
    assert "2027-10-09" in caught.value.message


def test_profile_year_with_an_unknown_key_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        build_calendar({2027: {"holiday": [date(2027, 10, 1)]}})
    assert "holiday" in caught.value.message
