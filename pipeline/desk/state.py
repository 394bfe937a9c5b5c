"""A case at a glance, as `cspr status` and the case page show it: its stage, each agency's
return, what is missing, the next deadlines, and what to do next as commands."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..case.deadlines import case_deadlines_for, date_checks
from ..case.facts import EXTRA_FACTS, known_facts
from ..case.model import CaseFolder
from ..case.validate import Validation
from ..core.findings import Finding, Findings
from ..core.wording import long_date, plural
from ..core.workdays import WorkingCalendar
from ..rules.engine import Deadline, in_words, load_rules

# What to do for each deadline the engine knows, and the make target that helps (if any).
ACTIONS: dict[str, tuple[str, str]] = {
    "notify-panel": ("Notify the National Panel", ""),
    "inform-partners": ("Tell the safeguarding partners", ""),
    "lac-death-sos-ofsted": ("Notify the Secretary of State and Ofsted", ""),
    "info-requests": ("Send the information requests", "requests"),
    "agency-returns": ("Chase the missing returns", "chase"),
    "rapid-review-meeting": ("Prepare the Combined Summary for it", "summary"),
    "crg-first-discussion": ("Prepare the Combined Summary for it", "summary"),
    "crg-combined-summary": ("Prepare the Combined Summary for it", "summary"),
    "rapid-review-complete": ("Send the rapid review to the National Panel", "panel-pack"),
    "report-to-panel": ("Build the publication pack (leak-scanned), send it", "publish-pack"),
}
RECORDED_IN = {"meeting": "meeting.yaml", "review": "review.yaml", "briefing": "briefing.yaml"}
DERIVED = {"first_meeting.": "meeting."}  # facts worked out from a recorded key (panel_response)
NEXT = 3  # how many deadlines are shown as the next ones
OPEN = ("due", "overdue", "planned", "late")  # a step still to take


@dataclass
class ReturnState:
    """One agency's return: `state` is missing, in, or has errors."""

    key: str
    agency: str
    file: str = ""
    state: str = "missing"
    completed: date | None = None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Step:
    """Something to do next, and the command that does it ("" when none does)."""

    text: str
    command: str = ""


@dataclass
class CaseState:
    """The case at a glance: stage, returns, deadlines, what is missing, next steps."""

    reference: str
    pseudonym: str
    today: date
    stage: str
    detail: str
    returns: list[ReturnState]
    other_files: dict[str, list[Finding]]  # findings about files that are no agency's return
    missing: list[str]
    deadlines: list[Deadline]  # every dated deadline, by due date
    upcoming: list[Deadline]  # the next open ones
    words: dict[str, str]  # each deadline in words, by rule
    records: dict[str, str]  # where each rule's step is recorded, by rule
    steps: list[Step]
    findings: Findings

    @property
    def returns_in(self) -> int:
        return sum(1 for r in self.returns if r.state != "missing")


def case_state(result: Validation, today: date, out: Path, case_arg: str = "") -> CaseState:
    """The case at a glance, from its validation (the case must have loaded: `folder.case`)."""
    folder = result.folder
    case = folder.case
    assert case is not None
    findings = Findings(result.findings)
    found: list[Deadline] = []
    if not any(f.file == "partnership.yaml" for f in findings.errors):
        found, _ = case_deadlines_for(result, today, Findings())
    if not findings.errors:  # as `cspr validate` adds them
        findings.extend(date_checks(result, today, found))
    cal = WorkingCalendar()
    dated = sorted(
        (d for d in found if d.due and d.status != "not-applicable"), key=lambda d: (d.due, d.rule)
    )
    returns = _returns(result, findings)
    all_in = all(r.state != "missing" for r in returns)
    open_ = [
        d
        for d in dated
        if d.status in OPEN
        and d.kind != "keep-until"
        and not d.closed
        and not (all_in and d.rule == "agency-returns")
    ]
    stage, detail = _stage(folder, returns, today)
    state = CaseState(
        reference=folder.reference,
        pseudonym=case.child.pseudonym,
        today=today,
        stage=stage,
        detail=detail,
        returns=returns,
        other_files=_other_files(findings, returns),
        missing=[],
        deadlines=dated,
        upcoming=open_[:NEXT],
        words={d.rule: in_words(d, today, cal) for d in dated},
        records=_records(folder),
        steps=[],
        findings=findings,
    )
    state.missing = _missing(folder, state, open_, today)
    state.steps = _steps(folder, state, out, case_arg or str(folder.path))
    return state


def _returns(result: Validation, findings: Findings) -> list[ReturnState]:
    states = []
    for agency in result.folder.raw_agencies:
        got = result.returns.get(agency.key)
        state = ReturnState(agency.key, agency.name)
        if got is not None:
            state.file = got.file
            state.completed = got.summary.date_completed if got.summary else None
            state.findings = [f for f in findings if f.file == got.file]
            severities = {f.severity for f in state.findings}
            state.state = "has errors" if "error" in severities or not got.readable else "in"
        states.append(state)
    return states


def _other_files(findings: Findings, returns: list[ReturnState]) -> dict[str, list[Finding]]:
    """Findings by file, for every file that is not an agency's return (case.yaml, a return
    named for no agency, a missing return's expected name)."""
    taken = {r.file for r in returns if r.file}
    grouped: dict[str, list[Finding]] = {}
    for f in findings:
        if f.file not in taken and f.code != "return-missing":
            grouped.setdefault(f.file or "the case folder", []).append(f)
    return grouped


