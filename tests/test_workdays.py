import csv
from datetime import date, timedelta

import pytest

from pipeline.core.workdays import WorkingCalendar

from .conftest import DATA

REFERENCE = DATA / "bank-holidays-england-and-wales.csv"  # the government's list, 2019-2027


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


def test_every_day_2019_to_2027_matches_the_government_list(cal: WorkingCalendar) -> None:
    with REFERENCE.open() as f:
        bank_holidays = {date.fromisoformat(row["date"]) for row in csv.DictReader(f)}
    assert len(bank_holidays) >= 70
    day = date(2019, 1, 1)
    wrong = []
    while day <= date(2027, 12, 31):
        expected = day.weekday() < 5 and day not in bank_holidays
        if cal.is_working_day(day) != expected:
            wrong.append(day)
        day += timedelta(days=1)
    assert wrong == []


# Hand-counted on the government list: D itself is day 0.
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (
            date(2026, 12, 18),
            5,
            date(2026, 12, 29),
        ),  # over Christmas Day and the Boxing Day substitute
        (date(2026, 12, 18), 15, date(2027, 1, 13)),  # and New Year's Day
        (date(2027, 3, 23), 5, date(2027, 4, 1)),  # over Good Friday and Easter Monday
        (date(2026, 10, 2), 5, date(2026, 10, 9)),  # an ordinary week
        (date(2026, 10, 3), 1, date(2026, 10, 5)),  # from a Saturday
        (date(2026, 10, 5), 0, date(2026, 10, 5)),
        (date(2027, 4, 7), -7, date(2027, 3, 25)),  # back over Easter
        (date(2020, 5, 7), 1, date(2020, 5, 11)),  # VE day moved the early May holiday
    ],
)
def test_add_working_days(cal: WorkingCalendar, start: date, n: int, expected: date) -> None:
    assert cal.add(start, n) == expected


def test_count_is_the_inverse_of_add(cal: WorkingCalendar) -> None:
    assert cal.count(date(2026, 12, 18), date(2027, 1, 13)) == 15
    assert cal.count(date(2027, 1, 13), date(2026, 12, 18)) == -15
    assert cal.count(date(2026, 12, 24), date(2026, 12, 28)) == 0


def test_the_cached_table_is_what_the_holidays_package_says() -> None:
    """The shipped table (pipeline/core/bank-holidays.txt) is only a cache of `holidays`:
    when a new release of the package changes a year, this fails until the table is made
    afresh (python scripts/make_bank_holidays.py)."""
    import holidays

    from pipeline.core.workdays import FIRST_YEAR, LAST_YEAR, _table

    years = range(FIRST_YEAR, LAST_YEAR + 1)
    library = holidays.country_holidays("GB", subdiv="ENG", years=years)
    assert _table() == {day: str(name) for day, name in library.items()}


def test_years_outside_the_table_ask_the_holidays_package(cal: WorkingCalendar) -> None:
    assert cal.bank_holiday(date(2050, 12, 26)) == "Boxing Day"  # a Monday
    assert cal.bank_holiday(date(1999, 8, 30)) == "Late Summer Bank Holiday"
    assert cal.is_working_day(date(2050, 12, 28))
