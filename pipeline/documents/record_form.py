"""The meeting's record as content controls in the Combined Summary (sections 2 and 3, LLR
4.6.3): each control's tag, title and placeholder text, the rows the template holds, and the
values a meeting already recorded fills in. scripts/templating/summaries.py builds the
controls from this module and meeting_record.py reads them back by it.

Tags: case.reference, record.file, meeting.kind, meeting.date, attendee.N.{name, role,
agency, partner}, action.N.{action, owner, due}, learning.N, theme.N, criterion.KEY.{answer,
note}, episode.YYYY-MM-DD.analysis (a key practice episode by its first day, episodes.py),
lived.inequalities, advisor.{name, attended, advice}, decision.outcome.KEY (tick boxes),
decision.learning_option, decision.national_review_recommended, decision.rationale.
"""

from __future__ import annotations

import re
from typing import Any

from ..case.load import meeting_files
from ..case.model import CaseFolder, Meeting
from ..case.panel_response import SAID, PanelLoop, panel_loop
from ..core.findings import Findings
from ..core.wording import prose, short_date
from ..core.yamlfile import build, read_yaml
from ..rules.settings import Partnership

ROWS = {"attendee": 10, "action": 6, "learning": 5, "theme": 5}  # rows the template holds
OUTCOMES = ("lcspr", "national-review", "other-learning", "no-review")  # tick boxes, in order
DATE = "dd/mm/yyyy"
YES_NO = "Yes or No"

# tag: (title, placeholder); a locked control shows a value, not a placeholder
SINGLE = {
    "case.reference": ("Case reference", ""),
    "record.file": ("Record file", ""),
    "meeting.kind": ("Meeting", ""),
    "meeting.date": ("Date of the meeting", DATE),
    "advisor.name": ("Independent advisor: name", "Name"),
    "advisor.attended": ("Independent advisor: attended", YES_NO),
    "advisor.advice": ("Independent advisor: advice", "The advice given"),
    "decision.learning_option": ("Learning option", "Other learning only: the option"),
    "decision.national_review_recommended": ("National review recommended", YES_NO),
    "decision.rationale": ("Rationale", "The reasons for the decision"),
    "lived.inequalities": ("Racism and inequalities", "The meeting's answer"),
}
EPISODE = "What happened, why, and what it tells us"  # an episode's analysis, its placeholder
# group: {field: placeholder}; a group of one field has the field ""
GROUPS = {
    "attendee": {"name": "Name", "role": "Role", "agency": "Agency", "partner": "Partner"},
    "action": {"action": "Action", "owner": "Owner", "due": DATE},
    "learning": {"": "Learning identified"},
    "theme": {"": "Theme"},
    "criterion": {"answer": "Yes, No or Possibly", "note": "Notes"},
}
DATES = {"meeting.date", "action.due"}
MULTILINE = {"decision.rationale", "advisor.advice", "learning", "criterion.note"}
MULTILINE |= {"episode.analysis", "lived.inequalities"}
LOCKED = {"case.reference", "record.file", "meeting.kind"}
# placeholders Word and LibreOffice put in a control made by hand
OTHER_PLACEHOLDERS = {"click or tap here to enter text.", "click here to enter text."}

_ROW = re.compile(r"^(attendee|action|learning|theme)\.(\d+)(?:\.(\w+))?$")
_KEYED = re.compile(r"^criterion\.(.+)\.(answer|note)$")
_OUTCOME = re.compile(r"^decision\.outcome\.(.+)$")
_EPISODE = re.compile(r"^episode\.(.+)\.analysis$")


def kind(tag: str) -> str:
    """A tag without its row number or key: attendee.3.name -> attendee.name."""
    if m := _ROW.match(tag):
        return f"{m[1]}.{m[3]}" if m[3] else m[1]
    if m := _KEYED.match(tag):
        return f"criterion.{m[2]}"
    if _EPISODE.match(tag):
        return "episode.analysis"
    return "decision.outcome" if _OUTCOME.match(tag) else tag


def title(tag: str) -> str:
    """The control's title (w:alias), as Word shows it and findings name it."""
    if tag in SINGLE:
        return SINGLE[tag][0]
    if m := _ROW.match(tag):
        return f"{m[1].capitalize()} {m[2]}" + (f": {m[3]}" if m[3] else "")
    if m := _KEYED.match(tag):
        return f"Criterion {m[1]}: {m[2]}"
    if m := _OUTCOME.match(tag):
        return f"Decision: {m[1]}"
    if m := _EPISODE.match(tag):
        return f"Episode {m[1]}: analysis"
    return tag


_TITLES = {v[0]: k for k, v in SINGLE.items()}
_ROW_TITLE = re.compile(r"^(Attendee|Action|Learning|Theme) (\d+)(?:: (\w+))?$")
_KEYED_TITLE = re.compile(r"^Criterion (.+): (answer|note)$")
_EPISODE_TITLE = re.compile(r"^Episode (.+): analysis$")


def tag_of(title_text: str) -> str:
    """The tag a title stands for (LibreOffice 7.4 saves a control's title, not its tag)."""
    if title_text in _TITLES:
        return _TITLES[title_text]
    if m := _ROW_TITLE.match(title_text):
        return f"{m[1].lower()}.{m[2]}" + (f".{m[3]}" if m[3] else "")
    if m := _KEYED_TITLE.match(title_text):
        return f"criterion.{m[1]}.{m[2]}"
    if m := _EPISODE_TITLE.match(title_text):
        return f"episode.{m[1]}.analysis"
    if title_text.startswith("Decision: "):
        return f"decision.outcome.{title_text.removeprefix('Decision: ')}"
    return ""


