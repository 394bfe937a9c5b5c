"""`cspr status`: the case at a glance in the terminal. It writes nothing, and stays light:
it reads the case as `cspr validate` does (the rows of a return only when it has changed
since they were last checked: case/checked.py) and imports no document machinery."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..case.checked import complete
from ..case.validate import validate_case
from ..core.findings import Finding
from ..core.outcome import Outcome
from ..core.wording import day_date, plural
from .state import CaseState, case_state


def case_status(case: Path, out: Path, today: date) -> Outcome:
    """The case's stage, its returns, what is missing, the next deadlines in words and what
    to do next; exit 1 (the findings listed) when the case has errors or cannot be read."""
    result = complete(validate_case(case, rows=False), out, keep=False)  # changed returns' rows
    if result.folder.case is None:
        return Outcome(result.findings)
    state = case_state(result, today, out, str(case))
    failing = Outcome(state.findings) if state.findings.errors else Outcome()
    failing.notes = status_lines(state)
    return failing


def status_lines(state: CaseState) -> list[str]:
    """The status as lines for the terminal."""
    lines = [
        f"{state.reference} ({state.pseudonym}), as of {day_date(state.today)}",
        f"Stage: {state.stage}: {state.detail}",
        "",
        f"Returns: {state.returns_in} of {len(state.returns)} in",
    ]
    width = max((len(r.key) for r in state.returns), default=0)
    for r in state.returns:
        counted = _counts(r.findings)
        lines.append(
            f"  {r.key.ljust(width)}  {r.state}{f' ({counted})' if counted else ''}"
            f"{f'  {r.file}' if r.file else ''}"
        )
    lines += ["", "Missing:" if state.missing else "Missing: nothing"]
    lines += [f"  - {what}" for what in state.missing]
    lines += ["", "Next deadlines:" if state.upcoming else "Next deadlines: none open"]
    lines += [f"  {n}. {state.words[d.rule]}" for n, d in enumerate(state.upcoming, start=1)]
    lines += ["", "Next:" if state.steps else "Next: nothing to do"]
    lines += [f"  - {s.text}{f': run `{s.command}`' if s.command else ''}" for s in state.steps]
    counted = _counts(state.findings)
    if counted:
        lines += ["", f"Findings: {counted} (`cspr validate` lists them)"]
    return lines


def _counts(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    parts = [plural(errors, "error")] if errors else []
    parts += [plural(warnings, "warning")] if warnings else []
    return ", ".join(parts)
