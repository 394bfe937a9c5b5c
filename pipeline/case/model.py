"""The case folder's typed models (CASE-FORMAT.md): case.yaml, meeting.yaml, review.yaml,
briefing.yaml, and the folder that holds them."""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from pathlib import Path
from typing import Literal

from ..core.dates import Moment
from ..core.records import record
from ..rules.settings import Contact, Partnership

Partner = Literal["local-authority", "police", "health", "icb", "education", "other"]
Answer = Literal["yes", "no", "possibly"]
# child_protection_plan as documents write it
PLANS = {"yes": "Yes", "no": "No", "has-been": "Has been", "not-known": "Not known"}


@record
class Person:
    """A named person: who, their role and agency, how to reach them."""

    name: str
    role: str = ""
    agency: str = ""
    email: str = ""
    phone: str = ""


@record
class Child:
    """case.yaml's child: the pseudonym documents use, and the identifying details that
    stay in identifying documents."""

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
    language: str = ""  # extension: the child's first language, for the lived experience


@record
class Incident:
    """case.yaml's incident: what happened, when and where."""

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


@record
class Referrer:
    """Who referred the case to the partnership."""

    name: str
    agency: str
    role: str = ""
    email: str = ""
    phone: str = ""


@record
class Referral:
    """case.yaml's referral: when it was received, from whom, when requests went out."""

    received: dt.date
    referrer: Referrer
    requests_sent: dt.date | None = None  # extension: information requests sent to agencies
    concern_about_working_together: bool | None = None  # extension: the form's 4th criterion


@record
class Notification:
    """case.yaml's notification: when the Panel, Ofsted and the partners were told."""

    submitted: dt.date | None = None
    secretary_of_state_and_ofsted: dt.date | None = None
    partners_informed: dt.date | None = None  # extension: safeguarding partners told


@record
class FamilyMember:
    """A member of the child's family (identifying: never in published documents)."""

    name: str
    relationship: str = ""
    date_of_birth: dt.date | None = None
    address: str = ""
    lives_with_child: bool | None = None
    ethnicity: str = ""


@record
class Agency:
    """An agency asked for a return; `key` names its file in returns/."""

    key: str
    name: str
    partner: Partner = "other"
    contact: Contact = field(default_factory=Contact)
    still_involved: bool | None = None


@record
class OtherProcess:
    """Another process running alongside (inquest, criminal case, ...), and its status."""

    process: str
    status: str = ""


@record
class Case:
    """case.yaml: the case, the child, the incident and the agencies asked for returns."""

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
    milestones: dict[str, Moment] = field(default_factory=dict)  # local steps the profile declares

    def agency(self, key: str) -> Agency | None:
        return next((a for a in self.agencies if a.key == key), None)


@record
class Judgement:
    """The meeting's answer to one criterion, with its note."""

    answer: Answer
    note: str = ""


@record
class Attendee:
    """Someone at the meeting, and the partner they represent (the quorum counts them)."""

    name: str
    agency: str
    role: str = ""
    partner: Partner = "other"


@record
class Advisor:
    """The independent advisor: whether they attended, and their advice."""

    name: str = ""
    attended: bool = False
    advice: str = ""


@record
class Action:
    """An immediate action agreed at the meeting: what, who, by when."""

    action: str
    owner: str = ""
    due: dt.date | None = None


@record
class Decision:
    """The meeting's decision: the outcome, why, and the learning option chosen."""

    outcome: Literal["lcspr", "national-review", "no-review", "other-learning"]
    rationale: str
    learning_option: str | None = None  # a key of the partnership's learning_options
    national_review_recommended: bool | None = None


@record
class PanelResponse:
    """The National Panel's response to the decision the meeting sent it (BCP §7, LLR 1.6.3):
    a disagreement or a request for more opens the loop again (a new meeting)."""

    received: dt.date
    response: Literal["agrees", "disagrees", "asks-for-more"]
    text: str = ""


@record
class EpisodeNote:
    """The meeting's analysis of a key practice episode (documents/episodes.py): what
    happened, why, and what it tells us; the episode known by its first day."""

    start: dt.date
    analysis: str


