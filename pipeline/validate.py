"""Validate a case folder: its YAML files and every agency return.

`validate_case` loads everything once and returns it with all the findings, so
later stages (chronology, summary) work from the same reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from .case import CaseFolder, load_case
from .findings import Findings, cell_name
from .outputs import write_json
from .returns import AgencyReturn, read_return
from .sheets import SUPPORTED
from .timing import Timings

if TYPE_CHECKING:
    from .deadlines import Deadline, Pending

BIRTH_MARGIN = timedelta(days=365)


@dataclass
class Validation:
    folder: CaseFolder
    returns: dict[str, AgencyReturn] = field(default_factory=dict)
    findings: Findings = field(default_factory=Findings)

    @property
    def ok(self) -> bool:
        return not self.findings.errors

    def report(self) -> list[dict[str, object]]:
        return [f.as_dict() for f in self.findings]


def validate_case(path: Path, timings: Timings | None = None) -> Validation:
    from .deadlines import load_rules
    from .meeting import check as meeting_checks

    timings = timings if timings is not None else Timings()
    findings = Findings()
    with timings.stage("read"):
        folder = load_case(path, findings)
        result = Validation(folder=folder, findings=findings)
        if folder.case is not None or folder.raw_agencies:
            result.returns = _read_returns(path, folder, findings)
    with timings.stage("validate"):
        load_rules(folder.partnership, findings)
        _check_dates(result)
        if folder.meeting is not None:
            meeting_checks(folder.meeting, findings)
    return result


def return_files(path: Path) -> list[Path]:
    """The files in returns/, less hidden files and Office lock files."""
    folder = path / "returns"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))


def _read_returns(path: Path, folder: CaseFolder, findings: Findings) -> dict[str, AgencyReturn]:
    keys = {a.key.lower(): a.key for a in folder.raw_agencies}
    chosen: dict[str, Path] = {}
    for file in return_files(path):
        label = f"returns/{file.name}"
        if file.suffix.lower() not in SUPPORTED:
            findings.add("return-unsupported", f"{label} is not a spreadsheet we read.", file=label)
            continue
        key = keys.get(file.stem.lower())
        if key is None:
            findings.add(
                "return-unknown-agency",
                f"{label} is not named after any agency key in "
                f"case.yaml ({', '.join(keys.values())}).",
                file=label,
                value=file.stem,
            )
        elif key in chosen:
            findings.add(
                "return-duplicate",
                f"Two returns for '{key}': returns/"
                f"{chosen[key].name} and {label}; only the first is read.",
                file=label,
                field=key,
            )
        else:
            chosen[key] = file
    results = {}
    for agency in folder.raw_agencies:
        found = chosen.get(agency.key)
        if found is None:
            findings.add(
                "return-missing",
                f"No return yet from {agency.name} (expected returns/{agency.key}.xlsx).",
                field=agency.key,
                file=f"returns/{agency.key}.*",
            )
            continue
        results[agency.key] = read_return(found, agency.key, f"returns/{found.name}", findings)
    return results


def _check_dates(result: Validation) -> None:
    case = result.folder.case
    if case is None:
        return
    earliest_sensible = case.child.date_of_birth - BIRTH_MARGIN
    for ret in result.returns.values():
        named = ret.summary.case_reference if ret.summary else ""
        if named and named != case.reference:
            result.findings.add(
                "summary-case-mismatch",
                f"{ret.file} says it is for case '{named}', not {case.reference}.",
                file=ret.file,
                sheet="Summary",
                field="Case reference",
                value=named,
            )
        for row in ret.rows:
            if row.date is None:
                continue
            where = {
                "file": row.file,
                "sheet": row.sheet,
                "row": row.row,
                "field": "Date",
                "value": row.date.text,
                "cell": cell_name(row.row, ret.date_column or 0),
            }
            if row.date.earliest > case.incident.date:
                result.findings.add(
                    "date-after-incident",
                    f"{row.date.display()} is after the incident on {case.incident.date:%d/%m/%Y}.",
                    **where,
                )
            if row.date.latest < earliest_sensible:
                result.findings.add(
                    "date-before-birth",
                    f"{row.date.display()} is more than a year before the child's birth.",
                    **where,
                )


def all_returns_received(result: Validation) -> date | None:
    """The day the last return was completed, once every agency's return is in."""
    agencies = result.folder.raw_agencies
    if not agencies or any(a.key not in result.returns for a in agencies):
        return None
    days = [
        r.summary.date_completed
        for r in result.returns.values()
        if r.summary and r.summary.date_completed
    ]
    return max(days) if len(days) == len(agencies) else None


def case_deadlines_for(
    result: Validation, today: date, findings: Findings
) -> tuple[list[Deadline], list[Pending]]:
    """The case's deadlines, knowing from the returns whether every agency's is in."""
    from .deadlines import case_deadlines

    received = all_returns_received(result)
    extra: dict[str, object] | None = {"returns.all_received": received} if received else None
    return case_deadlines(result.folder, today, findings, extra)


def write_report(result: Validation, out: Path) -> Path:
    target = out / result.folder.reference / "validation.json"
    write_json(target, result.report())
    return target
