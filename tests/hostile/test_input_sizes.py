"""Workbook bombs are refused before the reader sees them (issue 14.6).

A 7 KB .xlsx with one cell at XFD1048576 made python-calamine try to allocate 512 GB and
abort (exit 134); a 7 KB .xls with a far cell on each sheet does the same when opened. Each
is now a `return-too-large` error naming the file, the sheet and the limit, and the
reader never opens it. The real bombs run in their own process under a memory cap; the
limits themselves are tested lowered in-process.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.case import limits

from ..conftest import EXAMPLE, HEADER, chronology, event, write_case, write_xlsx
from .test_input_files import biff, ole, police, refused, validate

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
    '"xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Chronology" sheetId="1" r:id="rId1"/></sheets>'
    "</workbook>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
    'sheet1.xml"/></Relationships>'
)


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row() -> str:
    cells = "".join(text_cell(f"{col}1", name) for col, name in zip("ABCDEFG", HEADER, strict=True))
    row = "".join(
        text_cell(f"{col}2", value)
        for col, value in zip("ABCD", ["01/09/2026", "", "GP", "x"], strict=True)
    )
    return f'<row r="1">{cells}</row><row r="2">{row}</row>'


def sheet_xml(rows: str, dimension: str = "A1:G2", padding: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        f'.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/>{padding}<sheetData>'
        f"{rows}</sheetData></worksheet>"
    )


def xlsx_parts(path: Path, sheet: str) -> Path:
    """An .xlsx written part by part, its one sheet's XML as given."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def case_with_xlsx(tmp_path: Path, sheet: str) -> Path:
    folder = write_case(tmp_path)
    xlsx_parts(folder / "returns" / "police.xlsx", sheet)
    return folder


FAR = text_cell("XFD1048576", "x")
BOMBS = {
    # a cell at the sheet's last row and column: the reader would allocate 512 GB
    "one far cell": (
        sheet_xml(header_row() + f'<row r="1048576">{FAR}</row>', "A1:XFD1048576"),
        "XFD1048576",
    ),
    # the same cell under a dimension that says the sheet is small
    "far cell, small dimension": (
        sheet_xml(header_row() + f'<row r="1048576">{FAR}</row>'),
        "XFD1048576",
    ),
    # a dimension that claims the whole sheet
    "dimension alone": (sheet_xml(header_row(), "A1:XFD1048576"), "XFD1048576"),
    # a far row, no column past G
    "far row": (
        sheet_xml(header_row() + f'<row r="900000">{text_cell("A900000", "x")}</row>'),
        "900,000 rows",
    ),
    # cells without references: each is one column after the last
    "cells without references": (
        sheet_xml(header_row() + '<row r="3">' + "<c><v>1</v></c>" * 500 + "</row>"),
        "columns (the limit is 200, A to GR)",
    ),
    # 5 MB of spaces packed into a few kilobytes: a zip bomb
    "zip bomb": (sheet_xml(header_row(), padding=" " * 5_000_000), "zip bomb"),
}


@pytest.mark.parametrize("case", sorted(BOMBS))
def test_an_xlsx_bomb_is_refused_before_it_is_read(tmp_path: Path, case: str) -> None:
    sheet, says = BOMBS[case]
    folder = case_with_xlsx(tmp_path, sheet)
    assert (folder / "returns" / "police.xlsx").stat().st_size < 30_000
    found = refused(
        folder, tmp_path / "out", "return-too-large", isolated=True, file="returns/police.xlsx"
    )
    assert says in found["message"]
    if case != "zip bomb":
        assert found["sheet"] == "Chronology"


def test_an_xls_with_far_cells_on_every_sheet_is_refused_unopened(tmp_path: Path) -> None:
    sheets = {"Chronology": [(0, 0), (65535, 255)]} | {
        f"S{i}": [(0, 0), (65535, 255)] for i in range(60)
    }
    content = ole({"Workbook": biff(sheets)})
    assert len(content) < 40_000  # 61 sheets of 65,536 x 256: 30 GB to the reader
    folder = police(tmp_path, "police.xls", content)
    found = refused(
        folder, tmp_path / "out", "return-too-large", isolated=True, file="returns/police.xls"
    )
    assert "IV65536" in found["message"] and "(the limit is 200, A to GR)" in found["message"]


def test_an_xls_whose_sheets_together_are_too_big_is_refused(tmp_path: Path) -> None:
    sheets = {f"S{i}": [(0, 0), (40000, 49)] for i in range(3)}
    folder = police(tmp_path, "police.xls", ole({"Workbook": biff(sheets)}))
    found = refused(folder, tmp_path / "out", "return-too-large", isolated=True)
    assert "together span 6,000,150 cells" in found["message"]


def damaged_size_record() -> bytes:
    """A sheet whose size record starts at row 3,604,480 and ends at row 16: the reader
    set aside room for the difference, 1.4 TB (found by fuzzing the example's .xls)."""
    return ole({"Workbook": biff({"Chronology": [(0, 0), (15, 6)]}, first=0x370000)})


def looping_directory() -> bytes:
    """An OLE file whose directory's chain of sectors loops: the reader followed it for
    ever, growing its buffer."""
    data = bytearray(ole({"Workbook": biff({"Chronology": [(0, 0), (15, 6)]})}))
    struct.pack_into("<I", data, 512 + 4, 1)  # the FAT: sector 1 (the directory) -> 1
    return bytes(data)


