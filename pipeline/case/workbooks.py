"""Open a return file, whatever its name says, and read its sheets into plain grids.

The file's content decides what it is (a zip holding xl/workbook.xml is an .xlsx, an OLE2
file an .xls, ...): a file whose name says otherwise is refused with what it really is and
the name to give it. Before python-calamine (several times faster than openpyxl) sees an
.xlsx, .xls or .ods, its sizes are checked against the limits of limits.py; CSV is read by
csvfile.py. Rows start at A1, so grid[r][c] is the cell at row r+1, column c. A formula
cell saved without its value keeps its formula as its text, with a `formula-no-value`
warning naming the cell.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from ..core.findings import Findings, cell_name
from .biff import OLE_MAGIC, xls_scans
from .csvfile import Grid, read_csv, utf16_without_bom
from .limits import (
    LimitError,
    SheetError,
    SheetScan,
    check_extent,
    check_file_size,
    check_parts,
    check_whole,
    open_zip,
    read_part,
    scan_ods,
    scan_xlsx_sheet,
    worksheet_parts,
    xlsx_sheet_parts,
)

__all__ = ["SPREADSHEETS", "SUPPORTED", "Book", "Grid", "LimitError", "SheetError", "open_book"]

SPREADSHEETS = {".xlsx", ".xlsm", ".xls", ".ods"}
SUPPORTED = SPREADSHEETS | {".csv"}
_KIND_OF_SUFFIX = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}
_SUFFIX = {"xlsx": ".xlsx", "xls": ".xls", "ods": ".ods", "csv": ".csv"}
_WHAT = {
    "xlsx": "an Excel .xlsx workbook",
    "xls": "an old-style Excel .xls workbook",
    "ods": "an OpenDocument .ods spreadsheet",
    "csv": "a CSV (text) file",
    "docx": "a Word document",
    "doc": "an old-style Word document",
    "pdf": "a PDF",
    "zip": "a zip archive",
}
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_WORD = "WordDocument".encode("utf-16-le")


class Book:
    """A return file opened for reading: its sheet names, and each sheet's grid on demand
    (SheetError, or LimitError when over a limit)."""

    names: list[str]

    def sheet(self, name: str) -> Grid:
        raise NotImplementedError

    def close(self) -> None:
        """Release the file."""

    def __enter__(self) -> Book:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def open_book(path: Path, label: str, findings: Findings) -> Book:
    """The return at `path` (`label` names it in findings); CSV gives one sheet named ''."""
    check_file_size(path)
    kind = content_kind(path)
    named = _KIND_OF_SUFFIX.get(path.suffix.lower(), "")
    if kind != named:
        if kind in _SUFFIX:
            raise SheetError(
                f"it is {_WHAT[kind]}, though named {path.suffix}: rename it "
                f"{path.stem}{_SUFFIX[kind]} and run again"
            )
        raise SheetError(_refusal(kind, path.suffix))
    if kind == "csv":
        return _CsvBook(read_csv(path, label, findings))
    return _Spreadsheet(path, kind, label, findings)


def read_book(path: Path, label: str, findings: Findings, read: Callable[[Book], None]) -> bool:
    """Open the return at `path` and `read` it; False, with the finding, when it cannot be
    read (too large, not what its name says, damaged): never an exception."""
    try:
        with open_book(path, label, findings) as book:
            read(book)
    except LimitError as exc:
        findings.add(
            "return-too-large", f"{label} is not read: {exc}.", file=label, sheet=exc.sheet
        )
        return False
    except (SheetError, OSError) as exc:
        findings.add("return-unreadable", f"Cannot read {label}: {exc}.", file=label)
        return False
    return True


def content_kind(path: Path) -> str:
    """What the file is by its first bytes: xlsx, xls, ods, csv (any text), or another."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head:
        raise SheetError("the file is empty")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype")[:200] if "mimetype" in names else b""
        except Exception as exc:  # BadZipFile, NotImplementedError...: damaged, all
            raise SheetError(
                f"it is not a readable spreadsheet, it may be damaged ({exc})"
            ) from exc
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names and b"spreadsheet" in mimetype:
            return "ods"
        return "docx" if "word/document.xml" in names else "zip"
    if head.startswith(OLE_MAGIC):
        whole = path.read_bytes()
        if _ENCRYPTED in whole:
            return "encrypted"
        return "doc" if _WORD in whole else "xls"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"%pdf"):
        return "pdf"
    if text.startswith((b"<html", b"<!doctype html", b"<table")) or b"<html" in text[:2048]:
        return "html"
    if text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return "xml2003"
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv" if utf16_without_bom(head[:4096]) else "binary"
    return "csv"


