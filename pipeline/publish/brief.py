"""`cspr learning-brief`: the learning brief and the 7-minute briefing for a case whose
decision has no full report (BCP §14, Appendix A), built only when nothing identifying is
in them.

As the publication pack: both made in a staging folder, leak-scanned, and only then moved
into place as OUT/<reference>/learning-brief/ with a manifest. Any unallowed hit: no brief
at all (an earlier one is removed), OUT/<reference>/learning-brief-leak-report.json lists
every hit, exit 1.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from datetime import date
from pathlib import Path

from ..case.deadlines import case_deadlines
from ..case.load import REFERENCE
from ..case.model import CaseFolder
from ..case.validate import validate_case
from ..core.files import staged, write_json
from ..core.findings import Findings
from ..core.outcome import Outcome, warning_lines
from ..core.workdays import WorkingCalendar
from ..documents.learning_brief import NO_REPORT, brief_context
from ..documents.letters import LetterDates
from ..documents.publication import briefing_checks, briefing_context
from ..office.pictures import briefing_graphic
from ..office.render import render
from ..rules.engine import in_words
from .accessibility import check_docx
from .leaks import Hit, Scanner, terms_for

FILES = ("learning-brief.docx", "7-minute-briefing.docx")


def build_learning_brief(case: Path, out: Path, today: date) -> Outcome:
    """OUT/<reference>/learning-brief/ when the case may have one and the leak scan finds
    nothing unallowed; else nothing, and the findings."""
    validation = validate_case(case, rows=False)  # the brief uses no chronology row
    folder = validation.folder
    target = out / folder.reference / "learning-brief"
    report_json = out / folder.reference / "learning-brief-leak-report.json"
    result = Outcome(Findings(validation.findings))
    if validation.ok and folder.case is not None:
        _check_ready(folder, result.findings)
    if not result.ok or folder.case is None:
        if folder.path.is_dir() and REFERENCE.match(folder.reference):
            shutil.rmtree(target, ignore_errors=True)  # no stale brief beside the errors
        return result
    checked = briefing_checks(folder, validation.returns)
    result.findings.extend(checked)
    result.warnings += warning_lines(checked)
    try:
        return _build(folder, result, out, report_json, today)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)  # never a brief this run did not make
        report_json.unlink(missing_ok=True)
        raise


def _check_ready(folder: CaseFolder, findings: Findings) -> None:
    """A decision without a full report, and the briefing to give."""
    meeting = folder.meeting
    for missing, what in (
        (meeting is None, "meeting.yaml (the decision)"),
        (folder.briefing is None, "briefing.yaml (the learning to share)"),
    ):
        if missing:
            findings.add(
                "publication-incomplete",
                f"The learning brief needs {what}.",
                file=what.split(" ")[0],
            )
    if meeting is not None and meeting.decision.outcome not in NO_REPORT:
        findings.add(
            "learning-brief-not-applicable",
            f"The decision is '{meeting.decision.outcome}': the case has a full report, whose "
            "7-minute briefing is built with it by `cspr publish-pack`. A learning brief is for "
            f"a decision without one ({', '.join(NO_REPORT)}).",
            file="meeting.yaml",
            field="decision.outcome",
            value=meeting.decision.outcome,
        )


def _build(
    folder: CaseFolder, result: Outcome, out: Path, report_json: Path, today: date
) -> Outcome:
    case, briefing, review = folder.case, folder.briefing, folder.review
    assert case is not None and briefing is not None
    target = out / folder.reference / "learning-brief"
    dates = LetterDates(out, folder.reference)
    issued = dates.date("learning-brief/learning-brief.docx", briefing.issued, today)
    allow = [*(review.leak_allow if review else []), *briefing.leak_allow]
    scanner = Scanner(terms_for(case), allow)
    hits: list[Hit] = []
    context = brief_context(folder, issued, today)
    with staged([target]) as (staging,), tempfile.TemporaryDirectory() as scratch:
        staging.mkdir()
        graphic = Path(scratch) / "seven.png"
        briefing_graphic(graphic)
        full = context | briefing_context(folder, graphic)
        for name in FILES:
            render(name.removesuffix(".docx"), full, staging / name, issued, folder.templates)
            hits += scanner.scan_file(staging / name, f"learning-brief/{name}")
            found = check_docx(staging / name, name, language="en-GB")
            result.findings.extend(found)
            result.warnings += [f"Warning: accessibility: {name}: {f.message}" for f in found]
        for hit in hits:
            if not hit.allowed:
                hit.add_to(result.findings, "identifying-text", f"the {hit.place}")
        write_json(report_json, [h.as_dict() for h in hits])
        if not result.ok:
            shutil.rmtree(staging)  # no brief, and no stale one looking current
            return result
        write_json(staging / "manifest.json", _manifest(folder, staging, issued, hits))
    dates.save()
    result.written = [target / name for name in (*FILES, "manifest.json")]
    result.notes.append(f"Leak scan: clean ({sum(1 for h in hits if h.allowed)} allowed hit(s)).")
    due = next(
        (d for d in case_deadlines(folder, today, Findings())[0] if d.rule == _rule(folder)), None
    )
    if due and due.due:
        result.closing.append(f"  {in_words(due, today, WorkingCalendar())} [{due.source}]")
    return result


def _rule(folder: CaseFolder) -> str:
    """The deadline rule that dates this case's learning option ('' when none does)."""
    meeting = folder.meeting
    option = meeting.decision.learning_option if meeting else None
    chosen = folder.partnership.learning_options.get(option or "")
    return chosen.deadline if chosen else ""


def _manifest(
    folder: CaseFolder, staging: Path, issued: date, hits: list[Hit]
) -> dict[str, object]:
    return {
        "case_reference": folder.reference,
        "issued": issued.isoformat(),
        "files": [
            {
                "name": name,
                "bytes": (staging / name).stat().st_size,
                "sha256": hashlib.sha256((staging / name).read_bytes()).hexdigest(),
            }
            for name in FILES
        ],
        "leak_scan": {
            "result": "clean",
            "allowed": [{"text": h.text, "reason": h.allowed} for h in hits if h.allowed],
        },
    }
