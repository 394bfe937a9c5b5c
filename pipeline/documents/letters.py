"""What every letter and document shares: the partnership block, the national bodies, how
an agency is addressed, and what the meeting is called."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..case.model import Agency, CaseFolder
from ..rules.settings import Body, Partnership

MARKING = "OFFICIAL-SENSITIVE"


def common_context(partnership: Partnership, today: date) -> dict[str, Any]:
    """The fields every template has: partnership, marking, produced, panel, bodies, words."""
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
        "words": dict(partnership.words),
    }


def national_bodies(partnership: Partnership) -> dict[str, dict[str, str]]:
    """The national bodies' details, as the settings give them, each with a salutation."""
    return {key: _body(body) for key, body in partnership.national_bodies.items()}


def _body(body: Body) -> dict[str, str]:
    return vars(body) | {"salutation": body.salutation or body.role or body.name}


def recipients(partnership: Partnership, notice: str) -> dict[str, str]:
    """Who a notice goes to (the settings' `notices`): their names on one line or one a
    line, their email addresses, and the first one's postal address."""
    bodies = partnership.bodies(notice)
    return {
        "names": "; ".join(b.name for b in bodies),
        "lines": "\n".join(b.name for b in bodies),
        "emails": "; ".join(b.email for b in bodies if b.email),
        "address": bodies[0].address if bodies else "",
    }


def letter_agency(agency: Agency, **more: Any) -> dict[str, Any]:
    """An agency as a letter addresses it (the one place the addressee is worked out)."""
    return {
        "key": agency.key,
        "name": agency.name,
        "contact": agency.contact.name or "The safeguarding lead",
        "salutation": agency.contact.name or "colleague",
        **more,
    }


def meeting_name(folder: CaseFolder) -> str:
    """The deciding meeting as the profile names it ("rapid review meeting"): by the meeting
    recorded, else by the meeting the case's route starts with."""
    settings = folder.partnership
    route = folder.case.route if folder.case else "notification"
    kind = folder.meeting.kind if folder.meeting else settings.route_meetings.get(route, "")
    return settings.meeting_name(kind)
