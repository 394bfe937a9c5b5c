"""The front of the process: referral form, requests and reply templates, chasing, notices."""

import csv
import json
from datetime import date, time
from pathlib import Path

import openpyxl

from .conftest import base_case, needs_office, run, text_of, to_pdf, write_case

TODAY = "2026-11-22"


def cspr(command: str, case: Path, out: Path, today: str = TODAY) -> str:
    result = run(command, case, "--out", out, "--today", today)
    assert result.exit_code == 0, result.output
    return result.output


def test_referral_form_has_every_part(example: Path, tmp_path: Path) -> None:
    cspr("referral-form", example, tmp_path)
    text = text_of(tmp_path / example.name / "referral-form.docx")
    for fact in [
        "identifying, internal use only",
        "Sam Okafor",
        "10 November 2026",
        "Riley Brennan",
        "14 March 2024",
        "Flat 3, 27 Millbrook Road",
        "Kayleigh Brennan (mother)",
        "\u2612 Has been",
        "\u2612 British",
        "(as written: White British)",
        "\u2610 Irish",
        "Dean Foster",
        "2 February 1996",
        "\u2612 Suspected",
        "Is the child deceased?",
        "\u2610 Yes\u2003\u2612 No",
        "unresponsive. A CT scan",
        "DI Priya Rao",
        "casereview.police@example.org",
        "Care proceedings",
        "being considered",
    ]:
        assert fact in text, fact


def test_request_letters_and_reply_templates(example: Path, tmp_path: Path) -> None:
    cspr("requests", example, tmp_path)
    base = tmp_path / example.name / "requests"
    assert len(list(base.glob("*-letter.docx"))) == len(list(base.glob("*-return.xlsx"))) == 8
    letter = text_of(base / "police-letter.docx")
    for fact in [
        "Dear DI Rao,",  # title and surname
        "Child R, aged 2 years 7 months, was seriously harmed",
        "Monday 23 November 2026",
        "police-return.xlsx",
        "1 August 2023 to 9 November 2026",
        "secure all your agency's records",
        "nscp.business@example.org",
    ]:
        assert fact in letter, fact
    assert "Riley" not in letter and "Millbrook" not in letter
    book = openpyxl.load_workbook(base / "police-return.xlsx")
    assert book.sheetnames == ["Summary", "Chronology", "Guidance"]
    summary, chron = book["Summary"], book["Chronology"]
    assert summary["B4"].value == "NS-2026-011" and summary["B5"].value == "Northshire Police"
    assert chron.protection.sheet and summary.protection.sheet
    assert [c.value for c in chron[3]][:7] == [
        "Date",
        "Time",
        "Source",
        "Event",
        "Action",
        "Significance",
        "Key event",
    ]
    assert chron["A3"].protection.locked  # the header row
    unlocked = {
        i
        for d in chron.column_dimensions.values()
        if not d.protection.locked
        for i in range(d.min, d.max + 1)
    }
    assert unlocked >= set(range(1, 27))  # entry columns, the agency's own columns too
    kinds = {dv.type for dv in chron.data_validations.dataValidation}
    assert kinds == {"date", "time", "list"}
    assert {dv.type for dv in summary.data_validations.dataValidation} == {"date", "list"}


def fill(template: Path, target: Path) -> None:
    """What an agency does: answer the Summary and add chronology rows in Excel."""
    book = openpyxl.load_workbook(template)
    summary = book["Summary"]
    answers = {
        "Completed by": "A. Officer",
        "Role": "Safeguarding lead",
        "Email": "a@example.org",
        "Date completed": date(2026, 10, 12),
        "Known to agency": "Yes",
        "Involvement from": date(2025, 1, 1),
        "Involvement to": date(2026, 10, 2),
        "Summary of involvement": "Two calls.",
        "Immediate actions taken": "Records secured.",
        "Records secured": "Yes",
        "Learning identified": "None yet.",
        "Good practice": "Quick response.",
        "Still involved": "No",
    }
    for row in summary.iter_rows(min_row=1):
        if row[0].value in answers:
            row[1].value = answers[row[0].value]
    chron = book["Chronology"]
    chron.append(
        [
            date(2025, 3, 1),
            time(14, 30),
            "PC 1",
            "Call to the address",
            "Advice given",
            "First contact",
            "No",
        ]
    )
    chron.append([date(2026, 10, 2), time(9, 0), "DS 2", "Arrest", "Charged", "Key", "Yes"])
    book.save(target)


