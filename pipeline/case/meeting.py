"""Checks on the meeting's record: quorum (LLR 4.6.1), decision and criteria.

Also reads the criteria and the menu of learning options, kept as data in
pipeline/rules/.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.findings import Findings
from ..rules.settings import load
from .model import Meeting

SAFEGUARDING_PARTNERS = {
    "local-authority": "local authority",
    "police": "police",
    "health": "health (ICB)",
    "icb": "health (ICB)",
}
QUORUM_RULE = (
    "quorate only with at least three partner-agency representatives, including "
    "at least two of the three safeguarding partners (local authority, health (ICB), "
    "police) (LLR 4.6.1)."
)


@dataclass(frozen=True)
class Quorum:
    quorate: bool
    reason: str

    def sentence(self) -> str:
        return f"{'Quorate' if self.quorate else 'Not quorate'}: {self.reason}"


def quorum(meeting: Meeting) -> Quorum:
    people = {(a.name.strip().lower(), a.agency.strip().lower()) for a in meeting.attendees}
    partners = sorted(
        {
            SAFEGUARDING_PARTNERS[a.partner]
            for a in meeting.attendees
            if a.partner in SAFEGUARDING_PARTNERS
        }
    )
    named = ", ".join(partners) if partners else "none"
    reason = (
        f"{len(people)} partner-agency representatives attended; safeguarding partners "
        f"represented: {named}."
    )
    return Quorum(len(people) >= 3 and len(partners) >= 2, reason)


def criteria() -> list[dict[str, str]]:
    data = load("criteria.yaml")
    return [
        {**c, "kind": kind}
        for kind in ("must_take_into_account", "have_regard_to")
        for c in data[kind]
    ]


def outcome(key: str) -> dict[str, str]:
    return dict(load("learning-options.yaml")["outcomes"][key])


def learning_option(key: str) -> dict[str, str]:
    return dict(load("learning-options.yaml")["options"][key])


def check(meeting: Meeting, findings: Findings) -> None:
    q = quorum(meeting)
    if not q.quorate:
        findings.add(
            "meeting-inquorate",
            f"The meeting was not quorate: {q.reason}",
            file="meeting.yaml",
            field="attendees",
        )
    decision = meeting.decision
    if decision.outcome == "other-learning" and not decision.learning_option:
        findings.add(
            "decision-incomplete",
            "The decision is other-learning but no learning_option is given.",
            file="meeting.yaml",
            field="decision.learning_option",
        )
    known = {c["key"] for c in criteria()}
    for key in meeting.criteria:
        if key not in known:
            findings.add(
                "key-unknown",
                f"Unknown criterion 'criteria.{key}' (known: {', '.join(sorted(known))}).",
                file="meeting.yaml",
                field=f"criteria.{key}",
            )
