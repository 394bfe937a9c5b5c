"""`cspr publish-pack`: the publication pack, built only when nothing identifying is in it.

Everything is made in a staging folder, scanned by the leak scan (with the reviewer's
original report, every part of it), checked for accessibility (each .docx and PDF), and
only then moved into place as OUT/<reference>/publish-pack/. Any unallowed hit, or an
accessibility problem that review.yaml's accessibility_allow does not let through: no pack
at all (an earlier one is removed too), leak-report.json lists every hit, exit 1. Any other
failure (an error the user can fix, or a bug: exit 3) removes an earlier pack the same way,
so a pack never looks current when this run did not make it. The staging folder has
a unique name and the swap takes a lock, so parallel runs never clash.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..case.load import REFERENCE
from ..case.model import AccessibilityAllow, CaseFolder
from ..case.validate import validate_case
from ..core.errors import InputError
from ..core.files import read_input, staged, write_json, write_text
from ..core.findings import Finding, Findings
from ..core.outcome import Outcome, warning_lines
from ..core.wording import long_date, plural
from ..core.workdays import WorkingCalendar
from ..documents.action_plan import write_action_plan
from ..documents.letters import recipients
from ..documents.publication import (
    briefing_checks,
    briefing_context,
    nspcc_text,
    publication_context,
)
from ..office.pictures import briefing_graphic
from ..office.render import render
from ..rules.engine import load_rules
from .a11y import allowed_by
from .clean import clean_report, tracked_changes
from .leaks import Hit, Scanner, terms_for
from .pdf import page_count, to_pdfs
from .signoff import unsigned

REPORT = Path("report") / "final-report.docx"
NOTICE = "notice-to-national-bodies"  # the notice that goes with the report before publication
# A check of each PDF of the pack (the accessibility check): its findings, errors refusing
# the pack as leak-scan hits do. None: pdfcheck.check_pdf.
PdfCheck = Callable[[Path], Sequence[Finding]]
Excused = tuple[Finding, AccessibilityAllow]  # a problem review.yaml lets through, and why


@dataclass
class Pack(Outcome):
    """The publication pack's outcome, with every leak-scan hit (allowed ones too)."""

    hits: list[Hit] = field(default_factory=list)


def build_publish_pack(
    case: Path, out: Path, today: date, check_pdf: PdfCheck | None = None
) -> Pack:
    """`cspr publish-pack`: the pack in OUT/<reference>/publish-pack/, only when the leak
    scan finds nothing unallowed (and `check_pdf`, if given, no error in any PDF); else no
    pack, leak-report.json and the hits as findings."""
    validation = validate_case(case, rows=False)  # the pack uses no chronology row
    pack = Pack(Findings(validation.findings))
    folder = validation.folder
    target = out / folder.reference / "publish-pack"
    if not validation.ok or folder.case is None:
        if folder.path.is_dir() and REFERENCE.match(folder.reference):
            shutil.rmtree(target, ignore_errors=True)  # no stale pack beside the errors
        return pack
    checked = briefing_checks(folder, validation.returns)
    pack.findings.extend(checked)
    pack.warnings += warning_lines(checked)
    try:
        report_json = out / folder.reference / "leak-report.json"
        return _build(folder, pack, target, report_json, today, check_pdf)
    except BaseException:
        # A failure the scan did not decide (a CsprError: exit 1; a bug: exit 3; an
        # interrupt): remove the previous pack and its leak report as a refusal does,
        # so neither looks like the result of this run.
        shutil.rmtree(target, ignore_errors=True)
        (out / folder.reference / "leak-report.json").unlink(missing_ok=True)
        raise


