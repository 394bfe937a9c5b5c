"""The review stage's requests to agencies (LLR 8.4-8.6): for each request in review.yaml,
a letter and the reply template to fill in, OUT/<reference>/review/requests/
<agency>-<kind>-letter.docx and <agency>-<kind>.xlsx. Saved under that name in the case
folder's review-returns/, the filled template is read back by case/review_returns.py."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..case.deadlines import case_deadlines_for
from ..case.model import Agency, CaseFolder, ReviewRequest
from ..case.review_forms import FORMS, Form
from ..case.review_returns import FOLDER, request_key
from ..case.review_stage import agreed, set_due
from ..case.validate import Validation
from ..core.files import atomic_path
from ..core.findings import Findings
from ..core.wording import long_date
from ..core.workdays import WorkingCalendar
from ..office.render import render
from ..rules.engine import compute, load_rules
from .letters import LetterDates, common_context, letter_agency, meeting_name

INPUT_ROWS = 200  # rows of the table ready to fill in


def request_due(folder: CaseFolder, request: ReviewRequest, sent: date) -> date | None:
    """The reply-by date of a request sent on `sent`: the `review-request` rule's (the date
    review.yaml sets, else its count from the day sent)."""
    review = folder.review
    assert review is not None
    rules = [r for r in load_rules(folder.partnership, Findings()) if r.id == "review-request"]
    fixed = set_due(review, request, sent)
    item = {"id": request_key(request), "sent": sent, "due": fixed}
    found, _ = compute(rules, {"review.requests[]": [item]}, sent, WorkingCalendar())
    return found[0].due if found else fixed


def letter_context(folder: CaseFolder, today: date) -> dict[str, Any]:
    """What every review-stage letter to an agency shares (the pseudonym only)."""
    case, meeting, review = folder.case, folder.meeting, folder.review
    assert case is not None and meeting is not None and review is not None
    start, end = folder.review_period()
    day = agreed(review)
    reviewer = review.reviewer
    return common_context(folder.partnership, today) | {
        "case": {"reference": case.reference, "pseudonym": case.child.pseudonym},
        "meeting_name": meeting_name(folder),
        "decision_date": meeting.date,
        "reviewer_sentence": f"The independent reviewer is {reviewer.name}." if reviewer else "",
        "terms": (
            f"The terms of reference, agreed on {long_date(day)}, are enclosed."
            if day
            else "The terms of reference are being agreed; we will send them to you."
        ),
        "period": f"{long_date(start)} to {long_date(end)}",
        "lines_of_enquiry": (
            review.terms_of_reference.lines_of_enquiry if review.terms_of_reference else []
        ),
    }


def write_requests(
    folder: CaseFolder, out: Path, today: date, dates: LetterDates
) -> tuple[list[Path], Findings]:
    """A letter and a reply template for each request in review.yaml; a finding for a letter
    that asks for a reply by a day already past."""
    case, review = folder.case, folder.review
    assert case is not None and review is not None
    shared = letter_context(folder, today)
    written: list[Path] = []
    findings = Findings()
    for i, request in enumerate(review.requests):
        agency = case.agency(request.agency)
        if agency is None:  # validation says so (value-invalid)
            continue
        name = request_key(request)
        base = out / folder.reference / "review" / "requests"
        letter, reply = base / f"{name}-letter.docx", base / f"{name}.xlsx"
        day = dates.date(f"review/requests/{letter.name}", request.sent, today)
        due = request_due(folder, request, day) or day
        if due < day:
            findings.add(
                "dates-contradict",
                f"The {FORMS[request.kind].title.lower()} request to {agency.name} is dated "
                f"{long_date(day)} but asks for a reply by {long_date(due)}, already past.",
                file="review.yaml",
                field=f"requests[{i}].due",
                hint="Agree a new reply-by date with the agency and record it as the request's "
                "due date in review.yaml.",
            )
        context = shared | request_fields(request, agency, due) | {"produced": day}
        render("review-request-letter", context, letter, day, folder.templates)
        write_reply_template(FORMS[request.kind], context, reply, day)
        written += [letter, reply]
    return written, findings


def request_fields(request: ReviewRequest, agency: Agency, due: date) -> dict[str, Any]:
    """The fields of one request's letter: the agency written to, and what is asked for."""
    form = FORMS[request.kind]
    file = f"{request_key(request)}.xlsx"
    details = {"kind": request.kind, "title": form.title, "file": file, "due": due}
    return {"agency": letter_agency(agency), "request": details}


