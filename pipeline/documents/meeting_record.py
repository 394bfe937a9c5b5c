"""`cspr meeting-record`: the meeting's record read back from a filled-in Combined Summary.

Sections 2 and 3 of the Combined Summary are content controls (record_form.py). The filled-in
document is read by them, whatever program saved it, into the data of a meeting.yaml, and
validated as meeting.yaml is: every problem is a finding naming the control and what to do.
The record is written to the case folder (the one command that writes there, and only a
meeting record): a new record as it is; beside a different one as `<name>.from-docx.yaml`,
with the differences; in its place only with `--replace`, the old one kept as
`<name>.replaced-<today>.yaml`. The same document read twice changes nothing.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..case.load import check_kind, inside, load_case
from ..case.meeting import check as meeting_checks
from ..case.model import CaseFolder, Meeting
from ..core.dates import DateError, parse_date
from ..core.files import read_input
from ..core.findings import Finding, Findings
from ..core.outcome import Outcome, warning_lines
from ..core.yamlfile import build, read_yaml
from ..office.controls import HERE, Control, ControlsError, read_controls
from .meeting_file import differences, save_record
from .record_form import OUTCOMES, is_placeholder, tag_of, title

RECORD_FILE = re.compile(r"^(meeting|meetings/[A-Za-z0-9_-]{1,64})\.yaml$")
WEEKDAY = re.compile(r"^(mon|tues|wednes|thurs|fri|satur|sun)day,?\s+", re.I)
ANSWERS = {"yes": "yes", "y": "yes", "no": "no", "n": "no", "possibly": "possibly"}
ANSWERS |= {"possible": "possibly", "maybe": "possibly"}
# where a finding about a missing part points when no control of it was filled in
EMPTY = {
    "date": "meeting.date",
    "attendees": "attendee.1.name",
    "decision.outcome": f"decision.outcome.{OUTCOMES[0]}",
    "decision.rationale": "decision.rationale",
}


@dataclass
class Value:
    """A control's value as read: its tag, its text ("" when empty), a check box's state."""

    tag: str
    text: str
    checked: bool | None
    row: int


def record_meeting(case: Path, filled: Path, today: date, replace: bool = False) -> Outcome:
    """Read the filled-in Combined Summary `filled` into the case's meeting record."""
    findings = Findings()
    folder = load_case(case, findings)
    if folder.case is None:
        return Outcome(findings)
    meeting, file, found = read_record(
        read_input(filled, "the filled-in Combined Summary"), filled.name, folder, today
    )
    result = Outcome(found, warnings=warning_lines(found.warnings))
    if meeting is None or found.errors:
        return result
    target = folder.path / file
    if not inside(target, folder.path):  # meetings/ or the record a link out of the folder
        result.findings.add(
            "link-outside-case",
            f"{file} leads outside the case folder; the meeting record is not written there.",
            file=file,
        )
        return result
    current = _current(target, file)
    if current is not None:
        meeting = dataclasses.replace(
            meeting, sent_to_panel=current.sent_to_panel, panel_response=current.panel_response
        )
    save_record(result, folder.path, file, meeting, current, filled.name, today, replace)
    if current is not None and current != meeting:
        result.notes[:0] = [f"{file} and {filled.name} differ:", *differences(current, meeting)]
    return result


def _current(target: Path, file: str) -> Meeting | None:
    """The record already at `target`, when there is one that can be read."""
    if not target.is_file():
        return None
    loaded = read_yaml(target, file, Findings())
    return build(Meeting, loaded, file, "", Findings()) if loaded is not None else None


def read_record(
    data: bytes, label: str, folder: CaseFolder, today: date
) -> tuple[Meeting | None, str, Findings]:
    """The meeting a filled-in Combined Summary records, the file it belongs in, and every
    problem as a finding naming the control."""
    findings = Findings()
    try:
        values = _values(read_controls(data))
    except ControlsError as exc:
        findings.add("record-unreadable", f"{label} cannot be read: it is {exc}.", file=label)
        return None, "", findings
    by_tag = {v.tag: v for v in reversed(values)}  # the first of a tag wins
    reference = by_tag.get("case.reference")
    if reference is None:
        findings.add(
            "record-unreadable",
            f"{label} is not a Combined Summary with the meeting's controls (made by "
            "`cspr summary`), so it holds no meeting record to read.",
            file=label,
        )
        return None, "", findings
    if reference.text != folder.reference:
        findings.add(
            "record-case-mismatch",
            f"{label} is the Combined Summary of case '{reference.text}', not "
            f"{folder.reference}; nothing is read from it.",
            file=label,
            field="case.reference",
            value=reference.text,
        )
        return None, "", findings
    reader = _Reader(values, by_tag, label, folder, findings)
    meeting = reader.meeting(today)
    return meeting, reader.file(), findings


