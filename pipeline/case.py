"""Load a case folder (CASE-FORMAT.md) into typed models.

`load_case` reads case.yaml and, when present, meeting.yaml, review.yaml and
briefing.yaml, plus the partnership profile `partnership.yaml` beside the case
folders. Every problem becomes a Finding; a model that cannot be built is None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .findings import Findings
from .yamlfile import build, read_yaml

Partner = Literal["local-authority", "police", "health", "icb", "education", "other"]
Answer = Literal["yes", "no", "possibly"]
REFERENCE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass
class Person:
    name: str
    role: str = ""
    agency: str = ""
    email: str = ""
    phone: str = ""


@dataclass
class Child:
    pseudonym: str
    name: str
    date_of_birth: dt.date
    looked_after: bool
    sex: str = ""
    ethnicity: str = ""
    faith: str = ""
    disability: str = ""
    address: str = ""
    child_protection_plan: Literal["yes", "no", "has-been", "not-known"] = "not-known"
    carer: str = ""


@dataclass
class Incident:
    type: Literal["death", "serious-harm"]
    date: dt.date
    abuse_or_neglect: Literal["known", "suspected", "not-suspected"]
    summary: str
    setting: Literal["community", "residential", "custody", "mental-health-detention", "other"] = (
        "community"
    )
    outside_england: bool = False
    location: str = ""
    date_of_death: dt.date | None = None


@dataclass
class Referrer:
    name: str
    agency: str
    role: str = ""
    email: str = ""
    phone: str = ""


@dataclass
class Referral:
    received: dt.date
    referrer: Referrer
    requests_sent: dt.date | None = None  # extension: information requests sent to agencies
    concern_about_working_together: bool | None = None  # extension: the form's 4th criterion


@dataclass
class Notification:
    submitted: dt.date | None = None
    secretary_of_state_and_ofsted: dt.date | None = None
    partners_informed: dt.date | None = None  # extension: safeguarding partners told


@dataclass
class FamilyMember:
    name: str
    relationship: str = ""
    date_of_birth: dt.date | None = None
    address: str = ""
    lives_with_child: bool | None = None
    ethnicity: str = ""


@dataclass
class Contact:
    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass
class Agency:
    key: str
    name: str
    partner: Partner = "other"
    contact: Contact = field(default_factory=Contact)
    still_involved: bool | None = None


@dataclass
class OtherProcess:
    process: str
    status: str = ""


@dataclass
class Case:
    reference: str
    route: Literal["notification", "referral"]
    became_aware: dt.date
    child: Child
    incident: Incident
    referral: Referral
    agencies: list[Agency]
    notification: Notification = field(default_factory=Notification)
    family: list[FamilyMember] = field(default_factory=list)
    other_processes: list[OtherProcess] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)

    def agency(self, key: str) -> Agency | None:
        return next((a for a in self.agencies if a.key == key), None)


@dataclass
class Judgement:
    answer: Answer
    note: str = ""


@dataclass
class Attendee:
    name: str
    agency: str
    role: str = ""
    partner: Partner = "other"


@dataclass
class Advisor:
    name: str = ""
    attended: bool = False
    advice: str = ""


@dataclass
class Action:
    action: str
    owner: str = ""
    due: dt.date | None = None


@dataclass
class Decision:
    outcome: Literal["lcspr", "national-review", "no-review", "other-learning"]
    rationale: str
    learning_option: (
        Literal[
            "practitioner-learning-brief",
            "multi-agency-learning-event",
            "focussed-case-review",
            "joint-supervision",
            "single-agency-review",
        ]
        | None
    ) = None
    national_review_recommended: bool | None = None


@dataclass
class Meeting:
    date: dt.date
    attendees: list[Attendee]
    decision: Decision
    kind: Literal["rapid-review", "case-review-group"] = "rapid-review"
    independent_advisor: Advisor | None = None
    criteria: dict[str, Judgement] = field(default_factory=dict)
    immediate_actions: list[Action] = field(default_factory=list)
    learning: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    sent_to_panel: dt.date | None = None


@dataclass
class Reviewer:
    name: str
    commissioned: dt.date | None = None
    organisation: str = ""


@dataclass
class Period:
    start: dt.date = field(metadata={"key": "from"})
    end: dt.date = field(metadata={"key": "to"})


@dataclass
class Recommendation:
    id: str
    text: str
    agencies: list[str] = field(default_factory=list)
    owner: str = ""
    due: dt.date | None = None
    status: str = ""
    evidence: str = ""


@dataclass
class Publication:
    planned_date: dt.date | None = None
    report_sent_to_panel: dt.date | None = None
    publish_full_report: bool = True
    published: dt.date | None = None


@dataclass
class Workshop:
    date: dt.date
    place: str = ""
    length: Literal["half-day", "full-day"] = "half-day"
    attendees: str = ""


@dataclass
class LeakAllow:
    """An explicit, reasoned exception to the leak scan (e.g. a place that shares a surname)."""

    text: str
    reason: str


@dataclass
class Review:
    reviewer: Reviewer | None = None
    terms_of_reference_agreed: dt.date | None = None
    scoping_period: Period | None = None
    recommendations: list[Recommendation] = field(default_factory=list)
    publication: Publication = field(default_factory=Publication)
    completed: dt.date | None = None  # extension: final report received
    action_plan_completed: dt.date | None = None  # extension
    impact_checked: dt.date | None = None  # extension
    delay_reason: str = ""
    workshop: Workshop | None = None
    leak_allow: list[LeakAllow] = field(default_factory=list)  # extension: see README
    report_title: str = ""  # extension: the published report's title


@dataclass
class Briefing:
    title: str = ""
    background: str = ""
    why_it_matters: str = ""
    information: str = ""
    learning: str = ""
    what_to_do: str = ""
    questions: list[str] = field(default_factory=list)
    further_information: list[str] = field(default_factory=list)


@dataclass
class Partnership:
    name: str = "Local Safeguarding Children Partnership"
    short_name: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    signatory: Contact = field(default_factory=Contact)
    rules: str = "wt2023"
    deadlines: dict[str, dict[str, Any]] = field(default_factory=dict)
    national_bodies: dict[str, Contact] = field(default_factory=dict)


@dataclass
class CaseFolder:
    """Everything loaded from one case folder; parts are None when absent or unusable."""

    path: Path
    case: Case | None
    partnership: Partnership
    meeting: Meeting | None = None
    review: Review | None = None
    briefing: Briefing | None = None
    raw_agencies: list[Agency] = field(default_factory=list)

    @property
    def reference(self) -> str:
        return self.path.name


OPTIONAL_FILES: dict[str, type[Any]] = {
    "meeting.yaml": Meeting,
    "review.yaml": Review,
    "briefing.yaml": Briefing,
}


def load_case(path: Path, findings: Findings, partnership: Partnership | None = None) -> CaseFolder:
    """Load every YAML file of a case folder, recording each problem in `findings`.

    `partnership`, when given, is the profile already loaded (the tracker reads many cases).
    """
    partnership = partnership or load_partnership(path.parent, findings)
    folder = CaseFolder(path=path, case=None, partnership=partnership)
    if not path.is_dir():
        findings.add("case-folder-missing", f"No case folder at {path}.", file=str(path))
        return folder
    if not REFERENCE.match(path.name):
        findings.add(
            "reference-invalid",
            f"Folder name '{path.name}' is not a valid reference.",
            file=path.name,
            value=path.name,
        )
    case_file = path / "case.yaml"
    if not case_file.is_file():
        findings.add("case-file-missing", "The case folder has no case.yaml.", file="case.yaml")
        return folder
    data = read_yaml(case_file, "case.yaml", findings)
    folder.case = build(Case, data, "case.yaml", "", findings) if data is not None else None
    folder.raw_agencies = _agencies(folder.case, data)
    if folder.case is not None:
        _check_case(folder.case, path.name, findings)
    for name, model in OPTIONAL_FILES.items():
        if (path / name).is_file():
            loaded = read_yaml(path / name, name, findings)
            if loaded is not None:
                setattr(
                    folder, name.removesuffix(".yaml"), build(model, loaded, name, "", findings)
                )
    return folder


def load_partnership(cases_dir: Path, findings: Findings) -> Partnership:
    file = cases_dir / "partnership.yaml"
    if not file.is_file():
        return Partnership()
    data = read_yaml(file, "partnership.yaml", findings)
    if data is None:
        return Partnership()
    return build(Partnership, data, "partnership.yaml", "", findings) or Partnership()


def _agencies(case: Case | None, data: Any) -> list[Agency]:
    """The agencies list, even when another part of case.yaml is broken."""
    if case is not None:
        return case.agencies
    if not isinstance(data, dict) or not isinstance(data.get("agencies"), list):
        return []
    scratch = Findings()  # problems are already reported by the full build
    agencies = [build(Agency, item, "case.yaml", "", scratch) for item in data["agencies"]]
    return [a for a in agencies if a is not None]


def _check_case(case: Case, folder_name: str, findings: Findings) -> None:
    if case.reference != folder_name:
        findings.add(
            "reference-mismatch",
            f"case.yaml says reference '{case.reference}' but the folder is '{folder_name}'.",
            file="case.yaml",
            field="reference",
            value=case.reference,
        )
    seen: set[str] = set()
    for i, agency in enumerate(case.agencies):
        if agency.key in seen:
            findings.add(
                "agency-duplicate",
                f"Agency key '{agency.key}' is listed twice.",
                file="case.yaml",
                field=f"agencies[{i}].key",
                value=agency.key,
            )
        seen.add(agency.key)
    order = [
        ("child.date_of_birth", case.child.date_of_birth, "incident.date", case.incident.date),
        ("incident.date", case.incident.date, "became_aware", case.became_aware),
        ("became_aware", case.became_aware, "referral.received", case.referral.received),
    ]
    for first_name, first, second_name, second in order:
        if first > second:
            findings.add(
                "case-date-order",
                f"'{first_name}' ({first.isoformat()}) is after '{second_name}' "
                f"({second.isoformat()}).",
                file="case.yaml",
                field=first_name,
                value=first.isoformat(),
            )
