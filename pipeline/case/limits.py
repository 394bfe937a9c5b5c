"""Size limits checked before a return is read, so the reader never sees a bomb.

An .xlsx or .ods is a zip of XML parts. Before python-calamine opens one, every part's
declared size and compression ratio is checked, and the parts it will read are
decompressed here, in chunks and never past the limit, so a part that lies about its size
is caught too. Each sheet's XML is scanned for its extent (the last row and column that
hold a cell, and its declared `<dimension>`): the Rust reader allocates the whole
rectangle from A1, so one cell at XFD1048576 would ask for 512 GB and abort the process.
An .xls is binary: its file size is checked, and its extent (at most 65,536 x 256, which
the reader can hold) before any of it becomes Python values.

The scan also finds formula cells saved without a cached value (as tools other than
Excel write them), which the reader gives as empty: their formula is kept as their text.
"""

from __future__ import annotations

import html
import posixpath
import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

# The limits (README, "Limits and guarantees").
MAX_FILE_BYTES = 100 * 2**20  # a return file on disk
MAX_PARTS = 10_000  # files inside an .xlsx or .ods
MAX_PART_BYTES = 100 * 2**20  # one part, uncompressed
MAX_RATIO = 100  # uncompressed : compressed, for a part over RATIO_FROM bytes
RATIO_FROM = 2**20  # smaller parts cannot hurt, whatever their ratio
MAX_ROWS = 200_000  # rows of a sheet, counted from row 1
MAX_COLUMNS = 200  # columns of a sheet, counted from column A (A..GR)
MAX_CELLS = 5_000_000  # rows x columns of a sheet (the rectangle from A1 that is read)

CHUNK = 4 * 2**20
DEFLATE_MAX = 1032  # the most that deflate can expand its input


class SheetError(Exception):
    """The file cannot be read as a spreadsheet; the message says why."""


class LimitError(SheetError):
    """The file, or one of its sheets, is over a size limit and is not read. The message
    says which limit and what to do; `sheet` names the sheet ('' for the whole file)."""

    def __init__(self, message: str, sheet: str = "") -> None:
        super().__init__(message)
        self.sheet = sheet


@dataclass
class SheetScan:
    """What the scan of one sheet found: its extent from A1, the extent its `<dimension>`
    declares, and formula cells without a cached value ((row, column) 0-based: "=text")."""

    rows: int = 0
    columns: int = 0
    declared: tuple[int, int] | None = None
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


def check_file_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise LimitError(
            f"the file is {_mb(size)}, over the limit of {_mb(MAX_FILE_BYTES)} for a return; "
            "ask the agency for the Summary and Chronology sheets alone"
        )


def open_zip(path: Path) -> zipfile.ZipFile:
    """The zip, once its directory passes: number of parts, declared sizes and ratios."""
    _check_end_record(path)
    try:
        archive = zipfile.ZipFile(path)
    except Exception as exc:  # BadZipFile, NotImplementedError, EOFError...: damaged, all
        raise SheetError(f"it is not a readable spreadsheet, it may be damaged ({exc})") from exc
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        archive.close()
        raise LimitError(f"it holds {len(infos):,} parts, over the limit of {MAX_PARTS:,}")
    for info in infos:
        try:
            _check_part(info.filename, info.file_size, info.compress_size)
        except LimitError:
            archive.close()
            raise
    return archive


def _check_end_record(path: Path) -> None:
    """The number of parts the zip's end record declares (and its zip64 record's), which a
    reader may set aside room for before it reads them."""
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(max(0, size - 66_000))
        tail = handle.read()
        end = tail.rfind(b"PK\x05\x06")
        if end < 0 or end + 22 > len(tail):
            return  # no end record: the zip library says it is damaged
        declared = [struct.unpack_from("<H", tail, end + 10)[0]]
        locator = tail.rfind(b"PK\x06\x07", 0, end)
        if locator >= 0 and locator + 20 <= len(tail):
            handle.seek(struct.unpack_from("<Q", tail, locator + 8)[0])
            record = handle.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) == 56:
                declared.append(struct.unpack_from("<Q", record, 32)[0])
    if max(declared) > MAX_PARTS:
        raise LimitError(f"it declares {max(declared):,} parts, over the limit of {MAX_PARTS:,}")


