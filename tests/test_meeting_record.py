"""`cspr meeting-record`: the Combined Summary's sections 2 and 3 as Word content controls,
filled in as Word and LibreOffice save them, read back into the case's meeting record."""

import json
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

from pipeline.case.load import load_case
from pipeline.case.model import Meeting
from pipeline.cli import cli
from pipeline.core.findings import Findings
from pipeline.core.yamlfile import build, read_yaml

from .conftest import EXAMPLE, cspr, needs_office, run, to_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
TODAY = "2026-11-22"


def summarise(case: Path, out: Path) -> Path:
    result = run("summary", case, "--out", out, "--today", TODAY)
    assert result.exit_code == 0, result.output
    return out / case.name / "combined-summary.docx"


def shown(docx: Path) -> str:
    """Every piece of text in the document's body, content controls included (python-docx's
    paragraph text leaves out what is inside a control)."""
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))


def record(case: Path, filled: Path, *more: str) -> Any:
    """`cspr meeting-record`, its findings' table unwrapped (each message whole)."""
    args = ["meeting-record", str(case), str(filled), "--today", TODAY, *more]
    return CliRunner().invoke(cli, args, env={"COLUMNS": "1000"}, catch_exceptions=False)


def recorded(path: Path) -> Meeting:
    """A meeting record as the pipeline reads it; no finding of any kind."""
    findings = Findings()
    meeting = build(Meeting, read_yaml(path, path.name, findings), path.name, "", findings)
    assert meeting is not None and not findings, findings
    return meeting


def fill(docx: Path, values: dict[str, Any], target: Path | None = None) -> Path:
    """Fill controls by tag as Word saves them: the placeholder flag gone, the text split
    over several runs (and a proofing mark between them), lines with w:br; a check box
    ticked in w14:checked and its glyph. Independent of the pipeline's own filling."""
    with zipfile.ZipFile(docx) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    seen = set()
    for sdt in root.iter(f"{W}sdt"):
        props = sdt.find(f"{W}sdtPr")
        tag = props.find(f"{W}tag").get(f"{W}val")
        if tag not in values:
            continue
        seen.add(tag)
        content = sdt.find(f"{W}sdtContent")
        box = props.find(f"{W14}checkbox")
        if box is not None:
            box.find(f"{W14}checked").set(f"{W14}val", "1" if values[tag] else "0")
            content.find(f".//{W}t").text = "\u2612" if values[tag] else "\u2610"
            continue
        for flag in props.findall(f"{W}showingPlcHdr"):
            props.remove(flag)
        for child in list(content):
            content.remove(child)
        text = str(values[tag])
        for n, line in enumerate(text.split("\n")):
            if n:
                etree.SubElement(etree.SubElement(content, f"{W}r"), f"{W}br")
            half = len(line) // 2
            for piece in (line[:half], line[half:]):
                run_ = etree.SubElement(content, f"{W}r")
                etree.SubElement(run_, f"{W}rPr").append(etree.Element(f"{W}lang"))
                t = etree.SubElement(run_, f"{W}t")
                t.text = piece
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                etree.SubElement(content, f"{W}proofErr").set(f"{W}type", "spellStart")
    assert seen == set(values), set(values) - seen
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    target = target or docx.with_name("filled.docx")
    with zipfile.ZipFile(target, "w") as out:
        for name, body in parts.items():
            out.writestr(name, body)
    return target


