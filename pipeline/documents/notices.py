"""Notices at later milestones, each produced once the case has what it needs:
the reviewer's appointment (to the National Panel, Ofsted and DfE; LLR 6.1.2), a
delay past six months (to the Panel and the Secretary of State; LLR 3.1.3), and
invitations to the reflective learning workshop (LLR 8.10.3).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..case.deadlines import case_deadlines
from ..case.model import CaseFolder
from ..core.findings import Findings
from ..core.outcome import Outcome
from ..core.wording import prose
from ..office.render import render
from .letters import LetterDates, common_context, letter_agency, meeting_name, recipients

LENGTHS = {"half-day": "half a day", "full-day": "a full day"}
DEFAULT_ATTENDEES = (
    "Only practitioners and managers who had direct involvement with the child or family."
)


def notice_contexts(folder: CaseFolder, today: date) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Each notice the case has the dates for, by output name, with its template and context;
    and what the others still need."""
    case, meeting, review = folder.case, folder.meeting, folder.review
    assert case is not None
    if meeting is None or review is None:
        return {}, ["every notice: needs meeting.yaml and review.yaml"]
    found, _ = case_deadlines(folder, today, Findings())
    complete = next((d for d in found if d.rule == "lcspr-complete"), None)
    context = common_context(folder.partnership, today) | {
        "case": {"reference": case.reference, "pseudonym": case.child.pseudonym},
        "meeting_name": meeting_name(folder),
        "decision_date": meeting.date,
        "due": complete.due if complete else None,
    }
    made: dict[str, dict[str, Any]] = {}
    missing: list[str] = []
    reviewer = review.reviewer
    if reviewer and reviewer.commissioned:
        context["reviewer"] = {
            "name": reviewer.name,
            "commissioned": reviewer.commissioned,
            "organisation": f" of {reviewer.organisation}" if reviewer.organisation else "",
        }
        made["reviewer-appointed"] = {
            "template": "reviewer-appointed",
            **context,
            "recipients": recipients(folder.partnership, "reviewer-appointed"),
        }
    else:
        missing.append(
            "reviewer-appointed: needs review.yaml reviewer.name and reviewer.commissioned"
        )
    if review.delay_reason and complete:
        made["delay"] = {
            "template": "delay-notice",
            "recipients": recipients(folder.partnership, "delay-notice"),
            **context,
            "reason": prose(review.delay_reason),
        }
    elif complete and complete.status == "overdue":
        missing.append(
            f"delay: the review was due {complete.due:%d/%m/%Y}; add "
            "delay_reason to review.yaml to produce the delay notice"
        )
    workshop = review.workshop
    if workshop and reviewer and reviewer.commissioned:
        details = {
            "date": workshop.date,
            "place": workshop.place or "a venue to be confirmed",
            "length": LENGTHS[workshop.length],
            "attendees": workshop.attendees or DEFAULT_ATTENDEES,
        }
        for agency in case.agencies:
            made[f"workshop-invitation-{agency.key}"] = {
                "template": "workshop-invitation",
                **context,
                "workshop": details,
                "agency": letter_agency(agency),
            }
    else:
        missing.append(
            "workshop invitations: need a workshop block and a commissioned reviewer in review.yaml"
        )
    return made, missing


def build_notices(folder: CaseFolder, out: Path, today: date) -> Outcome:
    """`cspr notices`: every notice the case has the dates for; the others said as lines."""
    made, missing = notice_contexts(folder, today)
    result = Outcome(closing=[f"  not produced: {reason}" for reason in missing])
    dates = LetterDates(out, folder.reference)
    for name, context in made.items():
        target = out / folder.reference / "notices" / f"{name}.docx"
        day = dates.date(f"notices/{target.name}", None, today)
        template = context.pop("template")
        render(template, context | {"produced": day}, target, day, folder.templates)
        result.written.append(target)
    dates.save()
    return result
