"""Shared helpers: real case folders, real xlsx files, the real CLI."""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from click.testing import CliRunner, Result

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "cases" / "NS-2026-011"
DATA = Path(__file__).resolve().parent / "data"  # reference files the tests read (README.md)

HEADER = ["Date", "Time", "Source", "Event", "Action", "Significance", "Key event"]


def base_case(reference: str = "TEST-1", agencies: tuple[str, ...] = ("police",)) -> dict[str, Any]:
    """A small valid case.yaml as data."""
    return {
        "reference": reference,
        "route": "notification",
        "became_aware": date(2026, 10, 5),
        "child": {
            "pseudonym": "Child T",
            "name": "Tia Example",
            "date_of_birth": date(2020, 6, 1),
            "looked_after": False,
        },
        "incident": {
            "type": "serious-harm",
            "date": date(2026, 10, 2),
            "abuse_or_neglect": "suspected",
            "summary": "A fictional summary.",
        },
        "referral": {
            "received": date(2026, 10, 5),
            "referrer": {"name": "A Referrer", "agency": "Children's Services"},
        },
        "agencies": [{"key": key, "name": key.title()} for key in agencies],
    }


# A quorate meeting's attendees: one for each safeguarding partner.
QUORUM = [
    {"name": n, "agency": a, "partner": p}
    for n, a, p in (
        ("A", "LA", "local-authority"),
        ("B", "Police", "police"),
        ("C", "ICB", "health"),
    )
]


def base_meeting() -> dict[str, Any]:
    """A small valid, quorate meeting.yaml as data (decided: a local review)."""
    return {
        "date": date(2026, 10, 15),
        "decision": {"outcome": "lcspr", "rationale": "Met."},
        "attendees": [dict(a) for a in QUORUM],
    }


def write_case(root: Path, data: dict[str, Any] | None = None, **files: Any) -> Path:
    """A case folder under root/cases/ with case.yaml and any other YAML files."""
    data = data or base_case()
    folder = root / "cases" / str(data["reference"])
    (folder / "returns").mkdir(parents=True, exist_ok=True)
    (folder / "case.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    for name, content in files.items():
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(content, sort_keys=False))
    return folder


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A real .xlsx; text beginning '=' stays text, as an agency typed it."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def chronology(*rows: list[Any], header: list[str] = HEADER) -> dict[str, list[list[Any]]]:
    """A return workbook: a one-line Summary sheet and the Chronology."""
    return {"Summary": [["Agency", "Test agency"]], "Chronology": [header, *rows]}


def event(day: Any = "01/09/2026", text: str = "Home visit", **cols: Any) -> list[Any]:
    return [
        day,
        cols.get("time", "10:00"),
        cols.get("source", "Social worker"),
        text,
        cols.get("action", ""),
        cols.get("significance", ""),
        cols.get("key", "N"),
    ]


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the shipped example case (and its partnership profile)."""
    target = tmp_path / "cases" / EXAMPLE.name
    shutil.copytree(EXAMPLE, target)
    shutil.copy(EXAMPLE.parent / "partnership.yaml", target.parent / "partnership.yaml")
    return target


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def cspr(*args: Any, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real `cspr` entry point (pipeline.start.main) in its own process, run from `cwd`:
    its exit code and what a user sees, with main()'s mapping of errors to exit codes.
    Tables are not wrapped (COLUMNS), so a message can be matched whole."""
    env = {k: v for k, v in os.environ.items() if k != "CSPR_DEBUG"}
    env |= {"COLUMNS": "1000", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


needs_office = pytest.mark.skipif(
    not shutil.which("soffice"),
    reason="LibreOffice is not installed: apt-get install libreoffice-writer-nogui "
    "libreoffice-calc-nogui",
)

CHROMIUM = Path("/usr/bin/chromium")  # Debian's chromium, driven by Playwright


def _chromium_missing() -> str:
    """Why a real-browser test cannot run here, or "" when it can."""
    if not CHROMIUM.exists():
        return "Chromium is not installed: apt-get install chromium"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed: pip install playwright (it drives the system chromium)"
    return ""


needs_chromium = pytest.mark.skipif(bool(_chromium_missing()), reason=_chromium_missing())


def text_of(path: Path) -> str:
    """Every paragraph and table cell of a document, in order."""
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    parts += [p.text for s in doc.sections for p in s.header.paragraphs]
    return "\n".join(parts)


def to_pdf(files: list[Path], outdir: Path) -> list[Path]:
    """Open documents in LibreOffice, as a business office would, and save them as PDF."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return [outdir / f"{Path(f).stem}.pdf" for f in files]


def rewrite(
    data: bytes,
    change: Callable[[str, bytes], bytes] = lambda n, b: b,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A .docx (or any zip package) with its parts rewritten by `change`, and parts added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, change(name, src.read(name)))
        for name, body in (extra or {}).items():
            dst.writestr(name, body)
    return out.getvalue()
