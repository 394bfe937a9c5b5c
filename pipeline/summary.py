"""The Combined Summary (LLR 4.5) and, after the meeting, the pack for the National Panel.

`build_summary` writes the Combined Summary for the meeting from case.yaml, the
returns and the merged chronology; `build_panel_pack` writes the Combined
Summary for the National Panel, its covering letter and an outcome letter to
every agency. The contexts are plain dicts; templates/README.md lists their fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .case import Case, CaseFolder, Meeting, Partnership
from .chronology import Chronology
from .chronology import build as build_chronology
from .data import load
from .deadlines import Deadline, in_words
from .english import long_date, plural
from .findings import Findings
from .meeting import QUORUM_RULE, criteria, learning_option, outcome, quorum
from .outputs import remove_stale, write_json
from .render import Picture, render
from .validate import Validation, case_deadlines_for
from .workdays import WorkingCalendar

MARKING = "OFFICIAL-SENSITIVE"
SETTINGS = {
    "community": "Community",
    "residential": "Residential setting",
    "custody": "Custody",
    "mental-health-detention": "Detained under mental health legislation",
    "other": "Other",
}
PLANS = {"yes": "Yes", "no": "No", "has-been": "Has been", "not-known": "Not known"}


@dataclass
class Result:
    """What a document stage did: the validation, files written and any problems."""

    validation: Validation
    written: list[Path] = field(default_factory=list)
    findings: Findings = field(default_factory=Findings)

    @property
    def ok(self) -> bool:
        return self.validation.ok and not self.findings.errors


def build_summary(case: Path, out: Path, today: date) -> Result:
    """Refresh the chronology and write OUT/<ref>/combined-summary.docx."""
    validation, chron = build_chronology(case, out, today)
    result = Result(validation)
    target = out / validation.folder.reference / "combined-summary.docx"
    if chron is None or validation.folder.case is None:
        remove_stale(target)
        return result
    deadlines = write_deadlines(validation, out, today)
    context = summary_context(validation, chron, out, today, deadlines)
    render("combined-summary", context, target, today)
    result.written += [
        out / chron.reference / "multi-agency-chronology.xlsx",
        out / chron.reference / "multi-agency-chronology.docx",
        target,
    ]
    return result


def build_panel_pack(case: Path, out: Path, today: date) -> Result:
    """After the meeting: the Panel's Combined Summary, covering letter, outcome letters."""
    validation, chron = build_chronology(case, out, today)
    result = Result(validation)
    folder = validation.folder
    base = out / folder.reference
    targets = [base / "combined-summary-panel.docx", base / "panel-covering-letter.docx"]
    if chron is None or folder.case is None:
        remove_stale(*targets)
        return result
    if folder.meeting is None:
        result.findings.add(
            "case-file-missing",
            "The panel pack needs meeting.yaml, the record of the meeting.",
            file="meeting.yaml",
            hint="Add meeting.yaml after the meeting; see CASE-FORMAT.md.",
        )
        remove_stale(*targets)
        return result
    deadlines = write_deadlines(validation, out, today)
    context = summary_context(validation, chron, out, today, deadlines)
    context |= meeting_context(folder, folder.meeting, today)
    for agency in context["agencies"]:
        agency["meeting_actions"] = [
            a
            for a in context["meeting"]["actions"]
            if agency["name"].lower() in a["owner"].lower() or agency["key"] in a["owner"].lower()
        ]
    write_deadlines(validation, out, today)
    render("combined-summary-panel", context, targets[0], today)
    render("panel-covering-letter", context, targets[1], today)
    result.written += targets
    for agency in context["agencies"]:
        target = base / "outcome-letters" / f"{agency['key']}.docx"
        render("outcome-letter", context | {"agency": agency}, target, today)
        result.written.append(target)
    if context["referrer_letter"]:
        target = base / "outcome-letters" / "referrer.docx"
        render("outcome-letter", context | {"agency": context["referrer_letter"]}, target, today)
        result.written.append(target)
    return result


def common_context(partnership: Partnership, today: date) -> dict[str, Any]:
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


