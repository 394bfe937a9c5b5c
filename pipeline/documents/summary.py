"""The Combined Summary for the meeting (LLR 4.5): section 1 the facts, from case.yaml, the
returns and the merged chronology; sections 2 and 3 for the meeting, as content controls
(record_form.py) that `cspr meeting-record` reads back, filled in from a meeting already
recorded.

The context is a plain dict; templates/README.md lists its fields.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..case.deadlines import date_checks, due_date, write_deadlines
from ..case.model import PLANS, Case
from ..case.validate import Validation
from ..chronology.build import build as build_chronology
from ..chronology.model import Chronology, ChronologyFiles
from ..chronology.timeline import timeline_alt
from ..core.files import atomic_path, remove_stale
from ..core.findings import Findings
from ..core.outcome import Outcome, warning_lines
from ..core.wording import age, long_date, prose
from ..core.workdays import WorkingCalendar
from ..office.controls import fill_controls
from ..office.render import Picture, render
from ..rules.engine import Deadline, in_words
from .episodes import episode_fields, key_episodes, rule_text
from .letters import common_context, letter_agency, meeting_name
from .lived import lived_fields
from .record_form import record_fields, record_values

SETTINGS = {
    "community": "Community",
    "residential": "Residential setting",
    "custody": "Custody",
    "mental-health-detention": "Detained under mental health legislation",
    "other": "Other",
}


def build_summary(case: Path, out: Path, today: date) -> Outcome:
    """Before the meeting: refresh the chronology and write OUT/<ref>/combined-summary.docx."""
    validation, chron = build_chronology(case, out, today, reuse=True)
    result = Outcome(Findings(validation.findings), warnings=meeting_warnings(validation))
    target = out / validation.folder.reference / "combined-summary.docx"
    if chron is None or validation.folder.case is None:
        remove_stale(target)
        return result
    deadlines = write_deadlines(validation, out, today)
    result.warnings += warning_lines(date_checks(validation, today, deadlines))
    context = summary_context(validation, chron, out, today, deadlines, result.findings)
    result.warnings += warning_lines(f for f in result.findings if f.code == "episode-invalid")
    values, rows = record_values(validation.folder)
    with atomic_path(target) as made:  # rendered, then its controls filled: whole or not at all
        render("combined-summary", context, made, today, validation.folder.templates)
        if values:
            fill_controls(made, values, rows)
    files = ChronologyFiles.at(out, chron.reference)
    result.written += [files.xlsx, files.docx, target]
    return result


def meeting_warnings(validation: Validation) -> list[str]:
    """The warnings a business office must see before the meeting, on the terminal."""
    shown = ("meeting-inquorate", "return-missing")
    return warning_lines(f for f in validation.findings if f.code in shown)


def summary_context(
    validation: Validation,
    chron: Chronology,
    out: Path,
    today: date,
    deadlines: list[Deadline],
    findings: Findings | None = None,
) -> dict[str, Any]:
    """The Combined Summary's fields: section 1, the child's lived experience, the agencies'
    returns, key events and key practice episodes, deadlines in words and the criteria with
    the facts already known. Problems with episodes.yaml go in `findings`."""
    folder = validation.folder
    case = folder.case
    assert case is not None
    cal = WorkingCalendar()
    returns_due = due_date(deadlines, "agency-returns")
    episodes, gap = key_episodes(folder, chron, found := Findings())
    if findings is not None:
        findings.extend(found)
    agencies = [_agency(validation, chron, a.key, returns_due) for a in case.agencies]
    return common_context(folder.partnership, today) | {
        "meeting_name": meeting_name(folder),
        "case": case_section(case),
        "agencies": agencies,
        "missing_returns": [a["name"] for a in agencies if a["missing"]],
        "key_events": [
            {
                "date": e.row.date.display() if e.row.date else "",
                "agency": e.agency_name,
                "event": e.row.event,
                "significance": e.row.significance,
            }
            for e in chron.entries
            if e.row.key_event
        ],
        "timeline": Picture(out / chron.reference / "timeline.png", 16.5, timeline_alt(chron)),
        "episodes": episode_fields(episodes, folder.meeting),
        "episodes_rule": rule_text(gap),
        "lived": lived_fields(folder, chron, folder.meeting),
        "deadlines": [
            {"title": d.title, "due": long_date(d.due), "words": _words(d, today, cal)}
            for d in deadlines
            if d.status != "not-applicable"
        ],
        "criteria": [
            {
                "key": c.key,
                "question": c.question,
                "known": _known(c.key, case, validation),
            }
            for c in folder.partnership.criteria
        ],
        "quorum_rule": folder.partnership.quorum.rule,
        "record": record_fields(folder),
        "referrer_letter": None,
        "next_steps": "",
    }


def case_section(case: Case) -> dict[str, Any]:
    """Section 1 of the Combined Summary: the facts of the case, pseudonymised."""
    child, incident, referral = case.child, case.incident, case.referral
    referrer = ", ".join(
        p for p in (referral.referrer.name, referral.referrer.role, referral.referrer.agency) if p
    )
    notified = (
        f"notified to the National Panel on {long_date(case.notification.submitted)}"
        if case.notification.submitted
        else "referred to the partnership"
    )
    return {
        "reference": case.reference,
        "pseudonym": child.pseudonym,
        "age": age(child.date_of_birth, incident.date),
        "sex": child.sex.capitalize() or "Not given",
        "ethnicity": child.ethnicity or "Not given",
        "looked_after": "Yes" if child.looked_after else "No",
        "child_protection_plan": PLANS[child.child_protection_plan],
        "incident_type": "Death" if incident.type == "death" else "Serious harm",
        "abuse_or_neglect": incident.abuse_or_neglect.replace("-", " "),
        "incident_date": incident.date,
        "setting": SETTINGS[incident.setting],
        "route": (
            f"Notification to the National Panel ({long_date(case.notification.submitted)})"
            if case.route == "notification" and case.notification.submitted
            else "Notification to the National Panel"
            if case.route == "notification"
            else "Referral to the partnership (no notification)"
        ),
        "referral_received": referral.received,
        "referrer": referrer,
        "summary": prose(incident.summary),
        "notified": notified,
        "other_processes": [
            {"process": p.process, "status": p.status} for p in case.other_processes
        ],
    }


def _agency(
    validation: Validation, chron: Chronology, key: str, due: date | None
) -> dict[str, Any]:
    folder = validation.folder
    agency = next(a for a in folder.raw_agencies if a.key == key)
    ret = validation.returns.get(key)
    count = next((c for c in chron.counts if c.key == key), None)
    summary = ret.summary if ret else None
    status = "Missing"
    if ret is not None:
        done = summary.date_completed if summary else None
        if done is None:
            status = "In (date not given)"
        elif due and done > due:
            status = f"In, late ({long_date(done)})"
        else:
            status = f"In, on time ({long_date(done)})"
    given = "Not given in the return" if ret else "Return missing"
    return letter_agency(
        agency,
        missing=ret is None,
        return_status=status,
        known=("Yes" if summary.known_to_agency else "No")
        if summary and summary.known_to_agency is not None
        else ("Not given" if ret else "Return missing"),
        involvement=f"{count.first:%d/%m/%Y} to {count.last:%d/%m/%Y}"
        if count and count.first and count.last
        else "None recorded",
        events=count.rows if count else 0,
        key_events=count.key_events if count else 0,
        summary=(summary.summary_of_involvement if summary else "") or given,
        actions=(summary.immediate_actions_taken if summary else "") or given,
        learning=(summary.learning_identified if summary else "") or given,
        good_practice=(summary.good_practice if summary else "") or given,
        thanks="Thank you for your agency's return."
        if ret
        else "We did not receive your agency's return; please send it now if you can, as the "
        "review may still need it.",
        meeting_actions=[],
        partner=agency.partner,
    )


def _words(d: Deadline, today: date, cal: WorkingCalendar) -> str:
    sentence = in_words(d, today, cal)
    return sentence.split(": ", 1)[1] if ": " in sentence else sentence


def _known(key: str, case: Case, validation: Validation) -> str:
    """Facts already known that bear on a criterion."""
    setting = case.incident.setting
    if key == "institutional_setting":
        return (
            f"Yes: {SETTINGS[setting].lower()}"
            if setting not in ("community", "other")
            else f"Setting: {SETTINGS[setting].lower()}"
        )
    if key == "multiple_areas":
        return "The child was harmed outside England" if case.incident.outside_england else ""
    if key in ("agencies_working_together", "no_agency_involvement_concern"):
        return _who_knew(case, validation) + (
            "; the child is looked after" if case.child.looked_after else ""
        )
    return ""


def _who_knew(case: Case, validation: Validation) -> str:
    """What the returns say of knowing the child: never a count that treats an answer not
    given as a no."""
    answers = {
        a.key: (r.summary.known_to_agency if r.summary else None)
        for a in case.agencies
        if (r := validation.returns.get(a.key)) is not None
    }
    knew = sum(1 for v in answers.values() if v is True)
    not_known = sum(1 for v in answers.values() if v is False)
    unsaid = [a.name for a in case.agencies if a.key in answers and answers[a.key] is None]
    absent = [a.name for a in case.agencies if a.key not in answers]
    text = f"{knew} of {len(case.agencies)} agencies said they knew the child"
    text += f", {not_known} that they did not" if not_known else ""
    text += f"; not given by {', '.join(unsaid)}" if unsaid else ""
    text += f"; no return from {', '.join(absent)}" if absent else ""
    return text
