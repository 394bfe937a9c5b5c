"""England and Wales working days: Monday to Friday, less bank holidays.

Convention (DOMAIN.md): "within N working days of D" is on or before the N-th
working day after D; D itself is day 0, whether or not it is a working day.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

# The `holidays` package's answer for these years, cached as a table (it takes about
# 0.1 s to import); scripts/make_bank_holidays.py writes it and a test keeps it equal.
TABLE = Path(__file__).with_name("bank-holidays.txt")
FIRST_YEAR, LAST_YEAR = 2000, 2045


@cache
def _table() -> dict[date, str]:
    rows = TABLE.read_text(encoding="utf-8").splitlines()
    pairs = (row.split(" ", 1) for row in rows if row and not row.startswith("#"))
    return {date.fromisoformat(day): name for day, name in pairs}


@cache
def _library() -> Any:
    import holidays

    return holidays.country_holidays("GB", subdiv="ENG")


class WorkingCalendar:
    def bank_holiday(self, day: date) -> str | None:
        """The bank holiday's name, when `day` is one that falls on a weekday."""
        if day.weekday() >= 5:
            return None
        if FIRST_YEAR <= day.year <= LAST_YEAR:
            return _table().get(day)
        name = _library().get(day)
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