def _build(
    folder: CaseFolder,
    pack: Pack,
    target: Path,
    report_json: Path,
    today: date,
    check_pdf: PdfCheck | None,
) -> Pack:
    """The pack after the case validated: checks, leak scan, staging, swap."""
    _check_ready(folder, pack.findings)
    signed = unsigned(folder, today)  # every step of the sign-off chain recorded
    pack.findings.extend(signed)
    pack.warnings += warning_lines(signed.warnings)
    if pack.findings.errors:
        shutil.rmtree(target, ignore_errors=True)
        return pack
    review = folder.review
    assert review is not None and folder.case is not None
    report = read_input(folder.path / REPORT, "the reviewer's report")
    if not zipfile.is_zipfile(io.BytesIO(report)):
        raise InputError(
            f"The reviewer's report {folder.path / REPORT} is not a Word .docx file (it may be "
            "damaged, or another format renamed). Open it in Word and save it as .docx."
        )
    changes = tracked_changes(report)
    if changes:
        pack.findings.add(
            "report-tracked-changes",
            f"{REPORT} still holds tracked changes ("
            + ", ".join(f"{n} {kind} in {part}" for part, kind, n in changes)
            + "); a person must decide what they mean.",
            file=str(REPORT),
        )
    scanner = Scanner(terms_for(folder.case), review.leak_allow)
    pack.hits = scanner.scan_package(report, str(REPORT))
    with staged([target]) as (staging,):
        staging.mkdir()
        files = _write_pack(folder, report, staging, today)
        for file in files:
            pack.hits += scanner.scan_file(file, f"publish-pack/{file.name}")
        for hit in pack.hits:
            if not hit.allowed:
                hit.add_to(pack.findings, "identifying-text", f"the {hit.place}")
        write_json(report_json, [h.as_dict() for h in pack.hits])
        checked = accessibility_of(files, check_pdf)
        excused = _excuse(checked, review.accessibility_allow)
        for found in checked.values():
            pack.findings.extend(found)  # errors: no pack
        if any(excused.values()):
            count = sum(len(e) for e in excused.values())
            pack.notes.append(
                f"Accessibility: {count} problem(s) let through by review.yaml's "
                "accessibility_allow, each with its reason in the manifest."
            )
        if pack.findings.errors:
            # No pack, and no stale one looking current: a staged target left unwritten
            # is removed when the block ends.
            shutil.rmtree(staging)
            return pack
        manifest = _manifest(folder, files, today, pack.hits, scanner, excused)
        write_json(staging / "manifest.json", manifest)
    pack.written = sorted(target.iterdir())
    allowed = [h for h in pack.hits if h.allowed]
    pack.notes.append(f"Leak scan: clean ({len(allowed)} allowed hit(s) listed in the manifest).")
    return pack


def accessibility_of(
    files: list[Path], check_pdf: PdfCheck | None = None
) -> dict[str, list[Finding]]:
    """The accessibility check of each .docx and PDF of the pack (`check_pdf` replaces the
    PDF check in tests). Our documents must say en-GB; the reviewer's report, a language."""
    from .accessibility import check_docx
    from .pdfcheck import check_pdf as pdf_check

    checked: dict[str, list[Finding]] = {}
    for file in files:
        if file.suffix == ".docx":
            language = None if file.name == REPORT.name else "en-GB"
            checked[file.name] = list(check_docx(file, file.name, language=language))
        elif file.suffix == ".pdf":
            found = check_pdf(file) if check_pdf else pdf_check(file, file.name)
            checked[file.name] = list(found)
    return checked


def _check_ready(folder: CaseFolder, findings: Findings) -> None:
    """What the pack needs, and the report-to-the-Panel timing."""
    review = folder.review
    needs = []
    if review is None:
        needs.append("review.yaml")
    if folder.briefing is None:
        needs.append("briefing.yaml (the 7-minute briefing)")
    if not (folder.path / REPORT).is_file():
        needs.append(str(REPORT))
    publication = review.publication if review else None
    if review and not (publication and publication.planned_date):
        needs.append("publication.planned_date in review.yaml")
    if review and not (publication and publication.report_sent_to_panel):
        needs.append("publication.report_sent_to_panel in review.yaml")
    for item in needs:
        findings.add(
            "publication-incomplete",
            f"The publication pack needs {item}.",
            file=item.split(" ")[0] if "/" in item or item.endswith(".yaml") else "review.yaml",
        )
    if (
        needs
        or publication is None
        or not publication.planned_date
        or not publication.report_sent_to_panel
    ):
        return
    days = report_days(folder)
    if days is None:
        findings.add(
            "rule-invalid",
            "The publication check needs the 'report-to-panel' rule, counted in working days "
            "before publication; the partnership's rules have none.",
            file="partnership.yaml",
            field="deadlines.report-to-panel",
        )
        return
    cal = WorkingCalendar()
    earliest = cal.add(publication.report_sent_to_panel, days)
    gap = cal.count(publication.report_sent_to_panel, publication.planned_date)
    if publication.planned_date < earliest:
        findings.add(
            "publication-too-early",
            f"The report went to {recipients(folder.partnership, NOTICE)['names']} on "
            f"{long_date(publication.report_sent_to_panel)}, only "
            f"{plural(gap, 'working day')} before the planned publication on "
            f"{long_date(publication.planned_date)};"
            f" it must go at least {days} working days before. The earliest allowed "
            f"publication date is {long_date(earliest)}.",
            file="review.yaml",
            field="publication.planned_date",
            value=publication.planned_date.isoformat(),
        )


