"""`cspr check-templates`: every template rendered against a case, each problem a line.

A template the partnership has its own version of (cases/templates/<name>.docx) is checked
in that version, and said to be overridden. A broken or unknown field is a line naming the
template, the field and the paragraph; the check goes on to the next template.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from ..case.deadlines import case_deadlines_for
from ..case.model import CaseFolder, PanelResponse
from ..chronology.build import build as build_chronology
from ..core.errors import InputError, TemplateError
from ..core.findings import Findings
from ..core.outcome import Outcome
from ..office.pictures import briefing_graphic
from ..office.render import fields_used, render, shipped_templates, template_path
from .family import family_letters, involvement_context
from .follow_up import follow_up_context
from .learning_brief import brief_context
from .notices import notice_contexts
from .panel import meeting_context, revision
from .publication import briefing_context, publication_context
from .referral import referral_context
from .requests import annex_context, request_context
from .review import review_contexts
from .summary import summary_context


def check_templates(case: Path, today: date) -> Outcome:
    """Render every template against `case`; a line for each, a finding for each problem.

    Raises InputError when the case has errors or no meeting.yaml (its contexts need both).
    """
    result = Outcome()
    with tempfile.TemporaryDirectory() as scratch:
        folder, contexts = template_contexts(case, Path(scratch), today)
        local = folder.templates
        for name, context in contexts.items():
            result.notes += _check(name, context, local, Path(scratch), today, result.findings)
        known = {p.stem for p in shipped_templates().glob("*.docx")}
        for own in sorted(local.glob("*.docx")) if local.is_dir() else []:
            if own.stem not in known:
                result.notes.append(
                    f"{own.name}: not a template the pipeline uses (cases/templates/); "
                    f"its name must be one of {', '.join(sorted(known))}"
                )
    return result


def _check(
    name: str,
    context: dict[str, Any],
    local: Path,
    scratch: Path,
    today: date,
    findings: Findings,
) -> list[str]:
    path = template_path(name, local)
    whose = f" (the partnership's own: cases/templates/{path.name})" if path.parent == local else ""
    try:
        used = fields_used(name, local)
        render(name, context, scratch / f"{name}.docx", today, local)
        status = "renders"
    except TemplateError as exc:
        used, status = set(), f"FAILS: {exc}"
        findings.add("template-invalid", str(exc), file=str(path), field=exc.field, value=exc.line)
    unknown = sorted(used - set(context))
    lines = [f"{name}.docx: {status}{whose}"]
    if unknown:
        lines.append(f"  unknown fields (not provided): {', '.join(unknown)}")
        findings.add(
            "template-invalid",
            f"Template {name}.docx uses fields the pipeline does not provide: "
            f"{', '.join(unknown)}.",
            file=str(path),
            field=", ".join(unknown),
        )
    if status == "renders":
        lines.append(f"  unused fields: {', '.join(sorted(set(context) - used)) or 'none'}")
    return lines


def sample_revision(folder: CaseFolder, today: date) -> dict[str, Any]:
    """A Panel response for the revised covering letter: the case's own, else an example."""
    meeting = folder.meeting
    assert meeting is not None
    example = PanelResponse(today, "disagrees", "An example response.")
    return revision(meeting.panel_response or example, meeting, meeting, folder)


def template_contexts(
    case: Path, out: Path, today: date
) -> tuple[CaseFolder, dict[str, dict[str, Any]]]:
    """A context for each template, from one case (the example case)."""
    validation, chron = build_chronology(case, out, today)
    folder = validation.folder
    if chron is None or folder.case is None or folder.meeting is None:
        raise InputError(
            f"check-templates needs a case with no errors and a meeting.yaml; {case} has "
            f"{'no meeting.yaml' if chron else 'errors (run cspr validate)'}."
        )
    deadlines, _ = case_deadlines_for(validation, today, Findings())
    summary = summary_context(validation, chron, out, today, deadlines)
    panel = summary | meeting_context(folder, folder.meeting, today)
    agency = panel["agencies"][0]
    request = request_context(folder, today) | {"agency": agency}
    contexts = {
        "combined-summary": summary,
        "combined-summary-panel": panel,
        "panel-covering-letter": panel,
        "panel-covering-letter-revised": panel | {"revised": sample_revision(folder, today)},
        "outcome-letter": panel | {"agency": agency},
        "referral-form": referral_context(folder, today),
        "request-letter": request,
        "reminder-letter": request | {"status": "It is due soon."},
        "identifying-annex": annex_context(folder, today) | {"agency": agency},
    }
    notices, _ = notice_contexts(folder, today)
    for context in notices.values():
        contexts[context.pop("template")] = context
    contexts |= review_contexts(folder, deadlines, today)  # terms of reference, requests
    if folder.review and folder.briefing and folder.review.publication.planned_date:
        pack = publication_context(folder, today)
        graphic = out / folder.reference / "seven-part-graphic.png"
        briefing_graphic(graphic)
        contexts["7-minute-briefing"] = pack | briefing_context(folder, graphic)
        contexts["notice-to-national-bodies"] = pack
    letters, _ = family_letters(folder, today)  # families, learning brief, follow-up
    contexts |= {template: context for template, context, _ in letters.values()}
    contexts["family-involvement"] = involvement_context(folder, today)
    if folder.briefing:
        graphic = out / folder.reference / "seven-part-graphic.png"
        briefing_graphic(graphic)
        brief = brief_context(folder, today, today) | briefing_context(folder, graphic)
        contexts["learning-brief"] = brief
    if folder.review:
        contexts["impact-follow-up"] = follow_up_context(folder, today)
    return folder, contexts
