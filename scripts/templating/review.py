"""The documents of the review stage, after the decision: the terms of reference (LLR 5;
BCP §8), the review-stage requests to agencies (LLR 8.4-8.6) and the workshop invitation
with its briefing for practitioners (LLR 8.9-8.11)."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .base import facts_table, letter, loop_table, new_document, para, save, title_block


def write() -> None:
    terms_of_reference()
    request_letter()
    workshop_invitation()


def _paragraphs(doc: Any, lines: list[str]) -> None:
    for text in lines:
        if text.startswith("{%p"):
            para(doc, text)
        else:
            doc.add_paragraph(text)


def terms_of_reference() -> None:
    doc = new_document("Terms of reference")
    title_block(
        doc,
        "Terms of reference",
        "Local child safeguarding practice review {{ case.reference }} ({{ case.pseudonym }})",
    )
    para(doc, "{{ status }}", bold=True)
    facts_table(
        doc,
        [
            ("Case", "{{ case.reference }} ({{ case.pseudonym }})"),
            ("Decision", "{{ decision }}"),
            ("Independent reviewer", "{{ reviewer }}"),
            ("Scoping period", "{{ period }}"),
            ("Review to be completed by", "{{ due }}"),
            ("Terms of reference agreed", "{{ agreed }}"),
        ],
    )
    sections: list[tuple[str, list[str]]] = [
        (
            "1. Purpose",
            [
                "The review is to identify improvements to be made to safeguard and promote the "
                "welfare of children. It seeks learning: it is not held to hold individuals, "
                "organisations or agencies to account, as other processes exist for that "
                "purpose (BCP §8).",
            ],
        ),
        ("2. Scope", ["{{ tor.scope|lines }}"]),
        (
            "3. Scoping period",
            ["The review looks at the agencies' involvement from {{ period }}."],
        ),
        (
            "4. Lines of enquiry",
            [
                "{%p for line in tor.lines_of_enquiry %}",
                "{{ loop.index }}. {{ line }}",
                "{%p endfor %}",
            ],
        ),
        (
            "5. Methodology",
            [
                "{{ tor.methodology|lines }}",
                "The agencies are asked for information with these requests (LLR 8.3-8.6):",
            ],
        ),
    ]
    for heading, lines in sections:
        doc.add_heading(heading, level=1)
        _paragraphs(doc, lines)
    loop_table(
        doc,
        ["Asked for", "From", "Reply by"],
        "for r in requests",
        ["{{ r.title }}", "{{ r.agencies }}", "{{ r.due }}"],
        (5.0, 8.0, 4.0),
    )
    doc.add_heading("6. Involving the child and family", level=1)
    doc.add_paragraph("{{ tor.family_involvement|lines }}")
    doc.add_heading("7. Parallel processes", level=1)
    loop_table(
        doc,
        ["Process", "Status"],
        "for p in processes",
        ["{{ p.process }}", "{{ p.status }}"],
        (9.0, 8.0),
    )
    doc.add_heading("8. Legal advice", level=1)
    doc.add_paragraph("{{ tor.legal_advice|lines }}")
    doc.add_heading("9. Timetable", level=1)
    doc.add_paragraph(
        "The review's timetable (LLR 5.8.1), with the date the review must be complete by:"
    )
    loop_table(
        doc,
        ["Step", "Date", "Status"],
        "for s in timetable",
        ["{{ s.title }}", "{{ s.date }}", "{{ s.status }}"],
        (7.0, 5.0, 5.0),
    )
    save(doc, "terms-of-reference.docx")


def request_letter() -> None:
    letter(
        "review-request-letter",
        "Review request",
        ["{{ agency.contact }}", "{{ agency.name }}"],
        "{{ request.title }}: review {{ case.reference }} ({{ case.pseudonym }}) - reply by "
        "{{ request.due|day_date }}",
        [
            "Dear {{ agency.salutation }},",
            "Following the {{ meeting_name }} on {{ decision_date|long_date }}, the safeguarding "
            "partners have commissioned a local child safeguarding practice review concerning "
            "{{ case.pseudonym }}. {{ reviewer_sentence }}",
            "{{ terms }}",
            "{%p if request.kind == 'information-report' %}",
            "What we ask: an information report on your agency's involvement with the child and "
            "family from {{ period }}. It should analyse that involvement and the themes that "
            "have emerged, with the focus on systems learning: what helped and what hindered "
            "practice, the learning for your agency and for multi-agency arrangements, and the "
            "actions your agency has already taken (LLR 8.5.1).",
            "Please also name the practitioners and line managers who worked directly with the "
            "child or family, so that they can be invited to the reflective learning workshop "
            "(LLR 8.10.1).",
            "{%p endif %}",
            "{%p if request.kind == 'factual-summary' %}",
            "What we ask: a factual summary of your agency's involvement with the child and "
            "family from {{ period }}: the contacts you had, in date order, without analysis. "
            "We ask for a factual summary because your agency's involvement appears to have "
            "been limited, with no significant incident during or because of it (LLR 8.6.1). "
            "If that is not so, tell us at once: an information report may be needed instead.",
            "{%p endif %}",
            "{%p if request.kind == 'organisational-changes' %}",
            "What we ask: a chronology of the organisational changes in your agency from "
            "{{ period }} that may have affected frontline practice (LLR 8.4.1): for example "
            "restructures, new or changed policies and procedures, staffing levels and "
            "vacancies, caseloads, and changes of systems or premises. One row for each change: "
            "its date, what changed, the services affected and its impact on practice.",
            "{%p endif %}",
            "{%p if lines_of_enquiry %}",
            "The review's lines of enquiry are:",
            "{%p endif %}",
            "{%p for line in lines_of_enquiry %}",
            "\u2022 {{ line }}",
            "{%p endfor %}",
            "How: please complete the enclosed template ({{ request.file }}), keeping its sheet "
            "names and labels, and send it back under the same file name by secure email to "
            "{{ partnership.reply_to }}.",
            "When: by {{ request.due|day_date }}.",
            "Who to contact: {{ partnership.contact }}.",
        ],
    )


def workshop_invitation() -> None:
    """The invitation (one per agency), then the short briefing for practitioners that goes
    with it (LLR 8.10.3)."""
    doc = new_document("Invitation: reflective learning workshop")
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    head.add_run("{{ partnership.name }}").bold = True
    head.add_run("\n{{ partnership.letterhead|lines }}")
    doc.add_paragraph("{{ produced|long_date }}")
    doc.add_paragraph("{{ agency.contact }}\n{{ agency.name }}")
    para(
        doc,
        "Invitation: reflective learning workshop for review {{ case.reference }} "
        "({{ case.pseudonym }})",
        bold=True,
    )
    _paragraphs(
        doc,
        [
            "Dear {{ agency.salutation }},",
            "As part of the local child safeguarding practice review concerning "
            "{{ case.pseudonym }}, the independent reviewer {{ reviewer.name }} will hold a "
            "reflective learning workshop. We invite the practitioners and line managers of "
            "{{ agency.name }} who worked directly with the child or family.",
        ],
    )
    facts_table(
        doc,
        [
            ("When", "{{ workshop.date|day_date }}, {{ workshop.times }} ({{ workshop.length }})"),
            ("Where", "{{ workshop.where }}"),
            ("Who", "{{ workshop.attendees }}"),
            ("Reply by", "{{ workshop.reply_by|day_date }}"),
        ],
    )
    after = doc.add_paragraph(
        "Please reply by {{ workshop.reply_by|day_date }} to {{ partnership.reply_to }} with "
        "the name, role and email of each person who will attend, and any access needs."
    )
    after.paragraph_format.space_before = Pt(8)
    _paragraphs(
        doc,
        [
            "The briefing that follows says what the workshop is, what to bring and why it "
            "matters that those invited attend. Please give it to each person you invite.",
            "Yours sincerely,",
            "\n\n{{ partnership.signature|lines }}",
        ],
    )
    doc.add_page_break()
    doc.add_heading("Reflective learning workshop: a briefing for practitioners", level=1)
    doc.add_paragraph(
        "Review {{ case.reference }} ({{ case.pseudonym }}): {{ workshop.date|day_date }}, "
        "{{ workshop.times }}. {{ workshop.where }}."
    )
    briefing: list[tuple[str, list[str]]] = [
        (
            "What the workshop is",
            [
                "The workshop brings together the practitioners who worked with "
                "{{ case.pseudonym }} and the family, and their line managers, with the "
                "independent reviewer and members of the case review panel, in a respectful and "
                "supportive setting. Together you look at what happened and why actions were "
                "taken, so that the review understands what shaped the work with the family and "
                "can identify learning for every agency (LLR 8.9.1).",
            ],
        ),
        (
            "Learning, not blame",
            [
                "The review is about learning. It is not held to hold individuals, organisations "
                "or agencies to account: other processes exist for that (BCP §8). Actions and "
                "decisions are seen in the light of what was known at the time and the system "
                "people were working in, and the reviewer helps the group to avoid hindsight "
                "(LLR 8.11.4-8.11.5).",
            ],
        ),
        (
            "What happens on the day",
            [
                "The reviewer leads the workshop, with members of the case review panel "
                "(LLR 8.11.2). The discussion is likely to cover (LLR 8.11.3):",
                "\u2022 the information gathered about the family and the agencies' work with "
                "them: you can check it, add to it and correct it;",
                "\u2022 the child's lived experience: what happened, seen from the child's "
                "point of view;",
                "\u2022 why events and practice happened as they did, including organisational "
                "and system factors such as team aims and culture, supervision and resources;",
                "\u2022 the key themes of the case, and whether they apply to work with families "
                "more generally;",
                "\u2022 good practice, the learning from the case and what should change to keep "
                "children safer.",
            ],
        ),
    ]
    for heading, lines in briefing:
        doc.add_heading(heading, level=2)
        _paragraphs(doc, lines)
    para(doc, "{%p if workshop.key_themes %}")
    doc.add_heading("The key themes for analysis", level=2)
    _paragraphs(
        doc,
        [
            "The case review panel has set these themes for the workshop (LLR 8.8.2):",
            "{%p for theme in workshop.key_themes %}",
            "\u2022 {{ theme }}",
            "{%p endfor %}",
            "{%p endif %}",
        ],
    )
    rest: list[tuple[str, list[str]]] = [
        (
            "What to bring",
            ["{%p for item in workshop.bring %}", "\u2022 {{ item }}", "{%p endfor %}"],
        ),
        (
            "Who should attend",
            [
                "{{ workshop.attendees }} Agencies are expected to release the staff invited "
                "(LLR 8.10.2).",
            ],
        ),
        (
            "Support",
            [
                "Taking part in a review can be hard. If the case has affected you, talk to your "
                "line manager: your agency should support you (LLR 8.2.3). If you cannot attend, "
                "tell us: the reviewer may arrange to talk with you instead (LLR 8.12.1).",
            ],
        ),
    ]
    for heading, lines in rest:
        doc.add_heading(heading, level=2)
        _paragraphs(doc, lines)
    save(doc, "workshop-invitation.docx")