def report_days(folder: CaseFolder) -> int | None:
    """The partnership's working days between sending the report and publishing it: the
    `report-to-panel` rule's; None when the rule set has no such rule in working days."""
    rule = next(
        (r for r in load_rules(folder.partnership, Findings()) if r.id == "report-to-panel"), None
    )
    return rule.offset.working_days if rule else None


def _write_pack(folder: CaseFolder, report: bytes, staging: Path, today: date) -> list[Path]:
    case, review, briefing = folder.case, folder.review, folder.briefing
    assert case is not None and review is not None and briefing is not None
    publication = review.publication
    assert publication.planned_date and publication.report_sent_to_panel
    context = publication_context(folder, today)
    files = [staging / "final-report.docx"]
    files[0].write_bytes(clean_report(report, today, str(context["title"])))
    with tempfile.TemporaryDirectory() as scratch:
        graphic = Path(scratch) / "seven.png"
        briefing_graphic(graphic)
        files.append(staging / "7-minute-briefing.docx")
        seven = context | briefing_context(folder, graphic)
        render("7-minute-briefing", seven, files[-1], today, folder.templates)
    # The PDFs, next to their .docx, in one LibreOffice run.
    briefing_title = str(seven["briefing"]["title"])
    if "briefing" not in briefing_title.lower():
        briefing_title = f"7-minute briefing: {briefing_title}"
    jobs = [(files[0], str(context["title"])), (files[1], briefing_title)]
    report_pdf, briefing_pdf = to_pdfs(
        [(docx, docx.with_suffix(".pdf"), title) for docx, title in jobs],
        author=folder.partnership.name,
        produced=today,
    )
    files[1:1] = [report_pdf]
    files[3:3] = [briefing_pdf]
    files.append(staging / "notice-to-national-bodies.docx")
    sent = publication.report_sent_to_panel
    render("notice-to-national-bodies", context, files[-1], sent, folder.templates)
    files.append(staging / "action-plan.xlsx")
    write_action_plan(folder, files[-1], today)
    files.append(staging / "nspcc-repository-submission.txt")
    write_text(files[-1], nspcc_text(folder, context))
    return files


def _manifest(
    folder: CaseFolder,
    files: list[Path],
    today: date,
    hits: list[Hit],
    scanner: Scanner,
    excused: dict[str, list[Excused]] | None = None,
) -> dict[str, Any]:
    allowed: dict[tuple[str, str], int] = {}
    for hit in hits:
        if hit.allowed:
            key = (hit.text, hit.allowed)
            allowed[key] = allowed.get(key, 0) + 1
    return {
        "case_reference": folder.reference,
        "built": today.isoformat(),
        "files": [_entry(f, excused) for f in files],
        "leak_scan": {
            "result": "clean",
            "scanned": [str(REPORT)] + [f"publish-pack/{f.name}" for f in files],
            "patterns": len(scanner.terms),
            "allowed": [{"text": t, "reason": r, "hits": n} for (t, r), n in allowed.items()],
        },
    }


def _entry(file: Path, excused: dict[str, list[Excused]] | None) -> dict[str, Any]:
    """A file's manifest entry; a PDF's has its page count; a PDF's and a .docx's, the
    accessibility result with every problem let through and why."""
    entry: dict[str, Any] = {
        "name": file.name,
        "bytes": file.stat().st_size,
        "sha256": hashlib.sha256(file.read_bytes()).hexdigest(),
    }
    if file.suffix == ".pdf":
        entry["pages"] = page_count(file)
    if file.suffix in (".pdf", ".docx"):
        entry["accessibility"] = _accessibility(excused, file.name)
    return entry


def _accessibility(excused: dict[str, list[Excused]] | None, name: str) -> Any:
    """A built pack's file passed, or passed with problems review.yaml lets through."""
    if excused is None:
        return "not checked"
    let_through = excused.get(name, [])
    return {
        "result": "passed with allowed exceptions" if let_through else "passed",
        "allowed": [
            {
                "rule": f.field,
                "place": f.value,
                "part": f.sheet,
                "message": f.message,
                "reason": entry.reason,
            }
            for f, entry in let_through
        ],
    }


def _excuse(
    checked: dict[str, list[Finding]], allow: Sequence[AccessibilityAllow]
) -> dict[str, list[Excused]]:
    """Take out of `checked` every finding an `accessibility_allow` entry of review.yaml lets
    through; those, with the entry, by file."""
    excused: dict[str, list[Excused]] = {}
    for name, found in checked.items():
        excused[name] = [(f, e) for f in found if (e := allowed_by(f, name, allow))]
        found[:] = [f for f in found if not allowed_by(f, name, allow)]
    return excused
