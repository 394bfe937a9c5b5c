"""Chasing: agencies whose return is missing or late (the rapid review's, and the review
stage's requests), chase.csv, and reminder letters for the rapid review's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..case.model import Agency
from ..case.validate import Validation
from ..core.files import write_csv
from ..core.outcome import Outcome
from ..core.terminal import table
from ..core.wording import long_date, short_date
from ..core.workdays import WorkingCalendar
from ..office.render import render
from .letters import letter_agency
from .requests import request_context, returns_due
from .review_requests import outstanding

RAPID = "information request"


@dataclass
class Chase:
    agency: Agency
    status: str  # "missing" or "received late"
    due: date | None
    days_overdue: int
    request: str = RAPID  # or what a review-stage request asked for ("information report")


def chase_list(validation: Validation, today: date) -> list[Chase]:
    """Agencies whose return is missing, or came in after the due date."""
    folder = validation.folder
    case = folder.case
    assert case is not None
    due = returns_due(folder, today)
    cal = WorkingCalendar()
    found = []
    for agency in case.agencies:
        ret = validation.returns.get(agency.key)
        completed = ret.summary.date_completed if ret and ret.summary else None
        if ret is None:
            overdue = max(cal.count(due, today), 0) if due else 0
            found.append(Chase(agency, "missing", due, overdue))
        elif due and completed and completed > due:
            found.append(Chase(agency, "received late", due, cal.count(due, completed)))
    for agency, what, status, day, overdue in outstanding(validation, today):
        found.append(Chase(agency, status, day, overdue, what))
    return found


def write_chase(validation: Validation, chases: list[Chase], out: Path, today: date) -> list[Path]:
    """chase.csv, and a reminder letter to each agency whose return is missing.

    Every cell of chase.csv is literal text in a spreadsheet: a contact written
    `=HYPERLINK(...)`, `@SUM(1)` or `+44 ...` gets a leading quote (core/files.py)."""
    folder = validation.folder
    base = out / folder.reference
    rows: list[list[object]] = [
        [
            "agency_key",
            "agency",
            "contact",
            "email",
            "phone",
            "status",
            "due",
            "working_days_overdue",
            "request",
        ]
    ]
    for c in chases:
        contact = c.agency.contact
        rows.append(
            [
                c.agency.key,
                c.agency.name,
                contact.name,
                contact.email,
                contact.phone,
                c.status,
                c.due.isoformat() if c.due else "",
                c.days_overdue,
                c.request,
            ]
        )
    write_csv(base / "chase.csv", rows)
    written = [base / "chase.csv"]
    context = request_context(folder, today)
    for c in chases:
        if c.status != "missing" or c.request != RAPID:
            continue
        if c.due and today > c.due:
            status = (
                f"It was due on {long_date(c.due)} and is now {c.days_overdue} working "
                f"day{'s' if c.days_overdue != 1 else ''} overdue."
            )
        else:
            status = f"It is due on {long_date(c.due)}." if c.due else ""
        target = base / "requests" / f"{c.agency.key}-reminder.docx"
        reminder = context | {"agency": letter_agency(c.agency), "status": status}
        render("reminder-letter", reminder, target, today, folder.templates)
        written.append(target)
    return written


def build_chase(validation: Validation, out: Path, today: date) -> Outcome:
    """`cspr chase`: the chase list as a table, chase.csv and the reminder letters."""
    chases = chase_list(validation, today)
    if not chases:
        notes = ["Every agency's return is in, on time."]
    else:
        rows = [
            [
                c.agency.key,
                c.agency.name,
                c.agency.contact.name,
                c.agency.contact.email,
                c.agency.contact.phone,
                c.status,
                short_date(c.due),
                str(c.days_overdue),
                c.request,
            ]
            for c in chases
        ]
        headers = ["Agency", "Name", "Contact", "Email", "Phone", "Status", "Due"]
        notes = [table([*headers, "Working days overdue", "Request"], rows, wrap=(1,))]
    return Outcome(written=write_chase(validation, chases, out, today), notes=notes)