def placeholder(tag: str) -> str:
    """The text a control shows until it is filled in."""
    if tag in SINGLE:
        return SINGLE[tag][1]
    if kind(tag) == "episode.analysis":
        return EPISODE
    group, _, field = kind(tag).partition(".")
    return GROUPS.get(group, {}).get(field, "")


def is_placeholder(tag: str, text: str) -> bool:
    """Text that is the control's placeholder (LibreOffice keeps it as text when it saves)."""
    plain = " ".join(text.split()).lower()
    return plain in OTHER_PLACEHOLDERS or (bool(plain) and plain == placeholder(tag).lower())


def prefill(
    meeting: Meeting, settings: Partnership
) -> tuple[dict[str, str | bool], dict[str, int]]:
    """The controls' values for a meeting already recorded, and the rows each repeating
    table needs (what it has and two more, for additions at the meeting)."""
    values: dict[str, str | bool] = {"meeting.date": short_date(meeting.date)}
    for n, a in enumerate(meeting.attendees, start=1):
        values |= {
            f"attendee.{n}.name": a.name,
            f"attendee.{n}.role": a.role,
            f"attendee.{n}.agency": a.agency,
            f"attendee.{n}.partner": a.partner,
        }
    for n, action in enumerate(meeting.immediate_actions, start=1):
        values |= {
            f"action.{n}.action": action.action,
            f"action.{n}.owner": action.owner,
            f"action.{n}.due": short_date(action.due),
        }
    values |= {f"learning.{n}": text for n, text in enumerate(meeting.learning, start=1)}
    values |= {f"theme.{n}": text for n, text in enumerate(meeting.themes, start=1)}
    for key, judgement in meeting.criteria.items():
        values[f"criterion.{key}.answer"] = judgement.answer.capitalize()
        values[f"criterion.{key}.note"] = judgement.note
    values |= {f"episode.{e.start.isoformat()}.analysis": e.analysis for e in meeting.episodes}
    values["lived.inequalities"] = meeting.inequalities
    advisor = meeting.independent_advisor
    if advisor:
        values |= {
            "advisor.name": advisor.name,
            "advisor.attended": "Yes" if advisor.attended else "No",
            "advisor.advice": advisor.advice,
        }
    decision = meeting.decision
    option = settings.learning_options.get(decision.learning_option or "")
    recommended = decision.national_review_recommended
    values |= {f"decision.outcome.{key}": key == decision.outcome for key in OUTCOMES}
    values |= {
        "decision.learning_option": option.name if option else decision.learning_option or "",
        "decision.national_review_recommended": ""
        if recommended is None
        else ("Yes" if recommended else "No"),
        "decision.rationale": decision.rationale,
    }
    counts = {
        "attendee": len(meeting.attendees),
        "action": len(meeting.immediate_actions),
        "learning": len(meeting.learning),
        "theme": len(meeting.themes),
    }
    rows = {group: max(ROWS[group], n + 2) for group, n in counts.items()}
    return values, rows


def record_fields(folder: CaseFolder) -> dict[str, Any]:
    """The Combined Summary's `record` field: the meeting it is for, where its record goes,
    the decisions to tick, and the Panel's response when the meeting is held again after it."""
    settings = folder.partnership
    loop = panel_loop(folder.meetings)
    meeting = loop.answered if loop.awaiting_meeting else folder.meeting
    route = folder.case.route if folder.case else "notification"
    kind = meeting.kind if meeting else settings.route_meetings.get(route, "")
    reconvened = None
    if loop.awaiting_meeting and loop.reopened and loop.answered:
        reconvened = {
            "received": loop.reopened.received,
            "said": SAID[loop.reopened.response],
            "previous_date": loop.answered.date,
            "previous_decision": settings.outcomes[loop.answered.decision.outcome].name,
            "text": prose(loop.reopened.text),
        }
    return {
        "file": record_file(folder, loop, kind),
        "kind_name": settings.meeting_name(kind),
        "reconvened": reconvened,
        "outcomes": [{"key": k, "name": settings.outcomes[k].name} for k in OUTCOMES],
        "learning_options": ", ".join(o.name for o in settings.learning_options.values()),
    }


def record_file(folder: CaseFolder, loop: PanelLoop, kind: str) -> str:
    """Where the meeting's record goes: a new file in meetings/ after a Panel response that
    reopens the decision; else the file of the meeting recorded; else meeting.yaml (or
    meetings/<kind>.yaml beside other meetings)."""
    if loop.awaiting_meeting and loop.reopened:
        return f"meetings/after-panel-{loop.reopened.received.isoformat()}.yaml"
    files = meeting_files(folder.path)
    for file in files if folder.meeting else []:
        loaded = read_yaml(file, file.name, Findings())
        if build(Meeting, loaded, file.name, "", Findings()) == folder.meeting:
            return file.relative_to(folder.path).as_posix()
    return f"meetings/{kind}.yaml" if files else "meeting.yaml"


def record_values(folder: CaseFolder) -> tuple[dict[str, str | bool], dict[str, int]]:
    """What the controls are filled with: the meeting recorded (a meeting held again after
    the Panel's response starts from the one before it, with no date)."""
    loop = panel_loop(folder.meetings)
    meeting = loop.answered if loop.awaiting_meeting else folder.meeting
    if meeting is None:
        return {}, {}
    values, rows = prefill(meeting, folder.partnership)
    if loop.awaiting_meeting:
        values["meeting.date"] = ""
    return values, rows
