"""Documents a business office can send without correcting them (issue 13): dates that
agree, facts that are right, no silent placeholders, sheets that read right."""

import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner, Result

from pipeline.cli import cli

from .conftest import needs_office, run, text_of, to_pdf

TODAY = "2026-11-26"


def wide(*args: object) -> Result:
    """The real CLI, with a terminal wide enough that nothing wraps."""
    return CliRunner(env={"COLUMNS": "400"}).invoke(cli, [str(a) for a in args])


def edit(path: Path, **changes: object) -> None:
    """Change top-level keys of a YAML file of the case."""
    data = yaml.safe_load(path.read_text())
    data.update(changes)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def dated(path: Path) -> str:
    """The date line of a letter (its second paragraph)."""
    return text_of(path).splitlines()[1 if "\n" not in text_of(path).split("\n")[0] else 2]


# Dates that contradict each other


def test_a_letter_made_again_days_later_keeps_its_date(example: Path, tmp_path: Path) -> None:
    for today in ("2026-11-26", "2026-12-03"):
        assert run("notices", example, "--out", tmp_path, "--today", today).exit_code == 0
        notice = text_of(tmp_path / example.name / "notices" / "reviewer-appointed.docx")
        assert "26 November 2026" in notice.split("Dear")[0]
        assert "3 December 2026" not in notice.split("Dear")[0]


def test_request_letters_carry_the_day_they_were_sent(example: Path, tmp_path: Path) -> None:
    # the example records referral.requests_sent: 11 November 2026
    assert run("requests", example, "--out", tmp_path, "--today", TODAY).exit_code == 0
    head = text_of(tmp_path / example.name / "requests" / "police-letter.docx").split("Dear")[0]
    assert "11 November 2026" in head and "26 November 2026" not in head


def test_the_notice_to_the_national_bodies_is_dated_the_day_it_was_sent(
    example: Path, tmp_path: Path
) -> None:
    assert run("publish-pack", example, "--out", tmp_path, "--today", TODAY).exit_code == 0
    notice = tmp_path / example.name / "publish-pack" / "notice-to-national-bodies.docx"
    head = text_of(notice).split("the report before publication")[0]
    assert "7 June 2027" in head and "26 November 2026" not in head


def test_a_reply_by_date_already_past_is_warned(example: Path, tmp_path: Path) -> None:
    case = example / "case.yaml"
    data = yaml.safe_load(case.read_text())
    del data["referral"]["requests_sent"]
    case.write_text(yaml.safe_dump(data, sort_keys=False))
    result = wide("requests", example, "--out", tmp_path, "--today", "2027-01-06")
    assert result.exit_code == 0
    assert "already past" in result.stderr


def test_a_recorded_date_after_today_is_a_finding_and_never_done(
    example: Path, tmp_path: Path
) -> None:
    # the example's meeting was on 20 November 2026; as of 18 November it has not happened
    result = wide("validate", example, "--out", tmp_path, "--today", "2026-11-18", "--json")
    future = [f for f in __import__("json").loads(result.stdout) if f["code"] == "date-in-future"]
    assert "meeting.date" in [f["field"] for f in future]
    deadlines = wide("deadlines", example, "--out", tmp_path, "--today", "2026-11-18")
    assert "Rapid review meeting held: done" not in deadlines.output
    assert "'meeting.date' is 20/11/2026, after today" in deadlines.stderr


def test_a_meeting_before_the_returns_are_due_is_warned(example: Path, tmp_path: Path) -> None:
    edit(example / "meeting.yaml", date="2026-11-16")  # returns due Monday 23 November
    result = wide("deadlines", example, "--out", tmp_path, "--today", TODAY)
    assert "The meeting was held on 16/11/2026, before the agencies' returns" in result.stderr
    assert "23/11/2026" in result.stderr


# Wrong facts


