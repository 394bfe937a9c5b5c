"""`cspr validate` end to end, on the example case and on broken copies of it."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from .conftest import EXAMPLE, ROOT, chronology, event, run, write_case, write_xlsx


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_example_case_passes_with_warnings(example: Path, tmp_path: Path) -> None:
    result = run("validate", example, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output
    assert "return-missing" not in result.output  # codes are for machines; people get words
    assert "Returns still missing: probation\n" in result.output
    report = json.loads((tmp_path / "out" / EXAMPLE.name / "validation.json").read_text())
    missing = [f for f in report if f["code"] == "return-missing"]
    assert [(f["severity"], f["field"]) for f in missing] == [("warning", "probation")]
    assert set(report[0]) == {
        "code",
        "severity",
        "file",
        "sheet",
        "cell",
        "row",
        "field",
        "value",
        "message",
        "hint",
    }


def test_broken_copy_fails_naming_both_files_and_the_cell(example: Path, tmp_path: Path) -> None:
    (example / "returns" / "gp.csv").write_bytes(b"\x00\x01 not a csv \x00")
    police = example / "returns" / "police.xlsx"
    police.unlink()
    write_xlsx(police, chronology(event("01/09/2026"), event("31/02/2026")))
    before = digests(example)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "validate", str(example), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    assert "returns/gp.csv" in proc.stdout and "returns/police.xlsx" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "error" in proc.stderr.lower()
    report = json.loads((out / example.name / "validation.json").read_text())
    bad_date = [f for f in report if f["code"] == "date-invalid"]
    assert [(f["file"], f["sheet"], f["cell"], f["value"]) for f in bad_date] == [
        ("returns/police.xlsx", "Chronology", "A3", "31/02/2026")
    ]
    assert [f["file"] for f in report if f["code"] == "return-unreadable"] == ["returns/gp.csv"]
    assert digests(example) == before


def test_json_output_and_dates_against_the_case(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    write_xlsx(
        folder / "returns" / "police.xlsx",
        chronology(event("01/09/2026"), event("20/10/2026"), event("01/01/2018")),
    )
    result = run("validate", folder, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0
    codes = {(f["code"], f["cell"]) for f in json.loads(result.stdout)}
    assert codes == {("date-after-incident", "A3"), ("date-before-birth", "A4")}


def test_returns_folder_problems(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
    (folder / "returns" / "Police.csv").write_text("Date,Source,Event\n01/09/2026,a,b\n")
    (folder / "returns" / "school.xlsx").write_bytes(b"")
    (folder / "returns" / "notes.docx").write_bytes(b"")
    (folder / "returns" / "~$police.xlsx").write_bytes(b"lock")
    (folder / "returns" / ".DS_Store").write_bytes(b"")
    result = run("validate", folder, "--out", tmp_path / "out", "--json")
    codes = sorted((f["code"], f["file"]) for f in json.loads(result.stdout))
    assert codes == [
        ("return-duplicate", "returns/police.xlsx"),
        ("return-unknown-agency", "returns/school.xlsx"),
        ("return-unsupported", "returns/notes.docx"),
    ]
    assert result.exit_code == 1


def test_not_a_case_folder(tmp_path: Path) -> None:
    result = run("validate", tmp_path / "nowhere", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "No case folder" in result.output


def test_a_case_validated_again_unchanged_is_remembered_and_a_change_is_seen(
    tmp_path: Path,
) -> None:
    """The command and the case page it rebuilds read a case once; each caller gets the
    findings as validation left them, and any change to a file is read afresh."""
    from pipeline.case.validate import validate_case

    folder = write_case(tmp_path)
    write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
    first = validate_case(folder)
    assert validate_case(folder).folder is not first.folder  # a command reads afresh
    first = validate_case(folder)
    first.findings.add("date-in-future", "added by a caller")
    again = validate_case(folder, remembered=True)
    assert again.folder is first.folder  # not read twice
    assert [f.message for f in again.findings] == [f.message for f in first.findings][:-1]
    write_xlsx(folder / "returns" / "police.xlsx", chronology(event("not a date")))
    changed = validate_case(folder, remembered=True)
    assert changed.folder is not first.folder
    assert "date-invalid" in [f.code for f in changed.findings]