def _values(controls: list[Control]) -> list[Value]:
    """Each control's tag and value: a placeholder still showing is empty; a control whose
    tag was dropped (LibreOffice 7.4) is known by its title, the decision's tick boxes by
    their order."""
    values, boxes = [], 0
    for c in controls:
        tag = c.tag or tag_of(c.alias)
        if not tag and c.checked is not None and boxes < len(OUTCOMES):
            tag, boxes = f"decision.outcome.{OUTCOMES[boxes]}", boxes + 1
        if not tag:
            continue
        own = "" if c.placeholder or is_placeholder(tag, c.own) else c.own
        text = (c.cell.replace(HERE, own) if c.cell else own).strip()
        values.append(Value(tag, text, c.checked, c.row))
    return values


class _Reader:
    """The meeting.yaml data the controls hold, and where each part of it came from."""

    def __init__(
        self,
        values: list[Value],
        by_tag: dict[str, Value],
        label: str,
        folder: CaseFolder,
        findings: Findings,
    ) -> None:
        self.values, self.by_tag, self.label = values, by_tag, label
        self.folder, self.findings = folder, findings
        self.source: dict[str, str] = {}  # meeting.yaml path -> the control's tag
        self.reported: set[str] = set()  # paths already reported: the build's say is dropped

    def text(self, tag: str, path: str) -> str:
        value = self.by_tag.get(tag)
        if value is None:
            return ""
        self.source[path] = tag
        return value.text

    def meeting(self, today: date) -> Meeting | None:
        raw: dict[str, Any] = {"kind": self._kind(), "decision": self._decision()}
        raw["date"] = self._date("meeting.date", "date")
        raw["attendees"] = self._rows("attendee", "attendees")
        raw["immediate_actions"] = self._rows("action", "immediate_actions")
        raw["learning"] = self._list("learning")
        raw["themes"] = self._list("theme", "themes")
        raw["criteria"] = self._criteria()
        raw["episodes"] = self._episodes()
        raw["inequalities"] = self.text("lived.inequalities", "inequalities")
        advisor = {k: self.text(f"advisor.{k}", f"independent_advisor.{k}") for k in FIELDS}
        if any(advisor.values()):
            advisor["attended"] = _yes_no(advisor["attended"])
            raw["independent_advisor"] = advisor
        raw = {k: v for k, v in raw.items() if k == "decision" or v not in (None, "", [], {})}
        scratch = Findings()
        meeting = build(Meeting, raw, self.label, "", scratch)
        if meeting is not None:
            check_kind(meeting, self.folder.partnership, self.label, scratch)
            meeting_checks(meeting, self.folder.partnership, scratch, self.folder.raw_agencies)
            if meeting.date > today:
                scratch.add(
                    "date-in-future",
                    f"'date' is {meeting.date:%d/%m/%Y}, after today ({today:%d/%m/%Y}).",
                    field="date",
                    value=meeting.date.isoformat(),
                )
        for finding in scratch:
            if finding.field not in self.reported:
                self.findings.append(self._named(finding))
        return meeting

    def file(self) -> str:
        """The record's file in the case folder (the Combined Summary says which)."""
        text = self.text("record.file", "record.file") or "meeting.yaml"
        if not RECORD_FILE.match(text):
            self._bad("record.file", "record.file", text, "meeting.yaml or meetings/NAME.yaml")
            return "meeting.yaml"
        return text

    def _named(self, finding: Finding) -> Finding:
        """A finding about a meeting.yaml path made one about the control it came from."""
        path = finding.field
        tag = (
            self.source.get(path)
            or EMPTY.get(path)
            or next(
                (t for p, t in self.source.items() if p.startswith((f"{path}.", f"{path}["))), ""
            )
        )
        name = title(tag) if tag else path
        if finding.code == "key-missing" and path == "decision.outcome":
            message = "No decision is ticked: tick one of the decision's boxes."
        elif finding.code == "key-missing":
            message = f"'{name}' is empty: the meeting record needs it."
        elif f"'{path}'" in finding.message:
            message = finding.message.replace(f"'{path}'", f"'{name}'")
        else:
            message = f"{finding.message} (the control '{name}')"
        hint = finding.hint or (
            "Fill it in, save the document and run cspr meeting-record again."
            if finding.code == "key-missing"
            else ""
        )
        return dataclasses.replace(finding, file=self.label, field=tag, message=message, hint=hint)

    def _bad(self, tag: str, path: str, text: str, expected: str) -> None:
        self.reported.add(path)
        self.findings.add(
            "value-invalid",
            f"'{title(tag)}' should be {expected}, not '{text}'.",
            file=self.label,
            field=tag,
            value=text,
            hint="Correct it in the document, save it and run cspr meeting-record again.",
        )

    def _date(self, tag: str, path: str) -> str:
        text = self.text(tag, path)
        if not text:
            return ""
        try:
            day = parse_date(WEEKDAY.sub("", text))
        except DateError as exc:
            self._bad(tag, path, text, f"a date such as 27/11/2026 ({exc})")
            return ""
        if day.uncertain:
            self._bad(tag, path, text, "the exact day, such as 27/11/2026")
            return ""
        return day.earliest.isoformat()

    def _kind(self) -> str:
        text = self.text("meeting.kind", "kind")
        settings = self.folder.partnership
        by_name = {settings.meeting_name(k).lower(): k for k in settings.meetings}
        return by_name.get(text.lower(), text)

    def _decision(self) -> dict[str, Any]:
        ticked = [
            v.tag.removeprefix("decision.outcome.")
            for v in self.values
            if v.tag.startswith("decision.outcome.") and v.checked
        ]
        for v in self.values:
            if v.tag.startswith("decision.outcome."):
                self.source.setdefault("decision.outcome", v.tag)
        decision: dict[str, Any] = {"outcome": ticked[0] if len(ticked) == 1 else ""}
        if len(ticked) > 1:
            names = ", ".join(ticked)
            self._bad(f"decision.outcome.{ticked[0]}", "decision.outcome", names, "one decision")
        option = self.text("decision.learning_option", "decision.learning_option")
        menu = self.folder.partnership.learning_options
        by_name = {o.name.lower(): key for key, o in menu.items()}
        decision["learning_option"] = by_name.get(option.lower(), option)
        recommended = self.text(
            "decision.national_review_recommended", "decision.national_review_recommended"
        )
        decision["national_review_recommended"] = _yes_no(recommended)
        decision["rationale"] = self.text("decision.rationale", "decision.rationale")
        return {k: v for k, v in decision.items() if v != ""}

    def _groups(self, group: str) -> list[dict[str, Value]]:
        """The rows of a repeating table, in document order: each row's values by field."""
        rows: dict[object, dict[str, Value]] = {}
        for v in self.values:
            parts = v.tag.split(".")
            if parts[0] == group and len(parts) >= 2 and parts[1].isdigit():
                key = v.row if v.row >= 0 else parts[1]
                rows.setdefault(key, {}).setdefault(".".join(parts[2:]), v)
        return [row for row in rows.values() if any(v.text for v in row.values())]

    def _rows(self, group: str, path: str) -> list[dict[str, str]]:
        items = []
        for i, row in enumerate(self._groups(group)):
            item = {}
            for field, v in row.items():
                where = f"{path}[{i}].{field}"
                self.source[where] = v.tag
                item[field] = self._date(v.tag, where) if field == "due" else v.text
            items.append({k: t for k, t in item.items() if t})
        return items

    def _list(self, group: str, path: str = "") -> list[str]:
        path = path or group
        items = []
        for i, row in enumerate(self._groups(group)):
            v = row[""]
            self.source[f"{path}[{i}]"] = v.tag
            items.append(v.text)
        return items

    def _episodes(self) -> list[dict[str, str]]:
        """Each key practice episode's analysis, by the episode's first day (its tag)."""
        notes: list[dict[str, str]] = []
        for v in self.values:
            m = re.match(r"^episode\.(.+)\.analysis$", v.tag)
            if m and v.text:
                where = f"episodes[{len(notes)}]"
                self.source |= {f"{where}.start": v.tag, f"{where}.analysis": v.tag}
                notes.append({"start": m[1], "analysis": v.text})
        return notes

    def _criteria(self) -> dict[str, dict[str, str]]:
        criteria: dict[str, dict[str, str]] = {}
        for v in self.values:
            m = re.match(r"^criterion\.(.+)\.(answer|note)$", v.tag)
            if not m or not v.text:
                continue
            self.source[f"criteria.{m[1]}.{m[2]}"] = v.tag
            words = v.text.strip(" .").lower()
            criteria.setdefault(m[1], {})[m[2]] = (
                ANSWERS.get(words, v.text) if m[2] == "answer" else v.text
            )
        for key, judgement in criteria.items():
            self.source.setdefault(f"criteria.{key}.answer", f"criterion.{key}.answer")
            self.source.setdefault(f"criteria.{key}", f"criterion.{key}.answer")
            judgement.setdefault("answer", "")
        return {k: {f: t for f, t in j.items() if t} for k, j in criteria.items()}


FIELDS = ("name", "attended", "advice")


def _yes_no(text: str) -> str:
    """Yes or no as people write it (a tick too); other text as written, for the finding."""
    plain = text.strip(" .").lower()
    if plain in ("yes", "y", "\u2612", "\u2611", "\u2713", "\u2714", "x", "true"):
        return "yes"
    return "no" if plain in ("no", "n", "\u2610", "false") else text
