"""The referral form: a request for a child safeguarding practice review
(North Somerset Appendix 2), filled in from case.yaml. It names the child and
family, so it is marked as an internal, identifying document.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..case.model import PLANS, Case, CaseFolder
from ..core.outcome import Outcome
from ..core.wording import long_date, prose
from ..office.render import render
from ..rules.settings import Partnership
from .letters import common_context

TICK, BOX = "\u2612", "\u2610"
MARKING = "OFFICIAL-SENSITIVE: PERSONAL (identifying, internal use only)"


def ethnic_origin(text: str, settings: Partnership) -> tuple[str, str]:
    """The form's (group, option) for an ethnicity as written in case.yaml, by the
    settings' ethnic_matches (the first match wins); else "Any other ethnic group"."""
    t = text.lower().strip()
    option = "Not declared" if not t else "Any other ethnic group"
    if t:
        option = next(
            (m.option for m in settings.ethnic_matches if all(w in t for w in m.words)), option
        )
    group = next((g.name for g in settings.ethnic_groups if option in g.options), "")
    return group, option


def boxes(options: list[str], chosen: str | None, extra: str = "") -> str:
    """Options as a line of tick boxes, the chosen one ticked, `extra` right after it."""
    return "\u2003".join(  # an em space between boxes
        f"{TICK} {o}{extra}" if o == chosen else f"{BOX} {o}" for o in options
    )


def referral_context(folder: CaseFolder, today: date) -> dict[str, Any]:
    """The referral form's fields (identifying: the child and family by name)."""
    case = folder.case
    assert case is not None
    child, incident, referrer = case.child, case.incident, case.referral.referrer
    group, option = ethnic_origin(child.ethnicity, folder.partnership)
    return common_context(folder.partnership, today) | {
        "marking": MARKING,
        "case": {"reference": case.reference, "pseudonym": child.pseudonym},
        "referrer": {
            "name": referrer.name,
            "role": referrer.role,
            "agency": referrer.agency,
            "email": referrer.email,
            "phone": referrer.phone,
            "submitted": case.referral.received,
        },
        "child": {
            "name": child.name,
            "date_of_birth": child.date_of_birth,
            "address": child.address or "Not given",
            "incident_date": incident.date,
            "carer": child.carer or "Not given",
            "location": incident.location or "Not given",
            "faith": child.faith or "Not given",
            "disability": child.disability or "Not given",
            "plan_boxes": boxes(list(PLANS.values()), PLANS[child.child_protection_plan]),
        },
        "ethnic_groups": [
            {
                "group": name,
                "boxes": boxes(
                    options,
                    option if name == group else None,
                    f" (as written: {child.ethnicity})"
                    if name == group and child.ethnicity
                    else "",
                ),
            }
            for name, options in ((g.name, g.options) for g in folder.partnership.ethnic_groups)
        ],
        "family": [
            {
                "name": f.name,
                "relationship": f.relationship,
                "date_of_birth": long_date(f.date_of_birth) or "Not known",
                "address": f.address or "Not known",
                "ethnicity": f.ethnicity or "Not known",
            }
            for f in case.family
        ],
        "criteria": _criteria(case, folder),
        "summary": prose(incident.summary),
        "agencies": [
            {
                "name": a.name,
                "contact": a.contact.name or "Not named",
                "details": ", ".join(x for x in (a.contact.email, a.contact.phone) if x)
                or "Not given",
                "still_involved": {True: "Yes", False: "No", None: "Not known"}[a.still_involved],
            }
            for a in case.agencies
        ],
        "processes": [{"process": p.process, "status": p.status} for p in case.other_processes],
        "send_to": folder.partnership.referral_send_to
        or folder.partnership.email
        or f"the {folder.partnership.name}",
        "always_refer": list(folder.partnership.always_refer),
    }


def _criteria(case: Case, folder: CaseFolder) -> list[dict[str, str]]:
    incident = case.incident
    concern = case.referral.concern_about_working_together  # the referrer's, not the meeting's
    yes_no = ["Yes", "No"]

    def pick(value: bool | None) -> str | None:
        return None if value is None else ("Yes" if value else "No")

    abuse = {"known": "Known", "suspected": "Suspected"}.get(incident.abuse_or_neglect)
    return [
        {
            "question": "Is the child deceased?",
            "boxes": boxes(yes_no, pick(incident.type == "death")),
        },
        {
            "question": "Is the child seriously harmed?",
            "boxes": boxes(yes_no, pick(incident.type == "serious-harm")),
        },
        {
            "question": "Is abuse or neglect known or suspected to be a cause of the death or harm "
            "to the child?",
            "boxes": boxes(["Known", "Suspected", "No"], abuse or "No"),
        },
        {
            "question": "Is there a cause for concern as to the way in which agencies or other "
            "relevant persons have worked together to safeguard the child?",
            "boxes": boxes(yes_no, pick(concern))
            + ("" if concern is not None else " (not yet known)"),
        },
    ]


def build_referral_form(folder: CaseFolder, out: Path, today: date) -> Outcome:
    """`cspr referral-form`: OUT/<reference>/referral-form.docx (identifying)."""
    target = out / folder.reference / "referral-form.docx"
    form = folder.partnership.referral_form  # the profile's form (North Somerset Appendix 2)
    render(form, referral_context(folder, today), target, today, folder.templates)
    return Outcome(written=[target])