def _refusal(kind: str, suffix: str) -> str:
    if kind == "encrypted":
        return "it is password-protected; ask the agency to send it without a password"
    if kind == "html":
        return (
            f"it is a web page (HTML), not a spreadsheet, though named {suffix} (some systems "
            "export so): open it in Excel and save it as an .xlsx workbook"
        )
    if kind == "xml2003":
        return "it is an Excel 2003 XML file: open it in Excel and save it as an .xlsx workbook"
    if kind in _WHAT:
        return f"it is {_WHAT[kind]}, not a spreadsheet"
    return (
        "it holds binary data, not text or a spreadsheet we know: it may be damaged, or "
        "another kind of file renamed; ask the agency to send it again as .xlsx"
    )


class _CsvBook(Book):
    def __init__(self, grid: Grid) -> None:
        self.names = [""]
        self._grid = grid

    def sheet(self, name: str) -> Grid:
        return self._grid


class _Spreadsheet(Book):
    """An .xlsx, .xls or .ods: checked against the limits, then read by python-calamine."""

    def __init__(self, path: Path, kind: str, label: str, findings: Findings) -> None:
        from python_calamine import CalamineWorkbook

        self.path, self.kind, self.label, self.findings = path, kind, label, findings
        self.scans: dict[str, SheetScan] = {}
        self._parts: dict[str, str] = {}
        if kind == "xls":  # read whole when opened: every sheet checked first
            self.scans = xls_scans(path.read_bytes())
            check_whole(self.scans, ".xls")
        else:
            with open_zip(path) as archive:
                if kind == "ods":  # read whole when opened, as .xls
                    self.scans = scan_ods(read_part(archive, "content.xml"))
                    check_whole(self.scans, ".ods")
                    check_parts(archive, skip={"content.xml"})
                else:  # each sheet is checked when it is read
                    self._parts = xlsx_sheet_parts(archive)
                    check_parts(archive, skip=set(worksheet_parts(archive)))
        try:
            self._book = CalamineWorkbook.from_path(str(path))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # CalamineError, or a panic of the Rust reader
            raise SheetError(_explain(exc)) from exc
        self.names = list(self._book.sheet_names)

    def sheet(self, name: str) -> Grid:
        scan = self._xlsx_scan(name) if self.kind == "xlsx" else self.scans.get(name)
        if scan is not None:
            check_extent(scan, name)
        try:
            sheet = self._book.get_sheet_by_name(name)
            if sheet.end is not None:  # what the reader holds, before it becomes Python values
                check_extent(SheetScan(sheet.end[0] + 1, sheet.end[1] + 1), name)
            grid: Grid = [list(row) for row in sheet.to_python(skip_empty_area=False)]
        except LimitError:
            raise
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # CalamineError, or a panic of the Rust reader
            raise SheetError(_explain(exc)) from exc
        if scan is not None and scan.formulas:
            self._keep_formulas(grid, scan.formulas, name)
        return grid

    def close(self) -> None:
        book = getattr(self, "_book", None)
        if book is not None:
            book.close()

    def _xlsx_scan(self, name: str) -> SheetScan:
        """The sheet's own part; every worksheet part when the workbook does not say which."""
        with open_zip(self.path) as archive:
            known = set(archive.namelist())
            part = self._parts.get(name)
            parts = [part] if part in known else worksheet_parts(archive)
            scans = [scan_xlsx_sheet(read_part(archive, p)) for p in parts if p]
        if len(scans) == 1:
            return scans[0]
        merged = SheetScan()
        for scan in scans:
            check_extent(scan, name)
            merged.rows, merged.columns = (
                max(merged.rows, scan.rows),
                max(merged.columns, scan.columns),
            )
        return merged

    def _keep_formulas(self, grid: Grid, formulas: dict[tuple[int, int], str], name: str) -> None:
        for (r, c), text in sorted(formulas.items()):
            while len(grid) <= r:
                grid.append([])
            row = grid[r]
            if len(row) <= c:
                row.extend([""] * (c + 1 - len(row)))
            if row[c] not in ("", None):
                continue
            row[c] = text
            self.findings.add(
                "formula-no-value",
                f"Cell {cell_name(r + 1, c)} of {name or self.label} holds the formula {text} "
                "saved without its value (by a program other than Excel); the formula is "
                "kept as the cell's text.",
                file=self.label,
                sheet=name,
                cell=cell_name(r + 1, c),
                row=r + 1,
                value=text,
            )


def _explain(error: BaseException) -> str:
    from python_calamine import CalamineError

    reason = str(error)
    lowered = reason.lower()
    if "password" in lowered or "encrypt" in lowered:
        return "it is password-protected; ask the agency to send it without a password"
    if "timedelta" in lowered or "out of bounds" in lowered:
        return (
            "a cell formatted as a date holds a number too large to be one; find it, type "
            f"the date and save the file again ({reason})"
        )
    if not isinstance(error, CalamineError):  # a panic of the Rust reader on a broken file
        return f"it is damaged: the spreadsheet reader failed on it ({reason})"
    if "zip" in lowered or "detect" in lowered or "format" in lowered:
        return f"it is not a readable spreadsheet, it may be damaged ({reason})"
    return f"it could not be read ({reason})"