def test_who_knew_the_child_never_counts_an_answer_not_given(example: Path, tmp_path: Path) -> None:
    # GP and early years sent CSV returns, which carry no Summary answers
    assert run("summary", example, "--out", tmp_path, "--today", TODAY).exit_code == 0
    text = text_of(tmp_path / example.name / "combined-summary.docx")
    assert "agencies said they knew the child" in text
    assert re.search(r"not given by [^;\n]*Eastbridge Medical Practice", text)
    assert "no return from Northshire Probation Service" in text
    assert "5 of 8 agencies knew the child" not in text


def test_the_panel_letter_is_written_to_the_panel(example: Path, tmp_path: Path) -> None:
    assert run("panel-pack", example, "--out", tmp_path, "--today", TODAY).exit_code == 0
    letter = text_of(tmp_path / example.name / "panel-covering-letter.docx")
    assert "Your agency" not in letter
    assert "will be commissioned" not in letter  # review.yaml records the reviewer
    assert "commissioned Dr Hannah Marlowe of Marlowe Safeguarding Consultancy" in letter
    assert "21 November 2026" in letter


def test_an_agency_that_sent_nothing_is_not_thanked(example: Path, tmp_path: Path) -> None:
    assert run("panel-pack", example, "--out", tmp_path, "--today", TODAY).exit_code == 0
    letters = tmp_path / example.name / "outcome-letters"
    probation = text_of(letters / "probation.docx")
    assert "will be commissioned" not in probation  # review.yaml records the reviewer
    assert "commissioned Dr Hannah Marlowe" in probation
    assert "Thank you" not in probation
    assert "We did not receive your agency's return" in probation
    assert "Thank you for your agency's return." in text_of(letters / "police.docx")


def test_an_action_owner_named_in_short_reaches_its_agency(example: Path, tmp_path: Path) -> None:
    meeting = yaml.safe_load((example / "meeting.yaml").read_text())
    meeting["immediate_actions"][1]["owner"] = "Children's Services"
    meeting["immediate_actions"].append({"action": "Call the family", "owner": "Somebody Else"})
    (example / "meeting.yaml").write_text(yaml.safe_dump(meeting, sort_keys=False))
    result = wide("panel-pack", example, "--out", tmp_path, "--today", TODAY)
    assert result.exit_code == 0, result.output
    letter = text_of(tmp_path / example.name / "outcome-letters" / "childrens-services.docx")
    assert "Review all children on child in need plans" in letter
    checked = wide("validate", example, "--out", tmp_path, "--json")
    owners = [f for f in __import__("json").loads(checked.stdout) if f["code"] == "owner-unknown"]
    assert [f["value"] for f in owners] == ["Somebody Else"]


def test_the_quorum_counts_partner_agency_representatives_only(
    example: Path, tmp_path: Path
) -> None:
    assert run("panel-pack", example, "--out", tmp_path, "--today", TODAY).exit_code == 0
    text = text_of(tmp_path / example.name / "combined-summary-panel.docx")
    assert "Quorate: 5 partner-agency representatives attended" in text  # not the manager


def test_a_salutation_is_title_and_surname(example: Path, tmp_path: Path) -> None:
    assert run("requests", example, "--out", tmp_path, "--today", TODAY).exit_code == 0
    letter = text_of(tmp_path / example.name / "requests" / "police-letter.docx")
    assert "Dear DI Rao," in letter and "Dear DI Priya Rao" not in letter


def test_the_referral_form_shows_what_the_referrer_knew(example: Path, tmp_path: Path) -> None:
    assert run("referral-form", example, "--out", tmp_path, "--today", TODAY).exit_code == 0
    doc = tmp_path / example.name / "referral-form.docx"
    text = text_of(doc)
    # the meeting later answered "yes"; the referrer had not said: the form leaves it open
    assert "(not yet known)" in text
    assert "\u2612 British (as written: White British)\u2003\u2610 Irish" in text
    assert "Chinese" in [row for row in text.splitlines() if "(C) Asian" in row][0] or (
        "\u2610 Chinese" in text.split("(D) Black")[0].split("(C) Asian")[1]
    )
    assert "Any other ethnic group (please specify)" in text
    assert "Any death of a child in custody" in text
    assert "please send this form to nscp.business@example.org" in text


