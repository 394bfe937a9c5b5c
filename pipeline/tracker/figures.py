"""Timescale figures across cases, as the National Panel and inspectors ask for them: per
financial year (April to March, as the Panel's annual reports) and quarter, how many rapid
reviews were completed and how many within 15 working days, the median working days from
the notification to completion, local reviews completed within 6 months, and full reports
sent to the Panel, Ofsted and DfE on time before publication.

Counted from the deadline engine's dates for each case (rules rapid-review-complete,
lcspr-complete, report-to-panel), so a partnership's own timescale is the one counted: a
step is "on time" when it was done on or before its deadline, and counts in the quarter it
was done. Computed with the standard library (collections, statistics): a few dozen rows do
not need pandas, which stays a development dependency.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core.workdays import WorkingCalendar
from ..rules.engine import Deadline

# measure key: (rule, what the figure counts, "within ..." as the workbook heads it)
MEASURES = {
    "rapid-review": ("rapid-review-complete", "Rapid reviews completed", "within 15 working days"),
    "lcspr": ("lcspr-complete", "Local reviews completed", "within 6 months"),
    "report": (
        "report-to-panel",
        "Reports sent to the Panel, Ofsted and DfE before publication",
        "on time",
    ),
}
QUARTERS = {1: "Apr-Jun", 2: "Jul-Sep", 3: "Oct-Dec", 4: "Jan-Mar"}


@dataclass(frozen=True)
class Done:
    """A step a case has done that a figure counts: on time or not, and for a rapid review
    the working days from the day its count starts (the notification) to completion."""

    measure: str
    day: date
    on_time: bool
    working_days: int | None = None


def done_steps(deadlines: list[Deadline], cal: WorkingCalendar) -> list[Done]:
    """The steps of one case's deadlines that the figures count."""
    by_rule = {rule: key for key, (rule, _, _) in MEASURES.items()}
    steps = []
    for d in deadlines:
        key = by_rule.get(d.rule)
        if key is None or d.status != "met" or d.met_on is None or d.due is None:
            continue
        days = None
        if key == "rapid-review" and d.counted_from is not None:
            days = cal.count(d.counted_from, d.met_on)
        steps.append(Done(key, d.met_on, d.met_on <= d.due, days))
    return steps


def period(day: date) -> tuple[str, int]:
    """The financial year ("2026-27") and its quarter (1: April to June) of a day."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}", (day.month - 4) % 12 // 3 + 1


def quarter_start(year: str, quarter: int) -> date:
    """The first day of a quarter of a financial year ("2026-27", 1: 1 April 2026)."""
    month = 4 + 3 * (quarter - 1)
    return date(int(year[:4]) + (month > 12), month - 12 * (month > 12), 1)


@dataclass
class Figure:
    """One measure over one period."""

    done: int = 0
    on_time: int = 0
    median_days: float | None = None

    @property
    def share(self) -> float | None:
        return self.on_time / self.done if self.done else None

    def words(self) -> str:
        """The share in words: 67% (2 of 3), or none completed."""
        if not self.done:
            return "none completed"
        return f"{round(100 * self.on_time / self.done)}% ({self.on_time} of {self.done})"


@dataclass
class Period:
    """A quarter (`quarter` 1-4) or a whole financial year (`quarter` 0), each measure's
    figure in it."""

    year: str
    quarter: int
    figures: dict[str, Figure]

    @property
    def label(self) -> str:
        if not self.quarter:
            return f"{self.year} (year)"
        return f"{self.year} Q{self.quarter} ({QUARTERS[self.quarter]})"


def figures(all_steps: list[list[Done]], today: date | None = None) -> list[Period]:
    """Every quarter of each financial year with a step done (less those that begin after
    `today`), then the year's total."""
    grouped: dict[tuple[str, int], list[Done]] = defaultdict(list)
    for steps in all_steps:
        for step in steps:
            year, quarter = period(step.day)
            grouped[(year, quarter)].append(step)
            grouped[(year, 0)].append(step)
    out = []
    for year in sorted({y for y, _ in grouped}):
        for quarter in (1, 2, 3, 4, 0):
            if quarter and today and quarter_start(year, quarter) > today:
                continue
            steps = grouped.get((year, quarter), [])
            out.append(Period(year, quarter, {key: _figure(steps, key) for key in MEASURES}))
    return out


