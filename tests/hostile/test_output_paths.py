"""Where outputs go, and how big a cell may be (issue 14.11, the output side).

`CASE=cases/X/returns/..` is the case folder X (its outputs in OUT/X/, never beside
OUT); an --out inside the folder that holds the case folders is refused with exit 1;
a cell over Excel's 32,767 characters is cut to fit with a `cell-too-long` warning
naming the return file and row, and the .docx keeps the full text."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pipeline.chronology.build import build
from pipeline.office.excel import CELL_MAX, fit_cell, utf16_length

from ..conftest import base_case, cspr, run, text_of, write_case

TODAY = ("--today", "2026-11-22")
CASE = "cases/NS-2026-011"  # the example fixture's copy, relative to tmp_path


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def every_file(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file()}


# --- CASE=.../returns/.. -------------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "chronology", "deadlines"])
def test_a_case_path_ending_in_dot_dot_writes_inside_out_under_the_real_name(
    example: Path, tmp_path: Path, command: str
) -> None:
    inputs = digest(tmp_path / "cases")
    result = cspr(command, f"{CASE}/returns/..", "--out", "OUT", *TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = every_file(tmp_path / "OUT")
    assert written and all(p.parts[0] == "NS-2026-011" for p in written), written
    outside = {p for p in every_file(tmp_path) if p.parts[0] != "cases"}
    assert outside == {Path("OUT") / p for p in written}  # not OUT/../validation.json
    assert digest(tmp_path / "cases") == inputs


def test_a_case_given_as_dot_is_the_current_folder(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "OUT"
    result = cspr("validate", ".", "--out", out, cwd=example)
    assert result.returncode == 0, result.stderr
    assert (out / "NS-2026-011" / "validation.json").exists()
    assert json.loads((out / "NS-2026-011" / "validation.json").read_text()) is not None


# --- --out among the case folders ----------------------------------------------------


@pytest.mark.parametrize(
    "out", ["cases", "cases/output", f"{CASE}", f"{CASE}/returns/out", "cases/../cases/x"]
)
@pytest.mark.parametrize("command", ["validate", "chronology", "publish-pack"])
def test_an_out_folder_inside_cases_is_refused(
    example: Path, tmp_path: Path, out: str, command: str
) -> None:
    inputs = every_file(tmp_path / "cases"), digest(tmp_path / "cases")
    result = cspr(command, CASE, "--out", out, *TODAY, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"The output folder {out} is inside" in result.stderr
    assert "--out" in result.stderr  # what to do
    assert (every_file(tmp_path / "cases"), digest(tmp_path / "cases")) == inputs


def test_the_tracker_refuses_an_out_folder_inside_cases(example: Path, tmp_path: Path) -> None:
    inputs = every_file(tmp_path / "cases")
    result = cspr("tracker", "cases", "--out", "cases/tracker", *TODAY, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "is inside cases" in result.stderr
    assert every_file(tmp_path / "cases") == inputs


def test_an_out_folder_beside_cases_is_accepted(example: Path, tmp_path: Path) -> None:
    result = cspr("validate", CASE, "--out", "cases-output", *TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cases-output" / "NS-2026-011" / "validation.json").exists()


# --- cells over Excel's limit --------------------------------------------------------

LONG = "The practitioner's running record. " * 1200  # 42,000 characters


def long_case(tmp_path: Path) -> Path:
    folder = write_case(tmp_path, base_case())
    lines = [
        "Date,Time,Source,Event,Action,Significance,Key event,Agency ref",
        f'01/09/2026,10:00,Social worker,"{LONG}",Visit,,N,"{LONG}"',
        "02/09/2026,11:00,Social worker,A short entry,,,N,R2",
    ]
    (folder / "returns" / "police.csv").write_text("\n".join(lines) + "\n")
    return folder


def test_a_cell_over_excels_limit_is_cut_with_a_warning_and_whole_in_the_docx(
    tmp_path: Path,
) -> None:
    folder = long_case(tmp_path)
    inputs = digest(folder.parent)
    out = tmp_path / "out"
    result = run("chronology", folder, "--out", out, *TODAY)
    assert result.exit_code == 0, result.output
    assert "over Excel's limit of 32,767" in result.output
    assert "police.csv, row 2" in result.output
    book = openpyxl.load_workbook(out / folder.name / "multi-agency-chronology.xlsx")
    sheet = book["Chronology"]
    event, extra = sheet["E2"].value, sheet["M2"].value
    assert isinstance(event, str) and isinstance(extra, str)
    assert len(event) <= CELL_MAX and len(extra) <= CELL_MAX
    assert event.startswith(LONG.strip()[:1000]) and event.endswith("in a cell]")
    assert sheet["E3"].value == "A short entry"  # the next row is untouched
    document = text_of(out / folder.name / "multi-agency-chronology.docx")
    assert LONG.strip() in document  # the full text
    assert digest(folder.parent) == inputs


def test_the_warning_is_a_finding_naming_the_file_row_and_column(tmp_path: Path) -> None:
    folder = long_case(tmp_path)
    validation, chron = build(folder, tmp_path / "out", date(2026, 11, 22))
    assert chron is not None
    cut = [f for f in validation.findings if f.code == "cell-too-long"]
    assert [(f.file, f.row, f.field) for f in cut] == [
        ("returns/police.csv", 2, "Event"),
        ("returns/police.csv", 2, "Agency ref"),
    ]
    assert all(f.severity == "warning" for f in cut)
    event, extra = cut
    assert "multi-agency-chronology.xlsx (sheet Chronology, cell E2)" in event.message
    assert "the full text is in multi-agency-chronology.docx" in event.message
    assert "the full text is in the return (returns/police.csv, row 2)" in extra.message


def test_fit_cell_counts_as_excel_does() -> None:
    assert fit_cell("short") == ("short", False)
    exact = "x" * CELL_MAX
    assert fit_cell(exact) == (exact, False)
    wide = "\U0001f600" * 20000  # 40,000 UTF-16 units in 20,000 characters
    fitted, cut = fit_cell(wide)
    assert cut and utf16_length(fitted) <= CELL_MAX
