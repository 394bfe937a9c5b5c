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
from .letters import common_context

TICK, BOX = "\u2612", "\u2610"
MARKING = "OFFICIAL-SENSITIVE: PERSONAL (identifying, internal use only)"
ETHNIC_GROUPS = [
    ("(A) White", ["British", "Irish", "Any other White background"]),
    (
        "(B) Mixed",
        [
            "Asian and White",
            "Black African and White",
            "Black Caribbean and White",
            "Any other mixed background",
        ],
    ),
    (
        "(C) Asian or Asian British",
        ["Indian", "Pakistani", "Bangladeshi", "Any other Asian background"],
    ),
    ("(D) Black or Black British", ["Caribbean", "African", "Any other Black background"]),
    ("(E) Other ethnic groups", ["Chinese", "Any other ethnic group"]),
    ("(F) Not declared", ["Not declared"]),
]


# (words that must all appear, group index, option): the first match wins
ETHNIC_RULES = [
    (("declared",), 5, "Not declared"),
    (("not known",), 5, "Not declared"),
    (("asian", "white"), 1, "Asian and White"),
    (("african", "white"), 1, "Black African and White"),
    (("caribbean", "white"), 1, "Black Caribbean and White"),
    (("mixed",), 1, "Any other mixed background"),
    (("irish",), 0, "Irish"),
    (("white", "british"), 0, "British"),
    (("white", "english"), 0, "British"),
    (("white",), 0, "Any other White background"),
    (("indian",), 2, "Indian"),
    (("pakistani",), 2, "Pakistani"),
    (("bangladeshi",), 2, "Bangladeshi"),
    (("asian",), 2, "Any other Asian background"),
    (("caribbean",), 3, "Caribbean"),
    (("african",), 3, "African"),
    (("black",), 3, "Any other Black background"),
    (("chinese",), 4, "Chinese"),
]


def ethnic_origin(text: str) -> tuple[str, str]:
    """The form's (group, option) for an ethnicity as written in case.yaml."""
    t = text.lower().strip()
    if not t:
        return ETHNIC_GROUPS[5][0], "Not declared"
    for words, group, option in ETHNIC_RULES:
        if all(w in t for w in words):
            return ETHNIC_GROUPS[group][0], option
    return ETHNIC_GROUPS[4][0], "Any other ethnic group"


def boxes(options: list[str], chosen: str | None, extra: str = "") -> str:
    marks = "   ".join(f"{TICK if o == chosen else BOX} {o}" for o in options)
    return f"{marks}{extra}"


def referral_context(folder: CaseFolder, today: date) -> dict[str, Any]:
    case = folder.case
    assert case is not None
    child, incident, referrer = case.child, case.incident, case.referral.referrer
    group, option = ethnic_origin(child.ethnicity)
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
            for name, options in ETHNIC_GROUPS
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
    }


def _criteria(case: Case, folder: CaseFolder) -> list[dict[str, str]]:
    incident = case.incident
    concern = case.referral.concern_about_working_together
    if (
        concern is None
        and folder.meeting
        and "agencies_working_together" in folder.meeting.criteria
    ):
        concern = folder.meeting.criteria["agencies_working_together"].answer == "yes"
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
            + ("" if concern is not None else "   (not yet known)"),
        },
    ]


def build_referral_form(folder: CaseFolder, out: Path, today: date) -> Outcome:
    """`cspr referral-form`: OUT/<reference>/referral-form.docx (identifying)."""
    target = out / folder.reference / "referral-form.docx"
    render("referral-form", referral_context(folder, today), target, today, folder.templates)
    return Outcome(written=[target])
