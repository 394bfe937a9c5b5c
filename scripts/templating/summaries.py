"""The Combined Summary, before the meeting and for the National Panel."""

from __future__ import annotations

from typing import Any

from docx.oxml import parse_xml

from pipeline.documents.record_form import (
    GROUPS,
    LOCKED,
    MULTILINE,
    ROWS,
    kind,
    placeholder,
    title,
)
from pipeline.office.controls import W14_NS
from pipeline.office.xml import W_NS, escape

from .base import facts_table, letter, loop_table, new_document, para, save, title_block
from .practice import episodes_section, lived_section, panel_analysis, panel_answer

GREY = "767676"  # placeholder text: grey, with 4.5:1 contrast on white (WCAG 1.4.3)


def attr(text: str) -> str:
    """Text made safe for an XML attribute."""
    return escape(text).replace('"', "&quot;")


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


def control(cell: Any, tag: str, shown: str = "") -> None:
    """A content control alone in a table cell: a plain text control titled and tagged for
    the meeting record (pipeline/documents/record_form.py), showing its placeholder (or
    `shown`, a field, when it is locked)."""
    props = f'<w:alias w:val="{attr(title(tag))}"/><w:tag w:val="{attr(tag)}"/>'
    if tag in LOCKED:
        props += '<w:lock w:val="sdtContentLocked"/><w:text/>'
        run = f'<w:r><w:t xml:space="preserve">{escape(shown)}</w:t></w:r>'
    else:
        lines = ' w:multiLine="1"' if kind(tag) in MULTILINE else ""
        props += f"<w:showingPlcHdr/><w:text{lines}/>"
        run = (
            f'<w:r><w:rPr><w:i/><w:color w:val="{GREY}"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(placeholder(tag))}</w:t></w:r>'
        )
    cell.paragraphs[0]._p.append(
        parse_xml(
            f'<w:sdt xmlns:w="{W_NS}"><w:sdtPr>{props}</w:sdtPr>'
            f"<w:sdtContent>{run}</w:sdtContent></w:sdt>"
        )
    )


def tick_box(paragraph: Any, tag: str) -> None:
    """A check box content control (Word 2010 and later; LibreOffice 7.4 and later)."""
    font = '<w:rFonts w:ascii="MS Gothic" w:hAnsi="MS Gothic" w:eastAsia="MS Gothic"/>'
    paragraph._p.append(
        parse_xml(
            f'<w:sdt xmlns:w="{W_NS}" xmlns:w14="{W14_NS}"><w:sdtPr>'
            f'<w:alias w:val="{attr(title(tag))}"/><w:tag w:val="{attr(tag)}"/>'
            '<w14:checkbox><w14:checked w14:val="0"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
            '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox>'
            f"</w:sdtPr><w:sdtContent><w:r><w:rPr>{font}</w:rPr><w:t>\u2610</w:t></w:r>"
            "</w:sdtContent></w:sdt>"
        )
    )


def control_rows(doc: Any, group: str, headers: list[str], widths: tuple[float, ...]) -> None:
    """A table of ROWS[group] numbered rows of controls, one per column (group.N.field)."""
    fields = list(GROUPS[group])
    table = loop_table(doc, headers, "", [], widths, empty_rows=ROWS[group])
    for n, row in enumerate(table.rows[1:], start=1):
        for cell, field in zip(row.cells, fields, strict=True):
            control(cell, f"{group}.{n}.{field}" if field else f"{group}.{n}")


def labelled_controls(doc: Any, rows: list[tuple[str, str, str]]) -> None:
    """A two-column table: a label, and its control (with `shown`, for a locked one)."""
    table = loop_table(doc, ["Item", "Detail"], "", [], (5.0, 12.0), empty_rows=len(rows))
    for row, (label, tag, shown) in zip(table.rows[1:], rows, strict=True):
        row.cells[0].paragraphs[0].add_run(label).bold = True
        control(row.cells[1], tag, shown)


