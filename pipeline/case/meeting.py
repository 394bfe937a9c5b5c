"""Checks on the meeting's record: quorum, decision and criteria, by the partnership's
settings (the quorum rule, the criteria, the menu of learning options)."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.findings import Findings
from ..rules.settings import Partnership, Quorum
from ..rules.themes import check_themes
from .model import Agency, Meeting


@dataclass(frozen=True)
class QuorumCheck:
    """Whether the meeting was quorate, and why."""

    quorate: bool
    reason: str

    def sentence(self) -> str:
        return f"{'Quorate' if self.quorate else 'Not quorate'}: {self.reason}"


def quorum(meeting: Meeting, rule: Quorum, agencies: list[Agency]) -> QuorumCheck:
    """Whether the meeting was quorate under the partnership's rule, and why. Only
    partner-agency representatives count (LLR 4.6.1): an attendee of a partner, or of an
    agency of the case; not one recorded `partner: other` for no agency of the case (the
    partnership's business manager, a minute-taker)."""
    people = {
        (a.name.strip().lower(), a.agency.strip().lower())
        for a in meeting.attendees
        if a.partner != "other" or owner_agency(a.agency, agencies) is not None
    }
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


def owner_agency(owner: str, agencies: list[Agency]) -> Agency | None:
    """The agency an action's owner names: by key, by name, or a name contained in the
    other ("Children's Services" is "Northshire Children's Services")."""
    text = " ".join(owner.lower().split())
    for agency in agencies:
        name = " ".join(agency.name.lower().split())
        if text in (agency.key.lower(), name) or (len(text) > 3 and (text in name or name in text)):
            return agency
    return None


def check(
    meeting: Meeting, partnership: Partnership, findings: Findings, agencies: list[Agency]
) -> None:
    """Quorum, a decision that names its learning option, actions owned by agencies of the
    case, and criteria the settings know."""
    q = quorum(meeting, partnership.quorum, agencies)
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
    for i, action in enumerate(meeting.immediate_actions):
        if action.owner and owner_agency(action.owner, agencies) is None:
            findings.add(
                "owner-unknown",
                f"Immediate action {i + 1} is owned by '{action.owner}', which is no agency of "
                "the case: its outcome letter will not carry it.",
                file="meeting.yaml",
                field=f"immediate_actions[{i}].owner",
                value=action.owner,
            )
    check_themes(meeting.themes, partnership, "meeting.yaml", findings)
    known = [c.key for c in partnership.criteria]
    for key in meeting.criteria:
        if key not in known:
            findings.add(
                "key-unknown",
                f"Unknown criterion 'criteria.{key}' (known: {', '.join(sorted(known))}).",
                file="meeting.yaml",
                field=f"criteria.{key}",
            )
