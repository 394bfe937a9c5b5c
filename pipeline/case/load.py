"""Load a case folder (CASE-FORMAT.md) into typed models.

`load_case` reads case.yaml and, when present, meeting.yaml, review.yaml and
briefing.yaml, plus the partnership's settings (`partnership.yaml` beside the case
folders). Every problem becomes a Finding; a model that cannot be built is None.
Anything in the case folder that is a link resolving outside it is `link-outside-case`
and never followed: no stage reads it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ..core.findings import Findings
from ..core.yamlfile import build, read_yaml
from ..rules.settings import Partnership, load_partnership
from .model import Agency, Briefing, Case, CaseFolder, Episodes, Meeting, Review
from .panel_response import check_response

REFERENCE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


OPTIONAL_FILES: dict[str, type[Any]] = {
    "review.yaml": Review,
    "briefing.yaml": Briefing,
    "episodes.yaml": Episodes,
}


def load_case(path: Path, findings: Findings, partnership: Partnership | None = None) -> CaseFolder:
    """Load every YAML file of a case folder, recording each problem in `findings`.

    `partnership`, when given, is the profile already loaded (the tracker reads many cases).
    """
    partnership = partnership or load_partnership(path.parent, findings)
    folder = CaseFolder(path=path, case=None, partnership=partnership)
    if not path.is_dir():
        findings.add("case-folder-missing", f"No case folder at {path}.", file=str(path))
        return folder
    _check_links(path, findings)
    if not REFERENCE.match(path.name):
        findings.add(
            "reference-invalid",
            f"Folder name '{path.name}' is not a valid reference.",
            file=path.name,
            value=path.name,
        )
    returns = path / "returns"
    if (returns.exists() or returns.is_symlink()) and not returns.is_dir():
        findings.add(
            "return-unreadable",
            "returns is a file, not a folder: the agencies' returns go in a folder named "
            "returns inside the case folder.",
            file="returns",
            hint="Rename or remove the file named returns, and make a folder of that name.",
        )
    case_file = path / "case.yaml"
    if not case_file.is_file() or not inside(case_file, path):
        if case_file.is_dir():
            message = "case.yaml is a folder, not a file."
        else:
            message = "The case folder has no case.yaml."
        if not case_file.is_symlink():  # a link out of the folder is already reported
            findings.add("case-file-missing", message, file="case.yaml")
        return folder
    errors = len(findings.errors)
    data = read_yaml(case_file, "case.yaml", findings)
    if data is None and len(findings.errors) == errors:
        findings.add(
            "case-file-empty",
            "case.yaml is empty or holds only comments: there is no case to check.",
            file="case.yaml",
        )
    folder.case = build(Case, data, "case.yaml", "", findings) if data is not None else None
    folder.raw_agencies = _agencies(folder.case, data)
    if folder.case is not None:
        _check_case(folder.case, path.name, findings)
    folder.meetings, folder.meeting = _meetings(path, folder, findings)
    for name, model in OPTIONAL_FILES.items():
        if (path / name).is_file() and inside(path / name, path):
            loaded = read_yaml(path / name, name, findings)
            if loaded is not None:
                setattr(
                    folder, name.removesuffix(".yaml"), build(model, loaded, name, "", findings)
                )
    return folder


def _meetings(
    path: Path, folder: CaseFolder, findings: Findings
) -> tuple[list[Meeting], Meeting | None]:
    """Every meeting recorded (meeting.yaml, meetings/*.yaml), by date; and the one whose
    decision stands: a lone meeting.yaml, else the latest of the kind the profile names."""
    files = meeting_files(path)
    meetings = []
    for file in files:
        label = file.relative_to(path).as_posix()
        loaded = read_yaml(file, label, findings)
        meeting = build(Meeting, loaded, label, "", findings) if loaded is not None else None
        if meeting is not None:
            meetings.append(meeting)
            check_kind(meeting, folder.partnership, label, findings)
            check_response(meeting, label, findings)
    meetings.sort(key=lambda m: m.date)
    if len(files) == 1 and files[0].name == "meeting.yaml":
        return meetings, meetings[0] if meetings else None
    route = folder.case.route if folder.case else "notification"
    kind = folder.partnership.decision_meeting.get(route, "")
    deciding = [m for m in meetings if m.kind == kind]
    return meetings, deciding[-1] if deciding else None


# Files beside a meeting record that are not meetings: `cspr meeting-record`'s reading of a
# filled-in Combined Summary, and the record it replaced (meeting.replaced-2026-11-22.yaml).
SIDE_FILE = re.compile(r"\.(from-docx|replaced-\d{4}-\d{2}-\d{2}(-\d+)?)\.yaml$")


def meeting_files(path: Path) -> list[Path]:
    """The meeting records of a case folder: meeting.yaml, then meetings/*.yaml by name;
    never a side file (SIDE_FILE) or a link out of the folder."""
    files = [path / "meeting.yaml"] if (path / "meeting.yaml").is_file() else []
    if (path / "meetings").is_dir():
        files += sorted(
            p
            for p in (path / "meetings").glob("*.yaml")
            if p.is_file() and not SIDE_FILE.search(p.name)
        )
    return [file for file in files if inside(file, path)]


def check_kind(meeting: Meeting, partnership: Partnership, label: str, findings: Findings) -> None:
    """A meeting's `kind` is one of the profile's meetings."""
    if meeting.kind not in partnership.meetings:
        findings.add(
            "value-invalid",
            f"'kind' should be one of the {partnership.profile} profile's "
            f"meetings: {', '.join(partnership.meetings)}.",
            file=label,
            field="kind",
            value=meeting.kind,
        )


def inside(path: Path, root: Path) -> bool:
    """True when `path`, with every link resolved, is within the case folder `root`."""
    try:
        if _plainly_under(path, root):
            return True
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


def _plainly_under(path: Path, root: Path) -> bool:
    """True when `path` is written as under `root` and no part of it below `root` is a link
    or `..` (one lstat a part, not resolving the whole path: the tracker asks thousands)."""
    if not path.is_relative_to(root):
        return False
    parts = path.relative_to(root).parts
    if ".." in parts:
        return False
    part = root
    for name in parts:
        part = part / name
        if part.is_symlink():
            return False
    return True


def _check_links(root: Path, findings: Findings) -> None:
    """Every link in the case folder that leads out of it (or round in a loop): an error,
    naming it. Links are not followed into folders, so the walk stays inside."""
    for folder, dirs, files in os.walk(root, onerror=lambda _: None):
        for name in sorted([*dirs, *files]):
            entry = Path(folder) / name
            if not entry.is_symlink() or inside(entry, root):
                continue
            label = entry.relative_to(root).as_posix()
            try:
                target = str(entry.readlink())
            except OSError:
                target = "?"
            findings.add(
                "link-outside-case",
                f"{label} is a link to {target}, outside the case folder; it is not read.",
                file=label,
                value=target,
            )


def _agencies(case: Case | None, data: Any) -> list[Agency]:
    """The agencies list, even when another part of case.yaml is broken."""
    if case is not None:
        return case.agencies
    if not isinstance(data, dict) or not isinstance(data.get("agencies"), list):
        return []
    scratch = Findings()  # problems are already reported by the full build
    agencies = [build(Agency, item, "case.yaml", "", scratch) for item in data["agencies"]]
    return [a for a in agencies if a is not None]


def _check_case(case: Case, folder_name: str, findings: Findings) -> None:
    if case.reference != folder_name:
        findings.add(
            "reference-mismatch",
            f"case.yaml says reference '{case.reference}' but the folder is '{folder_name}'.",
            file="case.yaml",
            field="reference",
            value=case.reference,
        )
    seen: set[str] = set()
    for i, agency in enumerate(case.agencies):
        if agency.key in seen:
            findings.add(
                "agency-duplicate",
                f"Agency key '{agency.key}' is listed twice.",
                file="case.yaml",
                field=f"agencies[{i}].key",
                value=agency.key,
            )
        seen.add(agency.key)
    order = [
        ("child.date_of_birth", case.child.date_of_birth, "incident.date", case.incident.date),
        ("incident.date", case.incident.date, "became_aware", case.became_aware),
        ("became_aware", case.became_aware, "referral.received", case.referral.received),
    ]
    for first_name, first, second_name, second in order:
        if first > second:
            findings.add(
                "case-date-order",
                f"'{first_name}' ({first.isoformat()}) is after '{second_name}' "
                f"({second.isoformat()}).",
                file="case.yaml",
                field=first_name,
                value=first.isoformat(),
            )
