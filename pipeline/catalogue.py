"""Every template, and how to build its context for a case: what `cspr check-templates` uses."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from .chronology import build as build_chronology
from .findings import Findings
from .validate import case_deadlines_for


def template_contexts(case: Path, out: Path, today: date) -> dict[str, dict[str, Any]]:
    """A context for each template in templates/, from one case (the example case)."""
    from .information import request_context
    from .notices import notice_contexts
    from .publish import briefing_context, briefing_graphic, publication_context
    from .referral import referral_context
    from .summary import meeting_context, summary_context

    validation, chron = build_chronology(case, out, today)
    folder = validation.folder
    if chron is None or folder.case is None or folder.meeting is None:
        raise ValueError("check-templates needs a case with no errors and a meeting.yaml")
    deadlines, _ = case_deadlines_for(validation, today, Findings())
    summary = summary_context(validation, chron, out, today, deadlines)
    panel = summary | meeting_context(folder, folder.meeting, today)
    agency = panel["agencies"][0]
    request = request_context(folder, today) | {"agency": agency}
    contexts = {
        "combined-summary": summary,
        "combined-summary-panel": panel,
        "panel-covering-letter": panel,
        "outcome-letter": panel | {"agency": agency},
        "referral-form": referral_context(folder, today),
        "request-letter": request,
        "reminder-letter": request | {"status": "It is due soon."},
    }
    notices, _ = notice_contexts(folder, today)
    for context in notices.values():
        contexts[context.pop("template")] = context
    if folder.review and folder.briefing and folder.review.publication.planned_date:
        pack = publication_context(folder, today)
        graphic = out / folder.reference / "seven-part-graphic.png"
        briefing_graphic(graphic)
        contexts["7-minute-briefing"] = pack | briefing_context(folder, graphic)
        contexts["notice-to-national-bodies"] = pack
    return contexts
