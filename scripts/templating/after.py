"""The documents for families, learning without a full report, and the impact follow-up."""

from __future__ import annotations

from typing import Any

from .base import facts_table, letter, loop_table, new_document, para, save, title_block


def write() -> None:
    family_invitation()
    family_outcome()
    family_involvement()
    learning_brief()
    impact_follow_up()


def family_invitation() -> None:
    """LLR 7.3, BCP §11: the letter inviting a family member to take part. Plain and kind."""
    letter(
        "family-invitation",
        "Letter to a family member: invitation to take part in the review",
        ["{{ member.name }}", "{{ member.address|lines }}"],
        "A review to learn from what happened to {{ child.first_name }}",
        [
            "Dear {{ member.salutation }},",
            "We are very sorry {{ child.what_happened }}.",
            "The council, the police and the NHS in our area have decided to look carefully at "
            "how services worked with {{ child.first_name }} and your family. This is called a "
            "{{ review.kind }}.",
            "It is not about blaming anyone. It is about learning how services can work better "
            "together to keep children safe.",
            "We would like to hear from you. You know {{ child.first_name }} and your family "
            "better than anyone. What you tell us about {{ child.first_name }}, and about the "
            "help your family was offered, will be taken as seriously as what the services "
            "tell us.",
            "{%p if review.reviewer %}",
            "The review is led by {{ review.reviewer }}, an independent reviewer who does not "
            "work for any of the services involved.",
            "{%p endif %}",
            "You can talk to the reviewer in person, by phone or by video call, or write down "
            "what you want to say. You can bring someone with you for support. If you would "
            "like an interpreter, or any other help to take part, please tell us and we will "
            "arrange it.",
            "We will write down what you tell us and show it to you first, so that you can "
            "check it is right. The report will not use your name or {{ child.first_name }}'s "
            "name.",
            "{%p if case.investigation %}",
            "There is also a police investigation. This means there may be some things the "
            "reviewer cannot talk about with you yet. We will explain what this means for you.",
            "{%p endif %}",
            "Taking part is your choice. If you would rather not, that is fine, and you can "
            "change your mind later.",
            "To take part, or to ask us anything, please contact {{ partnership.contact }}.",
        ],
    )


def family_outcome() -> None:
    """LLR 10.3.2, BHR 2.8: the letter telling a family member the outcome and the
    publication date."""
    letter(
        "family-outcome",
        "Letter to a family member: the review's outcome and publication",
        ["{{ member.name }}", "{{ member.address|lines }}"],
        "The review about {{ child.first_name }}: what happens next",
        [
            "Dear {{ member.salutation }},",
            "{{ member.opening }}",
            "The review is now finished. The report will be published on "
            "{{ publication.planned_date|long_date }} on the {{ partnership.name }} website.",
            "{%p if publication.summary_only %}",
            "Only a summary of what services will change will be published, not the full report.",
            "{%p endif %}",
            "The report does not use your name or {{ child.first_name }}'s name. In the "
            "report, {{ child.first_name }} is called {{ case.pseudonym }}.",
            "{%p if recommendations %}",
            "The review asks services to make these changes:",
            "{%p endif %}",
            "{%p for r in recommendations %}",
            "\u2022 {{ r }}",
            "{%p endfor %}",
            "If you would like to, you can read the report before it is published and talk "
            "about it with us{{ review.with_reviewer }}. You can bring someone with you for "
            "support.",
            "Sometimes newspapers, television or websites report on published reviews. If "
            "anyone from the media contacts you, you do not have to talk to them. Please tell "
            "us, and we will help.",
            "If you have any questions, or would like some support, please contact "
            "{{ partnership.contact }}.",
        ],
    )


def family_involvement() -> None:
    """For the reviewer and the report: who took part and why others did not (LLR 7.4.2),
    by relationship only, never by name."""
    doc = new_document("Family involvement in the review")
    title_block(
        doc,
        "Family involvement",
        "{{ title }}. For the reviewer and the report: it names no one, so keep it that way. "
        "{{ produced|long_date }}.",
    )
    doc.add_heading("Summary", level=1)
    doc.add_paragraph("{{ involvement.summary }}")
    loop_table(
        doc,
        ["Family member", "Invited", "Response", "Reason given"],
        "for m in involvement.members",
        ["{{ m.relationship }}", "{{ m.invited }}", "{{ m.response }}", "{{ m.reason }}"],
        (4.0, 3.5, 3.0, 6.5),
    )
    doc.add_heading("For the report", level=1)
    para(
        doc,
        "All reasons for non-involvement of family members will be documented in the final "
        "report (LLR 7.4.2). This paragraph may be used as it stands:",
        italic=True,
    )
    doc.add_paragraph("{{ involvement.for_report }}")
    save(doc, "family-involvement.docx")


def learning_brief() -> None:
    """BCP Appendix A: the practitioner learning brief, for learning without a full report,
    from briefing.yaml alone."""
    doc = new_document("Practitioner learning brief")
    title_block(
        doc,
        "Learning brief: {{ briefing.title }}",
        "{{ case.pseudonym }}. {{ partnership.name }}, {{ brief.date|long_date }}. For "
        "practitioners and managers: read it, share it with your team and talk about it in "
        "supervision.",
    )
    facts_table(
        doc,
        [
            ("Learning option", "{{ brief.option }}: {{ brief.rationale }}"),
            ("Decided", "At the {{ meeting_name }} on {{ brief.decided|long_date }}"),
            ("Lead", "{{ brief.lead }}"),
            ("Governance", "{{ brief.governance }}"),
        ],
        headers=("About this brief", "Detail"),
    )
    para(doc, "{%p for p in briefing.parts %}")
    doc.add_heading("{{ p.number }}. {{ p.title }}", level=1)
    doc.add_paragraph("{{ p.text|lines }}")
    para(doc, "{%p endfor %}")
    para(
        doc,
        "This brief uses a pseudonym. When you share it, do not add names or details that "
        "could identify the child or family.",
        italic=True,
    )
    save(doc, "learning-brief.docx")


def impact_follow_up() -> None:
    """BCP §15: six months after the action plan is complete, what difference each
    recommendation made, with its evidence."""
    doc: Any = new_document("Impact follow-up statement", landscape=True)
    title_block(
        doc,
        "Impact follow-up: {{ title }}",
        "{{ case.pseudonym }} ({{ case.reference }}). What difference the review has made, "
        "six months after its action plan was completed ({{ follow_up.source }}): a statement "
        "by {{ follow_up.group }}.",
    )
    facts_table(
        doc,
        [
            ("Action plan completed", "{{ follow_up.completed|long_date }}"),
            ("Follow-up due", "{{ follow_up.due_words }}"),
            ("Statement", "{{ follow_up.statement }}"),
            ("Recommendations", "{{ follow_up.counts }}"),
        ],
        widths=(6.0, 19.0),
        headers=("Follow-up", "Detail"),
    )
    doc.add_heading("What difference has the review made?", level=1)
    doc.add_paragraph("{{ follow_up.impact|lines }}")
    doc.add_heading("Evidence for each recommendation", level=1)
    loop_table(
        doc,
        ["Id", "Recommendation", "Owner and agencies", "Due", "Status", "Evidence", "Impact"],
        "for r in recommendations",
        [
            "{{ r.id }}",
            "{{ r.text }}",
            "{{ r.owner }}",
            "{{ r.due }}",
            "{{ r.status }}",
            "{{ r.evidence }}",
            "{{ r.impact }}",
        ],
        (1.2, 5.8, 3.8, 2.4, 2.2, 5.0, 5.0),
    )
    save(doc, "impact-follow-up.docx")
