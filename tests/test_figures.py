"""The tracker's timescale figures over a folder of synthetic cases, against a hand count."""

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import html as lxml_html

from pipeline.tracker.figures import period, quarter_start

from .conftest import CHROMIUM, QUORUM, base_case, needs_chromium, run, write_case

TODAY = "2027-06-30"
PEOPLE = QUORUM


def notified(
    root: Path,
    reference: str,
    submitted: date | None,
    meeting: date,
    sent: date | None = None,
    outcome: str = "lcspr",
    review: dict[str, Any] | None = None,
) -> None:
    case = base_case(reference)
    case["became_aware"] = case["referral"]["received"] = submitted or meeting
    case["incident"]["date"] = submitted or meeting
    case["child"]["date_of_birth"] = date(2020, 1, 1)
    if submitted is None:
        case["route"] = "referral"
    else:
        case["notification"] = {"submitted": submitted}
    record = {"date": meeting, "attendees": PEOPLE}
    record["decision"] = {"outcome": outcome, "rationale": "Hand-counted."}
    if sent:
        record["sent_to_panel"] = sent
    files: dict[str, Any] = {"meeting": record}
    if review:
        files["review"] = review
    write_case(root, case, **files)


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """Six cases whose timescales are counted by hand below (national rules, Working
    Together 2023; working days count Monday to Friday, no bank holiday falls in them)."""
    # A: notified Mon 1 June 2026, due Mon 22 June; sent Fri 19 June: 14 working days.
    # Review done 1 Dec 2026 (due 10 Dec). Report sent Mon 1 Feb 2027, due Thu 4 Feb
    # (7 working days before Mon 15 Feb).
    notified(
        tmp_path,
        "A",
        date(2026, 6, 1),
        date(2026, 6, 10),
        date(2026, 6, 19),
        review={
            "completed": date(2026, 12, 1),
            "publication": {
                "planned_date": date(2027, 2, 15),
                "report_sent_to_panel": date(2027, 2, 1),
            },
        },
    )
    # B: notified Mon 8 June 2026, due Mon 29 June; sent Mon 6 July: 20 working days, late.
    # Review done 15 Feb 2027, due 30 Dec 2026: late. Report sent Mon 12 April 2027, due
    # Thu 8 April (7 working days before Mon 19 April): late.
    notified(
        tmp_path,
        "B",
        date(2026, 6, 8),
        date(2026, 6, 30),
        date(2026, 7, 6),
        review={
            "completed": date(2027, 2, 15),
            "publication": {
                "planned_date": date(2027, 4, 19),
                "report_sent_to_panel": date(2027, 4, 12),
            },
        },
    )
    # C: notified Wed 1 July 2026, due and sent Wed 22 July: 15 working days. No review.
    notified(tmp_path, "C", date(2026, 7, 1), date(2026, 7, 15), date(2026, 7, 22), "no-review")
    # D: notified Mon 4 January 2027, sent Fri 15 January: 9 working days. Review not done.
    notified(tmp_path, "D", date(2027, 1, 4), date(2027, 1, 12), date(2027, 1, 15))
    # E: sent to the Panel after today: not counted.
    notified(tmp_path, "E", date(2027, 6, 21), date(2027, 6, 28), date(2027, 7, 5))
    # F: a referral (no rapid review); meeting 1 Oct 2026, review done 31 March 2027, due
    # 1 April: on time.
    notified(tmp_path, "F", None, date(2026, 10, 1), review={"completed": date(2027, 3, 31)})
    return tmp_path / "cases"


# (financial year, quarter): rapid reviews completed, within 15 working days, share, median
# working days; local reviews completed, within 6 months, share; reports sent, on time, share
HAND_COUNT = {  # the quarters of 2027-28 after today (30 June 2027) are left out
    ("2026-27", "Q1 Apr-Jun"): (1, 1, 1.0, 14, 0, 0, "n/a", 0, 0, "n/a"),
    ("2026-27", "Q2 Jul-Sep"): (2, 1, 0.5, 17.5, 0, 0, "n/a", 0, 0, "n/a"),
    ("2026-27", "Q3 Oct-Dec"): (0, 0, "n/a", "n/a", 1, 1, 1.0, 0, 0, "n/a"),
    ("2026-27", "Q4 Jan-Mar"): (1, 1, 1.0, 9, 2, 1, 0.5, 1, 1, 1.0),
    ("2026-27", "Year"): (4, 3, 0.75, 14.5, 3, 2, 2 / 3, 1, 1, 1.0),
    ("2027-28", "Q1 Apr-Jun"): (0, 0, "n/a", "n/a", 0, 0, "n/a", 1, 0, 0.0),
    ("2027-28", "Year"): (0, 0, "n/a", "n/a", 0, 0, "n/a", 1, 0, 0.0),
}