def summary_context(
    validation: Validation,
    chron: Chronology,
    out: Path,
    today: date,
    deadlines: list[Deadline],
) -> dict[str, Any]:
    folder = validation.folder
    case = folder.case
    assert case is not None
    cal = WorkingCalendar()
    returns_due = next((d.due for d in deadlines if d.rule == "agency-returns"), None)
    agencies = [_agency(validation, chron, a.key, returns_due) for a in case.agencies]
    return common_context(folder.partnership, today) | {
        "meeting_name": meeting_name(case, folder.meeting),
        "case": case_facts(case),
        "agencies": agencies,
        "missing_returns": [a["name"] for a in agencies if a["missing"]],
        "key_events": [
            {
                "date": e.row.date.display() if e.row.date else "",
                "agency": e.agency_name,
                "event": e.row.event,
                "significance": e.row.significance,
            }
            for e in chron.entries
            if e.row.key_event
        ],
        "timeline": Picture(out / chron.reference / "timeline.png", 16.5),
        "deadlines": [
            {"title": d.title, "due": long_date(d.due), "words": _words(d, today, cal)}
            for d in deadlines
            if d.status != "not-applicable"
        ],
        "criteria": [
            {
                "key": c["key"],
                "question": c["question"],
                "known": _known(c["key"], case, validation),
            }
            for c in criteria()
        ],
        "quorum_rule": QUORUM_RULE,
        "referrer_letter": None,
        "next_steps": "",
    }


def national_bodies(partnership: Partnership) -> dict[str, dict[str, str]]:
    """The national bodies' details: shipped defaults, overridden by partnership.yaml."""
    bodies = {key: dict(value) for key, value in load("national-bodies.yaml").items()}
    for key, given in partnership.national_bodies.items():
        bodies.setdefault(key, {}).update({k: v for k, v in vars(given).items() if v})
    for body in bodies.values():
        body.setdefault("salutation", body.get("role") or body.get("name", ""))
    return bodies


def case_facts(case: Case) -> dict[str, Any]:
    child, incident, referral = case.child, case.incident, case.referral
    referrer = ", ".join(
        p for p in (referral.referrer.name, referral.referrer.role, referral.referrer.agency) if p
    )
    notified = (
        f"notified to the National Panel on {long_date(case.notification.submitted)}"
        if case.notification.submitted
        else "referred to the partnership"
    )
    return {
        "reference": case.reference,
        "pseudonym": child.pseudonym,
        "age": age(child.date_of_birth, incident.date),
        "sex": child.sex.capitalize() or "Not given",
        "ethnicity": child.ethnicity or "Not given",
        "looked_after": "Yes" if child.looked_after else "No",
        "child_protection_plan": PLANS[child.child_protection_plan],
        "incident_type": "Death" if incident.type == "death" else "Serious harm",
        "abuse_or_neglect": incident.abuse_or_neglect.replace("-", " "),
        "incident_date": incident.date,
        "setting": SETTINGS[incident.setting],
        "route": (
            f"Notification to the National Panel ({long_date(case.notification.submitted)})"
            if case.route == "notification" and case.notification.submitted
            else "Notification to the National Panel"
            if case.route == "notification"
            else "Referral to the partnership (no notification)"
        ),
        "referral_received": referral.received,
        "referrer": referrer,
        "summary": prose(incident.summary),
        "notified": notified,
        "other_processes": [
            {"process": p.process, "status": p.status} for p in case.other_processes
        ],
    }