def oversized_fat() -> bytes:
    """A 5 KB file whose header declares four billion FAT sectors: damaged."""
    data = bytearray(ole({"Workbook": biff({"Chronology": [(0, 0), (15, 6)]})}))
    struct.pack_into("<I", data, 0x2C, 0xFFFFFFF0)
    return bytes(data)


@pytest.mark.parametrize("make", [damaged_size_record, looping_directory, oversized_fat])
def test_a_damaged_xls_that_would_exhaust_the_reader_is_refused(
    tmp_path: Path, make: Callable[[], bytes]
) -> None:
    folder = police(tmp_path, "police.xls", make())
    found = refused(
        folder, tmp_path / "out", "return-unreadable", isolated=True, file="returns/police.xls"
    )
    assert "damaged" in found["message"]


def test_a_shared_string_count_past_the_limit_is_refused(tmp_path: Path) -> None:
    """The reader sets aside room for the count the list declares: 2.4 TB here."""
    folder = case_with_xlsx(tmp_path, sheet_xml(header_row()))
    path = folder / "returns" / "police.xlsx"
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org'
            '/spreadsheetml/2006/main" count="1" uniqueCount="99999999999"><si><t>x</t></si>'
            "</sst>",
        )
    found = refused(
        folder, tmp_path / "out", "return-too-large", isolated=True, file="returns/police.xlsx"
    )
    assert "shared strings" in found["message"]


def test_a_zip_declaring_too_many_parts_is_refused(tmp_path: Path) -> None:
    folder = case_with_xlsx(tmp_path, sheet_xml(header_row()))
    path = folder / "returns" / "police.xlsx"
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 65535, 65535)
    path.write_bytes(bytes(data))
    found = refused(
        folder, tmp_path / "out", "return-too-large", isolated=True, file="returns/police.xlsx"
    )
    assert "65,535 parts" in found["message"]


def test_an_ods_bomb_is_refused(tmp_path: Path) -> None:
    """A row of content repeated a million times (LibreOffice repeats empty ones: fine)."""
    source = zipfile.ZipFile(EXAMPLE / "returns" / "health-visiting.ods")
    content = source.read("content.xml").decode()
    first_row_end = content.index("</table:table-row>") + len("</table:table-row>")
    bomb = (
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
        'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
    )
    folder = write_case(tmp_path)
    with zipfile.ZipFile(folder / "returns" / "police.ods", "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content.xml":
                data = (content[:first_row_end] + bomb + content[first_row_end:]).encode()
            target.writestr(info, data)
    found = refused(
        folder, tmp_path / "out", "return-too-large", isolated=True, file="returns/police.ods"
    )
    assert "1,000,0" in found["message"]


def test_a_part_that_lies_about_its_size_is_not_read(tmp_path: Path) -> None:
    folder = case_with_xlsx(tmp_path, sheet_xml(header_row(), padding=" " * 50_000))
    path = folder / "returns" / "police.xlsx"
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    declared = info.file_size.to_bytes(4, "little")
    for at in [i for i in range(len(data) - 3) if data[i : i + 4] == declared]:
        data[at : at + 4] = (1000).to_bytes(4, "little")  # the local and central headers
    path.write_bytes(bytes(data))
    found = refused(folder, tmp_path / "out", "return-unreadable", file="returns/police.xlsx")
    assert "damaged" in found["message"]


LOWERED = {
    "rows": ("MAX_ROWS", 20, "21 rows (the limit is 20)"),
    "columns": ("MAX_COLUMNS", 5, "7 columns (the limit is 5, A to E)"),
    "cells": ("MAX_CELLS", 100, "147 cells (the limit is 100)"),
    "part size": ("MAX_PART_BYTES", 2000, "over 2,000 bytes uncompressed"),
    "file size": ("MAX_FILE_BYTES", 1000, "over the limit of 1,000 bytes"),
}


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """One 20-row return as .xlsx, and as .ods and .xls saved by LibreOffice."""
    folder = tmp_path_factory.mktemp("forms")
    rows = [event(f"{d:02d}/09/2026") for d in range(1, 21)]
    book = write_xlsx(folder / "police.xlsx", chronology(*rows))
    made = {"police.xlsx": book.read_bytes()}
    if shutil.which("soffice"):
        for fmt in ("ods", "xls"):
            subprocess.run(
                ["soffice", "--headless", "--convert-to", fmt, "--outdir", str(folder), str(book)],
                check=True,
                capture_output=True,
                timeout=120,
            )
            made[f"police.{fmt}"] = (folder / f"police.{fmt}").read_bytes()
    return made


@pytest.mark.parametrize("form", ["police.xlsx", "police.ods", "police.xls"])
@pytest.mark.parametrize("limit", sorted(LOWERED))
def test_each_limit_refuses_what_is_over_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    forms: dict[str, bytes],
    limit: str,
    form: str,
) -> None:
    name, value, says = LOWERED[limit]
    if form.endswith(".xls") and limit == "part size":
        pytest.skip("an .xls has no parts")
    if form not in forms:
        pytest.skip("LibreOffice is not installed: apt-get install libreoffice-calc-nogui")
    folder = police(tmp_path, form, forms[form])
    code, _ = validate(folder, tmp_path / "out-before")
    assert code == 0
    monkeypatch.setattr(limits, name, value)
    found = refused(folder, tmp_path / "out", "return-too-large", file=f"returns/{form}")
    assert says in found["message"], found["message"]
