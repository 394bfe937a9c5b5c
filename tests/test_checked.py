"""Commands that use no chronology row read the returns' Summaries only (issue 17: a
referral form for a case of 60,000 rows took 0.74 s, 0.45 s of it reading rows). The case
page and `cspr status` still show every finding on every return's rows: kept from the last
full check while the return, and what its rows are checked against, is unchanged; a
changed return is read in full (case/checked.py)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import yaml
from markupsafe import escape

from pipeline.case.checked import CHECKED, complete
from pipeline.case.validate import validate_case
from pipeline.core.findings import Findings

from .conftest import run


def listed(findings: Findings) -> list[tuple[object, ...]]:
    return sorted((f.code, f.file, f.sheet, f.cell, f.row or 0, f.message) for f in findings)


def on_rows(findings: Findings) -> list[tuple[object, ...]]:
    return [f for f in listed(findings) if f[4]]


def kept(out: Path, example: Path) -> list[Path]:
    return sorted((out / example.name / CHECKED).glob("*.json"))


def test_without_rows_only_the_summaries_are_read(example: Path) -> None:
    full, light = validate_case(example), validate_case(example, rows=False)
    assert full.rows and all(r.rows for r in full.returns.values())
    assert not light.rows and not any(r.rows for r in light.returns.values())
    assert {k: r.summary for k, r in light.returns.items()} == {
        k: r.summary for k, r in full.returns.items()
    }
    on_chronologies = [
        f for f in on_rows(light.findings) if f[1].startswith("returns/") and f[2] != "Summary"
    ]
    assert on_rows(full.findings) and not on_chronologies


def test_completed_findings_are_the_full_checks_whether_kept_or_read(
    example: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    full = listed(validate_case(example).findings)

    first = complete(validate_case(example, rows=False), out)  # nothing kept: all read
    assert listed(first.findings) == full
    assert all(r.rows for r in first.returns.values())
    assert len(kept(out, example)) == len(first.returns)

    again = complete(validate_case(example, rows=False), out)  # all kept: none read
    assert listed(again.findings) == full
    assert not any(r.rows for r in again.returns.values())

    police = example / "returns" / "police.xlsx"  # the police send a new version
    book = openpyxl.load_workbook(police)
    sheet = next(s for s in book.worksheets if "chronology" in s.title.lower())
    sheet.append(["31/12/2026", "PC Late", "After the incident"])
    book.save(police)
    changed = complete(validate_case(example, rows=False), out)
    assert listed(changed.findings) == listed(validate_case(example).findings) != full
    assert "date-after-incident" in {
        f.code for f in changed.findings if f.file.endswith("police.xlsx")
    }
    assert [k for k, r in changed.returns.items() if r.rows] == ["police"]  # only it read
    assert len(kept(out, example)) == len(first.returns)  # its old check replaced

    case = yaml.safe_load((example / "case.yaml").read_text())  # rows are checked against it
    case["incident"]["date"] = case["incident"]["date"].replace(year=2025)
    (example / "case.yaml").write_text(yaml.safe_dump(case, sort_keys=False))
    moved = complete(validate_case(example, rows=False), out)
    assert listed(moved.findings) == listed(validate_case(example).findings)
    assert all(r.rows for r in moved.returns.values())


def test_a_damaged_kept_check_is_read_again_not_believed(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    complete(validate_case(example, rows=False), out)
    for path in kept(out, example):
        path.write_text(json.dumps([["no-such-code", "x", "", "", "", None, "", "", ""]]))
    again = complete(validate_case(example, rows=False), out)
    assert listed(again.findings) == listed(validate_case(example).findings)


def test_the_page_after_a_command_without_rows_shows_the_rows_findings(
    example: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = (str(example), "--out", str(out), "--today", "2026-11-22")
    assert run("validate", *args).exit_code == 0
    report = json.loads((out / example.name / "validation.json").read_text())
    messages = [f["message"] for f in report if f["row"] and f["sheet"].lower() != "summary"]
    assert messages
    police = example / "returns" / "police.xlsx"  # changed after validate: read for the page
    book = openpyxl.load_workbook(police)
    sheet = next(s for s in book.worksheets if "chronology" in s.title.lower())
    sheet.append(["31/12/2026", "PC Late", "After the incident"])
    book.save(police)

    result = run("referral-form", *args)
    assert result.exit_code == 0, result.output
    page = (out / example.name / "index.html").read_text()
    for message in messages:
        assert escape(message) in page
    assert "is after the incident on 09/11/2026" in page  # the new row, found for the page
    status = run("status", *args)
    assert "police" in status.output
    assert status.output == run("status", *args).output