def write_reply_template(form: Form, context: dict[str, Any], target: Path, made: date) -> None:
    """The reply template .xlsx: the form's answers, its table if it has one, and guidance;
    labels and headers locked, dates and Yes/No checked as typed."""
    import xlsxwriter

    case, agency = context["case"], context["agency"]
    with atomic_path(target) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        book.set_properties(
            {
                "title": f"{form.title} {case['reference']}",
                "company": context["partnership"]["name"],
                "created": datetime(made.year, made.month, made.day),
            }
        )
        cell = {"border": 1, "border_color": "#BFBFBF", "valign": "top", "text_wrap": True}
        styles = {
            "label": book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1,
                                      "text_wrap": True, "valign": "top"}),
            "title": book.add_format({"bold": True, "font_size": 13}),
            "note": book.add_format({"italic": True}),
            "help": book.add_format({"italic": True, "text_wrap": True, "valign": "top"}),
            "entry": book.add_format({"locked": False, **cell}),
            "date": book.add_format({"locked": False, "num_format": "dd/mm/yyyy", **cell}),
        }  # fmt: skip
        heading = f"{form.title}: {case['reference']} ({case['pseudonym']}), {agency['name']}"
        due = long_date(context["request"]["due"])
        sheet = book.add_worksheet(form.sheet)
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, 1, 90)
        sheet.set_column(2, 2, 50)
        sheet.write_string(0, 0, heading, styles["title"])
        sheet.write_string(1, 0, f"Reply by {due}. Period: {context['period']}.", styles["note"])
        for r, item in enumerate(form.labels, start=3):
            sheet.write_string(r, 0, item.label, styles["label"])
            sheet.write_string(r, 2, item.help, styles["help"])
            if item.label == "Case reference":
                sheet.write_string(r, 1, case["reference"], styles["label"])
            elif item.label == "Agency":
                sheet.write_string(r, 1, agency["name"], styles["entry"])
            elif item.kind == "date":
                sheet.write_blank(r, 1, None, styles["date"])
                sheet.data_validation(r, 1, r, 1, _DATE)
            elif item.kind == "yes-no":
                sheet.write_blank(r, 1, None, styles["entry"])
                sheet.data_validation(r, 1, r, 1, {"validate": "list", "source": ["Yes", "No"]})
            else:
                sheet.write_blank(r, 1, None, styles["entry"])
            if item.kind == "long":
                sheet.set_row(r, 150)
            elif len(item.help) > 55:  # tall enough for its guidance
                sheet.set_row(r, 15 * (len(item.help) // 55 + 1))
        sheet.protect("", {"format_rows": True, "format_columns": True})
        if form.columns:
            _table_sheet(book, form, heading, styles)
        guide = book.add_worksheet("Guidance")
        guide.set_column(0, 0, 110, book.add_format({"text_wrap": True, "valign": "top"}))
        for r, line in enumerate(_guidance(form, target.name, due)):
            guide.write_string(r, 0, line, styles["title"] if r == 0 else None)
        for each in book.worksheets():
            each.set_paper(9)  # A4
            each.set_landscape()
            each.fit_to_pages(1, 0)
        book.close()


_DATE = {
    "validate": "date",
    "criteria": "between",
    "minimum": date(1990, 1, 1),
    "maximum": date(2100, 12, 31),
    "error_type": "warning",
    "input_message": "A date: dd/mm/yyyy",
    "error_title": "Not a date",
    "error_message": "Type a date as dd/mm/yyyy (c. 03/10/2025 for an uncertain one).",
}


def _table_sheet(book: Any, form: Form, heading: str, styles: dict[str, Any]) -> None:
    sheet = book.add_worksheet(form.table)
    for col, column in enumerate(form.columns):
        fmt = styles["date"] if column.kind == "date" else styles["entry"]
        sheet.set_column(col, col, column.width, fmt)
    sheet.write_string(0, 0, heading, styles["title"])
    sheet.write_string(1, 0, "One row for each change. See the Guidance sheet.", styles["note"])
    for col, column in enumerate(form.columns):
        sheet.write_string(2, col, column.title, styles["label"])
        if column.kind == "date":
            sheet.data_validation(3, col, 2 + INPUT_ROWS, col, _DATE)
    sheet.freeze_panes(3, 0)
    sheet.protect("", {"format_rows": True, "format_columns": True, "insert_rows": True})


def _guidance(form: Form, name: str, due: str) -> list[str]:
    lines = [
        f"How to complete this {form.title.lower()} ({form.source})",
        "",
        f"Sheet {form.sheet}: answer each question in column B; the guidance is in column C. "
        "Dates as dd/mm/yyyy; Yes or No from the list. A long answer may run to several "
        "paragraphs (Alt+Enter starts a new line in a cell).",
    ]
    if form.columns:
        lines.append(
            f"Sheet {form.table}: one row for each change. Date: dd/mm/yyyy; if you do not "
            "know the exact date, type c. before it (c. 03/10/2025) or the month alone "
            "(October 2025): it is kept as uncertain, never made exact."
        )
    lines += [
        "Write about roles and the system, not to blame individuals.",
        "Do not rename the sheets or the labels, and do not add a password.",
        f"Send it back by {due} by secure email, under the same file name ({name}): the "
        f"partnership keeps it in the case's {FOLDER} folder and reads it as it is.",
    ]
    return lines


def outstanding(
    validation: Validation, today: date
) -> list[tuple[Agency, str, str, date | None, int]]:
    """The review-stage requests sent (by today) whose reply is missing, or came in after its date:
    (agency, what was asked, missing or received late, due, working days overdue)."""
    folder = validation.folder
    case, review = folder.case, folder.review
    if case is None or review is None:
        return []
    found, _ = case_deadlines_for(validation, today, Findings())
    dated = {d.rule.removeprefix("review-request:"): d for d in found}
    cal = WorkingCalendar()
    rows: list[tuple[Agency, str, str, date | None, int]] = []
    for request in review.requests:
        key, agency = request_key(request), case.agency(request.agency)
        d = dated.get(key)
        sent = request.sent
        if agency is None or d is None or d.due is None or sent is None or sent > today:
            continue
        what = FORMS[request.kind].title.lower()
        if d.met_on is None and key not in validation.review_returns:
            rows.append((agency, what, "missing", d.due, max(cal.count(d.due, today), 0)))
        elif d.met_on and d.met_on > d.due:
            rows.append((agency, what, "received late", d.due, cal.count(d.due, d.met_on)))
    return rows
