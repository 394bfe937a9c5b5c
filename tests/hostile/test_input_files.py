"""Files that are not what their names say (issue 14.11, the reading side), and the shared
checks of every hostile-input corpus: the exit code, the finding's code and place, the
inputs unchanged, and nothing written but validation.json when validation fails.

A renamed file is refused naming what it really is and the name to give it; a UTF-16 CSV
(Excel's "Unicode text") is read; `returns` being a file is an error naming it.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from ..conftest import EXAMPLE, ROOT, base_case, chronology, event, run, write_case, write_xlsx

# --- the checks every corpus test makes ------------------------------------------------


def digest(root: Path) -> dict[str, str]:
    """Every file and link under root (cases/): a link by its target, a file by its hash."""
    found = {}
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if path.is_symlink():
            found[name] = "-> " + os.readlink(path)
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def written(out: Path) -> set[str]:
    return (
        {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()} if out.exists() else set()
    )


def validate(folder: Path, out: Path, isolated: bool = False) -> tuple[int, list[dict[str, Any]]]:
    """`cspr validate --json` on the folder: its exit code and findings, the inputs proven
    unchanged. `isolated` runs it in its own process under a 3 GB memory cap, so a
    reader that tries to allocate a bomb fails the test rather than the test run."""
    cases = folder.parent
    before = digest(cases)
    if isolated:
        code, stdout = _isolated("validate", folder, "--out", out, "--json")
    else:
        result = run("validate", folder, "--out", out, "--json")
        code, stdout = result.exit_code, result.stdout
    assert digest(cases) == before, "an input changed"
    return code, json.loads(stdout)


def refused(
    folder: Path, out: Path, code: str, isolated: bool = False, **where: object
) -> dict[str, Any]:
    """Validation exits 1 with a `code` finding at `where`; no later stage writes anything.
    The finding is returned for further checks of its message."""
    exit_code, findings = validate(folder, out, isolated)
    hits = [f for f in findings if f["code"] == code]
    assert hits, [(f["code"], f["message"]) for f in findings]
    assert exit_code == 1, findings
    for key, value in where.items():
        assert hits[0][key] == value, (key, hits[0])
    assert written(out) == {f"{folder.name}/validation.json"}
    if isolated:
        chron, _ = _isolated("chronology", folder, "--out", out, "--today", "2026-11-22")
    else:
        chron = run("chronology", folder, "--out", out, "--today", "2026-11-22").exit_code
    assert chron == 1
    assert written(out) == {f"{folder.name}/validation.json"}  # no partial output
    return hits[0]


def _isolated(*args: object) -> tuple[int, str]:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))

    env = {k: v for k, v in os.environ.items() if k != "CSPR_DEBUG"} | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        preexec_fn=cap,
    )
    assert done.returncode in (0, 1), (done.returncode, done.stderr[-2000:])
    return done.returncode, done.stdout


def police(tmp_path: Path, name: str, content: bytes) -> Path:
    folder = write_case(tmp_path)
    (folder / "returns" / name).write_bytes(content)
    return folder


def xlsx_bytes(tmp_path: Path) -> bytes:
    return write_xlsx(tmp_path / "real.xlsx", chronology(event())).read_bytes()


# --- a minimal OLE2 compound file (the container of .xls and of encrypted .xlsx) -------


def ole(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file holding each stream in regular 512-byte sectors."""
    sector = 512
    body = b""
    starts = []
    for data in streams.values():
        data = data + b"\0" * (-len(data) % sector)
        starts.append(2 + len(body) // sector)
        body += data
    used = 2 + len(body) // sector
    fat = [0xFFFFFFFD, 0xFFFFFFFE]
    for data, start in zip(streams.values(), starts, strict=True):
        count = -(-len(data) // sector)
        fat += [start + i + 1 for i in range(count - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))
    assert used <= 128
    header = bytearray(512)
    header[:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([0xFFFFFFFF] * 108))
    directory = _entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1 if streams else 0xFFFFFFFF)
    for i, ((name, data), start) in enumerate(zip(streams.items(), starts, strict=True)):
        sibling = i + 2 if i + 1 < len(streams) else 0xFFFFFFFF
        directory += _entry(name, 2, start, len(data), right=sibling)
    directory += b"\0" * (-len(directory) % sector)
    return bytes(header) + struct.pack("<128I", *fat) + directory[:sector] + body


def _entry(
    name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF, right: int = 0xFFFFFFFF
) -> bytes:
    entry = bytearray(128)
    raw = name.encode("utf-16-le") + b"\0\0"
    entry[: len(raw)] = raw
    struct.pack_into("<HBB", entry, 0x40, len(raw), kind, 1)
    struct.pack_into("<III", entry, 0x44, 0xFFFFFFFF, right, child)
    struct.pack_into("<II", entry, 0x74, start, size)
    return bytes(entry)


def biff(
    sheets: dict[str, list[tuple[int, int]]], rows: int = 0, columns: int = 0, first: int = 0
) -> bytes:
    """A BIFF8 workbook stream: each sheet a NUMBER cell at each (row, col), 0-based, and a
    DIMENSIONS record from row `first` to `rows` x `columns` (else its cells' extent)."""

    def record(kind: int, data: bytes = b"") -> bytes:
        return struct.pack("<HH", kind, len(data)) + data

    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6)
    filler = record(0x005C, b" " * 4000)  # keeps the stream out of the OLE mini stream
    names = list(sheets)
    globals_size = len(record(0x0809, bof)) + len(filler) + len(record(0x000A))
    globals_size += sum(len(record(0x0085, b"\0" * (8 + len(n)))) for n in names)
    parts, offset = [], globals_size
    for cells in sheets.values():
        dims = struct.pack(
            "<IIHHH",
            first,
            rows or max(r for r, _ in cells) + 1,
            0,
            columns or max(c for _, c in cells) + 1,
            0,
        )
        sheet = record(0x0809, bof[:2] + struct.pack("<H", 0x0010) + bof[4:])
        sheet += record(0x0200, dims)
        sheet += b"".join(record(0x0203, struct.pack("<HHHd", r, c, 15, 1.0)) for r, c in cells)
        sheet += record(0x000A)
        parts.append((offset, sheet))
        offset += len(sheet)
    stream = record(0x0809, bof) + filler
    for name, (start, _) in zip(names, parts, strict=True):
        stream += record(0x0085, struct.pack("<IBBBB", start, 0, 0, len(name), 0) + name.encode())
    stream += record(0x000A) + b"".join(sheet for _, sheet in parts)
    return stream


