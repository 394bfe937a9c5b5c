"""The tracker: every case, every deadline, every decision (BHR 3.3, 6.1; BCP 13-15).

Reads every case folder under a cases folder (the YAML files, and which returns
are in: the returns themselves are not opened, so 1,000 cases take seconds) and
writes OUT/tracker.xlsx, OUT/tracker.html and OUT/deadlines.ics. A folder that
cannot be read is a row in error with the reason; it never stops the tracker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from .case import CaseFolder, load_case, load_partnership
from .deadlines import Deadline, Rule, case_facts, compute, load_rules
from .english import long_date, short_date
from .findings import Findings
from .meeting import learning_option, outcome
from .outputs import atomic_path, write_text
from .sheets import SUPPORTED
from .workdays import WorkingCalendar

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "tracker.html"
AMBER_DAYS = 5  # a deadline this many working days away or fewer makes a case amber
RAG_ORDER = {"Error": 0, "Red": 1, "Amber": 2, "Green": 3, "Closed": 4}


@dataclass
class Row:
    reference: str
    pseudonym: str = ""
    route: str = ""
    incident: str = ""
    incident_date: date | None = None
    stage: str = ""
    decision: str = ""
    learning_option: str = ""
    reviewer: str = ""
    next_title: str = ""
    next_due: date | None = None
    overdue: list[str] = field(default_factory=list)
    rag: str = "Green"
    publication: date | None = None
    published_until: date | None = None
    error: str = ""
    open: list[Deadline] = field(default_factory=list)
    recommendations: list[dict[str, Any]] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)


def case_folders(cases: Path) -> list[Path]:
    """Every case folder: each visible folder under `cases`."""
    return sorted(p for p in cases.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def read_cases(
    cases: Path, today: date, progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None
) -> list[Row]:
    """A row for every case folder, in error where it cannot be read."""
    findings = Findings()
    partnership = load_partnership(cases, findings)
    rules = load_rules(partnership, findings)
    cal = WorkingCalendar()
    folders = case_folders(cases)
    rows = []
    for path in progress(folders) if progress else folders:
        try:
            rows.append(case_row(path, partnership, rules, cal, today))
        except Exception as exc:  # one unreadable case must never stop the tracker
            rows.append(
                Row(
                    path.name,
                    stage="Error",
                    rag="Error",
                    error=f"internal error: {type(exc).__name__}: {exc}",
                )
            )
    return rows


def case_row(
    path: Path, partnership: Any, rules: list[Rule], cal: WorkingCalendar, today: date
) -> Row:
    findings = Findings()
    folder = load_case(path, findings, partnership)
    case = folder.case
    if case is None or findings.errors:
        reasons = [f"{f.file} {f.field}: {f.message}".replace("  ", " ") for f in findings.errors]
        return Row(
            path.name,
            stage="Error",
            rag="Error",
            error="; ".join(reasons[:3]) + (" ..." if len(reasons) > 3 else ""),
        )
    returns_in = _returns_in(folder)
    deadlines, _ = compute(rules, case_facts(folder), today, cal)
    all_in = returns_in == len(case.agencies)
    finished = bool(folder.review and folder.review.impact_checked)
    open_ = sorted(
        (
            d
            for d in deadlines
            if d.status in ("due", "overdue")
            and d.due
            and d.kind == "deadline"
            and not d.closed
            and not finished
            and not (all_in and d.rule == "agency-returns")
        ),
        key=lambda d: (d.due or date.max, d.rule),
    )
    row = Row(
        case.reference,
        case.child.pseudonym,
        case.route.capitalize(),
        "Death" if case.incident.type == "death" else "Serious harm",
        case.incident.date,
        stage=_stage(folder, returns_in, today),
        open=open_,
    )
    meeting, review = folder.meeting, folder.review
    if meeting:
        row.decision = outcome(meeting.decision.outcome)["name"]
        option = meeting.decision.learning_option
        row.learning_option = learning_option(option)["name"] if option else ""
        row.themes = list(meeting.themes)
    if review:
        row.reviewer = review.reviewer.name if review.reviewer else ""
        row.publication = review.publication.published or review.publication.planned_date
        row.recommendations = [
            {
                "id": r.id,
                "text": r.text,
                "owner": r.owner,
                "due": r.due,
                "status": r.status or "Not started",
            }
            for r in review.recommendations
        ]
    until = next((d for d in deadlines if d.rule == "published-until"), None)
    row.published_until = until.due if until else None
    row.overdue = [d.title for d in open_ if d.status == "overdue"]
    if open_:
        row.next_title, row.next_due = open_[0].title, open_[0].due
    row.rag = _rag(row, cal, today, closed=finished)
    return row


def _returns_in(folder: CaseFolder) -> int:
    """How many agencies' returns are in returns/ (by file name; contents are not read)."""
    box = folder.path / "returns"
    if not box.is_dir():
        return 0
    keys = {a.key.lower() for a in folder.raw_agencies}
    present = {
        p.stem.lower()
        for p in box.iterdir()
        if p.suffix.lower() in SUPPORTED and not p.name.startswith((".", "~$"))
    }
    return len(keys & present)