def read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """One part, decompressed in chunks and never past MAX_PART_BYTES, whatever its
    header declares; LimitError when it is bigger or more compressed than allowed."""
    info = archive.getinfo(name)
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                if total > MAX_PART_BYTES:
                    break
                chunks.append(chunk)
    except Exception as exc:  # BadZipFile, zlib.error, NotImplementedError...: damaged, all
        raise SheetError(f"its part {name} is damaged ({exc})") from exc
    _check_part(name, total, info.compress_size)
    return b"".join(chunks)


def check_parts(archive: zipfile.ZipFile, skip: set[str]) -> None:
    """Decompress every XML part the reader may open (less those in `skip`, scanned
    elsewhere) to prove its size, as a header can lie; unless it is too small to
    expand past MAX_PART_BYTES however it lies (deflate expands 1,032 times at most)."""
    for info in archive.infolist():
        name = info.filename
        if name in skip or not name.endswith((".xml", ".rels")):
            continue
        bounded = info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        if not bounded or info.compress_size * DEFLATE_MAX > MAX_PART_BYTES:
            data = read_part(archive, name)
        elif name.lower().endswith("sharedstrings.xml"):
            data = _head(archive, name)
        else:
            continue
        if name.lower().endswith("sharedstrings.xml"):
            _check_strings(data)


def _head(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        with archive.open(name) as stream:
            return stream.read(8192)
    except Exception as exc:  # BadZipFile, zlib.error...: damaged, all
        raise SheetError(f"its part {name} is damaged ({exc})") from exc


def _check_strings(data: bytes) -> None:
    """The reader sets aside room for as many shared strings as the list declares."""
    declared = _UNIQUE_COUNT.search(data[:8192])
    if declared and (len(declared[1]) > 9 or int(declared[1]) > MAX_CELLS):
        raise LimitError(
            f"its list of shared strings declares {_number(declared[1]):,} of them, over "
            f"the limit of {MAX_CELLS:,}"
        )


def _check_part(name: str, size: int, packed: int) -> None:
    if size > MAX_PART_BYTES:
        raise LimitError(
            f"its part {name} is over {_mb(MAX_PART_BYTES)} uncompressed (the limit), "
            "too big to read safely"
        )
    if size > RATIO_FROM and size > MAX_RATIO * max(packed, 1):
        raise LimitError(
            f"its part {name} expands {size // max(packed, 1):,} times when uncompressed "
            f"(the limit is {MAX_RATIO}:1): it looks like a zip bomb"
        )


def check_whole(scans: dict[str, SheetScan], kind: str) -> None:
    """An .xls or .ods is read whole when opened: each sheet, and all of them together,
    within the limits."""
    for name, scan in scans.items():
        check_extent(scan, name)
    total = sum(scan.rows * scan.columns for scan in scans.values())
    if total > MAX_CELLS:
        raise LimitError(
            f"its {len(scans)} sheets together span {total:,} cells, over the limit of "
            f"{MAX_CELLS:,} for an {kind} (which is read whole); ask the agency for the "
            "Summary and Chronology sheets alone"
        )


def check_extent(scan: SheetScan, sheet: str) -> None:
    """LimitError when a sheet's extent, or the one it declares, is over the limits."""
    found = [("holds cells as far as", scan.rows, scan.columns)]
    if scan.declared:
        found.insert(0, ("declares its size as", *scan.declared))
    for what, rows, columns in found:
        over = []
        if rows > MAX_ROWS:
            over.append(f"{rows:,} rows (the limit is {MAX_ROWS:,})")
        if columns > MAX_COLUMNS:
            last = cell_ref(1, MAX_COLUMNS)[:-1]
            over.append(f"{columns:,} columns (the limit is {MAX_COLUMNS}, A to {last})")
        if not over and rows * columns > MAX_CELLS:
            over.append(f"{rows * columns:,} cells (the limit is {MAX_CELLS:,})")
        if over:
            raise LimitError(
                f"sheet '{sheet}' {what} {cell_ref(rows, columns)}: {' and '.join(over)}; "
                "delete any stray cells far below or to the right of the table (or the "
                "empty rows and columns up to them) and save it again",
                sheet,
            )


def cell_ref(rows: int, columns: int) -> str:
    """The cell name of a sheet's last row and column (1-based): (1048576, 16384) -> XFD1048576."""
    letters = ""
    col = columns
    while col > 0 and len(letters) < 4:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters or 'A'}{rows}"


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size:,} bytes"


# --- .xlsx ------------------------------------------------------------------------------

