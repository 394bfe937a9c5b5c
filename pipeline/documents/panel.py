"""After the meeting: the Combined Summary for the National Panel, its covering letter and
an outcome letter to every agency (and to the referrer when outside the agencies)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..case.deadlines import write_deadlines
from ..case.meeting import quorum
from ..case.model import CaseFolder, Meeting
from ..chronology.build import build as build_chronology
from ..core.files import remove_stale
from ..core.findings import Findings
from ..core.outcome import Outcome
from ..core.wording import long_date, prose
from ..office.render import render
from .summary import meeting_warnings, summary_context


def build_panel_pack(case: Path, out: Path, today: date) -> Outcome:
    """After the meeting: the Panel's Combined Summary, covering letter, outcome letters."""
    validation, chron = build_chronology(case, out, today)
    result = Outcome(Findings(validation.findings), warnings=meeting_warnings(validation))
    folder = validation.folder
    base = out / folder.reference
    targets = [base / "combined-summary-panel.docx", base / "panel-covering-letter.docx"]
    if chron is None or folder.case is None:
        remove_stale(*targets)
        return result
    if folder.meeting is None:
        result.findings.add(
            "case-file-missing",
            "The panel pack needs meeting.yaml, the record of the meeting.",
            file="meeting.yaml",
            hint="Add meeting.yaml after the meeting; see CASE-FORMAT.md.",
        )
        remove_stale(*targets)
        return result
    local = folder.templates
    deadlines = write_deadlines(validation, out, today)
    context = summary_context(validation, chron, out, today, deadlines)
    context |= meeting_context(folder, folder.meeting, today)
    for agency in context["agencies"]:
        agency["meeting_actions"] = actions_for(agency, context["meeting"]["actions"])
    render("combined-summary-panel", context, targets[0], today, local)
    render("panel-covering-letter", context, targets[1], today, local)
    result.written += targets
    for agency in context["agencies"]:
        target = base / "outcome-letters" / f"{agency['key']}.docx"
        render("outcome-letter", context | {"agency": agency}, target, today, local)
        result.written.append(target)
    if context["referrer_letter"]:
        target = base / "outcome-letters" / "referrer.docx"
        render(
            "outcome-letter", context | {"agency": context["referrer_letter"]}, target, today, local
        )
        result.written.append(target)
    return result


def meeting_context(folder: CaseFolder, meeting: Meeting, today: date) -> dict[str, Any]:
    """Sections 2 and 3 as the meeting recorded them: attendees, quorum, criteria, actions,
    learning and the decision; and the referrer's letter when the referrer is not an agency."""
    case = folder.case
    assert case is not None
    settings = folder.partnership
    q = quorum(meeting, settings.quorum)
    questions = {c.key: c.question for c in settings.criteria}
    decision = meeting.decision
    option = settings.learning_options.get(decision.learning_option or "")
    outcome = settings.outcomes[decision.outcome]
    option_sentence = ""
    if option:
        option_sentence = (
            f"The learning option is a {option.name.lower()} "
            f"({option.methodology.lower()}), led by {option.lead[0].lower()}"
            f"{option.lead[1:]}, to be completed within "
            f"{option.timescale}, overseen by {option.governance}."
        )
    actions = [
        {"action": a.action, "owner": a.owner or "Not named", "due": long_date(a.due)}
        for a in meeting.immediate_actions
    ]
    advisor = meeting.independent_advisor
    context: dict[str, Any] = {
        "meeting": {
            "date": meeting.date,
            "quorum": q.sentence(),
            "attendees": [
                {"name": a.name, "role": a.role, "agency": a.agency} for a in meeting.attendees
            ],
            "criteria": [
                {"question": questions.get(k, k), "answer": j.answer.capitalize(), "note": j.note}
                for k, j in meeting.criteria.items()
            ],
            "actions": actions,
            "learning": meeting.learning,
            "themes": meeting.themes,
            "advisor": (
                f"{advisor.name} ({'attended' if advisor.attended else 'did not attend'}"
                f"): {advisor.advice or 'no advice recorded'}"
            )
            if advisor
            else "No independent advice was recorded.",
        },
        "decision": {
            "outcome": outcome.name,
            "option": option.name if option else "Not applicable",
            "option_sentence": option_sentence,
            "rationale": prose(decision.rationale),
            "national_review": "Yes"
            if decision.national_review_recommended or decision.outcome == "national-review"
            else "No",
        },
        "next_steps": outcome.next_steps,
    }
    referrer = case.referral.referrer
    if not any(a.name.strip().lower() == referrer.agency.strip().lower() for a in case.agencies):
        context["referrer_letter"] = {
            "key": "referrer",
            "name": referrer.agency,
            "contact": referrer.name,
            "salutation": referrer.name,
            "thanks": "your referral",
            "meeting_actions": [],
        }
    return context


def actions_for(agency: dict[str, Any], actions: list[dict[str, str]]) -> list[dict[str, str]]:
    """The meeting's immediate actions an agency owns (by its name or key in the owner)."""
    return [
        a
        for a in actions
        if agency["name"].lower() in a["owner"].lower() or agency["key"] in a["owner"].lower()
    ]
