"""The review stage (issue 12, parts 3, 4 and 9): the terms of reference, the timetable in the
deadline engine, the review-stage requests and their returns (review-returns/), and complete
workshop invitations; all through `cspr review` on real files read back."""

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from .conftest import (
    chronology,
    event,
    needs_office,
    run,
    text_of,
    to_pdf,
    write_case,
    write_xlsx,
)

TODAY = "2027-01-20"  # the example's review stage: reports due 15 January, workshop 10 February


def cspr(command: str, case: Path, out: Path, today: str = TODAY) -> str:
    result = run(command, case, "--out", out, "--today", today)
    assert result.exit_code == 0, result.output
    return result.output


def change_review(case: Path, change: Any) -> None:
    path = case / "review.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def deadlines(case: Path, out: Path, today: str = TODAY) -> dict[str, dict[str, Any]]:
    cspr("deadlines", case, out, today)
    found = json.loads((out / case.name / "deadlines.json").read_text())
    return {d["rule"]: d for d in found}


def findings(case: Path, out: Path, today: str = TODAY) -> list[dict[str, Any]]:
    result = run("validate", case, "--out", out, "--today", today, "--json")
    return list(json.loads(result.stdout))


# The terms of reference (LLR 5.1-5.8)


def test_the_terms_of_reference_carry_every_part(example: Path, tmp_path: Path) -> None:
    output = cspr("review", example, tmp_path)
    text = text_of(tmp_path / example.name / "review" / "terms-of-reference.docx")
    for fact in [
        "Local child safeguarding practice review NS-2026-011 (Child R)",
        "Agreed by the Northshire case review group on 4 December 2026.",
        "decided at the rapid review meeting on 20 November 2026",
        "Dr Hannah Marlowe, Marlowe Safeguarding Consultancy (commissioned 21 November 2026)",
        "1 August 2023 to 9 November 2026",
        "20 May 2027 (LLR 3.1.2",
        "How the agencies knew about, shared information on and responded to the adults in "
        "Child R's household",
        "1. What did each agency know about the mother's new partner, when, and how was it shared?",
        "4. What helped and what hindered the agencies in working together with the family?",
        "A systems review (LLR 8.1) led by the independent reviewer",
        "The mother will be invited to meet the reviewer",
        "Legal advice will be taken before any approach to the mother's partner.",
        "Information report (LLR 8.5)",
        "Northshire Children's Services, Northshire Police, Northshire Community Health, "
        "Early Years Setting",
        "Organisational change chronology (LLR 8.4.1)",
        "15 January 2027",
        "Criminal investigation",  # case.yaml's other_processes, as none are given
        "being considered",
    ]:
        assert fact in text, fact
    rows = text.split("9. Timetable")[1]
    assert "Terms of reference agreed\n4 December 2026\nDone 4 December 2026" in rows
    assert "Agencies' reports and chronologies in\n15 January 2027\nLate: not done" in rows
    assert "Reflective learning workshop\n10 February 2027\nPlanned" in rows
    assert (
        "Final report to the safeguarding partners\n14 May 2027\nPlanned\n"
        "Local child safeguarding practice review complete\n20 May 2027\nRequired (LLR 3.1.2"
    ) in rows
    assert "Riley" not in text and "Brennan" not in text  # the pseudonym only
    assert "still to agree" not in output


def test_a_draft_says_what_is_still_to_agree(example: Path, tmp_path: Path) -> None:
    def draft(review: dict[str, Any]) -> None:
        review["terms_of_reference"] = {
            "scope": "Agency A & agency <B>: {{ not a field }}",
            "parallel_processes": [{"process": "Coroner's inquest", "status": "opened"}],
        }
        del review["scoping_period"]

    change_review(example, draft)
    output = cspr("review", example, tmp_path)
    assert (
        "terms of reference: still to agree: lines of enquiry, methodology, family "
        "involvement, legal advice, scoping period, the date it is agreed"
    ) in output
    text = text_of(tmp_path / example.name / "review" / "terms-of-reference.docx")
    assert "Draft: not yet agreed." in text
    assert "Agency A & agency <B>: {{ not a field }}" in text  # text is data
    assert "1. To be agreed." in text and "Not yet agreed" in text
    assert "(proposed: not yet agreed)" in text
    assert "Coroner's inquest\nopened" in text and "Criminal investigation" not in text