_NS = rb"(?:[\w.-]+:)?"
_CELL_REF = re.compile(rb"<" + _NS + rb'c\b[^>]*?\sr="([A-Za-z]+)(\d+)"')
_CELL_NO_REF = re.compile(rb"<" + _NS + rb"c(?=[\s/>])(?![^>]*\sr=)")
_BIG_REF = re.compile(rb"<" + _NS + rb'c\b[^>]*?\sr="(?:[A-Za-z]{2,}|[A-Za-z]\d{6,})')
_PREFIXED = re.compile(rb":c[\s/>]")  # cells written with a namespace prefix
# a cell whose first attribute is not its reference, or whose reference is past Z99999
_UNUSUAL = re.compile(rb'<c(?:[\s/>](?!r=")|\sr="(?:[A-Za-z]{2}|[A-Za-z]\d{6}))')
_ROW_OR_CELL = re.compile(rb"<(/?)" + _NS + rb"(row|c)(?=[\s/>])([^>]*)>")
_DIMENSION = re.compile(rb"<" + _NS + rb'dimension\b[^>]*\sref="([^"]*)"')
_HAS_FORMULA = re.compile(rb"<" + _NS + rb"f[\s/>]")
_FORMULA_CELL = re.compile(
    rb"<" + _NS + rb"c\b([^>]*?)>\s*<" + _NS + rb"f\b([^>]*?)(?:/>|>([^<]*)</" + _NS + rb"f>)"
    rb"\s*(?:<" + _NS + rb"v\b[^>]*?(?:/>|>([^<]*)</" + _NS + rb"v>))?"
)
_ATTR = r'\s{}="([^"]*)"'
_UNIQUE_COUNT = re.compile(rb'\suniqueCount="(\d+)"')


def xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part (xl/worksheets/sheet1.xml), from the workbook's own lists."""
    try:
        book = read_part(archive, "xl/workbook.xml").decode("utf-8", "replace")
        rels = read_part(archive, "xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {}
    for tag in re.findall(r"<(?:[\w.-]+:)?Relationship\b[^>]*>", rels):
        ident, target = _attr(tag, "Id"), _attr(tag, "Target")
        if ident and target:
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[ident] = posixpath.normpath(path)
    parts = {}
    for tag in re.findall(r"<(?:[\w.-]+:)?sheet\b[^>]*>", book):
        name = _attr(tag, "name")
        rid = re.search(r'\s(?:[\w.-]+:)?id="([^"]*)"', tag)
        if name is not None and rid and rid[1] in targets:
            parts[name] = targets[rid[1]]
    return parts


def worksheet_parts(archive: zipfile.ZipFile) -> list[str]:
    """Every part that holds cells a reader may open."""
    return [
        name
        for name in archive.namelist()
        if re.fullmatch(r"xl/(worksheets|macrosheets|dialogsheets)/[^/]+\.xml", name)
    ]


def scan_xlsx_sheet(data: bytes) -> SheetScan:
    """The extent of one sheet's XML, its declared dimension, its formulas without values."""
    scan = SheetScan()
    head = data.find(b"sheetData")  # the dimension comes before the cells
    if dim := _DIMENSION.search(data, 0, head if head >= 0 else len(data)):
        last = dim[1].split(b":")[-1]
        if ref := re.fullmatch(rb"\$?([A-Za-z]+)\$?(\d+)", last.strip()):
            scan.declared = (_number(ref[2]), _column(ref[1]))
    if _PREFIXED.search(data) or _UNUSUAL.search(data):  # the careful way
        if _CELL_NO_REF.search(data):
            scan.rows, scan.columns = _walk_positions(data)
        elif _BIG_REF.search(data):
            scan.rows, scan.columns = _max_refs(data)
        has_formulas = bool(_HAS_FORMULA.search(data))
    else:  # every cell begins <c r="..." within A1:Z99999, as Excel and the libraries write
        has_formulas = b"<f" in data
    # (with no reference past Z99999, every cell is inside every limit: no need to find
    # the last; the reader's own extent is checked again before its values are taken)
    if has_formulas:
        scan.formulas = _formulas(data)
        for row, col in scan.formulas:
            scan.rows, scan.columns = max(scan.rows, row + 1), max(scan.columns, col + 1)
    return scan


def _max_refs(data: bytes) -> tuple[int, int]:
    rows = columns = 0
    start = 0
    while start < len(data):
        end = data.find(b"<", start + CHUNK)
        end = len(data) if end < 0 else end
        refs = _CELL_REF.findall(data, start, end)
        rows = max(rows, max((_number(r) for r in {r for _, r in refs}), default=0))
        columns = max(columns, max((_column(c) for c in {c for c, _ in refs}), default=0))
        start = end
    return rows, columns


def _walk_positions(data: bytes) -> tuple[int, int]:
    """Extents when some cells carry no reference: each is one column after the last."""
    rows = columns = row = col = 0
    for match in _ROW_OR_CELL.finditer(data):
        closing, tag, attrs = match.groups()
        if closing:
            continue
        if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
            break  # over a limit already: no need to walk on
        if tag == b"row":
            r = re.search(rb'\sr="(\d+)"', attrs)
            row, col = (_number(r[1]) if r else row + 1), 0
            continue
        ref = re.search(rb'\sr="([A-Za-z]+)(\d+)"', attrs)
        if ref:
            col, cell_row = _column(ref[1]), _number(ref[2])
        else:
            col, cell_row = col + 1, row
        rows, columns = max(rows, cell_row), max(columns, col)
    return rows, columns


def _formulas(data: bytes) -> dict[tuple[int, int], str]:
    shared: dict[bytes, str] = {}
    found: list[tuple[tuple[int, int], bytes | None, str]] = []
    for match in _FORMULA_CELL.finditer(data):
        cell_attrs, f_attrs, text, value = (g or b"" for g in match.groups())
        if cell_attrs.endswith(b"/"):
            continue
        ref = re.search(rb'\sr="([A-Za-z]+)(\d+)"', cell_attrs)
        si = re.search(rb'\ssi="(\d+)"', f_attrs)
        formula = html.unescape(text.decode("utf-8", "replace")).strip()
        if si and formula:
            shared.setdefault(si[1], formula)
        if ref and not value.strip():
            position = (_number(ref[2]) - 1, _column(ref[1]) - 1)
            found.append((position, si[1] if si else None, formula))
    out = {}
    for position, index, formula in found:
        formula = formula or shared.get(index or b"", "")
        if formula:
            out[position] = "=" + formula
    return out


def _number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 9 else 10**9


def _column(letters: bytes) -> int:
    if len(letters) > 4:
        return 10**9
    value = 0
    for ch in letters.upper():
        value = value * 26 + ch - 64
    return value


def _attr(tag: str, name: str) -> str | None:
    found = re.search(_ATTR.format(name), tag)
    return html.unescape(found[1]) if found else None


# --- .ods -------------------------------------------------------------------------------

_ODS_TAG = re.compile(
    rb"<(/?)" + _NS + rb"(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>"
)


def scan_ods(data: bytes) -> dict[str, SheetScan]:
    """Each table of an .ods content.xml: its extent, counting only cells that hold
    something (LibreOffice writes a million repeated empty rows at the end of a sheet), and
    formula cells without a value."""
    scans: dict[str, SheetScan] = {}
    scan = SheetScan()
    row = col = repeat = 0
    for match in _ODS_TAG.finditer(data):
        closing, tag, attrs, empty = match.groups()
        if tag == b"table":
            if not closing:
                name = re.search(rb"\s" + _NS + rb'name="([^"]*)"', attrs)
                scan = SheetScan()
                scans[html.unescape(name[1].decode("utf-8", "replace")) if name else ""] = scan
                row = 0
            continue
        if tag == b"table-row":
            if closing:
                row += repeat
            else:
                repeat, col = _repeat(attrs, b"number-rows-repeated"), 0
                if empty:
                    row += repeat
            continue
        if closing:
            continue
        span = _repeat(attrs, b"number-columns-repeated")
        formula = re.search(rb"\s" + _NS + rb'formula="([^"]*)"', attrs)
        if not empty or formula:  # a cell with content (an empty one closes itself)
            scan.rows = max(scan.rows, row + repeat)
            scan.columns = max(scan.columns, col + span)
            if formula and b"value-type=" not in attrs and span == repeat == 1:
                text = html.unescape(formula[1].decode("utf-8", "replace"))
                scan.formulas[(row, col)] = "=" + re.sub(r"^[a-z]+:=?", "", text).lstrip("=")
        col += span
    return scans


def _repeat(attrs: bytes, name: bytes) -> int:
    found = re.search(rb"\s" + _NS + name + rb'="(\d+)"', attrs)
    return max(_number(found[1]), 1) if found else 1