def _stage(folder: CaseFolder, returns_in: int, today: date) -> str:
    """The furthest step the case has reached."""
    case, meeting, review = folder.case, folder.meeting, folder.review
    assert case is not None
    publication = review.publication if review else None
    steps = [
        (bool(review and review.impact_checked), "Impact checked"),
        (bool(review and review.action_plan_completed), "Action plan complete"),
        (
            bool(
                publication
                and (
                    publication.published
                    or (publication.planned_date and publication.planned_date <= today)
                )
            ),
            "Published",
        ),
        (
            bool(review and review.completed)
            or (folder.path / "report" / "final-report.docx").is_file(),
            "Report received",
        ),
        (bool(review and review.reviewer and review.reviewer.commissioned), "Review commissioned"),
        (meeting is not None, "Decision"),
        (returns_in > 0, f"Returns in: {returns_in} of {len(case.agencies)}"),
        (case.referral.requests_sent is not None, "Information requested"),
        (case.notification.submitted is not None, "Notified"),
    ]
    return next((name for reached, name in steps if reached), "Referred")


def _rag(row: Row, cal: WorkingCalendar, today: date, closed: bool) -> str:
    if closed and not row.open:
        return "Closed"
    if row.overdue:
        return "Red"
    if row.next_due and cal.count(today, row.next_due) <= AMBER_DAYS:
        return "Amber"
    return "Green"


def write_all(rows: list[Row], out: Path, today: date) -> list[Path]:
    targets = [out / "tracker.xlsx", out / "tracker.html", out / "deadlines.ics"]
    write_xlsx(rows, targets[0], today)
    write_html(rows, targets[1], today)
    write_ics(rows, targets[2], today)
    return targets


CASE_COLUMNS = [
    ("Reference", 16),
    ("Child", 12),
    ("Route", 12),
    ("Incident", 13),
    ("Incident date", 12),
    ("Stage", 22),
    ("Decision", 30),
    ("Learning option", 24),
    ("Reviewer", 20),
    ("Next deadline", 40),
    ("Due", 12),
    ("Overdue", 40),
    ("RAG", 8),
    ("Publication", 12),
    ("Published until", 14),
    ("Error", 50),
]


def write_xlsx(rows: list[Row], target: Path, today: date) -> None:
    import xlsxwriter

    from .spreadsheet import HEADER_STYLE

    with atomic_path(target) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        book.set_properties(
            {
                "title": "Case review tracker",
                "created": datetime(today.year, today.month, today.day),
            }
        )
        head = book.add_format(HEADER_STYLE)
        text = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
        day = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top", "border": 1})
        rag = {
            name: book.add_format({"bold": True, "bg_color": colour, "border": 1})
            for name, colour in (
                ("Red", "#FFC7CE"),
                ("Amber", "#FFEB9C"),
                ("Green", "#C6EFCE"),
                ("Error", "#D9D9D9"),
                ("Closed", "#DDEBF7"),
            )
        }

        def sheet(name: str, columns: list[tuple[str, int]], values: list[list[Any]]) -> Any:
            ws = book.add_worksheet(name)
            for c, (title, width) in enumerate(columns):
                ws.set_column(c, c, width)
                ws.write_string(0, c, title, head)
            for r, cells in enumerate(values, start=1):
                for c, value in enumerate(cells):
                    if isinstance(value, date):
                        ws.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
                    elif isinstance(value, int | float):
                        ws.write_number(r, c, value, text)
                    elif value in rag and columns[c][0] in ("RAG",):
                        ws.write_string(r, c, value, rag[value])
                    elif value:
                        ws.write_string(r, c, str(value), text)
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, max(len(values), 1), len(columns) - 1)
            return ws

        sheet(
            "Cases",
            CASE_COLUMNS,
            [
                [
                    r.reference,
                    r.pseudonym,
                    r.route,
                    r.incident,
                    r.incident_date,
                    r.stage,
                    r.decision,
                    r.learning_option,
                    r.reviewer,
                    r.next_title,
                    r.next_due,
                    "; ".join(r.overdue),
                    r.rag,
                    r.publication,
                    r.published_until,
                    r.error,
                ]
                for r in rows
            ],
        )
        deadlines = sorted(
            ((d, r) for r in rows for d in r.open),
            key=lambda x: (x[0].due or date.max, x[1].reference),
        )
        sheet(
            "Open deadlines",
            [
                ("Due", 12),
                ("Reference", 16),
                ("Child", 12),
                ("Deadline", 50),
                ("Status", 10),
                ("Counted from", 14),
                ("Source", 40),
            ],
            [
                [d.due, r.reference, r.pseudonym, d.title, d.status, d.counted_from, d.source]
                for d, r in deadlines
            ],
        )
        sheet(
            "Recommendations",
            [
                ("Reference", 16),
                ("Child", 12),
                ("Id", 6),
                ("Recommendation", 60),
                ("Owner", 30),
                ("Due", 12),
                ("Status", 14),
            ],
            [
                [
                    r.reference,
                    r.pseudonym,
                    rec["id"],
                    rec["text"],
                    rec["owner"],
                    rec["due"],
                    rec["status"],
                ]
                for r in rows
                for rec in r.recommendations
            ],
        )
        themes = Counter(t.strip().capitalize() for r in rows for t in r.themes if t.strip())
        cases_with = {
            t: sorted(r.reference for r in rows if t in {x.strip().capitalize() for x in r.themes})
            for t in themes
        }
        sheet(
            "Themes",
            [("Theme", 30), ("Cases", 8), ("Recurrent", 10), ("References", 60)],
            [
                [t, n, "Yes" if n > 1 else "No", ", ".join(cases_with[t])]
                for t, n in sorted(themes.items(), key=lambda x: (-x[1], x[0]))
            ],
        )
        book.close()


