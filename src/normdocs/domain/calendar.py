"""Working days on the Chinese statutory holiday calendar (放假调休), for deadline arithmetic."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from normdocs.domain.messages import Msg, _

DayUnit = Literal["calendar", "working"]

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days: the State Council's schedule where known, else Mon–Fri.

    `holidays` are days off (weekend days inside a holiday period may be listed or not);
    `workdays` are weekend days made working days by 调休; `known_years` are the years whose
    schedule is complete. A date in any other year is counted Monday to Friday and its year is
    added to `unknown_years_seen`, so that the caller can warn once (see `fallback_warning`).
    """

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    known_years: frozenset[int] = frozenset()
    unknown_years_seen: set[int] = field(default_factory=set, init=False, compare=False)

    def is_workday(self, day: date) -> bool:
        if day.year not in self.known_years:
            self.unknown_years_seen.add(day.year)
        # Listed days are honoured even in an unknown year: a schedule published for one year
        # may move a working day into the last days of the year before.
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days d with start < d <= end; 0 if end is not after start."""
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            if self.is_workday(day):
                count += 1
            day += _ONE_DAY
        return count

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after start; start itself when n is 0."""
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        day = start
        remaining = n
        while remaining:
            day += _ONE_DAY
            if self.is_workday(day):
                remaining -= 1
        return day

    def add_days(self, start: date, n: int, unit: DayUnit) -> date:
        """start plus n calendar days, or the n-th working day after start."""
        if unit == "calendar":
            return start + timedelta(days=n)
        if unit == "working":
            return self.add_working_days(start, n)
        raise ValueError(f"unit must be 'calendar' or 'working', got {unit!r}")

    def fallback_warnings(self, years: Iterable[int]) -> list[Msg]:
        """One warning for each run of consecutive years counted Monday to Friday (a step dated
        1900 by mistake is one warning, not one for every year up to the calendar)."""
        runs: list[list[int]] = []
        for year in sorted(set(years)):
            if runs and year == runs[-1][-1] + 1:
                runs[-1].append(year)
            else:
                runs.append([year])
        warnings = []
        for run in runs:
            if len(run) == 1:
                warnings.append(self.fallback_warning(run[0]))
            elif self.known_years:
                warnings.append(
                    _(
                        "{start}–{end} are outside the holiday calendar known to normdocs "
                        "({first}–{last}); counting Monday to Friday as working days in them. "
                        "Check the dates; a year's schedule goes in the profile "
                        "([calendar.years.YEAR])."
                    ).format(
                        start=run[0],
                        end=run[-1],
                        first=min(self.known_years),
                        last=max(self.known_years),
                    )
                )
            else:
                warnings.append(
                    _(
                        "no holiday calendar is known to normdocs; counting Monday to Friday as "
                        "working days in {start}–{end}. A year's schedule goes in the profile "
                        "([calendar.years.YEAR])."
                    ).format(start=run[0], end=run[-1])
                )
        return warnings

    def fallback_warning(self, year: int) -> Msg:
        """The warning to show once for a year counted Monday to Friday."""
        if not self.known_years:
            return _(
                "no holiday calendar is known to normdocs; counting Monday to Friday as working "
                "days in {year}. Add that year's schedule to the profile ([calendar.years.{year}])."
            ).format(year=year)
        return _(
            "{year} is outside the holiday calendar known to normdocs ({first}–{last}); "
            "counting Monday to Friday as working days. Add that year's schedule to the "
            "profile ([calendar.years.{year}]) when the State Council publishes it."
        ).format(year=year, first=min(self.known_years), last=max(self.known_years))