def test_figures_sheet_equals_the_hand_count(cases: Path, tmp_path: Path) -> None:
    result = run("tracker", cases, "--out", tmp_path / "out", "--today", TODAY)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "out" / "tracker.xlsx")
    assert book.sheetnames[-1] == "Figures"
    sheet = book["Figures"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == [
        "Financial year",
        "Quarter",
        "Rapid reviews completed",
        "Within 15 working days",
        "Share within 15 working days",
        "Median working days, notification to completion",
    ]
    got = {(r[0], r[1]): tuple(r[2:]) for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    assert got.keys() == HAND_COUNT.keys()
    for period_, expected in HAND_COUNT.items():
        assert got[period_] == pytest.approx(expected), period_
    assert sheet["E2"].number_format == "0%"  # a share is a percentage


def test_the_page_charts_the_figures_with_a_table_for_each(cases: Path, tmp_path: Path) -> None:
    assert run("tracker", cases, "--out", tmp_path / "out", "--today", TODAY).exit_code == 0
    page = lxml_html.fromstring((tmp_path / "out" / "tracker.html").read_text())
    svgs = page.xpath("//svg[@class='figure']")
    assert len(svgs) == 3
    for svg in svgs:  # named for assistive technology: a title and a description
        labelled = svg.get("aria-labelledby").split()
        assert svg.get("role") == "img" and len(labelled) == 2
        assert all(page.xpath(f"//*[@id='{i}']") for i in labelled)
    desc = page.xpath("//*[@id='figure-rapid-review-desc']")[0].text_content()
    assert "2026-27 Q2 (Jul-Sep): 50% (1 of 2)." in desc
    assert "2026-27 (year): 75% (3 of 4)." in desc
    rows = page.xpath("//table[@id='figures-rapid-review']/tbody/tr")
    cells = {r[0].text_content(): [c.text_content() for c in r[1:]] for r in rows}
    assert cells["2026-27 (year)"] == ["4", "3", "75%", "14.5"]
    assert cells["2026-27 Q3 (Oct-Dec)"] == ["0", "0", "n/a", "n/a"]
    lcspr = page.xpath("//table[@id='figures-lcspr']/tbody/tr")
    assert [c.text_content() for c in lcspr[4]] == ["2026-27 (year)", "3", "2", "67%"]
    widths = page.xpath("//svg[@aria-labelledby='figure-report-title figure-report-desc']//rect")
    assert [r.get("width") for r in widths][:5] == ["0", "0", "0", "300", "300"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 3, 31), ("2026-27", 4)),
        (date(2027, 4, 1), ("2027-28", 1)),
        (date(2026, 9, 30), ("2026-27", 2)),
        (date(2026, 10, 1), ("2026-27", 3)),
        (date(1999, 12, 31), ("1999-00", 3)),
    ],
)
def test_financial_year_and_quarter(day: date, expected: tuple[str, int]) -> None:
    assert period(day) == expected
    assert quarter_start(*expected) <= day < quarter_start(*expected) + timedelta(days=92)


def test_no_steps_done_says_so(tmp_path: Path) -> None:
    write_case(tmp_path)
    assert run("tracker", tmp_path / "cases", "--out", tmp_path / "out").exit_code == 0
    book = openpyxl.load_workbook(tmp_path / "out" / "tracker.xlsx")
    assert book["Figures"].max_row == 1  # the header alone
    text = (tmp_path / "out" / "tracker.html").read_text()
    assert text.count("No case has completed this step yet.") == 3


@needs_chromium
def test_the_charts_pass_axe(cases: Path, tmp_path: Path) -> None:
    """axe-core finds no violation on the page with its charts and the national themes."""
    import playwright.sync_api as playwright
    from axe_playwright_python.sync_playwright import Axe

    assert run("tracker", cases, "--out", tmp_path / "out", "--today", TODAY).exit_code == 0
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page()
            page.goto((tmp_path / "out" / "tracker.html").as_uri())
            assert page.locator("svg.figure rect").count() > 0
            response = Axe().run(page).response
        finally:
            browser.close()
    violations = [(v["id"], v["help"]) for v in response["violations"]]
    assert not violations, violations
