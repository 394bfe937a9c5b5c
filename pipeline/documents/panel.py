"""After the meeting: the Combined Summary for the National Panel, its covering letter and
an outcome letter to every agency (and to the referrer when outside the agencies). A meeting
held again after the Panel disagreed or asked for more (BCP §7) sends a revised Combined
Summary, marked as such, and a covering letter answering the Panel's response."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..case.deadlines import date_checks, write_deadlines
from ..case.meeting import owner_agency, quorum
from ..case.model import CaseFolder, Meeting, PanelResponse
from ..case.panel_response import SAID, panel_loop
from ..chronology.build import build as build_chronology
from ..core.files import remove_stale
from ..core.findings import Findings
from ..core.outcome import Outcome, warning_lines
from ..core.wording import long_date, prose
from ..office.render import render
from .letters import LetterDates, salutation
from .summary import meeting_warnings, summary_context


def build_panel_pack(case: Path, out: Path, today: date) -> Outcome:
    """After the meeting: the Panel's Combined Summary, covering letter, outcome letters."""
    validation, chron = build_chronology(case, out, today, reuse=True)
    result = Outcome(Findings(validation.findings), warnings=meeting_warnings(validation))
    folder = validation.folder
    base = out / folder.reference
    loop = panel_loop(folder.meetings)
    revised = folder.meeting is not None and loop.revisit is folder.meeting
    names = ["combined-summary-panel", "panel-covering-letter"]
    names = [f"{name}-revised" for name in names] if revised else names
    targets = [base / f"{name}.docx" for name in names]
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
    result.warnings += warning_lines(date_checks(validation, today, deadlines))
    context = summary_context(validation, chron, out, today, deadlines, result.findings)
    result.warnings += warning_lines(f for f in result.findings if f.code == "episode-invalid")
    context |= meeting_context(folder, folder.meeting, today)
    if revised and loop.reopened and loop.answered:
        context["revised"] = revision(loop.reopened, loop.answered, folder.meeting, folder)
    for agency in context["agencies"]:
        agency["meeting_actions"] = actions_for(agency, context["meeting"]["actions"])
    dates = LetterDates(out, folder.reference)
    letter = "panel-pack-revised" if revised else "panel-pack"
    sent = dates.date(letter, folder.meeting.sent_to_panel, today)  # the pack's day
    context["produced"] = sent
    render("combined-summary-panel", context, targets[0], sent, local)
    render(names[1], context, targets[1], sent, local)
    result.written += targets
    letters = [
        *context["agencies"],
        *([context["referrer_letter"]] if context["referrer_letter"] else []),
    ]
    for agency in letters:
        target = base / "outcome-letters" / f"{agency['key']}.docx"
        render("outcome-letter", context | {"agency": agency}, target, sent, local)
        result.written.append(target)
    dates.save()
    return result


def meeting_context(folder: CaseFolder, meeting: Meeting, today: date) -> dict[str, Any]:
    """Sections 2 and 3 as the meeting recorded them: attendees, quorum, criteria, actions,
    learning and the decision; and the referrer's letter when the referrer is not an agency."""
    case = folder.case
    assert case is not None
    settings = folder.partnership
    q = quorum(meeting, settings.quorum, case.agencies)
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
    actions = []
    for a in meeting.immediate_actions:
        owner = owner_agency(a.owner, case.agencies) if a.owner else None
        actions.append(
            {
                "action": a.action,
                "owner": a.owner or "Not named",
                "due": long_date(a.due),
                "agency_key": owner.key if owner else "",
            }
        )
    advisor = meeting.independent_advisor
    context: dict[str, Any] = {
        "revised": None,  # the Panel's response a revised decision answers (`revision`)
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
        "next_steps": done_so_far(folder, outcome.next_steps, for_agencies=True),
        "panel_next_steps": done_so_far(folder, outcome.panel_next_steps),
    }
    referrer = case.referral.referrer
    if not any(a.name.strip().lower() == referrer.agency.strip().lower() for a in case.agencies):
        context["referrer_letter"] = {
            "key": "referrer",
            "name": referrer.agency,
            "contact": referrer.name,
            "salutation": salutation(referrer.name),
            "thanks": "Thank you for your referral.",
            "meeting_actions": [],
        }
    return context


def revision(
    response: PanelResponse, answered: Meeting, meeting: Meeting, folder: CaseFolder
) -> dict[str, Any]:
    """The `revised` field: the Panel's response that reopened the decision of `answered`,
    and what the meeting held after it (`meeting`) made of it."""
    outcomes = folder.partnership.outcomes
    before, now = answered.decision, meeting.decision
    same = (before.outcome, before.learning_option) == (now.outcome, now.learning_option)
    return {
        "received": response.received,
        "said": SAID[response.response],
        "text": prose(response.text) or "The Panel's response gave no further detail.",
        "previous_date": answered.date,
        "previous_decision": outcomes[before.outcome].name,
        "change": "The meeting confirmed its earlier decision."
        if same
        else f"This replaces the earlier decision ({outcomes[before.outcome].name.lower()}).",
    }


def done_so_far(folder: CaseFolder, planned: str, for_agencies: bool = False) -> str:
    """What happens next, with what is already done said as done (the reviewer
    commissioned); agencies are also told they will be asked to take part."""
    review = folder.review
    reviewer = review.reviewer if review else None
    decision = folder.meeting.decision if folder.meeting else None
    if decision and decision.outcome == "lcspr" and reviewer and reviewer.commissioned:
        of = f" of {reviewer.organisation}" if reviewer.organisation else ""
        done = (
            f"The safeguarding partners commissioned {reviewer.name}{of} as the independent "
            f"reviewer on {long_date(reviewer.commissioned)}. The review is to be completed "
            "within six months of the decision."
        )
        ask = " Your agency will be asked for information and for practitioners to take part."
        return done + (ask if for_agencies else "")
    return planned


def actions_for(agency: dict[str, Any], actions: list[dict[str, str]]) -> list[dict[str, str]]:
    """The meeting's immediate actions an agency owns (the agency its owner names)."""
    return [a for a in actions if a["agency_key"] == agency["key"]]
