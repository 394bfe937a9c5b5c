"""Information requests to agencies, and the reply template they fill in.

The reply template is the contract's return (CASE-FORMAT.md) made for one agency:
a Summary sheet with the contract's labels, a Chronology sheet with the
canonical headers, guidance, dropdowns and date checks, header cells protected.
Filled in and dropped into returns/, it validates with no warnings.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..case.deadlines import case_deadlines, due_date
from ..case.model import Agency, CaseFolder
from ..case.returns import SUMMARY_LABELS, TITLES
from ..core.files import atomic_path
from ..core.findings import Findings
from ..core.outcome import Outcome, warning_lines
from ..core.wording import age, long_date
from ..office.render import render
from .letters import LetterDates, common_context, letter_agency, meeting_name

YES_NO_LABELS = {"Known to agency", "Records secured", "Still involved"}
DATE_LABELS = {"Date completed", "Involvement from", "Involvement to"}
INPUT_ROWS = 500
GUIDANCE = [
    "How to complete this return",
    "",
    "Summary sheet: answer each question in column B. Dates as dd/mm/yyyy; Yes or No from "
    "the list.",
    "Chronology sheet: one row for each contact, event or decision, oldest first or in any order.",
    "Date: dd/mm/yyyy. If you do not know the exact date, type c. before it (c. 03/10/2025), "
    "or the month alone (October 2025): it will be kept as uncertain, never made exact.",
    "Time: hh:mm (24-hour), if known.",
    "Source: who recorded it (role, not name, where possible).",
    "Event: what happened, in plain words. Action: what was done. Significance: why it matters.",
    "Key event: Yes for events the meeting should not miss.",
    "Child's voice / seen alone: what the child said, showed or wanted, and whether they were "
    "seen alone (optional; leave it empty when nothing was recorded).",
    "You may add your own columns to the right of Child's voice / seen alone; they are kept.",
    "Do not rename the sheets or the column headers, and do not add a password.",
    "Send the completed file back by secure email by the date in the letter.",
]


def returns_due(folder: CaseFolder, today: date) -> date | None:
    """The day the agencies' returns are due: the `agency-returns` rule's; where the profile
    has none (LLR 4.3.4: "the deadline included in the letter"), the first day the meeting
    may be held, so the returns are in for it."""
    found, _ = case_deadlines(folder, today, Findings())
    meeting = next((d for d in found if d.rule == "rapid-review-meeting"), None)
    opening = (meeting.window_start or meeting.due) if meeting else None
    return due_date(found, "agency-returns") or opening


def request_context(folder: CaseFolder, today: date) -> dict[str, Any]:
    """What every letter to an agency about the case shares (pseudonym only)."""
    case = folder.case
    assert case is not None
    incident = case.incident
    start, end = folder.review_period()
    harmed = "died" if incident.type == "death" else "was seriously harmed"
    notified = case.route == "notification"
    how = "notified to the National Panel" if notified else "referred to the partnership"
    outline = (
        f"{case.child.pseudonym}, aged {age(case.child.date_of_birth, incident.date)}, "
        f"{harmed} on {long_date(incident.date)}. Abuse or neglect is "
        f"{incident.abuse_or_neglect.replace('-', ' ')}. The case was {how} on "
        f"{long_date(case.notification.submitted or case.referral.received)}."
    )
    return common_context(folder.partnership, today) | {
        "case": {"reference": case.reference, "pseudonym": case.child.pseudonym},
        "outline": outline,
        "meeting_name": meeting_name(folder),
        "due": returns_due(folder, today) or today,
        "period": f"{long_date(start)} to {long_date(end)}",
        "sent": case.referral.requests_sent or case.referral.received,
    }


def annex_context(folder: CaseFolder, today: date) -> dict[str, Any]:
    """The identifying-details annex's fields: the child and family by name (never
    published; marked OFFICIAL-SENSITIVE: PERSONAL)."""
    case = folder.case
    assert case is not None
    return common_context(folder.partnership, today) | {
        "marking": "OFFICIAL-SENSITIVE: PERSONAL (identifying, never to be published)",
        "case": {"reference": case.reference, "pseudonym": case.child.pseudonym},
        "child": {
            "name": case.child.name,
            "date_of_birth": case.child.date_of_birth,
            "address": case.child.address or "Not recorded",
        },
        "family": [
            {
                "name": f.name,
                "relationship": f.relationship or "Not recorded",
                "date_of_birth": long_date(f.date_of_birth) or "Not recorded",
                "address": f.address or "Not recorded",
            }
            for f in case.family
        ],
    }


def build_requests(folder: CaseFolder, out: Path, today: date) -> Outcome:
    """`cspr requests`: for every agency a request letter, the identifying-details annex
    and the reply template."""
    case = folder.case
    assert case is not None
    context = request_context(folder, today)
    dates = LetterDates(out, folder.reference)
    result = Outcome()
    for agency in case.agencies:
        base = out / folder.reference / "requests" / agency.key
        letter = base.with_name(f"{agency.key}-letter.docx")
        day = dates.date(f"requests/{letter.name}", case.referral.requests_sent, today)
        if context["due"] < day:
            result.findings.add(
                "dates-contradict",
                f"The letter to {agency.name} is dated {long_date(day)} but asks for a reply by "
                f"{long_date(context['due'])}, which is already past.",
                file="case.yaml",
                field="referral.requests_sent",
                hint="Agree a new reply-by date with the agency, or record when the requests "
                "went (referral.requests_sent).",
            )
        agency_context = {"agency": letter_agency(agency), "produced": day}
        render("request-letter", context | agency_context, letter, day, folder.templates)
        annex = base.with_name(f"{agency.key}-annex.docx")
        render(
            "identifying-annex",
            annex_context(folder, day) | agency_context,
            annex,
            day,
            folder.templates,
        )
        template = base.with_name(f"{agency.key}-return.xlsx")
        write_reply_template(folder, agency, context, template, day)
        result.written += [letter, annex, template]
    dates.save()
    result.warnings = warning_lines(result.findings)
    return result


def write_reply_template(
    folder: CaseFolder, agency: Agency, context: dict[str, Any], target: Path, made: date
) -> None:
    """The reply template .xlsx for one agency: Summary, Chronology and Guidance sheets."""
    import xlsxwriter

    with atomic_path(target) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        book.set_properties(
            {
                "title": f"Information request reply {folder.reference}",
                "company": context["partnership"]["name"],
                "created": datetime(made.year, made.month, made.day),
            }
        )
        locked = book.add_format(
            {
                "bold": True,
                "bg_color": "#DCE6F1",
                "border": 1,
                "text_wrap": True,
                "valign": "top",
                "locked": True,
            }
        )
        title = book.add_format({"bold": True, "font_size": 13, "locked": True})
        note = book.add_format({"italic": True, "locked": True})
        entry = book.add_format(
            {
                "locked": False,
                "text_wrap": True,
                "valign": "top",
                "border": 1,
                "border_color": "#BFBFBF",
            }
        )
        entry_date = book.add_format(
            {
                "locked": False,
                "num_format": "dd/mm/yyyy",
                "border": 1,
                "border_color": "#BFBFBF",
                "valign": "top",
            }
        )
        entry_time = book.add_format(
            {
                "locked": False,
                "num_format": "hh:mm",
                "border": 1,
                "border_color": "#BFBFBF",
                "valign": "top",
            }
        )
        case_ref, pseudonym = context["case"]["reference"], context["case"]["pseudonym"]
        heading = f"Information request reply: {case_ref} ({pseudonym}), {agency.name}"
        due = long_date(context["due"])
        _summary_sheet(
            book,
            agency,
            case_ref,
            heading,
            due,
            context["period"],
            (locked, title, note, entry, entry_date),
        )
        _chronology_sheet(
            book, heading, context["period"], (locked, title, note, entry, entry_date, entry_time)
        )
        guide = book.add_worksheet("Guidance")
        wrapped = book.add_format({"text_wrap": True, "valign": "top"})
        guide.set_column(0, 0, 110, wrapped)
        for r, line in enumerate(GUIDANCE):
            guide.write_string(r, 0, line, title if r == 0 else wrapped)
        for sheet in (book.get_worksheet_by_name(n) for n in ("Summary", "Chronology")):
            sheet.set_landscape()
        for sheet in book.worksheets():
            sheet.set_paper(9)  # A4
            sheet.fit_to_pages(1, 0)  # one page wide, as many long as it takes
        book.close()


def _summary_sheet(
    book: Any,
    agency: Agency,
    reference: str,
    heading: str,
    due: str,
    period: str,
    formats: tuple[Any, ...],
) -> None:
    locked, title, note, entry, entry_date = formats
    sheet = book.add_worksheet("Summary")
    sheet.set_column(0, 0, 32)
    sheet.set_column(1, 1, 80)
    sheet.write_string(0, 0, heading, title)
    sheet.write_string(1, 0, f"Reply by {due}. Scoping period: {period}.", note)
    labels = list(SUMMARY_LABELS)
    for r, label in enumerate(labels, start=3):
        sheet.write_string(r, 0, label, locked)
        if label == "Case reference":
            sheet.write_string(r, 1, reference, locked)
        elif label == "Agency":
            sheet.write_string(r, 1, agency.name, entry)
        elif label in DATE_LABELS:
            sheet.write_blank(r, 1, None, entry_date)
            sheet.data_validation(
                r,
                1,
                r,
                1,
                {
                    "validate": "date",
                    "criteria": "between",
                    "minimum": date(1990, 1, 1),
                    "maximum": date(2100, 12, 31),
                    "input_message": "A date: dd/mm/yyyy",
                    "error_title": "Not a date",
                    "error_message": "Type a date as dd/mm/yyyy.",
                },
            )
        elif label in YES_NO_LABELS:
            sheet.write_blank(r, 1, None, entry)
            sheet.data_validation(r, 1, r, 1, {"validate": "list", "source": ["Yes", "No"]})
        else:
            sheet.write_blank(r, 1, None, entry)
            if (
                "involvement" in label.lower()
                or "learning" in label.lower()
                or "actions" in label.lower()
                or "practice" in label.lower()
            ):
                sheet.set_row(r, 60)
    sheet.protect("", {"format_rows": True, "format_columns": True})


def _chronology_sheet(book: Any, heading: str, period: str, formats: tuple[Any, ...]) -> None:
    locked, title, note, entry, entry_date, entry_time = formats
    sheet = book.add_worksheet("Chronology")
    headers = [TITLES[key] for key in TITLES]
    widths = [12, 8, 22, 60, 36, 36, 10, 40]
    for col, width in enumerate(widths):
        fmt = entry_date if col == 0 else entry_time if col == 1 else entry
        sheet.set_column(col, col, width, fmt)
    sheet.set_column(len(widths), 25, 20, entry)  # the agency's own columns
    sheet.write_string(0, 0, heading, title)
    sheet.write_string(1, 0, f"Events from {period}: one row each. See the Guidance sheet.", note)
    header_row = 2
    for col, name in enumerate(headers):
        sheet.write_string(header_row, col, name, locked)
    sheet.freeze_panes(header_row + 1, 0)
    first, last = header_row + 1, header_row + INPUT_ROWS
    sheet.data_validation(
        first,
        0,
        last,
        0,
        {
            "validate": "date",
            "criteria": "between",
            "minimum": date(1990, 1, 1),
            "maximum": date(2100, 12, 31),
            "error_type": "warning",
            "input_title": "Date",
            "input_message": "dd/mm/yyyy; for an uncertain date type "
            "c. 03/10/2025 or October 2025 and choose Yes to keep it.",
            "error_title": "Not a date",
            "error_message": "This is not a date. Keep it only if "
            "it is an uncertain date (c. 03/10/2025, October 2025).",
        },
    )
    sheet.data_validation(
        first,
        1,
        last,
        1,
        {
            "validate": "time",
            "criteria": "between",
            "minimum": 0,
            "maximum": 0.99999,
            "error_type": "warning",
            "input_message": "hh:mm (24-hour)",
        },
    )
    sheet.data_validation(first, 6, last, 6, {"validate": "list", "source": ["Yes", "No"]})
    sheet.protect(
        "",
        {
            "format_rows": True,
            "format_columns": True,
            "insert_rows": True,
            "insert_columns": True,
            "sort": True,
            "autofilter": True,
        },
    )
