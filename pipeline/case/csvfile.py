"""Read a CSV return into a grid, losing no row and garbling no letter unseen.

Text: UTF-8 (with or without BOM), Windows-1252, or UTF-16/32 with a BOM (Excel's
"Unicode text"). A file that is not UTF-8 is decoded line by line, so a file mixing
UTF-8 and Windows-1252 lines (two people editing it) is read right, with a
`csv-encoding-mixed` warning naming the lines. The delimiter (`,` `;` or tab) is the one
the header row uses.

Rows: each record is counted against the physical lines it spans. A quoted cell may hold
line breaks (Excel writes a cell with Alt+Enter so), but a quote that is never closed, or
one whose cell swallows lines that look like rows of their own (a date and as many cells
as the table's rows have), is a `csv-rows-merged` error naming the line: a stray `"`
would otherwise merge the rows after it into one cell without a word.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from pathlib import Path

from ..core.dates import DateError, parse_date
from ..core.findings import Findings, cell_name, column_letters
from .limits import SheetError

Grid = list[list[object]]
HEADER_LINES = 30  # where the header row is looked for (as in returns.HEADER_SCAN_ROWS)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_csv(path: Path, label: str, findings: Findings) -> Grid:
    """The rows of a CSV return; SheetError when it is not text we can read."""
    text = decode(path.read_bytes(), label, findings)
    lines = io.StringIO(text, newline="").readlines()  # the physical lines, as csv splits them
    dialect = _dialect(lines)
    rows: Grid = []
    spans: list[tuple[int, int]] = []  # the physical lines of each record, first and last
    reader = csv.reader(lines, dialect)
    start = 1
    try:
        for record in reader:
            rows.append(list(record))
            spans.append((start, reader.line_num))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field larger" not in str(exc):
            raise SheetError(f"line {start} is not well-formed CSV ({exc})") from exc
        findings.add(
            "csv-rows-merged",
            f"Line {start} of {label}: a cell runs on for over {csv.field_size_limit():,} "
            'characters, so a " there is never closed; the lines after it are not read.',
            file=label,
            row=start,
        )
        return rows
    if spans and spans[-1][1] != len(lines):  # every physical line is in some record
        raise SheetError(f"only {spans[-1][1]} of its {len(lines)} lines could be read")
    _check_quotes(rows, spans, lines, dialect, label, findings)
    return rows


def decode(raw: bytes, label: str, findings: Findings) -> str:
    """The file's text; SheetError when it is binary or in an encoding we do not read."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return _strict(raw, codec)
    if b"\x00" in raw[:4096]:
        utf16 = utf16_without_bom(raw[:4096])
        if utf16 is None:
            raise SheetError(
                "it holds binary data, not text: it may be a spreadsheet saved with a .csv "
                "name; open it in Excel and save it as .xlsx (or CSV UTF-8)"
            )
        return _strict(raw, utf16)
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    out: list[str] = []
    utf8: list[int] = []
    cp1252: list[int] = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            out.append(line.decode("utf-8"))
            if not line.isascii():
                utf8.append(number)
        except UnicodeDecodeError:
            try:
                out.append(line.decode("cp1252"))
            except UnicodeDecodeError as exc:
                raise SheetError(
                    f"line {number} is neither UTF-8 nor Windows-1252 text (byte "
                    f"0x{line[exc.start]:02X}); ask the agency to save it as CSV UTF-8"
                ) from exc
            cp1252.append(number)
    if utf8 and cp1252:
        findings.add(
            "csv-encoding-mixed",
            f"{label} mixes two text encodings: {_lines(cp1252)} in Windows-1252, "
            f"{_lines(utf8)} in UTF-8. Each line was read in its own encoding; check the "
            "accented letters and symbols on those lines.",
            file=label,
            row=cp1252[0],
            value=out[cp1252[0] - 1].strip(),
        )
    return "\n".join(out)


def _strict(raw: bytes, codec: str) -> str:
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise SheetError(
            f"it is {codec.upper()} text but damaged at byte {exc.start:,}; "
            "ask the agency to save it again as CSV UTF-8"
        ) from exc
    return text.removeprefix("\ufeff")


