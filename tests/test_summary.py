"""`cspr summary`, `cspr panel-pack` and the template machinery, read back as text."""

import json
from pathlib import Path

import pytest
import yaml
from docx import Document

from pipeline.core.errors import TemplateError
from pipeline.office.render import render

from .conftest import ROOT, chronology, event, needs_office, run, text_of, to_pdf, write_xlsx

OUT_DOCS = [
    "combined-summary.docx",
    "combined-summary-panel.docx",
    "panel-covering-letter.docx",
    "outcome-letters/police.docx",
]


def summary(case: Path, out: Path, command: str = "summary") -> str:
    result = run(command, case, "--out", out, "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    return result.output


def test_combined_summary_has_the_facts(example: Path, tmp_path: Path) -> None:
    summary(example, tmp_path)
    text = text_of(tmp_path / example.name / "combined-summary.docx")
    for fact in [
        "Combined Summary for the rapid review meeting",
        "NS-2026-011",
        "Child R",
        "2 years 7 months",
        "Serious harm, abuse or neglect suspected",
        "9 November 2026",
        "Notification to the National Panel (12 November 2026)",
        "Criminal investigation",
        "Returns still missing: Northshire Probation Service",
        "In, on time (19 November 2026)",
        "Missing",
        "Information about the partner was not shared between agencies.",
        "Child brought to ED unresponsive.",
        "Thursday 3 December 2026 (9 working days left)",
        "recurrent themes",
        "Setting: community",
        "quorate only with at least three",
        "OFFICIAL-SENSITIVE",
        "Northshire Safeguarding Children Partnership",
    ]:
        assert fact in text, fact
    assert "14 March 2024" not in text and "2024-03-14" not in text  # age, never date of birth
    assert (tmp_path / example.name / "multi-agency-chronology.xlsx").exists()
    deadlines = json.loads((tmp_path / example.name / "deadlines.json").read_text())
    assert {d["rule"] for d in deadlines} >= {"rapid-review-complete", "lcspr-complete"}


def test_agency_text_is_escaped_not_evaluated(example: Path, tmp_path: Path) -> None:
    police = example / "returns" / "police.xlsx"
    police.unlink()
    nasty = "Tom & Jerry <b>bold</b> {{ case.name }} {% if x %}"
    write_xlsx(
        police,
        {
            **chronology(event("01/09/2026", "=cmd|'/c calc'!A1")),
            "Summary": [["Summary of involvement", nasty]],
        },
    )
    summary(example, tmp_path)
    assert nasty in text_of(tmp_path / example.name / "combined-summary.docx")


def test_panel_pack(example: Path, tmp_path: Path) -> None:
    summary(example, tmp_path, "panel-pack")
    base = tmp_path / example.name
    panel = text_of(base / "combined-summary-panel.docx")
    for fact in [
        "Combined Summary for the National Panel",
        "Quorate: 5 partner-agency",  # the business manager (partner: other) does not count
        "Local child safeguarding practice review",
        "Dr R. Ellison (attended)",
        "Share the partner's domestic abuse history",
        "Unseen men",
        "Possibly",
    ]:
        assert fact in panel, fact
    letter = text_of(base / "panel-covering-letter.docx")
    assert "Child Safeguarding Practice Review Panel" in letter and "20 November 2026" in letter
    letters = sorted(p.stem for p in (base / "outcome-letters").glob("*.docx"))
    assert letters == sorted(
        [
            "childrens-services",
            "police",
            "health-visiting",
            "gp",
            "hospital",
            "early-years",
            "housing",
            "probation",
        ]
    )
    police = text_of(base / "outcome-letters" / "police.docx")
    assert "Dear DI Rao" in police and "owner Northshire Police" in police
    assert "owner Northshire Police" not in text_of(base / "outcome-letters" / "gp.docx")


def edit_meeting(case: Path, change: dict) -> None:
    path = case / "meeting.yaml"
    data = yaml.safe_load(path.read_text())
    data.update(change)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_inquorate_meeting_is_warned_and_written(example: Path, tmp_path: Path) -> None:
    edit_meeting(
        example,
        {
            "attendees": [
                {"name": "Jo Hale", "agency": "Children's Services", "partner": "local-authority"},
                {"name": "Pat Moore", "agency": "Early Years", "partner": "education"},
                {"name": "Sam Ellis", "agency": "Probation", "partner": "other"},
            ]
        },
    )
    output = summary(example, tmp_path, "panel-pack")
    assert "not quorate" in output.lower()
    text = text_of(tmp_path / example.name / "combined-summary-panel.docx")
    assert (
        "Not quorate: 3 partner-agency representatives attended; safeguarding partners "
        "represented: local authority." in text
    )


def test_other_learning_needs_an_option_and_dates_it(example: Path, tmp_path: Path) -> None:
    edit_meeting(example, {"decision": {"outcome": "other-learning", "rationale": "Learning."}})
    result = run("panel-pack", example, "--out", tmp_path, "--today", "2026-11-22")
    assert result.exit_code == 1 and "decision.learning_option" in result.output
    edit_meeting(
        example,
        {
            "decision": {
                "outcome": "other-learning",
                "rationale": "Learning.",
                "learning_option": "multi-agency-learning-event",
            }
        },
    )
    summary(example, tmp_path, "panel-pack")
    text = text_of(tmp_path / example.name / "combined-summary-panel.docx")
    assert "Multi-agency learning event" in text
    letter = text_of(tmp_path / example.name / "panel-covering-letter.docx")
    assert "to be completed within 3 months" in letter
    deadlines = json.loads((tmp_path / example.name / "deadlines.json").read_text())
    event = next(d for d in deadlines if d["rule"] == "learning-event-complete")
    assert event["due"] == "2027-02-20" and event["status"] == "due"


def test_referrer_outside_the_agencies_gets_a_letter(example: Path, tmp_path: Path) -> None:
    case = example / "case.yaml"
    case.write_text(
        case.read_text().replace(
            "agency: Northshire Children's Services", "agency: Eastbridge Community Church"
        )
    )
    summary(example, tmp_path, "panel-pack")
    letter = text_of(tmp_path / example.name / "outcome-letters" / "referrer.docx")
    assert "Eastbridge Community Church" in letter and "Thank you for your referral" in letter


def test_panel_pack_needs_a_meeting(example: Path, tmp_path: Path) -> None:
    (example / "meeting.yaml").unlink()
    result = run("panel-pack", example, "--out", tmp_path)
    assert result.exit_code == 1 and "meeting.yaml" in result.output


def test_a_missing_field_names_the_template_and_field(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Case {{ case.reference }} for {{ case.nickname }}")
    doc.save(tmp_path / "broken.docx")
    with pytest.raises(TemplateError, match=r"broken\.docx.*'case\.nickname'.*paragraph 1"):
        render(
            "broken",
            {"case": {"reference": "X"}},
            tmp_path / "out.docx",
            __import__("datetime").date(2026, 1, 1),
            local=tmp_path,
        )
    assert not (tmp_path / "out.docx").exists()


def test_check_templates_on_the_example(example: Path, tmp_path: Path) -> None:
    result = run("check-templates", example, "--out", tmp_path, "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert result.output.count("renders") == len(list((ROOT / "templates").glob("*.docx")))
    assert "unknown fields" not in result.output


def test_every_template_field_is_documented() -> None:
    readme = (ROOT / "templates" / "README.md").read_text()
    from pipeline.office.render import fields_used

    for template in [
        "combined-summary",
        "combined-summary-panel",
        "panel-covering-letter",
        "outcome-letter",
    ]:
        assert f"`{template}.docx`" in readme
        for name in fields_used(template):
            assert f"`{name}" in readme, (template, name)


@needs_office
def test_libreoffice_opens_every_document(example: Path, tmp_path: Path) -> None:
    summary(example, tmp_path, "summary")
    summary(example, tmp_path, "panel-pack")
    base = tmp_path / example.name
    for pdf in to_pdf([base / name for name in OUT_DOCS], tmp_path / "pdf"):
        assert pdf.stat().st_size > 5000, pdf.name


@pytest.fixture
def disagreed(tmp_path: Path) -> Path:
    """The second example case: the Panel disagreed with the rapid review's decision (no
    review) and the meeting, held again, decided on a local review."""
    import shutil

    root = tmp_path / "cases"
    shutil.copytree(ROOT / "cases" / "NS-2026-014", root / "NS-2026-014")
    shutil.copy(ROOT / "cases" / "partnership.yaml", root)
    return root / "NS-2026-014"


def test_revised_pack_after_the_panel_disagrees(disagreed: Path, tmp_path: Path) -> None:
    summary(disagreed, tmp_path, "panel-pack")
    base = tmp_path / disagreed.name
    assert not (base / "combined-summary-panel.docx").exists()  # the first pack went before
    panel = text_of(base / "combined-summary-panel-revised.docx")
    for fact in [
        "Revised following the National Panel's response of 13 November 2026.",
        "On 13 November 2026 the National Panel disagreed with the decision of the rapid "
        "review meeting of 30 October 2026 (No local review).",
        "asks the\nsafeguarding partners to reconsider a local review",
        "The rapid review meeting met again on 19 November 2026. This replaces the earlier "
        "decision (no local review).",
        "Local child safeguarding practice review",
    ]:
        assert fact.replace("\n", " ") in panel.replace("\n", " "), fact
    letter = text_of(base / "panel-covering-letter-revised.docx")
    for fact in [
        "20 November 2026",  # dated the day the revised decision was sent
        "Thank you for the Panel's response of 13 November 2026 to the decision of the rapid "
        "review meeting of 30 October 2026 for Child S (our reference NS-2026-014), no local "
        "review. The Panel disagreed with the decision.",
        "met again on 19 November 2026",
        "Decision: Local child safeguarding practice review. This replaces the earlier "
        "decision (no local review).",
        "marked as revised following the Panel's response",
    ]:
        assert fact in letter, fact
    police = text_of(base / "outcome-letters" / "police.docx")
    assert "met on 19 November 2026 and decided: Local child safeguarding" in police


def test_the_panel_response_in_deadlines_and_tracker(disagreed: Path, tmp_path: Path) -> None:
    from datetime import date

    from pipeline.tracker.cases import read_cases

    result = run("deadlines", disagreed, "--out", tmp_path, "--today", "2026-11-22")
    assert (
        "National Panel: on 13 November 2026 it disagreed with the decision of the meeting "
        "of 30 October 2026."
    ) in result.output
    found = {
        d["rule"]: d for d in json.loads((tmp_path / "NS-2026-014" / "deadlines.json").read_text())
    }
    # the rapid review was held and first sent on time; the revised decision, in 15 days
    assert found["rapid-review-meeting"]["met_on"] == "2026-10-30"
    assert found["rapid-review-complete"]["met_on"] == "2026-11-04"
    assert found["revised-to-panel"] | {"source": ""} == found["revised-to-panel"] | {
        "counted_from": "2026-11-13",
        "due": "2026-12-04",
        "status": "met",
        "met_on": "2026-11-20",
        "source": "",
    }
    assert found["panel-response"]["counted_from"] == "2026-11-20"  # the revised one's
    assert found["panel-response"]["status"] == "due"
    assert found["lcspr-complete"]["counted_from"] == "2026-11-19"  # from the revised decision
    (row,) = read_cases(disagreed.parent, date(2026, 11, 22))
    assert row.stage == "Revised decision sent to the Panel"
    assert row.decision == "Local child safeguarding practice review"

    (disagreed / "meetings" / "after-panel-2026-11-13.yaml").unlink()
    (row,) = read_cases(disagreed.parent, date(2026, 11, 22))
    assert row.stage == "Panel disagreed: to meet again"
    assert row.next_title == "Revised decision sent to the National Panel after its response"
    result = run("deadlines", disagreed, "--out", tmp_path, "--today", "2026-11-22")
    assert "The decision is open again: record the next meeting in meetings/." in result.output


@needs_office
def test_libreoffice_opens_the_revised_pack(disagreed: Path, tmp_path: Path) -> None:
    summary(disagreed, tmp_path, "panel-pack")
    base = tmp_path / disagreed.name
    names = ["combined-summary-panel-revised.docx", "panel-covering-letter-revised.docx"]
    for pdf in to_pdf([base / name for name in names], tmp_path / "pdf"):
        assert pdf.stat().st_size > 5000, pdf.name


def test_summary_reuses_an_up_to_date_chronology_and_remakes_a_stale_one(
    example: Path, tmp_path: Path
) -> None:
    """`make chronology summary panel-pack` writes the chronology once: the summary and the
    pack keep files made from the same case, day and code; a changed return, another day or
    a file changed or removed since makes them again."""
    out = tmp_path / "out"
    folder = out / example.name
    names = ["multi-agency-chronology.xlsx", "multi-agency-chronology.docx", "timeline.png"]

    def stamps() -> list[int]:
        return [(folder / n).stat().st_mtime_ns for n in names]

    assert run("chronology", example, "--out", out, "--today", "2026-11-22").exit_code == 0
    made = stamps()
    for command in ("summary", "panel-pack"):
        assert run(command, example, "--out", out, "--today", "2026-11-22").exit_code == 0
        assert stamps() == made, command
    assert run("summary", example, "--out", out, "--today", "2026-11-23").exit_code == 0
    assert stamps() != made  # another day: the documents carry the day they were made
    made = stamps()
    (folder / names[1]).unlink()
    assert run("summary", example, "--out", out, "--today", "2026-11-23").exit_code == 0
    assert (folder / names[1]).is_file() and stamps() != made
    made = stamps()
    police = example / "returns" / "police.xlsx"
    police.write_bytes(police.read_bytes())  # the same bytes, written again: a new time
    assert run("summary", example, "--out", out, "--today", "2026-11-23").exit_code == 0
    assert stamps() != made