def _stage(folder: CaseFolder, returns: list[ReturnState], today: date) -> tuple[str, str]:
    """The phase the case is in, and where in it, from what the case has recorded."""
    case, meeting, review = folder.case, folder.meeting, folder.review
    assert case is not None
    publication = review.publication if review else None

    def done(day: date | None) -> date | None:  # a date after today has not happened yet
        return day if day and day <= today else None

    if review and done(review.impact_checked):
        return "Closed", f"impact of the action plan checked {long_date(review.impact_checked)}"
    if publication and done(publication.published):
        return "Follow-up", f"report published {long_date(publication.published)}"
    if review and done(review.completed):  # the report's file alone is not the report in
        planned = publication.planned_date if publication else None
        when = f"planned for {long_date(planned)}" if planned else "no date planned yet"
        return "Publication", f"the final report is in; publication {when}"
    if review and review.reviewer and done(review.reviewer.commissioned):
        return "Review", (
            f"{review.reviewer.name} commissioned {long_date(review.reviewer.commissioned)}"
        )
    if meeting:
        outcome = folder.partnership.outcomes.get(meeting.decision.outcome)
        decided = outcome.name if outcome else meeting.decision.outcome
        return "Decision", f"meeting held {long_date(meeting.date)}: {decided}"
    total, got = len(returns), sum(1 for r in returns if r.state != "missing")
    progress = f"{got} of {plural(total, 'return')} in"
    if case.referral.requests_sent or case.notification.submitted or got:
        phase = "Rapid review" if case.route == "notification" else "Referral"
        return phase, f"information requested; {progress}"
    return "Referral", f"received {long_date(case.referral.received)}; {progress}"


def _missing(folder: CaseFolder, state: CaseState, open_: list[Deadline], today: date) -> list[str]:
    """Returns not in, dates not recorded for steps already overdue, records the stage needs."""
    missing = [
        f"the return from {r.agency} (returns/{r.key}.xlsx)"
        for r in state.returns
        if r.state == "missing"
    ]
    for d in open_:
        if d.status in ("overdue", "late") and d.rule in state.records:
            missing.append(f"the date {state.records[d.rule]} ({d.title}, due {long_date(d.due)})")
    meeting_due = [d for d in state.deadlines if d.rule in ("rapid-review-meeting",)]
    if folder.meeting is None and any(d.due and d.due < today for d in meeting_due):
        missing.append("meeting.yaml: the record of the meeting and its decision")
    decision = folder.meeting.decision.outcome if folder.meeting else ""
    review = folder.review
    if decision in ("lcspr", "national-review") and not (review and review.reviewer):
        missing.append("review.yaml with the reviewer (a review was decided)")
    if review and review.publication.planned_date:
        if folder.briefing is None:
            missing.append("briefing.yaml: the 7-minute briefing, for publication")
        if not (folder.path / "report" / "final-report.docx").is_file():
            missing.append("report/final-report.docx: the reviewer's report, for publication")
    return missing


def _steps(folder: CaseFolder, state: CaseState, out: Path, case_arg: str) -> list[Step]:
    """What to do next, most urgent first, each with its make command where one helps."""

    def make(target: str) -> str:
        return f"make {target} CASE={case_arg}"

    steps: list[Step] = []
    errors = state.findings.errors
    if errors:
        steps.append(Step(f"Fix {plural(len(errors), 'error')} first", make("validate")))
    missing = [r.key for r in state.returns if r.state == "missing"]
    if missing:
        steps.append(
            Step(
                f"{state.returns_in} {'return' if state.returns_in == 1 else 'returns'} in, "
                f"{len(missing)} missing ({', '.join(missing)}): chase them",
                make("chase"),
            )
        )
    for d in state.upcoming:
        action, target = ACTIONS.get(d.rule, ("", ""))
        if d.rule == "agency-returns" and missing:
            continue  # said above
        if d.rule in state.records:
            record = f"record {state.records[d.rule]}"
            action = f"{action}, then {record}" if action else f"R{record[1:]} when done"
        text = f"{state.words[d.rule]}. {action}" if action else state.words[d.rule]
        steps.append(Step(text, make(target) if target else ""))
    base = out / folder.reference
    review = folder.review
    appointed = bool(review and review.reviewer and review.reviewer.commissioned)
    if appointed and not (base / "notices" / "reviewer-appointed.docx").is_file():
        steps.append(Step("Tell the national bodies the reviewer is appointed", make("notices")))
    seen: set[str] = set()
    unique = []
    for step in steps:  # one step per command: the first, most urgent, says it
        if step.command and step.command in seen:
            continue
        seen.add(step.command)
        unique.append(step)
    return unique


def _records(folder: CaseFolder) -> dict[str, str]:
    """Where each rule's step is recorded ("`sent_to_panel` in meeting.yaml"), for the rules
    met by a key the case records (not by one worked out, such as every return being in)."""
    recordable = known_facts(folder) - EXTRA_FACTS
    found = {}
    for rule in load_rules(folder.partnership, Findings()):
        key = rule.met_by
        for derived, plain in DERIVED.items():
            key = plain + key[len(derived) :] if key.startswith(derived) else key
        if key in recordable:
            found[rule.id] = _where(key)
    return found


def _where(key: str) -> str:
    """A case fact's key as it is written in its file: "`date` in meeting.yaml"."""
    first, _, rest = key.partition(".")
    if first in RECORDED_IN:
        return f"`{rest}` in {RECORDED_IN[first]}"
    if first == "meetings":
        kind, _, rest = rest.partition(".")
        return f"`{rest}` in the {kind} meeting's file in meetings/"
    return f"`{key}` in case.yaml"
