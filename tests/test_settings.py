"""A partnership's settings are data: the shipped defaults, and partnership.yaml over them."""

import json
from pathlib import Path

import yaml
from docx import Document

from pipeline.core.findings import Findings
from pipeline.rules.settings import load_partnership

from .conftest import base_case, run, text_of, write_case

MEETING = {
    "date": "2026-10-20",
    "attendees": [
        {"name": "Jo Hale", "agency": "Children's Services", "partner": "local-authority"},
        {"name": "DI Rao", "agency": "Police", "partner": "police"},
    ],
    "decision": {"outcome": "no-review", "rationale": "Learning shared locally."},
}


def settings_case(root: Path, partnership: str, **files: object) -> Path:
    folder = write_case(root, base_case(), **files)
    (folder.parent / "partnership.yaml").write_text(partnership)
    return folder


def findings_of(folder: Path, tmp_path: Path) -> tuple[int, list[dict[str, str]]]:
    result = run("validate", folder, "--out", tmp_path / "out", "--json")
    return result.exit_code, json.loads(result.stdout)


def test_the_shipped_defaults_load_with_no_findings(tmp_path: Path) -> None:
    findings = Findings()
    settings = load_partnership(tmp_path, findings)  # no partnership.yaml here
    assert not findings
    assert settings.quorum.representatives == 3
    assert [c.key for c in settings.criteria][:1] == ["improvements_needed"]
    assert "practitioner-learning-brief" in settings.learning_options
    assert settings.notices["delay-notice"].to == ["panel", "secretary_of_state"]


def test_the_quorum_rule_is_the_partnership_s(tmp_path: Path) -> None:
    folder = settings_case(tmp_path / "a", "name: Test\n", meeting=MEETING)
    _, found = findings_of(folder, tmp_path)
    assert "meeting-inquorate" in [f["code"] for f in found]  # 2 people: not 3
    local = "quorum:\n  representatives: 2\n  rule: at least two people (local rule)\n"
    folder = settings_case(tmp_path / "b", local, meeting=MEETING)
    _, found = findings_of(folder, tmp_path)
    assert "meeting-inquorate" not in [f["code"] for f in found]


def test_a_bad_setting_is_an_error_naming_the_key(tmp_path: Path) -> None:
    folder = settings_case(tmp_path, "quorum:\n  representatives: many\n")
    code, found = findings_of(folder, tmp_path)
    assert code == 1
    bad = [f for f in found if f["file"] == "partnership.yaml"]
    assert [(f["code"], f["field"]) for f in bad] == [("value-invalid", "quorum.representatives")]


def test_a_notice_to_an_unknown_body_is_an_error(tmp_path: Path) -> None:
    folder = settings_case(tmp_path, "notices:\n  delay-notice: [panel, the-mayor]\n")
    code, found = findings_of(folder, tmp_path)
    assert code == 1
    assert ("value-invalid", "notices.delay-notice", "the-mayor") in [
        (f["code"], f["field"], f["value"]) for f in found
    ]


def test_a_local_learning_option_and_one_off_the_menu(tmp_path: Path) -> None:
    local = yaml.safe_dump(
        {
            "learning_options": {
                "learning-circle": {
                    "name": "Practitioner learning circle",
                    "rationale": "Local",
                    "lead": "Learning lead",
                    "timescale": "2 months",
                    "methodology": "Facilitated circle",
                    "governance": "Learning group",
                }
            }
        }
    )
    decided = MEETING | {
        "decision": {
            "outcome": "other-learning",
            "learning_option": "learning-circle",
            "rationale": "x",
        }
    }
    folder = settings_case(tmp_path / "a", local, meeting=decided)
    _, found = findings_of(folder, tmp_path)
    assert "decision.learning_option" not in [f["field"] for f in found]
    folder = settings_case(tmp_path / "b", "name: Test\n", meeting=decided)
    code, found = findings_of(folder, tmp_path)
    assert code == 1
    assert ("value-invalid", "decision.learning_option") in [(f["code"], f["field"]) for f in found]


def test_a_body_s_email_and_a_notice_s_recipients_come_from_the_settings(
    example: Path, tmp_path: Path
) -> None:
    settings = example.parent / "partnership.yaml"
    settings.write_text(
        settings.read_text()
        + "national_bodies:\n  ofsted: {email: cases@ofsted.example.org}\n"
        + "notices:\n  reviewer-appointed: [panel, ofsted]\n"
    )
    result = run("notices", example, "--out", tmp_path, "--today", "2026-11-26")
    assert result.exit_code == 0, result.output
    text = text_of(tmp_path / example.name / "notices" / "reviewer-appointed.docx")
    assert "Child Safeguarding Practice Review Panel; Ofsted\n" in text
    assert "cases@ofsted.example.org" in text
    assert "Department for Education" not in text.split("reviewer appointed")[0]


def test_the_referral_form_s_ethnic_groups_are_the_settings(example: Path, tmp_path: Path) -> None:
    settings = example.parent / "partnership.yaml"
    settings.write_text(
        settings.read_text()
        + "ethnic_groups:\n  - {name: (A) Local group, options: [Local option]}\n"
        + "ethnic_matches:\n  - {words: [white], option: Local option}\n"
    )
    result = run("referral-form", example, "--out", tmp_path, "--today", "2026-11-26")
    assert result.exit_code == 0, result.output
    doc = Document(str(tmp_path / example.name / "referral-form.docx"))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "(A) Local group" in cells
    assert any(c.startswith("\u2612 Local option") for c in cells)
    assert not any("(B) Mixed" in c for c in cells)
