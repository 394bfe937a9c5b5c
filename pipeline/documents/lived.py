"""The child's lived experience and identity, for the Combined Summary (the National Panel's
guidance for safeguarding partners, June 2025: a rapid review understands the context of the
child's and family's lives, including how racism and other inequalities related to protected
characteristics, disability among them, may have influenced their experiences and the
quality of practice).

Built from case.yaml (age, sex, ethnicity, language, faith, disability, looked-after status,
who the child lived with, by relationship only) and from what agencies recorded in their
returns' optional "Child's voice / seen alone" column. A fact the case lacks is "Not
recorded", never a blank.
"""

from __future__ import annotations

from typing import Any

from ..case.model import PLANS, CaseFolder, Meeting
from ..chronology.model import Chronology
from ..core.wording import age, plural

NOT_RECORDED = "Not recorded"
PROMPT = (
    "How may racism, and other inequalities related to the child's and family's protected "
    "characteristics (disability among them), have influenced their experiences and the "
    "quality of the practice they received?"
)
SOURCE = (
    "Child Safeguarding Practice Review Panel, guidance for safeguarding partners (June 2025): "
    "the rapid review"
)
SHOWN_DATES = 3  # dates listed for one entry repeated on several rows; the rest counted


def lived_fields(folder: CaseFolder, chron: Chronology, meeting: Meeting | None) -> dict[str, Any]:
    """The `lived` field (templates/README.md)."""
    case = folder.case
    assert case is not None
    child = case.child
    voice = _voice(chron)
    return {
        "age": age(child.date_of_birth, case.incident.date),
        "sex": _said(child.sex),
        "ethnicity": _said(child.ethnicity),
        "language": _said(child.language),
        "faith": _said(child.faith),
        "disability": _said(child.disability),
        "looked_after": "Yes" if child.looked_after else "No",
        "child_protection_plan": PLANS[child.child_protection_plan],
        "lived_with": _household(folder, True),
        "not_living_with": _household(folder, False),
        "voice": voice,
        "voice_summary": _voice_summary(chron, voice),
        "silent": ", ".join(c.name for c in chron.counts if c.name not in _names(voice)) or "None",
        "prompt": PROMPT,
        "source": SOURCE,
        "answer": meeting.inequalities
        if meeting and meeting.inequalities
        else "The meeting recorded no answer.",
    }


def _said(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:] if text else NOT_RECORDED


def _household(folder: CaseFolder, lives: bool) -> str:
    """Family members (by relationship: the summary names no one) who lived with the child,
    or did not; those with it not recorded are said so."""
    assert folder.case is not None
    family = folder.case.family
    chosen = [m.relationship or "family member" for m in family if m.lives_with_child is lives]
    unknown = [m.relationship or "family member" for m in family if m.lives_with_child is None]
    text = "; ".join(chosen)
    if lives and unknown:
        text += ("; " if text else "") + f"not recorded for: {', '.join(unknown)}"
    return text[:1].upper() + text[1:] if text else NOT_RECORDED


def _voice(chron: Chronology) -> list[dict[str, str]]:
    """What each agency recorded of the child's voice, one line per different entry, with
    the dates of the rows that hold it."""
    lines: list[dict[str, str]] = []
    for count in chron.counts:
        seen: dict[str, list[str]] = {}
        for e in chron.entries:
            if e.row.agency == count.key and e.row.voice:
                assert e.row.date is not None
                seen.setdefault(" ".join(e.row.voice.split()), []).append(e.row.date.display())
        for text, dates in seen.items():
            more = len(dates) - SHOWN_DATES
            shown = ", ".join(dates[:SHOWN_DATES]) + (f" and {more} more" if more > 0 else "")
            lines.append({"agency": count.name, "dates": shown, "text": text})
    return lines


def _names(voice: list[dict[str, str]]) -> set[str]:
    return {line["agency"] for line in voice}


def _voice_summary(chron: Chronology, voice: list[dict[str, str]]) -> str:
    sent = len(chron.counts)
    rows = sum(1 for e in chron.entries if e.row.voice)
    if not sent:
        return "No return is in yet, so nothing is known of what agencies recorded."
    if not rows:
        who = "The one return does not" if sent == 1 else f"None of the {sent} returns"
        return (
            f"{who} record the child's voice or whether the child was seen alone (the "
            "Child's voice / seen alone column is empty or absent)."
        )
    agencies = len(_names(voice))
    verb = "records" if agencies == 1 else "record"
    return (
        f"{agencies} of the {plural(sent, 'return')} {verb} the child's voice or whether the "
        f"child was seen alone, on {plural(rows, 'row')} of the chronology."
    )
