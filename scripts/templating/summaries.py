"""The Combined Summary, before the meeting and for the National Panel."""

from __future__ import annotations

from typing import Any

from .base import facts_table, loop_table, new_document, para, save, title_block

SECTION_ONE = [
    ("Case reference", "{{ case.reference }}"),
    ("Child", "{{ case.pseudonym }}"),
    ("Age at the incident", "{{ case.age }}"),
    ("Sex", "{{ case.sex }}"),
    ("Ethnicity", "{{ case.ethnicity }}"),
    ("Looked after", "{{ case.looked_after }}"),
    ("Child protection plan", "{{ case.child_protection_plan }}"),
    ("Incident", "{{ case.incident_type }}, abuse or neglect {{ case.abuse_or_neglect }}"),
    ("Date of the incident", "{{ case.incident_date|long_date }}"),
    ("Setting", "{{ case.setting }}"),
    ("Route", "{{ case.route }}"),
    ("Referral received", "{{ case.referral_received|long_date }} from {{ case.referrer }}"),
]


def section_one(doc: Any) -> None:
    doc.add_heading("Section 1: the facts", level=1)
    facts_table(doc, SECTION_ONE)
    doc.add_heading("Summary of events", level=2)
    doc.add_paragraph("{{ case.summary|lines }}")
    doc.add_heading("Other processes under way", level=2)
    loop_table(
        doc,
        ["Process", "Status"],
        "for p in case.other_processes",
        ["{{ p.process }}", "{{ p.status }}"],
        (10.0, 7.0),
    )


def agencies_section(doc: Any) -> None:
    doc.add_heading("Agencies", level=1)
    para(doc, "{%p if missing_returns %}")
    para(
        doc,
        "Returns still missing: {{ missing_returns|join(', ') }}. The meeting does not "
        "have their information.",
        bold=True,
    )
    para(doc, "{%p endif %}")
    loop_table(
        doc,
        ["Agency", "Return", "Known to agency", "Involvement", "Events"],
        "for a in agencies",
        [
            "{{ a.name }}",
            "{{ a.return_status }}",
            "{{ a.known }}",
            "{{ a.involvement }}",
            "{{ a.events }} ({{ a.key_events }} key)",
        ],
        (4.0, 3.8, 2.0, 4.8, 2.4),
    )
    para(doc, "{%p for a in agencies %}")
    doc.add_heading("{{ a.name }}", level=2)
    for label, field in (
        ("Summary of involvement", "a.summary"),
        ("Immediate actions taken", "a.actions"),
        ("Learning identified", "a.learning"),
        ("Good practice", "a.good_practice"),
    ):
        p = doc.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run("{{ " + field + "|lines }}")
    para(doc, "{%p endfor %}")


def key_events_section(doc: Any) -> None:
    doc.add_heading("Key events", level=1)
    doc.add_paragraph("{{ timeline }}")
    loop_table(
        doc,
        ["Date", "Agency", "Event", "Significance"],
        "for e in key_events",
        ["{{ e.date }}", "{{ e.agency }}", "{{ e.event }}", "{{ e.significance }}"],
        (2.4, 3.4, 7.2, 4.0),
    )


def timescales_section(doc: Any) -> None:
    doc.add_heading("Timescales", level=1)
    loop_table(
        doc,
        ["Step", "Due", "Where it stands"],
        "for d in deadlines",
        ["{{ d.title }}", "{{ d.due }}", "{{ d.words }}"],
        (5.5, 3.4, 8.1),
    )


