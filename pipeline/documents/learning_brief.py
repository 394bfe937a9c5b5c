"""Learning without a full report (BCP §14, Appendix A): the practitioner learning brief and
the 7-minute briefing, from briefing.yaml alone, for a case whose decision has no full report
(other learning, or no review). Published to practitioners: the pseudonym only, no contact
details (the leak scan would stop them)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..case.model import CaseFolder
from .letters import common_context, meeting_name

NO_REPORT = ("other-learning", "no-review")  # decisions whose learning goes out without one


def brief_context(folder: CaseFolder, issued: date, today: date) -> dict[str, Any]:
    """The learning brief's fields, and the 7-minute briefing's (dated `issued`) but its parts
    and graphic (publication.briefing_context)."""
    case, meeting, briefing = folder.case, folder.meeting, folder.briefing
    assert case is not None and briefing is not None
    settings = folder.partnership
    decision = meeting.decision if meeting else None
    option = settings.learning_options.get(decision.learning_option or "") if decision else None
    outcome = settings.outcomes.get(decision.outcome if decision else "")
    office = settings.words.get("business_office", "business office")
    about = {
        "option": option.name if option else (outcome.name if outcome else "Learning brief"),
        "rationale": option.rationale if option else (outcome.next_steps if outcome else ""),
        "lead": option.lead if option else f"The {settings.name} {office}",
        "governance": option.governance if option else settings.name,
    }
    return common_context(settings, today) | {
        "marking": "OFFICIAL",
        "case": {"reference": case.reference, "pseudonym": case.child.pseudonym},
        "meeting_name": meeting_name(folder),
        "title": briefing.title or "Learning from a case",
        "brief": about | {"date": issued, "decided": meeting.date if meeting else None},
        "publication": {"planned_date": issued, "sent": None, "full": "the learning brief"},
    }