# --- renamed files -----------------------------------------------------------------------

RENAMED = {
    "csv as .xls": (
        "police.xls",
        lambda t: b"Date,Source,Event\n01/09/2026,GP,Seen\n",
        "police.csv",
    ),
    "xlsx as .xls": ("police.xls", xlsx_bytes, "police.xlsx"),
    "xls as .xlsx": (
        "police.xlsx",
        lambda t: (EXAMPLE / "returns" / "hospital.xls").read_bytes(),
        "police.xls",
    ),
    "ods as .xlsx": (
        "police.xlsx",
        lambda t: (EXAMPLE / "returns" / "health-visiting.ods").read_bytes(),
        "police.ods",
    ),
    "xlsx as .csv": ("police.csv", xlsx_bytes, "police.xlsx"),
    "xls as .ods": (
        "police.ods",
        lambda t: (EXAMPLE / "returns" / "hospital.xls").read_bytes(),
        "police.xls",
    ),
}


@pytest.mark.parametrize("case", sorted(RENAMED))
def test_a_renamed_return_says_what_it_is_and_what_to_call_it(tmp_path: Path, case: str) -> None:
    name, content, proper = RENAMED[case]
    folder = police(tmp_path, name, content(tmp_path))
    found = refused(folder, tmp_path / "out", "return-unreadable", file=f"returns/{name}")
    assert f"rename it {proper}" in found["message"]


NOT_SPREADSHEETS = {
    "web page as .xls": (
        "police.xls",
        b"<html><body><table><tr><td>Date</td></tr></table></body></html>",
        "web page (HTML)",
    ),
    "Excel 2003 XML as .xls": (
        "police.xls",
        b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
        "Excel 2003 XML",
    ),
    "password-protected xlsx": (
        "police.xlsx",
        ole({"EncryptionInfo": b"\0" * 600, "EncryptedPackage": b"\1" * 5000}),
        "password-protected",
    ),
    "Word document as .xlsx": ("police.xlsx", b"", "Word document"),
    "PDF as .csv": ("police.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    "empty .xls": ("police.xls", b"", "empty"),
    "binary as .csv": ("police.csv", b"\x00\x01\x02\x03" * 100, "binary data"),
}


@pytest.mark.parametrize("case", sorted(NOT_SPREADSHEETS))
def test_a_file_that_is_no_spreadsheet_says_what_it_is(tmp_path: Path, case: str) -> None:
    name, content, says = NOT_SPREADSHEETS[case]
    if case == "Word document as .xlsx":
        buffer = tmp_path / "doc.zip"
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
        content = buffer.read_bytes()
    folder = police(tmp_path, name, content)
    found = refused(folder, tmp_path / "out", "return-unreadable", file=f"returns/{name}")
    assert says in found["message"]


@pytest.mark.parametrize("bom", [True, False], ids=["with BOM", "without BOM"])
def test_a_utf16_csv_is_read(tmp_path: Path, bom: bool) -> None:
    text = "Date\tSource\tEvent\r\n01/09/2026\tGP\tCaf\u00e9 visit\r\n02/09/2026\tHV\tSeen\r\n"
    folder = police(
        tmp_path, "police.csv", text.encode("utf-16" if bom else "utf-16-le")
    )  # Excel's "Unicode text"
    code, findings = validate(folder, tmp_path / "out")
    assert code == 0, findings
    from pipeline.case.returns import read_return
    from pipeline.core.findings import Findings

    ret = read_return(folder / "returns" / "police.csv", "police", "x", Findings())
    assert [r.event for r in ret.rows] == ["Caf\u00e9 visit", "Seen"]


def test_returns_being_a_file_is_an_error_naming_it(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    (folder / "returns").rmdir()
    (folder / "returns").write_text("police return attached to the email")
    found = refused(folder, tmp_path / "out", "return-unreadable", file="returns")
    assert "not a folder" in found["message"]


def test_a_date_cell_holding_zero_is_a_date_error_that_says_so(tmp_path: Path) -> None:
    import openpyxl

    folder = write_case(tmp_path)
    path = write_xlsx(folder / "returns" / "police.xlsx", chronology(event(), event()))
    book = openpyxl.load_workbook(path)
    cell = book["Chronology"]["A3"]
    cell.value, cell.number_format = 0, "dd/mm/yyyy"
    book.save(path)
    found = refused(
        folder, tmp_path / "out", "date-invalid", file="returns/police.xlsx", cell="A3", row=3
    )
    assert "00/01/1900" in found["message"]


def test_a_case_with_a_hostile_return_and_a_good_one_names_only_the_bad(tmp_path: Path) -> None:
    folder = write_case(tmp_path, base_case(agencies=("police", "health")))
    write_xlsx(folder / "returns" / "health.xlsx", chronology(event()))
    (folder / "returns" / "police.xls").write_bytes(b"Date,Source,Event\n01/09/2026,GP,x\n")
    refused(folder, tmp_path / "out", "return-unreadable", file="returns/police.xls")