def test_reply_template_round_trip_validates_with_no_warnings(tmp_path: Path) -> None:
    folder = write_case(tmp_path, base_case(agencies=("police",)))
    out = tmp_path / "out"
    cspr("requests", folder, out)
    fill(out / folder.name / "requests" / "police-return.xlsx", folder / "returns" / "police.xlsx")
    result = run("validate", folder, "--out", out, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    rows = run("chronology", folder, "--out", out)
    assert "2 rows in, 2 in the chronology" in rows.output


def test_chase_counts_working_days_overdue(example: Path, tmp_path: Path) -> None:
    output = cspr("chase", example, tmp_path, "2026-11-26")  # due Monday 23rd: Tue, Wed, Thu
    assert "probation" in output
    with (tmp_path / example.name / "chase.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert [(r["agency_key"], r["status"], r["due"], r["working_days_overdue"]) for r in rows] == [
        ("probation", "missing", "2026-11-23", "3")
    ]
    assert rows[0]["email"] == "probation@example.org"
    reminder = text_of(tmp_path / example.name / "requests" / "probation-reminder.docx")
    assert "is now 3 working days overdue" in reminder and "Dear Sam Ellis" in reminder


def test_chase_lists_late_returns(example: Path, tmp_path: Path) -> None:
    police = example / "returns" / "police.xlsx"
    book = openpyxl.load_workbook(police)
    for row in book["Summary"].iter_rows():
        if row[0].value == "Date completed":
            row[1].value = date(2026, 11, 25)
    book.save(police)
    output = cspr("chase", example, tmp_path, "2026-11-26")
    assert "received late" in output
    assert not (tmp_path / example.name / "requests" / "police-reminder.docx").exists()


def test_notices(example: Path, tmp_path: Path) -> None:
    output = cspr("notices", example, tmp_path)
    base = tmp_path / example.name / "notices"
    appointed = text_of(base / "reviewer-appointed.docx")
    for fact in [
        "Child Safeguarding Practice Review Panel",
        "Ofsted",
        "Department for Education",
        "Dr Hannah Marlowe of Marlowe Safeguarding Consultancy",
        "21 November 2026",
        "20 May 2027",
    ]:
        assert fact in appointed, fact
    delay = text_of(base / "delay.docx")
    assert "Secretary of State for Education" in delay and "charging decision" in delay
    invitations = sorted(base.glob("workshop-invitation-*.docx"))
    assert len(invitations) == 8
    police = text_of(base / "workshop-invitation-police.docx")
    assert "Wednesday 10 February 2027" in police and "a full day" in police
    assert "not produced" not in output


def test_notices_wait_for_their_dates(example: Path, tmp_path: Path) -> None:
    (example / "review.yaml").write_text("scoping_period: {from: 2023-08-01, to: 2026-11-09}\n")
    output = cspr("notices", example, tmp_path)
    assert "not produced: reviewer-appointed" in output
    assert not (tmp_path / example.name / "notices").exists()


def test_national_bodies_come_from_the_partnership_profile(example: Path, tmp_path: Path) -> None:
    profile = example.parent / "partnership.yaml"
    profile.write_text(
        profile.read_text() + "national_bodies:\n  ofsted: {name: Ofsted North, "
        "email: north@ofsted.example.org}\n"
    )
    cspr("notices", example, tmp_path)
    assert "Ofsted North" in text_of(
        tmp_path / example.name / "notices" / "reviewer-appointed.docx"
    )


@needs_office
def test_libreoffice_opens_the_front_documents(example: Path, tmp_path: Path) -> None:
    for command in ("referral-form", "requests", "chase", "notices"):
        cspr(command, example, tmp_path)
    base = tmp_path / example.name
    files = [
        base / "referral-form.docx",
        base / "requests" / "police-letter.docx",
        base / "requests" / "police-return.xlsx",
        base / "requests" / "probation-reminder.docx",
        base / "notices" / "reviewer-appointed.docx",
        base / "notices" / "delay.docx",
        base / "notices" / "workshop-invitation-gp.docx",
    ]
    for pdf in to_pdf(files, tmp_path / "pdf"):
        assert pdf.stat().st_size > 3000, pdf.name
