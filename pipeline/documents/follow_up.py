"""The impact follow-up (BCP §15): six months after the action plan is complete, a statement
of what difference the review has made, with the evidence for each recommendation
(review.yaml: `action_plan_completed`, `impact_checked` the day of the statement, `impact`,
and each recommendation's `status`, `evidence` and `impact`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..case.deadlines import case_deadlines
from ..case.model import Case, CaseFolder, Recommendation
from ..core.findings import Findings
from ..core.outcome import Outcome
from ..core.wording import long_date, plural
from ..core.workdays import WorkingCalendar
from ..office.render import render
from ..rules.engine import in_words
from .letters import LetterDates, common_context

RULE = "impact-follow-up"
NOT_YET = "Not yet recorded."


def follow_up_context(folder: CaseFolder, today: date) -> dict[str, Any]:
    """The statement's fields: the follow-up's dates in words, the overall impact, and each
    recommendation with its status, evidence and impact."""
    case, review = folder.case, folder.review
    assert case is not None and review is not None
    found, _ = case_deadlines(folder, today, Findings())
    due = next((d for d in found if d.rule == RULE), None)
    done = [r for r in review.recommendations if r.status.lower() in ("done", "complete")]
    group = folder.partnership.words.get("quality_group")
    statement = (
        f"Made on {long_date(review.impact_checked)}"
        if review.impact_checked and review.impact_checked <= today
        else "A draft: record impact_checked in review.yaml on the day the statement is agreed"
    )
    return common_context(folder.partnership, today) | {
        "case": {"reference": case.reference, "pseudonym": case.child.pseudonym},
        "title": review.report_title
        or f"Local child safeguarding practice review: {case.child.pseudonym}",
        "follow_up": {
            "completed": review.action_plan_completed,
            "due": due.due if due else None,
            "due_words": in_words(due, today, WorkingCalendar()).removeprefix(f"{due.title}: ")
            if due
            else "Not dated until the action plan is complete",
            "source": due.source if due else "BCP §15",
            "statement": statement,
            "group": f"the {group}" if group else f"the {folder.partnership.name}",
            "counts": f"{plural(len(review.recommendations), 'recommendation')}, {len(done)} done",
            "impact": review.impact.strip() or NOT_YET,
        },
        "recommendations": [
            {
                "id": r.id,
                "text": r.text,
                "owner": _owner(case, r),
                "due": long_date(r.due) or "-",
                "status": r.status or "Not started",
                "evidence": r.evidence or NOT_YET,
                "impact": r.impact or NOT_YET,
            }
            for r in review.recommendations
        ],
    }


def _owner(case: Case, rec: Recommendation) -> str:
    """The owner and the agencies by name: 'Head of Health; Northshire Police'."""
    names = [a.name if (a := case.agency(key)) else key for key in rec.agencies]
    return "; ".join(x for x in (rec.owner, ", ".join(names)) if x) or "-"


def build_follow_up(folder: CaseFolder, out: Path, today: date) -> Outcome:
    """`cspr follow-up`: OUT/<reference>/impact-follow-up.docx, once the action plan is
    complete; what is still to record, as lines."""
    review = folder.review
    result = Outcome()
    if review is None or review.action_plan_completed is None:
        result.findings.add(
            "key-missing",
            "The impact follow-up is due six months after the action plan is complete: it "
            "needs action_plan_completed in review.yaml.",
            file="review.yaml",
            field="action_plan_completed",
        )
        return result
    target = out / folder.reference / "impact-follow-up.docx"
    dates = LetterDates(out, folder.reference)
    recorded = (
        review.impact_checked if review.impact_checked and review.impact_checked <= today else None
    )
    day = dates.date(target.name, recorded, today)
    context = follow_up_context(folder, today)
    render("impact-follow-up", context | {"produced": day}, target, day, folder.templates)
    dates.save()
    result.written.append(target)
    follow = context["follow_up"]
    result.closing.append(f"  Impact follow-up: {follow['due_words']} [{follow['source']}]")
    for r in context["recommendations"]:
        missing = [k for k in ("evidence", "impact") if r[k] == NOT_YET]
        if missing:
            result.closing.append(f"  {r['id']}: no {' or '.join(missing)} recorded yet")
    if follow["impact"] == NOT_YET:
        result.closing.append("  the statement itself: no impact recorded yet (review.yaml impact)")
    return result