def _figure(steps: list[Done], key: str) -> Figure:
    mine = [s for s in steps if s.measure == key]
    days = [s.working_days for s in mine if s.working_days is not None]
    return Figure(
        len(mine), sum(s.on_time for s in mine), statistics.median(days) if days else None
    )


COLUMNS = [
    ("Financial year", 14),
    ("Quarter", 12),
    ("Rapid reviews completed", 14),
    ("Within 15 working days", 14),
    ("Share within 15 working days", 14),
    ("Median working days, notification to completion", 18),
    ("Local reviews completed", 14),
    ("Within 6 months", 12),
    ("Share within 6 months", 12),
    ("Reports sent to the Panel before publication", 18),
    ("Sent on time", 12),
    ("Share on time", 12),
]


def write_sheet(book: Any, periods: list[Period], head: dict[str, Any], text: Any) -> None:
    """The Figures sheet of tracker.xlsx: one row a quarter, then the year's total in bold;
    a share is a percentage, "n/a" where nothing was completed. `head` is the header style."""
    sheet = book.add_worksheet("Figures")
    header = book.add_format(head | {"text_wrap": True, "valign": "top"})
    share = book.add_format({"num_format": "0%", "valign": "top", "border": 1})
    bold = book.add_format({"bold": True, "valign": "top", "border": 1, "text_wrap": True})
    bold_share = book.add_format({"bold": True, "num_format": "0%", "border": 1})
    none = {False: book.add_format({"align": "right", "border": 1})}
    none[True] = book.add_format({"align": "right", "border": 1, "bold": True})
    sheet.set_row(0, 45)
    for c, (title, width) in enumerate(COLUMNS):
        sheet.set_column(c, c, width)
        sheet.write_string(0, c, title, header)
    for r, p in enumerate(periods, start=1):
        total = p.quarter == 0
        look = bold if total else text
        sheet.write_string(r, 0, p.year, look)
        sheet.write_string(r, 1, "Year" if total else f"Q{p.quarter} {QUARTERS[p.quarter]}", look)
        c = 2
        for key in MEASURES:
            f = p.figures[key]
            sheet.write_number(r, c, f.done, look)
            sheet.write_number(r, c + 1, f.on_time, look)
            if f.share is None:
                sheet.write_string(r, c + 2, "n/a", none[total])
            else:
                sheet.write_number(r, c + 2, f.share, bold_share if total else share)
            c += 3
            if key == "rapid-review":
                if f.median_days is None:
                    sheet.write_string(r, c, "n/a", none[total])
                else:
                    sheet.write_number(r, c, f.median_days, look)
                c += 1
    sheet.freeze_panes(1, 2)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_header("&LOFFICIAL-SENSITIVE&CFigures&RPrinted &D")
    sheet.set_footer("&CPage &P of &N")


BAR_WIDTH = 300  # pixels for 100%


def chart(periods: list[Period]) -> list[dict[str, Any]]:
    """The figures for the page's charts: per measure, a bar per period with its share and
    counts in words (the words and the table under each chart say what the bars show)."""
    charts = []
    for key, (_, title, within) in MEASURES.items():
        bars = []
        for n, p in enumerate(periods):
            f = p.figures[key]
            bars.append(
                {
                    "label": p.label,
                    "y": 24 + 22 * n,
                    "width": round(BAR_WIDTH * (f.share or 0)),
                    "words": f.words(),
                    "done": f.done,
                    "on_time": f.on_time,
                    "share": "n/a" if f.share is None else f"{round(100 * f.share)}%",
                    "year": p.quarter == 0,
                    "median": "n/a" if f.median_days is None else f"{f.median_days:g}",
                }
            )
        charts.append(
            {
                "key": key,
                "title": f"{title} {within}",
                "within": within,
                "days": key == "rapid-review",
                "bars": bars,
                "height": 34 + 22 * len(bars),
            }
        )
    return charts
