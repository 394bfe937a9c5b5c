"""Read a spreadsheet or CSV file into plain grids of cell values.

python-calamine reads .xlsx, .xls and .ods (and is several times faster than
openpyxl); CSV is read as UTF-8 (with or without BOM) or Windows-1252.
Rows start at A1, so grid[r][c] is the cell at row r+1, column c.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

SPREADSHEETS = {".xlsx", ".xlsm", ".xls", ".ods"}
SUPPORTED = SPREADSHEETS | {".csv"}
Grid = list[list[object]]


class SheetError(Exception):
    """The file cannot be read as a spreadsheet; the message says why."""


def read_workbook(path: Path) -> dict[str, Grid]:
    """Every sheet of the file, by its name as written; CSV gives one sheet named ''."""
    if path.suffix.lower() == ".csv":
        return {"": read_csv(path)}
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        grids: dict[str, Grid] = {}
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            grids[name] = [list(row) for row in rows]
        return grids
    except (CalamineError, OSError, ValueError) as exc:
        raise SheetError(_explain(str(exc))) from exc


def read_csv(path: Path) -> Grid:
    """The rows of a CSV return (UTF-8, with or without BOM, or Windows-1252; comma, semicolon
    or tab); SheetError when it is not a text CSV."""
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise SheetError("it is not a text CSV file (it may be a spreadsheet saved as .csv)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetError("its text encoding is not UTF-8 or Windows-1252")
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise SheetError(f"it is not a well-formed CSV file ({exc})") from exc


def _explain(reason: str) -> str:
    lowered = reason.lower()
    if "password" in lowered or "encrypt" in lowered:
        return "it is password-protected; ask the agency to send it without a password"
    if "zip" in lowered or "detect" in lowered or "format" in lowered:
        return f"it is not a readable spreadsheet, it may be damaged ({reason})"
    return f"it could not be read ({reason})"