def write_html(rows: list[Row], target: Path, today: date) -> None:
    """One self-contained page: no network, no external scripts or fonts."""
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters.update(
        long_date=long_date, short_date=short_date, iso=lambda d: d.isoformat() if d else ""
    )
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    ordered = sorted(
        rows, key=lambda r: (RAG_ORDER.get(r.rag, 9), r.next_due or date.max, r.reference)
    )
    write_text(
        target,
        template.render(
            rows=ordered,
            today=today,
            timeline=_timeline(rows, today),
            counts=Counter(r.rag for r in rows),
        ),
    )


def _timeline(rows: list[Row], today: date, days: int = 120) -> dict[str, Any]:
    """Positions for the upcoming-deadlines picture; overdue ones as one counted marker."""
    width, left = 960, 90
    scale = (width - left - 20) / days
    points: list[dict[str, Any]] = []
    overdue: list[str] = []
    stack = Counter[int]()
    for row in rows:
        for d in row.open:
            assert d.due is not None
            offset = (d.due - today).days
            label = f"{row.reference} {row.pseudonym}: {d.title}, {long_date(d.due)}"
            if offset < 0:
                overdue.append(label)
            elif offset <= days:
                x = left + offset * scale
                stack[round(x / 8)] += 1
                points.append(
                    {"x": round(x, 1), "y": 30 + 14 * stack[round(x / 8)], "label": label}
                )
    ticks = []
    first = today.replace(day=1)
    for month in range(5):
        day = (first + timedelta(days=32 * month)).replace(day=1)
        if today <= day <= today + timedelta(days=days):
            ticks.append(
                {"x": round(left + (day - today).days * scale, 1), "label": f"{day:%b %Y}"}
            )
    height = max([p["y"] for p in points], default=30) + 24
    shown = overdue[:20] + ([f"... and {len(overdue) - 20} more"] if len(overdue) > 20 else [])
    return {
        "points": points,
        "ticks": ticks,
        "height": max(height, 60),
        "width": width,
        "left": left,
        "overdue": len(overdue),
        "overdue_label": "\n".join(shown),
    }


def write_ics(rows: list[Row], target: Path, today: date) -> None:
    """Every open deadline as an all-day event; the pseudonym only, never the child's name."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//cspr case review pipeline//tracker//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Case review deadlines")
    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    events = sorted(
        ((d, r) for r in rows for d in r.open),
        key=lambda x: (x[0].due or date.max, x[1].reference, x[0].rule),
    )
    for deadline, row in events:
        assert deadline.due is not None
        event = Event()
        event.add("uid", f"{row.reference}-{deadline.rule}@cspr")  # stable: re-import updates
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.due)
        event.add("dtend", deadline.due + timedelta(days=1))
        event.add("summary", f"{row.reference} {row.pseudonym}: {deadline.title}")
        event.add(
            "description",
            f"{deadline.basis} ({deadline.source}). Status on "
            f"{long_date(today)}: {deadline.status}.",
        )
        event.add("categories", [deadline.status])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    with atomic_path(target) as tmp:
        tmp.write_bytes(cal.to_ical())