# No silent placeholders


PLACEHOLDERS = [
    re.compile(r",\s*,"),
    re.compile(r"\S  +\S"),
    re.compile(r"\(\s*\)"),
    re.compile(r"\b(Business Manager)\n\1\b"),
]


def all_documents(case: Path, out: Path) -> list[Path]:
    for command in ("summary", "panel-pack", "referral-form", "requests", "chase", "notices"):
        result = run(command, case, "--out", out, "--today", TODAY)
        assert result.exit_code == 0, (command, result.output)
    return sorted((out / case.name).rglob("*.docx"))


@pytest.mark.parametrize("with_partnership", [True, False])
def test_no_document_has_an_empty_placeholder(
    example: Path, tmp_path: Path, with_partnership: bool
) -> None:
    if not with_partnership:
        (example.parent / "partnership.yaml").unlink()
    documents = all_documents(example, tmp_path)
    assert len(documents) > 25
    for doc in documents:
        text = text_of(doc)
        for pattern in PLACEHOLDERS:
            found = pattern.search(text)
            assert not found, (doc.name, found and text[found.start() - 40 : found.end() + 40])


# Sheets


def test_the_action_plan_rag_means_what_it_says(example: Path, tmp_path: Path) -> None:
    review = yaml.safe_load((example / "review.yaml").read_text())
    review["recommendations"] = [
        {"id": "R1", "text": "Late one", "due": "2026-11-01"},
        {"id": "R2", "text": "Soon", "due": "2026-12-10"},
        {"id": "R3", "text": "Later", "due": "2027-06-30"},
        {"id": "R4", "text": "Done", "due": "2026-10-01", "status": "Complete"},
    ]
    (example / "review.yaml").write_text(yaml.safe_dump(review, sort_keys=False))
    result = run("publish-pack", example, "--out", tmp_path, "--today", TODAY)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(
        tmp_path / example.name / "publish-pack" / "action-plan.xlsx", data_only=True
    )
    sheet = book["Action plan"]
    assert [sheet.cell(r, 7).value for r in range(2, 6)] == ["Red", "Amber", "Green", "Done"]
    key = " ".join(str(sheet.cell(r, 10).value) for r in range(1, 7))
    assert "Red: overdue" in key and "Amber: due within a month" in key


def test_themes_are_counted_by_meaning_not_spelling(tmp_path: Path, example: Path) -> None:
    twin = example.parent / "NS-2026-012"
    shutil.copytree(example, twin)
    edit(twin / "case.yaml", reference="NS-2026-012")
    edit(twin / "meeting.yaml", themes=["invisible men ", "INFORMATION-SHARING"])
    result = run("tracker", example.parent, "--out", tmp_path, "--today", TODAY)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tmp_path / "tracker.xlsx")["Themes"]
    counts = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1)}
    assert counts["Unseen men"] == 2 and counts["Information sharing"] == 2
    assert "Invisible men" not in counts


def test_every_sheet_prints_one_page_wide(example: Path, tmp_path: Path) -> None:
    assert run("requests", example, "--out", tmp_path, "--today", TODAY).exit_code == 0
    assert run("tracker", example.parent, "--out", tmp_path, "--today", TODAY).exit_code == 0
    for book in (
        tmp_path / "tracker.xlsx",
        tmp_path / example.name / "requests/police-return.xlsx",
    ):
        with zipfile.ZipFile(book) as package:
            for part in [n for n in package.namelist() if n.startswith("xl/worksheets/sheet")]:
                xml = package.read(part).decode()
                assert 'fitToWidth="1"' not in xml or "fitToPage" in xml  # fit, when set
                assert "fitToPage" in xml, (book.name, part)


# What LibreOffice shows