def typed(meeting: Meeting) -> dict[str, Any]:
    """Every control's value for `meeting`, typed as people type them."""
    values: dict[str, Any] = {
        "meeting.date": f"{meeting.date:%A} {meeting.date.day} {meeting.date:%B %Y}"
    }
    for n, a in enumerate(meeting.attendees, start=1):
        partner = {"local-authority": "Local Authority", "health": "Health (ICB)"}
        values |= {
            f"attendee.{n}.name": a.name,
            f"attendee.{n}.role": a.role,
            f"attendee.{n}.agency": a.agency,
            f"attendee.{n}.partner": partner.get(a.partner, a.partner),
        }
    for n, a in enumerate(meeting.immediate_actions, start=1):
        due = a.due.strftime("%d/%m/%Y") if n == 1 else a.due.isoformat()
        values |= {f"action.{n}.action": a.action, f"action.{n}.owner": a.owner}
        values[f"action.{n}.due"] = due
    values |= {f"learning.{n}": t for n, t in enumerate(meeting.learning, start=1)}
    values |= {f"theme.{n}": t for n, t in enumerate(meeting.themes, start=1)}
    for key, j in meeting.criteria.items():
        values[f"criterion.{key}.answer"] = {"yes": "Y", "no": "No.", "possibly": "maybe"}[j.answer]
        if j.note:
            values[f"criterion.{key}.note"] = j.note
    advisor = meeting.independent_advisor
    if advisor is not None:
        values |= {
            "advisor.name": advisor.name,
            "advisor.attended": "\u2713" if advisor.attended else "No",
            "advisor.advice": advisor.advice,
        }
    values["decision.rationale"] = meeting.decision.rationale
    values |= {f"decision.outcome.{k}": k == meeting.decision.outcome for k in OUTCOMES}
    return values


OUTCOMES = ("lcspr", "national-review", "other-learning", "no-review")


@pytest.fixture
def blank(example: Path, tmp_path: Path) -> tuple[Path, Path, Meeting]:
    """The example case without its meeting record, its Combined Summary (nothing filled
    in), and the record the example had."""
    original = recorded(example / "meeting.yaml")
    (example / "meeting.yaml").unlink()
    return example, summarise(example, tmp_path / "out"), original


def test_every_control_filled_reads_back_as_the_same_record(blank: tuple) -> None:
    case, docx, original = blank
    result = record(case, fill(docx, typed(original)))
    assert result.exit_code == 0, result.output
    assert "Recorded the meeting of 20 November 2026 in meeting.yaml" in result.output
    assert recorded(case / "meeting.yaml") == original
    folder = load_case(case, Findings())
    assert folder.meeting == original and len(folder.meetings) == 1


def test_the_same_document_twice_changes_nothing(blank: tuple) -> None:
    case, docx, original = blank
    filled = fill(docx, typed(original))
    assert record(case, filled).exit_code == 0
    before = {p: p.read_bytes() for p in case.rglob("*") if p.is_file()}
    again = record(case, filled)
    assert (
        again.exit_code == 0 and "No change: meeting.yaml already holds this record" in again.output
    )
    assert {p: p.read_bytes() for p in case.rglob("*") if p.is_file()} == before


def test_the_written_record_is_readable_yaml(blank: tuple) -> None:
    case, docx, original = blank
    assert record(case, fill(docx, typed(original))).exit_code == 0
    text = (case / "meeting.yaml").read_text()
    assert text.startswith("# The meeting's record. Read from filled.docx")
    keys = [line.split(":")[0] for line in text.splitlines() if re.match(r"^\w", line)]
    assert keys == [
        "date", "kind", "attendees", "independent_advisor", "criteria",
        "immediate_actions", "learning", "themes", "decision",
    ]  # fmt: skip
    assert "  improvements_needed:\n    answer: yes\n" in text
    assert "  rationale: |-\n    The criteria are met" in text  # a block, as written


def test_a_summary_made_from_the_record_reads_back_unchanged(example: Path, tmp_path: Path) -> None:
    """Pre-filled from meeting.yaml, the document read straight back is the same record."""
    docx = summarise(example, tmp_path / "out")
    text = shown(docx)
    assert "DI Priya Rao" in text and "27/11/2026" in text and "meeting.yaml" in text
    before = {p: p.read_bytes() for p in example.rglob("*") if p.is_file()}
    result = record(example, docx)
    assert result.exit_code == 0 and "No change" in result.output, result.output
    assert {p: p.read_bytes() for p in example.rglob("*") if p.is_file()} == before


