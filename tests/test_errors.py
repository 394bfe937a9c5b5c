"""Errors a user can cause, end to end through the real `cspr` (pipeline.start.main) in its
own process: exit 1 with a message naming the file (for a template, also the field and the
paragraph) and what to do; never exit 3, never a traceback, never a half-written file."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from docx import Document

from .conftest import ROOT, cspr, rewrite

TODAY = ("--today", "2026-11-22")
CASE = "cases/NS-2026-011"  # the example fixture's copy, relative to tmp_path
SHIPPED = sorted(p.name for p in (ROOT / "templates").glob("*.docx"))

UNKNOWN_FIELD = "Dear {{ agency.salutaton }},"
BROKEN_TAG = "Dear {{ agency.salutation },"


def own_template(example: Path, name: str, line: str) -> Path:
    """A partnership's own template, cases/templates/<name>.docx, made in python-docx."""
    path = example.parent / "templates" / f"{name}.docx"
    path.parent.mkdir(exist_ok=True)
    doc = Document()
    doc.add_paragraph("Request for information: {{ case.reference }}")
    doc.add_paragraph(line)
    doc.add_paragraph("Yours sincerely,")
    doc.save(str(path))
    return path


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode != 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    assert "internal error" not in result.stderr


def temp_files(folder: Path) -> list[Path]:
    return list(folder.rglob(".*")) if folder.exists() else []


def test_own_template_with_an_unknown_field(example: Path, tmp_path: Path) -> None:
    own_template(example, "request-letter", UNKNOWN_FIELD)
    result = cspr("requests", CASE, "--out", "OUT", *TODAY, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert_no_traceback(result)
    assert "request-letter.docx" in result.stderr
    assert "salutaton" in result.stderr
    assert UNKNOWN_FIELD in result.stderr
    assert temp_files(tmp_path / "OUT") == []


def test_own_template_with_a_broken_tag(example: Path, tmp_path: Path) -> None:
    own_template(example, "request-letter", BROKEN_TAG)
    result = cspr("requests", CASE, "--out", "OUT", *TODAY, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert_no_traceback(result)
    # The case's own template is checked with the case: a finding in the table (stdout).
    said = result.stdout + result.stderr
    assert "request-letter.docx" in said
    assert BROKEN_TAG in said
    assert temp_files(tmp_path / "OUT") == []


@pytest.mark.parametrize(
    ("line", "named"),
    [(UNKNOWN_FIELD, "salutaton"), (BROKEN_TAG, BROKEN_TAG)],
    ids=["unknown-field", "broken-tag"],
)
def test_check_templates_goes_on_past_a_broken_override(
    example: Path, tmp_path: Path, line: str, named: str
) -> None:
    own_template(example, "request-letter", line)
    result = cspr("check-templates", CASE, *TODAY, cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert_no_traceback(result)
    lines = result.stdout.splitlines()
    renders = [x for x in lines if x.endswith(": renders")]
    fails = [x for x in lines if ": FAILS: " in x]
    assert len(fails) == 1, result.stdout + result.stderr
    assert len(renders) + len(fails) == len(SHIPPED)
    assert sorted(x.split(":")[0] for x in renders + fails) == SHIPPED
    (failed,) = fails
    assert failed.startswith("request-letter.docx: FAILS")
    assert "the partnership's own" in failed
    assert named in failed


def test_validate_reports_a_broken_own_template(example: Path, tmp_path: Path) -> None:
    own_template(example, "request-letter", BROKEN_TAG)
    result = cspr("validate", CASE, "--json", "--out", "OUT", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert_no_traceback(result)
    found = [f for f in json.loads(result.stdout) if f["code"] == "template-invalid"]
    assert [f["file"] for f in found] == ["templates/request-letter.docx"]
    assert found[0]["severity"] == "error"
    assert BROKEN_TAG in found[0]["value"]


def test_output_folder_under_a_file(example: Path, tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("in the way\n")
    result = cspr("summary", CASE, "--out", "file.txt/sub", *TODAY, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert_no_traceback(result)
    assert "file.txt/sub" in result.stderr
    assert "--out" in result.stderr  # what to do: check the output folder
    assert (tmp_path / "file.txt").read_text() == "in the way\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only folder regardless")
def test_read_only_output_folder(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "OUT"
    out.mkdir()
    out.chmod(0o500)
    try:
        result = cspr("summary", CASE, "--out", "OUT", *TODAY, cwd=tmp_path)
    finally:
        out.chmod(0o700)
    assert result.returncode == 1, result.stderr
    assert_no_traceback(result)
    assert "OUT" in result.stderr
    assert "--out" in result.stderr or "permission" in result.stderr.lower()
    assert list(out.iterdir()) == []


def test_reviewers_report_that_is_a_folder(example: Path, tmp_path: Path) -> None:
    report = example / "report" / "final-report.docx"
    report.unlink()
    report.mkdir()
    result = cspr("publish-pack", CASE, "--out", "OUT", *TODAY, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert_no_traceback(result)
    # A finding (the table is on stdout; stderr says to see it).
    assert "report/final-report.docx" in result.stdout + result.stderr
    assert not (tmp_path / "OUT" / example.name / "publish-pack").exists()


def test_reviewers_report_that_is_not_a_docx(example: Path, tmp_path: Path) -> None:
    (example / "report" / "final-report.docx").write_text("not a Word document\n")
    result = cspr("publish-pack", CASE, "--out", "OUT", *TODAY, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert_no_traceback(result)
    assert "final-report.docx" in result.stdout + result.stderr
    assert not (tmp_path / "OUT" / example.name / "publish-pack").exists()


def test_reviewers_report_with_a_damaged_part(example: Path, tmp_path: Path) -> None:
    report = example / "report" / "final-report.docx"
    broken = rewrite(
        report.read_bytes(), lambda n, b: b"<w:document><w:body>" if n == "word/document.xml" else b
    )
    report.write_bytes(broken)
    result = cspr("publish-pack", CASE, "--out", "OUT", *TODAY, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert_no_traceback(result)
    said = result.stdout + result.stderr
    assert "word/document.xml" in said or "final-report.docx" in said
    assert not (tmp_path / "OUT" / example.name / "publish-pack").exists()


def test_own_template_that_is_not_a_docx(example: Path, tmp_path: Path) -> None:
    path = example.parent / "templates" / "referral-form.docx"
    path.parent.mkdir()
    path.write_text("saved as plain text, not from Word\n")
    result = cspr("referral-form", CASE, "--out", "OUT", *TODAY, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert_no_traceback(result)
    said = result.stdout + result.stderr
    assert "referral-form.docx" in said
    assert "Save it from Word as a .docx" in said
    assert not (tmp_path / "OUT" / example.name / "referral-form.docx").exists()
    assert temp_files(tmp_path / "OUT") == []
