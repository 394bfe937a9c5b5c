"""Load a case folder (CASE-FORMAT.md) into typed models.

`load_case` reads case.yaml and, when present, meeting.yaml, review.yaml and
briefing.yaml, plus the partnership's settings (`partnership.yaml` beside the case
folders). Every problem becomes a Finding; a model that cannot be built is None.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..core.findings import Findings
from ..core.yamlfile import build, read_yaml
from ..rules.settings import Partnership, load_partnership
from .model import Agency, Briefing, Case, CaseFolder, Meeting, Review

REFERENCE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


OPTIONAL_FILES: dict[str, type[Any]] = {
    "review.yaml": Review,
    "briefing.yaml": Briefing,
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
    if not REFERENCE.match(path.name):
        findings.add(
            "reference-invalid",
            f"Folder name '{path.name}' is not a valid reference.",
            file=path.name,
            value=path.name,
        )
    case_file = path / "case.yaml"
    if not case_file.is_file():
        findings.add("case-file-missing", "The case folder has no case.yaml.", file="case.yaml")
        return folder
    data = read_yaml(case_file, "case.yaml", findings)
    folder.case = build(Case, data, "case.yaml", "", findings) if data is not None else None
    folder.raw_agencies = _agencies(folder.case, data)
    if folder.case is not None:
        _check_case(folder.case, path.name, findings)
    folder.meetings, folder.meeting = _meetings(path, folder, findings)
    for name, model in OPTIONAL_FILES.items():
        if (path / name).is_file():
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
    files = [path / "meeting.yaml"] if (path / "meeting.yaml").is_file() else []
    if (path / "meetings").is_dir():
        files += sorted(p for p in (path / "meetings").glob("*.yaml") if p.is_file())
    meetings = []
    for file in files:
        label = file.relative_to(path).as_posix()
        loaded = read_yaml(file, label, findings)
        meeting = build(Meeting, loaded, label, "", findings) if loaded is not None else None
        if meeting is not None:
            meetings.append(meeting)
            kinds = folder.partnership.meetings
            if meeting.kind not in kinds:
                findings.add(
                    "value-invalid",
                    f"'kind' should be one of the {folder.partnership.profile} profile's "
                    f"meetings: {', '.join(kinds)}.",
                    file=label,
                    field="kind",
                    value=meeting.kind,
                )
    meetings.sort(key=lambda m: m.date)
    if len(files) == 1 and files[0].name == "meeting.yaml":
        return meetings, meetings[0] if meetings else None
    route = folder.case.route if folder.case else "notification"
    kind = folder.partnership.decision_meeting.get(route, "")
    deciding = [m for m in meetings if m.kind == kind]
    return meetings, deciding[-1] if deciding else None


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
