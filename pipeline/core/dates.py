"""Dates and times as agencies write them in their returns (CASE-FORMAT.md).

Day-first always. A leading `?`, `c.` or `circa`, a month alone or a year alone
makes a date uncertain: it keeps its earliest and latest possible day and is
never silently made exact.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NewType

# A day, or a moment in it: a `date`, or a `datetime` where a time was recorded
# (case.yaml milestones, written 2026-12-01 or 2026-12-01T14:30).
Moment = NewType("Moment", date)

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
# The years a date may have: outside them it is a typing slip (0001, 9999) or a cell
# holding 0, never an event of a child's life; and date arithmetic stays far from its limits.
YEAR_MIN, YEAR_MAX = 1900, 2100


@dataclass(frozen=True, slots=True)
class EventDate:
    """A date as an agency wrote it: the days it may be, and whether it is uncertain."""

    earliest: date
    latest: date
    uncertain: bool
    text: str  # as the agency wrote it, for display and provenance

    @property
    def day(self) -> date:
        """The day it sorts at: the earliest possible."""
        return self.earliest

    def display(self) -> str:
        if not self.uncertain:
            return self.earliest.strftime("%d/%m/%Y")
        if self.earliest == self.latest:
            return f"c. {self.earliest:%d/%m/%Y}"
        if self.earliest.day == 1 and self.latest == _month_end(self.earliest):
            return f"c. {self.earliest:%B %Y}"
        if (self.earliest.month, self.earliest.day, self.latest.month, self.latest.day) == (
            1,
            1,
            12,
            31,
        ):
            return f"c. {self.earliest.year}"
        return f"c. {self.earliest:%d/%m/%Y} - {self.latest:%d/%m/%Y}"


class DateError(ValueError):
    """The text is not a date; the message says why, in the user's terms."""


# Day 0 of Excel's calendar as readers give it (a cell holding 0 formatted as a date).
EXCEL_DAY_ZERO = (date(1899, 12, 30), date(1899, 12, 31))
_YEARS = f"years run {YEAR_MIN}-{YEAR_MAX}"


def _q(text: object) -> str:
    """Text as quoted in a message, cut to 40 characters."""
    shown = str(text)
    return f"'{shown if len(shown) <= 40 else shown[:37] + '...'}'"


def _short(value: object) -> str:
    """A value for a message, kept short (and never a 5,000-digit number written out)."""
    if isinstance(value, int) and abs(value) >= 10**20:
        return "a number of over 20 digits"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_UNCERTAIN = re.compile(r"^(\?|c\.|c\s|ca\.|circa\b|approx\.?|approximately\b)\s*", re.I)
_TRAILING_Q = re.compile(r"\s*\?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}[:.]\d{2}(?::\d{2})?))?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:\s+(\d{1,2}[:.]\d{2}))?$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-]+([A-Za-z]+)\.?,?[\s\-]+(\d{2}|\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?,?[\s\-]+(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_NUMERIC_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{4})$")