def test_the_older_agreed_key_still_works_and_two_dates_contradict(
    example: Path, tmp_path: Path
) -> None:
    def older(review: dict[str, Any]) -> None:
        del review["terms_of_reference"]["agreed"]
        review["terms_of_reference_agreed"] = date(2026, 12, 2)

    change_review(example, older)
    cspr("review", example, tmp_path)
    text = text_of(tmp_path / example.name / "review" / "terms-of-reference.docx")
    assert "Agreed by the Northshire case review group on 2 December 2026." in text
    assert deadlines(example, tmp_path)["review-timetable:terms-of-reference"]["met_on"] == (
        "2026-12-02"
    )
    change_review(example, lambda r: r["terms_of_reference"].update(agreed=date(2026, 12, 4)))
    found = [f for f in findings(example, tmp_path) if f["code"] == "dates-contradict"]
    assert any(f["field"] == "terms_of_reference.agreed" for f in found), found


def test_review_says_what_it_could_not_write(example: Path, tmp_path: Path) -> None:
    change_review(example, lambda r: [r.pop(k) for k in ("terms_of_reference", "requests")])
    output = cspr("review", example, tmp_path)
    assert "not produced: terms-of-reference: needs meeting.yaml and a terms_of_reference" in output
    assert "not produced: review requests: none in review.yaml" in output
    assert not (tmp_path / example.name / "review").exists()
    assert (tmp_path / example.name / "notices" / "reviewer-appointed.docx").is_file()
    (example / "review.yaml").unlink()
    output = cspr("review", example, tmp_path / "none")
    assert "not produced: every review-stage document: needs meeting.yaml and review.yaml" in output


# The timetable in the deadline engine


