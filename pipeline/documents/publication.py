"""The publication's documents: the 7-minute briefing, the notice to the national bodies,
the NSPCC repository text. No contact details: these are published."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from ..case.model import CaseFolder
from ..case.returns import AgencyReturn
from ..core.findings import Findings
from ..core.wording import long_date, prose
from ..office.render import Picture
from .letters import common_context, recipients

PARTS = [
    "background",
    "why_it_matters",
    "information",
    "learning",
    "what_to_do",
    "questions",
    "further_information",
]
PART_TITLES = [
    "Background",
    "Why it matters",
    "Information",
    "Learning",
    "What to do",
    "Questions to consider",
    "Further information",
]


def publication_context(folder: CaseFolder, today: date) -> dict[str, Any]:
    """What the pack's documents share. No contact details: the pack is published."""
    case, review = folder.case, folder.review
    assert case is not None and review is not None
    publication = review.publication
    return common_context(folder.partnership, today) | {
        "marking": "OFFICIAL",
        "case": {"reference": case.reference, "pseudonym": case.child.pseudonym},
        "title": review.report_title
        or f"Local child safeguarding practice review: {case.child.pseudonym}",
        "publication": {
            "planned_date": publication.planned_date,
            "sent": publication.report_sent_to_panel,
            "full": "the full report"
            if publication.publish_full_report
            else "the improvements to be made (the full report is not published)",
        },
        "recipients": recipients(folder.partnership, "notice-to-national-bodies"),
        "produced": publication.report_sent_to_panel or today,  # the notice's own date
    }


def briefing_context(folder: CaseFolder, graphic: Path) -> dict[str, Any]:
    """The 7-minute briefing's seven numbered parts from briefing.yaml, and its graphic."""
    briefing = folder.briefing
    assert briefing is not None
    parts = []
    for number, (key, title) in enumerate(zip(PARTS, PART_TITLES, strict=True), start=1):
        value = getattr(briefing, key)
        text = "\n".join(f"\u2022 {v}" for v in value) if isinstance(value, list) else prose(value)
        parts.append({"number": number, "title": title, "text": text or "-"})
    review = folder.review
    title = briefing.title or (review.report_title if review else "") or "Learning from a review"
    return {
        "briefing": {"title": title, "parts": parts},
        "graphic": Picture(graphic, 5.5, GRAPHIC_ALT),
    }


GRAPHIC_ALT = (
    "A ring of seven coloured segments numbered 1 to 7, one for each part of this briefing, "
    "with '7-minute briefing' in its centre."
)


NUMBERS = [
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
AGENCIES = re.compile(rf"\b({'|'.join(NUMBERS)}|\d+)\s+(?:partner\s+)?agencies\b", re.I)


def briefing_checks(folder: CaseFolder, returns: dict[str, AgencyReturn]) -> Findings:
    """Facts the briefing states that the case can check: a number of agencies that is none
    of the case's counts (agencies asked, returns sent, agencies that knew the child)."""
    findings = Findings()
    case, briefing = folder.case, folder.briefing
    if case is None or briefing is None:
        return findings
    knew = sum(1 for r in returns.values() if r.summary and r.summary.known_to_agency)
    counts = {len(case.agencies), len(returns), knew}
    for key in PARTS:
        value = getattr(briefing, key)
        text = " ".join(value) if isinstance(value, list) else value
        for found in AGENCIES.finditer(text):
            word = found[1].lower()
            n = int(word) if word.isdigit() else NUMBERS.index(word)
            if n not in counts:
                findings.add(
                    "briefing-mismatch",
                    f"The briefing says '{found[0]}' ({key}); the case has {len(case.agencies)} "
                    f"agencies, {len(returns)} sent returns and {knew} said they knew the child.",
                    file="briefing.yaml",
                    field=key,
                    value=found[0],
                )
    return findings


def nspcc_text(folder: CaseFolder, context: dict[str, Any]) -> str:
    """The text of the submission to the NSPCC national case review repository."""
    review = folder.review
    assert review is not None and review.publication.planned_date
    themes = folder.meeting.themes if folder.meeting else []
    lines = [
        f"Subject: Published case review for the national repository: {context['title']}",
        "",
        "To the NSPCC national case review repository,",
        "",
        f"{context['partnership']['name']} publishes the following local child safeguarding "
        f"practice review on {long_date(review.publication.planned_date)}:",
        "",
        f"Title: {context['title']}",
        f"Child: {context['case']['pseudonym']}",
        f"Published: {context['publication']['full']}",
        f"Publication date: {long_date(review.publication.planned_date)}",
        f"Themes: {'; '.join(themes) if themes else 'see the report'}",
        "",
        "Attached: the final report (final-report.docx) and the 7-minute briefing "
        "(7-minute-briefing.docx).",
        "",
        f"{context['partnership']['signatory']['name']}",
        f"{context['partnership']['signatory']['role']}, {context['partnership']['name']}",
        "",
    ]
    return "\n".join(lines)