def combined_summary() -> None:
    doc = new_document("Combined Summary")
    title_block(
        doc,
        "Combined Summary for the {{ meeting_name }}",
        "Case {{ case.reference }}, {{ case.pseudonym }}. Produced {{ produced|long_date }}"
        ". {{ marking }}: for the meeting only; do not forward.",
    )
    para(doc, "{%p if record.reconvened %}")
    para(
        doc,
        "Meeting again after the National Panel's response of "
        "{{ record.reconvened.received|long_date }}: the Panel {{ record.reconvened.said }} "
        "of the meeting of {{ record.reconvened.previous_date|long_date }} "
        "({{ record.reconvened.previous_decision }}).",
        bold=True,
    )
    doc.add_paragraph("{{ record.reconvened.text|lines }}")
    para(doc, "{%p endif %}")
    section_one(doc)
    lived_section(
        doc, lambda d: labelled_controls(d, [("The meeting's answer", "lived.inequalities", "")])
    )
    agencies_section(doc)
    key_events_section(doc)
    episodes_section(
        doc,
        lambda d: labelled_controls(
            d, [("The meeting's analysis", "episode.{{ ep.key }}.analysis", "")]
        ),
    )
    timescales_section(doc)
    doc.add_heading("Criteria the meeting must consider", level=1)
    doc.add_paragraph(
        "The meeting must take into account whether the case (Working Together; "
        "LLR 1.4.1), and have regard to the circumstances (LLR 1.4.2). Facts "
        "already known are filled in; the meeting records its answer."
    )
    criteria = loop_table(
        doc,
        ["Criterion", "Known so far", "Yes / No / Possibly", "Notes"],
        "for c in criteria",
        ["{{ c.question }}", "{{ c.known }}", "", ""],
        (7.0, 4.0, 2.6, 3.4),
    )
    repeated = criteria.rows[2].cells
    control(repeated[2], "criterion.{{ c.key }}.answer")
    control(repeated[3], "criterion.{{ c.key }}.note")
    doc.add_heading("Section 2: learning and immediate actions (completed at the meeting)", level=1)
    doc.add_paragraph(
        "Sections 2 and 3, and the answers above (racism and inequalities, each key practice "
        "episode's analysis, the criteria), are filled in at the meeting: "
        "type over each prompt in the tables (Name, Yes or No, dd/mm/yyyy...; these are Word "
        "content controls) and tick one decision. Afterwards the business office reads this "
        "document into the case's meeting record: cspr meeting-record {{ case.reference }} "
        "FILE.docx."
    )
    para(doc, "Immediate actions", bold=True)
    control_rows(doc, "action", ["Action", "Owner", "Due"], (9.2, 4.4, 3.4))
    para(doc, "Learning identified", bold=True)
    control_rows(doc, "learning", ["Learning"], (17.0,))
    para(doc, "Themes", bold=True)
    control_rows(doc, "theme", ["Theme"], (17.0,))
    doc.add_heading("Section 3: decision and rationale (completed at the meeting)", level=1)
    labelled_controls(
        doc,
        [
            ("Case", "case.reference", "{{ case.reference }}"),
            ("Meeting", "meeting.kind", "{{ record.kind_name }}"),
            ("Date of the meeting", "meeting.date", ""),
            ("Recorded in", "record.file", "{{ record.file }}"),
        ],
    )
    para(doc, "Quorum: {{ quorum_rule }}", italic=True)
    doc.add_paragraph(
        "Partner: local-authority, police, health, education, or other (other for no agency "
        "of the case, such as the business manager: they do not count towards the quorum)."
    )
    control_rows(doc, "attendee", ["Attendee", "Role", "Agency", "Partner"], (4.5, 4.0, 5.0, 3.5))
    para(doc, "Independent advice", bold=True)
    labelled_controls(
        doc,
        [
            ("Independent advisor", "advisor.name", ""),
            ("Attended", "advisor.attended", ""),
            ("Advice", "advisor.advice", ""),
        ],
    )
    para(doc, "Decision (tick one):", bold=True)
    para(doc, "{%p for o in record.outcomes %}")
    tick = doc.add_paragraph()
    tick_box(tick, "decision.outcome.{{ o.key }}")
    tick.add_run(" {{ o.name }}")
    para(doc, "{%p endfor %}")
    doc.add_paragraph("Learning options: {{ record.learning_options }}.")
    labelled_controls(
        doc,
        [
            ("Learning option", "decision.learning_option", ""),
            ("Recommend a national review", "decision.national_review_recommended", ""),
            ("Rationale", "decision.rationale", ""),
        ],
    )
    save(doc, "combined-summary.docx")


def combined_summary_panel() -> None:
    doc = new_document("Combined Summary for the National Panel")
    title_block(
        doc,
        "Combined Summary for the National Panel",
        "Case {{ case.reference }}, {{ case.pseudonym }}. {{ meeting_name|capitalize }} "
        "held {{ meeting.date|long_date }}. Produced {{ produced|long_date }}.",
    )
    para(doc, "{%p if revised %}")
    para(
        doc,
        "Revised following the National Panel's response of {{ revised.received|long_date }}.",
        bold=True,
    )
    doc.add_heading("The National Panel's response", level=1)
    doc.add_paragraph(
        "On {{ revised.received|long_date }} the National Panel {{ revised.said }} of the "
        "{{ meeting_name }} of {{ revised.previous_date|long_date }} "
        "({{ revised.previous_decision }})."
    )
    doc.add_paragraph("{{ revised.text|lines }}")
    doc.add_paragraph(
        "The {{ meeting_name }} met again on {{ meeting.date|long_date }}. {{ revised.change }} "
        "This summary gives its record."
    )
    para(doc, "{%p endif %}")
    section_one(doc)
    lived_section(doc, panel_answer)
    agencies_section(doc)
    key_events_section(doc)
    episodes_section(doc, panel_analysis)
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


def revised_covering_letter() -> None:
    """The covering letter of a decision revised after the Panel's response (BCP §7)."""
    letter(
        "panel-covering-letter-revised",
        "Covering letter to the National Panel: revised decision",
        ["{{ panel.name }}", "{{ panel.address }}", "{{ panel.email }}"],
        "{{ meeting_name|capitalize }}, revised after the Panel's response: "
        "{{ case.reference }} ({{ case.pseudonym }})",
        [
            "Dear {{ panel.salutation }},",
            "Thank you for the Panel's response of {{ revised.received|long_date }} to the "
            "decision of the {{ meeting_name }} of {{ revised.previous_date|long_date }} for "
            "{{ case.pseudonym }} (our reference {{ case.reference }}), "
            "{{ revised.previous_decision|lower }}. The Panel {{ revised.said }}.",
            "The {{ meeting_name }} met again on {{ meeting.date|long_date }} to consider the "
            "Panel's response. {{ meeting.quorum }}",
            "Decision: {{ decision.outcome }}. {{ revised.change }} {{ decision.option_sentence }}",
            "{{ decision.rationale|lines }}",
            "{%p if decision.national_review == 'Yes' %}",
            "The safeguarding partners recommend that the Panel consider a national review.",
            "{%p endif %}",
            "Please find enclosed the revised Combined Summary for the National Panel, marked "
            "as revised following the Panel's response.",
            "{{ panel_next_steps }}",
        ],
    )


def write() -> None:
    combined_summary()
    combined_summary_panel()
    revised_covering_letter()
