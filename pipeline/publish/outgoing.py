"""`cspr panel-pack`, read before it goes: every document of the pack for the National
Panel and the agencies is scanned for identifying text. The pack is not published, so a
hit is a warning to read before sending (the Combined Summary's free-text summary of
events may name the child where its facts table gives the pseudonym), not a refusal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..case.load import load_case
from ..core.findings import Findings
from ..core.outcome import Outcome
from ..documents.panel import build_panel_pack
from .leaks import Scanner, terms_for


def build_checked_panel_pack(case: Path, out: Path, today: date) -> Outcome:
    """The panel pack (documents/panel.py), then each document scanned: every hit a
    `identifying-in-pack` warning naming the file, the place and the text."""
    result = build_panel_pack(case, out, today)
    if not result.ok:
        return result
    folder = load_case(case, Findings())
    if folder.case is None:
        return result
    # the case's own terms only: the pack's letters carry the partnership's address, email
    # and phone, so the generic patterns (postcodes, phones, emails) would fire on every one
    terms = [t for t in terms_for(folder.case) if not t.generic]
    allow = folder.review.leak_allow if folder.review else []
    scanner = Scanner(terms, allow)
    for path in result.written:
        label = path.relative_to(out / folder.reference).as_posix()
        for hit in scanner.scan_file(path, label):
            if hit.allowed:
                continue
            result.findings.add(
                "identifying-in-pack",
                f"{hit.what.capitalize()} in {label} ({hit.place}): '...{hit.context}...'",
                file=label,
                sheet=hit.part,
                field=hit.place,
                value=hit.text,
            )
            result.warnings.append(
                f"Warning: {hit.what} in {label} ({hit.place}): '...{hit.context}...'. "
                "Check it before the pack is sent."
            )
    return result
