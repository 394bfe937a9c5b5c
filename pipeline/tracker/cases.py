"""The tracker's rows: every case under a cases folder, its stage, deadlines and RAG
(BHR 3.3, 6.1; BCP 13-15).

Reads the YAML files and which returns are in (the returns themselves are not
opened, so 1,000 cases take seconds). A folder that cannot be read is a row in
error with the reason; it never stops the tracker.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..case.facts import case_facts
from ..case.load import load_case
from ..case.model import CaseFolder
from ..case.panel_response import panel_loop
from ..case.returns import return_files
from ..case.workbooks import SUPPORTED
from ..core.findings import Findings
from ..core.parallel import can_fork, cores
from ..core.workdays import WorkingCalendar
from ..rules.engine import Deadline, Rule, compute, load_rules
from ..rules.settings import Partnership, load_partnership
from ..rules.themes import classify
from .figures import Done, done_steps

AMBER_DAYS = 5  # a deadline this many working days away or fewer makes a case amber


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
    follow_up_due: date | None = None  # the impact follow-up, once the action plan is complete
    error: str = ""
    open: list[Deadline] = field(default_factory=list)
    recommendations: list[dict[str, Any]] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    national: dict[str, str] = field(default_factory=dict)  # a theme -> its national theme key
    steps: list[Done] = field(default_factory=list)  # steps the timescale figures count


def case_folders(cases: Path) -> list[Path]:
    """Every case folder: each visible folder under `cases`, less the partnership's
    templates/."""
    return sorted(
        p
        for p in cases.iterdir()
        if p.is_dir() and not p.name.startswith((".", "_")) and p.name != "templates"
    )


def read_cases(
    cases: Path, today: date, progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None
) -> list[Row]:
    """A row for every case folder, in error where it cannot be read."""
    findings = Findings()
    partnership = load_partnership(cases, findings)
    rules = load_rules(partnership, findings)
    folders = case_folders(cases)
    shown = progress(folders) if progress else folders
    global _SHARED
    _SHARED = (partnership, rules, WorkingCalendar(), today)
    workers = min(cores(), MAX_WORKERS)
    if len(folders) < PARALLEL_FROM or workers < 2 or not can_fork():
        return [_row(path) for path in shown]
    # Forked workers inherit the profile and rules; rows come back in folder order.
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        rows = pool.imap(_row, folders, chunksize=32)
        return [row for _, row in zip(shown, rows, strict=True)]


PARALLEL_FROM = 300  # cases; below it, starting workers costs more than they save
MAX_WORKERS = 8
_SHARED: tuple[Partnership, list[Rule], WorkingCalendar, date] | None = None


def _row(path: Path) -> Row:
    """One case's row; an unexpected error becomes the row's error, never the tracker's."""
    assert _SHARED is not None
    try:
        return case_row(path, *_SHARED)
    except Exception as exc:  # one unreadable case must never stop the tracker
        return Row(
            path.name,
            stage="Error",
            rag="Error",
            error=f"internal error: {type(exc).__name__}: {exc}",
        )


def case_row(
    path: Path, partnership: Partnership, rules: list[Rule], cal: WorkingCalendar, today: date
) -> Row:
    """One case's row; in error (with the first reasons) when its YAML has errors."""
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
        settings = folder.partnership
        row.decision = settings.outcomes[meeting.decision.outcome].name
        option = settings.learning_options.get(meeting.decision.learning_option or "")
        row.learning_option = option.name if option else ""
    written = [*(meeting.themes if meeting else []), *(review.themes if review else [])]
    counted = [classify(t, folder.partnership) for t in written if t.strip()]
    row.themes = sorted({t.local for t in counted})
    row.national = {t.local: t.national for t in counted}
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
    follow = next((d for d in deadlines if d.rule == "impact-follow-up"), None)
    row.follow_up_due = follow.due if follow and follow.status in ("due", "overdue") else None
    row.steps = done_steps(deadlines, cal)
    row.overdue = [d.title for d in open_ if d.status == "overdue"]
    if open_:
        row.next_title, row.next_due = open_[0].title, open_[0].due
    row.rag = _rag(row, cal, today, closed=finished)
    return row


def _returns_in(folder: CaseFolder) -> int:
    """How many agencies' returns are in returns/ (by file name; contents are not read)."""
    keys = {a.key.lower() for a in folder.raw_agencies}
    present = {p.stem.lower() for p in return_files(folder.path) if p.suffix.lower() in SUPPORTED}
    return len(keys & present)


def _stage(folder: CaseFolder, returns_in: int, today: date) -> str:
    """The furthest step the case has reached."""
    case, meeting, review = folder.case, folder.meeting, folder.review
    assert case is not None
    publication = review.publication if review else None
    panel = panel_loop(folder.meetings).stage()
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
            bool(folder.briefing and folder.briefing.issued and folder.briefing.issued <= today),
            "Learning brief issued",
        ),
        (
            bool(review and review.completed)
            or (folder.path / "report" / "final-report.docx").is_file(),
            "Report received",
        ),
        (bool(review and review.reviewer and review.reviewer.commissioned), "Review commissioned"),
        (bool(panel), panel),  # the National Panel's response, and the loop it reopens
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