@needs_office
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="apt-get install poppler-utils")
def test_every_document_s_text_is_in_its_pdf(example: Path, tmp_path: Path) -> None:
    """Every document of the example, opened in LibreOffice and saved as PDF, shows every
    paragraph and every table row (their first words: a row may split over pages)."""
    import subprocess

    from docx import Document

    documents = all_documents(example, tmp_path / "out")
    for pdf, doc in zip(to_pdf(documents, tmp_path / "pdf"), documents, strict=True):
        shown = " ".join(
            subprocess.run(
                ["pdftotext", str(pdf), "-"], capture_output=True, text=True
            ).stdout.split()
        )
        word = Document(str(doc))
        texts = [p.text for p in word.paragraphs]
        texts += [row.cells[0].text for table in word.tables for row in table.rows]
        for text in texts:
            first = " ".join(text.split()[:3])
            if first and "{" not in first:
                assert first in shown, (doc.name, first)
    assert len(documents) > 25


@needs_office
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="apt-get install poppler-utils")
def test_the_chronology_never_splits_a_word(example: Path, tmp_path: Path) -> None:
    import subprocess

    assert run("chronology", example, "--out", tmp_path, "--today", TODAY).exit_code == 0
    doc = tmp_path / example.name / "multi-agency-chronology.docx"
    (pdf,) = to_pdf([doc], tmp_path / "pdf")
    shown = set(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split()
    )
    sheet = openpyxl.load_workbook(doc.with_suffix(".xlsx"))["Chronology"]
    words = {
        w.strip(".,;:()'")
        for row in sheet.iter_rows(min_row=2, min_col=3, max_col=4, values_only=True)
        for cell in row
        for w in str(cell or "").split()
    }
    long_words = {w for w in words if len(w) >= 8 and w.isalpha()}
    assert "Safeguarding" in long_words
    assert long_words <= {w.strip(".,;:()'") for w in shown}, long_words - shown


def test_an_agency_can_find_its_records_from_the_annex(example: Path, tmp_path: Path) -> None:
    assert run("requests", example, "--out", tmp_path, "--today", TODAY).exit_code == 0
    folder = tmp_path / example.name / "requests"
    annex = text_of(folder / "police-annex.docx")
    for fact in ("Riley Brennan", "14 March 2024", "Millbrook Road", "Kayleigh Brennan", "mother"):
        assert fact in annex, fact
    assert "OFFICIAL-SENSITIVE: PERSONAL" in annex
    letter = text_of(folder / "police-letter.docx")
    assert "police-annex.docx" in letter
    assert "Riley" not in letter and "Brennan" not in letter  # the letter itself: pseudonym only


def test_the_chronology_date_column_fits_its_longest_date(example: Path, tmp_path: Path) -> None:
    assert run("chronology", example, "--out", tmp_path, "--today", TODAY).exit_code == 0
    book = openpyxl.load_workbook(tmp_path / example.name / "multi-agency-chronology.xlsx")
    sheet = book["Chronology"]
    widest = max(len(f"c. {m} 2025") for m in ("September", "November", "December"))
    assert (sheet.column_dimensions["A"].width or 0) >= widest  # never shown as ###


def test_excel_day_numbers_in_early_1900_are_not_a_day_off() -> None:
    from pipeline.chronology.xlsx import excel_serial

    assert excel_serial(date(1900, 1, 1)) == 1  # Excel's day 1
    assert excel_serial(date(1900, 2, 28)) == 59
    assert excel_serial(date(1900, 3, 1)) == 61  # day 60 is Excel's 29 February 1900
    assert excel_serial(date(2025, 10, 3)) == 45933


def test_a_csv_return_can_carry_its_summary_answers(example: Path, tmp_path: Path) -> None:
    gp = example / "returns" / "gp.csv"
    raw = gp.read_bytes()
    gp.write_bytes(b"Known to agency,Yes\r\nDate completed,18/11/2026\r\n" + raw)
    assert run("summary", example, "--out", tmp_path, "--today", TODAY).exit_code == 0
    text = text_of(tmp_path / example.name / "combined-summary.docx")
    assert "6 of 8 agencies said they knew the child" in text
    assert not re.search(r"not given by [^;\n]*Eastbridge Medical Practice", text)
