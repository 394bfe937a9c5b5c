"""`cspr panel-pack`, read before it goes: the pack for the National Panel and the agencies
gets a tagged PDF beside each .docx, and every document and PDF is scanned for identifying
text and checked for accessibility. The pack is not published, so a hit or a failed check is
a warning to read before sending (the Combined Summary's free-text summary of events may
name the child where its facts table gives the pseudonym), not a refusal."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..case.load import load_case
from ..case.model import CaseFolder
from ..core.findings import Finding, Findings
from ..core.outcome import Outcome
from ..documents.panel import build_panel_pack
from .accessibility import check_docx
from .leaks import Scanner, terms_for
from .pdf import INSTALL, ToolMissing, to_pdfs
from .pdfcheck import check_pdf

CODE = "accessibility-in-pack"


def build_checked_panel_pack(case: Path, out: Path, today: date) -> Outcome:
    """The panel pack (documents/panel.py) and its PDFs; then each file scanned (every hit an
    `identifying-in-pack` warning naming the file, the place and the text) and checked for
    accessibility (every problem an `accessibility-in-pack` warning)."""
    result = build_panel_pack(case, out, today)
    if not result.ok:
        return result
    folder = load_case(case, Findings())
    if folder.case is None:
        return result
    base = out / folder.reference
    documents = [p for p in result.written if p.suffix == ".docx"]
    result.written += _pdfs(folder, documents, base, today, result)
    # the case's own terms only: the pack's letters carry the partnership's address, email
    # and phone, so the generic patterns (postcodes, phones, emails) would fire on every one
    terms = [t for t in terms_for(folder.case) if not t.generic]
    allow = folder.review.leak_allow if folder.review else []
    scanner = Scanner(terms, allow)
    seen: dict[Path, set[str]] = {}  # what each .docx names: its PDF says it again
    for path in result.written:
        label = path.relative_to(base).as_posix()
        named = seen.setdefault(path.with_suffix(""), set())
        for hit in scanner.scan_file(path, label):
            if hit.allowed or (path.suffix == ".pdf" and hit.text in named):
                continue
            named.add(hit.text)
            hit.add_to(result.findings, "identifying-in-pack", f"{label} ({hit.place})")
            result.warnings.append(
                f"Warning: {hit.what} in {label} ({hit.place}): '...{hit.context}...'. "
                "Check it before the pack is sent."
            )
    for found in _accessibility(result.written, base):
        result.findings.append(found)
        result.warnings.append(
            f"Warning: accessibility: {found.file}: {found.message} ({found.field}: "
            f"{found.value or found.sheet})."
        )
    return result


def _pdfs(
    folder: CaseFolder, documents: list[Path], base: Path, today: date, result: Outcome
) -> list[Path]:
    """A tagged PDF beside each document, titled with its own title and the case reference
    (never a name), the partnership as author; without LibreOffice, none (and no stale
    ones), and a warning naming the install command."""
    for document in documents:
        document.with_suffix(".pdf").unlink(missing_ok=True)  # none left from an earlier run
    assert folder.case is not None
    names = {a.key: a.name for a in folder.case.agencies}
    jobs = [(d, d.with_suffix(".pdf"), _title(d, base, folder.reference, names)) for d in documents]
    try:
        return to_pdfs(jobs, author=folder.partnership.name, produced=today)
    except ToolMissing:
        result.warnings.append(
            "Warning: the PDFs were skipped: LibreOffice is not installed (no 'soffice'). "
            f"Install it ({INSTALL}) and run the command again to have them."
        )
        return []


def _title(document: Path, base: Path, reference: str, agencies: dict[str, str]) -> str:
    """A PDF's title: the document's own (its properties' title, from the template), the
    addressee agency for an outcome letter, and the case reference."""
    from docx import Document

    title = (Document(str(document)).core_properties.title or "").strip()
    title = title or document.stem.replace("-", " ").capitalize()
    relative = document.relative_to(base)
    if relative.parts[0] == "outcome-letters" and document.stem in agencies:
        title = f"{title} ({agencies[document.stem]})"
    return f"{title}: {reference}"


def _accessibility(files: Iterable[Path], base: Path) -> list[Finding]:
    """The publication pack's accessibility checks on every .docx and PDF, as warnings."""
    found: list[Finding] = []
    for path in files:
        label = path.relative_to(base).as_posix()
        if path.suffix == ".docx":
            checked = check_docx(path, label, language="en-GB")
        elif path.suffix == ".pdf":
            checked = check_pdf(path, label)
        else:
            continue
        found += [dataclasses.replace(f, code=CODE) for f in checked]
    return found
