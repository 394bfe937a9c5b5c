"""The action plan workbook: every recommendation with its owner, due date, status and RAG."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ..case.model import CaseFolder
from ..core.files import atomic_path
from ..core.wording import prose
from ..office.excel import HEADER_STYLE
from ..rules.engine import add_months


def write_action_plan(folder: CaseFolder, target: Path, today: date) -> None:
    """OUT/.../action-plan.xlsx: one row per recommendation, RAG by formula."""
    import xlsxwriter

    review = folder.review
    assert review is not None and folder.case is not None
    with atomic_path(target) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        book.set_properties(
            {
                "title": f"Action plan {folder.reference}",
                "created": datetime(today.year, today.month, today.day),
            }
        )
        sheet = book.add_worksheet("Action plan")
        head = book.add_format(HEADER_STYLE)
        wrap = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
        when = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top", "border": 1})
        columns = [
            ("Recommendation", 10),
            ("Text", 60),
            ("Agencies", 24),
            ("Owner", 24),
            ("Due date", 12),
            ("Status", 14),
            ("RAG", 9),
            ("Evidence", 40),
        ]
        for col, (title, width) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, title, head)
        names = {a.key: a.name for a in folder.case.agencies}
        for r, rec in enumerate(review.recommendations, start=1):
            sheet.write_string(r, 0, rec.id, wrap)
            sheet.write_string(r, 1, prose(rec.text), wrap)
            sheet.write_string(r, 2, ", ".join(names.get(a, a) for a in rec.agencies), wrap)
            sheet.write_string(r, 3, rec.owner, wrap)
            if rec.due:
                sheet.write_datetime(r, 4, datetime(rec.due.year, rec.due.month, rec.due.day), when)
            else:
                sheet.write_blank(r, 4, None, when)
            status = rec.status or "Not started"
            sheet.write_string(r, 5, status, wrap)
            row = r + 1  # live in Excel: recalculated every day; its value as of `today` cached
            sheet.write_formula(
                r,
                6,
                f'=IF(F{row}="Complete","Done",IF(E{row}="","No date",IF(E{row}<TODAY(),"Red",'
                f'IF(E{row}<=EDATE(TODAY(),1),"Amber","Green"))))',
                wrap,
                rag(status, rec.due, today),
            )
            sheet.write_string(r, 7, rec.evidence, wrap)
        last = max(len(review.recommendations), 1)
        sheet.data_validation(
            1,
            5,
            last + 50,
            5,
            {
                "validate": "list",
                "source": ["Not started", "In progress", "Complete", "Not achieved"],
            },
        )
        sheet.set_column(9, 9, 42)
        sheet.write_string(0, 9, "RAG key (the word says it; the colour repeats it)", head)
        for i, (word, colour, meaning) in enumerate(RAG_KEY, start=1):
            shade = book.add_format({"bg_color": colour, "border": 1, "text_wrap": True})
            sheet.conditional_format(
                1, 0, last + 50, 7,
                {"type": "formula", "criteria": f'=$G2="{word}"', "format": shade},
            )  # fmt: skip
            sheet.write_string(i, 9, f"{word}: {meaning}", shade)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, last, len(columns) - 1)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.repeat_rows(0)
        sheet.fit_to_pages(1, 0)
        book.close()


RAG_KEY = [
    ("Red", "#FFC7CE", "overdue"),
    ("Amber", "#FFEB9C", "due within a month"),
    ("Green", "#C6EFCE", "on track (due in more than a month)"),
    ("Done", "#DDEBF7", "complete"),
    ("No date", "#EDEDED", "no due date recorded"),
]


def rag(status: str, due: date | None, today: date) -> str:
    """A recommendation's RAG as of `today`: what the sheet's formula gives that day."""
    if status == "Complete":
        return "Done"
    if due is None:
        return "No date"
    if due < today:
        return "Red"
    return "Amber" if due <= add_months(today, 1) else "Green"