def utf16_without_bom(sample: bytes) -> str | None:
    """The UTF-16 codec of text saved without its BOM (each plain letter has a zero byte on
    one side, never on the other, and it decodes to printable text), else None."""
    even, odd = sample[0::2], sample[1::2]
    codec = None
    if odd.count(0) > len(odd) * 0.3 and even.count(0) == 0:
        codec = "utf-16-le"
    elif even.count(0) > len(even) * 0.3 and odd.count(0) == 0:
        codec = "utf-16-be"
    if codec is None:
        return None
    text = sample[: len(sample) // 2 * 2].decode(codec, "replace")
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return codec if printable >= 0.95 * len(text) else None


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:5])
    more = f" and {len(numbers) - 5} more" if len(numbers) > 5 else ""
    return f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"


def _dialect(lines: list[str]) -> type[csv.Dialect]:
    """The delimiter the header row uses (the first line naming a Date column); else
    the one csv's sniffer finds; else a comma."""
    for line in lines[:HEADER_LINES]:
        if "date" in line.lower():
            counts = {d: line.count(d) for d in ",;\t"}
            best = max(counts, key=lambda d: counts[d])
            if counts[best]:
                return type("Return", (csv.excel,), {"delimiter": best})
    try:
        sniffed = csv.Sniffer().sniff("".join(lines[:200])[:8192], delimiters=",;\t")
        return type("Return", (csv.excel,), {"delimiter": sniffed.delimiter})
    except csv.Error:
        return csv.excel


def _check_quotes(
    rows: Grid,
    spans: list[tuple[int, int]],
    lines: list[str],
    dialect: type[csv.Dialect],
    label: str,
    findings: Findings,
) -> None:
    """A record spanning lines is a quoted cell holding line breaks: an error when its
    quote is never closed, or when it swallows lines that look like rows."""
    widths = Counter(len(r) for r, (a, b) in zip(rows, spans, strict=True) if a == b and len(r) > 1)
    width = widths.most_common(1)[0][0] if widths else 2
    for index, (first, last) in enumerate(spans):
        if first == last:
            continue
        swallowed = range(first + 1, last + 1)  # the lines after the quote's own
        rowlike = [n for n in swallowed if _looks_like_row(lines[n - 1], dialect, width)]
        unclosed = index == len(spans) - 1 and _unclosed(lines[first - 1 :], dialect)
        if not rowlike and not unclosed:
            continue
        record = rows[index]
        col = next((c for c, v in enumerate(record) if "\n" in str(v) or "\r" in str(v)), 0)
        what = (
            "is never closed, so every line after it to the end of the file is one cell"
            if unclosed
            else f"runs on to line {last}"
        )
        seen = (
            f"; {len(rowlike)} of the lines it swallows look like rows of their own "
            f"(line {rowlike[0]}: '{lines[rowlike[0] - 1].strip()[:60]}')"
            if rowlike
            else ""
        )
        findings.add(
            "csv-rows-merged",
            f'Line {first} of {label}: a " opening a cell in column '
            f"{column_letters(col)} {what}{seen}. Those rows would be lost in one cell.",
            file=label,
            row=first,
            cell=cell_name(index + 1, col),
            value=lines[first - 1].strip(),
        )


def _looks_like_row(line: str, dialect: type[csv.Dialect], width: int) -> bool:
    try:
        cells = next(csv.reader([line], dialect), [])
    except csv.Error:
        return False
    if len(cells) < max(width, 2):
        return False
    return any(_is_date(cell) for cell in cells[:3])


def _is_date(cell: str) -> bool:
    cell = cell.strip()
    if not cell or (len(cell) == 4 and cell.isdigit()):
        return False
    try:
        parse_date(cell)
    except DateError:
        return False
    return True


def _unclosed(tail: list[str], dialect: type[csv.Dialect]) -> bool:
    """True when the record starting the tail opens a quote that the file never closes."""
    try:
        for _ in csv.reader(tail, dialect, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False
