"""Builds the working calendar from chinese-calendar's tables plus years a profile adds."""

import functools
from collections.abc import Iterable, Mapping
from datetime import date

from chinese_calendar import constants as chinese_calendar_tables

from normdocs.domain.calendar import WorkingCalendar
from normdocs.domain.errors import InvalidInput
from normdocs.i18n import _

_SCHEDULE_KEYS = frozenset({"holidays", "workdays"})


@functools.lru_cache(maxsize=1)
def library_schedule() -> tuple[frozenset[date], frozenset[date], frozenset[int]]:
    """(holidays, workdays, years covered) as published in chinese-calendar."""
    holidays = frozenset(chinese_calendar_tables.holidays)
    workdays = frozenset(chinese_calendar_tables.workdays)
    listed = {day.year for day in holidays | workdays}
    years = frozenset(range(min(listed), max(listed) + 1))
    return holidays, workdays, years


def build_calendar(
    extra_years: Mapping[int, Mapping[str, Iterable[date]]] | None = None,
) -> WorkingCalendar:
    """The calendar of chinese-calendar's years, with each profile year replacing or adding one.

    `extra_years` maps a year to its schedule, {"holidays": [...], "workdays": [...]}, as the
    profile's [calendar.years.YEAR] tables give it. A profile year replaces whatever
    chinese-calendar lists for that year, so that an office can correct a year as well as add one.
    """
    holidays, workdays, years = library_schedule()
    if not extra_years:
        return WorkingCalendar(holidays=holidays, workdays=workdays, known_years=years)
    all_holidays = set(holidays)
    all_workdays = set(workdays)
    known = set(years)
    for year, schedule in sorted(extra_years.items()):
        unexpected = sorted(set(schedule) - _SCHEDULE_KEYS)
        if unexpected:
            raise InvalidInput(
                _("calendar year {year}: unknown key “{key}”").format(year=year, key=unexpected[0]),
                _("a calendar year lists only holidays = [...] and workdays = [...]"),
            )
        year_holidays = set(schedule.get("holidays", ()))
        year_workdays = set(schedule.get("workdays", ()))
        both = sorted(year_holidays & year_workdays)
        if both:
            raise InvalidInput(
                _(
                    "calendar year {year}: {day} is listed both as a holiday and as a workday"
                ).format(year=year, day=both[0].isoformat()),
                _("remove it from one of the two lists in [calendar.years.{year}]").format(
                    year=year
                ),
            )
        all_holidays = {d for d in all_holidays if d.year != year} | year_holidays
        all_workdays = {d for d in all_workdays if d.year != year} | year_workdays
        known.add(year)
    return WorkingCalendar(
        holidays=frozenset(all_holidays),
        workdays=frozenset(all_workdays),
        known_years=frozenset(known),
    )