def prose(text: str) -> str:
    """Text from YAML with its line wrapping undone; blank lines stay paragraph breaks."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n".join(p for p in paragraphs if p)


def age(born: date, on: date) -> str:
    """Age in years and months, as a summary writes it: '2 years 7 months'."""
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    years, months = divmod(max(months, 0), 12)
    if years == 0:
        return plural(months, "month")
    return plural(years, "year") + (f" {plural(months, 'month')}" if months else "")


def _agency(
    validation: Validation, chron: Chronology, key: str, due: date | None
) -> dict[str, Any]:
    folder = validation.folder
    agency = next(a for a in folder.raw_agencies if a.key == key)
    ret = validation.returns.get(key)
    count = next((c for c in chron.counts if c.key == key), None)
    summary = ret.summary if ret else None
    status = "Missing"
    if ret is not None:
        done = summary.date_completed if summary else None
        if done is None:
            status = "In (date not given)"
        elif due and done > due:
            status = f"In, late ({long_date(done)})"
        else:
            status = f"In, on time ({long_date(done)})"
    given = "Not given in the return" if ret else "Return missing"
    contact = agency.contact
    return {
        "key": key,
        "name": agency.name,
        "missing": ret is None,
        "return_status": status,
        "known": ("Yes" if summary.known_to_agency else "No")
        if summary and summary.known_to_agency is not None
        else "Not known",
        "involvement": f"{count.first:%d/%m/%Y} to {count.last:%d/%m/%Y}"
        if count and count.first and count.last
        else "None recorded",
        "events": count.rows if count else 0,
        "key_events": count.key_events if count else 0,
        "summary": (summary.summary_of_involvement if summary else "") or given,
        "actions": (summary.immediate_actions_taken if summary else "") or given,
        "learning": (summary.learning_identified if summary else "") or given,
        "good_practice": (summary.good_practice if summary else "") or given,
        "contact": contact.name or "The safeguarding lead",
        "salutation": contact.name or "colleague",
        "thanks": "your agency's return" if ret else "your agency's help",
        "meeting_actions": [],
        "partner": agency.partner,
    }


def _words(d: Deadline, today: date, cal: WorkingCalendar) -> str:
    sentence = in_words(d, today, cal)
    return sentence.split(": ", 1)[1] if ": " in sentence else sentence


def _known(key: str, case: Case, validation: Validation) -> str:
    """Facts already known that bear on a criterion."""
    setting = case.incident.setting
    if key == "institutional_setting":
        return (
            f"Yes: {SETTINGS[setting].lower()}"
            if setting not in ("community", "other")
            else f"Setting: {SETTINGS[setting].lower()}"
        )
    if key == "multiple_areas":
        return "The child was harmed outside England" if case.incident.outside_england else ""
    if key in ("agencies_working_together", "no_agency_involvement_concern"):
        known = [r for r in validation.returns.values() if r.summary and r.summary.known_to_agency]
        return f"{len(known)} of {len(case.agencies)} agencies knew the child" + (
            "; the child is looked after" if case.child.looked_after else ""
        )
    return ""


def meeting_name(case: Case, meeting: Meeting | None) -> str:
    """'rapid review meeting' or 'case review group meeting', by the meeting, else the route."""
    kind = (
        meeting.kind
        if meeting
        else ("rapid-review" if case.route == "notification" else "case-review-group")
    )
    return "rapid review meeting" if kind == "rapid-review" else "case review group meeting"


def meeting_context(folder: CaseFolder, meeting: Meeting, today: date) -> dict[str, Any]:
    case = folder.case
    assert case is not None
    q = quorum(meeting)
    questions = {c["key"]: c["question"] for c in criteria()}
    decision = meeting.decision
    option = learning_option(decision.learning_option) if decision.learning_option else None
    option_sentence = ""
    if option:
        option_sentence = (
            f"The learning option is a {option['name'].lower()} "
            f"({option['methodology'].lower()}), led by {option['lead'][0].lower()}"
            f"{option['lead'][1:]}, to be completed within "
            f"{option['timescale']}, overseen by {option['governance']}."
        )
    actions = [
        {"action": a.action, "owner": a.owner or "Not named", "due": long_date(a.due)}
        for a in meeting.immediate_actions
    ]
    advisor = meeting.independent_advisor
    context: dict[str, Any] = {
        "meeting": {
            "date": meeting.date,
            "quorum": q.sentence(),
            "attendees": [
                {"name": a.name, "role": a.role, "agency": a.agency} for a in meeting.attendees
            ],
            "criteria": [
                {"question": questions.get(k, k), "answer": j.answer.capitalize(), "note": j.note}
                for k, j in meeting.criteria.items()
            ],
            "actions": actions,
            "learning": meeting.learning,
            "themes": meeting.themes,
            "advisor": (
                f"{advisor.name} ({'attended' if advisor.attended else 'did not attend'}"
                f"): {advisor.advice or 'no advice recorded'}"
            )
            if advisor
            else "No independent advice was recorded.",
        },
        "decision": {
            "outcome": outcome(decision.outcome)["name"],
            "option": option["name"] if option else "Not applicable",
            "option_sentence": option_sentence,
            "rationale": prose(decision.rationale),
            "national_review": "Yes"
            if decision.national_review_recommended or decision.outcome == "national-review"
            else "No",
        },
        "next_steps": outcome(decision.outcome)["next_steps"],
    }
    referrer = case.referral.referrer
    if not any(a.name.strip().lower() == referrer.agency.strip().lower() for a in case.agencies):
        context["referrer_letter"] = {
            "key": "referrer",
            "name": referrer.agency,
            "contact": referrer.name,
            "salutation": referrer.name,
            "thanks": "your referral",
            "meeting_actions": [],
        }
    return context


def write_deadlines(validation: Validation, out: Path, today: date) -> list[Deadline]:
    folder = validation.folder
    found, _ = case_deadlines_for(validation, today, Findings())
    write_json(out / folder.reference / "deadlines.json", [d.as_dict() for d in found])
    return found