def test_the_timetable_is_planned_then_late_until_done(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # the table's lines whole
    found = deadlines(example, tmp_path)
    assert found["review-timetable:panel-meeting-1"]["status"] == "met"
    assert found["review-timetable:terms-of-reference"]["met_on"] == "2026-12-04"
    assert found["review-timetable:information-reports"]["status"] == "late"
    assert found["review-timetable:panel-meeting-2"]["status"] == "planned"
    assert "LLR 5.8.1" in found["review-timetable:draft-report"]["source"]
    words = run("deadlines", example, "--out", tmp_path, "--today", TODAY).output
    assert "Case review panel meeting: planned for Friday 22 January 2027 (in 2" in words
    assert "reports and chronologies in: planned for Friday 15 January 2027, not done" in words
    # every request in: the reports' step is done on the last one's day
    change_review(
        example,
        lambda r: [q.update(received=date(2027, 1, 14)) for q in r["requests"] if "sent" in q],
    )
    step = deadlines(example, tmp_path)["review-timetable:information-reports"]
    assert (step["status"], step["met_on"]) == ("met", "2027-01-14")


def test_timetable_dates_that_contradict_are_warned(example: Path, tmp_path: Path) -> None:
    def late(review: dict[str, Any]) -> None:
        review["timetable"][-1]["planned"] = date(2027, 6, 4)  # final report after 6 months
        review["workshop"]["date"] = date(2027, 1, 13)  # before the reports are due
        review["workshop"]["reply_by"] = date(2027, 1, 13)

    change_review(example, late)
    found = [f for f in findings(example, tmp_path) if f["code"] == "dates-contradict"]
    messages = " ".join(f["message"] for f in found)
    assert "after the review is due to be complete (20/05/2027" in messages
    assert "before the agencies' reports are due (15/01/2027)" in messages
    assert "not before the workshop (13/01/2027)" in messages
    assert "the workshop block says 13/01/2027" in messages


def test_a_step_other_needs_a_title(tmp_path: Path) -> None:
    review = {"timetable": [{"step": "other", "planned": date(2027, 1, 5)}]}
    folder = write_case(tmp_path, review=review)
    found = findings(folder, tmp_path / "out")
    assert ("key-missing", "timetable[0].title") in [(f["code"], f["field"]) for f in found]


# The review-stage requests (LLR 8.4-8.6)


def test_each_request_has_its_letter_and_reply_template(example: Path, tmp_path: Path) -> None:
    cspr("review", example, tmp_path)
    base = tmp_path / example.name / "review" / "requests"
    police = text_of(base / "police-information-report-letter.docx")
    for fact in [
        "7 December 2026",  # the day it was sent
        "DI Priya Rao\nNorthshire Police",
        "Information report: review NS-2026-011 (Child R) - reply by Friday 15 January 2027",
        "Dear DI Rao,",
        "The independent reviewer is Dr Hannah Marlowe.",
        "The terms of reference, agreed on 4 December 2026, are enclosed.",
        "What we ask: an information report on your agency's involvement",
        "from 1 August 2023 to 9 November 2026",
        "\u2022 How were the missed health reviews noticed, followed up and escalated?",
        "(police-information-report.xlsx)",
        "invited to the reflective learning workshop (LLR 8.10.1)",
    ]:
        assert fact in police, fact
    gp = text_of(base / "gp-factual-summary-letter.docx")
    assert "What we ask: a factual summary" in gp and "LLR 8.6.1" in gp
    assert "information report on your" not in gp
    changes = text_of(base / "health-visiting-organisational-changes-letter.docx")
    assert "chronology of the organisational changes" in changes and "LLR 8.4.1" in changes
    # probation's is not sent yet: dated today, reply 20 working days on (the rule's default,
    # as the timetable's date for the reports has passed)
    probation = text_of(base / "probation-factual-summary-letter.docx")
    assert "20 January 2027" in probation and "reply by Wednesday 17 February 2027" in probation
    book = openpyxl.load_workbook(base / "police-information-report.xlsx")
    assert book.sheetnames == ["Report", "Guidance"]
    labels = {row[0].value: row[1].value for row in book["Report"].iter_rows(min_row=4)}
    assert labels["Case reference"] == "NS-2026-011" and labels["Agency"] == "Northshire Police"
    assert "Analysis of involvement" in labels
    assert book["Report"].protection.sheet
    changes_book = openpyxl.load_workbook(base / "health-visiting-organisational-changes.xlsx")
    assert [c.value for c in changes_book["Changes"][3]] == [
        "Date",
        "Change",
        "Services affected",
        "Impact on frontline practice",
    ]


def test_a_request_s_reply_by_date_counts_from_the_day_sent(tmp_path: Path) -> None:
    review = {
        "reviewer": {"name": "A Reviewer", "commissioned": date(2026, 11, 2)},
        "requests": [{"agency": "police", "kind": "factual-summary", "sent": date(2026, 12, 7)}],
    }
    meeting = {
        "date": date(2026, 10, 20),
        "attendees": [{"name": "A", "agency": "LA"}],
        "decision": {"outcome": "lcspr", "rationale": "Met."},
    }
    folder = write_case(tmp_path, review=review, meeting=meeting)
    write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
    found = deadlines(folder, tmp_path / "out", "2026-12-10")
    # 20 working days from Monday 7 December 2026, past Christmas (25 and 28 December) and
    # New Year's Day: Thursday 7 January 2027
    asked = found["review-request:police-factual-summary"]
    assert (asked["due"], asked["status"]) == ("2027-01-07", "due")
    assert "20 working days" in asked["source"]
    cspr("review", folder, tmp_path / "out", "2026-12-10")
    made = tmp_path / "out" / "TEST-1" / "review" / "requests"
    letter = made / "police-factual-summary-letter.docx"
    assert "reply by Thursday 7 January 2027" in text_of(letter)


def test_a_request_to_an_unknown_agency_stops_the_review(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # the findings table's lines whole
    change_review(
        example, lambda r: r["requests"].append({"agency": "school", "kind": "factual-summary"})
    )
    result = run("review", example, "--out", tmp_path, "--today", TODAY)
    assert result.exit_code == 1
    assert "not an agency key of case.yaml" in result.output
    assert not (tmp_path / example.name / "review").exists()


# Review-stage returns (review-returns/): the reply template round trip


def fill(template: Path, answers: dict[str, object], target: Path) -> None:
    book = openpyxl.load_workbook(template)
    for row in book.worksheets[0].iter_rows(min_col=1, max_col=2):
        if row[0].value in answers:
            row[1].value = answers[row[0].value]
            if isinstance(row[1].value, str):
                row[1].data_type = "s"  # typed as text: `=` is not a formula
    target.parent.mkdir(exist_ok=True)
    book.save(target)


REPORT = {
    "Completed by": "Jo Hale",
    "Date completed": date(2027, 1, 18),
    "Summary of involvement": "=SUM(A1) is what the agency typed",
    "Analysis of involvement": "What helped & what did not <really>.",
    "Learning for the agency": "{{ learning }}",
}


def test_a_filled_reply_template_round_trips(example: Path, tmp_path: Path) -> None:
    cspr("review", example, tmp_path)
    made = tmp_path / example.name / "review" / "requests"
    target = example / "review-returns" / "childrens-services-information-report.xlsx"
    fill(made / "childrens-services-information-report.xlsx", REPORT, target)
    own = [f for f in findings(example, tmp_path) if f["file"].startswith(str(target.parent.name))]
    own = [f for f in own if "childrens-services" in f["file"]]
    assert own == []  # read with no finding at all
    asked = deadlines(example, tmp_path)["review-request:childrens-services-information-report"]
    assert (asked["status"], asked["met_on"]) == ("met", "2027-01-18")
    output = cspr("review", example, tmp_path)
    assert "Review-stage returns in: 4 of 8" in output
    assert "Information report from Northshire Children's Services: was due" not in output
    assert "Information report from Northshire Community Health: was due" in output
    from pipeline.case.review_returns import read_review_returns
    from pipeline.case.validate import validate_case

    folder = validate_case(example).folder
    from pipeline.core.findings import Findings

    read = read_review_returns(folder, Findings())["childrens-services-information-report"]
    assert read.answers["Summary of involvement"] == "=SUM(A1) is what the agency typed"
    assert read.answers["Learning for the agency"] == "{{ learning }}"
    assert read.answers["Agency"] == "Northshire Children's Services"


def test_the_example_s_returns_are_read_with_their_tables(example: Path) -> None:
    from pipeline.case.review_returns import read_review_returns
    from pipeline.case.validate import validate_case
    from pipeline.core.findings import Findings

    found = Findings()
    read = read_review_returns(validate_case(example).folder, found)
    assert sorted(read) == [
        "gp-factual-summary",
        "health-visiting-organisational-changes",
        "police-information-report",
    ]
    changes = read["health-visiting-organisational-changes"]
    assert [r.row for r in changes.rows] == [4, 5, 6]
    assert changes.rows[1].date is not None and changes.rows[1].date.uncertain
    assert changes.rows[0].cells["Change"].startswith("Health visiting teams merged")
    assert read["gp-factual-summary"].answers["Significant incidents"] is False
    assert [f.code for f in found if f.file.startswith("review-returns/")] == ["date-uncertain"]


def test_the_requests_sent_and_not_answered_are_warned(example: Path, tmp_path: Path) -> None:
    assert not [f for f in findings(example, tmp_path, "2026-12-04") if "review" in f["code"]]
    found = findings(example, tmp_path)  # sent on 7 December; due 15 January
    missing = [f for f in found if f["code"] == "review-return-missing"]
    assert (
        "(asked for on 07/12/2026, due 15/01/2027; expected review-returns/"
        in (missing[0]["message"])
    )
    assert sorted(f["field"] for f in missing) == [
        "childrens-services-information-report",
        "early-years-information-report",
        "health-visiting-information-report",
        "hospital-factual-summary",
        "housing-factual-summary",
    ]  # probation's request is not sent yet


def test_bad_review_returns_are_findings_with_their_cells(example: Path, tmp_path: Path) -> None:
    folder = example / "review-returns"
    write_xlsx(
        folder / "hospital-factual-summary.xlsx",
        {
            "Summary": [
                ["Case reference", "NS-2026-099"],
                ["Date completed", "31/02/2027"],
                ["Known to agency", "perhaps"],
                ["Colour", "blue"],
                ["Summary of involvement", ""],
            ]
        },
    )
    write_xlsx(folder / "housing-factual-summary.ods.xlsx", {"Summary": []})  # asks for nothing
    (folder / "early-years-information-report.csv").write_text("Completed by,Pat Moore\n")
    write_xlsx(folder / "early-years-information-report.xlsx", {"Report": []})
    (folder / "notes.txt").write_text("x")
    write_xlsx(
        folder / "health-visiting-organisational-changes.xlsx",
        {"Details": [["Date completed", "14/01/2027"]], "Changes": [["Date", "Change"], ["x", ""]]},
    )
    got = {(f["code"], f["file"], f["cell"], f["field"]) for f in findings(example, tmp_path)}
    hospital = "review-returns/hospital-factual-summary.xlsx"
    assert ("summary-case-mismatch", hospital, "", "Case reference") in got
    assert ("summary-value-invalid", hospital, "B2", "Date completed") in got
    assert ("summary-value-invalid", hospital, "B3", "Known to agency") in got
    assert ("summary-label-unknown", hospital, "B4", "Colour") in got
    assert ("review-return-incomplete", hospital, "B5", "Summary of involvement") in got
    assert ("review-return-incomplete", hospital, "", "Significant incidents") in got
    codes = {(code, file) for code, file, _, _ in got}
    assert (
        "review-return-unrequested",
        "review-returns/housing-factual-summary.ods.xlsx",
    ) in codes
    assert ("return-duplicate", "review-returns/early-years-information-report.xlsx") in codes
    assert ("return-unsupported", "review-returns/notes.txt") in codes
    changes = "review-returns/health-visiting-organisational-changes.xlsx"
    assert ("date-invalid", changes, "A2", "Date") in got
    assert ("review-return-incomplete", changes, "B2", "Change") in got
    assert all(
        f["code"] != "review-return-missing" or "early-years" not in f["field"]
        for f in findings(example, tmp_path)
    )


def test_a_review_return_missing_its_sheet_or_unreadable(example: Path, tmp_path: Path) -> None:
    folder = example / "review-returns"
    write_xlsx(folder / "hospital-factual-summary.xlsx", {"Sheet1": [["a", "b"]]})
    (folder / "housing-factual-summary.xlsx").write_bytes(b"not a workbook")
    far = write_xlsx(folder / "childrens-services-information-report.xlsx", {"Report": []})
    book = openpyxl.load_workbook(far)
    book["Report"]["A250000"] = "x"  # over the 200,000-row limit: refused before it is read
    book.save(far)
    result = run("validate", example, "--out", tmp_path, "--json")
    assert result.exit_code == 1
    got = {(f["code"], f["file"], f["sheet"]) for f in json.loads(result.stdout)}
    assert ("sheet-missing", "review-returns/hospital-factual-summary.xlsx", "Summary") in got
    assert ("return-unreadable", "review-returns/housing-factual-summary.xlsx", "") in got
    far_file = "review-returns/childrens-services-information-report.xlsx"
    assert ("return-too-large", far_file, "Report") in got


def test_a_csv_change_chronology_is_read(example: Path) -> None:
    from pipeline.case.review_returns import read_review_returns
    from pipeline.case.validate import validate_case
    from pipeline.core.findings import Findings

    (example / "review-returns" / "health-visiting-organisational-changes.xlsx").unlink()
    (example / "review-returns" / "health-visiting-organisational-changes.csv").write_text(
        "Completed by,Alex Shaw\nDate completed,14/01/2027\nAgency,Community Health\n"
        "When,What changed,Impact\n01/04/2025,Teams merged,Caseloads rose\n"
    )
    found = Findings()
    read = read_review_returns(validate_case(example).folder, found)
    changes = read["health-visiting-organisational-changes"]
    assert changes.date_completed == date(2027, 1, 14)
    assert [(r.row, r.cells["Change"]) for r in changes.rows] == [(5, "Teams merged")]
    assert not [f for f in found if "health-visiting-org" in f.file]


# Chasing the review-stage returns


def test_chase_lists_the_review_stage_returns_still_to_come(example: Path, tmp_path: Path) -> None:
    output = cspr("chase", example, tmp_path)
    with (tmp_path / example.name / "chase.csv").open() as f:
        rows = [(r["agency_key"], r["request"], r["status"], r["due"]) for r in csv.DictReader(f)]
    assert ("police", "information report", "missing", "2027-01-15") not in rows  # in
    assert ("hospital", "factual summary", "missing", "2027-01-15") in rows
    assert ("probation", "information request", "missing", "2026-11-23") in rows
    assert "factual summary" in output
    reminders = sorted(p.name for p in (tmp_path / example.name / "requests").glob("*.docx"))
    assert reminders == ["probation-reminder.docx"]  # rapid review reminders only


def test_a_review_return_received_late_is_chased_as_late(example: Path, tmp_path: Path) -> None:
    change_review(
        example,
        lambda r: r["requests"][5].update(received=date(2027, 1, 19)),  # hospital
    )
    cspr("chase", example, tmp_path)
    with (tmp_path / example.name / "chase.csv").open() as f:
        rows = [(r["agency_key"], r["status"], r["request"]) for r in csv.DictReader(f)]
    assert ("hospital", "received late", "factual summary") in rows


def test_the_tracker_counts_a_review_return_once_its_file_is_in(example: Path) -> None:
    from pipeline.tracker.cases import read_cases

    row = read_cases(example.parent, date(2027, 1, 20))[0]
    assert "Factual summary from Northshire Hospitals" in row.overdue
    assert "Information report from Northshire Police" not in row.overdue  # its file is in
    assert "Agencies' reports and chronologies in" not in row.overdue  # planned: late, not due


# The workshop invitation (LLR 8.9-8.11)


def test_the_workshop_invitation_is_complete(example: Path, tmp_path: Path) -> None:
    cspr("review", example, tmp_path, "2026-12-14")
    text = text_of(tmp_path / example.name / "notices" / "workshop-invitation-police.docx")
    for fact in [
        "Wednesday 10 February 2027, 09:30 to 16:00 (a full day)",
        "Conference Room 2, County Hall, Northtown, or online: "
        "https://meet.example.org/nscp-workshop-011",
        "Reply by\nWednesday 27 January 2027",
        "Please reply by Wednesday 27 January 2027 to nscp.business@example.org",
        "Reflective learning workshop: a briefing for practitioners",
        "Learning, not blame",
        "not held to hold individuals, organisations or agencies to account",
        "avoid hindsight (LLR 8.11.4-8.11.5)",
        "the child's lived experience",
        "The key themes for analysis",
        "\u2022 Knowing who lives in the household",
        "What to bring",
        "\u2022 Your own recollection of your work with the child and family",
        "Agencies are expected to release the staff invited (LLR 8.10.2)",
    ]:
        assert fact in text, fact


def test_an_online_workshop_with_the_rule_s_reply_by_date(example: Path, tmp_path: Path) -> None:
    def online(review: dict[str, Any]) -> None:
        workshop = review["workshop"]
        for key in ("place", "reply_by", "key_themes", "end"):
            del workshop[key]
        workshop["date"] = date(2027, 3, 3)
        workshop["bring"] = ["Your diary for March"]
        review["timetable"] = [s for s in review["timetable"] if s["step"] != "learning-workshop"]

    change_review(example, online)
    cspr("review", example, tmp_path, "2026-12-14")
    text = text_of(tmp_path / example.name / "notices" / "workshop-invitation-gp.docx")
    assert "Wednesday 3 March 2027, from 09:30 (a full day)" in text
    assert "Online: https://meet.example.org/nscp-workshop-011" in text
    assert "Please reply by Wednesday 17 February 2027" in text  # 10 working days before
    assert "\u2022 Your diary for March" in text and "recollection" not in text
    assert "The key themes for analysis" not in text
    found = deadlines(example, tmp_path, "2026-12-14")
    assert found["workshop-replies"]["due"] == "2027-02-17"
    assert found["review-timetable:learning-workshop"]["due"] == "2027-03-03"


def test_an_invitation_past_its_reply_by_date_is_warned(example: Path, tmp_path: Path) -> None:
    result = run("review", example, "--out", tmp_path, "--today", "2027-01-29")
    assert result.exit_code == 0
    assert "asks for a reply by 27 January 2027, already past" in result.output


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ({"start": "25:00"}, "'workshop.start' should be a time written HH:MM"),
        ({"start": "14:00", "end": "10:00"}, "The workshop ends (10:00) before it starts"),
        ({"link": "meet.example.org/x"}, "'workshop.link' should be the web address"),
    ],
)
def test_bad_workshop_details_are_findings(
    tmp_path: Path, given: dict[str, str], problem: str
) -> None:
    workshop = {"date": date(2027, 2, 10)} | given
    folder = write_case(tmp_path, review={"workshop": workshop})
    messages = [f["message"] for f in findings(folder, tmp_path / "out")]
    assert any(problem in m for m in messages), messages


