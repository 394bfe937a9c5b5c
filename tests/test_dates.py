from datetime import date, datetime, time

import pytest

from pipeline.core.dates import DateError, parse_date, parse_time

EXACT = [
    (date(2025, 10, 3), "real date"),
    (datetime(2025, 10, 3, 14, 0), "real date-time"),
    ("2025-10-03", "ISO"),
    ("03/10/2025", "dd/mm/yyyy"),
    ("3/10/25", "d/m/yy"),
    ("3.10.2025", "dots"),
    ("03-10-2025", "dashes"),
    ("3 Oct 2025", "short month"),
    ("3 October 2025", "long month"),
    ("3rd October 2025", "ordinal"),
    ("03-Oct-2025", "Excel text style"),
    ("  3   October 2025 ", "extra spaces"),
]


@pytest.mark.parametrize(("value", "form"), EXACT, ids=[f for _, f in EXACT])
def test_each_exact_form_reads_as_3_october_2025(value: object, form: str) -> None:
    parsed = parse_date(value)
    assert (parsed.earliest, parsed.latest, parsed.uncertain) == (
        date(2025, 10, 3),
        date(2025, 10, 3),
        False,
    )


UNCERTAIN = [
    ("?03/10/2025", date(2025, 10, 3), date(2025, 10, 3), "c. 03/10/2025"),
    ("c. 3/10/2025", date(2025, 10, 3), date(2025, 10, 3), "c. 03/10/2025"),
    ("c.3 Oct 2025", date(2025, 10, 3), date(2025, 10, 3), "c. 03/10/2025"),
    ("03/10/2025?", date(2025, 10, 3), date(2025, 10, 3), "c. 03/10/2025"),
    ("October 2025", date(2025, 10, 1), date(2025, 10, 31), "c. October 2025"),
    ("Feb 2024", date(2024, 2, 1), date(2024, 2, 29), "c. February 2024"),
    ("c. 2019", date(2019, 1, 1), date(2019, 12, 31), "c. 2019"),
]


@pytest.mark.parametrize(("value", "earliest", "latest", "shown"), UNCERTAIN)
def test_uncertain_dates_stay_uncertain(
    value: str, earliest: date, latest: date, shown: str
) -> None:
    parsed = parse_date(value)
    assert parsed.uncertain
    assert (parsed.earliest, parsed.latest) == (earliest, latest)
    assert parsed.display() == shown
    assert parsed.text == value.strip()


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("31/02/2026", "February 2026 has 28 days"),
        ("10/13/2025", "day-first"),
        ("29/02/2025", "no day 29"),
        ("00/10/2025", "no day 0"),
        ("3 Octember 2025", "not a month"),
        ("yesterday", "not a date"),
        ("", "empty"),
        (45678.0, "number"),
    ],
)
def test_impossible_dates_are_errors_that_say_why(value: object, says: str) -> None:
    with pytest.raises(DateError, match=says):
        parse_date(value)


def test_month_day_order_error_suggests_the_day_first_form() -> None:
    with pytest.raises(DateError, match="13/10/2025"):
        parse_date("10/13/2025")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (time(14, 30), time(14, 30)),
        ("14:30", time(14, 30)),
        ("1430", time(14, 30)),
        ("14.30", time(14, 30)),
        ("2.30pm", time(14, 30)),
        ("9am", time(9, 0)),
        ("1430 hrs", time(14, 30)),
        (0.5, time(12, 0)),
        ("", None),
        (None, None),
        (datetime(1899, 12, 31, 8, 5), time(8, 5)),
    ],
)
def test_times(value: object, expected: time | None) -> None:
    assert parse_time(value) == expected


@pytest.mark.parametrize("value", ["25:00", "teatime", "13pm", "12:75"])
def test_bad_times_are_errors(value: str) -> None:
    with pytest.raises(DateError):
        parse_time(value)