def parse_date(value: object) -> EventDate:
    """An EventDate from a spreadsheet cell value; DateError when it is not one."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        shown = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
        if value in EXCEL_DAY_ZERO:
            raise DateError(
                f"'{shown}' is day 0 of the spreadsheet calendar: the cell holds 0, not a date "
                "(Excel shows it as 00/01/1900); type the event's date"
            )
        if not YEAR_MIN <= value.year <= YEAR_MAX:
            raise DateError(f"'{shown}' has year {value.year}; {_YEARS}")
        return EventDate(value, value, False, shown)
    if isinstance(value, time):
        raise DateError(
            f"the cell holds the time {value:%H:%M} and no date"
            + (", or the number 0 (which Excel shows as 00/01/1900)" if value == time() else "")
            + "; type the event's date"
        )
    if isinstance(value, timedelta):
        raise DateError("the cell holds a duration, not a date; format the cell as a date")
    if isinstance(value, bool) or not isinstance(value, str):
        raise DateError(f"{_short(value)} is a number, not a date; format the cell as a date")
    text = " ".join(value.split())
    if not text:
        raise DateError("the date is empty")
    body, uncertain = text, False
    if _UNCERTAIN.match(body):
        body, uncertain = _UNCERTAIN.sub("", body), True
    if _TRAILING_Q.search(body):
        body, uncertain = _TRAILING_Q.sub("", body), True
    earliest, latest = _parse_body(body, text)
    return EventDate(earliest, latest, uncertain or earliest != latest, text)


def _parse_body(body: str, text: str) -> tuple[date, date]:
    if m := _ISO.match(body):
        day = _make(int(m[1]), int(m[2]), int(m[3]), text)
        return day, day
    if m := _NUMERIC.match(body):
        day_n, month_n = int(m[1]), int(m[2])
        if month_n > 12 and 1 <= day_n <= 12:
            raise DateError(
                f"{_q(text)} has month {month_n}: dates are day-first (dd/mm/yyyy); "
                f"if this is {month_n} {calendar.month_name[day_n]}, write "
                f"{month_n:02d}/{day_n:02d}/{_year(m[3])}"
            )
        day = _make(_year(m[3]), month_n, day_n, text)
        return day, day
    if m := _WORDS.match(body):
        day = _make(_year(m[3]), _month(m[2], text), int(m[1]), text)
        return day, day
    if m := _MONTH_YEAR.match(body):
        first = _make(int(m[2]), _month(m[1], text), 1, text)
        return first, _month_end(first)
    if m := _NUMERIC_MONTH_YEAR.match(body):
        first = _make(int(m[2]), int(m[1]), 1, text)
        return first, _month_end(first)
    if m := _YEAR.match(body):
        first = _make(int(m[1]), 1, 1, text)
        return first, first.replace(month=12, day=31)
    raise DateError(
        f"{_q(text)} is not a date in a form we read (e.g. 03/10/2025 or 3 October 2025)"
    )


def _year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _month(name: str, text: str) -> int:
    month = MONTHS.get(name.lower())
    if month is None:
        raise DateError(f"{_q(text)}: {_q(name)} is not a month")
    return month


def _make(year: int, month: int, day: int, text: str) -> date:
    if not 1 <= month <= 12:
        raise DateError(f"{_q(text)} has month {month}; months run 1-12 (dates are dd/mm/yyyy)")
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise DateError(f"{_q(text)} has year {year}; {_YEARS}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(
            f"{_q(text)}: {calendar.month_name[month]} {year} has {last} days, "
            f"so there is no day {day}"
        )
    return date(year, month, day)


def _month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$", re.I)
_TIME_4 = re.compile(r"^(\d{2})(\d{2})(?:\s*(?:hrs|h))?$", re.I)


def parse_time(value: object) -> time | None:
    """A time of day from a cell; None when the cell is empty; DateError when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, time):
        return value.replace(microsecond=0)
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds()) % 86400
        return time(seconds // 3600, seconds % 3600 // 60)
    if isinstance(value, float | int) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return time(minutes // 60 % 24, minutes % 60)
    if (
        isinstance(value, str)
        and len(value) == 5
        and value[2] == ":"
        and value.isascii()
        and value[:2].isdigit()
        and value[3:].isdigit()
    ):
        hour, minute = int(value[:2]), int(value[3:])  # the usual hh:mm, quickly
        if hour < 24 and minute < 60:
            return time(hour, minute)
    if not isinstance(value, str | float | int) or isinstance(value, bool):
        raise DateError(f"{_short(value)} is not a time (hh:mm)")
    if isinstance(value, int) and abs(value) >= 10**20:
        raise DateError(f"{_short(value)} is not a time (hh:mm)")
    text = str(value).strip().lower().replace(" hrs", "").replace("hrs", "")
    if m := _TIME_4.match(text):
        hour, minute, suffix = int(m[1]), int(m[2]), None
    elif (m := _TIME.match(text)) and (m[2] or m[4]):
        hour, minute, suffix = int(m[1]), int(m[2] or 0), m[4]
    else:
        raise DateError(f"{_q(value)} is not a time (hh:mm)")
    if suffix:
        if not 1 <= hour <= 12:
            raise DateError(f"{_q(value)} is not a time (hh:mm)")
        hour = hour % 12 + (12 if suffix.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise DateError(f"{_q(value)} is not a time (hh:mm)")
    return time(hour, minute)
