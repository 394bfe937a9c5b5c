"""The review's terms of reference (LLR 5.1-5.8, 6.1; BCP §8), from review.yaml's
`terms_of_reference` block, its scoping period, requests and timetable, into
OUT/<reference>/review/terms-of-reference.docx. Parts not yet agreed say so."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..case.model import CaseFolder
from ..case.review_forms import FORMS
from ..case.review_stage import agreed
from ..core.wording import long_date, prose
from ..office.render import render
from ..rules.engine import Deadline
from .letters import common_context, meeting_name

TO_AGREE = "To be agreed."
PARTS = ("scope", "lines_of_enquiry", "methodology", "family_involvement", "legal_advice")


def completion(folder: CaseFolder, found: list[Deadline]) -> Deadline | None:
    """The deadline the review must be complete by: the LCSPR's six months, or the
    learning option's own rule."""
    meeting = folder.meeting
    rule = "lcspr-complete"
    if meeting and meeting.decision.outcome == "other-learning":
        option = folder.partnership.learning_options.get(meeting.decision.learning_option or "")
        rule = option.deadline if option else ""
    return next((d for d in found if d.rule == rule and d.status != "not-applicable"), None)


def terms_context(
    folder: CaseFolder, found: list[Deadline], today: date
) -> tuple[dict[str, Any], list[str]]:
    """The terms of reference's fields, and the parts still to be agreed."""
    case, meeting, review = folder.case, folder.meeting, folder.review
    assert case is not None and meeting is not None and review is not None
    block = review.terms_of_reference
    assert block is not None
    missing = [p.replace("_", " ") for p in PARTS if not getattr(block, p)]
    if review.scoping_period is None:
        missing.append("scoping period")
    day = agreed(review)
    if day is None:
        missing.append("the date it is agreed")
    start, end = folder.review_period()
    settings = folder.partnership
    outcome = settings.outcomes[meeting.decision.outcome].name
    complete = completion(folder, found)
    by = f" by {block.agreed_by}" if block.agreed_by else ""
    context = common_context(settings, today) | {
        "case": {"reference": case.reference, "pseudonym": case.child.pseudonym},
        "status": f"Agreed{by} on {long_date(day)}." if day else "Draft: not yet agreed.",
        "decision": f"{outcome}: decided at the {meeting_name(folder)} on "
        f"{long_date(meeting.date)}",
        "reviewer": _reviewer(folder),
        "period": f"{long_date(start)} to {long_date(end)}"
        + ("" if review.scoping_period else " (proposed: not yet agreed)"),
        "due": f"{long_date(complete.due)} ({complete.source})" if complete else "Not set",
        "agreed": f"{long_date(day)}{by}" if day else "Not yet agreed",
        "tor": {
            "scope": prose(block.scope) or TO_AGREE,
            "lines_of_enquiry": block.lines_of_enquiry or [TO_AGREE],
            "methodology": prose(block.methodology) or TO_AGREE,
            "family_involvement": prose(block.family_involvement) or TO_AGREE,
            "legal_advice": prose(block.legal_advice) or TO_AGREE,
        },
        "requests": _requests(folder, found),
        "processes": [
            {"process": p.process, "status": p.status or "Not recorded"}
            for p in block.parallel_processes or case.other_processes
        ]
        or [{"process": "None known", "status": ""}],
        "timetable": _timetable(found, complete),
    }
    return context, missing


def _reviewer(folder: CaseFolder) -> str:
    """The reviewer, their organisation and when commissioned; or that none is yet."""
    reviewer = folder.review.reviewer if folder.review else None
    if reviewer is None:
        return "To be commissioned."
    named = ", ".join(x for x in (reviewer.name, reviewer.organisation) if x)
    when = reviewer.commissioned
    return named + (f" (commissioned {long_date(when)})" if when else "")


def _requests(folder: CaseFolder, found: list[Deadline]) -> list[dict[str, str]]:
    """The requests by kind: the agencies asked, and the reply-by date (or dates)."""
    review, case = folder.review, folder.case
    assert review is not None and case is not None
    rows = []
    for kind, form in FORMS.items():
        asked = [r for r in review.requests if r.kind == kind]
        if not asked:
            continue
        names = [(a.name if (a := case.agency(r.agency)) else r.agency) for r in asked]
        dues = {
            d.due
            for d in found
            if d.due
            and d.rule.startswith("review-request:")
            and any(d.rule.endswith(f":{r.agency}-{kind}") for r in asked)
        }
        rows.append(
            {
                "title": f"{form.title} ({form.source})",
                "agencies": ", ".join(names),
                "due": "; ".join(long_date(d) for d in sorted(dues)) or "When asked",
            }
        )
    return rows or [{"title": "None recorded yet", "agencies": "", "due": ""}]


def _timetable(found: list[Deadline], complete: Deadline | None) -> list[dict[str, str]]:
    """The timetable's steps and the completion date, by date, each with its status."""
    steps = [d for d in found if d.rule.startswith("review-timetable:")]
    rows = []
    for d in sorted([*steps, *([complete] if complete else [])], key=lambda d: d.due or date.max):
        if d.status == "met" and d.met_on:
            status = f"Done {long_date(d.met_on)}"
        elif d.kind == "planned":
            status = "Planned" if d.status == "planned" else "Late: not done"
        else:
            status = f"Required ({d.source})"
        rows.append({"title": d.title, "date": long_date(d.due), "status": status})
    return rows or [{"title": "No timetable recorded yet", "date": "", "status": ""}]


def write_terms(
    folder: CaseFolder, found: list[Deadline], out: Path, today: date
) -> tuple[Path | None, list[str]]:
    """OUT/<reference>/review/terms-of-reference.docx, and lines saying what is not yet
    agreed (or why it is not written)."""
    review = folder.review
    if folder.meeting is None or review is None or review.terms_of_reference is None:
        return None, [
            "  not produced: terms-of-reference: needs meeting.yaml and a terms_of_reference "
            "block in review.yaml (scope, lines_of_enquiry, methodology, family_involvement)"
        ]
    context, missing = terms_context(folder, found, today)
    target = out / folder.reference / "review" / "terms-of-reference.docx"
    render("terms-of-reference", context, target, today, folder.templates)
    lines = [f"  terms of reference: still to agree: {', '.join(missing)}"] if missing else []
    return target, lines