def test_a_different_record_is_never_lost(example: Path, tmp_path: Path) -> None:
    docx = summarise(example, tmp_path / "out")
    current = example / "meeting.yaml"
    edited = (
        current.read_text().replace("Pat Moore", "Pat Moor").replace("2026-12-18", "2026-12-19")
    )
    current.write_text(edited)
    result = record(example, docx)
    assert result.exit_code == 0, result.output
    assert current.read_text() == edited  # untouched
    assert "attendee 5, name: 'Pat Moor' -> 'Pat Moore'" in result.output
    assert "action 2, due: 19 December 2026 -> 18 December 2026" in result.output
    assert "--replace" in result.output
    side = example / "meeting.from-docx.yaml"
    assert side.read_text().startswith("# NOT the case's record, which is meeting.yaml.")
    folder = load_case(example, Findings())
    assert len(folder.meetings) == 1 and folder.meeting.attendees[4].name == "Pat Moor"
    again = record(example, docx)
    assert "No change: meeting.from-docx.yaml already holds this reading" in again.output

    replaced = record(example, docx, "--replace")
    assert replaced.exit_code == 0, replaced.output
    backup = example / "meeting.replaced-2026-11-22.yaml"
    assert backup.read_text() == edited
    assert not side.exists()
    folder = load_case(example, Findings())
    assert len(folder.meetings) == 1 and folder.meeting.attendees[4].name == "Pat Moore"
    assert run("validate", example, "--out", tmp_path / "v").exit_code == 0
    once_more = record(example, docx, "--replace")
    assert "No change" in once_more.output
    assert sorted(p.name for p in example.glob("meeting*")) == [
        "meeting.replaced-2026-11-22.yaml",
        "meeting.yaml",
    ]


def test_side_files_in_meetings_are_not_meetings(example: Path) -> None:
    (example / "meetings").mkdir()
    text = (example / "meeting.yaml").read_text()
    for name in (
        "after.from-docx.yaml",
        "after.replaced-2026-11-22.yaml",
        "x.replaced-2026-11-22-2.yaml",
    ):
        (example / "meetings" / name).write_text(text.replace("2026-11-20", "2026-11-21"))
    folder = load_case(example, Findings())
    assert len(folder.meetings) == 1 and folder.meeting.date == date(2026, 11, 20)


def test_a_bad_date_names_the_control_and_writes_nothing(blank: tuple) -> None:
    case, docx, original = blank
    values = typed(original) | {"action.2.due": "31/02/2026", "attendee.3.partner": "Council"}
    result = record(case, fill(docx, values))
    assert result.exit_code == 1
    assert "'Action 2: due' should be a date such as 27/11/2026" in result.output
    assert "February 2026 has 28 days" in result.output
    assert "'Attendee 3: partner' should be one of" in result.output
    assert not (case / "meeting.yaml").exists()


def test_empty_and_double_answers_are_named(blank: tuple) -> None:
    case, docx, original = blank
    values = {"decision.outcome.lcspr": True, "decision.outcome.no-review": True}
    result = record(case, fill(docx, values | {"criterion.recurrent_themes.note": "A note"}))
    assert result.exit_code == 1
    for words in [
        "'Date of the meeting' is empty",
        "'Attendee 1: name' is empty",
        "'Rationale' is empty",
        "'Decision: lcspr' should be one decision, not 'lcspr, no-review'",
        "'Criterion recurrent_themes: answer' is empty",
    ]:
        assert words in result.output, words
    result = record(case, fill(docx, typed(original) | {"decision.outcome.lcspr": False}))
    assert result.exit_code == 1
    for words in ["No decision is ticked", "decision.outcome.lcspr"]:
        assert words in result.output, words


