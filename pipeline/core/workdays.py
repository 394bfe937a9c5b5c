"""England and Wales working days: Monday to Friday, less bank holidays.

Convention (DOMAIN.md): "within N working days of D" is on or before the N-th
working day after D; D itself is day 0, whether or not it is a working day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


class WorkingCalendar:
    def __init__(self) -> None:
        import holidays

        self._holidays: Any = holidays.country_holidays("GB", subdiv="ENG")

    def bank_holiday(self, day: date) -> str | None:
        """The bank holiday's name, when `day` is one that falls on a weekday."""
        if day.weekday() >= 5:
            return None
        name = self._holidays.get(day)
        return str(name) if name else None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and self.bank_holiday(day) is None

    def add(self, start: date, n: int) -> date:
        """The n-th working day after `start` (before it, when n is negative)."""
        step = timedelta(days=1 if n >= 0 else -1)
        day, left = start, abs(n)
        while left:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day

    def count(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative if end is earlier)."""
        if end < start:
            return -self.count(end, start)
        return sum(
            1
            for i in range(1, (end - start).days + 1)
            if self.is_working_day(start + timedelta(days=i))
        )
