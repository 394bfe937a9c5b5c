"""Validate a case folder: its YAML files and every agency return.

`validate_case` loads everything once and returns it with all the findings, so
later stages (chronology, summary) work from the same reading.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from ..core.bulk import bulk
from ..core.errors import TemplateError
from ..core.files import write_json
from ..core.findings import Findings, cell_name
from ..core.outcome import Outcome
from ..core.timing import Timings
from ..rules.themes import check_themes
from .facts import check_rules
from .family import check_family
from .load import load_case
from .meeting import check as meeting_checks
from .model import Case, CaseFolder
from .returns import AgencyReturn, read_returns, return_files
from .review_returns import ReviewReturn, read_review_returns
from .review_stage import check_review
from .signoff import check_sign_off
from .workbooks import SUPPORTED

BIRTH_MARGIN = timedelta(days=365)


@dataclass
class Validation:
    """A case folder read and checked: the folder, its returns and every finding."""

    folder: CaseFolder
    returns: dict[str, AgencyReturn] = field(default_factory=dict)
    review_returns: dict[str, ReviewReturn] = field(default_factory=dict)  # review-returns/
    findings: Findings = field(default_factory=Findings)
    # the case's files as they were when it was read (`fingerprint`); None if not listed
    fingerprint: tuple[object, ...] | None = None
    rows: bool = True  # the returns' chronology rows were read (else their Summaries only)

    @property
    def ok(self) -> bool:
        return not self.findings.errors

    def report(self) -> list[dict[str, object]]:
        return [f.as_dict() for f in self.findings]


def validate_case(
    path: Path, timings: Timings | None = None, remembered: bool = False, rows: bool = True
) -> Validation:
    """Load and check the case folder at `path`: every problem is a finding, never raised.
    Without `rows`, the returns' Summaries are read but not their chronology rows (for the
    commands that use none: 60,000 rows take half a second).

    With `remembered`, the last case this process validated is given again while none of its
    files (nor the partnership's settings and templates) has changed: the case page rebuilt
    after a command reads a case of 60,000 rows once, not twice. Each call gets its own list
    of findings, as they were when validation finished."""
    key = fingerprint(path)
    last = _LAST.get("case")
    if remembered and key is not None and last is not None and last[0].fingerprint == key:
        kept, count = last
        if kept.rows or not rows:
            return replace(kept, findings=Findings(kept.findings[:count]))
    with bulk():
        result = _validate(path, timings, rows)
    result.fingerprint = key
    _LAST["case"] = (result, len(result.findings))
    return result


# The last case validated, and how many findings it had when validation finished.
_LAST: dict[str, tuple[Validation, int]] = {}


def fingerprint(path: Path) -> tuple[object, ...] | None:
    """Every file's name, size and modification time under the case folder and beside it
    (partnership.yaml, templates/), linked folders not walked; None when it cannot be listed."""
    try:
        root = path.resolve()
        stamps: list[tuple[str, int, int]] = []
        for place in (root, root.parent / "templates", root.parent / "partnership.yaml"):
            names = [str(place)] if place.is_file() else []
            for folder, _, files in os.walk(place):  # never follows a link
                names += sorted(os.path.join(folder, name) for name in files)
            for name in names:
                stat = os.stat(name)  # a linked file: its target
                stamps.append((name, stat.st_size, stat.st_mtime_ns))
    except (OSError, RuntimeError):
        return None
    return (str(root), tuple(stamps))


def _validate(path: Path, timings: Timings | None, rows: bool) -> Validation:
    timings = timings if timings is not None else Timings()
    findings = Findings()
    with timings.stage("read"):
        folder = load_case(path, findings)
        result = Validation(folder=folder, findings=findings, rows=rows)
        if folder.case is not None or folder.raw_agencies:
            result.returns = _read_returns(path, folder, findings, rows)
            result.review_returns = read_review_returns(folder, findings)
    with timings.stage("validate"):
        check_rules(folder, findings)
        _check_dates(result)
        if folder.meeting is not None:
            meeting_checks(folder.meeting, folder.partnership, findings, folder.raw_agencies)
        check_family(folder, findings)  # review.yaml's family and sign-off records
        check_sign_off(folder, findings)
        check_review(folder, findings)  # review.yaml's requests, timetable and workshop
        if folder.review is not None:
            check_themes(folder.review.themes, folder.partnership, "review.yaml", findings)
    return result


def check_own_templates(local: Path, findings: Findings) -> None:
    """The partnership's own templates (cases/templates/): each named for a template the
    pipeline uses, and each readable with whole fields and tags."""
    if not local.is_dir():
        return
    from ..office.render import fields_used, shipped_templates  # only with own templates

    known = {p.stem for p in shipped_templates().glob("*.docx")}
    for path in sorted(local.glob("*.docx")):
        label = f"templates/{path.name}"
        if path.name.startswith(("~$", ".")):
            continue
        if path.stem not in known:
            findings.add(
                "key-unknown",
                f"The partnership's {label} is not a template the pipeline uses; it is ignored.",
                file=label,
                hint=f"Name it after one of: {', '.join(sorted(known))}.",
            )
            continue
        try:
            fields_used(path.stem, local)
        except TemplateError as exc:
            findings.add("template-invalid", str(exc), file=label, field=exc.field, value=exc.line)


def _read_returns(
    path: Path, folder: CaseFolder, findings: Findings, rows: bool
) -> dict[str, AgencyReturn]:
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
    wanted = [(a.key, chosen[a.key]) for a in folder.raw_agencies if a.key in chosen]
    read = iter(read_returns([(file, key, f"returns/{file.name}") for key, file in wanted], rows))
    results = {}
    for agency in folder.raw_agencies:  # findings in the agencies' order, as one by one
        if agency.key not in chosen:
            findings.add(
                "return-missing",
                f"No return yet from {agency.name} (expected returns/{agency.key}.xlsx).",
                field=agency.key,
                file=f"returns/{agency.key}.*",
            )
            continue
        results[agency.key], found = next(read)
        findings += found
    return results


def _check_dates(result: Validation) -> None:
    case = result.folder.case
    if case is None:
        return
    for ret in result.returns.values():
        check_return(case, ret, result.findings)


def check_return(case: Case, ret: AgencyReturn, findings: Findings) -> None:
    """A return against case.yaml: the case it names, its dates against the incident and
    the child's birth."""
    earliest_sensible = case.child.date_of_birth - BIRTH_MARGIN
    named = ret.summary.case_reference if ret.summary else ""
    if named and named != case.reference:
        findings.add(
            "summary-case-mismatch",
            f"{ret.file} says it is for case '{named}', not {case.reference}.",
            file=ret.file,
            sheet="Summary",
            field="Case reference",
            value=named,
        )
    incident = case.incident.date
    for row in ret.rows:
        on = row.date
        if on is None or earliest_sensible <= on.latest and on.earliest <= incident:
            continue  # the usual row: nothing to say (and no place worked out for it)
        where = {
            "file": row.file,
            "sheet": row.sheet,
            "row": row.row,
            "field": "Date",
            "value": on.text,
            "cell": cell_name(row.row, ret.date_column or 0),
        }
        if on.earliest > incident:
            findings.add(
                "date-after-incident",
                f"{on.display()} is after the incident on {incident:%d/%m/%Y}.",
                **where,
            )
        if on.latest < earliest_sensible:
            findings.add(
                "date-before-birth",
                f"{on.display()} is more than a year before the child's birth.",
                **where,
            )


def write_report(result: Validation, out: Path) -> Path:
    """Write the findings to OUT/<reference>/validation.json; the path written."""
    target = out / result.folder.reference / "validation.json"
    write_json(target, result.report())
    return target


def run_validate(case: Path, out: Path, today: date | None = None) -> Outcome:
    """`cspr validate`: every finding, validation.json written, the missing returns named.

    Only `validate` checks the partnership's own templates: a broken request letter must not
    stop the Combined Summary (a command that uses a broken template says so itself)."""
    from .deadlines import date_checks  # deadlines builds on validation

    result = validate_case(case)
    check_own_templates(result.folder.templates, result.findings)
    if result.folder.case is not None and not result.findings.errors:
        result.findings.extend(date_checks(result, today or date.today()))
    if result.folder.case is not None or case.is_dir():
        write_report(result, out)
    missing = [f.field for f in result.findings if f.code == "return-missing"]
    notes = [f"Returns still missing: {', '.join(missing)}"] if missing else []
    return Outcome(result.findings, notes=notes, data=result.report())
