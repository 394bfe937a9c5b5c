"""What the National Panel's guidance for safeguarding partners (June 2025) asks a rapid
review for, as sections of the Combined Summary: the child's lived experience and identity
(with the question on racism and inequalities) and the key practice episodes. The meeting's
answers are content controls in the summary for the meeting (`answer`, `analysis`: made by
summaries.py) and text in the summary for the Panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .base import facts_table, loop_table, para

LIVED = [
    ("Age at the incident", "{{ lived.age }}"),
    ("Ethnicity", "{{ lived.ethnicity }}"),
    ("First language", "{{ lived.language }}"),
    ("Religion or faith", "{{ lived.faith }}"),
    ("Disability", "{{ lived.disability }}"),
    ("Looked after", "{{ lived.looked_after }}"),
    ("Lived with", "{{ lived.lived_with }}"),
    ("Family not living with the child", "{{ lived.not_living_with }}"),
]


def lived_section(doc: Any, answer: Callable[[Any], None]) -> None:
    """The child's identity and daily life, what agencies recorded of the child's voice, and
    the Panel's question on racism and inequalities with the meeting's `answer`."""
    doc.add_heading("The child's lived experience and identity", level=1)
    doc.add_paragraph(
        "What the case records of {{ case.pseudonym }}'s identity and daily life, by "
        "relationship only. \u201cNot recorded\u201d marks what the meeting may need to find out."
    )
    facts_table(doc, LIVED)
    doc.add_heading("What agencies recorded of the child's voice", level=2)
    doc.add_paragraph("{{ lived.voice_summary }}")
    para(doc, "{%p if lived.voice %}")
    loop_table(
        doc,
        ["Agency", "When", "What was recorded"],
        "for v in lived.voice",
        ["{{ v.agency }}", "{{ v.dates }}", "{{ v.text }}"],
        (4.0, 4.2, 8.8),
    )
    para(doc, "{%p endif %}")
    doc.add_paragraph("Nothing recorded by: {{ lived.silent }}.")
    doc.add_heading("Racism and inequalities", level=2)
    p = doc.add_paragraph()
    p.add_run("The question for the meeting: ").bold = True
    p.add_run("{{ lived.prompt }} ")
    p.add_run("({{ lived.source }}.)").italic = True
    answer(doc)


def episodes_section(doc: Any, analysis: Callable[[Any], None]) -> None:
    """The key practice episodes, each with the rows it rests on and the meeting's
    `analysis`, inside the episodes' loop."""
    doc.add_heading("Key practice episodes", level=1)
    doc.add_paragraph(
        "Episodes of practice for the meeting to analyse: what happened, why, and what it "
        "tells us (the National Panel's guidance for safeguarding partners, June 2025). "
        "{{ episodes_rule }} The business office may merge, drop, retitle or add episodes in "
        "the case's episodes.yaml, naming each by its first day."
    )
    para(doc, "{%p if not episodes %}")
    doc.add_paragraph(
        "The chronology has no key events or possible joint events, so no episode is proposed."
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p for ep in episodes %}")
    doc.add_heading("Episode {{ ep.number }}: {{ ep.title }}", level=2)
    doc.add_paragraph("{{ ep.dates }}. {{ ep.how }}. Agencies: {{ ep.agencies }}.")
    loop_table(
        doc,
        ["Date", "Agency", "Event", "Key event", "Return and row"],
        "for r in ep.rows",
        ["{{ r.date }}", "{{ r.agency }}", "{{ r.event }}", "{{ r.key }}", "{{ r.where }}"],
        (2.4, 3.4, 6.2, 1.4, 3.6),
    )
    doc.add_paragraph()  # apart: two tables that touch are joined into one
    analysis(doc)
    para(doc, "{%p endfor %}")


def panel_answer(doc: Any) -> None:
    facts_table(doc, [("The meeting's answer", "{{ lived.answer|lines }}")])


def panel_analysis(doc: Any) -> None:
    facts_table(doc, [("The meeting's analysis", "{{ ep.analysis|lines }}")])