@record
class Meeting:
    """meeting.yaml (or a file of meetings/): the rapid review meeting and its decision."""

    date: dt.date
    attendees: list[Attendee]
    decision: Decision
    kind: str = "rapid-review"  # a meeting kind of the partnership's profile
    independent_advisor: Advisor | None = None
    criteria: dict[str, Judgement] = field(default_factory=dict)
    immediate_actions: list[Action] = field(default_factory=list)
    learning: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    sent_to_panel: dt.date | None = None
    panel_response: PanelResponse | None = None  # extension: the Panel's response to it
    episodes: list[EpisodeNote] = field(default_factory=list)  # extension: their analysis
    inequalities: str = ""  # extension: the answer on racism and inequalities (Panel 2025)


@record
class Reviewer:
    """The reviewer commissioned for the review."""

    name: str
    commissioned: dt.date | None = None
    organisation: str = ""


@record
class Period:
    """A review period, written `from` and `to`."""

    start: dt.date = field(metadata={"key": "from"})
    end: dt.date = field(metadata={"key": "to"})


@record
class Recommendation:
    """A recommendation of the review and its progress in the action plan."""

    id: str
    text: str
    agencies: list[str] = field(default_factory=list)
    owner: str = ""
    due: dt.date | None = None
    status: str = ""
    evidence: str = ""
    impact: str = ""  # extension: the difference it made, for the impact follow-up


@record
class Publication:
    """review.yaml's publication: planned, sent to the Panel, published."""

    planned_date: dt.date | None = None
    report_sent_to_panel: dt.date | None = None
    publish_full_report: bool = True
    published: dt.date | None = None


@record
class Workshop:
    """The practitioners' workshop: when, where, how long, who."""

    date: dt.date
    place: str = ""
    length: Literal["half-day", "full-day"] = "half-day"
    attendees: str = ""
    start: dt.time | None = None  # extension: start and end times (HH:MM)
    end: dt.time | None = None
    link: str = ""  # extension: the joining link of an online workshop
    reply_by: dt.date | None = None  # extension: else the `workshop-replies` rule's date
    bring: list[str] = field(default_factory=list)  # extension: what practitioners bring
    key_themes: list[str] = field(default_factory=list)  # extension: shared before (LLR 8.8.2)


@record
class TermsOfReference:
    """The review's terms of reference (LLR 5.1-5.8; BCP §8); the scoping period is
    review.yaml's `scoping_period`."""

    scope: str = ""
    lines_of_enquiry: list[str] = field(default_factory=list)
    methodology: str = ""
    family_involvement: str = ""
    parallel_processes: list[OtherProcess] = field(default_factory=list)  # else case.yaml's
    legal_advice: str = ""
    agreed: dt.date | None = None  # else `terms_of_reference_agreed`
    agreed_by: str = ""


TimetableStepKey = Literal[
    "terms-of-reference",
    "information-reports",
    "panel-meeting",
    "family-conversations",
    "learning-workshop",
    "practitioner-feedback",
    "draft-report",
    "final-report",
    "other",
]


@record
class TimetableStep:
    """A step of the review's timetable (LLR 5.8.1): its planned date, and when done."""

    step: TimetableStepKey
    planned: dt.date
    done: dt.date | None = None
    title: str = ""  # in place of the step's own title; needed for `other`


@record
class ReviewRequest:
    """A review-stage request to an agency (LLR 8.4-8.6); its reply goes in review-returns/."""

    agency: str  # an agency key of case.yaml
    kind: Literal["information-report", "factual-summary", "organisational-changes"]
    sent: dt.date | None = None
    due: dt.date | None = None  # else the timetable's information-reports date, else the rule's
    received: dt.date | None = None  # else the return's Date completed


@record
class LeakAllow:
    """An explicit, reasoned exception to the leak scan (e.g. a place that shares a surname)."""

    text: str
    reason: str


@record
class AccessibilityAllow:
    """An explicit, reasoned exception to the publication pack's accessibility check: the
    rule, and the file and place (as the finding gives them; empty: any)."""

    rule: Literal[
        "title",
        "language",
        "heading order",
        "alt text",
        "table header",
        "colour",
        "link text",
        "marked",
        "tagged",
        "display title",
    ]
    reason: str
    file: str = ""  # a file of the pack, e.g. final-report.pdf
    place: str = ""  # e.g. "table 2 on page 3", a heading's text


