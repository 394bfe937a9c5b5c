"""Checks on the meeting's record: quorum, decision and criteria, by the partnership's
settings (the quorum rule, the criteria, the menu of learning options)."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.findings import Findings
from ..rules.settings import Partnership, Quorum
from .model import Meeting


@dataclass(frozen=True)
class QuorumCheck:
    quorate: bool
    reason: str

    def sentence(self) -> str:
        return f"{'Quorate' if self.quorate else 'Not quorate'}: {self.reason}"


def quorum(meeting: Meeting, rule: Quorum) -> QuorumCheck:
    """Whether the meeting was quorate under the partnership's rule, and why."""
    people = {(a.name.strip().lower(), a.agency.strip().lower()) for a in meeting.attendees}
    partners = sorted(
        {rule.partners[a.partner] for a in meeting.attendees if a.partner in rule.partners}
    )
    named = ", ".join(partners) if partners else "none"
    reason = (
        f"{len(people)} partner-agency representatives attended; safeguarding partners "
        f"represented: {named}."
    )
    enough = len(people) >= rule.representatives and len(partners) >= rule.safeguarding_partners
    return QuorumCheck(enough, reason)


def check(meeting: Meeting, partnership: Partnership, findings: Findings) -> None:
    """Quorum, a decision that names its learning option, and criteria the settings know."""
    q = quorum(meeting, partnership.quorum)
    if not q.quorate:
        findings.add(
            "meeting-inquorate",
            f"The meeting was not quorate: {q.reason}",
            file="meeting.yaml",
            field="attendees",
        )
    decision = meeting.decision
    menu = partnership.learning_options
    if decision.outcome == "other-learning" and not decision.learning_option:
        findings.add(
            "decision-incomplete",
            "The decision is other-learning but no learning_option is given.",
            file="meeting.yaml",
            field="decision.learning_option",
        )
    elif decision.learning_option and decision.learning_option not in menu:
        findings.add(
            "value-invalid",
            f"'decision.learning_option' should be one of the partnership's learning options: "
            f"{', '.join(menu)}.",
            file="meeting.yaml",
            field="decision.learning_option",
            value=decision.learning_option,
        )
    known = [c.key for c in partnership.criteria]
    for key in meeting.criteria:
        if key not in known:
            findings.add(
                "key-unknown",
                f"Unknown criterion 'criteria.{key}' (known: {', '.join(sorted(known))}).",
                file="meeting.yaml",
                field=f"criteria.{key}",
            )
