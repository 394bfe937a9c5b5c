"""What every letter and document shares: the partnership block, the national bodies, how
an agency is addressed, and what the meeting is called."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from ..case.model import Agency, CaseFolder
from ..core.files import write_json
from ..rules.settings import Body, Partnership

MARKING = "OFFICIAL-SENSITIVE"


def common_context(partnership: Partnership, today: date) -> dict[str, Any]:
    """The fields every template has: partnership, marking, produced, panel, bodies, words."""
    signatory = partnership.signatory
    office = partnership.words.get("business_office", "business office")
    reach = " or ".join(x for x in (partnership.email, partnership.phone) if x)
    return {
        "partnership": {
            "name": partnership.name,
            "short_name": partnership.short_name,
            "address": partnership.address,
            "email": partnership.email,
            "phone": partnership.phone,
            "signatory": {
                "name": signatory.name,
                "role": signatory.role or "Business Manager",
            },
            # the lines a letter's head and signature carry: only what the partnership has
            "letterhead": "\n".join(
                x
                for x in (
                    partnership.address,
                    " | ".join(y for y in (partnership.email, partnership.phone) if y),
                )
                if x
            ),
            "signature": "\n".join(
                x
                for x in (signatory.name, signatory.role or "Business Manager", partnership.name)
                if x
            ),
            "contact": f"the {partnership.name} {office}" + (f", {reach}" if reach else ""),
            "reply_to": partnership.email or f"the {partnership.name} {office}",
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


TITLES = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "revd", "rev", "cllr",
    "sir", "dame", "lord", "lady", "di", "ds", "dc", "dci", "dcs", "insp", "inspector",
    "supt", "pc", "ps", "sgt", "det", "cdr", "cmdr",
}  # fmt: skip


def salutation(name: str, fallback: str = "colleague") -> str:
    """How a letter greets a person: title and surname when the name has a title
    ("DI Priya Rao" -> "DI Rao"), else the name as written."""
    words = name.split()
    if len(words) >= 3 and words[0].lower().rstrip(".") in TITLES:
        return f"{words[0]} {words[-1]}"
    return name.strip() or fallback


def letter_agency(agency: Agency, **more: Any) -> dict[str, Any]:
    """An agency as a letter addresses it (the one place the addressee is worked out)."""
    return {
        "key": agency.key,
        "name": agency.name,
        "contact": agency.contact.name or "The safeguarding lead",
        "salutation": salutation(agency.contact.name),
        **more,
    }


class LetterDates:
    """The date each letter carries: the recorded date of its step; else the day it was
    first produced, kept in OUT/<reference>/letter-dates.json, so a letter made again days
    later carries the same date. (Cleaning the output folder forgets them.)"""

    def __init__(self, out: Path, reference: str) -> None:
        self.path = out / reference / "letter-dates.json"
        known = json.loads(self.path.read_text("utf-8")) if self.path.is_file() else {}
        self.known: dict[str, str] = known if isinstance(known, dict) else {}
        self.changed = False

    def date(self, letter: str, recorded: date | None, today: date) -> date:
        """The letter's date: `recorded`, else when it was first produced, else today."""
        if recorded is not None:
            return recorded
        first = self.known.get(letter)
        if first and re.fullmatch(r"\d{4}-\d{2}-\d{2}", first):
            return date.fromisoformat(first)
        self.known[letter] = today.isoformat()
        self.changed = True
        return today

    def save(self) -> None:
        """Keep the first-produced dates (only when a new letter was dated)."""
        if self.changed:
            write_json(self.path, dict(sorted(self.known.items())))


def meeting_name(folder: CaseFolder) -> str:
    """The deciding meeting as the profile names it ("rapid review meeting"): by the meeting
    recorded, else by the meeting the case's route starts with."""
    settings = folder.partnership
    route = folder.case.route if folder.case else "notification"
    kind = folder.meeting.kind if folder.meeting else settings.route_meetings.get(route, "")
    return settings.meeting_name(kind)
