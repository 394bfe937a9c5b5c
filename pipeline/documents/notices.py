"""Notices at later milestones, each produced once the case has what it needs:
the reviewer's appointment (to the National Panel, Ofsted and DfE; LLR 6.1.2), a
delay past six months (to the Panel and the Secretary of State; LLR 3.1.3), and
invitations to the reflective learning workshop with the practitioners' briefing
(LLR 8.9-8.11).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..case.deadlines import case_deadlines, due_date
from ..case.model import CaseFolder, Workshop
from ..core.findings import Findings
from ..core.outcome import Outcome, warning_lines
from ..core.wording import long_date, prose
from ..office.render import render
from .letters import LetterDates, common_context, letter_agency, meeting_name, recipients

LENGTHS = {"half-day": "half a day", "full-day": "a full day"}
DEFAULT_ATTENDEES = (
    "Only practitioners and managers who had direct involvement with the child or family."
)
DEFAULT_BRING = [
    "Your own recollection of your work with the child and family, and of what helped or "
    "hindered it at the time.",
    "Notes you made at the time, if your agency agrees you may bring them; keep them secure.",
    "Any information or questions you think the review should have.",
]
MAILBOXES = ("panel", "ofsted", "dfe")  # the reviewer's name goes to all three (LLR 6.1.2)


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
    reply_by = due_date(found, "workshop-replies")
    if workshop and reviewer and reviewer.commissioned and reply_by:
        details = workshop_details(workshop, reply_by)
        for agency in case.agencies:
            made[f"workshop-invitation-{agency.key}"] = {
                "template": "workshop-invitation",
                **context,
                "workshop": details,
                "agency": letter_agency(agency),
            }
    elif workshop and reviewer and reviewer.commissioned:
        missing.append(
            "workshop invitations: need workshop.reply_by in review.yaml (the "
            "workshop-replies rule is switched off)"
        )
    else:
        missing.append(
            "workshop invitations: need a workshop block and a commissioned reviewer in review.yaml"
        )
    return made, missing


def workshop_details(workshop: Workshop, reply_by: date) -> dict[str, Any]:
    """The workshop as the invitation and its briefing give it: when, where (a place, a link
    to join online, or both), who, what to bring and the reply-by date."""
    start, end = workshop.start, workshop.end
    if start and end:
        times = f"{start:%H:%M} to {end:%H:%M}"
    else:
        times = f"from {start:%H:%M}" if start else "times to be confirmed"
    place, link = workshop.place, workshop.link
    if place and link:
        where = f"{place}, or online: {link}"
    else:
        where = f"Online: {link}" if link else place or "a venue to be confirmed"
    return {
        "date": workshop.date,
        "times": times,
        "place": place or ("online" if link else "a venue to be confirmed"),
        "link": link,
        "where": where,
        "length": LENGTHS[workshop.length],
        "attendees": workshop.attendees or DEFAULT_ATTENDEES,
        "reply_by": reply_by,
        "bring": workshop.bring or DEFAULT_BRING,
        "key_themes": workshop.key_themes,
    }


def recipient_checks(folder: CaseFolder) -> Findings:
    """The reviewer's name goes to the Panel, Ofsted and DfE mailboxes (LLR 6.1.2; North
    Somerset §9): a warning for each the settings leave out, or give no email address."""
    findings = Findings()
    settings = folder.partnership
    chosen = settings.notices.get("reviewer-appointed")
    for key in MAILBOXES:
        body = settings.national_bodies.get(key)
        if chosen is None or key not in chosen.to:
            findings.add(
                "notice-recipient-missing",
                f"The reviewer-appointed notice does not go to {body.name if body else key}.",
                file="partnership.yaml",
                field="notices.reviewer-appointed",
                value=key,
            )
        elif body is not None and not body.email:
            findings.add(
                "notice-recipient-missing",
                f"{body.name} has no email address: the reviewer-appointed notice cannot reach "
                "its mailbox.",
                file="partnership.yaml",
                field=f"national_bodies.{key}.email",
            )
    return findings


def build_notices(folder: CaseFolder, out: Path, today: date) -> Outcome:
    """`cspr notices`: every notice the case has the dates for; the others said as lines."""
    made, missing = notice_contexts(folder, today)
    result = Outcome(closing=[f"  not produced: {reason}" for reason in missing])
    dates = LetterDates(out, folder.reference)
    if "reviewer-appointed" in made:
        result.findings.extend(recipient_checks(folder))
    for name, context in made.items():
        target = out / folder.reference / "notices" / f"{name}.docx"
        day = dates.date(f"notices/{target.name}", None, today)
        template = context.pop("template")
        reply_by = context["workshop"]["reply_by"] if "workshop" in context else None
        if reply_by and day > reply_by:
            result.findings.add(
                "dates-contradict",
                f"The workshop invitation to {context['agency']['name']} is dated "
                f"{long_date(day)} but asks for a reply by {long_date(reply_by)}, already past.",
                file="review.yaml",
                field="workshop.reply_by",
                hint="Set a later workshop.reply_by in review.yaml, or agree replies by phone.",
            )
        render(template, context | {"produced": day}, target, day, folder.templates)
        result.written.append(target)
    dates.save()
    result.warnings = warning_lines(result.findings)
    return result
