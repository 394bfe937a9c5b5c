"""`cspr family-letters`: the family letters and the family-involvement summary
(documents/family.py), the summary then read for names. It is meant for the reviewer and
the report, so a name, address or date of birth in it (a reason typed with a name) is an
`identifying-in-pack` warning to correct before it is used. The letters themselves name the
family by design; they are never part of the publication pack."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..case.validate import validate_case
from ..core.outcome import Outcome, warning_lines
from ..documents.family import write_family
from .leaks import Scanner, terms_for


def build_family_letters(case: Path, out: Path, today: date) -> Outcome:
    """The letters and summary for a valid case; every hit in the summary a warning."""
    validation = validate_case(case, rows=False)  # the letters use no chronology row
    folder = validation.folder
    if not validation.ok or folder.case is None:
        return Outcome(validation.findings)
    result = write_family(folder, out, today)
    records = [f for f in validation.findings if f.field.startswith("family[")]
    result.findings.extend(records)  # the family's records: no reason, dates out of order
    result.warnings += warning_lines(records)
    summary = out / folder.reference / "family-involvement.docx"
    allow = folder.review.leak_allow if folder.review else []
    for hit in Scanner(terms_for(folder.case), allow).scan_file(summary, summary.name):
        if hit.allowed:
            continue
        hit.add_to(result.findings, "identifying-in-pack", f"{summary.name} ({hit.place})")
        result.warnings.append(
            f"Warning: {hit.what} in {summary.name} ({hit.place}): '...{hit.context}...'. "
            "It is for the report: correct the reason in review.yaml (family[].reason)."
        )
    return result