def test_an_unquoted_time_is_read_as_written(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    (folder / "review.yaml").write_text("workshop: {date: 2027-02-10, start: 13:30, end: 9:05}\n")
    from pipeline.case.load import load_case
    from pipeline.core.findings import Findings

    review = load_case(folder, Findings()).review
    assert review is not None and review.workshop is not None
    assert (f"{review.workshop.start:%H:%M}", f"{review.workshop.end:%H:%M}") == ("13:30", "09:05")


# The reviewer's appointment: the three national mailboxes (LLR 6.1.2)


def test_the_reviewer_notice_goes_to_the_three_mailboxes(example: Path, tmp_path: Path) -> None:
    result = run("review", example, "--out", tmp_path, "--today", TODAY)
    notice = text_of(tmp_path / example.name / "notices" / "reviewer-appointed.docx")
    assert "Child Safeguarding Practice Review Panel; Ofsted; Department for Education" in notice
    for mailbox in (
        "Mailbox.NationalReviewPanel@education.gov.uk",
        "SCR.SIN@ofsted.gov.uk",
        "Mailbox.CPOD@education.gov.uk",
    ):
        assert mailbox in notice
    assert "notice does not go to" not in result.output


def test_a_mailbox_left_out_is_warned(example: Path, tmp_path: Path) -> None:
    settings = example.parent / "partnership.yaml"
    settings.write_text(
        settings.read_text()
        + "notices:\n  reviewer-appointed: [panel, ofsted]\n"
        + "national_bodies:\n  ofsted: {email: ''}\n"
    )
    result = run("review", example, "--out", tmp_path, "--today", TODAY)
    assert result.exit_code == 0
    assert "The reviewer-appointed notice does not go to Department for Education." in (
        result.output
    )
    assert "Ofsted has no email address" in result.output


# Opened as a business office would


@needs_office
def test_libreoffice_opens_the_review_documents(example: Path, tmp_path: Path) -> None:
    cspr("review", example, tmp_path)
    base = tmp_path / example.name
    files = [
        base / "review" / "terms-of-reference.docx",
        base / "review" / "requests" / "police-information-report-letter.docx",
        base / "review" / "requests" / "health-visiting-organisational-changes.xlsx",
        base / "notices" / "workshop-invitation-police.docx",
    ]
    for pdf in to_pdf(files, tmp_path / "pdf"):
        assert pdf.stat().st_size > 3000, pdf.name


def test_review_twice_keeps_each_letter_s_date(example: Path, tmp_path: Path) -> None:
    cspr("review", example, tmp_path, "2027-01-20")
    cspr("review", example, tmp_path, "2027-01-27")
    made = tmp_path / example.name / "review" / "requests"
    letter = made / "probation-factual-summary-letter.docx"
    head = text_of(letter).split("Dear")[0]
    assert "20 January 2027" in head and "27 January 2027" not in head
