"""A meeting record written as a business office reads it: YAML with a comment at the top
and keys in the order of CASE-FORMAT.md; the differences between two records, field by
field; and the rules of writing one into the case folder (never over a different record
without --replace, the old one then kept as a dated backup)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..case.model import Meeting
from ..core.files import atomic_path, write_text
from ..core.findings import Findings
from ..core.outcome import Outcome
from ..core.wording import long_date
from ..core.yamlfile import build, read_yaml

ORDER = {
    "": [
        "date",
        "kind",
        "attendees",
        "independent_advisor",
        "criteria",
        "immediate_actions",
        "learning",
        "themes",
        "decision",
        "sent_to_panel",
        "panel_response",
    ],
    "attendees": ["name", "role", "agency", "partner"],
    "decision": ["outcome", "learning_option", "national_review_recommended", "rationale"],
}
ONE = {"attendees": "attendee", "immediate_actions": "action", "learning": "learning"}
ONE |= {"themes": "theme"}


def as_data(meeting: Meeting) -> dict[str, Any]:
    """The record as meeting.yaml's data, in CASE-FORMAT.md's order, without empty keys."""
    data: dict[str, Any] = _tidy(dataclasses.asdict(meeting), "")
    return data


def _tidy(value: Any, key: str) -> Any:
    if key == "answer" and value in ("yes", "no"):
        return value == "yes"  # written yes / no, read back as the answer
    if isinstance(value, dict):
        order = ORDER.get(key, list(value))
        keys = [k for k in order if k in value] + [k for k in value if k not in order]
        tidy = {k: _tidy(value[k], k) for k in keys}
        return {k: v for k, v in tidy.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_tidy(item, key) for item in value]
    return value


class _Dumper(yaml.SafeDumper):
    """Text over several lines as a `|` block; yes and no for true and false."""


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _yes_no(dumper: yaml.SafeDumper, value: bool) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:bool", "yes" if value else "no")


_Dumper.add_representer(str, _text)
_Dumper.add_representer(bool, _yes_no)


def meeting_yaml(meeting: Meeting, comment: list[str]) -> str:
    """The record as YAML text, `comment` lines at the top."""
    body = yaml.dump(
        as_data(meeting),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1000,
    )
    lines = "\n".join(comment).splitlines()
    return "".join(f"# {line}\n" for line in lines) + body


def differences(old: Meeting, new: Meeting) -> list[str]:
    """Each field that differs, one line each: `  attendee 6, name: 'A' -> (none)`."""
    before, after = _flat(as_data(old)), _flat(as_data(new))
    keys = list(after) + [k for k in before if k not in after]
    return [
        f"  {key}: {_shown(before.get(key))} -> {_shown(after.get(key))}"
        for key in keys
        if before.get(key) != after.get(key)
    ]


def _flat(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out |= _flat(item, f"{path}.{key}" if path else str(key))
        return out
    if isinstance(value, list):
        name = ONE.get(path.rsplit(".", 1)[-1], path)
        out = {}
        for n, item in enumerate(value, start=1):
            out |= _flat(item, f"{name} {n}" + (", " if isinstance(item, dict) else ""))
        return {k.replace(", .", ", "): v for k, v in out.items()}
    return {path: value}


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = " / ".join(str(value).splitlines())
    return repr(text if len(text) <= 70 else text[:67] + "...")


def save_record(
    result: Outcome,
    root: Path,
    file: str,
    meeting: Meeting,
    current: Meeting | None,
    source: str,
    today: date,
    replace: bool,
) -> None:
    """Write `meeting` as the case's record `file`: when there is none; not at all when it
    holds the same; beside it (`.from-docx.yaml`) when it differs; in its place with
    `replace`, the old one kept as `.replaced-<today>.yaml`. What happened goes in `result`."""
    target = root / file
    stem = target.name.removesuffix(".yaml")
    read = f"Read from {source}\nby `cspr meeting-record` on {long_date(today)}."
    if not target.exists():
        write_text(target, meeting_yaml(meeting, [f"The meeting's record. {read}", EDIT]))
        result.written.append(target)
        result.closing.append(f"Recorded the meeting of {long_date(meeting.date)} in {file}.")
        return
    if current == meeting:
        result.closing.append(f"No change: {file} already holds this record.")
        return
    side = target.with_name(f"{stem}.from-docx.yaml")
    if not replace:
        if _record(side) == meeting:
            result.closing.append(f"No change: {side.name} already holds this reading.")
        else:
            write_text(side, meeting_yaml(meeting, _side_comment(read, file, source, stem)))
            result.written.append(side)
        result.closing.append(
            f"{file} is unchanged. Compare the two; to make the document's record the case's, "
            f"run again with --replace ({file} is then kept as {stem}.replaced-"
            f"{today.isoformat()}.yaml)."
        )
        if current is None:
            result.notes.append(
                f"{file} cannot be read as a meeting record (cspr validate says why)."
            )
        return
    backup = _free(target.with_name(f"{stem}.replaced-{today.isoformat()}.yaml"))
    with atomic_path(backup) as tmp:
        tmp.write_bytes(target.read_bytes())
    write_text(target, meeting_yaml(meeting, [f"The meeting's record. {read}", EDIT]))
    side.unlink(missing_ok=True)
    result.written += [backup, target]
    result.closing.append(f"Replaced {file}; the record it held is kept as {backup.name}.")


EDIT = "Edit it like any meeting.yaml (CASE-FORMAT.md); dates are written YYYY-MM-DD."


def _side_comment(read: str, file: str, source: str, stem: str) -> list[str]:
    return [
        f"NOT the case's record, which is {file}. {read}",
        f"It differs from {file}. Compare the two; to make this the record, run",
        f"  cspr meeting-record CASE {source} --replace",
        f"({file} is then kept as {stem}.replaced-DATE.yaml). No command reads this file.",
    ]


def _record(path: Path) -> Meeting | None:
    if not path.is_file():
        return None
    loaded = read_yaml(path, path.name, Findings())
    return build(Meeting, loaded, path.name, "", Findings()) if loaded is not None else None


def _free(path: Path) -> Path:
    """`path`, or the first of path-2, path-3... that does not exist."""
    n, free = 1, path
    while free.exists():
        n += 1
        free = path.with_name(f"{path.name.removesuffix('.yaml')}-{n}.yaml")
    return free