def combined_summary() -> None:
    doc = new_document("Combined Summary")
    title_block(
        doc,
        "Combined Summary for the {{ meeting_name }}",
        "Case {{ case.reference }}, {{ case.pseudonym }}. Produced {{ produced|long_date }}"
        ". {{ marking }}: for the meeting only; do not forward.",
    )
    section_one(doc)
    agencies_section(doc)
    key_events_section(doc)
    timescales_section(doc)
    doc.add_heading("Criteria the meeting must consider", level=1)
    doc.add_paragraph(
        "The meeting must take into account whether the case (Working Together; "
        "LLR 1.4.1), and have regard to the circumstances (LLR 1.4.2). Facts "
        "already known are filled in; the meeting records its answer."
    )
    loop_table(
        doc,
        ["Criterion", "Known so far", "Yes / No / Possibly", "Notes"],
        "for c in criteria",
        ["{{ c.question }}", "{{ c.known }}", "", ""],
        (7.0, 4.0, 2.6, 3.4),
    )
    doc.add_heading("Section 2: learning and immediate actions (completed at the meeting)", level=1)
    para(doc, "Immediate actions", bold=True)
    loop_table(doc, ["Action", "Owner", "Due"], "", [], (9.2, 4.4, 3.4), empty_rows=4)
    para(doc, "Learning identified", bold=True)
    loop_table(doc, ["Learning"], "", [], (17.0,), empty_rows=3)
    doc.add_heading("Section 3: decision and rationale (completed at the meeting)", level=1)
    para(doc, "Quorum: {{ quorum_rule }}", italic=True)
    loop_table(
        doc, ["Attendee", "Role", "Agency", "Partner"], "", [], (4.5, 4.0, 5.0, 3.5), empty_rows=6
    )
    para(doc, "Decision (tick one):", bold=True)
    for option in (
        "Local child safeguarding practice review",
        "Recommend a national review",
        "Other learning (name the option from the menu of learning options)",
        "No review",
    ):
        doc.add_paragraph("\u2610 " + option)
    para(doc, "Rationale", bold=True)
    loop_table(doc, ["Rationale"], "", [], (17.0,), empty_rows=2)
    save(doc, "combined-summary.docx")


def combined_summary_panel() -> None:
    doc = new_document("Combined Summary for the National Panel")
    title_block(
        doc,
        "Combined Summary for the National Panel",
        "Case {{ case.reference }}, {{ case.pseudonym }}. {{ meeting_name|capitalize }} "
        "held {{ meeting.date|long_date }}. Produced {{ produced|long_date }}.",
    )
    section_one(doc)
    agencies_section(doc)
    key_events_section(doc)
    doc.add_heading("The meeting", level=1)
    facts_table(doc, [("Date", "{{ meeting.date|long_date }}"), ("Quorum", "{{ meeting.quorum }}")])
    loop_table(
        doc,
        ["Attendee", "Role", "Agency"],
        "for a in meeting.attendees",
        ["{{ a.name }}", "{{ a.role }}", "{{ a.agency }}"],
        (5.0, 5.5, 6.5),
    )
    doc.add_heading("Criteria", level=1)
    loop_table(
        doc,
        ["Criterion", "Judgement", "Notes"],
        "for c in meeting.criteria",
        ["{{ c.question }}", "{{ c.answer }}", "{{ c.note }}"],
        (7.5, 2.5, 7.0),
    )
    doc.add_heading("Section 2: immediate actions and learning", level=1)
    loop_table(
        doc,
        ["Immediate action", "Owner", "Due"],
        "for a in meeting.actions",
        ["{{ a.action }}", "{{ a.owner }}", "{{ a.due }}"],
        (9.2, 4.4, 3.4),
    )
    para(doc, "Learning", bold=True)
    para(doc, "{%p for item in meeting.learning %}")
    doc.add_paragraph("{{ item }}", style="List Bullet")
    para(doc, "{%p endfor %}")
    para(doc, "Themes: {{ meeting.themes|join('; ') }}")
    doc.add_heading("Independent advice", level=1)
    doc.add_paragraph("{{ meeting.advisor }}")
    doc.add_heading("Section 3: decision and rationale", level=1)
    facts_table(
        doc,
        [
            ("Decision", "{{ decision.outcome }}"),
            ("Learning option", "{{ decision.option }}"),
            ("Recommended for national review", "{{ decision.national_review }}"),
            ("Rationale", "{{ decision.rationale|lines }}"),
        ],
    )
    save(doc, "combined-summary-panel.docx")


def write() -> None:
    combined_summary()
    combined_summary_panel()