def test_not_a_combined_summary_is_refused(blank: tuple, tmp_path: Path) -> None:
    case, docx, _ = blank
    letter = tmp_path / "letter.docx"
    from docx import Document

    Document().save(str(letter))
    fake = tmp_path / "notes.docx"
    fake.write_text("not a document")
    for path, words in (
        (letter, "is not a Combined Summary with the meeting's controls"),
        (fake, "not a Word .docx file"),
    ):
        done = cspr("meeting-record", case, path, "--today", TODAY, cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        assert words in done.stdout, done.stdout
        assert "Traceback" not in done.stderr
    assert not (case / "meeting.yaml").exists()


def test_another_case_summary_is_refused(blank: tuple) -> None:
    case, docx, original = blank
    result = record(case, fill(docx, typed(original) | {"case.reference": "NS-2026-999"}))
    assert result.exit_code == 1
    assert "case 'NS-2026-999', not NS-2026-011" in result.output
    assert not (case / "meeting.yaml").exists()


def test_agency_text_survives_into_the_controls_and_back(example: Path, tmp_path: Path) -> None:
    nasty = "Tom & Jerry <b>bold</b> {{ case.name }} {% if x %} =cmd|' /c calc'!A1"
    data = yaml.safe_load((example / "meeting.yaml").read_text())
    data["learning"] = [nasty, "Line one\nline two & <three>"]
    data["decision"]["rationale"] = f"{nasty}\n\nA second paragraph."
    data["attendees"][0]["role"] = "Head of <Safeguarding> & {{ x }}"
    (example / "meeting.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    original = recorded(example / "meeting.yaml")
    docx = summarise(example, tmp_path / "out")
    assert nasty in shown(docx)
    (example / "meeting.yaml").unlink()
    assert record(example, docx).exit_code == 0
    assert recorded(example / "meeting.yaml") == original


def test_more_rows_than_the_template_has(example: Path, tmp_path: Path) -> None:
    data = yaml.safe_load((example / "meeting.yaml").read_text())
    extra = {"name": "A Person", "agency": "Northshire Police", "partner": "police"}
    data["attendees"] += [extra | {"name": f"Person {n}"} for n in range(8)]  # 14 in all
    (example / "meeting.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    docx = summarise(example, tmp_path / "out")
    assert "Person 7" in shown(docx)
    result = record(example, docx)
    assert result.exit_code == 0 and "No change" in result.output, result.output


@needs_office
def test_libreoffice_opens_and_saves_the_summary(example: Path, tmp_path: Path) -> None:
    """Opened in LibreOffice it shows the controls' values; saved by LibreOffice (which drops
    their tags and placeholder flags), it still reads back as the same record."""
    docx = summarise(example, tmp_path / "out")
    (pdf,) = to_pdf([docx], tmp_path / "pdf")
    assert pdf.stat().st_size > 5000
    import subprocess

    shown = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for words in ("DI Priya Rao", "27/11/2026", "Yes or No", "\u2612", "meeting.yaml"):
        assert words in shown, words
    saved = tmp_path / "saved"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(saved),
         str(docx)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    result = record(example, saved / docx.name)
    assert result.exit_code == 0 and "No change" in result.output, result.output


def test_panel_response_is_validated(example: Path, tmp_path: Path) -> None:
    def findings(response: str) -> list[dict[str, Any]]:
        data = yaml.safe_load((example / "meeting.yaml").read_text())
        data["sent_to_panel"] = "2026-11-23"
        data["panel_response"] = {"received": "2026-11-21", "response": response}
        (example / "meeting.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
        out = run("validate", example, "--out", tmp_path / "v", "--today", "2026-11-30", "--json")
        return [f for f in json.loads(out.stdout) if f["file"] == "meeting.yaml"]

    (bad,) = [f for f in findings("maybe") if f["field"] == "panel_response.response"]
    assert bad["code"] == "value-invalid" and "agrees, disagrees, asks-for-more" in bad["message"]
    (early,) = [f for f in findings("asks-for-more") if f["field"] == "panel_response.received"]
    assert early["code"] == "dates-contradict"
    assert "before the decision was sent to it (23/11/2026)" in early["message"]


def test_meeting_again_after_the_panel_disagrees(tmp_path: Path) -> None:
    """The second example case: the Panel disagreed; the summary for the next meeting says
    so and names its record; filled in, it is recorded in meetings/; the panel pack is
    then the revised one."""
    root = tmp_path / "cases"
    case = root / "NS-2026-014"
    shutil.copytree(EXAMPLE.parent / "NS-2026-014", case)
    shutil.copy(EXAMPLE.parent / "partnership.yaml", root)
    revisit = recorded(case / "meetings" / "after-panel-2026-11-13.yaml")
    shutil.rmtree(case / "meetings")
    out = tmp_path / "out"

    docx = summarise(case, out)
    text = shown(docx)
    assert (
        "Meeting again after the National Panel's response of 13 November 2026: the Panel "
        "disagreed with the decision of the meeting of 30 October 2026 (No local review)."
    ) in text
    assert "meetings/after-panel-2026-11-13.yaml" in text
    status = run("deadlines", case, "--out", out, "--today", TODAY)
    assert "The decision is open again: record the next meeting in meetings/." in status.output
    assert re.search(r"revised-to-panel +04/12/2026 +due", status.output), status.output

    values = typed(revisit)  # over what the meeting before recorded: one attendee less,
    values |= {f"attendee.4.{f}": "" for f in ("name", "role", "agency", "partner")}
    values |= {f"action.1.{f}": "" for f in ("action", "owner", "due")}  # no action
    result = record(case, fill(docx, values))
    assert result.exit_code == 0, result.output
    written = case / "meetings" / "after-panel-2026-11-13.yaml"
    assert "Recorded the meeting of 19 November 2026 in meetings/after-panel-2026-11-13.yaml" in (
        result.output
    )
    got = recorded(written)
    assert got == revisit.__class__(**(vars(revisit) | {"sent_to_panel": None}))
    assert load_case(case, Findings()).meeting == got


def test_a_row_copied_in_word_is_one_more_attendee(example: Path, tmp_path: Path) -> None:
    """Word copies a row with its controls' tags: the copy is read as a row of its own."""
    docx = summarise(example, tmp_path / "out")
    with zipfile.ZipFile(docx) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    tag = root.xpath("//w:tag[@w:val='attendee.6.name']", namespaces={"w": W[1:-1]})[0]
    row = next(tag.iterancestors(f"{W}tr"))
    copy = etree.fromstring(etree.tostring(row))
    name = copy.xpath(".//w:sdtContent//w:t", namespaces={"w": W[1:-1]})[0]
    name.text = "Sam Ellis"
    row.addnext(copy)
    parts["word/document.xml"] = etree.tostring(root)
    copied = tmp_path / "copied.docx"
    with zipfile.ZipFile(copied, "w") as out:
        for part, body in parts.items():
            out.writestr(part, body)
    result = record(example, copied)
    assert result.exit_code == 0, result.output
    assert "attendee 7, name: (none) -> 'Sam Ellis'" in result.output
    assert "attendee 7, partner: (none) -> 'other'" in result.output
    side = recorded(example / "meeting.from-docx.yaml")
    assert [a.name for a in side.attendees][-2:] == ["Morgan Hale", "Sam Ellis"]


def test_never_written_through_a_link_out_of_the_case(tmp_path: Path) -> None:
    root = tmp_path / "cases"
    case = root / "NS-2026-014"
    shutil.copytree(EXAMPLE.parent / "NS-2026-014", case)
    shutil.copy(EXAMPLE.parent / "partnership.yaml", root)
    shutil.rmtree(case / "meetings")
    docx = summarise(case, tmp_path / "out")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (case / "meetings").symlink_to(elsewhere)
    result = record(case, fill(docx, {"meeting.date": "19/11/2026"}))
    assert result.exit_code == 1 and "leads outside the case folder" in result.output
    assert list(elsewhere.iterdir()) == []
