"""`cspr review`: every review-stage document the case has the data for (the terms of
reference, the requests to agencies with their reply templates, and the notices: the
reviewer's appointment, a delay, the workshop invitations), saying which it could not write
and why; and where the agencies' review-stage returns stand."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..case.deadlines import case_deadlines_for
from ..case.model import CaseFolder
from ..case.validate import Validation
from ..core.findings import Findings
from ..core.outcome import Outcome, warning_lines
from ..core.workdays import WorkingCalendar
from ..rules.engine import Deadline, in_words
from .letters import LetterDates
from .notices import build_notices
from .review_requests import letter_context, request_due, request_fields, write_requests
from .review_setup import terms_context, write_terms


def build_review(validation: Validation, out: Path, today: date) -> Outcome:
    """`cspr review`: the review stage's documents; the others said as lines."""
    folder = validation.folder
    review = folder.review
    if folder.meeting is None or review is None:
        return Outcome(
            closing=["  not produced: every review-stage document: needs meeting.yaml and "
                     "review.yaml"]
        )  # fmt: skip
    found, _ = case_deadlines_for(validation, today, Findings())
    result = Outcome()
    terms, lines = write_terms(folder, found, out, today)
    result.written += [terms] if terms else []
    result.closing += lines
    if review.requests:
        dates = LetterDates(out, folder.reference)
        written, findings = write_requests(folder, out, today, dates)
        dates.save()  # before the notices read the same file
        result.written += written
        result.findings.extend(findings)
    else:
        result.closing.append(
            "  not produced: review requests: none in review.yaml (requests: each agency, "
            "kind, sent)"
        )
    notices = build_notices(folder, out, today)
    result.written += notices.written
    result.closing += notices.closing
    result.findings.extend(notices.findings)
    cal = WorkingCalendar()
    asked = [d for d in found if d.rule.startswith("review-request:")]
    if asked:
        done = sum(d.status == "met" for d in asked)
        result.notes.append(f"Review-stage returns in: {done} of {len(asked)}")
        result.notes += [f"  {in_words(d, today, cal)}" for d in asked if d.status != "met"]
    result.warnings = warning_lines(result.findings)
    return result


def review_contexts(
    folder: CaseFolder, found: list[Deadline], today: date
) -> dict[str, dict[str, Any]]:
    """The review-stage templates' fields, as far as the case has them (check-templates;
    the workshop invitation is a notice)."""
    case, review = folder.case, folder.review
    if case is None or folder.meeting is None or review is None:
        return {}
    contexts = {}
    if review.terms_of_reference:
        contexts["terms-of-reference"] = terms_context(folder, found, today)[0]
    for request in review.requests:
        agency = case.agency(request.agency)
        if agency is not None:
            due = request_due(folder, request, today) or today
            contexts["review-request-letter"] = letter_context(folder, today) | request_fields(
                request, agency, due
            )
            break
    return contexts