@record
class FamilyResponse:
    """A family member asked to take part (LLR 7.3-7.4; BCP §11): `member` is their
    relationship or name as case.yaml's family gives it."""

    member: str
    invited: dt.date | None = None
    response: Literal["taking-part", "declined", "no-response", "not-invited"] | None = None
    responded: dt.date | None = None
    reason: str = ""  # why they did not take part (LLR 7.4.2: it goes in the report)
    told_outcome: dt.date | None = None
    salutation: str = ""  # how the letters greet them ("Dear Kayleigh"); else the name


@record
class SignOff:
    """A step of the partnership's sign-off chain, done (BCP §12; LLR 9.1.5; BHR 3R.1)."""

    step: str  # a step key of the profile's sign_off
    date: dt.date
    by: str


@record
class Review:
    """review.yaml: the practice review after the decision, to its publication and impact."""

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
    accessibility_allow: list[AccessibilityAllow] = field(default_factory=list)  # extension
    report_title: str = ""  # extension: the published report's title
    family: list[FamilyResponse] = field(default_factory=list)  # extension: families
    sign_off: list[SignOff] = field(default_factory=list)  # extension: the sign-off chain
    impact: str = ""  # extension: the impact statement (BCP §15)
    terms_of_reference: TermsOfReference | None = None  # extension: LLR 5.1-5.8
    timetable: list[TimetableStep] = field(default_factory=list)  # extension: LLR 5.8.1
    requests: list[ReviewRequest] = field(default_factory=list)  # extension: LLR 8.4-8.6
    themes: list[str] = field(default_factory=list)  # extension: the review's themes


@record
class Briefing:
    """briefing.yaml: the 7-minute briefing's sections, and when it was issued."""

    title: str = ""
    background: str = ""
    why_it_matters: str = ""
    information: str = ""
    learning: str = ""
    what_to_do: str = ""
    questions: list[str] = field(default_factory=list)
    further_information: list[str] = field(default_factory=list)
    issued: dt.date | None = None  # extension: the learning brief issued (no full report)
    leak_allow: list[LeakAllow] = field(default_factory=list)  # extension: as review.yaml's


@record
class RowRef:
    """A row of the merged chronology: its return file (`gp.csv` or `returns/gp.csv`) and
    the row in that file's sheet."""

    file: str
    row: int


@record
class AddedEpisode:
    """A key practice episode the business office adds: its first and last days."""

    title: str
    rows: list[RowRef]


@record
class Episodes:
    """episodes.yaml: the business office's changes to the proposed key practice episodes,
    each episode named by its first day (documents/episodes.py)."""

    gap_days: int | None = None  # key events this many days apart or fewer: one episode
    titles: dict[str, str] = field(default_factory=dict)  # first day -> title
    drop: list[dt.date] = field(default_factory=list)
    merge: list[list[dt.date]] = field(default_factory=list)
    add: list[AddedEpisode] = field(default_factory=list)


@record
class CaseFolder:
    """Everything loaded from one case folder; parts are None when absent or unusable."""

    path: Path
    case: Case | None
    partnership: Partnership
    meeting: Meeting | None = None  # the meeting whose decision stands (the profile says which)
    meetings: list[Meeting] = field(default_factory=list)  # every meeting recorded, by date
    review: Review | None = None
    briefing: Briefing | None = None
    episodes: Episodes | None = None  # extension: episodes.yaml
    raw_agencies: list[Agency] = field(default_factory=list)

    @property
    def reference(self) -> str:
        """The case reference: the case folder's name (`cases/X/returns/..` is X)."""
        name = self.path.name
        return name if name not in ("", ".", "..") else self.path.resolve().name

    def review_period(self) -> tuple[dt.date, dt.date]:
        """The review's scoping period; by default, a year before the child's birth to the
        incident (what the request letters ask agencies for)."""
        if self.review and self.review.scoping_period:
            return self.review.scoping_period.start, self.review.scoping_period.end
        assert self.case is not None
        return self.case.child.date_of_birth - dt.timedelta(days=365), self.case.incident.date

    @property
    def templates(self) -> Path:
        """The partnership's own templates (cases/templates/), which win over the defaults."""
        return self.path.parent / "templates"
