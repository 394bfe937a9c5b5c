"""A case's deadlines: its facts by key path, counted by its partnership's rules."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ..core.files import write_json
from ..core.findings import Findings
from ..core.outcome import Outcome, warning_lines
from ..core.terminal import table
from ..core.wording import short_date
from ..core.workdays import WorkingCalendar
from ..rules.engine import Deadline, Pending, compute, in_words, load_rules
from .facts import case_facts
from .model import CaseFolder
from .panel_response import loop_lines, panel_loop
from .review_stage import review_date_checks, review_facts
from .validate import Validation, validate_case


def case_deadlines(
    folder: CaseFolder,
    today: date,
    findings: Findings,
    extra_facts: dict[str, object] | None = None,
) -> tuple[list[Deadline], list[Pending]]:
    """The case's deadlines under its partnership's rules, as of `today`; the rules'
    problems go to `findings`. Pending: rules whose start date the case lacks."""
    rules = load_rules(folder.partnership, findings)
    return compute(rules, case_facts(folder, extra_facts), today, WorkingCalendar())


def all_returns_received(result: Validation) -> date | None:
    """The day the last return was completed, once every agency's return is in; else None."""
    agencies = result.folder.raw_agencies
    if not agencies or any(a.key not in result.returns for a in agencies):
        return None
    days = [
        r.summary.date_completed
        for r in result.returns.values()
        if r.summary and r.summary.date_completed
    ]
    return max(days) if len(days) == len(agencies) else None


def case_deadlines_for(
    result: Validation, today: date, findings: Findings
) -> tuple[list[Deadline], list[Pending]]:
    """The case's deadlines, knowing from the returns whether every agency's is in."""
    received = all_returns_received(result)
    extra: dict[str, object] = {"returns.all_received": received} if received else {}
    extra |= review_facts(result.folder, result.review_returns)  # the review's returns in
    return case_deadlines(result.folder, today, findings, extra)


PLANNED = ("planned_date", "workshop.date", "workshop.reply_by")  # meant to be in the future


def date_checks(result: Validation, today: date, found: list[Deadline] | None = None) -> Findings:
    """What only today and the deadlines show: a recorded date after today
    (`date-in-future`), and deadlines that contradict each other or a meeting held before
    the returns it needs are due (`dates-contradict`). `found`: the case's deadlines as of
    `today`, when the caller has them already."""
    findings = Findings()
    facts = case_facts(result.folder)
    for key, value in facts.items():
        if isinstance(value, date) and _day(value) > today and not key.endswith(PLANNED):
            findings.add(
                "date-in-future",
                f"'{key}' is {_day(value):%d/%m/%Y}, after today ({today:%d/%m/%Y}); it is not "
                "counted as done until then.",
                file=_file_of(key),
                field=key,
                value=_day(value).isoformat(),
            )
    if found is None:
        found, _ = case_deadlines_for(result, today, Findings())
    returns = next((d for d in found if d.rule == "agency-returns" and d.due), None)
    meeting = next((d for d in found if d.rule == "rapid-review-meeting" and d.due), None)
    if returns and meeting and returns.due and meeting.due and returns.due > meeting.due:
        findings.add(
            "dates-contradict",
            f"The agencies' returns are due {returns.due:%d/%m/%Y}, after the latest day for "
            f"the meeting that needs them ({meeting.due:%d/%m/%Y}).",
            file="partnership.yaml",
            field="deadlines.agency-returns",
        )
    held = facts.get("meeting.date")
    if returns and returns.due and isinstance(held, date) and held < returns.due:
        findings.add(
            "dates-contradict",
            f"The meeting was held on {held:%d/%m/%Y}, before the agencies' returns were due "
            f"({returns.due:%d/%m/%Y}).",
            file="meeting.yaml",
            field="date",
            value=held.isoformat(),
        )
    findings.extend(review_date_checks(result.folder, found, today, set(result.review_returns)))
    return findings


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _file_of(key: str) -> str:
    first = key.split(".")[0]
    files = {"meeting": "meeting.yaml", "meetings": "meetings/", "review": "review.yaml"}
    return (files | {"briefing": "briefing.yaml"}).get(first, "case.yaml")


def due_date(deadlines: list[Deadline], rule: str) -> date | None:
    """The due date of one rule among a case's deadlines (None when it is not dated)."""
    return next((d.due for d in deadlines if d.rule == rule), None)


def write_deadlines(result: Validation, out: Path, today: date) -> list[Deadline]:
    """The case's deadlines, also written to OUT/<reference>/deadlines.json."""
    found, _ = case_deadlines_for(result, today, Findings())
    write_json(out / result.folder.reference / "deadlines.json", [d.as_dict() for d in found])
    return found


def report_deadlines(case: Path, out: Path, today: date) -> Outcome:
    """`cspr deadlines`: deadlines.json written, and every deadline in a table and in words."""
    result = validate_case(case, rows=False)  # deadlines use no chronology row
    folder = result.folder
    if folder.case is None:
        return Outcome(result.findings)
    settings = Findings(f for f in result.findings.errors if f.file == "partnership.yaml")
    if settings:  # a rule or setting that is wrong: no deadline is trustworthy
        return Outcome(settings)
    findings = Findings()
    found, pending = case_deadlines_for(result, today, findings)
    if findings.errors:
        return Outcome(findings)
    data = [d.as_dict() for d in found]
    write_json(out / folder.reference / "deadlines.json", data)
    cal = WorkingCalendar()
    rows = [
        [
            d.rule,
            short_date(d.window_start),
            short_date(d.due),
            d.status,
            short_date(d.met_on),
            in_words(d, today, cal),
            d.source,
        ]
        for d in found
    ]
    notes = [
        f"Deadlines for {folder.reference} as of {today:%d/%m/%Y} ({_rules(folder)})\n",
        table(["Rule", "From", "Due", "Status", "Met on", "In words", "Source"], rows, wrap=(5, 6)),
    ]
    waiting: dict[str, list[str]] = {}
    for p in pending:
        waiting.setdefault(p.waiting_for, []).append(p.rule)
    notes += [
        f"  Not dated until the case has {needs}: {', '.join(rules)}"
        for needs, rules in waiting.items()
    ]
    notes += loop_lines(panel_loop(folder.meetings))  # where the case stands with the Panel
    checks = date_checks(result, today, found)
    return Outcome(findings, notes=notes, data=data, warnings=warning_lines(checks))


def _rules(folder: CaseFolder) -> str:
    """Whose rules: "wt2023 rules", or "bcp profile, wt2023 rules"."""
    settings = folder.partnership
    named = f"{settings.profile} profile, " if settings.profile != "national" else ""
    return f"{named}{settings.rules} rules"
