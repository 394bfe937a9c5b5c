"""The forms of the review stage's returns (LLR 8.4-8.6): what each reply template asks,
and what review_returns.py reads back. Each form has labelled answers on one sheet (label
in column A, answer in B) and, for the organisational change chronology, a table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Label:
    """A question of a form: its label in column A, the answer in column B."""

    label: str
    kind: Literal["text", "long", "date", "yes-no"] = "text"
    required: bool = False
    help: str = ""  # the guidance beside it in the reply template


@dataclass(frozen=True)
class Column:
    """A column of a form's table, and the other headers an agency may give it."""

    title: str
    also: tuple[str, ...] = ()
    kind: Literal["text", "date"] = "text"
    required: bool = False
    width: int = 30


@dataclass(frozen=True)
class Form:
    """A review-stage request's form: what it asks for, and on which sheets."""

    kind: str  # the request kind in review.yaml
    title: str  # "Information report"
    source: str  # the procedure that asks for it
    sheet: str  # the sheet of labelled answers
    labels: tuple[Label, ...]
    table: str = ""  # the sheet of the table, if the form has one
    columns: tuple[Column, ...] = ()


COMMON = (
    Label("Case reference", help="Filled in for you."),
    Label("Agency", required=True),
    Label("Completed by", required=True, help="Name of the person completing this form."),
    Label("Role", help="Their role in the agency."),
    Label("Email"),
    Label("Date completed", "date", required=True, help="dd/mm/yyyy"),
)
PERIOD = (
    Label("Involvement from", "date", help="Your agency's first contact in the period."),
    Label("Involvement to", "date", help="Its last contact in the period."),
)
FORMS: dict[str, Form] = {
    "information-report": Form(
        "information-report",
        "Information report",
        "LLR 8.5",
        "Report",
        COMMON
        + PERIOD
        + (
            Label(
                "Summary of involvement",
                "long",
                required=True,
                help="What your agency did with the child and family in the period, in outline.",
            ),
            Label(
                "Analysis of involvement",
                "long",
                required=True,
                help="Why things happened as they did: what helped and what hindered practice, "
                "set against what was expected at the time. Think about the system (information, "
                "workload, supervision, procedures), not individuals.",
            ),
            Label("Key themes", "long", help="Themes that emerge from your agency's involvement."),
            Label("Learning for the agency", "long", required=True),
            Label("Learning for multi-agency working", "long"),
            Label("Good practice", "long"),
            Label(
                "Actions already taken",
                "long",
                help="What your agency has already changed since the incident.",
            ),
            Label(
                "Practitioners for the workshop",
                "long",
                help="The practitioners and line managers who worked directly with the child "
                "or family (role, name, email), to be invited to the learning workshop.",
            ),
        ),
    ),
    "factual-summary": Form(
        "factual-summary",
        "Factual summary",
        "LLR 8.6",
        "Summary",
        COMMON
        + PERIOD
        + (
            Label("Known to agency", "yes-no", required=True),
            Label(
                "Summary of involvement",
                "long",
                required=True,
                help="Your agency's contacts with the child and family, in date order: "
                "the facts only, no analysis.",
            ),
            Label(
                "Significant incidents",
                "yes-no",
                required=True,
                help="Did a significant incident happen during or because of your contact? "
                "If Yes, tell us now: an information report may be needed instead.",
            ),
            Label("Details of significant incidents", "long"),
        ),
    ),
    "organisational-changes": Form(
        "organisational-changes",
        "Organisational change chronology",
        "LLR 8.4.1",
        "Details",
        COMMON
        + (
            Label(
                "Summary of changes",
                "long",
                help="In a sentence or two, how your agency changed over the period "
                "(or: no significant changes).",
            ),
        ),
        "Changes",
        (
            Column("Date", ("Date of change", "From", "When"), "date", True, 14),
            Column("Change", ("What changed", "Description"), required=True, width=50),
            Column("Services affected", ("Teams affected", "Service", "Team"), width=30),
            Column("Impact on frontline practice", ("Impact", "Effect on practice"), width=50),
        ),
    ),
}
