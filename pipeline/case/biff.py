"""The extent of every sheet of an .xls, read from its records, before any reader opens it.

An .xls is a BIFF workbook stream inside an OLE2 compound file. python-calamine reads every
sheet of an .xls when it opens the file, allocating each sheet's whole rectangle from its
first cell to its last: a 7 KB file with a cell at A1 and IV65536 on each of a hundred
sheets would ask for 50 GB. Here the compound file's sector chains are followed to the
workbook stream, and its cell records (row and column in their first bytes) are walked, so
each sheet's extent is known without reading a value.
"""

from __future__ import annotations

import struct

from .limits import SheetError, SheetScan

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_FREE, _END, _RESERVED = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFA
_DAMAGED = "it is not a readable .xls workbook, it may be damaged"
_BOF, _EOF, _BOUNDSHEET, _FILEPASS, _DIMENSIONS = 0x0809, 0x000A, 0x0085, 0x002F, 0x0200
# records holding one cell: FORMULA, LABELSST, NUMBER, RK, BLANK, LABEL, BOOLERR, RSTRING
_CELL = {0x0006, 0x0206, 0x0406, 0x00FD, 0x0203, 0x027E, 0x0201, 0x0204, 0x0205, 0x00D6}
_CELL_RUN = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, ..., last column


def xls_scans(data: bytes) -> dict[str, SheetScan]:
    """Each worksheet's extent (and declared dimension), by sheet name; SheetError when the
    file is not an .xls we can read, or is password-protected."""
    stream = _workbook_stream(data)
    names: dict[int, str] = {}  # the offset of a sheet's BOF -> its name
    scans: dict[str, SheetScan] = {}
    current: SheetScan | None = None
    depth, pos, biff8 = 0, 0, True
    while pos + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4 : pos + 4 + length]
        if kind == _BOF:
            depth += 1
            if pos == 0 and len(body) >= 2:
                biff8 = struct.unpack_from("<H", body)[0] >= 0x0600
            if depth == 1 and pos in names:
                current = scans.setdefault(names[pos], SheetScan())
        elif kind == _EOF:
            depth = max(depth - 1, 0)
            if depth == 0:
                current = None
        elif kind == _FILEPASS:
            raise SheetError(
                "it is password-protected; ask the agency to send it without a password"
            )
        elif kind == _BOUNDSHEET and len(body) >= 8:
            names[struct.unpack_from("<I", body)[0]] = _sheet_name(body, biff8)
        elif current is not None and depth == 1:
            _record(current, kind, body, biff8)
        pos += 4 + length
    return scans


def _record(scan: SheetScan, kind: int, body: bytes, biff8: bool) -> None:
    if kind in _CELL and len(body) >= 4:
        row, col = struct.unpack_from("<HH", body)
        scan.rows, scan.columns = max(scan.rows, row + 1), max(scan.columns, col + 1)
    elif kind in _CELL_RUN and len(body) >= 6:
        row = struct.unpack_from("<H", body)[0]
        last = struct.unpack_from("<H", body, len(body) - 2)[0]
        scan.rows, scan.columns = max(scan.rows, row + 1), max(scan.columns, last + 1)
    elif kind == _DIMENSIONS and len(body) in (10, 14):
        # as the reader takes it, which sets aside room for (last - first) rows x columns
        first, rows, col_first, columns = struct.unpack_from(
            "<IIHH" if len(body) == 14 else "<HHHH", body
        )
        if col_first > 0xFF or columns < col_first:
            col_first = 0
        if rows >= 1 and columns >= 1 and (first >= rows or col_first >= columns):
            raise SheetError("it is not a readable .xls workbook: a sheet's size record is damaged")
        scan.declared = (rows, columns)


def _sheet_name(body: bytes, biff8: bool) -> str:
    count = body[6]
    if not biff8:
        return body[7 : 7 + count].decode("cp1252", "replace")
    wide = body[7] & 1
    raw = body[8 : 8 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace")


def _workbook_stream(data: bytes) -> bytes:
    """The 'Workbook' (or BIFF5 'Book') stream of an OLE2 compound file."""
    if len(data) < 512 or data[:8] != OLE_MAGIC:
        raise SheetError("it is not an Excel .xls workbook")
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if shift not in (9, 12) or mini_shift != 6:
        raise SheetError(_DAMAGED)
    size = 1 << shift
    count = (len(data) - 512) // size + 1  # sectors in the file, at most

    def sector(n: int) -> bytes:
        if n >= count:
            raise SheetError(_DAMAGED)
        return data[(n + 1) * size : (n + 2) * size]

    n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
    cutoff, first_mini, n_mini, first_difat = struct.unpack_from("<IIII", data, 0x38)
    # the reader sets aside room for the FAT's sectors as declared, and for a DIFAT whose
    # length it takes from bytes 62-65: both must be what a real file could hold
    if n_fat > count or struct.unpack_from("<I", data, 62)[0] > 2**24 or n_mini > count:
        raise SheetError(_DAMAGED)
    fat_sectors = [n for n in struct.unpack_from("<109I", data, 0x4C) if n != _FREE]
    next_difat, seen = first_difat, set()
    while next_difat < _RESERVED:  # the DIFAT's own chain, as the reader follows it
        if next_difat in seen:
            raise SheetError(_DAMAGED)
        seen.add(next_difat)
        block = struct.unpack(f"<{size // 4}I", sector(next_difat))
        fat_sectors += [n for n in block[:-1] if n < _RESERVED]
        next_difat = block[-1]
    fat = b"".join(sector(n) for n in fat_sectors[:n_fat])
    table = struct.unpack(f"<{len(fat) // 4}I", fat[: len(fat) // 4 * 4])

    def chain(start: int, links: tuple[int, ...]) -> list[int]:
        """A chain of sectors to its end; SheetError for a loop, which the reader would
        follow for ever, or a link past the table."""
        out: list[int] = []
        seen: set[int] = set()
        while start != _END:
            if start in seen or start >= len(links):
                raise SheetError(_DAMAGED)
            seen.add(start)
            out.append(start)
            start = links[start]
        return out

    directory = b"".join(sector(n) for n in chain(first_dir, table))
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        raise SheetError(_DAMAGED)
    root_start = struct.unpack_from("<I", entries[0], 0x74)[0]
    mini = b""
    links: tuple[int, ...] = ()
    if n_mini:  # the mini stream and its FAT, which the reader loads when opening
        mini = b"".join(sector(n) for n in chain(root_start, table))
        mini_fat = b"".join(sector(n) for n in chain(first_mini, table)[:n_mini])
        links = struct.unpack(f"<{len(mini_fat) // 4}I", mini_fat)
    for entry in entries:
        name_length = struct.unpack_from("<H", entry, 0x40)[0]
        name = entry[: max(min(name_length, 64) - 2, 0)].decode("utf-16-le", "replace")
        if entry[0x42] != 2 or name.lower() not in ("workbook", "book"):
            continue
        start, length = struct.unpack_from("<II", entry, 0x74)
        if length < cutoff:
            stream = b"".join(mini[n * 64 : (n + 1) * 64] for n in chain(start, links))
        else:
            stream = b"".join(sector(n) for n in chain(start, table))
        if len(stream) < length:
            raise SheetError(_DAMAGED)
        return stream[:length]
    raise SheetError("it is an OLE file without a workbook stream: not an Excel .xls workbook")
