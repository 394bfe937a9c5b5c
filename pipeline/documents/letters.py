"""What every letter and document shares: the partnership block, the national bodies, how
an agency is addressed, and what the meeting is called."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..case.model import Agency, Case, Meeting
from ..rules.settings import Partnership, load

MARKING = "OFFICIAL-SENSITIVE"


def common_context(partnership: Partnership, today: date) -> dict[str, Any]:
    """The fields every template has: partnership, marking, produced, panel, bodies."""
    signatory = partnership.signatory
    return {
        "partnership": {
            "name": partnership.name,
            "short_name": partnership.short_name,
            "address": partnership.address,
            "email": partnership.email,
            "phone": partnership.phone,
            "signatory": {
                "name": signatory.name or "Business Manager",
                "role": signatory.role or "Business Manager",
            },
        },
        "marking": MARKING,
        "produced": today,
        "panel": national_bodies(partnership)["panel"],
        "bodies": national_bodies(partnership),
    }


def national_bodies(partnership: Partnership) -> dict[str, dict[str, str]]:
    """The national bodies' details: shipped defaults, overridden by partnership.yaml."""
    bodies = {key: dict(value) for key, value in load("national-bodies.yaml").items()}
    for key, given in partnership.national_bodies.items():
        bodies.setdefault(key, {}).update({k: v for k, v in vars(given).items() if v})
    for body in bodies.values():
        body.setdefault("salutation", body.get("role") or body.get("name", ""))
    return bodies


def letter_agency(agency: Agency, **more: Any) -> dict[str, Any]:
    """An agency as a letter addresses it (the one place the addressee is worked out)."""
    return {
        "key": agency.key,
        "name": agency.name,
        "contact": agency.contact.name or "The safeguarding lead",
        "salutation": agency.contact.name or "colleague",
        **more,
    }


def meeting_name(case: Case, meeting: Meeting | None) -> str:
    """'rapid review meeting' or 'case review group meeting', by the meeting, else the route."""
    kind = (
        meeting.kind
        if meeting
        else ("rapid-review" if case.route == "notification" else "case-review-group")
    )
    return "rapid review meeting" if kind == "rapid-review" else "case review group meeting"
